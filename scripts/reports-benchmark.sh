#!/usr/bin/env bash
# How long `vitwatt-reports report` takes on N results shaped like a real -prof energy result (about 24 KB of JMH
# JSON each), against a bare parse of the same file by Python's json.load in the same run (docs/reports.md,
# Performance). For each N: generates the file once (reports' test-scope EnergyResults), then REPEATS times runs the
# bare parse and a cold `java -jar vitwatt-reports.jar report FILE` writing every output (md, csv, json, html, plots),
# each under /usr/bin/time, and prints the best (lowest) wall time, CPU time (user + sys) and peak RSS of each.
#
# usage: scripts/reports-benchmark.sh [N ...]            default: 1000 10000 50000
#
# Environment (all optional):
#   REPORTS_JAR   the jar to measure                       default: <repo>/reports/target/vitwatt-reports.jar
#   JAVA          the java command                         default: java
#   JAVA_OPTS     JVM options of the measured run           default: none (what a user types)
#   PYTHON        the python command                       default: python3
#   REPEATS       runs of each command per N               default: 3
#   WORK          where inputs and outputs go              default: ${TMPDIR:-/tmp}/vitwatt-reports-benchmark
#
# Build first: mvn -B -o -pl reports -am package -DskipTests && mvn -B -o -pl reports test-compile
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="${REPORTS_JAR:-$root/reports/target/vitwatt-reports.jar}"
classes="$root/reports/target/test-classes"
JAVA="${JAVA:-java}"
PYTHON="${PYTHON:-python3}"
repeats="${REPEATS:-3}"
work="${WORK:-${TMPDIR:-/tmp}/vitwatt-reports-benchmark}"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 50000)
read -r -a java_opts <<< "${JAVA_OPTS:-}"

die() { printf 'reports-benchmark: %s\n' "$*" >&2; exit 2; }
[ -f "$jar" ] || die "$jar: not found (build it: mvn -B -o -pl reports -am package -DskipTests)"
[ -f "$classes/org/vitwatt/reports/perf/EnergyResults.class" ] \
  || die "$classes: no EnergyResults (build it: mvn -B -o -pl reports test-compile)"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time)"
command -v "$PYTHON" >/dev/null || die "$PYTHON: not found"
mkdir -p "$work"

# best (lowest) of each column over the runs of one command: wall s, user+sys s, max RSS KiB
measure() {
  local label="$1"; shift
  local best_wall="" best_cpu="" best_rss=""
  for ((r = 1; r <= repeats; r++)); do
    /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" > "$work/$label.out" 2> "$work/$label.err" \
      || die "$label failed (exit $?): $(tail -3 "$work/$label.err")"
    read -r wall user sys rss < "$work/time.txt"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    if [ -z "$best_wall" ] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then best_wall="$wall"; fi
    if [ -z "$best_cpu" ] || awk -v a="$cpu" -v b="$best_cpu" 'BEGIN { exit !(a < b) }'; then best_cpu="$cpu"; fi
    if [ -z "$best_rss" ] || [ "$rss" -lt "$best_rss" ]; then best_rss="$rss"; fi
  done
  printf '%s %s %s\n' "$best_wall" "$best_cpu" "$best_rss"
}

printf 'machine: %s, %s CPU(s); load average %s; best of %s runs\n' \
  "$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$repeats"
printf 'jar: %s\n\n' "$jar"
printf '%8s %9s | %-24s | %-24s | %11s %10s\n' "results" "JSON MB" "json.load: wall cpu RSS" \
  "report: wall cpu RSS" "wall ratio" "cpu ratio"
for n in "${sizes[@]}"; do
  input="$work/results-$n.json"
  if [ ! -s "$input" ]; then
    "$JAVA" -cp "$classes:$jar" org.vitwatt.reports.perf.EnergyResults "$n" "$input" > /dev/null
  fi
  mb=$(awk -v b="$(stat -L -c %s "$input")" 'BEGIN { printf "%.1f", b / 1e6 }')
  read -r pw pc pr <<< "$(measure python "$PYTHON" -c 'import json, sys; json.load(open(sys.argv[1]))' "$input")"
  rm -rf "$work/report-$n"
  read -r jw jc jr <<< "$(measure report "$JAVA" "${java_opts[@]}" -jar "$jar" report "$input" --out "$work/report-$n" -q)"
  printf '%8d %9s | %6ss %6ss %7s MiB | %6ss %6ss %7s MiB | %10s %10s\n' "$n" "$mb" "$pw" "$pc" "$((pr / 1024))" \
    "$jw" "$jc" "$((jr / 1024))" "$(awk -v a="$jw" -v b="$pw" 'BEGIN { printf "%.2f", a / b }')" \
    "$(awk -v a="$jc" -v b="$pc" 'BEGIN { printf "%.2f", a / b }')"
done
