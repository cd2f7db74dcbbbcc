"""Fitting a map to a canvas: the largest scale at which every actor, its symbol and its name
fit, with the legend kept outside the fitted area. Pure numpy, shared by the screen's
"Fit to View" and its tests.

Positions are data units with y growing upwards (the graph view's); extents are canvas units
(pixels) that do not scale with the zoom: a symbol's radius, a name's width.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Frame", "fit_frame", "fitted_extent"]


@dataclass(frozen=True)
class Frame:
    """Where to look: the view rectangle in data units and the scale (canvas units per data unit)."""

    x: float
    y: float
    width: float
    height: float
    scale: float


def _span(v: np.ndarray, lo: np.ndarray, hi: np.ndarray, s: float) -> float:
    return float((v * s + hi).max() - (v * s - lo).min())


def _largest_scale(v: np.ndarray, lo: np.ndarray, hi: np.ndarray, room: float) -> float:
    """Largest s with span(s) <= room: span is convex and grows with s, so bisect."""
    if _span(v, lo, hi, 0.0) >= room:
        return 0.0
    reach = float(v.max() - v.min())
    if reach <= 1e-12:
        return np.inf
    a, b = 0.0, room / reach
    for _ in range(60):
        mid = (a + b) / 2
        if _span(v, lo, hi, mid) <= room:
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


def fit_frame(xy: np.ndarray, extents: np.ndarray, width: float, height: float, *,
              reserved: tuple[float, float] | None = None, margin: float = 8.0,
              single_scale: float = 60.0) -> Frame | None:
    """The view that shows every actor of ``xy`` (n, 2) as large as the canvas allows.

    ``extents`` (n, 4) is how far each actor reaches beyond its centre, in canvas units: left,
    right, up, down (its symbol, and its name below it). ``reserved`` = (w, h) is a box in the
    canvas's bottom-left corner (the legend) the map must leave free: the map goes beside it
    or above it, whichever draws it larger. ``margin`` is left free around the map. None if
    nothing is placed.
    """
    ok = np.isfinite(xy).all(axis=1)
    xy, extents = xy[ok], extents[ok]
    if len(xy) == 0:
        return None
    options = [(0.0, 0.0, width, height)]  # (left, top, width, height) of the free canvas
    if reserved is not None:
        rw, rh = reserved
        options = [(rw, 0.0, width - rw, height), (0.0, 0.0, width, height - rh)]
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
        s, left, top, w, h = (single_scale, 0.0, 0.0, width, height)
    else:
        s, left, top, w, h = best
    l, t, r, b = fitted_extent(xy, extents, s)
    # centre the map's box in the free canvas: data point at the canvas's top-left corner
    x0 = (l + r) / 2 - (left + w / 2)
    y0 = (t + b) / 2 - (top + h / 2)
    # canvas (u, v) <-> data (x, y): u = x * s - x0, v = -y * s - y0
    return Frame(x=x0 / s, y=-(y0 + height) / s, width=width / s, height=height / s, scale=s)
