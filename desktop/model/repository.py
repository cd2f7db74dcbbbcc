"""The repository: every read and write of a workspace goes through here.

Each public mutation is one short transaction (one user action) and returns a
:class:`~desktop.model.records.Change` naming what it touched. Reads return immutable records.
Writes are serialised by one lock, so the GUI thread and a worker never write at once, and all
go through one connection and :meth:`Repository._transaction`, where every write transaction
starts (waiting for other programs' writes: see desktop.model.workspace.begin_write).
"""

from __future__ import annotations

import dataclasses
import getpass
import hashlib
import os
import re
import threading
import unicodedata
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from types import EllipsisType
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Table,
    and_,
    delete,
    func,
    insert,
    or_,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.engine import CursorResult, Result
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from desktop.model.cleantext import visible_controls
from desktop.model.errors import (
    ConflictError,
    DuplicateAliasError,
    InvalidInputError,
    NotFoundError,
    ReadOnlyWorkspaceError,
    RelmapError,
    WorkspaceError,
)
from desktop.model.records import (
    ActorKindRecord,
    ActorRecord,
    ArticleHit,
    ArticleRecord,
    Change,
    ChangeRecord,
    EvidenceRecord,
    Mention,
    MentionRecord,
    MergeProposalRecord,
    MergeResult,
    Proposal,
    ProposalsStored,
    RelationshipRecord,
    RelationTypeRecord,
    SearchResults,
    Snapshot,
)
from desktop.model.tables import (
    ACTOR_SHAPES,
    ACTOR_STATUSES,
    MERGE_STATUSES,
    ORIGINS,
    STATUSES,
    Actor,
    ActorKind,
    ActorMention,
    Alias,
    Article,
    ChangeLog,
    Evidence,
    MergeProposal,
    Relationship,
    RelationType,
    table_of,
)
from desktop.model.workspace import begin_write, busy_timeout, make_engine, server_title, storage_error

A = table_of(Actor)
K = table_of(ActorKind)
AL = table_of(Alias)
T = table_of(RelationType)
AR = table_of(Article)
R = table_of(Relationship)
E = table_of(Evidence)
AM = table_of(ActorMention)
MP = table_of(MergeProposal)
LOG = table_of(ChangeLog)
#: the columns every tracked row has; undo leaves them to the database (see restore)
TRACKING_COLUMNS = ("version", "created_by", "updated_by", "updated_at")
#: pg_advisory_xact_lock key every write transaction on a team workspace takes: writers take turns,
#: as they do on SQLite, so checks and writes of one transaction never interleave with another's
WRITE_LOCK = 0x524C4D51
# The search expressions the GIN indexes of a team workspace are built on (migration 0001).
PG_ARTICLE_DOCUMENT = "to_tsvector('simple', a.title || ' ' || left(a.text, 500000))"
PG_ALIAS_DOCUMENT = "to_tsvector('simple', name)"

