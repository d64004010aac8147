#!/usr/bin/env bash
# Load benchmark (issue #5): builds apigw (release), installs moto if needed, seeds a large
# account in moto and compares `apigw snapshot` with a sequential boto3 crawl.
# Writes the table to ${1:-bench_load.md}.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --release --bin apigw
MOTO_SERVER="$(python3 scripts/ensure_moto.py)"
PY="$(dirname "$MOTO_SERVER")/python"
"$PY" scripts/bench_load.py --apigw "$CARGO_TARGET_DIR/release/apigw" --out "${1:-bench_load.md}" "${@:2}"
