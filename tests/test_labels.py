"""Names that never collide: one placement (desktop.graph.labels.place_labels) for the screen
and every export, its rules checked on crowded maps, and the same names in the same spots on
screen and in PNG, SVG and PDF (issue 12)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from desktop.export import render
from desktop.export.mapdata import collect_map
from desktop.graph.labels import SPOT_NAMES, dist_to_boxes, label_text, place_labels
from desktop.model import open_workspace
from tests.helpers import seeded_workspace


def _crowd(n: int, seed: int):  # noqa: ANN202
    rng = np.random.default_rng(seed)
    centres = rng.uniform(0, 600, (n, 2))
    radii = rng.uniform(6, 16, n)
    sizes = np.stack([rng.uniform(40, 150, n), np.full(n, 16.0)], axis=1)
    wrapped = np.stack([sizes[:, 0] * 0.55, np.full(n, 30.0)], axis=1)
    return centres, radii, sizes, wrapped


def _check_rules(centres, radii, placement, bounds) -> None:  # noqa: ANN001
    boxes, index = placement.boxes, placement.index
    assert len(index) == len(set(index.tolist()))
    for k in range(len(boxes)):
        b = boxes[k]
        assert bounds[0] <= b[0] and bounds[1] <= b[1] and b[2] <= bounds[2] and b[3] <= bounds[3]
        others = boxes[np.arange(len(boxes)) != k]
        overlap = (others[:, 0] < b[2]) & (b[0] < others[:, 2]) & (others[:, 1] < b[3]) & (b[1] < others[:, 3])
        assert not overlap.any(), "two names overlap"
        d = dist_to_boxes(centres, np.broadcast_to(b, (len(centres), 4)))
        own = index[k]
        rest = np.arange(len(centres)) != own
        assert (d[rest] >= radii[rest]).all(), "a name covers another actor's symbol"
        assert (d[rest] > d[own]).all(), "a name sits as near another actor as its own (centres)"
        assert (d[rest] - radii[rest] > d[own] - radii[own]).all(), "... or as near another actor's rim"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_name_overlaps_a_name_or_another_actor_and_each_sits_by_its_own(seed):
    centres, radii, sizes, wrapped = _crowd(300, seed)
    bounds = (0.0, 0.0, 600.0, 600.0)
    placement = place_labels(centres, radii, sizes, wrapped_sizes=wrapped, bounds=bounds, gap=2.0)
    assert 0 < len(placement.index) < 300  # a crowd: some names have no room and are left out
    _check_rules(centres, radii, placement, bounds)
    # zooming in (twice the distances, same sizes) makes room for more
    more = place_labels(centres * 2, radii, sizes, wrapped_sizes=wrapped, bounds=(0.0, 0.0, 1200.0, 1200.0))
    assert len(more.index) > len(placement.index)
    _check_rules(centres * 2, radii, more, (0.0, 0.0, 1200.0, 1200.0))


def test_the_more_important_name_wins_the_room():
    # two actors with room for one name between them: a band too low for names above or
    # below, too narrow for a name left of the first or right of the second
    centres = np.array([[100.0, 100.0], [300.0, 100.0]])
    radii = np.array([8.0, 8.0])
    sizes = np.array([[150.0, 16.0], [150.0, 16.0]])
    bounds = (0.0, 84.0, 400.0, 116.0)
    first = place_labels(centres, radii, sizes, order=np.array([1, 0]), bounds=bounds)
    assert first.index.tolist() == [1]
    second = place_labels(centres, radii, sizes, order=np.array([0, 1]), bounds=bounds)
    assert second.index.tolist() == [0]


def test_a_long_name_tries_two_lines_before_it_is_left_out():
    centres = np.array([[100.0, 100.0], [100.0, 160.0], [100.0, 40.0]])
    radii = np.array([8.0, 8.0, 8.0])
    sizes = np.array([[260.0, 16.0], [30.0, 16.0], [30.0, 16.0]])
    wrapped = np.array([[130.0, 32.0], [np.nan, np.nan], [np.nan, np.nan]])
    bounds = (0.0, 0.0, 200.0, 200.0)  # 260 wide does not fit; 130 does
    placed = place_labels(centres, radii, sizes, wrapped_sizes=wrapped, bounds=bounds)
    assert 0 in placed.index.tolist() and bool(placed.wrapped[placed.index.tolist().index(0)])
    without = place_labels(centres, radii, sizes, bounds=bounds)
    assert 0 not in without.index.tolist()


def test_long_names_are_cut_at_a_word_the_same_everywhere():
    assert label_text("Kazakhstan") == "Kazakhstan"
    cut = label_text("Industrial and Commercial Bank of China Limited Hong Kong Branch")
    assert cut.endswith("…") and len(cut) <= 33 and cut.startswith("Industrial and Commercial Bank")


def _synthetic_map(tmp_path, n: int = 90):  # noqa: ANN202
    """A workspace of ``n`` actors in a dozen small groups, placed: names compete for room."""
    repo = open_workspace(tmp_path / "crowd.relmap")
    rng = np.random.default_rng(7)
    names = [
        f"{first} {last}"
        for first, last in zip(
            rng.choice(["Ana", "Boris", "Chen", "Dana", "Elif", "Farid", "Gita", "Hugo"], n),
            rng.choice(["Abdi", "Berg", "Costa", "Diallo", "Evans Whitmore", "Fischer", "Garcia-Lopez"], n),
        )
    ]
    names = [f"{name} {i}" for i, name in enumerate(names)]
    rels = [
        {"type": "spoke-with", "source": i, "target": (i // 8) * 8, "status": "confirmed", "confidence": 1.0}
        for i in range(n)
        if i % 8
    ]
    repo.bulk_add(actors=[{"name": name} for name in names], relationships=rels)
    group = np.arange(n) // 8
    centre = np.stack([group % 4 * 10.0, group // 4 * 8.0], axis=1)
    pos = centre + rng.normal(0, 1.6, (n, 2))
    ids = [a.id for a in sorted(repo.list_actors(), key=lambda a: a.id)]
    repo.set_positions({a: (float(x), float(y)) for a, (x, y) in zip(ids, pos)})
    return repo


def _export_names(data, tmp_path) -> dict[str, dict]:  # noqa: ANN001
    got: dict[str, dict] = {}
    render.write_png(data, tmp_path / "m.png", on_painted=lambda p: got.__setitem__("png", p.names))
    render.write_svg(data, tmp_path / "m.svg", on_painted=lambda p: got.__setitem__("svg", p.names))
    render.write_pdf(data, tmp_path / "m.pdf", on_painted=lambda p: got.__setitem__("pdf", p.names))
    return got


def test_png_svg_and_pdf_place_every_name_in_the_same_spot(tmp_path, qapp):
    """They placed names differently from each other (each measured with its own device's
    font): now the names are measured once, in points, and the figure laid out in points."""
    repo = _synthetic_map(tmp_path)
    try:
        data = collect_map(repo)
    finally:
        repo.close()
    got = _export_names(data, tmp_path)
    png = got["png"]
    assert 10 < len(png) < len(data.actors)  # crowded: some left out, and counted in the caption
    for fmt in ("svg", "pdf"):
        assert set(got[fmt]) == set(png), fmt
        for actor_id, (box, spot, wrapped) in png.items():
            other = got[fmt][actor_id]
            assert (other[1], other[2]) == (spot, wrapped), (fmt, actor_id)
            assert np.allclose(other[0], box, atol=0.01), (fmt, actor_id)


def test_the_screen_and_the_exports_place_the_seed_names_alike(qtbot, tmp_path, qapp):
    """The screen and the exports use the one placement, with symbols and gaps in the same
    proportion to a name: on the seed map every name goes to the same side of its actor."""
    from desktop.ui.main_window import MainWindow

    repo = seeded_workspace(tmp_path)
    window = MainWindow(repo)
    qtbot.addWidget(window)
    try:
        window.resize(1300, 850)
        window.show()
        qtbot.waitExposed(window)
        assert window.wait_for_layout(20.0)
        window.fit_view()
        QApplication.processEvents()
        window.view.viewport().repaint()
        screen = window.view.name_spots()
        data = collect_map(repo, positions=window.session.placed_positions())
        got = _export_names(data, tmp_path)
    finally:
        window.close()
        repo.close()
    assert len(screen) == 8
    for fmt, names in got.items():
        assert {a: (SPOT_NAMES[s], w) for a, (_box, s, w) in names.items()} == {
            a: (SPOT_NAMES[s], w) for a, (s, w) in screen.items()
        }, fmt
