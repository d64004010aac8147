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

# Wall-clock seconds of one run (exit status 2 is expected: the input has malformed lines).
one() {
  local start end
  start=$(date +%s.%N)
  "$@" < "$WORK/input.log" > /dev/null || [ $? -eq 2 ]
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A CMDS=(
  [json]="$APIGW --demo match --stdin --json"
  [summary]="$APIGW --demo match --stdin --summary"
  [python]="python3 $WORK/trivial.py"
)
declare -A TIMES=()
for run in $(seq "$RUNS"); do
  # Interleaved, so a change in machine load hits all three alike.
  for k in python json summary; do
    # shellcheck disable=SC2086
    TIMES[$k]+="$(one ${CMDS[$k]}) "
  done
done

echo "input: $LINES lines ($(du -h "$WORK/input.log" | cut -f1)), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-34s %10s %14s\n' "command" "median s" "lines/s"
for k in python json summary; do
  m=$(echo "${TIMES[$k]}" | tr ' ' '\n' | grep . | median)
  printf '%-34s %10.2f %14.0f\n' "${CMDS[$k]##*/}" "$m" "$(echo "$LINES / $m" | bc -l)"
done
