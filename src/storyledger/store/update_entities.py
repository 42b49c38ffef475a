"""Step 1 of resolving new articles: their entities join the case's, or stand alone.

A new document entity whose rule keys (:mod:`storyledger.resolve.keys`) meet
no case entity becomes a case entity of its own; one whose keys meet exactly
the case entity that holds its folded name joins it, with the reason a full
pass would give. Anything else (a name that relates to two case entities, a
member that would change its entity's name or type, a group of one name that
becomes both person and non-person...) raises
:class:`~storyledger.store.incremental.FullPassNeeded`.

The keys and counts of every case entity live in ``resolution_keys`` and
``resolution_state``; the full pass writes them (:func:`write_index`), this
step keeps them up to date.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from typing import Any

import sqlalchemy as sa

from storyledger.resolve import entities as rules
from storyledger.resolve.case import CaseInput, CaseResolution
from storyledger.resolve.keys import EntityState, close, entity_state, probe_keys, rule_keys
from storyledger.store import schema
from storyledger.store.case import delete_keys, local_entities, sync_rows
from storyledger.store.incremental import FullPassNeeded
from storyledger.store.records import Row, chunks, dump_list, load_list


def index_rows(result: CaseResolution, case: CaseInput) -> tuple[list[Row], list[Row]]:
    """RETURNS: ``resolution_keys`` and ``resolution_state`` rows for a full resolution."""
    by_key = {(e.doc, e.local_id): e for e in case.entities}
    keys: list[Row] = []
    states: list[Row] = []
    for entity in result.entities:
        members = [by_key[(m.doc, m.local_id)] for m in entity.members]
        found = {("id|" + rules.slug(entity.name), "")}
        for member in members:
            found |= rule_keys(member)
        keys.extend({"key": k, "entity": entity.id, "value": v} for k, v in sorted(found))
        state = entity_state(members, entity.gated)
        states.append({"entity": entity.id, "state": json.dumps(state.to_json())})
    return keys, states


def write_index(conn: sa.Connection, result: CaseResolution, case: CaseInput) -> None:
    """Bring ``resolution_keys`` and ``resolution_state`` to a full resolution's."""
    keys, states = index_rows(result, case)
    key_columns = ("key", "entity", "value")
    delete_keys(
        conn,
        schema.resolution_keys,
        key_columns,
        sync_rows(conn, schema.resolution_keys, key_columns, keys),
    )
    table = schema.resolution_state
    delete_keys(conn, table, ("entity",), sync_rows(conn, table, ("entity",), states))


def update_entities(conn: sa.Connection, new_docs: Sequence[str]) -> None:
    """Resolve the entities of ``new_docs`` (the newest documents) into the case.

    RAISES (FullPassNeeded): when the result could differ from a full pass.
    """
    for doc in new_docs:
        touched: set[str] = set()
        for entity in local_entities(conn, doc):
            _add(conn, entity, touched)


def _add(conn: sa.Connection, entity: rules.LocalEntity, touched: set[str]) -> None:
    keys = rule_keys(entity)
    hits = _hits(conn, probe_keys(entity))
    if not hits:
        _new_case_entity(conn, entity, keys)
        return
    target, state, reason = _same_name_target(conn, entity, hits)
    if target in touched:
        raise FullPassNeeded(f"two entities of one article join '{target}'")
    _join(conn, entity, target, state, reason, keys - _stored(conn, target, keys))
    touched.add(target)


def _same_name_target(
    conn: sa.Connection, entity: rules.LocalEntity, hits: dict[str, set[tuple[str, str]]]
) -> tuple[str, EntityState, str]:
    """RETURNS: the case entity a new entity joins by the same-name rule, its state,
    and the reason; raises where any other rule relates it to the case.

    Its keys must meet only case entities that hold its folded name: one, or
    two when that name is a person in 2+ articles and something else in 2+
    (spaCy typing "Estmark" a person now and then): then the same-name rule
    keeps people and others apart, and the newcomer joins its own side.
    """
    name_key = ("n|" + rules.person_key(entity), "")
    named = sorted(c for c, found in hits.items() if name_key in found)
    if not named or len(named) > 2 or len(hits) > len(named):
        shown = ", ".join(sorted(hits)[:3])
        raise FullPassNeeded(f"'{entity.name}' relates to {shown}")
    states = {c: _state(conn, c) for c in named}
    groups: dict[str, list[Any]] = {}
    for cluster, state in states.items():
        group = state.same_name.get(name_key[0][2:])
        if group is None:
            raise FullPassNeeded(f"'{entity.name}' meets '{cluster}' through an alias")
        groups[cluster] = group
    people = sum(group[0] for group in groups.values())
    others = sum(group[1] for group in groups.values())
    person = entity.type == "PERSON"
    split = people >= 2 and others >= 2
    if split != (people + person >= 2 and others + (not person) >= 2):
        raise FullPassNeeded(f"'{entity.name}' makes a name both a person and something else")
    mine, theirs = (0, 1) if person else (1, 0)
    own_side = [c for c, group in groups.items() if group[theirs] == 0 and group[mine] > 0]
    if len(named) == 1 and not split:
        target = named[0]
    elif split and len(named) == 2 and len(own_side) == 1:
        target = own_side[0]
        (other,) = (c for c in named if c != target)
        if groups[other][mine] != 0 or hits[other] != {name_key}:
            raise FullPassNeeded(f"'{entity.name}' relates to {', '.join(named)}")
    else:
        raise FullPassNeeded(f"'{entity.name}' relates to {', '.join(named)}")
    head = groups[target][2]
    return target, states[target], rules.same_name_reason(entity.name, head)


