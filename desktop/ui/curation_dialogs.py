"""Curating the workspace's vocabulary and sources: relationship types, actor kinds, article details.

Edit > Relationship Types… and Edit > Actor Kinds… open a list of what the workspace has, with
how many relationships or actors use each, and Add…, Edit… and Delete… beside it. Every change
is one undoable step on the window's undo stack (the list dialogs ask the
:class:`~desktop.ui.editing.EditController`, which opens the small forms here and pushes the
command). A type or kind in use is deleted only by giving its relationships or actors another
one (:class:`ReassignDialog`). Built-in types and kinds keep their key; their label, colour and
(for kinds) shape can change. The Articles dock's Edit Details… opens :class:`ArticleDialog`.

``python -m desktop.ui.curation_dialogs [types|kinds|article]`` shows one on the seed workspace.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.model import ActorKindRecord, ArticleRecord, Change, RelationTypeRecord, Repository
from desktop.model.repository import key_from_label
from desktop.model.tables import ACTOR_SHAPES
from desktop.ui.dialogs import lay_out_form
from desktop.ui.plaintext import plain_label, plain_tip
from desktop.ui.swatches import color_swatch, kind_icon, type_icon
from desktop.ui.theme import current_theme

_ERROR_STYLE = "color: #b00020;"
_KEY = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_URL = re.compile(r"^(https?|file)://\S+$", re.IGNORECASE)
#: colours offered to a new type or kind, first the ones the workspace does not use yet
PALETTE = (
    "#1b9e77",
    "#d95f02",
    "#7570b3",
    "#e7298a",
    "#66a61e",
    "#e6ab02",
    "#a6761d",
    "#1f78b4",
    "#b15928",
    "#6a3d9a",
    "#33a02c",
    "#fb9a99",
)


def unused_color(used: Sequence[str]) -> str:
    """The first palette colour no type or kind has yet (the first one if all are taken)."""
    taken = {c.lower() for c in used}
    return next((c for c in PALETTE if c not in taken), PALETTE[0])


def _message_label(parent: QWidget) -> QLabel:
    label = plain_label(QLabel(parent))  # problems quote names as typed
    label.setWordWrap(True)
    label.setStyleSheet(_ERROR_STYLE)
    return label


def _ok_cancel(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setDefault(True)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class ColorButton(QPushButton):
    """A button showing a colour; clicking it opens Qt's colour dialog."""

    sigColorChanged = Signal(str)

    def __init__(self, color: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._color = color
        self.setObjectName("colorButton")
        self.setMinimumWidth(120)
        self.clicked.connect(self._choose)
        self._show()

    def color(self) -> str:
        return self._color

    def set_color(self, color: str) -> None:
        if QColor(color).isValid():
            self._color = QColor(color).name()
            self._show()
            self.sigColorChanged.emit(self._color)

    def _show(self) -> None:
        # an icon, not a style sheet: a style sheet border is drawn by some styles and not others
        self.setIcon(color_swatch(self._color))
        self.setIconSize(QSize(28, 14))
        self.setText(self._color)
        self.setToolTip("Choose a colour")

    def _choose(self) -> None:
        chosen = QColorDialog.getColor(QColor(self._color), self, "Choose a colour")
        if chosen.isValid():
            self.set_color(chosen.name())


# ---------------------------------------------------------------------- one type, one kind
class _KeyedForm(QDialog):
    """What the type and kind forms share: a name the key is made from until the user types a
    key, a key fixed for a built-in, the problem line under the rows, and OK/Cancel."""

    _key_source: QLineEdit  # the name field the key is made from
    key_edit: QLineEdit
    message: QLabel
    buttons: QDialogButtonBox

    def _key_row(self, key: str | None, *, made_from: str, fixed_tip: str | None) -> QLineEdit:
        """The key field: ``key`` when editing (None when adding), greyed with ``fixed_tip``
        for a built-in."""
        edit = QLineEdit(key or "", self)
        edit.setPlaceholderText(f"made from the {made_from}")
        self._key_typed = key is not None
        if fixed_tip is not None:
            edit.setEnabled(False)  # shown greyed: it is fixed
            edit.setToolTip(fixed_tip)
        return edit

    def _lay_out(self, rows: Sequence[tuple[str, QWidget]], *, ok_text: str, min_width: int) -> None:
        """The rows, then the problem line and OK/Cancel; the key follows the name from now on."""
        self.message = _message_label(self)
        self.buttons = _ok_cancel(self, ok_text)
        lay_out_form(self, rows, message=self.message, buttons=self.buttons, min_width=min_width)
        self._key_source.textChanged.connect(self._on_name_typed)
        self.key_edit.textEdited.connect(self._on_key_typed)

    def _on_name_typed(self, text: str) -> None:
        if not self._key_typed:
            with QSignalBlocker(self.key_edit):
                self.key_edit.setText(key_from_label(text))
        self._validate()

    def _on_key_typed(self, _text: str) -> None:
        self._key_typed = True
        self._validate()

    def problem(self) -> str:
        """Why the form cannot be saved yet ('' when it can)."""
        raise NotImplementedError

    def _validate(self) -> None:
        problem = self.problem()
        # an empty name on a fresh form is not an error yet: say nothing, just keep OK off
        self.message.setText(problem if self._key_source.text().strip() else "")
        self.message.setVisible(bool(self.message.text()))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)


