"""Publication dates: the anchor every relative date ("on Tuesday") is resolved against.

One parser for every place a date comes in (``--published``, a header's
``Published:`` line, a JSON Lines ``published`` field, an HTML page's
metadata), so they accept the same forms.
"""

from __future__ import annotations

from datetime import date, datetime

from storyledger.errors import Errors, InputError


def parse_published(value: str | date) -> date:
    """Parse a publication date.

    value (str | date): ``YYYY-MM-DD``, or an ISO 8601 date-time such as
        ``2024-10-08T06:15:00Z`` (the date part is kept: the reporter's
        calendar day is what "today" means in the text).
    RETURNS (date): the publication day.
    RAISES (ValueError): with a short reason, when ``value`` is not such a date.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = value.strip()
    if not text:
        raise ValueError("it is empty")
    try:
        if len(text) <= 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text).date()
    except ValueError:
        raise ValueError("expected a date like 2024-10-08") from None


def published_for(value: str | date | None, source: str) -> date | None:
    """RETURNS (date | None): ``value`` as a publication date, None when absent.

    source (str): the file or option the value came from, named in the error.
    RAISES (InputError): E107 when ``value`` is not a date.
    """
    if value is None:
        return None
    try:
        return parse_published(value)
    except ValueError as exc:
        raise InputError(Errors.E107.format(source=source, value=value, detail=exc)) from exc
