"""The time bar under the map: a histogram of the workspace over time with a window that
filters the map live.

Two axes (``desktop.graph.timeline``): *reported* counts excerpts by their article's date;
*held* counts relationships by their valid-from/valid-to, with those whose end is open drawn
as open (outlined) bars. The window is dragged (inside: move; at an edge: resize; elsewhere:
draw a new one; a click takes one bar; a double-click shows all time) or driven from the
keyboard: ←/→ move it one bar, Shift+←/→ make it one bar shorter or longer, Home/End go to
either end, Space plays (the window steps through time), Esc shows all time.

The bar only says which window the user wants (``sigWindowChanged``, at most one every
``EMIT_MS`` while a drag goes on); the window's owner filters the map and tells the bar what
the map shows (``show_window``), so the Filter dock's typed dates and the bar stay in step.
``python -m desktop.ui.time_bar`` opens it on the seed workspace.
"""

from __future__ import annotations

from datetime import date

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSizePolicy, QToolButton, QToolTip, QVBoxLayout, QWidget

from desktop.graph.timeline import (
    HELD,
    OPEN_END,
    REPORTED,
    Histogram,
    TimeIndex,
    add_units,
    histogram,
    resize_window,
    step_window,
)
from desktop.ui.theme import current_theme

# While a window is dragged, the map is filtered at most this often (ms): live, yet never a
# queue of filter updates behind the pointer.
EMIT_MS = 40
# Play: one step of the window per tick.
PLAY_MS = 650
BAR_HEIGHT = 50  # the whole bar, controls included: the map keeps the room
EDGE_PX = 5  # how near a window's edge the pointer resizes rather than moves it
MIN_BIN_PX = 6  # bars are at least this wide (the bins get coarser on a narrow bar)
MIN_SPAN_DAYS = 20  # the bar shows at least this many days
_PAD = 6
_TICKS_H = 14
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _d(day: int) -> date:
    return date.fromordinal(int(day))


