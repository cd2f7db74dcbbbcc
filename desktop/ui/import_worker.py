"""Batch import off the GUI thread: one worker thread runs :func:`ingest_files` and reports back.

The worker is a plain Python thread (the extractor and SQLite do the work; Qt is only used to
carry signals back to the GUI thread, where queued connections deliver them). Each article is
stored in its own transaction, so :meth:`ImportWorker.cancel` — or closing the window — leaves
only complete articles behind.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.extract.ingest import BatchResult, FileOutcome, ingest_files
from desktop.extract.reader import ArticleFile
from desktop.model import Repository


class ImportWorker(QObject):
    """Imports articles on a worker thread; one batch at a time."""

    sigStarted = Signal(int)  # how many inputs
    sigProgress = Signal(int, int, object)  # done, total, FileOutcome
    sigFinished = Signal(object)  # BatchResult (``stopped`` if cancelled)
    sigFailed = Signal(str)  # an unexpected error; what was stored before it stays

    def __init__(self, repo: Repository, parent: QObject | None = None, *, extract_proposals: bool = True) -> None:
        super().__init__(parent)
        self.repo = repo
        self.extract_proposals = extract_proposals
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, items: Sequence[Path | str | ArticleFile]) -> bool:
        """Start importing ``items`` (files and pasted articles); False if a batch is still running."""
        if self.is_running():
            return False
        self._stop = threading.Event()
        items = list(items)
        self._thread = threading.Thread(target=self._run, args=(items, self._stop), name="relmap-import")
        self.sigStarted.emit(len(items))
        self._thread.start()
        return True

    def cancel(self) -> None:
        """Stop after the article being stored now; nothing half-stored remains."""
        self._stop.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Join the worker thread; True when it has ended."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def shutdown(self) -> None:
        """Cancel and wait: call before the repository closes or the window goes."""
        self.cancel()
        self.wait()

    def _run(self, items: list, stop: threading.Event) -> None:
        def progress(done: int, total: int, outcome: FileOutcome) -> None:
            try:
                self.sigProgress.emit(done, total, outcome)
            except RuntimeError:  # the window holding this worker is gone: stop quietly
                stop.set()

        try:
            # small parse batches: spaCy holds the GIL for a whole batch, and the GUI thread
            # needs it every few milliseconds to stay responsive
            result: BatchResult = ingest_files(
                self.repo,
                items,
                progress=progress,
                should_stop=stop.is_set,
                extract_proposals=self.extract_proposals,
                batch_size=4,
            )
        except Exception as exc:  # noqa: BLE001 - reported to the user; the thread must not die silently
            traceback.print_exc()
            self._emit(self.sigFailed, f"Import failed: {type(exc).__name__}: {exc}")
            return
        self._emit(self.sigFinished, result)

    @staticmethod
    def _emit(signal, value: object) -> None:  # noqa: ANN001
        try:
            signal.emit(value)
        except RuntimeError:
            pass  # the receiving window was destroyed; what was stored stays stored
