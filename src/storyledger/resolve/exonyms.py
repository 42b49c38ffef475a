"""Country names in other languages -> one key, from pycountry's ISO 3166 data.

"Italia", "Italien" and "Italy" all give ``IT``. Countries are
covered with a handful of everyday English short forms ("U.S.", "Britain").
A country's first-level subdivisions (regions, states, provinces) are
keyed by their ISO 3166-2 code from the local names pycountry gives
(Puglia, Lombardia) and their translations in its iso-codes catalogues
("Apulia" in Spanish, Polish and Irish, "Lombardy" in Irish: English has none
for Italy's regions); a name that two subdivisions share, or that names a
country, is left out.

Two narrower lookups serve other rules: ``country_prefix`` finds an English
country name at the start of an organisation's name ("U.S. Senate"), and
``demonym_key`` reads the adjective of a country ("Canadian" -> ``CA``).
"""

from __future__ import annotations

import gettext
from functools import lru_cache

from storyledger.names import fold

#: Languages whose country names are indexed (Latin script: news in English
#: quotes these; other scripts do not appear in an English article's names).
LANGUAGES = ("de", "fr", "it", "es", "pt", "nl", "pl", "sv", "da", "nb", "fi", "cs", "ro", "hu")


#: Everyday English names that ISO 3166 does not list (it has "United Kingdom",
#: "United States"); abbreviations are matched with their dots removed.
COMMON_NAMES = {
    "america": "US",
    "us": "US",
    "usa": "US",
    "britain": "GB",
    "great britain": "GB",
    "uk": "GB",
    "uae": "AE",
    "russia": "RU",
    "turkey": "TR",
    "ivory coast": "CI",
    "palestine": "PS",
    "macedonia": "MK",
}

#: The adjective (and the people) of a country, as English news writes it:
#: "the Canadian government" is Canada's. Ambiguous ones ("Korean") are left out.
DEMONYMS = {
    "afghan": "AF",
    "albanian": "AL",
    "algerian": "DZ",
    "american": "US",
    "argentine": "AR",
    "argentinian": "AR",
    "armenian": "AM",
    "australian": "AU",
    "austrian": "AT",
    "azerbaijani": "AZ",
    "bangladeshi": "BD",
    "belarusian": "BY",
    "belgian": "BE",
    "bolivian": "BO",
    "bosnian": "BA",
    "brazilian": "BR",
    "british": "GB",
    "bulgarian": "BG",
    "burmese": "MM",
    "cambodian": "KH",
    "canadian": "CA",
    "chilean": "CL",
    "chinese": "CN",
    "colombian": "CO",
    "croatian": "HR",
    "cuban": "CU",
    "cypriot": "CY",
    "czech": "CZ",
    "danish": "DK",
    "dutch": "NL",
    "ecuadorian": "EC",
    "egyptian": "EG",
    "emirati": "AE",
    "estonian": "EE",
    "ethiopian": "ET",
    "filipino": "PH",
    "finnish": "FI",
    "french": "FR",
    "german": "DE",
    "ghanaian": "GH",
    "greek": "GR",
    "hungarian": "HU",
    "icelandic": "IS",
    "indian": "IN",
    "indonesian": "ID",
    "iranian": "IR",
    "iraqi": "IQ",
    "irish": "IE",
    "israeli": "IL",
    "italian": "IT",
    "jamaican": "JM",
    "japanese": "JP",
    "jordanian": "JO",
    "kenyan": "KE",
    "kuwaiti": "KW",
    "latvian": "LV",
    "lebanese": "LB",
    "libyan": "LY",
    "lithuanian": "LT",
    "malaysian": "MY",
    "mexican": "MX",
    "moroccan": "MA",
    "nepalese": "NP",
    "nigerian": "NG",
    "north korean": "KP",
    "norwegian": "NO",
    "pakistani": "PK",
    "palestinian": "PS",
    "peruvian": "PE",
    "polish": "PL",
    "portuguese": "PT",
    "qatari": "QA",
    "romanian": "RO",
    "russian": "RU",
    "saudi": "SA",
    "serbian": "RS",
    "singaporean": "SG",
    "slovak": "SK",
    "slovenian": "SI",
    "somali": "SO",
    "south african": "ZA",
    "south korean": "KR",
    "spanish": "ES",
    "sri lankan": "LK",
    "sudanese": "SD",
    "swedish": "SE",
    "swiss": "CH",
    "syrian": "SY",
    "taiwanese": "TW",
    "thai": "TH",
    "tunisian": "TN",
    "turkish": "TR",
    "ugandan": "UG",
    "ukrainian": "UA",
    "venezuelan": "VE",
    "vietnamese": "VN",
    "yemeni": "YE",
    "zimbabwean": "ZW",
}


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    import pycountry

    index: dict[str, str] = {}
    translations = []
    for language in LANGUAGES:
        try:
            translations.append(
                gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
            )
        except OSError:
            continue
    for country in pycountry.countries:
        code = str(country.alpha_2)
        names = {
            str(country.name),
            str(getattr(country, "common_name", country.name)),
            str(getattr(country, "official_name", country.name)),
        }
        for translation in translations:
            names.update(translation.gettext(name) for name in list(names))
        for name in names:
            index.setdefault(fold(name), code)
    index.update(COMMON_NAMES)
    return index


