"""Undoable edit commands over a real seeded workspace, without Qt.

For every command: apply -> inverse.apply -> inverse-of-inverse.apply (and once more) moves the
workspace between exactly two states, compared both as the lossless export and as raw rows
(so ids are kept too).
"""

from __future__ import annotations

import pytest

from desktop.export.workspace_json import workspace_to_dict
from desktop.model import Change, InvalidInputError, NotFoundError
from desktop.model.commands import (
    AddEvidence,
    AddRelationship,
    CompositeCommand,
    CreateActor,
    DeleteActor,
    DeleteRelationship,
    EditActor,
    EditRelationship,
    MergeActors,
    MoveActors,
    RemoveEvidence,
    RenameActor,
    RestoreSnapshot,
    SetStatus,
    edit_actor_command,
)
from tests.helpers import rows_as_edited


@pytest.fixture
def repo(seeded_repo):
    return seeded_repo


def state(repo) -> tuple[dict, dict]:
    return workspace_to_dict(repo), rows_as_edited(repo)


def actor(repo, name: str) -> int:
    found = repo.find_actor(name)
    assert found is not None, name
    return found.id


def rel(repo, type_key: str, source: str, target: str):
    found = repo.find_relationship(type_key, actor(repo, source), actor(repo, target))
    assert found is not None
    return found


def round_trip(repo, command) -> Change:
    """apply, undo, redo, undo, redo: only ever the two states, and each step says what changed."""
    before = state(repo)
    inverse, change = command.apply(repo)
    after = state(repo)
    assert after != before, f"{command.label} changed nothing"
    assert change, "a change must name what it touched"
    assert inverse.label == command.label
    redo, undo_change = inverse.apply(repo)
    assert state(repo) == before
    assert undo_change
    inverse2, redo_change = redo.apply(repo)
    assert state(repo) == after
    assert redo_change
    redo2, _ = inverse2.apply(repo)
    assert state(repo) == before
    redo2.apply(repo)
    assert state(repo) == after
    return change


def test_create_actor_round_trip_keeps_the_new_id(repo):
    command = CreateActor("Ada Example", "person", ("Example", "A. Example"), "a note")
    assert command.label == "Add actor “Ada Example”"
    before = state(repo)
    inverse, change = command.apply(repo)
    new_id = change.subject_id
    assert repo.get_actor(new_id).aliases == ("Example", "A. Example")
    redo, undo_change = inverse.apply(repo)
    assert state(repo) == before
    assert new_id in undo_change.actors
    with pytest.raises(NotFoundError):
        repo.get_actor(new_id)
    _, redo_change = redo.apply(repo)
    assert redo_change.subject_id == new_id
    assert repo.get_actor(new_id).name == "Ada Example"
    # ...so a later command that names the id still works after undo/redo
    round_trip(repo, RenameActor(new_id, "Ada Q. Example"))
    round_trip(repo, CreateActor("Bob", "organisation"))


def test_undo_refuses_to_overwrite_work_done_outside_the_stack(repo):
    inverse, change = CreateActor("Ada Example").apply(repo)
    redo, _ = inverse.apply(repo)
    # an import reuses the freed id; redoing the create must not replace that actor
    other = repo.create_actor("Imported Person").subject_id
    assert other == change.subject_id
    before = state(repo)
    with pytest.raises(InvalidInputError, match="has changed since"):
        redo.apply(repo)
    assert state(repo) == before
    # nor take a name back from an actor that got it since
    inverse, change = CreateActor("Bea Example", aliases=("Bea",)).apply(repo)
    redo, _ = inverse.apply(repo)
    repo.create_actor("Someone Else")  # takes the freed id: caught by the row check
    repo.create_actor("Bea")
    repo.delete_actor(repo.find_actor("Someone Else").id)  # the id is free again, the name is not
    before = state(repo)
    with pytest.raises(InvalidInputError, match="“Bea” now belongs to Bea"):
        redo.apply(repo)
    assert state(repo) == before
    # an import linking a renamed actor meanwhile does not block undoing the rename, nor is lost
    tok = actor(repo, "Kassym-Jomart Tokayev")
    inverse, _ = RenameActor(tok, "K.-J. Tokayev").apply(repo)
    linked = repo.add_relationship("opposed-to", tok, actor(repo, "Karim Masimov")).subject_id
    inverse.apply(repo)
    assert repo.get_actor(tok).name == "Kassym-Jomart Tokayev"
    assert repo.get_relationship(linked).source == "Kassym-Jomart Tokayev"
    # the layout moving actors outside the stack is not such a change: undo still works, nodes stay
    putin = actor(repo, "Vladimir Putin")
    inverse, _ = RenameActor(putin, "V. Putin").apply(repo)
    repo.set_positions({putin: (7.0, 8.0)}, pinned={putin: True})
    inverse.apply(repo)
    record = repo.get_actor(putin)
    assert (record.name, record.x, record.y, record.pinned) == ("Vladimir Putin", 7.0, 8.0, True)


