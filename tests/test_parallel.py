"""Relationships between the same two actors: curved apart on screen, each clicked and hovered
through the real view; more than three fold into one counted line that opens on a click."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent
from PySide6.QtWidgets import QApplication

from desktop.graph.parallel import COLLAPSE_OVER, curve_points, pair_bundles, pair_order
from desktop.ui.main_window import MainWindow
from tests.helpers import seeded_workspace


def test_pairs_take_lanes_and_big_pairs_fold_into_their_first_line():
    # 0-1 twice, 1-2 once, 2-3 five times (one of them reversed), one 2-3 hidden by the filter
    edges = np.array([[0, 1], [1, 0], [1, 2], [2, 3], [3, 2], [2, 3], [2, 3], [2, 3], [2, 3]])
    shown = np.ones(len(edges), dtype=bool)
    shown[8] = False
    p = pair_bundles(edges, shown)
    assert sorted(p.lanes[[0, 1]]) == [-0.5, 0.5] and p.lanes[2] == 0
    assert len(p.collapsed) == 1 and list(p.collapsed[0]) == [3, 4, 5, 6, 7]
    assert p.drawn.tolist() == [True, True, True, True, False, False, False, False, False]
    assert (p.bundle[3:8] == 0).all() and p.bundle[8] == -1 and (p.lanes[3:8] == 0).all()
    # opened (by actor ids, which survive a new scene's row numbers), the five fan out
    ids = np.array([10, 11, 12, 13])
    p = pair_bundles(edges, shown, open_pairs={(12, 13)}, pair_ids=ids)
    assert not p.collapsed and p.drawn[3:8].all()
    assert sorted(p.lanes[3:8]) == [-2, -1, 0, 1, 2]
    # three are not a thicket
    assert not pair_bundles(edges[:8], np.r_[np.ones(6, bool), False, False]).collapsed
    assert COLLAPSE_OVER == 3


def test_pairs_sorted_once_give_the_same_lanes_for_every_filter():
    # a time window sliding: the edges are sorted by pair once, each filter reuses the order
    rng = np.random.default_rng(4)
    edges = rng.integers(0, 12, size=(400, 2))
    order = pair_order(edges)
    ids = np.arange(100, 112)
    for keep in (0.0, 0.1, 0.5, 1.0):
        shown = rng.random(len(edges)) < keep
        for opened in (None, {(100, 101), (103, 107)}):
            a = pair_bundles(edges, shown, open_pairs=opened, pair_ids=ids)
            b = pair_bundles(edges, shown, open_pairs=opened, pair_ids=ids, order=order)
            assert np.array_equal(a.lanes, b.lanes) and np.array_equal(a.drawn, b.drawn)
            assert np.array_equal(a.bundle, b.bundle)
            assert [m.tolist() for m in a.collapsed] == [m.tolist() for m in b.collapsed]
    assert len(pair_bundles(edges, np.ones(len(edges), bool), order=order).collapsed) > 0


def test_curves_bulge_by_their_lane_and_stop_at_the_rims():
    pos = np.array([[0.0, 0.0], [10.0, 0.0]])
    edges = np.array([[0, 1], [0, 1], [1, 0]])
    pts = curve_points(pos, edges, np.array([-0.5, 0.5, 0.0]), bulge=2.0, segments=16)
    assert pts.shape == (3, 17, 2)
    assert np.allclose(pts[0, 8], [5.0, -1.0]) and np.allclose(pts[1, 8], [5.0, 1.0])
    assert np.allclose(pts[2, :, 1], 0.0)  # lane 0 is the straight line
    assert np.allclose(pts[0, 0], [0, 0]) and np.allclose(pts[0, -1], [10, 0])
    # A->B and B->A in the same lane number curve to opposite sides of the pair's normal
    both = curve_points(pos, np.array([[0, 1], [1, 0]]), np.array([0.5, 0.5]), bulge=2.0)
    assert np.allclose(both[0, 8], both[1, 8])
    trimmed = curve_points(pos, edges[:1], np.array([0.5]), bulge=2.0, trim_start=1.0, trim_end=2.0)[0]
    assert abs(np.hypot(*trimmed[0]) - 1.0) < 0.1 and abs(np.hypot(*(trimmed[-1] - pos[1])) - 2.0) < 0.2


def _mouse_move(view, pos: QPoint) -> None:
    p = QPointF(pos)
    ev = QMouseEvent(
        QEvent.Type.MouseMove,
        p,
        view.viewport().mapToGlobal(p),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view.viewport(), ev)


def _hover(qtbot, view, pos: QPoint, wanted: str) -> str:
    def hovering() -> bool:
        # pyqtgraph takes at most one mouse move per 10 ms: keep moving until one is taken
        _mouse_move(view, pos + QPoint(0, 1))
        _mouse_move(view, pos)
        QApplication.processEvents()
        return wanted in view.hover_text()

    qtbot.waitUntil(hovering, timeout=3000)
    return view.hover_text()


def _open(qtbot, repo) -> MainWindow:
    win = MainWindow(repo)
    qtbot.addWidget(win)
    win.resize(1300, 850)
    win.show()
    qtbot.waitExposed(win)
    assert win.wait_for_layout(20.0)
    win.fit_view()
    QApplication.processEvents()
    return win


def _pair(repo, a: str, b: str) -> list:
    ids = {repo.find_actor(a).id, repo.find_actor(b).id}
    return [r for r in repo.list_relationships() if {r.source_id, r.target_id} == ids]


def _drawn_colour_near(view, point: QPoint, colour: str) -> bool:
    image = view.grab().toImage()
    want = QColor(colour)
    for dx in range(-2, 3):
        for dy in range(-2, 3):
            got = image.pixelColor(point.x() + dx, point.y() + dy)
            if abs(got.red() - want.red()) + abs(got.green() - want.green()) + abs(got.blue() - want.blue()) < 60:
                return True
    return False


@pytest.mark.slow
def test_two_relationships_of_one_pair_curve_apart_and_each_is_clicked_and_hovered(qtbot, tmp_path):
    repo = seeded_workspace(tmp_path)
    win = _open(qtbot, repo)
    try:
        view = win.view
        rels = _pair(repo, "Tokayev", "Nazarbayev")
        assert sorted(r.type for r in rels) == ["spoke-with", "successor-of"]
        tok = view.actor_viewport_pos(repo.find_actor("Tokayev").id)
        naz = view.actor_viewport_pos(repo.find_actor("Nazarbayev").id)
        chord_mid = QPointF(tok + naz) / 2
        mids = [view.relationship_viewport_pos(r.id) for r in rels]
        # each curve's middle stands clear of the straight line and of the other's
        for mid in mids:
            assert QPointF(mid - chord_mid.toPoint()).manhattanLength() >= 5
        assert (mids[0] - mids[1]).manhattanLength() >= 10
        scene = view.session.scene
        for rel, mid in zip(rels, mids):
            assert _drawn_colour_near(view, mid, scene.type_color(rel.type)), rel.type
        for rel, mid in zip(rels, mids):
            label = scene.type_label(rel.type)
            assert label in _hover(qtbot, view, mid, label)
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=mid)
            assert win.selected_relationship == rel.id
    finally:
        win.close()
        repo.close()


@pytest.mark.slow
def test_a_pair_of_five_is_one_counted_line_until_clicked_open(qtbot, tmp_path):
    repo = seeded_workspace(tmp_path)
    tok, naz = repo.find_actor("Tokayev").id, repo.find_actor("Nazarbayev").id
    for key in ("ally-of", "appointed-by", "opposed-to"):
        repo.add_relationship(key, tok, naz, status="confirmed")
    win = _open(qtbot, repo)
    try:
        view = win.view
        rels = _pair(repo, "Tokayev", "Nazarbayev")
        assert len(rels) == 5
        summary = view.drawn_edge_summary()
        assert summary["badges"] == ["5"] and summary["curves"] == 0
        assert summary["lines"] == int(view.visible_edges.sum()) - 4
        line = view.relationship_viewport_pos(rels[0].id)
        assert all(view.relationship_viewport_pos(r.id) == line for r in rels)
        tip = _hover(qtbot, view, line, "5 relationships")
        assert "click to show each" in tip and "ally" in tip.lower() and "opposed" in tip.lower()
        # a click opens the pair: four curves around a straight middle, no badge, nothing
        # selected yet
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=line)
        assert win.selected_relationship is None
        summary = view.drawn_edge_summary()
        assert summary["badges"] == [] and summary["curves"] == 4
        assert summary["lines"] == int(view.visible_edges.sum())
        mids = {r.id: view.relationship_viewport_pos(r.id) for r in rels}
        assert len({(p.x(), p.y()) for p in mids.values()}) == 5
        for rel in rels:
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=mids[rel.id])
            assert win.selected_relationship == rel.id, rel.type
        # the empty map folds it again; choosing one of them elsewhere opens it
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
        assert view.drawn_edge_summary()["badges"] == ["5"]
        win.select_relationship(rels[2].id)
        QApplication.processEvents()
        assert view.drawn_edge_summary()["curves"] == 4
    finally:
        win.close()
        repo.close()
