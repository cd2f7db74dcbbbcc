"""Actor dock: the selected actor's kind, other names, notes and relationships."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.model import NotFoundError, Repository
from desktop.ui.history_panel import authorship
from desktop.ui.plaintext import plain_tip


class ActorPanel(QWidget):
    """Shows one actor; activating one of its relationships asks the window to select it."""

    sigRelationshipActivated = Signal(int)

    def __init__(self, repo: Repository, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.actor_id: int | None = None
        self.header = QLabel(self)
        self.header.setObjectName("actorHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.header.setContentsMargins(8, 8, 8, 4)
        self.header.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.relationships = QListWidget(self)
        self.relationships.setObjectName("actorRelationships")
        self.relationships.setAlternatingRowColors(True)
        self.relationships.itemActivated.connect(self._on_item)
        self.relationships.itemClicked.connect(self._on_item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.header)
        layout.addWidget(self.relationships, 1)
        layout.addStretch(0)
        self.show_actor(None)

    def refresh(self) -> None:
        self.show_actor(self.actor_id)

    def show_actor(self, actor_id: int | None) -> None:
        self.actor_id = actor_id
        self.relationships.clear()
        actor = None
        if actor_id is not None:
            try:
                actor = self.repo.get_actor(actor_id)
            except NotFoundError:
                self.actor_id = None
        if actor is None:
            self.header.setText("<i>Click an actor on the map to see who they are and how they are linked.</i>")
            self.relationships.hide()
            return
        try:
            kind = self.repo.actor_kind(actor.kind)
            colour, kind_name = kind.color, kind.label
        except NotFoundError:
            colour, kind_name = "#8a8f98", actor.kind
        aka = f"<br>also known as {escape(', '.join(actor.aliases))}" if actor.aliases else ""
        notes = f"<p>{escape(actor.notes)}</p>" if actor.notes else ""
        pinned = " · pinned on the map" if actor.pinned else ""
        muted = self.palette().placeholderText().color().name()
        self.header.setText(
            f"<p style='font-size:14pt; font-weight:600; margin:0'>{escape(actor.name)}</p>"
            f"<p style='margin:2px 0'><span style='color:{colour}; font-weight:600'>{escape(kind_name)}</span>"
            f" · {actor.degree} relationship{'s' if actor.degree != 1 else ''}{pinned}{aka}</p>{notes}"
            f"<p style='margin:4px 0 0 0; color:{muted}; font-size:9pt'>{escape(authorship(actor))}</p>"
        )
        for rel in self.repo.list_relationships(actor_id=actor_id, with_evidence=False):
            rtype = self.repo.relation_type(rel.type)
            if rel.source_id == actor_id:
                text = f"{rtype.label} {rel.target}"
            else:
                text = f"{rtype.inverse_label} {rel.source}"
            if rel.status != "confirmed":
                text += f"   ({rel.status})"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, rel.id)
            item.setForeground(self.palette().text())
            item.setToolTip(plain_tip(f"{rel.source} — {rtype.label} — {rel.target}"))
            self.relationships.addItem(item)
        self.relationships.setVisible(self.relationships.count() > 0)

    def _on_item(self, item: QListWidgetItem) -> None:
        self.sigRelationshipActivated.emit(int(item.data(Qt.ItemDataRole.UserRole)))


if __name__ == "__main__":
    from desktop.ui.preview import run_preview

    def _make(repo: Repository) -> ActorPanel:
        panel = ActorPanel(repo)
        actor = repo.find_actor("Nazarbayev")  # on the seed workspace
        if actor is not None:
            panel.show_actor(actor.id)
        return panel

    raise SystemExit(run_preview(_make))
