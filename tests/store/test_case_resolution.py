"""Resolution through the store, on both backends: adding in steps equals adding at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storyledger import api
from storyledger.ledger import Ledger

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
    with Ledger.open(location) as stepwise:
        for path in EXAMPLES:
            api.add_to_case(stepwise, [path])
        steps = snapshot(stepwise)
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
