"""Repository rows -> arrays the graph view draws, and the graph questions a user asks of them.

Everything here is plain numpy/networkx over :class:`GraphScene`, so a test can check what the
view will show (which relationships a filter keeps, an actor's neighbourhood, the shortest path
between two actors, where an arrowhead goes) without a QApplication. Rows of the scene are
*nodes* (actors) and *edges* (relationships); the view maps them to pixels.

networkx is imported by the two questions that need it (a neighbourhood, a shortest path), not
with this module: the window imports it on every start, and networkx alone was a sixth of the
start-up time (issue 12).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from desktop.graph.parallel import chords, pair_bundles
from desktop.model import Repository
from desktop.model.records import ActorKindRecord, ActorRecord, RelationshipRecord, RelationTypeRecord

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "ACTOR_KINDS",
    "DEFAULT_STATUSES",
    "KIND_STYLE",
    "NAME_BOX_PX",
    "NAME_GAP_PX",
    "SHAPE_SYMBOL",
    "FilterResult",
    "GraphScene",
    "SceneFilter",
    "actor_relationships",
    "apply_filter",
    "arrowheads",
    "build_scene",
    "edge_geometry",
    "edge_widths",
    "find_actor",
    "load_scene",
    "neighbourhood",
    "scene_from_rows",
    "node_sizes",
    "parallel_lanes",
    "shortest_path",
]

ACTOR_KINDS = ("person", "organisation", "country", "other")
STATUSES = ("confirmed", "proposed", "rejected")
# What a fresh window shows: rejected relationships are kept for the record, not drawn.
DEFAULT_STATUSES = frozenset({"confirmed", "proposed"})
# The symbol (pyqtgraph's name) the map draws each shape an actor kind may have (tables.ACTOR_SHAPES).
SHAPE_SYMBOL: dict[str, str] = {
    "circle": "o",
    "square": "s",
    "diamond": "d",
    "hexagon": "h",
    "triangle": "t1",
    "pentagon": "p",
    "star": "star",
    "cross": "+",
}
# Node shape (pyqtgraph symbol name) and fill colour of the built-in kinds, for scenes built
# without the workspace's kinds (benches, tests); colour-blind safe hues that stay apart from the
# relationship-type colours, which are drawn as thin lines. The workspace's actor_kind rows win.
KIND_STYLE: dict[str, tuple[str, str]] = {
    "person": ("o", "#3f6fb5"),
    "organisation": ("s", "#c98a1b"),
    "country": ("h", "#3d9a6b"),
    "other": ("d", "#8a8f98"),
}
_UNKNOWN_KIND = ("o", "#8a8f98")


@dataclass
class GraphScene:
    """The whole workspace as arrays: one row per actor (node), one per relationship (edge)."""

    actor_ids: np.ndarray  # (n,) int64
    names: list[str]
    kinds: list[str]
    aliases: list[tuple[str, ...]]  # other names; empty when the scene was built without them
    pos: np.ndarray  # (n, 2) float64, NaN where the actor has no position yet
    pinned: np.ndarray  # (n,) bool
    degree: np.ndarray  # (n,) int64: relationships touching the actor (any status)
    edges: np.ndarray  # (m, 2) int64 node rows, source then target
    rel_ids: np.ndarray  # (m,) int64
    types: list[str]
    statuses: list[str]
    directed: np.ndarray  # (m,) bool
    confidence: np.ndarray  # (m,) float64
    evidence_count: np.ndarray  # (m,) int64
    first_published: list[date | None]  # earliest and latest article date of each edge's excerpts
    last_published: list[date | None]
    relation_types: dict[str, RelationTypeRecord] = field(default_factory=dict)
    actor_kinds: dict[str, ActorKindRecord] = field(default_factory=dict)  # key -> kind, in the workspace's order
    row_of_actor: dict[int, int] = field(default_factory=dict)
    row_of_relationship: dict[int, int] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.actor_ids)

    @property
    def m(self) -> int:
        return len(self.rel_ids)

    def type_color(self, key: str) -> str:
        rt = self.relation_types.get(key)
        return rt.color if rt else "#777777"

    def type_label(self, key: str) -> str:
        rt = self.relation_types.get(key)
        return rt.label if rt else key

    def kind_symbol(self, key: str) -> str:
        """The pyqtgraph symbol actors of kind ``key`` are drawn with."""
        kind = self.actor_kinds.get(key)
        if kind is not None:
            return SHAPE_SYMBOL.get(kind.shape, "o")
        return KIND_STYLE.get(key, _UNKNOWN_KIND)[0]

    def kind_color(self, key: str) -> str:
        kind = self.actor_kinds.get(key)
        if kind is not None:
            return kind.color
        return KIND_STYLE.get(key, _UNKNOWN_KIND)[1]

    def kind_label(self, key: str) -> str:
        kind = self.actor_kinds.get(key)
        return kind.label if kind is not None else key.replace("-", " ").capitalize()

    def kind_order(self) -> list[str]:
        """Kind keys in legend order: the workspace's order, then any others the scene has."""
        order = list(self.actor_kinds) or [k for k in KIND_STYLE]
        return order + sorted(set(self.kinds) - set(order))


