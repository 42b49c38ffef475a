"""Spelling and transliteration variants of names (Kikut/Kikot, Brekke/Breke).

Candidates are compared only within small blocks (same type and first
letters), so the pass stays near-linear in the number of distinct names.
Thresholds are rapidfuzz ``ratio`` scores (0-100). Two letters swapped side
by side ("Chrylser") is a typing slip and counts as a variant whatever the
score; for names other than people's, the words the two names do not share
must themselves be alike ("Changi International Airport" is not
"Chiang Mai International Airport", however long the shared tail).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

if TYPE_CHECKING:
    from storyledger.resolve.entities import LocalEntity

#: A bare surname against the surname of a full name ("Breke" ~ "Brekke").
SURNAME_SCORE = 88.0
#: Two full names with the same given name ("Dmitry Kikut" ~ "Dmitry Kikot").
FULL_NAME_SCORE = 88.0
#: The surnames of two full names with the same given name, before the whole names are scored.
PERSON_SURNAME_SCORE = 75.0
#: Organisations, places, facilities: whole names.
OTHER_SCORE = 92.0
#: The words two non-person names do not share ("Defence" ~ "Defense").
DISTINCT_WORDS_SCORE = 80.0
#: The lowest score a swap of two adjacent letters gives a name of MIN_LENGTH.
TYPO_FLOOR = 80.0
MIN_LENGTH = 5

Pair = tuple[int, int, float]


def _forms(
    items: Sequence[LocalEntity], keys: Sequence[str], looked_at: Sequence[int]
) -> dict[tuple[str, str], int]:
    """(type, key) -> the first item with that form."""
    forms: dict[tuple[str, str], int] = {}
    for i in looked_at:
        key = keys[i]
        if len(key) >= MIN_LENGTH:
            forms.setdefault((items[i].type, key), i)
    return forms


def _blocks(forms: dict[tuple[str, str], int]) -> dict[tuple[Any, ...], list[tuple[str, int]]]:
    """Forms that may be variants of each other: one type and the same first two
    letters; for people, full names with the same given name, as many words and
    the same surname initial (what :func:`_person_pair` asks; bare surnames are
    compared by :func:`_surname_variants`), so a case of thousands of people
    does not compare each with every other."""
    blocks: dict[tuple[Any, ...], list[tuple[str, int]]] = {}
    for (kind, key), i in forms.items():
        words = key.split()
        if kind != "PERSON":
            block: tuple[Any, ...] = (kind, key[:2])
        elif len(words) > 1:
            block = (kind, words[0], words[-1][:1], len(words))
        else:
            continue
        blocks.setdefault(block, []).append((key, i))
    return blocks


def _person_pair(key: str, other: str) -> bool:
    """Two full names that may be one person: same given name, similar surnames."""
    a, b = key.split(), other.split()
    if len(a) < 2 or len(b) < 2 or a[0] != b[0] or len(a) != len(b):
        return False
    return bool(fuzz.ratio(a[-1], b[-1]) >= PERSON_SURNAME_SCORE)


def _swapped_letters(key: str, other: str) -> bool:
    """True when ``other`` is ``key`` with two adjacent letters swapped ('chrylser')."""
    if len(key) != len(other):
        return False
    diffs = [n for n, (a, b) in enumerate(zip(key, other, strict=True)) if a != b]
    if len(diffs) != 2 or diffs[1] != diffs[0] + 1:
        return False
    first, second = diffs
    return key[first] == other[second] and key[second] == other[first]


def _distinct_words_agree(key: str, other: str) -> bool:
    """True when the words of two names that are not shared are themselves alike."""
    a, b = key.split(), other.split()
    shared = set(a) & set(b)
    rest_a = " ".join(w for w in a if w not in shared)
    rest_b = " ".join(w for w in b if w not in shared)
    if not rest_a or not rest_b:
        return True
    return bool(fuzz.ratio(rest_a, rest_b) >= DISTINCT_WORDS_SCORE)


def _is_variant(kind: str, key: str, other: str, score: float, threshold: float) -> bool:
    if kind == "PERSON" and not _person_pair(key, other):
        return False
    if score < threshold and not _swapped_letters(key, other):
        return False
    return kind == "PERSON" or _distinct_words_agree(key, other)


def is_variant(kind: str, key: str, other: str) -> bool:
    """RETURNS (bool): True when two folded names of type ``kind`` pass as spelling
    variants (what :func:`variant_pairs` yields, context aside)."""
    threshold = FULL_NAME_SCORE if kind == "PERSON" else OTHER_SCORE
    score = fuzz.ratio(key, other)
    return score >= TYPO_FLOOR and _is_variant(kind, key, other, score, threshold)


Close = Callable[[int], list[tuple[str, float, int]]]


def _close_names(names: list[str]) -> Close:
    """RETURNS: n -> (name, score, offset) for the later names of a block that score
    at least TYPO_FLOOR against name n, best first."""

    def close(n: int) -> list[tuple[str, float, int]]:
        found = process.extract(
            names[n], names[n + 1 :], scorer=fuzz.ratio, score_cutoff=TYPO_FLOOR, limit=None
        )
        return [(other, score, offset) for other, score, offset in found]

    return close


def _close_people(names: list[str]) -> Close:
    """The same for a block of full names: the surnames are compared first, as
    :func:`_person_pair` asks, and only those close enough are scored whole. A
    block of one given name and surname initial grows with the case, and most
    of its names score over TYPO_FLOOR on the shared given name alone."""
    surnames = [name.split()[-1] for name in names]

    def close(n: int) -> list[tuple[str, float, int]]:
        near = process.extract(
            surnames[n],
            surnames[n + 1 :],
            scorer=fuzz.ratio,
            score_cutoff=PERSON_SURNAME_SCORE,
            limit=None,
        )
        found = []
        for _surname, _score, offset in near:
            other = names[n + 1 + offset]
            score = fuzz.ratio(names[n], other)
            if score >= TYPO_FLOOR:
                found.append((other, score, offset))
        found.sort(key=lambda f: (-f[1], f[2]))  # as process.extract orders them
        return found

    return close


def variant_pairs(
    items: Sequence[LocalEntity],
    keys: Sequence[str],
    find: Callable[[int], int],
    looked_at: Sequence[int] | None = None,
) -> Iterator[Pair]:
    """Yield (item, target, score) for names that look like spellings of one name.

    looked_at: the items to compare, in item order (default: all); an item left
    out must be in the cluster of an earlier one of the same name.
    """
    looked_at = range(len(items)) if looked_at is None else looked_at
    forms = _forms(items, keys, looked_at)
    for (kind, *_), members in _blocks(forms).items():
        threshold = FULL_NAME_SCORE if kind == "PERSON" else OTHER_SCORE
        names = [key for key, _ in members]
        close = _close_people(names) if kind == "PERSON" else _close_names(names)
        for n, (key, i) in enumerate(members):
            for other, score, offset in close(n):
                j = members[n + 1 + offset][1]
                if find(i) != find(j) and _is_variant(kind, key, other, score, threshold):
                    yield i, j, score
    yield from _surname_variants(items, keys, find, looked_at)


def _surname_variants(
    items: Sequence[LocalEntity],
    keys: Sequence[str],
    find: Callable[[int], int],
    looked_at: Sequence[int],
) -> Iterator[Pair]:
    """A bare surname that resembles the surname of exactly one person."""
    surnames: dict[str, dict[str, set[int]]] = {}
    bare: dict[str, list[int]] = {}
    for i in looked_at:
        key = keys[i]
        if items[i].type != "PERSON":
            continue
        words = key.split()
        if len(words) > 1:
            surnames.setdefault(words[-1][:1], {}).setdefault(words[-1], set()).add(find(i))
        elif len(key) >= MIN_LENGTH:
            bare.setdefault(key, []).append(i)
    for key, holders_of_key in bare.items():
        block = surnames.get(key[:1], {})
        found = process.extract(
            key, list(block), scorer=fuzz.ratio, score_cutoff=SURNAME_SCORE, limit=None
        )
        matches = {find(root): score for surname, score, _ in found for root in block[surname]}
        if len(matches) != 1:
            continue
        ((root, score),) = matches.items()
        for i in holders_of_key:
            yield i, root, score
