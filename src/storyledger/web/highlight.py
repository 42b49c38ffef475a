"""The document view's text, cut into pieces a template can print escaped.

Article text is untrusted, so it is never turned into markup here: the text is
split at every sentence, mark and claim boundary, and the template wraps each
piece in elements it writes itself, printing the text with autoescape. Inline
marks (entity mentions, times, quantities) never overlap each other; claims
are a second layer underneath them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Mark:
    """A highlighted span: an entity mention, a time, a quantity or a claim."""

    start: int
    end: int
    kind: str  # entity | time | quantity | claim
    label: str  # the tooltip: what the record says
    href: str  # where the record is listed
    css: str = ""  # an extra class, e.g. the entity type or the certainty

    @property
    def anchor(self) -> str:
        """RETURNS (str): the element id, e.g. ``q134`` for a quantity at char 134."""
        return f"{self.kind[0]}{self.start}"


@dataclass(slots=True)
class Piece:
    """A run of text under at most one inline mark and one claim."""

    text: str
    start: int
    mark: Mark | None = None
    claim: Mark | None = None
    anchors: list[str] = field(default_factory=list)
    hit: bool = False


@dataclass(slots=True)
class Block:
    """A sentence (``idx`` set) or the text between two sentences (``idx`` None)."""

    idx: int | None
    pieces: list[Piece] = field(default_factory=list)


def choose_inline(marks: Iterable[Mark]) -> list[Mark]:
    """Keep non-overlapping marks: earliest first, the longer of two at one start."""
    chosen: list[Mark] = []
    last_end = -1
    for mark in sorted(marks, key=lambda m: (m.start, -(m.end - m.start))):
        if mark.start >= last_end and mark.end > mark.start:
            chosen.append(mark)
            last_end = mark.end
    return chosen


def _covering(marks: Sequence[Mark], start: int) -> Mark | None:
    """RETURNS (Mark | None): the first mark whose span holds position ``start``."""
    for mark in marks:
        if mark.start <= start < mark.end:
            return mark
    return None


def _blocks_for(
    text: str, sentences: Sequence[tuple[int, int, int]]
) -> list[tuple[int | None, int, int]]:
    """Sentences plus the gaps between them, covering the text end to end."""
    spans: list[tuple[int | None, int, int]] = []
    pos = 0
    for idx, start, end in sorted(sentences, key=lambda s: s[1]):
        if start > pos:
            spans.append((None, pos, start))
        if end > max(start, pos):
            spans.append((idx, max(start, pos), end))
            pos = end
    if pos < len(text):
        spans.append((None, pos, len(text)))
    return spans


def build_blocks(
    text: str,
    sentences: Sequence[tuple[int, int, int]],
    inline: Iterable[Mark],
    claims: Iterable[Mark] = (),
    hit: tuple[int, int] | None = None,
) -> list[Block]:
    """Cut ``text`` into sentence blocks of pieces.

    sentences: (idx, start, end) triples. hit: a (start, end) span to flag,
        e.g. the mention a link came from.
    RETURNS (list[Block]): covering the whole text in order.
    """
    marks = choose_inline(inline)
    claim_marks = sorted(claims, key=lambda m: (m.start, -(m.end - m.start)))
    cuts = {0, len(text)}
    for mark in [*marks, *claim_marks]:
        cuts.update((max(0, mark.start), min(len(text), mark.end)))
    if hit:
        cuts.update(hit)
    blocks: list[Block] = []
    for idx, b_start, b_end in _blocks_for(text, sentences):
        block = Block(idx)
        inner = sorted(c for c in cuts if b_start < c < b_end)
        bounds = [b_start, *inner, b_end]
        for start, end in itertools.pairwise(bounds):
            _append(block, text, start, end, marks, claim_marks, hit)
        blocks.append(block)
    _set_anchors(blocks)
    return blocks


def _append(
    block: Block,
    text: str,
    start: int,
    end: int,
    marks: Sequence[Mark],
    claims: Sequence[Mark],
    hit: tuple[int, int] | None,
) -> None:
    """Add text[start:end] to ``block``, joining it to the last piece when alike."""
    mark, claim = _covering(marks, start), _covering(claims, start)
    flagged = hit is not None and hit[0] <= start < hit[1]
    last = block.pieces[-1] if block.pieces else None
    if last and last.mark is mark and last.claim is claim and last.hit == flagged:
        last.text += text[start:end]
        return
    block.pieces.append(Piece(text[start:end], start, mark, claim, hit=flagged))


def _set_anchors(blocks: list[Block]) -> None:
    """Give the piece where each mark or claim begins that mark's element id."""
    for block in blocks:
        for piece in block.pieces:
            for mark in (piece.claim, piece.mark):
                if mark is not None and mark.start == piece.start:
                    piece.anchors.append(mark.anchor)
