"""The classic extractive summarizers, for `bench/summary-quality --classics`.

Every method gets the same candidate sentences, the ones lede keeps (its
junk filter, exact duplicates dropped: the summary driver run with a
position bonus so high that it returns every kept sentence in reading
order), the same terms (the ROUGE tokenizer's Porter stems without
stopwords, TF-IDF with IDF over the cluster's sentences) and the same
budget (sentences in the method's order, skipping those that do not fit).
So the comparison is between ways of choosing sentences, not between junk
filters.

- centroid (Radev et al. 2004): cosine to the cluster's TF-IDF centroid;
  a sentence with cosine > 0.5 to a chosen one is skipped;
- LexRank (Erkan & Radev 2004, continuous): PageRank (damping 0.85) over
  the cosine graph (edges >= 0.1), the same redundancy rule;
- MMR (Carbonell & Goldstein 1998): lambda 0.7, the centroid as the query;
- Lin & Bilmes 2011: coverage sum_i min(C_i(S), 5/N C_i(V)) plus 6 x
  diversity sum_k sqrt(sum of singleton rewards in cluster k), K = N/5
  clusters by k-means on the TF-IDF vectors, greedy with cost r = 0.3
  (quadratic in the sentences: most of the run's minute).
"""
import collections
import math

STOPWORDS = set("""a about above after again against all also am an and any are as at be because been
before being below between both but by can could did do does doing down during each even ever few for
from further had has have having he her here hers herself him himself his how however i if in into is
it its itself just like many may me might more most much must my myself no nor not now of off on once
one only or other ought our ours ourselves out over own said same say says she should since so some
still such than that the their theirs them themselves then there these they this those though through
to too under until up upon us very was we were what when where whether which while who whom whose why
will with within without would yet you your yours yourself yourselves""".split())


def vectorize(quality, sentences):
    bags = [collections.Counter(t for t in quality.tokenize(s["text"]) if t not in STOPWORDS)
            for s in sentences]
    df = collections.Counter(t for bag in bags for t in bag)
    n = len(bags)
    vectors = []
    for bag in bags:
        v = {t: c * math.log((n + 1) / df[t]) for t, c in bag.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({t: x / norm for t, x in v.items()})
    return vectors


def cosine(a, b):
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


def normalized(v):
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {t: x / norm for t, x in v.items()}


def centroid_of(vectors):
    c = collections.Counter()
    for v in vectors:
        c.update(v)
    return normalized(c)


def fill(sentences, order, vectors=None, redundancy=None, budget=300):
    chosen, left = [], budget
    for i in order:
        words = len(sentences[i]["text"].split())
        if words > left:
            continue
        if redundancy is not None and any(cosine(vectors[i], vectors[j]) > redundancy for j in chosen):
            continue
        chosen.append(i)
        left -= words
    return chosen


def centroid(sentences, vectors, budget=300):
    c = centroid_of(vectors)
    scores = [cosine(v, c) for v in vectors]
    return fill(sentences, sorted(range(len(vectors)), key=lambda i: -scores[i]), vectors, 0.5, budget)


def lexrank(sentences, vectors, damping=0.85, threshold=0.1, budget=300):
    n = len(vectors)
    weights = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            w = cosine(vectors[i], vectors[j])
            if w >= threshold:
                weights[i][j] = weights[j][i] = w
    sums = [sum(row) or 1.0 for row in weights]
    rank = [1.0 / n] * n
    for _ in range(50):
        rank = [(1 - damping) / n + damping * sum(weights[j][i] / sums[j] * rank[j] for j in range(n))
                for i in range(n)]
    return fill(sentences, sorted(range(n), key=lambda i: -rank[i]), vectors, 0.5, budget)


def mmr(sentences, vectors, weight=0.7, budget=300):
    query = centroid_of(vectors)
    relevance = [cosine(v, query) for v in vectors]
    chosen, left, remaining = [], budget, set(range(len(vectors)))
    while True:
        best = None
        for i in remaining:
            if len(sentences[i]["text"].split()) > left:
                continue
            redundancy = max((cosine(vectors[i], vectors[j]) for j in chosen), default=0.0)
            score = weight * relevance[i] - (1 - weight) * redundancy
            if best is None or score > best[0]:
                best = (score, i)
        if best is None:
            return chosen
        chosen.append(best[1])
        remaining.discard(best[1])
        left -= len(sentences[best[1]]["text"].split())


def kmeans(vectors, k, rounds=10):
    centers = [vectors[i] for i in range(0, len(vectors), max(1, len(vectors) // k))][:k]
    part = [0] * len(vectors)
    for _ in range(rounds):
        part = [max(range(len(centers)), key=lambda c: cosine(v, centers[c])) for v in vectors]
        centers = [centroid_of([v for v, p in zip(vectors, part) if p == c]) or centers[c]
                   for c in range(len(centers))]
    return part


def lin_bilmes(sentences, vectors, a=5.0, diversity=6.0, r=0.3, budget=300):
    n = len(vectors)
    sim = [[cosine(vectors[i], vectors[j]) for j in range(n)] for i in range(n)]
    total = [sum(row) for row in sim]
    alpha = a / n
    reward = [sum(sim[i][j] for i in range(n)) / n for j in range(n)]
    part = kmeans(vectors, max(1, n // 5))
    covered, cluster_reward = [0.0] * n, collections.Counter()
    chosen, left, remaining = [], budget, set(range(n))
    while True:
        best = None
        for j in remaining:
            words = len(sentences[j]["text"].split())
            if words > left:
                continue
            gain = sum(min(covered[i] + sim[i][j], alpha * total[i]) - min(covered[i], alpha * total[i])
                       for i in range(n))
            k = part[j]
            gain += diversity * (math.sqrt(cluster_reward[k] + reward[j]) - math.sqrt(cluster_reward[k]))
            score = gain / words ** r
            if best is None or score > best[0]:
                best = (score, j)
        if best is None:
            return chosen
        j = best[1]
        chosen.append(j)
        remaining.discard(j)
        left -= len(sentences[j]["text"].split())
        for i in range(n):
            covered[i] += sim[i][j]
        cluster_reward[part[j]] += reward[j]


METHODS = {"centroid": centroid, "LexRank": lexrank, "MMR": mmr, "Lin & Bilmes 2011": lin_bilmes}


def run(quality, clusters, words):
    """Rows (name, (R-1, R-2, R-Lsum), mean words) for each method, scored by `quality` (bench/summary-quality)."""
    candidates = quality.run_driver(clusters, "lede", 100000, ["--set", "lead_bonus=1e9", "--set", "quote_bonus=0"])
    rows = []
    for name, method in METHODS.items():
        predictions = {}
        for c in clusters:
            sentences = candidates.get(c["cluster"], {"sentences": []})["sentences"]
            order = method(sentences, vectorize(quality, sentences), budget=words) if sentences else []
            predictions[c["cluster"]] = {"sentences": [sentences[i] for i in order]}
        _, means, length = quality.evaluate(clusters, predictions, words)
        rows.append((name, means, length))
    return rows
