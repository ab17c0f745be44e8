#!/usr/bin/env bash
# Server under load (issue 20): 10,000 GETs at 100 concurrent keep-alive
# connections while documents are POSTed, every acknowledged document
# fetched afterwards, then /healthz timed beside 300 idle and 50 slow
# (a byte a second) connections. bench/server_load.py is the client.
# Usage: bench/server_load.sh [DATA_DIR]   (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
cargo build --release -q -p storyline-cli
bin=./target/release/storyline
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$work"' EXIT

# The index: the examples and two story sets; the POSTs bring new articles.
$bin ingest --db "$work/index.db" examples/seeds "$data/ecbplus/ecbplus_docs.jsonl" \
  "$data/newswcl50/newswcl50_docs.jsonl" > /dev/null
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
token=bench-$RANDOM$RANDOM
STORYLINE_TOKEN=$token $bin serve --db "$work/index.db" --addr "127.0.0.1:$port" 2>"$work/server.log" &
server=$!
for _ in $(seq 1 100); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/healthz')" 2>/dev/null && break
  sleep 0.1
done
status=0
python3 bench/server_load.py --port "$port" --token "$token" --pid "$server" \
  --posts "$data/polnear-train/docs.jsonl" --html "$data/fundus-news/html" || status=$?
if [ -s "$work/server.log" ]; then
  echo "server log:"; head -20 "$work/server.log"
fi
exit $status
