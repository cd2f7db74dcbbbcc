"""Plain, immutable rows the repository hands out; nothing here talks to the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class ActorRecord:
    id: int
    name: str
    kind: str
    aliases: tuple[str, ...]  # other names, the actor's own name excluded
    notes: str = ""
    x: float | None = None
    y: float | None = None
    pinned: bool = False
    degree: int = 0  # number of relationships touching the actor
    status: str = "confirmed"  # proposed (an import made it, not reviewed yet), confirmed or rejected
    # who made the row and who changed it last, and its version (schema 5): an edit based on an
    # older version is refused (ConflictError)
    version: int = 1
    created_by: str = ""
    updated_by: str = ""


@dataclass(frozen=True)
class RelationTypeRecord:
    id: int
    key: str
    label: str
    inverse_label: str
    directed: bool
    color: str
    builtin: bool
    # who made the row and who changed it last, and its version (schema 5): an edit based on an
    # older version is refused (ConflictError)
    version: int = 1
    created_by: str = ""
    updated_by: str = ""


@dataclass(frozen=True)
class ActorKindRecord:
    """A kind of actor and how the map draws it: ``shape`` is one of tables.ACTOR_SHAPES."""

    id: int
    key: str
    label: str
    shape: str
    color: str
    builtin: bool
    # who made the row and who changed it last, and its version (schema 5): an edit based on an
    # older version is refused (ConflictError)
    version: int = 1
    created_by: str = ""
    updated_by: str = ""


@dataclass(frozen=True)
class ArticleRecord:
    id: int
    title: str
    source: str
    published: date | None
    content_hash: str
    imported_at: datetime
    length: int
    text: str | None = None  # only filled by get_article
    url: str = ""  # where it was published, when known (schema 4)
    # who made the row and who changed it last, and its version (schema 5): an edit based on an
    # older version is refused (ConflictError)
    version: int = 1
    created_by: str = ""
    updated_by: str = ""


@dataclass(frozen=True)
class EvidenceRecord:
    id: int
    relationship_id: int
    article_id: int
    article_title: str
    article_source: str
    article_published: date | None
    start: int
    end: int
    text: str
    origin: str
    article_url: str = ""
    # who made the row and who changed it last, and its version (schema 5): an edit based on an
    # older version is refused (ConflictError)
    version: int = 1
    created_by: str = ""
    updated_by: str = ""


@dataclass(frozen=True)
class RelationshipRecord:
    id: int
    type: str
    source_id: int
    source: str
    target_id: int
    target: str
    status: str
    confidence: float
    directed: bool
    valid_from: str | None = None
    valid_to: str | None = None
    note: str = ""
    evidence: tuple[EvidenceRecord, ...] = ()
    # who made the row and who changed it last, and its version (schema 5): an edit based on an
    # older version is refused (ConflictError)
    version: int = 1
    created_by: str = ""
    updated_by: str = ""


@dataclass(frozen=True)
class Mention:
    """Where an article names an actor: characters [start, end), and the office the text gives
    it there, if any ("president|Kazakhstan")."""

    actor_id: int
    article_id: int
    start: int
    end: int
    role: str | None = None


@dataclass(frozen=True)
class MentionRecord:
    """A stored mention with its article's title and date (for showing the excerpt)."""

    actor_id: int
    article_id: int
    article_title: str
    article_published: date | None
    start: int
    end: int
    role: str | None = None


@dataclass(frozen=True)
class MergeProposalRecord:
    """Two actors that may be one: ``actor`` would merge into ``other`` (which keeps its name)."""

    id: int
    actor: ActorRecord
    other: ActorRecord
    score: float
    reason: str
    status: str


@dataclass(frozen=True)
class ArticleHit:
    """An article found by full-text search, with a short snippet around the match."""

    id: int
    title: str
    published: date | None
    snippet: str


@dataclass(frozen=True)
class SearchResults:
    actors: tuple[ActorRecord, ...]
    articles: tuple[ArticleHit, ...]


@dataclass(frozen=True)
class Change:
    """What one mutation touched (added, edited or removed), by id.

    ``subject_id`` is the id of the thing the caller asked for: the new actor of
    create_actor, the (possibly already existing) article of add_article, and so on.
    ``layout`` names actors of which only where they are drawn (position, pinned) changed:
    a map redraws those in place instead of reading them again (a dropped actor on a map of
    30,000 is one row, not a reload).
    """

    actors: frozenset[int] = frozenset()
    relationships: frozenset[int] = frozenset()
    evidence: frozenset[int] = frozenset()
    articles: frozenset[int] = frozenset()
    relation_types: frozenset[int] = frozenset()
    subject_id: int | None = None
    merge_proposals: frozenset[int] = frozenset()
    layout: frozenset[int] = frozenset()
    actor_kinds: frozenset[int] = frozenset()  # kinds added, edited or removed (schema 4)

    @property
    def subject(self) -> int:
        """``subject_id`` of a mutation that always names one (create_actor, add_article, ...)."""
        if self.subject_id is None:
            raise ValueError("this change names no subject")
        return self.subject_id

    def __bool__(self) -> bool:
        return bool(
            self.actors
            or self.relationships
            or self.evidence
            or self.articles
            or self.relation_types
            or self.merge_proposals
            or self.layout
            or self.actor_kinds
        )

    def __or__(self, other: Change) -> Change:
        return Change(
            actors=self.actors | other.actors,
            relationships=self.relationships | other.relationships,
            evidence=self.evidence | other.evidence,
            articles=self.articles | other.articles,
            relation_types=self.relation_types | other.relation_types,
            subject_id=other.subject_id if other.subject_id is not None else self.subject_id,
            merge_proposals=self.merge_proposals | other.merge_proposals,
            layout=self.layout | other.layout,
            actor_kinds=self.actor_kinds | other.actor_kinds,
        )


@dataclass(frozen=True)
class Proposal:
    """A relationship proposed from an article, with the excerpt [start, end) that backs it."""

    type: str
    source_id: int
    target_id: int
    confidence: float
    start: int
    end: int


@dataclass(frozen=True)
class ProposalsStored:
    """What :meth:`Repository.add_proposals` did: ``relationship_ids`` has one id per proposal,
    in order (several proposals can land on one relationship)."""

    change: Change
    relationship_ids: tuple[int, ...]
    new_relationships: int
    new_evidence: int


@dataclass(frozen=True)
class MergeResult:
    """What :meth:`Repository.merge_interchange` did: the workspace id of each actor and each
    relationship of the file, in order, and what was new."""

    change: Change
    actor_ids: tuple[int, ...]
    created_actors: frozenset[int]
    relationship_ids: tuple[int, ...]
    new_relationships: int
    new_articles: int
    new_evidence: int


@dataclass(frozen=True)
class Snapshot:
    """Exact copies of rows, enough to put a part of the workspace back as it was (undo)."""

    actors: tuple[dict, ...] = ()
    aliases: tuple[dict, ...] = ()
    relationships: tuple[dict, ...] = ()
    evidence: tuple[dict, ...] = ()
    extra: dict = field(default_factory=dict)
    mentions: tuple[dict, ...] = ()  # of the actors (schema 3)
    merge_proposals: tuple[dict, ...] = ()  # naming the actors (schema 3)


@dataclass(frozen=True)
class ChangeRecord:
    """One row of the change log: a row of ``table`` inserted, edited or deleted by ``who``."""

    id: int
    at: datetime
    who: str
    action: str  # insert, update, delete
    table: str
    row_id: int
    version: int
    label: str
    session: str = ""  # which open of the workspace made it (Repository.session)
