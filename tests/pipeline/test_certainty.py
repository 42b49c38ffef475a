"""Certainty classes and cues: storyledger.pipeline.certainty (pure text, no model)."""

from __future__ import annotations

import pytest

from storyledger.pipeline.certainty import classify, hedge_cue, is_question


@pytest.mark.parametrize(
    ("text", "expected", "cue"),
    [
        ("The bridge was reopened on Friday.", "asserted", None),
        ("Three climbers are feared dead after the avalanche.", "hedged", "feared"),
        ("Two men are believed to have escaped through the roof.", "hedged", "believed to"),
        ("The driver allegedly ignored a red light.", "hedged", "allegedly"),
        ("The mayor reportedly resigned last night.", "hedged", "reportedly"),
        ("A teacher was held on suspicion of fraud.", "hedged", "on suspicion"),
        ("The treasurer is suspected of moving the funds abroad.", "hedged", "is suspected"),
        ("The leak most likely started in the boiler room.", "hedged", "most likely"),
        ("The dam may fail if the rain continues.", "hedged", "may"),
        ("The tunnel might stay closed for a month.", "hedged", "might"),
        ("It is possible that the valve was faulty.", "hedged", "It is possible"),
        ("There is no hard evidence that the vote was rigged.", "hedged", "no hard evidence"),
        ("Rumours of a merger lifted the shares.", "hedged", "Rumours"),
        ("It is unclear who fired first.", "hedged", "unclear"),
        ("If the witnesses are right, the car was blue.", "hedged", "If the witnesses are right"),
        ("Perhaps the council acted too late.", "hedged", "Perhaps"),
        ("The cause of the outage was not yet known.", "hedged", "not yet known"),
        ("Further arrests could not be ruled out.", "hedged", "could not be ruled out"),
        (
            "It could also have something to do with the mission.",
            "hedged",
            "could also have",
        ),
        ("The fire could well have started earlier.", "hedged", "could well"),
        ("The mill apparently closed in secret.", "hedged", "apparently"),
        (
            "Analysts expect the final bill to be far higher.",
            "hedged",
            "expect the final bill to be",
        ),
        ("Why did nobody check the pumps?", "question", "?"),
        ('"Who pays for this?"', "question", "?"),
        ("The club denies any wrongdoing.", "denied", "denies"),
        ("The minister rejected claims that she had lied.", "denied", "rejected claims"),
        ("Reports of a takeover are simply false.", "denied", "are simply false"),
        ("The union disputes that figure.", "denied", "disputes that"),
        ("The firm refuted the story within hours.", "denied", "refuted"),
        ("The board dismissed allegations of bribery.", "denied", "dismissed allegations"),
        ("That is not true, the coach said.", "denied", "is not true"),
    ],
)
def test_certainty_classify_examples(text: str, expected: str, cue: str | None) -> None:
    assert classify(text) == (expected, cue)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Did the company deny that it may have known?", "question"),
        ("The company denied that the tank may have leaked.", "denied"),
        ("The tank may have leaked.", "hedged"),
    ],
)
def test_certainty_precedence_question_denied_hedged(text: str, expected: str) -> None:
    assert classify(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "The festival opens on May 4.",
        "Crews will stay as long as possible.",
        "The plant will produce as much power as is technically possible.",
        "Firefighters could see the flames from the bridge.",
        "An estimated 300 people attended.",
        "The ferry is expected to leave at noon.",
    ],
)
def test_certainty_no_hedge_in_fixed_phrases(text: str) -> None:
    assert hedge_cue(text) is None
    assert classify(text) == ("asserted", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("This request was first denied and then approved.", ("asserted", None)),
        ("The suspect was denied bail on Friday.", ("asserted", None)),
        ("Journalists were denied access to the site.", ("asserted", None)),
        ("Police denied him permission to march.", ("asserted", None)),
        ("The council denied the application in May.", ("asserted", None)),
        ("The request was denied, and why is not clear yet.", ("hedged", "not clear")),
        ("The council denied the report about the application.", ("denied", "denied")),
        ("He was denied bail and denies the charges.", ("denied", "denies")),
    ],
)
def test_certainty_a_refused_request_is_no_denial(
    text: str, expected: tuple[str, str | None]
) -> None:
    """ "The request was denied" refuses something asked for; it denies no claim."""
    assert classify(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Is it safe?", True), ("Is it safe?'", True), ("It is safe.", False), ("Safe? Yes.", False)],
)
def test_certainty_is_question_ignores_closing_marks(text: str, expected: bool) -> None:
    assert is_question(text) is expected