def build_scene(
    actors: Sequence[ActorRecord],
    relationships: Sequence[RelationshipRecord],
    relation_types: Iterable[RelationTypeRecord] = (),
    *,
    actor_kinds: Iterable[ActorKindRecord] = (),
) -> GraphScene:
    """Arrays for every actor and relationship record (relationships to unknown actors skipped)."""
    actor_rows = [(a.id, a.name, a.kind, a.x, a.y, a.pinned) for a in actors]
    rel_rows = []
    for r in relationships:
        dates = [e.article_published for e in r.evidence if e.article_published]
        rel_rows.append(
            (
                r.id,
                r.type,
                r.source_id,
                r.target_id,
                r.status,
                r.confidence,
                len(r.evidence),
                min(dates) if dates else None,
                max(dates) if dates else None,
            )
        )
    return scene_from_rows(
        actor_rows, rel_rows, relation_types, aliases={a.id: tuple(a.aliases) for a in actors}, actor_kinds=actor_kinds
    )


def _as_date(value) -> date | None:  # noqa: ANN001
    if value is None or isinstance(value, date):
        return value
    return _parse_day(str(value)[:10])


@lru_cache(maxsize=8192)
def _parse_day(text: str) -> date:
    # 100k relationships share a few thousand article dates: parse each once.
    return date.fromisoformat(text)


def _dates(column: Sequence) -> list[date | None]:
    """``_as_date`` of each value, each distinct value converted once (100,000 relationships
    share a few thousand article dates)."""
    seen = {v: _as_date(v) for v in set(column)}
    return [seen[v] for v in column]


