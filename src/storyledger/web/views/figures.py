"""Figures: quantities grouped by what they count, and the conflicts side by side."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from storyledger.ledger import Ledger
from storyledger.web import queries, windows
from storyledger.web.cache import CaseCache
from storyledger.web.paging import Page, PageParams, page_params
from storyledger.web.rendering import cache_of, ledger_of, listing, render, sides

router = APIRouter()

TOP_CONFLICTS = 20
MAX_VALUES = 50
COUNTS = Query(max_length=200, description="what the quantities count, e.g. planes (any case)")


def conflicts_of(
    ledger: Ledger, cache: CaseCache, params: PageParams, topic: str | None = None
) -> Page:
    """A window of the conflict ledger, hard conflicts first (kept until the case changes).

    Each conflict keeps its first ``MAX_VALUES`` values (``values_total`` says
    how many there are) and gets ``sides``: one entry per distinct value with
    its first sources, for showing the sources side by side.
    """

    def build() -> Page:
        page = queries.conflicts_page(ledger, params, topic)
        items = [
            {
                **c,
                "values": c["values"][:MAX_VALUES],
                "values_total": len(c["values"]),
                "sides": sides(c),
            }
            for c in page.items
        ]
        return dataclasses.replace(page, items=items)

    return cache.get(("conflicts", params, topic), build)


def value_names(ledger: Ledger, conflicts: list[dict[str, Any]]) -> dict[str, str]:
    """RETURNS (dict): entity id → name for attribution conflicts, whose values are ids."""
    ids = [v["value"] for c in conflicts for v in c["values"] if isinstance(v["value"], str)]
    return queries.entity_names(ledger, ids)


def figures_data(
    ledger: Ledger, cache: CaseCache, params: PageParams, counts: str | None
) -> dict[str, Any]:
    """Groups of quantities (what is counted, how many reports, which values)."""
    if counts:
        conditions = queries.quantity_conditions(counts)
        key = counts.lower()
        page = windows.records(ledger, cache, "quantities", params, conditions, key)
        return listing("quantities", page, counts=counts)

    def groups() -> dict[str, Any]:
        page = queries.figure_groups(ledger, params)
        values = queries.figure_values(ledger, [g["counts"] for g in page.items])
        rows = [{**g, "values": values.get(g["counts"], [])} for g in page.items]
        return {**listing("groups", page), "groups": rows}

    return cache.get(("figures", params), groups)


@router.get("/api/figures", tags=["figures"], summary="Quantities grouped by what they count")
def api_figures(
    ledger: Annotated[Ledger, Depends(ledger_of)],
    cache: Annotated[CaseCache, Depends(cache_of)],
    params: Annotated[PageParams, Depends(page_params)],
    counts: Annotated[str | None, COUNTS] = None,
) -> dict[str, Any]:
    """Without ``counts``: groups with their distinct values and a first source each.
    With ``counts``: the quantities of that group, as ``Ledger.quantities(counts=)``."""
    return figures_data(ledger, cache, params, counts)


@router.get("/api/conflicts", tags=["figures"], summary="Where sources disagree")
def api_conflicts(
    ledger: Annotated[Ledger, Depends(ledger_of)],
    cache: Annotated[CaseCache, Depends(cache_of)],
    params: Annotated[PageParams, Depends(page_params)],
    topic: Annotated[str | None, Query(max_length=300, description="only this topic")] = None,
) -> dict[str, Any]:
    """Conflicts as ``Ledger.conflicts()``, hard ones first, one page at a time."""
    return listing("conflicts", conflicts_of(ledger, cache, params, topic))


@router.get("/figures", response_class=HTMLResponse, include_in_schema=False)
def figures_page(
    request: Request,
    ledger: Annotated[Ledger, Depends(ledger_of)],
    cache: Annotated[CaseCache, Depends(cache_of)],
    params: Annotated[PageParams, Depends(page_params)],
    counts: Annotated[str | None, COUNTS] = None,
) -> HTMLResponse:
    """Conflicts first (every source side by side), then every counted thing."""
    data = figures_data(ledger, cache, params, counts)
    shown = conflicts_of(ledger, cache, PageParams(limit=TOP_CONFLICTS), counts).items
    disputed = {c["topic"].lower() for c in shown}
    context = {
        **data,
        "counts": counts,
        "conflicts": shown,
        "disputed": disputed,
        "names": value_names(ledger, shown),
    }
    return render(request, "figures.html", context)
