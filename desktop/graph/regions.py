"""Communities drawn as regions: which actors form each, where its tint lies, its colour and
where its name goes. Plain numpy, no Qt.

The screen (``desktop.ui.map_regions``) and every image export (``desktop.export.render``)
draw the regions this module works out, so a big map's tinted, labelled communities look the
same on screen and on paper. The communities themselves come from
:func:`desktop.graph.communities.communities` (Louvain, seeded): the window finds them once
over the whole scene and passes the same labels to the export.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from desktop.graph.communities import Territories, summarise, territories, territory_colours

__all__ = [
    "NAME_CHARS",
    "PALETTE",
    "REGION_LIMIT",
    "REGION_MIN_ACTORS",
    "REGION_MIN_MEMBERS",
    "TINT_ALPHA",
    "REGION_NAMES_COVER",
    "Region",
    "RegionDrawing",
    "ShownRegions",
    "draw_regions",
    "short_name",
]

# Below this many drawn actors a map shows no regions: a small map's stories are plain to see.
REGION_MIN_ACTORS = 200
# A community needs this many drawn actors to be drawn as a region.
REGION_MIN_MEMBERS = 8
# At most this many regions (the biggest): past that they are specks, and each costs a grid.
REGION_LIMIT = 240
# Soft hues for the tints (neighbouring regions get different ones); the actors' kind colours
# stay the map's loudest colours.
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#b07aa1",
    "#e15759",
    "#76b7b2",
    "#edc948",
    "#9c755f",
    "#ff9da7",
    "#8cd17d",
    "#499894",
    "#d37295",
)
TINT_ALPHA = 85  # at a community's densest; its fringe fades out
NAME_CHARS = 26  # longer names are cut with an ellipsis
# The big names cover at most this share of the tinted map as drawn: a few landmarks, not a
# blanket over the actors.
REGION_NAMES_COVER = 0.25
# Grid cells across the regions' longer side: fine enough for soft edges, small enough to
# work out in a fraction of a second at 5,000 actors.
TINT_CELLS = 280


def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


_RGB = np.array([_rgb(c) for c in PALETTE], dtype=np.uint8)


@dataclass(frozen=True)
class Region:
    """One community as drawn: its leaders' names, where to write them (data units), colour."""

    label: int
    size: int
    names: tuple[str, ...]
    anchor: np.ndarray  # (2,) where its members are densest
    colour: str  # "#rrggbb", one of PALETTE


@dataclass(frozen=True)
class RegionDrawing:
    """The regions of one state of the map, ready to paint.

    Attributes:
        regions: the communities drawn, biggest first.
        territory: the grid they were worked out on (its ``extent`` is where ``rgba`` goes,
            in data units); None when there is nothing to draw.
        rgba: (h, w, 4) uint8 tint, row 0 at the top (largest y): each cell in its owner's
            colour, :data:`TINT_ALPHA` where that community is densest, fading out at its fringe.
    """

    regions: list[Region]
    territory: Territories | None
    rgba: np.ndarray | None


NOTHING = RegionDrawing([], None, None)


@dataclass(frozen=True)
class ShownRegions:
    """The regions a window shows, handed to an export so the picture shows the same ones.

    Attributes:
        communities: actor id -> community label, as the window found them (over the whole
            scene; -1 for an actor in none).
        colours: label -> "#rrggbb" of each region the window draws.
        names: whether the window writes the regions' names (zoomed out on a big map).
    """

    communities: Mapping[int, int]
    colours: Mapping[int, str]
    names: bool = False


def draw_regions(
    labels: np.ndarray,
    pos: np.ndarray,
    drawn: np.ndarray,
    edges: np.ndarray,
    names: Sequence[str],
    *,
    colours: dict[int, str] | None = None,
) -> RegionDrawing:
    """The regions of what is drawn: ``labels`` (one community label per actor row, -1 for
    none), ``pos`` (n, 2) data positions, ``drawn`` (n,) bool, the actors drawn, ``edges``
    (m, 2) the rows of the relationships drawn (they rank each community's leaders).

    Communities with fewer than :data:`REGION_MIN_MEMBERS` drawn actors are left out.
    ``colours`` (label -> "#rrggbb") keeps the colours another drawing gave the regions (an
    export of the part of the map the screen shows keeps the screen's colours); communities it
    lacks get a palette colour unlike their neighbours'.
    """
    labels = np.asarray(labels, dtype=np.int64).copy()
    labels[~np.asarray(drawn, dtype=bool)] = -1
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    summary = [c for c in summarise(labels, pos, edges, names, top=3) if len(c.members) >= REGION_MIN_MEMBERS][
        :REGION_LIMIT
    ]
    if not summary:
        return NOTHING
    land = territories(labels, pos, cells=TINT_CELLS, keep=[c.label for c in summary])
    if land is None:
        return NOTHING
    colour_of = territory_colours(land.owner, colours=len(PALETTE))
    if colours:
        index = {c: k for k, c in enumerate(PALETTE)}
        colour_of.update({label: index[c] for label, c in colours.items() if c in index and label in colour_of})
    regions = [
        Region(
            label=c.label,
            size=len(c.members),
            names=tuple(short_name(n) for n in c.names),
            anchor=land.peaks.get(c.label, c.centre),
            colour=PALETTE[colour_of.get(c.label, 0)],
        )
        for c in summary
        if c.label in colour_of
    ]
    h, w = land.owner.shape
    rgba = np.zeros((h, w, 4), dtype=np.uint8)
    mine = land.owner >= 0
    lut = np.zeros(int(land.owner.max()) + 1, dtype=np.int64)
    for label, k in colour_of.items():
        lut[label] = k
    idx = lut[land.owner[mine]]
    rgba[mine, :3] = _RGB[idx]
    # the fringe fades to nothing where the members thin out (a hard edge there, or a drawn
    # border between neighbours, shows the grid's steps once the image is scaled up); the
    # neighbours' different hues tell them apart
    fade = np.sqrt(np.clip((land.strength[mine] - 0.04) / 0.45, 0.0, 1.0))
    rgba[mine, 3] = (TINT_ALPHA * fade).astype(np.uint8)
    return RegionDrawing(regions, land, np.ascontiguousarray(rgba[::-1]))


def short_name(name: str) -> str:
    """A leader's name as a region shows it: one line, at most :data:`NAME_CHARS` characters."""
    name = " ".join(name.split())
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1].rstrip() + "…"
