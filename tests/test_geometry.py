"""desktop.geometry and the layout's edge-list helpers, checked against brute force.

These replace scipy's KD-tree, sparse sums and connected components (scipy is not shipped in
the packaged app), so each is compared with the plainest possible computation of the same thing.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from desktop.geometry import PointGrid, close_pairs, median_nearest_gap
from desktop.graph._layout_mesh import next_fast_len
from desktop.graph._sparse import connected_components, sum_duplicates


def brute_pairs(x: np.ndarray, r: float) -> set[tuple[int, int]]:
    d = np.hypot(x[:, None, 0] - x[None, :, 0], x[:, None, 1] - x[None, :, 1])
    i, j = np.nonzero(np.triu(d <= r, 1))
    return set(zip(i.tolist(), j.tolist()))


def brute_median_gap(x: np.ndarray) -> float | None:
    d = np.hypot(x[:, None, 0] - x[None, :, 0], x[:, None, 1] - x[None, :, 1])
    np.fill_diagonal(d, np.inf)
    gap = d.min(axis=1)
    gap = gap[gap > 0]
    return float(np.median(gap)) if len(gap) else None


@pytest.mark.parametrize("n, r", [(2, 0.5), (40, 0.2), (700, 0.03), (700, 5.0)])
def test_close_pairs_finds_exactly_the_pairs_within_r(n: int, r: float) -> None:
    rng = np.random.default_rng(n)
    x = rng.random((n, 2)) * np.array([3.0, 1.0]) - 7.0  # off-origin, not square
    pairs = close_pairs(x, r)
    assert pairs.dtype.kind == "i" and pairs.shape[1] == 2
    assert (pairs[:, 0] < pairs[:, 1]).all()
    got = set(map(tuple, pairs.tolist()))
    assert len(got) == len(pairs)  # each pair once
    assert got == brute_pairs(x, r)


def test_close_pairs_skips_nan_rows_and_pairs_coincident_points() -> None:
    x = np.array([[0.0, 0.0], [np.nan, 0.0], [0.0, 0.0], [0.05, 0.0], [5.0, 5.0], [0.0, np.inf]])
    got = set(map(tuple, close_pairs(x, 0.1).tolist()))
    assert got == {(0, 2), (0, 3), (2, 3)}
    assert len(close_pairs(np.empty((0, 2)), 1.0)) == 0
    assert len(close_pairs(x, 0.0)) == 0


def test_close_pairs_in_one_crowded_cell_spans_several_blocks() -> None:
    # 2,500 points within r of each other: 3.1 million candidates, more than one block.
    rng = np.random.default_rng(1)
    x = rng.random((2500, 2)) * 0.5
    pairs = close_pairs(x, 1.0)
    assert len(pairs) == 2500 * 2499 // 2
    assert len(np.unique(pairs[:, 0] * 2500 + pairs[:, 1])) == len(pairs)


def test_close_pairs_gives_up_past_the_limit() -> None:
    x = np.random.default_rng(2).random((300, 2))
    assert close_pairs(x, 2.0, limit=1000) is None
    assert len(close_pairs(x, 2.0, limit=10**6)) == 300 * 299 // 2


def test_median_nearest_gap_matches_brute_force() -> None:
    rng = np.random.default_rng(3)
    for n in (3, 50, 1500):
        x = rng.random((n, 2)) * np.array([10.0, 0.1])
        assert median_nearest_gap(x) == pytest.approx(brute_median_gap(x), rel=1e-12)


def test_median_nearest_gap_leaves_out_coincident_points() -> None:
    rng = np.random.default_rng(4)
    x = rng.random((200, 2))
    x[:30] = x[0]
    assert median_nearest_gap(x) == pytest.approx(brute_median_gap(x), rel=1e-12)
    assert median_nearest_gap(np.zeros((5, 2))) is None
    assert median_nearest_gap(np.array([[1.0, 2.0]])) is None
    assert median_nearest_gap(np.array([[0.0, 0.0], [3.0, 4.0]])) == pytest.approx(5.0)


def test_median_nearest_gap_of_a_tight_clump_is_still_right() -> None:
    # 600 of 1,000 points inside a millionth of the drawing: the pair search would explode, so
    # the measured fallback takes over (exact here, as it samples up to 2,000 points).
    rng = np.random.default_rng(5)
    x = rng.random((1000, 2))
    x[:600] = 0.5 + rng.random((600, 2)) * 1e-6
    assert median_nearest_gap(x) == pytest.approx(brute_median_gap(x), rel=1e-9)


def test_point_grid_returns_the_points_in_a_disc() -> None:
    rng = np.random.default_rng(6)
    pts = rng.random((3000, 2)) * np.array([100.0, 20.0])
    grid = PointGrid(pts, 0.7)
    for _ in range(40):
        cx, cy = rng.random(2) * np.array([120.0, 40.0]) - 10.0
        r = float(rng.random() * 15.0)
        want = np.flatnonzero(np.hypot(pts[:, 0] - cx, pts[:, 1] - cy) <= r)
        assert sorted(grid.within(cx, cy, r).tolist()) == want.tolist()
    assert len(grid.within(-500.0, -500.0, 10.0)) == 0
    assert len(PointGrid(np.empty((0, 2)), 1.0).within(0.0, 0.0, 5.0)) == 0


def test_sum_duplicates_folds_parallel_edges() -> None:
    rows, cols, w = sum_duplicates(
        np.array([3, 0, 3, 1, 0]), np.array([4, 2, 4, 2, 2]), np.array([1.0, 2.0, 0.5, 1.0, 3.0]), 5
    )
    assert rows.tolist() == [0, 1, 3]
    assert cols.tolist() == [2, 2, 4]
    assert w.tolist() == [5.0, 1.0, 1.5]
    empty = sum_duplicates(np.empty(0), np.empty(0), np.empty(0), 3)
    assert all(len(a) == 0 for a in empty)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_connected_components_agree_with_networkx(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 3000
    # A long path in scrambled order (the hard case for hooking), plus random edges and
    # isolated nodes.
    perm = rng.permutation(n)[:1200]
    ei = np.concatenate([perm[:-1], rng.integers(0, n, 900)])
    ej = np.concatenate([perm[1:], rng.integers(0, n, 900)])
    count, labels = connected_components(n, ei, ej)
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(zip(ei.tolist(), ej.tolist()))
    comps = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: c[0])
    assert count == len(comps)
    for label, comp in enumerate(comps):  # labelled in the order of each component's lowest node
        assert set(np.flatnonzero(labels == label).tolist()) == set(comp)
    assert connected_components(4, np.empty(0), np.empty(0))[1].tolist() == [0, 1, 2, 3]


def test_next_fast_len_is_the_next_5_smooth_number() -> None:
    def smooth(k: int) -> bool:
        for p in (2, 3, 5):
            while k % p == 0:
                k //= p
        return k == 1

    for n in range(1, 3000):
        m = next_fast_len(n)
        assert m >= n and smooth(m)
        assert not any(smooth(k) for k in range(n, m))
