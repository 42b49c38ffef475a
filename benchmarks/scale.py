"""Scale-out: articles/s and words/s on 1 vs 2 workers, flat parent memory, store ingest rate.

Synthetic articles are made from the ferry examples and the harbor-fire story
(numbers shifted, a byline and story number added, so every SHA-256 differs).
Four things are measured:

1. speed: bare spaCy ``nlp.pipe`` in this process (the baseline, as in
   ``throughput.py``), storyledger in this process, the local process pool with
   1 and 2 workers, and a Dask LocalCluster with 1 and 2 workers. "steady" rates
   leave out the first 10 % of results, i.e. worker start-up and model loading.
   Target: 2 workers / 1 worker >= 1.7 on 2 free cores.
2. store: the extracted results written one transaction per article into SQLite
   (a temporary file) and, with ``--postgres URL``, a fresh PostgreSQL schema.
3. memory: a child process streams a generator of short synthetic articles
   through ``extract_parallel`` (2 workers) without keeping results, and
   reports its peak RSS after the first and after the last checkpoint.
   Target: RSS(20k) / RSS(1k) <= 1.1.

    python benchmarks/scale.py [--docs 400] [--rss-docs 1000,20000] [--postgres URL]
    python benchmarks/scale.py --quick      # a smoke run: 60 docs, 200/2000 for memory
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import spacy
from throughput import ROOT, peak_rss_mb

from storyledger.batch import extract_parallel
from storyledger.batch.pool import extract_on_pool
from storyledger.ingest.base import SourceDocument
from storyledger.ingest.sources import read_sources, report_errors
from storyledger.model import DocumentFacts
from storyledger.settings import Settings
from storyledger.store.connect import parse_target

STORIES = (ROOT / "examples" / "ferry", ROOT.parent / "shared" / "data" / "stories" / "harbor-fire")
FIRST = ("Ana", "Tomas", "Mira", "Jonas", "Leila", "Piotr", "Sofia", "Kwame", "Ines", "Ravi")
LAST = ("Berg", "Okafor", "Novak", "Lindqvist", "Haddad", "Moreau", "Tanaka", "Silva", "Kowal")
SMALL_NUMBER = re.compile(r"\b\d{1,3}\b")  # counts and ages; years and dates stay valid

#: A run under test: articles in, one item per article out.
Run = Callable[[list[SourceDocument]], Iterable[object]]


def base_articles() -> list[SourceDocument]:
    """The real articles the synthetic ones are varied from."""
    paths = sorted(p for story in STORIES if story.is_dir() for p in story.glob("*.txt"))
    settings = Settings(detect_language=False)
    return list(report_errors(read_sources(paths, settings, lambda _: None), None))


def variant(base: SourceDocument, i: int, *, short: bool = False) -> SourceDocument:
    """Article ``i``: numbers shifted, a byline and story number added.

    short (bool): keep the headline and first paragraph only (the memory phase).
    """
    shift = i % 37 + 1
    text = SMALL_NUMBER.sub(lambda m: str(int(m.group()) + shift), base.text)
    if short:
        text = "\n\n".join(text.split("\n\n")[:2])
    byline = f"{FIRST[i % len(FIRST)]} {LAST[i // len(FIRST) % len(LAST)]}"
    text += f"\n\nReporting by {byline}; story {i}."
    return dataclasses.replace(base, text=text, source=f"synthetic-{i}")


def synthetic(
    bases: list[SourceDocument], count: int, *, short: bool = False
) -> Iterator[SourceDocument]:
    """A stream of ``count`` distinct articles, made one at a time."""
    for i in range(count):
        yield variant(bases[i % len(bases)], i, short=short)


@dataclasses.dataclass(frozen=True)
class Rate:
    """One measured run."""

    label: str
    docs: int
    words: int
    seconds: float
    steady_docs_per_s: float

    @property
    def words_per_doc(self) -> float:
        return self.words / self.docs

    def line(self) -> str:
        docs_s = self.docs / self.seconds
        steady_words = self.steady_docs_per_s * self.words_per_doc
        return (
            f"{self.label:<26} {docs_s:7.1f} art/s {docs_s * self.words_per_doc:8.0f} words/s"
            f"   steady {self.steady_docs_per_s:7.1f} art/s {steady_words:8.0f} words/s"
            f"   ({self.seconds:5.1f} s)"
        )


def measure(
    label: str, run: Run, docs: list[SourceDocument], keep: list[DocumentFacts] | None = None
) -> Rate:
    """Time ``run(docs)``; steady rate = results after the first 10 % over their time."""
    words = sum(len(d.text.split()) for d in docs)
    start = time.perf_counter()
    stamps = []
    for item in run(docs):
        stamps.append(time.perf_counter())
        if keep is not None and isinstance(item, DocumentFacts):
            keep.append(item)
    assert len(stamps) == len(docs), f"{label}: {len(stamps)} results for {len(docs)} articles"
    skip = max(1, len(stamps) // 10)
    steady = (len(stamps) - skip) / max(stamps[-1] - stamps[skip - 1], 1e-9)
    rate = Rate(label, len(docs), words, stamps[-1] - start, steady)
    print(rate.line(), flush=True)
    return rate


def bare_spacy(settings: Settings) -> Run:
    """The baseline: the same model, no storyledger stages, this process."""
    nlp = spacy.load(settings.model)
    return lambda docs: nlp.pipe((d.text for d in docs), batch_size=settings.batch_size)


def speed(
    docs: list[SourceDocument], settings: Settings
) -> tuple[dict[str, Rate], list[DocumentFacts]]:
    """Every backend over the same articles. RETURNS the rates and the in-process results."""
    kept: list[DocumentFacts] = []
    runs: dict[str, tuple[str, Run]] = {
        "bare": ("bare spaCy nlp.pipe (1)", bare_spacy(settings)),
        "in-process": (
            "storyledger in-process (1)",
            lambda d: extract_parallel(d, settings, workers=1),
        ),
        "pool-1": ("local pool, 1 worker", lambda d: extract_on_pool(d, settings, 1, 2, None)),
        "pool-2": ("local pool, 2 workers", lambda d: extract_parallel(d, settings, workers=2)),
        "dask-1": (
            "Dask LocalCluster, 1",
            lambda d: extract_parallel(d, settings, workers=1, dask="local"),
        ),
        "dask-2": (
            "Dask LocalCluster, 2",
            lambda d: extract_parallel(d, settings, workers=2, dask="local"),
        ),
    }
    rates = {
        key: measure(label, run, docs, kept if key == "in-process" else None)
        for key, (label, run) in runs.items()
    }
    return rates, kept


def print_ratios(rates: dict[str, Rate]) -> None:
    def ratio(a: str, b: str) -> str:
        total = (rates[a].docs / rates[a].seconds) / (rates[b].docs / rates[b].seconds)
        steady = rates[a].steady_docs_per_s / rates[b].steady_docs_per_s
        return f"{total:5.2f}x total, {steady:5.2f}x steady"

    print(f"storyledger / bare spaCy (1 process) : {ratio('in-process', 'bare')}")
    print(f"local pool 2 / 1 workers             : {ratio('pool-2', 'pool-1')}   (target >= 1.7)")
    print(f"local pool 2 / in-process            : {ratio('pool-2', 'in-process')}")
    print(f"Dask 2 / 1 workers                   : {ratio('dask-2', 'dask-1')}   (target >= 1.7)")


def store_rate(label: str, location: str, facts: list[DocumentFacts]) -> None:
    """Articles/s written by one writer, one transaction per article."""
    from storyledger.ledger import Ledger

    with Ledger.open(location) as ledger:
        start = time.perf_counter()
        added = sum(ledger.add_facts(f) for f in facts)
        seconds = time.perf_counter() - start
    assert added == len(facts)
    rate = len(facts) / seconds
    print(f"store {label:<10}: {rate:7.1f} articles/s ({len(facts)} in {seconds:.1f} s)")


def postgres_rate(url: str, facts: list[DocumentFacts]) -> None:
    """Write into a fresh schema of ``url``, dropped afterwards."""
    import sqlalchemy as sa

    schema = f"sl_bench_{secrets.token_hex(4)}"
    engine = sa.create_engine(parse_target(url).url)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        store_rate("PostgreSQL", f"{url}?options=-csearch_path%3D{schema}", facts)
    finally:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        engine.dispose()


def worker_rss_mb() -> float:
    """RETURNS (float): the largest resident set among this process's children, in MB."""
    import psutil  # installed with dask[distributed]

    children = psutil.Process().children(recursive=True)
    return max((c.memory_info().rss for c in children), default=0) / 2**20


