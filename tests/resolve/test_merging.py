"""Cross-document entity merging rules, on hand-made document entities."""

from __future__ import annotations

import pytest

from storyledger.resolve.entities import (
    CaseEntity,
    LocalEntity,
    UserMerge,
    UserSplit,
    canonical_name,
    resolve_entities,
    slug,
)
from storyledger.resolve.unionfind import UnionFind


def local(doc: str, name: str, type_: str = "PERSON", aliases: tuple[str, ...] = ()) -> LocalEntity:
    return LocalEntity(doc, f"{doc}-{slug(name)}", name, type_, aliases)


def grouping(entities: list[CaseEntity]) -> set[frozenset[str]]:
    return {frozenset(f"{m.doc}:{m.name}" for m in e.members) for e in entities}


def together(entities: list[CaseEntity], *names: str) -> bool:
    return any({n for n in names} <= {m.name for m in e.members} for e in entities)


@pytest.mark.parametrize(
    ("a", "b", "type_"),
    [
        ("Luka Radić", "LUKA RADIC", "PERSON"),
        ("Tomas Brekke", "Chief Fire Officer Brekke", "PERSON"),
        ("Tomas Brekke", "Breke", "PERSON"),
        ("Dmitry Kikut", "Dmitry Kikot", "PERSON"),
        ("Port of Maraven", "port of Maraven", "FAC"),
        ("Italy", "Italia", "GPE"),
        ("Apulia", "Puglia", "GPE"),
        ("Lombardy", "Lombardia", "LOC"),
        ("Warehouse 14", "Hall 14", "FAC"),
        ("General Motors Corporation", "General Motors", "ORG"),
        ("Chrysler LLC", "Chrysler Group", "ORG"),
        ("Dow Jones Industrial Average", "Dow Jones", "ORG"),
        ("United States", "U.S.", "GPE"),
    ],
)
def test_variants_of_one_name_merge_with_a_reason(a: str, b: str, type_: str) -> None:
    shared = local("d1", "Maraven Fire and Rescue", "ORG")
    items = [local("d1", a, type_), shared, local("d2", b, type_), local("d2", shared.name, "ORG")]
    entities = resolve_entities(items)
    assert together(entities, a, b)
    merged = next(e for e in entities if a in {m.name for m in e.members})
    assert merged.merged_because, "a merge must say why"
    assert all(isinstance(reason, str) and reason for reason in merged.merged_because)


def test_people_with_one_surname_and_different_given_names_stay_apart() -> None:
    items = [
        local("d1", "Jarek Nowak"),
        local("d2", "Marta Nowak"),
        local("d3", "Nowak"),
        local("d3", "Jarek Nowack"),
    ]
    entities = resolve_entities(items)
    assert not together(entities, "Jarek Nowak", "Marta Nowak")
    assert not together(entities, "Nowak", "Marta Nowak")
    assert not together(entities, "Nowak", "Jarek Nowak"), "an ambiguous surname stays alone"


def test_bare_surname_joins_the_only_full_name() -> None:
    entities = resolve_entities([local("d1", "Anneliese Kord"), local("d2", "Minister Kord")])
    assert together(entities, "Anneliese Kord", "Minister Kord")
    kord = entities[0]
    assert kord.name == "Anneliese Kord"
    assert kord.id == "anneliese-kord"
    assert kord.aliases == ("Minister Kord",)


def test_acronym_joins_its_expansion_only_when_an_article_names_both() -> None:
    apart = resolve_entities(
        [local("d1", "Nordhavn Freight Services", "ORG"), local("d2", "NFS", "ORG")]
    )
    assert not together(apart, "NFS", "Nordhavn Freight Services")
    linked = resolve_entities(
        [
            local("d1", "Nordhavn Freight Services", "ORG"),
            local("d2", "NFS", "ORG"),
            local("d2", "Nordhavn Freight Services", "ORG"),
        ]
    )
    assert together(linked, "NFS", "Nordhavn Freight Services")


def test_alias_given_in_another_article_joins() -> None:
    items = [
        local("d1", "Nordhavn Freight Services", "ORG", aliases=("Nordhavn",)),
        local("d2", "Nordhavn", "NORP"),
    ]
    entities = resolve_entities(items)
    assert together(entities, "Nordhavn", "Nordhavn Freight Services")
    assert entities[0].type == "ORG"


