"""The composition root: File > New and Open Recent swap the window for one on the other workspace."""

from __future__ import annotations

from desktop.app import _Windows
from tests.helpers import seeded_workspace


def test_opening_another_workspace_replaces_the_window(qtbot, tmp_path):
    repo = seeded_workspace(tmp_path)
    windows = _Windows()
    first = windows.show(repo)
    assert first.wait_for_layout(20.0)
    new_path = tmp_path / "fresh.relmap"
    first.sigOpenWorkspace.emit(str(new_path), True)
    assert len(windows.open) == 1
    second = windows.open[0]
    assert second is not first and second.repo.path == new_path
    assert second.scene.n == 0  # a new workspace starts empty
    assert second.recent_workspaces()[:2] == [str(new_path.resolve()), str(repo.path.resolve())]
    second.sigOpenWorkspace.emit(str(repo.path), False)  # Open Recent
    third = windows.open[0]
    assert third.repo.path == repo.path and third.scene.n == 8
    third.close()
    third.deleteLater()
    third.repo.close()
