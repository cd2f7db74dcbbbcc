"""The main window (minimal until the graph view lands): relationships and their evidence."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QMainWindow, QSplitter, QTextBrowser

from desktop.model import Repository


class MainWindow(QMainWindow):
    """Lists the workspace's relationships; selecting one shows its excerpts."""

    def __init__(self, repo: Repository) -> None:
        super().__init__()
        self.repo = repo
        self.setWindowTitle(f"{repo.path.name} — Relmap")
        self.resize(1200, 800)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.relationship_list = QListWidget(splitter)
        self.evidence_view = QTextBrowser(splitter)
        splitter.setSizes([450, 750])
        self.setCentralWidget(splitter)
        self.relationship_list.currentItemChanged.connect(self._on_relationship_changed)
        for rel in repo.list_relationships():
            arrow = "→" if rel.directed else "—"
            item = QListWidgetItem(f"{rel.source} {arrow} {rel.target}   ({rel.type}, {rel.status})")
            item.setData(Qt.ItemDataRole.UserRole, rel.id)
            self.relationship_list.addItem(item)
        counts = repo.counts()
        self.statusBar().showMessage(f"{counts['actors']} actors · {counts['relationships']} relationships · "
                                     f"{counts['articles']} articles")

    def _on_relationship_changed(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is None:
            self.evidence_view.clear()
            return
        rel = self.repo.get_relationship(item.data(Qt.ItemDataRole.UserRole))
        parts = [f"<h3>{rel.source} — {rel.type} — {rel.target}</h3>"]
        for ev in rel.evidence:
            parts.append(f"<p><i>{ev.article_title}</i> ({ev.article_published or 'undated'})</p>"
                         f"<blockquote>{ev.text}</blockquote>")
        self.evidence_view.setHtml("".join(parts))
