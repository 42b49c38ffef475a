"""Scorers on tiny hand-made gold and predictions (invented text, not the gold sets)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from storyledger.eval.features import (
    FEATURES,
    Feature,
    counts_agree,
    register,
    score_certainty,
    score_entities,
    score_quantities,
    score_quotes,
    score_times,
    speaker_correct,
)
from storyledger.eval.gold import STORY_LAYERS, GoldDoc, GoldItem
from storyledger.eval.systems import (
    PredClaim,
    PredQuantity,
    PredSpan,
    PredTime,
    SystemOutput,
    locate_in_order,
)
from storyledger.ingest.base import SourceDocument

TEXT = (
    "Mayor Ada Lindqvist opened the Kestrel bridge on 3 May. "
    "'It may reopen soon,' Lindqvist said. The council denies any delay."
)


def _doc(kind: str = "story", **items: list[GoldItem]) -> GoldDoc:
    layers = STORY_LAYERS if kind == "story" else frozenset(items)
    return GoldDoc(
        dataset="tiny",
        source=SourceDocument(text=TEXT, source="tiny", published=date(2024, 5, 4)),
        layers=layers,
        kind=kind,
        items={layer: items.get(layer, []) for layer in layers},
        entity_names={
            "ada": frozenset({"Ada Lindqvist", "Lindqvist"}),
            "council": frozenset({"council"}),
        },
        points_in_time_only=kind == "story",
    )


def _span(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return (start, start + len(needle))


def test_scorers_entities_strict_and_overlap() -> None:
    gold = _doc(entities=[GoldItem((_span("Ada Lindqvist"),), "Ada Lindqvist", "PERSON")])
    out = SystemOutput(entities=[PredSpan(*_span("Lindqvist"), "PERSON")])
    scores = score_entities(gold, out)
    assert scores is not None
    assert scores["strict.recall"].value == 0.0
    assert scores["overlap.recall"].value == 1.0
    assert scores["overlap.precision"].value == 1.0


def test_scorers_entities_dont_care_items_cost_nothing() -> None:
    unscored = GoldItem((_span("The council"),), "The council", "ORG", scored=False)
    gold = _doc("jsonl", entities=[unscored])
    scores = score_entities(gold, SystemOutput(entities=[PredSpan(*_span("council"), "ORG")]))
    assert scores is not None
    assert scores["overlap.precision"].den == 0
    assert scores["overlap.recall"].den == 0


@pytest.mark.parametrize(("label", "typed_hit"), [("PERSON", 1.0), ("ORG", 0.0)])
def test_scorers_entities_typed(label: str, typed_hit: float) -> None:
    gold = _doc(entities=[GoldItem((_span("Ada Lindqvist"),), "Ada Lindqvist", "PERSON")])
    scores = score_entities(gold, SystemOutput(entities=[PredSpan(*_span("Ada Lindqvist"), label)]))
    assert scores is not None
    assert scores["strict.recall"].value == 1.0
    assert scores["typed_strict.recall"].value == typed_hit


def test_scorers_entities_untyped_gold_scored_untyped_only() -> None:
    product = GoldItem((_span("Kestrel bridge"),), "Kestrel bridge", None)
    gold = _doc("jsonl", entities=[product])
    scores = score_entities(gold, SystemOutput(entities=[PredSpan(*_span("Kestrel"), "ORG")]))
    assert scores is not None
    assert scores["overlap.recall"].value == 1.0
    assert scores["typed_overlap.recall"].den == 0
    assert scores["typed_overlap.precision"].den == 0


@pytest.mark.parametrize(
    ("pred", "hit"),
    [
        (PredTime(*_span("3 May"), "2024-05-03"), True),
        (PredTime(*_span("3 May"), "2024-05-04"), False),
        (PredTime(*_span("on 3 May"), None, datetime(2024, 5, 3, 9, 0)), True),
        (PredTime(*_span("Mayor"), "2024-05-03"), False),
    ],
)
def test_scorers_times_value_accuracy(pred: PredTime, hit: bool) -> None:
    gold = _doc(times=[GoldItem((_span("3 May"),), "3 May", value="2024-05-03")])
    scores = score_times(gold, SystemOutput(times=[pred]))
    assert scores is not None
    assert scores["value.accuracy"].value == float(hit)


def test_scorers_times_story_ignores_predicted_durations() -> None:
    gold = _doc(times=[])
    duration = PredTime(*_span("soon"), "~duration:P1D")
    scores = score_times(gold, SystemOutput(times=[duration]))
    assert scores is not None
    assert scores["span.precision"].den == 0


@pytest.mark.parametrize(
    ("unit", "counts", "gold_unit", "gold_counts", "agree"),
    [
        ("euros", None, "EUR", "estimated damage", True),
        ("USD", None, "EUR", "estimated damage", False),
        (None, "firefighters", None, "firefighters sent to the bridge", True),
        (None, "engines", None, "injured people", False),
        (None, None, None, "deaths", False),
    ],
)
def test_scorers_quantity_counts_agree(
    unit: str | None, counts: str | None, gold_unit: str | None, gold_counts: str, agree: bool
) -> None:
    pred = PredQuantity(0, 3, 3.0, unit, counts)
    gold = GoldItem(((0, 3),), "x", value=3, unit=gold_unit, counts=gold_counts)
    assert counts_agree(pred, gold) is agree


def test_scorers_quantities_value_and_counts() -> None:
    item = GoldItem((_span("3 May"),), "3", value=3, unit=None, counts="bridges")
    gold = _doc(quantities=[item])
    right = PredQuantity(*_span("3"), 3.0, None, "bridge")
    scores = score_quantities(gold, SystemOutput(quantities=[right]))
    assert scores is not None
    assert scores["value_counts.recall"].value == 1.0
    wrong_value = PredQuantity(*_span("3"), 4.0, None, "bridge")
    scores = score_quantities(gold, SystemOutput(quantities=[wrong_value]))
    assert scores is not None
    assert scores["value.recall"].value == 0.0
    assert scores["span.recall"].value == 1.0


@pytest.mark.parametrize(
    ("names", "speaker", "correct"),
    [
        (frozenset({"Lindqvist"}), "ada", True),
        (frozenset({"Lindqvist"}), "council", False),
        (frozenset({"he"}), "ada", False),
        (frozenset(), "ada", False),
    ],
)
def test_scorers_speaker_mapping(names: frozenset[str], speaker: str, correct: bool) -> None:
    assert speaker_correct(names, speaker, _doc()) is correct


def test_scorers_quotes_speaker_accuracy_counts_missed_quotes() -> None:
    quotes = [
        GoldItem((_span("It may reopen soon"),), "It may reopen soon", speaker="ada"),
        GoldItem((_span("denies any delay"),), "denies any delay", speaker="council"),
    ]
    pred = PredClaim(*_span("'It may reopen soon,'"), frozenset({"Lindqvist"}))
    scores = score_quotes(_doc(quotes=quotes), SystemOutput(quotes=[pred]))
    assert scores is not None
    assert scores["span.recall"].value == 0.5
    assert scores["speaker.accuracy"].value == 0.5
    assert scores["speaker.of_found"].value == 1.0


def test_scorers_certainty_hedged_and_denied() -> None:
    hedged = [GoldItem((_span("'It may reopen soon,' Lindqvist said."),), "s")]
    denied = [GoldItem((_span("The council denies any delay."),), "s")]
    out = SystemOutput(hedged=[PredClaim(*_span("It may reopen soon"))], denied=[])
    scores = score_certainty(_doc(hedged=hedged, denied=denied), out)
    assert scores is not None
    assert scores["hedged.recall"].value == 1.0
    assert scores["denied.recall"].value == 0.0
    assert scores["denied.precision"].den == 0


def test_scorers_skip_layers_the_corpus_did_not_annotate() -> None:
    gold = _doc("jsonl", entities=[])
    assert score_times(gold, SystemOutput(times=[])) is None
    assert score_quotes(gold, SystemOutput(quotes=[])) is None
    assert score_entities(gold, SystemOutput()) is None


def test_scorers_locate_in_order_prefers_later_occurrences() -> None:
    assert locate_in_order("May and May", ["May", "May", "June"]) == [(0, 3), (8, 11), None]


def test_scorers_registry_is_extensible() -> None:
    feature = Feature("tiny", "Tiny", lambda gold, out: None, (), "for tests")
    try:
        assert register(feature) is FEATURES["tiny"]
    finally:
        del FEATURES["tiny"]
    assert "tiny" not in FEATURES


def test_scorers_duration_values_compare_without_their_label() -> None:
    from storyledger.eval.features import time_value_equal
    from storyledger.eval.systems import PredTime

    assert time_value_equal(PredTime(0, 5, "~duration:P1Y"), "P1Y")
    assert not time_value_equal(PredTime(0, 5, "~duration:P2Y"), "P1Y")
