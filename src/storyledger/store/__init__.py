"""The case store: one schema for SQLite and PostgreSQL, behind :class:`storyledger.ledger.Ledger`.

Modules: ``schema`` (tables), ``migrations`` (numbered upgrades), ``connect``
(paths, URLs, engines), ``records`` (records <-> rows), ``search`` (full
text), ``errors`` (StoreError and its coded messages).
"""

from __future__ import annotations

from storyledger.store.errors import LockedError, StoreError

__all__ = ["LockedError", "StoreError"]
