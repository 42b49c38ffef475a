"""storyledger.entities.v1: named entities, cleaned, retyped and merged within a document.

spaCy's small English model finds most names but gets many types wrong on
news about unfamiliar places and companies ("Maraven Fire and Rescue" as a
PERSON) and misses dateline cities and numbered facilities. This stage:

1. takes spaCy's entities of the kept types, trims determiners, possessives
   and punctuation, and drops junk (pronouns, "Photo", spans without letters);
2. adds what the model misses with cheap rules: dateline cities
   ("MARAVEN (CPA) —"), numbered facilities ("Warehouse 14"), "Port of X";
3. fixes types from head words ("... Authority" is an ORG, "... Hospital" a FAC);
4. merges mentions of one entity: surname -> full name, the first word of an
   organisation -> the organisation, an acronym -> its expansion given in
   parentheses, title + surname -> the named person, same name in other case.
   Each merge keeps a reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy
from spacy.attrs import DEP, ENT_TYPE, POS
from spacy.language import Language
from spacy.symbols import PROPN
from spacy.tokens import Doc, Token

from storyledger.model import Entity, Mention
from storyledger.names import (
    PUBLICATION_NOUNS,
    TITLES,
    acronym_of,
    name_key,
    run_by_its_first_word,
    strip_title,
)
from storyledger.names import words as _words
from storyledger.pipeline.claims import SPEECH_FORMS
from storyledger.pipeline.util import DisjointSpans, doc_text, sentence_of
from storyledger.resolve.exonyms import country_key, names_a_subdivision, subdivision_key

KEEP_TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT")

_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
#: Words the model sometimes pulls into a name at the start of a sentence
#: ("Can Conte ...?"); dropped only where the tagger agrees they are not a name.
_LEADING_WORDS = {
    "can",
    "could",
    "did",
    "does",
    "do",
    "will",
    "would",
    "should",
    "is",
    "was",
    "are",
    "were",
    "has",
    "have",
    "had",
    "may",
    "might",
    "when",
    "while",
    "after",
    "before",
    "as",
    "if",
    "but",
    "and",
    "or",
    "so",
    "yet",
    "even",
    "in",
    "on",
    "at",
    "for",
    "with",
    "by",
    "from",
    "to",
    "of",
    "how",
    "why",
    "where",
    "what",
}
_CREDIT_WORDS = {"photo", "photos", "image", "picture", "source", "credit", "video", "graphic"}
_JUNK = {
    "photo",
    "photos",
    "image",
    "video",
    "getty",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "its",
    "him",
    "them",
    "mr",
    "mrs",
    "ms",
    "dr",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
}
_ORG_HEADS = {
    "org",  # "Sea Org"
    "agency",
    "authority",
    "association",
    "bank",
    "board",
    "bureau",
    "commission",
    "committee",
    "company",
    "corporation",
    "corp",
    "council",
    "court",
    "department",
    "foundation",
    "group",
    "inc",
    "institute",
    "ltd",
    "llc",
    "plc",
    "gmbh",
    "ministry",
    "movement",
    "office",
    "party",
    "police",
    "rescue",
    "service",
    "services",
    "union",
    "university",
    "mutual",
    "insurance",
    "airlines",
    "airways",
    "army",
    "navy",
    "force",
    "forces",
    "parliament",
    "senate",
    "congress",
    "government",
    "administration",
    "fund",
    "press",
    "news",
    "times",
    "post",
    "courier",
    "observer",
    "standard",
    "digest",
    "weekly",
    "herald",
    "tribune",
    "journal",
    "gazette",
    "telegraph",
    "guardian",
    "sun",  # "Edmonton Sun"
    "mirror",
    "chronicle",
    "ag",
    "sa",
    "nv",
    "trust",
    "club",
    "federation",
    "organisation",
    "organization",
    "network",
    "systems",
}
_FAC_HEADS = {
    "hospital",
    "airport",
    "warehouse",
    "hall",
    "terminal",
    "station",
    "bridge",
    "building",
    "tower",
    "stadium",
    "prison",
    "port",
    "plant",
    "factory",
    "mine",
    "pier",
    "berth",
    "dock",
    "gate",
    "base",
    "embassy",
    "palace",
    "centre",
    "center",
    "school",
    "museum",
    "church",
    "mosque",
    "cathedral",
    "highway",
    "road",
    "street",
    "square",
}
#: Words before "Church" that make it a body of believers, not a building.
_DENOMINATIONS = {
    "catholic",
    "orthodox",
    "anglican",
    "methodist",
    "lutheran",
    "presbyterian",
    "baptist",
    "episcopal",
    "evangelical",
    "coptic",
    "protestant",
    "pentecostal",
    "adventist",
    "reformed",
    "unification",
    "mormon",
}
_LOC_HEADS = {
    "basin",
    "harbour",
    "harbor",
    "river",
    "sea",
    "ocean",
    "lake",
    "bay",
    "mountains",
    "mountain",
    "valley",
    "island",
    "islands",
    "coast",
    "peninsula",
    "desert",
    "gulf",
    "strait",
    "region",
}
#: Types whose one-word forms may be a surname or a short organisation name
#: (the model often calls a lone surname an ORG); places and demonyms
#: ("Russian" in "Russian Foreign Ministry") never merge that way.
_NAME_LIKE = {"PERSON", "ORG"}
_PLACE_PREPS = {"in", "near"}
_MOTION_PREPS = {"to", "from"}
#: Words after which a name reads as a place: "in Corona", "from Bergamo".
_PLACE_OR_MOTION_PREPS = frozenset(_PLACE_PREPS | _MOTION_PREPS)
#: Words that open a job title ("Executive Vice President") and the words that go on with it.
_TITLE_OPENERS = {"executive", "chief", "vice", "senior", "deputy"}
_TITLE_WORDS = {"vice", "president", "officer", "director", "chairman", "executive", "manager"}
#: A country or region named right after a word: "Toulouse, France", "Toulouse in
#: France" (not "France's", a possessive that may follow a person's name).
_COUNTRY_AFTER = re.compile(
    r"(?:,\s*|\s+in\s+)(?P<name>[A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2})(?!['’\w])"
)
#: Nouns after a place name that make it a place ("the Apulia region").
_REGION_NOUNS = {"region", "province", "state", "county", "prefecture", "oblast"}
#: The tagger calls a rare company name a NOUN as often as a PROPN.
_NAME_TAGS = {"PROPN", "NOUN"}
_EVENT_HEADS = {"fire", "war", "crisis", "summit", "election", "games", "olympics", "attack"}

_SAME = "named in the same article"
_WORD = r"[A-Z][\w'’&.-]*"
#: "MARAVEN (CPA) —" or "BERLIN, March 3 (Reuters) -" at the start of a paragraph.
_DATELINE = re.compile(
    r"(?m)^(?P<place>[A-Z][A-Z'’.-]{2,}(?: [A-Z][A-Z'’.-]{2,})*)"
    r"(?:,[^\n(—–]{0,40})?\s*(?:\((?P<agency>[A-Za-z][\w .&-]{1,30})\))?\s*[—–-]{1,2}\s"
)
#: "Warehouse 14", "Hall 3B", "Terminal 2": a facility named by a number.
_NUMBERED_FAC = re.compile(
    r"\b(?P<name>(?:Warehouse|Hall|Terminal|Building|Berth|Pier|Gate|Dock|Block|Hangar|Platform)"
    r" \d+[A-Z]?)\b"
)
#: Platforms, companies and market indexes news names every day, which the model
#: leaves out or calls people ("posted on Twitter").
_KNOWN_ORGS = re.compile(
    r"\b(?:Twitter|Facebook|YouTube|Instagram|TikTok|WhatsApp|Telegram|Snapchat|LinkedIn"
    r"|Reddit|Google|Microsoft|Netflix|Wikipedia|Spotify|Uber|Airbnb"
    # stock market indexes, which the model leaves out of "The Dow Jones Industrial
    # Average gained 155.91 points"
    r"|Dow Jones Industrial Average|Dow Jones|S&P 500|Standard & Poor['’]s 500|Nasdaq Composite"
    r"|Nasdaq|NASDAQ|FTSE 100|FTSE|DAX|CAC 40|Nikkei 225|Nikkei|Hang Seng|MERVAL|Bovespa"
    r"|Euro Stoxx 50|Sensex)\b(?!['’]?\w)"
)
#: Lower-case words inside a place's name ("Pratica di Mare", "Leonardo da Vinci").
_NAME_PARTICLES = r"(?:di|de|da|del|della|dei|do|dos|das|du|des|van|von|der|den|la|le)"
#: "Pratica di Mare military airport", "Ciampino airport": the name before a
#: lower-case "airport" (and its kind) is a facility the model often leaves out.
_AIRPORT_KIND = (
    r" (?:(?:military|international|regional|civil|civilian|naval|domestic) )?"
    r"(?:airport|airfield|air ?base|aerodrome)\b"
)
_PLACE_WORD = r"[A-Z][\w.-]*(?:['’][A-Z][\w-]*)?"  # "O'Hare", not "Rome's"
_AIRPORT = re.compile(
    r"(?<![\w'’])(?!(?:At|In|From|To|On|Near|By|For|The|An?|And|But|Or|When|After)\b)"
    rf"(?P<name>{_PLACE_WORD}(?: (?:{_NAME_PARTICLES} )?{_PLACE_WORD})*)" + _AIRPORT_KIND
)
#: An airport's kind right after a name the model typed otherwise ("Ciampino" ORG).
_AIRPORT_AFTER = re.compile(_AIRPORT_KIND)
#: Lower-case words no name ends with: the model's "Pratica di Mare to".
_TRAILING_WORDS = {"to", "from", "at", "in", "on", "and", "or", "of", "for", "by", "with"}
#: "Port of Maraven", "University of Oslo": "<Head> of <Name>".
_OF_NAME = re.compile(
    rf"\b(?P<name>(?:[Pp]ort|[Uu]niversity|Bank|Ministry|Department|Bay|Gulf|Isle|City|"
    rf"Republic|Kingdom) of (?:the )?{_WORD}(?:(?<![a-z]{{3}}\.) {_WORD})*)"
)
#: "Nordhavn Freight Services (NFS)": an expansion followed by its acronym.
_ACRONYM_DEF = re.compile(r"\((?P<acr>[A-Z][A-Z&.]{1,9})\)")


@dataclass(frozen=True, slots=True)
class EntitySpan:
    """One kept entity mention: character offsets, label and the entity it belongs to."""

    start: int
    end: int
    text: str
    label: str
    entity_id: str


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    label: str
    source: str  # "model" or the rule that found it


#: A dash with spaces around it ends a place's name ("San Jose - Cisco").
_SPACED_DASH = re.compile(r"\s[-\u2013\u2014]\s")
_PLACE_LABELS = {"GPE", "LOC", "FAC"}


def _is_function_word(doc: Doc, start: int, word: str) -> bool:
    low = word.lower()
    if low in _DETERMINERS:
        return True
    if low not in _LEADING_WORDS:
        return False
    span = doc.char_span(start, start + len(word))
    return span is not None and span[0].pos_ != "PROPN"


def _trim(doc: Doc, text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading determiners, a trailing preposition or credit word ("Image:"),
    trailing possessives and surrounding punctuation.

    ``text`` is ``doc.text``, passed in because spaCy rebuilds it on every access.
    """
    span = text[start:end]
    if span.count("(") > span.count(")"):
        cut = span.rfind("(")
        end = start + len(span[:cut].rstrip())
        span = text[start:end]
    while True:
        head, _, rest = span.partition(" ")
        if rest and _is_function_word(doc, start, head):
            start += len(head) + 1
            span = rest
            continue
        break
    rest, _, tail = span.rpartition(" ")
    credit = tail.lower() in _CREDIT_WORDS and text[end : end + 1] == ":"
    if rest and (tail in _TRAILING_WORDS or credit):  # "Captain America Image: Nick Moreau"
        span = rest.rstrip()
        end = start + len(span)
    for suffix in ("'s", "’s", "'", "’"):
        if span.endswith(suffix) and len(span) > len(suffix) + 1:
            end -= len(suffix)
            span = span[: -len(suffix)]
            break
    while span and not (span[0].isalnum()):
        start += 1
        span = span[1:]
    while span and not (span[-1].isalnum() or span[-1] in ".)"):
        end -= 1
        span = span[:-1]
    if span.endswith(".") and not re.search(r"\b[A-Z]\.$|\b(?:Inc|Ltd|Corp|Co)\.$", span):
        end -= 1
    return start, _without_job_title(text, start, end)


