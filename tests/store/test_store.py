"""Opening case files: migrations, foreign files, locks, permissions, crashes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from storyledger.ledger import Ledger
from storyledger.model import DocumentFacts
from storyledger.store import LockedError, StoreError, connect, migrations
from storyledger.store.connect import parse_target

Factory = Callable[..., DocumentFacts]


def _execute(location: str, statement: str) -> None:
    """Change a case behind the ledger's back, as another tool would."""
    if "://" not in location:
        with sqlite3.connect(location) as conn:
            conn.execute(statement)
        return
    engine = sa.create_engine(parse_target(location).url)
    with engine.begin() as conn:
        conn.exec_driver_sql(statement)
    engine.dispose()


def test_store_new_case_has_current_version(ledger: Ledger) -> None:
    assert ledger.schema_version == migrations.current_version() == 6
    assert ledger.counts()["documents"] == 0


def test_store_upgrades_an_older_case(
    location: str, make_facts: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Ledger.open(location) as ledger:
        ledger.add_facts(make_facts())

    def add_probe(conn: sa.Connection) -> None:
        conn.exec_driver_sql("CREATE TABLE probe (note TEXT)")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, add_probe])
    with Ledger.open(location) as ledger:
        assert ledger.schema_version == 7
        assert ledger.counts()["documents"] == 1
    _execute(location, "INSERT INTO probe (note) VALUES ('upgraded')")


def test_store_upgrades_a_version_1_case(location: str, make_facts: Factory) -> None:
    """A case written by storyledger 0.1 (schema 1) gains the timeline and conflict tables."""
    with Ledger.open(location) as ledger:
        ledger.add_facts(make_facts())
    for statement in (
        *_VERSION_3_CHANGES,
        "DROP TABLE conflict_values",
        "DROP TABLE conflicts",
        "DROP TABLE timeline_entities",
        "DROP TABLE timeline_sources",
        "DROP TABLE timeline",
        "ALTER TABLE entities DROP COLUMN mentions",
        "ALTER TABLE entities DROP COLUMN documents",
        "ALTER TABLE user_corrections DROP COLUMN members",
        "UPDATE meta SET value = '1' WHERE key = 'schema_version'",
    ):
        _execute(location, statement)
    with Ledger.open(location) as ledger:
        assert ledger.schema_version == migrations.current_version()
        assert ledger.counts()["documents"] == 1
        assert ledger.conflicts() == []
        assert ledger.timeline() == []


_VERSION_5_CHANGES = ("DROP TABLE measure_signatures",)
_VERSION_4_CHANGES = (
    *_VERSION_5_CHANGES,
    "DROP TABLE timeline_figures",
    "DROP TABLE figure_groups",
)
_VERSION_3_CHANGES = (
    *_VERSION_4_CHANGES,
    "DROP TABLE resolution_keys",
    "DROP TABLE resolution_state",
    "DROP TABLE conflict_state",
    "DROP TABLE figure_measures",
    "DROP TABLE quote_keys",
    "DROP INDEX conflicts_scope",
    "ALTER TABLE conflicts DROP COLUMN scope",
    "DROP INDEX quantities_doc",
    "DROP INDEX timeline_sources_sentence",
)


def test_store_upgrades_a_version_2_case(location: str, make_facts: Factory) -> None:
    """A schema-2 case gains the keys of the figures and quotes it already holds."""
    with Ledger.open(location) as ledger:
        ledger.add_facts(make_facts())
        measures = ledger.read(lambda conn: _rows(conn, "figure_measures"))
        quotes = ledger.read(lambda conn: _rows(conn, "quote_keys"))
    for statement in (
        *_VERSION_3_CHANGES,
        "UPDATE meta SET value = '2' WHERE key = 'schema_version'",
    ):
        _execute(location, statement)
    with Ledger.open(location) as ledger:
        assert ledger.schema_version == migrations.current_version()
        assert ledger.read(lambda conn: _rows(conn, "figure_measures")) == measures
        assert ledger.read(lambda conn: _rows(conn, "quote_keys")) == quotes
        assert ledger.conflicts() == []


