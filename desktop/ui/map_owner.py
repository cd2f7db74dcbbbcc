"""The Qt owner of the map session: holds :class:`MapSession` and the layout worker, and
announces what changed with targeted signals (STYLE habits 2 and 10).

Widgets never ask each other about the map: they ask ``owner.session`` and listen here. Each
session call returns a :class:`MapUpdate`; :meth:`MapOwner.publish` turns it into the few
signals that concern it (a dropped actor is ``sigActorsRestyled`` of one row, not a reload).
Edits arrive as ``(change, initiator)`` pairs (Anki's ``operation_did_execute``): the session
catches up first, then ``sigChanged`` passes the pair on to the docks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

import numpy as np
from PySide6.QtCore import QObject, Signal

from desktop.graph.layout import MapLayout, pack_map
from desktop.graph.scene import SceneFilter
from desktop.graph.session import MapSession, MapUpdate
from desktop.model import Change, RelmapError, Repository
from desktop.ui.layout_worker import LayoutWorker


class FitFill(Protocol):
    """GraphView.fit_fill's shape: (stretch, share) of the fitted map at ``positions`` (by
    default the session's)."""

    def __call__(self, positions: np.ndarray | None = None, /) -> tuple[float, float]: ...


def _fills_view(positions: np.ndarray | None = None, /) -> tuple[float, float]:
    """Until a view says otherwise, any map fills it."""
    return (1.0, 1.0)


# A fitted map this much (log) wider or taller than the view is packed again; tries at it.
_STRETCH_TOLERANCE = 0.08
_STRETCH_TRIES = 4


