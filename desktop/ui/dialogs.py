"""Small editing dialogs: actor (add/edit), merge chooser, relationship (from an excerpt, or edit).

Each is keyboard-friendly (Enter accepts, Esc cancels), keeps OK disabled until the form is
valid and says why in plain words. ``python -m desktop.ui.dialogs`` shows them one after
another on a fresh seed workspace; ``python -m desktop.ui.dialogs span`` shows one
(add, taken, edit, rename, merge, span, relationship).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypedDict

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSignalBlocker,
    Qt,
    Signal,
)
from PySide6.QtGui import QFontMetrics, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.graph.actor_search import ActorIndex
from desktop.model import ActorRecord, RelationshipRecord, Repository, alias_key
from desktop.model.tables import STATUSES
from desktop.ui.actor_picker import ActorPicker
from desktop.ui.plaintext import plain_label, plain_tip
from desktop.ui.swatches import kind_icon

ALIAS_SEPARATOR = ";"
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_ERROR_STYLE = "color: #b00020;"


# ---------------------------------------------------------------------- pure helpers
@dataclass(frozen=True)
class NameOwner:
    actor_id: int
    name: str
    kind: str = "person"


def name_index(actors: Iterable[ActorRecord]) -> dict[str, NameOwner]:
    """alias_key(name or alias) -> the actor that owns it."""
    index: dict[str, NameOwner] = {}
    for actor in actors:
        owner = NameOwner(actor.id, actor.name, actor.kind)
        for name in (actor.name, *actor.aliases):
            index[alias_key(name)] = owner
    return index


def split_aliases(text: str) -> list[str]:
    """Aliases typed into one line, separated by ';' (names may contain commas: 'Smith, John')."""
    seen: set[str] = set()
    out = []
    for part in text.split(ALIAS_SEPARATOR):
        name = " ".join(part.split())
        if name and alias_key(name) not in seen:
            seen.add(alias_key(name))
            out.append(name)
    return out


_WORD = re.compile(r"\w+")
_CLOSERS = ")]}.’'\""


def actors_in_text(actors: Iterable[ActorRecord] | dict[str, NameOwner], text: str) -> list[int]:
    """Ids of actors whose name or an alias occurs in ``text`` (whole words, any case):
    people and organisations first, then countries and others ("Former Kazakhstan intelligence
    chief Karim Masimov" is about Masimov), each in order of first appearance. Where matches
    overlap the longer name wins.

    Runs of words of the text are looked up among the names (not each name searched for in
    the text), so it takes milliseconds with 50,000 actors.
    """
    index = actors if isinstance(actors, dict) else name_index(actors)
    longest = max((len(_WORD.findall(key)) for key in index), default=0)
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    found: list[NameOwner] = []
    i = 0
    while i < len(words):
        step = 1
        for n in range(min(longest, len(words) - i), 0, -1):
            start, end = words[i][0], words[i + n - 1][1]
            owner = index.get(alias_key(text[start:end]))
            if owner is None and end < len(text) and text[end] in _CLOSERS:
                owner = index.get(alias_key(text[start : end + 1]))  # "Committee (KNB)"
            if owner is not None:
                if owner not in found:
                    found.append(owner)
                step = n
                break
        i += step
    # stable sort: position order within each group
    return [o.actor_id for o in sorted(found, key=lambda o: o.kind in ("country", "other"))]


# ---------------------------------------------------------------------- shared widgets
def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setDefault(True)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)

    # Enter in a multi-line field types a newline; Ctrl+Enter still accepts
    def accept_if_enabled() -> None:
        if ok.isEnabled():
            dialog.accept()

    for keys in ("Ctrl+Return", "Ctrl+Enter"):
        QShortcut(QKeySequence(keys), dialog).activated.connect(accept_if_enabled)
    return box


def lay_out_form(
    dialog: QDialog, rows: Sequence[tuple[str, QWidget]], *, message: QLabel, buttons: QDialogButtonBox, min_width: int
) -> None:
    """A small form dialog's layout: labelled rows whose fields grow with the dialog, the line
    saying what is wrong, then the buttons (the actor, type and kind forms)."""
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    for label, field in rows:
        form.addRow(label, field)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(message)
    layout.addWidget(buttons)
    dialog.setMinimumWidth(min_width)


def _message_label(parent: QWidget) -> QLabel:
    label = plain_label(QLabel(parent))  # problems quote names as typed
    label.setWordWrap(True)
    label.setStyleSheet(_ERROR_STYLE)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ActorListModel(QAbstractListModel):
    """Actors as rows (thin): the name, the id (UserRole), other names as tooltip. One model
    serves lists without one Python call per row to fill them, which matters at 50,000
    actors. Filtered, the rows are ranked by relevance (``desktop.graph.actor_search``: a name
    or alias starting with the text first, then word starts, then anywhere; the most
    connected first within each); unfiltered, the most connected come first."""

    def __init__(self, actors: Sequence[ActorRecord], parent: QObject | None = None, *, detailed: bool = False):
        super().__init__(parent)
        self._all = list(actors)
        self._detailed = detailed
        self._index: ActorIndex | None = None
        self._by_id = {a.id: a for a in self._all}
        self._actors = self._ranked("")
        self._row_of = {a.id: row for row, a in enumerate(self._actors)}

    def _ranked(self, text: str) -> list[ActorRecord]:
        if self._index is None:
            self._index = ActorIndex(
                [a.id for a in self._all],
                [a.name for a in self._all],
                [a.aliases for a in self._all],
                [a.degree for a in self._all],
            )
        return [self._by_id[m.actor_id] for m in self._index.rank(text, limit=None)]

    def set_filter(self, text: str) -> None:
        """Show only actors with ``text`` in a name or alias (any case), best matches first."""
        self.beginResetModel()
        self._actors = self._ranked(text)
        self._row_of = {a.id: row for row, a in enumerate(self._actors)}
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._actors)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid() or index.row() >= len(self._actors):
            return None
        actor = self._actors[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if not self._detailed:
                return actor.name
            rels = f"{actor.degree} relationship{'s' if actor.degree != 1 else ''}"
            also = f"  —  also {'; '.join(actor.aliases)}" if actor.aliases else ""
            return f"{actor.name}   ({actor.kind}, {rels}){also}"
        if role == Qt.ItemDataRole.UserRole:
            return actor.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(
                f"{actor.name} ({actor.kind})" + (f" — also {'; '.join(actor.aliases)}" if actor.aliases else "")
            )
        return None

    def row_of(self, actor_id: int) -> int:
        return self._row_of.get(actor_id, -1)

    def actor_at(self, row: int) -> ActorRecord:
        return self._actors[row]


class ActorCombo(ActorPicker):
    """The actor field of the relationship dialogs: type any part of a name or alias and
    choose from the best matches (``ActorPicker``); a name or alias typed out in full names
    its actor too."""

    editTextChanged = Signal(str)  # noqa: N815 - the names the dialogs used when this was a combo box
    currentTextChanged = Signal(str)  # noqa: N815

    def __init__(self, actors: Sequence[ActorRecord], index: dict[str, NameOwner], parent: QWidget | None = None):
        super().__init__(
            parent,
            index=ActorIndex(
                [a.id for a in actors],
                [a.name for a in actors],
                [a.aliases for a in actors],
                [a.degree for a in actors],
            ),
        )
        self._names = index  # every alias of the workspace -> its owner, for what is typed in full
        self.setMinimumWidth(QFontMetrics(self.font()).horizontalAdvance("M") * 24)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.textChanged.connect(self.editTextChanged)
        self.textChanged.connect(self.currentTextChanged)

    def actor_id(self) -> int | None:
        """The actor the typed text names (its name or any alias), or None."""
        chosen = super().actor_id()
        if chosen is not None:
            return chosen
        owner = self._names.get(alias_key(self.text()))
        return owner.actor_id if owner else None

    def currentText(self) -> str:  # noqa: N802 - as a combo box said it
        return self.text()

    def setEditText(self, text: str) -> None:  # noqa: N802
        self.setText(text)

    def lineEdit(self) -> QLineEdit:  # noqa: N802
        return self


# ---------------------------------------------------------------------- actor
class ActorDialog(QDialog):
    """Add an actor, or edit one's name, kind, aliases and notes."""

    def __init__(
        self,
        repo: Repository,
        parent: QWidget | None = None,
        *,
        actor: ActorRecord | None = None,
        name: str = "",
        kind: str = "person",
    ) -> None:
        super().__init__(parent)
        self._actor = actor
        self._repo = repo
        self._owners: dict[str, NameOwner | None] = {}  # alias_key -> owner, looked up as typed
        self.setWindowTitle(f"Edit actor — {actor.name}" if actor else "Add actor")
        self.name_edit = QLineEdit(actor.name if actor else name, self)
        self.name_edit.setPlaceholderText("e.g. Ada Example")
        self.kind_combo = QComboBox(self)
        for k in repo.list_actor_kinds():  # the built-in kinds and the investigator's own
            self.kind_combo.addItem(kind_icon(k.shape, k.color), k.label, k.key)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(actor.kind if actor else kind)))
        self.aliases_edit = QLineEdit(f"{ALIAS_SEPARATOR} ".join(actor.aliases) if actor else "", self)
        self.aliases_edit.setPlaceholderText("other names, separated by ;")
        self.notes_edit = QPlainTextEdit(actor.notes if actor else "", self)
        self.notes_edit.setPlaceholderText("optional")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        # renaming keeps the old name findable unless the investigator says otherwise
        self.keep_old_check = QCheckBox(f"Keep “{actor.name}” as an alias" if actor else "", self)
        self.keep_old_check.setChecked(True)
        self.keep_old_check.setVisible(False)
        self.message = _message_label(self)
        self.buttons = _buttons(self, "Save" if actor else "Add")
        lay_out_form(
            self,
            [
                ("&Name:", self.name_edit),
                ("", self.keep_old_check),
                ("&Kind:", self.kind_combo),
                ("&Aliases:", self.aliases_edit),
                ("N&otes:", self.notes_edit),
            ],
            message=self.message,
            buttons=self.buttons,
            min_width=440,
        )
        self.name_edit.textChanged.connect(self._validate)
        self.aliases_edit.textChanged.connect(self._validate)
        self.name_edit.setFocus()
        self.name_edit.selectAll()
        self._validate()

    def _owner_elsewhere(self, name: str) -> NameOwner | None:
        key = alias_key(name)
        if key not in self._owners:
            found = self._repo.find_actor(name)
            self._owners[key] = None if found is None else NameOwner(found.id, found.name, found.kind)
        owner = self._owners[key]
        if owner is None or (self._actor is not None and owner.actor_id == self._actor.id):
            return None
        return owner

    def problem(self) -> str:
        """Why the form cannot be saved yet ('' when it can)."""
        name = " ".join(self.name_edit.text().split())
        if not name:
            return "Type the actor's name."
        if len(name) > 300:
            return "A name is limited to 300 characters."
        for candidate in (name, *split_aliases(self.aliases_edit.text())):
            owner = self._owner_elsewhere(candidate)
            if owner is not None:
                what = "The name" if candidate == name else "The alias"
                advice = (
                    "Merge the two actors instead?"
                    if self._actor
                    else f"If they are the same actor, edit {owner.name} instead."
                )
                return f"{what} “{candidate}” already belongs to {owner.name}. {advice}"
        return ""

    def _renamed(self) -> bool:
        name = " ".join(self.name_edit.text().split())
        return self._actor is not None and bool(name) and alias_key(name) != alias_key(self._actor.name)

    def _validate(self) -> None:
        self.keep_old_check.setVisible(self._renamed())
        problem = self.problem()
        # an empty name on a fresh form is not an error yet: say nothing, just keep OK off
        self.message.setText(problem if self.name_edit.text().strip() else "")
        self.message.setVisible(bool(self.message.text()))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def values(self) -> dict:
        """name, kind, aliases (the full list of other names), notes."""
        name = " ".join(self.name_edit.text().split())
        aliases = split_aliases(self.aliases_edit.text())
        if self._actor is not None and self._renamed() and self.keep_old_check.isChecked():
            aliases.append(self._actor.name)
        seen = {alias_key(name)}
        kept = []
        for alias in aliases:
            if alias_key(alias) not in seen:
                seen.add(alias_key(alias))
                kept.append(alias)
        return {
            "name": name,
            "kind": self.kind_combo.currentData(),
            "aliases": kept,
            "notes": self.notes_edit.toPlainText(),
        }


