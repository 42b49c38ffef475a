"""Ledger behaviour, run on SQLite and PostgreSQL (the ``ledger`` fixture)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from storyledger.ledger import Ledger
from storyledger.model import DocumentFacts, Entity, Quantity
from storyledger.store import StoreError

Factory = Callable[..., DocumentFacts]


def test_ledger_add_facts_is_idempotent(ledger: Ledger, story: list[DocumentFacts]) -> None:
    assert [ledger.add_facts(facts) for facts in story] == [True, True]
    before = ledger.counts()
    assert [ledger.add_facts(facts) for facts in story] == [False, False]
    assert ledger.counts() == before
    assert before["documents"] == 2
    assert before["sentences"] == sum(len(facts.sentences) for facts in story)


def test_ledger_load_facts_round_trips_real_extraction(
    ledger: Ledger, story: list[DocumentFacts]
) -> None:
    for facts in story:
        ledger.add_facts(facts)
    for facts in story:
        assert ledger.load_facts(facts.document.id) == facts
        assert ledger.load_facts(facts.document.sha256) == facts


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"entities": (), "times": (), "quantities": (), "claims": (), "events": ()},
        {"warnings": ("[W301] looks like Dutch", "second")},
        {
            "quantities": (
                Quantity("f00d00000001", 13, 21, "13 fires", 1.25, "%", None, True, "approx", 0),
            )
        },
        {
            "quantities": (
                Quantity(
                    "f00d00000001", 13, 21, "13 fires", 3_000_000_000, "EUR", None, False, None, 0
                ),
            )
        },
        {"entities": (Entity("f00d00000001-e9", "Zoë Ñúñez «ZN»", "ORG", (), (), ()),)},
    ],
    ids=["one-of-each", "no-records", "warnings", "float-value", "big-int", "unicode-no-mentions"],
)
def test_ledger_load_facts_round_trips_edge_cases(
    ledger: Ledger, make_facts: Factory, fields: dict[str, object]
) -> None:
    facts = make_facts(**fields)
    assert ledger.add_facts(facts)
    loaded = ledger.load_facts(facts.document.id)
    assert loaded == facts
    assert loaded.to_dict() == facts.to_dict()


def test_ledger_round_trips_a_text_without_sentences(ledger: Ledger, make_facts: Factory) -> None:
    facts = make_facts(text="Short.", sentences=())
    ledger.add_facts(facts)
    assert ledger.load_facts(facts.document.id) == facts


def test_ledger_has_document_by_sha256(ledger: Ledger, make_facts: Factory) -> None:
    facts = make_facts()
    assert not ledger.has_document(facts.document.sha256)
    ledger.add_facts(facts)
    assert ledger.has_document(facts.document.sha256)


def test_ledger_documents_list_metadata_without_text(
    ledger: Ledger, story: list[DocumentFacts]
) -> None:
    for facts in reversed(story):
        ledger.add_facts(facts)
    rows = ledger.documents()
    assert [row["id"] for row in rows] == [facts.document.id for facts in story]
    assert all("text" not in row and row["added_at"] for row in rows)
    assert rows[0]["published"] == "2024-10-09"


def test_ledger_document_has_text_and_rejects_unknown_id(
    ledger: Ledger, make_facts: Factory
) -> None:
    facts = make_facts()
    ledger.add_facts(facts)
    assert ledger.document(facts.document.id)["text"] == facts.text
    with pytest.raises(StoreError, match=r"^\[E407\] no document 'nope'"):
        ledger.document("nope")
    with pytest.raises(StoreError, match=r"\[E407\]"):
        ledger.load_facts("nope")


def test_ledger_sentences_point_into_the_text(ledger: Ledger, story: list[DocumentFacts]) -> None:
    facts = story[0]
    ledger.add_facts(facts)
    rows = ledger.sentences(facts.document.id)
    assert [row["idx"] for row in rows] == list(range(len(facts.sentences)))
    assert all(facts.text[row["start"] : row["end"]] == row["text"] for row in rows)


@pytest.mark.parametrize(
    ("counts", "expected"), [(None, 2), ("fires", 1), ("FIRES", 1), ("boats", 0)]
)
def test_ledger_quantities_filter_by_counted_noun(
    ledger: Ledger, make_facts: Factory, counts: str | None, expected: int
) -> None:
    ledger.add_facts(make_facts())
    ledger.add_facts(make_facts(doc_id="f00d00000002", quantities=()))
    ledger.add_facts(
        make_facts(
            "7 trucks came. Nothing else.",
            doc_id="f00d00000003",
            quantities=(
                Quantity("f00d00000003", 0, 8, "7 trucks", 7, None, "trucks", False, None, 0),
            ),
        )
    )
    rows = ledger.quantities(counts=counts)
    assert len(rows) == expected
    assert all(set(row) == set(Quantity.__dataclass_fields__) for row in rows)


@pytest.mark.parametrize(
    ("date_from", "date_to", "expected"),
    [
        (None, None, 1),
        ("2024-10-07", "2024-10-07", 1),
        ("2024-10", "2024-10", 1),
        ("2024-10-08", None, 0),
        (None, "2024-10-06", 0),
    ],
)
def test_ledger_events_filter_by_iso_date_range(
    ledger: Ledger,
    make_facts: Factory,
    date_from: str | None,
    date_to: str | None,
    expected: int,
) -> None:
    ledger.add_facts(make_facts())
    assert len(ledger.events(date_from=date_from, date_to=date_to)) == expected
    assert len(ledger.times(value_from=date_from, value_to=date_to)) == expected


def test_ledger_claims_filter_by_speaker_and_certainty(ledger: Ledger, make_facts: Factory) -> None:
    facts = make_facts()
    ledger.add_facts(facts)
    local = facts.entities[0].id
    assert len(ledger.claims(speaker=local)) == 1
    assert ledger.claims(certainty="hedged") == []
    assert ledger.claims(certainty="asserted")[0]["text"] == "It is over,"
    ledger.resolve()
    assert [row["speaker"] for row in ledger.claims(speaker="ana-ruiz")] == [local]
    assert ledger.entity("ana-ruiz")["members"][0]["local_id"] == local


@pytest.mark.parametrize(
    ("query", "word"),
    [("firefighters", "firefighters"), ('"Port Halden"', "Port"), ("warning", "warnings")],
)
def test_ledger_search_returns_sourced_hits(
    ledger: Ledger, story: list[DocumentFacts], query: str, word: str
) -> None:
    for facts in story:
        ledger.add_facts(facts)
    hits = ledger.search(query)
    assert hits
    texts = {facts.document.id: facts.text for facts in story}
    for hit in hits:
        assert texts[hit["doc"]][hit["start"] : hit["end"]] == hit["text"]
        assert hit["published"] in ("2024-10-09", "2024-10-11")
        assert f"**{word}" in hit["snippet"]
        assert isinstance(hit["sentence"], int)


def test_ledger_search_respects_limit(ledger: Ledger, story: list[DocumentFacts]) -> None:
    for facts in story:
        ledger.add_facts(facts)
    assert len(ledger.search("fire", limit=1)) == 1


@pytest.mark.parametrize(
    ("query", "code"), [('"grain terminal', "E406"), ("", "E411"), ("   ", "E411")]
)
def test_ledger_search_rejects_bad_queries(
    ledger: Ledger, make_facts: Factory, query: str, code: str
) -> None:
    ledger.add_facts(make_facts())
    with pytest.raises(StoreError, match=rf"^\[{code}\]"):
        ledger.search(query)


def test_ledger_driver_errors_become_store_error(ledger: Ledger, make_facts: Factory) -> None:
    no_text = Quantity("f00d00000001", 13, 21, None, 13, None, None, False, None, 0)  # type: ignore[arg-type]
    broken = make_facts(quantities=(no_text,))
    with pytest.raises(StoreError) as caught:
        ledger.add_facts(broken)
    assert type(caught.value) is StoreError
    assert caught.value.message.startswith("[E409]")
    assert "\n" not in caught.value.message
    assert caught.value.__cause__ is not None
    assert not ledger.has_document(broken.document.sha256), "half a document was left"
    assert ledger.counts()["sentences"] == 0
    assert ledger.add_facts(make_facts())


def test_ledger_rejects_corrections_of_unknown_entities(ledger: Ledger) -> None:
    with pytest.raises(StoreError, match=r"^\[E412\] no case entity 'c404'"):
        ledger.merge(["c404", "c405"])
    with pytest.raises(StoreError, match=r"^\[E412\] no case entity 'c404'"):
        ledger.split("c404", "Ruiz")
    assert ledger.corrections() == []


def test_ledger_refuses_use_after_close(location: str) -> None:
    ledger = Ledger.open(location)
    ledger.close()
    ledger.close()
    with pytest.raises(StoreError, match="closed"):
        ledger.documents()
