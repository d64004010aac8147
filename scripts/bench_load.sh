#!/usr/bin/env bash
# Load benchmark (issue #5): builds apigw (release), installs moto if needed, seeds a large
# account in moto and compares `apigw snapshot` with a sequential boto3 crawl: on moto as
# is, then through a proxy emulating API Gateway's account quotas (GetResources 5 per 2 s,
# 10/s burst 40 overall, 429 TooManyRequestsException) at 60 and 150 ms per request
# (scripts/bench_proxy.py). About 12 minutes. Writes the table to ${1:-bench_load.md};
# further arguments go to bench_load.py (e.g. --runs 1 --latencies 60 --quota-only).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --release --bin apigw
MOTO_SERVER="$(python3 scripts/ensure_moto.py)"
PY="$(dirname "$MOTO_SERVER")/python"
"$PY" scripts/bench_load.py --apigw "$CARGO_TARGET_DIR/release/apigw" --out "${1:-bench_load.md}" "${@:2}"
