"""storyledger.times.v1: find date/time expressions and resolve them to ISO values.

Detection is a set of compiled patterns that follow news conventions ("on
Tuesday", "around 2.40am", "two days later", "early next week") plus spaCy's
DATE/TIME entities for what the patterns miss. Resolution walks the document
in reading order and keeps the story's *current date* (the narrative), so
that "two days later", "the next morning" or a bare "May 7" are read against
what the article has just told, while "yesterday", weekday names and "last
week" are read against the publication date.

Values are ISO 8601 prefixes (``2020``, ``2020-05``, ``2020-05-07``,
``2020-W12``, ``2020-Q4``, ``2020-05-07T14:30``), durations (``P2D``) or the
TIMEX3 reference values ``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from dateutil import parser as date_parser
from dateutil.relativedelta import relativedelta
from spacy.language import Language
from spacy.tokens import Doc, Token

from storyledger.model import TimeExpr
from storyledger.pipeline.util import SpanIndex, doc_text, sentence_of, strip_span

Tense = Literal["future", "present", "past", "none"]

# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

MONTHS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
SMALL_NUMBERS: dict[str, float] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "a couple of": 2, "a couple": 2, "couple of": 2,
    "a dozen": 12, "dozen": 12, "single": 1, "half a": 0.5, "half an": 0.5, "a half": 0.5,
}  # fmt: skip
VAGUE_NUMBERS = frozenset({"a few", "few", "several", "many", "some", "a number of"})
#: unit word -> (ISO designator, multiplier, needs "T")
UNITS: dict[str, tuple[str, int, bool]] = {
    "second": ("S", 1, True), "minute": ("M", 1, True), "hour": ("H", 1, True),
    "day": ("D", 1, False), "night": ("D", 1, False), "week": ("W", 1, False),
    "fortnight": ("W", 2, False), "month": ("M", 1, False), "quarter": ("Q", 1, False),
    "year": ("Y", 1, False), "decade": ("Y", 10, False), "century": ("Y", 100, False),
}  # fmt: skip
SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI",
}  # fmt: skip
FUTURE_AUX = frozenset(
    {"will", "wo", "'ll", "’ll", "shall", "would", "'d", "should", "may", "might"}
)
FUTURE_LEMMAS = frozenset(
    {"expect", "schedule", "set", "due", "plan", "intend", "hope", "aim", "slate", "go"}
)
PAST_AUX = frozenset({"had", "has", "have", "did", "was", "were", "'ve", "’ve"})

# ---------------------------------------------------------------------------
# Pattern fragments
# ---------------------------------------------------------------------------

_MONTH_FULL = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_MONTH = rf"(?:{_MONTH_FULL}|{_MONTH_ABBR})"
_DAYNUM = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_NUMWORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|a\s+hundred|hundred|a\s+dozen|dozen|single)"
)
_NUM = (
    rf"(?:\d+(?:\.\d+)?|{_NUMWORD}|a\s+couple(?:\s+of)?|couple\s+of|a\s+few|few|several"
    r"|many|half\s+an?|an?)(?:\s+and\s+a\s+half)?"
)
_UNIT = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?"
    r"|years?|decades?|century|centuries)"
)
_APPROX = (
    r"(?:more\s+than|less\s+than|fewer\s+than|nearly|almost|about|around|roughly|some"
    r"|over|under|at\s+least|up\s+to|just|only|another|barely|approximately)"
)
_L = r"(?<![\w'’-])"  # left word boundary that also refuses hyphen compounds
_R = r"(?![\w'’-])"
_R_POSS = r"(?:['’]s)?(?![\w-])"

_F = re.IGNORECASE


def _rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile once at import time. Whitespace inside an expression never crosses a
    line break: a headline or dateline ends where its line does."""
    pattern = pattern.replace(r"[\s-]", "[ \t\xa0-]").replace(r"\s", "[ \t\xa0]")
    return re.compile(pattern, flags)


