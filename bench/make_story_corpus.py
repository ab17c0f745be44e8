"""Builds a large JSONL corpus for timing the stories stage (not for accuracy).

Each synthetic article belongs to one labelled event of the story sets (ECB+,
NewsWCL50): it takes 8-15 sentences from that event's real articles, each with
a quarter of its words replaced by words drawn from the whole corpus, so that
articles of one event share vocabulary and names the way different write-ups
do, without being copies of each other. Dates fall within 30 days of the
event's date. Usage: python make_story_corpus.py N OUT.jsonl FILE.jsonl...
With HELD_OUT=SEED in the environment, the articles are drawn with that seed
(same events, same event dates) and named h000000…: new articles about the
events of a corpus made without it, for querying an index of that corpus.
"""
import datetime
import json
import os
import random
import re
import sys
from collections import defaultdict


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    events = defaultdict(list)
    vocabulary = []
    for path in sys.argv[3:]:
        for line in open(path, encoding="utf-8"):
            if not line.strip():
                continue
            doc = json.loads(line)
            sentences = [s for s in re.split(r"(?<=[.!?])\s+", doc["text"]) if len(s.split()) >= 5]
            events[f"{path}:{doc['event_cluster']}"].extend(sentences)
            vocabulary.extend(doc["text"].split())
    names = sorted(events)
    rng = random.Random(42)
    base = datetime.date(2020, 1, 1)
    event_day = {name: rng.randrange(0, 730) for name in names}
    held_out = os.environ.get("HELD_OUT")
    if held_out:
        rng = random.Random(int(held_out))
    prefix = "h" if held_out else "a"
    with open(out, "w", encoding="utf-8") as f:
        for i in range(n):
            event = names[rng.randrange(len(names))]
            pool = events[event]
            picked = rng.sample(pool, min(len(pool), rng.randrange(8, 16)))
            sentences = []
            for sentence in picked:
                words = [w if rng.random() > 0.25 else rng.choice(vocabulary) for w in sentence.split()]
                sentences.append(" ".join(words))
            day = base + datetime.timedelta(days=event_day[event] + rng.randrange(0, 30))
            record = {"id": f"{prefix}{i:06d}", "published": day.isoformat(), "text": " ".join(sentences)}
            f.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
