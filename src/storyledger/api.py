"""The Python API: the functions the CLI, the web app and users call.

::

    import storyledger

    result = storyledger.extract(text, published="2024-10-08", title="Ferry runs aground")
    print(result.to_dict()["quantities"])

    result = storyledger.extract_files(["a.txt", "b.html", "more.jsonl"],
                                       on_error=lambda error: print(error))

The CLI is a thin shell over these functions: what ``storyledger extract``
prints is ``extract_files(...).to_dict()``.
"""

from __future__ import annotations

import dataclasses
import os
import warnings
from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, BinaryIO

from storyledger.errors import StoryledgerWarning
from storyledger.ingest.base import SourceDocument
from storyledger.ingest.decode import Warn
from storyledger.ingest.published import published_for
from storyledger.ingest.sources import OnError, read_sources, report_errors, with_language
from storyledger.ingest.text import document_from_text
from storyledger.model import DocumentFacts, Extraction
from storyledger.settings import Settings, settings_from_env

if TYPE_CHECKING:
    from pathlib import Path

    from spacy.language import Language

    from storyledger.eval.report import EvalReport

TEXT_SOURCE = "<text>"


def warn_python(message: str) -> None:
    """Default ``on_warning``: issue a ``StoryledgerWarning`` through :mod:`warnings`."""
    warnings.warn(message, StoryledgerWarning, stacklevel=3)


def pipeline(settings: Settings) -> Language:
    """The loaded pipeline for ``settings``, shared by every call in the process.

    Ingest-only options (size limit, batch size, language check) do not
    change the pipeline, so they do not cause a reload.
    RAISES (ConfigError): E201 when the model is not installed.
    """
    from storyledger.pipeline.build import cached_nlp

    defaults = Settings()
    key = dataclasses.replace(
        settings,
        max_bytes=defaults.max_bytes,
        batch_size=defaults.batch_size,
        detect_language=defaults.detect_language,
    )
    return cached_nlp(key)


def _published(value: date | str | None, source: str) -> date | None:
    """RETURNS (date | None): ``value`` as a date. RAISES (InputError): E107."""
    return published_for(value, source)


def extract_sources(
    sources: Iterable[SourceDocument], settings: Settings | None = None
) -> Iterator[DocumentFacts]:
    """Run the pipeline over articles already read.

    sources (Iterable[SourceDocument]): articles, e.g. from ``read_sources``.
    settings (Settings | None): from the environment when None.
    RETURNS (Iterator[DocumentFacts]): one result per article, streamed in order.
    """
    from storyledger.extraction import extract_documents

    settings = settings or settings_from_env()
    return extract_documents(sources, pipeline(settings), settings)


def extract(
    text: str,
    *,
    published: date | str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    source: str = TEXT_SOURCE,
    settings: Settings | None = None,
    on_warning: Warn | None = None,
) -> Extraction:
    """Extract the case-file records of one article given as a string.

    text (str): the article. A header block (``Title: ...`` lines, a blank
        line) is read as in files; keyword arguments override its values.
    published (date | str | None): publication date (``2024-10-08``), the
        anchor for relative dates ("on Tuesday").
    title (str | None): the headline; kept as the first paragraph of the text.
    outlet, url (str | None): metadata for the ``documents`` list.
    source (str): what the document's ``source`` field says.
    settings (Settings | None): from the environment when None.
    on_warning (Callable[[str], None] | None): receives W3xx messages;
        by default they are issued as ``StoryledgerWarning``.
    RETURNS (Extraction): frozen; ``.to_dict()`` gives the ``storyledger/1`` JSON.
    RAISES (InputError): empty text (E103), invalid date (E107).
    """
    settings = settings or settings_from_env()
    document = document_from_text(
        text, source, published=_published(published, source), title=title, outlet=outlet, url=url
    )
    document = with_language(document, settings, on_warning or warn_python)
    return Extraction.from_facts(extract_sources([document], settings))


def iter_facts(
    paths: Iterable[str | os.PathLike[str]],
    *,
    published: date | str | None = None,
    settings: Settings | None = None,
    on_error: OnError | None = None,
    on_warning: Warn | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[DocumentFacts]:
    """Read and extract many inputs, one result per article, streamed.

    paths (Iterable[str | PathLike]): text, HTML and JSON Lines files; ``-``
        reads standard input.
    published (date | str | None): overrides every article's own date.
    settings (Settings | None): from the environment when None.
    on_error (Callable[[InputError], None] | None): receives each input that
        cannot be read, and the batch goes on; when None the first one is raised.
    on_warning (Callable[[str], None] | None): receives W3xx messages.
    stdin (BinaryIO | None): what ``-`` reads; ``sys.stdin.buffer`` by default.
    RETURNS (Iterator[DocumentFacts]): results in input order.
    RAISES (ConfigError): when the model is not installed.
    """
    settings = settings or settings_from_env()
    override = _published(published, "--published")
    pipeline(settings)  # a missing model is reported before any input is read
    items = read_sources(
        paths, settings, on_warning or warn_python, published=override, stdin=stdin
    )
    yield from extract_sources(report_errors(items, on_error), settings)


def extract_files(
    paths: Iterable[str | os.PathLike[str]],
    *,
    published: date | str | None = None,
    settings: Settings | None = None,
    on_error: OnError | None = None,
    on_warning: Warn | None = None,
    stdin: BinaryIO | None = None,
) -> Extraction:
    """Read and extract many inputs into one ``Extraction``.

    Takes the same arguments as :func:`iter_facts`; use that one to stream
    results for inputs too many to hold at once.
    RETURNS (Extraction): every readable article's records.
    """
    return Extraction.from_facts(
        iter_facts(
            paths,
            published=published,
            settings=settings,
            on_error=on_error,
            on_warning=on_warning,
            stdin=stdin,
        )
    )


def evaluate(
    data: Iterable[str | Path] | None = None,
    features: Iterable[str] | None = None,
    *,
    peers: bool = True,
    settings: Settings | None = None,
) -> EvalReport:
    """Score storyledger against gold data, beside the peer libraries.

    data (Iterable[str | Path] | None): story directories with gold.json, JSONL gold
        files, or data roots; default ``../shared/data`` beside the repository.
    features (Iterable[str] | None): feature names (see ``storyledger.eval.FEATURES``).
    peers (bool): also run the peers (``pip install ".[eval]"``) on the same documents.
    RETURNS (EvalReport): the figures, with ``to_markdown()``, ``to_dict()``, ``to_table()``.
    """
    from storyledger.eval.runner import run_eval

    return run_eval(data, features, peers=peers, settings=settings)
