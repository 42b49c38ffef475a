"""The case timeline: every document's dated events, one entry per happening.

Events on the same date are one entry when their sentences name a common
person, organisation or facility, or share most of their content words with
the entry's first report; the entry lists every source. Places alone do not
join events (every sentence of a story names its city). Entries are ordered by
the date of the happening, then by when the case first heard of it (order of
arrival).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import TypeVar

from storyledger.resolve.conflicts import Source
from storyledger.resolve.ids import StableIds

#: (value, unit) of a distinctive figure (see ``resolve.case.distinctive``).
FigureKey = tuple[float, str]

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
    if a.isdisjoint(b):  # most same-day reports: decided without building a set
        return False
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared) >= SAME_WORDS


class _Draft:
    """An entry in the making: its events, the entities they name, the words of
    its first report (its summary)."""

    def __init__(self, index: int, entities: Iterable[str], words: frozenset[str]) -> None:
        self.index = index  # position among the drafts of its date
        self.events: list[DatedEvent] = []
        self.entities = set(entities)
        self.words = words

    def matches(self, event: DatedEvent, words: frozenset[str], words_only: bool = False) -> bool:
        if not words_only and not self.entities.isdisjoint(event.entities):
            return True
        return _similar(self.words, words)

    def add(self, event: DatedEvent) -> None:
        self.events.append(event)
        self.entities |= event.entities


#: Same-day drafts an event's words are compared with (the latest ones): keeps
#: a date with thousands of events linear; shared entities are found by index.
RECENT_DRAFTS = 40


def is_coarse(date: str) -> bool:
    """True for a date coarser than a day ("2008", "2008-03", "2008-Q1", "2024-W40"):
    two reports of one company in one year need not be one happening."""
    return len(date) < len("2008-03-01")


class _Day:
    """The drafts of one date, indexed by the entities they name.

    An event joins the earliest draft naming its first entity (in sorted order)
    that any draft names; else the latest of the recent drafts whose first report
    shares most of its words; else it starts a draft. On a date coarser than a
    day only the words count. Which draft that is depends only on each draft's
    entities, position and summary, so a date can be resumed from its stored
    entries.
    """

    def __init__(self, date: str) -> None:
        self.drafts: list[_Draft] = []
        self.by_entity: dict[str, _Draft] = {}
        self.by_words_only = is_coarse(date)

    def start(self, entities: Iterable[str], summary: str) -> _Draft:
        draft = _Draft(len(self.drafts), entities, _words(summary))
        self.drafts.append(draft)
        self._index(draft, draft.entities)
        return draft

    def _index(self, draft: _Draft, entities: Iterable[str]) -> None:
        for entity in entities:
            current = self.by_entity.get(entity)
            if current is None or current.index > draft.index:
                self.by_entity[entity] = draft

    def place(self, event: DatedEvent) -> _Draft:
        draft = None
        if not self.by_words_only:
            draft = next(
                (self.by_entity[e] for e in sorted(event.entities) if e in self.by_entity), None
            )
        if draft is None:
            words = _words(event.summary)  # only now: most events join by an entity
            recent = reversed(self.drafts[-RECENT_DRAFTS:])
            draft = next((d for d in recent if d.matches(event, words, self.by_words_only)), None)
        if draft is None:
            draft = self.start((), event.summary)
        draft.add(event)
        self._index(draft, event.entities)
        return draft


_ENTRY_IDS_PREFIX = "t"


def entry_ids() -> StableIds:
    """The id maker of timeline entries: one per resolution, for every date."""
    return StableIds(_ENTRY_IDS_PREFIX)


def _entry(date: str, draft: _Draft, ids: StableIds) -> TimelineEntry:
    first = draft.events[0]
    return TimelineEntry(
        id=ids.make(date, first.source.doc, str(first.source.start)),
        date=date,
        summary=first.summary,
        entities=tuple(sorted(draft.entities)),
        sources=tuple(draft.events),
    )


def build_timeline(events: Iterable[DatedEvent]) -> list[TimelineEntry]:
    """Group events into timeline entries.

    Events are placed in the order given (the order the case received its
    documents), so an article added later only joins or adds entries: the
    entries of a date keep their positions, and an entry's id (a hash of its
    date and first report) never changes.

    events: every document's dated events, in order of arrival; ``entities``
        hold the case entity ids that may join events (callers leave places out).
    RETURNS (list[TimelineEntry]): ordered by date, then by when the case first
        heard of them.
    """
    by_date: dict[str, _Day] = {}
    for event in events:
        day = by_date.get(event.date)
        if day is None:
            day = by_date[event.date] = _Day(event.date)
        day.place(event)
    ids = entry_ids()
    return [_entry(date, draft, ids) for date in sorted(by_date) for draft in by_date[date].drafts]


@dataclass(frozen=True, slots=True)
class StoredEntry:
    """A timeline entry as written, as far as placing new events needs it."""

    id: str
    entities: tuple[str, ...]
    summary: str


@dataclass(frozen=True, slots=True)
class DayUpdate:
    """What new events do to one date: stored entries they join, entries they start."""

    joined: dict[str, list[DatedEvent]]
    started: list[TimelineEntry]


def extend_day(
    date: str,
    stored: Sequence[StoredEntry],
    events: Iterable[DatedEvent],
    ids: StableIds,
) -> DayUpdate:
    """Place events that arrive after every stored one of their date, exactly as
    ``build_timeline`` over all of them would.

    stored: the date's entries, in position order.
    ids: the id maker for new entries (one per update, like ``entry_ids()``).
    """
    day = _Day(date)
    for entry in stored:
        day.start(entry.entities, entry.summary)
    for event in events:
        day.place(event)
    joined = {stored[d.index].id: d.events for d in day.drafts[: len(stored)] if d.events}
    started = [_entry(date, d, ids) for d in day.drafts[len(stored) :]]
    return DayUpdate(joined, started)


@dataclass(frozen=True, slots=True)
class FigureMention:
    """A distinctive figure in a sentence, with the case entities that sentence names."""

    key: FigureKey
    event: DatedEvent

    @property
    def group(self) -> tuple[FigureKey, str]:
        """(key, document): the figures whose links depend on one another."""
        return self.key, self.event.source.doc


@dataclass(frozen=True, slots=True)
class LinkState:
    """What linking undated figures leaves for the articles added later.

    located: (figure key, entry id) for each entry with a dated sentence that
        holds a figure of that key: the entries undated figures may link to.
    open_groups: (figure key, document) for the groups of undated figures whose
        links may change when more entries come to locate their key or name
        their entities (:func:`link_group`); the links of all others stay.
    """

    located: frozenset[tuple[FigureKey, str]] = frozenset()
    open_groups: frozenset[tuple[FigureKey, str]] = frozenset()


@dataclass(frozen=True, slots=True)
class Linked:
    timeline: list[TimelineEntry]
    state: LinkState


H = TypeVar("H", bound=Hashable)


def link_group(
    figures: Sequence[FigureMention], candidates: Callable[[FigureMention, int], set[H]]
) -> tuple[list[H | None], bool]:
    """Link the undated figures of one (key, document) group, in order: each to its
    one candidate entry, if it has one once the entries that earlier figures of
    the group linked to are set aside (one report per document and entry).

    candidates(figure, cap): up to ``cap`` entries that locate the figure's key,
        name one of its entities and have no dated report from its document.
    RETURNS: the entry each figure links to (None: none), and whether the group
        is open: whether some figure had fewer candidates than it takes to stay
        unlinked whatever the others do (two more than the figures before it).
        More candidates can change only the links of an open group.
    """
    taken: set[H] = set()
    links: list[H | None] = []
    is_open = False
    for position, figure in enumerate(figures):
        cap = position + 2
        found = candidates(figure, cap)
        is_open = is_open or len(found) < cap
        left = found - taken
        if len(left) == 1:
            (entry,) = left
            taken.add(entry)
            links.append(entry)
        else:
            links.append(None)
    return links, is_open


def _entries_by_entity(
    entries: list[TimelineEntry], by_key: dict[FigureKey, set[int]]
) -> dict[tuple[FigureKey, str], list[int]]:
    """(figure key, entity) -> the entries that locate the key and name the entity."""
    index: dict[tuple[FigureKey, str], list[int]] = {}
    for key, found in by_key.items():
        for n in sorted(found):
            for entity in entries[n].entities:
                index.setdefault((key, entity), []).append(n)
    return index


def link_figures(entries: list[TimelineEntry], figures: Iterable[FigureMention]) -> Linked:
    """Add undated reports of a happening to its entry: same figure, same participant.

    "Insurer Halcyon Mutual puts the loss at €4.2m" has no date of its own,
    but another article dates the €4.2 million estimate by Halcyon Mutual to
    11 October. A sentence is linked when exactly one entry has a dated
    sentence with the same figure (value and unit) and they name a common
    non-place entity, and its document is not yet among the entry's sources
    (its dated ones, or those this figure's value and unit already linked). A
    sentence with a figure locates it at every entry it dates.

    Each (figure key, document) group is linked on its own: what one links
    never depends on another, so a new article relinks only the groups it can
    change (see :class:`LinkState`).
    """
    figures = list(figures)
    # doc -> sentence -> the entries it dates (a small map per document)
    located: dict[str, dict[int, set[int]]] = {}
    for n, entry in enumerate(entries):
        for s in entry.sources:
            located.setdefault(s.source.doc, {}).setdefault(s.source.sentence, set()).add(n)
    nowhere: dict[int, set[int]] = {}
    by_key: dict[FigureKey, set[int]] = {}
    for figure in figures:
        source = figure.event.source
        if (dates := located.get(source.doc, nowhere).get(source.sentence)) is not None:
            by_key.setdefault(figure.key, set()).update(dates)
    by_entity = _entries_by_entity(entries, by_key)
    dated_docs: dict[int, frozenset[str]] = {}

    def candidates(figure: FigureMention, cap: int) -> set[int]:
        doc, found = figure.event.source.doc, set[int]()
        for entity in sorted(figure.event.entities):
            for n in by_entity.get((figure.key, entity), ()):
                if n not in dated_docs:
                    dated_docs[n] = frozenset(s.source.doc for s in entries[n].sources)
                if doc not in dated_docs[n]:
                    found.add(n)
                    if len(found) >= cap:
                        return found
        return found

    groups: dict[tuple[FigureKey, str], list[tuple[int, FigureMention]]] = {}
    for order, figure in enumerate(figures):
        event = figure.event
        if event.entities and event.source.sentence not in located.get(event.source.doc, nowhere):
            groups.setdefault(figure.group, []).append((order, figure))
    linked: list[tuple[int, int, FigureMention]] = []  # (figure order, entry, figure)
    open_groups = set()
    for group, members in groups.items():
        links, is_open = link_group([f for _, f in members], candidates)
        if is_open:
            open_groups.add(group)
        linked.extend((o, n, f) for (o, f), n in zip(members, links, strict=True) if n is not None)
    added: dict[int, list[DatedEvent]] = {}
    for _, n, figure in sorted(linked, key=lambda found: found[0]):
        event = figure.event
        linked_event = DatedEvent(entries[n].date, "", event.summary, event.entities, event.source)
        added.setdefault(n, []).append(linked_event)
    timeline = [
        TimelineEntry(e.id, e.date, e.summary, e.entities, (*e.sources, *added.get(n, ())))
        if n in added
        else e
        for n, e in enumerate(entries)
    ]
    state = LinkState(
        frozenset((key, entries[n].id) for key, found in by_key.items() for n in found),
        frozenset(open_groups),
    )
    return Linked(timeline, state)


def link_undated(
    entries: list[TimelineEntry], figures: Iterable[FigureMention]
) -> list[TimelineEntry]:
    """The timeline of :func:`link_figures`."""
    return link_figures(entries, figures).timeline
