"""Team workspaces: the same workspace on PostgreSQL, opened by URL, with the same refusals.

Every test here runs against the throwaway cluster (tests/pg_server.py), each on a fresh database.
"""

from __future__ import annotations

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from desktop.cli import main
from desktop.export.workspace_json import workspace_to_dict
from desktop.model import (
    NewerWorkspaceError,
    NotAWorkspaceError,
    ReadOnlyWorkspaceError,
    WorkspaceError,
    normal_location,
    open_workspace,
)
from desktop.model.commands import SetStatus
from desktop.model.workspace import head_revision
from desktop.seed import load_seed, open_user_workspace
from tests.pg_server import PASSWORD_GROUP

pytestmark = pytest.mark.postgres


def untimed(value):
    """``value`` without the times rows were made at (two workspaces seeded a moment apart)."""
    if isinstance(value, dict):
        return {k: untimed(v) for k, v in value.items() if k not in ("created_at", "imported_at")}
    if isinstance(value, list):
        return [untimed(v) for v in value]
    return value


def database(url: str) -> str:
    return url.rsplit("/", 1)[1]


def test_a_url_opens_a_new_team_workspace_filled_like_a_file(pg_url, seeded_file):
    repo = open_user_workspace(pg_url)
    try:
        assert repo.created and repo.schema_revision() == head_revision()
        assert repo.title == database(pg_url) and repo.path is None and repo.folder is None
        solo = open_workspace(seeded_file, create=False)
        try:
            ours, theirs = untimed(workspace_to_dict(repo)), untimed(workspace_to_dict(solo))
            for key in ("relation_types", "actors", "articles", "relationships"):
                assert ours[key] == theirs[key]
            for query in ("tokay", "Masimov arrested", "putin", "nothing-like-this"):
                assert [a.name for a in repo.search(query).actors] == [a.name for a in solo.search(query).actors]
                assert [h.title for h in repo.search(query).articles] == [h.title for h in solo.search(query).articles]
            assert "[" in repo.search("treason").articles[0].snippet
            assert len(repo.graph_rows()[1]) == len(solo.graph_rows()[1])
        finally:
            solo.close()
    finally:
        repo.close()
    again = open_user_workspace(pg_url)  # opened again: not filled twice
    assert not again.created and again.counts() == {"actors": 8, "relationships": 9, "evidence": 13, "articles": 1}
    again.close()


def test_the_team_schema_matches_the_tables(pg_url):
    repo = open_workspace(pg_url)
    with repo.engine.connect() as con:
        diff = compare_metadata(MigrationContext.configure(con), SQLModel.metadata)
    repo.close()
    structural = [
        d for d in diff if isinstance(d, tuple) and d[0] in ("add_table", "remove_table", "add_column", "remove_column")
    ]
    assert structural == []


def test_an_older_team_workspace_is_upgraded(pg_url):
    from desktop.model.workspace import connect_server, migrate_connection

    engine, _public, _state = connect_server(pg_url)
    with engine.begin() as con:
        migrate_connection(con, to="0002")
        con.exec_driver_sql(
            "INSERT INTO actor (name, kind, notes, created_at) VALUES ('Ada Example', 'person', '', now())"
        )
        con.exec_driver_sql("INSERT INTO alias (actor_id, name, key) SELECT id, name, 'ada example' FROM actor")
    engine.dispose()
    repo = open_workspace(pg_url)
    assert repo.schema_revision() == head_revision()
    ada = repo.find_actor("ada example")
    assert ada.version == 1 and [a.name for a in repo.search("ada").actors] == ["Ada Example"]
    repo.rename_actor(ada.id, "Ada Example Ltd", expected_version=1)
    assert repo.get_actor(ada.id).version == 2
    repo.close()


def test_another_database_is_refused_and_left_alone(pg_server, pg_url):
    pg_server.psql("CREATE TABLE payroll (who text); INSERT INTO payroll VALUES ('x')", database=database(pg_url))
    with pytest.raises(NotAWorkspaceError, match="is a PostgreSQL database, but not a Relmap workspace"):
        open_workspace(pg_url)
    tables = pg_server.psql(
        "SELECT string_agg(table_name, ',') FROM information_schema.tables WHERE table_schema = 'public'",
        database=database(pg_url),
    ).strip()
    assert tables == "payroll"


def test_a_newer_team_workspace_is_refused_and_left_alone(pg_server, pg_url):
    open_workspace(pg_url).close()
    pg_server.psql("UPDATE alembic_version SET version_num = '0099'", database=database(pg_url))
    with pytest.raises(NewerWorkspaceError, match="newer version of Relmap"):
        open_workspace(pg_url)
    assert pg_server.psql("SELECT version_num FROM alembic_version", database=database(pg_url)).strip() == "0099"


def test_an_empty_database_is_not_created_when_asked_not_to(pg_server, pg_url):
    with pytest.raises(WorkspaceError, match="empty database"):
        open_workspace(pg_url, create=False)
    assert (
        pg_server.psql(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", database=database(pg_url)
        ).strip()
        == "0"
    )


