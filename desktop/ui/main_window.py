"""The main window: the live evidence graph in the middle, docks for evidence, actor, articles,
proposals and filters around it; menus, toolbar, status bar; undo/redo for every edit.

The window builds the docks, menus and toolbar and wires them; the map's state lives in one
:class:`~desktop.graph.session.MapSession`, held with the layout worker by a
:class:`~desktop.ui.map_owner.MapOwner` whose targeted signals the view and the docks follow.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QByteArray, QEvent, QModelIndex, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QWidget,
)

from desktop import __version__
from desktop.graph.actor_search import ActorIndex
from desktop.graph.scene import GraphScene, SceneFilter
from desktop.graph.session import Selection
from desktop.model import (
    Change,
    NotFoundError,
    RelmapError,
    Repository,
    location_available,
    location_title,
    normal_location,
)
from desktop.paths import WORKSPACE_SUFFIX, user_data_dir
from desktop.ui.actor_panel import ActorPanel
from desktop.ui.actor_picker import NAME_ROLE, ActorPicker
from desktop.ui.articles_panel import ArticlesPanel
from desktop.ui.editing import EditController
from desktop.ui.evidence_panel import EvidencePanel
from desktop.ui.filter_panel import FilterPanel
from desktop.ui.graph_view import GraphView
from desktop.ui.history_panel import HistoryPanel
from desktop.ui.live import LiveChanges
from desktop.ui.map_owner import MapOwner
from desktop.ui.map_time import TimeController
from desktop.ui.proposals_panel import ProposalsPanel
from desktop.ui.read_only import read_only_why
from desktop.ui.theme import current_theme

if TYPE_CHECKING:  # imported when first opened: startup does not pay for them
    from desktop.ui.export_dialog import ExportDialog
    from desktop.ui.import_dialog import ImportDialog

MAX_RECENT = 8
# Past this many actors the names wait until a moving layout has settled.
LABELS_DURING_LAYOUT_MAX = 300
# How often an idle window asks whether another program committed (one PRAGMA): well inside
# the 2 s in which another program's import should show, with room for a loaded machine.
OUTSIDE_POLL_MS = 500

log = logging.getLogger(__name__)


def ui_settings() -> QSettings:
    """Window state lives beside the user's workspaces (RELMAP_DATA_DIR moves both, e.g. in tests)."""
    folder = user_data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # QSettings then keeps the values in memory for this session
    return QSettings(str(folder / "relmap-ui.ini"), QSettings.Format.IniFormat)


# Narrower than this (px), the Filter dock is a tab beside the others rather than a column.
NARROW_WINDOW = 1250


