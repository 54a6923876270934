#!/usr/bin/env bash
# `archplan check` over every shipped profile and tier, end to end.
# Target: median under 20 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/lib.sh
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/archplan
# With the shipped budget check exits 1 (some tiers are over), which the timer
# would take for a failure: time it against a budget everything fits.
direct=$(median_ms 100 "$bin" check --budget tests/fixtures/roomy-budget.yaml)
echo "check (4 profiles x 4 tiers): median ${direct} ms (target < 20 ms)"
python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 20 else 1)" "$direct" || { echo "over target"; exit 1; }
