"""The rule keys: every join a full pass makes is between entities that share a key.

Incremental merging (``store/update_entities.py``) trusts that a new entity
can only be joined to case entities its probe keys find. This checks that
promise rule by rule, on invented names, by watching every join of a full pass.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from storyledger.resolve import entities as rules
from storyledger.resolve.entities import LocalEntity, resolve_entities, slug
from storyledger.resolve.keys import close, entity_state, probe_keys, rule_keys
from storyledger.resolve.unionfind import UnionFind


def local(
    doc: str, name: str, type_: str = "PERSON", aliases: tuple[str, ...] = (), mentions: int = 1
) -> LocalEntity:
    return LocalEntity(doc, f"{doc}-{slug(name)}", name, type_, aliases, mentions)


#: One or more joins per rule of resolve/entities.py.
CASE = [
    local("d1", "Tomas Brekke"),
    local("d2", "TOMAS BREKKE"),  # the same name
    local("d3", "Nordhavn Freight Services", "ORG", ("Nordhavn",)),
    local("d4", "Nordhavn", "ORG"),  # an alias given elsewhere
    local("d5", "Brekke"),  # the surname of the only full name
    local("d6", "Maraven Port Authority", "ORG"),
    local("d6", "MPA", "ORG"),  # an acronym and its expansion in one article
    local("d7", "Halcyon", "ORG"),
    local("d8", "Halcyon Motors", "ORG"),  # a brand and trade words
    local("d9", "Dow Jones", "ORG"),
    local("d10", "Dow Jones Industrial Average", "ORG"),  # a name prefix
    local("d11", "Kestrel", "ORG"),
    local("d12", "Kestrel Airways Group", "ORG", mentions=5),  # a dominant first word
    local("d13", "Norway", "GPE"),
    local("d14", "Norge", "GPE"),
    local("d15", "the government of Norway", "ORG"),  # exonyms, governments
    local("d16", "U.S. Senate", "ORG"),
    local("d17", "United States Senate", "ORG"),
    local("d16", "Senate", "ORG"),  # one country's institution
    local("d18", "Hall 14", "FAC"),
    local("d19", "Warehouse 14", "FAC"),  # numbered buildings
    local("d20", "Dmitry Kikut"),
    local("d21", "Dmitry Kikot"),  # a spelling variant with shared context
    local("d20", "Korsvik", "GPE"),
    local("d21", "Korsvik", "GPE"),
    local("d21", "Breke"),  # a bare surname's variant
    local("d22", "Fritz Henderson"),
    local("d22", "Henderson", "GPE"),  # a surname typed as a place
]


def _related(a: LocalEntity, b: LocalEntity) -> bool:
    """True when ``a`` looks up a key that ``b`` stores (with a close form)."""
    stored = {}
    for key, value in rule_keys(b):
        stored.setdefault(key, []).append(value)
    return any(
        close(key, value, other) for key, value in probe_keys(a) for other in stored.get(key, ())
    )


@pytest.fixture
def joins(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[set[int], set[int]]]]:
    """Every successful join of a full pass, as the two clusters it joined."""
    seen: list[tuple[set[int], set[int]]] = []
    original = UnionFind.join

    def watched(self: UnionFind, item: int, target: int, reason: str) -> bool:
        size = len(self._parent)
        before = (
            {n for n in range(size) if self.find(n) == self.find(item)},
            {n for n in range(size) if self.find(n) == self.find(target)},
        )
        joined = original(self, item, target, reason)
        if joined:
            seen.append(before)
        return joined

    monkeypatch.setattr(UnionFind, "join", watched)
    yield seen


def test_every_join_is_between_entities_that_share_a_key(
    joins: list[tuple[set[int], set[int]]],
) -> None:
    resolve_entities(CASE)
    assert len(joins) >= 14, "every rule of the case joins something"
    for left, right in joins:
        pairs = [(CASE[a], CASE[b]) for a in left for b in right]
        assert any(_related(a, b) or _related(b, a) for a, b in pairs), (
            [CASE[n].name for n in left],
            [CASE[n].name for n in right],
        )


def test_relations_look_both_ways() -> None:
    """A probe of one side finds the other side's stored key, whichever arrives first."""
    pairs = [
        (local("a", "Brekke"), local("b", "Tomas Brekke")),
        (local("a", "MPA", "ORG"), local("b", "Maraven Port Authority", "ORG")),
        (local("a", "Kestrel", "ORG"), local("b", "Kestrel Airways", "ORG")),
        (local("a", "Dow Jones", "ORG"), local("b", "Dow Jones Industrial Average", "ORG")),
        (local("a", "Henderson", "GPE"), local("b", "Fritz Henderson")),
        (local("a", "Nordhavn", "ORG"), local("b", "Nordhavn Freight", "ORG", ("Nordhavn",))),
    ]
    for a, b in pairs:
        assert _related(a, b) and _related(b, a), (a.name, b.name)


def test_two_full_names_with_one_surname_are_not_related() -> None:
    """Only a bare surname relates them; without one, a new full name stays incremental."""
    assert not _related(local("a", "Jarek Nowak"), local("b", "Marta Nowak"))
    assert not _related(local("a", "Maraven Police", "ORG"), local("b", "Maraven Port", "ORG"))


def test_state_gives_the_full_pass_name_and_type() -> None:
    members = [local("d1", "Chief Brekke"), local("d2", "Tomas Brekke"), local("d3", "BREKKE")]
    state = entity_state(members, gated=False)
    assert state.canonical_name() == rules.canonical_name(members) == "Tomas Brekke"
    assert state.type() == "PERSON"
    assert state.same_name["brekke"][:2] == [2, 0]
