"""The map pipeline the window runs (desktop.graph.layout.layout) and its finishing passes
(declutter, compact, orient): packing for the view, the tray of unlinked actors, incremental
placement, clusters kept. No timing here; see tests/bench/bench_layout.py."""

from __future__ import annotations

import numpy as np
import pytest

from desktop.graph._layout_pack import TRAY_ROW_PX, pack_boxes
from desktop.graph.declutter import compact, declutter, orient
from desktop.graph.layout import force_layout, hide_isolated_by_default, isolated_actors, layout


def _nearest(pos: np.ndarray, k: int) -> np.ndarray:
    d = np.hypot(*(pos[:, None, :] - pos[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(d, np.inf)
    return np.argsort(d, axis=1)[:, :k]


def _min_gap(pos: np.ndarray) -> float:
    d = np.hypot(*(pos[:, None, :] - pos[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(d, np.inf)
    return float(d.min())


def _planted(n: int, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Communities of 10-40 actors, mostly linked inside, ~10% of links across."""
    rng = np.random.default_rng(seed)
    sizes = []
    while sum(sizes) < n:
        sizes.append(int(rng.integers(10, 41)))
    sizes[-1] -= sum(sizes) - n
    label = np.repeat(np.arange(len(sizes)), sizes)
    start = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    local = np.arange(n) - start[label]
    child = np.flatnonzero(local > 0)
    tree = np.column_stack([child, start[label[child]] + (rng.random(len(child)) * local[child]).astype(np.int64)])
    a = rng.integers(0, n, n)
    extra = np.column_stack([a, start[label[a]] + (rng.random(n) * np.asarray(sizes)[label[a]]).astype(np.int64)])
    u, v = rng.integers(0, n, (2, n // 4))
    cross = np.column_stack([u, v])[label[u] != label[v]]
    e = np.vstack([tree, extra, cross])
    e = e[e[:, 0] != e[:, 1]]
    return np.unique(np.sort(e, axis=1), axis=0), label


# ----- declutter, compact, orient ---------------------------------------------------------------
def test_declutter_spreads_a_pile_locally_and_keeps_pinned():
    side = 40
    gx, gy = np.meshgrid(np.arange(side, dtype=float), np.arange(side, dtype=float))
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    pile = np.tile([[60.0, 20.0]], (400, 1))  # 400 actors drawn on one spot, beside the grid
    pos = np.vstack([grid, pile, [[10.3, 10.0]]])  # and one pinned actor too close to (10, 10)
    pinned = np.zeros(len(pos), dtype=bool)
    pinned[-1] = True
    out = declutter(pos, pinned=pinned)
    np.testing.assert_array_equal(out[-1], pos[-1])
    # Every actor is now at least 0.7 typical gaps (1.0 here) from every other ...
    assert _min_gap(out) > 0.7
    # ... the grid barely moved (only the actor next to the pinned one had to) ...
    moved = np.hypot(*(out[: side * side] - grid).T)
    assert np.median(moved) < 1e-9 and moved.max() < 1.0
    # ... and the pile became a disc around its spot, about as big as 400 actors need.
    reach = np.hypot(*(out[side * side : -1] - [60.0, 20.0]).T)
    assert reach.max() < 25.0


def test_declutter_leaves_nan_rows_and_tiny_inputs():
    pos = np.array([[0.0, 0.0], [np.nan, np.nan], [0.0, 0.0], [3.0, 0.0]])
    out = declutter(pos)
    assert np.isnan(out[1]).all() and np.isfinite(out[[0, 2, 3]]).all()
    assert np.hypot(*(out[0] - out[2])) > 0.5
    assert declutter(np.zeros((1, 2))).shape == (1, 2)


def test_compact_closes_the_space_between_clusters_and_keeps_them():
    edges, label = _planted(3000)
    pos = force_layout(edges, 3000, seed=0)
    out = compact(pos, aspect=1.6)

    def purity(p: np.ndarray) -> float:
        return float((label[_nearest(p, 10)] == label[:, None]).mean())

    def across(p: np.ndarray) -> float:
        w, h = np.ptp(p, axis=0)
        return float(np.sqrt(w * h))

    # The clustering layout draws knots far apart: the whole is many typical gaps wide.
    assert across(pos) > 15 * np.sqrt(3000)
    assert across(out) <= 7.5 * np.sqrt(3000)
    w, h = np.ptp(out, axis=0)
    assert w / h == pytest.approx(1.6, rel=0.15)
    assert purity(out) > 0.8 and purity(out) > purity(pos) - 0.03
    # No two actors on top of each other: pairs at least 0.6 of the input's typical gap apart.
    assert _min_gap(out) > 0.6


def test_orient_turns_the_long_axis():
    tall = np.array([[0.0, 0.0], [0.0, 5.0], [0.5, 10.0], [0.0, 15.0]])
    wide = orient(tall, wide=True)
    assert np.ptp(wide[:, 0]) > np.ptp(wide[:, 1])
    again = orient(wide, wide=False)
    assert np.ptp(again[:, 1]) > np.ptp(again[:, 0])


def test_pack_boxes_fills_the_aspect_without_overlap():
    rng = np.random.default_rng(0)
    boxes = np.vstack([[[20.0, 18.0]], rng.uniform(1, 6, (60, 2)), np.full((400, 2), 0.5)])
    corners, size = pack_boxes(boxes, aspect=1.6, gap=1.0)
    assert size[0] / size[1] == pytest.approx(1.6, rel=0.25)
    lo, hi = corners, corners + boxes
    assert (lo >= -1e-9).all() and (hi <= size + 1e-9).all()
    apart = (
        (lo[:, None, 0] >= hi[None, :, 0] - 1e-9)
        | (lo[None, :, 0] >= hi[:, None, 0] - 1e-9)
        | (lo[:, None, 1] >= hi[None, :, 1] - 1e-9)
        | (lo[None, :, 1] >= hi[:, None, 1] - 1e-9)
    )
    np.fill_diagonal(apart, True)
    assert apart.all()
    # Used area over the block: a tight packing, not a row of boxes.
    assert (boxes + 1.0).prod(axis=1).sum() / size.prod() > 0.6


# ----- layout: packing and the tray ---------------------------------------------------------------
def _workspace_like(seed: int = 0) -> tuple[np.ndarray, int, list[str]]:
    """Stories of different sizes that do not touch, and 62 actors with no relationship."""
    rng = np.random.default_rng(seed)
    edges, start = [], 0
    for size in [40, 18, 12, 9, 7, 6, 5, 5, 4, 4, 3, 3, 3, 2, 2, 2, 2, 2]:
        for i in range(1, size):
            edges.append((start + i, start + int(rng.integers(0, i))))
        start += size
    n = start + 62
    names = [f"{'Zeta' if i % 3 else 'Alpha'} Person {i}" for i in range(n)]
    return np.array(edges, dtype=np.int64), n, names


def _aspect(box: np.ndarray) -> float:
    return float((box[2] - box[0]) / (box[3] - box[1]))


def _union(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.concatenate([np.minimum(a[:2], b[:2]), np.maximum(a[2:], b[2:])])


def test_components_and_tray_fill_the_view_shape():
    edges, n, names = _workspace_like()
    result = layout(edges, n, names=names, view_px=(1600, 1000))
    x = result.positions
    assert np.isfinite(x).all()
    iso = isolated_actors(edges, n)
    np.testing.assert_array_equal(result.isolated, iso)
    assert iso.sum() == 62 and result.tray is not None
    whole = _union(result.bounds, result.tray)
    assert _aspect(whole) == pytest.approx(1.6, rel=0.15)

    # The tray is beside the map, not on it, and holds exactly the isolated actors.
    def inside(box, p):
        return (
            (p[:, 0] >= box[0] - 1e-9)
            & (p[:, 0] <= box[2] + 1e-9)
            & (p[:, 1] >= box[1] - 1e-9)
            & (p[:, 1] <= box[3] + 1e-9)
        )

    assert inside(result.tray, x[iso]).all() and not inside(result.tray, x[~iso]).any()
    b, t = result.bounds, result.tray
    assert t[3] < b[1] or t[0] > b[2]
    # Components do not overlap each other: no actor lies inside another component's box.
    from desktop.graph._sparse import connected_components

    _, lab = connected_components(n, edges[:, 0], edges[:, 1])
    for c in np.unique(lab[~iso]):
        rows = np.flatnonzero(lab == c)
        if len(rows) < 2:
            continue
        lo, hi = x[rows].min(axis=0), x[rows].max(axis=0)
        others = np.flatnonzero((lab != c) & ~iso)
        assert not ((x[others] > lo) & (x[others] < hi)).all(axis=1).any()


def test_tray_leaves_room_for_each_name_and_is_sorted_by_name():
    edges, n, names = _workspace_like()
    name_px = np.array([len(s) * 7.0 for s in names])
    result = layout(edges, n, names=names, name_px=name_px, view_px=(1600, 1000))
    ppu = result.px_per_unit
    rows = np.flatnonzero(result.isolated)
    x = result.positions[rows]
    # Each name, drawn right of its symbol at the fitted scale, stays clear of every other name.
    left = x[:, 0] + 10.0 / ppu
    right = left + name_px[rows] / ppu
    half = 0.5 * (TRAY_ROW_PX - 4) / ppu
    lo_y, hi_y = x[:, 1] - half, x[:, 1] + half
    clash = (
        (left[:, None] < right[None, :])
        & (left[None, :] < right[:, None])
        & (lo_y[:, None] < hi_y[None, :])
        & (lo_y[None, :] < hi_y[:, None])
    )
    np.fill_diagonal(clash, False)
    assert not clash.any()
    # Reading down each column, then across: alphabetical.
    order = rows[np.lexsort((-x[:, 1], np.round(x[:, 0], 6)))]
    keys = [names[r].casefold() for r in order]
    assert keys == sorted(keys)


def test_hidden_tray_lets_the_components_fill_the_view():
    edges, n, names = _workspace_like()
    result = layout(edges, n, names=names, view_px=(1600, 1000), show_isolated=False)
    assert _aspect(result.bounds) == pytest.approx(1.6, rel=0.15)
    assert result.tray is not None and result.tray[0] > result.bounds[2]


def test_hide_isolated_by_default_past_thirty():
    assert not hide_isolated_by_default(30) and hide_isolated_by_default(31)
    edges = np.array([[0, 1], [2, 2]])
    np.testing.assert_array_equal(isolated_actors(edges, 4), [False, False, True, True])


def test_only_isolated_actors_and_empty_map():
    result = layout(np.empty((0, 2), dtype=int), 5, names=list("edcba"), view_px=(800, 600))
    assert result.isolated.all() and np.isfinite(result.positions).all()
    assert result.tray is not None
    assert layout(np.empty((0, 2), dtype=int), 0).positions.shape == (0, 2)


def test_one_big_clustered_component_takes_the_view_shape():
    edges, label = _planted(2500, seed=5)
    result = layout(edges, 2500, view_px=(1600, 1000))
    assert _aspect(result.bounds) == pytest.approx(1.6, rel=0.1)
    assert (label[_nearest(result.positions, 10)] == label[:, None]).mean() > 0.8


# ----- layout: a new import --------------------------------------------------------------------
def test_new_import_places_new_actors_near_neighbours_and_keeps_the_rest():
    edges, n, names = _workspace_like(seed=1)
    first = layout(edges, n, names=names, view_px=(1600, 1000))
    old = first.positions
    iso = np.flatnonzero(first.isolated)
    # The import: two new actors linked to actor 0, one new unlinked actor, and an actor of
    # the tray that now has its first relationship (to actor 5).
    joined = int(iso[0])
    n2 = n + 3
    edges2 = np.vstack([edges, [[n, 0], [n + 1, n], [joined, 5]]])
    pos = np.vstack([old, np.full((3, 2), np.nan)])
    second = layout(edges2, n2, pos=pos, names=names + ["New One", "New Two", "Aaron Unlinked"], view_px=(1600, 1000))
    x = second.positions
    unit = np.median(np.hypot(*(old[edges[:, 1]] - old[edges[:, 0]]).T))
    # Everyone already drawn (but the actor who left the tray) stays about where they were.
    keep = np.ones(n, dtype=bool)
    keep[joined] = False
    moved = np.hypot(*(x[:n][keep] - old[keep]).T)
    assert np.median(moved) < 0.05 * unit and moved.max() < 1.5 * unit
    # New actors and the one who left the tray sit beside their neighbours.
    assert np.hypot(*(x[n] - x[0])) < 3 * unit
    assert np.hypot(*(x[n + 1] - x[n])) < 3 * unit
    assert np.hypot(*(x[joined] - x[5])) < 3 * unit
    # The new unlinked actor joins the tray, below or beside the ones already there.
    assert second.isolated[n + 2] and not second.isolated[joined]
    tray_old = np.delete(iso, 0)
    near = np.hypot(*(x[tray_old] - x[n + 2]).T).min()
    assert near < 4 * np.median(np.hypot(*np.diff(old[tray_old], axis=0).T))


def test_callback_and_should_stop_still_work():
    edges, label = _planted(1500)
    seen = []
    result = layout(edges, 1500, callback=lambda p, f: seen.append(f))
    assert np.isfinite(result.positions).all() and all(0.0 <= f <= 1.0 for f in seen)
    polls = []
    stopped = layout(edges, 1500, should_stop=lambda: polls.append(1) or len(polls) > 3)
    assert np.isfinite(stopped.positions).all()


# ----- pack_map: the View toggle and a view that changed shape --------------------------------------
def test_pack_map_repacks_for_another_view_moving_components_whole():
    from desktop.graph._sparse import connected_components
    from desktop.graph.layout import pack_map

    edges, n, names = _workspace_like()
    first = layout(edges, n, names=names, view_px=(1600, 1000))
    again = pack_map(first.positions, edges, names=names, view_px=(700, 900))
    assert again.packed and again.view_px == (700.0, 900.0)
    assert _aspect(_union(again.bounds, again.tray)) == pytest.approx(700 / 900, rel=0.2)
    _, lab = connected_components(n, edges[:, 0], edges[:, 1])
    for c in np.unique(lab[~again.isolated]):
        rows = np.flatnonzero(lab == c)
        shift = again.positions[rows] - first.positions[rows]
        # Moved whole (and at most stretched a little along one axis), never reshuffled.
        assert np.ptp(shift[:, 0]) <= 0.35 * max(np.ptp(first.positions[rows, 0]), 1e-9) + 1e-9
        assert np.ptp(shift[:, 1]) <= 0.35 * max(np.ptp(first.positions[rows, 1]), 1e-9) + 1e-9
    hidden = pack_map(first.positions, edges, names=names, view_px=(1600, 1000), show_isolated=False)
    assert _aspect(hidden.bounds) == pytest.approx(1.6, rel=0.15)
    assert hidden.tray[0] > hidden.bounds[2]


def test_pack_map_never_moves_a_pinned_actor():
    from desktop.graph.layout import pack_map

    edges, n, names = _workspace_like()
    first = layout(edges, n, names=names, view_px=(1600, 1000))
    pinned = np.zeros(n, dtype=bool)
    pinned[[0, n - 1]] = True  # one actor of the biggest story, one of the tray
    again = pack_map(first.positions, edges, pinned=pinned, names=names, view_px=(900, 900))
    np.testing.assert_array_equal(again.positions[pinned], first.positions[pinned])
    assert not again.packed
    linked = ~first.isolated
    np.testing.assert_array_equal(again.positions[linked], first.positions[linked])


def test_export_of_a_never_drawn_workspace_uses_the_window_layout(tmp_path, qapp):
    """`relmap export` places actors nobody has drawn yet as the window would: stories packed
    for a landscape page, the unlinked actor in the tray beside them, not on top of them."""
    from desktop.cli import main
    from desktop.model import open_workspace

    ws = tmp_path / "w.relmap"
    repo = open_workspace(ws)
    try:
        names = [f"Invented Person {i}" for i in range(13)]
        story = [(0, 1), (1, 2), (2, 0), (2, 3), (4, 5), (5, 6), (6, 7), (8, 9), (9, 10), (10, 11)]
        repo.bulk_add(
            actors=[{"name": s, "kind": "person"} for s in names],
            relationships=[
                {"type": "spoke-with", "source": a, "target": b, "status": "confirmed", "confidence": 0.9}
                for a, b in story
            ],
        )
    finally:
        repo.close()
    assert (
        main(
            [
                "export",
                "-w",
                str(ws),
                "-f",
                "png",
                "-o",
                str(tmp_path / "a.png"),
                "--width",
                "400",
                "--height",
                "300",
                "--dpi",
                "72",
            ]
        )
        == 0
    )
    repo = open_workspace(ws)
    try:
        placed = {a.name: (a.x, a.y) for a in repo.list_actors()}
    finally:
        repo.close()
    xy = np.array([placed[s] for s in names], dtype=float)
    assert np.isfinite(xy).all()
    linked = xy[:12]
    lo, hi = linked.min(axis=0), linked.max(axis=0)
    loner = xy[12]
    assert not ((loner > lo) & (loner < hi)).all()
    w, h = np.ptp(xy, axis=0)
    assert w > h


def _whole_box(x: np.ndarray) -> np.ndarray:
    return np.concatenate([x.min(axis=0), x.max(axis=0)])


def test_final_map_lands_where_the_animation_left_it():
    """A view zoomed in while the layout animated still looks at the map when it settles."""
    from desktop.graph.layout import pack_map

    edges, _ = _planted(1500)
    frames: list[np.ndarray] = []
    result = layout(edges, 1500, callback=lambda p, f: frames.append(p.copy()))
    assert frames
    last, final = _whole_box(frames[-1]), _whole_box(result.positions)
    size = np.sqrt(np.prod(last[2:] - last[:2]))
    assert np.hypot(*((last[:2] + last[2:]) / 2 - (final[:2] + final[2:]) / 2)) < 0.05 * size
    assert np.prod(final[2:] - final[:2]) / np.prod(last[2:] - last[:2]) == pytest.approx(1.0, rel=0.3)
    again = pack_map(result.positions, edges, view_px=(900, 900))
    moved = _whole_box(again.positions)
    assert np.hypot(*((moved[:2] + moved[2:]) / 2 - (final[:2] + final[2:]) / 2)) < 0.05 * size
