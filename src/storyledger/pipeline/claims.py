"""Claims: direct quotes, reported statements and narrative sentences, with speaker and certainty.

The component writes ``doc._.sl_claims``: a list of :class:`storyledger.model.Claim`.

- **quote**: the words inside quotation marks (straight, curly, single, German
  „…“, guillemets), with a comma or full stop just before the closing mark
  dropped. A quote split by its attribution (``"A," he said, "B."``) gives two
  claims. Short unattributed phrases ("scare quotes", titles) are skipped.
- **reported**: a sentence with a speech verb (said, told, denied, according
  to, ...) whose subject is the speaker.
- **narrative**: every other sentence. Sentences that are mostly quotation
  marks and attribution are covered by their quote claims instead.

Speakers are resolved to ``doc._.sl_entity_spans`` (entity ids): a named
mention in the subject, a pronoun (the most recent fitting subject, then any
mention, before it), a role noun ("the minister": the person last introduced
with that title or appositive; "the company": the most recent organisation)
or, for an unattributed quote, the last speaker in its paragraph.

``Claim.cue`` holds the certainty cue when the claim is not asserted (the word
a reader checks first) and the speech verb otherwise.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Final

from spacy.language import Language
from spacy.tokens import Doc, Token

from storyledger.model import Claim
from storyledger.names import PUBLICATION_NOUNS
from storyledger.pipeline.certainty import classify
from storyledger.pipeline.util import (
    SpanIndex,
    doc_text,
    sentence_of,
    strip_span,
    token_and_sentence_starts,
)

#: Word forms of speech and statement verbs (lower case).
_SPEECH_WORDS: Final = (
    "say says said saying tell tells told telling warn warns warned warning add adds",
    "added claim claims claimed deny denies denied denying confirm confirms confirmed",
    "announce announces announced insist insists insisted argue argues argued state",
    "states stated estimate estimates estimated reject rejects rejected dispute disputes",
    "disputed report reports reported explain explains explained note notes noted",
    "acknowledge acknowledges acknowledged admit admits admitted allege alleges alleged",
    "assert asserts asserted declare declares declared predict predicts predicted promise",
    "promises promised stress stresses stressed emphasise emphasises emphasised emphasize",
    "emphasizes emphasized maintain maintains maintained contend contends contended reply",
    "replies replied respond responds responded write writes wrote comment comments",
    "commented urge urges urged vow vows vowed pledge pledges pledged concede concedes",
    "conceded reveal reveals revealed disclose discloses disclosed remark remarks",
    "remarked accuse accuses accused ask asks asked complain complains complained testify",
    "testifies testified suggest suggests suggested",
)
SPEECH_FORMS: Final = frozenset(w for line in _SPEECH_WORDS for w in line.split())

#: Verbs that also have frequent non-speech uses: they need a clause or a quote.
_NEEDS_CLAUSE_WORDS: Final = (
    "add adds added note notes noted write writes wrote state states stated ask asks",
    "asked maintain maintains maintained stress stresses stressed report reports reported",
    "declare declares declared",
)
_NEEDS_CLAUSE: Final = frozenset(w for line in _NEEDS_CLAUSE_WORDS for w in line.split())

_PERSON_PRONOUNS: Final = frozenset({"he", "she"})
#: Pronouns that can be a speaker ("who", "that" and "which" stand for something else).
_SPEAKER_PRONOUNS: Final = frozenset({"he", "she", "it", "they", "i", "we", "you"})
_ORG_PRONOUNS: Final = frozenset({"it", "they"})
_SPEAKER_LABELS: Final = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_HONORIFICS: Final = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "mr.", "mrs.", "ms.", "dr."}
)

#: Nouns that name an organisation or its voice: "the company said", "a spokesman said".
_ORG_NOUN_WORDS: Final = (
    "company firm group insurer operator carrier business organisation organization",
    "corporation agency ministry authority service union government council department",
    "office bank spokesman spokeswoman spokesperson representative statement",
)
_ORG_NOUNS: Final = frozenset(w for line in _ORG_NOUN_WORDS for w in line.split())
#: Nouns a short quote right after them names: the operation "Safe Harbour".
_NAMED_NOUN_WORDS: Final = (
    "operation mission campaign project programme program slogan motto codename",
    "initiative hashtag nickname",
)
_NAMED_NOUNS: Final = frozenset(w for line in _NAMED_NOUN_WORDS for w in line.split())
#: Words before a title in quotation marks: 'says on "The Internet Explorer 6 Countdown"'.
_TITLE_PREPOSITIONS: Final = frozenset({"on", "in", "at", "titled", "entitled"})
#: Nouns for someone who is not the body or person named after them: "a member
#: of COPASIR said" is not COPASIR speaking, "a critic of Putin" is not Putin.
_NOT_THEIR_VOICE_WORDS: Final = (
    "member members critic critics opponent opponents rival rivals ally allies friend",
    "friends source sources supporter supporters",
)
_NOT_THEIR_VOICE: Final = frozenset(w for line in _NOT_THEIR_VOICE_WORDS for w in line.split())

#: Opening mark -> closing marks it accepts.
_CLOSERS: Final[dict[str, str]] = {
    '"': '"',
    "\u201c": '\u201d"',
    "\u201e": "\u201c\u201d",
    "\u2018": "\u2019'",
    "'": "'\u2019",
    "\u00ab": "\u00bb",
    "\u00bb": "\u00ab",
}
_SINGLE: Final = frozenset({"'", "\u2018"})
_OPEN_RE: Final = re.compile("[\"\u201c\u201e\u2018'\u00ab]")
_PARAGRAPH_RE: Final = re.compile(r"\n[ \t]*\n\s*")
_SENT_END: Final = frozenset({".", "!", "?"})
_WORD_RE: Final = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quotation: positions of its marks and of the words inside them."""

    open: int  # index of the opening mark
    close: int  # index just past the closing mark (the paragraph end when unclosed)
    start: int  # first character of the quoted words
    end: int  # end of the quoted words, a final comma or full stop dropped


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a claim is credited to: an entity id when it resolves, and the words used."""

    entity_id: str | None
    text: str
    label: str | None
    position: int


@dataclass(frozen=True, slots=True)
class _Mention:
    """A named mention usable as a speaker (entity span, or a spaCy entity the stage dropped)."""

    start: int
    end: int
    text: str
    label: str
    entity_id: str | None
    subject: bool


# ---------------------------------------------------------------------------
# Quotation marks
# ---------------------------------------------------------------------------


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """RETURNS (list[tuple[int, int]]): ``(start, end)`` of every blank-line paragraph."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _PARAGRAPH_RE.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


