"""Points near points, in plain numpy: shared by graph/ (layout, edge picking) and export/
(decluttering a printed map). No Qt, and nothing else of desktop.

The packaged app ships without scipy (80 MB of the bundle, for a KD-tree, a sparse sum and an
FFT size helper), so what the app needed of its KD-tree lives here: close pairs of points, the
median gap to the nearest neighbour, and a grid that finds the points near a click. Both sort
points by a key that runs column by column (close pairs: columns of width r, then height; the
grid: square cells), so a stretch of one column is one contiguous run of the sorted keys, found
by binary search.
"""

from __future__ import annotations

import numpy as np

# Candidate pairs examined per block: bounds the temporary arrays (about 100 MB at most).
_BLOCK = 2_000_000


def concat_ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The integer ranges [starts[k], starts[k] + lengths[k]) one after another, as one array."""
    lengths = np.asarray(lengths, dtype=np.int64)
    out = np.arange(int(lengths.sum()), dtype=np.int64)
    out += np.repeat(np.asarray(starts, dtype=np.int64) - (np.cumsum(lengths) - lengths), lengths)
    return out


def close_pairs(x: np.ndarray, r: float, *, limit: int | None = None) -> np.ndarray | None:
    """Every pair (i, j), i < j, of rows of ``x`` (n, 2) no farther apart than ``r``.

    Points are cut into columns of width ``r`` and sorted by (column, y). A close pair lies in
    one column or in two neighbouring ones, so each point only measures the points after it
    in its own column up to ``r`` higher, and those of the next column within ``r`` of its
    height: two windows of the sorted order, found by binary search. Returns an (m, 2) intp
    array, in no particular order. Rows with NaN are never paired. With ``limit``, returns None
    instead when more than that many candidate pairs would have to be measured.
    """
    x = np.asarray(x, dtype=np.float64)
    empty = np.empty((0, 2), dtype=np.intp)
    ok = np.flatnonzero(np.isfinite(x).all(axis=1))
    if len(ok) < 2 or not r > 0:
        return empty
    pts = x[ok]
    lo = pts.min(axis=0)
    column = np.floor((pts[:, 0] - lo[0]) / r)
    # Heights start at r and columns are (height span + 3r) apart in the key, so a window of
    # +-r around a height never leaves its column.
    height = pts[:, 1] - lo[1] + r
    stride = float(height.max()) + 2 * r
    key = column * stride + height
    order = np.argsort(key)
    key = key[order]
    xs = pts[order, 0]
    ys = pts[order, 1]
    n = len(pts)
    point = np.arange(n)
    own_end = np.searchsorted(key, key + r, side="right")
    next_start = np.searchsorted(key, key + (stride - r), side="left")
    next_end = np.searchsorted(key, key + (stride + r), side="right")
    owner = np.concatenate([point, point])
    first = np.concatenate([point + 1, next_start])
    count = np.concatenate([own_end - point - 1, next_end - next_start])
    if limit is not None and int(count.sum()) > limit:
        return None
    found = _measure(owner, first, count, xs, ys, r * r)
    if not found:
        return empty
    pairs = np.concatenate(found)
    # Back to the caller's row numbers, smaller one first.
    back = ok[order]
    i = back[pairs[:, 0]]
    j = back[pairs[:, 1]]
    return np.column_stack([np.minimum(i, j), np.maximum(i, j)]).astype(np.intp, copy=False)


def _measure(
    owner: np.ndarray, first: np.ndarray, count: np.ndarray, xs: np.ndarray, ys: np.ndarray, r2: float
) -> list[np.ndarray]:
    """Pairs (owner[q], first[q] + k) for k < count[q] that lie within sqrt(r2), in blocks."""
    out: list[np.ndarray] = []
    ends = np.cumsum(count)
    total = int(ends[-1]) if len(ends) else 0
    if total == 0:
        return out
    # Split where the running candidate count crosses each block boundary.
    cuts = np.searchsorted(ends, np.arange(_BLOCK, total, _BLOCK), side="left")
    bounds = np.unique(np.concatenate([[0], cuts + 1, [len(count)]]))
    for a, b in zip(bounds[:-1], bounds[1:]):
        c = count[a:b]
        m = int(c.sum())
        if m == 0:
            continue
        src = np.repeat(owner[a:b], c)
        dst = concat_ranges(first[a:b], c)  # candidate k of entry q is first[q] + k
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
        idx = concat_ranges(a, b - a)
        if len(idx) == 0:
            return none
        dx = self._x[idx] - x
        dy = self._y[idx] - y
        return self._ids[idx[dx * dx + dy * dy <= r * r]]
