"""A pan or zoom by the user's hand is drawn from one image (desktop.ui.map_snapshot); once it
ends, the map is drawn exactly as if it had never been, and clicks pick what is under the pointer
throughout. Behaviour only: tests/bench/bench_scale.py measures the speed."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from desktop.graph.scene import scene_from_rows
from desktop.graph.session import MapSession
from desktop.model.records import RelationTypeRecord
from desktop.ui import map_snapshot
from desktop.ui.graph_view import GraphView


def _grid_scene(side: int):
    """side x side actors on a unit grid (too many to name at full view), each joined to its
    right and lower neighbour."""
    n = side * side
    actors = [
        (i + 1, f"Actor {i}", "person" if i % 3 else "organisation", float(i % side), float(i // side), False)
        for i in range(n)
    ]
    rels = []
    for i in range(n):
        for j in (i + 1 if (i + 1) % side else None, i + side if i + side < n else None):
            if j is not None:
                rels.append((len(rels) + 1, "leader-of", i + 1, j + 1, "confirmed", 0.9, 1, None, None))
    types = [
        RelationTypeRecord(
            id=1,
            key="leader-of",
            label="leader of",
            inverse_label="led by",
            directed=True,
            color="#aa3333",
            builtin=True,
        )
    ]
    return scene_from_rows(actors, rels, types)


def _view(session: MapSession) -> GraphView:
    v = GraphView()
    # the communities' tint arrives from a worker thread whenever it is done: these tests
    # compare the pixels of lines and symbols, so the two views compared go without it
    v.regions.wanted = False
    v.resize(700, 500)
    v.show_session(session)
    v.show()
    QApplication.processEvents()
    return v


@pytest.fixture
def session():
    s = MapSession()
    s.show(_grid_scene(30))
    return s


@pytest.fixture
def view(qapp, session):
    v = _view(session)
    v.fit()
    _settle(v)
    yield v
    v.close()
    v.deleteLater()
    QApplication.processEvents()


def _settle(v: GraphView) -> None:
    for _ in range(3):
        QApplication.processEvents()
        v.grab()


def _mouse(v: GraphView, kind: QEvent.Type, pos: QPoint, buttons: Qt.MouseButton) -> None:
    vp = v.viewport()
    button = Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
    p = QPointF(pos)
    QApplication.sendEvent(vp, QMouseEvent(kind, p, vp.mapToGlobal(p), button, buttons, Qt.KeyboardModifier.NoModifier))
    QApplication.processEvents()


def _click(v: GraphView, pos: QPoint) -> None:
    _mouse(v, QEvent.Type.MouseButtonPress, pos, Qt.MouseButton.LeftButton)
    _mouse(v, QEvent.Type.MouseButtonRelease, pos, Qt.MouseButton.NoButton)


def _wheel(v: GraphView, pos: QPoint, steps: int) -> None:
    vp = v.viewport()
    p = QPointF(pos)
    QApplication.sendEvent(
        vp,
        QWheelEvent(
            p,
            vp.mapToGlobal(p),
            QPoint(),
            QPoint(0, 120 * steps),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        ),
    )
    QApplication.processEvents()


def _empty_spot(v: GraphView) -> QPoint:
    """A viewport point between actors (a drag there pans instead of moving an actor)."""
    a, b = v.actor_viewport_pos(1), v.actor_viewport_pos(2 + 30)  # two diagonal neighbours
    return QPoint((a.x() + b.x()) // 2, (a.y() + b.y()) // 2)


def _drag(v: GraphView, start: QPoint, steps: list[QPoint], *, release: bool = True) -> None:
    left = Qt.MouseButton.LeftButton
    _mouse(v, QEvent.Type.MouseButtonPress, start, left)
    for p in steps:
        _mouse(v, QEvent.Type.MouseMove, p, left)
    if release:
        _mouse(v, QEvent.Type.MouseButtonRelease, steps[-1], Qt.MouseButton.NoButton)


def _same(a: QImage, b: QImage) -> bool:
    a = a.convertToFormat(QImage.Format.Format_ARGB32)
    b = b.convertToFormat(QImage.Format.Format_ARGB32)
    return a.size() == b.size() and a == b


def test_a_pan_is_drawn_from_one_image_and_exactly_as_ever_once_the_button_is_up(view, session):
    start = _empty_spot(view)
    before = view.view_range()
    _drag(view, start, [start + QPoint(15 * i, 6 * i) for i in range(1, 8)], release=False)
    assert view.gesture_active()  # the pan is drawn from the image...
    assert not view._nodes.isVisible() and not view._edge_layer.isVisible()
    assert view.view_range() != before  # ...and the view did move
    _mouse(view, QEvent.Type.MouseButtonRelease, start + QPoint(105, 42), Qt.MouseButton.NoButton)
    assert not view.gesture_active()  # released: drawn properly again, at once
    assert view._nodes.isVisible() and view._edge_layer.isVisible()
    _settle(view)
    panned = view.grab().toImage()
    # a view that never panned, shown the same part of the map, draws the same pixels
    fresh = _view(session)
    try:
        fresh.set_view_range(view.view_range())
        _settle(fresh)
        assert np.allclose(fresh.view_range(), view.view_range())
        assert _same(fresh.grab().toImage(), panned)
    finally:
        fresh.close()


def test_a_zoom_is_drawn_from_the_image_until_the_wheel_rests_then_exactly(view, session, qtbot):
    centre = QPoint(view.viewport().width() // 2, view.viewport().height() // 2)
    _wheel(view, centre, 1)
    _wheel(view, centre, 1)
    assert view.gesture_active()
    qtbot.waitUntil(lambda: not view.gesture_active(), timeout=5000)  # the wheel rested
    _settle(view)
    zoomed = view.grab().toImage()
    fresh = _view(session)
    try:
        fresh.set_view_range(view.view_range())
        _settle(fresh)
        assert _same(fresh.grab().toImage(), zoomed)
    finally:
        fresh.close()


def test_a_click_during_and_after_a_zoom_picks_the_actor_under_the_pointer(view, session, qtbot):
    clicked: list[int] = []
    view.sigActorClicked.connect(clicked.append)
    target = 12 * 30 + 17 + 1  # actor ids are 1 + row, row by row
    _wheel(view, view.actor_viewport_pos(target), 2)  # zoom in around it: symbols move and grow
    assert view.gesture_active()
    # while the map is drawn from the image, a neighbour of the target is clicked
    neighbour = target + 1
    _click(view, view.actor_viewport_pos(neighbour))
    assert clicked == [neighbour]
    qtbot.waitUntil(lambda: not view.gesture_active(), timeout=5000)
    _click(view, view.actor_viewport_pos(target))
    assert clicked == [neighbour, target]


def test_a_big_zoom_takes_the_image_again_rather_than_blow_it_up(view):
    centre = QPoint(view.viewport().width() // 2, view.viewport().height() // 2)
    _wheel(view, centre, 1)
    taken = view._snapshot.captures
    for _ in range(8):  # ~10x in: past the magnification an image may be blown up by
        _wheel(view, centre, 1)
    assert view.gesture_active()
    assert view._snapshot.captures > taken
    assert view.scale() / view._snapshot._scale <= map_snapshot.MAX_MAGNIFY


def test_anything_else_that_changes_the_map_ends_the_gesture(view, session):
    centre = QPoint(view.viewport().width() // 2, view.viewport().height() // 2)
    _wheel(view, centre, 1)
    assert view.gesture_active()
    session.select_actor(int(session.scene.actor_ids[5]))
    view.on_selection_changed()
    assert not view.gesture_active() and view._nodes.isVisible()
