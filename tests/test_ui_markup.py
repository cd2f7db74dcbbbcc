"""Markup in an article's title and source and in actor names is shown as text in every panel."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import Qt as QtGui
from PySide6.QtGui import QTextDocument, QUndoStack
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from desktop.extract.formats import article_from_text
from desktop.extract.ingest import ingest_article
from desktop.extract.model import Extraction, ProposedActor, ProposedRelationship
from desktop.ui.actor_panel import ActorPanel
from desktop.ui.articles_panel import ArticlesPanel
from desktop.ui.dialogs import ActorListModel
from desktop.ui.editing import EditController
from desktop.ui.evidence_panel import EvidencePanel
from desktop.ui.proposals_panel import ProposalsPanel
from tests.helpers import empty_workspace

TITLE = '<img src="/tmp/relmap-probe.png">Headline'
SOURCE = "<span style='font-size:40pt'>FAKE WIRE</span>"
FIRST = "<b>Bold</b> Actor"
SECOND = "<a href='file:///etc/passwd'>Second</a> One"


def shown(text: str, fmt: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """What a person sees for ``text`` in a widget of text format ``fmt`` (tooltips are AutoText)."""
    rich = fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText and QtGui.mightBeRichText(text))
    if not rich:
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


def label_shows(label: QLabel) -> str:
    return shown(label.text(), label.textFormat())


@pytest.fixture
def repo(tmp_path):
    repo = empty_workspace(tmp_path)
    body = f"{FIRST} met {SECOND} in the capital on Monday, officials said."
    article = article_from_text(body, title=TITLE, source=SOURCE)
    start, end = 0, len(body)
    extraction = Extraction(
        actors=(ProposedActor(FIRST, "person", ()), ProposedActor(SECOND, "person", ())),
        relationships=(ProposedRelationship("spoke-with", FIRST, SECOND, 0.9, start, end, body[start:end]),),
    )
    ingest_article(repo, article, extraction)
    yield repo
    repo.close()


def test_every_panel_shows_markup_from_the_workspace_as_text(qtbot, repo):
    article = repo.list_articles()[0]
    first = repo.find_actor(FIRST)
    rel = repo.list_relationships()[0]

    articles = ArticlesPanel(repo)
    qtbot.addWidget(articles)
    articles.open_article(article.id)
    heading = label_shows(articles.title)
    assert TITLE in heading and SOURCE in heading
    assert shown(articles.list.item(0).toolTip()) == TITLE

    actor = ActorPanel(repo)
    qtbot.addWidget(actor)
    actor.show_actor(first.id)
    assert FIRST in label_shows(actor.header)
    tip = shown(actor.relationships.item(0).toolTip())
    assert FIRST in tip and SECOND in tip

    evidence = EvidencePanel(repo)
    qtbot.addWidget(evidence)
    evidence.show_relationship(rel.id)
    page = evidence.browser.toPlainText()
    assert all(part in page for part in (FIRST, SECOND, TITLE, SOURCE))

    proposals = ProposalsPanel(repo)
    qtbot.addWidget(proposals)
    seen = proposals.excerpt.toPlainText()
    assert FIRST in seen and SECOND in seen
    tip = shown(proposals.model.data(proposals.model.index(0, 2), Qt.ItemDataRole.ToolTipRole))
    assert FIRST in tip and SECOND in tip

    names = ActorListModel(repo.list_actors())
    tips = [shown(names.data(names.index(row), Qt.ItemDataRole.ToolTipRole)) for row in range(names.rowCount())]
    assert any(t.startswith(FIRST) for t in tips) and any(t.startswith(SECOND) for t in tips)


def test_the_delete_question_and_error_boxes_show_names_as_text(qtbot, repo):
    window = QWidget()
    qtbot.addWidget(window)
    controller = EditController(repo, QUndoStack(window), window)
    seen: list[tuple[str, Qt.TextFormat]] = []

    def answer() -> None:
        boxes = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible() and w.windowTitle() == "Delete actor"
        ]
        if not boxes:  # not shown yet: look again shortly
            QTimer.singleShot(20, answer)
            return
        seen.append((boxes[0].text(), boxes[0].textFormat()))
        qtbot.keyClick(boxes[0], Qt.Key.Key_Escape)

    errors: list[str] = []
    controller.sigError.connect(errors.append)
    QTimer.singleShot(0, answer)
    assert controller.delete_actor(repo.find_actor(FIRST).id) is None
    assert not errors
    assert FIRST in shown(*seen[0]) and repo.find_actor(FIRST) is not None

    # a refusal quoting a name (the second actor's name is taken) is shown as text too
    controller.rename_actor(repo.find_actor(FIRST).id, new_name=SECOND)
    box = controller._error_box  # noqa: SLF001 - the box the user sees
    assert box is not None and SECOND in shown(box.text(), box.textFormat())
    box.close()
