#!/usr/bin/env bash
# Runs the benchmark guest program (benchmarks/src/main/guest/workload.c, committed prebuilt) under
# hvlab's user mode and under qemu-aarch64 -cpu cortex-a72, alternating the two RUNS times so both
# see the same machine load, and prints wall times and MIPS. hvlab reports the guest instruction
# count; qemu's MIPS is that count over qemu's wall time (the same program and input retire the
# same instructions). Both outputs must agree, or the script fails.
#
#   scripts/bench-vs-qemu.sh [ITERATIONS [RUNS]]     defaults: 3000 rounds (about 5.2e9 instructions), 3 runs
#
# HVLAB_USER overrides the hvlab command (it gets PROGRAM ITERATIONS appended), e.g.
# HVLAB_USER="./hvlab user"; the default calls user mode through dev.hvlab.bench.RunUser, which
# also prints the instruction count and the time spent in the interpreter alone.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
iterations="${1:-3000}"
runs="${2:-3}"
prog="benchmarks/src/main/resources/guest/workload"
jar="benchmarks/target/benchmarks.jar"
qemu=(qemu-aarch64 -cpu cortex-a72)
runuser=(java -cp "$jar" dev.hvlab.bench.RunUser)

command -v qemu-aarch64 >/dev/null || { echo "qemu-aarch64 not installed (apt-get install qemu-user)" >&2; exit 2; }
if [[ ! -f "$jar" ]]; then
    echo "building $jar ..." >&2
    mvn -B -q -pl benchmarks -am package -DskipTests >&2
fi
if [[ -n "${HVLAB_USER:-}" ]]; then
    read -r -a hvlab <<<"$HVLAB_USER"
else
    hvlab=("${runuser[@]}")
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

now() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }

echo "host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(java -version 2>&1 | head -1)"
echo "qemu: $(qemu-aarch64 --version | head -1)"
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)  date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "program: $prog $iterations"

# The instruction count, from one run of RunUser (also a warm file cache for both).
"${runuser[@]}" "$prog" "$iterations" >"$tmp/count.out" 2>"$tmp/count.err"
insns="$(sed -n 's/.*instructions \([0-9]*\).*/\1/p' "$tmp/count.err")"
[[ -n "$insns" ]] || { cat "$tmp/count.err" >&2; echo "no instruction count from RunUser" >&2; exit 1; }
echo "guest instructions: $insns"
echo
printf '%-4s %9s %9s %12s %10s %11s %15s\n' run qemu_s hvlab_s hvlab_run_s qemu_MIPS hvlab_MIPS hvlab_run_MIPS
for ((r = 1; r <= runs; r++)); do
    t0="$(now)"; "${qemu[@]}" "$prog" "$iterations" >"$tmp/qemu.out"; t1="$(now)"
    t2="$(now)"; "${hvlab[@]}" "$prog" "$iterations" >"$tmp/hvlab.out" 2>"$tmp/hvlab.err"; t3="$(now)"
    if ! cmp -s "$tmp/qemu.out" "$tmp/hvlab.out"; then
        echo "outputs differ: qemu: $(cat "$tmp/qemu.out") hvlab: $(cat "$tmp/hvlab.out")" >&2
        exit 1
    fi
    qs="$(secs "$t0" "$t1")"; hs="$(secs "$t2" "$t3")"
    inner="$(sed -n 's/.* run_s \([0-9.]*\).*/\1/p' "$tmp/hvlab.err")"
    innermips="$(sed -n 's/.* mips \([0-9.]*\).*/\1/p' "$tmp/hvlab.err")"
    printf '%-4s %9s %9s %12s %10.0f %11.1f %15s\n' "$r" "$qs" "$hs" "${inner:--}" \
        "$(awk -v n="$insns" -v s="$qs" 'BEGIN { print n / s / 1e6 }')" \
        "$(awk -v n="$insns" -v s="$hs" 'BEGIN { print n / s / 1e6 }')" "${innermips:--}"
done
echo
echo "output (identical for both): $(cat "$tmp/qemu.out")"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "hvlab_s: the whole process (JVM start, ELF load, run); hvlab_run_s: the interpreter alone (RunUser only)."
echo "MIPS = guest instructions / time; qemu's uses hvlab's count for the same program and input."
echo "interpreter CPU time of the instruction-count run: $(sed -n 's/.*cpu_s \([0-9.]*\) cpu_mips \([0-9.]*\).*/\1 s, \2 MIPS/p' "$tmp/count.err")"
