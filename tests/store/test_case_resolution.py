"""Resolution through the store, on both backends: adding in steps equals adding at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from storyledger import api
from storyledger.ledger import Ledger
from storyledger.model import DocumentFacts
from storyledger.resolve.case import input_from_facts, resolve
from storyledger.store import schema

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


def test_the_ferry_correction_is_in_the_case_added_at_once_or_in_steps(
    location: str, tmp_path: Path
) -> None:
    """The bundled ferry story's correction note (6.15pm -> 6.45pm) is a correction of
    the Valden Post's first report, dated to the day of that report."""
    with Ledger.open(location) as ledger:
        for path in EXAMPLES:
            api.add_to_case(ledger, [path])
        corrections = [c for c in ledger.conflicts() if c["kind"] == "correction"]
    assert [(v["value"], v["outlet"]) for c in corrections for v in c["values"]] == [
        ("2025-06-02T18:15", "Valden Post"),
        ("2025-06-02T18:45", "Valden Post"),
    ]
    with Ledger.open(tmp_path / "once.db") as once:
        api.add_to_case(once, EXAMPLES)
        assert [c for c in once.conflicts() if c["kind"] == "correction"] == corrections


def test_an_update_lists_its_reports_oldest_first(location: str) -> None:
    """The ferry's missing go from 14 (3 June) to 3 (5 June): told in time, not by value;
    a disagreement stays ordered by value."""
    with Ledger.open(location) as ledger:
        api.add_to_case(ledger, EXAMPLES)
        by_topic = {c["topic"]: c for c in ledger.conflicts()}
    missing = by_topic["person missing"]
    assert missing["kind"] == "update"
    assert [(v["value"], v["published"]) for v in missing["values"]] == [
        (14, "2025-06-03"),
        (3, "2025-06-05"),
    ]
    passengers = by_topic["passenger"]
    assert passengers["kind"] == "disagreement"
    assert [v["value"] for v in passengers["values"]] == [212, 230]


def _article(folder: Path, name: str, published: str, text: str) -> Path:
    path = folder / f"{name}.txt"
    header = f"Title: {name}\nOutlet: Valden Post\nPublished: {published}\nLanguage: en\n\n"
    path.write_text(header + text + "\n", encoding="utf-8")
    return path


def test_a_correction_note_and_a_better_report_are_resolved_incrementally(
    location: str, tmp_path: Path
) -> None:
    """A new note is compared with the outlet's earlier reports, and a new report that
    the note corrects better (published later than the one it matched, still before
    the note) takes its place; each step gives what one add of everything gives."""
    first = _article(
        tmp_path,
        "first",
        "2025-06-03",
        "Nordlake Ferries said the MV Solveig left at 6.15pm on Monday.",
    )
    note = _article(
        tmp_path,
        "note",
        "2025-06-05",
        "Nordlake Ferries ran the MV Solveig.\n\nCorrection: An earlier version of this "
        "article said the MV Solveig left at 6.15pm. It left at 6.45pm.",
    )
    later = _article(
        tmp_path,
        "later",
        "2025-06-06",
        "Nordlake Ferries said divers reached the MV Solveig at 10.30am on Friday.",
    )
    better = _article(
        tmp_path,
        "better",
        "2025-06-04",
        "Nordlake Ferries said the MV Solveig left at 6.15pm on Tuesday.",
    )
    modes = []
    days = []
    with Ledger.open(location) as ledger:
        for path in (first, note, later, better):
            api.add_to_case(ledger, [path])
            modes.append(ledger.last_resolution)
            found = [c for c in ledger.conflicts() if c["kind"] == "correction"]
            days.append([v["value"] for c in found for v in c["values"]])
        steps = snapshot(ledger)
        notes = ledger.read(_notes)
    assert modes[1:] == ["incremental"] * 3, modes
    assert days[1] == days[2] and days[1][0][:10] != days[3][0][:10], days
    assert days[3] == ["2025-06-03T18:15", "2025-06-03T18:45"], "Tuesday, 3 June"
    with Ledger.open(tmp_path / "once.db") as once:
        api.add_to_case(once, [first, note, later, better])
        assert snapshot(once) == steps
        assert once.read(_notes) == notes and len(notes) == 1


def _notes(conn: sa.Connection) -> list[tuple[str, str]]:
    """The stored states of correction notes (``conflict_state``, scope ``k:...``)."""
    table = schema.conflict_state
    query = sa.select(table.c.scope, table.c.state).where(table.c.scope.startswith("k:"))
    return sorted((scope, state) for scope, state in conn.execute(query))


_RESOLVE_AND_DUMP = """
import json, sys
import sqlalchemy as sa
from storyledger.ledger import Ledger
from storyledger.store import schema
with Ledger.open(sys.argv[1]) as ledger:
    ledger.resolve()
    tables = [schema.metadata.tables[name] for name in sys.argv[2:]]
    print(json.dumps({
        t.name: sorted(map(list, ledger._read(lambda c, t=t: c.execute(sa.select(t)).all())))
        for t in tables
    }))
"""


_CASE_TABLES = (
    "entities",
    "entity_members",
    "timeline",
    "timeline_sources",
    "conflicts",
    "conflict_values",
    "conflict_state",
    "measure_signatures",
)


def test_a_full_pass_stores_the_same_text_whatever_the_hash_seed(tmp_path: Path) -> None:
    """Sets iterate in an order that changes from process to process (string hashes
    are salted); the stored case must not follow it, or every full pass rewrites rows
    that did not change (a state's outlets came from a set)."""
    location = tmp_path / "case.db"
    with Ledger.open(location) as ledger:
        api.add_to_case(ledger, EXAMPLES)
    dumps = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _RESOLVE_AND_DUMP, str(location), *_CASE_TABLES],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        dumps.append(json.loads(done.stdout))
    assert dumps[0]["conflict_state"]
    assert dumps[0] == dumps[1] == dumps[2]
