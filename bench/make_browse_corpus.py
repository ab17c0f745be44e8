"""Gives a synthetic story corpus (bench/make_story_corpus.py) what a
newsroom's feeds have, for timing the web page's queries (not for accuracy).

Every article gets an outlet from a skewed list of 40 (outlet k drawn with
weight 1/(k+1): a few large feeds, a long tail) and a URL. With `mixed`, the
first 40% of the articles are kept and the rest replaced by single articles
(words drawn from the corpus at random, dated in 2020-21), so that most
stories have one article, as in a real index.
Usage: python make_browse_corpus.py events|mixed IN.jsonl OUT.jsonl
"""
import json
import random
import sys


def main():
    kind, src, out = sys.argv[1:4]
    rng = random.Random(11)
    outlets = [f"outlet-{k:02d}" for k in range(40)]
    weights = [1 / (k + 1) for k in range(40)]
    docs = [json.loads(line) for line in open(src, encoding="utf-8") if line.strip()]
    if kind == "mixed":
        vocabulary = [w for doc in docs[:20000] for w in doc["text"].split()]
        kept = len(docs) * 2 // 5
        singles = []
        for i in range(len(docs) - kept):
            words = [rng.choice(vocabulary) for _ in range(rng.randrange(80, 200))]
            day = f"20{rng.randrange(20, 22)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
            singles.append({"id": f"r{i:06d}", "published": day, "text": " ".join(words) + "."})
        docs = docs[:kept] + singles
    with open(out, "w", encoding="utf-8") as f:
        for doc in docs:
            doc["source"] = rng.choices(outlets, weights)[0]
            doc["url"] = f"https://{doc['source']}.example/{doc['id']}"
            f.write(json.dumps(doc) + "\n")


if __name__ == "__main__":
    main()
