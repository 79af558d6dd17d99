#!/usr/bin/env bash
# Boot time of Debian 12's arm64 kernel to the initramfs marker ("hvlab-linux: init ready"):
# hvlab (imx8qm with 6 and 2 CPUs, virt-compat with 2) against qemu-system-aarch64 -M virt -cpu cortex-a72
# -smp 2, same kernel and initramfs, alternating RUNS times so all see the same machine load.
# Host wall time is measured from process start (JVM start-up included) to the marker line on the
# console; the guest then powers off at once, and hvlab's summary gives the instructions retired
# up to the power-off (the marker plus one `poweroff -f`).
#
#   scripts/bench-linux-boot.sh [RUNS]        default 3; needs scripts/fetch-debian-guest.sh first
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
runs="${1:-3}"
guest=cache/debian-guest
[[ -f $guest/vmlinuz ]] || { echo "run scripts/fetch-debian-guest.sh first" >&2; exit 2; }
command -v qemu-system-aarch64 >/dev/null || { echo "qemu-system-aarch64 not installed (apt-get install qemu-system-arm)" >&2; exit 2; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
scripts/make-initramfs.sh "$tmp/initrd.cpio.gz" ':'

# Runs the command, prints "<seconds to marker> <last stderr line>".
to_marker() {
    python3 - "$@" <<'PY'
import subprocess, sys, time
start = time.monotonic()
p = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
marker = None
for line in p.stdout:
    if marker is None and b"hvlab-linux: init ready" in line:
        marker = time.monotonic() - start
err = p.stderr.read().decode(errors="replace").strip().splitlines()
p.wait()
print("%s %s" % ("%.2f" % marker if marker is not None else "no-marker", err[-1] if err else ""))
PY
}

java -jar cli/target/hvlab.jar info >/dev/null 2>&1 || ./hvlab info >/dev/null
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 1; i <= runs; i++)); do
    echo "run $i"
    echo "  hvlab imx8qm -smp 6:  $(to_marker java -jar cli/target/hvlab.jar boot --board imx8qm \
        --kernel $guest/vmlinuz --initrd "$tmp/initrd.cpio.gz" --append 'earlycon console=ttyLP0' --max-time 20s)"
    echo "  hvlab imx8qm -smp 2:  $(to_marker java -jar cli/target/hvlab.jar boot --board imx8qm --cpus 2 \
        --kernel $guest/vmlinuz --initrd "$tmp/initrd.cpio.gz" --append 'earlycon console=ttyLP0' --max-time 20s)"
    echo "  hvlab virt-compat -smp 2: $(to_marker java -jar cli/target/hvlab.jar boot --board virt-compat \
        --kernel $guest/vmlinuz --initrd "$tmp/initrd.cpio.gz" --append 'earlycon console=ttyAMA0' --max-time 20s)"
    echo "  qemu virt -smp 2:     $(to_marker qemu-system-aarch64 -M virt -cpu cortex-a72 -smp 2 -m 2048 \
        -nographic -net none -no-reboot -kernel $guest/vmlinuz -initrd "$tmp/initrd.cpio.gz" \
        -append 'earlycon console=ttyAMA0')"
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
