"""Articles reach the main window: dropped files import in the background, proposals land in
the Proposals dock, and accepting one there is an undoable edit of the window's stack."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from desktop.ui.main_window import MainWindow
from tests.helpers import seeded_workspace

STORY = ("Date 2023-06-01\n\nMinister resigns\n\nThe ministry said on Monday that Anna Example, the former "
         "interior minister, was arrested by the State Investigation Bureau on corruption charges. "
         "Prime Minister Boris Sample later spoke with President Carla Other about the case.\n")


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
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    dialog = window._import_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: repo.counts()["articles"] > before["articles"] and not dialog.worker.is_running(),
                    timeout=60000)
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
