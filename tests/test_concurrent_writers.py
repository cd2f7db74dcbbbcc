"""Two programs writing to one workspace: writers wait their turn, nobody crashes, nothing half-stored."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from desktop.extract.formats import article_from_text
from desktop.extract.ingest import ingest_files
from desktop.model import InvalidInputError, WorkspaceBusyError, open_workspace
from tests.helpers import empty_workspace

# Invented people and places; every article proposes a relationship, and the importers share
# names, so concurrent imports also race to create the same actors.
PEOPLE = [
    "Alma Reyes",
    "Boris Lind",
    "Carla Menot",
    "Dario Fenn",
    "Edith Saar",
    "Felix Brandt",
    "Greta Holm",
    "Hugo Marek",
]


def invented_article(i: int, tag: str) -> str:
    a, b = PEOPLE[i % len(PEOPLE)], PEOPLE[(i * 3 + 1) % len(PEOPLE)]
    if a == b:
        b = PEOPLE[(i + 1) % len(PEOPLE)]
    return (
        f"Report {tag} {i}\n\n{a} met {b} in Varnholm on Monday, officials said. "
        f"The talks between {a} and {b} lasted three hours, according to the mayor of Varnholm. "
        f"Story {tag}-{i} ends here.\n"
    )


def hold_write_lock(path: Path, seconds: float | threading.Event, *, holding: threading.Event) -> threading.Thread:
    """Another program's write transaction: takes the lock, keeps it ``seconds`` (or until the
    event is set), commits."""

    def run() -> None:
        con = sqlite3.connect(path, isolation_level=None)
        con.execute("BEGIN IMMEDIATE")
        con.execute("UPDATE actor SET notes = notes")
        holding.set()
        if isinstance(seconds, threading.Event):
            seconds.wait(120)
        else:
            time.sleep(seconds)
        con.execute("COMMIT")
        con.close()

    thread = threading.Thread(target=run, name="other-program")
    thread.start()
    assert holding.wait(5)
    return thread


def wait_until_open(proc: subprocess.Popen, path: Path, timeout: float = 120) -> None:
    """Wait until the process has the workspace open (it starts slowly on a loaded machine)."""
    deadline = time.monotonic() + timeout
    fds = Path(f"/proc/{proc.pid}/fd")
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if any(str(link.readlink()).startswith(str(path)) for link in fds.iterdir()):
                return
        except OSError:
            pass  # a descriptor closed while we looked
        time.sleep(0.02)
    raise AssertionError("the import never opened the workspace")


def test_a_writer_waits_for_another_programs_transaction(tmp_path):
    """Two opens of one file (as two programs have): the second writer waits for the first."""
    first = empty_workspace(tmp_path)
    second = open_workspace(first.path)
    started, done = threading.Event(), threading.Event()

    def long_write() -> None:
        with first.batch():
            first.add_article("One article about Alma Reyes.", title="first")
            started.set()
            time.sleep(0.8)
        done.set()

    thread = threading.Thread(target=long_write)
    thread.start()
    assert started.wait(5)
    # a read first, then a write: a deferred transaction here failed with "database is locked"
    assert second.find_article("Another article about Boris Lind.") is None
    t0 = time.monotonic()
    second.add_article("Another article about Boris Lind.", title="second")
    waited = time.monotonic() - t0
    thread.join()
    assert done.is_set() and waited > 0.3
    assert sorted(a.title for a in second.list_articles()) == ["first", "second"]
    first.close()
    second.close()


def test_a_writer_that_cannot_get_the_lock_stores_nothing_and_says_so(tmp_path):
    repo = empty_workspace(tmp_path)
    impatient = open_workspace(repo.path)
    impatient.busy_timeout = 0.3
    holding = threading.Event()
    other = hold_write_lock(repo.path, 1.5, holding=holding)
    with pytest.raises(WorkspaceBusyError) as refused:
        impatient.add_article("Text that must not be stored.", title="refused")
    other.join()
    message = str(refused.value)
    assert "\n" not in message and str(repo.path) in message and "nothing was stored" in message
    assert impatient.list_articles() == []
    impatient.close()
    repo.close()


def test_data_version_sees_other_programs_commits_not_its_own(tmp_path):
    repo = empty_workspace(tmp_path)
    other = open_workspace(repo.path)
    assert repo.changed_elsewhere() is False  # the first call takes note
    repo.add_article("Our own article.", title="own")
    assert repo.changed_elsewhere() is False
    other.add_article("Their article.", title="theirs")
    assert repo.changed_elsewhere() is True
    assert repo.changed_elsewhere() is False
    other.close()
    repo.close()


def test_a_database_refusal_is_one_sentence_and_skips_only_that_article(tmp_path):
    """An article the database refuses (here a trigger, as a constraint would) is reported and
    skipped; the articles after it are imported."""
    repo = empty_workspace(tmp_path)
    con = sqlite3.connect(repo.path)
    con.execute(
        "CREATE TRIGGER no_poison BEFORE INSERT ON article WHEN NEW.title = 'poison' "
        "BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: poison'); END"
    )
    con.commit()
    con.close()
    with pytest.raises(InvalidInputError, match="the workspace refused the change"):
        repo.add_article("A poisoned text.", title="poison")
    items = [
        article_from_text(invented_article(1, "x"), title="first"),
        article_from_text("Nothing to see.", title="poison"),
        article_from_text(invented_article(2, "x"), title="third"),
    ]
    batch = ingest_files(repo, items, extract_proposals=False)
    assert [o.ok for o in batch.outcomes] == [True, False, True]
    assert "refused" in batch.outcomes[1].error and "\n" not in batch.outcomes[1].error
    assert sorted(a.title for a in repo.list_articles()) == ["first", "third"]
    repo.close()


def relmap(*args: object, env: dict | None = None, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
        **kwargs,
    )


def test_import_retries_an_article_while_another_program_writes(tmp_path):
    """The lock is held longer than one busy timeout: the import waits again, then stores."""
    repo = empty_workspace(tmp_path)
    repo.close()
    article = tmp_path / "a.txt"
    article.write_text(invented_article(1, "retry"))
    holding, release = threading.Event(), threading.Event()
    other = hold_write_lock(repo.path, release, holding=holding)
    proc = relmap("import", article, "--no-extract", "-w", repo.path, env={"RELMAP_BUSY_TIMEOUT": "0.8"})
    wait_until_open(proc, repo.path)
    time.sleep(1.5)  # longer than one busy timeout, shorter than all of them
    release.set()
    out, err = proc.communicate(timeout=60)
    other.join()
    assert proc.returncode == 0, err
    assert "imported as article 1" in out


def test_import_gives_up_on_a_busy_workspace_in_one_line_and_stores_nothing(tmp_path):
    repo = empty_workspace(tmp_path)
    repo.close()
    article = tmp_path / "a.txt"
    article.write_text(invented_article(1, "busy"))
    holding, release = threading.Event(), threading.Event()
    other = hold_write_lock(repo.path, release, holding=holding)
    proc = relmap("import", article, "--no-extract", "-w", repo.path, env={"RELMAP_BUSY_TIMEOUT": "0.2"})
    try:
        out, err = proc.communicate(timeout=60)
    finally:
        release.set()
        other.join()
    assert proc.returncode == 1
    assert err.count("\n") == 1 and "busy" in err and "nothing was stored" in err and "Traceback" not in err
    check = open_workspace(repo.path)
    assert check.list_articles() == []
    check.close()


@pytest.mark.slow
@pytest.mark.parametrize("importers", [2, 4])
def test_concurrent_importers_store_every_article(tmp_path, importers):
    """Several `relmap import` processes into one workspace, with extraction: all exit 0 and
    every article is stored with its proposals."""
    ws = tmp_path / "w.relmap"
    open_workspace(ws).close()
    per_importer = 6
    folders = []
    for k in range(importers):
        folder = tmp_path / f"batch{k}"
        folder.mkdir()
        for i in range(per_importer):
            (folder / f"{k}-{i}.txt").write_text(invented_article(i + k, f"b{k}"))
        folders.append(folder)
    procs = [relmap("import", *sorted(f.iterdir()), "-w", ws) for f in folders]
    results = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, results):
        assert proc.returncode == 0, err
        assert out.count("imported as article") == per_importer
    repo = open_workspace(ws)
    try:
        assert len(repo.list_articles()) == importers * per_importer
        rels = repo.list_relationships()
        assert rels and all(r.evidence for r in rels)
        names = [a.name for a in repo.list_actors()]
        assert len(names) == len(set(names))
        with repo.engine.connect() as con:
            assert con.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    finally:
        repo.close()
