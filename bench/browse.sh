#!/usr/bin/env bash
# The web page's queries at scale: story lists with filters and sorts,
# search, facets and a story, timed in-process (p50/p99) on two indexes of
# 100,000 synthetic articles with outlets (bench/make_browse_corpus.py):
# `events`, every article about one of the story sets' events (few, large
# stories), and `mixed`, 40% of those and 60% single articles (most
# stories of one article, as in a real index).
# Usage: bench/browse.sh [N] [DATA_DIR]   (default 100000, ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
data=${2:-../shared/data}
cargo build --release -q -p storyline-cli
cargo build --release -q -p storyline-index --example browse_latency
stories=("$data/ecbplus/ecbplus_docs.jsonl" "$data/newswcl50/newswcl50_docs.jsonl")
corpus=target/bench-stories-$n.jsonl
[ -f "$corpus" ] || python3 bench/make_story_corpus.py "$n" "$corpus" "${stories[@]}"
for kind in events mixed; do
  sourced=target/bench-browse-$kind-$n.jsonl
  [ -f "$sourced" ] || python3 bench/make_browse_corpus.py "$kind" "$corpus" "$sourced"
  db=target/bench-browse-$kind-$n.db
  if [ ! -f "$db" ]; then
    /usr/bin/time -f "ingest $kind $n: wall %e s, peak RSS %M KB" \
      ./target/release/storyline ingest --db "$db" --batch-size "$n" "$sourced" | tail -1
  fi
  echo "## $kind"
  ./target/release/examples/browse_latency "$db"
done
