"""View > Show Unlinked Actors (off by default past 30 of them), and Fit to View filling the
canvas beside the legend, through the real window and its menu actions."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from desktop.graph.framing import canvas_share
from desktop.graph.session import MapSession
from desktop.model import open_workspace
from desktop.ui.main_window import MainWindow


def _workspace(tmp_path, *, unlinked: int):
    """Three stories (a chain of 8, a star of 6, a pair) and ``unlinked`` actors with nothing."""
    repo = open_workspace(tmp_path / f"u{unlinked}.relmap")
    actors = [{"name": f"Chain Person {i}"} for i in range(8)] + [{"name": f"Star Person {i}"} for i in range(6)]
    actors += [{"name": "Pair Left"}, {"name": "Pair Right"}]
    actors += [{"name": f"Lone Witness {i}"} for i in range(unlinked)]
    rels = [{"type": "spoke-with", "source": i, "target": i + 1, "status": "confirmed"} for i in range(7)]
    rels += [{"type": "ally-of", "source": 8, "target": 8 + k, "status": "confirmed"} for k in range(1, 6)]
    rels += [{"type": "opposed-to", "source": 14, "target": 15, "status": "confirmed"}]
    repo.bulk_add(actors=actors, relationships=rels)
    return repo


def _open(qtbot, repo, size=(1300, 850)) -> MainWindow:
    win = MainWindow(repo)
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    assert win.wait_for_layout(30.0)
    QApplication.processEvents()
    win.act_fit.trigger()
    QApplication.processEvents()
    win.view.viewport().repaint()
    return win


def _share(win) -> tuple[float, bool]:
    v = win.view
    v.viewport().repaint()
    return canvas_share(v.drawn_boxes_px(), v.vb.width(), v.vb.height(), reserved=v.legend_reserved())


def test_the_session_hides_unlinked_actors_past_thirty_unless_asked(tmp_path):
    for unlinked, shown in ((30, True), (31, False)):
        repo = _workspace(tmp_path, unlinked=unlinked)
        try:
            s = MapSession(repo)
            s.reload()
            lone = s.scene.degree == 0
            assert s.unlinked_count() == unlinked and s.unlinked_shown() is shown
            assert s.shown.nodes[lone].all() is np.bool_(shown) and s.shown.nodes[~lone].all()
            update = s.show_unlinked(not shown)
            assert update.visibility and s.shown.nodes[lone].all() is np.bool_(not shown)
            assert not s.show_unlinked(not shown)  # no change, nothing to redraw
        finally:
            repo.close()


@pytest.mark.slow
def test_view_menu_toggle_hides_and_shows_unlinked_actors_and_fit_fills_the_canvas(qtbot, tmp_path):
    repo = _workspace(tmp_path, unlinked=40)
    win = _open(qtbot, repo)
    try:
        act = win.act_unlinked
        assert act in win.menuBar().actions()[2].menu().actions()  # View
        lone = win.scene.degree == 0
        assert not act.isChecked() and not win.view.visible_nodes[lone].any()
        assert "40 unlinked hidden" in win.counts_label.text()
        share, clear = _share(win)
        assert share >= 0.85 and clear, share
        act.trigger()
        QApplication.processEvents()
        assert act.isChecked() and win.view.visible_nodes.all()
        assert "unlinked hidden" not in win.counts_label.text()
        share, clear = _share(win)
        assert share >= 0.85 and clear, share
        # every unlinked actor sits in the tray, clear of the stories
        xy = win.positions
        assert xy[lone, 0].min() > xy[~lone, 0].max() or xy[lone, 1].max() < xy[~lone, 1].min()
        act.trigger()
        QApplication.processEvents()
        assert not act.isChecked() and not win.view.visible_nodes[lone].any()
        share, clear = _share(win)
        assert share >= 0.85 and clear, share
    finally:
        win.close()
        repo.close()


@pytest.mark.slow
def test_a_few_unlinked_actors_are_shown_at_first(qtbot, tmp_path):
    repo = _workspace(tmp_path, unlinked=5)
    win = _open(qtbot, repo, size=(1024, 700))
    try:
        assert win.act_unlinked.isChecked() and win.view.visible_nodes.all()
        share, clear = _share(win)
        assert share >= 0.85 and clear, share
    finally:
        win.close()
        repo.close()


def _many_stories(tmp_path):
    """Fourteen small stories whose long names take more room than their drawings."""
    repo = open_workspace(tmp_path / "stories.relmap")
    actors, rels = [], []
    for k in range(14):
        first = len(actors)
        actors += [
            {"name": f"Provincial Procurement Office {k}"},
            {"name": f"Deputy Director General {k}"},
            {"name": f"Harbour Logistics Holdings {k}"},
        ]
        rels += [
            {"type": "member-of", "source": first + 1, "target": first, "status": "confirmed"},
            {"type": "spoke-with", "source": first + 1, "target": first + 2, "status": "confirmed"},
        ]
    repo.bulk_add(actors=actors, relationships=rels)
    return repo


@pytest.mark.slow
def test_long_names_on_a_small_window_still_fill_it_when_fitted(qtbot, tmp_path):
    """Names take room in pixels that a packing in data units does not see: the packing is made
    taller or wider until the fitted map fills the view (it left a band empty before)."""
    repo = _many_stories(tmp_path)
    win = _open(qtbot, repo, size=(1024, 700))
    try:
        share, clear = _share(win)
        assert share >= 0.85 and clear, share
        stretch, _ = win.view.fit_fill()
        assert abs(np.log(stretch)) < 0.15
    finally:
        win.close()
        repo.close()
