"""The ``storyledger/1`` JSON document, as every JSON-printing command writes it."""

from __future__ import annotations

import json

from storyledger.model import Extraction


def to_json(extraction: Extraction, *, indent: int | None = 2) -> str:
    """RETURNS (str): the extraction as JSON, non-ASCII kept readable ("Radić", "€")."""
    return json.dumps(extraction.to_dict(), ensure_ascii=False, indent=indent)
