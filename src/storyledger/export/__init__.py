"""Output formats for an ``Extraction``: the ``storyledger/1`` JSON document and rich tables."""

from __future__ import annotations

from storyledger.export.json import to_json
from storyledger.export.table import print_tables

__all__ = ["print_tables", "to_json"]
