#!/usr/bin/env bash
# `archplan render terraform`, end to end: process start, embedded profiles and
# templates, cost engine, rendering, hashing and writing the module.
#   - fresh:  into an empty folder (every file created, fsync'd and renamed);
#   - again:  over its own unchanged module (read, hash, nothing written);
# for the smallest (current, 50 users) and the largest (all-aws, 500) module.
# Target: median under 10 ms each. Uses hyperfine when installed
# (apt-get install hyperfine), else a timing loop.
#
#   benches/render.sh              # ARCHPLAN_BIN=… to time a built binary
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET_MS=10
RUNS=${RUNS:-200}
BIN=${ARCHPLAN_BIN:-}
if [ -z "$BIN" ]; then
  cargo build --release --quiet
  BIN="${CARGO_TARGET_DIR:-target}/release/archplan"
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp "$BIN" "$WORK/archplan"   # a shared target folder may be rebuilt meanwhile
BIN="$WORK/archplan"

# Median wall time in ms of RUNS runs of a command, each after PREPARE.
median_ms() {
  local prepare=$1; shift
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N --style none --runs "$RUNS" --warmup 5 --prepare "$prepare" \
      --export-json "$WORK/h.json" -- "$*" >/dev/null
    python3 -c "import json,sys; print(round(json.load(open(sys.argv[1]))['results'][0]['median']*1000, 2))" "$WORK/h.json"
  else
    local times=() start end
    for _ in $(seq "$RUNS"); do
      eval "$prepare"
      start=$(date +%s%N); "$@" >/dev/null; end=$(date +%s%N)
      times+=($(( (end - start) / 1000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | python3 -c "import sys; v=[int(l) for l in sys.stdin]; print(round(v[len(v)//2]/1000, 2))"
  fi
}

status=0
for case in "current 50" "all-aws 500"; do
  set -- $case
  out="$WORK/$1-$2"
  cmd=("$BIN" render terraform --profile "$1" --users "$2" --out "$out")
  fresh=$(median_ms "rm -rf $out" "${cmd[@]}")
  "${cmd[@]}" >/dev/null 2>&1
  again=$(median_ms "true" "${cmd[@]}")
  files=$(ls "$out" | wc -l)
  echo "render terraform --profile $1 --users $2 ($files files): fresh ${fresh} ms, again ${again} ms (target < ${TARGET_MS} ms)"
  python3 -c "import sys; sys.exit(0 if max(map(float, sys.argv[1:])) < $TARGET_MS else 1)" "$fresh" "$again" || { echo "over target"; status=1; }
done
exit $status
