"""Search over every sentence of the case, with the matched words highlighted."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from storyledger.ledger import Ledger
from storyledger.store.search import MARK_END, MARK_START
from storyledger.web.paging import Page, PageParams, page_params
from storyledger.web.rendering import ledger_of, listing, render

router = APIRouter()

QUERY = Query(
    min_length=1,
    max_length=500,
    description='words and "quoted phrases"; AND, OR, NOT in capitals (FTS5 on SQLite)',
)


def snippet_pieces(snippet: str) -> list[tuple[str, bool]]:
    """Split a snippet at its ``**`` marks: (text, matched) pairs, printed escaped."""
    parts = snippet.split(MARK_START) if MARK_START == MARK_END else [snippet]
    return [(part, i % 2 == 1) for i, part in enumerate(parts) if part]


def search_data(ledger: Ledger, q: str, params: PageParams) -> dict[str, Any]:
    """RETURNS (dict): one page of hits (as ``Ledger.search``); bad syntax raises E406."""
    hits = ledger.search(q, limit=params.offset + params.fetch)
    page = Page.from_fetched(hits[params.offset :], params)
    return listing("hits", page, query=q)


@router.get("/api/search", tags=["search"], summary="Full-text search over sentences")
def api_search(
    q: Annotated[str, QUERY],
    ledger: Annotated[Ledger, Depends(ledger_of)],
    params: Annotated[PageParams, Depends(page_params)],
) -> dict[str, Any]:
    """Hits best first, as ``Ledger.search``: matched words in ``snippet`` are in ``**``.
    A malformed query is a 400 with the reason."""
    return search_data(ledger, q, params)


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def search_page(
    request: Request,
    ledger: Annotated[Ledger, Depends(ledger_of)],
    params: Annotated[PageParams, Depends(page_params)],
    q: Annotated[str, Query(max_length=500)] = "",
) -> HTMLResponse:
    """The search form, and the hits when a query is given."""
    context: dict[str, Any] = {"query": q, "hits": [], "page": None, "pieces": snippet_pieces}
    if q.strip():
        data = search_data(ledger, q, params)
        context.update(hits=data["hits"], page=data["page"])
    return render(request, "search.html", context)
