"""The review queue (Proposals dock): what imports proposed, best first, to accept or reject.

Three kinds of proposal wait here: relationships (with the excerpt behind them), actors no
relationship reviews with them (with the excerpt that first names them), and pairs of actors
that may be one (a merge proposal, with both actors' excerpts). The list sits above (or, in a
wide dock, beside) a pane with the current proposal's highlighted excerpt.

Keyboard first: ↑/↓ move, A accepts and R rejects and both move on to the next proposal (on a
merge proposal: A merges, R keeps the two apart), E edits, M merges an actor into an existing
one, and "Accept all ≥ 0.80" confirms every relationship at or above a confidence in one step.
Every action is one undoable command, through the ``EditController`` when one is given.

``python -m desktop.ui.proposals_panel`` opens it on a workspace holding the seed article's
proposals (made by the real extractor).
"""

from __future__ import annotations

import html
import sys
from dataclasses import dataclass
from datetime import date
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
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFont, QKeyEvent, QKeySequence
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
    QSizePolicy,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.model import ActorRecord, Change, RelationshipRecord, RelmapError, Repository
from desktop.model.commands import (
    Command,
    CompositeCommand,
    EditRelationship,
    MergeActors,
    SetActorStatus,
    SetMergeStatuses,
    SetStatus,
    edit_actor_command,
)
from desktop.model.records import MentionRecord, MergeProposalRecord
from desktop.ui.dialogs import ActorCombo, ActorDialog, MergeDialog, name_index
from desktop.ui.plaintext import plain_label, plain_tip
from desktop.ui.read_only import read_only_why

if TYPE_CHECKING:
    from desktop.ui.editing import EditController

HIGHLIGHT = "#ffe08a"
CONTEXT_CHARS = 110  # article characters shown around an excerpt (the pane is small: keep it readable)
MUTED = "#6b7280"

RELATIONSHIP, ACTOR, MERGE = "relationship", "actor", "merge"


@dataclass(frozen=True)
class QueueItem:
    """One thing to review: a proposed relationship, a proposed actor no relationship reviews
    with it, or two actors that may be one (a merge proposal)."""

    kind: str
    id: int
    confidence: float | None  # None for actors: they have no confidence of their own
    relationship: RelationshipRecord | None = None
    actor: ActorRecord | None = None
    merge: MergeProposalRecord | None = None

    @property
    def key(self) -> tuple[str, int]:
        return self.kind, self.id

    @property
    def type(self) -> str:
        """The relationship type, or "actor" / "merge"."""
        return self.relationship.type if self.relationship is not None else self.kind


