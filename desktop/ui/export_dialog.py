"""File > Export…: choose a format and the look of the page, see it live, write it or copy it.

Self-contained: the main window passes the repository, the graph view's current positions and
its filters; the dialog does everything else through ``desktop.export`` (the same code the
``relmap export`` command runs). ``python -m desktop.ui.export_dialog`` opens it on the seed workspace.
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Mapping, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.export.exporters import IMAGE_FORMATS, SUFFIX, ExportRequest, default_statuses, export_file
from desktop.export.mapdata import MapData, collect_map
from desktop.export.render import A4_MM, RenderOptions, page_pixels, render_image
from desktop.graph.regions import ShownRegions
from desktop.model import Repository
from desktop.model.errors import RelmapError
from desktop.ui.plaintext import plain_label, plain_message_box

FORMATS: list[tuple[str, str, str]] = [
    ("png", "PNG image", "PNG image (*.png)"),
    ("svg", "SVG vector image", "SVG image (*.svg)"),
    ("pdf", "PDF vector image", "PDF document (*.pdf)"),
    ("report", "Report PDF: map and evidence appendix", "PDF document (*.pdf)"),
    ("graphml", "GraphML (Gephi, yEd, Cytoscape)", "GraphML (*.graphml)"),
    ("gexf", "GEXF (Gephi)", "GEXF (*.gexf)"),
    ("csv", "CSV tables (spreadsheets), into a folder", ""),
    ("json", "Relmap workspace (JSON, everything)", "Relmap workspace export (*.json)"),
]
PAGES = [("a4-landscape", "A4 landscape"), ("a4-portrait", "A4 portrait"), ("custom", "Custom pixel size")]
SETTINGS_DIR = "export/last_directory"
SETTINGS_FORMAT = "export/last_format"
PREVIEW = QSize(560, 400)
# The settings column and the dialog's margins: the preview takes what the screen leaves of the
# rest, down to PREVIEW_LEAST wide (a 560 px preview made the dialog 1,060 px: off a 1024 screen).
SETTINGS_PX = 560
PREVIEW_LEAST = 280


def preview_size(screen_width: int | None) -> QSize:
    """The preview's size on a screen ``screen_width`` px wide (None: unknown, the full size)."""
    if screen_width is None:
        return QSize(PREVIEW)
    w = min(PREVIEW.width(), max(PREVIEW_LEAST, screen_width - SETTINGS_PX))
    return QSize(w, round(w * PREVIEW.height() / PREVIEW.width()))


CLIPBOARD_MAX_SIDE = 4000  # a clipboard image bigger than this chokes most paste targets


