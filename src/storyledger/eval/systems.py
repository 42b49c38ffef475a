"""What each system predicted for one document, in one comparable shape.

storyledger's records and each peer's output are turned into the small
``Pred*`` records below, so a scorer never needs to know which system it is
looking at. Peers (dateparser, quantulum3, textacy) are imported lazily: they
are the optional ``[eval]`` extra, and a missing one only drops its column.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from spacy.tokens import Doc

from storyledger.eval.gold import PREDICTED_TYPES
from storyledger.eval.matching import Span
from storyledger.model import Claim, DocumentFacts, Entity

SYSTEM = "storyledger"
PEER = "peer"
PEER_PACKAGES = {"dateparser": "dateparser", "quantulum3": "quantulum3", "textacy": "textacy"}
INSTALL_PEERS = 'pip install ".[eval]"'


@dataclass(frozen=True, slots=True)
class PredSpan:
    """A predicted span with an optional label (entities, sentences)."""

    start: int
    end: int
    label: str | None = None

    @property
    def span(self) -> Span:
        """RETURNS (Span): ``(start, end)``."""
        return (self.start, self.end)


@dataclass(frozen=True, slots=True)
class PredTime:
    """A predicted time. ``moment`` is set by peers that have no granularity."""

    start: int
    end: int
    value: str | None
    moment: datetime | None = None

    @property
    def span(self) -> Span:
        """RETURNS (Span): ``(start, end)``."""
        return (self.start, self.end)


@dataclass(frozen=True, slots=True)
class PredQuantity:
    """A predicted quantity with value, unit and what it counts."""

    start: int
    end: int
    value: float
    unit: str | None
    counts: str | None

    @property
    def span(self) -> Span:
        """RETURNS (Span): ``(start, end)``."""
        return (self.start, self.end)


@dataclass(frozen=True, slots=True)
class PredClaim:
    """A predicted quote/statement/claim; ``speaker_names`` are the speaker's surface forms."""

    start: int
    end: int
    speaker_names: frozenset[str] = frozenset()

    @property
    def span(self) -> Span:
        """RETURNS (Span): ``(start, end)``."""
        return (self.start, self.end)


@dataclass(slots=True)
class SystemOutput:
    """One system's predictions for one document; ``None`` = the system lacks that feature."""

    entities: list[PredSpan] | None = None
    times: list[PredTime] | None = None
    quantities: list[PredQuantity] | None = None
    quotes: list[PredClaim] | None = None
    statements: list[PredClaim] | None = None
    hedged: list[PredClaim] | None = None
    denied: list[PredClaim] | None = None
    seconds: dict[str, float] = field(default_factory=dict)


# ---------------------------------------------------------------- storyledger


def _entity_names(entity: Entity) -> frozenset[str]:
    return frozenset([entity.name, *entity.aliases, *(m.text for m in entity.mentions)])


def _speaker_names(claim: Claim, entities: dict[str, Entity]) -> frozenset[str]:
    """The resolved entity's names; the raw speaker text only when it resolved to none."""
    if claim.speaker and claim.speaker in entities:
        return _entity_names(entities[claim.speaker])
    return frozenset([claim.speaker_text]) if claim.speaker_text else frozenset()


def storyledger_output(doc: Doc, facts: DocumentFacts, labels: frozenset[str]) -> SystemOutput:
    """RETURNS (SystemOutput): storyledger's records for one document."""
    entities = {entity.id: entity for entity in facts.entities}
    spans = doc._.sl_entity_spans or []

    def claims(test: Callable[[Claim], bool]) -> list[PredClaim]:
        return [
            PredClaim(c.start, c.end, _speaker_names(c, entities)) for c in facts.claims if test(c)
        ]

    return SystemOutput(
        entities=[
            PredSpan(s.start, s.end, PREDICTED_TYPES.get(s.label, s.label))
            for s in spans
            if s.label in labels
        ],
        times=[_storyledger_time(t.start, t.end, t.value, t.granularity) for t in facts.times],
        quantities=[
            PredQuantity(q.start, q.end, float(q.value), q.unit, q.counts) for q in facts.quantities
        ],
        quotes=claims(lambda c: c.kind == "quote"),
        statements=claims(lambda c: c.kind == "reported"),
        hedged=claims(lambda c: c.certainty == "hedged"),
        denied=claims(lambda c: c.certainty == "denied"),
    )