class ProposalsModel(QAbstractTableModel):
    """The review queue, most trusted first (thin adapter over repository rows): relationships and
    merge proposals by confidence, then actors proposed on their own."""

    COLUMNS = ("Conf.", "Proposal", "Source", "Target")

    def __init__(self, repo: Repository, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.rows: list[QueueItem] = []
        self.labels: dict[str, str] = {}
        self.mentions: dict[int, MentionRecord] = {}  # first mention of each actor the queue shows
        self.new_actors: set[int] = set()  # endpoints of proposed relationships still proposed themselves
        self._row_of: dict[tuple[str, int], int] = {}

    def reload(self) -> None:
        self.beginResetModel()
        self.labels = {t.key: t.label for t in self.repo.list_relation_types()}
        items = [
            QueueItem(RELATIONSHIP, r.id, r.confidence, relationship=r)
            for r in self.repo.list_relationships(statuses=["proposed"])
        ]
        items += [QueueItem(MERGE, m.id, m.score, merge=m) for m in self.repo.list_merge_proposals()]
        items += [QueueItem(ACTOR, a.id, None, actor=a) for a in self.repo.list_actor_proposals()]
        items.sort(key=lambda it: (it.confidence is None, -(it.confidence or 0.0), it.kind != RELATIONSHIP, it.id))
        self.rows = items
        self._row_of = {it.key: i for i, it in enumerate(items)}
        shown = {it.id for it in items if it.kind == ACTOR} | {
            a.id for it in items if it.merge is not None for a in (it.merge.actor, it.merge.other)
        }
        self.mentions = self.repo.first_mentions(shown)
        ends = {
            a
            for it in items
            if it.relationship is not None
            for a in (it.relationship.source_id, it.relationship.target_id)
        }
        self.new_actors = {a for a, st in self.repo.actor_statuses(ends).items() if st == "proposed"}
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
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        item = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return "—" if item.confidence is None else f"{item.confidence:.2f}"
            return self._cells(item)[col - 1]
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(self._tooltip(item))
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == 0 and item.confidence is not None:
                return (
                    QColor("#2f7d32")
                    if item.confidence >= 0.8
                    else QColor("#9a6700")
                    if item.confidence >= 0.6
                    else QColor("#b42318")
                )
            if col == 1 and item.kind != RELATIONSHIP:
                return QColor(MUTED)
        if role == Qt.ItemDataRole.FontRole and col == 1 and item.kind != RELATIONSHIP:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        return None

    def _cells(self, item: QueueItem) -> tuple[str, str, str]:
        if item.relationship is not None:
            rel = item.relationship
            return self.labels.get(rel.type, rel.type), rel.source, rel.target
        if item.merge is not None:
            return "same actor?", item.merge.actor.name, item.merge.other.name
        assert item.actor is not None
        return "new actor", item.actor.name, item.actor.kind

    def _tooltip(self, item: QueueItem) -> str:
        if item.relationship is not None:
            rel = item.relationship
            quote = rel.evidence[0].text if rel.evidence else "(no excerpt)"
            return f"{rel.source} — {self.labels.get(rel.type, rel.type)} — {rel.target}\n“{quote}”"
        if item.merge is not None:
            return f"Is “{item.merge.actor.name}” the same actor as “{item.merge.other.name}”? {item.merge.reason}"
        assert item.actor is not None
        return f"Keep “{item.actor.name}” ({item.actor.kind}) as an actor?"

    def row_of(self, item_id: int, kind: str = RELATIONSHIP) -> int | None:
        return self._row_of.get((kind, item_id))

    def row_of_key(self, key: tuple[str, int]) -> int | None:
        return self._row_of.get(key)


class ProposalsPanel(QWidget):
    """The review queue: a list of proposals and, under it (beside it when the dock is wide), the
    selected one's highlighted excerpt. ``refresh()`` reloads it; ``sigRelationshipActivated(id)``
    follows the current proposal when the investigator moves through the queue (so the main
    window can show it on the map), never because the queue reloaded after someone else's edit."""

    sigRelationshipActivated = Signal(int)
    sigActorActivated = Signal(int)  # an actor or merge proposal became current (its proposed actor)
    sigChanged = Signal(object)  # Change made here when no EditController is given

    MIN_ROWS = 6  # proposals the list keeps visible before the excerpt pane takes more room

    def __init__(
        self, repo: Repository, edits: EditController | None = None, parent: QWidget | None = None, *, load: bool = True
    ) -> None:
        """``load=False`` leaves the queue empty until the first :meth:`refresh` (the main window
        fills its docks after the map's first paint)."""
        super().__init__(parent)
        self.repo = repo
        self.edits = edits
        self._articles: dict[int, str] = {}
        self._announce = True  # False while the queue reloads on its own: nothing to follow then
        self._split_moved_by_user = False
        self.model = ProposalsModel(repo, self)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("proposalsCount")
        font = self.count_label.font()
        font.setBold(True)
        self.count_label.setFont(font)
        # a long count is cut instead of widening the dock (and narrowing the map)
        self.count_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.threshold = QDoubleSpinBox(self)
        self.threshold.setRange(0.0, 1.0)
        self.threshold.setSingleStep(0.05)
        self.threshold.setDecimals(2)
        self.threshold.setValue(0.80)
        self.threshold.setToolTip("Accept every proposed relationship with at least this confidence")
        self.accept_all_button = QPushButton("Accept all ≥", self)
        self.accept_all_button.setToolTip(self.threshold.toolTip())
        self.accept_all_button.clicked.connect(lambda: self.accept_all_above(self.threshold.value()))
        top = QHBoxLayout()
        top.setSpacing(4)
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
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(24)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._on_double_clicked)

        self.excerpt = QTextBrowser(self)
        self.excerpt.setObjectName("proposalExcerpt")
        self.excerpt.setOpenLinks(False)
        self.excerpt.setPlaceholderText("The excerpt behind the selected proposal appears here.")
        self.excerpt.document().setDocumentMargin(4)
        self.excerpt.setMinimumHeight(self.fontMetrics().lineSpacing() * 4 + 12)

        self.accept_button = self._button("Accept", "A", "Confirm the proposal and go to the next", self.accept_current)
        self.reject_button = self._button("Reject", "R", "Reject the proposal and go to the next", self.reject_current)
        self.edit_button = self._button("Edit…", "E", "Change its type or its actors", self.edit_current)
        self.merge_button = self._button(
            "Merge…", "M", "Merge an actor of it into an existing actor", self.merge_current
        )
        actions = QHBoxLayout()
        actions.setSpacing(4)
        for b in (self.accept_button, self.reject_button, self.edit_button, self.merge_button):
            actions.addWidget(b)
        actions.addStretch(1)

        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.addWidget(self.table)
        self.split.addWidget(self.excerpt)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 1)
        self.split.setChildrenCollapsible(False)
        self.split.splitterMoved.connect(self._on_split_moved)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.split, 1)
        layout.addLayout(actions)

        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        # The single-letter keys also work when the window is not the active one (shortcuts
        # need that); with the table focused its key presses come here first.
        self._keys = {
            Qt.Key.Key_A: self.accept_button,
            Qt.Key.Key_R: self.reject_button,
            Qt.Key.Key_E: self.edit_button,
            Qt.Key.Key_M: self.merge_button,
        }
        self.table.installEventFilter(self)
        if edits is not None:
            edits.sigChanged.connect(self._on_change)
        if load:
            self.refresh()
        else:
            self._update_enabled()  # an empty queue until then: nothing to act on (or a read-only workspace)

    def _button(self, text: str, key: str, tip: str, slot) -> QToolButton:  # noqa: ANN001
        action = QAction(f"{text} ({key})", self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{tip} ({key})")
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
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
            if plain and key_event.key() in (Qt.Key.Key_Home, Qt.Key.Key_End) and self.model.rowCount():
                # the first or last proposal (a table's Home/End would only change the column)
                self._select_row(0 if key_event.key() == Qt.Key.Key_Home else self.model.rowCount() - 1)
                return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ layout
    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        super().resizeEvent(event)
        # a wide, low dock (docked under the map) shows the list and the excerpt side by side
        wide = self.width() > 1.8 * self.height() and self.width() > 700
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.split.orientation() != orientation:
            self.split.setOrientation(orientation)
            self._split_moved_by_user = False
        self._fit_split()

    def _fit_split(self) -> None:
        """Keep MIN_ROWS proposals in view and give the excerpt the rest, up to a dozen lines
        (until the investigator moves the divider)."""
        if self._split_moved_by_user:
            return
        if self.split.orientation() == Qt.Orientation.Horizontal:
            total = self.split.width() - self.split.handleWidth()
            self.split.setSizes([int(total * 0.55), total - int(total * 0.55)])
            return
        total = self.split.height() - self.split.handleWidth()
        rows = self.table.verticalHeader().defaultSectionSize()
        wanted = self.table.horizontalHeader().sizeHint().height() + self.MIN_ROWS * rows + 2 * self.table.frameWidth()
        room = max(self.excerpt.minimumHeight(), total - wanted)
        excerpt = max(self.excerpt.minimumHeight(), min(room, self._excerpt_height()))
        self.split.setSizes([total - excerpt, excerpt])

    def _excerpt_height(self) -> int:
        """Height that shows the whole excerpt text at the pane's width (at most a dozen lines)."""
        doc = self.excerpt.document()
        doc.setTextWidth(max(50, self.excerpt.viewport().width()))
        cap = self.fontMetrics().lineSpacing() * 12
        return int(min(doc.size().height(), cap)) + 2 * self.excerpt.frameWidth() + 2

    def _on_split_moved(self, _pos: int, _index: int) -> None:
        self._split_moved_by_user = True

    # ------------------------------------------------------------------ queue
    def refresh(self, *, row: int | None = None, announce: bool = False) -> None:
        """Reload the queue from the workspace, keeping the current proposal (or ``row``).

        ``announce``: the investigator acted here, so the proposal that takes the current row is
        shown on the map. A reload after anyone else's edit (renaming or dragging an actor) keeps
        quiet, so the map's selection stays where the investigator put it."""
        item = self.current_item()
        current = item.key if row is None and item is not None else None
        row = max(self.table.currentIndex().row(), 0) if row is None else row
        self._announce = False
        try:
            self.model.reload()
            n = self.model.rowCount()
            self.count_label.setText(
                f"{n} proposal{'s' if n != 1 else ''} to review"
                if n
                else "Nothing to review — import articles to get proposals"
            )
            self.count_label.setToolTip(self.count_label.text())
            target = self.model.row_of_key(current) if current is not None else None
            self._select_row(target if target is not None else min(row, n - 1))
        finally:
            self._announce = True
        if announce:
            self._announce_current()
        self._update_enabled()

    def focus_queue(self) -> None:
        """Put the keyboard in the list, on a proposal, ready for A / R / E / M."""
        if self.current_item() is None and self.model.rowCount():
            self._select_row(0)
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        # a dock tab raised just now shows its widget on the next turn of the event loop
        QTimer.singleShot(0, lambda: self.table.setFocus(Qt.FocusReason.ShortcutFocusReason))

    def current_item(self) -> QueueItem | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() and index.row() < len(self.model.rows) else None

    def current_id(self) -> int | None:
        """The current proposed relationship's id (None on an actor or merge proposal)."""
        item = self.current_item()
        return item.id if item is not None and item.kind == RELATIONSHIP else None

    def current(self) -> RelationshipRecord | None:
        """The current proposed relationship (None on an actor or merge proposal)."""
        item = self.current_item()
        return item.relationship if item is not None else None

    def selected_items(self) -> list[QueueItem]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        items = [self.model.rows[r] for r in rows if r < len(self.model.rows)]
        current = self.current_item()
        if not items and current is not None:
            items = [current]
        return items

    def selected_ids(self) -> list[int]:
        """The selected proposed relationships."""
        return [it.id for it in self.selected_items() if it.kind == RELATIONSHIP]

    def _select_row(self, row: int) -> None:
        if row < 0 or row >= self.model.rowCount():
            self.table.setCurrentIndex(QModelIndex())
            self._show(None)
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)
        self._show(self.model.rows[row])

    # ------------------------------------------------------------------ actions
    def accept_current(self) -> Change | None:
        """Accept the selected proposals (A) and move to the next: confirm a relationship or an
        actor, merge the two actors of a merge proposal."""
        return self._review(self.selected_items(), accept=True)

    def reject_current(self) -> Change | None:
        """Reject the selected proposals (R) and move to the next: a relationship or actor is
        rejected, the two actors of a merge proposal are kept apart."""
        return self._review(self.selected_items(), accept=False)

    def accept_all_above(self, threshold: float) -> Change | None:
        """Confirm every proposed relationship with confidence ≥ ``threshold``, as one step."""
        items = [r for r in self.model.rows if r.kind == RELATIONSHIP and (r.confidence or 0) >= threshold - 1e-9]
        return self._review(items, accept=True) if items else None

    def _review(self, items: list[QueueItem], *, accept: bool) -> Change | None:
        if not items:
            return None
        rels = tuple(it.id for it in items if it.kind == RELATIONSHIP)
        actors = tuple(it.id for it in items if it.kind == ACTOR)
        merges = [it.merge for it in items if it.merge is not None]
        steps: list[Command] = []
        if rels:
            # against the versions the queue showed: a proposal someone else reviewed (or edited)
            # since is a conflict the prompt shows, never a silent reversal of their decision
            seen = tuple(
                (it.id, it.relationship.version)
                for it in items
                if it.kind == RELATIONSHIP and it.relationship is not None
            )
            steps.append(SetStatus(rels, "confirmed" if accept else "rejected", expected_versions=seen))
        if actors:
            # last writer wins on an actor's status: the change log keeps both decisions, and a
            # rejected actor takes its relationships with it, which the History dock shows
            steps.append(SetActorStatus(actors, "confirmed" if accept else "rejected"))
        if merges and accept:
            steps.extend(
                MergeActors(m.other.id, m.actor.id, f"Merge “{m.actor.name}” into “{m.other.name}”") for m in merges
            )
        elif merges:
            steps.append(
                SetMergeStatuses(
                    tuple((m.id, "rejected") for m in merges),
                    "Keep actors apart"
                    if len(merges) > 1
                    else f"Keep “{merges[0].actor.name}” apart from “{merges[0].other.name}”",
                )
            )
        if len(steps) == 1:
            command = steps[0]
        else:
            command = CompositeCommand(tuple(steps), f"{'Accept' if accept else 'Reject'} {len(items)} proposals")
        row = min(self.model.row_of_key(it.key) or 0 for it in items)
        self.table.selectionModel().clearCurrentIndex()  # the rows go: the one after them takes their place
        change = self._push(command)
        self.refresh(row=row, announce=True)  # the proposal after the acted-on ones takes their row
        return change

    def edit_current(
        self, *, type_key: str | None = None, source_id: int | None = None, target_id: int | None = None
    ) -> Change | None:
        """Change the current proposal (E): a relationship's type or actors (asks unless values are
        given), or a proposed actor's name, kind and aliases."""
        item = self.current_item()
        if item is None:
            return None
        if item.actor is not None:
            return self._edit_actor(item.actor)
        rel = item.relationship
        if rel is None:
            return None
        if type_key is None and source_id is None and target_id is None:
            dialog = EditProposalDialog(self.repo, rel, self)
            if not self._exec(dialog):
                return None
            type_key, source_id, target_id = dialog.values()
        # only what differs from the relationship as stored
        new_type = type_key if type_key is not None and type_key != rel.type else None
        new_source = source_id if source_id is not None and source_id != rel.source_id else None
        new_target = target_id if target_id is not None and target_id != rel.target_id else None
        if new_type is None and new_source is None and new_target is None:
            return Change()
        change = self._push(EditRelationship(rel.id, type_key=new_type, source_id=new_source, target_id=new_target))
        self.refresh(announce=True)
        return change

    def _edit_actor(self, actor: ActorRecord) -> Change | None:
        dialog = ActorDialog(self.repo, self, actor=actor)
        if not self._exec(dialog):
            return None
        values = dialog.values()
        try:
            command = edit_actor_command(
                self.repo,
                actor.id,
                name=values["name"],
                kind=values["kind"],
                notes=values["notes"],
                aliases=values["aliases"],
            )
        except RelmapError as exc:
            self._show_error(str(exc))
            return None
        if command is None:
            return Change()
        change = self._push(command)
        self.refresh()
        return change

    def merge_current(self, *, actor_id: int | None = None, into_id: int | None = None) -> Change | None:
        """Merge an actor of the current proposal into an existing actor (M): one of a
        relationship's actors, the proposed actor, or a merge proposal's pair either way round."""
        item = self.current_item()
        if item is None:
            return None
        if actor_id is None or into_id is None:
            if item.relationship is not None:
                dialog = MergeProposedActorDialog(self.repo, item.relationship, self)
                if not self._exec(dialog):
                    return None
                actor_id, into_id = dialog.values()
            else:
                drop = item.actor if item.actor is not None else item.merge.actor  # type: ignore[union-attr]
                merge_dialog = MergeDialog(self.repo, drop.id, self)
                if item.merge is not None:
                    merge_dialog.select(item.merge.other.id)
                if not self._exec(merge_dialog):
                    return None
                actor_id, into_id = drop.id, merge_dialog.chosen_id()
        if into_id is None or actor_id == into_id:
            return None
        try:
            drop_name, keep_name = self.repo.get_actor(actor_id).name, self.repo.get_actor(into_id).name
        except RelmapError as exc:
            self._show_error(str(exc))
            return None
        change = self._push(MergeActors(into_id, actor_id, f"Merge “{drop_name}” into “{keep_name}”"))
        self.refresh(announce=True)
        return change

    def _exec(self, dialog: QDialog) -> bool:
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    def _push(self, command: Command) -> Change | None:
        """One undoable step through the EditController; without one, straight to the workspace."""
        if self.edits is not None:
            return self.edits.push(command)
        try:
            _inverse, change = command.apply(self.repo)
        except RelmapError as exc:
            self._show_error(str(exc))
            return None
        self.sigChanged.emit(change)
        return change

    def _show_error(self, message: str) -> None:
        self.excerpt.setHtml(f"<p style='color:#b42318'>{html.escape(message)}</p>")

    # ------------------------------------------------------------------ showing
    def _on_change(self, _change: object) -> None:
        self.refresh()

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.model.rows[current.row()] if current.isValid() and current.row() < len(self.model.rows) else None
        self._show(item)
        self._update_enabled()
        if self._announce:
            self._announce_current()

    def _announce_current(self) -> None:
        item = self.current_item()
        if item is None:
            return
        if item.kind == RELATIONSHIP:
            self.sigRelationshipActivated.emit(item.id)
        elif item.actor is not None:
            self.sigActorActivated.emit(item.actor.id)
        elif item.merge is not None:
            self.sigActorActivated.emit(item.merge.actor.id)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self._announce_current()

    def _update_enabled(self) -> None:
        item = self.current_item()
        kind = item.kind if item is not None else ""
        self.accept_button.defaultAction().setEnabled(bool(kind))
        self.reject_button.defaultAction().setEnabled(bool(kind))
        self.edit_button.defaultAction().setEnabled(kind in (RELATIONSHIP, ACTOR))
        self.merge_button.defaultAction().setEnabled(bool(kind))
        # say what A and R do to this kind of proposal
        accept, reject, accept_tip, reject_tip = {
            MERGE: ("Merge", "Keep apart", "They are one actor: merge them", "They are different actors"),
            ACTOR: ("Accept", "Reject", "Keep this actor", "Not an actor worth keeping: take it off the map"),
        }.get(
            kind,
            ("Accept", "Reject", "Confirm the proposal and go to the next", "Reject the proposal and go to the next"),
        )
        for button, text, tip, key in (
            (self.accept_button, accept, accept_tip, "A"),
            (self.reject_button, reject, reject_tip, "R"),
        ):
            button.defaultAction().setText(f"{text} ({key})")
            button.defaultAction().setToolTip(f"{tip} ({key})")
        self.accept_all_button.setEnabled(any(r.kind == RELATIONSHIP for r in self.model.rows))
        why = read_only_why(self.repo)
        if why is not None:  # the queue can be read, not acted on
            for button in (self.accept_button, self.reject_button, self.edit_button, self.merge_button):
                button.defaultAction().setEnabled(False)
                button.defaultAction().setToolTip(why)
            self.accept_all_button.setEnabled(False)
            self.accept_all_button.setToolTip(why)

    def _article_text(self, article_id: int) -> str:
        text = self._articles.get(article_id)
        if text is None:
            try:
                text = self.repo.get_article(article_id).text or ""
            except RelmapError:
                text = ""
            self._articles[article_id] = text
        return text

    def _show(self, item: QueueItem | None) -> None:
        if item is None:
            self.excerpt.clear()
        elif item.relationship is not None:
            self.excerpt.setHtml(self._relationship_html(item.relationship))
        elif item.merge is not None:
            self.excerpt.setHtml(self._merge_html(item.merge))
        elif item.actor is not None:
            self.excerpt.setHtml(self._actor_html(item.actor))
        self._fit_split()  # the list keeps the room this excerpt does not need

    def _name_html(self, name: str, actor_id: int) -> str:
        new = f" <span style='color:{MUTED}'>(new)</span>" if actor_id in self.model.new_actors else ""
        return f"<b>{html.escape(name)}</b>{new}"

    def _relationship_html(self, rel: RelationshipRecord) -> str:
        label = self.model.labels.get(rel.type, rel.type)
        arrow = "→" if rel.directed else "—"
        parts = [
            f"<p style='margin:0 0 2px 0'>{self._name_html(rel.source, rel.source_id)} {arrow} "
            f"<i>{html.escape(label)}</i> {arrow} {self._name_html(rel.target, rel.target_id)}"
            f"<span style='color:{MUTED}'>&nbsp; {rel.confidence:.2f}</span></p>"
        ]
        if not rel.evidence:
            parts.append(f"<p style='color:{MUTED}'>No excerpt backs this proposal.</p>")
        for ev in rel.evidence:
            text = self._article_text(ev.article_id)
            parts.append(
                f"<p style='margin:2px 0 0 0'>{excerpt_html(text, ev.start, ev.end, fallback=ev.text)}"
                f"<br><span style='color:{MUTED}'>{_source_line(ev.article_title, ev.article_published)}"
                f"</span></p>"
            )
        return "".join(parts)

    def _mention_html(self, actor: ActorRecord) -> str:
        mention = self.model.mentions.get(actor.id)
        if mention is None:
            return f"<p style='color:{MUTED}; margin:2px 0 0 0'>No article excerpt names it.</p>"
        text = self._article_text(mention.article_id)
        return (
            f"<p style='margin:2px 0 0 0'>{excerpt_html(text, mention.start, mention.end, fallback=actor.name)}"
            f"<br><span style='color:{MUTED}'>{_source_line(mention.article_title, mention.article_published)}"
            f"</span></p>"
        )

    def _actor_html(self, actor: ActorRecord) -> str:
        also = f"; also “{html.escape('”, “'.join(actor.aliases))}”" if actor.aliases else ""
        return (
            f"<p style='margin:0 0 2px 0'>New actor <b>{html.escape(actor.name)}</b> "
            f"<span style='color:{MUTED}'>({html.escape(actor.kind)}{also}; linked to nothing yet)</span></p>"
            + self._mention_html(actor)
        )

    def _merge_html(self, merge: MergeProposalRecord) -> str:
        return (
            f"<p style='margin:0 0 2px 0'>Same actor? <b>{html.escape(merge.actor.name)}</b> ⇄ "
            f"<b>{html.escape(merge.other.name)}</b><span style='color:{MUTED}'>&nbsp; {merge.score:.2f} · "
            f"{html.escape(merge.reason)}</span></p>"
            f"<p style='margin:4px 0 0 0'><b>{html.escape(merge.actor.name)}</b>:</p>"
            + self._mention_html(merge.actor)
            + f"<p style='margin:4px 0 0 0'><b>{html.escape(merge.other.name)}</b>:</p>"
            + self._mention_html(merge.other)
        )


