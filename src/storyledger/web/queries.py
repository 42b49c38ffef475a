"""Read queries the web pages need beyond the Ledger listings: windows, joins, groups.

The Ledger listings return whole lists; a page on a 10,000-article case must
read only its window. These queries return the same record shapes as the
listings (``records.row_record(...).to_dict()``), so a JSON twin and the CLI
agree. They only read; every write goes through :mod:`storyledger.api`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import sqlalchemy as sa

from storyledger.ledger import Ledger
from storyledger.store import records, schema
from storyledger.store.case_views import ordered_values
from storyledger.store.records import Row
from storyledger.web.paging import Page, PageParams

T = TypeVar("T")

DOCUMENT_FIELDS = (
    *("id", "sha256", "title", "outlet", "published"),
    *("language", "source", "chars", "url"),
)


def read(ledger: Ledger, work: Callable[[sa.Connection], T]) -> T:
    """Run ``work`` in one of the ledger's read transactions (errors become StoreError).

    The one place the web layer borrows the ledger's connection handling.
    """
    return ledger.read(work)


def documents_by_id(ledger: Ledger, ids: Iterable[str]) -> dict[str, Row]:
    """RETURNS (dict): id → {id, title, outlet, published} for labelling sources."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    docs = schema.documents
    query = sa.select(docs.c.id, docs.c.title, docs.c.outlet, docs.c.published).where(
        docs.c.id.in_(wanted)
    )
    return read(ledger, lambda conn: {r["id"]: dict(r) for r in conn.execute(query).mappings()})


def quantity_conditions(counts: str | None) -> list[Any]:
    """Filter quantities by what they count, ignoring case (as ``Ledger.quantities``)."""
    table = schema.quantities
    return [sa.func.lower(table.c.counts) == counts.lower()] if counts else []


def figure_groups(ledger: Ledger, params: PageParams) -> Page:
    """Quantities grouped by what they count, most reported first.

    RETURNS (Page): rows {counts, quantities, documents, values, low, high}.
    """
    table = schema.quantities
    key = sa.func.lower(table.c.counts)
    n = sa.func.count()
    query = (
        sa.select(
            key.label("counts"),
            n.label("quantities"),
            sa.func.count(sa.distinct(table.c.doc)).label("documents"),
            sa.func.count(sa.distinct(table.c.value)).label("values"),
            sa.func.min(table.c.value).label("low"),
            sa.func.max(table.c.value).label("high"),
        )
        .where(table.c.counts.is_not(None))
        .group_by(key)
        .order_by(n.desc(), key)
        .limit(params.fetch)
        .offset(params.offset)
    )
    rows = read(ledger, lambda conn: [dict(r) for r in conn.execute(query).mappings()])
    return Page.from_fetched(rows, params)


def top_speakers(ledger: Ledger, limit: int = 40) -> list[Row]:
    """RETURNS (list[Row]): case entities with the most quotes and statements.

    Rows: {id, name, type, claims}.
    """
    claims, members, ents = schema.claims, schema.entity_members, schema.entities
    n = sa.func.count()
    query = (
        sa.select(ents.c.id, ents.c.name, ents.c.type, n.label("claims"))
        .select_from(claims)
        .join(members, (members.c.doc == claims.c.doc) & (members.c.local_id == claims.c.speaker))
        .join(ents, ents.c.id == members.c.entity)
        .where(claims.c.kind.in_(["quote", "reported"]))
        .group_by(ents.c.id, ents.c.name, ents.c.type)
        .order_by(n.desc(), ents.c.name)
        .limit(limit)
    )
    return read(ledger, lambda conn: [dict(r) for r in conn.execute(query).mappings()])


def local_entities(ledger: Ledger, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Row]:
    """Resolve doc-local entity ids to their case entity (or their own name).

    pairs: (doc, local_id) pairs, e.g. claim speakers.
    RETURNS (dict): (doc, local_id) → {id (case entity id or None), name, type}.
    """
    wanted = sorted(set(pairs))
    if not wanted:
        return {}
    local, members, ents = schema.doc_entities, schema.entity_members, schema.entities
    docs = sorted({doc for doc, _ in wanted})
    query = (
        sa.select(local.c.doc, local.c.local_id, local.c.name, local.c.type, ents.c.id, ents.c.name)
        .select_from(local)
        .outerjoin(
            members, (members.c.doc == local.c.doc) & (members.c.local_id == local.c.local_id)
        )
        .outerjoin(ents, ents.c.id == members.c.entity)
        .where(local.c.doc.in_(docs))
    )
    keep = set(wanted)

    def work(conn: sa.Connection) -> dict[tuple[str, str], Row]:
        found: dict[tuple[str, str], Row] = {}
        for doc, local_id, name, type_, case_id, case_name in conn.execute(query).tuples():
            if (doc, local_id) in keep:
                found[(doc, local_id)] = {"id": case_id, "name": case_name or name, "type": type_}
        return found

    return read(ledger, work)


def sentence_texts(ledger: Ledger, pairs: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Row]:
    """RETURNS (dict): (doc, sentence idx) → {start, end, text} for mention contexts."""
    wanted = set(pairs)
    if not wanted:
        return {}
    table = schema.sentences
    docs = sorted({doc for doc, _ in wanted})
    indexes = sorted({idx for _, idx in wanted})
    query = sa.select(table.c.doc, table.c.idx, table.c.start, table.c.end, table.c.text).where(
        table.c.doc.in_(docs), table.c.idx.in_(indexes)
    )

    def work(conn: sa.Connection) -> dict[tuple[str, int], Row]:
        rows = conn.execute(query).mappings()
        return {
            (r["doc"], r["idx"]): {"start": r["start"], "end": r["end"], "text": r["text"]}
            for r in rows
            if (r["doc"], r["idx"]) in wanted
        }

    return read(ledger, work)


