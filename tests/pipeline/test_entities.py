"""The entity stage: cleaning, retyping and in-document merging, on invented articles."""

from __future__ import annotations

import re

import pytest

from storyledger.pipeline import entities

ARTICLE = (
    "KORSVIK (VP) — Transport Minister Hanna Berg visited the Port of Korsvik on Monday. "
    "Berg met staff of Nordlake Ferries (NLF) at Warehouse 7. Nordlake said the visit was "
    "welcome. NLF later published a statement. The Korsvik Fire and Rescue service "
    "helped. Minister Berg left at noon."
)


@pytest.fixture(scope="module")
def facts(run):
    return run(ARTICLE)


def _entity(facts, surface):
    for entity in facts.entities:
        if surface == entity.name or surface in entity.aliases:
            return entity
    raise AssertionError(f"{surface!r} not found in {[e.name for e in facts.entities]}")


def test_entities_offsets_match_text(facts):
    for entity in facts.entities:
        for mention in entity.mentions:
            assert ARTICLE[mention.start : mention.end] == mention.text


@pytest.mark.parametrize(
    ("alias", "name"),
    [("Berg", "Hanna Berg"), ("NLF", "Nordlake Ferries"), ("Nordlake", "Nordlake Ferries")],
)
def test_entities_merge_alias_into_full_name(facts, alias, name):
    entity = _entity(facts, alias)
    assert entity.name == name
    assert alias in entity.aliases
    assert any(alias in reason for reason in entity.merged_because)


@pytest.mark.parametrize(
    ("surface", "label"),
    [("KORSVIK", "GPE"), ("Warehouse 7", "FAC"), ("Port of Korsvik", "FAC"), ("VP", "ORG")],
)
def test_entities_rules_find_what_the_model_misses(facts, surface, label):
    spans = [s for s in facts_spans(facts) if s[0] == surface]
    assert spans, f"{surface!r} not found"
    assert spans[0][1] == label


def facts_spans(facts):
    return [(m.text, e.type) for e in facts.entities for m in e.mentions]


def test_entities_dateline_city_merges_with_normal_case(run):
    facts = run("OSLO (AP) — Flights resumed. Travellers in Oslo were relieved.")
    city = _entity(facts, "Oslo")
    assert "OSLO" in city.aliases


def test_entities_dateline_city_is_a_place_however_the_model_reads_it(run):
    """The dateline names the town the story is filed from: a place, though the
    model calls "KORSVIK" and a later "left Korsvik" an organisation."""
    facts = run(
        "KORSVIK, June 4 (LW) - Nine people were confirmed dead on Tuesday, the coast "
        "guard said.\n\nThe ferry was carrying 230 passengers when it left Korsvik on June 2."
    )
    assert _entity(facts, "Korsvik").type == "GPE"


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        (
            "13 Russian cargo planes landed near Rome at Pratica di Mare military airport.",
            "Pratica di Mare",
        ),
        (
            "The plane landed at Leonardo da Vinci International Airport.",
            "Leonardo da Vinci International Airport",
        ),
        ("Two jets took off from Ciampino airport on Sunday.", "Ciampino"),
    ],
)
def test_entities_airports_the_model_misses(run, sentence, name):
    """An airport named before "airport" is a facility: the model leaves "Pratica
    di Mare military airport" out and reads "Leonardo da Vinci" as a person."""
    assert (name, "FAC") in {(e.name, e.type) for e in run(sentence).entities}


def test_entities_end_before_a_preposition(run):
    """The model's "Pratica di Mare to" ends before "to": no name ends in a preposition."""
    facts = run("The jets flew from Pratica di Mare to Bergamo on Monday.")
    assert "Pratica di Mare" in {e.name for e in facts.entities}


def test_entities_drop_junk_and_determiners(run):
    facts = run(
        "(Photo: Picture Alliance/AA)\n\nThe Kremlin said the talks in the Kremlin went well."
    )
    names = [m.text for e in facts.entities for m in e.mentions]
    assert not any(n.lower().startswith(("photo", "the ")) for n in names)
    assert "Kremlin" in names


def test_entities_never_merge_people_with_different_first_names(run):
    facts = run("Anna Lind met Erik Lind in Stockholm. Lind said nothing.")
    people = {e.name for e in facts.entities if e.type == "PERSON"}
    assert {"Anna Lind", "Erik Lind"} <= people
    for entity in facts.entities:
        assert not ({"Anna Lind", "Erik Lind"} <= {entity.name, *entity.aliases})


def test_entities_places_do_not_merge_into_organisations(run):
    facts = run("Police in Korsvik said the Korsvik Harbour Authority had closed the port.")
    city = [e for e in facts.entities if e.name == "Korsvik"]
    assert city and not city[0].aliases