def rss_child(checkpoints: list[int], dask: str | None) -> None:
    """In a fresh process: stream short articles, print RSS (MB) at each checkpoint."""
    stream = synthetic(base_articles(), checkpoints[-1], short=True)
    facts = extract_parallel(stream, Settings(detect_language=False), workers=2, dask=dask)
    seen: dict[int, tuple[float, float]] = {}
    for count, _ in enumerate(facts, start=1):
        if count in checkpoints:
            seen[count] = (peak_rss_mb(), worker_rss_mb())
    print(json.dumps(seen))


def memory(checkpoints: list[int], dask: str | None) -> None:
    """Run ``rss_child`` in a clean process, so earlier phases do not set its peak."""
    command = [sys.executable, __file__, "--rss-child", ",".join(map(str, checkpoints))]
    if dask:
        command += ["--dask", dask]
    start = time.perf_counter()
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    seen = {int(k): v for k, v in json.loads(out.strip().splitlines()[-1]).items()}
    (first, worker_first), (last, worker_last) = seen[checkpoints[0]], seen[checkpoints[-1]]
    label = f"Dask {dask}" if dask else "local pool"
    print(
        f"{label}, 2 workers, {checkpoints[0]} -> {checkpoints[-1]} short articles "
        f"({time.perf_counter() - start:.0f} s):\n"
        f"  parent peak RSS {first:.0f} -> {last:.0f} MB: "
        f"ratio {last / first:.3f} (target <= 1.1)\n"
        f"  largest worker RSS {worker_first:.0f} -> {worker_last:.0f} MB"
    )


