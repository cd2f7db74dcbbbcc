"""Defects a new user met in the main window (issue 13), each driven the way the user met it:
the menu's QAction, a click on the map, keys typed into a field."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from desktop.ui.main_window import MainWindow
from tests.helpers import seeded_workspace


@pytest.fixture
def window(qtbot, tmp_path):
    repo = seeded_workspace(tmp_path)
    win = MainWindow(repo)
    qtbot.addWidget(win)
    win.resize(1300, 850)
    win.show()
    qtbot.waitExposed(win)
    assert win.wait_for_layout(20.0)
    win.fit_view()
    QApplication.processEvents()
    yield win
    win.close()
    repo.close()


def _painted(win: MainWindow) -> None:
    QApplication.processEvents()
    win.view.viewport().repaint()


def _click(qtbot, win: MainWindow, point: QPoint) -> None:
    qtbot.mouseClick(win.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    _painted(win)


def test_legend_and_names_stay_hidden_through_clicks(window, qtbot):
    """View > Show Legend was switched back on by the next click: nothing read the user's choice."""
    view = window.view
    naz = window.repo.find_actor("Nazarbayev").id
    assert view.legend.isVisible()
    window.act_legend.trigger()
    window.act_labels.trigger()
    _painted(window)
    assert not view.legend.isVisible() and view.visible_label_count() == 0
    _click(qtbot, window, view.actor_viewport_pos(naz))
    assert window.selected_actor == naz
    assert not view.legend.isVisible() and view.visible_label_count() == 0
    _click(qtbot, window, QPoint(5, 5))  # the background
    assert window.selected_actor is None
    assert not view.legend.isVisible() and view.visible_label_count() == 0
    window.act_legend.trigger()
    window.act_labels.trigger()
    _painted(window)
    assert view.legend.isVisible() and view.visible_label_count() >= 6


def test_a_date_typed_into_the_filter_filters(window, qtbot):
    """Dates typed into the Filter dock were ignored: QDateEdit refused a whole date typed over
    its text, and a date alone did not switch the date filter on."""
    panel = window.filter_panel
    window.filter_dock.show()
    window.filter_dock.raise_()
    assert window.view.visible_edges.sum() == 9
    for field, typed in ((panel.date_from, "2021-03-01"), (panel.date_to, "2021-12-31")):
        field.setFocus()
        qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(field, typed)  # the seed article is dated 2022-01-08
        qtbot.keyClick(field, Qt.Key.Key_Return)
    panel.flush()
    flt = panel.current_filter()
    assert (flt.date_from, flt.date_to) == (date(2021, 3, 1), date(2021, 12, 31))
    assert window.view.visible_edges.sum() == 0
    field = panel.date_to
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, "2022")  # a year means its last day in "to"
    qtbot.keyClick(field, Qt.Key.Key_Return)
    panel.flush()
    assert panel.current_filter().date_to == date(2022, 12, 31)
    assert window.view.visible_edges.sum() == 9


def test_leaving_a_shortest_path_puts_the_view_back_and_export_sees_the_whole_map(window, qtbot):
    """After a shortest-path view, unticking it left the map zoomed in, and that stale zoom
    leaked into the export dialog's "Current view"."""
    repo = window.repo
    panel = window.filter_panel
    before = window.view.vb.viewRect()
    panel.path_between(repo.find_actor("Putin").id, repo.find_actor("KNB").id)
    panel.flush()
    assert window.view.visible_edges.sum() == 5
    panel.path_on.click()  # the user unticks "Shortest path between"
    panel.flush()
    QApplication.processEvents()
    after = window.view.vb.viewRect()
    assert window.view.visible_edges.sum() == 9
    assert after.center().x() == pytest.approx(before.center().x(), abs=before.width() * 0.02)
    assert after.width() == pytest.approx(before.width(), rel=0.02)
    window.act_export.trigger()
    dialog = window._export_dialog
    try:
        assert dialog.scope_view.isChecked()
        data = dialog.map_data()
        assert len(data.actors) == 8 and len(data.relationships) == 9
    finally:
        dialog.close()


def test_a_long_undo_label_does_not_stretch_the_toolbar(window):
    """ "Undo Merge '...' into '...'" widened the toolbar's Undo button and squeezed the Find box."""
    find_width = window.find_box.width()
    putin = window.repo.find_actor("Putin").id
    window.edit.rename_actor(
        putin,
        new_name="Vladimir Vladimirovich Putin, President of the Russian "
        "Federation and Supreme Commander-in-Chief of its Armed Forces",
    )
    QApplication.processEvents()
    assert window.undo_stack.canUndo()
    assert window.find_box.width() == find_width
    assert window.toolbar.sizeHint().width() <= window.width()
    for action in (window.act_undo, window.act_redo):
        button = window.toolbar.widgetForAction(action)
        assert button is None or button.width() < 160
    assert len(window.act_undo.text()) <= 60 and window.act_undo.text().startswith("Undo")
    assert "Supreme Commander" in window.act_undo.toolTip() or "Supreme Commander" in window.undo_stack.undoText()