#: Job words the model pulls into the front of a name ("Spokeswoman Sandy Angers"
#: typed ORG): not titles a name is known by, as "Minister Berg" is.
_ROLE_FRONTS = {
    "spokeswoman",
    "spokesman",
    "spokesperson",
    "analyst",
    "economist",
    "reporter",
    "lawyer",
    "attorney",
    "columnist",
    "correspondent",
    "writer",
}


def _without_role_front(span: str, start: int) -> int | None:
    """RETURNS: where the person's name starts after a job word in front of it, or
    None ("Spokeswoman Sandy Angers" -> "Sandy Angers")."""
    head, _, rest = span.partition(" ")
    names = rest.split()
    if head.lower() in _ROLE_FRONTS and 2 <= len(names) <= 3 and all(w.istitle() for w in names):
        return start + len(head) + 1
    return None


def _without_job_title(text: str, start: int, end: int) -> int:
    """RETURNS: ``end`` before the first words of a job title the model took into a
    name ("Boeing Executive" of "Boeing Executive Vice President Scott Carson")."""
    if _following_word(text, end) not in _TITLE_WORDS:
        return end
    words = text[start:end].split()
    while len(words) > 1 and words[-1].lower() in _TITLE_OPENERS:
        end = start + len(" ".join(words[:-1]))
        words.pop()
    return end