#: (rule name, pattern). Rule order is the tie-break when two spans are equally long.
RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "clock",
        _rx(
            rf"{_L}(?:(?:at|around|about|by|shortly\s+after|shortly\s+before|just\s+after"
            r"|just\s+before|soon\s+after|after|before|until|from|approximately|roughly"
            r"|exactly\s+at|some)\s+)*"
            r"(?:(?P<h>1[0-2]|0?\d)(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>[aApP])"
            r"(?:\.\s?[mM](?![a-zA-Z])\.?|\s?[mM](?![a-zA-Z]))"  # "a.m." keeps its dot, "pm." not
            r"|(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)(?![\d:])"
            r"|(?P<h3>[01]\d|2[0-3])(?P<mi3>[0-5]\d)(?=\s*(?:UTC|GMT))"
            r"|(?P<noon>noon|midday|midnight)(?![\w-]))"
            r"(?:\s*(?P<tz>UTC|GMT)(?![\w]))?"
            rf"(?:\s+(?:on\s+)?(?P<day>{_WEEKDAY}|today|yesterday|tomorrow"
            rf"|{_MONTH}\s+{_DAYNUM}(?!\d)))?"
        ),
    ),
    (
        "full_date",
        _rx(
            rf"{_L}(?:{_WEEKDAY},?\s+)?"
            rf"(?:(?P<m1>{_MONTH})\s+(?P<d1>{_DAYNUM})"
            rf"|(?:the\s+)?(?P<d2>{_DAYNUM})(?:\s+of)?\s+(?P<m2>{_MONTH}))"
            rf"(?:,?\s+(?P<y>{_YEAR}))?(?![\w])"
        ),
    ),
    (
        "numeric_date",
        _rx(r"(?<![\w/.-])(?:\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})|\d{4}-\d\d-\d\d)(?![\w/])"),
    ),
    (
        "ago",
        _rx(rf"{_L}(?:{_APPROX}\s+)?(?P<num>{_NUM})[\s-]+(?P<unit>{_UNIT})\s+ago{_R}", _F),
    ),
    (
        "offset",
        _rx(
            rf"{_L}(?:{_APPROX}\s+)?(?P<num>{_NUM})[\s-]+(?P<unit>{_UNIT})\s+"
            rf"(?P<dir>later|earlier|afterwards|after\s+that|before\s+that){_R}",
            _F,
        ),
    ),
    (
        "next_part",
        _rx(
            r"(?<![\w-])(?:(?:later|earlier)\s+(?P<that>that|the\s+same)\s+(?P<p0>day|morning|afternoon|evening|night|week|month|year)"
            r"|the\s+(?P<dir>next|following|previous|preceding)\s+(?P<p1>day|morning|afternoon|evening|night|week|month|year)"
            r"|the\s+day\s+(?P<dir2>before|after)(?!\s+(?:yesterday|tomorrow|\w+ing)\b)"
            r"|(?:on\s+)?(?:that|the\s+same)\s+(?P<p2>day|morning|afternoon|evening|night)"
            r"|(?:at|by)\s+that\s+(?:time|point)|at\s+the\s+time(?=\s*[,.;])"
            r"|(?P<day>(?:(?:late|early|later|earlier)\s+in\s+|the\s+(?:start|end|rest|close)\s+of\s+"
            r"|for\s+)?the\s+day)(?!\s+(?:before|after|of|when|that)\b)"
            r"|the\s+same\s+(?P<same>month|period|quarter|time|week)(?:\s+of)?\s+(?:a\s+year\s+(?:ago|earlier|before)"
            r"|last\s+year|the\s+(?:previous|prior)\s+year)"
            r"|(?P<year>(?:the\s+(?:beginning|start|end|middle|rest|remainder)\s+of\s+|for\s+)?"
            r"the\s+(?:(?:entire|whole|full)\s+)?year)(?!\s+(?:before|after|earlier|later|previous"
            r"|ago|of|when|that)\b)"
            r")(?![\w-])",
            _F,
        ),
    ),
    (
        "day_word",
        _rx(
            r"(?<![\w-])(?:(?:early|late|later|earlier)\s+)?(?:on\s+)?"
            r"(?:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow"
            r"|(?P<w>today|tonight|yesterday|tomorrow)(?:\s+(?:morning|afternoon|evening|night))?"
            r"|this\s+(?P<w2>morning|afternoon|evening)|last\s+(?P<w3>night|evening))(?![\w-])",
            _F,
        ),
    ),
    (
        "weekday",
        _rx(
            rf"{_L}(?:(?P<pre>(?:early|late|later|earlier)\s+on|on|by|until|till|since|from|before"
            r"|after|last|next|this|early|late|coming|past)\s+)?"
            r"(?:the\s+(?:early|small|late|wee)\s+hours\s+of\s+|the\s+(?:morning|afternoon|evening|night)\s+of\s+)?"
            rf"(?P<wd>{_WEEKDAY})(?:['’]s)?(?:\s+(?:morning|afternoon|evening|night|week))?(?![\w-])"
        ),
    ),
    (
        "rel_period",
        _rx(
            r"(?<![\w-])(?:(?:at\s+)?(?P<mod>early|late|later|earlier|mid|the\s+end\s+of|the\s+start\s+of"
            r"|the\s+beginning\s+of|the\s+middle\s+of|the\s+rest\s+of|the\s+remainder\s+of)[\s-]+)?"
            r"(?P<rel>last|this|next|the\s+coming|the\s+previous|the\s+last)\s+"
            r"(?P<per>weekend|week|month|year|quarter|spring|summer|autumn|fall|winter)(?![\w-])"
            r"|(?<![\w-])(?P<per2>year|month|week)\s+(?P<rel2>earlier|before|later)(?![\w-])"
            r"|(?<![\w-])the\s+(?P<per3>year|month|week)\s+(?P<rel3>before|previous|after)(?![\w-])",
            _F,
        ),
    ),
    (
        "quarter",
        _rx(
            r"(?<![\w-])(?:the\s+)?(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)"
            rf"[\s-]+quarter(?:\s+of\s+(?:(?P<y>{_YEAR})|(?P<rel>this|last|next)\s+year))?(?![\w-])"
            rf"|(?<![\w-])(?P<q>Q[1-4])\s+(?P<y2>{_YEAR})(?![\w])",
            _F,
        ),
    ),
    (
        "month",
        _rx(
            r"(?<![\w-])(?:(?P<pre>in|since|by|until|till|from|during|through|throughout|last|next|this"
            r"|early|late|mid|the\s+end\s+of|the\s+start\s+of|the\s+beginning\s+of|the\s+middle\s+of)[\s-]+)?"
            r"(?:(?P<mod>early|late|mid)[\s-]+)?"
            rf"(?P<m>{_MONTH_FULL}|Sept\.)"
            rf"(?:,?\s+(?P<y>{_YEAR})(?!\d|,\d)|\s+of\s+(?:(?P<y2>{_YEAR})|(?P<rel>this|last|next)\s+year))?(?![\w-])"
            # "from November 20 to December 11": the day's date, not "from November"
            rf"(?!\s+{_DAYNUM}(?![\w]))"
        ),
    ),
    (
        "year",
        _rx(
            r"(?<![\w$€£#.,'’/-])(?:(?P<pre>in|since|by|until|from|during|through|before|after|early"
            r"|late|mid|the\s+end\s+of|the\s+start\s+of|the\s+beginning\s+of)[\s-]+)?"
            r"(?:the\s+)?(?P<y>(?:1[6-9]|20)\d\d)(?P<s>s)?(?![\w%/-]|[.,]\d)"
            r"|(?<![\w])(?:(?P<pre2>in|since|the|of)\s+)(?P<yy>['’]\d\d)(?P<s2>s)?(?![\w])"
            r"|(?<![\w'’$-])(?:(?:the|and|or)\s+)(?P<dd>[2-9]0)s(?![\w])",
        ),
    ),
    (
        "season",
        _rx(
            r"(?<![\w-])(?:(?P<rel>this|last|next|the|in|in\s+the|early|late)\s+)"
            r"(?P<s>spring|summer|autumn|fall|winter)(?:\s+of\s+(?P<y>(?:1[6-9]|20)\d\d))?(?![\w-])"
            r"|(?<![\w-])(?P<s2>Spring|Summer|Autumn|Winter)(?![\w-])"
        ),
    ),
    (
        "set",
        _rx(
            r"(?<![\w-])(?:(?:annual(?:ly)?|yearly|quarterly|monthly|weekly|daily|nightly|hourly)"
            # "the daily La Stampa", "a weekly magazine": a publication, no frequency
            r"(?![\w-]|\s+(?:[A-Z]|newspaper|paper|magazine|tabloid))"
            r"|(?:[Ee]very|[Ee]ach|per)\s+(?:year|quarter|month|week|day|night|hour)"
            r"|(?<=\d\s)an?\s+(?:year|month|week|day|hour))(?![\w-])"
        ),
    ),
    (
        "duration",
        _rx(
            rf"{_L}(?:(?:for|over|during|within|in|of)\s+)?(?:the\s+)?"
            r"(?:(?P<rel>past|last|next|previous|coming|following|first|final|recent)\s+)?"
            rf"(?:{_APPROX}\s+)?(?:(?P<num>{_NUM})[\s-]+)?"
            r"(?:(?:straight|consecutive|long|full|whole|trading|working|business|calendar)\s+)?"
            rf"(?P<unit>{_UNIT})(?:-long)?(?![\w-]|\s+old\b)",
            _F,
        ),
    ),
    (
        "ref",
        _rx(
            r"(?<![\w-])(?:(?P<present>now|currently|current|presently|at\s+present|nowadays|ongoing"
            r"|at\s+the\s+moment|(?:for\s+)?the\s+time\s+being|these\s+days)"
            r"|(?P<past>recently|recent|lately|in\s+the\s+past|the\s+past|previously|formerly)"
            r"|(?P<future>soon|in\s+the\s+future|the\s+future|the\s+(?:near|long|short)\s+term"
            r"|(?:near|long|short)-term|eventually|in\s+due\s+course|upcoming|later"
            r"|in\s+the\s+coming\s+(?:days|weeks|months|years)))(?![\w-])",
            _F,
        ),
    ),
]

