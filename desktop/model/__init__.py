"""The workspace model: SQLModel tables, migrations, repository. No Qt, no networkx."""

from desktop.model.errors import (
    DamagedWorkspaceError,
    DuplicateAliasError,
    InvalidInputError,
    NewerWorkspaceError,
    NotAWorkspaceError,
    NotFoundError,
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
    EvidenceRecord,
    Proposal,
    ProposalsStored,
    RelationshipRecord,
    RelationTypeRecord,
    SearchResults,
    Snapshot,
)
from desktop.model.repository import Repository, alias_key
from desktop.model.store import open_workspace

__all__ = [
    "ActorKindRecord", "ActorRecord", "ArticleHit", "ArticleRecord", "Change", "DamagedWorkspaceError", "DuplicateAliasError",
    "EvidenceRecord", "InvalidInputError", "NewerWorkspaceError", "NotAWorkspaceError", "NotFoundError",
    "Proposal", "ProposalsStored", "RelationTypeRecord", "RelationshipRecord", "RelmapError", "Repository",
    "SearchResults", "Snapshot",
    "WorkspaceBusyError", "WorkspaceError", "alias_key", "open_workspace",
]
