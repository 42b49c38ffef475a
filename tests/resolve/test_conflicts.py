"""The conflict ledger: figures, attributions and clock times."""

from __future__ import annotations

from storyledger.resolve.conflicts import (
    Attributed,
    ClockTime,
    Figure,
    Source,
    attribution_conflicts,
    clock_conflicts,
    figure_conflicts,
    measure_key,
)


def fig(
    doc: str,
    text: str,
    value: float,
    counts: str | None,
    unit: str | None = None,
    modifier: str | None = None,
    outlet: str | None = None,
    published: str = "2024-10-08",
    after: str = "",
    before: str = "",
) -> Figure:
    source = Source(doc, outlet or f"Outlet {doc}", published, 0, len(text), text, 0)
    approx = modifier == "approx"
    return Figure(source, value, unit, counts, modifier, approx, before, after)


def test_same_amount_in_other_notations_is_no_conflict() -> None:
    figures = [
        fig("a", "EUR 4.2 million", 4_200_000, "loss", "EUR"),
        fig("b", "€4.2m", 4_200_000, None, "EUR"),
        fig("c", "4,2 Mio. Euro", 4_200_000, None, "EUR"),
    ]
    assert figure_conflicts(figures) == []


def test_different_counts_of_one_thing_conflict_hard() -> None:
    conflicts = figure_conflicts(
        [fig("a", "13 planes", 13, "planes"), fig("b", "15 planes", 15, "planes")]
    )
    assert len(conflicts) == 1
    assert conflicts[0].severity == "hard"
    assert conflicts[0].kind == "disagreement"
    assert sorted(v.value for v in conflicts[0].values) == [13, 15]


def test_approximate_values_that_overlap_are_a_soft_conflict() -> None:
    conflicts = figure_conflicts(
        [
            fig("a", "about 100 people", 100, "people", modifier="approx"),
            fig("b", "104 people", 104, "people"),
        ]
    )
    assert [c.severity for c in conflicts] == ["soft"]


def test_a_value_within_a_stated_range_is_a_soft_conflict() -> None:
    """ "200 to 250 passengers" beside "220 passengers": the ends of a range are at
    least and up to (the extraction marks them so), not two exact counts."""
    range_and_inside = [
        fig("a", "200", 200, "passengers", modifier="at_least"),
        fig("a", "250 passengers", 250, "passengers", modifier="up_to"),
        fig("b", "220 passengers", 220, "passengers"),
    ]
    assert [c.severity for c in figure_conflicts(range_and_inside)] == ["soft"]
    outside = [*range_and_inside[:2], fig("c", "300 passengers", 300, "passengers")]
    assert [c.severity for c in figure_conflicts(outside)] == ["hard"]


def test_part_counts_and_far_apart_values_are_not_compared() -> None:
    figures = [
        fig("a", "More than 110 firefighters", 110, "firefighters", modifier="more_than"),
        fig("b", "two firefighters", 2, "firefighters"),
        fig("c", "two of them", 2, "firefighters"),
        fig("d", "Five other people", 5, "people"),
        fig("e", "six people", 6, "people", published="2024-10-09"),
    ]
    assert figure_conflicts(figures) == []


def test_an_outlet_changing_its_own_figure_is_a_correction() -> None:
    figures = [
        fig("a", "Four people", 4, "deaths", outlet="Courier"),
        fig("b", "two deaths", 2, "deaths", outlet="Courier", published="2024-10-09"),
    ]
    assert [c.kind for c in figure_conflicts(figures)] == ["correction"]


def test_a_growing_count_is_an_update() -> None:
    figures = [
        fig("a", "Two workers", 2, "deaths", published="2024-10-08"),
        fig("b", "three workers", 3, "deaths", published="2024-10-10"),
    ]
    assert [c.kind for c in figure_conflicts(figures)] == ["update"]


def test_ages_are_compared_per_person() -> None:
    figures = [
        fig("a", "46-year-old", 46, "age", "years", after=" shift supervisor at the port"),
        fig("b", "47-year-old", 47, "age", "years", after=" shift supervisor, was"),
        fig("c", "58", 58, "age", "years", after=", a forklift driver"),
    ]
    conflicts = figure_conflicts(figures)
    assert len(conflicts) == 1
    assert sorted(v.value for v in conflicts[0].values) == [46, 47]


