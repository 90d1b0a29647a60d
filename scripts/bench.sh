#!/usr/bin/env bash
# Fast-feedback benchmark (release build, this machine): for corpora of 1,000 / 10,000 / 30,000
# pages from ../shared/corpus/gen_corpus.py it measures
#   full build (empty output folder), peak memory, no-op rebuild, rebuild after a one-file edit,
#   rebuild after adding a new article and after retitling one (metadata changes: pages whose
#   inputs did not change are taken from the previous build),
#   zhendi serve: time to apply a one-file edit, edit-to-visible latency over HTTP, and the same
#   latency for a new title (the article, its neighbours, lists and feeds show it) and for a new
#   article (the pipeline runs, taking unchanged pages from the site being served),
# and, when hugo is installed, Hugo's full build of the same corpus side by side.
#   scripts/bench.sh [PAGES...]        default: 1000 10000 30000
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
pages=("$@")
[ ${#pages[@]} -gt 0 ] || pages=(1000 10000 30000)
source scripts/bench/lib.sh
./scripts/build-release >/dev/null
zhendi="$root/.build/release/zhendi"
port=18765

timed() {  # timed CMD... → "seconds maxrss_kb"
  /usr/bin/time -f "%e %M" -o "$work/time.out" "$@" >/dev/null 2>"$work/cmd.err" || { cat "$work/cmd.err" >&2; return 1; }
  cat "$work/time.out"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(date -u +%Y-%m-%d)"
printf '%-7s %-8s %9s %9s %9s %10s %10s %10s %10s %10s %12s %10s %9s %9s\n' pages tool full_s peak_MiB noop_s edit_s new_s retitle_s serve_ms reload_ms retitle_ms new_ms hugo_s hugo_MiB
for n in "${pages[@]}"; do
  corpus=$(corpus "$n")
  out="$work/out-$n"
  discard "$out" "$corpus/.zhendi-cache"; sync
  read -r full mem < <(timed "$zhendi" build --source "$corpus" --output "$out")
  read -r noop _ < <(timed "$zhendi" build --source "$corpus" --output "$out")
  victim=news-000001.md
  echo "基准测试追加的一句话。" >> "$corpus/content/news/$victim"
  read -r edit _ < <(timed "$zhendi" build --source "$corpus" --output "$out")
  # a new article, newer than every other (in the same year: the first article of a new year
  # changes the footer's year on every page, hence every page)
  printf -- '---\ntitle: 基准测试新增的文章\ndate: 2025-12-31T23:30:00+08:00\ntags: [党建]\n---\n\n基准测试新增文章的正文。\n' > "$corpus/content/news/zz-bench-new.md"
  read -r added _ < <(timed "$zhendi" build --source "$corpus" --output "$out")
  rm "$corpus/content/news/zz-bench-new.md"
  # another article's title changed (its neighbours, lists, tags, feeds and search show it)
  retitled=news-000002.md
  cp "$corpus/content/news/$retitled" "$work/retitled.md"
  sed -i 's/^title: "/title: "【更新】/' "$corpus/content/news/$retitled"
  read -r retitle _ < <(timed "$zhendi" build --source "$corpus" --output "$out")
  cp "$work/retitled.md" "$corpus/content/news/$retitled"

  # serve: apply an edit and see it over HTTP
  "$zhendi" serve --source "$corpus" --port "$port" > "$work/serve.log" 2>&1 &
  spid=$!
  for _ in $(seq 1 1500); do grep -q "预览地址" "$work/serve.log" && break; sleep 0.2; done
  slug=${victim%.md}
  marker="改动$RANDOM"
  sleep 0.5
  t0=$(date +%s%N)
  echo "$marker" >> "$corpus/content/news/$victim"
  reload=timeout
  for _ in $(seq 1 500); do
    if curl -s "http://127.0.0.1:$port/news/$slug/" | grep -q "$marker"; then reload=$(( ($(date +%s%N) - t0) / 1000000 )); break; fi
    sleep 0.01
  done
  sleep 0.3
  serve_ms=$(grep "只更新了" "$work/serve.log" | tail -1 | sed -E 's/.*用时 ([0-9]+) 毫秒.*/\1/' || true)
  # another article retitled (with sed -i, which leaves a temporary file behind for a moment):
  # the article, its neighbours, its lists and feeds show the new title
  sleep 0.5
  t0=$(date +%s%N)
  sed -i 's/^title: "/title: "【预览】/' "$corpus/content/news/$retitled"
  retitle_reload=timeout
  for _ in $(seq 1 500); do
    if curl -s "http://127.0.0.1:$port/news/${retitled%.md}/" | grep -q "【预览】"; then retitle_reload=$(( ($(date +%s%N) - t0) / 1000000 )); break; fi
    sleep 0.01
  done
  cp "$work/retitled.md" "$corpus/content/news/$retitled"
  # a new article: saved to visible over HTTP (once the editor pauses, search catches up)
  sleep 3
  t0=$(date +%s%N)
  printf -- '---\ntitle: 预览新增的文章\ndate: 2025-12-31T23:30:00+08:00\ntags: [党建]\n---\n\n预览新增文章的正文。\n' > "$corpus/content/news/zz-serve-new.md"
  new_reload=timeout
  for _ in $(seq 1 1000); do
    if curl -s "http://127.0.0.1:$port/news/zz-serve-new/" | grep -q "预览新增文章的正文"; then new_reload=$(( ($(date +%s%N) - t0) / 1000000 )); break; fi
    sleep 0.01
  done
  rm "$corpus/content/news/zz-serve-new.md"
  sleep 0.3
  kill $spid 2>/dev/null; wait $spid 2>/dev/null || true

  hs="-"; hm="-"
  if command -v hugo >/dev/null; then
    hsite=$(hugo_site "$n")
    discard "$hsite/public"; sync
    read -r hs hmk < <(timed hugo --quiet --source "$hsite" -d "$hsite/public")
    hm=$((hmk / 1024))
  fi
  printf '%-7s %-8s %9s %9d %9s %10s %10s %10s %10s %10s %12s %10s %9s %9s\n' "$n" zhendi "$full" $((mem / 1024)) "$noop" "$edit" "$added" "$retitle" "${serve_ms:--}" "$reload" "$retitle_reload" "$new_reload" "$hs" "$hm"
done
