"""The window opens on the seed workspace without Qt warnings."""

from __future__ import annotations

from desktop.ui.main_window import MainWindow
from tests.helpers import seeded_workspace


def test_main_window_shows_seed_relationships_and_evidence(qtbot, tmp_path):
    repo = seeded_workspace(tmp_path)
    window = MainWindow(repo)
    qtbot.addWidget(window)
    window.show()
    assert window.relationship_list.count() == 9
    for row in range(window.relationship_list.count()):
        window.relationship_list.setCurrentRow(row)
        rel = repo.get_relationship(window.relationship_list.item(row).data(0x0100))
        assert rel.evidence[0].text[:40] in window.evidence_view.toPlainText()
    repo.close()
