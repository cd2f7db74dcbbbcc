"""Schema 1: actors, aliases, relation types, articles, relationships, evidence, full-text search.

Written as plain SQL and frozen: later schemas change the file only through new revisions.
SQLite gets exactly the statements it always got. PostgreSQL (team workspaces) gets the same
tables in its own types, search through GIN indexes over tsvector expressions instead of FTS5,
and the table ``relmap_workspace`` in place of ``PRAGMA application_id`` to mark the database.
"""

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

BUILTIN_TYPES = [
    # key, label, inverse label, directed, colour
    ("successor-of", "successor of", "succeeded by", 1, "#7b3fa0"),
    ("ally-of", "ally of", "ally of", 0, "#2e8b57"),
    ("arrested-by", "arrested by", "arrested", 1, "#c0392b"),
    ("spoke-with", "spoke with", "spoke with", 0, "#2c7fb8"),
    ("spokesperson-of", "spokesperson of", "has spokesperson", 1, "#e07b00"),
    ("leader-of", "leader of", "led by", 1, "#a67c00"),
    ("member-of", "member of", "has member", 1, "#148f77"),
    ("appointed-by", "appointed by", "appointed", 1, "#5b5fc7"),
    ("opposed-to", "opposed to", "opposed to", 0, "#d6336c"),
]

