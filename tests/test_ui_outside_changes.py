"""A window open on a workspace shows what another program stores in it: `relmap import` run in
a terminal while the window is open puts the article in the Articles dock and its actors on the
map within seconds, and the status bar says another program changed the workspace."""

from __future__ import annotations

import subprocess
import sys
import time

from desktop.ui.main_window import MainWindow
from tests.helpers import empty_workspace

ARTICLE = (
    "Harbour talks in Varnholm\n\nAlma Reyes met Boris Lind in Varnholm on Monday, officials said. "
    "The talks between Alma Reyes and Boris Lind lasted three hours, according to the mayor.\n"
)


def article_titles(window: MainWindow) -> list[str]:
    items = (window.articles_panel.list.item(i) for i in range(window.articles_panel.list.count()))
    return [item.text().split("\n")[0] for item in items]


def test_an_import_by_another_program_shows_in_the_open_window(qtbot, tmp_path):
    repo = empty_workspace(tmp_path)
    window = MainWindow(repo)
    qtbot.addWidget(window)
    window.resize(1300, 850)
    window.show()
    qtbot.waitExposed(window)
    assert article_titles(window) == [] and window.scene.n == 0
    story = tmp_path / "talks.txt"
    story.write_text(ARTICLE, encoding="utf-8")

    done = subprocess.run(
        [sys.executable, "-m", "desktop", "import", str(story), "-w", str(repo.path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    stored = time.monotonic()
    # the window has not been told anything: it notices the other program's commit itself
    qtbot.waitUntil(lambda: article_titles(window) == ["Harbour talks in Varnholm"], timeout=5000)
    seen_after = time.monotonic() - stored
    qtbot.waitUntil(lambda: window.scene.n >= 2, timeout=5000)
    names = set(window.scene.names)
    assert {"Alma Reyes", "Boris Lind"} <= names
    message = window.statusBar().currentMessage()
    assert "another program" in message.lower() and "1 article" in message, message
    assert seen_after < 2.0, f"the window showed the article {seen_after:.2f} s after the import finished"
    # its proposals reached the review queue too
    assert window.proposals_panel.model.rowCount() >= 1
    window.close()
    repo.close()


def test_the_window_does_not_announce_its_own_edits_as_another_programs(qtbot, tmp_path):
    repo = empty_workspace(tmp_path)
    window = MainWindow(repo)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.edit.show_errors = False
    window.edit.add_actor(name="Carla Menot", kind="person")
    qtbot.wait(3 * window.outside_changes.interval())
    assert "another program" not in window.statusBar().currentMessage().lower()
    assert window.outside_changes.isActive()
    window.close()
    repo.close()
