# Shared by the benchmark scripts: median wall time of a command, in ms.
# Uses hyperfine when present; otherwise times N runs with date +%s%N.
# MEDIAN_ANY_STATUS=1: a non-zero exit status is the command's answer (the
# budget gate's verdict), not a failure of the run.
median_ms() {
  local runs=$1; shift
  local ignore=()
  [[ -n "${MEDIAN_ANY_STATUS:-}" ]] && ignore=(--ignore-failure)
  if command -v hyperfine >/dev/null 2>&1; then
    local out
    out=$(mktemp)
    hyperfine -N "${ignore[@]}" --warmup 10 --runs "$runs" --export-json "$out" -- "$*" >/dev/null 2>&1 \
      || hyperfine --shell=none "${ignore[@]}" --warmup 10 --runs "$runs" --export-json "$out" -- "$*" >/dev/null
    python3 -c "import json,sys; print('%.2f' % (json.load(open(sys.argv[1]))['results'][0]['median']*1000))" "$out"
    rm -f "$out"
  else
    local times=() i start end
    for ((i = 0; i < runs; i++)); do
      start=$(date +%s%N); "$@" >/dev/null || [[ -n "${MEDIAN_ANY_STATUS:-}" ]]; end=$(date +%s%N)
      times+=($(( (end - start) / 1000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.2f\n", a[int((NR+1)/2)]/1000}'
  fi
}
