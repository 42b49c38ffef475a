"""Reading a case's resolution input from the tables, and writing the result back.

Resolution reads compact rows (names, figures, quotes, dated events, clock
times), never document texts, so re-resolving after an ``add`` costs a scan
of those tables, not a re-parse. The result replaces the case-level tables
(``entities``, ``entity_members``, ``timeline*``, ``conflict*``) in one
transaction, as a difference: only the rows that changed are written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
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
from storyledger.resolve.timeline import TimelineEntry
from storyledger.store import schema
from storyledger.store.records import Row, dump_list, load_list

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

    Every table is written as a difference: rows are inserted, updated or
    deleted only where they changed, so re-resolving after an ``add`` touches
    what the new articles changed (entry and conflict ids are stable, see
    :mod:`storyledger.resolve.ids`), not the whole case.
    """
    mentions = {(e.doc, e.local_id): e.mentions for e in case.entities}
    gone_entities = _sync(conn, schema.entities, ("id",), _entity_rows(result, mentions))
    _delete(conn, schema.entity_members, ("doc", "local_id"), _sync_members(conn, result))
    _delete(conn, schema.entities, ("id",), gone_entities)
    entries, sources, links = _timeline_rows(result)
    gone_entries = _sync(conn, schema.timeline, ("id",), entries)
    for table, key, rows in (
        (schema.timeline_sources, ("entry", "doc", "start"), sources),
        (schema.entity_links, ("entry", "entity"), links),
    ):
        _delete(conn, table, key, _sync(conn, table, key, rows))
    _delete(conn, schema.timeline, ("id",), gone_entries)
    conflicts, values = _conflict_rows(result)
    gone_conflicts = _sync(conn, schema.conflicts, ("id",), conflicts)
    _sync_conflict_values(conn, values)
    _delete(conn, schema.conflicts, ("id",), gone_conflicts)


Key = tuple[Any, ...]


def _sync(conn: sa.Connection, table: sa.Table, key: Sequence[str], rows: list[Row]) -> list[Key]:
    """Insert the new rows of ``rows`` and update the changed ones.

    RETURNS (list[Key]): the keys of stored rows that ``rows`` no longer
        holds; the caller deletes them once nothing refers to them.
    """
    columns = [c.name for c in table.columns]
    at = [columns.index(k) for k in key]
    stored = {
        tuple(found[i] for i in at): tuple(found)
        for found in conn.execute(sa.select(*table.columns)).all()
    }
    wanted = {tuple(r[k] for k in key): r for r in rows}
    _insert(conn, table, [r for k, r in wanted.items() if k not in stored])
    changed = [
        r for k, r in wanted.items() if k in stored and stored[k] != tuple(r[c] for c in columns)
    ]
    if changed:
        values: dict[str, Any] = {c: sa.bindparam(f"v_{c}") for c in columns if c not in key}
        where = [table.c[k] == sa.bindparam(f"v_{k}") for k in key]
        update = sa.update(table).where(*where).values(values)
        conn.execute(update, [{f"v_{k}": v for k, v in r.items()} for r in changed])
    return [k for k in stored if k not in wanted]


def _delete(conn: sa.Connection, table: sa.Table, key: Sequence[str], keys: list[Key]) -> None:
    if keys:
        where = [table.c[k] == sa.bindparam(f"k_{k}") for k in key]
        params = [{f"k_{k}": v for k, v in zip(key, values, strict=True)} for values in keys]
        conn.execute(sa.delete(table).where(*where), params)


def _sync_members(conn: sa.Connection, result: CaseResolution) -> list[Key]:
    rows = [
        {"entity": e.id, "doc": m.doc, "local_id": m.local_id, "reason": m.reason}
        for e in result.entities
        for m in e.members
    ]
    return _sync(conn, schema.entity_members, ("doc", "local_id"), rows)


def _sync_conflict_values(conn: sa.Connection, rows: list[Row]) -> None:
    """Values have no key of their own: a conflict whose stored values begin its
    new list gets the rest appended; any other change replaces its values."""
    table = schema.conflict_values
    columns = [c.name for c in table.columns if c.name != "id"]
    stored: dict[str, list[Key]] = {}
    for found in conn.execute(sa.select(*(table.c[c] for c in columns)).order_by(table.c.id)):
        stored.setdefault(found.conflict, []).append(tuple(found))
    wanted: dict[str, list[Row]] = {}
    for row in rows:
        wanted.setdefault(row["conflict"], []).append(row)
    fresh: list[Row] = []
    replaced: list[Key] = [(c,) for c in stored if c not in wanted]
    for conflict, new in wanted.items():
        old = stored.get(conflict, [])
        as_tuples = [tuple(r[c] for c in columns) for r in new]
        if as_tuples[: len(old)] == old:
            fresh.extend(new[len(old) :])
        else:
            replaced.append((conflict,))
            fresh.extend(new)
    _delete(conn, table, ("conflict",), replaced)
    _insert(conn, table, fresh)


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


def _timeline_rows(result: CaseResolution) -> tuple[list[Row], list[Row], list[Row]]:
    """RETURNS: rows for ``timeline`` (position counts within the date),
    ``timeline_sources`` and ``timeline_entities``."""
    entries: list[Row] = []
    sources: list[Row] = []
    links: list[Row] = []
    for position, entry in _positions_by_date(result.timeline):
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
    return entries, sources, links


def _positions_by_date(entries: Sequence[TimelineEntry]) -> Iterable[tuple[int, TimelineEntry]]:
    """(rank among the entries of the same date, entry): an entry added on one
    date leaves the positions of every other date as they were."""
    date, position = None, 0
    for entry in entries:
        position = position + 1 if entry.date == date else 0
        date = entry.date
        yield position, entry


def _conflict_rows(result: CaseResolution) -> tuple[list[Row], list[Row]]:
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
    return conflicts, values


def _insert(conn: sa.Connection, table: sa.Table, rows: Iterable[Row]) -> None:
    rows = list(rows)
    if rows:
        conn.execute(sa.insert(table), rows)
