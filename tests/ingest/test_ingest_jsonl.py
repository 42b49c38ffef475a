"""JSON Lines: streamed, each bad line reported with its number, the rest still read."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
from pathlib import Path

import pytest

from storyledger.errors import InputError
from storyledger.ingest.base import SourceDocument
from storyledger.ingest.jsonl import bounded_lines, read_jsonl

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOOD = json.dumps({"text": "The bridge reopened on Monday.", "published": "2024-03-04"})


def read_bytes(data: bytes, limit: int = 10_000) -> list[SourceDocument | InputError]:
    return list(read_jsonl(io.BytesIO(data).readline, "in.jsonl", limit))


def test_jsonl_fixture_articles_and_metadata() -> None:
    with (FIXTURES / "ingest_wire.jsonl").open("rb") as stream:
        items = list(read_jsonl(stream.readline, "wire.jsonl", 10_000))
    assert all(isinstance(item, SourceDocument) for item in items)
    documents = [item for item in items if isinstance(item, SourceDocument)]
    assert [d.source for d in documents] == [
        "wire.jsonl#wire-001",
        "wire.jsonl#wire-002",
        "wire.jsonl#3",
    ]
    assert documents[0].title == "Rail strike called off after overnight talks"
    assert documents[0].text.startswith("Rail strike called off after overnight talks\n\nA planned")
    assert documents[1].title is None
    assert documents[2].published == dt.date(2024, 5, 23)
    assert documents[2].url == "https://wire.example/3"


@pytest.mark.parametrize(
    ("line", "detail"),
    [
        (b"not json", "invalid JSON"),
        (b'{"text": "unterminated', "invalid JSON"),
        (b"[1, 2]", "expected a JSON object, got a list"),
        (b'"just a string"', "expected a JSON object, got a string"),
        (b'{"title": "No text"}', '"text" is missing'),
        (b'{"text": 5}', '"text" must be a string, got a number'),
        (b'{"text": null}', '"text" must be a string, got null'),
        (b'{"text": "  "}', '"text" is empty'),
        (b'{"text": "Body.", "title": 3}', '"title" must be a string or null, got a number'),
        (b'{"text": "Body.", "outlet": ["x"]}', '"outlet" must be a string or null, got a list'),
        (b'{"text": "Body.", "published": "last week"}', 'invalid "published" date'),
        (b'{"text": "Body.", "published": 20240101}', '"published" must be a string or null'),
        (b'{"text": "Body.", "id": {"a": 1}}', '"id" must be a string or a number'),
        (b'{"text": "caf\xe9"}', "not UTF-8"),
    ],
)
def test_jsonl_bad_line_is_reported_and_others_read(line: bytes, detail: str) -> None:
    data = GOOD.encode() + b"\n" + line + b"\n" + GOOD.encode() + b"\n"
    items = read_bytes(data)
    assert [type(item) for item in items] == [SourceDocument, InputError, SourceDocument]
    message = str(items[1])
    assert message.startswith("[E108] in.jsonl: line 2: ")
    assert detail in message


def test_jsonl_skips_blank_lines_but_counts_them() -> None:
    items = read_bytes(b"\n\n" + b"oops\n")
    assert len(items) == 1
    assert str(items[0]).startswith("[E108] in.jsonl: line 3:")


@pytest.mark.parametrize("data", [b"", b"\n  \n"])
def test_jsonl_without_articles_raises_e103(data: bytes) -> None:
    items = read_bytes(data)
    assert [str(item)[:6] for item in items] == ["[E103]"]


def test_jsonl_overlong_line_is_skipped_with_e111() -> None:
    long_line = json.dumps({"text": "word " * 100}).encode()
    items = read_bytes(GOOD.encode() + b"\n" + long_line + b"\n" + GOOD.encode(), limit=200)
    assert [type(item) for item in items] == [SourceDocument, InputError, SourceDocument]
    assert str(items[1]).startswith("[E111] in.jsonl: line 2 is over the 200 byte limit")


def test_jsonl_published_override_replaces_every_line() -> None:
    data = GOOD.encode() + b"\n" + json.dumps({"text": "No date."}).encode()
    items = list(read_jsonl(io.BytesIO(data).readline, "in", 1000, published=dt.date(2001, 2, 3)))
    assert [item.published for item in items if isinstance(item, SourceDocument)] == [
        dt.date(2001, 2, 3)
    ] * 2


def test_jsonl_bounded_lines_never_return_more_than_limit() -> None:
    data = b"a" * 50 + b"\n" + b"b" * 5 + b"\n" + b"c" * 30
    lines = list(bounded_lines(io.BytesIO(data).readline, 10))
    assert lines == [None, b"bbbbb\n", None]


def test_jsonl_gzip_file_is_streamed(tmp_path: Path) -> None:
    from storyledger.ingest.jsonl import open_jsonl

    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(gzip.compress((GOOD + "\n" + GOOD + "\n").encode()))
    with open_jsonl(path) as stream:
        items = list(read_jsonl(stream.readline, str(path), 1000))
    assert len(items) == 2
    assert all(isinstance(item, SourceDocument) for item in items)


def test_jsonl_a_text_that_opens_with_its_title_keeps_one_headline() -> None:
    """MEANTIME records carry their headline in the title and as the text's first line."""
    line = json.dumps(
        {"text": "Ford cuts jobs\n\nJanuary 23, 2006\n\nFord said.", "title": "Ford cuts jobs"}
    )
    (document,) = read_bytes(line.encode())
    assert isinstance(document, SourceDocument)
    assert document.text == "Ford cuts jobs\n\nJanuary 23, 2006\n\nFord said."
    assert document.title == "Ford cuts jobs"
