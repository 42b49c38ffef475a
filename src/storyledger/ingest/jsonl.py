"""JSON Lines: one article per line, streamed, each line checked on its own.

Each line is one JSON object::

    {"text": "...", "published": "2024-10-08", "title": "...", "outlet": "...",
     "url": "...", "language": "en", "id": "ap-0113"}

Only ``text`` is required. Files may be gzip-compressed (``.jsonl.gz``).
The file is read one line at a time, never as a whole, so a file of a
million articles needs the memory of one; the size limit (``--max-bytes``)
applies to each line. A bad line (invalid JSON, not an object, a missing or
non-string ``text``, a field of the wrong type) yields an ``InputError``
naming the line number, and the lines after it are still read.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from storyledger.errors import Errors, InputError
from storyledger.ingest.base import SourceDocument
from storyledger.ingest.published import parse_published
from storyledger.ingest.text import make_document

#: ``readline(size)``: how lines are pulled from a file or a pipe.
ReadLine = Callable[[int], bytes]

_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
_OPTIONAL_FIELDS = ("title", "outlet", "url", "language")
_CHUNK = 65_536


def is_jsonl_name(name: str) -> bool:
    """RETURNS (bool): whether a file name says JSON Lines (optionally gzipped)."""
    return name.lower().endswith(_SUFFIXES)


def open_jsonl(path: Path) -> BinaryIO:
    """RETURNS (BinaryIO): the file opened for reading bytes, decompressed if ``.gz``."""
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _skip_rest_of_line(readline: ReadLine) -> None:
    """Discard the remainder of an over-long line without holding it in memory."""
    while True:
        chunk = readline(_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def bounded_lines(readline: ReadLine, limit: int) -> Iterator[bytes | None]:
    """Yield each line, or None for a line over ``limit`` bytes (which is skipped)."""
    while True:
        line = readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            _skip_rest_of_line(readline)
            yield None
        else:
            yield line


def _type_name(value: Any) -> str:
    """RETURNS (str): a JSON name for a Python value's type, for messages."""
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string"}
    names.update({list: "a list", dict: "an object", type(None): "null"})
    return names.get(type(value), type(value).__name__)


def _string_field(record: dict[str, Any], name: str) -> str | None:
    """RETURNS (str | None): an optional string field. RAISES (ValueError): wrong type."""
    value = record.get(name)
    if value is None or isinstance(value, str):
        return value
    raise ValueError(f'"{name}" must be a string or null, got {_type_name(value)}')


def _published(record: dict[str, Any], override: date | None) -> date | None:
    """RETURNS (date | None): the line's date, unless ``override`` replaces it."""
    value = _string_field(record, "published")
    if override is not None or value is None:
        return override
    try:
        return parse_published(value)
    except ValueError as exc:
        raise ValueError(f'invalid "published" date {value!r}: {exc}') from None


def _source(record: dict[str, Any], source: str, line: int) -> str:
    """RETURNS (str): ``file#id`` when the line has an ``id``, else ``file:line``."""
    ident = record.get("id")
    if ident is None:
        return f"{source}:{line}"
    if isinstance(ident, bool) or not isinstance(ident, str | int):
        raise ValueError(f'"id" must be a string or a number, got {_type_name(ident)}')
    return f"{source}#{ident}"


def _record(raw: bytes, line: int) -> dict[str, Any]:
    """Decode and parse one line. RAISES (ValueError): with what is wrong."""
    try:
        text = raw.decode("utf-8-sig" if line == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"not UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})"
        ) from None
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {_type_name(record)}")
    return record


def document_from_record(
    record: dict[str, Any], source: str, line: int, published: date | None = None
) -> SourceDocument:
    """Turn one parsed line into an article. RAISES (ValueError): with what is wrong."""
    if "text" not in record:
        raise ValueError('"text" is missing')
    text = record["text"]
    if not isinstance(text, str):
        raise ValueError(f'"text" must be a string, got {_type_name(text)}')
    if not text.strip():
        raise ValueError('"text" is empty')
    fields = {name: _string_field(record, name) for name in _OPTIONAL_FIELDS}
    return make_document(
        text,
        _source(record, source, line),
        published=_published(record, published),
        **fields,
    )


def _line_result(
    raw: bytes | None, source: str, line: int, limit: int, published: date | None
) -> SourceDocument | InputError:
    """RETURNS (SourceDocument | InputError): the article on one line, or what is wrong."""
    if raw is None:
        return InputError(Errors.E111.format(source=source, line=line, limit=limit))
    try:
        return document_from_record(_record(raw, line), source, line, published)
    except ValueError as exc:
        return InputError(Errors.E108.format(source=source, line=line, detail=exc))


def read_jsonl(
    readline: ReadLine, source: str, limit: int, published: date | None = None
) -> Iterator[SourceDocument | InputError]:
    """Stream the articles of a JSON Lines file; blank lines are skipped.

    readline (ReadLine): the stream's ``readline``.
    source (str): file name or ``<stdin>``, for messages and ``Document.source``.
    limit (int): the most bytes one line may have.
    published (date | None): overrides every line's ``published``.
    RETURNS (Iterator[SourceDocument | InputError]): per line, the article or its error.
    """
    articles = 0
    for line, raw in enumerate(bounded_lines(readline, limit), start=1):
        if raw is not None and not raw.strip():
            continue
        articles += 1
        yield _line_result(raw, source, line, limit, published)
    if not articles:
        yield InputError(Errors.E103.format(source=source))