def test_entities_title_and_surname_stay_one_person(run):
    text = "Chief Inspector Halvorsen arrived at dawn. Later, Halvorsen told reporters little."
    facts = run(text)
    people = [e for e in facts.entities if e.type == "PERSON"]
    assert len(people) == 1
    assert people[0].name == "Chief Inspector Halvorsen"
    assert people[0].aliases == ("Halvorsen",)
    assert people[0].merged_because


@pytest.mark.parametrize(
    "text",
    [
        "The largest military airport in Italy is located in Apulia.",
        "The Russians then wanted to move to the Apulia region in southern Italy.",
    ],
)
def test_entities_a_region_the_model_calls_a_person_is_a_place(run, text):
    """In the seed article the model types "Apulia" a person, both times."""
    (region,) = [e for e in run(text).entities if e.name == "Apulia"]
    assert region.type == "GPE"


def test_entities_a_person_after_in_stays_a_person(run):
    facts = run("Voters placed their trust in Merkel, the poll found.")
    people = [e for e in facts.entities if e.name == "Merkel"]
    assert all(e.type == "PERSON" for e in people)


def test_entities_a_job_title_after_a_company_is_not_its_name(run):
    """MEANTIME: "Boeing Executive Vice President Scott Carson" gave "Boeing Executive"."""
    text = "Boeing Executive Vice President Scott Carson replied that it was business."
    names = {e.name: e.type for e in run(text).entities}
    assert names.get("Boeing") == "ORG" and "Boeing Executive" not in names
    assert names.get("Scott Carson") == "PERSON"


@pytest.mark.parametrize(
    "text",
    [
        "The jet lifted off from Toulouse in France. Crowds watched in the centre of Toulouse.",
        "Crowds watched in the centre of Toulouse. The jet was built in Toulouse, France.",
    ],
)
def test_entities_a_town_named_with_its_country_is_a_place(run, text):
    """MEANTIME: the model calls "Toulouse" a person; "Toulouse, France" says otherwise,
    for every mention of the name in the article."""
    (town,) = [e for e in run(text).entities if e.name == "Toulouse"]
    assert town.type == "GPE"


def test_entities_a_name_before_a_countrys_possessive_is_no_place(run):
    facts = run("Officials met Dupont, France's finance minister, on Monday.")
    assert all(e.type != "GPE" for e in facts.entities if e.name == "Dupont")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Until then, the daily La Stampa questioned the actual purpose of the trip.", "La Stampa"),
        ("Speaking to the newspaper Il Foglio, he denied it.", "Il Foglio"),
    ],
)
def test_entities_a_name_after_daily_or_newspaper_is_an_organisation(run, text, name):
    """The seed article: the model calls the daily "La Stampa" a person."""
    (paper,) = [e for e in run(text).entities if e.name == name]
    assert paper.type == "ORG"


def test_entities_an_organiser_is_not_its_conference(run):
    """MEANTIME Apple: "Apple" had become an alias of its developers' conference."""
    text = (
        "Apple opened the Apple Worldwide Developers Conference in San Francisco on Monday. "
        "Apple said the event was sold out."
    )
    names = {e.name: e.aliases for e in run(text).entities}
    assert "Apple" in names
    assert "Apple" not in names.get("Apple Worldwide Developers Conference", ())


def test_entities_a_spaced_dash_ends_a_name(run):
    """MEANTIME Apple: "based in San Jose - Cisco." gave the place "San Jose - Cisco"."""
    text = "The network company is based in San Jose - Cisco. The company claims the trademark."
    names = [e.name for e in run(text).entities]
    assert not any(" - " in name for name in names)


def test_entities_a_province_the_model_calls_an_organisation_is_a_place(run):
    """The seed article: "military trucks drove the coffins from Bergamo" gave an ORG."""
    text = "Military trucks drove the coffins from Bergamo. The minister sent them to Bergamo."
    towns = [e for e in run(text).entities if e.name == "Bergamo"]
    assert towns and all(e.type == "GPE" for e in towns)


def test_entities_a_missed_name_that_speaks_is_a_person(run):
    """The seed article: the model tags no entity in "Alexei Paramonov, responsible
    for ..., accused"; the reported statement had no speaker."""
    text = (
        "Alexei Varnikov, responsible for European affairs at the Russian Foreign Ministry "
        "and consul in Milan from 2008 to 2013, accused Guerini of ingratitude. "
        "Varnikov also threatened to reveal the details."
    )
    facts = run(text)
    (person,) = [e for e in facts.entities if e.name == "Alexei Varnikov"]
    assert (person.type, person.aliases) == ("PERSON", ("Varnikov",))
    assert facts.claims[0].speaker == person.id


