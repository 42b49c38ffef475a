"""Export fixtures: a case built from examples/ferry, and one from hostile articles.

Each test module builds its cases once (``scope="module"``) with the real
pipeline through ``api.add_to_case``, in a temporary folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from export_helpers import FERRY, HOSTILE, build_case

from storyledger.export.case import case_document
from storyledger.ledger import Ledger


@pytest.fixture(scope="module")
def ferry_ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    """The four bundled ferry articles as one case."""
    assert len(FERRY) == 4, "examples/ferry should hold four articles"
    ledger = build_case(tmp_path_factory.mktemp("ferry"), FERRY)
    yield ledger
    ledger.close()


@pytest.fixture(scope="module")
def ferry_case(ferry_ledger: Ledger) -> dict[str, Any]:
    """The ferry case as a ``storyledger/1`` case document."""
    return case_document(ferry_ledger)


@pytest.fixture(scope="module")
def hostile_ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    """A case of the two :data:`HOSTILE` articles."""
    folder = tmp_path_factory.mktemp("hostile")
    paths = []
    for name, text in HOSTILE.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    ledger = build_case(folder, paths)
    yield ledger
    ledger.close()


@pytest.fixture(scope="module")
def hostile_case(hostile_ledger: Ledger) -> dict[str, Any]:
    """The hostile case as a case document."""
    return case_document(hostile_ledger)
