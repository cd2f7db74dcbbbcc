"""The map session without Qt: scene, one positions array, filter and selection on a real
seeded workspace, each call saying what it changed (MapUpdate)."""

from __future__ import annotations

import numpy as np

from desktop.graph.scene import SceneFilter
from desktop.graph.session import MapSession, MapUpdate, Selection
from desktop.model.commands import MoveActors, RenameActor, SetStatus


def _session(repo) -> MapSession:  # noqa: ANN001
    """A session on ``repo`` with every actor placed (on a circle: where does not matter here)."""
    actors = repo.list_actors()
    repo.set_positions({a.id: (float(np.cos(i)), float(np.sin(i))) for i, a in enumerate(actors)})
    session = MapSession(repo)
    update = session.reload()
    assert update.scene and update.visibility and update.moved is None
    return session


def test_reload_keeps_positions_on_the_map_over_stored_ones(seeded_repo):
    session = _session(seeded_repo)
    putin = seeded_repo.find_actor("Putin").id
    row = session.scene.row_of_actor[putin]
    session.positions[:] = np.arange(2 * session.scene.n, dtype=float).reshape(-1, 2)
    session.reload()
    assert tuple(session.positions[session.scene.row_of_actor[putin]]) == (2.0 * row, 2.0 * row + 1)
    seeded_repo.set_positions({putin: (50.0, 60.0)})
    session.reload(keep={putin})  # an edit put this actor somewhere: the workspace wins for it
    assert tuple(session.positions[session.scene.row_of_actor[putin]]) == (50.0, 60.0)


def test_a_move_is_one_row_and_a_pin_restyles_it(seeded_repo):
    session = _session(seeded_repo)
    putin = seeded_repo.find_actor("Putin").id
    row = session.scene.row_of_actor[putin]
    version = session.versions.scene
    assert session.move_actor(putin, 3.0, 4.0) == MapUpdate(moved=(row,))
    _inverse, change = MoveActors({putin: (3.0, 4.0)}, {putin: True}).apply(seeded_repo)
    assert change.layout == {putin} and not change.actors
    update = session.apply_change(change)
    assert update == MapUpdate(moved=(), restyled=(row,))  # already there: only the pin is new
    assert session.scene.pinned[row] and session.versions.scene == version  # no reload
    # undoing the move puts the actor back: that row moves, nothing else
    _redo, back = _inverse.apply(seeded_repo)
    update = session.apply_change(back)
    assert update.moved == (row,) and not update.scene and not session.scene.pinned[row]


def test_a_rename_patches_its_row_and_a_relationship_change_rebuilds(seeded_repo):
    session = _session(seeded_repo)
    putin = seeded_repo.find_actor("Putin").id
    row = session.scene.row_of_actor[putin]
    _inv, change = RenameActor(putin, "V. V. Putin").apply(seeded_repo)
    update = session.apply_change(change)
    assert update.restyled == (row,) and not update.scene
    assert session.scene.names[row] == "V. V. Putin"
    rel = seeded_repo.list_relationships()[0]
    _inv, change = SetStatus((rel.id,), "rejected").apply(seeded_repo)
    update = session.apply_change(change)
    assert update.scene
    assert session.scene.statuses[session.scene.row_of_relationship[rel.id]] == "rejected"
    assert not session.shown.edges[session.scene.row_of_relationship[rel.id]]  # rejected: not drawn


def test_selection_lives_in_one_place_and_tab_walks_relationships(seeded_repo):
    session = _session(seeded_repo)
    naz = seeded_repo.find_actor("Nazarbayev").id
    assert session.select_actor(naz) == MapUpdate(selection=True)
    assert session.selection == Selection(actor=naz, anchor=naz)
    assert session.select_actor(naz) == MapUpdate()  # nothing new: nothing to redraw
    nodes, edges = session.focus()
    assert len(edges) == 5 and session.scene.row_of_actor[naz] in nodes
    seen = []
    for _ in range(5):
        session.step_relationship(1)
        seen.append(session.selection.relationship)
    assert len(set(seen)) == 5 and session.selection.anchor == naz
    session.step_relationship(1)
    assert session.selection.relationship == seen[0]
    session.clear_selection()
    assert not session.selection


def test_a_filter_that_hides_the_selected_relationship_unselects_it(seeded_repo):
    session = _session(seeded_repo)
    spoke = next(r for r in seeded_repo.list_relationships() if r.type == "spoke-with")
    session.select_relationship(spoke.id)
    update = session.set_filter(SceneFilter(types=frozenset({"successor-of"})))
    assert update.visibility and update.selection and not session.selection
    putin = seeded_repo.find_actor("Putin").id
    session.set_filter(SceneFilter(focus_actor=putin))
    assert session.focusing() and int(session.shown.nodes.sum()) == 3


def test_names_claim_room_by_selection_then_relationships_then_excerpts(seeded_repo):
    session = _session(seeded_repo)
    order = session.label_order()
    degree = session.scene.degree[order]
    assert list(degree) == sorted(degree, reverse=True)
    putin = seeded_repo.find_actor("Putin").id
    session.select_actor(putin)
    order = session.label_order()
    assert order[0] == session.scene.row_of_actor[putin]
    neighbours = set(session.focus()[0].tolist())
    assert set(order[: len(neighbours)].tolist()) == neighbours


def test_find_and_what_an_export_of_the_view_needs(seeded_repo):
    session = _session(seeded_repo)
    knb = seeded_repo.find_actor("KNB").id
    assert session.find("knb") == knb
    assert session.find("national security") == knb
    assert session.find("nobody of that name") is None
    session.set_filter(SceneFilter(types=frozenset({"successor-of", "ally-of"})))
    state = session.export_state()
    assert state["visible_types"] == ["ally-of", "successor-of"]
    shown = {seeded_repo.get_relationship(r).type for r in state["visible_relationship_ids"]}
    assert shown <= {"ally-of", "successor-of"} and shown
    assert set(state["positions"]) == {a.id for a in seeded_repo.list_actors()}


def test_an_article_selected_lights_up_its_story(seeded_repo):
    """Its relationships and their actors stay bright; the rest of the map is dimmed; a story
    the filter hides entirely dims nothing."""
    putin, tok = seeded_repo.find_actor("Putin").id, seeded_repo.find_actor("Tokayev").id
    text = "An invented note: Putin spoke with Tokayev by phone."
    article = seeded_repo.add_article(text, title="A short invented note").subject_id
    rel = seeded_repo.find_relationship("spoke-with", min(putin, tok), max(putin, tok)) or seeded_repo.get_relationship(
        seeded_repo.add_relationship("spoke-with", putin, tok).subject_id
    )
    seeded_repo.add_evidence(rel.id, article, 0, len(text))
    session = _session(seeded_repo)
    s = session.scene
    assert session.select_article(article) == MapUpdate(selection=True)
    assert session.selection == Selection(article=article)
    nodes, edges = session.focus()
    assert {int(s.actor_ids[r]) for r in nodes} == {putin, tok}
    assert [int(s.rel_ids[k]) for k in edges] == [rel.id]
    assert session.select_article(article) == MapUpdate()  # the same again changes nothing
    session.set_filter(SceneFilter(statuses=frozenset({"rejected"})))
    assert len(session.focus()[0]) == 0  # nothing of it drawn: nothing dimmed either
    assert session.select_article(None) == MapUpdate(selection=True) and not session.selection