def _storyledger_time(start: int, end: int, value: str | None, grain: str) -> PredTime:
    # Durations and sets are labelled so story scoring (points in time only) can skip them.
    label = value if grain not in ("duration", "set") else f"~{grain}:{value}"
    return PredTime(start, end, label)


def is_point_in_time(time: PredTime) -> bool:
    """RETURNS (bool): False for storyledger durations/sets (marked with ``~``)."""
    return not (time.value or "").startswith("~")


# ---------------------------------------------------------------------- peers


def missing_peers() -> list[str]:
    """RETURNS (list[str]): peer packages that are not installed."""
    return [name for name, module in PEER_PACKAGES.items() if not importlib.util.find_spec(module)]


_HEDGE = re.compile(
    r"\b(may|might|could|possibly|probably|allegedly|reportedly|suspected|believed|"
    r"likely|perhaps|unclear)\b",
    re.IGNORECASE,
)
_DENY = re.compile(r"\b(deny|denied|denies|rejected|false)\b", re.IGNORECASE)
_CLOCK = re.compile(r"\d{1,2}[:.]\d{2}|\d\s*(?:am|pm|a\.m\.|p\.m\.)\b", re.IGNORECASE)


def word_list_output(doc: Doc) -> SystemOutput:
    """The hedge/denial baseline: a sentence is hedged if it holds a hedge word."""
    sentences = [(s.start_char, s.end_char, s.text) for s in doc.sents]
    return SystemOutput(
        hedged=[PredClaim(a, b) for a, b, text in sentences if _HEDGE.search(text)],
        denied=[PredClaim(a, b) for a, b, text in sentences if _DENY.search(text)],
    )


def spacy_entities(doc: Doc, labels: frozenset[str]) -> list[PredSpan]:
    """The raw spaCy NER of the same model, with storyledger's label filter."""
    return [
        PredSpan(ent.start_char, ent.end_char, PREDICTED_TYPES.get(ent.label_, ent.label_))
        for ent in doc.ents
        if ent.label_ in labels
    ]


def locate_in_order(text: str, pieces: Iterable[str]) -> list[Span | None]:
    """Find each returned substring, scanning forward (peers return them in text order)."""
    found: list[Span | None] = []
    cursor = 0
    for piece in pieces:
        start = text.find(piece, cursor)
        if start == -1:
            start = text.find(piece)
        if start == -1:
            found.append(None)
            continue
        found.append((start, start + len(piece)))
        cursor = start + len(piece)
    return found


def dateparser_times(text: str, published: date | None) -> list[PredTime]:
    """dateparser's ``search_dates`` as a time tagger, anchored on the publication date."""
    from dateparser.search import search_dates

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if published:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    try:
        results = search_dates(text, languages=["en"], settings=settings) or []
    except Exception:  # a peer crash counts as "found nothing", as in trafilatura's gate
        return []
    spans = locate_in_order(text, (piece for piece, _ in results))
    times = []
    for (piece, moment), span in zip(results, spans, strict=True):
        if span is None:
            continue
        shown = moment.strftime("%Y-%m-%dT%H:%M" if _CLOCK.search(piece) else "%Y-%m-%d")
        times.append(PredTime(span[0], span[1], shown, moment))
    return times


def quantulum_quantities(text: str) -> list[PredQuantity]:
    """quantulum3's parser (classifier off): value and unit; it does not say what is counted."""
    from quantulum3 import classifier, parser

    classifier.USE_CLF = False
    try:
        found = parser.parse(text)
    except Exception:  # a peer crash counts as "found nothing"
        return []
    quantities = []
    for quantity in found:
        unit = quantity.unit.name if quantity.unit is not None else None
        unit = None if unit == "dimensionless" else unit
        start, end = quantity.span
        quantities.append(PredQuantity(start, end, float(quantity.value), unit, None))
    return quantities


def textacy_quotes(doc: Doc) -> list[PredClaim]:
    """textacy's rule-based direct quotations; the speaker is its speaker tokens' text."""
    from textacy.extract.triples import direct_quotations

    quotes = []
    try:
        triples = list(direct_quotations(doc))
    except Exception:  # a peer crash counts as "found nothing"
        return []
    for triple in triples:
        speaker = " ".join(token.text for token in triple.speaker)
        quotes.append(
            PredClaim(
                triple.content.start_char,
                triple.content.end_char,
                frozenset([speaker]) if speaker else frozenset(),
            )
        )
    return quotes
