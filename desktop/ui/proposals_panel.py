"""The review queue (Proposals dock): the extractor's proposals, best first, to accept or reject.

Keyboard first: ↑/↓ move, A accepts and R rejects and both move on to the next proposal, E edits
type or actors, M merges a proposed actor into an existing one, and "Accept all ≥ 0.80" confirms
every proposal at or above a confidence in one step. Given an ``EditController`` every action is
one undoable command; without one the panel writes through the repository directly.

``python -m desktop.ui.proposals_panel`` opens it on a workspace holding the seed article's
proposals (made by the real extractor).
"""

from __future__ import annotations

import html
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.model import Change, RelationshipRecord, RelmapError, Repository
from desktop.ui.plaintext import plain_tip

if TYPE_CHECKING:
    from desktop.ui.editing import EditController

HIGHLIGHT = "#ffe08a"
CONTEXT_CHARS = 220  # article characters shown around an excerpt


class ProposalsModel(QAbstractTableModel):
    """Proposed relationships, highest confidence first (thin adapter over repository rows)."""

    COLUMNS = ("Conf.", "Relationship", "Source", "Target")

    def __init__(self, repo: Repository, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.rows: list[RelationshipRecord] = []
        self.labels: dict[str, str] = {}

    def reload(self) -> None:
        self.beginResetModel()
        self.labels = {t.key: t.label for t in self.repo.list_relation_types()}
        rows = self.repo.list_relationships(statuses=["proposed"])
        self.rows = sorted(rows, key=lambda r: (-r.confidence, r.id))
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        rel = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return f"{rel.confidence:.2f}"
            if col == 1:
                return self.labels.get(rel.type, rel.type)
            return rel.source if col == 2 else rel.target
        if role == Qt.ItemDataRole.ToolTipRole:
            quote = rel.evidence[0].text if rel.evidence else "(no excerpt)"
            return plain_tip(f"{rel.source} — {self.labels.get(rel.type, rel.type)} — {rel.target}\n“{quote}”")
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == 0:
            return QColor("#2f7d32") if rel.confidence >= 0.8 else QColor("#9a6700") if rel.confidence >= 0.6 \
                else QColor("#b42318")
        if role == Qt.ItemDataRole.UserRole:
            return rel.id
        return None

    def row_of(self, rel_id: int) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.id == rel_id), None)


