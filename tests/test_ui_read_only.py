"""A workspace the user may not write opens read-only: the title and the status bar say so,
every edit is off with a tooltip saying why, and trying anyway (a shortcut, a drag, a dropped
file) changes nothing and crashes nothing."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from desktop.model.workspace import is_writable
from desktop.seed import open_user_workspace
from desktop.ui.main_window import MainWindow
from tests.helpers import digest


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """``path`` made read-only for this process: mode 0444, or (root writes those anyway) immutable."""
    path.chmod(0o444)
    immutable = False
    if is_writable(path):
        immutable = subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0
        if not immutable or is_writable(path):
            path.chmod(0o644)
            pytest.skip("this machine cannot make a file read-only for this process")
    try:
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=False)
        path.chmod(0o644)


def test_a_read_only_workspace_opens_with_every_edit_off_and_says_why(qtbot, tmp_path):
    ws = tmp_path / "w.relmap"
    open_user_workspace(ws).close()  # the demo map: actors, relationships, an article, proposals
    with read_only(ws):
        before = digest(ws)
        repo = open_user_workspace(ws)
        assert repo.read_only
        window = MainWindow(repo)
        qtbot.addWidget(window)
        window.resize(1300, 850)
        window.show()
        qtbot.waitExposed(window)
        window.edit.show_errors = False

        assert "read-only" in window.windowTitle()
        assert window.read_only_label.isVisible() and window.read_only_label.text() == "Read-only"
        assert "read-only" in window.read_only_label.toolTip()

        # with an actor and then a relationship selected, as they would enable the edits
        actor_id = int(window.scene.actor_ids[0])
        window.select_actor(actor_id)
        rel_id = int(window.scene.rel_ids[0])
        window.select_relationship(rel_id)
        actions = window.edit_actions()
        assert {window.act_add_actor, window.act_import, window.act_rename, window.act_confirm} <= set(actions)
        for act in actions:
            assert not act.isEnabled(), act.text()
            assert "read-only" in act.toolTip(), act.text()
        queue = window.proposals_panel
        for button in (queue.accept_button, queue.reject_button, queue.edit_button, queue.merge_button):
            assert not button.defaultAction().isEnabled() and "read-only" in button.defaultAction().toolTip()
        assert not queue.accept_all_button.isEnabled()
        articles = window.articles_panel
        articles.refresh()
        assert articles.list.count() and not articles.edit_button.isEnabled()
        assert "read-only" in articles.edit_button.toolTip()

        # trying anyway: the shortcuts do nothing, a drag and a dropped file are refused in the status bar
        with qtbot.waitActive(window):
            window.activateWindow()
        for key, mod in (
            (Qt.Key.Key_F2, Qt.KeyboardModifier.NoModifier),
            (Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
            (Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier),
        ):
            qtbot.keyClick(window, key, mod)
        assert window._import_dialog is None
        x, y = window.positions[window.scene.row_of_actor[actor_id]]
        window.owner.drop(actor_id, float(x) + 5, float(y) + 5, edits=window.edit)
        assert "read-only" in window.statusBar().currentMessage()
        story = tmp_path / "story.txt"
        story.write_text("Alma Reyes met Boris Lind in Varnholm on Monday, officials said.\n", encoding="utf-8")
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(story))])
        window.dropEvent(
            QDropEvent(
                QPointF(50, 50),
                Qt.DropAction.CopyAction,
                mime,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
            )
        )
        assert window._import_dialog is None and "Cannot import" in window.statusBar().currentMessage()
        assert not window.undo_stack.canUndo()
        window.close()
        repo.close()
        assert digest(ws) == before
        # SQLite may leave its (empty) journal files beside a read-only file in a writable folder
        journal = tmp_path / "w.relmap-wal"
        assert not journal.exists() or journal.stat().st_size == 0


def test_a_writable_workspace_keeps_its_edits_on(qtbot, tmp_path):
    repo = open_user_workspace(tmp_path / "w.relmap")
    window = MainWindow(repo)
    qtbot.addWidget(window)
    assert "read-only" not in window.windowTitle() and window.read_only_label.isHidden()
    assert window.act_add_actor.isEnabled() and window.act_import.isEnabled()
    assert "read-only" not in window.act_add_actor.toolTip()
    window.close()
    repo.close()
    assert os.access(tmp_path / "w.relmap", os.W_OK)
