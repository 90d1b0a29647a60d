#!/usr/bin/env bash
# Full-build benchmark: generates corpora with ../shared/corpus/gen_corpus.py, builds each with
# the release zhendi (clean output each run) and, when hugo is installed, with an equivalent
# minimal Hugo site; prints wall time (median of RUNS) and peak memory side by side.
#   scripts/bench/full-build.sh [PAGES...]      default: 1000 10000
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
pages=("$@")
[ ${#pages[@]} -gt 0 ] || pages=(1000 10000)
runs=${RUNS:-3}
source scripts/bench/lib.sh

swift build -c release --product zhendi >/dev/null
zhendi="$root/.build/release/zhendi"

measure() {  # measure CLEAN_DIR CMD...: "seconds maxrss_kb" of the median run, CLEAN_DIR removed (untimed) first
  local clean="$1"; shift
  discard "$clean"; sync
  "$@" >/dev/null 2>"$work/time.err" || { cat "$work/time.err" >&2; return 1; }  # warm-up
  local results=()
  for _ in $(seq "$runs"); do
    discard "$clean"; sync
    /usr/bin/time -f "%e %M" -o "$work/time.out" "$@" >/dev/null 2>&1
    results+=("$(cat "$work/time.out")")
  done
  printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

printf '%-8s %-10s %12s %12s\n' pages tool seconds "peak MiB"
for n in "${pages[@]}"; do
  corpus=$(corpus "$n")
  read -r zs zm < <(measure "$corpus/public" "$zhendi" build --source "$corpus")
  printf '%-8s %-10s %12s %12d\n' "$n" zhendi "$zs" $((zm / 1024))
  # What the search index adds: the same build without indexing (a benchmark-only knob).
  read -r ns nm < <(ZHENDI_BENCH_WITHOUT_SEARCH=1 measure "$corpus/public" "$zhendi" build --source "$corpus")
  printf '%-8s %-10s %12s %12d   (index adds %.0f%% time)\n' "$n" "no-search" "$ns" $((nm / 1024)) "$(echo "($zs / $ns - 1) * 100" | bc -l)"
  if command -v hugo >/dev/null; then
    hsite=$(hugo_site "$n")
    read -r hs hm < <(measure "$hsite/public" hugo --quiet --source "$hsite" -d "$hsite/public")
    printf '%-8s %-10s %12s %12d   (zhendi/hugo time %.2f, memory %.2f)\n' "$n" hugo "$hs" $((hm / 1024)) \
      "$(echo "$zs / $hs" | bc -l)" "$(echo "$zm / $hm" | bc -l)"
  fi
done