#: Words that name a part of anything: a subdivision named with these alone
#: ("North", "Central", "Capital") is not told apart from the words' use in news.
GENERIC_PLACE_WORDS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "centre",
        "center",
        "capital",
        "coast",
        "coastal",
        "island",
        "islands",
        "lakes",
        "mountains",
        "upper",
        "lower",
        "new",
        "great",
        "the",
        "of",
        "region",
        "district",
        "province",
        "state",
        "city",
    ]
)


@lru_cache(maxsize=1)
def _local_place_names() -> frozenset[str]:
    """Folded names of every subdivision in ISO 3166-2, any level, as catalogued
    (provinces and districts named after their towns: "Bergamo", "Manchester")."""
    import pycountry

    return frozenset(fold(str(s.name)) for s in pycountry.subdivisions)


def names_a_subdivision(name: str) -> bool:
    """RETURNS (bool): True when ``name`` is the name of a country's subdivision at
    any level ("Bergamo", a province); for typing only, never for merging: such
    names are often shared by a town, a district and a club."""
    return fold(name) in _local_place_names()


@lru_cache(maxsize=1)
def _subdivision_index() -> dict[str, str]:
    """Folded names of first-level subdivisions, in the languages of
    ``SUBDIVISION_LANGUAGES``, -> ISO 3166-2 code; names of two, of a country, or of
    generic words alone dropped."""
    import pycountry

    names = {str(s.name): str(s.code) for s in pycountry.subdivisions if s.parent_code is None}
    codes: dict[str, set[str]] = {}
    for form, code in _translated(names):
        key = fold(form)
        if key.isascii() and not set(key.split()) <= GENERIC_PLACE_WORDS:
            codes.setdefault(key, set()).add(code)
    countries = _index()
    return {
        key: next(iter(found))
        for key, found in codes.items()
        if len(found) == 1 and key not in countries
    }


#: Catalogues read for subdivision names: the countries' languages, English, and
#: Irish, whose catalogue has the English forms of Italy's regions ("Lombardy",
#: "Piedmont", "Apulia") where English's has none.
SUBDIVISION_LANGUAGES = (*LANGUAGES, "en", "ga")


def _translated(names: dict[str, str]) -> set[tuple[str, str]]:
    """RETURNS: (name, code) for each subdivision name and each of its translations."""
    import pycountry

    forms = set(names.items())
    for language in SUBDIVISION_LANGUAGES:
        try:
            catalog = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[language])
        except OSError:
            continue
        forms.update((catalog.gettext(name), code) for name, code in names.items())
    return forms


def subdivision_key(name: str) -> str | None:
    """RETURNS (str | None): the ISO 3166-2 code of a country's first-level
    subdivision named ``name`` in any language ("Apulia", "Puglia" -> ``IT-75``)."""
    return _subdivision_index().get(fold(name))


@lru_cache(maxsize=1)
def _english_index() -> dict[str, str]:
    """Folded English country names (ISO 3166 and ``COMMON_NAMES``) -> alpha-2 code."""
    import pycountry

    index: dict[str, str] = {}
    for country in pycountry.countries:
        for field in ("name", "common_name", "official_name"):
            name = getattr(country, field, None)
            if name:
                index.setdefault(fold(str(name)), str(country.alpha_2))
    index.update(COMMON_NAMES)
    return index


@lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    import pycountry

    codes: dict[str, str] = {}
    for country in pycountry.countries:
        codes[str(country.alpha_3).lower()] = str(country.alpha_2)
        codes[str(country.alpha_2).lower()] = str(country.alpha_2)
    return codes


def country_key(name: str) -> str | None:
    """RETURNS (str | None): the ISO 3166 alpha-2 code of a country name in any indexed
    language; an all-capitals name may also be an ISO code or an abbreviation ("U.S.")."""
    if name.isupper():
        key = fold(name.replace(".", ""))
        return _index().get(key) or _codes().get(key)
    return _index().get(fold(name))


def _english_country(words: list[str]) -> str | None:
    """The code of ``words`` read as an English country name; capitals with dots
    ("U.S.") are read as the abbreviation ("US"), never as a bare ISO code."""
    text = " ".join(words)
    if not all(word[:1].isupper() for word in words):
        return None
    if text.isupper():
        text = text.replace(".", "")
    return _english_index().get(fold(text))


def country_prefix(name: str) -> tuple[str, str] | None:
    """RETURNS (tuple[str, str] | None): (alpha-2 code, rest of the name) when ``name``
    begins with an English country name and goes on with a capitalised word:
    "U.S. Federal Reserve" -> ("US", "Federal Reserve"); "Air Canada" -> None."""
    words = name.split()
    for cut in range(min(3, len(words) - 1), 0, -1):
        code = _english_country(words[:cut])
        if code is not None and words[cut][:1].isupper():
            return code, " ".join(words[cut:])
    return None


def demonym_key(adjective: str) -> str | None:
    """RETURNS (str | None): the alpha-2 code of a country adjective or its plural
    ("Canadian", "Canadians" -> ``CA``); None for any other word."""
    key = fold(adjective)
    if key.startswith("the "):
        key = key[4:]
    return DEMONYMS.get(key) or (DEMONYMS.get(key[:-1]) if key.endswith("s") else None)
