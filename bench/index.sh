#!/usr/bin/env bash
# The index and the service: incremental stories against the labels, query
# latency at 10k and 100k documents, and a load test of the HTTP API on
# loopback (ab, from Debian's apache2-utils: 10,000 requests, 100 concurrent
# connections, per route).
# Usage: bench/index.sh [DATA_DIR]   (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
command -v ab >/dev/null || { echo "needs ab: apt-get install apache2-utils" >&2; exit 2; }
cargo build --release -q -p storyline-cli
cargo build --release -q -p storyline-index --example query_latency
bin=./target/release/storyline
stories=("$data/ecbplus/ecbplus_docs.jsonl" "$data/newswcl50/newswcl50_docs.jsonl")

echo "## stories: one run, then through the index in batches"
$bin eval stories "${stories[@]}"
for batch in 100 25; do
  echo "-- index, batches of $batch"
  $bin eval stories --index-batch "$batch" "${stories[@]}" | tail -n +2
done

echo
echo "## query latency (new articles about the corpus's events)"
held=target/bench-stories-heldout-1000.jsonl
[ -f "$held" ] || HELD_OUT=7 python3 bench/make_story_corpus.py 1000 "$held" "${stories[@]}"
for n in 10000 100000; do
  corpus=target/bench-stories-$n.jsonl
  [ -f "$corpus" ] || python3 bench/make_story_corpus.py "$n" "$corpus" "${stories[@]}"
  db=target/bench-index-$n.db
  if [ ! -f "$db" ]; then
    # A bulk load: one batch, clustered once.
    /usr/bin/time -f "ingest $n: wall %e s, peak RSS %M KB" $bin ingest --db "$db" --batch-size "$n" "$corpus" | tail -1
  fi
  ./target/release/examples/query_latency "$db" "$held" 1000
  head -1 "$held" > target/bench-one.jsonl
  /usr/bin/time -f "   storyline query (1 document): wall %e s, peak RSS %M KB" $bin query --db "$db" target/bench-one.jsonl > /dev/null
done

echo
echo "## load: 10,000 requests, 100 concurrent connections, keep-alive"
db=target/bench-index-10000.db
port=18080
$bin serve --db "$db" --addr 127.0.0.1:$port 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 1 50); do curl -sf http://127.0.0.1:$port/healthz >/dev/null && break; sleep 0.1; done
story=$(curl -s "http://127.0.0.1:$port/api/stories?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
doc=$(curl -s "http://127.0.0.1:$port/api/stories/$story" | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"][0])')
for path in "/api/stories?limit=20" "/api/stories/$story" "/api/documents/$doc" "/api/search?q=earthquake&limit=10" "/healthz"; do
  out=$(ab -q -k -n 10000 -c 100 "http://127.0.0.1:$port$path" 2>&1)
  field() { awk -v pattern="$1" -v n="$2" '$0 ~ pattern {print $n}' <<< "$out"; }
  failed=$(field "^Failed requests" 3)
  non2xx=$(field "^Non-2xx responses" 3)
  rps=$(field "^Requests per second" 4)
  p50=$(field "^ +50%" 2)
  p99=$(field "^ +99%" 2)
  echo "GET $path: failed ${failed:-?}, non-2xx ${non2xx:-0}, ${rps} req/s, p50 ${p50} ms, p99 ${p99} ms"
done
