"""Step 3 of resolving new articles: the conflict ledger, redone where they touch it.

A conflict is about one measure ("m:<unit>|<counts>"), one quotation
("q:<words>") or one day's clock times ("t:<day>"), and what it holds depends
only on the records of that scope (and, for quotes and clock times, on the
case entities of their speakers and sentences, which step 1 keeps for old
documents). So the scopes of the new documents' figures, quotes and clock
times are compared again, from all the records of each scope, read through
the ``figure_measures`` and ``quote_keys`` tables and the ``times_value``
index; the other conflicts keep their rows, only their positions move. A
correction note ("k:<outlet>|<doc>") is compared again when it is new, or when
a new report of its outlet matches it better than the one it corrects now
(:func:`_corrections`).

Conflict ids are hashes of what a conflict is about (see
:func:`storyledger.resolve.conflicts.number`); a full pass gives a repeated
hash a ``-2`` suffix that depends on every conflict of the case, so any
repeat raises :class:`~storyledger.store.incremental.FullPassNeeded`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import partial
from typing import Any

import sqlalchemy as sa

from storyledger.resolve.case import PLACE_TYPES
from storyledger.resolve.conflicts import (
    Attributed,
    ClockTime,
    Conflict,
    Figure,
    GroupSummary,
    MeasureState,
    Source,
    attribution_conflicts,
    clock_conflicts,
    conflict_order,
    measure_conflicts,
    measure_scope,
    measure_states,
    number,
    plain,
    quote_key,
    quote_speakers,
    signature_text,
)
from storyledger.resolve.corrections import (
    SAID,
    ClockReport,
    correction_conflicts,
    match_key,
    note_scope,
)
from storyledger.resolve.ids import StableIds
from storyledger.store import schema
from storyledger.store.case import (
    clock_times,
    conflict_rows,
    delete_keys,
    insert_rows,
    sources,
    sync_conflict_values,
    sync_rows,
    update_rows,
)
from storyledger.store.incremental import FullPassNeeded
from storyledger.store.records import chunks, dump_state

#: Clock times ("2024-10-08T02:40"), as the full pass selects them (``read_input``).
CLOCK = "____-__-__T__:__"
#: The character after the "T" of a clock time: a day's clock times sort in [day T, day U).
_AFTER_T = chr(ord("T") + 1)


def update_conflicts(conn: sa.Connection, new_docs: Sequence[str]) -> None:
    """Bring ``conflicts`` and ``conflict_values`` to what a full pass gives, after
    ``new_docs`` (the newest documents) were stored and their entities resolved.

    A measure or quotation whose conflicts keep their ids (the usual case: one
    more article gives a figure already disputed) is updated from its stored
    state (``conflict_state``) by inserting the new values; the others are
    compared again from all their records.
    RAISES (FullPassNeeded): when conflict ids repeat, so that a full pass
        would number them by the order of the whole ledger.
    """
    docs = list(new_docs)
    corrected, corrections, notes = _corrections(conn, docs)
    measures = _new_values(conn, schema.figure_measures.c.measure, docs)
    keys = _new_values(conn, schema.quote_keys.c.key, docs)
    days = sorted({value[:10] for value in _new_values(conn, schema.times.c.value, docs)})
    states = _states(conn, [*measures, *(f"q:{key}" for key in keys)])
    measures = _quick_measures(conn, measures, docs, states)
    keys = _quick_quotes(conn, keys, docs, states)
    scopes = {*measures, *(f"q:{key}" for key in keys), *(f"t:{day}" for day in days)}
    scopes |= corrected
    if not scopes:
        return
    by_measure = _figures_of(conn, measures)
    quotes = _keyed_quotes(conn, keys)
    found = number(
        [
            *_compare_measures(by_measure),
            *attribution_conflicts(quotes),
            *clock_conflicts(_day_clock_times(conn, days)),
            *corrections,
        ]
    )
    _write(conn, scopes, found)
    compared = measure_states({_measure_key(m): found for m, found in by_measure.items()})
    fresh = {
        **{measure_scope(key): state.to_json(key) for key, state in compared.items()},
        **{scope: {"speakers": found} for scope, found in quote_speakers(quotes).items()},
    }
    _write_states(conn, {**fresh, **notes})
    signatures = schema.measure_signatures
    delete_keys(conn, signatures, ("scope",), [(m,) for m in measures])
    _add_signatures(conn, {measure_scope(key): s.signatures for key, s in compared.items()})


def _corrections(
    conn: sa.Connection, docs: list[str]
) -> tuple[set[str], list[Conflict], dict[str, dict[str, Any]]]:
    """The correction notes the new documents change, compared again: their own
    notes (against every earlier report of the outlet at the time of day each
    withdraws), and the stored notes for which a new report is a better match
    than the one they correct now (their states say which, ``match``).

    RETURNS: the scopes compared again, their conflicts, their states.
    """
    t = schema.times
    new = [
        ClockReport(c.source, c.value, c.role)
        for c in clock_times(conn, sources(conn, docs), [t.c.doc.in_(docs), t.c.value.like(CLOCK)])
    ]
    reports = list(new)
    notes = {r.source.doc: r for r in new if r.role == SAID and r.source.outlet}
    for said in notes.values():
        reports += _report_before(conn, said)
    plain = [r for r in new if not r.role and r.source.outlet]
    for outlet in sorted({r.source.outlet or "" for r in plain}):
        for state in _notes_of(conn, outlet):
            better = [
                r
                for r in plain
                if r.source.outlet == outlet
                and r.value[11:] == state["said"]
                and (r.source.published or "") < state["published"]
                and (state["match"] is None or match_key(r) > tuple(state["match"]))
            ]
            if better and state["doc"] not in notes:
                note = _clock_reports(conn, state["doc"])
                notes.update((r.source.doc, r) for r in note if r.role == SAID)
                reports += note
    conflicts, states = correction_conflicts(reports)
    scopes = {note_scope(r.source.outlet or "", doc) for doc, r in notes.items()}
    return (
        scopes,
        [c for c in conflicts if c.scope in scopes],
        {scope: state for scope, state in states.items() if scope in scopes},
    )


def _clock_reports(conn: sa.Connection, doc: str) -> list[ClockReport]:
    t = schema.times
    conditions = [t.c.doc == doc, t.c.value.like(CLOCK)]
    return [
        ClockReport(c.source, c.value, c.role)
        for c in clock_times(conn, sources(conn, [doc]), conditions)
    ]


def _report_before(conn: sa.Connection, said: ClockReport, batch: int = 20) -> list[ClockReport]:
    """RETURNS: the stored report a new note corrects (as ``correction_conflicts``
    chooses it: the latest of its outlet, published before it, at the time of day it
    withdraws, outside any note), read in ``match_key`` order; [] when none."""
    t, d = schema.times, schema.documents
    collation = "C" if conn.dialect.name == "postgresql" else "BINARY"
    published = sa.func.coalesce(d.c.published, "")
    at = t.c.value.like(f"____-__-__T{said.value[11:]}")
    query = (
        sa.select(t.c.id)
        .join(d, d.c.id == t.c.doc)
        .where(
            d.c.outlet == said.source.outlet,
            at,
            sa.collate(published, collation) < (said.source.published or ""),
            t.c.doc != said.source.doc,
        )
        .order_by(
            sa.collate(published, collation).desc(),
            sa.collate(t.c.doc, collation).desc(),
            t.c.start,
        )
    )
    offset = 0
    while ids := list(conn.scalars(query.limit(batch).offset(offset))):
        docs = sorted({doc for (doc,) in conn.execute(sa.select(t.c.doc).where(t.c.id.in_(ids)))})
        found = clock_times(conn, sources(conn, docs), [t.c.id.in_(ids)])
        plain = [ClockReport(c.source, c.value) for c in found if not c.role]
        if plain:
            return [max(plain, key=match_key)]
        offset += batch
    return []


def _notes_of(conn: sa.Connection, outlet: str) -> list[dict[str, Any]]:
    """RETURNS: the stored states of ``outlet``'s correction notes."""
    cs = schema.conflict_state
    query = sa.select(cs.c.state).where(
        cs.c.scope.startswith(note_scope(outlet, ""), autoescape=True)
    )
    # one parse of all of them: a synthetic case holds hundreds of notes per outlet
    found = json.loads(f"[{','.join(conn.scalars(query))}]")
    return [note for note in found if note["outlet"] == outlet]


