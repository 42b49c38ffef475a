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
from storyledger.resolve.case import CaseResolution
from storyledger.resolve.keys import (
    EntityState,
    close,
    entity_state,
    length_bounds,
    probe_keys,
    rule_keys,
)
from storyledger.store import schema
from storyledger.store.case import (
    delete_keys,
    insert_rows,
    local_entities,
    sync_rows,
    update_rows,
)
from storyledger.store.incremental import FullPassNeeded
from storyledger.store.records import Row, chunks, dump_list, load_list


def index_rows(result: CaseResolution) -> tuple[list[Row], list[Row]]:
    """RETURNS: ``resolution_keys`` and ``resolution_state`` rows for a full resolution."""
    keys: list[Row] = []
    states: list[Row] = []
    for entity in result.entities:
        members = entity.local
        found = {("id|" + rules.slug(entity.name), "")}
        for member in members:
            found |= rule_keys(member)
        keys.extend({"key": k, "entity": entity.id, "value": v} for k, v in sorted(found))
        state = entity_state(members, entity.gated)
        states.append({"entity": entity.id, "state": json.dumps(state.to_json())})
    return keys, states


def write_index(conn: sa.Connection, result: CaseResolution) -> None:
    """Bring ``resolution_keys`` and ``resolution_state`` to a full resolution's."""
    keys, states = index_rows(result)
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
        entities = local_entities(conn, doc)
        if not entities:
            continue
        case = _CaseView(conn, entities)
        touched: set[str] = set()
        for entity in entities:
            _add(case, entity, touched)
        case.flush()


class _CaseView:
    """The case entities one document's entities may meet: read in a few queries
    up front, changed in memory, written in one batch by :meth:`flush`.

    Entities of the same document see each other's changes (a name the first
    one adds to a case entity can be hit by the next), as one by one writes
    would show them.
    """

    def __init__(self, conn: sa.Connection, entities: Sequence[rules.LocalEntity]) -> None:
        self.conn = conn
        probes = {pair for e in entities for pair in probe_keys(e)}
        stored = {pair for e in entities for pair in rule_keys(e)}
        ids = {("id|" + rules.slug(e.name), "") for e in entities}
        #: key -> (case entity, value) pairs, stored and written by this view, for
        #: the keys the entities look up, store, and the ids they may take
        self.keys: dict[str, list[tuple[str, str]]] = _keys_of(conn, probes | stored | ids)
        hit = sorted({entity for k, _ in probes for entity, _ in self.keys.get(k, ())})
        self.states = _states(conn, hit)
        self.rows = _entity_rows(conn, hit)
        self.new_rows: list[Row] = []
        self.new_keys: list[Row] = []
        self.members: list[Row] = []
        self.changed_states: set[str] = set()
        self.new_states: set[str] = set()

    def hits(self, probes: frozenset[tuple[str, str]]) -> dict[str, set[tuple[str, str]]]:
        """RETURNS: case entity -> the (key, value) pairs it shares with ``probes``."""
        found: dict[str, set[tuple[str, str]]] = {}
        for key, mine in probes:
            for entity, value in self.keys.get(key, ()):
                if close(key, mine, value):
                    found.setdefault(entity, set()).add((key, value))
        return found

    def has_key(self, entity: str, key: tuple[str, str]) -> bool:
        return (entity, key[1]) in self.keys.get(key[0], ())

    def add_keys(self, entity: str, keys: Collection[tuple[str, str]]) -> None:
        for key, value in sorted(keys):
            self.keys.setdefault(key, []).append((entity, value))
            self.new_keys.append({"key": key, "entity": entity, "value": value})

    def flush(self) -> None:
        """Write what this view changed."""
        conn, ents, states = self.conn, schema.entities, schema.resolution_state
        changed = [row for row in self.rows.values() if row.pop("changed", False)]
        created = {row["id"] for row in self.new_rows}
        for table, rows in (
            (ents, self.new_rows),
            (schema.entity_members, self.members),
            (schema.resolution_keys, self.new_keys),
            (states, [self._state_row(e) for e in sorted(self.new_states)]),
        ):
            insert_rows(conn, table, rows)
        columns = ("id", "aliases", "merged_because", "mentions", "documents")
        rows = [{c: r[c] for c in columns} for r in changed if r["id"] not in created]
        update_rows(conn, ents, ("id",), rows)
        states_rows = [self._state_row(e) for e in sorted(self.changed_states)]
        update_rows(conn, states, ("entity",), states_rows)

    def _state_row(self, entity: str) -> Row:
        return {"entity": entity, "state": json.dumps(self.states[entity].to_json())}


