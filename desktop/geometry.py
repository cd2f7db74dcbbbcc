"""Points near points, in plain numpy: shared by graph/ (layout, edge picking) and export/
(decluttering a printed map). No Qt, and nothing else of desktop.

The packaged app ships without scipy (80 MB of the bundle, for a KD-tree, a sparse sum and an
FFT size helper), so what the app needed of its KD-tree lives here: close pairs of points, the
median gap to the nearest neighbour, and a grid that finds the points near a click. Points are
binned in square cells keyed column by column, so one column of cells is one contiguous run of
the sorted keys.
"""

from __future__ import annotations

import numpy as np

# Candidate pairs examined per block: bounds the temporary arrays (about 100 MB at most).
_BLOCK = 2_000_000
# Cell neighbours that see each unordered pair of cells once: the cell itself and the half of
# its 8 neighbours that come after it in (x, y) order.
_HALF_NEIGHBOURS = ((0, 0), (0, 1), (1, -1), (1, 0), (1, 1))


def close_pairs(x: np.ndarray, r: float, *, limit: int | None = None) -> np.ndarray | None:
    """Every pair (i, j), i < j, of rows of ``x`` (n, 2) no farther apart than ``r``.

    Points are binned in square cells of side ``r``; a close pair lies in one cell or in two
    touching cells, so only those candidates are measured. Returns an (m, 2) intp array, in no
    particular order. Rows with NaN are never paired. With ``limit``, returns None instead when
    more than that many candidate pairs would have to be measured.
    """
    x = np.asarray(x, dtype=np.float64)
    empty = np.empty((0, 2), dtype=np.intp)
    ok = np.flatnonzero(np.isfinite(x).all(axis=1))
    if len(ok) < 2 or not r > 0:
        return empty
    pts = x[ok]
    lo = pts.min(axis=0)
    cell = np.floor((pts - lo) / r).astype(np.int64)
    # Column stride with a spare row either side, so the (dx, dy) offsets never wrap around.
    stride = int(cell[:, 1].max()) + 3
    key = (cell[:, 0] + 1) * stride + (cell[:, 1] + 1)
    order = np.argsort(key)
    key_sorted = key[order]
    # Runs of equal keys in the sorted keys are the occupied cells (no second sort, as
    # np.unique would do).
    starts = np.flatnonzero(np.r_[True, key_sorted[1:] != key_sorted[:-1]])
    keys = key_sorted[starts]
    counts = np.diff(np.r_[starts, len(key_sorted)])
    cell_of = np.repeat(np.arange(len(keys)), counts)  # each sorted point's cell
    xs = pts[order, 0]
    ys = pts[order, 1]
    n = len(pts)
    r2 = r * r
    plans = []
    for dx, dy in _HALF_NEIGHBOURS:
        if (dx, dy) == (0, 0):
            # Later points of the point's own cell.
            first = np.arange(1, n + 1)
            count = (starts + counts)[cell_of] - first
        else:
            want = keys + dx * stride + dy
            at = np.minimum(np.searchsorted(keys, want), len(keys) - 1)
            hit = keys[at] == want
            first = np.where(hit, starts[at], 0)[cell_of]
            count = np.where(hit, counts[at], 0)[cell_of]
        plans.append((first, count))
    if limit is not None and sum(int(c.sum()) for _, c in plans) > limit:
        return None
    found = []
    for first, count in plans:
        found += _measure(first, count, xs, ys, r2)
    if not found:
        return empty
    pairs = np.concatenate(found)
    # Back to the caller's row numbers, smaller one first.
    back = ok[order]
    i = back[pairs[:, 0]]
    j = back[pairs[:, 1]]
    return np.column_stack([np.minimum(i, j), np.maximum(i, j)]).astype(np.intp, copy=False)


def _measure(first: np.ndarray, count: np.ndarray, xs: np.ndarray, ys: np.ndarray, r2: float) -> list[np.ndarray]:
    """Pairs (p, first[p] + k) for k < count[p] that lie within sqrt(r2), in blocks of points."""
    out = []
    ends = np.cumsum(count)
    total = int(ends[-1]) if len(ends) else 0
    if total == 0:
        return out
    # Split the points where the running candidate count crosses each block boundary.
    cuts = np.searchsorted(ends, np.arange(_BLOCK, total, _BLOCK), side="left")
    bounds = np.unique(np.concatenate([[0], cuts + 1, [len(count)]]))
    for a, b in zip(bounds[:-1], bounds[1:]):
        c = count[a:b]
        m = int(c.sum())
        if m == 0:
            continue
        src = np.repeat(np.arange(a, b, dtype=np.int32), c)
        # Candidate k of point p is first[p] + k: one repeat of (first[p] - p's run start).
        dst = np.arange(m, dtype=np.int64)
        dst += np.repeat(first[a:b] - (np.cumsum(c) - c), c)
        ddx = xs[src] - xs[dst]
        ddy = ys[src] - ys[dst]
        close = ddx * ddx + ddy * ddy <= r2
        if close.any():
            out.append(np.column_stack([src[close], dst[close]]))
    return out


