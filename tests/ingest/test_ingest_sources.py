"""Dispatch: files by name or content, stdin sniffed, errors yielded not raised."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from storyledger.errors import InputError
from storyledger.ingest.base import SourceDocument
from storyledger.ingest.sources import Item, read_sources, report_errors
from storyledger.settings import Settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HTML = (FIXTURES / "ingest_page.html").read_bytes()


def read(
    *inputs: str | Path, stdin: bytes = b"", **options: object
) -> tuple[list[Item], list[str]]:
    warnings: list[str] = []
    items = list(
        read_sources(
            inputs,
            Settings(),
            warnings.append,
            stdin=io.BytesIO(stdin),
            **options,  # type: ignore[arg-type]
        )
    )
    return items, warnings


def only_document(items: list[Item]) -> SourceDocument:
    assert len(items) == 1
    assert isinstance(items[0], SourceDocument), items[0]
    return items[0]


def test_sources_html_is_sniffed_without_extension(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(HTML)
    items, _ = read(path)
    assert only_document(items).outlet == "Eastbrook Echo"


@pytest.mark.parametrize(
    ("data", "title"),
    [
        (b"Title: Piped\n\nA story from a pipe.", "Piped"),
        (b"\n\n  " + json.dumps({"text": "From JSON.", "title": "Lined"}).encode(), "Lined"),
        (HTML, "Orchard Street library reopens after flood repairs"),
    ],
)
def test_sources_stdin_is_sniffed(data: bytes, title: str) -> None:
    items, _ = read("-", stdin=data)
    document = only_document(items)
    assert document.title == title
    assert document.source.startswith("<stdin>")


def test_sources_stdin_jsonl_reads_every_line() -> None:
    lines = [json.dumps({"text": f"Story number {n} is here."}) for n in range(3)]
    items, _ = read("-", stdin="\n".join(lines).encode())
    assert [item.source for item in items if isinstance(item, SourceDocument)] == [
        "<stdin>:1",
        "<stdin>:2",
        "<stdin>:3",
    ]


def test_sources_empty_stdin_is_e103() -> None:
    items, _ = read("-", stdin=b"\n \n")
    assert [str(item)[:6] for item in items] == ["[E103]"]


def test_sources_published_override_applies_to_every_kind(tmp_path: Path) -> None:
    day = dt.date(1999, 12, 31)
    inputs = [
        FIXTURES / name for name in ("ingest_ferry.txt", "ingest_page.html", "ingest_wire.jsonl")
    ]
    items, _ = read(*inputs, published=day)
    assert len(items) == 5
    assert {item.published for item in items if isinstance(item, SourceDocument)} == {day}


def test_sources_bad_input_does_not_stop_the_batch(tmp_path: Path) -> None:
    items, _ = read(tmp_path / "missing.txt", tmp_path, FIXTURES / "ingest_plain.txt")
    assert [type(item) for item in items] == [InputError, InputError, SourceDocument]
    assert [str(item)[:6] for item in items[:2]] == ["[E101]", "[E114]"]


def test_sources_non_english_warns_w301_and_records_language() -> None:
    items, warnings = read(FIXTURES / "ingest_german.txt")
    assert only_document(items).language == "de"
    assert len(warnings) == 1
    assert warnings[0].startswith("[W301] ")
    assert "German" in warnings[0]


def test_sources_english_gives_no_warning() -> None:
    items, warnings = read(FIXTURES / "ingest_plain.txt")
    assert only_document(items).language == "en"
    assert warnings == []


def test_sources_language_check_can_be_switched_off() -> None:
    warnings: list[str] = []
    settings = Settings(detect_language=False)
    items = list(read_sources([FIXTURES / "ingest_german.txt"], settings, warnings.append))
    assert only_document(items).language is None
    assert warnings == []


def test_report_errors_raises_without_callback() -> None:
    error = InputError("[E101] x: file not found. Check the path.")
    with pytest.raises(InputError):
        list(report_errors([error], None))


def test_report_errors_hands_errors_to_callback_and_goes_on() -> None:
    document = SourceDocument(text="Body.", source="t")
    error = InputError("[E101] x: file not found. Check the path.")
    seen: list[InputError] = []
    assert list(report_errors([error, document], seen.append)) == [document]
    assert seen == [error]
