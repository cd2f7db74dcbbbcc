"""Small builders shared by tests (real workspaces in tmp_path, no mocks)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from desktop.model import Repository, open_workspace
from desktop.seed import open_user_workspace


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def empty_workspace(tmp_path: Path, name: str = "empty.relmap") -> Repository:
    return open_workspace(tmp_path / name)


def seeded_workspace(tmp_path: Path, name: str = "seeded.relmap") -> Repository:
    return open_user_workspace(tmp_path / name)


def rows_as_edited(repo: Repository) -> dict[str, list[dict]]:
    """Every row of every table without its version and who/when it was changed: what undo and
    redo must put back exactly (each undo is itself a new version, so those columns move on)."""
    from desktop.model.repository import TRACKING_COLUMNS

    return {
        table: [{k: v for k, v in row.items() if k not in TRACKING_COLUMNS} for row in rows]
        for table, rows in repo.export_rows().items()
    }
