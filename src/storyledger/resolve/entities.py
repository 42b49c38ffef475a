"""Cross-document entity merging: one case entity per person, organisation or place.

The input is each document's own entities (already merged within the
document by the extraction stage); nothing is re-parsed. Rules, in order,
each through a dictionary index so the whole pass stays near-linear:

1. user merges (they always win) and user splits (cannot-link constraints);
2. the same name, ignoring case, accents, punctuation and a person's titles;
3. a name that another article gives as an alias ("Nordhavn"), again once
   the spelling variants have joined the alias's holders;
4. a bare surname -> the only full name with that surname in the case;
5. acronyms -> the name they abbreviate, when some article names both;
6. country names in other languages (ISO 3166 names shipped by pycountry),
   and a government named by its country's adjective ("Canadian Government");
7. one country's institution under its country's names ("U.S. Senate" =
   "United States Senate"), and the bare name ("Senate") when the articles
   qualify it with one country only;
8. numbered buildings ("Hall 14" = "Warehouse 14") when only one has the number;
9. spelling variants (rapidfuzz), gated by type and shared context;
10. a one-word place that is the surname of a person named in the same
    article ("Henderson" typed as a town beside "Fritz Henderson").

Two people with the same surname and different given names are never merged.
Every join records a human-readable reason.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache

from storyledger.names import acronym_of, fold, run_by_its_first_word, singular, strip_title
from storyledger.resolve import fuzzy
from storyledger.resolve.exonyms import (
    country_key,
    country_prefix,
    demonym_key,
    subdivision_key,
)
from storyledger.resolve.unionfind import UnionFind

PLACE_TYPES = {"GPE", "LOC"}
BUILDING_NOUNS = {"warehouse", "hall", "shed", "building", "depot", "terminal", "block"}
NUMBERED = re.compile(r"^(\w+) (\d+[a-z]?)$")
ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,5}$")
#: "US government", "the government of Canada": the country, as news uses it.
GOVERNMENT = re.compile(r"^(?:the )?government of |(?<=\S) government$", re.IGNORECASE)
#: "Department of Labor", "Ministry of Defence": the office before its field.
_OF_FORM = re.compile(r"^(department|ministry|bureau) of (?:the )?(.+)$")


@dataclass(frozen=True, slots=True)
class LocalEntity:
    """One document's entity, as stored: the unit that case entities group."""

    doc: str
    local_id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    mentions: int = 1


@dataclass(frozen=True, slots=True)
class Member:
    """A document entity inside a case entity, with the reason it joined."""

    doc: str
    local_id: str
    name: str
    reason: str | None


@dataclass(frozen=True, slots=True)
class CaseEntity:
    """One entity of the case: canonical name, majority type, all aliases."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    merged_because: tuple[str, ...]
    members: tuple[Member, ...]
    #: A spelling variant of it stayed apart for want of shared context.
    gated: bool = False
    #: the document entities of ``members``, in the same order (what the store
    #: writes and indexes them from, without looking each one up again)
    local: tuple[LocalEntity, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class UserMerge:
    """A user's merge: these document entities are one."""

    members: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class UserSplit:
    """A user's split: ``moved`` document entities are never one with ``stay``."""

    moved: tuple[tuple[str, str], ...]
    stay: tuple[tuple[str, str], ...]


#: Legal-form words that do not change which organisation is meant.
ORG_SUFFIXES = frozenset(
    [
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "ltd",
        "limited",
        "llc",
        "plc",
        "group",
        "holdings",
        "nv",
        "n.v",
        "sa",
        "ag",
        "gmbh",
        "se",
    ]
)


#: Words naming a company's trade after its brand ("Apple Computer", "Ford Motors").
TRADE_WORDS = frozenset(
    [
        "computer",
        "computers",
        "motor",
        "motors",
        "airlines",
        "airways",
        "aircraft",
        "airplanes",
        "commercial",
        "bank",
        "systems",
        "technologies",
        "technology",
        "electronics",
        "software",
        "pharmaceuticals",
        "energy",
        "oil",
        "petroleum",
        "entertainment",
        "media",
        "communications",
        "telecom",
        "financial",
        "insurance",
    ]
)


