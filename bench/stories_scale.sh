#!/usr/bin/env bash
# Stories for many articles: time and peak memory of `storyline stories` on a
# synthetic corpus built from the real story sets (bench/make_story_corpus.py).
# Usage: bench/stories_scale.sh [N] [DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
data=${2:-../shared/data}
corpus=target/bench-stories-$n.jsonl
[ -f "$corpus" ] || python3 bench/make_story_corpus.py "$n" "$corpus" \
  "$data/ecbplus/ecbplus_docs.jsonl" "$data/newswcl50/newswcl50_docs.jsonl"
cargo build --release -q -p storyline-cli
echo "corpus: $corpus ($(wc -l < "$corpus") articles, $(du -h "$corpus" | cut -f1))"
/usr/bin/time -f "wall %e s, peak RSS %M KB" ./target/release/storyline stories "$corpus" --format json > target/bench-stories-$n.out.json
python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print('stories:', r['summary']['stories'], 'articles:', r['summary']['articles'])" target/bench-stories-$n.out.json
