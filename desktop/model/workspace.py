"""Opening, checking, creating and upgrading workspaces.

A workspace is one SQLite file, or (a team workspace) a PostgreSQL database named by a URL such
as ``postgresql://user@host:5432/investigation``; both hold the same tables, made by the same
migrations. Passwords are never stored: libpq's own mechanisms (PGPASSWORD, ~/.pgpass, a
service file) supply them, and sslmode and other libpq options pass through the URL.

For a file: before anything writes to a file that already exists, it is
inspected read-only: a file that is not a Relmap workspace, one written by a newer Relmap, or a
damaged one is refused with a :class:`WorkspaceError` and left byte-for-byte as it was.
New workspaces are built in a temporary file beside the target and moved into place only when
complete, so a crash never leaves half a workspace.

Writers wait for each other. Every write transaction starts in one place, :func:`begin_write`,
with ``BEGIN IMMEDIATE``: it takes the write lock before reading anything, so a second program
writing to the same workspace (an import in a terminal while the window is open, two imports from
a script) waits its turn, with backoff, instead of failing with "database is locked" the moment
it first writes. One that still cannot write after the busy timeout stores nothing and says so
in one line (:class:`~desktop.model.errors.WorkspaceBusyError`). Another engine (PostgreSQL)
plugs in here: its own way to begin a write transaction and to recognise "busy, try again".
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError
from sqlalchemy.pool import StaticPool

from desktop.model.errors import (
    DamagedWorkspaceError,
    InvalidInputError,
    NewerWorkspaceError,
    NotAWorkspaceError,
    RelmapError,
    WorkspaceBusyError,
    WorkspaceError,
)

if TYPE_CHECKING:
    from alembic.config import Config

APPLICATION_ID = 0x524C4D50  # "RLMP"
SQLITE_MAGIC = b"SQLite format 3\x00"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


# Alembic is imported only to create or upgrade a workspace, never to open a current one: it
# costs a tenth of the window's start-up (issue 12).
def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def known_revisions() -> list[str]:
    """Schema revisions this Relmap knows, oldest first.

    Read from the migration files' names, which start with their revision number ("0003_...",
    revision "0003", down_revision the one before), so opening a workspace needs no alembic; a
    test checks alembic's own walk of the revisions agrees.
    """
    names = sorted(p.name for p in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
    return [name[:4] for name in names]


def head_revision() -> str:
    return known_revisions()[-1]


SCHEMA_VERSION = 5  # PRAGMA user_version written by the newest migration


@dataclass(frozen=True)
class FileState:
    """What a read-only look at a path found."""

    exists: bool
    revision: str | None  # None: nothing there yet (missing, empty file, or empty SQLite database)
    # Why it can only be read, if so: SQLite could not even make its journal's shared-memory
    # file beside it (a full disk), and the file holds all of the workspace (no journal waiting):
    # it is read as an immutable file.
    read_only_reason: str | None = None


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
        return _inspect(path, immutable=False)
    except DamagedWorkspaceError as exc:
        if not isinstance(exc.__cause__, sqlite3.OperationalError):
            raise
        # "disk I/O error", "unable to open": SQLite could not open its journal's shared memory.
        # On a full disk, with no journal waiting to be folded in, the file alone is the whole
        # workspace: it is read as it is, and nothing can be written to it until there is room.
        if _free_bytes(path.parent) > 1024 * 1024:
            raise WorkspaceError(path, f"cannot be read ({exc.__cause__})") from exc
        if _journal_waiting(path):
            raise WorkspaceError(path, "cannot be opened: the disk is full; free some space") from exc
        state = _inspect(path, immutable=True)
        return FileState(exists=True, revision=state.revision, read_only_reason="the disk is full")


def _free_bytes(folder: Path) -> int:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return 0


def _journal_waiting(path: Path) -> bool:
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


def _inspect(path: Path, *, immutable: bool) -> FileState:
    con = _connect_read_only(path, immutable=immutable)
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


# How long a writer waits for another program's write transaction to end before giving up
# (RELMAP_BUSY_TIMEOUT, in seconds, overrides it). An import stores one article per transaction,
# a fraction of a second, so 30 s is many articles' worth of patience.
BUSY_TIMEOUT = 30.0
# SQLite's own busy handler waits this long inside one attempt (it backs off in steps of a few
# milliseconds); begin_write() then sleeps with growing, jittered pauses until the timeout.
_ATTEMPT_TIMEOUT = 0.25
# Execution option that makes a connection's transactions write transactions (BEGIN IMMEDIATE).
WRITE_OPTION = "relmap_write"

T = TypeVar("T")


def busy_timeout() -> float:
    """The busy timeout in seconds: RELMAP_BUSY_TIMEOUT if set to a number, else BUSY_TIMEOUT."""
    try:
        return max(0.0, float(os.environ["RELMAP_BUSY_TIMEOUT"]))
    except (KeyError, ValueError):
        return BUSY_TIMEOUT


def is_writable(path: Path) -> bool:
    """Whether this process may write ``path`` (and so the workspace in it): False for a file
    without write permission, an immutable file (chattr +i: even root may not write it), or a
    file on a read-only filesystem. Asked of the file itself, since for root os.access says yes."""
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return False
    os.close(fd)
    return True


def _read_only_uri(path: Path, *, immutable: bool = False) -> str:
    """How SQLite opens a workspace it may not write: read-only, and "immutable" (no locks, no
    journal files) when it could not even create the journal's shared-memory file beside it
    (a read-only folder or filesystem, which nobody can then change under it either; or a full
    disk, see inspect_workspace)."""
    immutable = immutable or not _can_create_in(path.parent)
    return f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")


def _can_create_in(folder: Path) -> bool:
    try:
        fd, name = tempfile.mkstemp(prefix=".relmap-probe-", dir=folder)
    except OSError:
        return False
    os.close(fd)
    os.unlink(name)
    return True


def _connect_read_only(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    try:
        return sqlite3.connect(_read_only_uri(path, immutable=immutable), uri=True)
    except sqlite3.Error as exc:
        raise DamagedWorkspaceError(path, f"cannot be opened: {exc}") from exc


def make_engine(path: Path, *, writer: bool = False, read_only: bool = False, immutable: bool = False) -> Engine:
    """An engine with foreign keys on, WAL journal and real transactions (BEGIN on begin).

    ``writer=True`` makes the engine a repository writes through: one connection (writes are
    serialised anyway), and every transaction a write transaction (``BEGIN IMMEDIATE``). Other
    engines begin deferred transactions, which in WAL mode never wait for a writer, unless a
    connection asks for a write with the :data:`WRITE_OPTION` execution option.
    """
    timeout = _ATTEMPT_TIMEOUT if writer else 5.0
    extra = {"poolclass": StaticPool} if writer else {}
    if read_only:  # a workspace this process may not write: SQLite is told so, see _read_only_uri
        uri = _read_only_uri(path, immutable=immutable)
        engine = create_engine(
            "sqlite://",
            creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=timeout),
            **extra,
        )
    else:
        engine = create_engine(
            f"sqlite:///{path}", connect_args={"check_same_thread": False, "timeout": timeout}, **extra
        )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # noqa: ANN001
        # Autocommit at the driver level, so SQLAlchemy's own BEGIN makes DDL transactional too.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        if not read_only:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # noqa: ANN001
        # A deferred BEGIN that later writes cannot wait for the lock (its snapshot may be stale
        # by then): write transactions take the lock first, and wait for it here.
        immediate = writer or conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def is_busy(exc: BaseException) -> bool:
    """True for the database's "another writer holds the lock, try again" error."""
    orig = getattr(exc, "orig", exc)
    if getattr(orig, "sqlstate", None) == "55P03":  # PostgreSQL: lock_timeout passed while waiting
        return True
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return isinstance(orig, sqlite3.OperationalError) and "locked" in str(orig)


