"""The times stage: date/time expressions resolved against publication and narrative."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyledger.model import DocumentFacts, TimeExpr
from storyledger.pipeline.times import clause_tense, find_candidates

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

TUE = dt.date(2024, 10, 8)
WED = dt.date(2024, 10, 9)
SAT = dt.date(2024, 10, 12)


def _time_at(facts: DocumentFacts, phrase: str) -> TimeExpr:
    """The record whose span overlaps the first occurrence of ``phrase``."""
    start = facts.text.index(phrase)
    end = start + len(phrase)
    hits = [t for t in facts.times if t.start < end and start < t.end]
    assert hits, f"no time found over {phrase!r}; found {[t.text for t in facts.times]}"
    return hits[0]


@pytest.mark.parametrize(
    ("text", "published", "phrase", "value"),
    [
        # absolute and partial dates
        ("The plant opened on March 22, 2020, officials said.", dt.date(2022, 4, 8),
         "March 22, 2020", "2020-03-22"),
        ("BRANDVIK, Oct. 8 (Wire) - A ferry ran aground.", TUE, "Oct. 8", "2024-10-08"),
        ("The council voted on 8 October to close the pier.", SAT, "8 October", "2024-10-08"),
        ("Work on the dam will start in early May.", dt.date(2023, 3, 1), "early May", "2023-05"),
        ("Ticket sales fell in March.", dt.date(2023, 6, 10), "in March", "2023-03"),
        # the present of a schedule within half a year; further ahead, last year's
        ("The last flight, which launches June 28, is full.", dt.date(2011, 4, 13), "June 28",
         "2011-06-28"),
        ("Sales in November rise 5 percent.", dt.date(2024, 1, 20), "November", "2023-11"),
        ("Sales have not been this low since November.", dt.date(2023, 3, 10), "November",
         "2022-11"),
        ("The mine closed in 2019.", SAT, "2019", "2019"),
        ("Profits rose in the third quarter of 2009.", SAT, "third quarter", "2009-Q3"),
        # publication-relative
        ("The bridge was built two years ago.", dt.date(2022, 4, 8), "two years ago", "2020"),
        ("The dog went missing a few days ago.", SAT, "a few days ago", "2024-W41"),
        ("The dog went missing a week ago.", dt.date(2024, 10, 15), "a week ago", "2024-10-08"),
        ("The mayor resigned on Tuesday.", dt.date(2024, 10, 10), "on Tuesday", "2024-10-08"),
        ("The mayor resigned on Tuesday.", TUE, "on Tuesday", "2024-10-08"),
        ("The court said it acted last Tuesday.", dt.date(2024, 10, 14), "last Tuesday",
         "2024-10-08"),
        ("The union complained last week.", SAT, "last week", "2024-W40"),
        ("Divers hope to return early next week.", SAT, "early next week", "2024-W42"),
        ("The mayor spoke yesterday.", SAT, "yesterday", "2024-10-11"),
        ("A vigil will be held this evening.", SAT, "this evening", "2024-10-12"),
        ("The port handled 3 million boxes last year.", SAT, "last year", "2023"),
        # future tense picks the coming weekday
        ("The mayor will resign on Thursday.", TUE, "on Thursday", "2024-10-10"),
        ("The report is expected to be published on Friday.", TUE, "on Friday", "2024-10-11"),
        ("Crews are expected to remain at the site until Wednesday.", TUE, "until Wednesday",
         "2024-10-09"),
        ("Officials said the road would reopen to traffic on Thursday.", TUE, "on Thursday",
         "2024-10-10"),
        # narrative-relative
        ("The storm hit on Wednesday morning. Two days later, power returned.", SAT,
         "Two days later", "2024-10-11"),
        ("A fire started early on Monday. A second blaze broke out the next morning.", WED,
         "the next morning", "2024-10-08"),
        ("The ship was seized on Monday. At that time nobody knew why.", WED, "At that time",
         "2024-10-07"),
        # clock times take the story's day, or their own
        ("The alarm sounded in the early hours of Tuesday, at around 2.40am.", TUE,
         "around 2.40am", "2024-10-08T02:40"),
        ("The quake struck early on Sunday, shortly after 2:30 a.m.", dt.date(2024, 10, 6),
         "2:30 a.m.", "2024-10-06T02:30"),
        ("The blaze was declared out at 7.15am on Wednesday.", WED, "7.15am", "2024-10-09T07:15"),
        ("Markets opened at 14:58 UTC.", SAT, "14:58 UTC", "2024-10-12T14:58Z"),
        # durations and vague references
        ("The talks lasted for two weeks.", SAT, "two weeks", "P2W"),
        ("She promised results within six months.", SAT, "six months", "P6M"),
        ("The fund pays out quarterly.", SAT, "quarterly", "P3M"),
        ("Prices are currently rising.", SAT, "currently", "PRESENT_REF"),
        ("The firm recently moved.", SAT, "recently", "PAST_REF"),
        # GUM: a range's first day is a date, not "from November"; "is to" is ahead
        ("The vote is to be held from November 20 to December 11.", dt.date(2015, 5, 7),
         "November 20", "2015-11-20"),
        ("The vote is to be held from November 20 to December 11.", dt.date(2015, 5, 7),
         "December 11", "2015-12-11"),
        # GUM: a caption's 1981 does not date what "will" happen in 2011
        ("Columbia lifted off on April 12, 1981. Image: NASA.\n\nEndeavour, which will "
         "launch on April 29, will be sent to Los Angeles.", dt.date(2011, 4, 13),
         "April 29", "2011-04-29"),
    ],
)  # fmt: skip
def test_times_resolve_each_form(run, text, published, phrase, value):
    facts = run(text, published=published)
    assert _time_at(facts, phrase).value == value


def test_times_partial_date_takes_the_narrative_year(run):
    text = (
        "The first trucks reached the border on March 22, 2020. On May 7, the last convoy arrived."
    )
    facts = run(text, published=dt.date(2022, 4, 8))
    record = _time_at(facts, "May 7")
    assert (record.value, record.anchor, record.granularity) == ("2020-05-07", "narrative", "day")


@pytest.mark.parametrize(
    ("phrase", "granularity", "anchor", "kind"),
    [
        ("March 22, 2020", "day", "absolute", "DATE"),
        ("yesterday", "day", "publication", "DATE"),
        ("last week", "week", "publication", "DATE"),
        ("Two days later", "day", "narrative", "DATE"),
        ("at 6 p.m.", "minute", "narrative", "TIME"),
        ("for three days", "duration", "absolute", "DURATION"),
    ],
)
def test_times_granularity_anchor_and_type(run, phrase, granularity, anchor, kind):
    text = (
        "The dam failed on March 22, 2020. Water rose until it peaked at 6 p.m. "
        "Two days later the army arrived and stayed for three days. "
        "A survivor spoke yesterday. The inquiry met last week."
    )
    record = _time_at(run(text, published=dt.date(2022, 4, 8)), phrase)
    assert (record.granularity, record.anchor, record.type) == (granularity, anchor, kind)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # the story's year, told in the past
        ("Sales fell in 2004. By the end of the year, the firm had closed.", "2004"),
        # the year now, in a sentence about what is to come
        ("The study ran to December 2004. The agency will decide by the end of the year.", "2006"),
        ("The study ran to 2004. They are looking at rules by the end of the year.", "2006"),
    ],
)
def test_times_the_end_of_the_year_is_the_story_year_unless_ahead(run, text, value):
    facts = run(text, published=dt.date(2006, 2, 23))
    assert _time_at(facts, "the end of the year").value == value


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Markets fell on the Black Monday anniversary.", "Monday"),
        ("Markets fell on the `Black Monday' anniversary.", "Monday"),
        ("Stocks sank on \u201cBlack Tuesday\u201d, as the crash is known.", "Tuesday"),
        ("Candidates campaigned hard before Super Tuesday.", "Tuesday"),
    ],
)
def test_times_a_named_day_has_no_value(run, text, phrase):
    """ "Black Monday" is not this week's Monday: its date is not written."""
    assert _time_at(run(text, published=SAT), phrase).value is None


