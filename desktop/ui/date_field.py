"""A date the user can type whole: ``2022-01-07``, or ``2022`` / ``2022-01`` for a year or a
month, with a calendar one click away.

Qt's QDateEdit edits a date section by section: select its text and type ``2022-01-07`` and
every keystroke is refused, so a typed date never reached the filter (issue 13). This is a
line edit with a ``yyyy-mm-dd`` input mask: typing overwrites (over a selection or from any
position), the dashes are skipped, and the field says by its colour when it cannot read a date.
"""

from __future__ import annotations

import calendar
import datetime
import re
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

_MASK = "0000-00-00; "  # digits, each optional (a year or a month alone is a period)


def parse_date(text: str, *, end: bool = False) -> date | None:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` as a date (the period's first day, or its last
    with ``end``); None if ``text`` is not one."""
    text = re.sub(r"[\s-]+$", "", (text or "").replace(" ", ""))  # what an unfinished mask leaves
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text)
    if m is None:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else (12 if end else 1)
    try:
        if m.group(3):
            return date(year, month, int(m.group(3)))
        day = calendar.monthrange(year, month)[1] if end else 1
        return date(year, month, day)
    except ValueError:
        return None


class DateField(QWidget):
    """A typed date with a calendar button; ``dateChanged`` fires for every date read, typed or
    picked. ``end`` makes a year or month typed alone mean its last day (a "to" field)."""

    dateChanged = Signal(object)  # datetime.date

    def __init__(self, parent: QWidget | None = None, *, end: bool = False) -> None:
        super().__init__(parent)
        self.end = end
        self._date: date = date(2000, 1, 1)
        self._forwarding = False
        self.edit = QLineEdit(self)
        self.edit.setInputMask(_MASK)
        self.edit.setToolTip("A date (2022-01-07), a month (2022-01) or a year (2022)")
        self.edit.textEdited.connect(self._on_edited)
        self.edit.editingFinished.connect(self._on_finished)
        self.calendar = QCalendarWidget()
        self.calendar.clicked.connect(self._on_picked)
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setToolTip("Pick the date on a calendar")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.button)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.calendar)
        menu.addAction(holder)
        menu.aboutToShow.connect(
            lambda: self.calendar.setSelectedDate(QDate(self._date.year, self._date.month, self._date.day))
        )
        self.button.setMenu(menu)
        self._menu = menu
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self._show(self._date)

    def keyPressEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        # keys sent to the field (not its line edit) are typing all the same; a key the line
        # edit does not want comes back here as its parent's, and goes on up from there
        if self._forwarding:
            event.ignore()
            return
        self._forwarding = True
        try:
            QApplication.sendEvent(self.edit, event)
        finally:
            self._forwarding = False

    def date(self) -> date:
        return self._date

    # (inside the class `date` names the method above: annotations spell datetime.date)
    def setDate(self, value: datetime.date | QDate) -> None:  # noqa: N802 - QDateEdit's name, which this replaces
        """Show ``value`` (a date or QDate); emits dateChanged if it is a new date."""
        if isinstance(value, QDate):
            value = date(value.year(), value.month(), value.day())
        self._show(value)
        self._accept(value)

    def text(self) -> str:
        return self.edit.text()

    def _show(self, value: datetime.date) -> None:
        self.edit.setText(value.isoformat())
        self.edit.setStyleSheet("")

    def _accept(self, value: datetime.date) -> None:
        if value != self._date:
            self._date = value
            self.dateChanged.emit(value)

    def _on_edited(self, text: str) -> None:
        value = parse_date(text, end=self.end)
        # a date is read as soon as it is whole; a year or a month waits for Return
        if value is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.replace(" ", "")):
            self.edit.setStyleSheet("")
            self._accept(value)

    def _on_finished(self) -> None:
        value = parse_date(self.edit.text(), end=self.end)
        if value is None:
            # not a date: say so, and keep filtering by the last one read
            self.edit.setStyleSheet("QLineEdit { color: #b42318; }")
            return
        self.edit.setStyleSheet("")
        self._accept(value)

    def _on_picked(self, qdate: QDate) -> None:
        self._menu.hide()
        self.setDate(qdate)
        self.edit.setFocus(Qt.FocusReason.PopupFocusReason)