def test_one_quote_credited_to_two_speakers() -> None:
    words = "Nobody should go to work on a night shift and not come home"
    quotes = [
        Attributed(Source("a", "A", "2024-10-09", 0, len(words), words, 1), "tomas-brekke"),
        Attributed(Source("b", "B", "2024-10-10", 0, len(words), words + ".", 1), "anneliese-kord"),
        Attributed(Source("c", "C", "2024-10-10", 0, 5, "Thank you", 1), "x"),
    ]
    conflicts = attribution_conflicts(quotes)
    assert [c.kind for c in conflicts] == ["attribution"]
    assert {v.value for v in conflicts[0].values} == {"tomas-brekke", "anneliese-kord"}


def test_clock_times_of_one_event_conflict_softly() -> None:
    times = [
        ClockTime(
            Source("a", "A", None, 0, 6, "2.40am", 0), "2024-10-08T02:40", frozenset({"nfs"})
        ),
        ClockTime(
            Source("b", "B", None, 0, 6, "2:30 a.m.", 0), "2024-10-08T02:30", frozenset({"nfs"})
        ),
        ClockTime(
            Source("c", "C", None, 0, 6, "2.35am", 0), "2024-10-08T02:35", frozenset({"other"})
        ),
    ]
    conflicts = clock_conflicts(times)
    assert len(conflicts) == 1
    assert conflicts[0].severity == "soft"


def test_people_counts_in_different_states_are_different_measures() -> None:
    figures = [
        fig("a", "at least 14 people", 14, "people", after=" are feared missing"),
        fig("b", "207 people", 207, "people", after=" from the water"),
        fig("b2", "pulled 207", 207, "people"),
        fig("c", "220 passengers", 220, "passengers", after=" on board"),
        fig("d", "220 passengers", 230, "passengers", after=", the ferry was licensed to carry"),
    ]
    figures[1] = Figure(
        figures[1].source, 207, None, "people", None, False, "Rescue crews pulled ", ""
    )
    assert figure_conflicts(figures) == []


def test_injured_and_taken_to_hospital_count_the_same_people() -> None:
    figures = [
        fig("a", "Five people", 5, "people", after=" were taken to Maraven General Hospital"),
        fig("b", "six people", 6, "injured people", after=" were injured when fire swept"),
    ]
    assert [c.topic for c in figure_conflicts(figures)] == ["person injured"]


def test_a_plural_ending_in_es_is_the_same_measure_as_its_singular() -> None:
    assert measure_key(fig("a", "€4m", 4e6, "losses", "EUR")) == ("EUR", "loss")
    assert measure_key(fig("a", "3 witnesses", 3, "witnesses")) == ("", "witness")
    assert measure_key(fig("a", "3 witness", 3, "witness")) == ("", "witness")
    assert measure_key(fig("a", "4 churches", 4, "churches")) == ("", "church")
    assert measure_key(fig("a", "9 boxes", 9, "boxes")) == ("", "box")
    assert measure_key(fig("a", "5 houses", 5, "houses")) == ("", "house")
    assert measure_key(fig("a", "2 cases", 2, "cases")) == ("", "case")


def test_insured_and_total_losses_are_different_measures() -> None:
    """Insurers' estimates and a company's total losses are not one figure (harbor-fire)."""
    figures = [
        fig("a", "4.2 million euros", 4.2e6, "loss", "EUR", before="putting the insured loss at "),
        fig(
            "b",
            "more than €9 million",
            9e6,
            "losses",
            "EUR",
            modifier="more_than",
            before="and that Nordhavn puts its total losses at ",
        ),
        fig(
            "c",
            "more than €8 million",
            8e6,
            "cost",
            "EUR",
            modifier="more_than",
            before="Nordhavn has put the total cost to its business, including lost cargo, at ",
        ),
    ]
    keys = [measure_key(f) for f in figures]
    assert keys == [("EUR", "insured loss"), ("EUR", "total loss"), ("EUR", "total cost")]
    assert figure_conflicts(figures) == []


def test_losses_of_one_basis_still_conflict() -> None:
    figures = [
        fig("a", "€4.2 million", 4.2e6, "loss", "EUR", before="putting the insured loss at "),
        fig("b", "€5 million", 5e6, "losses", "EUR", before="the insured losses reached "),
    ]
    assert [c.topic for c in figure_conflicts(figures)] == ["insured loss (EUR)"]


def test_a_qualifier_only_names_the_basis_of_money() -> None:
    """ "a total of 5 people" counts the same people as "5 people"."""
    before = "Officials said a total of "
    assert measure_key(fig("a", "5 people", 5, "people", before=before)) == ("", "person")


