"""The evidence report: the map with numbered relationships, then every excerpt behind each number.

Page 1 is the map (A4 landscape) with a citation badge on each relationship (the line of a pair
folded as on screen carries the numbers of all its relationships, "12–16"); the appendix pages
(A4 portrait) list, for each number, the type, the two actors, the status and every excerpt
with its article's title, date and source. Text is wrapped to the page, over-long words are
broken, a citation's heading is never left alone at the bottom of a page, and every page
carries "page X of N".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPageLayout, QPainter, QPen

from desktop.export.mapdata import MapData, MapRelationship
from desktop.export.render import (
    MUTED,
    TEXT,
    RenderOptions,
    _Units,
    ensure_gui_application,
    keep_none_alive,
    paint_map,
    pdf_writer,
    wrap_text,
)
from desktop.export.style import write_atomically
from desktop.model.titles import article_label

RESOLUTION = 1200
MARGIN_PT = (54.0, 50.0, 54.0, 58.0)  # left, top, right, bottom; the footer sits in the bottom margin


@dataclass
class _Line:
    text: str
    font: QFont
    color: QColor
    indent: float
    height: float
    bar: QColor | None = None  # a coloured rule left of quoted excerpts


@dataclass
class _Block:
    """Lines that belong together; ``keep`` leading lines must share a page with what follows."""

    lines: list[_Line] = field(default_factory=list)
    space_before: float = 0.0
    keep: int = 0


class _Styles:
    def __init__(self, u: _Units) -> None:
        self.u = u
        self.h1 = u.font(15, bold=True)
        self.h2 = u.font(10, bold=True)
        self.body = u.font(9)
        self.quote = u.font(9, italic=True)
        self.meta = u.font(7.5)
        self.small = u.font(7)

    def lines(
        self,
        text: str,
        font: QFont,
        width: float,
        *,
        color: QColor = TEXT,
        indent: float = 0.0,
        bar: QColor | None = None,
        leading: float = 1.25,
    ) -> list[_Line]:
        fm = QFontMetricsF(font)
        return [_Line(t, font, color, indent, fm.height() * leading, bar) for t in wrap_text(text, fm, width - indent)]


UNREVIEWED = "UNREVIEWED"


def _heading(rel: MapRelationship) -> str:
    arrow = "→" if rel.directed else "—"
    mark = f"  [{UNREVIEWED}]" if rel.status == "proposed" else ""
    return f"{rel.number}.  {rel.source} — {rel.label} {arrow} {rel.target}{mark}"


def _meta(rel: MapRelationship) -> str:
    status = "proposed by Relmap from the text, not reviewed" if rel.status == "proposed" else rel.status
    parts = [
        status,
        f"confidence {rel.confidence:.2f}",
        f"{rel.evidence_count} excerpt{'s' if rel.evidence_count != 1 else ''}",
    ]
    if rel.valid_from or rel.valid_to:
        parts.append(f"valid {rel.valid_from or '…'} to {rel.valid_to or '…'}")
    return " · ".join(parts)


def _appendix_blocks(data: MapData, st: _Styles, width: float) -> list[_Block]:
    u = st.u
    intro = (
        "Each number is a relationship on the map. Excerpts are quoted exactly as stored, with the article "
        "they come from."
    )
    if data.unreviewed:
        intro += (
            f" Relationships marked {UNREVIEWED} (dashed on the map) are proposals Relmap made from the "
            "articles that nobody has reviewed yet: they are leads, not findings."
        )
    blocks = [
        _Block(st.lines("Evidence appendix", st.h1, width), keep=1),
        _Block(st.lines(intro, st.body, width, color=MUTED), space_before=u(2)),
    ]
    for rel in data.relationships:
        color = QColor(rel.color)
        head = st.lines(_heading(rel), st.h2, width)
        meta = st.lines(_meta(rel), st.meta, width, color=MUTED)
        if rel.note:
            meta += st.lines(f"Note: {rel.note}", st.meta, width, color=MUTED)
        block = _Block(head + meta, space_before=u(14))
        block.keep = len(block.lines)
        if not rel.evidence:
            block.lines += st.lines(
                "No excerpts recorded for this relationship.", st.quote, width, color=MUTED, indent=u(12)
            )
        for i, ev in enumerate(rel.evidence):
            quote = st.lines(f"“{' '.join(ev.text.split())}”", st.quote, width, indent=u(12), bar=color)
            when = ev.article_published.isoformat() if ev.article_published else "undated"
            name = article_label(ev.article_title, ev.article_source, ev.article_published)
            dated = name if name.startswith("Untitled article (") else f"{name} · {when}"
            source = (
                dated
                + (f" · {ev.article_source}" if ev.article_source and ev.article_source != name else "")
                + f" · characters {ev.start}–{ev.end}"
            )
            if rel.status == "proposed":
                source = f"{UNREVIEWED} · {source}"
            cite = st.lines(source, st.meta, width, color=MUTED, indent=u(12))
            if i:
                block.lines.append(_Line("", st.meta, MUTED, 0, u(5)))
            else:
                block.keep += min(len(quote), 2)  # never a heading alone at the foot of a page
            block.lines += quote + cite
        blocks.append(block)
    if not data.relationships:
        blocks.append(
            _Block(st.lines("No relationships match the filters of this report.", st.body, width), space_before=u(10))
        )
        return blocks
    # the articles quoted, once each, for a bibliography
    articles: dict[int, tuple[str, str, str, list[int], str]] = {}
    for rel in data.relationships:
        for ev in rel.evidence:
            when = ev.article_published.isoformat() if ev.article_published else "undated"
            name = article_label(ev.article_title, ev.article_source, ev.article_published)
            entry = articles.setdefault(ev.article_id, (name, ev.article_source, when, [], ev.article_url))
            if rel.number not in entry[3]:
                entry[3].append(rel.number)
    if articles:
        blocks.append(_Block(st.lines("Sources", st.h1, width), space_before=u(22), keep=2))
        for title, source, when, numbers, url in sorted(articles.values(), key=lambda a: (a[2], a[0])):
            cited = ", ".join(str(n) for n in numbers)
            lines = st.lines(title, st.h2, width) + st.lines(
                f"{when}" + (f" · {source}" if source and source != title else "") + f" · cited for {cited}",
                st.meta,
                width,
                color=MUTED,
            )
            if url:
                lines += st.lines(url, st.meta, width, color=MUTED)
            blocks.append(_Block(lines, space_before=u(8), keep=len(lines)))
    return blocks


def _paginate(blocks: list[_Block], height: float) -> list[list[tuple[float, _Line]]]:
    """Lines with their y offsets, page by page."""
    pages: list[list[tuple[float, _Line]]] = [[]]
    y = 0.0
    for block in blocks:
        if pages[-1]:
            y += block.space_before
        keep_h = sum(line.height for line in block.lines[: block.keep])
        if pages[-1] and y + keep_h > height:
            pages.append([])
            y = 0.0
        for line in block.lines:
            if pages[-1] and y + line.height > height:
                pages.append([])
                y = 0.0
            pages[-1].append((y, line))
            y += line.height
    return pages


def _footer(
    p: QPainter, page: QRectF, text: str, number: int, total: int, st: _Styles, *, bottom: float, side: float
) -> None:
    fm = QFontMetricsF(st.small)
    y = page.bottom() - bottom / 2 + fm.ascent() / 2
    p.setFont(st.small)
    p.setPen(MUTED)
    label = f"page {number} of {total}"
    p.drawText(QPointF(page.right() - side - fm.horizontalAdvance(label), y), label)
    p.drawText(QPointF(page.left() + side, y), fm.elidedText(text, Qt.TextElideMode.ElideRight, page.width() * 0.6))


def _citation_key(p: QPainter, rect: QRectF, data: MapData, st: _Styles) -> bool:
    """Under a map that leaves room, a key from each citation number to its relationship, in
    columns; drawn only when every entry fits, so it is never a partial list."""
    u = st.u
    if not data.relationships or rect.height() <= 0:
        return False
    font, head = st.meta, u.font(8, bold=True)
    fm, hfm = QFontMetricsF(font), QFontMetricsF(head)
    line = fm.height() * 1.3

    def entry(rel: MapRelationship) -> str:
        arrow = "→" if rel.directed else "—"
        status = (
            "" if rel.status == "confirmed" else " (unreviewed)" if rel.status == "proposed" else f" ({rel.status})"
        )
        return f"{rel.number}. {rel.source} — {rel.label} {arrow} {rel.target}{status}"

    widest = max(fm.horizontalAdvance(entry(r)) for r in data.relationships) + u(14)
    columns = next((c for c in (3, 2) if rect.width() / c >= widest), 1)
    rows = -(-len(data.relationships) // columns)
    if hfm.height() + u(4) + rows * line > rect.height():
        return False
    p.setFont(head)
    p.setPen(TEXT)
    p.drawText(QPointF(rect.left(), rect.top() + hfm.ascent()), "Key to the numbers on the map")
    top = rect.top() + hfm.height() + u(4)
    col_w = rect.width() / columns
    p.setFont(font)
    for i, rel in enumerate(data.relationships):
        col, row = divmod(i, rows)
        text = entry(rel)
        p.setPen(QColor(rel.color))
        x, y = rect.left() + col * col_w, top + row * line + fm.ascent()
        p.drawText(QPointF(x, y), "■")
        p.setPen(TEXT)
        p.drawText(QPointF(x + u(9), y), fm.elidedText(text, Qt.TextElideMode.ElideRight, col_w - u(14)))
    return True


def write_report(
    data: MapData,
    out: Path | str,
    *,
    title: str | None = None,
    legend: bool = True,
    caption: str | None = None,
    y_up: bool = True,
) -> Path:
    """Write the report PDF to ``out``."""
    ensure_gui_application()
    out = Path(out)
    title = title or f"Relationship map: {data.workspace}"
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = pdf_writer(buffer, landscape=True, title=title)
    writer.setResolution(RESOLUTION)
    u = _Units(RESOLUTION)
    st = _Styles(u)
    portrait_w, portrait_h = u(595.2756), u(841.8898)
    left, top, right, bottom = (u(m) for m in MARGIN_PT)
    text_width = portrait_w - left - right
    pages = _paginate(_appendix_blocks(data, st, text_width), portrait_h - top - bottom)
    total = 1 + len(pages)
    footer_text = f"Relmap evidence report · {data.workspace} · {data.made_on.isoformat()}"

    painter = QPainter(writer)
    try:
        page = QRectF(0, 0, writer.width(), writer.height())
        painted = paint_map(
            painter,
            page.adjusted(0, 0, 0, -u(12)),
            data,
            RenderOptions(title=title, caption=caption, legend=legend, citations=True, flip_y=y_up),
            dpi=RESOLUTION,
        )
        _citation_key(
            painter,
            QRectF(
                page.left() + u(18),
                painted.bottom + u(16),
                page.width() - u(36),
                page.bottom() - u(36) - painted.bottom - u(16),
            ),
            data,
            st,
        )
        _footer(painter, page, footer_text, 1, total, st, bottom=u(30), side=u(18))
        writer.setPageOrientation(QPageLayout.Orientation.Portrait)
        for number, lines in enumerate(pages, start=2):
            keep_none_alive()
            writer.newPage()
            page = QRectF(0, 0, writer.width(), writer.height())
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            for y, line in lines:
                if not line.text:
                    continue
                x = page.left() + left + line.indent
                if line.bar is not None:
                    painter.setPen(QPen(line.bar, u(1.6)))
                    bar_x = page.left() + left + u(4)
                    painter.drawLine(QPointF(bar_x, top + y), QPointF(bar_x, top + y + line.height))
                painter.setFont(line.font)
                painter.setPen(line.color)
                painter.drawText(QPointF(x, top + y + QFontMetricsF(line.font).ascent()), line.text)
            _footer(painter, page, footer_text, number, total, st, bottom=bottom, side=left)
    finally:
        painter.end()
    del writer  # flushes the PDF into the buffer
    return write_atomically({out: bytes(buffer.data().data())})[0]
