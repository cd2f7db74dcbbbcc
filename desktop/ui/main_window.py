"""The main window: the live evidence graph in the middle, docks for evidence, actor, articles,
proposals and filters around it; menus, toolbar, status bar; undo/redo for every edit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QByteArray, QSettings, QSize, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QCompleter,
    QDockWidget,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QWidget,
)

from desktop import __version__
from desktop.graph.layout import pack_map
from desktop.graph.scene import (
    GraphScene,
    SceneFilter,
    actor_relationships,
    apply_filter,
    find_actor,
    load_scene,
)
from desktop.model import Change, NotFoundError, RelmapError, Repository
from desktop.paths import WORKSPACE_SUFFIX, user_data_dir
from desktop.ui.actor_panel import ActorPanel
from desktop.ui.articles_panel import ArticlesPanel
from desktop.ui.editing import EditController
from desktop.ui.evidence_panel import EvidencePanel
from desktop.ui.filter_panel import FilterPanel
from desktop.ui.graph_view import GraphView
from desktop.ui.layout_worker import LayoutWorker
from desktop.ui.proposals_panel import ProposalsPanel
from desktop.ui.theme import current_theme

MAX_RECENT = 8


def ui_settings() -> QSettings:
    """Window state lives beside the user's workspaces (RELMAP_DATA_DIR moves both, e.g. in tests)."""
    folder = user_data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # QSettings then keeps the values in memory for this session
    return QSettings(str(folder / "relmap-ui.ini"), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    """One open workspace. Asks the application to open another through ``sigOpenWorkspace``."""

    sigOpenWorkspace = Signal(str, bool)  # path, create (New…) rather than open
    sigLayoutSettled = Signal()

    def __init__(self, repo: Repository, *, settings: QSettings | None = None) -> None:
        super().__init__()
        self.repo = repo
        self.settings = settings or ui_settings()
        self.setObjectName("relmapMainWindow")
        self.setWindowTitle(f"{repo.path.stem} — Relmap")
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)
        screen = QApplication.primaryScreen()
        avail = screen.availableGeometry() if screen is not None else None
        # first start: most of the screen (the map needs room), later starts restore the saved size
        if avail is not None:
            self.resize(max(min(avail.width(), 1024), int(avail.width() * 0.92)),
                        max(min(avail.height(), 700), int(avail.height() * 0.92)))
        else:
            self.resize(1400, 900)
        self.theme = current_theme()
        self.undo_stack = QUndoStack(self)
        self.scene: GraphScene | None = None
        self.positions = np.empty((0, 2))
        self.filter = SceneFilter()
        self.selected_actor: int | None = None
        self.selected_relationship: int | None = None
        self._anchor_actor: int | None = None  # whose relationships Tab walks through
        self._follow_layout = False  # keep fitting the view while a fresh layout unfolds
        self._fit_on_resize = True  # until the user pans or zooms, a resized map is fitted again
        self._resume_after_drag = False
        self._layout_paused = False
        self._dated: tuple | None = None  # (date range, relationship ids) of the last date filter

        self.view = GraphView(self)
        self.setCentralWidget(self.view)
        self.layout_worker = LayoutWorker(self)
        self.evidence_panel = EvidencePanel(repo)
        self.actor_panel = ActorPanel(repo)
        self.articles_panel = ArticlesPanel(repo)
        self.filter_panel = FilterPanel()
        self.edit = self._make_edit_controller()
        # the review queue acts through the same undo stack and refreshes itself on every edit
        self.proposals_panel = ProposalsPanel(repo, edits=self.edit)
        self._import_dialog = None
        self.setAcceptDrops(True)

        self._build_docks()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._connect()
        self._restore_settings()
        self._remember_recent(repo.path)
        self.reload_graph(fit=True)

    # ------------------------------------------------------------------ construction
    def _make_edit_controller(self) -> EditController:
        controller = EditController(self.repo, self.undo_stack, self)
        controller.sigChanged.connect(self.apply_change)
        controller.sigError.connect(lambda message: self.statusBar().showMessage(message, 8000))
        return controller

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        right = Qt.DockWidgetArea.RightDockWidgetArea
        self.evidence_dock = self._dock("Evidence", "evidenceDock", self.evidence_panel, right)
        self.actor_dock = self._dock("Actor", "actorDock", self.actor_panel, right)
        self.articles_dock = self._dock("Articles", "articlesDock", self.articles_panel, right)
        self.proposals_dock = self._dock("Proposals", "proposalsDock", self.proposals_panel, right)
        self.filter_dock = self._dock("Filter", "filterDock", self.filter_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.splitDockWidget(self.evidence_dock, self.actor_dock, Qt.Orientation.Vertical)
        self.tabifyDockWidget(self.actor_dock, self.articles_dock)
        self.tabifyDockWidget(self.articles_dock, self.proposals_dock)
        self.actor_dock.raise_()
        # the lower group holds the review queue: it gets the taller share (six proposals and
        # their excerpt fit at 1024x700); an excerpt in the Evidence dock needs only a few lines
        self.resizeDocks([self.evidence_dock, self.actor_dock], [340, 540], Qt.Orientation.Vertical)
        self.resizeDocks([self.evidence_dock], [int(min(400, max(320, self.width() * 0.33)))], Qt.Orientation.Horizontal)
        self.resizeDocks([self.filter_dock], [225], Qt.Orientation.Horizontal)
        if self.width() < 1250:
            # On a small screen the map needs the width more than the filters need a column.
            self.tabifyDockWidget(self.proposals_dock, self.filter_dock)
            self.actor_dock.raise_()

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
        self.act_import = self._action("&Import Articles…", self.open_import_dialog, "Ctrl+I",
                                       tip="Add articles (text, Markdown, HTML, PDF or pasted text) and review what "
                                           "Relmap proposes from them")
        self.act_export = self._action("&Export…", self.open_export_dialog, "Ctrl+E",
                                       tip="Save the map as an image, a report with its evidence, or a graph file")
        self.act_quit = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.act_undo = self.edit.undo_action(self)  # Ctrl+Z
        self.act_redo = self.edit.redo_action(self)  # Ctrl+Shift+Z, Ctrl+Y
        # Edits of the current selection (the same entries as the map's context menus).
        self.act_rename = self._action("&Rename Actor…", lambda: self._edit_selected_actor("rename_actor"), "F2")
        self.act_edit_actor = self._action("&Edit Actor…", lambda: self._edit_selected_actor("edit_actor"))
        self.act_merge = self._action("&Merge Actor Into…", lambda: self._edit_selected_actor("merge_actor"))
        self.act_delete_actor = self._action("&Delete Actor", lambda: self._edit_selected_actor("delete_actor"))
        self.act_confirm = self._action("&Confirm Relationship",
                                        lambda: self._edit_selected_relationship("set_status", "confirmed"))
        self.act_reject = self._action("Re&ject Relationship",
                                       lambda: self._edit_selected_relationship("set_status", "rejected"))
        self.act_delete_rel = self._action("Delete Re&lationship",
                                           lambda: self._edit_selected_relationship("delete_relationship"))
        self._update_edit_actions()
        self.act_add_actor = self._action("Add &Actor…", self._on_add_actor, "Ctrl+Shift+A",
                                          tip="Add an actor to the workspace")
        self.act_add_actor.setEnabled(hasattr(self.edit, "add_actor"))
        self.act_find = self._action("&Find Actor…", self._on_find_shortcut, QKeySequence.StandardKey.Find,
                                     tip="Find an actor by any of their names")
        self.act_fit = self._action("&Fit to View", self.fit_view, "Ctrl+0", tip="Show the whole map")
        self.act_labels = self._action("Show &Names", self.view.set_labels_enabled, checkable=True)
        self.act_labels.setChecked(True)
        self.act_legend = self._action("Show &Legend", self._on_legend_toggled, checkable=True)
        self.act_legend.setChecked(True)
        self.act_pause = self._action("&Pause Layout", self._on_pause_toggled, "Ctrl+P", checkable=True,
                                      tip="Stop the map from moving (resume to let it settle)")
        self.act_pause.setEnabled(False)  # until a layout runs
        self.act_restart = self._action("&Restart Layout", self.restart_layout, "Ctrl+R",
                                        tip="Lay the map out afresh (pinned actors stay where they are)")
        self.act_clear = self._action("Clear Selection", self.clear_selection)
        self.act_review = self._action("Review &Proposals", self._on_review, "Ctrl+Shift+P",
                                       tip="Go to the review queue (then A accepts, R rejects, ↑/↓ move)")
        self.act_about = self._action("&About Relmap", self._on_about)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.clear_selection)

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
        m = bar.addMenu("&View")
        m.addActions([self.act_fit, self.act_labels, self.act_legend])
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
        tb.addAction(self.act_undo)
        tb.addAction(self.act_redo)
        spacer = QWidget(tb)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        tb.addWidget(spacer)
        self.find_box = QLineEdit(tb)
        self.find_box.setObjectName("findBox")
        self.find_box.setPlaceholderText("Find actor (name or alias)…  Ctrl+F")
        self.find_box.setClearButtonEnabled(True)
        self._find_names = QStringListModel(self)
        completer = QCompleter(self._find_names, self.find_box)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self.find)
        self.find_box.setCompleter(completer)
        self.find_box.returnPressed.connect(lambda: self.find(self.find_box.text()))
        tb.addWidget(self.find_box)

    def _build_status_bar(self) -> None:
        self.counts_label = QLabel(self)
        self.layout_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.layout_label)
        self.statusBar().addPermanentWidget(self.counts_label)

    def _connect(self) -> None:
        v = self.view
        v.sigRelationshipClicked.connect(self._on_relationship_clicked)
        v.sigActorClicked.connect(self._on_actor_clicked)
        v.sigBackgroundClicked.connect(self.clear_selection)
        v.sigActorContextMenu.connect(self._on_actor_menu)
        v.sigRelationshipContextMenu.connect(self._on_relationship_menu)
        v.sigBackgroundContextMenu.connect(self._on_background_menu)
        v.sigActorDragStarted.connect(self._on_drag_started)
        v.sigActorDropped.connect(self._on_actor_dropped)
        v.sigViewMovedByUser.connect(self._on_view_moved_by_user)
        v.installEventFilter(self)
        w = self.layout_worker
        w.sigFrame.connect(self._on_layout_frame)
        w.sigFinished.connect(self._on_layout_finished)
        w.sigRunningChanged.connect(self._on_layout_running)
        self.evidence_panel.sigOpenArticle.connect(self._on_open_article)
        self.evidence_panel.sigRemoveEvidence.connect(self._on_remove_evidence)
        self.actor_panel.sigRelationshipActivated.connect(self._on_panel_relationship)
        self.proposals_panel.sigRelationshipActivated.connect(self._on_panel_relationship)
        self.articles_panel.sigAddRelationshipFromSpan.connect(self._on_add_relationship_from_span)
        self.articles_panel.sigAddEvidenceFromSpan.connect(self._on_add_evidence_from_span)
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
        return [str(v) for v in (value or [])]

    def _remember_recent(self, path: Path) -> None:
        p = str(Path(path).resolve())
        recent = [r for r in self.recent_workspaces() if r != p]
        self.settings.setValue("recent/workspaces", [p, *recent][:MAX_RECENT])
        self.settings.sync()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        entries = [r for r in self.recent_workspaces() if Path(r).exists()]
        for r in entries:
            act = self.recent_menu.addAction(Path(r).name)
            act.setToolTip(r)
            act.setStatusTip(r)
            act.triggered.connect(lambda _=False, path=r: self.sigOpenWorkspace.emit(path, False))
        if not entries:
            act = self.recent_menu.addAction("No recent workspaces")
            act.setEnabled(False)

    def _on_new(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New workspace", str(self.repo.path.parent),
                                              f"Relmap workspaces (*{WORKSPACE_SUFFIX})")
        if path:
            if not path.endswith(WORKSPACE_SUFFIX):
                path += WORKSPACE_SUFFIX
            self.sigOpenWorkspace.emit(path, True)

    def _on_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open workspace", str(self.repo.path.parent),
                                              f"Relmap workspaces (*{WORKSPACE_SUFFIX});;All files (*)")
        if path:
            self.sigOpenWorkspace.emit(path, False)

    # ------------------------------------------------------------------ graph data
    def reload_graph(self, *, fit: bool = False, keep: frozenset[int] = frozenset()) -> None:
        """Rebuild the scene from the workspace; positions on screen win over stored ones,
        except for actors in ``keep`` (just moved or restored by an edit)."""
        old_scene, old_pos = self.scene, self.positions
        scene = load_scene(self.repo)
        self._dated = None
        pos = scene.pos.copy()
        if old_scene is not None and len(old_pos):
            for i, aid in enumerate(scene.actor_ids.tolist()):
                j = old_scene.row_of_actor.get(aid)
                if j is not None and aid not in keep and np.isfinite(old_pos[j]).all():
                    pos[i] = old_pos[j]
        self.scene = scene
        self.positions = pos
        self.filter_panel.set_scene(scene)
        self._update_find_names()
        shown = self._apply_filter(scene, self.filter)
        self.filter_panel.set_message(shown.message)
        self.view.set_scene(scene, pos, shown)
        self.view.set_path(np.flatnonzero(shown.edges) if shown.path_found else [])
        self._update_counts()
        missing = ~np.isfinite(pos).all(axis=1)
        if missing.any():
            self._follow_layout = fit or missing.all()
            self._start_layout(fresh=bool(missing.all()))
        elif fit:
            QTimer.singleShot(0, self.fit_view)

    def set_filter(self, flt: SceneFilter) -> None:
        """Draw only what ``flt`` keeps (no re-layout: the map keeps its shape)."""
        self.filter = flt
        if self.scene is None:
            return
        shown = self._apply_filter(self.scene, flt)
        self.filter_panel.set_message(shown.message)
        self.view.set_filter_result(shown)
        self.view.set_path(np.flatnonzero(shown.edges) if shown.path_found else [])
        if self.selected_relationship is not None:
            k = self.scene.row_of_relationship.get(self.selected_relationship)
            if k is None or not shown.edges[k]:
                self.clear_selection()
        if flt.focus_actor is not None or flt.path is not None:
            self.fit_view()
        self._update_counts()

    def _apply_filter(self, scene: GraphScene, flt: SceneFilter):  # noqa: ANN202
        """apply_filter with the exact set of relationships an article-date range keeps."""
        dated = None
        if flt.date_from is not None or flt.date_to is not None:
            key = (flt.date_from, flt.date_to)
            if self._dated is None or self._dated[0] != key:
                ids = {r.id for r in self.repo.list_relationships(date_from=flt.date_from, date_to=flt.date_to,
                                                                  with_evidence=False)}
                self._dated = (key, ids)
            dated = self._dated[1]
        return apply_filter(scene, flt, dated_ids=dated)

    def _update_find_names(self) -> None:
        s = self.scene
        names = {n for i in range(s.n) for n in (s.names[i], *s.aliases[i])}
        self._find_names.setStringList(sorted(names, key=str.casefold))

    def _update_counts(self) -> None:
        counts = self.repo.counts()
        s = self.scene
        shown_a = int(self.view.visible_nodes.sum()) if s is not None else 0
        shown_r = int(self.view.visible_edges.sum()) if s is not None else 0

        def part(shown: int, total: int, word: str) -> str:
            noun = f"{word}{'s' if total != 1 else ''}"
            return f"{total} {noun}" if shown == total else f"{shown} of {total} {noun}"

        self.counts_label.setText(f"{part(shown_a, counts['actors'], 'actor')} · "
                                  f"{part(shown_r, counts['relationships'], 'relationship')} · "
                                  f"{counts['articles']} article{'s' if counts['articles'] != 1 else ''}")

    # ------------------------------------------------------------------ live layout
    def _start_layout(self, *, fresh: bool = False) -> None:
        s = self.scene
        if s is None or s.n == 0:
            return
        pos = self.positions.copy()
        if fresh:
            pos[~s.pinned] = np.nan
        self._layout_paused = False
        self.act_pause.blockSignals(True)
        self.act_pause.setChecked(False)
        self.act_pause.blockSignals(False)
        # Hide names while a big map moves (they would flicker and cost paint time).
        self.view.set_labels_enabled(self.act_labels.isChecked() and s.n <= 300)
        # Packed for the view's shape, so a fresh map fills it (desktop.graph.layout.layout).
        self.layout_worker.start(s.edges, s.n, pos=pos, pinned=s.pinned, names=s.names,
                                 view_px=(self.view.width(), self.view.height()) if self.view.isVisible() else None)

    def restart_layout(self) -> None:
        self._follow_layout = True
        self._start_layout(fresh=True)

    def _on_pause_toggled(self, paused: bool) -> None:
        if paused:
            self._layout_paused = True
            if self.layout_worker.is_running():
                self.layout_worker.stop()
                self._save_positions()
            self.layout_label.setText("Layout paused")
        else:
            self._layout_paused = False
            self._start_layout()

    def _on_layout_frame(self, pos: np.ndarray, progress: float) -> None:
        if self.scene is None or len(pos) != self.scene.n:
            return
        self.positions = self._keep_dragged(pos)
        self.view.set_positions(self.positions)
        if self._follow_layout:
            self.fit_view()
        self.layout_label.setText(f"Laying out… {progress:.0%}")

    def _on_layout_finished(self, pos: np.ndarray, settled: bool) -> None:
        if self.scene is None or len(pos) != self.scene.n:
            return
        self.positions = self._keep_dragged(pos)
        self._repack_for_view(save=False)
        self.view.set_positions(self.positions)
        self.view.set_labels_enabled(self.act_labels.isChecked())
        if self._follow_layout:
            self.fit_view()
            self._follow_layout = False
        self._save_positions()
        self.layout_label.setText("Layout settled" if settled else "Layout stopped")
        self.sigLayoutSettled.emit()

    def _repack_for_view(self, *, save: bool = True) -> None:
        """A fresh map is packed for the view's shape when its layout started (before the
        window was shown, often): if the view has changed shape since, pack it again."""
        done, s = self.layout_worker.result, self.scene
        if done is None or not done.packed or s is None or self.layout_worker.is_running() or len(self.positions) != s.n:
            return
        view_px = (max(self.view.width(), 100), max(self.view.height(), 100))
        # The shape decides the packing, the size how much room tray names need.
        if np.abs(np.log(np.divide(view_px, done.view_px))).max() <= 0.15:
            return
        done = pack_map(self.positions, s.edges, pinned=s.pinned, names=s.names, view_px=view_px)
        self.layout_worker.result = done
        self.positions = done.positions
        if save:
            self.view.set_positions(self.positions)
            self._save_positions()

    def _on_layout_running(self, running: bool) -> None:
        self.act_pause.setEnabled(running or self._layout_paused)

    def _keep_dragged(self, pos: np.ndarray) -> np.ndarray:
        row = self.view.vb._drag_row
        if row is not None and row < len(pos):
            pos = pos.copy()
            pos[row] = self.view.positions[row]
        return pos

    def _save_positions(self) -> None:
        """Store where every actor is drawn so a reopened workspace looks the same."""
        s = self.scene
        if s is None:
            return
        ok = np.isfinite(self.positions).all(axis=1)
        positions = {int(s.actor_ids[i]): (float(self.positions[i, 0]), float(self.positions[i, 1]))
                     for i in np.flatnonzero(ok)}
        if positions:
            self.repo.set_positions(positions)

    def wait_for_layout(self, timeout: float = 20.0) -> bool:
        """Process events until the layout has settled (tests and the self-test)."""
        from time import monotonic

        end = monotonic() + timeout
        app = QApplication.instance()
        while self.layout_worker.is_running() and monotonic() < end:
            self.layout_worker.wait(0.05)
            app.processEvents()
        app.processEvents()
        return not self.layout_worker.is_running()

    # ------------------------------------------------------------------ dragging (undoable)
    def _on_drag_started(self, _actor_id: int) -> None:
        self._resume_after_drag = self.layout_worker.is_running()
        if self._resume_after_drag:
            self.layout_worker.stop()
            self._save_positions()
        self._follow_layout = False

    def _on_actor_dropped(self, actor_id: int, x: float, y: float) -> None:
        row = self.scene.row_of_actor[actor_id]
        self.positions[row] = (x, y)
        self.edit.move_actors({actor_id: (x, y)}, {actor_id: True})
        if self._resume_after_drag and not self._layout_paused:
            self._start_layout()
        self._resume_after_drag = False

    def unpin_actor(self, actor_id: int) -> None:
        row = self.scene.row_of_actor[actor_id]
        x, y = self.positions[row]
        self.edit.move_actors({actor_id: (float(x), float(y))}, {actor_id: False})

    # ------------------------------------------------------------------ changes from edits
    def apply_change(self, change: Change) -> None:
        """Refresh only what ``change`` touched (STYLE habit 2)."""
        if not change:
            return
        graph = bool(change.relationships or change.relation_types)
        actors_only = bool(change.actors) and not graph
        if actors_only and self.scene is not None and all(a in self.scene.row_of_actor for a in change.actors):
            if self._patch_actors(change.actors):
                graph = False
            else:
                graph = True
        elif change.actors:
            graph = True
        if graph:
            if self.layout_worker.is_running():
                self.layout_worker.stop()
                self._save_positions_except(change.actors)
            self.reload_graph(keep=change.actors)
        if change.articles:
            self.articles_panel.refresh()
            self.evidence_panel.forget_articles(change.articles)
        if self.selected_relationship is not None and (
                self.selected_relationship in change.relationships or change.evidence or change.articles):
            self.evidence_panel.refresh()
            if self.evidence_panel.relationship_id is None:
                self.selected_relationship = None
        if self.selected_actor is not None and (self.selected_actor in change.actors or change.relationships):
            self.actor_panel.refresh()
            if self.actor_panel.actor_id is None:
                self.selected_actor = None
                self.view.select_actor(None)
        if change.relationships and self.sender() is not self.edit:
            # edits through the controller refresh the queue themselves; imports and direct
            # repository changes do not
            self.proposals_panel.refresh()
        self._update_counts()
        self._update_edit_actions()

    def _patch_actors(self, actor_ids: frozenset[int]) -> bool:
        """Update moved, pinned or renamed actors in place; False when a full reload is needed."""
        s = self.scene
        for aid in actor_ids:
            try:
                a = self.repo.get_actor(aid)
            except NotFoundError:
                return False
            i = s.row_of_actor[aid]
            s.names[i], s.kinds[i], s.aliases[i] = a.name, a.kind, tuple(a.aliases)
            s.pinned[i] = a.pinned
            s.degree[i] = a.degree
            if a.x is not None and a.y is not None:
                self.positions[i] = (a.x, a.y)
                s.pos[i] = (a.x, a.y)
        self.view.set_scene(s, self.positions, self._apply_filter(s, self.filter))
        self._update_find_names()
        return True

    def _save_positions_except(self, actor_ids: frozenset[int]) -> None:
        s = self.scene
        if s is None:
            return
        positions = {int(a): (float(p[0]), float(p[1])) for a, p in zip(s.actor_ids, self.positions)
                     if int(a) not in actor_ids and np.isfinite(p).all()}
        if positions:
            self.repo.set_positions(positions)

    # ------------------------------------------------------------------ selection
    def _on_relationship_clicked(self, rel_id: int) -> None:
        self.select_relationship(rel_id)

    def _on_actor_clicked(self, actor_id: int) -> None:
        self.select_actor(actor_id)

    def _on_review(self) -> None:
        self.proposals_dock.show()
        self.proposals_dock.raise_()
        self.proposals_panel.focus_queue()

    def _on_panel_relationship(self, rel_id: int) -> None:
        self.select_relationship(rel_id, anchor=self.selected_actor or self._anchor_actor, centre=True)

    def select_relationship(self, rel_id: int | None, *, anchor: int | None = None, centre: bool = False) -> None:
        """Select a relationship: highlight it and show its evidence."""
        if rel_id is None:
            self.clear_selection()
            return
        self.selected_relationship = rel_id
        self._anchor_actor = anchor
        self.selected_actor = None
        self.view.select_relationship(rel_id)
        self._update_edit_actions()
        self.evidence_panel.show_relationship(rel_id)
        self.evidence_dock.show()
        self.evidence_dock.raise_()
        try:
            rel = self.repo.get_relationship(rel_id)
        except NotFoundError:
            return
        arrow = "→" if rel.directed else "—"
        self.statusBar().showMessage(f"{rel.source} {arrow} {rel.type} {arrow} {rel.target}", 6000)
        self.articles_panel.evidence_target = (rel_id, f"{rel.source} {arrow} {rel.type} {arrow} {rel.target}")
        if centre and self.scene is not None and rel_id in self.scene.row_of_relationship:
            k = self.scene.row_of_relationship[rel_id]
            if not self.view.visible_edges[k]:
                self.statusBar().showMessage("That relationship is hidden by the filters", 6000)

    def select_actor(self, actor_id: int | None) -> None:
        """Select an actor: show who they are and highlight their neighbourhood."""
        if actor_id is None:
            self.clear_selection()
            return
        self.selected_actor = actor_id
        self._anchor_actor = actor_id
        self.selected_relationship = None
        self.view.select_actor(actor_id)
        self._update_edit_actions()
        self.actor_panel.show_actor(actor_id)
        self.evidence_panel.show_relationship(None)
        self.actor_dock.show()
        self.actor_dock.raise_()

    def clear_selection(self) -> None:
        self.selected_actor = None
        self.selected_relationship = None
        self._anchor_actor = None
        self.articles_panel.evidence_target = None
        self.view.clear_selection()
        self._update_edit_actions()
        self.evidence_panel.show_relationship(None)
        self.actor_panel.show_actor(None)

    def step_relationship(self, step: int = 1) -> None:
        """Tab: the next (Shift+Tab: previous) relationship of the selected actor."""
        s = self.scene
        if s is None:
            return
        anchor = self._anchor_actor
        if anchor is None and self.selected_relationship is not None:
            k = s.row_of_relationship.get(self.selected_relationship)
            anchor = int(s.actor_ids[s.edges[k, 0]]) if k is not None else None
        if anchor is None or anchor not in s.row_of_actor:
            return
        rows = actor_relationships(s, s.row_of_actor[anchor], edge_mask=self.view.visible_edges)
        if not rows:
            return
        current = s.row_of_relationship.get(self.selected_relationship) if self.selected_relationship else None
        if current in rows:
            nxt = rows[(rows.index(current) + step) % len(rows)]
        else:
            nxt = rows[0] if step > 0 else rows[-1]
        self.select_relationship(int(s.rel_ids[nxt]), anchor=anchor)
        self.view.select_relationship(int(s.rel_ids[nxt]))

    def eventFilter(self, obj, event) -> bool:  # noqa: ANN001, N802
        from PySide6.QtCore import QEvent

        if obj is self.view and event.type() == QEvent.Type.Resize and self._fit_on_resize:
            # docks settling or the window being resized would otherwise crop the map
            QTimer.singleShot(0, self._repack_for_view)
            QTimer.singleShot(0, self.view.fit)
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

    def find(self, text: str) -> bool:
        """Select and centre on the actor with this name or alias; False if none matches."""
        s = self.scene
        row = None
        if s is not None:
            exact = self.repo.find_actor(text) if text.strip() else None
            row = s.row_of_actor.get(exact.id) if exact is not None else None
            if row is None:
                row = find_actor(s, text)
            if row is None and text.strip():
                hits = self.repo.search(text, limit=5).actors
                row = next((s.row_of_actor[a.id] for a in hits if a.id in s.row_of_actor), None)
        if row is None:
            self.statusBar().showMessage(f"No actor called “{text.strip()}”", 5000)
            return False
        actor_id = int(s.actor_ids[row])
        self.select_actor(actor_id)
        if not self.view.visible_nodes[row]:
            self.statusBar().showMessage(f"{s.names[row]} is hidden by the filters", 6000)
        else:
            self.view.centre_on(actor_id)
            self.statusBar().showMessage(f"Found {s.names[row]}", 4000)
        self.view.setFocus()
        return True

    def fit_view(self) -> None:
        self.view.fit()
        self._fit_on_resize = True

    def _on_view_moved_by_user(self) -> None:
        self._follow_layout = False
        self._fit_on_resize = False

    def _on_legend_toggled(self, on: bool) -> None:
        self.view.legend.setVisible(on and self.view.legend.kinds != [])
        self.view.legend.setProperty("userHidden", not on)
        if on:
            self.view._update_legend()

    def _on_color_scheme_changed(self, *_args) -> None:  # noqa: ANN002
        from desktop.ui.theme import apply_theme

        app = QApplication.instance()
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
        if hasattr(self.edit, "add_actor"):
            change = self.edit.add_actor()
            if change and change.subject_id is not None and self.scene is not None \
                    and change.subject_id in self.scene.row_of_actor:
                self.select_actor(change.subject_id)

    def _edit_selected_actor(self, name: str) -> None:
        fn = getattr(self.edit, name, None)
        if fn is not None and self.selected_actor is not None:
            fn(self.selected_actor)

    def _edit_selected_relationship(self, name: str, *args) -> None:  # noqa: ANN002
        fn = getattr(self.edit, name, None)
        if fn is not None and self.selected_relationship is not None:
            fn(self.selected_relationship, *args)

    def _update_edit_actions(self) -> None:
        actor = self.selected_actor is not None
        rel = self.selected_relationship is not None
        for act, name in ((self.act_rename, "rename_actor"), (self.act_edit_actor, "edit_actor"),
                          (self.act_merge, "merge_actor"), (self.act_delete_actor, "delete_actor")):
            act.setEnabled(actor and hasattr(self.edit, name))
        for act, name in ((self.act_confirm, "set_status"), (self.act_reject, "set_status"),
                          (self.act_delete_rel, "delete_relationship")):
            act.setEnabled(rel and hasattr(self.edit, name))

    def _on_remove_evidence(self, evidence_id: int) -> None:
        self.edit.remove_evidence(evidence_id)

    def _on_add_relationship_from_span(self, article_id: int, start: int, end: int) -> None:
        fn = getattr(self.edit, "add_relationship_from_span", None)
        if fn is None:
            self.statusBar().showMessage("Adding relationships needs the editing tools", 5000)
            return
        change = fn(article_id, start, end)
        if change and change.subject_id is not None and self.scene is not None \
                and change.subject_id in self.scene.row_of_relationship:
            self.select_relationship(change.subject_id)

    def _on_add_relationship_between(self, source_id: int) -> None:
        change = self.edit.add_relationship(source_id=source_id)
        if change and change.subject_id is not None and self.scene is not None \
                and change.subject_id in self.scene.row_of_relationship:
            self.select_relationship(change.subject_id)

    def _on_add_evidence_from_span(self, rel_id: int, article_id: int, start: int, end: int) -> None:
        if self.edit.add_evidence(rel_id, article_id, start, end):
            self.select_relationship(rel_id)

    def _on_open_article(self, article_id: int, start: int, end: int) -> None:
        self.articles_dock.show()
        self.articles_dock.raise_()
        self.articles_panel.open_article(article_id, start, end)

    def open_import_dialog(self, paths: list[Path] | tuple = (), *, start: bool = False) -> None:
        """File > Import… (and files dropped on the window): import runs in the background."""
        from desktop.ui.import_dialog import open_import_dialog

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
        dialog.sigImported.connect(self._on_imported)
        dialog.destroyed.connect(lambda *_: setattr(self, "_import_dialog", None))
        self._import_dialog = dialog

    def _on_imported(self, change: Change) -> None:
        self.apply_change(change)
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

        s = self.scene
        positions = None
        visible_actors = visible_rels = None
        if s is not None:
            ok = np.isfinite(self.positions).all(axis=1)
            positions = {int(a): (float(p[0]), float(p[1])) for a, p, good in zip(s.actor_ids, self.positions, ok)
                         if good}
            visible_actors = s.actor_ids[self.view.visible_nodes].tolist()
            visible_rels = s.rel_ids[self.view.visible_edges].tolist() if s.m else []
        rect = self.view.vb.viewRect()
        flt = self.filter
        dialog = ExportDialog(self.repo, self, positions=positions,
                              visible_types=sorted(flt.types) if flt.types is not None else None,
                              visible_statuses=sorted(flt.statuses),
                              view_rect=(rect.x(), rect.y(), rect.width(), rect.height()), y_up=True,
                              date_from=flt.date_from, date_to=flt.date_to,
                              visible_actor_ids=visible_actors, visible_relationship_ids=visible_rels,
                              settings=self.settings)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.sigExported.connect(lambda paths: self.statusBar().showMessage(
            "Exported " + ", ".join(Path(p).name for p in paths), 8000))
        self._export_dialog = dialog
        dialog.open()

    def _on_about(self) -> None:
        QMessageBox.about(self, "About Relmap",
                          f"<b>Relmap {__version__}</b><p>Map actors and the evidence-backed relationships "
                          f"between them.</p><p>Workspace: {self.repo.path}</p>")

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self._import_dialog is not None:
            try:
                self._import_dialog.worker.shutdown()  # a running import stops after its current article
                self._import_dialog.close()
            except RuntimeError:
                pass
        running = self.layout_worker.is_running()
        self.layout_worker.shutdown()
        if running:
            try:
                self._save_positions()
            except RelmapError:
                pass
        self._save_settings()
        super().closeEvent(event)


if __name__ == "__main__":
    from desktop.ui.preview import run_preview

    raise SystemExit(run_preview(MainWindow))