def _states(conn: sa.Connection, scopes: list[str]) -> dict[str, dict[str, Any]]:
    """RETURNS: scope -> its stored state (JSON), for those of ``scopes`` that have one."""
    table = schema.conflict_state
    found: dict[str, dict[str, Any]] = {}
    for chunk in chunks(scopes):
        rows = conn.execute(sa.select(table).where(table.c.scope.in_(chunk)))
        found.update((scope, json.loads(state)) for scope, state in rows)
    return found


def _present_signatures(
    conn: sa.Connection, figures: dict[str, list[Figure]]
) -> dict[str, set[str]]:
    """RETURNS: measure -> which of the signatures of its ``figures`` it has stored."""
    table = schema.measure_signatures
    wanted = {
        (measure, signature_text(MeasureState.signature(f)))
        for measure, found in figures.items()
        for f in found
    }
    present: dict[str, set[str]] = {}
    for chunk in chunks(sorted({text for _, text in wanted})):
        query = sa.select(table.c.scope, table.c.signature).where(
            table.c.scope.in_(sorted(figures)), table.c.signature.in_(chunk)
        )
        for scope, text in conn.execute(query):
            if (scope, text) in wanted:
                present.setdefault(scope, set()).add(text)
    return present


def _stored_signatures(conn: sa.Connection, measure: str) -> list[str]:
    table = schema.measure_signatures
    return list(conn.scalars(sa.select(table.c.signature).where(table.c.scope == measure)))


