#!/usr/bin/env bash
# Speed targets of the capacity/report work, measured on the release binary:
#   archplan sweep --from 1 --to 100000 --all      aim < 200 ms
#   archplan report --format html                  aim < 50 ms
#   (and, for reference, compare alternatives and chart)
#
# Usage: benches/report.sh [path/to/archplan]
# Without an argument it builds the release binary and copies it aside first
# (the target folder may be shared with other builds). Uses hyperfine when
# installed (NO_HYPERFINE=1 to skip it), else the median of 20 runs timed with
# date(1). Exits 1 if a target is missed.
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${1:-}"
if [[ -z "$bin" ]]; then
  cargo build --release --quiet
  target="${CARGO_TARGET_DIR:-target}"
  bin="$(mktemp -d)/archplan"
  cp "$target/release/archplan" "$bin"
fi

fail=0
# run NAME LIMIT_MS COMMAND…: median wall time of the command, output discarded.
run() {
  local name="$1" limit="$2"
  shift 2
  local ms
  if [[ -z "${NO_HYPERFINE:-}" ]] && command -v hyperfine >/dev/null; then
    local json
    json="$(mktemp)"
    hyperfine --warmup 3 --runs 20 --style none --export-json "$json" -- "$(printf '%q ' "$@") > /dev/null" >/dev/null 2>&1
    ms="$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(round(r["median"]*1000, 1))' "$json")"
    rm -f "$json"
  else
    local times=()
    for _ in $(seq 20); do
      local t0 t1
      t0=$(date +%s%N); "$@" > /dev/null; t1=$(date +%s%N)
      times+=($(( (t1 - t0) / 100000 )))
    done
    ms="$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/10}')"
  fi
  local verdict="ok"
  if [[ -n "$limit" ]] && awk -v m="$ms" -v l="$limit" 'BEGIN {exit !(m >= l)}'; then
    verdict="OVER (target < ${limit} ms)"
    fail=1
  fi
  printf '%-52s %8s ms   %s\n' "$name" "$ms" "$verdict"
}

run "sweep --from 1 --to 100000 --all (CSV)" 200 "$bin" sweep --from 1 --to 100000 --all
run "sweep --from 1 --to 100000 --all --format json" "" "$bin" sweep --from 1 --to 100000 --all --format json
run "report --format html" 50 "$bin" report --format html
run "report (markdown)" 50 "$bin" report
run "compare alternatives" "" "$bin" compare alternatives
run "chart" "" "$bin" chart
exit "$fail"
