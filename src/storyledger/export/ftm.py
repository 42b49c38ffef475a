"""The case as FollowTheMoney entities (JSON lines) for Aleph, OpenAleph and ``ftm`` tools.

Mapping (see docs/export.md):

- each article: ``Article`` (title, publisher, publishedAt, sourceUrl,
  language, bodyText, and the names it mentions);
- case entities: ``PERSON`` -> ``Person``, ``ORG`` -> ``Organization``,
  ``GPE``/``LOC``/``FAC`` -> ``Address`` (FtM's place schema; a GPE that is a
  country also gets ``country``), ``EVENT`` -> ``Event``; ``NORP``
  (nationalities, groups) has no FtM schema and is left out;
- each (article, entity) pair: a ``Documentation`` link (role "mentioned",
  the names used) and a ``Mention`` (the names as written, ``resolved`` to
  the entity when it is a Person or Organization);
- each timeline entry: an ``Event`` with its date, the people and
  organisations involved, and the articles as ``proof``.

Ids are ``make_id`` hashes of stable keys (the article's sha256, the case
entity id, the timeline entry's date and sources), so exporting the same
case twice gives the same ids and re-importing updates instead of duplicating.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy

Row = dict[str, Any]
TextOf = Callable[[str], str | None]

#: storyledger entity type -> FtM schema. Types not listed are not exported.
SCHEMATA = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Address",
    "LOC": "Address",
    "FAC": "Address",
    "EVENT": "Event",
}
#: Schemata a ``Mention`` may be ``resolved`` to, and an ``Event`` may list as ``involved``.
LEGAL_ENTITIES = frozenset({"Person", "Organization"})
#: Article property listing the names of each schema it mentions.
MENTIONED = {"Person": "peopleMentioned", "Organization": "companiesMentioned"}
ROLE = "mentioned"
ID_PREFIX = "storyledger"
_NAME_LIMIT = 120


def _make(schema: str, *key: str) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.make_id(ID_PREFIX, *key)
    return proxy


def to_ftm_lines(case: Row, text_of: TextOf) -> Iterator[str]:
    """RETURNS (Iterator[str]): one JSON object per FtM entity, as ``ftm`` tools read them."""
    for proxy in ftm_entities(case, text_of):
        yield json.dumps(proxy.to_dict(), ensure_ascii=False)


def ftm_entities(case: Row, text_of: TextOf) -> Iterator[EntityProxy]:
    """Articles, then the case entities, then their links, then the timeline events.

    case (dict): a ``storyledger/1`` case document (see ``case_document``).
    text_of (Callable[[str], str | None]): a document's stored text, for ``bodyText``.
    """
    articles = {doc["id"]: _make("Article", "article", doc["sha256"]) for doc in case["documents"]}
    entities = {
        entity["id"]: _entity(entity, articles)
        for entity in case["entities"]
        if entity["type"] in SCHEMATA
    }
    for doc in case["documents"]:
        article = articles[doc["id"]]
        _fill_article(article, doc, text_of(doc["id"]), _mentioned(case["entities"], doc["id"]))
        yield article
    yield from entities.values()
    for entity in case["entities"]:
        if entity["id"] in entities:
            yield from _links(entity, entities[entity["id"]], articles)
    for entry in case.get("timeline", []):
        yield _timeline_event(entry, entities, articles)


def _entity(entity: Row, articles: Mapping[str, EntityProxy]) -> EntityProxy:
    """A case entity as a Person, Organization, Address or Event."""
    schema = SCHEMATA[entity["type"]]
    proxy = _make(schema, "entity", entity["id"])
    proxy.add("name", entity["name"], quiet=True)
    proxy.add("alias", [a for a in entity["aliases"] if a != entity["name"]], quiet=True)
    proxy.add("notes", [f"merged because {reason}" for reason in entity["merged_because"]])
    proxy.add("proof", [articles[d].id for d in _documents_of(entity) if d in articles])
    if schema == "Address":
        proxy.add("full", entity["name"], quiet=True)
        if entity["type"] == "GPE":
            proxy.add("country", entity["name"], quiet=True)
    return proxy


def _documents_of(entity: Row) -> list[str]:
    """RETURNS (list[str]): the documents that mention ``entity``, in mention order."""
    return list(dict.fromkeys(m["doc"] for m in entity["mentions"]))


def _names_in(entity: Row, doc: str) -> list[str]:
    """RETURNS (list[str]): the names ``entity`` goes by in ``doc``, as written."""
    return list(dict.fromkeys(m["text"] for m in entity["mentions"] if m["doc"] == doc))


def _mentioned(entities: Iterable[Row], doc: str) -> dict[str, list[str]]:
    """RETURNS (dict): Article property -> names of the entities ``doc`` mentions."""
    found: dict[str, list[str]] = {}
    for entity in entities:
        schema = SCHEMATA.get(entity["type"])
        if schema is None or not any(m["doc"] == doc for m in entity["mentions"]):
            continue
        prop = MENTIONED.get(schema, "locationMentioned" if schema == "Address" else None)
        if prop is not None:
            found.setdefault(prop, []).append(entity["name"])
    return found


def _fill_article(
    article: EntityProxy, doc: Row, text: str | None, mentioned: Mapping[str, list[str]]
) -> None:
    article.add("title", doc.get("title"), quiet=True)
    article.add("publisher", doc.get("outlet"), quiet=True)
    article.add("publishedAt", doc.get("published"), quiet=True)
    article.add("sourceUrl", doc.get("url"), quiet=True)
    article.add("language", doc.get("language"), quiet=True)
    article.add("bodyText", text, quiet=True)
    for prop, names in mentioned.items():
        article.add(prop, names, quiet=True)


def _links(
    entity: Row, proxy: EntityProxy, articles: Mapping[str, EntityProxy]
) -> Iterator[EntityProxy]:
    """A Documentation link and a Mention for every article that names ``entity``."""
    for doc in _documents_of(entity):
        article = articles.get(doc)
        if article is None or article.id is None or proxy.id is None:
            continue
        names = _names_in(entity, doc)
        link = _make("Documentation", "documentation", article.id, proxy.id)
        link.add("document", article.id)
        link.add("entity", proxy.id)
        link.add("role", ROLE)
        link.add("namesMentioned", names, quiet=True)
        link.add("date", article.first("publishedAt"), quiet=True)
        yield link
        mention = _make("Mention", "mention", article.id, proxy.id)
        mention.add("document", article.id)
        mention.add("name", names, quiet=True)
        mention.add("detectedSchema", proxy.schema.name)
        if proxy.schema.name in LEGAL_ENTITIES:
            mention.add("resolved", proxy.id)
        yield mention


def _timeline_event(
    entry: Row, entities: Mapping[str, EntityProxy], articles: Mapping[str, EntityProxy]
) -> EntityProxy:
    """A timeline entry as an Event: when, what, who, and the articles reporting it."""
    sources = sorted(f"{s['doc']}:{s['start']}" for s in entry["sources"])
    event = _make("Event", "timeline", entry["date"], *sources)
    summary = " ".join(entry["summary"].split())
    name = summary if len(summary) <= _NAME_LIMIT else summary[: _NAME_LIMIT - 1] + "…"
    event.add("name", name, quiet=True)
    event.add("summary", summary, quiet=True)
    event.add("date", entry["date"], quiet=True)
    for entity_id in entry["entities"]:
        proxy = entities.get(entity_id)
        if proxy is None:
            continue
        if proxy.schema.name in LEGAL_ENTITIES:
            event.add("involved", proxy.id)
        elif proxy.schema.name == "Address":
            event.add("addressEntity", proxy.id)
    proof = [articles[s["doc"]].id for s in entry["sources"] if s["doc"] in articles]
    event.add("proof", list(dict.fromkeys(proof)))
    return event
