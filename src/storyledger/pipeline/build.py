"""Build the storyledger pipeline: the spaCy model plus storyledger's stages."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from storyledger.errors import ConfigError, Errors
from storyledger.pipeline import factories as _factories  # noqa: F401  (registers the stages)
from storyledger.settings import Settings

#: storyledger's stages in the order they run, with their versioned names.
STAGES: dict[str, str] = {
    "storyledger_entities": "storyledger.entities.v1",
    "storyledger_times": "storyledger.times.v1",
    "storyledger_quantities": "storyledger.quantities.v1",
    "storyledger_claims": "storyledger.claims.v1",
    "storyledger_events": "storyledger.events.v1",
}


def load_model(name: str) -> Language:
    """Load a spaCy pipeline from site-packages; never downloads anything."""
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ConfigError(Errors.E201.format(model=name)) from exc


def make_nlp(settings: Settings) -> Language:
    """RETURNS (Language): the model named in ``settings`` with every stage added."""
    nlp = load_model(settings.model)
    for factory in STAGES:
        nlp.add_pipe(factory)
    return nlp


@lru_cache(maxsize=4)
def cached_nlp(settings: Settings) -> Language:
    """One pipeline per settings per process: loading the model costs ~1 s."""
    return make_nlp(settings)
