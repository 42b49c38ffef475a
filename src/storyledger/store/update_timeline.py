"""Bringing the timeline up to date for new documents, as the full pass would write it.

Two parts of the timeline depend on a document (see
:func:`storyledger.resolve.case.resolve`):

- the entries of the dates its events report. ``build_timeline`` places events
  in order of arrival, and new documents arrive after every stored one, so
  their events only join stored entries or start new ones after them
  (:func:`extend_day`): which entry an event joins depends only on the
  entries' entities, positions and summaries, all read from the stored
  entries;
- the undated figures linked to entries (:func:`link_figures`), in (figure
  key, document) groups that never affect each other. The new documents'
  groups are linked against the entries that date their key
  (``timeline_figures``); a stored group is linked again only when it is open
  (``figure_groups``: more candidate entries could change its links) and an
  entry that newly dates its key, or names more entities, names one of its
  entities (:func:`_relink`).

Preconditions (step 2 of an incremental update, see
:mod:`storyledger.store.incremental`): the entity tables are final for every
document, old documents' entities keep their case entities and types, and the
timeline tables hold what the full pass wrote for the old documents. Every
read goes through an index; the writes touch only the entries that change.
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
    StoredEntry,
    TimelineEntry,
    entry_ids,
    extend_day,
    link_group,
)
from storyledger.store import schema
from storyledger.store.case import (
    delete_keys,
    insert_rows,
    source_row,
    timeline_rows,
    update_rows,
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
    new = _events(conn, ([schema.events.c.doc.in_(part)] for part in chunks(docs)))
    by_date: dict[str, list[DatedEvent]] = {}
    for event in new:
        by_date.setdefault(event.date, []).append(event)
    stored = _stored_entries(conn, set(by_date))
    ids = entry_ids()
    joined: dict[str, list[DatedEvent]] = {}
    started: list[tuple[int, TimelineEntry]] = []
    for date in sorted(by_date):
        entries = stored.get(date, [])
        day = extend_day(date, [e.entry for e in entries], by_date[date], ids)
        joined.update(day.joined)
        started.extend((len(entries) + n, entry) for n, entry in enumerate(day.started))
    widened = _write_joined(conn, {e.entry.id: e for s in stored.values() for e in s}, joined)
    _write_started(conn, started)
    places = _new_places(joined, started)
    _relink(conn, docs, _locate(conn, places, widened), set(places))


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


# -- new events that join stored entries or start new ones --------------------------


@dataclass(frozen=True, slots=True)
class _Stored:
    """A stored timeline entry, as far as new events joining it change it."""

    entry: StoredEntry
    first_reported: str | None


def _stored_entries(conn: sa.Connection, dates: set[str]) -> dict[str, list[_Stored]]:
    """RETURNS: date -> the stored entries of that date, in position order."""
    t = schema.timeline
    rows: dict[str, list[Any]] = {}
    for part in chunks(sorted(dates)):
        query = sa.select(
            t.c.id, t.c.date, t.c.position, t.c.entities, t.c.summary, t.c.first_reported
        )
        for row in conn.execute(query.where(t.c.date.in_(part))):
            rows.setdefault(row.date, []).append(row)
    return {
        date: [
            _Stored(
                StoredEntry(row.id, tuple(load_list(row.entities)), row.summary),
                row.first_reported,
            )
            for row in sorted(found, key=lambda row: row.position)
        ]
        for date, found in rows.items()
    }


def _earliest(first: str | None, events: Iterable[DatedEvent]) -> str | None:
    """RETURNS: the earliest publication date among ``first`` and the events' (None: none)."""
    value = min([first or "9999", *(e.source.published or "9999" for e in events)])
    return None if value == "9999" else value


def _write_joined(
    conn: sa.Connection, stored: dict[str, _Stored], joined: dict[str, list[DatedEvent]]
) -> set[str]:
    """Add the ``joined`` events to their stored entries: sources, entities, first report.

    RETURNS: the ids of the entries that now name more entities.
    """
    sources: list[Row] = []
    links: list[Row] = []
    changes: list[Row] = []
    widened: set[str] = set()
    for entry_id, events in joined.items():
        old = stored[entry_id]
        seen: set[tuple[str, int]] = set()
        for event in events:
            if (event.source.doc, event.source.start) not in seen:
                seen.add((event.source.doc, event.source.start))
                sources.append(source_row(entry_id, event))
        had = old.entry.entities
        entities = tuple(sorted({*had, *(e for ev in events for e in ev.entities)}))
        links.extend({"entry": entry_id, "entity": e} for e in entities if e not in had)
        first = _earliest(old.first_reported, events)
        if entities != had or first != old.first_reported:
            changes.append(
                {"id": entry_id, "entities": dump_list(entities), "first_reported": first}
            )
        if entities != had:
            widened.add(entry_id)
    for table, rows in ((schema.timeline_sources, sources), (schema.entity_links, links)):
        insert_rows(conn, table, rows)
    update_rows(conn, schema.timeline, ("id",), changes)
    return widened


