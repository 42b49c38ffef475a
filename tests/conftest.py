"""Shared fixtures: the pipeline is loaded once per test session."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.language import Language

from storyledger.extraction import extract_documents
from storyledger.ingest.base import SourceDocument
from storyledger.model import DocumentFacts
from storyledger.pipeline.build import cached_nlp
from storyledger.settings import Settings

SHARED_DATA = Path(
    os.environ.get("STORYLEDGER_SHARED_DATA")
    or Path(__file__).resolve().parents[2] / "shared" / "data"
)
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The full storyledger pipeline, loaded once."""
    return cached_nlp(Settings())


@pytest.fixture(scope="session")
def run(nlp: Language) -> Callable[..., DocumentFacts]:
    """Extract one text: ``run("text", published=date(2024, 10, 8))``."""

    def _run(
        text: str, published: dt.date | None = None, title: str | None = None
    ) -> DocumentFacts:
        source = SourceDocument(text=text, source="test", published=published, title=title)
        return next(extract_documents([source], nlp, Settings()))

    return _run


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data, or skip with the reason when this clone has none beside it."""
    if not SHARED_DATA.is_dir():
        reason = f"gold data not found at {SHARED_DATA} (../shared/data beside the repository)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must run the accuracy gate", pytrace=False)
        pytest.skip(reason)
    return SHARED_DATA