def _source_line(title: str, published: date | None) -> str:
    when = published.isoformat() if published else "undated"
    return f"{html.escape(title)} · {when}"


def excerpt_html(text: str, start: int, end: int, *, fallback: str = "", context: int = CONTEXT_CHARS) -> str:
    """The excerpt highlighted inside some surrounding article text: up to ``context`` characters
    either side, within its paragraph, cut at a sentence end where one is near, else at a word."""
    if not (0 <= start < end <= len(text)):
        return f"<span style='background:{HIGHLIGHT}'>{html.escape(fallback)}</span>"
    lo = max(0, start - context, text.rfind("\n", 0, start) + 1)
    hi = min(len(text), end + context)
    newline = text.find("\n", end, hi)
    hi = newline if newline != -1 else hi
    if lo > 0 and text[lo - 1] != "\n":
        sentence = text.find(". ", lo, start)
        space = text.find(" ", lo, start)
        lo = sentence + 2 if sentence != -1 else space + 1 if space != -1 else lo
    if hi < len(text) and text[hi] != "\n":
        sentence = text.rfind(". ", end, hi)
        space = text.rfind(" ", end, hi)
        hi = sentence + 1 if sentence != -1 else space if space != -1 else hi

    def esc(s: str) -> str:
        return html.escape(s).replace("\n", "<br>")

    cut_before = lo > 0 and text[lo - 1] not in "\n" and not text[:lo].rstrip().endswith((".", "!", "?"))
    cut_after = hi < len(text) and text[hi] not in "\n" and not text[:hi].endswith((".", "!", "?"))
    return (
        ("…" if cut_before else "")
        + esc(text[lo:start])
        + f"<span style='background:{HIGHLIGHT}; color:#1f2328'>{esc(text[start:end])}</span>"
        + esc(text[end:hi])
        + ("…" if cut_after else "")
    )


