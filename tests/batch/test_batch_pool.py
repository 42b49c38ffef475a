"""The local process pool (and the one-process path) give the single-process results."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from batch_helpers import by_id, child_processes, deadly, failing, plain, still_running

from storyledger.batch import extract_parallel
from storyledger.errors import ConfigError, InputError, StoryledgerError
from storyledger.ingest.base import SourceDocument
from storyledger.settings import Settings

SETTINGS = Settings(batch_size=2)  # several chunks even from a dozen articles


def test_batch_pool_two_workers_match_single_process(
    sources: list[SourceDocument], expected: list[dict[str, Any]]
) -> None:
    facts = extract_parallel(iter(sources), SETTINGS, workers=2)
    assert by_id(facts) == expected


def test_batch_pool_duplicate_articles_both_come_back(sources: list[SourceDocument]) -> None:
    twice = [*sources[:3], *sources[:3]]
    ids = Counter(f.document.id for f in extract_parallel(twice, SETTINGS, workers=2))
    assert ids == Counter(s.id for s in twice)
    assert set(ids.values()) == {2}


def test_batch_in_process_keeps_input_order(
    sources: list[SourceDocument], expected: list[dict[str, Any]]
) -> None:
    facts = list(extract_parallel(sources, SETTINGS, workers=1))
    assert [f.document.id for f in facts] == [s.id for s in sources]
    assert by_id(facts) == expected


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_failing_article_is_reported_and_the_rest_come_back(workers: int) -> None:
    docs = [*plain(3, "a"), failing("broken"), *plain(3, "b")]
    errors: list[InputError] = []
    facts = list(extract_parallel(docs, SETTINGS, workers=workers, on_error=errors.append))
    assert sorted(f.document.source for f in facts) == sorted(
        d.source for d in docs if d.source != "broken"
    )
    assert [str(e)[:20] for e in errors] == ["[E112] broken: extra"]


def test_batch_failing_article_raises_without_on_error() -> None:
    with pytest.raises(InputError, match=r"^\[E112\] broken: "):
        list(extract_parallel([failing("broken")], SETTINGS, workers=2))


def test_batch_pool_dead_worker_loses_its_chunk_and_a_fresh_pool_goes_on() -> None:
    """One chunk in flight: the worker dies on it, exactly that chunk is reported (E113)."""
    docs = [deadly("deadly"), *plain(7)]
    errors: list[InputError] = []
    facts = extract_parallel(docs, SETTINGS, workers=2, window=1, on_error=errors.append)
    returned = sorted(f.document.source for f in facts)
    assert [str(e).split(":")[0] for e in errors] == ["[E113] deadly", "[E113] ok-0"]
    assert returned == [f"ok-{i}" for i in range(1, 7)]


def test_batch_pool_workers_that_keep_dying_stop_the_run() -> None:
    docs = [deadly(f"deadly-{i}") for i in range(10)]
    errors: list[InputError] = []
    with pytest.raises(StoryledgerError, match=r"^\[E206\] "):
        list(extract_parallel(docs, SETTINGS, workers=2, window=1, on_error=errors.append))
    assert len(errors) == 4  # two chunks lost, one per restart, before giving up


def test_batch_pool_closed_early_leaves_no_worker_running() -> None:
    endless: Iterator[SourceDocument] = (plain(1, f"n{i}")[0] for i in itertools.count())
    before = child_processes()
    facts = extract_parallel(endless, SETTINGS, workers=2)
    assert next(facts).document.id
    workers = list(child_processes() - before)
    assert len(workers) == 2
    facts.close()
    assert still_running(workers) == []


def test_batch_consumer_exception_stops_the_pool() -> None:
    before = child_processes()
    facts = extract_parallel(plain(40), SETTINGS, workers=2)
    with pytest.raises(RuntimeError, match="consumer failed"):
        for _ in facts:
            workers = list(child_processes() - before)
            raise RuntimeError("consumer failed")
    assert len(workers) == 2
    del facts  # the generator is closed when it is dropped
    assert still_running(workers) == []


@pytest.mark.parametrize(
    ("options", "code"),
    [({"workers": -1}, "E202"), ({"window": 0}, "E202"), ({"dask": "8786"}, "E204")],
)
def test_batch_bad_options_are_refused_before_anything_starts(
    options: dict[str, Any], code: str
) -> None:
    with pytest.raises(ConfigError, match=rf"^\[{code}\] "):
        extract_parallel(plain(1), SETTINGS, **options)