class MainWindow(QMainWindow):
    """One open workspace. Asks the application to open another through ``sigOpenWorkspace``."""

    sigOpenWorkspace = Signal(str, bool)  # path, create (New…) rather than open
    sigLayoutSettled = Signal()

    def __init__(self, repo: Repository, *, settings: QSettings | None = None) -> None:
        super().__init__()
        self.repo = repo
        self.settings = settings or ui_settings()
        self.setObjectName("relmapMainWindow")
        self.setWindowTitle(f"{repo.title}{' (read-only)' if repo.read_only else ''} — Relmap")
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)
        screen = QApplication.primaryScreen()
        avail = screen.availableGeometry() if screen is not None else None
        # first start: most of the screen (the map needs room), later starts restore the saved size
        if avail is not None:
            self.resize(
                max(min(avail.width(), 1024), int(avail.width() * 0.92)),
                max(min(avail.height(), 700), int(avail.height() * 0.92)),
            )
        else:
            self.resize(1400, 900)
        self.theme = current_theme()
        self.undo_stack = QUndoStack(self)
        self.owner = MapOwner(repo, self)
        self.session = self.owner.session
        self.layout_worker = self.owner.layout_worker

        self.view = GraphView(self, session=self.session)
        self.setCentralWidget(self.view)
        self.owner.view_px = lambda: self.view.map_area_px() if self.view.isVisible() else None
        self.owner.fit_fill = self.view.fit_fill
        # The map paints first; what the docks list (the review queue, the articles, the Filter
        # dock's actors, Find's names, the time bar) is read after the map's first paint, so a big
        # workspace shows its map without waiting for them (issue 12: a 100,000-relationship
        # workspace has some 35,000 proposals to queue).
        self._after_paint: list[Callable[[], None]] | None = []
        self.view.viewport().installEventFilter(self)
        self.evidence_panel = EvidencePanel(repo)
        self.actor_panel = ActorPanel(repo)
        self.articles_panel = ArticlesPanel(repo, load=False)
        self.after_first_paint(self.articles_panel.refresh)
        self.filter_panel = FilterPanel()
        self.edit = self._make_edit_controller()
        # the review queue acts through the same undo stack and refreshes itself on every edit
        self.proposals_panel = ProposalsPanel(repo, edits=self.edit, load=False)
        self.after_first_paint(self.proposals_panel.refresh)
        # its rows are as tall as their wrapped text: measuring them all costs the first paint
        # some 20-70 ms on 15 articles, so the log is read after it too
        self.history_panel = HistoryPanel(repo, load=False)
        self.after_first_paint(self.history_panel.refresh)
        # other investigators' (and other programs') commits, as they land
        self.live = LiveChanges(repo, self)
        if repo.dialect == "sqlite":
            # on a file the outside-changes watcher (one PRAGMA a tick) drives it: one poller
            self.live.timer.stop()
        self._import_dialog: ImportDialog | None = None
        self._export_dialog: ExportDialog | None = None
        self.vocabulary_dialog = None  # Edit > Relationship Types… or Actor Kinds…, while open
        self.setAcceptDrops(True)
        self.time = TimeController(self)  # the time bar under the map

        self._build_docks()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._connect()
        self._restore_settings()
        self._remember_recent(repo.location)
        self._watch_outside_changes()
        self.reload_graph(fit=True)
        self._update_edit_actions()

    # ------------------------------------------------------------------ the map's state
    @property
    def scene(self) -> GraphScene:
        return self.session.scene

    @property
    def positions(self) -> np.ndarray:
        return self.session.positions

    @property
    def filter(self) -> SceneFilter:
        return self.session.filter

    @property
    def selected_actor(self) -> int | None:
        return self.session.selection.actor

    @property
    def selected_relationship(self) -> int | None:
        return self.session.selection.relationship

    # ------------------------------------------------------------------ construction
    def _make_edit_controller(self) -> EditController:
        controller = EditController(self.repo, self.undo_stack, self)
        controller.sigOperation.connect(self.owner.apply_change)
        controller.sigError.connect(lambda message: self.statusBar().showMessage(message, 8000))
        return controller

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        right = Qt.DockWidgetArea.RightDockWidgetArea
        self.evidence_dock = self._dock("Evidence", "evidenceDock", self.evidence_panel, right)
        self.actor_dock = self._dock("Actor", "actorDock", self.actor_panel, right)
        self.articles_dock = self._dock("Articles", "articlesDock", self.articles_panel, right)
        self.proposals_dock = self._dock("Proposals", "proposalsDock", self.proposals_panel, right)
        self.history_dock = self._dock("History", "historyDock", self.history_panel, right)
        self.filter_dock = self._dock("Filter", "filterDock", self.filter_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.splitDockWidget(self.evidence_dock, self.actor_dock, Qt.Orientation.Vertical)
        self.tabifyDockWidget(self.actor_dock, self.articles_dock)
        self.tabifyDockWidget(self.articles_dock, self.proposals_dock)
        self.tabifyDockWidget(self.proposals_dock, self.history_dock)
        self.actor_dock.raise_()
        # the lower group holds the review queue: it gets the taller share (six proposals and
        # their excerpt fit at 1024x700); an excerpt in the Evidence dock needs only a few lines
        self.resizeDocks([self.evidence_dock, self.actor_dock], [340, 540], Qt.Orientation.Vertical)
        self.resizeDocks(
            [self.evidence_dock], [int(min(400, max(320, self.width() * 0.33)))], Qt.Orientation.Horizontal
        )
        self.resizeDocks([self.filter_dock], [225], Qt.Orientation.Horizontal)
        if self.width() < NARROW_WINDOW:
            # On a small screen the map needs the width more than the filters need a column.
            self.tabifyDockWidget(self.proposals_dock, self.filter_dock)
            self.actor_dock.raise_()
        self._dock_room_timer = QTimer(self, singleShot=True, interval=0)
        self._dock_room_timer.timeout.connect(self._give_map_room)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        old = event.oldSize().width()
        if 0 < event.size().width() < old:
            self._dock_room_timer.start()

    def _give_map_room(self) -> None:
        """The window was made narrower: the docks give way so the map keeps most of the width.
        Qt takes a narrowing out of the map alone, so a window opened at 1600 px and shrunk to
        1024 kept 625 px of docks and a map of 400. Each side's docks are held to a share of
        the width (a third on the right, a fifth on the left, never below what their panels
        need), and below NARROW_WINDOW a Filter dock alone on the left joins the right group as
        a tab, as it does in a window opened that narrow. Widening leaves the docks alone."""
        w = self.width()
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        f = self.filter_dock
        if (
            w < NARROW_WINDOW
            and f.isVisible()
            and not f.isFloating()
            and self.dockWidgetArea(f) == left
            and not self.tabifiedDockWidgets(f)
            and self.dockWidgetArea(self.proposals_dock) == right
            and not self.proposals_dock.isFloating()
        ):
            self.tabifyDockWidget(self.proposals_dock, f)
            self.actor_dock.raise_()
        for area, share, least in ((right, 0.33, 280), (left, 0.2, 190)):
            docks = [
                d
                for d in self.findChildren(QDockWidget)
                if d.isVisible() and not d.isFloating() and self.dockWidgetArea(d) == area
            ]
            cap = int(max(least, share * w))
            wide = [d for d in docks if d.width() > cap]
            if wide:
                self.resizeDocks(wide, [cap] * len(wide), Qt.Orientation.Horizontal)

    def _action(self, text: str, slot, shortcut=None, *, tip: str = "", checkable: bool = False) -> QAction:  # noqa: ANN001
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setStatusTip(tip)
            act.setToolTip(tip)
        act.setCheckable(checkable)
        if checkable:
            act.toggled.connect(slot)
        else:
            # triggered(bool checked) would otherwise arrive as the slot's first argument
            # (File > Import… once received False as its file list).
            act.triggered.connect(lambda _checked=False: slot())
        return act

    def _build_actions(self) -> None:
        self.act_new = self._action("&New Workspace…", self._on_new, QKeySequence.StandardKey.New)
        self.act_open = self._action("&Open Workspace…", self._on_open, QKeySequence.StandardKey.Open)
        self.act_import = self._action(
            "&Import Articles…",
            self.open_import_dialog,
            "Ctrl+I",
            tip="Add articles (text, Markdown, HTML, PDF or pasted text) and review what Relmap proposes from them",
        )
        self.act_export = self._action(
            "&Export…",
            self.open_export_dialog,
            "Ctrl+E",
            tip="Save the map as an image, a report with its evidence, or a graph file",
        )
        self.act_quit = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.act_undo = self.edit.undo_action(self)  # Ctrl+Z
        self.act_redo = self.edit.redo_action(self)  # Ctrl+Shift+Z, Ctrl+Y
        # Edits of the current selection (the same entries as the map's context menus).
        self.act_rename = self._action("&Rename Actor…", lambda: self._edit_selected_actor("rename_actor"), "F2")
        self.act_edit_actor = self._action("&Edit Actor…", lambda: self._edit_selected_actor("edit_actor"))
        self.act_merge = self._action("&Merge Actor Into…", lambda: self._edit_selected_actor("merge_actor"))
        self.act_delete_actor = self._action("&Delete Actor", lambda: self._edit_selected_actor("delete_actor"))
        self.act_confirm = self._action(
            "&Confirm Relationship", lambda: self._edit_selected_relationship("set_status", "confirmed")
        )
        self.act_reject = self._action(
            "Re&ject Relationship", lambda: self._edit_selected_relationship("set_status", "rejected")
        )
        self.act_delete_rel = self._action(
            "Delete Re&lationship", lambda: self._edit_selected_relationship("delete_relationship")
        )
        self._update_edit_actions()
        self.act_add_actor = self._action(
            "Add &Actor…", self._on_add_actor, "Ctrl+Shift+A", tip="Add an actor to the workspace"
        )
        self.act_types = self._action(
            "Relationship &Types…", self.open_types_dialog, tip="Add, rename, recolour or delete relationship types"
        )
        self.act_kinds = self._action(
            "Actor &Kinds…", self.open_kinds_dialog, tip="Add, rename, reshape, recolour or delete kinds of actor"
        )
        self.act_find = self._action(
            "&Find Actor…",
            self._on_find_shortcut,
            QKeySequence.StandardKey.Find,
            tip="Find an actor by any of their names",
        )
        self.act_fit = self._action("&Fit to View", self.fit_view, "Ctrl+0", tip="Show the whole map")
        self.act_labels = self._action("Show &Names", self.view.set_labels_enabled, checkable=True)
        self.act_labels.setChecked(True)
        self.act_legend = self._action("Show &Legend", self.view.set_legend_wanted, checkable=True)
        self.act_legend.setChecked(True)
        self.act_unlinked = self._action(
            "Show &Unlinked Actors",
            self.show_unlinked,
            checkable=True,
            tip="Actors without any relationship, in a tray at the map's edge (hidden at first past 30 of them)",
        )
        self.act_pause = self._action(
            "&Pause Layout",
            self.owner.pause_layout,
            "Ctrl+P",
            checkable=True,
            tip="Stop the map from moving (resume to let it settle)",
        )
        self.act_pause.setEnabled(False)  # until a layout runs
        self.act_restart = self._action(
            "&Restart Layout",
            self.restart_layout,
            "Ctrl+R",
            tip="Lay the map out afresh (pinned actors stay where they are)",
        )
        self.act_clear = self._action("Clear Selection", self.clear_selection)
        self.act_review = self._action(
            "Review &Proposals",
            self._on_review,
            "Ctrl+Shift+P",
            tip="Go to the review queue (then A accepts, R rejects, ↑/↓ move)",
        )
        self.act_about = self._action("&About Relmap", self._on_about)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self).activated.connect(self.clear_selection)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        m = bar.addMenu("&File")
        m.addActions([self.act_new, self.act_open])
        self.recent_menu = m.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        m.addSeparator()
        m.addAction(self.act_import)
        m.addAction(self.act_export)
        m.addSeparator()
        m.addAction(self.act_quit)
        m = bar.addMenu("&Edit")
        m.addActions([self.act_undo, self.act_redo])
        m.addSeparator()
        m.addActions([self.act_add_actor, self.act_rename, self.act_edit_actor, self.act_merge, self.act_delete_actor])
        m.addSeparator()
        m.addActions([self.act_confirm, self.act_reject, self.act_delete_rel])
        m.addSeparator()
        m.addActions([self.act_find, self.act_clear])
        m.addSeparator()
        m.addActions([self.act_types, self.act_kinds])
        m = bar.addMenu("&View")
        m.addActions(
            [self.act_fit, self.act_labels, self.act_legend, self.act_unlinked, self.time.act_show, self.time.act_focus]
        )
        m.addSeparator()
        m.addAction(self.act_review)
        m.addSeparator()
        m.addActions([self.act_pause, self.act_restart])
        m.addSeparator()
        for dock in (self.evidence_dock, self.actor_dock, self.articles_dock, self.proposals_dock, self.filter_dock):
            m.addAction(dock.toggleViewAction())
        m = bar.addMenu("&Help")
        m.addAction(self.act_about)

    def _build_toolbar(self) -> None:
        tb = self.addToolBar("Main")
        tb.setObjectName("mainToolBar")
        tb.setMovable(False)
        tb.setIconSize(QSize(16, 16))
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tb.addAction(self.act_fit)
        tb.addAction(self.act_pause)
        tb.addAction(self.act_restart)
        tb.addSeparator()
        # short buttons: the menu's "Undo <what>" is as long as what was done
        self.act_undo_button = self.edit.toolbar_action(self, "Undo")
        self.act_redo_button = self.edit.toolbar_action(self, "Redo")
        tb.addAction(self.act_undo_button)
        tb.addAction(self.act_redo_button)
        spacer = QWidget(tb)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        tb.addWidget(spacer)
        # completes names and aliases ranked by relevance (desktop.ui.actor_picker)
        self.find_box = ActorPicker(tb, placeholder="Find actor (name or alias)…  Ctrl+F")
        self.find_box.setObjectName("findBox")
        self.find_box.setMinimumWidth(240)
        # PySide6's stubs do not model picking a signal's overload with [type]
        self.find_box.completer().activated[QModelIndex].connect(  # type: ignore[index]
            lambda index: self.find_actor(index.data(NAME_ROLE))
        )
        self.find_box.returnPressed.connect(lambda: self.find_actor(self.find_box.text()))
        tb.addWidget(self.find_box)
        self.toolbar = tb

    def _build_status_bar(self) -> None:
        self.counts_label = QLabel(self)
        self._totals: dict[str, int] | None = None  # the workspace's totals as last read (_update_counts)
        self.layout_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.layout_label)
        self.statusBar().addPermanentWidget(self.counts_label)
        # a workspace that cannot be written says so where the user looks, with why on hover
        self.read_only_label = QLabel("Read-only", self)
        self.read_only_label.setObjectName("readOnlyLabel")
        self.read_only_label.setToolTip(read_only_why(self.repo) or "")
        self.read_only_label.setVisible(self.repo.read_only)
        self.statusBar().addPermanentWidget(self.read_only_label)

    def _connect(self) -> None:
        v, o = self.view, self.owner
        v.sigRelationshipClicked.connect(self.select_relationship)
        v.sigActorClicked.connect(self.select_actor)
        v.sigBackgroundClicked.connect(self.clear_selection)
        v.sigActorContextMenu.connect(self._on_actor_menu)
        v.sigRelationshipContextMenu.connect(self._on_relationship_menu)
        v.sigBackgroundContextMenu.connect(self._on_background_menu)
        v.sigActorDragStarted.connect(o.drag_started)
        v.sigActorDragged.connect(o.drag_moved)
        v.sigActorDropped.connect(lambda actor_id, x, y: o.drop(actor_id, x, y, edits=self.edit, initiator=v))
        v.installEventFilter(self)
        self._resize_timer = QTimer(self, singleShot=True, interval=0)
        self._resize_timer.timeout.connect(self._on_view_resized)
        # docks settling, the window resized, the legend changing: a fresh map is packed for the
        # new room and fitted again (until the user pans or zooms)
        v.sigMapAreaChanged.connect(lambda: self.view.fit_on_resize and self._resize_timer.start())
        # what changed, told to whoever shows it
        o.sigSceneReset.connect(self._on_scene_reset)
        o.sigVisibilityChanged.connect(self._on_visibility_changed)
        o.sigPositionsChanged.connect(v.on_positions_changed)
        o.sigPositionsChanged.connect(self._on_positions_changed)
        o.sigActorsRestyled.connect(v.on_actors_restyled)
        o.sigActorsRestyled.connect(self._on_actors_restyled)
        o.sigSelectionChanged.connect(self._on_selection_changed)
        o.sigCountsChanged.connect(self._update_counts)
        o.sigChanged.connect(self._on_change)
        self.live.sigChanged.connect(self._on_live_change)
        self._history_shown, self._history_stale = False, False
        self.history_dock.visibilityChanged.connect(self._on_history_visibility)
        self.history_panel.sigActorActivated.connect(self.select_actor)
        self.history_panel.sigRelationshipActivated.connect(
            lambda rel_id: self.select_relationship(rel_id, centre=True)
        )
        o.sigLayoutRunning.connect(self._on_layout_running)
        o.sigLayoutProgress.connect(lambda p: self.layout_label.setText(f"Laying out… {p:.0%}"))
        o.sigLayoutFinished.connect(self._on_layout_finished)
        self.evidence_panel.sigOpenArticle.connect(self._on_open_article)
        self.evidence_panel.sigRemoveEvidence.connect(self._on_remove_evidence)
        self.actor_panel.sigRelationshipActivated.connect(self._on_panel_relationship)
        self.proposals_panel.sigRelationshipActivated.connect(self._on_panel_relationship)
        self.proposals_panel.sigActorActivated.connect(self._on_queue_actor)
        self.articles_panel.sigAddRelationshipFromSpan.connect(self._on_add_relationship_from_span)
        self.articles_panel.sigAddEvidenceFromSpan.connect(self._on_add_evidence_from_span)
        self.articles_panel.sigEditArticle.connect(lambda article_id: self.edit.edit_article(article_id))
        self.articles_panel.sigArticleSelected.connect(self.select_article)
        self.filter_panel.sigFilterChanged.connect(self.set_filter)
        hints = QApplication.styleHints()
        hints.colorSchemeChanged.connect(self._on_color_scheme_changed)

    # ------------------------------------------------------------------ settings, recent files
    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray | bytes):
            self.restoreState(state)

    def _save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()

    def recent_workspaces(self) -> list[str]:
        value = self.settings.value("recent/workspaces", [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)):  # none stored (or not a list)
            return []
        return [str(v) for v in value]

    def _remember_recent(self, location: Path | str) -> None:
        p = normal_location(location)  # never a password
        recent = [r for r in self.recent_workspaces() if r != p]
        self.settings.setValue("recent/workspaces", [p, *recent][:MAX_RECENT])
        # written to disk once the map has painted (the file write is not what a user waits for)
        self.after_first_paint(self.settings.sync)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        entries = [r for r in self.recent_workspaces() if location_available(r)]
        for r in entries:
            act = self.recent_menu.addAction(location_title(r))
            act.setToolTip(r)
            act.setStatusTip(r)
            act.triggered.connect(lambda _=False, path=r: self.sigOpenWorkspace.emit(path, False))
        if not entries:
            act = self.recent_menu.addAction("No recent workspaces")
            act.setEnabled(False)

    def _on_new(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "New workspace", str(self.repo.folder or Path.home()), f"Relmap workspaces (*{WORKSPACE_SUFFIX})"
        )
        if path:
            if not path.endswith(WORKSPACE_SUFFIX):
                path += WORKSPACE_SUFFIX
            self.sigOpenWorkspace.emit(path, True)

    def _on_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Open workspace",
            str(self.repo.folder or Path.home()),
            f"Relmap workspaces (*{WORKSPACE_SUFFIX});;All files (*)",
        )
        if path:
            self.sigOpenWorkspace.emit(path, False)

    # ------------------------------------------------------------------ the map
    def reload_graph(self, *, fit: bool = False, keep: frozenset[int] = frozenset()) -> None:
        """Rebuild the map from the workspace (positions on screen win over stored ones, except
        for actors in ``keep``); ``fit`` shows all of it."""
        if fit:
            self.view.follow_layout = True
            self.view.fit_on_resize = True
        self.owner.reload(keep=keep)
        if not self.layout_worker.is_running():
            self.view.follow_layout = False
            if fit:
                QTimer.singleShot(0, self.fit_view)

    def set_filter(self, flt: SceneFilter) -> None:
        """Draw only what ``flt`` keeps (no re-layout: the map keeps its shape)."""
        was_focusing = self.session.focusing()
        if flt.focus_actor is not None or flt.path is not None:
            if not was_focusing:
                self.session.view_before_focus = self.view.view_range()
        self.owner.set_filter(flt)
        if self.session.focusing():
            self.view.fit()
        elif was_focusing and self.session.view_before_focus is not None:
            # back from a neighbourhood or a path: the view the user had before it
            self.view.set_view_range(self.session.view_before_focus)
            self.session.view_before_focus = None

    def _on_scene_reset(self) -> None:
        self._sync_unlinked_action()
        self.view.on_scene_reset()
        self.after_first_paint(self._offer_scene)
        self.filter_panel.set_message(self.session.shown.message)
        self._on_selection_changed(self.session.selection)

    def _offer_scene(self) -> None:
        """The Filter dock and Find offer the actors and types of the scene."""
        self.filter_panel.set_scene(self.scene)
        self._update_find_names()

    # ------------------------------------------------------------------ the map first
    def after_first_paint(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` once the map has painted for the first time (at once if it has)."""
        if self._after_paint is None:
            fn()
        elif fn not in self._after_paint:
            self._after_paint.append(fn)

    def fill_docks(self) -> None:
        """Run what waits for the map's first paint, now (tests and the self-test may ask before
        the window has painted; it runs once)."""
        pending, self._after_paint = self._after_paint, None
        for fn in pending or ():
            fn()

    def _on_visibility_changed(self) -> None:
        self.view.on_visibility_changed()
        self.filter_panel.set_message(self.session.shown.message)

    def _on_positions_changed(self, _rows: tuple[int, ...] | None) -> None:
        if self.view.follow_layout and _rows is None:
            self.view.fit()

    def _on_actors_restyled(self, rows: tuple[int, ...]) -> None:
        s = self.scene
        if (
            self.selected_actor is not None
            and self.selected_actor in s.row_of_actor
            and s.row_of_actor[self.selected_actor] in rows
        ):
            self.actor_panel.refresh()
        # a rename changes what Find offers; a pin does not
        if any(self.find_box.index.name_of(int(s.actor_ids[r])) != s.names[r] for r in rows):
            self._update_find_names()

    def _update_find_names(self) -> None:
        s = self.scene
        self.find_box.set_index(ActorIndex(s.actor_ids.tolist(), s.names, s.aliases, s.degree.tolist()))

    def _update_counts(self, totals: bool = True) -> None:
        """The status bar's counts; the workspace's totals are read again only when they may
        differ (``totals``): a time window sliding changes what is shown, not what is stored."""
        if totals or self._totals is None:
            self._totals = self.repo.counts()
        counts = self._totals
        shown_a = int(self.session.shown.nodes.sum())
        shown_r = int(self.session.shown.edges.sum())

        def part(shown: int, total: int, word: str) -> str:
            noun = f"{word}{'s' if total != 1 else ''}"
            return f"{total} {noun}" if shown == total else f"{shown} of {total} {noun}"

        hidden = (
            ""
            if self.session.unlinked_shown()
            else f" ({self.session.unlinked_count()} unlinked hidden)" * bool(self.session.unlinked_count())
        )
        self.counts_label.setText(
            f"{part(shown_a, counts['actors'], 'actor')}{hidden} · "
            f"{part(shown_r, counts['relationships'], 'relationship')} · "
            f"{counts['articles']} article{'s' if counts['articles'] != 1 else ''}"
        )

    def show_unlinked(self, on: bool) -> None:
        """View > Show Unlinked Actors: the map is packed again without (or with) their tray
        and fitted, if the user had not moved away from the whole map."""
        if self.owner.show_unlinked(on) and self.view.fit_on_resize:
            self.view.fit()

    def _sync_unlinked_action(self) -> None:
        """The toggle shows what the map does (its default depends on how many there are)."""
        self.act_unlinked.blockSignals(True)
        self.act_unlinked.setChecked(self.session.unlinked_shown())
        self.act_unlinked.blockSignals(False)

    # ------------------------------------------------------------------ live layout
    def restart_layout(self) -> None:
        self.view.follow_layout = True
        self.owner.start_layout(fresh=True)

    def _on_layout_running(self, running: bool) -> None:
        self.act_pause.setEnabled(running or self.owner.layout_paused)
        if running:
            self.act_pause.blockSignals(True)
            self.act_pause.setChecked(False)
            self.act_pause.blockSignals(False)
            self.layout_label.setText("Laying out…")
        # Hide names while a big map moves (they would flicker and cost paint time).
        self.view.set_labels_paused(running and self.scene.n > LABELS_DURING_LAYOUT_MAX)
        if not running and self.owner.layout_paused:
            self.layout_label.setText("Layout paused")

    def _on_layout_finished(self, settled: bool) -> None:
        if self.view.follow_layout:
            self.fit_view()
            self.view.follow_layout = False
        self.layout_label.setText("Layout settled" if settled else "Layout stopped")
        self.sigLayoutSettled.emit()

    def wait_for_layout(self, timeout: float = 20.0) -> bool:
        """Process events until the layout has settled (tests and the self-test)."""
        from time import monotonic

        end = monotonic() + timeout
        self.fill_docks()
        while self.layout_worker.is_running() and monotonic() < end:
            self.layout_worker.wait(0.05)
            QApplication.processEvents()
        QApplication.processEvents()
        return not self.layout_worker.is_running()

    def unpin_actor(self, actor_id: int) -> None:
        row = self.scene.row_of_actor[actor_id]
        x, y = self.positions[row]
        self.edit.move_actors({actor_id: (float(x), float(y))}, {actor_id: False})

    # ------------------------------------------------------------------ changes
    def apply_change(self, change: Change, initiator: object = None) -> None:
        """The workspace changed outside the edit controller (an import, a direct repository
        write): bring the map and the docks up to date."""
        self.owner.apply_change(change, initiator)

    def _on_change(self, change: Change, initiator: object) -> None:
        """Each dock refreshes what it shows, if the change touched it."""
        if change.articles:
            ours = self._article_ids()  # the window's own import or deletion, not another program's
            if ours is not None:
                self._known_articles = ours
            self.articles_panel.refresh()
            self.evidence_panel.forget_articles(change.articles)
        sel = self.session.selection
        if sel.relationship is not None and (
            sel.relationship in change.relationships or change.evidence or change.articles
        ):
            self.evidence_panel.refresh()
        if sel.actor is not None and (sel.actor in change.actors or change.relationships):
            self.actor_panel.refresh()
        if change.relationships and initiator is None:
            # an outside writer: the queue hears of the controller's edits itself, not of these
            self.proposals_panel.refresh()
        self._history_stale = True
        if self._history_shown:
            self._refresh_history()
        self._update_edit_actions()

    def _on_history_visibility(self, shown: bool) -> None:
        """The History dock's tab came to the front (or went behind another): a hidden History
        is not redrawn on every change (a drop on a big map spent 100 ms resetting it unseen),
        only when it is shown again."""
        self._history_shown = shown
        if shown and self._history_stale:
            self._refresh_history()

    def _refresh_history(self) -> None:
        self._history_stale = False
        self.history_panel.refresh()

    # ------------------------------------------------------------------ other programs' commits
    def _watch_outside_changes(self) -> None:
        """Poll, cheaply, for commits by another program: `relmap import` in a terminal, a script,
        a second window. One PRAGMA per tick while nothing happens (Repository.data_version);
        the window's own writes do not move it."""
        self._known_articles = self._article_ids() or frozenset()  # None (unreadable now): none known
        self.repo.changed_elsewhere()  # takes note of where the workspace is now
        self.outside_changes = QTimer(self)
        if self.repo.dialect != "sqlite":
            # a team workspace's data_version moves with this window's own writes too: its
            # others' commits arrive through self.live (the change log), row by row
            return
        self.outside_changes.setObjectName("outsideChangesTimer")
        self.outside_changes.setInterval(OUTSIDE_POLL_MS)
        self.outside_changes.timeout.connect(self.check_outside_changes)
        self.outside_changes.start()

    def _article_ids(self) -> frozenset[int] | None:
        try:
            return self.repo.article_ids()
        except RelmapError:
            return None  # the file is away for a moment: the next tick looks again

    def check_outside_changes(self) -> bool:
        """If another program committed since the last look, show what the workspace holds now
        (map, docks, review queue) and say so in the status bar. True when something changed."""
        if self.repo.dialect != "sqlite":
            return False  # see _watch_outside_changes
        try:
            changed = self.repo.changed_elsewhere()
        except Exception:  # noqa: BLE001 - a timer slot has nobody above it; the next tick tries again
            log.debug("checking for other programs' commits failed", exc_info=True)
            return False
        if not changed:
            return False
        now = self._article_ids()
        if now is None:
            return False
        added, removed = now - self._known_articles, self._known_articles - now
        self._known_articles = now
        # the change log says which rows another program touched: they are redrawn in place (and
        # the status bar says who did what); a commit it does not record (where actors are
        # drawn) reads the map again, keeping what is on screen where it is
        if not self.live.check():
            self.reload_graph()
        self.articles_panel.refresh()
        self.evidence_panel.forget_articles(frozenset(removed))
        self.evidence_panel.refresh()
        self.actor_panel.refresh()
        self.proposals_panel.refresh()
        self._update_edit_actions()
        parts = []
        if added:
            parts.append(f"imported {len(added)} article{'s' if len(added) != 1 else ''}")
        if removed:
            parts.append(f"removed {len(removed)} article{'s' if len(removed) != 1 else ''}")
        if parts:  # (otherwise the status bar says who changed what, from the change log)
            self.statusBar().showMessage(
                f"Another program {' and '.join(parts)}; the map and the docks show it now", 10000
            )
        return True

    def _on_live_change(self, change: Change, records: list) -> None:
        """Someone else committed: redraw what they touched (nothing else) and say who did what.
        (The History dock refreshes in _on_change, which the map owner's sigChanged calls.)"""
        self.owner.apply_change(change, self.live)
        last = records[-1]
        what = self.repo.describe_changes([last])[0]
        more = f" (and {len(records) - 1} more change{'s' if len(records) > 2 else ''})" if len(records) > 1 else ""
        self.statusBar().showMessage(f"{last.who or 'Someone'} {what}{more}", 8000)

    # ------------------------------------------------------------------ selection
    def _on_selection_changed(self, sel: Selection) -> None:
        """The session's selection changed: the view, the docks and the menus follow."""
        self.view.on_selection_changed(sel)
        self._update_edit_actions()
        if sel.relationship is not None:
            self.evidence_panel.show_relationship(sel.relationship)
            self.evidence_dock.show()
            self.evidence_dock.raise_()
            try:
                rel = self.repo.get_relationship(sel.relationship)
            except NotFoundError:
                return
            arrow = "→" if rel.directed else "—"
            text = f"{rel.source} {arrow} {rel.type} {arrow} {rel.target}"
            self.statusBar().showMessage(text, 6000)
            self.articles_panel.evidence_target = (sel.relationship, text)
            return
        self.articles_panel.evidence_target = None
        if sel.article is None:
            self.articles_panel.clear_choice()
        else:
            nodes, edges = self.session.focus()
            if len(nodes) or len(edges):
                text = (
                    f"This article's story: {len(nodes)} actor{'s' if len(nodes) != 1 else ''} and {len(edges)} "
                    f"relationship{'s' if len(edges) != 1 else ''} on the map (Esc shows everything again)"
                )
            elif any(len(rows) for rows in self.session.story(sel.article)):
                text = "None of this article's story is on the map: the filters or the time window hide it"
            else:
                text = "This article names no actor on the map"
            self.statusBar().showMessage(text, 8000)
        self.evidence_panel.show_relationship(None)
        if sel.actor is not None:
            self.actor_panel.show_actor(sel.actor)
            self.actor_dock.show()
            self.actor_dock.raise_()
        else:
            self.actor_panel.show_actor(None)

    def _on_review(self) -> None:
        self.proposals_dock.show()
        self.proposals_dock.raise_()
        self.proposals_panel.focus_queue()

    def _on_queue_actor(self, actor_id: int) -> None:
        """An actor proposal became current in the queue: show it on the map, keep the queue in front
        (and the keyboard in it)."""
        row = self.scene.row_of_actor.get(actor_id)
        if row is None:
            return
        had_focus = self.proposals_panel.table.hasFocus()
        self.select_actor(actor_id)
        if self.session.shown.nodes[row]:
            self.view.centre_on(actor_id)
        self.proposals_dock.raise_()
        if had_focus:
            self.proposals_panel.table.setFocus()

    def _on_panel_relationship(self, rel_id: int) -> None:
        self.select_relationship(rel_id, anchor=self.selected_actor or self.session.selection.anchor, centre=True)

    def select_relationship(self, rel_id: int | None, *, anchor: int | None = None, centre: bool = False) -> None:
        """Select a relationship: highlight it and show its evidence."""
        self.owner.select_relationship(rel_id, anchor=anchor)
        k = self.scene.row_of_relationship.get(rel_id) if rel_id is not None else None
        if centre and k is not None and not self.session.shown.edges[k]:
            self.statusBar().showMessage("That relationship is hidden by the filters", 6000)

    def select_actor(self, actor_id: int | None) -> None:
        """Select an actor: show who they are and highlight their neighbourhood."""
        self.owner.select_actor(actor_id)

    def select_article(self, article_id: int | None) -> None:
        """Highlight an article's story on the map (its actors and relationships); None clears."""
        self.owner.select_article(article_id)

    def clear_selection(self) -> None:
        self.owner.clear_selection()

    def step_relationship(self, step: int = 1) -> None:
        """Tab: the next (Shift+Tab: previous) relationship of the selected actor."""
        self.owner.step_relationship(step)

    def eventFilter(self, obj, event) -> bool:  # noqa: ANN001, N802
        if self._after_paint is not None and event.type() == QEvent.Type.Paint and obj is self.view.viewport():
            # after this paint has reached the screen, not inside it
            QTimer.singleShot(0, self.fill_docks)
        if obj is self.view and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key == Qt.Key.Key_Tab:
                self.step_relationship(1)
                return True
            if key == Qt.Key.Key_Backtab:
                self.step_relationship(-1)
                return True
        return super().eventFilter(obj, event)

    # ------------------------------------------------------------------ find, view
    def _on_find_shortcut(self) -> None:
        self.find_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_box.selectAll()

    def find_actor(self, text: str) -> bool:
        """Select and centre on the actor with this name or alias; False if none matches.

        (Not ``find``: that is QWidget.find(), which looks a widget up by its window id.)"""
        actor_id = self.session.find(text)
        if actor_id is None:
            self.statusBar().showMessage(f"No actor called “{text.strip()}”", 5000)
            return False
        s = self.scene
        row = s.row_of_actor[actor_id]
        self.select_actor(actor_id)
        if not self.session.shown.nodes[row]:
            self.statusBar().showMessage(f"{s.names[row]} is hidden by the filters", 6000)
        else:
            self.view.centre_on(actor_id)
            self.statusBar().showMessage(f"Found {s.names[row]}", 4000)
        self.view.setFocus()
        return True

    def fit_view(self) -> None:
        self.view.fit()
        self.view.fit_on_resize = True

    def _on_view_resized(self) -> None:
        if self.view.fit_on_resize:
            self.owner.repack_for_view()
            self.view.fit()

    def _on_color_scheme_changed(self, *_args) -> None:  # noqa: ANN002
        from desktop.ui.theme import apply_theme

        app = QApplication.instance()
        if not isinstance(app, QApplication):  # (the signal comes from the application's style hints)
            return
        self.theme = apply_theme(app)
        self.view.apply_theme(self.theme)
        self.evidence_panel.refresh()

    # ------------------------------------------------------------------ context menus and edits
    def _menu(self) -> QMenu:
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        return menu

    def _maybe(self, menu: QMenu, text: str, name: str, *args) -> QAction:  # noqa: ANN002
        """A menu entry that calls ``self.edit.<name>(*args)``, disabled without that edit."""
        act = menu.addAction(text)
        fn = getattr(self.edit, name, None)
        act.setEnabled(fn is not None)
        if fn is not None:
            act.triggered.connect(lambda _=False: fn(*args))
        return act

    def _on_actor_menu(self, actor_id: int, pos) -> None:  # noqa: ANN001
        self.select_actor(actor_id)
        s = self.scene
        row = s.row_of_actor[actor_id]
        menu = self._menu()
        self._maybe(menu, "Rename…", "rename_actor", actor_id)
        self._maybe(menu, "Edit…", "edit_actor", actor_id)
        self._maybe(menu, "Merge into…", "merge_actor", actor_id)
        self._maybe(menu, "Delete", "delete_actor", actor_id)
        menu.addSeparator()
        add = menu.addAction("Add relationship from here…")
        add.triggered.connect(lambda: self._on_add_relationship_between(actor_id))
        unpin = menu.addAction("Unpin")
        unpin.setEnabled(bool(s.pinned[row]))
        unpin.triggered.connect(lambda: self.unpin_actor(actor_id))
        menu.addAction("Show neighbourhood", lambda: self.filter_panel.focus_on(actor_id))
        menu.popup(pos)

    def _on_relationship_menu(self, rel_id: int, pos) -> None:  # noqa: ANN001
        self.select_relationship(rel_id)
        menu = self._menu()
        status = self.scene.statuses[self.scene.row_of_relationship[rel_id]]
        self._maybe(menu, "Confirm", "set_status", rel_id, "confirmed").setEnabled(status != "confirmed")
        self._maybe(menu, "Reject", "set_status", rel_id, "rejected").setEnabled(status != "rejected")
        self._maybe(menu, "Edit…", "edit_relationship", rel_id)
        menu.addSeparator()
        self._maybe(menu, "Delete", "delete_relationship", rel_id)
        menu.popup(pos)

    def _on_background_menu(self, pos) -> None:  # noqa: ANN001
        menu = self._menu()
        menu.addAction(self.act_fit)
        menu.addAction(self.act_restart)
        menu.addSeparator()
        menu.addAction(self.act_add_actor)
        menu.popup(pos)

    def _on_add_actor(self) -> None:
        change = self.edit.add_actor()
        if change and change.subject_id is not None and change.subject_id in self.scene.row_of_actor:
            self.select_actor(change.subject_id)

    def _edit_selected_actor(self, name: str) -> None:
        if self.selected_actor is not None:
            getattr(self.edit, name)(self.selected_actor)

    def _edit_selected_relationship(self, name: str, *args) -> None:  # noqa: ANN002
        if self.selected_relationship is not None:
            getattr(self.edit, name)(self.selected_relationship, *args)

    def _update_edit_actions(self) -> None:
        actor = self.selected_actor is not None
        rel = self.selected_relationship is not None
        for act in (self.act_rename, self.act_edit_actor, self.act_merge, self.act_delete_actor):
            act.setEnabled(actor)
        for act in (self.act_confirm, self.act_reject, self.act_delete_rel):
            act.setEnabled(rel)
        why = read_only_why(self.repo)
        if why is not None:  # every edit is off, and says why
            for act in self.edit_actions():
                act.setEnabled(False)
                act.setToolTip(why)
                act.setStatusTip(why)

    def edit_actions(self) -> list[QAction]:
        """Every action of the menus and the toolbar that changes the workspace."""
        names = (
            "act_rename",
            "act_edit_actor",
            "act_merge",
            "act_delete_actor",
            "act_confirm",
            "act_reject",
            "act_delete_rel",
            "act_add_actor",
            "act_import",
            "act_types",
            "act_kinds",
            "act_undo",
            "act_redo",
            "act_undo_button",
            "act_redo_button",
        )
        return [getattr(self, n) for n in names if hasattr(self, n)]

    def _on_remove_evidence(self, evidence_id: int) -> None:
        self.edit.remove_evidence(evidence_id)

    def _on_add_relationship_from_span(self, article_id: int, start: int, end: int) -> None:
        change = self.edit.add_relationship_from_span(article_id, start, end)
        if change and change.subject_id is not None and change.subject_id in self.scene.row_of_relationship:
            self.select_relationship(change.subject_id)

    def _on_add_relationship_between(self, source_id: int) -> None:
        change = self.edit.add_relationship(source_id=source_id)
        if change and change.subject_id is not None and change.subject_id in self.scene.row_of_relationship:
            self.select_relationship(change.subject_id)

    def _on_add_evidence_from_span(self, rel_id: int, article_id: int, start: int, end: int) -> None:
        if self.edit.add_evidence(rel_id, article_id, start, end):
            self.select_relationship(rel_id)

    def _on_open_article(self, article_id: int, start: int, end: int) -> None:
        self.articles_dock.show()
        self.articles_dock.raise_()
        self.articles_panel.open_article(article_id, start, end)

    # ------------------------------------------------------------------ import, export
    def open_import_dialog(self, paths: list[Path] | tuple = (), *, start: bool = False) -> None:
        """File > Import… (and files dropped on the window): import runs in the background."""
        from desktop.ui.import_dialog import open_import_dialog

        why = read_only_why(self.repo)
        if why is not None:  # files dropped on the window: nothing can be stored
            self.statusBar().showMessage(f"Cannot import: {why}", 8000)
            return
        if self._import_dialog is not None:
            try:
                if self._import_dialog.worker.is_running():
                    self._import_dialog.raise_()
                    self.statusBar().showMessage("An import is still running; wait for it or cancel it first.", 6000)
                    return
                self._import_dialog.close()
            except RuntimeError:  # the dialog deleted itself when it was closed
                pass
        dialog = open_import_dialog(self.repo, self, paths=paths, start=start)
        dialog.sigImported.connect(lambda change, d=dialog: self._on_imported(change, d))
        dialog.destroyed.connect(lambda *_: setattr(self, "_import_dialog", None))
        self._import_dialog = dialog

    def _on_imported(self, change: Change, dialog: object = None) -> None:
        self.owner.apply_change(change, dialog)
        self.proposals_panel.refresh()
        self.articles_panel.refresh()

    def dragEnterEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        from desktop.ui.import_dialog import dropped_paths

        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        from desktop.ui.import_dialog import dropped_paths

        paths = dropped_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.open_import_dialog(paths, start=True)

    def open_export_dialog(self) -> None:
        """File > Export…: what the map shows now (positions, filters, visible area)."""
        from desktop.ui.export_dialog import ExportDialog

        state = self.session.export_state()
        x, y, w, h = self.view.view_range()
        # collect_map takes the visible area as two corners
        dialog = ExportDialog(
            self.repo,
            self,
            view_rect=(x, y, x + w, y + h),
            y_up=True,
            settings=self.settings,
            regions=self.view.regions.shown(),  # the pictures show the communities the map shows
            **state,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.sigExported.connect(
            lambda paths: self.statusBar().showMessage("Exported " + ", ".join(Path(p).name for p in paths), 8000)
        )
        dialog.destroyed.connect(lambda *_: setattr(self, "_export_dialog", None))
        self._export_dialog = dialog
        dialog.open()

    def open_types_dialog(self) -> None:
        """Edit > Relationship Types…: the list of types, each change an undo step."""
        from desktop.ui.curation_dialogs import RelationTypesDialog

        self._open_vocabulary(RelationTypesDialog)

    def open_kinds_dialog(self) -> None:
        """Edit > Actor Kinds…: the list of kinds with their shapes and colours."""
        from desktop.ui.curation_dialogs import ActorKindsDialog

        self._open_vocabulary(ActorKindsDialog)

    def _open_vocabulary(self, cls) -> None:  # noqa: ANN001
        dialog = cls(self.repo, self.edit, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.vocabulary_dialog = dialog
        dialog.destroyed.connect(lambda *_: setattr(self, "vocabulary_dialog", None))
        dialog.open()

    def _on_about(self) -> None:
        QMessageBox.about(
            self,
            "About Relmap",
            f"<b>Relmap {__version__}</b><p>Map actors and the evidence-backed relationships "
            f"between them.</p><p>Workspace: {html.escape(self.repo.location)}</p>",
        )

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self._import_dialog is not None:
            try:
                self._import_dialog.worker.shutdown()  # a running import stops after its current article
                self._import_dialog.close()
            except RuntimeError:
                pass
        self.outside_changes.stop()
        self.owner.shutdown()
        self.live.close()
        self._save_settings()
        super().closeEvent(event)


if __name__ == "__main__":
    from desktop.ui.preview import run_preview

    raise SystemExit(run_preview(MainWindow))
