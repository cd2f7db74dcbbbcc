"""Relationships between the same two actors: curved apart, or gathered into one counted line.

Two relationships between one pair (Nazarbayev chose Tokayev as successor *and* spoke with him)
drawn as straight lines a few pixels apart cannot be told apart or clicked: the screen and
every export curve them with these functions. A pair with more than :data:`COLLAPSE_OVER`
relationships is a thicket even curved: it is drawn as one line with a count (on screen until
the investigator opens it).

Plain numpy, no Qt: the view calls them with its zoom's pixel size, the exports
(``desktop.export.mapdata.MapData.pairs``, ``render.py``) with a page's points.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["COLLAPSE_OVER", "PairBundles", "curve_controls", "curve_points", "pair_bundles", "pair_order"]

#: A pair with more relationships than this is drawn as one line with a count badge.
COLLAPSE_OVER = 3


@dataclass
class PairBundles:
    """How the shown relationships of a map are drawn pair by pair.

    Attributes:
        lanes: (m,) each edge's place among the drawn edges of its pair, ``-k..k`` around 0;
            0 for an edge alone with its pair and for a collapsed pair's one line.
        drawn: (m,) shown and not folded into a collapsed pair's line.
        bundle: (m,) index into ``collapsed`` of the pair an edge belongs to, or -1.
        collapsed: per collapsed pair, the rows of its shown edges; the first is the one drawn.
    """

    lanes: np.ndarray
    drawn: np.ndarray
    bundle: np.ndarray
    collapsed: list[np.ndarray] = field(default_factory=list)


def _pair_keys(edges: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.minimum(edges[:, 0], edges[:, 1]), np.maximum(edges[:, 0], edges[:, 1])


def pair_order(edges: np.ndarray) -> np.ndarray:
    """Every edge's row sorted by its pair (lower node row, higher node row), then by row: what
    :func:`pair_bundles` sorts the shown edges by. A map whose filter changes many times a
    second (a time window sliding) sorts its edges once and passes this as ``order``."""
    edges = np.asarray(edges).reshape(-1, 2)
    lo, hi = _pair_keys(edges)
    return np.lexsort((np.arange(len(edges)), hi, lo))


def pair_bundles(
    edges: np.ndarray,
    shown: np.ndarray,
    *,
    open_pairs: set[tuple[int, int]] | None = None,
    pair_ids: np.ndarray | None = None,
    collapse_over: int = COLLAPSE_OVER,
    order: np.ndarray | None = None,
) -> PairBundles:
    """Lanes of the shown edges, and which pairs fold into one line.

    Args:
        edges: (m, 2) node rows of each edge.
        shown: (m,) bool, the edges the filter shows (hidden ones take no lane).
        open_pairs: pairs the investigator opened, as sorted ``(id, id)`` tuples of
            ``pair_ids`` (actor ids, so an opened pair stays open when rows are renumbered).
        pair_ids: (n,) the id of each node row; defaults to the row itself.
        collapse_over: pairs with more shown edges than this collapse unless open.
        order: :func:`pair_order` of ``edges``, if the caller keeps it (the result is the same).
    """
    m = len(edges)
    lanes = np.zeros(m)
    drawn = np.asarray(shown, dtype=bool).copy()
    bundle = np.full(m, -1, dtype=np.int64)
    if order is None:
        rows = np.flatnonzero(drawn)
        if len(rows) == 0:
            return PairBundles(lanes, drawn, bundle)
        lo, hi = _pair_keys(np.asarray(edges)[rows])
        by_pair = np.lexsort((rows, hi, lo))
        lo, hi, rows = lo[by_pair], hi[by_pair], rows[by_pair]
    else:
        # the shown ones of all edges in pair order are the shown edges in pair order
        rows = order[drawn[order]]
        if len(rows) == 0:
            return PairBundles(lanes, drawn, bundle)
        lo, hi = _pair_keys(np.asarray(edges)[rows])
    new_group = np.ones(len(rows), dtype=bool)
    new_group[1:] = (lo[1:] != lo[:-1]) | (hi[1:] != hi[:-1])
    starts = np.flatnonzero(new_group)
    sizes = np.diff(np.append(starts, len(rows)))
    gid = np.cumsum(new_group) - 1
    rank = np.arange(len(rows)) - starts[gid]
    lanes[rows] = rank - (sizes[gid] - 1) / 2.0
    collapsed: list[np.ndarray] = []
    ids = np.arange(int(max(lo.max(), hi.max())) + 1) if pair_ids is None else np.asarray(pair_ids)
    opened = open_pairs or set()
    for g in np.flatnonzero(sizes > collapse_over):
        members = rows[starts[g] : starts[g] + sizes[g]]
        a, b = int(ids[lo[starts[g]]]), int(ids[hi[starts[g]]])
        if (min(a, b), max(a, b)) in opened:
            continue
        bundle[members] = len(collapsed)
        lanes[members] = 0.0
        drawn[members[1:]] = False
        collapsed.append(members)
    return PairBundles(lanes, drawn, bundle, collapsed)


def chords(pos: np.ndarray, edges: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each edge's ends ``a``, ``b``, length, unit direction and lane normal. The normal is
    taken from the lower node row to the higher one, so the lanes of A->B and B->A fan apart
    rather than onto each other (straight lanes on screen, curves on screen and on paper)."""
    a = pos[edges[:, 0]]
    b = pos[edges[:, 1]]
    d = b - a
    length = np.hypot(d[:, 0], d[:, 1])
    u = d / np.where(length > 0, length, 1.0)[:, None]
    flip = np.where(edges[:, 0] <= edges[:, 1], 1.0, -1.0)
    normal = np.stack([-u[:, 1], u[:, 0]], axis=1) * flip[:, None]
    return a, b, length, u, normal


