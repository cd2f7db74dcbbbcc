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