def cpu_ceiling(seconds: float = 3.0) -> float:
    """RETURNS (float): how much faster 2 busy processes run than 1 on this machine now.

    The ceiling for any 2-worker ratio: other load on a shared machine lowers it.
    """
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(2) as pool:
        one = pool.submit(_spin, seconds).result()
        two = sum(pool.map(_spin, [seconds, seconds]))
    return two / one


def _spin(seconds: float) -> int:
    """Count loop turns for ``seconds`` of wall time."""
    end, turns = time.perf_counter() + seconds, 0
    while time.perf_counter() < end:
        turns += 1
    return turns


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=400, help="articles per speed run")
    parser.add_argument("--rss-docs", default="1000,20000", help="memory checkpoints")
    parser.add_argument("--rss-dask", action="store_true", help="also measure memory on Dask")
    parser.add_argument("--postgres", help="postgresql:// URL for the store rate")
    parser.add_argument("--quick", action="store_true", help="a smoke run: small sizes")
    parser.add_argument("--skip", default="", help="phases to skip: speed,store,memory")
    parser.add_argument("--rss-child", help=argparse.SUPPRESS)
    parser.add_argument("--dask", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.docs, args.rss_docs = 60, "200,2000"
    return args


def main() -> None:
    args = parse_args()
    if args.rss_child:
        rss_child([int(n) for n in args.rss_child.split(",")], args.dask)
        return
    settings = Settings(detect_language=False)
    docs = list(synthetic(base_articles(), args.docs))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"{len(docs)} synthetic articles, {sum(len(d.text.split()) for d in docs)} words; "
        f"{os.cpu_count()} cores, load average {load}",
        flush=True,
    )
    skip = set(args.skip.split(","))
    if "speed" not in skip:
        print(f"2 busy processes / 1 on this machine now: {cpu_ceiling():.2f}x (the ceiling)")
        rates, kept = speed(docs, settings)
        print_ratios(rates)
        if "store" not in skip:
            with tempfile.TemporaryDirectory() as tmp:
                store_rate("SQLite", str(Path(tmp) / "case.db"), kept)
            if args.postgres:
                postgres_rate(args.postgres, kept)
    if "memory" not in skip:
        checkpoints = [int(n) for n in args.rss_docs.split(",")]
        memory(checkpoints, None)
        if args.rss_dask:
            memory(checkpoints, "local")


if __name__ == "__main__":
    main()
