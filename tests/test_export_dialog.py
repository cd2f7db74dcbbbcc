"""The Export dialog: live preview, export through the same code as the CLI, clipboard, last folder."""

from __future__ import annotations

import defusedxml.ElementTree as SafeET
import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QGuiApplication, QImage

from desktop.ui.export_dialog import ExportDialog
from tests.helpers import seeded_workspace


@pytest.fixture
def dialog(tmp_path, qtbot):
    repo = seeded_workspace(tmp_path)
    positions = {a.id: (float(i), float(i * i % 5)) for i, a in enumerate(repo.list_actors())}
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    dlg = ExportDialog(
        repo,
        positions=positions,
        visible_types=["leader-of", "spoke-with"],
        visible_statuses=["confirmed"],
        settings=settings,
    )
    qtbot.addWidget(dlg)
    yield dlg
    repo.close()


def test_preview_follows_the_page(dialog):
    dialog.set_format("png")
    dialog.page_box.setCurrentIndex(dialog.page_box.findData("a4-landscape"))
    wide = dialog.preview_image()
    assert not wide.isNull() and wide.width() > wide.height()
    dialog.page_box.setCurrentIndex(dialog.page_box.findData("a4-portrait"))
    tall = dialog.preview_image()
    assert tall.height() > tall.width()
    dialog.background_box.setCurrentIndex(dialog.background_box.findData("transparent"))
    assert dialog.preview_image().pixelColor(1, 1).alpha() == 0
    dialog._on_refresh()
    assert dialog.preview.pixmap() is not None and not dialog.preview.pixmap().isNull()
    assert "3508 × 2480" in dialog.size_note.text() or "2480 × 3508" in dialog.size_note.text()


def test_export_png_uses_view_filters_and_remembers_the_folder(dialog, tmp_path):
    dialog.set_format("png")
    dialog.page_box.setCurrentIndex(dialog.page_box.findData("custom"))
    dialog.width_spin.setValue(900)
    dialog.height_spin.setValue(600)
    dialog.dpi_spin.setValue(200)
    out = tmp_path / "out" / "view.png"
    written = dialog.export_to(out)
    image = QImage(str(written[0]))
    assert (image.width(), image.height()) == (900, 600) and round(image.dotsPerMeterX() * 0.0254) == 200
    assert dialog.settings.value("export/last_directory") == str(out.parent)
    assert dialog.suggested_path().parent == out.parent


def test_export_svg_of_the_current_view_or_the_whole_graph(dialog, tmp_path):
    dialog.set_format("svg")
    dialog.title_edit.setText("Leaders and talks")
    dialog.export_to(tmp_path / "view.svg")
    texts = [
        "".join(t.itertext())
        for t in SafeET.parse(str(tmp_path / "view.svg")).getroot().iter("{http://www.w3.org/2000/svg}text")
    ]
    assert "Leaders and talks" in texts and "leader of (→)" in texts and "arrested by (→)" not in texts
    dialog.scope_all.setChecked(True)
    dialog.export_to(tmp_path / "all.svg")
    texts = [
        "".join(t.itertext())
        for t in SafeET.parse(str(tmp_path / "all.svg")).getroot().iter("{http://www.w3.org/2000/svg}text")
    ]
    assert "arrested by (→)" in texts


def test_copy_image_puts_it_on_the_clipboard(dialog):
    dialog.set_format("png")
    dialog.page_box.setCurrentIndex(dialog.page_box.findData("custom"))
    dialog.width_spin.setValue(640)
    dialog.height_spin.setValue(400)
    image = dialog.copy_image()
    assert (image.width(), image.height()) == (640, 400)
    pasted = QGuiApplication.clipboard().image()
    assert (pasted.width(), pasted.height()) == (640, 400)


def test_every_format_exports_from_the_dialog(dialog, tmp_path):
    for fmt in ("pdf", "report", "graphml", "gexf", "json"):
        dialog.set_format(fmt)
        written = dialog.export_to(tmp_path / f"x.{fmt}")
        assert written and all(p.stat().st_size > 100 for p in written)
    dialog.set_format("csv")
    assert [p.name for p in dialog.export_to(tmp_path / "tables")] == [
        "actors.csv",
        "relationships.csv",
        "evidence.csv",
    ]


def test_view_only_filters_come_through(tmp_path, qtbot):
    """A focus or path filter the repository cannot express arrives as the ids the view shows."""
    repo = seeded_workspace(tmp_path)
    try:
        putin = repo.find_actor("Vladimir Putin").id
        around = [r for r in repo.list_relationships() if putin in (r.source_id, r.target_id)]
        actor_ids = {putin} | {r.source_id for r in around} | {r.target_id for r in around}
        dlg = ExportDialog(
            repo,
            visible_actor_ids=actor_ids,
            visible_relationship_ids=[r.id for r in around],
            settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
        )
        qtbot.addWidget(dlg)
        data = dlg.map_data()
        assert {a.name for a in data.actors} == {"Vladimir Putin", "Russia", "Kassym-Jomart Tokayev"}
        assert len(data.relationships) == 2
        dlg.scope_all.setChecked(True)
        assert len(dlg.map_data().relationships) == 9
    finally:
        repo.close()


def test_switching_show_keeps_the_caption(dialog, qtbot):
    """Switching "Show" emptied the Caption field; a caption the user typed must survive it too."""
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.caption_edit.text() != "", timeout=3000)
    assert "confirmed only" in dialog.caption_edit.text()  # the view's filters, in words
    qtbot.mouseClick(dialog.scope_all, Qt.MouseButton.LeftButton, pos=QPoint(8, dialog.scope_all.height() // 2))
    assert dialog.scope_all.isChecked()
    qtbot.wait(300)  # the preview refreshes after a pause
    assert dialog.caption_edit.text() == dialog.map_data().caption()
    # a picture of the whole graph: every type, confirmed relationships (proposals only on request)
    assert "all relationship types; confirmed only" in dialog.caption_edit.text()
    qtbot.mouseClick(dialog.scope_view, Qt.MouseButton.LeftButton, pos=QPoint(8, dialog.scope_view.height() // 2))
    qtbot.wait(300)
    assert "types: leader of, spoke with; confirmed only" in dialog.caption_edit.text()
    dialog.caption_edit.selectAll()
    qtbot.keyClicks(dialog.caption_edit, "Figure 3: who spoke with whom")
    qtbot.mouseClick(dialog.scope_all, Qt.MouseButton.LeftButton, pos=QPoint(8, dialog.scope_all.height() // 2))
    qtbot.wait(300)
    assert dialog.caption_edit.text() == "Figure 3: who spoke with whom"
    assert dialog.options().caption == "Figure 3: who spoke with whom"


def test_the_dialog_fits_the_screen_it_opens_on(dialog, qtbot):
    # A 560 px preview beside the settings made the dialog 1,060 px wide: Close and the note
    # fell off a 1024 px screen. The preview takes what the screen leaves.
    from desktop.ui.export_dialog import PREVIEW, preview_size

    assert preview_size(None) == PREVIEW and preview_size(1920) == PREVIEW
    small = preview_size(1024)
    assert small.width() < PREVIEW.width() and small.width() / small.height() == pytest.approx(1.4, rel=0.01)
    dialog.show()
    qtbot.waitExposed(dialog)
    screen = dialog.screen().availableGeometry().width()
    assert dialog.preview_px == preview_size(screen)
    assert dialog.width() <= screen, (dialog.width(), screen)
    image = dialog.preview_image()
    assert image.width() <= dialog.preview_px.width() and image.height() <= dialog.preview_px.height()
