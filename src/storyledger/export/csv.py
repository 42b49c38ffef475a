"""The case as CSV: one file per table, into one folder.

Nested records are flattened into their own tables (an entity's mentions
into ``mentions.csv`` with an ``entity`` column, a conflict's values into
``conflict_values.csv`` with a ``conflict`` column), so each file is a flat
table a spreadsheet, pandas or ``sqlite-utils insert --csv`` reads as is.
Lists are JSON text (``["Brekke"]``); unknown values are empty cells;
booleans are ``true``/``false``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from storyledger.export.files import file_in, write_text_atomic

Row = dict[str, Any]

_SPAN = ("doc", "start", "end")

#: File stem -> columns, in the order the files are written.
TABLES: dict[str, tuple[str, ...]] = {
    "documents": (
        "id", "sha256", "title", "outlet", "published", "language", "source", "chars", "url",
    ),
    "entities": ("id", "name", "type", "aliases", "merged_because", "mentions", "documents"),
    "entity_members": ("entity", "doc", "local_id", "name", "reason"),
    "mentions": ("entity", *_SPAN, "text", "sentence"),
    "times": (*_SPAN, "text", "value", "granularity", "anchor", "type", "sentence"),
    "quantities": (
        *_SPAN, "text", "value", "unit", "counts", "approximate", "modifier", "sentence",
    ),
    "claims": (
        *_SPAN, "text", "kind", "speaker", "speaker_entity", "speaker_text", "certainty",
        "cue", "sentence",
    ),
    "events": (
        *_SPAN, "date", "date_text", "summary", "entities", "case_entities", "published",
        "sentence",
    ),
    "timeline": ("id", "date", "summary", "entities", "first_reported"),
    "timeline_sources": (
        "entry", "doc", "outlet", "published", "start", "end", "sentence", "date_text", "summary",
    ),
    "conflicts": ("id", "topic", "kind", "severity"),
    "conflict_values": (
        "conflict", "value", "doc", "outlet", "published", "start", "end", "sentence", "text",
    ),
}  # fmt: skip


def table_rows(case: Row) -> dict[str, list[Row]]:
    """RETURNS (dict): file stem -> rows, the case document flattened into tables."""
    entities = case["entities"]
    return {
        "documents": case["documents"],
        "entities": [{**e, "mentions": len(e["mentions"])} for e in entities],
        "entity_members": _children(entities, "members", "entity"),
        "mentions": _children(entities, "mentions", "entity"),
        "times": case["times"],
        "quantities": case["quantities"],
        "claims": case["claims"],
        "events": case["events"],
        "timeline": case.get("timeline", []),
        "timeline_sources": _children(case.get("timeline", []), "sources", "entry"),
        "conflicts": case.get("conflicts", []),
        "conflict_values": _children(case.get("conflicts", []), "values", "conflict"),
    }


def _children(parents: Iterable[Row], key: str, parent_column: str) -> list[Row]:
    """The nested rows under ``key`` of every parent, each with its parent's id."""
    return [{parent_column: parent["id"], **child} for parent in parents for child in parent[key]]


def cell(value: Any) -> str:
    """RETURNS (str): a CSV cell: "" for None, JSON text for lists and objects."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def table_text(columns: Sequence[str], rows: Iterable[Row]) -> str:
    """RETURNS (str): a header line and one line per row, quoted where needed.

    The csv module quotes any cell with a comma, a quote or a line break, so
    article text with all three survives a round trip.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row.get(column)) for column in columns])
    return buffer.getvalue()


def write_csv(case: Row, folder: Path) -> list[Path]:
    """Write one ``<table>.csv`` per table into ``folder`` (which must exist).

    RETURNS (list[Path]): the files written, in :data:`TABLES` order.
    RAISES (ConfigError): [E210] a file cannot be written.
    """
    written = []
    for name, rows in table_rows(case).items():
        path = file_in(folder, f"{name}.csv")
        write_text_atomic(path, table_text(TABLES[name], rows))
        written.append(path)
    return written