def test_copies_of_one_article_stating_two_values_do_not_conflict() -> None:
    """A syndicated copy repeats "10,000 rapid tests" and "100,000 standard tests":
    one article stating both counts two things, so no two articles disagree."""
    figures = [
        fig(doc, text, value, "tests")
        for doc in ("a", "b")
        for text, value in (("10,000 rapid tests", 10_000), ("100,000 standard tests", 100_000))
    ]
    figures.append(fig("c", "10,000 rapid tests", 10_000, "tests"))
    assert figure_conflicts(figures) == []


def test_articles_that_each_state_a_value_the_other_lacks_conflict() -> None:
    figures = [
        fig("a", "13 planes", 13, "planes"),
        fig("b", "13 planes", 13, "planes"),
        fig("b", "15 planes", 15, "planes"),
        fig("c", "15 planes", 15, "planes"),
    ]
    (conflict,) = figure_conflicts(figures)
    assert sorted(v.value for v in conflict.values) == [13, 13, 15, 15]


def test_an_amount_that_says_not_what_it_is_of_is_not_compared() -> None:
    """ "$12 million" and "$28 million", "9%" and "20%": with no counted noun there is
    no subject to tell that two amounts measure one thing (MEANTIME's Airbus
    articles gave a conflict of every dollar amount and percentage)."""
    figures = [
        fig("a", "$12 million", 12e6, None, "USD"),
        fig("b", "$28 million", 28e6, None, "USD"),
        fig("a", "9%", 9, None, "percent"),
        fig("b", "20%", 20, None, "percent"),
        fig("a", "500km", 500, None, "kilometres"),
        fig("b", "900 km", 900, None, "kilometres"),
    ]
    assert [measure_key(f) for f in figures] == [None] * 6
    assert figure_conflicts(figures) == []
    damage = [fig("a", "€4m", 4e6, "damage", "EUR"), fig("b", "€6m", 6e6, "damage", "EUR")]
    assert [c.topic for c in figure_conflicts(damage)] == ["damage (EUR)"]


def test_spans_of_time_are_not_measures() -> None:
    """ "five trading days" and "six straight days", "two quarters" and "three
    quarters": lengths of time and how often, not a count the story disputes
    (MEANTIME's articles, loaded as one case, gave a conflict of each)."""
    figures = [
        fig("a", "five trading days", 5, "trading days"),
        fig("b", "six straight days", 6, "straight days"),
        fig("a", "two consecutive quarters", 2, "consecutive quarters"),
        fig("b", "three quarters", 3, "quarters"),
        fig("a", "up to two times", 2, "times", modifier="up_to"),
        fig("b", "four times", 4, "times"),
    ]
    assert [measure_key(f) for f in figures] == [None] * 6
    assert figure_conflicts(figures) == []


def test_a_change_in_percent_is_compared_on_its_day_only() -> None:
    """ "The Dow fell 3.41%" on one day and "dropped 4.08%" a week later are two
    days' moves; two reports of one day's fall that differ still conflict."""
    days_apart = [
        fig("a", "3.41%", 3.41, "fall", "percent", published="2009-02-24"),
        fig("b", "4.08%", 4.08, "fall", "percent", published="2009-03-05"),
    ]
    assert figure_conflicts(days_apart) == []
    one_day = [
        fig("a", "3.41%", 3.41, "fall", "percent", published="2009-02-24"),
        fig("b", "3.9%", 3.9, "fall", "percent", published="2009-02-24"),
    ]
    assert [c.topic for c in figure_conflicts(one_day)] == ["fall on 2009-02-24 (percent)"]


def test_a_move_named_by_its_verb_is_compared_on_its_day_only() -> None:
    """ "The Dow Jones Industrial Average fell by 3.41%": the counted noun is the
    index, the verb says it is a day's move."""
    figures = [
        fig("a", "3.41%", 3.41, "Average", "percent", published="2009-02-24", before="fell by "),
        fig("b", "4.08%", 4.08, "Average", "percent", published="2009-03-05", before="dropped by "),
    ]
    assert figure_conflicts(figures) == []
    turnout = [
        fig("a", "62%", 62, "turnout", "percent", published="2024-05-01"),
        fig("b", "64%", 64, "turnout", "percent", published="2024-05-03"),
    ]
    assert [c.topic for c in figure_conflicts(turnout)] == ["turnout (percent)"]
