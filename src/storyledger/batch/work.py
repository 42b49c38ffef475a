"""The unit of work every backend runs: one chunk of articles in, one outcome per article out.

A chunk is a short list of ``SourceDocument`` (``settings.batch_size`` of
them), so ``nlp.pipe`` still batches inside a worker while the parent keeps
only a few chunks in flight. The same function runs in this process, in a
process-pool worker and on a Dask worker; it must stay importable at module
level so it pickles by reference.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterable, Iterator

from storyledger.errors import Errors, InputError, StoryledgerError
from storyledger.ingest.base import SourceDocument
from storyledger.ingest.sources import OnError
from storyledger.model import DocumentFacts
from storyledger.settings import Settings

#: What a worker sends back per article: its records, or why it has none.
Outcome = DocumentFacts | InputError

_DETAIL_CHARS = 200


def chunked(sources: Iterable[SourceDocument], size: int) -> Iterator[list[SourceDocument]]:
    """Cut a stream into lists of ``size`` articles, reading only one list ahead."""
    iterator = iter(sources)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def describe(exc: BaseException) -> str:
    """RETURNS (str): ``Type: first line of the message``, short enough for one log line."""
    lines = str(exc).strip().splitlines()
    text = f"{type(exc).__name__}: {lines[0].rstrip('.')}" if lines else type(exc).__name__
    return text[:_DETAIL_CHARS]


def failed(source: SourceDocument, exc: BaseException) -> InputError:
    """RETURNS (InputError): E112, the article that made extraction raise."""
    return InputError(Errors.E112.format(source=source.source, detail=describe(exc)))


def lost(chunk: Iterable[SourceDocument], detail: str) -> list[Outcome]:
    """RETURNS (list[Outcome]): E113 for each article of a chunk whose worker died."""
    return [InputError(Errors.E113.format(source=s.source, detail=detail)) for s in chunk]


def warm_pipeline(settings: Settings) -> None:
    """Load the pipeline into this process's cache before the first chunk arrives.

    A load failure (E201) is left for the first chunk to raise again: there it
    travels back to the parent with its message instead of killing the worker.
    """
    from storyledger.api import pipeline  # not at the top: the API calls into this package

    with contextlib.suppress(StoryledgerError):
        pipeline(settings)


def extract_chunk(chunk: list[SourceDocument], settings: Settings) -> list[Outcome]:
    """Extract a chunk; an article that makes extraction raise is refused alone.

    The fast path pipes the whole chunk; when anything raises, the chunk is
    redone article by article so only the culprit is lost (E112).
    RAISES (ConfigError): E201 when the model is missing: no article can succeed.
    """
    from storyledger.api import pipeline
    from storyledger.extraction import extract_documents  # spaCy: only where it runs

    nlp = pipeline(settings)
    try:
        return list(extract_documents(chunk, nlp, settings))
    except Exception:
        outcomes: list[Outcome] = []
        for source in chunk:
            try:
                outcomes.extend(extract_documents([source], nlp, settings))
            except Exception as exc:
                outcomes.append(failed(source, exc))
        return outcomes


def deliver(outcomes: Iterable[Outcome], on_error: OnError | None) -> Iterator[DocumentFacts]:
    """Yield the records; hand each refusal to ``on_error``, or raise it when there is none."""
    for outcome in outcomes:
        if isinstance(outcome, InputError):
            if on_error is None:
                raise outcome
            on_error(outcome)
        else:
            yield outcome
