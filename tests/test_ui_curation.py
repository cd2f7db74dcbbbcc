"""Curation in the real window, driven as a user drives it: menu actions triggered, buttons clicked,
keys typed into the dialogs; Qt's own colour dialog answered by a fixture. The map, its legend
and the docks follow every change, and Edit > Undo takes each one back."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QColorDialog, QDialogButtonBox, QLabel, QPushButton

from desktop.ui.curation_dialogs import (
    ActorKindForm,
    ActorKindsDialog,
    ArticleDialog,
    ReassignDialog,
    RelationTypeForm,
    RelationTypesDialog,
)
from desktop.ui.main_window import MainWindow
from tests.helpers import seeded_workspace


@pytest.fixture
def window(qtbot, tmp_path):
    repo = seeded_workspace(tmp_path)
    win = MainWindow(repo)
    qtbot.addWidget(win)
    win.resize(1300, 850)
    win.show()
    qtbot.waitExposed(win)
    assert win.wait_for_layout(20.0)
    win.edit.show_errors = False
    yield win
    win.close()
    repo.close()


@pytest.fixture
def colour_answer(monkeypatch):
    """Qt's colour dialog, answered: the colour the 'user' picks next."""
    picked = {"color": "#112233"}
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(lambda *_a, **_k: QColor(picked["color"])))
    return picked


def answer(fn: Callable, cls: type, seen: list) -> None:
    """Run ``fn`` on the modal dialog of class ``cls`` once it is open (Qt's exec() blocks the test)."""

    def poll(tries: int = 200) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, cls):
            seen.append(dialog)
            try:
                fn(dialog)
            except BaseException:
                dialog.reject()  # a failed check closes the dialog: exec() returns and the test fails, not hangs
                raise
        elif tries:
            QTimer.singleShot(10, lambda: poll(tries - 1))

    QTimer.singleShot(0, poll)


