"""Boosted decision trees of fixed depth for bench/content-fit and bench/page-type-fit.

Newton boosting on the logistic loss (as in XGBoost: leaf value -G/(H+lambda),
split gain G_l^2/(H_l+lambda) + G_r^2/(H_r+lambda) - G^2/(H+lambda)), each
feature cut at up to 32 quantiles; every tree is complete and level-ordered,
the layout src/extract/trees.c evaluates.  Needs numpy.
"""
import numpy as np

DEPTH = 3


def quantile_cuts(X, bins):
    cuts = []
    for j in range(X.shape[1]):
        values = np.unique(X[:, j])
        if len(values) > bins:
            # Quantiles, moved to the midpoint above: a threshold never equals a
            # value, so rounding in the dump cannot send a block the other way.
            at = np.unique(np.searchsorted(values, np.quantile(X[:, j], np.linspace(0, 1, bins + 1)[1:-1])))
            at = at[at < len(values) - 1]
            cuts.append((values[at] + values[at + 1]) / 2.0)
        else:
            cuts.append((values[:-1] + values[1:]) / 2.0)
    return cuts


def fit(X, y, w, rounds, shrink, lam, min_weight, bins=32, depth=DEPTH):
    """Level-wise trees of depth DEPTH on binned features: [(splits, leaves)],
    splits[level][node] = (feature, threshold)."""
    cuts = quantile_cuts(X, bins)
    B = np.zeros(X.shape, dtype=np.int32)
    for j, c in enumerate(cuts):
        B[:, j] = np.searchsorted(c, X[:, j], side="left")
    width = max(len(c) for c in cuts) + 1
    n, m = X.shape
    score = np.zeros(n)
    base = np.log((np.sum(w * y) + 1) / (np.sum(w * (1 - y)) + 1))
    score += base
    trees = []
    rows = np.arange(n)
    for _ in range(rounds):
        p = 1 / (1 + np.exp(-score))
        g = (p - y) * w
        h = p * (1 - p) * w + 1e-12
        node = np.zeros(n, dtype=np.int64)
        splits = []
        for level in range(depth):
            count = 2 ** level
            G = np.bincount(node, weights=g, minlength=count)
            H = np.bincount(node, weights=h, minlength=count)
            best = [(0.0, 0, np.inf)] * count
            for j in range(m):
                index = node * width + B[:, j]
                gh = np.bincount(index, weights=g, minlength=count * width).reshape(count, width)
                hh = np.bincount(index, weights=h, minlength=count * width).reshape(count, width)
                gl, hl = np.cumsum(gh, 1)[:, :-1], np.cumsum(hh, 1)[:, :-1]
                gr, hr = G[:, None] - gl, H[:, None] - hl
                gain = gl ** 2 / (hl + lam) + gr ** 2 / (hr + lam) - (G ** 2 / (H + lam))[:, None]
                gain[(hl < min_weight) | (hr < min_weight)] = 0
                for k in range(count):
                    b = int(np.argmax(gain[k]))
                    if gain[k, b] > best[k][0] and b < len(cuts[j]):
                        best[k] = (gain[k, b], j, float(cuts[j][b]))
            level_splits = [(f, t) for _, f, t in best]
            feature = np.array([f for f, _ in level_splits])
            threshold = np.array([t for _, t in level_splits])
            node = node * 2 + (X[rows, feature[node]] > threshold[node])
            splits.append(level_splits)
        leaves = 2 ** depth
        G = np.bincount(node, weights=g, minlength=leaves)
        H = np.bincount(node, weights=h, minlength=leaves)
        leaf = -shrink * G / (H + lam)
        score += leaf[node]
        trees.append((splits, leaf))
    return base, trees


def predict(model, X):
    base, trees = model
    n = X.shape[0]
    rows = np.arange(n)
    score = np.full(n, base)
    for splits, leaf in trees:
        node = np.zeros(n, dtype=np.int64)
        for level_splits in splits:
            feature = np.array([f for f, _ in level_splits])
            threshold = np.array([t for _, t in level_splits])
            node = node * 2 + (X[rows, feature[node]] > threshold[node])
        score += leaf[node]
    return score


def c_trees(model, name="trees"):
    """The trees as a C table for src/extract/trees.h, shallower trees grown
    to depth 3 with splits that never fire (their leaf on the leftmost path)."""
    base, trees = model
    lines = ["static const double %s_bias = %.17g;" % (name, base), "static const lede__tree %s[] = {" % name]
    for splits, leaf in trees:
        depth = len(splits)
        flat = [s for level in splits for s in level]
        flat += [(0, np.inf)] * (7 - len(flat))
        leaves = [0.0] * 8
        for k, value in enumerate(leaf):
            leaves[k << (3 - depth)] = value
        features = ", ".join(str(f) for f, _ in flat)
        thresholds = ", ".join("%.17g" % t if np.isfinite(t) else "1e300" for _, t in flat)
        lines.append("\t{{%s}, {%s}, {%s}}," % (features, thresholds, ", ".join("%.17g" % v for v in leaves)))
    lines.append("};")
    return "\n".join(lines)
