"""Small helpers shared by the components: sentence lookup and span trimming."""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc

from storyledger.pipeline import extensions as _extensions  # noqa: F401  (declares Doc._.sl_*)


def sentence_starts(doc: Doc) -> list[int]:
    """RETURNS (list[int]): the start character of every sentence, cached on the doc."""
    starts = doc._.sl_sentence_starts
    if starts is None:
        starts = [sent.start_char for sent in doc.sents] if len(doc) else [0]
        doc._.sl_sentence_starts = starts
    return list(starts)


def sentence_of(doc: Doc, char: int) -> int:
    """RETURNS (int): 0-based index of the sentence that holds character ``char``."""
    return max(0, bisect_right(sentence_starts(doc), char) - 1)


def strip_span(text: str, start: int, end: int, chars: str = " \t\n") -> tuple[int, int]:
    """Shrink ``[start, end)`` so it neither starts nor ends with any of ``chars``."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end
