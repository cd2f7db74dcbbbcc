"""The evidence graph: actors as nodes, relationships as edges, drawn from arrays (pyqtgraph).

One ScatterPlotItem draws every node, a handful of PlotCurveItems (one per colour/style group)
draw every edge, one path per colour draws the arrowheads and one painter pass draws the labels,
so a map of thousands of relationships stays a few dozen graphics items. Geometry that depends on
the zoom (lines stopping at a node's rim, arrowheads, side-by-side parallel relationships) is
recomputed from the arrays when the view changes.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QLabel, QToolTip, QWidget

from desktop.graph.edge_index import EdgeIndex
from desktop.graph.scene import (
    KIND_STYLE,
    FilterResult,
    GraphScene,
    arrowheads,
    edge_geometry,
    edge_widths,
    node_sizes,
    parallel_lanes,
)
from desktop.ui.theme import Theme, current_theme

# Pixels: how near a click must be to a line to pick it, sideways gap of parallel lines, arrows.
PICK_TOLERANCE_PX = 7.0
LANE_GAP_PX = 7.0
ARROW_LENGTH_PX = 11.0
ARROW_WIDTH_PX = 8.0
DIM_ALPHA = 45
# Level of detail on big maps: past this many lines on screen they are drawn one pixel wide and
# without arrowheads, as they are past this many arrowheads on screen (at that density they are
# specks).
EDGE_LOD_LINES = 1500
# Past this many lines on screen they are drawn without antialiasing: at that density single
# lines cannot be told apart anyway, and aliased cosmetic lines rasterise several times faster.
EDGE_AA_LINES = 20000
ARROW_LOD_HEADS = 1500
# Names are drawn only while at most this many actors are in view (zoom in to read them).
LABEL_LOD_ACTORS = 800
# Past this many actors drawn, symbol sizes follow the zoom in a few coarse steps.
NODE_LOD_SYMBOLS = 5000

_PEN_STYLE = {"confirmed": Qt.PenStyle.SolidLine, "proposed": Qt.PenStyle.DashLine,
              "rejected": Qt.PenStyle.DotLine}


def _color(value: str, alpha: int = 255) -> QColor:
    c = QColor(value)
    c.setAlpha(alpha)
    return c


class _MapViewBox(pg.ViewBox):
    """A ViewBox whose left drag moves a node when it starts on one, and pans otherwise."""

    def __init__(self, view: GraphView) -> None:
        super().__init__(lockAspect=True, enableMenu=False, defaultPadding=0.08)
        self._view = view
        self._drag_row: int | None = None
        self._drag_offset = QPointF()

    def mouseDragEvent(self, ev, axis=None) -> None:  # noqa: ANN001 - pyqtgraph's signature
        if ev.button() == Qt.MouseButton.LeftButton:
            if ev.isStart():
                row = self._view.node_at(ev.buttonDownPos())
                if row is not None:
                    self._drag_row = row
                    press = self.mapToView(ev.buttonDownPos())
                    x, y = self._view.positions[row]
                    self._drag_offset = QPointF(x - press.x(), y - press.y())
                    self._view._on_drag_started(row)
            if self._drag_row is not None:
                ev.accept()
                p = self.mapToView(ev.pos()) + self._drag_offset
                self._view._on_drag_moved(self._drag_row, p.x(), p.y())
                if ev.isFinish():
                    row, self._drag_row = self._drag_row, None
                    self._view._on_drag_finished(row)
                return
        super().mouseDragEvent(ev, axis)

    def mouseClickEvent(self, ev) -> None:  # noqa: ANN001
        ev.accept()
        self._view._on_click(ev.pos(), ev.button(), ev.screenPos())

    def wheelEvent(self, ev, axis=None) -> None:  # noqa: ANN001
        super().wheelEvent(ev, axis)
        self._view._user_moved_view()


# Screen directions of the label spots below, above, right and left of a node, then of the four
# corner spots (y grows down).
_D = np.sqrt(0.5)
_SPOT_DIRS = np.array([[0.0, 1.0], [0.0, -1.0], [1.0, 0.0], [-1.0, 0.0],
                       [_D, _D], [-_D, _D], [_D, -_D], [-_D, -_D]])
# Past this many lines at one actor every side is crossed anyway: only their mean direction counts.
_LABEL_RAYS_MAX = 64


def _two_lines(name: str) -> str | None:
    """``name`` broken at the space nearest its middle, or None if it has no space."""
    spaces = [i for i, ch in enumerate(name) if ch == " "]
    if not spaces:
        return None
    cut = min(spaces, key=lambda i: abs(2 * i - len(name)))
    return f"{name[:cut]}\n{name[cut + 1:]}"


def _spot_boxes(w: np.ndarray, h: np.ndarray, r: np.ndarray) -> np.ndarray:
    """(n, 8, 4) boxes (left, right, top, bottom), relative to the node's centre, of the label
    spots in _SPOT_DIRS order for names w wide and h high beside nodes of radius r."""
    c = r * _D
    zero = np.zeros_like(w)
    spots = [
        (-w / 2, w / 2, r + 2, r + 2 + h), (-w / 2, w / 2, -r - 2 - h, -r - 2),
        (r + 3, r + 3 + w, -h / 2, h / 2), (-r - 3 - w, -r - 3, -h / 2, h / 2),
        (c + 2, c + 2 + w, c + 2, c + 2 + h), (-c - 2 - w, -c - 2, c + 2, c + 2 + h),
        (c + 2, c + 2 + w, -c - 2 - h, -c - 2), (-c - 2 - w, -c - 2, -c - 2 - h, -c - 2),
    ]
    return np.stack([np.stack([zero + v for v in box], axis=-1) for box in spots], axis=1)


def _rays_cross(boxes: np.ndarray, rays: np.ndarray) -> np.ndarray:
    """Whether the ray from the origin along each unit vector ``rays[m]`` crosses each box of
    ``boxes[m]`` ((m, spots, 4) as _spot_boxes gives); (m, spots) booleans. Slab test: the
    stretch of the ray inside both the box's x range and its y range is not empty."""
    ux = rays[:, 0, None, None]
    uy = rays[:, 1, None, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        tx = boxes[:, :, :2] / ux  # where the ray meets the two vertical edges
        ty = boxes[:, :, 2:] / uy
    # A ray parallel to an axis runs inside that slab everywhere or nowhere.
    inside_x = np.where((boxes[:, :, 0] <= 0) & (boxes[:, :, 1] >= 0), -np.inf, np.inf)
    inside_y = np.where((boxes[:, :, 2] <= 0) & (boxes[:, :, 3] >= 0), -np.inf, np.inf)
    flat_x = ux[:, :, 0] == 0
    flat_y = uy[:, :, 0] == 0
    enter = np.maximum(np.where(flat_x, inside_x, tx.min(axis=2)), np.where(flat_y, inside_y, ty.min(axis=2)))
    leave = np.minimum(np.where(flat_x, -inside_x, tx.max(axis=2)), np.where(flat_y, -inside_y, ty.max(axis=2)))
    return leave > np.maximum(enter, 0.0)


class _Symbols(pg.ScatterPlotItem):
    """Node symbols that leave every click to the ViewBox (which picks nodes and edges)."""

    def mouseClickEvent(self, ev) -> None:  # noqa: ANN001
        ev.ignore()


class _LabelLayer(pg.GraphicsObject):
    """Every actor name in one painter pass: on a halo, below its node, never overlapping.

    Labels are placed in priority order (selected, highlighted, then the most connected) and a
    label that would overlap one already placed is skipped, so zooming in reveals more names.
    """

    def __init__(self, view: GraphView) -> None:
        super().__init__()
        self._view = view
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self.setZValue(30)
        self.font = QFont()
        self.font.setPointSizeF(max(self.font.pointSizeF(), 9.5))
        self.bold = QFont(self.font)
        self.bold.setBold(True)
        self.visible_count = 0
        self.placed: dict[int, QRectF] = {}  # node row -> where its name went, in the last paint

    def boundingRect(self) -> QRectF:
        parent = self.parentItem()
        return parent.boundingRect() if parent is not None else QRectF()

    def paint(self, painter: QPainter, *_args) -> None:  # noqa: ANN002
        view = self._view
        scene = view.scene_data
        self.visible_count = 0
        self.placed = {}
        if scene is None or not view.labels_enabled or scene.n == 0:
            return
        rows = view.label_order()
        if len(rows) == 0:
            return
        xy = view.rows_to_viewbox(rows)
        bounds = self.boundingRect()
        # Only actors on screen (a margin for names hanging in from outside) are considered.
        inside = ((xy[:, 0] > bounds.left() - 200) & (xy[:, 0] < bounds.right() + 200)
                  & (xy[:, 1] > bounds.top() - 60) & (xy[:, 1] < bounds.bottom() + 60))
        rows, xy = rows[inside], xy[inside]
        if len(rows) > LABEL_LOD_ACTORS:
            # Level of detail: names appear once the view is zoomed in far enough to read them;
            # until then only the selection and its neighbours are named.
            focus = np.isin(rows, np.fromiter(view.emphasised_rows(), dtype=np.int64))
            rows, xy = rows[focus], xy[focus]
        theme = view.theme
        grid = _RectGrid()
        fm_n, fm_b = QFontMetricsF(self.font), QFontMetricsF(self.bold)
        radius = view.drawn_px()[rows] / 2.0
        # Nodes are obstacles too: a name never hides another actor's symbol.
        node_rects = []
        if len(rows) <= 2000:
            for k in range(len(rows)):
                x, y = xy[k]
                r = radius[k] + 1
                node_rects.append(QRectF(x - r, y - r, 2 * r, 2 * r))
                grid.add(node_rects[-1], k)
        owner, rays = view.incident_directions(rows)
        pull = np.zeros((len(rows), 2))
        np.add.at(pull, owner, rays)
        emphasised = view.emphasised_rows()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        halo = _color(theme.label_background, 215)
        text_pen = QPen(_color(theme.text))
        dim_pen = QPen(_color(theme.muted_text, 150))
        limit = 400  # beyond this many names nobody reads them; keeps paint fast on big maps
        # On a dense, zoomed-out map most names cannot fit; stop looking after a while (the most
        # connected come first) so a paint stays fast.
        tries = min(len(rows), 1500)
        texts, strongs = [], []
        size = np.zeros((tries, 2))
        for k in range(tries):
            name = scene.names[rows[k]]
            strong = rows[k] in emphasised
            fm = fm_b if strong else fm_n
            if len(name) > 28:
                name = fm.elidedText(name, Qt.TextElideMode.ElideRight, fm.horizontalAdvance("M") * 16)
            texts.append(name)
            strongs.append(strong)
            size[k] = (fm.horizontalAdvance(name) + 8, fm.height() + 2)
        # Below the node, above, right or left, else at a corner: each name takes the first free
        # spot, trying first the spots none of its node's own lines cross, then the sides those
        # lines do not leave from (a name must not hide a line or an arrowhead). A hub's sides
        # are all crossed anyway: past _LABEL_RAYS_MAX lines only the direction counts.
        boxes = _spot_boxes(size[:, 0], size[:, 1], radius[:tries])
        crossed = np.zeros((tries, len(_SPOT_DIRS)))
        degree = np.bincount(owner, minlength=len(rows))
        mine = (owner < tries) & (degree[owner] <= _LABEL_RAYS_MAX)
        np.add.at(crossed, owner[mine], _rays_cross(boxes[owner[mine]], rays[mine]))
        corner = np.broadcast_to(np.arange(len(_SPOT_DIRS)) >= 4, crossed.shape)
        order = np.lexsort((pull[:tries] @ _SPOT_DIRS.T, corner, crossed), axis=-1)
        for k in range(tries):
            if self.visible_count >= limit:
                break
            row = rows[k]
            x, y = xy[k]
            if not (bounds.left() - 200 < x < bounds.right() + 200 and bounds.top() - 50 < y < bounds.bottom() + 50):
                continue
            name, strong = texts[k], strongs[k]
            candidates = [QRectF(x + b[0], y + b[2], b[1] - b[0], b[3] - b[2]) for b in boxes[k][order[k]]]
            rect = None
            for cand in candidates:
                if bounds.contains(cand) and not grid.hits(cand, skip=k):
                    rect = cand
                    break
            wrapped = _two_lines(name) if rect is None else None
            if wrapped is not None:
                # No room on one line: a long name may still fit on two, half as wide.
                fm = fm_b if strong else fm_n
                w2 = max(fm.horizontalAdvance(part) for part in wrapped.split("\n")) + 8
                box2 = _spot_boxes(np.array([w2]), np.array([fm.lineSpacing() + fm.height() + 2]), radius[k:k + 1])
                own = rays[owner == k]
                crossed2 = _rays_cross(np.broadcast_to(box2, (len(own), *box2.shape[1:])), own).sum(axis=0) \
                    if len(own) <= _LABEL_RAYS_MAX else np.zeros(len(_SPOT_DIRS))
                for b in box2[0][np.lexsort((_SPOT_DIRS @ pull[k], corner[0], crossed2))]:
                    cand = QRectF(x + b[0], y + b[2], b[1] - b[0], b[3] - b[2])
                    if bounds.contains(cand) and not grid.hits(cand, skip=k):
                        rect, name = cand, wrapped
                        break
            if rect is None and (strong or k < 3):
                # The most important names may cover a symbol rather than go missing.
                for cand in candidates:
                    if bounds.contains(cand) and not grid.hits(cand, skip=k, labels_only=True):
                        rect = cand
                        break
            if rect is None:
                continue
            grid.add(rect, -1)
            self.placed[int(row)] = rect
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(halo)
            painter.drawRoundedRect(rect, 4, 4)
            painter.setFont(self.bold if strong else self.font)
            painter.setPen(dim_pen if view.is_dimmed(row) else text_pen)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, name)
            self.visible_count += 1


