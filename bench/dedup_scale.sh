#!/usr/bin/env bash
# Duplicates at scale: time and peak memory of `storyline dedup` on N
# synthetic documents of about 3 KB (real sentences from the story sets with
# 30% of words replaced, 10% copies: exact, half, re-post header, 3% edits),
# built by crates/storyline-eval/examples/make_scale_corpus.rs.
# Usage: bench/dedup_scale.sh [N] [DATA_DIR]   (default 1000000, ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
data=${2:-../shared/data}
cargo build --release -q -p storyline-cli
cargo build --release -q -p storyline-eval --example make_scale_corpus
corpus=target/scale-$n.jsonl
[ -f "$corpus" ] || ./target/release/examples/make_scale_corpus "$n" "$corpus" \
  "$data/ecbplus/ecbplus_docs.jsonl" "$data/newswcl50/newswcl50_docs.jsonl"
echo "corpus: $corpus ($(wc -l < "$corpus") documents, $(du -h "$corpus" | cut -f1))"
/usr/bin/time -f "wall %e s, peak RSS %M KB" ./target/release/storyline dedup --format jsonl "$corpus" > "target/scale-$n.groups.jsonl"
echo "groups: $(wc -l < "target/scale-$n.groups.jsonl")"
