"""While the user pans or zooms, the lines and symbols are drawn from one image; when they stop, afresh.

A pan or wheel step on a 100,000-relationship map redrew 52,000 symbols and, on every zoom step,
laid out and stroked every line again (~20 frames/s at best, issue 12). :class:`MapSnapshot`
draws what the map showed when the gesture began (lines, symbols, the selection ring and the
communities' tint and big names of desktop.ui.map_regions, over the view and a margin around
it) into one image, and every frame of the gesture paints that image moved and scaled: one
blit. Those live layers are hidden meanwhile. The names of actors keep their own mechanism
(desktop.ui.map_labels: drawn once per placement into an image of their own, moved with their
actors while a zoom goes on, placed afresh when the gesture ends) and are drawn over it.

When the input has been still for a moment (``SETTLE_MS``), the mouse button is released, or
anything else changes (the scene, the filter, the selection, a layout frame), the live layers
come back, laid out for the view the gesture ended on, so every pixel is drawn as without the
snapshot. Clicks and hovers never look at the image: they pick actors and relationships from the
positions and the current view, so they hit what is under the pointer during a gesture too.

An image is taken again during the gesture when the view has left the part of the map it
covers or is magnified past ``MAX_MAGNIFY`` (it would blur). The last image that held the whole
map is kept from gesture to gesture until the map changes: zooming back out of a detail, the
map around the detail's image is drawn from it. While a zoom gesture lasts, symbols grow and
shrink with the image; they take their sizes again when it ends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QTransform

if TYPE_CHECKING:
    from desktop.ui.graph_view import GraphView

SETTLE_MS = 300  # input still this long: the gesture is over, draw the map properly
MARGIN = 0.25  # of the view's width and height, on each side, drawn into the image
MAX_MAGNIFY = 4.0  # a zoom that magnifies the image more than this takes a new one
MAX_PIXELS = 24_000_000  # never an image bigger than this (a huge window)


class MapSnapshot(pg.GraphicsObject):
    """The map as one image while a pan or zoom is under way (see the module docstring)."""

    def __init__(self, view: GraphView) -> None:
        super().__init__()
        self._view = view
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self.setZValue(22)  # over the lines and symbols (hidden while it shows), under any names
        self.setVisible(False)
        self._image: QImage | None = None
        self._rect = (0.0, 0.0, 0.0, 0.0)  # data units the image covers: x0, y0, x1, y1
        self._scale = 1.0  # image pixels per data unit
        # The last image that held the whole map, as (image, rect, scale), kept from gesture to
        # gesture until the map changes: zooming out of a detail, the map around the detail's
        # image is drawn from it instead of taking image after image of a growing view.
        self._whole: tuple[QImage, tuple[float, float, float, float], float] | None = None
        self.captures = 0  # images taken (tests, benches)

    def boundingRect(self) -> QRectF:  # noqa: N802
        parent = self.parentItem()
        return parent.boundingRect() if parent is not None else QRectF()

    @property
    def active(self) -> bool:
        return self.isVisible()

    # ------------------------------------------------------------------ taking the image
    def capture(self) -> bool:
        """Draw the map as the view shows it now into the image (False if it cannot be)."""
        view = self._view
        t = view.vb.childGroup.transform()
        s = float(t.m11())
        if s <= 0 or t.m22() >= 0:
            return False
        # the view the transform draws (at a gesture's first step the ViewBox already holds the
        # new range, but the items are still drawn with the old transform: the image is of that)
        box = view.vb.rect()
        vx0, vx1 = (box.left() - t.dx()) / s, (box.right() - t.dx()) / s
        vy0, vy1 = (t.dy() - box.bottom()) / s, (t.dy() - box.top()) / s
        mx, my = (vx1 - vx0) * MARGIN, (vy1 - vy0) * MARGIN
        x0, x1 = vx0 - mx, vx1 + mx
        y0, y1 = vy0 - my, vy1 + my
        w, h = int(np.ceil((x1 - x0) * s)), int(np.ceil((y1 - y0) * s))
        if w <= 0 or h <= 0 or w * h > MAX_PIXELS:
            return False
        image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        p = QPainter(image)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            # ViewBox pixels -> image pixels: the image's top-left corner is data (x0, y1)
            vb_to_image = QTransform.fromTranslate(-(x0 * s + t.dx()), -(-y1 * s + t.dy()))
            p.setTransform(vb_to_image)
            regions = view.regions
            regions.tint.paint(p)  # the communities' territories, under the lines
            p.setTransform(vb_to_image)
            view._edge_layer.paint_cached(p)
            # data -> image pixels, for the symbols (they map their points with it)
            data_to_image = QTransform(s, 0.0, 0.0, -s, -x0 * s, y1 * s)
            cull = QRectF(x0, y0, x1 - x0, y1 - y0)
            for symbols in (view._ring, view._nodes):
                if symbols.data is None or len(symbols.data) == 0:
                    continue
                p.save()
                p.setTransform(data_to_image)
                symbols.cull = cull
                try:
                    symbols.paint(p, None, None)
                finally:
                    symbols.cull = None
                p.restore()
            p.setTransform(vb_to_image)
            regions.names.paint(p)  # and their leaders' names, over the actors
        finally:
            p.end()
        self._image, self._rect, self._scale = image, (x0, y0, x1, y1), s
        bounds = view.drawn_bounds()
        if bounds is not None and _inside(bounds, self._rect):
            self._whole = (image, self._rect, s)
        self.captures += 1
        self.update()
        return True

    def covers(self) -> bool:
        """Whether the images still serve the view: the part of the map in view lies inside the
        gesture's image, or inside the whole map's, neither magnified past MAX_MAGNIFY."""
        view = self._view
        s = view.scale()
        if s <= 0:
            return False
        bounds = view.drawn_bounds()
        if bounds is None:
            return self._image is not None
        r = view.vb.viewRect()
        # only the map counts: an empty margin beyond it needs no image
        need = (
            max(r.left(), bounds[0]),
            max(r.top(), bounds[1]),
            min(r.right(), bounds[2]),
            min(r.bottom(), bounds[3]),
        )
        for shot in ((self._image, self._rect, self._scale), self._whole):
            if shot is not None and shot[0] is not None and s / shot[2] <= MAX_MAGNIFY:
                if need[0] > need[2] or need[1] > need[3] or _inside(need, shot[1]):
                    return True
        return False

    def forget(self) -> None:
        """The map changed: the whole map's image no longer shows it."""
        self._whole = None

    def drop(self) -> None:
        """Forget the image (the gesture is over)."""
        self._image = None
        self.setVisible(False)

    # ------------------------------------------------------------------ painting
    def paint(self, painter: QPainter, *_args) -> None:  # noqa: ANN002
        if self._image is None:
            return
        t = self._view.vb.childGroup.transform()
        s, dx, dy = t.m11(), t.dx(), t.dy()
        # a blit, not a resampling: the gesture is quick and the map is redrawn when it stops
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        shots = [(self._image, self._rect)]
        if self._whole is not None and self._whole[0] is not self._image:
            shots.insert(0, self._whole[:2])  # the whole map under the detail
        for image, (x0, y0, x1, y1) in shots:
            target = QRectF(x0 * s + dx, -y1 * s + dy, (x1 - x0) * s, (y1 - y0) * s)
            painter.drawImage(target, image, QRectF(image.rect()))


def _inside(box: tuple[float, float, float, float], rect: tuple[float, float, float, float]) -> bool:
    """Whether ``box`` (x0, y0, x1, y1) lies inside ``rect`` (x0, y0, x1, y1), to a hair."""
    eps = 1e-9 * max(abs(rect[2] - rect[0]), abs(rect[3] - rect[1]), 1.0)
    return box[0] >= rect[0] - eps and box[2] <= rect[2] + eps and box[1] >= rect[1] - eps and box[3] <= rect[3] + eps
