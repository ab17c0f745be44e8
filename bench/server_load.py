#!/usr/bin/env python3
"""Load and hostile-network test of a running `storyline serve` (issue 20).

Python's standard library only: an asyncio HTTP/1.1 client over raw
keep-alive connections.

Phase 1, load: REQUESTS GETs at CONCURRENCY connections, spread over
/api/stories, /api/stories/{id} and /api/documents/{id}, while one more
connection POSTs batches of new documents (half of them without an id, so
the server names them by their text, and single HTML pages; it goes on
after the GETs until all are posted). Prints errors and p50/p99 latency per
route, then checks that every document the server acknowledged (in
`documents` of a 200/201 answer and not `skipped`) can be fetched. A story
id that an ingest reclustered away is answered 404; those are counted
apart, as `gone`, not as errors.

Phase 2, a hostile crowd: IDLE connections that send nothing and SLOW ones
that send their header a byte a second, then a new client's /healthz is
timed; then how long the server takes to close the slow and the idle ones.

Usage: server_load.py --port N --token T --posts FILE.jsonl [--html DIR]
                      [--pid PID] [--requests 10000] [--concurrency 100]
"""

import argparse
import asyncio
import gzip
import json
import random
import statistics
import sys
import time
from pathlib import Path

HOST = "127.0.0.1"


class Connection:
    """One keep-alive HTTP/1.1 connection."""

    def __init__(self, port):
        self.port = port
        self.reader = self.writer = None

    async def open(self):
        self.reader, self.writer = await asyncio.open_connection(HOST, self.port)

    def close(self):
        if self.writer:
            self.writer.close()
        self.reader = self.writer = None

    async def request(self, method, target, body=b"", headers=()):
        """Sends one request and returns (status, parsed JSON or None); opens
        the connection again when the server closed it."""
        if self.writer is None:
            await self.open()
        head = [f"{method} {target} HTTP/1.1", "host: bench"]
        head += [f"{k}: {v}" for k, v in headers]
        if body or method == "POST":
            head.append(f"content-length: {len(body)}")
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("closed by the server")
        status = int(status_line.split()[1])
        length, close = 0, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "connection" and value.strip().lower() == "close":
                close = True
        payload = await self.reader.readexactly(length) if length else b""
        if close:
            self.close()
        try:
            return status, json.loads(payload) if payload else None
        except ValueError:
            return status, None


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def discover(port):
    """Story ids and document ids to ask for."""
    conn = Connection(port)
    _, health = await conn.request("GET", "/healthz")
    print("index:", ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in health["index"].items()))
    stories, documents = [], []
    offset = 0
    while True:
        _, page = await conn.request("GET", f"/api/stories?limit=200&offset={offset}")
        stories += [s["id"] for s in page["items"]]
        offset += 200
        if offset >= page["total"]:
            break
    for story in random.sample(stories, min(100, len(stories))):
        _, record = await conn.request("GET", f"/api/stories/{story}")
        documents += record["documents"]
    conn.close()
    return stories, documents


def post_bodies(posts_file, html_dir, batch):
    """Request bodies: JSON arrays of `batch` records (every other record
    without its id) and, between them, single HTML pages."""
    records = [json.loads(line) for line in open(posts_file, encoding="utf-8") if line.strip()]
    for i, record in enumerate(records):
        record["id"] = f"bench-{record.get('id', i)}"
        if i % 2:
            del record["id"]
    pages = sorted(Path(html_dir).glob("*.html.gz"))[:20] if html_dir else []
    bodies = []
    for i in range(0, len(records), batch):
        bodies.append(json.dumps(records[i : i + batch]).encode())
        if pages:
            bodies.append(gzip.decompress(pages.pop().read_bytes()))
    return bodies


async def writer(port, token, bodies, done, outcome):
    conn = Connection(port)
    auth = [("authorization", f"Bearer {token}")]
    for body in bodies:
        if not done.is_set():
            outcome["during"] += 1
        started = time.perf_counter()
        try:
            status, answer = await conn.request("POST", "/api/documents", body, auth)
        except (ConnectionError, asyncio.IncompleteReadError, OSError) as err:
            outcome["errors"].append(f"POST: {err}")
            conn.close()
            continue
        outcome["latency"].append(time.perf_counter() - started)
        if status in (200, 201):
            skipped = {s["id"] for s in answer.get("skipped", [])}
            outcome["acknowledged"] += [d for d in answer["documents"] if d not in skipped]
            outcome["documents"] += answer["added"]
        elif status == 503:
            outcome["busy"] += 1
        else:
            outcome["errors"].append(f"POST: {status} {answer}")
    conn.close()


async def reader(port, plan, latency, errors, gone):
    conn = Connection(port)
    while plan:
        route, target = plan.pop()
        started = time.perf_counter()
        try:
            status, _ = await conn.request("GET", target)
        except (ConnectionError, asyncio.IncompleteReadError, OSError) as err:
            errors[route].append(str(err))
            conn.close()
            continue
        latency[route].append(time.perf_counter() - started)
        if status == 404 and route == "GET /api/stories/{id}":
            gone[route] += 1
        elif status != 200:
            errors[route].append(f"{status} {target}")
    conn.close()


def memory(pid):
    """Peak resident memory (MB) and threads of the server process."""
    if not pid:
        return None
    fields = {}
    for line in open(f"/proc/{pid}/status"):
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmHWM"].split()[0]) // 1024, int(fields["Threads"])


