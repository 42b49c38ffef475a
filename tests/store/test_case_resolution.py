"""Resolution through the store, on both backends: adding in steps equals adding at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storyledger import api
from storyledger.ledger import Ledger
from storyledger.model import DocumentFacts
from storyledger.resolve.case import input_from_facts, resolve

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples" / "ferry").glob("*.txt"))


def snapshot(ledger: Ledger) -> dict[str, Any]:
    entities = {
        e["id"]: (e["name"], e["type"], e["aliases"], e["mentions"])
        for e in ledger.entity_details()
    }
    members = sorted(
        (m["doc"], m["local_id"], e["id"], m["reason"])
        for e in ledger.entity_details()
        for m in e["members"]
    )
    timeline = [(t["date"], len(t["sources"])) for t in ledger.timeline()]
    conflicts = [(c["topic"], c["kind"], len(c["values"])) for c in ledger.conflicts()]
    return {"entities": entities, "members": members, "timeline": timeline, "conflicts": conflicts}


def test_adding_in_steps_gives_the_case_of_one_add(location: str, tmp_path: Path) -> None:
    modes = []
    with Ledger.open(location) as stepwise:
        for path in EXAMPLES:
            api.add_to_case(stepwise, [path])
            modes.append(stepwise.last_resolution)
        steps = snapshot(stepwise)
    assert modes.count("incremental") >= 2, modes
    with Ledger.open(tmp_path / "once.db") as once:
        api.add_to_case(once, EXAMPLES)
        assert snapshot(once) == steps
    assert steps["entities"] and steps["conflicts"] and steps["timeline"]


def test_resolve_twice_changes_nothing(location: str) -> None:
    with Ledger.open(location) as ledger:
        api.add_to_case(ledger, EXAMPLES)
        before = snapshot(ledger)
        ledger.resolve()
        assert snapshot(ledger) == before
        assert not ledger.needs_resolution()


def test_the_newer_correction_wins(location: str) -> None:
    with Ledger.open(location) as ledger:
        api.add_to_case(ledger, EXAMPLES)
        people = [e["id"] for e in ledger.case_entities(type="PERSON")]
        a, b = people[0], people[1]
        merged = ledger.merge([a, b])
        name_b = next(
            m["name"]
            for m in ledger.entity(merged)["members"]
            if m["name"] != ledger.entity(merged)["name"]
        )
        apart = ledger.split(merged, name_b)
        assert (
            apart != merged and len({ledger.entity(apart)["id"], ledger.entity(merged)["id"]}) == 2
        )
        again = ledger.merge([merged, apart])
        names = {m["name"] for m in ledger.entity(again)["members"]}
        assert name_b in names and len(names) >= 2, "a merge after a split must win"


def test_the_store_resolves_as_the_evaluation_does(
    location: str, articles: list[DocumentFacts]
) -> None:
    """The case file's timeline and conflicts are what ``storyledger eval`` scores:
    undated reports linked by their figure included (the store once read the
    entities of clock-time sentences only, and lost those links)."""
    expected = resolve(input_from_facts(articles))
    with Ledger.open(location) as ledger:
        for facts in articles:
            ledger.add_facts(facts)
        ledger.resolve()
        timeline = ledger.timeline()
        conflicts = ledger.conflicts()
    linked = [s for t in timeline for s in t["sources"] if s["date_text"] == ""]
    assert linked, "some undated report is linked to its entry by a figure"
    assert [(t["id"], len(t["sources"])) for t in timeline] == [
        (e.id, len({(s.source.doc, s.source.start) for s in e.sources})) for e in expected.timeline
    ]
    assert [c["id"] for c in conflicts] == [c.id for c in expected.conflicts]


def test_adding_one_article_to_a_resolved_case_is_incremental(
    location: str, articles: list[DocumentFacts]
) -> None:
    with Ledger.open(location) as ledger:
        for facts in articles[:-1]:
            ledger.add_facts(facts)
        ledger.resolve()
        assert ledger.last_resolution.startswith("full")
        ledger.add_facts(articles[-1])
        counts = ledger.resolve(new=[articles[-1].document.id])
        assert ledger.last_resolution == "incremental" and counts["incremental"] == 1
        incremental = snapshot(ledger)
        ledger.resolve()
        assert ledger.last_resolution.startswith("full")
        assert snapshot(ledger) == incremental
