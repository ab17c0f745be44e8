"""Builds a large JSONL corpus for timing the stories stage (not for accuracy).

Each synthetic article takes a real article (from the labelled story sets)
as its event, keeps a random 60-90% of its sentences in order, adds two
sentences from another article, and gets a date within 30 days of its
event's date. Usage: python make_story_corpus.py N OUT.jsonl FILE.jsonl...
"""
import datetime
import json
import random
import re
import sys


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    seeds = []
    for path in sys.argv[3:]:
        for line in open(path, encoding="utf-8"):
            if line.strip():
                text = json.loads(line)["text"]
                sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
                if len(sentences) >= 4:
                    seeds.append(sentences)
    rng = random.Random(42)
    base = datetime.date(2020, 1, 1)
    event_day = [rng.randrange(0, 730) for _ in seeds]
    with open(out, "w", encoding="utf-8") as f:
        for i in range(n):
            e = rng.randrange(len(seeds))
            sentences = seeds[e]
            keep = [s for s in sentences if rng.random() < rng.uniform(0.6, 0.9)] or sentences[:3]
            other = seeds[rng.randrange(len(seeds))]
            keep += rng.sample(other, min(2, len(other)))
            day = base + datetime.timedelta(days=event_day[e] + rng.randrange(0, 30))
            f.write(json.dumps({"id": f"a{i:06d}", "published": day.isoformat(), "text": " ".join(keep)}) + "\n")


if __name__ == "__main__":
    main()
