"""Correctness of desktop.graph.layout.force_layout (no timing here; see tests/bench)."""

from __future__ import annotations

import time

import networkx as nx
import numpy as np
import pytest

from desktop.graph.layout import force_layout


def _ba(n: int, seed: int = 1) -> np.ndarray:
    return np.array(nx.barabasi_albert_graph(n, 2, seed=seed).edges(), dtype=np.int64)


def _edge_lengths(pos: np.ndarray, edges: np.ndarray) -> np.ndarray:
    return np.hypot(*(pos[edges[:, 1]] - pos[edges[:, 0]]).T)


def test_empty_and_single_node():
    assert force_layout(np.empty((0, 2), dtype=int), 0).shape == (0, 2)
    one = force_layout(np.empty((0, 2), dtype=int), 1)
    assert one.shape == (1, 2) and one.dtype == np.float64 and np.isfinite(one).all()
    two = force_layout(np.array([[0, 1]]), 2)
    assert np.isfinite(two).all() and np.hypot(*(two[0] - two[1])) == pytest.approx(1.0)


def test_finite_unit_scale_and_deterministic():
    edges = _ba(400)
    a = force_layout(edges, 400, seed=3)
    b = force_layout(edges, 400, seed=3)
    assert a.shape == (400, 2) and a.dtype == np.float64
    assert np.isfinite(a).all()
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, force_layout(edges, 400, seed=4))