def without_legal_form(name: str) -> str:
    """'European Aeronautic Defence and Space NV' -> 'European Aeronautic Defence and Space'."""
    words = name.split()
    while len(words) > 1 and fold(words[-1]) in ORG_SUFFIXES:
        words.pop()
    return " ".join(words)


def person_key(entity: LocalEntity) -> str:
    """RETURNS (str): the folded name; titles stripped for people, legal forms for organisations.

    "Chief Brekke" -> "brekke"; "General Motors Corporation" -> "general motors";
    "Chrysler LLC" -> "chrysler".
    """
    if entity.type == "PERSON":
        return fold(strip_title(entity.name))
    return _organisation_key(entity.name) if entity.type == "ORG" else fold(entity.name)


class _Resolver:
    """One resolution pass over a case's document entities.

    A case names the same entity in article after article: 94,000 document
    entities of a 10,000-article case have 7,000 distinct forms (name, type and
    aliases). The same-name rule joins every item of a form into one cluster
    first, so the rules after it look at one item per form, its first (the
    *representative*), and give the same joins and reasons as a look at every
    item would: the representative comes first, and the others, already in its
    cluster, would join nothing. Rules that read an item's document read every
    document of the form. An item that a user's correction names, or whose name
    folds to nothing, is a form of its own.
    """

    def __init__(
        self, items: Sequence[LocalEntity], corrected: AbstractSet[tuple[str, str]] = frozenset()
    ) -> None:
        self.items = items
        key_of: dict[tuple[str, str], str] = {}  # per name and type: a case repeats them
        self.keys = [
            key_of[form]
            if (form := (e.name, e.type)) in key_of
            else key_of.setdefault(form, person_key(e))
            for e in items
        ]
        #: the words of each key, split once for every rule (one list per key:
        #: the rules only read them)
        words_of: dict[str, list[str]] = {}
        self.words = [
            words_of[key] if key in words_of else words_of.setdefault(key, key.split())
            for key in self.keys
        ]
        #: each item's name and type, side by side: rules read them for items
        #: in the order of their groups, and a list of shared strings is
        #: quicker to reach than 100,000 records spread over memory
        self.names = [e.name for e in items]
        self.types = [e.type for e in items]
        #: the first item of each form, in item order
        self.reps: list[int] = []
        #: representative -> the items, documents and mentions of its form
        self.form_items: dict[int, list[int]] = {}
        self.form_docs: dict[int, list[str]] = {}
        self.form_mentions: dict[int, int] = {}
        self._find_forms(corrected)
        self.uf = UnionFind(len(items))
        #: Spelling variants held apart for want of shared context.
        self.gated: list[tuple[int, int]] = []

    def _find_forms(self, corrected: AbstractSet[tuple[str, str]]) -> None:
        """Fill the representatives and their forms (one pass, in item order)."""
        first: dict[tuple[str, str, tuple[str, ...]], int] = {}
        for i, entity in enumerate(self.items):
            alone = not self.keys[i] or (corrected and (entity.doc, entity.local_id) in corrected)
            rep = i if alone else first.setdefault((entity.name, entity.type, entity.aliases), i)
            if rep == i:
                self.reps.append(i)
                self.form_items[i], self.form_docs[i] = [i], [entity.doc]
                self.form_mentions[i] = entity.mentions
            else:
                self.form_items[rep].append(i)
                self.form_docs[rep].append(entity.doc)
                self.form_mentions[rep] += entity.mentions

    def label(self, i: int) -> str:
        return f"'{self.names[i]}'"

    def join(self, i: int, j: int, reason: str) -> None:
        self.uf.join(i, j, reason)

    # -- user corrections --------------------------------------------------------

    def apply_corrections(self, merges: Sequence[UserMerge], splits: Sequence[UserSplit]) -> None:
        if not merges and not splits:
            return  # the usual case: no map of every document entity is needed
        index = {(e.doc, e.local_id): i for i, e in enumerate(self.items)}
        for n, split in enumerate(splits):
            for side, keys in enumerate((split.moved, split.stay)):
                for key in keys:
                    if key in index:
                        self.uf.tag(index[key], n, side)
        for merge in merges:
            present = [index[k] for k in merge.members if k in index]
            for i in present[1:]:
                self.join(i, present[0], "merged by a user (storyledger merge)")

    # -- rules -------------------------------------------------------------------

    def same_name(self) -> None:
        by_key: dict[str, list[int]] = {}
        for i, key in enumerate(self.keys):
            if key:
                by_key.setdefault(key, []).append(i)
        for group in by_key.values():
            types = Counter(self.types[i] for i in group)
            if _conflicting_person(types):
                people = [i for i in group if self.types[i] == "PERSON"]
                others = [i for i in group if self.types[i] != "PERSON"]
                self._join_all(people)
                self._join_all(others)
            else:
                self._join_all(group)

    def _join_all(self, group: list[int]) -> None:
        first = self.names[group[0]]
        reasons: dict[str, str] = {}  # one string per spelling, not per document
        for i in group[1:]:
            name = self.names[i]
            if name not in reasons:
                reasons[name] = same_name_reason(name, first)
            self.join(i, group[0], reasons[name])

    def alias_of_other(self) -> None:
        """'Nordhavn' -> 'Nordhavn Freight Services' when one entity of the case gives it
        as an alias. An alias that is the holder's own name ("EADS" of "EADS N.V.")
        proves nothing, and a country never joins a holder that is not a place
        ("US" given as the initials of a university)."""
        owners: dict[str, set[int]] = {}
        places: dict[str, bool] = {}
        for i in self.reps:
            entity = self.items[i]
            for alias in entity.aliases:
                key = fold(alias)
                if key == self.keys[i]:
                    continue
                owners.setdefault(key, set()).add(self.uf.find(i))
                places[key] = places.get(key, False) or entity.type in PLACE_TYPES
        by_key: dict[str, list[int]] = {}
        for i in self.reps:
            by_key.setdefault(self.keys[i], []).append(i)
        for key, roots in owners.items():
            if len(roots) != 1 or key not in by_key:
                continue
            (root,) = roots
            for i in by_key[key]:
                if not places[key] and _is_country(self.items[i]):
                    continue
                owner = self.names[root]
                reason = f"{self.label(i)} is an alias of '{owner}' in another article"
                self.join(i, root, reason)

    def surname_to_full_name(self) -> None:
        full_by_surname: dict[str, set[int]] = {}
        for i in self.reps:
            words = self.words[i]
            if self.types[i] == "PERSON" and len(words) > 1:
                full_by_surname.setdefault(words[-1], set()).add(self.uf.find(i))
        for i in self.reps:
            words = self.words[i]
            if self.types[i] != "PERSON" or len(words) != 1:
                continue
            entity = self.items[i]
            roots = {self.uf.find(r) for r in full_by_surname.get(words[0], ())}
            if len(roots) == 1:
                (root,) = roots
                titled = strip_title(entity.name) != entity.name  # "Minister Kord"
                reason = (
                    f"{self.label(i)} is {'a title and ' if titled else ''}the surname of "
                    f"'{self.names[root]}', the only person of that surname in the case"
                )
                self.join(i, root, reason)

    def plural_groups(self) -> None:
        """'Russians' -> 'Russian': a group of people (NORP) named in the plural
        joins the same word in the singular."""
        by_key: dict[str, int] = {}
        for i in self.reps:
            if self.types[i] == "NORP":
                by_key.setdefault(self.keys[i], i)
        for i in self.reps:
            key = self.keys[i]
            if self.types[i] != "NORP" or (target := by_key.get(singular(key))) is None:
                continue
            if target != i:
                reason = f"{self.label(i)} is the plural of '{self.names[target]}'"
                self.join(i, target, reason)

    def acronyms(self) -> None:
        by_initials: dict[str, set[int]] = {}
        docs_of_root: dict[int, set[str]] = {}
        initials_of: dict[str, str | None] = {}  # per name: a case repeats its names
        for i in self.reps:
            root = self.uf.find(i)
            docs_of_root.setdefault(root, set()).update(self.form_docs[i])
            name = self.names[i]
            if name not in initials_of:
                several = len(name.split()) > 1
                initials_of[name] = acronym_of(without_legal_form(name)) if several else None
            if (initials := initials_of[name]) is not None:
                by_initials.setdefault(initials, set()).add(root)
        acronyms = {name for name in initials_of if ACRONYM.match(name)}
        for i in self.reps:
            name = self.names[i]
            if name not in acronyms:
                continue
            roots = {self.uf.find(r) for r in by_initials.get(name.replace("&", ""), ())}
            root_i = self.uf.find(i)
            linked = [r for r in roots if docs_of_root.get(r, set()) & docs_of_root[root_i]]
            if len(roots) == 1 and linked:
                reason = (
                    f"{self.label(i)} stands for '{self.names[linked[0]]}', "
                    "and an article names both"
                )
                self.join(i, linked[0], reason)

    def first_word_of_organisation(self) -> None:
        """'Apple' -> 'Apple Computer' when that organisation dominates the others named
        'Apple ...' in the case (three times the mentions of the next, at least three).
        A group of people ("Canadian", "European", typed NORP) never joins an
        organisation, and a word does not join a conference or programme named
        after it ("World", "World Wide Developers Conference")."""
        mentions: dict[str, Counter[int]] = {}
        for i in self.reps:
            words = self.words[i]
            named_after = run_by_its_first_word(self.keys[i])  # "World Wide ... Conference"
            if self.types[i] == "ORG" and len(words) > 1 and not named_after:
                mentions.setdefault(words[0], Counter())[self.uf.find(i)] += self.form_mentions[i]
        for i in self.reps:
            key, kind = self.keys[i], self.types[i]
            if kind != "ORG" or " " in key or key not in mentions:
                continue  # a group ("Canadian", "European") is not "Canadian Auto Workers"
            ranked = mentions[key].most_common(2)
            top_root, top = ranked[0]
            runner_up = ranked[1][1] if len(ranked) > 1 else 0
            if top >= 3 and top >= 3 * runner_up:
                reason = (
                    f"{self.label(i)} is the first word of '{self.names[top_root]}', "
                    "the organisation of that name most mentioned in the case"
                )
                self.join(i, top_root, reason)

    def brand_with_trade_words(self) -> None:
        """'Apple Computer' and 'Ford Motors' -> 'Apple', 'Ford', when the case also
        names the brand alone as an organisation."""
        brands: dict[str, int] = {}
        for i in self.reps:
            if self.types[i] == "ORG" and " " not in self.keys[i]:
                brands.setdefault(self.keys[i], i)
        for i in self.reps:
            first, *rest = self.words[i] or [""]
            if self.types[i] != "ORG" or not rest or first not in brands:
                continue
            if all(word in TRADE_WORDS for word in rest):
                target = brands[first]
                reason = (
                    f"{self.label(i)} is '{self.names[target]}' followed by words "
                    "for its trade, and the case names the brand alone"
                )
                self.join(i, target, reason)

    def name_prefixes(self) -> None:
        """'Dow Jones' -> 'Dow Jones Industrial Average': a name of two or more words
        that begins exactly one longer name of the same type in the case."""
        longer: dict[tuple[str, str], set[int]] = {}
        prefixes: dict[str, list[str]] = {}  # per key: a case repeats its names
        for i in self.reps:
            key = self.keys[i]
            if key not in prefixes:
                words = self.words[i]
                prefixes[key] = [" ".join(words[:cut]) for cut in range(2, len(words))]
            for prefix in prefixes[key]:
                longer.setdefault((self.types[i], prefix), set()).add(self.uf.find(i))
        for i in self.reps:
            key = self.keys[i]
            if len(self.words[i]) < 2 or self.types[i] == "PERSON":
                continue
            roots = {self.uf.find(r) for r in longer.get((self.types[i], key), ())} - {
                self.uf.find(i)
            }
            if len(roots) == 1:
                (root,) = roots
                reason = (
                    f"{self.label(i)} begins '{self.names[root]}', the only longer "
                    "name of that type it begins in the case"
                )
                self.join(i, root, reason)

    def exonyms(self) -> None:
        by_country: dict[str, int] = {}
        for i in self.reps:
            name = self.names[i]
            if self.types[i] not in PLACE_TYPES and not GOVERNMENT.search(name):
                continue
            country = country_named(name)
            if country is None:
                continue
            if country in by_country:
                first = by_country[country]
                if fold(name) != fold(self.names[first]):
                    reason = f"{self.label(i)} and '{self.names[first]}' name " + (
                        f"one region (ISO 3166-2: {country})"
                        if "-" in country
                        else f"one country or its government (ISO 3166: {country})"
                    )
                    self.join(i, first, reason)
            else:
                by_country[country] = i

    def national_institutions(self) -> None:
        """'U.S. Senate' = 'United States Senate' (one country, one institution name;
        'Department of Labor' = 'Labor Department'); a bare 'Senate' joins them when
        the articles naming it qualify 'Senate' with that country only, or, if they
        qualify it with none, the case does."""
        qualified: dict[str, dict[str, list[int]]] = {}
        bare: dict[str, list[int]] = {}
        for i in self.reps:
            if self.types[i] != "ORG":
                continue
            code, key = institution_of(self.names[i])
            if code is None:
                bare.setdefault(key, []).append(i)
            elif key:
                qualified.setdefault(key, {}).setdefault(code, []).append(i)
        for countries in qualified.values():
            for code, group in countries.items():
                for i in group[1:]:
                    reason = (
                        f"{self.label(i)} and '{self.names[group[0]]}' name one "
                        f"institution of one country (ISO 3166: {code})"
                    )
                    self.join(i, group[0], reason)
        for key, group in bare.items():
            for i in group[1:]:
                reason = f"{self.label(i)} and '{self.names[group[0]]}' name one institution"
                self.join(i, group[0], reason)
            if key in qualified:
                self._bare_institution(self._every_item(group), qualified[key])

    def _every_item(self, reps: list[int]) -> list[int]:
        """The items of the forms of ``reps``, in item order."""
        return sorted(i for rep in reps for i in self.form_items[rep])

    def _bare_institution(self, group: list[int], countries: dict[str, list[int]]) -> None:
        """Join a bare institution name to the one country's institution of that name."""
        holders = [j for members in countries.values() for j in self._every_item(members)]
        docs = {self.items[i].doc for i in group}
        near = [j for j in holders if self.items[j].doc in docs]
        roots = {self.uf.find(j) for j in near or holders}
        if len(roots) != 1:
            return
        target = (near or holders)[0]
        where = "in its articles" if near else "in the case"
        for i in group:
            reason = (
                f"{self.label(i)} is '{self.names[target]}' without its country, "
                f"the only country it is named with {where}"
            )
            self.join(i, target, reason)

    def surnames_typed_as_places(self) -> None:
        """'Henderson' (typed a place) -> 'Fritz Henderson' when the same article names
        exactly one person of that surname and the word is not a country."""
        surnames: dict[tuple[str, str], set[int]] = {}
        for i in self.reps:
            words = self.words[i]
            if self.types[i] == "PERSON" and len(words) > 1:
                root = self.uf.find(i)
                for doc in self.form_docs[i]:
                    surnames.setdefault((doc, words[-1]), set()).add(root)
        places = [
            i
            for i in self.reps
            if self.types[i] in PLACE_TYPES
            and " " not in self.keys[i]
            and not _is_country(self.items[i])
        ]
        for i in self._every_item(places):  # the document decides: every item
            key = self.keys[i]
            roots = {self.uf.find(r) for r in surnames.get((self.items[i].doc, key), ())}
            if len(roots) == 1:
                (root,) = roots
                reason = (
                    f"{self.label(i)} is the surname of '{self.names[root]}', "
                    "whom the same article names"
                )
                self.join(i, root, reason)

    def numbered_buildings(self) -> None:
        by_number: dict[str, set[int]] = {}
        for i in self.reps:
            match = NUMBERED.match(self.keys[i])
            if self.types[i] == "FAC" and match and match.group(1) in BUILDING_NOUNS:
                by_number.setdefault(match.group(2), set()).add(i)
        for group in by_number.values():
            roots = {self.uf.find(i) for i in group}
            if len(roots) < 2 or len({self.keys[i] for i in group}) > 2:
                continue
            first, *rest = sorted(group)
            for i in rest:
                reason = (
                    f"{self.label(i)} and '{self.names[first]}' are the only "
                    "numbered buildings with that number in the case"
                )
                self.join(i, first, reason)

    def spelling_variants(self) -> None:
        context = self._contexts()
        for i, j, score in fuzzy.variant_pairs(self.items, self.keys, self.uf.find, self.reps):
            if context(self.uf.find(i)).isdisjoint(context(self.uf.find(j))):
                self.gated.append((i, j))
                continue
            one_article = not set(self.form_docs[i]).isdisjoint(self.form_docs[j])
            why = "named in one article" if one_article else "articles share other entities"
            reason = (
                f"{self.label(i)} and '{self.names[j]}' are spellings of one name "
                f"({score:.0f}% similar, same type, {why})"
            )
            self.join(i, j, reason)

    def _contexts(self) -> Callable[[int], set[int]]:
        """RETURNS: root -> roots of the other entities named in its documents, as
        the clusters are now (worked out for the roots asked about only)."""
        by_doc: dict[str, set[int]] = {}
        docs_of: dict[int, set[str]] = {}
        for i in self.reps:
            root = self.uf.find(i)
            for doc in self.form_docs[i]:
                by_doc.setdefault(doc, set()).add(root)
                docs_of.setdefault(root, set()).add(doc)
        known: dict[int, set[int]] = {}

        def context(root: int) -> set[int]:
            if root not in known:
                found = known[root] = set().union(*(by_doc[d] for d in docs_of[root]))
                found.discard(root)
            return known[root]

        return context


