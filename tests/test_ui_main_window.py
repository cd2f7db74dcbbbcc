"""The main window on a real seeded workspace, driven with real mouse and key events (offscreen)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from desktop.model import Change
from desktop.ui.main_window import MainWindow
from tests.helpers import seeded_workspace


@pytest.fixture
def window(qtbot, tmp_path):
    repo = seeded_workspace(tmp_path)
    win = MainWindow(repo)
    qtbot.addWidget(win)
    win.resize(1300, 850)
    win.show()
    qtbot.waitExposed(win)
    assert win.wait_for_layout(20.0)
    win.fit_view()
    QApplication.processEvents()
    yield win
    win.close()
    repo.close()


def _rel(repo, type_key, actor):
    aid = repo.find_actor(actor).id
    return next(r for r in repo.list_relationships(types=[type_key]) if aid in (r.source_id, r.target_id))


def _mouse(widget, kind, pos: QPoint, buttons) -> None:
    button = Qt.MouseButton.LeftButton
    p = QPointF(pos)
    ev = QMouseEvent(
        kind,
        p,
        widget.mapToGlobal(p),
        button if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, ev)


def test_window_opens_on_seed_and_saves_its_layout(window):
    repo = window.repo
    assert window.view.visible_edges.sum() == 9 and window.view.visible_nodes.sum() == 8
    assert window.view.visible_label_count() >= 6  # names readable at the fitted zoom
    assert window.view.legend.isVisible()
    assert all(a.x is not None and a.y is not None for a in repo.list_actors())
    # Reopening with every position stored draws the same map without laying it out again.
    again = MainWindow(repo)
    try:
        assert not again.layout_worker.is_running()
        assert np.allclose(again.positions, window.positions)
    finally:
        again.close()
        again.deleteLater()


def test_click_on_edge_midpoint_shows_its_evidence(window, qtbot):
    repo = window.repo
    rel = _rel(repo, "successor-of", "Tokayev")
    point = window.view.relationship_viewport_pos(rel.id)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.selected_relationship == rel.id
    text = " ".join(window.evidence_panel.plain_text().split())
    assert "Nazarbayev himself chose as his successor" in text
    assert "successor of" in text
    # "Open in article" shows the full text scrolled to the highlighted excerpt.
    ev = rel.evidence[0]
    window.evidence_panel.sigOpenArticle.emit(ev.article_id, ev.start, ev.end)
    assert window.articles_panel.highlighted_text() == ev.text
    # Clicking empty space clears the selection; clicking a node selects the actor.
    corner = QPoint(5, 5)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=corner)
    assert window.selected_relationship is None
    naz = repo.find_actor("Nazarbayev").id
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=window.view.actor_viewport_pos(naz))
    assert window.selected_actor == naz
    assert "Nursultan Nazarbayev" in window.actor_panel.header.text()
    assert window.actor_panel.relationships.count() == 5
    assert window.view.is_dimmed(window.scene.row_of_actor[repo.find_actor("Putin").id])


def test_tab_walks_the_actors_relationships_and_esc_clears(window, qtbot):
    repo = window.repo
    naz = repo.find_actor("Nazarbayev").id
    window.select_actor(naz)
    window.view.setFocus()
    seen = []
    for _ in range(5):
        qtbot.keyClick(window.view, Qt.Key.Key_Tab)
        seen.append(window.selected_relationship)
    assert len(set(seen)) == 5
    assert all(naz in (repo.get_relationship(r).source_id, repo.get_relationship(r).target_id) for r in seen)
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.selected_relationship == seen[0]
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert window.selected_relationship is None and window.selected_actor is None


def test_find_by_alias_selects_and_centres(window):
    assert window.find_actor("knb")
    knb = window.repo.find_actor("KNB").id
    assert window.selected_actor == knb
    centre = window.view.vb.viewRect().center()
    x, y = window.positions[window.scene.row_of_actor[knb]]
    assert abs(centre.x() - x) < 1e-6 and abs(centre.y() - y) < 1e-6
    assert not window.find_actor("nobody of that name")


def _drag(view, actor_id, offset: QPoint) -> QPoint:
    start = view.actor_viewport_pos(actor_id)
    vp = view.viewport()
    _mouse(vp, QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton)
    for k in range(1, 9):
        _mouse(vp, QEvent.Type.MouseMove, start + offset * (k / 8), Qt.MouseButton.LeftButton)
    end = start + offset
    _mouse(vp, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)
    QApplication.processEvents()
    return end


def test_dragging_a_node_pins_it_where_dropped(window):
    repo = window.repo
    view = window.view
    putin = repo.find_actor("Putin").id
    end = _drag(view, putin, QPoint(48, 32))
    actor = repo.get_actor(putin)
    assert actor.pinned
    drop = view.vb.mapSceneToView(view.mapToScene(end))
    assert actor.x == pytest.approx(drop.x(), abs=view.pixel_size() * 3)
    assert actor.y == pytest.approx(drop.y(), abs=view.pixel_size() * 3)
    assert window.scene.pinned[window.scene.row_of_actor[putin]]
    # Restarting the layout keeps the pinned actor exactly where it was dropped.
    window.restart_layout()
    assert window.wait_for_layout(20.0)
    row = window.scene.row_of_actor[putin]
    assert tuple(window.positions[row]) == pytest.approx((actor.x, actor.y))
    window.unpin_actor(putin)
    assert not repo.get_actor(putin).pinned


def _pixels(image) -> np.ndarray:
    return np.frombuffer(image.constBits(), dtype=np.uint8).reshape(image.height(), image.bytesPerLine()).copy()


def test_a_drag_mends_the_drawn_names_and_they_match_a_fresh_drawing(window, qtbot):
    # On a big zoomed-in map the names' image spans the whole map: a drop drew it afresh (90 ms
    # of every drop on 30,000 actors). It is now mended in place: what leaves is wiped and what
    # comes is drawn, and the result is what a fresh drawing of the same names gives.
    view, labels, vp = window.view, window.view._labels, window.view.viewport()
    # the actor nearest the middle of the map, moved a little: its name stays within the image
    s = window.scene
    rows = np.flatnonzero(view.visible_nodes)
    middle = window.positions[rows].mean(axis=0)
    row = rows[np.argmin(np.hypot(*(window.positions[rows] - middle).T))]
    start = view.actor_viewport_pos(int(s.actor_ids[row]))
    _mouse(vp, QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    vp.repaint()  # the press selects the actor: its name is placed (in bold) with the others
    assert labels._cached_image is not None
    before = labels._cached_image[2]
    for k in range(1, 5):
        qtbot.wait(20)  # pyqtgraph drops mouse moves closer than 10 ms apart
        _mouse(vp, QEvent.Type.MouseMove, start + QPoint(4 * k, 2 * k), Qt.MouseButton.LeftButton)
        QApplication.processEvents()
        vp.repaint()
    _mouse(vp, QEvent.Type.MouseButtonRelease, start + QPoint(16, 8), Qt.MouseButton.NoButton)
    QApplication.processEvents()
    vp.repaint()
    assert window.repo.get_actor(int(s.actor_ids[row])).pinned
    _key, placement, image, left, top = labels._cached_image
    assert image is before, "the names were drawn afresh, not mended"
    assert int(row) in placement.rows.tolist()
    labels._cached_image = None
    fresh, fleft, ftop = labels._image(placement)
    assert (fleft, ftop, fresh.width(), fresh.height()) == (left, top, image.width(), image.height())
    differ = np.abs(_pixels(image).astype(int) - _pixels(fresh).astype(int)) > 24
    assert differ.sum() <= 8, f"{differ.sum()} bytes differ from a fresh drawing"


def test_filters_hide_edges(window, qtbot):
    panel = window.filter_panel
    scene = window.scene
    spoke = [k for k, t in enumerate(scene.types) if t == "spoke-with"]
    panel.set_type_checked("spoke-with", False)
    panel.flush()
    assert not window.view.visible_edges[spoke].any()
    assert window.view.visible_edges.sum() == 7
    assert "7 of 9 relationships" in window.counts_label.text()
    # A hidden relationship cannot be clicked.
    panel.set_type_checked("spoke-with", True)
    panel.flush()
    assert window.view.visible_edges.all()
    putin = window.repo.find_actor("Putin").id
    panel.focus_on(putin, depth=1)
    panel.flush()
    assert window.view.visible_nodes.sum() == 3
    knb = window.repo.find_actor("KNB").id
    panel.path_between(putin, knb)
    panel.flush()
    assert window.view.visible_edges.sum() == 5
    panel.reset()
    panel.flush()
    assert window.view.visible_edges.sum() == 9


def test_a_change_refreshes_what_it_touched(window):
    repo = window.repo
    rel = _rel(repo, "ally-of", "Masimov")
    window.select_relationship(rel.id)
    window.apply_change(repo.set_status(rel.id, "proposed"))
    assert window.proposals_panel.model.rowCount() == 1
    assert "proposed" in window.evidence_panel.plain_text()
    k = window.scene.row_of_relationship[rel.id]
    assert window.scene.statuses[k] == "proposed"
    new = repo.create_actor("Tass", "organisation")
    window.apply_change(new)
    assert new.subject_id in window.scene.row_of_actor
    assert window.wait_for_layout(20.0)
    assert np.isfinite(window.positions).all()
    window.apply_change(Change())  # nothing touched: nothing to do


def test_edits_go_through_the_undo_stack(window):
    """Integration with EditController: a drag, a status change and an excerpt removal are
    each one undo step, and undo/redo redraw the map and the docks."""
    repo = window.repo
    stack = window.undo_stack
    putin = repo.find_actor("Putin").id
    row = window.scene.row_of_actor[putin]
    before = tuple(window.positions[row])
    _drag(window.view, putin, QPoint(40, 0))
    _drag(window.view, putin, QPoint(0, 30))  # a second drag of the same actor merges
    assert stack.count() == 1
    assert repo.get_actor(putin).pinned and window.scene.pinned[row]
    moved = tuple(window.positions[row])
    stack.undo()
    assert not repo.get_actor(putin).pinned and not window.scene.pinned[row]
    assert tuple(window.positions[row]) == pytest.approx(before)
    stack.redo()
    assert tuple(window.positions[row]) == pytest.approx(moved)

    rel = _rel(repo, "successor-of", "Tokayev")
    k = window.scene.row_of_relationship[rel.id]
    window.select_relationship(rel.id)
    window.act_reject.trigger()
    k = window.scene.row_of_relationship[rel.id]
    assert window.scene.statuses[k] == "rejected" and not window.view.visible_edges[k]
    assert "rejected" in window.evidence_panel.plain_text()  # the dock still says what just happened
    window.act_undo.trigger()
    k = window.scene.row_of_relationship[rel.id]
    assert window.scene.statuses[k] == "confirmed" and window.view.visible_edges[k]

    spoke = _rel(repo, "spokesperson-of", "Ukibay")
    window.select_relationship(spoke.id)
    window.evidence_panel.sigRemoveEvidence.emit(spoke.evidence[0].id)
    assert len(repo.get_relationship(spoke.id).evidence) == 1
    assert "1 excerpt" in window.evidence_panel.plain_text()
    window.act_undo.trigger()
    assert len(repo.get_relationship(spoke.id).evidence) == 2
    assert "2 excerpts" in window.evidence_panel.plain_text()
    # A selection in the article reader can back the selected relationship.
    assert window.articles_panel.evidence_target[0] == spoke.id
    article = repo.list_articles()[0]
    window.articles_panel.sigAddEvidenceFromSpan.emit(spoke.id, article.id, 0, 40)
    assert len(repo.get_relationship(spoke.id).evidence) == 3
    assert "3 excerpts" in window.evidence_panel.plain_text()
    window.act_undo.trigger()
    assert len(repo.get_relationship(spoke.id).evidence) == 2
    assert window.act_undo.text().startswith("Undo")


def test_hover_explains_and_recent_workspaces_remembered(window, qtbot):
    repo = window.repo
    view = window.view
    rel = _rel(repo, "successor-of", "Tokayev")
    _mouse(view.viewport(), QEvent.Type.MouseMove, view.relationship_viewport_pos(rel.id), Qt.MouseButton.NoButton)
    QApplication.processEvents()
    assert "successor of" in view.hover_text() and "click to read the evidence" in view.hover_text()
    knb = view.actor_viewport_pos(repo.find_actor("KNB").id)

    def hovering_knb() -> bool:
        # pyqtgraph takes at most one mouse move per 10 ms, so on a busy machine a move can be
        # dropped: keep moving until the view has taken one
        _mouse(view.viewport(), QEvent.Type.MouseMove, knb, Qt.MouseButton.NoButton)
        QApplication.processEvents()
        return "National Security Committee" in view.hover_text()

    qtbot.waitUntil(hovering_knb, timeout=3000)
    assert "also: KNB" in view.hover_text()
    assert window.recent_workspaces()[0] == str(repo.path.resolve())
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    # the window may not be the active one offscreen; what matters is where its focus went
    assert window.focusWidget() is window.find_box


def test_layout_can_be_paused_resumed_and_restarted(qtbot, tmp_path):
    from desktop.model import open_workspace

    repo = open_workspace(tmp_path / "bigger.relmap")
    rng = np.random.default_rng(3)
    n = 320
    edges = {(int(min(a, b)), int(max(a, b))) for a, b in rng.integers(0, n, (480, 2)) if a != b}
    repo.bulk_add(
        actors=[{"name": f"Actor {i}"} for i in range(n)],
        relationships=[
            {"type": "spoke-with", "source": a, "target": b, "status": "confirmed", "confidence": 1.0}
            for a, b in sorted(edges)
        ],
    )
    win = MainWindow(repo)
    qtbot.addWidget(win)
    win.show()
    try:
        assert win.layout_worker.is_running()
        assert not win.view.labels_enabled  # names wait until a big map has settled
        win.act_pause.trigger()
        assert not win.layout_worker.is_running() and win.layout_label.text() == "Layout paused"
        win.act_pause.trigger()
        assert win.layout_worker.is_running()
        assert win.wait_for_layout(60.0)
        assert win.view.labels_enabled
        assert np.isfinite(win.positions).all()
        assert all(a.x is not None for a in repo.list_actors())
        win.act_restart.trigger()
        assert win.layout_worker.is_running()
    finally:
        win.close()  # stops the running layout and joins its thread
        repo.close()
    assert not win.layout_worker.is_running()


def test_export_dialog_opens_on_what_the_view_shows(window):
    window.filter_panel.set_type_checked("spoke-with", False)
    window.filter_panel.flush()
    window.act_export.trigger()
    dialog = window._export_dialog
    try:
        assert dialog.isVisible()
        assert len(dialog.visible_relationship_ids) == 7
        assert "spoke-with" not in dialog.visible_types
        assert set(dialog.positions) == {a.id for a in window.repo.list_actors()}
    finally:
        dialog.close()


def test_window_size_and_docks_come_back_next_time(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    repo = seeded_workspace(tmp_path)

    def open_window() -> MainWindow:
        win = MainWindow(repo, settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        return win

    first = open_window()
    first.resize(760, 640)  # the offscreen screen is 800 x 800
    first.filter_dock.hide()
    QApplication.processEvents()
    first.close()
    second = open_window()
    try:
        assert (second.width(), second.height()) == (760, 640)
        assert not second.filter_dock.isVisible()
        assert second.evidence_dock.isVisible()
        # Saved on a bigger screen, the window comes back fitting this one.
        second.resize(1500, 700)
    finally:
        second.close()
    third = open_window()
    try:
        assert third.width() <= third.screen().availableGeometry().width()
    finally:
        third.close()
        repo.close()


def test_names_keep_clear_of_their_own_actors_lines(window):
    # Nazarbayev's lines leave up, left, right and down on the seed map: his name must still
    # find a spot (a corner) that none of them crosses, so no line disappears under a halo.
    from desktop.graph.labels import rays_cross as _rays_cross

    view = window.view
    view.viewport().repaint()
    placed = view.label_rects()
    assert len(placed) >= 6
    rows = np.array(sorted(placed))
    owner, rays = view.incident_directions(rows)
    xy = view.rows_to_viewbox(rows)
    for k, row in enumerate(rows):
        rect, (x, y) = placed[row], xy[k]
        box = np.array([[rect.left() - x, rect.right() - x, rect.top() - y, rect.bottom() - y]])
        own = rays[owner == k]
        crossed = _rays_cross(np.broadcast_to(box, (len(own), 1, 4)), own)
        assert not crossed.any(), f"a line of {view.scene_data.names[row]} runs under its name"


def test_every_seed_name_shows_in_a_small_window(window):
    # At 1024 x 700 "National Security Committee" has no free spot on one line beside Masimov's
    # name: it goes on two lines rather than missing.
    window.resize(1024, 700)
    QApplication.processEvents()
    window.fit_view()
    QApplication.processEvents()
    window.view.viewport().repaint()
    names = {window.view.scene_data.names[row]: rect for row, rect in window.view.label_rects().items()}
    assert set(names) == {a.name for a in window.repo.list_actors()}


def test_clicking_an_article_in_the_dock_highlights_its_story(qtbot, tmp_path):
    repo = seeded_workspace(tmp_path)
    putin, tok = repo.find_actor("Putin").id, repo.find_actor("Tokayev").id
    text = "An invented note: Putin spoke with Tokayev by phone."
    article = repo.add_article(text, title="A short invented note").subject_id
    rel = repo.get_relationship(repo.add_relationship("spoke-with", putin, tok, status="confirmed").subject_id)
    repo.add_evidence(rel.id, article, 0, len(text))
    win = MainWindow(repo)
    qtbot.addWidget(win)
    try:
        win.resize(1300, 850)
        win.show()
        assert win.wait_for_layout(20.0)
        view, panel = win.view, win.articles_panel
        win.articles_dock.show()
        win.articles_dock.raise_()
        QApplication.processEvents()
        assert not any(view.is_dimmed(r) for r in range(view.scene_data.n))  # opening dims nothing
        row = next(i for i in range(panel.list.count()) if panel.list.item(i).data(Qt.ItemDataRole.UserRole) == article)
        rect = panel.list.visualItemRect(panel.list.item(row))
        qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert win.session.selection.article == article
        s = view.scene_data
        story = {s.row_of_actor[putin], s.row_of_actor[tok]}
        assert {r for r in range(s.n) if not view.is_dimmed(r)} == story
        # the story's line is drawn bright, every other line dimmed
        groups = view._edge_style()["groups"]
        bright = {
            int(s.rel_ids[view._edge_style()["rows"][m]]) for _pen, z, members in groups if z == 10 for m in members
        }
        assert bright == {rel.id}
        assert "story" in win.statusBar().currentMessage()
        # Esc shows everything again, and the row no longer looks chosen
        with qtbot.waitActive(win):
            win.activateWindow()
        qtbot.keyClick(panel.list, Qt.Key.Key_Escape)
        assert not win.session.selection and not any(view.is_dimmed(r) for r in range(s.n))
        assert panel.list.selectedItems() == []
        # the same row clicked again lights it up again; a click below the rows picks none
        qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert win.session.selection.article == article
        below = QPoint(
            rect.center().x(), panel.list.visualItemRect(panel.list.item(panel.list.count() - 1)).bottom() + 8
        )
        assert panel.list.itemAt(below) is None
        qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=below)
        assert not win.session.selection and not any(view.is_dimmed(r) for r in range(s.n))
        # a story the filters hide entirely: nothing is dimmed, and the status bar says why
        from desktop.graph.scene import SceneFilter

        win.set_filter(SceneFilter(statuses=frozenset({"rejected"})))
        qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert win.session.selection.article == article and not any(view.is_dimmed(r) for r in range(s.n))
        assert "hide it" in win.statusBar().currentMessage()
    finally:
        win.close()
        repo.close()


def test_the_map_paints_first_and_the_docks_fill_right_after(qtbot, tmp_path):
    # A big workspace shows its map without waiting for the review queue, the article list,
    # the Filter dock's pickers and Find (issue 12): they are read once the map has painted.
    repo = seeded_workspace(tmp_path)
    first, second = repo.list_actors()[:2]
    repo.add_relationship("ally-of", first.id, second.id)  # a proposal for the review queue
    win = MainWindow(repo)
    qtbot.addWidget(win)
    try:
        assert win.proposals_panel.model.rowCount() == 0 and len(win.find_box.index) == 0
        win.resize(1000, 700)
        win.show()
        qtbot.waitUntil(lambda: win.view.painted)
        qtbot.waitUntil(lambda: len(win.find_box.index) == win.scene.n)
        proposed = repo.list_relationships(statuses=["proposed"])
        assert win.proposals_panel.model.rowCount() >= len(proposed) > 0
        assert win.articles_panel.list.count() == len(repo.list_articles()) > 0
        assert win.filter_panel.hood_actor.index.exact(first.name) == first.id
    finally:
        win.close()
        repo.close()


def test_the_history_dock_catches_up_when_its_tab_comes_to_the_front(window, qtbot):
    # Behind another tab, History is not redrawn on every change (a drop on a 30,000-actor map
    # spent 100 ms resetting it unseen); showing its tab brings it up to date.
    win = window
    win.actor_dock.raise_()
    qtbot.waitUntil(lambda: win.history_panel.visibleRegion().isEmpty(), timeout=2000)
    shown_before = win.history_panel.row_texts()
    putin = win.repo.find_actor("Putin").id
    win.edit.rename_actor(putin, new_name="V. V. Putin")
    QApplication.processEvents()
    assert win.history_panel.row_texts() == shown_before  # hidden: not redrawn
    win.history_dock.raise_()
    qtbot.waitUntil(lambda: not win.history_panel.visibleRegion().isEmpty(), timeout=2000)
    assert win.history_panel.row_texts()[0][2] == "changed actor “V. V. Putin”"
