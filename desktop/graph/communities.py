"""Communities of actors: the groups a big map should read as, with a name and a shape each.

A 5,000-actor map at "fit" is too small to show names; what it can show is its groups. These
pure functions find them (networkx's Louvain method, seeded, so the same workspace always
splits the same way) and describe each for drawing: its members, its two or three most
connected actors (whose names stand for the group when zoomed out), and, from the drawn
positions, a centre and a convex hull. The drawing itself (soft hulls, tints, big names) is
the view's business. No Qt here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["Community", "communities", "summarise"]

# Groups smaller than this are not worth a hull or a big name: their actors get label -1.
MIN_SIZE = 3


def communities(edges: np.ndarray, n: int, *, weights: np.ndarray | None = None, seed: int = 0,
                resolution: float = 1.0, min_size: int = MIN_SIZE) -> np.ndarray:
    """Community label per actor, (n,) int64: 0 for the biggest community, 1 for the next, ...

    Louvain modularity optimisation (networkx) on the undirected graph of ``edges`` (parallel
    relationships add their ``weights``, 1 each by default; self-loops are ignored). Ties in
    size are broken by the lowest actor row, so the labels are deterministic for a given
    ``seed``. Actors in communities smaller than ``min_size`` (and actors with no
    relationship) get -1. ``resolution`` above 1 finds more, smaller communities.
    """
    n = int(n)
    labels = np.full(n, -1, dtype=np.int64)
    e = np.asarray(edges if edges is not None else np.empty((0, 2)), dtype=np.int64).reshape(-1, 2)
    w = np.ones(len(e)) if weights is None else np.asarray(weights, dtype=np.float64).reshape(-1)
    if len(w) != len(e):
        raise ValueError(f"expected {len(e)} weights, got {len(w)}")
    if len(e) and (e.min() < 0 or e.max() >= n):
        raise ValueError(f"edge endpoints must lie in [0, {n})")
    keep = e[:, 0] != e[:, 1]
    e, w = e[keep], w[keep]
    if len(e) == 0:
        return labels
    lo, hi = np.minimum(e[:, 0], e[:, 1]), np.maximum(e[:, 0], e[:, 1])
    key, inverse = np.unique(lo * n + hi, return_inverse=True)
    summed = np.bincount(inverse.reshape(-1), w, len(key))
    import networkx as nx  # here, not at the top: the window must start without it (issue 12)

    g = nx.Graph()
    linked = np.unique(np.concatenate([lo, hi]))
    g.add_nodes_from(linked.tolist())
    g.add_weighted_edges_from(zip((key // n).tolist(), (key % n).tolist(), summed.tolist()))
    found = nx.community.louvain_communities(g, weight="weight", resolution=resolution, seed=seed)
    groups = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    label = 0
    for members in groups:
        if len(members) < min_size:
            continue
        labels[np.asarray(members, dtype=np.int64)] = label
        label += 1
    return labels


@dataclass(frozen=True)
class Community:
    """One community as the view draws it.

    Attributes:
        label: its number in the labels array (0 = biggest).
        members: actor rows, ascending.
        leaders: rows of its most connected members, most connected first (relationships
            inside the community, then all relationships, then row).
        names: the leaders' names, in the same order.
        centre: (2,) mean position of the members.
        hull: (k, 2) convex hull of the members' positions, counter-clockwise, pushed out by
            ``pad``; fewer than three points when the members lie on a point or a line.
    """

    label: int
    members: np.ndarray
    leaders: tuple[int, ...]
    names: tuple[str, ...]
    centre: np.ndarray
    hull: np.ndarray


def _convex_hull(pts: np.ndarray) -> np.ndarray:
    """Convex hull of points (k, 2), counter-clockwise, no repeated end (Andrew's monotone chain)."""
    p = np.unique(pts, axis=0)  # sorted by x, then y
    if len(p) <= 2:
        return p

    def half(points: np.ndarray) -> list[np.ndarray]:
        chain: list[np.ndarray] = []
        for q in points:
            while len(chain) >= 2:
                a, b = chain[-2], chain[-1]
                if (b[0] - a[0]) * (q[1] - a[1]) - (b[1] - a[1]) * (q[0] - a[0]) > 0:
                    break
                chain.pop()
            chain.append(q)
        return chain

    lower = half(p)
    upper = half(p[::-1])
    hull = np.array(lower[:-1] + upper[:-1])
    return hull if len(hull) >= 3 else p[[0, -1]]


def _pad(hull: np.ndarray, centre: np.ndarray, pad: float) -> np.ndarray:
    """Each hull corner moved ``pad`` further from the centre (a simple outward offset)."""
    if pad <= 0 or len(hull) == 0:
        return hull
    v = hull - centre
    d = np.hypot(v[:, 0], v[:, 1])
    d = np.where(d > 0, d, 1.0)
    return hull + v / d[:, None] * pad


def summarise(labels: np.ndarray, pos: np.ndarray, edges: np.ndarray, names: Sequence[str], *, top: int = 3,
              pad: float = 0.0) -> list[Community]:
    """One :class:`Community` per label >= 0, in label order (biggest first).

    ``top`` leaders are named per community (fewer in smaller ones: at most a third of the
    members, at least one). Positions with NaN are left out of centres and hulls.
    """
    labels = np.asarray(labels, dtype=np.int64).reshape(-1)
    n = len(labels)
    x = np.asarray(pos, dtype=np.float64).reshape(-1, 2)
    if len(x) != n or len(names) != n:
        raise ValueError("labels, pos and names must have one row per actor")
    e = np.asarray(edges if edges is not None else np.empty((0, 2)), dtype=np.int64).reshape(-1, 2)
    e = e[e[:, 0] != e[:, 1]]
    deg = np.bincount(e.ravel(), minlength=n)[:n] if len(e) else np.zeros(n, dtype=np.int64)
    inside = np.zeros(n, dtype=np.int64)
    if len(e):
        same = (labels[e[:, 0]] == labels[e[:, 1]]) & (labels[e[:, 0]] >= 0)
        inside = np.bincount(e[same].ravel(), minlength=n)[:n]
    out: list[Community] = []
    count = int(labels.max()) + 1 if n else 0
    order = np.argsort(labels, kind="stable")
    starts = np.searchsorted(labels[order], np.arange(count + 1))
    for c in range(count):
        members = np.sort(order[starts[c]: starts[c + 1]])
        if len(members) == 0:
            continue
        rank = np.lexsort((members, -deg[members], -inside[members]))
        k = max(1, min(top, len(members) // 3))
        leaders = tuple(int(r) for r in members[rank[:k]])
        pts = x[members]
        pts = pts[np.isfinite(pts).all(axis=1)]
        centre = pts.mean(axis=0) if len(pts) else np.full(2, np.nan)
        hull = _pad(_convex_hull(pts), centre, pad) if len(pts) else np.empty((0, 2))
        out.append(Community(label=c, members=members, leaders=leaders, names=tuple(names[r] for r in leaders),
                             centre=centre, hull=hull))
    return out