def test_entities_a_title_that_speaks_is_no_person(run):
    text = "Vice President and general counsel of the company, Mara Lind, said it had failed."
    assert all(e.name != "Vice President" for e in run(text).entities)


def test_entities_a_job_word_in_front_of_a_name_is_no_part_of_it(run):
    """MEANTIME: the model read "Spokeswoman Sandy Angers" as an organisation."""
    text = "Spokeswoman Sandy Angers said the plant would close. Angers added that pay would go on."
    (person,) = [e for e in run(text).entities if "Angers" in e.name]
    assert (person.name, person.type, person.aliases) == ("Sandy Angers", "PERSON", ("Angers",))


def test_entities_a_church_of_believers_is_an_organisation(run):
    """GUM: "the Church of Scientology" and "the Greek Orthodox Church" were buildings."""
    text = (
        "Protesters gathered outside the Church of Scientology. The Catholic Church and the "
        "Greek Orthodox Church said nothing. Mass was held at St Mary's Church."
    )
    types = {e.name: e.type for e in run(text).entities}
    assert types["Church of Scientology"] == "ORG"
    assert types["Catholic Church"] == types["Greek Orthodox Church"] == "ORG"
    assert types["St Mary's Church"] == "FAC"


def test_entities_a_name_of_the_form_head_of_name_ends_at_a_full_stop(run):
    """GUM: "the University of Southern Indiana. Video" was one name."""
    text = "Wilkins is curator at the University of Southern Indiana. Video: the exhibit."
    names = [e.name for e in run(text).entities]
    assert "University of Southern Indiana" in names
    assert not [n for n in names if "Video" in n]


def _forms_after_retyping(text: str, labelled: dict[str, str]) -> dict[str, str]:
    """Run the surname retyping on ``labelled`` (form -> label), every occurrence a mention."""
    chosen = [
        entities._Candidate(m.start(), m.end(), label, "model")
        for form, label in labelled.items()
        for m in re.finditer(re.escape(form), text)
    ]
    forms = dict(labelled)
    entities._surnames_typed_otherwise(text, chosen, forms)
    return forms


def test_entities_a_surname_the_model_calls_a_place_is_a_person():
    """GUM: "said Bolden" beside "Charles Bolden" was a place; "Mohamed" beside
    "Ahmed Mohamed" and "Mohamed El-Hassan Mohamed" an organisation."""
    text = (
        "Ahmed Mohamed and his father Mohamed El-Hassan Mohamed met Charles Bolden. "
        "Mohamed said Bolden was kind."
    )
    labelled = {
        "Ahmed Mohamed": "PERSON",
        "Mohamed El-Hassan Mohamed": "PERSON",
        "Charles Bolden": "PERSON",
        "Mohamed": "ORG",
        "Bolden": "GPE",
    }
    forms = _forms_after_retyping(text, labelled)
    assert forms["Mohamed"] == forms["Bolden"] == "PERSON"


@pytest.mark.parametrize(
    ("text", "labelled"),
    [
        # a place the article names after "in"
        ("Mary Houston sang in Houston.", {"Mary Houston": "PERSON", "Houston": "GPE"}),
        # a country
        ("Michael Jordan met officials of Jordan.", {"Michael Jordan": "PERSON", "Jordan": "GPE"}),
        # the first word of a longer organisation
        (
            "Bill Ford said Ford and the Ford Motor Company would grow.",
            {"Bill Ford": "PERSON", "Ford": "ORG", "Ford Motor Company": "ORG"},
        ),
        # an acronym
        ("Anna BAE joined BAE.", {"Anna BAE": "PERSON", "BAE": "ORG"}),
    ],
)
def test_entities_a_surname_that_is_also_a_place_or_company_stays(text, labelled):
    forms = _forms_after_retyping(text, labelled)
    assert forms == labelled


def test_entities_an_acronym_joins_what_it_stands_for_not_a_name_it_begins(run):
    """GUM: "USI" had joined "USI Art Collections" as its first word, and with it the
    university it stands for."""
    text = (
        "The University of Southern Indiana (USI) shows the prints. The USI Art Collections "
        "lent them. USI said the show runs until May."
    )
    found = {e.name: e for e in run(text).entities}
    assert "USI" in found["University of Southern Indiana"].aliases
    assert "USI Art Collections" in found
    assert "USI" not in found["USI Art Collections"].aliases


