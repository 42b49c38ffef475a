"""Resolution of a whole case: entities, then the timeline and the conflict ledger.

The input is what the store keeps for each document (entities, figures,
quotes, dated events, clock times, and which entities each sentence
names); :func:`input_from_facts` builds it from extraction results for the
evaluation, the ledger builds it from its tables. Nothing is re-parsed.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from storyledger.model import DocumentFacts
from storyledger.resolve.conflicts import (
    TIME_UNITS,
    Attributed,
    ClockTime,
    Conflict,
    Figure,
    Source,
    attribution_conflicts,
    by_measure,
    clock_conflicts,
    measure_conflicts,
    measure_scope,
    measure_states,
    number,
    quote_speakers,
    signature_text,
)
from storyledger.resolve.corrections import ClockReport, correction_conflicts, correction_role
from storyledger.resolve.entities import (
    CaseEntity,
    LocalEntity,
    UserMerge,
    UserSplit,
    resolve_entities,
)
from storyledger.resolve.timeline import (
    DatedEvent,
    FigureMention,
    LinkState,
    TimelineEntry,
    build_timeline,
    link_figures,
)

#: Entity types that do not join timeline events or clock times: every
#: sentence of a story names its city.
PLACE_TYPES = frozenset({"GPE", "LOC"})
LocalKey = tuple[str, str]
#: A bare count from which a figure identifies a happening ("1,200 homes").
DISTINCTIVE_COUNT = 1000
#: Characters of a figure's sentence kept on each side, to tell what it counts.
CONTEXT_CHARS = 60


@dataclass(frozen=True, slots=True)
class LocalEvent:
    """A document's event with its document-local entity ids."""

    date: str
    date_text: str
    summary: str
    entities: tuple[str, ...]
    source: Source


@dataclass(frozen=True, slots=True)
class LocalQuote:
    """A quotation with its document-local speaker id."""

    source: Source
    speaker: str | None


@dataclass(frozen=True, slots=True)
class LocalTime:
    """A resolved time value in a sentence, and its role in a correction note
    (``resolve.corrections.correction_role``)."""

    source: Source
    value: str
    role: str = ""


@dataclass
class CaseInput:
    """Everything resolution reads, for every document of a case."""

    entities: list[LocalEntity] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    quotes: list[LocalQuote] = field(default_factory=list)
    events: list[LocalEvent] = field(default_factory=list)
    times: list[LocalTime] = field(default_factory=list)
    #: doc -> sentence -> document-local ids of the entities named there (a small
    #: map per document: records are looked up document by document)
    sentence_entities: dict[str, dict[int, set[str]]] = field(default_factory=dict)


@dataclass(frozen=True)
class CaseResolution:
    """The case-level result: merged entities, timeline, conflicts."""

    entities: list[CaseEntity]
    timeline: list[TimelineEntry]
    conflicts: list[Conflict]
    #: scope -> what its conflicts are computed from (``MeasureState`` JSON for a
    #: measure, the distinct speakers for a quotation), for incremental updates
    conflict_states: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: measure scope -> the texts of its signatures (``MeasureState``), kept apart
    signatures: dict[str, list[str]] = field(default_factory=dict)
    #: where undated figures may link, and which links more entries may change
    link_state: LinkState = field(default_factory=LinkState)

    @functools.cached_property
    def entity_of(self) -> dict[LocalKey, str]:
        """(doc, local id) -> case entity id (made on first use: storing a case
        needs none of it)."""
        return {(m.doc, m.local_id): e.id for e in self.entities for m in e.members}