_AGE = _rx(r"\d+[- ]years?[- ]old|\baged?\s+\d+|\d+s\b", _F)
_HINT = _rx(
    rf"{_MONTH_FULL}|{_WEEKDAY}|\b(?:1[6-9]|20)\d\d\b|\b(?:days?|weeks?|months?|years?|decades?"
    r"|centur(?:y|ies)|hours?|minutes?|quarters?|Christmas|Easter|spring|summer|autumn|winter)\b",
    _F,
)
_UNTIL_BEFORE = _rx(r"(?:until|till|through|by)(?:\s+at\s+(?:least|the\s+latest))?\s+$", _F)
_MAY_CONTEXT = _rx(
    r"(?:\b(?:in|since|by|until|till|from|during|through|of|and|to|between|early|late|mid"
    r"|last|next|this|before|after)\s+|-)$",
    _F,
)
_AS_SOON = _rx(r"\bas\s+$", _F)
_CLOCK_FOLLOWING_DAY = _rx(rf",\s+(?:on\s+)?(?P<day>{_WEEKDAY}|{_MONTH}\s+{_DAYNUM}(?!\d))")
_NAMED_DAY = re.compile(
    r"(?:^|[^.!?\s]\s+|[\s(][\"'`\u2018\u201c])"
    r"(?:Black|Cyber|Super|Good|Blue|Easter|Holy|Ash|Bloody)\W?\s*$"
)
_VAGUE_LEAD = re.compile(r"\b(?:for|in|within|over)\s+(?:the\s+)?(?:just\s+|mere\s+)?$", _F)

# ---------------------------------------------------------------------------
# Small value helpers
# ---------------------------------------------------------------------------


def _month(name: str) -> int:
    """RETURNS (int): 1-12 for a month name or abbreviation ("Sept." -> 9)."""
    return MONTHS[name.strip(".").lower()[:3]]


def _weekday(name: str) -> int:
    """RETURNS (int): Monday=0 ... Sunday=6 for a weekday name."""
    return WEEKDAYS[name.lower()[:3]]


def _day_number(text: str) -> int:
    """RETURNS (int): the day of month in "8", "08", "22nd"."""
    return int(re.sub(r"\D", "", text))


def _number(text: str) -> float | None:
    """RETURNS (float | None): the value of "two", "28", "twenty-five", "two and a half";
    None for vague amounts ("several") that TIMEX3 writes as ``X``."""
    words = " ".join(text.lower().split())
    half = 0.5 if words.endswith(" and a half") else 0.0
    words = words.removesuffix(" and a half")
    if words in VAGUE_NUMBERS:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", words):
        return float(words) + half
    if words in SMALL_NUMBERS:
        return SMALL_NUMBERS[words] + half
    parts = re.split(r"[- ]", words)
    if len(parts) == 2 and parts[0] in SMALL_NUMBERS and parts[1] in SMALL_NUMBERS:
        return SMALL_NUMBERS[parts[0]] + SMALL_NUMBERS[parts[1]] + half
    return None


def _unit(text: str) -> str:
    """RETURNS (str): the singular unit key of UNITS for "days", "centuries", "Hours"."""
    word = text.lower()
    if word.startswith("centur"):
        return "century"
    return word[:-1] if word.endswith("s") else word


def _fmt_number(value: float) -> str:
    """RETURNS (str): "2" for 2.0, "2.5" for 2.5: how TIMEX3 durations write amounts."""
    return str(int(value)) if value == int(value) else f"{value:g}"


def _duration(amount: float | None, unit: str) -> str:
    """RETURNS (str): an ISO 8601 duration such as P2D, PT30M, P10Y or PXY (vague)."""
    letter, factor, is_time = UNITS[unit]
    count = "X" if amount is None else _fmt_number(amount * factor)
    return f"PT{count}{letter}" if is_time else f"P{count}{letter}"


def _iso_week(day: dt.date) -> str:
    """RETURNS (str): the ISO week holding ``day``, as 2024-W41."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _quarter(day: dt.date) -> int:
    """RETURNS (int): 1-4, the calendar quarter of ``day``."""
    return (day.month - 1) // 3 + 1


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    """RETURNS (date | None): the date, or None for impossible ones (February 30)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _shift(day: dt.date, amount: float, unit: str) -> dt.date:
    """RETURNS (date): ``day`` moved by ``amount`` units (negative = back in time)."""
    letter, factor, is_time = UNITS[unit]
    count = amount * factor
    if is_time:
        return day
    if letter == "D":
        return day + dt.timedelta(days=round(count))
    if letter == "W":
        return day + dt.timedelta(weeks=count)
    if letter == "M":
        return day + relativedelta(months=round(count))
    if letter == "Q":
        return day + relativedelta(months=round(3 * count))
    return day + relativedelta(years=round(count))


def _weekday_on_or_before(ref: dt.date, weekday: int, strict: bool = False) -> dt.date:
    """RETURNS (date): the latest ``weekday`` on (unless ``strict``) or before ``ref``."""
    back = (ref.weekday() - weekday) % 7
    if strict and back == 0:
        back = 7
    return ref - dt.timedelta(days=back)


def _weekday_on_or_after(ref: dt.date, weekday: int, strict: bool = False) -> dt.date:
    """RETURNS (date): the earliest ``weekday`` on (unless ``strict``) or after ``ref``."""
    ahead = (weekday - ref.weekday()) % 7
    if strict and ahead == 0:
        ahead = 7
    return ref + dt.timedelta(days=ahead)


