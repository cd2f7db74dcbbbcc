"""An actor picker for workspaces of thousands: type part of any name or alias, choose from a
short list ranked by relevance (``desktop.graph.actor_search``), not from a drop-down of every
actor sorted as strings.

The list opens as the user types, or with ↓ / the arrow button (then the most connected
actors come first); ↑/↓ and Enter or a click choose. ``sigActorChosen(id or None)`` says which
actor the field names now: one chosen from the list, or a name or alias typed out in full.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QLineEdit, QStyle, QWidget

from desktop.graph.actor_search import ActorIndex, search_key

# How many actors the list offers at once: the best of them, never the whole workspace.
SHOWN = 40
# The name that choosing a row writes in the field (the row may show more: "— also ...").
NAME_ROLE = Qt.ItemDataRole.UserRole + 1


class ActorPicker(QLineEdit):
    """A line edit that completes actor names and aliases, ranked by relevance."""

    sigActorChosen = Signal(object)  # actor id, or None when the text names no actor

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        index: ActorIndex | None = None,
        placeholder: str = "type a name or alias",
    ) -> None:
        super().__init__(parent)
        self.index = index or ActorIndex([], [])
        self.exclude: set[int] = set()  # actors never offered (e.g. the one being merged)
        self._chosen: int | None = None
        self._last: int | None = None
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.model = QStandardItemModel(self)
        completer = QCompleter(self.model, self)
        # the model holds the ranking already: the pop-up shows it as it is
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(12)
        completer.setCompletionRole(NAME_ROLE)
        # PySide6's stubs do not model picking a signal's overload with [type]
        completer.activated[QModelIndex].connect(self._on_activated)  # type: ignore[index]
        # the field drives the list itself (not QLineEdit.setCompleter): the best match is the
        # first row, whatever starts with the typed letters, and ↓ goes to it
        completer.setWidget(self)
        self._completer = completer
        self.open_action = QAction(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown), "Show actors", self)
        self.open_action.setToolTip("Show the best matches (the most connected actors when nothing is typed)")
        self.open_action.triggered.connect(self.show_list)
        self.addAction(self.open_action, QLineEdit.ActionPosition.TrailingPosition)
        self.textEdited.connect(self._on_edited)
        self.textChanged.connect(self._announce)

    # ------------------------------------------------------------------ content
    def set_index(self, index: ActorIndex) -> None:
        """Offer these actors (a new scene); the actor named stays if it still exists."""
        keep = self.actor_id()
        self.index = index
        self._chosen = keep if keep is not None and index.name_of(keep) is not None else None
        self._fill(self.text())
        self._announce()

    def actor_id(self) -> int | None:
        """The actor the field names: the one chosen from the list (while its name stands
        there unchanged), or the one whose name or alias is typed out in full."""
        if self._chosen is not None and self.index.name_of(self._chosen) == self.text():
            return self._chosen
        found = self.index.exact(self.text())
        return found if found not in self.exclude else None

    def set_actor(self, actor_id: int | None) -> None:
        """Name this actor in the field (None empties it)."""
        name = self.index.name_of(actor_id) if actor_id is not None else None
        self._chosen = actor_id if name is not None else None
        self.setText(name or "")
        self.setCursorPosition(0)

    # ------------------------------------------------------------------ the list
    def _fill(self, text: str) -> None:
        self.model.clear()
        query = search_key(text)
        for match in self.index.rank(text, limit=SHOWN, exclude=self.exclude):
            # the alias that matched, where the name alone would not say why the actor is here
            why = match.via and query not in search_key(match.name)
            item = QStandardItem(f"{match.name}  — also “{match.via}”" if why else match.name)
            item.setData(match.name, NAME_ROLE)
            item.setData(match.actor_id, Qt.ItemDataRole.UserRole)
            item.setEditable(False)
            self.model.appendRow(item)

    def completer(self) -> QCompleter:
        """The list's completer (set on the field with setWidget, so QLineEdit's own is None)."""
        return self._completer

    def show_list(self) -> None:
        """Open the list of the best matches for what is typed."""
        self._fill(self.text())
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self._popup()

    def _list(self) -> QAbstractItemView:
        """The completer's pop-up list (Qt makes one on first asking; the stubs say it may be None)."""
        popup = self._completer.popup()
        if popup is None:
            raise RuntimeError("QCompleter.popup() returned no list")
        return popup

    def _popup(self) -> None:
        if self.model.rowCount() == 0:
            self._list().hide()
            return
        self._completer.complete()
        # nothing current: ↓ goes to the first row, the best match
        self._list().setCurrentIndex(QModelIndex())

    def _on_edited(self, text: str) -> None:
        self._chosen = None
        self._fill(text)
        if text.strip():
            self._popup()
        else:
            self._list().hide()

    def _on_activated(self, index: QModelIndex) -> None:
        actor_id = index.data(Qt.ItemDataRole.UserRole)
        if actor_id is None:
            return
        self._chosen = int(actor_id)
        name = self.index.name_of(self._chosen) or ""
        if self.text() != name:
            self.setText(name)
        self._announce()

    def _announce(self, *_args) -> None:  # noqa: ANN002
        now = self.actor_id()
        if now != self._last:
            self._last = now
            self.sigActorChosen.emit(now)

    def keyPressEvent(self, ev: QKeyEvent) -> None:  # noqa: N802
        popup = self._list()
        if ev.key() == Qt.Key.Key_Down and not popup.isVisible():
            self.show_list()
            ev.accept()
            return
        super().keyPressEvent(ev)
