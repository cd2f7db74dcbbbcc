"""Start-up measurement: seconds from process start to a window's first paint.

``RELMAP_STARTUP_PROBE=1`` makes the GUI print when its main window has first painted, then
quit (:func:`watch_first_paint`, called by ``desktop.app.run``). ``RELMAP_STARTUP_PROBE=empty-window``
makes the packaged binary open an empty Qt window instead and report the same way
(:func:`empty_window`, called by ``packaging/entry.py`` before anything of Relmap is imported):
the floor of starting Python and Qt on this machine, measured the same way in the same run, so
packaging/smoke_test.py and tests/bench/bench_startup.py print the window's start-up against
it (issue 12: <= 1 s where an empty window takes 0.2 s).

Qt is imported inside the functions: ``desktop.cli`` reaches this module without Qt.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication, QObject
    from PySide6.QtWidgets import QWidget

ENV = "RELMAP_STARTUP_PROBE"
EMPTY_WINDOW = "empty-window"
#: what the probe prints (packaging/smoke_test.py and the start-up bench read it)
LINE = (
    "relmap-startup-probe: painted at {at:.3f}, {after:.3f} s after process start ({what}; "
    "CPU {cpu:.3f} s, of which {ready:.3f} s before the window was built)"
)

_IMPORTED = time.time()
#: the event filters watch_first_paint installed, kept alive here (the application holds only a pointer)
_FILTERS: list[QObject] = []


def wanted() -> str | None:
    """The probe asked for in the environment: None, "1" (the main window) or "empty-window"."""
    return os.environ.get(ENV) or None


def process_start() -> float:
    """Wall-clock time the process started (Linux /proc; else when this module was imported)."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return time.time() - uptime + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return _IMPORTED


def watch_first_paint(
    app: QCoreApplication, window: QWidget, *, what: str = "main window", ready_cpu: float | None = None
) -> None:
    """Print the seconds from process start to ``window``'s first paint, then quit ``app``;
    ``ready_cpu`` is the process's CPU time when the window started to be built (after imports)."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QWidget

    def report() -> None:
        now = time.time()
        cpu = time.process_time()
        print(
            LINE.format(
                at=now, after=now - process_start(), what=what, cpu=cpu, ready=cpu if ready_cpu is None else ready_cpu
            ),
            flush=True,
        )
        app.quit()

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and isinstance(obj, QWidget) and obj.window() is window:
                app.removeEventFilter(self)
                # Report once the whole window has painted and been flushed, then leave.
                QTimer.singleShot(0, report)
            return False

    _FILTERS.append(FirstPaint(app))
    app.installEventFilter(_FILTERS[-1])


def empty_window() -> int:
    """Open an empty window the size of Relmap's, report its first paint, quit: the baseline."""
    import sys

    from PySide6.QtWidgets import QApplication, QWidget

    imported_cpu = time.process_time()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = QWidget()
    window.resize(1400, 900)
    watch_first_paint(app, window, what="empty window", ready_cpu=imported_cpu)
    window.show()
    return app.exec()


if __name__ == "__main__":  # python -m desktop.probe: the baseline from a source tree
    raise SystemExit(empty_window())