def _can_open(text: str, i: int) -> bool:
    """A single quote opens only at a word start: apostrophes (don't, Maraven's) never do."""
    if text[i] not in _SINGLE:
        return True
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isalnum() and not after.isspace()


def _single_close(text: str, i: int, end: int) -> int | None:
    """RETURNS (int | None): the closing single mark for an opener at ``i``, or None.

    A candidate follows a non-space and precedes no letter. One after
    punctuation or before punctuation is taken first; one after "s" may be a
    plural possessive ("the workers' union") and is a last resort.
    """
    weak: int | None = None
    for j in range(i + 2, end):
        if text[j] not in "'\u2019" or text[j - 1].isspace():
            continue
        after = text[j + 1] if j + 1 < end else " "
        if after.isalnum():
            continue
        if text[j - 1] in ",.!?;:\u2026" or after in ",.;:!?)" or text[j - 1] != "s":
            return j
        weak = j if weak is None else weak
    return weak


def _close_of(text: str, i: int, end: int) -> int | None:
    """RETURNS (int | None): index of the mark closing the quote opened at ``i`` within ``end``."""
    mark = text[i]
    if mark in _SINGLE:
        return _single_close(text, i, end)
    closers = _CLOSERS[mark]
    for j in range(i + 1, end):
        if text[j] in closers:
            return j
    return None


def _inner(text: str, open_: int, start: int, end: int, close: int) -> QuoteSpan | None:
    """Trim the quoted words and drop one final comma or full stop (the gold convention)."""
    start, end = strip_span(text, start, end)
    if end > start and text[end - 1] in ",.":
        start, end = strip_span(text, start, end - 1)
    if end <= start or not any(ch.isalnum() for ch in text[start:end]):
        return None
    return QuoteSpan(open_, close, start, end)


def _carried_close(text: str, carry: int, par_start: int, par_end: int) -> int | None:
    """RETURNS (int | None): where a quote left open in the previous paragraph closes in this one.

    News style reopens a quote that runs over a paragraph break ("... end of
    paragraph.\n\n"Next paragraph ..."): then the old quote ended at its
    paragraph's end. A paragraph that does not reopen it closes it at its
    first mark when that mark sits like a closer (after a word, before no letter).
    """
    body = text[par_start:par_end]
    if body[:1] in _CLOSERS:
        return None
    closers = _CLOSERS[text[carry]]
    for j in range(par_start, par_end):
        if text[j] in closers:
            after = text[j + 1] if j + 1 < par_end else " "
            return j if not text[j - 1].isspace() and not after.isalnum() else None
    return None


def _scan_paragraph(text: str, par_start: int, par_end: int, quotes: list[QuoteSpan]) -> int | None:
    """Append one paragraph's quotes; RETURNS the opener of a double quote left open, if any."""
    i = par_start
    while True:
        match = _OPEN_RE.search(text, i, par_end)
        if match is None:
            return None
        pos = match.start()
        if not _can_open(text, pos):
            i = pos + 1
            continue
        close = _close_of(text, pos, par_end)
        if close is None:
            if text[pos] in _SINGLE:
                i = pos + 1
                continue
            return pos
        quote = _inner(text, pos, pos + 1, close, close + 1)
        if quote is not None:
            quotes.append(quote)
        i = close + 1


def find_quotes(text: str) -> list[QuoteSpan]:
    """Find every quotation in ``text``, paragraph by paragraph.

    A double quote left open at a paragraph's end runs to that end, or on to
    the first mark of the next paragraph when that one does not reopen it (see
    :func:`_carried_close`). An unclosed single mark is an apostrophe and is
    ignored. Marks inside a quote are not openers.
    RETURNS (list[QuoteSpan]): the quotes in text order.
    """
    quotes: list[QuoteSpan] = []
    carry: tuple[int, int] | None = None  # (opening mark, end of its paragraph)
    for par_start, par_end in paragraph_bounds(text):
        start = par_start
        if carry is not None:
            close = _carried_close(text, carry[0], par_start, par_end)
            stop = carry[1] if close is None else close
            quote = _inner(text, carry[0], carry[0] + 1, stop, stop if close is None else close + 1)
            if quote is not None:
                quotes.append(quote)
            start = par_start if close is None else close + 1
        opened = _scan_paragraph(text, start, par_end, quotes)
        carry = None if opened is None else (opened, par_end)
    if carry is not None:
        quote = _inner(text, carry[0], carry[0] + 1, carry[1], carry[1])
        if quote is not None:
            quotes.append(quote)
    return quotes


