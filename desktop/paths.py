"""Where Relmap finds its bundled resources and keeps the user's data.

Resources (seeds/, resources/) sit at the repository root in a source checkout and at
``sys._MEIPASS`` in a PyInstaller build; everything asks :func:`resource_path` so only this
module knows the difference.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Relmap"
WORKSPACE_SUFFIX = ".relmap"


def resource_root() -> Path:
    """Folder holding seeds/ and resources/: the bundle when frozen, else the source tree."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource, e.g. ``resource_path("seeds", "seed.json")``."""
    return resource_root().joinpath(*parts)


def user_data_dir() -> Path:
    """Per-user data folder; ``RELMAP_DATA_DIR`` overrides it (tests, portable use)."""
    override = os.environ.get("RELMAP_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_workspace_path() -> Path:
    """The workspace `relmap` opens when no --workspace is given."""
    return user_data_dir() / f"default{WORKSPACE_SUFFIX}"
