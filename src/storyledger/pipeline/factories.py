"""Every ``Language.factory`` call storyledger makes, in one place.

The components live in one module each; this module only registers them, so
``nlp.add_pipe("storyledger_times")`` works once storyledger is imported (or
through the ``spacy_factories`` entry point).
"""

from __future__ import annotations

from spacy.language import Language

from storyledger.pipeline.claims import ClaimExtractor
from storyledger.pipeline.entities import KEEP_TYPES, EntityRecognizer
from storyledger.pipeline.events import EventBuilder
from storyledger.pipeline.quantities import QuantityExtractor
from storyledger.pipeline.times import TimeResolver


@Language.factory(
    "storyledger_entities",
    assigns=["doc._.sl_entities", "doc._.sl_entity_spans"],
    requires=["doc.ents", "doc.sents"],
    default_config={"keep_types": list(KEEP_TYPES)},
)
def make_entities(nlp: Language, name: str, keep_types: list[str]) -> EntityRecognizer:
    """storyledger.entities.v1: named entities, junk dropped, aliases merged in-document."""
    return EntityRecognizer(nlp, name, keep_types=keep_types)


@Language.factory(
    "storyledger_times",
    assigns=["doc._.sl_times"],
    requires=["doc.ents", "doc.sents"],
    default_config={},
)
def make_times(nlp: Language, name: str) -> TimeResolver:
    """storyledger.times.v1: date/time expressions resolved to ISO values."""
    return TimeResolver(nlp, name)


@Language.factory(
    "storyledger_quantities",
    assigns=["doc._.sl_quantities"],
    requires=["doc.ents", "doc.sents"],
    default_config={},
)
def make_quantities(nlp: Language, name: str) -> QuantityExtractor:
    """storyledger.quantities.v1: numbers with unit and what they count."""
    return QuantityExtractor(nlp, name)


@Language.factory(
    "storyledger_claims",
    assigns=["doc._.sl_claims"],
    requires=["doc._.sl_entity_spans", "doc.sents"],
    default_config={},
)
def make_claims(nlp: Language, name: str) -> ClaimExtractor:
    """storyledger.claims.v1: quotes, reported speech and narrative claims with certainty."""
    return ClaimExtractor(nlp, name)


@Language.factory(
    "storyledger_events",
    assigns=["doc._.sl_events"],
    requires=["doc._.sl_times", "doc._.sl_entity_spans"],
    default_config={},
)
def make_events(nlp: Language, name: str) -> EventBuilder:
    """storyledger.events.v1: timeline entries from sentences with a resolved date."""
    return EventBuilder(nlp, name)
