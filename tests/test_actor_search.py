"""Actor pickers for big workspaces: the ranking without Qt, then the pickers as a user
types into them (the Filter dock's neighbourhood and path fields, the relationship and
merge dialogs)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.graph.actor_search import EXACT, PREFIX, SUBSTRING, WORD_PREFIX, ActorIndex, search_key
from desktop.graph.scene import load_scene
from desktop.ui.actor_picker import SHOWN, ActorPicker
from desktop.ui.dialogs import MergeDialog
from desktop.ui.filter_panel import FilterPanel

# the offscreen platform says this of every completion pop-up; it is not our warning
POPUP_NOISE = pytest.mark.qt_log_ignore("This plugin does not support raise", "This plugin does not support grabbing")


def _index() -> ActorIndex:
    people = [  # id, name, aliases, relationships
        (1, "Kassym-Jomart Tokayev", ("Tokayev",), 5),
        (2, "Tokyo Electric Power", ("TEPCO",), 1),
        (3, "Anatoly Tokarev", (), 2),
        (4, "Marat Stokov", (), 9),
        (5, "Recep Tayyip Erdoğan", ("Erdogan",), 3),
        (6, "Tok", (), 0),
        (7, "Ana Tokarz", (), 7),
    ]
    return ActorIndex([p[0] for p in people], [p[1] for p in people], [p[2] for p in people], [p[3] for p in people])


def test_ranking_prefix_of_any_alias_then_word_prefix_then_substring_by_degree():
    found = _index().rank("tok")
    assert [(m.actor_id, m.tier) for m in found] == [
        (6, EXACT),  # "Tok" is exactly what was typed
        (1, PREFIX),
        (2, PREFIX),  # an alias ("Tokayev") or the name starts with it; more relationships first
        (7, WORD_PREFIX),
        (3, WORD_PREFIX),  # a word of the name starts with it
        (4, SUBSTRING),  # anywhere, however connected
    ]
    assert found[1].via == "Tokayev" and found[2].via == ""  # which name matched


def test_ranking_reads_several_words_accents_and_nothing_typed():
    index = _index()
    assert [m.actor_id for m in index.rank("jomart tok")] == [1]
    assert [m.actor_id for m in index.rank("erdogan")][0] == 5  # by alias
    assert [m.actor_id for m in index.rank("tayyip erdo")] == [5]  # accents aside: "Erdoğan"
    assert search_key("  Recep  Tayyip ERDOĞAN ") == "recep tayyip erdogan"
    assert [m.actor_id for m in index.rank("", limit=3)] == [4, 7, 1]  # nothing typed: most connected
    assert [m.actor_id for m in index.rank("tok", exclude={6, 1}, limit=2)] == [2, 7]
    assert index.exact("tepco") == 2 and index.exact("tep") is None
    assert index.rank("zzz") == []


@pytest.fixture
def big_index() -> ActorIndex:
    """5,000 actors with made-up names and a skewed number of relationships."""
    rng = np.random.default_rng(1)
    first = ["Ana", "Boris", "Chen", "Dana", "Elif", "Farid", "Gita", "Hugo", "Ines", "Jonas"]
    last = ["Abdi", "Berg", "Costa", "Diallo", "Evans", "Banana", "Haddad", "Ivanova", "Jensen", "Anand"]
    names = [f"{first[i % 10]} {last[(i // 10) % 10]} {i}" for i in range(5000)]
    degree = rng.zipf(2.0, 5000).clip(0, 500)
    return ActorIndex(list(range(1, 5001)), names, [()] * 5000, degree.tolist())


@POPUP_NOISE
def test_a_picker_on_5000_actors_offers_the_best_few_as_you_type(qtbot, big_index):
    picker = ActorPicker(index=big_index)
    qtbot.addWidget(picker)
    picker.show()
    picker.setFocus()
    chosen = []
    picker.sigActorChosen.connect(chosen.append)
    qtbot.keyClicks(picker, "ana")
    popup = picker.completer().popup()
    assert popup.isVisible()
    rows = [picker.model.item(r).data(Qt.ItemDataRole.UserRole) for r in range(picker.model.rowCount())]
    assert 0 < len(rows) <= SHOWN  # never the whole workspace
    names = [big_index.name_of(a) for a in rows]
    prefix = [n for n in names if n.casefold().startswith("ana")]
    assert names[: len(prefix)] == prefix  # "Ana ..." before "Dana"/"Banana"/"Anand"
    degrees = [big_index.degree[a - 1] for a in rows[: len(prefix)]]
    assert degrees == sorted(degrees, reverse=True)  # the most connected of them first
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picker.actor_id() == rows[0] and picker.text() == names[0] and chosen[-1] == rows[0]
    # an edit makes it a search again; a name typed out in full names its actor
    picker.clear()
    qtbot.keyClicks(picker, "Chen Costa 22")
    assert picker.actor_id() == 23


@POPUP_NOISE
def test_filter_dock_neighbourhood_and_path_pickers_are_searched_not_scrolled(qtbot, seeded_repo):
    panel = FilterPanel()
    qtbot.addWidget(panel)
    scene = load_scene(seeded_repo)
    panel.set_scene(scene)
    panel.show()
    seen = []
    panel.sigFilterChanged.connect(seen.append)
    picker = panel.hood_actor
    picker.setFocus()
    qtbot.keyClicks(picker, "naz")
    popup = picker.completer().popup()
    assert popup.isVisible() and picker.model.item(0).text() == "Nursultan Nazarbayev"
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    panel.flush()
    naz = seeded_repo.find_actor("Nazarbayev").id
    assert panel.hood_on.isChecked() and seen[-1].focus_actor == naz  # choosing an actor shows its neighbourhood
    # a path: both ends typed out (one by an alias) is a path the user wants
    panel.path_a.clear()
    panel.path_b.clear()
    qtbot.keyClicks(panel.path_a, "Vladimir Putin")
    qtbot.keyClicks(panel.path_b, "KNB")
    QApplication.processEvents()
    panel.flush()
    assert panel.path_on.isChecked() and not panel.hood_on.isChecked()
    assert seen[-1].path == (seeded_repo.find_actor("Putin").id, seeded_repo.find_actor("KNB").id)


def test_merge_dialog_ranks_its_list_by_relevance(qtbot, seeded_repo):
    masimov = seeded_repo.find_actor("Karim Masimov").id
    dialog = MergeDialog(seeded_repo, masimov)
    qtbot.addWidget(dialog)
    dialog.show()

    def names():
        return [dialog.model.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(dialog.model.rowCount())]

    first = seeded_repo.get_actor(names()[0])
    assert first.degree == max(a.degree for a in seeded_repo.list_actors() if a.id != masimov)  # most connected first
    qtbot.keyClicks(dialog.filter_edit, "ka")
    ranked = [seeded_repo.get_actor(a).name for a in names()]
    # names starting "Ka", most connected first, before "Nursultan Nazarbayev" ("Kazakhstan" is in its notes, not
    # its names) or names with "ka" inside
    assert ranked[:2] == ["Kassym-Jomart Tokayev", "Kazakhstan"]
    assert all("ka" in n.casefold() for n in ranked)
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)
    assert dialog.chosen_id() == seeded_repo.find_actor("Tokayev").id


@POPUP_NOISE
def test_find_box_completes_by_relevance_and_finds_the_actor_chosen(qtbot, tmp_path):
    from desktop.ui.main_window import MainWindow
    from tests.helpers import seeded_workspace

    repo = seeded_workspace(tmp_path)
    win = MainWindow(repo)
    qtbot.addWidget(win)
    try:
        win.resize(1300, 850)
        win.show()
        assert win.wait_for_layout(20.0)
        with qtbot.waitActive(win):
            win.activateWindow()
        qtbot.keyClick(win, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        box = win.find_box
        assert box.hasFocus()
        qtbot.keyClicks(box, "na")
        popup = box.completer().popup()
        # "Nursultan Nazarbayev" (most connected, name starts with "N-a") before "Kazakhstan"-like inner matches
        assert popup.isVisible() and box.model.item(0).text() == "Nursultan Nazarbayev"
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
        assert win.selected_actor == repo.find_actor("Nazarbayev").id
    finally:
        win.close()
        repo.close()


@POPUP_NOISE
def test_relationship_dialog_ends_are_chosen_by_typing_part_of_a_name(qtbot, seeded_repo):
    from PySide6.QtWidgets import QDialogButtonBox

    from desktop.ui.dialogs import RelationshipDialog

    dialog = RelationshipDialog(seeded_repo)
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    source = dialog.source_combo
    source.setFocus()
    qtbot.keyClicks(source, "masi")  # part of a name: the list offers the best matches
    popup = source.completer().popup()
    assert popup.isVisible() and source.model.item(0).text() == "Karim Masimov"
    assert source.actor_id() is None and not ok.isEnabled()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert source.text() == "Karim Masimov" and source.actor_id() == seeded_repo.find_actor("Masimov").id
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("arrested-by"))
    target = dialog.target_combo
    target.setFocus()
    qtbot.keyClicks(target, "security")  # a word inside the name
    popup = target.completer().popup()
    rows = [target.model.item(r).data(Qt.ItemDataRole.UserRole) for r in range(target.model.rowCount())]
    knb = seeded_repo.find_actor("KNB").id
    assert popup.isVisible() and rows[0] == knb
    qtbot.mouseClick(
        popup.viewport(), Qt.MouseButton.LeftButton, pos=popup.visualRect(target.model.index(0, 0)).center()
    )
    assert target.actor_id() == knb and ok.isEnabled()
    assert "Karim Masimov" in dialog.preview.text() and "National Security Committee" in dialog.preview.text()
    assert dialog.values()["source_id"] == seeded_repo.find_actor("Masimov").id
    assert dialog.values()["target_id"] == knb
