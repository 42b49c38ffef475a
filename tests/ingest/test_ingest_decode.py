"""Bytes to text: size first, binary refused, UTF-8 first, confident fallback only."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyledger.errors import InputError
from storyledger.ingest.decode import decode, read_limited

PNG_START = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"


def no_warning(message: str) -> None:
    raise AssertionError(f"unexpected warning: {message}")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Café Zürich — “quoted”".encode(), "Café Zürich — “quoted”"),
        ("\ufeffBOM first".encode(), "BOM first"),
        ("Fire at the port".encode("utf-16"), "Fire at the port"),
    ],
)
def test_decode_reads_utf8_and_bom_marked_text(data: bytes, expected: str) -> None:
    assert decode(data, "t", no_warning) == expected


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (PNG_START, "NUL bytes"),
        (b"text\x00with a NUL", "NUL bytes"),
        (bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 20 + b"some text", "control characters"),
    ],
)
def test_decode_refuses_binary_with_e105(data: bytes, detail: str) -> None:
    with pytest.raises(InputError, match=rf"^\[E105\] t: looks like binary data.*{detail}"):
        decode(data, "t", no_warning)


def test_decode_guesses_windows_1252_with_w302() -> None:
    text = "The café’s owner said the “fire” started at 2am, police said. Résumé attached."
    warnings: list[str] = []
    assert decode(text.encode("cp1252"), "old.txt", warnings.append) == text
    assert len(warnings) == 1
    assert warnings[0].startswith("[W302] old.txt: the bytes are not UTF-8")


def test_decode_gives_up_with_e106_naming_utf8() -> None:
    with pytest.raises(InputError, match=r"^\[E106\] t: .*invalid UTF-8 byte 0x80 at offset 0"):
        decode(bytes(range(128, 256)) * 3, "t", no_warning)


def test_read_limited_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"Some text.")
    assert read_limited(path, 100) == b"Some text."


@pytest.mark.parametrize(
    ("content", "limit", "code"),
    [
        (None, 100, "E101"),
        (b"", 100, "E103"),
        (b"  \n\n ", 100, "E103"),
        (b"x" * 101, 100, "E104"),
    ],
)
def test_read_limited_refuses_bad_files(
    tmp_path: Path, content: bytes | None, limit: int, code: str
) -> None:
    path = tmp_path / "a.txt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=rf"^\[{code}\] {path}"):
        read_limited(path, limit)


def test_read_limited_refuses_a_directory_with_e102(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^\[E102\] .*is a directory"):
        read_limited(tmp_path, 100)


def test_read_limited_reports_size_and_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(InputError, match="2048 bytes is over the 1000 byte limit"):
        read_limited(path, 1000)
