"""The error catalogue: stable codes, messages that say what to do, one hierarchy."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from storyledger.errors import ConfigError, Errors, InputError, StoryledgerError

SOURCE = Path(__file__).resolve().parents[1] / "src" / "storyledger"
CODES = sorted(name for name in vars(Errors) if re.fullmatch(r"[EW]\d{3}", name))


def placeholders(message: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(message) if field}


@pytest.mark.parametrize("code", CODES)
def test_errors_message_starts_with_its_code(code: str) -> None:
    assert getattr(Errors, code).startswith(f"[{code}] ")


@pytest.mark.parametrize("code", CODES)
def test_errors_message_formats_and_ends_a_sentence(code: str) -> None:
    message = getattr(Errors, code)
    filled = message.format(**{name: "X" for name in placeholders(message)})
    assert filled.endswith(".")
    assert re.search(r"\{[a-z_]+[!}]", filled) is None


@pytest.mark.parametrize("code", CODES)
def test_errors_every_code_is_used_in_the_package(code: str) -> None:
    uses = [
        path
        for path in SOURCE.rglob("*.py")
        if path.name != "errors.py" and f"Errors.{code}" in path.read_text(encoding="utf-8")
    ]
    assert uses, f"Errors.{code} is never raised"


@pytest.mark.parametrize(("cls", "exit_code"), [(InputError, 1), (ConfigError, 2)])
def test_errors_exit_codes_by_who_must_act(cls: type[StoryledgerError], exit_code: int) -> None:
    error = cls("[E999] message")
    assert isinstance(error, StoryledgerError)
    assert error.exit_code == exit_code
    assert str(error) == error.message == "[E999] message"
