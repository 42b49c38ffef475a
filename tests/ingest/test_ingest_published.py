"""One date parser for --published, headers, JSON Lines and HTML metadata."""

from __future__ import annotations

import datetime as dt

import pytest

from storyledger.ingest.published import parse_published


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-10-08", dt.date(2024, 10, 8)),
        (" 2024-10-08 ", dt.date(2024, 10, 8)),
        ("2024-10-08T06:15:00Z", dt.date(2024, 10, 8)),
        ("2024-10-08 23:59:00+02:00", dt.date(2024, 10, 8)),
        (dt.date(2020, 1, 2), dt.date(2020, 1, 2)),
        (dt.datetime(2020, 1, 2, 3, 4), dt.date(2020, 1, 2)),
    ],
)
def test_published_accepts_iso_dates(value: str | dt.date, expected: dt.date) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize(
    "value", ["", "  ", "tomorrow", "2024-02-30", "8 October 2024", "10/08/2024"]
)
def test_published_rejects_non_iso_dates(value: str) -> None:
    with pytest.raises(ValueError):
        parse_published(value)
