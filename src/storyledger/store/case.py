"""Reading a case's resolution input from the tables, and writing the result back.

Resolution reads compact rows (names, figures, quotes, dated events, clock
times), never document texts, so re-resolving after an ``add`` costs a scan
of those tables, not a re-parse. The result replaces the case-level tables
(``entities``, ``entity_members``, ``timeline*``, ``conflict*``) in one
transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from storyledger.resolve.case import (
    CaseInput,
    CaseResolution,
    LocalEvent,
    LocalQuote,
    LocalTime,
    figure_context,
)
from storyledger.resolve.conflicts import Figure, Source
from storyledger.resolve.entities import LocalEntity, UserMerge, UserSplit
from storyledger.store import schema
from storyledger.store.records import Row, chunks, dump_list, load_list

_CLOCK = "____-__-__T__:__"


def _documents(conn: sa.Connection) -> dict[str, tuple[str | None, str | None]]:
    docs = schema.documents
    rows = conn.execute(sa.select(docs.c.id, docs.c.outlet, docs.c.published))
    return {doc: (outlet, published) for doc, outlet, published in rows}


def read_input(conn: sa.Connection) -> CaseInput:
    """RETURNS (CaseInput): every document's entities, figures, quotes, events, clock times."""
    docs = _documents(conn)

    def source(row: Any, text: str) -> Source:
        outlet, published = docs[row.doc]
        return Source(row.doc, outlet, published, row.start, row.end, text, row.sentence)

    case = CaseInput()
    case.entities = _local_entities(conn)
    case.figures = _figures(conn, source)
    claims = schema.claims
    for row in conn.execute(sa.select(claims).where(claims.c.kind == "quote")):
        case.quotes.append(LocalQuote(source(row, row.text), row.speaker))
    events = schema.events
    for row in conn.execute(sa.select(events).order_by(events.c.doc, events.c.idx)):
        ids = tuple(load_list(row.entities))
        case.events.append(LocalEvent(row.date, row.date_text, row.summary, ids, source(row, "")))
    times = schema.times
    for row in conn.execute(sa.select(times).where(times.c.value.like(_CLOCK))):
        case.times.append(LocalTime(source(row, row.text), row.value))
    case.sentence_entities = _clock_sentence_entities(conn)
    return case


def _local_entities(conn: sa.Connection) -> list[LocalEntity]:
    ents, mens = schema.doc_entities, schema.mentions
    counts = (
        sa.select(mens.c.doc, mens.c.entity_local_id, sa.func.count().label("n"))
        .group_by(mens.c.doc, mens.c.entity_local_id)
        .subquery()
    )
    query = (
        sa.select(ents.c.doc, ents.c.local_id, ents.c.name, ents.c.type, ents.c.aliases, counts.c.n)
        .outerjoin(
            counts,
            sa.and_(counts.c.doc == ents.c.doc, counts.c.entity_local_id == ents.c.local_id),
        )
        .order_by(ents.c.doc, ents.c.idx)
    )
    return [
        LocalEntity(doc, local, name, type_, tuple(load_list(aliases)), n or 1)
        for doc, local, name, type_, aliases, n in conn.execute(query)
    ]


def _figures(conn: sa.Connection, source: Any) -> list[Figure]:
    """Quantities with the words around them in their sentence."""
    q, s = schema.quantities, schema.sentences
    query = sa.select(q, s.c.start.label("s_start"), s.c.text.label("s_text")).join(
        s, sa.and_(s.c.doc == q.c.doc, s.c.idx == q.c.sentence)
    )
    figures = []
    for row in conn.execute(query):
        start, end = row.start - row.s_start, row.end - row.s_start
        before, after = figure_context(row.s_text, start, end)
        figures.append(
            Figure(
                source(row, row.text),
                float(row.value),
                row.unit,
                row.counts,
                row.modifier,
                bool(row.approximate),
                before,
                after,
            )
        )
    return figures