# ---------------------------------------------------------------------------
# Resolution state
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Resolved:
    """What one expression resolves to, before it becomes a ``TimeExpr``.

    ``day`` is the calendar day the expression pins down (for the narrative);
    ``year`` is set when the expression names or implies a year of the story.
    """

    value: str | None
    granularity: str
    anchor: str
    type: str = "DATE"
    day: dt.date | None = None
    year: int | None = None


@dataclass(slots=True)
class Context:
    """The reading state: publication date and the story's current date.

    ``narrative`` is the most recent day the text has resolved; ``story_year``
    is the year the text itself last named (explicitly or through a resolved
    day), which partial dates such as "May 7" inherit.
    """

    published: dt.date | None
    tense: Callable[[], Tense] = field(default=lambda: "none")
    narrative: dt.date | None = None
    story_year: int | None = None
    last_year: int | None = None
    last_month: tuple[int, int] | None = None

    def base(self) -> tuple[dt.date | None, str]:
        """RETURNS (date | None, anchor): the narrative date, else the publication date."""
        if self.narrative is not None:
            return self.narrative, "narrative"
        return self.published, "publication"

    def remember(self, resolved: Resolved) -> None:
        """Move the narrative on after an expression that pins a day or a year."""
        if resolved.value and resolved.value[:4].isdigit() and resolved.type != "DURATION":
            self.last_year = int(resolved.value[:4])
            if re.match(r"\d{4}-\d\d(?:-|$)", resolved.value):
                self.last_month = (self.last_year, int(resolved.value[5:7]))
        if resolved.day is not None:
            self.narrative = resolved.day
            if resolved.anchor != "absolute" or self._is_past(resolved.day):
                self.story_year = resolved.day.year
        elif resolved.year is not None and self._is_past(dt.date(resolved.year, 12, 31)):
            self.story_year = resolved.year

    def _is_past(self, day: dt.date) -> bool:
        """True when ``day`` lies before publication: a story told in the past sets the
        year of later partial dates, a plan for next year does not."""
        return self.published is None or day < self.published


def _day_value(day: dt.date | None, anchor: str, granularity: str = "day") -> Resolved:
    """RETURNS (Resolved): a calendar day (or None when nothing anchors it)."""
    if day is None:
        return Resolved(None, granularity, anchor)
    return Resolved(day.isoformat(), "day", anchor, day=day)


def _unresolved(granularity: str = "day", kind: str = "DATE") -> Resolved:
    """RETURNS (Resolved): a span kept without a value: there is nothing to anchor it."""
    return Resolved(None, granularity, "publication", kind)


# ---------------------------------------------------------------------------
# Resolvers, one per rule
# ---------------------------------------------------------------------------


def _partial_year(month: int, day: int | None, ctx: Context) -> tuple[int, str] | None:
    """RETURNS (year, anchor) for a date written without its year ("May 7", "in June").

    The story's own year wins when the text has named another year than the
    publication's, unless that year is past and the sentence speaks of the
    future; otherwise the publication year, moved back a year for
    months well after publication (unless the sentence speaks of the future,
    or in the present of a schedule within half a year) and forward for months
    well before it in a future sentence.
    """
    pub = ctx.published
    story = ctx.story_year
    # the story's year, unless it is past and the sentence speaks of the future:
    # "will launch ... on April 29" after a caption's "April 12, 1981"
    if story is not None and (
        pub is None or story > pub.year or (story < pub.year and ctx.tense() != "future")
    ):
        return story, "narrative"
    if pub is None:
        return None
    year = pub.year
    months_ahead = (month - pub.month) + ((day or 15) - pub.day) / 31
    tense = ctx.tense()
    # a present tense within half a year ahead is a schedule ("the orbiter's last
    # flight, which launches June 28"); further ahead, it tells of last year
    scheduled = tense == "present" and months_ahead <= 6
    if months_ahead > 1.5 and tense != "future" and not scheduled:
        year -= 1
    elif months_ahead < -2 and tense == "future":
        year += 1
    return year, "publication"


def resolve_full_date(m: re.Match[str], ctx: Context) -> Resolved:
    """Read "March 22, 2020", "8 October", "Oct. 8": a day, with or without its year."""
    month = _month(m["m1"] or m["m2"])
    day = _day_number(m["d1"] or m["d2"])
    if m["y"]:
        return _day_value(_safe_date(int(m["y"]), month, day), "absolute")
    found = _partial_year(month, day, ctx)
    if found is None:
        return _unresolved()
    return _day_value(_safe_date(found[0], month, day), found[1])


def resolve_numeric_date(m: re.Match[str], ctx: Context) -> Resolved:
    """Read "7/8/07" (US order, as in English-language wire copy) and "2024-10-08"."""
    text = m.group(0)
    try:
        parsed = date_parser.parse(text, dayfirst=False, yearfirst="-" in text)
    except (ValueError, OverflowError):
        return _unresolved()
    return _day_value(parsed.date(), "absolute")


def _month_value(year: int, month: int, anchor: str, pins_year: bool) -> Resolved:
    """RETURNS (Resolved): a month such as 2020-05."""
    return Resolved(f"{year:04d}-{month:02d}", "month", anchor, year=year if pins_year else None)


def resolve_month(m: re.Match[str], ctx: Context) -> Resolved:
    """Read "in March", "early May", "November 2006", "last September", "October of next year"."""
    month = _month(m["m"])
    year_text = m["y"] or m["y2"]
    if year_text:
        return _month_value(int(year_text), month, "absolute", True)
    pub = ctx.published
    pre = (m["pre"] or "").lower()
    rel = (m["rel"] or pre if pre in ("last", "next", "this") else m["rel"] or "").lower()
    if rel and pub is not None:
        year = pub.year
        if rel == "last":
            year = pub.year if month < pub.month else pub.year - 1
        elif rel == "next" and m["rel"]:
            year = pub.year + 1
        elif rel == "next":
            year = pub.year if month > pub.month else pub.year + 1
        return _month_value(year, month, "publication", False)
    found = _partial_year(month, None, ctx)
    if found is None:
        return _unresolved("month")
    return _month_value(found[0], month, found[1], False)