def _organisation_key(name: str) -> str:
    """RETURNS (str): the folded name without trailing legal forms ('Senate Inc.' -> 'senate')."""
    words = fold(name).split()
    while len(words) > 1 and words[-1] in ORG_SUFFIXES:
        words.pop()
    return " ".join(words)


def institution_key(name: str) -> str:
    """RETURNS (str): the organisation key with a ministry's two word orders made one:
    'Department of Labor' and 'Labor Department' -> 'labor department'."""
    key = _organisation_key(name)
    match = _OF_FORM.match(key)
    return f"{match.group(2)} {match.group(1)}" if match else key


@lru_cache(maxsize=1 << 16)  # per name: a case repeats its names
def country_named(name: str) -> str | None:
    """RETURNS (str | None): the alpha-2 code of the country that a place name or a
    government's name ("Canadian Government", "the government of Italy") names, or
    the ISO 3166-2 code of the region ("Apulia", "Puglia" -> IT-75)."""
    bare = GOVERNMENT.sub("", name).strip()
    country = country_key(bare)
    if country is None and bare != name:
        country = demonym_key(bare)  # "Canadian Government"
    return country or subdivision_key(bare)


@lru_cache(maxsize=1 << 16)
def institution_of(name: str) -> tuple[str | None, str]:
    """RETURNS: (the country code that qualifies it or None, its institution key):
    "U.S. Senate" -> ("US", "senate"); "Senate" -> (None, "senate")."""
    found = country_prefix(name)
    if found is None:
        return None, institution_key(name)
    return found[0], institution_key(found[1])


