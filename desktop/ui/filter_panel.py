"""Filter dock: which relationship types, statuses and window of time to draw, a neighbourhood
of depth N around one actor, or the shortest path between two actors.

The window of time is the same one the time bar under the map shows: the main window keeps
the two in step through the map session (``show_time_window``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.graph.actor_search import ActorIndex
from desktop.graph.scene import STATUSES, GraphScene, SceneFilter
from desktop.graph.timeline import HELD, REPORTED
from desktop.ui.actor_picker import ActorPicker
from desktop.ui.date_field import DateField
from desktop.ui.plaintext import plain_label


def _swatch(colour: str) -> QIcon:
    pm = QPixmap(14, 4)
    pm.fill(QColor(colour))
    return QIcon(pm)


class FilterPanel(QWidget):
    """Emits ``sigFilterChanged(SceneFilter)`` (debounced) whenever a control changes."""

    sigFilterChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._type_boxes: dict[str, QCheckBox] = {}
        self._debounce = QTimer(self, singleShot=True, interval=60)
        self._debounce.timeout.connect(lambda: self.sigFilterChanged.emit(self.current_filter()))
        inner = QWidget()
        col = QVBoxLayout(inner)
        col.setContentsMargins(8, 4, 8, 8)

        self.types_box = QGroupBox("Relationship types", inner)
        self._types_layout = QVBoxLayout(self.types_box)
        self._types_layout.setSpacing(2)
        col.addWidget(self.types_box)

        status_box = QGroupBox("Status", inner)
        row = QVBoxLayout(status_box)
        row.setSpacing(2)
        self._status_boxes: dict[str, QCheckBox] = {}
        for st in STATUSES:
            cb = QCheckBox(st, status_box)
            cb.setChecked(st != "rejected")
            cb.toggled.connect(self._changed)
            self._status_boxes[st] = cb
            row.addWidget(cb)
        col.addWidget(status_box)

        date_box = QGroupBox("Time", inner)
        form = QFormLayout(date_box)
        self.date_on = QCheckBox("Only a window of time", date_box)
        self.date_on.toggled.connect(self._changed)
        self.date_axis = QComboBox(date_box)
        self.date_axis.addItem("when reported", REPORTED)
        self.date_axis.addItem("when it held", HELD)
        self.date_axis.setToolTip("Reported: article dates of the excerpts · Held: the relationships' valid-from/to")
        # the axis the time bar shows follows, with or without a window
        self.date_axis.currentIndexChanged.connect(self._changed)
        # typed whole (2022-01-07, 2022-01, 2022) or picked on a calendar: QDateEdit refused a
        # whole date typed over its text, so typed dates never reached the map
        self.date_from = DateField(date_box)
        self.date_to = DateField(date_box, end=True)
        for w in (self.date_from, self.date_to):
            # a date typed or picked is a window the user wants: it switches the window on
            w.dateChanged.connect(self._date_edited)
        form.addRow(self.date_on)
        form.addRow(self.date_axis)
        form.addRow("from", self.date_from)
        form.addRow("to", self.date_to)
        col.addWidget(date_box)

        focus_box = QGroupBox("Focus", inner)
        form = QFormLayout(focus_box)
        self.hood_on = QCheckBox("Neighbourhood of", focus_box)
        self.hood_on.toggled.connect(self._changed)
        # searchable pickers: a workspace of thousands of actors is no drop-down
        self.hood_actor = ActorPicker(focus_box, placeholder="actor (type a name)")
        self.hood_actor.sigActorChosen.connect(self._on_hood_actor)
        # not `depth`: that is QPaintDevice.depth(), which every widget has
        self.depth_spin = QSpinBox(focus_box, minimum=1, maximum=6, value=1, suffix=" step(s)")
        self.depth_spin.valueChanged.connect(self._changed_if(self.hood_on))
        form.addRow(self.hood_on)
        form.addRow(self.hood_actor)
        form.addRow("depth", self.depth_spin)
        self.path_on = QCheckBox("Shortest path between", focus_box)
        self.path_on.toggled.connect(self._changed)
        self.path_a = ActorPicker(focus_box, placeholder="actor (type a name)")
        self.path_b = ActorPicker(focus_box, placeholder="actor (type a name)")
        for picker in (self.path_a, self.path_b):
            picker.sigActorChosen.connect(self._on_path_actor)
        form.addRow(self.path_on)
        form.addRow("from", self.path_a)
        form.addRow("to", self.path_b)
        for picker in (self.hood_actor, self.path_a, self.path_b):
            picker.setMinimumWidth(120)
        self.message = plain_label(QLabel(focus_box))  # may quote actor names
        self.message.setWordWrap(True)
        form.addRow(self.message)
        col.addWidget(focus_box)

        reset = QPushButton("Show everything", inner)
        reset.clicked.connect(self.reset)
        col.addWidget(reset, 0, Qt.AlignmentFlag.AlignLeft)
        col.addStretch(1)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    # ------------------------------------------------------------------ content
    def set_scene(self, scene: GraphScene) -> None:
        """Offer the types and actors the workspace has, keeping the user's choices."""
        self.blockSignals(True)
        used = sorted(set(scene.types), key=scene.type_label)
        for key in list(self._type_boxes):
            if key not in used:
                self._type_boxes.pop(key).deleteLater()
        for key in used:
            if key not in self._type_boxes:
                cb = QCheckBox(scene.type_label(key), self.types_box)
                cb.setIcon(_swatch(scene.type_color(key)))
                cb.setChecked(True)
                cb.toggled.connect(self._changed)
                self._type_boxes[key] = cb
        for key in used:  # keep alphabetical order
            self._types_layout.removeWidget(self._type_boxes[key])
            self._types_layout.addWidget(self._type_boxes[key])
        self.types_box.setVisible(bool(used))
        index = ActorIndex(scene.actor_ids.tolist(), scene.names, scene.aliases, scene.degree.tolist())
        for picker in (self.hood_actor, self.path_a, self.path_b):
            picker.blockSignals(True)
            picker.set_index(index)
            picker.blockSignals(False)
        if self.path_a.actor_id() is None and self.path_b.actor_id() is None and index.ids:
            # a start: the two most connected actors
            top = index.rank("", limit=2)
            for picker, match in ((self.path_a, top[0]), (self.path_b, top[-1])):
                picker.blockSignals(True)
                picker.set_actor(match.actor_id)
                picker.blockSignals(False)
        dates = sorted({d for d in (*scene.first_published, *scene.last_published) if d is not None})
        if dates and not self.date_on.isChecked():
            self._set_dates(dates[0], dates[-1])
        self.blockSignals(False)

    def _set_dates(self, first: date | None, last: date | None) -> None:
        for edit, day in ((self.date_from, first), (self.date_to, last)):
            if day is not None:
                edit.blockSignals(True)
                edit.setDate(day)
                edit.blockSignals(False)

    def show_time_window(self, axis: str, first: date | None, last: date | None) -> None:
        """Show the window the map is filtered by (set on the time bar): no signal goes out."""
        self.date_axis.blockSignals(True)
        self.date_axis.setCurrentIndex(max(self.date_axis.findData(axis), 0))
        self.date_axis.blockSignals(False)
        on = first is not None or last is not None
        self.date_on.blockSignals(True)
        self.date_on.setChecked(on)
        self.date_on.blockSignals(False)
        if on:
            self._set_dates(first, last)

    def _date_edited(self, *_args) -> None:  # noqa: ANN002
        if self.signalsBlocked():
            return
        self.date_on.setChecked(True)
        self._changed()

    def current_filter(self) -> SceneFilter:
        keys = list(self._type_boxes)
        checked = frozenset(k for k, cb in self._type_boxes.items() if cb.isChecked())
        types = None if len(checked) == len(keys) else checked

        first, last = self.date_from.date(), self.date_to.date()
        path = None
        a, b = self.path_a.actor_id(), self.path_b.actor_id()
        if self.path_on.isChecked() and a is not None and b is not None:
            path = (a, b)
        hood = self.hood_actor.actor_id()
        return SceneFilter(
            types=types,
            statuses=frozenset(s for s, cb in self._status_boxes.items() if cb.isChecked()),
            date_from=min(first, last) if self.date_on.isChecked() else None,
            date_to=max(first, last) if self.date_on.isChecked() else None,
            date_axis=self.date_axis.currentData(),
            focus_actor=hood if self.hood_on.isChecked() else None,
            depth=self.depth_spin.value(),
            path=path,
        )

    def set_type_checked(self, key: str, on: bool) -> None:
        self._type_boxes[key].setChecked(on)

    def set_status_checked(self, status: str, on: bool) -> None:
        self._status_boxes[status].setChecked(on)

    def focus_on(self, actor_id: int, depth: int | None = None) -> None:
        self.hood_actor.set_actor(actor_id)
        if depth is not None:
            self.depth_spin.setValue(depth)
        self.path_on.setChecked(False)
        self.hood_on.setChecked(True)
        self._changed()

    def path_between(self, a: int, b: int) -> None:
        self.path_a.set_actor(a)
        self.path_b.set_actor(b)
        self.hood_on.setChecked(False)
        self.path_on.setChecked(True)
        self._changed()

    def set_message(self, text: str) -> None:
        self.message.setText(text)

    def reset(self) -> None:
        for cb in self._type_boxes.values():
            cb.setChecked(True)
        for st, cb in self._status_boxes.items():
            cb.setChecked(st != "rejected")
        for cb in (self.date_on, self.hood_on, self.path_on):
            cb.setChecked(False)
        self._changed()

    def _changed(self, *_args) -> None:  # noqa: ANN002
        if not self.signalsBlocked():
            self._debounce.start()

    def _on_hood_actor(self, actor_id: int | None) -> None:
        """An actor chosen for the neighbourhood is a neighbourhood the user wants."""
        if actor_id is not None and not self.hood_on.isChecked():
            self.path_on.setChecked(False)
            self.hood_on.setChecked(True)
        elif self.hood_on.isChecked():
            self._changed()

    def _on_path_actor(self, actor_id: int | None) -> None:
        """Both ends of a path chosen: the path is what the user wants."""
        both = self.path_a.actor_id() is not None and self.path_b.actor_id() is not None
        if actor_id is not None and both and not self.path_on.isChecked():
            self.hood_on.setChecked(False)
            self.path_on.setChecked(True)
        elif self.path_on.isChecked():
            self._changed()

    def _changed_if(self, box: QCheckBox) -> Callable[..., None]:
        """A slot that applies the filter only while ``box`` is ticked."""

        def changed(*_args: object) -> None:
            if box.isChecked():
                self._changed()

        return changed

    def flush(self) -> None:
        """Emit a pending change now (tests, and before the window reads the filter)."""
        if self._debounce.isActive():
            self._debounce.stop()
            self.sigFilterChanged.emit(self.current_filter())


if __name__ == "__main__":
    from desktop.graph.scene import load_scene
    from desktop.model import Repository
    from desktop.ui.preview import run_preview

    def _make(repo: Repository) -> FilterPanel:
        panel = FilterPanel()
        panel.set_scene(load_scene(repo))
        panel.sigFilterChanged.connect(print)
        return panel

    raise SystemExit(run_preview(_make))
