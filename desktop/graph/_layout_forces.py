"""Force models and the iteration loop shared by every layout phase (private to layout.py).

One family covers both models the layout uses: each edge pulls its ends together with a force
``w * d**(exponent - 1)`` and every pair of nodes pushes apart with ``kr * q_i * q_j / d``.

* Fruchterman-Reingold: exponent 3, q = 1. Draws graph distances faithfully (low stress).
* Edge-repulsion LinLog (Noack): exponent 1, q = degree. Pulls communities into tight groups
  with space between them, at some cost in distance fidelity.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

FR_EXPONENT = 3.0
LINLOG_EXPONENT = 1.0
# Exact all-pairs repulsion is cheaper than building a mesh below this many nodes.
EXACT_MAX_NODES = 250
# Distances are floored so that two nodes on top of each other get a large, finite push.
MIN_DIST = 1e-3

Repulsion = Callable[[np.ndarray], np.ndarray]
Tick = Callable[[np.ndarray, float], bool]


def attraction(x: np.ndarray, ei: np.ndarray, ej: np.ndarray, w: np.ndarray, exponent: float) -> np.ndarray:
    """Net edge-attraction force on each node."""
    n = len(x)
    # Gathering from 1-D columns is several times faster than from the (n, 2) array.
    x0 = np.ascontiguousarray(x[:, 0])
    x1 = np.ascontiguousarray(x[:, 1])
    dx = x0[ej] - x0[ei]
    dy = x1[ej] - x1[ei]
    if exponent == 2.0:
        coef = w
    elif exponent == 3.0:
        coef = w * np.sqrt(dx * dx + dy * dy)
    else:
        coef = w * np.maximum(np.sqrt(dx * dx + dy * dy), MIN_DIST) ** (exponent - 2.0)
    fx = coef * dx
    fy = coef * dy
    out = np.empty((n, 2))
    out[:, 0] = np.bincount(ei, fx, n) - np.bincount(ej, fx, n)
    out[:, 1] = np.bincount(ei, fy, n) - np.bincount(ej, fy, n)
    return out


def exact_repulsion(q: np.ndarray, kr: float, *, chunk: int = 512) -> Repulsion:
    """All-pairs repulsion, O(n^2) but vectorised; for small graphs and coarse levels."""

    def force(x: np.ndarray) -> np.ndarray:
        n = len(x)
        out = np.zeros((n, 2))
        for s in range(0, n, chunk):
            d = x[s : s + chunk, None, :] - x[None, :, :]
            d2 = np.maximum(d[..., 0] ** 2 + d[..., 1] ** 2, MIN_DIST**2)
            c = q[None, :] / d2
            # A node's distance to itself is floored, not zero, so cancel its own term.
            rows = np.arange(s, min(s + chunk, n))
            c[rows - s, rows] = 0.0
            out[s : s + chunk, 0] = (c * d[..., 0]).sum(axis=1)
            out[s : s + chunk, 1] = (c * d[..., 1]).sum(axis=1)
        return out * (kr * q)[:, None]

    return force


def pair_repulsion(pi: np.ndarray, pj: np.ndarray, q: np.ndarray, kr: np.ndarray | float) -> Repulsion:
    """Repulsion over an explicit pair list (pairs inside small components laid out together)."""
    scale = q[pi] * q[pj] * kr

    def force(x: np.ndarray) -> np.ndarray:
        n = len(x)
        d = x[pi] - x[pj]
        d2 = np.maximum(d[:, 0] ** 2 + d[:, 1] ** 2, MIN_DIST**2)
        c = scale / d2
        fx = c * d[:, 0]
        fy = c * d[:, 1]
        out = np.empty((n, 2))
        out[:, 0] = np.bincount(pi, fx, n) - np.bincount(pj, fx, n)
        out[:, 1] = np.bincount(pi, fy, n) - np.bincount(pj, fy, n)
        return out

    return force


def equilibrium_kr(total_w: float, q: np.ndarray) -> float:
    """Repulsion strength whose equilibrium has mean ``w * d**exponent`` per edge weight near 1.

    Virial argument: at equilibrium sum(x_i . F_i) = 0; log repulsion contributes exactly
    kr * sum_{i<j} q_i q_j whatever the scale, attraction contributes -sum w d^r. Solving for kr
    with d = 1 gives the strength whose balanced layout has unit edges on average.
    """
    s = float(q.sum())
    pairs = 0.5 * (s * s - float((q * q).sum()))
    return total_w / pairs if pairs > 0 else 1.0


def run(
    x: np.ndarray,
    ei: np.ndarray,
    ej: np.ndarray,
    w: np.ndarray,
    q: np.ndarray,
    *,
    repulsion: Repulsion,
    iterations: int,
    t_start: float | np.ndarray,
    t_end: float,
    movable: np.ndarray | None = None,
    tick: Tick | None = None,
    exponent: float,
    leash: np.ndarray | None = None,
) -> tuple[np.ndarray, bool]:
    """Move nodes along the net force for ``iterations`` steps with geometric cooling.

    Each step a node moves by force/q (so hubs are not whipped around by their many edges),
    capped at the current temperature; the cap shrinks from ``t_start`` (per node if an array)
    to ``t_end``. ``leash`` (per node, may be inf) caps how far a node may end up from its start.
    ``tick(x, fraction_done)`` is called each step and returns True to stop.
    Returns the positions and whether the run was stopped early.
    """
    x = x.copy()
    if iterations <= 0 or len(x) == 0:
        return x, False
    anchor = x.copy() if leash is not None else None
    t_start_arr = np.broadcast_to(np.asarray(t_start, dtype=np.float64), (len(x),))
    ratio = (t_end / np.maximum(t_start_arr, 1e-12)) ** (1.0 / max(iterations - 1, 1))
    temp = t_start_arr.copy()
    inv_q = 1.0 / np.maximum(q, 1e-12)
    for it in range(iterations):
        f = attraction(x, ei, ej, w, exponent) + repulsion(x)
        f *= inv_q[:, None]
        norm = np.hypot(f[:, 0], f[:, 1])
        # Cap the step at the temperature but keep its direction.
        scale = np.minimum(1.0, temp / np.maximum(norm, 1e-12))
        step = f * scale[:, None]
        if movable is not None:
            step[~movable] = 0.0
        x += step
        if anchor is not None and leash is not None:
            off = x - anchor
            dist = np.hypot(off[:, 0], off[:, 1])
            over = dist > leash
            if over.any():
                x[over] = anchor[over] + off[over] * (leash[over] / dist[over])[:, None]
        temp *= ratio
        if tick is not None and tick(x, (it + 1) / iterations):
            return x, True
    return x, False