# ---------------------------------------------------------------------------
# Per-document context
# ---------------------------------------------------------------------------


@dataclass
class _Context:
    """Everything the attribution rules look up, built once per document."""

    doc: Doc
    text: str  # doc.text, kept: spaCy rebuilds it on every access
    quotes: list[QuoteSpan]
    paragraphs: list[tuple[int, int]]
    mentions: list[_Mention]
    token_starts: list[int]
    sent_starts: list[int]  # token index of every sentence start
    quote_opens: list[int] = field(default_factory=list)
    par_starts: list[int] = field(default_factory=list)
    roles: list[tuple[int, frozenset[str], _Mention]] = field(default_factory=list)
    resolved: list[Speaker] = field(default_factory=list)
    last_speaker: dict[int, tuple[Speaker, str]] = field(default_factory=dict)

    def in_quote(self, char: int) -> bool:
        """RETURNS (bool): whether ``char`` lies between a quote's marks (marks included)."""
        k = bisect_right(self.quote_opens, char) - 1
        return k >= 0 and char < self.quotes[k].close

    def paragraph(self, char: int) -> int:
        """RETURNS (int): index of the paragraph holding ``char``."""
        return max(0, bisect_right(self.par_starts, char) - 1)

    def sentence_start(self, token: int) -> int:
        """RETURNS (int): index of the first token of the sentence holding token ``token``.

        ``Token.sent`` scans the whole doc on every call; this is a bisect.
        """
        return self.sent_starts[max(0, bisect_right(self.sent_starts, token) - 1)]

    def sentence_end(self, token: int) -> int:
        """RETURNS (int): index just past the last token of the sentence holding ``token``."""
        k = bisect_right(self.sent_starts, token)
        return self.sent_starts[k] if k < len(self.sent_starts) else len(self.doc)

    def token_at(self, char: int) -> int:
        """RETURNS (int): index of the first token starting at or after ``char``."""
        return bisect_left(self.token_starts, char)


def _is_subject(token: Token) -> bool:
    """A mention is salient when it (or the noun it stands in apposition to) is a subject."""
    if token.dep_ in ("nsubj", "nsubjpass"):
        return True
    return token.dep_ == "appos" and token.head.dep_ in ("nsubj", "nsubjpass")


def _mentions(doc: Doc) -> list[_Mention]:
    """Speaker-capable mentions: the entity stage's spans, plus spaCy entities it left out."""
    spans = doc._.sl_entity_spans or []
    found: list[_Mention] = []
    covered: list[tuple[int, int]] = []
    for es in spans:
        if es.label not in _SPEAKER_LABELS:
            continue
        covered.append((es.start, es.end))
        found.append(
            _Mention(
                es.start,
                es.end,
                es.text,
                es.label,
                es.entity_id,
                _span_subject(doc, es.start, es.end),
            )
        )
    index = SpanIndex(covered)
    for ent in doc.ents:
        if ent.label_ not in _SPEAKER_LABELS:
            continue
        if index.overlaps(ent.start_char, ent.end_char):
            continue
        found.append(
            _Mention(
                ent.start_char, ent.end_char, ent.text, ent.label_, None, _is_subject(ent.root)
            )
        )
    found.sort(key=lambda m: (m.start, m.end))
    return found


