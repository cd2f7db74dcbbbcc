"""Composition root: builds the QApplication, opens the workspace, shows the main window.

Also home of ``relmap self-test``: the packaged binary's smoke test opens the real window
(offscreen works), clicks every relationship and checks the Evidence dock shows its excerpts.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import __version__
from desktop.model.errors import RelmapError
from desktop.seed import open_user_workspace
from desktop.ui.main_window import MainWindow
from desktop.ui.theme import apply_theme

# The offscreen platform plugin says this of every top-level window; it is not a problem.
_HARMLESS = ("This plugin does not support propagateSizeHints()",)


def _qt_message(_mode: QtMsgType, _context, message: str) -> None:  # noqa: ANN001
    """Qt's messages go to stderr as usual, except the one the offscreen plugin always prints."""
    if any(h in message for h in _HARMLESS):
        return
    sys.stderr.write(f"{message}\n")


def _application() -> QApplication:
    qInstallMessageHandler(_qt_message)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Relmap")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Relmap")
    apply_theme(app)
    return app


class _Windows:
    """Keeps open windows alive and swaps in a new one when the user opens another workspace."""

    def __init__(self) -> None:
        self.open: list[MainWindow] = []

    def show(self, repo, *, near: MainWindow | None = None) -> MainWindow:  # noqa: ANN001
        window = MainWindow(repo)
        window.sigOpenWorkspace.connect(lambda path, create, w=window: self.open_path(Path(path), create, w))
        window.destroyed.connect(lambda *_: None)
        self.open.append(window)
        window.show()
        return window

    def open_path(self, path: Path, create: bool, current: MainWindow) -> None:
        if not create and not path.exists():
            QMessageBox.warning(current, "Relmap", f"{path} no longer exists.")
            return
        try:
            repo = open_user_workspace(path, seed=False)
        except RelmapError as exc:
            QMessageBox.critical(current, "Relmap cannot open the workspace", str(exc))
            return
        self.show(repo)
        old_repo = current.repo
        current.close()
        self.open.remove(current)
        old_repo.close()


def run(*, workspace: Path, seed: bool = True) -> int:
    """Open the GUI on ``workspace`` and run until the window closes."""
    app = _application()
    try:
        repo = open_user_workspace(workspace, seed=seed)
    except RelmapError as exc:
        QMessageBox.critical(None, "Relmap cannot open the workspace", str(exc))
        print(f"relmap: {exc}", file=sys.stderr)
        return 1
    windows = _Windows()
    windows.show(repo)
    try:
        return app.exec()
    finally:
        for w in windows.open:
            w.repo.close()


def _normal(text: str) -> str:
    return " ".join(text.split())


def self_test(*, workspace: Path, screenshot: Path | None = None, seed: bool = True) -> int:
    """Open the main window, click every relationship, check its evidence shows; 0 if all held."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    app = _application()
    failures: list[str] = []

    def check(ok: bool, what: str) -> bool:
        print(f"{'ok  ' if ok else 'FAIL'} {what}", flush=True)
        if not ok:
            failures.append(what)
        return ok

    try:
        repo = open_user_workspace(workspace, seed=seed)
    except RelmapError as exc:
        print(f"relmap: {exc}", file=sys.stderr)
        return 1
    window = MainWindow(repo)
    try:
        window.resize(1400, 900)
        window.show()
        QTest.qWaitForWindowExposed(window, 5000)
        check(window.wait_for_layout(30.0), "the layout settled")
        window.filter_panel.reset()
        for status in ("confirmed", "proposed", "rejected"):
            window.filter_panel.set_status_checked(status, True)
        window.filter_panel.flush()
        window.fit_view()
        app.processEvents()
        rels = repo.list_relationships()
        check(int(window.view.visible_edges.sum()) == len(rels),
              f"all {len(rels)} relationships are drawn")
        for rel in rels:
            arrow = "->" if rel.directed else "--"
            what = f"{rel.type}: {rel.source} {arrow} {rel.target}"
            point = window.view.relationship_click_point(rel.id)
            if point is None:
                check(False, f"{what}: no clickable point on its line")
                continue
            QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
            app.processEvents()
            if not check(window.selected_relationship == rel.id, f"{what}: a click on its line selects it"):
                continue
            shown = _normal(window.evidence_panel.plain_text())
            missing = [ev for ev in rel.evidence if _normal(ev.text) not in shown]
            check(not missing, f"{what}: the Evidence dock shows its {len(rel.evidence)} excerpt"
                               f"{'s' if len(rel.evidence) != 1 else ''}")
        if rels:
            window.select_relationship(rels[0].id)
            app.processEvents()
        if screenshot is not None:
            app.processEvents()
            saved = window.grab().save(str(screenshot))
            check(saved, f"screenshot saved to {screenshot}")
    finally:
        window.close()
        repo.close()
    print(f"self-test {'passed' if not failures else 'FAILED'}: {len(failures)} problem"
          f"{'s' if len(failures) != 1 else ''}", flush=True)
    return 0 if not failures else 1