def ok(dialog) -> QPushButton:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def open_vocabulary(window, action):
    action.trigger()
    dialog = window.vocabulary_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_edit_menu_adds_relabels_and_deletes_relationship_types(window, qtbot, colour_answer):
    repo = window.repo
    dialog = open_vocabulary(window, window.act_types)
    assert isinstance(dialog, RelationTypesDialog)
    assert dialog.table.rowCount() == len(repo.list_relation_types())
    seen: list = []

    def fill(form: RelationTypeForm) -> None:
        qtbot.keyClicks(form.label_edit, "Funded by")
        assert form.key_edit.text() == "funded-by"  # the key follows the label until typed
        qtbot.keyClicks(form.inverse_edit, "funds")
        colour_answer["color"] = "#a0522d"
        qtbot.mouseClick(form.color_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(ok(form), Qt.MouseButton.LeftButton)

    answer(fill, RelationTypeForm, seen)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert seen
    t = repo.relation_type("funded-by")
    assert (t.label, t.inverse_label, t.color, t.directed) == ("Funded by", "funds", "#a0522d", True)
    assert dialog.current_key() == "funded-by"  # the new row is selected
    assert "funded-by" in window.scene.relation_types  # the map knows it (and the filter's type list)
    assert window.undo_stack.undoText() == "Add relationship type “Funded by”"

    # a built-in type: new label and colour, same key; the map's lines take the colour
    dialog.select("spoke-with")

    def relabel(form: RelationTypeForm) -> None:
        assert not form.key_edit.isEnabled()  # greyed: a built-in type keeps its key
        form.label_edit.selectAll()
        qtbot.keyClicks(form.label_edit, "talked with")
        colour_answer["color"] = "#000000"
        qtbot.mouseClick(form.color_button, Qt.MouseButton.LeftButton)
        qtbot.keyClick(form.label_edit, Qt.Key.Key_Return)

    answer(relabel, RelationTypeForm, seen)
    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    assert window.scene.type_color("spoke-with") == "#000000"
    assert window.scene.type_label("spoke-with") == "talked with"
    assert any(label == "talked with" for label, _c, _d in window.view.legend.types)

    # Ctrl+Z (Edit > Undo) takes it back; the open list follows
    window.act_undo.trigger()
    assert window.scene.type_label("spoke-with") == "spoke with"
    assert dialog.table.item(dialog.table.currentRow(), 0).text().startswith("spoke with")
    window.act_undo.trigger()
    assert "funded-by" not in {t.key for t in repo.list_relation_types()}
    assert dialog.table.rowCount() == len(repo.list_relation_types())
    dialog.close()


def test_a_type_in_use_is_deleted_by_reassigning_its_relationships(window, qtbot):
    repo = window.repo
    used = repo.relation_type_usage()["spoke-with"]
    rel_ids = repo.relationship_ids_of_types(["spoke-with"])
    assert used
    dialog = open_vocabulary(window, window.act_types)
    dialog.select("spoke-with")
    seen: list = []

    def cancel(box: ReassignDialog) -> None:
        qtbot.keyClick(box, Qt.Key.Key_Escape)

    answer(cancel, ReassignDialog, seen)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert seen and repo.relation_type_usage()["spoke-with"] == used  # Esc deletes nothing

    def reassign(box: ReassignDialog) -> None:
        texts = " ".join(label.text() for label in box.findChildren(QLabel))
        assert f"used by {used} relationship" in texts
        box.choice.setCurrentIndex(box.choice.findData("opposed-to"))
        qtbot.mouseClick(ok(box), Qt.MouseButton.LeftButton)

    answer(reassign, ReassignDialog, seen)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert "spoke-with" not in {t.key for t in repo.list_relation_types()}
    assert "spoke-with" not in window.scene.relation_types
    assert all(
        window.scene.types[window.scene.row_of_relationship[i]] == "opposed-to"
        for i in rel_ids
        if i in window.scene.row_of_relationship
    )
    window.act_undo.trigger()
    assert repo.relation_type_usage()["spoke-with"] == used
    assert sorted(repo.relationship_ids_of_types(["spoke-with"])) == sorted(rel_ids)
    window.act_redo.trigger()
    assert "spoke-with" not in {t.key for t in repo.list_relation_types()}
    dialog.close()


def test_user_actor_kinds_are_drawn_with_their_shape_and_colour(window, qtbot, colour_answer):
    repo = window.repo
    dialog = open_vocabulary(window, window.act_kinds)
    assert isinstance(dialog, ActorKindsDialog)
    assert [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())] == [
        "Person",
        "Organisation",
        "Country",
        "Other",
    ]
    seen: list = []

    def fill(form: ActorKindForm) -> None:
        qtbot.keyClicks(form.name_edit, "Security service")
        form.shape_combo.setCurrentIndex(form.shape_combo.findData("triangle"))
        colour_answer["color"] = "#aa3377"
        qtbot.mouseClick(form.color_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(ok(form), Qt.MouseButton.LeftButton)

    answer(fill, ActorKindForm, seen)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    kind = repo.actor_kind("security-service")
    assert (kind.label, kind.shape, kind.color) == ("Security service", "triangle", "#aa3377")

    # give an actor the new kind through the Actor dialog's kind list (it offers user kinds)
    knb = repo.find_actor("KNB")
    assert knb is not None
    window.select_actor(knb.id)

    def choose(form) -> None:
        form.kind_combo.setCurrentIndex(form.kind_combo.findData("security-service"))
        qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    from desktop.ui.dialogs import ActorDialog

    answer(choose, ActorDialog, seen)
    window.act_edit_actor.trigger()
    assert repo.get_actor(knb.id).kind == "security-service"
    row = window.scene.row_of_actor[knb.id]
    assert window.scene.kind_symbol(window.scene.kinds[row]) == "t1"
    style = window.view._node_style()
    at = list(style["rows"]).index(row)
    assert style["symbol"][at] == "t1" and style["brush"][at].color().name() == "#aa3377"
    assert ("Security service", "t1", "#aa3377") in window.view.legend.kinds
    assert "Security service" in window.actor_panel.header.text()

    # the kind is in use: deleting it asks which kind its actor takes; undo gives it back
    dialog.select("security-service")

    def reassign(box: ReassignDialog) -> None:
        box.choice.setCurrentIndex(box.choice.findData("organisation"))
        qtbot.mouseClick(ok(box), Qt.MouseButton.LeftButton)

    answer(reassign, ReassignDialog, seen)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert repo.get_actor(knb.id).kind == "organisation"
    assert window.scene.kind_symbol("organisation") == "s"
    window.act_undo.trigger()
    assert repo.get_actor(knb.id).kind == "security-service"
    assert window.scene.kinds[window.scene.row_of_actor[knb.id]] == "security-service"
    dialog.close()


def test_articles_dock_edits_title_source_date_and_address(window, qtbot):
    repo = window.repo
    panel = window.articles_panel
    article_id = panel.article_id
    assert article_id is not None and panel.edit_button.isEnabled()
    before = repo.get_article(article_id)
    seen: list = []

    def fill(form: ArticleDialog) -> None:
        form.title_edit.selectAll()
        qtbot.keyClicks(form.title_edit, "Unrest in an invented city")
        form.source_edit.selectAll()
        qtbot.keyClicks(form.source_edit, "Example Wire")
        qtbot.keyClicks(form.url_edit, "not an address")
        assert not ok(form).isEnabled() and "starts with http" in form.message.text()
        form.url_edit.clear()
        qtbot.keyClicks(form.url_edit, "https://news.example.org/unrest")
        form.dated_check.setChecked(False)
        qtbot.mouseClick(ok(form), Qt.MouseButton.LeftButton)

    answer(fill, ArticleDialog, seen)
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    assert seen
    now = repo.get_article(article_id)
    assert (now.title, now.source, now.published, now.url) == (
        "Unrest in an invented city",
        "Example Wire",
        None,
        "https://news.example.org/unrest",
    )
    row = next(r for r in range(panel.list.count()) if panel.list.item(r).data(Qt.ItemDataRole.UserRole) == article_id)
    assert panel.list.item(row).text().startswith("Unrest in an invented city")
    assert "news.example.org/unrest" in panel.title.text()
    assert window.undo_stack.undoText().startswith("Edit article")
    window.act_undo.trigger()
    back = repo.get_article(article_id)
    assert (back.title, back.source, back.published, back.url) == (before.title, before.source, before.published, "")
    assert panel.list.item(row).text().startswith(before.title)

    # an untouched dialog is no undo step
    count = window.undo_stack.count()
    answer(lambda form: qtbot.mouseClick(ok(form), Qt.MouseButton.LeftButton), ArticleDialog, seen)
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    assert window.undo_stack.count() == count


def test_kind_form_refuses_a_taken_key_and_an_empty_name(window, qtbot):
    form = ActorKindForm(window.repo, window)
    qtbot.addWidget(form)
    qtbot.keyClicks(form.name_edit, "Person")
    assert not ok(form).isEnabled() and "already" in form.message.text()
    form.name_edit.clear()
    assert not ok(form).isEnabled()
    qtbot.keyClicks(form.name_edit, "Bank")
    assert ok(form).isEnabled() and form.values()["key"] == "bank"
