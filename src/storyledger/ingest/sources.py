"""Turn command-line inputs (paths, ``-``) into a stream of articles or per-item errors.

Readers never stop a batch: each input (and each line of a JSON Lines
file) yields either a ``SourceDocument`` or the ``InputError`` that explains
why it cannot be read. ``report_errors`` then hands the errors to a
callback and passes the articles on, so one bad file among a thousand is
reported and the other 999 are still extracted.

Which reader is used:

- ``.jsonl``/``.ndjson`` (optionally ``.gz``): JSON Lines, streamed;
- ``.html``/``.htm``/``.xhtml``, or text that starts like an HTML page: HTML;
- anything else: plain text with an optional header block;
- ``-``: standard input, sniffed: JSON Lines when the first non-blank
  character is ``{``, HTML when it starts like a page, else plain text.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO

from storyledger.errors import Errors, InputError
from storyledger.ingest.base import SourceDocument
from storyledger.ingest.decode import Warn, decode, read_limited, read_stream
from storyledger.ingest.html import document_from_html, is_html_name, looks_like_html
from storyledger.ingest.jsonl import ReadLine, is_jsonl_name, open_jsonl, read_jsonl
from storyledger.ingest.language import detect_language
from storyledger.ingest.text import document_from_text
from storyledger.settings import Settings

#: What a reader yields per article: the article, or why it could not be read.
Item = SourceDocument | InputError

#: ``on_error(error)``: receives each input that could not be read.
OnError = Callable[[InputError], None]

STDIN = "-"
STDIN_SOURCE = "<stdin>"
_BOM = b"\xef\xbb\xbf"


def document_from_bytes(
    data: bytes, source: str, warn: Warn, *, published: date | None = None, html: bool = False
) -> SourceDocument:
    """Decode one article and read it as HTML or as plain text.

    html (bool): the name says HTML; otherwise the text is sniffed.
    RAISES (InputError): when the bytes or the article are unusable.
    """
    text = decode(data, source, warn)
    if html or looks_like_html(text):
        return document_from_html(text, source, published=published)
    return document_from_text(text, source, published=published)


def _read_jsonl_file(path: Path, limit: int, published: date | None) -> Iterator[Item]:
    """Stream a JSON Lines file; a file-level failure ends it with one error."""
    source = str(path)
    if path.is_dir():
        yield InputError(Errors.E102.format(source=source))
        return
    try:
        with open_jsonl(path) as stream:
            yield from read_jsonl(stream.readline, source, limit, published)
    except FileNotFoundError:
        yield InputError(Errors.E101.format(source=source))
    except (OSError, EOFError) as exc:
        detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        yield InputError(Errors.E110.format(source=source, detail=detail))


def read_path(
    path: Path, settings: Settings, warn: Warn, published: date | None = None
) -> Iterator[Item]:
    """Read one file: one item, or one per line for JSON Lines."""
    if is_jsonl_name(path.name):
        yield from _read_jsonl_file(path, settings.max_bytes, published)
        return
    try:
        data = read_limited(path, settings.max_bytes)
        yield document_from_bytes(
            data, str(path), warn, published=published, html=is_html_name(path.name)
        )
    except InputError as exc:
        yield exc


#: File names read from a directory (anything else there, e.g. a README, is left alone).
ARTICLE_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson")


def is_article_name(name: str) -> bool:
    """RETURNS (bool): whether a file in a directory is read as an article."""
    lowered = name.lower().removesuffix(".gz")
    return not name.startswith(".") and lowered.endswith(ARTICLE_SUFFIXES)


def read_directory(
    path: Path, settings: Settings, warn: Warn, published: date | None = None
) -> Iterator[Item]:
    """Read every article file under ``path``, recursively, in name order (streamed)."""
    found = False
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if is_article_name(name):
                found = True
                yield from read_path(Path(root) / name, settings, warn, published)
    if not found:
        yield InputError(Errors.E114.format(source=str(path)))


def _prefixed_readline(prefix: list[bytes], stream: BinaryIO) -> ReadLine:
    """RETURNS (ReadLine): serves the lines read while sniffing, then the stream."""
    pending = deque(prefix)

    def readline(size: int) -> bytes:
        return pending.popleft() if pending else stream.readline(size)

    return readline


def read_stdin(
    stream: BinaryIO, settings: Settings, warn: Warn, published: date | None = None
) -> Iterator[Item]:
    """Read standard input, sniffing JSON Lines, HTML or plain text from its first line."""
    limit = settings.max_bytes
    prefix: list[bytes] = []
    while not prefix or not prefix[-1].strip():
        line = stream.readline(limit + 1)
        if not line:
            break
        prefix.append(line)
    start = b"".join(prefix).lstrip().removeprefix(_BOM).lstrip()
    if start.startswith(b"{"):
        yield from read_jsonl(_prefixed_readline(prefix, stream), STDIN_SOURCE, limit, published)
        return
    try:
        data = read_stream(stream, STDIN_SOURCE, limit, prefix=b"".join(prefix))
        yield document_from_bytes(data, STDIN_SOURCE, warn, published=published)
    except InputError as exc:
        yield exc


def with_language(document: SourceDocument, settings: Settings, warn: Warn) -> SourceDocument:
    """Record the detected language, warning (W301) when it is not English.

    A confident detection wins over a declared ``Language:``: it describes
    the text actually stored. When unsure, the declared value is kept.
    """
    if not settings.detect_language:
        return document
    guess = detect_language(document.text)
    if guess is None:
        return document
    code, name = guess
    if code != "en":
        warn(Errors.W301.format(source=document.source, language=name))
    if code == document.language:
        return document
    return dataclasses.replace(document, language=code)


def read_sources(
    inputs: Iterable[str | os.PathLike[str]],
    settings: Settings,
    warn: Warn,
    *,
    published: date | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Item]:
    """Read every input in order: each article, or the error that stopped it.

    inputs (Iterable[str | PathLike]): file paths, directories (their article
        files, recursively: see ``ARTICLE_SUFFIXES``); ``-`` means standard input.
    settings (Settings): ``max_bytes`` and ``detect_language`` are used.
    warn (Warn): receives W3xx messages.
    published (date | None): overrides every article's own publication date.
    stdin (BinaryIO | None): what ``-`` reads; ``sys.stdin.buffer`` by default.
    RETURNS (Iterator[Item]): articles and errors, streamed.
    """
    for name in inputs:
        if os.fspath(name) == STDIN:
            items = read_stdin(stdin or sys.stdin.buffer, settings, warn, published)
        elif Path(name).is_dir():
            items = read_directory(Path(name), settings, warn, published)
        else:
            items = read_path(Path(name), settings, warn, published)
        for item in items:
            yield item if isinstance(item, InputError) else with_language(item, settings, warn)


def report_errors(items: Iterable[Item], on_error: OnError | None) -> Iterator[SourceDocument]:
    """Pass articles on and hand each error to ``on_error``; raise it when there is none.

    RETURNS (Iterator[SourceDocument]): the readable articles, in order.
    RAISES (InputError): the first error, when ``on_error`` is None.
    """
    for item in items:
        if isinstance(item, InputError):
            if on_error is None:
                raise item
            on_error(item)
        else:
            yield item
