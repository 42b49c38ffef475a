"""Correction notes: an outlet that changes a time of day it reported has corrected it.

"Correction: An earlier version of this article said the ferry left Korsvik
at 6.15pm. It left at 6.45pm." Nothing in the note says which day the ferry
left, so its clock times carry the note's own date. The time it withdraws is
matched to the outlet's earlier report of that time of day (the latest article
of the same outlet published before the note that gives it): that report's
day is the corrected time's day, and the report and the note's new time are
one conflict of kind "correction".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from storyledger.resolve.conflicts import (
    SOFT_CLOCK_MINUTES,
    Conflict,
    ConflictValue,
    Source,
    minute_of_day,
)

#: The sentence that opens a correction note.
NOTE = re.compile(
    r"^\W*(?:correction|clarification)s?\s*[:\u2013\u2014-]"
    r"|\ban earlier version of this (?:article|story|report|piece)\b",
    re.IGNORECASE,
)
#: A time the note withdraws (in its first sentence), the time it gives instead
#: (in the sentence after).
SAID, NOW = "said", "now"


def correction_role(sentence: str, previous: str | None) -> str:
    """RETURNS (str): ``SAID`` for a time in a note's first sentence, ``NOW`` for one
    in the sentence after it, "" for any other time."""
    if NOTE.search(sentence):
        return SAID
    if previous is not None and NOTE.search(previous):
        return NOW
    return ""


@dataclass(frozen=True, slots=True)
class ClockReport:
    """A clock time ("2025-06-05T18:15") in a sentence, with its role in a note."""

    source: Source
    value: str
    role: str = ""


def note_scope(outlet: str, doc: str) -> str:
    """The conflict scope (and ``conflict_state`` key) of one document's note."""
    return f"k:{outlet}|{doc}"


def correction_conflicts(
    reports: Iterable[ClockReport],
) -> tuple[list[Conflict], dict[str, dict[str, Any]]]:
    """Conflicts between an outlet's earlier report of a time and its correction note.

    RETURNS: the conflicts (not numbered), and per note (scope -> state) the
        outlet, the time of day it withdraws, its publication date and the
        ``match_key`` of the report it corrects (None: none yet), so that a new
        article that would be a better match is found from the states alone.
    """
    reports = [r for r in reports if len(r.value) == 16 and r.value[10] == "T"]
    notes: dict[str, dict[str, list[ClockReport]]] = {}
    for report in reports:
        if report.role and report.source.outlet:
            notes.setdefault(report.source.doc, {}).setdefault(report.role, []).append(report)
    earlier_reports = _EarlierReports(reports)
    conflicts: list[Conflict] = []
    states: dict[str, dict[str, Any]] = {}
    for doc, roles in notes.items():
        if not roles.get(SAID) or not roles.get(NOW):
            continue
        said, now = roles[SAID][0], roles[NOW][0]
        outlet = said.source.outlet or ""
        scope = note_scope(outlet, doc)
        earlier = earlier_reports.of(said)
        states[scope] = {
            "doc": doc,
            "outlet": outlet,
            "said": said.value[11:],
            "published": said.source.published or "",
            "match": None if earlier is None else list(match_key(earlier)),
        }
        if earlier is None or now.value[11:] == said.value[11:]:
            continue
        day = earlier.value[:10]
        values = (  # the note first: a conflict's id hashes its first value, and
            # several notes (editions of one article) may correct one report
            ConflictValue(f"{day}T{now.value[11:]}", now.source),
            ConflictValue(earlier.value, earlier.source),
        )
        spread = abs(minute_of_day(now.value) - minute_of_day(said.value))
        severity = "soft" if spread <= SOFT_CLOCK_MINUTES else "hard"
        topic = f"time of day on {day}, corrected by {outlet}"
        conflicts.append(Conflict("", topic, "correction", severity, values, scope))
    return conflicts, states


class _EarlierReports:
    """The reports outside notes, by outlet and time of day, in ``match_key`` order:
    a note finds the report it corrects by bisection, not by reading them all."""

    def __init__(self, reports: Iterable[ClockReport]) -> None:
        self.by_time: dict[tuple[str, str], list[tuple[tuple[str, str, int], ClockReport]]] = {}
        for r in reports:
            if not r.role and r.source.outlet:
                key = (r.source.outlet, r.value[11:])
                self.by_time.setdefault(key, []).append((match_key(r), r))
        for found in self.by_time.values():
            found.sort(key=lambda pair: pair[0])
        self.keys = {time: [key for key, _ in found] for time, found in self.by_time.items()}

    def of(self, said: ClockReport) -> ClockReport | None:
        """RETURNS: the latest report of the note's outlet, published before the note,
        from another document, with the time of day the note withdraws."""
        time = (said.source.outlet or "", said.value[11:])
        found = self.by_time.get(time, [])
        end = bisect.bisect_left(self.keys.get(time, []), (said.source.published or "",))
        for n in range(end - 1, -1, -1):  # the note's own document aside
            report = found[n][1]
            if report.source.doc != said.source.doc:
                return report
        return None


def match_key(report: ClockReport) -> tuple[str, str, int]:
    """The order in which earlier reports compete to be the one a note corrects: the
    latest publication wins, then the document id, then the first in the text."""
    return report.source.published or "", report.source.doc, -report.source.start