# confirmed beats proposed beats rejected when two relationships are folded into one
_STATUS_RANK = {"rejected": 0, "proposed": 1, "confirmed": 2}
_PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_TYPE_KEY = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def alias_key(name: str) -> str:
    """The form aliases are compared in: Unicode-normalised, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def content_hash(text_: str) -> str:
    return hashlib.sha256(text_.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _clean_name(name: str, what: str = "name") -> str:
    # control characters become visible first (a NUL or an escape sequence is not whitespace)
    cleaned = " ".join(unicodedata.normalize("NFC", visible_controls(name or "")).split())
    if not cleaned:
        raise InvalidInputError(f"an actor {what} cannot be empty")
    if len(cleaned) > 300:
        raise InvalidInputError(f"an actor {what} is limited to 300 characters")
    return cleaned


def _check_kind(s: Session, kind: str) -> str:
    """``kind`` if the workspace has that actor kind (built in or the user's own)."""
    if s.execute(select(K.c.id).where(K.c.key == kind)).first() is None:
        known = ", ".join(s.execute(select(K.c.key).order_by(K.c.builtin.desc(), K.c.id)).scalars())
        raise InvalidInputError(f"unknown actor kind {kind!r}; use one of {known} (or add it as a kind)")
    return kind


def key_from_label(label: str) -> str:
    """The key a new type or kind gets from its label: "Funded by" -> "funded-by"."""
    words = re.findall(
        r"[a-z0-9]+", unicodedata.normalize("NFKD", label or "").encode("ascii", "ignore").decode("ascii").lower()
    )
    key = "-".join(words)
    return key if key[:1].isalpha() else f"x-{key}" if key else ""


def _check_color(color: str) -> str:
    if not _COLOR.match(color or ""):
        raise InvalidInputError(f"colour must look like #1f77b4, not {color!r}")
    return color.lower()


def _check_shape(shape: str) -> str:
    if shape not in ACTOR_SHAPES:
        raise InvalidInputError(f"unknown shape {shape!r}; use one of {', '.join(ACTOR_SHAPES)}")
    return shape


def _clean_label(label: str | None, what: str) -> str:
    cleaned = " ".join(visible_controls(label or "").split())
    if not cleaned:
        raise InvalidInputError(f"{what} cannot be empty")
    if len(cleaned) > 80:
        raise InvalidInputError(f"{what} is limited to 80 characters")
    return cleaned


def _check_status(status: str) -> str:
    if status not in STATUSES:
        raise InvalidInputError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
    return status


def _check_actor_status(status: str) -> str:
    if status not in ACTOR_STATUSES:
        raise InvalidInputError(f"unknown actor status {status!r}; use one of {', '.join(ACTOR_STATUSES)}")
    return status


def _check_confidence(confidence: float) -> float:
    value = float(confidence)
    if not 0.0 <= value <= 1.0:
        raise InvalidInputError(f"confidence must be between 0 and 1, not {confidence}")
    return value


def _check_excerpt(start: int, end: int, body: str) -> None:
    if not (0 <= start < end <= len(body)):
        raise InvalidInputError(f"excerpt {start}-{end} lies outside the article (0-{len(body)})")


def _new_id(result: Result[Any]) -> int:
    """The primary key of the one row an INSERT added.

    Session.execute is typed as returning any Result; an INSERT's is a CursorResult, which
    knows the key."""
    if not isinstance(result, CursorResult) or result.inserted_primary_key is None:
        raise TypeError("not the result of a single-row INSERT")
    return result.inserted_primary_key[0]


def _row_count(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE matched (its result is a CursorResult, see _new_id)."""
    if not isinstance(result, CursorResult):
        raise TypeError("not the result of an UPDATE or DELETE")
    return result.rowcount


def _check_partial_date(value: str | None, what: str) -> str | None:
    if value is None or value == "":
        return None
    if not _PARTIAL_DATE.match(value):
        raise InvalidInputError(f"{what} must look like 2019, 2019-03 or 2019-03-20, not {value!r}")
    return value


def _clean_url(url: str | None) -> str:
    """An article's address: one line, no spaces around it; http(s) and file addresses only."""
    url = " ".join(visible_controls(url or "").split())
    if not url:
        return ""
    if len(url) > 2000:
        raise InvalidInputError("an article address is limited to 2000 characters")
    if not re.match(r"^(https?|file)://\S+$", url, re.IGNORECASE):
        raise InvalidInputError(
            f"an article address starts with http://, https:// or file:// and has no spaces, not {url!r}"
        )
    return url


def pg_tsquery(user_text: str, *, joiner: str = " & ") -> str | None:
    """What a person typed as a PostgreSQL tsquery: every word, each as a prefix (words only, so safe)."""
    words = re.findall(r"\w+", user_text.lower(), flags=re.UNICODE)
    if not words:
        return None
    return joiner.join(f"{w}:*" for w in words)


def _tracking(row) -> dict:  # noqa: ANN001
    return {"version": row["version"], "created_by": row["created_by"], "updated_by": row["updated_by"]}


def fts_query(user_text: str) -> str | None:
    """Turn what a person typed into a safe FTS5 query: every word, each as a prefix."""
    words = re.findall(r"\w+", user_text, flags=re.UNICODE)
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words)


class Repository:
    """Reads and writes one open workspace (a file or a team workspace: the API is the same)."""

    def __init__(
        self,
        engine: Engine | Connection,
        path: Path | str,
        *,
        created: bool = False,
        busy_timeout: float | None = None,
        user: str | None = None,
        read_only: bool = False,
        read_only_reason: str | None = None,
    ) -> None:
        self.engine = engine  # reads (a pool of connections)
        self.dialect = engine.dialect.name
        team = self.dialect == "postgresql"
        #: the file, or None for a team workspace (see ``location``)
        self.path: Path | None = None if team else Path(path)
        #: where the workspace is: its file path, or a team workspace's address without password
        self.location = str(path)
        self.created = created  # True when this open made the file
        self.busy_timeout = busy_timeout  # None: desktop.model.workspace.busy_timeout()
        # True for a workspace this process may not write (file permissions, an immutable file,
        # a read-only filesystem): reads work, every write refuses in one line.
        self.read_only = read_only
        self.read_only_reason = (read_only_reason or "its file or folder may not be written") if read_only else None
        # Every write goes through this one connection: writes are serialised anyway, and its
        # PRAGMA data_version then changes only when someone else commits (see data_version()).
        # A team workspace's writers take turns on the server instead (see _stamp).
        self._writer: Engine | Connection
        if team:
            self._writer = engine
        elif isinstance(engine, Engine):
            self._writer = make_engine(
                Path(str(engine.url.database)) if engine.url.database else Path(path),
                writer=True,
                read_only=read_only,
                immutable=read_only and read_only_reason == "the disk is full",
            )
        else:  # the writer engine is made from the file's URL, which only an engine knows
            raise TypeError("a workspace file is opened with an Engine, not a Connection")
        self._write_lock = threading.RLock()
        self._local = threading.local()
        self._last_data_version: int | None = None
        #: where a member who may only read has drawn actors this session (set_positions)
        self._layout_overlay: dict[int, tuple[float | None, float | None, bool]] = {}
        self.user = user or os.environ.get("RELMAP_USER") or self._default_user()
        #: this open of the workspace: the change log names it, so a window tells its own changes from others'
        self.session = uuid.uuid4().hex[:16]
        self.read_only = read_only or self._find_read_only()

    def _file_writer(self) -> Engine:
        """The engine a workspace file is written through (a team workspace has none of its own)."""
        if not isinstance(self._writer, Engine):
            raise TypeError(f"{self.location} is a team workspace: it has no file writer")
        return self._writer

    def _default_user(self) -> str:
        if self.dialect == "postgresql":
            with self._read() as s:
                return s.execute(text("SELECT current_user")).scalar_one()
        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return ""

    def _find_read_only(self) -> bool:
        if self.dialect != "postgresql":
            return False
        with self._read() as s:
            return not s.execute(
                text("SELECT has_table_privilege('actor', 'INSERT') AND has_table_privilege('actor', 'UPDATE')")
            ).scalar_one()

    @property
    def title(self) -> str:
        """A short name for the workspace: the file's stem, or the team database's name."""
        if self.path is not None:
            return self.path.stem
        return server_title(self.location)[0]

    @property
    def display_name(self) -> str:
        """How the workspace is named in captions: the file's name, or the team database and its host."""
        if self.path is not None:
            return self.path.name
        return "{} on {}".format(*server_title(self.location))

    @property
    def folder(self) -> Path | None:
        """The folder the workspace file is in (None for a team workspace)."""
        return None if self.path is None else self.path.parent

    def set_user(self, name: str | None) -> None:
        """Record ``name`` (e.g. the display name from preferences) on this session's changes."""
        self.user = (name or "").strip() or os.environ.get("RELMAP_USER") or self._default_user()

    # ------------------------------------------------------------------ plumbing
    @contextmanager
    def batch(self) -> Iterator[None]:
        """Run several repository calls as one transaction: all of them land, or none.

        Inside the block every call on this thread shares one session, so reads see the
        block's own writes; an exception rolls everything back.
        """
        if getattr(self._local, "session", None) is not None:
            yield
            return
        with self._transaction(stamp=False) as session:
            self._local.session = session
            self._local.stamped = False
            try:
                yield
            finally:
                self._local.session = None

    @contextmanager
    def _write(self) -> Iterator[Session]:
        if self.read_only:
            raise self._read_only_error()
        active = getattr(self._local, "session", None)
        if active is not None:
            if not self._local.stamped:
                self._stamp(active)
                self._local.stamped = True
            with active.begin_nested():
                yield active
            return
        with self._transaction() as session:
            yield session

    @contextmanager
    def _transaction(self, *, stamp: bool = True) -> Iterator[Session]:
        """The one place a write transaction starts: wait for the write lock (other programs
        may hold it; begin_write gives up after the busy timeout, having stored nothing), say
        who writes, run the block, commit. A database error inside becomes one plain sentence.

        ``stamp=False`` (a batch): the first write inside says who writes, so a batch that only
        reads works for a member who may only read."""
        if self.read_only and self.path is not None:  # a file this process may not write
            raise self._read_only_error()
        with self._write_lock:
            session = begin_write(lambda: self._start_write(stamp=stamp), path=self.location, timeout=self.busy_timeout)
            try:
                yield session
                session.commit()
            except BaseException as exc:
                try:
                    session.rollback()
                except DBAPIError:
                    pass  # the transaction is gone either way; the error that matters is exc
                if isinstance(exc, DBAPIError):
                    if getattr(exc.orig, "sqlstate", None) == "42501":  # insufficient_privilege
                        raise self._read_only_error() from None
                    raise storage_error(self.location, exc) from exc
                raise
            finally:
                session.close()

    def _start_write(self, *, stamp: bool = True) -> Session:
        session = Session(self._writer, expire_on_commit=False)
        try:
            session.begin()
            session.connection()  # BEGIN IMMEDIATE: waits here, before anything is read or written
            if stamp:
                self._stamp(session)
        except BaseException:
            session.close()
            raise
        return session

    def _stamp(self, s: Session) -> None:
        """Say who writes this transaction (triggers and column defaults record it). On a team
        workspace also wait for its other writers to finish: they take turns, as on SQLite, so
        the checks and writes of one transaction never interleave with another's (waiting up to
        the busy timeout, then "busy" as on SQLite)."""
        s.connection().info["relmap.user"] = self.user
        if self.dialect == "postgresql":
            wait = busy_timeout() if self.busy_timeout is None else self.busy_timeout
            s.execute(
                text(
                    "SELECT set_config('lock_timeout', :t, true), set_config('relmap.user', :u, true), "
                    "set_config('relmap.session', :s, true)"
                ),
                {"t": f"{max(1, int(wait * 1000))}ms", "u": self.user, "s": self.session},
            )
            s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK})
        else:
            s.execute(
                text(
                    "UPDATE relmap_workspace SET writer = :u, session = :s WHERE id = 1 AND "
                    "(writer IS NOT :u OR session IS NOT :s)"
                ),
                {"u": self.user, "s": self.session},
            )

    def _read_only_error(self) -> RelmapError:
        if self.path is not None:  # a file: why this process may not write it
            return WorkspaceError(self.path, f"is read-only ({self.read_only_reason}); nothing was stored")
        return ReadOnlyWorkspaceError(
            f"{self.location}: you can read this workspace but not change it "
            f"(your database role {self.user!r} has no permission to write)"
        )

    def data_version(self) -> int | None:
        """A number that changes when another program (or another open of this file) commits
        to the workspace; this repository's own writes leave it alone. Cheap enough to poll
        every second while idle. None when it cannot be asked now (this repository is in the
        middle of a write): ask again later. A team workspace answers with its newest change-log
        id (its own writes move that too; listen to the change log instead, desktop.model.live).
        """
        if self.dialect == "postgresql":
            return self.last_change_id()
        if not self._write_lock.acquire(blocking=False):
            return None
        try:
            active = getattr(self._local, "session", None)
            if active is not None:  # inside batch(): ask the transaction's own connection
                return int(active.connection().exec_driver_sql("PRAGMA data_version").scalar())
            raw = self._file_writer().raw_connection()
            try:
                value = raw.cursor().execute("PRAGMA data_version").fetchone()[0]
            finally:
                raw.close()
        finally:
            self._write_lock.release()
        return int(value)

    def changed_elsewhere(self) -> bool:
        """True when someone else committed to the workspace since the last call (the first
        call only takes note)."""
        value = self.data_version()
        if value is None:
            return False
        changed = self._last_data_version is not None and value != self._last_data_version
        self._last_data_version = value
        return changed

    @contextmanager
    def _read(self) -> Iterator[Session]:
        active = getattr(self._local, "session", None)
        if active is not None:
            yield active
            return
        try:
            with Session(self.engine) as session:
                yield session
        except DBAPIError as exc:  # a damaged page, a vanished file: one sentence, not an SQL dump
            raise storage_error(self.location, exc, reading=True) from exc

    def close(self) -> None:
        """Fold the WAL into the file (or close the team workspace's connections) and release it."""
        if self.dialect != "sqlite" or isinstance(self.engine, Connection):
            if isinstance(self.engine, Engine):
                self.engine.dispose()
            return
        try:
            if not self.read_only:
                with self.engine.connect() as connection:
                    # Another program may be reading or writing right now: do what can be done
                    # without waiting for it (the last one to close folds in the rest).
                    connection.exec_driver_sql("PRAGMA busy_timeout = 100")
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        except DBAPIError:
            pass  # the data is committed; folding the journal in can wait for another close
        finally:
            self._file_writer().dispose()
            self.engine.dispose()

    def schema_revision(self) -> str:
        with self._read() as s:
            return s.execute(text("SELECT version_num FROM alembic_version")).scalar_one()

    # ------------------------------------------------------------------ relation types
    def list_relation_types(self) -> list[RelationTypeRecord]:
        with self._read() as s:
            rows = s.execute(select(T).order_by(T.c.builtin.desc(), T.c.id)).mappings().all()
        return [_type_record(r) for r in rows]

    def relation_type(self, key: str) -> RelationTypeRecord:
        with self._read() as s:
            row = s.execute(select(T).where(T.c.key == key)).mappings().first()
        if row is None:
            raise NotFoundError(f"unknown relationship type {key!r}")
        return _type_record(row)

    def add_relation_type(
        self, key: str, label: str, *, inverse_label: str | None = None, directed: bool = True, color: str = "#777777"
    ) -> Change:
        """Register a user-defined relationship type."""
        key = (key or "").strip().lower()
        if not _TYPE_KEY.match(key):
            raise InvalidInputError(f"a type key is lowercase words joined by '-', like 'funded-by', not {key!r}")
        if not _COLOR.match(color):
            raise InvalidInputError(f"colour must look like #1f77b4, not {color!r}")
        label = _clean_label(label or key.replace("-", " "), "a type's label")
        color = color.lower()
        with self._write() as s:
            if s.execute(select(T.c.id).where(T.c.key == key)).first():
                raise InvalidInputError(f"relationship type {key!r} already exists")
            new_id = _new_id(
                s.execute(
                    insert(T).values(
                        key=key,
                        label=label,
                        inverse_label=_clean_label(inverse_label, "a type's inverse label")
                        if (inverse_label or "").strip()
                        else label,
                        directed=directed,
                        color=color,
                        builtin=False,
                    )
                )
            )
        return Change(relation_types=frozenset({new_id}), subject_id=new_id)

    def _type_row(self, s: Session, key: str):
        row = s.execute(select(T).where(T.c.key == key)).mappings().first()
        if row is None:
            raise NotFoundError(f"unknown relationship type {key!r}")
        return row

    def relation_type_row(self, key: str) -> dict:
        """The stored row of a relationship type, every column (what undoing its deletion puts back)."""
        with self._read() as s:
            return dict(self._type_row(s, key))

    def relation_type_usage(self) -> dict[str, int]:
        """``{type key: relationships of that type}``, every type (0 for unused ones)."""
        with self._read() as s:
            rows: Sequence[tuple[str, int]] = s.execute(
                select(T.c.key, func.count(R.c.id)).select_from(T).outerjoin(R, R.c.type_id == T.c.id).group_by(T.c.key)
            ).all()
        return {k: n for k, n in rows}

    def relationship_ids_of_types(self, keys: Iterable[str]) -> list[int]:
        with self._read() as s:
            return list(
                s.execute(
                    select(R.c.id).join(T, T.c.id == R.c.type_id).where(T.c.key.in_(list(keys))).order_by(R.c.id)
                ).scalars()
            )

    def update_relation_type(
        self,
        key: str,
        *,
        label: str | None = None,
        inverse_label: str | None = None,
        color: str | None = None,
        directed: bool | None = None,
        new_key: str | None = None,
        expected_version: int | None = None,
    ) -> Change:
        """Rename (label, inverse label), recolour, re-key or change the direction of a type.

        A built-in type keeps its key; a type's direction changes only while no relationship
        has it (symmetric relationships are stored with their ends in a fixed order).
        ``expected_version``: the version the user saw; someone else's edit since is a ConflictError."""
        values: dict = {}
        if label is not None:
            values["label"] = _clean_label(label, "a type's label")
        if inverse_label is not None:
            values["inverse_label"] = _clean_label(inverse_label, "a type's inverse label")
        if color is not None:
            values["color"] = _check_color(color)
        with self._write() as s:
            row = self._type_row(s, key)
            wanted = {
                **values,
                **({"key": new_key.strip().lower()} if new_key else {}),
                **({"directed": bool(directed)} if directed is not None else {}),
            }
            self._current(
                s,
                T,
                row["id"],
                expected=expected_version,
                mine=wanted,
                missing=f"unknown relationship type {key!r}",
                what=lambda r: f"the relationship type “{r['label']}”",
            )
            if new_key is not None and new_key != key:
                new_key = (new_key or "").strip().lower()
                if row["builtin"]:
                    raise InvalidInputError(
                        f"“{row['label']}” is built in: its key {key!r} stays (its label and colour can change)"
                    )
                if not _TYPE_KEY.match(new_key):
                    raise InvalidInputError(
                        f"a type key is lowercase words joined by '-', like 'funded-by', not {new_key!r}"
                    )
                if s.execute(select(T.c.id).where(T.c.key == new_key)).first():
                    raise InvalidInputError(f"relationship type {new_key!r} already exists")
                values["key"] = new_key
            if directed is not None and bool(directed) != bool(row["directed"]):
                used: int = s.execute(select(func.count(R.c.id)).where(R.c.type_id == row["id"])).scalar_one()
                if used:
                    raise InvalidInputError(
                        f"“{row['label']}” has {used} relationship{'s' if used != 1 else ''}: "
                        f"its direction cannot change now"
                    )
                values["directed"] = bool(directed)
            if values:
                s.execute(update(T).where(T.c.id == row["id"]).values(**values))
        return Change(relation_types=frozenset({row["id"]}) if values else frozenset(), subject_id=row["id"])

    def delete_relation_type(self, key: str, *, reassign_to: str | None = None) -> Change:
        """Remove a relationship type. One in use is refused unless ``reassign_to`` names the
        type its relationships take instead (a relationship that then duplicates one of that
        type folds into it, its excerpts joining)."""
        with self.batch(), self._write() as s:  # batch: update_relationship joins this transaction
            row = self._type_row(s, key)
            rel_ids: list[int] = list(
                s.execute(select(R.c.id).where(R.c.type_id == row["id"]).order_by(R.c.id)).scalars()
            )
            touched_rels: set[int] = set(rel_ids)
            actors: set[int] = set()
            if rel_ids:
                if reassign_to is None:
                    n = len(rel_ids)
                    raise InvalidInputError(
                        f"“{row['label']}” has {n} relationship{'s' if n != 1 else ''}; choose "
                        f"a type to give {'them' if n != 1 else 'it'} first"
                    )
                if reassign_to == key:
                    raise InvalidInputError("a type cannot be replaced by itself")
                self._type_row(s, reassign_to)
                for rel_id in rel_ids:
                    change = self.update_relationship(rel_id, type_key=reassign_to)
                    touched_rels |= change.relationships
                    actors |= change.actors
            s.execute(delete(T).where(T.c.id == row["id"]))
        return Change(
            relation_types=frozenset({row["id"]}),
            relationships=frozenset(touched_rels),
            actors=frozenset(actors),
            subject_id=row["id"],
        )

    def restore_relation_type(self, row: Mapping) -> Change:
        """Put a deleted type's row back with its id (undoing its deletion)."""
        with self._write() as s:
            s.execute(insert(T).values(**dict(row)))
        return Change(relation_types=frozenset({row["id"]}), subject_id=row["id"])

    # ------------------------------------------------------------------ actor kinds
    def list_actor_kinds(self) -> list[ActorKindRecord]:
        """Built-in kinds first (person, organisation, country, other), then the user's, oldest first."""
        with self._read() as s:
            rows = (
                s.execute(
                    select(
                        K.c.id,
                        K.c.key,
                        K.c.label,
                        K.c.shape,
                        K.c.color,
                        K.c.builtin,
                        K.c.version,
                        K.c.created_by,
                        K.c.updated_by,
                    ).order_by(K.c.builtin.desc(), K.c.id)
                )
                .mappings()
                .all()
            )
        return [ActorKindRecord(**{**dict(r), "builtin": bool(r["builtin"])}) for r in rows]

    def actor_kind(self, key: str) -> ActorKindRecord:
        for kind in self.list_actor_kinds():
            if kind.key == key:
                return kind
        raise NotFoundError(f"unknown actor kind {key!r}")

    def _kind_row(self, s: Session, key: str):
        row = s.execute(select(K).where(K.c.key == key)).mappings().first()
        if row is None:
            raise NotFoundError(f"unknown actor kind {key!r}")
        return row

    def actor_kind_row(self, key: str) -> dict:
        """The stored row of a kind, every column (what undoing its deletion puts back)."""
        with self._read() as s:
            return dict(self._kind_row(s, key))

    def actor_kind_usage(self) -> dict[str, int]:
        """``{kind key: actors of that kind}``, every kind (0 for unused ones); rejected actors count."""
        with self._read() as s:
            rows: Sequence[tuple[str, int]] = s.execute(
                select(K.c.key, func.count(A.c.id)).select_from(K).outerjoin(A, A.c.kind == K.c.key).group_by(K.c.key)
            ).all()
        return {k: n for k, n in rows}

    def actor_ids_of_kind(self, key: str) -> list[int]:
        with self._read() as s:
            return list(s.execute(select(A.c.id).where(A.c.kind == key).order_by(A.c.id)).scalars())

    def add_actor_kind(
        self, label: str, *, key: str | None = None, shape: str = "circle", color: str = "#8a8f98"
    ) -> Change:
        """Register a kind of actor of the investigator's own (a vessel, a ministry, a bank),
        drawn with ``shape`` (one of ACTOR_SHAPES) and ``color``. The key defaults to the label's words."""
        label = _clean_label(label, "a kind's name")
        key = (key or key_from_label(label)).strip().lower()
        if not _TYPE_KEY.match(key):
            raise InvalidInputError(f"a kind's key is lowercase words joined by '-', like 'state-agency', not {key!r}")
        shape, color = _check_shape(shape), _check_color(color)
        with self._write() as s:
            if s.execute(select(K.c.id).where(K.c.key == key)).first():
                raise InvalidInputError(f"actor kind {key!r} already exists")
            new_id = _new_id(s.execute(insert(K).values(key=key, label=label, shape=shape, color=color, builtin=False)))
        return Change(actor_kinds=frozenset({new_id}), subject_id=new_id)

    def update_actor_kind(
        self,
        key: str,
        *,
        label: str | None = None,
        shape: str | None = None,
        color: str | None = None,
        new_key: str | None = None,
        expected_version: int | None = None,
    ) -> Change:
        """Rename, reshape or recolour a kind; a kind of the user's own may also get a new key
        (its actors follow). A built-in kind keeps its key. ``expected_version``: the version the
        user saw; someone else's edit since is a ConflictError."""
        values: dict = {}
        if label is not None:
            values["label"] = _clean_label(label, "a kind's name")
        if shape is not None:
            values["shape"] = _check_shape(shape)
        if color is not None:
            values["color"] = _check_color(color)
        actors: set[int] = set()
        with self._write() as s:
            row = self._kind_row(s, key)
            self._current(
                s,
                K,
                row["id"],
                expected=expected_version,
                mine={**values, **({"key": new_key.strip().lower()} if new_key else {})},
                missing=f"unknown actor kind {key!r}",
                what=lambda r: f"the actor kind “{r['label']}”",
            )
            if new_key is not None and new_key.strip().lower() != key:
                new_key = new_key.strip().lower()
                if row["builtin"]:
                    raise InvalidInputError(
                        f"“{row['label']}” is built in: its key {key!r} stays (its name, shape and colour can change)"
                    )
                if not _TYPE_KEY.match(new_key):
                    raise InvalidInputError(f"a kind's key is lowercase words joined by '-', not {new_key!r}")
                if s.execute(select(K.c.id).where(K.c.key == new_key)).first():
                    raise InvalidInputError(f"actor kind {new_key!r} already exists")
                values["key"] = new_key
                actors = set(s.execute(select(A.c.id).where(A.c.kind == key)).scalars())
            if values:
                s.execute(update(K).where(K.c.id == row["id"]).values(**values))  # actors follow (ON UPDATE CASCADE)
        return Change(
            actor_kinds=frozenset({row["id"]}) if values else frozenset(),
            actors=frozenset(actors),
            subject_id=row["id"],
        )

    def delete_actor_kind(self, key: str, *, reassign_to: str | None = None) -> Change:
        """Remove a kind. One some actor has is refused unless ``reassign_to`` names the kind
        those actors take instead."""
        with self._write() as s:
            row = self._kind_row(s, key)
            actors: list[int] = list(s.execute(select(A.c.id).where(A.c.kind == key)).scalars())
            if actors:
                if reassign_to is None:
                    n = len(actors)
                    raise InvalidInputError(
                        f"{n} actor{'s are' if n != 1 else ' is'} “{row['label']}”; choose a "
                        f"kind to give {'them' if n != 1 else 'it'} first"
                    )
                if reassign_to == key:
                    raise InvalidInputError("a kind cannot be replaced by itself")
                self._kind_row(s, reassign_to)
                s.execute(update(A).where(A.c.kind == key).values(kind=reassign_to))
            s.execute(delete(K).where(K.c.id == row["id"]))
        return Change(actor_kinds=frozenset({row["id"]}), actors=frozenset(actors), subject_id=row["id"])

    def restore_actor_kind(self, row: Mapping, *, actor_ids: Iterable[int] = ()) -> Change:
        """Put a deleted kind back with its id, and give it back to ``actor_ids`` (undoing its deletion)."""
        ids = [int(i) for i in actor_ids]
        with self._write() as s:
            s.execute(insert(K).values(**dict(row)))
            if ids:
                s.execute(update(A).where(A.c.id.in_(ids)).values(kind=row["key"]))
        return Change(actor_kinds=frozenset({row["id"]}), actors=frozenset(ids), subject_id=row["id"])

    # ------------------------------------------------------------------ actors
    def _actor_row(self, s: Session, actor_id: int, *, expected: int | None = None, mine: Mapping | None = None):
        return self._current(
            s,
            A,
            actor_id,
            expected=expected,
            mine=mine,
            missing=f"no actor with id {actor_id}",
            what=lambda r: f"actor “{r['name']}”",
        )

    def _current(
        self, s: Session, table: Table, row_id: int, *, expected: int | None, mine: Mapping | None, missing: str, what
    ):  # noqa: ANN001
        """The row ``row_id`` of ``table``; ConflictError if the caller read an older ``expected`` version
        of it (or it was deleted since), naming who changed it and both sides of each field."""
        row = s.execute(select(table).where(table.c.id == row_id)).mappings().first()
        if row is None:
            if expected is None:
                raise NotFoundError(missing)
            gone = s.execute(
                select(LOG.c.who, LOG.c.label)
                .where(LOG.c.table_name == table.name, LOG.c.row_id == row_id, LOG.c.action == "delete")
                .order_by(LOG.c.id.desc())
                .limit(1)
            ).first()
            name = (
                f"{table.name.replace('_', ' ')} “{gone[1]}”" if gone and gone[1] else missing.replace("no ", "the ", 1)
            )
            raise ConflictError(
                name,
                table=table.name,
                row_id=row_id,
                expected_version=expected,
                current_version=None,
                changed_by=gone[0] if gone else "",
                mine=mine,
                theirs=None,
            )
        if expected is not None and row["version"] != expected:
            theirs = {k: row[k] for k in (mine or {}) if k in row}
            raise ConflictError(
                what(row),
                table=table.name,
                row_id=row_id,
                expected_version=expected,
                current_version=row["version"],
                changed_by=row["updated_by"],
                mine=mine,
                theirs=theirs,
            )
        return row

    def _add_alias(self, s: Session, actor_id: int, name: str) -> bool:
        """Attach a name to an actor; False if it already had it, DuplicateAliasError if another has."""
        key = alias_key(name)
        owner = s.execute(select(AL.c.actor_id).where(AL.c.key == key)).scalar()
        if owner is not None:
            if owner == actor_id:
                return False
            other: str = s.execute(select(A.c.name).where(A.c.id == owner)).scalar_one()
            raise DuplicateAliasError(name, other)
        s.execute(insert(AL).values(actor_id=actor_id, name=name, key=key))
        return True

    def create_actor(
        self,
        name: str,
        kind: str = "person",
        *,
        aliases: Iterable[str] = (),
        notes: str = "",
        created_at: datetime | None = None,
        status: str = "confirmed",
    ) -> Change:
        """Add an actor; its name and every alias must be free in this workspace.

        ``status`` is "proposed" for an actor an import made (the investigator reviews it)."""
        name = _clean_name(name)
        _check_actor_status(status)
        with self._write() as s:
            _check_kind(s, kind)
            actor_id = _new_id(
                s.execute(
                    insert(A).values(
                        name=name,
                        kind=kind,
                        notes=visible_controls(notes or ""),
                        created_at=created_at or _now(),
                        pinned=False,
                        status=status,
                    )
                )
            )
            self._add_alias(s, actor_id, name)
            for alias in aliases:
                alias = _clean_name(alias, "alias")
                self._add_alias(s, actor_id, alias)
        return Change(actors=frozenset({actor_id}), subject_id=actor_id)

    def rename_actor(
        self, actor_id: int, new_name: str, *, keep_old_as_alias: bool = True, expected_version: int | None = None
    ) -> Change:
        """Give an actor a new name; the old one stays an alias unless asked otherwise.

        ``expected_version``: the version the caller's edit is based on; ConflictError if it is
        not the stored one (the same holds for every edit that takes it)."""
        new_name = _clean_name(new_name)
        with self._write() as s:
            row = self._actor_row(s, actor_id, expected=expected_version, mine={"name": new_name})
            old = row["name"]
            self._add_alias(s, actor_id, new_name)
            if not keep_old_as_alias and alias_key(old) != alias_key(new_name):
                s.execute(delete(AL).where(AL.c.actor_id == actor_id, AL.c.key == alias_key(old)))
            if old != new_name:
                s.execute(update(A).where(A.c.id == actor_id).values(name=new_name))
            # the alias row of the new name keeps the exact spelling just typed
            s.execute(update(AL).where(AL.c.key == alias_key(new_name)).values(name=new_name))
        return Change(actors=frozenset({actor_id}), subject_id=actor_id)

    def update_actor(
        self, actor_id: int, *, kind: str | None = None, notes: str | None = None, expected_version: int | None = None
    ) -> Change:
        values: dict = {}
        if kind is not None:
            values["kind"] = kind
        if notes is not None:
            values["notes"] = visible_controls(notes)
        with self._write() as s:
            self._actor_row(s, actor_id, expected=expected_version, mine=values)
            if kind is not None:
                _check_kind(s, kind)
            if values:
                s.execute(update(A).where(A.c.id == actor_id).values(**values))
        return Change(actors=frozenset({actor_id}), subject_id=actor_id)

    def add_alias(self, actor_id: int, alias: str, *, expected_version: int | None = None) -> Change:
        alias = _clean_name(alias, "alias")
        with self._write() as s:
            self._actor_row(s, actor_id, expected=expected_version)
            added = self._add_alias(s, actor_id, alias)
        return Change(actors=frozenset({actor_id}) if added else frozenset(), subject_id=actor_id)

    def remove_alias(self, actor_id: int, alias: str, *, expected_version: int | None = None) -> Change:
        key = alias_key(alias)
        with self._write() as s:
            row = self._actor_row(s, actor_id, expected=expected_version)
            if alias_key(row["name"]) == key:
                raise InvalidInputError(f"{alias!r} is the actor's name; rename the actor instead")
            gone = _row_count(s.execute(delete(AL).where(AL.c.actor_id == actor_id, AL.c.key == key)))
        if not gone:
            raise NotFoundError(f"actor {row['name']!r} has no alias {alias!r}")
        return Change(actors=frozenset({actor_id}), subject_id=actor_id)

    def set_positions(
        self, positions: Mapping[int, tuple[float, float] | None], *, pinned: Mapping[int, bool] | None = None
    ) -> Change:
        """Remember where actors are drawn (and which the user pinned): one transaction for all.

        A position of None forgets it (undoing the first move of a never-placed actor).
        A member who may only read can still arrange the map: their positions are kept for this
        session only, never written."""
        if self.read_only:
            for k, p in positions.items():
                x, y, pin = self._layout_overlay.get(int(k), (None, None, False))
                self._layout_overlay[int(k)] = (None, None, pin) if p is None else (float(p[0]), float(p[1]), pin)
            for k, v in (pinned or {}).items():
                x, y, _ = self._layout_overlay.get(int(k), self.actor_layout([k]).get(int(k), (None, None, False)))
                self._layout_overlay[int(k)] = (x, y, bool(v))
            return Change(actors=frozenset(positions) | frozenset(pinned or ()))
        with self._write() as s:
            if positions:
                s.execute(
                    text("UPDATE actor SET x = :x, y = :y WHERE id = :aid"),
                    [
                        {
                            "aid": int(k),
                            "x": None if p is None else float(p[0]),
                            "y": None if p is None else float(p[1]),
                        }
                        for k, p in positions.items()
                    ],
                )
            if pinned:
                s.execute(
                    text("UPDATE actor SET pinned = :p WHERE id = :aid"),
                    [{"aid": int(k), "p": bool(v)} for k, v in pinned.items()],
                )
        return Change(layout=frozenset(positions) | frozenset(pinned or ()))

    def restore_actor_rows(self, snapshot: Snapshot) -> Change:
        """Put the actor and alias rows of ``snapshot`` back in place (same ids), leaving the
        actors' relationships alone: the undo of a rename or an alias edit, which must not
        disturb relationships an import added since."""
        ids = {a["id"] for a in snapshot.actors}
        keys = [a["key"] for a in snapshot.aliases]
        with self._write() as s:
            for row in snapshot.actors:
                s.execute(
                    update(A)
                    .where(A.c.id == row["id"])
                    .values(**{k: v for k, v in row.items() if k != "id" and k not in TRACKING_COLUMNS})
                )
            aliases = self._next_versions(s, AL, snapshot.aliases)
            s.execute(delete(AL).where(or_(AL.c.actor_id.in_(ids), AL.c.key.in_(keys))))
            if aliases:
                s.execute(insert(AL), aliases)
        return Change(actors=frozenset(ids))

    def alias_owners(self, names: Iterable[str]) -> dict[str, int]:
        """``{alias_key: actor id}`` for those of ``names`` some actor goes by (an indexed read)."""
        keys = list({alias_key(n) for n in names})
        with self._read() as s:
            rows: Sequence[tuple[str, int]] = (
                s.execute(select(AL.c.key, AL.c.actor_id).where(AL.c.key.in_(keys))).all() if keys else []
            )
        return {k: a for k, a in rows}

    def actor_layout(self, actor_ids: Iterable[int]) -> dict[int, tuple[float | None, float | None, bool]]:
        """``{id: (x, y, pinned)}`` of the named actors that exist: cheap, for undoing a move."""
        ids = list({int(i) for i in actor_ids})
        with self._read() as s:
            rows = s.execute(select(A.c.id, A.c.x, A.c.y, A.c.pinned).where(A.c.id.in_(ids))).all() if ids else []
        return {r[0]: self._layout_overlay.get(r[0], (r[1], r[2], bool(r[3]))) for r in rows}

    def _drawn(self, row) -> dict:  # noqa: ANN001
        x, y, pinned = self._layout_overlay.get(row["id"], (row["x"], row["y"], bool(row["pinned"])))
        return {"x": x, "y": y, "pinned": pinned}

    def _degrees(self, s: Session) -> dict[int, int]:
        degree: dict[int, int] = defaultdict(int)
        ends: Iterable[tuple[int, int]] = s.execute(select(R.c.source_id, R.c.target_id))
        for src, dst in ends:
            degree[src] += 1
            degree[dst] += 1
        return degree

    def _actor_records(self, s: Session, where=None) -> list[ActorRecord]:
        query = select(A).order_by(func.lower(A.c.name), A.c.id)
        if where is not None:
            query = query.where(where)
        rows = s.execute(query).mappings().all()
        ids = [r["id"] for r in rows]
        aliases: dict[int, list[str]] = defaultdict(list)
        alias_query = select(AL.c.actor_id, AL.c.name).order_by(AL.c.id)
        if where is not None:
            alias_query = alias_query.where(AL.c.actor_id.in_(ids))
        names: Iterable[tuple[int, str]] = s.execute(alias_query)
        for actor_id, name in names:
            aliases[actor_id].append(name)
        degree = self._degrees(s)
        out = []
        for r in rows:
            own = alias_key(r["name"])
            out.append(
                ActorRecord(
                    id=r["id"],
                    name=r["name"],
                    kind=r["kind"],
                    notes=r["notes"],
                    aliases=tuple(a for a in aliases[r["id"]] if alias_key(a) != own),
                    **self._drawn(r),
                    degree=degree.get(r["id"], 0),
                    status=r["status"],
                    **_tracking(r),
                )
            )
        return out

    def get_actor(self, actor_id: int) -> ActorRecord:
        with self._read() as s:
            found = self._actor_records(s, A.c.id == actor_id)
        if not found:
            raise NotFoundError(f"no actor with id {actor_id}")
        return found[0]

    def find_actor(self, name: str) -> ActorRecord | None:
        """The actor that has ``name`` as its name or an alias (case-insensitive), if any."""
        with self._read() as s:
            actor_id = s.execute(select(AL.c.actor_id).where(AL.c.key == alias_key(name))).scalar()
            if actor_id is None:
                return None
            return self._actor_records(s, A.c.id == actor_id)[0]

    def list_actors(self, *, kinds: Sequence[str] | None = None, include_rejected: bool = False) -> list[ActorRecord]:
        """The workspace's actors; those the investigator rejected only when asked (an import
        needs them, so what was rejected stays rejected)."""
        where: list[ColumnElement[bool]] = []
        if kinds:
            where.append(A.c.kind.in_(list(kinds)))
        if not include_rejected:
            where.append(A.c.status != "rejected")
        with self._read() as s:
            return self._actor_records(s, and_(*where) if where else None)

    def delete_actor(self, actor_id: int, *, expected_version: int | None = None) -> Change:
        """Remove an actor with its aliases, relationships and their evidence."""
        with self._write() as s:
            self._actor_row(s, actor_id, expected=expected_version)
            rel_ids: set[int] = set(
                s.execute(select(R.c.id).where(or_(R.c.source_id == actor_id, R.c.target_id == actor_id))).scalars()
            )
            ev_ids: set[int] = set(s.execute(select(E.c.id).where(E.c.relationship_id.in_(rel_ids))).scalars())
            others: set[int] = set(s.execute(select(R.c.source_id).where(R.c.id.in_(rel_ids))).scalars()) | set(
                s.execute(select(R.c.target_id).where(R.c.id.in_(rel_ids))).scalars()
            )
            s.execute(delete(A).where(A.c.id == actor_id))
        return Change(
            actors=frozenset(others | {actor_id}),
            relationships=frozenset(rel_ids),
            evidence=frozenset(ev_ids),
            subject_id=actor_id,
        )

    def merge_actors(
        self, keep_id: int, drop_id: int, *, keep_version: int | None = None, drop_version: int | None = None
    ) -> Change:
        """Fold actor ``drop_id`` into ``keep_id``: its names become aliases, its relationships
        and evidence move over (joining an existing identical relationship if there is one).

        A relationship between the two actors themselves would become a self-link and is
        removed; undo (restore of a snapshot) brings it back.
        """
        if keep_id == drop_id:
            raise InvalidInputError("cannot merge an actor into itself")
        touched_rel: set[int] = set()
        touched_ev: set[int] = set()
        touched_actors: set[int] = {keep_id, drop_id}
        with self._write() as s:
            keep = self._actor_row(s, keep_id, expected=keep_version)
            drop = self._actor_row(s, drop_id, expected=drop_version)
            s.execute(update(AL).where(AL.c.actor_id == drop_id).values(actor_id=keep_id))
            s.execute(update(AM).where(AM.c.actor_id == drop_id).values(actor_id=keep_id))
            touched_merges = self._repoint_merge_proposals(s, keep_id, drop_id)
            if _STATUS_RANK[drop["status"]] > _STATUS_RANK[keep["status"]]:
                s.execute(update(A).where(A.c.id == keep_id).values(status=drop["status"]))
            if drop["notes"] and drop["notes"] not in keep["notes"]:
                notes = f"{keep['notes']}\n\n{drop['notes']}".strip()
                s.execute(update(A).where(A.c.id == keep_id).values(notes=notes))
            rels = (
                s.execute(
                    select(R, T.c.directed)
                    .join(T, T.c.id == R.c.type_id)
                    .where(or_(R.c.source_id == drop_id, R.c.target_id == drop_id))
                )
                .mappings()
                .all()
            )
            for rel in rels:
                touched_rel.add(rel["id"])
                touched_actors.update((rel["source_id"], rel["target_id"]))
                src = keep_id if rel["source_id"] == drop_id else rel["source_id"]
                dst = keep_id if rel["target_id"] == drop_id else rel["target_id"]
                ev_ids: set[int] = set(s.execute(select(E.c.id).where(E.c.relationship_id == rel["id"])).scalars())
                touched_ev |= ev_ids
                if src == dst:
                    s.execute(delete(R).where(R.c.id == rel["id"]))
                    continue
                if not rel["directed"] and src > dst:
                    src, dst = dst, src
                existing = (
                    s.execute(
                        select(R).where(
                            R.c.type_id == rel["type_id"],
                            R.c.source_id == src,
                            R.c.target_id == dst,
                            R.c.id != rel["id"],
                        )
                    )
                    .mappings()
                    .first()
                )
                if existing is None:
                    s.execute(update(R).where(R.c.id == rel["id"]).values(source_id=src, target_id=dst))
                else:
                    self._fold_relationship(s, into=existing, other=rel)
                    touched_rel.add(existing["id"])
            s.execute(delete(A).where(A.c.id == drop_id))
        return Change(
            actors=frozenset(touched_actors),
            relationships=frozenset(touched_rel),
            evidence=frozenset(touched_ev),
            subject_id=keep_id,
            merge_proposals=frozenset(touched_merges),
        )

    def _repoint_merge_proposals(self, s: Session, keep_id: int, drop_id: int) -> set[int]:
        """Merge proposals naming ``drop_id`` name ``keep_id`` instead; those between the two,
        or that would repeat a pair already proposed, go."""
        rows = s.execute(select(MP).where(or_(MP.c.actor_id == drop_id, MP.c.other_id == drop_id))).mappings().all()
        touched = {r["id"] for r in rows}
        pairs = {
            frozenset((r[0], r[1]))
            for r in s.execute(
                select(MP.c.actor_id, MP.c.other_id).where(or_(MP.c.actor_id == keep_id, MP.c.other_id == keep_id))
            )
        }
        for r in rows:
            a = keep_id if r["actor_id"] == drop_id else r["actor_id"]
            o = keep_id if r["other_id"] == drop_id else r["other_id"]
            if a == o or frozenset((a, o)) in pairs:
                s.execute(delete(MP).where(MP.c.id == r["id"]))
                continue
            pairs.add(frozenset((a, o)))
            s.execute(update(MP).where(MP.c.id == r["id"]).values(actor_id=a, other_id=o))
        return touched

    def _fold_relationship(self, s: Session, *, into, other) -> None:
        """Move ``other``'s evidence onto ``into``, combine their fields, delete ``other``."""
        have = {
            (r.article_id, r.start, r.end)
            for r in s.execute(select(E.c.article_id, E.c.start, E.c.end).where(E.c.relationship_id == into["id"]))
        }
        for ev in s.execute(select(E).where(E.c.relationship_id == other["id"])).mappings().all():
            if (ev["article_id"], ev["start"], ev["end"]) in have:
                continue  # the same characters already support it
            s.execute(update(E).where(E.c.id == ev["id"]).values(relationship_id=into["id"]))
        status = max(into["status"], other["status"], key=_STATUS_RANK.__getitem__)
        notes = (
            into["note"]
            if not other["note"] or other["note"] in into["note"]
            else f"{into['note']}\n{other['note']}".strip()
        )
        starts = [d for d in (into["valid_from"], other["valid_from"]) if d]
        ends = [d for d in (into["valid_to"], other["valid_to"]) if d]
        s.execute(delete(R).where(R.c.id == other["id"]))
        s.execute(
            update(R)
            .where(R.c.id == into["id"])
            .values(
                status=status,
                confidence=max(into["confidence"], other["confidence"]),
                note=notes,
                valid_from=min(starts) if starts else None,
                valid_to=max(ends) if ends else None,
            )
        )

    # ------------------------------------------------------------------ articles
    def add_article(
        self,
        text_: str,
        *,
        title: str,
        source: str = "",
        published: date | None = None,
        imported_at: datetime | None = None,
        url: str = "",
    ) -> Change:
        """Store an article; the same text stored twice is one article (subject_id says which).

        Control characters other than newline and tab are made visible, one for one, so offsets
        into the text as given stay valid (desktop.model.cleantext)."""
        if not text_ or not text_.strip():
            raise InvalidInputError("an article needs some text")
        text_ = visible_controls(text_)
        digest = content_hash(text_)
        title = " ".join(visible_controls(title or "").split()) or "(untitled)"
        source = visible_controls(source or "")
        with self._write() as s:
            existing = s.execute(select(AR.c.id).where(AR.c.content_hash == digest)).scalar()
            if existing is not None:
                return Change(subject_id=existing)
            new_id = _new_id(
                s.execute(
                    insert(AR).values(
                        title=title[:500],
                        source=(source or "").strip(),
                        published=published,
                        text=text_,
                        content_hash=digest,
                        imported_at=imported_at or _now(),
                        url=_clean_url(url),
                    )
                )
            )
        return Change(articles=frozenset({new_id}), subject_id=new_id)

    def update_article(
        self,
        article_id: int,
        *,
        title: str | None = None,
        source: str | None = None,
        published: date | None | EllipsisType = ...,
        url: str | None = None,
        expected_version: int | None = None,
    ) -> Change:
        """Correct what is known about an article (its text never changes: excerpts point into it).

        An empty title is allowed: the article is then shown by its source or as "Untitled
        article" with its date (desktop.model.titles.article_label). ``expected_version``: the
        version the user saw (someone else's edit since is a ConflictError)."""
        values: dict = {}
        if title is not None:
            values["title"] = " ".join(visible_controls(title).split())[:500]
        if source is not None:
            values["source"] = " ".join(visible_controls(source).split())[:300]
        if published is not ...:
            if published is not None and not isinstance(published, date):
                raise InvalidInputError(f"an article date must be a date, not {published!r}")
            values["published"] = published
        if url is not None:
            values["url"] = _clean_url(url)
        with self._write() as s:
            self._current(
                s,
                AR,
                article_id,
                expected=expected_version,
                mine=values,
                missing=f"no article with id {article_id}",
                what=lambda r: f"the article “{r['title'] or r['source'] or 'untitled'}”",
            )
            if values:
                s.execute(update(AR).where(AR.c.id == article_id).values(**values))
        return Change(articles=frozenset({article_id}) if values else frozenset(), subject_id=article_id)

    def find_article(self, text_: str) -> int | None:
        with self._read() as s:
            return s.execute(select(AR.c.id).where(AR.c.content_hash == content_hash(visible_controls(text_)))).scalar()

    def get_article(self, article_id: int) -> ArticleRecord:
        with self._read() as s:
            row = s.execute(select(AR).where(AR.c.id == article_id)).mappings().first()
        if row is None:
            raise NotFoundError(f"no article with id {article_id}")
        return ArticleRecord(
            id=row["id"],
            title=row["title"],
            source=row["source"],
            published=row["published"],
            content_hash=row["content_hash"],
            imported_at=row["imported_at"],
            length=len(row["text"]),
            text=row["text"],
            url=row["url"],
            **_tracking(row),
        )

    def article_ids(self) -> frozenset[int]:
        """The ids of every article (no text read): what a window compares to tell which articles
        another program added or removed."""
        with self._read() as s:
            return frozenset(s.execute(select(AR.c.id)).scalars())

    def list_articles(self) -> list[ArticleRecord]:
        cols = [
            AR.c.id,
            AR.c.title,
            AR.c.source,
            AR.c.published,
            AR.c.content_hash,
            AR.c.imported_at,
            func.length(AR.c.text).label("length"),
            AR.c.url,
            AR.c.version,
            AR.c.created_by,
            AR.c.updated_by,
        ]
        with self._read() as s:
            rows = s.execute(select(*cols).order_by(AR.c.published.desc().nulls_last(), AR.c.id)).mappings().all()
        return [ArticleRecord(**dict(r)) for r in rows]

    def delete_article(self, article_id: int) -> Change:
        """Remove an article and the evidence that points into it (relationships stay)."""
        with self._write() as s:
            if s.execute(select(AR.c.id).where(AR.c.id == article_id)).first() is None:
                raise NotFoundError(f"no article with id {article_id}")
            evs = s.execute(select(E.c.id, E.c.relationship_id).where(E.c.article_id == article_id)).all()
            s.execute(delete(AR).where(AR.c.id == article_id))
        return Change(
            articles=frozenset({article_id}),
            evidence=frozenset(e[0] for e in evs),
            relationships=frozenset(e[1] for e in evs),
            subject_id=article_id,
        )

    # ------------------------------------------------------------------ relationships
    def add_relationship(
        self,
        type_key: str,
        source_id: int,
        target_id: int,
        *,
        status: str = "proposed",
        confidence: float = 1.0,
        valid_from: str | None = None,
        valid_to: str | None = None,
        note: str = "",
        created_at: datetime | None = None,
    ) -> Change:
        """Add a relationship, or return the existing one of the same type and endpoints.

        Symmetric types are stored with the smaller actor id as source. An existing
        relationship keeps its status (a rejected proposal stays rejected); its confidence
        rises to the new one if higher.
        """
        _check_status(status)
        confidence = _check_confidence(confidence)
        valid_from = _check_partial_date(valid_from, "valid-from")
        valid_to = _check_partial_date(valid_to, "valid-to")
        if source_id == target_id:
            raise InvalidInputError("a relationship needs two different actors")
        with self._write() as s:
            rtype = self._type_row(s, type_key)
            self._actor_row(s, source_id)
            self._actor_row(s, target_id)
            if not rtype["directed"] and source_id > target_id:
                source_id, target_id = target_id, source_id
            existing = (
                s.execute(
                    select(R).where(R.c.type_id == rtype["id"], R.c.source_id == source_id, R.c.target_id == target_id)
                )
                .mappings()
                .first()
            )
            if existing is not None:
                if confidence > existing["confidence"]:
                    s.execute(update(R).where(R.c.id == existing["id"]).values(confidence=confidence))
                    return Change(relationships=frozenset({existing["id"]}), subject_id=existing["id"])
                return Change(subject_id=existing["id"])
            rel_id = _new_id(
                s.execute(
                    insert(R).values(
                        type_id=rtype["id"],
                        source_id=source_id,
                        target_id=target_id,
                        status=status,
                        confidence=confidence,
                        valid_from=valid_from,
                        valid_to=valid_to,
                        note=visible_controls(note or ""),
                        created_at=created_at or _now(),
                    )
                )
            )
        return Change(relationships=frozenset({rel_id}), actors=frozenset({source_id, target_id}), subject_id=rel_id)

    def _rel_row(self, s: Session, rel_id: int, *, expected: int | None = None, mine: Mapping | None = None):
        if expected is not None:
            self._current(
                s,
                R,
                rel_id,
                expected=expected,
                mine=mine,
                missing=f"no relationship with id {rel_id}",
                what=lambda r: self._relationship_name(s, r),
            )
        row = (
            s.execute(
                select(R, T.c.directed, T.c.key.label("type_key"))
                .join(T, T.c.id == R.c.type_id)
                .where(R.c.id == rel_id)
            )
            .mappings()
            .first()
        )
        if row is None:
            raise NotFoundError(f"no relationship with id {rel_id}")
        return row

    def _relationship_name(self, s: Session, row) -> str:  # noqa: ANN001
        names = dict(s.execute(select(A.c.id, A.c.name).where(A.c.id.in_([row["source_id"], row["target_id"]]))).all())
        key = s.execute(select(T.c.key).where(T.c.id == row["type_id"])).scalar()
        return f"the relationship {names.get(row['source_id'])} {key} {names.get(row['target_id'])}"

    def set_status(self, rel_id: int, status: str, *, expected_version: int | None = None) -> Change:
        """Confirm, reject or re-propose one relationship (see :meth:`set_statuses`)."""
        change = self.set_statuses(
            {rel_id: status}, expected_versions=None if expected_version is None else {rel_id: expected_version}
        )
        return dataclasses.replace(change, subject_id=rel_id)

    def set_statuses(
        self, statuses: Mapping[int, str], *, expected_versions: Mapping[int, int] | None = None
    ) -> Change:
        """Give each relationship its own status in one statement (accepting hundreds at once).

        Confirming a relationship confirms its actors that were still proposed: the
        investigator accepted them with it. ``expected_versions`` (by relationship id): refuse
        all if any changed since it was read."""
        for status in set(statuses.values()):
            _check_status(status)
        ids = [int(i) for i in statuses]
        with self._write() as s:
            if expected_versions:
                stored = dict(s.execute(select(R.c.id, R.c.version).where(R.c.id.in_(list(expected_versions)))).all())
                for rel_id, version in expected_versions.items():
                    if stored.get(rel_id) != version:
                        self._rel_row(s, rel_id, expected=version, mine={"status": statuses.get(rel_id)})
            rows = s.execute(select(R.c.id, R.c.source_id, R.c.target_id).where(R.c.id.in_(ids))).all()
            missing = set(ids) - {r[0] for r in rows}
            if missing:
                raise NotFoundError(f"no relationship with id {min(missing)}")
            if ids:
                s.execute(
                    text("UPDATE relationship SET status = :status WHERE id = :rid"),
                    [{"rid": int(k), "status": v} for k, v in statuses.items()],
                )
            confirmed_ends = {a for r in rows if statuses.get(r[0]) == "confirmed" for a in r[1:]}
            if confirmed_ends:
                s.execute(
                    update(A).where(A.c.id.in_(confirmed_ends), A.c.status == "proposed").values(status="confirmed")
                )
        return Change(
            relationships=frozenset(ids),
            actors=frozenset(a for r in rows for a in r[1:]),
            subject_id=ids[0] if len(ids) == 1 else None,
        )

    # ------------------------------------------------------------------ review of actors
    def actor_statuses(self, actor_ids: Iterable[int]) -> dict[int, str]:
        """``{id: status}`` of the named actors that exist."""
        ids = list({int(i) for i in actor_ids})
        with self._read() as s:
            rows = s.execute(select(A.c.id, A.c.status).where(A.c.id.in_(ids))).all() if ids else []
        return {r[0]: r[1] for r in rows}

    def set_actor_statuses(self, statuses: Mapping[int, str]) -> Change:
        """Accept (confirmed), reject or re-propose actors.

        Rejecting an actor rejects every relationship it takes part in, so no link hangs from an
        actor that is off the map; an import that names it again links nothing to it."""
        for status in set(statuses.values()):
            _check_actor_status(status)
        ids = [int(i) for i in statuses]
        with self._write() as s:
            found: set[int] = set(s.execute(select(A.c.id).where(A.c.id.in_(ids))).scalars())
            missing = set(ids) - found
            if missing:
                raise NotFoundError(f"no actor with id {min(missing)}")
            if ids:
                s.execute(
                    text("UPDATE actor SET status = :status WHERE id = :aid"),
                    [{"aid": int(k), "status": v} for k, v in statuses.items()],
                )
            rejected = [i for i in ids if statuses[i] == "rejected"]
            rels = (
                s.execute(
                    select(R.c.id, R.c.source_id, R.c.target_id).where(
                        or_(R.c.source_id.in_(rejected), R.c.target_id.in_(rejected)), R.c.status != "rejected"
                    )
                ).all()
                if rejected
                else []
            )
            if rels:
                s.execute(update(R).where(R.c.id.in_([r[0] for r in rels])).values(status="rejected"))
        return Change(
            actors=frozenset(ids) | frozenset(a for r in rels for a in r[1:]),
            relationships=frozenset(r[0] for r in rels),
            subject_id=ids[0] if len(ids) == 1 else None,
        )

    def add_mentions(self, mentions: Sequence[Mention]) -> None:
        """Remember where articles name actors (the excerpt the review queue shows)."""
        if not mentions:
            return
        with self._write() as s:
            s.execute(
                insert(AM),
                [
                    {"actor_id": m.actor_id, "article_id": m.article_id, "start": m.start, "end": m.end, "role": m.role}
                    for m in mentions
                ],
            )

    def first_mentions(self, actor_ids: Iterable[int]) -> dict[int, MentionRecord]:
        """Where each of these actors is first named: the earliest mention in its first article."""
        ids = list({int(i) for i in actor_ids})
        if not ids:
            return {}
        with self._read() as s:
            rows = s.execute(
                select(AM.c.actor_id, AM.c.article_id, AR.c.title, AR.c.published, AM.c.start, AM.c.end, AM.c.role)
                .join(AR, AR.c.id == AM.c.article_id)
                .where(AM.c.actor_id.in_(ids))
                .order_by(AM.c.actor_id, AM.c.article_id, AM.c.start)
            ).all()
        out: dict[int, MentionRecord] = {}
        for r in rows:
            if r[0] not in out:
                out[r[0]] = MentionRecord(r[0], r[1], r[2], _as_date(r[3]), r[4], r[5], r[6])
        return out

    def actor_roles(self) -> dict[int, set[str]]:
        """The offices articles give each actor ("president|Kazakhstan"), for resolving a later
        article's "Kazakhstan's president"."""
        with self._read() as s:
            rows: Sequence[tuple[int, str]] = s.execute(
                select(AM.c.actor_id, AM.c.role).where(AM.c.role.is_not(None)).distinct()
            ).all()
        out: dict[int, set[str]] = defaultdict(set)
        for actor_id, role in rows:
            out[actor_id].add(role)
        return dict(out)

    def list_actor_proposals(self) -> list[ActorRecord]:
        """Actors an import proposed that no live relationship reviews with it: proposed, with no
        relationship that is proposed or confirmed (isolated, or all its links rejected)."""
        live = (
            select(R.c.source_id)
            .where(R.c.status != "rejected")
            .union(select(R.c.target_id).where(R.c.status != "rejected"))
        )
        with self._read() as s:
            return self._actor_records(s, and_(A.c.status == "proposed", A.c.id.not_in(live)))

    def add_merge_proposals(self, proposals: Sequence[tuple[int, int, float, str]]) -> Change:
        """Propose that actor ``a`` may be actor ``b`` (``(a, b, score, reason)``); a pair proposed
        before, in either order and whatever became of it, is not proposed again."""
        if not proposals:
            return Change()
        now = _now()
        with self._write() as s:
            ids = {i for p in proposals for i in p[:2]}
            pairs = {
                frozenset(r)
                for r in s.execute(
                    select(MP.c.actor_id, MP.c.other_id).where(or_(MP.c.actor_id.in_(ids), MP.c.other_id.in_(ids)))
                )
            }
            rows = []
            for a, b, score, reason in proposals:
                if a == b or frozenset((a, b)) in pairs:
                    continue
                pairs.add(frozenset((a, b)))
                rows.append(
                    {
                        "actor_id": a,
                        "other_id": b,
                        "score": min(1.0, max(0.0, float(score))),
                        "reason": reason,
                        "status": "proposed",
                        "created_at": now,
                    }
                )
            new_ids: Sequence[int] = (
                s.execute(insert(MP).returning(MP.c.id, sort_by_parameter_order=True), rows).scalars().all()
                if rows
                else []
            )
        return Change(merge_proposals=frozenset(new_ids), actors=frozenset(ids))

    def set_merge_statuses(self, statuses: Mapping[int, str]) -> Change:
        """Reject (the two are different actors) or re-propose merge proposals."""
        for status in set(statuses.values()):
            if status not in MERGE_STATUSES:
                raise InvalidInputError(f"unknown merge proposal status {status!r}")
        ids = [int(i) for i in statuses]
        with self._write() as s:
            rows = s.execute(select(MP.c.id, MP.c.actor_id, MP.c.other_id).where(MP.c.id.in_(ids))).all()
            missing = set(ids) - {r[0] for r in rows}
            if missing:
                raise NotFoundError(f"no merge proposal with id {min(missing)}")
            if ids:
                s.execute(
                    text("UPDATE merge_proposal SET status = :status WHERE id = :mid"),
                    [{"mid": int(k), "status": v} for k, v in statuses.items()],
                )
        return Change(
            merge_proposals=frozenset(ids),
            actors=frozenset(a for r in rows for a in r[1:]),
            subject_id=ids[0] if len(ids) == 1 else None,
        )

    def merge_statuses(self, proposal_ids: Iterable[int]) -> dict[int, str]:
        ids = list({int(i) for i in proposal_ids})
        with self._read() as s:
            rows = s.execute(select(MP.c.id, MP.c.status).where(MP.c.id.in_(ids))).all() if ids else []
        return {r[0]: r[1] for r in rows}

    def list_merge_proposals(self, *, statuses: Sequence[str] = ("proposed",)) -> list[MergeProposalRecord]:
        """Pairs of actors that may be one, most likely first."""
        with self._read() as s:
            rows = (
                s.execute(select(MP).where(MP.c.status.in_(list(statuses))).order_by(MP.c.score.desc(), MP.c.id))
                .mappings()
                .all()
            )
            ids = {r["actor_id"] for r in rows} | {r["other_id"] for r in rows}
            actors = {a.id: a for a in self._actor_records(s, A.c.id.in_(ids))} if ids else {}
        return [
            MergeProposalRecord(
                id=r["id"],
                actor=actors[r["actor_id"]],
                other=actors[r["other_id"]],
                score=r["score"],
                reason=r["reason"],
                status=r["status"],
            )
            for r in rows
            if r["actor_id"] in actors and r["other_id"] in actors
        ]

    def confirm(self, rel_id: int) -> Change:
        return self.set_status(rel_id, "confirmed")

    def reject(self, rel_id: int) -> Change:
        return self.set_status(rel_id, "rejected")

    def update_relationship(
        self,
        rel_id: int,
        *,
        type_key: str | None = None,
        source_id: int | None = None,
        target_id: int | None = None,
        confidence: float | None = None,
        valid_from: str | None | EllipsisType = ...,
        valid_to: str | None | EllipsisType = ...,
        note: str | None = None,
        expected_version: int | None = None,
    ) -> Change:
        """Edit a relationship's fields; changing type or endpoints onto an existing relationship
        folds this one into it (subject_id names the survivor)."""
        with self._write() as s:
            if expected_version is not None:
                asked = {"confidence": confidence, "note": note, "source_id": source_id, "target_id": target_id}
                if valid_from is not ...:
                    asked["valid_from"] = valid_from
                if valid_to is not ...:
                    asked["valid_to"] = valid_to
                if type_key is not None:
                    asked["type_id"] = self._type_row(s, type_key)["id"]
                self._rel_row(
                    s,
                    rel_id,
                    expected=expected_version,
                    mine={k: v for k, v in asked.items() if v is not None or k.startswith("valid")},
                )
            row = self._rel_row(s, rel_id)
            values: dict = {}
            if confidence is not None:
                values["confidence"] = _check_confidence(confidence)
            if valid_from is not ...:
                values["valid_from"] = _check_partial_date(valid_from, "valid-from")
            if valid_to is not ...:
                values["valid_to"] = _check_partial_date(valid_to, "valid-to")
            if note is not None:
                values["note"] = visible_controls(note)
            rtype = self._type_row(s, type_key) if type_key else {"id": row["type_id"], "directed": row["directed"]}
            src = source_id if source_id is not None else row["source_id"]
            dst = target_id if target_id is not None else row["target_id"]
            if src == dst:
                raise InvalidInputError("a relationship needs two different actors")
            self._actor_row(s, src)
            self._actor_row(s, dst)
            if not rtype["directed"] and src > dst:
                src, dst = dst, src
            values.update(type_id=rtype["id"], source_id=src, target_id=dst)
            touched = {row["source_id"], row["target_id"], src, dst}
            existing = (
                s.execute(
                    select(R).where(
                        R.c.type_id == rtype["id"], R.c.source_id == src, R.c.target_id == dst, R.c.id != rel_id
                    )
                )
                .mappings()
                .first()
            )
            if existing is not None:
                fields = {k: v for k, v in values.items() if k not in ("type_id", "source_id", "target_id")}
                if fields:
                    s.execute(update(R).where(R.c.id == rel_id).values(**fields))
                current = s.execute(select(R).where(R.c.id == rel_id)).mappings().first()
                self._fold_relationship(s, into=existing, other=current)
                return Change(
                    relationships=frozenset({rel_id, existing["id"]}),
                    actors=frozenset(touched),
                    subject_id=existing["id"],
                )
            s.execute(update(R).where(R.c.id == rel_id).values(**values))
        return Change(relationships=frozenset({rel_id}), actors=frozenset(touched), subject_id=rel_id)

    def delete_relationship(self, rel_id: int, *, expected_version: int | None = None) -> Change:
        with self._write() as s:
            row = self._rel_row(s, rel_id, expected=expected_version)
            ev_ids: set[int] = set(s.execute(select(E.c.id).where(E.c.relationship_id == rel_id)).scalars())
            s.execute(delete(R).where(R.c.id == rel_id))
        return Change(
            relationships=frozenset({rel_id}),
            evidence=frozenset(ev_ids),
            actors=frozenset({row["source_id"], row["target_id"]}),
            subject_id=rel_id,
        )

    def get_relationship(self, rel_id: int) -> RelationshipRecord:
        found = self._relationship_records(ids=[rel_id])
        if not found:
            raise NotFoundError(f"no relationship with id {rel_id}")
        return found[0]

    def find_relationship(self, type_key: str, source_id: int, target_id: int) -> RelationshipRecord | None:
        with self._read() as s:
            rtype = self._type_row(s, type_key)
            if not rtype["directed"] and source_id > target_id:
                source_id, target_id = target_id, source_id
            rel_id = s.execute(
                select(R.c.id).where(R.c.type_id == rtype["id"], R.c.source_id == source_id, R.c.target_id == target_id)
            ).scalar()
        return None if rel_id is None else self.get_relationship(rel_id)

    def list_relationships(
        self,
        *,
        types: Sequence[str] | None = None,
        statuses: Sequence[str] | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        actor_id: int | None = None,
        with_evidence: bool = True,
    ) -> list[RelationshipRecord]:
        """Relationships matching every filter given.

        ``date_from``/``date_to`` keep relationships with at least one excerpt from an article
        published in that range (inclusive). Relationships of an actor the investigator rejected
        are left out (the actor is off the map; its links were rejected with it).
        """
        for st in statuses or ():
            _check_status(st)
        return self._relationship_records(
            types=types,
            statuses=statuses,
            date_from=date_from,
            date_to=date_to,
            actor_id=actor_id,
            with_evidence=with_evidence,
        )

    def _relationship_records(
        self,
        *,
        ids: Sequence[int] | None = None,
        types=None,
        statuses=None,
        date_from=None,
        date_to=None,
        actor_id=None,
        with_evidence: bool = True,
    ) -> list[RelationshipRecord]:
        src = A.alias("src")
        dst = A.alias("dst")
        query = (
            select(
                R.c.id,
                T.c.key.label("type"),
                R.c.source_id,
                src.c.name.label("source"),
                R.c.target_id,
                dst.c.name.label("target"),
                R.c.status,
                R.c.confidence,
                T.c.directed,
                R.c.valid_from,
                R.c.valid_to,
                R.c.note,
                R.c.version,
                R.c.created_by,
                R.c.updated_by,
            )
            .join(T, T.c.id == R.c.type_id)
            .join(src, src.c.id == R.c.source_id)
            .join(dst, dst.c.id == R.c.target_id)
            .order_by(T.c.key, src.c.name, dst.c.name, R.c.id)
        )
        if ids is not None:
            query = query.where(R.c.id.in_(list(ids)))
        else:
            query = query.where(src.c.status != "rejected", dst.c.status != "rejected")
        if types:
            query = query.where(T.c.key.in_(list(types)))
        if statuses:
            query = query.where(R.c.status.in_(list(statuses)))
        if actor_id is not None:
            query = query.where(or_(R.c.source_id == actor_id, R.c.target_id == actor_id))
        if date_from is not None or date_to is not None:
            dated = select(E.c.relationship_id).join(AR, AR.c.id == E.c.article_id).where(AR.c.published.is_not(None))
            if date_from is not None:
                dated = dated.where(AR.c.published >= date_from)
            if date_to is not None:
                dated = dated.where(AR.c.published <= date_to)
            query = query.where(R.c.id.in_(dated))
        with self._read() as s:
            rows = s.execute(query).mappings().all()
            evidence: dict[int, list[EvidenceRecord]] = defaultdict(list)
            if with_evidence and rows:
                ev_query = (
                    select(
                        E.c.id,
                        E.c.relationship_id,
                        E.c.article_id,
                        AR.c.title,
                        AR.c.source,
                        AR.c.published,
                        E.c.start,
                        E.c.end,
                        E.c.quote,
                        E.c.origin,
                        AR.c.url,
                        E.c.version,
                        E.c.created_by,
                        E.c.updated_by,
                    )
                    .join(AR, AR.c.id == E.c.article_id)
                    .order_by(E.c.relationship_id, E.c.article_id, E.c.start, E.c.id)
                )
                if ids is not None or types or statuses or actor_id is not None or date_from or date_to:
                    wanted = [r["id"] for r in rows]
                    if len(wanted) < 30000:
                        ev_query = ev_query.where(E.c.relationship_id.in_(wanted))
                excerpts: Iterable[tuple[Any, ...]] = s.execute(ev_query)  # the fields of EvidenceRecord, in order
                for ev in excerpts:
                    evidence[ev[1]].append(EvidenceRecord(*ev))
        return [RelationshipRecord(**dict(r), evidence=tuple(evidence.get(r["id"], ()))) for r in rows]

    # ------------------------------------------------------------------ evidence
    def add_evidence(
        self,
        rel_id: int,
        article_id: int,
        start: int,
        end: int,
        *,
        origin: str = "person",
        created_at: datetime | None = None,
    ) -> Change:
        """Back a relationship with the characters [start, end) of an article."""
        if origin not in ORIGINS:
            raise InvalidInputError(f"unknown evidence origin {origin!r}")
        with self._write() as s:
            row = self._rel_row(s, rel_id)
            body = s.execute(select(AR.c.text).where(AR.c.id == article_id)).scalar()
            if body is None:
                raise NotFoundError(f"no article with id {article_id}")
            _check_excerpt(start, end, body)
            existing = s.execute(
                select(E.c.id).where(
                    E.c.relationship_id == rel_id, E.c.article_id == article_id, E.c.start == start, E.c.end == end
                )
            ).scalar()
            if existing is not None:
                return Change(subject_id=existing)
            ev_id = _new_id(
                s.execute(
                    insert(E).values(
                        relationship_id=rel_id,
                        article_id=article_id,
                        start=start,
                        end=end,
                        quote=body[start:end],
                        origin=origin,
                        created_at=created_at or _now(),
                    )
                )
            )
        return Change(
            evidence=frozenset({ev_id}),
            relationships=frozenset({rel_id}),
            actors=frozenset({row["source_id"], row["target_id"]}),
            subject_id=ev_id,
        )

    def add_proposals(
        self, article_id: int, proposals: Sequence[Proposal], *, origin: str = "extractor"
    ) -> ProposalsStored:
        """Store the relationships proposed from one article, each backed by its excerpt.

        The same as ``add_relationship(..., status="proposed")`` then ``add_evidence`` for each
        proposal in turn (existing relationships keep their status and rise to a higher
        confidence; an excerpt already stored is not stored twice), checked and written in a
        handful of statements instead of several per proposal: an import stores an article's
        dozen proposals about ten times faster. All or nothing.
        """
        if origin not in ORIGINS:
            raise InvalidInputError(f"unknown evidence origin {origin!r}")
        if not proposals:
            return ProposalsStored(change=Change(), relationship_ids=(), new_relationships=0, new_evidence=0)
        now = _now()
        with self._write() as s:
            body = s.execute(select(AR.c.text).where(AR.c.id == article_id)).scalar()
            if body is None:
                raise NotFoundError(f"no article with id {article_id}")
            types = {r.key: r for r in s.execute(select(T.c.id, T.c.key, T.c.directed))}
            ends = {p.source_id for p in proposals} | {p.target_id for p in proposals}
            known_actors: set[int] = set(s.execute(select(A.c.id).where(A.c.id.in_(ends))).scalars())
            wanted = []
            for p in proposals:
                rtype = types.get(p.type)
                if rtype is None:
                    raise NotFoundError(f"unknown relationship type {p.type!r}")
                for actor_id in (p.source_id, p.target_id):
                    if actor_id not in known_actors:
                        raise NotFoundError(f"no actor with id {actor_id}")
                if p.source_id == p.target_id:
                    raise InvalidInputError("a relationship needs two different actors")
                _check_excerpt(p.start, p.end, body)
                src, dst = p.source_id, p.target_id
                if not rtype.directed and src > dst:
                    src, dst = dst, src
                wanted.append((rtype.id, src, dst, _check_confidence(p.confidence)))
            # Exactly the relationships asked for (the unique index on type and ends), not every
            # relationship of the actors involved, which for a much-cited actor is thousands.
            keys = {w[:3] for w in wanted}
            stored = {
                (r.type_id, r.source_id, r.target_id): [r.id, r.confidence]
                for r in s.execute(
                    select(R.c.id, R.c.type_id, R.c.source_id, R.c.target_id, R.c.confidence).where(
                        tuple_(R.c.type_id, R.c.source_id, R.c.target_id).in_(keys)
                    )
                )
            }
            # New relationships in the order first proposed, with the highest confidence asked.
            fresh: dict[tuple[int, int, int], float] = {}
            for type_id, src, dst, conf in wanted:
                key = (type_id, src, dst)
                if key not in stored:
                    fresh[key] = max(conf, fresh.get(key, conf))
            new_ids: set[int] = set()
            if fresh:
                rows = [
                    {
                        "type_id": k[0],
                        "source_id": k[1],
                        "target_id": k[2],
                        "status": "proposed",
                        "confidence": conf,
                        "valid_from": None,
                        "valid_to": None,
                        "note": "",
                        "created_at": now,
                    }
                    for k, conf in fresh.items()
                ]
                ids: Sequence[int] = (
                    s.execute(insert(R).returning(R.c.id, sort_by_parameter_order=True), rows).scalars().all()
                )
                for key, rel_id in zip(fresh, ids):
                    stored[key] = [rel_id, fresh[key]]
                    new_ids.add(rel_id)
            raised: dict[int, float] = {}
            for type_id, src, dst, conf in wanted:
                entry = stored[(type_id, src, dst)]
                if conf > entry[1]:
                    entry[1] = conf
                    raised[entry[0]] = conf
            if raised:
                s.execute(
                    text("UPDATE relationship SET confidence = :c WHERE id = :rid"),
                    [{"rid": k, "c": v} for k, v in raised.items()],
                )
            rel_ids = tuple(stored[(w[0], w[1], w[2])][0] for w in wanted)
            have = {
                tuple(row)
                for row in s.execute(
                    select(E.c.relationship_id, E.c.start, E.c.end).where(
                        E.c.article_id == article_id, E.c.relationship_id.in_(set(rel_ids))
                    )
                )
            }
            ev_rows = []
            for rel_id, p in zip(rel_ids, proposals):
                if (rel_id, p.start, p.end) in have:
                    continue
                have.add((rel_id, p.start, p.end))
                ev_rows.append(
                    {
                        "relationship_id": rel_id,
                        "article_id": article_id,
                        "start": p.start,
                        "end": p.end,
                        "quote": body[p.start : p.end],
                        "origin": origin,
                        "created_at": now,
                    }
                )
            ev_ids: Sequence[int] = []
            if ev_rows:
                ev_ids = s.execute(insert(E).returning(E.c.id, sort_by_parameter_order=True), ev_rows).scalars().all()
            backed = {row["relationship_id"] for row in ev_rows}
            touched = new_ids | backed
            endpoints = {key[1:] for key, entry in stored.items() if entry[0] in touched}
        change = Change(
            relationships=frozenset(touched | set(raised)),
            evidence=frozenset(ev_ids),
            actors=frozenset(a for pair in endpoints for a in pair),
        )
        return ProposalsStored(
            change=change, relationship_ids=rel_ids, new_relationships=len(new_ids), new_evidence=len(ev_ids)
        )

    def remove_evidence(self, evidence_id: int, *, expected_version: int | None = None) -> Change:
        with self._write() as s:
            rel_id = self._current(
                s,
                E,
                evidence_id,
                expected=expected_version,
                mine=None,
                missing=f"no evidence with id {evidence_id}",
                what=lambda r: f"the excerpt “{r['quote'][:60]}”",
            )["relationship_id"]
            s.execute(delete(E).where(E.c.id == evidence_id))
        return Change(evidence=frozenset({evidence_id}), relationships=frozenset({rel_id}), subject_id=evidence_id)

    # ------------------------------------------------------------------ search
    def search(self, query: str, *, limit: int = 50) -> SearchResults:
        """Full-text search over article titles and text, and actor names and aliases."""
        if self.dialect == "postgresql":
            return self._search_postgresql(query, limit=limit)
        fts = fts_query(query)
        if fts is None:
            return SearchResults(actors=(), articles=())
        with self._read() as s:
            actor_ids: list[int] = list(
                s.execute(
                    text("SELECT rowid FROM actor_fts WHERE actor_fts MATCH :q ORDER BY rank LIMIT :n"),
                    {"q": fts, "n": limit},
                ).scalars()
            )
            hits = s.execute(
                text(
                    "SELECT a.id, a.title, a.published, snippet(article_fts, 1, '[', ']', '…', 12) "
                    "FROM article_fts JOIN article a ON a.id = article_fts.rowid "
                    "WHERE article_fts MATCH :q ORDER BY rank LIMIT :n"
                ),
                {"q": fts, "n": limit},
            ).all()
            by_id = {a.id: a for a in self._actor_records(s, A.c.id.in_(actor_ids))} if actor_ids else {}
        articles = tuple(ArticleHit(id=h[0], title=h[1], published=_as_date(h[2]), snippet=h[3]) for h in hits)
        return SearchResults(actors=tuple(by_id[i] for i in actor_ids if i in by_id), articles=articles)

    def _search_postgresql(self, query: str, *, limit: int) -> SearchResults:
        """The same search on a team workspace: tsvector expressions under GIN indexes (migration 0001).
        An actor matches when its name and aliases together hold every word, as with FTS5."""
        every, some = pg_tsquery(query), pg_tsquery(query, joiner=" | ")
        if every is None:
            return SearchResults(actors=(), articles=())
        with self._read() as s:
            actor_ids: list[int] = list(
                s.execute(
                    text(
                        "SELECT al.actor_id FROM alias al WHERE al.actor_id IN ("
                        f"  SELECT actor_id FROM alias WHERE {PG_ALIAS_DOCUMENT} @@ to_tsquery('simple', :some)) "
                        "GROUP BY al.actor_id "
                        "HAVING to_tsvector('simple', string_agg(al.name, ' ')) @@ to_tsquery('simple', :every) "
                        "ORDER BY ts_rank(to_tsvector('simple', string_agg(al.name, ' ')), "
                        "to_tsquery('simple', :every)) DESC, "
                        "al.actor_id LIMIT :n"
                    ),
                    {"some": some, "every": every, "n": limit},
                ).scalars()
            )
            hits = s.execute(
                text(
                    "SELECT a.id, a.title, a.published, ts_headline('simple', left(a.text, 500000), q, "
                    "'StartSel=[, StopSel=], MaxWords=14, MinWords=6, ShortWord=1') "
                    f"FROM article a, to_tsquery('simple', :every) q WHERE {PG_ARTICLE_DOCUMENT} @@ q "
                    f"ORDER BY ts_rank({PG_ARTICLE_DOCUMENT}, q) DESC, a.id LIMIT :n"
                ),
                {"every": every, "n": limit},
            ).all()
            by_id = {a.id: a for a in self._actor_records(s, A.c.id.in_(actor_ids))} if actor_ids else {}
        articles = tuple(ArticleHit(id=h[0], title=h[1], published=_as_date(h[2]), snippet=h[3]) for h in hits)
        return SearchResults(actors=tuple(by_id[i] for i in actor_ids if i in by_id), articles=articles)

    # ------------------------------------------------------------------ who did what
    def last_change_id(self) -> int:
        """The newest change-log id (0 for none): where a listener starts."""
        with self._read() as s:
            return s.execute(select(func.coalesce(func.max(LOG.c.id), 0))).scalar_one()

    def changes_since(self, after_id: int, *, limit: int = 10000, also: Iterable[int] = ()) -> list[ChangeRecord]:
        """Change-log rows newer than ``after_id`` (plus the ids in ``also``), oldest first."""
        also = list(also)
        where = LOG.c.id > after_id if not also else or_(LOG.c.id > after_id, LOG.c.id.in_(also))
        with self._read() as s:
            rows = s.execute(select(LOG).where(where).order_by(LOG.c.id).limit(limit)).mappings().all()
        return [_change_record(r) for r in rows]

    def change_of(self, records: Iterable[ChangeRecord]) -> Change:
        """What change-log rows touched, as the Change an edit returns (so a view redraws only that):
        a relationship's ends and an excerpt's relationship come along, an alias counts for its actor."""
        actors: set[int] = set()
        rels: set[int] = set()
        evidence: set[int] = set()
        articles: set[int] = set()
        types: set[int] = set()
        aliases: set[int] = set()
        for r in records:
            if r.table == "actor":
                actors.add(r.row_id)
            elif r.table == "alias":
                aliases.add(r.row_id)
            elif r.table == "relationship":
                rels.add(r.row_id)
                ends = re.match(r"^\d+:(\d+)>(\d+)$", r.label)  # the log names it type:source>target
                if ends:
                    actors.update(int(g) for g in ends.groups())
            elif r.table == "evidence":
                evidence.add(r.row_id)
                backed = re.match(r"^relationship (\d+)$", r.label)
                if backed:
                    rels.add(int(backed.group(1)))
            elif r.table == "article":
                articles.add(r.row_id)
            elif r.table == "relation_type":
                types.add(r.row_id)
        if aliases:
            with self._read() as s:
                actors.update(s.execute(select(AL.c.actor_id).where(AL.c.id.in_(aliases))).scalars())
        return Change(
            actors=frozenset(actors),
            relationships=frozenset(rels),
            evidence=frozenset(evidence),
            articles=frozenset(articles),
            relation_types=frozenset(types),
        )

    def describe_changes(self, records: Sequence[ChangeRecord]) -> list[str]:
        """Each change-log row in words for the History panel: "changed actor “Ada Example”",
        "added an excerpt to Ada Example ally of Ben Sample" (names as they are now, where known)."""
        rel_ids: set[int] = set()
        actor_ids: set[int] = set()
        for r in records:
            if r.table == "relationship":
                rel_ids.add(r.row_id)
            elif r.table == "evidence":
                backed = re.match(r"^relationship (\d+)$", r.label)
                if backed:
                    rel_ids.add(int(backed.group(1)))
        with self._read() as s:
            rels = (
                {
                    row[0]: row[1:]
                    for row in s.execute(
                        select(R.c.id, R.c.source_id, R.c.target_id, T.c.label)
                        .join(T, T.c.id == R.c.type_id)
                        .where(R.c.id.in_(rel_ids))
                    )
                }
                if rel_ids
                else {}
            )
            for r in records:
                ends = re.match(r"^(\d+):(\d+)>(\d+)$", r.label) if r.table == "relationship" else None
                if ends:
                    actor_ids.update((int(ends.group(2)), int(ends.group(3))))
            actor_ids.update(a for row in rels.values() for a in row[:2])
            names = dict(s.execute(select(A.c.id, A.c.name).where(A.c.id.in_(actor_ids))).all()) if actor_ids else {}
            type_labels = dict(s.execute(select(T.c.id, T.c.label)).all())
        verbs = {"insert": "added", "update": "changed", "delete": "removed"}

        def relationship(rel_id: int, label: str) -> str:
            if rel_id in rels:
                src, dst, kind = rels[rel_id]
            else:
                ends = re.match(r"^(\d+):(\d+)>(\d+)$", label)
                if not ends:
                    return f"relationship {rel_id}"
                kind, src, dst = (
                    type_labels.get(int(ends.group(1)), "related to"),
                    int(ends.group(2)),
                    int(ends.group(3)),
                )
            return f"{names.get(src, f'actor {src}')} {kind} {names.get(dst, f'actor {dst}')}"

        out = []
        for r in records:
            verb = verbs.get(r.action, r.action)
            if r.table == "actor":
                out.append(f"{verb} actor “{r.label}”")
            elif r.table == "alias":
                out.append(f"{verb} the name “{r.label}”")
            elif r.table == "relationship":
                out.append(f"{verb} relationship {relationship(r.row_id, r.label)}")
            elif r.table == "evidence":
                backed = re.match(r"^relationship (\d+)$", r.label)
                what = relationship(int(backed.group(1)), "") if backed else "a relationship"
                out.append(f"{verb} an excerpt {'to' if r.action == 'insert' else 'of'} {what}")
            elif r.table == "article":
                out.append(f"{verb} article “{r.label}”")
            elif r.table == "relation_type":
                out.append(f"{verb} relationship type “{r.label}”")
            else:
                out.append(f"{verb} {r.table} {r.row_id}")
        return out

    def history(
        self, *, limit: int = 200, table: str | None = None, row_id: int | None = None, before_id: int | None = None
    ) -> list[ChangeRecord]:
        """The workspace's changes, newest first (optionally only one row's, or older than ``before_id``)."""
        query = select(LOG).order_by(LOG.c.id.desc()).limit(limit)
        if table is not None:
            query = query.where(LOG.c.table_name == table)
        if row_id is not None:
            query = query.where(LOG.c.row_id == row_id)
        if before_id is not None:
            query = query.where(LOG.c.id < before_id)
        with self._read() as s:
            return [_change_record(r) for r in s.execute(query).mappings().all()]

    def evidence_text(self, evidence_id: int) -> str:
        with self._read() as s:
            quote = s.execute(select(E.c.quote).where(E.c.id == evidence_id)).scalar()
        if quote is None:
            raise NotFoundError(f"no evidence with id {evidence_id}")
        return quote

    # ------------------------------------------------------------------ lean rows for drawing
    def graph_rows(self) -> tuple[list[tuple], list[tuple]]:
        """Everything a map view needs and nothing more, fast enough for 100,000 relationships.

        Returns ``(actors, relationships)``: actors as ``(id, name, kind, x, y, pinned)`` and
        relationships as ``(id, type_key, source_id, target_id, status, confidence,
        evidence_count, first_published, last_published)`` (ISO date strings or None).
        """
        with self._read() as s:
            con = s.connection()
            if con.dialect.name == "sqlite":
                actors, rels = _sqlite_graph_rows(con.connection.cursor())
            else:
                actors = [
                    tuple(a)
                    for a in con.exec_driver_sql(
                        "SELECT id, name, kind, x, y, pinned FROM actor WHERE status <> 'rejected' ORDER BY id"
                    ).all()
                ]
                rels = [
                    tuple(r)
                    for r in con.exec_driver_sql(
                        "SELECT r.id, t.key, r.source_id, r.target_id, r.status, r.confidence, "
                        "       count(e.id), min(a.published), max(a.published) "
                        "FROM relationship r JOIN relation_type t ON t.id = r.type_id "
                        "LEFT JOIN evidence e ON e.relationship_id = r.id LEFT JOIN article a ON a.id = e.article_id "
                        "WHERE r.source_id NOT IN (SELECT id FROM actor WHERE status = 'rejected') "
                        "  AND r.target_id NOT IN (SELECT id FROM actor WHERE status = 'rejected') "
                        "GROUP BY r.id, t.key ORDER BY r.id"
                    ).all()
                ]
            if self._layout_overlay:
                overlay = self._layout_overlay
                actors = [(a[0], a[1], a[2], *overlay[a[0]]) if a[0] in overlay else a for a in actors]
        return actors, rels

    def actor_aliases(self) -> dict[int, tuple[str, ...]]:
        """``{actor id: its other names}`` for every actor not rejected, as ``list_actors()``
        gives them (in the order they were added, the actor's own name left out), in one lean
        query: the map's tooltips and Find need nothing else of the actors."""
        with self._read() as s:
            rows: Sequence[tuple[int, str, str]] = s.execute(
                select(AL.c.actor_id, AL.c.name, A.c.name)
                .join(A, A.c.id == AL.c.actor_id)
                .where(A.c.status != "rejected")
                .order_by(AL.c.id)
            ).all()
        own: dict[int, str] = {}
        out: dict[int, list[str]] = defaultdict(list)
        for actor_id, alias, name in rows:
            key = own.get(actor_id)
            if key is None:
                key = own[actor_id] = alias_key(name)
            if alias_key(alias) != key:
                out[actor_id].append(alias)
        return {a: tuple(names) for a, names in out.items()}

    def time_rows(self) -> tuple[list[tuple[int, str]], list[tuple[int, str | None, str | None]]]:
        """The dates a time bar needs, lean: ``(evidence, validity)`` with one
        ``(relationship_id, ISO date)`` per excerpt from a dated article, and one
        ``(relationship_id, valid_from, valid_to)`` per relationship with either set."""
        with self._read() as s:
            con = s.connection()
            evidence = con.exec_driver_sql(
                "SELECT e.relationship_id, a.published FROM evidence e JOIN article a ON a.id = e.article_id "
                "WHERE a.published IS NOT NULL ORDER BY e.relationship_id"
            ).all()
            validity = con.exec_driver_sql(
                "SELECT id, valid_from, valid_to FROM relationship "
                "WHERE valid_from IS NOT NULL OR valid_to IS NOT NULL ORDER BY id"
            ).all()
        return [(int(r[0]), str(r[1])) for r in evidence], [(int(r[0]), r[1], r[2]) for r in validity]

    def article_story(self, article_id: int) -> tuple[set[int], set[int]]:
        """An article's story: ``(actor ids, relationship ids)``, the relationships with an
        excerpt in it, their actors and the actors it names."""
        with self._read() as s:
            rels = s.execute(
                select(R.c.id, R.c.source_id, R.c.target_id)
                .join(E, E.c.relationship_id == R.c.id)
                .where(E.c.article_id == article_id)
                .distinct()
            ).all()
            named: Sequence[int] = (
                s.execute(select(AM.c.actor_id).where(AM.c.article_id == article_id).distinct()).scalars().all()
            )
        actors = {int(a) for a in named} | {int(r[1]) for r in rels} | {int(r[2]) for r in rels}
        return actors, {int(r[0]) for r in rels}

    # ------------------------------------------------------------------ bulk loading
    def bulk_add(
        self,
        *,
        actors: Sequence[Mapping],
        articles: Sequence[Mapping] = (),
        relationships: Sequence[Mapping] = (),
        evidence: Sequence[Mapping] = (),
    ) -> Change:
        """Insert many new rows in one transaction, for synthetic and very large imports.

        Rows refer to each other by position: ``relationships[i]["source"]`` is an index into
        ``actors``, ``evidence[i]["relationship"]`` into ``relationships`` and
        ``evidence[i]["article"]`` into ``articles``. Every name and alias must be new; the
        checks the single-row methods make are made here in bulk (spans inside the article,
        symmetric types normalised, known types and kinds).
        """
        types = {t.key: t for t in self.list_relation_types()}
        kinds = {k.key for k in self.list_actor_kinds()}
        now = _now()

        def kind_of(a: Mapping) -> str:
            kind = a.get("kind", "person")
            if kind not in kinds:
                raise InvalidInputError(f"unknown actor kind {kind!r}; use one of {', '.join(sorted(kinds))}")
            return kind

        with self._write() as s:
            if self.dialect == "postgresql":
                # ids are counted from the largest ones here: nobody may insert meanwhile
                s.execute(text("LOCK TABLE actor, alias, article, relationship, evidence IN SHARE ROW EXCLUSIVE MODE"))
            first_actor = (s.execute(select(func.max(A.c.id))).scalar() or 0) + 1
            first_article = (s.execute(select(func.max(AR.c.id))).scalar() or 0) + 1
            first_rel = (s.execute(select(func.max(R.c.id))).scalar() or 0) + 1
            actor_rows: list[dict[str, Any]] = []
            alias_rows: list[dict[str, Any]] = []
            for i, a in enumerate(actors):
                name = _clean_name(a["name"])
                actor_rows.append(
                    {
                        "id": first_actor + i,
                        "name": name,
                        "kind": kind_of(a),
                        "notes": visible_controls(a.get("notes", "")),
                        "created_at": now,
                        "x": a.get("x"),
                        "y": a.get("y"),
                        "pinned": bool(a.get("pinned", False)),
                        "status": _check_actor_status(a.get("status", "confirmed")),
                    }
                )
                for alias in (name, *(_clean_name(x, "alias") for x in a.get("aliases", ()))):
                    alias_rows.append({"actor_id": first_actor + i, "name": alias, "key": alias_key(alias)})
            texts = []
            article_rows: list[dict[str, Any]] = []
            for i, art in enumerate(articles):
                body = visible_controls(art["text"])
                texts.append(body)
                article_rows.append(
                    {
                        "id": first_article + i,
                        "title": visible_controls(art.get("title", "(untitled)")),
                        "source": visible_controls(art.get("source", "")),
                        "published": art.get("published"),
                        "text": body,
                        "content_hash": content_hash(body),
                        "imported_at": now,
                    }
                )
            rel_rows: list[dict[str, Any]] = []
            for i, r in enumerate(relationships):
                rtype = types.get(r["type"])
                if rtype is None:
                    raise NotFoundError(f"unknown relationship type {r['type']!r}")
                src, dst = first_actor + r["source"], first_actor + r["target"]
                if not rtype.directed and src > dst:
                    src, dst = dst, src
                rel_rows.append(
                    {
                        "id": first_rel + i,
                        "type_id": rtype.id,
                        "source_id": src,
                        "target_id": dst,
                        "status": _check_status(r.get("status", "proposed")),
                        "confidence": _check_confidence(r.get("confidence", 1.0)),
                        "valid_from": None,
                        "valid_to": None,
                        "note": visible_controls(r.get("note", "")),
                        "created_at": now,
                    }
                )
            ev_rows = []
            for e in evidence:
                body = texts[e["article"]]
                if not 0 <= e["start"] < e["end"] <= len(body):
                    raise InvalidInputError(f"excerpt {e['start']}-{e['end']} lies outside its article")
                ev_rows.append(
                    {
                        "relationship_id": first_rel + e["relationship"],
                        "article_id": first_article + e["article"],
                        "start": e["start"],
                        "end": e["end"],
                        "quote": body[e["start"] : e["end"]],
                        "origin": e.get("origin", "extractor"),
                        "created_at": now,
                    }
                )
            for table, rows in ((A, actor_rows), (AL, alias_rows), (AR, article_rows), (R, rel_rows), (E, ev_rows)):
                if rows:
                    s.execute(insert(table), rows)
            self._advance_ids(s, (A, AR, R))
        return Change(
            actors=frozenset(r["id"] for r in actor_rows),
            articles=frozenset(r["id"] for r in article_rows),
            relationships=frozenset(r["id"] for r in rel_rows),
        )

    def merge_interchange(
        self,
        *,
        actors: Sequence[Mapping],
        articles: Sequence[Mapping] = (),
        relationships: Sequence[Mapping] = (),
        evidence: Sequence[Mapping] = (),
        file_wins: bool,
    ) -> MergeResult:
        """Merge a whole interchange file (JSON workspace, GraphML, GEXF, CSV) in a handful of
        statements, with the rules one call per row would follow, in the file's order.

        Rows refer to each other by position, as in :meth:`bulk_add`. Actors are matched by
        name, else by their first alias some actor goes by (including actors earlier in the
        file); new ones are created with those of their aliases nobody has; articles are
        matched by content; relationships by type and ends (symmetric types normalised);
        excerpts already stored are not stored twice.

        ``file_wins`` (the JSON workspace): an existing actor takes the file's kind, notes,
        position and pin, an existing relationship every field of the file's. Otherwise (graph
        files) existing actors stay as they are and an existing relationship takes the file's
        status and the higher confidence. Relationship types must exist already. Refusals name
        the row: ``relationships[3]: ...``.
        """
        now = _now()
        created_actors: set[int] = set()
        with self._write() as s:
            types = {r.key: r for r in s.execute(select(T.c.id, T.c.key, T.c.directed))}
            kinds: set[str] = set(s.execute(select(K.c.key)).scalars())
            # ---- actors
            wanted_keys: set[str] = set()
            cleaned = []
            for i, a in enumerate(actors):
                try:
                    name = _clean_name(a["name"])
                    alias_names = [_clean_name(x, "alias") for x in a.get("aliases", ())]
                    if (a.get("kind") or "person") not in kinds:
                        raise InvalidInputError(
                            f"unknown actor kind {a.get('kind')!r}; use one of "
                            f"{', '.join(sorted(kinds))} (or add it as a kind)"
                        )
                    _check_actor_status(a.get("status") or "confirmed")
                except InvalidInputError as exc:
                    raise InvalidInputError(f"actors[{i}]: {exc}") from None
                # each name's key once: normalising is most of the Python time of a big merge
                keyed = [(name, alias_key(name))] + [(x, alias_key(x)) for x in alias_names]
                cleaned.append(keyed)
                wanted_keys.update(k for _, k in keyed)
            owner: dict[str, int] = {}
            if len(wanted_keys) > _SCAN_ABOVE:  # one pass over the table beats a huge IN list
                every_alias: Iterable[tuple[str, int]] = s.connection().exec_driver_sql(
                    "SELECT key, actor_id FROM alias"
                )
                owner.update((k, a) for k, a in every_alias if k in wanted_keys)
            else:
                owner.update(s.execute(select(AL.c.key, AL.c.actor_id).where(AL.c.key.in_(list(wanted_keys)))).all())
            next_id = (s.execute(select(func.max(A.c.id))).scalar() or 0) + 1
            new_actors: dict[int, dict] = {}
            alias_rows: list[dict] = []
            updates: dict[int, dict] = {}
            positions: dict[int, tuple[float, float]] = {}
            pins: set[int] = set()
            actor_ids: list[int] = []
            for a, keyed in zip(actors, cleaned):
                (name, name_key), aliases = keyed[0], keyed[1:]
                found = owner.get(name_key)
                if found is None:
                    found = next((owner[k] for _, k in aliases if k in owner), None)
                if found is None:
                    found = next_id
                    next_id += 1
                    new_actors[found] = {
                        "id": found,
                        "name": name,
                        "kind": a.get("kind") or "person",
                        "notes": visible_controls(a.get("notes") or ""),
                        "created_at": a.get("created_at") or now,
                        "x": None,
                        "y": None,
                        "pinned": False,
                        "status": a.get("status") or "confirmed",
                    }
                    owner[name_key] = found
                    alias_rows.append({"actor_id": found, "name": name, "key": name_key})
                    created_actors.add(found)
                elif file_wins:
                    target = new_actors.get(found)
                    fields = {
                        k: v for k, v in (("kind", a.get("kind")), ("notes", a.get("notes") or None)) if v is not None
                    }
                    if "notes" in fields:
                        fields["notes"] = visible_controls(fields["notes"])
                    (target if target is not None else updates.setdefault(found, {})).update(fields)
                for alias, key in aliases:
                    if key not in owner:
                        owner[key] = found
                        alias_rows.append({"actor_id": found, "name": alias, "key": key})
                if file_wins or found in created_actors:
                    x, y = a.get("x"), a.get("y")
                    if x is not None and y is not None:
                        positions[found] = (float(x), float(y))
                    if a.get("pinned"):
                        pins.add(found)
                actor_ids.append(found)
            for actor_id, (x, y) in positions.items():
                row = new_actors.get(actor_id)
                if row is not None:
                    row["x"], row["y"] = x, y
            for actor_id in pins:
                if actor_id in new_actors:
                    new_actors[actor_id]["pinned"] = True
            # New actors' names go in before the actors (their foreign keys checked at commit):
            # the search index is then written once per actor, by the actor's insert, instead
            # of rebuilt by every alias insert after it (most of a big import's time).
            # (A team workspace checks foreign keys at once, and has no such trigger: actors first.)
            names_first = self.dialect == "sqlite"
            if new_actors and names_first:
                s.execute(text("PRAGMA defer_foreign_keys = ON"))
            early = [r for r in alias_rows if r["actor_id"] in new_actors] if names_first else []
            if early:
                s.execute(insert(AL), early)
            if new_actors:
                s.execute(insert(A), list(new_actors.values()))
            late = [r for r in alias_rows if not names_first or r["actor_id"] not in new_actors]
            if late:
                s.execute(insert(AL), late)
            for field in ("kind", "notes"):
                rows = [{"aid": k, "v": v[field]} for k, v in updates.items() if field in v]
                if rows:
                    s.execute(text(f"UPDATE actor SET {field} = :v WHERE id = :aid"), rows)
            moved = [{"aid": k, "x": x, "y": y} for k, (x, y) in positions.items() if k not in new_actors]
            if moved:
                s.execute(text("UPDATE actor SET x = :x, y = :y WHERE id = :aid"), moved)
            pinned_rows = [{"aid": k} for k in pins if k not in new_actors]
            if pinned_rows:
                s.execute(text("UPDATE actor SET pinned = 1 WHERE id = :aid"), pinned_rows)
            # ---- articles
            texts = [visible_controls(art["text"]) for art in articles]
            hashes = [content_hash(t) for t in texts]
            stored_articles: dict[str, int] = {}
            for chunk in _chunked(sorted(set(hashes)), _SCAN_ABOVE):
                stored_articles.update(
                    s.execute(select(AR.c.content_hash, AR.c.id).where(AR.c.content_hash.in_(chunk))).all()
                )
            next_article = (s.execute(select(func.max(AR.c.id))).scalar() or 0) + 1
            article_rows: list[dict[str, Any]] = []
            article_ids: list[int] = []
            addresses = []  # an article already stored learns the address the file knows, if it had none
            for i, (art, body, digest) in enumerate(zip(articles, texts, hashes)):
                if not body.strip():
                    raise InvalidInputError(f"articles[{len(article_ids)}]: an article needs some text")
                try:
                    url = _clean_url(art.get("url"))
                except InvalidInputError as exc:
                    raise InvalidInputError(f"articles[{i}].url: {exc}") from None
                found = stored_articles.get(digest)
                if found is None:
                    found = stored_articles[digest] = next_article
                    next_article += 1
                    title = " ".join(visible_controls(art.get("title") or "").split()) or "(untitled)"
                    article_rows.append(
                        {
                            "id": found,
                            "title": title[:500],
                            "source": visible_controls(art.get("source") or "").strip(),
                            "published": art.get("published"),
                            "text": body,
                            "content_hash": digest,
                            "imported_at": art.get("imported_at") or now,
                            "url": url,
                        }
                    )
                elif url:
                    addresses.append({"aid": found, "url": url})
                article_ids.append(found)
            if article_rows:
                s.execute(insert(AR), article_rows)
            if addresses:
                s.execute(text("UPDATE article SET url = :url WHERE id = :aid AND url = ''"), addresses)
            # ---- relationships
            keys = []
            for i, r in enumerate(relationships):
                rtype = types.get(r["type"])
                if rtype is None:
                    raise NotFoundError(f"relationships[{i}]: unknown relationship type {r['type']!r}")
                src, dst = actor_ids[r["source"]], actor_ids[r["target"]]
                if src == dst:
                    raise InvalidInputError(f"relationships[{i}]: both ends are the same actor")
                if not rtype.directed and src > dst:
                    src, dst = dst, src
                try:
                    _check_status(r.get("status") or "proposed")
                    _check_confidence(r.get("confidence", 1.0))
                    _check_partial_date(r.get("valid_from"), "valid-from")
                    _check_partial_date(r.get("valid_to"), "valid-to")
                except InvalidInputError as exc:
                    raise InvalidInputError(f"relationships[{i}]: {exc}") from None
                keys.append((rtype.id, src, dst))
            stored_rels: dict[tuple[int, int, int], dict] = {}
            wanted_rels = set(keys)
            columns = (
                R.c.id,
                R.c.type_id,
                R.c.source_id,
                R.c.target_id,
                R.c.status,
                R.c.confidence,
                R.c.valid_from,
                R.c.valid_to,
                R.c.note,
            )
            if len(wanted_rels) > _SCAN_ABOVE:
                found_rels = (
                    row
                    for row in s.execute(select(*columns)).mappings()
                    if (row["type_id"], row["source_id"], row["target_id"]) in wanted_rels
                )
            else:
                found_rels = (
                    row
                    for chunk in _chunked(sorted(wanted_rels), 5000)
                    for row in s.execute(
                        select(*columns).where(tuple_(R.c.type_id, R.c.source_id, R.c.target_id).in_(chunk))
                    ).mappings()
                )
            for found_row in found_rels:
                stored_rels[(found_row["type_id"], found_row["source_id"], found_row["target_id"])] = dict(found_row)
            next_rel = (s.execute(select(func.max(R.c.id))).scalar() or 0) + 1
            new_rels: dict[int, dict] = {}
            changed_rels: dict[int, dict] = {}
            rel_ids = []
            for r, rel_key in zip(relationships, keys):
                row = stored_rels.get(rel_key)
                status = r.get("status") or "proposed"
                confidence = float(r.get("confidence", 1.0))
                if row is None:
                    row = stored_rels[rel_key] = {
                        "id": next_rel,
                        "type_id": rel_key[0],
                        "source_id": rel_key[1],
                        "target_id": rel_key[2],
                        "status": status,
                        "confidence": confidence,
                        "valid_from": r.get("valid_from") or None,
                        "valid_to": r.get("valid_to") or None,
                        "note": visible_controls(r.get("note") or ""),
                        "created_at": r.get("created_at") or now,
                    }
                    new_rels[next_rel] = row
                    next_rel += 1
                elif file_wins:
                    row.update(
                        status=status,
                        confidence=confidence,
                        valid_from=r.get("valid_from") or None,
                        valid_to=r.get("valid_to") or None,
                        note=visible_controls(r.get("note") or ""),
                    )
                    changed_rels[row["id"]] = row
                else:
                    row.update(status=status, confidence=max(confidence, row["confidence"]))
                    changed_rels[row["id"]] = row
                rel_ids.append(row["id"])
            if new_rels:
                s.execute(insert(R), list(new_rels.values()))
            changed = [
                {
                    "rid": k,
                    "status": v["status"],
                    "confidence": v["confidence"],
                    "vf": v["valid_from"],
                    "vt": v["valid_to"],
                    "note": v["note"],
                }
                for k, v in changed_rels.items()
                if k not in new_rels
            ]
            if changed:
                s.execute(
                    text(
                        "UPDATE relationship SET status = :status, confidence = :confidence, "
                        "valid_from = :vf, valid_to = :vt, note = :note WHERE id = :rid"
                    ),
                    changed,
                )
            # ---- evidence
            have: set[tuple[int, int, int, int]] = set()
            touched = sorted({rel_ids[e["relationship"]] for e in evidence} - set(new_rels))
            for chunk in _chunked(touched, _SCAN_ABOVE):
                stored_excerpts: Iterable[tuple[int, int, int, int]] = s.execute(
                    select(E.c.relationship_id, E.c.article_id, E.c.start, E.c.end).where(
                        E.c.relationship_id.in_(chunk)
                    )
                )
                # plain tuples: a Row would go into the set as itself
                have.update((rel, art, start, end) for rel, art, start, end in stored_excerpts)
            ev_rows = []
            for j, e in enumerate(evidence):
                body = texts[e["article"]]
                start, end = e["start"], e["end"]
                if not 0 <= start < end <= len(body):
                    raise InvalidInputError(
                        f"evidence[{j}]: excerpt {start}-{end} lies outside its article (0-{len(body)})"
                    )
                ev_key = (rel_ids[e["relationship"]], article_ids[e["article"]], start, end)
                if ev_key in have:
                    continue
                have.add(ev_key)
                origin = e.get("origin") or "person"
                if origin not in ORIGINS:
                    raise InvalidInputError(f"evidence[{j}]: unknown evidence origin {origin!r}")
                ev_rows.append(
                    {
                        "relationship_id": ev_key[0],
                        "article_id": ev_key[1],
                        "start": start,
                        "end": end,
                        "quote": body[start:end],
                        "origin": origin,
                        "created_at": e.get("created_at") or now,
                    }
                )
            if ev_rows:
                s.execute(insert(E), ev_rows)
        change = Change(
            actors=frozenset(created_actors) | frozenset(updates) | frozenset(positions),
            articles=frozenset(r["id"] for r in article_rows),
            relationships=frozenset(new_rels) | frozenset(changed_rels),
            evidence=frozenset(),
        )
        return MergeResult(
            change=change,
            actor_ids=tuple(actor_ids),
            created_actors=frozenset(created_actors),
            relationship_ids=tuple(rel_ids),
            new_relationships=len(new_rels),
            new_articles=len(article_rows),
            new_evidence=len(ev_rows),
        )

    def _next_versions(self, s: Session, table: Table, rows: Sequence[Mapping]) -> list[dict]:
        """``rows`` (copies from a snapshot) as the next version of what is stored under their ids, or,
        for rows that are gone, of the version they had: a version number is never reused."""
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        stored = dict(s.execute(select(table.c.id, table.c.version).where(table.c.id.in_(ids))).all())
        return [_bumped(r, max(stored.get(r["id"], 0), r.get("version", 1)) + 1, self.user) for r in rows]

    def _advance_ids(self, s: Session, tables: Iterable[Table]) -> None:
        """After rows were inserted with ids of our choosing, make a team workspace's id sequences
        continue after them (SQLite's INTEGER PRIMARY KEY always does)."""
        if self.dialect != "postgresql":
            return
        for table in tables:
            s.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"(SELECT coalesce(max(id), 0) + 1 FROM {table.name}), false)"
                )
            )

    # ------------------------------------------------------------------ summary, undo support
    def export_rows(self) -> dict[str, list[dict]]:
        """Every row of every table, as dicts (for lossless export)."""
        with self._read() as s:
            return {
                name: [dict(r) for r in s.execute(select(table).order_by(table.c.id)).mappings()]
                for name, table in (
                    ("actor_kind", K),
                    ("actor", A),
                    ("alias", AL),
                    ("relation_type", T),
                    ("article", AR),
                    ("relationship", R),
                    ("evidence", E),
                    ("actor_mention", AM),
                    ("merge_proposal", MP),
                )
            }

    def is_empty(self) -> bool:
        """Nothing stored yet: no actor, article or relationship, and only the built-in types and kinds."""
        with self._read() as s:
            return not any(s.execute(select(table.c.id).limit(1)).first() for table in (A, AR, R)) and not any(
                s.execute(select(table.c.id).where(table.c.builtin.is_(False)).limit(1)).first() for table in (T, K)
            )

    def load_rows(self, rows: Mapping[str, Sequence[Mapping]]) -> Change:
        """Make this empty workspace an exact copy of another's ``export_rows()``: the same rows with
        the same ids, versions and authors (copying a file into a team workspace, or back). The
        change log records the copy as this session's inserts. One transaction; refused unless
        :meth:`is_empty`."""
        tables = (
            ("relation_type", T),
            ("actor_kind", K),
            ("actor", A),
            ("alias", AL),
            ("article", AR),
            ("relationship", R),
            ("evidence", E),
            ("actor_mention", AM),
            ("merge_proposal", MP),
        )
        with self._write() as s:
            if not self.is_empty():
                raise InvalidInputError(f"{self.location} is not empty: it can only be merged into")
            if self.dialect == "postgresql":
                s.execute(
                    text(
                        "LOCK TABLE relation_type, actor_kind, actor, alias, article, relationship, evidence, "
                        "actor_mention, merge_proposal IN SHARE ROW EXCLUSIVE MODE"
                    )
                )
            s.execute(delete(T))  # the built-in types and kinds come with the copy, under the same ids
            s.execute(delete(K))
            for name, table in tables:
                batch = [dict(r) for r in rows.get(name, ())]
                for start in range(0, len(batch), 5000):
                    s.execute(insert(table), batch[start : start + 5000])
            self._advance_ids(s, (t for _, t in tables))
        return Change(
            actors=frozenset(r["id"] for r in rows.get("actor", ())),
            relationships=frozenset(r["id"] for r in rows.get("relationship", ())),
            articles=frozenset(r["id"] for r in rows.get("article", ())),
        )

    def counts(self) -> dict[str, int]:
        with self._read() as s:
            return {
                name: s.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in (("actors", A), ("relationships", R), ("evidence", E), ("articles", AR))
            }

    def snapshot(
        self, *, actor_ids: Iterable[int] = (), relationship_ids: Iterable[int] = (), evidence_ids: Iterable[int] = ()
    ) -> Snapshot:
        """Copy the rows an edit may change: the actors with their aliases, every relationship
        touching them (plus those named), and all evidence on those relationships."""
        actor_ids = set(actor_ids)
        relationship_ids = set(relationship_ids)
        with self._read() as s:
            if actor_ids:
                relationship_ids |= set(
                    s.execute(
                        select(R.c.id).where(or_(R.c.source_id.in_(actor_ids), R.c.target_id.in_(actor_ids)))
                    ).scalars()
                )
            actors = [dict(r) for r in s.execute(select(A).where(A.c.id.in_(actor_ids))).mappings()]
            aliases = [dict(r) for r in s.execute(select(AL).where(AL.c.actor_id.in_(actor_ids))).mappings()]
            rels = [dict(r) for r in s.execute(select(R).where(R.c.id.in_(relationship_ids))).mappings()]
            evs = [
                dict(r)
                for r in s.execute(
                    select(E).where(or_(E.c.relationship_id.in_(relationship_ids), E.c.id.in_(set(evidence_ids))))
                ).mappings()
            ]
            mentions = [dict(r) for r in s.execute(select(AM).where(AM.c.actor_id.in_(actor_ids))).mappings()]
            merges = [
                dict(r)
                for r in s.execute(
                    select(MP).where(or_(MP.c.actor_id.in_(actor_ids), MP.c.other_id.in_(actor_ids)))
                ).mappings()
            ]
        return Snapshot(
            actors=tuple(actors),
            aliases=tuple(aliases),
            relationships=tuple(rels),
            evidence=tuple(evs),
            extra={
                "actor_ids": sorted(actor_ids),
                "relationship_ids": sorted(relationship_ids),
                "evidence_ids": sorted({e["id"] for e in evs} | set(evidence_ids)),
            },
            mentions=tuple(mentions),
            merge_proposals=tuple(merges),
        )

    def restore(
        self, snapshot: Snapshot, *, remove_actor_ids: Iterable[int] = (), remove_relationship_ids: Iterable[int] = ()
    ) -> Change:
        """Put the rows of ``snapshot`` back exactly (same ids), replacing what is there now.

        ``remove_*`` name rows created after the snapshot that must go (e.g. undoing a create).
        """
        actor_ids = set(snapshot.extra.get("actor_ids", ())) | set(remove_actor_ids)
        rel_ids = set(snapshot.extra.get("relationship_ids", ())) | set(remove_relationship_ids)
        ev_ids = set(snapshot.extra.get("evidence_ids", ()))
        with self._write() as s:
            # relationships now touching these actors may include ones made since: they go too
            rel_ids |= set(
                s.execute(
                    select(R.c.id).where(or_(R.c.source_id.in_(actor_ids), R.c.target_id.in_(actor_ids)))
                ).scalars()
            )
            # mentions an import added since (not in the snapshot) survive the actors' re-creation
            kept_ids = {m["id"] for m in snapshot.mentions}
            later = [
                dict(r)
                for r in s.execute(select(AM).where(AM.c.actor_id.in_(actor_ids))).mappings()
                if r["id"] not in kept_ids
            ]
            # rows put back are new versions of themselves: never an older version number again
            actors = self._next_versions(s, A, snapshot.actors)
            aliases = self._next_versions(s, AL, snapshot.aliases)
            relationships = self._next_versions(s, R, snapshot.relationships)
            evidence = self._next_versions(s, E, snapshot.evidence)
            s.execute(delete(E).where(E.c.id.in_(ev_ids)))
            s.execute(delete(R).where(R.c.id.in_(rel_ids)))
            s.execute(
                delete(MP).where(
                    or_(
                        MP.c.id.in_([m["id"] for m in snapshot.merge_proposals]),
                        MP.c.actor_id.in_(actor_ids),
                        MP.c.other_id.in_(actor_ids),
                    )
                )
            )
            s.execute(delete(AM).where(AM.c.id.in_(kept_ids)))
            s.execute(delete(A).where(A.c.id.in_(actor_ids)))
            if actors:
                s.execute(insert(A), actors)
            if aliases:
                keys = [a["key"] for a in aliases]
                s.execute(delete(AL).where(AL.c.key.in_(keys)))
                s.execute(insert(AL), aliases)
            if relationships:
                s.execute(insert(R), relationships)
            if evidence:
                s.execute(insert(E), evidence)
            alive = {a["id"] for a in snapshot.actors}
            mentions = list(snapshot.mentions) + [m for m in later if m["actor_id"] in alive]
            if mentions:
                s.execute(insert(AM), mentions)
            merges = list(snapshot.merge_proposals)
            if merges:
                ends = {i for m in merges for i in (m["actor_id"], m["other_id"])}
                exists: set[int] = set(s.execute(select(A.c.id).where(A.c.id.in_(ends))).scalars())
                merges = [m for m in merges if m["actor_id"] in exists and m["other_id"] in exists]
                if merges:
                    s.execute(insert(MP), merges)
        return Change(
            actors=frozenset(actor_ids),
            relationships=frozenset(rel_ids),
            evidence=frozenset(ev_ids),
            merge_proposals=frozenset(m["id"] for m in snapshot.merge_proposals),
        )


