"""The throwaway PostgreSQL cluster the team-workspace tests run on (tests/pg_server.py)."""

from __future__ import annotations

import pytest

from tests.pg_server import ThrowawayServer

pytestmark = pytest.mark.postgres


def test_cluster_listens_on_loopback_only_and_gives_each_test_a_fresh_database(pg_server, pg_url):
    assert pg_server.psql("SHOW listen_addresses").strip() == "127.0.0.1"
    database = pg_url.rsplit("/", 1)[1]
    assert (
        pg_server.psql(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", database=database
        ).strip()
        == "0"
    )
    assert f"127.0.0.1:{pg_server.port}/" in pg_url


def test_a_cluster_stops_and_leaves_no_folder(pg_server):
    # a second cluster beside the session's: its own port, gone without a trace when stopped
    other = ThrowawayServer.start()
    assert other.port != pg_server.port and other.data.is_dir()
    other.stop()
    other.stop()  # twice is harmless (the atexit hook calls it again)
    assert not other.folder.exists()
