#!/usr/bin/env bash
# Near-duplicate detection, side by side in one run: storyline against
# datasketch and rensa (installed in a venv here), on the labelled set built
# by `storyline eval make-dedup-set` from ../shared/data.
# Usage: bench/dedup.sh [DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
. bench/venv.sh datasketch rensa
cargo build --release -q -p storyline-cli
set_file=target/dedup-set.jsonl
./target/release/storyline eval make-dedup-set --data "$data" --out "$set_file"
./target/release/storyline eval dedup "$set_file"
"$venv/bin/python" bench/dedup_peers.py "$set_file" ./target/release/storyline
