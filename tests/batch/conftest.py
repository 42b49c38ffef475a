"""Batch fixtures: the sample articles and their single-process results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from batch_helpers import by_id
from spacy.language import Language

from storyledger.extraction import extract_documents
from storyledger.ingest.base import SourceDocument
from storyledger.ingest.sources import read_sources, report_errors
from storyledger.settings import Settings

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "ferry"


@pytest.fixture(scope="session")
def sources(shared_data: Path) -> list[SourceDocument]:
    """The ferry examples and the harbor-fire story: 12 articles."""
    paths = sorted(EXAMPLES.glob("*.txt")) + sorted(
        (shared_data / "stories" / "harbor-fire").glob("*.txt")
    )
    warnings: list[str] = []
    docs = list(report_errors(read_sources(paths, Settings(), warnings.append), None))
    assert len(docs) == 12
    return docs


@pytest.fixture(scope="session")
def expected(sources: list[SourceDocument], nlp: Language) -> list[dict[str, Any]]:
    """What one process extracts from ``sources``, in ``by_id`` order."""
    return by_id(extract_documents(sources, nlp, Settings()))
