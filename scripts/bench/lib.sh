# Shared by scripts/bench.sh and scripts/bench/full-build.sh (sourced; expects $root).
work=${BENCH_DIR:-/tmp/zhendi-bench}
mkdir -p "$work"
# Old outputs are moved aside and deleted at the end: on ext4, deleting ~30,000 files right before
# a build makes the build's file creation scan recently freed inodes, adding seconds that belong to
# the rm, not the build. Each run has a trash folder of its own: the previous run may still be
# deleting its own after printing its results.
trash=$(mktemp -d "$work/trash.XXXXXX")
trap 'rm -rf "$trash"' EXIT
discard() { for d in "$@"; do [ ! -e "$d" ] || mv "$d" "$trash/$(date +%s%N)" || return 1; done; }

# corpus N: the folder of an N-page corpus from ../shared/corpus/gen_corpus.py, made once.
corpus() {
  local dir="$work/corpus-$1"
  if [ ! -d "$dir/content" ]; then
    python3 "$root/../shared/corpus/gen_corpus.py" "$dir" --pages "$1" 2>/dev/null
    echo "title: 基准测试站" > "$dir/site.yml"
  fi
  echo "$dir"
}

# hugo_site N: the minimal equivalent Hugo site around the N-page corpus, made once.
hugo_site() {
  local dir="$work/hugo-$1" source
  if [ ! -d "$dir" ]; then
    source=$(corpus "$1")
    mkdir -p "$dir"
    bash "$root/scripts/bench/hugo-site.sh" "$dir"
    cp -r "$source/content" "$source/static" "$dir/"
  fi
  echo "$dir"
}
