"""The Import dialog: pasted text with its fields, dropped files, progress and Cancel."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from desktop.ui.import_dialog import ImportDialog, dropped_paths
from tests.helpers import empty_workspace

TEXT = "Kassym-Jomart Tokayev succeeded Nursultan Nazarbayev as president of Kazakhstan in 2019."


def test_paste_with_title_source_and_date(qtbot, tmp_path):
    repo = empty_workspace(tmp_path)
    dialog = ImportDialog(repo)
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentIndex(1)
    dialog.title_edit.setText("Handover in Astana")
    dialog.source_edit.setText("Example Wire")
    dialog.date_edit.setText("2019-03-20")
    dialog.text_edit.setPlainText(TEXT)
    with qtbot.waitSignal(dialog.sigImported, timeout=30000) as got:
        assert dialog.start()
    assert got.args[0].articles
    (article,) = repo.list_articles()
    assert (article.title, article.source, article.published) == (
        "Handover in Astana",
        "Example Wire",
        date(2019, 3, 20),
    )
    assert repo.get_article(article.id).text == TEXT
    assert "1 article imported" in dialog.status.text()
    assert "Handover in Astana" in dialog.log.toPlainText() and dialog.text_edit.toPlainText() == ""
    rels = repo.list_relationships()
    assert all(r.status == "proposed" for r in rels)
    repo.close()


def test_bad_date_and_empty_paste_are_refused_without_storing(qtbot, tmp_path):
    repo = empty_workspace(tmp_path)
    dialog = ImportDialog(repo)
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentIndex(1)
    dialog.text_edit.setPlainText(TEXT)
    dialog.date_edit.setText("20/03/2019")
    assert not dialog.start() and "2022-01-08" in dialog.status.text()
    dialog.date_edit.clear()
    dialog.text_edit.setPlainText("   \n")
    assert not dialog.start() and "has no article text" in dialog.status.text()
    assert repo.counts()["articles"] == 0
    repo.close()


def test_dropped_files_are_listed_and_imported_with_refusals_logged(qtbot, tmp_path):
    repo = empty_workspace(tmp_path)
    good = tmp_path / "story.md"
    good.write_text(f"# Handover\n\n{TEXT}\n", encoding="utf-8")
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"not a pdf")
    dialog = ImportDialog(repo)
    qtbot.addWidget(dialog)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(good)), QUrl.fromLocalFile(str(bad))])
    assert dropped_paths(mime) == [good, bad]
    drop = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    dialog.file_list.dropEvent(drop)
    dialog.add_paths([good])  # listed once
    assert dialog.paths() == [good, bad]
    with qtbot.waitSignal(dialog.sigImported, timeout=30000):
        dialog.start()
    assert "1 article imported" in dialog.status.text() and "1 refused" in dialog.status.text()
    assert f"{bad}: is not a PDF file" in dialog.log.toPlainText()
    assert [a.title for a in repo.list_articles()] == ["Handover"]
    repo.close()


def test_cancel_stops_the_batch_leaving_complete_articles(qtbot, tmp_path):
    repo = empty_workspace(tmp_path)
    paths = []
    for i in range(40):
        p = tmp_path / f"a{i:02}.txt"
        p.write_text(f"Report {i}. {TEXT} Officials in Astana confirmed it on day {i}.", encoding="utf-8")
        paths.append(p)
    dialog = ImportDialog(repo, paths=paths)
    qtbot.addWidget(dialog)
    first = []

    def on_progress(done, _total, _outcome):
        if not first:
            first.append(done)
            dialog.cancel_button.click()  # "Cancel import" while running

    dialog.worker.sigProgress.connect(on_progress)
    with qtbot.waitSignal(dialog.worker.sigFinished, timeout=30000) as got:
        dialog.start()
        assert dialog.cancel_button.text() == "Cancel import"
    result = got.args[0]
    assert result.stopped and 0 < len(result.outcomes) < 40
    stored = repo.counts()["articles"]
    assert stored == len(result.outcomes)  # every reported article is stored, no more
    assert "Stopped after" in dialog.status.text()
    assert dialog.cancel_button.text() == "Close" and dialog.paths() == paths  # left to retry
    repo.close()


def test_open_import_dialog_for_dropped_files_starts_at_once_and_close_stops_it(qtbot, tmp_path):
    from desktop.ui.import_dialog import open_import_dialog

    repo = empty_workspace(tmp_path)
    paths = []
    for i in range(30):
        p = tmp_path / f"d{i:02}.txt"
        p.write_text(f"Dispatch {i}. {TEXT}", encoding="utf-8")
        paths.append(p)
    dialog = open_import_dialog(repo, None, paths=paths, start=True)
    assert dialog.worker.is_running()
    with qtbot.waitSignal(dialog.worker.sigProgress, timeout=30000):
        pass
    dialog.reject()  # Escape / Close while importing: cancels, waits for the current article
    assert not dialog.worker.is_running()
    stored = repo.counts()["articles"]
    assert 0 < stored < 30
    repo.close()