def _span_subject(doc: Doc, start: int, end: int) -> bool:
    """RETURNS (bool): whether the character span's syntactic root is a subject."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and len(span) > 0 and _is_subject(span.root)


def _role_words(tokens: list[Token]) -> frozenset[str]:
    """Lower-case title and role words ("Interior Minister" -> {interior, minister})."""
    return frozenset(t.lower_ for t in tokens if t.lower_ not in _HONORIFICS and t.is_alpha)


def _title_tokens(ctx: _Context, start_token: int, mention_starts: set[int]) -> list[Token]:
    """Nouns right before a name, in its sentence: "chief executive Hendrik Saar"."""
    doc = ctx.doc
    found: list[Token] = []
    i = start_token - 1
    sent_start = ctx.sentence_start(start_token)
    while i >= sent_start and len(found) < 4:
        tok = doc[i]
        if (
            tok.pos_ not in ("NOUN", "PROPN", "ADJ")
            or tok.idx in mention_starts
            or not tok.is_alpha
        ):
            break
        found.append(tok)
        i -= 1
    return found


def _noun_phrase(head: Token) -> list[Token]:
    """The role noun with its compounds and modifiers, possessors left out ("fire chief")."""
    mods = [c for c in head.lefts if c.dep_ in ("compound", "amod") and c.is_alpha]
    return [*mods, head]


def _appositive_roles(root: Token) -> list[Token]:
    """Role nouns in apposition to a name ("Its spokeswoman, Ilse Marchetti" either way round)."""
    found: list[Token] = []
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        found.extend(_noun_phrase(root.head))
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            found.extend(_noun_phrase(child))
    return found


def _build_roles(ctx: _Context) -> None:
    """Record the title and appositive role words introduced with each named mention."""
    doc = ctx.doc
    starts = {m.start for m in ctx.mentions}
    for mention in ctx.mentions:
        if mention.label not in ("PERSON", "ORG") or ctx.in_quote(mention.start):
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        role = [*_title_tokens(ctx, span.start, starts), *_appositive_roles(span.root)]
        words = _role_words(role)
        if words:
            ctx.roles.append((mention.start, words, mention))


def _context(doc: Doc) -> _Context:
    """Build the per-document lookups (quotes, paragraphs, mentions, roles)."""
    text = doc_text(doc)
    quotes = find_quotes(text)
    paragraphs = paragraph_bounds(text)
    # one array read, not a Token object per token (a tenth of the stage's time)
    token_starts, sent_starts = token_and_sentence_starts(doc)
    ctx = _Context(
        doc=doc,
        text=text,
        quotes=quotes,
        paragraphs=paragraphs,
        par_starts=[p[0] for p in paragraphs],
        sent_starts=sent_starts,
        mentions=_mentions(doc),
        token_starts=token_starts,
        quote_opens=[q.open for q in quotes],
    )
    _build_roles(ctx)
    return ctx


# ---------------------------------------------------------------------------
# Speaker resolution
# ---------------------------------------------------------------------------


def _speaker_of(mention: _Mention, position: int) -> Speaker:
    return Speaker(mention.entity_id, mention.text, mention.label, position)


def _candidates(
    ctx: _Context, before: int, labels: frozenset[str]
) -> list[tuple[int, Speaker, bool]]:
    """Mentions outside quotes and earlier resolved speakers before ``before``, latest first."""
    found: list[tuple[int, Speaker, bool]] = [
        (m.start, _speaker_of(m, m.start), m.subject)
        for m in ctx.mentions
        if m.start < before
        and m.label in labels
        and not ctx.in_quote(m.start)
        and not _bracketed(ctx.text, m)
    ]
    found.extend(
        (s.position, s, True) for s in ctx.resolved if s.position < before and s.label in labels
    )
    found.sort(key=lambda item: item[0], reverse=True)
    return found


def _bracketed(text: str, mention: _Mention) -> bool:
    """An acronym or agency tag in brackets ("(CPA)", "(NFS)") is never the one a pronoun means."""
    return (
        text[mention.start - 1 : mention.start] == "("
        and text[mention.end : mention.end + 1] == ")"
    )


def _salient(ctx: _Context, before: int, labels: frozenset[str]) -> Speaker | None:
    """The latest fitting subject in this or the previous paragraph, else the latest mention."""
    found = _candidates(ctx, before, labels)
    par = ctx.paragraph(before)
    window = ctx.paragraphs[max(0, par - 1)][0]
    for pos, speaker, subject in found:
        if pos >= window and subject:
            return speaker
    return found[0][1] if found else None


def _resolve_pronoun(ctx: _Context, token: Token) -> Speaker | None:
    """he/she -> a person; it/they -> an organisation (they: a person as fallback)."""
    word = token.lower_
    if word in _PERSON_PRONOUNS:
        found = _salient(ctx, token.idx, frozenset({"PERSON"}))
    elif word in _ORG_PRONOUNS:
        found = _salient(ctx, token.idx, frozenset({"ORG", "GPE"}))
        if found is None and word == "they":
            found = _salient(ctx, token.idx, frozenset({"PERSON"}))
    else:
        return None
    if found is None:
        return None
    return Speaker(found.entity_id, token.text, found.label, token.idx)


def _role_text(text: str, head: Token) -> str:
    """The words a sentence uses for a role: "the minister", "the city's fire service"."""
    mods = [c for c in head.lefts if c.dep_ in ("det", "poss", "compound", "amod")]
    start = min([head.idx, *(t.left_edge.idx for t in mods)])
    return text[start : head.idx + len(head)]


def _resolve_role(ctx: _Context, head: Token, phrase: list[Token]) -> Speaker | None:
    """A role noun -> whoever was last introduced with it; an org noun -> the salient org."""
    words = _role_words(phrase)
    definite = not any(t.lower_ in ("a", "an") for t in head.lefts)
    text = _role_text(ctx.text, head)
    paper = _publication(ctx, head) if definite and head.lower_ in PUBLICATION_NOUNS else None
    if paper is not None:
        return Speaker(paper.entity_id, text, paper.label, head.idx)
    if definite:
        best: tuple[int, int, _Mention] | None = None
        for pos, role, mention in ctx.roles:
            if pos >= head.idx or head.lower_ not in role:
                continue
            score = (len(words & role), pos)
            if best is None or score > best[:2]:
                best = (score[0], score[1], mention)
        if best is not None:
            return Speaker(best[2].entity_id, text, best[2].label, head.idx)
    if head.lower_ not in _ORG_NOUNS:
        return None
    found = _org_by_name(ctx, head, words)
    if found is None and not words - _ORG_NOUNS:
        # Only a bare "the company" / "a spokesman" falls back on the salient organisation:
        # "the fire service" names some other body when no organisation's name fits it.
        found = _salient(ctx, head.idx, frozenset({"ORG"}))
    if found is None:
        return None
    return Speaker(found.entity_id, text, found.label, head.idx)


def _word_before(text: str, position: int) -> str:
    """RETURNS (str): the last word before ``position``, lower case ("" for none)."""
    words = _WORD_RE.findall(text[max(0, position - 30) : position])
    return words[-1].lower() if words else ""


def _publication(ctx: _Context, head: Token) -> _Mention | None:
    """The last organisation before ``head`` introduced as a publication: "the daily
    La Stampa questioned ... Now, the newspaper writes" (the seed article)."""
    for mention in reversed(ctx.mentions):
        if mention.start >= head.idx or mention.label != "ORG":
            continue
        if _word_before(ctx.text, mention.start) in PUBLICATION_NOUNS:
            return mention
    return None


