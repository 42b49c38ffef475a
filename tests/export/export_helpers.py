"""Shared data for the export tests: the ferry examples and two hostile articles."""

from __future__ import annotations

from pathlib import Path

from storyledger import api
from storyledger.ledger import Ledger

ROOT = Path(__file__).resolve().parents[2]
FERRY = sorted((ROOT / "examples" / "ferry").glob("*.txt"))

#: Two articles whose text, headline, outlet and URL try to inject markup
#: into reports: HTML tags, Markdown syntax, CSV quoting, a javascript: URL.
HOSTILE = {
    "a-bold-times.txt": (
        "Title: <img src=x onerror=alert(1)> Mayor *denies* | everything "
        "[link](javascript:alert(2))\n"
        "Outlet: The <b>Bold</b> Times\n"
        "Published: 2025-06-10\n"
        "URL: javascript:alert(3)\n\n"
        '"<script>alert(1)</script> was found on the council website," '
        "Mayor Lena Dahl said on Monday.\n\n"
        "The attack hit 40 computers | servers at Brindle Council on Monday, the council "
        "said.\n\n"
        'Officials said the damage, "a mess | with *stars*, commas, and ""quotes""", '
        "would cost 3 million euros.\n"
    ),
    "b-brindle-gazette.txt": (
        "Title: Council hack wider than admitted\n"
        "Outlet: Brindle Gazette\n"
        "Published: 2025-06-11\n"
        "URL: https://example.org/gazette/hack\n\n"
        "The attack hit 45 computers at Brindle Council on Monday, police said.\n\n"
        '"<img src=x onerror=alert(1)> appeared on every screen," said Mayor Lena Dahl.\n'
    ),
}
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


def build_case(folder: Path, paths: list[Path]) -> Ledger:
    """RETURNS (Ledger): a new SQLite case in ``folder`` holding ``paths``."""
    ledger = api.open_case(folder / "case.db")
    report = api.add_to_case(ledger, paths)
    assert report.added == len(paths), report
    return ledger
