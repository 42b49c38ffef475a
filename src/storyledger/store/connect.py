"""Where a case lives and how to reach it: SQLite file or PostgreSQL URL.

SQLite connections get foreign keys, a busy timeout, and explicit ``BEGIN``
statements (``BEGIN IMMEDIATE`` for writes, so two writers queue on the busy
timeout instead of failing with a deadlock). WAL mode is switched on only
after the file is known to be a case file, so a foreign database is never
modified.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from storyledger.store.errors import StoreError, StoreErrors

DEFAULT_PATH = "storyledger.db"
SQLITE_MAGIC = b"SQLite format 3\x00"
WRITE_OPTION = "storyledger_write"


@dataclass(frozen=True, slots=True)
class Target:
    """A parsed case location. ``label`` is safe to show (no password)."""

    url: sa.URL
    label: str
    path: Path | None

    @property
    def is_sqlite(self) -> bool:
        """RETURNS (bool): whether the case is an SQLite file."""
        return self.path is not None


def parse_target(location: str | os.PathLike[str] | None) -> Target:
    """Turn a path or a ``postgresql://`` URL into a Target.

    location: a file path (default ``./storyledger.db``) or a PostgreSQL URL;
        ``postgresql://`` is served by psycopg 3.
    """
    text = os.fspath(location) if location is not None else DEFAULT_PATH
    scheme = text.split("://", 1)[0].lower() if "://" in text else ""
    if not scheme:
        path = Path(text).expanduser()
        return Target(sa.URL.create("sqlite", database=str(path)), str(path), path)
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        url = sa.make_url("postgresql+psycopg://" + text.split("://", 1)[1])
        label = url.render_as_string(hide_password=True).replace("+psycopg", "", 1)
        return Target(url, label, None)
    if scheme == "sqlite":
        url = sa.make_url(text)
        path = Path(url.database or DEFAULT_PATH)
        return Target(url.set(database=str(path)), str(path), path)
    raise StoreError(StoreErrors.E410.format(scheme=scheme))


def check_sqlite_path(path: Path) -> bool:
    """Refuse a path that cannot hold a case file, before SQLite touches it.

    RETURNS (bool): whether the file exists with content (False: a new case).
    RAISES (StoreError): [E401] not an SQLite file, [E403] cannot write there.
    """
    if path.is_dir():
        raise StoreError(StoreErrors.E401.format(target=path, detail="it is a directory"))
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        detail = f"directory {directory} does not exist"
        raise StoreError(StoreErrors.E403.format(target=path, detail=detail))
    if not os.access(directory, os.W_OK | os.X_OK):
        detail = f"directory {directory} is read-only (SQLite writes journal files beside the case)"
        raise StoreError(StoreErrors.E403.format(target=path, detail=detail))
    if not path.exists() or path.stat().st_size == 0:
        return False
    if not os.access(path, os.R_OK | os.W_OK):
        detail = "the file is not readable and writable by you"
        raise StoreError(StoreErrors.E403.format(target=path, detail=detail))
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_MAGIC))
    if header != SQLITE_MAGIC:
        raise StoreError(StoreErrors.E401.format(target=path, detail="not an SQLite database"))
    return True


#: The page cache of each connection (an upper bound, filled as pages are read):
#: with SQLite's default 2 MB, a full resolve of a 10,000-article case (200 MB)
#: reads most pages through the operating system again (a tenth of its reading).
SQLITE_CACHE = (
    "PRAGMA cache_size = -65536",  # KiB: 64 MB
)


def _sqlite_engine(target: Target, timeout: float) -> sa.Engine:
    """An engine whose transactions SQLAlchemy, not pysqlite, begins."""
    engine = sa.create_engine(target.url, connect_args={"timeout": timeout})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        for pragma in SQLITE_CACHE:
            cursor.execute(pragma)
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def make_engine(target: Target, timeout: float) -> sa.Engine:
    """RETURNS (Engine): an engine for ``target``; nothing is connected yet."""
    if target.is_sqlite:
        return _sqlite_engine(target, timeout)
    connect_args = {"connect_timeout": max(1, int(timeout))}
    return sa.create_engine(target.url, connect_args=connect_args, pool_pre_ping=True)


def enable_wal(engine: sa.Engine) -> None:
    """Switch a case file to WAL: readers never block the writer (persists in the file).

    Run outside any transaction (SQLite refuses the change inside one), on a
    raw connection so that no ``BEGIN`` is emitted first.
    """
    if engine.dialect.name != "sqlite":
        return
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute("PRAGMA journal_mode = WAL")  # type: ignore[union-attr]
    finally:
        raw.close()
