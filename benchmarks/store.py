"""Case-store speed at scale, as ratios measured in one process.

Three figures from docs/performance.md ("Case store"), on synthetic cases built
from the bundled articles without running spaCy per document:

1. adding one article to a case of ``--docs`` documents (extract, store,
   resolve) against extracting it alone (target <= 1.5x), with the time split;
   then each example article (1b), and each published after the whole case,
   as a running story's next articles are (1c);
2. ``Ledger.resolve()`` over ``--docs`` documents against a tenth of that
   (target < 10x: no quadratic merging); with ``--scaling N,N,...`` also the
   full pass's time per document at each size (2b);
3. search latency p50/p95 over >= ``--sentences`` sentences (target p95 <= 50 ms),
   on SQLite, and on PostgreSQL when a server answers.

    python benchmarks/store.py [--docs 10000] [--per-day 2] [--quick]
                               [--postgres URL | --no-postgres] [--skip add search]
                               [--scaling 1000,2000,5000,10000,20000]

The synthetic case: the example articles are extracted once, then copied
under new document ids (records, mentions and entity ids rebound). One copy in
three renames its people (a generated surname per copy), so resolution sees
thousands of distinct people, not one merged crowd; texts and offsets stay valid.
With ``--per-day K`` the K-th copies of every article move one day later each,
so a large case is a story that runs on for months (K copies of each article a
day); ``--per-day 0`` keeps every copy on the original night.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import datetime as dt
import hashlib
import os
import platform
import pstats
import random
import re
import resource
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa

from storyledger import api
from storyledger.ledger import Ledger
from storyledger.model import DocumentFacts, Entity
from storyledger.store.connect import parse_target

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[1]
SHARED_STORY = ROOT.parent / "shared" / "data" / "stories" / "harbor-fire"
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"
RENAME_EVERY = 3
#: Alternating rounds of the full pass per case (figure 2): the ratio swings by a
#: tenth between runs of three on this noisy machine.
RESOLVE_ROUNDS = 5
_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ren",
    "tas",
    "vo",
    "ber",
    "sun",
    "dal",
    "nik",
    "por",
    "eh",
    "ran",
    "vel",
    "sto",
    "ma",
    "li",
    "gor",
    "tin",
    "zu",
]
_WORD = re.compile(r"^[A-Za-z]{4,}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T|$)")


# -- the synthetic case --------------------------------------------------------


def example_paths() -> list[Path]:
    """The bundled ferry story, plus the shared harbor-fire story when it is beside us."""
    paths = sorted((ROOT / "examples" / "ferry").glob("*.txt"))
    return paths + sorted(SHARED_STORY.glob("*.txt"))


def base_facts(paths: Sequence[Path] | None = None) -> list[DocumentFacts]:
    """Extract the example articles once: the material every copy is made from."""
    return list(api.iter_facts(paths or example_paths()))


def surname(k: int) -> str:
    """A pronounceable surname unique to copy ``k`` ("Lomiren")."""
    n, parts = k + len(_SYLLABLES) ** 2, []
    while n:
        n, digit = divmod(n, len(_SYLLABLES))
        parts.append(_SYLLABLES[digit])
    return "".join(parts).capitalize()


def _renamed(entity: Entity, new: str) -> tuple[str, tuple[str, ...]]:
    """The entity's name and aliases with its surname replaced by ``new``."""
    old = entity.name.split()[-1]
    return entity.name.replace(old, new), tuple(a.replace(old, new) for a in entity.aliases)


def shift_iso(value: str | None, days: int) -> str | None:
    """An ISO value moved by ``days`` when it names a day ("2024-10-08T02:40"); else as is."""
    if not days or value is None or not _DAY.match(value):
        return value
    moved = dt.date.fromisoformat(value[:10]) + dt.timedelta(days=days)
    return moved.isoformat() + value[10:]


