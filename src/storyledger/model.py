"""The records storyledger produces: frozen dataclasses with ``to_dict()``.

Every record that points into a document carries ``doc`` (the document id),
``start``/``end`` (Python string indices into the document's stored text, so
``text[start:end] == record.text``) and ``sentence`` (0-based index of the
sentence in that document). The dictionaries follow the ``storyledger/1``
JSON contract described in ``docs/schema.md``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA = "storyledger/1"

EntityType = Literal["PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"]
Granularity = Literal["year", "month", "week", "day", "minute", "duration", "set"]
Anchor = Literal["absolute", "publication", "narrative"]
ClaimKind = Literal["quote", "reported", "narrative"]
Certainty = Literal["asserted", "hedged", "question", "denied"]
Modifier = Literal["approx", "more_than", "less_than", "up_to", "at_least"]


def _plain(value: Any) -> Any:
    """Turn tuples and nested records into JSON-ready lists and dicts."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


class Record:
    """Mixin: ``to_dict()`` for every record."""

    def to_dict(self) -> dict[str, Any]:
        """RETURNS (dict): the record as plain JSON-ready data."""
        data = _plain(self)
        assert isinstance(data, dict)
        return data


@dataclass(frozen=True, slots=True)
class Document(Record):
    """One ingested article. ``id`` is the first 12 hex digits of ``sha256``."""

    id: str
    sha256: str
    title: str | None
    outlet: str | None
    published: str | None
    language: str | None
    source: str
    chars: int
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Mention(Record):
    """One place in one document where an entity is named."""

    doc: str
    start: int
    end: int
    text: str
    sentence: int


@dataclass(frozen=True, slots=True)
class Entity(Record):
    """A person, organisation, place, facility, group or event, with its mentions.

    ``merged_because`` holds one human-readable reason per alias merged into
    this entity, so every merge can be explained.
    """

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    merged_because: tuple[str, ...]
    mentions: tuple[Mention, ...]


@dataclass(frozen=True, slots=True)
class TimeExpr(Record):
    """A date or time expression resolved to an ISO 8601 value.

    ``value`` is an ISO prefix (``2020``, ``2020-05``, ``2020-05-07``,
    ``2020-W12``, ``2020-05-07T14:30``) or a duration (``P2D``); ``None`` when
    it cannot be resolved. ``anchor`` says what the value was resolved
    against: nothing (``absolute``), the publication date (``publication``)
    or the story's current date (``narrative``).
    """

    doc: str
    start: int
    end: int
    text: str
    value: str | None
    granularity: str
    anchor: str
    type: str
    sentence: int


@dataclass(frozen=True, slots=True)
class Quantity(Record):
    """A number with its unit and what it counts ("13 planes", "€3m")."""

    doc: str
    start: int
    end: int
    text: str
    value: float | int
    unit: str | None
    counts: str | None
    approximate: bool
    modifier: str | None
    sentence: int


@dataclass(frozen=True, slots=True)
class Claim(Record):
    """A quote, a reported statement or a narrative sentence, with certainty.

    For quotes, ``text`` is the words inside the quotation marks. ``speaker``
    is an entity id when the speaker resolves to a named entity.
    """

    doc: str
    start: int
    end: int
    text: str
    kind: str
    speaker: str | None
    speaker_text: str | None
    certainty: str
    sentence: int
    cue: str | None = None


@dataclass(frozen=True, slots=True)
class Event(Record):
    """A timeline entry: a sentence with a resolved date and a main verb."""

    date: str
    date_text: str
    summary: str
    entities: tuple[str, ...]
    doc: str
    start: int
    end: int
    published: str | None
    sentence: int


@dataclass(frozen=True, slots=True)
class DocumentFacts(Record):
    """Everything extracted from one document: the unit of work of ``extract``."""

    document: Document
    text: str
    sentences: tuple[tuple[int, int], ...]
    entities: tuple[Entity, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    claims: tuple[Claim, ...] = ()
    events: tuple[Event, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Extraction(Record):
    """The ``storyledger/1`` result for one or more documents."""

    documents: tuple[Document, ...] = ()
    entities: tuple[Entity, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    claims: tuple[Claim, ...] = ()
    events: tuple[Event, ...] = ()
    texts: dict[str, str] = field(default_factory=dict, compare=False)

    @classmethod
    def from_facts(cls, facts: Iterable[DocumentFacts]) -> Extraction:
        """Concatenate per-document results into one extraction."""
        items = list(facts)
        return cls(
            documents=tuple(f.document for f in items),
            entities=tuple(e for f in items for e in f.entities),
            times=tuple(t for f in items for t in f.times),
            quantities=tuple(q for f in items for q in f.quantities),
            claims=tuple(c for f in items for c in f.claims),
            events=tuple(e for f in items for e in f.events),
            texts={f.document.id: f.text for f in items},
        )

    def to_dict(self) -> dict[str, Any]:
        """RETURNS (dict): the ``storyledger/1`` JSON document (texts left out)."""
        data: dict[str, Any] = {"schema": SCHEMA}
        for name in ("documents", "entities", "times", "quantities", "claims", "events"):
            data[name] = [record.to_dict() for record in getattr(self, name)]
        return data