def _is_country(entity: LocalEntity) -> bool:
    """True for a place whose name is a country's ('US', 'Italia')."""
    return entity.type in PLACE_TYPES and country_key(entity.name) is not None


def _conflicting_person(types: Counter[str]) -> bool:
    """True when one name is both a person and something else in 2+ articles each."""
    person = types.get("PERSON", 0)
    return person >= 2 and sum(types.values()) - person >= 2


def same_name_reason(name: str, first: str) -> str:
    """RETURNS (str): why ``name`` joined the first entity named ``first`` of its name."""
    if name == first:
        return f"'{name}' is named in several articles"
    return f"'{name}' and '{first}' are the same name (case, accents or titles aside)"


def resolve_entities(
    items: Sequence[LocalEntity],
    merges: Sequence[UserMerge] = (),
    splits: Sequence[UserSplit] = (),
) -> list[CaseEntity]:
    """Group document entities into case entities.

    items (Sequence[LocalEntity]): every document's entities, in any order.
    merges, splits: the user's corrections; they win over every rule.
    RETURNS (list[CaseEntity]): sorted by id; ids are stable slugs of the name.
    """
    corrected = {key for merge in merges for key in merge.members} | {
        key for split in splits for key in (*split.moved, *split.stay)
    }
    resolver = _Resolver(items, corrected)
    resolver.apply_corrections(merges, splits)
    resolver.same_name()
    resolver.alias_of_other()
    resolver.surname_to_full_name()
    resolver.plural_groups()
    resolver.acronyms()
    resolver.brand_with_trade_words()
    resolver.name_prefixes()
    resolver.first_word_of_organisation()
    resolver.exonyms()
    resolver.national_institutions()
    resolver.numbered_buildings()
    resolver.spelling_variants()
    resolver.alias_of_other()
    resolver.surnames_typed_as_places()
    resolver.surname_to_full_name()
    groups = resolver.uf.clusters(range(len(items)))
    find = resolver.uf.find
    gated = {find(n) for pair in resolver.gated if find(pair[0]) != find(pair[1]) for n in pair}
    return _build(items, groups, resolver.uf.reasons, gated)


