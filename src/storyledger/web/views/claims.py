"""Who said what: quotes and statements by speaker, with certainty badges."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from storyledger.ledger import Ledger
from storyledger.store import schema
from storyledger.store.case_views import claim_conditions
from storyledger.web import queries, windows
from storyledger.web.cache import CaseCache
from storyledger.web.paging import PageParams, page_params
from storyledger.web.rendering import cache_of, ledger_of, listing, render

router = APIRouter()

Certainty = Literal["asserted", "hedged", "question", "denied"]
KindChoice = Literal["said", "quote", "reported", "narrative", "all"]
KINDS: dict[str, tuple[str, ...]] = {
    "said": ("quote", "reported"),
    "quote": ("quote",),
    "reported": ("reported",),
    "narrative": ("narrative",),
    "all": (),
}
ENTITY_ID = Query(max_length=120, description="a case entity id (or a doc-local one)")


def claims_data(
    ledger: Ledger,
    cache: CaseCache,
    params: PageParams,
    speaker: str | None,
    certainty: str | None,
    kind: str,
    doc: str | None,
) -> dict[str, Any]:
    """RETURNS (dict): one page of claims (as ``Ledger.claims``) and their speakers' names."""
    conditions = claim_conditions(speaker, certainty, KINDS[kind])
    if doc:
        conditions.append(schema.claims.c.doc == doc)
    key = (speaker, certainty, kind, doc)
    page = windows.records(ledger, cache, "claims", params, conditions, key)
    pairs = [(c["doc"], c["speaker"]) for c in page.items if c["speaker"]]
    names = queries.local_entities(ledger, pairs)
    speakers = {f"{d}/{s}": names[(d, s)] for d, s in pairs if (d, s) in names}
    return listing("claims", page, speakers=speakers)


@router.get("/api/claims", tags=["claims"], summary="Claims by speaker and certainty")
def api_claims(
    ledger: Annotated[Ledger, Depends(ledger_of)],
    cache: Annotated[CaseCache, Depends(cache_of)],
    params: Annotated[PageParams, Depends(page_params)],
    speaker: Annotated[str | None, ENTITY_ID] = None,
    certainty: Certainty | None = None,
    kind: KindChoice = "said",
    doc: Annotated[str | None, Query(max_length=64)] = None,
) -> dict[str, Any]:
    """Claims as ``Ledger.claims``; ``kind=said`` (default) keeps quotes and reported
    statements. ``speakers`` maps ``doc/local_id`` to the speaker's case entity."""
    return claims_data(ledger, cache, params, speaker, certainty, kind, doc)


@router.get("/claims", response_class=HTMLResponse, include_in_schema=False)
def claims_page(
    request: Request,
    ledger: Annotated[Ledger, Depends(ledger_of)],
    cache: Annotated[CaseCache, Depends(cache_of)],
    params: Annotated[PageParams, Depends(page_params)],
    speaker: Annotated[str | None, ENTITY_ID] = None,
    certainty: Certainty | None = None,
    kind: KindChoice = "said",
    doc: Annotated[str | None, Query(max_length=64)] = None,
) -> HTMLResponse:
    """Speakers with most claims on the side; the claims, filtered, in the middle."""
    data = claims_data(ledger, cache, params, speaker, certainty, kind, doc)
    context = {
        **data,
        "top": cache.get(("speakers",), lambda: queries.top_speakers(ledger)),
        "filters": {"speaker": speaker, "certainty": certainty, "kind": kind, "doc": doc},
        "certainties": ("asserted", "hedged", "question", "denied"),
        "kinds": tuple(KINDS),
    }
    return render(request, "claims.html", context)
