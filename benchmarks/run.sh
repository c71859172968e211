#!/usr/bin/env bash
# Runs Teardown's JMH benchmarks and turns the results into docs/perf/ (ratios.md + PNG charts).
#
#   benchmarks/run.sh short   # the whole suite in < 10 minutes on 2 cores (1 fork, 1 warm-up, 3 x 1 s)
#   benchmarks/run.sh full    # the iterations written on each class (3 warm-up, 5 x 1 s), all params
#   benchmarks/run.sh smoke   # one very short iteration of everything: proves each benchmark runs
#
# Extra arguments go to JMH (e.g. a benchmark regexp: benchmarks/run.sh short HandleLookup).
# Builds benchmarks/target/benchmarks.jar first unless TEARDOWN_SKIP_BUILD=1.
set -euo pipefail
mode="${1:-short}"
shift || true
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="${TEARDOWN_BENCH_JAR:-$root/benchmarks/target/benchmarks.jar}"
out="${TEARDOWN_PERF_OUT:-$root/docs/perf}"
mkdir -p "$out"
if [ "${TEARDOWN_SKIP_BUILD:-0}" != 1 ]; then
  (cd "$root" && ./mvnw -B -q package -DskipTests -pl benchmarks -am)
fi
case "$mode" in
  short) opts=(-f 1 -wi 1 -w 1s -i 3 -r 1s -prof gc
               -p open=1000,1000000 -p size=1024,1048576 -p sessions=1,8 -p sockets=1,100,10000) ;;
  full)  opts=(-prof gc) ;;
  smoke) opts=(-f 1 -wi 0 -i 1 -r 100ms -w 100ms
               -p open=1000 -p size=1024 -p sessions=1 -p sockets=1) ;;
  *) echo "usage: $0 short|full|smoke [JMH args...]" >&2; exit 2 ;;
esac
json="$out/jmh-$mode.json"
# Appends the results of JMH JSON file $2 to those of $1 (both arrays, as JMH writes them).
merge_json() {
  local a b
  a=$(cat "$1"); a="${a%]*}"
  b=$(cat "$2"); b="${b#*[}"
  case "$b" in *"{"*) printf '%s,%s\n' "$a" "$b" > "$1" ;; esac
}
if [ "$mode" = short ] && [ $# -eq 0 ]; then
  # The lingering closes are single-shot invocations that each set up and tear down N connections and
  # N threads: with the other benchmarks' 1 + 3 iterations they were half of the short mode's time.
  # They get one warm-up and one measured invocation per N, in the same JSON.
  java -jar "$jar" "${opts[@]}" -e LingeringCloseBenchmark -rf json -rff "$json"
  java -jar "$jar" LingeringCloseBenchmark -f 1 -wi 1 -i 1 -prof gc -p sockets=1,100,10000 \
      -rf json -rff "$out/jmh-$mode-lingering.json"
  merge_json "$json" "$out/jmh-$mode-lingering.json"
  rm -f "$out/jmh-$mode-lingering.json"
else
  java -jar "$jar" "${opts[@]}" -rf json -rff "$json" "$@"
fi
count=1000000
[ "$mode" = smoke ] && count=10000
java -cp "$jar" io.teardown.benchmarks.memory.MemoryFootprint "$count" "$out/memory-$mode.json"
java -cp "$jar" io.teardown.benchmarks.report.PerformanceReport "$json" "$out" "$out/memory-$mode.json"
