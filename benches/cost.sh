#!/usr/bin/env bash
# `archplan cost --users 50`, end to end (process start, embedded data, output).
# Target: median under 5 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/lib.sh
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/archplan
ms=$(median_ms 200 "$bin" cost --users 50)
echo "cost --users 50: median ${ms} ms (target < 5 ms)"
python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 5 else 1)" "$ms" || { echo "over target"; exit 1; }
