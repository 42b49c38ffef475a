"""The web UI in a real browser: Debian's Chromium driven by Playwright.

Loads every page (saving a screenshot of each: to docs/screenshots/ when
STORYLEDGER_SCREENSHOTS=docs/screenshots is set, for the README, otherwise to
a temporary folder), follows an entity to a
mention to its highlighted sentence, merges two entities, searches, uploads an
article, and checks that the article carrying script payloads ran nothing.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from storyledger.settings import Settings
from storyledger.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(
    os.environ.get("STORYLEDGER_SCREENSHOTS")
    or Path(os.environ.get("TMPDIR", "/tmp")) / "storyledger-screenshots"
)

if not CHROMIUM.exists():
    REASON = f"{CHROMIUM} not found: apt-get install -y chromium (the web UI browser tests)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{REASON}; CI must run them", pytrace=False)
    pytest.skip(REASON, allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
Page = sync_api.Page


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def live_url(case_path: Path) -> Iterator[str]:
    """The app under uvicorn in a thread, on a free local port."""
    port = _free_port()
    app = create_app(str(case_path), settings=Settings())
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(live_url: str) -> Iterator[Page]:
    """A Chromium page that records every dialog (none may open)."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_url)
        tab = context.new_page()
        dialogs: list[str] = []

        def on_dialog(dialog: sync_api.Dialog) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        tab.on("dialog", on_dialog)
        tab.dialogs = dialogs  # type: ignore[attr-defined]
        yield tab
        browser.close()


def _assert_nothing_ran(page: Page) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.title() != "pwned"  # what the payload would set
    assert page.dialogs == []  # type: ignore[attr-defined]


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_web_browser_every_page(page: Page) -> None:
    payload_id = page.request.get("/api/documents?limit=500").json()["documents"]
    doc = next(d["id"] for d in payload_id if d["outlet"] and "Lakeside" in d["outlet"])
    pages = {
        "overview": "/",
        "timeline": "/timeline",
        "entities": "/entities",
        "entity": "/entities/korsvik",
        "figures": "/figures",
        "claims": "/claims",
        "documents": "/documents",
        "document": f"/documents/{doc}",
        "search": "/search?q=ferry",
        "add": "/add",
        "docs": "/docs",
    }
    for name, url in pages.items():
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        page.wait_for_load_state("networkidle")
        if name == "timeline":
            page.wait_for_selector("#timeline-chart svg .event-mark")
        if name == "docs":
            page.wait_for_selector(".swagger-ui .opblock")
        _assert_nothing_ran(page)
        _shot(page, name)


def test_web_browser_entity_to_mention_to_sentence(page: Page) -> None:
    page.goto("/entities")
    page.click("table.entities a[href='/entities/korsvik']")
    page.wait_for_url("**/entities/korsvik")
    mention = page.locator("a.mention").first
    word = mention.inner_text()
    mention.click()
    page.wait_for_url("**/documents/**#s*")
    target = page.locator(".sentence:target")
    assert target.count() == 1
    assert word in target.inner_text()
    assert page.locator(".sentence:target .hit").first.inner_text() == word
    colour = target.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")


def test_web_browser_merge_changes_entities_and_timeline(page: Page) -> None:
    before = page.request.get("/api/entities?limit=500").json()["entities"]
    lund = page.request.get("/api/timeline?entity=erik-lund").json()["events"]
    berg = page.request.get("/api/timeline?entity=hanna-berg").json()["events"]
    page.goto("/timeline")
    options_before = page.locator("select[name=entity] option").count()
    page.goto("/entities?type=PERSON")
    page.check("input[name=ids][value='erik-lund']")
    page.check("input[name=ids][value='hanna-berg']")
    page.click("#merge-form button[type=submit]")
    page.wait_for_url("**/entities/*")
    merged = page.url.rsplit("/", 1)[1]
    assert {"Erik Lund", "Hanna Berg"} <= set(page.locator(".aliases li").all_inner_texts()) | {
        page.locator("h1").inner_text().rsplit(" ", 1)[0]
    }
    after = page.request.get("/api/entities?limit=500").json()["entities"]
    assert len(after) == len(before) - 1
    page.goto("/entities")
    names = page.locator("table.entities tbody a").all_inner_texts()
    assert not {"Erik Lund", "Hanna Berg"} <= set(names)
    page.goto(f"/timeline?entity={merged}")
    shown = page.locator("ol.events .summary").all_inner_texts()
    assert {e["summary"] for e in lund + berg} <= set(shown)
    assert len(shown) > max(len(lund), len(berg))
    page.goto("/timeline")
    assert page.locator("select[name=entity] option").count() == options_before - 1


def test_web_browser_search(page: Page) -> None:
    page.goto("/search")
    page.fill("input[name=q]", "ferry")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("ol.hits mark")
    assert page.locator("ol.hits mark").first.inner_text().lower().startswith("ferr")
    page.locator("ol.hits a.snippet").first.click()
    page.wait_for_url("**/documents/**#s*")
    assert page.locator(".sentence:target").count() == 1
    page.goto('/search?q="unclosed')
    assert "[E406]" in page.locator(".error").inner_text()


def test_web_browser_upload_with_progress(page: Page, articles: Path) -> None:
    page.goto("/add")
    page.set_input_files("input[type=file]", [str(articles / "upload.txt")])
    page.click("#upload button[type=submit]")
    page.wait_for_selector("#progress li.done", timeout=120_000)
    assert page.locator("#progress li.done .status").inner_text() == "added"
    assert "1 of 1 added" in page.locator("#progress li.summary").inner_text()
    page.goto("/documents")
    assert page.get_by_text("Divers recover the Solveig's logbook").count() == 1


def test_web_browser_payload_article_runs_nothing(page: Page) -> None:
    documents = page.request.get("/api/documents").json()["documents"]
    doc = next(d["id"] for d in documents if "Harbor damage" in (d["title"] or ""))
    page.goto(f"/documents/{doc}")
    page.wait_for_load_state("networkidle")
    _assert_nothing_ran(page)
    text = page.locator("#article").inner_text()
    assert "<script>window.__pwned = 4" in text
    assert "onerror" in text
    assert page.locator("#article img, #article script, #article svg").count() == 0
    assert "<script>" in page.locator("h1").inner_text()
    for url in ("/", "/documents", "/claims?kind=all", "/search?q=harbor", "/figures"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        _assert_nothing_ran(page)
    _shot(page, "payload")