def test_entities_a_head_of_name_ends_before_a_person_named_right_after(run):
    """GUM: "Psychology major at University of Texas Arlington Amneh Jafari heard ..."
    gave one facility, and no person."""
    text = (
        "Psychology major at University of Texas Arlington Amneh Jafari heard of the "
        "incident. Jafari said she felt he had been treated unfairly."
    )
    found = {e.name: e.type for e in run(text).entities}
    assert found.get("Amneh Jafari") == "PERSON"
    assert "University of Texas Arlington" in found


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("At Ciampino airport, two jets waited.", "Ciampino"),
        ("They flew out of Rome's Fiumicino airport.", "Fiumicino airport"),
        ("Flights left O'Hare airport late.", "O'Hare"),
    ],
)
def test_entities_airport_names_leave_out_prepositions_and_possessors(run, sentence, name):
    names = {(e.name, e.type) for e in run(sentence).entities}
    assert (name, "FAC") in names
    assert not any(n.startswith(("At ", "Rome's")) for n, _ in names)


@pytest.mark.parametrize(
    "sentence",
    [
        "Russia helped Italy deal with the first wave of Corona.",
        "Hospitals filled as Covid spread.",
        "The Corona crisis hit Lombardy.",
    ],
)
def test_entities_a_disease_is_no_place_or_person(run, sentence):
    """The model reads "Corona" as a place and "Covid" as a person."""
    names = {e.name.lower() for e in run(sentence).entities}
    assert not names & {"corona", "covid"}


def test_entities_a_town_called_corona_stays(run):
    facts = run("The fire started in Corona, California, on Monday.")
    assert "Corona" in {e.name for e in facts.entities}


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("He posted the video on Twitter and Facebook.", "Twitter"),
        ("He posted the video on Twitter and Facebook.", "Facebook"),
        ("The clip spread on YouTube and Instagram.", "YouTube"),
        (
            "A defector from the elite group within Scientology called the Sea Org was "
            "first persuaded to return.",
            "Scientology",
        ),
        ("Members of the Sea Org left the ship.", "Sea Org"),
    ],
)
def test_entities_organisations_the_model_misses_or_mistypes(run, sentence, name):
    """Platforms the model leaves out or calls people, a movement in "-ology" it
    calls a place, a body whose name ends in "Org"."""
    assert (name, "ORG") in {(e.name, e.type) for e in run(sentence).entities}


def test_entities_a_plural_name_after_the_is_a_group(run):
    """ "the Beatles" is a band, not a person."""
    facts = run("Apple Corps, the Beatles' company, sued Apple Computer. The Beatles won.")
    assert ("Beatles", "ORG") in {(e.name, e.type) for e in facts.entities}


def test_entities_a_newspaper_is_an_organisation(run):
    """A source line names the paper, which the model takes for a person."""
    facts = run(
        'Peter Zimonjic. "MP calls for probe into misplaced documents" — Edmonton Sun, '
        "August 16, 2008"
    )
    assert ("Edmonton Sun", "ORG") in {(e.name, e.type) for e in facts.entities}


@pytest.mark.parametrize(
    "sentence",
    [
        "Fiat plans to buy a majority stake in Chrysler.",
        "Fiat wants the six percent of automaker Chrysler that the US government owns.",
    ],
)
def test_entities_a_company_named_as_one_is_an_organisation(run, sentence):
    """ "automaker Chrysler", "a stake in Chrysler": the model reads a place."""
    assert ("Chrysler", "ORG") in {(e.name, e.type) for e in run(sentence).entities}


def test_entities_a_news_agency_is_named_but_its_photo_credits_are_not(run):
    """ "told Reuters" names the agency; "REUTERS/Stringer" credits a photo."""
    facts = run("She told Reuters on Monday that the plant would close. REUTERS/Stringer")
    assert {e.name for e in facts.entities} == {"Reuters"}


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("The Dow Jones Industrial Average gained 155.91 points.", "Dow Jones Industrial Average"),
        ("The S&P 500 fell 1.95% while the FTSE 100 rose.", "S&P 500"),
        ("The S&P 500 fell 1.95% while the FTSE 100 rose.", "FTSE 100"),
    ],
)
def test_entities_market_indexes_the_model_misses(run, sentence, name):
    assert (name, "ORG") in {(e.name, e.type) for e in run(sentence).entities}


def test_entities_a_caption_credit_is_no_part_of_a_name(run):
    """ "Black Widow and Captain America Image: Nick Moreau.": the model's "America
    Image" ends before the credit, and "Image" is no alias of anything."""
    facts = run("Black Widow and Captain America Image: Nick Moreau.\n\nThe crowd cheered.")
    names = {n for e in facts.entities for n in (e.name, *e.aliases)}
    assert not any("Image" in n for n in names)
