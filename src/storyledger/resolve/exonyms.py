"""Country names in other languages -> one key, from pycountry's ISO 3166 data.

"Italia", "Italien" and "Italy" all give ``IT``. Only country names are
covered, with a handful of everyday English short forms ("U.S.", "Britain");
pycountry's subdivision names (Puglia, Lombardia) come in the local
language only, so "Apulia"/"Puglia" is left to the other merging rules.
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
    "usa": "US",
    "britain": "GB",
    "great britain": "GB",
    "uk": "GB",
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
