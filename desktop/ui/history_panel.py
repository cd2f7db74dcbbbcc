"""History dock: the workspace's change log, newest first: when, and who did what.

Every investigator's changes are there (the change log is written by the database in the same
transaction as each change), so a desk can see who did what; double-clicking a row selects the
actor or relationship it names, if it still exists.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from desktop.model import ChangeRecord, Repository

#: rows shown: every change refreshes the dock while it is open (others' too), so it stays cheap
HISTORY_LIMIT = 200


def authorship(row) -> str:  # noqa: ANN001 - any record with created_by, updated_by and version
    """Who added a row and who changed it last, in a line: "added by ana · changed by ben (3 edits)"."""
    added = f"added by {row.created_by}" if row.created_by else "added"
    if row.version <= 1:
        return added
    edits = row.version - 1
    changed = f"changed by {row.updated_by}" if row.updated_by else "changed"
    return f"{added} · {changed} ({edits} edit{'s' if edits != 1 else ''})"


def _when(at: datetime) -> str:
    local = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone()
    today = datetime.now().astimezone().date()
    return f"{local:%H:%M:%S}" if local.date() == today else f"{local:%d %b %Y %H:%M}"


class HistoryModel(QAbstractTableModel):
    """Change-log rows and their descriptions; no logic beyond showing them."""

    #: who and what read as one sentence ("ben changed actor …"): in a narrow dock a column of its
    #: own for who left "what" a sliver, and what wraps
    HEADERS = ("When", "Change")

    def __init__(self) -> None:
        super().__init__()
        self.records: list[ChangeRecord] = []
        self.texts: list[str] = []
        self.cells: list[tuple[str, str]] = []  # as shown, made once: the view asks for each many times

    def set_rows(self, records: list[ChangeRecord], texts: list[str]) -> None:
        self.beginResetModel()
        self.records, self.texts = records, texts
        self.cells = [(_when(r.at), f"{r.who or 'Someone'} {t}") for r, t in zip(records, texts)]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:  # a wrapped row reads from its top line
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None


class HistoryPanel(QWidget):
    """The change log of the workspace; ``refresh()`` after changes (one's own or others')."""

    sigActorActivated = Signal(int)
    sigRelationshipActivated = Signal(int)

    def __init__(self, repo: Repository, parent: QWidget | None = None, *, load: bool = True) -> None:
        """``load=False`` leaves the log empty until the first :meth:`refresh` (the main window
        fills its docks after the map's first paint)."""
        super().__init__(parent)
        self.repo = repo
        self.model = HistoryModel()
        self.table = QTableView(self)
        self.table.setObjectName("historyTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        # The dock is narrow: "What" wraps onto more lines rather than ending in "…" (names are
        # most of it and their ends tell actors apart), each row as tall as its text.
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(self._on_activated)
        self.empty = QLabel("<i>No changes recorded yet.</i>", self)
        self.empty.setContentsMargins(8, 8, 8, 8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        if load:
            self.refresh()

    def refresh(self) -> None:
        records = self.repo.history(limit=HISTORY_LIMIT)
        self.model.set_rows(records, self.repo.describe_changes(records))
        self.empty.setVisible(not records)
        self.table.setVisible(bool(records))

    def row_texts(self) -> list[tuple[str, str, str]]:
        """(when, who, what) of each row as the table shows them (for tests and the self-test)."""
        return [
            (self.model.data(self.model.index(r, 0)), record.who or "—", self.model.texts[r])
            for r, record in enumerate(self.model.records)
        ]

    def _on_activated(self, index: QModelIndex) -> None:
        record = self.model.records[index.row()]
        if record.action == "delete":
            return
        if record.table == "actor":
            self.sigActorActivated.emit(record.row_id)
        elif record.table == "relationship":
            self.sigRelationshipActivated.emit(record.row_id)


if __name__ == "__main__":
    from desktop.ui.preview import run_preview

    raise SystemExit(run_preview(HistoryPanel))
