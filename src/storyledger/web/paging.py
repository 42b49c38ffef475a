"""Pagination: every listing page and its JSON twin take ``limit`` and ``offset``.

A page fetches one row more than it shows, so it knows whether a next page
exists without counting the whole listing (counting 100,000 claims on every
request would make a big case slow).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Query

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


@dataclass(frozen=True, slots=True)
class PageParams:
    """The window a request asks for."""

    limit: int = DEFAULT_LIMIT
    offset: int = 0

    @property
    def fetch(self) -> int:
        """RETURNS (int): rows to ask for: one more than shown, to detect a next page."""
        return self.limit + 1


def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="rows per page")] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="rows to skip")] = 0,
) -> PageParams:
    """FastAPI dependency: ``?limit=&offset=``, validated (a bad value is a 400)."""
    return PageParams(limit=limit, offset=offset)


@dataclass(frozen=True, slots=True)
class Page:
    """One window of a listing. ``total`` is None where counting would be slow."""

    items: list[Any]
    limit: int
    offset: int
    has_next: bool
    total: int | None = None

    @classmethod
    def from_fetched(
        cls, rows: Sequence[Any], params: PageParams, total: int | None = None
    ) -> Page:
        """Build a page from up to ``params.fetch`` rows starting at ``params.offset``."""
        return cls(
            items=list(rows[: params.limit]),
            limit=params.limit,
            offset=params.offset,
            has_next=len(rows) > params.limit,
            total=total,
        )

    @classmethod
    def from_list(cls, rows: Sequence[Any], params: PageParams) -> Page:
        """Cut a page out of a complete listing (its total is then known)."""
        window = rows[params.offset : params.offset + params.fetch]
        return cls.from_fetched(window, params, total=len(rows))

    @property
    def next_offset(self) -> int | None:
        """RETURNS (int | None): the offset of the next page, None on the last."""
        return self.offset + self.limit if self.has_next else None

    @property
    def prev_offset(self) -> int | None:
        """RETURNS (int | None): the offset of the previous page, None on the first."""
        return max(0, self.offset - self.limit) if self.offset > 0 else None

    def meta(self) -> dict[str, Any]:
        """RETURNS (dict): the ``page`` object of a JSON twin."""
        return {
            "limit": self.limit,
            "offset": self.offset,
            "next_offset": self.next_offset,
            "total": self.total,
        }
