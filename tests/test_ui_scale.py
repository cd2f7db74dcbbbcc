"""Level of detail on a big map: what the graph view draws when thousands of actors are in view.

Behaviour only (what is shown), never timing: tests/bench/bench_view.py measures the speed.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from desktop.graph.scene import scene_from_rows
from desktop.graph.session import MapSession
from desktop.model.records import RelationTypeRecord
from desktop.ui import graph_view
from desktop.ui.graph_view import GraphView


def _grid_scene(side: int):
    """side x side actors on a unit grid, each joined to its right and lower neighbour."""
    n = side * side
    actors = [(i + 1, f"Actor {i}", "person", float(i % side), float(i // side), False) for i in range(n)]
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


@pytest.fixture
def view():
    app = QApplication.instance() or QApplication([])
    v = GraphView()
    v.resize(800, 600)
    v.show()
    app.processEvents()
    yield v
    v.close()
    v.deleteLater()
    app.processEvents()


def _show(view: GraphView, scene) -> MapSession:  # noqa: ANN001
    """The view on a session of its own holding ``scene`` (no workspace needed)."""
    session = MapSession()
    session.show(scene)
    view.show_session(session)
    return session


def _paint(v: GraphView) -> None:
    # The ViewBox applies a new range while painting; the view redraws zoom-dependent geometry
    # on the next event-loop turn and paints again.
    for _ in range(2):
        QApplication.processEvents()
        v.grab()


def test_names_wait_until_few_enough_actors_are_in_view(view: GraphView) -> None:
    scene = _grid_scene(60)  # 3600 actors, 7080 relationships
    session = _show(view, scene)
    view.fit()
    _paint(view)
    assert scene.n > graph_view.LABEL_LOD_ACTORS
    assert view.visible_label_count() == 0  # the whole map: too many actors to name
    session.select_actor(int(scene.actor_ids[1830]))
    view.on_selection_changed()
    _paint(view)
    assert 0 < view.visible_label_count() <= 5  # but the selection and its neighbours are named
    session.clear_selection()
    view.on_selection_changed()
    view.centre_on(int(scene.actor_ids[1830]))  # zoomed in on one actor
    _paint(view)
    assert view.visible_label_count() > 0


def test_many_lines_on_screen_are_drawn_thin_and_without_arrowheads(view: GraphView) -> None:
    scene = _grid_scene(60)
    _show(view, scene)
    view.fit()
    _paint(view)
    drawn = view.drawn_edge_summary()
    assert drawn["lines"] > graph_view.EDGE_LOD_LINES
    assert drawn["widest"] <= 1.0
    assert drawn["arrows"] == 0
    # Zoomed in, lines get their width and arrowheads back, and only lines near the view are drawn.
    view.centre_on(int(scene.actor_ids[1830]))
    _paint(view)
    drawn = view.drawn_edge_summary()
    assert 0 < drawn["lines"] < scene.m // 4
    assert drawn["widest"] > 1.0
    assert drawn["arrows"] > 0