def _add_signatures(conn: sa.Connection, signatures: dict[str, set[tuple[Any, ...]]]) -> None:
    """Store new signatures of measures (``measure_signatures``)."""
    rows = [
        {"scope": scope, "signature": signature_text(sig)}
        for scope, found in signatures.items()
        for sig in sorted(found, key=repr)
    ]
    insert_rows(conn, schema.measure_signatures, rows)


def _write_states(conn: sa.Connection, states: dict[str, dict[str, Any]]) -> None:
    table = schema.conflict_state
    delete_keys(conn, table, ("scope",), [(scope,) for scope in states])
    rows = [{"scope": scope, "state": dump_state(state)} for scope, state in states.items()]
    insert_rows(conn, table, rows)


def _quick_measures(
    conn: sa.Connection, measures: list[str], docs: list[str], states: dict[str, Any]
) -> list[str]:
    """Update the measures whose conflicts keep their ids from their states.

    RETURNS: the measures left to compare from all their figures.
    """
    new_figures = _figures_of(conn, measures, docs)
    present = _present_signatures(conn, new_figures)
    rest: list[str] = []
    values: list[dict[str, Any]] = []
    severities: dict[str, str] = {}
    updated: dict[str, dict[str, Any]] = {}
    added: dict[str, set[tuple[Any, ...]]] = {}
    for measure in measures:
        key = _measure_key(measure)
        state = MeasureState(
            states.get(measure),
            present=present.get(measure, set()),
            load=partial(_stored_signatures, conn, measure),
        )
        figures = new_figures.get(measure, [])
        if state.covers(figures):  # the same figures again: only the values grow
            plan = [g for g in state.summaries(key) if g.conflict is not None]
        else:
            before = state.summaries(key)
            for figure in figures:
                state.add(figure)
            found = _same_conflicts(before, state.summaries(key), {f.value for f in figures})
            if found is None or not _stored(conn, measure, {_conflict_id(g) for g in found}):
                rest.append(measure)
                continue
            plan = found
            updated[measure] = state.to_json(key)
            added[measure] = state.added
        for group in plan:
            conflict = _conflict_id(group)
            severities[conflict] = group.severity
            values.extend(
                _value_row(conflict, plain(f.value), f.source)
                for f in figures
                if f.value in group.values
            )
    insert_rows(conn, schema.conflict_values, values)
    _set_severities(conn, severities)
    _write_states(conn, updated)
    _add_signatures(conn, added)
    return rest


def _same_conflicts(
    before: list[GroupSummary], after: list[GroupSummary], new: set[float]
) -> list[GroupSummary] | None:
    """RETURNS: the conflicts of ``after`` when each group only gained new values and
    keeps its conflict's kind, topic and first value (so its id); else None."""
    kept: list[GroupSummary] = []
    for group in after:
        old = [g for g in before if g.values <= group.values]
        grown = group.values - (old[0].values if old else frozenset())
        if len(old) > 1 or not grown <= new:
            return None
        if (old[0].conflict if old else None) != group.conflict:
            return None
        if group.conflict is not None:
            kept.append(group)
    return kept