#: Diseases the model reads as places or people ("the first wave of Corona" GPE,
#: "as Covid spread" PERSON); after "in", "near", "from" or "to" a town may bear the name.
_DISEASES = {"corona", "coronavirus", "covid", "covid-19", "sars-cov-2", "ebola", "h1n1", "h5n1"}


def _is_disease(text: str, span: str, start: int) -> bool:
    """RETURNS (bool): whether ``span`` names a disease, not a place ("in Corona, California")."""
    return span.lower() in _DISEASES and _preceding_word(text, start) not in _PLACE_OR_MOTION_PREPS


#: Agencies named in photo credits: "REUTERS/Stringer", "Reuters/Getty Images".
_CREDIT_AGENCIES = {"reuters", "afp", "ap", "getty", "getty images", "epa", "dpa", "xinhua"}


def _is_junk(span: str) -> bool:
    """Pronouns, credits and spans without a capitalised word are not entities."""
    low = span.lower()
    if len(span) < 2 or low in _JUNK or not any(c.isalpha() for c in span):
        return True
    if "/" in low and any(part.strip() in _CREDIT_AGENCIES for part in low.split("/")):
        return True  # a photo credit
    if low.split()[0].rstrip(":") in _CREDIT_WORDS:
        return True
    if not any(word[:1].isupper() for word in span.split()):
        return True
    if all(word in TITLES for word in _words(span)):
        return True
    return bool(re.fullmatch(r"[\d\s,.%-]+\w{0,2}", span))


