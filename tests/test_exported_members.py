"""``storyledger.__all__`` is the public API: sorted, complete, and every name exists."""

from __future__ import annotations

import types

import storyledger


def test_exported_members_all_is_sorted() -> None:
    assert storyledger.__all__ == sorted(storyledger.__all__)


def test_exported_members_all_names_exist() -> None:
    missing = [name for name in storyledger.__all__ if not hasattr(storyledger, name)]
    assert missing == []


def test_exported_members_all_is_complete() -> None:
    public = {
        name
        for name, value in vars(storyledger).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public - set(storyledger.__all__) == set()


def test_exported_members_version_is_a_string() -> None:
    assert isinstance(storyledger.__version__, str)
    assert storyledger.__version__[0].isdigit()