def test_output_scale_is_unit_nearest_neighbour_gap():
    edges = _ba(400)
    pos = force_layout(edges, 400, seed=3)
    gap = np.hypot(*(pos[:, None, :] - pos[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(gap, np.inf)
    assert np.median(gap.min(axis=1)) == pytest.approx(1.0, rel=1e-6)


def test_large_component_uses_fast_path_and_stays_finite():
    edges = _ba(3000)
    pos = force_layout(edges, 3000, seed=0, iterations=20)
    assert np.isfinite(pos).all()
    # Nodes do not pile onto one point.
    assert len(np.unique(np.round(pos, 6), axis=0)) == 3000


def test_self_loops_duplicates_and_weights_accepted():
    edges = np.array([[0, 1], [1, 0], [1, 1], [1, 2], [2, 3]])
    pos = force_layout(edges, 4, weights=np.array([1.0, 2.0, 1.0, 1.0, 3.0]))
    assert np.isfinite(pos).all()
    with pytest.raises(ValueError):
        force_layout(np.array([[0, 5]]), 3)
    with pytest.raises(ValueError):
        force_layout(edges, 4, weights=np.ones(2))


def test_pinned_nodes_do_not_move():
    edges = _ba(200)
    start = force_layout(edges, 200, seed=1)
    rng = np.random.default_rng(0)
    moved = start + rng.normal(0, 0.5, start.shape)
    pinned = np.zeros(200, dtype=bool)
    pinned[::7] = True
    out = force_layout(edges, 200, pos=moved, pinned=pinned)
    np.testing.assert_array_equal(out[pinned], moved[pinned])
    assert not np.allclose(out[~pinned], moved[~pinned])


def test_incremental_moves_existing_nodes_little_and_keeps_scale():
    edges = _ba(300)
    base = force_layout(edges, 300, seed=2) * 40.0  # caller draws at another scale
    unit = np.median(_edge_lengths(base, edges))
    out = force_layout(edges, 300, pos=base, seed=2)
    shift = np.hypot(*(out - base).T) / unit
    assert np.median(shift) < 0.5
    assert np.median(_edge_lengths(out, edges)) == pytest.approx(unit, rel=0.3)


def test_nan_rows_placed_near_neighbours():
    edges = _ba(300)
    base = force_layout(edges, 300, seed=5)
    unit = np.median(_edge_lengths(base, edges))
    # A new actor tied to two existing ones, and another hanging off the first new one.
    edges2 = np.vstack([edges, [[300, 10], [300, 20], [301, 300]]])
    start = np.vstack([base, np.full((2, 2), np.nan)])
    out = force_layout(edges2, 302, pos=start)
    assert np.isfinite(out).all()
    for new, nbrs in ((300, [10, 20]), (301, [300])):
        d = np.hypot(*(out[nbrs] - out[new]).T)
        assert d.max() < 4.0 * unit, (d, unit)
    median_shift = np.median(np.hypot(*(out[:300] - base).T))
    assert median_shift < 0.5 * unit


def test_fresh_component_placed_beside_existing_drawing():
    edges = np.array([[0, 1], [1, 2], [3, 4]])
    start = np.array([[0, 0], [1, 0], [2, 0], [np.nan, np.nan], [np.nan, np.nan]], dtype=float)
    out = force_layout(edges, 5, pos=start, pinned=np.array([1, 1, 1, 0, 0], dtype=bool))
    np.testing.assert_array_equal(out[:3], start[:3])
    assert out[3:, 0].min() > 2.0


def test_disjoint_triangles_are_packed():
    k = 30
    base = np.array([[0, 1], [1, 2], [0, 2]])
    edges = np.vstack([base + 3 * i for i in range(k)])
    pos = force_layout(edges, 3 * k + 5, seed=0)  # plus five isolated actors
    assert np.isfinite(pos).all()
    assert np.median(_edge_lengths(pos, edges)) == pytest.approx(1.0, rel=0.05)
    w, h = pos.max(axis=0) - pos.min(axis=0)
    # Each unit triangle with a unit gap needs about 2 x 2; allow slack for packing.
    assert w * h < 4.0 * 4 * (k + 5)
    assert max(w, h) / max(min(w, h), 1e-9) < 3.0
    # Isolated actors do not sit on top of anything.
    d = np.hypot(*(pos[:, None, :] - pos[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(d, np.inf)
    assert d.min() > 0.3


def test_should_stop_stops_early():
    edges = _ba(2000)
    calls = []

    def stop() -> bool:
        calls.append(1)
        return len(calls) > 3

    out = force_layout(edges, 2000, should_stop=stop, iterations=10_000)
    # Polled once per step and obeyed at once: the fourth poll said stop, no fifth came.
    assert out.shape == (2000, 2) and np.isfinite(out).all()
    assert len(calls) == 4


def test_callback_reports_progress_at_sane_intervals():
    edges = _ba(1200)
    seen: list[tuple[float, float]] = []

    def cb(pos: np.ndarray, progress: float) -> None:
        assert pos.shape == (1200, 2) and np.isfinite(pos).all()
        seen.append((time.monotonic(), progress))

    force_layout(edges, 1200, callback=cb, iterations=300)
    assert len(seen) >= 2
    times = np.array([t for t, _ in seen])
    prog = np.array([p for _, p in seen])
    assert ((prog >= 0) & (prog <= 1)).all()
    assert (np.diff(prog) >= 0).all()
    assert np.diff(times).min() >= 0.045


def _communities(k: int, size: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """k dense groups of `size` actors in a ring of single links: clear community structure."""
    rng = np.random.default_rng(seed)
    edges = []
    for c in range(k):
        base = c * size
        for i in range(1, size):
            edges.append((base + i, base + int(rng.integers(0, i))))
        for _ in range(size):
            a, b = rng.integers(0, size, 2)
            if a != b:
                edges.append((base + a, base + b))
        edges.append((base, ((c + 1) % k) * size + 1))
    return np.array(edges, dtype=np.int64), np.repeat(np.arange(k), size)


def test_large_clustered_graph_shows_groups_and_settles_incrementally():
    edges, label = _communities(60, 25)
    n = len(label)
    pos = force_layout(edges, n, seed=0)
    assert np.isfinite(pos).all()
    # Each actor's nearest drawn neighbours are mostly from its own group.
    d = np.hypot(*(pos[:, None, :] - pos[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(d, np.inf)
    nearest = np.argsort(d, axis=1)[:, :5]
    assert (label[nearest] == label[:, None]).mean() > 0.7
    # Re-running from the result (the LinLog model) keeps the picture.
    unit = np.median(_edge_lengths(pos, edges))
    again = force_layout(edges, n, pos=pos, seed=0)
    assert np.median(np.hypot(*(again - pos).T)) < 0.5 * unit


def test_pinned_row_without_position_is_just_placed():
    edges = np.array([[0, 1], [1, 2]])
    start = np.array([[0.0, 0.0], [np.nan, np.nan], [2.0, 0.0]])
    out = force_layout(edges, 3, pos=start, pinned=np.array([True, True, True]))
    np.testing.assert_array_equal(out[[0, 2]], start[[0, 2]])
    assert np.isfinite(out[1]).all() and np.hypot(*(out[1] - [1.0, 0.0])) < 1.5


def test_rerun_with_all_positions_leaves_settled_small_components():
    k = 3000
    base = np.array([[0, 1], [1, 2]])
    edges = np.vstack([base + 3 * i for i in range(k)])
    pos = force_layout(edges, 3 * k + 100, seed=0)
    again = force_layout(edges, 3 * k + 100, pos=pos)
    np.testing.assert_array_equal(again, pos)
