"""Schema 3: actors are reviewed like relationships, and possible duplicates wait for review.

* ``actor.status``: *proposed* (made by an import, not reviewed yet), *confirmed* or
  *rejected*. Actors already in a workspace are confirmed: nothing says they were not reviewed.
* ``actor_mention``: where an article names an actor (its first mention there, and any mention
  that gives it an office, e.g. "president|Kazakhstan"), so the review queue can show the
  excerpt that names it and a later article's "Kazakhstan's president" can find its holder.
* ``merge_proposal``: two actors that may be one real-world actor, with how sure the import was
  and why, until the investigator merges them or says they differ.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite cannot add a constraint to an existing table without rebuilding it (which would
        # drop the full-text triggers on actor); a column constraint comes with the column.
        op.execute(
            "ALTER TABLE actor ADD COLUMN status TEXT NOT NULL DEFAULT 'confirmed' "
            "CONSTRAINT actor_status CHECK (status IN ('proposed','confirmed','rejected'))"
        )
    else:
        op.add_column("actor", sa.Column("status", sa.Text(), nullable=False, server_default="confirmed"))
        op.create_check_constraint("actor_status", "actor", "status IN ('proposed','confirmed','rejected')")
    op.create_table(
        "actor_mention",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("actor_id", sa.Integer(), sa.ForeignKey("actor.id", ondelete="CASCADE"), nullable=False),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("article.id", ondelete="CASCADE"), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("role", sa.Text(), nullable=True),
        sa.CheckConstraint('start >= 0 AND "end" > start', name="actor_mention_span"),
    )
    op.create_index("ix_actor_mention_actor", "actor_mention", ["actor_id"])
    op.create_index("ix_actor_mention_article", "actor_mention", ["article_id"])
    op.create_table(
        "merge_proposal",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("actor_id", sa.Integer(), sa.ForeignKey("actor.id", ondelete="CASCADE"), nullable=False),
        sa.Column("other_id", sa.Integer(), sa.ForeignKey("actor.id", ondelete="CASCADE"), nullable=False),
        sa.Column("score", sa.Float(), nullable=False, server_default="0.5"),
        sa.Column("reason", sa.Text(), nullable=False, server_default=""),
        sa.Column("status", sa.Text(), nullable=False, server_default="proposed"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("actor_id", "other_id", name="merge_proposal_unique"),
        sa.CheckConstraint("actor_id <> other_id", name="merge_proposal_not_self"),
        sa.CheckConstraint("status IN ('proposed','rejected')", name="merge_proposal_status"),
        sa.CheckConstraint("score >= 0 AND score <= 1", name="merge_proposal_score"),
    )
    op.create_index("ix_merge_proposal_other", "merge_proposal", ["other_id"])
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA user_version = 3")
