"""The workspace model: SQLModel tables, migrations, repository. No Qt, no networkx."""

from desktop.model.errors import (
    ConflictError,
    DamagedWorkspaceError,
    DuplicateAliasError,
    InvalidInputError,
    NewerWorkspaceError,
    NotAWorkspaceError,
    NotFoundError,
    ReadOnlyWorkspaceError,
    RelmapError,
    WorkspaceBusyError,
    WorkspaceError,
)
from desktop.model.records import (
    ActorKindRecord,
    ActorRecord,
    ArticleHit,
    ArticleRecord,
    Change,
    ChangeRecord,
    EvidenceRecord,
    Proposal,
    ProposalsStored,
    RelationshipRecord,
    RelationTypeRecord,
    SearchResults,
    Snapshot,
)
from desktop.model.repository import Repository, alias_key
from desktop.model.store import (
    location_available,
    location_title,
    normal_location,
    open_workspace,
    workspace_location,
)

__all__ = [
    "ActorKindRecord", "ActorRecord", "ArticleHit", "ArticleRecord", "Change", "ChangeRecord", "ConflictError",
    "DamagedWorkspaceError", "DuplicateAliasError",
    "EvidenceRecord", "InvalidInputError", "NewerWorkspaceError", "NotAWorkspaceError", "NotFoundError",
    "Proposal", "ProposalsStored", "ReadOnlyWorkspaceError", "RelationTypeRecord", "RelationshipRecord",
    "RelmapError", "Repository",
    "SearchResults", "Snapshot",
    "WorkspaceBusyError", "WorkspaceError", "alias_key", "location_available", "location_title", "normal_location",
    "open_workspace", "workspace_location",
]