def test_rename_edit_delete_actor_round_trips(repo):
    putin = actor(repo, "Vladimir Putin")
    round_trip(repo, RenameActor(putin, "V. V. Putin"))
    round_trip(repo, RenameActor(putin, "Vladimir Vladimirovich Putin", keep_old_as_alias=False))
    round_trip(repo, EditActor(putin, kind="other", notes="edited", aliases_added=("VVP",), aliases_removed=("Putin",)))
    change = round_trip(repo, DeleteActor(putin))
    assert putin in change.actors and change.relationships


def test_merge_then_undo_restores_aliases_relationships_and_evidence_with_same_ids(repo):
    naz, tok = actor(repo, "Nursultan Nazarbayev"), actor(repo, "Kassym-Jomart Tokayev")
    rows_before = rows_as_edited(repo)
    inverse, change = MergeActors(tok, naz).apply(repo)
    assert repo.find_actor("Nazarbayev").id == tok
    # Nazarbayev-Tokayev spoke-with became a self-link and went; leader-of Kazakhstan folded into Tokayev's
    assert repo.find_actor("Nursultan Nazarbayev").id == tok
    assert change.subject_id == tok
    inverse.apply(repo)
    assert rows_as_edited(repo) == rows_before
    assert repo.get_actor(naz).aliases == ("Nazarbayev",)
    round_trip(repo, MergeActors(tok, naz))


def test_relationship_commands_round_trip(repo):
    ukibay, putin = actor(repo, "Aidos Ukibay"), actor(repo, "Vladimir Putin")
    article = repo.list_articles()[0].id
    # a new relationship with its excerpt: undone, the relationship (and its id) goes
    change = round_trip(
        repo,
        AddRelationship(
            "spoke-with",
            ukibay,
            putin,
            status="proposed",
            confidence=0.4,
            note="n",
            article_id=article,
            start=698,
            end=760,
        ),
    )
    assert change.evidence and change.subject_id in change.relationships
    # onto an existing relationship: only the excerpt and confidence change
    existing = rel(repo, "spoke-with", "Vladimir Putin", "Kassym-Jomart Tokayev")
    change = round_trip(
        repo, AddRelationship("spoke-with", existing.source_id, existing.target_id, article_id=article, start=1, end=30)
    )
    assert change.subject_id == existing.id
    ids = [r.id for r in repo.list_relationships()[:4]]
    assert round_trip(repo, SetStatus(tuple(ids), "rejected")).relationships == frozenset(ids)
    round_trip(repo, SetStatus((ids[0],), "proposed"))
    round_trip(repo, EditRelationship(existing.id, confidence=0.3, valid_from="2022", valid_to="2022-01", note="x"))
    round_trip(repo, EditRelationship(existing.id, type_key="opposed-to", source_id=ukibay))
    round_trip(repo, DeleteRelationship(existing.id))


def test_edit_relationship_that_folds_into_another_round_trips(repo):
    # Nazarbayev spoke-with Tokayev, moved onto Putin: folds into Putin spoke-with Tokayev
    moved = rel(repo, "spoke-with", "Nursultan Nazarbayev", "Kassym-Jomart Tokayev")
    into = rel(repo, "spoke-with", "Vladimir Putin", "Kassym-Jomart Tokayev")
    change = round_trip(
        repo,
        EditRelationship(
            moved.id, source_id=actor(repo, "Vladimir Putin"), target_id=actor(repo, "Kassym-Jomart Tokayev")
        ),
    )
    assert change.subject_id == into.id


def test_evidence_commands_round_trip(repo):
    spoke = rel(repo, "spoke-with", "Vladimir Putin", "Kassym-Jomart Tokayev")
    change = round_trip(repo, RemoveEvidence(spoke.evidence[0].id))
    assert change.relationships == {spoke.id}
    change = round_trip(repo, AddEvidence(spoke.id, spoke.evidence[0].article_id, 5, 50))
    assert len(change.evidence) == 1