def test_passwords_come_from_libpq_and_are_never_kept(pg_server, pg_url, tmp_path, monkeypatch):
    name = database(pg_url)
    pg_server.psql(
        f"CREATE ROLE {PASSWORD_GROUP} NOLOGIN; CREATE ROLE ana LOGIN PASSWORD 'sesame' "
        f"IN ROLE {PASSWORD_GROUP}; ALTER DATABASE {name} OWNER TO ana"
    )
    url = f"postgresql://ana@127.0.0.1:{pg_server.port}/{name}"
    for variable in ("PGPASSWORD", "PGPASSFILE", "PGSERVICEFILE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.pgpass of the machine's
    with pytest.raises(WorkspaceError, match="no password supplied"):
        open_workspace(url)
    monkeypatch.setenv("PGPASSWORD", "wrong")
    with pytest.raises(WorkspaceError, match="password authentication failed") as refused:
        open_workspace(url)
    assert "wrong" not in str(refused.value)
    monkeypatch.setenv("PGPASSWORD", "sesame")
    repo = open_workspace(url)
    assert repo.user == "ana" and "sesame" not in repo.location
    repo.close()
    monkeypatch.delenv("PGPASSWORD")
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"127.0.0.1:{pg_server.port}:{name}:ana:sesame\n")
    passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    open_workspace(url).close()
    services = tmp_path / "services"
    services.write_text(f"[investigation]\nhost=127.0.0.1\nport={pg_server.port}\ndbname={name}\nuser=ana\n")
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    repo = open_workspace("postgresql://?service=investigation")
    assert repo.title == "investigation" and repo.counts()["actors"] == 0
    repo.close()
    # a password typed into the URL is used but never remembered or shown
    typed = f"postgresql://ana:sesame@127.0.0.1:{pg_server.port}/{name}?sslmode=disable"
    assert normal_location(typed) == f"postgresql://ana@127.0.0.1:{pg_server.port}/{name}?sslmode=disable"
    repo = open_workspace(typed)
    assert "sesame" not in repo.location and "sesame" not in repo.display_name
    repo.close()


def test_sslmode_passes_through_to_libpq(pg_url):
    # the throwaway cluster has no certificate: demanding TLS is refused by libpq, in one line
    with pytest.raises(WorkspaceError, match="server does not support SSL, but SSL was required"):
        open_workspace(pg_url + "?sslmode=require")
    open_workspace(pg_url + "?sslmode=disable").close()


def test_the_command_line_takes_a_team_workspace_everywhere(pg_server, pg_url, tmp_path, capsys):
    # commands that only read refuse an empty database as they refuse a missing file: a typo in
    # the address must not become a demo workspace on the server
    assert main(["self-test", "--workspace", pg_url]) == 1
    assert "is an empty database, not a Relmap workspace yet" in capsys.readouterr().err
    for read in (["list", "actors"], ["export", "--format", "json", "--out", str(tmp_path / "x.json")]):
        assert main([*read, "--workspace", pg_url]) == 1
        assert capsys.readouterr().err == (
            f"relmap: {pg_url}: is an empty database, not a Relmap workspace yet "
            "(the main window and `relmap import` create workspaces)\n"
        )
    assert (
        pg_server.psql(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", database=database(pg_url)
        ).strip()
        == "0"
    )
    article = tmp_path / "talks.txt"
    article.write_text("Ada Example met Bruno Sample in Lisbon on Monday.\n", encoding="utf-8")
    assert main(["import", str(article), "--workspace", pg_url]) == 0  # import creates it, and says so
    assert f"relmap: created workspace {pg_url} with the demo map" in capsys.readouterr().err
    assert main(["list", "actors", "--workspace", pg_url]) == 0
    assert "Kassym-Jomart Tokayev" in capsys.readouterr().out
    out = tmp_path / "team.json"
    assert main(["export", "--format", "json", "--out", str(out), "--workspace", pg_url]) == 0
    assert main(["import-json", str(out), "--workspace", pg_url]) == 0
    assert f"into {pg_url}" in capsys.readouterr().out
    assert main(["list", "relationships", "--json", "--status", "confirmed", "-w", pg_url]) == 0


