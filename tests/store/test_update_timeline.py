"""The incremental timeline: after each new article, exactly what the full pass writes."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from storyledger import api
from storyledger.ledger import Ledger
from storyledger.model import (
    Document,
    DocumentFacts,
    Entity,
    Event,
    Mention,
    Quantity,
    TimeExpr,
)
from storyledger.resolve.case import CaseResolution, resolve
from storyledger.resolve.conflicts import Source
from storyledger.resolve.timeline import DatedEvent, FigureMention, build_timeline, link_undated
from storyledger.store import schema
from storyledger.store.case import (
    link_state_rows,
    read_corrections,
    read_input,
    timeline_rows,
    write_resolution,
)
from storyledger.store.update_timeline import update_timeline

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples" / "ferry").glob("*.txt"))
TABLES = (
    schema.timeline,
    schema.timeline_sources,
    schema.entity_links,
    schema.timeline_figures,
    schema.figure_groups,
)


@pytest.fixture(scope="module")
def extracted() -> dict[str, list[DocumentFacts]]:
    """Extraction results per story, kept for the module."""
    return {}


def _story(name: str, request: pytest.FixtureRequest) -> list[Path]:
    if name == "ferry":
        return EXAMPLES
    shared: Path = request.getfixturevalue("shared_data")
    return sorted((shared / "stories" / name).glob("*.txt"))


def _table_rows(conn: sa.Connection) -> dict[str, list[tuple[Any, ...]]]:
    return {t.name: sorted(tuple(r) for r in conn.execute(sa.select(t))) for t in TABLES}


def _full_pass_rows(result: CaseResolution) -> dict[str, list[tuple[Any, ...]]]:
    rows = (*timeline_rows(result.timeline), *link_state_rows(result.link_state))
    return {
        t.name: sorted(tuple(r[c.name] for c in t.columns) for r in part)
        for t, part in zip(TABLES, rows, strict=True)
    }


def _entity_state(conn: sa.Connection) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    members, entities = schema.entity_members, schema.entities
    query = sa.select(members.c.doc, members.c.local_id, members.c.entity)
    of = {(doc, local): entity for doc, local, entity in conn.execute(query)}
    types = {e: t for e, t in conn.execute(sa.select(entities.c.id, entities.c.type))}
    return of, types


def _keeps_entities(
    result: CaseResolution, of: dict[tuple[str, str], str], types: dict[str, str]
) -> bool:
    """The guarantee of step 1: old document entities keep their case entity and type."""
    new_types = {e.id: e.type for e in result.entities}
    return all(result.entity_of.get(k) == e for k, e in of.items()) and all(
        new_types.get(e) == t for e, t in types.items()
    )


def _step(conn: sa.Connection, doc: str) -> bool:
    """Step 2 after adding ``doc``, checked against the full pass, which then stays
    written for the next step. RETURNS: False when step 1's guarantee fails (skipped)."""
    of, types = _entity_state(conn)
    case = read_input(conn)
    result = resolve(case, *read_corrections(conn))
    keeps = _keeps_entities(result, of, types)
    if keeps:
        write_resolution(conn, result, parts={"entities"})
        update_timeline(conn, [doc])
        assert _table_rows(conn) == _full_pass_rows(result), doc
    write_resolution(conn, result)
    return keeps


def add_one_by_one(ledger: Ledger, docs: Sequence[DocumentFacts]) -> tuple[int, int]:
    """Add ``docs`` one at a time; after each, the incremental timeline must equal the
    full pass's. RETURNS: (steps checked, steps skipped because entities moved)."""
    checked = skipped = 0
    for facts in docs:
        assert ledger.add_facts(facts)
        if ledger._write(partial(_step, doc=facts.document.id)):
            checked += 1
        else:
            skipped += 1
    return checked, skipped


def _linked(conn: sa.Connection) -> int:
    """RETURNS: how many undated figures the timeline links."""
    sources = schema.timeline_sources
    query = sa.select(sa.func.count()).where(sources.c.date_text == "")
    return int(conn.execute(query).scalar_one())


