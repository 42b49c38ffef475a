"""The keys through which the merging rules compare names, for incremental merging.

Every rule of :mod:`storyledger.resolve.entities` relates two document
entities only when they share one of the keys :func:`rule_keys` gives (the
same folded name, surname, initials, first word, country...). A new
article's entity that shares no key with any case entity but the one that
has its very name cannot change how the rest of the case merges, so it can
join that case entity without a full pass. Fuzzy rules compare within blocks:
their keys carry the compared form as ``value``, and only a close form counts.

When a rule is added or changed, its keys must be added here too: the test
``tests/resolve/test_keys.py`` checks, for every pair a full pass joins, that
the two entities share a key.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from storyledger.names import acronym_of, fold, singular
from storyledger.resolve import entities as rules
from storyledger.resolve.fuzzy import (
    FULL_NAME_SCORE,
    MIN_LENGTH,
    OTHER_SCORE,
    SURNAME_SCORE,
    is_variant,
)

#: The version of these keys and of the other index tables the full pass writes
#: for incremental updates; change it with any rule or index table, so that a
#: case resolved with the old ones gets a full pass (and new ones) first.
#: 2: ``timeline_figures`` and ``figure_groups``; 3: ``measure_signatures``;
#: 4: measures of money by what they are reckoned on, none for bare amounts,
#: plurals in "-es";
#: regions under their names in other languages (``x|IT-75``);
#: 5: groups of people in the plural (``g|russian``); 6: on a date coarser
#: than a day, timeline entries join by their words only; 7: no measures of spans
#: of time, changes in percent or points measured per publication day.
KEYS_VERSION = "7"
Key = tuple[str, str]


def rule_keys(entity: rules.LocalEntity) -> frozenset[Key]:
    """RETURNS: the (key, value) pairs the case stores for this entity."""
    return _keys(entity.name, entity.type, entity.aliases)[0]


def probe_keys(entity: rules.LocalEntity) -> frozenset[Key]:
    """RETURNS: the (key, value) pairs to look up: the stored keys of the entities
    a rule may relate to this one. Most relations are symmetric (the same
    name, country, spelling block); some join one shape of name to another (a
    bare surname to full names, initials to a long name, a first word to the
    names it begins), and each side looks for the other."""
    return _keys(entity.name, entity.type, entity.aliases)[1]


@lru_cache(maxsize=1 << 16)
def _keys(name: str, type_: str, aliases: tuple[str, ...]) -> tuple[frozenset[Key], frozenset[Key]]:
    entity = rules.LocalEntity("", "", name, type_, aliases)
    key = rules.person_key(entity)
    words = key.split()
    stored: set[Key] = set()
    probes: set[Key] = set()
    for own, other, value in (
        *_name_keys(key, aliases),
        *_surname_keys(type_, words),
        *_initial_keys(name),
        *_word_keys(type_, words),
        *_plural_keys(type_, key),
        *_place_keys(entity),
        *_fuzzy_keys(type_, key, words),
    ):
        stored.add((own, value))
        probes.add((other, value))
    return frozenset(stored), frozenset(probes)


#: (key this entity stores, key it looks up, compared form)
Relation = tuple[str, str, str]


def _both(key: str, value: str = "") -> Relation:
    return key, key, value


def _name_keys(key: str, aliases: tuple[str, ...]) -> Iterable[Relation]:
    """The same folded name; an alias one article gives to another entity's name."""
    if key:
        yield _both("n|" + key)
        yield "n|" + key, "na|" + key, ""
    for alias in aliases:
        folded = fold(alias)
        if folded:
            yield "na|" + folded, "n|" + folded, ""


def _surname_keys(type_: str, words: list[str]) -> Iterable[Relation]:
    """Bare surnames and full names; a surname typed as a place."""
    if type_ == "PERSON" and len(words) > 1:
        yield "sf|" + words[-1], "sb|" + words[-1], ""
        yield "sf|" + words[-1], "sp|" + words[-1], ""
    elif type_ == "PERSON" and words:
        yield "sb|" + words[0], "sf|" + words[0], ""
    elif type_ in rules.PLACE_TYPES and len(words) == 1:
        yield "sp|" + words[0], "sf|" + words[0], ""


def _initial_keys(name: str) -> Iterable[Relation]:
    """A long name's initials and an acronym."""
    if len(name.split()) > 1:
        initials = acronym_of(rules.without_legal_form(name))
        yield "ai|" + initials, "aa|" + initials, ""
    if rules.ACRONYM.match(name):
        acronym = name.replace("&", "")
        yield "aa|" + acronym, "ai|" + acronym, ""


def _word_keys(type_: str, words: list[str]) -> Iterable[Relation]:
    """A first word and the organisations it begins; a name and the longer names
    it begins; numbered buildings."""
    if len(words) > 1 and type_ == "ORG":
        yield "fm|" + words[0], "fb|" + words[0], ""
    elif len(words) == 1 and type_ in {"ORG", "NORP"}:
        yield "fb|" + words[0], "fm|" + words[0], ""
    for cut in range(2, len(words)):
        prefix = " ".join(words[:cut])
        yield f"pl|{type_}|{prefix}", f"ps|{type_}|{prefix}", ""
    if len(words) >= 2 and type_ != "PERSON":
        yield f"ps|{type_}|{' '.join(words)}", f"pl|{type_}|{' '.join(words)}", ""
    match = rules.NUMBERED.match(" ".join(words))
    if type_ == "FAC" and match and match.group(1) in rules.BUILDING_NOUNS:
        yield _both("u|" + match.group(2))


