"""SQLModel tables of a workspace file.

The schema itself is created by the alembic migrations in ``migrations/versions`` (so a file
made by any released version can be upgraded); these classes describe the newest schema for
queries and writes, and a test checks the two agree.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, Table, Text, UniqueConstraint
from sqlalchemy import inspect as sa_inspect
from sqlmodel import Field, SQLModel

ACTOR_KINDS = ("person", "organisation", "country", "other")  # the built-in kinds (schema 4 lets users add more)
#: the shapes the map, the legend and every export can draw an actor kind with
ACTOR_SHAPES = ("circle", "square", "diamond", "hexagon", "triangle", "pentagon", "star", "cross")
#: tables whose rows carry a version and who made and changed them (schema 5)
TRACKED_TABLES = ("actor", "alias", "relation_type", "actor_kind", "article", "relationship", "evidence")
STATUSES = ("proposed", "confirmed", "rejected")
ACTOR_STATUSES = STATUSES  # an actor an import made is proposed until the investigator reviews it
MERGE_STATUSES = ("proposed", "rejected")  # an accepted merge proposal is gone with the merged actor
ORIGINS = ("extractor", "person")


def current_writer(context) -> str:  # noqa: ANN001 - SQLAlchemy's execution context
    """Who is writing: the name the repository put on the connection for this transaction."""
    return context.connection.info.get("relmap.user", "")


def table_of(model: type[SQLModel]) -> Table:
    """The Core table behind a table model, for queries and indexes written with SQLAlchemy Core.

    SQLModel's stubs do not declare the ``__table__`` its metaclass sets; the mapper's
    ``local_table`` is the same object, reached through SQLAlchemy's typed inspection API.
    """
    table = sa_inspect(model).local_table
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not a table model")
    return table


class Tracked(SQLModel):
    """Columns every editable row has (schema 5). Triggers in the database raise ``version`` and
    stamp ``updated_by``/``updated_at`` on each edit; inserts take the writer from the connection."""

    version: int = Field(default=1)
    created_by: str = Field(default="", sa_column_kwargs={"default": current_writer})
    updated_by: str = Field(default="", sa_column_kwargs={"default": current_writer})
    updated_at: datetime | None = Field(default=None)


class Actor(Tracked, table=True):
    """A person, organisation or country the investigator tracks."""

    __tablename__ = "actor"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="actor_name_nonempty"),
        CheckConstraint("status IN ('proposed','confirmed','rejected')", name="actor_status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str
    # one of actor_kind's keys (schema 4; the four built-in kinds were a CHECK before)
    kind: str = Field(
        default="person",
        sa_column=Column(
            Text,
            ForeignKey("actor_kind.key", name="actor_kind_key", onupdate="CASCADE"),
            nullable=False,
            server_default="person",
        ),
    )
    notes: str = Field(default="")
    created_at: datetime
    # Layout: where the actor was drawn last, and whether the user pinned it there (schema 2).
    x: float | None = Field(default=None)
    y: float | None = Field(default=None)
    pinned: bool = Field(default=False)
    # Review (schema 3): proposed by an import, confirmed or rejected by the investigator.
    status: str = Field(default="confirmed", sa_column_kwargs={"server_default": "confirmed"})


class ActorKind(Tracked, table=True):
    """A kind of actor (schema 4): built in (person, organisation, country, other) or the
    investigator's own (vessel, ministry, ...), drawn with its shape and colour."""

    __tablename__ = "actor_kind"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    label: str
    shape: str = Field(default="circle")  # one of ACTOR_SHAPES
    color: str = Field(default="#8a8f98")
    builtin: bool = Field(default=False)


class Alias(Tracked, table=True):
    """A name an actor goes by; the actor's own name is always one of them."""

    __tablename__ = "alias"

    id: int | None = Field(default=None, primary_key=True)
    actor_id: int = Field(sa_column=Column(Integer, ForeignKey("actor.id", ondelete="CASCADE"), nullable=False))
    name: str
    # casefolded, whitespace-collapsed form: uniqueness is per workspace and case-insensitive
    key: str = Field(unique=True)


Index("ix_alias_actor", table_of(Alias).c.actor_id)


class RelationType(Tracked, table=True):
    """A kind of relationship: built in (successor-of, ...) or added by the user."""

    __tablename__ = "relation_type"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    label: str
    inverse_label: str
    directed: bool = Field(default=True)
    color: str = Field(default="#777777")
    builtin: bool = Field(default=False)


class Article(Tracked, table=True):
    """A news article (or any text) that evidence points into."""

    __tablename__ = "article"

    id: int | None = Field(default=None, primary_key=True)
    title: str
    source: str = Field(default="")
    published: date | None = Field(default=None)
    text: str
    content_hash: str = Field(unique=True)
    imported_at: datetime
    url: str = Field(default="", sa_column_kwargs={"server_default": ""})  # where it was published (schema 4)


