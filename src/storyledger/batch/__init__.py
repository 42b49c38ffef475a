"""Extract many articles in parallel: a local process pool, or a Dask cluster.

::

    from storyledger.batch import extract_parallel

    for facts in extract_parallel(sources, settings, workers=4, on_error=print):
        ledger.add_facts(facts)  # one writer, in this process

Extraction is pure (one article in, one ``DocumentFacts`` out), so it runs
in workers and only the results come back; storing stays with the caller,
a single writer. Results arrive in **completion order**, not input order:
sort by ``facts.document.id`` when order matters. Inputs are streamed and
only a few chunks are in flight, so memory stays flat for any input size.

Closing the generator early (``break``, an exception, Ctrl-C) shuts the
workers down; a cluster started with ``dask="local"`` is stopped too.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Iterator

from storyledger.batch.work import chunked, deliver, extract_chunk
from storyledger.errors import ConfigError, Errors
from storyledger.ingest.base import SourceDocument
from storyledger.ingest.sources import OnError
from storyledger.model import DocumentFacts
from storyledger.settings import Settings

__all__ = ["LOCAL", "default_workers", "extract_parallel", "require_distributed"]

#: ``dask=LOCAL`` starts a Dask cluster on this machine for the run.
LOCAL = "local"


def default_workers() -> int:
    """RETURNS (int): one worker per CPU core."""
    return os.cpu_count() or 1


def require_distributed() -> None:
    """RAISES (ConfigError): E203 when ``dask[distributed]`` is not installed."""
    try:
        importlib.import_module("distributed")
    except ImportError as exc:
        raise ConfigError(Errors.E203) from exc


def _check(workers: int | None, dask: str | None, window: int | None) -> int:
    """Validate the options before anything starts. RETURNS (int): the worker count."""
    if workers is not None and workers < 0:
        raise ConfigError(Errors.E202.format(name="workers", value=workers, detail="must be >= 0"))
    if window is not None and window < 1:
        raise ConfigError(Errors.E202.format(name="window", value=window, detail="must be >= 1"))
    if dask is not None:
        if dask != LOCAL and "://" not in dask:
            raise ConfigError(Errors.E204.format(value=dask))
        require_distributed()
    return workers or default_workers()


def _in_process(
    sources: Iterable[SourceDocument], settings: Settings, on_error: OnError | None
) -> Iterator[DocumentFacts]:
    """One worker: this process, the cached pipeline, input order kept."""
    for chunk in chunked(sources, settings.batch_size):
        yield from deliver(extract_chunk(chunk, settings), on_error)


def extract_parallel(
    sources: Iterable[SourceDocument],
    settings: Settings,
    *,
    workers: int | None = None,
    dask: str | None = None,
    window: int | None = None,
    on_error: OnError | None = None,
) -> Iterator[DocumentFacts]:
    """Extract ``sources`` on several processes; one result per readable article.

    sources (Iterable[SourceDocument]): read lazily, never held whole.
    settings (Settings): ``batch_size`` articles travel to a worker at a time.
    workers (int | None): processes; None or 0 means one per core. With 1 and
        no ``dask``, everything runs in this process, in input order.
    dask (str | None): ``"local"`` starts a Dask cluster of ``workers``
        processes; ``"tcp://HOST:8786"`` uses a running scheduler and its workers.
    window (int | None): chunks in flight; twice the workers when None.
    on_error (Callable[[InputError], None] | None): receives each article that
        could not be extracted (E112, E113), and the batch goes on; when
        None the first one is raised.
    RETURNS (Iterator[DocumentFacts]): results in completion order.
    RAISES (ConfigError): bad options (E202, E204), Dask not installed (E203),
        scheduler unreachable (E205, on the first ``next``).
    """
    count = _check(workers, dask, window)
    if dask is not None:
        from storyledger.batch.cluster import extract_on_dask

        return extract_on_dask(sources, settings, dask, count, window, on_error)
    if count == 1:
        return _in_process(sources, settings, on_error)
    from storyledger.batch.pool import extract_on_pool

    return extract_on_pool(sources, settings, count, window or 2 * count, on_error)
