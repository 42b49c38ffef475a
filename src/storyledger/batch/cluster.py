"""Extraction on a Dask distributed cluster: a local one, or a running scheduler.

Each worker loads the pipeline once, through a ``WorkerPlugin``; every chunk
is a task with an explicit, unique key (Dask would otherwise merge two tasks
with the same inputs, and a duplicated article would come back once). Only
``window`` tasks are in flight: more are submitted as results come back.

Workers of a remote cluster need storyledger and the spaCy model installed,
in the same versions as here.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
from collections.abc import Iterable, Iterator

from distributed import Client, Future, KilledWorker, LocalCluster, WorkerPlugin, as_completed

from storyledger.batch import LOCAL
from storyledger.batch.work import (
    Outcome,
    chunked,
    deliver,
    describe,
    extract_chunk,
    lost,
    warm_pipeline,
)
from storyledger.errors import ConfigError, Errors
from storyledger.ingest.base import SourceDocument
from storyledger.ingest.sources import OnError
from storyledger.model import DocumentFacts
from storyledger.settings import Settings

PLUGIN_NAME = "storyledger-pipeline"
CONNECT_TIMEOUT_S = 10


class PipelinePlugin(WorkerPlugin):
    """Loads the storyledger pipeline when a worker starts (or joins later)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def setup(self, worker: object) -> None:
        """Fill the worker process's pipeline cache; tasks then find it loaded."""
        warm_pipeline(self.settings)


@contextlib.contextmanager
def connect(address: str, workers: int) -> Iterator[Client]:
    """A client for ``address``; ``local`` starts (and later stops) a cluster here.

    RAISES (ConfigError): E205 when no scheduler answers at ``address``.
    """
    if address == LOCAL:
        with (
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address="127.0.0.1:0",  # any free port, this machine only
                silence_logs=logging.CRITICAL,  # task errors come back to the caller
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
        return
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError) as exc:
        raise ConfigError(Errors.E205.format(address=address, detail=describe(exc))) from exc
    with client:
        yield client


def cluster_threads(client: Client) -> int:
    """RETURNS (int): how many tasks the cluster runs at once (at least 1)."""
    return max(1, sum(client.nthreads().values()))


def _outcomes(future: Future[list[Outcome]], chunk: list[SourceDocument]) -> list[Outcome]:
    """The chunk's results; a chunk whose worker kept dying is lost (E113), the run goes on.

    RAISES: what the task raised otherwise, e.g. E201 for a missing model on a worker.
    """
    if future.status == "finished":
        return future.result()
    if future.status != "error":
        return lost(chunk, f"task {future.status}")
    exc = future.exception()
    if isinstance(exc, KilledWorker):
        return lost(chunk, describe(exc))
    raise exc


class _TaskKeys:
    """Unique task keys: the first article's hash plus a running number."""

    def __init__(self) -> None:
        self.counter = itertools.count()

    def __call__(self, chunk: list[SourceDocument]) -> str:
        return f"storyledger-extract-{chunk[0].sha256[:16]}-{next(self.counter)}"


def extract_on_dask(
    sources: Iterable[SourceDocument],
    settings: Settings,
    address: str,
    workers: int,
    window: int | None,
    on_error: OnError | None,
) -> Iterator[DocumentFacts]:
    """Stream ``sources`` through a Dask cluster; results in completion order.

    window (int | None): tasks in flight; twice the cluster's threads when None.
    When the generator ends or is closed, the client is closed, which
    releases the tasks still queued; a cluster started here is stopped.
    """
    chunks = chunked(sources, settings.batch_size)
    key = _TaskKeys()
    with connect(address, workers) as client:
        client.register_plugin(PipelinePlugin(settings), name=PLUGIN_NAME)
        limit = window or 2 * cluster_threads(client)
        in_flight: dict[str, list[SourceDocument]] = {}
        pending = as_completed()

        def submit(chunk: list[SourceDocument]) -> None:
            future = client.submit(extract_chunk, chunk, settings, key=key(chunk))
            in_flight[str(future.key)] = chunk
            pending.add(future)

        try:
            for chunk in itertools.islice(chunks, limit):
                submit(chunk)
            for future in pending:
                outcomes = _outcomes(future, in_flight.pop(str(future.key)))
                future.release()
                for more in itertools.islice(chunks, 1):
                    submit(more)
                yield from deliver(outcomes, on_error)
        finally:
            pending.clear()
            in_flight.clear()  # closing the client releases the tasks still queued