def resolve_year(m: re.Match[str], ctx: Context) -> Resolved:
    """Read "in 2019", "mid-2011", "the 1990s" (decade 199), "since '82"."""
    if m["y"]:
        if m["s"]:
            return Resolved(m["y"][:3], "year", "absolute")
        return Resolved(m["y"], "year", "absolute")
    if m["yy"]:
        short = int(m["yy"][1:])
        century = 1900 if short >= 30 else 2000
        if m["s2"]:
            return Resolved(str(century + short)[:3], "year", "absolute")
        return Resolved(str(century + short), "year", "absolute")
    return Resolved(f"19{m['dd'][0]}", "year", "absolute")


def resolve_quarter(m: re.Match[str], ctx: Context) -> Resolved:
    """Read "the third quarter of 2009", "the last quarter", "Q4 2007" -> 2009-Q3."""
    if m["q"]:
        return Resolved(f"{m['y2']}-{m['q'].upper()}", "year", "absolute")
    pub = ctx.published
    ordinal = m["ord"].lower()
    if m["y"]:
        year, anchor = int(m["y"]), "absolute"
    elif pub is None:
        return _unresolved("year")
    else:
        year, anchor = pub.year, "publication"
    if ordinal in ("last", "final") and not m["y"] and not m["rel"] and pub is not None:
        previous = pub - relativedelta(months=3)
        return Resolved(f"{previous.year}-Q{_quarter(previous)}", "year", "publication")
    number = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}.get(ordinal, 4)
    rel = (m["rel"] or "").lower()
    if rel == "last":
        year -= 1
    elif rel == "next":
        year += 1
    elif not m["y"] and pub is not None and number - _quarter(pub) >= 2:
        year -= 0 if ctx.tense() == "future" else 1
    return Resolved(f"{year}-Q{number}", "year", anchor)


def _relative_weekday(weekday: int, pre: str, ctx: Context) -> Resolved:
    """A weekday name: the last such day on/before publication, or the next one for
    sentences about the future ("will", "is expected to", "until")."""
    pub = ctx.published
    if pub is None:
        return _unresolved()
    if pre == "last":
        return _day_value(_weekday_on_or_before(pub, weekday, strict=True), "publication")
    if pre in ("next", "coming"):
        return _day_value(_weekday_on_or_after(pub, weekday, strict=True), "publication")
    future = pre in ("until", "till") or ctx.tense() in ("future", "present")
    if future:
        return _day_value(_weekday_on_or_after(pub, weekday), "publication")
    return _day_value(_weekday_on_or_before(pub, weekday), "publication")


def resolve_weekday(m: re.Match[str], ctx: Context) -> Resolved:
    """Read "on Tuesday", "the early hours of Wednesday", "last Tuesday", "Tuesday's".

    A named day ("Black Monday", "Super Tuesday") is kept as a time with no
    value: it is not this week's, and its date is not written.
    """
    if not m["pre"] and _NAMED_DAY.search(m.string, max(0, m.start() - 24), m.start()):
        return _unresolved()
    pre = (m["pre"] or "").lower()
    return _relative_weekday(_weekday(m["wd"]), pre, ctx)


def resolve_day_word(m: re.Match[str], ctx: Context) -> Resolved:
    """Read "yesterday", "this evening", "tomorrow morning", "last night": publication-relative."""
    pub = ctx.published
    if pub is None:
        return _unresolved()
    text = m.group(0).lower()
    word = (m["w"] or "").lower()
    if "before yesterday" in text:
        offset = -2
    elif "after tomorrow" in text:
        offset = 2
    elif word == "yesterday" or m["w3"]:
        offset = -1
    elif word == "tomorrow":
        offset = 1
    else:
        offset = 0
    return _day_value(pub + dt.timedelta(days=offset), "publication")


def resolve_ago(m: re.Match[str], ctx: Context) -> Resolved:
    """Read "two years ago", "a week ago", "a few days ago": back from publication."""
    pub = ctx.published
    unit = _unit(m["unit"])
    amount = _number(m["num"])
    if pub is None:
        return _unresolved()
    if amount is None:
        if unit in ("day", "night"):
            return Resolved(_iso_week(pub - dt.timedelta(days=3)), "week", "publication")
        if unit == "week":
            back = pub - dt.timedelta(weeks=3)
            return Resolved(f"{back.year:04d}-{back.month:02d}", "month", "publication")
        return Resolved("PAST_REF", "day", "publication")
    return _period_value(_shift(pub, -amount, unit), unit, "publication")


def _period_value(day: dt.date, unit: str, anchor: str) -> Resolved:
    """RETURNS (Resolved): ``day`` written at the precision its unit allows."""
    if unit in ("month", "quarter"):
        return Resolved(f"{day.year:04d}-{day.month:02d}", "month", anchor)
    if unit in ("year", "decade", "century"):
        return Resolved(f"{day.year:04d}", "year", anchor)
    return _day_value(day, anchor)


def resolve_offset(m: re.Match[str], ctx: Context) -> Resolved:
    """Read "two days later", "a week earlier": moved from the story's current date."""
    base, anchor = ctx.base()
    amount = _number(m["num"])
    unit = _unit(m["unit"])
    if base is None or amount is None:
        return _unresolved()
    sign = -1 if m["dir"].lower().startswith(("earlier", "before")) else 1
    return _period_value(_shift(base, sign * amount, unit), unit, anchor)


def resolve_next_part(m: re.Match[str], ctx: Context) -> Resolved:
    """Read "the next morning", "the following day", "that day", "at that time": the narrative."""
    base, anchor = ctx.base()
    if m["same"]:
        if ctx.last_month is None:
            return _unresolved("month")
        year, month = ctx.last_month
        return _month_value(year - 1, month, "narrative", False)
    if m["year"]:
        return _the_year(ctx, anchor)
    if base is None:
        return _unresolved()
    direction = (m["dir"] or m["dir2"] or "").lower()
    part = (m["p0"] or m["p1"] or m["p2"] or "day").lower()
    sign = {"next": 1, "following": 1, "after": 1, "previous": -1, "preceding": -1}.get(
        direction, -1 if direction == "before" else 0
    )
    if part in ("week", "month", "year"):
        shifted = _shift(base, sign, part)
        if part == "week":
            return Resolved(_iso_week(shifted), "week", anchor)
        return _period_value(shifted, part, anchor)
    return _day_value(base + dt.timedelta(days=sign), anchor)


def _the_year(ctx: Context, anchor: str) -> Resolved:
    """ "the end of the year", "for the year": the year the text last named, unless
    that is past and the sentence speaks of what is still to come ("will decide by
    the end of the year", "are looking at rules by the end of the year")."""
    pub_year = ctx.published.year if ctx.published else None
    year = ctx.last_year or pub_year
    ahead = ctx.tense() in ("future", "present")
    if year is not None and pub_year is not None and year < pub_year and ahead:
        year, anchor = pub_year, "publication"
    return Resolved(None if year is None else f"{year:04d}", "year", anchor)