def test_times_unresolvable_span_is_kept_with_no_value(run):
    facts = run("The mayor resigned on Tuesday.", published=None)
    record = _time_at(facts, "Tuesday")
    assert record.value is None


@pytest.mark.parametrize(
    "text",
    [
        "The 58-year-old driver was treated in hospital.",
        "Jarek Nowak, 58, had worked there.",
        "Police counted 2,019 cars and 1,400 pallets.",
        "Harbour & Freight Weekly reported the story.",
        "She said it could happen as soon as possible.",
        # the seed article: a publication, not "every day"
        "Until then, the daily La Stampa questioned the purpose of the trip.",
        "A weekly magazine printed the letter.",
    ],
)
def test_times_skip_ages_numbers_and_names(run, text):
    facts = run(text, published=SAT)
    assert [t.text for t in facts.times] == []


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("Nov. 15", "2023-11-15"),
        ("early on Tuesday", "2023-11-14"),
        ("around 1.50am", "2023-11-14T01:50"),
        ("June 2, 2009", "2009-06-02"),
        ("in March", "2009-03"),
        ("On August 30", "2009-08-30"),
        ("6:15 a.m. on Tuesday", "2023-11-14T06:15"),
        ("on Wednesday", "2023-11-15"),
        ("on Friday", "2023-11-17"),
        ("six weeks", "P6W"),
        ("two years ago", "2021"),
        ("last year", "2022"),
        ("last week", "2023-W45"),
        ("early next month", "2023-12"),
    ],
)
def test_times_fixture_article(run, phrase, value):
    text = (FIXTURES / "times_bridge.txt").read_text(encoding="utf-8")
    assert _time_at(run(text, published=dt.date(2023, 11, 15)), phrase).value == value


