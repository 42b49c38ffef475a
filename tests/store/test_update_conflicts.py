"""The conflict ledger updated for new articles equals the full pass's, on both backends.

Each step stores one more article, resolves the whole case in memory, writes
only its entities (what step 1 of the incremental path leaves behind), runs
:func:`update_conflicts`, and compares ``conflicts`` and ``conflict_values``
with what the full pass writes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from storyledger import api
from storyledger.ledger import Ledger
from storyledger.model import Claim, Document, DocumentFacts, Entity, Mention, Quantity, TimeExpr
from storyledger.resolve.case import resolve
from storyledger.store import schema
from storyledger.store.case import conflict_rows, read_corrections, read_input, write_resolution
from storyledger.store.update_conflicts import update_conflicts

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples" / "ferry").glob("*.txt"))
QUOTE = "We will keep searching the lake until everyone is found."


@pytest.fixture(scope="module")
def ferry() -> list[DocumentFacts]:
    return list(api.iter_facts(EXAMPLES))


@pytest.fixture(scope="module")
def harbor(shared_data: Path) -> list[DocumentFacts]:
    return list(api.iter_facts(sorted((shared_data / "stories" / "harbor-fire").glob("*.txt"))))


def stored_ledger(conn: sa.Connection) -> tuple[list[tuple[Any, ...]], dict[str, list[Any]]]:
    """RETURNS: the stored conflicts and each conflict's values (sorted: values have
    no stored order, readers sort them)."""
    c, v = schema.conflicts, schema.conflict_values
    rows = sorted(
        tuple(r)
        for r in conn.execute(
            sa.select(c.c.id, c.c.position, c.c.topic, c.c.kind, c.c.severity, c.c.scope)
        )
    )
    values: dict[str, list[Any]] = {}
    query = sa.select(v.c.conflict, v.c.value, v.c.doc, v.c.start, v.c.end, v.c.text, v.c.sentence)
    for row in conn.execute(query):
        values.setdefault(row.conflict, []).append(tuple(row)[1:])
    return rows, {conflict: sorted(found) for conflict, found in values.items()}


def full_pass_ledger(
    conflicts: Sequence[Any],
) -> tuple[list[tuple[Any, ...]], dict[str, list[Any]]]:
    """RETURNS: what the full pass writes for ``conflicts``, in :func:`stored_ledger`'s form."""
    rows, values = conflict_rows(conflicts)
    columns = ("id", "position", "topic", "kind", "severity", "scope")
    wanted: dict[str, list[Any]] = {}
    for row in values:
        wanted.setdefault(row["conflict"], []).append(
            (row["value"], row["doc"], row["start"], row["end"], row["text"], row["sentence"])
        )
    return sorted(tuple(r[k] for k in columns) for r in rows), {
        conflict: sorted(found) for conflict, found in wanted.items()
    }


def entity_state(conn: sa.Connection) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """RETURNS: (doc, local id) -> case entity id, and case entity id -> type."""
    em, e = schema.entity_members, schema.entities
    members = {
        (d, local): ent
        for d, local, ent in conn.execute(sa.select(em.c.doc, em.c.local_id, em.c.entity))
    }
    return members, dict(conn.execute(sa.select(e.c.id, e.c.type)).tuples().all())


def stored_states(conn: sa.Connection) -> dict[str, Any]:
    """RETURNS: scope -> the stored state each conflict scope is updated from."""
    table = schema.conflict_state
    return {scope: json.loads(state) for scope, state in conn.execute(sa.select(table))}


def stored_signatures(conn: sa.Connection) -> dict[str, list[str]]:
    """RETURNS: measure scope -> its stored signatures, sorted."""
    table = schema.measure_signatures
    found: dict[str, list[str]] = {}
    for scope, text in conn.execute(sa.select(table)):
        found.setdefault(scope, []).append(text)
    return {scope: sorted(texts) for scope, texts in found.items()}


