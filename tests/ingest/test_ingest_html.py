"""HTML pages: main text and metadata through trafilatura, headline kept once."""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

import pytest

from storyledger.errors import InputError
from storyledger.ingest.html import document_from_html, is_html_name, looks_like_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TITLE = "Orchard Street library reopens after flood repairs"


@pytest.fixture(scope="module")
def page() -> str:
    return (FIXTURES / "ingest_page.html").read_text(encoding="utf-8")


def test_html_cleaner_dependency_is_importable() -> None:
    assert importlib.import_module("lxml_html_clean") is not None


def test_html_metadata_is_read(page: str) -> None:
    document = document_from_html(page, "page.html")
    assert document.title == TITLE
    assert document.outlet == "Eastbrook Echo"
    assert document.published == dt.date(2022, 11, 2)
    assert document.url == "https://echo.example/2022/11/library-reopens"


def test_html_headline_is_first_paragraph_once(page: str) -> None:
    text = document_from_html(page, "page.html").text
    assert text.startswith(TITLE + "\n\nThe Orchard Street library in Eastbrook reopened")
    assert text.count(TITLE) == 1
    assert "\n\nRepairs cost about £420,000" in text


@pytest.mark.parametrize("boilerplate", ["Copyright", "Most read", "Sport"])
def test_html_boilerplate_is_left_out(page: str, boilerplate: str) -> None:
    assert boilerplate not in document_from_html(page, "page.html").text


def test_html_published_override_wins(page: str) -> None:
    document = document_from_html(page, "page.html", published=dt.date(2022, 12, 1))
    assert document.published == dt.date(2022, 12, 1)


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Nothing here</title></head><body></body></html>",
        "<!DOCTYPE html><html><body><script>var a = 1;</script></body></html>",
    ],
)
def test_html_without_text_raises_e109(html: str) -> None:
    with pytest.raises(InputError, match=r"^\[E109\] empty\.html: no article text"):
        document_from_html(html, "empty.html")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!DOCTYPE html><html><body>x</body></html>", True),
        ("  \n<html lang='en'>", True),
        ("<!doctype HTML>\n<title>x</title>", True),
        ("<?xml version='1.0'?>\n<!-- c -->\n<html>", True),
        ("The <html> tag was mentioned.", False),
        ("Title: A\n\nBody", False),
    ],
)
def test_html_sniffing(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected


@pytest.mark.parametrize(
    ("name", "expected"), [("a.html", True), ("A.HTM", True), ("a.xhtml", True), ("a.txt", False)]
)
def test_html_name(name: str, expected: bool) -> None:
    assert is_html_name(name) is expected