def cooccurring(ledger: Ledger, entity_id: str, limit: int = 12) -> list[Row]:
    """Case entities named in the same sentences as ``entity_id``, most often first.

    RETURNS (list[Row]): {id, name, type, together} (sentences shared).
    """
    mentions, members, ents = schema.mentions, schema.entity_members, schema.entities
    own = (
        sa.select(mentions.c.doc, mentions.c.sentence)
        .join(
            members,
            (members.c.doc == mentions.c.doc) & (members.c.local_id == mentions.c.entity_local_id),
        )
        .where(members.c.entity == entity_id)
        .distinct()
        .subquery()
    )
    other = mentions.alias("other")
    together = sa.func.count(sa.distinct(other.c.doc + ":" + sa.cast(other.c.sentence, sa.String)))
    query = (
        sa.select(ents.c.id, ents.c.name, ents.c.type, together.label("together"))
        .select_from(own)
        .join(other, (other.c.doc == own.c.doc) & (other.c.sentence == own.c.sentence))
        .join(
            members,
            (members.c.doc == other.c.doc) & (members.c.local_id == other.c.entity_local_id),
        )
        .join(ents, ents.c.id == members.c.entity)
        .where(ents.c.id != entity_id)
        .group_by(ents.c.id, ents.c.name, ents.c.type)
        .order_by(together.desc(), ents.c.name)
        .limit(limit)
    )
    return read(ledger, lambda conn: [dict(r) for r in conn.execute(query).mappings()])


def document_entity_links(ledger: Ledger, doc: str) -> dict[str, str]:
    """RETURNS (dict): a document's local entity ids → their case entity ids."""
    members = schema.entity_members
    query = sa.select(members.c.local_id, members.c.entity).where(members.c.doc == doc)
    return read(ledger, lambda conn: dict(conn.execute(query).tuples().all()))


def figure_values(ledger: Ledger, groups: Sequence[str]) -> dict[str, list[Row]]:
    """The distinct values reported for each counted noun, with one source each.

    RETURNS (dict): counts → [{value, reports, documents, first: quantity record}].
    """
    if not groups:
        return {}
    table = schema.quantities
    key = sa.func.lower(table.c.counts)
    query = (
        sa.select(
            key.label("counts"),
            table.c.value,
            sa.func.count().label("reports"),
            sa.func.count(sa.distinct(table.c.doc)).label("documents"),
            sa.func.min(table.c.id).label("first_id"),
        )
        .where(key.in_(list(groups)))
        .group_by(key, table.c.value)
        .order_by(key, table.c.value)
    )

    def work(conn: sa.Connection) -> dict[str, list[Row]]:
        rows = [dict(r) for r in conn.execute(query).mappings()]
        firsts = sa.select(table).where(table.c.id.in_([r["first_id"] for r in rows]))
        by_id = {
            r["id"]: records.row_record(records.RECORD_KINDS["quantities"], r).to_dict()
            for r in conn.execute(firsts).mappings()
        }
        grouped: dict[str, list[Row]] = {}
        for row in rows:
            first = by_id[row.pop("first_id")]
            grouped.setdefault(row["counts"], []).append({**row, "first": first})
        return grouped

    return read(ledger, work)


def entity_names(ledger: Ledger, ids: Iterable[str]) -> dict[str, str]:
    """RETURNS (dict): case entity id → name, for the ids that exist."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    ents = schema.entities
    query = sa.select(ents.c.id, ents.c.name).where(ents.c.id.in_(wanted))
    return read(ledger, lambda conn: dict(conn.execute(query).tuples().all()))


def conflicts_page(ledger: Ledger, params: PageParams, topic: str | None = None) -> Page:
    """One window of the conflict ledger, hard conflicts first, then in ledger order.

    Rows have the shape of ``Ledger.conflicts()``: id, topic, kind, severity,
    values (each with its source's outlet and publication date). A case can
    hold very many soft conflicts, so only the window's values are read.
    topic: only conflicts about this (any case), e.g. ``planes``.
    """
    table, values, docs = schema.conflicts, schema.conflict_values, schema.documents
    query = sa.select(table.c.id, table.c.topic, table.c.kind, table.c.severity)
    if topic:
        query = query.where(sa.func.lower(table.c.topic) == topic.lower())
    query = (
        query.order_by(table.c.severity != "hard", table.c.position)
        .limit(params.fetch)
        .offset(params.offset)
    )

    def work(conn: sa.Connection) -> Page:
        found = [dict(r) for r in conn.execute(query).mappings()]
        ids = [c["id"] for c in found]
        rows = conn.execute(
            sa.select(values, docs.c.outlet, docs.c.published)
            .join(docs, docs.c.id == values.c.doc)
            .where(values.c.conflict.in_(ids))
        ).mappings()
        by_conflict: dict[str, list[Row]] = {}
        for r in rows:
            value = {k: v for k, v in r.items() if k not in ("id", "conflict")}
            value["value"] = json.loads(value["value"])
            by_conflict.setdefault(r["conflict"], []).append(value)
        for conflict in found:
            conflict["values"] = ordered_values(
                conflict["kind"], by_conflict.get(conflict["id"], [])
            )
        return Page.from_fetched(found, params)

    return read(ledger, work)
