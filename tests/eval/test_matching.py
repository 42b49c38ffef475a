"""Unit tests of the span, value and unit helpers behind every scorer."""

from __future__ import annotations

from datetime import datetime

import pytest

from storyledger.eval.matching import (
    Ratio,
    content_words,
    f1,
    find_all,
    format_moment,
    granularity,
    normalise_time_value,
    normalise_unit,
    overlaps,
    values_close,
)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((0, 5), (4, 9), True),
        ((0, 5), (5, 9), False),
        ((3, 4), (0, 9), True),
        ((0, 1), (2, 3), False),
    ],
)
def test_matching_overlaps(a: tuple[int, int], b: tuple[int, int], expected: bool) -> None:
    assert overlaps(a, b) is expected
    assert overlaps(b, a) is expected


def test_matching_find_all_returns_every_occurrence() -> None:
    assert find_all("Lund met Lund in Lundby", "Lund") == ((0, 4), (9, 13), (17, 21))
    assert find_all("no match here", "Lund") == ()
    assert find_all("anything", "") == ()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2008-03-01T14:30Z", "2008-03-01T14:30"),
        ("2019-01-01T10:00:00", "2019-01-01T10:00"),
        ("2008-03", "2008-03"),
        ("P3D", "P3D"),
        (None, None),
    ],
)
def test_matching_normalise_time_value(raw: str | None, expected: str | None) -> None:
    assert normalise_time_value(raw) == expected


@pytest.mark.parametrize(
    ("value", "grain"),
    [
        ("2024", "year"),
        ("2024-10", "month"),
        ("2024-W41", "week"),
        ("2024-10-08", "day"),
        ("2024-10-08T02:40", "minute"),
        ("PRESENT_REF", None),
        ("P2D", None),
    ],
)
def test_matching_granularity(value: str, grain: str | None) -> None:
    assert granularity(value) == grain


@pytest.mark.parametrize(
    ("grain", "expected"),
    [
        ("year", "2024"),
        ("month", "2024-10"),
        ("week", "2024-W41"),
        ("day", "2024-10-08"),
        ("minute", "2024-10-08T02:40"),
    ],
)
def test_matching_format_moment(grain: str, expected: str) -> None:
    assert format_moment(datetime(2024, 10, 8, 2, 40), grain) == expected


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("euros", "EUR"),
        ("€", "EUR"),
        ("EUR", "EUR"),
        ("square metres", "m2"),
        ("square metre", "m2"),
        ("hours", "hour"),
        ("dimensionless", None),
        ("TEU", "TEU"),
        (None, None),
    ],
)
def test_matching_normalise_unit(unit: str | None, expected: str | None) -> None:
    assert normalise_unit(unit) == expected


def test_matching_content_words_singular_and_no_function_words() -> None:
    assert content_words("Injured firefighters of the casualties") == {
        "injured",
        "firefighter",
        "casualty",
    }
    assert content_words(None) == set()


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        (4_200_000, 4_200_000, True),
        (4_210_000, 4_200_000, True),
        (4_300_000, 4_200_000, False),
        (0.3333, 0.333, True),
        (0, 0, True),
        (1, 0, False),
    ],
)
def test_matching_values_close(predicted: float, gold: float, expected: bool) -> None:
    assert values_close(predicted, gold) is expected


def test_matching_ratio_and_f1() -> None:
    ratio = Ratio()
    assert ratio.value is None
    for hit in (True, True, False, True):
        ratio.add(hit)
    assert (ratio.num, ratio.den, ratio.value) == (3, 4, 0.75)
    ratio.merge(Ratio(1, 4))
    assert ratio.value == 0.5
    assert f1(0.5, 1.0) == pytest.approx(2 / 3)
    assert f1(0.0, 0.0) == 0.0
    assert f1(None, 1.0) is None
