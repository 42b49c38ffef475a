"""Store errors: every database failure reaches the user as one coded line.

::

    StoryledgerError
    └── StoreError          the case file or database cannot be used (exit 1)
        └── LockedError     another process holds the write lock (retried first)

Driver exceptions (``sqlite3``, ``psycopg``, SQLAlchemy) never leave the
store: :func:`translate` turns them into a :class:`StoreError` with a message
that names the case file, the cause and the next step, and the original
exception is kept as ``__cause__``.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator

from sqlalchemy import exc as sa_exc

from storyledger.errors import StoryledgerError


class StoreError(StoryledgerError):
    """The case file or database cannot be opened, read or written."""

    exit_code = 1


class LockedError(StoreError):
    """Another process is writing to the SQLite case file; retrying may help."""


class StoreErrors:
    """The store's message catalogue. Format with ``StoreErrors.E401.format(...)``."""

    E401 = (
        "[E401] {target}: not a storyledger case file ({detail}). "
        "Pass the path of a case file, or a new path to create one."
    )
    E402 = (
        "[E402] {target}: case file schema version {found} is newer than this "
        "storyledger understands (up to {current}). Upgrade storyledger: "
        "pip install -U storyledger."
    )
    E403 = (
        "[E403] {target}: cannot create or write the case file: {detail}. "
        "Choose a writable directory (--case PATH) or fix its permissions."
    )
    E404 = (
        "[E404] {target}: the case file is locked by another process (waited "
        "{waited:.1f}s). Close other storyledger, sqlite3 or Datasette sessions "
        "that write to it, then try again."
    )
    E405 = (
        "[E405] cannot connect to PostgreSQL at {target}: {detail}. Check that the "
        "server runs, and the host, port, user and database in the URL."
    )
    E406 = (
        "[E406] search query {query!r} is not valid: {detail}. Put phrases in double "
        'quotes, e.g. "harbor fire", and use AND, OR, NOT in capitals.'
    )
    E407 = "[E407] no document {doc!r} in {target}. List the documents with `storyledger show`."
    E408 = "[E408] {target}: database error: {detail}."
    E409 = (
        "[E409] {target}: a stored value breaks a rule of the schema: {detail}. "
        "Nothing was written for this document."
    )
    E410 = (
        "[E410] unsupported database URL scheme {scheme!r}. Pass a file "
        "path for SQLite or postgresql://user@host:port/dbname."
    )
    E411 = "[E411] search query is empty. Pass one or more words, e.g. fire OR blaze."
    E412 = "[E412] no case entity {entity!r} in {target}. List them with `storyledger entities`."
    E413 = "[E413] {target}: the ledger is closed. Open it again with Ledger.open()."
    E414 = "[E414] merge needs two or more different entity ids (got: {given})."
    E416 = (
        "[E416] no case file {target!r}. Create it with `storyledger add ARTICLES "
        "--case {target}`, or pass the right --case PATH."
    )
    E417 = (
        "[E417] no entity or document {ident!r} in {target}. "
        "List them with `storyledger entities` or `storyledger summary`."
    )
    E415 = (
        "[E415] cannot split {name!r} off {entity!r}: it must be one of the entity's "
        "names but not all of them (its other names: {names}). See `storyledger show {entity}`."
    )


def first_line(exc: BaseException) -> str:
    """RETURNS (str): the driver's message without SQL, parameters or hints.

    SQLAlchemy appends the statement and a help link; users need only the
    driver's own first line.
    """
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()
    return text[0].strip() if text else type(orig).__name__


def _is_locked(exc: BaseException) -> bool:
    message = first_line(exc).lower()
    return "database is locked" in message or "database table is locked" in message


def _is_read_only(exc: BaseException) -> bool:
    message = first_line(exc).lower()
    return "readonly database" in message or "unable to open database file" in message


def translate_exception(exc: BaseException, target: str) -> StoreError:
    """Map one driver or SQLAlchemy exception to the StoreError a user can act on.

    exc (BaseException): what the driver raised.
    target (str): the case file path or the password-free database URL.
    RETURNS (StoreError): to be raised ``from exc``.
    """
    if isinstance(exc, StoreError):
        return exc
    if _is_locked(exc):
        return LockedError(StoreErrors.E404.format(target=target, waited=0.0))
    if _is_read_only(exc):
        return StoreError(StoreErrors.E403.format(target=target, detail=first_line(exc)))
    if isinstance(exc, sa_exc.IntegrityError | sqlite3.IntegrityError):
        return StoreError(StoreErrors.E409.format(target=target, detail=first_line(exc)))
    if "not a database" in first_line(exc):
        return StoreError(StoreErrors.E401.format(target=target, detail=first_line(exc)))
    return StoreError(StoreErrors.E408.format(target=target, detail=first_line(exc)))


DRIVER_ERRORS: tuple[type[BaseException], ...] = (sa_exc.SQLAlchemyError, sqlite3.Error)
try:  # psycopg is only needed for PostgreSQL case files
    import psycopg

    DRIVER_ERRORS = (*DRIVER_ERRORS, psycopg.Error)
except ImportError:  # pragma: no cover - depends on the installation
    pass


@contextlib.contextmanager
def translated(target: str) -> Iterator[None]:
    """Run a block so that any driver exception leaves it as a StoreError."""
    try:
        yield
    except DRIVER_ERRORS as exc:
        raise translate_exception(exc, target) from exc