def scene_from_rows(
    actor_rows: Sequence[tuple],
    rel_rows: Sequence[tuple],
    relation_types: Iterable[RelationTypeRecord] = (),
    *,
    aliases: dict[int, tuple[str, ...]] | None = None,
    actor_kinds: Iterable[ActorKindRecord] = (),
) -> GraphScene:
    """Arrays from ``Repository.graph_rows()``: actors ``(id, name, kind, x, y, pinned)``,
    relationships ``(id, type, source_id, target_id, status, confidence, evidence_count,
    first_published, last_published)``; relationships to actors not among ``actor_rows`` are
    left out. Column by column (rows transposed once), fast enough for 100,000 relationships."""
    types = {t.key: t for t in relation_types}
    n = len(actor_rows)
    a_id, a_name, a_kind, a_x, a_y, a_pin = (list(c) for c in zip(*actor_rows)) if n else ([],) * 6
    actor_ids = np.array(a_id, dtype=np.int64).reshape(n)
    row_of_actor = {a: i for i, a in enumerate(a_id)}
    # None -> NaN: an actor with no position yet
    pos = np.stack([np.array(a_x, dtype=np.float64), np.array(a_y, dtype=np.float64)], axis=1).reshape(n, 2)
    if rel_rows:
        r_id, r_type, r_src, r_dst, r_status, r_conf, r_ev, r_first, r_last = (list(c) for c in zip(*rel_rows))
        # actor ids -> rows: sorted lookup instead of a dict access per relationship end
        order = np.argsort(actor_ids, kind="stable")
        sorted_ids = actor_ids[order]

        def rows_of(id_list: list) -> tuple[np.ndarray, np.ndarray]:
            ids = np.array(id_list, dtype=np.int64)
            at = np.minimum(np.searchsorted(sorted_ids, ids), max(n - 1, 0))
            found = (sorted_ids[at] == ids) if n else np.zeros(len(ids), dtype=bool)
            return order[at] if n else at, found

        src, ok_s = rows_of(r_src)
        dst, ok_d = rows_of(r_dst)
        keep = ok_s & ok_d
        if not keep.all():
            idx = np.flatnonzero(keep).tolist()
            r_id, r_type, r_status, r_conf, r_ev, r_first, r_last = (
                [c[i] for i in idx] for c in (r_id, r_type, r_status, r_conf, r_ev, r_first, r_last)
            )
            src, dst = src[keep], dst[keep]
    else:
        r_id = r_type = r_status = r_conf = r_ev = r_first = r_last = []
        src = dst = np.empty(0, dtype=np.int64)
    m = len(r_id)
    edges = np.stack([src, dst], axis=1).astype(np.int64).reshape(m, 2)
    rel_ids = np.array(r_id, dtype=np.int64).reshape(m)
    degree = np.bincount(edges.ravel(), minlength=n).astype(np.int64) if m else np.zeros(n, dtype=np.int64)
    directed_of = {k: (types[k].directed if k in types else True) for k in set(r_type)}
    aliases = aliases or {}
    return GraphScene(
        actor_ids=actor_ids,
        names=a_name,
        kinds=a_kind,
        aliases=[aliases.get(a, ()) for a in a_id] if aliases else [()] * n,
        pos=pos,
        pinned=np.array([bool(p) for p in a_pin], dtype=bool).reshape(n),
        degree=degree,
        edges=edges,
        rel_ids=rel_ids,
        types=r_type,
        statuses=r_status,
        directed=np.array([directed_of[k] for k in r_type], dtype=bool).reshape(m),
        confidence=np.array(r_conf, dtype=np.float64).reshape(m),
        evidence_count=np.array(r_ev, dtype=np.int64).reshape(m),
        first_published=_dates(r_first),
        last_published=_dates(r_last),
        relation_types=types,
        actor_kinds={k.key: k for k in actor_kinds},
        row_of_actor=row_of_actor,
        row_of_relationship={r: i for i, r in enumerate(r_id)},
    )


def load_scene(repo: Repository, *, alias_limit: int = 5000) -> GraphScene:
    """The whole workspace as a scene; aliases are included while there are few enough actors
    to read them quickly (tooltips and find fall back to the repository otherwise)."""
    actor_rows, rel_rows = repo.graph_rows()
    aliases = None
    if len(actor_rows) <= alias_limit:
        aliases = repo.actor_aliases()
    return scene_from_rows(
        actor_rows, rel_rows, repo.list_relation_types(), aliases=aliases, actor_kinds=repo.list_actor_kinds()
    )


# ---------------------------------------------------------------------------------- sizes
# The screen's symbols (node_sizes) and the gap between a symbol and its name are in pixels, drawn
# against a name box about this many pixels high; a printed page scales both by its own name box,
# so names sit by the symbols as on screen and the one placement finds the same spots.
NAME_BOX_PX = 17.0
NAME_GAP_PX = 2.0


def node_sizes(degree: np.ndarray, *, base: float = 16.0, per: float = 6.0, cap: float = 52.0) -> np.ndarray:
    """Node diameter in pixels: grows with the square root of the number of relationships."""
    return np.minimum(base + per * np.sqrt(np.asarray(degree, dtype=np.float64)), cap)


# A typical relationship drawn shorter than this (in pixels of the screen's symbol sizes) shrinks
# the symbols, down to SYMBOL_SCALE_LEAST of their size: a dense map shows its structure, not a blob.
SYMBOL_ROOM_PX = 55.0
SYMBOL_SCALE_LEAST = 0.2


