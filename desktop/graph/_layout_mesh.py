"""Particle-mesh repulsion for big graphs (private to layout.py).

The 1/d repulsion is split in two at a cut-off radius ``rc``: a short-range part
``K(d) * g(d/rc)`` with ``g(u) = (1 - u^2)^2`` (zero beyond rc) summed exactly over the pairs a
cell grid finds within rc, and the smooth remainder ``K(d) * (1 - g)`` (no singularity, equal to
K beyond rc) evaluated for all pairs at once by spreading node masses on a grid and convolving
with the kernel through FFTs. Both parts together are the full force up to grid error, at a
cost of about n log n per step instead of n^2.
"""

from __future__ import annotations

import numpy as np
from numpy import fft

from desktop.geometry import close_pairs
from desktop.graph._layout_forces import MIN_DIST

# Grid cells per side at most; the FFTs run on twice this (zero padding, no wrap-around).
MAX_CELLS = 640
# Wanted short-range pairs per node: more costs time, fewer means a finer (costlier) grid.
PAIRS_PER_NODE = 6.0
# Margin of the reused pair list, as a share of the cut-off.
SKIN = 0.1
# Grid cells per side per sqrt(node count): ~2 cells per node, finer buys little.
GRID_FACTOR = 2.0
# Cut-off of the exact short-range part, in grid cells: the mesh must resolve the smooth part.
CUTOFF_CELLS = 2.5


def next_fast_len(n: int) -> int:
    """The smallest 2^a 3^b 5^c >= n: a length numpy's FFT handles fastest."""
    n = max(int(n), 1)
    best = 1 << (n - 1).bit_length()  # a power of two always qualifies
    p5 = 1
    while p5 < best:
        p35 = p5
        while p35 < best:
            # Smallest power of two that lifts p35 to n or more.
            v = p35
            while v < n:
                v *= 2
            best = min(best, v)
            p35 *= 3
        p5 *= 5
    return best


