"""The actors' names on the map: measured with the screen's font, placed by
:func:`desktop.graph.labels.place_labels` (the same placement every export uses), painted in
one pass on halos.

Placement is kept per zoom level (the map's scale) in zoom-scaled data units, where a pan
changes nothing: panning only moves the painted names. It is recomputed when the scale, the
session (positions, filter, selection, names) or the theme change, or when a pan leaves the
area it was computed for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetricsF, QImage, QPainter, QPen

from desktop.graph.framing import fitted_extent
from desktop.graph.labels import LabelPlacement, dist_to_boxes, label_text, place_labels, two_lines
from desktop.graph.scene import NAME_GAP_PX
from desktop.ui.map_legend import color

if TYPE_CHECKING:
    from desktop.ui.graph_view import GraphView

# Names are drawn only while at most this many actors are in view (zoom in to read them);
# until then only the selection and its neighbours are named.
LABEL_LOD_ACTORS = 800
LABEL_LIMIT = 400  # beyond this many names nobody reads them; keeps a paint fast on big maps
LABEL_TRIES = 1500  # on a dense, zoomed-out map stop looking after the most important
ZOOM_SETTLE_MS = 180  # names are placed afresh this long after the last step of a zoom
PAD_W, PAD_H = 8.0, 2.0  # halo around the text
GAP = NAME_GAP_PX  # between a symbol's rim and its name


@dataclass
class Placement:
    """Names placed for one zoom level, in zoom-scaled data units (u = x * s, v = -y * s)."""

    rows: np.ndarray  # actor rows named
    boxes: np.ndarray  # (k, 4) left, top, right, bottom
    spots: np.ndarray  # (k,) where each name went (desktop.graph.labels.SPOT_NAMES)
    texts: list[str]
    strong: list[bool]
    area: tuple[float, float, float, float]  # where it holds: the view must stay inside
    whole: bool  # computed for a view showing every drawn actor
    interim: bool = False  # another zoom's names, moved with their actors while a zoom goes on


class LabelLayer(pg.GraphicsObject):
    """Every actor name in one painter pass, on a halo beside its symbol."""

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
        self._cached_image: tuple | None = None  # (key, placement, image, left, top)
        self._settle = QTimer(singleShot=True, interval=ZOOM_SETTLE_MS)
        self._settle.timeout.connect(self._on_settled)

    def boundingRect(self) -> QRectF:  # noqa: N802
        parent = self.parentItem()
        return parent.boundingRect() if parent is not None else QRectF()

    # ------------------------------------------------------------------ measuring
    def measure(self, names: list[str], strong: list[bool]) -> tuple[list[str], np.ndarray, np.ndarray]:
        """Texts as drawn, their one-line sizes and two-line sizes (NaN: no space to break at)."""
        fms = {False: QFontMetricsF(self.font), True: QFontMetricsF(self.bold)}
        texts = [label_text(n) for n in names]
        one = np.empty((len(texts), 2))
        two = np.full((len(texts), 2), np.nan)
        for k, (text, s) in enumerate(zip(texts, strong)):
            fm = fms[s]
            one[k] = (fm.horizontalAdvance(text) + PAD_W, fm.height() + PAD_H)
            parts = two_lines(text)
            if parts is not None:
                two[k] = (max(fm.horizontalAdvance(p) for p in parts) + PAD_W, fm.lineSpacing() + fm.height() + PAD_H)
        return texts, one, two

    # ------------------------------------------------------------------ placing
    def _key(self, s: float) -> tuple:
        """What a placement depends on; index 2 is the positions (moved() updates past it)."""
        view = self._view
        v = view.session.versions
        return (
            v.scene,
            v.actors,
            v.positions,
            v.visibility,
            v.selection,
            float(f"{s:.9e}"),
            view.theme,
            view.node_scale(),
        )

    def placement(self) -> Placement | None:
        """The names for the view's current zoom (kept while the view stays in its area)."""
        view = self._view
        session = view.session
        if session is None or not view.labels_shown() or session.scene.n == 0:
            return None
        s = view.scale()
        rect = view.vb.viewRect()
        key = self._key(s)
        hit = view.cache.peek("labels")
        if hit is not None and hit[0] == key and hit[1] is not None and _holds(hit[1], rect, s):
            return hit[1]
        if hit is not None and hit[1] is not None and view.zooming() and hit[0][:5] == key[:5]:
            # The user is zooming (wheel steps keep coming): the names follow their actors at
            # the new scale as they were placed, and are placed afresh once the zoom rests.
            rescaled = _rescaled(hit[1], hit[0][5], s, view.session.positions)
            view.cache.put("labels", key, rescaled)
            self._settle.start()
            return rescaled
        placement = self._place(s, rect)
        view.cache.put("labels", key, placement)
        return placement

    def _on_settled(self) -> None:
        if self._view.zooming():  # a gesture still under way: it places the names when it ends
            self._settle.start()
            return
        hit = self._view.cache.peek("labels")
        if hit is not None and hit[1] is not None and hit[1].interim:
            self._view.cache.put("labels", None, None)  # place afresh at the next paint
            self.update()

    def _place(self, s: float, rect: QRectF) -> Placement | None:
        view = self._view
        session = view.session
        scene = session.scene
        rows = session.label_order()
        if len(rows) == 0:
            return None
        xy = session.positions[rows]
        in_view = (
            (xy[:, 0] >= rect.left())
            & (xy[:, 0] <= rect.right())
            & (xy[:, 1] >= rect.top())
            & (xy[:, 1] <= rect.bottom())
        )
        whole = bool(in_view.all())
        if whole:
            area = rect
        else:
            area = rect.adjusted(-rect.width() / 4, -rect.height() / 4, rect.width() / 4, rect.height() / 4)
            inside = (
                (xy[:, 0] >= area.left())
                & (xy[:, 0] <= area.right())
                & (xy[:, 1] >= area.top())
                & (xy[:, 1] <= area.bottom())
            )
            rows, xy, in_view = rows[inside], xy[inside], in_view[inside]
        focus_nodes, _ = session.focus()
        if int(in_view.sum()) > LABEL_LOD_ACTORS:
            # Too many actors in view to name: only the selection and its neighbours are named,
            # over the dimmed crowd (their own symbols are the only ones they must keep clear of).
            keep = np.isin(rows, focus_nodes)
            rows, xy = rows[keep], xy[keep]
        named = rows
        # u = x * s, v = -y * s: zoom-scaled data units, where a pan changes nothing
        bounds = (area.left() * s, -area.bottom() * s, area.right() * s, -area.top() * s)
        u = np.stack([xy[:, 0] * s, -xy[:, 1] * s], axis=1)
        if whole and len(rows):
            # The whole map in view: names keep to the room Fit to View gave the map (each
            # actor's symbol, its name below), not the slack of the view's other side, so the
            # screen and a printed page (which does the same) place them alike.
            l, t, r, b = fitted_extent(xy, view.extents(rows), s)
            bounds = (max(bounds[0], l), max(bounds[1], t), min(bounds[2], r), min(bounds[3], b))
        radius = view.drawn_px()[rows] / 2.0
        tries = named[:LABEL_TRIES]
        strong_set = set(focus_nodes.tolist())
        strong = [int(r) in strong_set for r in tries]
        texts, one, two = self.measure([scene.names[r] for r in tries], strong)
        index_of = {int(r): k for k, r in enumerate(rows.tolist())}
        order = np.array([index_of[int(r)] for r in tries], dtype=np.int64)
        sizes = np.full((len(rows), 2), np.nan)
        wrapped = np.full((len(rows), 2), np.nan)
        sizes[order], wrapped[order] = one, two
        owner, rays = view.incident_directions(rows)
        result = place_labels(
            u,
            radius,
            sizes,
            order=order,
            wrapped_sizes=wrapped,
            bounds=bounds,
            rays=(owner, rays),
            gap=GAP,
            limit=LABEL_LIMIT,
        )
        text_of = dict(zip(order.tolist(), texts))
        strong_of = dict(zip(order.tolist(), strong))
        out_texts, out_strong = [], []
        for k, w in zip(result.index.tolist(), result.wrapped.tolist()):
            text = text_of[k]
            if w:
                text = "\n".join(two_lines(text) or (text,))
            out_texts.append(text)
            out_strong.append(strong_of[k])
        return Placement(
            rows=rows[result.index],
            boxes=result.boxes,
            spots=result.spot,
            texts=out_texts,
            strong=out_strong,
            area=(area.left(), area.top(), area.right(), area.bottom()),
            whole=whole,
        )

    def moved(self, rows: tuple[int, ...]) -> None:
        """A few actors moved (a drag step, a drop): the other names stay where they were,
        those the moved symbols now crowd give way, and the moved actors' names find new spots.
        A new zoom or any other change places every name afresh."""
        view = self._view
        session = view.session
        hit = view.cache.peek("labels")
        if hit is None or hit[1] is None or not rows:
            return
        key, old = hit
        s = view.scale()
        now = self._key(s)
        if key[:2] != now[:2] or key[3:] != now[3:]:
            return
        moved = np.asarray(sorted(set(rows)), dtype=np.int64)
        gone: list[np.ndarray] = []  # boxes of the names that leave: wiped from the drawn image
        l, t, r, b = old.area
        pos = session.positions
        radius_all = view.drawn_px() / 2.0
        stay = ~np.isin(old.rows, moved)
        gone.append(old.boxes[~stay])
        boxes, prow, spots = old.boxes[stay], old.rows[stay], old.spots[stay]
        texts = [x for x, k in zip(old.texts, stay) if k]
        strong = [x for x, k in zip(old.strong, stay) if k]
        mu = np.stack([pos[moved, 0] * s, -pos[moved, 1] * s], axis=1)
        ok = np.isfinite(mu).all(axis=1) & session.shown.nodes[moved]
        moved, mu = moved[ok], mu[ok]
        if len(prow) and len(moved):
            own = np.stack([pos[prow, 0] * s, -pos[prow, 1] * s], axis=1)
            own_d = dist_to_boxes(own, boxes)  # (b,)
            d = dist_to_boxes(mu[:, None, :], boxes[None, :, :])  # (m, b)
            mr = radius_all[moved][:, None]
            crowded = ((d < mr) | (d <= own_d) | (d - mr <= own_d - radius_all[prow])).any(axis=0)
            gone.append(boxes[crowded])
            boxes, prow, spots = boxes[~crowded], prow[~crowded], spots[~crowded]
            texts = [x for x, c in zip(texts, crowded) if not c]
            strong = [x for x, c in zip(strong, crowded) if not c]
        # the moved actors' names, among every actor of the area and the names that stayed
        order_rows = session.label_order()
        xy = pos[order_rows]
        inside = (xy[:, 0] >= l) & (xy[:, 0] <= r) & (xy[:, 1] >= t) & (xy[:, 1] <= b)
        area_rows = order_rows[inside]
        focus_nodes, _ = session.focus()
        try_rows = moved[np.isin(moved, area_rows)]
        new = LabelPlacement(
            np.empty(0, dtype=np.int64), np.empty((0, 4)), np.empty(0, dtype=np.int64), np.empty(0, dtype=bool)
        )
        if len(try_rows):
            u = np.stack([pos[area_rows, 0] * s, -pos[area_rows, 1] * s], axis=1)
            index_of = {int(x): k for k, x in enumerate(area_rows.tolist())}
            order = np.array([index_of[int(x)] for x in try_rows], dtype=np.int64)
            strong_set = set(focus_nodes.tolist())
            tstrong = [int(x) in strong_set for x in try_rows]
            ttexts, one, two = self.measure([session.scene.names[x] for x in try_rows], tstrong)
            sizes = np.full((len(area_rows), 2), np.nan)
            wrapped = np.full((len(area_rows), 2), np.nan)
            sizes[order], wrapped[order] = one, two
            bounds = (l * s, -b * s, r * s, -t * s)
            new = place_labels(
                u,
                radius_all[area_rows],
                sizes,
                order=order,
                wrapped_sizes=wrapped,
                bounds=bounds,
                obstacles=boxes,
                gap=GAP,
            )
            text_of = dict(zip(order.tolist(), ttexts))
            strong_of = dict(zip(order.tolist(), tstrong))
            for k, w in zip(new.index.tolist(), new.wrapped.tolist()):
                text = text_of[k]
                texts.append("\n".join(two_lines(text) or (text,)) if w else text)
                strong.append(strong_of[k])
            new_rows = area_rows[new.index]
        else:
            new_rows = np.empty(0, dtype=np.int64)
        placement = Placement(
            rows=np.concatenate([prow, new_rows]),
            boxes=np.concatenate([boxes, new.boxes]),
            spots=np.concatenate([spots, new.spot]),
            texts=texts,
            strong=strong,
            area=old.area,
            whole=old.whole,
        )
        view.cache.put("labels", now, placement)
        self._patch_image(old, placement, np.concatenate(gone), len(new_rows))
        self.update()

    # ------------------------------------------------------------------ painting
    def paint(self, painter: QPainter, *_args) -> None:  # noqa: ANN002
        view = self._view
        self.visible_count = 0
        self.placed = {}
        placement = self.placement()
        if placement is None or len(placement.rows) == 0:
            return
        t = view.vb.childGroup.transform()
        # zoom-scaled units -> ViewBox coordinates: a translation (the aspect ratio is locked)
        ox, oy = t.dx(), t.dy()
        bounds = self.boundingRect()
        boxes = placement.boxes
        for row, box in zip(placement.rows.tolist(), boxes.tolist()):
            rect = QRectF(box[0] + ox, box[1] + oy, box[2] - box[0], box[3] - box[1])
            if rect.intersects(bounds):
                self.placed[int(row)] = rect
                self.visible_count += 1
        # every name of a placement drawn once into an image; a pan only moves the image
        image, left, top = self._image(placement)
        if image is not None:
            painter.drawImage(QPointF(left + ox, top + oy), image)

    def _image_key(self, placement: Placement) -> tuple:
        focus_nodes, _ = self._view.session.focus()
        return (id(placement), self._view.theme, focus_nodes.tobytes())

    def _patch_image(self, old: Placement, placement: Placement, gone: np.ndarray, added: int) -> None:
        """``placement`` is ``old`` less the names at ``gone`` (k, 4) plus its last ``added``
        ones (a drag step, a drop): the image drawn for ``old`` is mended in place rather than
        drawn afresh. On a zoomed-in big map the names' image spans the whole map (tens of
        millions of pixels): allocating and clearing it again took 90 ms of every drop.
        Placed names never overlap, so wiping a leaving name's box touches no other name."""
        hit = self._cached_image
        if hit is None or hit[1] is not old or hit[0] != self._image_key(old):
            return
        _key, _old, image, left, top = hit
        fresh = placement.boxes[len(placement.rows) - added :]
        if added and (
            fresh[:, 0].min() < left
            or fresh[:, 1].min() < top
            or fresh[:, 2].max() > left + image.width()
            or fresh[:, 3].max() > top + image.height()
        ):
            return  # a new name reaches past the drawn image: the next paint draws it afresh
        p = QPainter(image)
        try:
            p.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
            for x0, y0, x1, y1 in gone.tolist():
                # whole pixels: an antialiased edge of the name's halo goes with it
                gx0, gy0 = np.floor(x0 - left), np.floor(y0 - top)
                p.fillRect(
                    QRectF(gx0, gy0, np.ceil(x1 - left) - gx0, np.ceil(y1 - top) - gy0), Qt.GlobalColor.transparent
                )
            p.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            k0 = len(placement.rows) - added
            self._draw_names(
                p,
                placement.rows[k0:].tolist(),
                fresh.tolist(),
                placement.texts[k0:],
                placement.strong[k0:],
                left,
                top,
            )
        finally:
            p.end()
        self._cached_image = (self._image_key(placement), placement, image, left, top)

    def _draw_names(
        self, p: QPainter, rows: list[int], boxes: list, texts: list[str], strong: list[bool], left: float, top: float
    ) -> None:
        """Each name with its halo, its box shifted by (-left, -top) into the image."""
        view = self._view
        theme = view.theme
        focus_nodes, _ = view.session.focus()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        halo = color(theme.label_background, 215)
        text_pen = QPen(color(theme.text))
        dim_pen = QPen(color(theme.muted_text, 150))
        dimmed = len(focus_nodes) > 0
        focus = set(focus_nodes.tolist())
        for row, box, text, bold in zip(rows, boxes, texts, strong):
            rect = QRectF(box[0] - left, box[1] - top, box[2] - box[0], box[3] - box[1])
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(halo)
            p.drawRoundedRect(rect, 4, 4)
            p.setFont(self.bold if bold else self.font)
            p.setPen(dim_pen if dimmed and row not in focus else text_pen)
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def _image(self, placement: Placement) -> tuple[QImage | None, float, float]:
        key = self._image_key(placement)
        hit = self._cached_image
        if hit is not None and hit[0] == key and hit[1] is placement:
            return hit[2], hit[3], hit[4]
        boxes = placement.boxes
        left, top = float(np.floor(boxes[:, 0].min())) - 1, float(np.floor(boxes[:, 1].min())) - 1
        w = int(np.ceil(boxes[:, 2].max() - left)) + 2
        h = int(np.ceil(boxes[:, 3].max() - top)) + 2
        if w <= 0 or h <= 0 or w * h > 30_000_000:
            self._cached_image = None
            return None, 0.0, 0.0
        image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        p = QPainter(image)
        try:
            self._draw_names(p, placement.rows.tolist(), boxes.tolist(), placement.texts, placement.strong, left, top)
        finally:
            p.end()
        self._cached_image = (key, placement, image, left, top)
        return image, left, top