def add_and_check(ledger: Ledger, facts: DocumentFacts) -> bool:
    """Store ``facts``, update the conflicts incrementally, assert the full pass's result.

    RETURNS (bool): False when the step was skipped (the new article changes an old
        document entity's case entity or an old case entity's type, so step 1 would
        hand over to the full pass); the case is fully resolved afterwards either way.
    """
    assert ledger.add_facts(facts)

    def work(conn: sa.Connection) -> bool:
        members, types = entity_state(conn)
        case = read_input(conn)
        result = resolve(case, *read_corrections(conn))
        now = {e.id: e.type for e in result.entities}
        kept = all(result.entity_of.get(k) == v for k, v in members.items()) and all(
            now.get(i) == t for i, t in types.items()
        )
        if kept:
            write_resolution(conn, result, parts={"entities"})
            update_conflicts(conn, [facts.document.id])
            assert stored_ledger(conn) == full_pass_ledger(result.conflicts)
            assert stored_states(conn) == json.loads(json.dumps(result.conflict_states))
            assert stored_signatures(conn) == result.signatures
        write_resolution(conn, result)
        return kept

    return ledger._write(work)


def add_one_by_one(location: str, articles: Sequence[DocumentFacts]) -> int:
    """RETURNS (int): how many of the steps were checked (not skipped)."""
    with Ledger.open(location) as ledger:
        return sum(add_and_check(ledger, facts) for facts in articles)


def test_ferry_articles_one_at_a_time(location: str, ferry: list[DocumentFacts]) -> None:
    assert add_one_by_one(location, ferry) >= len(ferry) - 1


def test_harbor_fire_articles_one_at_a_time(location: str, harbor: list[DocumentFacts]) -> None:
    assert add_one_by_one(location, harbor) >= len(harbor) - 2


def test_both_stories_in_one_case(
    location: str, ferry: list[DocumentFacts], harbor: list[DocumentFacts]
) -> None:
    articles = [*ferry, *harbor]
    assert add_one_by_one(location, articles) >= len(articles) - 3
    with Ledger.open(location) as ledger:
        assert ledger.counts()["conflicts"] > 0


# -- hand-built articles: one fire count, one quotation, one clock time each ----------


def article(
    n: int,
    fires: int,
    speaker: str = "Ana Ruiz",
    clock: str = "02:30",
    quote: str = QUOTE,
    outlet: str = "Halden Post",
    also: int | None = None,
) -> DocumentFacts:
    """An article that counts fires, quotes ``speaker`` and times the alarm at ``clock``
    (and, with ``also``, counts the fires of the week before)."""
    doc = f"c0ff{n:08d}"
    parts = [
        f"Crews fought {fires} fires.",
        f'{speaker} said: "{quote}"',
        f"{speaker} said the alarm came at {clock}.",
    ]
    if also is not None:
        parts.append(f"The week before they fought {also} fires.")
    text = " ".join(parts)
    spans, at = [], 0
    for part in parts:
        spans.append((at, at + len(part)))
        at += len(part) + 1

    def span(part: str, sentence: int) -> tuple[int, int, str]:
        start = text.index(part, spans[sentence][0])
        return start, start + len(part), part

    person = f"{doc}-e1"
    names = [Mention(doc, *span(speaker, s), s) for s in (1, 2)]
    document = Document(doc, doc + "0" * 52, "Fire", outlet, "2024-10-08", "en", "hand", len(text))
    return DocumentFacts(
        document=document,
        text=text,
        sentences=tuple(spans),
        entities=(Entity(person, speaker, "PERSON", (speaker.split()[-1],), (), tuple(names)),),
        quantities=(
            Quantity(doc, *span(f"{fires} fires", 0), fires, None, "fires", False, None, 0),
            *(
                [Quantity(doc, *span(f"{also} fires", 3), also, None, "fires", False, None, 3)]
                if also is not None
                else []
            ),
        ),
        claims=(Claim(doc, *span(quote, 1), "quote", person, speaker, "asserted", 1, "said"),),
        times=(
            TimeExpr(
                doc, *span(clock, 2), f"2024-10-07T{clock}", "minute", "publication", "TIME", 2
            ),
        ),
    )


