"""What a reader hands to extraction: normalised text plus metadata."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """One article, read and normalised (NFC, ``\\n`` line ends, header removed).

    The headline, when known, is kept as the first paragraph of ``text``:
    headlines carry claims ("Four feared dead") that must be sourced too.
    """

    text: str
    source: str
    title: str | None = None
    outlet: str | None = None
    published: date | None = None
    url: str | None = None
    language: str | None = None

    @property
    def sha256(self) -> str:
        """RETURNS (str): hex SHA-256 of the normalised text: the document's identity."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def id(self) -> str:
        """RETURNS (str): short document id (first 12 hex digits of ``sha256``)."""
        return self.sha256[:12]