@pytest.mark.parametrize(
    ("version", "index", "changes", "filled"),
    [
        # schema 3 lacked where undated figures link
        (3, "1", _VERSION_4_CHANGES, "timeline_figures"),
        # schema 4 kept a measure's signatures inside its state
        (4, "2", _VERSION_5_CHANGES, "measure_signatures"),
    ],
)
def test_store_upgrades_a_resolved_older_case(
    location: str,
    articles: list[DocumentFacts],
    version: int,
    index: str,
    changes: tuple[str, ...],
    filled: str,
) -> None:
    """A resolved case of an older schema gains the newer tables, which the next
    resolution fills with a full pass (its index is of an older version)."""
    first, *rest = articles
    with Ledger.open(location) as ledger:
        ledger.add_facts(first)
        ledger.resolve()
    for statement in (
        *changes,
        f"UPDATE meta SET value = '{version}' WHERE key = 'schema_version'",
        f"UPDATE meta SET value = '{index}' WHERE key = 'resolution_index'",
    ):
        _execute(location, statement)
    with Ledger.open(location) as ledger:
        assert ledger.schema_version == migrations.current_version()
        for facts in rest:
            assert ledger.add_facts(facts)
        ledger.resolve([facts.document.id for facts in rest])
        assert "another version" in ledger.last_resolution, ledger.last_resolution
        rows = ledger.read(lambda conn: _rows(conn, filled))
        ledger.resolve()
        assert rows and ledger.read(lambda conn: _rows(conn, filled)) == rows


def test_store_upgrade_works_out_stored_measures_again(
    location: str, articles: list[DocumentFacts]
) -> None:
    """Schema 6 changed what some figures measure; a schema-5 case's stored keys
    (here made stale by hand) are worked out again, and the next resolve is full."""
    with Ledger.open(location) as ledger:
        for facts in articles:
            ledger.add_facts(facts)
        ledger.resolve()
        measures = ledger.read(lambda conn: _rows(conn, "figure_measures"))
    assert measures
    for statement in (
        "UPDATE figure_measures SET measure = measure || 'e'",
        "UPDATE meta SET value = '5' WHERE key = 'schema_version'",
        "UPDATE meta SET value = '3' WHERE key = 'resolution_index'",
    ):
        _execute(location, statement)
    with Ledger.open(location) as ledger:
        assert ledger.read(lambda conn: _rows(conn, "figure_measures")) == measures
        ledger.resolve([articles[-1].document.id])
        assert "another version" in ledger.last_resolution, ledger.last_resolution


def _rows(conn: sa.Connection, table: str) -> list[tuple[object, ...]]:
    return sorted(tuple(r) for r in conn.exec_driver_sql(f"SELECT * FROM {table}"))


def test_store_refuses_a_newer_case(location: str) -> None:
    Ledger.open(location).close()
    _execute(location, "UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match=r"^\[E402\] .*version 99 is newer .*up to 6\)"):
        Ledger.open(location)


def test_store_refuses_a_foreign_database(location: str) -> None:
    _execute(location, "CREATE TABLE people (name TEXT)")
    with pytest.raises(StoreError, match=r"^\[E401\] .*tables \(people\)"):
        Ledger.open(location)


def test_store_refuses_meta_of_another_application(location: str) -> None:
    _execute(location, "CREATE TABLE meta (key TEXT, value TEXT)")
    _execute(location, "INSERT INTO meta VALUES ('application', 'other')")
    with pytest.raises(StoreError, match=r"^\[E401\] .*application=storyledger"):
        Ledger.open(location)


def test_store_leaves_a_foreign_sqlite_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE people (name TEXT)")
    before = path.read_bytes()
    with pytest.raises(StoreError, match=r"\[E401\]"):
        Ledger.open(path)
    assert path.read_bytes() == before
    assert not (tmp_path / "other.db-wal").exists()


@pytest.mark.parametrize(
    ("content", "detail"),
    [(b"Title: a news article\n\nSome text.", "not an SQLite database"), (None, "is a directory")],
)
def test_store_refuses_files_that_are_not_databases(
    tmp_path: Path, content: bytes | None, detail: str
) -> None:
    path = tmp_path / "article.txt"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    with pytest.raises(StoreError, match=rf"^\[E401\] .*{detail}"):
        Ledger.open(path)


def test_store_sqlite_file_is_plain_wal_and_searchable(tmp_path: Path, make_facts: Factory) -> None:
    path = tmp_path / "case.db"
    with Ledger.open(path) as ledger:
        ledger.add_facts(make_facts())
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("SELECT outlet FROM documents").fetchone() == ("Halden Post",)
        assert conn.execute("SELECT entities FROM events").fetchone() == ('["f00d00000001-e1"]',)
        fts_sql = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name='sentences_fts'"
        ).fetchone()
        assert 'content="sentences"' in fts_sql[0]  # how Datasette finds the FTS table
        hit = conn.execute(
            "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH 'fires'"
        ).fetchall()
        assert len(hit) == 1