def _relative_period(period: str, step: int, pub: dt.date) -> Resolved:
    """RETURNS (Resolved): this/last/next week, weekend, month, year, quarter or season."""
    if period in ("week", "weekend"):
        week = _iso_week(pub + dt.timedelta(weeks=step))
        return Resolved(week + ("-WE" if period == "weekend" else ""), "week", "publication")
    if period == "month":
        day = pub + relativedelta(months=step)
        return Resolved(f"{day.year:04d}-{day.month:02d}", "month", "publication")
    if period == "quarter":
        day = pub + relativedelta(months=3 * step)
        return Resolved(f"{day.year}-Q{_quarter(day)}", "year", "publication")
    if period in SEASONS:
        return Resolved(f"{pub.year + step}-{SEASONS[period]}", "year", "publication")
    return Resolved(f"{pub.year + step:04d}", "year", "publication")


def resolve_rel_period(m: re.Match[str], ctx: Context) -> Resolved:
    """Read "last week" (ISO week before publication's), "early next week", "last year"."""
    pub = ctx.published
    if m["per2"] or m["per3"]:
        base, anchor = ctx.base()
        period = (m["per2"] or m["per3"]).lower()
        direction = (m["rel2"] or m["rel3"]).lower()
        if base is None:
            return _unresolved()
        sign = 1 if direction in ("later", "after") else -1
        if period == "year" and ctx.last_year is not None:
            return Resolved(f"{ctx.last_year + sign:04d}", "year", "narrative")
        shifted = _shift(base, sign, period)
        if period == "week":
            return Resolved(_iso_week(shifted), "week", anchor)
        return _period_value(shifted, period, anchor)
    if pub is None:
        return _unresolved()
    rel = " ".join(m["rel"].lower().split())
    step = {"last": -1, "the previous": -1, "the last": -1, "next": 1, "the coming": 1}.get(rel, 0)
    return _relative_period(m["per"].lower(), step, pub)


def resolve_season(m: re.Match[str], ctx: Context) -> Resolved:
    """Read "this spring", "in the autumn", "summer of 2019" -> 2019-SU."""
    season = SEASONS[(m["s"] or m["s2"]).lower()]
    if m["y"]:
        return Resolved(f"{m['y']}-{season}", "year", "absolute")
    pub = ctx.published
    if pub is None:
        return _unresolved("year")
    rel = (m["rel"] or "").lower()
    step = {"last": -1, "next": 1}.get(rel, 0)
    year = (ctx.story_year or pub.year) + step
    return Resolved(f"{year}-{season}", "year", "publication")


def resolve_clock(m: re.Match[str], ctx: Context) -> Resolved:
    """Read "around 2.40am", "shortly after 2:30 a.m.", "at 7.15am on Wednesday", "18:00 UTC"."""
    hour, minute = _clock(m)
    day = _clock_day(m, ctx)
    zone = "Z" if m["tz"] else ""
    if day.day is None:
        return Resolved(None, "minute", day.anchor, "TIME")
    value = f"{day.day.isoformat()}T{hour:02d}:{minute:02d}{zone}"
    return Resolved(value, "minute", day.anchor, "TIME", day=day.day)


def _clock(m: re.Match[str]) -> tuple[int, int]:
    """RETURNS (hour, minute) on a 24-hour clock."""
    if m["noon"]:
        return (0, 0) if m["noon"].lower() == "midnight" else (12, 0)
    if m["h"] is not None:
        hour = int(m["h"]) % 12 + (12 if m["ap"].lower() == "p" else 0)
        return hour, int(m["mi"] or 0)
    if m["h2"] is not None:
        return int(m["h2"]), int(m["mi2"])
    return int(m["h3"]), int(m["mi3"])


def _clock_day(m: re.Match[str], ctx: Context) -> Resolved:
    """RETURNS (Resolved): the day a clock time falls on: its own day words, else the
    story's current day."""
    day_text = m["day"]
    if not day_text:
        following = _CLOCK_FOLLOWING_DAY.match(m.string, m.end())
        day_text = following["day"] if following else None
    if not day_text:
        base, anchor = ctx.base()
        return _day_value(base, anchor)
    match = RULE_PATTERNS["weekday"].fullmatch(day_text)
    if match:
        return resolve_weekday(match, ctx)
    match = RULE_PATTERNS["day_word"].fullmatch(day_text)
    if match:
        return resolve_day_word(match, ctx)
    match = RULE_PATTERNS["full_date"].fullmatch(day_text)
    if match:
        return resolve_full_date(match, ctx)
    return _unresolved()


def resolve_duration(m: re.Match[str], ctx: Context) -> Resolved:
    """Read "for two weeks" -> P2W, "18 months" -> P18M, "the past decade" -> P10Y.

    Vague amounts keep an ``X``: "for years" -> PXY, "in minutes" -> PTXM."""
    unit = _unit(m["unit"])
    if not m["num"] and (m["rel"] or "").lower() == "recent":
        return Resolved("PAST_REF", "day", "publication")
    amount = _number(m["num"]) if m["num"] else (1.0 if m["rel"] else None)
    return Resolved(_duration(amount, unit), "duration", "absolute", "DURATION")


def resolve_set(m: re.Match[str], ctx: Context) -> Resolved:
    """Read "annual", "weekly", "15 a year", "quarterly" -> P1Y, P1W, P1Y, P3M."""
    text = m.group(0).lower()
    for word, value in (
        ("quarter", "P3M"),
        ("year", "P1Y"),
        ("annual", "P1Y"),
        ("month", "P1M"),
        ("week", "P1W"),
        ("hour", "PT1H"),
        ("day", "P1D"),
        ("daily", "P1D"),
        ("night", "P1D"),
    ):
        if word in text:
            return Resolved(value, "set", "absolute", "SET")
    return Resolved(None, "set", "absolute", "SET")


def resolve_ref(m: re.Match[str], ctx: Context) -> Resolved:
    """Read "now"/"currently" -> PRESENT_REF, "recently" -> PAST_REF, "soon" -> FUTURE_REF."""
    if m["present"]:
        value = "PRESENT_REF"
    elif m["past"]:
        value = "PAST_REF"
    else:
        value = "FUTURE_REF"
    return Resolved(value, "day", "publication")


