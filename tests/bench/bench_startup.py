"""Start-up benchmark: from process start to the main window's first paint (issue 12, item 7).

    python -m tests.bench startup                      the source tree (this interpreter)
    python -m tests.bench.bench_startup --binary dist/relmap/relmap --runs 5

Each run starts a fresh process and reads the seconds it prints at the first paint
(``desktop.probe``: from the process's start time in /proc to the end of the first paint):

* **baseline**: an empty Qt window of Relmap's size, started the same way (``python -m
  desktop.probe``, or the binary with ``RELMAP_STARTUP_PROBE=empty-window``): starting Python and
  Qt on this machine, now;
* **relmap**: the main window on a workspace holding the demo map (``relmap --workspace W`` with
  ``RELMAP_STARTUP_PROBE=1``).

The two alternate, ``--runs`` times each after one unmeasured warm-up of each (bytecode caches, the
file cache). Wall seconds are what a user waits; on a shared, busy machine they mostly measure the
neighbours' load, so the ratio is also given in CPU seconds (user + system of the process up to the
paint, as the probe prints them), which load changes far less. Target (issue 12): 1 s where an empty
window takes 0.2 s, i.e. <= 5x the baseline, on CPU seconds.

It also lists which of the heavy libraries the window loaded by the time it painted (none of
networkx, spaCy, trafilatura, pypdf, alembic is needed to show a map: tests/test_startup.py
keeps it so).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = re.compile(
    r"painted at [\d.]+, (?P<after>[\d.]+) s after process start .*?CPU (?P<cpu>[\d.]+) s, "
    r"of which (?P<ready>[\d.]+) s"
)
RATIO_TARGET = 5.0  # 1 s against an empty window's 0.2 s
# Libraries the window must not load before its first paint (each is loaded where it is used).
HEAVY = ("networkx", "spacy", "thinc", "trafilatura", "pypdf", "alembic", "rapidfuzz", "lxml", "defusedxml")


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RELMAP_", "QT_"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's Python keeps its bytecode caches
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), RELMAP_DATA_DIR=str(home / "data"), **extra)
    return env


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Seconds from process start to the first paint, the process's CPU seconds by then, and its
    CPU seconds when it started to build the window (after its imports), as the probe printed them."""
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    match = PROBE.search(proc.stdout)
    if proc.returncode != 0 or not match:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {(proc.stdout + proc.stderr)[-800:]}")
    return float(match.group("after")), float(match.group("cpu")), float(match.group("ready"))


def at_first_paint(workspace: Path, expression: str, *, home: Path) -> object:
    """The value of ``expression`` (Python, JSON-serialisable; ``sys`` is imported) in a fresh
    process once the main window has painted on ``workspace`` (source tree)."""
    code = (
        "import json, sys\nfrom desktop.cli import main\nrc = main(['--workspace', sys.argv[1]])\n"
        f"print(json.dumps({{'rc': rc, 'value': {expression}}}))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(workspace)],
        env=_env(home, RELMAP_STARTUP_PROBE="1"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"the window did not start: {(proc.stdout + proc.stderr)[-800:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    if result["rc"] != 0:
        raise RuntimeError(f"the window exited with {result['rc']}")
    return result["value"]


def loaded_at_first_paint(workspace: Path, *, home: Path) -> list[str]:
    """The HEAVY libraries in sys.modules once the main window has painted (source tree)."""
    expression = f"sorted({{m.split('.')[0] for m in sys.modules}} & set({list(HEAVY)!r}))"
    loaded = at_first_paint(workspace, expression, home=home)
    assert isinstance(loaded, list)
    return loaded


def seeded_workspace(folder: Path, *, binary: Path | None = None) -> Path:
    """A workspace holding the demo map, made as a user's first start makes it: the main window
    creates and seeds it (here with the probe, so it quits after its first paint)."""
    path = folder / "startup.relmap"
    cmd = [str(binary)] if binary else [sys.executable, "-m", "desktop"]
    _timed([*cmd, "--workspace", str(path)], _env(folder, RELMAP_STARTUP_PROBE="1"))
    return path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--binary", type=Path, help="the packaged relmap executable (default: this source tree)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="relmap-bench-startup-") as tmp:
        home = Path(tmp)
        workspace = seeded_workspace(home, binary=args.binary)
        if args.binary:
            base_cmd, base_env = [str(args.binary)], _env(home, RELMAP_STARTUP_PROBE="empty-window")
            app_cmd = [str(args.binary), "--workspace", str(workspace)]
        else:
            base_cmd, base_env = (
                [sys.executable, "-m", "desktop.probe"],
                _env(home, RELMAP_STARTUP_PROBE="empty-window"),
            )
            app_cmd = [sys.executable, "-m", "desktop", "--workspace", str(workspace)]
        app_env = _env(home, RELMAP_STARTUP_PROBE="1")
        _timed(base_cmd, base_env), _timed(app_cmd, app_env)  # warm-up: bytecode and file caches
        base: list[tuple[float, float, float]] = []
        app: list[tuple[float, float, float]] = []
        for _ in range(args.runs):
            base.append(_timed(base_cmd, base_env))
            app.append(_timed(app_cmd, app_env))
        loaded = None if args.binary else loaded_at_first_paint(workspace, home=home)

    def med(rows: list[tuple[float, float, float]], k: int) -> float:
        return statistics.median(r[k] for r in rows)

    wall_ratio = med(app, 0) / med(base, 0)
    cpu_ratio = med(app, 1) / med(base, 1)
    ok_cpu = cpu_ratio <= RATIO_TARGET
    what = f"the binary {args.binary}" if args.binary else "the source tree"
    print(f"\nStart to first paint, {what}: medians of {args.runs} runs each, load average {os.getloadavg()[0]:.1f}")
    print(f"{'':<30}{'relmap':>10}{'empty window':>14}{'ratio':>8}  {'target':<10}")
    print(f"{'wall (s)':<30}{med(app, 0):>10.2f}{med(base, 0):>14.2f}{wall_ratio:>8.1f}  {'(load-bound: not judged)'}")
    print(
        f"{'CPU (s)':<30}{med(app, 1):>10.2f}{med(base, 1):>14.2f}{cpu_ratio:>8.1f}  "
        f"{'<= ' + format(RATIO_TARGET, 'g') + 'x':<10}{'ok' if ok_cpu else 'MISSED'}"
    )
    print(f"{'  of it before the window (s)':<30}{med(app, 2):>10.2f}{med(base, 2):>14.2f}  (interpreter and imports)")
    print(f"{'as 1 s against 0.2 s (s)':<30}{0.2 * cpu_ratio:>10.2f}{0.2:>14.2f}")
    ok_loaded = True
    if loaded is not None:
        ok_loaded = not loaded
        print(
            f"{'heavy libraries loaded':<30}{', '.join(loaded) or 'none':>10}  "
            f"{'none':<10}{'ok' if ok_loaded else 'MISSED'}"
        )
    return 0 if ok_cpu and ok_loaded else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