def _retype(span: str, label: str) -> str:
    """Fix the model's type from the head word of the name, where it is telling."""
    words = _words(span)
    if not words:
        return label
    head = words[-1]
    if (len(words) > 1 and head in _ORG_HEADS) or _a_church_body(words):
        return "ORG"
    if len(words) == 1 and head.endswith("ology") and label != "ORG":
        return "ORG"  # "Scientology": a movement, read as a place
    if (
        head in _FAC_HEADS
        or (words[0] in _FAC_HEADS and " of " in span)
        or (words[0] in _FAC_HEADS and len(words) == 2 and words[1][:1].isdigit())
    ):
        return "FAC"
    if len(words) > 1 and head in _LOC_HEADS:
        return "LOC"
    if len(words) > 1 and head in _EVENT_HEADS and label != "PERSON":
        return "EVENT"
    return label


def _a_church_body(words: list[str]) -> bool:
    """A church that is a body of believers, not a building: "Church of Scientology",
    "the Catholic Church", "Greek Orthodox Church" (not "St Mary's Church")."""
    if "church" not in words:
        return False
    at = words.index("church")
    of_name = at + 2 < len(words) and words[at + 1] == "of"
    return of_name or (at > 0 and words[at - 1] in _DENOMINATIONS)


def _model_candidates(doc: Doc, keep: set[str]) -> Iterable[_Candidate]:
    for ent in doc.ents:
        if ent.label_ in keep:
            yield _Candidate(ent.start_char, ent.end_char, ent.label_, "model")


def _rule_candidates(text: str) -> Iterable[_Candidate]:
    for m in _DATELINE.finditer(text):
        yield _Candidate(m.start("place"), m.end("place"), "GPE", "dateline")
        if m.group("agency"):
            yield _Candidate(m.start("agency"), m.end("agency"), "ORG", "dateline")
    for m in _NUMBERED_FAC.finditer(text):
        yield _Candidate(m.start("name"), m.end("name"), "FAC", "numbered facility")
    for m in _AIRPORT.finditer(text):
        yield _Candidate(m.start("name"), m.end("name"), "FAC", "airport")
    for m in _KNOWN_ORGS.finditer(text):
        yield _Candidate(m.start(), m.end(), "ORG", "known")


def _of_name_candidates(doc: Doc, text: str) -> Iterable[_Candidate]:
    """ "Port of Maraven", "University of Oslo", up to a person the model finds
    right after it: "a major at University of Texas Arlington Amneh Jafari"."""
    people = [e.start_char for e in doc.ents if e.label_ == "PERSON"]
    for m in _OF_NAME.finditer(text):
        start, end = m.span("name")
        named_from = start + m["name"].index(" of ") + len(" of ")  # "Oslo" of "University of Oslo"
        cut = min((p for p in people if named_from < p < end), default=end)
        while cut > start and text[cut - 1].isspace():
            cut -= 1
        yield _Candidate(start, cut, "FAC", "of-name")


def _speaker_candidates(doc: Doc) -> Iterable[_Candidate]:
    """A full name the model missed as the subject of a speech verb: "Alexei
    Paramonov, responsible for ..., accused Guerini" (the seed article).

    Two or three capitalised proper nouns, none a title or an organisation's or
    place's head word, that say, accuse, announce...: a person.
    """
    if not len(doc):
        return
    # proper-noun subjects outside any entity, found in one array read: a Token
    # object per token costs a tenth of the stage
    columns = doc.to_array([DEP, POS, ENT_TYPE])
    subjects = (columns[:, 0] == doc.vocab.strings["nsubj"]) & (columns[:, 1] == PROPN)
    for i in numpy.flatnonzero(subjects & (columns[:, 2] == 0)).tolist():
        token = doc[i]
        if token.head.lower_ not in SPEECH_FORMS or token.head.pos_ != "VERB":
            continue
        name = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
        words = [*name, token]
        if not 2 <= len(words) <= 3 or words[-1].i - words[0].i != len(words) - 1:
            continue
        if any(not _a_name_word(w) for w in words):
            continue
        yield _Candidate(words[0].idx, token.idx + len(token), "PERSON", "speaker")


