"""Test set-up shared by every test: Qt offscreen, our own warnings are errors, no leaked threads."""

from __future__ import annotations

import os
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never touch the real user's data folder from a test.
os.environ.setdefault("RELMAP_DATA_DIR", os.path.join(os.environ.get("TMPDIR", "/tmp"), f"relmap-test-{os.getpid()}"))

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _no_leaked_threads():
    """Fail a test that leaves a thread running: a leaked worker outlives its window."""
    before = set(threading.enumerate())
    yield
    leaked = [t for t in threading.enumerate() if t not in before and t.is_alive() and not t.daemon]
    for t in leaked:
        t.join(timeout=5)
    still = [t.name for t in leaked if t.is_alive()]
    assert not still, f"threads left running: {still}"


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
