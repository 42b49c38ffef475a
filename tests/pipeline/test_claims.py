"""Quotes, reported speech, narrative claims and speakers: storyledger.pipeline.claims.

Every text here is invented. Docs run through the shared pipeline's spaCy
model, entity stage and claim stage only, so a fault in another stage cannot
fail these tests.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from storyledger.model import Claim
from storyledger.pipeline.claims import find_quotes
from storyledger.pipeline.util import sentence_of

#: Stages the claim stage does not read.
_SKIP = frozenset({"storyledger_times", "storyledger_quantities", "storyledger_events"})


@pytest.fixture(scope="module")
def parse(nlp: Language) -> Callable[[str], Doc]:
    """Run the model, the entity stage and the claim stage on one text."""

    def _parse(text: str) -> Doc:
        doc = nlp.make_doc(text)
        doc._.sl_doc_id = "doc1"
        for name, proc in nlp.pipeline:
            if name not in _SKIP:
                doc = proc(doc)
        return doc

    return _parse


def _quotes(doc: Doc) -> list[Claim]:
    return [c for c in doc._.sl_claims if c.kind == "quote"]


def _speaker_name(doc: Doc, claim: Claim) -> str | None:
    """The name of the entity a claim is credited to (None when unresolved)."""
    for entity in doc._.sl_entities or []:
        if entity.id == claim.speaker:
            return str(entity.name)
    return None


def _claim_with(doc: Doc, words: str) -> Claim:
    found = [c for c in doc._.sl_claims if words in c.text]
    assert found, f"no claim holds {words!r}: {[c.text for c in doc._.sl_claims]}"
    return found[0]


# ---------------------------------------------------------------------------
# Quotation marks (pure text)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"The roof is gone," she said.', ["The roof is gone"]),
        ("\u201cThe roof is gone.\u201d", ["The roof is gone"]),
        ("'The roof is gone,' she said.", ["The roof is gone"]),
        ("\u2018The roof is gone,\u2019 she said.", ["The roof is gone"]),
        ("\u201eThe roof is gone\u201c, she said.", ["The roof is gone"]),
        ("\u00abThe roof is gone\u00bb, she said.", ["The roof is gone"]),
        ('"Is the roof gone?" she asked.', ["Is the roof gone?"]),
        ('"We left. Then it fell," he said.', ["We left. Then it fell"]),
        ('"First part," he said, "second part."', ["First part", "second part"]),
        ("'Our hearts are with Ana's family,' she said.", ["Our hearts are with Ana's family"]),
        ("The workers' union said it would strike.", []),
        ("Mira's team don't know yet.", []),
        ("'The workers' canteen is closed,' he said.", ["The workers' canteen is closed"]),
    ],
)
def test_claims_find_quotes_styles(text: str, expected: list[str]) -> None:
    assert [text[q.start : q.end] for q in find_quotes(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said: "One.\n\n"Two," he added.', ["One", "Two"]),
        ('He said: "One.\n\nTwo." Then he left.', ["One.\n\nTwo"]),
    ],
)
def test_claims_find_quotes_over_paragraphs(text: str, expected: list[str]) -> None:
    assert [text[q.start : q.end] for q in find_quotes(text)] == expected


# ---------------------------------------------------------------------------
# Quote speakers
# ---------------------------------------------------------------------------

QUOTE_CASES = [
    # named speaker after the quote, both word orders
    (
        '"The water came in very fast," said Olga Brandt, a resident.',
        "The water came in very fast",
        "Olga Brandt",
    ),
    (
        '"We will rebuild the school," Peter Lindqvist told reporters.',
        "We will rebuild the school",
        "Peter Lindqvist",
    ),
    # named speaker before the quote
    (
        'Mayor Karin Solberg said: "Nobody will be left alone."',
        "Nobody will be left alone",
        "Karin Solberg",
    ),
    # pronoun -> the most recent person who was a subject
    (
        "Engineer Dag Holm inspected the bridge on Monday. "
        "'The cables are badly corroded,' he said.",
        "The cables are badly corroded",
        "Dag Holm",
    ),
    # role noun -> the person introduced with that title
    (
        "Health Minister Ruth Aalto visited the clinic with the director, Jonas Weber. "
        '"Every patient was moved in time," the minister said.',
        "Every patient was moved in time",
        "Ruth Aalto",
    ),
    # role noun -> the person introduced with that appositive
    (
        "Its spokeswoman, Lene Vik, declined to give figures. "
        '"The losses are serious," the spokeswoman said.',
        "The losses are serious",
        "Lene Vik",
    ),
    # organisation speaker
    (
        "Brightwater Energy said in a statement that it was 'deeply saddened' by the deaths.",
        "deeply saddened",
        "Brightwater Energy",
    ),
    # German marks, comma after the closing mark
    (
        "\u201eWe are not yet able to say why\u201c, Frida Maas said.",
        "We are not yet able to say why",
        "Frida Maas",
    ),
]


@pytest.mark.parametrize(("text", "quote", "speaker"), QUOTE_CASES)
def test_claims_quote_speaker_resolves(
    parse: Callable[[str], Doc], text: str, quote: str, speaker: str
) -> None:
    doc = parse(text)
    claim = next(c for c in _quotes(doc) if c.text == quote)
    assert _speaker_name(doc, claim) == speaker


def test_claims_split_quote_gives_two_claims_one_speaker(parse: Callable[[str], Doc]) -> None:
    doc = parse('"The pumps failed at midnight," Ivar Strand said. "Nobody had tested them."')
    quotes = _quotes(doc)
    assert [q.text for q in quotes] == ["The pumps failed at midnight", "Nobody had tested them"]
    assert {_speaker_name(doc, q) for q in quotes} == {"Ivar Strand"}


def test_claims_unattributed_quote_continues_paragraph_speaker(parse: Callable[[str], Doc]) -> None:
    text = (
        '"The harvest is lost," farmer Nils Ekberg said. '
        '"It will take three years to recover. We need help now."'
    )
    doc = parse(text)
    last = _quotes(doc)[-1]
    assert last.text == "It will take three years to recover. We need help now"
    assert _speaker_name(doc, last) == "Nils Ekberg"


def test_claims_pronoun_skips_names_inside_quotes(parse: Callable[[str], Doc]) -> None:
    text = (
        "Anja Moberg, a spokeswoman for the hospital, said the ward had reopened. "
        "'Our thoughts are with Karl Heine's family,' she said."
    )
    doc = parse(text)
    claim = _quotes(doc)[0]
    assert claim.speaker_text == "she"
    assert _speaker_name(doc, claim) == "Anja Moberg"


@pytest.mark.parametrize(
    "text",
    [
        "The so-called \u201cblue tunnel\u201d project was cancelled.",
        "The crew named the mission \u201cFrom Oslo with love\u201d in March.",
        "Critics called the plan 'naive' and the budget 'thin'.",
        # the seed article: a name with its full stop inside the marks
        "Brekke accused Lind over the aid operation \u201cfrom Oslo with love.\u201d",
        # GUM: a title after "on", with a speech verb in the sentence
        'The ministry says on "The Harbour Safety Countdown" that the port is safe.',
    ],
)
def test_claims_scare_quotes_are_not_quotes(parse: Callable[[str], Doc], text: str) -> None:
    assert _quotes(parse(text)) == []


# ---------------------------------------------------------------------------
# Reported and narrative sentences
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        ("Mayor Karin Solberg said the road would reopen on Friday.", "said", "Karin Solberg"),
        ("Karin Solberg told reporters that the road would reopen.", "told", "Karin Solberg"),
        ("Karin Solberg warned that more floods would come.", "warned", "Karin Solberg"),
        ("Karin Solberg confirmed that two bridges had collapsed.", "confirmed", "Karin Solberg"),
        ("Karin Solberg announced that the schools would close.", "announced", "Karin Solberg"),
        ("Karin Solberg insisted that the plan was sound.", "insisted", "Karin Solberg"),
        ("The road will reopen on Friday, Karin Solberg said.", "said", "Karin Solberg"),
        ("Six homes were lost, according to Karin Solberg.", "according to", "Karin Solberg"),
    ],
)
def test_claims_reported_speech_verbs(
    parse: Callable[[str], Doc], text: str, cue: str, speaker: str
) -> None:
    doc = parse(text)
    claim = doc._.sl_claims[0]
    assert (claim.kind, claim.cue, claim.text) == ("reported", cue, text)
    assert _speaker_name(doc, claim) == speaker


def _assert_first_reported(doc: Doc, cue: str, speaker: str) -> None:
    claim = doc._.sl_claims[0]
    assert (claim.kind, claim.cue) == ("reported", cue)
    assert _speaker_name(doc, claim) == speaker


@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        (
            "Nordhavn Freight Services has put the total cost to its business at more "
            "than €9 million.",
            "put",
            "Nordhavn Freight Services",
        ),
        (
            "Halcyon Mutual has valued the insured damage at €4.2 million.",
            "valued",
            "Halcyon Mutual",
        ),
    ],
)
def test_claims_an_estimate_at_an_amount_is_reported(
    parse: Callable[[str], Doc], text: str, cue: str, speaker: str
) -> None:
    """ "X has put the cost at €9 million": X's estimate, a statement of X."""
    _assert_first_reported(parse(text), cue, speaker)


