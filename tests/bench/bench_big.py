"""Big inputs: a long article's memory and speed per word, and interchange imports' rows per second.

Part 1, a long article (``relmap import`` with extraction, each size in its own process so its
peak memory is its own): the baseline is ordinary ~400-word articles imported in the same run
(words per second). Targets: a long article keeps at least 70 % of the baseline's words per
second, and its peak memory stays under 1 GB and flat in its length (the largest size peaks
within 250 MB of the smallest). Sizes default to 0.25, 1 and 2 MB (a 2 MB article is ~4 min on
an idle 2-core machine); ``--mb 20`` runs the 20 MB one the import limit allows (about an hour).

Part 2, interchange files of about 50,000 rows (actors plus relationships) into an empty
workspace: CSV tables, GraphML, GEXF (each as `relmap export` writes them) and a JSON
workspace. The baseline is reading the same file with nothing stored (the csv module, a
defusedxml parse, json.loads). Target: at least 5,000 rows per second each.

``python -m tests.bench.bench_big --mb 0.5 2 --rows 20000`` chooses sizes.

Speeds are per CPU second of the importing process (wall seconds beside them): the machines
this runs on are shared, and a busy neighbour must not read as a slow import.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

MIN_WORD_RATIO = 0.70
MAX_PEAK_MB = 1024
MAX_GROWTH_MB = 250
MIN_ROWS_PER_S = 5000


def _article_text(chars: int, seed: int) -> str:
    from tests.bench.bench_ingest import make_article

    rng = random.Random(seed)
    parts, total, i = [], 0, 0
    while total < chars:
        part = make_article(rng, i)
        parts.append(part)
        total += len(part) + 2
        i += 1
    return "\n\n".join(parts)


def _import_in_child(paths: list[Path], workspace: Path) -> tuple[float, float]:
    """(CPU seconds, peak MB) of `relmap import` of ``paths`` in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(workspace), *map(str, paths)], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"import failed: {done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["import_s"], result["peak_mb"]


