"""The Python API: ``extract`` for one string, ``extract_files``/``iter_facts`` for inputs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import storyledger
from storyledger.errors import InputError, StoryledgerWarning
from storyledger.model import SCHEMA, DocumentFacts, Extraction

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTICLES = sorted(FIXTURES.glob("ingest_*"))
TEXT = (
    "Police in Lowmoor said on Tuesday that 3 people had been arrested. "
    '"We are not looking for anyone else," said Inspector Maya Hollis.'
)


def records_with_text(result: Extraction) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every record of the storyledger/1 document that points at a span of text."""
    data = result.to_dict()
    for entity in data["entities"]:
        for mention in entity["mentions"]:
            yield "mention", mention
    for name in ("times", "quantities", "claims"):
        for record in data[name]:
            yield name, record


@pytest.fixture(scope="module")
def fixtures_result() -> Extraction:
    return storyledger.extract_files(ARTICLES, on_warning=lambda message: None)


def test_api_extract_returns_frozen_extraction() -> None:
    result = storyledger.extract(TEXT, published="2024-10-08", title="Three held", outlet="Gazette")
    assert isinstance(result, Extraction)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.documents = ()  # type: ignore[misc]
    (document,) = result.documents
    assert (document.title, document.outlet, document.published) == (
        "Three held",
        "Gazette",
        "2024-10-08",
    )
    assert result.texts[document.id].startswith("Three held\n\nPolice in Lowmoor")


def test_api_extract_to_dict_is_the_json_contract() -> None:
    data = storyledger.extract(TEXT, published=dt.date(2024, 10, 8)).to_dict()
    assert data["schema"] == SCHEMA
    assert list(data) == [
        "schema",
        "documents",
        "entities",
        "times",
        "quantities",
        "claims",
        "events",
    ]
    assert data["documents"][0]["chars"] == len(TEXT)


def test_api_extract_and_file_give_the_same_document_id() -> None:
    path = FIXTURES / "ingest_ferry.txt"
    from_text = storyledger.extract(path.read_text(encoding="utf-8"), source=str(path))
    from_file = storyledger.extract_files([path])
    assert from_text.documents == from_file.documents


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [({"text": "  \n"}, "E103"), ({"text": "Body.", "published": "soon"}, "E107")],
)
def test_api_extract_bad_input_raises(kwargs: dict[str, Any], code: str) -> None:
    with pytest.raises(InputError, match=rf"^\[{code}\]"):
        storyledger.extract(**kwargs)


def test_api_extract_warns_about_non_english_text() -> None:
    german = (FIXTURES / "ingest_german.txt").read_text(encoding="utf-8")
    with pytest.warns(StoryledgerWarning, match=r"\[W301\]"):
        result = storyledger.extract(german)
    assert result.documents[0].language == "de"


def test_api_extract_files_raises_first_error_without_callback(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^\[E101\]"):
        storyledger.extract_files([tmp_path / "missing.txt", FIXTURES / "ingest_plain.txt"])


def test_api_extract_files_reports_errors_and_goes_on(tmp_path: Path) -> None:
    errors: list[InputError] = []
    result = storyledger.extract_files(
        [tmp_path / "missing.txt", FIXTURES / "ingest_plain.txt"], on_error=errors.append
    )
    assert [str(error)[:6] for error in errors] == ["[E101]"]
    assert [document.source for document in result.documents] == [
        str(FIXTURES / "ingest_plain.txt")
    ]


def test_api_iter_facts_streams_document_facts() -> None:
    stdin = io.BytesIO(b'{"text": "One."}\n{"text": "Two."}\n')
    facts = storyledger.iter_facts(["-"], stdin=stdin, published="2024-01-01")
    first = next(facts)
    assert isinstance(first, DocumentFacts)
    assert first.document.published == "2024-01-01"
    assert [f.text for f in facts] == ["Two."]


def test_api_extract_files_reads_every_fixture(fixtures_result: Extraction) -> None:
    sources = [document.source for document in fixtures_result.documents]
    assert len(sources) == 7
    assert len(set(fixtures_result.texts)) == 7


def test_api_offsets_point_at_the_record_text_in_every_fixture(
    fixtures_result: Extraction,
) -> None:
    checked = 0
    for kind, record in records_with_text(fixtures_result):
        text = fixtures_result.texts[record["doc"]]
        assert text[record["start"] : record["end"]] == record["text"], (kind, record)
        checked += 1
    for event in fixtures_result.to_dict()["events"]:
        text = fixtures_result.texts[event["doc"]]
        assert 0 <= event["start"] < event["end"] <= len(text), event
    assert checked > 0


def test_extract_reads_the_headline_as_a_sentence_of_its_own(run) -> None:
    """A headline has no full stop: read with the first sentence, it lent that
    sentence its figures and took its date (harbor-fire's insurer article)."""
    title = "Insurer puts warehouse loss at EUR 4.2 million as berths stay shut"
    body = "Halcyon Mutual said on Friday that the fire on Tuesday destroyed the stock."
    facts = run(f"{title}\n\n{body}", title=title)
    first_start, first_end = facts.sentences[0]
    assert facts.text[first_start:first_end].strip() == title
