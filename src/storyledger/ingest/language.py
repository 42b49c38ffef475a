"""Which language an article is in, so a German article is flagged, not mangled silently.

The extractors are tuned for English. Detection uses lingua restricted to
common news languages, in low-accuracy mode (trigram models only) and
without preloading, which keeps the cost near 30 MB and a millisecond per
article; only the first ~2000 characters are looked at. The detector is
built on first use, once per process. When lingua is unsure (very short
texts, names only) it answers None and nothing is reported.
"""

from __future__ import annotations

from functools import cache
from typing import Any

#: How much of each article is looked at: enough for a reliable answer.
SAMPLE_CHARS = 2000

#: lingua names of the languages told apart: the commonest in news.
LANGUAGES = (
    "ENGLISH",
    "GERMAN",
    "FRENCH",
    "SPANISH",
    "ITALIAN",
    "PORTUGUESE",
    "DUTCH",
    "SWEDISH",
    "POLISH",
    "RUSSIAN",
    "TURKISH",
    "ARABIC",
    "CHINESE",
    "JAPANESE",
)

#: lingua answers None unless the best language leads the next by this much.
MIN_RELATIVE_DISTANCE = 0.1


@cache
def _detector() -> Any:
    """Build the lingua detector once; importing lingua is deferred until needed."""
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in LANGUAGES]
    return (
        LanguageDetectorBuilder.from_languages(*languages)
        .with_low_accuracy_mode()
        .with_minimum_relative_distance(MIN_RELATIVE_DISTANCE)
        .build()
    )


def detect_language(text: str) -> tuple[str, str] | None:
    """Guess the language of an article from its start.

    text (str): the article text.
    RETURNS (tuple[str, str] | None): ISO 639-1 code and English name
        (``("de", "German")``), or None when unsure.
    """
    language = _detector().detect_language_of(text[:SAMPLE_CHARS])
    if language is None:
        return None
    return language.iso_code_639_1.name.lower(), language.name.title()