def curve_controls(pos: np.ndarray, edges: np.ndarray, lanes: np.ndarray, *, bulge: float) -> np.ndarray:
    """Control point (k, 2) of each edge's quadratic curve, whose middle stands ``lane * bulge``
    off the straight line between its ends.

    The side is given by the normal from the lower node row to the higher one, so A->B and B->A
    fan apart rather than onto each other. The screen (:func:`curve_points`) and the exports
    (which draw the quadratic itself) both bend their lines with it.
    """
    a, b, _length, _u, normal = chords(pos, edges)
    # a quadratic's middle lies halfway between the chord's middle and the control point
    return (a + b) / 2 + normal * (2.0 * np.asarray(lanes, dtype=np.float64) * bulge)[:, None]


def curve_points(
    pos: np.ndarray,
    edges: np.ndarray,
    lanes: np.ndarray,
    *,
    bulge: float,
    trim_start: np.ndarray | float = 0.0,
    trim_end: np.ndarray | float = 0.0,
    segments: int = 16,
) -> np.ndarray:
    """Points (k, segments + 1, 2) along each edge's curve, in data units.

    Each edge is a quadratic curve whose middle stands ``lane * bulge`` off the straight line
    (lane 0 is the straight line), on the side given by the normal from the lower node row to
    the higher one, so A->B and B->A fan apart rather than onto each other: the exports'
    curves. Ends are pulled in by ``trim_start``/``trim_end`` along the curve so a line stops at
    the node's rim.
    """
    k = len(edges)
    if k == 0:
        return np.empty((0, segments + 1, 2))
    a = pos[edges[:, 0]]
    b = pos[edges[:, 1]]
    ctrl = curve_controls(pos, edges, lanes, bulge=bulge)
    ts = np.broadcast_to(np.asarray(trim_start, dtype=np.float64), (k,))
    te = np.broadcast_to(np.asarray(trim_end, dtype=np.float64), (k,))
    # the curve leaves an end at speed 2|ctrl - end|: to first order a trim of r is t = r / speed
    speed0 = np.maximum(2.0 * np.hypot(*(ctrl - a).T), 1e-12)
    speed1 = np.maximum(2.0 * np.hypot(*(ctrl - b).T), 1e-12)
    t0 = np.clip(ts / speed0, 0.0, 0.45)
    t1 = 1.0 - np.clip(te / speed1, 0.0, 0.45)
    t = t0[:, None] + (t1 - t0)[:, None] * np.linspace(0.0, 1.0, segments + 1)[None, :]
    w0, w1, w2 = (1 - t) ** 2, 2 * t * (1 - t), t**2
    return w0[..., None] * a[:, None, :] + w1[..., None] * ctrl[:, None, :] + w2[..., None] * b[:, None, :]
