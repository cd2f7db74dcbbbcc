"""Communities on a big map: a soft tint over each community's territory and, zoomed out, its
most connected names written large, so a map of thousands reads as labelled regions.

The communities are ``desktop.graph.communities`` (Louvain, seeded): found once per scene
over every relationship of the scene, so the regions hold still while the time window or a
filter changes what is drawn. Their territories (where each community's drawn actors are
densest) and leaders are worked out from what is drawn, a moment after the actors last
moved. Both run on a worker thread (Louvain takes seconds at 5,000 actors), the communities
only once the map has held still (after the first paint and the layout); the map is usable
meanwhile. Nothing is drawn below :data:`REGION_MIN_ACTORS` visible actors: a small map's
stories are plain to see without.

Two items share one :class:`MapRegions`: the tint under the lines, the big names over the
actors but under the names of a selection. The big names come when the actors' own names give
way (more than ``LABEL_LOD_ACTORS`` actors in view) and go when zooming in brings those back.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPixmap

from desktop.graph.communities import Territories, communities
from desktop.graph.regions import (
    NOTHING,
    REGION_MIN_ACTORS,
    REGION_NAMES_COVER,
    Region,
    RegionDrawing,
    ShownRegions,
    draw_regions,
)
from desktop.ui.map_labels import LABEL_LOD_ACTORS

if TYPE_CHECKING:
    from desktop.graph.scene import GraphScene
    from desktop.ui.graph_view import GraphView

__all__ = ["MapRegions", "REGION_MIN_ACTORS", "Region"]

# The regions follow the actors this long after they last moved (a drag, a layout frame).
SETTLE_MS = 300
# Communities are looked for once the map has held still this long: Louvain is pure Python
# and would slow the first paint and the layout, which are what the user waits for.
FIND_AFTER_MS = 800
# The big names cover at most this share of the map as drawn on screen: on a small window
# they are a few landmarks, not a blanket over the actors (the exports' rule too).
NAMES_COVER = REGION_NAMES_COVER


class _Worker:
    """Jobs on daemon threads, the newest of each kind wins; the GUI polls for answers. A
    daemon: a window closing never waits for a Louvain run it no longer needs."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._done: dict[str, tuple[object, object]] = {}
        self.pending: dict[str, object] = {}

    def start(self, kind: str, key: object, job: Callable[[], object]) -> None:
        self.pending[kind] = key

        def run() -> None:
            try:
                answer = job()
            except Exception:  # noqa: BLE001 - no regions is better than a broken map
                answer = None
            with self._lock:
                self._done[kind] = (key, answer)

        threading.Thread(target=run, name=f"relmap-{kind}", daemon=True).start()

    def take(self, kind: str) -> tuple[object, object] | None:
        with self._lock:
            return self._done.pop(kind, None)


def _draw(
    scene: GraphScene, labels: np.ndarray, pos: np.ndarray, nodes: np.ndarray, edge_rows: np.ndarray
) -> RegionDrawing:
    """The regions of what is drawn (worker thread: numpy and plain Python only)."""
    edges = scene.edges[edge_rows] if len(edge_rows) else np.empty((0, 2), dtype=np.int64)
    return draw_regions(labels, pos, nodes, edges, scene.names)


