"""Run one panel on its own on the seed workspace: ``python -m desktop.ui.<panel>`` (STYLE habit 9)."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from desktop.model import Repository
from desktop.seed import open_user_workspace
from desktop.ui.theme import apply_theme


def run_preview(make: Callable[[Repository], QWidget], *, workspace: Path | None = None) -> int:
    """Open ``make(repo)`` on a fresh seeded workspace in a temporary folder; run until closed."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    if not isinstance(app, QApplication):
        raise RuntimeError("a panel preview needs widgets, and a console QCoreApplication is running")
    apply_theme(app)
    with tempfile.TemporaryDirectory(prefix="relmap-preview-") as tmp:
        repo = open_user_workspace(workspace or Path(tmp) / "preview.relmap")
        try:
            widget = make(repo)
            widget.resize(max(widget.sizeHint().width(), 480), max(widget.sizeHint().height(), 560))
            widget.show()
            return app.exec()
        finally:
            repo.close()
