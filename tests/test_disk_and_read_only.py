"""A full disk, an immutable file, a read-only filesystem: one clear line, nothing half-written.

The small disks are real filesystems (tmpfs mounted for the test), which needs root, as the
test machines and CI run; elsewhere these tests are skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.model import open_workspace
from desktop.seed import open_user_workspace
from tests.helpers import digest

STORY = "Report\n\nIrma Vehko met Jonas Pell in Varnholm on Monday, the mayor said.\n"
PYTHON_WORDS = ("Traceback", "OperationalError", "sqlite3", "sqlalche", "internal error")


def relmap(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "desktop", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, "RELMAP_BUSY_TIMEOUT": "2"},
    )


def one_clean_line(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 1, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and not any(w in done.stderr for w in PYTHON_WORDS), done.stderr
    return lines[0]


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MB filesystem of its own, unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small filesystem needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)]).returncode != 0:
        pytest.skip("this machine does not let tests mount a filesystem")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path) -> Path:
    """Write until the filesystem is full; the filler file's path."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    return filler


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part") or p.name.startswith("."))


def test_every_export_onto_a_full_disk_fails_in_one_line_and_keeps_the_old_file(tmp_path, small_disk):
    ws = tmp_path / "w.relmap"
    open_user_workspace(ws).close()
    report = small_disk / "report.pdf"
    done = relmap("export", "--format", "report", "--out", report, "-w", ws)
    assert done.returncode == 0, done.stderr
    good = report.read_bytes()
    assert good.startswith(b"%PDF") and len(good) > 1000
    fill(small_disk)
    line = one_clean_line(relmap("export", "--format", "report", "--out", report, "-w", ws))
    assert str(report) in line and "No space left on device" in line and "nothing was written" in line
    assert report.read_bytes() == good  # the good report is still there, whole
    for fmt, out in (
        ("png", "m.png"),
        ("svg", "m.svg"),
        ("pdf", "m.pdf"),
        ("graphml", "m.graphml"),
        ("gexf", "m.gexf"),
        ("json", "w.json"),
        ("csv", "tables"),
    ):
        line = one_clean_line(relmap("export", "--format", fmt, "--out", small_disk / out, "-w", ws))
        assert "No space left on device" in line, fmt
        assert not (small_disk / out).exists() or fmt == "csv"
    assert leftovers(small_disk) == []
    assert not any((small_disk / "tables").glob("*.csv")) if (small_disk / "tables").exists() else True


def test_import_onto_a_full_disk_stores_nothing_and_the_workspace_still_opens(tmp_path, small_disk):
    ws = small_disk / "w.relmap"
    open_workspace(ws).close()
    story = tmp_path / "story.txt"
    story.write_text(STORY * 400, encoding="utf-8")  # bigger than what is left
    filler = fill(small_disk)
    done = relmap("import", story, "--no-extract", "-w", ws)
    line = one_clean_line(done)
    assert "the disk is full" in line and "nothing was stored" in line and str(story) in line
    listed = relmap("list", "actors", "-w", ws)  # reading still works on a full disk
    assert listed.returncode == 0, listed.stderr
    filler.unlink()
    repo = open_workspace(ws)
    try:
        assert repo.list_articles() == []
        with repo.engine.connect() as con:
            assert con.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    finally:
        repo.close()
    assert relmap("import", story, "--no-extract", "-w", ws).returncode == 0  # with room again, it imports


def _immutable(path: Path, on: bool) -> bool:
    return subprocess.run(["chattr", "+i" if on else "-i", str(path)], capture_output=True).returncode == 0


def test_an_immutable_workspace_opens_read_only(tmp_path):
    ws = tmp_path / "w.relmap"
    open_user_workspace(ws).close()
    if not _immutable(ws, True):
        pytest.skip("this filesystem has no immutable files (chattr)")
    try:
        before = digest(ws)
        repo = open_workspace(ws)
        assert repo.read_only and repo.list_actors()
        repo.close()
        listed = relmap("list", "relationships", "-w", ws, "--json")
        assert listed.returncode == 0 and listed.stdout.startswith("[")
        for fmt, out in (("graphml", "m.graphml"), ("json", "w.json")):  # an unplaced map is laid out, not saved
            done = relmap("export", "--format", fmt, "--out", tmp_path / out, "-w", ws)
            assert done.returncode == 0, done.stderr
        story = tmp_path / "story.txt"
        story.write_text(STORY, encoding="utf-8")
        line = one_clean_line(relmap("import", story, "-w", ws))
        assert "is read-only" in line and "damaged" not in line
        assert digest(ws) == before
    finally:
        _immutable(ws, False)


def test_a_workspace_on_a_read_only_filesystem_opens_read_only(tmp_path, small_disk):
    ws = small_disk / "w.relmap"
    open_user_workspace(ws).close()
    copy = tmp_path / "before.relmap"
    shutil.copyfile(ws, copy)
    assert subprocess.run(["mount", "-o", "remount,ro", str(small_disk)]).returncode == 0
    listed = relmap("list", "actors", "-w", ws)
    assert listed.returncode == 0 and "Tokayev" in listed.stdout
    done = relmap("export", "--format", "json", "--out", tmp_path / "w.json", "-w", ws)
    assert done.returncode == 0, done.stderr
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    assert "is read-only" in one_clean_line(relmap("import", story, "-w", ws))
    assert sorted(p.name for p in small_disk.iterdir()) == ["w.relmap"]
    assert digest(ws) == digest(copy)