# ---------------------------------------------------------------------- merge
class MergeDialog(QDialog):
    """Choose the actor to merge another into; the list filters by any part of a name or alias."""

    def __init__(self, repo: Repository, actor_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._actor = repo.get_actor(actor_id)
        self.setWindowTitle(f"Merge {self._actor.name} into…")
        n = self._actor.degree
        moves = (
            f"its {n} relationship{'s' if n != 1 else ''} move{'s' if n == 1 else ''} over"
            if n
            else "it has no relationships"
        )
        intro = QLabel(
            f"Merge <b>{_html(self._actor.name)}</b> into the actor chosen below. Its names become "
            f"aliases of that actor and {moves}.",
            self,
        )
        intro.setWordWrap(True)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Search names and aliases")
        self.filter_edit.setClearButtonEnabled(True)
        self.model = ActorListModel([a for a in repo.list_actors() if a.id != actor_id], self, detailed=True)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.list.setMinimumHeight(220)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.buttons = _buttons(self, "Merge")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.filter_edit.textChanged.connect(self._filter)
        self.list.selectionModel().currentChanged.connect(self._validate)
        self.list.doubleClicked.connect(lambda _index: self.accept())
        # Up/Down in the search field walk the list, so the keyboard never has to leave it
        self.filter_edit.installEventFilter(self)
        self._filter("")
        self.filter_edit.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (
            watched is self.filter_edit
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
        ):
            QApplication.sendEvent(self.list, event)
            return True
        return super().eventFilter(watched, event)

    def _filter(self, text: str) -> None:
        kept = self.chosen_id()
        self.model.set_filter(text)
        row = self.model.row_of(kept) if kept is not None else -1
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(max(row, 0), 0))
        self._validate()

    def _validate(self, *_args) -> None:
        chosen = self.chosen_id()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(chosen is not None)
        name = self.model.actor_at(self.model.row_of(chosen)).name if chosen is not None else ""
        ok.setText(f"Merge into {name}" if chosen is not None and len(name) < 40 else "Merge")

    def chosen_id(self) -> int | None:
        index = self.list.currentIndex()
        return index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None

    def select(self, actor_id: int) -> None:
        row = self.model.row_of(actor_id)
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row, 0))


