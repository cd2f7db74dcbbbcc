"""Drawing a relationship map onto any QPaintDevice: PNG (QImage), SVG (QSvgGenerator), PDF (QPdfWriter).

One routine, :func:`paint_map`, draws title, map, legend and caption; the three file writers and
the report only choose the device and its size. Qt's own painters are used (not pyqtgraph's
exporters, whose SVG export crashes on GraphItem under Qt 6.12) and never widgets, so this runs
headless under a QGuiApplication.

Sizes are thought of in typographic points (1/72 inch) and turned into device units with the
device's resolution, so a label is 8.5 pt tall on a 72 DPI preview, a 600 DPI print and a PDF.
Fonts are set by pixel size: QPainterPath.addText (used for label halos) ignores the device's
resolution, so only pixel sizes keep the halo and the text the same size.
"""

from __future__ import annotations

import ctypes
import math
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QLineF, QMarginsF, QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
    QPolygonF,
)
from PySide6.QtSvg import QSvgGenerator

from desktop.export.mapdata import MapActor, MapData, MapKind, MapRelationship, MapType, actor_rows
from desktop.export.style import KIND_STYLE, edge_width_pt, write_atomically
from desktop.geometry import close_pairs
from desktop.graph.labels import LabelPlacement, label_text, place_labels, two_lines
from desktop.graph.parallel import curve_controls
from desktop.graph.regions import NOTHING, PALETTE, REGION_NAMES_COVER, TINT_ALPHA, Region, RegionDrawing
from desktop.graph.scene import NAME_BOX_PX, NAME_GAP_PX, SYMBOL_ROOM_PX, node_sizes, symbol_scale
from desktop.model.cleantext import visible_controls

# -------------------------------------------------------------------------------------------- style
FONT_FAMILY = "DejaVu Sans"
# What an SVG viewer should use when it lacks the font the file was laid out with.
SVG_FONT_FALLBACK = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, Arial, Helvetica, sans-serif"
TEXT = QColor("#1f2328")
MUTED = QColor("#57606a")
A4_MM = (210.0, 297.0)
MM_PER_INCH = 25.4
MAX_PIXELS = 100_000_000  # a 600 DPI A4 page is 35 MP; beyond this is a typo, not a wish
MAX_SIDE_PX = 20_000
LABEL_PT = 8.5  # the names' type size
LABEL_PAD_PT = 2.0  # around a name's text: its white halo
# Names are measured once, at this many device units per point, for every format: PNG, SVG and
# PDF then hand the same sizes to the same placement and put every name in the same spot.
LABEL_MEASURE_SCALE = 8.0
# How far the middles of neighbouring curves between one pair stand apart (the screen's
# LANE_GAP_PX is this at a page's scale).
LANE_GAP_PT = 16.0
# A pair's relationships folded into one line stand for several types: drawn in no type's colour.
FOLDED = QColor("#6e7781")
# The regions' names (big communities first): the leader's name from REGION_PT to
# REGION_PT + REGION_PT_MORE points, bold, and the next leaders' names smaller under it; the
# screen's 12 to 19 pixels beside its 12-pixel actor names, in the page's proportion.
REGION_PT = 9.5
REGION_PT_MORE = 5.0
# The tint's image on a vector page (SVG, PDF) is at most this many pixels a side: it is a soft
# gradient, sharp enough at any size, and an A4 page at 1200 DPI would otherwise embed 160 MB.
TINT_VECTOR_PX = 1600


class RenderError(ValueError):
    """A size or option that cannot be drawn (for example 0 pixels wide)."""


@dataclass(frozen=True)
class RenderOptions:
    """What goes on the page besides the map itself."""

    title: str | None = None
    caption: str | None = None  # None: the default caption (workspace, date, filters); "": none
    legend: bool = True
    background: str = "white"  # "white" or "transparent"
    citations: bool = False  # numbered badges on relationships (the report's map page)
    labels: bool = True
    flip_y: bool = True  # layout y grows upwards (as in the graph view); the page's grows downwards


_NONE_LEAKS: bool | None = None


def keep_none_alive() -> None:
    """Work around PySide6 6.12 on CPython 3.11 dropping a reference to None on each call that
    returns nothing (3.12 made None immortal, so only 3.11 is hurt): a big export makes enough
    such calls to free None and abort the interpreter ("none_dealloc"), at the latest when it
    exits. When the leak is there, None's count is raised for good by what the leak can take
    away. pyproject pins PySide6 below 6.12 on Python 3.11; this guard covers environments that
    still have 6.12.
    """
    global _NONE_LEAKS
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    if _NONE_LEAKS is None:
        probe = QPointF()
        before = sys.getrefcount(None)
        for _ in range(16):
            probe.setX(1.0)
        _NONE_LEAKS = sys.getrefcount(None) < before
    if _NONE_LEAKS and sys.getrefcount(None) < 5_000_000:
        # ob_refcnt is the first field of every CPython object; a reference held by nobody,
        # so that it is never given back, not even at interpreter exit
        ctypes.c_ssize_t.from_address(id(None)).value += 50_000_000


