"""Spatial index that picks the drawn relationship (edge segment) nearest to a click.

The index samples every segment at a common spacing and keeps the samples in a grid of square
cells; a pick asks the grid for samples near the click, in widening discs until some turn up,
then measures the exact point-to-segment distance on those few candidate segments only. Any
point of a segment lies within half a spacing of one of its samples, so widening the search
radius by that half spacing never misses a segment.

Dragging a few actors must not cost a full rebuild, so :meth:`EdgeIndex.update` marks the edges
of moved nodes as *dirty*: the grid ignores their stale samples and picks measure them directly.
Once too many edges are dirty the grid is rebuilt.
"""

from __future__ import annotations

import numpy as np

from desktop.geometry import PointGrid, concat_ranges

__all__ = ["EdgeIndex"]

# Upper bound on grid samples: keeps build time near 0.1 s and memory small at 100k edges even
# when a few edges span the whole drawing.
_MAX_SAMPLES = 1_000_000
# Dirty edges are measured by brute force on each pick; past this many a rebuild is cheaper.
_MAX_DIRTY = 4096
# Radius of the first, bounding search of a pick, in grid cells; it doubles until samples show up.
_FIRST_RADIUS_CELLS = 2.0
# Distances this close (relative to the pick radius) count as a tie.
_TIE_RTOL = 1e-9


