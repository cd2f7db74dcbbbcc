"""Every action of the menu bar and the toolbar, triggered as a user would (QAction.trigger()),
with Qt's file and message dialogs answered here and any other modal dialog closed by a timer:
no exception and no Qt warning (pytest-qt fails the test on either). File > Import… once did
nothing because nobody triggered it in a test (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMenu, QMessageBox

from desktop.ui.main_window import MainWindow
from tests.helpers import seeded_workspace


@pytest.fixture
def answered(monkeypatch, tmp_path):
    """Qt's static file and message dialogs answer at once; what they were asked is recorded."""
    asked: list[str] = []
    new_path = str(tmp_path / "other.relmap")

    def record(name: str, answer):  # noqa: ANN001, ANN202
        def dialog(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
            asked.append(name)
            return answer

        return staticmethod(dialog)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", record("save", (new_path, "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", record("open", (new_path, "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", record("open files", ([], "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", record("folder", ""))
    monkeypatch.setattr(QMessageBox, "about", record("about", None))
    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.StandardButton.Cancel))
    monkeypatch.setattr(QMessageBox, "warning", record("warning", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "critical", record("critical", QMessageBox.StandardButton.Ok))
    return asked


@pytest.fixture
def window(qtbot, tmp_path, answered):
    repo = seeded_workspace(tmp_path)
    win = MainWindow(repo)
    qtbot.addWidget(win)
    win.resize(1300, 850)
    win.show()
    qtbot.waitExposed(win)
    assert win.wait_for_layout(20.0)
    yield win
    win.close()
    repo.close()


class _CloseModals:
    """Rejects any modal dialog that opens (an edit's dialog run with exec()), a little later."""

    def __init__(self) -> None:
        self.closed: list[str] = []
        self.timer = QTimer(interval=30)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QDialog):
            self.closed.append(type(modal).__name__)
            modal.reject()

    def __enter__(self) -> _CloseModals:
        self.timer.start()
        return self

    def __exit__(self, *_exc) -> None:  # noqa: ANN002
        self.timer.stop()


def _actions(menu: QMenu) -> list[QAction]:
    """The menu's actions, those of its submenus (filled as when they are about to show) after."""
    found = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        sub = action.menu()
        if sub is not None:
            sub.aboutToShow.emit()
            found += _actions(sub)
        else:
            found.append(action)
    return found


def _close_other_windows(window: MainWindow) -> None:
    """Dialogs the actions opened without blocking (import, export) are closed again."""
    for dialog in (window._import_dialog, window._export_dialog):
        if dialog is not None:
            try:
                dialog.close()
            except RuntimeError:  # it deleted itself already
                pass
    QApplication.processEvents()


def _trigger_all(window: MainWindow, actions: list[QAction], qtbot, closed: list[str]) -> list[str]:  # noqa: ANN001
    done = []
    with _CloseModals() as modals:
        for action in actions:
            if action is window.act_quit:
                continue
            was_checked = action.isChecked()
            action.trigger()
            qtbot.wait(60)  # a modal dialog's exec() returns once the timer has closed it
            QApplication.processEvents()
            _close_other_windows(window)
            if action.isCheckable() and action.isEnabled() and action.isChecked() != was_checked:
                action.trigger()  # put a toggle (a dock, the names, the legend) back
                QApplication.processEvents()
            done.append(action.text())
    closed += modals.closed
    return done


def test_every_menu_and_toolbar_action_runs(window, qtbot, answered):
    opened: list[tuple[str, bool]] = []
    window.sigOpenWorkspace.connect(lambda path, create: opened.append((Path(path).name, create)))
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    assert [m.title().replace("&", "") for m in menus] == ["File", "Edit", "View", "Help"]
    actions = [a for m in menus for a in _actions(m)]
    actions += [
        a
        for a in window.toolbar.actions()
        if not a.isSeparator() and a not in actions and window.toolbar.widgetForAction(a) is not None and a.text()
    ]
    repo = window.repo
    # with nothing selected, then with an actor, then with a relationship: the edit entries of
    # the selection are enabled in turn
    closed: list[str] = []
    triggered = _trigger_all(window, actions, qtbot, closed)
    window.select_actor(repo.find_actor("Putin").id)
    triggered += _trigger_all(window, actions, qtbot, closed)
    rel = repo.list_relationships()[0]
    window.select_relationship(rel.id)
    triggered += _trigger_all(window, actions, qtbot, closed)
    for name in (
        "New Workspace…",
        "Open Workspace…",
        "Import Articles…",
        "Export…",
        "Fit to View",
        "Undo",
        "About Relmap",
        "Rename Actor…",
        "Confirm Relationship",
        "Delete Relationship",
    ):
        assert any(t.replace("&", "").startswith(name) for t in triggered), name
    assert ("other.relmap", True) in opened and ("other.relmap", False) in opened  # New…, Open…
    assert {"save", "open", "about"} <= set(answered)
    # the edits' own dialogs opened and were closed unanswered; Delete Actor asked first
    assert {"ActorDialog", "MergeDialog"} <= set(closed)
    assert "question" in answered or "QMessageBox" in closed
    assert repo.find_actor("Putin") is not None  # and no answer kept the actor
    window.act_quit.trigger()
    QApplication.processEvents()
    assert not window.isVisible()
