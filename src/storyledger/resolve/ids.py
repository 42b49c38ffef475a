"""Ids for case-level records that stay the same from one resolution to the next.

A timeline entry or a conflict is named by a short hash of what identifies
it (its date and first report, its topic and first value), not by its rank:
adding an article that reports something earlier does not renumber
everything after it, so links and bookmarks keep working and the store
rewrites only the rows that really changed.
"""

from __future__ import annotations

import hashlib

#: Hex digits kept from the hash: 48 bits, ample for one case.
DIGITS = 12


class StableIds:
    """Makes ids ``<prefix><hash>`` from identifying parts; a repeat gets ``-2``, ``-3``..."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self._seen: dict[str, int] = {}

    def make(self, *parts: str) -> str:
        """RETURNS (str): the id for ``parts``, unique among the ids this object made."""
        digest = hashlib.sha1("\x1f".join(parts).encode(), usedforsecurity=False)
        base = f"{self.prefix}{digest.hexdigest()[:DIGITS]}"
        count = self._seen.get(base, 0) + 1
        self._seen[base] = count
        return base if count == 1 else f"{base}-{count}"
