"""Every page renders, and its JSON twin returns the Ledger's own records."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyledger import api
from storyledger.ledger import Ledger

PAGES = [
    ("/", "/api/overview"),
    ("/documents", "/api/documents"),
    ("/entities", "/api/entities"),
    ("/entities?type=PERSON", "/api/entities?type=PERSON"),
    ("/timeline", "/api/timeline"),
    ("/figures", "/api/figures"),
    ("/figures?counts=passengers", "/api/figures?counts=passengers"),
    ("/claims", "/api/claims"),
    ("/claims?certainty=denied&kind=all", "/api/claims?certainty=denied&kind=all"),
    ("/search?q=ferry", "/api/search?q=ferry"),
    ("/claims?speaker=erik-lund", "/api/claims?speaker=erik-lund"),
    ("/timeline?entity=korsvik&date_from=2025", "/api/timeline?entity=korsvik&date_from=2025"),
]


@pytest.mark.parametrize(("page", "twin"), PAGES)
def test_web_page_and_json_twin(client: TestClient, page: str, twin: str) -> None:
    html = client.get(page)
    assert html.status_code == 200, html.text
    assert html.headers["content-type"].startswith("text/html")
    assert "<nav>" in html.text and "</html>" in html.text
    data = client.get(twin)
    assert data.status_code == 200, data.text
    assert data.json()["schema"] == "storyledger/1"


def test_web_one_document_entity_and_forms(client: TestClient, case_path: Path) -> None:
    with Ledger.open(case_path) as ledger:
        doc = ledger.documents()[0]
        entity = ledger.case_entities(limit=1)[0]
    for url in (f"/documents/{doc['id']}", f"/entities/{entity['id']}", "/add", "/docs"):
        assert client.get(url).status_code == 200, url
    assert client.get(f"/api/documents/{doc['id']}").json()["document"]["id"] == doc["id"]
    assert client.get(f"/api/entities/{entity['id']}").json()["entity"]["id"] == entity["id"]
    schema = client.get("/openapi.json").json()
    assert {"/api/overview", "/api/timeline", "/api/search", "/api/add"} <= set(schema["paths"])


def test_web_docs_load_nothing_from_a_cdn(client: TestClient) -> None:
    docs = client.get("/docs").text
    assert "cdn." not in docs and "https://" not in docs
    assert client.get("/static-swagger/swagger-ui-bundle.js").status_code == 200


def test_web_twins_return_the_ledger_records(client: TestClient, case_path: Path) -> None:
    with Ledger.open(case_path) as ledger:
        documents = ledger.documents()
        claims = ledger.claims()
        passengers = ledger.quantities(counts="passengers")
        entities = ledger.case_entities()
        timeline = ledger.timeline()
        conflicts = ledger.conflicts()
        hits = ledger.search("ferry", limit=500)
    assert client.get("/api/documents").json()["documents"] == documents
    assert client.get("/api/claims?kind=all&limit=500").json()["claims"] == claims
    figures = client.get("/api/figures?counts=passengers&limit=500").json()
    assert figures["quantities"] == passengers
    assert client.get("/api/entities?limit=500").json()["entities"] == entities
    events = client.get("/api/timeline?limit=500&max_sources=100000").json()["events"]
    assert [{k: v for k, v in e.items() if k != "sources_total"} for e in events] == timeline
    bounded = client.get("/api/timeline?limit=500&max_sources=1").json()["events"]
    assert all(len(e["sources"]) == min(1, e["sources_total"]) for e in bounded)
    assert [e["sources_total"] for e in bounded] == [len(e["sources"]) for e in timeline]
    got = client.get("/api/conflicts?limit=500").json()["conflicts"]
    assert sorted(c["id"] for c in got) == sorted(c["id"] for c in conflicts)
    assert client.get("/api/search?q=ferry&limit=500").json()["hits"] == hits


def test_web_pagination_windows_join_up(client: TestClient, case_path: Path) -> None:
    with Ledger.open(case_path) as ledger:
        claims = ledger.claims()
    first = client.get("/api/claims?kind=all&limit=3").json()
    second = client.get("/api/claims?kind=all&limit=3&offset=3").json()
    assert first["claims"] + second["claims"] == claims[:6]
    assert first["page"]["next_offset"] == 3
    html = client.get("/claims?kind=all&limit=3").text
    assert 'rel="next"' in html and "offset=3" in html
    last = client.get(f"/api/claims?kind=all&limit=3&offset={len(claims) - 1}").json()
    assert len(last["claims"]) == 1 and last["page"]["next_offset"] is None
    assert client.get("/api/documents?limit=0").status_code == 400
    assert client.get("/api/documents?offset=-1").status_code == 400


def test_web_document_view_highlights_and_anchors(client: TestClient, case_path: Path) -> None:
    with Ledger.open(case_path) as ledger:
        quantity = ledger.quantities(counts="passengers")[0]
        doc = ledger.document(quantity["doc"])
    start, end = quantity["start"], quantity["end"]
    html = client.get(f"/documents/{doc['id']}?mark={start}-{end}").text
    assert f'id="s{quantity["sentence"]}"' in html
    assert f'id="q{start}"' in html
    assert "hl hl-quantity" in html and "hl hl-entity" in html and "hl hl-time" in html
    assert 'class="claim c-' in html
    assert "hit" in html


def test_web_entity_page_links_mentions_to_sentences(client: TestClient, case_path: Path) -> None:
    with Ledger.open(case_path) as ledger:
        entity = ledger.entity("korsvik")
    html = client.get("/entities/korsvik").text
    for mention in entity["mentions"][:5]:
        link = f"/documents/{mention['doc']}?mark={mention['start']}-{mention['end']}"
        assert f"{link}#s{mention['sentence']}" in html
    assert "<svg" in html and "<circle" in html
    data = client.get("/api/entities/korsvik").json()
    assert data["cooccurring"] and all(n["id"] != "korsvik" for n in data["cooccurring"])


def test_web_unknown_records_are_404_in_both_shapes(client: TestClient) -> None:
    missing = client.get("/api/entities/no-such-entity")
    assert missing.status_code == 404
    assert missing.json() == {"ok": False, "error": missing.json()["error"], "status": 404}
    assert "[E412]" in missing.json()["error"]
    page = client.get("/entities/no-such-entity")
    assert page.status_code == 404 and "[E412]" in page.text
    assert client.get("/documents/0123456789ab").status_code == 404
    assert client.get("/api/documents/not-an-id").status_code == 404


def test_web_attribution_conflicts_show_speaker_names(client: TestClient) -> None:
    conflicts = client.get("/api/conflicts").json()["conflicts"]
    attribution = [c for c in conflicts if c["kind"] == "attribution"]
    if not attribution:
        pytest.skip("the case has no attribution conflict")
    html = client.get("/figures").text
    ids = {v["value"] for v in attribution[0]["values"]}
    entities = {
        e["id"]: e["name"] for e in client.get("/api/entities?limit=500").json()["entities"]
    }
    for entity_id in ids:
        assert entities[entity_id] in html


@pytest.mark.parametrize("limit", [1, 4, 7, 500])
def test_web_every_window_of_a_listing_joins_up(
    client: TestClient, case_path: Path, limit: int
) -> None:
    with Ledger.open(case_path) as ledger:
        claims = ledger.claims(certainty="asserted")
        documents = ledger.documents()
    seen: list[dict[str, object]] = []
    offset: int | None = 0
    while offset is not None:
        url = f"/api/claims?kind=all&certainty=asserted&limit={limit}&offset={offset}"
        data = client.get(url).json()
        assert data["page"]["total"] == len(claims)
        seen += data["claims"]
        offset = data["page"]["next_offset"]
    assert seen == claims
    pages = [
        client.get(f"/api/documents?limit={limit}&offset={o}").json()["documents"]
        for o in range(0, len(documents), limit)
    ]
    assert [d for page in pages for d in page] == documents


def test_web_sees_changes_made_by_another_process(
    client: TestClient, case_path: Path, articles: Path
) -> None:
    before = client.get("/api/overview").json()["counts"]["documents"]
    assert client.get("/api/documents").json()["page"]["total"] == before
    facts = next(api.iter_facts([articles / "upload.txt"]))
    with Ledger.open(case_path) as other:
        assert other.add_facts(facts)
    assert client.get("/api/overview").json()["counts"]["documents"] == before + 1
    ids = [d["id"] for d in client.get("/api/documents?limit=500").json()["documents"]]
    assert facts.document.id in ids
