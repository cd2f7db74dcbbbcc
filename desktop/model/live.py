"""Live changes: what others commit to a workspace, as it happens, without Qt.

    feed = ChangeFeed(repo)                 # starts after the newest change in the log
    records = feed.wait(timeout=1.0)        # others' change-log rows committed since ([] on timeout)
    change = repo.change_of(records)        # the same Change an edit returns: what to redraw
    feed.close()

The change log (schema 4) is the truth; the wake-up differs by engine. A team workspace sends a
NOTIFY on channel ``relmap_changes`` when a transaction that logged changes commits; the feed
LISTENs on a connection of its own and reads the log when woken. NOTIFY keeps nothing for a
listener that is away, so every wait first reads the log from where the feed left off, and a
lost connection is replaced (and the log read) on the next wait. On a workspace file the feed
polls ``PRAGMA data_version`` on a connection of its own (it changes when any other connection
commits) and then reads the log. Log ids follow commit order: writers take turns (see
Repository._stamp), so nothing committed later can carry a smaller id.

``others_only`` leaves out what this very Repository wrote (its ``session``): a window has
already drawn its own edits.
"""

from __future__ import annotations

import select
import sqlite3
import time
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.pool import PoolProxiedConnection

from desktop.model.records import ChangeRecord
from desktop.model.repository import Repository

CHANNEL = "relmap_changes"


class ChangeFeed:
    """Changes others commit to ``repo``'s workspace, read from the change log as they land."""

    def __init__(
        self, repo: Repository, *, after_id: int | None = None, others_only: bool = True, poll_interval: float = 0.1
    ) -> None:
        self.repo = repo
        self.others_only = others_only
        self.poll_interval = poll_interval
        self.last_id = repo.last_change_id() if after_id is None else after_id
        self.reconnects = 0
        self._listener: PoolProxiedConnection | None = None  # PostgreSQL: a pooled connection LISTENing on CHANNEL
        self._sqlite: sqlite3.Connection | None = None
        self._data_version: int | None = None
        self._unread = True  # read the log once at the start: changes may predate the connection
        self._connect()

    # ------------------------------------------------------------------ public
    def wait(self, timeout: float) -> list[ChangeRecord]:
        """Block up to ``timeout`` seconds for changes; return those committed since the last call."""
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            found = self.poll()
            if found:
                return found
            left = deadline - time.monotonic()
            if left <= 0:
                return []
            self._sleep(left)

    def poll(self) -> list[ChangeRecord]:
        """Changes committed since the last call, without waiting (catching up after a lost connection)."""
        if self._listener is None and self._sqlite is None:
            self._connect()
        self._drain()
        if self._sqlite is not None and not self._version_moved(self._sqlite) and not self._unread:
            return []  # nobody committed since the last look: no need to read the log
        self._unread = False
        records = self.repo.changes_since(self.last_id)
        if records:
            self.last_id = records[-1].id
        if self.others_only:
            records = [r for r in records if r.session != self.repo.session]
        return records

    def fileno(self) -> int | None:
        """A socket that becomes readable when a team workspace has news (for an event loop to watch),
        or None for a file (poll it instead)."""
        if self._listener is None:
            return None
        return _driver(self._listener).pgconn.socket

    def close(self) -> None:
        if self._listener is not None:
            try:
                _driver(self._listener).execute(f"UNLISTEN {CHANNEL}")
            except Exception:  # noqa: BLE001 - a dead connection is closed all the same
                self._listener.invalidate()
            self._listener.close()
            self._listener = None
        if self._sqlite is not None:
            self._sqlite.close()
            self._sqlite = None

    # ------------------------------------------------------------------ engines
    def _connect(self) -> None:
        if self.repo.dialect == "postgresql":
            engine = self.repo.engine
            if not isinstance(engine, Engine):  # a connection's own would be the repository's, not a listener
                raise TypeError("a change feed listens through an engine, not a connection")
            try:
                raw = engine.raw_connection()
                _driver(raw).autocommit = True
                _driver(raw).execute(f"LISTEN {CHANNEL}")
                self._listener = raw
            except Exception:  # noqa: BLE001 - the server is away: retry on the next wait
                self._listener = None
        else:
            if self.repo.path is None:
                raise TypeError(f"{self.repo.location}: a workspace of this kind has no file to watch")
            uri = f"{self.repo.path.resolve().as_uri()}?mode=ro"
            self._sqlite = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._data_version = self._sqlite.execute("PRAGMA data_version").fetchone()[0]

    def _version_moved(self, sqlite: sqlite3.Connection) -> bool:
        """True once per commit by any other connection to the file (PRAGMA data_version)."""
        version = sqlite.execute("PRAGMA data_version").fetchone()[0]
        moved = version != self._data_version
        self._data_version = version
        return moved

    def _lost(self) -> None:
        if self._listener is not None:
            try:
                self._listener.invalidate()
            finally:
                self._listener = None
        self.reconnects += 1

    def _drain(self) -> None:
        """Take pending notifications off the connection (their content is in the log)."""
        if self._listener is None:
            return
        try:
            for _ in _driver(self._listener).notifies(timeout=0, stop_after=1000):
                pass
        except Exception:  # noqa: BLE001 - psycopg.OperationalError and the like: connection gone
            self._lost()

    def _sleep(self, seconds: float) -> None:
        """Wait for a wake-up: a notification (team workspace) or a new data_version (file)."""
        if self._listener is not None:
            try:
                select.select([self.fileno()], [], [], seconds)  # readable: poll() takes the news
            except Exception:  # noqa: BLE001 - connection gone: the next poll reconnects and catches up
                self._lost()
                time.sleep(min(seconds, 0.5))
            return
        sqlite = self._sqlite
        if sqlite is None:  # a team workspace whose server is away: try again shortly
            time.sleep(min(seconds, 0.5))
            return
        end = time.monotonic() + seconds
        while True:
            if self._version_moved(sqlite):
                self._unread = True
                return
            left = end - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(left, self.poll_interval))


def _driver(raw: PoolProxiedConnection) -> Any:  # psycopg's Connection (psycopg is only there for team workspaces)
    """The driver's connection under a pooled one; the pool takes it away only from one it invalidated."""
    driver = raw.driver_connection
    if driver is None:
        raise ConnectionError("the listening connection was invalidated")
    return driver
