"""Whole-case reads kept until the case changes.

Conflicts, the timeline, an entity's mentions and the figure groups are read
from every row of the case; on a 10,000-article case that is too slow to do
on every request. A reporter's app mostly reads, so each such result is kept
until the case's *version* changes: the number of documents, the last user
correction, and the ``meta`` rows that resolution writes. Reading the version
costs three tiny queries, so a change made by another process (``storyledger
add`` in a terminal) is seen on the next request.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import sqlalchemy as sa

from storyledger.ledger import Ledger
from storyledger.store import schema
from storyledger.web.queries import read

T = TypeVar("T")

MAX_ENTRIES = 128


def case_version(ledger: Ledger) -> tuple[Any, ...]:
    """RETURNS (tuple): changes whenever documents, corrections or resolution change."""
    documents = sa.select(sa.func.count()).select_from(schema.documents)
    corrections = sa.select(sa.func.max(schema.user_corrections.c.id))
    meta = sa.select(schema.meta.c.key, schema.meta.c.value).order_by(schema.meta.c.key)

    def work(conn: sa.Connection) -> tuple[Any, ...]:
        return (
            conn.execute(documents).scalar_one(),
            conn.execute(corrections).scalar_one(),
            tuple(conn.execute(meta).tuples()),
        )

    return read(ledger, work)


class CaseCache:
    """A small LRU of results, emptied when :func:`case_version` changes."""

    def __init__(self, ledger: Ledger, max_entries: int = MAX_ENTRIES) -> None:
        self._ledger = ledger
        self._max = max_entries
        self._lock = threading.Lock()
        self._version: tuple[Any, ...] | None = None
        self._items: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """RETURNS (T): the kept result for ``key``, computing it when missing or stale."""
        version = case_version(self._ledger)
        with self._lock:
            if version != self._version:
                self._items.clear()
                self._version = version
            if key in self._items:
                self._items.move_to_end(key)
                value: T = self._items[key]
                return value
        value = compute()
        with self._lock:
            if version == self._version:
                self._items[key] = value
                while len(self._items) > self._max:
                    self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget everything (after this app changed the case)."""
        with self._lock:
            self._items.clear()
            self._version = None