_PHRASES = [
    "on Tuesday", "two days later", "around 2.40am", "March 22, 2020", "early May",
    "last week", "for two weeks", "yesterday", "the 58-year-old", "at 7.15am on Wednesday",
    "Oct. 8", "in 2019", "recently", "the next morning", "3 million", "early next week",
]  # fmt: skip


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    parts=st.lists(st.sampled_from(_PHRASES), min_size=1, max_size=6),
    glue=st.sampled_from([" ", ". ", ", ", "\n\n", " and then "]),
)
def test_times_offsets_always_point_at_the_text(run, parts, glue):
    text = "It happened " + glue.join(parts) + "."
    facts = run(text, published=SAT)
    for record in facts.times:
        assert facts.text[record.start : record.end] == record.text
        assert record.text == record.text.strip()
        assert 0 <= record.sentence < len(facts.sentences)


@given(
    text=st.text(alphabet=st.sampled_from(list("Tuesday May 2019 at 7.15am ago,\n")), max_size=80)
)
@settings(max_examples=60, deadline=None)
def test_times_candidates_never_overlap(text):
    spans = [(c.start, c.end) for c in find_candidates(text)]
    assert spans == sorted(spans)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))
    assert all(0 <= s < e <= len(text) for s, e in spans)


@pytest.mark.parametrize(
    ("sentence", "phrase", "tense"),
    [
        ("The minister will visit on Thursday.", "Thursday", "future"),
        ("The minister is expected to visit on Thursday.", "Thursday", "future"),
        ("The minister visited on Thursday.", "Thursday", "past"),
        ("The minister has visited on Thursday.", "Thursday", "past"),
        # a present tense in a clause of time takes the main clause's tense
        ("The loss will rise before it is officially filed in March.", "March", "future"),
        ("The loss rose after the plan was filed in March.", "March", "past"),
        # "could" looks ahead, unless "could have" or "could not"
        ("The loss could rise before it is officially filed in March.", "March", "future"),
        ("The plant could have closed in March.", "March", "past"),
        ("The minister could not attend on Thursday.", "Thursday", "none"),
        # a participle after its noun: past, unless it plans
        (
            "A ferry capsized on Monday evening, and 14 people are feared missing.",
            "Monday",
            "past",
        ),
        (
            "KORSVIK (VP) — A passenger ferry capsized on Lake Veldra on Monday evening, "
            "and at least 14 people are feared missing, according to the coast guard.",
            "Monday",
            "past",
        ),
        ("A meeting scheduled for Monday was cancelled.", "Monday", "future"),
    ],
)
def test_times_clause_tense(nlp, sentence, phrase, tense):
    doc = nlp.make_doc(sentence)
    for _, component in nlp.pipeline[: nlp.pipe_names.index("storyledger_times")]:
        doc = component(doc)
    start = sentence.index(phrase)
    assert clause_tense(doc, start, start + len(phrase)) == tense


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("The ferry left at 6.15pm. It sank an hour later.", "at 6.15pm"),
        ("The quake struck shortly after 2:30 a.m. Nobody was hurt.", "shortly after 2:30 a.m."),
    ],
)
def test_times_a_clock_time_keeps_the_dot_of_a_m_only(run, text, span):
    """The full stop after "6.15pm" ends the sentence; the one of "a.m." is the word's."""
    assert _time_at(run(text, published=dt.date(2024, 10, 8)), span).text == span


def test_times_a_year_before_a_singular_unit_is_no_duration(run):
    """GUM: "FIFA World Cup 2018 day five" was read as 2018 days."""
    facts = run("FIFA World Cup 2018 day five: Sweden, Belgium and England win.", published=SAT)
    assert [t.value for t in facts.times] == ["2018"]


def test_times_a_second_before_an_ordinal_noun_is_no_second(run):
    """MEANTIME: "suspended for a second consecutive day" was one second long."""
    facts = run("Trading was suspended for a second consecutive day.", published=SAT)
    assert all(t.value != "PT1S" for t in facts.times)
    assert run("He paused for a second.", published=SAT).times[0].value == "PT1S"
