"""The case file: one ``Ledger`` behind the CLI, the web app and user code.

::

    from storyledger.ledger import Ledger

    with Ledger.open("harbor.db") as ledger:      # or "postgresql://user@host/db"
        ledger.add_facts(facts)                    # False when already stored
        ledger.search('"harbor fire" AND warning')
        ledger.quantities(counts="planes")

Every listing returns plain dicts (the ``storyledger/1`` record shapes), ready
for JSON, CSV or a table. Every database failure arrives as a
:class:`~storyledger.store.errors.StoreError` with a coded message.
See ``docs/store.md``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import json
import os
import time
from collections.abc import Callable, Iterator, Sequence
from types import TracebackType
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from storyledger.model import DocumentFacts, Entity
from storyledger.names import fold
from storyledger.resolve.case import resolve as resolve_case
from storyledger.resolve.keys import KEYS_VERSION
from storyledger.store import case as case_store
from storyledger.store import case_views, incremental, migrations, records, schema
from storyledger.store.connect import (
    WRITE_OPTION,
    Target,
    check_sqlite_path,
    enable_wal,
    make_engine,
    parse_target,
)
from storyledger.store.errors import (
    LockedError,
    StoreError,
    StoreErrors,
    first_line,
    translated,
)
from storyledger.store.records import Row, RowLike
from storyledger.store.search import check_query, is_query_syntax_error, run_search
from storyledger.store.update_entities import write_index

T = TypeVar("T")

_COUNTED = (
    "documents",
    "sentences",
    "doc_entities",
    "mentions",
    *records.RECORD_KINDS,
    "entities",
    "timeline",
    "conflicts",
)


def _resolve_all(conn: sa.Connection) -> None:
    """The full pass: read every document's records, resolve, write the differences."""
    with _collector_paused():
        # the records and the resolution are freed when this call returns,
        # still inside the pause: alive when the collector resumes, its first
        # run would walk every one of them (~0.2 s at 10,000 documents)
        _resolve_and_write(conn)
    migrations.set_meta(conn, incremental.INDEX_KEY, KEYS_VERSION)


def _resolve_and_write(conn: sa.Connection) -> None:
    case_input = case_store.read_input(conn)
    merges, splits = case_store.read_corrections(conn)
    result = resolve_case(case_input, merges, splits)
    case_store.write_resolution(conn, result)
    write_index(conn, result)


def _table_counts(conn: sa.Connection, names: Sequence[str]) -> dict[str, int]:
    """RETURNS: rows per table, for ``names``."""
    return {
        name: conn.execute(
            sa.select(sa.func.count()).select_from(schema.metadata.tables[name])
        ).scalar_one()
        for name in names
    }


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a case resolves.

    Resolution builds hundreds of thousands of small records and frees none
    of them on the way; the collector would scan them again and again (a
    fifth of a 10,000-document resolve). They are freed by reference counts.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _date_range(column: Any, date_from: str | None, date_to: str | None) -> list[Any]:
    """Conditions for ISO-prefix values between two ISO prefixes, both inclusive.

    ``date_to="2020-05"`` keeps ``2020-05-31`` and ``2020-05-31T23:00``: the
    value is cut to the bound's length before comparing.
    """
    conditions: list[Any] = []
    if date_from:
        conditions.append(column >= date_from)
    if date_to:
        conditions.append(sa.func.substr(column, 1, len(date_to)) <= date_to)
    return conditions


def _by_document_order(table: sa.Table) -> list[Any]:
    """Order records by publication date (undated last), document, position."""
    docs = schema.documents
    return [docs.c.published.is_(None), docs.c.published, table.c.doc, table.c.idx]


