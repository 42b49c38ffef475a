"""Records to rows and back: one row per record, lists as JSON text.

The conversion is generic over the frozen dataclasses of
:mod:`storyledger.model`, driven by their type hints, so a field added to a
record only needs a column of the same name.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import typing
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from storyledger.model import (
    Claim,
    Document,
    DocumentFacts,
    Entity,
    Event,
    Mention,
    Quantity,
    TimeExpr,
)

R = TypeVar("R")

Row = dict[str, Any]
RowLike = Mapping[Any, Any]  # a dict or an SQLAlchemy RowMapping

RECORD_KINDS: dict[str, type[Any]] = {
    "times": TimeExpr,
    "quantities": Quantity,
    "claims": Claim,
    "events": Event,
}


def dump_list(values: Sequence[Any]) -> str:
    """RETURNS (str): a list as JSON text, non-ASCII kept readable."""
    return json.dumps(list(values), ensure_ascii=False)


def dump_state(state: dict[str, Any]) -> str:
    """RETURNS (str): a conflict state as JSON text, keys sorted: the same state
    always gives the same text, whatever order its dictionaries were filled in
    (outlets come from sets), so a full pass rewrites only states that changed."""
    return json.dumps(state, sort_keys=True)


def load_list(text: str | None) -> tuple[Any, ...]:
    """RETURNS (tuple): a JSON list column back as a tuple (``()`` for NULL)."""
    if not text or text == "[]":  # most lists are empty: skip the JSON parser
        return ()
    return tuple(json.loads(text))


_HINTS: dict[type[Any], dict[str, Any]] = {}


def _field_hints(cls: type[Any]) -> dict[str, Any]:
    """The resolved type hints of a record class (its annotations are strings), cached."""
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _is_tuple(hint: Any) -> bool:
    return typing.get_origin(hint) is tuple


def _from_column(hint: Any, value: Any) -> Any:
    """Undo what a column does to a field: JSON lists, 0/1 booleans, REAL numbers."""
    if value is None:
        return None
    if _is_tuple(hint):
        return load_list(value)
    if hint is bool:
        return bool(value)
    if isinstance(value, float) and value.is_integer() and int in typing.get_args(hint):
        return int(value)
    return value


def record_row(record: Any, idx: int) -> Row:
    """RETURNS (Row): a record's fields as column values, plus its list position."""
    row: Row = {"idx": idx}
    for field in dataclasses.fields(record):
        value = getattr(record, field.name)
        row[field.name] = dump_list(value) if isinstance(value, tuple) else value
    return row


def row_record(cls: type[R], row: RowLike) -> R:
    """RETURNS (R): the record of class ``cls`` rebuilt from its row."""
    hints = _field_hints(cls)
    values = {
        f.name: _from_column(hints[f.name], row[f.name])
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
    }
    return cls(**values)


def document_row(facts: DocumentFacts, added_at: dt.datetime) -> Row:
    """RETURNS (Row): the ``documents`` row, text and warnings included."""
    row = record_row(facts.document, 0)
    del row["idx"]
    row.update(
        text=facts.text,
        warnings=dump_list(facts.warnings),
        added_at=added_at.isoformat(timespec="microseconds"),
    )
    return row


def sentence_rows(facts: DocumentFacts) -> list[Row]:
    """RETURNS (list[Row]): one row per sentence, with its text for search."""
    doc = facts.document.id
    return [
        {"doc": doc, "idx": idx, "start": start, "end": end, "text": facts.text[start:end]}
        for idx, (start, end) in enumerate(facts.sentences)
    ]


def entity_rows(facts: DocumentFacts) -> tuple[list[Row], list[Row]]:
    """RETURNS (tuple): ``doc_entities`` rows and ``mentions`` rows."""
    doc = facts.document.id
    entities: list[Row] = []
    mentions: list[Row] = []
    for idx, entity in enumerate(facts.entities):
        entities.append(
            {
                "doc": doc,
                "local_id": entity.id,
                "idx": idx,
                "name": entity.name,
                "type": entity.type,
                "aliases": dump_list(entity.aliases),
                "merged_because": dump_list(entity.merged_because),
            }
        )
        for m_idx, mention in enumerate(entity.mentions):
            row = record_row(mention, m_idx)
            row.update(entity_local_id=entity.id, type=entity.type)
            mentions.append(row)
    return entities, mentions


def record_rows(facts: DocumentFacts) -> dict[str, list[Row]]:
    """RETURNS (dict): rows for ``times``, ``quantities``, ``claims``, ``events``."""
    return {
        kind: [record_row(record, idx) for idx, record in enumerate(getattr(facts, kind))]
        for kind in RECORD_KINDS
    }


def row_document(row: RowLike) -> Document:
    """RETURNS (Document): the document record of a ``documents`` row."""
    return row_record(Document, row)


def row_entity(row: RowLike, mention_rows: Sequence[RowLike]) -> Entity:
    """RETURNS (Entity): a doc-local entity with its mentions, in stored order."""
    return Entity(
        id=row["local_id"],
        name=row["name"],
        type=row["type"],
        aliases=load_list(row["aliases"]),
        merged_because=load_list(row["merged_because"]),
        mentions=tuple(row_record(Mention, m) for m in mention_rows),
    )


def chunks(items: list[str], size: int = 500) -> list[list[str]]:
    """RETURNS: ``items`` in slices of ``size``, for ``IN (...)`` lists under driver limits."""
    return [items[n : n + size] for n in range(0, len(items), size)]
