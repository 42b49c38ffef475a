"""The case timeline: one entry per happening, every source listed."""

from __future__ import annotations

from storyledger.resolve.conflicts import Source
from storyledger.resolve.timeline import (
    DatedEvent,
    FigureMention,
    build_timeline,
    link_undated,
)


def event(doc: str, date: str, summary: str, *entities: str, sentence: int = 0) -> DatedEvent:
    source = Source(doc, f"Outlet {doc}", "2024-10-12", 0, len(summary), "", sentence)
    return DatedEvent(date, "on Tuesday", summary, frozenset(entities), source)


def test_same_day_reports_naming_one_entity_are_one_entry() -> None:
    entries = build_timeline(
        [
            event("a", "2024-10-08", "Fire destroys Warehouse 14", "warehouse-14"),
            event("b", "2024-10-08", "Blaze guts Warehouse 14 at the port", "warehouse-14"),
            event("c", "2024-10-08", "The council publishes air readings"),
            event("d", "2024-10-09", "Jarek Nowak dies in hospital", "jarek-nowak"),
        ]
    )
    assert [(e.date, sorted(s.source.doc for s in e.sources)) for e in entries] == [
        ("2024-10-08", ["a", "b"]),
        ("2024-10-08", ["c"]),
        ("2024-10-09", ["d"]),
    ]
    assert entries[0].entities == ("warehouse-14",)


def test_undated_report_joins_the_entry_with_the_same_figure_and_participant() -> None:
    dated = event(
        "a",
        "2024-10-11",
        "Halcyon Mutual published an estimate: 4.2 million euros",
        "halcyon",
        sentence=3,
    )
    entries = build_timeline([dated])
    figures = [
        FigureMention((4_200_000.0, "EUR"), event("a", "", "", "halcyon", sentence=3)),
        FigureMention(
            (4_200_000.0, "EUR"),
            event("b", "", "Halcyon put the loss at €4.2m", "halcyon", sentence=7),
        ),
        FigureMention(
            (4_200_000.0, "EUR"),
            event("c", "", "Losses of €4.2m, a union said", "union", sentence=2),
        ),
    ]
    linked = link_undated(entries, figures)
    assert [s.source.doc for s in linked[0].sources] == ["a", "b"]
    assert linked[0].sources[1].date == "2024-10-11"


def test_reports_of_one_year_naming_one_company_join_only_when_they_say_the_same() -> None:
    """MEANTIME's General Motors articles: every 2008 sentence naming GM had been
    one entry, from a 2006 forecast of plant closures to a 2009 revenue share."""
    entries = build_timeline(
        [
            event("a", "2008", "GM plans to cut 30,000 jobs and close 12 plants by 2008", "gm"),
            event("b", "2008", "The dealers represent only 7% of GM's 2008 revenue", "gm"),
            event("c", "2008", "GM will cut 30,000 jobs and close 12 plants by 2008", "gm"),
        ]
    )
    assert [sorted(s.source.doc for s in e.sources) for e in entries] == [["a", "c"], ["b"]]