SCHEMA = [
    """CREATE TABLE actor (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'person',
        notes TEXT NOT NULL DEFAULT '',
        created_at DATETIME NOT NULL,
        CONSTRAINT actor_kind CHECK (kind IN ('person','organisation','country','other')),
        CONSTRAINT actor_name_nonempty CHECK (length(trim(name)) > 0)
    )""",
    """CREATE TABLE alias (
        id INTEGER PRIMARY KEY,
        actor_id INTEGER NOT NULL REFERENCES actor(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        key TEXT NOT NULL UNIQUE
    )""",
    "CREATE INDEX ix_alias_actor ON alias(actor_id)",
    """CREATE TABLE relation_type (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        label TEXT NOT NULL,
        inverse_label TEXT NOT NULL,
        directed BOOLEAN NOT NULL DEFAULT 1,
        color TEXT NOT NULL DEFAULT '#777777',
        builtin BOOLEAN NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE article (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        published DATE,
        text TEXT NOT NULL,
        content_hash TEXT NOT NULL UNIQUE,
        imported_at DATETIME NOT NULL
    )""",
    """CREATE TABLE relationship (
        id INTEGER PRIMARY KEY,
        type_id INTEGER NOT NULL REFERENCES relation_type(id),
        source_id INTEGER NOT NULL REFERENCES actor(id) ON DELETE CASCADE,
        target_id INTEGER NOT NULL REFERENCES actor(id) ON DELETE CASCADE,
        status TEXT NOT NULL DEFAULT 'proposed',
        confidence FLOAT NOT NULL DEFAULT 1.0,
        valid_from TEXT,
        valid_to TEXT,
        note TEXT NOT NULL DEFAULT '',
        created_at DATETIME NOT NULL,
        CONSTRAINT relationship_unique UNIQUE (type_id, source_id, target_id),
        CONSTRAINT relationship_status CHECK (status IN ('proposed','confirmed','rejected')),
        CONSTRAINT relationship_confidence CHECK (confidence >= 0 AND confidence <= 1),
        CONSTRAINT relationship_not_self CHECK (source_id <> target_id)
    )""",
    "CREATE INDEX ix_relationship_source ON relationship(source_id)",
    "CREATE INDEX ix_relationship_target ON relationship(target_id)",
    """CREATE TABLE evidence (
        id INTEGER PRIMARY KEY,
        relationship_id INTEGER NOT NULL REFERENCES relationship(id) ON DELETE CASCADE,
        article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        quote TEXT NOT NULL,
        origin TEXT NOT NULL DEFAULT 'extractor',
        created_at DATETIME NOT NULL,
        CONSTRAINT evidence_unique UNIQUE (relationship_id, article_id, start, "end"),
        CONSTRAINT evidence_span CHECK (start >= 0 AND "end" > start),
        CONSTRAINT evidence_origin CHECK (origin IN ('extractor','person'))
    )""",
    "CREATE INDEX ix_evidence_relationship ON evidence(relationship_id)",
    "CREATE INDEX ix_evidence_article ON evidence(article_id)",
    # Full-text search. Articles: an external-content index kept by triggers.
    """CREATE VIRTUAL TABLE article_fts USING fts5(
        title, text, content='article', content_rowid='id', tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER article_fts_ai AFTER INSERT ON article BEGIN
        INSERT INTO article_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER article_fts_ad AFTER DELETE ON article BEGIN
        INSERT INTO article_fts(article_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    END""",
    """CREATE TRIGGER article_fts_au AFTER UPDATE ON article BEGIN
        INSERT INTO article_fts(article_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO article_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    # Actors: one row per actor holding its name and all its aliases, rebuilt by triggers.
    "CREATE VIRTUAL TABLE actor_fts USING fts5(name, aliases, tokenize='unicode61 remove_diacritics 2')",
]

_REFRESH_ACTOR = """
        DELETE FROM actor_fts WHERE rowid = {ref};
        INSERT INTO actor_fts(rowid, name, aliases)
            SELECT a.id, a.name, coalesce((SELECT group_concat(al.name, ' ') FROM alias al WHERE al.actor_id = a.id), '')
            FROM actor a WHERE a.id = {ref};"""  # noqa: E501 (applied SQL, kept byte for byte)

TRIGGERS = [
    f"CREATE TRIGGER actor_fts_ai AFTER INSERT ON actor BEGIN {_REFRESH_ACTOR.format(ref='new.id')} END",
    f"CREATE TRIGGER actor_fts_au AFTER UPDATE OF name ON actor BEGIN {_REFRESH_ACTOR.format(ref='new.id')} END",
    "CREATE TRIGGER actor_fts_ad AFTER DELETE ON actor BEGIN DELETE FROM actor_fts WHERE rowid = old.id; END",
    f"CREATE TRIGGER alias_fts_ai AFTER INSERT ON alias BEGIN {_REFRESH_ACTOR.format(ref='new.actor_id')} END",
    f"CREATE TRIGGER alias_fts_ad AFTER DELETE ON alias BEGIN {_REFRESH_ACTOR.format(ref='old.actor_id')} END",
    f"""CREATE TRIGGER alias_fts_au AFTER UPDATE ON alias BEGIN
        {_REFRESH_ACTOR.format(ref="old.actor_id")}
        {_REFRESH_ACTOR.format(ref="new.actor_id")}
    END""",
]


# PostgreSQL: the same tables; ids are identity columns (explicit ids, as undo re-inserts, are
# allowed), times are UTC without a zone as SQLite keeps them, booleans are booleans.
PG_SCHEMA = [
    """CREATE TABLE relmap_workspace (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        application TEXT NOT NULL,
        writer TEXT NOT NULL DEFAULT ''
    )""",
    "INSERT INTO relmap_workspace (id, application) VALUES (1, 'relmap')",
    "COMMENT ON TABLE relmap_workspace IS 'Marks this database as a Relmap team workspace'",
    """CREATE TABLE actor (
        id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'person',
        notes TEXT NOT NULL DEFAULT '',
        created_at TIMESTAMP NOT NULL,
        CONSTRAINT actor_kind CHECK (kind IN ('person','organisation','country','other')),
        CONSTRAINT actor_name_nonempty CHECK (length(trim(name)) > 0)
    )""",
    """CREATE TABLE alias (
        id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        actor_id INTEGER NOT NULL REFERENCES actor(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        key TEXT NOT NULL UNIQUE
    )""",
    "CREATE INDEX ix_alias_actor ON alias(actor_id)",
    """CREATE TABLE relation_type (
        id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        label TEXT NOT NULL,
        inverse_label TEXT NOT NULL,
        directed BOOLEAN NOT NULL DEFAULT TRUE,
        color TEXT NOT NULL DEFAULT '#777777',
        builtin BOOLEAN NOT NULL DEFAULT FALSE
    )""",
    """CREATE TABLE article (
        id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        title TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        published DATE,
        text TEXT NOT NULL,
        content_hash TEXT NOT NULL UNIQUE,
        imported_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE relationship (
        id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        type_id INTEGER NOT NULL REFERENCES relation_type(id),
        source_id INTEGER NOT NULL REFERENCES actor(id) ON DELETE CASCADE,
        target_id INTEGER NOT NULL REFERENCES actor(id) ON DELETE CASCADE,
        status TEXT NOT NULL DEFAULT 'proposed',
        confidence DOUBLE PRECISION NOT NULL DEFAULT 1.0,
        valid_from TEXT,
        valid_to TEXT,
        note TEXT NOT NULL DEFAULT '',
        created_at TIMESTAMP NOT NULL,
        CONSTRAINT relationship_unique UNIQUE (type_id, source_id, target_id),
        CONSTRAINT relationship_status CHECK (status IN ('proposed','confirmed','rejected')),
        CONSTRAINT relationship_confidence CHECK (confidence >= 0 AND confidence <= 1),
        CONSTRAINT relationship_not_self CHECK (source_id <> target_id)
    )""",
    "CREATE INDEX ix_relationship_source ON relationship(source_id)",
    "CREATE INDEX ix_relationship_target ON relationship(target_id)",
    """CREATE TABLE evidence (
        id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        relationship_id INTEGER NOT NULL REFERENCES relationship(id) ON DELETE CASCADE,
        article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        quote TEXT NOT NULL,
        origin TEXT NOT NULL DEFAULT 'extractor',
        created_at TIMESTAMP NOT NULL,
        CONSTRAINT evidence_unique UNIQUE (relationship_id, article_id, start, "end"),
        CONSTRAINT evidence_span CHECK (start >= 0 AND "end" > start),
        CONSTRAINT evidence_origin CHECK (origin IN ('extractor','person'))
    )""",
    "CREATE INDEX ix_evidence_relationship ON evidence(relationship_id)",
    "CREATE INDEX ix_evidence_article ON evidence(article_id)",
    # Full-text search: the repository queries these exact expressions (repository.PG_*_DOCUMENT).
    # An article's first 500,000 characters are indexed: a tsvector is limited to 1 MB.
    "CREATE INDEX article_search ON article USING GIN (to_tsvector('simple', title || ' ' || left(text, 500000)))",
    # An actor is found by its name or any alias; its name is always one of its aliases.
    "CREATE INDEX alias_search ON alias USING GIN (to_tsvector('simple', name))",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in PG_SCHEMA:
            op.execute(statement)
        for key, label, inverse, directed, color in BUILTIN_TYPES:
            op.execute(
                "INSERT INTO relation_type (key, label, inverse_label, directed, color, builtin) "
                f"VALUES ('{key}', '{label}', '{inverse}', {bool(directed)}, '{color}', TRUE)"
            )
        return
    for statement in SCHEMA + TRIGGERS:
        op.execute(statement)
    for key, label, inverse, directed, color in BUILTIN_TYPES:
        op.execute(
            "INSERT INTO relation_type (key, label, inverse_label, directed, color, builtin) "
            f"VALUES ('{key}', '{label}', '{inverse}', {directed}, '{color}', 1)"
        )
    # 0x524C4D50 is "RLMP": marks the SQLite file as a Relmap workspace.
    op.execute("PRAGMA application_id = 1380732240")
    op.execute("PRAGMA user_version = 1")
