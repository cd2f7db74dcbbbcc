"""The map's legend: what the shapes and colours mean, for the kinds and types on screen only."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from desktop.ui.theme import Theme, current_theme


def color(value: str, alpha: int = 255) -> QColor:
    """``value`` as a QColor with ``alpha``."""
    c = QColor(value)
    c.setAlpha(alpha)
    return c


@dataclass(frozen=True)
class _KindSwatch:
    """An actor kind's entry: its symbol (pyqtgraph's name) and fill colour."""

    symbol: str
    fill: str


@dataclass(frozen=True)
class _TypeSwatch:
    """A relationship type's entry: its line colour and whether it has an arrowhead."""

    colour: str
    directed: bool


class MapLegend(QWidget):
    """An overlay along the map's bottom edge: the entries flow left to right in as few rows as
    the map's width allows, so the legend takes a strip, not a column, and the fitted map keeps
    most of the view. ``wanted`` is the user's View > Show Legend; the legend shows when wanted,
    there is something to explain and there is room (``set_room``: on a very small map the
    legend would cover what it explains, so it gives way until the map grows again)."""

    SWATCH = 26  # symbol or line sample before each label
    GAP = 16  # between entries on a row

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("mapLegend")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.kinds: list[tuple[str, str, str]] = []  # label, pyqtgraph symbol, colour
        self.types: list[tuple[str, str, bool]] = []  # label, colour, directed
        self.proposed = False
        self.wanted = True
        self.room = True
        self.theme: Theme = current_theme()
        self.max_width = 600
        self._row_h = 18
        # (swatch, label, rect); no swatch: the dashed "proposed" line
        self._cells: list[tuple[_KindSwatch | _TypeSwatch | None, str, QRectF]] = []
        self._pixmap: tuple | None = None  # (key, QPixmap) of the last drawing
        self.hide()

    def set_wanted(self, on: bool) -> None:
        """View > Show Legend: remembered, so redraws after clicks leave the choice alone."""
        self.wanted = on
        self._show_if_useful()

    def has_entries(self) -> bool:
        return bool(self.kinds or self.types or self.proposed)

    def set_room(self, view_width: float, view_height: float) -> None:
        """Whether the legend, laid out for a view of this size, leaves the map enough of it:
        at most 45% of the height and a third of the area. The user's choice (``wanted``) is
        kept; the legend comes back when the view grows."""
        w, h = self.width() + 16.0, self.height() + 16.0
        room = h <= 0.45 * view_height and w * h <= view_width * view_height / 3.0
        if room != self.room:
            self.room = room
            self._show_if_useful()

    def _show_if_useful(self) -> None:
        self.setVisible(self.wanted and self.room and self.has_entries())

    def set_max_width(self, width: int) -> None:
        """The widest the legend may grow (the map's width less margins); rows wrap within it."""
        width = max(int(width), 160)
        if width != self.max_width:
            self.max_width = width
            self._lay_out()

    def set_entries(
        self, kinds: list[tuple[str, str, str]], types: list[tuple[str, str, bool]], proposed: bool, theme: Theme
    ) -> None:
        """``kinds`` as (label, symbol, colour) and ``types`` as (label, colour, directed), shown ones only."""
        if (kinds, types, proposed, theme) == (self.kinds, self.types, self.proposed, self.theme):
            return  # a time window sliding mostly keeps the same entries: nothing to lay out again
        self.kinds, self.types, self.proposed, self.theme = kinds, types, proposed, theme
        self._lay_out()
        self._show_if_useful()
        self.update()

    def _lay_out(self) -> None:
        entries: list[tuple[_KindSwatch | _TypeSwatch | None, str]] = [
            (_KindSwatch(symbol, fill), label) for label, symbol, fill in self.kinds
        ]
        entries += [(_TypeSwatch(colour, directed), label) for label, colour, directed in self.types]
        if self.proposed:
            entries.append((None, "proposed (unreviewed)"))
        fm = self.fontMetrics()
        self._row_h = max(fm.height() + 4, 18)
        pad = 8.0
        x, y, widest = pad, pad - 2, 0.0
        cells = []
        for swatch, label in entries:
            w = self.SWATCH + fm.horizontalAdvance(label) + 4
            if x > pad and x + w > self.max_width - pad:
                x, y = pad, y + self._row_h
            cells.append((swatch, label, QRectF(x, y, w, self._row_h)))
            widest = max(widest, x + w)
            x += w + self.GAP
        self._cells = cells
        if cells:
            self.resize(int(widest + pad), int(y + self._row_h + pad - 2))

    def paintEvent(self, _event) -> None:  # noqa: ANN001, N802
        # drawn once into a pixmap: the legend floats over the map, so every pan repaints it
        key = (
            self.width(),
            self.height(),
            self.theme,
            tuple(self.kinds),
            tuple(self.types),
            self.proposed,
            self.devicePixelRatioF(),
        )
        if self._pixmap is None or self._pixmap[0] != key:
            dpr = self.devicePixelRatioF()
            pixmap = QPixmap(int(self.width() * dpr), int(self.height() * dpr))
            pixmap.setDevicePixelRatio(dpr)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            try:
                self._draw(painter)
            finally:
                painter.end()
            self._pixmap = (key, pixmap)
        p = QPainter(self)
        p.drawPixmap(0, 0, self._pixmap[1])
        p.end()

    def _draw(self, p: QPainter) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        t = self.theme
        p.setPen(QPen(color(t.muted_text, 70)))
        p.setBrush(color(t.background, 230))
        p.drawRoundedRect(QRectF(0.5, 0.5, self.width() - 1, self.height() - 1), 6, 6)
        text_pen = QPen(color(t.text))
        for swatch, label, rect in self._cells:
            cy = rect.center().y()
            x = rect.left()
            if isinstance(swatch, _KindSwatch):
                p.setPen(QPen(color(t.node_outline), 1.2))
                p.setBrush(QColor(swatch.fill))
                draw_symbol(p, swatch.symbol, x + 9, cy, 6.0)
                p.setPen(text_pen)
            elif isinstance(swatch, _TypeSwatch):
                colour, directed = swatch.colour, swatch.directed
                p.setPen(QPen(QColor(colour), 2.2))
                p.drawLine(QPointF(x, cy), QPointF(x + 18, cy))
                if directed:
                    p.setPen(Qt.PenStyle.NoPen)
                    p.setBrush(QColor(colour))
                    path = QPainterPath(QPointF(x + 21, cy))
                    path.lineTo(QPointF(x + 14, cy - 4))
                    path.lineTo(QPointF(x + 14, cy + 4))
                    path.closeSubpath()
                    p.drawPath(path)
                p.setPen(text_pen)
            else:
                pen = QPen(color(t.muted_text), 2.0)
                pen.setStyle(Qt.PenStyle.DashLine)
                p.setPen(pen)
                p.drawLine(QPointF(x, cy), QPointF(x + 20, cy))
                p.setPen(QPen(color(t.muted_text)))
            p.drawText(
                QRectF(x + self.SWATCH, rect.top(), rect.width() - self.SWATCH, rect.height()),
                Qt.AlignmentFlag.AlignVCenter,
                label,
            )


def draw_symbol(p: QPainter, symbol: str, cx: float, cy: float, r: float) -> None:
    """An actor symbol (pyqtgraph's names) of radius ``r`` at (cx, cy), the outline the map draws."""
    from pyqtgraph.graphicsItems.ScatterPlotItem import Symbols

    if symbol in ("t1", "p", "star", "+"):
        # pyqtgraph's own outline (unit size, centred), so the legend shows the map's shape exactly
        path = Symbols[symbol]
        p.save()
        p.translate(cx, cy)
        p.scale(2 * r, 2 * r)
        pen = p.pen()
        pen.setWidthF(pen.widthF() / (2 * r))
        p.setPen(pen)
        p.drawPath(path)
        p.restore()
    elif symbol == "s":
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
