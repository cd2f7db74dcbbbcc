"""desktop.graph.communities: Louvain groups and what the view needs to draw them."""

from __future__ import annotations

import numpy as np
import pytest

from desktop.graph.communities import communities, summarise


def _two_groups() -> tuple[np.ndarray, int]:
    """A group of 7 (actor 0 its hub), a group of 5 (actor 7 its hub), one bridge, a pair, one loner."""
    big = [(0, i) for i in range(1, 7)] + [(a, b) for a in range(1, 7) for b in range(a + 1, 7) if (a + b) % 3]
    small = [(7, i) for i in range(8, 12)] + [(8, 9), (10, 11), (9, 10)]
    edges = big + small + [(6, 8), (12, 13), (14, 14)]
    return np.array(edges, dtype=np.int64), 15


def test_groups_found_numbered_by_size_and_small_ones_left_out():
    edges, n = _two_groups()
    labels = communities(edges, n)
    assert labels.dtype == np.int64 and labels.shape == (n,)
    assert (labels[:7] == 0).all() and (labels[7:12] == 1).all()
    # A pair is no community worth drawing, nor is an actor alone (its only link is to itself).
    assert (labels[12:] == -1).all()


def test_same_input_same_communities():
    rng = np.random.default_rng(4)
    edges = rng.integers(0, 300, (900, 2))
    a = communities(edges, 300, seed=2)
    b = communities(edges.copy(), 300, seed=2)
    np.testing.assert_array_equal(a, b)


def test_planted_groups_are_recovered():
    rng = np.random.default_rng(0)
    size, k = 20, 30
    label = np.repeat(np.arange(k), size)
    inside = [
        (c * size + a, c * size + b)
        for c in range(k)
        for a in range(size)
        for b in range(a + 1, size)
        if rng.random() < 0.3
    ]
    across = [tuple(p) for p in rng.integers(0, size * k, (60, 2))]
    found = communities(np.array(inside + across), size * k)
    # Each found community is (almost) one planted group.
    agree = [np.bincount(label[found == c]).max() / (found == c).sum() for c in range(found.max() + 1)]
    assert np.mean(agree) > 0.95
    assert (found >= 0).all()


def test_weights_and_bad_input():
    edges = np.array([[0, 1], [1, 2], [2, 0], [2, 3], [3, 4], [4, 5], [5, 3]])
    heavy = communities(edges, 6, weights=np.array([1, 1, 1, 50, 1, 1, 1.0]), min_size=1)
    assert heavy[2] == heavy[3]  # a heavy bridge binds its ends together
    with pytest.raises(ValueError):
        communities(np.array([[0, 9]]), 3)
    with pytest.raises(ValueError):
        communities(edges, 6, weights=np.ones(2))
    assert (communities(np.empty((0, 2)), 4) == -1).all()


def _inside_hull(hull: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Points inside or on a counter-clockwise convex polygon."""
    a = hull
    b = np.roll(hull, -1, axis=0)
    cross = (b[None, :, 0] - a[None, :, 0]) * (pts[:, None, 1] - a[None, :, 1]) - (b[None, :, 1] - a[None, :, 1]) * (
        pts[:, None, 0] - a[None, :, 0]
    )
    return (cross >= -1e-9).all(axis=1)


def test_summary_names_the_hubs_and_outlines_the_members():
    edges, n = _two_groups()
    labels = communities(edges, n)
    rng = np.random.default_rng(1)
    pos = rng.normal(size=(n, 2)) + np.where(labels[:, None] == 1, 10.0, 0.0)
    names = [f"Actor {i}" for i in range(n)]
    found = summarise(labels, pos, edges, names, top=3)
    assert [c.label for c in found] == [0, 1]
    big, small = found
    np.testing.assert_array_equal(big.members, np.arange(7))
    assert big.leaders[0] == 0 and big.names[0] == "Actor 0"
    assert len(big.leaders) == 2  # at most a third of 7 members
    assert small.leaders == (7,) and small.names == ("Actor 7",)
    np.testing.assert_allclose(big.centre, pos[:7].mean(axis=0))
    assert len(big.hull) >= 3 and _inside_hull(big.hull, pos[:7]).all()
    assert not _inside_hull(big.hull, pos[7:12]).any()
    padded = summarise(labels, pos, edges, names, pad=0.5)[0]
    assert _inside_hull(padded.hull, big.hull).all()


def test_summary_of_points_on_a_line_and_missing_positions():
    labels = np.array([0, 0, 0, 0])
    pos = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0], [np.nan, np.nan]])
    (only,) = summarise(labels, pos, np.array([[0, 1], [1, 2], [2, 3]]), ["a", "b", "c", "d"])
    assert len(only.hull) == 2 and np.isfinite(only.centre).all()
    with pytest.raises(ValueError):
        summarise(labels, pos[:2], np.empty((0, 2)), ["a", "b", "c", "d"])


def test_core_outline_leaves_a_far_member_out():
    labels = np.zeros(20, dtype=np.int64)
    pos = np.random.default_rng(2).normal(size=(20, 2))
    pos[19] = (40.0, 0.0)  # one member laid out far away
    names = [f"Actor {i}" for i in range(20)]
    whole = summarise(labels, pos, np.empty((0, 2)), names)[0]
    core = summarise(labels, pos, np.empty((0, 2)), names, core=0.85)[0]
    assert whole.hull[:, 0].max() == 40.0 and core.hull[:, 0].max() < 5.0


def test_territories_are_where_each_community_is_densest():
    """Three communities side by side, the middle one's fringe mixed into its neighbours':
    each owns the cells round its own members, its name's place is inside its own
    territory, and neighbours get different colours."""
    from desktop.graph.communities import territories, territory_colours

    rng = np.random.default_rng(4)
    centres = np.array([[0.0, 0.0], [10.0, 0.0], [20.0, 0.0]])
    labels = np.repeat([0, 1, 2], 60)
    pos = centres[labels] + rng.normal(scale=2.0, size=(180, 2))
    pos[60:70] = centres[0] + rng.normal(scale=1.0, size=(10, 2))  # a few of 1 sit among 0
    land = territories(labels, pos, cells=120)
    assert land is not None and land.owner.shape[1] == 120
    for c, (x, y) in enumerate(centres):
        assert land.label_at(x, y) == c
        assert land.label_at(*land.peaks[c]) == c
        assert np.hypot(*(land.peaks[c] - centres[c])) < 3.0
    own = np.array([land.label_at(*p) == c for p, c in zip(pos, labels)])
    assert own[labels == 0].mean() > 0.9 and own[labels == 2].mean() > 0.9
    assert land.label_at(100.0, 100.0) == -1  # far away: nobody's
    colours = territory_colours(land.owner, colours=12)
    assert colours[0] != colours[1] and colours[1] != colours[2]
    only = territories(labels, pos, cells=60, keep=[2])
    assert set(np.unique(only.owner)) == {-1, 2}
    assert territories(labels[:2], pos[:2]) is None  # too few to say
