"""`relmap self-test` is what the packaged binary's smoke test runs: it must pass on the seed."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.helpers import seeded_workspace


def test_self_test_passes_on_the_seed_workspace_without_qt_warnings(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", RELMAP_DATA_DIR=str(tmp_path / "data"))
    shot = tmp_path / "out.png"
    seeded_workspace(tmp_path, "st.relmap").close()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop",
            "self-test",
            "--workspace",
            str(tmp_path / "st.relmap"),
            "--screenshot",
            str(shot),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "self-test passed" in done.stdout
    assert done.stdout.count("ok   ") >= 2 * 9 + 2  # every relationship selected and its evidence shown
    assert "FAIL" not in done.stdout
    assert done.stderr == ""  # no Qt warnings (the offscreen propagateSizeHints note is filtered)
    assert shot.stat().st_size > 10_000


def test_self_test_fails_on_a_file_that_is_not_a_workspace(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", RELMAP_DATA_DIR=str(tmp_path / "data"))
    not_a_workspace = tmp_path / "junk.relmap"
    not_a_workspace.write_text("not a workspace")
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "self-test", "--workspace", str(not_a_workspace)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0


def test_qt_text_services_are_complete(qapp):
    # The packaged app trims ICU's data; self-test runs this check there. Here, with the full
    # data, it must find nothing wrong.
    from desktop.app import text_services_problems

    assert text_services_problems() == []
