"""Edge-list operations the layout needs, in plain numpy (private to the layout modules).

Two small pieces that would otherwise pull scipy (80 MB in the packaged app) in: folding
parallel edges together, and labelling connected components.
"""

from __future__ import annotations

import numpy as np


def sum_duplicates(lo: np.ndarray, hi: np.ndarray, w: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fold repeated (lo, hi) pairs into one, summing their weights.

    Returns (rows, cols, weights) sorted by row, then column; ``n`` is the node count.
    """
    lo = np.asarray(lo, dtype=np.int64)
    hi = np.asarray(hi, dtype=np.int64)
    w = np.asarray(w, dtype=np.float64)
    if len(lo) == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float64)
    key = lo * max(int(n), 1) + hi
    keys, inverse = np.unique(key, return_inverse=True)
    summed = np.bincount(inverse.reshape(-1), w, len(keys))
    return keys // n, keys % n, summed


def connected_components(n: int, ei: np.ndarray, ej: np.ndarray) -> tuple[int, np.ndarray]:
    """(count, labels) of the undirected graph on ``n`` nodes with edges (ei[k], ej[k]).

    Labels run 0..count-1 in the order of each component's lowest node. Each round hooks
    every root onto the lowest root it shares an edge with, then pointer jumping flattens the
    trees; a handful of rounds suffice even for long paths.
    """
    parent = np.arange(n, dtype=np.int64)
    ei = np.asarray(ei, dtype=np.int64)
    ej = np.asarray(ej, dtype=np.int64)
    while len(ei):
        ri = parent[ei]
        rj = parent[ej]
        differ = ri != rj
        if not differ.any():
            break
        ri, rj = ri[differ], rj[differ]
        # Parents only ever decrease, so the hooks never form a cycle.
        np.minimum.at(parent, np.maximum(ri, rj), np.minimum(ri, rj))
        while True:
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand
        # Edges already inside one component never need looking at again.
        same = parent[ei] == parent[ej]
        if same.all():
            break
        ei, ej = ei[~same], ej[~same]
    roots, labels = np.unique(parent, return_inverse=True)
    return len(roots), labels.reshape(-1)
