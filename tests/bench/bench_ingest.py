"""Importing articles: throughput of ``relmap import`` and GUI responsiveness during a batch.

Figures:

* **extraction alone** (the baseline): reading the files and ``extract_many`` over the texts,
  nothing stored;
* **import** (Relmap): ``ingest_files`` from files on disk into a fresh workspace, each article
  its own transaction with its proposals and evidence — what ``relmap import`` and the GUI run.
  The two alternate over ten slices of the articles so varying machine load hits both alike;
* **GUI gap**: the longest gap between 10 ms timer ticks on the GUI thread while the Import
  dialog's worker imports (offscreen), and the same with no import running.

Targets: import keeps at least 70 % of the baseline's articles/s (storing costs < 30 % on top
of extraction), and the GUI never stalls 100 ms or more. On a machine with more runnable work
than CPUs the raw gap mostly measures other processes (Linux schedstat shows the GUI thread
ready but queued for a CPU), so there the target applies to the gap less that queueing.
The articles (~400 words) are made here from templates with a fixed seed.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

N_ARTICLES = 1000
GUI_ARTICLES = 200
MIN_RATIO = 0.70
MAX_GUI_GAP_MS = 100.0

FIRST = [
    "Maria",
    "Ahmed",
    "Olga",
    "John",
    "Li",
    "Amina",
    "Pedro",
    "Fatima",
    "Ivan",
    "Grace",
    "Yusuf",
    "Elena",
    "Kwame",
    "Sofia",
    "Arjun",
    "Nadia",
    "Tomas",
    "Leila",
    "Viktor",
    "Chen",
]
LAST = [
    "Lopez",
    "Khan",
    "Petrova",
    "Smith",
    "Wei",
    "Diallo",
    "Santos",
    "Haddad",
    "Novak",
    "Mensah",
    "Okafor",
    "Ivanova",
    "Reyes",
    "Costa",
    "Sharma",
    "Karimova",
    "Berger",
    "Nasser",
    "Kowalski",
    "Tanaka",
]
ORGS = [
    "the Interior Ministry",
    "the National Security Committee",
    "the Central Bank",
    "the Supreme Court",
    "the Workers Party",
    "the State Energy Company",
    "the Electoral Commission",
    "the Customs Service",
]
CITIES = ["Astana", "Almaty", "Tashkent", "Bishkek", "Baku", "Tbilisi", "Yerevan", "Minsk", "Riga", "Vilnius"]
TITLES = [
    "President",
    "Prime Minister",
    "Foreign Minister",
    "opposition leader",
    "former governor",
    "Finance Minister",
    "senator",
    "businessman",
]

RELATION_SENTENCES = [
    "{a} met {b} in {city} on {day} to discuss the crisis, officials said.",
    "{a} spoke with {b} by telephone on {day}, according to a statement from {org}.",
    "{a}, a longtime ally of {b}, was appointed to lead {org} last year.",
    "{a} succeeded {b} as head of {org} in {year}.",
    "{a} was arrested by {org} on charges of corruption, prosecutors in {city} said.",
    "{a}, the spokesman for {b}, told reporters that talks would continue.",
    "{a} has long been opposed to {b} over the reform of {org}.",
]
FILLER = [
    "Protests continued in {city} for a third day as thousands gathered outside government buildings.",
    "The economy has slowed sharply this year, with inflation reaching its highest level in a decade.",
    "Analysts said the decision could reshape the balance of power ahead of elections due in {year}.",
    "Residents of {city} described long queues at petrol stations and shops running short of bread.",
    "The ministry did not respond to a request for comment on the latest figures.",
    "Observers from neighbouring countries urged all sides to show restraint and return to dialogue.",
    "Officials said the measures were temporary and would be reviewed at the end of the month.",
    "Local media reported that internet access had been restricted in several regions overnight.",
    "The currency fell by four percent against the dollar before recovering some of its losses.",
    "Diplomats said the talks in {city} had been difficult but that progress was possible.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def make_article(rng: random.Random, i: int) -> str:
    """One ~400-word article: a headline, relation sentences among filler paragraphs."""
    people = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(4)]

    def fill(template: str) -> str:
        a, b = rng.sample(people, 2)
        return template.format(
            a=f"{rng.choice(TITLES)} {a}" if rng.random() < 0.3 else a,
            b=b,
            city=rng.choice(CITIES),
            org=rng.choice(ORGS),
            day=rng.choice(DAYS),
            year=rng.randint(2005, 2024),
        )

    paragraphs = []
    words = 0
    while words < 400:
        sentences = [fill(rng.choice(RELATION_SENTENCES))] + [fill(rng.choice(FILLER)) for _ in range(2)]
        rng.shuffle(sentences)
        para = " ".join(sentences)
        paragraphs.append(para)
        words += len(para.split())
    headline = f"{people[0]} and {people[1]} in talks as crisis deepens ({i})"
    return f"date 2023-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}\n{headline}\n\n" + "\n\n".join(paragraphs) + "\n"


def write_articles(folder: Path, n: int, *, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        path = folder / f"article_{i:04}.txt"
        path.write_text(make_article(rng, i), encoding="utf-8")
        paths.append(path)
    return paths


def bench_throughput(folder: Path, paths: list[Path], *, rounds: int = 10) -> tuple[float, float, dict]:
    """Articles/s of extraction alone and of the whole import, over the same articles.

    The two alternate in ``rounds`` slices (extract a slice, then import that slice), so a
    change in machine load during the run weighs on both figures alike.
    """
    from desktop.extract import load_pipeline
    from desktop.extract.engine import extract_many
    from desktop.extract.formats import read_article
    from desktop.extract.ingest import ingest_files
    from desktop.model import open_workspace

    nlp = load_pipeline()
    list(extract_many([read_article(p).text for p in paths[:20]], nlp=nlp))  # warm up
    repo = open_workspace(folder / "bench.relmap")
    extract_seconds = import_seconds = 0.0
    proposals = imported = 0
    step = max(1, -(-len(paths) // rounds))
    try:
        for lo in range(0, len(paths), step):
            part = paths[lo : lo + step]
            started = time.perf_counter()
            texts = [read_article(p).text for p in part]
            proposals += sum(len(e.relationships) for e in extract_many(texts, nlp=nlp))
            extract_seconds += time.perf_counter() - started
            started = time.perf_counter()
            imported += ingest_files(repo, part, nlp=nlp).imported
            import_seconds += time.perf_counter() - started
        counts = repo.counts()
    finally:
        repo.close()
    assert imported == len(paths), f"only {imported} of {len(paths)} imported"
    counts["proposed by extractor"] = proposals
    return len(paths) / extract_seconds, len(paths) / import_seconds, counts


def runqueue_wait_ms(*thread_ids: int | None) -> float:
    """How long these threads have waited for a CPU while ready to run (Linux schedstat), in ms.

    On a shared machine the GUI thread waits for a CPU because of other processes, or waits for
    the GIL while the worker holding it waits for a CPU; the sum of both threads' queueing
    separates that from stalls our own code causes.
    """
    total = 0.0
    for tid in thread_ids:
        if tid is None:
            continue
        try:
            with open(f"/proc/self/task/{tid}/schedstat", encoding="ascii") as fh:
                total += int(fh.read().split()[1]) / 1e6
        except (OSError, IndexError, ValueError):
            pass
    return total


def bench_gui_gap(folder: Path, paths: list[Path]) -> tuple[float, float, float, float, int]:
    """Longest gap (ms) between 10 ms GUI timer ticks during an import, and without one."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.model import open_workspace
    from desktop.ui.import_dialog import ImportDialog

    app = QApplication.instance() or QApplication(sys.argv[:1])
    repo = open_workspace(folder / "gui.relmap")
    dialog = ImportDialog(repo, paths=paths)
    dialog.show()
    clock = QElapsedTimer()
    ticks: list[int] = []
    waits: list[float] = []
    timer = QTimer()
    timer.setInterval(10)

    gui_thread = threading.get_native_id()

    def tick() -> None:
        worker = dialog.worker._thread  # noqa: SLF001 - the bench looks inside on purpose
        ticks.append(clock.elapsed())
        waits.append(runqueue_wait_ms(gui_thread, worker.native_id if worker is not None else None))

    timer.timeout.connect(tick)

    def longest(spans: list[int]) -> float:
        gaps = sorted(b - a for a, b in zip(spans, spans[1:]))
        if gaps:
            p99.append(float(gaps[int(len(gaps) * 0.99)]))
            # the same gaps less the time the GUI and worker threads sat ready but without a CPU
            # (clamped: the worker's counter vanishes with its thread when the import ends)
            net.append(
                max(
                    float(b - a) - min(float(b - a), max(0.0, wb - wa))
                    for a, b, wa, wb in zip(spans, spans[1:], waits, waits[1:])
                )
            )
        return float(gaps[-1]) if gaps else 0.0

    p99: list[float] = []
    net: list[float] = []

    try:
        loop = QEventLoop()
        clock.start()
        timer.start()
        QTimer.singleShot(1000, loop.quit)
        loop.exec()
        idle_gap = longest(ticks)
        ticks.clear()
        waits.clear()
        done = QEventLoop()
        dialog.worker.sigFinished.connect(lambda _r: done.quit())
        dialog.worker.sigFailed.connect(lambda _m: done.quit())
        dialog.start()
        done.exec()
        timer.stop()
        busy_gap = longest(ticks)
        imported = dialog.last_result.imported if dialog.last_result else 0
    finally:
        dialog.worker.shutdown()
        dialog.close()
        dialog.deleteLater()
        app.processEvents()
        repo.close()
    return idle_gap, busy_gap, p99[-1] if p99 else 0.0, net[-1] if net else busy_gap, imported


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else N_ARTICLES
    with tempfile.TemporaryDirectory(prefix="relmap-bench-ingest-") as tmp:
        folder = Path(tmp)
        paths = write_articles(folder, n)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths) / len(paths)
        print(f"{n} generated articles, {words:.0f} words each on average")
        baseline, rate, counts = bench_throughput(folder, paths)
        ratio = rate / baseline
        print(f"{'read + extraction alone (baseline)':34} {baseline:8.1f} articles/s")
        print(
            f"{'relmap import (read+extract+store)':34} {rate:8.1f} articles/s   "
            f"{ratio:.0%} of baseline (target >= {MIN_RATIO:.0%})"
        )
        print(
            f"{'stored':34} {counts['articles']} articles, {counts['actors']} actors, "
            f"{counts['relationships']} relationships, {counts['evidence']} excerpts "
            f"({counts['proposed by extractor']} proposals)"
        )
        (folder / "gui").mkdir()
        gui_paths = write_articles(folder / "gui", min(GUI_ARTICLES, n), seed=11)
        idle_gap, busy_gap, busy_p99, busy_net, imported = bench_gui_gap(folder, gui_paths)
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
        cpus = os.cpu_count() or 1
        print(f"{'GUI longest tick gap, idle':34} {idle_gap:8.0f} ms")
        print(
            f"{'GUI longest tick gap, importing':34} {busy_gap:8.0f} ms   "
            f"(99th percentile {busy_p99:.0f} ms; {imported} articles; target < {MAX_GUI_GAP_MS:.0f} ms)"
        )
        print(
            f"{'  less waiting for a CPU':34} {busy_net:8.0f} ms   (less time GUI and worker threads "
            "were queued for a CPU)"
        )
        print(f"{'machine load (1 min) / CPUs':34} {load:8.1f} / {cpus}")
    # On an overloaded machine (more runnable work than CPUs) the raw gap measures the other
    # processes; the target then applies to the gap our own process caused.
    overloaded = load > cpus
    gui_gap = busy_net if overloaded else busy_gap
    if overloaded:
        print(f"machine overloaded: the GUI target is judged on the gap less CPU waiting ({gui_gap:.0f} ms)")
    ok = ratio >= MIN_RATIO and gui_gap < MAX_GUI_GAP_MS and imported == len(gui_paths)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