def test_move_actors_round_trip_including_never_placed_actors(repo):
    putin, tok = actor(repo, "Vladimir Putin"), actor(repo, "Kassym-Jomart Tokayev")
    assert repo.get_actor(putin).x is None
    round_trip(repo, MoveActors({putin: (1.5, -2.0)}, {putin: True}))
    MoveActors({putin: (1.5, -2.0)}).apply(repo)
    round_trip(repo, MoveActors({putin: (3.0, 4.0), tok: (0.0, 0.0)}, {tok: True}))
    first, second = MoveActors({putin: (5.0, 5.0)}), MoveActors({putin: (6.0, 6.0)})
    assert first.merge_key == second.merge_key != MoveActors({tok: (1.0, 1.0)}).merge_key
    # a merged drag: first's inverse knows the start, the merged command the end
    before = state(repo)
    inv1, _ = first.apply(repo)
    inv2, _ = second.apply(repo)
    end = state(repo)
    inverse = inv1.restoring_also(inv2)
    redo, _ = inverse.apply(repo)
    assert state(repo) == before
    assert redo == first.merged_with(second)
    redo.apply(repo)
    assert state(repo) == end


def test_alias_owners_names_who_goes_by_a_name(repo):
    assert repo.alias_owners(["putin", "KNB", "Nobody", "PUTIN"]) == {
        "putin": actor(repo, "Vladimir Putin"),
        "knb": actor(repo, "National Security Committee"),
    }
    assert repo.alias_owners([]) == {}


def test_set_positions_accepts_none_to_forget_a_position_and_actor_layout_reads_it(repo):
    putin = actor(repo, "Vladimir Putin")
    repo.set_positions({putin: (1.0, 2.0)}, pinned={putin: True})
    assert repo.actor_layout([putin, 99999]) == {putin: (1.0, 2.0, True)}
    repo.set_positions({putin: None})
    assert (repo.get_actor(putin).x, repo.get_actor(putin).y) == (None, None)
    assert repo.actor_layout([]) == {}


def test_set_statuses_sets_many_in_one_go_or_none(repo):
    rels = repo.list_relationships()
    change = repo.set_statuses({rels[0].id: "rejected", rels[1].id: "proposed"})
    assert change.relationships == {rels[0].id, rels[1].id}
    assert change.actors == {rels[0].source_id, rels[0].target_id, rels[1].source_id, rels[1].target_id}
    assert [repo.get_relationship(r.id).status for r in rels[:2]] == ["rejected", "proposed"]
    before = state(repo)
    with pytest.raises(NotFoundError):
        repo.set_statuses({rels[2].id: "rejected", 99999: "rejected"})
    with pytest.raises(InvalidInputError):
        repo.set_statuses({rels[2].id: "maybe"})
    assert state(repo) == before


def test_composite_and_edit_actor_command(repo):
    putin = actor(repo, "Vladimir Putin")
    command = edit_actor_command(repo, putin, name="V. Putin", kind="other", notes="n", aliases=["VVP"])
    assert isinstance(command, CompositeCommand)
    round_trip(repo, command)  # ends applied
    record = repo.get_actor(putin)
    assert (record.name, record.kind, record.notes, record.aliases) == ("V. Putin", "other", "n", ("VVP",))
    assert edit_actor_command(repo, putin, name="V. Putin", aliases=["VVP"]) is None


def test_restore_snapshot_is_its_own_kind_of_inverse(repo):
    putin = actor(repo, "Vladimir Putin")
    snap = repo.snapshot(actor_ids=[putin])
    repo.delete_actor(putin)
    round_trip(repo, RestoreSnapshot(snap, "Bring Putin back"))


@pytest.mark.parametrize(
    "make",
    [
        lambda r, a: CreateActor("Putin"),  # alias owned by another actor
        lambda r, a: CreateActor("   "),
        lambda r, a: RenameActor(a, "Tokayev"),
        lambda r, a: EditActor(a, aliases_added=("New one",), aliases_removed=("not an alias",)),
        lambda r, a: EditActor(a, kind="planet"),
        lambda r, a: MergeActors(a, a),
        lambda r, a: DeleteActor(99999),
        lambda r, a: AddRelationship("spoke-with", a, a),
        lambda r, a: AddRelationship("no-such-type", a, a + 1),
        # the relationship is added, then the excerpt is refused: both go
        lambda r, a: AddRelationship("opposed-to", a, a + 1, article_id=r.list_articles()[0].id, start=5, end=10**6),
        lambda r, a: SetStatus((1, 99999), "confirmed"),
        lambda r, a: SetStatus((1,), "maybe"),
        lambda r, a: EditRelationship(1, confidence=3),
        lambda r, a: DeleteRelationship(99999),
        lambda r, a: RemoveEvidence(99999),
        lambda r, a: AddEvidence(1, 1, 10, 5),
        lambda r, a: MoveActors({a: (1.0, 1.0), 99999: (2.0, 2.0)}),
        lambda r, a: CompositeCommand((RenameActor(a, "Fine name"), RenameActor(a, "Tokayev"))),
    ],
)
def test_a_failing_command_raises_and_changes_nothing(repo, make):
    before = state(repo)
    with pytest.raises(InvalidInputError):
        make(repo, actor(repo, "Vladimir Putin")).apply(repo)
    assert state(repo) == before
