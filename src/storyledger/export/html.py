"""The case as one self-contained HTML page: the Markdown report's content, styled.

The page needs nothing else: the CSS is inline, there is no script, and a
Content-Security-Policy forbids loading anything, so it can be mailed or
archived as one file. Jinja2 autoescapes every value and the template marks
nothing safe, so ``<script>`` in an article shows as text; only http(s)
article URLs become links (see :func:`storyledger.export.report.web_url`).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

from storyledger.export.report import build_report

TEMPLATE = "report.html"


@cache
def _environment() -> jinja2.Environment:
    """The template environment, built once: autoescape on, undefined names fail."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("storyledger.export", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
    )


def to_html(case: dict[str, Any]) -> str:
    """RETURNS (str): the HTML report of a ``storyledger/1`` case document."""
    template = _environment().get_template(TEMPLATE)
    return template.render(report=build_report(case))