def _segment_distances(px: float, py: float, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distance from (px, py) to each segment a[k]-b[k], and to each segment's midpoint."""
    ab = b - a
    ap_x = px - a[:, 0]
    ap_y = py - a[:, 1]
    len2 = ab[:, 0] ** 2 + ab[:, 1] ** 2
    # A zero-length segment is a point: projecting onto it is meaningless, so use t = 0.
    safe = np.where(len2 > 0.0, len2, 1.0)
    t = np.clip((ap_x * ab[:, 0] + ap_y * ab[:, 1]) / safe, 0.0, 1.0)
    t = np.where(len2 > 0.0, t, 0.0)
    dx = ap_x - t * ab[:, 0]
    dy = ap_y - t * ab[:, 1]
    mid = 0.5 * (a + b)
    return np.hypot(dx, dy), np.hypot(px - mid[:, 0], py - mid[:, 1])


class EdgeIndex:
    """Nearest-edge lookup over straight segments between node positions.

    Args:
        pos: (n, 2) node positions in data units.
        edges: (m, 2) integer node indices; edge ``k`` is the segment pos[edges[k, 0]] to
            pos[edges[k, 1]]. Edges touching a node whose position is not finite are never picked.
    """

    def __init__(self, pos: np.ndarray, edges: np.ndarray) -> None:
        self._edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
        self._pos = np.array(pos, dtype=np.float64).reshape(-1, 2)
        if self._edges.size and (self._edges.min() < 0 or self._edges.max() >= len(self._pos)):
            raise ValueError("edge endpoint out of range")
        # Edges incident to each node, so update() finds edges of moved nodes quickly.
        m = len(self._edges)
        ends = self._edges.ravel()
        order = np.argsort(ends, kind="stable")
        self._inc_edges = (order // 2).astype(np.int64)
        self._inc_ptr = np.searchsorted(ends[order], np.arange(len(self._pos) + 1))
        self._dirty = np.zeros(m, dtype=bool)
        self._dirty_ids = np.empty(0, dtype=np.int64)
        self._rebuild()

    def _rebuild(self) -> None:
        """Resample every segment and rebuild the grid; clears the dirty set."""
        a = self._pos[self._edges[:, 0]]
        b = self._pos[self._edges[:, 1]]
        ok = np.isfinite(a).all(axis=1) & np.isfinite(b).all(axis=1)
        self._valid = ok
        self._dirty[:] = False
        self._dirty_ids = np.empty(0, dtype=np.int64)
        ids = np.flatnonzero(ok)
        if len(ids) == 0:
            self._grid = None
            self._sample_edge = np.empty(0, dtype=np.int64)
            self._half_step = 0.0
            return
        lengths = np.hypot(*(b[ids] - a[ids]).T)
        positive = lengths[lengths > 0]
        # A quarter of the typical edge length: ~5 samples per edge keeps the search disc (pick
        # distance + half a spacing) small in dense parts; the floor bounds the total when some
        # edges are very long.
        step = 0.25 * float(np.median(positive)) if len(positive) else 1.0
        step = max(step, float(lengths.sum()) / _MAX_SAMPLES, 1e-12)
        counts = np.ceil(lengths / step).astype(np.int64) + 1
        sample_edge = np.repeat(ids, counts)
        local = concat_ranges(np.zeros_like(counts), counts)  # 0..count-1 along each edge
        t = local / np.repeat(np.maximum(counts - 1, 1), counts)
        pa = a[sample_edge]
        pb = b[sample_edge]
        pts = pa + (pb - pa) * t[:, None]
        # Cells of one sample spacing: a few samples each along edges, none in the gaps.
        self._grid = PointGrid(pts, step)
        self._sample_edge = sample_edge
        # Actual spacing along an edge is length/(count-1) <= step.
        self._half_step = 0.5 * step

    def update(self, pos: np.ndarray) -> None:
        """Take new node positions; only edges of nodes that moved are re-measured.

        Args:
            pos: (n, 2) positions, same node count as at construction.
        """
        new = np.array(pos, dtype=np.float64).reshape(-1, 2)
        if new.shape != self._pos.shape:
            raise ValueError(f"expected positions of shape {self._pos.shape}, got {new.shape}")
        # NaN != NaN would count an unplaced node as moved on every call, so NaN equals NaN here.
        same = (new == self._pos) | (np.isnan(new) & np.isnan(self._pos))
        moved = np.flatnonzero(~same.all(axis=1))
        self._pos = new
        if len(moved) == 0:
            return
        lo = self._inc_ptr[moved]
        hi = self._inc_ptr[moved + 1]
        total = int((hi - lo).sum())
        if total == 0:
            return
        if total + len(self._dirty_ids) > _MAX_DIRTY:
            self._rebuild()
            return
        touched = self._inc_edges[concat_ranges(lo, hi - lo)]
        self._dirty[touched] = True
        self._dirty_ids = np.flatnonzero(self._dirty)

    def _grid_candidates(self, x: float, y: float, max_dist: float) -> np.ndarray:
        """Edges (not dirty) that may hold the nearest segment point within max_dist.

        Discs around the click widen (doubling from a couple of cells) until they hold samples
        of some edge; that edge's distance ``best`` bounds the answer's, and every segment
        closer than that has a sample within ``best + half spacing``, so only that disc needs
        a full search. A click on a crowded spot stops at the first, tiny disc.
        """
        grid = self._grid
        if grid is None:  # nearest() asks only when there is a grid
            return np.empty(0, dtype=np.int64)
        radius = max_dist + self._half_step
        r = min(radius, _FIRST_RADIUS_CELLS * grid.cell)
        while True:
            edges = self._sample_edge[grid.within(x, y, r)]
            edges = edges[~self._dirty[edges]]
            if len(edges):
                break
            if r >= radius:
                return edges
            r = min(2.0 * r, radius)
        edges = np.unique(edges)
        a = self._pos[self._edges[edges, 0]]
        b = self._pos[self._edges[edges, 1]]
        seg, _ = _segment_distances(x, y, a, b)
        seg = seg[np.isfinite(seg)]
        if len(seg):
            radius = min(radius, float(seg.min()) + self._half_step)
        if radius > r:
            # The answer may lie beyond the disc searched so far.
            hits = grid.within(x, y, radius * (1 + 1e-9) + 1e-12)
            edges = self._sample_edge[hits]
            edges = edges[~self._dirty[edges]]
        return edges

    def nearest(self, x: float, y: float, max_dist: float) -> int:
        """Index of the edge nearest to (x, y) within ``max_dist`` data units, or -1.

        Distance is exact point-to-segment distance; among edges at the same distance (e.g.
        segments sharing an endpoint under the click) the one whose midpoint is closer wins,
        then the lower index.
        """
        if not (np.isfinite(x) and np.isfinite(y)) or max_dist < 0:
            return -1
        cand = self._dirty_ids
        if self._grid is not None:
            from_grid = self._grid_candidates(float(x), float(y), float(max_dist))
            if len(from_grid):
                cand = np.concatenate([from_grid, cand]) if len(cand) else from_grid
        if len(cand) == 0:
            return -1
        cand = np.unique(cand)
        a = self._pos[self._edges[cand, 0]]
        b = self._pos[self._edges[cand, 1]]
        ok = np.isfinite(a).all(axis=1) & np.isfinite(b).all(axis=1)
        if not ok.all():
            cand, a, b = cand[ok], a[ok], b[ok]
            if len(cand) == 0:
                return -1
        dist, mid = _segment_distances(float(x), float(y), a, b)
        best = float(dist.min())
        if best > max_dist:
            return -1
        tied = dist <= best + _TIE_RTOL * max(max_dist, abs(best), 1e-300)
        # cand is sorted, so lexsort's last key ties resolve to the lower edge index.
        order = np.lexsort((cand[tied], mid[tied]))
        return int(cand[tied][order[0]])