class EditProposalDialog(QDialog):
    """Change a proposal's type and actors; ⇄ swaps the direction."""

    def __init__(self, repo: Repository, rel: RelationshipRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit proposal")
        self.type_combo = QComboBox(self)
        for t in repo.list_relation_types():
            self.type_combo.addItem(t.label, t.key)
        self.type_combo.setCurrentIndex(max(self.type_combo.findData(rel.type), 0))
        actors = repo.list_actors()
        index = name_index(actors)
        self.source_combo = ActorCombo(actors, index, self)
        self.source_combo.set_actor(rel.source_id)
        self.target_combo = ActorCombo(actors, index, self)
        self.target_combo.set_actor(rel.target_id)
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
        quote = plain_label(QLabel(f"“{rel.evidence[0].text}”" if rel.evidence else "", self))
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
        s, t = self.source_combo.actor_id(), self.target_combo.actor_id()
        self.source_combo.set_actor(t)
        self.target_combo.set_actor(s)

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
        self.into_combo = self._combo(exclude=rel.source_id)
        self.source_radio.toggled.connect(self._rebuild)
        note = QLabel(
            "The chosen actor's names, relationships and excerpts move to the existing actor, which keeps its name.",
            self,
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #6b7280")
        form = QFormLayout()
        form.addRow("&Merge:", self.source_radio)
        form.addRow("", self.target_radio)
        self.into_label = QLabel("&Into:", self)
        form.addRow(self.into_label, self.into_combo)
        self._form = form  # the Into list is rebuilt in place when the other end is chosen
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

    def _combo(self, *, exclude: int) -> ActorCombo:
        """Every other actor, completed by any part of a name or alias as it is typed."""
        actors = [a for a in self.repo.list_actors() if a.id != exclude]
        return ActorCombo(actors, name_index(actors), self)

    def _rebuild(self) -> None:
        drop = self.rel.source_id if self.source_radio.isChecked() else self.rel.target_id
        combo = self._combo(exclude=drop)
        combo.currentTextChanged.connect(self._update_ok)
        self._form.replaceWidget(self.into_combo, combo)
        self.into_label.setBuddy(combo)  # Alt+I reaches the new list, not the deleted one
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
