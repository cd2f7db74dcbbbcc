"""Opening, checking, creating and upgrading workspace files.

A workspace is one SQLite file. Before anything writes to a file that already exists, it is
inspected read-only: a file that is not a Relmap workspace, one written by a newer Relmap, or a
damaged one is refused with a :class:`WorkspaceError` and left byte-for-byte as it was.
New workspaces are built in a temporary file beside the target and moved into place only when
complete, so a crash never leaves half a workspace.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event

from desktop.model.errors import DamagedWorkspaceError, NewerWorkspaceError, NotAWorkspaceError, WorkspaceError

APPLICATION_ID = 0x524C4D50  # "RLMP"
SQLITE_MAGIC = b"SQLite format 3\x00"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def known_revisions() -> list[str]:
    """Schema revisions this Relmap knows, oldest first."""
    script = ScriptDirectory.from_config(_alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def head_revision() -> str:
    return known_revisions()[-1]


SCHEMA_VERSION = 2  # PRAGMA user_version written by the newest migration


@dataclass(frozen=True)
class FileState:
    """What a read-only look at a path found."""

    exists: bool
    revision: str | None  # None: nothing there yet (missing, empty file, or empty SQLite database)


def inspect_workspace(path: Path) -> FileState:
    """Look at ``path`` without writing to it; raise WorkspaceError if it cannot be a workspace."""
    if not path.exists():
        return FileState(exists=False, revision=None)
    if path.is_dir():
        raise NotAWorkspaceError(path, "is a folder, not a workspace file")
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise WorkspaceError(path, f"cannot be read ({exc.strerror or exc})") from exc
    if head == b"":
        return FileState(exists=True, revision=None)
    if head != SQLITE_MAGIC:
        raise NotAWorkspaceError(path, "is not a Relmap workspace (it is not an SQLite database)")
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DamagedWorkspaceError(path, f"cannot be opened: {exc}") from exc
    try:
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        user_version = con.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if app_id != APPLICATION_ID:
            if not tables:
                return FileState(exists=True, revision=None)
            raise NotAWorkspaceError(path, "is an SQLite database, but not a Relmap workspace")
        check = con.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise DamagedWorkspaceError(path, f"is damaged (SQLite integrity check: {check})")
        revision = None
        if "alembic_version" in tables:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    except sqlite3.DatabaseError as exc:
        raise DamagedWorkspaceError(path, f"is damaged or not a database ({exc})") from exc
    finally:
        con.close()
    known = known_revisions()
    if user_version > SCHEMA_VERSION or (revision is not None and revision not in known):
        raise NewerWorkspaceError(
            path,
            f"was made by a newer version of Relmap (schema {revision or user_version}); "
            f"this version reads schemas up to {known[-1]}. Update Relmap to open it.",
        )
    if revision is None:
        raise DamagedWorkspaceError(path, "is marked as a Relmap workspace but has no schema version")
    return FileState(exists=True, revision=revision)


def make_engine(path: Path) -> Engine:
    """An engine with foreign keys on, WAL journal and real transactions (BEGIN on begin)."""
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # noqa: ANN001
        # Autocommit at the driver level, so SQLAlchemy's own BEGIN makes DDL transactional too.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # noqa: ANN001
        conn.exec_driver_sql("BEGIN")

    return engine


def migrate(engine: Engine, *, to: str = "head") -> None:
    """Upgrade the schema behind ``engine`` in one transaction."""
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, to)


def _checkpoint_and_close(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()


def create_workspace_file(path: Path, *, fill: Callable[[Engine], None] | None = None, revision: str = "head") -> None:
    """Build a complete workspace at ``path`` (schema, then ``fill``), atomically.

    The file is built under a temporary name in the same folder and renamed into place, so
    ``path`` either stays as it was or becomes a whole workspace.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        engine = make_engine(tmp)
        try:
            migrate(engine, to=revision)
            if fill is not None:
                fill(engine)
        finally:
            _checkpoint_and_close(engine)
        # A journal left by the temp file must not be mistaken for the new file's journal.
        for suffix in ("-wal", "-shm"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)
        # mkstemp makes the file private (0600); a workspace gets the user's usual permissions
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)
        raise
