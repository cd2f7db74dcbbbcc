"""The Proposals dock: sorted queue, A/R with advance, accept-all, edit, merge, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.extract.formats import article_from_text
from desktop.extract.ingest import ingest_article
from desktop.extract.model import Extraction, ProposedActor, ProposedRelationship
from desktop.ui.proposals_panel import ProposalsPanel, excerpt_html
from tests.helpers import empty_workspace

TEXT = ("Kassym-Jomart Tokayev spoke with Vladimir Putin on Thursday. "
        "Tokayev succeeded Nursultan Nazarbayev in 2019. "
        "Karim Masimov, a longtime ally of Nazarbayev, was arrested by the KNB.")
PROPOSED = [  # type, source, target, confidence, excerpt
    ("spoke-with", "Kassym-Jomart Tokayev", "Vladimir Putin", 0.9,
     "Kassym-Jomart Tokayev spoke with Vladimir Putin on Thursday."),
    ("successor-of", "Kassym-Jomart Tokayev", "Nursultan Nazarbayev", 0.7,
     "Tokayev succeeded Nursultan Nazarbayev in 2019."),
    ("ally-of", "Karim Masimov", "Nursultan Nazarbayev", 0.85, "Karim Masimov, a longtime ally of Nazarbayev"),
    ("arrested-by", "Karim Masimov", "KNB", 0.5, "Karim Masimov, a longtime ally of Nazarbayev, was arrested by the KNB."),
]


@pytest.fixture
def repo(tmp_path):
    repo = empty_workspace(tmp_path)
    rels = []
    for rtype, src, dst, conf, quote in PROPOSED:
        start = TEXT.index(quote)
        rels.append(ProposedRelationship(rtype, src, dst, conf, start, start + len(quote), quote))
    actors = (ProposedActor("Kassym-Jomart Tokayev", "person", ("Tokayev",)),
              ProposedActor("Vladimir Putin", "person"),
              ProposedActor("Nursultan Nazarbayev", "person", ("Nazarbayev",)),
              ProposedActor("Karim Masimov", "person"),
              ProposedActor("KNB", "organisation"))
    ingest_article(repo, article_from_text(TEXT, title="Unrest"), Extraction(actors, tuple(rels)))
    yield repo
    repo.close()


def statuses(repo) -> dict[str, str]:
    return {r.type: r.status for r in repo.list_relationships()}


def test_queue_is_sorted_by_confidence_and_shows_the_highlighted_excerpt(qtbot, repo):
    panel = ProposalsPanel(repo)
    qtbot.addWidget(panel)
    assert [r.confidence for r in panel.model.rows] == [0.9, 0.85, 0.7, 0.5]
    assert panel.model.data(panel.model.index(0, 1)) == "spoke with"
    assert "4 proposals to review" in panel.count_label.text()
    html = panel.excerpt.toHtml()
    assert "Kassym-Jomart Tokayev spoke with Vladimir Putin on Thursday." in panel.excerpt.toPlainText()
    assert "#ffe08a" in html


def test_a_accepts_r_rejects_and_both_advance(qtbot, repo):
    panel = ProposalsPanel(repo)
    qtbot.addWidget(panel)
    activated: list[int] = []
    panel.sigRelationshipActivated.connect(activated.append)
    panel.show()
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)  # ally-of (0.85)
    assert panel.current().type == "ally-of" and activated[-1] == panel.current().id
    qtbot.keyClick(panel.table, Qt.Key.Key_A)
    assert statuses(repo)["ally-of"] == "confirmed"
    assert panel.current().type == "successor-of"  # the next one took its place
    qtbot.keyClick(panel.table, Qt.Key.Key_R)
    assert statuses(repo)["successor-of"] == "rejected"
    assert panel.current().type == "arrested-by"
    qtbot.keyClick(panel.table, Qt.Key.Key_Up)
    assert panel.current().type == "spoke-with"
    assert [r.type for r in panel.model.rows] == ["spoke-with", "arrested-by"]


def test_accept_all_above_threshold(qtbot, repo):
    panel = ProposalsPanel(repo)
    qtbot.addWidget(panel)
    panel.threshold.setValue(0.8)
    panel.accept_all_button.click()
    assert statuses(repo) == {"spoke-with": "confirmed", "ally-of": "confirmed", "successor-of": "proposed",
                              "arrested-by": "proposed"}
    assert len(panel.model.rows) == 2


def test_edit_endpoints_and_merge_actor_without_controller(qtbot, repo):
    panel = ProposalsPanel(repo)
    qtbot.addWidget(panel)
    changes = []
    panel.sigChanged.connect(changes.append)
    panel._select_row(panel.model.row_of(next(r.id for r in panel.model.rows if r.type == "successor-of")))
    naz, tok = repo.find_actor("Nazarbayev").id, repo.find_actor("Tokayev").id
    panel.edit_current(source_id=naz, target_id=tok)
    rel = repo.find_relationship("successor-of", naz, tok)
    assert rel is not None and rel.status == "proposed" and changes
    knb = repo.find_actor("KNB").id
    kgb = repo.create_actor("National Security Committee", "organisation").subject_id
    panel._select_row(panel.model.row_of(next(r.id for r in panel.model.rows if r.type == "arrested-by")))
    panel.merge_current(actor_id=knb, into_id=kgb)
    assert repo.find_actor("KNB").id == kgb
    assert panel.current().target == "National Security Committee"


def test_excerpt_html_cuts_at_words_and_escapes():
    text = "a <b> " * 100 + "THE SPAN" + " c & d" * 100
    start = text.index("THE SPAN")
    out = excerpt_html(text, start, start + 8, context=40)
    assert out.startswith("…") and out.endswith("…") and "&lt;b&gt;" in out and "&amp;" in out
    assert "THE SPAN</span>" in out


def test_actions_go_through_the_edit_controller_and_undo(qtbot, repo):
    editing = pytest.importorskip("desktop.ui.editing", reason="EditController (branch uiedit) not merged yet")
    from PySide6.QtGui import QUndoStack

    stack = QUndoStack()
    edits = editing.EditController(repo, stack, None)
    edits.show_errors = False
    panel = ProposalsPanel(repo, edits=edits)
    qtbot.addWidget(panel)
    panel.show()
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_A)
    assert statuses(repo)["spoke-with"] == "confirmed" and stack.count() == 1
    panel.threshold.setValue(0.8)
    panel.accept_all_button.click()  # ally-of: one more step
    assert statuses(repo)["ally-of"] == "confirmed" and stack.count() == 2
    qtbot.keyClick(panel.table, Qt.Key.Key_R)
    assert statuses(repo)["successor-of"] == "rejected"
    stack.undo()
    stack.undo()
    assert statuses(repo) == {"spoke-with": "confirmed", "ally-of": "proposed", "successor-of": "proposed",
                              "arrested-by": "proposed"}
    assert [r.type for r in panel.model.rows] == ["ally-of", "successor-of", "arrested-by"]  # refreshed on undo
    stack.undo()
    assert len(panel.model.rows) == 4
