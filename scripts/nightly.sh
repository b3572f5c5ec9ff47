#!/usr/bin/env bash
# vitwatt nightly run, for cron or CI (docs/history.md):
#   1. runs every line of a matrix file through benchmarks.jar (JMH JSON + journal per line, in $VITWATT_OUT);
#      a line whose journal is already there (a crashed or killed earlier attempt of this night) is resumed with
#      -Dvitwatt.resume=true, so only what is missing runs; a line that finished is skipped;
#   2. ingests every result into the history database ($VITWATT_DB), tagged with the night ($VITWATT_NIGHT);
#   3. compares the night with the previous night of this device (vitwatt-reports compare, $VITWATT_THRESHOLD);
#   4. writes the report ($VITWATT_OUT/report).
# Exit code: 0 all good; 1 a benchmark line failed (non-zero exit, a JMH <failure>, or no results), or ingest /
# compare / report failed; 2 bad configuration (no matrix, no jar, a bad matrix line); 3 a regression (and
# nothing failed).
#
# usage: scripts/nightly.sh [MATRIX]      MATRIX: $VITWATT_MATRIX, else scripts/nightly-matrix beside this script
#
# Environment (all optional):
#   VITWATT_NIGHT      the night's name and ingest tag             default: today's UTC date, 2026-11-24
#   VITWATT_OUT        where this night's files go                  default: ./vitwatt-nightly/$VITWATT_NIGHT
#   VITWATT_DB         history database: SQLite file or JDBC URL    default: $(dirname $VITWATT_OUT)/history.db
#                      (handed to ingest and compare in their environment, never as an argument: a URL may hold a
#                      password, and every process's arguments are visible to every user through ps)
#   VITWATT_THRESHOLD  regression threshold for latency and energy  default: 5%
#   VITWATT_COMPARE_ARGS  more compare options, e.g. "--metrics latency,energy --accuracy-threshold 1"
#   JAVA               the java command                             default: java
#   JAVA_OPTS          JVM options for benchmarks.jar and the reports (e.g. -Xmx4g -Dvitwatt.models=/models)
#   BENCH_JAR          default: <repo>/jmh-benchmarks/target/benchmarks.jar
#   REPORTS_JAR        default: <repo>/reports/target/vitwatt-reports.jar
#   VITWATT_BENCH      a command run instead of "$JAVA $JAVA_OPTS -jar $BENCH_JAR" (split on spaces); it gets the
#                      line's arguments and -rf json -rff FILE; when resuming, VITWATT_RESUME=true is exported and
#                      -Dvitwatt.resume=true is added to the exported JAVA_OPTS
#   VITWATT_REPORTS    a command run instead of "$JAVA $JAVA_OPTS -jar $REPORTS_JAR" (split on spaces)
set -uo pipefail   # no -e: one failing line must not cost the others

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

say() { printf 'nightly: %s\n' "$*"; }
die() { printf 'nightly: %s\n' "$*" >&2; exit 2; }

matrix="${1:-${VITWATT_MATRIX:-$here/nightly-matrix}}"
JAVA="${JAVA:-java}"
JAVA_OPTS="${JAVA_OPTS:-}"
night="${VITWATT_NIGHT:-$(date -u +%Y-%m-%d)}"
out="${VITWATT_OUT:-$PWD/vitwatt-nightly/$night}"
db="${VITWATT_DB:-$(dirname "$out")/history.db}"
threshold="${VITWATT_THRESHOLD:-5%}"
bench_jar="${BENCH_JAR:-$root/jmh-benchmarks/target/benchmarks.jar}"
reports_jar="${REPORTS_JAR:-$root/reports/target/vitwatt-reports.jar}"

[ -r "$matrix" ] || die "matrix file $matrix: not found or not readable (give it as the first argument or VITWATT_MATRIX; see scripts/nightly-matrix.example)"
[ -n "$night" ] || die "VITWATT_NIGHT is empty"
read -r -a java_cmd <<< "$JAVA"
read -r -a java_opts <<< "$JAVA_OPTS"
if [ -n "${VITWATT_BENCH:-}" ]; then
  read -r -a bench_cmd <<< "$VITWATT_BENCH"
else
  [ -f "$bench_jar" ] || die "benchmarks jar $bench_jar: not found (build it: mvn -o -q install -DskipTests, or set BENCH_JAR)"
  bench_cmd=()
fi
if [ -n "${VITWATT_REPORTS:-}" ]; then
  read -r -a reports_cmd <<< "$VITWATT_REPORTS"
else
  [ -f "$reports_jar" ] || die "reports jar $reports_jar: not found (build it: mvn -o -q -pl reports package, or set REPORTS_JAR)"
  reports_cmd=("${java_cmd[@]}" "${java_opts[@]}" -jar "$reports_jar")
fi
# The commit being measured, for the journal's run record, unless JAVA_OPTS says it already.
git_opt=()
if [[ "$JAVA_OPTS" != *-Dvitwatt.git=* ]] && commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null)"; then
  git_opt=("-Dvitwatt.git=$commit")
fi

mkdir -p "$out" || die "cannot create $out"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$out/.nightly.lock"
  flock -n 9 || die "another nightly run is writing into $out (lock $out/.nightly.lock)"
fi

# ---- 1. the matrix -------------------------------------------------------------------------------------------
lines=()
while IFS= read -r line || [ -n "$line" ]; do
  line="${line%$'\r'}"
  trimmed="${line#"${line%%[![:space:]]*}"}"
  [ -z "$trimmed" ] && continue
  [ "${trimmed:0:1}" = "#" ] && continue
  lines+=("$trimmed")
