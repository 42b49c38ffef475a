"""Readers: files, standard input, HTML pages and JSON Lines into ``SourceDocument``.

``read_sources`` is the entry point; see ``sources`` for how the reader is
chosen and ``text`` for how the stored text is normalised.
"""

from __future__ import annotations

from storyledger.ingest.base import SourceDocument
from storyledger.ingest.published import parse_published
from storyledger.ingest.sources import Item, OnError, read_sources, report_errors, with_language
from storyledger.ingest.text import document_from_text

__all__ = [
    "Item",
    "OnError",
    "SourceDocument",
    "document_from_text",
    "parse_published",
    "read_sources",
    "report_errors",
    "with_language",
]