async def load_phase(args):
    stories, documents = await discover(args.port)
    routes = {
        "GET /api/stories": lambda: f"/api/stories?limit=20&offset={random.randrange(0, len(stories), 20)}",
        "GET /api/stories/{id}": lambda: f"/api/stories/{random.choice(stories)}",
        "GET /api/documents/{id}": lambda: f"/api/documents/{random.choice(documents)}",
    }
    names = list(routes)
    plan = [(names[i % 3], routes[names[i % 3]]()) for i in range(args.requests)]
    random.shuffle(plan)
    latency = {name: [] for name in names}
    errors = {name: [] for name in names}
    gone = {name: 0 for name in names}
    outcome = {"latency": [], "errors": [], "acknowledged": [], "documents": 0, "busy": 0, "during": 0}
    done = asyncio.Event()
    bodies = post_bodies(args.posts, args.html, args.batch)
    started = time.perf_counter()
    posting = asyncio.create_task(writer(args.port, args.token, bodies, done, outcome))
    await asyncio.gather(*(reader(args.port, plan, latency, errors, gone) for _ in range(args.concurrency)))
    elapsed = time.perf_counter() - started
    done.set()
    await posting

    print(f"## load: {args.requests} GETs over {args.concurrency} keep-alive connections, "
          f"{len(stories)} stories, {len(documents)} documents sampled; {elapsed:.1f} s")
    print("| route | requests | errors | gone | p50 | p99 | max |")
    print("|---|---|---|---|---|---|---|")
    for name in names:
        ms = [x * 1000 for x in latency[name]]
        print(f"| `{name}` | {len(ms)} | {len(errors[name])} | {gone[name]} | {percentile(ms, 50):.1f} ms | "
              f"{percentile(ms, 99):.1f} ms | {max(ms):.1f} ms |")
    ms = [x * 1000 for x in outcome["latency"]]
    print(f"| `POST /api/documents` ({outcome['during']} during the GETs) | {len(ms)} | "
          f"{len(outcome['errors'])} | 0 | {percentile(ms, 50):.0f} ms | {percentile(ms, 99):.0f} ms | "
          f"{max(ms, default=0):.0f} ms |")
    for name in names:
        for err in errors[name][:5]:
            print(f"   error {name}: {err}")
    for err in outcome["errors"][:5]:
        print(f"   error: {err}")

    # Every acknowledged document is there.
    conn = Connection(args.port)
    missing = []
    for doc in outcome["acknowledged"]:
        status, _ = await conn.request("GET", f"/api/documents/{doc}")
        if status != 200:
            missing.append(doc)
    conn.close()
    print(f"POSTed: {len(bodies)} bodies, 503 (queue full) {outcome['busy']}, "
          f"{outcome['documents']} documents added; acknowledged {len(outcome['acknowledged'])}, "
          f"fetchable afterwards {len(outcome['acknowledged']) - len(missing)}, missing {len(missing)}")
    for doc in missing[:5]:
        print(f"   missing: {doc}")
    failures = sum(len(e) for e in errors.values()) + len(outcome["errors"]) + len(missing)
    return failures


async def crowd_phase(args):
    print(f"\n## crowd: {args.idle} idle connections and {args.slow} sending their header a byte a second")
    idle = [await asyncio.open_connection(HOST, args.port) for _ in range(args.idle)]
    header = b"GET /healthz HTTP/1.1\r\nhost: bench\r\n\r\n"

    async def trickle(index):
        _, writer = slow[index]
        try:
            for byte in header:
                writer.write(bytes([byte]))
                await writer.drain()
                await asyncio.sleep(1)
        except OSError:
            pass

    slow = [await asyncio.open_connection(HOST, args.port) for _ in range(args.slow)]
    crowd_open = time.perf_counter()
    trickling = [asyncio.create_task(trickle(i)) for i in range(args.slow)]
    await asyncio.sleep(1.5)
    times = []
    for _ in range(20):
        conn = Connection(args.port)
        started = time.perf_counter()
        status, _ = await asyncio.wait_for(conn.request("GET", "/healthz"), 10)
        times.append(time.perf_counter() - started)
        conn.close()
        assert status == 200, status
    print(f"new client's /healthz (20 tries, each on a new connection): "
          f"p50 {statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms")

    async def closed(reader):
        try:
            while await reader.read(1024):
                pass
        except OSError:
            pass
        return time.perf_counter() - crowd_open

    slow_closed = await asyncio.gather(*(closed(r) for r, _ in slow))
    for task in trickling:
        task.cancel()
    print(f"slow connections closed by the server after {min(slow_closed):.1f}–{max(slow_closed):.1f} s")
    idle_closed = await asyncio.gather(*(closed(r) for r, _ in idle))
    print(f"idle connections closed by the server after {min(idle_closed):.1f}–{max(idle_closed):.1f} s")
    return 0 if max(times) < 1.0 else 1


async def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--posts", required=True, help="JSONL of documents to POST")
    parser.add_argument("--html", help="folder of .html.gz pages to POST one by one")
    parser.add_argument("--pid", type=int, help="the server's process, for its memory and threads")
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--idle", type=int, default=300)
    parser.add_argument("--slow", type=int, default=50)
    args = parser.parse_args()
    random.seed(20)
    failures = await load_phase(args)
    if args.pid:
        rss, threads = memory(args.pid)
        print(f"server after the load: peak RSS {rss} MB, {threads} threads")
    failures += await crowd_phase(args)
    print("\nresult:", "PASS" if failures == 0 else f"FAIL ({failures} failures)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
