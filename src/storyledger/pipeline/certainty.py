"""Certainty of a claim: asserted, hedged, question or denied, with the cue that decided it.

A pure, text-only module (no spaCy) so it can be reused on any span: a whole
sentence for narrative and reported claims, the words inside the marks for a
quote ("a quote's certainty comes from its own words").

Precedence, strongest first: **question > denied > hedged > asserted**.

- A question presents nothing as fact, whatever words it contains
  ("Could the company have denied it?").
- A denial is a specific act by a party ("X denied it may have...") that a
  fact-checker needs to find; a hedge inside a denial does not make the denial
  less of one.
- A hedge marks the content as uncertain, suspected, alleged or not yet known.
- Everything else is asserted.

The cue lists are general English news wording, matched case-insensitively
except for ``may``, whose capitalised form is usually the month.
"""

from __future__ import annotations

import re
from typing import Final

from storyledger.model import Certainty

#: Closing marks and brackets that may follow a sentence's final "?".
_TRAILING: Final = "\"'”’“»)]} \t\n"

#: Denial cues: a party rejects a claim or an allegation.
_DENIED: Final = re.compile(
    r"\b(?:"
    r"den(?:y|ies|ied|ying|ial|ials)"
    r"|(?:reject|refut|dismiss|rebuff|repudiat)\w*\s+(?:the\s+|all\s+|any\s+|these\s+|those\s+|such\s+)?"
    r"(?:suggestions?|claims?|allegations?|accusations?|reports?|charges?|assertions?|criticism|"
    r"speculation|rumou?rs?|the\s+idea|the\s+notion|that)"
    r"|refut(?:e|es|ed|ing)"
    r"|disput(?:e|es|ed|ing)\s+(?:that|the|this|these|those|claims?|reports?|allegations?)"
    r"|(?:is|are|was|were|be)\s+(?:simply\s+|completely\s+|totally\s+|entirely\s+|absolutely\s+|categorically\s+)?"
    r"(?:not\s+true|untrue|false|baseless|unfounded|groundless|without\s+foundation)"
    r"|(?:never|did\s+not|didn't|has\s+not|hasn't|have\s+not|haven't)\s+(?:ignored?|neglected?)"
    r")\b",
    re.IGNORECASE,
)