class Ledger:
    """A case: the stored documents, their extracted records and the resolution.

    Create with :meth:`Ledger.open`; use as a context manager or call
    :meth:`close`.
    """

    def __init__(self, engine: sa.Engine, target: Target, *, retries: int = 3) -> None:
        self._engine = engine
        self._target = target
        self._retries = retries
        self._closed = False
        #: How the last :meth:`resolve` went: "incremental" or "full: <why>".
        self.last_resolution = ""

    # -- opening ---------------------------------------------------------------

    @classmethod
    def open(
        cls,
        location: str | os.PathLike[str] | None = None,
        *,
        timeout: float = 5.0,
        retries: int = 3,
    ) -> Ledger:
        """Open a case file, creating or upgrading it.

        location: an SQLite path (default ``./storyledger.db``) or a
            ``postgresql://`` URL (put ``?options=-csearch_path%3Dmyschema`` in
            it to use a schema other than ``public``).
        timeout (float): seconds to wait for a busy SQLite file or to connect.
        retries (int): further attempts, with backoff, when SQLite stays locked.
        RETURNS (Ledger): ready to read and write.
        RAISES (StoreError): [E401] not a case file, [E402] newer schema,
            [E403] not writable, [E404] locked, [E405] PostgreSQL unreachable.
        """
        target = parse_target(location)
        if target.path is not None:
            check_sqlite_path(target.path)
        ledger = cls(make_engine(target, timeout), target, retries=retries)
        try:
            ledger._prepare()
        except BaseException:
            ledger.close()
            raise
        return ledger

    def _prepare(self) -> None:
        """Check the database is (or can become) a case file, then migrate it."""
        self._check_reachable()
        found = self._retrying(
            lambda: self._read(lambda conn: migrations.stored_version(conn, self.location))
        )
        latest = migrations.current_version()
        if found > latest:
            message = StoreErrors.E402.format(target=self.location, found=found, current=latest)
            raise StoreError(message)
        self._retrying(lambda: enable_wal(self._engine))  # another process may hold a lock
        if found < latest:
            self._write(lambda conn: migrations.upgrade(conn, self.location))

    def _check_reachable(self) -> None:
        """Connect once, so an unreachable server is reported as such ([E405])."""
        if self._target.is_sqlite:
            return
        try:
            with self._engine.connect():
                pass
        except sa.exc.DBAPIError as exc:
            message = StoreErrors.E405.format(target=self.location, detail=first_line(exc))
            raise StoreError(message) from exc

    @property
    def location(self) -> str:
        """RETURNS (str): the case file path or the password-free database URL."""
        return self._target.label

    @property
    def backend(self) -> str:
        """RETURNS (str): ``"sqlite"`` or ``"postgresql"``."""
        return self._engine.dialect.name

    @property
    def schema_version(self) -> int:
        """RETURNS (int): the schema version stored in the case."""
        return self._read(lambda conn: migrations.stored_version(conn, self.location))

    # -- transactions ----------------------------------------------------------

    def read(self, work: Callable[[sa.Connection], T]) -> T:
        """Run ``work(conn)`` in a read transaction: for views that query the tables
        (``storyledger.store.schema``) directly, such as the web app's pages.
        Driver errors become :class:`StoreError`."""
        return self._read(work)

    def _read(self, work: Callable[[sa.Connection], T]) -> T:
        """Run ``work`` in a read transaction; driver errors become StoreError."""
        self._check_open()
        with translated(self.location), self._engine.connect() as conn:
            return work(conn)

    def _write(self, work: Callable[[sa.Connection], T]) -> T:
        """Run ``work`` in one write transaction, retrying while SQLite is locked.

        The transaction commits as a whole or not at all: a process killed
        inside it leaves the case as it was before.
        """
        self._check_open()

        def attempt() -> T:
            with self._engine.connect() as conn:
                conn.execution_options(**{WRITE_OPTION: True})
                with conn.begin():
                    return work(conn)

        return self._retrying(attempt)

    def _retrying(self, call: Callable[[], T]) -> T:
        """RETURNS: what ``call`` returns, calling it again (with backoff) while SQLite
        is locked, up to ``retries`` more times; driver errors become StoreError."""
        started, delay = time.monotonic(), 0.1
        for attempt in range(self._retries + 1):
            try:
                with translated(self.location):
                    return call()
            except LockedError as exc:
                if attempt == self._retries:
                    waited = time.monotonic() - started
                    message = StoreErrors.E404.format(target=self.location, waited=waited)
                    raise LockedError(message) from exc.__cause__
                time.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(StoreErrors.E413.format(target=self.location))

    # -- documents -------------------------------------------------------------

    def add_facts(self, facts: DocumentFacts) -> bool:
        """Store one document's extraction in one transaction.

        facts (DocumentFacts): the result of ``extract`` for one document.
        RETURNS (bool): True when added, False when a document with the same
            sha256 is already stored (nothing is written then).
        """
        document = records.document_row(facts, _now())
        sentences = records.sentence_rows(facts)
        entities, mentions = records.entity_rows(facts)
        others = records.record_rows(facts)
        measures, quote_keys = case_store.document_key_rows(facts)

        def work(conn: sa.Connection) -> bool:
            if not _insert_document(conn, document):
                return False
            _insert_many(conn, schema.sentences, sentences)
            _insert_many(conn, schema.doc_entities, entities)
            _insert_many(conn, schema.mentions, mentions)
            for kind, rows in others.items():
                _insert_many(conn, schema.metadata.tables[kind], rows)
            _insert_many(conn, schema.figure_measures, measures)
            _insert_many(conn, schema.quote_keys, quote_keys)
            return True

        return self._write(work)

    def has_document(self, sha256: str) -> bool:
        """RETURNS (bool): whether a document with this text hash is stored."""
        query = sa.select(schema.documents.c.id).where(schema.documents.c.sha256 == sha256)
        return self._read(lambda conn: conn.execute(query).first() is not None)

    def documents(self) -> list[Row]:
        """RETURNS (list[Row]): every document (without text), oldest news first."""
        docs = schema.documents
        query = sa.select(docs.c.added_at, *_document_columns()).order_by(
            docs.c.published.is_(None), docs.c.published, docs.c.id
        )
        rows = self._read(lambda conn: list(conn.execute(query).mappings()))
        return [{**records.row_document(r).to_dict(), "added_at": r["added_at"]} for r in rows]

    def document(self, doc_id: str) -> Row:
        """One document with its text. ``doc_id`` may also be the full sha256.

        RAISES (StoreError): [E407] no such document.
        """
        docs = schema.documents
        column = docs.c.sha256 if len(doc_id) == 64 else docs.c.id
        query = sa.select(docs.c.added_at, docs.c.text, *_document_columns()).where(
            column == doc_id
        )
        row = self._read(lambda conn: conn.execute(query).mappings().first())
        if row is None:
            raise StoreError(StoreErrors.E407.format(doc=doc_id, target=self.location))
        return {
            **records.row_document(row).to_dict(),
            "added_at": row["added_at"],
            "text": row["text"],
        }

    def sentences(self, doc: str) -> list[Row]:
        """RETURNS (list[Row]): a document's sentences: doc, idx, start, end, text."""
        table = schema.sentences
        columns = (table.c.doc, table.c.idx, table.c.start, table.c.end, table.c.text)
        query = sa.select(*columns).where(table.c.doc == doc).order_by(table.c.idx)
        return self._read(lambda conn: [dict(r) for r in conn.execute(query).mappings()])

    def load_facts(self, doc_id: str) -> DocumentFacts:
        """Rebuild a document's extraction exactly as it was added.

        RAISES (StoreError): [E407] no such document.
        """
        doc_id = self.document(doc_id)["id"]
        return self._read(lambda conn: _load_facts(conn, doc_id))

    # -- listings --------------------------------------------------------------

    def times(
        self,
        doc: str | None = None,
        value_from: str | None = None,
        value_to: str | None = None,
    ) -> list[Row]:
        """RETURNS (list[Row]): time expressions, optionally by document and ISO range."""
        table = schema.times
        conditions = _date_range(table.c.value, value_from, value_to)
        return self._records("times", conditions, doc)

    def quantities(self, counts: str | None = None, doc: str | None = None) -> list[Row]:
        """RETURNS (list[Row]): quantities, optionally of one counted noun (any case)."""
        table = schema.quantities
        conditions = [sa.func.lower(table.c.counts) == counts.lower()] if counts else []
        return self._records("quantities", conditions, doc)

    def claims(
        self,
        speaker: str | None = None,
        certainty: str | None = None,
        doc: str | None = None,
    ) -> list[Row]:
        """Claims, optionally by speaker and certainty.

        speaker: a doc-local entity id, or a case entity id (then the claims of
            every doc-local entity merged into it).
        """
        return self._records("claims", case_views.claim_conditions(speaker, certainty, None), doc)

    def events(
        self,
        date_from: str | None = None,
        date_to: str | None = None,
        doc: str | None = None,
    ) -> list[Row]:
        """RETURNS (list[Row]): timeline events by date (ISO prefixes, inclusive)."""
        table = schema.events
        conditions = _date_range(table.c.date, date_from, date_to)
        order = [table.c.date, table.c.doc, table.c.idx]
        return self._records("events", conditions, doc, order=order)

    def _records(
        self,
        kind: str,
        conditions: list[Any],
        doc: str | None,
        order: list[Any] | None = None,
    ) -> list[Row]:
        """Select one record table with filters; rows in ``storyledger/1`` shape."""
        table = schema.metadata.tables[kind]
        if doc:
            conditions = [*conditions, table.c.doc == doc]
        query = (
            sa.select(table)
            .join(schema.documents, schema.documents.c.id == table.c.doc)
            .where(*conditions)
            .order_by(*(order or _by_document_order(table)))
        )
        rows = self._read(lambda conn: list(conn.execute(query).mappings()))
        cls = records.RECORD_KINDS[kind]
        return [records.row_record(cls, row).to_dict() for row in rows]

    def search(self, query: str, limit: int = 50) -> list[Row]:
        """Full-text search over every sentence of the case.

        query (str): words and "quoted phrases" (FTS5 syntax on SQLite,
            web-search syntax on PostgreSQL).
        RETURNS (list[Row]): best first: doc, title, outlet, published,
            sentence, start, end, text, snippet (matches in ``**``), score.
        RAISES (StoreError): [E406] malformed query, [E411] empty query.
        """
        text = check_query(query)
        try:
            return self._read(lambda conn: run_search(conn, text, limit))
        except StoreError as exc:
            cause = exc.__cause__
            if cause is not None and is_query_syntax_error(cause):
                detail = first_line(cause)
                raise StoreError(StoreErrors.E406.format(query=query, detail=detail)) from cause
            raise

    def counts(self) -> dict[str, int]:
        """RETURNS (dict[str, int]): rows per table, for a case summary."""

        return self._read(lambda conn: _table_counts(conn, _COUNTED))

    # -- case-level resolution ---------------------------------------------------

    def resolve(self, new: Sequence[str] = ()) -> dict[str, int]:
        """Bring the case-level tables up to date, in one transaction.

        Merges entities across documents (applying the user's merges and
        splits), builds the timeline and the conflict ledger. Reads only the
        stored records; no document is parsed again.
        new: ids of the documents just stored. When they are all that is
            unresolved, only what they touch is resolved
            (:mod:`storyledger.store.incremental`), with the result a full
            pass would give; otherwise, or where that cannot be guaranteed,
            the whole case is re-resolved. :attr:`last_resolution` says which.
        RETURNS (dict[str, int]): how many entities, timeline entries and
            conflicts the case now has, and ``incremental`` (1 or 0).
        """

        def work(conn: sa.Connection) -> dict[str, int]:
            if conn.dialect.name == "postgresql":  # one resolver at a time per database
                conn.exec_driver_sql(
                    "SELECT pg_advisory_xact_lock(hashtext('storyledger-resolve'))"
                )
            reason = incremental.why_not_incremental(conn, new)
            if reason is None:
                try:
                    incremental.update_case(conn, new)
                    self.last_resolution = "incremental"
                except incremental.FullPassNeeded as exc:
                    reason = str(exc)
            if reason is not None:
                self.last_resolution = f"full: {reason}"
                _resolve_all(conn)
            documents = conn.execute(
                sa.select(sa.func.count()).select_from(schema.documents)
            ).scalar_one()
            migrations.set_meta(conn, incremental.RESOLVED_KEY, str(documents))
            migrations.set_meta(conn, incremental.LAST_KEY, incremental.last_arrival(conn))
            counts = _table_counts(conn, ("entities", "timeline", "conflicts"))
            return {**counts, "incremental": int(reason is None)}

        return self._write(work)

    def needs_resolution(self) -> bool:
        """RETURNS (bool): True when documents were stored since the last :meth:`resolve`."""

        def work(conn: sa.Connection) -> bool:
            meta = schema.meta
            done = conn.execute(
                sa.select(meta.c.value).where(meta.c.key == incremental.RESOLVED_KEY)
            ).scalar_one_or_none()
            count = conn.execute(sa.select(sa.func.count()).select_from(schema.documents))
            return str(count.scalar_one()) != (done or "0")

        return self._read(work)

    def case_entities(
        self, type: str | None = None, limit: int | None = None, offset: int = 0
    ) -> list[Row]:
        """Case entities, most mentioned first.

        RETURNS (list[Row]): id, name, type, aliases, merged_because, mentions, documents.
        """
        table = schema.entities
        query = sa.select(table).order_by(table.c.mentions.desc(), table.c.id)
        if type:
            query = query.where(table.c.type == type.upper())
        query = query.limit(limit).offset(offset)
        rows = self._read(lambda conn: list(conn.execute(query).mappings()))
        return [_entity_dict(row) for row in rows]

    def entity(self, entity_id: str) -> Row:
        """Everything known about one case entity: members (with reasons) and mentions.

        RAISES (StoreError): [E412] no such case entity.
        """

        def work(conn: sa.Connection) -> Row:
            _require_entities(conn, [entity_id], self.location)
            return case_views.entity_detail(conn, entity_id)

        return self._read(work)

    def entity_details(self) -> list[Row]:
        """Every case entity as :meth:`entity` gives it, most mentioned first (for exports)."""
        return self._read(case_views.entity_details)

    def timeline(
        self,
        entity: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Row]:
        """The case timeline, by happened-date, each entry with every source.

        entity: only entries that involve this case entity.
        date_from, date_to: ISO prefixes, both inclusive.
        RETURNS (list[Row]): id, date, summary, entities, first_reported, sources
            (doc, outlet, published, start, end, sentence, date_text, summary).
        """
        conditions = _date_range(schema.timeline.c.date, date_from, date_to)
        return self._read(lambda conn: case_views.timeline(conn, conditions, entity, limit, offset))

    def conflicts(
        self, kind: str | None = None, limit: int | None = None, offset: int = 0
    ) -> list[Row]:
        """The conflict ledger: id, topic, kind, severity, values (each with its source)."""
        return self._read(lambda conn: case_views.conflicts(conn, kind, limit, offset))

    def merge(self, entity_ids: Sequence[str]) -> str:
        """Merge case entities for good: the merge outlives every re-resolution.

        RETURNS (str): the id of the merged entity.
        RAISES (StoreError): [E412] an id is unknown (nothing written), [E414]
            fewer than two distinct ids.
        """
        ids = list(dict.fromkeys(entity_ids))
        if len(ids) < 2:
            raise StoreError(StoreErrors.E414.format(given=", ".join(ids) or "none"))

        def work(conn: sa.Connection) -> list[list[str]]:
            _require_entities(conn, ids, self.location)
            return [list(key) for key in _member_keys(conn, ids)]

        members = self._read(work)
        self._add_correction("merge", ids, None, members)
        self.resolve()
        return self._entity_of(members[0])

    def split(self, entity_id: str, name: str) -> str:
        """Split the members named ``name`` off a case entity, for good.

        name: a name or alias of the entity, as listed by ``show`` (any case).
        RETURNS (str): the id of the entity split off.
        RAISES (StoreError): [E412] unknown id, [E415] the name is not one of
            its members' names, or it is all of them (nothing written).
        """

        def work(conn: sa.Connection) -> tuple[list[list[str]], list[list[str]]]:
            _require_entities(conn, [entity_id], self.location)
            return _split_sides(conn, entity_id, name)

        moved, stay = self._read(work)
        if not moved or not stay:
            names = ", ".join(self.entity(entity_id)["aliases"]) or "no other names"
            raise StoreError(StoreErrors.E415.format(entity=entity_id, name=name, names=names))
        self._add_correction("split", [entity_id], name, {"moved": moved, "stay": stay})
        self.resolve()
        return self._entity_of(moved[0])

    def _entity_of(self, key: Sequence[str]) -> str:
        members = schema.entity_members
        query = sa.select(members.c.entity).where(
            members.c.doc == key[0], members.c.local_id == key[1]
        )
        return str(self._read(lambda conn: conn.execute(query).scalar_one()))

    def _add_correction(
        self, action: str, entity_ids: Sequence[str], name: str | None, members: Any
    ) -> None:
        row = {
            "action": action,
            "entities": records.dump_list(entity_ids),
            "name": name,
            "members": json.dumps(members),
            "created_at": _now().isoformat(timespec="seconds"),
        }
        self._write(lambda conn: conn.execute(sa.insert(schema.user_corrections).values(**row)))

    def corrections(self) -> list[Row]:
        """RETURNS (list[Row]): user corrections, oldest first, entity ids as lists."""
        table = schema.user_corrections
        query = sa.select(table).order_by(table.c.id)
        rows = self._read(lambda conn: list(conn.execute(query).mappings()))
        return [
            {**row, "entities": json.loads(row["entities"]), "members": json.loads(row["members"])}
            for row in rows
        ]

    # -- lifetime --------------------------------------------------------------

    def close(self) -> None:
        """Release every connection. Closing twice is harmless."""
        if not self._closed:
            self._closed = True
            self._engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Ledger {self.backend} {self.location!r}>"


