"""Crash proof: kill -9 a `storyledger add` at random moments, rerun it, count losses.

    python benchmarks/crash.py                 # 10 trials, 500 articles, SQLite
    python benchmarks/crash.py --trials 3 --articles 100 --db postgresql://postgres@127.0.0.1/test

Each trial starts a fresh case, starts `storyledger add DIR`, kills it with
SIGKILL after a random number of stored articles, runs the same command again
to completion, and checks that every article is stored exactly once, whole
(sentences and entities present) and that the case is resolved. It prints
one line per trial and the totals; the exit code is 1 if any trial lost,
doubled or half-stored an article.
"""

from __future__ import annotations

import argparse
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from storyledger.ledger import Ledger
from storyledger.store import schema
from storyledger.store.connect import parse_target

TEMPLATE = """Title: Barge {n} grounded near Osterby lock
Outlet: River Post {outlet}
Published: 2025-03-{day:02d}

A grain barge carrying {cargo} tonnes ran aground near the Osterby lock on Monday,
the river authority said. Captain Lina Varga{n} told reporters that {crew} crew
members were unhurt. "We expect to refloat her within {hours} hours," she said.
Dock workers said the lock at Osterby had been closed twice this year after
similar groundings, and the company Riverline Freight{m} declined to comment.
"""


def write_articles(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        text = TEMPLATE.format(
            n=n, m=n % 7, outlet=n % 3, day=1 + n % 27, cargo=900 + n, crew=3 + n % 5, hours=n
        )
        (folder / f"barge-{n:04d}.txt").write_text(text, encoding="utf-8")


def problems(location: str, expected: int) -> list[str]:
    """RETURNS (list[str]): what is wrong with the case after the rerun."""
    found = []
    with Ledger.open(location) as ledger:
        documents = ledger.documents()
        if len(documents) != expected:
            found.append(f"{len(documents)} documents, expected {expected}")
        if len({d["sha256"] for d in documents}) != len(documents):
            found.append("duplicate documents")
        for document in documents:
            if not ledger.sentences(document["id"]):
                found.append(f"half document {document['id']}")
        if ledger.needs_resolution():
            found.append("case not resolved")
    return found


def trial(n: int, articles: Path, location: str, total: int, rng: random.Random) -> bool:
    where = ["--db", location] if "://" in location else ["--case", location]
    command = [sys.executable, "-m", "storyledger", "add", str(articles), *where, "-q"]
    kill_after = rng.randint(1, max(1, total - 1))
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stored = 0
    while child.poll() is None:
        with Ledger.open(location) as ledger:
            stored = ledger.counts()["documents"]
        if stored >= kill_after:
            break
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait()
    rerun = subprocess.run(command, capture_output=True, text=True)
    found = problems(location, total) + ([rerun.stderr.strip()] if rerun.returncode else [])
    print(f"trial {n}: killed after {stored} of {total} stored; rerun ok: {not found} {found}")
    return not found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--db", help="a PostgreSQL URL (each trial empties its schema)")
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    passed = 0
    with tempfile.TemporaryDirectory() as tmp:
        articles = Path(tmp) / "articles"
        write_articles(articles, options.articles)
        for n in range(1, options.trials + 1):
            location = options.db or str(Path(tmp) / f"case-{n}.db")
            if options.db:
                _empty(options.db)
            passed += trial(n, articles, location, options.articles, rng)
    print(f"{passed} of {options.trials} trials lost, doubled and half-stored nothing")
    return 0 if passed == options.trials else 1


def _empty(url: str) -> None:
    """Drop every storyledger table in the URL's database (a scratch schema)."""
    engine = sa.create_engine(parse_target(url).url)
    with engine.begin() as conn:
        schema.metadata.drop_all(conn)
    engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
