"""The event stage: dated sentences with a verb become timeline entries."""

from __future__ import annotations

import datetime as dt


def test_events_sentence_with_resolved_date_becomes_event(run):
    text = "The ferry sank on March 3, 2024 near Hallen Island. Nobody knows why."
    facts = run(text, published=dt.date(2024, 3, 5))
    assert len(facts.events) == 1
    event = facts.events[0]
    assert event.date == "2024-03-03"
    assert event.published == "2024-03-05"
    assert text[event.start : event.end].startswith("The ferry sank")
    assert event.date_text in text[event.start : event.end]


def test_events_link_entities_in_the_sentence(run):
    text = "Anna Lind resigned from Nordlake Ferries on 4 May 2023."
    facts = run(text, published=dt.date(2023, 5, 5))
    assert facts.events
    names = {e.id: e.name for e in facts.entities}
    linked = {names[i] for i in facts.events[0].entities}
    assert "Anna Lind" in linked


def test_events_need_a_verb(run):
    facts = run("Monday, 4 May 2023.", published=dt.date(2023, 5, 5))
    assert facts.events == ()


def test_events_a_dated_noun_adds_its_own_date(run):
    text = "Investigators said on Monday that the Oct. 8 blaze had started in a charging area."
    facts = run(text, published=dt.date(2024, 10, 15))
    assert sorted(e.date for e in facts.events) == ["2024-10-08", "2024-10-14"]
    assert {e.date_text for e in facts.events} == {"on Monday", "Oct. 8"}


def test_events_a_second_date_in_a_reported_clause_adds_nothing(run):
    text = "The council said on Monday that it had voted on 9 October to close the port."
    facts = run(text, published=dt.date(2024, 10, 15))
    assert [e.date for e in facts.events] == ["2024-10-14"]


def test_events_two_verbs_joined_by_and_give_their_own_dates(run):
    """harbor-fire: "arrested on Tuesday and released on bail yesterday" dated only
    the arrest."""
    text = "The council met on Monday and voted on 9 October 2024 to close the port."
    facts = run(text, published=dt.date(2024, 10, 15))
    assert sorted(e.date for e in facts.events) == ["2024-10-09", "2024-10-14"]


def test_events_a_clause_with_a_verb_that_describes_a_name_dates_what_happened(run):
    """harbor-fire: the relative clause hangs on "supervisor", set beside a name;
    the name rule had dropped both dates."""
    text = (
        "The only person to have faced any consequence is Piet Lorentzen, the shift "
        "supervisor who was arrested on Tuesday and released on bail yesterday."
    )
    facts = run(text, published=dt.date(2024, 10, 18))
    assert sorted(e.date for e in facts.events) == ["2024-10-15", "2024-10-17"]


def test_events_a_correction_note_is_no_event(run):
    """A note's times have no day of their own (the day is the corrected report's,
    which the conflict ledger finds); the story's day before it would be wrong."""
    text = (
        "The ferry sank on Monday. The death toll rose yesterday. "
        "Correction: An earlier version of this article said the ferry left at 6.15pm. "
        "It left at 6.45pm."
    )
    facts = run(text, published=dt.date(2025, 6, 5))
    assert [e.date_text for e in facts.events] == ["on Monday", "yesterday"]
    assert {t.text for t in facts.times} >= {"at 6.15pm", "at 6.45pm"}


def test_events_a_date_that_describes_a_name_dates_nothing(run):
    """The seed article: Paramonov's years as consul do not date his accusation."""
    text = (
        "Alexei Paramonov, responsible for European affairs at the Russian Foreign Ministry "
        "and consul in Milan from 2008 to 2013, accused Guerini of ingratitude."
    )
    facts = run(text, published=dt.date(2022, 3, 30))
    assert facts.events == ()
    assert {t.text for t in facts.times} >= {"from 2008", "2013"}


def test_events_the_main_clause_date_wins_over_a_described_name(run):
    text = "Chief Brekke, who joined the force in 1998, resigned on 4 May 2023."
    facts = run(text, published=dt.date(2023, 5, 5))
    assert [e.date for e in facts.events] == ["2023-05-04"]


def test_events_a_clause_describing_a_happening_keeps_its_date(run):
    text = "The fire, which broke out on 8 October 2024, destroyed three warehouses."
    facts = run(text, published=dt.date(2024, 10, 15))
    assert [e.date for e in facts.events] == ["2024-10-08"]