def ensure_gui_application() -> QGuiApplication:
    """A QGuiApplication for fonts and painting; offscreen when there is no display to talk to."""
    keep_none_alive()
    app = QGuiApplication.instance()
    if app is not None:
        return app  # type: ignore[return-value]
    if (
        not os.environ.get("QT_QPA_PLATFORM")
        and sys.platform.startswith("linux")
        and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QGuiApplication(sys.argv[:1] or ["relmap"])
    # keep a reference so the application lives as long as the process
    globals()["_APP"] = app
    return app


# ------------------------------------------------------------------------------------ text helpers
class _Units:
    """Converts points to device units for one device resolution."""

    def __init__(self, dpi: float, scale: float = 1.0) -> None:
        self.k = dpi / 72.0 * scale

    def __call__(self, pt: float) -> float:
        return pt * self.k

    def font(self, pt: float, *, bold: bool = False, italic: bool = False) -> QFont:
        font = QFont(FONT_FAMILY)
        font.setPixelSize(max(1, round(pt * self.k)))
        font.setBold(bold)
        font.setItalic(italic)
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        # no "fi"/"fl" ligatures: text copied or extracted from a PDF must read "confirmed", not "conﬁrmed"
        font.setFeature(QFont.Tag("liga"), 0)
        return font

    def metrics(self, pt: float, *, bold: bool = False, italic: bool = False) -> _Metrics:
        """Metrics of the ``pt`` font in this device's units, measured once at one resolution:
        a device's font is a whole number of pixels, so its own metrics differ a little from
        format to format, and the figure (where lines break, how tall a caption is, hence where
        the map and every name go) would differ with them."""
        return _Metrics(pt, self.k, bold=bold, italic=italic)


class _Metrics:
    """QFontMetricsF's answers for a font of ``pt`` points, in device units of ``k`` per point,
    read from the font at LABEL_MEASURE_SCALE pixels per point whatever the device."""

    def __init__(self, pt: float, k: float, *, bold: bool = False, italic: bool = False) -> None:
        font = _Units(72.0 * LABEL_MEASURE_SCALE).font(pt, bold=bold, italic=italic)
        self._fm = QFontMetricsF(font)
        self._k = k / LABEL_MEASURE_SCALE

    def horizontalAdvance(self, text: str) -> float:  # noqa: N802 - QFontMetricsF's name
        return self._fm.horizontalAdvance(text) * self._k

    def height(self) -> float:
        return self._fm.height() * self._k

    def ascent(self) -> float:
        return self._fm.ascent() * self._k

    def elidedText(self, text: str, mode: Qt.TextElideMode, width: float) -> str:  # noqa: N802
        return self._fm.elidedText(text, mode, width / self._k)


def wrap_text(text: str, metrics: QFontMetricsF | _Metrics, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width``; over-long words are split."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split()
        if not words:
            lines.append("")
            continue
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if metrics.horizontalAdvance(candidate) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while metrics.horizontalAdvance(word) > width and len(word) > 1:
                cut = len(word)
                while cut > 1 and metrics.horizontalAdvance(word[:cut]) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def label_sizes(names: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Each name as written on the map, with its size in points on one line and on two (NaN
    where it has no space to break at), halo included: measured once, in one resolution, so
    every format places the same names the same way."""
    ensure_gui_application()
    font = QFont(FONT_FAMILY)
    font.setPixelSize(round(LABEL_PT * LABEL_MEASURE_SCALE))
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    font.setFeature(QFont.Tag("liga"), 0)
    fm = QFontMetricsF(font)
    k = LABEL_MEASURE_SCALE
    texts = [label_text(n) for n in names]
    one = np.array(
        [((fm.horizontalAdvance(t)) / k + 2 * LABEL_PAD_PT, fm.height() / k + LABEL_PAD_PT) for t in texts]
    ).reshape(-1, 2)
    two = np.full((len(texts), 2), np.nan)
    for i, t in enumerate(texts):
        parts = two_lines(t)
        if parts is not None:
            two[i] = (
                max(fm.horizontalAdvance(p) for p in parts) / k + 2 * LABEL_PAD_PT,
                2 * fm.height() / k + LABEL_PAD_PT,
            )
    return texts, one, two


# --------------------------------------------------------------------------------------- shapes
def _polygon(cx: float, cy: float, radius: float, n: int, *, inner: float | None = None) -> QPolygonF:
    """A regular polygon (or, with ``inner``, a star) pointing up."""
    points = []
    steps = 2 * n if inner is not None else n
    for i in range(steps):
        a = -math.pi / 2 + i * 2 * math.pi / steps
        rr = inner if inner is not None and i % 2 else radius
        points.append(QPointF(cx + rr * math.cos(a), cy + rr * math.sin(a)))
    return QPolygonF(points)


def shape_path(shape: str, center: QPointF, r: float) -> QPainterPath:
    """The outline of an actor drawn as ``shape`` (tables.ACTOR_SHAPES): about as much ink as a
    circle of radius ``r``, pointing the way the map's symbols do."""
    path = QPainterPath()
    cx, cy = center.x(), center.y()
    if shape == "square":
        s = r * 0.9
        path.addRoundedRect(QRectF(cx - s, cy - s, 2 * s, 2 * s), s * 0.25, s * 0.25)
        return path
    if shape == "hexagon":
        s = r * 1.05
        path.addPolygon(
            QPolygonF(
                [
                    QPointF(
                        cx + s * math.cos(math.pi / 6 + i * math.pi / 3),
                        cy + s * math.sin(math.pi / 6 + i * math.pi / 3),
                    )
                    for i in range(6)
                ]
            )
        )
    elif shape == "diamond":
        s = r * 1.2
        path.addPolygon(QPolygonF([QPointF(cx, cy - s), QPointF(cx + s, cy), QPointF(cx, cy + s), QPointF(cx - s, cy)]))
    elif shape == "triangle":
        path.addPolygon(_polygon(cx, cy + r * 0.2, r * 1.4, 3))
    elif shape == "pentagon":
        path.addPolygon(_polygon(cx, cy, r * 1.12, 5))
    elif shape == "star":
        path.addPolygon(_polygon(cx, cy, r * 1.4, 5, inner=r * 0.6))
    elif shape == "cross":
        a, w = r * 1.15, r * 0.42
        path.addPolygon(
            QPolygonF(
                [
                    QPointF(cx - w, cy - a),
                    QPointF(cx + w, cy - a),
                    QPointF(cx + w, cy - w),
                    QPointF(cx + a, cy - w),
                    QPointF(cx + a, cy + w),
                    QPointF(cx + w, cy + w),
                    QPointF(cx + w, cy + a),
                    QPointF(cx - w, cy + a),
                    QPointF(cx - w, cy + w),
                    QPointF(cx - a, cy + w),
                    QPointF(cx - a, cy - w),
                    QPointF(cx - w, cy - w),
                ]
            )
        )
    else:  # circle, and any shape a newer Relmap may know
        path.addEllipse(center, r, r)
        return path
    path.closeSubpath()
    return path


def kind_path(kind: str, center: QPointF, r: float) -> QPainterPath:
    """The outline of a built-in kind (scenes without the workspace's kinds)."""
    return shape_path(KIND_STYLE.get(kind, KIND_STYLE["other"])[0], center, r)


def _status_pen(color: QColor, width: float, status: str) -> QPen:
    pen = QPen(color, width)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    if status == "proposed":
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        pen.setDashPattern([3.2, 2.2])  # in pen widths: Qt scales dashes with the width
    elif status == "rejected":
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setDashPattern([0.1, 2.0])
    else:
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


# --------------------------------------------------------------------------------------- legend
@dataclass
class _LegendItem:
    kind: str  # "header", "actor", "type", "status", "width", "citation", "folded"
    text: str
    payload: MapKind | MapType | str | None = None  # an actor kind's or type's look, a status, a badge
    rect: QRectF = field(default_factory=QRectF)


def _legend_items(data: MapData, options: RenderOptions) -> list[_LegendItem]:
    items: list[_LegendItem] = []
    if data.kinds:
        items.append(_LegendItem("header", "Actors"))
        items += [_LegendItem("actor", data.kind(k).label, data.kind(k)) for k in data.kinds]
    if data.region_drawing().regions:
        items.append(_LegendItem("header", "Regions"))
        items.append(_LegendItem("region", "tinted: a community of closely linked actors", None))
    if data.types:
        items.append(_LegendItem("header", "Relationships"))
        items += [_LegendItem("type", t.label + (" (→)" if t.directed else ""), t) for t in data.types]
        statuses = {r.status for r in data.relationships}
        items.append(_LegendItem("header", "Lines"))
        if "confirmed" in statuses:
            items.append(_LegendItem("status", "confirmed", "confirmed"))
        if "proposed" in statuses:
            items.append(_LegendItem("status", "proposed, not reviewed (dashed)", "proposed"))
        if "rejected" in statuses:
            items.append(_LegendItem("status", "rejected (dotted)", "rejected"))
        items.append(_LegendItem("width", "width: number of excerpts", None))
        if options.citations:
            items.append(_LegendItem("citation", "citation number (see appendix)", None))
        if data.pairs().collapsed:
            text = (
                "relationships 4 to 7, all between the same two actors"
                if options.citations
                else "number of relationships between the same two actors"
            )
            items.append(_LegendItem("folded", text, "4–7" if options.citations else "5"))
    return items


class _Legend:
    """Lays legend entries out in a column (beside the map) or in flowing rows (below it)."""

    def __init__(self, data: MapData, options: RenderOptions, u: _Units) -> None:
        self.u = u
        self.items = _legend_items(data, options)
        self.font = u.font(8)
        self.header_font = u.font(8, bold=True)
        self.fm = u.metrics(8)
        self.hfm = u.metrics(8, bold=True)
        self.swatch = u(22)
        self.row = max(self.fm.height(), u(11)) + u(3)
        self.pad = u(7)
        self.size = QSizeF()

    def _item_width(self, item: _LegendItem) -> float:
        if item.kind == "header":
            return self.hfm.horizontalAdvance(item.text)
        return self.swatch + self.u(5) + self.fm.horizontalAdvance(item.text)

    def natural_column_width(self) -> float:
        return max((self._item_width(i) for i in self.items), default=0.0) + 2 * self.pad

    def layout_column(self, width: float) -> QSizeF:
        y = self.pad
        for i, item in enumerate(self.items):
            if item.kind == "header" and i:
                y += self.u(4)
            item.rect = QRectF(self.pad, y, width - 2 * self.pad, self.row)
            y += self.row
        self.size = QSizeF(width, y + self.pad)
        return self.size

    def layout_rows(self, width: float) -> QSizeF:
        """Each section on its own line(s): header first, then entries flowing left to right."""
        x, y = self.pad, self.pad
        gap = self.u(14)
        right = width - self.pad
        for i, item in enumerate(self.items):
            w = self._item_width(item)
            if item.kind == "header":
                if i:
                    x, y = self.pad, y + self.row
                item.rect = QRectF(x, y, w, self.row)
                x += max(w + gap, self.u(90))  # entries start in the same column on every row
                continue
            if x + w > right and x > self.pad + self.u(90):
                x, y = self.pad + self.u(90), y + self.row
            item.rect = QRectF(x, y, w, self.row)
            x += w + gap
        self.size = QSizeF(width, y + self.row + self.pad)
        return self.size

    def paint(self, p: QPainter, origin: QPointF) -> None:
        u = self.u
        box = QRectF(origin, self.size)
        p.setPen(QPen(QColor("#d0d7de"), u(0.6)))
        p.setBrush(QColor(255, 255, 255, 235))
        p.drawRoundedRect(box, u(3), u(3))
        for item in self.items:
            r = item.rect.translated(origin)
            cy = r.center().y()
            if item.kind == "header":
                p.setFont(self.header_font)
                p.setPen(TEXT)
                p.drawText(
                    QRectF(r.left(), r.top(), r.width() + u(40), r.height()),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    item.text,
                )
                continue
            sw = QRectF(r.left(), r.top(), self.swatch, r.height())
            if item.kind == "actor" and isinstance(item.payload, MapKind):
                kind = item.payload
                p.setPen(QPen(QColor("white"), u(0.8)))
                p.setBrush(QColor(kind.color))
                p.drawPath(shape_path(kind.shape, QPointF(sw.center().x(), cy), u(4.5)))
            elif item.kind in ("type", "status", "width"):
                color = QColor(item.payload.color) if isinstance(item.payload, MapType) else QColor("#6e7781")
                status = str(item.payload) if item.kind == "status" else "confirmed"
                width = u(edge_width_pt(1)) if item.kind != "width" else u(0.9)
                a, b = QPointF(sw.left() + u(1), cy), QPointF(sw.right() - u(1), cy)
                if item.kind == "width":
                    # a wedge: thin on the left, thick on the right
                    p.setPen(Qt.PenStyle.NoPen)
                    p.setBrush(color)
                    p.drawPolygon(
                        QPolygonF(
                            [
                                QPointF(a.x(), cy - u(0.45)),
                                QPointF(b.x(), cy - u(2.4)),
                                QPointF(b.x(), cy + u(2.4)),
                                QPointF(a.x(), cy + u(0.45)),
                            ]
                        )
                    )
                else:
                    p.setBrush(Qt.BrushStyle.NoBrush)
                    directed = isinstance(item.payload, MapType) and item.payload.directed
                    end = b - QPointF(u(5), 0) if directed else b
                    p.setPen(_status_pen(color, width, status))
                    p.drawLine(QLineF(a, end))
                    if directed:
                        _arrowhead(p, b, QPointF(1, 0), color, u(6), u(2.6))
            elif item.kind == "region":
                # two neighbouring regions, in the map's first two tints
                p.setPen(Qt.PenStyle.NoPen)
                for k, dx in ((0, -u(3.5)), (1, u(3.5))):
                    colour = QColor(PALETTE[k])
                    colour.setAlpha(TINT_ALPHA)
                    p.setBrush(colour)
                    p.drawEllipse(QPointF(sw.center().x() + dx, cy), u(6), u(4.5))
            elif item.kind == "citation":
                _badge(p, QPointF(sw.center().x(), cy), "7", QColor("#6e7781"), u, QFont(self.font))
            elif item.kind == "folded":
                p.setPen(_status_pen(FOLDED, u(edge_width_pt(4)), "confirmed"))
                p.drawLine(QLineF(QPointF(sw.left() + u(1), cy), QPointF(sw.right() - u(1), cy)))
                _badge(p, QPointF(sw.center().x(), cy), str(item.payload), FOLDED, u, QFont(self.font))
            p.setFont(self.font)
            p.setPen(TEXT)
            p.drawText(
                QRectF(sw.right() + u(5), r.top(), r.width(), r.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                item.text,
            )


# ------------------------------------------------------------------------------------- drawing
def _arrowhead(p: QPainter, tip: QPointF, direction: QPointF, color: QColor, length: float, half: float) -> None:
    n = math.hypot(direction.x(), direction.y()) or 1.0
    dx, dy = direction.x() / n, direction.y() / n
    base = QPointF(tip.x() - dx * length, tip.y() - dy * length)
    left = QPointF(base.x() - dy * half, base.y() + dx * half)
    right = QPointF(base.x() + dy * half, base.y() - dx * half)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color)
    p.drawPolygon(QPolygonF([tip, left, right]))


def _badge(p: QPainter, center: QPointF, text: str, color: QColor, u: _Units, font: QFont) -> QRectF:
    f = QFont(font)
    f.setPixelSize(max(1, round(u(6.5))))
    f.setBold(True)
    fm = u.metrics(6.5, bold=True)
    h = fm.height() + u(1.2)
    w = max(h, fm.horizontalAdvance(text) + u(4))
    rect = QRectF(center.x() - w / 2, center.y() - h / 2, w, h)
    p.setPen(QPen(color, u(0.9)))
    p.setBrush(QColor("white"))
    p.drawRoundedRect(rect, h / 2, h / 2)
    p.setFont(f)
    p.setPen(TEXT)
    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    return rect


def badge_size(text: str, u: _Units) -> QSizeF:
    fm = u.metrics(6.5, bold=True)
    h = fm.height() + u(1.2)
    return QSizeF(max(h, fm.horizontalAdvance(text) + u(4)), h)


def _quad_point(p0: QPointF, c: QPointF, p2: QPointF, t: float) -> QPointF:
    a, b, d = (1 - t) ** 2, 2 * (1 - t) * t, t * t
    return QPointF(a * p0.x() + b * c.x() + d * p2.x(), a * p0.y() + b * c.y() + d * p2.y())


def _trim_t(p0: QPointF, c: QPointF, p2: QPointF, center: QPointF, radius: float, from_end: bool) -> float:
    """The curve parameter where the curve leaves a disc of ``radius`` around one endpoint."""
    lo, hi = (0.5, 1.0) if from_end else (0.0, 0.5)
    for _ in range(24):
        mid = (lo + hi) / 2
        pt = _quad_point(p0, c, p2, mid)
        inside = math.hypot(pt.x() - center.x(), pt.y() - center.y()) < radius
        if from_end:
            lo, hi = (lo, mid) if inside else (mid, hi)
        else:
            lo, hi = (mid, hi) if inside else (lo, mid)
    return (lo + hi) / 2


@dataclass
class _Placed:
    actor: MapActor
    center: QPointF
    radius: float


class _MapGeometry:
    """Where every actor, relationship curve and label goes inside the map rectangle."""

    def __init__(self, data: MapData, rect: QRectF, options: RenderOptions, u: _Units) -> None:
        self.u = u
        self.label_font = u.font(LABEL_PT)
        self.label_fm = QFontMetricsF(self.label_font)
        self.named = options.labels
        texts, one, two = (
            label_sizes([a.name for a in data.actors])
            if options.labels
            else ([""] * len(data.actors), np.zeros((len(data.actors), 2)), np.full((len(data.actors), 2), np.nan))
        )
        self.texts = {a.id: t for a, t in zip(data.actors, texts)}
        self.sizes_pt = {a.id: (one[i], two[i]) for i, a in enumerate(data.actors)}
        # symbols and the gap to their names in the screen's proportion to a name's box
        self.ratio = float(label_sizes(["Xg"])[1][0, 1]) / NAME_BOX_PX
        self.gap_pt = NAME_GAP_PX * self.ratio
        self.placement: LabelPlacement | None = None  # where the names went, once they are placed
        diameters = node_sizes(np.array([a.degree for a in data.actors], dtype=np.float64))
        radii = {a.id: u(float(d) / 2 * self.ratio) for a, d in zip(data.actors, diameters)}
        half_label = {a.id: u(float(one[i][0]) / 2) for i, a in enumerate(data.actors)}
        label_h = {a.id: u(float(one[i][1])) for i, a in enumerate(data.actors)}
        max_r = max(radii.values(), default=0.0)
        pad_x = min(max(list(half_label.values()) + [max_r]) + u(4), rect.width() * 0.3)
        # room for a name below or above the outermost actors (their own lines may take one)
        pad_bottom = max((radii[i] + u(self.gap_pt) + label_h[i] for i in radii), default=0.0) + u(6)
        pad_top = pad_bottom
        inner = rect.adjusted(pad_x, pad_top, -pad_x, -pad_bottom)
        if inner.width() <= 0 or inner.height() <= 0:
            inner = QRectF(rect.center(), QSizeF(1, 1))
        xs = [a.x for a in data.actors] or [0.0]
        ys = [a.y for a in data.actors] or [0.0]
        span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
        scale_x = inner.width() / span_x if span_x > 1e-9 else math.inf
        scale_y = inner.height() / span_y if span_y > 1e-9 else math.inf
        scale = min(scale_x, scale_y)
        if not math.isfinite(scale):
            scale = 1.0
        # One scale both ways, as on screen: the directions of the lines, which decide where each
        # name goes, stay those of the map (the layout packs the map for the view's shape).
        stretch_x = stretch_y = scale
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        mid = inner.center()
        # height the drawing leaves unused (nodes pushed apart later may take a little of it)
        self.slack = max(0.0, inner.height() - span_y * stretch_y - u(12)) if len(data.actors) > 1 else 0.0
        sign = -1.0 if options.flip_y else 1.0
        self.placed: dict[int, _Placed] = {
            a.id: _Placed(
                a, QPointF(mid.x() + (a.x - cx) * stretch_x, mid.y() + sign * (a.y - cy) * stretch_y), radii[a.id]
            )
            for a in data.actors
        }
        # A dense map drawn small shrinks its symbols as the screen does (symbol_scale): at full
        # size, pushed apart below, a few hundred actors became an even grid of large discs.
        self.symbol_scale = self._symbol_scale(data, u(SYMBOL_ROOM_PX * self.ratio) / SYMBOL_ROOM_PX)
        for pl in self.placed.values():
            pl.radius *= self.symbol_scale
        # citation badges sit in the middle of each line: short lines need room for them
        gap = (u(34) if options.citations else u(14)) * max(self.symbol_scale, 0.4)
        self._declutter(inner, gap)
        self.curves: dict[int, tuple[QPointF, QPointF, QPointF]] = {}
        self._bend(data, mirrored=options.flip_y)

    def _symbol_scale(self, data: MapData, unit: float) -> float:
        """symbol_scale for the page: the median drawn relationship in the screen's pixels
        (``unit`` output units to one)."""
        lengths = [
            math.hypot(a.center.x() - b.center.x(), a.center.y() - b.center.y())
            for r in data.relationships
            if (a := self.placed.get(r.source_id)) is not None and (b := self.placed.get(r.target_id)) is not None
        ]
        if not lengths or unit <= 0:
            return 1.0
        return symbol_scale(float(np.median(lengths)) / unit)

    def _declutter(self, inner: QRectF, gap: float) -> None:
        """Push apart actors drawn on top of each other, and keep them inside the map.

        Layouts leave some pairs far closer than others; on paper two touching discs hide the
        line between them. Only overlapping pairs move, so the drawing keeps its shape.
        """
        nodes = list(self.placed.values())
        if len(nodes) < 2:
            return
        xy = np.array([[n.center.x(), n.center.y()] for n in nodes])
        radius = np.array([n.radius for n in nodes])
        reach = 2 * radius.max() + gap
        lo = np.array([inner.left(), inner.top()])
        hi = np.array([inner.right(), inner.bottom()])
        for _ in range(40):
            pairs = close_pairs(xy, reach)
            assert pairs is not None, "close_pairs answers None only when given a limit"
            if not len(pairs):
                break
            i, j = pairs[:, 0], pairs[:, 1]
            delta = xy[j] - xy[i]
            dist = np.hypot(delta[:, 0], delta[:, 1])
            need = radius[i] + radius[j] + gap
            close = dist < need
            if not close.any():
                break
            i, j, delta, dist, need = i[close], j[close], delta[close], dist[close], need[close]
            same = dist < 1e-6
            delta[same] = (1.0, 0.0)
            dist[same] = 1.0
            push = (delta / dist[:, None]) * ((need - dist) / 2)[:, None]
            move = np.zeros_like(xy)
            np.add.at(move, i, -push)
            np.add.at(move, j, push)
            xy = np.clip(xy + move, lo, hi)
        for n, (x, y) in zip(nodes, xy):
            n.center = QPointF(float(x), float(y))

    def _bend(self, data: MapData, *, mirrored: bool) -> None:
        """Each relationship's curve, by the screen's pair rule (``MapData.pairs``): 2-3 between
        one pair fan out, the relationships of a folded pair share its one straight line."""
        rels = data.relationships
        if not rels:
            return
        pairs = data.pairs()
        row = actor_rows(list(self.placed))
        pos = np.zeros((len(row), 2))
        for actor_id, pl in self.placed.items():
            pos[row[actor_id]] = (pl.center.x(), pl.center.y())
        edges = np.array([(row[r.source_id], row[r.target_id]) for r in rels], dtype=np.int64)
        # the page's y runs down where the layout's runs up: mirrored lanes bend each curve to
        # the side it takes on screen
        lanes = -pairs.lanes if mirrored else pairs.lanes
        ctrl = curve_controls(pos, edges, lanes, bulge=self.u(LANE_GAP_PT))
        for i, r in enumerate(rels):
            g = int(pairs.bundle[i])
            c = ctrl[int(pairs.collapsed[g][0])] if g >= 0 else ctrl[i]
            self.curves[r.id] = (self.placed[r.source_id].center, QPointF(*c), self.placed[r.target_id].center)

    def midpoint(self, rel_id: int) -> QPointF:
        p0, c, p2 = self.curves[rel_id]
        return _quad_point(p0, c, p2, 0.5)


def _place_labels(
    geo: _MapGeometry, data: MapData, obstacles: list[QRectF], bounds: QRectF
) -> tuple[dict[int, tuple[QRectF, list[str]]], list[int]]:
    """Every name the page has room for, placed by :func:`desktop.graph.labels.place_labels`
    (the screen's placement) in points: no name on another or on another actor, each nearest
    its own actor, the most connected first; names without room are left out (and counted in
    the caption)."""
    if not geo.named or not data.actors:
        return {}, []
    k = geo.u.k
    actors = list(data.actors)
    index = {a.id: i for i, a in enumerate(actors)}
    centres = np.array([[geo.placed[a.id].center.x() / k, geo.placed[a.id].center.y() / k] for a in actors])
    radii = np.array([geo.placed[a.id].radius / k for a in actors])
    one = np.array([geo.sizes_pt[a.id][0] for a in actors])
    two = np.array([geo.sizes_pt[a.id][1] for a in actors])
    evidence = np.zeros(len(actors))
    owner, rays = [], []
    drawn = data.pairs().drawn
    for r, shown in zip(data.relationships, drawn):
        p0, c, p2 = geo.curves[r.id]
        evidence[index[r.source_id]] += r.evidence_count
        evidence[index[r.target_id]] += r.evidence_count
        if not shown:
            continue  # folded into its pair's line, whose own rays are there already
        # the curve leaves each end along its tangent there (towards the control point)
        for end, i in ((p0, index[r.source_id]), (p2, index[r.target_id])):
            d = np.array([c.x() - end.x(), c.y() - end.y()])
            n = float(np.hypot(*d))
            if n > 0:
                owner.append(i)
                rays.append(d / n)
    degree = np.array([a.degree for a in actors])
    ids = np.array([a.id for a in actors])
    order = np.lexsort((ids, -evidence, -degree))  # relationships, then excerpts, then the older actor
    boxes = np.array([[o.left() / k, o.top() / k, o.right() / k, o.bottom() / k] for o in obstacles]).reshape(-1, 4)
    # names keep to the room the map was given (each actor's symbol and its name below or above,
    # as Fit to View gives it on screen), within the map's rectangle
    half = np.maximum(radii, one[:, 0] / 2)
    reach = radii + geo.gap_pt + one[:, 1]
    room = (
        (centres[:, 0] - half).min(),
        (centres[:, 1] - reach).min(),
        (centres[:, 0] + half).max(),
        (centres[:, 1] + reach).max(),
    )
    room = (
        max(room[0], bounds.left() / k),
        max(room[1], bounds.top() / k),
        min(room[2], bounds.right() / k),
        min(room[3], bounds.bottom() / k),
    )
    result = place_labels(
        centres,
        radii,
        one,
        order=order,
        wrapped_sizes=two,
        bounds=room,
        rays=(np.array(owner, dtype=np.int64), np.array(rays).reshape(-1, 2)),
        obstacles=boxes if len(boxes) else None,
        gap=geo.gap_pt,
    )
    geo.placement = result
    out: dict[int, tuple[QRectF, list[str]]] = {}
    for i, box, wrapped in zip(result.index.tolist(), result.boxes.tolist(), result.wrapped.tolist()):
        text = geo.texts[actors[i].id]
        lines = list(two_lines(text) or (text,)) if wrapped else [text]
        out[actors[i].id] = (QRectF(box[0] * k, box[1] * k, (box[2] - box[0]) * k, (box[3] - box[1]) * k), lines)
    dropped = [a.id for a in actors if a.id not in out]
    return out, dropped


def _draw_label(p: QPainter, rect: QRectF, lines: list[str], font: QFont, fm: QFontMetricsF, u: _Units) -> None:
    halo = QPainterPath()
    baselines = []
    top = rect.center().y() - len(lines) * fm.height() / 2  # the lines centred in the name's box
    for i, line in enumerate(lines):
        x = rect.center().x() - fm.horizontalAdvance(line) / 2
        y = top + i * fm.height() + fm.ascent()
        baselines.append((QPointF(x, y), line))
        halo.addText(QPointF(x, y), font, line)
    pen = QPen(QColor(255, 255, 255, 230), u(2.6))
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.strokePath(halo, pen)
    p.setFont(font)
    p.setPen(TEXT)
    for point, line in baselines:
        p.drawText(point, line)  # real text, so SVG and PDF keep names searchable


@dataclass(frozen=True)
class PaintedMap:
    """Where things landed on the page (device units, names in points)."""

    positions: dict[int, QPointF]  # actor id -> centre
    bottom: float  # lowest point of the figure (map, legend, caption)
    #: actor id -> (box (left, top, right, bottom) in points, spot, on two lines): every name drawn
    names: dict[int, tuple[tuple[float, float, float, float], int, bool]] = field(default_factory=dict)
    #: the caption's lines as drawn under the map (wrapped; the last may be the unnamed-actors note)
    caption: list[str] = field(default_factory=list)


@dataclass
class _Edge:
    rel: MapRelationship
    path: QPainterPath
    pen: QPen
    color: QColor
    arrow: tuple[QPointF, QPointF] | None  # arrowhead tip and direction, for directed types
    arrow_len: float
    curve: tuple[QPointF, QPointF, QPointF]
    t0: float  # the drawn part of the curve
    t_end: float
    #: the relationships the line stands for, by number: ``rel`` alone, or a folded pair's
    members: tuple[MapRelationship, ...] = ()

    @property
    def folded(self) -> bool:
        return len(self.members) > 1


def number_ranges(numbers: list[int]) -> str:
    """Citation numbers as a reader writes them: ``[3, 4, 5, 9]`` -> ``"3–5, 9"``."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and runs[-1][1] == n - 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


def _line_status(members: tuple[MapRelationship, ...]) -> str:
    """How a line is dashed: a relationship's own status; a folded line is dashed if any
    relationship in it is an unreviewed proposal, dotted only if every one was rejected, else
    solid (a confirmed claim is among them)."""
    statuses = {m.status for m in members}
    if "proposed" in statuses:
        return "proposed"
    return "rejected" if statuses == {"rejected"} else "confirmed"


@dataclass
class _Figure:
    """Everything placed on the page, before anything is drawn."""

    u: _Units
    body: QRectF
    title_lines: list[str]
    title_font: QFont
    caption_lines: list[str]
    caption_font: QFont
    caption_top: float
    legend: _Legend | None
    origin: QPointF
    map_rect: QRectF
    geo: _MapGeometry
    edges: list[_Edge]
    badges: list[tuple[QRectF, str, QColor]]  # where, the number(s) or count, the outline
    labels: dict[int, tuple[QRectF, list[str]]]
    unnamed: list[int]
    tint: _Tint | None = None
    region_names: list[_RegionName] = field(default_factory=list)


@dataclass
class _Tint:
    """The communities' tint on the page: ``image`` (row 0 at the page's top) belongs over
    ``rect``; ``target`` is the part of it inside the map."""

    image: QImage
    rect: QRectF
    target: QRectF


@dataclass
class _RegionName:
    """A region's leaders' names as written on the page: each line's text and size in points."""

    region: Region
    box: QRectF
    lines: list[tuple[str, float]]


def _region_tint(drawing: RegionDrawing, bounds: QRectF, *, fade: float) -> _Tint | None:
    """Where the tint goes: ``drawing`` was worked out over the actors as placed on the page
    (page units, y down), so its grid's row 0, its largest y, is the bottom row on the page.
    The tint fades out over the last ``fade`` device units inside ``bounds`` (a region
    reaching past the map would end in a hard, straight cut)."""
    if drawing.rgba is None or drawing.territory is None:
        return None
    x0, y0, x1, y1 = drawing.territory.extent
    rect = QRectF(QPointF(x0, y0), QPointF(x1, y1)).normalized()
    target = rect.intersected(bounds)
    if rect.width() <= 0 or rect.height() <= 0 or target.isEmpty():
        return None
    rgba = np.array(drawing.rgba[::-1])
    h, w = rgba.shape[:2]
    xs = x0 + (np.arange(w) + 0.5) * (x1 - x0) / w
    ys = y0 + (np.arange(h) + 0.5) * (y1 - y0) / h
    inside_x = np.clip(np.minimum(xs - bounds.left(), bounds.right() - xs) / max(fade, 1e-9), 0.0, 1.0)
    inside_y = np.clip(np.minimum(ys - bounds.top(), bounds.bottom() - ys) / max(fade, 1e-9), 0.0, 1.0)
    rgba[..., 3] = (rgba[..., 3] * np.minimum(inside_y[:, None], inside_x[None, :])).astype(np.uint8)
    image = QImage(rgba.data, w, h, w * 4, QImage.Format.Format_RGBA8888).copy()
    return _Tint(image, rect, target)


def _paint_tint(p: QPainter, tint: _Tint) -> None:
    """The tint scaled smoothly to the page (a raster page up to its own resolution, a vector
    page to TINT_VECTOR_PX a side), the part inside the map only."""
    raster = isinstance(p.device(), QImage)
    cap = 4096 if raster else TINT_VECTOR_PX
    longest = max(tint.rect.width(), tint.rect.height())
    k = min(1.0, cap / longest)
    w, h = max(1, round(tint.rect.width() * k)), max(1, round(tint.rect.height() * k))
    scaled = tint.image.scaled(w, h, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
    sx, sy = w / tint.rect.width(), h / tint.rect.height()
    source = QRectF(
        (tint.target.left() - tint.rect.left()) * sx,
        (tint.target.top() - tint.rect.top()) * sy,
        tint.target.width() * sx,
        tint.target.height() * sy,
    )
    p.save()
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    p.drawImage(tint.target, scaled, source)
    p.restore()


def _place_region_names(
    data: MapData, drawing: RegionDrawing, geo: _MapGeometry, tint: _Tint | None, bounds: QRectF, taken: list[QRectF]
) -> list[_RegionName]:
    """The regions' names where the screen writes them (each at its community's densest spot,
    biggest communities first, none on another or on ``taken``, all together covering at most
    REGION_NAMES_COVER of the tinted map), when the screen writes them."""
    if data.regions is None or not data.regions.names or not drawing.regions:
        return []
    u = geo.u
    taken = list(taken)
    biggest = max(r.size for r in drawing.regions)
    room = tint.target if tint is not None else bounds
    allowance = REGION_NAMES_COVER * room.width() * room.height()
    out: list[_RegionName] = []
    for region in sorted(drawing.regions, key=lambda r: -r.size):
        pt = REGION_PT + REGION_PT_MORE * math.sqrt(region.size / biggest)
        lines = [(region.names[0], pt)]
        if len(region.names) > 1:
            lines.append((" · ".join(region.names[1:]), max(7.0, pt * 0.7)))
        metrics = [u.metrics(size, bold=i == 0) for i, (_t, size) in enumerate(lines)]
        w = max(m.horizontalAdvance(t) for (t, _s), m in zip(lines, metrics)) + u(6)
        h = sum(m.height() for m in metrics) + u(2)
        cx, cy = float(region.anchor[0]), float(region.anchor[1])
        box = QRectF(cx - w / 2, cy - h / 2, w, h)
        if not bounds.contains(box) or any(box.intersects(t) for t in taken):
            continue  # no room: a bigger neighbour's names are there, or the edge of the map
        allowance -= w * h
        if allowance < 0:
            break
        taken.append(box.adjusted(-u(3), -u(2), u(3), u(2)))
        out.append(_RegionName(region, box, lines))
    return out


def _draw_region_name(p: QPainter, name: _RegionName, u: _Units) -> None:
    """A region's names on a soft white ground, in a deep shade of its tint (the screen's look)."""
    halo = QColor("white")
    halo.setAlpha(170)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(halo)
    p.drawRoundedRect(name.box, u(3), u(3))
    p.setPen(QColor(name.region.colour).darker(190))
    y = name.box.top() + u(1)
    for i, (text, pt) in enumerate(name.lines):
        height = u.metrics(pt, bold=i == 0).height()
        p.setFont(u.font(pt, bold=i == 0))
        p.drawText(QRectF(name.box.left(), y, name.box.width(), height), Qt.AlignmentFlag.AlignCenter, text)
        y += height


def _compose(data: MapData, options: RenderOptions, page: QRectF, u: _Units, note: str) -> _Figure:
    margin = u(18)
    body = page.adjusted(margin, margin, -margin, -margin)
    title_font = u.font(15, bold=True)
    tfm = u.metrics(15, bold=True)
    title_lines = wrap_text(options.title, tfm, body.width())[:2] if options.title else []
    if title_lines:
        body.setTop(body.top() + len(title_lines) * tfm.height() + u(8))

    caption = data.caption() if options.caption is None else options.caption
    caption_font = u.font(7)
    cfm = u.metrics(7)
    caption_lines = wrap_text(caption, cfm, body.width())[:4] if caption else []
    if note:
        caption_lines += wrap_text(note, cfm, body.width())[:1]
    caption_top = body.bottom() - len(caption_lines) * cfm.height()
    if caption_lines:
        body.setBottom(caption_top - u(6))

    map_rect = QRectF(body)
    legend = _Legend(data, options, u) if options.legend else None
    if legend is not None and not legend.items:
        legend = None
    beside = False
    origin = QPointF()
    if legend is not None:
        # Beside the map or below it: whichever lets the map be drawn larger. A wide, flat
        # network on a landscape page is better served by a legend underneath.
        xs = [a.x for a in data.actors] or [0.0]
        ys = [a.y for a in data.actors] or [0.0]
        span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)

        def fill(rect: QRectF) -> float:
            sx = rect.width() / span_x if span_x > 1e-9 else math.inf
            sy = rect.height() / span_y if span_y > 1e-9 else math.inf
            return min(sx, sy) if math.isfinite(min(sx, sy)) else min(rect.width(), rect.height())

        col_width = min(legend.natural_column_width(), body.width() * 0.32)
        col_size = legend.layout_column(col_width)
        beside_rect = body.adjusted(0, 0, -(col_width + u(10)), 0)
        rows_size = legend.layout_rows(body.width())
        below_rect = body.adjusted(0, 0, 0, -(rows_size.height() + u(8)))
        beside = col_size.height() <= body.height() and fill(beside_rect) >= fill(below_rect) * 1.05
        if beside:
            legend.layout_column(col_width)
            origin = QPointF(body.right() - col_size.width(), body.top())
            map_rect = beside_rect
        else:
            legend.layout_rows(body.width())
            origin = QPointF(body.left(), body.bottom() - rows_size.height())
            map_rect = below_rect
    geo = _MapGeometry(data, map_rect, options, u)
    if not beside and geo.slack > u(40):
        # A flat drawing does not need the page's height: keep title, map, legend and caption
        # together as one figure and leave the unused space at the foot of the page.
        shift = geo.slack - u(16)  # keeps room for a name above the topmost actor
        map_rect.setBottom(map_rect.bottom() - shift)
        geo = _MapGeometry(data, map_rect, options, u)
        origin = QPointF(origin.x(), origin.y() - shift)
        caption_top -= shift

    edges: list[_Edge] = []
    pairs = data.pairs()
    lines: list[tuple[MapRelationship, tuple[MapRelationship, ...]]] = []
    for i, r in enumerate(data.relationships):
        if pairs.drawn[i]:
            g = int(pairs.bundle[i])
            members = (
                tuple(sorted((data.relationships[j] for j in pairs.collapsed[g]), key=lambda m: m.number))
                if g >= 0
                else (r,)
            )
            lines.append((r, members))
    rank = {"rejected": 0, "proposed": 1}
    # rejected under proposed under confirmed
    for r, members in sorted(lines, key=lambda line: (rank.get(_line_status(line[1]), 2), line[1][0].number)):
        folded = len(members) > 1
        status = _line_status(members)
        p0, ctrl, p2 = geo.curves[r.id]
        src, dst = geo.placed[r.source_id], geo.placed[r.target_id]
        color = QColor(FOLDED) if folded else QColor(r.color)
        if status == "rejected":
            color.setAlphaF(0.45)
        # a folded line is as wide as all its excerpts would make one relationship's
        width = u(edge_width_pt(sum(m.evidence_count for m in members)))
        directed = r.directed and not folded  # several types, several directions: no one arrow
        t0 = _trim_t(p0, ctrl, p2, p0, src.radius + u(1.5), from_end=False)
        # arrows shrink with the symbols of a dense map (never below half: they must stay legible)
        arrow_len = (u(5.5) + 1.4 * width) * max(geo.symbol_scale, 0.5)
        t1 = _trim_t(p0, ctrl, p2, p2, dst.radius + u(1.5), from_end=True)
        tip = _quad_point(p0, ctrl, p2, t1)
        path = QPainterPath(_quad_point(p0, ctrl, p2, t0))
        if directed:
            # stop the line at the arrow's base so a thick line does not poke through the tip
            t_end = _trim_t(p0, ctrl, p2, p2, dst.radius + u(1.5) + arrow_len * 0.8, from_end=True)
            end = _quad_point(p0, ctrl, p2, t_end)
        else:
            t_end, end = t1, tip
        # the sub-curve between t0 and t_end, as one quadratic segment (control by blossoming)
        path.quadTo(QPointF(*_blossom(p0, ctrl, p2, t0, t_end)), end)
        arrow = (tip, tip - _quad_point(p0, ctrl, p2, max(t1 - 0.02, 0.0))) if directed else None
        edges.append(
            _Edge(
                r,
                path,
                _status_pen(color, width, status),
                color,
                arrow,
                arrow_len,
                (p0, ctrl, p2),
                t0,
                t_end,
                members,
            )
        )

    # Each badge sits on the drawn part of its line: in the middle if that spot is free, else
    # slid along the line to the spot overlapping other badges and actors least. The report
    # numbers every line (a folded one with the numbers of all its relationships, "12–16");
    # a picture counts the relationships of a folded line, as the screen does.
    badges: list[tuple[QRectF, str, QColor]] = []
    node_rects = [
        QRectF(pl.center.x() - pl.radius, pl.center.y() - pl.radius, 2 * pl.radius, 2 * pl.radius)
        for pl in geo.placed.values()
    ]
    for edge in sorted(edges, key=lambda e: e.members[0].number):
        if options.citations:
            text = number_ranges([m.number for m in edge.members])
        elif edge.folded:
            text = str(len(edge.members))
        else:
            continue
        size = badge_size(text, u)
        best: QRectF | None = None
        best_cost = math.inf
        for f in (0.5, 0.38, 0.62, 0.27, 0.73, 0.18, 0.82):
            c = _quad_point(*edge.curve, edge.t0 + (edge.t_end - edge.t0) * f)
            rect = QRectF(c.x() - size.width() / 2, c.y() - size.height() / 2, size.width(), size.height())
            cost = sum((rect & o).width() * (rect & o).height() for o in [b[0] for b in badges] + node_rects)
            if cost < best_cost - 1e-9:
                best, best_cost = rect, cost
            if cost == 0:
                break
        assert best is not None, "the first spot tried costs less than infinity"
        badges.append((best, text, FOLDED if edge.folded else QColor(edge.rel.color)))

    drawing = NOTHING
    if data.regions is not None and data.actors:
        # over the actors where the page draws them (pushed apart where they overlapped)
        drawing = data.region_drawing(
            np.array([[geo.placed[a.id].center.x(), geo.placed[a.id].center.y()] for a in data.actors])
        )
    tint = _region_tint(drawing, map_rect, fade=u(14))
    region_names = _place_region_names(data, drawing, geo, tint, map_rect, [b[0] for b in badges])
    # actors' names keep off the regions' names, as they keep off the badges
    labels, unnamed = _place_labels(geo, data, [b[0] for b in badges] + [n.box for n in region_names], map_rect)
    return _Figure(
        u,
        body,
        title_lines,
        title_font,
        caption_lines,
        caption_font,
        caption_top,
        legend,
        origin,
        map_rect,
        geo,
        edges,
        badges,
        labels,
        unnamed,
        tint,
        region_names,
    )


def paint_map(p: QPainter, page: QRectF, data: MapData, options: RenderOptions, *, dpi: float) -> PaintedMap:
    """Draw title, map, legend and caption into ``page`` (device units of a ``dpi`` device)."""
    keep_none_alive()
    # The figure is laid out on the page measured in whole points: a device's page is a whole
    # number of its units (A4 is 842.0 pt as a 150 DPI PNG, 841.9 as a 1200 DPI PDF), and that
    # last fraction would move every actor and so, now and then, a name to another spot.
    device_page = QRectF(page)
    pt_w, pt_h = round(page.width() * 72 / dpi), round(page.height() * 72 / dpi)
    page = QRectF(page.left(), page.top(), pt_w * dpi / 72, pt_h * dpi / 72)
    # small pages (a thumbnail, a 600x400 PNG) get proportionally smaller type, down to 60 %
    u = _Units(dpi, max(0.6, min(1.0, min(pt_w, pt_h) / 480)))

    def note(unnamed: int) -> str:
        return f"{unnamed} of {len(data.actors)} actors are drawn without their names, which would have covered others."

    fig = _compose(data, options, page, u, "")
    if fig.unnamed:
        # say so under the map; that line takes room, so everything is placed once more
        fig = _compose(data, options, page, u, note(len(fig.unnamed)))
        cfm = u.metrics(7)
        fig.caption_lines[-1] = (
            cfm.elidedText(note(len(fig.unnamed)), Qt.TextElideMode.ElideRight, fig.body.width()) if fig.unnamed else ""
        )
    geo = fig.geo
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    if options.background != "transparent":
        p.fillRect(device_page, QColor("white"))
    tfm = u.metrics(15, bold=True)
    p.setFont(fig.title_font)
    p.setPen(TEXT)
    top = page.top() + u(18)
    for i, line in enumerate(fig.title_lines):
        p.drawText(QPointF(fig.body.left(), top + i * tfm.height() + tfm.ascent()), line)

    if fig.tint is not None:
        _paint_tint(p, fig.tint)  # the communities, under everything of the map
    for edge in fig.edges:
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(edge.pen)
        p.drawPath(edge.path)
        if edge.arrow is not None:
            tip, direction = edge.arrow
            _arrowhead(p, tip, direction, edge.color, edge.arrow_len, edge.arrow_len * 0.45)
    for pl in geo.placed.values():
        p.setPen(QPen(QColor("white"), u(1.3)))
        kind = data.kind(pl.actor.kind)
        p.setBrush(QColor(kind.color))
        p.drawPath(shape_path(kind.shape, pl.center, pl.radius))
    for name in fig.region_names:
        _draw_region_name(p, name, u)
    for rect, text, color in fig.badges:
        _badge(p, rect.center(), text, color, u, geo.label_font)
    for rect, lines in fig.labels.values():
        _draw_label(p, rect, lines, geo.label_font, geo.label_fm, u)
    if fig.legend is not None:
        fig.legend.paint(p, fig.origin)
    cfm = u.metrics(7)
    p.setFont(fig.caption_font)
    p.setPen(MUTED)
    for i, line in enumerate(fig.caption_lines):
        p.drawText(QPointF(fig.body.left(), fig.caption_top + i * cfm.height() + cfm.ascent()), line)
    p.restore()
    if fig.caption_lines:
        bottom = fig.caption_top + len(fig.caption_lines) * cfm.height()
    else:
        bottom = max(fig.map_rect.bottom(), fig.origin.y() + fig.legend.size.height() if fig.legend else 0.0)
    placement = geo.placement
    names = {}
    if placement is not None:
        ids = [a.id for a in data.actors]
        names = {ids[i]: value for i, value in placement.as_dict().items()}
    return PaintedMap(
        {actor_id: pl.center for actor_id, pl in geo.placed.items()},
        bottom,
        names,
        [line for line in fig.caption_lines if line],
    )


def _blossom(p0: QPointF, c: QPointF, p2: QPointF, t0: float, t1: float) -> tuple[float, float]:
    """Control point of the piece of a quadratic Bézier between parameters t0 and t1."""

    def lerp(a: QPointF, b: QPointF, t: float) -> QPointF:
        return QPointF(a.x() + (b.x() - a.x()) * t, a.y() + (b.y() - a.y()) * t)

    # blossom f(t0, t1) of the curve
    q = lerp(lerp(p0, c, t0), lerp(c, p2, t0), t1)
    return q.x(), q.y()


# ------------------------------------------------------------------------------------ file writers
def a4_points(*, landscape: bool = True) -> tuple[float, float]:
    w, h = (A4_MM[1], A4_MM[0]) if landscape else A4_MM
    return w / MM_PER_INCH * 72, h / MM_PER_INCH * 72


def page_pixels(width_mm: float, height_mm: float, dpi: float) -> tuple[int, int]:
    return round(width_mm / MM_PER_INCH * dpi), round(height_mm / MM_PER_INCH * dpi)


def _check_pixels(width: int, height: int) -> None:
    if width < 16 or height < 16:
        raise RenderError(f"an image must be at least 16×16 pixels, not {width}×{height}")
    if width > MAX_SIDE_PX or height > MAX_SIDE_PX or width * height > MAX_PIXELS:
        raise RenderError(
            f"{width}×{height} pixels is too large (at most {MAX_SIDE_PX} a side and "
            f"{MAX_PIXELS // 1_000_000} megapixels)"
        )


def render_image(
    data: MapData,
    *,
    width_px: int,
    height_px: int,
    dpi: float = 150,
    options: RenderOptions = RenderOptions(),
    on_painted: Callable[[PaintedMap], None] | None = None,
) -> QImage:
    """The map as an ARGB image of the given pixel size, tagged with ``dpi``; ``on_painted``
    hears where things went."""
    ensure_gui_application()
    _check_pixels(width_px, height_px)
    if not 18 <= dpi <= 2400:
        raise RenderError(f"DPI must be between 18 and 2400, not {dpi}")
    image = QImage(width_px, height_px, QImage.Format.Format_ARGB32_Premultiplied)
    dpm = round(dpi / 0.0254)
    image.setDotsPerMeterX(dpm)
    image.setDotsPerMeterY(dpm)
    image.fill(Qt.GlobalColor.transparent if options.background == "transparent" else Qt.GlobalColor.white)
    painter = QPainter(image)
    try:
        painted = paint_map(painter, QRectF(0, 0, width_px, height_px), data, options, dpi=dpi)
    finally:
        painter.end()
    if on_painted is not None:
        on_painted(painted)
    return image


def write_png(
    data: MapData,
    out: Path | str,
    *,
    width_px: int | None = None,
    height_px: int | None = None,
    dpi: float = 150,
    options: RenderOptions = RenderOptions(),
    on_painted: Callable[[PaintedMap], None] | None = None,
) -> Path:
    """Write a PNG; without a pixel size it is an A4 landscape page at ``dpi``."""
    out = Path(out)
    if width_px is None or height_px is None:
        w, h = page_pixels(A4_MM[1], A4_MM[0], dpi)
        if width_px is not None:  # only a width: keep A4's proportions
            w, h = width_px, round(width_px * A4_MM[0] / A4_MM[1])
        elif height_px is not None:
            w, h = round(height_px * A4_MM[1] / A4_MM[0]), height_px
        width_px, height_px = w, h
    image = render_image(data, width_px=width_px, height_px=height_px, dpi=dpi, options=options, on_painted=on_painted)
    # what the picture shows (workspace, filters, time window) travels with the file, as the
    # SVG's <desc> and the PDF's text do: a PNG's words are only pixels otherwise
    caption = data.caption() if options.caption is None else options.caption
    if caption:
        image.setText("Description", caption)
    if options.title:
        image.setText("Title", options.title)
    payload = png_bytes(image)
    if not payload:
        raise RenderError(f"{out}: the image could not be encoded as PNG")
    return write_atomically({out: payload})[0]


def svg_bytes(
    data: MapData,
    *,
    width_pt: float,
    height_pt: float,
    options: RenderOptions = RenderOptions(),
    title: str = "Relmap map",
    on_painted: Callable[[PaintedMap], None] | None = None,
) -> bytes:
    """The map as SVG 1.2 Tiny: vector shapes, names as <text>, sized in millimetres."""
    ensure_gui_application()
    # 4 device units per point keeps integer font pixel sizes within 2 % of the wanted size
    dpi = 288.0
    w, h = width_pt * dpi / 72, height_pt * dpi / 72
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buffer)
    gen.setResolution(round(dpi))
    gen.setSize(QSize(round(w), round(h)))
    gen.setViewBox(QRectF(0, 0, round(w), round(h)))
    gen.setTitle(options.title or title)
    gen.setDescription(data.caption())
    painter = QPainter(gen)
    try:
        painted = paint_map(painter, QRectF(0, 0, round(w), round(h)), data, options, dpi=dpi)
    finally:
        painter.end()
    if on_painted is not None:
        on_painted(painted)
    # Qt writes names into <text> as they are; XML has no way to write most control characters
    # (a workspace from before imports cleaned them may hold some), so they are made visible
    text = visible_controls(bytes(buffer.data().data()).decode("utf-8"))
    text = re.sub(r'font-family="([^"]*)"', lambda m: f'font-family="{_svg_family(m.group(1))}"', text)
    return text.encode("utf-8")


def _svg_family(family: str) -> str:
    return SVG_FONT_FALLBACK.replace("'", "&apos;") if family == FONT_FAMILY else family


def write_svg(
    data: MapData,
    out: Path | str,
    *,
    width_pt: float | None = None,
    height_pt: float | None = None,
    options: RenderOptions = RenderOptions(),
    on_painted: Callable[[PaintedMap], None] | None = None,
) -> Path:
    """Write an SVG; without a size it is an A4 landscape page."""
    out = Path(out)
    if width_pt is None or height_pt is None:
        width_pt, height_pt = a4_points(landscape=True)
    if width_pt < 12 or height_pt < 12:
        raise RenderError(f"an SVG must be at least 12×12 points, not {width_pt:g}×{height_pt:g}")
    payload = svg_bytes(data, width_pt=width_pt, height_pt=height_pt, options=options, on_painted=on_painted)
    return write_atomically({out: payload})[0]


def pdf_writer(device: QBuffer, *, landscape: bool, title: str) -> QPdfWriter:
    """A PDF writer into memory: Qt's own file writing says nothing of a full disk (it left a
    0-byte report and reported success), so the bytes are written by write_atomically."""
    writer = QPdfWriter(device)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait)
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    writer.setResolution(1200)
    writer.setTitle(title)
    writer.setCreator("Relmap")
    return writer


def write_pdf(
    data: MapData,
    out: Path | str,
    *,
    landscape: bool = True,
    options: RenderOptions = RenderOptions(),
    on_painted: Callable[[PaintedMap], None] | None = None,
) -> Path:
    """Write a one-page vector PDF of the map on A4."""
    ensure_gui_application()
    out = Path(out)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = pdf_writer(buffer, landscape=landscape, title=options.title or "Relmap map")
    painter = QPainter(writer)
    try:
        painted = paint_map(
            painter, QRectF(0, 0, writer.width(), writer.height()), data, options, dpi=writer.resolution()
        )
    finally:
        painter.end()
    if on_painted is not None:
        on_painted(painted)
    del writer  # flushes the PDF into the buffer
    return write_atomically({out: bytes(buffer.data().data())})[0]


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6 6.11's stubs type the format as bytes, but the binding takes str and refuses bytes
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    return bytes(data.data())


__all__ = [
    "KIND_STYLE",
    "RenderError",
    "RenderOptions",
    "a4_points",
    "ensure_gui_application",
    "kind_path",
    "paint_map",
    "shape_path",
    "page_pixels",
    "render_image",
    "svg_bytes",
    "write_pdf",
    "write_png",
    "write_svg",
    "wrap_text",
]
