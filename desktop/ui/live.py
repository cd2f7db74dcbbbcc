"""LiveChanges: other investigators' changes, as they are committed, as a Qt signal.

A thin shell over desktop.model.live.ChangeFeed (which knows the engines): on a team workspace
a QSocketNotifier watches the feed's LISTEN connection, so a change arrives as soon as it is
committed, with a slow timer as a safety net (a dropped connection is replaced and the log read
on its next tick); on a file a timer polls (cheap: PRAGMA data_version, the log only when it
moved). ``sigChanged`` carries the Change (what to redraw) and the change-log rows (who, what).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from desktop.model import Repository
from desktop.model.live import ChangeFeed

log = logging.getLogger(__name__)

FILE_POLL_MS = 250
TEAM_SAFETY_MS = 2000


class LiveChanges(QObject):
    """Emits ``sigChanged(change, records)`` when someone else commits to the workspace."""

    sigChanged = Signal(object, list)

    def __init__(self, repo: Repository, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.feed = ChangeFeed(repo)
        self._notifier: QSocketNotifier | None = None
        self._fd: int | None = None
        self._watch_socket()
        self.timer = QTimer(self)
        self.timer.setInterval(FILE_POLL_MS if self._fd is None and repo.dialect == "sqlite" else TEAM_SAFETY_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def _watch_socket(self) -> None:
        fd = self.feed.fileno()
        if fd == self._fd:
            return
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        self._fd = fd
        if fd is not None:
            self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(self.check)

    def check(self) -> bool:
        """Read what others committed since the last look; emit it if there is any (True)."""
        try:
            records = self.feed.poll()
        except Exception:  # noqa: BLE001 - the workspace is away for a moment: the next tick tries again
            log.debug("live changes: poll failed", exc_info=True)
            return False
        finally:
            self._watch_socket()  # a replaced connection has a new socket
        if records:
            self.sigChanged.emit(self.repo.change_of(records), records)
        return bool(records)

    def close(self) -> None:
        self.timer.stop()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        self.feed.close()
