"""Reading a case's resolution input from the tables, and writing the result back.

Resolution reads compact rows (names, figures, quotes, dated events, clock
times), never document texts, so re-resolving after an ``add`` costs a scan
of those tables, not a re-parse. The result replaces the case-level tables
(``entities``, ``entity_members``, ``timeline*``, ``conflict*``) in one
transaction, as a difference: only the rows that changed are written.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from storyledger.model import DocumentFacts
from storyledger.resolve.case import (
    DISTINCTIVE_COUNT,
    CaseInput,
    CaseResolution,
    LocalEvent,
    LocalQuote,
    LocalTime,
    figure_context,
    input_from_facts,
)
from storyledger.resolve.conflicts import (
    TIME_UNITS,
    Conflict,
    Figure,
    Source,
    measure_key,
    measure_scope,
    quote_key,
)
from storyledger.resolve.corrections import correction_role
from storyledger.resolve.entities import LocalEntity, UserMerge, UserSplit
from storyledger.resolve.timeline import DatedEvent, LinkState, TimelineEntry
from storyledger.store import schema
from storyledger.store.records import Row, chunks, dump_list, dump_state, load_list

_CLOCK = "____-__-__T__:__"


def _documents(
    conn: sa.Connection, only: Sequence[str] | None = None
) -> dict[str, tuple[str, str | None, str | None]]:
    """RETURNS: document id -> (the id, outlet, publication date), for every document
    or those in ``only``; records take the id from here, so the case holds one
    string per document, not one per record."""
    docs = schema.documents
    query = sa.select(docs.c.id, docs.c.outlet, docs.c.published)
    found: dict[str, tuple[str, str | None, str | None]] = {}
    parts = [query] if only is None else [query.where(docs.c.id.in_(p)) for p in chunks([*only])]
    for part in parts:
        for doc, outlet, published in conn.execute(part):
            found[doc] = (doc, outlet, published)
    return found


def sources(conn: sa.Connection, only: Sequence[str] | None = None) -> Callable[[Any, str], Source]:
    """RETURNS: a maker of a record row's :class:`Source` (with its document's outlet
    and publication date), given the text it quotes; ``only``: the documents
    whose rows it will see (default: all)."""
    docs = _documents(conn, only)
    offset = _Shared()  # an article's offsets: the same few thousand numbers in every one

    def source(row: Any, text: str) -> Source:
        doc, outlet, published = docs[row.doc]
        start, end = offset[row.start], offset[row.end]
        return Source(doc, outlet, published, start, end, text, row.sentence)

    return source


def read_input(conn: sa.Connection) -> CaseInput:
    """RETURNS (CaseInput): every document's entities, figures, quotes, events, clock times,
    in the order the documents were added (so a new article comes last)."""
    source = sources(conn)
    one = _Shared()  # local ids, dates, units: few values, each read thousands of times

    case = CaseInput()
    case.entities = local_entities(conn, one=one)
    case.figures = _figures(conn, source, one=one)
    claims = schema.claims
    for row in conn.execute(
        sa.select(claims).where(claims.c.kind == "quote").order_by(claims.c.id)
    ):
        case.quotes.append(LocalQuote(source(row, row.text), one[row.speaker]))
    events = schema.events
    for row in conn.execute(sa.select(events).order_by(events.c.id)):
        ids = tuple(map(one.__getitem__, load_list(row.entities)))
        date, date_text = one[row.date], one[row.date_text]
        case.events.append(LocalEvent(date, date_text, row.summary, ids, source(row, "")))
    case.times = clock_times(conn, source, [schema.times.c.value.like(_CLOCK)])
    case.sentence_entities = _sentence_entities(conn, one)
    return case


def clock_times(
    conn: sa.Connection, source: Callable[[Any, str], Source], conditions: Sequence[Any]
) -> list[LocalTime]:
    """RETURNS: the times that ``conditions`` pick, in ``times.id`` order, each with its
    role in a correction note (read from its sentence and the one before)."""
    t, s = schema.times, schema.sentences
    previous = sa.alias(s, "previous")
    query = (
        sa.select(t, s.c.text.label("own"), previous.c.text.label("before"))
        .outerjoin(s, sa.and_(s.c.doc == t.c.doc, s.c.idx == t.c.sentence))
        .outerjoin(previous, sa.and_(previous.c.doc == t.c.doc, previous.c.idx == t.c.sentence - 1))
        .where(*conditions)
        .order_by(t.c.id)
    )
    return [
        LocalTime(source(row, row.text), row.value, correction_role(row.own or "", row.before))
        for row in conn.execute(query)
    ]


def local_entities(
    conn: sa.Connection, doc: str | None = None, *, one: _Shared | None = None
) -> list[LocalEntity]:
    """RETURNS: the document entities of the case (or of ``doc``), in order of arrival;
    ``one``: the strings shared with the other records read."""
    ents, mens, docs = schema.doc_entities, schema.mentions, schema.documents
    # mentions counted per entity through the (doc, entity) index: a join to
    # grouped counts would index all the counts first, on every resolve
    count = (
        sa.select(sa.func.count())
        .where(mens.c.doc == ents.c.doc, mens.c.entity_local_id == ents.c.local_id)
        .scalar_subquery()
    )
    query = (
        sa.select(ents.c.doc, ents.c.local_id, ents.c.name, ents.c.type, ents.c.aliases, count)
        .join(docs, docs.c.id == ents.c.doc)
        .order_by(docs.c.added_at, ents.c.doc, ents.c.idx)
    )
    if doc is not None:
        query = query.where(ents.c.doc == doc)
    one = _Shared() if one is None else one
    return [
        LocalEntity(one[owner], one[local], one[name], one[type_], load_list(aliases), n or 1)
        for owner, local, name, type_, aliases, n in conn.execute(query)
    ]


class _Shared(dict[Any, Any]):
    """One object per distinct value (``shared[value]``): a case names the same
    documents, local ids, names, types, dates and units tens of thousands of
    times, and merging compares and hashes equal objects at once (the database
    hands out a new string for every row). Shared, the 10,000-document case's
    records take a fifth less memory."""

    def __missing__(self, value: Any) -> Any:
        self[value] = value
        return value


def _figures(
    conn: sa.Connection, source: Any, *, with_idx: bool = False, one: _Shared | None = None
) -> list[Any]:
    """Quantities with the words around them in their sentence (and, with
    ``with_idx``, as (idx, figure) pairs); ``one``: the strings shared with the
    other records read."""
    q, s = schema.quantities, schema.sentences
    query = (
        sa.select(q, s.c.start.label("s_start"), s.c.text.label("s_text"))
        .join(s, sa.and_(s.c.doc == q.c.doc, s.c.idx == q.c.sentence))
        .order_by(q.c.id)
    )
    one = _Shared() if one is None else one
    figures = []
    for row in conn.execute(query):
        start, end = row.start - row.s_start, row.end - row.s_start
        before, after = figure_context(row.s_text, start, end)
        figure = Figure(
            source(row, one[row.text]),
            float(row.value),
            one[row.unit],
            one[row.counts],
            one[row.modifier],
            bool(row.approximate),
            before,
            after,
        )
        figures.append((row.idx, figure) if with_idx else figure)
    return figures


def _sentence_entities(conn: sa.Connection, one: _Shared) -> dict[str, dict[int, set[str]]]:
    """doc -> sentence -> entity local ids, for the sentences resolution looks at:
    those that hold a clock time (clock conflicts) or a distinctive figure (undated
    reports linked to the timeline, see ``resolve.case.distinctive``)."""
    t, m, q = schema.times, schema.mentions, schema.quantities
    distinctive = sa.or_(
        sa.and_(q.c.unit.is_not(None), q.c.unit != "", q.c.unit.not_in(sorted(TIME_UNITS))),
        q.c.value >= DISTINCTIVE_COUNT,
    )
    queries = [
        sa.select(m.c.doc, m.c.sentence, m.c.entity_local_id)
        .join(t, sa.and_(t.c.doc == m.c.doc, t.c.sentence == m.c.sentence))
        .where(t.c.value.like(_CLOCK)),
        sa.select(m.c.doc, m.c.sentence, m.c.entity_local_id)
        .join(q, sa.and_(q.c.doc == m.c.doc, q.c.sentence == m.c.sentence))
        .where(distinctive),
    ]
    found: dict[str, dict[int, set[str]]] = {}
    for query in queries:  # no DISTINCT: a sort of every row, where the sets suffice
        for doc, sentence, local in conn.execute(query):
            found.setdefault(doc, {}).setdefault(sentence, set()).add(one[local])
    return found


def document_key_rows(facts: DocumentFacts) -> tuple[list[Row], list[Row]]:
    """RETURNS: ``figure_measures`` and ``quote_keys`` rows for one new document.

    They let a later article find the figures that count the same thing and
    the quotes with the same words without reading the whole case.
    """
    case = input_from_facts([facts])
    measures = [
        {"doc": figure.source.doc, "idx": idx, "measure": measure_scope(key)}
        for idx, figure in enumerate(case.figures)
        if (key := measure_key(figure)) is not None
    ]
    quotes = [
        {"doc": facts.document.id, "idx": idx, "key": words}
        for idx, claim in enumerate(facts.claims)
        if claim.kind == "quote" and (words := quote_key(claim.text)) is not None
    ]
    return measures, quotes


def write_document_keys_for_stored(conn: sa.Connection) -> None:
    """Fill ``figure_measures`` and ``quote_keys`` for every stored document."""
    source = sources(conn)

    measures = [
        {"doc": figure.source.doc, "idx": idx, "measure": measure_scope(key)}
        for idx, figure in _figures(conn, source, with_idx=True)
        if (key := measure_key(figure)) is not None
    ]
    claims = schema.claims
    query = sa.select(claims.c.doc, claims.c.idx, claims.c.text).where(claims.c.kind == "quote")
    quotes = [
        {"doc": doc, "idx": idx, "key": words}
        for doc, idx, text in conn.execute(query)
        if (words := quote_key(text)) is not None
    ]
    for table, rows in ((schema.figure_measures, measures), (schema.quote_keys, quotes)):
        conn.execute(sa.delete(table))
        insert_rows(conn, table, rows)


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


#: The parts of the case-level tables :func:`write_resolution` writes.
PARTS = frozenset({"entities", "timeline", "conflicts"})


def write_resolution(
    conn: sa.Connection, result: CaseResolution, parts: Collection[str] = PARTS
) -> None:
    """Bring the case-level tables to ``result`` (inside the caller's transaction).

    Every table is written as a difference: rows are inserted, updated or
    deleted only where they changed, so re-resolving after an ``add`` touches
    what the new articles changed (entry and conflict ids are stable, see
    :mod:`storyledger.resolve.ids`), not the whole case.
    parts: which of "entities", "timeline", "conflicts" to write.
    """
    if "entities" in parts:
        entities, members = entity_table_rows(result)
        gone_entities = sync_rows(conn, schema.entities, ("id",), entities)
        gone_members = sync_rows(conn, schema.entity_members, ("doc", "local_id"), members)
        delete_keys(conn, schema.entity_members, ("doc", "local_id"), gone_members)
        delete_keys(conn, schema.entities, ("id",), gone_entities)
    if "timeline" in parts:
        write_timeline(conn, result.timeline)
        write_link_state(conn, result.link_state)
    if "conflicts" in parts:
        write_conflicts(conn, result.conflicts)
        states = [
            {"scope": scope, "state": dump_state(state)}
            for scope, state in sorted(result.conflict_states.items())
        ]
        table = schema.conflict_state
        delete_keys(conn, table, ("scope",), sync_rows(conn, table, ("scope",), states))
        signatures = schema.measure_signatures
        key = ("scope", "signature")
        rows = [
            {"scope": scope, "signature": text}
            for scope, texts in result.signatures.items()
            for text in texts
        ]
        delete_keys(conn, signatures, key, sync_rows(conn, signatures, key, rows))


def write_timeline(conn: sa.Connection, timeline: Sequence[TimelineEntry]) -> None:
    """Bring the timeline tables to ``timeline`` (the whole timeline), as a difference."""
    entries, sources, links = timeline_rows(timeline)
    gone_entries = sync_rows(conn, schema.timeline, ("id",), entries)
    for table, key, rows in (
        (schema.timeline_sources, ("entry", "doc", "start"), sources),
        (schema.entity_links, ("entry", "entity"), links),
    ):
        delete_keys(conn, table, key, sync_rows(conn, table, key, rows))
    delete_keys(conn, schema.timeline, ("id",), gone_entries)


def link_state_rows(state: LinkState) -> tuple[list[Row], list[Row]]:
    """RETURNS: ``timeline_figures`` and ``figure_groups`` rows."""
    located = [{"value": v, "unit": u, "entry": entry} for (v, u), entry in state.located]
    groups = [{"value": v, "unit": u, "doc": doc} for (v, u), doc in state.open_groups]
    return located, groups


def write_link_state(conn: sa.Connection, state: LinkState) -> None:
    """Bring ``timeline_figures`` and ``figure_groups`` to ``state``, as a difference."""
    located, groups = link_state_rows(state)
    for table, key, rows in (
        (schema.timeline_figures, ("value", "unit", "entry"), located),
        (schema.figure_groups, ("value", "unit", "doc"), groups),
    ):
        delete_keys(conn, table, key, sync_rows(conn, table, key, rows))


def write_conflicts(conn: sa.Connection, conflicts: Sequence[Conflict]) -> None:
    """Bring the conflict tables to ``conflicts`` (the whole ledger), as a difference."""
    rows, values = conflict_rows(conflicts)
    gone_conflicts = sync_rows(conn, schema.conflicts, ("id",), rows)
    sync_conflict_values(conn, values)
    delete_keys(conn, schema.conflicts, ("id",), gone_conflicts)


Key = tuple[Any, ...]


def sync_rows(
    conn: sa.Connection,
    table: sa.Table,
    key: Sequence[str],
    rows: list[Row],
    where: Sequence[Any] = (),
) -> list[Key]:
    """Insert the new rows of ``rows`` and update the changed ones.

    where: conditions that limit the comparison to a part of the table (the
        rows of some dates, say); rows outside it are left alone.
    RETURNS (list[Key]): the keys of stored rows (within ``where``) that
        ``rows`` no longer holds; the caller deletes them with
        :func:`delete_keys` once nothing refers to them.
    """
    columns = [c.name for c in table.columns]
    stored_key = _tuple_of([columns.index(k) for k in key])
    # rows as the driver gives them (a Row equals the tuple of its values): a
    # full pass compares every row of tables of 100,000
    stored = {
        stored_key(found): found for found in conn.execute(sa.select(*table.columns).where(*where))
    }
    row_key, row_values = _tuple_of(key), _tuple_of(columns)
    wanted = {row_key(r): r for r in rows}
    fresh: list[Row] = []
    changed: list[Row] = []
    for k, r in wanted.items():
        found = stored.get(k)
        if found is None:
            fresh.append(r)
        elif found != row_values(r):
            changed.append(r)
    insert_rows(conn, table, fresh)
    update_rows(conn, table, key, changed)
    return [k for k in stored if k not in wanted]


def _tuple_of(items: Sequence[Any]) -> Callable[[Any], tuple[Any, ...]]:
    """RETURNS: a function giving the tuple of a row's ``items`` (indexes or names)."""
    get = operator.itemgetter(*items)
    if len(items) == 1:
        return lambda row: (get(row),)
    return get


def update_rows(conn: sa.Connection, table: sa.Table, key: Sequence[str], rows: list[Row]) -> None:
    """Set, on the row of ``table`` with each row's ``key``, the other columns the
    rows hold (every row holds the same columns), in one batch."""
    if not rows:
        return
    columns = [c for c in rows[0] if c not in key]
    where = [table.c[k] == sa.bindparam(f"k_{k}") for k in key]
    update = sa.update(table).where(*where).values({c: sa.bindparam(f"v_{c}") for c in columns})
    params = [{**{f"k_{k}": r[k] for k in key}, **{f"v_{c}": r[c] for c in columns}} for r in rows]
    conn.execute(update, params)


def delete_keys(conn: sa.Connection, table: sa.Table, key: Sequence[str], keys: list[Key]) -> None:
    """Delete the rows of ``table`` whose ``key`` columns hold one of ``keys``."""
    if keys:
        where = [table.c[k] == sa.bindparam(f"k_{k}") for k in key]
        params = [{f"k_{k}": v for k, v in zip(key, values, strict=True)} for values in keys]
        conn.execute(sa.delete(table).where(*where), params)


def sync_conflict_values(
    conn: sa.Connection, rows: list[Row], conflicts: Sequence[str] | None = None
) -> None:
    """Make ``conflict_values`` hold ``rows``, as sets: a new value is one insert.

    Values have no key of their own and no stored order (readers sort them, see
    :func:`storyledger.store.case_views.ordered_values`), so a value that a new
    article adds to a conflict of thousands is written alone.
    conflicts: limit the comparison to these conflict ids (None: all).
    """
    table = schema.conflict_values
    columns = [c.name for c in table.columns if c.name != "id"]
    query = sa.select(table.c.id, *(table.c[c] for c in columns))
    scoped = (
        [query]
        if conflicts is None
        else [query.where(table.c.conflict.in_(chunk)) for chunk in chunks(list(conflicts))]
    )
    stored: dict[Key, list[int]] = {}
    for found in (row for part in scoped for row in conn.execute(part)):
        stored.setdefault(tuple(found)[1:], []).append(found.id)
    fresh: list[Row] = []
    for row in rows:
        ids = stored.get(tuple(row[c] for c in columns))
        if ids:
            ids.pop()
        else:
            fresh.append(row)
    delete_keys(conn, table, ("id",), [(i,) for ids in stored.values() for i in ids])
    insert_rows(conn, table, fresh)


def entity_table_rows(result: CaseResolution) -> tuple[list[Row], list[Row]]:
    """RETURNS: the ``entities`` and ``entity_members`` rows of a resolution."""
    entities = [
        {
            "id": e.id,
            "name": e.name,
            "type": e.type,
            "aliases": dump_list(e.aliases),
            "merged_because": dump_list(e.merged_because),
            "mentions": sum(m.mentions for m in e.local),
            "documents": len({m.doc for m in e.local}),
        }
        for e in result.entities
    ]
    members = [
        {"entity": e.id, "doc": m.doc, "local_id": m.local_id, "reason": m.reason}
        for e in result.entities
        for m in e.members
    ]
    return entities, members


def timeline_rows(
    timeline: Sequence[TimelineEntry],
) -> tuple[list[Row], list[Row], list[Row]]:
    """RETURNS: rows for ``timeline`` (position counts within the date),
    ``timeline_sources`` and ``timeline_entities``."""
    entries: list[Row] = []
    sources: list[Row] = []
    links: list[Row] = []
    for position, entry in positions_by_date(timeline):
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
            sources.append(source_row(entry.id, event))
    return entries, sources, links


def source_row(entry: str, event: DatedEvent) -> Row:
    """RETURNS (Row): the ``timeline_sources`` row of one event (or linked report) of an entry."""
    return {
        "entry": entry,
        "doc": event.source.doc,
        "start": event.source.start,
        "end": event.source.end,
        "sentence": event.source.sentence,
        "date_text": event.date_text,
        "summary": event.summary,
    }


def positions_by_date(entries: Sequence[TimelineEntry]) -> Iterable[tuple[int, TimelineEntry]]:
    """(rank among the entries of the same date, entry): an entry added on one
    date leaves the positions of every other date as they were."""
    date, position = None, 0
    for entry in entries:
        position = position + 1 if entry.date == date else 0
        date = entry.date
        yield position, entry


def conflict_rows(ledger: Sequence[Conflict]) -> tuple[list[Row], list[Row]]:
    conflicts, values = [], []
    for position, conflict in enumerate(ledger):
        conflicts.append(
            {
                "id": conflict.id,
                "position": position,
                "topic": conflict.topic,
                "kind": conflict.kind,
                "severity": conflict.severity,
                "scope": conflict.scope,
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


def insert_rows(conn: sa.Connection, table: sa.Table, rows: Iterable[Row]) -> None:
    """Insert ``rows`` into ``table`` in one batch (nothing when there are none)."""
    rows = list(rows)
    if rows:
        conn.execute(sa.insert(table), rows)
