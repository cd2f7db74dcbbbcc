"""Readability bench: is the map a user first sees legible? (issue 12, "Measure").

Run with ``python -m tests.bench readability`` (or ``make bench``);
``python -m tests.bench.bench_readability --sizes 200`` for a quick run, ``--no-eval`` to leave
out the imported articles.

Workspaces, each opened fresh (no saved positions: the window lays it out and packs it for its
own shape, as after an import) in the real ``MainWindow``, offscreen:

* **eval15**: the 15 annotated articles of ``/work/shared/eval`` (``RELMAP_EVAL_DIR``) imported
  into one workspace at bench time by ``workspace_check.py --keep`` through this checkout's
  ``python -m desktop import`` (never copied into the repository; skipped with a message when
  the folder is missing), at 1600x1000 and 1024x700.
* **synthetic-N**: ``tests.bench.make_workspace.build`` with N = 200, 2,000 and 5,000 actors
  (planted communities), at 1600x1000.

After the layout settles, View > Fit to View, and one paint, each row gives:

* **overlaps**: pairs of drawn names whose boxes overlap (target 0);
* **nearer other**: drawn names whose box is nearer another drawn actor's centre than its own
  actor's (target 0);
* **canvas**: share of the free canvas (the view beside or above the legend) spanned by the
  drawn symbols and names, and whether all of them keep off the legend (target >= 0.85);
* **named**: share of the drawn actors whose name is drawn at that zoom;
* **first paint**: seconds from opening the workspace to the map's first paint, against the
  baseline measured in the same run: the same window opened on an empty workspace.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402

from tests.bench.bench_view import _PaintWatch  # noqa: E402

SIZES = (200, 2000, 5000)
SHARE_TARGET = 0.85
EVAL_DIR = Path(os.environ.get("RELMAP_EVAL_DIR", "/work/shared/eval"))
BIG = (1600, 1000)
SMALL = (1024, 700)


# ----- workspaces -----------------------------------------------------------------------------
def _root() -> Path:
    root = Path(tempfile.gettempdir()) / "relmap-bench"
    root.mkdir(parents=True, exist_ok=True)
    return root


def eval_workspace() -> Path | None:
    """The 15 eval articles imported into one workspace (cached by the articles' sizes), or None."""
    script = EVAL_DIR / "workspace_check.py"
    dirs = sorted(p.parent for p in EVAL_DIR.glob("*/article.txt"))
    if not script.exists() or not dirs:
        print(f"eval15: skipped, no articles under {EVAL_DIR} (set RELMAP_EVAL_DIR)", flush=True)
        return None
    listing = "\n".join(f"{d.name} {(d / 'article.txt').stat().st_size}" for d in dirs)
    stamp = hashlib.sha1(listing.encode()).hexdigest()[:10]
    path = _root() / f"readability-eval{len(dirs)}-{stamp}.relmap"
    if path.exists():
        return path
    tmp = _root() / f".building-{os.getpid()}-{path.name}"
    relmap = f"{shlex.quote(sys.executable)} -m desktop"
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(script), *map(str, dirs), "--relmap", relmap, "--keep", str(tmp)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0 or not tmp.exists():
        print(f"eval15: skipped, the import failed: {done.stderr.strip()[-300:]}", flush=True)
        return None
    os.replace(tmp, path)
    print(
        f"imported {len(dirs)} articles ({time.perf_counter() - started:.0f} s): "
        f"{done.stdout.strip().splitlines()[-1]}",
        flush=True,
    )
    return path


def synthetic_workspace(actors: int) -> Path:
    path = _root() / f"readability-a{actors}.relmap"
    if not path.exists():
        from tests.bench.make_workspace import build

        tmp = _root() / f".building-{os.getpid()}-{path.name}"
        build(tmp, actors, seed=7)
        os.replace(tmp, path)
    return path


def empty_workspace() -> Path:
    from desktop.model import open_workspace

    path = _root() / f"readability-empty-{os.getpid()}.relmap"
    path.unlink(missing_ok=True)
    open_workspace(path).close()
    return path


# ----- measuring ------------------------------------------------------------------------------
def name_figures(view) -> tuple[int, int, int]:  # noqa: ANN001
    """(names drawn, overlapping pairs, names nearer another actor than their own)."""
    placed = view.label_rects()
    if not placed:
        return 0, 0, 0
    rows = np.fromiter(placed, dtype=np.int64, count=len(placed))
    boxes = np.array([[r.left(), r.top(), r.right(), r.bottom()] for r in placed.values()])
    # half a pixel of slack: names drawn edge to edge do not overlap
    x0, y0, x1, y1 = (boxes[:, i][:, None] for i in range(4))
    over = (np.minimum(x1, x1.T) - np.maximum(x0, x0.T) > 0.5) & (np.minimum(y1, y1.T) - np.maximum(y0, y0.T) > 0.5)
    overlaps = int(np.triu(over, 1).sum())
    actors = np.flatnonzero(view.visible_nodes & np.isfinite(view.positions).all(axis=1))
    centres = view.rows_to_viewbox(actors)
    # distance from each name box to each actor centre
    dx = np.maximum(np.maximum(boxes[:, 0:1] - centres[None, :, 0], centres[None, :, 0] - boxes[:, 2:3]), 0)
    dy = np.maximum(np.maximum(boxes[:, 1:2] - centres[None, :, 1], centres[None, :, 1] - boxes[:, 3:4]), 0)
    d = np.hypot(dx, dy)
    own = d[np.arange(len(rows)), np.searchsorted(actors, rows)]
    d[np.arange(len(rows)), np.searchsorted(actors, rows)] = np.inf
    nearer = int((d.min(axis=1) < own - 0.5).sum()) if len(actors) > 1 else 0
    return len(rows), overlaps, nearer


def measure(path: Path, size: tuple[int, int], *, data_dir: Path, label: str, shot: Path | None = None) -> dict:
    """Open a fresh copy of ``path`` at ``size``; figures of the fitted map."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.graph.framing import canvas_share
    from desktop.model import open_workspace
    from desktop.ui.main_window import MainWindow
    from desktop.ui.theme import apply_theme

    app = QApplication.instance() or QApplication(["relmap-bench"])
    apply_theme(app)
    copy = data_dir / f"{label}.relmap"
    shutil.copy(path, copy)
    repo = open_workspace(copy)
    # laid out afresh for this window, as after an import
    repo.set_positions(dict.fromkeys((a.id for a in repo.list_actors()), None), pinned={})
    watch = _PaintWatch()  # the view bench's: counts the map's paints
    app.installEventFilter(watch.filter)
    settings = QSettings(str(data_dir / f"ui-{label}.ini"), QSettings.Format.IniFormat)
    t0 = time.perf_counter()
    window = MainWindow(repo, settings=settings)
    try:
        window.resize(*size)
        watch.target = window.view.viewport()
        window.show()
        deadline = time.perf_counter() + 120
        while watch.count == 0 and time.perf_counter() < deadline:
            app.processEvents()
        first_paint = time.perf_counter() - t0
        window.wait_for_layout(300.0)
        app.processEvents()
        window.act_fit.trigger()
        for _ in range(3):
            app.processEvents()
        view = window.view
        view.viewport().repaint()
        app.processEvents()
        share, clear = canvas_share(
            view.drawn_boxes_px(), view.vb.width(), view.vb.height(), reserved=view.legend_reserved()
        )
        named, overlaps, nearer = name_figures(view)
        if shot is not None:
            view.grab().save(str(shot))
        shown = int(view.visible_nodes.sum())
        return {
            "actors": window.scene.n,
            "shown": shown,
            "unlinked_hidden": not window.session.unlinked_shown(),
            "overlaps": overlaps,
            "nearer": nearer,
            "share": share,
            "clear": clear,
            "named": named / max(shown, 1),
            "first_paint": first_paint,
        }
    finally:
        app.removeEventFilter(watch.filter)
        window.close()
        repo.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench.bench_readability",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES), help="synthetic workspaces' actors")
    parser.add_argument("--no-eval", action="store_true", help="leave out the 15 imported articles")
    parser.add_argument("--shots", type=Path, help="save a picture of each fitted map in this folder")
    args = parser.parse_args(argv)
    data_dir = Path(tempfile.mkdtemp(prefix="relmap-readability-"))
    os.environ["RELMAP_DATA_DIR"] = str(data_dir)
    runs: list[tuple[str, Path, tuple[int, int]]] = []
    if not args.no_eval:
        ws = eval_workspace()
        if ws is not None:
            runs += [("eval15", ws, BIG), ("eval15", ws, SMALL)]
    runs += [(f"synthetic-{n}", synthetic_workspace(n), BIG) for n in args.sizes]
    empty = empty_workspace()
    measure(empty, BIG, data_dir=data_dir, label="warm-up")  # imports, fonts, the first window
    baseline = measure(empty, BIG, data_dir=data_dir, label="empty")["first_paint"]
    empty.unlink(missing_ok=True)
    print(f"\nbaseline: an empty workspace's window paints its map {baseline:.2f} s after opening\n")
    head = (
        f"{'workspace':<16} {'window':>9} {'actors':>7} {'drawn':>6} {'overlaps':>8} {'nearer other':>12} "
        f"{'canvas':>7} {'legend':>7} {'named':>6} {'first paint':>16}"
    )
    print(head)
    print("-" * len(head))
    missed = 0
    for i, (name, path, size) in enumerate(runs):
        shot = None
        if args.shots is not None:
            args.shots.mkdir(parents=True, exist_ok=True)
            shot = args.shots / f"{name}-{size[0]}x{size[1]}.png"
        r = measure(path, size, data_dir=data_dir, label=f"{name}-{i}", shot=shot)
        ok = r["overlaps"] == 0 and r["nearer"] == 0 and r["share"] >= SHARE_TARGET and r["clear"]
        missed += not ok
        drawn = f"{r['shown']}{'*' if r['unlinked_hidden'] else ''}"
        print(
            f"{name:<16} {size[0]:>4}x{size[1]:<4} {r['actors']:>7} {drawn:>6} {r['overlaps']:>8} {r['nearer']:>12} "
            f"{r['share']:>7.2f} {'clear' if r['clear'] else 'COVERS':>7} {r['named']:>6.2f} "
            f"{r['first_paint']:>6.2f} s (x{r['first_paint'] / baseline:>4.1f})"
            f"{'' if ok else '   <- target missed'}",
            flush=True,
        )
    print("\n* unlinked actors hidden (View > Show Unlinked Actors is off past 30 of them)")
    print(
        f"targets: overlaps 0, nearer other 0, canvas >= {SHARE_TARGET}, legend clear of the map; "
        "named and first paint are reported (first paint as a ratio to the empty window's)"
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
