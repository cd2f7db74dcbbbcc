"""Runs the map layout (desktop.graph.layout.layout) off the GUI thread and hands frames back at a
steady, throttled rate.

One worker thread (a one-worker executor): starting a new run asks the old one to stop, so at
most one layout computes at a time and stale frames are dropped by their generation number.
The worker only writes the newest frame into a slot; a GUI-thread timer picks it up, so a fast
layout cannot flood the event loop with redraws.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from desktop.graph.layout import MapLayout, layout


class LayoutWorker(QObject):
    """Start, stop and watch the live layout. Signals arrive on the GUI thread."""

    sigFrame = Signal(object, float)  # positions (n, 2), progress 0..1
    sigFinished = Signal(object, bool)  # final positions, True when it settled (not stopped)
    sigRunningChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, frame_ms: int = 40) -> None:
        super().__init__(parent)
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._generation = 0
        self._stop = threading.Event()
        self._frame: tuple[int, np.ndarray, float] | None = None
        self._done: tuple[int, np.ndarray, bool, MapLayout | None] | None = None
        self._future: Future | None = None
        self._running = False
        self._timer = QTimer(self, interval=frame_ms)
        self._timer.timeout.connect(self._on_tick)
        # The last finished run's full answer (isolated actors, tray and map boxes), set just
        # before sigFinished is emitted.
        self.result: MapLayout | None = None

    def is_running(self) -> bool:
        return self._running

    def start(
        self,
        edges: np.ndarray,
        n: int,
        *,
        pos: np.ndarray | None,
        pinned: np.ndarray | None,
        seed: int = 0,
        names: list[str] | None = None,
        view_px: tuple[float, float] | None = None,
        show_isolated: bool = True,
    ) -> None:
        """Lay out ``n`` nodes joined by ``edges`` (rows of ``pos`` that are NaN get placed),
        packed for a view of ``view_px`` pixels (see desktop.graph.layout.layout)."""
        self.stop()
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="relmap-layout")
        with self._lock:
            self._generation += 1
            gen = self._generation
            self._frame = None
            self._done = None
        stop = threading.Event()
        self._stop = stop
        edges = np.array(edges, dtype=np.int64).reshape(-1, 2)
        pos = None if pos is None else np.array(pos, dtype=np.float64)
        pinned = None if pinned is None else np.array(pinned, dtype=bool)
        names = None if names is None else list(names)
        view = (1400.0, 900.0) if view_px is None else (max(float(view_px[0]), 100.0), max(float(view_px[1]), 100.0))

        def frame(p: np.ndarray, progress: float) -> None:
            with self._lock:
                if gen == self._generation:
                    self._frame = (gen, p, progress)

        def job() -> None:
            result = None
            try:
                result = layout(
                    edges,
                    n,
                    pos=pos,
                    pinned=pinned,
                    seed=seed,
                    names=names,
                    view_px=view,
                    show_isolated=show_isolated,
                    callback=frame,
                    should_stop=stop.is_set,
                )
                out = result.positions
            except Exception:  # noqa: BLE001 - a failed layout must not take the window down
                out = pos if pos is not None else np.zeros((n, 2))
                out = np.where(np.isfinite(out), out, 0.0)
            with self._lock:
                if gen == self._generation:
                    self._done = (gen, out, not stop.is_set(), result)

        self._future = self._executor.submit(job)
        self._set_running(True)
        self._timer.start()

    def stop(self) -> None:
        """Ask the current run to stop; its last frame is not delivered."""
        self._stop.set()
        with self._lock:
            self._generation += 1
            self._frame = None
            self._done = None
        self._timer.stop()
        self._set_running(False)

    def wait(self, timeout: float = 10.0) -> bool:
        """Block until the current run ends (tests and the self-test); True if it did."""
        fut = self._future
        if fut is None:
            return True
        try:
            fut.result(timeout=timeout)
        except Exception:  # noqa: BLE001
            return fut.done()
        return True

    def shutdown(self) -> None:
        """Stop and join the worker thread (the window is closing)."""
        self.stop()
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _set_running(self, on: bool) -> None:
        if on != self._running:
            self._running = on
            self.sigRunningChanged.emit(on)

    def _on_tick(self) -> None:
        with self._lock:
            frame, done = self._frame, self._done
            self._frame = None
            if done is not None:
                self._done = None
        if done is not None:
            self._timer.stop()
            self._set_running(False)
            self.result = done[3]
            self.sigFinished.emit(done[1], done[2])
        elif frame is not None:
            self.sigFrame.emit(frame[1], frame[2])
