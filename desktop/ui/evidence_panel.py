"""Evidence dock: every excerpt behind the selected relationship, in its sentence, highlighted."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from desktop.graph.excerpts import excerpt_context
from desktop.model import NotFoundError, Repository
from desktop.model.records import RelationshipRecord
from desktop.ui.history_panel import authorship
from desktop.ui.theme import current_theme


class EvidencePanel(QWidget):
    """Shows one relationship's excerpts; links open the article or remove an excerpt."""

    sigOpenArticle = Signal(int, int, int)  # article id, start, end
    sigRemoveEvidence = Signal(int)  # evidence id

    def __init__(self, repo: Repository, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.relationship_id: int | None = None
        self._texts: dict[int, str] = {}
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("evidenceBrowser")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._on_link)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self.show_relationship(None)

    def _article_text(self, article_id: int) -> str:
        if article_id not in self._texts:
            self._texts[article_id] = self.repo.get_article(article_id).text or ""
        return self._texts[article_id]

    def forget_articles(self, article_ids=None) -> None:  # noqa: ANN001
        """Drop cached article texts (all, or the given ids) after articles changed."""
        if article_ids is None:
            self._texts.clear()
        for a in article_ids or ():
            self._texts.pop(a, None)

    def refresh(self) -> None:
        self.show_relationship(self.relationship_id)

    def show_relationship(self, rel_id: int | None) -> None:
        self.relationship_id = rel_id
        rel = None
        if rel_id is not None:
            try:
                rel = self.repo.get_relationship(rel_id)
            except NotFoundError:
                self.relationship_id = None
        if rel is None:
            self.browser.setHtml(
                self._page("<p class='hint'>Click a line on the map to read the evidence behind that relationship.</p>")
            )
            return
        self.browser.setHtml(self._page(self._relationship_html(rel)))

    def plain_text(self) -> str:
        return self.browser.toPlainText()

    def _relationship_html(self, rel: RelationshipRecord) -> str:
        rtype = self.repo.relation_type(rel.type)
        arrow = "→" if rel.directed else "—"
        status_class = {"confirmed": "ok", "proposed": "prop", "rejected": "rej"}.get(rel.status, "")
        parts = [
            f"<p class='head'><b>{escape(rel.source)}</b> <span style='color:{rtype.color}'>{arrow} "
            f"{escape(rtype.label)} {arrow}</span> <b>{escape(rel.target)}</b></p>",
            f"<p class='meta'><span class='{status_class}'>{escape(rel.status)}</span> · confidence "
            f"{rel.confidence:.2f} · {len(rel.evidence)} excerpt{'s' if len(rel.evidence) != 1 else ''}"
            + (
                f" · valid {escape(rel.valid_from or '…')} – {escape(rel.valid_to or '…')}"
                if rel.valid_from or rel.valid_to
                else ""
            )
            + "</p>",
            f"<p class='meta'>{escape(authorship(rel))}</p>",
        ]
        if rel.note:
            parts.append(f"<p class='note'>{escape(rel.note)}</p>")
        if not rel.evidence:
            parts.append(
                "<p class='hint'>No excerpt supports this relationship yet. Select text in an "
                "article and choose “Add relationship from selection…”.</p>"
            )
        for ev in rel.evidence:
            text = self._article_text(ev.article_id)
            lo, hi = excerpt_context(text, ev.start, ev.end)
            before, span, after = text[lo : ev.start], text[ev.start : ev.end], text[ev.end : hi]
            quote = (
                ("…" if lo > 0 else "")
                + escape(before)
                + f"<span class='hl'>{escape(span)}</span>"
                + escape(after)
                + ("…" if hi < len(text) else "")
            )
            when = f"{ev.article_published.day} {ev.article_published:%b %Y}" if ev.article_published else "undated"
            source = f" · {escape(ev.article_source)}" if ev.article_source else ""
            parts.append(
                "<table class='ev' width='100%' cellspacing='0' cellpadding='8'><tr><td>"
                f"<p class='quote'>{quote.replace(chr(10), '<br>')}</p>"
                f"<p class='src'><b>{escape(ev.article_title)}</b><br>{when}{source}"
                f"{' · suggested by the extractor' if ev.origin == 'extractor' else ''}"
                f"{' · ' + escape(authorship(ev)) if ev.created_by else ''}</p>"
                f"<p class='links'><a href='open:{ev.article_id}:{ev.start}:{ev.end}'>Open in article</a>"
                f" &nbsp;·&nbsp; <a href='remove:{ev.id}'>Remove excerpt</a></p>"
                "</td></tr></table>"
            )
        return "".join(parts)

    def _page(self, body: str) -> str:
        t = current_theme()
        pal = self.palette()
        muted = t.muted_text
        return (
            "<html><head><style>"
            f"body {{ color: {pal.text().color().name()}; }}"
            "p { margin: 0 0 6px 0; }"
            ".head { font-size: 13pt; margin-bottom: 2px; }"
            f".meta, .src {{ color: {muted}; font-size: 9pt; }}"
            f".hint {{ color: {muted}; font-style: italic; margin-top: 12px; }}"
            ".ok { color: #2e8b57; font-weight: 600; } .prop { color: #b7791f; font-weight: 600; }"
            ".rej { color: #c0392b; font-weight: 600; }"
            ".quote { font-size: 10.5pt; line-height: 140%; }"
            f".hl {{ background-color: {t.highlight}; color: {t.highlight_text}; }}"
            f".ev {{ background-color: {pal.alternateBase().color().name()}; margin-top: 10px; }}"
            ".links { font-size: 9pt; }"
            "</style></head><body>" + body + "</body></html>"
        )

    def _on_link(self, url: QUrl) -> None:
        parts = url.toString().split(":")
        if parts[0] == "open" and len(parts) == 4:
            self.sigOpenArticle.emit(int(parts[1]), int(parts[2]), int(parts[3]))
        elif parts[0] == "remove" and len(parts) == 2:
            self.sigRemoveEvidence.emit(int(parts[1]))


if __name__ == "__main__":
    from desktop.ui.preview import run_preview

    def _make(repo: Repository) -> EvidencePanel:
        panel = EvidencePanel(repo)
        panel.show_relationship(repo.list_relationships(types=["successor-of"])[0].id)
        return panel

    raise SystemExit(run_preview(_make))
