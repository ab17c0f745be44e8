#!/usr/bin/env bash
# Story clustering, side by side in one run: storyline (default configuration,
# no tuning per data set) and TF-IDF + average link (scikit-learn) with its
# threshold tuned on the labels. Installs the peer in a venv of its own.
# Usage: bench/stories.sh [DATA_DIR]   (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
. bench/venv.sh scikit-learn
files=("$data/ecbplus/ecbplus_docs.jsonl" "$data/newswcl50/newswcl50_docs.jsonl")
cargo build --release -q -p storyline-cli
echo "## storyline (default configuration)"
./target/release/storyline eval stories "${files[@]}"
echo
echo "## peer: TF-IDF + average link, threshold tuned on the labels"
"$venv/bin/python" bench/stories_peer.py "${files[@]}"
