"""Name forms shared by in-document and cross-document entity merging.

Keys are lower-cased words with edge punctuation removed; titles are the
words of an office ("Chief Fire Officer") that can stand before a name.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

#: Words that name a person's office; stripped to find the name behind them.
TITLES = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "vice",
    "prime",
    "minister",
    "secretary",
    "chancellor",
    "governor",
    "mayor",
    "senator",
    "sen",
    "rep",
    "representative",
    "judge",
    "justice",
    "chief",
    "officer",
    "fire",
    "police",
    "inspector",
    "commissioner",
    "general",
    "gen",
    "colonel",
    "col",
    "captain",
    "capt",
    "lieutenant",
    "sergeant",
    "sgt",
    "admiral",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "bishop",
    "father",
    "rev",
    "ambassador",
    "director",
    "chairman",
    "chairwoman",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "deputy",
    "interior",
    "defence",
    "defense",
    "foreign",
    "finance",
    "health",
    "former",
    "acting",
    "state",
    "federal",
}


def words(span: str) -> list[str]:
    """RETURNS (list[str]): the lower-cased words of ``span``, edge punctuation removed."""
    return [w.strip(".,'’").lower() for w in span.split()]


def name_key(span: str) -> str:
    """RETURNS (str): ``span`` as a case- and punctuation-insensitive key."""
    return " ".join(words(span))


def strip_title(span: str) -> str:
    """'Chief Fire Officer Breke' -> 'Breke'; a name with no title is unchanged."""
    parts = span.split()
    while len(parts) > 1 and parts[0].strip(".").lower() in TITLES:
        parts = parts[1:]
    return " ".join(parts)


def acronym_of(name: str) -> str:
    """RETURNS (str): initials of the capitalised words: 'Nordhavn Freight Services' -> 'NFS'."""
    return "".join(w[0] for w in name.split() if w[:1].isupper())


@lru_cache(maxsize=1 << 16)
def fold(span: str) -> str:
    """RETURNS (str): ``span`` without diacritics, case or edge punctuation ('Radić' -> 'radic')."""
    decomposed = unicodedata.normalize("NFKD", span)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return name_key(plain.replace("ß", "ss"))


#: Words that name a publication or broadcaster before its name ("the daily La
#: Stampa") and stand for it later ("the newspaper writes").
PUBLICATION_NOUNS = frozenset(
    {"daily", "newspaper", "weekly", "magazine", "tabloid", "broadcaster", "paper"}
)


#: Last words of names of things an organisation runs or makes, not of the
#: organisation: "Apple" is not "Apple Worldwide Developers Conference".
RUN_BY_FIRST_WORD = {
    "conference",
    "summit",
    "festival",
    "expo",
    "fair",
    "show",
    "awards",
    "award",
    "prize",
    "cup",
    "championship",
    "games",
    "tour",
    "program",
    "programme",
    "kit",
    "store",
    "stores",
    "app",
    "apps",
    "software",
    "edition",
}


def run_by_its_first_word(name: str) -> bool:
    """True for an event, programme or product named after its organiser or maker."""
    return name.split()[-1].lower().strip(".,") in RUN_BY_FIRST_WORD


#: Plurals that add "es" to a noun ending in s, x, ch or sh.
_ES_PLURALS = ("sses", "xes", "ches", "shes")


def singular(text: str) -> str:
    """RETURNS (str): each word of a folded phrase in the singular ("cargo planes"
    -> "cargo plane", "losses" -> "loss", "russians" -> "russian"; "swiss" stays)."""
    words = []
    for word in text.split():
        if word in {"people", "men", "women", "children"}:
            word = {"people": "person", "men": "man", "women": "woman"}.get(word, "child")
        elif word.endswith("ies") and len(word) > 4:
            word = word[:-3] + "y"
        elif word.endswith(_ES_PLURALS) and len(word) > 4:
            word = word[:-2]  # losses, witnesses, taxes, churches, crashes
        elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
            word = word[:-1]
        words.append(word)
    return " ".join(words)