class RelationTypeForm(_KeyedForm):
    """Add a relationship type, or edit one: label, inverse label, direction, colour (and the key
    of a type of the user's own)."""

    def __init__(
        self, repo: Repository, parent: QWidget | None = None, *, rtype: RelationTypeRecord | None = None
    ) -> None:
        super().__init__(parent)
        self._repo = repo
        self._type = rtype
        types = repo.list_relation_types()
        self._keys = {t.key for t in types} - ({rtype.key} if rtype else set())
        self._used = repo.relation_type_usage().get(rtype.key, 0) if rtype else 0
        self.setWindowTitle(f"Edit relationship type — {rtype.label}" if rtype else "Add relationship type")
        self.label_edit = QLineEdit(rtype.label if rtype else "", self)
        self.label_edit.setPlaceholderText("e.g. funded by")
        self.inverse_edit = QLineEdit(rtype.inverse_label if rtype else "", self)
        self.inverse_edit.setPlaceholderText("read from the other end, e.g. funds (optional)")
        self.directed_check = QCheckBox("Has a direction (drawn with an arrowhead)", self)
        self.directed_check.setChecked(rtype.directed if rtype else True)
        if self._used:
            # say why it cannot change, where the eye is (a tooltip alone hides the reason)
            self.directed_check.setEnabled(False)
            self.directed_check.setText(
                f"{self.directed_check.text()}: fixed, {self._used} relationship"
                f"{'s have' if self._used != 1 else ' has'} this type"
            )
        self.color_button = ColorButton(rtype.color if rtype else unused_color([t.color for t in types]), self)
        self._key_source = self.label_edit
        self.key_edit = self._key_row(
            rtype.key if rtype else None,
            made_from="label",
            fixed_tip="A built-in type keeps its key; its label and colour can change."
            if rtype is not None and rtype.builtin
            else None,
        )
        self._lay_out(
            [
                ("&Label:", self.label_edit),
                ("&Inverse label:", self.inverse_edit),
                ("", self.directed_check),
                ("&Colour:", self.color_button),
                ("&Key:", self.key_edit),
            ],
            ok_text="Save" if rtype else "Add",
            min_width=460,
        )
        self.inverse_edit.textChanged.connect(self._validate)
        self.label_edit.setFocus()
        self.label_edit.selectAll()
        self._validate()

    def problem(self) -> str:
        label = " ".join(self.label_edit.text().split())
        key = self.key_edit.text().strip()
        if not label:
            return "Type the type's label."
        if len(label) > 80 or len(" ".join(self.inverse_edit.text().split())) > 80:
            return "A label is limited to 80 characters."
        if not _KEY.match(key):
            return "The key is lowercase words joined by '-', like funded-by."
        if key in self._keys:
            return f"There is a type with the key “{key}” already."
        return ""

    def values(self) -> dict:
        """type_label, inverse_label, directed, color, key."""
        label = " ".join(self.label_edit.text().split())
        return {
            "type_label": label,
            "inverse_label": " ".join(self.inverse_edit.text().split()) or label,
            "directed": self.directed_check.isChecked(),
            "color": self.color_button.color(),
            "key": self.key_edit.text().strip(),
        }


