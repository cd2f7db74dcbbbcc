"""Particle-mesh repulsion for big graphs (private to layout.py).

The 1/d repulsion is split in two at a cut-off radius ``rc``: a short-range part
``K(d) * g(d/rc)`` with ``g(u) = (1 - u^2)^2`` (zero beyond rc) summed exactly over the pairs a
KD-tree finds within rc, and the smooth remainder ``K(d) * (1 - g)`` (no singularity, equal to
K beyond rc) evaluated for all pairs at once by spreading node masses on a grid and convolving
with the kernel through FFTs. Both parts together are the full force up to grid error, at a
cost of about n log n per step instead of n^2.
"""

from __future__ import annotations

import numpy as np
from scipy import fft
from scipy.spatial import cKDTree

from desktop.graph._layout_forces import MIN_DIST

# Grid cells per side at most; the FFTs run on twice this (zero padding, no wrap-around).
MAX_CELLS = 640
# Wanted short-range pairs per node: more costs time, fewer means a finer (costlier) grid.
PAIRS_PER_NODE = 6.0
# Cut-off of the exact short-range part, in grid cells: the mesh must resolve the smooth part.
CUTOFF_CELLS = 2.5


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
        self.max_cells = int(np.clip(2.0 * np.sqrt(len(q)), 32, MAX_CELLS))
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
        floor = extent / (self.max_cells - 3)
        h = max(self.cell, floor)
        rc = CUTOFF_CELLS * h
        for _ in range(3):
            cell_id = np.floor((x - lo) / h).astype(np.int64)
            key = cell_id[:, 0] * (int(extent / h) + 2) + cell_id[:, 1]
            counts = np.bincount(key)
            dens = float((counts.astype(np.float64) ** 2).sum()) / (h * h)
            rc_want = np.sqrt(2.0 * PAIRS_PER_NODE * n / (np.pi * max(dens, 1e-300)))
            h_want = max(rc_want / CUTOFF_CELLS, floor)
            # Quarter-octave steps so the kernel cache keeps hitting.
            h_new = self.cell * 2.0 ** (np.round(4 * np.log2(h_want / self.cell)) / 4)
            h_new = max(h_new, floor)
            rc = min(CUTOFF_CELLS * h_new, max(rc_want, 1e-12))
            if abs(np.log2(h_new / h)) < 0.3:
                h = h_new
                break
            h = h_new
        return h, min(rc, CUTOFF_CELLS * h)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        n = len(x)
        q = self.q
        lo = x.min(axis=0)
        extent = max(float((x.max(axis=0) - lo).max()), 1e-9)
        h, rc_short = self._choose_cell(x, lo, extent)
        rc = CUTOFF_CELLS * h
        span = x.max(axis=0) - lo
        gx = int(np.ceil(span[0] / h)) + 2
        gy = int(np.ceil(span[1] / h)) + 2
        # Round the grid up so the cached kernel fits while the drawing breathes a little.
        gx = -(-gx // 32) * 32
        gy = -(-gy // 32) * 32
        px = fft.next_fast_len(2 * gx, real=True)
        py = fft.next_fast_len(2 * gy, real=True)
        kx_hat, ky_hat = self._kernels(h, gx, gy, px, py, rc)

        # Cloud-in-cell: each node's mass shared by its 4 surrounding grid points. The same
        # weights gather the field back, which makes a node's push on itself vanish.
        g = (x - lo) / h + 0.5
        i0 = np.floor(g).astype(np.int64)
        f = g - i0
        ix = i0[:, 0]
        iy = i0[:, 1]
        w00 = (1 - f[:, 0]) * (1 - f[:, 1])
        w10 = f[:, 0] * (1 - f[:, 1])
        w01 = (1 - f[:, 0]) * f[:, 1]
        w11 = f[:, 0] * f[:, 1]
        base = ix * gy + iy
        cells = np.concatenate([base, base + gy, base + 1, base + gy + 1])
        wts = np.concatenate([w00, w10, w01, w11])
        rho = np.bincount(cells, wts * np.tile(q, 4), gx * gy).reshape(gx, gy).astype(np.float32)
        rho_hat = fft.rfft2(rho, s=(px, py))
        fxg = fft.irfft2(rho_hat * kx_hat, s=(px, py))[:gx, :gy].astype(np.float64).ravel()
        fyg = fft.irfft2(rho_hat * ky_hat, s=(px, py))[:gx, :gy].astype(np.float64).ravel()
        w4 = wts.reshape(4, n)
        c4 = cells.reshape(4, n)
        out = np.empty((n, 2))
        out[:, 0] = (fxg[c4] * w4).sum(axis=0)
        out[:, 1] = (fyg[c4] * w4).sum(axis=0)

        # Exact short-range part over pairs closer than rc.
        # Where the grid cannot get fine enough for a clump, the exact part is cut short
        # (rc_short < rc): slightly weak repulsion inside the clump for a step or two, instead
        # of a pair list that grows with the square of the clump size.
        pairs = cKDTree(x, balanced_tree=False, compact_nodes=False).query_pairs(rc_short, output_type="ndarray")
        if len(pairs):
            pi = pairs[:, 0]
            pj = pairs[:, 1]
            # Gathering from 1-D columns is several times faster than from the (n, 2) array.
            x0 = np.ascontiguousarray(x[:, 0])
            x1 = np.ascontiguousarray(x[:, 1])
            d = np.column_stack([x0[pi] - x0[pj], x1[pi] - x1[pj]])
            d2 = np.maximum(d[:, 0] ** 2 + d[:, 1] ** 2, MIN_DIST**2)
            u2 = np.minimum(d2 / (rc * rc), 1.0)
            c = q[pj] * (1.0 - u2) ** 2 / d2
            c_sym = c * q[pi] / np.maximum(q[pj], 1e-300)
            # Force on pi scales with q_j, on pj with q_i; the common q_i q_j comes later via q.
            fx = d[:, 0]
            fy = d[:, 1]
            out[:, 0] += np.bincount(pi, c * fx, n) - np.bincount(pj, c_sym * fx, n)
            out[:, 1] += np.bincount(pi, c * fy, n) - np.bincount(pj, c_sym * fy, n)
        out *= (self.kr * q)[:, None]
        return out