def test_fuzzy_match_needs_shared_context() -> None:
    items = [local("d1", "Halcyon Mutual", "ORG"), local("d2", "Halcyon Mutuals", "ORG")]
    assert not together(resolve_entities(items), "Halcyon Mutual", "Halcyon Mutuals")


def test_different_types_do_not_fuzzy_merge() -> None:
    shared = [local("d1", "Maraven Police", "ORG"), local("d2", "Maraven Police", "ORG")]
    items = [local("d1", "Lindholm", "GPE"), local("d2", "Lindholms", "PERSON"), *shared]
    assert not together(resolve_entities(items), "Lindholm", "Lindholms")


def test_user_merge_and_split_win_over_rules() -> None:
    a, b, c = local("d1", "Tomas Brekke"), local("d2", "Breke"), local("d3", "Courier", "ORG")
    split = UserSplit(moved=((b.doc, b.local_id),), stay=((a.doc, a.local_id),))
    merge = UserMerge(((a.doc, a.local_id), (c.doc, c.local_id)))
    entities = resolve_entities([a, b, c], merges=[merge], splits=[split])
    assert not together(entities, "Tomas Brekke", "Breke")
    assert together(entities, "Tomas Brekke", "Courier")
    assert any("user" in r for e in entities for r in e.merged_because)


def test_resolution_does_not_depend_on_input_order() -> None:
    items = [
        local("d1", "Tomas Brekke"),
        local("d2", "Brekke"),
        local("d3", "Chief Brekke"),
        local("d4", "Jarek Nowak"),
        local("d5", "Marta Nowak"),
        local("d5", "Maraven", "GPE"),
        local("d6", "MARAVEN", "GPE"),
    ]
    forward = grouping(resolve_entities(items))
    backward = grouping(resolve_entities(list(reversed(items))))
    assert forward == backward
    assert [e.id for e in resolve_entities(items)] == [e.id for e in resolve_entities(items[::-1])]


def test_canonical_name_prefers_full_untitled_names() -> None:
    members = [local("d1", "Chief Brekke"), local("d2", "Tomas Brekke"), local("d3", "BREKKE")]
    assert canonical_name(members) == "Tomas Brekke"


def test_ids_are_unique_even_for_equal_names() -> None:
    items = [
        local("d1", "Jarek Nowak"),
        local("d2", "Jarek Nowak", "ORG"),
        local("d3", "Jarek Nowak", "ORG"),
        local("d4", "Jarek Nowak"),
    ]
    ids = [e.id for e in resolve_entities(items)]
    assert len(ids) == len(set(ids))


def test_a_government_is_its_country() -> None:
    items = [local("d1", "Canada", "GPE"), local("d2", "the government of Canada", "ORG")]
    assert together(resolve_entities(items), "Canada", "the government of Canada")


def test_a_brand_with_trade_words_joins_the_brand_named_alone() -> None:
    items = [local("d1", "Apple", "ORG"), local("d2", "Apple Computer", "ORG")]
    assert together(resolve_entities(items), "Apple", "Apple Computer")
    corps = [local("d1", "Apple", "ORG"), local("d2", "Apple Corps", "ORG")]
    assert not together(resolve_entities(corps), "Apple", "Apple Corps")


def test_a_name_prefix_of_two_longer_names_stays_apart() -> None:
    items = [
        local("d1", "Ford Motor", "ORG"),
        local("d2", "Ford Motor Credit", "ORG"),
        local("d3", "Ford Motor Australia", "ORG"),
    ]
    entities = resolve_entities(items)
    assert not together(entities, "Ford Motor", "Ford Motor Credit")
    assert not together(entities, "Ford Motor", "Ford Motor Australia")


def test_one_countrys_institution_under_its_country_names_merges() -> None:
    items = [
        local("d1", "U.S. Tariff Board", "ORG"),
        local("d2", "United States Tariff Board", "ORG"),
        local("d3", "US Department of Fisheries", "ORG"),
        local("d4", "U.S. Fisheries Department", "ORG"),
    ]
    entities = resolve_entities(items)
    assert together(entities, "U.S. Tariff Board", "United States Tariff Board")
    assert together(entities, "US Department of Fisheries", "U.S. Fisheries Department")
    assert not together(entities, "U.S. Tariff Board", "U.S. Fisheries Department")