class ProposalsPanel(QWidget):
    """The review queue. ``refresh()`` reloads it; ``sigRelationshipActivated(id)`` follows the
    current proposal (so the main window can show it in the graph and evidence panel)."""

    sigRelationshipActivated = Signal(int)
    sigChanged = Signal(object)  # Change made here when no EditController is given

    def __init__(self, repo: Repository, edits: EditController | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.edits = edits
        self._articles: dict[int, str] = {}
        self.model = ProposalsModel(repo, self)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("proposalsCount")
        font = self.count_label.font()
        font.setBold(True)
        self.count_label.setFont(font)
        # a long count wraps instead of widening the dock (and narrowing the map)
        self.count_label.setWordWrap(True)
        self.threshold = QDoubleSpinBox(self)
        self.threshold.setRange(0.0, 1.0)
        self.threshold.setSingleStep(0.05)
        self.threshold.setDecimals(2)
        self.threshold.setValue(0.80)
        self.threshold.setToolTip("Accept every proposal with at least this confidence")
        self.accept_all_button = QPushButton("Accept all ≥", self)
        self.accept_all_button.clicked.connect(lambda: self.accept_all_above(self.threshold.value()))
        top = QHBoxLayout()
        top.addWidget(self.count_label, 1)
        top.addWidget(self.accept_all_button)
        top.addWidget(self.threshold)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._on_double_clicked)

        self.excerpt = QTextBrowser(self)
        self.excerpt.setOpenLinks(False)
        self.excerpt.setPlaceholderText("The excerpt behind the selected proposal appears here.")

        self.accept_button = self._button("Accept", "A", "Confirm the proposal and go to the next", self.accept_current)
        self.reject_button = self._button("Reject", "R", "Reject the proposal and go to the next", self.reject_current)
        self.edit_button = self._button("Edit…", "E", "Change its type or its actors", self.edit_current)
        self.merge_button = self._button("Merge actor…", "M", "Merge one of its actors into an existing actor",
                                         self.merge_current)
        actions = QHBoxLayout()
        for b in (self.accept_button, self.reject_button, self.edit_button, self.merge_button):
            actions.addWidget(b)
        actions.addStretch(1)

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.excerpt)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(actions)

        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        # The single-letter keys also work when the window is not the active one (shortcuts
        # need that); with the table focused its key presses come here first.
        self._keys = {Qt.Key.Key_A: self.accept_button, Qt.Key.Key_R: self.reject_button,
                      Qt.Key.Key_E: self.edit_button, Qt.Key.Key_M: self.merge_button}
        self.table.installEventFilter(self)
        if edits is not None:
            edits.sigChanged.connect(self._on_change)
        self.refresh()

    def _button(self, text: str, key: str, tip: str, slot) -> QToolButton:  # noqa: ANN001
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{tip} ({key})")
        action.triggered.connect(slot)
        self.addAction(action)
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setText(f"{text}  ({key})")
        return button

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            button = self._keys.get(Qt.Key(key_event.key()))
            plain = key_event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
            if button is not None and plain:
                if button.defaultAction().isEnabled():
                    button.defaultAction().trigger()
                return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ queue
    def refresh(self, *, row: int | None = None) -> None:
        """Reload the queue from the workspace, keeping the current proposal (or ``row``)."""
        current = self.current_id() if row is None else None
        row = max(self.table.currentIndex().row(), 0) if row is None else row
        self.model.reload()
        n = self.model.rowCount()
        self.count_label.setText(f"{n} proposal{'s' if n != 1 else ''} to review" if n else
                                 "No proposals to review — import articles to get some")
        target = self.model.row_of(current) if current is not None else None
        self._select_row(target if target is not None else min(row, n - 1))
        self._update_enabled()

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()].id if index.isValid() and index.row() < len(self.model.rows) else None

    def current(self) -> RelationshipRecord | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() and index.row() < len(self.model.rows) else None

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        ids = [self.model.rows[r].id for r in rows if r < len(self.model.rows)]
        if not ids and self.current_id() is not None:
            ids = [self.current_id()]
        return ids

    def _select_row(self, row: int) -> None:
        if row < 0 or row >= self.model.rowCount():
            self.table.setCurrentIndex(QModelIndex())
            self._show_excerpt(None)
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        self._show_excerpt(self.model.rows[row])

    # ------------------------------------------------------------------ actions
    def accept_current(self) -> Change | None:
        """Confirm the selected proposals (A) and move to the next."""
        return self._set_status(self.selected_ids(), "confirmed")

    def reject_current(self) -> Change | None:
        """Reject the selected proposals (R) and move to the next."""
        return self._set_status(self.selected_ids(), "rejected")

    def accept_all_above(self, threshold: float) -> Change | None:
        """Confirm every proposal with confidence ≥ ``threshold``, as one step."""
        ids = [r.id for r in self.model.rows if r.confidence >= threshold - 1e-9]
        return self._set_status(ids, "confirmed") if ids else None

    def _set_status(self, ids: list[int], status: str) -> Change | None:
        if not ids:
            return None
        row = min(self.model.row_of(i) or 0 for i in ids)
        self.table.selectionModel().clearCurrentIndex()  # the rows go: the one after them takes their place
        if self.edits is not None:
            change = self.edits.set_status(ids, status)
        else:
            change = self._direct(lambda: _set_many(self.repo, ids, status))
        self.refresh(row=row)  # the proposal after the acted-on ones takes their row
        return change

    def edit_current(self, *, type_key: str | None = None, source_id: int | None = None,
                     target_id: int | None = None) -> Change | None:
        """Change the current proposal's type or actors (E); asks unless values are given."""
        rel = self.current()
        if rel is None:
            return None
        if type_key is None and source_id is None and target_id is None:
            dialog = EditProposalDialog(self.repo, rel, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            type_key, source_id, target_id = dialog.values()
        fields = {k: v for k, v in (("type_key", type_key), ("source_id", source_id), ("target_id", target_id))
                  if v is not None and v != {"type_key": rel.type, "source_id": rel.source_id,
                                             "target_id": rel.target_id}[k]}
        if not fields:
            return Change()
        if self.edits is not None:
            change = self.edits.edit_relationship(rel.id, **fields)
        else:
            change = self._direct(lambda: self.repo.update_relationship(rel.id, **fields))
        self.refresh()
        return change

    def merge_current(self, *, actor_id: int | None = None, into_id: int | None = None) -> Change | None:
        """Merge one of the current proposal's actors into an existing actor (M)."""
        rel = self.current()
        if rel is None:
            return None
        if actor_id is None or into_id is None:
            dialog = MergeProposedActorDialog(self.repo, rel, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            actor_id, into_id = dialog.values()
        if actor_id == into_id:
            return None
        if self.edits is not None:
            change = self.edits.merge_actor(actor_id, into_id=into_id)
        else:
            change = self._direct(lambda: self.repo.merge_actors(into_id, actor_id))
        self.refresh()
        return change

    def _direct(self, write) -> Change | None:  # noqa: ANN001
        try:
            change = write()
        except RelmapError as exc:
            self.excerpt.setHtml(f"<p style='color:#b42318'>{html.escape(str(exc))}</p>")
            return None
        self.sigChanged.emit(change)
        return change

    # ------------------------------------------------------------------ showing
    def _on_change(self, _change: object) -> None:
        self.refresh()

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        rel = self.model.rows[current.row()] if current.isValid() and current.row() < len(self.model.rows) else None
        self._show_excerpt(rel)
        self._update_enabled()
        if rel is not None:
            self.sigRelationshipActivated.emit(rel.id)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sigRelationshipActivated.emit(self.model.rows[index.row()].id)

    def _update_enabled(self) -> None:
        has = self.current() is not None
        for b in (self.accept_button, self.reject_button, self.edit_button, self.merge_button):
            b.defaultAction().setEnabled(has)
        self.accept_all_button.setEnabled(bool(self.model.rows))

    def _article_text(self, article_id: int) -> str:
        text = self._articles.get(article_id)
        if text is None:
            text = self.repo.get_article(article_id).text or ""
            self._articles[article_id] = text
        return text

    def _show_excerpt(self, rel: RelationshipRecord | None) -> None:
        if rel is None:
            self.excerpt.clear()
            return
        label = self.model.labels.get(rel.type, rel.type)
        arrow = "→" if rel.directed else "—"
        parts = [f"<p style='margin-bottom:4px'><b>{html.escape(rel.source)}</b> {arrow} "
                 f"<i>{html.escape(label)}</i> {arrow} <b>{html.escape(rel.target)}</b>"
                 f"<span style='color:#6b7280'>&nbsp;&nbsp;confidence {rel.confidence:.2f}</span></p>"]
        if not rel.evidence:
            parts.append("<p style='color:#6b7280'>No excerpt backs this proposal.</p>")
        for ev in rel.evidence:
            try:
                text = self._article_text(ev.article_id)
            except RelmapError:
                text = ""
            when = ev.article_published.isoformat() if ev.article_published else "undated"
            parts.append(f"<p style='color:#6b7280; margin-top:8px; margin-bottom:2px'>"
                         f"{html.escape(ev.article_title)} · {when}</p>")
            parts.append(f"<p style='margin-top:0'>{excerpt_html(text, ev.start, ev.end, fallback=ev.text)}</p>")
        self.excerpt.setHtml("".join(parts))


def excerpt_html(text: str, start: int, end: int, *, fallback: str = "", context: int = CONTEXT_CHARS) -> str:
    """The excerpt highlighted inside some surrounding article text, cut at word boundaries."""
    if not (0 <= start < end <= len(text)):
        return f"<span style='background:{HIGHLIGHT}'>{html.escape(fallback)}</span>"
    lo = max(0, start - context)
    hi = min(len(text), end + context)
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 else lo
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space != -1 else hi

    def esc(s: str) -> str:
        return html.escape(s).replace("\n", "<br>")

    return (("…" if lo > 0 else "") + esc(text[lo:start])
            + f"<span style='background:{HIGHLIGHT}; color:#1f2328'>{esc(text[start:end])}</span>"
            + esc(text[end:hi]) + ("…" if hi < len(text) else ""))


def _set_many(repo: Repository, ids: list[int], status: str) -> Change:
    change = Change()
    with repo.batch():
        for rel_id in ids:
            change = change | repo.set_status(rel_id, status)
    return change


class _ActorCombo(QComboBox):
    """Every actor of the workspace, typed-to-filter."""

    def __init__(self, repo: Repository, current_id: int | None, parent: QWidget | None = None,
                 *, exclude: int | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMinimumContentsLength(24)
        self.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer().setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        for actor in repo.list_actors():
            if actor.id == exclude:
                continue
            extra = f"  ({', '.join(actor.aliases[:2])})" if actor.aliases else ""
            self.addItem(f"{actor.name}{extra}", actor.id)
        if current_id is not None:
            self.setCurrentIndex(max(self.findData(current_id), 0))
        else:  # nothing chosen yet: the person must pick
            self.setCurrentIndex(-1)
            self.lineEdit().setPlaceholderText("Type to find an actor…")

    def actor_id(self) -> int | None:
        index = self.findText(self.currentText())
        return self.itemData(index) if index >= 0 else None


class EditProposalDialog(QDialog):
    """Change a proposal's type and actors; ⇄ swaps the direction."""

    def __init__(self, repo: Repository, rel: RelationshipRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit proposal")
        self.type_combo = QComboBox(self)
        for t in repo.list_relation_types():
            self.type_combo.addItem(t.label, t.key)
        self.type_combo.setCurrentIndex(max(self.type_combo.findData(rel.type), 0))
        self.source_combo = _ActorCombo(repo, rel.source_id, self)
        self.target_combo = _ActorCombo(repo, rel.target_id, self)
        swap = QPushButton("⇄ Swap", self)
        swap.setToolTip("Swap source and target")
        swap.clicked.connect(self._swap)
        form = QFormLayout()
        form.addRow("&Type:", self.type_combo)
        form.addRow("&Source:", self.source_combo)
        form.addRow("Ta&rget:", self.target_combo)
        swap_row = QHBoxLayout()
        swap_row.addWidget(swap)
        swap_row.addStretch(1)
        form.addRow("", swap_row)
        quote = QLabel(f"“{rel.evidence[0].text}”" if rel.evidence else "", self)
        quote.setWordWrap(True)
        quote.setStyleSheet("color: #6b7280")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(quote)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def _swap(self) -> None:
        s, t = self.source_combo.currentIndex(), self.target_combo.currentIndex()
        self.source_combo.setCurrentIndex(t)
        self.target_combo.setCurrentIndex(s)

    def values(self) -> tuple[str, int | None, int | None]:
        return self.type_combo.currentData(), self.source_combo.actor_id(), self.target_combo.actor_id()


class MergeProposedActorDialog(QDialog):
    """Pick one of a proposal's actors and the existing actor it really is."""

    def __init__(self, repo: Repository, rel: RelationshipRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.rel = rel
        self.setWindowTitle("Merge actor")
        self.source_radio = QRadioButton(f"Source: {rel.source}", self)
        self.target_radio = QRadioButton(f"Target: {rel.target}", self)
        self.source_radio.setChecked(True)
        self.into_combo = _ActorCombo(repo, None, self, exclude=rel.source_id)
        self.source_radio.toggled.connect(self._rebuild)
        note = QLabel("The chosen actor's names, relationships and excerpts move to the existing actor, "
                      "which keeps its name.", self)
        note.setWordWrap(True)
        note.setStyleSheet("color: #6b7280")
        form = QFormLayout()
        form.addRow("&Merge:", self.source_radio)
        form.addRow("", self.target_radio)
        form.addRow("&Into:", self.into_combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.merge_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.merge_button.setText("Merge")
        self.merge_button.setEnabled(False)
        self.into_combo.currentTextChanged.connect(self._update_ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def _rebuild(self) -> None:
        drop = self.rel.source_id if self.source_radio.isChecked() else self.rel.target_id
        combo = _ActorCombo(self.repo, None, self, exclude=drop)
        combo.currentTextChanged.connect(self._update_ok)
        self.layout().itemAt(0).layout().replaceWidget(self.into_combo, combo)
        self.into_combo.deleteLater()
        self.into_combo = combo
        self._update_ok()

    def _update_ok(self, *_args) -> None:  # noqa: ANN002
        self.merge_button.setEnabled(self.into_combo.actor_id() is not None)

    def values(self) -> tuple[int, int | None]:
        drop = self.rel.source_id if self.source_radio.isChecked() else self.rel.target_id
        return drop, self.into_combo.actor_id()


def _preview() -> int:
    """A seeded workspace plus the seed article's proposals from the real extractor."""
    import tempfile

    from PySide6.QtWidgets import QApplication

    from desktop.extract.ingest import ingest_files
    from desktop.paths import resource_path
    from desktop.seed import open_user_workspace

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="relmap-proposals-") as tmp:
        repo = open_user_workspace(Path(tmp) / "preview.relmap", seed=False)
        try:
            ingest_files(repo, [resource_path("seeds", "000_925dccfa091fcfa9.txt"), *sys.argv[1:]])
            panel = ProposalsPanel(repo)
            panel.setWindowTitle("Proposals — Relmap")
            panel.resize(560, 640)
            panel.show()
            panel.table.setFocus()
            return app.exec()
        finally:
            repo.close()


if __name__ == "__main__":
    sys.exit(_preview())