def variant(facts: DocumentFacts, k: int, days: int = 0) -> DocumentFacts:
    """Copy ``k`` of one article: a new id and sha256, every record rebound to it.

    Texts and offsets are unchanged, so every ``text[start:end]`` still holds.
    Every ``RENAME_EVERY``-th copy gives its people a surname of its own.
    days: move the copy's publication date, times and events this many days later.
    """
    old = facts.document.id
    sha = hashlib.sha256(f"{facts.document.sha256}:{k}".encode()).hexdigest()
    new = sha[:12]

    def local(entity_id: str) -> str:
        return new + entity_id[len(old) :] if entity_id.startswith(old) else entity_id

    def rebind(records: Iterable[Any], **extra: Callable[[Any], Any]) -> tuple[Any, ...]:
        return tuple(
            dataclasses.replace(r, doc=new, **{name: f(r) for name, f in extra.items()})
            for r in records
        )

    rename = k % RENAME_EVERY == RENAME_EVERY - 1
    entities = []
    for entity in facts.entities:
        name, aliases = entity.name, entity.aliases
        if rename and entity.type == "PERSON":
            name, aliases = _renamed(entity, surname(k))
        entities.append(
            dataclasses.replace(
                entity,
                id=local(entity.id),
                name=name,
                aliases=aliases,
                mentions=rebind(entity.mentions),
            )
        )
    source = f"synthetic/{k}/{Path(facts.document.source).name}"
    published = shift_iso(facts.document.published, days)
    return dataclasses.replace(
        facts,
        document=dataclasses.replace(
            facts.document, id=new, sha256=sha, source=source, published=published
        ),
        entities=tuple(entities),
        times=rebind(facts.times, value=lambda t: shift_iso(t.value, days)),
        quantities=rebind(facts.quantities),
        claims=rebind(facts.claims, speaker=lambda c: c.speaker and local(c.speaker)),
        events=rebind(
            facts.events,
            entities=lambda e: tuple(map(local, e.entities)),
            date=lambda e: shift_iso(e.date, days),
            published=lambda e: shift_iso(e.published, days),
        ),
    )


def variants(
    bases: Sequence[DocumentFacts], start: int, count: int, per_day: int = 0
) -> Iterator[DocumentFacts]:
    """Copies ``start .. start+count-1``, cycling through the base articles.

    per_day: when > 0, copy ``k`` of every article is moved ``k // per_day``
        days later, so the case is a story that runs on with a steady number of
        articles a day; 0 keeps every copy on the original dates (one night
        reported thousands of times).
    """
    for n in range(start, start + count):
        k = n // len(bases)
        yield variant(bases[n % len(bases)], k, k // per_day if per_day > 0 else 0)


def fill_case(
    ledger: Ledger,
    bases: Sequence[DocumentFacts],
    count: int,
    start: int = 0,
    per_day: int = 0,
) -> int:
    """Store ``count`` copies with ``Ledger.add_facts`` (one transaction each).

    RETURNS (int): how many were new to the case.
    """
    copies = variants(bases, start, count, per_day)
    return sum(ledger.add_facts(facts) for facts in copies)


def sentence_count(ledger: Ledger) -> int:
    return ledger.counts()["sentences"]


# -- timing --------------------------------------------------------------------


def timed(run: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (p95 of 200 values is the 190th smallest)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))]


class PhaseTimer:
    """Wraps a ledger's ``add_facts`` and ``resolve`` to time them inside ``add_to_case``."""

    def __init__(self, ledger: Ledger) -> None:
        self.store = 0.0
        self.resolve = 0.0
        #: How each resolve went: "incremental" or "full: <why>".
        self.modes: list[str] = []
        add_facts, resolve = ledger.add_facts, ledger.resolve

        def timed_add(facts: DocumentFacts) -> bool:
            seconds, added = timed(lambda: add_facts(facts))
            self.store += seconds
            return added

        def timed_resolve(new: Sequence[str] = ()) -> dict[str, int]:
            seconds, counts = timed(lambda: resolve(new))
            self.resolve += seconds
            self.modes.append(ledger.last_resolution)
            return counts

        ledger.add_facts = timed_add  # type: ignore[method-assign]
        ledger.resolve = timed_resolve  # type: ignore[method-assign]

    def reset(self) -> None:
        self.store = self.resolve = 0.0