RESOLVERS: dict[str, Callable[[re.Match[str], Context], Resolved]] = {
    "clock": resolve_clock,
    "full_date": resolve_full_date,
    "numeric_date": resolve_numeric_date,
    "ago": resolve_ago,
    "offset": resolve_offset,
    "next_part": resolve_next_part,
    "day_word": resolve_day_word,
    "weekday": resolve_weekday,
    "rel_period": resolve_rel_period,
    "quarter": resolve_quarter,
    "month": resolve_month,
    "year": resolve_year,
    "season": resolve_season,
    "set": resolve_set,
    "duration": resolve_duration,
    "ref": resolve_ref,
}
RULE_PATTERNS: dict[str, re.Pattern[str]] = dict(RULES)
RULE_RANK: dict[str, int] = {name: rank for rank, (name, _) in enumerate(RULES)}
#: rules whose every match holds a unit word: scanned only near one (see _triggered_matches)
TRIGGERED_RULES = frozenset({"ago", "offset", "duration", "rel_period"})
_WORD_START = re.compile(r"(?<![^\W_])[\w'’]")
_UNIT_TRIGGER = re.compile(
    r"(?<![a-z])(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|centur"
    r"|spring|summer|autumn|fall|winter)",
    re.IGNORECASE,
)
_TRIGGER_REACH = 90

# ---------------------------------------------------------------------------
# Detection
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    """A detected span: the rule that found it and its match (None for spaCy-only spans)."""

    start: int
    end: int
    rule: str
    match: re.Match[str] | None


def _plausible(rule: str, m: re.Match[str], text: str) -> bool:
    """Refuse matches that only look like times: "May" the verb, bare "a day",
    "as soon as", durations without a number, "the past" inside longer phrases."""
    before = text[max(0, m.start() - 24) : m.start()]
    if rule == "month" and m["m"] == "May" and not (m["pre"] or m["mod"] or m["y"] or m["y2"]):
        return bool(_MAY_CONTEXT.search(before))
    if rule == "duration":
        return _plausible_duration(m, before, text[m.end() : m.end() + 16])
    if rule == "ref" and m.group(0).lower() == "soon":
        return not _AS_SOON.search(before)
    return True


#: Words after "a second" that make it an ordinal: "for a second consecutive day".
_ORDINAL_NEXT = re.compile(
    r"[ \t\xa0]+(?:consecutive|straight|successive|time|day|week|month|year|quarter|round"
    r"|term|half)\b"
)
#: A number that reads as a year: before a singular unit it names one ("2018 day five").
_YEAR_LIKE = re.compile(r"(?:1[6-9]|20)\d\d")


def _plausible_duration(m: re.Match[str], before: str, after: str) -> bool:
    """A duration needs a number ("two weeks"), a vague plural after a preposition
    ("for years", "in minutes") or a lead that makes "a day" a length ("for a day")."""
    unit = m["unit"].lower()
    if not m["num"]:
        if m["rel"]:
            return m["rel"].lower() == "recent" or _unit(unit) in ("decade", "century")
        lead = before + m.group(0)[: m.start("unit") - m.start()]
        return unit.endswith("s") and bool(_VAGUE_LEAD.search(lead))
    if m["num"].strip().lower() in ("a", "an"):
        if unit == "second" and _ORDINAL_NEXT.match(after):
            return False  # "for a second consecutive day": the ordinal, not a second
        return _has_lead(m) or bool(re.match(r"\s+(?:after|before)\b", after))
    joined = m.string[m.end("num") : m.start("unit")]
    if _YEAR_LIKE.fullmatch(m["num"].strip()) and "-" not in joined:
        return unit.endswith("s")  # "World Cup 2018 day five" is no 2018 days
    return True


def _has_lead(m: re.Match[str]) -> bool:
    """True when "a day"/"a week" comes with a preposition or modifier that makes it a
    duration ("for a week", "more than a year"), not a plain noun phrase."""
    return m.start("num") > m.start()


def _word_starts(text: str, start: int, end: int) -> Iterator[int]:
    """Yield the positions in ``[start, end]`` where a word (or "'82") begins."""
    for found in _WORD_START.finditer(text, max(0, start), end + 1):
        yield found.start()