def test_a_server_that_does_not_answer_is_one_line(pg_server, capsys):
    dead = f"postgresql://nobody@127.0.0.1:{pg_server.port + 1 if pg_server.port < 65535 else 1}/none"
    assert main(["list", "actors", "--workspace", dead]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("relmap: postgresql://nobody@127.0.0.1:") and "cannot be opened" in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err


def test_two_investigators_see_each_others_work(pg_url, monkeypatch):
    monkeypatch.setenv("RELMAP_USER", "ana")
    ana = open_user_workspace(pg_url)
    monkeypatch.setenv("RELMAP_USER", "ben")
    ben = open_workspace(pg_url)
    try:
        new = ana.create_actor("Ada Example", "organisation").subject_id
        seen = ben.get_actor(new)
        assert (seen.name, seen.created_by, seen.updated_by, seen.version) == ("Ada Example", "ana", "ana", 1)
        ben.update_actor(new, notes="met in March", expected_version=seen.version)
        again = ana.get_actor(new)
        assert (again.notes, again.created_by, again.updated_by, again.version) == ("met in March", "ana", "ben", 2)
        assert [(c.who, c.action, c.table) for c in ana.history(limit=1)] == [("ben", "update", "actor")]
    finally:
        ana.close()
        ben.close()
    assert os.environ["RELMAP_USER"] == "ben"


def test_a_member_who_may_only_read_can_look_and_export_but_never_write(pg_server, pg_url, tmp_path, capsys, qapp):
    open_user_workspace(pg_url).close()
    name = database(pg_url)
    pg_server.psql("CREATE ROLE reader LOGIN; GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader", database=name)
    url = f"postgresql://reader@127.0.0.1:{pg_server.port}/{name}"
    repo = open_workspace(url)
    try:
        assert repo.read_only and repo.user == "reader"
        assert len(repo.list_actors()) == 8
        assert {r.status for r in repo.list_relationships(statuses=["confirmed"])} == {"confirmed"}
        assert repo.search("tokayev").actors and repo.history(limit=5)
        putin = repo.find_actor("Putin")
        rel = repo.list_relationships()[0]
        article = repo.list_articles()[0]
        writes = [
            lambda: repo.create_actor("Ada Example"),
            lambda: repo.rename_actor(putin.id, "V. Putin", expected_version=putin.version),
            lambda: repo.update_actor(putin.id, notes="x"),
            lambda: repo.add_alias(putin.id, "VVP"),
            lambda: repo.merge_actors(putin.id, repo.find_actor("Tokayev").id),
            lambda: repo.delete_actor(putin.id),
            lambda: repo.set_status(rel.id, "rejected"),
            lambda: repo.set_statuses({rel.id: "rejected"}),
            lambda: repo.update_relationship(rel.id, note="x"),
            lambda: repo.delete_relationship(rel.id),
            lambda: repo.add_evidence(rel.id, article.id, 0, 10),
            lambda: repo.remove_evidence(rel.evidence[0].id),
            lambda: repo.add_article("some text", title="t"),
            lambda: repo.update_article(article.id, title="t"),
            lambda: repo.add_relation_type("funded-by", "funded by"),
            lambda: repo.update_relation_type("ally-of", color="#000000"),
            lambda: SetStatus((rel.id,), "rejected").apply(repo),
        ]
        for write in writes:
            with pytest.raises(ReadOnlyWorkspaceError, match="you can read this workspace but not change it"):
                write()
        # arranging the map is allowed: kept for this session, never written
        repo.set_positions({putin.id: (3.0, 4.0)}, pinned={putin.id: True})
        assert (repo.get_actor(putin.id).x, repo.get_actor(putin.id).pinned) == (3.0, True)
        assert any(a[0] == putin.id and a[3:] == (3.0, 4.0, True) for a in repo.graph_rows()[0])
    finally:
        repo.close()
    assert main(["export", "--format", "png", "--out", str(tmp_path / "map.png"), "--workspace", url]) == 0
    assert (tmp_path / "map.png").stat().st_size > 1000
    assert main(["import-graph", str(tmp_path / "missing.graphml"), "--workspace", url]) == 1
    capsys.readouterr()
    text = tmp_path / "a.txt"
    text.write_text("Ada Example met Ben Sample in Vienna on Monday.\n")
    assert main(["import", str(text), "--no-extract", "--workspace", url]) == 1
    err = capsys.readouterr().err.strip()
    assert "you can read this workspace but not change it" in err and "Traceback" not in err
    admin = open_workspace(pg_url)
    assert admin.counts()["articles"] == 1 and admin.find_actor("Putin").x is None  # nothing was written
    admin.close()


def test_an_import_batch_reads_the_actors_again_only_when_someone_else_wrote(pg_url):
    from desktop.extract.formats import article_from_text
    from desktop.extract.ingest import ActorDirectory, ingest_article
    from desktop.extract.model import Extraction, ProposedActor

    repo = open_workspace(pg_url, fill_new=load_seed, user="ana")
    try:
        directory = ActorDirectory(repo)
        text = "Ada Example met Bruno Sample in Lisbon."
        ingest_article(
            repo,
            article_from_text(text, title="Lisbon"),
            Extraction((ProposedActor("Ada Example", "person"), ProposedActor("Bruno Sample", "person")), ()),
            directory=directory,
        )
        # the import's own writes moved the change log; the directory knows them already
        assert directory.version == repo.data_version() and directory.find("Ada Example") is not None
        ben = open_workspace(pg_url, user="ben")
        ben.create_actor("Carla Person")
        ben.close()
        assert directory.version != repo.data_version()  # someone else's: the next article reads again
    finally:
        repo.close()