class TimeCanvas(QWidget):
    """The histogram and the window; all pointer and key handling of the bar."""

    def __init__(self, bar: TimeBar) -> None:
        super().__init__(bar)
        self.bar = bar
        self.setObjectName("timeCanvas")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(BAR_HEIGHT - 4)
        self.setAccessibleName("Time bar")
        self.setToolTip("")
        self._drag: tuple[str, int, tuple[int, int] | None] | None = None  # (mode, press day, window at press)
        self._moved = False
        self._repeating = False  # an arrow key is held down
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() - 1.5, 7.0))
        self.small = font
        self.small_bold = QFont(font)
        self.small_bold.setBold(True)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(400, BAR_HEIGHT - 4)

    # ------------------------------------------------------------------ geometry
    def plot_rect(self) -> QRectF:
        return QRectF(_PAD, 3, max(self.width() - 2 * _PAD, 10), self.height() - 3 - _TICKS_H)

    def x_of(self, day: float) -> float:
        h = self.bar.bars()
        r = self.plot_rect()
        e0, e1 = float(h.edges[0]), float(h.edges[-1])
        return r.left() + (day - e0) / max(e1 - e0, 1.0) * r.width()

    def day_at(self, x: float) -> int:
        h = self.bar.bars()
        r = self.plot_rect()
        e0, e1 = int(h.edges[0]), int(h.edges[-1])
        t = (x - r.left()) / max(r.width(), 1.0)
        return int(min(max(np.floor(e0 + t * (e1 - e0)), e0), e1 - 1))

    def bin_at(self, x: float) -> int:
        h = self.bar.bars()
        return int(np.clip(np.searchsorted(h.edges, self.day_at(x), side="right") - 1, 0, len(h.counts) - 1))

    def _mode_at(self, x: float) -> str:
        w = self.bar.window_days
        if w is None:
            return "new"
        left, right = self.x_of(w[0]), self.x_of(w[1] + 1)
        if abs(x - left) <= EDGE_PX and abs(x - left) <= abs(x - right):
            return "left"
        if abs(x - right) <= EDGE_PX:
            return "right"
        return "move" if left < x < right else "new"

    # ------------------------------------------------------------------ pointer
    def mousePressEvent(self, ev: QMouseEvent) -> None:  # noqa: N802
        if self.bar.hist is None or ev.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(ev)
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.bar.stop()
        x = ev.position().x()
        self._drag = (self._mode_at(x), self.day_at(x), self.bar.window_days)
        self._moved = False
        self.bar.sigInteracting.emit(True)
        ev.accept()

    def mouseMoveEvent(self, ev: QMouseEvent) -> None:  # noqa: N802
        x = ev.position().x()
        if self.bar.hist is None:
            return
        if self._drag is None:
            mode = self._mode_at(x)
            self.setCursor(
                Qt.CursorShape.SizeHorCursor
                if mode in ("left", "right")
                else Qt.CursorShape.OpenHandCursor
                if mode == "move"
                else Qt.CursorShape.ArrowCursor
            )
            self._tip(ev)
            return
        mode, press, start = self._drag
        day = self.day_at(x)
        if day == press and not self._moved:
            return
        self._moved = True
        lo, hi = self.bar.span()
        if mode == "move" and start is not None:
            length = start[1] - start[0]
            first = min(max(start[0] + day - press, lo), max(hi - length, lo))
            window = (first, first + length)
        elif mode == "left" and start is not None:
            window = (min(day, start[1]), start[1])
        elif mode == "right" and start is not None:
            window = (start[0], max(day, start[0]))
        else:
            window = (min(press, day), max(press, day))
        self.bar.set_window(window)

    def mouseReleaseEvent(self, ev: QMouseEvent) -> None:  # noqa: N802
        if self._drag is None or ev.button() != Qt.MouseButton.LeftButton:
            return super().mouseReleaseEvent(ev)
        mode = self._drag[0]
        self._drag = None
        if not self._moved and mode == "new":
            # a click on a bar: the window is that bar
            h = self.bar.bars()
            b = self.bin_at(ev.position().x())
            self.bar.set_window((int(h.edges[b]), int(h.edges[b + 1]) - 1))
        self.bar.flush()
        self.bar.sigInteracting.emit(False)
        ev.accept()

    def mouseDoubleClickEvent(self, ev: QMouseEvent) -> None:  # noqa: N802
        if ev.button() == Qt.MouseButton.LeftButton:
            self._drag = None
            self.bar.clear_window()
            ev.accept()

    def _tip(self, ev: QMouseEvent) -> None:
        h = self.bar.bars()
        b = self.bin_at(ev.position().x())
        first, last = _d(h.edges[b]), _d(h.edges[b + 1] - 1)
        when = first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
        if self.bar.axis == REPORTED:
            n = int(h.counts[b])
            text = f"{when}: {n} excerpt{'s' if n != 1 else ''}"
        else:
            n, m = int(h.counts[b]), int(h.open_counts[b])
            text = f"{when}: {n} relationship{'s' if n != 1 else ''} held"
            if m:
                text += f", {m} more may have (an open end)"
        QToolTip.showText(ev.globalPosition().toPoint(), text, self)

    # ------------------------------------------------------------------ keys
    def event(self, ev) -> bool:  # noqa: ANN001
        # Esc is also the window's "clear selection" shortcut: on the bar it means all time
        if (
            ev.type() == QEvent.Type.ShortcutOverride
            and ev.key() == Qt.Key.Key_Escape
            and self.bar.window_days is not None
        ):
            ev.accept()
            return True
        return super().event(ev)

    def keyPressEvent(self, ev: QKeyEvent) -> None:  # noqa: N802
        bar, key = self.bar, ev.key()
        shift = bool(ev.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if key == Qt.Key.Key_Space:
            bar.toggle_play()
        elif key == Qt.Key.Key_Escape and bar.window_days is not None:
            bar.clear_window()
        elif bar.hist is None:
            return super().keyPressEvent(ev)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            bar.stop()
            if ev.isAutoRepeat() and not self._repeating:
                self._repeating = True  # a key held down: the window moves many times a second
                bar.sigInteracting.emit(True)
            step = 1 if key == Qt.Key.Key_Right else -1
            if shift:
                bar.resize_by(step)
            else:
                bar.step(step)
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            bar.stop()
            bar.go_to_end(key == Qt.Key.Key_End)
        else:
            return super().keyPressEvent(ev)
        ev.accept()

    def keyReleaseEvent(self, ev: QKeyEvent) -> None:  # noqa: N802
        if self._repeating and not ev.isAutoRepeat():
            self._repeating = False
            self.bar.flush()
            self.bar.sigInteracting.emit(False)
        super().keyReleaseEvent(ev)

    def focusInEvent(self, ev) -> None:  # noqa: ANN001, N802
        super().focusInEvent(ev)
        self.update()

    def focusOutEvent(self, ev) -> None:  # noqa: ANN001, N802
        super().focusOutEvent(ev)
        self.update()

    # ------------------------------------------------------------------ painting
    def paintEvent(self, _ev: QPaintEvent) -> None:  # noqa: N802
        bar = self.bar
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pal = self.palette()
        theme = current_theme()
        p.fillRect(self.rect(), pal.base())
        muted = QColor(theme.muted_text)
        h = bar.hist
        if h is None:
            p.setPen(muted)
            p.setFont(self.small)
            p.drawText(
                QRectF(self.rect().adjusted(8, 2, -8, -2)),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap),
                bar.empty_text(),
            )
            self._focus_frame(p)
            return
        r = self.plot_rect()
        top = max(int((h.counts + h.open_counts).max()), 1)
        window = bar.window_days
        bright = QColor("#3f6fb5")
        dim = QColor(theme.muted_text)
        dim.setAlpha(110)
        # plain lists, and every bar's x at once (what x_of gives): the bar repaints at every
        # step of a drag, and numpy scalars one at a time cost more than the drawing
        edges = h.edges.tolist()
        e0, e1 = float(h.edges[0]), float(h.edges[-1])
        xs = (r.left() + (h.edges - e0) / max(e1 - e0, 1.0) * r.width()).tolist()
        counts, open_counts = h.counts.tolist(), h.open_counts.tolist()
        height, bottom = r.height(), r.bottom()
        bright_pen, dim_pen = QPen(bright, 1.0), QPen(dim, 1.0)
        for b in range(len(counts)):
            x0, x1 = xs[b], xs[b + 1]
            inside = window is None or (edges[b + 1] - 1 >= window[0] and edges[b] <= window[1])
            colour = bright if inside else dim
            w = max(x1 - x0 - (1.0 if x1 - x0 > 3 else 0.0), 1.0)
            solid = counts[b] / top * height
            if solid > 0:
                p.fillRect(QRectF(x0, bottom - max(solid, 1.0), w, max(solid, 1.0)), colour)
            hollow = open_counts[b] / top * height
            if hollow > 0:
                # may have held (an open end): drawn open, an outline on top of the solid bar
                p.setPen(bright_pen if inside else dim_pen)
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(
                    QRectF(
                        x0 + 0.5,
                        r.bottom() - solid - max(hollow, 1.0) + 0.5,
                        max(w - 1.0, 0.5),
                        max(hollow, 1.0) - 1.0 if hollow > 1 else 0.5,
                    )
                )
        # baseline
        p.setPen(QPen(QColor(theme.muted_text), 1.0))
        p.drawLine(QPointF(r.left(), r.bottom() + 0.5), QPointF(r.right(), r.bottom() + 0.5))
        self._ticks(p, h, r, window)
        if window is not None:
            x0, x1 = self.x_of(window[0]), self.x_of(window[1] + 1)
            shade = QColor(theme.accent)
            shade.setAlpha(40)
            p.fillRect(QRectF(x0, r.top(), max(x1 - x0, 2.0), r.height()), shade)
            accent = QColor(theme.accent)
            p.setPen(QPen(accent, 2.0))
            for x in (x0, x1):
                p.drawLine(QPointF(x, r.top()), QPointF(x, r.bottom() + 1))
                p.fillRect(QRectF(x - 2.5, r.center().y() - 7, 5, 14), accent)
        self._focus_frame(p)

    def _focus_frame(self, p: QPainter) -> None:
        if self.hasFocus():
            pen = QPen(self.palette().highlight().color(), 1.0, Qt.PenStyle.DotLine)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))

    def _ticks(self, p: QPainter, h: Histogram, r: QRectF, window: tuple[int, int] | None) -> None:
        """Calendar ticks under the bars (years, months or days, as many as fit), and the
        window's first and last day in bold over them."""
        fm = QFontMetricsF(self.small)
        y = r.bottom() + 2
        text_rect_h = _TICKS_H - 2
        first, last = int(h.edges[0]), int(h.edges[-1])
        spanned = last - first
        unit = "year" if spanned > 3 * 365 else "month" if spanned > 75 else "day"
        label_w = fm.horizontalAdvance("Sep 2022" if unit == "month" else "2022" if unit == "year" else "30 Sep")
        per_px = spanned / max(r.width(), 1.0)
        every = 1
        while (every * {"year": 365, "month": 30.4, "day": 1}[unit]) / per_px < label_w + 10:
            every = {1: 2, 2: 3, 3: 6, 6: 12}.get(every, every * 2) if unit == "month" else every * 2
        t = {"year": date(_d(first).year, 1, 1), "month": date(_d(first).year, _d(first).month, 1), "day": _d(first)}[
            unit
        ].toordinal()
        taken: list[tuple[float, float]] = []
        marks: list[tuple[float, str, bool]] = []
        if window is not None:
            a, b = _d(window[0]).isoformat(), _d(window[1]).isoformat()
            bfm = QFontMetricsF(self.small_bold)
            x0, x1 = self.x_of(window[0]), self.x_of(window[1] + 1)
            wa, wb = bfm.horizontalAdvance(a) + 6, bfm.horizontalAdvance(b) + 6
            if window[0] == window[1] or x0 + wa + 4 > x1 - wb:
                text = a if window[0] == window[1] else f"{a} – {b}"
                w = bfm.horizontalAdvance(text) + 6
                cx = min(max((x0 + x1) / 2, r.left() + w / 2), r.right() - w / 2)
                marks.append((cx - w / 2, text, True))
                taken.append((cx - w / 2, cx + w / 2))
            else:
                la = min(max(x0, r.left()), r.right() - wa)
                lb = max(min(x1 - wb, r.right() - wb), r.left())
                marks += [(la, a, True), (lb, b, True)]
                taken += [(la, la + wa), (lb, lb + wb)]
        p.setPen(QPen(QColor(current_theme().muted_text), 1.0))
        while t < last:
            d = _d(t)
            x = self.x_of(t)
            text = (
                str(d.year)
                if unit == "year"
                else (f"{_MONTHS[d.month - 1]} {d.year}" if unit == "month" else f"{d.day} {_MONTHS[d.month - 1]}")
            )
            w = fm.horizontalAdvance(text) + 4
            if x >= r.left() - 1 and x + w <= r.right() + _PAD and not any(a < x + w and x < b for a, b in taken):
                p.drawLine(QPointF(x, r.bottom() + 1), QPointF(x, r.bottom() + 4))
                marks.append((x + 2, text, False))
            t = add_units(t, unit, every)
        for x, text, bold in marks:
            p.setFont(self.small_bold if bold else self.small)
            p.setPen(QColor(current_theme().text if bold else current_theme().muted_text))
            p.drawText(QRectF(x, y, 400, text_rect_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)

    def resizeEvent(self, ev) -> None:  # noqa: ANN001, N802
        super().resizeEvent(ev)
        self.bar.refresh()


class TimeBar(QWidget):
    """Histogram of the workspace over time with a window; ``sigWindowChanged(axis, first,
    last)`` (dates, both None for all time) says which window the user wants."""

    sigWindowChanged = Signal(str, object, object)
    #: True while the window moves many times a second (a drag, play), False when it stops:
    #: the map may draw the quick way meanwhile
    sigInteracting = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeBar")
        self.axis = REPORTED
        self.index: TimeIndex | None = None
        self.window_days: tuple[int, int] | None = None  # first and last day (ordinals), both included
        self.hist: Histogram | None = None
        self._hists: dict[tuple, Histogram | None] = {}
        self.axis_box = QComboBox(self)
        self.axis_box.setObjectName("timeAxis")
        self.axis_box.addItem("Reported", REPORTED)
        self.axis_box.addItem("Held", HELD)
        self.axis_box.setItemData(
            0, "When the evidence was published: article dates of the excerpts", Qt.ItemDataRole.ToolTipRole
        )
        self.axis_box.setItemData(
            1,
            "When the relationship held: its valid-from and valid-to (outlined bars: an open end)",
            Qt.ItemDataRole.ToolTipRole,
        )
        self.axis_box.setToolTip("Reported: by article date · Held: by valid-from/to")
        self.axis_box.currentIndexChanged.connect(self._on_axis)
        self.play_button = QToolButton(self)
        self.play_button.setObjectName("timePlay")
        self.play_button.setCheckable(True)
        self.play_button.setText("▶")
        self.play_button.setToolTip("Play: step the window through time (Space)")
        self.play_button.toggled.connect(self._on_play_toggled)
        self.all_button = QToolButton(self)
        self.all_button.setObjectName("timeAll")
        self.all_button.setText("All")
        self.all_button.setToolTip("Show all time (Esc, or double-click the bar)")
        self.all_button.clicked.connect(self.clear_window)
        self.canvas = TimeCanvas(self)
        self.canvas.setToolTip("")
        self.setFocusProxy(self.canvas)
        self.setToolTip("")
        self.canvas.setWhatsThis(
            "Drag to choose a window of time; drag its edges to resize it. ←/→ move it, "
            "Shift+←/→ resize it, Space plays, Esc shows all time."
        )
        controls = QVBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.setSpacing(2)
        controls.addWidget(self.axis_box)
        buttons = QHBoxLayout()
        buttons.setSpacing(2)
        buttons.addWidget(self.play_button)
        buttons.addWidget(self.all_button)
        controls.addLayout(buttons)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 6, 2)
        row.setSpacing(6)
        row.addLayout(controls)
        row.addWidget(self.canvas, 1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(BAR_HEIGHT)
        for w in (self.axis_box, self.play_button, self.all_button):
            w.setFixedHeight((BAR_HEIGHT - 6) // 2)
        self._emit_timer = QTimer(self, singleShot=True, interval=EMIT_MS)
        self._emit_timer.timeout.connect(self._emit)
        self._play_timer = QTimer(self, interval=PLAY_MS)
        self._play_timer.timeout.connect(self._play_step)
        self.refresh()

    # ------------------------------------------------------------------ content
    def set_index(self, index: TimeIndex | None) -> None:
        """The dates of a (new) scene."""
        self.index = index
        self._hists.clear()
        self.refresh()

    def show_window(self, axis: str, first: date | None, last: date | None) -> None:
        """Show what the map is filtered by (from the session): no signal goes out."""
        self._set_axis(axis)
        if first is None and last is None:
            window = None
        else:
            span = self.span() if self.hist is not None else None
            given = [d.toordinal() for d in (first, last) if d is not None]  # one end or both
            lo = first.toordinal() if first else (span[0] if span else min(given))
            hi = last.toordinal() if last else (span[1] if span else max(given))
            window = (min(lo, hi), max(lo, hi))
        if window != self.window_days:
            self.window_days = window
            self.refresh()

    def _set_axis(self, axis: str) -> None:
        if axis != self.axis:
            self.axis = axis
            self.axis_box.blockSignals(True)
            self.axis_box.setCurrentIndex(self.axis_box.findData(axis))
            self.axis_box.blockSignals(False)
            self.refresh()

    def bars(self) -> Histogram:
        """The histogram drawn, for what needs bars: the canvas's geometry, moving the window."""
        if self.hist is None:
            raise RuntimeError("the time bar draws no bars: nothing is dated on this axis")
        return self.hist

    def span(self) -> tuple[int, int]:
        """First and last day the bars cover (the window stays inside)."""
        h = self.bars()
        return int(h.edges[0]), int(h.edges[-1]) - 1

    def refresh(self) -> None:
        """Histogram for the axis and the bar's width, covering the window too."""
        hist = None
        if self.index is not None:
            span = self.index.span(self.axis)
            dated = span is not None
            if span is not None and self.axis == HELD and (self.index.held_to[self.index.held_known] >= OPEN_END).any():
                # an open end still holds: the bar reaches the investigation's latest news
                news = self.index.span(REPORTED)
                if news is not None:
                    span = (span[0], max(span[1], news[1]))
            if self.window_days is not None:
                span = (
                    (min(self.window_days[0], span[0]), max(self.window_days[1], span[1])) if span else self.window_days
                )
            if not dated:
                span = None  # nothing on this axis: the bar says so instead of drawing empty bins
            if span is not None and span[1] - span[0] < MIN_SPAN_DAYS:
                # a few days of news: show them among the days around, not as one wall of a bar
                extra = MIN_SPAN_DAYS - (span[1] - span[0])
                span = (span[0] - extra // 2, span[1] + extra - extra // 2)
            max_bins = max(8, int(self.canvas.plot_rect().width() // MIN_BIN_PX))
            key = (self.axis, span, max_bins)
            if key not in self._hists:
                self._hists[key] = histogram(self.index, self.axis, max_bins=max_bins, span=span) if span else None
            hist = self._hists[key]
        self.hist = hist
        self.all_button.setEnabled(self.window_days is not None)
        self.play_button.setEnabled(hist is not None)
        self.canvas.update()

    def empty_text(self) -> str:
        if self.axis == HELD:
            text = "No relationship has valid-from or valid-to dates (edit a relationship to add them)."
        else:
            text = "No excerpt comes from a dated article."
        if self.window_days is not None:
            a, b = _d(self.window_days[0]), _d(self.window_days[1])
            text += f" The window {a.isoformat()} – {b.isoformat()} hides every relationship: All shows them."
        return text

    def window_dates(self) -> tuple[date | None, date | None]:
        w = self.window_days
        return (None, None) if w is None else (_d(w[0]), _d(w[1]))

    # ------------------------------------------------------------------ the user's window
    def set_window(self, window: tuple[int, int] | None) -> None:
        """The user moved the window: redraw now, tell the map soon (at most every EMIT_MS)."""
        if window == self.window_days:
            return
        self.window_days = window
        self.refresh()
        if not self._emit_timer.isActive():
            self._emit_timer.start()

    def flush(self) -> None:
        """Say the window now (the pointer was released, a test)."""
        if self._emit_timer.isActive():
            self._emit_timer.stop()
            self._emit()

    def _emit(self) -> None:
        first, last = self.window_dates()
        self.sigWindowChanged.emit(self.axis, first, last)

    def clear_window(self) -> None:
        """All time: no window."""
        self.stop()
        self.set_window(None)
        self.flush()

    def _unit(self) -> str:
        return self.hist.unit if self.hist is not None else "day"

    def _first_bins(self, bins: int) -> tuple[int, int]:
        h = self.bars()
        k = min(max(bins, 1), len(h.counts))
        return int(h.edges[0]), int(h.edges[k]) - 1

    def step(self, k: int) -> None:
        """Move the window ``k`` bars later (earlier when negative); without one, take the
        first (or last) bar."""
        h = self.hist
        if h is None:
            return
        if self.window_days is None:
            b = 0 if k > 0 else len(h.counts) - 1
            self.set_window((int(h.edges[b]), int(h.edges[b + 1]) - 1))
        else:
            self.set_window(step_window(self.window_days, self._unit(), k, self.span()))

    def go_to_end(self, last: bool) -> None:
        """Home/End: the window moved to the first (last) day shown; without one, the first
        (last) bar."""
        h = self.hist
        if h is None:
            return
        if self.window_days is None:
            b = len(h.counts) - 1 if last else 0
            self.set_window((int(h.edges[b]), int(h.edges[b + 1]) - 1))
            return
        length = self.window_days[1] - self.window_days[0]
        lo, hi = self.span()
        self.set_window((hi - length, hi) if last else (lo, lo + length))

    def resize_by(self, k: int) -> None:
        """Make the window ``k`` bars longer (shorter when negative), at its end."""
        if self.hist is None:
            return
        if self.window_days is None:
            self.step(1)
            return
        self.set_window(resize_window(self.window_days, self._unit(), k, self.span()))

    # ------------------------------------------------------------------ play
    def toggle_play(self) -> None:
        self.play_button.setChecked(not self.play_button.isChecked())

    def stop(self) -> None:
        self.play_button.setChecked(False)

    def playing(self) -> bool:
        return self._play_timer.isActive()

    def _on_play_toggled(self, on: bool) -> None:
        if on and self.hist is not None:
            h = self.hist
            if self.window_days is None or self.window_days[1] >= self.span()[1]:
                # start at the beginning with a window an eighth of the time shown
                self.set_window(self._first_bins(max(1, len(h.counts) // 8)))
                self.flush()
            self._play_timer.start()
            self.play_button.setText("❚❚")
            self.play_button.setToolTip("Pause (Space)")
        else:
            self._play_timer.stop()
            self.play_button.blockSignals(True)
            self.play_button.setChecked(False)
            self.play_button.blockSignals(False)
            self.play_button.setText("▶")
            self.play_button.setToolTip("Play: step the window through time (Space)")

    def _play_step(self) -> None:
        if self.hist is None or self.window_days is None or self.window_days[1] >= self.span()[1]:
            self.stop()
            return
        self.step(1)
        self.flush()

    def _on_axis(self, _index: int) -> None:
        """The user switched axes: the same window now asks the other question."""
        self.axis = self.axis_box.currentData()
        self.refresh()
        self._emit_timer.stop()
        self._emit()


if __name__ == "__main__":
    from desktop.graph.session import MapSession
    from desktop.model import Repository
    from desktop.ui.preview import run_preview

    def _make(repo: Repository) -> TimeBar:
        session = MapSession(repo)
        session.reload()
        bar = TimeBar()
        bar.set_index(session.time_index())
        bar.sigWindowChanged.connect(lambda *a: print(*a))
        return bar

    raise SystemExit(run_preview(_make))