def conflicts_of(ledger: Ledger) -> dict[str, tuple[str, list[Any], list[int]]]:
    """RETURNS: scope -> (conflict id, values, value row ids)."""

    def work(conn: sa.Connection) -> dict[str, tuple[str, list[Any], list[int]]]:
        c, v = schema.conflicts, schema.conflict_values
        query = sa.select(c.c.scope, c.c.id, v.c.value, v.c.id.label("row")).join(
            v, v.c.conflict == c.c.id
        )
        found: dict[str, tuple[str, list[Any], list[int]]] = {}
        for row in conn.execute(query.order_by(v.c.id)):
            entry = found.setdefault(row.scope, (row.id, [], []))
            entry[1].append(json.loads(row.value))
            entry[2].append(row.row)
        return found

    return ledger.read(work)


def test_a_new_value_joins_a_conflict(location: str) -> None:
    with Ledger.open(location) as ledger:
        assert add_and_check(ledger, article(1, 13))
        assert add_and_check(ledger, article(2, 15, clock="02:40"))
        before = conflicts_of(ledger)
        assert before["m:|fire"][1] == [13, 15] and before["t:2024-10-07"][1] == [
            "2024-10-07T02:30",
            "2024-10-07T02:40",
        ]
        assert add_and_check(ledger, article(3, 16, clock="02:45"))
        after = conflicts_of(ledger)
        assert add_and_check(ledger, article(4, 14, clock="02:35"))
        between = conflicts_of(ledger)["m:|fire"]
        listed = next(c for c in ledger.conflicts() if c["id"] == between[0])["values"]
    fires, times = after["m:|fire"], after["t:2024-10-07"]
    assert fires[0] == before["m:|fire"][0] and fires[1] == [13, 15, 16]
    assert fires[2][:2] == before["m:|fire"][2], "values are appended, not rewritten"
    assert times[1] == ["2024-10-07T02:30", "2024-10-07T02:40", "2024-10-07T02:45"]
    assert times[2][:2] == before["t:2024-10-07"][2]
    assert between[0] == fires[0] and between[2][:3] == fires[2], "a value between is one insert"
    assert [v["value"] for v in listed] == [13, 14, 15, 16], "listed in value order"


def test_a_new_article_opens_a_conflict(location: str) -> None:
    with Ledger.open(location) as ledger:
        assert add_and_check(ledger, article(1, 13))
        assert add_and_check(ledger, article(2, 13))
        assert conflicts_of(ledger) == {}
        assert add_and_check(ledger, article(3, 20, clock="03:10"))
        found = conflicts_of(ledger)
    assert found["m:|fire"][1] == [13, 13, 20]
    assert found["t:2024-10-07"][1] == ["2024-10-07T02:30"] * 2 + ["2024-10-07T03:10"]
    assert len(found) == 2


def test_copies_of_an_article_with_two_counts_open_no_conflict(location: str) -> None:
    """A copy states the same two counts; an article stating one of them agrees; one
    stating another value disagrees with both."""
    with Ledger.open(location) as ledger:
        assert add_and_check(ledger, article(1, 13, also=40))
        assert add_and_check(ledger, article(2, 13, also=40, outlet="Lakeside Wire"))
        assert add_and_check(ledger, article(3, 40, outlet="Valden Post"))
        assert "m:|fire" not in conflicts_of(ledger)
        assert add_and_check(ledger, article(4, 15, outlet="Northern Ledger"))
        found = conflicts_of(ledger)
    assert sorted(found["m:|fire"][1]) == [13, 13, 15, 40, 40, 40]


def test_a_quote_credited_to_another_speaker(location: str) -> None:
    with Ledger.open(location) as ledger:
        assert add_and_check(ledger, article(1, 13))
        assert add_and_check(ledger, article(2, 13, speaker="Tom Reyes", clock="09:00"))
        first = conflicts_of(ledger)
        assert add_and_check(ledger, article(3, 13, speaker="Ana Ruiz", outlet="Lakeside Wire"))
        assert add_and_check(ledger, article(4, 13, quote="Nothing more to say about it today."))
        found = conflicts_of(ledger)
        entities = {e["name"]: e["id"] for e in ledger.case_entities()}
    scope = "q:" + " ".join(QUOTE.lower().rstrip(".").split())
    ana, tom = entities["Ana Ruiz"], entities["Tom Reyes"]
    assert first[scope][1] == [ana, tom]
    assert found[scope][0] == first[scope][0] and found[scope][1] == [ana, tom, ana]
    assert set(found) == {scope}
