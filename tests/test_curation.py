"""Curation without Qt: actor kinds, relationship types and article details as undoable commands,
and the schema-4 upgrade that makes kinds rows (a real SQLite file each time)."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from desktop.model import InvalidInputError, NotFoundError, open_workspace
from desktop.model.commands import (
    AddActorKind,
    AddRelationType,
    CreateActor,
    DeleteActorKind,
    DeleteRelationType,
    EditActorKind,
    EditArticle,
    EditRelationType,
)
from desktop.model.workspace import create_workspace_file, head_revision
from tests.test_commands import actor, rel, round_trip, state


@pytest.fixture
def repo(seeded_repo):
    return seeded_repo


# ---------------------------------------------------------------------- the upgrade
def _fill_old_workspace(path, revision: str) -> dict[str, int]:
    """Rows in every table a schema-2 or -3 workspace has, written with plain SQL."""
    create_workspace_file(path, revision=revision)
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys = ON")
    kinds = ["person", "organisation", "country", "other"]
    for i in range(1, 41):
        con.execute(
            "INSERT INTO actor (id, name, kind, notes, created_at, x, y, pinned) VALUES (?, ?, ?, '', "
            "'2021-05-01 10:00:00', ?, ?, ?)",
            (i, f"Actor {i}", kinds[i % 4], i * 1.5, -i, i % 2),
        )
        con.execute("INSERT INTO alias (actor_id, name, key) VALUES (?, ?, ?)", (i, f"Actor {i}", f"actor {i}"))
        con.execute("INSERT INTO alias (actor_id, name, key) VALUES (?, ?, ?)", (i, f"A{i}", f"a{i}"))
    con.execute(
        "INSERT INTO article (id, title, source, published, text, content_hash, imported_at) VALUES "
        "(1, 'A made-up story', 'Example Wire', '2021-05-01', ?, 'h1', '2021-05-02 00:00:00')",
        ("Actor 1 met Actor 2 in a made-up town. " * 5,),
    )
    for i in range(1, 40):
        con.execute(
            "INSERT INTO relationship (id, type_id, source_id, target_id, status, confidence, note, "
            "created_at) VALUES (?, ?, ?, ?, 'proposed', 0.5, '', '2021-05-01 10:00:00')",
            (i, 1 + i % 9, i, i + 1),
        )
        con.execute(
            'INSERT INTO evidence (relationship_id, article_id, start, "end", quote, origin, created_at) '
            "VALUES (?, 1, 0, 7, 'Actor 1', 'extractor', '2021-05-01 10:00:00')",
            (i,),
        )
    if revision >= "0003":
        con.execute("UPDATE actor SET status = 'proposed' WHERE id % 5 = 0")
        con.execute('INSERT INTO actor_mention (actor_id, article_id, start, "end") VALUES (1, 1, 0, 7)')
        con.execute(
            "INSERT INTO merge_proposal (actor_id, other_id, score, reason, status, created_at) "
            "VALUES (3, 4, 0.6, 'same surname', 'proposed', '2021-05-01 10:00:00')"
        )
    con.commit()
    counts = {
        t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("actor", "alias", "relationship", "evidence", "article")
    }
    con.close()
    return counts


def _schema(path) -> dict[str, set[str]]:
    con = sqlite3.connect(path)
    out: dict[str, set[str]] = {}
    for kind, name in con.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"):
        out.setdefault(kind, set()).add(name)
    con.close()
    return out


@pytest.mark.parametrize("revision", ["0002", "0003"])
def test_upgrade_keeps_every_row_and_makes_kinds_rows(tmp_path, revision):
    path = tmp_path / "old.relmap"
    counts = _fill_old_workspace(path, revision)
    before = _schema(path)
    repo = open_workspace(path)
    try:
        assert repo.schema_revision() == head_revision()
        assert repo.counts() == {
            "actors": counts["actor"],
            "relationships": counts["relationship"],
            "evidence": counts["evidence"],
            "articles": counts["article"],
        }
        with repo.engine.connect() as con:
            assert con.exec_driver_sql("SELECT count(*) FROM alias").scalar() == counts["alias"]
            # foreign keys are on again for everyone after the migration, and nothing dangles
            assert con.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert con.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        after = _schema(path)
        # every index and trigger there was is there again (full-text search on actors included)
        assert before["index"] <= after["index"] and before["trigger"] <= after["trigger"]
        assert [k.key for k in repo.list_actor_kinds()] == ["person", "organisation", "country", "other"]
        assert all(k.builtin for k in repo.list_actor_kinds())
        first = repo.get_actor(1)
        assert (first.kind, first.x, first.y, first.pinned, first.aliases) == ("organisation", 1.5, -1.0, True, ("A1",))
        assert [a.name for a in repo.search("A17").actors] == ["Actor 17"]  # actor_fts still fed by triggers
        repo.rename_actor(17, "Someone Else")
        assert [a.name for a in repo.search("someone").actors] == ["Someone Else"]
        # the old fixed list is gone: a kind of the user's own is allowed, an unknown one refused
        repo.add_actor_kind("Vessel", shape="triangle", color="#1f77b4")
        assert repo.get_actor(repo.create_actor("MV Example", "vessel").subject_id).kind == "vessel"
        with pytest.raises(InvalidInputError, match="unknown actor kind 'ship'"):
            repo.create_actor("MV Other", "ship")
        # cascades still work: deleting an actor takes its aliases and relationships along
        repo.delete_actor(2)
        assert repo.find_actor("A2") is None
        assert repo.get_article(1).url == ""
    finally:
        repo.close()


def test_the_database_itself_refuses_an_unknown_kind(tmp_path):
    repo = open_workspace(tmp_path / "w.relmap")
    repo.close()
    con = sqlite3.connect(tmp_path / "w.relmap")
    con.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        con.execute("INSERT INTO actor (name, kind, notes, created_at) VALUES ('X', 'spaceship', '', '2021-01-01')")
    con.close()


# ---------------------------------------------------------------------- actor kinds
def test_add_edit_and_delete_a_kind_round_trip(repo):
    round_trip(repo, AddActorKind("State agency", shape="pentagon", color="#AA3377"))
    kind = repo.actor_kind("state-agency")
    assert (kind.label, kind.shape, kind.color, kind.builtin) == ("State agency", "pentagon", "#aa3377", False)
    new_id = repo.create_actor("Example Bureau", "state-agency").subject_id
    round_trip(repo, EditActorKind("state-agency", name="Agency", shape="star", color="#123456"))
    round_trip(repo, EditActorKind("state-agency", new_key="agency"))
    assert repo.get_actor(new_id).kind == "agency"  # the actors follow a new key
    # a kind in use cannot simply go; reassigned, its actors take the other kind, and undo gives it back
    with pytest.raises(InvalidInputError, match="1 actor is “Agency”; choose a kind"):
        DeleteActorKind("agency").apply(repo)
    change = round_trip(repo, DeleteActorKind("agency", reassign_to="organisation"))
    assert new_id in change.actors and change.actor_kinds
    assert repo.get_actor(new_id).kind == "organisation"


def test_builtin_kinds_keep_their_key_but_change_look(repo):
    round_trip(repo, EditActorKind("country", name="State", shape="star", color="#000000"))
    assert repo.actor_kind("country").label == "State"
    with pytest.raises(InvalidInputError, match="built in"):
        repo.update_actor_kind("country", new_key="state")
    with pytest.raises(InvalidInputError, match="unknown shape"):
        repo.update_actor_kind("country", shape="blob")
    with pytest.raises(InvalidInputError, match="colour"):
        repo.add_actor_kind("Bank", color="green")
    with pytest.raises(InvalidInputError, match="already exists"):
        repo.add_actor_kind("Person")
    with pytest.raises(InvalidInputError, match="cannot be empty"):
        repo.add_actor_kind("   ")


def test_an_unused_builtin_kind_can_be_deleted_and_comes_back_on_undo(repo):
    for a in repo.list_actors(kinds=["other"], include_rejected=True):
        repo.update_actor(a.id, kind="person")
    assert repo.actor_kind_usage()["other"] == 0
    before = state(repo)
    inverse, change = DeleteActorKind("other").apply(repo)
    with pytest.raises(NotFoundError):
        repo.actor_kind("other")
    inverse.apply(repo)
    assert state(repo) == before
    assert [k.key for k in repo.list_actor_kinds()][-1] == "other"


# ---------------------------------------------------------------------- relationship types
def test_add_edit_and_delete_a_type_round_trip(repo):
    round_trip(repo, AddRelationType("Funded by", inverse_label="funds", color="#A0522D"))
    t = repo.relation_type("funded-by")
    assert (t.label, t.inverse_label, t.directed, t.color, t.builtin) == ("Funded by", "funds", True, "#a0522d", False)
    round_trip(repo, EditRelationType("funded-by", type_label="financed by", color="#000000", directed=False))
    round_trip(repo, EditRelationType("funded-by", new_key="financed-by"))
    assert repo.relation_type("financed-by").label == "financed by"
    round_trip(repo, DeleteRelationType("financed-by"))


def test_builtin_types_are_relabelled_and_recoloured_but_keep_their_key(repo):
    round_trip(repo, EditRelationType("spoke-with", type_label="talked with", color="#112233"))
    assert repo.relation_type("spoke-with").label == "talked with"
    with pytest.raises(InvalidInputError, match="built in"):
        repo.update_relation_type("spoke-with", new_key="talked-with")
    used = repo.relation_type_usage()["spoke-with"]
    assert used > 0
    with pytest.raises(InvalidInputError, match="direction cannot change"):
        repo.update_relation_type("spoke-with", directed=True)


def test_a_type_in_use_is_deleted_only_by_reassigning_its_relationships(repo):
    a, b = actor(repo, "Tokayev"), actor(repo, "Putin")
    n = repo.relation_type_usage()["spoke-with"]
    with pytest.raises(InvalidInputError, match=f"has {n} relationship"):
        DeleteRelationType("spoke-with").apply(repo)
    # an ally-of between the same two actors exists: the spoke-with one folds into it, excerpts and all
    repo.add_relationship("ally-of", a, b, status="confirmed")
    spoke = rel(repo, "spoke-with", "Tokayev", "Putin")
    excerpts = {(e.article_id, e.start, e.end) for e in spoke.evidence}
    change = round_trip(repo, DeleteRelationType("spoke-with", reassign_to="ally-of"))
    assert change.relation_types and spoke.id in change.relationships
    with pytest.raises(NotFoundError):
        repo.relation_type("spoke-with")
    ally = rel(repo, "ally-of", "Tokayev", "Putin")
    assert excerpts <= {(e.article_id, e.start, e.end) for e in ally.evidence}
    assert repo.relation_type_usage()["ally-of"] >= n


# ---------------------------------------------------------------------- articles
def test_edit_an_articles_title_source_date_and_address(repo):
    article = repo.list_articles()[0]
    round_trip(
        repo,
        EditArticle(
            article.id,
            title="A better title",
            source="Example Wire",
            published=date(2020, 2, 29),
            url="https://news.example.org/a/1",
        ),
    )
    now = repo.get_article(article.id)
    assert (now.title, now.source, now.published, now.url) == (
        "A better title",
        "Example Wire",
        date(2020, 2, 29),
        "https://news.example.org/a/1",
    )
    assert [h.id for h in repo.search("better title").articles] == [article.id]  # search follows the title
    round_trip(repo, EditArticle(article.id, published=None, url=""))
    assert repo.get_article(article.id).published is None
    with pytest.raises(InvalidInputError, match="starts with http"):
        repo.update_article(article.id, url="javascript:alert(1)")
    with pytest.raises(NotFoundError):
        repo.update_article(9999, title="x")


def test_create_actor_of_a_user_kind_is_undone_before_the_kind(repo):
    round_trip(repo, CreateActor("Example Vessel", "other"))
    AddActorKind("Vessel", shape="triangle").apply(repo)
    round_trip(repo, CreateActor("MV Example", "vessel"))


# ---------------------------------------------------------------------- interchange
def _curated(repo):
    repo.add_actor_kind("Vessel", shape="star", color="#aa3377")
    vessel = repo.create_actor("MV Example", "vessel").subject_id
    repo.add_relationship("member-of", vessel, repo.find_actor("Russia").id, status="confirmed")
    article = repo.list_articles()[0]
    repo.update_article(article.id, url="https://news.example.org/a/1")
    return article


def test_json_round_trip_carries_kinds_and_article_addresses(repo, tmp_path):
    from desktop.export.workspace_json import export_json, import_json

    article = _curated(repo)
    out = export_json(repo, tmp_path / "w.json")
    fresh = open_workspace(tmp_path / "fresh.relmap")
    try:
        import_json(fresh, out)
        kind = fresh.actor_kind("vessel")
        assert (kind.label, kind.shape, kind.color, kind.builtin) == ("Vessel", "star", "#aa3377", False)
        assert fresh.find_actor("MV Example").kind == "vessel"
        copy = next(a for a in fresh.list_articles() if a.content_hash == article.content_hash)
        assert copy.url == "https://news.example.org/a/1"
        assert export_json(fresh, tmp_path / "again.json").read_text() == out.read_text()  # lossless
    finally:
        fresh.close()


def test_json_naming_an_unknown_kind_is_refused_and_stores_nothing(repo, tmp_path):
    import json

    from desktop.export.workspace_json import InterchangeError, export_json, import_json

    _curated(repo)
    data = json.loads(export_json(repo, tmp_path / "w.json").read_text())
    data["actor_kinds"] = [k for k in data["actor_kinds"] if k["key"] != "vessel"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    fresh = open_workspace(tmp_path / "fresh.relmap", fill_new=None)
    try:
        before = fresh.counts()
        with pytest.raises(InterchangeError, match=r"bad\.json: actors\[\d+\]\.kind: unknown actor kind \"vessel\""):
            import_json(fresh, bad)
        assert fresh.counts() == before
        data["articles"][0]["url"] = "javascript:alert(1)"
        bad.write_text(json.dumps(data))
        with pytest.raises(InterchangeError, match=r"articles\[0\]\.url"):
            import_json(fresh, bad)
    finally:
        fresh.close()


def test_graph_files_bring_a_users_kind_along(repo, tmp_path, qapp):
    from desktop.export.exporters import ExportRequest, export_file
    from desktop.export.importers import import_graph

    _curated(repo)
    for fmt, name in (("graphml", "m.graphml"), ("gexf", "m.gexf"), ("csv", "tables")):
        export_file(repo, ExportRequest(format=fmt, out=tmp_path / name))
        fresh = open_workspace(tmp_path / f"{fmt}.relmap")
        try:
            import_graph(fresh, tmp_path / name)
            kind = fresh.actor_kind("vessel")
            assert (kind.label, kind.shape, kind.color) == ("Vessel", "star", "#aa3377"), fmt
            assert fresh.find_actor("MV Example").kind == "vessel"
        finally:
            fresh.close()
