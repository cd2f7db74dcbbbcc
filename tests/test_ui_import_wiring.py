"""Articles reach the main window: dropped files import in the background, proposals land in
the Proposals dock, and accepting one there is an undoable edit of the window's stack."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from desktop.ui.main_window import MainWindow
from tests.helpers import seeded_workspace

STORY = (
    "Date 2023-06-01\n\nMinister resigns\n\nThe ministry said on Monday that Anna Example, the former "
    "interior minister, was arrested by the State Investigation Bureau on corruption charges. "
    "Prime Minister Boris Sample later spoke with President Carla Other about the case.\n"
)


def test_dropped_file_is_imported_and_its_proposals_are_reviewed_with_undo(qtbot, tmp_path):
    repo = seeded_workspace(tmp_path)
    window = MainWindow(repo)
    qtbot.addWidget(window)
    window.resize(1300, 850)
    window.show()
    qtbot.waitExposed(window)
    assert window.act_import.shortcut().toString() == "Ctrl+I"
    before = repo.counts()
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(story))])
    drop = QDropEvent(
        QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    window.dropEvent(drop)
    dialog = window._import_dialog
    assert dialog is not None
    qtbot.waitUntil(
        lambda: repo.counts()["articles"] > before["articles"] and not dialog.worker.is_running(), timeout=60000
    )
    QApplication.processEvents()
    after = repo.counts()
    assert after["articles"] == before["articles"] + 1
    proposed = repo.list_relationships(statuses=["proposed"])
    assert proposed, "the extractor proposed nothing for the dropped article"
    panel = window.proposals_panel
    assert panel.current_id() is not None or panel.model.rowCount() == len(proposed)
    panel._select_row(0)
    rel_id = panel.current_id()
    assert panel.accept_current() is not None
    assert repo.get_relationship(rel_id).status == "confirmed"
    assert window.undo_stack.canUndo()
    window.undo_stack.undo()
    assert repo.get_relationship(rel_id).status == "proposed"
    window.close()
    repo.close()


def _open_window(qtbot, tmp_path) -> MainWindow:
    repo = seeded_workspace(tmp_path)
    window = MainWindow(repo)
    qtbot.addWidget(window)
    window.resize(1300, 850)
    window.show()
    qtbot.waitExposed(window)
    return window


def _import_through_dialog(qtbot, window, story, monkeypatch) -> None:
    """Add ``story`` with the dialog's own Add files… button (Qt's file dialog answered here)."""
    from PySide6.QtWidgets import QFileDialog

    dialog = window._import_dialog
    assert dialog is not None and dialog.isVisible()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(story)], "")))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.paths() == [story]
    before = window.repo.counts()["articles"]
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.repo.counts()["articles"] == before + 1 and not dialog.worker.is_running(), timeout=60000
    )
    dialog.close()
    QApplication.processEvents()
    assert window.wait_for_layout(30.0)


def test_file_import_menu_action_opens_the_dialog_and_imports(qtbot, tmp_path, monkeypatch):
    """File > Import… once received Qt's ``checked`` flag as its file list and did nothing."""
    window = _open_window(qtbot, tmp_path)
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    file_menu = window.menuBar().actions()[0].menu()
    assert window.act_import in file_menu.actions()
    window.act_import.trigger()
    _import_through_dialog(qtbot, window, story, monkeypatch)
    assert window.repo.list_relationships(statuses=["proposed"])
    window.close()
    window.repo.close()


def test_ctrl_i_opens_the_import_dialog(qtbot, tmp_path, monkeypatch):
    window = _open_window(qtbot, tmp_path)
    with qtbot.waitActive(window):
        window.activateWindow()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    story = tmp_path / "other.txt"
    story.write_text(STORY.replace("Anna Example", "Dora Example"), encoding="utf-8")
    _import_through_dialog(qtbot, window, story, monkeypatch)
    window.close()
    window.repo.close()