def symbol_scale(median_edge_px: float) -> float:
    """How much to shrink the symbols of a map whose typical relationship is drawn
    ``median_edge_px`` long (in the same units as node_sizes): 1 when there is room."""
    if not median_edge_px > 0:
        return 1.0
    return float(np.clip(median_edge_px / SYMBOL_ROOM_PX, SYMBOL_SCALE_LEAST, 1.0))


def edge_widths(evidence_count: np.ndarray) -> np.ndarray:
    """Line width in pixels: one excerpt is a hairline-plus, each further excerpt thickens it."""
    c = np.asarray(evidence_count, dtype=np.float64)
    return 1.4 + 0.9 * np.clip(c - 1, 0, 4)


# ---------------------------------------------------------------------------------- filters
@dataclass(frozen=True)
class SceneFilter:
    """What the user asked to see. ``types=None`` means every type."""

    types: frozenset[str] | None = None
    statuses: frozenset[str] = DEFAULT_STATUSES
    date_from: date | None = None  # a window of time, both days included (None: open)
    date_to: date | None = None
    date_axis: str = "reported"  # what the window asks of a relationship (desktop.graph.timeline)
    focus_actor: int | None = None  # actor id: show its neighbourhood only
    depth: int = 1
    path: tuple[int, int] | None = None  # two actor ids: show the shortest path only


@dataclass(frozen=True)
class FilterResult:
    nodes: np.ndarray  # (n,) bool: drawn actors
    edges: np.ndarray  # (m,) bool: drawn relationships
    path_found: bool | None = None  # None unless a path was asked for
    message: str = ""


def _edge_mask(
    scene: GraphScene, flt: SceneFilter, dated_ids: set[int] | None = None, date_mask: np.ndarray | None = None
) -> np.ndarray:
    m = scene.m
    keep = np.ones(m, dtype=bool)
    # map() of a set's own test: a third of what a generator costs on 100,000 relationships
    if flt.types is not None:
        keep &= np.fromiter(map(set(flt.types).__contains__, scene.types), dtype=bool, count=m)
    keep &= np.fromiter(map(set(flt.statuses).__contains__, scene.statuses), dtype=bool, count=m)
    if flt.date_from is not None or flt.date_to is not None:
        lo = flt.date_from or date.min
        hi = flt.date_to or date.max
        if date_mask is not None:
            keep &= date_mask
        elif dated_ids is not None:
            keep &= np.isin(scene.rel_ids, np.fromiter(dated_ids, dtype=np.int64, count=len(dated_ids)))
        else:
            # Without the exact answer (Repository.list_relationships(date_from=..., date_to=...)),
            # keep relationships whose excerpts' dates span reaches into the range.
            keep &= np.fromiter(
                (
                    a is not None and b is not None and a <= hi and b >= lo
                    for a, b in zip(scene.first_published, scene.last_published)
                ),
                dtype=np.bool_,
                count=m,
            )
    return keep


def _graph(scene: GraphScene, edge_mask: np.ndarray) -> nx.MultiGraph:
    import networkx as nx  # only when a neighbourhood or a path is asked for (see the module docstring)

    g = nx.MultiGraph()
    g.add_nodes_from(range(scene.n))
    for k in np.flatnonzero(edge_mask):
        g.add_edge(int(scene.edges[k, 0]), int(scene.edges[k, 1]), key=int(k))
    return g


