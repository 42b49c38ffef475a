"""Numbered schema migrations and the check that a database is a case file.

The ``meta`` table holds ``application = storyledger`` and
``schema_version = N``. Opening a case file runs migrations ``N+1 ...`` in one
transaction, so an older case file is upgraded in place and a newer one is
refused before anything is written.

Rule for the future: migration ``k`` must never change once released. When
version 2 alters a table, migration 1 keeps creating the version-1 shape (copy
the old table definitions into it) and migration 2 applies the change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import sqlalchemy as sa

from storyledger.store import case, schema
from storyledger.store.errors import StoreError, StoreErrors

APPLICATION = "storyledger"

Migration = Callable[[sa.Connection], None]

_SQLITE_FTS = (
    'CREATE VIRTUAL TABLE sentences_fts USING fts5(text, content="sentences", '
    "content_rowid=\"id\", tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER sentences_fts_insert AFTER INSERT ON sentences BEGIN "
    "INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN "
    "INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "END",
    "CREATE TRIGGER sentences_fts_update AFTER UPDATE ON sentences BEGIN "
    "INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text); END",
)

_POSTGRES_FTS = (
    "ALTER TABLE sentences ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english', text)) STORED",
    "CREATE INDEX sentences_tsv ON sentences USING gin (tsv)",
)


def _migration_1(conn: sa.Connection) -> None:
    """Create every table, plus the backend's full-text index over sentences.

    The FTS index is kept in sync by the database itself (SQLite triggers, a
    PostgreSQL generated column), inside the transaction that writes sentences.
    """
    schema.metadata.create_all(conn, tables=list(schema.VERSION_1_TABLES))
    statements = _SQLITE_FTS if conn.dialect.name == "sqlite" else _POSTGRES_FTS
    for statement in statements:
        conn.exec_driver_sql(statement)


def _add_missing_columns(conn: sa.Connection, columns: Sequence[tuple[str, str]]) -> None:
    """Add each (table, column DDL) whose column the table lacks."""
    inspector = sa.inspect(conn)
    for table, ddl in columns:
        present = {column["name"] for column in inspector.get_columns(table)}
        if ddl.split()[0] not in present:
            conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {ddl}")


def _migration_2(conn: sa.Connection) -> None:
    """Add the timeline and the conflict ledger, and entity counts.

    Migration 1 creates the version-1 tables from today's definitions, which
    already have the version-2 columns; a file made by storyledger 0.1 lacks
    them, so they are added where missing.
    """
    _add_missing_columns(conn, schema.VERSION_2_COLUMNS)
    schema.metadata.create_all(conn, tables=list(schema.VERSION_2_TABLES))


def _migration_3(conn: sa.Connection) -> None:
    """Add what resolving only a new article's part of the case needs.

    Indexes by document, sentence and measure; each figure's measure and each
    quote's words, computed for the documents already stored; the tables for
    the case entities' keys and counts, which the next full resolution fills.
    """
    _add_missing_columns(conn, schema.VERSION_3_COLUMNS)
    for name, table, columns in schema.VERSION_3_INDEXES:
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")
    schema.metadata.create_all(conn, tables=list(schema.VERSION_3_TABLES))
    case.write_document_keys_for_stored(conn)


def _migration_4(conn: sa.Connection) -> None:
    """Add where undated figures may link (``timeline_figures``, ``figure_groups``),
    which the next full resolution fills (the resolution index version changed)."""
    schema.metadata.create_all(conn, tables=list(schema.VERSION_4_TABLES))


def _migration_5(conn: sa.Connection) -> None:
    """Keep a measure's signatures in ``measure_signatures`` rather than in its
    state; the next full resolution moves them (the resolution index version changed)."""
    schema.metadata.create_all(conn, tables=list(schema.VERSION_5_TABLES))


def _migration_6(conn: sa.Connection) -> None:
    """Work out the stored figures' measures again: "losses" is now the measure
    "loss" (was "losse"); an amount of money said to be insured or total is a
    measure of its own ("insured loss", "total cost"); an amount that does not say
    what it is of ("$12 million") has none. The next resolution is a full pass
    (the resolution index version changed)."""
    case.write_document_keys_for_stored(conn)


MIGRATIONS: list[Migration] = [
    _migration_1,
    _migration_2,
    _migration_3,
    _migration_4,
    _migration_5,
    _migration_6,
]


def current_version() -> int:
    """RETURNS (int): the schema version this storyledger writes."""
    return len(MIGRATIONS)


def stored_version(conn: sa.Connection, target: str) -> int:
    """Read the schema version, refusing databases that are not case files.

    RETURNS (int): 0 for an empty database, else the stored version.
    RAISES (StoreError): [E401] when the database holds other tables.
    """
    names = [n for n in sa.inspect(conn).get_table_names() if not n.startswith("sqlite_")]
    if not names:
        return 0
    if "meta" not in names:
        shown = ", ".join(sorted(names)[:5])
        detail = f"it has tables ({shown}) but no storyledger 'meta' table"
        raise StoreError(StoreErrors.E401.format(target=target, detail=detail))
    rows = dict(conn.execute(sa.select(schema.meta.c.key, schema.meta.c.value)).tuples().all())
    if rows.get("application") != APPLICATION or not rows.get("schema_version", "").isdigit():
        detail = "its 'meta' table does not say application=storyledger"
        raise StoreError(StoreErrors.E401.format(target=target, detail=detail))
    return int(rows["schema_version"])


def _write_version(conn: sa.Connection, version: int) -> None:
    """Record ``version`` (and, the first time, who made the file and when)."""
    values = {"application": APPLICATION, "schema_version": str(version)}
    if version == 1:
        values["created_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    for key, value in values.items():
        set_meta(conn, key, value)


def set_meta(conn: sa.Connection, key: str, value: str) -> None:
    """Store ``value`` under ``key`` in the ``meta`` table (replacing the old one)."""
    conn.execute(sa.delete(schema.meta).where(schema.meta.c.key == key))
    conn.execute(sa.insert(schema.meta).values(key=key, value=value))


def upgrade(conn: sa.Connection, target: str) -> tuple[int, int]:
    """Bring the database to the current version inside the caller's transaction.

    RETURNS (tuple[int, int]): the version found and the version now stored.
    RAISES (StoreError): [E401] not a case file, [E402] newer than this code.
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(hashtext('storyledger-migrate'))")
    found = stored_version(conn, target)
    latest = current_version()
    if found > latest:
        raise StoreError(StoreErrors.E402.format(target=target, found=found, current=latest))
    for number in range(found + 1, latest + 1):
        MIGRATIONS[number - 1](conn)
        _write_version(conn, number)
    return found, latest
