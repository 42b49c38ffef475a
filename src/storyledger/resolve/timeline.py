"""The case timeline: every document's dated events, one entry per happening.

Events on the same date are one entry when their sentences name a common
person, organisation or facility, or share most of their content words; the
entry lists every source. Places alone do not join events (every sentence
of a story names its city). Entries are ordered by the date of the
happening, then by when it was first reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from storyledger.resolve.conflicts import Source
from storyledger.resolve.ids import StableIds

#: Content-word overlap (Jaccard) above which two same-day events are one.
SAME_WORDS = 0.3
_WORD = re.compile(r"[a-z][a-z'-]{3,}")
_STOP = frozenset(
    [
        "that",
        "this",
        "with",
        "from",
        "have",
        "were",
        "been",
        "will",
        "would",
        "said",
        "says",
        "about",
        "their",
        "there",
        "which",
        "after",
        "before",
        "when",
        "while",
        "into",
        "also",
        "more",
        "than",
        "they",
        "them",
        "some",
        "other",
        "what",
    ]
)


@dataclass(frozen=True, slots=True)
class DatedEvent:
    """One document's event, its entities already mapped to case entities."""

    date: str
    date_text: str
    summary: str
    entities: frozenset[str]
    source: Source


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One happening on one date, with every source that reports it."""

    id: str
    date: str
    summary: str
    entities: tuple[str, ...]
    sources: tuple[DatedEvent, ...]


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in _STOP)


def _similar(a: AbstractSet[str], b: AbstractSet[str]) -> bool:
    union = a | b
    return bool(union) and len(a & b) / len(union) >= SAME_WORDS


class _Draft:
    def __init__(self, event: DatedEvent) -> None:
        self.events = [event]
        self.entities = set(event.entities)
        self.words = set(_words(event.summary))

    def matches(self, event: DatedEvent, words: frozenset[str]) -> bool:
        if self.entities & event.entities:
            return True
        return _similar(self.words, words)

    def add(self, event: DatedEvent, words: frozenset[str]) -> None:
        self.events.append(event)
        self.entities |= event.entities
        self.words |= words


#: Same-day drafts an event's words are compared with (the latest ones): keeps
#: a date with thousands of events linear; shared entities are found by index.
RECENT_DRAFTS = 40


class _Day:
    """The drafts of one date, indexed by the entities they name."""

    def __init__(self) -> None:
        self.drafts: list[_Draft] = []
        self.by_entity: dict[str, _Draft] = {}

    def place(self, event: DatedEvent) -> None:
        words = _words(event.summary)
        draft = next(
            (self.by_entity[e] for e in sorted(event.entities) if e in self.by_entity), None
        )
        if draft is None:
            draft = next(
                (d for d in reversed(self.drafts[-RECENT_DRAFTS:]) if d.matches(event, words)),
                None,
            )
        if draft is None:
            draft = _Draft(event)
            self.drafts.append(draft)
        else:
            draft.add(event, words)
        for entity in event.entities:
            self.by_entity.setdefault(entity, draft)


def build_timeline(events: Iterable[DatedEvent]) -> list[TimelineEntry]:
    """Group events into timeline entries.

    Entry ids come from the date and the first report, so an entry keeps its
    id when later articles add sources or entries elsewhere on the timeline.

    events: every document's dated events; ``entities`` hold the case entity
        ids that may join events (callers leave places out).
    RETURNS (list[TimelineEntry]): ordered by date, then first report.
    """
    by_date: dict[str, _Day] = {}
    ordered = sorted(events, key=lambda e: (e.date, e.source.published or "9999", e.source.doc))
    for event in ordered:
        by_date.setdefault(event.date, _Day()).place(event)
    entries: list[TimelineEntry] = []
    ids = StableIds("t")
    for date in sorted(by_date):
        for draft in by_date[date].drafts:
            first = draft.events[0]
            entries.append(
                TimelineEntry(
                    id=ids.make(date, first.source.doc, str(first.source.start)),
                    date=date,
                    summary=first.summary,
                    entities=tuple(sorted(draft.entities)),
                    sources=tuple(draft.events),
                )
            )
    return entries


@dataclass(frozen=True, slots=True)
class FigureMention:
    """A distinctive figure in a sentence, with the case entities that sentence names."""

    key: tuple[float, str]
    event: DatedEvent


def _entries_by_entity(
    entries: list[TimelineEntry], by_key: dict[tuple[float, str], set[int]]
) -> dict[tuple[tuple[float, str], str], list[int]]:
    """(figure key, entity) -> the entries that locate the key and name the entity."""
    index: dict[tuple[tuple[float, str], str], list[int]] = {}
    for key, found in by_key.items():
        for n in sorted(found):
            for entity in entries[n].entities:
                index.setdefault((key, entity), []).append(n)
    return index


def link_undated(
    entries: list[TimelineEntry], figures: Iterable[FigureMention]
) -> list[TimelineEntry]:
    """Add undated reports of a happening to its entry: same figure, same participant.

    "Insurer Halcyon Mutual puts the loss at €4.2m" has no date of its own,
    but another article dates the €4.2 million estimate by Halcyon Mutual to
    11 October. A sentence is linked when exactly one entry has a source
    sentence with the same figure (value and unit) and they name a common
    non-place entity, and its document is not yet among the entry's sources
    (its dated ones, or those this figure's value and unit already linked).

    Each figure key is linked on its own: what one (value, unit) links never
    depends on another, so a new article relinks only the keys it reports.
    """
    figures = list(figures)
    located = {
        (s.source.doc, s.source.sentence): n for n, e in enumerate(entries) for s in e.sources
    }
    by_key: dict[tuple[float, str], set[int]] = {}
    for figure in figures:
        where = (figure.event.source.doc, figure.event.source.sentence)
        if where in located:
            by_key.setdefault(figure.key, set()).add(located[where])
    by_entity = _entries_by_entity(entries, by_key)
    dated_docs: dict[int, frozenset[str]] = {}
    added: dict[int, list[DatedEvent]] = {}
    linked_docs: dict[tuple[tuple[float, str], int], set[str]] = {}
    for figure in figures:
        event = figure.event
        if (event.source.doc, event.source.sentence) in located:
            continue
        candidates: set[int] = set()
        for entity in sorted(event.entities):
            for n in by_entity.get((figure.key, entity), ()):
                if n in candidates:
                    continue
                if n not in dated_docs:
                    dated_docs[n] = frozenset(s.source.doc for s in entries[n].sources)
                doc = event.source.doc
                if doc not in dated_docs[n] and doc not in linked_docs.get((figure.key, n), ()):
                    candidates.add(n)
                    if len(candidates) > 1:
                        break  # not one happening: no link
            if len(candidates) > 1:
                break
        if len(candidates) == 1:
            (n,) = candidates
            linked = DatedEvent(entries[n].date, "", event.summary, event.entities, event.source)
            added.setdefault(n, []).append(linked)
            linked_docs.setdefault((figure.key, n), set()).add(event.source.doc)
    return [
        TimelineEntry(e.id, e.date, e.summary, e.entities, (*e.sources, *added.get(n, ())))
        if n in added
        else e
        for n, e in enumerate(entries)
    ]
