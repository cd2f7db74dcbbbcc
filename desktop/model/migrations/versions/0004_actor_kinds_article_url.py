"""Schema 4: actor kinds are rows the investigator can add to, and articles keep their address.

* ``actor_kind``: key, label, the shape the map draws and its colour; the four kinds Relmap
  always had (person, organisation, country, other) are seeded as built-in rows. The fixed
  ``CHECK (kind IN (...))`` on ``actor.kind`` goes; a foreign key to ``actor_kind.key`` takes
  its place (a kind in use cannot be deleted; renaming a kind's key carries its actors along).
* ``article.url``: where the article was published, when an import knows it ('' otherwise).

SQLite cannot drop a constraint in place: ``actor`` is rebuilt with alembic's batch mode (copy,
drop, rename). ``migrate()`` runs migrations with foreign keys off and checks them before
committing, so dropping the old table cascades nothing; triggers on ``actor`` (full-text search)
go with the old table and are created again from their own SQL; ``legacy_alter_table`` keeps the
rename from re-checking triggers of other tables that name ``actor`` while it is briefly gone.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BUILTIN_KINDS = [
    # key, label, shape, colour (the shapes and colours the map always drew them with)
    ("person", "Person", "circle", "#3f6fb5"),
    ("organisation", "Organisation", "square", "#c98a1b"),
    ("country", "Country", "hexagon", "#3d9a6b"),
    ("other", "Other", "diamond", "#8a8f98"),
]


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    kinds = op.create_table(
        "actor_kind",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.Text(), nullable=False, unique=True),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("shape", sa.Text(), nullable=False, server_default="circle"),
        sa.Column("color", sa.Text(), nullable=False, server_default="#8a8f98"),
        sa.Column("builtin", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.bulk_insert(
        kinds,
        [
            {"key": k, "label": label, "shape": shape, "color": color, "builtin": True}
            for k, label, shape, color in BUILTIN_KINDS
        ],
    )
    # an actor of a kind some hand-edited file slipped past the old check keeps it, as a user kind
    op.execute(
        "INSERT INTO actor_kind (key, label, shape, color, builtin) "
        "SELECT DISTINCT kind, kind, 'circle', '#8a8f98', " + ("0" if sqlite else "FALSE") + " FROM actor "
        "WHERE kind NOT IN (SELECT key FROM actor_kind)"
    )
    op.add_column("article", sa.Column("url", sa.Text(), nullable=False, server_default=""))

    triggers: Sequence[str] = []
    if sqlite:
        triggers = (
            bind.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'actor' ORDER BY name"
            )
            .scalars()
            .all()
        )
        op.execute("PRAGMA legacy_alter_table = ON")
    try:
        with op.batch_alter_table("actor") as batch:
            batch.drop_constraint("actor_kind", type_="check")
            batch.create_foreign_key("actor_kind_key", "actor_kind", ["kind"], ["key"], onupdate="CASCADE")
    finally:
        if sqlite:
            op.execute("PRAGMA legacy_alter_table = OFF")
    for statement in triggers:
        op.execute(statement)
    if sqlite:
        op.execute("PRAGMA user_version = 4")