def _document_columns() -> list[sa.Column[Any]]:
    """The ``documents`` columns that make a :class:`~storyledger.model.Document`."""
    docs = schema.documents
    names = ("id", "sha256", "title", "outlet", "published", "language", "source", "chars", "url")
    return [docs.c[name] for name in names]


def _entity_dict(row: RowLike) -> Row:
    """A case entity row with its JSON lists decoded."""
    return {
        **row,
        "aliases": json.loads(row["aliases"]),
        "merged_because": json.loads(row["merged_because"]),
    }


def _require_entities(conn: sa.Connection, entity_ids: Sequence[str], target: str) -> None:
    """Raise [E412] for the first id that is not a stored case entity."""
    table = schema.entities
    found = set(conn.execute(sa.select(table.c.id).where(table.c.id.in_(entity_ids))).scalars())
    for entity_id in entity_ids:
        if entity_id not in found:
            raise StoreError(StoreErrors.E412.format(entity=entity_id, target=target))


def _member_keys(conn: sa.Connection, entity_ids: Sequence[str]) -> list[tuple[str, str]]:
    members = schema.entity_members
    query = (
        sa.select(members.c.doc, members.c.local_id)
        .where(members.c.entity.in_(entity_ids))
        .order_by(members.c.doc, members.c.local_id)
    )
    return [(doc, local) for doc, local in conn.execute(query)]