@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        (
            "Mayor Karin Solberg resigned on Friday, saying the council had failed her.",
            "saying",
            "Karin Solberg",
        ),
        (
            "Erik Lund left the hearing early, denying that the ferry was overloaded.",
            "denying",
            "Erik Lund",
        ),
        (
            "Halcyon Mutual published a first estimate, putting the insured loss at "
            "4.2 million euros.",
            "putting",
            "Halcyon Mutual",
        ),
    ],
)
def test_claims_a_speech_participle_speaks_for_the_subject_of_its_clause(
    parse: Callable[[str], Doc], text: str, cue: str, speaker: str
) -> None:
    """ "..., saying the council had failed her": the mayor says it, not the council."""
    _assert_first_reported(parse(text), cue, speaker)


def test_claims_putting_something_somewhere_is_no_estimate(parse: Callable[[str], Doc]) -> None:
    doc = parse("Karin Solberg put the boxes at the back of the hall.")
    assert doc._.sl_claims[0].kind == "narrative"


def test_claims_reported_org_noun_resolves_to_recent_org(parse: Callable[[str], Doc]) -> None:
    doc = parse(
        "Brightwater Energy runs the plant near the lake. "
        "The company said the leak had been stopped."
    )
    claim = _claim_with(doc, "The company said")
    assert claim.kind == "reported"
    assert claim.speaker_text == "The company"
    assert _speaker_name(doc, claim) == "Brightwater Energy"


