"""Every relationship line, arrowhead and glow of the map in one item, painted from a cached image.

The lines of a view (and a margin around it, the *cover*) are rendered once into an image at
the current zoom; paints draw that image, so a pan inside the cover, a new selection ring, a
label, or an actor being dragged costs an image blit instead of stroking a thousand dashed,
antialiased lines again. The lines of actors being dragged or just dropped are drawn on top,
from arrays, every paint (the *overlay*): moving one actor redraws its own lines, not the map.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QImage, QPainter, QPen

if TYPE_CHECKING:
    from desktop.ui.graph_view import GraphView


# Pixel size of the count on a collapsed pair's line.
BADGE_FONT_PX = 11


@dataclass
class LineBatch:
    """Lines drawn with one pen: ``xy`` (2k, 2) data units, pairs of points; or, with
    ``connect`` (1 where a point joins the next), polylines (the curves of parallel relationships)."""

    pen: QPen
    z: int
    xy: np.ndarray
    antialias: bool = True
    connect: np.ndarray | None = None

    def count(self) -> int:
        """How many lines (or polylines) the batch draws."""
        return len(self.xy) // 2 if self.connect is None else int((self.connect == 0).sum())


@dataclass
class ArrowBatch:
    """Filled triangles of one colour: ``tri`` (k, 3, 2) data units."""

    brush: QBrush
    z: int
    tri: np.ndarray


@dataclass
class EdgeContent:
    """What the layer draws: line and arrow batches in z order, for the ``cover`` (data units,
    x0, y0, x1, y1) they were laid out for, and count badges (x, y, text) over the lines in
    ``badge_colors`` (fill, text)."""

    lines: list[LineBatch] = field(default_factory=list)
    arrows: list[ArrowBatch] = field(default_factory=list)
    cover: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    badges: list[tuple[float, float, str]] = field(default_factory=list)
    badge_colors: tuple[QColor, QColor] = (QColor("white"), QColor("black"))

    def count(self) -> int:
        return sum(b.count() for b in self.lines)


class EdgeLayer(pg.GraphicsObject):
    """The lines under the actors; the view gives it content, it decides when to re-render."""

    def __init__(self, view: GraphView) -> None:
        super().__init__()
        self._view = view
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        # under the ViewBox's item group (symbols, z 0), over its background
        self.setZValue(-10)
        self.content = EdgeContent()
        self.overlay = EdgeContent()
        self._image: QImage | None = None
        self._image_key: tuple | None = None
        self.renders = 0  # how many times the cached image was drawn afresh (tests, benches)

    def boundingRect(self) -> QRectF:  # noqa: N802
        parent = self.parentItem()
        return parent.boundingRect() if parent is not None else QRectF()

    def set_content(self, content: EdgeContent) -> None:
        """New lines: the cached image is drawn again at the next paint."""
        self.content = content
        self._image = None
        self.update()

    def set_overlay(self, overlay: EdgeContent) -> None:
        """Lines drawn over the cached image, afresh every paint (actors being moved)."""
        self.overlay = overlay
        self.update()

    # ------------------------------------------------------------------ painting
    def _transform(self) -> tuple[float, float, float]:
        """(scale, dx, dy): ViewBox pixels = (x * scale + dx, -y * scale + dy) for data (x, y)."""
        t = self._view.vb.childGroup.transform()
        return t.m11(), t.dx(), t.dy()

    def paint(self, painter: QPainter, *_args) -> None:  # noqa: ANN002
        s, dx, dy = self._transform()
        if s <= 0:
            return
        content = self.content
        if content.lines or content.arrows or content.badges:
            x0, y0, x1, y1 = content.cover
            key = (id(content), float(f"{s:.9e}"))
            if self._image is None or self._image_key != key:
                self._image = self._render(content, s)
                self._image_key = key
            if self._image is not None:
                # the image's top-left corner is the cover's (x0, y1) corner
                painter.drawImage(QPointF(x0 * s + dx, -y1 * s + dy), self._image)
        if self.overlay.lines or self.overlay.arrows or self.overlay.badges:
            painter.save()
            painter.translate(dx, dy)
            _draw(painter, self.overlay, s, 0.0, 0.0)
            painter.restore()

    def paint_cached(self, painter: QPainter) -> None:
        """Paint the lines as the last paint drew them, without laying them out or rendering
        them again: the cached image is scaled to the current zoom (for the image the map is
        drawn from while the user pans or zooms, desktop.ui.map_snapshot)."""
        s, dx, dy = self._transform()
        content = self.content
        if s <= 0:
            return
        if (content.lines or content.arrows) and self._image is None:
            self.paint(painter)  # nothing cached yet: render it now, once
            return
        if self._image is not None:
            x0, y0, x1, y1 = content.cover
            target = QRectF(x0 * s + dx, -y1 * s + dy, (x1 - x0) * s, (y1 - y0) * s)
            painter.drawImage(target, self._image, QRectF(self._image.rect()))
        if self.overlay.lines or self.overlay.arrows:
            painter.save()
            painter.translate(dx, dy)
            _draw(painter, self.overlay, s, 0.0, 0.0)
            painter.restore()

    def _render(self, content: EdgeContent, s: float) -> QImage | None:
        x0, y0, x1, y1 = content.cover
        w = int(np.ceil((x1 - x0) * s))
        h = int(np.ceil((y1 - y0) * s))
        if w <= 0 or h <= 0 or w * h > 40_000_000:
            return None
        image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        p = QPainter(image)
        try:
            # data (x, y) -> image (x * s - x0 * s, -y * s + y1 * s)
            _draw(p, content, s, -x0 * s, y1 * s)
        finally:
            p.end()
        self.renders += 1
        return image


def _draw(p: QPainter, content: EdgeContent, s: float, ox: float, oy: float) -> None:
    """Draw ``content`` with data (x, y) at painter pixels (x * s + ox, -y * s + oy)."""
    items: list[tuple[int, int, object]] = [(b.z, 0, b) for b in content.lines]
    items += [(a.z, 1, a) for a in content.arrows]
    items.sort(key=lambda t: (t[0], t[1]))
    for _z, kind, item in items:
        if kind == 0:
            batch: LineBatch = item  # type: ignore[assignment]
            if len(batch.xy) == 0:
                continue
            x = batch.xy[:, 0] * s + ox
            y = -batch.xy[:, 1] * s + oy
            p.setRenderHint(QPainter.RenderHint.Antialiasing, batch.antialias)
            p.setPen(batch.pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(pg.arrayToQPath(x, y, connect="pairs" if batch.connect is None else batch.connect))
        else:
            arrows: ArrowBatch = item  # type: ignore[assignment]
            if len(arrows.tri) == 0:
                continue
            tri = arrows.tri
            pts = np.concatenate([tri, tri[:, :1]], axis=1).reshape(-1, 2)
            connect = np.tile(np.array([1, 1, 1, 0], dtype=np.int32), len(tri))
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(arrows.brush)
            p.drawPath(pg.arrayToQPath(pts[:, 0] * s + ox, -pts[:, 1] * s + oy, connect=connect))
    if content.badges:
        _draw_badges(p, content, s, ox, oy)


def _draw_badges(p: QPainter, content: EdgeContent, s: float, ox: float, oy: float) -> None:
    """A rounded count over each collapsed pair's line, outlined in the text colour."""
    fill, ink = content.badge_colors
    font = QFont(p.font())
    font.setPixelSize(BADGE_FONT_PX)
    font.setBold(True)
    p.setFont(font)
    metrics = QFontMetricsF(font)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for x, y, text in content.badges:
        w = max(metrics.horizontalAdvance(text) + 10.0, metrics.height() + 4.0)
        h = metrics.height() + 4.0
        box = QRectF(x * s + ox - w / 2, -y * s + oy - h / 2, w, h)
        p.setPen(QPen(ink, 1.2))
        p.setBrush(QBrush(fill))
        p.drawRoundedRect(box, h / 2, h / 2)
        p.setPen(ink)
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