def _triggered_matches(text: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """Matches of a unit-word rule, tried only just before each unit word.

    The amount rules ("two days later", "for more than 20 years") open with
    several optional words, which makes a plain scan over every position of a
    long article slow; every one of their matches contains a unit word, so the
    scan starts at the word starts up to ``_TRIGGER_REACH`` characters before one.
    """
    seen_end = -1
    for trigger in _UNIT_TRIGGER.finditer(text):
        for pos in _word_starts(
            text, max(seen_end, trigger.start() - _TRIGGER_REACH), trigger.start()
        ):
            m = pattern.match(text, pos)
            if m is not None and m.end() > trigger.start():
                seen_end = m.end()
                yield m
                break


def _rule_matches(rule: str, pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """RETURNS (Iterator[Match]): every match of one rule in ``text``."""
    if rule in TRIGGERED_RULES:
        return _triggered_matches(text, pattern)
    return pattern.finditer(text)


def _select(found: list[Candidate]) -> list[Candidate]:
    """RETURNS (list[Candidate]): longest spans first, never two that overlap, in text order."""
    found.sort(key=lambda c: (c.start - c.end, RULE_RANK[c.rule], c.start))
    starts: list[int] = []
    taken: list[Candidate] = []
    for cand in found:
        index = bisect_left(starts, cand.start)
        if index < len(taken) and taken[index].start < cand.end:
            continue
        if index > 0 and taken[index - 1].end > cand.start:
            continue
        starts.insert(index, cand.start)
        taken.insert(index, cand)
    return taken


def find_candidates(text: str) -> list[Candidate]:
    """RETURNS (list[Candidate]): non-overlapping rule matches, longest first, in text order."""
    found: list[Candidate] = []
    for rule, pattern in RULES:
        for m in _rule_matches(rule, pattern, text):
            start, end = strip_span(text, m.start(), m.end())
            if end > start and _plausible(rule, m, text):
                found.append(Candidate(start, end, rule, m))
    return _select(found)


def _entity_candidates(doc: Doc, taken: list[Candidate]) -> Iterator[Candidate]:
    """spaCy DATE/TIME entities that no rule covers and that name a real time
    (not an age, not a bare number): kept, with no value unless dateutil reads them."""
    index = SpanIndex((c.start, c.end) for c in taken)
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        if index.overlaps(ent.start_char, ent.end_char):
            continue
        if _AGE.search(ent.text) or not _HINT.search(ent.text):
            continue
        yield Candidate(ent.start_char, ent.end_char, "entity", None)


def resolve_entity(text: str) -> Resolved:
    """Read an expression the rules do not know with dateutil; only absolute dates
    that name at least a year are trusted, the rest keep a None value."""
    try:
        first = date_parser.parse(text, default=dt.datetime(1, 1, 1), fuzzy=False)
        second = date_parser.parse(text, default=dt.datetime(2, 2, 2), fuzzy=False)
    except (ValueError, OverflowError):
        return _unresolved()
    if first.year != second.year:
        return _unresolved()
    if first.month != second.month:
        return Resolved(f"{first.year:04d}", "year", "absolute")
    if first.day != second.day:
        return Resolved(f"{first.year:04d}-{first.month:02d}", "month", "absolute")
    return _day_value(first.date(), "absolute")


# ---------------------------------------------------------------------------
# Tense
# ---------------------------------------------------------------------------


def clause_tense(doc: Doc, start: int, end: int) -> Tense:
    """RETURNS (Tense): the tense of the clause the expression hangs on.

    Climbs from the span through its heads: non-finite verbs ("to visit",
    "shipping") pass the question up, so "is expected to visit on Thursday"
    and "would reopen to shipping on Thursday" read as future. A modal
    ("will", "would", "should") or a planning verb above an infinitive
    ("expected", "set", "due") -> future; past tense or a perfect -> past;
    plain present -> present (news uses it for schedules), except in an
    adverbial clause, whose present takes the tense of the clause above it
    ("will rise before it is filed in March").
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return "none"
    token = span.root
    lower: object = None
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX"):
            verdict = _verb_tense(token, lower)
            if verdict == "present" and token.dep_ == "advcl":
                verdict = None  # "will rise before it is filed in March": the main clause's
            if verdict is not None:
                return verdict
            lower = token
        if token.head is token:
            break
        token = token.head
    return "none"


def _infinitive(verb: object) -> bool:
    """RETURNS (bool): whether ``verb`` is a to-infinitive ("to run", "to be held")."""
    return isinstance(verb, Token) and any(
        child.dep_ == "aux" and child.lower_ == "to" for child in verb.children
    )


def _negated(verb: Token) -> bool:
    """RETURNS (bool): whether ``verb`` has a "not" ("could not attend")."""
    return any(child.dep_ == "neg" for child in verb.children)


def _has_subject(verb: Token) -> bool:
    return any(child.dep_ == "nsubj" for child in verb.children)


def _verb_tense(verb: Token, lower: object) -> Tense | None:
    """RETURNS (Tense | None): the tense one verb marks; None for a non-finite verb
    ("to begin", "shipping") that leaves the decision to the verb above it."""
    auxes = {child.lower_ for child in verb.children if child.dep_ in ("aux", "auxpass")}
    if auxes & FUTURE_AUX:
        return "future"
    if "could" in auxes and not auxes & PAST_AUX and not _negated(verb):
        return "future"  # "could rise before it is filed in March" (not "could have", "could not")
    if verb.tag_ == "VBN" and not auxes and (verb.dep_ == "acl" or _has_subject(verb)):
        # a participle after its noun, or one the tagger took for the past tense of
        # a verb with a subject: "a ferry capsized on Monday" is past, "a meeting
        # scheduled for Monday" ahead
        return "future" if verb.lemma_ in FUTURE_LEMMAS else "past"
    if lower is not None and verb.lemma_ in FUTURE_LEMMAS:
        return "future"
    if verb.lemma_ == "be" and verb.tag_ in ("VBZ", "VBP") and _infinitive(lower):
        return "future"  # "the referendum is to be held from November 20"
    if verb.tag_ == "VBD" or auxes & PAST_AUX:
        return "past"
    if verb.tag_ in ("VBZ", "VBP") or auxes & {"is", "are", "am", "'s", "'re"}:
        return "present"
    if verb.tag_ == "MD":
        return "future" if verb.lower_ in FUTURE_AUX else "none"
    return None


# ---------------------------------------------------------------------------
# The component
# ---------------------------------------------------------------------------


def _record(doc: Doc, text: str, cand: Candidate, resolved: Resolved) -> TimeExpr:
    """RETURNS (TimeExpr): the record for one resolved span."""
    return TimeExpr(
        doc=doc._.sl_doc_id,
        start=cand.start,
        end=cand.end,
        text=text[cand.start : cand.end],
        value=resolved.value,
        granularity=resolved.granularity,
        anchor=resolved.anchor,
        type=resolved.type,
        sentence=sentence_of(doc, cand.start),
    )


def _past_or_future(tense: Tense) -> Tense:
    return "past" if tense == "past" else "future"


def resolve_candidate(doc: Doc, text: str, cand: Candidate, ctx: Context) -> Resolved:
    """RETURNS (Resolved): one span resolved against the current reading state.

    ``text`` is ``doc.text``, passed in because spaCy rebuilds it on every access."""
    preceding = text[max(0, cand.start - 30) : cand.start]
    if _UNTIL_BEFORE.search(preceding):
        # "until 16 October", "by Friday": a deadline ahead, unless told in the past
        # ("by the end of the year, the firm had closed")
        ctx.tense = lambda: _past_or_future(clause_tense(doc, cand.start, cand.end))
    else:
        ctx.tense = lambda: clause_tense(doc, cand.start, cand.end)
    if cand.match is None:
        return resolve_entity(text[cand.start : cand.end])
    return RESOLVERS[cand.rule](cand.match, ctx)


def find_times(doc: Doc, published: dt.date | None) -> list[TimeExpr]:
    """RETURNS (list[TimeExpr]): every time expression in ``doc``, in text order."""
    text = doc_text(doc)
    taken = find_candidates(text)
    candidates = sorted([*taken, *_entity_candidates(doc, taken)], key=lambda c: c.start)
    ctx = Context(published=published)
    records: list[TimeExpr] = []
    for cand in candidates:
        resolved = resolve_candidate(doc, text, cand, ctx)
        if resolved.value is not None and resolved.type != "DURATION":
            ctx.remember(resolved)
        records.append(_record(doc, text, cand, resolved))
    return records


class TimeResolver:
    """spaCy component: sets ``doc._.sl_times`` to the document's resolved times.

    nlp (Language): the pipeline (unused; kept for the factory signature).
    name (str): the component name in the pipeline.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        """Find and resolve every time expression; the publication date anchors them."""
        doc._.sl_times = find_times(doc, doc._.sl_published)
        return doc