def resolve(
    case: CaseInput, merges: Sequence[UserMerge] = (), splits: Sequence[UserSplit] = ()
) -> CaseResolution:
    """Resolve a case: entities first, then what depends on them."""
    entities = resolve_entities(case.entities, merges, splits)
    # per document: records are read document by document, so one small dict at a
    # time is looked up rather than one of every entity of the case
    of_doc: dict[str, dict[str, str]] = {}
    for entity in entities:
        for m in entity.members:
            of_doc.setdefault(m.doc, {})[m.local_id] = entity.id
    joinable = {e.id for e in entities if e.type not in PLACE_TYPES}
    nothing: dict[str, str] = {}
    # one set object per distinct set: events name the same few entities again and again
    shared: dict[frozenset[str], frozenset[str]] = {}

    def case_ids(doc: str, local_ids: Iterable[str]) -> frozenset[str]:
        known = of_doc.get(doc, nothing)
        ids = frozenset(
            known[local] for local in local_ids if local in known and known[local] in joinable
        )
        return shared.setdefault(ids, ids)

    timeline = build_timeline(
        DatedEvent(e.date, e.date_text, e.summary, case_ids(e.source.doc, e.entities), e.source)
        for e in case.events
    )
    linked = link_figures(
        timeline,
        (
            FigureMention(
                key, DatedEvent("", "", excerpt(f), case_ids(f.source.doc, named), f.source)
            )
            for f in case.figures
            if (key := distinctive(f)) is not None
            and (named := case.sentence_entities.get(f.source.doc, {}).get(f.source.sentence))
        ),
    )
    quotes = [
        Attributed(q.source, of_doc.get(q.source.doc, nothing).get(q.speaker or ""))
        for q in case.quotes
    ]
    clocks = (
        ClockTime(
            t.source,
            t.value,
            case_ids(
                t.source.doc,
                case.sentence_entities.get(t.source.doc, {}).get(t.source.sentence, ()),
            ),
        )
        for t in case.times
    )
    measures = by_measure(case.figures)
    figures = [c for key, group in sorted(measures.items()) for c in measure_conflicts(key, group)]
    corrections, notes = correction_conflicts(
        ClockReport(t.source, t.value, t.role) for t in case.times
    )
    conflicts = number(
        [*figures, *attribution_conflicts(quotes), *clock_conflicts(clocks), *corrections]
    )
    by_key = measure_states(measures)
    states = {
        **{measure_scope(key): state.to_json(key) for key, state in by_key.items()},
        **{scope: {"speakers": found} for scope, found in quote_speakers(quotes).items()},
        **notes,
    }
    signatures = {
        measure_scope(key): sorted(signature_text(sig) for sig in state.signatures)
        for key, state in by_key.items()
    }
    return CaseResolution(entities, linked.timeline, conflicts, states, signatures, linked.state)


def distinctive(figure: Figure) -> tuple[float, str] | None:
    """(value, unit) for figures rare enough to identify a happening: amounts with a
    unit (not a duration), or counts of a thousand and more."""
    unit = figure.unit or ""
    if (unit and unit not in TIME_UNITS) or figure.value >= DISTINCTIVE_COUNT:
        return figure.value, unit
    return None


def excerpt(figure: Figure) -> str:
    return " ".join(f"{figure.before}{figure.source.text}{figure.after}".split())


def figure_context(sentence: str, start: int, end: int) -> tuple[str, str]:
    """RETURNS: the words before and after [start, end) within ``sentence`` (sentence offsets).

    The store reads a figure's sentence, the evaluation the whole text: both
    cut at the sentence, so a case resolves the same either way.
    """
    before = sentence[max(0, start - CONTEXT_CHARS) : max(0, start)]
    return before, sentence[end : end + CONTEXT_CHARS]


def _sentence(facts: DocumentFacts, idx: int) -> str | None:
    if 0 <= idx < len(facts.sentences):
        start, end = facts.sentences[idx]
        return facts.text[start:end]
    return None


def input_from_facts(facts: Iterable[DocumentFacts]) -> CaseInput:
    """RETURNS (CaseInput): what resolution reads, from extraction results."""
    case = CaseInput()
    for item in facts:
        _add_document(case, item)
    return case


def _add_document(case: CaseInput, facts: DocumentFacts) -> None:
    doc = facts.document

    def source(start: int, end: int, sentence: int) -> Source:
        text = facts.text[start:end]
        return Source(doc.id, doc.outlet, doc.published, start, end, text, sentence)

    for entity in facts.entities:
        case.entities.append(
            LocalEntity(
                doc.id, entity.id, entity.name, entity.type, entity.aliases, len(entity.mentions)
            )
        )
        for mention in entity.mentions:
            named = case.sentence_entities.setdefault(doc.id, {})
            named.setdefault(mention.sentence, set()).add(entity.id)
    for q in facts.quantities:
        s_start, s_end = facts.sentences[q.sentence]
        before, after = figure_context(
            facts.text[s_start:s_end], q.start - s_start, q.end - s_start
        )
        case.figures.append(
            Figure(
                source(q.start, q.end, q.sentence),
                float(q.value),
                q.unit,
                q.counts,
                q.modifier,
                q.approximate,
                before,
                after,
            )
        )
    for claim in facts.claims:
        if claim.kind == "quote":
            case.quotes.append(
                LocalQuote(source(claim.start, claim.end, claim.sentence), claim.speaker)
            )
    for event in facts.events:
        case.events.append(
            LocalEvent(
                event.date,
                event.date_text,
                event.summary,
                event.entities,
                source(event.start, event.end, event.sentence),
            )
        )
    for t in facts.times:
        if t.value:
            own, previous = _sentence(facts, t.sentence), _sentence(facts, t.sentence - 1)
            role = correction_role(own or "", previous)
            case.times.append(LocalTime(source(t.start, t.end, t.sentence), t.value, role))