def test_a_bare_institution_joins_the_one_country_its_article_names_it_with() -> None:
    items = [
        local("d1", "Italy Tariff Board", "ORG"),
        local("d2", "United States Tariff Board", "ORG"),
        local("d2", "Tariff Board", "ORG"),
    ]
    entities = resolve_entities(items)
    assert together(entities, "Tariff Board", "United States Tariff Board")
    assert not together(entities, "Tariff Board", "Italy Tariff Board")
    reason = next(r for e in entities for r in e.merged_because if "without its country" in r)
    assert "in its articles" in reason


def test_a_bare_institution_of_two_countries_stays_alone() -> None:
    items = [
        local("d1", "Italy Tariff Board", "ORG"),
        local("d2", "United States Tariff Board", "ORG"),
        local("d3", "Tariff Board", "ORG"),
    ]
    entities = resolve_entities(items)
    assert not together(entities, "Tariff Board", "United States Tariff Board")
    assert not together(entities, "Tariff Board", "Italy Tariff Board")
    alone = resolve_entities(items[1:])
    assert together(alone, "Tariff Board", "United States Tariff Board"), "one country in the case"


def test_a_country_prefix_needs_a_capitalised_name_after_it() -> None:
    items = [local("d1", "Air Canada", "ORG"), local("d2", "Air", "ORG")]
    assert not together(resolve_entities(items), "Air Canada", "Air")


def test_a_government_named_by_its_country_adjective_is_its_country() -> None:
    items = [local("d1", "Norway", "GPE"), local("d2", "Norwegian Government", "ORG")]
    assert together(resolve_entities(items), "Norway", "Norwegian Government")


def test_a_nationality_does_not_join_an_organisation_named_after_it() -> None:
    items = [
        local("d1", "Norwegian Ferry Workers", "ORG"),
        local("d2", "Norwegian Ferry Workers", "ORG"),
        local("d3", "Norwegian Ferry Workers", "ORG"),
        local("d4", "Norwegian", "NORP"),
    ]
    assert not together(resolve_entities(items), "Norwegian", "Norwegian Ferry Workers")


def test_an_alias_that_is_its_holders_own_name_does_not_block_the_merge() -> None:
    items = [
        local("d1", "Halden Maritime Systems Corporation", "ORG", aliases=("HMS",)),
        local("d2", "Halden Maritime Systems Corp", "ORG", aliases=("HMS",)),
        local("d3", "HMS N.V.", "ORG", aliases=("HMS",)),
        local("d4", "HMS", "ORG"),
    ]
    entities = resolve_entities(items)
    assert together(entities, "HMS", "HMS N.V.", "Halden Maritime Systems Corporation")


def test_a_country_is_never_the_alias_of_an_organisation() -> None:
    items = [
        local("d1", "University of Skarvik", "ORG", aliases=("US",)),
        local("d2", "US", "GPE"),
    ]
    assert not together(resolve_entities(items), "US", "University of Skarvik")


def test_a_surname_typed_as_a_place_joins_the_person_of_its_article() -> None:
    items = [
        local("d1", "Ottar Lindqvist"),
        local("d1", "Lindqvist", "GPE"),
        local("d2", "Lindqvist", "GPE"),
        local("d3", "Brenna Lindqvist"),
        local("d3", "Oslo", "GPE"),
    ]
    entities = resolve_entities(items)
    assert together(entities, "Ottar Lindqvist", "Lindqvist")
    assert not together(entities, "Brenna Lindqvist", "Ottar Lindqvist")
    two = resolve_entities(
        [local("d1", "Ottar Lindqvist"), *items[1:2], local("d1", "Sif Lindqvist")]
    )
    assert not together(two, "Lindqvist", "Ottar Lindqvist"), "two people of that surname"


def test_swapped_letters_are_a_spelling_variant() -> None:
    shared = [local("d1", "Maraven Police", "ORG"), local("d2", "Maraven Police", "ORG")]
    items = [local("d1", "Korvald", "ORG"), local("d2", "Korvlad", "ORG")]
    assert together(resolve_entities([*items, *shared]), *[i.name for i in items])


def test_long_shared_words_do_not_make_different_names_variants() -> None:
    shared = [local("d1", "Maraven Police", "ORG"), local("d2", "Maraven Police", "ORG")]
    items = [
        local("d1", "Vesti International Cargo Terminal", "FAC"),
        local("d2", "Veta Ni International Cargo Terminal", "FAC"),
    ]
    assert not together(resolve_entities([*items, *shared]), *[i.name for i in items])


