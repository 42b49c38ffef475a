"""Plain-text articles: header block, normalisation, headline as first paragraph."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from storyledger.errors import InputError
from storyledger.ingest.text import document_from_text, normalise, split_header

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_text_header_fields_are_read() -> None:
    raw = (FIXTURES / "ingest_ferry.txt").read_text(encoding="utf-8")
    document = document_from_text(raw, "ferry.txt")
    assert document.title == "Ferry with 212 aboard runs aground off Kestrel Point"
    assert document.outlet == "Lowmoor Gazette"
    assert document.published == dt.date(2023, 3, 14)
    assert document.url == "https://gazette.example/news/ferry-aground"
    assert document.language == "en"
    assert document.text.startswith(document.title + "\n\nA passenger ferry carrying 212")
    assert "Outlet:" not in document.text


@pytest.mark.parametrize(
    "raw",
    [
        "TITLE: Bridge closed\npublished: 2024-01-02\n\nThe bridge is closed.",
        "title:Bridge closed\nPUBLISHED:   2024-01-02  \n\n\n\nThe bridge is closed.",
        "\n\nTitle: Bridge closed\nPublished: 2024-01-02\n\nThe bridge is closed.\n\n",
    ],
)
def test_text_header_keys_are_case_insensitive(raw: str) -> None:
    document = document_from_text(raw, "t")
    assert document.title == "Bridge closed"
    assert document.published == dt.date(2024, 1, 2)
    assert document.text == "Bridge closed\n\nThe bridge is closed."


@pytest.mark.parametrize(
    "raw",
    [
        "Update: the vote is postponed.\n\nCouncillors met on Monday.",
        "Title: Bridge closed\nThe bridge is closed on Monday.",
        "The bridge is closed.\nTitle: not a header\n\nMore text.",
    ],
)
def test_text_without_complete_header_is_all_body(raw: str) -> None:
    fields, body = split_header(raw)
    assert fields == {}
    assert body == raw
    assert document_from_text(raw, "t").title is None


def test_text_normalises_unicode_and_line_ends() -> None:
    raw = "\ufeffCafe\u0301 owner\r\nsaid\rmore\r\n"
    assert normalise(raw) == "Café owner\nsaid\nmore\n"
    assert document_from_text(raw, "t").text == "Café owner\nsaid\nmore"


@pytest.mark.parametrize(
    "raw", ["", "\n \n\t\n", "Title: Only a headline\n\n", "Title: X\n\n \n", "Title: X"]
)
def test_text_empty_article_raises_e103(raw: str) -> None:
    with pytest.raises(InputError, match=r"^\[E103\] t: the article is empty"):
        document_from_text(raw, "t")


@pytest.mark.parametrize("value", ["yesterday", "2024-13-01", "08/10/2024"])
def test_text_invalid_header_date_raises_e107(value: str) -> None:
    with pytest.raises(InputError, match=r"^\[E107\] a\.txt: invalid publication date"):
        document_from_text(f"Published: {value}\n\nBody text.", "a.txt")


def test_text_published_override_wins_over_header() -> None:
    raw = "Published: not a date\n\nBody text."
    document = document_from_text(raw, "t", published=dt.date(2020, 5, 1))
    assert document.published == dt.date(2020, 5, 1)


def test_text_keyword_title_overrides_header() -> None:
    document = document_from_text("Title: Old\n\nBody.", "t", title="  New\n headline ")
    assert document.title == "New headline"
    assert document.text == "New headline\n\nBody."


def test_text_id_is_sha256_prefix_of_stored_text() -> None:
    document = document_from_text("Title: A\n\nB.", "t")
    digest = hashlib.sha256(b"A\n\nB.").hexdigest()
    assert (document.sha256, document.id) == (digest, digest[:12])
