#!/bin/sh
# Downloads the Debian 12 (bookworm) arm64 guest for the Linux boot tests (LinuxBootTest) and
# `hvlab boot --kernel`: the standard and PREEMPT_RT 6.1 kernels, busybox-static, rt-tests
# (cyclictest, hackbench) and the libraries their binaries load (libc6, libnuma1), all :arm64,
# with apt-get only, into cache/debian-guest/ at the repo root (ignored by git; nothing downloaded
# is ever committed), and unpacks each package into cache/debian-guest/root/.
#
# Idempotent: packages already downloaded are kept; the tree is unpacked again only when a version changed.
# Needs root for `dpkg --add-architecture` and `apt-get update` the first time.
# Result:
#   cache/debian-guest/vmlinuz          the standard kernel (gzip-compressed arm64 Image)
#   cache/debian-guest/vmlinuz-rt       the PREEMPT_RT kernel
#   cache/debian-guest/root/            the unpacked packages (bin/busybox, usr/bin/cyclictest, lib/...)
#   cache/debian-guest/VERSIONS         package name and version of every .deb used
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
dir="$root/cache/debian-guest"
mkdir -p "$dir/deb"

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    dpkg --add-architecture arm64
    apt-get update
fi
. /etc/os-release
if [ "${VERSION_CODENAME:-}" != bookworm ]; then
    echo "fetch-debian-guest: warning: this system is ${PRETTY_NAME:-unknown}, not Debian 12 (bookworm);" \
         "taking the 6.1 kernels its apt sources offer" >&2
fi

# The newest 6.1 ABI the apt sources offer (linux-image-6.1.0-N-arm64-unsigned, N highest).
newest() {
    apt-cache search --names-only "^linux-image-6\.1\.0-[0-9]+-$1-unsigned\$" | cut -d' ' -f1 | sort -V | tail -n 1
}
kernel=$(newest arm64)
kernel_rt=$(newest rt-arm64)
if [ -z "$kernel" ] || [ -z "$kernel_rt" ]; then
    apt-get update
    kernel=$(newest arm64)
    kernel_rt=$(newest rt-arm64)
fi
if [ -z "$kernel" ] || [ -z "$kernel_rt" ]; then
    echo "fetch-debian-guest: no linux-image-6.1.0-*-arm64-unsigned in the apt sources" >&2
    exit 1
fi

packages="$kernel $kernel_rt busybox-static libc6 libnuma1 rt-tests"
cd "$dir/deb"
: > "$dir/VERSIONS.new"
for p in $packages; do
    version=$(apt-cache policy "$p:arm64" | sed -n 's/^ *Candidate: //p')
    # The file name apt-get download writes: the epoch's ':' is encoded as %3a.
    file="${p}_$(echo "$version" | sed 's/:/%3a/')_arm64.deb"
    if [ ! -f "$file" ]; then
        apt-get download "$p:arm64" || { apt-get update && apt-get download "$p:arm64"; }
    fi
    echo "$p $version $file" >> "$dir/VERSIONS.new"
done
if cmp -s "$dir/VERSIONS.new" "$dir/VERSIONS" && [ -f "$dir/vmlinuz" ] && [ -f "$dir/vmlinuz-rt" ] \
        && [ -x "$dir/root/usr/bin/cyclictest" ] && [ -f "$dir/root/lib/hvlab-modules/virtio_console.ko" ]; then
    rm "$dir/VERSIONS.new"
    echo "debian guest up to date in $dir:"
    cat "$dir/VERSIONS"
    exit 0
fi
mv "$dir/VERSIONS.new" "$dir/VERSIONS"

rm -rf "$dir/root"
mkdir -p "$dir/root"
while read -r p version file; do
    dpkg-deb -x "$file" "$dir/root"
done < "$dir/VERSIONS"

abi=${kernel#linux-image-}; abi=${abi%-unsigned}
abi_rt=${kernel_rt#linux-image-}; abi_rt=${abi_rt%-unsigned}
cp "$dir/root/boot/vmlinuz-$abi" "$dir/vmlinuz"
cp "$dir/root/boot/vmlinuz-$abi_rt" "$dir/vmlinuz-rt"
# The kernels' modules are not needed by the initramfs, except the standard kernel's virtio-mmio
# transport and virtio console (modules in Debian's config): a KVM guest's console, hvc0
# (Initramfs loads them when the device tree has a virtio,mmio node). Drop the rest from the tree.
mkdir -p "$dir/root/lib/hvlab-modules"
for m in drivers/virtio/virtio_mmio.ko drivers/char/virtio_console.ko; do
    cp "$dir/root/lib/modules/$abi/kernel/$m" "$dir/root/lib/hvlab-modules/"
done
rm -rf "$dir/root/lib/modules" "$dir/root/usr/lib/modules"
echo "debian guest ready in $dir:"
cat "$dir/VERSIONS"