@pytest.mark.parametrize("name", ["ferry", "harbor-fire"])
def test_articles_added_one_by_one_give_the_full_pass_timeline(
    location: str,
    name: str,
    extracted: dict[str, list[DocumentFacts]],
    request: pytest.FixtureRequest,
) -> None:
    if name not in extracted:
        extracted[name] = list(api.iter_facts(_story(name, request)))
    articles = extracted[name]
    with Ledger.open(location) as ledger:
        checked, skipped = add_one_by_one(ledger, articles)
        assert ledger.timeline()
    assert checked >= len(articles) - 2, (checked, skipped)


# -- undated figures: invented articles where figures link and unlink -------------

NAMES = (
    ("Halcyon Mutual", "ORG"),
    ("Port Authority", "ORG"),
    ("Maria Okafor", "PERSON"),
    ("Halden", "GPE"),
)
FIGURES = (("€4.2m", 4_200_000, "EUR"), ("€9m", 9_000_000, "EUR"), ("12 people", 12, None))
DAYS = ("2024-10-08", "2024-10-09", "2024-10-10")
VERBS = ("put the loss at", "confirmed", "reported", "disputed", "repeated", "estimated")


@dataclass(frozen=True)
class Said:
    """One invented sentence: who it names, a figure, a clock time, a date."""

    names: tuple[str, ...] = ()
    verb: str = "reported"
    figure: str | None = None
    clock: str | None = None
    day: str | None = None

    def text(self) -> tuple[str, list[tuple[str, int, int]]]:
        """The sentence and the (kind, start, end) of its names, figure, clock and date."""
        words = [("name", n) for n in self.names] + [("", self.verb)]
        if self.figure:
            words.append(("figure", self.figure))
        if self.clock:
            words += [("", "at"), ("clock", self.clock)]
        if self.day:
            words += [("", "on"), ("date", f"day {self.day[-2:]}")]
        text, spans = "", []
        for kind, word in words:
            start = len(text) + (1 if text else 0)
            text = f"{text} {word}" if text else word
            if kind:
                spans.append((kind, start, start + len(word)))
        return text + ".", spans


def article(n: int, published: str | None, said: Sequence[Said]) -> DocumentFacts:
    """Invented article ``n``, one sentence per ``said``, with its records."""
    doc = f"d{n:011x}"
    ids = {name: f"{doc}-{k}" for k, (name, _) in enumerate(NAMES)}
    text, sentences = "", []
    mentions: dict[str, list[Mention]] = {}
    times, quantities, events = [], [], []
    for idx, sentence in enumerate(said):
        start = len(text) + (1 if text else 0)
        words, spans = sentence.text()
        text = f"{text} {words}" if text else words
        sentences.append((start, start + len(words)))
        for kind, s, e in spans:
            piece, s, e = words[s:e], start + s, start + e
            if kind == "name":
                mentions.setdefault(piece, []).append(Mention(doc, s, e, piece, idx))
            elif kind == "figure":
                amount, unit = next((v, u) for f, v, u in FIGURES if f == piece)
                quantities.append(
                    Quantity(doc, s, e, piece, amount, unit, "loss", False, None, idx)
                )
            elif kind == "clock":
                clock = f"{sentence.day or DAYS[0]}T{piece}"
                times.append(
                    TimeExpr(doc, s, e, piece, clock, "minute", "publication", "TIME", idx)
                )
            elif kind == "date" and sentence.day:
                named = tuple(ids[name] for name in sentence.names)
                summary = words[:40]
                end = start + len(words)
                events.append(
                    Event(sentence.day, piece, summary, named, doc, start, end, published, idx)
                )
    entities = tuple(
        Entity(ids[name], name, kind, (), (), tuple(mentions[name]))
        for name, kind in NAMES
        if name in mentions
    )
    document = Document(
        doc, doc + "0" * 52, f"Article {n}", f"Outlet {n % 3}", published, "en", "hand", len(text)
    )
    return DocumentFacts(
        document,
        text,
        tuple(sentences),
        entities,
        tuple(times),
        tuple(quantities),
        (),
        tuple(events),
    )


def invented(n: int, rng: random.Random) -> DocumentFacts:
    """Random article ``n``: sentences that maybe name entities, a figure, a clock time
    and a date, so that undated figures find (or lose) a dated entry."""
    said = [
        Said(
            tuple(name for name, _ in rng.sample(NAMES, rng.randint(0, 2))),
            rng.choice(VERBS),
            rng.choice(FIGURES)[0] if rng.random() < 0.8 else None,
            rng.choice(("10:00", "14:30")) if rng.random() < 0.8 else None,
            rng.choice(DAYS) if rng.random() < 0.5 else None,
        )
        for _ in range(rng.randint(1, 3))
    ]
    return article(n, rng.choice((*DAYS, "2024-10-11", None)), said)