def _rescaled(placement: Placement, old: float, new: float, positions: np.ndarray) -> Placement:
    """``placement`` (made at scale ``old``) at scale ``new``: each name keeps its offset from
    its actor in pixels. Marked interim: the names are placed afresh once the zoom rests."""
    rows = placement.rows
    xy = positions[rows]
    shift = np.stack([xy[:, 0] * (new - old), -xy[:, 1] * (new - old)], axis=1)
    boxes = placement.boxes + np.concatenate([shift, shift], axis=1)
    ratio = new / old if old > 0 else 1.0
    l, t, r, b = placement.area
    cx, cy = (l + r) / 2, (t + b) / 2
    area = (cx - (cx - l) / ratio, cy - (cy - t) / ratio, cx + (r - cx) / ratio, cy + (b - cy) / ratio)
    return Placement(
        rows=rows,
        boxes=boxes,
        spots=placement.spots,
        texts=placement.texts,
        strong=placement.strong,
        area=area,
        whole=False,
        interim=True,
    )


def _holds(placement: Placement, rect: QRectF, s: float) -> bool:
    """Whether a placement made at this zoom still serves the view ``rect``: one made for the
    whole map holds through every pan (the names move with the map), one made for part of it
    while the view stays in the area it covered."""
    if placement.whole:
        return True
    l, t, r, b = placement.area
    eps = 1e-6 / max(s, 1e-12)
    return rect.left() >= l - eps and rect.right() <= r + eps and rect.top() >= t - eps and rect.bottom() <= b + eps
