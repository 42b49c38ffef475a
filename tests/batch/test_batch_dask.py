"""A real Dask LocalCluster with 2 worker processes gives the single-process results."""

from __future__ import annotations

import itertools
import logging
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from batch_helpers import by_id, child_processes, failing, plain, still_running
from distributed import Client, LocalCluster

from storyledger.batch import cluster, extract_parallel
from storyledger.errors import ConfigError, InputError
from storyledger.ingest.base import SourceDocument
from storyledger.settings import Settings

SETTINGS = Settings(batch_size=2)


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """One 2-process cluster for the module; tests reach it by address, as a remote one."""
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address="127.0.0.1:0",
        silence_logs=logging.CRITICAL,
    ) as local:
        yield local.scheduler_address


def test_batch_dask_two_workers_match_single_process(
    scheduler: str, sources: list[SourceDocument], expected: list[dict[str, Any]]
) -> None:
    facts = extract_parallel(iter(sources), SETTINGS, dask=scheduler)
    assert by_id(facts) == expected


def test_batch_dask_duplicate_articles_both_come_back(
    scheduler: str, sources: list[SourceDocument]
) -> None:
    """Same inputs make the same chunk: without explicit keys Dask would run it once."""
    twice = [*sources[:2], *sources[:2], *sources[:2]]
    ids = Counter(f.document.id for f in extract_parallel(twice, SETTINGS, dask=scheduler))
    assert ids == Counter(s.id for s in twice)
    assert set(ids.values()) == {3}


def test_batch_dask_failing_article_is_reported(scheduler: str) -> None:
    docs = [*plain(3, "a"), failing("broken"), *plain(2, "b")]
    errors: list[InputError] = []
    facts = list(extract_parallel(docs, SETTINGS, dask=scheduler, on_error=errors.append))
    assert len(facts) == 5
    assert [str(e)[:20] for e in errors] == ["[E112] broken: extra"]


def scheduler_tasks(address: str) -> int:
    """RETURNS (int): how many tasks the scheduler holds right now."""
    with Client(address) as client:
        count: int = client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks))
        return count


def settles(check: Callable[[], bool], timeout_s: float = 15.0) -> bool:
    """Poll ``check``: the scheduler learns of released tasks a moment later."""
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def test_batch_dask_holds_a_window_of_tasks_and_releases_them_on_close(scheduler: str) -> None:
    endless = (plain(1, f"w{i}")[0] for i in itertools.count())
    facts = extract_parallel(endless, SETTINGS, dask=scheduler, window=3)
    assert len(list(itertools.islice(facts, 12))) == 12
    assert settles(lambda: scheduler_tasks(scheduler) <= 3)
    facts.close()
    assert settles(lambda: scheduler_tasks(scheduler) == 0)


def test_batch_dask_local_cluster_closed_early_leaves_no_worker_running() -> None:
    endless = (plain(1, f"n{i}")[0] for i in itertools.count())
    before = child_processes()
    facts = extract_parallel(endless, SETTINGS, workers=2, dask="local")
    assert next(facts).document.id
    workers = list(child_processes() - before)
    assert len(workers) == 2
    facts.close()
    assert still_running(workers) == []


def test_batch_dask_missing_distributed_gives_install_hint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` fails
    with pytest.raises(ConfigError, match=r'^\[E203\] .*pip install "storyledger\[scale\]"'):
        extract_parallel(plain(1), SETTINGS, dask="local")


def test_batch_dask_unreachable_scheduler_is_a_config_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT_S", 1)
    facts = extract_parallel(plain(1), SETTINGS, dask="tcp://127.0.0.1:9")
    with pytest.raises(ConfigError, match=r"^\[E205\] cannot reach the Dask scheduler"):
        next(facts)
