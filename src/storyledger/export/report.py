"""What the Markdown and HTML reports say, computed once from the case document.

The two renderers only lay this out, so they cannot disagree. Every line a
report shows carries a :class:`SourceRef` (outlet, date, ``S1``-style key)
that points into the source list at its end.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

Row = dict[str, Any]

#: Claim kinds shown under "Who said what" (narrative sentences have no speaker).
SPOKEN_KINDS = ("quote", "reported")
UNATTRIBUTED = "Unattributed"
#: Speaker words that name no one outside their own article.
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"})
_WEB_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SourceRef:
    """One article, as cited: ``key`` ("S1") numbers it in the source list."""

    key: str
    doc: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None  # only an http(s) URL, safe to link to
    source: str


@dataclass(frozen=True, slots=True)
class Cited:
    """A piece of article text with where it comes from."""

    text: str
    ref: SourceRef
    note: str = ""  # e.g. the date words of a timeline source


@dataclass(frozen=True, slots=True)
class TimelineRow:
    date: str
    summary: str
    sources: tuple[Cited, ...]


@dataclass(frozen=True, slots=True)
class ConflictValue:
    value: str
    cited: Cited


@dataclass(frozen=True, slots=True)
class ConflictRow:
    id: str
    topic: str
    kind: str
    severity: str
    values: tuple[ConflictValue, ...]


@dataclass(frozen=True, slots=True)
class FigureRow:
    counts: str
    value: str
    approximate: bool
    cited: Cited
    conflicts: tuple[str, ...]  # ids of the conflicts this figure is part of


@dataclass(frozen=True, slots=True)
class ClaimRow:
    kind: str
    certainty: str
    cue: str | None
    cited: Cited


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    entity: str | None  # the case entity id, when the speaker resolved to one
    claims: tuple[ClaimRow, ...]


@dataclass(frozen=True, slots=True)
class Summary:
    documents: int
    outlets: tuple[str, ...]
    date_from: str | None
    date_to: str | None
    counts: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class Report:
    summary: Summary
    timeline: tuple[TimelineRow, ...]
    conflicts: tuple[ConflictRow, ...]
    figures: tuple[FigureRow, ...]
    speakers: tuple[Speaker, ...]
    sources: tuple[SourceRef, ...]


def build_report(case: Row) -> Report:
    """RETURNS (Report): the report's sections for a ``storyledger/1`` case document."""
    refs = source_refs(case["documents"])
    names = {entity["id"]: entity["name"] for entity in case["entities"]}
    conflicts = tuple(_conflict(c, refs, names) for c in case.get("conflicts", []))
    return Report(
        summary=_summary(case),
        timeline=tuple(_timeline_row(entry, refs) for entry in case.get("timeline", [])),
        conflicts=conflicts,
        figures=_figures(case["quantities"], refs, case.get("conflicts", [])),
        speakers=_speakers(case["claims"], refs, names),
        sources=tuple(refs.values()),
    )


def web_url(url: str | None) -> str | None:
    """RETURNS (str | None): ``url`` when it is a plain http(s) URL, else None.

    Only such URLs become links: a ``javascript:`` or ``data:`` URL from an
    article's metadata must never be clickable in a report.
    """
    return url if url and _WEB_URL.fullmatch(url) else None


def source_refs(documents: Iterable[Row]) -> dict[str, SourceRef]:
    """RETURNS (dict): document id -> its citation, numbered S1, S2, ... in list order."""
    return {
        doc["id"]: SourceRef(
            key=f"S{number}",
            doc=doc["id"],
            title=doc.get("title"),
            outlet=doc.get("outlet"),
            published=doc.get("published"),
            url=web_url(doc.get("url")),
            source=doc["source"],
        )
        for number, doc in enumerate(documents, start=1)
    }


def _ref(refs: Mapping[str, SourceRef], row: Row) -> SourceRef:
    """The citation of a record's document (a placeholder if it is not in the case)."""
    doc = row["doc"]
    found = refs.get(doc)
    if found is None:
        return SourceRef("S?", doc, None, row.get("outlet"), row.get("published"), None, doc)
    return found


def _summary(case: Row) -> Summary:
    documents = case["documents"]
    dates = sorted(d["published"] for d in documents if d.get("published"))
    spoken = [c for c in case["claims"] if c["kind"] in SPOKEN_KINDS]
    counts = (
        ("Entities", len(case["entities"])),
        ("Timeline entries", len(case.get("timeline", []))),
        ("Figures", len(case["quantities"])),
        ("Quotes and reported statements", len(spoken)),
        ("Conflicts", len(case.get("conflicts", []))),
    )
    return Summary(
        documents=len(documents),
        outlets=tuple(sorted({d["outlet"] for d in documents if d.get("outlet")})),
        date_from=dates[0] if dates else None,
        date_to=dates[-1] if dates else None,
        counts=counts,
    )


