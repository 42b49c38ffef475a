"""HTML report: self-contained, the Markdown report's content, and article text escaped."""

from __future__ import annotations

import html
from html.parser import HTMLParser
from typing import Any

import pytest
from export_helpers import IMG, SCRIPT

from storyledger.export.html import to_html

#: Elements that run code or load something; none may appear in a report.
ACTIVE = {"script", "img", "iframe", "object", "embed", "link", "frame", "video", "audio", "source"}


class Page(HTMLParser):
    """Collects the tags, attributes and visible text of a page."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())

    def hrefs(self) -> list[str]:
        return [attrs["href"] or "" for tag, attrs in self.tags if tag == "a" and "href" in attrs]


@pytest.fixture(scope="module")
def ferry_html(ferry_case: dict[str, Any]) -> str:
    return to_html(ferry_case)


@pytest.fixture(scope="module")
def hostile_html(hostile_case: dict[str, Any]) -> str:
    return to_html(hostile_case)


def test_html_is_self_contained(ferry_html: str) -> None:
    page = Page(ferry_html)
    tags = {tag for tag, _ in page.tags}
    assert not tags & ACTIVE
    assert "style" in tags
    for _, attrs in page.tags:
        assert "src" not in attrs
        assert not [name for name in attrs if name.startswith("on")]
    for href in page.hrefs():
        assert href.startswith(("#", "https://", "http://")), href
    csp = [
        a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp and "default-src 'none'" in (csp[0]["content"] or "")


def test_html_same_content_as_markdown(ferry_html: str, ferry_case: dict[str, Any]) -> None:
    text = Page(ferry_html).visible
    for heading in (
        "Case report",
        "Timeline",
        "Key figures and conflicts",
        "Who said what",
        "Sources",
    ):
        assert heading in text
    for entry in ferry_case["timeline"]:
        assert entry["date"] in text
        assert " ".join(entry["summary"].split()) in text
    for conflict in ferry_case["conflicts"]:
        assert conflict["topic"] in text
        for value in conflict["values"]:
            assert f"“{value['text']}”" in text
            assert f"{value['outlet']}, {value['published']}" in text
    for doc in ferry_case["documents"]:
        assert doc["title"] in text and doc["id"] in text
    assert "Erik Lund (erik-lund)" in text


def test_html_internal_links_have_targets(ferry_html: str) -> None:
    page = Page(ferry_html)
    ids = {attrs["id"] for _, attrs in page.tags if attrs.get("id")}
    internal = [href[1:] for href in page.hrefs() if href.startswith("#")]
    assert internal and set(internal) <= ids


def test_html_article_markup_shows_as_text(hostile_html: str) -> None:
    assert SCRIPT not in hostile_html and IMG not in hostile_html
    assert "<b>Bold" not in hostile_html
    assert html.escape(SCRIPT, quote=False) in hostile_html
    assert html.escape(IMG, quote=False) in hostile_html
    page = Page(hostile_html)
    assert not {tag for tag, _ in page.tags} & ACTIVE
    assert all(not name.startswith("on") for _, attrs in page.tags for name in attrs)
    assert SCRIPT in page.visible and IMG in page.visible  # a reader sees what was written
    assert "The <b>Bold</b> Times" in page.visible


def test_html_links_only_web_urls(hostile_html: str) -> None:
    hrefs = Page(hostile_html).hrefs()
    assert "https://example.org/gazette/hack" in hrefs
    assert not [href for href in hrefs if "javascript" in href.lower()]
