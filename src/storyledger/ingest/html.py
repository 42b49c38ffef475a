"""HTML pages: the article's main text and metadata through trafilatura.

Menus, footers, comment threads and cookie banners are left out by
trafilatura's main-content extraction. The page's title, date, site name
(stored as the outlet) and canonical URL become the document's metadata.
As for text files, the headline is kept as the first paragraph; trafilatura
often repeats it as the first line of the body, and that copy is dropped.
Paragraphs are separated by a blank line, as in plain-text articles.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from storyledger.errors import Errors, InputError
from storyledger.ingest.base import SourceDocument
from storyledger.ingest.published import parse_published
from storyledger.ingest.text import clean_title, make_document

_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})


def is_html_name(name: str) -> bool:
    """RETURNS (bool): whether a file name says HTML."""
    return any(name.lower().endswith(suffix) for suffix in _HTML_SUFFIXES)


def looks_like_html(text: str) -> bool:
    """RETURNS (bool): whether ``text`` starts like an HTML page (``<html``, ``<!doctype html``)."""
    return _HTML_START.match(text[:4096]) is not None


def _extract(html: str) -> Any:
    """Run trafilatura; imported here because it is slow to import and rarely needed."""
    import trafilatura

    return trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)


def _body(text: str, title: str | None) -> str:
    """RETURNS (str): paragraphs joined by blank lines, without a repeated headline."""
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    if title and paragraphs and clean_title(paragraphs[0]) == title:
        paragraphs = paragraphs[1:]
    return "\n\n".join(paragraphs)


def _date(value: str | None) -> date | None:
    """RETURNS (date | None): the page's date, or None when it is missing or odd."""
    if not value:
        return None
    try:
        return parse_published(value)
    except ValueError:
        return None


def document_from_html(html: str, source: str, *, published: date | None = None) -> SourceDocument:
    """Read one HTML page as an article.

    html (str): the decoded page.
    source (str): path or URL, for messages.
    published (date | None): overrides the page's own date.
    RETURNS (SourceDocument): the main text with title, outlet, date and URL.
    RAISES (InputError): E109 when the page has no main text.
    """
    result = _extract(html)
    text = getattr(result, "text", None) if result is not None else None
    if not text or not text.strip():
        raise InputError(Errors.E109.format(source=source))
    title = clean_title(getattr(result, "title", None))
    body = _body(text, title)
    if not body:
        raise InputError(Errors.E109.format(source=source))
    return make_document(
        body,
        source,
        title=title,
        outlet=getattr(result, "sitename", None),
        published=published or _date(getattr(result, "date", None)),
        url=getattr(result, "url", None),
        language=getattr(result, "language", None),
    )
