"""A workspace this window may not write (a read-only or immutable file, a read-only folder or
filesystem, a full disk): every edit says why it is off, in the user's words."""

from __future__ import annotations

from desktop.model import Repository


def read_only_why(repo: Repository) -> str | None:
    """Why nothing in ``repo`` can be changed (for tooltips and the status bar); None when it can be."""
    if not repo.read_only:
        return None
    if repo.path is None:  # a team workspace: the member's database role may only read
        return f"You can read this workspace but not change it: your database role “{repo.user}” may only read"
    return (
        f"This workspace is read-only ({repo.read_only_reason or 'it may not be written'}): "
        "you can read and export it, not change it"
    )
