"""The case as a Markdown report: summary, timeline, figures and conflicts, quotes, sources.

Article text is untrusted: a headline may hold ``*``, ``|`` or ``<script>``.
Every piece of it goes through :func:`escape`, which puts it on one line and
backslash-escapes what Markdown would read as markup, so it shows as typed
and cannot open a link, a table cell or raw HTML in a rendered page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from storyledger.export.report import (
    Cited,
    ConflictRow,
    FigureRow,
    SourceRef,
    Speaker,
    Summary,
    TimelineRow,
    build_report,
)

#: Characters CommonMark/GFM may read as markup anywhere in a line.
_SIGNIFICANT = re.compile(r"([\\`*_\[\]<>|~&#$])")


def escape(text: object) -> str:
    """RETURNS (str): ``text`` on one line with Markdown-significant characters escaped."""
    flat = " ".join(str(text if text is not None else "").split())
    return _SIGNIFICANT.sub(r"\\\1", flat)


def to_markdown(case: dict[str, Any]) -> str:
    """RETURNS (str): the Markdown report of a ``storyledger/1`` case document."""
    report = build_report(case)
    sections = (
        _summary(report.summary),
        _timeline(report.timeline),
        _figures(report.conflicts, report.figures),
        _speakers(report.speakers),
        _sources(report.sources),
    )
    return "\n\n".join("\n".join(lines).strip("\n") for lines in sections)


def _cite(ref: SourceRef) -> str:
    """RETURNS (str): "Valden Post, 2025-06-03 [S1]"."""
    parts = [escape(p) for p in (ref.outlet, ref.published) if p]
    return ", ".join([*parts, f"[{ref.key}]"])


def _quote(cited: Cited) -> str:
    return f"“{escape(cited.text)}”"


def _table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> Iterator[str]:
    header = list(header)
    yield "| " + " | ".join(header) + " |"
    yield "|" + "---|" * len(header)
    for row in rows:
        yield "| " + " | ".join(row) + " |"


def _summary(summary: Summary) -> list[str]:
    outlets = ", ".join(escape(o) for o in summary.outlets) or "none named"
    if summary.date_from:
        dates = f"published {summary.date_from} to {summary.date_to}"
    else:
        dates = "no publication dates"
    lines = [
        "# Case report",
        "",
        f"{summary.documents} documents from {len(summary.outlets)} outlets ({outlets}), {dates}.",
        "",
    ]
    lines += [f"- {label}: {count}" for label, count in summary.counts]
    return lines


def _timeline(rows: tuple[TimelineRow, ...]) -> list[str]:
    lines = ["## Timeline", ""]
    if not rows:
        return [*lines, "No dated events."]
    body = (
        (
            escape(row.date),
            escape(row.summary),
            "; ".join(_timeline_source(cited) for cited in row.sources),
        )
        for row in rows
    )
    return [*lines, *_table(("Date", "What happened", "Reported by"), body)]


def _timeline_source(cited: Cited) -> str:
    words = f" (“{escape(cited.note)}”)" if cited.note else ""
    return _cite(cited.ref) + words


def _figures(conflicts: tuple[ConflictRow, ...], figures: tuple[FigureRow, ...]) -> list[str]:
    lines = ["## Key figures and conflicts", ""]
    if not conflicts:
        lines += ["No conflicts between sources.", ""]
    for conflict in conflicts:
        lines += [*_conflict(conflict), ""]
    return [*lines, "### All figures", "", *_all_figures(figures)]


def _conflict(conflict: ConflictRow) -> list[str]:
    """A conflict's heading, kind and one table row per value, each with its source."""
    rows = ((escape(v.value), _quote(v.cited), _cite(v.cited.ref)) for v in conflict.values)
    return [
        f"### {escape(conflict.topic)}",
        "",
        f"{escape(conflict.kind).capitalize()} ({escape(conflict.severity)}), "
        f"conflict {escape(conflict.id)}.",
        "",
        *_table(("Value", "Quoted text", "Source"), rows),
    ]


def _all_figures(figures: tuple[FigureRow, ...]) -> list[str]:
    if not figures:
        return ["No figures."]
    rows = (
        (
            escape(f.counts),
            escape(f.value) + (" (approximate)" if f.approximate else ""),
            _quote(f.cited),
            _cite(f.cited.ref),
            ", ".join(escape(c) for c in f.conflicts),
        )
        for f in figures
    )
    return list(_table(("What", "Value", "Quoted text", "Source", "Conflict"), rows))


def _speakers(speakers: tuple[Speaker, ...]) -> list[str]:
    lines = ["## Who said what", ""]
    if not speakers:
        return [*lines, "No quotes or reported statements."]
    for speaker in speakers:
        resolved = f" ({escape(speaker.entity)})" if speaker.entity else " (as written)"
        lines += [f"### {escape(speaker.name)}{resolved}", ""]
        for claim in speaker.claims:
            cue = f", “{escape(claim.cue)}”" if claim.cue else ""
            lines.append(
                f"- {_quote(claim.cited)} — {escape(claim.kind)}, {escape(claim.certainty)}{cue}; "
                f"{_cite(claim.cited.ref)}"
            )
        lines.append("")
    return lines


def _sources(sources: tuple[SourceRef, ...]) -> list[str]:
    lines = ["## Sources", ""]
    if not sources:
        return [*lines, "No documents."]
    for ref in sources:
        title = f"“{escape(ref.title)}”" if ref.title else "(untitled)"
        details = [escape(p) for p in (ref.outlet, ref.published) if p]
        where = f"<{ref.url}>" if ref.url else escape(ref.source)
        lines.append(
            f"- **{ref.key}** {title}"
            + "".join(f", {d}" for d in details)
            + f". {where}, document {escape(ref.doc)}."
        )
    return lines
