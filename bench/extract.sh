#!/usr/bin/env bash
# Article extraction, side by side in one run: storyline and trafilatura
# (installed in a venv here) on AEB, fundus-news and WCXB (articles).
# Usage: bench/extract.sh [DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
. bench/venv.sh trafilatura lxml_html_clean
cargo build --release -q -p storyline-cli
echo "## storyline"
./target/release/storyline eval extract --data "$data"
echo
echo "## trafilatura $("$venv/bin/python" -c 'import trafilatura; print(trafilatura.__version__)') (one core)"
"$venv/bin/python" bench/extract_peer.py "$data"