def _a_name_word(token: Token) -> bool:
    """A capitalised word outside any entity that is no title ("Minister") and no
    organisation's or place's head word ("Ministry", "Airport")."""
    word = token.lower_
    heads = word in TITLES or word in _ORG_HEADS or word in _FAC_HEADS or word in _LOC_HEADS
    return token.is_title and token.is_alpha and not token.ent_type_ and not heads


_TITLE_BEFORE = re.compile(r"(?:\b[A-Z][a-z]*\.? )+$")


def _extend_title(text: str, start: int) -> int:
    """'Minister Kord': a bare surname keeps the capitalised titles before it.

    Without a given name, the title is what tells the reader who is meant, and
    ``strip_title`` still finds the surname for merging.
    """
    m = _TITLE_BEFORE.search(text, max(0, start - 40), start)
    if not m:
        return start
    words = m.group(0).split()
    keep = 0
    for word in reversed(words):
        if word.strip(".").lower() not in TITLES:
            break
        keep += 1
    if keep == 0:
        return start
    return start - len(" ".join(words[-keep:])) - 1


def _is_known_place(text: str, span: str, before: str, end: int) -> bool:
    """True for one word followed by a country or region ("Toulouse, France",
    "Toulouse in France"), or that names one (``resolve.exonyms``) and reads as a
    place here: after "in" or "near", or before "region", "province"..."""
    if " " in span:
        return False
    if _names_a_place(_COUNTRY_AFTER.match(text, end)):
        return True  # "Toulouse, France", "from Toulouse in France"
    if not _country_or_region(span):
        return False
    return before in _PLACE_PREPS or _following_word(text, end) in _REGION_NOUNS


def _reads_as_a_place(span: str, before: str) -> bool:
    """A one-word organisation that is a place: after "in" or "near" whatever its
    name, after "to" or "from" when it names a province or district ("sent the
    Russians to Bergamo")."""
    return before in _PLACE_PREPS or (before in _MOTION_PREPS and names_a_subdivision(span))


def _names_a_place(match: re.Match[str] | None) -> bool:
    """True when ``match`` (of ``_COUNTRY_AFTER``) begins with a country or region."""
    if match is None:
        return False
    words = match.group("name").split()
    return any(_country_or_region(" ".join(words[:n])) for n in range(len(words), 0, -1))


def _country_or_region(name: str) -> bool:
    """True when ``name`` is a country's or a first-level region's, in any language."""
    return bool(country_key(name) or subdivision_key(name))


def _preceding_word(text: str, start: int) -> str:
    words = text[max(0, start - 20) : start].split()
    return words[-1].lower() if words else ""


def _following_word(text: str, end: int) -> str:
    """The word after ``end``, in lower case, without the punctuation after it."""
    words = text[end : end + 30].split()
    return words[0].lower().strip(",.;:") if words else ""


def _repeat_mentions(doc: Doc, text: str, chosen: list[_Candidate]) -> list[_Candidate]:
    """Find later mentions the model missed: a known full name, surname or company head word.

    Only capitalised nouns count, so "Nordlake said" is found after "Nordlake Ferries",
    but the verb "may" is never taken for a "May" named before.
    """
    forms: dict[str, str] = {}
    for cand in chosen:
        name = text[cand.start : cand.end]
        forms.setdefault(name, cand.label)
        words = strip_title(name).split()
        if len(words) > 1 and cand.label == "PERSON":
            forms.setdefault(words[-1], "PERSON")
        elif len(words) > 1 and cand.label == "ORG" and len(words[0]) > 3:
            forms.setdefault(words[0], "ORG")
    found = list(chosen)
    if not forms:
        return found
    taken = DisjointSpans((c.start, c.end) for c in chosen)
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    for m in re.finditer(rf"(?<![\w-])(?:{alternatives})(?![\w-])", text):
        if taken.overlaps(m.start(), m.end()):
            continue
        span = doc.char_span(m.start(), m.end())
        if span is None or not all(t.pos_ in _NAME_TAGS and not t.is_stop for t in span):
            continue
        found.append(_Candidate(m.start(), m.end(), forms[m.group(0)], "repeat"))
        taken.add(m.start(), m.end())
    return sorted(found, key=lambda c: c.start)