def _hits(conn: sa.Connection, keys: frozenset[tuple[str, str]]) -> dict[str, set[tuple[str, str]]]:
    """RETURNS: case entity -> the (key, value) pairs it shares with ``keys``."""
    table = schema.resolution_keys
    values: dict[str, list[str]] = {}
    for key, value in keys:
        values.setdefault(key, []).append(value)
    hits: dict[str, set[tuple[str, str]]] = {}
    for chunk in chunks(sorted(values)):
        rows = conn.execute(
            sa.select(table.c.key, table.c.entity, table.c.value).where(table.c.key.in_(chunk))
        )
        for key, entity, value in rows:
            if any(close(key, mine, value) for mine in values[key]):
                hits.setdefault(entity, set()).add((key, value))
    return hits


def _join(
    conn: sa.Connection,
    entity: rules.LocalEntity,
    target: str,
    state: EntityState,
    reason: str,
    new_keys: Collection[tuple[str, str]],
) -> None:
    """Add ``entity`` to the case entity ``target`` exactly as the same-name rule would."""
    if state.gated:
        raise FullPassNeeded(f"'{target}' has a spelling variant a new article may confirm")
    name, type_ = state.canonical_name(), state.type()
    state.add(entity)
    if (state.canonical_name(), state.type()) != (name, type_):
        raise FullPassNeeded(f"'{entity.name}' changes the name or type of '{target}'")
    ents = schema.entities
    row = conn.execute(sa.select(ents).where(ents.c.id == target)).mappings().one()
    aliases = list(load_list(row["aliases"]))
    for form in (entity.name, *entity.aliases):
        if form != name and form not in aliases:
            aliases.append(form)
    because = list(load_list(row["merged_because"]))
    if reason not in because:
        because.append(reason)
    conn.execute(
        sa.update(ents)
        .where(ents.c.id == target)
        .values(
            aliases=dump_list(aliases),
            merged_because=dump_list(because),
            mentions=row["mentions"] + entity.mentions,
            documents=row["documents"] + 1,
        )
    )
    _write_member(conn, entity, target, reason)
    _insert_keys(conn, target, new_keys)
    table = schema.resolution_state
    state_json = json.dumps(state.to_json())
    conn.execute(sa.update(table).where(table.c.entity == target).values(state=state_json))


def _new_case_entity(
    conn: sa.Connection, entity: rules.LocalEntity, keys: frozenset[tuple[str, str]]
) -> None:
    base = rules.slug(entity.name)
    table = schema.resolution_keys
    same_base = conn.execute(
        sa.select(sa.func.count()).select_from(table).where(table.c.key == "id|" + base)
    ).scalar_one()
    entity_id = base if same_base == 0 else f"{base}-{same_base + 1}"
    ents = schema.entities
    if conn.execute(sa.select(ents.c.id).where(ents.c.id == entity_id)).first():
        raise FullPassNeeded(f"the id '{entity_id}' is taken")
    aliases = list(dict.fromkeys(a for a in entity.aliases if a != entity.name))
    conn.execute(
        sa.insert(ents).values(
            id=entity_id,
            name=entity.name,
            type=entity.type,
            aliases=dump_list(aliases),
            merged_because=dump_list([]),
            mentions=entity.mentions,
            documents=1,
        )
    )
    _write_member(conn, entity, entity_id, None)
    _insert_keys(conn, entity_id, {*keys, ("id|" + base, "")})
    state = entity_state([entity], gated=False)
    conn.execute(
        sa.insert(schema.resolution_state).values(
            entity=entity_id, state=json.dumps(state.to_json())
        )
    )


def _write_member(
    conn: sa.Connection, entity: rules.LocalEntity, target: str, reason: str | None
) -> None:
    conn.execute(
        sa.insert(schema.entity_members).values(
            entity=target, doc=entity.doc, local_id=entity.local_id, reason=reason
        )
    )


def _insert_keys(conn: sa.Connection, target: str, keys: Collection[tuple[str, str]]) -> None:
    rows = [{"key": k, "entity": target, "value": v} for k, v in sorted(keys)]
    if rows:
        conn.execute(sa.insert(schema.resolution_keys), rows)


def _stored(
    conn: sa.Connection, target: str, keys: frozenset[tuple[str, str]]
) -> set[tuple[str, str]]:
    """RETURNS: those of ``keys`` the case entity ``target`` already has."""
    table = schema.resolution_keys
    found: set[tuple[str, str]] = set()
    for chunk in chunks(sorted({k for k, _ in keys})):
        query = sa.select(table.c.key, table.c.value).where(
            table.c.entity == target, table.c.key.in_(chunk)
        )
        found.update((k, v) for k, v in conn.execute(query))
    return found & keys


def _state(conn: sa.Connection, target: str) -> EntityState:
    table = schema.resolution_state
    found = conn.execute(sa.select(table.c.state).where(table.c.entity == target)).scalar_one()
    return EntityState.from_json(json.loads(found))
