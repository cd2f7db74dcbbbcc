"""open_workspace(): the one way to get a Repository for a workspace file or team workspace."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop.model.errors import RelmapError, WorkspaceError
from desktop.model.repository import Repository
from desktop.model.workspace import (
    connect_server,
    create_workspace_file,
    head_revision,
    inspect_workspace,
    is_server_location,
    is_writable,
    make_engine,
    migrate,
    prepare_server,
    public_location,
    server_title,
    server_url,
)


def open_workspace(
    path: Path | str,
    *,
    create: bool = True,
    fill_new: Callable[[Repository], None] | None = None,
    user: str | None = None,
) -> Repository:
    """Open the workspace at ``path``, upgrading an older schema in one transaction.

    ``path`` is a file, or a team workspace's ``postgresql://user@host:port/database`` address.
    A missing (or empty) workspace is created when ``create`` is true, and ``fill_new`` (e.g.
    the seed loader) runs on it before it is moved into place (committed), so a new workspace
    appears whole or not at all. Workspaces that are not workspaces, are damaged, or come from a
    newer Relmap raise :class:`~desktop.model.errors.WorkspaceError` and are not modified.
    ``user`` is the name recorded on what this session changes (default: RELMAP_USER, else the
    database role or the login name).
    """
    if is_server_location(path):
        return _open_server(str(path), create=create, fill_new=fill_new, user=user)
    path = Path(path).expanduser()
    state = inspect_workspace(path)
    created = False
    if state.revision is None:
        if not create:
            raise WorkspaceError(path, "does not exist")

        def _fill(engine) -> None:  # noqa: ANN001
            if fill_new is not None:
                repo = Repository(engine, path, created=True, user=user)
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
            engine.dispose()
            raise WorkspaceError(
                path,
                "is read-only and was made by an older Relmap: it needs an upgrade this "
                "version cannot write; copy it somewhere writable and open the copy",
            )
        migrate(engine, path=path)
    repo = Repository(
        engine,
        path,
        created=created,
        user=user,
        read_only=read_only,
        read_only_reason=reason,
    )
    try:
        repo.schema_revision()  # a workspace SQLite cannot open at all is refused here, in one line
    except RelmapError:
        repo.close()
        raise
    return repo


def _open_server(
    location: str, *, create: bool, fill_new: Callable[[Repository], None] | None, user: str | None
) -> Repository:
    engine, public, state = connect_server(location)
    try:
        created = False
        if state.revision != head_revision():

            def _fill(connection) -> None:  # noqa: ANN001
                if fill_new is not None:
                    fill_new(Repository(connection, public, created=True, user=user))

            created = prepare_server(engine, public, create=create, fill=_fill)
        return Repository(engine, public, created=created, user=user)
    except BaseException:
        engine.dispose()
        raise


def workspace_location(value: str | Path) -> Path | str:
    """What a user typed as a workspace: a team workspace address stays a string, anything else is a path."""
    if is_server_location(value):
        return str(value)
    return Path(value).expanduser()


def normal_location(location: str | Path) -> str:
    """The form a workspace is remembered in: a resolved file path, or the address without a password."""
    if is_server_location(location):
        return public_location(server_url(str(location)))
    return str(Path(location).expanduser().resolve())


def location_title(location: str | Path) -> str:
    """A short name for a workspace: the file's name, or the team database's name and host."""
    if is_server_location(location):
        return "{} on {}".format(*server_title(str(location)))
    return Path(location).name


def location_available(location: str | Path) -> bool:
    """Worth offering to open again: a file that still exists, or any team workspace address."""
    return is_server_location(location) or Path(location).exists()