def apply_filter(
    scene: GraphScene, flt: SceneFilter, *, dated_ids: set[int] | None = None, date_mask: np.ndarray | None = None
) -> FilterResult:
    """Which actors and relationships to draw under ``flt``.

    Relationships are kept by type, status and time (``date_mask``: (m,) what the time window
    keeps, from ``desktop.graph.timeline.window_mask``; else ``dated_ids``, the ids it keeps;
    else the span of each relationship's article dates); an actor is drawn when one of
    its relationships is, and an actor with no relationships at all is drawn while no date,
    neighbourhood or path filter narrows the view (so a newly added actor shows up).
    """
    emask = _edge_mask(scene, flt, dated_ids, date_mask)
    nodes = np.zeros(scene.n, dtype=bool)
    nodes[scene.edges[emask].ravel()] = True
    narrowed = flt.date_from is not None or flt.date_to is not None
    if flt.path is not None:
        found = shortest_path(scene, *flt.path, edge_mask=emask)
        if found is None:
            a, b = (scene.names[scene.row_of_actor[i]] if i in scene.row_of_actor else "?" for i in flt.path)
            return FilterResult(
                np.zeros(scene.n, bool),
                np.zeros(scene.m, bool),
                path_found=False,
                message=f"No path between {a} and {b} with the current filters",
            )
        rows, erows = found
        nodes = np.zeros(scene.n, dtype=bool)
        nodes[rows] = True
        emask = np.zeros(scene.m, dtype=bool)
        emask[erows] = True
        return FilterResult(
            nodes,
            emask,
            path_found=True,
            message=f"Shortest path: {len(erows)} relationship{'s' if len(erows) != 1 else ''}",
        )
    if flt.focus_actor is not None and flt.focus_actor in scene.row_of_actor:
        keep_nodes, keep_edges = neighbourhood(scene, scene.row_of_actor[flt.focus_actor], flt.depth, edge_mask=emask)
        nodes = np.zeros(scene.n, dtype=bool)
        nodes[keep_nodes] = True
        emask = emask & nodes[scene.edges[:, 0]] & nodes[scene.edges[:, 1]] if scene.m else emask
        return FilterResult(nodes, emask)
    if not narrowed:
        nodes |= scene.degree == 0
    return FilterResult(nodes, emask)


