"""Readable tables (rich): one table per list of the ``storyledger/1`` document.

For reading at a terminal, not for parsing: long texts are shortened, and
every row keeps its document id and offsets so it can be found in the text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from storyledger.model import Claim, Document, Entity, Event, Extraction, Quantity, TimeExpr

#: Longest claim or summary text shown before it is cut with "…".
MAX_TEXT = 80

Column = tuple[str, Callable[[Any], object]]


def shorten(text: str | None, limit: int = MAX_TEXT) -> str:
    """RETURNS (str): ``text`` on one line, cut to ``limit`` characters with "…"."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _offsets(record: Any) -> str:
    return f"{record.start}-{record.end}"


def _cell(value: object) -> str:
    """RETURNS (str): a cell; None shows as an empty cell, not "None"."""
    return "" if value is None else str(value)


DOCUMENT_COLUMNS: Sequence[Column] = (
    ("id", lambda d: d.id),
    ("title", lambda d: shorten(d.title, 50)),
    ("outlet", lambda d: d.outlet),
    ("published", lambda d: d.published),
    ("lang", lambda d: d.language),
    ("chars", lambda d: d.chars),
    ("source", lambda d: d.source),
)
ENTITY_COLUMNS: Sequence[Column] = (
    ("id", lambda e: e.id),
    ("name", lambda e: e.name),
    ("type", lambda e: e.type),
    ("aliases", lambda e: ", ".join(e.aliases)),
    ("mentions", lambda e: len(e.mentions)),
    ("doc", lambda e: e.mentions[0].doc if e.mentions else None),
)
TIME_COLUMNS: Sequence[Column] = (
    ("doc", lambda t: t.doc),
    ("offset", _offsets),
    ("text", lambda t: t.text),
    ("value", lambda t: t.value),
    ("granularity", lambda t: t.granularity),
    ("anchor", lambda t: t.anchor),
)
QUANTITY_COLUMNS: Sequence[Column] = (
    ("doc", lambda q: q.doc),
    ("offset", _offsets),
    ("text", lambda q: q.text),
    ("value", lambda q: q.value),
    ("unit", lambda q: q.unit),
    ("counts", lambda q: q.counts),
    ("approx", lambda q: "yes" if q.approximate else ""),
)
CLAIM_COLUMNS: Sequence[Column] = (
    ("doc", lambda c: c.doc),
    ("offset", _offsets),
    ("kind", lambda c: c.kind),
    ("certainty", lambda c: c.certainty),
    ("speaker", lambda c: c.speaker_text),
    ("text", lambda c: shorten(c.text)),
)
EVENT_COLUMNS: Sequence[Column] = (
    ("date", lambda e: e.date),
    ("date text", lambda e: e.date_text),
    ("summary", lambda e: shorten(e.summary)),
    ("doc", lambda e: e.doc),
    ("offset", _offsets),
)

#: (title, Extraction attribute, columns) for every table, in output order.
TABLES: Sequence[tuple[str, str, Sequence[Column]]] = (
    ("Documents", "documents", DOCUMENT_COLUMNS),
    ("Entities", "entities", ENTITY_COLUMNS),
    ("Times", "times", TIME_COLUMNS),
    ("Quantities", "quantities", QUANTITY_COLUMNS),
    ("Claims", "claims", CLAIM_COLUMNS),
    ("Events", "events", EVENT_COLUMNS),
)


def make_table(
    title: str,
    records: Sequence[Document | Entity | TimeExpr | Quantity | Claim | Event],
    columns: Sequence[Column],
) -> Table:
    """RETURNS (Table): one row per record, titled with the record count."""
    table = Table(title=f"{title} ({len(records)})", title_justify="left")
    for header, _ in columns:
        table.add_column(header, overflow="fold")
    for record in records:
        table.add_row(*(_cell(value(record)) for _, value in columns))
    return table


def print_tables(extraction: Extraction, console: Console | None = None) -> None:
    """Print one table per list of ``extraction`` (an empty list prints its header row only)."""
    console = console or Console()
    for title, name, columns in TABLES:
        console.print(make_table(title, getattr(extraction, name), columns))
