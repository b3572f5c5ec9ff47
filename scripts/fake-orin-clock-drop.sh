#!/usr/bin/env bash
# A GPU clock that drops in the middle of measurement iteration 2 of 3, end to end on a fake Jetson AGX Orin tree:
# benchmarks.jar (-prof energy:sysfs=<tree>) measures deit_tiny while this script lowers the fake GPU devfreq
# cur_freq from 1300.5 MHz to 612 MHz one second into iteration 2 and puts it back when iteration 3 starts; then
# vitwatt-reports.jar writes its report and compares the run with itself. docs/power.md ("A clock drop, end to end")
# shows what it printed.
#
#   mvn -o install -DskipTests    # benchmarks.jar, vitwatt-reports.jar and the power-readers test classes
#   scripts/fake-orin-clock-drop.sh [WORKDIR]   # default /tmp/vitwatt-orin-drop
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/vitwatt-orin-drop}
rm -rf "$work"
mkdir -p "$work"
sys=$work/sys

# the fake tree, laid out by the power-readers tests' JetsonTrees.orin (devfreq, cpufreq, EMC, thermal, INA3221)
cat > "$work/tree.jsh" <<EOF
org.vitwatt.power.JetsonTrees.orin(java.nio.file.Path.of("$sys"));
/exit
EOF
jshell --class-path "$root/power-readers/target/test-classes:$root/power-readers/target/classes" "$work/tree.jsh"
clock=$sys/class/devfreq/17000000.ga10b/cur_freq

# benchmarks.jar's stdout goes through a watcher that sees JMH's "Iteration   N: " as soon as it is printed (before
# the iteration's result ends the line) and rewrites the clock file in place, as the devfreq driver's file changes;
# -Djmh.ignoreLock: other JMH runs may share this machine
java -Djmh.ignoreLock=true -Dvitwatt.cache="$work/cache" -jar "$root/jmh-benchmarks/target/benchmarks.jar" Inference \
    -p model=deit_tiny -p dataset=synthetic -p threads=1 -wi 1 -w 2s -i 3 -r 3s -f 1 \
    -prof "energy:sysfs=$sys;idleSeconds=1" -rf json -rff "$work/result.json" 2> "$work/stderr.txt" |
    python3 -u -c '
import sys, threading, time
clock = sys.argv[1]
def write(v):
    with open(clock, "r+") as f:
        f.write(v + "\n")
seen = ""
while True:
    c = sys.stdin.read(1)
    if not c:
        break
    sys.stdout.write(c)
    seen = (seen + c)[-16:]
    if seen.endswith("\nIteration   2: "):
        threading.Timer(1.0, write, ["612000000"]).start()
    elif seen.endswith("\nIteration   3: "):
        write("1300500000")
' "$clock" | tee "$work/stdout.txt"
echo "--- stderr of benchmarks.jar"
cat "$work/stderr.txt"
echo "--- report"
java -jar "$root/reports/target/vitwatt-reports.jar" report "$work/result.json" --out "$work/report"
echo "--- compare (the run with itself)"
java -jar "$root/reports/target/vitwatt-reports.jar" compare --baseline "$work/result.json" \
    --candidate "$work/result.json" || true
