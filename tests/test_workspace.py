"""Opening, creating, refusing and upgrading workspace files."""

from __future__ import annotations

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from desktop.model import DamagedWorkspaceError, NewerWorkspaceError, NotAWorkspaceError, open_workspace
from desktop.model.workspace import APPLICATION_ID, SCHEMA_VERSION, create_workspace_file, head_revision, make_engine
from tests.helpers import digest, empty_workspace


def test_new_workspace_has_newest_schema_wal_and_foreign_keys(tmp_path):
    repo = empty_workspace(tmp_path)
    assert repo.created
    assert repo.schema_revision() == head_revision()
    with repo.engine.connect() as con:
        assert con.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert con.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert con.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID
        assert con.exec_driver_sql("PRAGMA user_version").scalar() == SCHEMA_VERSION
    assert {t.key for t in repo.list_relation_types()} >= {
        "successor-of",
        "ally-of",
        "arrested-by",
        "spoke-with",
        "spokesperson-of",
        "leader-of",
        "member-of",
        "appointed-by",
        "opposed-to",
    }
    repo.close()
    again = open_workspace(tmp_path / "empty.relmap")
    assert not again.created
    again.close()


def test_tables_match_the_migrated_schema(tmp_path):
    """The SQLModel classes and the migrations describe the same tables and columns."""
    repo = empty_workspace(tmp_path)
    with repo.engine.connect() as con:
        diff = compare_metadata(MigrationContext.configure(con), SQLModel.metadata)
    structural = [
        d
        for d in diff
        if isinstance(d, tuple)
        and d[0] in ("add_table", "add_column", "remove_column")
        or (isinstance(d, tuple) and d[0] == "remove_table" and "fts" not in d[1].name)
    ]
    assert structural == []
    repo.close()


def test_text_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "notes.relmap"
    path.write_text("these are my notes, not a workspace\n")
    before = digest(path)
    with pytest.raises(NotAWorkspaceError, match="notes.relmap: is not a Relmap workspace"):
        open_workspace(path)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.relmap"]


def test_other_sqlite_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.execute("INSERT INTO t VALUES (1)")
    con.commit()
    con.close()
    before = digest(path)
    with pytest.raises(NotAWorkspaceError, match="an SQLite database, but not a Relmap workspace"):
        open_workspace(path)
    assert digest(path) == before


def test_workspace_from_newer_version_is_refused_and_untouched(tmp_path):
    path = tmp_path / "future.relmap"
    empty_workspace(tmp_path, "future.relmap").close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '0099'")
    con.execute("PRAGMA user_version = 99")
    con.commit()
    con.close()
    before = digest(path)
    with pytest.raises(NewerWorkspaceError, match="newer version of Relmap"):
        open_workspace(path)
    assert digest(path) == before


def test_damaged_workspace_is_refused_and_untouched(tmp_path):
    path = tmp_path / "broken.relmap"
    repo = empty_workspace(tmp_path, "broken.relmap")
    repo.create_actor("Someone")
    repo.close()
    data = bytearray(path.read_bytes())
    # keep the header (so it still claims to be SQLite) and scribble over the schema page
    data[100:3000] = b"\xde\xad\xbe\xef" * 725
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(DamagedWorkspaceError, match="broken.relmap"):
        open_workspace(path)
    assert digest(path) == before


def test_folder_is_refused(tmp_path):
    with pytest.raises(NotAWorkspaceError, match="is a folder"):
        open_workspace(tmp_path)


def test_empty_file_becomes_a_workspace(tmp_path):
    path = tmp_path / "touched.relmap"
    path.write_bytes(b"")
    repo = open_workspace(path)
    assert repo.schema_revision() == head_revision()
    repo.close()


def test_failed_creation_leaves_nothing(tmp_path):
    def explode(_repo):
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        open_workspace(tmp_path / "new.relmap", fill_new=explode)
    assert list(tmp_path.iterdir()) == []


def test_workspace_from_first_schema_is_upgraded_without_loss(tmp_path):
    path = tmp_path / "old.relmap"
    create_workspace_file(path, revision="0001")
    con = sqlite3.connect(path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert "x" not in {row[1] for row in con.execute("PRAGMA table_info(actor)")}
    con.execute(
        "INSERT INTO actor (id, name, kind, notes, created_at) VALUES (1, 'Ada Example', 'person', 'n', "
        "'2021-05-01 10:00:00')"
    )
    con.execute("INSERT INTO alias (actor_id, name, key) VALUES (1, 'Ada Example', 'ada example')")
    con.commit()
    con.close()
    repo = open_workspace(path)
    assert repo.schema_revision() == head_revision()
    actor = repo.find_actor("ADA EXAMPLE")
    assert actor is not None and actor.notes == "n" and actor.x is None and actor.pinned is False
    repo.set_positions({actor.id: (1.5, -2.0)}, pinned={actor.id: True})
    assert repo.get_actor(actor.id).pinned
    assert [a.name for a in repo.search("ada").actors] == ["Ada Example"]
    repo.close()


def test_engine_enforces_foreign_keys(tmp_path):
    repo = empty_workspace(tmp_path)
    repo.close()
    engine = make_engine(tmp_path / "empty.relmap")
    with pytest.raises(Exception, match="FOREIGN KEY"):
        with engine.begin() as con:
            con.exec_driver_sql("INSERT INTO alias (actor_id, name, key) VALUES (999, 'x', 'x')")
    engine.dispose()


def test_known_revisions_read_from_file_names_agree_with_alembic():
    # Opening a workspace reads the revisions from the migration files' names (no alembic import,
    # issue 12); alembic's own walk of the chain must give the same list in the same order.
    from alembic.script import ScriptDirectory

    from desktop.model.workspace import _alembic_config, known_revisions

    script = ScriptDirectory.from_config(_alembic_config())
    walked = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert known_revisions() == walked
    assert head_revision() == walked[-1] == script.get_current_head()
