#!/bin/sh
# Runs one test ELF on qemu-system-aarch64 (virt with EL3 and EL2, GICv3, Cortex-A72): prints its
# semihosting output, then "[exit N]".
elf=$1
smp=${2:-1}
out=$(timeout 20 qemu-system-aarch64 -M virt,secure=on,virtualization=on,gic-version=3 -cpu cortex-a72 \
    -smp "$smp" -m 512 -display none -monitor none -serial null -net none -semihosting -kernel "$elf" 2>&1)
rc=$?
printf '%s\n[exit %d]\n' "$out" "$rc"
