"""Proposals dock: relationships awaiting review, most confident first.

A simple functional list for now; the full review queue replaces this file later, keeping
``ProposalsPanel(repo)``, ``refresh()`` and ``sigRelationshipActivated(int)``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.model import Repository


MAX_ROWS = 500


class ProposalsPanel(QWidget):
    """Relationships with status "proposed", sorted by confidence (highest first)."""

    sigRelationshipActivated = Signal(int)

    def __init__(self, repo: Repository, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.summary = QLabel(self)
        self.summary.setContentsMargins(8, 6, 8, 2)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("proposalList")
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setHeaderLabels(["Type", "Source", "Target", "Confidence"])
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self.tree.itemActivated.connect(self._on_item)
        self.tree.itemClicked.connect(self._on_item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        self.refresh()

    def refresh(self) -> None:
        rels = sorted(self.repo.list_relationships(statuses=["proposed"], with_evidence=False),
                      key=lambda r: (-r.confidence, r.id))
        self.tree.clear()
        shown = rels[:MAX_ROWS]  # a list nobody scrolls to the end of need not be built
        for r in shown:
            item = QTreeWidgetItem([r.type, r.source, r.target, f"{r.confidence:.2f}"])
            item.setData(0, Qt.ItemDataRole.UserRole, r.id)
            item.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.tree.addTopLevelItem(item)
        more = f" (the {MAX_ROWS} most confident shown)" if len(rels) > MAX_ROWS else ""
        self.summary.setText(f"{len(rels)} relationship{'s' if len(rels) != 1 else ''} to review{more}" if rels
                             else "<i>Nothing to review: no proposed relationships.</i>")

    def count(self) -> int:
        return self.tree.topLevelItemCount()

    def _on_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.sigRelationshipActivated.emit(int(item.data(0, Qt.ItemDataRole.UserRole)))


if __name__ == "__main__":
    from desktop.ui.preview import run_preview

    raise SystemExit(run_preview(ProposalsPanel))