class MapRegions(QObject):
    """The communities of one graph view: found, mapped and painted (two layer items)."""

    def __init__(self, view: GraphView) -> None:
        super().__init__(view)
        self._view = view
        self.wanted = True
        self._worker = _Worker()
        self._labels: tuple[object, np.ndarray] | None = None  # (scene key, label per row)
        self._drawn_key: object = None
        self.regions: list[Region] = []
        self.territory: Territories | None = None
        self._image: QImage | None = None
        self.named: list[tuple[Region, QRectF]] = []  # what the last paint wrote large, and where
        self._poll = QTimer(self, interval=60)
        self._poll.timeout.connect(self._on_poll)
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self._start_drawing)
        self._find = QTimer(self, singleShot=True, interval=FIND_AFTER_MS)
        self._find.timeout.connect(self._start_finding)
        self.tint = _TintItem(self)
        self.tint.setParentItem(view.vb)
        self.names = _NamesItem(self)
        self.names.setParentItem(view.vb)
        self.font = QFont()
        self.font.setBold(True)
        self.small = QFont()

    # ------------------------------------------------------------------ keeping up
    def _scene_key(self) -> tuple:
        s = self._view.session
        return (id(s), s.versions.scene, s.scene.n, s.scene.m)

    def _state_key(self) -> tuple:
        v = self._view.session.versions
        return (self._scene_key(), v.positions, v.visibility)

    def _applies(self) -> bool:
        session = self._view.session
        return (
            self.wanted and session.scene.n >= REGION_MIN_ACTORS and int(session.shown.nodes.sum()) >= REGION_MIN_ACTORS
        )

    def refresh(self) -> None:
        """The view changed (scene, filter, positions): find or re-map the regions as needed."""
        if not self._applies():
            self._settle.stop()
            self._find.stop()
            if self.regions or self._image is not None:
                self._set_drawn(NOTHING, None)
            return
        key = self._scene_key()
        if self._labels is None or self._labels[0] != key:
            if not self._view.painted:
                # The map paints first: Louvain takes seconds of CPU on a big map, and a thread
                # busy with it from the start slows the first paint down (issue 12).
                self._view.after_first_paint(self.refresh)
                return
            if self._worker.pending.get("communities") != key:
                self._find.start()  # (again): a layout frame or a drag says the map is not still yet
            return
        if self._drawn_key != self._state_key():
            if self.regions:
                self._settle.start()  # keep drawing the last regions until the actors rest
            else:
                self._start_drawing()

    def _start_finding(self) -> None:
        if self._closed() or not self._applies():
            return
        key = self._scene_key()
        if (self._labels is not None and self._labels[0] == key) or self._worker.pending.get("communities") == key:
            return
        scene = self._view.session.scene
        edges, n = scene.edges.copy(), scene.n
        self._worker.start("communities", key, lambda: communities(edges, n, seed=0))
        self._poll.start()

    def _start_drawing(self) -> None:
        if self._closed() or self._labels is None or not self._applies():
            return
        key = self._state_key()
        if self._worker.pending.get("regions") == key:
            return
        session = self._view.session
        scene, labels = session.scene, self._labels[1]
        if len(labels) != scene.n:
            return
        pos, nodes = session.positions.copy(), session.shown.nodes.copy()
        edge_rows = np.flatnonzero(session.shown.edges) if scene.m else np.empty(0, dtype=np.int64)
        self._worker.start("regions", key, lambda: _draw(scene, labels, pos, nodes, edge_rows))
        self._poll.start()

    def _closed(self) -> bool:
        # pyqtgraph's close() deletes the scene's items; a late answer must not touch them
        if getattr(self._view, "closed", False):
            self._poll.stop()
            self._settle.stop()
            self._find.stop()
            return True
        return False

    def _on_poll(self) -> None:
        if self._closed():
            return
        # (a job's answer is None when it failed)
        found = self._worker.take("communities")
        if found is not None:
            self._worker.pending.pop("communities", None)
            key, labels = found
            if key == self._scene_key() and isinstance(labels, np.ndarray):
                self._labels = (key, labels)
            self.refresh()
        drawn = self._worker.take("regions")
        if drawn is not None:
            self._worker.pending.pop("regions", None)
            state, regions = drawn
            if (
                isinstance(state, tuple)
                and state[0] == self._scene_key()
                and isinstance(regions, RegionDrawing)
                and self._applies()
            ):
                self._set_drawn(regions, state)
                if state != self._state_key():
                    self._settle.start()  # the actors moved on meanwhile
        if not self._worker.pending:
            self._poll.stop()

    def _set_drawn(self, drawn: RegionDrawing, key: object) -> None:
        self.regions, self.territory = drawn.regions, drawn.territory
        self._drawn_key = key
        self._image = None
        if drawn.rgba is not None:
            h, w = drawn.rgba.shape[:2]
            self._image = QImage(drawn.rgba.data, w, h, w * 4, QImage.Format.Format_RGBA8888).copy()
        self.tint.update()
        self.names.update()

    def ready(self) -> bool:
        """Whether the regions of what is shown now are drawn (tests wait for this)."""
        return self._drawn_key is not None and self._drawn_key == self._state_key()

    def shown(self) -> ShownRegions | None:
        """What File > Export… needs to draw the regions shown now: the communities found (by
        actor id), each drawn region's colour, and whether their names are written. None when
        the map shows no regions (a small map, or not worked out yet)."""
        if not self.regions or self._labels is None or not self._applies():
            return None
        scene = self._view.session.scene
        labels = self._labels[1]
        if len(labels) != scene.n:
            return None
        return ShownRegions(
            communities=dict(zip(scene.actor_ids.tolist(), labels.tolist())),
            colours={r.label: r.colour for r in self.regions},
            names=self.names_shown(),
        )

    # ------------------------------------------------------------------ what a paint shows
    def names_shown(self) -> bool:
        """Big names when the actors' own names give way: too many actors in view to name."""
        view = self._view
        if not self.regions or not view.labels_wanted:
            return False
        session = view.session
        rect = view.vb.viewRect()
        xy = session.positions
        inside = (
            session.shown.nodes
            & (xy[:, 0] >= rect.left())
            & (xy[:, 0] <= rect.right())
            & (xy[:, 1] >= rect.top())
            & (xy[:, 1] <= rect.bottom())
        )
        return int(inside.sum()) > LABEL_LOD_ACTORS

    def tint_rect(self) -> QRectF | None:
        """Where the tint image goes, in the view box's coordinates."""
        if self.territory is None:
            return None
        x0, y0, x1, y1 = self.territory.extent
        corners = self._view._data_to_vb(np.array([[x0, y1], [x1, y0]]))
        return QRectF(QPointF(*corners[0]), QPointF(*corners[1])).normalized()


