"""Peers for near-duplicate detection, run on the same labelled JSONL set as
storyline (`storyline eval make-dedup-set`): datasketch and rensa MinHash-LSH
over word 5-gram shingles (lower-cased `\\w+` tokens), 128 permutations,
threshold 0.5, candidates grouped by union-find, as their documentation
shows, with and without verifying each candidate pair by its estimated
Jaccard. storyline's own `dedup` is timed in the same run as a subprocess.
Every tool is scored with the same pairwise precision/recall/F1 over
"same article" pairs.

Usage: python dedup_peers.py SET.jsonl STORYLINE_BINARY [PEER...] [--repeat=N]
PEER: datasketch, rensa (default both). Each tool runs N times (default 3)
on the same documents; the table gives the median time, and the fastest
and slowest beside it, since one run on a shared machine can be off by a
quarter.
"""
import json
import statistics
import re
import subprocess
import sys
import time
from collections import defaultdict

WORD = re.compile(r"\w+")


def shingles(text, k=5):
    words = [w.lower() for w in WORD.findall(text)]
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def groups_from_pairs(ids, pairs):
    parent = {i: i for i in ids}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {i: find(i) for i in ids}


def pairwise(gold, pred):
    def pair_count(labels):
        sizes = defaultdict(int)
        for v in labels.values():
            sizes[v] += 1
        return sum(n * (n - 1) // 2 for n in sizes.values())

    joint = defaultdict(int)
    for i in gold:
        joint[(gold[i], pred[i])] += 1
    together = sum(n * (n - 1) // 2 for n in joint.values())
    p_pairs, g_pairs = pair_count(pred), pair_count(gold)
    precision = together / p_pairs if p_pairs else 1.0
    recall = together / g_pairs if g_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def run_datasketch(docs, verify):
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    sketches = {}
    for d in docs:
        m = MinHash(num_perm=128, seed=42)
        for s in shingles(d["text"]):
            m.update(s.encode("utf-8"))
        sketches[d["id"]] = m
        lsh.insert(d["id"], m)
    pairs = []
    for i, m in sketches.items():
        for j in lsh.query(m):
            if j != i and (not verify or m.jaccard(sketches[j]) >= 0.5):
                pairs.append((i, j))
    return pairs


def run_rensa(docs, verify):
    import rensa

    lsh = rensa.RMinHashLSH(threshold=0.5, num_perm=128, num_bands=16)
    sketches = {}
    for n, d in enumerate(docs):
        m = rensa.RMinHash(num_perm=128, seed=42)
        m.update(list(shingles(d["text"])))
        sketches[n] = m
        lsh.insert(n, m)
    pairs = []
    for n, m in sketches.items():
        for j in lsh.query(m):
            if j != n and (not verify or m.jaccard(sketches[j]) >= 0.5):
                pairs.append((docs[n]["id"], docs[j]["id"]))
    return pairs


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--repeat=")]
    repeat = int(next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--repeat=")), "3"))
    path, binary = args[0], args[1]
    peers = set(args[2:]) or {"datasketch", "rensa"}
    rows = []
    started = time.time()
    docs = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    read_seconds = time.time() - started
    gold = {d["id"]: d["cluster"] for d in docs}
    ids = [d["id"] for d in docs]
    for name, fn, verify in [
        ("datasketch MinHashLSH", run_datasketch, False),
        ("datasketch MinHashLSH + verify", run_datasketch, True),
        ("rensa RMinHashLSH", run_rensa, False),
        ("rensa RMinHashLSH + verify", run_rensa, True),
    ]:
        if name.split()[0] not in peers:
            continue
        times = []
        for _ in range(repeat):
            t = time.time()
            pred = groups_from_pairs(ids, fn(docs, verify))
            times.append(time.time() - t + read_seconds)
        rows.append((name, *pairwise(gold, pred), times))
    times = []
    for _ in range(repeat):
        t = time.time()
        out = subprocess.run([binary, "dedup", path, "--format", "json"], capture_output=True, check=True).stdout
        times.append(time.time() - t)
    report = json.loads(out)
    pred = {i: i for i in ids}
    for group in report["duplicate_groups"]:
        for member in group["members"]:
            pred[member] = group["canonical"]
    rows.append(("storyline dedup (end to end: JSONL in, groups out)", *pairwise(gold, pred), times))
    print(f"{len(docs)} documents; one run of this script, same machine; {repeat} runs of each tool")
    print("| tool | precision | recall | F1 | seconds (median) | fastest / slowest | docs/s (median) |")
    print("|---|---|---|---|---|---|---|")
    for name, p, r, f, times in rows:
        median = statistics.median(times)
        print(
            f"| {name} | {p:.4f} | {r:.4f} | {f:.4f} | {median:.2f} | {min(times):.2f} / {max(times):.2f} "
            f"| {len(docs) / median:.0f} |"
        )
    peer_times = [statistics.median(times) for name, *_, times in rows if name.startswith("rensa RMinHashLSH")]
    if peer_times:
        ours = statistics.median(rows[-1][-1])
        print(f"\nstoryline vs the faster rensa pipeline (medians): {min(peer_times) / ours:.1f}x")


if __name__ == "__main__":
    main()
