"""Team editing in the GUI: the conflict prompt, who did what in the docks, the History dock.

Two investigators on one workspace: "ana" edits through the real dialogs and EditController, "ben"
is a second Repository on the same workspace (another program, another desk). The conflict prompt
is answered by clicking its buttons, as a person would.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from desktop.model import ConflictError, open_workspace
from desktop.seed import load_seed
from desktop.ui.actor_panel import ActorPanel
from desktop.ui.conflict_dialog import ConflictDialog
from desktop.ui.dialogs import ActorDialog, RelationshipDialog
from desktop.ui.editing import EditController
from desktop.ui.evidence_panel import EvidencePanel
from desktop.ui.history_panel import HistoryPanel
from desktop.ui.proposals_panel import ProposalsPanel


@pytest.fixture
def desk(tmp_path, qtbot):
    ana = open_workspace(tmp_path / "desk.relmap", fill_new=load_seed, user="ana")
    ben = open_workspace(tmp_path / "desk.relmap", user="ben")
    window = QWidget()
    qtbot.addWidget(window)
    controller = EditController(ana, QUndoStack(window), window)
    yield ana, ben, controller
    ana.close()
    ben.close()


def answer(fn, kind: type = QDialog, *, tries: int = 500) -> None:  # noqa: ANN001
    """Call ``fn(dialog)`` once a modal dialog of ``kind`` is the active one (the one before may still
    be closing when the timer first fires)."""

    def attempt(left: int) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            fn(dialog)
        elif left:
            QTimer.singleShot(10, lambda: attempt(left - 1))

    QTimer.singleShot(0, lambda: attempt(tries))


def test_both_edit_one_actor_the_prompt_shows_yours_and_theirs_and_keeps_mine(desk, qtbot):
    ana, ben, controller = desk
    putin = ana.find_actor("Putin")
    shown: list = []

    def edit_in_the_dialog(dialog):
        # while ana has the form open, ben renames the same actor and writes a note
        ben.rename_actor(putin.id, "Vladimir V. Putin", expected_version=putin.version)
        ben.update_actor(putin.id, notes="ben's note")
        dialog.name_edit.setText("V. Putin")
        answer(keep_mine, ConflictDialog)
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)

    def keep_mine(dialog):
        assert isinstance(dialog, ConflictDialog)
        shown.append((dialog.message.text(), dialog.fields()))
        qtbot.mouseClick(dialog.keep_mine, Qt.MouseButton.LeftButton)

    answer(edit_in_the_dialog, ActorDialog)
    change = controller.edit_actor(putin.id)
    assert change is not None and putin.id in change.actors
    message, fields = shown[0]
    assert "<b>ben</b> changed <b>actor “Vladimir V. Putin”</b>" in message
    assert fields == [("Name", "V. Putin", "Vladimir V. Putin")]
    now = ana.get_actor(putin.id)
    assert (now.name, now.notes, now.updated_by) == ("V. Putin", "ben's note", "ana")  # ben's note stays
    assert controller.last_conflict is not None and controller.last_conflict.changed_by == "ben"


def test_keeping_theirs_drops_my_edit_and_redraws_theirs(desk, qtbot):
    ana, ben, controller = desk
    rel = ana.list_relationships(statuses=["confirmed"])[0]
    redrawn: list = []
    controller.sigChanged.connect(redrawn.append)

    def edit_in_the_dialog(dialog):
        ben.update_relationship(rel.id, note="two sources", expected_version=rel.version)
        dialog.note_edit.setText("one source only")
        answer(keep_theirs, ConflictDialog)
        qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return)

    def keep_theirs(dialog):
        assert dialog.fields() == [("Note", "one source only", "two sources")]
        qtbot.mouseClick(dialog.keep_theirs, Qt.MouseButton.LeftButton)

    answer(edit_in_the_dialog, RelationshipDialog)
    assert controller.edit_relationship(rel.id) is None
    assert ana.get_relationship(rel.id).note == "two sources"
    assert controller.undo_stack.count() == 0
    assert redrawn and rel.id in redrawn[-1].relationships


def test_accepting_in_the_queue_what_someone_else_rejected_meanwhile_asks_first(desk, qtbot):
    ana, ben, controller = desk
    for rel in ana.list_relationships()[:2]:
        ana.set_status(rel.id, "proposed")
    queue = ProposalsPanel(ana, controller)
    qtbot.addWidget(queue)
    queue.show()
    first, second = (item.relationship for item in queue.model.rows[:2])
    ben.set_status(first.id, "rejected", expected_version=first.version)  # ben reviewed it meanwhile
    shown: list = []

    def keep_theirs(dialog):
        shown.append(dialog.fields())
        qtbot.mouseClick(dialog.keep_theirs, Qt.MouseButton.LeftButton)

    answer(keep_theirs, ConflictDialog)
    queue.table.setFocus()
    qtbot.keyClick(queue.table, Qt.Key.Key_A)
    assert shown == [[("Status", "confirmed", "rejected")]]
    assert ana.get_relationship(first.id).status == "rejected"  # ben's decision stands
    assert controller.undo_stack.count() == 0
    # nobody else touched the next one: A confirms it straight away, no prompt
    queue.table.setFocus()
    queue.table.selectRow(queue.model.row_of_key(("relationship", second.id)))  # a click on its row
    qtbot.keyClick(queue.table, Qt.Key.Key_A)
    assert ana.get_relationship(second.id).status == "confirmed" and len(shown) == 1


def test_an_actor_deleted_meanwhile_is_said_so(desk, qtbot):
    ana, ben, controller = desk
    masimov = ana.find_actor("Masimov")
    said: list = []

    def drop(dialog):
        said.append(dialog.message.text())
        dialog.reject()

    def yes(box):
        # while "Delete actor?" is open, ben deletes the same actor; then ana says Yes
        ben.delete_actor(masimov.id)
        answer(drop, ConflictDialog)
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)

    answer(yes, QMessageBox)
    assert controller.delete_actor(masimov.id) is None
    assert "<b>actor “Karim Masimov”</b> was deleted by <b>ben</b>" in said[0]
    assert controller.undo_stack.count() == 0


def test_docks_say_who_added_and_changed_and_the_history_lists_it(desk, qtbot):
    ana, ben, controller = desk
    putin = ana.find_actor("Putin")
    ben.update_actor(putin.id, notes="seen in Moscow", expected_version=putin.version)
    actor_panel = ActorPanel(ana)
    qtbot.addWidget(actor_panel)
    actor_panel.show_actor(putin.id)
    assert "added by ana · changed by ben (1 edit)" in actor_panel.header.text()
    rel = ana.list_relationships()[0]
    ben.set_status(rel.id, "rejected")
    evidence_panel = EvidencePanel(ana)
    qtbot.addWidget(evidence_panel)
    evidence_panel.show_relationship(rel.id)
    assert "added by ana · changed by ben (1 edit)" in evidence_panel.plain_text()
    assert evidence_panel.plain_text().count("added by ana") == 1 + len(rel.evidence)
    history = HistoryPanel(ana)
    qtbot.addWidget(history)
    rows = history.row_texts()
    assert rows[0][1:] == ("ben", f"changed relationship {rel.source} {ana.relation_type(rel.type).label} {rel.target}")
    assert rows[1][1:] == ("ben", "changed actor “Vladimir Putin”")
    assert all(who in ("ana", "ben", "—") for _, who, _ in rows)
    activated: list = []
    history.sigRelationshipActivated.connect(activated.append)
    index = history.model.index(0, 1)
    history.table.doubleClicked.emit(index)
    assert activated == [rel.id]


def open_window(qtbot, repo):  # noqa: ANN001, ANN201
    from desktop.ui.main_window import MainWindow

    win = MainWindow(repo)
    qtbot.addWidget(win)
    win.resize(1300, 850)
    win.show()
    qtbot.waitExposed(win)
    assert win.wait_for_layout(20.0)
    return win


def test_a_window_shows_another_investigators_change_without_a_reload(tmp_path, qtbot):
    ana = open_workspace(tmp_path / "desk.relmap", fill_new=load_seed, user="ana")
    ben = open_workspace(tmp_path / "desk.relmap", user="ben")
    win = open_window(qtbot, ana)
    try:
        putin = ben.find_actor("Putin")
        win.history_dock.show()
        win.history_dock.raise_()
        resets: list = []
        win.owner.sigSceneReset.connect(lambda *a: resets.append(a))
        ben.rename_actor(putin.id, "V. V. Putin", expected_version=putin.version)
        row = win.scene.row_of_actor[putin.id]
        qtbot.waitUntil(lambda: win.scene.names[row] == "V. V. Putin", timeout=5000)
        assert not resets  # the actor was redrawn in place, not the whole map reloaded
        assert "ben changed actor “V. V. Putin”" in win.statusBar().currentMessage()
        qtbot.waitUntil(
            lambda: win.history_panel.row_texts()[0][1:] == ("ben", "changed actor “V. V. Putin”"), timeout=5000
        )
    finally:
        win.close()
        ana.close()
        ben.close()


@pytest.mark.postgres
def test_a_member_who_may_only_read_sees_every_edit_disabled_and_why(pg_server, pg_url, qtbot):
    open_workspace(pg_url, fill_new=load_seed).close()
    name = pg_url.rsplit("/", 1)[1]
    pg_server.psql("CREATE ROLE viewer LOGIN; GRANT SELECT ON ALL TABLES IN SCHEMA public TO viewer", database=name)
    repo = open_workspace(f"postgresql://viewer@127.0.0.1:{pg_server.port}/{name}")
    win = open_window(qtbot, repo)
    try:
        win.select_actor(repo.find_actor("Putin").id)
        for act in win.edit_actions():
            assert not act.isEnabled() and "may only read" in act.toolTip(), act.text()
        assert not win.proposals_panel.accept_button.isEnabled()
        assert "may only read" in win.proposals_panel.accept_button.toolTip()
        assert win.scene is not None and len(win.scene.names) == 8  # the map is all there to read
    finally:
        win.close()
        repo.close()


def test_the_prompt_shows_long_values_whole_and_from_their_first_line(qtbot):
    long_name = "Presidential administration of the Republic of Examplestan (acting chair of the supervisory board)"
    conflict = ConflictError(
        "actor “Ada Example”",
        table="actor",
        row_id=1,
        expected_version=2,
        current_version=3,
        changed_by="ben",
        mine={"name": long_name, "notes": "met in March"},
        theirs={"name": long_name + " Jr.", "notes": "met in March"},
    )
    dialog = ConflictDialog(conflict)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.table
    rows = [table.rowHeight(r) for r in range(table.rowCount())]
    # rows measured at the columns' real widths: a few lines each (measured while every column was
    # narrow, the long name made a row taller than the table and its text sat below the view)
    assert all(h < 4 * table.fontMetrics().height() for h in rows)
    assert table.viewport().height() >= sum(rows)  # every field in view, nothing to scroll
    assert dialog.fields()[0] == ("Name", long_name, long_name + " Jr.")
