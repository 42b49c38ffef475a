"""Real processes on one case: kill -9 in the middle of an add, and two adds at once.

Each test runs ``python -m storyledger add`` as a child process against
SQLite and PostgreSQL. After a kill, running the same command again must
leave every article stored exactly once and whole; two concurrent adds of
the same folder must both succeed with no article stored twice.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from storyledger.ledger import Ledger
from storyledger.store import schema

ARTICLES = 24
TEMPLATE = """Title: Barge {n} grounded near Osterby lock
Outlet: River Post {outlet}
Published: 2025-03-{day:02d}

A grain barge carrying {cargo} tonnes ran aground near the Osterby lock on Monday,
the river authority said. Captain Lina Varga{n} told reporters that {crew} crew
members were unhurt. "We expect to refloat her within {hours} hours," she said.
"""


def write_articles(folder: Path, count: int = ARTICLES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        text = TEMPLATE.format(
            n=n, outlet=n % 3, day=1 + n % 27, cargo=900 + n, crew=3 + n % 5, hours=10 + n
        )
        (folder / f"barge-{n:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def add_command(articles: Path, location: str) -> list[str]:
    where = ["--db", location] if "://" in location else ["--case", location]
    return [sys.executable, "-m", "storyledger", "add", str(articles), *where, "-q"]


def assert_whole_and_unique(location: str, expected: int) -> None:
    with Ledger.open(location) as ledger:
        documents = ledger.documents()
        assert len(documents) == expected
        assert len({d["sha256"] for d in documents}) == expected
        for document in documents:
            assert ledger.sentences(document["id"]), f"half a document: {document['id']}"
            assert ledger.load_facts(document["id"]).entities, "entities lost"
        assert not ledger.needs_resolution()
        assert ledger.case_entities()


@pytest.mark.parametrize("trial", [1, 2])
def test_kill_9_mid_add_then_rerun_loses_and_doubles_nothing(
    location: str, tmp_path: Path, trial: int
) -> None:
    articles = write_articles(tmp_path / "articles")
    command = add_command(articles, location)
    threshold = random.Random(trial).randint(2, ARTICLES // 2)
    with Ledger.open(location) as watcher:  # opened once: the child stores in bursts
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and child.poll() is None:
            if watcher.read(_documents) >= threshold:
                break
            time.sleep(0.005)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    with Ledger.open(location) as ledger:
        assert ledger.counts()["documents"] < ARTICLES, "the kill came too late to test anything"
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert "Traceback" not in rerun.stderr
    assert_whole_and_unique(location, ARTICLES)


def _documents(conn: sa.Connection) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(schema.documents)).scalar_one())


def test_two_adds_at_once_store_every_article_once(location: str, tmp_path: Path) -> None:
    articles = write_articles(tmp_path / "articles")
    command = add_command(articles, location)
    children = [
        subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    for child in children:
        _, stderr = child.communicate(timeout=300)
        assert child.returncode == 0, stderr
        assert "locked" not in stderr and "Traceback" not in stderr
    assert_whole_and_unique(location, ARTICLES)
