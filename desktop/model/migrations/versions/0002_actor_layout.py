"""Schema 2: actors remember where they were drawn and whether the user pinned them.

A workspace reopened later looks the same, and a node the user dragged stays where dropped.
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":  # team workspaces (schema 1 there says how they differ)
        op.execute("ALTER TABLE actor ADD COLUMN x DOUBLE PRECISION")
        op.execute("ALTER TABLE actor ADD COLUMN y DOUBLE PRECISION")
        op.execute("ALTER TABLE actor ADD COLUMN pinned BOOLEAN NOT NULL DEFAULT FALSE")
        return
    op.execute("ALTER TABLE actor ADD COLUMN x FLOAT")
    op.execute("ALTER TABLE actor ADD COLUMN y FLOAT")
    op.execute("ALTER TABLE actor ADD COLUMN pinned BOOLEAN NOT NULL DEFAULT 0")
    op.execute("PRAGMA user_version = 2")