#: (seed, in publication order): stories that link, unlink, widen entries, join
#: entries through an entity two entries name, and arrive out of order.
STORIES = [(1, False), (2, False), (3, True), (5, True), (6, True), (13, True), (23, False)]


@pytest.mark.parametrize(("seed", "in_order"), STORIES)
def test_invented_articles_link_and_unlink_undated_figures(
    location: str, seed: int, in_order: bool
) -> None:
    """Articles in publication order and out of it: new reports join stored entries or
    start new ones, undated figures link and unlink."""
    rng = random.Random(seed)
    docs = [invented(n, rng) for n in range(16)]
    if in_order:
        docs.sort(key=lambda facts: facts.document.published or "9999")
    linked_at_some_step = False
    with Ledger.open(location) as ledger:
        for facts in docs:
            checked, _ = add_one_by_one(ledger, [facts])
            linked_at_some_step |= checked == 1 and ledger.read(_linked) > 0
    assert linked_at_some_step, "the invented story must link undated figures"


def test_each_figure_key_is_linked_on_its_own() -> None:
    """Two figures of one document link to one entry when their keys differ."""

    def event(doc: str, date: str, sentence: int, *entities: str) -> DatedEvent:
        source = Source(doc, None, "2024-10-12", sentence, sentence + 1, "", sentence)
        return DatedEvent(date, "on Friday" if date else "", "loss", frozenset(entities), source)

    entries = build_timeline([event("a", "2024-10-11", 0, "halcyon")])
    figures = [
        FigureMention((4_200_000.0, "EUR"), event("a", "", 0, "halcyon")),
        FigureMention((9_000_000.0, "EUR"), event("a", "", 0, "halcyon")),
        FigureMention((4_200_000.0, "EUR"), event("b", "", 1, "halcyon")),
        FigureMention((9_000_000.0, "EUR"), event("b", "", 2, "halcyon")),
        FigureMention((9_000_000.0, "EUR"), event("b", "", 3, "halcyon")),
    ]
    linked = link_undated(entries, figures)
    assert [s.source.sentence for s in linked[0].sources] == [0, 1, 2]


def test_a_new_event_joins_the_earliest_entry_naming_its_entity(location: str) -> None:
    """Two entries of a day come to name the Port Authority; a later report naming only
    the Port Authority joins the earlier entry, whichever named it first."""
    day = DAYS[1]
    docs = [
        article(1, "2024-10-08", [Said(("Halcyon Mutual",), "put the loss at", day=day)]),
        article(2, "2024-10-08", [Said(("Port Authority",), "disputed", day=day)]),
        article(3, "2024-10-09", [Said(("Halcyon Mutual", "Port Authority"), "met", day=day)]),
        article(4, "2024-10-10", [Said(("Port Authority",), "confirmed", day=day)]),
    ]
    with Ledger.open(location) as ledger:
        assert add_one_by_one(ledger, docs) == (4, 0)
        assert [len(e["sources"]) for e in ledger.timeline()] == [3, 1]


def test_an_older_article_added_later_only_joins_or_adds_entries(location: str) -> None:
    """Entries keep their positions and ids when an article published earlier than
    every stored one arrives: the timeline groups a date's reports in order of arrival."""
    day = DAYS[1]
    later = [
        article(1, "2024-10-10", [Said(("Halcyon Mutual",), "put the loss at", day=day)]),
        article(2, "2024-10-10", [Said(("Port Authority",), "disputed", day=day)]),
    ]
    older = article(3, "2024-10-08", [Said(("Port Authority", "Maria Okafor"), "met", day=day)])
    with Ledger.open(location) as ledger:
        add_one_by_one(ledger, later)
        before = [(e["id"], e["first_reported"]) for e in ledger.timeline()]
        assert add_one_by_one(ledger, [older]) == (1, 0)
        after = ledger.timeline()
    assert [e["id"] for e in after] == [entry for entry, _ in before]
    assert [len(e["sources"]) for e in after] == [1, 2]
    assert after[1]["first_reported"] == "2024-10-08"
