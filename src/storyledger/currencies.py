"""Currencies as news writes them, and the ISO 4217 codes records carry.

Shared by the quantity extraction (which reads them) and the conflict
ledger (which treats amounts of money apart from other measures).
"""

from __future__ import annotations

#: Currency symbols and codes written before the amount -> ISO 4217 code.
CURRENCY_SYMBOLS: dict[str, str] = {
    "€": "EUR",
    "$": "USD",
    "us$": "USD",
    "u.s.$": "USD",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₽": "RUB",
    "₩": "KRW",
    "₺": "TRY",
    "a$": "AUD",
    "c$": "CAD",
    "nz$": "NZD",
    "hk$": "HKD",
    "s$": "SGD",
    "r$": "BRL",
    "au$": "AUD",
    "ca$": "CAD",
}
ISO_CODES = [
    "EUR",
    "USD",
    "GBP",
    "JPY",
    "CHF",
    "CNY",
    "AUD",
    "CAD",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "RUB",
    "INR",
    "HKD",
    "NZD",
    "ZAR",
    "BRL",
    "MXN",
    "TRY",
    "KRW",
    "SGD",
    "CZK",
    "HUF",
    "RON",
]
#: Currency names written after the amount -> ISO code ("3 million euros", "4,2 Mio. Euro").
CURRENCY_WORDS: dict[str, str] = {
    "euro": "EUR",
    "euros": "EUR",
    "dollar": "USD",
    "dollars": "USD",
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "american dollars": "USD",
    "australian dollars": "AUD",
    "canadian dollars": "CAD",
    "hong kong dollars": "HKD",
    "singapore dollars": "SGD",
    "new zealand dollars": "NZD",
    "pound": "GBP",
    "pounds": "GBP",
    "pounds sterling": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupee": "INR",
    "rupees": "INR",
    "rouble": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
    "franc": "CHF",
    "francs": "CHF",
    "swiss francs": "CHF",
    "zloty": "PLN",
    "kronor": "SEK",
    "krona": "SEK",
    "kroner": "NOK",
    "krone": "NOK",
}

#: Every code the quantity extraction writes as an amount's unit.
CURRENCIES = frozenset({*CURRENCY_SYMBOLS.values(), *CURRENCY_WORDS.values(), *ISO_CODES})
