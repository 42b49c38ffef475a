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
import itertools
import os
import warnings
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, BinaryIO

from storyledger.errors import InputError, StoryledgerWarning
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
    from storyledger.ledger import Ledger

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


@dataclasses.dataclass
class AddReport:
    """What :func:`add_to_case` did: counts of articles and of case records."""

    added: int = 0
    skipped: int = 0
    failed: int = 0
    resolved: dict[str, int] = dataclasses.field(default_factory=dict)


def open_case(location: str | os.PathLike[str] | None = None) -> Ledger:
    """Open (or create) a case: an SQLite path (default ``./storyledger.db``) or a
    ``postgresql://`` URL. RAISES (StoreError): E401-E405, see ``docs/store.md``."""
    from storyledger.ledger import Ledger

    return Ledger.open(location)


def _new_sources(
    ledger: Ledger, sources: Iterable[SourceDocument], report: AddReport
) -> Iterator[SourceDocument]:
    """Leave out articles the case already holds (so a rerun resumes where it stopped)."""
    seen: set[str] = set()
    for source in sources:
        if source.sha256 in seen or ledger.has_document(source.sha256):
            report.skipped += 1
            continue
        seen.add(source.sha256)
        yield source


def add_to_case(
    ledger: Ledger,
    paths: Iterable[str | os.PathLike[str]],
    *,
    published: date | str | None = None,
    settings: Settings | None = None,
    on_error: OnError | None = None,
    on_warning: Warn | None = None,
    progress: Callable[[DocumentFacts], None] | None = None,
    workers: int = 0,
    dask: str | None = None,
    stdin: BinaryIO | None = None,
    source_label: Callable[[str], str] | None = None,
) -> AddReport:
    """Add articles to a case: read, extract, store (one transaction each), resolve.

    Articles already in the case (same text) are skipped, so running the same
    ``add`` again after an interruption resumes where it stopped. The case is
    resolved once at the end, from stored records only: incrementally (only
    what the new articles touch) where that gives the full pass's result.
    workers: extraction processes; 0 (default) means one per CPU core when
        there are at least ``AUTO_POOL_MIN`` new articles, else this process.
    dask: extract on a Dask cluster instead (``"local"`` or
        ``"tcp://host:8786"``); see docs/scaling.md.
    progress: called with each stored document's facts.
    source_label: turns each article's ``source`` (its path) into what the
        case records, e.g. the name a browser gave a file saved under a
        temporary path.
    RETURNS (AddReport): articles added, skipped, failed; resolved counts.
    """
    settings = settings or settings_from_env()
    report = AddReport()

    def count_error(error: InputError) -> None:
        report.failed += 1
        if on_error is None:
            raise error
        on_error(error)

    override = _published(published, "--published")
    pipeline(settings)
    items = read_sources(
        paths, settings, on_warning or warn_python, published=override, stdin=stdin
    )
    articles = report_errors(items, count_error)
    if source_label is not None:
        label = source_label
        articles = (dataclasses.replace(a, source=label(a.source)) for a in articles)
    sources = _new_sources(ledger, articles, report)
    added: list[str] = []
    for facts in _extract_many(sources, settings, workers, dask, count_error):
        if ledger.add_facts(facts):
            report.added += 1
            added.append(facts.document.id)
        else:
            report.skipped += 1
        if progress is not None:
            progress(facts)
    if report.added or ledger.needs_resolution():
        report.resolved = ledger.resolve(new=added)
    return report


#: With ``workers=0`` (automatic), a run of fewer articles than this stays in
#: this process: starting one spaCy process per core costs more than it saves.
AUTO_POOL_MIN = 64


def _extract_many(
    sources: Iterable[SourceDocument],
    settings: Settings,
    workers: int,
    dask: str | None,
    on_error: Callable[[InputError], None],
) -> Iterator[DocumentFacts]:
    if workers == 0 and dask is None:
        stream = iter(sources)
        head = list(itertools.islice(stream, AUTO_POOL_MIN))
        sources = itertools.chain(head, stream)
        workers = 1 if len(head) < AUTO_POOL_MIN else (os.cpu_count() or 1)
    if workers == 1 and dask is None:
        return extract_sources(sources, settings)
    from storyledger.batch import extract_parallel

    return extract_parallel(sources, settings, workers=workers, dask=dask, on_error=on_error)


def resolve_case(ledger: Ledger) -> dict[str, int]:
    """Re-resolve the whole case from its stored records (a full pass).

    ``add_to_case`` resolves only what new articles touch where that gives the
    same result; this is for a case resolved by an older storyledger, or to
    check. RETURNS (dict[str, int]): entities, timeline entries, conflicts.
    """
    counts = ledger.resolve()
    counts.pop("incremental", None)
    return counts


def merge_entities(ledger: Ledger, entity_ids: Iterable[str]) -> str:
    """Merge case entities; the merge survives every later re-resolution.

    RETURNS (str): the merged entity's id. RAISES (StoreError): E412, E414.
    """
    return ledger.merge(list(entity_ids))


def split_entity(ledger: Ledger, entity_id: str, name: str) -> str:
    """Split the document entities called ``name`` off a case entity, for good.

    RETURNS (str): the id of the entity split off. RAISES (StoreError): E412, E415.
    """
    return ledger.split(entity_id, name)


def case_summary(ledger: Ledger, top: int = 5) -> dict[str, Any]:
    """A case at a glance: counts, outlets, date range, top entities and conflicts."""
    documents = ledger.documents()
    dates = sorted(d["published"] for d in documents if d["published"])
    counts = ledger.counts()
    return {
        "case": ledger.location,
        "documents": len(documents),
        "outlets": sorted({d["outlet"] for d in documents if d["outlet"]}),
        "published": {"from": dates[0], "to": dates[-1]} if dates else None,
        "counts": {
            "entities": counts["entities"],
            "timeline": counts["timeline"],
            "quantities": counts["quantities"],
            "claims": counts["claims"],
            "conflicts": counts["conflicts"],
        },
        "top_entities": ledger.case_entities(limit=top),
        "conflicts": ledger.conflicts(limit=top),
    }


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
