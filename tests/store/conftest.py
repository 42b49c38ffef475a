"""Store fixtures: every ``ledger`` test runs on SQLite and on PostgreSQL.

PostgreSQL tests use the server named by ``STORYLEDGER_TEST_POSTGRES`` (a
``postgresql://`` URL), else ``root@`` or ``postgres@127.0.0.1:5432/test``.
Each test session works in a fresh schema ``sl_test_<random>`` (set through
``search_path`` in the URL) that is dropped afterwards. Without a server the
PostgreSQL cases are skipped, except under ``CI=true``, where they fail.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from spacy.language import Language

from storyledger.extraction import extract_documents
from storyledger.ingest.sources import read_sources, report_errors
from storyledger.ledger import Ledger
from storyledger.model import (
    Claim,
    Document,
    DocumentFacts,
    Entity,
    Event,
    Mention,
    Quantity,
    TimeExpr,
)
from storyledger.settings import Settings
from storyledger.store.connect import parse_target

PG_CANDIDATES = (
    "postgresql://root@127.0.0.1:5432/test",
    "postgresql://postgres@127.0.0.1:5432/test",
)

STORY = (
    (
        "Grain terminal fire in Port Halden\n\nFire crews battled a blaze at the Port Halden "
        "grain terminal on Tuesday. Fire chief Maria Okafor said 40 firefighters were sent. "
        '"We expect the fire to burn for two more days," Okafor said. The cause is suspected '
        "to be an electrical fault.",
        dt.date(2024, 10, 9),
    ),
    (
        "Halden fire out\n\nThe Port Halden terminal fire was put out on Thursday, officials "
        "said. About 60 firefighters worked through the night. Harbor master Tom Reyes denied "
        "that warnings had been ignored.",
        dt.date(2024, 10, 11),
    ),
)


def _admin_url() -> tuple[str | None, str]:
    """The first PostgreSQL URL that answers, and why none did otherwise."""
    configured = os.environ.get("STORYLEDGER_TEST_POSTGRES")
    reasons = []
    for url in (configured,) if configured else PG_CANDIDATES:
        engine = sa.create_engine(
            parse_target(url).url,
            connect_args={"connect_timeout": 3},
        )
        try:
            with engine.connect():
                return url, ""
        except sa.exc.DBAPIError as exc:
            reasons.append(f"{url}: {str(exc.orig).splitlines()[0]}")
        finally:
            engine.dispose()
    return None, "; ".join(reasons)


def _psql(url: str, statement: str) -> None:
    """Run one admin statement in autocommit mode."""
    engine = sa.create_engine(parse_target(url).url)
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def pg_schema() -> Iterator[tuple[str, str]]:
    """(admin URL, schema name) of this session's PostgreSQL schema; dropped at the end."""
    url, reason = _admin_url()
    if url is None:
        message = f"PostgreSQL is not reachable ({reason}); set STORYLEDGER_TEST_POSTGRES"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    name = f"sl_test_{secrets.token_hex(4)}"
    _psql(url, f"CREATE SCHEMA {name}")
    try:
        yield url, name
    finally:
        _psql(url, f"DROP SCHEMA IF EXISTS {name} CASCADE")


@pytest.fixture
def pg_location(pg_schema: tuple[str, str]) -> str:
    """A URL into an emptied session schema: each test starts from a blank database."""
    url, name = pg_schema
    _psql(url, f"DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}")
    return f"{url}?options=-csearch_path%3D{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a fresh case lives: an SQLite file, or a PostgreSQL schema."""
    if request.param == "sqlite":
        return str(tmp_path / "case.db")
    return str(request.getfixturevalue("pg_location"))


@pytest.fixture
def ledger(location: str) -> Iterator[Ledger]:
    """A new, empty case on each backend."""
    with Ledger.open(location) as opened:
        yield opened


@pytest.fixture(scope="session")
def story(run: Callable[..., DocumentFacts]) -> list[DocumentFacts]:
    """Two invented articles about one story, through the real pipeline."""
    return [run(text, published=published) for text, published in STORY]


def _span(text: str, part: str) -> tuple[int, int, str]:
    """(start, end, part) of the first occurrence of ``part`` in ``text``."""
    start = text.index(part)
    return start, start + len(part), part


def build_facts(
    text: str = 'Crews fought 13 fires. "It is over," said Ana Ruiz on Monday.',
    doc_id: str = "f00d00000001",
    **fields: object,
) -> DocumentFacts:
    """A hand-built DocumentFacts with one record of each kind unless overridden."""
    document = Document(
        id=doc_id,
        sha256=doc_id + "0" * (64 - len(doc_id)),
        title="Fires",
        outlet="Halden Post",
        published="2024-10-08",
        language="en",
        source="hand",
        chars=len(text),
        url="https://example.org/a",
    )
    speaker = f"{doc_id}-e1"
    first = text.find(". ") + 1 or len(text)
    defaults: dict[str, object] = {
        "sentences": ((0, first), (min(first + 1, len(text)), len(text)))
    }
    if "Ana Ruiz" in text:
        name, quote = _span(text, "Ana Ruiz"), _span(text, "It is over,")
        monday, fires = _span(text, "Monday"), _span(text, "13 fires")
        defaults.update(
            entities=(
                Entity(
                    speaker,
                    "Ana Ruiz",
                    "PERSON",
                    ("Ruiz",),
                    ("surname",),
                    (Mention(doc_id, *name, 1),),
                ),
            ),
            times=(TimeExpr(doc_id, *monday, "2024-10-07", "day", "publication", "DATE", 1),),
            quantities=(Quantity(doc_id, *fires, 13, None, "fires", False, None, 0),),
            claims=(Claim(doc_id, *quote, "quote", speaker, "Ana Ruiz", "asserted", 1, "said"),),
            events=(
                Event(
                    "2024-10-07",
                    "Monday",
                    "Ana Ruiz said",
                    (speaker,),
                    doc_id,
                    first + 1,
                    len(text),
                    "2024-10-08",
                    1,
                ),
            ),
        )
    defaults.update(fields)
    return DocumentFacts(document=document, text=text, **defaults)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def make_facts() -> Callable[..., DocumentFacts]:
    """The factory :func:`build_facts`: ``make_facts(text, doc_id, quantities=(...))``."""
    return build_facts


FERRY = Path(__file__).resolve().parents[2] / "examples" / "ferry"


@pytest.fixture(scope="session")
def articles(shared_data: Path, nlp: Language) -> list[DocumentFacts]:
    """The ferry examples and the harbor-fire story, in one case of 12 articles."""
    paths = sorted(FERRY.glob("*.txt")) + sorted(
        (shared_data / "stories" / "harbor-fire").glob("*.txt")
    )
    sources = report_errors(read_sources(paths, Settings(), lambda _: None), None)
    return list(extract_documents(sources, nlp, Settings()))
