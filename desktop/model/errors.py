"""Errors the model raises: each names the file or thing and says what is wrong in plain words."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any


class RelmapError(Exception):
    """Base of every error meant for the user's eyes (CLI prints it on one line)."""


class WorkspaceError(RelmapError):
    """A workspace file (or team workspace) that cannot be opened; it is left untouched.

    ``path`` is the file, or the team workspace's address without any password."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.location = str(path)
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.location}: {problem}")


class NotAWorkspaceError(WorkspaceError):
    """The file exists but is not a Relmap workspace."""


class NewerWorkspaceError(WorkspaceError):
    """The workspace was written by a newer Relmap than this one."""


class DamagedWorkspaceError(WorkspaceError):
    """The file is a Relmap workspace (or claims to be) but SQLite reports damage."""


class WorkspaceBusyError(WorkspaceError):
    """Another program kept the workspace locked for writing longer than a writer waits."""

    def __init__(self, path: Path | str, waited: float) -> None:
        self.waited = waited
        super().__init__(
            path,
            f"another program kept this workspace busy for {waited:g} s; nothing was "
            "stored (try again when it has finished)",
        )


class InvalidInputError(RelmapError, ValueError):
    """A request the repository refuses: bad values, unknown ids, broken constraints."""


class NotFoundError(InvalidInputError):
    """An id or name that names nothing in the workspace."""


class DuplicateAliasError(InvalidInputError):
    """An alias (or name) already belongs to another actor; aliases are unique per workspace."""

    def __init__(self, alias: str, owner: str) -> None:
        self.alias = alias
        self.owner = owner
        super().__init__(f"the name {alias!r} already belongs to actor {owner!r}")


class ReadOnlyWorkspaceError(RelmapError):
    """A change asked of a workspace this user may only read (e.g. a team member with SELECT only)."""


class ConflictError(InvalidInputError):
    """An edit based on a version of a row that someone else has changed (or deleted) since.

    ``mine`` holds the values the edit wanted, ``theirs`` the values stored now, field by field
    (``theirs`` is None when the row is gone), so a person can choose which to keep.
    """

    def __init__(
        self,
        what: str,
        *,
        table: str,
        row_id: int,
        expected_version: int | None,
        current_version: int | None,
        changed_by: str,
        mine: Mapping[str, Any] | None = None,
        theirs: Mapping[str, Any] | None = None,
        message: str | None = None,
    ) -> None:
        self.what = what
        self.table = table
        self.row_id = row_id
        self.expected_version = expected_version
        self.current_version = current_version
        self.changed_by = changed_by
        self.mine = dict(mine or {})
        self.theirs = None if theirs is None else dict(theirs)
        if message is None:
            by = f" by {changed_by}" if changed_by else ""
            if theirs is None:
                message = f"{what} was deleted{by} since you read it"
            else:
                fields = "; ".join(
                    f"{k}: yours {self.mine[k]!r}, theirs {theirs.get(k)!r}"
                    for k in self.mine
                    if self.mine[k] != theirs.get(k)
                )
                message = (
                    f"{what} was changed{by} since you read it (version {current_version}, yours was "
                    f"{expected_version}){': ' + fields if fields else ''}"
                )
        super().__init__(message)
