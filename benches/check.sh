#!/usr/bin/env bash
# `archplan check` over every shipped profile and tier, end to end.
# Target: median under 20 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/lib.sh
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/archplan
# Against a budget every tier fits: only self-hosted at 500 users (no tier
# holds them) and the review's drawing (it does not run, each fix priced)
# fail, so check exits 1, its verdict, which is not a failed run.
direct=$(MEDIAN_ANY_STATUS=1 median_ms 100 "$bin" check --budget tests/fixtures/roomy-budget.yaml)
echo "check (5 profiles x 4 tiers): median ${direct} ms (target < 20 ms)"
python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 20 else 1)" "$direct" || { echo "over target"; exit 1; }
