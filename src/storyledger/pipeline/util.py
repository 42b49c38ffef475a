"""Small helpers shared by the components: sentence lookup and span trimming."""

from __future__ import annotations

import bisect
import itertools
from bisect import bisect_right
from collections.abc import Iterable

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc

from storyledger.pipeline import extensions as _extensions  # noqa: F401  (declares Doc._.sl_*)


def doc_text(doc: Doc) -> str:
    """RETURNS (str): ``doc.text``, built once per document and cached on it.

    spaCy joins every token's text on each read of ``Doc.text``; read by every
    stage, that was a sixth of their time.
    """
    text = doc._.sl_text
    if text is None:
        text = doc._.sl_text = doc.text
    return str(text)


def token_and_sentence_starts(doc: Doc) -> tuple[list[int], list[int]]:
    """RETURNS: the start character of every token, and the index of every
    sentence's first token (as ``doc.sents`` gives them), read from one array."""
    if not len(doc):
        return [], []
    columns = doc.to_array([IDX, SENT_START]).astype(numpy.int64)
    starts = numpy.flatnonzero(columns[:, 1] == 1).tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return columns[:, 0].tolist(), starts


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


class SpanIndex:
    """Whether a span overlaps any of a fixed set of spans, in O(log n) per question.

    The stages ask "does this candidate overlap anything kept?" once per
    candidate; a linear scan made that quadratic on long articles (a 1 MB
    article has tens of thousands of mentions). The spans may overlap.
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._reach = list(itertools.accumulate((end for _, end in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        """RETURNS (bool): some span shares a character with [start, end)."""
        before = bisect.bisect_left(self._starts, end)
        return before > 0 and self._reach[before - 1] > start


class DisjointSpans:
    """A growing set of non-overlapping spans with O(log n) overlap questions."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._spans: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        """RETURNS (bool): a kept span shares a character with [start, end)."""
        at = bisect.bisect_left(self._spans, (start, end))
        if at > 0 and self._spans[at - 1][1] > start:
            return True
        return at < len(self._spans) and self._spans[at][0] < end

    def add(self, start: int, end: int) -> None:
        """Keep [start, end), which must not overlap a kept span."""
        bisect.insort(self._spans, (start, end))
