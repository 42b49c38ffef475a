"""Read views over the case-level tables: one entity, the timeline, the conflicts.

Each returns plain dicts in the ``storyledger/1`` shapes (see docs/schema.md),
with every source carrying its document's outlet and publication date so a
listing can be cited without another lookup.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from storyledger.store import schema
from storyledger.store.records import Row, chunks, load_list


def _outlets(conn: sa.Connection, docs: set[str]) -> dict[str, tuple[str | None, str | None]]:
    table = schema.documents
    query = sa.select(table.c.id, table.c.outlet, table.c.published).where(table.c.id.in_(docs))
    return {doc: (outlet, published) for doc, outlet, published in conn.execute(query)}


def entity_detail(conn: sa.Connection, entity_id: str) -> Row:
    """The entity row, its members with reasons, and every mention."""
    return entity_details(conn, [entity_id])[0]


def entity_details(conn: sa.Connection, entity_ids: list[str] | None = None) -> list[Row]:
    """Entity rows (all when ``entity_ids`` is None, most mentioned first) with members
    and mentions, in three queries whatever the number of entities."""
    ents, members, mentions = schema.entities, schema.entity_members, schema.mentions
    chosen = [] if entity_ids is None else [members.c.entity.in_(entity_ids)]
    query = sa.select(ents).order_by(ents.c.mentions.desc(), ents.c.id)
    if entity_ids is not None:
        query = query.where(ents.c.id.in_(entity_ids))
    rows = [dict(r) for r in conn.execute(query).mappings()]
    by_entity: dict[str, Row] = {}
    for row in rows:
        row["aliases"] = list(load_list(row["aliases"]))
        row["merged_because"] = list(load_list(row["merged_because"]))
        row["members"], row["mentions"] = [], []
        by_entity[row["id"]] = row
    ents_local = schema.doc_entities
    member_rows = conn.execute(
        sa.select(
            members.c.entity, members.c.doc, members.c.local_id, members.c.reason, ents_local.c.name
        )
        .join(
            ents_local,
            sa.and_(ents_local.c.doc == members.c.doc, ents_local.c.local_id == members.c.local_id),
        )
        .where(*chosen)
        .order_by(members.c.doc, members.c.local_id)
    ).mappings()
    for m in member_rows:
        by_entity[m["entity"]]["members"].append({k: v for k, v in m.items() if k != "entity"})
    mention_rows = conn.execute(
        sa.select(
            members.c.entity,
            mentions.c.doc,
            mentions.c.start,
            mentions.c.end,
            mentions.c.text,
            mentions.c.sentence,
        )
        .join(
            members,
            sa.and_(
                members.c.doc == mentions.c.doc, members.c.local_id == mentions.c.entity_local_id
            ),
        )
        .join(schema.documents, schema.documents.c.id == mentions.c.doc)
        .where(*chosen)
        .order_by(schema.documents.c.published, mentions.c.doc, mentions.c.start)
    ).mappings()
    for m in mention_rows:
        by_entity[m["entity"]]["mentions"].append({k: v for k, v in m.items() if k != "entity"})
    return rows


def timeline(
    conn: sa.Connection,
    conditions: list[Any],
    entity: str | None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Row]:
    """Timeline entries (with sources) matching date conditions and an entity, one page."""
    table, links = schema.timeline, schema.entity_links
    query = (
        sa.select(table)
        .where(*conditions)
        .order_by(table.c.date, table.c.position)
        .limit(limit)
        .offset(offset)
    )
    if entity:
        query = query.where(
            sa.exists().where(links.c.entry == table.c.id, links.c.entity == entity)
        )
    entries = [dict(r) for r in conn.execute(query).mappings()]
    if not entries:
        return []
    sources = schema.timeline_sources
    ids = [e["id"] for e in entries]
    by_entry: dict[str, list[Row]] = {}
    for chunk in chunks(ids):
        rows = conn.execute(
            sa.select(sources)
            .where(sources.c.entry.in_(chunk))
            .order_by(sources.c.doc, sources.c.start)
        ).mappings()
        for r in rows:
            by_entry.setdefault(r["entry"], []).append({k: v for k, v in r.items() if k != "entry"})
    outlets = _outlets(conn, {s["doc"] for group in by_entry.values() for s in group})
    for entry in entries:
        entry.pop("position")
        entry["entities"] = list(load_list(entry["entities"]))
        entry["sources"] = [_with_outlet(s, outlets) for s in by_entry.get(entry["id"], [])]
        entry["sources"].sort(key=lambda s: (s["published"] or "9999", s["doc"], s["start"]))
    return entries


def conflicts(
    conn: sa.Connection, kind: str | None, limit: int | None = None, offset: int = 0
) -> list[Row]:
    """The conflict ledger with every value and its source, one page."""
    table, values = schema.conflicts, schema.conflict_values
    query = sa.select(table).order_by(table.c.position).limit(limit).offset(offset)
    if kind:
        query = query.where(table.c.kind == kind)
    found = [dict(r) for r in conn.execute(query).mappings()]
    by_conflict: dict[str, list[Row]] = {}
    ids = [c["id"] for c in found]
    rows = (
        r
        for chunk in chunks(ids)
        for r in conn.execute(sa.select(values).where(values.c.conflict.in_(chunk))).mappings()
    )
    for r in rows:
        value = {k: v for k, v in r.items() if k not in {"id", "conflict"}}
        value["value"] = json.loads(value["value"])
        by_conflict.setdefault(r["conflict"], []).append(value)
    outlets = _outlets(conn, {v["doc"] for group in by_conflict.values() for v in group})
    for conflict in found:
        conflict.pop("position")
        conflict.pop("scope", None)  # internal: what resolution re-checks together
        sides = [_with_outlet(v, outlets) for v in by_conflict.get(conflict["id"], [])]
        conflict["values"] = ordered_values(conflict["kind"], sides)
    return found


#: Kinds whose values are a story told in time: listed oldest report first.
_IN_TIME = {"update", "correction"}


def ordered_values(kind: str, values: Iterable[Row]) -> list[Row]:
    """A conflict's values as they are listed: an update or a correction in order
    of publication (14 missing on 3 June, then 3 on 5 June), any other conflict by
    value (see :func:`value_order`)."""
    if kind in _IN_TIME:
        return sorted(values, key=lambda v: (v.get("published") or "9999", *value_order(v)))
    return sorted(values, key=value_order)


def value_order(value: Row) -> tuple[Any, ...]:
    """How a disagreement's values are listed: by value (numbers before text),
    then publication date (undated last), document and offset."""
    number = isinstance(value["value"], int | float)
    shown = (0, float(value["value"]), "") if number else (1, 0.0, str(value["value"]))
    return (*shown, value.get("published") or "9999", value["doc"], value["start"])


def _with_outlet(row: Row, outlets: dict[str, tuple[str | None, str | None]]) -> Row:
    outlet, published = outlets.get(row["doc"], (None, None))
    return {**row, "outlet": outlet, "published": published}


def claim_conditions(
    speaker: str | None, certainty: str | None, kinds: Sequence[str] | None
) -> list[Any]:
    """Conditions on ``claims``: a speaker is a doc-local or a case entity id (then the
    claims of every document entity merged into it); kinds are claim kinds."""
    table = schema.claims
    conditions: list[Any] = []
    if speaker:
        members = schema.entity_members
        merged = sa.exists().where(
            members.c.entity == speaker,
            members.c.doc == table.c.doc,
            members.c.local_id == table.c.speaker,
        )
        conditions.append(sa.or_(table.c.speaker == speaker, merged))
    if certainty:
        conditions.append(table.c.certainty == certainty)
    if kinds:
        conditions.append(table.c.kind.in_(list(kinds)))
    return conditions