# ---------------------------------------------------------------------- relationship
class RelationshipValues(TypedDict):
    """What the relationship dialog holds: the type and the two actors may still be unchosen."""

    type_key: str | None
    source_id: int | None
    target_id: int | None
    status: str
    confidence: float
    note: str
    valid_from: str | None
    valid_to: str | None


class RelationshipDialog(QDialog):
    """Add a relationship backed by an excerpt (article_id/start/end), or edit an existing one.

    From an excerpt, source and target are guessed from the actor names found in it.
    """

    def __init__(
        self,
        repo: Repository,
        parent: QWidget | None = None,
        *,
        article_id: int | None = None,
        start: int | None = None,
        end: int | None = None,
        relationship: RelationshipRecord | None = None,
        type_key: str | None = None,
        source_id: int | None = None,
        target_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._rel = relationship
        self._repo = repo
        self._seen_existing: int | None = None
        actors = repo.list_actors()
        self._names = {a.id: a.name for a in actors}
        index = name_index(actors)
        self._types = {t.key: t for t in repo.list_relation_types()}
        editing = relationship is not None
        has_span = article_id is not None and start is not None and end is not None
        self.setWindowTitle(
            "Edit relationship" if editing else "Add relationship from excerpt" if has_span else "Add relationship"
        )

        layout = QVBoxLayout(self)
        self.quote = None
        if article_id is not None and start is not None and end is not None:
            article = repo.get_article(article_id)
            excerpt = (article.text or "")[start:end]  # (get_article always reads the text)
            self.quote = QLabel(self)
            self.quote.setWordWrap(True)
            self.quote.setTextFormat(Qt.TextFormat.RichText)
            self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown = excerpt if len(excerpt) <= 600 else excerpt[:600] + "…"
            self.quote.setText(
                f"<i>“{_html(shown)}”</i><br><span style='color:gray'>{_html(article.title)}, "
                f"characters {start}–{end}</span>"
            )
            self.quote.setMinimumWidth(420)
            layout.addWidget(self.quote)
            guessed = actors_in_text(index, excerpt)
            if source_id is None and guessed:
                source_id = guessed[0]
            if target_id is None:
                rest = [g for g in guessed if g != source_id]
                target_id = rest[0] if rest else None

        self.type_combo = QComboBox(self)
        self.type_combo.setPlaceholderText("choose a type…")
        self.type_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        for key, rtype in self._types.items():
            self.type_combo.addItem(rtype.label, key)
        self.type_combo.setCurrentIndex(
            self.type_combo.findData(type_key or (relationship.type if relationship is not None else None))
        )
        self.source_combo = ActorCombo(actors, index, self)
        self.target_combo = ActorCombo(actors, index, self)
        self.source_combo.set_actor(
            source_id if source_id is not None else (relationship.source_id if relationship is not None else None)
        )
        self.target_combo.set_actor(
            target_id if target_id is not None else (relationship.target_id if relationship is not None else None)
        )
        self.swap_button = QToolButton(self)
        self.swap_button.setText("⇅ Swap")
        self.swap_button.setToolTip("Swap source and target")
        self.swap_button.clicked.connect(self._swap)
        self.status_combo = QComboBox(self)
        for s in STATUSES:
            self.status_combo.addItem(s.capitalize(), s)
        self.status_combo.setCurrentIndex(
            self.status_combo.findData(relationship.status if relationship is not None else "confirmed")
        )
        self.confidence_spin = QDoubleSpinBox(self)
        self.confidence_spin.setRange(0.0, 1.0)
        self.confidence_spin.setSingleStep(0.05)
        self.confidence_spin.setDecimals(2)
        self.confidence_spin.setValue(relationship.confidence if relationship is not None else 1.0)
        self.note_edit = QLineEdit(relationship.note if relationship is not None else "", self)
        self.note_edit.setPlaceholderText("optional")
        self.from_edit = QLineEdit(relationship.valid_from or "" if relationship is not None else "", self)
        self.to_edit = QLineEdit(relationship.valid_to or "" if relationship is not None else "", self)
        for edit in (self.from_edit, self.to_edit):
            edit.setPlaceholderText("2019, 2019-03 or 2019-03-20")
        self.preview = QLabel(self)
        self.preview.setWordWrap(True)
        self.preview.setStyleSheet("font-weight: bold;")
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.message = _message_label(self)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("&Source:", self.source_combo)
        type_row = QHBoxLayout()
        type_row.addWidget(self.type_combo, 1)
        type_row.addWidget(self.swap_button)
        form.addRow(_buddy_label("&Type:", self.type_combo, self), type_row)
        form.addRow("Tar&get:", self.target_combo)
        form.addRow("St&atus:", self.status_combo)
        form.addRow("&Confidence:", self.confidence_spin)
        dates = QHBoxLayout()
        dates.addWidget(self.from_edit)
        dates.addWidget(QLabel("to", self))
        dates.addWidget(self.to_edit)
        form.addRow(_buddy_label("&Valid from:", self.from_edit, self), dates)
        form.addRow("N&ote:", self.note_edit)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.message)
        self.buttons = _buttons(self, "Save" if editing else "Add")
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        # an actor chosen from the list whose name was typed out already changes no text
        for signal in (
            self.type_combo.currentIndexChanged,
            self.source_combo.editTextChanged,
            self.target_combo.editTextChanged,
            self.source_combo.sigActorChosen,
            self.target_combo.sigActorChosen,
            self.from_edit.textChanged,
            self.to_edit.textChanged,
        ):
            signal.connect(self._validate)
        # start where something is missing
        first_missing = next(
            (
                w
                for w, ok in (
                    (self.source_combo, self.source_combo.actor_id() is not None),
                    (self.type_combo, self.type_combo.currentIndex() >= 0),
                    (self.target_combo, self.target_combo.actor_id() is not None),
                )
                if not ok
            ),
            self.type_combo,
        )
        first_missing.setFocus()
        self._validate()

    def _swap(self) -> None:
        src, dst = self.source_combo.currentText(), self.target_combo.currentText()
        with QSignalBlocker(self.source_combo), QSignalBlocker(self.target_combo):
            self.source_combo.setEditText(dst)
            self.target_combo.setEditText(src)
        self._validate()

    def problem(self) -> str:
        if self.source_combo.actor_id() is None:
            text = self.source_combo.currentText().strip()
            return f"No actor is called “{text}”." if text else "Choose the source actor."
        if self.type_combo.currentIndex() < 0:
            return "Choose the type of relationship."
        if self.target_combo.actor_id() is None:
            text = self.target_combo.currentText().strip()
            return f"No actor is called “{text}”." if text else "Choose the target actor."
        if self.source_combo.actor_id() == self.target_combo.actor_id():
            return "Source and target must be two different actors."
        for edit, what in ((self.from_edit, "“Valid from”"), (self.to_edit, "“to”")):
            if edit.text().strip() and not _DATE.match(edit.text().strip()):
                return f"{what} must look like 2019, 2019-03 or 2019-03-20."
        return ""

    def _validate(self, *_args) -> None:
        problem = self.problem()
        self.message.setText(problem)
        self.message.setVisible(bool(problem))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)
        src, dst, key = self.source_combo.actor_id(), self.target_combo.actor_id(), self.type_combo.currentData()
        if src is not None and dst is not None and key:
            rtype = self._types[key]
            arrow = "→" if rtype.directed else "—"
            text = _html(f"{self._names[src]} {arrow} {rtype.label} {arrow} {self._names[dst]}")
            existing = self._repo.find_relationship(key, src, dst) if src != dst else None
            if existing is not None and (self._rel is None or existing.id != self._rel.id):
                what = "the excerpt is added to it" if self._rel is None else "saving merges the two"
                text += (
                    f"<br><span style='font-weight:normal'>Already in the workspace ({existing.status}, "
                    f"{len(existing.evidence)} excerpt{'s' if len(existing.evidence) != 1 else ''}): {what}.</span>"
                )
                if self._rel is None and self._seen_existing != existing.id:
                    # start from what the investigator decided before; changing it is deliberate
                    self.status_combo.setCurrentIndex(self.status_combo.findData(existing.status))
                self._seen_existing = existing.id
            self.preview.setText(text)
        else:
            self.preview.setText(" ")

    def values(self) -> RelationshipValues:
        """type_key, source_id, target_id, status, confidence, note, valid_from, valid_to."""
        return {
            "type_key": self.type_combo.currentData(),
            "source_id": self.source_combo.actor_id(),
            "target_id": self.target_combo.actor_id(),
            "status": self.status_combo.currentData(),
            "confidence": round(self.confidence_spin.value(), 2),
            "note": self.note_edit.text().strip(),
            "valid_from": self.from_edit.text().strip() or None,
            "valid_to": self.to_edit.text().strip() or None,
        }


