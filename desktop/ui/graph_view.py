"""The evidence graph: actors as nodes, relationships as edges, drawn from arrays (pyqtgraph).

The view draws what a :class:`~desktop.graph.session.MapSession` holds (scene, positions,
filter result, selection) and keeps nothing of its own but what it derived for drawing, in
one :class:`~desktop.ui.draw_cache.DrawCache`. The map's owner tells it what changed
(``on_*`` slots): a moved actor moves one symbol and redraws the lines near it, a pin restyles
one symbol, a new filter restyles, a new scene redraws everything.

One ScatterPlotItem draws every node, a handful of PlotCurveItems (one per colour/style group)
draw every edge, one path per colour draws the arrowheads and one painter pass draws the labels
(``map_labels``), so a map of thousands of relationships stays a few dozen graphics items.
Geometry that depends on the zoom (lines stopping at a node's rim, arrowheads, side-by-side
parallel relationships) is recomputed from the arrays when the view changes.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPen
from PySide6.QtWidgets import QLabel, QToolTip, QWidget

from desktop.graph.edge_index import EdgeIndex
from desktop.graph.framing import fit_frame, fitted_extent, free_canvases
from desktop.graph.parallel import PairBundles, curve_points, pair_bundles, pair_order
from desktop.graph.scene import (
    GraphScene,
    arrowheads,
    clip_segments,
    edge_geometry,
    edge_widths,
    node_sizes,
    symbol_scale,
)
from desktop.graph.session import MapSession
from desktop.ui.draw_cache import DrawCache
from desktop.ui.edge_layer import ArrowBatch, EdgeContent, EdgeLayer, LineBatch
from desktop.ui.map_labels import GAP, LABEL_LOD_ACTORS, PAD_H, PAD_W, ZOOM_SETTLE_MS, LabelLayer
from desktop.ui.map_legend import MapLegend
from desktop.ui.map_legend import color as _color
from desktop.ui.map_regions import MapRegions
from desktop.ui.map_snapshot import SETTLE_MS, MapSnapshot
from desktop.ui.theme import Theme, current_theme

__all__ = ["GraphView", "LABEL_LOD_ACTORS"]

# Pixels: how near a click must be to a line to pick it, how far apart the middles of parallel
# relationships' curves stand (the exports' 16 pt spacing at a page's scale), arrows.
PICK_TOLERANCE_PX = 7.0
LANE_GAP_PX = 14.0
# Points along each curve of a parallel relationship (drawn and picked).
CURVE_SEGMENTS = 16
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
# Past this many actors drawn, symbol sizes follow the zoom in a few coarse steps.
NODE_LOD_SYMBOLS = 5000

_STATUSES = ("confirmed", "proposed", "rejected")
_PEN_STYLE = {"confirmed": Qt.PenStyle.SolidLine, "proposed": Qt.PenStyle.DashLine, "rejected": Qt.PenStyle.DotLine}


class _MapViewBox(pg.ViewBox):
    """A ViewBox whose left drag moves a node when it starts on one, and pans otherwise."""

    def __init__(self, view: GraphView) -> None:
        super().__init__(lockAspect=True, enableMenu=False, defaultPadding=0.08)
        self._view = view
        self._drag_row: int | None = None
        self._drag_offset = QPointF()

    def mouseDragEvent(self, ev, axis=None) -> None:  # noqa: ANN001, N802 - pyqtgraph's signature
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
                if ev.isFinish():
                    row, self._drag_row = self._drag_row, None
                    self._view._on_drag_finished(row, p.x(), p.y())
                else:
                    self._view._on_drag_moved(self._drag_row, p.x(), p.y())
                return
        with self._view.user_input():  # a pan: the map is drawn from one image until it stops
            super().mouseDragEvent(ev, axis)
        if ev.isFinish():  # the button is up: the pan is over
            self._view.end_gesture()

    def mouseClickEvent(self, ev) -> None:  # noqa: ANN001, N802
        ev.accept()
        self._view._on_click(ev.pos(), ev.button(), ev.screenPos())

    def wheelEvent(self, ev, axis=None) -> None:  # noqa: ANN001, N802
        self._view.note_user_zoom()
        with self._view.user_input():  # a zoom step: the map is drawn from one image until it stops
            super().wheelEvent(ev, axis)
        self._view._user_moved_view()


class _Symbols(pg.ScatterPlotItem):
    """Node symbols that leave every click to the ViewBox (which picks nodes and edges)."""

    #: data rectangle to draw the symbols of instead of the view's (the image a pan or zoom is
    #: drawn from reaches beyond the view: desktop.ui.map_snapshot)
    cull: QRectF | None = None

    def mouseClickEvent(self, ev) -> None:  # noqa: ANN001, N802
        ev.ignore()

    def viewRect(self) -> QRectF:  # noqa: N802 - pyqtgraph's name; paint() culls the symbols by it
        return self.cull if self.cull is not None else super().viewRect()


class GraphView(pg.GraphicsView):
    """Pan/zoom map of a :class:`MapSession`; reports clicks, drags and hovers as ids.

    Signals carry actor and relationship ids (never rows), so the main window talks to the
    repository in the investigator's terms. ``sigActorDragged`` and ``sigActorDropped`` carry
    where the actor is now; the owner moves it in the session (the view asks, never keeps).
    """

    sigActorClicked = Signal(int)
    sigRelationshipClicked = Signal(int)
    sigBackgroundClicked = Signal()
    sigActorContextMenu = Signal(int, QPoint)
    sigRelationshipContextMenu = Signal(int, QPoint)
    sigBackgroundContextMenu = Signal(QPoint)
    sigActorDragStarted = Signal(int)
    sigActorDragged = Signal(int, float, float)
    sigActorDropped = Signal(int, float, float)
    sigViewMovedByUser = Signal()
    sigMapAreaChanged = Signal()  # the room for the map (the view less the legend) changed size

    def __init__(self, parent: QWidget | None = None, *, session: MapSession | None = None) -> None:
        super().__init__(parent, background=None)
        self.setObjectName("graphView")
        self.theme: Theme = current_theme()
        self.session: MapSession = session if session is not None else MapSession()
        self.cache = DrawCache()
        self.vb = _MapViewBox(self)
        self.setCentralItem(self.vb)
        self.setAntialiasing(True)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._node_scale = 1.0
        self.labels_wanted = True  # View > Show Names
        self.labels_paused = False  # a big map's layout is moving: names wait
        #: keep fitting the whole map while a fresh layout unfolds / when the view is resized,
        #: until the user pans or zooms
        self.follow_layout = False
        self.fit_on_resize = True
        #: something outside the map moves it many times a second (the time bar's window being
        #: dragged or played): lines are drawn the quick way until it stops, then properly
        self.interacting = False
        self._edge_layer = EdgeLayer(self)
        self._edge_layer.setParentItem(self.vb)
        self._nodes = _Symbols(pxMode=True, antialias=True, hoverable=False)
        self._nodes.setZValue(20)
        # Clicks and drags are the ViewBox's (it knows nodes and edges); the scatter must not eat them.
        self._nodes.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.vb.addItem(self._nodes)
        self._ring = _Symbols(pxMode=True, antialias=True)
        self._ring.setZValue(19)
        self._ring.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.vb.addItem(self._ring, ignoreBounds=True)
        self._labels = LabelLayer(self)
        self._labels.setParentItem(self.vb)
        # While the user pans or zooms the map is drawn from one image, and properly again a
        # moment after the input stops (desktop.ui.map_snapshot).
        self._snapshot = MapSnapshot(self)
        self._snapshot.setParentItem(self.vb)
        self._input_depth = 0
        self._settle_timer = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle_timer.timeout.connect(self.end_gesture)
        self.painted = False  # the viewport has painted once (the map is on screen)
        self._after_paint: list = []  # what waits for that (after_first_paint)
        self.regions = MapRegions(self)  # communities as labelled regions on big maps
        self.legend = MapLegend(self)
        self.empty_note = QLabel(self)
        self.empty_note.setObjectName("emptyNote")
        self.empty_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_note.setWordWrap(True)
        self.empty_note.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.empty_note.hide()
        self._index: EdgeIndex | None = None
        self._index_rows = np.empty(0, dtype=np.int64)
        self._index_lane_rows = np.empty(0, dtype=np.int64)
        #: pairs of actors (sorted actor ids) whose collapsed relationships the user opened
        self.open_pairs: set[tuple[int, int]] = set()
        self._open_version = 0
        self.vb.sigTransformChanged.connect(self._on_transform_changed)
        self.vb.sigRangeChanged.connect(self._on_range_changed)
        self.vb.sigResized.connect(self._on_transform_changed)
        # Redraw zoom-dependent geometry at most once per frame, however many events arrive.
        self._redraw_timer = QTimer(self, singleShot=True, interval=0)
        self._redraw_timer.timeout.connect(self._on_redraw_timer)
        # The pick index is built once the map has been still for a moment, not by the first
        # click (~0.1-0.5 s for 100k relationships); a layout's frames keep pushing it back.
        self._index_timer = QTimer(self, singleShot=True, interval=200)
        self._index_timer.timeout.connect(self._on_index_timer)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.apply_theme(self.theme)

    # ------------------------------------------------------------------ what the session holds
    @property
    def scene_data(self) -> GraphScene | None:
        s = self.session.scene
        return s if s.n or s.m or self.session.versions.scene else None

    @property
    def positions(self) -> np.ndarray:
        return self.session.positions

    @property
    def visible_nodes(self) -> np.ndarray:
        return self.session.shown.nodes

    @property
    def visible_edges(self) -> np.ndarray:
        return self.session.shown.edges

    @property
    def selected_actor(self) -> int | None:
        return self.session.selection.actor

    @property
    def selected_relationship(self) -> int | None:
        return self.session.selection.relationship

    @property
    def node_px(self) -> np.ndarray:
        """Node diameters in pixels at full size (node_sizes of each actor's relationships)."""
        s = self.session.scene
        return self.cache.get("node_px", self.session.versions.scene, lambda: node_sizes(s.degree))

    def pairs(self) -> PairBundles:
        """How the shown relationships are drawn pair by pair: curved lanes, collapsed pairs."""
        s = self.session.scene
        v = self.session.versions
        return self.cache.get(
            "pairs",
            (v.scene, v.visibility, self._open_version),
            lambda: pair_bundles(
                s.edges,
                self.visible_edges,
                open_pairs=self.open_pairs,
                pair_ids=s.actor_ids,
                order=self.cache.get("pair_order", (id(s), v.scene), lambda: pair_order(s.edges)),
            ),
        )

    def _lanes(self) -> np.ndarray:
        return self.pairs().lanes

    @property
    def drawn_edges(self) -> np.ndarray:
        """Shown edges less those folded into a collapsed pair's one line."""
        return self.pairs().drawn

    def open_pair_of(self, row: int) -> bool:
        """Open the collapsed pair edge ``row`` belongs to (its relationships fan out as curves);
        False if it was not collapsed."""
        p = self.pairs()
        if not 0 <= row < len(p.bundle) or p.bundle[row] < 0:
            return False
        a, b = (int(self.session.scene.actor_ids[r]) for r in self.session.scene.edges[row])
        self.open_pairs.add((min(a, b), max(a, b)))
        self._open_version += 1
        self._redraw_all()
        return True

    def close_pairs(self) -> None:
        """Fold every opened pair back into its counted line."""
        if self.open_pairs:
            self.open_pairs.clear()
            self._open_version += 1
            self._redraw_all()

    def bundle_text(self, row: int) -> str | None:
        """``"4"``-style count drawn on a collapsed pair's line, or None if ``row`` is not one."""
        p = self.pairs()
        return str(len(p.collapsed[p.bundle[row]])) if 0 <= row < len(p.bundle) and p.bundle[row] >= 0 else None

    def is_dimmed(self, row: int) -> bool:
        nodes, _ = self.session.focus()
        return len(nodes) > 0 and row not in set(nodes.tolist())

    def emphasised_rows(self) -> set[int]:
        return set(self.session.focus()[0].tolist())

    # ------------------------------------------------------------------ told what changed
    def apply_theme(self, theme: Theme) -> None:
        if hasattr(self, "_snapshot"):  # pyqtgraph may call in before __init__ is done
            self._map_changed()
        self.theme = theme
        self.setBackground(QColor(theme.background))
        self._redraw_all()

    def show_session(self, session: MapSession) -> None:
        """Draw another session (a test's, or the window's after it was rebuilt)."""
        self.session = session
        self.on_scene_reset()

    def on_scene_reset(self) -> None:
        """The scene was rebuilt: everything redraws."""
        self._map_changed()
        self._redraw_all()

    def on_visibility_changed(self) -> None:
        self._map_changed()
        self._redraw_all()

    def on_selection_changed(self, *_args) -> None:  # noqa: ANN002
        self._map_changed()
        # a relationship chosen elsewhere (evidence, search) is shown on its own curve
        k = self.session.selected_relationship_row()
        if k is not None and self.open_pair_of(k):
            return
        self._redraw_all()

    def on_positions_changed(self, rows: tuple[int, ...] | None) -> None:
        """Actors moved: ``rows`` of them, or every one (None, a layout frame)."""
        self._map_changed()
        if rows is None or not self._move_nodes(rows):
            self._redraw_nodes()
        elif rows:
            self._labels.moved(rows)
        if rows is None or not self._move_edges(rows):
            self._redraw_edges()
        self.regions.refresh()

    def on_actors_restyled(self, rows: tuple[int, ...]) -> None:
        """Names, kinds or pins of a few actors changed: restyle their symbols only."""
        self._map_changed()
        if not self._restyle_rows(rows):
            self._redraw_all()
            return
        self._redraw_ring()
        self._labels.update()

    # kept for callers that hand the view a scene directly (tests, benches)
    def set_scene(self, scene: GraphScene, positions: np.ndarray, shown=None) -> None:  # noqa: ANN001
        """Show ``scene`` at ``positions`` in a session of the view's own (no workspace)."""
        session = MapSession()
        scene.pos = np.array(positions, dtype=np.float64).reshape(-1, 2)
        session.show(scene)
        self.show_session(session)

    def set_interacting(self, on: bool) -> None:
        """Draw lines the quick way (one pixel, not smoothed, no arrowheads) and leave names
        out while ``on``; the map is drawn properly again as soon as it goes off."""
        self._map_changed()
        if on != self.interacting:
            self.interacting = on
            if not on:
                self._redraw_edges()
            self._labels.update()

    def set_labels_enabled(self, on: bool) -> None:
        """View > Show Names."""
        self.end_gesture()
        self.labels_wanted = on
        self._labels.update()

    def set_labels_paused(self, paused: bool) -> None:
        """Names wait while a big map's layout moves (they would flicker and cost paint time)."""
        self.labels_paused = paused
        self._labels.update()

    def labels_shown(self) -> bool:
        # names wait while the map changes many times a second (a time window dragged): they
        # come back, placed for what is then shown, when it stops
        return self.labels_wanted and not self.labels_paused and not self.interacting

    @property
    def labels_enabled(self) -> bool:
        return self.labels_shown()

    def set_legend_wanted(self, on: bool) -> None:
        """View > Show Legend."""
        self.legend.set_wanted(on)
        self._place_overlays()

    def visible_label_count(self) -> int:
        return self._labels.visible_count

    def name_spots(self) -> dict[int, tuple[int, bool]]:
        """Where each actor's name goes at the current zoom: actor id -> (spot, on two lines),
        spots as in desktop.graph.labels.SPOT_NAMES (what tests compare with the exports)."""
        placement = self._labels.placement()
        if placement is None:
            return {}
        ids = self.session.scene.actor_ids
        return {
            int(ids[r]): (int(sp), "\n" in t)
            for r, sp, t in zip(placement.rows.tolist(), placement.spots.tolist(), placement.texts)
        }

    def label_rects(self) -> dict[int, QRectF]:
        """Where each actor's name was drawn in the last paint (node row -> rect), in the
        coordinates of :meth:`rows_to_viewbox` and :meth:`incident_directions`."""
        return dict(self._labels.placed)

    # ------------------------------------------------------------------ coordinates
    def _data_to_vb(self, xy: np.ndarray) -> np.ndarray:
        t = self.vb.childGroup.transform()
        x, y = xy[:, 0], xy[:, 1]
        return np.stack([t.m11() * x + t.m21() * y + t.dx(), t.m12() * x + t.m22() * y + t.dy()], axis=1)

    def rows_to_viewbox(self, rows: np.ndarray) -> np.ndarray:
        return self._data_to_vb(self.positions[rows])

    def scale(self) -> float:
        """Screen pixels per data unit (the aspect ratio is locked, so one number)."""
        t = self.vb.childGroup.transform()
        return float(np.hypot(t.m11(), t.m12()))

    def pixel_size(self) -> float:
        """Data units per screen pixel."""
        s = self.scale()
        return 1.0 / s if s > 0 else 1.0

    def data_to_viewport(self, x: float, y: float) -> QPoint:
        """Where data point (x, y) is on the viewport widget (for tests and the self-test)."""
        return self.mapFromScene(self.vb.mapViewToScene(QPointF(x, y)))

    def actor_viewport_pos(self, actor_id: int) -> QPoint:
        x, y = self.positions[self.session.scene.row_of_actor[actor_id]]
        return self.data_to_viewport(x, y)

    def _drawn_row(self, k: int) -> int:
        """The edge drawn for edge ``k``: itself, or its collapsed pair's one line."""
        p = self.pairs()
        return int(p.collapsed[p.bundle[k]][0]) if p.bundle[k] >= 0 else k

    def relationship_viewport_pos(self, rel_id: int) -> QPoint:
        """Middle of the relationship's line or curve as drawn (parallel ones curve apart; a
        collapsed pair's relationships share one line), in viewport pixels."""
        k = self._drawn_row(self.session.scene.row_of_relationship[rel_id])
        mid = self._drawn_curves(np.array([k]), trim=False)[0, CURVE_SEGMENTS // 2]
        return self.data_to_viewport(float(mid[0]), float(mid[1]))

    def relationship_click_point(self, rel_id: int) -> QPoint | None:
        """A viewport point on the relationship's drawn line that a click would pick, or None.

        The middle first; if a node or another line is nearer there, points further along. A
        relationship folded into a collapsed pair has no line of its own: its pair is opened
        first, as a click on the pair's count would.
        """
        s = self.session.scene
        k = s.row_of_relationship.get(rel_id)
        if k is None or not self.visible_edges[k]:
            return None
        self.open_pair_of(k)
        pts = self._drawn_curves(np.array([k]), trim=False)[0]
        for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
            p = pts[round(t * CURVE_SEGMENTS)]
            vp = self.data_to_viewport(float(p[0]), float(p[1]))
            vb_pos = self.vb.mapFromScene(self.mapToScene(vp))
            if self.node_at(vb_pos) is None and self.edge_at(vb_pos) == k:
                return vp
        return None

    # ------------------------------------------------------------------ picking
    def node_at(self, vb_pos: QPointF) -> int | None:
        """Row of the visible node under a ViewBox-local point, or None."""
        s = self.session.scene
        if s.n == 0:
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
        s = self.session.scene
        if s.m == 0:
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
        # Curves of parallel relationships move with the zoom (their bulge is in pixels):
        # measured directly, segment by segment.
        lanes = self._index_lane_rows
        if len(lanes):
            pts = self._drawn_curves(lanes, trim=False)
            seg = _point_segment_distance(x, y, pts[:, :-1].reshape(-1, 2), pts[:, 1:].reshape(-1, 2))
            d = seg.reshape(len(lanes), CURVE_SEGMENTS).min(axis=1)
            j = int(np.nanargmin(d)) if np.isfinite(d).any() else -1
            if j >= 0 and d[j] <= tol and d[j] < best_d:
                best = int(lanes[j])
        return best

    def _on_index_timer(self) -> None:
        # Never before the map's first paint: opening a big workspace the index would take the
        # map's place on screen (~0.5 s for 100,000 relationships); a click builds it at once.
        if not self.painted:
            self._index_timer.start()
            return
        self._edge_index()

    def paintEvent(self, ev) -> None:  # noqa: ANN001, N802
        super().paintEvent(ev)
        if not self.painted:
            self.painted = True
            waiting, self._after_paint = self._after_paint, []
            for fn in waiting:
                QTimer.singleShot(0, fn)  # after this paint has reached the screen

    def after_first_paint(self, fn) -> None:  # noqa: ANN001
        """Run ``fn`` once the map has painted for the first time (soon, if it has)."""
        if self.painted:
            QTimer.singleShot(0, fn)
        elif fn not in self._after_paint:
            self._after_paint.append(fn)

    def _edge_index(self) -> EdgeIndex | None:
        """Index over the visible single lines in data units: independent of the zoom, so it is
        built once per change of positions or filter (moved actors only mark their lines)."""
        session = self.session
        s = session.scene
        if s.m == 0:
            return None
        v = session.versions
        key = (v.scene, v.visibility, self._open_version)
        hit = self.cache.peek("edge_index")
        if hit is not None and hit[0][0] == key:
            if hit[0][1] != v.positions:
                if self._index is not None:
                    self._index.update(self.positions)
                self.cache.put("edge_index", (key, v.positions), None)
            return self._index
        rows = np.flatnonzero(self.drawn_edges)
        single = self._lanes()[rows] == 0
        self._index_rows = rows[single]
        self._index_lane_rows = rows[~single]
        self._index = EdgeIndex(self.positions, s.edges[self._index_rows]) if len(self._index_rows) else None
        self.cache.put("edge_index", (key, v.positions), None)
        return self._index

    def _edges_in_view(self, rows: np.ndarray, rect: QRectF | None = None) -> np.ndarray:
        """Which edge ``rows`` can show in the view (or ``rect``, data units) now: both ends
        placed and the line's box meeting the rectangle (with a margin for parallel lanes and
        wide pens)."""
        s = self.session.scene
        if len(rows) == 0:
            return np.zeros(0, dtype=bool)
        e = s.edges[rows]
        a, b = self.positions[e[:, 0]], self.positions[e[:, 1]]
        lo, hi = np.fmin(a, b), np.fmax(a, b)  # NaN ends make the comparisons below False
        r = self.vb.viewRect() if rect is None else rect
        margin = 40.0 * self.pixel_size()
        return (
            (hi[:, 0] >= r.left() - margin)
            & (lo[:, 0] <= r.right() + margin)
            & (hi[:, 1] >= r.top() - margin)
            & (lo[:, 1] <= r.bottom() + margin)
            & np.isfinite(a).all(axis=1)
            & np.isfinite(b).all(axis=1)
        )

    def _edge_finite(self) -> np.ndarray:
        s = self.session.scene
        ok = np.isfinite(self.positions).all(axis=1)
        return ok[s.edges[:, 0]] & ok[s.edges[:, 1]] if s.m else np.zeros(0, dtype=bool)

    def _trims(self, e: np.ndarray, trim: bool) -> tuple[np.ndarray | float, np.ndarray | float]:
        if not trim:
            return 0.0, 0.0
        px = self.pixel_size()
        drawn = self.drawn_px()
        return (drawn[e[:, 0]] / 2 + 1.5) * px, (drawn[e[:, 1]] / 2 + 2.5) * px

    def _drawn_segments(self, rows: np.ndarray, *, trim: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """Straight lines of edge ``rows`` (a curved one's chord), stopping at the rims."""
        e = self.session.scene.edges[rows]
        ts, te = self._trims(e, trim)
        return edge_geometry(self.positions, e, np.zeros(len(rows)), lane_gap=0.0, trim_start=ts, trim_end=te)

    def _drawn_curves(self, rows: np.ndarray, *, trim: bool = True) -> np.ndarray:
        """Points (k, CURVE_SEGMENTS + 1, 2) along edge ``rows`` as drawn: parallel ones curved."""
        e = self.session.scene.edges[rows]
        ts, te = self._trims(e, trim)
        return curve_points(
            self.positions,
            e,
            self._lanes()[rows],
            bulge=LANE_GAP_PX * self.pixel_size(),
            trim_start=ts,
            trim_end=te,
            segments=CURVE_SEGMENTS,
        )

    # ------------------------------------------------------------------ mouse
    def _on_click(self, vb_pos: QPointF, button: Qt.MouseButton, screen_pos: QPointF) -> None:
        row = self.node_at(vb_pos)
        edge = None if row is not None else self.edge_at(vb_pos)
        s = self.session.scene
        global_pos = QPoint(int(screen_pos.x()), int(screen_pos.y()))
        if button == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            if row is not None:
                self.sigActorClicked.emit(int(s.actor_ids[row]))
            elif edge is not None and self.open_pair_of(edge):
                pass  # a collapsed pair's line opens: each relationship on its own curve
            elif edge is not None:
                self.sigRelationshipClicked.emit(int(s.rel_ids[edge]))
            else:
                self.close_pairs()
                self.sigBackgroundClicked.emit()
        elif button == Qt.MouseButton.RightButton:
            if row is not None:
                self.sigActorContextMenu.emit(int(s.actor_ids[row]), global_pos)
            elif edge is not None:
                self.sigRelationshipContextMenu.emit(int(s.rel_ids[edge]), global_pos)
            else:
                self.sigBackgroundContextMenu.emit(global_pos)

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        s = self.session.scene
        if s.n == 0 or self.vb._drag_row is not None:
            return
        vb_pos = self.vb.mapFromScene(scene_pos)
        row = self.node_at(vb_pos)
        tip = ""
        if row is not None:
            kind = _esc(s.kind_label(s.kinds[row]))
            aka = f"<br><span>also: {', '.join(_esc(a) for a in s.aliases[row][:4])}</span>" if s.aliases[row] else ""
            pinned = " · pinned" if s.pinned[row] else ""
            tip = (
                f"<b>{_esc(s.names[row])}</b><br>{kind}{pinned} · {int(s.degree[row])} "
                f"relationship{'s' if s.degree[row] != 1 else ''}{aka}"
            )
        else:
            edge = self.edge_at(vb_pos)
            p = self.pairs()
            if edge is not None and p.bundle[edge] >= 0:
                a, b = s.edges[edge]
                members = p.collapsed[p.bundle[edge]]
                types = sorted({s.type_label(s.types[k]) for k in members})
                tip = (
                    f"<b>{_esc(s.names[a])}</b> — <b>{_esc(s.names[b])}</b><br>{len(members)} relationships: "
                    f"{_esc(', '.join(types))}<br>click to show each"
                )
            elif edge is not None:
                a, b = s.edges[edge]
                arrow = "→" if s.directed[edge] else "—"
                n_ev = int(s.evidence_count[edge])
                tip = (
                    f"<b>{_esc(s.names[a])}</b> {arrow} <i>{_esc(s.type_label(s.types[edge]))}</i> {arrow} "
                    f"<b>{_esc(s.names[b])}</b><br>{s.statuses[edge]} · confidence {s.confidence[edge]:.2f} · "
                    f"{n_ev} excerpt{'s' if n_ev != 1 else ''} · click to read the evidence"
                )
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
        self.sigActorDragStarted.emit(int(self.session.scene.actor_ids[row]))

    def _on_drag_moved(self, row: int, x: float, y: float) -> None:
        self.sigActorDragged.emit(int(self.session.scene.actor_ids[row]), float(x), float(y))

    def _on_drag_finished(self, row: int, x: float, y: float) -> None:
        self.sigActorDropped.emit(int(self.session.scene.actor_ids[row]), float(x), float(y))

    def note_user_zoom(self) -> None:
        """A wheel step: the user is zooming (names follow their actors until it rests)."""
        self._user_zoom_at = time.monotonic()

    def zooming(self) -> bool:
        """Whether the user is zooming: wheel steps keep coming, or the map is still drawn from
        the snapshot of a wheel gesture (names are placed afresh once it ends, not mid-gesture)."""
        if getattr(self, "_snapshot", None) is not None and self._snapshot.active:
            return True
        return time.monotonic() - getattr(self, "_user_zoom_at", -1e9) < ZOOM_SETTLE_MS / 1000.0

    def is_dragging(self) -> bool:
        return self.vb._drag_row is not None

    def _user_moved_view(self) -> None:
        self.follow_layout = False
        self.fit_on_resize = False
        self.sigViewMovedByUser.emit()

    def mouseReleaseEvent(self, ev) -> None:  # noqa: ANN001, N802
        super().mouseReleaseEvent(ev)
        if ev.button() == Qt.MouseButton.LeftButton:
            self._user_moved_view()

    # ------------------------------------------------------------------ view
    def view_range(self) -> tuple[float, float, float, float]:
        """The visible area in data units (x, y, width, height)."""
        r = self.vb.viewRect()
        return r.x(), r.y(), r.width(), r.height()

    def set_view_range(self, rect: tuple[float, float, float, float]) -> None:
        self.vb.setRange(QRectF(*rect), padding=0)

    def extents(self, rows: np.ndarray, *, node_scale: float = 1.0) -> np.ndarray:
        """(n, 4) pixels each actor reaches beyond its centre: its symbol (at ``node_scale``),
        and its name below or above it."""
        s = self.session.scene
        r = self.node_px[rows] * node_scale / 2.0 + 1.0
        ext = np.stack([r, r, r, r], axis=1)
        if self.labels_wanted and len(rows) <= LABEL_LOD_ACTORS:
            fm = QFontMetricsF(self._labels.font)
            w = np.fromiter(
                (fm.horizontalAdvance(s.names[i][:40]) + PAD_W for i in rows), dtype=np.float64, count=len(rows)
            )
            h = fm.height() + PAD_H
            ext[:, 0] = np.maximum(r, w / 2)
            ext[:, 1] = np.maximum(r, w / 2)
            # room for a name below or above (an actor's own lines may take one of the two)
            ext[:, 2] = r + GAP + h
            ext[:, 3] = r + GAP + h
        return ext

    def fit_fill(self, positions: np.ndarray | None = None) -> tuple[float, float]:
        """(stretch, share) of the map Fit to View would show (at ``positions``, by default
        the session's): how much taller (> 1) or
        wider (< 1) its drawing would have to be to fill the free canvas, and the share of that
        canvas it fills. Names take room in pixels, which a packing in data units does not see:
        the map's owner packs again by this much (desktop.ui.map_owner.repack_for_view)."""
        pos = self.positions if positions is None else positions
        rows = np.flatnonzero(self.visible_nodes & np.isfinite(pos).all(axis=1))
        if len(rows) < 2:
            return 1.0, 1.0
        w, h = max(self.vb.width(), 100.0), max(self.vb.height(), 100.0)
        xy = pos[rows]
        frame, ext = self._fit_frame(xy, rows, w, h)
        if frame is None:
            return 1.0, 1.0
        left, top, right, bottom = fitted_extent(xy, ext, frame.scale)
        used_w, used_h = right - left, bottom - top
        best = (1.0, 0.0)
        for _x, _y, cw, ch in free_canvases(w, h, self.legend_reserved()):
            room_w, room_h = cw - 16.0, ch - 16.0  # fit_frame's margins
            if room_w <= 0 or room_h <= 0 or used_w > room_w + 1 or used_h > room_h + 1:
                continue
            share = used_w * used_h / (room_w * room_h)
            if share > best[1]:
                best = ((used_w / room_w) / max(used_h / room_h, 1e-9), share)
        return best

    def _fit_frame(self, xy: np.ndarray, rows: np.ndarray, w: float, h: float):  # noqa: ANN202
        """fit_frame for actors ``rows`` at ``xy``, with their symbols at the size the fitted
        zoom draws them (a dense map shrinks them: room kept for full-size symbols at its edges
        left a fifth of the canvas empty on 2,000 actors). Returns (frame, extents)."""
        reserved = self.legend_reserved()
        ext = self.extents(rows)
        frame = fit_frame(xy, ext, w, h, reserved=reserved)
        for _ in range(2):
            if frame is None:
                break
            k = self._wanted_node_scale(1.0 / frame.scale if frame.scale > 0 else None)
            if k >= 0.999:
                break
            ext = self.extents(rows, node_scale=k)
            frame = fit_frame(xy, ext, w, h, reserved=reserved) or frame
        return frame, ext

    def fit(self, *, rows: np.ndarray | None = None) -> None:
        """Zoom so the visible actors (or ``rows``), their symbols and names fill the view,
        beside or above the legend (whichever draws the map larger)."""
        s = self.session.scene
        if s.n == 0:
            return
        if rows is None:
            rows = np.flatnonzero(self.visible_nodes)
            if len(rows) == 0:
                rows = np.arange(s.n)
        rows = rows[np.isfinite(self.positions[rows]).all(axis=1)]
        if len(rows) == 0:
            return
        w, h = max(self.vb.width(), 100.0), max(self.vb.height(), 100.0)
        frame, _ext = self._fit_frame(self.positions[rows], rows, w, h)
        if frame is not None:
            self.vb.setRange(QRectF(frame.x, frame.y, frame.width, frame.height), padding=0)

    def centre_on(self, actor_id: int) -> None:
        """Centre on an actor, zooming in if the map is drawn too small to read around it."""
        s = self.session.scene
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
        s = self.session.scene
        if s.m == 0:
            return 0.0

        def compute() -> float:
            ok = self._edge_finite()
            if not ok.any():
                return 0.0
            e = s.edges[ok]
            d = np.hypot(*(self.positions[e[:, 1]] - self.positions[e[:, 0]]).T)
            return float(np.median(d))

        v = self.session.versions
        # a drag moves one actor: the median barely changes, so it is only redone per scene or layout
        hit = self.cache.peek("median_edge")
        if hit is not None and hit[0][0] == v.scene and (self.is_dragging() or hit[0][1] == v.positions):
            return hit[1]
        value = compute()
        self.cache.put("median_edge", (v.scene, v.positions), value)
        return value

    def resizeEvent(self, ev) -> None:  # noqa: ANN001, N802
        super().resizeEvent(ev)
        self._place_overlays()

    def _place_overlays(self) -> None:
        if not hasattr(self, "empty_note"):  # pyqtgraph resizes the view before __init__ is done
            return
        self.empty_note.setGeometry(40, self.height() // 2 - 60, max(self.width() - 80, 100), 120)
        self.legend.set_max_width(self.width() - 24)
        self.legend.set_room(self.width(), self.height())
        self.legend.move(12, max(self.height() - self.legend.height() - 12, 12))
        area = self.map_area_px()
        if area != getattr(self, "_map_area", None):
            self._map_area = area
            self.sigMapAreaChanged.emit()

    def legend_reserved(self) -> tuple[float, float] | None:
        """(w, h) of the bottom-left corner the legend takes (with its margin), or None."""
        return (self.legend.width() + 16.0, self.legend.height() + 16.0) if self.legend.isVisible() else None

    def drawn_boxes_px(self) -> np.ndarray:
        """(k, 4) boxes (x0, y0, x1, y1, ViewBox pixels) of every visible symbol and every name
        drawn in the last paint: what "Fit to View" must fit (measured by benches and tests)."""
        rows = np.flatnonzero(self.visible_nodes & np.isfinite(self.positions).all(axis=1))
        xy = self.rows_to_viewbox(rows)
        r = self.drawn_px()[rows][:, None] / 2
        boxes = [np.hstack([xy - r, xy + r])]
        rects = list(self.label_rects().values())
        if rects:
            boxes.append(np.array([[q.left(), q.top(), q.right(), q.bottom()] for q in rects]))
        return np.vstack(boxes)

    def map_area_px(self) -> tuple[float, float]:
        """The part of the view the map may fill, in pixels: the view less the legend's strip
        (what a fresh layout is packed for)."""
        w, h = float(self.width()), float(self.height())
        if self.legend.isVisible():
            h -= self.legend.height() + 16.0
        return w, max(h, 100.0)

    def incident_directions(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The drawn lines at each node row, as (index into ``rows``, unit screen vector pointing
        away from that node) pairs, one per line end."""
        s = self.session.scene
        none = (np.empty(0, dtype=np.int64), np.empty((0, 2)))
        if s.m == 0 or len(rows) == 0:
            return none
        e = s.edges[self.visible_edges & self._edge_finite()]
        position = np.full(s.n, -1, dtype=np.int64)
        position[rows] = np.arange(len(rows))
        e = e[(position[e[:, 0]] >= 0) | (position[e[:, 1]] >= 0)]  # only lines touching the rows
        if len(e) == 0:
            return none
        d = self.positions[e[:, 1]] - self.positions[e[:, 0]]
        d = np.stack([d[:, 0], -d[:, 1]], axis=1)  # screen y grows downwards
        d /= np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-9)[:, None]
        owner = np.concatenate([position[e[:, 0]], position[e[:, 1]]])
        rays = np.concatenate([d, -d])
        keep = owner >= 0
        return owner[keep], rays[keep]

    def label_order(self) -> np.ndarray:
        """Visible node rows in label priority (the session's)."""
        return self.session.label_order()

    # ------------------------------------------------------------------ drawing
    def _on_transform_changed(self, *_args) -> None:  # noqa: ANN002
        self._redraw_timer.start()

    def _on_range_changed(self, *_args) -> None:  # noqa: ANN002
        """A pan or zoom: apply it and redraw the zoom-dependent geometry now, so the next paint
        shows both at once (left to the ViewBox, the new range would be applied while painting
        and the geometry would follow in a second, full paint). A pan or zoom by the user's
        own hand is drawn from one image instead until the input stops (map_snapshot)."""
        if self._input_depth and self._gesture_step():
            return
        self.end_gesture()
        self.vb.updateMatrix()
        if self._redraw_timer.isActive():
            self._redraw_timer.stop()
            self._on_redraw_timer()

    # ------------------------------------------------------------------ gestures
    @contextmanager
    def user_input(self) -> Iterator[None]:
        """Range changes inside this block come from the user's mouse or wheel (a gesture)."""
        self._input_depth += 1
        try:
            yield
        finally:
            self._input_depth -= 1

    def _gesture_step(self) -> bool:
        """One step of a pan or zoom by the user: draw the map from the image (taken first, at
        the view the map was last drawn for, when the gesture starts); False if no image could
        be taken and the map is drawn as usual."""
        snapshot = self._snapshot
        if not snapshot.active:
            if self.session.scene.n == 0 or not snapshot.capture():  # still the old transform here
                return False
            for layer in self._live_layers():
                layer.setVisible(False)
            snapshot.setVisible(True)
        self.vb.updateMatrix()
        self._redraw_timer.stop()  # no geometry is laid out until the gesture ends
        if not snapshot.covers():
            snapshot.capture()  # the view left the image, or it would blur: take it again here
        snapshot.update()
        self._settle_timer.start()
        return True

    def end_gesture(self) -> None:
        """The pan or zoom is over (or something else changed the map): draw it properly again,
        laid out for the view it ended on."""
        self._settle_timer.stop()
        if getattr(self, "closed", False) or not self._snapshot.active:
            return
        self._snapshot.drop()
        for layer in self._live_layers():
            layer.setVisible(True)
        self._on_redraw_timer()
        self._labels.update()

    def _map_changed(self) -> None:
        """The map itself changed (scene, filter, selection, positions, styles): no image of it
        still shows it, and it is drawn properly at once."""
        self._snapshot.forget()
        self.end_gesture()

    def gesture_active(self) -> bool:
        """Whether the map is drawn from the snapshot of a pan or zoom under way."""
        return self._snapshot.active

    def _live_layers(self) -> tuple:
        """What the snapshot stands in for during a gesture (the names stay live: map_labels)."""
        return (self._edge_layer, self._nodes, self._ring, self.regions.tint, self.regions.names)

    def drawn_bounds(self) -> tuple[float, float, float, float] | None:
        """(x0, y0, x1, y1) of the drawn actors' centres, in data units, or None."""
        v = self.session.versions

        def compute() -> tuple[float, float, float, float] | None:
            pos = self.positions[self.visible_nodes] if self.session.scene.n else np.empty((0, 2))
            pos = pos[np.isfinite(pos).all(axis=1)]
            if len(pos) == 0:
                return None
            lo, hi = pos.min(axis=0), pos.max(axis=0)
            return float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])

        return self.cache.get("drawn_bounds", (v.scene, v.positions, v.visibility), compute)

    def _on_redraw_timer(self) -> None:
        if getattr(self, "closed", False):  # pyqtgraph's close() deleted the scene's items
            return
        if abs(self._wanted_node_scale() - self._node_scale) > 0.02:
            self._redraw_nodes()
        self._redraw_edges()

    def _redraw_all(self) -> None:
        """Styles changed (scene, filter, selection, theme): restyle, then redraw."""
        if hasattr(self, "_snapshot"):
            self._snapshot.forget()
        self._redraw_nodes()
        self._redraw_edges()
        self._update_legend()
        self.regions.refresh()

    def node_scale(self) -> float:
        return self._node_scale

    # Styles depend on the scene, filter, selection and theme; positions change far more often
    # (every layout frame, every drag step), so only geometry is recomputed then.
    def _style_key(self) -> tuple:
        v = self.session.versions
        # Without a selection no symbol is dimmed, so the styles do not depend on the filter:
        # a new filter (a time window sliding) only shows and hides symbols (_show_visible).
        focused = len(self.session.focus()[0]) > 0
        return (v.scene, v.visibility if focused else None, v.selection, v.actors, v.pins, self.theme)

    def _node_style(self) -> dict | None:
        if self.session.scene.n == 0 and not self.session.versions.scene:
            return None
        return self.cache.get("node_style", self._style_key(), self._restyle_nodes)

    def _restyle_nodes(self) -> dict:
        s = self.session.scene
        # Every actor is in the scatter, those the filter hides made invisible (_show_visible).
        rows = np.arange(s.n)
        # Big nodes last so they draw on top of the small ones they overlap.
        rows = rows[np.argsort(self.node_px[rows], kind="stable")]
        focus_nodes, _ = self.session.focus()
        focus = np.zeros(s.n, dtype=bool)
        focus[focus_nodes] = True
        any_focus = bool(focus.any())
        dims = ((~focus[rows]) & any_focus).astype(np.int64)
        # a handful of distinct symbols, brushes and pens, looked up by code for every actor at
        # once (a call per actor cost a second on 50,000 actors)
        kinds = sorted(set(s.kinds))
        kind_of = {k: i for i, k in enumerate(kinds)}
        codes = np.array([kind_of[k] for k in s.kinds], dtype=np.int64).reshape(s.n)[rows]
        symbols = np.array([s.kind_symbol(k) for k in kinds], dtype=object).reshape(len(kinds))
        brushes = np.array(
            [self._brush(s.kind_color(k), bool(d)) for k in kinds for d in (0, 1)], dtype=object
        ).reshape(2 * len(kinds))
        pens = np.array([self._pen(bool(p), bool(d)) for p in (0, 1) for d in (0, 1)], dtype=object).reshape(4)
        return {
            "rows": rows,
            "symbol": symbols[codes],
            "brush": brushes[codes * 2 + dims],
            "pen": pens[s.pinned[rows].astype(np.int64) * 2 + dims],
            "drawn": None,  # rows[drawn] went to the scatter (placed ones), set by _redraw_nodes
        }

    def _opaque(self, colour: str, alpha: int) -> QColor:
        """``colour`` at ``alpha`` over the map's background, as an opaque colour. Qt strokes a
        path with a see-through pen ten to twenty times slower than with an opaque one (it
        keeps the path's own crossings from blending twice): lines look the same, and the
        lines of a 10,000-relationship map draw in a few ms instead of ~100."""

        def make() -> QColor:
            c, bg, a = QColor(colour), QColor(self.theme.background), alpha / 255.0
            return QColor(
                round(c.red() * a + bg.red() * (1 - a)),
                round(c.green() * a + bg.green() * (1 - a)),
                round(c.blue() * a + bg.blue() * (1 - a)),
            )

        return self.cache.get(f"opaque:{colour}:{alpha}", self.theme, make)

    def _brush(self, fill: str, dim: bool) -> QBrush:
        """The fill of an actor symbol (its kind's colour), cached per colour: a kind may be recoloured."""

        def make() -> QBrush:
            return QBrush(_color(fill, DIM_ALPHA + 20 if dim else 255))

        return self.cache.get(f"brush:{fill}:{dim}", self.theme, make)

    def _pen(self, pinned: bool, dim: bool) -> QPen:
        t = self.theme

        def make() -> QPen:
            return (
                pg.mkPen(_color(t.text, 90 if dim else 230), width=2.2)
                if pinned
                else pg.mkPen(_color(t.node_outline, 90 if dim else 255), width=1.6)
            )

        return self.cache.get(f"pen:{pinned}:{dim}", t, make)

    def _wanted_node_scale(self, pixel_size: float | None = None) -> float:
        """Shrink symbols when relationships are drawn shorter than symbols are wide (a dense
        map zoomed out), so the map shows its structure instead of a blob; at the current zoom
        or at ``pixel_size`` data units a pixel."""
        med = self._median_edge()
        if med <= 0:
            return 1.0
        edge_px = med / (self.pixel_size() if pixel_size is None else pixel_size)
        k = symbol_scale(edge_px)
        style = self._node_style()
        if style is not None and int(self.visible_nodes.sum()) > NODE_LOD_SYMBOLS:
            # Resizing tens of thousands of symbols costs pyqtgraph a few hundred ms: on a big
            # map step down to the nearest of a few sizes instead of following every zoom step
            # (never larger than the smooth size, so a dense map does not turn into a blob).
            k = max(r for r in (0.2, 0.45, 1.0) if r <= k + 1e-9)
        return k

    def drawn_px(self) -> np.ndarray:
        """Node diameters in pixels as drawn now (node_sizes, shrunk on dense zoomed-out maps)."""
        return self.node_px * self._node_scale

    def _redraw_nodes(self) -> None:
        style = self._node_style()
        if style is None:
            self._nodes.setData([], [])
            self._ring.setData([], [])
            return
        rows = style["rows"]
        self._node_scale = self._wanted_node_scale()
        drawn = self.drawn_px()
        ok = np.isfinite(self.positions[rows]).all(axis=1)
        v = self.session.versions
        last = self.cache.peek("nodes_drawn")
        if last is not None and last[1] is style and last[0] == (v.positions, ok.all()):
            # Only the zoom changed the symbol sizes: resize, keep the pens, brushes and symbols.
            if style.get("scale") != self._node_scale:
                self._nodes.setSize(drawn[rows[style["drawn"]]], update=False)
                _lookup_symbols(self._nodes)
                style["scale"] = self._node_scale
        else:
            keep = np.flatnonzero(ok)
            _set_symbols(
                self._nodes,
                pos=self.positions[rows[keep]],
                size=drawn[rows[keep]],
                symbol=style["symbol"][keep],
                brush=style["brush"][keep],
                pen=style["pen"][keep],
                data=rows[keep],
            )
            style["drawn"] = keep
            slot = np.full(self.session.scene.n, -1, dtype=np.int64)
            slot[rows[keep]] = np.arange(len(keep))
            style["slot"] = slot  # node row -> index in the scatter
            style["shown"] = None
            style["scale"] = self._node_scale
            self.cache.put("nodes_drawn", (v.positions, ok.all()), style)
        self._show_visible(style)
        self._redraw_ring()
        self._labels.update()

    def _show_visible(self, style: dict) -> None:
        """Show the symbols of the actors the filter keeps, hide the others (kept per filter)."""
        v = self.session.versions.visibility
        if style.get("shown") == v or style.get("drawn") is None:
            return
        # straight into the scatter's array: setPointsVisible would look every symbol up in
        # its atlas again (~40 ms for 5,000 actors); paint() culls by this column
        self._nodes.data["visible"] = self.visible_nodes[style["rows"][style["drawn"]]]
        self._nodes.invalidate()
        style["shown"] = v

    def _redraw_ring(self) -> None:
        s = self.session.scene
        ring = []
        r = self.session.selected_actor_row()
        if r is not None and self.visible_nodes[r] and np.isfinite(self.positions[r]).all():
            ring = [r]
        if ring:
            rr = np.array(ring)
            self._ring.setData(
                pos=self.positions[rr],
                size=self.drawn_px()[rr] + 10,
                symbol=[s.kind_symbol(s.kinds[r]) for r in rr],
                brush=QBrush(Qt.BrushStyle.NoBrush),
                pen=pg.mkPen(self.theme.accent, width=3),
            )
        else:
            self._ring.setData([], [])

    def _move_nodes(self, rows: tuple[int, ...]) -> bool:
        """Move the symbols of ``rows`` in place (a drag, a drop, an undone move); False when
        the scatter must be rebuilt instead (a row was not drawn before)."""
        hit = self.cache.peek("nodes_drawn")
        style = self._node_style()
        if hit is None or hit[1] is not style or "slot" not in style:
            return False
        data = self._nodes.data
        slot = style["slot"]
        for row in rows:
            k = int(slot[row]) if row < len(slot) else -1
            x, y = self.positions[row]
            if k < 0:
                if self.visible_nodes[row] and np.isfinite([x, y]).all():
                    return False  # newly placed: not in the scatter yet
                continue
            data["x"][k], data["y"][k] = x, y
        self._nodes.prepareGeometryChange()
        self._nodes.bounds = [None, None]
        self._nodes.invalidate()
        self.cache.put("nodes_drawn", (self.session.versions.positions, hit[0][1]), style)
        self._redraw_ring()
        self._labels.update()
        return True

    def _restyle_rows(self, rows: tuple[int, ...]) -> bool:
        """Give ``rows`` their current symbol, fill and outline in the drawn scatter; False
        when the whole map must be restyled instead."""
        hit = self.cache.peek("node_style")
        drawn = self.cache.peek("nodes_drawn")
        if hit is None or drawn is None or drawn[1] is not hit[1] or "slot" not in hit[1]:
            return False
        style = hit[1]
        s = self.session.scene
        focus_nodes, _ = self.session.focus()
        any_focus = len(focus_nodes) > 0
        focus = set(focus_nodes.tolist())
        where = {int(r): i for i, r in enumerate(style["rows"].tolist())} if len(rows) > 8 else None
        data = self._nodes.data
        for row in rows:
            idx: int | None
            if where is not None:
                idx = where.get(row)
            else:
                at = np.flatnonzero(style["rows"] == row)
                idx = int(at[0]) if len(at) else None
            if idx is None:
                continue
            dim = any_focus and row not in focus
            style["symbol"][idx] = s.kind_symbol(s.kinds[row])
            style["brush"][idx] = self._brush(s.kind_color(s.kinds[row]), dim)
            style["pen"][idx] = self._pen(bool(s.pinned[row]), dim)
            k = int(style["slot"][row])
            if k >= 0:
                data["symbol"][k] = style["symbol"][idx]
                data["brush"][k] = style["brush"][idx]
                data["pen"][k] = style["pen"][idx]
                data["sourceRect"][k] = 0  # pyqtgraph looks the symbol up in its atlas again
        self._nodes.updateSpots()
        self.cache.put("node_style", self._style_key(), style)
        self.cache.put("nodes_drawn", drawn[0], style)
        return True

    def _edge_style(self) -> dict | None:
        if self.session.scene.n == 0 and not self.session.versions.scene:
            return None
        v = self.session.versions
        key = (v.scene, v.visibility, v.selection, self.theme, self._open_version)
        return self.cache.get("edge_style", key, self._restyle_edges)

    def _edge_codes(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        """Every relationship's type (index into the sorted type keys) and status (index into
        _STATUSES) as codes, once per scene: a restyle (a click, a filter) then takes the rows
        it draws from them instead of looking 100,000 strings up again."""
        s = self.session.scene

        def compute() -> tuple[list[str], np.ndarray, np.ndarray]:
            keys = sorted(set(s.types))
            type_index = {k: i for i, k in enumerate(keys)}
            status_index = {st: i for i, st in enumerate(_STATUSES)}
            status_index.update({st: 0 for st in set(s.statuses) - status_index.keys()})
            types = np.fromiter(map(type_index.__getitem__, s.types), dtype=np.int64, count=s.m)
            statuses = np.fromiter(map(status_index.__getitem__, s.statuses), dtype=np.int64, count=s.m)
            return keys, types, statuses

        return self.cache.get("edge_codes", self.session.versions.scene, compute)

    def _kind_codes(self) -> tuple[list[str], np.ndarray]:
        """Every actor's kind as a code (index into the sorted kind keys), once per scene."""
        s = self.session.scene

        def compute() -> tuple[list[str], np.ndarray]:
            keys = sorted(set(s.kinds))
            index = {k: i for i, k in enumerate(keys)}
            return keys, np.fromiter(map(index.__getitem__, s.kinds), dtype=np.int64, count=s.n)

        return self.cache.get("kind_codes", self.session.versions.scene, compute)

    def _edge_pen(self, colour: str, alpha: int, width: float, status: str) -> QPen:
        """The pen of a group of lines, kept per theme: a restyle (every step of a time window
        sliding) draws with the pens it drew with before instead of making a score of them."""

        def make() -> QPen:
            pen = pg.mkPen(self._opaque(colour, alpha), width=width)
            pen.setStyle(_PEN_STYLE.get(status, Qt.PenStyle.SolidLine))
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            return pen

        return self.cache.get(f"edge_pen:{colour}:{alpha}:{width!r}:{status}", self.theme, make)

    def _restyle_edges(self) -> dict:
        """Group the visible edges by how they are drawn (type colour, status, width, dimmed)."""
        s = self.session.scene
        rows = np.flatnonzero(self.drawn_edges) if s.m else np.empty(0, dtype=np.int64)
        keys, type_codes, status_codes = self._edge_codes()
        t_idx, s_idx = type_codes[rows], status_codes[rows]
        # a collapsed pair's one line stands for several types: drawn neutral, without an arrow
        bundled = self.pairs().bundle[rows] >= 0 if len(rows) else np.zeros(0, dtype=bool)
        t_idx[bundled] = len(keys)
        keys = [*keys, ""]
        st_names = _STATUSES
        w_idx = np.clip(s.evidence_count[rows], 1, 5) - 1
        _, focus_edges = self.session.focus()
        focus = np.zeros(s.m, dtype=bool)
        focus[focus_edges] = True
        dim = (~focus[rows]) & bool(focus.any())
        selected = np.zeros(len(rows), dtype=bool)
        k_sel = self.session.selected_relationship_row()
        if k_sel is not None:
            selected = rows == k_sel
        code = (((t_idx * 3 + s_idx) * 5 + w_idx) * 2 + dim) * 2 + selected
        groups = []
        arrows: dict[tuple[str, bool], list[np.ndarray]] = {}
        widths = edge_widths(np.arange(1, 6))
        if len(rows):
            uniq, inverse = np.unique(code, return_inverse=True)
            order = np.argsort(inverse, kind="stable")
            bounds = np.searchsorted(inverse[order], np.arange(len(uniq) + 1))
            for g, c in enumerate(uniq):
                members = order[bounds[g] : bounds[g + 1]]  # positions in ``rows``
                c = int(c)
                sel, c = c % 2, c // 2
                dm, c = c % 2, c // 2
                wi, c = c % 5, c // 5
                si, ti = c % 3, c // 3
                type_key = keys[ti]
                colour = s.type_color(type_key) if type_key else self.theme.muted_text
                status = st_names[si]
                width = float(widths[wi]) + (1.6 if sel else 0.0)
                alpha = DIM_ALPHA if dm else (150 if status == "rejected" else 235)
                groups.append((self._edge_pen(colour, alpha, width, status), 8 if dm else 10, members))
                directed = members[s.directed[rows[members]]] if type_key else members[:0]
                if len(directed):
                    arrows.setdefault((colour, bool(dm)), []).append(directed)
        # Dimmed groups first, so bright lines draw over them.
        groups.sort(key=lambda g: g[1])
        return {
            "rows": rows,
            "groups": groups,
            "arrows": [(colour, dm, np.concatenate(parts)) for (colour, dm), parts in arrows.items()],
            "selected": np.flatnonzero(selected),
        }

    def _redraw_edges(self) -> None:
        style = self._edge_style()
        if style is None:
            self._edge_layer.set_content(EdgeContent())
            self._edge_layer.set_overlay(EdgeContent())
            self._labels.update()
            return
        rows = style["rows"]
        px = self.pixel_size()
        # Lines are laid out for the view and a quarter view around it: a pan that stays inside
        # that cover (and does not zoom) needs no new geometry, only the labels move.
        view = self.vb.viewRect()
        v = self.session.versions
        # (a pan moves the range by whole data units, which can change the scale in its last bits)
        key = (v.positions, float(f"{px:.9e}"), self._node_scale, v.visibility, self.interacting)
        last = self.cache.peek("edges_drawn")
        if (
            last is not None
            and last[1]["style"] is style
            and last[0][0] == key[0]
            and last[1]["cover"].contains(view)
            and last[0][4] == self.interacting
        ):
            drawn = last[1]
            if last[0] == key or (
                drawn["thin"] and self._edges_in_view(rows[drawn["on_screen"]], view).sum() > EDGE_LOD_LINES
            ):
                # Thin lines run from centre to centre (under the symbols): nothing to redo on a zoom.
                self.cache.put("edges_drawn", key, drawn)
                self._labels.update()
                return
        margin = 0.0 if self.interacting else 0.25
        cover = view.adjusted(
            -view.width() * margin, -view.height() * margin, view.width() * margin, view.height() * margin
        )
        ok = self._edges_in_view(rows, cover)
        on_screen = np.flatnonzero(ok)
        # Level of detail: past a few thousand lines on screen, one-pixel (cosmetic) lines, which
        # Qt rasterises many times faster than wider ones, and no arrowheads (too small to read).
        # (A cover without margin, while a time window slides, is the view: those are the lines.)
        lines_in_view = len(on_screen) if cover == view else int(self._edges_in_view(rows[on_screen], view).sum())
        thin = lines_in_view > EDGE_LOD_LINES or self.interacting
        drawn = {
            "style": style,
            "cover": cover,
            "thin": thin,
            "smooth": lines_in_view <= EDGE_AA_LINES and not self.interacting,
            "on_screen": on_screen,
            "ok": ok,
            "overlay": np.zeros(len(rows), dtype=bool),
        }
        self.cache.put("edges_drawn", key, drawn)
        self._edge_layer.set_content(self._edge_content(drawn, ok))
        self._edge_layer.set_overlay(EdgeContent())
        self._index_timer.start()
        self._labels.update()

    def _edge_content(self, drawn: dict, members_ok: np.ndarray) -> EdgeContent:
        """Lines, arrowheads and glow of the style's rows where ``members_ok`` (over style
        rows), laid out at the current zoom and cut to the cover."""
        style = drawn["style"]
        rows = style["rows"]
        cover = drawn["cover"]
        thin, smooth = drawn["thin"], drawn["smooth"]
        px = self.pixel_size()
        take = np.flatnonzero(members_ok)
        start = np.full((len(rows), 2), np.nan)
        end = np.full((len(rows), 2), np.nan)
        clip_start = np.full((len(rows), 2), np.nan)
        clip_end = np.full((len(rows), 2), np.nan)
        box = (cover.left(), cover.top(), cover.right(), cover.bottom())
        # parallel relationships are curves (few: drawn whole, as polylines); the rest straight
        curve_of = np.full(len(rows), -1, dtype=np.int64)
        curved = take[self._lanes()[rows[take]] != 0] if len(take) else take
        curves = np.empty((0, CURVE_SEGMENTS + 1, 2))
        if len(take):
            start[take], end[take], clip_start[take], clip_end[take] = self._segments(rows[take], thin=thin, box=box)
        if len(curved):
            curves = self._drawn_curves(rows[curved], trim=not thin)
            curve_of[curved] = np.arange(len(curved))
            clip_start[curved] = np.nan
            # an arrowhead follows the curve's last stretch, the chord's length back
            tangent = curves[:, -1] - curves[:, -2]
            tangent /= np.maximum(np.hypot(tangent[:, 0], tangent[:, 1]), 1e-12)[:, None]
            chord = np.hypot(*(end[curved] - start[curved]).T)
            end[curved] = curves[:, -1]
            start[curved] = curves[:, -1] - tangent * chord[:, None]
        joined = np.append(np.ones(CURVE_SEGMENTS), 0).astype(np.int32)  # one curve's points, joined
        content = EdgeContent(cover=box)
        for pen, z, members in style["groups"]:
            members = members[members_ok[members]]
            if len(members) == 0:
                continue
            if thin and pen.widthF() > 1.0:
                pen = QPen(pen)
                pen.setWidthF(1.0)
            ends = np.empty((len(members), 2, 2))  # (line, start/end, x/y)
            ends[:, 0], ends[:, 1] = clip_start[members], clip_end[members]
            xy = ends[np.isfinite(ends[:, 0, 0])].reshape(-1, 2)
            content.lines.append(LineBatch(pen, z, xy, smooth))
            bent = curve_of[members]
            bent = bent[bent >= 0]
            if len(bent):
                content.lines.append(
                    LineBatch(pen, z, curves[bent].reshape(-1, 2), smooth, connect=np.tile(joined, len(bent)))
                )
        arrows = [(colour, dm, members[members_ok[members]]) for colour, dm, members in style["arrows"]]
        if not thin and sum(len(m) for _c, _d, m in arrows) <= ARROW_LOD_HEADS * 2.25:
            k = self._node_scale  # arrowheads shrink with the symbols on a dense map
            for colour, dm, members in arrows:
                if len(members) == 0:
                    continue
                tri = arrowheads(
                    start[members], end[members], length=ARROW_LENGTH_PX * k * px, width=ARROW_WIDTH_PX * k * px
                )
                content.arrows.append(
                    ArrowBatch(QBrush(self._opaque(colour, DIM_ALPHA if dm else 240)), 8 if dm else 11, tri)
                )
        # glow under the selected relationship and a shortest path
        glow = set(style["selected"].tolist())
        path_edges = self.session.path_edges()
        if len(path_edges):
            glow |= set(np.flatnonzero(np.isin(rows, path_edges)).tolist())
        glow_k = [k for k in sorted(glow) if members_ok[k]]
        if glow_k:
            pts = self._drawn_curves(rows[glow_k], trim=False)
            content.lines.append(
                LineBatch(
                    pg.mkPen(_color(self.theme.accent, 70), width=8),
                    5,
                    pts.reshape(-1, 2),
                    True,
                    connect=np.tile(joined, len(glow_k)),
                )
            )
        # a collapsed pair's line carries the count of its relationships
        pairs = self.pairs()
        for members in pairs.collapsed:
            k = int(members[0])
            if not self.visible_edges[k]:
                continue
            at = np.searchsorted(rows, k)
            if at < len(rows) and rows[at] == k and members_ok[at]:
                mid = self._drawn_curves(np.array([k]), trim=False)[0, CURVE_SEGMENTS // 2]
                content.badges.append((float(mid[0]), float(mid[1]), str(len(members))))
        if content.badges:
            content.badge_colors = (QColor(self.theme.background), QColor(self.theme.text))
        return content

    def _segments(
        self, rows: np.ndarray, *, thin: bool, box: tuple[float, float, float, float]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(start, end, clip_start, clip_end) of edge ``rows`` drawn straight: stopping at the
        rims (not when ``thin``) and cut to ``box``. Kept per edge for the positions, zoom and
        cover they were laid out for, so a time window sliding over a still map lays out only
        the lines it shows for the first time."""
        s = self.session.scene
        v = self.session.versions
        key = (id(s), s.m, v.scene, v.positions, float(f"{self.pixel_size():.9e}"), self._node_scale, thin, box)
        hit = self.cache.peek("segments")
        if hit is not None and hit[0] == key:
            geo = hit[1]
        else:
            # np.empty: rows are read only once laid out (``done``), and a drag step (new
            # positions) must not pay for filling the arrays of every edge
            geo = {name: np.empty((s.m, 2)) for name in ("start", "end", "clip_start", "clip_end")}
            geo["done"] = np.zeros(s.m, dtype=bool)
            self.cache.put("segments", key, geo)
        need = rows[~geo["done"][rows]]
        if len(need):
            start, end = self._drawn_segments(need, trim=not thin)
            geo["start"][need], geo["end"][need] = start, end
            # drawn only inside the cover: Qt dashes a line along its whole length, on screen or not
            geo["clip_start"][need], geo["clip_end"][need] = clip_segments(start, end, box)
            geo["done"][need] = True
        return geo["start"][rows], geo["end"][rows], geo["clip_start"][rows], geo["clip_end"][rows]

    def _move_edges(self, rows: tuple[int, ...]) -> bool:
        """Redraw only the lines of moved actors ``rows``, over the cached image of the others;
        False when every line must be laid out again instead (zoom, filter, too many moved)."""
        drawn_hit = self.cache.peek("edges_drawn")
        style = self._edge_style()
        view = self.vb.viewRect()
        if drawn_hit is None or style is None or drawn_hit[1]["style"] is not style or len(rows) > 50:
            return False
        drawn = drawn_hit[1]
        px = self.pixel_size()
        v = self.session.versions
        key = (v.positions, float(f"{px:.9e}"), self._node_scale, v.visibility, self.interacting)
        if drawn_hit[0][1:] != key[1:] or not drawn["cover"].contains(view):
            return False
        s = self.session.scene
        srows = style["rows"]
        moved = np.zeros(s.n, dtype=bool)
        moved[list(rows)] = True
        touching = moved[s.edges[srows, 0]] | moved[s.edges[srows, 1]] if len(srows) else np.zeros(0, bool)
        if touching.any() and not drawn["overlay"][touching].all():
            # these lines leave the cached image for the overlay (once per drag of an actor)
            drawn["overlay"] = drawn["overlay"] | touching
            self._edge_layer.set_content(self._edge_content(drawn, drawn["ok"] & ~drawn["overlay"]))
        overlay = drawn["overlay"].copy()
        mine = np.flatnonzero(overlay)
        overlay[mine] = self._edges_in_view(srows[mine], drawn["cover"])
        self._edge_layer.set_overlay(self._edge_content(drawn, overlay))
        self.cache.put("edges_drawn", key, drawn)
        self._index_timer.start()
        return True

    def drawn_edge_summary(self) -> dict:
        """What the edge layer draws now (tests): lines, the widest pen, arrowheads."""
        parts = [self._edge_layer.content, self._edge_layer.overlay]
        lines = [b for c in parts for b in c.lines if b.z != 5]
        return {
            "lines": sum(b.count() for b in lines),
            "widest": max((b.pen.widthF() for b in lines), default=0.0),
            "curves": sum(b.count() for b in lines if b.connect is not None),
            "badges": [text for c in parts for _x, _y, text in c.badges],
            "arrows": sum(len(a.tri) for c in parts for a in c.arrows),
        }

    def _update_empty_note(self) -> None:
        s = self.session.scene
        note = ""
        if self.session.versions.scene and s.n == 0:
            note = (
                "<b>This workspace has no actors yet.</b><br>Import articles with File ▸ Import…, "
                "or add an actor with Edit ▸ Add Actor…"
            )
        elif s.n and not self.visible_nodes.any():
            note = "<b>Nothing matches the filters.</b><br>Widen them, or choose “Show everything”."
        self.empty_note.setText(f"<span style='color:{self.theme.muted_text}; font-size:12pt'>{note}</span>")
        self.empty_note.setVisible(bool(note))
        self._place_overlays()

    def _update_legend(self) -> None:
        self._update_empty_note()
        s = self.session.scene
        # from the per-scene codes of kinds, types and statuses: a time window sliding asks this
        # of thousands of rows at every step
        kind_keys, kind_codes = self._kind_codes()
        kinds_shown = {kind_keys[c] for c in np.unique(kind_codes[self.visible_nodes]).tolist()}
        kinds = [(s.kind_label(k), s.kind_symbol(k), s.kind_color(k)) for k in s.kind_order() if k in kinds_shown]
        type_keys, type_codes, status_codes = self._edge_codes()
        shown = self.visible_edges if s.m else np.zeros(0, dtype=bool)
        keys = sorted((type_keys[c] for c in np.unique(type_codes[shown]).tolist()), key=lambda k: s.type_label(k))
        types = [
            (s.type_label(k), s.type_color(k), bool(s.relation_types[k].directed) if k in s.relation_types else True)
            for k in keys
        ]
        proposed = bool((status_codes[shown] == _STATUSES.index("proposed")).any())
        self.legend.set_entries(kinds, types, proposed, self.theme)
        self._place_overlays()

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


def _set_symbols(
    scatter: pg.ScatterPlotItem,
    *,
    pos: np.ndarray,
    size: np.ndarray,
    symbol: np.ndarray,
    brush: np.ndarray,
    pen: np.ndarray,
    data: np.ndarray,
) -> None:
    """``scatter.setData`` for tens of thousands of symbols drawn in a few dozen styles.

    pyqtgraph makes a pen and a brush, measures each symbol and looks it up in its atlas of
    pre-rendered symbols for every point, in Python (a second for 50,000 actors); here the
    point table is filled from the arrays at once and each distinct style is looked up once
    (``_lookup_symbols``), as ``setData`` would have left it.
    """
    table = np.zeros(len(pos), dtype=scatter.data.dtype)  # zeros: no atlas coordinates yet
    table["x"], table["y"] = pos[:, 0], pos[:, 1]
    table["size"] = size
    table["symbol"] = symbol
    table["brush"] = brush
    table["pen"] = pen
    table["data"] = data
    table["visible"] = True
    scatter.data["item"][...] = None  # SpotItems of the old table refer to it
    scatter.data = table
    scatter.prepareGeometryChange()
    scatter.informViewBoundsChanged()
    scatter.bounds = [None, None]
    _lookup_symbols(scatter)
    scatter.sigPlotChanged.emit(scatter)


def _lookup_symbols(scatter: pg.ScatterPlotItem) -> None:
    """Fill the scatter's atlas coordinates with one lookup per distinct (symbol, size, pen,
    brush), then let it update (what ``updateSpots`` does with one lookup per point)."""
    table = scatter.data
    n = len(table)
    if n:
        key = np.zeros(n, dtype=np.int64)
        columns = [np.fromiter(map(id, table[col]), dtype=np.int64, count=n) for col in ("symbol", "pen", "brush")]
        for column in (*columns, table["size"]):
            _, codes = np.unique(column, return_inverse=True)
            codes = codes.reshape(-1)
            key = key * (int(codes.max()) + 1) + codes  # a few dozen styles: never overflows
        _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        styles = [(table["symbol"][i], float(table["size"][i]), table["pen"][i], table["brush"][i]) for i in first]
        coords = scatter.fragmentAtlas[styles]
        table["sourceRect"] = np.array(coords, dtype=table["sourceRect"].dtype)[inverse.reshape(-1)]
    scatter.updateSpots()