done < "$matrix"
[ ${#lines[@]} -gt 0 ] || die "matrix file $matrix: no benchmark line (every line is blank or a # comment)"

# Split every line first (like a shell: quotes group words, nothing is expanded), so a bad line stops the night
# before anything runs.
declare -A line_args
for i in "${!lines[@]}"; do
  n=$((i + 1))
  if ! split="$(printf '%s\n' "${lines[$i]}" | xargs -n1 printf '%s\n' 2>&1)"; then
    die "matrix file $matrix, benchmark line $n: cannot split it into arguments ($split): check its quotes"
  fi
  while IFS= read -r a; do
    case "$a" in
      -rf|-rff|-o|-rf=*|-rff=*) die "matrix file $matrix, benchmark line $n: remove $a: the script writes run-$n.json and its journal itself";;
    esac
  done <<< "$split"
  line_args[$n]="$split"
done

failures=()
say "night $night: ${#lines[@]} benchmark line(s) from $matrix into $out"
for i in "${!lines[@]}"; do
  n=$((i + 1))
  line="${lines[$i]}"
  json="$out/run-$n.json"
  journal="$out/run-$n.journal.jsonl"
  argsfile="$out/run-$n.args"
  donefile="$out/run-$n.done"
  log="$out/run-$n.log"
  if [ -f "$argsfile" ] && [ "$(cat "$argsfile")" != "$line" ]; then
    stale="$out/stale-$(date -u +%Y%m%dT%H%M%SZ)-run-$n"
    mkdir -p "$stale"
    mv "$out/run-$n."* "$stale/" 2>/dev/null
    say "line $n changed since the files of run-$n were written: moved them to $stale"
  fi
  if [ -f "$donefile" ] && [ -f "$json" ]; then
    say "line $n: finished earlier tonight, skipped ($json)"
    continue
  fi
  resume=false
  [ -s "$journal" ] && resume=true
  printf '%s\n' "$line" > "$argsfile"
  mapfile -t args <<< "${line_args[$n]}"
  [ -f "$log" ] && mv -f "$log" "$log.prev"
  if $resume; then
    say "line $n: resuming from $journal (only what it lacks runs): $line"
  else
    say "line $n: $line"
  fi
  if [ ${#bench_cmd[@]} -gt 0 ]; then
    resume_opts="$JAVA_OPTS${git_opt[*]:+ ${git_opt[*]}}"
    $resume && resume_opts="$resume_opts -Dvitwatt.resume=true"
    VITWATT_RESUME="$resume" JAVA_OPTS="${resume_opts# }" "${bench_cmd[@]}" "${args[@]}" -rf json -rff "$json" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
  else
    resume_opt=()
    $resume && resume_opt=(-Dvitwatt.resume=true)
    "${java_cmd[@]}" "${java_opts[@]}" "${git_opt[@]}" "${resume_opt[@]}" -jar "$bench_jar" "${args[@]}" \
      -rf json -rff "$json" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
  fi
  bad=""
  [ "$rc" -ne 0 ] && bad="exit code $rc"
  if grep -q '^<failure>' "$log" 2>/dev/null; then
    bad="${bad:+$bad, }$(grep -c '^<failure>' "$log") JMH <failure>(s)"
  fi
  [ -s "$json" ] || bad="${bad:+$bad, }no $json"
  if [ -n "$bad" ]; then
    failures+=("line $n ($bad; log $log)")
    say "line $n FAILED: $bad"
  else
    : > "$donefile"
  fi
done

# ---- 2. ingest -----------------------------------------------------------------------------------------------
inputs=()
for i in "${!lines[@]}"; do
  n=$((i + 1))
  if [ -s "$out/run-$n.json" ]; then
    inputs+=("$out/run-$n.json")
  elif [ -s "$out/run-$n.journal.jsonl" ]; then
    inputs+=("$out/run-$n.journal.jsonl")   # JMH wrote no JSON (crash): what the journal kept
  fi
done
regression=false
if [ ${#inputs[@]} -eq 0 ]; then
  failures+=("no results at all: nothing to ingest, compare or report")
else
  say "ingest ${#inputs[@]} file(s) into the history database (tag $night)"
  VITWATT_DB="$db" "${reports_cmd[@]}" ingest "${inputs[@]}" --tag "$night" -q
  rc=$?
  [ "$rc" -ne 0 ] && failures+=("ingest (exit code $rc)")

  # ---- 3. compare with the previous night of this device -------------------------------------------------------
  candidates=()
  for f in "${inputs[@]}"; do candidates+=(--candidate "$f"); done
  read -r -a compare_extra <<< "${VITWATT_COMPARE_ARGS:-}"
  say "compare with the previous night (threshold $threshold)"
  VITWATT_DB="$db" "${reports_cmd[@]}" compare --baseline previous "${candidates[@]}" --threshold "$threshold" \
    --json="$out/compare.json" "${compare_extra[@]}" | tee "$out/compare.txt"
  rc=${PIPESTATUS[0]}
  case "$rc" in
    0) ;;
    3) regression=true ;;
    *) failures+=("compare (exit code $rc)") ;;
  esac

  # ---- 4. report ---------------------------------------------------------------------------------------------
  say "report into $out/report"
  "${reports_cmd[@]}" report "${inputs[@]}" --out "$out/report" --threshold "$threshold" -q
  rc=$?
  [ "$rc" -ne 0 ] && failures+=("report (exit code $rc)")
fi

if [ ${#failures[@]} -gt 0 ]; then
  say "night $night FAILED: ${failures[*]}$($regression && printf '; and a regression (see %s)' "$out/compare.txt")"
  exit 1
fi
if $regression; then
  say "night $night: REGRESSION (see $out/compare.txt)"
  exit 3
fi
say "night $night: ok"
exit 0
