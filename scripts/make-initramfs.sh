#!/bin/sh
# Builds an initramfs for `hvlab boot --kernel cache/debian-guest/vmlinuz --initrd FILE`, from the
# Debian packages scripts/fetch-debian-guest.sh unpacked (dev.hvlab.board.imx8qm.linux.Initramfs):
#   scripts/make-initramfs.sh OUT.cpio.gz                 interactive shell on the console
#   scripts/make-initramfs.sh OUT.cpio.gz 'nproc' 'cyclictest -m -p95 -i100 -l1000 -q'
#                                                         runs the commands, then powers off
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 1 ] || { echo "usage: $0 OUT.cpio.gz [COMMAND...]" >&2; exit 2; }
[ -d "$root/cache/debian-guest/root" ] || { echo "$0: run scripts/fetch-debian-guest.sh first" >&2; exit 1; }
"$root/hvlab" --version >/dev/null   # builds cli/target/hvlab.jar when it is stale
out=$1
shift
exec java -cp "$root/cli/target/hvlab.jar" dev.hvlab.board.imx8qm.linux.Initramfs "$root/cache/debian-guest/root" "$out" "$@"
