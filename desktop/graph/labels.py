"""Where each actor's name goes: one placement, shared by the screen and every export.

:func:`place_labels` is pure numpy/Python: the caller measures each name with its own font (a
screen font in pixels, a page font in points) and passes the sizes in, with the actors'
centres and radii in the same units, y growing downwards. The rules (issue 12):

* no two names overlap, and no name overlaps an actor that is not its own;
* a name sits nearer its own actor than any other (from the actors' centres and rims);
* names claim room in the caller's priority order (selection, then relationships, then
  excerpts: :meth:`desktop.graph.session.MapSession.label_order`);
* a name that finds no free spot is left out (zooming in makes room); a long name may try
  two lines, half as wide, before it is left out.

Each name tries eight spots around its actor (below, above, right, left, then the corners),
best first: spots none of its actor's own lines cross, then the sides before the corners,
then the side opposite where its lines pull. (A name may lie over another actor's line: its
halo keeps it readable, and how much of a line a spot hides depends on the zoom, which would
make the screen and a page choose differently.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from desktop.geometry import close_pairs

__all__ = [
    "LABEL_MAX_CHARS",
    "LabelPlacement",
    "SPOT_NAMES",
    "dist_to_boxes",
    "label_text",
    "place_labels",
    "rays_cross",
    "spot_boxes",
    "two_lines",
]

_D = float(np.sqrt(0.5))
# Unit screen directions of the spots (y down): below, above, right, left, then the corners.
SPOT_DIRS = np.array([[0.0, 1.0], [0.0, -1.0], [1.0, 0.0], [-1.0, 0.0], [_D, _D], [-_D, _D], [_D, -_D], [-_D, -_D]])
SPOT_NAMES = ("below", "above", "right", "left", "below right", "below left", "above right", "above left")
# Past this many lines at one actor every side is crossed anyway: only their mean direction counts.
RAYS_MAX = 64


@dataclass(frozen=True)
class LabelPlacement:
    """The names that found room: ``index`` into the caller's arrays, in placement order, with
    each name's box (left, top, right, bottom), its spot (index into SPOT_NAMES) and whether
    it went on two lines."""

    index: np.ndarray  # (k,) int64
    boxes: np.ndarray  # (k, 4) float64
    spot: np.ndarray  # (k,) int64
    wrapped: np.ndarray  # (k,) bool

    def as_dict(self) -> dict[int, tuple[tuple[float, float, float, float], int, bool]]:
        """``{index: (box, spot, wrapped)}``: what tests and exports compare."""
        return {
            int(i): ((float(b[0]), float(b[1]), float(b[2]), float(b[3])), int(s), bool(w))
            for i, b, s, w in zip(self.index, self.boxes, self.spot, self.wrapped)
        }


LABEL_MAX_CHARS = 32


def label_text(name: str, *, max_chars: int = LABEL_MAX_CHARS) -> str:
    """The name as written on a map: whole, or cut at a word past ``max_chars`` characters with
    an ellipsis (the screen and every export write the same text)."""
    name = " ".join(name.split())
    if len(name) <= max_chars:
        return name
    cut = name.rfind(" ", 0, max_chars)
    if cut < max_chars // 2:
        cut = max_chars - 1
    return name[:cut].rstrip(" ,;:-") + "…"


def two_lines(name: str) -> tuple[str, str] | None:
    """``name`` broken at the space nearest its middle, or None if it has no space."""
    spaces = [i for i, ch in enumerate(name) if ch == " "]
    if not spaces:
        return None
    cut = min(spaces, key=lambda i: abs(2 * i - len(name)))
    return name[:cut], name[cut + 1 :]


def spot_boxes(w: np.ndarray, h: np.ndarray, r: np.ndarray, *, gap: float) -> np.ndarray:
    """(n, 8, 4) boxes (left, right, top, bottom), relative to the actor's centre, of the
    spots in SPOT_DIRS order for names ``w`` wide and ``h`` high beside actors of radius ``r``."""
    w, h, r = (np.asarray(v, dtype=np.float64) for v in (w, h, r))
    c = r * _D
    g = gap
    spots = [
        (-w / 2, w / 2, r + g, r + g + h),
        (-w / 2, w / 2, -r - g - h, -r - g),
        (r + g, r + g + w, -h / 2, h / 2),
        (-r - g - w, -r - g, -h / 2, h / 2),
        (c + g, c + g + w, c + g, c + g + h),
        (-c - g - w, -c - g, c + g, c + g + h),
        (c + g, c + g + w, -c - g - h, -c - g),
        (-c - g - w, -c - g, -c - g - h, -c - g),
    ]
    zero = np.zeros_like(w)
    return np.stack([np.stack([zero + v for v in box], axis=-1) for box in spots], axis=1)


def rays_cross(boxes: np.ndarray, rays: np.ndarray) -> np.ndarray:
    """Whether the ray from the origin along each unit vector ``rays[m]`` crosses each box of
    ``boxes[m]`` ((m, spots, 4) as spot_boxes gives); (m, spots) booleans. Slab test: the
    stretch of the ray inside both the box's x range and its y range is not empty."""
    ux = rays[:, 0, None, None]
    uy = rays[:, 1, None, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        tx = boxes[:, :, :2] / ux
        ty = boxes[:, :, 2:] / uy
    # A ray parallel to an axis runs inside that slab everywhere or nowhere.
    inside_x = np.where((boxes[:, :, 0] <= 0) & (boxes[:, :, 1] >= 0), -np.inf, np.inf)
    inside_y = np.where((boxes[:, :, 2] <= 0) & (boxes[:, :, 3] >= 0), -np.inf, np.inf)
    flat_x = ux[:, :, 0] == 0
    flat_y = uy[:, :, 0] == 0
    enter = np.maximum(np.where(flat_x, inside_x, tx.min(axis=2)), np.where(flat_y, inside_y, ty.min(axis=2)))
    leave = np.minimum(np.where(flat_x, -inside_x, tx.max(axis=2)), np.where(flat_y, -inside_y, ty.max(axis=2)))
    return leave > np.maximum(enter, 0.0)


def _order_spots(boxes: np.ndarray, owner: np.ndarray, rays: np.ndarray, pull: np.ndarray) -> np.ndarray:
    """(k, 8) spot indices, best first, for the k candidates of ``boxes`` (k, 8, 4)."""
    k = len(boxes)
    crossed = np.zeros((k, len(SPOT_DIRS)))
    if len(owner):
        degree = np.bincount(owner, minlength=k)
        mine = degree[owner] <= RAYS_MAX
        np.add.at(crossed, owner[mine], rays_cross(boxes[owner[mine]], rays[mine]))
    corner = np.broadcast_to(np.arange(len(SPOT_DIRS)) >= 4, crossed.shape)
    # (rounded: lines pulling equally both ways must not be parted by a last-bit difference)
    return np.lexsort((np.round(pull @ SPOT_DIRS.T, 6), corner, crossed), axis=-1)


def place_labels(
    centres: np.ndarray,
    radii: np.ndarray,
    sizes: np.ndarray,
    *,
    order: np.ndarray | None = None,
    wrapped_sizes: np.ndarray | None = None,
    bounds: tuple[float, float, float, float] | None = None,
    rays: tuple[np.ndarray, np.ndarray] | None = None,
    obstacles: np.ndarray | None = None,
    gap: float = 2.0,
    limit: int | None = None,
    tries: int | None = None,
) -> LabelPlacement:
    """Place the names of the actors at ``centres`` (n, 2; y down) with ``radii`` (n,).

    ``sizes`` (n, 2) are the names' widths and heights on one line, measured by the caller in
    the same units (halo included); ``wrapped_sizes`` the same on two lines (NaN where a
    name cannot be broken). ``order`` lists the indices whose names to place, most important
    first (default: all, in index order); every actor is an obstacle whether named or not.
    ``bounds`` (left, top, right, bottom) is where names must stay. ``rays`` = (owner, unit
    vectors) are the directions of the lines leaving each actor (owner indexes ``centres``);
    ``obstacles`` (k, 4) are boxes (left, top, right, bottom) no name may cover (e.g. citation
    badges). ``limit`` caps the names placed and
    ``tries`` the names tried (a crowded map stops looking after the most important).

    Actors and obstacles stay where they are while names are placed, so every spot is tested
    against them at once (arrays); only the names placed so far are checked one by one.
    """
    centres = np.asarray(centres, dtype=np.float64).reshape(-1, 2)
    radii = np.asarray(radii, dtype=np.float64).reshape(-1)
    sizes = np.asarray(sizes, dtype=np.float64).reshape(-1, 2)
    n = len(centres)
    order = np.arange(n) if order is None else np.asarray(order, dtype=np.int64).reshape(-1)
    if tries is not None:
        order = order[:tries]
    empty = LabelPlacement(
        np.empty(0, dtype=np.int64), np.empty((0, 4)), np.empty(0, dtype=np.int64), np.empty(0, dtype=bool)
    )
    if n == 0 or len(order) == 0:
        return empty
    finite = np.asarray(np.isfinite(centres).all(axis=1))
    order = order[finite[order] & np.isfinite(sizes[order]).all(axis=1)]
    k = len(order)
    if k == 0:
        return empty

    # Candidate boxes: (k, variants * 8, 4) as (left, top, right, bottom), absolute.
    position = np.full(n, -1, dtype=np.int64)
    position[order] = np.arange(k)
    own_owner = np.empty(0, dtype=np.int64)
    own_rays = np.empty((0, 2))
    if rays is not None and len(rays[0]):
        owner_all, rays_all = np.asarray(rays[0], dtype=np.int64), np.asarray(rays[1], dtype=np.float64)
        keep = position[owner_all] >= 0
        own_owner, own_rays = position[owner_all[keep]], rays_all[keep]
    pull = np.zeros((k, 2))
    if len(own_owner):
        np.add.at(pull, own_owner, own_rays)
    variants = [sizes[order]]
    if wrapped_sizes is not None:
        variants.append(np.asarray(wrapped_sizes, dtype=np.float64).reshape(-1, 2)[order])
    c = centres[order]
    boxes: list[np.ndarray] = []
    ranked: list[np.ndarray] = []
    usable: list[np.ndarray] = []
    for size in variants:
        ok = np.asarray(np.isfinite(size).all(axis=1))
        rel = spot_boxes(np.where(ok, size[:, 0], 0), np.where(ok, size[:, 1], 0), radii[order], gap=gap)
        ranked.append(_order_spots(rel, own_owner, own_rays, pull) + 8 * len(boxes))
        absolute = np.stack(
            [
                rel[:, :, 0] + c[:, 0, None],
                rel[:, :, 2] + c[:, 1, None],
                rel[:, :, 1] + c[:, 0, None],
                rel[:, :, 3] + c[:, 1, None],
            ],
            axis=-1,
        )
        boxes.append(absolute)
        usable.append(np.broadcast_to(ok[:, None], (k, 8)))
    box = np.concatenate(boxes, axis=1)  # (k, s, 4)
    spots = np.concatenate(ranked, axis=1)  # (k, s) preference order over box's spots
    free = np.concatenate(usable, axis=1).copy()
    if bounds is not None:
        # (a name's box often meets the bounds exactly, the room being made from the same
        # actors: the tolerance keeps a last-bit difference from moving a name elsewhere)
        bl, bt, br, bb = (v - 1e-6 if i < 2 else v + 1e-6 for i, v in enumerate(bounds))
        free &= (box[:, :, 0] >= bl) & (box[:, :, 1] >= bt) & (box[:, :, 2] <= br) & (box[:, :, 3] <= bb)
    own_dist = dist_to_boxes(c[:, None, :], box)  # (k, s): own centre to each spot
    neighbours = _neighbours(box, own_dist, order, centres, radii, finite, gap)
    if obstacles is not None and len(obstacles):
        free &= ~_overlaps_any(box, np.asarray(obstacles, dtype=np.float64).reshape(-1, 4))

    # Greedy, in priority order: the first free spot not taken by a name placed before.
    typical = float(np.median(sizes[order, 1]))
    cell = max(4.0 * typical, 8.0)
    grid: dict[tuple[int, int], list[int]] = {}
    taken: list[tuple[float, float, float, float]] = []
    box_list = box.tolist()
    own_r = radii[order]
    placed_index: list[int] = []
    placed_spot: list[int] = []
    for j in range(k):
        if limit is not None and len(placed_index) >= limit:
            break
        if not free[j].any():
            continue
        near = neighbours(j)
        if len(near):
            # every spot of this name against the actors near it, at once
            d = dist_to_boxes(near[:, None, :2], box[j][None, :, :])  # (m, s)
            rad = near[:, 2:3]
            own = own_dist[j][None, :]
            hit = (d < rad) | (d <= own) | (d - rad <= own - own_r[j])
            ok = free[j] & ~hit.any(axis=0)
        else:
            ok = free[j]
        for s in spots[j].tolist():
            if not ok[s]:
                continue
            l, t, r, b = box_list[j][s]
            clash = False
            for ci in range(int(l // cell), int(r // cell) + 1):
                for cj in range(int(t // cell), int(b // cell) + 1):
                    for other in grid.get((ci, cj), ()):
                        o = taken[other]
                        if o[0] < r and l < o[2] and o[1] < b and t < o[3]:
                            clash = True
                            break
                    if clash:
                        break
                if clash:
                    break
            if clash:
                continue
            taken.append((l, t, r, b))
            for ci in range(int(l // cell), int(r // cell) + 1):
                for cj in range(int(t // cell), int(b // cell) + 1):
                    grid.setdefault((ci, cj), []).append(len(taken) - 1)
            placed_index.append(j)
            placed_spot.append(s)
            break
    if not placed_index:
        return empty
    js = np.array(placed_index, dtype=np.int64)
    ss = np.array(placed_spot, dtype=np.int64)
    return LabelPlacement(order[js], box[js, ss], ss % 8, ss >= 8)


def dist_to_boxes(p: np.ndarray, box: np.ndarray) -> np.ndarray:
    """Distance from points ``p`` (..., 2) to boxes ``box`` (..., 4), broadcast."""
    dx = np.maximum(np.maximum(box[..., 0] - p[..., 0], p[..., 0] - box[..., 2]), 0.0)
    dy = np.maximum(np.maximum(box[..., 1] - p[..., 1], p[..., 1] - box[..., 3]), 0.0)
    return np.hypot(dx, dy)


def _neighbours(
    box: np.ndarray,
    own_dist: np.ndarray,
    order: np.ndarray,
    centres: np.ndarray,
    radii: np.ndarray,
    finite: np.ndarray,
    gap: float,
):  # noqa: ANN202
    """A function giving, for candidate j, the (x, y, radius) of the other actors near enough
    to block one of its spots: within its farthest spot plus their rim or its own distance."""
    k = len(order)
    others = np.flatnonzero(finite)
    none = np.empty((0, 3))
    if len(others) < 2:
        return lambda j: none
    extent = np.abs(box - np.repeat(centres[order], 2, axis=1)[:, None, :]).max(axis=(1, 2))
    own_max = own_dist.max(axis=1)
    if k * len(others) <= 2_000_000:
        # few candidates (a drop, a small map): measure each against every actor
        cand = np.repeat(np.arange(k), len(others))
        other = np.tile(others, k)
    else:
        reach = float(extent.max() + max(radii[finite].max(), own_max.max()) + 2 * gap)
        pairs = close_pairs(centres[others], reach)
        if pairs is None or len(pairs) == 0:
            return lambda j: none
        a, b = others[pairs[:, 0]], others[pairs[:, 1]]
        position = np.full(len(centres), -1, dtype=np.int64)
        position[order] = np.arange(k)
        cand = np.concatenate([a, b])
        other = np.concatenate([b, a])
        keep = position[cand] >= 0
        cand, other = position[cand[keep]], other[keep]
    near = np.hypot(*(centres[other] - centres[order[cand]]).T)
    keep = (near <= extent[cand] + np.maximum(radii[other], own_max[cand]) + 2 * gap) & (other != order[cand])
    cand, other = cand[keep], other[keep]
    sort = np.argsort(cand, kind="stable")
    other = other[sort]
    starts = np.searchsorted(cand[sort], np.arange(k + 1))
    table = np.column_stack([centres[other], radii[other]])

    def of(j: int) -> np.ndarray:
        return table[starts[j] : starts[j + 1]]

    return of


def _overlaps_any(box: np.ndarray, obstacles: np.ndarray) -> np.ndarray:
    """(k, s): spots overlapping any of the obstacle boxes."""
    k, s, _ = box.shape
    flat = box.reshape(-1, 4)
    out = np.zeros(len(flat), dtype=bool)
    step = max(1, 2_000_000 // max(len(obstacles), 1))
    for lo in range(0, len(flat), step):
        f = flat[lo : lo + step, None, :]
        o = obstacles[None, :, :]
        out[lo : lo + step] = (
            (o[..., 0] < f[..., 2]) & (f[..., 0] < o[..., 2]) & (o[..., 1] < f[..., 3]) & (f[..., 1] < o[..., 3])
        ).any(axis=1)
    return out.reshape(k, s)
