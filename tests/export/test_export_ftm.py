"""FollowTheMoney export: every entity valid for the followthemoney library, linked, stable."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from followthemoney import model

from storyledger.export.case import export_case
from storyledger.export.ftm import SCHEMATA
from storyledger.ledger import Ledger

Entity = dict[str, Any]


def parse(lines: str) -> list[Entity]:
    return [json.loads(line) for line in lines.splitlines()]


@pytest.fixture(scope="module")
def ferry_ftm(ferry_ledger: Ledger) -> list[Entity]:
    text = export_case(ferry_ledger, "ftm", None)
    assert text is not None
    return parse(text)


def by_schema(entities: list[Entity], schema: str) -> list[Entity]:
    return [e for e in entities if e["schema"] == schema]


def named(entities: list[Entity], name: str) -> Entity:
    return next(e for e in entities if name in e["properties"].get("name", []))


def test_ftm_every_entity_is_valid(ferry_ftm: list[Entity]) -> None:
    assert ferry_ftm
    for data in ferry_ftm:
        schema = model.get(data["schema"])
        assert schema is not None and not schema.abstract, data["schema"]
        assert set(data) == {"id", "schema", "properties"}
        assert set(data["properties"]) <= set(schema.properties), data
        assert all(values for values in data["properties"].values())
        assert set(schema.required) <= set(data["properties"]), data
        schema.validate(data)  # raises InvalidData
        proxy = model.get_proxy(data, cleaned=False)  # re-cleans every value
        assert proxy.to_dict() == data, "a value changed when cleaned: it was not valid"


def test_ftm_ids_are_unique_and_references_resolve(ferry_ftm: list[Entity]) -> None:
    ids = [e["id"] for e in ferry_ftm]
    assert len(ids) == len(set(ids))
    known = {e["id"]: e["schema"] for e in ferry_ftm}
    checked = 0
    for data in ferry_ftm:
        schema = model.get(data["schema"])
        assert schema is not None
        for name, values in data["properties"].items():
            prop = schema.properties[name]
            if prop.type.name != "entity":
                continue
            for value in values:
                assert value in known, (data["schema"], name, value)
                assert prop.range is not None
                target = model.get(known[value])
                assert target is not None and target.is_a(prop.range), (name, known[value])
                checked += 1
    assert checked > 50


def test_ftm_maps_case_entities_to_schemata(
    ferry_ftm: list[Entity], ferry_case: dict[str, Any]
) -> None:
    exported = [e for e in ferry_case["entities"] if e["type"] in SCHEMATA]
    counts = Counter(SCHEMATA[e["type"]] for e in exported)
    for schema, count in counts.items():
        # Event also holds the timeline entries
        extra = len(ferry_case["timeline"]) if schema == "Event" else 0
        assert len(by_schema(ferry_ftm, schema)) == count + extra, schema
    assert named(by_schema(ferry_ftm, "Person"), "Erik Lund")["properties"]["alias"] == ["Lund"]
    assert named(by_schema(ferry_ftm, "Organization"), "Nordlake Ferries")
    lake = named(by_schema(ferry_ftm, "Address"), "Lake Veldra")
    assert lake["properties"]["full"] == ["Lake Veldra"]


def test_ftm_articles_carry_text_and_metadata(
    ferry_ftm: list[Entity], ferry_case: dict[str, Any], ferry_ledger: Ledger
) -> None:
    articles = by_schema(ferry_ftm, "Article")
    assert len(articles) == len(ferry_case["documents"])
    for doc, article in zip(ferry_case["documents"], articles, strict=True):
        props = article["properties"]
        assert props["title"] == [doc["title"]]
        assert props["publisher"] == [doc["outlet"]]
        assert props["publishedAt"] == [doc["published"]]
        assert props["language"] == ["eng"]
        assert props["bodyText"] == [ferry_ledger.document(doc["id"])["text"]]
    first = articles[0]["properties"]
    assert first["sourceUrl"] == ["https://example.org/valden-post/ferry-capsizes"]
    assert "Erik Lund" in first["peopleMentioned"]
    assert "Nordlake Ferries" in first["companiesMentioned"]


def test_ftm_links_every_article_to_the_entities_it_names(
    ferry_ftm: list[Entity], ferry_case: dict[str, Any]
) -> None:
    links = by_schema(ferry_ftm, "Documentation")
    mentions = by_schema(ferry_ftm, "Mention")
    pairs = sum(
        len({m["doc"] for m in e["mentions"]})
        for e in ferry_case["entities"]
        if e["type"] in SCHEMATA
    )
    assert len(links) == len(mentions) == pairs
    lund = named(by_schema(ferry_ftm, "Person"), "Erik Lund")
    lund_links = [x for x in links if x["properties"]["entity"] == [lund["id"]]]
    assert len(lund_links) == len(lund["properties"]["proof"]) == 2
    assert {"Erik Lund", "Lund"} <= {
        n for x in lund_links for n in x["properties"]["namesMentioned"]
    }
    resolved = [m for m in mentions if m["properties"].get("resolved") == [lund["id"]]]
    assert len(resolved) == 2 and all(
        m["properties"]["detectedSchema"] == ["Person"] for m in resolved
    )
    places = [m for m in mentions if m["properties"]["detectedSchema"] == ["Address"]]
    assert places and all("resolved" not in m["properties"] for m in places)


def test_ftm_timeline_events(ferry_ftm: list[Entity], ferry_case: dict[str, Any]) -> None:
    events = {
        e["properties"]["summary"][0]: e
        for e in by_schema(ferry_ftm, "Event")
        if "summary" in e["properties"]
    }
    assert len(events) == len(ferry_case["timeline"])
    visit = next(
        e for s, e in events.items() if s.startswith("Transport Minister Hanna Berg will visit")
    )
    assert visit["properties"]["date"] == ["2025-06-04"]
    # two articles report it (the third source it once had was another article's
    # headline and dateline, read as one sentence dated by the dateline)
    assert len(visit["properties"]["proof"]) == 2
    berg = named(by_schema(ferry_ftm, "Person"), "Hanna Berg")
    assert berg["id"] in visit["properties"]["involved"]


def test_ftm_output_is_stable(ferry_ledger: Ledger, ferry_ftm: list[Entity]) -> None:
    again = parse(export_case(ferry_ledger, "ftm", None) or "")
    assert again == ferry_ftm


def test_ftm_drops_unsafe_urls(hostile_ledger: Ledger) -> None:
    entities = parse(export_case(hostile_ledger, "ftm", None) or "")
    urls = [u for e in by_schema(entities, "Article") for u in e["properties"].get("sourceUrl", [])]
    assert urls == ["https://example.org/gazette/hack"]
    for data in entities:
        schema = model.get(data["schema"])
        assert schema is not None
        assert model.get_proxy(data, cleaned=False).to_dict() == data
