"""Bringing the timeline up to date for new documents, as the full pass would write it.

Two parts of the timeline depend on a document (see
:func:`storyledger.resolve.case.resolve`):

- the entries of the dates its events report; the entries of a date come
  from the events of that date alone, and every other date stays as it is.
  When the new events come after every stored event of their date (the usual
  case: news arrives in order of publication) and each names an entity that
  one stored entry of the date holds, they join that entry, as the full pass
  would place them, without reading the date's other events. Otherwise the
  date is rebuilt from every event it holds (read by date);
- the undated figures linked to entries (:func:`link_undated`). Each figure
  key (value, unit) is linked on its own, so only the keys of the new
  documents' figures and of the figures in the rebuilt dates' sentences are
  linked again, from every figure with that key (read by value and unit).

Preconditions (step 2 of an incremental update, see
:mod:`storyledger.store.incremental`): the entity tables are final for every
document, old documents' entities keep their case entities and types, and the
timeline tables hold what the full pass wrote for the old documents. Every
read goes through an index; the writes are differences scoped to the rebuilt
dates and to the relinked figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from storyledger.resolve.case import PLACE_TYPES, distinctive, excerpt, figure_context
from storyledger.resolve.conflicts import Figure, Source
from storyledger.resolve.timeline import (
    DatedEvent,
    FigureMention,
    TimelineEntry,
    build_timeline,
    link_undated,
)
from storyledger.store import schema
from storyledger.store.case import (
    delete_keys,
    positions_by_date,
    source_row,
    sync_rows,
    timeline_rows,
)
from storyledger.store.records import Row, chunks, dump_list, load_list

Where = tuple[str, int]
FigureKey = tuple[float, str]
_NOWHERE = Source("", None, None, 0, 0, "", 0)


def update_timeline(conn: sa.Connection, new_docs: Sequence[str]) -> None:
    """Rewrite the timeline where ``new_docs`` change it (inside the caller's transaction).

    new_docs: ids of the documents stored since the timeline was last written.
    """
    docs = list(new_docs)
    events = schema.events
    new: dict[str, list[DatedEvent]] = {}
    for event in _events(conn, ([events.c.doc.in_(part)] for part in chunks(docs))):
        new.setdefault(event.date, []).append(event)
    stored = _stored_entries(conn, set(new))
    joined: dict[str, list[DatedEvent]] = {}
    dates: set[str] = set()  # the dates rebuilt
    for date, found in new.items():
        placed = _append(conn, date, found, stored.get(date, []), docs)
        if placed is None:
            dates.add(date)
        else:
            joined.update(placed)
    widened = _write_appended(conn, {e.id: e for s in stored.values() for e in s}, joined)
    rebuilt = build_timeline(
        _events(conn, ([events.c.date.in_(part)] for part in chunks(sorted(dates))))
    )
    places = {(s.source.doc, s.source.sentence) for e in rebuilt for s in e.sources}
    places |= _dated_sentences(conn, widened)
    figures = _figures(conn, _affected_keys(conn, docs, places))
    linked = _link(conn, dates, rebuilt, figures)
    in_dates = [e for e in linked if e.date in dates]
    elsewhere = [e for e in linked if e.date not in dates]
    for part in chunks(sorted(dates)):
        chosen = set(part)
        _write_dates(conn, part, [e for e in in_dates if e.date in chosen])
    _write_links_elsewhere(conn, dates, figures, elsewhere)


# -- the events of the new documents' dates ---------------------------------------


def _events(conn: sa.Connection, selections: Iterable[list[Any]]) -> list[DatedEvent]:
    """RETURNS: the events each selection (conditions on ``events``) picks, in the order
    the full pass reads them, with their case entities (places left out)."""
    events, docs = schema.events, schema.documents
    rows: list[Any] = []
    for conditions in selections:
        query = (
            sa.select(
                events.c.id,
                events.c.doc,
                events.c.start,
                events.c.end,
                events.c.sentence,
                events.c.date,
                events.c.date_text,
                events.c.summary,
                events.c.entities,
                docs.c.outlet,
                docs.c.published,
            )
            .join(docs, docs.c.id == events.c.doc)
            .where(*conditions)
        )
        rows.extend(conn.execute(query))
    rows.sort(key=lambda row: row.id)  # insertion order
    local = [(row.doc, load_list(row.entities)) for row in rows]
    case_of = _case_entities(conn, {(doc, e) for doc, ids in local for e in ids})
    return [
        DatedEvent(
            row.date,
            row.date_text,
            row.summary,
            frozenset(case_of[(doc, e)] for e in ids if (doc, e) in case_of),
            Source(row.doc, row.outlet, row.published, row.start, row.end, "", row.sentence),
        )
        for row, (doc, ids) in zip(rows, local, strict=True)
    ]


def _case_entities(conn: sa.Connection, keys: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """RETURNS: (doc, local id) -> case entity id, for the keys whose case entity is
    not a place (places do not join events, as in ``resolve``)."""
    members, entities = schema.entity_members, schema.entities
    found: dict[tuple[str, str], str] = {}
    for part in chunks(sorted({doc for doc, _ in keys})):
        query = (
            sa.select(members.c.doc, members.c.local_id, members.c.entity)
            .join(entities, entities.c.id == members.c.entity)
            .where(members.c.doc.in_(part), entities.c.type.not_in(sorted(PLACE_TYPES)))
        )
        found.update(
            ((doc, local), entity)
            for doc, local, entity in conn.execute(query)
            if (doc, local) in keys
        )
    return found


# -- new events that join stored entries --------------------------------------------


@dataclass(frozen=True, slots=True)
class _Stored:
    """A stored timeline entry, as far as new events joining it change it."""

    id: str
    entities: tuple[str, ...]


def _stored_entries(conn: sa.Connection, dates: set[str]) -> dict[str, list[_Stored]]:
    """RETURNS: date -> the stored entries of that date."""
    t = schema.timeline
    found: dict[str, list[_Stored]] = {}
    for part in chunks(sorted(dates)):
        query = sa.select(t.c.id, t.c.date, t.c.entities).where(t.c.date.in_(part))
        for entry, date, entities in conn.execute(query):
            found.setdefault(date, []).append(_Stored(entry, load_list(entities)))
    return found


def _order(event: DatedEvent) -> tuple[str, str]:
    """Where an event comes within its date in ``build_timeline``."""
    return event.source.published or "9999", event.source.doc


def _append(
    conn: sa.Connection,
    date: str,
    events: list[DatedEvent],
    entries: list[_Stored],
    new_docs: list[str],
) -> dict[str, list[DatedEvent]] | None:
    """Place the new ``events`` of ``date`` as ``build_timeline`` would, when that needs
    no other event of the date: they come after every stored event, and each names an
    entity that exactly one entry holds (then it joins that entry, whatever its words).

    RETURNS: entry id -> the new events that join it, in order; None when the
        date must be rebuilt.
    """
    events = sorted(events, key=_order)  # stable: insertion order among equals
    if not entries or _last_stored(conn, date, new_docs) >= _order(events[0]):
        return None
    holders: dict[str, list[str]] = {}
    for entry in entries:
        for entity in entry.entities:
            holders.setdefault(entity, []).append(entry.id)
    added: dict[str, str] = {}  # entities the new events bring: the entry first naming them
    placed: dict[str, list[DatedEvent]] = {}
    for event in events:
        first = next((e for e in sorted(event.entities) if e in holders or e in added), None)
        if first is None or len(holders.get(first, ())) > 1:
            return None  # its words decide, or one of several entries: rebuild
        target = holders[first][0] if first in holders else added[first]
        placed.setdefault(target, []).append(event)
        for entity in event.entities:
            if entity not in holders:
                added.setdefault(entity, target)
    return placed


def _last_stored(conn: sa.Connection, date: str, new_docs: list[str]) -> tuple[str, str]:
    """RETURNS: the ``_order`` of the last stored event of ``date`` (compared as Python
    compares strings: code points, the "C" collation)."""
    events, docs = schema.events, schema.documents
    published = sa.func.coalesce(docs.c.published, "9999")
    collation = "C" if conn.dialect.name == "postgresql" else "BINARY"
    query = (
        sa.select(published, events.c.doc)
        .join(docs, docs.c.id == events.c.doc)
        .where(events.c.date == date, events.c.doc.not_in(new_docs))
        .order_by(
            sa.collate(published, collation).desc(), sa.collate(events.c.doc, collation).desc()
        )
        .limit(1)
    )
    last = conn.execute(query).first()
    return ("", "") if last is None else (last[0], last[1])


def _write_appended(
    conn: sa.Connection, stored: dict[str, _Stored], joined: dict[str, list[DatedEvent]]
) -> set[str]:
    """Add the ``joined`` events to their stored entries: sources and entities. Their
    first report stays: the new events come after every stored one of their date.

    RETURNS: the ids of the entries that now name more entities.
    """
    t = schema.timeline
    sources: list[Row] = []
    links: list[Row] = []
    widened: dict[str, tuple[str, ...]] = {}
    for entry_id, events in joined.items():
        entry = stored[entry_id]
        seen: set[tuple[str, int]] = set()
        for event in events:
            if (event.source.doc, event.source.start) not in seen:
                seen.add((event.source.doc, event.source.start))
                sources.append(source_row(entry_id, event))
        entities = tuple(sorted({*entry.entities, *(e for ev in events for e in ev.entities)}))
        if entities != entry.entities:
            widened[entry_id] = entities
            links.extend(
                {"entry": entry_id, "entity": e} for e in entities if e not in entry.entities
            )
    for table, rows in ((schema.timeline_sources, sources), (schema.entity_links, links)):
        if rows:
            conn.execute(sa.insert(table), rows)
    if widened:
        update = (
            sa.update(t)
            .where(t.c.id == sa.bindparam("v_id"))
            .values(entities=sa.bindparam("v_entities"))
        )
        conn.execute(update, [{"v_id": i, "v_entities": dump_list(e)} for i, e in widened.items()])
    return set(widened)


def _dated_sentences(conn: sa.Connection, entries: set[str]) -> set[Where]:
    """RETURNS: the (doc, sentence) of the dated sources of ``entries``."""
    ts = schema.timeline_sources
    return {
        (doc, sentence)
        for part in chunks(sorted(entries))
        for doc, sentence in conn.execute(
            sa.select(ts.c.doc, ts.c.sentence).where(ts.c.entry.in_(part), ts.c.date_text != "")
        )
    }


# -- undated figures --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Figure:
    """A distinctive figure whose sentence names entities, as ``link_undated`` reads it."""

    mention: FigureMention

    @property
    def where(self) -> Where:
        source = self.mention.event.source
        return source.doc, source.sentence

    @property
    def span(self) -> tuple[str, int, int]:
        source = self.mention.event.source
        return source.doc, source.start, source.end


def _key(value: float, unit: str | None) -> FigureKey | None:
    """The figure key of a quantity, by the rule of :func:`distinctive`."""
    return distinctive(Figure(_NOWHERE, float(value), unit, None, None, False))


def _named(q: sa.Table) -> list[Any]:
    """Conditions on ``quantities``: the figure's sentence names some entity, as
    ``link_undated`` needs (the full pass reads the entities of every sentence
    with a distinctive figure, ``store.case.read_input``)."""
    mentions = schema.mentions
    return [sa.exists().where(mentions.c.doc == q.c.doc, mentions.c.sentence == q.c.sentence)]


def _at_sentences(doc: Any, sentence: Any, places: Iterable[Where]) -> Iterable[list[Any]]:
    """Conditions selecting (a superset of) the rows at ``places``, chunk by chunk,
    through a (doc, sentence) index; callers keep the exact places."""
    by_doc: dict[str, set[int]] = {}
    for d, s in places:
        by_doc.setdefault(d, set()).add(s)
    for part in chunks(sorted(by_doc)):
        sentences = sorted({s for d in part for s in by_doc[d]})
        yield [doc.in_(part), sentence.in_(sentences)]


def _affected_keys(conn: sa.Connection, new_docs: list[str], located: set[Where]) -> set[FigureKey]:
    """RETURNS: the keys of the figures in ``new_docs`` and at ``located`` (the dated
    sentences of the entries that changed more than by new sources): the keys whose
    links may change."""
    q = schema.quantities
    found: set[FigureKey] = set()

    def add(conditions: list[Any], keep: set[Where] | None) -> None:
        query = sa.select(q.c.doc, q.c.sentence, q.c.value, q.c.unit).where(*conditions, *_named(q))
        for doc, sentence, value, unit in conn.execute(query):
            if (keep is None or (doc, sentence) in keep) and (key := _key(value, unit)):
                found.add(key)

    for part in chunks(new_docs):
        add([q.c.doc.in_(part)], None)
    for conditions in _at_sentences(q.c.doc, q.c.sentence, located):
        add(conditions, located)
    return found


#: Figure keys per query: each is one (value, unit) condition.
KEYS_PER_QUERY = 100


def _figures(conn: sa.Connection, keys: set[FigureKey]) -> list[_Figure]:
    """RETURNS: every figure with one of ``keys`` whose sentence names entities, in the
    order the full pass reads them, as ``link_undated`` gets them."""
    q, s, d = schema.quantities, schema.sentences, schema.documents
    ordered = sorted(keys)
    rows: list[Any] = []
    for n in range(0, len(ordered), KEYS_PER_QUERY):
        part = ordered[n : n + KEYS_PER_QUERY]
        query = (
            sa.select(
                q.c.id,
                q.c.doc,
                q.c.start,
                q.c.end,
                q.c.sentence,
                q.c.text,
                q.c.value,
                q.c.unit,
                s.c.start.label("s_start"),
                s.c.text.label("s_text"),
                d.c.outlet,
                d.c.published,
            )
            .join(s, sa.and_(s.c.doc == q.c.doc, s.c.idx == q.c.sentence))
            .join(d, d.c.id == q.c.doc)
            .where(sa.or_(*(_has_key(q, key) for key in part)), *_named(q))
        )
        rows.extend(
            (key, row) for row in conn.execute(query) if (key := _key(row.value, row.unit)) in keys
        )
    rows.sort(key=lambda keyed: keyed[1].id)  # the full pass reads quantities in insertion order
    named = _sentence_entities(conn, {(row.doc, row.sentence) for _, row in rows})
    figures = []
    for key, row in rows:
        before, after = figure_context(row.s_text, row.start - row.s_start, row.end - row.s_start)
        source = Source(
            row.doc, row.outlet, row.published, row.start, row.end, row.text, row.sentence
        )
        figure = Figure(source, float(row.value), row.unit, None, None, False, before, after)
        entities = named.get((row.doc, row.sentence), frozenset())
        event = DatedEvent("", "", excerpt(figure), entities, source)
        figures.append(_Figure(FigureMention(key, event)))
    return figures


def _has_key(q: sa.Table, key: FigureKey) -> Any:
    """The condition on ``quantities`` for one figure key (no unit: NULL or empty)."""
    value, unit = key
    if unit:
        return sa.and_(q.c.value == value, q.c.unit == unit)
    return sa.and_(q.c.value == value, sa.or_(q.c.unit.is_(None), q.c.unit == ""))


def _sentence_entities(conn: sa.Connection, places: set[Where]) -> dict[Where, frozenset[str]]:
    """RETURNS: (doc, sentence) -> the non-place case entities named there."""
    m, members, entities = schema.mentions, schema.entity_members, schema.entities
    found: dict[Where, set[str]] = {}
    for conditions in _at_sentences(m.c.doc, m.c.sentence, places):
        query = (
            sa.select(m.c.doc, m.c.sentence, members.c.entity)
            .join(
                members,
                sa.and_(members.c.doc == m.c.doc, members.c.local_id == m.c.entity_local_id),
            )
            .join(entities, entities.c.id == members.c.entity)
            .where(*conditions, entities.c.type.not_in(sorted(PLACE_TYPES)))
        )
        for doc, sentence, entity in conn.execute(query):
            if (doc, sentence) in places:
                found.setdefault((doc, sentence), set()).add(entity)
    return {where: frozenset(ids) for where, ids in found.items()}


def _link(
    conn: sa.Connection, dates: set[str], rebuilt: list[TimelineEntry], figures: list[_Figure]
) -> list[TimelineEntry]:
    """RETURNS: the rebuilt entries, and the other entries with a dated source in a
    figure's sentence, after linking ``figures`` (their keys' every figure)."""
    if not figures:
        return rebuilt
    placed = [(e.date, n, e) for n, e in positions_by_date(rebuilt)]
    placed += _entries_at(conn, dates, {f.where for f in figures})
    placed.sort(key=lambda p: (p[0], p[1]))
    return link_undated([e for _, _, e in placed], (f.mention for f in figures))


def _entries_at(
    conn: sa.Connection, dates: set[str], places: set[Where]
) -> list[tuple[str, int, TimelineEntry]]:
    """RETURNS: (date, position, entry with its dated sources) for the stored entries
    outside ``dates`` that have a dated source at one of ``places``."""
    t, ts = schema.timeline, schema.timeline_sources
    ids: set[str] = set()
    for conditions in _at_sentences(ts.c.doc, ts.c.sentence, places):
        query = (
            sa.select(ts.c.entry, ts.c.doc, ts.c.sentence, t.c.date)
            .join(t, t.c.id == ts.c.entry)
            .where(*conditions, ts.c.date_text != "")
        )
        ids.update(
            entry
            for entry, doc, sentence, date in conn.execute(query)
            if (doc, sentence) in places and date not in dates
        )
    sources: dict[str, list[DatedEvent]] = {}
    found = []
    for part in chunks(sorted(ids)):
        query = sa.select(ts).where(ts.c.entry.in_(part), ts.c.date_text != "")
        for row in conn.execute(query):
            source = Source(row.doc, None, None, row.start, row.end, "", row.sentence)
            event = DatedEvent("", row.date_text, row.summary, frozenset(), source)
            sources.setdefault(row.entry, []).append(event)
        for row in conn.execute(sa.select(t).where(t.c.id.in_(part))):
            entities = tuple(load_list(row.entities))
            entry = TimelineEntry(row.id, row.date, row.summary, entities, ())
            found.append((row.date, row.position, entry))
    return [
        (date, position, _with_sources(entry, sources.get(entry.id, [])))
        for date, position, entry in found
    ]


def _with_sources(entry: TimelineEntry, sources: list[DatedEvent]) -> TimelineEntry:
    return TimelineEntry(entry.id, entry.date, entry.summary, entry.entities, tuple(sources))


# -- writing ----------------------------------------------------------------------


def _write_dates(conn: sa.Connection, dates: list[str], entries: list[TimelineEntry]) -> None:
    """Bring the entries of ``dates`` (with their sources and entities) to ``entries``."""
    t = schema.timeline
    entry_rows, source_rows, link_rows = timeline_rows(entries)
    gone = sync_rows(conn, t, ("id",), entry_rows, where=[t.c.date.in_(dates)])
    of_dates = sa.select(t.c.id).where(t.c.date.in_(dates))  # old and new entries alike
    for table, key, rows in (
        (schema.timeline_sources, ("entry", "doc", "start"), source_rows),
        (schema.entity_links, ("entry", "entity"), link_rows),
    ):
        stale = sync_rows(conn, table, key, rows, where=[table.c.entry.in_(of_dates)])
        delete_keys(conn, table, key, stale)
    delete_keys(conn, t, ("id",), gone)


def _write_links_elsewhere(
    conn: sa.Connection, dates: set[str], figures: list[_Figure], entries: list[TimelineEntry]
) -> None:
    """Bring the linked sources of ``figures`` on entries outside ``dates`` to what
    ``entries`` (those entries, linked again) hold, and their first report with them."""
    if not figures:
        return
    _, source_rows, _ = timeline_rows(entries)
    wanted = {_source_key(r): r for r in source_rows if r["date_text"] == ""}
    stored = _stored_links(conn, dates, figures)
    columns = [c.name for c in schema.timeline_sources.columns]
    gone = [k for k in stored if k not in wanted]
    fresh = [r for k, r in wanted.items() if k not in stored]
    changed = [
        r for k, r in wanted.items() if k in stored and stored[k] != {c: r[c] for c in columns}
    ]
    table = schema.timeline_sources
    delete_keys(conn, table, ("entry", "doc", "start"), [*gone, *map(_source_key, changed)])
    if fresh or changed:
        conn.execute(sa.insert(table), [*fresh, *changed])
    _update_first_reported(conn, {k[0] for k in [*gone, *map(_source_key, fresh)]})


def _source_key(row: Row) -> tuple[str, str, int]:
    return row["entry"], row["doc"], row["start"]


def _stored_links(
    conn: sa.Connection, dates: set[str], figures: list[_Figure]
) -> dict[tuple[str, str, int], Row]:
    """RETURNS: the stored linked sources of ``figures`` on entries outside ``dates``."""
    t, ts = schema.timeline, schema.timeline_sources
    spans = {f.span for f in figures}
    found: dict[tuple[str, str, int], Row] = {}
    for conditions in _at_sentences(ts.c.doc, ts.c.sentence, {f.where for f in figures}):
        query = (
            sa.select(ts, t.c.date.label("entry_date"))
            .join(t, t.c.id == ts.c.entry)
            .where(*conditions, ts.c.date_text == "")
        )
        for row in conn.execute(query).mappings():
            if (row["doc"], row["start"], row["end"]) in spans and row["entry_date"] not in dates:
                stored = {c.name: row[c.name] for c in ts.columns}
                found[_source_key(stored)] = stored
    return found


def _update_first_reported(conn: sa.Connection, ids: set[str]) -> None:
    """Set ``first_reported`` of the entries ``ids`` from their sources, as
    ``timeline_rows`` computes it."""
    t, ts, d = schema.timeline, schema.timeline_sources, schema.documents
    first: dict[str, str] = {}
    stored: dict[str, str | None] = {}
    for part in chunks(sorted(ids)):
        query = (
            sa.select(ts.c.entry, d.c.published)
            .join(d, d.c.id == ts.c.doc)
            .where(ts.c.entry.in_(part))
        )
        for entry, published in conn.execute(query):
            first[entry] = min(first.get(entry, "9999"), published or "9999")
        query = sa.select(t.c.id, t.c.first_reported).where(t.c.id.in_(part))
        stored.update((entry, value) for entry, value in conn.execute(query))
    changed = [
        {"v_id": entry, "v_first": None if value == "9999" else value}
        for entry, value in first.items()
        if stored.get(entry) != (None if value == "9999" else value)
    ]
    if changed:
        update = (
            sa.update(t)
            .where(t.c.id == sa.bindparam("v_id"))
            .values(first_reported=sa.bindparam("v_first"))
        )
        conn.execute(update, changed)
