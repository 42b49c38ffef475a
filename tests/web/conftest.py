"""Web fixtures: one case built from the ferry articles (plus a script-payload
article), copied for each test so merges and uploads never leak between tests."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

with warnings.catch_warnings():  # Starlette's notice about httpx2 is not ours to act on
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from storyledger import api
from storyledger.settings import Settings
from storyledger.web import create_app

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = Path(__file__).resolve().parent / "articles"
FERRY = sorted((ROOT / "examples" / "ferry").glob("*.txt"))
PAYLOAD = ARTICLES / "payload.txt"
BASE_URL = "http://127.0.0.1:8000"


@pytest.fixture(scope="session")
def built_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ferry story and the payload article, extracted, stored and resolved once."""
    path = tmp_path_factory.mktemp("webcase") / "case.db"
    with api.open_case(str(path)) as ledger:
        report = api.add_to_case(ledger, [*FERRY, PAYLOAD], settings=Settings())
    assert report.added == len(FERRY) + 1, report
    return path


@pytest.fixture
def case_path(built_case: Path, tmp_path: Path) -> Path:
    """A private copy of the built case."""
    target = tmp_path / "case.db"
    shutil.copy(built_case, target)
    return target


@pytest.fixture
def app(case_path: Path) -> FastAPI:
    """The app over a private copy of the case."""
    return create_app(str(case_path), settings=Settings())


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A test client that names 127.0.0.1 as its host, like a local browser."""
    with TestClient(app, base_url=BASE_URL) as test_client:
        yield test_client


def _csrf_token(client: TestClient) -> str:
    """Load a page so the server sets the CSRF cookie; RETURNS the token."""
    client.get("/entities")
    token = client.cookies.get("sl_csrf")
    assert token
    return token


@pytest.fixture(scope="session")
def csrf_token() -> Callable[[TestClient], str]:
    """``csrf_token(client)``: the token a page of that client's session carries."""
    return _csrf_token


@pytest.fixture(scope="session")
def articles() -> Path:
    """The folder of test articles (payload.txt, upload.txt)."""
    return ARTICLES


@pytest.fixture(scope="session")
def base_url() -> str:
    """The URL test clients use: a local address the Host guard accepts."""
    return BASE_URL
