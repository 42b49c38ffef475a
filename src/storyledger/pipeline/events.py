"""storyledger.events.v1: timeline entries from sentences that say when something happened.

A sentence becomes an event when it holds a resolved date or clock time (not
a duration) and a main verb, outside a correction note ("Correction: An
earlier version of this article said ... at 6.15pm. It left at 6.45pm.":
its times are of a day the note does not give). The event keeps the happened date beside the
article's publication date, so the timeline can show both.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from storyledger.model import Event, TimeExpr
from storyledger.pipeline.util import doc_text, strip_span
from storyledger.resolve.corrections import correction_role

SUMMARY_CHARS = 160
_DATED_TYPES = {"DATE", "TIME"}
#: Durations, sets and PRESENT_REF-style values say when nothing happened.
_DATED_GRANULARITY = {"year", "month", "week", "day", "minute"}


def _has_main_verb(sent: Span) -> bool:
    return any(tok.pos_ == "VERB" or (tok.dep_ == "ROOT" and tok.pos_ == "AUX") for tok in sent)


def _summary(text: str) -> str:
    """The sentence on one line, cut at a word boundary."""
    flat = " ".join(text.split())
    if len(flat) <= SUMMARY_CHARS:
        return flat
    return flat[:SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"


def _pick_time(times: list[TimeExpr]) -> TimeExpr | None:
    """The most precise resolved date in the sentence: the day beats the year."""
    dated = [
        t
        for t in times
        if t.value
        and t.value[:1].isdigit()
        and t.type in _DATED_TYPES
        and t.granularity in _DATED_GRANULARITY
    ]
    return max(dated, key=lambda t: len(t.value or ""), default=None)


#: Clauses and phrases that describe the noun they hang from.
_DESCRIBING = {"relcl", "acl", "appos", "amod"}
#: Of those, the clauses: with a verb of their own, they say what happened.
_CLAUSES = {"relcl", "acl"}
#: How far up the parse a date may sit below such a clause.
_MAX_DEPTH = 8


def _describes_a_name(doc: Doc, time: TimeExpr) -> bool:
    """True when the date sits in a clause that describes a name, not in the main
    clause: "Paramonov, consul in Milan from 2008 to 2013, accused Guerini" dates
    his time as consul, not the accusation. A clause describing a common noun
    may date what the noun names ("the fire, which broke out on Tuesday"), so it
    stays."""
    span = doc.char_span(time.start, time.end, alignment_mode="expand")
    token = span.root if span is not None else None
    for _ in range(_MAX_DEPTH):
        if token is None or token.head is token:
            return False
        if token.dep_ in _CLAUSES and token.pos_ == "VERB":
            return False  # "Lorentzen, the supervisor who was arrested on Tuesday": it happened
        if token.dep_ in _DESCRIBING and token.head.pos_ == "PROPN":
            return True
        token = token.head
    return False


def _verb_of(doc: Doc, time: TimeExpr) -> Token | None:
    """The verb a date hangs on ("arrested" in "arrested on Tuesday")."""
    span = doc.char_span(time.start, time.end, alignment_mode="expand")
    token = span.root if span is not None else None
    for _ in range(_MAX_DEPTH):
        if token is None:
            return None
        if token.pos_ == "VERB":
            return token
        if token.head is token:
            return None
        token = token.head
    return None


def _dated_verbs(doc: Doc, times: list[TimeExpr], main: TimeExpr) -> list[TimeExpr]:
    """Other dates of the sentence on a verb joined to the main date's by "and":
    "arrested on Tuesday and released on bail yesterday" is two happenings."""
    verb = _verb_of(doc, main)
    if verb is None:
        return []
    joined = {verb, *(c for c in verb.children if c.dep_ == "conj")}
    if verb.dep_ == "conj":
        joined.add(verb.head)
    found = []
    for t in times:
        if t is main or t.value == main.value or _pick_time([t]) is None:
            continue
        other = _verb_of(doc, t)
        if other is not None and other is not verb and other in joined:
            found.append(t)
    return found


#: Dependencies that make a date a modifier of a noun: "the Oct. 8 blaze", "the Tuesday fire".
_NOUN_MODIFIER = {"nmod", "compound", "nummod", "amod"}


def _dated_nouns(doc: Doc, times: list[TimeExpr], main: TimeExpr) -> list[TimeExpr]:
    """Other dates in the sentence that name when a thing (a noun) happened.

    "Investigators said on Monday that the Oct. 8 blaze started in ...": the
    sentence is Monday's statement, and it also dates the blaze to Oct. 8.
    """
    found = []
    for t in times:
        if t is main or t.value == main.value or _pick_time([t]) is None:
            continue
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        if root.dep_ in _NOUN_MODIFIER and root.head.pos_ == "NOUN" and root.head not in span:
            found.append(t)
    return found


class EventBuilder:
    """The event stage: see the module docstring."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        times_by_sentence: dict[int, list[TimeExpr]] = {}
        for time in doc._.sl_times or ():
            times_by_sentence.setdefault(time.sentence, []).append(time)
        spans = doc._.sl_entity_spans or []
        published = doc._.sl_published.isoformat() if doc._.sl_published else None
        text = doc_text(doc)
        events: list[Event] = []
        sentence: str | None = None
        for index, sent in enumerate(doc.sents):
            before, sentence = sentence, text[sent.start_char : sent.end_char]
            in_sentence = [
                t for t in times_by_sentence.get(index, []) if not _describes_a_name(doc, t)
            ]
            time = _pick_time(in_sentence)
            if time is None or not _has_main_verb(sent) or correction_role(sentence, before):
                continue
            start, end = strip_span(text, sent.start_char, sent.end_char)
            entity_ids = tuple(
                dict.fromkeys(s.entity_id for s in spans if start <= s.start and s.end <= end)
            )
            also = [*_dated_nouns(doc, in_sentence, time), *_dated_verbs(doc, in_sentence, time)]
            for dated in (time, *dict.fromkeys(also)):
                events.append(
                    Event(
                        date=dated.value or "",
                        date_text=dated.text,
                        summary=_summary(text[start:end]),
                        entities=entity_ids,
                        doc=doc._.sl_doc_id,
                        start=start,
                        end=end,
                        published=published,
                        sentence=index,
                    )
                )
        doc._.sl_events = events
        return doc
