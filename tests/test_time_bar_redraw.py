"""A window dragged along the time bar redraws the map the quick way (the lines it laid out
before are reused, the status bar's totals are not read again): what the user sees after each
step is what a redraw from nothing draws, pixel for pixel (offscreen, a real dated workspace)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent
from PySide6.QtWidgets import QApplication

from desktop.graph.timeline import HELD, REPORTED
from desktop.model import open_workspace
from desktop.ui.main_window import MainWindow
from tests.bench.bench_timeline import add_dates
from tests.bench.make_workspace import build, disc_positions, save_positions

ACTORS = 260


@pytest.fixture
def window(qtbot, tmp_path):
    path = tmp_path / "dated.relmap"
    build(path, ACTORS, seed=3)
    save_positions(path, disc_positions(ACTORS, 3))
    add_dates(path, np.random.default_rng(5))
    repo = open_workspace(path)
    win = MainWindow(repo)
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.time.bar.hist is not None, timeout=10000)
    win.fit_view()
    QApplication.processEvents()
    yield win
    win.close()
    repo.close()


def _mouse(widget, kind: QEvent.Type, x: float, *, buttons=Qt.MouseButton.LeftButton) -> None:  # noqa: ANN001
    p = QPointF(x, widget.height() / 2)
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    ev = QMouseEvent(kind, p, widget.mapToGlobal(p), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, ev)


def _map_pixels(win) -> QImage:  # noqa: ANN001
    QApplication.processEvents()
    return win.view.grab().toImage()


def _from_nothing(win) -> QImage:  # noqa: ANN001
    """The map as a redraw from nothing draws it: every kept line, pen and placement forgotten."""
    win.view.cache.clear()
    win.view.on_scene_reset()
    return _map_pixels(win)


@pytest.mark.parametrize("axis", [REPORTED, HELD])
def test_a_window_dragged_along_the_bar_draws_what_a_full_redraw_draws(window, axis):
    bar, canvas = window.time.bar, window.time.bar.canvas
    bar.axis_box.setCurrentIndex(bar.axis_box.findData(axis))
    QApplication.processEvents()
    h = bar.hist
    k = max(len(h.counts) // 6, 1)
    x0, x1 = canvas.x_of(h.edges[0]) + 2, canvas.x_of(h.edges[k]) - 2
    _mouse(canvas, QEvent.Type.MouseButtonPress, x0)
    _mouse(canvas, QEvent.Type.MouseMove, x1)
    _mouse(canvas, QEvent.Type.MouseButtonRelease, x1, buttons=Qt.MouseButton.NoButton)
    QApplication.processEvents()
    middle = (x0 + x1) / 2
    _mouse(canvas, QEvent.Type.MouseButtonPress, middle)
    step = (canvas.plot_rect().width() - (x1 - x0) - 4) / 6
    shown, pictures = set(), []
    for i in range(1, 7):
        _mouse(canvas, QEvent.Type.MouseMove, middle + i * step)
        bar.flush()
        quick = _map_pixels(window)
        legend = (list(window.view.legend.kinds), list(window.view.legend.types), window.view.legend.proposed)
        counts = window.counts_label.text()
        full = _from_nothing(window)
        assert quick == full, f"step {i} on the {axis} axis: the quick redraw differs from a full one"
        assert legend == (window.view.legend.kinds, window.view.legend.types, window.view.legend.proposed)
        assert counts == window.counts_label.text()
        shown.add(int(window.session.shown.edges.sum()))
        pictures.append(quick)
    _mouse(canvas, QEvent.Type.MouseButtonRelease, middle + 6 * step, buttons=Qt.MouseButton.NoButton)
    # the drag did slide through different parts of the workspace's time
    assert len(shown) >= 4 and any(a != b for a, b in zip(pictures, pictures[1:]))
    assert window.session.filter.date_axis == axis


def test_the_status_bar_totals_follow_an_edit_made_while_a_window_is_shown(window, qtbot):
    canvas = window.time.bar.canvas
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Right)  # the first bar: a window
    window.time.bar.flush()
    QApplication.processEvents()
    total = window.scene.m
    text = window.counts_label.text()
    assert f"of {total} relationships" in text, text
    kept = np.flatnonzero(window.session.shown.edges)
    rel_id = int(window.scene.rel_ids[kept[0]] if len(kept) else window.scene.rel_ids[0])
    window.edit.delete_relationship(rel_id)
    QApplication.processEvents()
    assert f"of {total - 1} relationships" in window.counts_label.text(), window.counts_label.text()
