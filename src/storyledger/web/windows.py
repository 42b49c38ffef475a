"""Pages of long listings that cost the same on a 100- and a 10,000-article case.

Records are listed in document order (publication date, then document, then
position). Sorting every record of the case on each request grows with the
case, so the document order and the number of matching records per document
are read once per case version (see :mod:`storyledger.web.cache`); a page then
reads only the records of the few documents it covers, through the
``(doc, idx)`` indexes.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Hashable, Sequence
from typing import Any

import sqlalchemy as sa

from storyledger.ledger import Ledger
from storyledger.store import records as record_rows
from storyledger.store import schema
from storyledger.store.records import Row
from storyledger.web.cache import CaseCache
from storyledger.web.paging import Page, PageParams
from storyledger.web.queries import DOCUMENT_FIELDS, read


def document_order(ledger: Ledger) -> list[str]:
    """RETURNS (list[str]): every document id, oldest news first, undated last."""
    docs = schema.documents
    query = sa.select(docs.c.id).order_by(docs.c.published.is_(None), docs.c.published, docs.c.id)
    return read(ledger, lambda conn: list(conn.execute(query).scalars()))


def _order(ledger: Ledger, cache: CaseCache) -> list[str]:
    return cache.get(("document order",), lambda: document_order(ledger))


def documents(ledger: Ledger, cache: CaseCache, params: PageParams) -> Page:
    """RETURNS (Page): document rows (no text) as ``Ledger.documents``, with the total."""
    order = _order(ledger, cache)
    ids = order[params.offset : params.offset + params.fetch]
    docs = schema.documents
    columns = [docs.c[name] for name in DOCUMENT_FIELDS]
    query = sa.select(docs.c.added_at, *columns).where(docs.c.id.in_(ids))

    def work(conn: sa.Connection) -> dict[str, Row]:
        return {
            r["id"]: {**record_rows.row_document(r).to_dict(), "added_at": r["added_at"]}
            for r in conn.execute(query).mappings()
        }

    found = read(ledger, work) if ids else {}
    rows = [found[i] for i in ids if i in found]
    return Page.from_fetched(rows, params, total=len(order))


def _per_document(ledger: Ledger, kind: str, conditions: Sequence[Any]) -> dict[str, int]:
    """RETURNS (dict): document id → how many of its ``kind`` records match."""
    table = schema.metadata.tables[kind]
    query = sa.select(table.c.doc, sa.func.count()).where(*conditions).group_by(table.c.doc)
    return read(ledger, lambda conn: dict(conn.execute(query).tuples().all()))


def _prefix(
    ledger: Ledger, cache: CaseCache, kind: str, conditions: Sequence[Any], key: Hashable
) -> tuple[list[str], list[int]]:
    """Documents holding matching records, in order, and the running count before each."""

    def build() -> tuple[list[str], list[int]]:
        counts = _per_document(ledger, kind, conditions)
        docs = [d for d in _order(ledger, cache) if counts.get(d)]
        starts = [0, *itertools.accumulate(counts[d] for d in docs)]
        return docs, starts

    return cache.get(("per document", kind, key), build)


def records(
    ledger: Ledger,
    cache: CaseCache,
    kind: str,
    params: PageParams,
    conditions: Sequence[Any] = (),
    key: Hashable = (),
) -> Page:
    """One window of a record listing, in the listings' order, with the total.

    conditions: filters on the ``kind`` table; ``key`` names them for the cache
        (two calls with the same key must pass the same conditions).
    """
    docs, starts = _prefix(ledger, cache, kind, conditions, key)
    total = starts[-1]
    first = max(0, bisect.bisect_right(starts, params.offset) - 1)
    last = bisect.bisect_left(starts, params.offset + params.fetch)
    window = docs[first:last]
    if not window:
        return Page.from_fetched([], params, total=total)
    table = schema.metadata.tables[kind]
    query = sa.select(table).where(table.c.doc.in_(window), *conditions)
    cls = record_rows.RECORD_KINDS[kind]

    def work(conn: sa.Connection) -> list[Row]:
        rows = list(conn.execute(query).mappings())
        place = {doc: n for n, doc in enumerate(window)}
        rows.sort(key=lambda r: (place[r["doc"]], r["idx"]))
        return [record_rows.row_record(cls, r).to_dict() for r in rows]

    rows = read(ledger, work)
    skip = params.offset - starts[first]
    return Page.from_fetched(rows[skip : skip + params.fetch], params, total=total)