def begin_write(start: Callable[[], T], *, path: Path | str, timeout: float | None = None) -> T:
    """Run ``start`` (which opens a write transaction) until it gets the write lock.

    The one place a write transaction starts, for the repository and for migrations: while
    another program holds the lock, wait with growing, jittered pauses; after ``timeout``
    seconds (default :func:`busy_timeout`) give up with a :class:`WorkspaceBusyError`, having
    stored nothing. ``start`` must leave nothing behind when it raises.
    """
    timeout = busy_timeout() if timeout is None else timeout
    deadline = time.monotonic() + timeout
    pause = 0.02
    while True:
        try:
            return start()
        except DBAPIError as exc:
            if not is_busy(exc):
                raise storage_error(path, exc) from exc
            left = deadline - time.monotonic()
            if left <= 0:
                raise WorkspaceBusyError(path, timeout) from None
            time.sleep(min(left, pause * random.uniform(0.5, 1.5)))
            pause = min(pause * 2, 1.0)


# Check constraints by name, in the words of the thing refused.
_CONSTRAINTS = {
    "actor_name_nonempty": "an actor name is empty",
    "actor_kind": "an actor kind is not one Relmap knows",
    "FOREIGN KEY constraint failed": (
        "it names something the workspace does not hold (or removes something still in use)"
    ),
    "relationship_status": "a relationship status is not proposed, confirmed or rejected",
    "relationship_confidence": "a confidence is not between 0 and 1",
    "relationship_not_self": "a relationship joins an actor to itself",
    "evidence_span": "an excerpt has no characters",
    "evidence_origin": "an excerpt origin is not one Relmap knows",
}