#: What a party may be refused: "denied bail", "the request was denied" deny no claim.
_REFUSED: Final = (
    r"(?:requests?|applications?|permission|permits?|access|entry|bail|visas?|asylum|parole"
    r"|appeals?|petitions?|motions?|licen[cs]es?|admission|funding|passage|landing\s+rights)"
)
#: "denied (him) bail", "denying them access": a refusal, after the cue.
_REFUSAL_AFTER: Final = re.compile(
    r"den(?:y|ies|ied|ying)\s+(?:(?:him|her|them|us|me|it|the|a|an|his|their|its|any)\s+){0,2}"
    + _REFUSED
    + r"\b",
    re.IGNORECASE,
)
#: "the request was (first) denied": a refusal, before the cue.
_REFUSAL_BEFORE: Final = re.compile(
    _REFUSED + r"\s+(?:was|were|is|are|has\s+been|have\s+been|had\s+been|will\s+be)"
    r"\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)

#: Hedge cues: the content is uncertain, suspected, alleged, speculative or unknown.
_HEDGED: Final = re.compile(
    r"\b(?:"
    r"alleged(?:ly)?|reportedly|purported(?:ly)?|supposedly|apparent(?:ly)?|ostensibly"
    r"|suspect(?:s|ed)?\s+(?:of|to|that)|(?:on|under)\s+suspicion|suspicions?\s+(?:of|that)"
    r"|is\s+suspected|are\s+suspected|was\s+suspected|were\s+suspected"
    r"|might|perhaps|maybe|possibly|probabl[ey]|probability|(?:most\s+|more\s+|quite\s+)?(?:un)?likely"
    r"|possible(?!\s+(?:to|for))"
    r"|it\s+is\s+possible|it\s+was\s+possible"
    r"|believed\s+to|thought\s+to|feared|fears?\s+that|presumed|presumably"
    r"|appears?\s+to|appeared\s+to|seem(?:s|ed)?(?:ingly)?"
    r"|rumou?rs?|rumou?red|speculation|speculative|unconfirmed|unverified|unclear|uncertain(?:ty)?"
    r"|not\s+(?:yet\s+|immediately\s+|entirely\s+)?(?:known|clear|confirmed|certain|established)"
    r"|(?:yet|has|have|had|still)\s+to\s+be\s+(?:confirmed|established|determined|verified)"
    r"|remains?\s+to\s+be\s+seen|under\s+investigation|being\s+investigated|guesswork"
    r"|(?:cannot|can\s+not|can't|could\s+not|couldn't|not\s+be|not\s+been|not\s+yet\s+been|not)\s+(?:be\s+)?ruled\s+out"
    r"|no\s+(?:hard\s+|firm\s+|conclusive\s+|clear\s+|direct\s+)?(?:evidence|proof)"
    r"|if\s+(?:\w+\s+){1,4}(?:is|are|was|were)\s+(?:right|correct|true|accurate)"
    r"|could\s+(?:(?:also|even|still|just)\s+)?(?:be|have)|could\s+well|would\s+appear"
    r"|expect(?:s|ed|ing)?\s+(?:\S+\s+){0,4}?to\s+(?:be|rise|fall|increase|decrease|grow|climb|drop|exceed|reach)"
    r")\b",
    re.IGNORECASE,
)

#: ``may`` in lower case only: "May" is usually the month.
_MAY: Final = re.compile(r"\bmay\b")

#: "as soon as possible", "as much as is physically possible": a limit, not a hedge.
_AS_POSSIBLE: Final = re.compile(r"\bas(?:\s+\w+){0,3}\s*$", re.IGNORECASE)


def is_question(text: str) -> bool:
    """RETURNS (bool): whether ``text`` ends with a question mark (closing marks allowed)."""
    return text.rstrip(_TRAILING).endswith("?")


def denial_cue(text: str) -> str | None:
    """RETURNS (str | None): the first denial cue in ``text`` that is no refusal, or None."""
    for match in _DENIED.finditer(text):
        if not _is_refusal(text, match):
            return match.group(0)
    return None


def _is_refusal(text: str, match: re.Match[str]) -> bool:
    """RETURNS (bool): whether a "deny" cue refuses something asked for ("denied bail",
    "the application was denied") rather than a claim."""
    if _REFUSAL_AFTER.match(text, match.start()):
        return True
    return _REFUSAL_BEFORE.search(text[max(0, match.start() - 60) : match.start()]) is not None


def hedge_cue(text: str) -> str | None:
    """RETURNS (str | None): the earliest hedge cue in ``text`` (``may`` included), or None."""
    for match in sorted([*_HEDGED.finditer(text), *_MAY.finditer(text)], key=lambda m: m.start()):
        if not _is_vetoed(text, match):
            return match.group(0)
    return None


def _is_vetoed(text: str, match: re.Match[str]) -> bool:
    """RETURNS (bool): whether a hedge match is a fixed phrase that hedges nothing."""
    if match.group(0).lower() == "possible":
        return _AS_POSSIBLE.search(text, max(0, match.start() - 40), match.start()) is not None
    return False


def classify(text: str) -> tuple[Certainty, str | None]:
    """Classify a sentence or quote by certainty.

    text (str): the claim's text.
    RETURNS (tuple[Certainty, str | None]): the class and the cue that decided
        it ("?" for questions, None for asserted). Precedence: question >
        denied > hedged > asserted (see the module docstring for why).
    """
    if is_question(text):
        return "question", "?"
    cue = denial_cue(text)
    if cue is not None:
        return "denied", cue
    cue = hedge_cue(text)
    if cue is not None:
        return "hedged", cue
    return "asserted", None
