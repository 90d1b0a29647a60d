#!/usr/bin/env bash
# Full-build benchmark: generates corpora with ../shared/corpus/gen_corpus.py, builds each with
# the release zhendi (empty output each run), the same build without the search index, and,
# when hugo is installed, an equivalent minimal Hugo site; prints the median wall time and the
# peak memory of each, and the median of the per-round ratios.
# The three builds alternate round by round (RUNS rounds, default 5): this machine's speed moves
# by a third between spells, and builds timed one tool after another compared the spells.
#   scripts/bench/full-build.sh [PAGES...]      default: 1000 10000
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
pages=("$@")
[ ${#pages[@]} -gt 0 ] || pages=(1000 10000)
runs=${RUNS:-5}
source scripts/bench/lib.sh

./scripts/build-release >/dev/null
zhendi="$root/.build/release/zhendi"

once() {  # once "CLEAN_DIRS" CMD...: "seconds maxrss_kb" of one run, the folders moved aside (untimed) first
  local clean="$1"; shift
  discard $clean || return 1; sync
  /usr/bin/time -f "%e %M" -o "$work/time.out" "$@" >/dev/null 2>"$work/time.err" || { cat "$work/time.err" >&2; return 1; }
  cat "$work/time.out"
}

printf '%-8s %-10s %9s %9s   %s\n' pages tool seconds "peak MiB" "seconds of each round"
for n in "${pages[@]}"; do
  corpus=$(corpus "$n")
  tools=(zhendi no-search)
  command -v hugo >/dev/null && { hsite=$(hugo_site "$n"); tools+=(hugo); }
  rounds="$work/rounds-$n.txt"
  : > "$rounds"
  for r in $(seq 0 "$runs"); do  # round 0 warms the page cache and is not counted
    line=()
    for tool in "${tools[@]}"; do
      case $tool in
        # A clean build: no output and no build cache (.zhendi-cache would supply the parses).
        zhendi) result=$(once "$corpus/public $corpus/.zhendi-cache" "$zhendi" build --source "$corpus") || exit 1 ;;
        # What the search index adds: the same build without indexing (a benchmark-only knob).
        no-search) result=$(ZHENDI_BENCH_WITHOUT_SEARCH=1 once "$corpus/public $corpus/.zhendi-cache" "$zhendi" build --source "$corpus") || exit 1 ;;
        hugo) result=$(once "$hsite/public" hugo --quiet --source "$hsite" -d "$hsite/public") || exit 1 ;;
      esac
      line+=("$tool" $result)
    done
    [ "$r" -eq 0 ] || echo "${line[*]}" >> "$rounds"
  done
  python3 - "$n" "$rounds" <<'PY'
import statistics, sys
n, path = sys.argv[1], sys.argv[2]
rounds = []
for line in open(path):
    f = line.split()
    rounds.append({f[i]: (float(f[i + 1]), int(f[i + 2])) for i in range(0, len(f), 3)})
for tool in rounds[0]:
    secs = [r[tool][0] for r in rounds]
    print('%-8s %-10s %9.2f %9d   %s' % (n, tool, statistics.median(secs), max(r[tool][1] for r in rounds) // 1024,
                                        ' '.join('%.2f' % s for s in secs)))
def ratio(a, b):
    return statistics.median(r[a][0] / r[b][0] for r in rounds)
print('%-8s index adds %.0f %% (median of the rounds\' ratios)' % (n, 100 * (ratio('zhendi', 'no-search') - 1)))
if 'hugo' in rounds[0]:
    print('%-8s zhendi / hugo: time %.2f (median of the rounds\' ratios), peak memory %.2f' % (
        n, ratio('zhendi', 'hugo'), max(r['zhendi'][1] for r in rounds) / max(r['hugo'][1] for r in rounds)))
PY
done