def _org_by_name(ctx: _Context, head: Token, words: frozenset[str]) -> Speaker | None:
    """An organisation whose name shares a word with the role ("fire service" -> "X Fire & Rescue").

    The latest one before the phrase wins; failing that, the first one after it
    (a first sentence may credit "the city's fire service" before naming it).
    """
    words = words - {"spokesman", "spokeswoman", "spokesperson", "representative", "statement"}
    named = [
        m
        for m in ctx.mentions
        if m.label == "ORG" and words & set(_WORD_RE.findall(m.text.lower()))
    ]
    before = [m for m in named if m.start < head.idx]
    if before:
        return _speaker_of(before[-1], head.idx)
    return _speaker_of(named[0], head.idx) if named else None


def _surname_match(ctx: _Context, token: Token) -> _Mention | None:
    """An unlinked proper noun that is the last word of an earlier person mention ("Brekke")."""
    for mention in reversed(ctx.mentions):
        if (
            mention.start < token.idx
            and mention.label == "PERSON"
            and mention.text.split()[-1] == token.text
        ):
            return mention
    return None


def _is_name_modifier(doc: Doc, mention: _Mention, head: Token) -> bool:
    """A place inside an unlinked name ("The Brenn Courier") modifies it; it is not the speaker."""
    if head.pos_ != "PROPN":
        return False
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return (
        span is not None
        and len(span) > 0
        and span.root.dep_ == "compound"
        and span.root.head == head
    )


def _resolve_np(ctx: _Context, tokens: list[Token], head: Token) -> Speaker | None:
    """Resolve a speaker noun phrase: a mention in it, a pronoun, a role noun or a surname."""
    par = ctx.paragraph(head.idx)
    tokens = [t for t in tokens if ctx.paragraph(t.idx) == par]
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    inside = [m for m in ctx.mentions if m.start < end and start < m.end]
    if head.pos_ == "NOUN" and head.lower_ in _NOT_THEIR_VOICE:
        return Speaker(None, ctx.text[start:end], None, start)
    for mention in inside:
        if mention.start <= head.idx < mention.end:
            return _speaker_of(mention, mention.start)
    for labels in (("PERSON",), ("ORG", "GPE", "NORP")):
        for mention in inside:
            if mention.label in labels and not _is_name_modifier(ctx.doc, mention, head):
                return _speaker_of(mention, mention.start)
    if head.pos_ == "PRON":
        return _resolve_pronoun(ctx, head)
    if head.pos_ == "PROPN":
        match = _surname_match(ctx, head)
        if tokens[0].dep_ == "det" and len(tokens) > 1:
            start = tokens[1].idx
        text = ctx.text[start:end]
        return Speaker(match.entity_id if match else None, text, "PERSON" if match else None, start)
    if head.pos_ == "NOUN":
        role = _resolve_role(ctx, head, _noun_phrase(head))
        if role is not None:
            return role
    return Speaker(None, _role_text(ctx.text, head), None, head.idx)


def _subject_tokens(verb: Token) -> tuple[list[Token], Token] | None:
    """The subject of a speech verb (inherited from the first verb of a conjunction,
    or, for a participle, from the verb of its clause: "resigned, saying ...")."""
    current: Token | None = verb
    for _ in range(3):
        if current is None:
            break
        subject = _nearest_subject(current)
        if subject is not None:
            if subject.pos_ in ("PRON", "SCONJ", "DET") and subject.lower_ not in _SPEAKER_PRONOUNS:
                return None
            if subject.like_num:  # "Nine confirmed dead": a count, not a speaker
                return None
            return _np_tokens(subject), subject
        for child in current.children:
            if child.dep_ == "agent":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    return _np_tokens(objs[0]), objs[0]
        current = _clause_verb(current)
    return None