def _split_sides(
    conn: sa.Connection, entity_id: str, name: str
) -> tuple[list[list[str]], list[list[str]]]:
    """The members of ``entity_id`` whose name or alias is ``name``, and the rest."""
    members, ents = schema.entity_members, schema.doc_entities
    query = (
        sa.select(members.c.doc, members.c.local_id, ents.c.name, ents.c.aliases)
        .join(ents, sa.and_(ents.c.doc == members.c.doc, ents.c.local_id == members.c.local_id))
        .where(members.c.entity == entity_id)
        .order_by(members.c.doc, members.c.local_id)
    )
    wanted = fold(name)
    moved: list[list[str]] = []
    stay: list[list[str]] = []
    for doc, local, member_name, aliases in conn.execute(query):
        forms = {fold(member_name), *(fold(a) for a in records.load_list(aliases))}
        (moved if wanted in forms else stay).append([doc, local])
    return moved, stay


def _insert_document(conn: sa.Connection, row: Row) -> bool:
    """Insert the ``documents`` row unless its sha256 is stored; RETURNS whether inserted.

    ``ON CONFLICT DO NOTHING`` (on any unique column: the same text has the
    same sha256 and the same id) makes two processes adding the same article
    at once safe: the second waits for the first and then inserts nothing.
    """
    insert = sqlite.insert if conn.dialect.name == "sqlite" else postgresql.insert
    table = schema.documents
    statement = (
        insert(table)
        .values(**row)
        .on_conflict_do_nothing()  # same sha256, hence the same id: either constraint
        .returning(table.c.id)
    )
    return conn.execute(statement).first() is not None


