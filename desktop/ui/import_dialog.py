"""The Import dialog: article files (picked or dropped) or pasted text, imported off the GUI thread.

``python -m desktop.ui.import_dialog`` opens it on a seeded workspace in a temporary folder.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.extract.formats import FILE_FILTER, article_from_text
from desktop.extract.ingest import BatchResult, FileOutcome
from desktop.extract.reader import ArticleFile
from desktop.model import Change, RelmapError, Repository
from desktop.ui.import_worker import ImportWorker
from desktop.ui.plaintext import plain_label


def dropped_paths(mime: QMimeData) -> list[Path]:
    """Local files (not folders) named by a drag-and-drop; use it in the main window's dropEvent."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


class _FileList(QListWidget):
    """The files to import; accepts files dropped from a file manager."""

    sigDropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setSpacing(2)

    def paintEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        super().paintEvent(event)
        if self.count() == 0:  # an empty list says what it is for
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                self.viewport().rect(), Qt.AlignmentFlag.AlignCenter, "Drop article files here\nor use Add files…"
            )
            painter.end()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        paths = dropped_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.sigDropped.emit(paths)


class ImportDialog(QDialog):
    """Pick or drop article files, or paste one article with its title, source and date; import
    them with a progress bar and Cancel. ``sigImported(Change)`` tells the window what to refresh."""

    sigImported = Signal(object)  # Change: articles, actors, relationships and evidence added

    def __init__(self, repo: Repository, parent: QWidget | None = None, *, paths: Iterable[Path | str] = ()) -> None:
        super().__init__(parent)
        self.repo = repo
        self.setWindowTitle("Import articles")
        self.setAcceptDrops(True)
        self.resize(720, 560)
        self.last_result: BatchResult | None = None
        self.worker = ImportWorker(repo, self)
        self.worker.sigProgress.connect(self._on_progress)
        self.worker.sigFinished.connect(self._on_finished)
        self.worker.sigFailed.connect(self._on_failed)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._files_tab(), "Files")
        self.tabs.addTab(self._paste_tab(), "Paste text")

        self.progress = QProgressBar(self)
        self.progress.setTextVisible(True)
        self.progress.setFormat("%v of %m")
        self.progress.hide()
        self.status = plain_label(QLabel(self))  # quotes file names and titles
        self.status.setWordWrap(True)
        self.log = QPlainTextEdit(self)
        self.log.setReadOnly(True)
        self.log.setPlaceholderText("What each import added appears here.")
        self.log.setMaximumBlockCount(5000)
        self.log.setFixedHeight(self.fontMetrics().lineSpacing() * 6 + 12)

        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setDefault(True)
        self.cancel_button = self.buttons.addButton("Close", QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.log)
        layout.addWidget(self.buttons)
        self.add_paths(paths)
        self._update_buttons()

    # ------------------------------------------------------------------ building
    def _files_tab(self) -> QWidget:
        page = QWidget(self)
        hint = QLabel(
            "Articles as .txt, .md, .html (saved from a browser) or .pdf. "
            "Drop files here or add them; each becomes one article with the relationships it proposes.",
            page,
        )
        hint.setWordWrap(True)
        self.file_list = _FileList(page)
        self.file_list.sigDropped.connect(self.add_paths)
        self.file_list.model().rowsInserted.connect(self._update_buttons)
        self.file_list.model().rowsRemoved.connect(self._update_buttons)
        add = self.add_button = QPushButton("Add files…", page)
        add.clicked.connect(self._on_add_files)
        self.remove_button = QPushButton("Remove", page)
        self.remove_button.setShortcut(QKeySequence.StandardKey.Delete)
        self.remove_button.clicked.connect(self._on_remove)
        clear = QPushButton("Clear", page)
        clear.clicked.connect(self.file_list.clear)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(self.remove_button)
        row.addWidget(clear)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(hint)
        layout.addWidget(self.file_list, 1)
        layout.addLayout(row)
        return page

    def _paste_tab(self) -> QWidget:
        page = QWidget(self)
        self.title_edit = QLineEdit(page)
        self.title_edit.setPlaceholderText("Headline (taken from the first line when empty)")
        self.source_edit = QLineEdit(page)
        self.source_edit.setPlaceholderText("Publisher or URL")
        self.date_edit = QLineEdit(page)
        self.date_edit.setPlaceholderText("YYYY-MM-DD")
        self.date_edit.setMaxLength(10)
        self.date_edit.setFixedWidth(self.fontMetrics().horizontalAdvance("0000-00-00") + 40)
        self.date_edit.textChanged.connect(self._update_buttons)
        self.text_edit = QPlainTextEdit(page)
        self.text_edit.setPlaceholderText("Paste the article text here.")
        self.text_edit.textChanged.connect(self._update_buttons)
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("&Title:", self.title_edit)
        form.addRow("&Source:", self.source_edit)
        form.addRow("&Date:", self.date_edit)
        form.addRow("Te&xt:", self.text_edit)
        return page

    # ------------------------------------------------------------------ public
    def add_paths(self, paths: Iterable[Path | str]) -> None:
        """Queue files for import (duplicates are listed once) and show the Files tab."""
        have = {self.file_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.file_list.count())}
        added = False
        for path in paths:
            path = Path(path).expanduser().absolute()  # the worker must not depend on the working folder
            if str(path) in have:
                continue
            item = QListWidgetItem(f"{path.name}    —  {path.parent}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            self.file_list.addItem(item)
            have.add(str(path))
            added = True
        if added:
            self.tabs.setCurrentIndex(0)
        self._update_buttons()

    def paths(self) -> list[Path]:
        return [Path(self.file_list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.file_list.count())]

    def start(self) -> bool:
        """Import what the current tab holds; False (with the reason shown) if nothing can start."""
        if self.worker.is_running():
            return False
        items: list[Path | ArticleFile]
        if self.tabs.currentIndex() == 0:
            items = list(self.paths())
            if not items:
                self._say("Add or drop some files first.")
                return False
        else:
            try:
                items = [self.pasted_article()]
            except (RelmapError, ValueError) as exc:
                self._say(str(exc), error=True)
                return False
        self.progress.setRange(0, len(items))
        self.progress.setValue(0)
        self.progress.show()
        self._say(f"Importing {len(items)} article{'s' if len(items) != 1 else ''}…")
        self.worker.start(items)
        self._update_buttons()
        return True

    def pasted_article(self) -> ArticleFile:
        """The pasted article with its fields; ValueError names what is wrong."""
        raw_date = self.date_edit.text().strip()
        published = None
        if raw_date:
            try:
                published = date.fromisoformat(raw_date)
            except ValueError:
                raise ValueError(f"The date must look like 2022-01-08, not {raw_date!r}.") from None
        return article_from_text(
            self.text_edit.toPlainText(),
            title=self.title_edit.text(),
            source=self.source_edit.text(),
            published=published,
        )

    def cancel_import(self) -> None:
        if self.worker.is_running():
            self.worker.cancel()
            self.cancel_button.setEnabled(False)
            self._say("Stopping after the current article…")

    # ------------------------------------------------------------------ drag and drop on the whole dialog
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        paths = dropped_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)

    # ------------------------------------------------------------------ slots
    def _on_add_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Add articles", "", FILE_FILTER)
        self.add_paths(names)

    def _on_remove(self) -> None:
        for item in self.file_list.selectedItems():
            self.file_list.takeItem(self.file_list.row(item))

    def _on_cancel_clicked(self) -> None:
        if self.worker.is_running():
            self.cancel_import()
        else:
            self.reject()

    def _on_progress(self, done: int, total: int, outcome: FileOutcome) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        name = outcome.path.name if outcome.path.name else str(outcome.path)
        if outcome.error is not None:
            self.log.appendPlainText(f"✗ {outcome.error}")
        elif outcome.result is not None:
            res = outcome.result
            where = f"article {res.article_id} “{res.title}”" if res.new_article else f"article {res.article_id}"
            self.log.appendPlainText(f"✓ {name} → {where}: {res.added()}")

    def _on_finished(self, result: BatchResult) -> None:
        self.worker.wait()
        self.last_result = result
        done = len(result.outcomes)
        parts = [f"{result.imported} article{'s' if result.imported != 1 else ''} imported"]
        unchanged = sum(1 for o in result.outcomes if o.result is not None and not o.result.new_article)
        if unchanged:
            parts.append(f"{unchanged} already in the workspace")
        if result.failed:
            parts.append(f"{result.failed} refused")
        proposals = sum(o.result.new_relationships for o in result.outcomes if o.result is not None)
        parts.append(f"{proposals} new proposal{'s' if proposals != 1 else ''} to review")
        prefix = f"Stopped after {done} of {result.total}: " if result.stopped else "Done: "
        self._say(prefix + ", ".join(parts) + ".", error=bool(result.failed))
        if self.tabs.currentIndex() == 0 and not result.stopped:
            self.file_list.clear()
        elif self.tabs.currentIndex() == 1 and result.imported:
            self.text_edit.clear()
            self.title_edit.clear()
            self.source_edit.clear()
            self.date_edit.clear()
        self.cancel_button.setEnabled(True)
        self._update_buttons()
        change = result.change
        if change:
            self.sigImported.emit(change)

    def _on_failed(self, message: str) -> None:
        self.worker.wait()
        self._say(message, error=True)
        self.cancel_button.setEnabled(True)
        self._update_buttons()
        self.sigImported.emit(Change())  # some articles may have landed before the failure

    def _say(self, message: str, *, error: bool = False) -> None:
        self.status.setText(message)
        self.status.setStyleSheet("color: #c0392b;" if error else "")

    def _update_buttons(self, *_args) -> None:  # noqa: ANN002 - connected to signals with arguments
        running = self.worker.is_running()
        self.import_button.setEnabled(not running)
        self.tabs.setEnabled(not running)
        self.cancel_button.setText("Cancel import" if running else "Close")

    # ------------------------------------------------------------------ closing
    def reject(self) -> None:
        """Escape or Close: a running import is cancelled first (complete articles stay)."""
        if self.worker.is_running():
            self.cancel_import()
            self.worker.wait()
        super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        self.worker.shutdown()
        super().closeEvent(event)


def open_import_dialog(
    repo: Repository, parent: QWidget | None = None, *, paths: Iterable[Path | str] = (), start: bool = False
) -> ImportDialog:
    """Show the (non-modal) Import dialog, optionally with files queued and already importing.

    For File > Import… call it without paths; for files dropped on the main window, with
    ``paths=dropped_paths(event.mimeData()), start=True``. The dialog deletes itself when closed.
    """
    dialog = ImportDialog(repo, parent, paths=paths)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    if start and dialog.paths():
        dialog.start()
    return dialog


def _preview() -> int:
    import tempfile

    from PySide6.QtWidgets import QApplication

    from desktop.seed import open_user_workspace

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="relmap-import-") as tmp:
        repo = open_user_workspace(Path(tmp) / "preview.relmap")
        try:
            dialog = ImportDialog(repo, paths=[Path(p) for p in sys.argv[1:]])
            dialog.log.appendPlainText("(preview on a seeded workspace in a temporary folder)")
            dialog.show()
            return app.exec()
        finally:
            repo.close()


if __name__ == "__main__":
    sys.exit(_preview())
