"""The spaCy model is the pinned PyPI package, loaded from site-packages."""

from __future__ import annotations

from pathlib import Path

import spacy

from storyledger.pipeline.build import STAGES
from storyledger.settings import DEFAULT_MODEL


def test_model_is_pinned_en_core_web_sm_3_8_0():
    nlp = spacy.load(DEFAULT_MODEL)
    assert nlp.meta["version"] == "3.8.0"
    assert nlp.meta["lang"] == "en"
    assert nlp.pipe_names == ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]


def test_model_loads_from_site_packages():
    nlp = spacy.load(DEFAULT_MODEL)
    assert "site-packages" in Path(str(nlp.path)).parts


def test_model_pipeline_has_every_stage_in_order(nlp):
    assert nlp.pipe_names[-len(STAGES) :] == list(STAGES)