def storage_error(path: Path | str, exc: BaseException, *, reading: bool = False) -> RelmapError:
    """A database error said in one line for the user: during a write (nothing was stored) or,
    with ``reading``, while reading."""
    if reading:
        orig = getattr(exc, "orig", exc)
        message = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
        if "disk is full" in message.lower():
            return WorkspaceError(path, "cannot be read: the disk is full (free some space)")
        return WorkspaceError(path, f"cannot be read ({message})")
    orig = getattr(exc, "orig", exc)
    message = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    if isinstance(exc, IntegrityError):
        for name, words in _CONSTRAINTS.items():
            if name in message:
                return InvalidInputError(f"the workspace refused the change: {words}")
        return InvalidInputError(f"the workspace refused the change ({message})")
    if is_busy(exc):
        return WorkspaceBusyError(path, busy_timeout())
    lowered = message.lower()
    if "disk is full" in lowered or "database or disk is full" in lowered:
        return WorkspaceError(path, "cannot be written: the disk is full; nothing was stored")
    if "readonly" in lowered or "read-only" in lowered:
        return WorkspaceError(path, "is read-only; nothing was stored")
    if "disk i/o error" in lowered:
        return WorkspaceError(path, "cannot be written (disk I/O error); nothing was stored")
    return WorkspaceError(path, f"cannot be written ({message}); nothing was stored")


def migrate(engine: Engine, *, to: str = "head", path: Path | None = None) -> None:
    """Upgrade the schema behind ``engine`` in one write transaction.

    Two programs opening an old workspace at once: the second waits for the first one's
    upgrade, then finds the schema current and does nothing.
    """
    sqlite = engine.dialect.name == "sqlite"

    def start():  # noqa: ANN202 - a Connection in a write transaction
        connection = engine.connect().execution_options(**{WRITE_OPTION: True})
        try:
            if sqlite:
                # SQLite changes a constraint by rebuilding the table (copy, drop, rename): with
                # foreign keys on, dropping the old actor table would cascade to every alias and
                # relationship. Off for the migration (outside a transaction, or it is ignored),
                # checked before commit, on again after.
                _driver_execute(connection, "PRAGMA foreign_keys = OFF")
            connection.begin()
        except BaseException:
            _restore_foreign_keys(connection, sqlite)
            connection.close()
            raise
        return connection

    where = path or Path(str(engine.url.database))
    connection = begin_write(start, path=where)
    with connection:
        try:
            migrate_connection(connection, to=to)
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
                if broken is not None:
                    raise DamagedWorkspaceError(
                        where,
                        f"cannot be upgraded: a row of {broken[0]} refers to a "
                        f"missing row of {broken[2]}; nothing was changed",
                    )
            connection.commit()
        except BaseException:
            connection.rollback()
            raise
        finally:
            _restore_foreign_keys(connection, sqlite)


def _driver_execute(connection, statement: str) -> None:  # noqa: ANN001 - a SQLAlchemy Connection
    """Run ``statement`` on the driver connection itself, outside SQLAlchemy's transaction."""
    connection.connection.dbapi_connection.execute(statement)


def _restore_foreign_keys(connection, sqlite: bool) -> None:  # noqa: ANN001
    if sqlite:
        try:
            _driver_execute(connection, "PRAGMA foreign_keys = ON")
        except sqlite3.Error:
            connection.invalidate()  # never hand a connection without foreign keys back to the pool


def migrate_connection(connection: Connection, *, to: str = "head") -> None:
    """Upgrade the schema inside the transaction ``connection`` is in."""
    from alembic import command

    config = _alembic_config()
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


# ---------------------------------------------------------------------- team workspaces (PostgreSQL)
SERVER_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
#: pg_advisory_xact_lock key: creating or upgrading a team workspace, one client at a time
SCHEMA_LOCK = 0x524C4D50


def is_server_location(location: object) -> bool:
    """True for a team workspace's address (``postgresql://...``), False for a file path."""
    if not isinstance(location, str) or "://" not in location:
        return False
    return location.split("://", 1)[0].lower() in SERVER_SCHEMES


