"""Fitting a map to a canvas: the largest scale at which every actor, its symbol and its name
fit, with the legend kept outside the fitted area. Pure numpy, shared by the screen's
"Fit to View" and its tests.

Positions are data units with y growing upwards (the graph view's); extents are canvas units
(pixels) that do not scale with the zoom: a symbol's radius, a name's width.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Frame", "canvas_share", "fit_frame", "fitted_extent", "free_canvases"]


@dataclass(frozen=True)
class Frame:
    """Where to look: the view rectangle in data units and the scale (canvas units per data unit)."""

    x: float
    y: float
    width: float
    height: float
    scale: float


def _envelope(v: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The actors that can reach furthest on either side at some scale: of those that reach as
    far beyond their centre (``hi``, ``lo``), only the outermost. A big map has a few hundred
    distinct extents among 50,000 actors, so the bisection below spans a few hundred values
    instead of every actor 60 times, with the same result."""
    ends = []
    for ext, pick, sign in ((hi, np.maximum, 1.0), (lo, np.minimum, -1.0)):
        keys, inverse = np.unique(ext, return_inverse=True)
        out = np.full(len(keys), -sign * np.inf)
        pick.at(out, inverse.reshape(-1), v)
        ends.append((out, keys))
    (v_hi, hi), (v_lo, lo) = ends
    return v_lo, lo, v_hi, hi


def _largest_scale(v: np.ndarray, lo: np.ndarray, hi: np.ndarray, room: float) -> float:
    """Largest s with span(s) <= room: span is convex and grows with s, so bisect."""
    reach = float(v.max() - v.min())
    v_lo, lo, v_hi, hi = _envelope(v, lo, hi)

    def span(s: float) -> float:
        return float((v_hi * s + hi).max() - (v_lo * s - lo).min())

    if span(0.0) >= room:
        return 0.0
    if reach <= 1e-12:
        return np.inf
    a, b = 0.0, room / reach
    for _ in range(60):
        mid = (a + b) / 2
        if span(mid) <= room:
            a = mid
        else:
            b = mid
    return a


def fitted_extent(xy: np.ndarray, extents: np.ndarray, scale: float) -> tuple[float, float, float, float]:
    """Canvas-unit box (left, top, right, bottom) the map takes at ``scale``, relative to the
    data origin (y down): actors' positions scaled, each grown by its (left, right, up, down)."""
    x, y = xy[:, 0] * scale, -xy[:, 1] * scale
    left, right, up, down = extents.T
    return (float((x - left).min()), float((y - up).min()), float((x + right).max()), float((y + down).max()))


def fit_frame(
    xy: np.ndarray,
    extents: np.ndarray,
    width: float,
    height: float,
    *,
    reserved: tuple[float, float] | None = None,
    margin: float = 8.0,
    single_scale: float = 60.0,
) -> Frame | None:
    """The view that shows every actor of ``xy`` (n, 2) as large as the canvas allows.

    ``extents`` (n, 4) is how far each actor reaches beyond its centre, in canvas units: left,
    right, up, down (its symbol, and its name below it). ``reserved`` = (w, h) is a box in the
    canvas's bottom-left corner (the legend) the map must leave free: the map goes beside it
    or above it, whichever draws it larger; if neither leaves room (a legend taller and wider
    than a tiny canvas), the map is fitted to the whole canvas rather than not at all.
    ``margin`` is left free around the map. None if nothing is placed.
    """
    ok = np.isfinite(xy).all(axis=1)
    xy, extents = xy[ok], extents[ok]
    if len(xy) == 0:
        return None
    options = free_canvases(width, height, reserved)
    if all(w <= 2 * margin or h <= 2 * margin for _l, _t, w, h in options):
        options = free_canvases(width, height, None)
    best = None
    for left, top, w, h in options:
        room_w, room_h = w - 2 * margin, h - 2 * margin
        if room_w <= 0 or room_h <= 0:
            continue
        sx = _largest_scale(xy[:, 0], extents[:, 0], extents[:, 1], room_w)
        sy = _largest_scale(-xy[:, 1], extents[:, 2], extents[:, 3], room_h)
        s = min(sx, sy)
        if not np.isfinite(s):
            s = single_scale
        if best is None or s > best[0]:
            best = (s, left, top, w, h)
    if best is None or best[0] <= 0:
        # names wider than the canvas at any zoom: fit the actors' centres alone, so the whole
        # map is in view (the names that do not fit are left out by the label placement)
        sx = _largest_scale(xy[:, 0], np.zeros(len(xy)), np.zeros(len(xy)), max(width - 2 * margin, 1.0))
        sy = _largest_scale(-xy[:, 1], np.zeros(len(xy)), np.zeros(len(xy)), max(height - 2 * margin, 1.0))
        s = min(sx, sy)
        s = single_scale if not np.isfinite(s) or s <= 0 else s
        s, left, top, w, h = (s, 0.0, 0.0, width, height)
        extents = np.zeros_like(extents)
    else:
        s, left, top, w, h = best
    l, t, r, b = fitted_extent(xy, extents, s)
    # centre the map's box in the free canvas: data point at the canvas's top-left corner
    x0 = (l + r) / 2 - (left + w / 2)
    y0 = (t + b) / 2 - (top + h / 2)
    # canvas (u, v) <-> data (x, y): u = x * s - x0, v = -y * s - y0
    return Frame(x=x0 / s, y=-(y0 + height) / s, width=width / s, height=height / s, scale=s)


def free_canvases(
    width: float, height: float, reserved: tuple[float, float] | None
) -> list[tuple[float, float, float, float]]:
    """(left, top, width, height) of the canvas the map may fill: all of it, or, with a legend
    of ``reserved`` (w, h) in the bottom-left corner, the part beside it and the part above it."""
    if reserved is None:
        return [(0.0, 0.0, width, height)]
    rw, rh = reserved
    return [(rw, 0.0, width - rw, height), (0.0, 0.0, width, height - rh)]


def canvas_share(
    boxes: np.ndarray, width: float, height: float, *, reserved: tuple[float, float] | None = None
) -> tuple[float, bool]:
    """How much of the free canvas the drawn map spans, and whether it keeps off the legend.

    ``boxes`` (k, 4) are what is drawn (symbols, names) as (x0, y0, x1, y1) canvas pixels, y
    down. The share is the area of their bounding box within the free canvas it lies in (the
    larger of the two beside or above the legend) over that canvas's area: 1.0 when the map
    reaches every edge. The flag is False when a box overlaps the ``reserved`` legend corner.
    """
    boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    if len(boxes) == 0:
        return 0.0, True
    x0, y0 = boxes[:, 0].min(), boxes[:, 1].min()
    x1, y1 = boxes[:, 2].max(), boxes[:, 3].max()
    clear = True
    if reserved is not None:
        rw, rh = reserved
        clear = not bool(((boxes[:, 0] < rw) & (boxes[:, 3] > height - rh)).any())
    best = 0.0
    for left, top, w, h in free_canvases(width, height, reserved):
        if w <= 0 or h <= 0:
            continue
        iw = max(0.0, min(x1, left + w) - max(x0, left))
        ih = max(0.0, min(y1, top + h) - max(y0, top))
        best = max(best, iw * ih / (w * h))
    return best, clear
