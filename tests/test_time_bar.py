"""The time bar under the map, driven as a user drives it: mouse drags on the bar, keys, the
View menu, the Filter dock's typed dates and the axis switch (offscreen, real workspace)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from desktop.graph.timeline import HELD, REPORTED
from desktop.ui.main_window import MainWindow
from desktop.ui.time_bar import BAR_HEIGHT
from tests.helpers import seeded_workspace

LATER = [(date(2022, 1, 20), "spoke-with"), (date(2022, 2, 15), "ally-of"), (date(2022, 3, 10), "arrested-by")]


def _dated(repo) -> dict[str, int]:  # noqa: ANN001
    """Three more articles, each backing one relationship; validity on two relationships."""
    rels = {}
    for day, type_key in LATER:
        rel = repo.list_relationships(types=[type_key])[0]
        text = f"Report of {day.isoformat()}. A short invented sentence about the two of them."
        article = repo.add_article(text, title=f"Report {day.isoformat()}", published=day).subject_id
        repo.add_evidence(rel.id, article, 0, len(text))
        rels[type_key] = rel.id
    return rels


@pytest.fixture
def window(qtbot, tmp_path):
    repo = seeded_workspace(tmp_path)
    ids = _dated(repo)
    win = MainWindow(repo)
    qtbot.addWidget(win)
    win.resize(1300, 850)
    win.show()
    qtbot.waitExposed(win)
    assert win.wait_for_layout(20.0)
    QApplication.processEvents()
    win.rel_ids_by_type = ids
    yield win
    win.close()
    repo.close()


def _mouse(widget, kind: QEvent.Type, x: float, *, buttons=Qt.MouseButton.LeftButton) -> None:  # noqa: ANN001
    p = QPointF(x, widget.height() / 2)
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    ev = QMouseEvent(kind, p, widget.mapToGlobal(p), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, ev)


def _drag(qtbot, canvas, x0: float, x1: float, *, live=None) -> None:  # noqa: ANN001
    """Press at x0, move to x1 in steps (checking ``live`` mid-drag), release."""
    _mouse(canvas, QEvent.Type.MouseButtonPress, x0)
    xs = np.linspace(x0, x1, 6)[1:]
    for i, x in enumerate(xs):
        _mouse(canvas, QEvent.Type.MouseMove, float(x))
        if live is not None and i == len(xs) - 1:
            qtbot.wait(80)  # the bar filters the map while the drag goes on
            live()
    _mouse(canvas, QEvent.Type.MouseButtonRelease, float(x1), buttons=Qt.MouseButton.NoButton)


def _shown_types(win) -> set[str]:  # noqa: ANN001
    s = win.scene
    return {s.types[k] for k in np.flatnonzero(win.session.shown.edges)}


def _day(d: date) -> int:
    return d.toordinal()


def test_dragging_on_the_bar_filters_the_map_live(window, qtbot):
    bar, canvas, panel = window.time.bar, window.time.bar.canvas, window.filter_panel
    assert bar.isVisible() and bar.hist is not None and bar.axis == REPORTED
    assert bar.hist.counts.sum() == 13 + 3  # the seed's excerpts and one more per later article
    x = canvas.x_of
    seen = []

    def live() -> None:
        seen.append(window.session.filter.date_from)
        # while the window moves, lines are drawn the quick way and names wait
        assert window.view.interacting and not window.view.labels_shown()

    _drag(qtbot, canvas, x(_day(date(2022, 2, 10))) + 1, x(_day(date(2022, 3, 12))) - 1, live=live)
    assert seen and seen[0] == date(2022, 2, 10)  # filtered before the button came up
    assert not window.view.interacting and window.view.labels_shown()  # drawn properly again
    flt = window.session.filter
    assert (flt.date_from, flt.date_axis) == (date(2022, 2, 10), REPORTED) and flt.date_to >= date(2022, 3, 10)
    assert _shown_types(window) == {"ally-of", "arrested-by"}
    # the Filter dock shows the same window
    assert panel.date_on.isChecked() and panel.current_filter().date_from == date(2022, 2, 10)
    # the right edge dragged back before March: only February's relationship is left
    right = x(bar.window_days[1] + 1)
    _drag(qtbot, canvas, right, x(_day(date(2022, 3, 1))))
    assert window.session.filter.date_to < date(2022, 3, 10)
    assert _shown_types(window) == {"ally-of"}
    # the window dragged by its middle to January keeps its length
    length = bar.window_days[1] - bar.window_days[0]
    middle = (x(bar.window_days[0]) + x(bar.window_days[1] + 1)) / 2
    _drag(qtbot, canvas, middle, middle - (x(_day(date(2022, 2, 10))) - x(_day(date(2022, 1, 8)))))
    assert bar.window_days[1] - bar.window_days[0] == length
    assert window.session.filter.date_from == date(2022, 1, 8)
    assert window.session.shown.edges.all()  # every relationship has an excerpt from the seed's January article
    # a double-click shows all time again
    p = QPointF(x(_day(date(2022, 2, 1))), canvas.height() / 2)
    qtbot.mouseDClick(canvas, Qt.MouseButton.LeftButton, pos=p.toPoint())
    assert window.session.filter.date_from is None and window.session.shown.edges.all()
    assert not panel.date_on.isChecked()


def test_keys_move_resize_and_play_the_window(window, qtbot):
    bar, canvas = window.time.bar, window.time.bar.canvas
    with qtbot.waitActive(window):
        window.activateWindow()
    window.time.act_focus.trigger()  # View > Time Window (Ctrl+T)
    assert canvas.hasFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Right)  # no window yet: the first bar
    first = bar.window_days
    assert first is not None and first[0] == bar.span()[0]
    qtbot.waitUntil(lambda: window.session.filter.date_from == date.fromordinal(first[0]))
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert bar.window_days[0] > first[0] and bar.window_days[1] - bar.window_days[0] == first[1] - first[0]
    qtbot.keyClick(canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)  # one bar longer
    assert bar.window_days[1] - bar.window_days[0] > first[1] - first[0]
    qtbot.keyClick(canvas, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert bar.window_days[1] - bar.window_days[0] == first[1] - first[0]
    qtbot.keyClick(canvas, Qt.Key.Key_Home)
    assert bar.window_days == first
    qtbot.keyClick(canvas, Qt.Key.Key_Space)  # play
    assert bar.playing()
    qtbot.waitUntil(lambda: bar.window_days[0] > first[0], timeout=3000)
    qtbot.waitUntil(lambda: window.session.filter.date_from > date.fromordinal(first[0]), timeout=3000)
    qtbot.keyClick(canvas, Qt.Key.Key_Space)  # pause
    assert not bar.playing()
    qtbot.keyClick(canvas, Qt.Key.Key_End)
    assert bar.window_days[1] == bar.span()[1]
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)  # all time
    assert bar.window_days is None and window.session.filter.date_from is None


def test_play_runs_to_the_end_and_stops(window, qtbot):
    bar = window.time.bar
    bar._play_timer.setInterval(20)  # the same steps, faster
    qtbot.mouseClick(bar.play_button, Qt.MouseButton.LeftButton)
    assert bar.playing() and bar.window_days is not None
    qtbot.waitUntil(lambda: not bar.playing(), timeout=5000)
    assert bar.window_days[1] == bar.span()[1]
    assert window.session.filter.date_to == date.fromordinal(bar.window_days[1])
    assert "arrested-by" in _shown_types(window)  # March's relationship is in the last window


def test_typed_dates_in_the_filter_dock_move_the_bar(window, qtbot):
    panel, bar = window.filter_panel, window.time.bar
    window.filter_dock.show()
    window.filter_dock.raise_()
    edit = panel.date_from
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Home)
    qtbot.keyClicks(edit, "2022-02-01")
    assert panel.date_on.isChecked()  # typing a date switches the window on
    panel.flush()
    assert window.session.filter.date_from == date(2022, 2, 1)
    assert bar.window_days[0] == _day(date(2022, 2, 1))
    assert _shown_types(window) == {"ally-of", "arrested-by"}
    # the end typed too: the bar's window ends there
    edit = panel.date_to
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Home)
    qtbot.keyClicks(edit, "2022-02-28")
    panel.flush()
    assert window.session.filter.date_to == date(2022, 2, 28)
    assert bar.window_days == (_day(date(2022, 2, 1)), _day(date(2022, 2, 28)))
    assert _shown_types(window) == {"ally-of"}
    # and back: the bar's window moved with the keyboard shows in the dock, dates and all
    bar.canvas.setFocus()
    qtbot.keyClick(bar.canvas, Qt.Key.Key_Right)
    bar.flush()
    first, last = bar.window_dates()
    assert first > date(2022, 2, 1)
    assert panel.date_on.isChecked() and (panel.date_from.date(), panel.date_to.date()) == (first, last)
    assert panel.current_filter().date_from == first == window.session.filter.date_from
    qtbot.keyClick(bar.canvas, Qt.Key.Key_Escape)
    assert not panel.date_on.isChecked()


def test_held_axis_filters_by_valid_dates_and_draws_open_ends(window, qtbot):
    bar, panel, repo = window.time.bar, window.filter_panel, window.repo
    qtbot.keyClick(bar.axis_box, Qt.Key.Key_Down)  # Reported -> Held
    assert bar.axis == HELD and panel.date_axis.currentData() == HELD
    assert window.session.filter.date_axis == HELD
    # the seed: Nazarbayev led Kazakhstan 1989 to 2019, Tokayev succeeded him in 2019 (no end)
    assert bar.hist is not None and bar.hist.open_counts.sum() > 0 and bar.hist.counts.sum() > 0
    assert bar.span()[0] <= _day(date(1989, 1, 1))
    qtbot.keyClick(bar.canvas, Qt.Key.Key_End)  # the last bar: after 2019 only the succession holds
    qtbot.waitUntil(lambda: window.session.filter.date_to is not None)
    assert _shown_types(window) == {"successor-of"}
    assert panel.date_on.isChecked() and panel.date_axis.currentData() == HELD
    # switching back asks the other question of the same window
    qtbot.keyClick(bar.axis_box, Qt.Key.Key_Up)
    assert window.session.filter.date_axis == REPORTED
    assert window.session.filter.date_from == date.fromordinal(bar.window_days[0])
    assert repo is window.repo


def _exported_captions(dialog, tmp_path, formats=("png", "svg", "pdf", "report")) -> dict[str, str]:  # noqa: ANN001
    """The caption each picture format carries, read back from the files the dialog writes
    (PNG: its Description text and the lines painted; SVG: its text; PDF and report: the
    page's text), whitespace made single spaces (a caption wraps)."""
    import re

    from pypdf import PdfReader
    from PySide6.QtGui import QImage

    from desktop.export.render import write_png

    found = {}
    for fmt in formats:
        dialog.set_format(fmt)
        out = dialog.export_to(tmp_path / f"map-{fmt}.{'pdf' if fmt == 'report' else fmt}")[0]
        if fmt == "png":
            painted = []
            write_png(
                dialog.map_data(),
                tmp_path / "again.png",
                width_px=900,
                height_px=600,
                options=dialog.options(),
                on_painted=painted.append,
            )
            text = QImage(str(out)).text("Description") + " | " + " ".join(painted[0].caption)
        elif fmt == "svg":
            text = re.sub(r"<[^>]+>", " ", out.read_text(encoding="utf-8"))
        else:
            text = " ".join(page.extract_text() for page in PdfReader(str(out)).pages)
        found[fmt] = " ".join(text.split())
    return found


def test_export_caption_states_the_window(window, qtbot, tmp_path):
    bar = window.time.bar
    window.act_export.trigger()
    dialog = window._export_dialog
    try:
        # all time: no window to state
        assert "reported" not in dialog.caption_edit.text()
        assert "reported" not in _exported_captions(dialog, tmp_path, ("svg",))["svg"]
    finally:
        dialog.close()
    qtbot.keyClick(bar.canvas, Qt.Key.Key_Right)  # a window narrower than all time
    bar.flush()
    first, last = bar.window_dates()
    stated = f"reported {first.isoformat()} to {last.isoformat()}"
    window.act_export.trigger()
    dialog = window._export_dialog
    try:
        assert stated in dialog.caption_edit.text()
        found = _exported_captions(dialog, tmp_path)
        for fmt, text in found.items():
            assert stated in text, (fmt, text[:400])
        png_desc, png_painted = found["png"].split(" | ")
        assert stated in png_desc and stated in png_painted
    finally:
        dialog.close()


def test_view_menu_hides_the_bar_and_the_map_takes_the_room(window):
    bar = window.time.bar
    assert bar.height() <= BAR_HEIGHT
    before = window.view.height()
    window.time.act_show.trigger()
    QApplication.processEvents()
    assert not bar.isVisible() and window.view.height() >= before + BAR_HEIGHT - 2
    window.time.act_show.trigger()
    QApplication.processEvents()
    assert bar.isVisible() and window.view.height() == before


def test_the_bar_is_compact_in_a_small_window(qtbot, tmp_path):
    repo = seeded_workspace(tmp_path)
    win = MainWindow(repo)
    qtbot.addWidget(win)
    try:
        win.resize(1024, 700)
        win.show()
        qtbot.waitExposed(win)
        QApplication.processEvents()
        bar = win.time.bar
        assert bar.height() <= BAR_HEIGHT and bar.canvas.width() >= 300
        assert win.view.height() >= 8 * bar.height()  # the map keeps the room
        mid = bar.mapTo(win, QPoint(bar.width() // 2, bar.height() // 2))
        assert win.childAt(mid) in (bar.canvas, bar)
    finally:
        win.close()
        repo.close()


def test_the_bar_keeps_qt_window_method(window):
    """QWidget.window() on the bar is its top-level window: the time window the user chose is
    ``window_days`` (it was an attribute named ``window`` that hid Qt's method)."""
    bar = window.time.bar
    bar.step(1)  # a window of time is chosen
    assert bar.window_days is not None
    assert bar.window() is window