class MapOwner(QObject):
    """One per window: the session, the live layout, and the signals the view and docks follow."""

    sigSceneReset = Signal()  # rows renumbered: everything that shows the map redraws
    sigVisibilityChanged = Signal()  # the filter keeps other rows (session.shown)
    sigPositionsChanged = Signal(object)  # tuple of moved actor rows, or None for every row
    sigActorsRestyled = Signal(object)  # tuple of actor rows whose name, kind or pin changed
    sigSelectionChanged = Signal(object)  # the new Selection
    # what the status bar counts changed; True: the workspace's totals may differ too (an
    # edit, an import), False: only what the filter keeps (a time window sliding)
    sigCountsChanged = Signal(bool)
    sigChanged = Signal(object, object)  # (Change, initiator), once the session has caught up
    sigLayoutRunning = Signal(bool)
    sigLayoutProgress = Signal(float)  # a frame of a running layout, progress 0..1
    sigLayoutFinished = Signal(bool)  # True when it settled, False when stopped

    def __init__(self, repo: Repository, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.session = MapSession(repo)
        self.layout_worker = LayoutWorker(self)
        self.layout_paused = False
        #: the view's size in pixels, or None while it is not shown: a fresh layout packs the
        #: map's parts for its shape (desktop.graph.layout.layout); the window sets it
        self.view_px: Callable[[], tuple[float, float] | None] = lambda: None
        #: (stretch, share) of the map as Fit to View would show it (GraphView.fit_fill): a
        #: packing is made taller or wider until the fitted map fills the view
        self.fit_fill: FitFill = _fills_view
        self._dragging: int | None = None  # actor row held by the pointer: layout frames leave it
        self._resume_after_drag = False
        w = self.layout_worker
        w.sigFrame.connect(self._on_layout_frame)
        w.sigFinished.connect(self._on_layout_finished)
        w.sigRunningChanged.connect(self.sigLayoutRunning)

    # ------------------------------------------------------------------ publishing
    def publish(self, update: MapUpdate) -> MapUpdate:
        """Emit the signals ``update`` calls for, biggest first (a reset covers the rest)."""
        if update.scene:
            self.sigSceneReset.emit()
        else:
            if update.visibility:
                self.sigVisibilityChanged.emit()
            if update.moved is None or update.moved:
                self.sigPositionsChanged.emit(update.moved)
            if update.restyled:
                self.sigActorsRestyled.emit(update.restyled)
        if update.selection:
            self.sigSelectionChanged.emit(self.session.selection)
        if update.counts or update.scene or update.visibility:
            self.sigCountsChanged.emit(update.counts or update.scene)
        return update

    # ------------------------------------------------------------------ the session's verbs
    def reload(self, *, keep: frozenset[int] = frozenset()) -> MapUpdate:
        """Rebuild the map from the workspace; place actors that have no position yet."""
        if self.layout_worker.is_running():
            self.layout_worker.stop()
            self.save_positions(except_ids=keep)
        update = self.publish(self.session.reload(keep=keep))
        self._layout_unplaced()
        return update

    def set_filter(self, flt: SceneFilter) -> MapUpdate:
        return self.publish(self.session.set_filter(flt))

    def show_unlinked(self, on: bool) -> MapUpdate:
        """View > Show Unlinked Actors: a fresh map is packed again, with its tray or without,
        so what is drawn takes the view's shape."""
        update = self.publish(self.session.show_unlinked(on))
        if update:
            self.repack_for_view(force=True)
        return update

    def select_actor(self, actor_id: int | None) -> MapUpdate:
        return self.publish(self.session.select_actor(actor_id))

    def select_relationship(self, rel_id: int | None, *, anchor: int | None = None) -> MapUpdate:
        return self.publish(self.session.select_relationship(rel_id, anchor=anchor))

    def select_article(self, article_id: int | None) -> MapUpdate:
        """Light up an article's story (its actors and relationships), dim the rest; None clears."""
        return self.publish(self.session.select_article(article_id))

    def clear_selection(self) -> MapUpdate:
        return self.publish(self.session.clear_selection())

    def step_relationship(self, step: int = 1) -> MapUpdate:
        return self.publish(self.session.step_relationship(step))

    def apply_change(self, change: Change, initiator: object = None) -> None:
        """The workspace changed (an edit, an undo, an import): update the map, then tell the
        docks with who started it."""
        if not change:
            return
        s = self.session
        structural = bool(change.relationships or change.relation_types or change.actor_kinds) or not all(
            a in s.scene.row_of_actor for a in change.actors
        )
        if structural and self.layout_worker.is_running():
            # the running layout's frames are for the old rows: keep what it reached
            self.layout_worker.stop()
            self.save_positions(except_ids=change.actors | change.layout)
        update = self.publish(s.apply_change(change))
        if update.scene:
            self._layout_unplaced()
        self.sigChanged.emit(change, initiator)

    # ------------------------------------------------------------------ dragging
    def drag_started(self, actor_id: int) -> None:
        """The pointer took hold of an actor: a running layout pauses until the drop."""
        self._dragging = self.session.scene.row_of_actor.get(actor_id)
        self._resume_after_drag = self.layout_worker.is_running()
        if self._resume_after_drag:
            self.layout_worker.stop()
            self.save_positions()

    def drag_moved(self, actor_id: int, x: float, y: float) -> None:
        self.publish(self.session.move_actor(actor_id, x, y))

    def drop(self, actor_id: int, x: float, y: float, *, edits, initiator: object = None) -> None:  # noqa: ANN001
        """The actor was let go at (x, y): store it there, pinned, as one undoable step."""
        self.publish(self.session.move_actor(actor_id, x, y))
        self._dragging = None
        edits.move_actors({actor_id: (x, y)}, {actor_id: True}, initiator=initiator)
        if self._resume_after_drag and not self.layout_paused:
            self.start_layout()
        self._resume_after_drag = False

    # ------------------------------------------------------------------ live layout
    def _layout_unplaced(self) -> None:
        s = self.session
        missing = s.unplaced()
        if len(missing):
            self.start_layout(fresh=len(missing) == s.scene.n)

    def start_layout(self, *, fresh: bool = False) -> None:
        """Run the layout from the current positions (``fresh``: from scratch; pinned actors stay)."""
        s = self.session.scene
        if s.n == 0:
            return
        pos = self.session.positions.copy()
        if fresh:
            pos[~s.pinned] = np.nan
        self.layout_paused = False
        # Packed for the view's shape, so a fresh map fills it (desktop.graph.layout.layout).
        self.layout_worker.start(
            s.edges,
            s.n,
            pos=pos,
            pinned=s.pinned,
            names=s.names,
            view_px=self.view_px(),
            show_isolated=self.session.unlinked_shown(),
        )

    def pause_layout(self, paused: bool) -> None:
        """Pause (keep what the layout reached) or resume it."""
        if paused:
            self.layout_paused = True
            if self.layout_worker.is_running():
                self.layout_worker.stop()
                self.save_positions()
        else:
            self.layout_paused = False
            self.start_layout()

    def _hold(self) -> tuple[int, ...]:
        return () if self._dragging is None else (self._dragging,)

    def _on_layout_frame(self, pos: np.ndarray, progress: float) -> None:
        if self.publish(self.session.set_positions(pos, hold=self._hold())):
            self.sigLayoutProgress.emit(progress)

    def _on_layout_finished(self, pos: np.ndarray, settled: bool) -> None:
        if len(pos) != self.session.scene.n:
            return
        self.session.set_positions(pos, hold=self._hold())
        self.repack_for_view(save=False)
        self.publish(MapUpdate(moved=None))
        self.save_positions()
        self.sigLayoutFinished.emit(settled)

    def repack_for_view(self, *, save: bool = True, force: bool = False) -> None:
        """A fresh map is packed for the view's shape when its layout started (before the
        window was shown, often): if the view has changed shape since (or ``force``: the tray
        of unlinked actors was shown or hidden), pack it again.

        Names take room in pixels that a packing in data units does not see (at 1024x700 the
        15-article map came out a wide band with a fifth of the view empty above and below):
        the packing is made taller or wider, a few times, until the fitted map fills the view.
        """
        done, s = self.layout_worker.result, self.session.scene
        view_px = self.view_px()
        if (
            view_px is None
            or self.layout_worker.is_running()
            or len(self.session.positions) != s.n
            or not np.isfinite(self.session.positions).all()
        ):
            return
        view_px = (max(view_px[0], 100.0), max(view_px[1], 100.0))
        if not force:
            if done is None or not done.packed:
                return
            # The shape decides the packing, the size how much room tray names need.
            if (
                np.abs(np.log(np.divide(view_px, done.view_px))).max() <= 0.15
                and abs(np.log(self.fit_fill()[0])) <= _STRETCH_TOLERANCE
            ):
                return
        before = self.session.positions.copy()
        best: tuple[float, MapLayout] | None = None
        stretch = 1.0
        for _ in range(_STRETCH_TRIES):
            packed = pack_map(
                before,
                s.edges,
                pinned=s.pinned,
                names=s.names,
                view_px=(view_px[0], view_px[1] * stretch),
                show_isolated=self.session.unlinked_shown(),
            )
            k, share = self.fit_fill(packed.positions)
            if best is None or share > best[0] + 1e-6:
                best = (share, packed)
            if abs(np.log(k)) <= _STRETCH_TOLERANCE:
                break
            stretch = float(np.clip(stretch * k, 0.4, 2.5))
        assert best is not None
        self.layout_worker.result = replace(best[1], view_px=view_px)
        update = self.session.set_positions(best[1].positions)
        if save:
            self.publish(update)
            self.save_positions()

    def save_positions(self, *, except_ids: frozenset[int] = frozenset()) -> None:
        """Store where every actor is drawn (not an undo step), so a reopened workspace looks the same."""
        if self.repo.read_only:
            return  # a workspace that may not be written: the map keeps its places on screen only
        positions = self.session.placed_positions(except_ids=except_ids)
        if positions:
            self.repo.set_positions(positions)

    def shutdown(self) -> None:
        """The window is closing: stop the layout, keeping what it reached."""
        running = self.layout_worker.is_running()
        self.layout_worker.shutdown()
        if running:
            try:
                self.save_positions()
            except RelmapError:
                pass
