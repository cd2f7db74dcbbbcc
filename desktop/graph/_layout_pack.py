"""Packing a map's pieces into the view's shape (private to layout.py).

Two jobs: place the bounding boxes of separately laid-out components so that together they
fill a box of the view's aspect ratio (bottom-left skyline packing, biggest first, at the
width that lets the whole map be drawn largest), and plan the tray of isolated actors, whose
cells are sized in pixels because the names beside them are drawn at a fixed font size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# A name's width when the caller cannot measure it: the view's 9.5 pt sans draws about 7 px a
# character; long names are elided by the view, so a width past _NAME_MAX_PX is never needed.
CHAR_PX = 7.0
_NAME_MAX_PX = 190.0
# One tray row: the 16 px symbol of an unlinked actor and a line of text, with air between rows
# (a fitted view draws a little smaller than planned: names 24 px apart were dropped by the
# label placement as too close at 1600x1000).
TRAY_ROW_PX = 28.0
# From a tray column's left edge to where its names start (symbol plus a space), and the space
# after the widest name of a column before the next column.
TRAY_SYMBOL_PX = 22.0
TRAY_COLUMN_GAP_PX = 22.0
# The tray never takes more than this share of the view; past it, its cells shrink (and names
# read once zoomed in). 62 isolated actors at 1600x1000 take about an eighth.
TRAY_MAX_SHARE = 0.3
# Skyline packing places the biggest components one by one; the rest, all small, go in a grid
# of equal cells packed as one more box.
_SKYLINE_ITEMS = 150
# Candidate widths tried for the packed block, as multiples of sqrt(area * aspect).
_WIDTH_FACTORS = (0.75, 0.85, 0.95, 1.0, 1.1, 1.25, 1.45, 1.7, 2.0)


def name_widths_px(names: Sequence[str] | None, count: int, name_px: np.ndarray | None = None) -> np.ndarray:
    """Pixel width of each name: measured ones if given, else estimated from its length."""
    if name_px is not None:
        w = np.asarray(name_px, dtype=np.float64).reshape(-1)
        if len(w) != count:
            raise ValueError(f"expected {count} name widths, got {len(w)}")
        return np.minimum(np.where(np.isfinite(w) & (w >= 0), w, 0.0), _NAME_MAX_PX)
    if names is None:
        return np.full(count, 12 * CHAR_PX)
    if len(names) != count:
        raise ValueError(f"expected {count} names, got {len(names)}")
    return np.minimum(np.array([len(s) for s in names], dtype=np.float64) * CHAR_PX, _NAME_MAX_PX)


def _skyline(boxes: np.ndarray, order: np.ndarray, width: float) -> tuple[np.ndarray, float, float]:
    """Bottom-left skyline packing in a strip ``width`` wide, y growing downwards.

    Each box in ``order`` goes to the lowest spot where it fits (leftmost among equals).
    Returns top-left corners (k, 2), and the used width and height.
    """
    corners = np.zeros((len(boxes), 2))
    # Skyline as segments: start x, end x, height of the filled part.
    xs = [0.0]
    xe = [max(width, float(boxes[:, 0].max()))]
    hs = [0.0]
    used_w = 0.0
    used_h = 0.0
    for b in order:
        bw, bh = float(boxes[b, 0]), float(boxes[b, 1])
        best: tuple[float, float] | None = None
        for s in range(len(xs)):
            x0 = xs[s]
            if x0 + bw > xe[-1] + 1e-9:
                break
            top = 0.0
            t = s
            while t < len(xs) and xs[t] < x0 + bw - 1e-9:
                top = max(top, hs[t])
                t += 1
            if best is None or top < best[1] - 1e-9:
                best = (x0, top)
        # The first segment starts at 0 and the skyline is at least as wide as any box.
        assert best is not None, "the skyline's first segment always fits"
        x0, top = best
        corners[b] = (x0, top)
        used_w = max(used_w, x0 + bw)
        used_h = max(used_h, top + bh)
        # Raise the skyline over [x0, x0 + bw) to top + bh.
        x1 = x0 + bw
        segments: list[tuple[float, float, float]] = []  # (start x, end x, height)
        for a, e, h in zip(xs, xe, hs):
            if e <= x0 + 1e-12 or a >= x1 - 1e-12:
                segments.append((a, e, h))
                continue
            if a < x0:
                segments.append((a, x0, h))
            if e > x1:
                segments.append((x1, e, h))
        segments.append((x0, x1, top + bh))
        srt = np.argsort([seg[0] for seg in segments], kind="stable")
        xs = [segments[i][0] for i in srt]
        xe = [segments[i][1] for i in srt]
        hs = [segments[i][2] for i in srt]
        # Merge neighbours of equal height: fewer segments, faster and better fits.
        mx, me, mh = [xs[0]], [xe[0]], [hs[0]]
        for a, e, h in zip(xs[1:], xe[1:], hs[1:]):
            if abs(h - mh[-1]) < 1e-12:
                me[-1] = e
            else:
                mx.append(a)
                me.append(e)
                mh.append(h)
        xs, xe, hs = mx, me, mh
    return corners, used_w, used_h


def pack_boxes(boxes: np.ndarray, *, aspect: float, gap: float) -> tuple[np.ndarray, np.ndarray]:
    """Lower-left corners placing boxes (k, 2: width, height) into a block of about ``aspect``.

    Boxes are kept ``gap`` apart. Biggest first; among a few strip widths the packing that a
    view of that aspect can draw largest wins. Returns (corners (k, 2) with y growing upwards
    and the block's lower-left at the origin, block size (2,)).
    """
    boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 2)
    k = len(boxes)
    if k == 0:
        return np.zeros((0, 2)), np.zeros(2)
    padded = boxes + gap
    area = padded[:, 0] * padded[:, 1]
    order = np.lexsort((np.arange(k), -area))
    head = order[:_SKYLINE_ITEMS]
    tail = order[_SKYLINE_ITEMS:]
    items = padded[head]
    grid = None
    if len(tail):
        # Small leftovers in a grid block of equal cells, about as wide as the aspect asks.
        cell = padded[tail].max(axis=0)
        cols = max(1, int(np.ceil(np.sqrt(len(tail) * aspect * cell[1] / cell[0]))))
        rows = int(np.ceil(len(tail) / cols))
        grid = (cell, cols)
        items = np.vstack([items, [cols * cell[0], rows * cell[1]]])
    best: tuple[float, np.ndarray, float, float] | None = None
    base = np.sqrt(float((items[:, 0] * items[:, 1]).sum()) * aspect)
    item_order = np.arange(len(items))
    for f in _WIDTH_FACTORS:
        corners, w, h = _skyline(items, item_order, max(base * f, float(items[:, 0].max())))
        w, h = max(w - gap, 1e-9), max(h - gap, 1e-9)
        # How large a view of this aspect draws the block (its height taken as 1).
        scale = min(aspect / w, 1.0 / h)
        if best is None or scale > best[0] * (1 + 1e-9):
            best = (scale, corners, w, h)
    assert best is not None, "_WIDTH_FACTORS is not empty"
    _, corners, w, h = best
    out = np.zeros((k, 2))
    # y downwards -> upwards: a box whose top is at t (downwards) has its bottom at h - t - height.
    out[head, 0] = corners[: len(head), 0]
    out[head, 1] = h - corners[: len(head), 1] - boxes[head, 1]
    if grid is not None:
        cell, cols = grid
        gx0, gy0 = corners[-1]
        idx = np.arange(len(tail))
        out[tail, 0] = gx0 + (idx % cols) * cell[0]
        out[tail, 1] = h - (gy0 + (idx // cols) * cell[1]) - boxes[tail, 1]
    return out, np.array([w, h])


@dataclass(frozen=True)
class TrayPlan:
    """Where each isolated actor goes in its tray, in pixels at the scale the map is fitted at.

    ``x``, ``y``: each actor's symbol centre from the tray's top-left corner (y downwards);
    ``size``: the tray's width and height.
    """

    x: np.ndarray
    y: np.ndarray
    size: np.ndarray


def plan_tray(widths: np.ndarray, *, across_px: float, down: bool, max_px2: float) -> TrayPlan:
    """Columns of isolated actors, in the order given, each column as wide as its widest name.

    ``down`` True: a strip across the bottom of the view, ``across_px`` wide, with as few rows
    as fit the names in that width. False: a strip down the side, ``across_px`` high, as many
    rows as fit. Past ``max_px2`` square pixels the cells are shrunk to fit.
    """
    k = len(widths)
    cellw = widths + TRAY_SYMBOL_PX + TRAY_COLUMN_GAP_PX

    def columns(rows: int) -> tuple[np.ndarray, float]:
        cols = int(np.ceil(k / rows))
        padded = np.zeros(cols * rows)
        padded[:k] = cellw
        colw = padded.reshape(cols, rows).max(axis=1)
        return colw, float(colw.sum())

    if down:
        rows = k
        for r in range(1, k + 1):
            if columns(r)[1] <= across_px:
                rows = r
                break
    else:
        rows = int(max(1, min(k, across_px // TRAY_ROW_PX)))
    colw, total_w = columns(rows)
    size = np.array([total_w, rows * TRAY_ROW_PX])
    shrink = min(1.0, float(np.sqrt(max_px2 / max(size[0] * size[1], 1e-9))))
    left = np.concatenate([[0.0], np.cumsum(colw)[:-1]])
    idx = np.arange(k)
    x = (left[idx // rows] + TRAY_SYMBOL_PX / 2) * shrink
    y = ((idx % rows) + 0.5) * TRAY_ROW_PX * shrink
    return TrayPlan(x=x, y=y, size=size * shrink)
