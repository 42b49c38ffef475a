"""The JSON Schema of the ``storyledger/1`` document, shipped with the package.

::

    import jsonschema
    from storyledger.schema import load_schema

    jsonschema.validate(document, load_schema())

The same file validates ``storyledger extract`` output (documents, entities,
times, quantities, claims, events) and a whole exported case (which adds
``timeline``, ``conflicts`` and, per entity, ``members``). See docs/schema.md.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

#: File name of the schema inside this package.
SCHEMA_FILE = "storyledger-1.schema.json"


@cache
def _schema_text() -> str:
    return resources.files(__name__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """RETURNS (dict): a fresh copy of the draft 2020-12 JSON Schema for ``storyledger/1``."""
    schema: dict[str, Any] = json.loads(_schema_text())
    return schema


__all__ = ["SCHEMA_FILE", "load_schema"]
