"""What an exported map shows: the actors and relationships left after filters, with positions.

Every exporter (images, report, GraphML, GEXF, CSV) starts from one :class:`MapData`, so a
PNG, a report and a GraphML file made with the same filters always show the same things.
No Qt here: the painters in ``render.py`` and ``report.py`` take it from there.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from desktop.export.style import KIND_LABEL, KIND_STYLE
from desktop.graph.parallel import PairBundles, pair_bundles
from desktop.graph.regions import NOTHING, RegionDrawing, ShownRegions, draw_regions
from desktop.graph.timeline import AXES, HELD, REPORTED, partial_date_bounds, window_text
from desktop.model import EvidenceRecord, InvalidInputError, Repository, alias_key
from desktop.model.tables import STATUSES

# Rejected proposals are not claims; a map shows them only when asked for by name.
DEFAULT_STATUSES: tuple[str, ...] = ("proposed", "confirmed")
# A picture or a report someone else will read shows what the investigator reviewed:
# proposals only on request (and then marked as unreviewed).
REVIEWED_STATUSES: tuple[str, ...] = ("confirmed",)


@dataclass(frozen=True)
class MapActor:
    id: int
    name: str
    kind: str
    aliases: tuple[str, ...]
    notes: str
    x: float
    y: float
    degree: int  # relationships shown on this map that touch the actor
    placed: bool  # False when the workspace had no position for it and one was made up


@dataclass(frozen=True)
class MapRelationship:
    id: int
    number: int  # citation number, 1-based, in reading order (report appendix order)
    type: str
    label: str  # "spoke with"
    color: str
    directed: bool
    source_id: int
    source: str
    target_id: int
    target: str
    status: str
    confidence: float
    valid_from: str | None
    valid_to: str | None
    note: str
    evidence: tuple[EvidenceRecord, ...]

    @property
    def evidence_count(self) -> int:
        return len(self.evidence)


@dataclass(frozen=True)
class MapType:
    key: str
    label: str
    color: str
    directed: bool


@dataclass(frozen=True)
class MapKind:
    """How actors of one kind are drawn: ``shape`` is one of tables.ACTOR_SHAPES."""

    key: str
    label: str
    shape: str
    color: str


@dataclass(frozen=True)
class MapData:
    """A filtered, positioned snapshot of a workspace, ready to draw or write out."""

    workspace: str
    actors: tuple[MapActor, ...]
    relationships: tuple[MapRelationship, ...]
    types: tuple[MapType, ...]  # types of the relationships shown, in legend order
    kinds: tuple[str, ...]  # actor kinds shown, in legend order
    statuses: tuple[str, ...]  # statuses the filter let through
    type_filter: tuple[str, ...] | None
    date_from: date | None = None
    date_to: date | None = None
    date_axis: str = REPORTED  # what the time window asks: when reported, or when it held
    made_on: date = field(default_factory=date.today)
    kind_styles: tuple[MapKind, ...] = ()  # every kind the workspace has (shape, colour, label)
    # the communities the window shows as tinted regions (None: the window shows none)
    regions: ShownRegions | None = None

    def actor(self, actor_id: int) -> MapActor:
        return self._by_id[actor_id]

    def kind(self, key: str) -> MapKind:
        """How actors of kind ``key`` are drawn (the built-in look for a kind the data lacks)."""
        for k in self.kind_styles:
            if k.key == key:
                return k
        shape, color = KIND_STYLE.get(key, ("circle", "#8a8f98"))
        return MapKind(key, KIND_LABEL.get(key, key.replace("-", " ").capitalize()), shape, color)

    @property
    def unreviewed(self) -> bool:
        """Whether some relationship on the map is a proposal nobody has reviewed yet."""
        return any(r.status == "proposed" for r in self.relationships)

    def pairs(self) -> PairBundles:
        """How the map draws its relationships pair by pair, by the screen's rule
        (:func:`desktop.graph.parallel.pair_bundles`): indices are positions in
        ``relationships``; 2-3 between one pair curve apart, more fold into one counted line."""
        cached = self.__dict__.get("_pairs")
        if cached is None:
            cached = relationship_pairs([a.id for a in self.actors], self.relationships)
            object.__setattr__(self, "_pairs", cached)
        return cached

    def region_drawing(self, positions: np.ndarray | None = None) -> RegionDrawing:
        """The communities' regions as the screen draws them (:func:`desktop.graph.regions.draw_regions`),
        over the actors and relationships of this map only; nothing when the window showed no
        regions. ``positions`` (one row per actor, in ``actors`` order) are where the actors are
        drawn, if not at their layout positions (a page pushes apart actors drawn on top of each
        other: the tint follows them there)."""
        cached = self.__dict__.get("_regions")
        if cached is not None and positions is None:
            return cached
        drawing = NOTHING
        if self.regions is not None and self.actors:
            shown = self.regions
            labels = np.array([int(shown.communities.get(a.id, -1)) for a in self.actors], dtype=np.int64)
            pos = np.array([(a.x, a.y) for a in self.actors], dtype=np.float64) if positions is None else positions
            row = {a.id: i for i, a in enumerate(self.actors)}
            edges = np.array([(row[r.source_id], row[r.target_id]) for r in self.relationships], dtype=np.int64)
            drawing = draw_regions(
                labels,
                np.asarray(pos, dtype=np.float64).reshape(-1, 2),
                np.ones(len(self.actors), dtype=bool),
                edges.reshape(-1, 2),
                [a.name for a in self.actors],
                colours=dict(shown.colours),
            )
        if positions is None:
            object.__setattr__(self, "_regions", drawing)
        return drawing

    @property
    def _by_id(self) -> dict[int, MapActor]:
        cached = self.__dict__.get("_actor_index")
        if cached is None:
            cached = {a.id: a for a in self.actors}
            object.__setattr__(self, "_actor_index", cached)
        return cached

    def filter_text(self) -> str:
        """The filters in words, for captions: 'all types; confirmed only'."""
        parts = []
        if self.type_filter:
            labels = {t.key: t.label for t in self.types}
            parts.append("types: " + ", ".join(labels.get(k, k) for k in self.type_filter))
        else:
            parts.append("all relationship types")
        words = ["proposed (unreviewed)" if st == "proposed" else st for st in self.statuses]
        if set(self.statuses) == set(STATUSES):
            parts.append("all statuses")
        elif len(words) == 1:
            parts.append(f"{words[0]} only")
        else:
            parts.append(" and ".join(words))
        if self.date_from or self.date_to:
            parts.append(window_text(self.date_axis, self.date_from, self.date_to))
        return "; ".join(parts)

    def caption(self) -> str:
        """Default caption: workspace, date of export, filters, counts."""
        n_a, n_r = len(self.actors), len(self.relationships)
        return (
            f"Workspace {self.workspace} · exported {self.made_on.isoformat()} · {self.filter_text()} · "
            f"{n_a} actor{'s' if n_a != 1 else ''}, {n_r} relationship{'s' if n_r != 1 else ''}"
        )


def collect_map(
    repo: Repository,
    *,
    positions: Mapping[int, tuple[float, float]] | None = None,
    types: Sequence[str] | None = None,
    statuses: Sequence[str] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    date_axis: str = REPORTED,
    keep_isolated: bool | None = None,
    view_rect: tuple[float, float, float, float] | None = None,
    actor_ids: Collection[int] | None = None,
    relationship_ids: Collection[int] | None = None,
    regions: ShownRegions | None = None,
) -> MapData:
    """Gather what a map shows.

    ``positions`` (actor id -> (x, y), e.g. the graph view's current layout) wins over the
    positions saved in the workspace; an actor with neither is placed on a ring around the
    others (callers that can lay out properly, like the CLI, do so before calling this).
    ``types``/``statuses`` filter relationships (statuses default to proposed and confirmed;
    pictures and reports ask for :data:`REVIEWED_STATUSES`).
    ``date_from``/``date_to`` are a window of time (both days included) on ``date_axis``:
    "reported" keeps relationships with an excerpt from an article dated inside it, "held"
    those whose valid-from/valid-to span meets it (``desktop.graph.timeline``).
    Actors without a shown relationship are kept when nothing is filtered, dropped otherwise,
    unless ``keep_isolated`` says otherwise. ``view_rect`` (x0, y0, x1, y1 in layout units, e.g.
    the graph view's visible area) keeps only the actors inside it and the relationships among them.
    ``actor_ids``/``relationship_ids`` keep only those (what a view shows after filters this
    function does not know, such as a focus on one actor's neighbourhood or a shortest path).
    ``regions`` are the communities the window shows as tinted regions: the images draw them
    under the lines, over the actors kept (``MapData.region_drawing``).
    """
    known = {t.key: t for t in repo.list_relation_types()}
    type_filter = tuple(types) if types else None
    for key in type_filter or ():
        if key not in known:
            raise InvalidInputError(f"unknown relationship type {key!r}; known: {', '.join(sorted(known))}")
    statuses = tuple(statuses) if statuses else DEFAULT_STATUSES
    for st in statuses:
        if st not in STATUSES:
            raise InvalidInputError(f"unknown status {st!r}; use one of {', '.join(STATUSES)}")
    if date_axis not in AXES:
        raise InvalidInputError(f"unknown time axis {date_axis!r}; use {' or '.join(AXES)}")
    reported = date_axis == REPORTED
    rels = repo.list_relationships(
        types=type_filter,
        statuses=statuses,
        date_from=date_from if reported else None,
        date_to=date_to if reported else None,
    )
    if date_axis == HELD and (date_from is not None or date_to is not None):
        rels = [r for r in rels if _held_within(r.valid_from, r.valid_to, date_from, date_to)]
    if relationship_ids is not None:
        wanted = {int(i) for i in relationship_ids}
        rels = [r for r in rels if r.id in wanted]
    if actor_ids is not None:
        wanted_actors = {int(i) for i in actor_ids}
        rels = [r for r in rels if r.source_id in wanted_actors and r.target_id in wanted_actors]
    filtered = (
        bool(type_filter)
        or set(statuses) != set(STATUSES)
        or date_from is not None
        or date_to is not None
        or relationship_ids is not None
    )
    if keep_isolated is None:
        keep_isolated = not filtered
    all_actors = repo.list_actors()
    shown_ids = {r.source_id for r in rels} | {r.target_id for r in rels}
    actors = [
        a for a in all_actors if (keep_isolated or a.id in shown_ids) and (actor_ids is None or a.id in wanted_actors)
    ]
    degree: dict[int, int] = {}
    for r in rels:
        degree[r.source_id] = degree.get(r.source_id, 0) + 1
        degree[r.target_id] = degree.get(r.target_id, 0) + 1

    pos: dict[int, tuple[float, float]] = {}
    for a in actors:
        given = positions.get(a.id) if positions else None
        if given is not None and all(math.isfinite(v) for v in given):
            pos[a.id] = (float(given[0]), float(given[1]))
        elif a.x is not None and a.y is not None and math.isfinite(a.x) and math.isfinite(a.y):
            pos[a.id] = (a.x, a.y)
    missing = [a for a in actors if a.id not in pos]
    if missing:
        pos.update(_ring(pos, [a.id for a in missing]))
    if view_rect is not None:
        x0, y0, x1, y1 = view_rect
        x0, x1 = min(x0, x1), max(x0, x1)
        y0, y1 = min(y0, y1), max(y0, y1)
        actors = [a for a in actors if x0 <= pos[a.id][0] <= x1 and y0 <= pos[a.id][1] <= y1]
        inside = {a.id for a in actors}
        rels = [r for r in rels if r.source_id in inside and r.target_id in inside]
        degree = {}
        for r in rels:
            degree[r.source_id] = degree.get(r.source_id, 0) + 1
            degree[r.target_id] = degree.get(r.target_id, 0) + 1
    map_actors = tuple(
        MapActor(
            id=a.id,
            name=a.name,
            kind=a.kind,
            aliases=a.aliases,
            notes=a.notes,
            x=pos[a.id][0],
            y=pos[a.id][1],
            degree=degree.get(a.id, 0),
            placed=a not in missing,
        )
        for a in actors
    )

    # Reading order for citation numbers: by source, then type, then target, as a reader scans;
    # the relationships of a pair folded into one line follow the first of them, so the line's
    # badge reads "12-16" and their excerpts stand together in the appendix.
    ordered = sorted(rels, key=lambda r: (alias_key(r.source), r.type, alias_key(r.target), r.id))
    folded = relationship_pairs([a.id for a in actors], ordered)
    ordered = _folded_together(ordered, folded)
    map_rels = tuple(
        MapRelationship(
            id=r.id,
            number=i,
            type=r.type,
            label=known[r.type].label,
            color=known[r.type].color,
            directed=r.directed,
            source_id=r.source_id,
            source=r.source,
            target_id=r.target_id,
            target=r.target,
            status=r.status,
            confidence=r.confidence,
            valid_from=r.valid_from,
            valid_to=r.valid_to,
            note=r.note,
            evidence=r.evidence,
        )
        for i, r in enumerate(ordered, start=1)
    )
    used_types = {r.type for r in rels}
    map_types = tuple(
        MapType(key=t.key, label=t.label, color=t.color, directed=t.directed)
        for t in known.values()
        if t.key in used_types
    )
    kind_styles = tuple(MapKind(k.key, k.label, k.shape, k.color) for k in repo.list_actor_kinds())
    present = {a.kind for a in map_actors}
    order = [k.key for k in kind_styles] + sorted(present - {k.key for k in kind_styles})
    kinds = tuple(k for k in order if k in present)
    return MapData(
        workspace=repo.display_name,
        actors=map_actors,
        relationships=map_rels,
        types=map_types,
        kinds=kinds,
        statuses=statuses,
        type_filter=type_filter,
        date_from=date_from,
        date_to=date_to,
        date_axis=date_axis,
        kind_styles=kind_styles,
        regions=regions,
    )


def relationship_pairs(actor_ids: Sequence[int], relationships: Sequence) -> PairBundles:
    """:func:`~desktop.graph.parallel.pair_bundles` of ``relationships`` (anything with ``id``,
    ``source_id``, ``target_id``) among the actors ``actor_ids``, indexed by position in
    ``relationships``.

    The pairs are formed as the window forms them (``Repository.graph_rows``: actors and
    relationships each in the order of their ids), so a picture gives each relationship the
    lane it has on screen and folds the same pairs; a folded pair's drawn line is its oldest
    relationship. :func:`actor_rows` gives the actor rows to bend the curves with.
    """
    row = actor_rows(actor_ids)
    order = np.array(sorted(range(len(relationships)), key=lambda i: relationships[i].id), dtype=np.int64)
    edges = np.array(
        [(row[relationships[i].source_id], row[relationships[i].target_id]) for i in order], dtype=np.int64
    ).reshape(-1, 2)
    by_id = pair_bundles(edges, np.ones(len(edges), dtype=bool), pair_ids=np.array(sorted(actor_ids), dtype=np.int64))
    m = len(relationships)
    lanes, drawn, bundle = np.zeros(m), np.zeros(m, dtype=bool), np.full(m, -1, dtype=np.int64)
    lanes[order], drawn[order], bundle[order] = by_id.lanes, by_id.drawn, by_id.bundle
    return PairBundles(lanes, drawn, bundle, [order[members] for members in by_id.collapsed])


def actor_rows(actor_ids: Sequence[int]) -> dict[int, int]:
    """``{actor id: row}`` with rows in the order of the ids, as the window's scene numbers
    them: a curve's side follows its ends' rows (:func:`desktop.graph.parallel.curve_controls`)."""
    return {a: i for i, a in enumerate(sorted(actor_ids))}


def _held_within(valid_from: str | None, valid_to: str | None, first: date | None, last: date | None) -> bool:
    """Whether a relationship valid from/to these partial dates may hold in the window (the
    rule of ``desktop.graph.timeline.window_mask``; a relationship with neither date is off
    the held axis)."""
    try:
        start, end = partial_date_bounds(valid_from), partial_date_bounds(valid_to)
    except ValueError:
        return False
    if start is None and end is None:
        return False
    return (start is None or last is None or start[0] <= last) and (end is None or first is None or end[1] >= first)


def _folded_together(ordered: list, pairs: PairBundles) -> list:
    """``ordered`` with the members of each folded pair moved up behind the first of them."""
    out: list = []
    done: set[int] = set()
    for i in range(len(ordered)):
        if i in done:
            continue
        g = int(pairs.bundle[i])
        members = sorted(pairs.collapsed[g].tolist()) if g >= 0 else [i]
        out += [ordered[j] for j in members]
        done.update(members)
    return out


def _ring(placed: Mapping[int, tuple[float, float]], ids: Sequence[int]) -> dict[int, tuple[float, float]]:
    """Stand-in positions for actors never laid out: evenly on a circle around the rest."""
    if placed:
        xs = [p[0] for p in placed.values()]
        ys = [p[1] for p in placed.values()]
        cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        radius = max(max(xs) - min(xs), max(ys) - min(ys), 1.0) * 0.6 + 0.5
    else:
        cx = cy = 0.0
        radius = max(1.0, len(ids) / (2 * math.pi))
    out = {}
    for i, actor_id in enumerate(ids):
        angle = 2 * math.pi * i / max(len(ids), 1) - math.pi / 2
        out[actor_id] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    return out
