"""Throughput of storyledger extraction against bare spaCy on the same texts, one process.

Prints words/s of bare ``nlp.pipe`` (the same model, no storyledger stages) and of
``storyledger.extraction.extract_documents``, their ratio, and the peak RSS. Runs
alternate (bare, storyledger, bare, ...) and the best of ``--rounds`` is kept,
because these machines are noisy. Target: ratio >= 0.85, peak RSS <= 700 MB.

    python benchmarks/throughput.py [--docs 200] [--rounds 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

import spacy

from storyledger.extraction import extract_documents
from storyledger.ingest.base import SourceDocument
from storyledger.pipeline.build import make_nlp
from storyledger.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
MEANTIME = ROOT.parent / "shared" / "data" / "meantime_en.jsonl"


def corpus(limit: int) -> list[SourceDocument]:
    """News texts: MEANTIME when it is beside the repo, else the bundled examples."""
    docs: list[SourceDocument] = []
    if MEANTIME.is_file():
        for line in MEANTIME.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            published = dt.date.fromisoformat(row["published"]) if row["published"] else None
            docs.append(SourceDocument(text=row["text"], source=row["id"], published=published))
    for path in sorted((ROOT / "examples").rglob("*.txt")):
        body = path.read_text(encoding="utf-8").split("\n\n", 1)[-1]
        docs.append(SourceDocument(text=body, source=str(path), published=dt.date(2025, 6, 5)))
    return list(itertools.islice(itertools.cycle(docs), limit))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(run: Callable[[], None]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    settings = Settings()
    docs = corpus(args.docs)
    texts = [d.text for d in docs]
    words = sum(len(t.split()) for t in texts)
    bare = spacy.load(settings.model)
    full = make_nlp(settings)

    def run_bare() -> None:
        for _ in bare.pipe(texts, batch_size=settings.batch_size):
            pass

    def run_storyledger() -> None:
        for _ in extract_documents(docs, full, settings):
            pass

    run_bare()  # warm up both
    run_storyledger()
    rounds = [(timed(run_bare), timed(run_storyledger)) for _ in range(args.rounds)]
    bare_s = min(r[0] for r in rounds)
    sl_s = min(r[1] for r in rounds)
    bare_wps, sl_wps = words / bare_s, words / sl_s
    print(f"documents: {len(docs)}  words: {words}  rounds: {args.rounds} (best kept)")
    print(f"bare spaCy nlp.pipe : {bare_wps:9.0f} words/s")
    print(f"storyledger extract : {sl_wps:9.0f} words/s")
    print(f"ratio               : {sl_wps / bare_wps:9.2f}x  (target >= 0.85)")
    print(f"peak RSS            : {peak_rss_mb():9.0f} MB  (target <= 700)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
