"""Test set-up shared by every test: Qt offscreen, our own warnings are errors, no leaked threads or windows."""

from __future__ import annotations

import gc
import os
import sys
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never touch the real user's data folder from a test.
os.environ.setdefault("RELMAP_DATA_DIR", os.path.join(os.environ.get("TMPDIR", "/tmp"), f"relmap-test-{os.getpid()}"))

import pytest  # noqa: E402

# Windows Qt itself keeps for the whole process: the one tooltip label QToolTip reuses.
_QT_OWN_WINDOWS = frozenset({"QTipLabel"})


def _windows() -> list:
    """Every top-level widget alive now (none when no test has started Qt's widgets)."""
    if "PySide6.QtWidgets" not in sys.modules:
        return []
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        return []
    return [w for w in QApplication.topLevelWidgets() if type(w).__name__ not in _QT_OWN_WINDOWS]


def _address(widget) -> int:
    """The C++ object's address: a set of these does not keep the widgets alive as wrappers would."""
    import shiboken6

    return shiboken6.getCppPointer(widget)[0]


def _delete_later_now() -> None:
    """Delete the widgets waiting on deleteLater() (qtbot closes its widgets that way)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _new_windows(before: set[int]) -> list:
    return [w for w in _windows() if _address(w) not in before]


@pytest.fixture(autouse=True)
def _no_leaked_threads_or_windows():
    """Fail a test that leaves a thread running or a window alive: a leaked worker outlives its
    window, and a leaked window keeps its workspace open and answers the next test's events."""
    threads_before = set(threading.enumerate())
    windows_before = {_address(w) for w in _windows()}
    yield
    # Threads Qt starts for itself show up as _DummyThread once they run Python code; they
    # belong to Qt's pools and live as long as the process.
    leaked = [
        t
        for t in threading.enumerate()
        if t not in threads_before and t.is_alive() and not isinstance(t, threading._DummyThread)
    ]
    for t in leaked:
        t.join(timeout=5)
    still = [t.name for t in leaked if t.is_alive()]
    # Windows closed with deleteLater(), then windows only a Python reference cycle still held
    # (a full gc pass is slow with the language model loaded: only when something is left)
    windows = _new_windows(windows_before)
    if windows:
        del windows
        _delete_later_now()
        windows = _new_windows(windows_before)
    if windows:
        del windows
        gc.collect()
        _delete_later_now()
        windows = _new_windows(windows_before)
    names = [
        f"{type(w).__name__} {w.windowTitle() or w.objectName()!r}{' (shown)' if w.isVisible() else ''}"
        for w in windows
    ]
    for w in windows:  # one leak should not fail the tests after it too
        w.close()
        w.deleteLater()
    if windows:
        del windows
        _delete_later_now()
    assert not still, f"threads left running: {still}"
    assert not names, "windows left alive (close them, give them a parent, or qtbot.addWidget them): " + ", ".join(
        names
    )


@pytest.fixture(scope="session")
def seeded_file(tmp_path_factory):
    """One seeded workspace per run; tests that edit it get a copy (creating it is the slow part)."""
    from tests.helpers import seeded_workspace

    folder = tmp_path_factory.mktemp("seed")
    seeded_workspace(folder).close()
    return folder / "seeded.relmap"


@pytest.fixture
def seeded_repo(tmp_path, seeded_file):
    """A fresh copy of the seeded demo workspace, opened."""
    import shutil

    from desktop.model import open_workspace

    shutil.copyfile(seeded_file, tmp_path / "w.relmap")
    repo = open_workspace(tmp_path / "w.relmap", create=False)
    yield repo
    repo.close()


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline, loaded once per run (the loader caches it per name as well)."""
    from desktop.extract import load_pipeline

    return load_pipeline()


# ---------------------------------------------------------------------- PostgreSQL (team workspaces)
def pytest_collection_modifyitems(config, items):
    """Tests that take the ``pg_url`` fixture are marked ``postgres`` (so `-m postgres` finds them all)."""
    for item in items:
        if "pg_url" in getattr(item, "fixturenames", ()) or "pg_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(scope="session")
def pg_server():
    """One throwaway PostgreSQL cluster per test run (tests/pg_server.py), stopped and removed at the end,
    whether the tests passed or not. A missing server fails the tests that need it: they run in CI."""
    from tests.pg_server import ThrowawayServer

    server = ThrowawayServer.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty database on the throwaway cluster, dropped after the test."""
    url = pg_server.create_database()
    yield url
    pg_server.drop_database(url.rsplit("/", 1)[1])
