"""Extraction on a local process pool: one pipeline per worker, a few chunks in flight.

Workers are started with ``spawn`` (not ``fork``): a fork of a process that
runs threads (a web server, a Dask client) can deadlock, and ``spawn`` behaves
the same on Linux, macOS and Windows. Workers ignore Ctrl-C; the parent
decides when to stop and then shuts the pool down, so an interrupt never
leaves half-dead workers printing tracebacks.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from storyledger.batch.work import (
    Outcome,
    chunked,
    deliver,
    describe,
    extract_chunk,
    lost,
    warm_pipeline,
)
from storyledger.errors import Errors, StoryledgerError
from storyledger.ingest.base import SourceDocument
from storyledger.ingest.sources import OnError
from storyledger.model import DocumentFacts
from storyledger.settings import Settings

#: Pool restarts in a row without one finished chunk before the run gives up (E206).
MAX_FRUITLESS_RESTARTS = 2


def _init_worker(settings: Settings) -> None:
    """Runs once in each worker: leave Ctrl-C to the parent, load the pipeline."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm_pipeline(settings)


class _PoolRun:
    """A process pool with the chunks it is working on; replaced when a worker dies.

    A dead worker breaks the whole pool, and every chunk in flight with it:
    those articles are reported as E113 (the store is idempotent, so adding
    the input again retries just them) and a fresh pool takes the rest.
    """

    def __init__(self, settings: Settings, workers: int) -> None:
        self.settings = settings
        self.workers = workers
        self.in_flight: dict[Future[list[Outcome]], list[SourceDocument]] = {}
        self.fruitless_restarts = 0
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(self.settings,),
        )

    def fill(self, chunks: Iterator[list[SourceDocument]], window: int) -> None:
        """Submit chunks until ``window`` are in flight or the input ends."""
        while len(self.in_flight) < window:
            chunk = next(chunks, None)
            if chunk is None:
                return
            try:
                future = self.executor.submit(extract_chunk, chunk, self.settings)
            except BrokenProcessPool as exc:
                future = Future()
                future.set_exception(exc)
                self.in_flight[future] = chunk
                return
            self.in_flight[future] = chunk

    def next_outcomes(self) -> list[Outcome]:
        """Wait for any chunk to finish. RAISES (StoryledgerError): what a worker raised."""
        done, _ = wait(self.in_flight, return_when=FIRST_COMPLETED)
        future = next(iter(done))
        chunk = self.in_flight.pop(future)
        try:
            outcomes = future.result()
        except BrokenProcessPool as exc:
            return self._restart(chunk, exc)
        self.fruitless_restarts = 0
        return outcomes

    def _restart(self, chunk: list[SourceDocument], exc: BrokenProcessPool) -> list[Outcome]:
        """Report every chunk the broken pool held, then start a fresh pool."""
        detail = describe(exc)
        if self.fruitless_restarts >= MAX_FRUITLESS_RESTARTS:
            raise StoryledgerError(Errors.E206.format(detail=detail)) from exc
        outcomes = lost(chunk, detail)
        for other in self.in_flight.values():
            outcomes.extend(lost(other, detail))
        self.in_flight.clear()
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.fruitless_restarts += 1
        self.executor = self._start()
        return outcomes

    def close(self) -> None:
        """Drop queued chunks and wait for the running ones: no worker outlives the run."""
        self.executor.shutdown(wait=True, cancel_futures=True)


def extract_on_pool(
    sources: Iterable[SourceDocument],
    settings: Settings,
    workers: int,
    window: int,
    on_error: OnError | None,
) -> Iterator[DocumentFacts]:
    """Stream ``sources`` through ``workers`` processes; results in completion order.

    Only ``window`` chunks of ``settings.batch_size`` articles are in flight,
    so memory stays flat whatever the number of articles. The pool is shut
    down when the generator ends, raises, or is closed early.
    """
    chunks = chunked(sources, settings.batch_size)
    run = _PoolRun(settings, workers)
    try:
        run.fill(chunks, window)
        while run.in_flight:
            outcomes = run.next_outcomes()
            run.fill(chunks, window)  # workers stay busy while the consumer stores results
            yield from deliver(outcomes, on_error)
    finally:
        run.close()
