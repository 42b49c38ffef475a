"""Hostile input: arbitrary unicode, control and zero-width characters, RTL text,
a 1 MB line, broken HTML, JSON Lines with wrong types. Nothing may escape but a
coded InputError, and every offset must stay valid."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyledger import api
from storyledger.errors import InputError
from storyledger.model import DocumentFacts
from storyledger.settings import Settings

Run = Callable[..., DocumentFacts]

#: Letters, digits, punctuation, spaces, plus what breaks naive code.
TRICKY = st.sampled_from(
    [
        "\u200b",
        "\u200d",
        "\ufeff",
        "\u202e",
        "\u2066",
        "\x00",
        "\x07",
        "\r",
        "\u00a0",
        "€",
        "„",
        "“",
    ]
)
WORDS = st.sampled_from(
    [
        "Fire",
        "killed",
        "13",
        "planes",
        "on",
        "Tuesday",
        '"',
        "said",
        "Brekke",
        "€4.2m",
        "שלום",
        "مرحبا",
        ".",
    ]
)
TEXTS = st.lists(st.one_of(WORDS, TRICKY, st.text(max_size=8)), max_size=40).map(" ".join)


def assert_offsets_valid(facts: DocumentFacts) -> None:
    text = facts.text
    for entity in facts.entities:
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text
    for record in (*facts.times, *facts.quantities):
        assert text[record.start : record.end] == record.text
    for claim in facts.claims:
        assert 0 <= claim.start <= claim.end <= len(text)
    for event in facts.events:
        assert 0 <= event.start <= event.end <= len(text)
    for start, end in facts.sentences:
        assert 0 <= start <= end <= len(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_text_gives_valid_offsets_or_a_coded_error(text: str) -> None:
    try:
        result = api.extract(text, published="2024-10-08", on_warning=lambda _m: None)
    except InputError as exc:
        assert str(exc).startswith("[E1")
        return
    for document in result.documents:
        facts_text = result.texts[document.id]
        assert len(facts_text) == document.chars
    for mention in (m for e in result.entities for m in e.mentions):
        assert result.texts[mention.doc][mention.start : mention.end] == mention.text


def test_a_one_megabyte_line_is_processed(run: Run) -> None:
    line = ("Crews fought 13 fires near Maraven on Tuesday " * 22_000)[:1_000_000]
    facts = run(line, published=dt.date(2024, 10, 8))
    assert_offsets_valid(facts)


@pytest.mark.parametrize(
    "html",
    [
        "<div>" * 2000 + "Deeply nested: 13 planes landed on Tuesday." + "</div>" * 2000,
        "<html><body><p>Broken <b>markup <i>everywhere<p>Two killed on Monday</body>",
        "<!doctype html><p>Only<script>alert(1)</script> a fragment",
    ],
)
def test_deep_or_broken_html_is_read_or_refused_with_a_message(tmp_path: Path, html: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    errors: list[InputError] = []
    result = api.extract_files([path], on_error=errors.append, on_warning=lambda _m: None)
    assert result.documents or errors
    for error in errors:
        assert str(error).startswith("[E1") and "\n" not in str(error)
    for document in result.documents:
        assert "alert(1)" not in result.texts[document.id]


def test_jsonl_with_wrong_types_reports_each_line(tmp_path: Path) -> None:
    lines = [
        {"text": "Two killed on Monday in Maraven.", "published": "2024-10-08"},
        {"text": 42},
        {"text": ["not", "a", "string"]},
        {"text": "Fine again on Tuesday.", "published": {"day": 8}},
        "a bare string",
        {"text": "Last one.", "title": 7},
    ]
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n{broken", encoding="utf-8")
    errors: list[InputError] = []
    result = api.extract_files([path], on_error=errors.append, on_warning=lambda _m: None)
    assert len(result.documents) >= 1
    assert len(errors) >= 4
    assert all(str(e).startswith("[E1") and "\n" not in str(e) for e in errors)


def test_control_and_bidi_characters_keep_offsets(run: Run) -> None:
    text = "\u202eMinister\u200b Anneliese Kord said\x07 13 planes landed on 8 October.\u2066"
    assert_offsets_valid(run(text, published=dt.date(2024, 10, 9)))


def test_default_settings_refuse_huge_files(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"word " * (Settings().max_bytes // 5 + 10))
    errors: list[InputError] = []
    api.extract_files([path], on_error=errors.append)
    assert [str(e)[:6] for e in errors] == ["[E104]"]
