"""Documents: the list, and the document view with every fact highlighted in place."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from storyledger.ledger import Ledger
from storyledger.model import DocumentFacts
from storyledger.web import queries, windows
from storyledger.web.cache import CaseCache
from storyledger.web.highlight import Block, Mark, build_blocks
from storyledger.web.paging import PageParams, page_params
from storyledger.web.rendering import (
    cache_of,
    entity_url,
    ledger_of,
    listing,
    render,
    with_query,
)

router = APIRouter()

DOC_ID = re.compile(r"^(?:[0-9a-f]{12}|[0-9a-f]{64})$")
MARK = re.compile(r"^(\d{1,9})-(\d{1,9})$")


def check_doc_id(doc_id: str) -> str:
    """RETURNS (str): ``doc_id`` when shaped like a document id; else a 404."""
    if not DOC_ID.match(doc_id):
        raise HTTPException(404, f"No document {doc_id!r}: ids are 12 hex digits.")
    return doc_id


def parse_mark(mark: str | None) -> tuple[int, int] | None:
    """RETURNS (tuple | None): the ``?mark=start-end`` span to flag, None when absent or odd."""
    match = MARK.match(mark or "")
    if not match:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    return (start, end) if start < end else None


def documents_data(ledger: Ledger, cache: CaseCache, params: PageParams) -> dict[str, Any]:
    """RETURNS (dict): one page of documents (as ``Ledger.documents``)."""
    return listing("documents", windows.documents(ledger, cache, params))


@router.get("/api/documents", tags=["documents"], summary="Documents, oldest news first")
def api_documents(
    ledger: Annotated[Ledger, Depends(ledger_of)],
    cache: Annotated[CaseCache, Depends(cache_of)],
    params: Annotated[PageParams, Depends(page_params)],
) -> dict[str, Any]:
    """The case's documents (no text), as ``Ledger.documents()``, one page at a time."""
    return documents_data(ledger, cache, params)


@router.get("/documents", response_class=HTMLResponse, include_in_schema=False)
def documents_page(
    request: Request,
    ledger: Annotated[Ledger, Depends(ledger_of)],
    cache: Annotated[CaseCache, Depends(cache_of)],
    params: Annotated[PageParams, Depends(page_params)],
) -> HTMLResponse:
    """The documents page."""
    data = documents_data(ledger, cache, params)
    return render(request, "documents.html", {"page": data["page"], "documents": data["documents"]})


def _inline_marks(facts: DocumentFacts, links: dict[str, str]) -> list[Mark]:
    """Entity mentions, times and quantities of one document as marks."""
    marks: list[Mark] = []
    for entity in facts.entities:
        case_id = links.get(entity.id)
        href = entity_url(case_id) if case_id else "#"
        label = f"{entity.type}: {entity.name}"
        css = entity.type.lower()
        marks += [Mark(m.start, m.end, "entity", label, href, css) for m in entity.mentions]
    for time in facts.times:
        value = time.value
        dated = value is not None and not value.startswith("P")
        href = with_query("/timeline", date_from=value, date_to=value) if dated else "#"
        label = f"{time.type} {value or '(unresolved)'}, {time.anchor}"
        marks.append(Mark(time.start, time.end, "time", label, href, time.granularity))
    for qty in facts.quantities:
        label = f"{qty.value} {qty.counts or qty.unit or ''}".strip()
        href = with_query("/figures", counts=qty.counts)
        marks.append(Mark(qty.start, qty.end, "quantity", label, href))
    return marks


def _claim_marks(facts: DocumentFacts, links: dict[str, str]) -> list[Mark]:
    """Quotes, statements and uncertain sentences as marks (plain asserted narration is not)."""
    marks = []
    for claim in facts.claims:
        if claim.kind == "narrative" and claim.certainty == "asserted":
            continue
        speaker = links.get(claim.speaker or "")
        href = (
            with_query("/claims", speaker=speaker)
            if speaker
            else with_query("/claims", doc=claim.doc)
        )
        who = claim.speaker_text or "narration"
        label = f"{claim.kind}, {claim.certainty}: {who}"
        marks.append(Mark(claim.start, claim.end, "claim", label, href, claim.certainty))
    return marks


def document_data(
    ledger: Ledger, doc_id: str
) -> tuple[dict[str, Any], DocumentFacts, dict[str, str]]:
    """One document with its text, sentences and records (the JSON twin's body)."""
    document = ledger.document(check_doc_id(doc_id))
    facts = ledger.load_facts(document["id"])
    links = queries.document_entity_links(ledger, document["id"])
    entities = [{**e.to_dict(), "case_entity": links.get(e.id)} for e in facts.entities]
    data = {
        "schema": "storyledger/1",
        "document": document,
        "sentences": ledger.sentences(document["id"]),
        "entities": entities,
        **{kind: [r.to_dict() for r in getattr(facts, kind)] for kind in ("times", "quantities")},
        "claims": [c.to_dict() for c in facts.claims],
        "events": [e.to_dict() for e in facts.events],
    }
    return data, facts, links


@router.get("/api/documents/{doc_id}", tags=["documents"], summary="One document with its records")
def api_document(doc_id: str, ledger: Annotated[Ledger, Depends(ledger_of)]) -> dict[str, Any]:
    """A document's text, sentences, entities (with their case entity), times,
    quantities, claims and events. ``doc_id`` is the 12-hex id or the sha256."""
    return document_data(ledger, doc_id)[0]


@router.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
def document_page(
    request: Request,
    doc_id: str,
    ledger: Annotated[Ledger, Depends(ledger_of)],
    mark: Annotated[str | None, Query(max_length=40)] = None,
) -> HTMLResponse:
    """The article with every fact highlighted; ``#s{n}`` targets sentence n."""
    data, facts, links = document_data(ledger, doc_id)
    sentences = [(s["idx"], s["start"], s["end"]) for s in data["sentences"]]
    blocks: list[Block] = build_blocks(
        facts.text,
        sentences,
        _inline_marks(facts, links),
        _claim_marks(facts, links),
        hit=parse_mark(mark),
    )
    context = {**data, "blocks": blocks, "links": links}
    return render(request, "document.html", context)
