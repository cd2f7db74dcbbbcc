"""Composition root: builds the QApplication, opens the workspace, shows the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

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
    try:
        return app.exec()
    finally:
        repo.close()
