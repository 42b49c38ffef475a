"""One listing (entities, timeline, conflicts, ...) as a table, JSON or CSV.

Every case command takes ``--format table|json|csv``: JSON is the
``storyledger/1`` document with just that list, CSV has one row per record
(lists as JSON text), and the table shows the named columns, shortened.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from storyledger.export.table import shorten
from storyledger.model import SCHEMA

Row = dict[str, Any]


def _flat(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def to_csv(rows: Sequence[Row]) -> str:
    """RETURNS (str): the rows as CSV, header from the union of their keys."""
    fields: dict[str, None] = {}
    for row in rows:
        fields.update(dict.fromkeys(row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _flat(value) for key, value in row.items()})
    return out.getvalue()


def to_listing_json(name: str, rows: Sequence[Row]) -> str:
    """RETURNS (str): ``{"schema": "storyledger/1", name: rows}``, indented."""
    return json.dumps({"schema": SCHEMA, name: list(rows)}, indent=2, ensure_ascii=False)


def _cell(value: Any, width: int) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return shorten(str(value), width)


def print_listing(
    title: str,
    rows: Sequence[Row],
    columns: Sequence[tuple[str, int]],
    console: Console | None = None,
) -> None:
    """Print ``rows`` as a rich table of ``columns`` (name, max width)."""
    table = Table(title=f"{title} ({len(rows)})", title_justify="left", show_lines=False)
    for name, _width in columns:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*(_cell(row.get(name), width) for name, width in columns))
    (console or Console()).print(table)


def emit(
    name: str,
    rows: Sequence[Row],
    output_format: str,
    columns: Sequence[tuple[str, int]],
    console: Console | None = None,
) -> str | None:
    """Render a listing: RETURNS the text for json/csv, prints the table itself."""
    if output_format == "json":
        return to_listing_json(name, rows)
    if output_format == "csv":
        return to_csv(rows)
    print_listing(name, rows, columns, console)
    return None