def _build(
    items: Sequence[LocalEntity],
    groups: dict[int, list[int]],
    reasons: Sequence[list[str] | None],
    gated: set[int],
) -> list[CaseEntity]:
    """Case entities from clusters; ids are slugs, a repeat numbered in order of arrival."""
    drafts = []
    for root, group in groups.items():
        members = [items[i] for i in group]
        name = canonical_name(members)
        drafts.append((slug(name), group[0], name, group, members, root in gated))
    drafts.sort(key=lambda draft: draft[:2])
    used: Counter[str] = Counter()
    entities = []
    for base, _first, name, group, members, held in drafts:
        used[base] += 1
        entity_id = base if used[base] == 1 else f"{base}-{used[base]}"
        entity = _case_entity(entity_id, name, members, group, reasons)
        entities.append(dataclasses.replace(entity, gated=held) if held else entity)
    return entities


def _case_entity(
    entity_id: str,
    name: str,
    members: list[LocalEntity],
    group: list[int],
    reasons: Sequence[list[str] | None],
) -> CaseEntity:
    types = Counter[str]()
    for m in members:
        types[m.type] += m.mentions
    aliases: dict[str, None] = {}
    for m in members:
        for form in (m.name, *m.aliases):
            if form != name:
                aliases.setdefault(form, None)
    because = dict.fromkeys(reason for i in group for reason in reasons[i] or ())
    return CaseEntity(
        id=entity_id,
        name=name,
        type=types.most_common(1)[0][0],
        aliases=tuple(aliases),
        merged_because=tuple(because),
        members=tuple(
            Member(m.doc, m.local_id, m.name, found[0] if (found := reasons[i]) else None)
            for m, i in zip(members, group, strict=True)
        ),
        local=tuple(members),
    )


def canonical_name(members: Sequence[LocalEntity]) -> str:
    """The name to show: for people the fullest untitled name, for others the most
    mentioned one; never an all-capitals form when another exists."""
    counts: dict[str, int] = {}
    for m in members:
        counts[m.name] = counts.get(m.name, 0) + m.mentions
    person = Counter(m.type for m in members).most_common(1)[0][0] == "PERSON"
    return canonical_from_counts(counts, person)


def canonical_from_counts(counts: dict[str, int], person: bool) -> str:
    """:func:`canonical_name` from the mentions of each name and whether it is a person."""

    def score(name: str) -> tuple[int, ...]:
        bare = strip_title(name)
        words = len(bare.split())
        if person:
            return (int(bare == name), words, int(not name.isupper()), counts[name])
        return (int(not name.isupper()), counts[name], words)

    return max(sorted(counts), key=score)


def slug(name: str) -> str:
    """RETURNS (str): a readable id: 'Tomas Brekke' -> 'tomas-brekke'."""
    text = re.sub(r"[^a-z0-9]+", "-", fold(name).replace("&", " and ")).strip("-")
    return text[:60] or "entity"