def _join_conjoined(text: str, cands: list[_Candidate]) -> list[_Candidate]:
    """'Maraven Fire' + ' and ' + 'Rescue' is one organisation: the whole ends in an ORG head."""
    cands = sorted(cands, key=lambda c: c.start)
    out: list[_Candidate] = []
    for cand in cands:
        prev = out[-1] if out else None
        if prev and text[prev.end : cand.start] in (" and ", " & "):
            head = _words(text[cand.start : cand.end])[-1:]
            if head and head[0] in _ORG_HEADS:
                out[-1] = _Candidate(prev.start, cand.end, "ORG", "conjoined")
                continue
        out.append(cand)
    return out


#: Nouns that say the name after them is a company's: "automaker Chrysler".
_COMPANY_NOUNS = frozenset(
    {"automaker", "carmaker", "chipmaker", "company", "firm", "retailer", "manufacturer"}
    | {"conglomerate", "airline", "insurer", "lender", "startup", "supplier", "subsidiary"}
)
#: "a stake in", "shares in": what follows is a company.
_STAKE_IN = re.compile(r"\b(?:stakes?|shares|holdings?)\s+in\s+$", re.IGNORECASE)


def _is_plural_name(span: str) -> bool:
    """True for one capitalised word in the plural ("Beatles", "Lakers")."""
    return " " not in span and len(span) > 3 and span.endswith("s") and not span.endswith("ss")


def _relabel(
    text: str, span: str, start: int, end: int, label: str, source: str
) -> tuple[str, str]:
    """RETURNS: the label and source the context gives a span labelled ``label``."""
    before = _preceding_word(text, start)
    stake = _STAKE_IN.search(text, max(0, start - 20), start) is not None
    if label == "ORG" and " " not in span and _reads_as_a_place(span, before) and not stake:
        return "GPE", source  # "police in Korsvik", "drove the coffins from Bergamo"
    if label == "PERSON" and before == "the" and _is_plural_name(span):
        return "ORG", source  # "the Beatles": a band, a team
    if label in {"ORG", "PERSON"} and _AIRPORT_AFTER.match(text, end):
        return "FAC", source  # "Ciampino airport", "O'Hare airport"
    if label == "GPE" and (before in _COMPANY_NOUNS or stake):
        return "ORG", source  # "automaker Chrysler", "a stake in Chrysler"
    if label in {"PERSON", "GPE"} and before in PUBLICATION_NOUNS:
        return "ORG", source  # "the daily La Stampa", "the newspaper Il Foglio"
    if label == "PERSON" and _is_known_place(text, span, before, end):
        return "GPE", "place"  # "the Apulia region", "Toulouse, France"
    return label, source


#: Rule readings that beat the model's type of the same span.
_SURE_SOURCES = frozenset({"dateline", "known"})


def _select(doc: Doc, text: str, candidates: Iterable[_Candidate]) -> list[_Candidate]:
    """Trim, drop junk, then keep the longest of overlapping spans."""
    kept: list[_Candidate] = []
    for cand in candidates:
        start, end = _trim(doc, text, cand.start, cand.end)
        span = text[start:end]
        if end <= start or _is_junk(span) or _is_disease(text, span, start):
            continue
        label = cand.label if cand.source != "model" else _retype(span, cand.label)
        name_start = _without_role_front(span, start)
        if name_start is not None:
            start, span, label = name_start, text[name_start:end], "PERSON"
        dash = _SPACED_DASH.search(span)
        if label in _PLACE_LABELS and dash is not None and dash.start() > 0:
            end = start + dash.start()  # "based in San Jose - Cisco" ("Wal - Mart" stays)
            span = text[start:end]
        label, source = _relabel(text, span, start, end, label, cand.source)
        if label == "PERSON" and " " not in span:
            start = _extend_title(text, start)
        kept.append(_Candidate(start, end, label, source))
    # longest first; of one span, the dateline's or a known name's reading before the model's
    kept.sort(key=lambda c: (-(c.end - c.start), c.start, c.source not in _SURE_SOURCES))
    chosen: list[_Candidate] = []
    spans = DisjointSpans()
    for cand in kept:
        if not spans.overlaps(cand.start, cand.end):
            chosen.append(cand)
            spans.add(cand.start, cand.end)
    return sorted(chosen, key=lambda c: c.start)


class _Clusters:
    """Union-find over surface forms, remembering why each form joined."""

    def __init__(self, forms: list[str]) -> None:
        self.parent = {f: f for f in forms}
        self.reasons: dict[str, str] = {}

    def find(self, form: str) -> str:
        while self.parent[form] != form:
            form = self.parent[form]
        return form

    def join(self, alias: str, target: str, reason: str) -> None:
        root_a, root_t = self.find(alias), self.find(target)
        if root_a != root_t:
            self.parent[root_a] = root_t
            self.reasons.setdefault(alias, reason)
            self.reasons.setdefault(target, reason)


