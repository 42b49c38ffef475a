"""``add_to_case``'s automatic worker choice: small runs stay in this process."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from storyledger import api
from storyledger.ingest.base import SourceDocument
from storyledger.settings import Settings


def sources(count: int) -> Iterator[SourceDocument]:
    for n in range(count):
        yield SourceDocument(text=f"Article {n} about the Osterby lock.", source=f"s{n}")


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    seen: list[tuple[str, int]] = []

    def fake_local(items: Any, settings: Settings) -> Iterator[str]:
        items = list(items)
        seen.append(("local", len(items)))
        return iter(items)

    def fake_parallel(items: Any, settings: Settings, **options: Any) -> Iterator[str]:
        items = list(items)
        seen.append((f"pool:{options['workers']}", len(items)))
        return iter(items)

    import storyledger.batch

    monkeypatch.setattr(api, "extract_sources", fake_local)
    monkeypatch.setattr(storyledger.batch, "extract_parallel", fake_parallel)
    monkeypatch.setattr(api.os, "cpu_count", lambda: 4)
    return seen


@pytest.mark.parametrize(
    ("count", "workers", "expected"),
    [
        (api.AUTO_POOL_MIN - 1, 0, "local"),
        (api.AUTO_POOL_MIN, 0, "pool:4"),
        (3, 2, "pool:2"),
        (500, 1, "local"),
    ],
)
def test_workers_choice_keeps_every_article(
    calls: list[tuple[str, int]], count: int, workers: int, expected: str
) -> None:
    out = list(api._extract_many(sources(count), Settings(), workers, None, lambda e: None))
    assert calls == [(expected, count)]
    assert len(out) == count