def _clause_verb(verb: Token) -> Token | None:
    """The verb whose subject ``verb`` shares: the first of a conjunction, or the
    verb a participle hangs on ("resigned on Friday, saying ...")."""
    if verb.head is verb:
        return None
    if verb.dep_ == "conj" or (verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp")):
        return verb.head
    return None


def _nearest_subject(verb: Token) -> Token | None:
    """The verb's subject; of two ("Malaysia's Prime Minister, Najib Razak said",
    GUM), the one next to the verb, which names the speaker."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    before = [c for c in subjects if c.i < verb.i]
    return before[-1] if before else (subjects[0] if subjects else None)


def _set_off(head: Token, child: Token) -> bool:
    """True for a description set off by a comma after a name: "Alexei Paramonov,
    responsible for European affairs ..., accused" (the speaker is the name)."""
    if head.pos_ != "PROPN" or child.dep_ not in ("amod", "appos") or child.i < head.i:
        return False
    before = child.left_edge.i - 1
    return before >= 0 and head.doc[before].text == ","


def _np_tokens(head: Token) -> list[Token]:
    """The subject's tokens, relative clauses and trailing punctuation left out."""
    tokens = [t for t in head.subtree if not t.is_space]
    cut = [t for t in head.children if t.dep_ in ("relcl", "acl") or _set_off(head, t)]
    if cut:
        drop = {t.i for c in cut for t in c.subtree}
        tokens = [t for t in tokens if t.i not in drop]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    return tokens or [head]


# ---------------------------------------------------------------------------
# Quote attribution
# ---------------------------------------------------------------------------


def _is_speech(token: Token, strict: bool) -> bool:
    """RETURNS (bool): whether ``token`` is a speech verb (``strict``: the parser must agree)."""
    if token.lower_ not in SPEECH_FORMS:
        return False
    return not strict or token.pos_ in ("VERB", "AUX")


def _after_window(ctx: _Context, quote: QuoteSpan, next_open: int) -> list[Token]:
    """Tokens right after a quote up to the sentence end, the next quote or the paragraph end."""
    doc = ctx.doc
    if "." in ctx.text[quote.end : quote.close]:  # the full stop before the closing mark
        return []  # '... with love." Paramonov threatened to reveal ...': a new sentence
    limit = min(next_open, ctx.paragraphs[ctx.paragraph(quote.open)][1])
    tokens: list[Token] = []
    i = ctx.token_at(quote.close)
    while i < len(doc) and doc[i].idx < limit and len(tokens) < 12:
        tok = doc[i]
        if tok.text in _SENT_END:
            break
        if not tok.is_space:
            tokens.append(tok)
        i += 1
    return tokens


def _positional_np(tokens: list[Token], verb_pos: int) -> tuple[list[Token], Token] | None:
    """The speaker next to a verb after a quote: ``, he said`` or ``, said Marta Nowak, ...``."""
    before = [t for t in tokens[:verb_pos] if not t.is_punct]
    if before and len(before) <= 6 and before[-1].pos_ in ("PROPN", "NOUN", "PRON"):
        return before, before[-1]
    after: list[Token] = []
    for tok in tokens[verb_pos + 1 :]:
        if (
            tok.is_punct
            or tok.pos_ in ("ADP", "VERB", "AUX", "SCONJ", "PART", "ADV")
            or tok.lower_ == "that"
        ):
            break
        after.append(tok)
    if not after:
        return None
    heads = [t for t in after if t.pos_ in ("PROPN", "NOUN", "PRON")]
    return after, (heads[-1] if heads else after[-1])


def _attribute_after(
    ctx: _Context, quote: QuoteSpan, next_open: int
) -> tuple[Speaker | None, Token] | None:
    """Speaker from a speech verb right after the quote."""
    tokens = _after_window(ctx, quote, next_open)
    for k, tok in enumerate(tokens[:8]):
        if _is_speech(tok, strict=False):
            np = _positional_np(tokens, k)
            if np is None:
                subject = _subject_tokens(tok)
                return (_resolve_np(ctx, *subject) if subject else None), tok
            return _resolve_np(ctx, *np), tok
    verb = _governing_verb(ctx, quote, next_open)
    if verb is None:
        return None
    subject = _subject_tokens(verb)
    return (_resolve_np(ctx, *subject) if subject else None), verb


def _governing_verb(ctx: _Context, quote: QuoteSpan, next_open: int) -> Token | None:
    """The speech verb after a quote that the parse hangs the quote on, however long
    the speaker's description: '"...," Khaled Al-Maeena, editor at large at the
    Saudi Gazette, said.' (GUM)."""
    doc = ctx.doc
    if "." in ctx.text[quote.end : quote.close]:
        return None  # a full stop before the closing mark ends the sentence
    first, last = ctx.token_at(quote.start), ctx.token_at(quote.end)
    end = ctx.sentence_end(min(last, len(doc) - 1))
    limit = min(next_open, ctx.paragraphs[ctx.paragraph(quote.open)][1])
    for tok in doc[first : min(last + 1, len(doc))]:
        head = tok.head
        if quote.close <= head.idx < limit and head.i < end and _is_speech(head, strict=True):
            return head
    return None


def _attribute_before(
    ctx: _Context, quote: QuoteSpan, prev_close: int
) -> tuple[Speaker | None, Token] | None:
    """Speaker from the last speech verb (or "according to") before the quote in its sentence."""
    doc = ctx.doc
    first = ctx.token_at(quote.open)
    if first >= len(doc):
        return None
    sent_start = ctx.sentence_start(min(first, len(doc) - 1))
    par_start = ctx.paragraphs[ctx.paragraph(quote.open)][0]
    for i in range(first - 1, sent_start - 1, -1):
        tok = doc[i]
        if tok.idx < max(prev_close, par_start):
            break
        if ctx.in_quote(tok.idx):
            continue
        if _is_speech(tok, strict=True):
            subject = _subject_tokens(tok)
            return (_resolve_np(ctx, *subject) if subject else None), tok
    return None


def _is_a_name(ctx: _Context, quote: QuoteSpan) -> bool:
    """A short quote right after a noun that it names is a name, even with a full
    stop inside: "the aid operation “from Russia with love.”" (the seed article);
    so is a title in capitals after "on" or "in": 'Microsoft says on "The Internet
    Explorer 6 Countdown"' (GUM)."""
    last = _word_before(ctx.text, quote.open)
    words = _WORD_RE.findall(ctx.text[quote.start : quote.end])
    if not last or len(words) >= 8:
        return False
    if last in _NAMED_NOUNS:
        return True
    capitals = sum(w[:1].isupper() or w[:1].isdigit() for w in words)
    return last in _TITLE_PREPOSITIONS and len(words) > 1 and capitals == len(words)


def _is_scare_quote(ctx: _Context, quote: QuoteSpan) -> bool:
    """Short phrases and titles without a full stop inside are not quotes when nobody says them."""
    words = _WORD_RE.findall(ctx.text[quote.start : quote.end])
    ends_sentence = any(ch in ".!?" for ch in ctx.text[quote.start : quote.close])
    return len(words) < 8 and not ends_sentence


def _sentence_has_speech(ctx: _Context, quote: QuoteSpan) -> bool:
    """RETURNS (bool): whether the quote's sentence has a speech verb outside quotes."""
    doc = ctx.doc
    k = min(ctx.token_at(quote.open), len(doc) - 1)
    sent = doc[ctx.sentence_start(k) : ctx.sentence_end(k)]
    return any(_is_speech(t, strict=True) and not ctx.in_quote(t.idx) for t in sent)


def _continued(ctx: _Context, quote: QuoteSpan) -> Speaker | None:
    """An unattributed quote continues its paragraph's last speaker (or a prior quote's)."""
    par = ctx.paragraph(quote.open)
    last = ctx.last_speaker.get(par)
    if last is not None:
        return last[0]
    par_start = ctx.paragraphs[par][0]
    previous = ctx.last_speaker.get(par - 1)
    if quote.open != par_start or previous is None or par == 0:
        return None
    # a quote that opens a paragraph continues the last one's quote, or the
    # statement it introduces: 'Rathbun stated,\n\n"Daniel was ..."' (GUM)
    before_start, before_end = ctx.paragraphs[par - 1]
    introduced = ctx.text[before_start:before_end].rstrip().endswith((":", ","))
    return previous[0] if previous[1] == "quote" or introduced else None


def _quote_claim(ctx: _Context, index: int) -> Claim | None:
    """Build the claim for ``ctx.quotes[index]``, or None for a scare quote."""
    quote = ctx.quotes[index]
    if _is_a_name(ctx, quote):
        return None
    next_open = ctx.quotes[index + 1].open if index + 1 < len(ctx.quotes) else len(ctx.text)
    prev_close = ctx.quotes[index - 1].close if index > 0 else 0
    found = _attribute_after(ctx, quote, next_open) or _attribute_before(ctx, quote, prev_close)
    speaker: Speaker | None = found[0] if found else None
    verb = found[1].text if found else None
    if found is None:
        if _is_scare_quote(ctx, quote) and not _sentence_has_speech(ctx, quote):
            return None
        speaker = _continued(ctx, quote)
    return _make_claim(ctx, quote.start, quote.end, "quote", speaker, verb)


def _make_claim(
    ctx: _Context, start: int, end: int, kind: str, speaker: Speaker | None, verb: str | None
) -> Claim:
    """Assemble a claim and remember its speaker for later pronouns and continuations."""
    doc = ctx.doc
    text = ctx.text[start:end]
    certainty, cue = classify(text)
    if speaker is not None:
        if speaker.label is not None:
            ctx.resolved.append(speaker)
        ctx.last_speaker[ctx.paragraph(start)] = (speaker, kind)
    return Claim(
        doc=doc._.sl_doc_id,
        start=start,
        end=end,
        text=text,
        kind=kind,
        speaker=speaker.entity_id if speaker else None,
        speaker_text=speaker.text if speaker else None,
        certainty=certainty,
        sentence=sentence_of(doc, start),
        cue=cue if certainty != "asserted" else verb,
    )


# ---------------------------------------------------------------------------
# Sentences: reported or narrative
# ---------------------------------------------------------------------------


def _sentence_units(ctx: _Context) -> list[tuple[int, int]]:
    """spaCy sentences, split again at paragraph breaks (a headline is its own sentence)."""
    units: list[tuple[int, int]] = []
    doc, text, paragraphs = ctx.doc, ctx.text, ctx.paragraphs
    ends = [*ctx.sent_starts[1:], len(doc)]
    for first, last in zip(ctx.sent_starts, ends, strict=True):
        sent_start = doc[first].idx
        sent_end = doc[last - 1].idx + len(doc[last - 1])
        k = ctx.paragraph(sent_start)
        while k < len(paragraphs) and paragraphs[k][0] < sent_end:
            lo, hi = max(sent_start, paragraphs[k][0]), min(sent_end, paragraphs[k][1])
            start, end = strip_span(text, lo, hi)
            if end > start and any(ch.isalnum() for ch in text[start:end]):
                units.append((start, end))
            k += 1
    return units


def _quoted_share(ctx: _Context, start: int, end: int) -> float:
    """RETURNS (float): the share of the characters of ``[start, end)`` inside quote marks."""
    total = quoted = 0
    for k in range(max(0, bisect_right(ctx.quote_opens, start) - 1), len(ctx.quotes)):
        quote = ctx.quotes[k]
        if quote.open >= end:
            break
        quoted += max(0, min(end, quote.close) - max(start, quote.open))
    total = end - start
    return quoted / total if total else 0.0


def _has_clause(verb: Token) -> bool:
    """A verb with a clause or a quote as complement, or one standing as a parenthetical."""
    if verb.dep_ in ("parataxis", "ccomp"):
        return True
    return any(
        c.dep_ in ("ccomp", "parataxis") or c.text in (":", '"', "\u201c", "\u201e")
        for c in verb.children
    )


def _inverted_subject(tokens: list[Token], k: int) -> tuple[list[Token], Token] | None:
    """The nouns right after a verb ("..., say investigators"): a headline's inverted subject.
    The verb must follow a comma or a quote ("threatened to reveal the details" has none)."""
    if k == 0 or not (tokens[k - 1].is_punct or tokens[k - 1].is_quote):
        return None
    if tokens[k].tag_ == "VBG":  # "..., saying the council had failed": no inversion
        return None
    after: list[Token] = []
    for tok in tokens[k + 1 :]:
        if tok.pos_ not in ("DET", "ADJ", "NOUN", "PROPN"):
            break
        after.append(tok)
    heads = [t for t in after if t.pos_ in ("NOUN", "PROPN")]
    return (after, heads[-1]) if heads else None


def _reported(ctx: _Context, tokens: list[Token]) -> tuple[Speaker | None, str] | None:
    """The first speech verb (with a subject) or "according to X" in a sentence's own words."""
    fallback: tuple[Speaker | None, str] | None = None
    for k, tok in enumerate(tokens):
        if ctx.in_quote(tok.idx):
            continue
        if tok.lower_ == "according" and k + 1 < len(tokens) and tokens[k + 1].lower_ == "to":
            objs = [c for c in tokens[k + 1].children if c.dep_ == "pobj"]
            if objs:
                speaker = _resolve_np(ctx, _np_tokens(objs[0]), objs[0])
                if speaker is not None and speaker.entity_id:
                    return speaker, "according to"
                fallback = fallback or (speaker, "according to")
            continue
        speech = _is_speech(tok, strict=True) and (
            tok.lower_ not in _NEEDS_CLAUSE or _has_clause(tok)
        )
        if not speech and not _estimates_at(tok):
            continue
        if _obliged(tok):
            continue  # "She should also promise ...": advice, not what she said
        subject = _subject_tokens(tok)
        if subject is None or ctx.paragraph(subject[1].idx) != ctx.paragraph(tok.idx):
            subject = _inverted_subject(tokens, k)
        if subject is None:
            continue
        speaker = _resolve_np(ctx, *subject)
        if speaker is not None and speaker.entity_id:
            return speaker, tok.text
        fallback = fallback or (speaker, tok.text)
    return fallback or _leading_name_verb(ctx, tokens)


#: Verbs of an estimate given "at" an amount: "has put the total cost at €9 million".
_ESTIMATE_AT: Final = frozenset({"put", "puts", "putting", "value", "values", "valued", "valuing"})


def _estimates_at(verb: Token) -> bool:
    """True for "put" or "value" with "at" and a number after it: an estimate stated."""
    if verb.lower_ not in _ESTIMATE_AT or verb.pos_ != "VERB":
        return False
    return any(
        c.dep_ == "prep" and c.lower_ == "at" and any(t.like_num for t in c.subtree)
        for c in verb.children
    )


#: Modals that make a speech verb what someone ought to say, not what they said.
_OBLIGATION = frozenset({"should", "must", "ought"})


def _obliged(verb: Token) -> bool:
    """True for a speech verb under "should", "must" or "ought to"."""
    return any(c.dep_ == "aux" and c.lower_ in _OBLIGATION for c in verb.children)


def _leading_name_verb(ctx: _Context, tokens: list[Token]) -> tuple[Speaker | None, str] | None:
    """A sentence that opens "Name says/denies/disputes ..." the tagger read as a noun compound."""
    if len(tokens) < 3:
        return None
    opening = [m for m in ctx.mentions if m.start == tokens[0].idx and m.label in ("PERSON", "ORG")]
    if not opening:
        return None
    k = ctx.token_at(opening[0].end) - tokens[0].i
    if 0 < k < len(tokens) and tokens[k].lower_ in SPEECH_FORMS and tokens[k].lower_.endswith("s"):
        return _speaker_of(opening[0], opening[0].start), tokens[k].text
    return None


def _sentence_claim(ctx: _Context, start: int, end: int) -> Claim | None:
    """A reported or narrative claim for one sentence; None when its quotes already cover it."""
    if _quoted_share(ctx, start, end) >= 0.5:
        return None
    first, last = ctx.token_at(start), ctx.token_at(end)
    tokens = [t for t in ctx.doc[first:last] if not t.is_space]
    found = _reported(ctx, tokens)
    if found is None:
        return _make_claim(ctx, start, end, "narrative", None, None)
    return _make_claim(ctx, start, end, "reported", found[0], found[1])


class ClaimExtractor:
    """spaCy component ``storyledger.claims.v1``: writes ``doc._.sl_claims``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        """Find quotes and classify every sentence in text order: speakers resolve left to right."""
        if not len(doc):
            doc._.sl_claims = []
            return doc
        ctx = _context(doc)
        # (start, 0 for a quote / 1 for a sentence, quote index or sentence end)
        items = [(q.start, 0, k) for k, q in enumerate(ctx.quotes)]
        items.extend((start, 1, end) for start, end in _sentence_units(ctx))
        items.sort()
        claims: list[Claim] = []
        for start, is_sentence, extra in items:
            claim = _sentence_claim(ctx, start, extra) if is_sentence else _quote_claim(ctx, extra)
            if claim is not None:
                claims.append(claim)
        claims.sort(key=lambda c: (c.start, c.end))
        doc._.sl_claims = claims
        return doc