def _insert_many(conn: sa.Connection, table: sa.Table, rows: list[Row]) -> None:
    """Insert rows in one executemany call (nothing to do for an empty list)."""
    if rows:
        conn.execute(sa.insert(table), rows)


def _load_facts(conn: sa.Connection, doc_id: str) -> DocumentFacts:
    """Read every stored record of one document back into a DocumentFacts."""
    docs = schema.documents
    doc_row = (
        conn.execute(
            sa.select(docs.c.text, docs.c.warnings, *_document_columns()).where(docs.c.id == doc_id)
        )
        .mappings()
        .one()
    )
    sentences = schema.sentences
    spans = conn.execute(
        sa.select(sentences.c.start, sentences.c.end)
        .where(sentences.c.doc == doc_id)
        .order_by(sentences.c.idx)
    ).tuples()
    kinds = {
        kind: tuple(
            records.row_record(cls, row)
            for row in conn.execute(
                sa.select(schema.metadata.tables[kind])
                .where(schema.metadata.tables[kind].c.doc == doc_id)
                .order_by(schema.metadata.tables[kind].c.idx)
            ).mappings()
        )
        for kind, cls in records.RECORD_KINDS.items()
    }
    return DocumentFacts(
        document=records.row_document(doc_row),
        text=doc_row["text"],
        sentences=tuple((start, end) for start, end in spans),
        entities=_load_entities(conn, doc_id),
        warnings=records.load_list(doc_row["warnings"]),
        **kinds,
    )


def _load_entities(conn: sa.Connection, doc_id: str) -> tuple[Entity, ...]:
    """A document's entities with their mentions, each in stored order."""
    ents, mens = schema.doc_entities, schema.mentions
    mention_rows = conn.execute(
        sa.select(mens).where(mens.c.doc == doc_id).order_by(mens.c.entity_local_id, mens.c.idx)
    ).mappings()
    by_entity: dict[str, list[RowLike]] = {}
    for row in mention_rows:
        by_entity.setdefault(row["entity_local_id"], []).append(row)
    entity_rows = conn.execute(
        sa.select(ents).where(ents.c.doc == doc_id).order_by(ents.c.idx)
    ).mappings()
    return tuple(records.row_entity(row, by_entity.get(row["local_id"], [])) for row in entity_rows)
