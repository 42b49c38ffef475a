"""Entities: the list with a type filter, one entity's page, merge and split."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Header, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field

from storyledger import api
from storyledger.ledger import Ledger
from storyledger.web import queries
from storyledger.web.cache import CaseCache
from storyledger.web.graph import SIZE, star
from storyledger.web.paging import Page, PageParams, page_params
from storyledger.web.rendering import cache_of, entity_url, ledger_of, listing, render
from storyledger.web.security import Csrf

router = APIRouter()

EntityType = Literal["PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"]
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT")
MAX_MEMBERS = 100  # document-level entities listed on an entity's page and twin


def require_csrf(request: Request, token: str | None) -> None:
    """Refuse a POST without a valid CSRF token (403 with the reason)."""
    csrf: Csrf = request.app.state.csrf
    problem = csrf.check(request, token)
    if problem:
        raise HTTPException(403, f"Refused: {problem}.")


def entities_data(ledger: Ledger, params: PageParams, type: str | None) -> dict[str, Any]:
    """RETURNS (dict): one page of case entities, most mentioned first (``case_entities``)."""
    rows = ledger.case_entities(type=type, limit=params.fetch, offset=params.offset)
    return listing("entities", Page.from_fetched(rows, params), type=type)


@router.get("/api/entities", tags=["entities"], summary="Case entities")
def api_entities(
    ledger: Annotated[Ledger, Depends(ledger_of)],
    params: Annotated[PageParams, Depends(page_params)],
    type: EntityType | None = None,
) -> dict[str, Any]:
    """Case entities with aliases, merge reasons and mention counts, most mentioned first."""
    return entities_data(ledger, params, type)


@router.get("/entities", response_class=HTMLResponse, include_in_schema=False)
def entities_page(
    request: Request,
    ledger: Annotated[Ledger, Depends(ledger_of)],
    params: Annotated[PageParams, Depends(page_params)],
    type: EntityType | None = None,
) -> HTMLResponse:
    """The entity list, with checkboxes to merge several into one."""
    data = entities_data(ledger, params, type)
    return render(request, "entities.html", {**data, "types": ENTITY_TYPES})


def _in_context(mention: dict[str, Any], sentence: dict[str, Any] | None) -> dict[str, Any]:
    """A mention with the words before and after it in its sentence."""
    if sentence is None:
        return {**mention, "before": "", "after": ""}
    text, offset = sentence["text"], sentence["start"]
    start, end = mention["start"] - offset, mention["end"] - offset
    return {**mention, "before": text[:start].lstrip(), "after": text[end:].rstrip()}


def entity_data(
    ledger: Ledger, cache: CaseCache, entity_id: str, params: PageParams
) -> dict[str, Any]:
    """One entity: aliases, merge reasons, members, a page of mentions in context."""
    entity = cache.get(("entity", entity_id), lambda: ledger.entity(entity_id))
    page = Page.from_list(entity.get("mentions", []), params)
    contexts = queries.sentence_texts(ledger, [(m["doc"], m["sentence"]) for m in page.items])
    docs = queries.documents_by_id(ledger, [m["doc"] for m in page.items])
    mentions = [
        {**_in_context(m, contexts.get((m["doc"], m["sentence"]))), "source": docs.get(m["doc"])}
        for m in page.items
    ]
    body = {key: value for key, value in entity.items() if key != "mentions"}
    body["members"] = entity["members"][:MAX_MEMBERS]
    body["members_total"] = len(entity["members"])
    return {"schema": "storyledger/1", "entity": body, "mentions": mentions, "page": page.meta()}


def _neighbours(ledger: Ledger, cache: CaseCache, entity_id: str) -> list[dict[str, Any]]:
    """RETURNS (list): the entities most often named in the same sentences (kept)."""
    return cache.get(("cooccurring", entity_id), lambda: queries.cooccurring(ledger, entity_id))


@router.get("/api/entities/{entity_id}", tags=["entities"], summary="One case entity")
def api_entity(
    entity_id: str,
    ledger: Annotated[Ledger, Depends(ledger_of)],
    cache: Annotated[CaseCache, Depends(cache_of)],
    params: Annotated[PageParams, Depends(page_params)],
) -> dict[str, Any]:
    """An entity (as ``Ledger.entity``) with a page of its mentions, each with its
    sentence context and source; ``cooccurring`` lists entities named beside it."""
    data = entity_data(ledger, cache, entity_id, params)
    return {**data, "cooccurring": _neighbours(ledger, cache, entity_id)}


@router.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
def entity_page(
    request: Request,
    entity_id: str,
    ledger: Annotated[Ledger, Depends(ledger_of)],
    cache: Annotated[CaseCache, Depends(cache_of)],
    params: Annotated[PageParams, Depends(page_params)],
) -> HTMLResponse:
    """The entity page: why merged, merge/split forms, mentions, the network graph."""
    data = entity_data(ledger, cache, entity_id, params)
    neighbours = _neighbours(ledger, cache, entity_id)
    hub, nodes = star(data["entity"], neighbours)
    context = {**data, "hub": hub, "nodes": nodes, "graph_size": SIZE}
    return render(request, "entity.html", context)


class MergeRequest(BaseModel):
    """Case entity ids to merge into one."""

    ids: list[str] = Field(min_length=2, max_length=50)


class SplitRequest(BaseModel):
    """The alias to split off an entity into an entity of its own."""

    name: str = Field(min_length=1, max_length=300)


@router.post("/api/entities/merge", tags=["entities"], summary="Merge entities")
def api_merge(
    request: Request,
    body: MergeRequest,
    ledger: Annotated[Ledger, Depends(ledger_of)],
    x_csrf_token: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    """Merge case entities into one; the correction outlives re-resolution.
    Needs the ``X-CSRF-Token`` header (the ``sl_csrf`` cookie's value)."""
    require_csrf(request, x_csrf_token)
    return {"ok": True, "entity": api.merge_entities(ledger, body.ids)}


@router.post("/api/entities/{entity_id}/split", tags=["entities"], summary="Split an entity")
def api_split(
    request: Request,
    entity_id: str,
    body: SplitRequest,
    ledger: Annotated[Ledger, Depends(ledger_of)],
    x_csrf_token: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    """Split the alias ``name`` off into an entity of its own (needs ``X-CSRF-Token``)."""
    require_csrf(request, x_csrf_token)
    return {"ok": True, "entity": api.split_entity(ledger, entity_id, body.name)}


@router.post("/entities/merge", include_in_schema=False)
def merge_form(
    request: Request,
    ledger: Annotated[Ledger, Depends(ledger_of)],
    ids: Annotated[list[str], Form(max_length=50)],
    csrf_token: Annotated[str | None, Form()] = None,
) -> RedirectResponse:
    """The merge form: on success, show the merged entity."""
    require_csrf(request, csrf_token)
    if len(set(ids)) < 2:
        raise HTTPException(400, "Choose at least two entities to merge.")
    merged = api.merge_entities(ledger, list(dict.fromkeys(ids)))
    return RedirectResponse(entity_url(merged), status_code=303)


@router.post("/entities/{entity_id}/split", include_in_schema=False)
def split_form(
    request: Request,
    entity_id: str,
    ledger: Annotated[Ledger, Depends(ledger_of)],
    name: Annotated[str, Form(min_length=1, max_length=300)],
    csrf_token: Annotated[str | None, Form()] = None,
) -> RedirectResponse:
    """The split form: on success, show the entity split off."""
    require_csrf(request, csrf_token)
    return RedirectResponse(entity_url(api.split_entity(ledger, entity_id, name)), status_code=303)
