"""Correction notes: an outlet's corrected time of day is a conflict of kind correction."""

from __future__ import annotations

import pytest

from storyledger.resolve.conflicts import Source, number
from storyledger.resolve.corrections import (
    NOW,
    SAID,
    ClockReport,
    correction_conflicts,
    correction_role,
)

NOTE = "Correction: An earlier version of this article said the ferry left Korsvik at 6.15pm."


def report(
    doc: str, value: str, role: str = "", outlet: str = "Valden Post", published: str = ""
) -> ClockReport:
    source = Source(doc, outlet, published or "2025-06-03", 0, 6, value[11:], 0)
    return ClockReport(source, value, role)


@pytest.mark.parametrize(
    ("sentence", "previous", "role"),
    [
        (NOTE, None, SAID),
        ("It left at 6.45pm.", NOTE, NOW),
        ("CLARIFICATION - The vote was held at 9am.", "Earlier text.", SAID),
        ("The ferry left at 6.15pm.", "It capsized.", ""),
        ("A correction is due, the minister said at 3pm.", None, ""),
    ],
)
def test_correction_roles(sentence: str, previous: str | None, role: str) -> None:
    assert correction_role(sentence, previous) == role


def test_a_note_corrects_the_outlets_earlier_report_on_its_day() -> None:
    reports = [
        report("a", "2025-06-02T18:15", published="2025-06-03"),
        report("b", "2025-06-02T18:15", outlet="Lakeside Wire", published="2025-06-04"),
        report("c", "2025-06-05T18:15", SAID, published="2025-06-05"),
        report("c", "2025-06-05T18:45", NOW, published="2025-06-05"),
    ]
    conflicts, states = correction_conflicts(reports)
    (conflict,) = conflicts
    assert conflict.kind == "correction" and conflict.severity == "hard"
    assert sorted((v.value, v.source.doc) for v in conflict.values) == [
        ("2025-06-02T18:15", "a"),
        ("2025-06-02T18:45", "c"),
    ]
    assert conflict.topic == "time of day on 2025-06-02, corrected by Valden Post"
    assert states == {
        conflict.scope: {
            "doc": "c",
            "outlet": "Valden Post",
            "said": "18:15",
            "published": "2025-06-05",
            "match": ["2025-06-03", "a", 0],
        }
    }


def test_a_note_without_an_earlier_report_is_kept_but_no_conflict() -> None:
    """Another outlet's report, or a later one, is not what the note corrects."""
    reports = [
        report("b", "2025-06-02T18:15", outlet="Lakeside Wire", published="2025-06-04"),
        report("d", "2025-06-02T18:15", published="2025-06-06"),
        report("c", "2025-06-05T18:15", SAID, published="2025-06-05"),
        report("c", "2025-06-05T18:45", NOW, published="2025-06-05"),
    ]
    conflicts, states = correction_conflicts(reports)
    assert conflicts == [] and len(states) == 1


def test_notes_in_two_editions_that_correct_one_report_are_two_conflicts() -> None:
    """Each note is its own conflict, with its own id (they share the earlier report)."""
    reports = [report("a", "2025-06-02T18:15", published="2025-06-03")]
    for doc in ("c", "e"):
        reports += [
            report(doc, "2025-06-05T18:15", SAID, published="2025-06-05"),
            report(doc, "2025-06-05T18:45", NOW, published="2025-06-05"),
        ]
    conflicts, _ = correction_conflicts(reports)
    assert len({c.scope for c in conflicts}) == 2
    assert len(number(conflicts)) == 2
    assert all("-" not in c.id for c in number(conflicts))