def server_url(location: str) -> URL:
    """The SQLAlchemy URL for a team workspace address (psycopg 3 as the driver)."""
    try:
        url = make_url(location.strip())
    except ArgumentError as exc:
        raise WorkspaceError(location.split("@")[-1], f"is not a PostgreSQL address ({exc})") from None
    url = url.set(drivername="postgresql+psycopg")
    query = dict(url.query)
    query.setdefault("application_name", "relmap")
    query.setdefault("connect_timeout", "10")  # a wrong host says so instead of hanging
    return url.set(query=query)


def public_location(url: URL) -> str:
    """The address without a password and without the options Relmap adds: what is shown and remembered."""
    query = {k: v for k, v in url.query.items() if k not in ("application_name", "connect_timeout")}
    # URL.set(password=None) means "leave it": replace the field itself
    return url._replace(password=None).set(drivername="postgresql", query=query).render_as_string(hide_password=False)


def server_title(location: str) -> tuple[str, str]:
    """``(database, host)`` of a team workspace address, for titles (a service name stands in)."""
    url = server_url(location)
    database = url.database or url.query.get("service") or url.query.get("dbname") or "?"
    return str(database), url.host or str(url.query.get("host") or "this computer")


def make_server_engine(url: URL) -> Engine:
    """An engine for a team workspace: times in UTC (as SQLite keeps them), connections checked."""
    engine = create_engine(url, pool_pre_ping=True, pool_size=4, max_overflow=4)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # noqa: ANN001
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET TIME ZONE 'UTC'")
        dbapi_connection.commit()

    return engine


def describe_server_error(exc: BaseException) -> str:
    """libpq's first line, e.g. 'connection to server at "db", port 5432 failed: Connection refused'."""
    orig = getattr(exc, "orig", None) or exc
    first = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    return first.removeprefix("connection failed: ")


def inspect_server(connection: Connection, location: str) -> FileState:
    """What the database at ``location`` holds; raise WorkspaceError if it cannot be a workspace."""
    tables: set[str] = set(
        connection.execute(
            text("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
        ).scalars()
    )
    if not tables:
        return FileState(exists=True, revision=None)
    if "relmap_workspace" not in tables:
        raise NotAWorkspaceError(location, "is a PostgreSQL database, but not a Relmap workspace")
    mark = connection.execute(text("SELECT application FROM relmap_workspace WHERE id = 1")).scalar()
    if mark != "relmap":
        raise NotAWorkspaceError(location, "is a PostgreSQL database, but not a Relmap workspace")
    revision = None
    if "alembic_version" in tables:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    known = known_revisions()
    if revision is not None and revision not in known:
        raise NewerWorkspaceError(
            location,
            f"was made by a newer version of Relmap (schema {revision}); this version reads schemas up to "
            f"{known[-1]}. Update Relmap to open it.",
        )
    if revision is None:
        raise DamagedWorkspaceError(location, "is marked as a Relmap workspace but has no schema version")
    return FileState(exists=True, revision=revision)


def connect_server(location: str) -> tuple[Engine, str, FileState]:
    """Connect to a team workspace and look at it: ``(engine, public location, state)``."""
    url = server_url(location)
    public = public_location(url)
    engine = make_server_engine(url)
    try:
        with engine.connect() as connection:
            state = inspect_server(connection, public)
    except DBAPIError as exc:
        engine.dispose()
        raise WorkspaceError(public, f"cannot be opened: {describe_server_error(exc)}") from None
    except BaseException:
        engine.dispose()
        raise
    return engine, public, state


def prepare_server(
    engine: Engine, public: str, *, create: bool, fill: Callable[[Connection], None] | None = None
) -> bool:
    """Create (schema and ``fill``) or upgrade the team workspace in one transaction; True if created.

    Clients opening the same new database at once take turns (an advisory lock) and look again
    once they hold it, so exactly one creates it.
    """
    try:
        with engine.begin() as connection:
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": SCHEMA_LOCK})
            state = inspect_server(connection, public)
            if state.revision is None:
                if not create:
                    raise NotAWorkspaceError(public, "is an empty database, not a Relmap workspace yet")
                migrate_connection(connection)
                if fill is not None:
                    fill(connection)
                return True
            if state.revision != head_revision():
                migrate_connection(connection)
            return False
    except DBAPIError as exc:
        problem = describe_server_error(exc)
        if "permission denied" in problem:
            problem = (
                f"cannot be {'created' if create else 'upgraded'} with your database role's permissions "
                f"({problem}); ask a member who owns the database to open it first"
            )
        raise WorkspaceError(public, problem) from None