def _plural_keys(type_: str, key: str) -> Iterable[Relation]:
    """A group of people in the plural and in the singular ('Russians', 'Russian')."""
    if type_ == "NORP" and key:
        yield _both("g|" + singular(key))


def _place_keys(entity: rules.LocalEntity) -> Iterable[Relation]:
    """Countries and regions (exonyms, governments) and national institutions."""
    name = entity.name
    if entity.type in rules.PLACE_TYPES or rules.GOVERNMENT.search(name):
        country = rules.country_named(name)
        if country:
            yield _both("x|" + country)
    if entity.type == "ORG":
        institution = rules.institution_of(name)[1]
        if institution:
            yield _both("i|" + institution)


def _fuzzy_keys(type_: str, key: str, words: list[str]) -> Iterable[Relation]:
    """Spelling blocks (the compared form as value) and bare surnames' variants."""
    if len(key) >= MIN_LENGTH:
        given = words[0] if type_ == "PERSON" and len(words) > 1 else ""
        start = words[-1][:1] if type_ == "PERSON" else key[:2]
        yield _both(f"z|{type_}|{given}|{start}", key)
    if type_ == "PERSON" and len(words) > 1:
        yield "yf|" + words[-1][:1], "yb|" + words[-1][:1], words[-1]
    elif type_ == "PERSON" and len(key) >= MIN_LENGTH:
        yield "yb|" + key[:1], "yf|" + key[:1], key


#: The lowest rapidfuzz ratio (0-1) a fuzzy key's ``close`` accepts; the swapped
#: letters it also accepts keep a name's length.
_LOWEST_SCORE = min(SURNAME_SCORE, FULL_NAME_SCORE, OTHER_SCORE) / 100


def length_bounds(key: str, value: str) -> tuple[int, int] | None:
    """RETURNS: the lengths a stored value of a fuzzy ``key`` needs to be ``close`` to
    ``value`` (None for exact keys): a ratio of at least s allows lengths m with
    |n - m| <= (1 - s)(n + m), since the InDel distance is at least |n - m|."""
    if not key.startswith(("z|", "yf|", "yb|")):
        return None
    n, s = len(value), _LOWEST_SCORE
    return math.ceil(n * s / (2 - s) - 1e-9), math.floor(n * (2 - s) / s + 1e-9)


def close(key: str, value: str, other: str) -> bool:
    """RETURNS (bool): True when a hit on ``key`` relates ``value`` and ``other``:
    always for exact keys; for spelling blocks when the two forms pass as
    variants; for bare surnames when they score as the surname rule asks."""
    if key.startswith("z|"):
        return is_variant(key.split("|")[1], value, other)
    if key.startswith(("yf|", "yb|")):
        return bool(fuzz.ratio(value, other) >= SURNAME_SCORE)
    return True


@dataclass
class EntityState:
    """What a case entity's row is computed from, kept to add a member without a full pass.

    names: mentions per name (for the canonical name); types: mentions per
    type and items: document entities per type, both in first-seen order (for
    its type and for whether it is a person); same_name: per folded name, the
    people, the others, and the first name of that group (for the reason a
    new member gets); gated: a spelling variant of it was held back for want
    of shared context (a new article could supply it).
    """

    names: dict[str, int] = field(default_factory=dict)
    types: dict[str, int] = field(default_factory=dict)
    items: dict[str, int] = field(default_factory=dict)
    same_name: dict[str, list[Any]] = field(default_factory=dict)
    gated: bool = False

    def add(self, entity: rules.LocalEntity) -> None:
        self.names[entity.name] = self.names.get(entity.name, 0) + entity.mentions
        self.types[entity.type] = self.types.get(entity.type, 0) + entity.mentions
        self.items[entity.type] = self.items.get(entity.type, 0) + 1
        key = rules.person_key(entity)
        if key:
            group = self.same_name.setdefault(key, [0, 0, entity.name])
            group[0 if entity.type == "PERSON" else 1] += 1

    def canonical_name(self) -> str:
        person = Counter(self.items).most_common(1)[0][0] == "PERSON"
        return rules.canonical_from_counts(self.names, person)

    def type(self) -> str:
        return Counter(self.types).most_common(1)[0][0]

    def to_json(self) -> dict[str, Any]:
        return {
            "names": self.names,
            "types": self.types,
            "items": self.items,
            "same_name": self.same_name,
            "gated": self.gated,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EntityState:
        return cls(data["names"], data["types"], data["items"], data["same_name"], data["gated"])


def entity_state(members: Sequence[rules.LocalEntity], gated: bool) -> EntityState:
    """RETURNS (EntityState): the state of a case entity with these members, in order."""
    state = EntityState(gated=gated)
    for member in members:
        state.add(member)
    return state
