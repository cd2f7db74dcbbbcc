"""Small pictures of what the map draws, for lists and combo boxes: an actor kind's symbol in its
colour, a relationship type's line. Drawn with the map legend's own painter, so a kind looks the
same in the Actor dialog, the kinds dialog and on the map."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from desktop.graph.scene import SHAPE_SYMBOL
from desktop.ui.map_legend import draw_symbol
from desktop.ui.theme import current_theme


def _canvas(width: int, height: int) -> tuple[QPixmap, QPainter]:
    pixmap = QPixmap(width * 2, height * 2)  # drawn at twice the size: sharp on high-DPI screens
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    return pixmap, painter


def _icon(pixmap: QPixmap) -> QIcon:
    """The same picture when its row is selected (styles otherwise tint it, washing the colour out)."""
    icon = QIcon(pixmap)
    icon.addPixmap(pixmap, QIcon.Mode.Selected)
    return icon


def kind_icon(shape: str, color: str, size: int = 16) -> QIcon:
    """An actor kind's symbol (tables.ACTOR_SHAPES name) filled with its colour."""
    pixmap, p = _canvas(size, size)
    p.setPen(QPen(QColor(current_theme().node_outline), 1.0))
    p.setBrush(QColor(color))
    draw_symbol(p, SHAPE_SYMBOL.get(shape, "o"), size / 2, size / 2, size * 0.36)
    p.end()
    return _icon(pixmap)


def color_swatch(color: str, width: int = 28, height: int = 14) -> QIcon:
    """A rectangle of ``color`` with a thin outline (the colour buttons)."""
    pixmap, p = _canvas(width, height)
    p.setPen(QPen(QColor(current_theme().muted_text), 1.0))
    p.setBrush(QColor(color))
    p.drawRoundedRect(QRectF(0.5, 0.5, width - 1, height - 1), 2, 2)
    p.end()
    return _icon(pixmap)


def type_icon(color: str, directed: bool, width: int = 24, height: int = 16) -> QIcon:
    """A relationship type's line in its colour, with an arrowhead when it has a direction."""
    pixmap, p = _canvas(width, height)
    cy = height / 2
    p.setPen(QPen(QColor(color), 2.2))
    p.drawLine(QPointF(2, cy), QPointF(width - (7 if directed else 2), cy))
    if directed:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(color))
        path = QPainterPath(QPointF(width - 1, cy))
        path.lineTo(QPointF(width - 8, cy - 4))
        path.lineTo(QPointF(width - 8, cy + 4))
        path.closeSubpath()
        p.drawPath(path)
    p.end()
    return _icon(pixmap)
