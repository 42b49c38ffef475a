"""Plain-text articles: normalisation, the optional header block, the headline.

An article file is UTF-8 text. It may start with a header block of
``Key: value`` lines, ended by a blank line::

    Title: Ferry runs aground off Kestrel Point
    Outlet: Lowmoor Gazette
    Published: 2023-03-14

    A passenger ferry carrying 212 people ran aground ...

Recognised keys (case-insensitive): ``Title``, ``Outlet``, ``Published``,
``URL``, ``Language``. The block is a header only when the text *starts*
with such lines and a blank line ends them; any other first line makes the
whole text the body, so an article whose first paragraph happens to read
"Update: ..." keeps it.

The stored text is what every offset points into, so it is fixed here once:

- Unicode NFC, ``\\r\\n`` and ``\\r`` turned into ``\\n``, a leading BOM dropped;
- the header lines removed, leading and trailing blank lines stripped;
- the headline kept as the first paragraph: ``text = title + "\\n\\n" + body``,
  unless the body already opens with it (one headline, not two). Headlines
  carry claims ("Four feared dead as blaze guts warehouse") that must be
  sourced like any sentence of the body.

The document id is the first 12 hex digits of the SHA-256 of that text, so
the same article read from a file, from standard input or through
``storyledger.extract(text)`` gets the same id.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from storyledger.errors import Errors, InputError
from storyledger.ingest.base import SourceDocument
from storyledger.ingest.published import published_for

#: Header keys storyledger understands, lower-cased.
HEADER_KEYS = frozenset({"title", "outlet", "published", "url", "language"})

#: A header longer than this is not a header but the start of the body.
MAX_HEADER_LINES = 20

_HEADER_LINE = re.compile(r"([A-Za-z]+)[ \t]*:[ \t]*(.*?)[ \t]*")
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t\f\v]*\n)+")


def normalise(text: str) -> str:
    """RETURNS (str): ``text`` in NFC with ``\\n`` line ends and no leading BOM."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def strip_blank_lines(text: str) -> str:
    """RETURNS (str): ``text`` without blank lines at its start or whitespace at its end."""
    return _LEADING_BLANK_LINES.sub("", text).rstrip()


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Split a normalised text into its header fields and its body.

    text (str): normalised text, leading blank lines already stripped.
    RETURNS (tuple[dict[str, str], str]): lower-cased keys to values (empty
        values left out), and the rest of the text. ``({}, text)`` when the
        text does not start with a complete header block. A text made of
        header lines only (trailing blank lines are stripped before this is
        called) is a header with an empty body, so it is reported as empty.
    """
    lines = text.split("\n", MAX_HEADER_LINES)
    fields: dict[str, str] = {}
    for index, line in enumerate(lines[:MAX_HEADER_LINES]):
        if not line.strip():
            return (fields, "\n".join(lines[index + 1 :])) if index else ({}, text)
        match = _HEADER_LINE.fullmatch(line)
        if match is None or match.group(1).lower() not in HEADER_KEYS:
            return {}, text
        if match.group(2):
            fields.setdefault(match.group(1).lower(), match.group(2))
    if len(lines) <= MAX_HEADER_LINES:  # header lines up to the end: no body at all
        return fields, ""
    return {}, text


def clean_title(title: str | None) -> str | None:
    """RETURNS (str | None): the headline on one line, or None when it is blank."""
    if title is None:
        return None
    title = " ".join(normalise(title).split())
    return title or None


def make_document(
    body: str,
    source: str,
    *,
    title: str | None = None,
    outlet: str | None = None,
    published: date | None = None,
    url: str | None = None,
    language: str | None = None,
) -> SourceDocument:
    """Build the stored text from a body and a headline, and wrap it with its metadata.

    body (str): the article body, normalised or not.
    source (str): path, URL or ``<stdin>``; used in messages and ``Document.source``.
    RETURNS (SourceDocument): the article, with the headline as first paragraph
        (once: a body that opens with its headline keeps it as it is).
    RAISES (InputError): E103 when the body is empty.
    """
    body = strip_blank_lines(normalise(body))
    if not body:
        raise InputError(Errors.E103.format(source=source))
    title = clean_title(title)
    repeated = title is not None and clean_title(body.split("\n", 1)[0]) == title
    return SourceDocument(
        text=f"{title}\n\n{body}" if title and not repeated else body,
        source=source,
        title=title,
        outlet=clean_title(outlet),
        published=published,
        url=(url or "").strip() or None,
        language=(language or "").strip().lower() or None,
    )


def header_published(fields: dict[str, str], source: str) -> date | None:
    """RETURNS (date | None): the header's ``Published`` date, if any.

    RAISES (InputError): E107 when the value is not a date.
    """
    return published_for(fields.get("published"), source)


def document_from_text(
    text: str,
    source: str,
    *,
    published: date | None = None,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    language: str | None = None,
) -> SourceDocument:
    """Read one plain-text article, with or without a header block.

    text (str): the decoded file or string.
    source (str): where it came from, for messages.
    published, title, outlet, url, language: override the header's values
        (``--published`` on the command line, keyword arguments in the API).
    RETURNS (SourceDocument): the normalised article.
    RAISES (InputError): E103 when empty, E107 when the header's date is invalid.
    """
    fields, body = split_header(strip_blank_lines(normalise(text)))
    if published is None:
        published = header_published(fields, source)
    return make_document(
        body,
        source,
        title=title if title is not None else fields.get("title"),
        outlet=outlet if outlet is not None else fields.get("outlet"),
        published=published,
        url=url if url is not None else fields.get("url"),
        language=language if language is not None else fields.get("language"),
    )