def median_nearest_gap(x: np.ndarray) -> float | None:
    """Median over rows of ``x`` (n, 2) of the distance to the nearest other row, leaving out
    rows that sit exactly on another one; None if no such distance exists.

    Searches close pairs in a radius that starts near the gap of evenly spread points and
    doubles until more than half the rows have found their neighbour (then the median is
    exact: the rows not found are farther away than every row found). Where a dense clump
    would make that search costly, the median of a fixed sample of rows is returned instead.
    """
    x = np.asarray(x, dtype=np.float64)
    x = x[np.isfinite(x).all(axis=1)]
    if len(x) < 2:
        return None
    # Rows on top of each other have gap 0 and are left out; the others only need to look at
    # distinct places.
    places, copies = np.unique(x, axis=0, return_counts=True)
    single = copies == 1
    n = len(places)
    if n < 2 or not single.any():
        return None
    span = places.max(axis=0) - places.min(axis=0)
    diag = float(np.hypot(*span))
    area = float(span[0] * span[1]) or diag * diag / n
    r = 0.5 * np.sqrt(area / n)
    while r <= 2 * diag:
        pairs = close_pairs(places, r, limit=32 * n)
        if pairs is None:
            return _sampled_median_gap(places, single)
        gap = np.full(n, np.inf)
        if len(pairs):
            d = np.hypot(*(places[pairs[:, 0]] - places[pairs[:, 1]]).T)
            np.minimum.at(gap, pairs[:, 0], d)
            np.minimum.at(gap, pairs[:, 1], d)
        med = float(np.median(gap[single]))
        if np.isfinite(med):
            return med
        r *= 2.0
    return None


def _sampled_median_gap(places: np.ndarray, single: np.ndarray, *, sample: int = 2000) -> float:
    """Median nearest-place distance over a fixed random sample of the ``single`` places,
    measured against every place: slow-ish (sample x n) but indifferent to clumps."""
    rows = np.flatnonzero(single)
    if len(rows) > sample:
        rows = np.sort(np.random.default_rng(0).choice(rows, sample, replace=False))
    gaps = []
    for block in np.array_split(rows, max(1, len(rows) // 32)):
        d2 = (places[None, :, 0] - places[block, 0, None]) ** 2 + (places[None, :, 1] - places[block, 1, None]) ** 2
        d2[np.arange(len(block)), block] = np.inf
        gaps.append(np.sqrt(d2.min(axis=1)))
    return float(np.median(np.concatenate(gaps)))


class PointGrid:
    """The points of ``pts`` (n, 2, finite) near a given spot, found through square cells.

    Args:
        pts: point coordinates.
        cell: cell side; about the typical spacing of the points works best.
    """

    def __init__(self, pts: np.ndarray, cell: float) -> None:
        pts = np.asarray(pts, dtype=np.float64).reshape(-1, 2)
        self._lo = pts.min(axis=0) if len(pts) else np.zeros(2)
        span = (pts.max(axis=0) - self._lo) if len(pts) else np.zeros(2)
        # No more than about 4 million cells a side, whatever the caller's cell: keys stay small.
        self._cell = max(float(cell), float(span.max()) / 4e6, 1e-300)
        c = np.floor((pts - self._lo) / self._cell).astype(np.int64)
        self._nx = int(c[:, 0].max()) + 1 if len(pts) else 0
        self._ny = int(c[:, 1].max()) + 1 if len(pts) else 0
        key = c[:, 0] * self._ny + c[:, 1]
        order = np.argsort(key, kind="stable")
        self._keys = key[order]
        self._ids = order
        self._x = np.ascontiguousarray(pts[order, 0])
        self._y = np.ascontiguousarray(pts[order, 1])

    @property
    def cell(self) -> float:
        return self._cell

    def within(self, x: float, y: float, r: float) -> np.ndarray:
        """Indices of the points no farther than ``r`` from (x, y)."""
        none = np.empty(0, dtype=np.int64)
        if self._nx == 0 or not r >= 0:
            return none
        h = self._cell
        cx0 = max(int(np.floor((x - r - self._lo[0]) / h)), 0)
        cx1 = min(int(np.floor((x + r - self._lo[0]) / h)), self._nx - 1)
        cy0 = max(int(np.floor((y - r - self._lo[1]) / h)), 0)
        cy1 = min(int(np.floor((y + r - self._lo[1]) / h)), self._ny - 1)
        if cx0 > cx1 or cy0 > cy1:
            return none
        cols = np.arange(cx0, cx1 + 1, dtype=np.int64) * self._ny
        a = np.searchsorted(self._keys, cols + cy0, side="left")
        b = np.searchsorted(self._keys, cols + cy1, side="right")
        length = b - a
        total = int(length.sum())
        if total == 0:
            return none
        idx = np.repeat(a, length) + (np.arange(total) - np.repeat(np.cumsum(length) - length, length))
        dx = self._x[idx] - x
        dy = self._y[idx] - y
        return self._ids[idx[dx * dx + dy * dy <= r * r]]
