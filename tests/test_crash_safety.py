"""`relmap import` killed with SIGKILL at random moments: the workspace stays sound, and every
article in it has exactly what a complete import gives it (no half-imported article).

The real CLI in a subprocess, the real extractor; a few runs here (the issue measured 130), each
killed at a random moment of its own run, announced in the failure message so it can be replayed.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest

from desktop.model import open_workspace
from tests.test_concurrent_writers import invented_article, relmap, wait_until_open

ARTICLES = 60  # storing them takes about a second: long enough to be killed in the middle


def write_batch(folder: Path) -> list[Path]:
    folder.mkdir()
    paths = []
    for i in range(ARTICLES):
        path = folder / f"{i:02}.txt"
        path.write_text(invented_article(i, "crash"), encoding="utf-8")
        paths.append(path)
    return paths


def what_each_article_holds(path: Path) -> dict[str, tuple]:
    """Per article (by content), everything an import stores for it: the excerpts with their
    relationship's type and actors, and the actor mentions with the actor's name."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        out: dict[str, tuple] = {}
        for article_id, content_hash in con.execute("SELECT id, content_hash FROM article"):
            evidence = con.execute(
                'SELECT t.key, s.name, g.name, e.start, e."end", e.quote, e.origin FROM evidence e '
                "JOIN relationship r ON r.id = e.relationship_id JOIN relation_type t ON t.id = r.type_id "
                "JOIN actor s ON s.id = r.source_id JOIN actor g ON g.id = r.target_id "
                "WHERE e.article_id = ? ORDER BY 1, 2, 3, 4",
                (article_id,),
            ).fetchall()
            mentions = con.execute(
                'SELECT a.name, m.start, m."end", m.role FROM actor_mention m JOIN actor a ON a.id = m.actor_id '
                "WHERE m.article_id = ? ORDER BY 1, 2, 3, 4",
                (article_id,),
            ).fetchall()
            out[content_hash] = (tuple(evidence), tuple(mentions))
        return out
    finally:
        con.close()


def loose_ends(path: Path) -> list[str]:
    """Rows a half-imported article would leave: actors no stored article names, relationships
    with no excerpt."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        actors = con.execute(
            "SELECT name FROM actor WHERE id NOT IN (SELECT actor_id FROM actor_mention) "
            "AND id NOT IN (SELECT source_id FROM relationship) "
            "AND id NOT IN (SELECT target_id FROM relationship)"
        ).fetchall()
        rels = con.execute(
            "SELECT id FROM relationship WHERE id NOT IN (SELECT relationship_id FROM evidence)"
        ).fetchall()
        return [f"actor {n!r}" for (n,) in actors] + [f"relationship {i}" for (i,) in rels]
    finally:
        con.close()


class LineClock:
    """Reads a process's stdout in a thread and notes when each line arrived."""

    def __init__(self, proc: subprocess.Popen) -> None:
        self.times: list[float] = []
        self.first = threading.Event()
        self.thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self.thread.start()

    def _read(self, proc: subprocess.Popen) -> None:
        for line in proc.stdout:
            if "imported as article" in line:
                self.times.append(time.monotonic())
                self.first.set()


@pytest.mark.slow
def test_import_killed_at_random_moments_leaves_only_whole_articles(tmp_path):
    files = write_batch(tmp_path / "batch")

    # a complete import: what every article should hold, and how long the import takes
    complete = tmp_path / "complete.relmap"
    open_workspace(complete).close()
    proc = relmap("import", *files, "-w", complete)
    wait_until_open(proc, complete)
    opened = time.monotonic()
    clock = LineClock(proc)
    assert proc.wait(timeout=300) == 0, proc.stderr.read()
    clock.thread.join(10)
    assert len(clock.times) == ARTICLES
    expected = what_each_article_holds(complete)
    assert len(expected) == ARTICLES and all(evidence for evidence, _ in expected.values())
    before_first = clock.times[0] - opened  # loading the extractor and the first article
    storing = clock.times[-1] - clock.times[0]  # the rest of the batch

    rng = random.Random()
    killed = []
    # one run killed before or while the first article is stored, the others while the batch is
    # being stored; each moment is random within its phase
    for run, phase in enumerate(("start", "batch", "batch")):
        ws = tmp_path / f"killed{run}.relmap"
        open_workspace(ws).close()
        proc = relmap("import", *files, "-w", ws)
        wait_until_open(proc, ws)
        clock = LineClock(proc)
        if phase == "start":
            delay = rng.uniform(0, before_first)
        else:
            assert clock.first.wait(300), proc.stderr.read()
            delay = rng.uniform(0, storing)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        moment = f"run {run}: killed {delay:.2f} s into the {phase} (exit {proc.returncode})"

        con = sqlite3.connect(ws)
        try:
            assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)], moment
            assert con.execute("PRAGMA foreign_key_check").fetchall() == [], moment
        finally:
            con.close()
        stored = what_each_article_holds(ws)
        for content_hash, holds in stored.items():
            assert holds == expected[content_hash], f"{moment}: an article holds other than a complete import gives"
        assert loose_ends(ws) == [], moment

        killed.append((ws, moment, len(stored)))

    # importing the batch again into the last one completes it: nothing stored twice
    ws, moment, _ = killed[-1]
    again = relmap("import", *files, "-w", ws)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, f"{moment}: {err}"
    assert what_each_article_holds(ws) == expected, moment
