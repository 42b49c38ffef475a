"""Per-document extraction: pure, one ``SourceDocument`` in, one ``DocumentFacts`` out.

The same function runs in one process, a process pool or on a Dask worker.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from storyledger.ingest.base import SourceDocument
from storyledger.model import Document, DocumentFacts
from storyledger.pipeline.util import doc_text, sentence_starts
from storyledger.settings import Settings


def start_doc(nlp: Language, source: SourceDocument) -> Doc:
    """RETURNS (Doc): ``source``'s text tokenised, with what the stages read set on it
    (document id, publication date) and the headline a sentence of its own; the
    pipeline's components run on it next."""
    doc = nlp.make_doc(source.text)
    doc._.sl_doc_id = source.id
    doc._.sl_published = source.published
    _headline_apart(doc, source)
    return doc


def _headline_apart(doc: Doc, source: SourceDocument) -> None:
    """Start a sentence after the headline (the text's first paragraph), which the
    parser respects: a headline has no full stop, and read with the first sentence
    it lends that sentence its figures and takes its date ("Insurer puts warehouse
    loss at EUR 4.2 million" dated by the fire "on Tuesday" of the next line)."""
    if not source.title or not source.text.startswith(source.title):
        return
    end = len(source.title)
    for token in doc:
        if token.idx >= end and not token.is_space:
            token.is_sent_start = True
            return


def _document(source: SourceDocument) -> Document:
    return Document(
        id=source.id,
        sha256=source.sha256,
        title=source.title,
        outlet=source.outlet,
        published=source.published.isoformat() if source.published else None,
        language=source.language,
        source=source.source,
        chars=len(source.text),
        url=source.url,
    )


def _sentences(doc: Doc) -> tuple[tuple[int, int], ...]:
    starts = sentence_starts(doc)
    ends = [*starts[1:], len(doc_text(doc))]
    return tuple(zip(starts, ends, strict=True))


def facts_from_doc(doc: Doc, source: SourceDocument) -> DocumentFacts:
    """Collect the records the storyledger components left on ``doc``."""
    return DocumentFacts(
        document=_document(source),
        text=source.text,
        sentences=_sentences(doc),
        entities=tuple(doc._.sl_entities or ()),
        times=tuple(doc._.sl_times or ()),
        quantities=tuple(doc._.sl_quantities or ()),
        claims=tuple(doc._.sl_claims or ()),
        events=tuple(doc._.sl_events or ()),
    )


def extract_documents(
    sources: Iterable[SourceDocument], nlp: Language, settings: Settings
) -> Iterator[DocumentFacts]:
    """Run the pipeline over ``sources`` in small batches, yielding results in order.

    sources (Iterable[SourceDocument]): read and normalised articles.
    nlp (Language): a pipeline from ``pipeline.build.make_nlp``.
    RETURNS (Iterator[DocumentFacts]): one result per source, streamed.
    """
    pending: deque[SourceDocument] = deque()

    def docs() -> Iterator[Doc]:
        for source in sources:
            pending.append(source)
            yield start_doc(nlp, source)

    for doc in nlp.pipe(docs(), batch_size=settings.batch_size):
        yield facts_from_doc(doc, pending.popleft())
