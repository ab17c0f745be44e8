"""Peer for story clustering: TF-IDF (scikit-learn) + average-link
agglomerative clustering on cosine distance, the usual baseline. The linkage
tree is built once (scipy, the same algorithm as scikit-learn's
AgglomerativeClustering(linkage="average", metric="cosine")) and cut at each
threshold. Its distance threshold is swept and the
best one *on the labels themselves* is reported, as the data README does:
an upper bound for the peer, not a configuration a user could know.

Usage: python stories_peer.py FILE.jsonl...   (prints one JSON line per file)
"""
import json
import sys
import time
from collections import defaultdict

from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import pdist
from sklearn.feature_extraction.text import TfidfVectorizer


def bcubed(gold, pred):
    g, p = defaultdict(set), defaultdict(set)
    for i, (a, b) in enumerate(zip(gold, pred)):
        g[a].add(i)
        p[b].add(i)
    n = len(gold)
    prec = sum(len(p[pred[i]] & g[gold[i]]) / len(p[pred[i]]) for i in range(n)) / n
    rec = sum(len(p[pred[i]] & g[gold[i]]) / len(g[gold[i]]) for i in range(n)) / n
    return prec, rec, 2 * prec * rec / (prec + rec)


def main():
    for path in sys.argv[1:]:
        docs = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
        texts = [d["text"] for d in docs]
        gold = [d["event_cluster"] for d in docs]
        started = time.time()
        x = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts).toarray()
        tree = linkage(pdist(x, metric="cosine"), method="average")
        best = None
        for step in range(10, 100):
            threshold = step / 100
            pred = list(fcluster(tree, t=threshold, criterion="distance"))
            p, r, f = bcubed(gold, pred)
            if best is None or f > best["f1"]:
                best = {"threshold": threshold, "precision": p, "recall": r, "f1": f, "stories": len(set(pred))}
        best["data"] = path
        best["seconds_for_sweep"] = round(time.time() - started, 2)
        print(json.dumps(best))


if __name__ == "__main__":
    main()
