#!/usr/bin/env bash
# Checks that a change to the approximate timing model leaves every simulated figure unchanged and
# measures its speed: builds the benchmarks jar of BEFORE (a commit) and of the work tree, compares
# the full statistics and quantum lengths of both subjects on both core types
# (dev.hvlab.bench.TimingStats, INSTRUCTIONS per run), then runs the A/B speed harness
# (dev.hvlab.bench.TimingAB, ROUNDS rounds) with both jars in one JVM. Fails if any figure differs.
#
#   scripts/timing-ab.sh BEFORE [ROUNDS [INSTRUCTIONS]]     defaults: 15 rounds, 50 M instructions
#
# Jars and outputs go to target/timing-ab/ (the BEFORE build in target/timing-ab/before-src).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
before="${1:?usage: scripts/timing-ab.sh BEFORE-COMMIT [ROUNDS [INSTRUCTIONS]]}"
rounds="${2:-15}"
instructions="${3:-50000000}"
out="target/timing-ab"
mkdir -p "$out"

rm -rf "$out/before-src"
mkdir -p "$out/before-src"
git archive "$before" | tar -x -C "$out/before-src"
(cd "$out/before-src" && mvn -B -q -o -pl benchmarks -am package -DskipTests)
cp "$out/before-src/benchmarks/target/benchmarks.jar" "$out/before.jar"
mvn -B -q -o -pl benchmarks -am package -DskipTests
cp benchmarks/target/benchmarks.jar "$out/after.jar"

# TimingStats comes from the work tree's jar (older commits lack it); everything else from each jar.
rm -rf "$out/statsonly"
mkdir -p "$out/statsonly"
unzip -o -q -d "$out/statsonly" "$out/after.jar" 'dev/hvlab/bench/TimingStats.class'
stats() {
    java -cp "$out/statsonly:$1" dev.hvlab.bench.TimingStats "$instructions"
}
stats "$out/before.jar" > "$out/before-stats.txt"
stats "$out/after.jar" > "$out/after-stats.txt"
if ! cmp -s "$out/before-stats.txt" "$out/after-stats.txt"; then
    echo "statistics differ: diff $out/before-stats.txt $out/after-stats.txt" >&2
    exit 1
fi
echo "statistics identical ($(wc -c < "$out/after-stats.txt") bytes, $instructions instructions per subject and core)"
uptime
java -cp "$out/after.jar" dev.hvlab.bench.TimingAB "$rounds" "$out/before.jar" "$out/after.jar"
uptime