def _keys_of(conn: sa.Connection, wanted: set[tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """RETURNS: key -> the stored (case entity, value) pairs with that key; for a fuzzy
    key, those whose value is long enough and short enough to be close to one of
    the ``wanted`` values (a spelling block of a common letter holds hundreds)."""
    table = schema.resolution_keys
    exact: set[str] = set()
    lengths: dict[str, tuple[int, int]] = {}
    for key, value in wanted:
        bounds = length_bounds(key, value)
        if bounds is None:
            exact.add(key)
        else:
            low, high = lengths.get(key, bounds)
            lengths[key] = (min(low, bounds[0]), max(high, bounds[1]))
    found: dict[str, list[tuple[str, str]]] = {}
    for part in chunks(sorted(exact)):
        query = sa.select(table.c.key, table.c.entity, table.c.value).where(table.c.key.in_(part))
        for key, entity, value in conn.execute(query):
            found.setdefault(key, []).append((entity, value))
    for key, (low, high) in sorted(lengths.items()):  # one statement, compiled once
        rows = conn.execute(_FUZZY_KEY, {"key": key, "low": low, "high": high})
        found.setdefault(key, []).extend((entity, value) for entity, value in rows)
    return found


#: The stored values of one fuzzy key within a range of lengths, through the key index.
_FUZZY_KEY = sa.text(
    "SELECT entity, value FROM resolution_keys"
    " WHERE key = :key AND length(value) BETWEEN :low AND :high"
)


def _states(conn: sa.Connection, entities: list[str]) -> dict[str, EntityState]:
    table = schema.resolution_state
    return {
        entity: EntityState.from_json(json.loads(state))
        for chunk in chunks(entities)
        for entity, state in conn.execute(sa.select(table).where(table.c.entity.in_(chunk)))
    }


def _entity_rows(conn: sa.Connection, entities: list[str]) -> dict[str, dict[str, Any]]:
    ents = schema.entities
    return {
        row["id"]: dict(row)
        for chunk in chunks(entities)
        for row in conn.execute(sa.select(ents).where(ents.c.id.in_(chunk))).mappings()
    }


def _add(case: _CaseView, entity: rules.LocalEntity, touched: set[str]) -> None:
    keys = rule_keys(entity)
    hits = case.hits(probe_keys(entity))
    if not hits:
        _new_case_entity(case, entity, keys)
        return
    target, reason = _same_name_target(case, entity, hits)
    if target in touched:
        raise FullPassNeeded(f"two entities of one article join '{target}'")
    _join(case, entity, target, reason, [k for k in keys if not case.has_key(target, k)])
    touched.add(target)


def _same_name_target(
    case: _CaseView, entity: rules.LocalEntity, hits: dict[str, set[tuple[str, str]]]
) -> tuple[str, str]:
    """RETURNS: the case entity a new entity joins by the same-name rule, and the
    reason; raises where any other rule relates it to the case.

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
    groups: dict[str, list[Any]] = {}
    for cluster in named:
        group = case.states[cluster].same_name.get(name_key[0][2:])
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
    return target, rules.same_name_reason(entity.name, head)


def _join(
    case: _CaseView,
    entity: rules.LocalEntity,
    target: str,
    reason: str,
    new_keys: Collection[tuple[str, str]],
) -> None:
    """Add ``entity`` to the case entity ``target`` exactly as the same-name rule would."""
    state = case.states[target]
    if state.gated:
        raise FullPassNeeded(f"'{target}' has a spelling variant a new article may confirm")
    name, type_ = state.canonical_name(), state.type()
    state.add(entity)
    if (state.canonical_name(), state.type()) != (name, type_):
        raise FullPassNeeded(f"'{entity.name}' changes the name or type of '{target}'")
    row = case.rows[target]
    aliases = list(load_list(row["aliases"]))
    for form in (entity.name, *entity.aliases):
        if form != name and form not in aliases:
            aliases.append(form)
    because = list(load_list(row["merged_because"]))
    if reason not in because:
        because.append(reason)
    row.update(
        aliases=dump_list(aliases),
        merged_because=dump_list(because),
        mentions=row["mentions"] + entity.mentions,
        documents=row["documents"] + 1,
        changed=True,
    )
    _write_member(case, entity, target, reason)
    case.add_keys(target, new_keys)
    if target not in case.new_states:
        case.changed_states.add(target)


def _new_case_entity(
    case: _CaseView, entity: rules.LocalEntity, keys: frozenset[tuple[str, str]]
) -> None:
    base = rules.slug(entity.name)
    same_base = len(case.keys.get("id|" + base, ()))
    entity_id = base if same_base == 0 else f"{base}-{same_base + 1}"
    ents = schema.entities
    if (
        entity_id in case.rows
        or case.conn.execute(sa.select(ents.c.id).where(ents.c.id == entity_id)).first()
    ):
        raise FullPassNeeded(f"the id '{entity_id}' is taken")
    aliases = list(dict.fromkeys(a for a in entity.aliases if a != entity.name))
    row = {
        "id": entity_id,
        "name": entity.name,
        "type": entity.type,
        "aliases": dump_list(aliases),
        "merged_because": dump_list([]),
        "mentions": entity.mentions,
        "documents": 1,
    }
    case.new_rows.append(row)
    case.rows[entity_id] = row
    _write_member(case, entity, entity_id, None)
    case.add_keys(entity_id, {*keys, ("id|" + base, "")})
    case.states[entity_id] = entity_state([entity], gated=False)
    case.new_states.add(entity_id)


def _write_member(
    case: _CaseView, entity: rules.LocalEntity, target: str, reason: str | None
) -> None:
    case.members.append(
        {"entity": target, "doc": entity.doc, "local_id": entity.local_id, "reason": reason}
    )
