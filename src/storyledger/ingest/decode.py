"""Bytes to text: size limit first, then binary check, UTF-8, and a careful fallback.

Order matters. The size is checked before anything is read, so a stray
multi-gigabyte file costs nothing. Binary data (NUL bytes, many control
characters) is refused before decoding, because some binary formats happen
to be valid UTF-8. UTF-8 is tried first because almost all news text is
UTF-8; only when it fails is the encoding guessed with charset-normalizer,
and the guess is used only when confident, with a warning naming it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import charset_normalizer

from storyledger.errors import Errors, InputError

#: ``warn(message)``: how non-fatal problems reach the user.
Warn = Callable[[str], None]

#: Bytes that do not occur in text (all C0 controls but tab, LF, FF, CR; and DEL).
_CONTROL_BYTES = bytes([*range(0, 9), 11, *range(14, 32), 127])
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_SAMPLE = 65_536
_MAX_CONTROL_RATIO = 0.02
_MAX_CHAOS = 0.2
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
#: News in a legacy encoding is most often Windows-1252; prefer it among equals.
_PREFERRED_FALLBACK = "cp1252"


def read_limited(path: Path, limit: int) -> bytes:
    """Read a whole file, refusing it before reading when it is over ``limit`` bytes.

    RAISES (InputError): E101 missing, E102 directory, E103 empty, E104 too
        large, E110 unreadable.
    """
    source = str(path)
    try:
        status = path.stat()
        if path.is_dir():
            raise InputError(Errors.E102.format(source=source))
        if status.st_size > limit:
            raise InputError(Errors.E104.format(source=source, size=status.st_size, limit=limit))
        with path.open("rb") as handle:
            return read_stream(handle, source, limit)
    except FileNotFoundError as exc:
        raise InputError(Errors.E101.format(source=source)) from exc
    except IsADirectoryError as exc:
        raise InputError(Errors.E102.format(source=source)) from exc
    except OSError as exc:
        detail = exc.strerror or type(exc).__name__
        raise InputError(Errors.E110.format(source=source, detail=detail.lower())) from exc


def read_stream(stream: BinaryIO, source: str, limit: int, prefix: bytes = b"") -> bytes:
    """Read a stream (a pipe has no size to check first) up to ``limit`` bytes.

    prefix (bytes): bytes already read from the stream while sniffing it.
    RAISES (InputError): E103 when nothing was read, E104 when over ``limit``.
    """
    data = prefix + stream.read(limit + 1 - len(prefix))
    if len(data) > limit:
        raise InputError(
            Errors.E104.format(source=source, size=f"at least {limit + 1}", limit=limit)
        )
    if not data.strip():
        raise InputError(Errors.E103.format(source=source))
    return data


def check_not_binary(data: bytes, source: str) -> None:
    """Refuse data that cannot be an article: NUL bytes, or many control characters.

    RAISES (InputError): E105, saying which sign of binary data was found.
    """
    if b"\x00" in data:
        raise InputError(Errors.E105.format(source=source, detail="it contains NUL bytes"))
    sample = data[:_SAMPLE]
    controls = len(sample.translate(None, _NOT_CONTROL))
    if controls > _MAX_CONTROL_RATIO * len(sample):
        detail = f"{controls} control characters in the first {len(sample)} bytes"
        raise InputError(Errors.E105.format(source=source, detail=detail))


def _guess_encoding(data: bytes) -> str | None:
    """RETURNS (str | None): a confident charset-normalizer guess, or None."""
    matches = [m for m in charset_normalizer.from_bytes(data) if m.chaos <= _MAX_CHAOS]
    if not matches:
        return None
    for match in matches:
        if match.encoding == _PREFERRED_FALLBACK:
            return match.encoding
    return str(matches[0].encoding)


def decode(data: bytes, source: str, warn: Warn) -> str:
    """Decode article bytes: a BOM's encoding, else UTF-8, else a confident guess.

    warn (Warn): receives W302 when a guessed encoding was used.
    RETURNS (str): the text, not yet normalised.
    RAISES (InputError): E105 for binary data, E106 when no encoding fits.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                detail = f"it starts with a {encoding} byte-order mark but is not {encoding}"
                raise InputError(Errors.E106.format(source=source, detail=detail)) from exc
    check_not_binary(data, source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = f"invalid UTF-8 byte 0x{data[exc.start]:02x} at offset {exc.start}"
        guessed = _guess_encoding(data)
        if guessed is None:
            detail = f"{utf8_error}, and no other encoding fits with confidence"
            raise InputError(Errors.E106.format(source=source, detail=detail)) from exc
        warn(Errors.W302.format(source=source, detail=utf8_error, encoding=guessed))
        return data.decode(guessed)
