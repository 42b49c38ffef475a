"""Number surface forms: regex fragments and parsers for digits, words and fractions.

News writes the same amount in many ways ("3 million", "3m", "4,2 Mio.",
"a dozen", "twenty-five", "a third"). This module turns each of those into a
plain number so that the quantity stage only has to find *where* numbers are
and *what* they count.
"""

from __future__ import annotations

import re

UNITS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
#: Multipliers written as words or abbreviations after a number ("3 million", "€3m", "4,2 Mio.").
SCALES: dict[str, int] = {
    "dozen": 12,
    "hundred": 100,
    "thousand": 1_000,
    "k": 1_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "mln": 1_000_000,
    "mio": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
    "mrd": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "tn": 1_000_000_000_000,
    "trn": 1_000_000_000_000,
}
#: Denominators of spoken fractions ("a third", "two-thirds", "three quarters").
FRACTIONS: dict[str, int] = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "seventh": 7,
    "sevenths": 7,
    "eighth": 8,
    "eighths": 8,
    "ninth": 9,
    "ninths": 9,
    "tenth": 10,
    "tenths": 10,
}

_ATOM = (
    "(?:"
    + "|".join(sorted(TENS, key=len, reverse=True))
    + ")(?:-(?:"
    + "|".join(k for k in UNITS if UNITS[k] and UNITS[k] < 10)
    + "))?|(?:"
    + "|".join(sorted(UNITS, key=len, reverse=True))
    + ")"
)
_WORD_SCALE = r"(?:dozen|hundred|thousand|million|billion|trillion)"

#: Digits with optional thousands separators or a decimal point/comma: "521,800", "4,2", "3.4".
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"
#: Written numbers: "thirty", "twenty-five", "a hundred", "half a dozen", "three thousand".
WORDS = (
    rf"(?:(?:{_ATOM})|(?:half\s+a|an?)(?=\s+{_WORD_SCALE}\b))"
    rf"(?:(?:\s+|-)(?:{_WORD_SCALE}|(?<=hundred)\s+and\s+(?:{_ATOM})|(?<=hundred)\s+(?:{_ATOM})))*"
)
#: A scale after digits: "3 million", "3.4m", "4,2 Mio.", "1.5bn".
SCALE_AFTER_DIGITS = (
    r"(?:\s?(?:million|billion|trillion|thousand|hundred)\b|(?:mn|mln|bn|tn|trn|m|b|k)\b"
    r"|\s(?:mn|mln|bn)\b|\s(?:Mio|Mrd)\b\.?)"
)
FRACTION = (
    rf"(?:an?|one|two|three|four|five|six|seven|eight|nine)[\s-]"
    rf"(?:{'|'.join(sorted(FRACTIONS, key=len, reverse=True))})\b"
)

_DIGITS_RE = re.compile(DIGITS)


def parse_digits(text: str) -> float:
    """Parse "521,800", "4,2" (decimal comma) or "3.4".

    A comma followed by exactly three digits groups thousands; any other
    comma is a decimal comma, as in German or French copy.
    """
    text = text.strip()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    return float(text.replace(",", "."))


def parse_words(text: str) -> float | None:
    """Parse a written number ("twenty-five", "a hundred", "half a dozen"); None if ill-formed.

    Returns None for sequences that are not one number ("six seven"), so that
    the caller can drop them instead of inventing a value.
    """
    words = re.split(r"[\s-]+", text.lower().strip())
    total, current, last = 0.0, 0.0, ""
    if words[:2] == ["half", "a"]:
        current, words, last = 0.5, words[2:], "scale"
    for word in words:
        if word in ("a", "an"):
            current, last = 1.0, "unit"
        elif word == "and":
            continue
        elif word in UNITS or word in TENS:
            if last == "unit" and not (current >= 20 and current % 10 == 0 and word in UNITS):
                return None
            current += UNITS.get(word, TENS.get(word, 0))
            last = "unit"
        elif word in SCALES:
            scale = SCALES[word]
            current = (current or 1.0) * scale
            if scale >= 1000:
                total, current = total + current, 0.0
            last = "scale"
        else:
            return None
    return total + current


def parse_fraction(text: str) -> float:
    """Parse "a third" / "two-thirds" into 0.333 / 0.667 (rounded to three places, as reported)."""
    numerator_word, denominator_word = re.split(r"[\s-]+", text.lower().strip())
    numerator = 1 if numerator_word in ("a", "an") else UNITS[numerator_word]
    return round(numerator / FRACTIONS[denominator_word], 3)


def parse_scale(text: str) -> int:
    """Return the multiplier of a scale word or abbreviation ("m", "Mio.", "billion")."""
    return SCALES[text.strip().rstrip(".").lower()]


def parse_number(text: str) -> float | None:
    """Parse digits or words, with an optional trailing scale; None if it is not a number."""
    text = text.strip()
    match = _DIGITS_RE.match(text)
    if match is None:
        return parse_words(text)
    value = parse_digits(match.group())
    rest = text[match.end() :].strip().rstrip(".").lower()
    if not rest:
        return value
    if rest in SCALES:
        return value * SCALES[rest]
    return None


_TRAILING_SCALE_RE = re.compile(
    r"(?:^|(?<=[\s\d-]))(" + "|".join(sorted(SCALES, key=len, reverse=True)) + r")\.?$",
    re.IGNORECASE,
)


def written_scale(text: str) -> int:
    """RETURNS (int): the multiplier of the scale a number ends with ("6 million",
    "3bn", "two thousand"); 1 when it has none ("250", "twenty-five")."""
    match = _TRAILING_SCALE_RE.search(text.strip())
    return SCALES[match.group(1).lower()] if match else 1


def as_number(value: float) -> float | int:
    """Whole values become ``int`` (the JSON contract writes 13, not 13.0)."""
    if value == int(value) and abs(value) < 1e15:
        return int(value)
    return round(value, 6)
