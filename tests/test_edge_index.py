"""Correctness of desktop.graph.edge_index.EdgeIndex against crafted cases and brute force."""

from __future__ import annotations

import numpy as np

from desktop.graph.edge_index import EdgeIndex


def _brute(pos: np.ndarray, edges: np.ndarray, x: float, y: float, max_dist: float) -> int:
    """Reference answer: every edge measured, written independently of the index's helper."""
    a = pos[edges[:, 0]]
    b = pos[edges[:, 1]]
    p = np.array([x, y])
    ab = b - a
    den = (ab * ab).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(den > 0, ((p - a) * ab).sum(axis=1) / den, 0.0)
    t = np.clip(t, 0.0, 1.0)
    d = np.linalg.norm(p - (a + t[:, None] * ab), axis=1)
    mid = np.linalg.norm(p - 0.5 * (a + b), axis=1)
    best = d.min()
    if best > max_dist:
        return -1
    tied = np.flatnonzero(d <= best + 1e-9)
    return int(tied[np.lexsort((tied, mid[tied]))[0]])


def test_close_parallel_edges():
    pos = np.array([[0, 0], [10, 0], [0, 0.01], [10, 0.01]], dtype=float)
    idx = EdgeIndex(pos, np.array([[0, 1], [2, 3]]))
    assert idx.nearest(5.0, 0.004, 1.0) == 0
    assert idx.nearest(5.0, 0.006, 1.0) == 1
    assert idx.nearest(5.0, -0.5, 1.0) == 0
    assert idx.nearest(5.0, 0.5, 1.0) == 1


def test_very_short_edge_next_to_long_one():
    pos = np.array([[0, 0], [100, 0], [50, 0.2], [50.001, 0.2], [7, 7], [7, 7]], dtype=float)
    edges = np.array([[0, 1], [2, 3], [4, 5]])
    idx = EdgeIndex(pos, edges)
    assert idx.nearest(50.0005, 0.15, 1.0) == 1
    assert idx.nearest(50.0005, 0.05, 1.0) == 0
    # A zero-length edge is a point.
    assert idx.nearest(7.1, 7.0, 0.5) == 2


def test_point_beyond_segment_end_and_max_dist():
    pos = np.array([[0, 0], [1, 0], [3, 1], [3, 5]], dtype=float)
    idx = EdgeIndex(pos, np.array([[0, 1], [2, 3]]))
    # Beyond the end of edge 0: distance to the endpoint, not to the infinite line.
    assert idx.nearest(2.0, 0.0, 1.01) == 0
    assert idx.nearest(2.0, 0.0, 0.99) == -1
    assert idx.nearest(3.0, 6.0, 1.5) == 1
    assert idx.nearest(3.0, 6.0, 0.5) == -1
    assert idx.nearest(100.0, 100.0, 5.0) == -1


def test_shared_endpoint_tie_prefers_closer_midpoint():
    pos = np.array([[0, 0], [1, 0], [0, 10]], dtype=float)
    idx = EdgeIndex(pos, np.array([[0, 2], [0, 1]]))
    # Both edges are exactly 0.5 away (the shared endpoint); edge 1's midpoint is nearer.
    assert idx.nearest(-0.5, 0.0, 1.0) == 1


def test_empty_and_unplaced():
    assert EdgeIndex(np.zeros((3, 2)), np.empty((0, 2), dtype=int)).nearest(0, 0, 1) == -1
    pos = np.array([[0, 0], [np.nan, np.nan], [1, 1]])
    idx = EdgeIndex(pos, np.array([[0, 1], [0, 2]]))
    assert idx.nearest(0.0, 0.0, 0.1) == 1


def test_update_moves_edges():
    pos = np.array([[0, 0], [1, 0], [0, 5], [1, 5]], dtype=float)
    edges = np.array([[0, 1], [2, 3]])
    idx = EdgeIndex(pos, edges)
    assert idx.nearest(0.5, 5.0, 0.1) == 1
    moved = pos.copy()
    moved[2:] += [[10, 0], [10, 0]]
    idx.update(moved)
    assert idx.nearest(0.5, 5.0, 0.1) == -1
    assert idx.nearest(10.5, 5.0, 0.1) == 1


def test_agrees_with_brute_force_on_random_data():
    rng = np.random.default_rng(42)
    n, m = 300, 600
    pos = rng.uniform(0, 20, (n, 2))
    edges = rng.integers(0, n, (m, 2))
    idx = EdgeIndex(pos, edges)
    for _ in range(300):
        x, y = rng.uniform(-2, 22, 2)
        r = float(rng.choice([0.05, 0.3, 2.0]))
        assert idx.nearest(x, y, r) == _brute(pos, edges, x, y, r)
    # Small moves go through the dirty set, a big one through a rebuild; both stay exact.
    for frac in (0.02, 1.0):
        k = max(1, int(frac * n))
        pos = pos.copy()
        pos[rng.choice(n, k, replace=False)] += rng.normal(0, 3, (k, 2))
        idx.update(pos)
        for _ in range(200):
            x, y = rng.uniform(-2, 22, 2)
            r = float(rng.choice([0.05, 0.3, 2.0]))
            assert idx.nearest(x, y, r) == _brute(pos, edges, x, y, r)