def _write_started(conn: sa.Connection, started: list[tuple[int, TimelineEntry]]) -> None:
    """Insert the new entries (each at its position within its date), their sources
    and entity links."""
    if not started:
        return
    entries, sources, links = timeline_rows([entry for _, entry in started])
    for row, (position, _) in zip(entries, started, strict=True):
        row["position"] = position
    for table, rows in (
        (schema.timeline, entries),
        (schema.timeline_sources, sources),
        (schema.entity_links, links),
    ):
        insert_rows(conn, table, rows)


# -- undated figures --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Figure:
    """A distinctive figure whose sentence names entities, as ``link_figures`` reads it."""

    mention: FigureMention
    published: str | None

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


def _named(q: Any) -> list[Any]:
    """Conditions on ``quantities``: the figure's sentence names some entity, as
    ``link_figures`` needs (the full pass reads the entities of every sentence
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


def _keys_by_place(conn: sa.Connection, places: set[Where]) -> dict[Where, set[FigureKey]]:
    """RETURNS: (doc, sentence) -> the keys of the figures there whose sentence names
    entities, for ``places``."""
    q = schema.quantities
    found: dict[Where, set[FigureKey]] = {}
    for conditions in _at_sentences(q.c.doc, q.c.sentence, places):
        query = sa.select(q.c.doc, q.c.sentence, q.c.value, q.c.unit).where(*conditions, *_named(q))
        for doc, sentence, value, unit in conn.execute(query):
            if (doc, sentence) in places and (key := _key(value, unit)):
                found.setdefault((doc, sentence), set()).add(key)
    return found


def _of_groups(key: FigureKey, docs: Sequence[str]) -> Iterable[tuple[list[Any], set[FigureKey]]]:
    """Selections of ``_figures``: the figures of ``key`` in ``docs``."""
    for part in chunks(list(docs)):
        yield [schema.quantities.c.doc.in_(part), _has_key(schema.quantities, key)], {key}


def _in_docs(docs: list[str]) -> Iterable[tuple[list[Any], None]]:
    """Selections of ``_figures``: the distinctive figures of ``docs``."""
    for part in chunks(docs):
        yield [schema.quantities.c.doc.in_(part)], None


def _figures(
    conn: sa.Connection, selections: Iterable[tuple[list[Any], set[FigureKey] | None]]
) -> list[_Figure]:
    """RETURNS: the distinctive figures each selection picks (conditions on
    ``quantities``, and the keys to keep or None for any) whose sentence names
    entities, in the order the full pass reads them, as ``link_undated`` gets them."""
    q, s, d = schema.quantities, schema.sentences, schema.documents
    rows: list[Any] = []
    for conditions, keys in selections:
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
            .where(*conditions, *_named(q))
        )
        rows.extend(
            (key, row)
            for row in conn.execute(query)
            if (key := _key(row.value, row.unit)) and (keys is None or key in keys)
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
        figures.append(_Figure(FigureMention(key, event), row.published))
    return figures


def _has_key(q: Any, key: FigureKey) -> Any:
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


# -- where figures may link: the entries that date their keys -----------------------


def _new_places(
    joined: dict[str, list[DatedEvent]], started: list[tuple[int, TimelineEntry]]
) -> dict[Where, set[str]]:
    """RETURNS: (doc, sentence) -> the entries the new dated events there joined or started."""
    places: dict[Where, set[str]] = {}
    events = [(entry, e) for entry, found in joined.items() for e in found]
    events += [(entry.id, e) for _, entry in started for e in entry.sources]
    for entry, event in events:
        places.setdefault((event.source.doc, event.source.sentence), set()).add(entry)
    return places


def _locate(
    conn: sa.Connection, places: dict[Where, set[str]], widened: set[str]
) -> dict[FigureKey, set[str]]:
    """Add to ``timeline_figures`` the keys the new dated sentences hold.

    RETURNS: figure key -> the entities of the entries that now date it or name
        more entities: the entities whose figures' links may change.
    """
    tf = schema.timeline_figures
    pairs = {
        (key, entry)
        for where, keys in _keys_by_place(conn, set(places)).items()
        for key in keys
        for entry in places[where]
    }
    entries = sorted({entry for _, entry in pairs} | widened)
    stored: set[tuple[FigureKey, str]] = set()
    for part in chunks(entries):
        query = sa.select(tf.c.value, tf.c.unit, tf.c.entry).where(tf.c.entry.in_(part))
        stored.update(((value, unit), entry) for value, unit, entry in conn.execute(query))
    fresh = sorted(pairs - stored)
    if fresh:
        rows = [{"value": v, "unit": u, "entry": entry} for (v, u), entry in fresh]
        conn.execute(sa.insert(tf), rows)
    changed = [*fresh, *((key, entry) for key, entry in stored if entry in widened)]
    entities = _entry_entities(conn, {entry for _, entry in changed})
    found: dict[FigureKey, set[str]] = {}
    for key, entry in changed:
        found.setdefault(key, set()).update(entities.get(entry, ()))
    return found


def _entry_entities(conn: sa.Connection, entries: set[str]) -> dict[str, tuple[str, ...]]:
    t = schema.timeline
    return {
        entry: load_list(entities)
        for part in chunks(sorted(entries))
        for entry, entities in conn.execute(sa.select(t.c.id, t.c.entities).where(t.c.id.in_(part)))
    }


# -- relinking the groups of figures that may change --------------------------------


def _relink(
    conn: sa.Connection, docs: list[str], changed: dict[FigureKey, set[str]], dated: set[Where]
) -> None:
    """Link again every (key, document) group of figures whose links may change:
    the open groups of the keys in ``changed`` that name one of its entities, and
    every group of the new documents (whose figures at ``dated`` sentences locate
    their key and are not linked)."""
    figures: list[_Figure] = []
    for key, entities in sorted(changed.items()):
        figures += _figures(conn, _of_groups(key, _open_groups_naming(conn, key, entities)))
    dated = dated | _dated_at(conn, {f.where for f in figures})
    figures += _figures(conn, _in_docs(docs))
    groups: dict[tuple[FigureKey, str], list[_Figure]] = {}
    for figure in figures:
        if figure.where not in dated:  # a figure in a dated sentence locates its key
            groups.setdefault(figure.mention.group, []).append(figure)
    by_key: dict[FigureKey, dict[str, list[_Figure]]] = {}
    for (key, doc), figures in groups.items():
        by_key.setdefault(key, {})[doc] = [f for f in figures if f.mention.event.entities]
    wanted: list[tuple[_Figure, str]] = []
    still_open: set[tuple[FigureKey, str]] = set()
    for key, by_doc in sorted(by_key.items()):
        candidates = _Candidates(conn, key, by_doc)
        for doc, figures in by_doc.items():
            links, is_open = link_group([f.mention for f in figures], candidates)
            wanted.extend((f, entry) for f, entry in zip(figures, links, strict=True) if entry)
            if is_open and figures:
                still_open.add((key, doc))
    everything = [f for figures in groups.values() for f in figures]
    _write_links(conn, everything, wanted)
    _write_groups(conn, set(groups), still_open)


def _dated_at(conn: sa.Connection, places: set[Where]) -> set[Where]:
    """RETURNS: those of ``places`` that are dated sources of some entry."""
    ts = schema.timeline_sources
    found: set[Where] = set()
    for conditions in _at_sentences(ts.c.doc, ts.c.sentence, places):
        query = sa.select(ts.c.doc, ts.c.sentence).where(*conditions, ts.c.date_text != "")
        found.update((doc, line) for doc, line in conn.execute(query) if (doc, line) in places)
    return found


def _open_groups_naming(conn: sa.Connection, key: FigureKey, entities: set[str]) -> list[str]:
    """RETURNS: the documents of the open groups of ``key`` with a figure whose
    sentence names one of ``entities``."""
    fg, q, m = schema.figure_groups, schema.quantities, schema.mentions
    members = schema.entity_members
    if not entities:
        return []
    query = (
        sa.select(fg.c.doc)
        .distinct()
        .join(q, sa.and_(q.c.doc == fg.c.doc, _has_key(q, key)))
        .join(m, sa.and_(m.c.doc == q.c.doc, m.c.sentence == q.c.sentence))
        .join(
            members,
            sa.and_(members.c.doc == m.c.doc, members.c.local_id == m.c.entity_local_id),
        )
        .where(fg.c.value == key[0], fg.c.unit == key[1], members.c.entity.in_(sorted(entities)))
    )
    return sorted(conn.scalars(query))


class _Candidates:
    """The entries a figure of one key may link to, as ``link_figures`` finds them:
    those that date the key (``timeline_figures``), name one of the figure's
    entities and have no dated source from its document."""

    def __init__(self, conn: sa.Connection, key: FigureKey, by_doc: dict[str, list[_Figure]]):
        tf, links, ts = schema.timeline_figures, schema.entity_links, schema.timeline_sources
        entities = sorted(
            {e for figures in by_doc.values() for f in figures for e in f.mention.event.entities}
        )
        self.by_entity: dict[str, list[str]] = {}
        for part in chunks(entities):
            query = (
                sa.select(links.c.entity, tf.c.entry)
                .join(links, links.c.entry == tf.c.entry)
                .where(tf.c.value == key[0], tf.c.unit == key[1], links.c.entity.in_(part))
            )
            for entity, entry in conn.execute(query):
                self.by_entity.setdefault(entity, []).append(entry)
        for found in self.by_entity.values():
            found.sort()
        self.dated: set[tuple[str, str]] = set()  # (entry, doc): a dated source of doc
        for part in chunks(sorted(by_doc)):
            query = sa.select(ts.c.entry, ts.c.doc).where(ts.c.doc.in_(part), ts.c.date_text != "")
            self.dated.update((entry, doc) for entry, doc in conn.execute(query))

    def __call__(self, figure: FigureMention, cap: int) -> set[str]:
        doc, found = figure.event.source.doc, set[str]()
        for entity in sorted(figure.event.entities):
            for entry in self.by_entity.get(entity, ()):
                if (entry, doc) not in self.dated:
                    found.add(entry)
                    if len(found) >= cap:
                        return found
        return found


def _write_links(
    conn: sa.Connection, figures: list[_Figure], wanted: list[tuple[_Figure, str]]
) -> None:
    """Bring the linked sources of ``figures`` to ``wanted`` (figure, entry), and the
    first report of the entries they leave or join with them."""
    dates = _entry_dates(conn, {entry for _, entry in wanted})
    rows = []
    for figure, entry in wanted:
        event = figure.mention.event
        linked = DatedEvent(dates[entry], "", event.summary, event.entities, event.source)
        rows.append(source_row(entry, linked))
    want = {_source_key(r): r for r in rows}
    stored = _stored_links(conn, figures)
    columns = [c.name for c in schema.timeline_sources.columns]
    gone = [k for k in stored if k not in want]
    fresh = [r for k, r in want.items() if k not in stored]
    changed = [
        r for k, r in want.items() if k in stored and stored[k] != {c: r[c] for c in columns}
    ]
    table = schema.timeline_sources
    delete_keys(conn, table, ("entry", "doc", "start"), [*gone, *map(_source_key, changed)])
    if fresh or changed:
        conn.execute(sa.insert(table), [*fresh, *changed])
    _update_first_reported(conn, {k[0] for k in [*gone, *map(_source_key, fresh)]})


def _entry_dates(conn: sa.Connection, entries: set[str]) -> dict[str, str]:
    t = schema.timeline
    return {
        entry: date
        for part in chunks(sorted(entries))
        for entry, date in conn.execute(sa.select(t.c.id, t.c.date).where(t.c.id.in_(part)))
    }


def _write_groups(
    conn: sa.Connection, groups: set[tuple[FigureKey, str]], still_open: set[tuple[FigureKey, str]]
) -> None:
    """Bring the rows of ``groups`` in ``figure_groups`` to ``still_open``."""
    fg = schema.figure_groups
    stored: set[tuple[FigureKey, str]] = set()
    by_key: dict[FigureKey, list[str]] = {}
    for key, doc in groups:
        by_key.setdefault(key, []).append(doc)
    for key, docs in by_key.items():
        for part in chunks(sorted(docs)):
            query = sa.select(fg.c.doc).where(
                fg.c.value == key[0], fg.c.unit == key[1], fg.c.doc.in_(part)
            )
            stored.update((key, doc) for doc in conn.scalars(query))
    gone = [(v, u, doc) for (v, u), doc in sorted(stored - still_open)]
    delete_keys(conn, fg, ("value", "unit", "doc"), gone)
    fresh = [{"value": v, "unit": u, "doc": doc} for (v, u), doc in sorted(still_open - stored)]
    if fresh:
        conn.execute(sa.insert(fg), fresh)


def _source_key(row: Row) -> tuple[str, str, int]:
    return row["entry"], row["doc"], row["start"]


def _stored_links(conn: sa.Connection, figures: list[_Figure]) -> dict[tuple[str, str, int], Row]:
    """RETURNS: the stored linked sources of ``figures``."""
    ts = schema.timeline_sources
    spans = {f.span for f in figures}
    found: dict[tuple[str, str, int], Row] = {}
    for conditions in _at_sentences(ts.c.doc, ts.c.sentence, {f.where for f in figures}):
        query = sa.select(ts).where(*conditions, ts.c.date_text == "")
        for row in conn.execute(query).mappings():
            if (row["doc"], row["start"], row["end"]) in spans:
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
    values = {entry: None if value == "9999" else value for entry, value in first.items()}
    rows = [
        {"id": entry, "first_reported": value}
        for entry, value in values.items()
        if stored.get(entry) != value
    ]
    update_rows(conn, t, ("id",), rows)