@pytest.mark.parametrize(
    "text",
    ["The ferry left the harbour at dawn.", "Residents were told to keep their windows shut."],
)
def test_claims_narrative_without_speech(parse: Callable[[str], Doc], text: str) -> None:
    claim = parse(text)._.sl_claims[0]
    assert (claim.kind, claim.speaker, claim.text) == ("narrative", None, text)


@pytest.mark.parametrize(
    ("text", "certainty"),
    [
        ("The ferry left the harbour at dawn.", "asserted"),
        ("The ferry allegedly left without lights.", "hedged"),
        ("Why did the ferry leave without lights?", "question"),
        ("The ferry company denies that the lights were off.", "denied"),
    ],
)
def test_claims_sentence_certainty(parse: Callable[[str], Doc], text: str, certainty: str) -> None:
    assert parse(text)._.sl_claims[0].certainty == certainty


def test_claims_quote_certainty_from_its_own_words(parse: Callable[[str], Doc]) -> None:
    doc = parse("'It is possible that the valve failed,' Ivar Strand said. 'The pipe is new.'")
    assert [q.certainty for q in _quotes(doc)] == ["hedged", "asserted"]


def test_claims_headline_is_its_own_sentence(parse: Callable[[str], Doc]) -> None:
    doc = parse("Three feared dead in mine collapse\n\nRescuers reached the shaft on Monday.")
    texts = [c.text for c in doc._.sl_claims]
    assert texts == ["Three feared dead in mine collapse", "Rescuers reached the shaft on Monday."]
    assert doc._.sl_claims[0].certainty == "hedged"


# ---------------------------------------------------------------------------
# Offsets and record shape
# ---------------------------------------------------------------------------

ARTICLE = (
    "Flood cuts off valley town\n\n"
    "Floodwater cut off the town of Brenn on Sunday, the regional council said. "
    "Mayor Karin Solberg said: \u201cWe have never seen the river this high.\u201d\n\n"
    "'Part of the old bridge is gone,' she told reporters. 'We don't know when it will reopen.' "
    "The dam may have been damaged, engineers said.\n\n"
    "\u201eThe dam is safe\u201c, said Tor Aas of Valley Power. "
    "\u201eClaims to the contrary are false.\u201c"
)


def test_claims_offsets_match_text(parse: Callable[[str], Doc]) -> None:
    doc = parse(ARTICLE)
    claims = doc._.sl_claims
    assert claims
    for claim in claims:
        assert ARTICLE[claim.start : claim.end] == claim.text
        assert claim.text == claim.text.strip()
        assert claim.sentence == sentence_of(doc, claim.start)
        assert claim.doc == "doc1"
        assert claim.kind in ("quote", "reported", "narrative")
    assert [c.start for c in claims] == sorted(c.start for c in claims)


def test_claims_article_quotes_and_speakers(parse: Callable[[str], Doc]) -> None:
    doc = parse(ARTICLE)
    quotes = {q.text: (q.speaker_text, _speaker_name(doc, q), q.certainty) for q in _quotes(doc)}
    assert quotes == {
        "We have never seen the river this high": ("Karin Solberg", "Karin Solberg", "asserted"),
        "Part of the old bridge is gone": ("she", "Karin Solberg", "asserted"),
        "We don't know when it will reopen": ("she", "Karin Solberg", "asserted"),
        "The dam is safe": ("Tor Aas", "Tor Aas", "asserted"),
        "Claims to the contrary are false": ("Tor Aas", "Tor Aas", "denied"),
    }