def _conflict_id(group: GroupSummary) -> str:
    assert group.conflict is not None
    return StableIds("c").make(*group.conflict)


def _stored(conn: sa.Connection, measure: str, ids: set[str]) -> bool:
    """RETURNS (bool): True when every id in ``ids`` is a stored conflict of ``measure``."""
    c = schema.conflicts
    found = conn.execute(sa.select(c.c.id).where(c.c.scope == measure)).scalars()
    return ids <= set(found)


def _value_row(conflict: str, value: Any, source: Source) -> dict[str, Any]:
    return {
        "conflict": conflict,
        "value": json.dumps(value),
        "doc": source.doc,
        "start": source.start,
        "end": source.end,
        "text": source.text,
        "sentence": source.sentence,
    }


def _set_severities(conn: sa.Connection, severities: dict[str, str]) -> None:
    """Set the severities of conflicts that changed, in one batch."""
    c = schema.conflicts
    changed: list[dict[str, Any]] = []
    for chunk in chunks(sorted(severities)):
        query = sa.select(c.c.id, c.c.severity).where(c.c.id.in_(chunk))
        changed.extend(
            {"id": conflict, "severity": severities[conflict]}
            for conflict, stored in conn.execute(query)
            if stored != severities[conflict]
        )
    update_rows(conn, c, ("id",), changed)


def _quick_quotes(
    conn: sa.Connection, keys: list[str], docs: list[str], states: dict[str, Any]
) -> list[str]:
    """Update the quotations whose speakers were already disputed, or stay one.

    RETURNS: the quote keys left to compare from all their quotations.
    """
    new_quotes = _keyed_quotes(conn, keys, docs)
    by_key: dict[str, list[Attributed]] = {}
    for quote in new_quotes:
        words = quote_key(quote.source.text)
        if words:
            by_key.setdefault(words, []).append(quote)
    rest: list[str] = []
    values: list[dict[str, Any]] = []
    updated: dict[str, dict[str, Any]] = {}
    c = schema.conflicts
    for key in keys:
        scope = f"q:{key}"
        speakers = list(states.get(scope, {}).get("speakers", []))
        credited = [q for q in by_key.get(key, []) if q.speaker]
        after = list(dict.fromkeys([*speakers, *(q.speaker for q in credited)]))
        if len(speakers) >= 2:
            stored = conn.execute(sa.select(c.c.id).where(c.c.scope == scope)).scalars().all()
            if len(stored) != 1:
                rest.append(key)
                continue
            values.extend(_value_row(stored[0], q.speaker, q.source) for q in credited)
        elif len(after) >= 2:
            rest.append(key)
            continue
        updated[scope] = {"speakers": after}
    insert_rows(conn, schema.conflict_values, values)
    _write_states(conn, updated)
    return rest


def _new_values(conn: sa.Connection, column: sa.Column[Any], docs: list[str]) -> list[str]:
    """RETURNS: the distinct values of ``column`` in the rows of ``docs`` (for
    ``times.value``, only clock times)."""
    table = column.table
    found: set[str] = set()
    for chunk in chunks(docs):
        query = sa.select(column).distinct().where(table.c.doc.in_(chunk))
        if column is schema.times.c.value:
            query = query.where(column.like(CLOCK))
        found.update(conn.execute(query).scalars())
    return sorted(found)


def _source(row: Any) -> Source:
    return Source(row.doc, row.outlet, row.published, row.start, row.end, row.text, row.sentence)


