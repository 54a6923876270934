#!/usr/bin/env bash
# Benchmark of `archplan pricing import`: generates a synthetic AmazonRDS bulk
# offer file of SIZE_MB megabytes (default 1100) in the real format, imports
# it (dry run, so the catalog is untouched) and extracts the same SKUs with jq
# from the same file. Reports throughput (MB/s) and peak memory (max RSS,
# from /usr/bin/time -v) of both.
#
#   benches/import.sh                 # 1.1 GB file in a temporary folder
#   SIZE_MB=300 BENCH_DIR=/tmp/b benches/import.sh
#
# Targets: >= 300 MB/s, peak RSS <= 100 MB, >= 10x faster than jq.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${SIZE_MB:-1100}
WORK=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$WORK"
TARGET=${CARGO_TARGET_DIR:-target}

if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time (apt-get install time)" >&2
  apt-get install -y time >/dev/null
fi
command -v jq >/dev/null || { echo "installing jq" >&2; apt-get install -y jq >/dev/null; }

cargo build --release --quiet --bin archplan --example gen_offer
BIN="$TARGET/release/archplan"
GEN="$TARGET/release/examples/gen_offer"

OFFER="$WORK/index.json"
echo "generating $SIZE_MB MB offer file in $WORK ..." >&2
"$GEN" "$OFFER" "$SIZE_MB" pricing-data "$WORK/skus.txt"
BYTES=$(stat -c %s "$OFFER")
rm -rf "$WORK/catalog" && cp -r pricing-data "$WORK/catalog"

# Warm the page cache for both readers alike.
cat "$OFFER" > /dev/null

measure() { # name, output file, command...
  local name=$1 out=$2; shift 2
  /usr/bin/time -v "$@" > "$out" 2> "$WORK/$name.time"
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/$name.time" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/$name.time")
  echo "$name $wall $rss"
}

read -r _ A_WALL A_RSS < <(measure archplan "$WORK/import.json" \
  env ARCHPLAN_TODAY=2026-11-25 "$BIN" pricing import --offer-file "$OFFER" --pricing "$WORK/catalog" --dry-run --format json)

SKUS_JSON=$(jq -R . "$WORK/skus.txt" | jq -s -c .)
read -r _ J_WALL J_RSS < <(measure jq "$WORK/jq.json" \
  jq -c --argjson skus "$SKUS_JSON" '.terms.OnDemand as $od | [$skus[] | {sku: ., price: ($od[.][] | .priceDimensions[] | .pricePerUnit.USD)}]' "$OFFER")

# Both found the same SKUs.
A_SKUS=$(jq -r '[.entries[].skus[]] | sort | join(",")' "$WORK/import.json")
J_SKUS=$(jq -r '[.[].sku] | sort | join(",")' "$WORK/jq.json")
[ "$A_SKUS" = "$J_SKUS" ] || { echo "SKU mismatch: archplan=$A_SKUS jq=$J_SKUS" >&2; exit 1; }

python3 - "$BYTES" "$A_WALL" "$A_RSS" "$J_WALL" "$J_RSS" "$(wc -l < "$WORK/skus.txt")" <<'PY'
import sys
b, aw, ar, jw, jr, n = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
mb = b / 1e6
a_tp, j_tp = mb / max(aw, 1e-9), mb / max(jw, 1e-9)
print(f"offer file: {mb:,.0f} MB, {n} catalog SKUs (same SKUs found by both)")
print(f"{'':10} {'seconds':>8} {'MB/s':>8} {'peak RSS':>10}")
print(f"{'archplan':10} {aw:8.2f} {a_tp:8.0f} {ar/1024:8.1f} MB")
print(f"{'jq':10} {jw:8.2f} {j_tp:8.0f} {jr/1024:8.1f} MB")
print(f"speed-up over jq: {jw/max(aw,1e-9):.1f}x")
ok = a_tp >= 300 and ar / 1024 <= 100 and jw / max(aw, 1e-9) >= 10
print("targets (>= 300 MB/s, <= 100 MB, >= 10x jq):", "met" if ok else "NOT met")
PY
[ -n "${BENCH_DIR:-}" ] || rm -rf "$WORK"
