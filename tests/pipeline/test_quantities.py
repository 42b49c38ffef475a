"""The quantities stage: numbers with their unit, what they count and their modifier."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyledger.model import DocumentFacts, Quantity
from storyledger.pipeline import numbers

Run = Callable[..., DocumentFacts]


def _quantity_at(facts: DocumentFacts, phrase: str) -> Quantity:
    """The record whose span overlaps the first occurrence of ``phrase``."""
    start = facts.text.index(phrase)
    end = start + len(phrase)
    hits = [q for q in facts.quantities if q.start < end and start < q.end]
    assert hits, f"no quantity over {phrase!r}; found {[q.text for q in facts.quantities]}"
    return hits[0]


# (sentence, expected record text, value, unit, counts, modifier, approximate)
CASES = [
    # plain counts with the counted noun and its classifying compound
    (
        "Rescuers flew in 13 large foreign cargo planes.",
        "13 large foreign cargo planes",
        13,
        None,
        "cargo planes",
        None,
        False,
    ),
    (
        "The agency shipped 521,800 masks to clinics.",
        "521,800 masks",
        521800,
        None,
        "masks",
        None,
        False,
    ),
    (
        "The ward ordered thirty ventilators last month.",
        "thirty ventilators",
        30,
        None,
        "ventilators",
        None,
        False,
    ),
    ("Police seized a dozen boats in the bay.", "a dozen boats", 12, None, "boats", None, False),
    (
        "A hundred volunteers cleared the beach.",
        "A hundred volunteers",
        100,
        None,
        "volunteers",
        None,
        False,
    ),
    ("Twenty-five buses were cancelled.", "Twenty-five buses", 25, None, "buses", None, False),
    (
        "Seven passengers were rescued, two of them children.",
        "two of them children",
        2,
        None,
        "children",
        None,
        False,
    ),
    (
        "Nine climbers set off, and three of them reached the summit.",
        "three of them",
        3,
        None,
        "climbers",
        None,
        False,
    ),
    # modifiers
    (
        "About 100 people gathered outside the hall.",
        "About 100 people",
        100,
        None,
        "people",
        "approx",
        True,
    ),
    (
        "More than 110 firefighters fought the blaze.",
        "More than 110 firefighters",
        110,
        None,
        "firefighters",
        "more_than",
        False,
    ),
    (
        "An estimated 40 ferry crossings were cancelled.",
        "An estimated 40 ferry crossings",
        40,
        None,
        "ferry crossings",
        "approx",
        True,
    ),
    ("At least 12 shops were looted.", "At least 12 shops", 12, None, "shops", "at_least", False),
    (
        "Fewer than 30 members voted.",
        "Fewer than 30 members",
        30,
        None,
        "members",
        "less_than",
        False,
    ),
    (
        "Nearly 500 runners finished the race.",
        "Nearly 500 runners",
        500,
        None,
        "runners",
        "approx",
        True,
    ),
    # money in many formats
    (
        "The city will pay 3 million euros for the bridge.",
        "3 million euros",
        3_000_000,
        "EUR",
        None,
        None,
        False,
    ),
    ("The club paid €3m for the striker.", "€3m", 3_000_000, "EUR", None, None, False),
    (
        "The bank set aside EUR 3 million for claims.",
        "EUR 3 million",
        3_000_000,
        "EUR",
        None,
        None,
        False,
    ),
    (
        "Die Kosten liegen bei 4,2 Mio. Euro, the paper said.",
        "4,2 Mio. Euro",
        4_200_000,
        "EUR",
        None,
        None,
        False,
    ),
    ("Damage was put at €4.2 million.", "€4.2 million", 4_200_000, "EUR", "damage", None, False),
    ("The startup raised $12.5 million.", "$12.5 million", 12_500_000, "USD", None, None, False),
    ("Tickets cost £40 each.", "£40", 40, "GBP", None, None, False),
    (
        "The firm lost 2 billion dollars.",
        "2 billion dollars",
        2_000_000_000,
        "USD",
        None,
        None,
        False,
    ),
    ("He sold the car for 900 pounds.", "900 pounds", 900, "GBP", None, None, False),
    (
        "The refit will cost more than €9 million.",
        "more than €9 million",
        9_000_000,
        "EUR",
        None,
        "more_than",
        False,
    ),
    # percent and fractions
    (
        "Inflation rose by just under 1.6 percent.",
        "just under 1.6 percent",
        1.6,
        "percent",
        None,
        "less_than",
        True,
    ),
    ("Turnout was 61% in the north.", "61%", 61, "percent", None, None, False),
    (
        "The port handles roughly a third of all freight.",
        "roughly a third",
        0.333,
        "fraction",
        "freight",
        "approx",
        True,
    ),
    (
        "Two-thirds of voters backed the plan.",
        "Two-thirds",
        0.667,
        "fraction",
        "voters",
        None,
        False,
    ),
    # durations and measures
    (
        "Suspects can be held for up to 48 hours.",
        "up to 48 hours",
        48,
        "hours",
        None,
        "up_to",
        False,
    ),
    (
        "The report is due within six months.",
        "within six months",
        6,
        "months",
        None,
        "up_to",
        False,
    ),
    ("She has taught at the school for 12 years.", "12 years", 12, "years", None, None, False),
    (
        "The hall covers 8,000 square metres.",
        "8,000 square metres",
        8000,
        "square metres",
        None,
        None,
        False,
    ),
    ("The depot covers 2,500 m² of land.", "2,500 m²", 2500, "square metres", None, None, False),
    (
        "The terminal moved 3.4 million TEU last year.",
        "3.4 million TEU",
        3_400_000,
        "TEU",
        None,
        None,
        False,
    ),
    (
        "Crews spent the best part of three days at the site.",
        "the best part of three days",
        3,
        "days",
        None,
        "approx",
        True,
    ),
    # ages
    ("A 46-year-old teacher was arrested.", "46-year-old", 46, "years", "age", None, False),
    ("Anna Lindqvist, 58, runs the bakery.", "58", 58, "years", "age", None, False),
    ("The singer died aged 71 at home.", "71", 71, "years", "age", None, False),
    # casualties and tolls
    ("Four feared dead after bridge collapse", "Four feared dead", 4, None, "deaths", None, False),
    ("Two killed, five hurt in highway crash", "Two killed", 2, None, "deaths", None, False),
    ("Two killed, five hurt in highway crash", "five hurt", 5, None, "injured people", None, False),
    ("Three miners were killed in the blast.", "Three miners", 3, None, "deaths", None, False),
    ("Five people died in the flood.", "Five people", 5, None, "deaths", None, False),
    ("The storm killed six fishermen.", "six fishermen", 6, None, "deaths", None, False),
    (
        "Eight pupils were injured in the fire.",
        "Eight pupils",
        8,
        None,
        "injured people",
        None,
        False,
    ),
    # what an amount costs: the subject of "cost", "total", "reach", "exceed"
    (
        "The inquiry is expected to cost about 2 million euros.",
        "about 2 million euros",
        2_000_000,
        "EUR",
        "inquiry",
        "approx",
        True,
    ),
    (
        "This aid operation cost Italy three million euros.",
        "three million euros",
        3_000_000,
        "EUR",
        "aid operation",
        None,
        False,
    ),
    (
        "The inquiry will begin next month and is expected to cost €2m.",
        "€2m",
        2_000_000,
        "EUR",
        "inquiry",
        None,
        False,
    ),
    (
        "Insured losses totalled $5 billion.",
        "$5 billion",
        5_000_000_000,
        "USD",
        "losses",
        None,
        False,
    ),
    ("The death toll rises to four.", "rises to four", 4, None, "deaths", None, False),
    (
        "The death toll from the quake stands at nine.",
        "stands at nine",
        9,
        None,
        "deaths",
        None,
        False,
    ),
]


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit", "counts", "modifier", "approximate"), CASES
)
def test_quantities_finds_value_unit_counts_and_modifier(
    run: Run,
    sentence: str,
    text: str,
    value: float,
    unit: str | None,
    counts: str | None,
    modifier: str | None,
    approximate: bool,
) -> None:
    """Each spec form gives the expected record."""
    quantity = _quantity_at(run(sentence), text)
    assert quantity.text == text
    assert quantity.value == pytest.approx(value, rel=0.005)
    assert quantity.unit == unit
    if counts is not None:
        assert quantity.counts == counts
    assert quantity.modifier == modifier
    assert quantity.approximate is approximate


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("The bridge opened in 2019 after delays.", "2019"),
        ("The council met on 8 October to vote.", "8"),
        ("HOLMSTAD, Oct. 8 (Wire) - The ferry sank.", "8"),
        ("The vote is on March 22, the clerk said.", "22"),
        ("The alarm was raised at 2.40am.", "2.40"),
        ("The alarm was raised at 2:30 a.m. on Monday.", "2:30"),
        ("The shop closes at 6 p.m. every day.", "6"),
        ("She finished first in the final.", "first"),
        ("A third person has died in hospital.", "third"),
        ("The fire started in Warehouse 14 overnight.", "14"),
        ("Berths 6 to 9 will stay closed.", "6 to 9"),
        ("Flight 370 vanished over the ocean.", "370"),
        ("No one was hurt in the crash.", "one"),
        ("It is one of the largest ports in Europe.", "one"),
        ("The storm hit ten days ago.", "ten days"),
        ("Two days later, the mayor resigned.", "Two days"),
        ("The new Jetliner 787 Skyrunner was unveiled.", "787"),
    ],
)
def test_quantities_ignores_dates_times_ordinals_and_identifiers(
    run: Run, sentence: str, phrase: str
) -> None:
    """Years, dates, clock times, ordinals, identifiers and relative times are not quantities."""
    facts = run(sentence)
    start = facts.text.index(phrase)
    end = start + len(phrase)
    assert not [q.text for q in facts.quantities if q.start < end and start < q.end]


def test_quantities_range_shares_the_unit(run: Run) -> None:
    """ "20 to 25 percent" gives two percentages, not a bare 20."""
    facts = run("The cuts affect 20 to 25 percent of staff.")
    assert [(q.value, q.unit) for q in facts.quantities] == [(20, "percent"), (25, "percent")]


@pytest.mark.parametrize(
    "sentence",
    [
        "The ferry carried 200 to 250 passengers.",
        "The ferry carried 200-250 passengers.",
        "The ferry carried between 200 and 250 passengers.",
    ],
)
def test_quantities_range_ends_are_at_least_and_up_to(run: Run, sentence: str) -> None:
    """The ends of a range bound a value, so one inside it does not contradict them."""
    found = [(q.value, q.modifier) for q in run(sentence).quantities]
    assert found == [(200, "at_least"), (250, "up_to")]


@pytest.mark.parametrize(
    "sentence", ["The plants cut 6 and 9 jobs.", "The toll rose from 13 to 15 deaths."]
)
def test_quantities_two_counts_and_a_change_are_no_range(run: Run, sentence: str) -> None:
    assert [q.modifier for q in run(sentence).quantities] == [None, None]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The new jet will have 200-250 seats.", [(200, "seats"), (250, "seats")]),
        ("Between 20-25 people attended.", [(20, "people"), (25, "people")]),
        ("The company cut 1,000-1,500 jobs.", [(1000, "jobs"), (1500, "jobs")]),
        ("The airline flies the 6-8 planes it leased.", [(6, "planes"), (8, "planes")]),
    ],
)
def test_quantities_hyphen_range_is_a_range(
    run: Run, sentence: str, expected: list[tuple[int, str]]
) -> None:
    """ "200-250 seats" gives the two ends of the range, as "200 to 250 seats" does."""
    facts = run(sentence)
    assert [(q.value, q.counts) for q in facts.quantities] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The repairs will cost $5-6 million.", [(5e6, "USD"), (6e6, "USD")]),
        ("The plan costs €2-3bn.", [(2e9, "EUR"), (3e9, "EUR")]),
        ("The repairs will cost $5 million-$6 million.", [(5e6, "USD"), (6e6, "USD")]),
        ("Between 5 and 6 million people fled.", [(5e6, None), (6e6, None)]),
        ("The storm left 2 to 3 million homes without power.", [(2e6, None), (3e6, None)]),
    ],
)
def test_quantities_range_ends_share_currency_and_scale(
    run: Run, sentence: str, expected: list[tuple[float, str | None]]
) -> None:
    """ "$5-6 million" is five to six million dollars: the low end takes the
    scale and currency written once for both."""
    found = [(q.value, q.unit, q.modifier) for q in run(sentence).quantities]
    assert found == [(*expected[0], "at_least"), (*expected[1], "up_to")]


def test_quantities_range_low_end_keeps_a_smaller_scale(run: Run) -> None:
    """From 500 to 6 million: the low end is five hundred, not five hundred million."""
    found = [q.value for q in run("Sales grew from 500 to 6 million units.").quantities]
    assert found == [500, 6e6]


def test_quantities_hyphen_range_shares_its_unit(run: Run) -> None:
    """The unit written after the high end is the low end's too."""
    facts = run("The index fell 300-400 points on Monday.")
    assert [(q.value, q.unit) for q in facts.quantities] == [(300, "points"), (400, "points")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Chelsea won 3-1 on Sunday.",
        "The Senate vote was 52-35 against the bill.",
        "The plant makes the Airbus A330-200 passenger jet.",
        "The 2020-21 season ended early.",
        "Call 555-1234 for tickets.",
        "The 9-11 attacks changed air travel.",
    ],
)
def test_quantities_hyphenated_numbers_that_are_no_range(run: Run, sentence: str) -> None:
    """Scores, votes, model numbers, seasons and phone numbers are not counts."""
    facts = run(sentence)
    assert [q.text for q in facts.quantities] == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The airline bought 24 A320s in March.", (24, "A320s")),
        ("The air force flies 36 F-16s from the base.", (36, "F-16s")),
        ("Lufthansa ordered 12 Boeing 787s last year.", (12, "Boeing 787s")),
    ],
)
def test_quantities_count_model_plurals(run: Run, sentence: str, expected: tuple[int, str]) -> None:
    """ "24 A320s" counts planes of a model, though the tagger reads "A320s" as a number."""
    facts = run(sentence)
    assert [(q.value, q.counts) for q in facts.quantities] == [expected]


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        ("Its fleet consists of 30 short-haul aircraft.", "aircraft"),
        ("The airline ordered 12 wide-body jets.", "jets"),
    ],
)
def test_quantities_counted_noun_leaves_out_hyphenated_modifiers(
    run: Run, sentence: str, counts: str
) -> None:
    """ "30 short-haul aircraft" counts aircraft, not "haul aircraft": a hyphenated
    modifier describes, like an adjective, and would split one topic into many."""
    facts = run(sentence)
    assert [q.counts for q in facts.quantities] == [counts]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "GM pays pensions to thousands of former workers.",
            ("thousands of former workers", 1000, None, "workers", "at_least"),
        ),
        (
            "Cerberus will take on billions of dollars in pension costs.",
            ("billions of dollars", 1_000_000_000, "USD", None, "at_least"),
        ),
        (
            "Hundreds of thousands of people marched.",
            ("Hundreds of thousands of people", 100_000, None, "people", "at_least"),
        ),
        ("Dozens of boats joined the search.", ("Dozens of boats", 12, None, "boats", "at_least")),
    ],
)
def test_quantities_vague_magnitudes(
    run: Run, sentence: str, expected: tuple[str, int, str | None, str | None, str]
) -> None:
    """ "thousands of workers" is a figure: at least a thousand, approximate."""
    facts = run(sentence)
    found = [(q.text, q.value, q.unit, q.counts, q.modifier) for q in facts.quantities]
    assert found == [expected]
    assert facts.quantities[0].approximate


