"""Markdown report: every section, every conflict value with its source, escaped article text."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from export_helpers import IMG, SCRIPT
from markdown_it import MarkdownIt

from storyledger.export.markdown import escape, to_markdown
from storyledger.export.report import web_url

SECTIONS = ["# Case report", "## Timeline", "## Key figures and conflicts", "## Who said what"]


def render(markdown: str) -> str:
    """The report as a Markdown viewer shows it (CommonMark with GFM tables)."""
    return MarkdownIt("commonmark").enable("table").render(markdown)


@pytest.fixture(scope="module")
def ferry_md(ferry_case: dict[str, Any]) -> str:
    return to_markdown(ferry_case)


def test_markdown_sections_in_order(ferry_md: str) -> None:
    positions = [ferry_md.index(f"{heading}\n") for heading in [*SECTIONS, "## Sources"]]
    assert positions == sorted(positions)
    assert ferry_md.startswith("# Case report\n")


def test_markdown_summary(ferry_md: str, ferry_case: dict[str, Any]) -> None:
    summary = ferry_md.split("## Timeline")[0]
    assert "4 documents from 3 outlets" in summary
    assert "Lakeside Wire, The Northern Ledger, Valden Post" in summary
    assert "published 2025-06-03 to 2025-06-09" in summary
    assert f"- Conflicts: {len(ferry_case['conflicts'])}" in summary
    assert f"- Timeline entries: {len(ferry_case['timeline'])}" in summary


def test_markdown_timeline_lists_every_entry_with_its_sources(
    ferry_md: str, ferry_case: dict[str, Any]
) -> None:
    section = ferry_md.split("## Timeline")[1].split("## Key figures")[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == len(ferry_case["timeline"]) + 1  # and the header
    for entry, row in zip(ferry_case["timeline"], rows[1:], strict=True):
        assert row.startswith(f"| {escape(entry['date'])} |")
        for source in entry["sources"]:
            assert f"{escape(source['outlet'])}, {source['published']}" in row


def test_markdown_every_conflict_value_has_outlet_date_and_quote(
    ferry_md: str, ferry_case: dict[str, Any]
) -> None:
    section = ferry_md.split("## Key figures and conflicts")[1].split("## Who said what")[0]
    for conflict in ferry_case["conflicts"]:
        block = section.split(f"### {escape(conflict['topic'])}\n")[1].split("### ")[0]
        lines = [line for line in block.splitlines() if line.startswith("| ")][1:]
        assert len(lines) == len(conflict["values"])
        for value, line in zip(conflict["values"], lines, strict=True):
            assert f"“{escape(value['text'])}”" in line
            assert f"{escape(value['outlet'])}, {value['published']}" in line
    assert "| 212 | “212 passengers” | Valden Post, 2025-06-03, [S1] |" in section
    assert "Erik Lund (erik-lund)" in section  # an attribution conflict names the speakers


def test_markdown_figures_point_to_their_conflicts(ferry_md: str) -> None:
    figures = ferry_md.split("### All figures")[1].split("## Who said what")[0]
    passengers = [line for line in figures.splitlines() if "passengers”" in line]
    assert len(passengers) == 3
    in_conflict = [line for line in passengers if re.search(r"\| c[0-9a-f]+(-\d+)? \|$", line)]
    assert len(in_conflict) == 2, "212 and 230 on board disagree; 220 is the licensed capacity"
    assert not any("220" in line for line in in_conflict)


def test_markdown_who_said_what(ferry_md: str, ferry_case: dict[str, Any]) -> None:
    section = ferry_md.split("## Who said what")[1].split("## Sources")[0]
    assert "### Erik Lund (erik-lund)" in section
    lund = section.split("### Erik Lund (erik-lund)")[1].split("###")[0]
    assert "“We will not stop until every family has an answer” — quote, asserted" in lund
    hedged = [
        c for c in ferry_case["claims"] if c["certainty"] == "hedged" and c["kind"] != "narrative"
    ]
    assert hedged and all(f"“{escape(c['text'])}” — {c['kind']}, hedged" in section for c in hedged)
    assert "(as written)" in section  # unresolved speakers are marked


def test_markdown_source_list(ferry_md: str, ferry_case: dict[str, Any]) -> None:
    sources = ferry_md.split("## Sources")[1]
    for number, doc in enumerate(ferry_case["documents"], start=1):
        line = next(line for line in sources.splitlines() if line.startswith(f"- **S{number}**"))
        assert doc["id"] in line and escape(doc["title"]) in line and doc["published"] in line
    assert "<https://example.org/valden-post/ferry-capsizes>" in sources


def test_markdown_escape() -> None:
    assert escape("<script>alert(1)</script>") == r"\<script\>alert(1)\</script\>"
    assert escape("a | b") == r"a \| b"
    assert escape("*not bold* _nor this_") == r"\*not bold\* \_nor this\_"
    assert escape("[link](javascript:x)") == r"\[link\](javascript:x)"
    assert escape("line\n\n# heading") == r"line \# heading"
    assert escape("`code` & ~strike~ \\") == r"\`code\` \& \~strike\~ \\"
    assert escape(None) == ""
    assert escape("Radić said 2025-06-03.") == "Radić said 2025-06-03."


def test_markdown_hostile_text_shows_as_text(hostile_case: dict[str, Any]) -> None:
    markdown = to_markdown(hostile_case)
    assert SCRIPT not in markdown and IMG not in markdown
    html = render(markdown)
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert not [href for href in re.findall(r'href="([^"]*)"', html) if "javascript" in href]
    assert 'href="https://example.org/gazette/hack"' in html
    assert "<em>" not in html and "<strong>stars" not in html


def test_markdown_hostile_table_cells_keep_their_text(hostile_case: dict[str, Any]) -> None:
    """A "|" in article text must not split a table cell (GFM drops cells past the header)."""
    rendered = render(to_markdown(hostile_case))
    summaries = [" ".join(entry["summary"].split()) for entry in hostile_case["timeline"]]
    assert any("|" in summary for summary in summaries)
    for summary in summaries:
        cell = html.escape(summary, quote=False).replace('"', "&quot;")
        assert f"<td>{cell}</td>" in rendered


def test_markdown_links_only_web_urls() -> None:
    assert web_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert web_url("HTTP://EXAMPLE.ORG") == "HTTP://EXAMPLE.ORG"
    for bad in (
        "javascript:alert(1)",
        "data:text/html,x",
        "https://x.org/a b",
        "https://x.org/<",
        None,
    ):
        assert web_url(bad) is None
