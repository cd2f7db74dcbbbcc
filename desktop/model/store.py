"""open_workspace(): the one way to get a Repository for a file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop.model.repository import Repository
from desktop.model.errors import RelmapError
from desktop.model.workspace import (
    create_workspace_file,
    head_revision,
    inspect_workspace,
    is_writable,
    make_engine,
    migrate,
)


def open_workspace(path: Path | str, *, create: bool = True,
                   fill_new: Callable[[Repository], None] | None = None) -> Repository:
    """Open the workspace at ``path``, upgrading an older schema in one transaction.

    A missing (or empty) file is created when ``create`` is true, and ``fill_new`` (e.g. the
    seed loader) runs on it before it is moved into place, so a new workspace appears whole
    or not at all. Files that are not workspaces, are damaged, or come from a newer Relmap
    raise :class:`~desktop.model.errors.WorkspaceError` and are not modified.
    """
    path = Path(path).expanduser()
    state = inspect_workspace(path)
    created = False
    if state.revision is None:
        if not create:
            from desktop.model.errors import WorkspaceError

            raise WorkspaceError(path, "does not exist")

        def _fill(engine) -> None:  # noqa: ANN001
            if fill_new is not None:
                repo = Repository(engine, path, created=True)
                try:
                    fill_new(repo)
                finally:
                    repo.close()  # its connections go before the file moves into place

        create_workspace_file(path, fill=_fill)
        created = True
    reason = state.read_only_reason
    if reason is None and not created and not is_writable(path):
        reason = "its file or folder may not be written"
    read_only = reason is not None
    engine = make_engine(path, read_only=read_only, immutable=state.read_only_reason is not None)
    if state.revision is not None and state.revision != head_revision():
        if read_only:
            from desktop.model.errors import WorkspaceError

            engine.dispose()
            raise WorkspaceError(path, "is read-only and was made by an older Relmap: it needs an upgrade this "
                                       "version cannot write; copy it somewhere writable and open the copy")
        migrate(engine, path=path)
    repo = Repository(engine, path, created=created, read_only=read_only,
                      **({"read_only_reason": reason} if reason else {}))
    try:
        repo.schema_revision()  # a workspace SQLite cannot open at all is refused here, in one line
    except RelmapError:
        repo.close()
        raise
    return repo
