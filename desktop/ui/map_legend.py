"""The map's legend: what the shapes and colours mean, for the kinds and types on screen only."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QWidget

from desktop.graph.scene import KIND_STYLE
from desktop.ui.theme import Theme, current_theme


def color(value: str, alpha: int = 255) -> QColor:
    """``value`` as a QColor with ``alpha``."""
    c = QColor(value)
    c.setAlpha(alpha)
    return c


class MapLegend(QWidget):
    """An overlay in the map's bottom-left corner. ``wanted`` is the user's View > Show Legend;
    the legend shows when wanted and there is something to explain."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("mapLegend")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.kinds: list[str] = []
        self.types: list[tuple[str, str, bool]] = []  # label, colour, directed
        self.proposed = False
        self.wanted = True
        self.theme: Theme = current_theme()
        self._row_h = 18
        self.hide()

    def set_wanted(self, on: bool) -> None:
        """View > Show Legend: remembered, so redraws after clicks leave the choice alone."""
        self.wanted = on
        self._show_if_useful()

    def has_entries(self) -> bool:
        return bool(self.kinds or self.types or self.proposed)

    def _show_if_useful(self) -> None:
        self.setVisible(self.wanted and self.has_entries())

    def set_entries(self, kinds: list[str], types: list[tuple[str, str, bool]], proposed: bool, theme: Theme) -> None:
        self.kinds, self.types, self.proposed, self.theme = kinds, types, proposed, theme
        rows = len(kinds) + len(types) + (1 if proposed else 0)
        if rows:
            fm = self.fontMetrics()
            labels = [k.capitalize() for k in kinds] + [t[0] for t in types] + \
                (["proposed (unreviewed)"] if proposed else [])
            width = 44 + max(fm.horizontalAdvance(s) for s in labels) + 14
            self._row_h = max(fm.height() + 4, 18)
            height = 10 + rows * self._row_h + (6 if kinds and (types or proposed) else 0) + 6
            self.resize(int(width), int(height))
        self._show_if_useful()
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: ANN001, N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        t = self.theme
        p.setPen(QPen(color(t.muted_text, 70)))
        p.setBrush(color(t.background, 230))
        p.drawRoundedRect(QRectF(0.5, 0.5, self.width() - 1, self.height() - 1), 6, 6)
        y = 8.0
        h = self._row_h
        text_pen = QPen(color(t.text))
        for kind in self.kinds:
            symbol, fill = KIND_STYLE.get(kind, KIND_STYLE["other"])
            cx, cy, r = 20.0, y + h / 2, 6.0
            p.setPen(QPen(color(t.node_outline), 1.2))
            p.setBrush(QColor(fill))
            draw_symbol(p, symbol, cx, cy, r)
            p.setPen(text_pen)
            p.drawText(QRectF(38, y, self.width() - 40, h), Qt.AlignmentFlag.AlignVCenter, kind.capitalize())
            y += h
        if self.kinds and (self.types or self.proposed):
            y += 6
        for label, colour, directed in self.types:
            cy = y + h / 2
            p.setPen(QPen(QColor(colour), 2.2))
            p.drawLine(QPointF(8, cy), QPointF(30, cy))
            if directed:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(QColor(colour))
                path = QPainterPath(QPointF(33, cy))
                path.lineTo(QPointF(26, cy - 4))
                path.lineTo(QPointF(26, cy + 4))
                path.closeSubpath()
                p.drawPath(path)
            p.setPen(text_pen)
            p.drawText(QRectF(38, y, self.width() - 40, h), Qt.AlignmentFlag.AlignVCenter, label)
            y += h
        if self.proposed:
            cy = y + h / 2
            pen = QPen(color(t.muted_text), 2.0)
            pen.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawLine(QPointF(8, cy), QPointF(32, cy))
            p.setPen(QPen(color(t.muted_text)))
            p.drawText(QRectF(38, y, self.width() - 40, h), Qt.AlignmentFlag.AlignVCenter, "proposed (unreviewed)")
        p.end()


def draw_symbol(p: QPainter, symbol: str, cx: float, cy: float, r: float) -> None:
    """An actor symbol (pyqtgraph's names: o, s, h, d) of radius ``r`` at (cx, cy)."""
    if symbol == "s":
        p.drawRect(QRectF(cx - r * 0.9, cy - r * 0.9, r * 1.8, r * 1.8))
    elif symbol in ("h", "d"):
        n, phase = (6, 0.0) if symbol == "h" else (4, np.pi / 4)
        path = QPainterPath()
        for k in range(n):
            a = phase + 2 * np.pi * k / n + (np.pi / 4 if symbol == "d" else 0)
            pt = QPointF(cx + r * np.cos(a), cy + r * np.sin(a))
            path.moveTo(pt) if k == 0 else path.lineTo(pt)
        path.closeSubpath()
        p.drawPath(path)
    else:
        p.drawEllipse(QPointF(cx, cy), r, r)