class Relationship(Tracked, table=True):
    """One typed link between two actors; evidence accumulates on it."""

    __tablename__ = "relationship"
    __table_args__ = (
        UniqueConstraint("type_id", "source_id", "target_id", name="relationship_unique"),
        CheckConstraint("status IN ('proposed','confirmed','rejected')", name="relationship_status"),
        CheckConstraint("confidence >= 0 AND confidence <= 1", name="relationship_confidence"),
        CheckConstraint("source_id <> target_id", name="relationship_not_self"),
    )

    id: int | None = Field(default=None, primary_key=True)
    type_id: int = Field(sa_column=Column(Integer, ForeignKey("relation_type.id"), nullable=False))
    source_id: int = Field(sa_column=Column(Integer, ForeignKey("actor.id", ondelete="CASCADE"), nullable=False))
    target_id: int = Field(sa_column=Column(Integer, ForeignKey("actor.id", ondelete="CASCADE"), nullable=False))
    status: str = Field(default="proposed")
    confidence: float = Field(default=1.0)
    # partial ISO dates: "2019", "2019-03" or "2019-03-20"
    valid_from: str | None = Field(default=None)
    valid_to: str | None = Field(default=None)
    note: str = Field(default="")
    created_at: datetime


Index("ix_relationship_source", table_of(Relationship).c.source_id)
Index("ix_relationship_target", table_of(Relationship).c.target_id)


class Evidence(Tracked, table=True):
    """The exact characters of an article that support a relationship."""

    __tablename__ = "evidence"
    __table_args__ = (
        UniqueConstraint("relationship_id", "article_id", "start", "end", name="evidence_unique"),
        CheckConstraint('start >= 0 AND "end" > start', name="evidence_span"),
        CheckConstraint("origin IN ('extractor','person')", name="evidence_origin"),
    )

    id: int | None = Field(default=None, primary_key=True)
    relationship_id: int = Field(
        sa_column=Column(Integer, ForeignKey("relationship.id", ondelete="CASCADE"), nullable=False)
    )
    article_id: int = Field(sa_column=Column(Integer, ForeignKey("article.id", ondelete="CASCADE"), nullable=False))
    start: int
    end: int
    quote: str
    origin: str = Field(default="extractor")
    created_at: datetime


Index("ix_evidence_relationship", table_of(Evidence).c.relationship_id)
Index("ix_evidence_article", table_of(Evidence).c.article_id)


class ActorMention(SQLModel, table=True):
    """Where an article names an actor (schema 3): its first mention in each article, and each
    mention that gives it an office (``role`` like "president|Kazakhstan")."""

    __tablename__ = "actor_mention"
    __table_args__ = (CheckConstraint('start >= 0 AND "end" > start', name="actor_mention_span"),)

    id: int | None = Field(default=None, primary_key=True)
    actor_id: int = Field(sa_column=Column(Integer, ForeignKey("actor.id", ondelete="CASCADE"), nullable=False))
    article_id: int = Field(sa_column=Column(Integer, ForeignKey("article.id", ondelete="CASCADE"), nullable=False))
    start: int
    end: int
    role: str | None = Field(default=None)


Index("ix_actor_mention_actor", table_of(ActorMention).c.actor_id)
Index("ix_actor_mention_article", table_of(ActorMention).c.article_id)


class MergeProposal(SQLModel, table=True):
    """Two actors an import found may be one (schema 3): ``actor_id`` (the newer) would merge
    into ``other_id``. Rejected ones are kept, so the same pair is not proposed again."""

    __tablename__ = "merge_proposal"
    __table_args__ = (
        UniqueConstraint("actor_id", "other_id", name="merge_proposal_unique"),
        CheckConstraint("actor_id <> other_id", name="merge_proposal_not_self"),
        CheckConstraint("status IN ('proposed','rejected')", name="merge_proposal_status"),
        CheckConstraint("score >= 0 AND score <= 1", name="merge_proposal_score"),
    )

    id: int | None = Field(default=None, primary_key=True)
    actor_id: int = Field(sa_column=Column(Integer, ForeignKey("actor.id", ondelete="CASCADE"), nullable=False))
    other_id: int = Field(sa_column=Column(Integer, ForeignKey("actor.id", ondelete="CASCADE"), nullable=False))
    score: float = Field(default=0.5)
    reason: str = Field(default="")
    status: str = Field(default="proposed")
    created_at: datetime


Index("ix_merge_proposal_other", table_of(MergeProposal).c.other_id)


class WorkspaceMark(SQLModel, table=True):
    """One row marking a Relmap workspace (PostgreSQL has no application id) and, on SQLite,
    naming who writes the current transaction (its triggers read it)."""

    __tablename__ = "relmap_workspace"
    __table_args__ = (CheckConstraint("id = 1", name="relmap_workspace_one_row"),)

    id: int = Field(primary_key=True)
    application: str
    writer: str = Field(default="")
    session: str = Field(default="")


class ChangeLog(SQLModel, table=True):
    """One inserted, edited or deleted row, written by triggers in the same transaction."""

    __tablename__ = "change_log"
    __table_args__ = (CheckConstraint("action IN ('insert','update','delete')", name="change_log_action"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    who: str
    action: str
    table_name: str
    row_id: int
    version: int
    label: str = Field(default="")
    session: str = Field(default="")  # which open of the workspace wrote it (Repository.session)


Index("ix_change_log_row", table_of(ChangeLog).c.table_name, table_of(ChangeLog).c.row_id)
