"""Untrusted articles, forged requests, odd paths, bad queries, big uploads, foreign hosts."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyledger.ledger import Ledger
from storyledger.settings import Settings
from storyledger.web import create_app
from storyledger.web.security import host_name
from storyledger.web.views.upload import safe_name

PAYLOAD_MARKERS = ("<script>window.__pwned", "<img src=x onerror", "<svg onload", "<b>Post</b>")


def _payload_doc(case_path: Path) -> str:
    with Ledger.open(case_path) as ledger:
        return next(d["id"] for d in ledger.documents() if "Harbor damage" in (d["title"] or ""))


def _assert_escaped(html: str) -> None:
    for marker in PAYLOAD_MARKERS:
        assert marker not in html, marker
    assert not re.search(r"<(img|svg)[^>]*\son\w+=", html, re.IGNORECASE)
    assert not re.search(r"<script(?![^>]*\bsrc=\"/static)", html)


def test_web_article_markup_is_shown_as_text(client: TestClient, case_path: Path) -> None:
    doc = _payload_doc(case_path)
    html = client.get(f"/documents/{doc}").text
    _assert_escaped(html)
    assert "&lt;script&gt;window.__pwned = 4" in html
    assert "javascript:" not in html.split("<body>", 1)[1].split('class="url"')[0]
    for url in ("/", "/documents", "/claims?kind=all", "/timeline", "/figures", "/entities"):
        _assert_escaped(client.get(url).text)
    hits = client.get("/search?q=harbor").text
    _assert_escaped(hits)
    assert "<mark>" in hits


def test_web_every_response_has_a_strict_csp(client: TestClient) -> None:
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"


def _entity_ids(client: TestClient) -> set[str]:
    return {e["id"] for e in client.get("/api/entities?limit=500").json()["entities"]}


@pytest.mark.parametrize(
    "forge",
    ["no token", "wrong token", "no cookie", "unsigned token", "other origin"],
)
def test_web_merge_without_a_valid_csrf_token_is_refused(
    client: TestClient, forge: str, csrf_token: Callable[[TestClient], str]
) -> None:
    token = csrf_token(client)
    before = _entity_ids(client)
    form: dict[str, object] = {"ids": ["erik-lund", "hanna-berg"], "csrf_token": token}
    headers = {}
    if forge == "no token":
        del form["csrf_token"]
    elif forge == "wrong token":
        form["csrf_token"] = token[:-2] + ("00" if not token.endswith("00") else "11")
    elif forge == "no cookie":
        client.cookies.clear()
    elif forge == "unsigned token":
        client.cookies.set("sl_csrf", "abc.def")
        form["csrf_token"] = "abc.def"
    else:
        headers["Origin"] = "http://evil.example"
    response = client.post("/entities/merge", data=form, headers=headers, follow_redirects=False)
    assert response.status_code == 403
    assert "Refused" in response.text
    assert _entity_ids(client) == before


def test_web_merge_and_split_with_a_token(
    client: TestClient, csrf_token: Callable[[TestClient], str]
) -> None:
    token = csrf_token(client)
    merged = client.post(
        "/entities/merge",
        data={"ids": ["erik-lund", "hanna-berg"], "csrf_token": token},
        follow_redirects=False,
    )
    assert merged.status_code == 303
    merged_id = merged.headers["location"].rsplit("/", 1)[1]
    ids = _entity_ids(client)
    assert merged_id in ids and not {"erik-lund", "hanna-berg"} <= ids
    entity = client.get(f"/api/entities/{merged_id}").json()["entity"]
    assert {"Erik Lund", "Hanna Berg"} <= {entity["name"], *entity["aliases"]}
    other = "Hanna Berg" if entity["name"] != "Hanna Berg" else "Erik Lund"
    api_split = client.post(
        f"/api/entities/{merged_id}/split", json={"name": other}, headers={"X-CSRF-Token": token}
    )
    assert api_split.status_code == 200, api_split.text
    assert api_split.json()["entity"] in _entity_ids(client)
    refused = client.post("/api/entities/merge", json={"ids": ["korsvik", "vp"]})
    assert refused.status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/static/../pyproject.toml",
        "/static/%2e%2e/%2e%2e/%2e%2e/pyproject.toml",
        "/static/..%2f..%2f..%2fpyproject.toml",
        "/static-swagger/..%2f..%2f..%2f..%2fpyproject.toml",
        "/documents/..%2f..%2fpyproject.toml",
        "/documents/../../etc/passwd",
        "/entities/..%2f..%2fetc%2fpasswd",
        "/api/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    ],
)
def test_web_no_path_traversal(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code in (400, 404), response.status_code
    assert "[project]" not in response.text and "root:" not in response.text


def test_web_upload_names_are_cleaned() -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("..\\..\\evil.txt") == "evil.txt"
    assert safe_name(".hidden") == "hidden"
    assert safe_name("") == "upload.txt"
    assert "/" not in safe_name("a/b/c d.txt")


BAD_QUERIES = ['"unclosed', "AND", "OR OR", "NEAR(", ")", "*", "*a", "NEAR(a b, x)", "a:b", "   "]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_web_bad_search_is_400_with_a_message(client: TestClient, query: str) -> None:
    api = client.get("/api/search", params={"q": query})
    assert api.status_code == 400, (query, api.text)
    body = api.json()
    assert body["ok"] is False and body["status"] == 400 and body["error"]
    page = client.get("/search", params={"q": query})
    assert page.status_code in (200, 400)
    if page.status_code == 400:
        assert "[E4" in page.text


def test_web_upload_over_the_limit_is_refused(
    case_path: Path, base_url: str, csrf_token: Callable[[TestClient], str]
) -> None:
    app = create_app(str(case_path), settings=Settings(max_bytes=200))
    with TestClient(app, base_url=base_url) as client:
        token = csrf_token(client)
        big = ("big.txt", b"x" * 1000, "text/plain")
        response = client.post("/api/add", files=[("files", big)], headers={"X-CSRF-Token": token})
        assert response.status_code == 413
        assert "[E104]" in response.json()["error"] and "200 byte limit" in response.json()["error"]
        page = client.post("/add", files=[("files", big)], data={"csrf_token": token})
        assert page.status_code == 413 and "[E104]" in page.text
        documents = client.get("/api/documents").json()["page"]["total"]
        assert documents == 5


def test_web_upload_adds_an_article(
    client: TestClient, articles: Path, csrf_token: Callable[[TestClient], str]
) -> None:
    token = csrf_token(client)
    article = (articles / "upload.txt").read_bytes()
    files = [("files", ("../../escape.txt", article, "text/plain"))]
    refused = client.post("/api/add", files=files)
    assert refused.status_code == 403
    response = client.post("/api/add", files=files, headers={"X-CSRF-Token": token})
    assert response.status_code == 200, response.text
    assert response.json()["added"] == 1
    documents = client.get("/api/documents").json()["documents"]
    added = next(d for d in documents if d["title"] == "Divers recover the Solveig's logbook")
    assert added["source"] == "upload:escape.txt", "the temporary path is never recorded"
    again = client.post("/api/add", files=files, headers={"X-CSRF-Token": token})
    assert again.json()["skipped"] == 1


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("127.0.0.1:8000", 200),
        ("localhost:8000", 200),
        ("[::1]:8000", 200),
        ("evil.example", 400),
        ("evil.example:8000", 400),
        ("127.0.0.1.evil.example", 400),
    ],
)
def test_web_host_header_guard(client: TestClient, host: str, status: int) -> None:
    response = client.get("/api/documents", headers={"Host": host})
    assert response.status_code == status
    if status == 400:
        assert "not allowed" in response.text


def test_web_extra_allowed_host(case_path: Path) -> None:
    app = create_app(str(case_path), allow_hosts=["newsroom.lan"])
    with TestClient(app, base_url="http://newsroom.lan") as client:
        assert client.get("/").status_code == 200


def test_web_host_name_parsing() -> None:
    assert host_name("LOCALHOST:8000") == "localhost"
    assert host_name("[::1]:8000") == "::1"
    assert host_name("::1") == "::1"
    assert host_name("example.org") == "example.org"