def _timeline_row(entry: Row, refs: Mapping[str, SourceRef]) -> TimelineRow:
    sources = tuple(
        Cited(source["summary"], _ref(refs, source), note=source.get("date_text") or "")
        for source in entry["sources"]
    )
    return TimelineRow(date=entry["date"], summary=entry["summary"], sources=sources)


def format_value(value: Any, names: Mapping[str, str] | None = None) -> str:
    """RETURNS (str): a figure for reading ("4,200,000", "2.5"), or an entity's name."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int | float):
        if float(value).is_integer():
            return f"{int(value):,}"
        return f"{value:,.6g}" if abs(value) >= 1000 else f"{value:.6g}"
    text = str(value)
    if names and text in names:
        return f"{names[text]} ({text})"
    return text


def _conflict(
    conflict: Row, refs: Mapping[str, SourceRef], names: Mapping[str, str]
) -> ConflictRow:
    values = tuple(
        ConflictValue(format_value(v["value"], names), Cited(v["text"], _ref(refs, v)))
        for v in conflict["values"]
    )
    return ConflictRow(
        id=conflict["id"],
        topic=conflict["topic"],
        kind=conflict["kind"],
        severity=conflict["severity"],
        values=values,
    )


def _figures(
    quantities: Iterable[Row], refs: Mapping[str, SourceRef], conflicts: Iterable[Row]
) -> tuple[FigureRow, ...]:
    """Every figure, grouped by what it counts (most reported first), with its conflicts."""
    in_conflict: dict[tuple[str, int, int], list[str]] = {}
    for conflict in conflicts:
        for value in conflict["values"]:
            key = (value["doc"], value["start"], value["end"])
            in_conflict.setdefault(key, []).append(conflict["id"])
    rows = [
        FigureRow(
            counts=_counted(q),
            value=format_value(q["value"]) + (f" {q['unit']}" if q.get("unit") else ""),
            approximate=bool(q.get("approximate")),
            cited=Cited(q["text"], _ref(refs, q)),
            conflicts=tuple(in_conflict.get((q["doc"], q["start"], q["end"]), ())),
        )
        for q in quantities
    ]
    frequency = Counter(row.counts.lower() for row in rows)
    order = {name: n for n, (name, _) in enumerate(frequency.most_common())}
    return tuple(sorted(rows, key=lambda row: order[row.counts.lower()]))


def _counted(quantity: Row) -> str:
    """RETURNS (str): what a figure counts ("passengers"), else its unit ("EUR")."""
    return str(quantity.get("counts") or quantity.get("unit") or "(number)")


def _speakers(
    claims: Iterable[Row], refs: Mapping[str, SourceRef], names: Mapping[str, str]
) -> tuple[Speaker, ...]:
    """Quotes and reported statements grouped by speaker, the most quoted first.

    A speaker resolved to a case entity is grouped under its name across
    articles; an unresolved one under the words used ("the coast guard"),
    and a pronoun only within its own article: "he" in two articles may be
    two people. Unattributed statements come last.
    """
    groups: dict[tuple[str, str | None], list[ClaimRow]] = {}
    for claim in claims:
        if claim["kind"] not in SPOKEN_KINDS:
            continue
        ref = _ref(refs, claim)
        row = ClaimRow(
            claim["kind"], claim["certainty"], claim.get("cue"), Cited(claim["text"], ref)
        )
        groups.setdefault(_speaker_key(claim, names, ref), []).append(row)

    def order(item: tuple[tuple[str, str | None], list[ClaimRow]]) -> tuple[bool, int, str]:
        (name, entity), rows = item
        return (entity is None and name == UNATTRIBUTED, -len(rows), name.lower())

    return tuple(
        Speaker(name, entity, tuple(rows))
        for (name, entity), rows in sorted(groups.items(), key=order)
    )


def _speaker_key(claim: Row, names: Mapping[str, str], ref: SourceRef) -> tuple[str, str | None]:
    """RETURNS (tuple): the speaker's display name and case entity id (None if unresolved)."""
    entity = claim.get("speaker_entity")
    if entity and entity in names:
        return names[entity], entity
    said = " ".join((claim.get("speaker_text") or "").split())
    if not said:
        return UNATTRIBUTED, None
    if said.lower() in PRONOUNS:
        return f"{said} (in {ref.key})", None
    return said, None
