"""Live changes (desktop.model.live): what another investigator commits reaches a ChangeFeed, on both engines."""

from __future__ import annotations

import threading
import time

import pytest

from desktop.model import open_workspace
from desktop.model.live import ChangeFeed
from desktop.seed import load_seed


@pytest.fixture(params=["file", pytest.param("team", marks=pytest.mark.postgres)])
def location(request, tmp_path):
    if request.param == "file":
        return str(tmp_path / "w.relmap")
    return request.getfixturevalue("pg_url")


def test_a_feed_yields_others_changes_and_not_its_own(location):
    ana = open_workspace(location, fill_new=load_seed, user="ana")
    ben = open_workspace(location, user="ben")
    feed = ChangeFeed(ana)
    try:
        assert feed.wait(0.2) == []
        putin = ana.find_actor("Putin")
        ana.update_actor(putin.id, notes="ana's own note")  # drawn already by ana's window
        assert feed.wait(0.3) == []
        rel = ben.list_relationships()[0]
        ben.set_status(rel.id, "rejected", expected_version=rel.version)
        records = feed.wait(5.0)
        assert [(r.who, r.action, r.table, r.row_id) for r in records] == [("ben", "update", "relationship", rel.id)]
        change = ana.change_of(records)
        assert change.relationships == {rel.id} and change.actors == {rel.source_id, rel.target_id}
        new = ben.create_actor("Ada Example", aliases=("Ada",)).subject_id
        change = ana.change_of(feed.wait(5.0))
        assert change.actors == {new}
    finally:
        feed.close()
        ana.close()
        ben.close()


def test_a_feed_wakes_as_soon_as_the_change_is_committed(location):
    ana = open_workspace(location, fill_new=load_seed, user="ana")
    ben = open_workspace(location, user="ben")
    feed = ChangeFeed(ana)
    putin = ben.find_actor("Putin")
    committed: list[float] = []

    def edit_later() -> None:
        time.sleep(0.3)
        ben.rename_actor(putin.id, "V. Putin", expected_version=putin.version)
        committed.append(time.monotonic())

    writer = threading.Thread(target=edit_later)
    try:
        writer.start()
        records = []
        deadline = time.monotonic() + 10
        while not any(r.table == "actor" for r in records) and time.monotonic() < deadline:
            records += feed.wait(10.0)
        seen = time.monotonic()
        writer.join()
        assert any(r.table == "actor" and r.label == "V. Putin" for r in records)
        assert seen - committed[0] < 1.0  # within a second of the commit
    finally:
        writer.join()
        feed.close()
        ana.close()
        ben.close()


@pytest.mark.postgres
def test_a_feed_catches_up_from_the_log_after_losing_its_connection(pg_server, pg_url):
    ana = open_workspace(pg_url, fill_new=load_seed, user="ana")
    ben = open_workspace(pg_url, user="ben")
    feed = ChangeFeed(ana)
    try:
        # the server drops the feed's connection (a network cut, a server restart)...
        pg_server.psql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()"
        )
        # ...and what happens meanwhile is not notified to it, but is in the log
        tok = ben.find_actor("Tokayev")
        ben.update_actor(tok.id, notes="while you were away")
        records = []
        deadline = time.monotonic() + 10
        while not records and time.monotonic() < deadline:
            records = feed.wait(1.0)
        assert [(r.who, r.table, r.row_id) for r in records] == [("ben", "actor", tok.id)]
        assert feed.wait(0.5) == []  # waiting finds the connection gone and replaces it
        assert feed.reconnects >= 1
        # and the new connection listens again
        ben.update_actor(tok.id, notes="back again")
        assert [r.row_id for r in feed.wait(5.0)] == [tok.id]
    finally:
        feed.close()
        ana.close()
        ben.close()