def _merge_titled(clusters: _Clusters, forms: dict[str, str]) -> None:
    """'Chief Fire Officer Breke' and 'Breke' name one person: same name without titles."""
    bare: dict[str, str] = {}
    for form in sorted(forms, key=len, reverse=True):
        if forms[form] != "PERSON":
            continue
        key = name_key(strip_title(form))
        if key in bare and strip_title(form) != form:
            clusters.join(form, bare[key], f"'{form}' is '{bare[key]}' with a title")
        elif key in bare:
            clusters.join(form, bare[key], f"'{bare[key]}' is '{form}' with a title")
        bare.setdefault(key, form)


def _merge_forms(forms: dict[str, str], acronyms: dict[str, str]) -> _Clusters:
    """Cluster surface forms (form -> label) of one document."""
    clusters = _Clusters(list(forms))
    by_key: dict[str, str] = {}
    for form in sorted(forms, key=len, reverse=True):
        key = name_key(form)
        if key in by_key:
            clusters.join(
                form,
                by_key[key],
                f"'{form}' and '{by_key[key]}' differ only in case or punctuation",
            )
        by_key.setdefault(key, form)
    _merge_titled(clusters, forms)
    people = [f for f, lab in forms.items() if lab == "PERSON" and len(strip_title(f).split()) > 1]
    orgs = [f for f, lab in forms.items() if lab in ("ORG", "FAC") and len(f.split()) > 1]
    for form in sorted(forms, key=len):
        bare = strip_title(form)
        # an acronym joins what it stands for, not a longer name it begins
        # ("USI" is the University of Southern Indiana, not "USI Art Collections")
        expansion = _expansion(form, forms, acronyms, orgs)
        if len(bare.split()) == 1 and forms[form] in _NAME_LIKE and expansion is None:
            _merge_short(clusters, form, bare, people, orgs)
        elif bare != form:
            full = [p for p in people if strip_title(p) == bare and p != form]
            if full:
                clusters.join(form, full[0], f"'{form}' is '{full[0]}' with a title")
        if expansion is not None:
            clusters.join(form, *expansion)
    return clusters


def _expansion(
    form: str, forms: dict[str, str], acronyms: dict[str, str], orgs: list[str]
) -> tuple[str, str] | None:
    """RETURNS: what the acronym ``form`` stands for in the article, and why: the
    article defines it ("Nordhavn Freight Services (NFS)"), or it is the initials
    of exactly one organisation named; None otherwise."""
    if form in acronyms and acronyms[form] in forms:
        return acronyms[form], f"the article defines '{form}' as '{acronyms[form]}'"
    if form.isupper() and len(form) <= 6:
        expansions = [o for o in orgs if acronym_of(o) == form]
        if len(expansions) == 1:
            return expansions[0], f"'{form}' is the initials of '{expansions[0]}'"
    return None


def _merge_short(
    clusters: _Clusters, form: str, bare: str, people: list[str], orgs: list[str]
) -> None:
    """One-word forms: a surname, a given name, or the first word of an organisation."""
    surnames = {p for p in people if strip_title(p).split()[-1] == bare and p != form}
    full = {strip_title(p) for p in surnames}
    if len(full) == 1:
        target = max(surnames, key=len)
        clusters.join(form, target, f"'{form}' is the surname of '{target}', {_SAME}")
        return
    firsts = {p for p in people if strip_title(p).split()[0] == bare and p != form}
    if len({strip_title(p) for p in firsts}) == 1 and not surnames:
        target = max(firsts, key=len)
        clusters.join(form, target, f"'{form}' is the given name of '{target}', {_SAME}")
        return
    heads = {o for o in orgs if o.split()[0] == bare and not run_by_its_first_word(o)}
    if len(heads) == 1 and not surnames:
        target = heads.pop()
        clusters.join(form, target, f"'{form}' is the first word of '{target}', {_SAME}")


def _acronym_definitions(text: str, chosen: list[_Candidate]) -> dict[str, str]:
    """Map 'NFS' -> 'Nordhavn Freight Services' where the text says 'Nordhavn ... (NFS)'."""
    found: dict[str, str] = {}
    for m in _ACRONYM_DEF.finditer(text):
        before = [c for c in chosen if 0 <= m.start() - c.end <= 1]
        if before:
            name = text[before[0].start : before[0].end]
            acronym = m.group("acr").replace(".", "")
            if acronym[0] in acronym_of(name).upper():
                found[acronym] = name
    return found


def _add_acronym_mentions(text: str, chosen: list[_Candidate], acronyms: dict[str, str]) -> None:
    """Acronyms defined in the article are mentions wherever they appear."""
    for acronym in acronyms:
        for m in re.finditer(rf"\b{re.escape(acronym)}\b", text):
            if all(m.end() <= c.start or m.start() >= c.end for c in chosen):
                chosen.append(_Candidate(m.start(), m.end(), "ORG", "acronym"))
    chosen.sort(key=lambda c: c.start)