def test_claims_a_number_is_not_a_speaker(run):
    facts = run("Nine confirmed dead after ferry disaster\n\nThe ferry sank on Monday.")
    headline = facts.claims[0]
    assert headline.speaker_text is None
    assert headline.kind == "narrative"


def test_claims_a_names_set_off_description_is_not_the_speaker(
    parse: Callable[[str], Doc],
) -> None:
    """The seed article: "European" (in his job) had been credited with the accusation."""
    doc = parse(
        "Alexei Paramonov, responsible for European affairs at the Russian Foreign Ministry "
        "and consul in Milan from 2008 to 2013, accused Guerini of ingratitude."
    )
    claim = _claim_with(doc, "accused Guerini")
    assert (claim.kind, claim.speaker_text) == ("reported", "Alexei Paramonov")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "Marta Lind chairs the Harbour Safety Board. A member of the Harbour Safety "
            "Board said that there were no problems.",
            "A member of the Harbour Safety Board",
        ),
        ("Critics of Olav Brekke said the plan had failed.", "Critics of Olav Brekke"),
    ],
)
def test_claims_someone_described_by_a_body_or_person_is_not_them(
    parse: Callable[[str], Doc], text: str, words: str
) -> None:
    """The seed article: "A member of COPASIR said" had been credited to COPASIR."""
    doc = parse(text)
    claim = _claim_with(doc, "said")
    assert claim.speaker_text == words
    assert claim.speaker is None


def test_claims_the_newspaper_is_the_publication_named_before(
    parse: Callable[[str], Doc],
) -> None:
    """The seed article: "Now, the newspaper writes" had no speaker after "the daily La Stampa"."""
    doc = parse(
        "Until then, the daily Valden Post questioned the purpose of the trip. "
        "The Navy sent ships. Now, the newspaper writes, \u201cSecret agents were also there.\u201d"
    )
    claim = _quotes(doc)[0]
    assert claim.speaker_text == "the newspaper"
    assert _speaker_name(doc, claim) == "Valden Post"


def test_claims_a_long_description_between_quote_and_verb(parse: Callable[[str], Doc]) -> None:
    """GUM: the verb came fourteen words after the quote, past the window the
    position rule reads; the parse hangs the quote on it."""
    doc = parse(
        '"Had it happened an hour later it would have been much worse," Pia Sandvik, '
        "editor at large at the Korsvik Courier, said."
    )
    claim = _quotes(doc)[0]
    assert (claim.cue, _speaker_name(doc, claim)) == ("said", "Pia Sandvik")


def test_claims_the_subject_next_to_the_verb_speaks(parse: Callable[[str], Doc]) -> None:
    """GUM: the parse gives "Malaysia's Prime Minister, Najib Razak said" two
    subjects; the quote had been credited to Malaysia."""
    doc = parse(
        "Discussing his concern in a public statement, Norland's Prime Minister, "
        'Erik Dahl said, "We are in contact with all relevant parties."'
    )
    assert _speaker_name(doc, _quotes(doc)[0]) == "Erik Dahl"


def test_claims_a_quote_opening_the_paragraph_after_stated(parse: Callable[[str], Doc]) -> None:
    doc = parse(
        "Rathbun stated,\n\n"
        '"Daniel was picked up by an investigator in a black car with blacked out windows."'
    )
    assert _quotes(doc)[0].speaker_text == "Rathbun"


def test_claims_the_object_of_a_speech_verb_is_not_its_speaker(
    parse: Callable[[str], Doc],
) -> None:
    """ "reveal the details" has no speaker; "the details" had been taken for an
    inverted subject ("..., say investigators")."""
    claim = parse("Paramonov also threatened to reveal the details.")._.sl_claims[0]
    assert claim.speaker_text != "the details"


def test_claims_a_sentence_after_a_quote_that_ends_with_a_full_stop_does_not_attribute_it(
    parse: Callable[[str], Doc],
) -> None:
    doc = parse(
        'The ministry had launched an operation called "Safe Harbour for All of Us." '
        "Brekke later threatened to reveal the costs."
    )
    assert all(q.cue != "reveal" for q in _quotes(doc)), "the verb is in the next sentence"


@pytest.mark.parametrize(
    "text",
    [
        "She should also promise unannounced inspections of every port warehouse.",
        "The minister must announce the findings of the inquiry.",
    ],
)
def test_claims_what_someone_ought_to_say_is_no_report(run, text):
    """harbor-fire's opinion piece: "She should also promise ..." is advice, not a
    statement she made."""
    assert [c.kind for c in run(text).claims] == ["narrative"]


def test_claims_a_modal_in_the_reported_clause_keeps_the_report(run):
    claim = run("The minister said the inquiry must finish within six months.").claims[0]
    assert claim.kind == "reported"
