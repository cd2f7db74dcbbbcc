"""The conflict prompt: someone else changed what you were editing. Yours and theirs, field by
field; keep either (Kumu-style). Shown by the edit controller when the repository refuses an
edit based on a version that is no longer the stored one (ConflictError)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.model import ConflictError

# Field names as the investigator knows them.
FIELD_NAMES = {
    "name": "Name",
    "kind": "Kind",
    "notes": "Notes",
    "status": "Status",
    "confidence": "Confidence",
    "note": "Note",
    "valid_from": "Valid from",
    "valid_to": "Valid to",
    "type_id": "Type",
    "source_id": "From actor",
    "target_id": "To actor",
    "title": "Title",
    "source": "Source",
    "published": "Published",
    "label": "Label",
    "inverse_label": "Inverse label",
    "color": "Colour",
}


def _shown(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


class ConflictDialog(QDialog):
    """Yours and theirs side by side; ``choice`` is "mine" or "theirs" after exec()."""

    def __init__(self, conflict: ConflictError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Someone else changed this")
        self.setObjectName("conflictDialog")
        self.conflict = conflict
        self.choice = "theirs"
        who = escape(conflict.changed_by) if conflict.changed_by else "another investigator"
        what = escape(conflict.what)
        gone = conflict.theirs is None
        if gone:
            text = (
                f"<p><b>{what}</b> was deleted by <b>{who}</b> while you were editing it.</p>"
                "<p>Your change cannot be applied.</p>"
            )
        else:
            text = (
                f"<p><b>{who}</b> changed <b>{what}</b> while you were editing it.</p>"
                "<p>Keep your version, or keep theirs and drop yours?</p>"
            )
        self.message = QLabel(text, self)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("conflictFields")
        self.table.setHorizontalHeaderLabels(["Field", "Yours", f"Theirs ({conflict.changed_by or 'now stored'})"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to pick: no current-cell highlight
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for field, mine in conflict.mine.items():
            theirs = None if conflict.theirs is None else conflict.theirs.get(field)
            row = self.table.rowCount()
            self.table.insertRow(row)
            name = str(field)  # (the conflict's dicts are untyped; their keys are column names)
            cells = (FIELD_NAMES.get(name, name), _shown(mine), "(deleted)" if gone else _shown(theirs))
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                # a long value wraps onto lines read from the top (centred, its start can sit below view)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                if column and not gone and mine != theirs:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(conflict.mine))
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(self)
        if gone:
            ok = buttons.addButton("Drop my change", QDialogButtonBox.ButtonRole.RejectRole)
            ok.setDefault(True)
        else:
            self.keep_mine = buttons.addButton("Keep mine", QDialogButtonBox.ButtonRole.AcceptRole)
            self.keep_mine.setObjectName("keepMine")
            self.keep_theirs = buttons.addButton("Keep theirs", QDialogButtonBox.ButtonRole.RejectRole)
            self.keep_theirs.setObjectName("keepTheirs")
            self.keep_theirs.setDefault(True)
            self.keep_mine.clicked.connect(lambda: setattr(self, "choice", "mine"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Rows are measured once the columns have their widths (before, every column is narrow
        # and a wrapped value makes a row so tall that the table shows only its empty top).
        header.sectionResized.connect(lambda *_: self._fit_rows())
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        self.resize(min(720, int(screen.width() * 0.8)) if screen is not None else 640, 10)

    def _fit_rows(self) -> None:
        """Rows as tall as their wrapped values; the table as tall as its rows (long notes scroll)."""
        self.table.resizeRowsToContents()
        rows = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        height = self.table.horizontalHeader().height() + rows + 2 * self.table.frameWidth()
        self.table.setFixedHeight(min(height, 280))

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        super().showEvent(event)
        self._fit_rows()
        self.resize(self.width(), self.sizeHint().height())

    def fields(self) -> list[tuple[str, str, str]]:
        """The table as shown: (field, yours, theirs) per row."""

        def text(row: int, column: int) -> str:
            item = self.table.item(row, column)
            return item.text() if item is not None else ""

        return [(text(r, 0), text(r, 1), text(r, 2)) for r in range(self.table.rowCount())]


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    demo = ConflictError(
        "actor “Ada Example”",
        table="actor",
        row_id=1,
        expected_version=2,
        current_version=3,
        changed_by="ben",
        mine={"name": "Ada Example Ltd", "notes": "met in March"},
        theirs={"name": "Ada Example Holdings", "notes": "met in March"},
    )
    dialog = ConflictDialog(demo)
    dialog.show()
    raise SystemExit(app.exec())