#: Publication dates after every date of the synthetic case (figure 1c).
LATER = dt.date(2027, 1, 1)
_PUBLISHED = re.compile(r"^Published: .*$", re.MULTILINE)


def article_copies(
    source: Path, folder: Path, count: int, later: dt.date | None = None
) -> list[Path]:
    """``count`` copies of one article file, each with a distinct last line (a new
    sha256); with ``later``, copy n is published n days after that date."""
    text = source.read_text(encoding="utf-8").rstrip("\n")
    copies = []
    for n in range(count):
        path = folder / f"new-{n}{source.suffix}"
        edition = f"edition {n + 1} of {folder.name}"  # a text of its own in every folder
        body = text
        if later is not None:
            published = (later + dt.timedelta(days=n)).isoformat()
            body = _PUBLISHED.sub(f"Published: {published}", text, count=1)
        path.write_text(f"{body}\n\nThis article was updated ({edition}).\n", "utf-8")
        copies.append(path)
    return copies


def bench_add(
    ledger: Ledger, article: Path, folder: Path, rounds: int, later: dt.date | None = None
) -> dict[str, float]:
    """Median seconds of ``add_to_case`` (with its split) and of ``extract_files`` alone."""
    files = article_copies(article, folder, rounds + 1, later)
    timer = PhaseTimer(ledger)
    api.extract_files([files[0]])  # warm up both paths on the case at hand
    api.add_to_case(ledger, [files[0]])
    adds: list[float] = []
    extracts: list[float] = []
    stores: list[float] = []
    resolves: list[float] = []
    rests: list[float] = []
    for n, path in enumerate(files[1:]):
        timer.reset()
        order = (0, 1) if n % 2 == 0 else (1, 0)
        for which in order:
            if which == 0:
                extracts.append(timed(partial(api.extract_files, [path]))[0])
            else:
                seconds, report = timed(partial(api.add_to_case, ledger, [path]))
                assert report.added == 1, f"{path} was not added: {report}"
                adds.append(seconds)
        stores.append(timer.store)
        resolves.append(timer.resolve)
        rests.append(adds[-1] - timer.store - timer.resolve)
    full = [mode for mode in timer.modes if mode != "incremental"]
    return {
        "resolutions": len(timer.modes),
        "full_passes": len(full),
        "add": statistics.median(adds),
        "add_mean": statistics.fmean(adds),
        "extract_alone": statistics.median(extracts),
        "store": statistics.median(stores),
        "resolve": statistics.median(resolves),
        "read_extract": statistics.median(rests),
    }


def bench_resolve(small: Ledger, large: Ledger, rounds: int) -> tuple[list[float], list[float]]:
    """Seconds of ``Ledger.resolve()`` on both cases, alternating round by round so
    that drift in the machine's speed falls on both (a first run of each warms up)."""
    small.resolve()
    large.resolve()
    small_s: list[float] = []
    large_s: list[float] = []
    for _ in range(rounds):
        small_s.append(timed(small.resolve)[0])
        large_s.append(timed(large.resolve)[0])
    return small_s, large_s


def search_queries(bases: Sequence[DocumentFacts], count: int, seed: int = 7) -> list[str]:
    """Words, two-word AND queries and quoted phrases, drawn from the articles' sentences."""
    rng = random.Random(seed)
    sentences = [f.text[s:e].split() for f in bases for s, e in f.sentences]
    queries: list[str] = []
    while len(queries) < count:
        words = [w for w in rng.choice(sentences) if _WORD.match(w)]
        if len(words) < 3:
            continue
        shape = rng.random()
        if shape < 0.5:
            queries.append(rng.choice(words).lower())
        elif shape < 0.75:
            queries.append(" ".join(w.lower() for w in rng.sample(words, 2)))
        else:
            tokens = rng.choice(sentences)
            spans = [tokens[i : i + 2] for i in range(len(tokens) - 1)]
            phrase = [p for p in spans if all(_WORD.match(w) for w in p)]
            if phrase:
                queries.append('"' + " ".join(rng.choice(phrase)) + '"')
    return queries


