"""Resolving only what new articles touch, with the result of a full pass.

After ``add`` stores new documents, :func:`update_case` brings the
case-level tables up to date by touching only what the new documents can
change: their entities join existing case entities (through the keys kept in
``resolution_keys``), their dated events join timeline entries or start new
ones, their undated figures are linked, and the measures, quotes and days of
their figures, quotes and clock times are compared again. Each step checks
that it can give exactly what :meth:`storyledger.ledger.Ledger.resolve` (the
full pass) would give; where it cannot (a new name makes a surname
ambiguous, a new figure changes a case entity's name...), it raises
:class:`FullPassNeeded` and the caller runs the full pass instead, in the same
transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa

from storyledger.resolve.keys import KEYS_VERSION
from storyledger.store import schema


class FullPassNeeded(Exception):
    """The new documents change more than the incremental path can follow."""


#: Meta key: the version of the rule keys the index tables were written with.
INDEX_KEY = "resolution_index"
#: Meta key: how many documents the case-level tables account for.
RESOLVED_KEY = "resolved_documents"
#: Meta key: (added_at, id) of the latest document they account for.
LAST_KEY = "resolved_through"


def why_not_incremental(conn: sa.Connection, new_docs: Sequence[str]) -> str | None:
    """RETURNS: why ``new_docs`` cannot be resolved incrementally, or None when they can.

    They can when the rest of the case is resolved with the current rule keys
    and they arrived after everything resolved so far (the full pass reads
    in order of arrival, so newcomers come last there too).
    """
    meta = dict(conn.execute(sa.select(schema.meta.c.key, schema.meta.c.value)).tuples().all())
    if meta.get(INDEX_KEY) != KEYS_VERSION:
        return "the case was resolved by another version of the merging rules or their index"
    docs = schema.documents
    total = conn.execute(sa.select(sa.func.count()).select_from(docs)).scalar_one()
    if not new_docs or meta.get(RESOLVED_KEY) != str(total - len(new_docs)):
        return "other documents are waiting to be resolved too"
    if len(new_docs) > max(MAX_NEW, total // 10):
        return f"{len(new_docs)} new documents: a full pass is quicker"
    arrived = conn.execute(
        sa.select(docs.c.added_at, docs.c.id).where(docs.c.id.in_(list(new_docs)))
    ).all()
    last = tuple(json.loads(meta.get(LAST_KEY, "[]")))
    if len(arrived) != len(set(new_docs)) or any(tuple(row) <= last for row in arrived):
        return "an older document was stored after the new ones"
    return None


def last_arrival(conn: sa.Connection) -> str:
    """RETURNS (str): the latest (added_at, id) of the case, as stored in meta (JSON)."""
    docs = schema.documents
    row = conn.execute(
        sa.select(docs.c.added_at, docs.c.id).order_by(docs.c.added_at.desc(), docs.c.id.desc())
    ).first()
    return json.dumps(list(row) if row else [])


#: New documents resolved one by one before a full pass is the quicker way.
MAX_NEW = 32


def update_case(conn: sa.Connection, new_docs: Sequence[str]) -> None:
    """Resolve ``new_docs`` into the case: entities, then the timeline and conflicts.

    RAISES (FullPassNeeded): the caller runs the full pass in the same
        transaction, which rewrites whatever this wrote.
    """
    from storyledger.store.update_conflicts import update_conflicts
    from storyledger.store.update_entities import update_entities
    from storyledger.store.update_timeline import update_timeline

    ordered = _in_order_of_arrival(conn, new_docs)
    update_entities(conn, ordered)
    update_timeline(conn, ordered)
    update_conflicts(conn, ordered)


def _in_order_of_arrival(conn: sa.Connection, new_docs: Sequence[str]) -> list[str]:
    docs = schema.documents
    query = (
        sa.select(docs.c.id)
        .where(docs.c.id.in_(list(new_docs)))
        .order_by(docs.c.added_at, docs.c.id)
    )
    return list(conn.execute(query).scalars())
