"""Counting and matching helpers shared by every scorer.

All matching is by character spans: a prediction and a gold item match when
their spans overlap (or, in strict mode, are equal). Gold items may carry
several candidate spans (a gold string that occurs more than once in a
story file); any one of them counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

Span = tuple[int, int]


@dataclass(slots=True)
class Ratio:
    """A micro-averaged figure kept as numerator and denominator.

    Keeping both (instead of a float) lets documents be summed first and
    divided once, and lets the report show the support behind each figure.
    """

    num: int = 0
    den: int = 0
    #: For averages of fractions (B³): num and den are multiplied by this, and
    #: the support shown is ``den // scale`` items.
    scale: int = 1

    def add(self, hit: bool) -> None:
        """Count one case, a hit or a miss."""
        self.den += 1
        self.num += int(hit)

    def merge(self, other: Ratio) -> None:
        """Add another ratio's counts to this one."""
        self.num += other.num
        self.den += other.den
        self.scale = max(self.scale, other.scale)

    @property
    def value(self) -> float | None:
        """RETURNS (float | None): num/den, or None when nothing was counted."""
        return self.num / self.den if self.den else None


def f1(precision: float | None, recall: float | None) -> float | None:
    """RETURNS (float | None): the harmonic mean, None when either side is unknown."""
    if precision is None or recall is None:
        return None
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def overlaps(a: Span, b: Span) -> bool:
    """RETURNS (bool): whether two half-open spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def any_overlap(span: Span, candidates: Iterable[Span]) -> bool:
    """RETURNS (bool): whether ``span`` overlaps any of ``candidates``."""
    return any(overlaps(span, other) for other in candidates)


def find_all(text: str, needle: str) -> tuple[Span, ...]:
    """RETURNS (tuple[Span, ...]): every non-overlapping occurrence of ``needle``.

    Gold strings in the story sets carry no offsets, so they are located here.
    """
    if not needle:
        return ()
    spans: list[Span] = []
    start = text.find(needle)
    while start != -1:
        spans.append((start, start + len(needle)))
        start = text.find(needle, start + len(needle))
    return tuple(spans)


# ---------------------------------------------------------------- time values

_GRANULARITY = (
    ("minute", re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")),
    ("day", re.compile(r"^\d{4}-\d{2}-\d{2}$")),
    ("week", re.compile(r"^\d{4}-W\d{2}$")),
    ("month", re.compile(r"^\d{4}-\d{2}$")),
    ("year", re.compile(r"^\d{4}$")),
)
_SECONDS = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}):\d{2}(?:\.\d+)?$")


def normalise_time_value(value: str | None) -> str | None:
    """RETURNS (str | None): a TIMEX3/ISO value cut to minutes, without a ``Z``.

    MEANTIME writes ``2008-03-01T14:30Z`` and GUM ``...T14:30:00`` where
    storyledger writes ``2008-03-01T14:30``; the difference is not an error.
    """
    if value is None:
        return None
    value = value.strip().removesuffix("Z")
    match = _SECONDS.match(value)
    return match.group(1) if match else value


def granularity(value: str) -> str | None:
    """RETURNS (str | None): year, month, week, day or minute; None for other values."""
    for name, pattern in _GRANULARITY:
        if pattern.match(value):
            return name
    return None


def format_moment(moment: datetime, grain: str) -> str:
    """RETURNS (str): ``moment`` written at ``grain`` (as the gold value is written)."""
    if grain == "week":
        year, week, _ = moment.isocalendar()
        return f"{year}-W{week:02d}"
    formats = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d", "minute": "%Y-%m-%dT%H:%M"}
    return moment.strftime(formats[grain])


# ------------------------------------------------------------ quantity values

_UNIT_SYNONYMS = {
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "us dollar": "USD",
    "united states dollar": "USD",
    "£": "GBP",
    "gbp": "GBP",
    "pound sterling": "GBP",
    "m²": "m2",
    "m2": "m2",
    "sq m": "m2",
    "square metre": "m2",
    "square meter": "m2",
    "h": "hour",
    "hr": "hour",
    "yr": "year",
    "%": "percent",
    "percentage": "percent",
    "per cent": "percent",
    "twenty-foot equivalent unit": "TEU",
    "teu": "TEU",
}
_STOPWORDS = frozenset(
    {"the", "a", "an", "of", "in", "at", "on", "to", "and", "or", "by", "for", "with"}
    | {"from", "who", "that", "this", "those", "these", "other", "than", "more", "less"}
    | {"some", "all", "its", "his", "her", "their", "them", "they", "was", "were", "are"}
)
_WORD = re.compile(r"[^\W\d_]+")


def singular(word: str) -> str:
    """RETURNS (str): a crude singular ("deaths" -> "death", "casualties" -> "casualty")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def normalise_unit(unit: str | None) -> str | None:
    """RETURNS (str | None): one spelling per unit ("euros", "€", "EUR" -> "EUR")."""
    if unit is None:
        return None
    key = " ".join(unit.lower().replace("-", " ").split())
    if key in ("", "dimensionless"):
        return None
    if key in _UNIT_SYNONYMS:
        return _UNIT_SYNONYMS[key]
    words = key.split()
    key = " ".join([*words[:-1], singular(words[-1])])
    return _UNIT_SYNONYMS.get(key, key)


def content_words(text: str | None) -> set[str]:
    """RETURNS (set[str]): lowercased, singular words of ``text`` minus function words."""
    if not text:
        return set()
    words = (singular(word) for word in _WORD.findall(text.lower()))
    return {word for word in words if len(word) > 2 and word not in _STOPWORDS}


def values_close(predicted: float, gold: float, tolerance: float = 0.005) -> bool:
    """RETURNS (bool): whether ``predicted`` is within ``tolerance`` (relative) of ``gold``."""
    if gold == 0:
        return predicted == 0
    return abs(predicted - gold) <= tolerance * abs(gold)