def _clock_sentence_entities(conn: sa.Connection) -> dict[tuple[str, int], set[str]]:
    """(doc, sentence) -> entity local ids, for the sentences that hold a clock time."""
    t, m = schema.times, schema.mentions
    query = (
        sa.select(m.c.doc, m.c.sentence, m.c.entity_local_id)
        .join(t, sa.and_(t.c.doc == m.c.doc, t.c.sentence == m.c.sentence))
        .where(t.c.value.like(_CLOCK))
        .distinct()
    )
    found: dict[tuple[str, int], set[str]] = {}
    for doc, sentence, local in conn.execute(query):
        found.setdefault((doc, sentence), set()).add(local)
    return found


def read_corrections(conn: sa.Connection) -> tuple[list[UserMerge], list[UserSplit]]:
    """RETURNS: the user's merges and splits, oldest first, as document-entity keys.

    The newer correction wins: a merge drops an earlier split whose two sides
    it joins again (a later split already wins over an earlier merge, because
    splits are constraints every join must respect).
    """
    table = schema.user_corrections
    merges: list[UserMerge] = []
    splits: list[UserSplit] = []
    for row in conn.execute(sa.select(table).order_by(table.c.id)):
        members = json.loads(row.members or "[]")
        if row.action == "merge":
            merge = UserMerge(tuple((k[0], k[1]) for k in members))
            joined = set(merge.members)
            splits = [s for s in splits if not (joined & set(s.moved) and joined & set(s.stay))]
            merges.append(merge)
        elif isinstance(members, dict):
            moved = tuple((k[0], k[1]) for k in members.get("moved", []))
            stay = tuple((k[0], k[1]) for k in members.get("stay", []))
            splits.append(UserSplit(moved, stay))
    return merges, splits


def write_resolution(conn: sa.Connection, result: CaseResolution, case: CaseInput) -> None:
    """Bring the case-level tables to ``result`` (inside the caller's transaction).

    Entities and their members are written as a difference: after adding an
    article only the rows it changes are touched, not the whole case. The
    timeline and the conflicts are rewritten.
    """
    for table in (
        schema.conflict_values,
        schema.conflicts,
        schema.entity_links,
        schema.timeline_sources,
        schema.timeline,
    ):
        conn.execute(sa.delete(table))
    mentions = {(e.doc, e.local_id): e.mentions for e in case.entities}
    obsolete = _sync_entities(conn, _entity_rows(result, mentions))
    _sync_members(conn, _member_rows(result))
    if obsolete:
        for chunk in chunks(sorted(obsolete)):
            conn.execute(sa.delete(schema.entities).where(schema.entities.c.id.in_(chunk)))
    _write_timeline(conn, result)
    _write_conflicts(conn, result)


def _sync_entities(conn: sa.Connection, rows: list[Row]) -> set[str]:
    """Insert new and update changed entity rows; RETURNS the ids no longer used."""
    table = schema.entities
    stored = {r["id"]: dict(r) for r in conn.execute(sa.select(table)).mappings()}
    fresh = [r for r in rows if r["id"] not in stored]
    changed = [r for r in rows if r["id"] in stored and stored[r["id"]] != r]
    _insert(conn, table, fresh)
    if changed:
        names = [name for name in rows[0] if name != "id"]
        values: dict[str, Any] = {name: sa.bindparam(f"v_{name}") for name in names}
        update = sa.update(table).where(table.c.id == sa.bindparam("v_id")).values(values)
        conn.execute(update, [{f"v_{k}": v for k, v in r.items()} for r in changed])
    return set(stored) - {r["id"] for r in rows}


