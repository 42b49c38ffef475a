"""storyledger.quantities.v1: numbers with their unit and what they count.

Regexes find *where* a quantity is written (digits, words, money, percent,
measures, ages, fractions, with modifiers such as "more than"), because
spaCy's small model splits or mislabels many of these forms ("€4.2m",
"4,2 Mio. Euro", "roughly a third"). The dependency parse then says *what*
is counted: the noun a number modifies ("13 cargo planes"), the antecedent
of "two of them", the subject of "the death toll rises to three", or a
casualty verb ("Two killed" -> deaths). Dates, clock times, years, ordinals
and identifiers ("Warehouse 14", "berths 6 to 9") are rejected.

Everything per document is one regex pass plus a few token look-ups per
match, so the cost stays linear in the text.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from storyledger.currencies import CURRENCY_SYMBOLS, CURRENCY_WORDS, ISO_CODES
from storyledger.model import Quantity
from storyledger.pipeline import numbers
from storyledger.pipeline.util import doc_text, sentence_of

# --- surface patterns --------------------------------------------------------------------------

#: Words before a number that bound or soften it: text -> (modifier, approximate).
MODIFIERS: dict[str, tuple[str | None, bool]] = {
    "about": ("approx", True),
    "around": ("approx", True),
    "roughly": ("approx", True),
    "approximately": ("approx", True),
    "approx.": ("approx", True),
    "nearly": ("approx", True),
    "almost": ("approx", True),
    "some": ("approx", True),
    "an estimated": ("approx", True),
    "estimated": ("approx", True),
    "close to": ("approx", True),
    "circa": ("approx", True),
    "the best part of": ("approx", True),
    "the better part of": ("approx", True),
    "just under": ("less_than", True),
    "just below": ("less_than", True),
    "just short of": ("less_than", True),
    "just over": ("more_than", True),
    "just above": ("more_than", True),
    "more than": ("more_than", False),
    "over": ("more_than", False),
    "above": ("more_than", False),
    "in excess of": ("more_than", False),
    "upwards of": ("more_than", False),
    "greater than": ("more_than", False),
    "less than": ("less_than", False),
    "fewer than": ("less_than", False),
    "under": ("less_than", False),
    "below": ("less_than", False),
    "up to": ("up_to", False),
    "within": ("up_to", False),
    "as many as": ("up_to", False),
    "as much as": ("up_to", False),
    "at most": ("up_to", False),
    "no more than": ("up_to", False),
    "a maximum of": ("up_to", False),
    "at least": ("at_least", False),
    "a minimum of": ("at_least", False),
    "no fewer than": ("at_least", False),
    "no less than": ("at_least", False),
}

#: Measurement units: regex -> the spelling records use.
UNIT_PATTERNS: list[tuple[str, str]] = [
    (r"square\s+met(?:re|er)s?|sq\.?\s?m\b|m²|m2\b|sqm\b", "square metres"),
    (r"square\s+kilomet(?:re|er)s?|sq\.?\s?km\b|km²|km2\b", "square kilometres"),
    (r"square\s+miles?|sq\.?\s?mi\b", "square miles"),
    (r"square\s+(?:feet|foot)|sq\.?\s?ft\b", "square feet"),
    (r"cubic\s+met(?:re|er)s?|m³", "cubic metres"),
    (r"hectares?", "hectares"),
    (r"acres?", "acres"),
    (r"kilomet(?:re|er)s?|km\b", "kilometres"),
    (r"centimet(?:re|er)s?|cm\b", "centimetres"),
    (r"millimet(?:re|er)s?|mm\b", "millimetres"),
    (r"met(?:re|er)s?", "metres"),
    (r"miles?", "miles"),
    (r"feet|foot|ft\b", "feet"),
    (r"inch(?:es)?", "inches"),
    (r"(?:metric\s+)?tonnes?|(?:metric\s+)?tons?", "tonnes"),
    (r"kilo(?:gram)?s?|kg\b", "kilograms"),
    (r"grams?", "grams"),
    (r"lbs?\b|pounds?(?=\s+of\b)", "pounds"),
    (r"lit(?:re|er)s?", "litres"),
    (r"barrels?", "barrels"),
    (r"gallons?", "gallons"),
    (r"(?-i:TEUs?)", "TEU"),
    (r"(?-i:MW|GW|kW|kWh|MWh|GWh|GB|MB|TB|GHz|MHz)\b", ""),
    (r"gigabytes?", "GB"),
    (r"megabytes?", "MB"),
    (r"terabytes?", "TB"),
    (r"megapixels?", "megapixels"),
    (r"decibels?|(?-i:dB)\b", "decibels"),
    (r"mph\b|km/h", ""),
    (r"knots?", "knots"),
    (r"degrees?(?:\s+(?:celsius|fahrenheit))?|°\s?[CF]\b", "degrees"),
    (r"points?\b|pts\b", "points"),
    (r"cents?\b", "cents"),
    (r"seconds?|secs?\b", "seconds"),
    (r"minutes?|mins?\b", "minutes"),
    (r"hours?|hrs?\b", "hours"),
    (r"days?", "days"),
    (r"weeks?", "weeks"),
    (r"months?", "months"),
    (r"years?", "years"),
    (r"decades?", "decades"),
    (r"centur(?:y|ies)", "centuries"),
]
TIME_UNITS = frozenset(
    {"seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades", "centuries"}
)
MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)

#: Verbs and adjectives that turn a count into a casualty figure.
DEATH_WORDS = frozenset({"die", "dead", "kill", "perish", "drown", "slay", "murder", "death"})
INJURY_WORDS = frozenset({"hurt", "injure", "injured", "wound", "wounded", "maim"})
#: Verbs whose "to"/"at" object is a new value of their subject ("the toll rises to three").
LEVEL_VERBS = frozenset(
    {"rise", "climb", "reach", "stand", "increase", "jump", "grow", "hit", "fall", "drop",
     "soar", "go", "put", "total", "be"}
)  # fmt: skip
#: Words that may stand before an identifier number ("No. 5"), besides nouns.
ID_PREFIXES = frozenset({"no", "no.", "nr", "nr.", "number", "#", "no:"})
#: Determiners and possessives that may open "one of the/our greatest days".
DETERMINERS = frozenset(("the", "a", "an", "our", "their", "its", "his", "her", "my", "your"))
#: Nouns that take a number without a plural ending ("500 staff", "four aircraft").
INVARIANT_PLURALS = frozenset(
    [
        "staff",
        "crew",
        "personnel",
        "police",
        "aircraft",
        "people",
        "sheep",
        "fish",
        "deer",
        "cattle",
        "livestock",
        "series",
        "species",
        "offspring",
        "headquarters",
        "military",
        "militia",
        "clergy",
        "youth",
        "poultry",
        "hundred",
        "thousand",
        "million",
        "billion",
        "dozen",
    ]
)


def _alternation(items: list[str]) -> str:
    """Regex alternation of literal phrases, longest first, with flexible whitespace."""
    ordered = sorted(items, key=len, reverse=True)
    return "|".join(re.escape(item).replace(r"\ ", r"\s+") for item in ordered)


_MOD = _alternation(list(MODIFIERS))
_CUR_PREFIX = (
    "(?:"
    + _alternation(list(CURRENCY_SYMBOLS))
    + r")|(?-i:(?:"
    + "|".join(ISO_CODES)
    + r"))(?=\s?\d)"
)
_CUR_WORD = (
    "(?:"
    + _alternation([w for w in CURRENCY_WORDS if w not in ("pound", "pounds")])
    + r"|pounds?(?!\s+of\b)(?:\s+sterling)?|(?-i:"
    + "|".join(ISO_CODES)
    + r"))\b"
)
_UNIT = "|".join(f"(?P<u{i}>{pattern})" for i, (pattern, _) in enumerate(UNIT_PATTERNS))
_BEFORE = r"(?<![\w.,/#:$€£¥@&])(?<!\w-)"
#: A number may stand before "-<digit>": "200-250 seats" is a range, whose high
#: end is matched apart (:func:`_hyphen_ranges`); not when a second hyphen follows
#: ("2020-03-22")
_AFTER = r"(?![\w%²]|[.,]\d|:\d|-[^\W\d]|-\d+-)"

_QUANTITY_BODY = (
    rf"(?:(?P<mod>{_MOD})\s+)?"
    + rf"(?:(?P<cur>{_CUR_PREFIX})\s?)?"
    + rf"(?P<num>(?:{numbers.DIGITS})(?P<scale>{numbers.SCALE_AFTER_DIGITS})?"
    + rf"|\b(?:{numbers.WORDS}))"
    + r"(?:(?P<age>[\s-]years?[\s-]old)(?!\w)"
    + r"|(?P<pct>\s?%|\s?(?:per\s?cent|percent|pct)\b)"
    + r"|(?P<pp>\s+percentage\s+points?\b)"
    + rf"|\s?(?P<curword>{_CUR_WORD})"
    + rf"|(?:\s|-)?(?:{_UNIT})(?![\w²³]))?"
    + _AFTER
)
QUANTITY_RE = re.compile(_BEFORE + _QUANTITY_BODY, re.IGNORECASE)
#: The high end of a hyphenated range, matched right after its hyphen.
RANGE_END_RE = re.compile(_QUANTITY_BODY, re.IGNORECASE)
#: Pairs of numbers that name something ("the 9-11 attacks"), not ranges.
NAMED_PAIRS = frozenset({"9-11", "7-11"})
#: The hyphen of a range after a number ("-" of "200-250", "$5 million-$6 million").
RANGE_HYPHEN_RE = re.compile(rf"[-–](?=(?:{_CUR_PREFIX})?\d)", re.IGNORECASE)
FRACTION_RE = re.compile(
    rf"(?<![\w-])(?:(?P<mod>{_MOD})\s+)?(?P<frac>{numbers.FRACTION})(?![\w-])"
    rf"|(?<![\w-])(?:(?P<hmod>{_MOD})\s+)(?P<half>half)(?![\w-])",
    re.IGNORECASE,
)
#: Vague magnitudes before "of" ("thousands of workers"), longest first, and the
#: least each one means.
VAGUE_MAGNITUDES: dict[str, int] = {
    "hundreds of thousands": 100_000,
    "tens of thousands": 10_000,
    "hundreds of millions": 100_000_000,
    "tens of millions": 10_000_000,
    "dozens": 12,
    "hundreds": 100,
    "thousands": 1_000,
    "millions": 1_000_000,
    "billions": 1_000_000_000,
}
VAGUE_RE = re.compile(
    rf"(?<![\w-])(?P<vague>{_alternation(list(VAGUE_MAGNITUDES))})(?=\s+of\s)", re.IGNORECASE
)
#: What a vague magnitude is of, when it is money or a unit ("billions of dollars").
VAGUE_UNIT_RE = re.compile(
    rf"\s+of\s+(?:(?P<curword>{_CUR_WORD})|(?:{_UNIT})(?![\w²³]))", re.IGNORECASE
)
#: A casualty word right after a bare number, the headline form ("Four feared dead", "six hurt").
CASUALTY_AFTER_RE = re.compile(
    r"\s+(?:(?:feared|believed|reported|confirmed|now|were|are|have|had|been|was)\s+){0,2}"
    r"(?:(?P<death>dead|killed|died|drowned)|(?P<injury>hurt|injured|wounded))\b",
    re.I,
)
CLOCK_AFTER_RE = re.compile(r"\s?(?:[ap]\.\s?m\.|[ap]m\b|o'clock|h\b|hrs\b|GMT|UTC|CET)", re.I)
RELATIVE_AFTER_RE = re.compile(r"\s+(?:ago|later|earlier|hence|from\s+now)\b", re.I)
RANGE_GAP_RE = re.compile(r"\s+(?:to|or|through)\s+|\s?[-–]\s?", re.I)
PARTNER_GAP_RE = re.compile(r"\s+(?:to|or|and)\s+|\s?[-–]+\s?", re.I)
#: What joins the two ends of a range ("20 to 25", "200-250"), and "between 20 and 25".
RANGE_JOIN_RE = re.compile(r"\s+(?:to|through)\s+|\s?[-–]+\s?", re.I)
BETWEEN_AND_RE = re.compile(r"\s+and\s+", re.I)
AGED_BEFORE_RE = re.compile(r"(?:\baged|\bage\s+of)\s+$", re.I)
YEAR_RE = re.compile(r"1[5-9]\d\d|20\d\d")


@dataclass(slots=True)
class _Found:
    """A quantity in the making: offsets and the facts gathered so far."""

    start: int
    end: int
    value: float
    unit: str | None = None
    counts: str | None = None
    modifier: str | None = None
    approximate: bool = False
    bare: bool = False
    #: the multiplier of the scale written with the number (1000000 for "6 million")
    scale: int = 1


# --- the component -----------------------------------------------------------------------------


class QuantityExtractor:
    """Set ``doc._.sl_quantities`` to the quantities written in the document."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        """Find every quantity; stateless, so it is safe in ``nlp.pipe`` and across processes."""
        text = doc_text(doc)
        found = find_quantities(doc, text)
        doc_id = doc._.sl_doc_id
        doc._.sl_quantities = [
            Quantity(
                doc=doc_id,
                start=f.start,
                end=f.end,
                text=text[f.start : f.end],
                value=numbers.as_number(f.value),
                unit=f.unit,
                counts=f.counts,
                approximate=f.approximate,
                modifier=f.modifier,
                sentence=sentence_of(doc, f.start),
            )
            for f in found
        ]
        return doc


def find_quantities(doc: Doc, text: str) -> list[_Found]:
    """RETURNS (list[_Found]): non-overlapping quantities in order (``text`` is ``doc.text``)."""
    matches, range_ends = _hyphen_ranges(text, list(QUANTITY_RE.finditer(text)))
    taken = [(m.start(), m.end()) for m in matches]
    matches += [m for m in FRACTION_RE.finditer(text) if not _overlaps(m.span(), taken)]
    matches += [m for m in VAGUE_RE.finditer(text) if not _overlaps(m.span(), taken)]
    matches.sort(key=lambda m: m.start())
    found: list[_Found] = []
    rejected_ends: list[int] = []
    bare: _Found | None = None
    for match in matches:
        if _continues_rejected(text, match.start(), rejected_ends):
            rejected_ends.append(match.end())
            continue
        item = _from_match(doc, match, found)
        if item is None:
            rejected_ends.append(match.end())
        elif found and item.start < found[-1].end:
            continue
        elif not _ends_range(item, match, range_ends, found) and item.bare:
            bare = item
        else:
            if bare is not None and PARTNER_GAP_RE.fullmatch(text, bare.end, item.start):
                bare.unit, bare.counts, bare.bare = item.unit, item.counts, False
                found.append(bare)
            found.append(item)
            bare = None
    found = _without_bare_ranges(found, {m.start() for m in range_ends})
    _share_scales(text, found)
    _mark_ranges(text, found)
    return found


def _share_scales(text: str, found: list[_Found]) -> None:
    """Give the first of two joined numbers the scale written after the second
    ("$5-6 million", "between 2 and 3 billion", "5 or 6 million people"), where
    it has none and, unscaled, is the smaller: "from 500 to 6 million" keeps 500."""
    for low, high in itertools.pairwise(found):
        if low.scale != 1 or high.scale == 1 or (low.unit, low.counts) != (high.unit, high.counts):
            continue
        if low.value < high.value / high.scale and PARTNER_GAP_RE.fullmatch(
            text, low.end, high.start
        ):
            low.value *= high.scale
            low.scale = high.scale


def _mark_ranges(text: str, found: list[_Found]) -> None:
    """Give the two ends of a range ("200 to 250 passengers", "200-250", "between 200
    and 250") the modifiers "at_least" and "up_to", where they have none: a value
    inside the range then agrees with it in the conflict ledger, softly, as "about
    100" does with "104". Two counts joined by "and" alone stay exact ("6 and 9 jobs"),
    and so do the old and new value of a change ("rose from 13 to 15")."""
    for low, high in itertools.pairwise(found):
        if low.modifier or high.modifier or (low.unit, low.counts) != (high.unit, high.counts):
            continue
        word = _previous_word(text, low.start)
        joined = RANGE_JOIN_RE.fullmatch(text, low.end, high.start) is not None
        between = word == "between" and BETWEEN_AND_RE.fullmatch(text, low.end, high.start)
        if ((joined and word != "from") or between) and low.value < high.value:
            low.modifier, high.modifier = "at_least", "up_to"


def _ends_range(
    item: _Found, match: re.Match[str], range_ends: list[re.Match[str]], found: list[_Found]
) -> bool:
    """True for the high end of a hyphenated range whose low end was kept. The two
    count the same thing: a bare high end takes the low end's unit and counted
    noun ("6-8 planes", where the parser hangs "8" off the "6"), otherwise the
    low end takes the high end's, which the unit follows ("300-400 points")."""
    if match not in range_ends or not found or found[-1].end != item.start - 1:
        return False
    low = found[-1]
    if item.bare or (item.unit is None and low.unit is not None):  # "€2-3bn": euros both
        item.unit, item.counts, item.bare = low.unit, low.counts, False
    else:
        low.unit, low.counts = item.unit, item.counts
    return True


def _hyphen_ranges(
    text: str, matches: list[re.Match[str]]
) -> tuple[list[re.Match[str]], list[re.Match[str]]]:
    """RETURNS: ``matches`` with the high ends of hyphenated ranges added ("250 seats"
    of "200-250 seats"), and those ends.

    The regex leaves a number after a hyphen alone, as in "COVID-19" or
    "A330-200"; here it is taken when the hyphen follows a plain number of
    a match and the second number is the larger. Otherwise the pair is no
    range and the first number goes too: "3-1" and "52-35" are scores and
    votes, "2020-21" a season.
    """
    kept, ends = [], []
    for match in matches:
        hyphen = RANGE_HYPHEN_RE.match(text, match.end())
        if hyphen is None:
            kept.append(match)
            continue
        plain = match.end() == match.end("num")  # no unit between the number and the hyphen
        end = RANGE_END_RE.match(text, hyphen.end()) if plain else None
        if end is not None and _is_range(text, match, end):
            kept.append(match)
            ends.append(end)
    return kept + ends, ends


def _is_range(text: str, low: re.Match[str], high: re.Match[str]) -> bool:
    """True when two hyphenated numbers rise and do not name something ("9-11"); a
    scale written once serves both ("5-6 million")."""
    low_value, high_value = numbers.parse_number(low["num"]), numbers.parse_number(high["num"])
    if low_value is None or high_value is None:
        return False
    if numbers.written_scale(low["num"]) == 1:
        high_value /= numbers.written_scale(high["num"])
    if low_value >= high_value:
        return False
    return text[low.start("num") : high.end("num")] not in NAMED_PAIRS


def _without_bare_ranges(found: list[_Found], range_ends: set[int]) -> list[_Found]:
    """RETURNS: ``found`` less the hyphenated ranges that count nothing ("call
    555-1234"): a range's high end must have a unit or a counted noun."""
    dropped: set[int] = set()
    for n, item in enumerate(found):
        if item.start in range_ends and item.unit is None and item.counts is None:
            dropped.add(n)
            if n and found[n - 1].end == item.start - 1:
                dropped.add(n - 1)
    return [item for n, item in enumerate(found) if n not in dropped]


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    """True if ``span`` overlaps any of ``spans``."""
    return any(span[0] < end and start < span[1] for start, end in spans)


def _continues_rejected(text: str, start: int, rejected_ends: list[int]) -> bool:
    """True for the second number of a rejected range: "berths 6 to 9", "Oct 8-9"."""
    if not rejected_ends:
        return False
    return RANGE_GAP_RE.fullmatch(text, rejected_ends[-1], start) is not None


def _from_match(doc: Doc, match: re.Match[str], found: list[_Found]) -> _Found | None:
    """Turn one regex match into a quantity, or None if it is a date, time, year or identifier."""
    if match.re is FRACTION_RE:
        return _fraction(doc, match)
    if match.re is VAGUE_RE:
        return _vague(doc, match)
    num_text = match.group("num")
    value = numbers.parse_number(num_text)
    if value is None:
        return None
    item = _Found(match.start(), match.end(), value, scale=numbers.written_scale(num_text))
    _apply_modifier(item, match.group("mod"))
    unit_kind = _apply_unit(item, match)
    if unit_kind is None:
        return None
    num_start, num_end = match.span("num")
    tokens = doc.char_span(num_start, num_end, alignment_mode="expand")
    if tokens is None or len(tokens) == 0:
        return None
    if unit_kind == "none" and _is_not_a_quantity(doc, match, tokens, value):
        return None
    if unit_kind == "time" and RELATIVE_AFTER_RE.match(match.string, match.end()):
        return None
    number = tokens[-1]
    if unit_kind == "none":
        if _age_apposition(doc, match, number, value) or AGED_BEFORE_RE.search(
            match.string, max(0, match.start() - 12), match.start()
        ):
            item.unit, item.counts = "years", "age"
            return item
        return _count(match.string, item, number, found)
    if unit_kind in ("money", "percent", "measure"):
        item.counts = _topic(number)
    return item


def _apply_modifier(item: _Found, mod: str | None) -> None:
    """Record the modifier of "more than 110" / "about 90" and whether it softens the value."""
    if not mod:
        return
    key = re.sub(r"\s+", " ", mod.lower())
    item.modifier, item.approximate = MODIFIERS.get(key, (None, False))


def _apply_unit(item: _Found, match: re.Match[str]) -> str | None:
    """Set unit and currency; RETURNS the kind of unit ("none", "money", "time", ...)."""
    currency = _currency(match)
    if currency:
        item.unit = currency
        return "money"
    if match.group("age"):
        item.unit, item.counts = "years", "age"
        return "age"
    if match.group("pct"):
        item.unit = "percent"
        return "percent"
    if match.group("pp"):
        item.unit = "percentage points"
        return "percent"
    found = _unit_word(match)
    if found is not None:
        name, unit_text = found
        item.unit = name or unit_text
        return "time" if name in TIME_UNITS else "measure"
    return "none"


def _unit_word(match: re.Match[str]) -> tuple[str, str] | None:
    """RETURNS: the (name, text) of the unit of :data:`UNIT_PATTERNS` that ``match`` holds."""
    for index, (_, name) in enumerate(UNIT_PATTERNS):
        unit_text = match.group(f"u{index}")
        if unit_text:
            return name, unit_text
    return None


def _currency(match: re.Match[str]) -> str | None:
    """ISO code of the currency written before or after the amount."""
    prefix, word = match.group("cur"), match.group("curword")
    if prefix:
        key = re.sub(r"\s+", "", prefix.lower())
        return CURRENCY_SYMBOLS.get(key, prefix.upper())
    return _currency_word(word) if word else None


def _currency_word(word: str) -> str:
    """ISO code of a currency written as a word ("dollars", "pounds sterling")."""
    return CURRENCY_WORDS.get(re.sub(r"\s+", " ", word.lower()), word.upper())


# --- rejections --------------------------------------------------------------------------------


def _is_not_a_quantity(doc: Doc, match: re.Match[str], tokens: Span, value: float) -> bool:
    """True for bare numbers that are clock times, dates, years, identifiers or pronoun "one"."""
    text = match.string
    num_text = match.group("num")
    if CLOCK_AFTER_RE.match(text, match.end()):
        return True
    if _next_word(text, match.end()) in MONTHS or _previous_word(text, match.start()) in MONTHS:
        return True
    if YEAR_RE.fullmatch(num_text) and not match.group("mod"):
        return True
    if not match.group("mod") and _is_identifier(doc, tokens):
        return True
    if re.fullmatch(r"0\d+", num_text):
        return True
    return num_text.lower() == "one" and _is_pronoun_one(doc, tokens[0])


def _next_word(text: str, pos: int) -> str:
    """The next word after ``pos``, lowercased, without a trailing full stop."""
    found = re.match(r"\s*([A-Za-z]+)", text[pos : pos + 30])
    return found.group(1).lower() if found else ""


def _previous_word(text: str, pos: int) -> str:
    """The word just before ``pos`` ("Oct." -> "oct"), lowercased."""
    found = re.search(r"([A-Za-z]+)\.?\s*$", text[max(0, pos - 30) : pos])
    return found.group(1).lower() if found else ""


def _is_identifier(doc: Doc, tokens: Span) -> bool:
    """True for "Warehouse 14", "Flight 370", "iPhone 4 users": a number right after a naming noun.

    A count is preceded by a verb, preposition, determiner or punctuation
    ("sold 5 phones"), or by a noun of another phrase ("at that time two
    deaths"); a naming noun is a proper noun or modifies the same head.
    """
    first = tokens[0]
    if first.i == 0 or not (tokens[-1].like_num or tokens[-1].is_digit):
        return False
    prev = doc[first.i - 1]
    if prev.lower_ in ID_PREFIXES:
        return True
    if prev.pos_ == "PROPN" or (prev.is_title and not prev.is_sent_start):
        return True
    if prev.pos_ != "NOUN":
        return False
    last = tokens[-1]
    counted = last.head if last.dep_ == "nummod" and last.head.i > last.i else None
    return counted is None or prev.head.i == counted.i


def _is_pronoun_one(doc: Doc, token: Token) -> bool:
    """True for "no one", "the one", "one another", "one of the best": not a count."""
    prev = doc[token.i - 1].lower_ if token.i > 0 else ""
    if prev in ("no", "the", "this", "that", "any", "every", "each", "which", "someone", "anyone"):
        return True
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if nxt is None:
        return True
    if nxt.lower_ in ("another", "day", "time", "way", "thing"):
        return True
    if nxt.lower_ == "of":
        after = doc[nxt.i + 1] if nxt.i + 1 < len(doc) else None
        return after is None or (after.lower_ in DETERMINERS and _superlative_follows(after))
    return not (token.dep_ == "nummod" and token.head.i > token.i)


def _superlative_follows(token: Token) -> bool:
    """True for "one of the most/best/largest ...": a ranking, not a count."""
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return nxt is not None and (nxt.lower_ in ("most", "few") or nxt.tag_ == "JJS")


# --- what is counted ---------------------------------------------------------------------------


def _count(text: str, item: _Found, number: Token, found: list[_Found]) -> _Found | None:
    """Fill ``counts`` for a plain count, extending the text over the counted noun.

    A bare integer with nothing to tie it to (no noun, casualty or subject)
    is marked ``bare``: it is kept only as the first half of a range
    ("20 to 25 percent"), since alone it is mostly a score, code or list
    marker. Bare decimals and grouped numbers ("closed at 8,579.19") are kept.
    """
    doc = number.doc
    headline = CASUALTY_AFTER_RE.match(text, item.end)
    if headline is not None:
        item.counts = "deaths" if headline.group("death") else "injured people"
        item.end = headline.end()
        return item
    noun = _counted_noun(number)
    of_object = _of_object(number)
    if of_object is not None:
        _extend(item, number, of_object)
        if noun is None:
            noun = of_object if of_object.pos_ != "PRON" else _apposed_noun(of_object, number)
    if noun is not None:
        _extend(item, number, noun)
        item.counts = _noun_phrase(noun, number.i)
    elif of_object is not None:
        item.counts = _antecedent(doc, item, found)
    subject = noun if noun is not None and _is_head_of(noun, number) else number
    casualty = _casualty(subject)
    if casualty is not None:
        kind, word = casualty
        item.counts = kind
        if noun is None and 0 < word.i - number.i <= 2:
            item.end = max(item.end, word.idx + len(word))
    if item.counts is None:
        _level_of_subject(item, number)
    item.bare = not item.counts and not re.search(r"[.,]\d|\d{4}", text[item.start : item.end])
    return item


def _apposed_noun(pronoun: Token, number: Token) -> Token | None:
    """The plural noun right after "two of them" ("two of them children")."""
    doc = pronoun.doc
    if pronoun.i + 1 >= len(doc):
        return None
    nxt = doc[pronoun.i + 1]
    return nxt if nxt.tag_ == "NNS" else None


def _is_head_of(noun: Token, number: Token) -> bool:
    """True when ``noun`` governs ``number`` ("13 cargo planes"), not "two of his colleagues"."""
    return any(t.i == noun.i for t in number.ancestors)


def _extend(item: _Found, number: Token, word: Token) -> None:
    """Stretch the text over the counted noun unless a number lies between ("6 and 9 jobs")."""
    between = number.doc[number.i + 1 : word.i]
    if any(t.like_num for t in between):
        return
    item.end = max(item.end, word.idx + len(word))


def _counted_noun(number: Token) -> Token | None:
    """The noun a number counts ("13 large cargo planes" -> planes), if it follows closely.

    A singular noun after a number other than one ("the 787 Dreamliner",
    "the 717 program") names a model, not a count, so it is not returned.
    """
    if number.dep_ == "conj" and number.head.like_num and number.head.i < number.i:
        return _counted_noun(number.head)
    head = number
    while head.dep_ in ("nummod", "quantmod", "compound", "nmod") and head.head.i > head.i:
        head = head.head
        if _is_noun(head):
            break
    if head is number or not _is_noun(head) or head.i - number.i > 6:
        return None
    if head.lower_ in MONTHS:
        return None
    singular = head.tag_ in ("NN", "NNP") and not head.lower_.endswith("s")
    if singular and head.lower_ not in INVARIANT_PLURALS and not _is_one(number):
        return None
    return head


#: Planes, tanks and ships of a model, in the plural ("A320s", "F-16s", "MiG-29s"),
#: which the tagger reads as numbers.
MODEL_PLURAL_RE = re.compile(r"[A-Za-z]+-?\d+[A-Za-z]*s")


def _is_noun(token: Token) -> bool:
    """True for a noun, or a model's plural the tagger took for a number ("24 A320s")."""
    return token.pos_ in ("NOUN", "PROPN") or MODEL_PLURAL_RE.fullmatch(token.text) is not None


def _is_one(number: Token) -> bool:
    """True for "one"/"1", which count a singular noun."""
    return number.lower_ in ("one", "1", "a", "an", "single")


def _of_object(number: Token) -> Token | None:
    """The object of "two of them" / "Two of his colleagues" when it follows right after."""
    for child in number.rights:
        if child.lower_ == "of" and child.i == number.i + 1:
            objects = [t for t in child.children if t.dep_ == "pobj"]
            return objects[0] if objects else None
    return None


def _noun_phrase(noun: Token, after: int = -1) -> str:
    """A noun with its compound modifiers after token ``after``: "cargo planes", not "large planes".

    Adjectives are left out: they mostly describe size, origin or age
    ("13 large Russian cargo planes"), which would split one topic into many;
    so is the noun of a hyphenated modifier ("30 short-haul aircraft").
    """
    words = [
        t
        for t in noun.lefts
        if t.i > after
        and t.dep_ == "compound"
        and t.pos_ in ("NOUN", "PROPN")
        and not _after_hyphen(t)
    ]
    if words and any(t.i != words[0].i + n for n, t in enumerate(words)):
        words = []
    phrase = " ".join(t.text for t in [*words, noun])
    return phrase if noun.pos_ == "PROPN" or not noun.is_title else phrase.lower()


def _after_hyphen(token: Token) -> bool:
    """True for the second part of a hyphenated word ("haul" of "short-haul")."""
    if token.i == 0:
        return False
    before = token.doc[token.i - 1]
    return before.text in ("-", "–") and not before.whitespace_


def _antecedent(doc: Doc, item: _Found, found: list[_Found]) -> str | None:
    """What "two of them" counts: the counted thing of the nearest earlier count nearby."""
    sentence = sentence_of(doc, item.start)
    for earlier in reversed(found):
        if sentence_of(doc, earlier.start) < sentence - 1:
            break
        if earlier.counts and earlier.unit is None:
            return earlier.counts
    return None


def _casualty(token: Token) -> tuple[str, Token] | None:
    """("deaths" | "injured people", cue word) when a count is of dead or injured people.

    Covers "Four feared dead", "Two killed", "two workers were killed",
    "three people died", "a fire that killed three workers", "six hurt".
    """
    head = token.head
    if token.dep_ in ("nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX", "ADJ"):
        for verb in _verb_chain(head):
            kind = _casualty_kind(verb, passive_like=_passive_like(verb, token))
            if kind:
                return kind, verb
    if token.dep_ == "dobj" and head.pos_ == "VERB":
        kind = _casualty_kind(head, passive_like=True)
        if kind:
            return kind, head
    return None


def _verb_chain(verb: Token) -> list[Token]:
    """The verb with its complements: "are believed to have died", "feared dead", "was hurt"."""
    chain = [verb]
    for child in verb.children:
        if child.dep_ in ("xcomp", "oprd", "acomp", "ccomp") and child.i > verb.i:
            chain.append(child)
            chain.extend(c for c in child.children if c.dep_ in ("xcomp", "acomp", "oprd"))
    return chain


def _passive_like(verb: Token, subject: Token) -> bool:
    """True when the subject suffered the verb: passive, or a headline participle with no object."""
    if subject.dep_ == "nsubjpass" or verb.pos_ == "ADJ":
        return True
    return not any(c.dep_ in ("dobj", "aux") for c in verb.children) and verb.i == subject.i + 1


def _casualty_kind(word: Token, *, passive_like: bool) -> str | None:
    """Map die/dead/killed to "deaths" and hurt/injured/wounded to "injured people"."""
    lemma = word.lemma_.lower()
    lower = word.lower_
    if lemma in ("die", "perish", "drown") or lower == "dead":
        return "deaths"
    if passive_like and (lemma in DEATH_WORDS or lower in DEATH_WORDS):
        return "deaths"
    if passive_like and (lemma in INJURY_WORDS or lower in INJURY_WORDS):
        return "injured people"
    return None


def _level_of_subject(item: _Found, number: Token) -> None:
    """Counts for "the death toll rises to three" / "the figure was six": the verb's subject."""
    verb, prep = _governing_verb(number)
    if verb is None or verb.lemma_.lower() not in LEVEL_VERBS:
        return
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects or subjects[0].pos_ not in ("NOUN", "PROPN"):
        return
    subject = subjects[0]
    item.counts = _normalise_toll(subject)
    if prep is not None and verb.i == prep.i - 1 and verb.idx < item.start:
        item.start = verb.idx


def _governing_verb(number: Token) -> tuple[Token | None, Token | None]:
    """The verb a bare number completes: "rises [to] three", "stands [at] three", "was six"."""
    if number.dep_ == "pobj" and number.head.lower_ in ("to", "at"):
        prep = number.head
        if prep.head.pos_ in ("VERB", "AUX"):
            return prep.head, prep
    if number.dep_ == "attr" and number.head.pos_ in ("VERB", "AUX"):
        return number.head, None
    return None, None


def _normalise_toll(subject: Token) -> str:
    """Name what a level counts: "death toll" -> "deaths", "the correct figure" -> "figure"."""
    words = {t.lower_ for t in subject.lefts if t.dep_ in ("compound", "amod")}
    if subject.lower_ == "toll" and (not words or words & {"death", "casualty", "fatality"}):
        return "deaths"
    if subject.lemma_.lower() in ("death", "fatality"):
        return "deaths"
    if subject.lower_ in ("injured", "injuries"):
        return "injured people"
    compounds = [t for t in subject.lefts if t.dep_ == "compound"]
    return " ".join(t.text for t in [*compounds, subject]).lower()


#: Verbs whose object is what their subject costs or amounts to.
COST_VERBS = frozenset({"cost", "costs", "total", "totalled", "totaled", "reach", "exceed", "top"})
_SUBJECTS = ("nsubj", "nsubjpass")


def _topic(number: Token) -> str | None:
    """What an amount, percentage or measure is of: "loss estimate of EUR 4.2m" -> estimate."""
    head = number
    while head.dep_ in ("nummod", "quantmod", "compound", "nmod") and head.head.i > head.i:
        head = head.head
    if head.dep_ != "pobj":
        return _what_costs(head)
    prep = head.head
    owner = prep.head
    if prep.lower_ == "of" and owner.pos_ == "NOUN":
        return _noun_phrase(owner)
    if prep.lower_ in ("at", "to", "by") and owner.pos_ == "VERB":
        for dep in ("dobj", "nsubjpass", "nsubj"):
            nouns = [c for c in owner.children if c.dep_ == dep and c.pos_ in ("NOUN", "PROPN")]
            if nouns:
                return _noun_phrase(nouns[0])
    return None


def _what_costs(amount: Token) -> str | None:
    """The subject of a verb of cost whose object is ``amount``: "the inquiry is
    expected to cost about 2 million euros" -> inquiry; "losses totalled $5bn" -> losses."""
    verb = amount.head
    if amount.dep_ not in ("dobj", "attr", "npadvmod") or not (
        {verb.lemma_.lower(), verb.lower_} & COST_VERBS
    ):
        return None
    while not any(c.dep_ in _SUBJECTS for c in verb.children) and verb.dep_ in ("xcomp", "conj"):
        verb = verb.head  # "is expected to cost", "will begin ... and is expected to cost"
    nouns = [c for c in verb.children if c.dep_ in _SUBJECTS and c.pos_ in ("NOUN", "PROPN")]
    return _noun_phrase(nouns[0]) if nouns else None


def _age_apposition(doc: Doc, match: re.Match[str], number: Token, value: float) -> bool:
    """True for "Jarek Nowak, 58, a driver": a whole number in commas right after a name."""
    if not (0 < value < 120 and value == int(value)) or match.group("mod"):
        return False
    text = match.string
    before = text[max(0, match.start() - 2) : match.start()]
    after = text[match.end() : match.end() + 1]
    if not before.endswith(", ") or after not in (",", ")", ";") or number.i < 2:
        return False
    name = doc[number.i - 2]
    return name.pos_ == "PROPN" or name.ent_type_ == "PERSON"


def _vague(doc: Doc, match: re.Match[str]) -> _Found | None:
    """ "thousands of workers", "billions of dollars": at least a thousand (a
    billion), approximate, of what follows "of"; None when nothing follows that
    a figure could count."""
    key = re.sub(r"\s+", " ", match["vague"].lower())
    item = _Found(match.start(), match.end(), VAGUE_MAGNITUDES[key], modifier="at_least")
    item.approximate = True
    unit = VAGUE_UNIT_RE.match(match.string, match.end())
    if unit is not None:
        item.end = unit.end()
        named = _unit_word(unit)
        item.unit = _currency_word(unit["curword"]) if named is None else named[0] or named[1]
        return item
    tokens = doc.char_span(match.start(), match.end(), alignment_mode="expand")
    of_object = _of_object(tokens[-1]) if tokens else None
    if of_object is None or of_object.pos_ not in ("NOUN", "PROPN"):
        return None
    item.end = max(item.end, of_object.idx + len(of_object))
    item.counts = _noun_phrase(of_object)
    return item


def _fraction(doc: Doc, match: re.Match[str]) -> _Found | None:
    """ "roughly a third", "two-thirds", "more than half": a share, unless it is an ordinal.

    "a third person" is an ordinal; a fraction is followed by "of", a
    punctuation mark or a verb, never by the noun it would rank.
    """
    frac_text = match.group("frac")
    tokens = doc.char_span(match.start(), match.end(), alignment_mode="expand")
    if tokens is None or len(tokens) == 0:
        return None
    last = tokens[-1]
    nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if nxt is not None and nxt.pos_ in ("NOUN", "PROPN", "ADJ", "NUM"):
        return None
    if frac_text:
        value = numbers.parse_fraction(frac_text)
        mod = match.group("mod")
    else:
        value, mod = 0.5, match.group("hmod")
    item = _Found(start=match.start(), end=match.end(), value=value, unit="fraction")
    _apply_modifier(item, mod)
    if nxt is not None and nxt.lower_ == "of":
        objects = [t for t in nxt.children if t.dep_ == "pobj"]
        item.counts = _noun_phrase(objects[0]) if objects else None
    return item
