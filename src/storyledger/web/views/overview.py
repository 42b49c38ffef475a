"""Overview: what is in the case at a glance."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from storyledger.ledger import Ledger
from storyledger.web import windows
from storyledger.web.cache import CaseCache
from storyledger.web.paging import PageParams, page_params
from storyledger.web.rendering import cache_of, ledger_of, render
from storyledger.web.views.figures import conflicts_of, value_names

router = APIRouter()

TOP = 10


def overview_data(ledger: Ledger, cache: CaseCache, params: PageParams) -> dict[str, Any]:
    """Documents (one page), counts, the biggest conflicts, the most-mentioned names."""
    documents = windows.documents(ledger, cache, params)
    return {
        "schema": "storyledger/1",
        "counts": cache.get(("counts",), ledger.counts),
        "documents": documents.items,
        "page": documents.meta(),
        "conflicts": conflicts_of(ledger, cache, PageParams(limit=5)).items,
        "people": ledger.case_entities(type="PERSON", limit=TOP),
        "organisations": ledger.case_entities(type="ORG", limit=TOP),
    }


@router.get("/api/overview", tags=["overview"], summary="The case at a glance")
def api_overview(
    ledger: Annotated[Ledger, Depends(ledger_of)],
    cache: Annotated[CaseCache, Depends(cache_of)],
    params: Annotated[PageParams, Depends(page_params)],
) -> dict[str, Any]:
    """Counts per table, a page of documents, the five biggest conflicts, and the
    most-mentioned people and organisations."""
    return overview_data(ledger, cache, params)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def overview_page(
    request: Request,
    ledger: Annotated[Ledger, Depends(ledger_of)],
    cache: Annotated[CaseCache, Depends(cache_of)],
    params: Annotated[PageParams, Depends(page_params)],
) -> HTMLResponse:
    """The overview page."""
    data = overview_data(ledger, cache, params)
    names = value_names(ledger, data["conflicts"])
    return render(request, "overview.html", {**data, "names": names})