class ExportDialog(QDialog):
    """Export the map, a report or an interchange file, with a live preview of the page."""

    sigExported = Signal(list)  # the paths written, as strings

    def __init__(
        self,
        repo: Repository,
        parent: QWidget | None = None,
        *,
        positions: Mapping[int, tuple[float, float]] | None = None,
        visible_types: Sequence[str] | None = None,
        visible_statuses: Sequence[str] | None = None,
        view_rect: tuple[float, float, float, float] | None = None,
        y_up: bool = True,
        date_from: date | None = None,
        date_to: date | None = None,
        date_axis: str = "reported",
        visible_actor_ids: Collection[int] | None = None,
        visible_relationship_ids: Collection[int] | None = None,
        regions: ShownRegions | None = None,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.repo = repo
        self.positions = dict(positions) if positions else None
        self.visible_types = list(visible_types) if visible_types else None
        self.visible_statuses = list(visible_statuses) if visible_statuses else None
        self.view_rect = view_rect  # the graph view's visible area, layout units; None: all of it
        self.y_up = y_up  # False if the graph view draws y downwards (ViewBox.invertY)
        self.date_from, self.date_to, self.date_axis = date_from, date_to, date_axis
        # what the view shows after filters the repository cannot express (focus, path)
        self.visible_actor_ids = None if visible_actor_ids is None else [int(i) for i in visible_actor_ids]
        self.visible_relationship_ids = (
            None if visible_relationship_ids is None else [int(i) for i in visible_relationship_ids]
        )
        # the communities the map shows as tinted regions: the pictures draw them too
        self.regions = regions
        self.settings = settings or QSettings("Relmap", "Relmap")
        self._data: MapData | None = None
        self._data_statuses: list[str] | None = None
        self.setWindowTitle("Export")
        self.setObjectName("ExportDialog")

        self.format_box = QComboBox()
        for key, label, _ in FORMATS:
            self.format_box.addItem(label, key)
        self.scope_view = QRadioButton("Current view (filters as shown)")
        self.scope_all = QRadioButton("Whole graph")
        self.scope_group = QButtonGroup(self)
        for button in (self.scope_view, self.scope_all):
            self.scope_group.addButton(button)
        self.scope_view.setChecked(True)
        self.page_box = QComboBox()
        for key, label in PAGES:
            self.page_box.addItem(label, key)
        self.width_spin = QSpinBox()
        self.height_spin = QSpinBox()
        for spin in (self.width_spin, self.height_spin):
            spin.setRange(64, 20000)
            spin.setSuffix(" px")
        self.width_spin.setValue(1920)
        self.height_spin.setValue(1080)
        self.dpi_spin = QSpinBox()
        self.dpi_spin.setRange(72, 600)
        self.dpi_spin.setSingleStep(50)
        self.dpi_spin.setValue(300)
        self.dpi_spin.setSuffix(" DPI")
        self.size_note = QLabel()
        self.size_note.setObjectName("sizeNote")
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("No title")
        self.caption_check = QCheckBox("Caption")
        self.caption_check.setChecked(True)
        self.caption_edit = QLineEdit()
        # a caption the user typed is theirs; otherwise the field shows the default caption of
        # what is exported, following "Show" and the filters
        self._caption_typed = False
        self.caption_edit.textEdited.connect(lambda text: setattr(self, "_caption_typed", bool(text.strip())))
        self.legend_check = QCheckBox("Legend of actor kinds and relationship types")
        self.legend_check.setChecked(True)
        # a picture or a report shows what was reviewed; proposals only when asked for, marked
        self.proposed_check = QCheckBox("Include proposed relationships (dashed, marked unreviewed)")
        self.proposed_check.setObjectName("proposedCheck")
        self.proposed_check.setToolTip(
            "Proposals Relmap made from the articles that nobody has reviewed yet. "
            "They are drawn dashed, the legend says they are not reviewed, and the "
            "report marks each of them UNREVIEWED."
        )
        self.background_box = QComboBox()
        self.background_box.addItem("White", "white")
        self.background_box.addItem("Transparent", "transparent")

        form = QFormLayout()
        form.addRow("Format", self.format_box)
        scope = QVBoxLayout()
        scope.addWidget(self.scope_view)
        scope.addWidget(self.scope_all)
        form.addRow("Show", scope)
        form.addRow("Page", self.page_box)
        size_row = QHBoxLayout()
        size_row.addWidget(self.width_spin)
        size_row.addWidget(QLabel("×"))
        size_row.addWidget(self.height_spin)
        form.addRow("Size", size_row)
        form.addRow("Resolution", self.dpi_spin)
        form.addRow("", self.size_note)
        form.addRow("Title", self.title_edit)
        caption_row = QHBoxLayout()
        caption_row.addWidget(self.caption_check)
        caption_row.addWidget(self.caption_edit, 1)
        form.addRow(caption_row)
        form.addRow("", self.legend_check)
        form.addRow("", self.proposed_check)
        form.addRow("Background", self.background_box)

        self.preview = QLabel()
        self.preview.setObjectName("preview")
        where = parent.screen() if parent is not None else QApplication.primaryScreen()
        self.preview_px = preview_size(where.availableGeometry().width() if where is not None else None)
        self.preview.setFixedSize(self.preview_px)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("QLabel#preview { background: #e9ecef; border: 1px solid #ced4da; }")
        self.preview_note = QLabel()
        self.preview_note.setWordWrap(True)
        self.status = plain_label(QLabel())  # quotes file names
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.copy_button = QPushButton("Copy image")
        self.copy_button.setToolTip("Put the image on the clipboard, at the chosen size (PNG settings)")
        self.export_button = QPushButton("Export…")
        self.export_button.setDefault(True)
        close_button = QPushButton("Close")
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close_button)

        right = QVBoxLayout()
        right.addWidget(self.preview)
        right.addWidget(self.preview_note)
        right.addStretch(1)
        top = QHBoxLayout()
        top.addLayout(form)
        top.addSpacing(12)
        top.addLayout(right)
        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)  # typing a title re-renders once, not once per key
        self._timer.timeout.connect(self._on_refresh)
        for signal in (
            self.format_box.currentIndexChanged,
            self.page_box.currentIndexChanged,
            self.background_box.currentIndexChanged,
            self.width_spin.valueChanged,
            self.height_spin.valueChanged,
            self.dpi_spin.valueChanged,
            self.title_edit.textChanged,
            self.caption_edit.textChanged,
            self.caption_check.toggled,
            self.legend_check.toggled,
            self.proposed_check.toggled,
        ):
            signal.connect(self._on_changed)
        self.scope_view.toggled.connect(self._on_scope_changed)
        self.copy_button.clicked.connect(self.copy_image)
        self.export_button.clicked.connect(self._on_export)
        close_button.clicked.connect(self.reject)

        last = self.settings.value(SETTINGS_FORMAT, "png")
        index = self.format_box.findData(last)
        self.format_box.setCurrentIndex(max(index, 0))
        self._on_scope_changed()
        self._update_enabled()
        self._on_refresh()

    # ---------------------------------------------------------------------------------- state
    @property
    def format(self) -> str:
        return self.format_box.currentData()

    def set_format(self, key: str) -> None:
        self.format_box.setCurrentIndex(self.format_box.findData(key))

    def statuses(self) -> list[str] | None:
        """The statuses exported: a picture or a report shows confirmed relationships, and
        proposed ones only with the box ticked; graph files take the view's filter (or, for the
        whole graph, proposed and confirmed)."""
        view = self.scope_view.isChecked()
        shown = list(self.visible_statuses) if view and self.visible_statuses else None
        if self.format not in IMAGE_FORMATS and self.format != "report":
            return shown
        base = shown if shown is not None else list(default_statuses(self.format)) + ["proposed"]
        kept = [st for st in base if st != "proposed" or self.proposed_check.isChecked()]
        return kept or ["confirmed"]

    def map_data(self) -> MapData:
        statuses = self.statuses()
        if self._data is not None and self._data_statuses != statuses:
            self._data = None
        if self._data is None:
            view = self.scope_view.isChecked()
            self._data_statuses = statuses
            self._data = collect_map(
                self.repo,
                positions=self.positions,
                types=self.visible_types if view else None,
                statuses=statuses,
                date_from=self.date_from if view else None,
                date_to=self.date_to if view else None,
                date_axis=self.date_axis,
                view_rect=self.view_rect if view else None,
                actor_ids=self.visible_actor_ids if view else None,
                relationship_ids=self.visible_relationship_ids if view else None,
                regions=self.regions,
            )
        return self._data

    def pixel_size(self) -> tuple[int, int]:
        """The PNG (and clipboard) size in pixels for the current page and DPI."""
        page = self.page_box.currentData()
        if page == "custom":
            return self.width_spin.value(), self.height_spin.value()
        w_mm, h_mm = (A4_MM[1], A4_MM[0]) if page == "a4-landscape" else A4_MM
        return page_pixels(w_mm, h_mm, self.dpi_spin.value())

    def options(self) -> RenderOptions:
        caption = None
        if not self.caption_check.isChecked():
            caption = ""
        elif self._caption_typed and self.caption_edit.text().strip():
            caption = self.caption_edit.text().strip()
        return RenderOptions(
            title=self.title_edit.text().strip() or None,
            caption=caption,
            legend=self.legend_check.isChecked(),
            background=self.background_box.currentData(),
            citations=self.format == "report",
            flip_y=self.y_up,
        )

    def request(self, out: Path | str) -> ExportRequest:
        view = self.scope_view.isChecked()
        page = self.page_box.currentData()
        width = height = None
        if self.format == "png" or (self.format == "svg" and page == "custom"):
            width, height = (
                self.pixel_size() if self.format == "png" else (self.width_spin.value(), self.height_spin.value())
            )
        options = self.options()
        return ExportRequest(
            format=self.format,
            out=Path(out),
            types=self.visible_types if view else None,
            statuses=self.statuses(),
            date_from=self.date_from if view else None,
            date_to=self.date_to if view else None,
            date_axis=self.date_axis,
            dpi=self.dpi_spin.value(),
            width=width,
            height=height,
            title=options.title,
            caption=options.caption,
            legend=options.legend,
            transparent=options.background == "transparent",
            landscape=page != "a4-portrait",
            positions=self.positions,
            y_up=self.y_up,
        )

    # ---------------------------------------------------------------------------------- preview
    def page_geometry(self) -> tuple[float, float, float]:
        """(width, height, width in inches) of the page the chosen format produces."""
        fmt, page = self.format, self.page_box.currentData()
        w: float
        h: float
        if fmt == "png":
            w, h = self.pixel_size()
            return w, h, w / self.dpi_spin.value()
        if fmt == "svg" and page == "custom":
            w, h = self.width_spin.value(), self.height_spin.value()
            return w, h, w / 96
        landscape = fmt == "report" or page != "a4-portrait"
        w, h = (A4_MM[1], A4_MM[0]) if landscape else A4_MM
        return w, h, w / 25.4

    def preview_image(self) -> QImage:
        """The page as it will look, small: same layout, type scaled with the page."""
        w, h, inches = self.page_geometry()
        fit = min(self.preview_px.width() / w, self.preview_px.height() / h)
        target = QSize(max(16, round(w * fit)), max(16, round(h * fit)))
        # drawn at twice the size, then scaled down smoothly, so small type stays legible
        dpi = 2 * target.width() / inches
        image = render_image(
            self.map_data(),
            width_px=2 * target.width(),
            height_px=2 * target.height(),
            dpi=min(max(18.0, dpi), 2400.0),
            options=self.options(),
        )
        return image.scaled(target, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)

    def _on_refresh(self) -> None:
        data = self.map_data()
        if not self._caption_typed and self.caption_edit.text() != data.caption():
            # the default caption says what is shown: it follows the scope and the statuses
            self.caption_edit.setText(data.caption())
            self.caption_edit.setCursorPosition(0)
        image = self.preview_image()
        shown = QPixmap(image.size())
        painter = QPainter(shown)
        # a checkerboard shows what is transparent
        checker = QPixmap(16, 16)
        checker.fill(QColor("#ffffff"))
        p2 = QPainter(checker)
        p2.fillRect(0, 0, 8, 8, QColor("#dee2e6"))
        p2.fillRect(8, 8, 8, 8, QColor("#dee2e6"))
        p2.end()
        painter.fillRect(shown.rect(), QBrush(checker))
        painter.drawImage(0, 0, image)
        painter.end()
        self.preview.setPixmap(shown)
        n_a, n_r = len(data.actors), len(data.relationships)
        notes = {
            "report": f"Page 1 of the report; then the evidence appendix for {n_r} relationships.",
            "graphml": f"{n_a} actors and {n_r} relationships with kinds, types, status, confidence, "
            "evidence counts, positions and colours.",
            "gexf": f"{n_a} actors and {n_r} relationships, with Gephi colours, positions and sizes.",
            "csv": "actors.csv, relationships.csv and evidence.csv in the folder you choose.",
            "json": "The whole workspace (every actor, article, relationship and excerpt), whatever the filters.",
        }
        note = notes.get(self.format, f"{n_a} actors, {n_r} relationships.")
        if self.proposed_check.isEnabled():
            unreviewed = sum(1 for r in data.relationships if r.status == "proposed")
            if self.proposed_check.isChecked():
                note += f" {unreviewed} of them unreviewed (dashed)." if unreviewed else ""
            else:
                waiting = len(self.repo.list_relationships(statuses=["proposed"], with_evidence=False))
                if waiting and not n_r:
                    note = (
                        f"Nothing here is confirmed yet: {waiting} proposed relationship"
                        f"{'s are' if waiting != 1 else ' is'} left out. Review them in the Proposals dock, "
                        "or tick “Include proposed relationships” to show them marked as unreviewed."
                    )
                elif waiting:
                    note += (
                        f" {waiting} proposed relationship{'s' if waiting != 1 else ''} nobody has reviewed "
                        f"{'are' if waiting != 1 else 'is'} left out."
                    )
        self.preview_note.setText(note)
        self._update_size_note()

    def _update_size_note(self) -> None:
        if self.format == "png":
            w, h = self.pixel_size()
            self.size_note.setText(
                f"{w} × {h} pixels at {self.dpi_spin.value()} DPI "
                f"({w / self.dpi_spin.value() * 25.4:.0f} × {h / self.dpi_spin.value() * 25.4:.0f} mm)"
            )
        elif self.format in ("svg", "pdf", "report"):
            self.size_note.setText("Vector: sharp at any size.")
        else:
            self.size_note.setText("")

    def _update_enabled(self) -> None:
        fmt = self.format
        image = fmt in ("png", "svg", "pdf", "report")
        custom = self.page_box.currentData() == "custom"
        self.page_box.setEnabled(fmt in ("png", "svg", "pdf"))
        self.width_spin.setEnabled(fmt in ("png", "svg") and custom)
        self.height_spin.setEnabled(fmt in ("png", "svg") and custom)
        self.dpi_spin.setEnabled(fmt == "png")
        for widget in (self.title_edit, self.caption_check, self.caption_edit, self.legend_check, self.proposed_check):
            widget.setEnabled(image)
        self.background_box.setEnabled(fmt in ("png", "svg"))
        self.caption_edit.setEnabled(image and self.caption_check.isChecked())
        self.scope_view.setEnabled(fmt != "json")
        self.scope_all.setEnabled(fmt != "json")

    def _on_changed(self, *_: object) -> None:
        self._update_enabled()
        self._timer.start()

    def _on_scope_changed(self, *_: object) -> None:
        # (clearing the caption here once left it empty: QLineEdit.clear() counts as an edit,
        # so the default caption was never put back)
        self._data = None
        self._timer.start()

    # ---------------------------------------------------------------------------------- actions
    def copy_image(self) -> QImage:
        """Put the map on the clipboard at the PNG size (capped so paste targets cope)."""
        w, h = self.pixel_size() if self.format == "png" else page_pixels(A4_MM[1], A4_MM[0], 150)
        dpi = self.dpi_spin.value() if self.format == "png" else 150
        shrink = min(1.0, CLIPBOARD_MAX_SIDE / max(w, h))
        image = render_image(
            self.map_data(),
            width_px=round(w * shrink),
            height_px=round(h * shrink),
            dpi=dpi * shrink,
            options=self.options(),
        )
        QGuiApplication.clipboard().setImage(image)
        self.status.setText(f"Copied a {image.width()} × {image.height()} image to the clipboard.")
        return image

    def export_to(self, out: Path | str) -> list[Path]:
        """Write the chosen format to ``out``; remembers its folder for next time."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            written = export_file(self.repo, self.request(out), data=self.map_data() if self.format != "json" else None)
        finally:
            QApplication.restoreOverrideCursor()
        folder = Path(out) if self.format == "csv" else Path(out).parent
        self.settings.setValue(SETTINGS_DIR, str(folder))
        self.settings.setValue(SETTINGS_FORMAT, self.format)
        self.status.setText("Wrote " + ", ".join(str(p) for p in written))
        self.sigExported.emit([str(p) for p in written])
        return written

    def suggested_path(self) -> Path:
        folder = Path(str(self.settings.value(SETTINGS_DIR, "") or Path.home()))
        stem = self.repo.title + ("-report" if self.format == "report" else "")
        return folder / (stem + (f"-{self.format}" if self.format == "csv" else SUFFIX[self.format]))

    def _on_export(self) -> None:
        suggested = self.suggested_path()
        if self.format == "csv":
            chosen = QFileDialog.getExistingDirectory(self, "Folder for the CSV tables", str(suggested.parent))
        else:
            name_filter = next(f for key, _, f in FORMATS if key == self.format)
            chosen, _ = QFileDialog.getSaveFileName(self, "Export", str(suggested), name_filter)
            if chosen and not Path(chosen).suffix:
                chosen += SUFFIX[self.format]
        if not chosen:
            return
        try:
            self.export_to(chosen)
        except (RelmapError, OSError, ValueError) as exc:
            plain_message_box(
                QMessageBox.Icon.Warning, "Export failed", str(exc), QMessageBox.StandardButton.Ok, self
            ).exec()


def _positions_for(repo: Repository) -> dict[int, tuple[float, float]] | None:
    """Layout positions for a workspace never drawn (only for running the dialog alone)."""
    import numpy as np

    from desktop.graph.layout import layout

    actors = repo.list_actors()
    if all(a.x is not None for a in actors):
        return None
    index = {a.id: i for i, a in enumerate(actors)}
    edges = np.array(
        [[index[r.source_id], index[r.target_id]] for r in repo.list_relationships(with_evidence=False)], dtype=np.int64
    ).reshape(-1, 2)
    out = layout(edges, len(actors), names=[a.name for a in actors]).positions
    return {a.id: (float(out[i, 0]), float(out[i, 1])) for i, a in enumerate(actors)}


def main(argv: Sequence[str] | None = None) -> int:
    from desktop.paths import default_workspace_path
    from desktop.seed import open_user_workspace

    argv = list(sys.argv[1:] if argv is None else argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    repo = open_user_workspace(Path(argv[0]) if argv else default_workspace_path())
    try:
        dialog = ExportDialog(repo, positions=_positions_for(repo))
        dialog.show()
        return app.exec()
    finally:
        repo.close()


if __name__ == "__main__":
    sys.exit(main())
