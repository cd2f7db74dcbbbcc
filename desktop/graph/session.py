"""The map a user looks at, as one Qt-free object: scene, positions, filter and selection.

:class:`MapSession` is the single home of the state the main window, the graph view and the
docks share (STYLE habit 10, after napari's ``ViewerModel``): the scene built from the
workspace, ONE array of where every actor is drawn, the filter the user chose and what it
keeps, and the selection. Every method is plain Python over the repository, so a test drives
it without a QApplication; each returns a :class:`MapUpdate` saying what it changed, and the
ui owner (``desktop.ui.map_owner``) turns that into targeted signals, so a moved actor
redraws one actor and a rename one row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from desktop.graph.layout import hide_isolated_by_default
from desktop.graph.scene import (
    FilterResult,
    GraphScene,
    SceneFilter,
    actor_relationships,
    apply_filter,
    find_actor,
    load_scene,
    scene_from_rows,
)
from desktop.graph.timeline import REPORTED, TimeIndex, time_index, window_mask
from desktop.model import Change, NotFoundError, Repository

__all__ = ["MapSession", "MapUpdate", "Selection"]


@dataclass(frozen=True)
class Selection:
    """What the user picked: one actor, one relationship or one article (never two of them).

    ``anchor`` is the actor whose relationships Tab steps through; it stays while Tab moves
    the selection from one of its relationships to the next. An ``article`` chosen in the
    Articles dock highlights its story: its relationships and their actors, and the actors
    it names.
    """

    actor: int | None = None
    relationship: int | None = None
    anchor: int | None = None
    article: int | None = None

    def __bool__(self) -> bool:
        return self.actor is not None or self.relationship is not None or self.article is not None


@dataclass(frozen=True)
class MapUpdate:
    """What one call on the session changed, so each listener redraws only that.

    ``moved`` holds actor rows whose position changed, or None when every row may have moved
    (a layout frame); ``restyled`` rows whose name, kind, pin or aliases changed.
    """

    scene: bool = False  # the scene was rebuilt: rows are renumbered, everything redraws
    visibility: bool = False  # the filter keeps other actors or relationships now
    moved: tuple[int, ...] | None = ()
    restyled: tuple[int, ...] = ()
    selection: bool = False
    counts: bool = False  # the workspace's totals may differ (status bar)

    def __bool__(self) -> bool:
        return bool(
            self.scene
            or self.visibility
            or self.moved is None
            or self.moved
            or self.restyled
            or self.selection
            or self.counts
        )

    def __or__(self, other: MapUpdate) -> MapUpdate:
        moved = None if self.moved is None or other.moved is None else tuple(sorted({*self.moved, *other.moved}))
        return MapUpdate(
            scene=self.scene or other.scene,
            visibility=self.visibility or other.visibility,
            moved=moved,
            restyled=tuple(sorted({*self.restyled, *other.restyled})),
            selection=self.selection or other.selection,
            counts=self.counts or other.counts,
        )


def _empty_scene() -> GraphScene:
    return scene_from_rows([], [])


@dataclass
class _Versions:
    """Counters that go up when a part of the session changes: caches key on them."""

    scene: int = 0
    actors: int = 0  # names, kinds or aliases of some actors (rows stay)
    pins: int = 0  # which actors are pinned
    positions: int = 0
    visibility: int = 0
    selection: int = 0


@dataclass
class MapSession:
    """Scene, positions, filter and selection of one workspace's map, with plain methods.

    ``positions`` is the only array of where actors are drawn: the layout writes its frames
    into it, a drag moves one row of it, the view reads it, and saving stores it.
    """

    repo: Repository | None = None
    scene: GraphScene = field(default_factory=_empty_scene)
    positions: np.ndarray = field(default_factory=lambda: np.empty((0, 2)))
    filter: SceneFilter = field(default_factory=SceneFilter)
    shown: FilterResult = field(default_factory=lambda: FilterResult(np.zeros(0, bool), np.zeros(0, bool)))
    selection: Selection = field(default_factory=Selection)
    #: the view range (x, y, width, height) the user had before a neighbourhood or a path
    #: zoomed the map in on it; put back when that filter is switched off
    view_before_focus: tuple[float, float, float, float] | None = None
    versions: _Versions = field(default_factory=_Versions)
    #: View > Show Unlinked Actors as the user set it; None until they do: then unlinked
    #: actors show up to ISOLATED_SHOWN_UP_TO of them (hide_isolated_by_default)
    unlinked_choice: bool | None = None
    _time: tuple | None = field(default=None, repr=False)  # (scene version, TimeIndex)
    _dated: tuple | None = field(default=None, repr=False)  # (scene version, axis, window, edge mask)
    _story: tuple | None = field(default=None, repr=False)  # (scene version, article, node rows, edge rows)
    _focus: tuple | None = field(default=None, repr=False)
    _order: tuple | None = field(default=None, repr=False)
    _evidence: tuple | None = field(default=None, repr=False)

    # ------------------------------------------------------------------ loading
    @property
    def _workspace(self) -> Repository:
        """The workspace, for what only a session opened on one can do (reload, moves, search)."""
        if self.repo is None:
            raise RuntimeError("a session without a workspace shows scenes given to show()")
        return self.repo

    def reload(self, *, keep: Iterable[int] = ()) -> MapUpdate:
        """Rebuild the scene from the workspace. Positions already on the map win over stored
        ones (the layout may not have saved its last frame), except for actors in ``keep``
        (just moved or restored by an edit), which take what the workspace says."""
        return self.show(load_scene(self._workspace), keep=keep)

    def show(self, scene: GraphScene, *, keep: Iterable[int] = ()) -> MapUpdate:
        """Show ``scene`` (built from the workspace, or by a test or bench); see :meth:`reload`."""
        keep = frozenset(int(k) for k in keep)
        old, old_pos = self.scene, self.positions
        pos = scene.pos.copy()
        if old.n and len(old_pos):
            new_ids = scene.actor_ids
            old_rows = np.array([old.row_of_actor.get(int(a), -1) for a in new_ids], dtype=np.int64)
            take = old_rows >= 0
            if keep:
                take &= ~np.isin(new_ids, np.fromiter(keep, dtype=np.int64, count=len(keep)))
            carried = np.full((scene.n, 2), np.nan)
            carried[take] = old_pos[old_rows[take]]
            take &= np.isfinite(carried).all(axis=1)
            pos[take] = carried[take]
        self.scene = scene
        self.positions = pos
        self._dated = self._time = self._story = None
        self.versions.scene += 1
        self.versions.positions += 1
        self.shown = self._apply_filter()
        self.versions.visibility += 1
        sel = self.selection
        if (sel.actor is not None and sel.actor not in scene.row_of_actor) or (
            sel.relationship is not None and sel.relationship not in scene.row_of_relationship
        ):
            self.selection = Selection()
        if sel.anchor is not None and sel.anchor not in scene.row_of_actor:
            self.selection = Selection(self.selection.actor, self.selection.relationship, None, self.selection.article)
        self.versions.selection += 1
        return MapUpdate(scene=True, visibility=True, moved=None, selection=True, counts=True)

    def unplaced(self) -> np.ndarray:
        """Rows of actors with no position yet (the layout has to place them)."""
        return np.flatnonzero(~np.isfinite(self.positions).all(axis=1))

    # ------------------------------------------------------------------ filter
    def set_filter(self, flt: SceneFilter) -> MapUpdate:
        """Draw only what ``flt`` keeps (positions stay: the map keeps its shape). A selected
        relationship the filter hides is unselected."""
        self.filter = flt
        self.shown = self._apply_filter()
        self.versions.visibility += 1
        update = MapUpdate(visibility=True)
        rel = self.selection.relationship
        if rel is not None:
            k = self.scene.row_of_relationship.get(rel)
            if k is None or not self.shown.edges[k]:
                update = update | self.clear_selection()
        return update

    def unlinked_shown(self) -> bool:
        """Whether actors without any relationship are drawn (in the tray at the map's edge)."""
        if self.unlinked_choice is not None:
            return self.unlinked_choice
        return not hide_isolated_by_default(self.unlinked_count())

    def unlinked_count(self) -> int:
        """How many actors have no relationship at all."""
        return int((self.scene.degree == 0).sum())

    def show_unlinked(self, on: bool) -> MapUpdate:
        """View > Show Unlinked Actors: draw the actors without relationships, or leave them
        out (past 30 of them they crowd the map, so they start hidden)."""
        before = self.unlinked_shown()
        self.unlinked_choice = bool(on)
        if before == self.unlinked_shown():
            return MapUpdate()
        self.shown = self._apply_filter()
        self.versions.visibility += 1
        return MapUpdate(visibility=True)

    def focusing(self) -> bool:
        """Whether the filter narrows the map to a neighbourhood or a path (the view zooms in)."""
        return self.filter.focus_actor is not None or self.filter.path is not None

    def _apply_filter(self) -> FilterResult:
        """apply_filter with the exact set of relationships the time window keeps."""
        flt = self.filter
        mask = None
        if flt.date_from is not None or flt.date_to is not None:
            mask = self.window_mask(flt.date_axis, flt.date_from, flt.date_to)
        shown = apply_filter(self.scene, flt, date_mask=mask)
        if not self.unlinked_shown() and self.scene.n:
            unlinked = self.scene.degree == 0
            if flt.focus_actor is not None and flt.focus_actor in self.scene.row_of_actor:
                unlinked[self.scene.row_of_actor[flt.focus_actor]] = False  # asked for by name
            shown = FilterResult(shown.nodes & ~unlinked, shown.edges, shown.path_found, shown.message)
        return shown

    def time_index(self) -> TimeIndex:
        """The dates of the scene's relationships (article dates of their excerpts, valid-from
        and valid-to), read once per scene. A session without a workspace knows only the
        first and last article date of each relationship (``GraphScene.first_published``)."""
        v = self.versions.scene
        if self._time is not None and self._time[0] == v:
            return self._time[1]
        s = self.scene
        if self.repo is not None:
            evidence, validity = self.repo.time_rows()
            ids = s.rel_ids
            order = np.argsort(ids, kind="stable")
            sorted_ids = ids[order]

            def rows_of(rel_ids: list[int]) -> np.ndarray:
                if not len(sorted_ids):
                    return np.full(len(rel_ids), -1, dtype=np.int64)
                a = np.asarray(rel_ids, dtype=np.int64)
                at = np.clip(np.searchsorted(sorted_ids, a), 0, len(sorted_ids) - 1)
                return np.where(sorted_ids[at] == a, order[at], -1)

            ev_rows = rows_of([r for r, _ in evidence])
            va_rows = rows_of([r for r, _, _ in validity])
            index = time_index(
                s.m,
                ((int(k), d) for k, (_, d) in zip(ev_rows, evidence) if k >= 0),
                ((int(k), a, b) for k, (_, a, b) in zip(va_rows, validity) if k >= 0),
            )
        else:
            index = time_index(
                s.m,
                (
                    (k, d.isoformat())
                    for k, pair in enumerate(zip(s.first_published, s.last_published))
                    for d in sorted({d for d in pair if d is not None})
                ),
            )
        self._time = (v, index)
        return index

    def window_mask(self, axis: str, first: date | None, last: date | None) -> np.ndarray:
        """(m,) the relationships a time window keeps (kept for the last window asked)."""
        key = (self.versions.scene, axis, first, last)
        if self._dated is not None and self._dated[0] == key:
            return self._dated[1]
        mask = window_mask(self.time_index(), axis, first, last)
        self._dated = (key, mask)
        return mask

    def path_edges(self) -> np.ndarray:
        """Edge rows of the shortest path being shown (empty unless one is)."""
        return np.flatnonzero(self.shown.edges) if self.shown.path_found else np.empty(0, dtype=np.int64)

    def date_span(self, axis: str = REPORTED) -> tuple[date, date] | None:
        """First and last day anything is dated on ``axis`` (article dates by default), or None."""
        span = self.time_index().span(axis)
        return (date.fromordinal(span[0]), date.fromordinal(span[1])) if span else None

    # ------------------------------------------------------------------ selection
    def select_actor(self, actor_id: int | None) -> MapUpdate:
        """Select an actor (None clears); Tab then walks its relationships."""
        if actor_id is None or actor_id not in self.scene.row_of_actor:
            return self.clear_selection()
        return self._select(Selection(actor=actor_id, anchor=actor_id))

    def select_relationship(self, rel_id: int | None, *, anchor: int | None = None) -> MapUpdate:
        """Select a relationship (None clears); ``anchor`` keeps Tab on one actor's relationships."""
        if rel_id is None or rel_id not in self.scene.row_of_relationship:
            return self.clear_selection()
        return self._select(Selection(relationship=rel_id, anchor=anchor))

    def select_article(self, article_id: int | None) -> MapUpdate:
        """Highlight an article's story on the map (None clears)."""
        if article_id is None:
            return self.clear_selection()
        return self._select(Selection(article=int(article_id)))

    def clear_selection(self) -> MapUpdate:
        return self._select(Selection())

    def story(self, article_id: int) -> tuple[np.ndarray, np.ndarray]:
        """Node rows and edge rows of an article's story (see :class:`Selection`), all of
        them, drawn or not."""
        v = self.versions.scene
        if self._story is not None and self._story[:2] == (v, article_id):
            return self._story[2], self._story[3]
        s = self.scene
        actors, rels = self.repo.article_story(article_id) if self.repo is not None else (set(), set())
        nodes = np.array(sorted(s.row_of_actor[a] for a in actors if a in s.row_of_actor), dtype=np.int64)
        edges = np.array(sorted(s.row_of_relationship[r] for r in rels if r in s.row_of_relationship), dtype=np.int64)
        self._story = (v, article_id, nodes, edges)
        return nodes, edges

    def _select(self, selection: Selection) -> MapUpdate:
        if selection == self.selection:
            return MapUpdate()
        self.selection = selection
        self.versions.selection += 1
        return MapUpdate(selection=True)

    def step_relationship(self, step: int = 1) -> MapUpdate:
        """Tab: select the next (Shift+Tab: previous) drawn relationship of the anchor actor."""
        s, sel = self.scene, self.selection
        anchor = sel.anchor
        if anchor is None and sel.relationship is not None:
            k = s.row_of_relationship.get(sel.relationship)
            anchor = int(s.actor_ids[s.edges[k, 0]]) if k is not None else None
        if anchor is None or anchor not in s.row_of_actor:
            return MapUpdate()
        rows = actor_relationships(s, s.row_of_actor[anchor], edge_mask=self.shown.edges)
        if not rows:
            return MapUpdate()
        current = s.row_of_relationship.get(sel.relationship) if sel.relationship is not None else None
        if current in rows:
            nxt = rows[(rows.index(current) + step) % len(rows)]
        else:
            nxt = rows[0] if step > 0 else rows[-1]
        return self.select_relationship(int(s.rel_ids[nxt]), anchor=anchor)

    def focus(self) -> tuple[np.ndarray, np.ndarray]:
        """Node rows and edge rows kept bright around the selection (empty: nothing dimmed)."""
        key = (self.versions.scene, self.versions.visibility, self.versions.selection)
        if self._focus is not None and self._focus[0] == key:
            return self._focus[1]
        s, sel = self.scene, self.selection
        nodes = edges = np.empty(0, dtype=np.int64)
        if sel.actor is not None and sel.actor in s.row_of_actor:
            row = s.row_of_actor[sel.actor]
            if s.m:
                touching = self.shown.edges & ((s.edges[:, 0] == row) | (s.edges[:, 1] == row))
                edges = np.flatnonzero(touching)
            nodes = np.unique(np.concatenate([[row], s.edges[edges].ravel()])).astype(np.int64)
        elif sel.relationship is not None and sel.relationship in s.row_of_relationship:
            k = s.row_of_relationship[sel.relationship]
            edges = np.array([k], dtype=np.int64)
            nodes = s.edges[k].astype(np.int64)
        elif sel.article is not None:
            story_nodes, story_edges = self.story(sel.article)
            edges = story_edges[self.shown.edges[story_edges]] if len(story_edges) else story_edges
            nodes = story_nodes[self.shown.nodes[story_nodes]] if len(story_nodes) else story_nodes
            if len(nodes) == 0 and len(edges) == 0:
                # nothing of it is drawn: dim nothing rather than the whole map
                nodes = edges = np.empty(0, dtype=np.int64)
        self._focus = (key, (nodes, edges))
        return nodes, edges

    def selected_actor_row(self) -> int | None:
        a = self.selection.actor
        return self.scene.row_of_actor.get(a) if a is not None else None

    def selected_relationship_row(self) -> int | None:
        r = self.selection.relationship
        return self.scene.row_of_relationship.get(r) if r is not None else None

    # ------------------------------------------------------------------ positions
    def set_positions(self, pos: np.ndarray, *, hold: Iterable[int] = ()) -> MapUpdate:
        """Every actor's position at once (a layout frame); rows in ``hold`` (an actor being
        dragged) keep theirs."""
        pos = np.asarray(pos, dtype=np.float64).reshape(-1, 2)
        if len(pos) != self.scene.n:
            return MapUpdate()
        held = [r for r in hold if 0 <= r < len(pos)]
        new = pos.copy()
        if held:
            new[held] = self.positions[held]
        self.positions = new
        self.versions.positions += 1
        return MapUpdate(moved=None)

    def move_actor(self, actor_id: int, x: float, y: float) -> MapUpdate:
        """Draw one actor at (x, y) (a drag step; storing it is the edit's job)."""
        row = self.scene.row_of_actor.get(actor_id)
        if row is None:
            return MapUpdate()
        self.positions[row] = (x, y)
        self.versions.positions += 1
        return MapUpdate(moved=(row,))

    def placed_positions(self, *, except_ids: Iterable[int] = ()) -> dict[int, tuple[float, float]]:
        """``{actor id: (x, y)}`` of every placed actor (what saving the layout stores)."""
        skip = set(except_ids)
        ok = np.flatnonzero(np.isfinite(self.positions).all(axis=1))
        ids = self.scene.actor_ids
        return {
            int(ids[i]): (float(self.positions[i, 0]), float(self.positions[i, 1]))
            for i in ok
            if int(ids[i]) not in skip
        }

    # ------------------------------------------------------------------ changes
    def apply_change(self, change: Change) -> MapUpdate:
        """Bring the map up to date with what ``change`` says the workspace changed.

        Moves and pins touch only those rows; renames and other edits of known actors patch
        their rows; anything that adds, removes or relinks actors or relationships rebuilds the
        scene (positions on the map are kept).
        """
        if not change:
            return MapUpdate()
        s = self.scene
        # a type or a kind restyles every line or symbol of it: read the scene again
        structural = bool(change.relationships or change.relation_types or change.actor_kinds)
        actors = change.actors
        if not structural and actors and not all(a in s.row_of_actor for a in actors):
            structural = True  # a new actor: rows to add
        if structural:
            return self.reload(keep=actors | change.layout)
        update = MapUpdate()
        if change.layout:
            update = update | self._patch_layout(change.layout)
        if actors:
            update = update | self._patch_actors(actors)
        if change.articles:
            update = update | MapUpdate(counts=True)
        return update

    def _patch_layout(self, actor_ids: frozenset[int]) -> MapUpdate:
        """Positions and pins of a few actors, read back from the workspace (a move or its undo)."""
        s = self.scene
        layout = self._workspace.actor_layout(actor_ids)
        moved, restyled = [], []
        for aid, (x, y, pinned) in layout.items():
            row = s.row_of_actor.get(aid)
            if row is None:
                continue
            if x is not None and y is not None:
                if not np.array_equal(self.positions[row], (x, y)):
                    moved.append(row)
                self.positions[row] = (x, y)
                s.pos[row] = (x, y)
            if bool(s.pinned[row]) != bool(pinned):
                s.pinned[row] = bool(pinned)
                restyled.append(row)
        if moved:
            self.versions.positions += 1
        if restyled:
            self.versions.pins += 1
        return MapUpdate(moved=tuple(moved), restyled=tuple(restyled))

    def _patch_actors(self, actor_ids: frozenset[int]) -> MapUpdate:
        """Names, kinds, aliases and pins of known actors, read again (a rename or an edit)."""
        s = self.scene
        rows = []
        records = []
        for aid in actor_ids:
            try:
                records.append(self._workspace.get_actor(aid))
            except NotFoundError:
                return self.reload()
        if any(a.kind != s.kinds[s.row_of_actor[a.id]] for a in records):
            # another kind may add a legend entry (or leave one with nobody): read the map again
            return self.reload()
        for a in records:
            i = s.row_of_actor[a.id]
            s.names[i], s.kinds[i], s.aliases[i] = a.name, a.kind, tuple(a.aliases)
            s.pinned[i] = a.pinned
            rows.append(i)
        self.versions.actors += 1
        self.versions.pins += 1  # names and kinds feed the find list and the names on the map
        return MapUpdate(restyled=tuple(sorted(rows)))

    # ------------------------------------------------------------------ questions
    def find(self, text: str) -> int | None:
        """Actor id for a name or alias the user typed: exact alias, then prefix/substring of
        names and aliases, then the workspace's full-text search; None if nothing matches."""
        s = self.scene
        if not text.strip():
            return None
        exact = self._workspace.find_actor(text)
        if exact is not None and exact.id in s.row_of_actor:
            return exact.id
        row = find_actor(s, text)
        if row is not None:
            return int(s.actor_ids[row])
        for a in self._workspace.search(text, limit=5).actors:
            if a.id in s.row_of_actor:
                return a.id
        return None

    def actor_evidence(self) -> np.ndarray:
        """Excerpts behind each actor's relationships (n,): the last tie-break of name priority."""
        s = self.scene
        if self._evidence is not None and self._evidence[0] == self.versions.scene:
            return self._evidence[1]
        total = np.zeros(s.n, dtype=np.int64)
        if s.m:
            np.add.at(total, s.edges[:, 0], s.evidence_count)
            np.add.at(total, s.edges[:, 1], s.evidence_count)
        self._evidence = (self.versions.scene, total)
        return total

    def label_order(self) -> np.ndarray:
        """Drawn, placed actor rows in the order their names claim room: the selected actor,
        then the rest of the selection's neighbourhood, then by relationships, then by
        excerpts (issue 12: a name that has to give way is a less connected one)."""
        v = self.versions
        key = (v.scene, v.visibility, v.selection, v.positions, v.actors)
        if self._order is not None and self._order[0] == key:
            return self._order[1]
        s = self.scene
        rows = (
            np.flatnonzero(self.shown.nodes & np.isfinite(self.positions).all(axis=1))
            if s.n
            else np.empty(0, dtype=np.int64)
        )
        if len(rows):
            focus_nodes, _ = self.focus()
            focus = np.isin(rows, focus_nodes)
            sel = self.selected_actor_row()
            first = rows == sel if sel is not None else np.zeros(len(rows), dtype=bool)
            order = np.lexsort((rows, -self.actor_evidence()[rows], -s.degree[rows], ~focus, ~first))
            rows = rows[order]
        self._order = (key, rows)
        return rows

    def export_state(self) -> dict:
        """What File > Export… needs to draw what the map shows now (keyword arguments of the
        export dialog, except the visible area, which is the view's)."""
        s, flt = self.scene, self.filter
        return {
            "positions": self.placed_positions(),
            "visible_types": sorted(flt.types) if flt.types is not None else None,
            "visible_statuses": sorted(flt.statuses),
            "date_from": flt.date_from,
            "date_to": flt.date_to,
            "date_axis": flt.date_axis,
            "visible_actor_ids": s.actor_ids[self.shown.nodes].tolist() if s.n else [],
            "visible_relationship_ids": s.rel_ids[self.shown.edges].tolist() if s.m else [],
        }
