"""SQL only with bound parameters: injection strings through every filter and the search."""

from __future__ import annotations

import pytest

from storyledger.ledger import Ledger
from storyledger.model import DocumentFacts
from storyledger.store.errors import StoreError

INJECTIONS = [
    "'; DROP TABLE documents; --",
    '" OR 1=1 --',
    "x' UNION SELECT sha256 FROM documents --",
    "%' OR '1'='1",
    "\\'; DELETE FROM entities; --",
    "NEAR(a b) OR *",
]


@pytest.mark.parametrize("attack", INJECTIONS)
def test_filters_and_search_treat_input_as_data(
    ledger: Ledger, story: list[DocumentFacts], attack: str
) -> None:
    for facts in story:
        ledger.add_facts(facts)
    ledger.resolve()
    before = ledger.counts()
    assert ledger.case_entities(type=attack) == []
    assert ledger.quantities(counts=attack) == []
    assert ledger.claims(speaker=attack, certainty=attack) == []
    assert ledger.timeline(entity=attack, date_from=attack) == []
    assert ledger.conflicts(kind=attack) == []
    with pytest.raises(StoreError):
        ledger.entity(attack)
    try:
        ledger.search(attack)
    except StoreError as exc:
        assert exc.message.startswith(("[E406]", "[E411]"))
    assert ledger.counts() == before