def _best_name(forms: list[str]) -> str:
    """The longest title-free form names the entity."""
    return max(
        forms,
        key=lambda f: (len(strip_title(f).split()), len(f), f == strip_title(f), not f.isupper()),
    )


class EntityRecognizer:
    """The entity stage: see the module docstring.

    keep_types (list[str]): spaCy labels kept as entities.
    """

    def __init__(self, nlp: Language, name: str, *, keep_types: list[str]) -> None:
        self.name = name
        self.keep_types = set(keep_types)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        cands = [
            *_model_candidates(doc, self.keep_types),
            *_rule_candidates(text),
            *_of_name_candidates(doc, text),
            *_speaker_candidates(doc),
        ]
        chosen = _repeat_mentions(doc, text, _join_conjoined(text, _select(doc, text, cands)))
        acronyms = _acronym_definitions(text, chosen)
        _add_acronym_mentions(text, chosen, acronyms)
        chosen = [c for c in chosen if c.label in self.keep_types]
        forms: dict[str, str] = {}
        for cand in chosen:
            forms.setdefault(text[cand.start : cand.end], cand.label)
        for cand in chosen:  # one mention read as a place makes the name a place
            if cand.source == "place":
                forms[text[cand.start : cand.end]] = cand.label
        for acronym, expansion in acronyms.items():
            if acronym in forms and expansion in forms:
                forms[acronym] = forms[expansion]
        _surnames_typed_otherwise(text, chosen, forms)
        clusters = _merge_forms(forms, acronyms)
        doc._.sl_entities, doc._.sl_entity_spans = self._records(doc, chosen, forms, clusters)
        return doc

    def _records(
        self, doc: Doc, chosen: list[_Candidate], forms: dict[str, str], clusters: _Clusters
    ) -> tuple[list[Entity], list[EntitySpan]]:
        text, doc_id = doc_text(doc), doc._.sl_doc_id
        groups: dict[str, list[_Candidate]] = {}
        for cand in chosen:
            groups.setdefault(clusters.find(text[cand.start : cand.end]), []).append(cand)
        entities: list[Entity] = []
        spans: list[EntitySpan] = []
        for number, members in enumerate(sorted(groups.values(), key=lambda m: m[0].start), 1):
            entity_id = f"{doc_id}-e{number}" if doc_id else f"e{number}"
            surfaces = list(dict.fromkeys(text[c.start : c.end] for c in members))
            name = _best_name(surfaces)
            label = _group_label(name, [forms[s] for s in surfaces], forms[name])
            if any(c.source == "dateline" and c.label == "GPE" for c in members):
                label = "GPE"  # the town the story is filed from, however the model reads it
            mentions = tuple(
                Mention(doc_id, c.start, c.end, text[c.start : c.end], sentence_of(doc, c.start))
                for c in members
            )
            aliases = tuple(s for s in surfaces if s != name)
            reasons = tuple(dict.fromkeys(clusters.reasons[a] for a in aliases))
            entities.append(Entity(entity_id, name, label, aliases, reasons, mentions))
            spans.extend(EntitySpan(m.start, m.end, m.text, label, entity_id) for m in mentions)
        spans.sort(key=lambda s: s.start)
        return entities, spans


def _surnames_typed_otherwise(text: str, chosen: list[_Candidate], forms: dict[str, str]) -> None:
    """Retype, in ``forms``, a one-word place or organisation that is the surname of
    a person the article names in full: the model calls "Bolden" a place beside
    "Charles Bolden", and "Mohamed" an organisation beside "Ahmed Mohamed" and his
    father "Mohamed El-Hassan Mohamed" (too many owners to merge, still a person).

    Left alone: a country's or region's name, a word after "in", "near", "to" or
    "from", an all-capital acronym, and the first word of a longer organisation
    ("Ford" beside "Ford Motor Company").
    """
    surnames, heads = set(), set()
    for form, label in forms.items():
        words = strip_title(form).split()
        if label == "PERSON" and len(words) > 1:
            surnames.add(words[-1])
        elif label in ("ORG", "FAC") and len(words) > 1:
            heads.add(words[0])
    placed = {
        text[c.start : c.end]
        for c in chosen
        if c.source == "place" or _preceding_word(text, c.start) in _PLACE_OR_MOTION_PREPS
    }
    for form, label in forms.items():
        if label not in ("GPE", "ORG") or form not in surnames or form in placed:
            continue
        if form.isupper() or form in heads or _country_or_region(form):
            continue
        forms[form] = "PERSON"


def _group_label(name: str, labels: list[str], name_label: str) -> str:
    """The entity's type: the full name's, unless a rule-based type says otherwise."""
    if name_label == "NORP" and "GPE" in labels:
        return "GPE"  # "KORSVIK (VP) —" then "in Korsvik": a town, not a nationality
    if name_label == "PERSON" and labels.count("PERSON") * 2 < len(labels):
        return max(set(labels), key=labels.count)
    return name_label
