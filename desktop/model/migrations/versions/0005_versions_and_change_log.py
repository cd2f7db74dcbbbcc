"""Schema 5: several investigators on one workspace. Every editable row carries a version and
who created and last changed it; a change log records every insert, update and delete.

The database keeps these itself, with triggers, so no write can skip them (an import, an undo,
a cascade, another program): a trigger raises a row's version by one and stamps ``updated_by``
whenever one of its *editable* columns changes (where an actor is drawn is not an edit), and
writes one change-log row per inserted, edited or deleted row, in the same transaction.

Who is writing: on PostgreSQL the transaction's settings ``relmap.user`` (the repository sets
it; the database role otherwise) and ``relmap.session`` (which open of the workspace wrote, so
a window can tell its own changes from others'); on SQLite, whose triggers cannot see a
connection's state, the one row of ``relmap_workspace``, which the repository sets at the start
of each write transaction (SQLite writers take turns, so it is exact). On PostgreSQL every transaction that
logs a change also sends a NOTIFY on channel ``relmap_changes`` (delivered at commit).
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: table -> (its editable columns, the column that names a row in the change log)
TRACKED = {
    "actor": (("name", "kind", "notes", "status"), "name"),
    "alias": (("actor_id", "name", "key"), "name"),
    "relation_type": (("key", "label", "inverse_label", "directed", "color"), "key"),
    "actor_kind": (("key", "label", "shape", "color"), "key"),
    "article": (("title", "source", "published", "url"), "title"),
    "relationship": (
        ("type_id", "source_id", "target_id", "status", "confidence", "valid_from", "valid_to", "note"),
        None,
    ),
    "evidence": (("relationship_id", "article_id", "start", "end", "quote", "origin"), None),
}


def _q(column: str) -> str:
    return f'"{column}"'


def _label(table: str, row: str) -> str:
    """SQL naming a row for people reading the history (``row`` is new or old)."""
    column = TRACKED[table][1]
    if column is not None:
        return f"{row}.{column}"
    if table == "relationship":
        return f"{row}.type_id || ':' || {row}.source_id || '>' || {row}.target_id"
    return f"'relationship ' || {row}.relationship_id"


def _baseline(now: str) -> None:
    """One 'insert' entry for every row there before the log was (made by an earlier Relmap, or the
    built-in relationship types), so the log accounts for every row from the start."""
    for table in TRACKED:
        op.execute(
            f"INSERT INTO change_log (at, who, action, table_name, row_id, version, label, session) "
            f"SELECT {now}, '', 'insert', '{table}', id, version, coalesce({_label(table, table)}, ''), "
            f"'schema 5' FROM {table} ORDER BY id"
        )


def _sqlite() -> None:
    for table in TRACKED:
        op.execute(f"ALTER TABLE {table} ADD COLUMN version INTEGER NOT NULL DEFAULT 1")
        op.execute(f"ALTER TABLE {table} ADD COLUMN created_by TEXT NOT NULL DEFAULT ''")
        op.execute(f"ALTER TABLE {table} ADD COLUMN updated_by TEXT NOT NULL DEFAULT ''")
        op.execute(f"ALTER TABLE {table} ADD COLUMN updated_at DATETIME")
    op.execute("""CREATE TABLE relmap_workspace (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        application TEXT NOT NULL,
        writer TEXT NOT NULL DEFAULT '',
        session TEXT NOT NULL DEFAULT ''
    )""")
    op.execute("INSERT INTO relmap_workspace (id, application) VALUES (1, 'relmap')")
    op.execute("""CREATE TABLE change_log (
        id INTEGER PRIMARY KEY,
        at DATETIME NOT NULL,
        who TEXT NOT NULL,
        action TEXT NOT NULL,
        table_name TEXT NOT NULL,
        row_id INTEGER NOT NULL,
        version INTEGER NOT NULL,
        label TEXT NOT NULL DEFAULT '',
        session TEXT NOT NULL DEFAULT '',
        CONSTRAINT change_log_action CHECK (action IN ('insert','update','delete'))
    )""")
    op.execute("CREATE INDEX ix_change_log_row ON change_log(table_name, row_id)")
    # The version trigger below updates the row it fires for. article_fts_au (schema 1) fires on
    # any update of an article and tells the external-content index to forget the row's *old*
    # title and text; fired by that inner update, "old" already holds the new title, the index
    # is told to forget words it never had, and SQLite reports it as corrupt. It is made to fire
    # only when what it indexes changes.
    op.execute("DROP TRIGGER article_fts_au")
    op.execute("""CREATE TRIGGER article_fts_au AFTER UPDATE OF title, text ON article BEGIN
        INSERT INTO article_fts(article_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO article_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""")
    now = "strftime('%Y-%m-%d %H:%M:%S', 'now')"
    who = "(SELECT writer FROM relmap_workspace WHERE id = 1)"
    session = "(SELECT session FROM relmap_workspace WHERE id = 1)"
    for table, (columns, _) in TRACKED.items():
        changed = " OR ".join(f"old.{_q(c)} IS NOT new.{_q(c)}" for c in columns)
        log = (
            "INSERT INTO change_log (at, who, action, table_name, row_id, version, label, session) "
            "VALUES ({now}, {who}, '{action}', '{table}', {row}.id, {version}, coalesce({label}, ''), "
            "{session});"
        )
        op.execute(
            f"CREATE TRIGGER {table}_log_insert AFTER INSERT ON {table} BEGIN "
            + log.format(
                now=now,
                who=who,
                session=session,
                action="insert",
                table=table,
                row="new",
                version="new.version",
                label=_label(table, "new"),
            )
            + " END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_log_update AFTER UPDATE OF {', '.join(map(_q, columns))} ON {table} "
            f"WHEN {changed} BEGIN "
            f"UPDATE {table} SET version = old.version + 1, updated_by = {who}, updated_at = {now} "
            f"WHERE id = new.id; "
            + log.format(
                now=now,
                who=who,
                session=session,
                action="update",
                table=table,
                row="new",
                version="old.version + 1",
                label=_label(table, "new"),
            )
            + " END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_log_delete AFTER DELETE ON {table} BEGIN "
            + log.format(
                now=now,
                who=who,
                session=session,
                action="delete",
                table=table,
                row="old",
                version="old.version",
                label=_label(table, "old"),
            )
            + " END"
        )
    _baseline(now)
    op.execute("PRAGMA user_version = 5")


def _postgresql() -> None:
    # relmap_workspace exists since schema 1 there (it marks the database); SQLite's triggers read
    # the writer from it, PostgreSQL's from the transaction: the column keeps the tables alike
    op.execute("ALTER TABLE relmap_workspace ADD COLUMN session TEXT NOT NULL DEFAULT ''")
    for table in TRACKED:
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN version INTEGER NOT NULL DEFAULT 1, "
            f"ADD COLUMN created_by TEXT NOT NULL DEFAULT '', ADD COLUMN updated_by TEXT NOT NULL DEFAULT '', "
            f"ADD COLUMN updated_at TIMESTAMP"
        )
    op.execute("""CREATE TABLE change_log (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        at TIMESTAMP NOT NULL,
        who TEXT NOT NULL,
        action TEXT NOT NULL,
        table_name TEXT NOT NULL,
        row_id INTEGER NOT NULL,
        version INTEGER NOT NULL,
        label TEXT NOT NULL DEFAULT '',
        session TEXT NOT NULL DEFAULT '',
        CONSTRAINT change_log_action CHECK (action IN ('insert','update','delete'))
    )""")
    op.execute("CREATE INDEX ix_change_log_row ON change_log(table_name, row_id)")
    op.execute("""CREATE FUNCTION relmap_who() RETURNS text LANGUAGE sql STABLE AS $$
        SELECT coalesce(nullif(current_setting('relmap.user', true), ''), current_user::text) $$""")
    op.execute("""CREATE FUNCTION relmap_bump() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.version := OLD.version + 1;
            NEW.updated_by := relmap_who();
            NEW.updated_at := (now() AT TIME ZONE 'UTC');
            RETURN NEW;
        END $$""")
    # TG_ARGV[0]: the column naming the row, or '' to build the label below
    op.execute("""CREATE FUNCTION relmap_log() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            r jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
            row_label text;
        BEGIN
            IF TG_ARGV[0] <> '' THEN
                row_label := r ->> TG_ARGV[0];
            ELSIF TG_TABLE_NAME = 'relationship' THEN
                row_label := (r ->> 'type_id') || ':' || (r ->> 'source_id') || '>' || (r ->> 'target_id');
            ELSE
                row_label := 'relationship ' || (r ->> 'relationship_id');
            END IF;
            INSERT INTO change_log (at, who, action, table_name, row_id, version, label, session)
            VALUES ((now() AT TIME ZONE 'UTC'), relmap_who(), lower(TG_OP), TG_TABLE_NAME, (r ->> 'id')::integer,
                    (r ->> 'version')::integer, coalesce(row_label, ''),
                    coalesce(current_setting('relmap.session', true), ''));
            RETURN NULL;
        END $$""")
    op.execute("""CREATE FUNCTION relmap_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('relmap_changes', '');
            RETURN NULL;
        END $$""")
    for table, (columns, label) in TRACKED.items():
        changed = " OR ".join(f"OLD.{_q(c)} IS DISTINCT FROM NEW.{_q(c)}" for c in columns)
        op.execute(
            f"CREATE TRIGGER {table}_bump BEFORE UPDATE ON {table} FOR EACH ROW WHEN ({changed}) "
            "EXECUTE FUNCTION relmap_bump()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_log_insert_delete AFTER INSERT OR DELETE ON {table} FOR EACH ROW "
            f"EXECUTE FUNCTION relmap_log('{label or ''}')"
        )
        op.execute(
            f"CREATE TRIGGER {table}_log_update AFTER UPDATE ON {table} FOR EACH ROW WHEN ({changed}) "
            f"EXECUTE FUNCTION relmap_log('{label or ''}')"
        )
    _baseline("(now() AT TIME ZONE 'UTC')")
    # one NOTIFY per transaction: identical notifications of one transaction are folded into one
    op.execute(
        "CREATE TRIGGER change_log_notify AFTER INSERT ON change_log FOR EACH STATEMENT "
        "EXECUTE FUNCTION relmap_notify()"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _postgresql()
    else:
        _sqlite()