def bench_search(ledger: Ledger, queries: Sequence[str]) -> dict[str, float]:
    """p50/p95/max milliseconds over ``queries`` (default limit of 50 hits), after a warm-up."""
    for query in queries[:20]:
        ledger.search(query)
    seconds = []
    hits = 0
    for query in queries:
        elapsed, found = timed(partial(ledger.search, query))
        seconds.append(elapsed * 1000)
        hits += bool(found)
    return {
        "p50": percentile(seconds, 0.50),
        "p95": percentile(seconds, 0.95),
        "max": max(seconds),
        "with_hits": hits,
    }


# -- PostgreSQL ------------------------------------------------------------------


def _admin(url: str, statement: str) -> None:
    engine = sa.create_engine(parse_target(url).url)
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


def postgres_schema(url: str) -> str | None:
    """Create a fresh schema; RETURNS its name, or None (with a message) when unreachable."""
    name = f"sl_bench_{secrets.token_hex(4)}"
    try:
        _admin(url, f"CREATE SCHEMA {name}")
    except sa.exc.DBAPIError as exc:
        print(f"PostgreSQL skipped: {url} did not answer ({str(exc.orig).splitlines()[0]})")
        return None
    return name


# -- the report ------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Synthetic:
    """How this run makes its cases: the base articles, and copies of each per day."""

    bases: Sequence[DocumentFacts]
    per_day: int = 0

    def fill(self, ledger: Ledger, count: int, start: int = 0) -> int:
        return fill_case(ledger, self.bases, count, start, self.per_day)

    def build(self, location: str, count: int) -> tuple[Ledger, float]:
        """RETURNS: a new case of ``count`` copies, and the seconds it took to store them."""
        ledger = api.open_case(location)
        seconds, _ = timed(lambda: self.fill(ledger, count))
        return ledger, seconds


def _line(label: str, value: str, note: str = "") -> None:
    print(f"  {label:<34} {value:>12}  {note}".rstrip())
    sys.stdout.flush()


