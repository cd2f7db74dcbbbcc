"""Composition root: builds the QApplication, opens the workspace, shows the main window.

Also home of ``relmap self-test``: the packaged binary's smoke test opens the real window
(offscreen works), clicks every relationship and checks the Evidence dock shows its excerpts.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

# What the window needs that does not need Qt is imported before PySide6. Once PySide6.QtCore is
# loaded, its import hook reads the source of every module imported after it (looking for
# `from __feature__ import ...`), which made numpy and networkx two to three times slower to
# import and cost the window a fifth of its start-up (issue 12).
import numpy.ma  # noqa: F401 - numpy's median loads it on first use, and the map takes medians
import sqlalchemy.dialects.sqlite  # noqa: F401 - the engine loads it when it first connects

import desktop.graph.layout  # noqa: F401
import desktop.graph.session  # noqa: F401
from desktop import __version__, probe
from desktop.model import location_available, workspace_location
from desktop.model.errors import RelmapError
from desktop.seed import open_user_workspace

# isort: split
# (the order above is the point: PySide6 comes after everything that does without it)
from PySide6.QtCore import QtMsgType, qFormatLogMessage, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.ui.main_window import MainWindow
from desktop.ui.theme import apply_theme

# The offscreen platform plugin says this of every top-level window; it is not a problem.
_HARMLESS = ("This plugin does not support propagateSizeHints()",)


def _qt_message(mode: QtMsgType, context, message: str) -> None:  # noqa: ANN001
    """Qt's messages go to stderr as usual (formatted by QT_MESSAGE_PATTERN, which the packaged
    binary's smoke test uses to tag them), except the one the offscreen plugin always prints."""
    if any(h in message for h in _HARMLESS):
        return
    sys.stderr.write(qFormatLogMessage(mode, context, message) + "\n")


def _application() -> QApplication:
    qInstallMessageHandler(_qt_message)
    existing = QApplication.instance()  # typed as the core application it may be
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
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
        window.sigOpenWorkspace.connect(
            lambda path, create, w=window: self.open_path(workspace_location(path), create, w)
        )
        window.destroyed.connect(lambda *_: None)
        self.open.append(window)
        window.show()
        return window

    def open_path(self, path: Path | str, create: bool, current: MainWindow) -> None:
        if not create and not location_available(path):
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
        # its own signals hold it (connections to lambdas that name it): only deleting frees
        # the replaced window, its map and its caches
        current.deleteLater()
        old_repo.close()


def run(*, workspace: Path | str, seed: bool = True) -> int:
    """Open the GUI on ``workspace`` and run until the window closes."""
    imported_cpu = time.process_time()  # for the start-up probe: what the imports cost
    app = _application()
    try:
        repo = open_user_workspace(workspace, seed=seed)
    except RelmapError as exc:
        QMessageBox.critical(None, "Relmap cannot open the workspace", str(exc))
        print(f"relmap: {exc}", file=sys.stderr)
        return 1
    if repo.created and isinstance(workspace, str):  # a team workspace (the command line announces files)
        print(f"relmap: created workspace {repo.location}{' with the demo map' if seed else ''}", file=sys.stderr)
    windows = _Windows()
    window = windows.show(repo)
    if probe.wanted():
        probe.watch_first_paint(app, window, ready_cpu=imported_cpu)
    try:
        return app.exec()
    finally:
        for w in windows.open:
            w.repo.close()


def _normal(text: str) -> str:
    return " ".join(text.split())


def text_services_problems() -> list[str]:
    """What is wrong with Qt's ICU-backed text services (empty if nothing): sorting by a
    language's rules, as the file dialogs do, and decoding legacy encodings. The packaged app
    ships a trimmed ICU data library; this is how a build proves it kept what Qt uses."""
    from PySide6.QtCore import QCollator, QLocale, QStringDecoder

    problems = []
    swedish = QCollator(QLocale("sv_SE"))
    german = QCollator(QLocale("de_DE"))
    # Swedish sorts ö after z, German with o: only real collation data gets both right.
    if not (swedish.compare("öl", "zebra") > 0 and german.compare("öl", "zebra") < 0):
        problems.append("sorting by language (ICU collation data)")
    for encoding in ("windows-1251", "KOI8-R", "Shift_JIS", "GB18030", "Big5"):
        if not QStringDecoder(encoding).isValid():
            problems.append(f"decoding {encoding} (ICU converters)")
    return problems


def self_test(*, workspace: Path | str, screenshot: Path | None = None, seed: bool = True) -> int:
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
        # a self-test looks: an empty team database stays empty (a file is made, as on a first run)
        repo = open_user_workspace(workspace, seed=seed, create=not isinstance(workspace, str))
    except RelmapError as exc:
        print(f"relmap: {exc}", file=sys.stderr)
        return 1
    window = MainWindow(repo)
    try:
        window.resize(1400, 900)
        window.show()
        QTest.qWaitForWindowExposed(window, 5000)
        check(window.wait_for_layout(30.0), "the layout settled")
        problems = text_services_problems()
        check(not problems, f"Qt's text services work (language sorting, legacy encodings) {problems or ''}")
        window.filter_panel.reset()
        for status in ("confirmed", "proposed", "rejected"):
            window.filter_panel.set_status_checked(status, True)
        window.filter_panel.flush()
        window.fit_view()
        app.processEvents()
        rels = repo.list_relationships()
        check(int(window.view.visible_edges.sum()) == len(rels), f"all {len(rels)} relationships are drawn")
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
            check(
                not missing,
                f"{what}: the Evidence dock shows its {len(rel.evidence)} excerpt"
                f"{'s' if len(rel.evidence) != 1 else ''}",
            )
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
    print(
        f"self-test {'passed' if not failures else 'FAILED'}: {len(failures)} problem"
        f"{'s' if len(failures) != 1 else ''}",
        flush=True,
    )
    return 0 if not failures else 1
