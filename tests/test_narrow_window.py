"""A window made narrower: the docks give way and the map is fitted again to the room it has
(a window opened at 1600 px and shrunk to 1024 kept 625 px of docks, and at 800 px the legend
covered what was left of a map drawn zoomed in)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from desktop.graph.framing import canvas_share
from desktop.model import open_workspace
from desktop.ui.main_window import MainWindow
from desktop.ui.map_legend import MapLegend
from desktop.ui.theme import current_theme


def _workspace(tmp_path):
    """Six stories of five actors each, with names of news length."""
    repo = open_workspace(tmp_path / "narrow.relmap")
    actors = [{"name": f"Minister Number {s}{i} of the Interior"} for s in range(6) for i in range(5)]
    rels = [
        {"type": "spoke-with", "source": 5 * s + i, "target": 5 * s + i + 1, "status": "confirmed"}
        for s in range(6)
        for i in range(4)
    ]
    repo.bulk_add(actors=actors, relationships=rels)
    return repo


def _settle(qtbot, win) -> None:
    for _ in range(5):
        qtbot.wait(30)
        QApplication.processEvents()
    win.view.viewport().repaint()


def _all_in_view(win) -> bool:
    v = win.view
    rows = np.flatnonzero(v.visible_nodes)
    xy = v.rows_to_viewbox(rows)
    return bool(((xy[:, 0] >= 0) & (xy[:, 0] <= v.vb.width()) & (xy[:, 1] >= 0) & (xy[:, 1] <= v.vb.height())).all())


def _share(win) -> float:
    v = win.view
    return canvas_share(v.drawn_boxes_px(), v.vb.width(), v.vb.height(), reserved=v.legend_reserved())[0]


def test_narrowing_the_window_gives_the_map_the_width_and_fits_it_again(qtbot, tmp_path):
    repo = _workspace(tmp_path)
    win = MainWindow(repo)
    qtbot.addWidget(win)
    try:
        win.resize(1600, 1000)
        win.show()
        qtbot.waitExposed(win)
        assert win.wait_for_layout(30.0)
        # as a window opened at 1600 px has it (the offscreen screen is smaller): Filter a column
        win.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, win.filter_dock)
        win.resizeDocks([win.filter_dock, win.evidence_dock], [225, 400], Qt.Orientation.Horizontal)
        _settle(qtbot, win)
        assert not win.tabifiedDockWidgets(win.filter_dock)
        assert win.view.width() < 1000
        wide_map = win.view.width()

        win.resize(1024, 700)
        _settle(qtbot, win)
        # the docks gave way: the map keeps more than half the window, as in a window opened at 1024
        assert win.view.width() >= 0.55 * win.width(), (win.view.width(), win.width())
        assert win.filter_dock in win.tabifiedDockWidgets(win.proposals_dock)
        assert _all_in_view(win) and _share(win) >= 0.75

        win.resize(800, 600)
        _settle(qtbot, win)
        assert win.view.width() >= 0.55 * win.width(), (win.view.width(), win.width())
        # the whole map is in view, not a zoomed-in corner of it, and the legend covers none of it
        assert _all_in_view(win) and _share(win) >= 0.6
        v = win.view
        if v.legend.isVisible():
            assert canvas_share(v.drawn_boxes_px(), v.vb.width(), v.vb.height(), reserved=v.legend_reserved())[1]

        # widening again leaves the docks as they are (no tug of war): the map takes the width
        docks = win.evidence_dock.width()
        win.resize(1600, 1000)
        _settle(qtbot, win)
        assert win.evidence_dock.width() == docks and win.view.width() > wide_map
        assert _all_in_view(win) and _share(win) >= 0.75
    finally:
        win.close()
        repo.close()


def test_a_legend_with_no_room_gives_way_and_comes_back(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(900, 700)
    legend = MapLegend(parent)
    kinds = [("Person", "o", "#3366cc"), ("Organisation", "s", "#cc8800"), ("Country", "h", "#339966")]
    types = [(f"type {k}", "#aa3333", True) for k in range(10)]
    legend.set_max_width(160)  # as on a map 184 px wide: one entry a row
    legend.set_entries(kinds, types, True, current_theme())
    parent.show()
    legend.set_room(184, 300)
    assert not legend.isVisible() and legend.wanted  # the user's View > Show Legend is kept
    legend.set_max_width(876)
    legend.set_room(900, 700)
    assert legend.isVisible()
    legend.set_wanted(False)
    legend.set_room(900, 700)
    assert not legend.isVisible()