def _figures_of(
    conn: sa.Connection, measures: list[str], docs: list[str] | None = None
) -> dict[str, list[Figure]]:
    """RETURNS: the figure conflicts of ``measures``, as
    :func:`~storyledger.resolve.conflicts.figure_conflicts` finds them.

    A figure's measure is the one stored with its document (``figure_measures``,
    what :func:`~storyledger.resolve.conflicts.measure_key` gives for the
    figure as the full pass reads it), so the figures are read without the
    sentence around them, in ``quantities.id`` order, and compared per measure.
    """
    q, d, fm = schema.quantities, schema.documents, schema.figure_measures
    by_measure: dict[str, list[Figure]] = {}
    for chunk in chunks(measures):
        query = (
            sa.select(
                fm.c.measure,
                q.c.doc,
                q.c.start,
                q.c.end,
                q.c.text,
                q.c.sentence,
                q.c.value,
                q.c.unit,
                q.c.counts,
                q.c.modifier,
                q.c.approximate,
                d.c.outlet,
                d.c.published,
            )
            .select_from(fm)
            .join(q, sa.and_(q.c.doc == fm.c.doc, q.c.idx == fm.c.idx))
            .join(d, d.c.id == q.c.doc)
            .where(fm.c.measure.in_(chunk))
            .order_by(q.c.id)
        )
        if docs is not None:
            query = query.where(fm.c.doc.in_(docs))
        rows = conn.execute(query).tuples()
        for measure, doc, start, end, text, sentence, value, unit, counts, *rest in rows:
            modifier, approximate, outlet, published = rest
            source = Source(doc, outlet, published, start, end, text, sentence)
            figure = Figure(source, float(value), unit, counts, modifier, bool(approximate))
            by_measure.setdefault(measure, []).append(figure)
    return by_measure


def _compare_measures(by_measure: dict[str, list[Figure]]) -> list[Conflict]:
    """RETURNS: the conflicts of each measure's figures (in :func:`_figures_of` form)."""
    conflicts = []
    for measure, figures in sorted(by_measure.items(), key=lambda item: _measure_key(item[0])):
        key = _measure_key(measure)
        if any((f.unit or "") != key[0] for f in figures):  # a unit with "|" in it
            raise FullPassNeeded(f"measure {measure!r} does not split into unit and count")
        conflicts.extend(measure_conflicts(key, figures))
    return conflicts


def _measure_key(measure: str) -> tuple[str, str]:
    """RETURNS: (unit, what it counts) of a stored measure, "m:<unit>|<counts>"."""
    unit, _, counts = measure[2:].partition("|")
    return unit, counts


def _keyed_quotes(
    conn: sa.Connection, keys: list[str], docs: list[str] | None = None
) -> list[Attributed]:
    """RETURNS: every quotation with one of ``keys``, credited to its speaker's case
    entity, in ``claims.id`` order within each chunk of keys."""
    c, d, qk, em = schema.claims, schema.documents, schema.quote_keys, schema.entity_members
    quotes: list[Attributed] = []
    for chunk in chunks(keys):
        query = (
            sa.select(
                c.c.doc,
                c.c.start,
                c.c.end,
                c.c.text,
                c.c.sentence,
                d.c.outlet,
                d.c.published,
                em.c.entity,
            )
            .select_from(qk)
            .join(c, sa.and_(c.c.doc == qk.c.doc, c.c.idx == qk.c.idx))
            .join(d, d.c.id == c.c.doc)
            .outerjoin(em, sa.and_(em.c.doc == c.c.doc, em.c.local_id == c.c.speaker))
            .where(qk.c.key.in_(chunk), c.c.kind == "quote")
            .order_by(c.c.id)
        )
        if docs is not None:
            query = query.where(qk.c.doc.in_(docs))
        for doc, start, end, text, sentence, outlet, published, entity in conn.execute(
            query
        ).tuples():
            source = Source(doc, outlet, published, start, end, text, sentence)
            quotes.append(Attributed(source, entity))
    return quotes


def _day_clock_times(conn: sa.Connection, days: list[str]) -> list[ClockTime]:
    """RETURNS: every clock time of ``days`` with the case entities (places left
    out) named in its sentence, in ``times.id`` order within each chunk of days."""
    t, d = schema.times, schema.documents
    m, em, e = schema.mentions, schema.entity_members, schema.entities
    found: list[ClockTime] = []
    for chunk in chunks(days, 100):
        wanted = set(chunk)
        on_days = [
            sa.or_(
                *(sa.and_(t.c.value >= f"{day}T", t.c.value < f"{day}{_AFTER_T}") for day in chunk)
            ),
            t.c.value.like(CLOCK),
        ]
        named: dict[int, set[str]] = {}
        query = (
            sa.select(t.c.id, em.c.entity)
            .join(m, sa.and_(m.c.doc == t.c.doc, m.c.sentence == t.c.sentence))
            .join(em, sa.and_(em.c.doc == m.c.doc, em.c.local_id == m.c.entity_local_id))
            .join(e, e.c.id == em.c.entity)
            .where(*on_days, e.c.type.not_in(sorted(PLACE_TYPES)))
        )
        for time_id, entity in conn.execute(query):
            named.setdefault(time_id, set()).add(entity)
        query = (
            sa.select(t.c.id, t.c.doc, t.c.start, t.c.end, t.c.text, t.c.sentence, t.c.value)
            .add_columns(d.c.outlet, d.c.published)
            .join(d, d.c.id == t.c.doc)
            .where(*on_days)
            .order_by(t.c.id)
        )
        found.extend(
            ClockTime(_source(row), row.value, frozenset(named.get(row.id, ())))
            for row in conn.execute(query)
            if row.value[:10] in wanted
        )
    return found


