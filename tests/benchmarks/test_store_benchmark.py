"""The case-store benchmark's synthetic cases are sound: run at a tiny size, no timings."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from storyledger.ledger import Ledger
from storyledger.model import Claim, DocumentFacts, Quantity, TimeExpr

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "store.py"
FERRY = sorted((Path(__file__).resolve().parents[2] / "examples" / "ferry").glob("*.txt"))


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    """benchmarks/store.py, imported from its path (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("storyledger_store_benchmark", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bases(bench: ModuleType, nlp: object) -> list[DocumentFacts]:
    """The four bundled ferry articles, extracted once."""
    return list(bench.base_facts(FERRY))


def _check_offsets(facts: DocumentFacts) -> None:
    doc = facts.document.id
    local_ids = {e.id for e in facts.entities}
    assert all(entity_id.startswith(doc + "-") for entity_id in local_ids)
    for entity in facts.entities:
        for mention in entity.mentions:
            assert mention.doc == doc
            assert facts.text[mention.start : mention.end] == mention.text
    spans: list[TimeExpr | Quantity | Claim] = [*facts.times, *facts.quantities, *facts.claims]
    for record in spans:
        assert record.doc == doc
        assert facts.text[record.start : record.end] == record.text
    for claim in facts.claims:
        assert claim.speaker is None or claim.speaker in local_ids
    for event in facts.events:
        assert event.doc == doc and set(event.entities) <= local_ids


def test_store_benchmark_case_is_consistent(
    bench: ModuleType, bases: list[DocumentFacts], tmp_path: Path
) -> None:
    with Ledger.open(tmp_path / "case.db") as ledger:
        assert bench.fill_case(ledger, bases, 20) == 20
        assert bench.fill_case(ledger, bases, 20) == 0  # same copies: nothing new
        documents = ledger.documents()
        assert len(documents) == 20
        assert len({d["id"] for d in documents}) == 20
        for document in documents:
            _check_offsets(ledger.load_facts(document["id"]))
        counts = ledger.resolve()
        stored = ledger.counts()
        assert 0 < counts["entities"] < stored["doc_entities"]  # copies merge, not all
        names = {e["name"] for e in ledger.case_entities(type="PERSON")}
        renamed = [k for k in range(5) if k % bench.RENAME_EVERY == bench.RENAME_EVERY - 1]
        assert any(bench.surname(k) in name for k in renamed for name in names)
        queries = bench.search_queries(bases, 20)
        assert len(queries) == 20
        assert all(ledger.search(query) for query in queries)
        assert stored["sentences"] == 5 * sum(len(f.sentences) for f in bases)


def test_store_benchmark_per_day_moves_dates(bench: ModuleType, bases: list[DocumentFacts]) -> None:
    first = bases[0]
    copies = list(bench.variants(bases, 0, 3 * len(bases), per_day=2))
    assert [c.document.published for c in copies[:: len(bases)]] == [
        first.document.published,
        first.document.published,
        bench.shift_iso(first.document.published, 1),
    ]
    moved = copies[2 * len(bases)]
    assert [t.value for t in moved.times] == [bench.shift_iso(t.value, 1) for t in first.times]
    assert [e.date for e in moved.events] == [bench.shift_iso(e.date, 1) for e in first.events]
    assert bench.shift_iso("2024-10-08T02:40", 1) == "2024-10-09T02:40"
    assert bench.shift_iso("2024-10", 5) == "2024-10"
    for copy in copies:
        _check_offsets(copy)