@pytest.mark.parametrize("query", ["fires AND", "fires (", "NEAR(", "colon:word"])
def test_store_sqlite_fts_syntax_errors_are_explained(
    tmp_path: Path, make_facts: Factory, query: str
) -> None:
    with Ledger.open(tmp_path / "case.db") as ledger:
        ledger.add_facts(make_facts())
        with pytest.raises(
            StoreError, match=r"^\[E406\] search query .* is not valid: .*double quotes"
        ):
            ledger.search(query)


def test_store_default_location_is_storyledger_db(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Ledger.open().close()
    assert (tmp_path / "storyledger.db").is_file()


def test_store_refuses_a_read_only_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connect.os, "access", lambda path, mode: False)
    with pytest.raises(StoreError, match=r"^\[E403\] .*read-only"):
        Ledger.open(tmp_path / "case.db")
    assert not (tmp_path / "case.db").exists()


def test_store_refuses_a_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"^\[E403\] .*does not exist"):
        Ledger.open(tmp_path / "missing" / "case.db")


def test_store_explains_a_read_only_database(tmp_path: Path, make_facts: Factory) -> None:
    path = tmp_path / "case.db"
    Ledger.open(path).close()
    with Ledger.open(path) as ledger:
        sa.event.listen(
            ledger._engine, "connect", lambda conn, _: conn.execute("PRAGMA query_only = ON")
        )
        ledger._engine.dispose()
        with pytest.raises(StoreError, match=r"^\[E403\] .*readonly database"):
            ledger.add_facts(make_facts())


def _hold_write_lock(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN IMMEDIATE")
    return conn


def test_store_reports_a_locked_case_after_retrying(tmp_path: Path, make_facts: Factory) -> None:
    path = tmp_path / "case.db"
    Ledger.open(path).close()
    holder = _hold_write_lock(path)
    try:
        with Ledger.open(path, timeout=0.05, retries=2) as ledger:
            started = time.monotonic()
            with pytest.raises(LockedError, match=r"^\[E404\] .*locked by another process"):
                ledger.add_facts(make_facts())
            assert time.monotonic() - started >= 0.3  # 3 tries plus 0.1 s + 0.2 s backoff
            assert not ledger.has_document(make_facts().document.sha256)
    finally:
        holder.close()


def test_store_retries_until_the_lock_is_released(tmp_path: Path, make_facts: Factory) -> None:
    path = tmp_path / "case.db"
    Ledger.open(path).close()
    holder = _hold_write_lock(path)
    threading.Timer(0.25, holder.rollback).start()
    try:
        with Ledger.open(path, timeout=0.05, retries=5) as ledger:
            assert ledger.add_facts(make_facts())
    finally:
        holder.close()


def test_store_reports_unreachable_postgres_in_one_line() -> None:
    with pytest.raises(StoreError) as caught:
        Ledger.open("postgresql://nobody:secret@127.0.0.1:1/nothing", timeout=2)
    message = caught.value.message
    assert message.startswith("[E405] cannot connect to PostgreSQL at postgresql://nobody:***@")
    assert "\n" not in message and "secret" not in message


@pytest.mark.parametrize("url", ["mysql://u@h/db", "oracle://x"])
def test_store_refuses_unknown_url_schemes(url: str) -> None:
    with pytest.raises(StoreError, match=r"^\[E410\]"):
        Ledger.open(url)


_KILL_SCRIPT = textwrap.dedent(
    """
    import os, sys
    sys.path.insert(0, sys.argv[2])
    from conftest import build_facts
    from storyledger import ledger as module
    from storyledger.ledger import Ledger

    real = module._insert_many
    def die_after_sentences(conn, table, rows):
        real(conn, table, rows)
        if table.name == "sentences":
            os._exit(9)  # killed mid-document: no rollback, no cleanup
    with Ledger.open(sys.argv[1]) as ledger:
        ledger.add_facts(build_facts(doc_id="f00d00000001"))
        module._insert_many = die_after_sentences
        ledger.add_facts(build_facts(doc_id="f00d00000002"))
    """
)


def test_store_process_killed_mid_document_leaves_no_half_document(
    location: str, make_facts: Factory
) -> None:
    tests_dir = str(Path(__file__).parent)
    done = subprocess.run(
        [sys.executable, "-c", _KILL_SCRIPT, location, tests_dir], capture_output=True, check=False
    )
    assert done.returncode == 9, done.stderr.decode()
    with Ledger.open(location) as ledger:
        assert [row["id"] for row in ledger.documents()] == ["f00d00000001"]
        assert ledger.counts()["sentences"] == 2
        assert ledger.add_facts(make_facts(doc_id="f00d00000002"))  # the rerun resumes
