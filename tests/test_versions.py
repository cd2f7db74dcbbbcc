"""No lost update, and who did what: versions, conflicts and the change log, on both engines.

Each test runs on a workspace file and on a team workspace (the throwaway PostgreSQL cluster):
the schema and the rules are the same.
"""

from __future__ import annotations

import pytest

from desktop.model import ConflictError, InvalidInputError, open_workspace
from desktop.model.commands import EditActorKind, EditRelationType, RenameActor, SetStatus, rebased
from desktop.seed import load_seed


@pytest.fixture(params=["file", pytest.param("team", marks=pytest.mark.postgres)])
def location(request, tmp_path):
    """Where a seeded workspace is: a file, or a fresh database on the throwaway cluster."""
    if request.param == "file":
        return str(tmp_path / "w.relmap")
    return request.getfixturevalue("pg_url")


def two_investigators(location):
    ana = open_workspace(location, fill_new=load_seed, user="ana")
    ben = open_workspace(location, user="ben")
    return ana, ben


def test_every_edit_raises_the_version_and_says_who(location):
    ana, ben = two_investigators(location)
    try:
        putin = ana.find_actor("Putin")
        assert (putin.version, putin.created_by, putin.updated_by) == (1, "ana", "ana")
        ben.rename_actor(putin.id, "V. Putin", expected_version=1)
        ben.update_actor(putin.id, notes="president", expected_version=2)
        now = ana.get_actor(putin.id)
        assert (now.name, now.notes, now.version, now.created_by, now.updated_by) == (
            "V. Putin",
            "president",
            3,
            "ana",
            "ben",
        )
        # where an actor is drawn is not an edit: no version, no conflict for someone renaming it
        ben.set_positions({putin.id: (1.0, 2.0)}, pinned={putin.id: True})
        assert ana.get_actor(putin.id).version == 3
        rel = ana.list_relationships()[0]
        ben.set_status(rel.id, "rejected", expected_version=rel.version)
        after = ana.get_relationship(rel.id)
        assert (after.status, after.version, after.updated_by) == ("rejected", rel.version + 1, "ben")
        ev = after.evidence[0]
        assert (ev.version, ev.created_by) == (1, "ana")
        article = ana.list_articles()[0]
        ben.update_article(article.id, title="Unrest in Kazakhstan", expected_version=article.version)
        assert (ana.get_article(article.id).title, ana.get_article(article.id).updated_by) == (
            "Unrest in Kazakhstan",
            "ben",
        )
        kind = ana.relation_type("ally-of")
        ben.update_relation_type("ally-of", color="#123456", expected_version=kind.version)
        assert (ana.relation_type("ally-of").color, ana.relation_type("ally-of").version) == (
            "#123456",
            kind.version + 1,
        )
        # actor kinds and an article's address are edited like the rest (schema 4 added them)
        ben.update_article(article.id, url="https://example.org/unrest", expected_version=article.version + 1)
        assert (ana.get_article(article.id).url, ana.get_article(article.id).version) == (
            "https://example.org/unrest",
            article.version + 2,
        )
        with pytest.raises(ConflictError, match="the article"):
            ana.update_article(article.id, url="https://example.org/other", expected_version=article.version + 1)
        vessel = ana.actor_kind(ana.list_actor_kinds()[0].key)
        assert (vessel.version, vessel.created_by) == (1, "")  # built in: there before anyone
        ben.update_actor_kind(vessel.key, color="#abcdef", expected_version=vessel.version)
        now_kind = ana.actor_kind(vessel.key)
        assert (now_kind.color, now_kind.version, now_kind.updated_by) == ("#abcdef", 2, "ben")
        with pytest.raises(ConflictError) as stale:
            ana.update_actor_kind(vessel.key, shape="star", expected_version=vessel.version)
        assert (stale.value.table, stale.value.changed_by, stale.value.mine) == ("actor_kind", "ben", {"shape": "star"})
        assert ana.actor_kind(vessel.key).shape == vessel.shape
        ana.add_actor_kind("Vessel", shape="triangle")
        assert ana.actor_kind("vessel").created_by == "ana"
        assert ana.history(limit=1, table="actor_kind")[0].label == "vessel"
    finally:
        ana.close()
        ben.close()


def test_an_edit_based_on_a_stale_version_is_refused_with_both_sides(location):
    ana, ben = two_investigators(location)
    try:
        putin = ana.find_actor("Putin")
        ben.rename_actor(putin.id, "Vladimir V. Putin", expected_version=putin.version)
        with pytest.raises(ConflictError) as conflict:
            ana.rename_actor(putin.id, "V. Putin", expected_version=putin.version)
        err = conflict.value
        assert (err.table, err.row_id, err.expected_version, err.current_version, err.changed_by) == (
            "actor",
            putin.id,
            1,
            2,
            "ben",
        )
        assert err.mine == {"name": "V. Putin"} and err.theirs == {"name": "Vladimir V. Putin"}
        assert "changed by ben" in str(err) and "yours 'V. Putin', theirs 'Vladimir V. Putin'" in str(err)
        assert ana.get_actor(putin.id).name == "Vladimir V. Putin"  # nothing of ana's edit was stored
        assert ana.find_actor("V. Putin") is None
        # keeping mine: the same edit based on what is stored now
        ana.rename_actor(putin.id, "V. Putin", expected_version=err.current_version)
        assert ben.get_actor(putin.id).name == "V. Putin"

        rel = ana.list_relationships()[0]
        ben.update_relationship(rel.id, note="per two sources", expected_version=rel.version)
        with pytest.raises(ConflictError) as conflict:
            ana.update_relationship(rel.id, confidence=0.4, note="doubtful", expected_version=rel.version)
        assert conflict.value.mine == {"confidence": 0.4, "note": "doubtful"}
        assert conflict.value.theirs == {"confidence": rel.confidence, "note": "per two sources"}
        with pytest.raises(ConflictError):
            ana.set_statuses({rel.id: "rejected"}, expected_versions={rel.id: rel.version})
        assert ben.get_relationship(rel.id).status == rel.status

        ev = ana.get_relationship(rel.id).evidence[0]
        ben.remove_evidence(ev.id, expected_version=ev.version)
        with pytest.raises(ConflictError, match="was deleted by ben"):
            ana.remove_evidence(ev.id, expected_version=ev.version)
        tok = ana.find_actor("Tokayev")
        naz = ana.find_actor("Nazarbayev")
        ben.update_actor(naz.id, notes="first president", expected_version=naz.version)
        with pytest.raises(ConflictError):
            ana.merge_actors(tok.id, naz.id, keep_version=tok.version, drop_version=naz.version)
        assert ben.find_actor("Nazarbayev").id == naz.id
    finally:
        ana.close()
        ben.close()