def _sync_members(conn: sa.Connection, rows: list[Row]) -> None:
    """Make ``entity_members`` equal to ``rows``, touching only what differs."""
    table = schema.entity_members
    stored = {
        (r.doc, r.local_id): (r.entity, r.reason)
        for r in conn.execute(
            sa.select(table.c.doc, table.c.local_id, table.c.entity, table.c.reason)
        )
    }
    wanted = {(r["doc"], r["local_id"]): r for r in rows}
    _insert(conn, table, [r for key, r in wanted.items() if key not in stored])
    changed = [
        {
            "m_doc": r["doc"],
            "m_local": r["local_id"],
            "m_entity": r["entity"],
            "m_reason": r["reason"],
        }
        for key, r in wanted.items()
        if key in stored and stored[key] != (r["entity"], r["reason"])
    ]
    if changed:
        update = (
            sa.update(table)
            .where(
                table.c.doc == sa.bindparam("m_doc"), table.c.local_id == sa.bindparam("m_local")
            )
            .values(entity=sa.bindparam("m_entity"), reason=sa.bindparam("m_reason"))
        )
        conn.execute(update, changed)
    gone = [key for key in stored if key not in wanted]
    for doc, local in gone:
        conn.execute(sa.delete(table).where(table.c.doc == doc, table.c.local_id == local))


def _entity_rows(result: CaseResolution, mentions: dict[Any, int]) -> list[Row]:
    return [
        {
            "id": e.id,
            "name": e.name,
            "type": e.type,
            "aliases": dump_list(e.aliases),
            "merged_because": dump_list(e.merged_because),
            "mentions": sum(mentions.get((m.doc, m.local_id), 1) for m in e.members),
            "documents": len({m.doc for m in e.members}),
        }
        for e in result.entities
    ]


def _member_rows(result: CaseResolution) -> list[Row]:
    return [
        {"entity": e.id, "doc": m.doc, "local_id": m.local_id, "reason": m.reason}
        for e in result.entities
        for m in e.members
    ]


def _write_timeline(conn: sa.Connection, result: CaseResolution) -> None:
    entries: list[Row] = []
    sources: list[Row] = []
    links: list[Row] = []
    for position, entry in enumerate(result.timeline):
        first = min((s.source.published or "9999" for s in entry.sources), default=None)
        entries.append(
            {
                "id": entry.id,
                "position": position,
                "date": entry.date,
                "summary": entry.summary,
                "entities": dump_list(entry.entities),
                "first_reported": None if first == "9999" else first,
            }
        )
        links.extend({"entry": entry.id, "entity": e} for e in entry.entities)
        seen = set()
        for event in entry.sources:
            key = (event.source.doc, event.source.start)
            if key in seen:
                continue
            seen.add(key)
            sources.append(
                {
                    "entry": entry.id,
                    "doc": event.source.doc,
                    "start": event.source.start,
                    "end": event.source.end,
                    "sentence": event.source.sentence,
                    "date_text": event.date_text,
                    "summary": event.summary,
                }
            )
    _insert(conn, schema.timeline, entries)
    _insert(conn, schema.timeline_sources, sources)
    _insert(conn, schema.entity_links, links)


def _write_conflicts(conn: sa.Connection, result: CaseResolution) -> None:
    conflicts, values = [], []
    for position, conflict in enumerate(result.conflicts):
        conflicts.append(
            {
                "id": conflict.id,
                "position": position,
                "topic": conflict.topic,
                "kind": conflict.kind,
                "severity": conflict.severity,
            }
        )
        for value in conflict.values:
            s = value.source
            values.append(
                {
                    "conflict": conflict.id,
                    "value": json.dumps(value.value),
                    "doc": s.doc,
                    "start": s.start,
                    "end": s.end,
                    "text": s.text,
                    "sentence": s.sentence,
                }
            )
    _insert(conn, schema.conflicts, conflicts)
    _insert(conn, schema.conflict_values, values)


def _insert(conn: sa.Connection, table: sa.Table, rows: Iterable[Row]) -> None:
    rows = list(rows)
    if rows:
        conn.execute(sa.insert(table), rows)