class ActorKindForm(_KeyedForm):
    """Add an actor kind, or edit one: name, shape, colour (and the key of a kind of the user's own)."""

    def __init__(self, repo: Repository, parent: QWidget | None = None, *, kind: ActorKindRecord | None = None) -> None:
        super().__init__(parent)
        kinds = repo.list_actor_kinds()
        self._kind = kind
        self._keys = {k.key for k in kinds} - ({kind.key} if kind else set())
        self.setWindowTitle(f"Edit actor kind — {kind.label}" if kind else "Add actor kind")
        self.name_edit = QLineEdit(kind.label if kind else "", self)
        self.name_edit.setPlaceholderText("e.g. Vessel, Ministry, Bank")
        self.shape_combo = QComboBox(self)
        self.color_button = ColorButton(kind.color if kind else unused_color([k.color for k in kinds]), self)
        self._fill_shapes()
        self.shape_combo.setCurrentIndex(max(0, self.shape_combo.findData(kind.shape if kind else "circle")))
        self._key_source = self.name_edit
        self.key_edit = self._key_row(
            kind.key if kind else None,
            made_from="name",
            fixed_tip="A built-in kind keeps its key; its name, shape and colour can change."
            if kind is not None and kind.builtin
            else None,
        )
        self._lay_out(
            [
                ("&Name:", self.name_edit),
                ("&Shape:", self.shape_combo),
                ("&Colour:", self.color_button),
                ("&Key:", self.key_edit),
            ],
            ok_text="Save" if kind else "Add",
            min_width=420,
        )
        self.color_button.sigColorChanged.connect(lambda _c: self._fill_shapes())
        self.name_edit.setFocus()
        self.name_edit.selectAll()
        self._validate()

    def _fill_shapes(self) -> None:
        """Each shape drawn in the chosen colour, so the choice shows what the map will draw."""
        current = self.shape_combo.currentData()
        with QSignalBlocker(self.shape_combo):
            self.shape_combo.clear()
            for shape in ACTOR_SHAPES:
                self.shape_combo.addItem(kind_icon(shape, self.color_button.color()), shape.capitalize(), shape)
            if current is not None:
                self.shape_combo.setCurrentIndex(max(0, self.shape_combo.findData(current)))

    def problem(self) -> str:
        name = " ".join(self.name_edit.text().split())
        key = self.key_edit.text().strip()
        if not name:
            return "Type the kind's name."
        if len(name) > 80:
            return "A name is limited to 80 characters."
        if not _KEY.match(key):
            return "The key is lowercase words joined by '-', like state-agency."
        if key in self._keys:
            return f"There is a kind with the key “{key}” already."
        return ""

    def values(self) -> dict:
        """name, shape, color, key."""
        return {
            "name": " ".join(self.name_edit.text().split()),
            "shape": self.shape_combo.currentData(),
            "color": self.color_button.color(),
            "key": self.key_edit.text().strip(),
        }


