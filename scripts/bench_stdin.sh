#!/usr/bin/env bash
# `apigw match --stdin` at log scale (issue #11): builds apigw (release), generates an
# access-log-like input against the demo account (scripts/gen_stdin_log.py: repeated and
# unique requests, hits and misses, API Gateway JSON access-log lines, CloudWatch exports,
# a few malformed lines), then times, in the same run and on the same input:
#   - apigw --demo match --stdin --json      (one verdict a line)
#   - apigw --demo match --stdin --summary   (counts only)
#   - a trivial Python script that only turns each line into a JSON line
# and prints lines/second for each (median of RUNS runs; output to /dev/null).
#
# usage: scripts/bench_stdin.sh [LINES (500000)] [RUNS (5)]
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
LINES="${1:-500000}"
RUNS="${2:-5}"
cargo build --release --bin apigw >&2
APIGW="$CARGO_TARGET_DIR/release/apigw"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
python3 scripts/gen_stdin_log.py "$LINES" > "$WORK/input.log"
cat > "$WORK/trivial.py" <<'EOF'
import json, sys
w = sys.stdout.write
for line in sys.stdin:
    w(json.dumps({"line": line.rstrip("\n")}) + "\n")
EOF

# "wall cpu" seconds of one run (exit status 2 is expected: the input has malformed lines).
one() {
  /usr/bin/time -f "%e %U %S" -o "$WORK/time" "$@" < "$WORK/input.log" > /dev/null || [ $? -eq 2 ]
  tail -n 1 "$WORK/time" | awk '{printf "%.2f %.2f\n", $1, $2 + $3}'
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A CMDS=(
  [json]="$APIGW --demo match --stdin --json"
  [summary]="$APIGW --demo match --stdin --summary"
  [python]="python3 $WORK/trivial.py"
)
declare -A WALL=() CPU=()
for run in $(seq "$RUNS"); do
  # Interleaved, so a change in machine load hits all three alike.
  for k in python json summary; do
    # shellcheck disable=SC2086
    read -r w c < <(one ${CMDS[$k]})
    WALL[$k]+="$w "
    CPU[$k]+="$c "
  done
done

echo "input: $LINES lines ($(du -h "$WORK/input.log" | cut -f1)), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), median of $RUNS runs"
printf '%-34s %10s %10s %14s\n' "command" "wall s" "cpu s" "lines/s (wall)"
for k in python json summary; do
  w=$(echo "${WALL[$k]}" | tr ' ' '\n' | grep . | median)
  c=$(echo "${CPU[$k]}" | tr ' ' '\n' | grep . | median)
  printf '%-34s %10.2f %10.2f %14.0f\n' "${CMDS[$k]##*/}" "$w" "$c" "$(awk -v n="$LINES" -v t="$w" 'BEGIN {print n / t}')"
done