class _RectGrid:
    """Rectangles bucketed by 64-pixel cells, so overlap tests stay cheap on big maps."""

    CELL = 64.0

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[tuple[QRectF, int]]] = {}

    def _keys(self, rect: QRectF):  # noqa: ANN202
        c = self.CELL
        for i in range(int(rect.left() // c), int(rect.right() // c) + 1):
            for j in range(int(rect.top() // c), int(rect.bottom() // c) + 1):
                yield i, j

    def add(self, rect: QRectF, owner: int) -> None:
        for key in self._keys(rect):
            self._cells.setdefault(key, []).append((rect, owner))

    def hits(self, rect: QRectF, *, skip: int, labels_only: bool = False) -> bool:
        for key in self._keys(rect):
            for other, owner in self._cells.get(key, ()):
                if labels_only and owner != -1:
                    continue
                if owner != skip and other.intersects(rect):
                    return True
        return False


class _Legend(QWidget):
    """What the shapes and colours mean, for the kinds and types on screen only."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.kinds: list[str] = []
        self.types: list[tuple[str, str, bool]] = []  # label, colour, directed
        self.proposed = False
        self.theme: Theme = current_theme()
        self.hide()

    def set_entries(self, kinds: list[str], types: list[tuple[str, str, bool]], proposed: bool, theme: Theme) -> None:
        self.kinds, self.types, self.proposed, self.theme = kinds, types, proposed, theme
        rows = len(kinds) + len(types) + (1 if proposed else 0)
        if rows == 0:
            self.hide()
            return
        fm = self.fontMetrics()
        labels = [k.capitalize() for k in kinds] + [t[0] for t in types] + (["proposed (unreviewed)"] if proposed else [])
        width = 44 + max(fm.horizontalAdvance(s) for s in labels) + 14
        self._row_h = max(fm.height() + 4, 18)
        height = 10 + rows * self._row_h + (6 if kinds and (types or proposed) else 0) + 6
        self.resize(int(width), int(height))
        self.show()
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: ANN001
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        t = self.theme
        p.setPen(QPen(_color(t.muted_text, 70)))
        p.setBrush(_color(t.background, 230))
        p.drawRoundedRect(QRectF(0.5, 0.5, self.width() - 1, self.height() - 1), 6, 6)
        y = 8.0
        h = self._row_h
        text_pen = QPen(_color(t.text))
        for kind in self.kinds:
            symbol, fill = KIND_STYLE.get(kind, KIND_STYLE["other"])
            cx, cy, r = 20.0, y + h / 2, 6.0
            p.setPen(QPen(_color(t.node_outline), 1.2))
            p.setBrush(QColor(fill))
            _draw_symbol(p, symbol, cx, cy, r)
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
            pen = QPen(_color(t.muted_text), 2.0)
            pen.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawLine(QPointF(8, cy), QPointF(32, cy))
            p.setPen(QPen(_color(t.muted_text)))
            p.drawText(QRectF(38, y, self.width() - 40, h), Qt.AlignmentFlag.AlignVCenter, "proposed (unreviewed)")
        p.end()


def _draw_symbol(p: QPainter, symbol: str, cx: float, cy: float, r: float) -> None:
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


class GraphView(pg.GraphicsView):
    """Pan/zoom map of a :class:`GraphScene`; reports clicks, drags and hovers as row-free ids.

    Signals carry actor and relationship ids (never rows), so the main window talks to the
    repository in the investigator's terms.
    """

    sigActorClicked = Signal(int)
    sigRelationshipClicked = Signal(int)
    sigBackgroundClicked = Signal()
    sigActorContextMenu = Signal(int, QPoint)
    sigRelationshipContextMenu = Signal(int, QPoint)
    sigBackgroundContextMenu = Signal(QPoint)
    sigActorDragStarted = Signal(int)
    sigActorDropped = Signal(int, float, float)
    sigViewMovedByUser = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background=None)
        self.setObjectName("graphView")
        self.theme: Theme = current_theme()
        self.vb = _MapViewBox(self)
        self.setCentralItem(self.vb)
        self.setAntialiasing(True)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.scene_data: GraphScene | None = None
        self._geometry_version = 0
        self._node_scale = 1.0
        self.positions = np.empty((0, 2))
        self.node_px = np.empty(0)
        self.visible_nodes = np.empty(0, dtype=bool)
        self.visible_edges = np.empty(0, dtype=bool)
        self.labels_enabled = True
        self.selected_actor: int | None = None
        self.selected_relationship: int | None = None
        self._focus_nodes = np.empty(0, dtype=np.int64)  # rows kept bright around the selection
        self._focus_edges = np.empty(0, dtype=np.int64)
        self._path_edges = np.empty(0, dtype=np.int64)
        self._lanes = np.empty(0)
        self._edge_pool: list[pg.PlotCurveItem] = []
        self._arrow_pool: list[QGraphicsPathItem] = []
        self._glow = pg.PlotCurveItem(connect="pairs", antialias=True)
        self._glow.setZValue(5)
        self.vb.addItem(self._glow, ignoreBounds=True)
        self._nodes = _Symbols(pxMode=True, antialias=True, hoverable=False)
        self._nodes.setZValue(20)
        # Clicks and drags are the ViewBox's (it knows nodes and edges); the scatter must not eat them.
        self._nodes.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.vb.addItem(self._nodes)
        self._ring = _Symbols(pxMode=True, antialias=True)
        self._ring.setZValue(19)
        self._ring.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.vb.addItem(self._ring, ignoreBounds=True)
        self._labels = _LabelLayer(self)
        self._labels.setParentItem(self.vb)
        self.legend = _Legend(self)
        self.empty_note = QLabel(self)
        self.empty_note.setObjectName("emptyNote")
        self.empty_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_note.setWordWrap(True)
        self.empty_note.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.empty_note.hide()
        self._index: EdgeIndex | None = None
        self._index_rows = np.empty(0, dtype=np.int64)
        self._index_lane_rows = np.empty(0, dtype=np.int64)
        self._index_key: tuple | None = None
        self._geometry_dirty = True
        self.vb.sigTransformChanged.connect(self._on_transform_changed)
        self.vb.sigRangeChanged.connect(self._on_range_changed)
        self.vb.sigResized.connect(self._on_transform_changed)
        # Redraw zoom-dependent geometry at most once per frame, however many events arrive.
        self._redraw_timer = QTimer(self, singleShot=True, interval=0)
        self._redraw_timer.timeout.connect(self._on_redraw_timer)
        # The pick index is built once the map has been still for a moment, not by the first
        # click (~0.1-0.5 s for 100k relationships); a layout's frames keep pushing it back.
        self._index_timer = QTimer(self, singleShot=True, interval=200)
        self._index_timer.timeout.connect(self._edge_index)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.apply_theme(self.theme)

    # ------------------------------------------------------------------ data in
    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.setBackground(QColor(theme.background))
        self._redraw_all()

    def set_scene(self, scene: GraphScene, positions: np.ndarray, shown: FilterResult) -> None:
        """Show ``scene`` with node ``positions`` (n, 2) and the rows ``shown`` keeps."""
        self.scene_data = scene
        self.positions = np.array(positions, dtype=np.float64).reshape(-1, 2)
        self._geometry_version += 1
        self.node_px = node_sizes(scene.degree)
        self._lanes = parallel_lanes(scene.edges)
        self.visible_nodes = shown.nodes.copy()
        self.visible_edges = shown.edges.copy()
        if self.selected_actor is not None and self.selected_actor not in scene.row_of_actor:
            self.selected_actor = None
        if self.selected_relationship is not None and self.selected_relationship not in scene.row_of_relationship:
            self.selected_relationship = None
        self._update_focus()
        self._redraw_all()

    def set_filter_result(self, shown: FilterResult) -> None:
        self.visible_nodes = shown.nodes.copy()
        self.visible_edges = shown.edges.copy()
        self._update_focus()
        self._redraw_all()

    def set_positions(self, positions: np.ndarray) -> None:
        """New node positions (a layout frame): everything moves, nothing else changes."""
        self.positions = np.array(positions, dtype=np.float64).reshape(-1, 2)
        self._geometry_dirty = True
        self._geometry_version += 1
        self._redraw_nodes()
        self._redraw_edges()

    def set_path(self, edge_rows: np.ndarray | list[int]) -> None:
        self._path_edges = np.asarray(edge_rows, dtype=np.int64)
        self._redraw_edges()

    # ------------------------------------------------------------------ selection
    def select_actor(self, actor_id: int | None) -> None:
        self.selected_actor = actor_id
        self.selected_relationship = None
        self._update_focus()
        self._redraw_all()

    def select_relationship(self, rel_id: int | None, *, keep_actor: bool = False) -> None:
        self.selected_relationship = rel_id
        if not keep_actor:
            self.selected_actor = None
        self._update_focus()
        self._redraw_all()

    def clear_selection(self) -> None:
        self.selected_actor = None
        self.selected_relationship = None
        self._update_focus()
        self._redraw_all()

    def _update_focus(self) -> None:
        s = self.scene_data
        self._focus_nodes = np.empty(0, dtype=np.int64)
        self._focus_edges = np.empty(0, dtype=np.int64)
        if s is None:
            return
        if self.selected_actor is not None and self.selected_actor in s.row_of_actor:
            row = s.row_of_actor[self.selected_actor]
            touching = self.visible_edges & ((s.edges[:, 0] == row) | (s.edges[:, 1] == row)) if s.m else \
                np.zeros(0, dtype=bool)
            edges = np.flatnonzero(touching)
            self._focus_edges = edges
            self._focus_nodes = np.unique(np.concatenate([[row], s.edges[edges].ravel()])).astype(np.int64)
        elif self.selected_relationship is not None and self.selected_relationship in s.row_of_relationship:
            k = s.row_of_relationship[self.selected_relationship]
            self._focus_edges = np.array([k])
            self._focus_nodes = s.edges[k].astype(np.int64)

    def is_dimmed(self, row: int) -> bool:
        return len(self._focus_nodes) > 0 and row not in set(self._focus_nodes.tolist())

    def emphasised_rows(self) -> set[int]:
        return set(self._focus_nodes.tolist())

    # ------------------------------------------------------------------ coordinates
    def _data_to_vb(self, xy: np.ndarray) -> np.ndarray:
        t = self.vb.childGroup.transform()
        x, y = xy[:, 0], xy[:, 1]
        return np.stack([t.m11() * x + t.m21() * y + t.dx(), t.m12() * x + t.m22() * y + t.dy()], axis=1)

    def rows_to_viewbox(self, rows: np.ndarray) -> np.ndarray:
        return self._data_to_vb(self.positions[rows])

    def pixel_size(self) -> float:
        """Data units per screen pixel (the aspect ratio is locked, so one number)."""
        t = self.vb.childGroup.transform()
        scale = float(np.hypot(t.m11(), t.m12()))
        return 1.0 / scale if scale > 0 else 1.0

    def data_to_viewport(self, x: float, y: float) -> QPoint:
        """Where data point (x, y) is on the viewport widget (for tests and the self-test)."""
        return self.mapFromScene(self.vb.mapViewToScene(QPointF(x, y)))

    def actor_viewport_pos(self, actor_id: int) -> QPoint:
        x, y = self.positions[self.scene_data.row_of_actor[actor_id]]
        return self.data_to_viewport(x, y)

    def relationship_viewport_pos(self, rel_id: int) -> QPoint:
        """Midpoint of the relationship's line as drawn (parallel lines are offset), in viewport pixels."""
        s = self.scene_data
        k = s.row_of_relationship[rel_id]
        start, end = self._drawn_segments(np.array([k]))
        mid = (start[0] + end[0]) / 2
        return self.data_to_viewport(float(mid[0]), float(mid[1]))

    def relationship_click_point(self, rel_id: int) -> QPoint | None:
        """A viewport point on the relationship's drawn line that a click would pick, or None.

        The midpoint first; if a node or another line is nearer there, points further along.
        """
        s = self.scene_data
        k = s.row_of_relationship.get(rel_id) if s is not None else None
        if k is None or not self.visible_edges[k]:
            return None
        start, end = self._drawn_segments(np.array([k]))
        for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
            p = start[0] + (end[0] - start[0]) * t
            vp = self.data_to_viewport(float(p[0]), float(p[1]))
            vb_pos = self.vb.mapFromScene(self.mapToScene(vp))
            if self.node_at(vb_pos) is None and self.edge_at(vb_pos) == k:
                return vp
        return None

    # ------------------------------------------------------------------ picking
    def node_at(self, vb_pos: QPointF) -> int | None:
        """Row of the visible node under a ViewBox-local point, or None."""
        s = self.scene_data
        if s is None or s.n == 0:
            return None
        rows = np.flatnonzero(self.visible_nodes & np.isfinite(self.positions).all(axis=1))
        if len(rows) == 0:
            return None
        xy = self.rows_to_viewbox(rows)
        d = np.hypot(xy[:, 0] - vb_pos.x(), xy[:, 1] - vb_pos.y())
        reach = self.drawn_px()[rows] / 2 + 3
        hit = np.flatnonzero(d <= reach)
        if len(hit) == 0:
            return None
        # Prefer the node whose centre is nearest; draw order puts the biggest on top anyway.
        return int(rows[hit[np.argmin(d[hit])]])

    def hover_text(self) -> str:
        return self._labels.toolTip()

    def edge_at(self, vb_pos: QPointF) -> int | None:
        """Row of the visible edge within PICK_TOLERANCE_PX of a ViewBox-local point, or None."""
        s = self.scene_data
        if s is None or s.m == 0:
            return None
        index = self._edge_index()
        p = self.vb.mapToView(vb_pos)
        x, y = p.x(), p.y()
        tol = PICK_TOLERANCE_PX * self.pixel_size()
        best, best_d = None, np.inf
        if index is not None:
            k = index.nearest(x, y, tol)
            if k >= 0:
                best = int(self._index_rows[k])
                a, b = s.edges[best]
                best_d = float(_point_segment_distance(x, y, self.positions[[a]], self.positions[[b]])[0])
        # Side-by-side parallel lines move with the zoom (their gap is in pixels): measured directly.
        lanes = self._index_lane_rows
        if len(lanes):
            start, end = self._drawn_segments(lanes, trim=False)
            d = _point_segment_distance(x, y, start, end)
            j = int(np.nanargmin(d)) if np.isfinite(d).any() else -1
            if j >= 0 and d[j] <= tol and d[j] < best_d:
                best = int(lanes[j])
        return best

    def _edge_index(self) -> EdgeIndex | None:
        """Index over the visible single lines in data units: independent of the zoom, so it is
        built once per change of positions or filter (moved actors only mark their lines)."""
        s = self.scene_data
        if s is None or s.m == 0:
            return None
        visible = self.visible_edges.tobytes()
        key = self._index_key
        if key is not None and key[0] is s and key[1] == visible:
            if key[2] != self._geometry_version:
                if self._index is not None:
                    self._index.update(self.positions)
                self._index_key = (s, visible, self._geometry_version)
            return self._index
        rows = np.flatnonzero(self.visible_edges)
        single = self._lanes[rows] == 0
        self._index_rows = rows[single]
        self._index_lane_rows = rows[~single]
        self._index = EdgeIndex(self.positions, s.edges[self._index_rows]) if len(self._index_rows) else None
        self._index_key = (s, visible, self._geometry_version)
        return self._index

    def _edges_in_view(self, rows: np.ndarray, rect: QRectF | None = None) -> np.ndarray:
        """Which edge ``rows`` can show in the view (or ``rect``, data units) now: both ends
        placed and the line's box meeting the rectangle (with a margin for parallel lanes and
        wide pens)."""
        s = self.scene_data
        if len(rows) == 0:
            return np.zeros(0, dtype=bool)
        e = s.edges[rows]
        a, b = self.positions[e[:, 0]], self.positions[e[:, 1]]
        lo, hi = np.fmin(a, b), np.fmax(a, b)  # NaN ends make the comparisons below False
        r = self.vb.viewRect() if rect is None else rect
        margin = 40.0 * self.pixel_size()
        return ((hi[:, 0] >= r.left() - margin) & (lo[:, 0] <= r.right() + margin)
                & (hi[:, 1] >= r.top() - margin) & (lo[:, 1] <= r.bottom() + margin)
                & np.isfinite(a).all(axis=1) & np.isfinite(b).all(axis=1))

    def _edge_finite(self) -> np.ndarray:
        s = self.scene_data
        ok = np.isfinite(self.positions).all(axis=1)
        return ok[s.edges[:, 0]] & ok[s.edges[:, 1]] if s.m else np.zeros(0, dtype=bool)

    def _drawn_segments(self, rows: np.ndarray, *, trim: bool = True) -> tuple[np.ndarray, np.ndarray]:
        s = self.scene_data
        px = self.pixel_size()
        e = s.edges[rows]
        if trim:
            drawn = self.drawn_px()
            ts = (drawn[e[:, 0]] / 2 + 1.5) * px
            te = (drawn[e[:, 1]] / 2 + 2.5) * px
        else:
            ts = te = 0.0
        return edge_geometry(self.positions, e, self._lanes[rows], lane_gap=LANE_GAP_PX * px,
                             trim_start=ts, trim_end=te)

    # ------------------------------------------------------------------ mouse
    def _on_click(self, vb_pos: QPointF, button: Qt.MouseButton, screen_pos: QPointF) -> None:
        row = self.node_at(vb_pos)
        edge = None if row is not None else self.edge_at(vb_pos)
        s = self.scene_data
        global_pos = QPoint(int(screen_pos.x()), int(screen_pos.y()))
        if button == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            if row is not None:
                self.sigActorClicked.emit(int(s.actor_ids[row]))
            elif edge is not None:
                self.sigRelationshipClicked.emit(int(s.rel_ids[edge]))
            else:
                self.sigBackgroundClicked.emit()
        elif button == Qt.MouseButton.RightButton:
            if row is not None:
                self.sigActorContextMenu.emit(int(s.actor_ids[row]), global_pos)
            elif edge is not None:
                self.sigRelationshipContextMenu.emit(int(s.rel_ids[edge]), global_pos)
            else:
                self.sigBackgroundContextMenu.emit(global_pos)

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        s = self.scene_data
        if s is None or self.vb._drag_row is not None:
            return
        vb_pos = self.vb.mapFromScene(scene_pos)
        row = self.node_at(vb_pos)
        tip = ""
        if row is not None:
            kind = s.kinds[row]
            aka = f"<br><span>also: {', '.join(_esc(a) for a in s.aliases[row][:4])}</span>" if s.aliases[row] else ""
            pinned = " · pinned" if s.pinned[row] else ""
            tip = (f"<b>{_esc(s.names[row])}</b><br>{kind}{pinned} · {int(s.degree[row])} "
                   f"relationship{'s' if s.degree[row] != 1 else ''}{aka}")
        else:
            edge = self.edge_at(vb_pos)
            if edge is not None:
                a, b = s.edges[edge]
                arrow = "→" if s.directed[edge] else "—"
                n_ev = int(s.evidence_count[edge])
                tip = (f"<b>{_esc(s.names[a])}</b> {arrow} <i>{_esc(s.type_label(s.types[edge]))}</i> {arrow} "
                       f"<b>{_esc(s.names[b])}</b><br>{s.statuses[edge]} · confidence {s.confidence[edge]:.2f} · "
                       f"{n_ev} excerpt{'s' if n_ev != 1 else ''} · click to read the evidence")
        if tip:  # one line per fact: Qt would otherwise wrap a rich-text tooltip narrowly
            tip = "<br>".join(f"<nobr>{line}</nobr>" for line in tip.replace("-", "\u2011").split("<br>"))
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor if tip else Qt.CursorShape.ArrowCursor)
        # The label layer covers the whole map, so Qt's own tooltip event (after the usual hover
        # delay) finds this text wherever the pointer rests.
        if tip != self._labels.toolTip():
            self._labels.setToolTip(tip)
            if not tip:
                QToolTip.hideText()

    def _on_drag_started(self, row: int) -> None:
        self.sigActorDragStarted.emit(int(self.scene_data.actor_ids[row]))

    def _on_drag_moved(self, row: int, x: float, y: float) -> None:
        self.positions = self.positions.copy()
        self.positions[row] = (x, y)
        self._geometry_version += 1
        self._geometry_dirty = True
        self._redraw_nodes()
        self._redraw_edges()

    def _on_drag_finished(self, row: int) -> None:
        x, y = self.positions[row]
        self.sigActorDropped.emit(int(self.scene_data.actor_ids[row]), float(x), float(y))

    def is_dragging(self) -> bool:
        return self.vb._drag_row is not None

    def _user_moved_view(self) -> None:
        self.sigViewMovedByUser.emit()

    def mouseReleaseEvent(self, ev) -> None:  # noqa: ANN001
        super().mouseReleaseEvent(ev)
        if ev.button() == Qt.MouseButton.LeftButton:
            self._user_moved_view()

    # ------------------------------------------------------------------ view
    def fit(self, *, rows: np.ndarray | None = None) -> None:
        """Zoom so the visible actors (or ``rows``) fill the view, with room for names."""
        s = self.scene_data
        if s is None or s.n == 0:
            return
        if rows is None:
            rows = np.flatnonzero(self.visible_nodes)
        xy = self.positions[rows] if len(rows) else self.positions
        xy = xy[np.isfinite(xy).all(axis=1)]
        if len(xy) == 0:
            return
        lo, hi = xy.min(axis=0), xy.max(axis=0)
        span = np.maximum(hi - lo, 1e-9)
        w, h = max(self.vb.width(), 100.0), max(self.vb.height(), 100.0)
        # Leave room in pixels for the symbols and the names beside/below the outer actors.
        # Half the widest name (capped) so the outermost actors' names fit beside or below them.
        fm = QFontMetricsF(self._labels.font)
        widest = max((fm.horizontalAdvance(s.names[r]) for r in rows[:2000]), default=0.0) if len(rows) else 0.0
        pad_x, pad_y = float(np.clip(widest / 2 + 16, 60.0, 150.0)), 46.0
        if len(xy) == 1:
            scale = 60.0
        else:
            sx = (w - 2 * pad_x) / span[0] if span[0] > 1e-6 else np.inf
            sy = (h - 2 * pad_y) / span[1] if span[1] > 1e-6 else np.inf
            scale = min(sx, sy)
            if not np.isfinite(scale) or scale <= 0:
                scale = 60.0
        # Keep the map clear of the legend: beside it or above it, whichever leaves more room.
        shift = np.zeros(2)
        if self.legend.isVisible() and len(xy) > 1:
            lw, lh = self.legend.width() + 16.0, self.legend.height() + 16.0
            options = []
            for free_w, free_h, dx, dy in ((w - lw, h, lw / 2, 0.0), (w, h - lh, 0.0, lh / 2)):
                sx = (free_w - 2 * pad_x) / span[0] if span[0] > 1e-6 else np.inf
                sy = (free_h - 2 * pad_y) / span[1] if span[1] > 1e-6 else np.inf
                options.append((min(sx, sy), dx, dy))
            best = max(options, key=lambda o: o[0])
            if np.isfinite(best[0]) and best[0] > 0 and best[0] > scale * 0.55:
                scale = min(best[0], scale)
                # pixels -> data units; screen y grows downwards, data y upwards
                shift = np.array([-best[1] / scale, -best[2] / scale])
        centre = (lo + hi) / 2 + shift
        half_w, half_h = w / scale / 2, h / scale / 2
        self.vb.setRange(QRectF(centre[0] - half_w, centre[1] - half_h, 2 * half_w, 2 * half_h), padding=0)

    def centre_on(self, actor_id: int) -> None:
        """Centre on an actor, zooming in if the map is drawn too small to read around it."""
        s = self.scene_data
        row = s.row_of_actor[actor_id]
        x, y = self.positions[row]
        if not np.isfinite([x, y]).all():
            return
        rect = self.vb.viewRect()
        w, h = rect.width(), rect.height()
        med = self._median_edge()
        if med > 0 and med / self.pixel_size() < 90:
            scale = (med / 130.0) / self.pixel_size()  # about 130 px per typical relationship
            w, h = w * scale, h * scale
        self.vb.setRange(QRectF(x - w / 2, y - h / 2, w, h), padding=0)

    def _median_edge(self) -> float:
        s = self.scene_data
        if s is None or s.m == 0:
            return 0.0
        ok = self._edge_finite()
        if not ok.any():
            return 0.0
        e = s.edges[ok]
        d = np.hypot(*(self.positions[e[:, 1]] - self.positions[e[:, 0]]).T)
        return float(np.median(d))

    def resizeEvent(self, ev) -> None:  # noqa: ANN001
        super().resizeEvent(ev)
        self._place_overlays()

    def _place_overlays(self) -> None:
        if not hasattr(self, "empty_note"):  # pyqtgraph resizes the view before __init__ is done
            return
        self.empty_note.setGeometry(40, self.height() // 2 - 60, max(self.width() - 80, 100), 120)
        self.legend.move(12, max(self.height() - self.legend.height() - 12, 12))

    def incident_directions(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The drawn lines at each node row, as (index into ``rows``, unit screen vector pointing
        away from that node) pairs, one per line end."""
        s = self.scene_data
        none = (np.empty(0, dtype=np.int64), np.empty((0, 2)))
        if s is None or s.m == 0 or len(rows) == 0:
            return none
        e = s.edges[self.visible_edges & self._edge_finite()]
        position = np.full(s.n, -1, dtype=np.int64)
        position[rows] = np.arange(len(rows))
        e = e[(position[e[:, 0]] >= 0) | (position[e[:, 1]] >= 0)]  # only lines touching the rows
        if len(e) == 0:
            return none
        a = self._data_to_vb(self.positions[e[:, 0]])
        b = self._data_to_vb(self.positions[e[:, 1]])
        d = b - a
        d /= np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-9)[:, None]
        owner = np.concatenate([position[e[:, 0]], position[e[:, 1]]])
        rays = np.concatenate([d, -d])
        keep = owner >= 0
        return owner[keep], rays[keep]

    def label_order(self) -> np.ndarray:
        """Visible node rows in label priority: selection first, then by relationships."""
        s = self.scene_data
        # Every paint asks; the answer changes with the data and selection, not with the zoom.
        key = (self._geometry_version, self.visible_nodes.tobytes(), self._focus_nodes.tobytes(), self.selected_actor)
        cached = getattr(self, "_label_order", None)
        if cached is not None and cached[0] is s and cached[1] == key:
            return cached[2]
        rows = self._label_order_uncached()
        self._label_order = (s, key, rows)
        return rows

    def _label_order_uncached(self) -> np.ndarray:
        s = self.scene_data
        rows = np.flatnonzero(self.visible_nodes & np.isfinite(self.positions).all(axis=1))
        if len(rows) == 0:
            return rows
        focus = np.isin(rows, self._focus_nodes)
        first = np.zeros(len(rows), dtype=bool)
        if self.selected_actor is not None and self.selected_actor in s.row_of_actor:
            first = rows == s.row_of_actor[self.selected_actor]
        order = np.lexsort((rows, -s.degree[rows], ~focus, ~first))
        return rows[order]

    # ------------------------------------------------------------------ drawing
    def _on_transform_changed(self, *_args) -> None:  # noqa: ANN002
        self._geometry_dirty = True
        self._redraw_timer.start()

    def _on_range_changed(self, *_args) -> None:  # noqa: ANN002
        """A pan or zoom: apply it and redraw the zoom-dependent geometry now, so the next paint
        shows both at once (left to the ViewBox, the new range would be applied while painting
        and the geometry would follow in a second, full paint)."""
        self.vb.updateMatrix()
        if self._redraw_timer.isActive():
            self._redraw_timer.stop()
            self._on_redraw_timer()

    def _on_redraw_timer(self) -> None:
        if abs(self._wanted_node_scale() - self._node_scale) > 0.02:
            self._redraw_nodes()
        self._redraw_edges()

    def _redraw_all(self) -> None:
        """Styles changed (scene, filter, selection, theme): restyle, then redraw."""
        self._geometry_dirty = True
        self._restyle_nodes()
        self._restyle_edges()
        self._redraw_nodes()
        self._redraw_edges()
        self._update_legend()

    # Styles depend on the scene, filter, selection and theme; positions change far more often
    # (every layout frame, every drag step), so only geometry is recomputed then.
    def _restyle_nodes(self) -> None:
        s = self.scene_data
        self._node_style = None
        if s is None:
            return
        rows = np.flatnonzero(self.visible_nodes)
        # Big nodes last so they draw on top of the small ones they overlap.
        rows = rows[np.argsort(self.node_px[rows], kind="stable")]
        t = self.theme
        focus = np.zeros(s.n, dtype=bool)
        focus[self._focus_nodes] = True
        any_focus = bool(focus.any())
        cache: dict[tuple, object] = {}

        def brush(kind: str, dim: bool):  # noqa: ANN202
            key = ("b", kind, dim)
            if key not in cache:
                fill = KIND_STYLE.get(kind, KIND_STYLE["other"])[1]
                cache[key] = QBrush(_color(fill, DIM_ALPHA + 20 if dim else 255))
            return cache[key]

        def pen(pinned: bool, dim: bool):  # noqa: ANN202
            key = ("p", pinned, dim)
            if key not in cache:
                cache[key] = (pg.mkPen(_color(t.text, 90 if dim else 230), width=2.2) if pinned
                              else pg.mkPen(_color(t.node_outline, 90 if dim else 255), width=1.6))
            return cache[key]

        dims = (~focus[rows]) & any_focus
        kinds = [s.kinds[r] for r in rows]
        self._node_style = {
            "rows": rows,
            "symbol": [KIND_STYLE.get(k, KIND_STYLE["other"])[0] for k in kinds],
            "brush": [brush(k, bool(d)) for k, d in zip(kinds, dims)],
            "pen": [pen(bool(p), bool(d)) for p, d in zip(s.pinned[rows], dims)],
        }

    def _wanted_node_scale(self) -> float:
        """Shrink symbols when relationships are drawn shorter than symbols are wide (a dense
        map zoomed out), so the map shows its structure instead of a blob."""
        med = self._median_edge_cached()
        if med <= 0:
            return 1.0
        edge_px = med / self.pixel_size()
        k = float(np.clip(edge_px / 55.0, 0.2, 1.0))
        style = getattr(self, "_node_style", None)
        if style is not None and len(style["rows"]) > NODE_LOD_SYMBOLS:
            # Resizing tens of thousands of symbols costs pyqtgraph a few hundred ms: on a big
            # map step down to the nearest of a few sizes instead of following every zoom step
            # (never larger than the smooth size, so a dense map does not turn into a blob).
            k = max(r for r in (0.2, 0.45, 1.0) if r <= k + 1e-9)
        return k

    def _median_edge_cached(self) -> float:
        key = (id(self.positions), self.positions.shape, self._geometry_version)
        if getattr(self, "_median_key", None) != key:
            self._median_key = key
            self._median_value = self._median_edge()
        return self._median_value

    def drawn_px(self) -> np.ndarray:
        """Node diameters in pixels as drawn now (node_sizes, shrunk on dense zoomed-out maps)."""
        return self.node_px * getattr(self, "_node_scale", 1.0)

    def _redraw_nodes(self) -> None:
        s = self.scene_data
        style = getattr(self, "_node_style", None)
        if s is None or style is None:
            return
        rows = style["rows"]
        self._node_scale = self._wanted_node_scale()
        drawn = self.drawn_px()
        ok = np.isfinite(self.positions[rows]).all(axis=1)
        key = (style, self._geometry_version)  # the style dict itself: compared by identity
        last = getattr(self, "_nodes_key", None)
        if last is not None and last[0] is style and last[1] == key[1]:
            # Only the zoom changed the symbol sizes: resize, keep the pens, brushes and symbols.
            self._nodes.setSize(drawn[rows[ok]])
        elif ok.all():
            self._nodes.setData(pos=self.positions[rows], size=drawn[rows], symbol=style["symbol"],
                                brush=style["brush"], pen=style["pen"], data=rows)
        else:
            keep = np.flatnonzero(ok)
            self._nodes.setData(pos=self.positions[rows[keep]], size=drawn[rows[keep]],
                                symbol=[style["symbol"][i] for i in keep], brush=[style["brush"][i] for i in keep],
                                pen=[style["pen"][i] for i in keep], data=rows[keep])
        self._nodes_key = key
        t = self.theme
        ring = []
        if self.selected_actor is not None and self.selected_actor in s.row_of_actor:
            r = s.row_of_actor[self.selected_actor]
            if self.visible_nodes[r] and np.isfinite(self.positions[r]).all():
                ring = [r]
        if ring:
            rr = np.array(ring)
            self._ring.setData(pos=self.positions[rr], size=drawn[rr] + 10,
                               symbol=[KIND_STYLE.get(s.kinds[r], KIND_STYLE["other"])[0] for r in rr],
                               brush=QBrush(Qt.BrushStyle.NoBrush), pen=pg.mkPen(t.accent, width=3))
        else:
            self._ring.setData([], [])
        self._labels.update()

    def _restyle_edges(self) -> None:
        """Group the visible edges by how they are drawn (type colour, status, width, dimmed)."""
        s = self.scene_data
        self._edge_style = None
        if s is None:
            return
        rows = np.flatnonzero(self.visible_edges) if s.m else np.empty(0, dtype=np.int64)
        keys = sorted(set(s.types))
        type_index = {k: i for i, k in enumerate(keys)}
        t_idx = np.fromiter((type_index[s.types[r]] for r in rows), dtype=np.int64, count=len(rows))
        st_names = ("confirmed", "proposed", "rejected")
        s_idx = np.fromiter((st_names.index(s.statuses[r]) if s.statuses[r] in st_names else 0 for r in rows),
                            dtype=np.int64, count=len(rows))
        w_idx = np.clip(s.evidence_count[rows], 1, 5) - 1
        focus = np.zeros(s.m, dtype=bool)
        focus[self._focus_edges] = True
        dim = (~focus[rows]) & bool(focus.any())
        selected = np.zeros(len(rows), dtype=bool)
        if self.selected_relationship is not None and self.selected_relationship in s.row_of_relationship:
            selected = rows == s.row_of_relationship[self.selected_relationship]
        code = (((t_idx * 3 + s_idx) * 5 + w_idx) * 2 + dim) * 2 + selected
        groups = []
        arrows: dict[tuple[str, bool], list[np.ndarray]] = {}
        if len(rows):
            uniq, inverse = np.unique(code, return_inverse=True)
            order = np.argsort(inverse, kind="stable")
            bounds = np.searchsorted(inverse[order], np.arange(len(uniq) + 1))
            for g, c in enumerate(uniq):
                members = order[bounds[g]:bounds[g + 1]]  # positions in ``rows``
                c = int(c)
                sel, c = c % 2, c // 2
                dm, c = c % 2, c // 2
                wi, c = c % 5, c // 5
                si, ti = c % 3, c // 3
                type_key = keys[ti]
                colour = s.type_color(type_key)
                status = st_names[si]
                width = float(edge_widths(np.array([wi + 1]))[0]) + (1.6 if sel else 0.0)
                alpha = DIM_ALPHA if dm else (150 if status == "rejected" else 235)
                pen = pg.mkPen(_color(colour, alpha), width=width)
                pen.setStyle(_PEN_STYLE.get(status, Qt.PenStyle.SolidLine))
                pen.setCapStyle(Qt.PenCapStyle.FlatCap)
                groups.append((pen, 8 if dm else 10, members))
                directed = members[s.directed[rows[members]]]
                if len(directed):
                    arrows.setdefault((colour, bool(dm)), []).append(directed)
        # Dimmed groups first, so bright lines draw over them.
        groups.sort(key=lambda g: g[1])
        self._edge_style = {
            "rows": rows,
            "groups": groups,
            "arrows": [(colour, dm, np.concatenate(parts)) for (colour, dm), parts in arrows.items()],
            "selected": np.flatnonzero(selected),
        }

    def _redraw_edges(self) -> None:
        s = self.scene_data
        style = getattr(self, "_edge_style", None)
        if s is None or style is None:
            return
        rows = style["rows"]
        px = self.pixel_size()
        # Lines are laid out for the view and half a view around it: a pan that stays inside
        # that cover (and does not zoom) needs no new geometry, only the labels move.
        view = self.vb.viewRect()
        # (a pan moves the range by whole data units, which can change the scale in its last bits)
        key = (self._geometry_version, float(f"{px:.9e}"), self._node_scale)
        # (style, path, key, cover, thin, rows laid out): style and path compared by identity
        last = getattr(self, "_edges_drawn", None)
        if (last is not None and last[0] is style and last[1] is self._path_edges and last[2][0] == key[0]
                and last[3].contains(view)):
            if last[2] == key or (last[4] and self._edges_in_view(rows[last[5]], view).sum() > EDGE_LOD_LINES):
                # Thin lines run from centre to centre (under the symbols): nothing to redo on a zoom.
                self._edges_drawn = (*last[:2], key, *last[3:])
                self._labels.update()
                return
        cover = view.adjusted(-view.width() / 4, -view.height() / 4, view.width() / 4, view.height() / 4)
        ok = self._edges_in_view(rows, cover)
        on_screen = np.flatnonzero(ok)
        # Level of detail: past a few thousand lines on screen, one-pixel (cosmetic) lines, which
        # Qt rasterises many times faster than wider ones, and no arrowheads (too small to read).
        lines_in_view = int(self._edges_in_view(rows[on_screen], view).sum())
        thin = lines_in_view > EDGE_LOD_LINES
        smooth = lines_in_view <= EDGE_AA_LINES
        start = np.full((len(rows), 2), np.nan)
        end = np.full((len(rows), 2), np.nan)
        if len(on_screen):
            start[on_screen], end[on_screen] = self._drawn_segments(rows[on_screen], trim=not thin)
        self._edges_drawn = (style, self._path_edges, key, cover, thin, on_screen)
        used = 0
        for pen, z, members in style["groups"]:
            members = members[ok[members]]
            if thin and pen.widthF() > 1.0:
                pen = QPen(pen)
                pen.setWidthF(1.0)
            if used >= len(self._edge_pool):
                item = pg.PlotCurveItem(connect="pairs", antialias=True)
                self.vb.addItem(item, ignoreBounds=True)
                self._edge_pool.append(item)
            item = self._edge_pool[used]
            used += 1
            item.setPen(pen)
            item.opts["antialias"] = smooth
            item.setZValue(z)
            xy = np.empty((2 * len(members), 2))
            xy[0::2] = start[members]
            xy[1::2] = end[members]
            item.setData(xy[:, 0], xy[:, 1])
            item.show()
        for item in self._edge_pool[used:]:
            item.hide()
        self._index_timer.start()
        used = 0
        arrows = [(colour, dm, members[ok[members]]) for colour, dm, members in style["arrows"]]
        if thin or sum(len(members) for _c, _d, members in arrows) > ARROW_LOD_HEADS * 2.25:
            arrows = []
        for colour, dm, members in arrows:
            if len(members) == 0:
                continue
            k = self._node_scale  # arrowheads shrink with the symbols on a dense map
            tri = arrowheads(start[members], end[members], length=ARROW_LENGTH_PX * k * px,
                             width=ARROW_WIDTH_PX * k * px)
            # One path for all triangles of a colour, built from arrays (tip, base, base, tip):
            # no Python call per arrowhead, which matters at tens of thousands of them.
            pts = np.concatenate([tri, tri[:, :1]], axis=1).reshape(-1, 2)
            connect = np.tile(np.array([1, 1, 1, 0], dtype=np.int32), len(tri))
            path = pg.arrayToQPath(pts[:, 0], pts[:, 1], connect=connect)
            if used >= len(self._arrow_pool):
                item = QGraphicsPathItem()
                item.setPen(QPen(Qt.PenStyle.NoPen))
                self.vb.addItem(item, ignoreBounds=True)
                self._arrow_pool.append(item)
            item = self._arrow_pool[used]
            used += 1
            item.setBrush(QBrush(_color(colour, DIM_ALPHA if dm else 240)))
            item.setZValue(8 if dm else 11)
            item.setPath(path)
            item.show()
        for item in self._arrow_pool[used:]:
            item.hide()
        # glow under the selected relationship and a shortest path
        glow = set(style["selected"].tolist())
        if len(self._path_edges):
            glow |= set(np.flatnonzero(np.isin(rows, self._path_edges)).tolist())
        glow_k = [k for k in sorted(glow) if ok[k]]
        if glow_k:
            gs, ge = self._drawn_segments(rows[glow_k], trim=False)
            xy = np.empty((2 * len(glow_k), 2))
            xy[0::2], xy[1::2] = gs, ge
            self._glow.setPen(pg.mkPen(_color(self.theme.accent, 70), width=8))
            self._glow.setData(xy[:, 0], xy[:, 1])
            self._glow.show()
        else:
            self._glow.hide()
        self._labels.update()

    def _update_empty_note(self) -> None:
        s = self.scene_data
        note = ""
        if s is not None and s.n == 0:
            note = ("<b>This workspace has no actors yet.</b><br>Import articles with <i>relmap import</i>, "
                    "or add an actor with Edit ▸ Add Actor…")
        elif s is not None and not self.visible_nodes.any():
            note = "<b>Nothing matches the filters.</b><br>Widen them, or choose “Show everything”."
        self.empty_note.setText(f"<span style='color:{self.theme.muted_text}; font-size:12pt'>{note}</span>")
        self.empty_note.setVisible(bool(note))
        self._place_overlays()

    def _update_legend(self) -> None:
        self._update_empty_note()
        s = self.scene_data
        if s is None:
            self.legend.hide()
            return
        kinds_shown = {s.kinds[r] for r in np.flatnonzero(self.visible_nodes)}
        kinds = [k for k in KIND_STYLE if k in kinds_shown]
        erows = np.flatnonzero(self.visible_edges) if s.m else []
        keys = sorted({s.types[r] for r in erows}, key=lambda k: s.type_label(k))
        types = [(s.type_label(k), s.type_color(k), bool(s.relation_types[k].directed) if k in s.relation_types
                  else True) for k in keys]
        proposed = any(s.statuses[r] == "proposed" for r in erows)
        self.legend.set_entries(kinds, types, proposed, self.theme)
        self._place_overlays()

    def set_labels_enabled(self, on: bool) -> None:
        self.labels_enabled = on
        self._labels.update()

    def visible_label_count(self) -> int:
        return self._labels.visible_count

    def label_rects(self) -> dict[int, QRectF]:
        """Where each actor's name was drawn in the last paint (node row -> rect), in the
        coordinates of :meth:`rows_to_viewbox` and :meth:`incident_directions`."""
        return dict(self._labels.placed)

    # Tab is ours (next relationship of the selected actor), not focus navigation.
    def focusNextPrevChild(self, _next: bool) -> bool:  # noqa: N802, FBT001
        return False


def _point_segment_distance(x: float, y: float, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distance from (x, y) to each segment a[k]-b[k] (NaN where an end is not placed)."""
    ab = b - a
    len2 = ab[:, 0] ** 2 + ab[:, 1] ** 2
    t = np.clip(((x - a[:, 0]) * ab[:, 0] + (y - a[:, 1]) * ab[:, 1]) / np.where(len2 > 0, len2, 1.0), 0.0, 1.0)
    return np.hypot(x - a[:, 0] - t * ab[:, 0], y - a[:, 1] - t * ab[:, 1])


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
