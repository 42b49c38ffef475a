"""A conflict's kind kept up to date one report at a time (``KindBasis``), and a
measure's state that updates it without reading all its signatures."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyledger.resolve.conflicts import (
    Figure,
    KindBasis,
    MeasureState,
    Report,
    Source,
    signature_text,
)

OUTLETS = ("Valden Post", "valden post", "Lakeside Wire", None)
DATES = ("", "2025-06-02", "2025-06-03", "2025-06-04", "2025-06-05")

report = st.tuples(
    st.sampled_from(OUTLETS),
    st.sampled_from(DATES).map(lambda d: d or None),
    st.sampled_from((5.0, 9.0, 12.0, 14.0)),
)


def in_order(reports: list[Report]) -> list[Report]:
    """Reports as a running story brings them: by publication date (undated anywhere)."""
    return sorted(reports, key=lambda r: r[1] or "")


@settings(max_examples=300, deadline=None)
@given(st.lists(report, min_size=1, max_size=12), st.sampled_from((-1, 0, 1)))
def test_kind_basis_one_at_a_time_equals_all_at_once(reports: list[Report], direction: int) -> None:
    ordered = in_order(reports)
    basis = KindBasis.of(ordered[:1], direction)
    for n, one in enumerate(ordered[1:], start=2):
        assert basis.add(one)
        assert basis == KindBasis.of(ordered[:n], direction)
    assert basis.to_json() == KindBasis.of(reversed(ordered), direction).to_json()


def test_kind_basis_refuses_a_report_older_than_the_latest() -> None:
    basis = KindBasis.of([("Valden Post", "2025-06-04", 9.0)], 1)
    assert not basis.add(("Lakeside Wire", "2025-06-03", 9.0))


def test_kind_basis_kinds() -> None:
    growing = [("Valden Post", "2025-06-03", 5.0), ("Valden Post", "2025-06-04", 9.0)]
    assert KindBasis.of(growing, 1).kind() == "update"
    assert KindBasis.of(growing, -1).kind() == "correction"
    two_outlets = [("Valden Post", "2025-06-03", 5.0), ("Lakeside Wire", "2025-06-04", 9.0)]
    assert KindBasis.of(two_outlets, 1).kind() == "update"
    assert KindBasis.of(two_outlets, 0).kind() == "disagreement"


def figure(value: float, doc: str, outlet: str, published: str) -> Figure:
    return Figure(Source(doc, outlet, published, 0, 3, "x", 0), value, None, "death", None, False)


def stored(figures: list[Figure]) -> tuple[dict[str, Any], list[str]]:
    """A state as the store keeps it: the JSON, and the signature texts apart."""
    state = MeasureState()
    for f in figures:
        state.add(f)
    data = state.to_json(("", "death"))
    texts = sorted(signature_text(sig) for sig in state.signatures)
    return data, texts


@pytest.mark.parametrize(
    ("newcomer", "reads"),
    [
        # a known value on a new, later date: its group's basis alone
        (figure(9.0, "d", "Lakeside Wire", "2025-06-09"), 0),
        # a known value on a date before the latest: all signatures again
        (figure(9.0, "d", "Lakeside Wire", "2025-06-04"), 1),
    ],
)
def test_measure_state_reads_its_signatures_only_when_it_must(newcomer: Figure, reads: int) -> None:
    earlier = [
        figure(5.0, "a", "Valden Post", "2025-06-03"),
        figure(9.0, "b", "Lakeside Wire", "2025-06-05"),
        figure(9.0, "c", "Valden Post", "2025-06-05"),
    ]
    data, texts = stored(earlier)
    calls: list[int] = []

    def load() -> list[str]:
        calls.append(1)
        return texts

    state = MeasureState(data, load=load)
    state.add(newcomer)
    assert state.added == {MeasureState.signature(newcomer)}
    assert state.to_json(("", "death")) == stored([*earlier, newcomer])[0]
    assert len(calls) == reads
