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

__all__ = ["Community", "Territories", "communities", "summarise", "territories", "territory_colours"]

# Groups smaller than this are not worth a hull or a big name: their actors get label -1.
MIN_SIZE = 3


def communities(
    edges: np.ndarray,
    n: int,
    *,
    weights: np.ndarray | None = None,
    seed: int = 0,
    resolution: float = 1.0,
    min_size: int = MIN_SIZE,
) -> np.ndarray:
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


def summarise(
    labels: np.ndarray,
    pos: np.ndarray,
    edges: np.ndarray,
    names: Sequence[str],
    *,
    top: int = 3,
    pad: float = 0.0,
    core: float = 1.0,
) -> list[Community]:
    """One :class:`Community` per label >= 0, in label order (biggest first).

    ``top`` leaders are named per community (fewer in smaller ones: at most a third of the
    members, at least one). Positions with NaN are left out of centres and hulls. ``core``
    below 1 draws the hull and centre around that share of the members nearest the
    community's median point, so one member laid out far away does not stretch its region
    over its neighbours'.
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
        members = np.sort(order[starts[c] : starts[c + 1]])
        if len(members) == 0:
            continue
        rank = np.lexsort((members, -deg[members], -inside[members]))
        k = max(1, min(top, len(members) // 3))
        leaders = tuple(int(r) for r in members[rank[:k]])
        pts = x[members]
        pts = pts[np.isfinite(pts).all(axis=1)]
        if core < 1.0 and len(pts) > 4:
            d = np.hypot(*(pts - np.median(pts, axis=0)).T)
            pts = pts[d <= np.quantile(d, core)]
        centre = pts.mean(axis=0) if len(pts) else np.full(2, np.nan)
        hull = _pad(_convex_hull(pts), centre, pad) if len(pts) else np.empty((0, 2))
        out.append(
            Community(
                label=c,
                members=members,
                leaders=leaders,
                names=tuple(names[r] for r in leaders),
                centre=centre,
                hull=hull,
            )
        )
    return out


@dataclass(frozen=True)
class Territories:
    """Where each community's members are densest, on a grid over the map.

    Attributes:
        extent: (x0, y0, x1, y1) the data area the grid covers; row 0 is ``y0``.
        owner: (h, w) the label of the community densest in each cell, -1 where none is near.
        strength: (h, w) 0..1, how dense that community is there (1: as dense as it gets).
        peaks: label -> (2,) the data point where that community's members are densest (a
            place for its name that is inside its own territory, unlike a mean).
    """

    extent: tuple[float, float, float, float]
    owner: np.ndarray
    strength: np.ndarray
    peaks: dict[int, np.ndarray]

    def label_at(self, x: float, y: float) -> int:
        """The community owning the cell of data point (x, y), -1 for none or outside."""
        x0, y0, x1, y1 = self.extent
        h, w = self.owner.shape
        if not (x0 <= x < x1 and y0 <= y < y1):
            return -1
        return int(self.owner[int((y - y0) / (y1 - y0) * h), int((x - x0) / (x1 - x0) * w)])


def _box_blur(a: np.ndarray, r: int, axis: int) -> np.ndarray:
    """Mean over a window of 2r+1 cells along ``axis`` (zeros beyond the edges), by cumsums."""
    if r <= 0:
        return a
    a = np.moveaxis(a, axis, -1)
    pad = [(0, 0)] * (a.ndim - 1) + [(r + 1, r)]
    c = np.cumsum(np.pad(a, pad), axis=-1)
    out = (c[..., 2 * r + 1 :] - c[..., : -2 * r - 1]) / (2 * r + 1)
    return np.moveaxis(out, -1, axis)


def territories(
    labels: np.ndarray, pos: np.ndarray, *, cells: int = 320, keep: Sequence[int] | None = None, chunk: int = 24
) -> Territories | None:
    """Each community's territory: the cells where its members are denser than any other's.

    Members are counted on a grid of ``cells`` across the map's longer side and smoothed over
    about two typical actor spacings (three box blurs, near a Gaussian), so a community reads
    as a soft region even where its edge interleaves with a neighbour's; a convex hull would
    claim all of that and overlap. Only labels in ``keep`` (default: every label >= 0) get a
    territory. Memory stays ``chunk`` grids at a time, whatever the number of communities.
    None when fewer than three actors are placed.
    """
    labels = np.asarray(labels, dtype=np.int64).reshape(-1)
    x = np.asarray(pos, dtype=np.float64).reshape(-1, 2)
    ok = np.isfinite(x).all(axis=1) & (labels >= 0)
    wanted = np.unique(labels[ok]) if keep is None else np.asarray(sorted(set(keep)), dtype=np.int64)
    ok &= np.isin(labels, wanted)
    if ok.sum() < 3 or len(wanted) == 0:
        return None
    pts, lab = x[ok], labels[ok]
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    span = np.maximum(hi - lo, 1e-9)
    spacing = float(np.sqrt(span[0] * span[1] / len(pts))) or float(span.max()) / 50
    lo, hi = lo - 3 * spacing, hi + 3 * spacing
    span = hi - lo
    cell = float(span.max()) / cells
    w, h = max(int(np.ceil(span[0] / cell)), 1), max(int(np.ceil(span[1] / cell)), 1)
    ix = np.clip(((pts[:, 0] - lo[0]) / cell).astype(np.int64), 0, w - 1)
    iy = np.clip(((pts[:, 1] - lo[1]) / cell).astype(np.int64), 0, h - 1)
    r = max(1, int(round(spacing * 1.2 / cell)))
    best = np.zeros((h, w))
    owner = np.full((h, w), -1, dtype=np.int64)
    peaks: dict[int, np.ndarray] = {}
    slot = {int(c): k for k, c in enumerate(wanted.tolist())}
    which = np.fromiter((slot[int(v)] for v in lab), dtype=np.int64, count=len(lab))
    for start in range(0, len(wanted), chunk):
        part = wanted[start : start + chunk]
        sel = (which >= start) & (which < start + len(part))
        grid = np.zeros((len(part), h, w))
        np.add.at(grid, (which[sel] - start, iy[sel], ix[sel]), 1.0)
        for _ in range(3):
            grid = _box_blur(_box_blur(grid, r, 2), r, 1)
        top = grid.argmax(axis=0)
        value = np.take_along_axis(grid, top[None], axis=0)[0]
        better = value > best
        best[better] = value[better]
        owner[better] = part[top[better]]
        flat = grid.reshape(len(part), -1).argmax(axis=1)
        for c, f in zip(part.tolist(), flat.tolist()):
            py, px = divmod(f, w)
            peaks[int(c)] = np.array([lo[0] + (px + 0.5) * cell, lo[1] + (py + 0.5) * cell])
    # the faint fringe belongs to nobody: a region ends where its members thin out
    full = float(np.quantile(best[best > 0], 0.98)) if (best > 0).any() else 1.0
    strength = np.clip(best / max(full, 1e-12), 0.0, 1.0)
    owner[strength < 0.04] = -1
    return Territories(
        extent=(float(lo[0]), float(lo[1]), float(lo[0] + w * cell), float(lo[1] + h * cell)),
        owner=owner,
        strength=strength,
        peaks=peaks,
    )


def territory_colours(owner: np.ndarray, *, colours: int) -> dict[int, int]:
    """A colour number (0 .. colours-1) per community in ``owner`` such that territories that
    touch differ where the palette allows (greedy, biggest territory first)."""
    left, right = owner[:, :-1].ravel(), owner[:, 1:].ravel()
    up, down = owner[:-1, :].ravel(), owner[1:, :].ravel()
    a = np.concatenate([left, up])
    b = np.concatenate([right, down])
    touch = (a != b) & (a >= 0) & (b >= 0)
    pairs = np.unique(np.sort(np.stack([a[touch], b[touch]], axis=1), axis=1), axis=0)
    near: dict[int, set[int]] = {}
    for p, q in pairs.tolist():
        near.setdefault(p, set()).add(q)
        near.setdefault(q, set()).add(p)
    found, area = np.unique(owner[owner >= 0], return_counts=True)
    out: dict[int, int] = {}
    for c in found[np.argsort(-area, kind="stable")].tolist():
        used = {out[o] for o in near.get(c, ()) if o in out}
        free = [k for k in range(colours) if k not in used]
        # among the free colours the least used so far, so the palette spreads evenly
        counts = np.bincount(list(out.values()), minlength=colours) if out else np.zeros(colours, dtype=np.int64)
        pick = min(free or range(colours), key=lambda k: (counts[k], k))
        out[int(c)] = int(pick)
    return out
