#!/bin/sh
# Downloads real AArch64 code for the disassembler comparison test (DisassemblerCorpusTest):
# busybox-static:arm64 from Debian, unpacked into cache/disasm-corpus/ at the repo root (ignored
# by git; the packages are never committed). Needs root for dpkg/apt-get update.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
dir="$root/cache/disasm-corpus"
mkdir -p "$dir/deb"
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    dpkg --add-architecture arm64
    apt-get update
fi
cd "$dir/deb"
if ! ls busybox-static_*_arm64.deb >/dev/null 2>&1; then
    apt-get download busybox-static:arm64 || { apt-get update && apt-get download busybox-static:arm64; }
fi
rm -rf "$dir/x"
mkdir -p "$dir/x"
dpkg-deb -x busybox-static_*_arm64.deb "$dir/x"
cp "$dir/x/bin/busybox" "$dir/busybox"
rm -rf "$dir/x"
file "$dir/busybox" 2>/dev/null || true
echo "corpus ready: $dir/busybox"