class ReassignDialog(QDialog):
    """Deleting a type or kind in use: which one its relationships or actors take instead."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        what: str,
        name: str,
        count: int,
        noun: str,
        choices: Sequence[tuple[str, str]],
        icons: Sequence[QIcon] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Delete {what} — {name}")
        plural = f"{count} {noun}{'s' if count != 1 else ''}"
        text = plain_label(
            QLabel(
                f"“{name}” is used by {plural}. A {what} in use can only be deleted by "
                f"giving {'them' if count != 1 else 'it'} another {what}; undo puts it all back.",
                self,
            )
        )
        text.setWordWrap(True)
        self.choice = QComboBox(self)
        for i, (key, label) in enumerate(choices):
            if i < len(icons):
                self.choice.addItem(icons[i], label, key)
            else:
                self.choice.addItem(label, key)
        form = QFormLayout()
        form.addRow(f"Give {'them' if count != 1 else 'it'}:", self.choice)
        self.buttons = _ok_cancel(self, "Reassign and delete")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.choice.count() > 0)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def chosen(self) -> str | None:
        return self.choice.currentData()


# ---------------------------------------------------------------------- an article
class ArticleDialog(QDialog):
    """An article's title, source, date and address (its text never changes: excerpts point into it)."""

    def __init__(self, article: ArticleRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._article = article
        self.setWindowTitle("Article details")
        self.title_edit = QLineEdit(article.title if article.title != "(untitled)" else "", self)
        self.title_edit.setPlaceholderText("no title: shown by its source, or as “Untitled article”")
        self.source_edit = QLineEdit(article.source, self)
        self.source_edit.setPlaceholderText("site, outlet or wire service")
        self.dated_check = QCheckBox("Published on", self)
        self.dated_check.setChecked(article.published is not None)
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        published = article.published
        self.date_edit.setDate(
            QDate(published.year, published.month, published.day) if published else QDate.currentDate()
        )
        self.date_edit.setEnabled(article.published is not None)
        self.dated_check.toggled.connect(self.date_edit.setEnabled)
        self.url_edit = QLineEdit(article.url, self)
        self.url_edit.setPlaceholderText("https://… (where it was published)")
        self.message = _message_label(self)
        when = QHBoxLayout()
        when.addWidget(self.dated_check)
        when.addWidget(self.date_edit, 1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("&Title:", self.title_edit)
        form.addRow("&Source:", self.source_edit)
        form.addRow("Date:", when)
        form.addRow("&Address:", self.url_edit)
        info = QLabel(f"{article.length:,} characters · imported {article.imported_at:%Y-%m-%d}", self)
        info.setEnabled(False)
        self.buttons = _ok_cancel(self, "Save")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(info)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(640)
        self.url_edit.textChanged.connect(self._validate)
        self.title_edit.textChanged.connect(self._validate)
        self.title_edit.setFocus()
        # all of it selected (typing replaces it), shown from its start: a long title's beginning
        # says what it is
        n = len(self.title_edit.text())
        self.title_edit.setSelection(n, -n)
        self._validate()

    def problem(self) -> str:
        url = self.url_edit.text().strip()
        if url and not _URL.match(url):
            return "The address starts with http://, https:// or file:// and has no spaces."
        if len(self.title_edit.text()) > 500:
            return "A title is limited to 500 characters."
        return ""

    def _validate(self) -> None:
        problem = self.problem()
        self.message.setText(problem)
        self.message.setVisible(bool(problem))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def values(self) -> dict:
        """title, source, published (a date or None) and url, as typed."""
        shown = self.date_edit.date()
        published = date(shown.year(), shown.month(), shown.day()) if self.dated_check.isChecked() else None
        return {
            "title": " ".join(self.title_edit.text().split()),
            "source": " ".join(self.source_edit.text().split()),
            "published": published,
            "url": self.url_edit.text().strip(),
        }


# ---------------------------------------------------------------------- the lists
class _VocabularyDialog(QDialog):
    """A table of types or kinds with Add…, Edit…, Delete…; kept current by the edit controller."""

    columns: tuple[str, ...] = ()

    def __init__(self, repo: Repository, edits, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.repo = repo
        self.edits = edits  # desktop.ui.editing.EditController
        self.table = QTableWidget(0, len(self.columns), self)
        self.table.setHorizontalHeaderLabels(list(self.columns))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemDoubleClicked.connect(lambda _item: self.edit_current())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.add_button = QPushButton("&Add…", self)
        self.edit_button = QPushButton("&Edit…", self)
        self.delete_button = QPushButton("&Delete…", self)
        close = QPushButton("Close", self)
        close.setAutoDefault(False)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button.clicked.connect(self.delete_current)
        close.clicked.connect(self.accept)
        side = QVBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            side.addWidget(button)
        side.addStretch(1)
        side.addWidget(close)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {current_theme().muted_text};")
        body = QHBoxLayout()
        body.addWidget(self.table, 1)
        body.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.note)
        self.resize(680, 440)
        edits.sigOperation.connect(self._on_operation)
        self.refresh()

    # subclasses: rows(), touches(change), add(), edit_key(key), delete_key(key)
    def rows(self) -> list[tuple[str, list[QTableWidgetItem]]]:
        raise NotImplementedError

    def touches(self, change: Change) -> bool:
        raise NotImplementedError

    def _on_operation(self, change: Change, _initiator: object) -> None:
        if self.touches(change):
            self.refresh()

    def refresh(self) -> None:
        """Read the list again, keeping the selected row."""
        keep = self.current_key()
        rows = self.rows()
        self.table.setRowCount(len(rows))
        for r, (key, items) in enumerate(rows):
            for c, item in enumerate(items):
                item.setData(Qt.ItemDataRole.UserRole, key)
                self.table.setItem(r, c, item)
        keys = [key for key, _ in rows]
        self.select(keep if keep in keys else (keys[0] if keys else None))
        self._update_buttons()

    def current_key(self) -> str | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def select(self, key: str | None) -> None:
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == key:
                self.table.setCurrentCell(r, 0)
                return
        self.table.clearSelection()

    def _update_buttons(self) -> None:
        chosen = self.current_key() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def edit_current(self) -> None:
        key = self.current_key()
        if key is not None:
            self.edit_key(key)

    def delete_current(self) -> None:
        key = self.current_key()
        if key is not None:
            self.delete_key(key)

    def add(self) -> None:
        raise NotImplementedError

    def edit_key(self, key: str) -> None:
        raise NotImplementedError

    def delete_key(self, key: str) -> None:
        raise NotImplementedError


def _item(text: str, *, tip: str = "", align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if tip:
        item.setToolTip(plain_tip(tip))
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class RelationTypesDialog(_VocabularyDialog):
    """Edit > Relationship Types…: every type, how many relationships have it; add, edit, delete."""

    columns = ("Type", "Read backwards", "Key", "Relationships", "")

    def __init__(self, repo: Repository, edits, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(repo, edits, parent)
        self.setWindowTitle("Relationship types")
        self.setObjectName("RelationTypesDialog")
        self.note.setText(
            "Built-in types keep their key; their label and colour can change. A type in use is "
            "deleted by giving its relationships another type. Every change can be undone."
        )

    def touches(self, change: Change) -> bool:
        return bool(change.relation_types or change.relationships)

    def rows(self) -> list[tuple[str, list[QTableWidgetItem]]]:
        usage = self.repo.relation_type_usage()
        out = []
        for t in self.repo.list_relation_types():
            name = _item(t.label + ("  →" if t.directed else ""), tip=f"{t.label} ({t.key})")
            name.setIcon(type_icon(t.color, t.directed))
            out.append(
                (
                    t.key,
                    [
                        name,
                        _item(t.inverse_label),
                        _item(t.key),
                        _item(str(usage.get(t.key, 0)), align_right=True),
                        _item("built in" if t.builtin else "yours"),
                    ],
                )
            )
        return out

    def add(self) -> None:
        change = self.edits.add_relation_type(parent=self)
        if change and change.subject_id is not None:
            key = next((t.key for t in self.repo.list_relation_types() if t.id == change.subject_id), None)
            self.select(key)

    def edit_key(self, key: str) -> None:
        self.edits.edit_relation_type(key, parent=self)

    def delete_key(self, key: str) -> None:
        self.edits.delete_relation_type(key, parent=self)


class ActorKindsDialog(_VocabularyDialog):
    """Edit > Actor Kinds…: every kind with its shape and colour, how many actors have it."""

    columns = ("Kind", "Shape", "Key", "Actors", "")

    def __init__(self, repo: Repository, edits, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(repo, edits, parent)
        self.setWindowTitle("Actor kinds")
        self.setObjectName("ActorKindsDialog")
        self.note.setText(
            "The map, its legend and every export draw each kind with its shape and colour. "
            "Built-in kinds keep their key. A kind in use is deleted by giving its actors another "
            "kind. Every change can be undone."
        )

    def touches(self, change: Change) -> bool:
        return bool(change.actor_kinds or change.actors)

    def rows(self) -> list[tuple[str, list[QTableWidgetItem]]]:
        usage = self.repo.actor_kind_usage()
        out = []
        for k in self.repo.list_actor_kinds():
            name = _item(k.label, tip=f"{k.label} ({k.key})")
            name.setIcon(kind_icon(k.shape, k.color))
            out.append(
                (
                    k.key,
                    [
                        name,
                        _item(k.shape),
                        _item(k.key),
                        _item(str(usage.get(k.key, 0)), align_right=True),
                        _item("built in" if k.builtin else "yours"),
                    ],
                )
            )
        return out

    def add(self) -> None:
        change = self.edits.add_actor_kind(parent=self)
        if change and change.subject_id is not None:
            key = next((k.key for k in self.repo.list_actor_kinds() if k.id == change.subject_id), None)
            self.select(key)

    def edit_key(self, key: str) -> None:
        self.edits.edit_actor_kind(key, parent=self)

    def delete_key(self, key: str) -> None:
        self.edits.delete_actor_kind(key, parent=self)


def main(argv: Sequence[str] | None = None) -> int:  # pragma: no cover - for looking at the dialogs by eye
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QApplication

    from desktop.paths import default_workspace_path
    from desktop.seed import open_user_workspace
    from desktop.ui.editing import EditController

    argv = list(sys.argv[1:] if argv is None else argv)
    which = argv[0] if argv else "types"
    app = QApplication.instance() or QApplication(sys.argv[:1])
    repo = open_user_workspace(default_workspace_path())
    try:
        edits = EditController(repo, QUndoStack())
        if which == "kinds":
            dialog: QDialog = ActorKindsDialog(repo, edits)
        elif which == "article":
            dialog = ArticleDialog(repo.get_article(repo.list_articles()[0].id))
        else:
            dialog = RelationTypesDialog(repo, edits)
        dialog.show()
        return app.exec()
    finally:
        repo.close()


if __name__ == "__main__":
    sys.exit(main())
