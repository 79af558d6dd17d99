#!/bin/sh
# Records each named test's output under qemu-system-aarch64 into expected/NAME.expected:
# the semihosting output, then "[exit N]" with QEMU's exit status (the SYS_EXIT code).
# A test's CPU count comes from a "SMP: N" line in its source (1 by default).
set -e
cd "$(dirname "$0")"
mkdir -p expected
for t in "$@"; do
    smp=$(sed -n 's/.*SMP: \([0-9]*\).*/\1/p' tests/$t.c | head -1)
    ./qemu.sh elf/$t.elf "${smp:-1}" > expected/$t.expected
    echo "$t: $(tail -1 expected/$t.expected)"
done
