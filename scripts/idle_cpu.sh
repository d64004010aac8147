#!/usr/bin/env bash
# Idle CPU of the TUI: starts `apigw --snapshot FILE` in a detached tmux session (200×50),
# waits until the inventory is on screen, lets it settle, then reads utime+stime of the
# process from /proc/<pid>/stat at the start and the end of SECONDS of idle (no key
# pressed) and prints the share of one core it used.
#
#   cargo run --release --example synth_snapshot -- /tmp/large.json
#   scripts/idle_cpu.sh target/release/apigw /tmp/large.json 60
set -euo pipefail
bin=${1:?usage: idle_cpu.sh APIGW_BINARY SNAPSHOT [SECONDS]}
snap=${2:?usage: idle_cpu.sh APIGW_BINARY SNAPSHOT [SECONDS]}
secs=${3:-60}
session="apigw-idle-$$"
tmux new-session -d -s "$session" -x 200 -y 50 "exec $bin --snapshot $snap"
trap 'tmux kill-session -t "$session" 2>/dev/null || true' EXIT
pid=""
for _ in $(seq 1 100); do
  pid=$(tmux list-panes -t "$session" -F '#{pane_pid}' 2>/dev/null || true)
  if [ -n "$pid" ] && tmux capture-pane -p -t "$session" | grep -q "APIs ("; then break; fi
  sleep 0.2
done
[ -n "$pid" ] || { echo "apigw did not start" >&2; exit 1; }
sleep 5 # let the first load and frames finish
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
t0=$(ticks); s0=$(date +%s.%N)
sleep "$secs"
t1=$(ticks); s1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s0="$s0" -v s1="$s1" 'BEGIN {
  cpu = (b - a) / hz; wall = s1 - s0;
  printf "cpu %.3f s over %.1f s idle = %.3f%% of one core\n", cpu, wall, 100 * cpu / wall }'