@pytest.mark.parametrize(
    "sentence",
    ["Sales were in the thousands.", "He has thousands.", "Thousands marched on Sunday."],
)
def test_quantities_vague_magnitude_needs_what_it_counts(run: Run, sentence: str) -> None:
    """Without "of" and what it counts, a vague magnitude says too little to keep."""
    assert [q.text for q in run(sentence).quantities] == []


def test_quantities_records_point_into_the_text(run: Run) -> None:
    """Offsets, sentence index and document id are those of the stored text."""
    text = "The mill closed.\n\nAbout 90 workers lost their jobs. Losses reached €2m."
    facts = run(text)
    assert [q.text for q in facts.quantities] == ["About 90 workers", "€2m"]
    for quantity in facts.quantities:
        assert text[quantity.start : quantity.end] == quantity.text
        assert quantity.doc == facts.document.id
    assert [q.sentence for q in facts.quantities] == [1, 2]
    assert isinstance(facts.quantities[0].value, int)


FRAGMENTS = [
    "About 90 firefighters came.",
    "The bill was €4.2m.",
    "Rates rose 1.6 percent.",
    "The 46-year-old was held for up to 48 hours.",
    "It opened in 2019 at Dock 7.",
    "Two killed, six hurt.",
    "Roughly a third left.",
    "The alarm sounded at 2.40am on 8 October.",
    "Ole Berg, 58, spoke.",
    "4,2 Mio. Euro",
    " ",
    "\n\n",
    "—",
    "„Zwei“",
]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6))
def test_quantities_offsets_always_match_text(run: Run, parts: list[str]) -> None:
    """Whatever the mix of forms, every record's text is exactly its slice of the document."""
    text = " ".join(parts)
    facts = run(text)
    ends = [0]
    for quantity in facts.quantities:
        assert facts.text[quantity.start : quantity.end] == quantity.text
        assert quantity.start >= ends[-1]
        ends.append(quantity.end)
        assert quantity.modifier in (None, "approx", "more_than", "less_than", "up_to", "at_least")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("521,800", 521800),
        ("4,2", 4.2),
        ("3.4", 3.4),
        ("3.4 million", 3_400_000),
        ("4,2 Mio.", 4_200_000),
        ("1.5bn", 1_500_000_000),
        ("twenty-five", 25),
        ("a hundred", 100),
        ("a dozen", 12),
        ("half a dozen", 6),
        ("one hundred and twenty", 120),
        ("three thousand", 3000),
        ("six seven", None),
    ],
)
def test_numbers_parse_number(text: str, value: float | None) -> None:
    """Digits, decimal commas, scales and written numbers all parse; nonsense does not."""
    assert numbers.parse_number(text) == (pytest.approx(value) if value is not None else None)


@pytest.mark.parametrize(
    ("text", "value"), [("a third", 0.333), ("two-thirds", 0.667), ("three quarters", 0.75)]
)
def test_numbers_parse_fraction(text: str, value: float) -> None:
    """Spoken fractions round to three places, as reporters quote them."""
    assert numbers.parse_fraction(text) == value


@pytest.mark.parametrize(("value", "expected"), [(13.0, 13), (1.6, 1.6), (4_200_000.0, 4_200_000)])
def test_numbers_as_number_keeps_whole_values_int(value: float, expected: float) -> None:
    """Whole values become ``int`` so JSON writes 13, not 13.0."""
    result = numbers.as_number(value)
    assert result == expected
    assert isinstance(result, int) == (value == int(value))