def test_undo_of_an_edit_someone_else_changed_since_refuses(location):
    ana, ben = two_investigators(location)
    try:
        putin = ana.find_actor("Putin")
        inverse, _ = RenameActor(putin.id, "V. Putin", expected_version=putin.version).apply(ana)
        ben.update_actor(putin.id, notes="seen by ben", expected_version=ana.get_actor(putin.id).version)
        with pytest.raises(ConflictError, match=r"has changed since “Rename to “V. Putin”” \(ben changed it\)"):
            inverse.apply(ana)
        assert ana.get_actor(putin.id).name == "V. Putin"
        rel = ana.list_relationships()[0]
        undo, _ = SetStatus((rel.id,), "rejected").apply(ana)
        ben.set_status(rel.id, "confirmed")
        with pytest.raises(InvalidInputError, match="ben changed it"):
            undo.apply(ana)
        # nobody else touched it: undo and redo go back and forth, each a new version
        undo, _ = SetStatus((rel.id,), "proposed").apply(ana)
        redo, _ = undo.apply(ana)
        assert ana.get_relationship(rel.id).status == "confirmed"
        redo.apply(ana)
        assert ana.get_relationship(rel.id).status == "proposed"
        assert ana.get_relationship(rel.id).version == rel.version + 5  # rejected, ben, proposed, undo, redo
    finally:
        ana.close()
        ben.close()


def test_editing_a_kind_or_a_type_someone_else_changed_since_is_a_conflict_undo_too(location):
    ana, ben = two_investigators(location)
    try:
        kind = ana.actor_kind("person")
        ben.update_actor_kind("person", color="#101010", expected_version=kind.version)
        stale = EditActorKind("person", shape="star", expected_version=kind.version)
        with pytest.raises(ConflictError) as refused:
            stale.apply(ana)
        assert ana.actor_kind("person").shape == kind.shape
        # keeping mine: the same edit on top of ben's
        undo, _ = rebased(stale, refused.value).apply(ana)
        assert (ana.actor_kind("person").shape, ana.actor_kind("person").color) == ("star", "#101010")
        ben.update_actor_kind("person", label="Human", expected_version=ana.actor_kind("person").version)
        with pytest.raises(ConflictError):
            undo.apply(ana)  # would put back a shape over ben's later edit unseen
        rtype = ana.relation_type("ally-of")
        undo, _ = EditRelationType("ally-of", color="#202020", expected_version=rtype.version).apply(ana)
        with pytest.raises(ConflictError):
            EditRelationType("ally-of", type_label="partner of", expected_version=rtype.version).apply(ben)
        undo.apply(ana)  # nobody else touched it since
        assert ana.relation_type("ally-of").color == rtype.color
    finally:
        ana.close()
        ben.close()


def test_the_change_log_accounts_for_every_row_in_the_same_transaction(location):
    ana, ben = two_investigators(location)
    try:
        counts = ana.counts()
        log = ana.history(limit=10_000)
        inserted = {(c.table, c.row_id) for c in log if c.action == "insert"}
        assert sum(1 for t, _ in inserted if t == "actor") == counts["actors"]
        assert sum(1 for t, _ in inserted if t == "relationship") == counts["relationships"]
        assert sum(1 for t, _ in inserted if t == "evidence") == counts["evidence"]
        # built-in types and kinds were there before the log: the migration's baseline entries
        assert {c.who for c in log if c.table not in ("relation_type", "actor_kind")} == {"ana"}
        assert {c.session for c in log if c.table in ("relation_type", "actor_kind")} == {"schema 5"}
        first = ana.last_change_id()
        tok = ana.find_actor("Tokayev")
        ben.delete_actor(tok.id, expected_version=tok.version)
        gone = ana.changes_since(first)
        assert {c.action for c in gone} == {"delete"} and {c.who for c in gone} == {"ben"}
        assert ("actor", tok.id) in {(c.table, c.row_id) for c in gone}
        assert {c.table for c in gone} >= {"actor", "alias", "relationship", "evidence"}  # cascades too
        assert next(c.label for c in gone if c.table == "actor") == "Kassym-Jomart Tokayev"
        # a transaction that fails leaves neither rows nor log entries
        last = ana.last_change_id()
        with pytest.raises(InvalidInputError):
            with ana.batch():
                ana.create_actor("Ada Example")
                ana.create_actor("ada example")  # the same name: refused, the whole batch rolls back
        assert ana.last_change_id() == last and ana.find_actor("Ada Example") is None
        assert ana.history(limit=1, table="actor", row_id=tok.id)[0].action == "delete"
    finally:
        ana.close()
        ben.close()