def run_resolve(synthetic: Synthetic, docs: int, folder: Path) -> Ledger:
    """Figure 2; RETURNS the large SQLite case, for figures 1 and 3."""
    small_n = max(1, docs // 10)
    small, build_s = synthetic.build(str(folder / "small.db"), small_n)
    print(f"built {small_n:,}-document case in {build_s:.1f} s")
    large, build_s = synthetic.build(str(folder / "large.db"), docs)
    counts = large.counts()
    print(
        f"built {docs:,}-document case in {build_s:.1f} s "
        f"({build_s / docs * 1000:.1f} ms per add_facts): {counts['sentences']:,} sentences, "
        f"{counts['doc_entities']:,} document entities, {counts['quantities']:,} quantities"
    )
    small_runs, large_runs = bench_resolve(small, large, RESOLVE_ROUNDS)
    small_calls, large_calls = python_calls(small), python_calls(large)
    small.close()
    resolved = large.counts()
    print(
        f"resolved: {resolved['entities']:,} case entities, {resolved['timeline']:,} "
        f"timeline entries, {resolved['conflicts']:,} conflicts"
    )
    small_s, large_s = statistics.median(small_runs), statistics.median(large_runs)
    print(
        f"\n2. resolve over {docs:,} vs {small_n:,} documents "
        f"(median of {RESOLVE_ROUNDS}, alternating)"
    )
    _line(f"resolve, {small_n:,} documents", f"{small_s:.3f} s", _runs(small_runs))
    _line(f"resolve, {docs:,} documents", f"{large_s:.3f} s", _runs(large_runs))
    _line("ratio", f"{large_s / small_s:.2f}x", "(target < 10x)")
    _line("ratio of the fastest runs", f"{min(large_runs) / min(small_runs):.2f}x")
    _line(
        "Python function calls, ratio",
        f"{large_calls / small_calls:.2f}x",
        f"({small_calls:,} vs {large_calls:,}: how the work grows, the caches aside)",
    )
    return large


def run_scaling(synthetic: Synthetic, sizes: Sequence[int], folder: Path) -> None:
    """Figure 2b: the full pass's time per document at each size (cases open side
    by side, rounds alternating), against the smallest."""
    cases = {}
    for size in sizes:
        cases[size], _ = synthetic.build(str(folder / f"scale-{size}.db"), size)
        cases[size].resolve()
    seconds: dict[int, list[float]] = {size: [] for size in sizes}
    for _ in range(3):
        for size in sizes:
            seconds[size].append(timed(cases[size].resolve)[0])
    print("\n2b. full resolve per document by case size (median of 3, alternating)")
    base = statistics.median(seconds[sizes[0]]) / sizes[0]
    for size in sizes:
        median = statistics.median(seconds[size])
        per_doc = median / size
        _line(
            f"{size:,} documents",
            f"{median:.3f} s",
            f"{per_doc * 1e6:.0f} us per document, {per_doc / base:.2f}x the {sizes[0]:,}'s",
        )
    for ledger in cases.values():
        ledger.close()


def python_calls(ledger: Ledger) -> int:
    """RETURNS (int): the Python function calls of one ``Ledger.resolve()`` (cProfile)."""
    profile = cProfile.Profile()
    profile.runcall(ledger.resolve)
    return int(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]


def _runs(seconds: Sequence[float]) -> str:
    return "runs: " + ", ".join(f"{s:.3f}" for s in seconds)


def run_add(ledger: Ledger, docs: int, folder: Path, rounds: int) -> None:
    """Figure 1 on the large case."""
    add = bench_add(ledger, example_paths()[-1], folder, rounds)
    print(f"\n1. add 1 article to a case of {docs:,} vs extracting it alone (median of {rounds})")
    _line("extract_files alone", f"{add['extract_alone'] * 1000:.0f} ms")
    _line("add_to_case", f"{add['add'] * 1000:.0f} ms")
    _line("  mean (with WAL checkpoints)", f"{add['add_mean'] * 1000:.0f} ms")
    _line("  read + extract", f"{add['read_extract'] * 1000:.0f} ms")
    _line("  store (add_facts)", f"{add['store'] * 1000:.0f} ms")
    _line("  resolve", f"{add['resolve'] * 1000:.0f} ms")
    _line("ratio", f"{add['add'] / add['extract_alone']:.2f}x", "(target <= 1.5x)")
    _line("full passes", f"{add['full_passes']:.0f} of {add['resolutions']:.0f}")
    run_add_each(ledger, folder)
    run_add_each(ledger, folder, later=LATER)


def run_add_each(
    ledger: Ledger, folder: Path, rounds: int = 5, later: dt.date | None = None
) -> None:
    """Figure 1 for every example article in turn (median of ``rounds`` each): an
    article with a dated figure or many names costs more to resolve than another.

    later: publish the copies on new days from this date on (figure 1c), as a
        running story brings them: each gives its measures a new publication
        date, so their conflicts' kinds are worked out again from all their
        signatures, where a copy on the original date only adds values.
    """
    if later is None:
        print(f"\n1b. add each example article to the case (median of {rounds} each)")
    else:
        print(
            f"\n1c. the same, each copy published on a new day from {later} on, after "
            "every article of the case"
        )
    ratios = []
    for n, path in enumerate(example_paths()):
        place = folder / f"{'later' if later else 'each'}-{n}"
        place.mkdir()
        add = bench_add(
            ledger, path, place, rounds, later + dt.timedelta(days=10 * n) if later else None
        )
        ratio = add["add"] / add["extract_alone"]
        ratios.append(ratio)
        note = (
            f"extract {add['extract_alone'] * 1000:.0f} ms, resolve {add['resolve'] * 1000:.0f} ms"
        )
        _line(path.stem[:34], f"{ratio:.2f}x", note)
    _line("median over the articles", f"{statistics.median(ratios):.2f}x", "(target <= 1.5x)")
    _line("worst article", f"{max(ratios):.2f}x")


def run_search(
    ledger: Ledger, synthetic: Synthetic, sentences: int, queries: Sequence[str]
) -> None:
    """Figure 3 on one backend: top the case up to ``sentences``, then time the queries."""
    have = sentence_count(ledger)
    if have < sentences:
        bases = synthetic.bases
        per_doc = sum(len(f.sentences) for f in bases) / len(bases)
        more = int((sentences - have) / per_doc) + len(bases)
        synthetic.fill(ledger, more, start=1_000_000)  # copy numbers no other case uses
        have = sentence_count(ledger)
    stats = bench_search(ledger, queries)
    print(f"\n3. search over {have:,} sentences, {ledger.backend} ({len(queries)} queries)")
    _line("p50", f"{stats['p50']:.1f} ms")
    _line("p95", f"{stats['p95']:.1f} ms", "(target <= 50 ms)")
    _line("max", f"{stats['max']:.1f} ms")
    _line("queries with hits", f"{stats['with_hits']:.0f}")


def run_postgres(url: str, synthetic: Synthetic, sentences: int, queries: Sequence[str]) -> None:
    """Figure 3 on PostgreSQL, in a fresh schema dropped afterwards."""
    schema = postgres_schema(url)
    if schema is None:
        return
    try:
        sep = "&" if "?" in url else "?"
        ledger = api.open_case(f"{url}{sep}options=-csearch_path%3D{schema}")
        try:
            seconds, _ = timed(lambda: run_search(ledger, synthetic, sentences, queries))
            print(f"  (PostgreSQL case stored and searched in {seconds:.0f} s)")
        finally:
            ledger.close()
    finally:
        _admin(url, f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000, help="the large case (default 10,000)")
    parser.add_argument("--sentences", type=int, default=100_000, help="the search case's size")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=11, help="add_to_case rounds")
    parser.add_argument(
        "--per-day",
        type=int,
        default=2,
        metavar="K",
        help="K copies of each article per day, later copies on later days (default 2; "
        "0 puts every copy on the original dates: one night reported thousands of times)",
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: 1,000 documents")
    parser.add_argument(
        "--scaling",
        type=lambda text: sorted(int(n) for n in text.split(",")),
        default=None,
        metavar="N,N,...",
        help="also time the full pass per document at these case sizes (figure 2b)",
    )
    parser.add_argument("--postgres", metavar="URL", default=None, help=f"default {DEFAULT_PG}")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--skip", nargs="*", default=(), choices=("add", "search"))
    args = parser.parse_args(argv)
    if args.quick:
        args.docs, args.sentences, args.rounds = 1_000, 10_000, 3
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    started = time.perf_counter()
    print(
        f"storyledger case-store benchmark, {dt.date.today()}, Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs; "
        f"argv: {' '.join(sys.argv[1:]) or '(defaults)'}"
    )
    seconds, bases = timed(base_facts)
    print(f"extracted {len(bases)} example articles once in {seconds:.1f} s (pipeline load incl.)")
    synthetic = Synthetic(bases, args.per_day)
    queries = search_queries(bases, args.queries)
    with tempfile.TemporaryDirectory(prefix="sl-bench-") as folder:
        large = run_resolve(synthetic, args.docs, Path(folder))
        if args.scaling:
            run_scaling(synthetic, args.scaling, Path(folder))
        try:
            if "add" not in args.skip:
                run_add(large, args.docs, Path(folder), args.rounds)
            if "search" not in args.skip:
                run_search(large, synthetic, args.sentences, queries)
        finally:
            large.close()
    if not args.no_postgres and "search" not in args.skip:
        run_postgres(args.postgres or DEFAULT_PG, synthetic, args.sentences, queries)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\ntotal {time.perf_counter() - started:.0f} s, peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