def delete_actor_question(repo: Repository, actor_id: int) -> str:
    """The sentence asking to confirm deleting an actor, with what goes with it."""
    actor = repo.get_actor(actor_id)
    rels = repo.list_relationships(actor_id=actor_id)
    excerpts = sum(len(r.evidence) for r in rels)
    if not rels:
        return f"Delete {actor.name}? They have no relationships."
    return (
        f"Delete {actor.name}? {len(rels)} relationship{'s' if len(rels) != 1 else ''} and "
        f"{excerpts} excerpt{'s' if excerpts != 1 else ''} go with them. You can undo this."
    )


def _buddy_label(text: str, buddy: QWidget, parent: QWidget) -> QLabel:
    """A form label whose Alt+letter focuses ``buddy`` (rows holding a layout get none otherwise)."""
    label = QLabel(text, parent)
    label.setBuddy(buddy)
    return label


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _with_aliases(dialog: ActorDialog, aliases: str) -> ActorDialog:
    dialog.aliases_edit.setText(aliases)
    return dialog


def _renamed(dialog: ActorDialog, name: str) -> ActorDialog:
    dialog.name_edit.setText(name)
    return dialog


def _preview() -> None:  # pragma: no cover - for looking at the dialogs by eye
    import tempfile
    from pathlib import Path

    from desktop.seed import open_user_workspace

    app = QApplication.instance() or QApplication(sys.argv)
    repo = open_user_workspace(Path(tempfile.mkdtemp()) / "preview.relmap")
    actors = repo.list_actors()
    rel = repo.list_relationships()[0]
    ev = rel.evidence[0]
    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    dialogs = {
        "add": lambda: ActorDialog(repo),
        "taken": lambda: _with_aliases(ActorDialog(repo, name="Ada Example"), "Ada; KNB"),
        "rename": lambda: _renamed(ActorDialog(repo, actor=repo.find_actor("KNB")), "Committee for National Security"),
        "edit": lambda: ActorDialog(repo, actor=max(actors, key=lambda a: len(a.aliases))),
        "merge": lambda: MergeDialog(repo, actors[0].id),
        "span": lambda: RelationshipDialog(repo, article_id=ev.article_id, start=ev.start, end=ev.end),
        "relationship": lambda: RelationshipDialog(repo, relationship=rel),
    }
    for name, make in dialogs.items():
        if which in ("all", name):
            dialog = make()
            dialog.show()
            dialog.move(40, 40)
            dialog.exec()
    repo.close()
    del app


if __name__ == "__main__":  # pragma: no cover
    _preview()
