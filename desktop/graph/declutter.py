"""Finishing passes over a force layout so the map reads well. Pure numpy, no Qt.

* :func:`declutter` moves actors drawn on top of each other apart, each only as far as it
  must: an actor stays among the neighbours the layout gave it, so clusters stay clusters.
* :func:`compact` closes the empty space between clusters. A clustering layout (LinLog) draws
  communities as tight knots far apart: at 20,000 actors the picture is a few hundred times
  wider than the gap between two actors of one knot, so at "fit" every knot is a dot and
  nobody can be clicked without zooming 200x. The drawing is scaled down to a sane size and
  the knots, now piles, are spread back into discs where they were.
* :func:`orient` turns a drawing's long axis along the view's.

All of them are near-linear in time and memory: neighbours are found through sorted grid keys
(desktop.geometry), never by comparing every pair, and a pile of actors on one spot is spread
in one step instead of by pairwise pushes, whose count would grow with the square of its size.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from desktop.geometry import close_pairs, median_nearest_gap

__all__ = ["compact", "declutter", "orient"]

# Pairs measured per actor in one pass at most; past that, piles are spread first (see _spread_piles).
_PAIRS_PER_ACTOR = 12
# A grid cell (side min_sep) holding more actors than this is a pile.
_PILE = 3


def _unit(x: np.ndarray) -> float:
    """The median nearest-neighbour gap of the finite rows, or 1.0 when there is none."""
    gap = median_nearest_gap(x)
    return gap if gap is not None and gap > 0 and np.isfinite(gap) else 1.0


def declutter(
    pos: np.ndarray,
    edges: np.ndarray | None = None,
    *,
    pinned: np.ndarray | None = None,
    min_sep: float = 0.75,
    max_len: float | None = None,
    iterations: int | None = None,
    should_stop: Callable[[], bool] | None = None,
    sep: float | None = None,
) -> np.ndarray:
    """Positions (n, 2) where no two actors are closer than ``min_sep`` typical gaps.

    The typical gap is the median distance from an actor to its nearest other actor, so the
    pass works at any drawing scale and never inflates a clustered drawing. Each overlapping
    pair is pushed apart along the line joining it (averaged over an actor's overlaps, so a
    crowded actor does not overshoot); a pinned actor does not move and its partner takes the
    whole push. ``sep``, if given, is the spacing in drawing units instead. Piles too dense to
    push pair by pair are first spread into a disc around their centre, keeping each actor's
    direction from that centre. ``max_len`` (in median relationship lengths, needs ``edges``)
    also pulls over-long relationships in; off by default because it drags communities into
    each other. Pinned and NaN rows come back unchanged. Time and memory grow linearly with
    the actors.
    """
    x = np.array(pos, dtype=np.float64).reshape(-1, 2)
    n = len(x)
    if n < 2:
        return x
    ok = np.asarray(np.isfinite(x).all(axis=1))
    fixed = np.zeros(n, dtype=bool) if pinned is None else np.asarray(pinned, dtype=bool).reshape(-1) & ok
    movable = ok & ~fixed
    if not movable.any():
        return x
    lo = sep if sep is not None else min_sep * _unit(x[ok])
    hi = None
    e = np.empty((0, 2), dtype=np.int64)
    if max_len is not None and edges is not None and len(edges):
        e = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
        e = e[(e[:, 0] != e[:, 1]) & ok[e[:, 0]] & ok[e[:, 1]]]
        if len(e):
            d = np.hypot(*(x[e[:, 1]] - x[e[:, 0]]).T)
            d = d[d > 0]
            hi = max_len * float(np.median(d)) if len(d) else None
    idx = np.flatnonzero(ok)
    rng = np.random.default_rng(0)
    if iterations is None:
        iterations = 60 if n <= 2000 else 30 if n <= 20000 else 8
    limit = _PAIRS_PER_ACTOR * len(idx)
    for _ in range(iterations):
        if should_stop is not None and should_stop():
            break
        delta = np.zeros_like(x)
        weight = np.zeros(n)
        moved = False
        if hi is not None:
            a, b = e[:, 0], e[:, 1]
            v = x[b] - x[a]
            d = np.hypot(v[:, 0], v[:, 1])
            long = d > hi
            if long.any():
                moved = True
                step = 0.25 * ((d[long] - hi) / d[long])[:, None] * v[long]
                np.add.at(delta, a[long], step)
                np.add.at(delta, b[long], -step)
                np.add.at(weight, a[long], 1.0)
                np.add.at(weight, b[long], 1.0)
        pairs = close_pairs(x[idx], lo, limit=limit)
        if pairs is None:
            # Too many actors on too few spots: spread the piles, then measure again.
            x[idx] = _spread_piles(x[idx], movable[idx], lo)
            continue
        if len(pairs):
            moved = True
            i, j = idx[pairs[:, 0]], idx[pairs[:, 1]]
            v = x[j] - x[i]
            d = np.hypot(v[:, 0], v[:, 1])
            same = d < 1e-9 * lo
            if same.any():  # exactly on top of each other: any direction will do
                ang = rng.uniform(0, 2 * np.pi, int(same.sum()))
                v[same] = np.column_stack([np.cos(ang), np.sin(ang)])
                d[same] = 1.0
            u = v / d[:, None]
            # A pinned actor does not give way, so the other one moves the whole distance.
            share_i = np.where(movable[j], 0.5, 1.0) * movable[i]
            share_j = np.where(movable[i], 0.5, 1.0) * movable[j]
            gap = (lo - np.where(same, 0.0, d))[:, None] * 1.02
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


def _spread_piles(x: np.ndarray, movable: np.ndarray, sep: float) -> np.ndarray:
    """Spread every crowded grid cell's movable actors into a disc of the right size.

    Cells are ``sep`` wide; a cell with more than ``_PILE`` actors is a pile. Its actors keep
    their direction from the pile's centre and their order of distance, but are set at radii
    growing with the square root of that order, so the pile becomes a disc of about one actor
    per ``sep``-sized spot. Done once, this turns a pile of thousands (quadratic to push apart
    pair by pair) into a crowd the pairwise pass finishes in a few local steps.
    """
    x = x.copy()
    cell = np.floor((x - x.min(axis=0)) / sep).astype(np.int64)
    key = cell[:, 0] * (int(cell[:, 1].max()) + 1) + cell[:, 1]
    _, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    crowded = counts[inverse] > _PILE
    rows = np.flatnonzero(crowded & movable)
    if len(rows) == 0:
        return x
    group = inverse[rows]
    k = int(inverse.max()) + 1
    cnt = np.bincount(group, minlength=k).astype(np.float64)
    centre = np.column_stack([np.bincount(group, x[rows, d], k) for d in (0, 1)]) / np.maximum(cnt, 1)[:, None]
    off = x[rows] - centre[group]
    r = np.hypot(off[:, 0], off[:, 1])
    # Rank by distance from the centre inside each pile (ties by row: deterministic).
    order = np.lexsort((rows, r, group))
    start = np.searchsorted(group[order], np.arange(k))
    rank = np.empty(len(rows), dtype=np.int64)
    rank[order] = np.arange(len(rows)) - start[group[order]]
    # Golden-angle directions for actors exactly on the centre (no direction of their own).
    ang = np.where(r > 1e-12 * sep, np.arctan2(off[:, 1], off[:, 0]), rank * 2.399963229728653)
    radius = sep * 0.6 * np.sqrt(rank + 0.5)
    x[rows] = centre[group] + radius[:, None] * np.column_stack([np.cos(ang), np.sin(ang)])
    return x


def compact(
    pos: np.ndarray,
    *,
    aspect: float | None = None,
    spread: float = 7.0,
    min_sep: float = 1.0,
    should_stop: Callable[[], bool] | None = None,
) -> np.ndarray:
    """Close up a drawing whose clusters are dots far apart, then declutter it.

    A drawing of ``n`` actors whose typical gap (median distance to the nearest actor) is g
    needs about sqrt(n) g each way when spread evenly. A clustering layout can come out a
    hundred times wider than that. When the drawing is more than ``spread`` sqrt(n) g across
    (geometric mean of width and height), it is scaled down about its centre to that size,
    which piles each cluster's actors onto a few spots; :func:`declutter` then spreads the
    piles back to ``min_sep`` g apart. Each cluster becomes a disc of actors the size its
    members need, where they were; the empty space between clusters shrinks. With ``aspect``
    (width / height) the scaled-down drawing is given that shape (x and y scaled apart: the
    clusters, spread afterwards, stay round). Returns
    positions in the input's scale; NaN rows stay NaN. Drawings that are not too wide are
    only decluttered.
    """
    x = np.array(pos, dtype=np.float64).reshape(-1, 2)
    ok = np.isfinite(x).all(axis=1)
    if ok.sum() < 3:
        return x
    unit = _unit(x[ok])
    span = np.ptp(x[ok], axis=0)
    across = float(np.sqrt(max(span[0], unit) * max(span[1], unit)))
    limit = spread * np.sqrt(ok.sum()) * unit
    if across > limit:
        factor = np.full(2, limit / across)
        if aspect is not None and aspect > 0 and span.min() > 0:
            area = limit * limit
            factor = np.array([np.sqrt(area * aspect), np.sqrt(area / aspect)]) / span
        centre = x[ok].mean(axis=0)
        x[ok] = centre + (x[ok] - centre) * factor
    return declutter(x, sep=min_sep * unit, should_stop=should_stop)


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