def _write(conn: sa.Connection, scopes: set[str], found: list[Conflict]) -> None:
    """Replace the conflicts of ``scopes`` with ``found`` (numbered), and move every
    conflict to its rank in the whole ledger."""
    if not _same_ranks(conn, scopes, found):
        _write_ranked(conn, scopes, found)


def _same_ranks(conn: sa.Connection, scopes: set[str], found: list[Conflict]) -> bool:
    """Write ``found`` when the conflicts of ``scopes`` keep their ids, kinds and
    topics (the usual case: one more value), so no conflict changes rank.

    RETURNS (bool): whether it wrote them.
    """
    c = schema.conflicts
    stored = {
        row.id: row
        for part in chunks(sorted(scopes))
        for row in conn.execute(
            sa.select(c.c.id, c.c.position, c.c.kind, c.c.topic).where(c.c.scope.in_(part))
        )
    }
    same = {(f.id, f.kind, f.topic) for f in found} == {
        (r.id, r.kind, r.topic) for r in stored.values()
    }
    if not same or len(found) != len(stored) or any(f.scope not in scopes for f in found):
        return False
    if any("-" in conflict_id for conflict_id in stored):
        return False  # repeated hashes: numbered over the whole ledger
    rows, values = conflict_rows(found)
    for row in rows:
        row["position"] = stored[row["id"]].position
    ids = sorted(stored)
    for chunk in chunks(ids):
        part = set(chunk)
        sync_rows(conn, c, ("id",), [r for r in rows if r["id"] in part], where=[c.c.id.in_(chunk)])
    sync_conflict_values(conn, values, conflicts=ids)
    return True


def _write_ranked(conn: sa.Connection, scopes: set[str], found: list[Conflict]) -> None:
    c = schema.conflicts
    stored = conn.execute(sa.select(c.c.id, c.c.position, c.c.kind, c.c.topic, c.c.scope)).all()
    kept = [row for row in stored if row.scope not in scopes]
    new_ids = {conflict.id for conflict in found}
    if any("-" in row.id for row in stored) or any("-" in i for i in new_ids):
        raise FullPassNeeded("conflict ids repeat: a full pass numbers them")
    if new_ids & {row.id for row in kept}:
        raise FullPassNeeded("a new conflict's id repeats one of another scope")
    if any(conflict.scope not in scopes for conflict in found):
        raise FullPassNeeded("a conflict outside the compared scopes")
    ledger = sorted([*((row.kind, row.topic, row.id) for row in kept), *map(conflict_order, found)])
    rank = {key[2]: position for position, key in enumerate(ledger)}
    rows, values = conflict_rows(found)
    for row in rows:
        row["position"] = rank[row["id"]]
    moved = [row for row in kept if row.position != rank[row.id]]
    _move(conn, moved, rank)
    replaced = [row.id for row in stored if row.scope in scopes]
    gone: list[tuple[Any, ...]] = []
    for chunk in chunks(sorted(new_ids | set(replaced))):
        part = set(chunk)
        gone += sync_rows(
            conn, c, ("id",), [r for r in rows if r["id"] in part], where=[c.c.id.in_(chunk)]
        )
    sync_conflict_values(conn, values, conflicts=sorted(new_ids | set(replaced)))
    delete_keys(conn, c, ("id",), gone)


def _move(conn: sa.Connection, moved: Sequence[Any], rank: dict[str, int]) -> None:
    """Give the kept conflicts in ``moved`` their new positions."""
    rows = [{"id": row.id, "position": rank[row.id]} for row in moved]
    update_rows(conn, schema.conflicts, ("id",), rows)
