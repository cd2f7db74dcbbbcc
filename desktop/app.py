"""Composition root: builds the QApplication, opens the workspace, shows the main window."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop import __version__
from desktop.model.errors import RelmapError
from desktop.seed import open_user_workspace
from desktop.ui.main_window import MainWindow


def run(*, workspace: Path, seed: bool = True) -> int:
    """Open the GUI on ``workspace`` and run until the window closes."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Relmap")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Relmap")
    try:
        repo = open_user_workspace(workspace, seed=seed)
    except RelmapError as exc:
        QMessageBox.critical(None, "Relmap cannot open the workspace", str(exc))
        print(f"relmap: {exc}", file=sys.stderr)
        return 1
    window = MainWindow(repo)
    window.show()
    _startup_probe(app, window)
    try:
        return app.exec()
    finally:
        repo.close()


def _startup_probe(app: QApplication, window: QWidget) -> None:
    """With RELMAP_STARTUP_PROBE set, print the seconds from process start to the window's first
    paint and quit: packaging/smoke_test.py measures the packaged binary's start-up with it."""
    if not os.environ.get("RELMAP_STARTUP_PROBE"):
        return
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and isinstance(obj, QWidget) and obj.window() is window:
                app.removeEventFilter(self)
                # Report once the whole window has painted and been flushed, then leave.
                QTimer.singleShot(0, report)
            return False

    def report() -> None:
        print(f"relmap-startup-probe: painted at {time.time():.3f}, "
              f"{time.time() - _process_start():.3f} s after process start", flush=True)
        app.quit()

    app._relmap_probe = FirstPaint(app)  # kept alive with the app
    app.installEventFilter(app._relmap_probe)


def _process_start() -> float:
    """Wall-clock time the process started (Linux /proc; else when this module was imported)."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return time.time() - uptime + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return _IMPORTED


_IMPORTED = time.time()
