"""Errors the model raises: each names the file or thing and says what is wrong in plain words."""

from __future__ import annotations

from pathlib import Path


class RelmapError(Exception):
    """Base of every error meant for the user's eyes (CLI prints it on one line)."""


class WorkspaceError(RelmapError):
    """A workspace file that cannot be opened; the file is left untouched."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


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
        super().__init__(path, f"another program kept this workspace busy for {waited:g} s; nothing was "
                               "stored (try again when it has finished)")


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
