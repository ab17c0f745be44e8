#!/usr/bin/env bash
# The hostile inputs of issue 20, generated (a few MB on disk that inflate
# to gigabytes, folders with link loops and a FIFO), each run through
# `extract` and `dedup`: time, peak RSS, exit code and how the input was
# accounted for. Nothing here should take more than seconds or 512 MB.
#
# Usage: bash bench/hostile.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p storyline-cli
BIN=target/release/storyline
DIR=target/hostile
rm -rf "$DIR"
python3 bench/hostile_inputs.py "$DIR"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
printf '%-26s %-30s %9s %12s %5s  %s\n' input command seconds "peak RSS" exit summary
summary() {
    python3 -c 'import json,sys
try: print(json.dumps(json.load(open(sys.argv[1]))["summary"]))
except Exception as e: print("no report:", e)' "$1"
}
run() {
    local input=$1 command=$2
    shift 2
    set +e
    /usr/bin/time -f "%e %M" -o "$DIR/time" timeout 300 "$BIN" "$command" "$DIR/$input" "$@" > "$DIR/out" 2>/dev/null
    code=$?
    set -e
    read -r seconds rss < <(tail -1 "$DIR/time")
    printf '%-26s %-30s %9s %9s MB %5s  %s\n' "$input" "$command $*" "$seconds" "$((rss / 1024))" "$code" "$(summary "$DIR/out")"
}
for input in long-line.jsonl.gz empty-objects.jsonl.gz blank-lines.jsonl.gz long-header.warc.gz trap; do
    run "$input" analyze --format json
    run "$input" dedup --format json
done
run trap analyze --format json --follow
echo "How each was accounted for (extract):"
for input in long-line.jsonl.gz empty-objects.jsonl.gz blank-lines.jsonl.gz long-header.warc.gz; do
    "$BIN" extract "$DIR/$input" --format jsonl 2>/dev/null | tail -1 | cut -c1-300 || true
done
"$BIN" extract "$DIR/trap" --follow --format jsonl 2>/dev/null | cut -c1-200 || true
