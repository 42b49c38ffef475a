"""Step 1 of incremental resolution: new articles' entities, as a full pass would merge them."""

from __future__ import annotations

from functools import partial
from typing import Any

import sqlalchemy as sa

from storyledger.ledger import Ledger
from storyledger.model import DocumentFacts
from storyledger.resolve.case import resolve
from storyledger.store import schema
from storyledger.store.case import entity_table_rows, read_corrections, read_input
from storyledger.store.incremental import FullPassNeeded, why_not_incremental
from storyledger.store.update_entities import index_rows, update_entities


def _table(conn: sa.Connection, table: sa.Table) -> list[tuple[Any, ...]]:
    return sorted(tuple(row) for row in conn.execute(sa.select(*table.columns)))


def _as_table(table: sa.Table, rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted(tuple(row[c.name] for c in table.columns) for row in rows)


def _check_step(conn: sa.Connection, doc: str) -> bool:
    """Resolve ``doc``'s entities incrementally and compare with a full pass.

    RETURNS (bool): False when the step needed the full pass.
    """
    assert why_not_incremental(conn, [doc]) is None
    try:
        update_entities(conn, [doc])
    except FullPassNeeded:
        return False
    case = read_input(conn)
    result = resolve(case, *read_corrections(conn))
    entities, members = entity_table_rows(result)
    keys, states = index_rows(result)
    for table, rows in (
        (schema.entities, entities),
        (schema.entity_members, members),
        (schema.resolution_keys, keys),
        (schema.resolution_state, states),
    ):
        assert _table(conn, table) == _as_table(table, rows), table.name
    return True


def test_new_articles_merge_as_in_a_full_pass(location: str, articles: list[DocumentFacts]) -> None:
    incremental = 0
    with Ledger.open(location) as ledger:
        ledger.add_facts(articles[0])
        ledger.resolve()
        for facts in articles[1:]:
            ledger.add_facts(facts)
            incremental += ledger.read(partial(_check_step, doc=facts.document.id))
            ledger.resolve()  # the full pass: the next step starts from its result
    assert incremental >= 5, f"only {incremental} of {len(articles) - 1} steps were incremental"