def neighbourhood(
    scene: GraphScene, row: int, depth: int, *, edge_mask: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Node rows within ``depth`` relationships of node ``row`` and the edge rows among them."""
    import networkx as nx

    emask = np.ones(scene.m, dtype=bool) if edge_mask is None else edge_mask
    g = _graph(scene, emask)
    reach = nx.single_source_shortest_path_length(g, row, cutoff=max(int(depth), 0))
    nodes = np.zeros(scene.n, dtype=bool)
    nodes[list(reach)] = True
    inside = emask & nodes[scene.edges[:, 0]] & nodes[scene.edges[:, 1]] if scene.m else emask
    return np.flatnonzero(nodes), np.flatnonzero(inside)


def shortest_path(
    scene: GraphScene, actor_a: int, actor_b: int, *, edge_mask: np.ndarray | None = None
) -> tuple[list[int], list[int]] | None:
    """Node rows and edge rows of a shortest path between two actors (ids), or None.

    Where several relationships join the same two actors, all of them are part of the path:
    the investigator sees every reason the two are linked.
    """
    if actor_a not in scene.row_of_actor or actor_b not in scene.row_of_actor:
        return None
    import networkx as nx

    emask = np.ones(scene.m, dtype=bool) if edge_mask is None else edge_mask
    g = _graph(scene, emask)
    a, b = scene.row_of_actor[actor_a], scene.row_of_actor[actor_b]
    try:
        rows = nx.shortest_path(g, a, b)
    except nx.NetworkXNoPath:
        return None
    erows: list[int] = []
    for u, v in zip(rows, rows[1:]):
        erows.extend(sorted(g.get_edge_data(u, v).keys()))
    return [int(r) for r in rows], erows


def actor_relationships(scene: GraphScene, row: int, *, edge_mask: np.ndarray | None = None) -> list[int]:
    """Edge rows touching node ``row``, in reading order (type, then the other actor's name)."""
    if scene.m == 0:
        return []
    emask = np.ones(scene.m, dtype=bool) if edge_mask is None else edge_mask
    touching = np.flatnonzero(emask & ((scene.edges[:, 0] == row) | (scene.edges[:, 1] == row)))

    def key(k: int) -> tuple[str, str]:
        s, t = scene.edges[k]
        other = t if s == row else s
        return scene.types[k], scene.names[other].casefold()

    return sorted((int(k) for k in touching), key=key)


def find_actor(scene: GraphScene, text: str) -> int | None:
    """Node row of the actor whose name or alias matches ``text``: exact first, then prefix, then substring."""
    needle = " ".join(text.split()).casefold()
    if not needle:
        return None
    for test in (lambda s: s == needle, lambda s: s.startswith(needle), lambda s: needle in s):
        for i in range(scene.n):
            if any(test(name.casefold()) for name in (scene.names[i], *scene.aliases[i])):
                return i
    return None


# ---------------------------------------------------------------------------------- geometry
def parallel_lanes(edges: np.ndarray) -> np.ndarray:
    """Lane of each edge among the edges joining the same two nodes: 0 alone, else -k..k.

    Two relationships between the same actors (Nazarbayev spoke with and chose Tokayev) are
    drawn side by side, so both can be seen and clicked.
    """
    edges = np.asarray(edges).reshape(-1, 2)
    # the map's pair rule with every edge shown and no pair folded
    return pair_bundles(edges, np.ones(len(edges), dtype=bool), collapse_over=len(edges) + 1).lanes


def edge_geometry(
    pos: np.ndarray,
    edges: np.ndarray,
    lanes: np.ndarray,
    *,
    lane_gap: float,
    trim_start: np.ndarray | float = 0.0,
    trim_end: np.ndarray | float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Drawn start and end points of every edge, in data units.

    Parallel edges are shifted sideways by ``lane * lane_gap`` (the normal is taken from the
    lower node row to the higher one, so lanes of A->B and B->A do not collide); ends are pulled
    in by ``trim_start``/``trim_end`` so lines stop at the node's rim instead of its centre.
    """
    a, b, length, u, normal = chords(pos, edges)
    shift = normal * (lanes * lane_gap)[:, None]
    ts = np.broadcast_to(np.asarray(trim_start, dtype=np.float64), (len(edges),))
    te = np.broadcast_to(np.asarray(trim_end, dtype=np.float64), (len(edges),))
    # Never trim more than leaves a sliver of line between close nodes.
    room = np.maximum(length - 1e-9, 0.0)
    scale = np.where(ts + te > room, room / np.maximum(ts + te, 1e-12), 1.0)
    start = a + shift + u * (ts * scale)[:, None]
    end = b + shift - u * (te * scale)[:, None]
    return start, end


def arrowheads(start: np.ndarray, end: np.ndarray, *, length: float, width: float) -> np.ndarray:
    """Triangles (k, 3, 2) with their tip at ``end``, pointing along start -> end."""
    d = end - start
    norm = np.hypot(d[:, 0], d[:, 1])
    u = d / np.where(norm > 0, norm, 1.0)[:, None]
    L = np.minimum(length, norm * 0.6)[:, None]
    nrm = np.stack([-u[:, 1], u[:, 0]], axis=1)
    base = end - u * L
    half = (width / length) * L / 2
    return np.stack([end, base + nrm * half, base - nrm * half], axis=1)


def clip_segments(
    start: np.ndarray, end: np.ndarray, rect: tuple[float, float, float, float]
) -> tuple[np.ndarray, np.ndarray]:
    """Segments start[k]-end[k] cut to the box (x0, y0, x1, y1) (Liang-Barsky); NaN where a
    segment misses the box. A dashed line is dashed along its whole length, so a line running
    far beyond the view costs the painter as much as if it were all on screen."""
    x0, y0, x1, y1 = rect
    d = end - start
    t0 = np.zeros(len(start))
    t1 = np.ones(len(start))
    with np.errstate(divide="ignore", invalid="ignore"):
        for p, q in (
            (-d[:, 0], start[:, 0] - x0),
            (d[:, 0], x1 - start[:, 0]),
            (-d[:, 1], start[:, 1] - y0),
            (d[:, 1], y1 - start[:, 1]),
        ):
            r = q / p
            entering = p < 0
            leaving = p > 0
            t0 = np.where(entering, np.maximum(t0, r), t0)
            t1 = np.where(leaving, np.minimum(t1, r), t1)
            outside = (p == 0) & (q < 0)
            t1 = np.where(outside, -1.0, t1)
    miss = ~(t0 <= t1)
    a = start + d * t0[:, None]
    b = start + d * t1[:, None]
    a[miss] = np.nan
    b[miss] = np.nan
    return a, b
