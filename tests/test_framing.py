"""Fit to View's frame (desktop.graph.framing): the largest scale at which every actor, its
symbol and its name fit the canvas."""

from __future__ import annotations

import numpy as np

from desktop.graph.framing import fit_frame, fitted_extent


def _crowd(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    xy = rng.normal(size=(n, 2)) * rng.uniform(1, 50)
    # symbols of a few dozen sizes, and on some actors a long name below them
    r = np.round(rng.uniform(8, 26, n))
    name = np.where(rng.random(n) < 0.1, rng.uniform(20, 160, n), r)
    extents = np.stack([name, name, r, r + rng.choice([0.0, 18.0], n)], axis=1)
    return xy, extents


def test_the_fitted_map_fills_the_canvas_and_nothing_sticks_out() -> None:
    for seed in range(6):
        xy, extents = _crowd(3000, seed)
        width, height, margin = 1400.0, 900.0, 8.0
        frame = fit_frame(xy, extents, width, height, margin=margin)
        l, t, r, b = fitted_extent(xy, extents, frame.scale)
        w, h = r - l, b - t
        # it fits, with the margin, and one side of it is (to within a hair) as long as the room
        assert w <= width - 2 * margin + 1e-6 and h <= height - 2 * margin + 1e-6
        assert max(w / (width - 2 * margin), h / (height - 2 * margin)) > 0.999
        # a hair larger and it would not fit: the scale is the largest
        l2, t2, r2, b2 = fitted_extent(xy, extents, frame.scale * 1.001)
        assert r2 - l2 > width - 2 * margin or b2 - t2 > height - 2 * margin


def test_one_long_name_at_the_edge_decides_the_frame() -> None:
    xy = np.array([[0.0, 0.0], [10.0, 0.0], [5.0, 3.0]])
    narrow = np.full((3, 4), 10.0)
    wide = narrow.copy()
    wide[1, :2] = 300.0  # the rightmost actor's name reaches 300 px either side
    a = fit_frame(xy, narrow, 800.0, 600.0)
    b = fit_frame(xy, wide, 800.0, 600.0)
    assert b.scale < a.scale
    l, _, r, _ = fitted_extent(xy, wide, b.scale)
    assert r - l <= 800.0 - 16.0 + 1e-6


def test_a_canvas_smaller_than_the_legend_still_shows_the_whole_map() -> None:
    # a 150 x 400 px map beside a legend that wants 200 x 300: neither beside nor above leaves room
    xy = np.array([[0.0, 0.0], [100.0, 0.0], [50.0, 80.0]])
    extents = np.full((3, 4), 10.0)
    frame = fit_frame(xy, extents, 150.0, 400.0, reserved=(200.0, 300.0))
    l, t, r, b = fitted_extent(xy, extents, frame.scale)
    assert r - l <= 150.0 and b - t <= 400.0
    # the map is in view: every actor lies inside the frame
    assert (xy[:, 0] >= frame.x).all() and (xy[:, 0] <= frame.x + frame.width).all()
    assert (xy[:, 1] >= frame.y).all() and (xy[:, 1] <= frame.y + frame.height).all()


def test_names_wider_than_the_canvas_still_leave_every_actor_in_view() -> None:
    xy = np.array([[0.0, 0.0], [100.0, 0.0], [50.0, 80.0]])
    extents = np.full((3, 4), 10.0)
    extents[:, :2] = 200.0  # each name reaches 200 px either side: wider than the 150 px canvas
    frame = fit_frame(xy, extents, 150.0, 400.0)
    assert (xy[:, 0] >= frame.x).all() and (xy[:, 0] <= frame.x + frame.width).all()
    assert (xy[:, 1] >= frame.y).all() and (xy[:, 1] <= frame.y + frame.height).all()
    # and it is not zoomed in beyond the map: the actors span most of the canvas's width
    assert 100.0 * frame.scale > 0.8 * (150.0 - 16.0)
