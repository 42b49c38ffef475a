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
from dataclasses import dataclass

from storyledger.resolve.conflicts import Source

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


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
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
        return _similar(frozenset(self.words), words)

    def add(self, event: DatedEvent, words: frozenset[str]) -> None:
        self.events.append(event)
        self.entities |= event.entities
        self.words |= words


def build_timeline(events: Iterable[DatedEvent]) -> list[TimelineEntry]:
    """Group events into timeline entries.

    events: every document's dated events; ``entities`` hold the case entity
        ids that may join events (callers leave places out).
    RETURNS (list[TimelineEntry]): ordered by date, then first report.
    """
    by_date: dict[str, list[_Draft]] = {}
    ordered = sorted(events, key=lambda e: (e.date, e.source.published or "9999", e.source.doc))
    for event in ordered:
        words = _words(event.summary)
        drafts = by_date.setdefault(event.date, [])
        for draft in drafts:
            if draft.matches(event, words):
                draft.add(event, words)
                break
        else:
            drafts.append(_Draft(event))
    entries: list[TimelineEntry] = []
    for date in sorted(by_date):
        for draft in by_date[date]:
            first = draft.events[0]
            entries.append(
                TimelineEntry(
                    id=f"t{len(entries) + 1}",
                    date=date,
                    summary=first.summary,
                    entities=tuple(sorted(draft.entities)),
                    sources=tuple(draft.events),
                )
            )
    return entries
