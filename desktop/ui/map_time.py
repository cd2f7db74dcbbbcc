"""Wires the time bar into the main window: under the map, in the View menu, and in step with
the map session's filter and the Filter dock's dates.

One :class:`TimeController` per window. The window of time lives in the session's filter
(``SceneFilter.date_from/date_to/date_axis``); the bar and the Filter dock only show it and
ask for another, so whichever the user touches, both end up showing what the map shows.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.ui.time_bar import TimeBar

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

SETTING_SHOWN = "view/timeline"


class TimeController(QObject):
    """The time bar of one main window, and the two View menu entries that go with it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.bar = TimeBar()
        # the bar sits under the map, inside the central area: the docks keep their height
        view = window.takeCentralWidget()
        if view is None:
            raise RuntimeError("the time bar goes under the map: the window needs its map first")
        central = QWidget(window)
        central.setObjectName("mapArea")
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(view, 1)
        column.addWidget(self.bar)
        window.setCentralWidget(central)
        self._index_stale = True
        shown = window.settings.value(SETTING_SHOWN, True)
        shown = shown not in (False, "false", "0", 0)
        self.act_show = QAction("Show &Timeline", window, checkable=True)
        self.act_show.setStatusTip("The time bar under the map: evidence over time, and a window that filters the map")
        self.act_show.setChecked(shown)
        self.bar.setVisible(shown)
        self.act_show.toggled.connect(self.set_shown)
        self.act_focus = QAction("Time &Window", window)
        self.act_focus.setShortcut(QKeySequence("Ctrl+T"))
        self.act_focus.setStatusTip(
            "Put the keyboard on the time bar: ←/→ move the window, Shift+←/→ resize it, "
            "Space plays, Esc shows all time"
        )
        self.act_focus.triggered.connect(self.focus_bar)
        self.bar.sigWindowChanged.connect(self._on_bar_window)
        self.bar.sigInteracting.connect(window.view.set_interacting)
        window.owner.sigSceneReset.connect(self._on_scene_reset)
        window.owner.sigVisibilityChanged.connect(self.sync)

    # ------------------------------------------------------------------ showing
    def set_shown(self, on: bool) -> None:
        """View > Show Timeline."""
        self.bar.setVisible(on)
        self.window.settings.setValue(SETTING_SHOWN, bool(on))
        if not on:
            self.bar.stop()
        elif self._index_stale:
            self._load_index()

    def focus_bar(self) -> None:
        """View > Time Window (Ctrl+T): show the bar and give it the keyboard."""
        if not self.act_show.isChecked():
            self.act_show.setChecked(True)
        self.bar.canvas.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ------------------------------------------------------------------ the session
    def _on_scene_reset(self) -> None:
        self._index_stale = True
        if self.bar.isVisibleTo(self.window):
            # after the map's (first) paint: reading the dates is not what the user waits for
            self.window.after_first_paint(lambda: QTimer.singleShot(0, self._load_index))
        self.sync()

    def _load_index(self) -> None:
        if not self._index_stale:
            return
        self._index_stale = False
        self.bar.set_index(self.window.session.time_index())
        self.sync()

    def sync(self) -> None:
        """Show the window the map is filtered by, on the bar and in the Filter dock."""
        flt = self.window.session.filter
        self.bar.show_window(flt.date_axis, flt.date_from, flt.date_to)
        self.window.filter_panel.show_time_window(flt.date_axis, flt.date_from, flt.date_to)

    def _on_bar_window(self, axis: str, first: date | None, last: date | None) -> None:
        """The user moved the window on the bar (or played it): filter the map."""
        flt = dataclasses.replace(self.window.session.filter, date_axis=axis, date_from=first, date_to=last)
        if flt == self.window.session.filter:
            return
        self.window.filter_panel.show_time_window(axis, first, last)
        self.window.set_filter(flt)