class _TintItem(pg.GraphicsObject):
    """The soft territories, under the relationship lines: the worker's small image, scaled
    smoothly once per zoom and blitted by every paint (a pan moves it)."""

    def __init__(self, regions: MapRegions) -> None:
        super().__init__()
        self._regions = regions
        self._scaled: tuple[tuple, QPixmap] | None = None
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(-20)

    def boundingRect(self) -> QRectF:  # noqa: N802
        parent = self.parentItem()
        return parent.boundingRect() if parent is not None else QRectF()

    def paint(self, painter: QPainter, *_args) -> None:  # noqa: ANN002
        r = self._regions
        rect = r.tint_rect()
        if r._image is None or rect is None:
            return
        painter.save()
        if len(r._view.session.focus()[0]) > 0:
            painter.setOpacity(0.45)  # a selection is what the map is about now
        w, h = round(rect.width()), round(rect.height())
        if 0 < w * h <= 16_000_000:
            key = (id(r._image), w, h)
            if self._scaled is None or self._scaled[0] != key:
                scaled = r._image.scaled(
                    w, h, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
                self._scaled = (key, QPixmap.fromImage(scaled))
            painter.drawPixmap(rect.topLeft(), self._scaled[1])
        else:  # zoomed in far: scale the part in view, each paint
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.setClipRect(self.boundingRect())
            painter.drawImage(rect, r._image)
        painter.restore()


class _NamesItem(pg.GraphicsObject):
    """The leaders' names, large, where their communities are densest (zoomed out only). Each
    region's names are drawn once into a pixmap (per set of regions, theme and dimming); a
    paint chooses which fit and blits them."""

    def __init__(self, regions: MapRegions) -> None:
        super().__init__()
        self._regions = regions
        self._pixmaps: dict[tuple, QPixmap] = {}
        self._pixmaps_for: tuple | None = None
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(25)  # over the actors, under the names of a selection

    def boundingRect(self) -> QRectF:  # noqa: N802
        parent = self.parentItem()
        return parent.boundingRect() if parent is not None else QRectF()

    def _pixmap(self, region: Region, px: float, dimmed: bool) -> QPixmap:
        r = self._regions
        view = r._view
        theme = view.theme
        key = (region.label, region.names, region.colour, round(px), dimmed)
        hit = self._pixmaps.get(key)
        if hit is not None:
            return hit
        big = QFont(r.font)
        big.setPixelSize(round(px))
        small = QFont(r.small)
        small.setPixelSize(max(10, round(px * 0.7)))
        lines = [(region.names[0], big)]
        if len(region.names) > 1:
            lines.append((" · ".join(region.names[1:]), small))
        metrics = [QFontMetricsF(f) for _t, f in lines]
        w = math.ceil(max(m.horizontalAdvance(t) for (t, _f), m in zip(lines, metrics)) + 10)
        h = math.ceil(sum(m.height() for m in metrics) + 4)
        ratio = view.devicePixelRatioF()
        pixmap = QPixmap(round(w * ratio), round(h * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        halo = QColor(theme.background)
        halo.setAlpha(110 if dimmed else 170)
        ink = QColor(region.colour).lighter(160) if theme.dark else QColor(region.colour).darker(190)
        ink.setAlpha(110 if dimmed else 255)
        p = QPainter(pixmap)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(halo)
            p.drawRoundedRect(QRectF(0, 0, w, h), 6, 6)
            p.setPen(ink)
            y = 2.0
            for (text, font), m in zip(lines, metrics):
                p.setFont(font)
                p.drawText(QRectF(0, y, w, m.height()), Qt.AlignmentFlag.AlignCenter, text)
                y += m.height()
        finally:
            p.end()
        self._pixmaps[key] = pixmap
        return pixmap

    def paint(self, painter: QPainter, *_args) -> None:  # noqa: ANN002
        r = self._regions
        r.named = []
        if not r.names_shown():
            return
        view = r._view
        stamp = (id(r.regions), view.theme, view.devicePixelRatioF())
        if stamp != self._pixmaps_for:
            self._pixmaps, self._pixmaps_for = {}, stamp
        bounds = self.boundingRect().adjusted(4, 4, -4, -4)
        dimmed = len(view.session.focus()[0]) > 0
        taken: list[QRectF] = []
        legend = view.legend
        if legend.isVisible():
            # names never go under the legend, which floats over the map
            g = legend.geometry()
            corners = [
                self.mapFromScene(view.mapToScene(view.viewport().mapFrom(view, p)))
                for p in (g.topLeft(), g.bottomRight())
            ]
            taken.append(QRectF(corners[0], corners[1]).normalized().adjusted(-4, -4, 4, 4))
        anchors = view._data_to_vb(np.array([g.anchor for g in r.regions]))
        biggest = max(g.size for g in r.regions)
        land = r.tint_rect()
        room = land.intersected(bounds) if land is not None else bounds
        allowance = NAMES_COVER * room.width() * room.height()
        for region, (cx, cy) in sorted(zip(r.regions, anchors.tolist()), key=lambda rc: -rc[0].size):
            # bigger communities, bigger names: 12 to 19 pixels
            pixmap = self._pixmap(region, 12.0 + 7.0 * math.sqrt(region.size / biggest), dimmed)
            size = pixmap.deviceIndependentSize()
            box = QRectF(round(cx - size.width() / 2), round(cy - size.height() / 2), size.width(), size.height())
            if not bounds.contains(box) or any(box.intersects(t) for t in taken):
                continue  # no room: a bigger neighbour's names are there, or the edge of the view
            allowance -= box.width() * box.height()
            if allowance < 0:
                break
            taken.append(box.adjusted(-4, -3, 4, 3))
            r.named.append((region, box))
            painter.drawPixmap(box.topLeft(), pixmap)
