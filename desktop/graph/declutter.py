"""A finishing pass over a force layout so the map reads well: no two actors drawn on top of
each other, no relationship stretched across the whole picture. Pure numpy, no Qt.

Force layouts that show clusters well (LinLog) pull an actor with one relationship right onto
its neighbour and push clusters far apart; on a small map that means overlapping names and one
very long line. This pass keeps the layout's shape and only fixes those two things.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from desktop.geometry import close_pairs

__all__ = ["declutter", "orient"]


def declutter(pos: np.ndarray, edges: np.ndarray, *, pinned: np.ndarray | None = None,
              min_sep: float = 0.85, max_len: float = 2.2, iterations: int | None = None,
              should_stop: Callable[[], bool] | None = None) -> np.ndarray:
    """Positions (n, 2) with actors at least ``min_sep`` and relationships at most ``max_len``
    apart, both in median edge lengths. Pinned rows and NaN rows are returned unchanged."""
    x = np.array(pos, dtype=np.float64).reshape(-1, 2)
    n = len(x)
    if n < 2:
        return x
    ok = np.isfinite(x).all(axis=1)
    movable = ok.copy() if pinned is None else ok & ~np.asarray(pinned, dtype=bool)
    e = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    e = e[(e[:, 0] != e[:, 1]) & ok[e[:, 0]] & ok[e[:, 1]]] if len(e) else e
    if len(e):
        d = np.hypot(*(x[e[:, 1]] - x[e[:, 0]]).T)
        d = d[d > 0]
        unit = float(np.median(d)) if len(d) else 1.0
    else:
        unit = 1.0
    if unit <= 0 or not np.isfinite(unit):
        return x
    lo, hi = min_sep * unit, max_len * unit
    idx = np.flatnonzero(ok)
    rng = np.random.default_rng(0)
    if iterations is None:
        iterations = 60 if n <= 2000 else 12
    for _ in range(iterations):
        if should_stop is not None and should_stop():
            break
        moved = False
        delta = np.zeros_like(x)
        weight = np.zeros(n)
        # Pull over-long relationships in, half the excess per end.
        if len(e):
            a, b = e[:, 0], e[:, 1]
            v = x[b] - x[a]
            d = np.hypot(v[:, 0], v[:, 1])
            long = d > hi
            if long.any():
                moved = True
                u = v[long] / d[long][:, None]
                step = 0.25 * (d[long] - hi)[:, None] * u
                np.add.at(delta, a[long], step)
                np.add.at(delta, b[long], -step)
                np.add.at(weight, a[long], 1.0)
                np.add.at(weight, b[long], 1.0)
        # Push apart actors drawn too close together.
        pairs = close_pairs(x[idx], lo)
        if len(pairs):
            moved = True
            i, j = idx[pairs[:, 0]], idx[pairs[:, 1]]
            v = x[j] - x[i]
            d = np.hypot(v[:, 0], v[:, 1])
            same = d < 1e-9
            if same.any():  # exactly on top of each other: any direction will do
                ang = rng.uniform(0, 2 * np.pi, int(same.sum()))
                v[same] = np.column_stack([np.cos(ang), np.sin(ang)])
                d[same] = 1.0
            u = v / d[:, None]
            # A pinned actor does not give way, so the other one moves the whole distance.
            share_i = np.where(movable[j], 0.5, 1.0)
            share_j = np.where(movable[i], 0.5, 1.0)
            gap = (lo - np.where(same, 0.0, d))[:, None]
            np.add.at(delta, i, -gap * u * share_i[:, None])
            np.add.at(delta, j, gap * u * share_j[:, None])
            np.add.at(weight, i, 1.0)
            np.add.at(weight, j, 1.0)
        if not moved:
            break
        # Averaging the corrections (not summing) keeps crowded actors from overshooting.
        w = np.maximum(weight, 1.0)[:, None]
        x[movable] += (delta / np.sqrt(w))[movable]
    return x


def orient(pos: np.ndarray, *, wide: bool = True) -> np.ndarray:
    """Turn a fresh layout so its long axis runs along the view's long axis (``wide``: left to
    right, else top to bottom), so the map fills the view instead of a strip of it.

    Only a rotation (and a mirror to keep it proper) about the centroid: distances and the
    layout's shape are unchanged. NaN rows stay NaN.
    """
    x = np.array(pos, dtype=np.float64).reshape(-1, 2)
    ok = np.isfinite(x).all(axis=1)
    if ok.sum() < 3:
        return x
    c = x[ok].mean(axis=0)
    centred = x[ok] - c
    _, vecs = np.linalg.eigh(np.cov(centred.T))
    major = vecs[:, -1]
    angle = np.arctan2(major[1], major[0]) - (0.0 if wide else np.pi / 2)
    cos, sin = np.cos(-angle), np.sin(-angle)
    rot = np.array([[cos, -sin], [sin, cos]])
    x[ok] = centred @ rot.T + c
    return x