class MeshRepulsion:
    """Callable x -> (n, 2) repulsion forces ``kr * q_i * sum_j q_j (x_i - x_j) / d^2``.

    Args:
        q: node masses (degrees).
        kr: repulsion strength.
        cell: preferred grid cell size in layout units; grown when the drawing is too large
            for ``MAX_CELLS`` cells per side.
    """

    def __init__(self, q: np.ndarray, kr: float, *, cell: float) -> None:
        self.q = q
        self.kr = kr
        self.cell = cell
        # About 4 cells per node at most: a finer grid than that buys nothing.
        self.max_cells = int(np.clip(GRID_FACTOR * np.sqrt(len(q)), 32, MAX_CELLS))
        self._ref: np.ndarray | None = None
        self._h = cell
        self._rc_short = CUTOFF_CELLS * cell
        self._pairs = np.empty((0, 2), dtype=np.intp)
        # Recent kernel transforms by grid geometry: the drawing breathes between a few sizes.
        self._kernel_cache: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}

    def _kernels(self, h: float, gx: int, gy: int, px: int, py: int, rc: float) -> tuple[np.ndarray, np.ndarray]:
        key = (h, gx, gy, px, py, rc)
        hit = self._kernel_cache.get(key)
        if hit is None:
            ox = np.arange(px, dtype=np.float64)
            ox[ox >= px // 2] -= px
            oy = np.arange(py, dtype=np.float64)
            oy[oy >= py // 2] -= py
            dx = (ox * h)[:, None]
            dy = (oy * h)[None, :]
            d2 = dx * dx + dy * dy
            u2 = np.minimum(d2 / (rc * rc), 1.0)
            # (1 - g) / d^2 with g = (1-u^2)^2 equals (2 - u^2)/rc^2 inside rc: finite at d = 0.
            with np.errstate(divide="ignore", invalid="ignore"):
                far = np.where(d2 > 0, 1.0 / d2, 0.0)
            coef = np.where(d2 < rc * rc, (2.0 - u2) / (rc * rc), far)
            # Single precision halves the FFT time; layout forces need nowhere near 7 digits.
            hit = (fft.rfft2((coef * dx).astype(np.float32)), fft.rfft2((coef * dy).astype(np.float32)))
            if len(self._kernel_cache) >= 6:
                self._kernel_cache.pop(next(iter(self._kernel_cache)))
            self._kernel_cache[key] = hit
        return hit

    def _choose_cell(self, x: np.ndarray, lo: np.ndarray, extent: float) -> tuple[float, float]:
        """Grid cell and short-range cut-off for this step, from the nodes' local density.

        Expected short-range pairs are about 0.5 * sum_c n_c^2 / h^2 * pi * rc^2 over grid cells
        c holding n_c nodes. The cut-off is picked so that comes to ``PAIRS_PER_NODE`` per node
        (checked again at the new cell size, as clumps look sparser through coarse cells), then
        the cell follows from the cut-off, no finer than the grid allows. Right after a coarse
        level hands over, children sit in tight clumps: this keeps those steps cheap.
        """
        n = len(x)
        # The grid-size limit, rounded up to a quarter octave of the base cell: an exact
        # limit would change with every step of a growing drawing and defeat the kernel cache.
        floor = self.cell * 2.0 ** (np.ceil(4 * np.log2(extent / (self.max_cells - 3) / self.cell)) / 4)
        h = max(self._h, floor)
        for _ in range(2):
            cell_id = ((x - lo) / h).astype(np.int64)
            key = cell_id[:, 0] * (int(extent / h) + 2) + cell_id[:, 1]
            counts = np.bincount(key).astype(np.float64)
            # Elementwise, not counts @ counts: BLAS threads thrash on a busy 2-core machine.
            dens = float((counts * counts).sum()) / (h * h)
            rc_want = np.sqrt(2.0 * PAIRS_PER_NODE * n / (np.pi * max(dens, 1e-300)))
            h_want = max(rc_want / CUTOFF_CELLS, floor)
            # Keep the cell unless it is off by more than a quarter octave (hysteresis), and
            # move in quarter octaves: either way the cached kernel transform keeps hitting.
            step = np.log2(h_want / self._h)
            if abs(step) < 0.3 and h >= floor:
                return h, min(rc_want, CUTOFF_CELLS * h)
            h_new = max(self.cell * 2.0 ** (np.round(4 * np.log2(h_want / self.cell)) / 4), floor)
            if abs(np.log2(h_new / h)) < 0.3:
                h = h_new
                break
            h = h_new
        return h, min(rc_want, CUTOFF_CELLS * h)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        n = len(x)
        q = self.q
        x0 = np.ascontiguousarray(x[:, 0])
        x1 = np.ascontiguousarray(x[:, 1])
        lo = np.array([x0.min(), x1.min()])
        span = np.array([x0.max(), x1.max()]) - lo
        extent = max(float(span.max()), 1e-9)
        # Verlet list: the pair list is built with a margin (skin) and reused until some node
        # has moved half the margin, which saves the search on most steps.
        ref = self._ref
        stale = ref is None or extent / self._h > self.max_cells - 3
        if ref is not None and not stale:
            moved2 = float(((x0 - ref[:, 0]) ** 2 + (x1 - ref[:, 1]) ** 2).max())
            stale = moved2 > (0.5 * SKIN * self._rc_short) ** 2
        if stale:
            self._h, self._rc_short = self._choose_cell(x, lo, extent)
            # Where the grid cannot get fine enough for a clump the exact part is cut short
            # (rc_short < rc): slightly weak repulsion inside the clump for a step or two,
            # instead of a pair list that grows with the square of the clump size.
            pairs = close_pairs(x, self._rc_short * (1.0 + SKIN))
            assert pairs is not None, "close_pairs answers None only when given a limit"
            self._pairs = pairs
            self._ref = x.copy()
        h = self._h
        rc = CUTOFF_CELLS * h
        gx = int(np.ceil(span[0] / h)) + 2
        gy = int(np.ceil(span[1] / h)) + 2
        # Round the grid up so the cached kernel fits while the drawing breathes a little.
        gx = -(-gx // 32) * 32
        gy = -(-gy // 32) * 32
        px = next_fast_len(2 * gx)
        py = next_fast_len(2 * gy)
        kx_hat, ky_hat = self._kernels(h, gx, gy, px, py, rc)

        # Cloud-in-cell: each node's mass shared by its 4 surrounding grid points. The same
        # weights gather the field back, which makes a node's push on itself vanish.
        g0 = (x0 - lo[0]) / h + 0.5
        g1 = (x1 - lo[1]) / h + 0.5
        ix = g0.astype(np.int64)  # g >= 0.5, so truncation is floor
        iy = g1.astype(np.int64)
        f0 = g0 - ix
        f1 = g1 - iy
        e0 = 1.0 - f0
        e1 = 1.0 - f1
        base = ix * gy + iy
        cells = np.concatenate([base, base + gy, base + 1, base + gy + 1])
        wts = np.concatenate([e0 * e1, f0 * e1, e0 * f1, f0 * f1])
        rho = np.bincount(cells, wts * np.tile(q, 4), gx * gy).astype(np.float32).reshape(gx, gy)
        # rfft2/irfft2 by hand, skipping the zero padding: the rows past gx are zero going in,
        # and only the first gx rows are wanted coming out. Both force components share one call.
        rho_hat = fft.fft(fft.rfft(rho, n=py, axis=1), n=px, axis=0)
        both = fft.ifft(np.stack([rho_hat * kx_hat, rho_hat * ky_hat]), axis=1)[:, :gx]
        field = fft.irfft(both, n=py, axis=2)[:, :, :gy]
        fxg = field[0].ravel()
        fyg = field[1].ravel()
        w4 = wts.reshape(4, n)
        c4 = cells.reshape(4, n)
        out = np.empty((n, 2))
        out[:, 0] = (fxg[c4] * w4).sum(axis=0)
        out[:, 1] = (fyg[c4] * w4).sum(axis=0)

        pairs = self._pairs
        if len(pairs):
            pi = pairs[:, 0]
            pj = pairs[:, 1]
            # Gathering from 1-D columns is several times faster than from the (n, 2) array.
            dx = x0[pi] - x0[pj]
            dy = x1[pi] - x1[pj]
            d2 = np.maximum(dx * dx + dy * dy, MIN_DIST**2)
            u2 = np.minimum(d2 * (1.0 / (rc * rc)), 1.0)
            base_c = (1.0 - u2) ** 2 / d2
            # Force on pi scales with q_j, on pj with q_i; the common q_i comes last via q.
            ci = base_c * q[pj]
            cj = base_c * q[pi]
            out[:, 0] += np.bincount(pi, ci * dx, n) - np.bincount(pj, cj * dx, n)
            out[:, 1] += np.bincount(pi, ci * dy, n) - np.bincount(pj, cj * dy, n)
        out *= (self.kr * q)[:, None]
        return out
