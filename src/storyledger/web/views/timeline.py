"""Timeline: when things happened, who reported them, filterable by entity and dates."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from storyledger.ledger import Ledger
from storyledger.web import queries
from storyledger.web.cache import CaseCache
from storyledger.web.paging import Page, PageParams, page_params
from storyledger.web.rendering import cache_of, ledger_of, listing, render

router = APIRouter()

ISO_PREFIX = r"^\d{4}(-\d{2}(-\d{2})?)?$"
DATE = Query(pattern=ISO_PREFIX, description="ISO prefix: 2025, 2025-06 or 2025-06-02")
CHOICES = 80  # the most-mentioned entities offered in the filter
DEFAULT_SOURCES = 20
SOURCES = Query(ge=1, le=100_000, description="sources listed per event (sources_total: all)")
ENTITY = Query(max_length=120, description="a case entity id: only its events")


def _bounded(event: dict[str, Any], max_sources: int) -> dict[str, Any]:
    """An event with its first ``max_sources`` sources and ``sources_total``."""
    sources = event["sources"]
    return {**event, "sources": sources[:max_sources], "sources_total": len(sources)}


def timeline_data(
    ledger: Ledger,
    cache: CaseCache,
    params: PageParams,
    entity: str | None,
    date_from: str | None,
    date_to: str | None,
    max_sources: int = DEFAULT_SOURCES,
) -> dict[str, Any]:
    """RETURNS (dict): one page of events (as ``Ledger.timeline``), in date order."""
    events = cache.get(
        ("timeline", entity, date_from, date_to),
        lambda: ledger.timeline(entity=entity, date_from=date_from, date_to=date_to),
    )
    page = Page.from_list(events, params)
    page = dataclasses.replace(page, items=[_bounded(e, max_sources) for e in page.items])
    filters = {"entity": entity, "date_from": date_from, "date_to": date_to}
    return listing("events", page, filters=filters)


@router.get("/api/timeline", tags=["timeline"], summary="Events by happened-date")
def api_timeline(
    ledger: Annotated[Ledger, Depends(ledger_of)],
    cache: Annotated[CaseCache, Depends(cache_of)],
    params: Annotated[PageParams, Depends(page_params)],
    entity: Annotated[str | None, ENTITY] = None,
    date_from: Annotated[str | None, DATE] = None,
    date_to: Annotated[str | None, DATE] = None,
    max_sources: Annotated[int, SOURCES] = DEFAULT_SOURCES,
) -> dict[str, Any]:
    """Events (as ``Ledger.timeline``) with their date, summary, entities and sources;
    ``max_sources`` bounds the sources listed per event, ``sources_total`` counts all."""
    return timeline_data(ledger, cache, params, entity, date_from, date_to, max_sources)


@router.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
def timeline_page(
    request: Request,
    ledger: Annotated[Ledger, Depends(ledger_of)],
    cache: Annotated[CaseCache, Depends(cache_of)],
    params: Annotated[PageParams, Depends(page_params)],
    entity: Annotated[str | None, ENTITY] = None,
    date_from: Annotated[str | None, DATE] = None,
    date_to: Annotated[str | None, DATE] = None,
) -> HTMLResponse:
    """The axis (drawn by timeline.js from the JSON twin) and the events as a list."""
    data = timeline_data(ledger, cache, params, entity, date_from, date_to)
    people = ledger.case_entities(limit=CHOICES)
    wanted = {i for event in data["events"] for i in event.get("entities", [])}
    if entity:
        wanted.add(entity)
    names = {e["id"]: e["name"] for e in people}
    names.update(queries.entity_names(ledger, wanted - set(names)))
    context = {**data, "choices": people, "names": names, "api": request.url.query}
    return render(request, "timeline.html", context)
