"""A long fuzz of every importer: a thousand random hostile files per format (txt, md, html, pdf,
GraphML, GEXF, CSV, JSON), each fed to the `relmap` command's entry function as
tests/test_fuzz_importers.py does with a few dozen fixed ones.

Each file must be imported (exit 0, nothing on stderr) or refused in one line naming it, with
the workspace byte for byte as it was; anything else (a traceback above all) is a problem,
printed with the case. Baseline: the format's unmodified valid input, timed in this run, to
put the cost per fuzz case in proportion.

Target: tracebacks found = 0 and problems = 0 for every format.
Usage: python -m tests.bench.bench_fuzz [CASES_PER_FORMAT] [FORMAT ...]
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from desktop.model import open_workspace
from tests.fuzz_cases import FORMATS, Case, Outcome, cases, run_case

DEFAULT_CASES = 1000


def fuzz(fmt: str, n: int, root: Path) -> tuple[Counter, list[tuple[Case, Outcome]], float]:
    folder = root / fmt / "ws"
    folder.mkdir(parents=True)
    workspace = folder / "w.relmap"
    open_workspace(workspace).close()
    counts: Counter = Counter()
    problems: list[tuple[Case, Outcome]] = []

    # every case runs (a problem is counted, not raised, so one does not end the run)
    @settings(max_examples=n, deadline=None, database=None, derandomize=False, suppress_health_check=list(HealthCheck))
    @given(case=cases(fmt))
    def one(case: Case) -> None:
        outcome = run_case(case, workspace=workspace, scratch=root / fmt / "in")
        counts[outcome.verdict] += 1
        if outcome.verdict == "problem":
            problems.append((case, outcome))

    started = time.perf_counter()
    one()
    return counts, problems, time.perf_counter() - started


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv and argv[0].isdigit() else DEFAULT_CASES
    formats = [a for a in argv if a in FORMATS] or list(FORMATS)
    from desktop.extract.pipeline import load_pipeline

    load_pipeline()  # loaded once, outside every timing
    total_problems = 0
    tracebacks = 0
    print(
        f"{'format':8} {'cases':>6} {'imported':>9} {'refused':>8} {'problems':>9} {'ms/case':>8}  {'baseline ms':>11}"
    )
    with tempfile.TemporaryDirectory(prefix="relmap-fuzz-") as tmp:
        root = Path(tmp)
        for fmt in formats:
            baseline = _baseline_ms(fmt, root)
            counts, problems, seconds = fuzz(fmt, n, root)
            ran = sum(counts.values())
            print(
                f"{fmt:8} {ran:6} {counts['imported']:9} {counts['refused']:8} {len(problems):9} "
                f"{1000 * seconds / max(ran, 1):8.1f}  {baseline:11.1f}",
                flush=True,
            )
            for case, outcome in problems[:3]:
                print(f"  problem: {outcome.detail[-1500:]}\n  case: {case!r}"[:3000])
            total_problems += len(problems)
            tracebacks += sum(1 for _, o in problems if o.detail.startswith("traceback"))
    print(f"tracebacks found = {tracebacks}")
    print(f"problems found = {total_problems}")
    return 0 if total_problems == 0 else 1


def _baseline_ms(fmt: str, root: Path) -> float:
    """The unmodified valid input of the format, imported into a fresh workspace, in ms."""
    from tests.fuzz_cases import valid_case

    folder = root / fmt / "base"
    folder.mkdir(parents=True)
    workspace = folder / "w.relmap"
    open_workspace(workspace).close()
    run_case(valid_case(fmt), workspace=workspace, scratch=root / fmt / "base-in")  # warm: the format's libraries load
    started = time.perf_counter()
    outcome = run_case(valid_case(fmt), workspace=workspace, scratch=root / fmt / "base-in")
    ms = 1000 * (time.perf_counter() - started)
    if outcome.verdict != "imported":
        raise SystemExit(f"the valid {fmt} input was not imported: {outcome}")
    return ms


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