# In the child: load the pipeline first (not part of the import time), then import.
_CHILD = """
import json, resource, sys, time
from pathlib import Path
from desktop.extract.ingest import ingest_files
from desktop.extract.pipeline import load_pipeline
from desktop.model import open_workspace
nlp = load_pipeline()
repo = open_workspace(Path(sys.argv[1]))
started = time.process_time()
batch = ingest_files(repo, [Path(p) for p in sys.argv[2:]], nlp=nlp)
seconds = time.process_time() - started
repo.close()
assert batch.failed == 0, [o.error for o in batch.outcomes if o.error]
print(json.dumps({"import_s": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def bench_article(folder: Path, sizes_mb: list[float]) -> bool:
    ordinary = []
    for i in range(60):
        path = folder / f"ordinary-{i}.txt"
        path.write_text(_article_text(2_500, seed=100 + i), encoding="utf-8")
        ordinary.append(path)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in ordinary)
    base_s, base_mb = _import_in_child(ordinary, folder / "ordinary.relmap")
    base_rate = words / base_s
    print(f"{'article':28} {'words':>9} {'cpu s':>8} {'words/s':>8} {'x base':>7} {'peak MB':>8}")
    print(f"{'baseline: 60 ordinary':28} {words:9,} {base_s:8.1f} {base_rate:8,.0f} {1.0:7.2f} {base_mb:8.0f}")
    ok = True
    peaks = []
    for mb in sizes_mb:
        path = folder / f"long-{mb}.txt"
        path.write_text(_article_text(int(mb * 1_000_000), seed=7), encoding="utf-8")
        n_words = len(path.read_text(encoding="utf-8").split())
        seconds, peak = _import_in_child([path], folder / f"long-{mb}.relmap")
        rate = n_words / seconds
        peaks.append(peak)
        good = rate >= MIN_WORD_RATIO * base_rate and peak <= MAX_PEAK_MB
        ok &= good
        print(
            f"{f'one article of {mb:g} MB':28} {n_words:9,} {seconds:8.1f} {rate:8,.0f} {rate / base_rate:7.2f} "
            f"{peak:8.0f}{'' if good else '  MISSED'}",
            flush=True,
        )
    growth = max(peaks) - min(peaks)
    flat = growth <= MAX_GROWTH_MB
    print(
        f"memory growth from the smallest to the largest: {growth:.0f} MB (target <= {MAX_GROWTH_MB}): "
        f"{'met' if flat else 'MISSED'}; words/s >= {MIN_WORD_RATIO:.0%} of the baseline and peak <= "
        f"{MAX_PEAK_MB} MB: {'met' if ok else 'MISSED'}"
    )
    return ok and flat


def _workspace_for(folder: Path, rows: int) -> Path:
    """A workspace of about ``rows`` actors + relationships, laid out, to export from."""
    from desktop.model import open_workspace

    n_actors = rows // 4
    n_rels = rows - n_actors
    rng = random.Random(11)
    repo = open_workspace(folder / "source.relmap", fill_new=None)
    types = ["ally-of", "spoke-with", "member-of", "opposed-to", "leader-of"]
    actors = [
        {
            "name": f"Actor {i:06d}",
            "kind": rng.choice(["person", "organisation", "country"]),
            "aliases": [f"A{i:06d}"],
            "x": rng.uniform(-50, 50),
            "y": rng.uniform(-50, 50),
        }
        for i in range(n_actors)
    ]
    seen, rels = set(), []
    while len(rels) < n_rels:
        a, b, t = rng.randrange(n_actors), rng.randrange(n_actors), rng.choice(types)
        if a != b and (t, min(a, b), max(a, b)) not in seen:
            seen.add((t, min(a, b), max(a, b)))
            rels.append({"type": t, "source": a, "target": b, "status": "confirmed", "confidence": 0.8})
    repo.bulk_add(actors=actors, relationships=rels)
    repo.close()
    return folder / "source.relmap"


def bench_interchange(folder: Path, rows: int) -> bool:
    from desktop.cli import main as relmap

    source = _workspace_for(folder, rows)
    ok = True
    print(
        f"{'file (~' + format(rows, ',') + ' rows)':28} {'read only s':>11} {'import s':>9} {'wall s':>7} {'rows/s':>9}"
    )
    for fmt, out in (
        ("csv", folder / "tables"),
        ("graphml", folder / "map.graphml"),
        ("gexf", folder / "map.gexf"),
        ("json", folder / "ws.json"),
    ):
        with open(os.devnull, "w") as quiet:
            saved, sys.stdout = sys.stdout, quiet
            try:
                assert (
                    relmap(
                        [
                            "export",
                            "--format",
                            fmt,
                            "--out",
                            str(out),
                            "-w",
                            str(source),
                            "--status",
                            "proposed,confirmed,rejected",
                        ]
                    )
                    == 0
                )
            finally:
                sys.stdout = saved
        started = time.process_time()
        if fmt == "csv":
            import csv

            for table in ("actors.csv", "relationships.csv"):
                with (out / table).open(encoding="utf-8-sig", newline="") as fh:
                    sum(1 for _ in csv.reader(fh))
        elif fmt == "json":
            json.loads(out.read_bytes())
        else:
            import defusedxml.ElementTree as SafeET

            SafeET.fromstring(out.read_bytes())
        read_s = time.process_time() - started
        target = folder / f"into-{fmt}.relmap"
        args = ["import-json", str(out)] if fmt == "json" else ["import-graph", str(out)]
        started, wall = time.process_time(), time.perf_counter()
        with open(os.devnull, "w") as quiet:
            saved, sys.stdout = sys.stdout, quiet
            try:
                code = relmap([*args, "-w", str(target)])
            finally:
                sys.stdout = saved
        import_s = time.process_time() - started
        wall = time.perf_counter() - wall
        rate = rows / import_s
        good = code == 0 and rate >= MIN_ROWS_PER_S
        ok &= good
        print(
            f"{fmt:28} {read_s:11.2f} {import_s:9.2f} {wall:7.2f} {rate:9,.0f}{'' if good else '  MISSED'}", flush=True
        )
    print(f"rows/s >= {MIN_ROWS_PER_S:,} for every format: {'met' if ok else 'MISSED'}")
    return ok


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench_big")
    parser.add_argument("--mb", type=float, nargs="+", default=[0.25, 1.0, 2.0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--only", choices=["article", "interchange"])
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="relmap-bench-big-"))
    ok = True
    if args.only in (None, "interchange"):
        ok &= bench_interchange(folder, args.rows)
    if args.only in (None, "article"):
        ok &= bench_article(folder, args.mb)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