def test_every_join_keeps_its_reason_even_on_an_item_joined_before() -> None:
    """An item that already joined once (a same-name join) and then brings its cluster
    into another (a later rule) keeps both reasons: no merge goes unexplained."""
    uf = UnionFind(3)
    assert uf.join(1, 0, "same name")
    assert uf.join(1, 2, "alias of another")
    assert uf.reasons[1] == ["same name", "alias of another"]
    assert len(uf.clusters(range(3))) == 1
    assert not uf.join(0, 2, "again") and uf.reasons[0] is None


def test_a_region_under_its_names_in_other_languages_merges_with_its_code() -> None:
    items = [local("d1", "Apulia", "GPE"), local("d2", "Puglia", "GPE")]
    (entity,) = resolve_entities(items)
    assert any("ISO 3166-2: IT-75" in reason for reason in entity.merged_because)


def test_a_region_and_a_country_or_another_region_stay_apart() -> None:
    items = [
        local("d1", "Apulia", "GPE"),
        local("d1", "Lombardy", "GPE"),
        local("d2", "Italy", "GPE"),
        local("d2", "Bavaria", "GPE"),
        local("d3", "Georgia", "GPE"),
        local("d3", "Sakartvelo", "GPE"),
    ]
    groups = grouping(resolve_entities(items))
    assert frozenset({"d1:Apulia"}) in groups
    assert frozenset({"d1:Lombardy"}) in groups
    assert frozenset({"d2:Italy"}) in groups


def test_a_titled_surname_says_it_is_a_title_and_a_surname() -> None:
    items = [local("d1", "Anneliese Kord"), local("d2", "Minister Kord"), local("d3", "Holm")]
    items += [local("d3", "Frieda Holm")]
    reasons = {m.name: m.reason for e in resolve_entities(items) for m in e.members}
    assert reasons["Minister Kord"] == (
        "'Minister Kord' is a title and the surname of 'Anneliese Kord', "
        "the only person of that surname in the case"
    )
    assert str(reasons["Holm"]).startswith("'Holm' is the surname of 'Frieda Holm'")


def test_a_group_in_the_plural_joins_its_singular_and_says_so() -> None:
    """The seed article: 'Russians' and 'Russian' (NORP) are one group, even in one
    article and short ('Thais' is too short to be a spelling variant)."""
    entities = resolve_entities(
        [
            local("d1", "Russian", "NORP"),
            local("d1", "Russians", "NORP"),
            local("d2", "Thai", "NORP"),
            local("d3", "Thais", "NORP"),
            local("d3", "Swiss", "NORP"),
        ]
    )
    assert together(entities, "Russian", "Russians")
    assert together(entities, "Thai", "Thais")
    russian = next(e for e in entities if e.name == "Russian")
    assert russian.merged_because == ("'Russians' is the plural of 'Russian'",)
    assert not together(entities, "Swiss", "Thais")


def test_a_plural_person_or_organisation_is_not_a_group() -> None:
    entities = resolve_entities([local("d1", "Hanna Berg"), local("d2", "Hanna Bergs")])
    assert not any("plural" in r for e in entities for r in e.merged_because)


def test_a_spelling_variant_says_whether_one_article_names_both() -> None:
    shared = [local("d1", "Maraven Police", "ORG"), local("d2", "Maraven Police", "ORG")]
    one = resolve_entities([local("d1", "Dmitry Kikut"), local("d1", "Dmitry Kikot"), *shared])
    entity = next(e for e in one if e.type == "PERSON")
    assert entity.merged_because[0].endswith("same type, named in one article)")
    two = resolve_entities([local("d1", "Dmitry Kikut"), local("d2", "Dmitry Kikot"), *shared])
    kikut = next(e for e in two if e.type == "PERSON")
    assert kikut.merged_because[0].endswith("same type, articles share other entities)")


def test_a_group_of_people_never_joins_an_organisation_by_its_first_word() -> None:
    """MEANTIME Apple: "European" (NORP) had joined "European Commission"."""
    items = [
        local("d1", "European Commission", "ORG"),
        local("d2", "European Commission", "ORG"),
        local("d3", "European Commission", "ORG"),
        local("d3", "European", "NORP"),
    ]
    assert not together(resolve_entities(items), "European", "European Commission")


def test_a_first_word_does_not_join_a_conference_named_after_it() -> None:
    """MEANTIME Apple: "World" had joined "World Wide Developers Conference"."""
    items = [local(f"d{n}", "World Wide Developers Conference", "ORG") for n in range(3)]
    items.append(local("d3", "World", "ORG"))
    assert not together(resolve_entities(items), "World", "World Wide Developers Conference")