# Past this many keys a merge reads the whole table instead of sending them in an IN list
# (compiling an IN list of tens of thousands costs more than reading the table).
_SCAN_ABOVE = 2000


def _chunked(items: Sequence, size: int) -> Iterator[Sequence]:
    """``items`` in slices of ``size``: SQLite takes at most 32,766 parameters in a statement."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _change_record(row) -> ChangeRecord:  # noqa: ANN001
    return ChangeRecord(
        id=row["id"],
        at=row["at"],
        who=row["who"],
        action=row["action"],
        table=row["table_name"],
        row_id=row["row_id"],
        version=row["version"],
        label=row["label"],
        session=row["session"],
    )


def _type_record(row) -> RelationTypeRecord:  # noqa: ANN001
    return RelationTypeRecord(
        id=row["id"],
        key=row["key"],
        label=row["label"],
        inverse_label=row["inverse_label"],
        directed=bool(row["directed"]),
        color=row["color"],
        builtin=bool(row["builtin"]),
        **_tracking(row),
    )


def _bumped(row: Mapping, version: int, user: str) -> dict:
    return {**row, "version": version, "updated_by": user, "updated_at": _now()}


def _as_date(value) -> date | None:  # noqa: ANN001
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _sqlite_graph_rows(cur) -> tuple[list[tuple], list[tuple]]:  # noqa: ANN001 - a sqlite3 cursor
    """Repository.graph_rows on SQLite, through the driver's own cursor: its rows are tuples
    already (SQLAlchemy's Row objects and the join of every excerpt and article cost 100,000
    relationships most of a second)."""
    try:
        # an actor the investigator rejected is off the map, and so are its (rejected) links
        actors = cur.execute(
            "SELECT id, name, kind, x, y, pinned FROM actor WHERE status <> 'rejected' ORDER BY id"
        ).fetchall()
        rels = cur.execute(
            "SELECT r.id, t.key, r.source_id, r.target_id, r.status, r.confidence "
            "FROM relationship r JOIN relation_type t ON t.id = r.type_id "
            "ORDER BY r.id"
        ).fetchall()
        rejected = {row[0] for row in cur.execute("SELECT id FROM actor WHERE status = 'rejected'")}
        if rejected:  # a few at most: cheaper here than a sub-select per relationship
            rels = [r for r in rels if r[2] not in rejected and r[3] not in rejected]
        # each relationship's excerpts and the first and last date they were published,
        # counted here while walking both lists in id order: a third of what SQLite's GROUP BY
        # over a join of excerpts and articles costs
        published = dict(cur.execute("SELECT id, published FROM article"))
        excerpts = cur.execute("SELECT relationship_id, article_id FROM evidence ORDER BY relationship_id")
        out = []
        excerpt = next(excerpts, None)
        for rel in rels:
            rel_id = rel[0]
            while excerpt is not None and excerpt[0] < rel_id:  # a rejected actor's link
                excerpt = next(excerpts, None)
            count, first, last = 0, None, None
            while excerpt is not None and excerpt[0] == rel_id:
                count += 1
                day = published.get(excerpt[1])
                if day is not None:
                    if first is None or day < first:
                        first = day
                    if last is None or day > last:
                        last = day
                excerpt = next(excerpts, None)
            out.append((*rel, count, first, last))
    finally:
        cur.close()
    return actors, out
