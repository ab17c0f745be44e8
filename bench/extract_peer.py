"""Peer for article extraction: trafilatura, on the same three labelled sets
and with the same metrics as `storyline eval extract` (AEB shingle score,
WCXB word F1, exact titles, day-accurate dates). One process, all pages,
sequential; pages/s reported. Usage: python extract_peer.py DATA_DIR
"""
import glob
import gzip
import json
import os
import re
import sys
import time
from collections import Counter

import trafilatura

WORD = re.compile(r"\w+")


def tokens(text):
    return WORD.findall((text or "").lower())


def overlap_pr(pred, gold):
    np_, ng = sum(pred.values()), sum(gold.values())
    if ng == 0:
        return (1.0, 1.0) if np_ == 0 else (0.0, 0.0)
    if np_ == 0:
        return (0.0, 0.0)
    shared = sum((pred & gold).values())
    return shared / np_, shared / ng


def shingles(text):
    t = tokens(text)
    return Counter(tuple(t[i : i + 4]) for i in range(len(t) - 3))


def words(text):
    return Counter(tokens(text))


def load(data, name):
    pages = []
    if name == "aeb":
        truth = json.load(open(os.path.join(data, "aeb/ground-truth.json")))
        for pid in sorted(truth):
            pages.append((os.path.join(data, f"aeb/html/{pid}.html.gz"), truth[pid].get("url"), truth[pid]["articleBody"], None, None))
    elif name == "fundus-news":
        for line in open(os.path.join(data, "fundus-news/manifest.jsonl")):
            d = json.loads(line)
            url = d.get("url") if d.get("url") not in (None, "None") else None
            pages.append((os.path.join(data, "fundus-news", d["html"]), url, d["gold_body"], d.get("title"), None))
    else:
        for f in sorted(glob.glob(os.path.join(data, "wcxb-dev/ground-truth/*.json"))):
            d = json.load(open(f))
            if d["_internal"]["page_type"]["primary"] != "article":
                continue
            gt = d["ground_truth"]
            stem = os.path.basename(f)[:-5]
            pages.append((os.path.join(data, f"wcxb-dev/html/{stem}.html.gz"), d.get("url"), gt.get("main_content") or "", gt.get("title"), gt.get("publish_date")))
    return pages


def main():
    data = sys.argv[1]
    print("| set | pages | body P | body R | body F1 | title | date | pages/s |")
    print("|---|---|---|---|---|---|---|---|")
    for name in ["aeb", "fundus-news", "wcxb-dev"]:
        pages = load(data, name)
        ps, rs, fs = [], [], []
        titles = titles_ok = dates = dates_ok = 0
        started = time.time()
        outputs = []
        for path, url, _, _, _ in pages:
            html = gzip.open(path, "rb").read()
            text = trafilatura.extract(html, url=url) or ""
            meta = trafilatura.extract_metadata(html, default_url=url)
            outputs.append((text, meta))
        seconds = time.time() - started
        for (path, url, body, title, date), (text, meta) in zip(pages, outputs):
            if name == "wcxb-dev":
                p, r = overlap_pr(words(text), words(body))
            else:
                p, r = overlap_pr(shingles(text), shingles(body))
            ps.append(p)
            rs.append(r)
            fs.append(2 * p * r / (p + r) if p + r else 0.0)
            if title:
                titles += 1
                found = (meta.title if meta else "") or ""
                titles_ok += " ".join(found.split()) == " ".join(title.split())
            if date:
                dates += 1
                dates_ok += ((meta.date if meta else "") or "")[:10] == date[:10]
        mp, mr = sum(ps) / len(ps), sum(rs) / len(rs)
        f1 = sum(fs) / len(fs) if name == "wcxb-dev" else 2 * mp * mr / (mp + mr)
        title = f"{titles_ok / titles:.3f}" if titles else "-"
        date = f"{dates_ok / dates:.3f}" if dates else "-"
        print(f"| {name} | {len(pages)} | {mp:.3f} | {mr:.3f} | {f1:.3f} | {title} | {date} | {len(pages) / seconds:.0f} |")


if __name__ == "__main__":
    main()
