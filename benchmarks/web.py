"""Web UI server time per page: a 10,000-article case beside a 100-article case.

Both cases are synthetic: the ferry and harbor-fire articles are extracted once,
then stored again and again as copies with a changed text (so a new sha256 and
document id) instead of running spaCy 10,000 times; the case is then resolved
as ``storyledger add`` would. Each page is requested through the ASGI app
in-process (no network), ``--rounds`` times after one warm-up request, and the
median and p95 are printed per case with the ratio of the medians.
Target: ratio <= 3x for every page.

    python benchmarks/web.py [--small 100] [--large 10000] [--rounds 20] [--keep DIR]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

from storyledger import api
from storyledger.ledger import Ledger
from storyledger.model import DocumentFacts
from storyledger.settings import Settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    *sorted((ROOT / "examples" / "ferry").glob("*.txt")),
    *sorted((ROOT.parent / "shared" / "data" / "stories" / "harbor-fire").glob("*.txt")),
]


def _retag(value: Any, old: str, new: str) -> Any:
    """Rewrite a document id everywhere inside a record tree (doc fields, local ids)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _retag(getattr(value, f.name), old, new) for f in dataclasses.fields(value)
        }
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple):
        return tuple(_retag(item, old, new) for item in value)
    if isinstance(value, str) and old in value:
        return value.replace(old, new)
    return value


def copy_facts(facts: DocumentFacts, n: int) -> DocumentFacts:
    """A copy of ``facts`` with one more line of text: a new sha256 and id, same offsets."""
    text = f"{facts.text}\n\n[synthetic copy {n}]"
    sha = hashlib.sha256(text.encode()).hexdigest()
    copy = _retag(dataclasses.replace(facts, text=text), facts.document.id, sha[:12])
    document = dataclasses.replace(copy.document, sha256=sha, chars=len(text))
    return dataclasses.replace(copy, document=document)


def build_case(path: Path, base: list[DocumentFacts], size: int) -> None:
    """Store ``size`` copies of the base articles in a new case at ``path``, then resolve."""
    started = time.perf_counter()
    with Ledger.open(path) as ledger:
        for n in range(size):
            ledger.add_facts(copy_facts(base[n % len(base)], n))
        stored = time.perf_counter()
        ledger.resolve()
    resolved = time.perf_counter()
    print(
        f"# built {size} articles in {stored - started:.1f}s, resolved in {resolved - stored:.1f}s",
        file=sys.stderr,
    )


def pages(client: TestClient) -> dict[str, str]:
    """The URLs to time: every page and its JSON twin, on records both cases share."""
    doc = client.get("/api/documents?limit=1").json()["documents"][0]["id"]
    entity = client.get("/api/entities?limit=1").json()["entities"][0]["id"]
    urls = {
        "overview": "/",
        "documents": "/documents",
        "documents (page 2)": "/documents?offset=50",
        "document view": f"/documents/{doc}",
        "entities": "/entities",
        "entity": f"/entities/{entity}",
        "timeline": "/timeline",
        "figures": "/figures",
        "claims": "/claims",
        "search": "/search?q=ferry",
    }
    twins = {
        "overview": "/api/overview",
        "documents": "/api/documents",
        "document view": f"/api/documents/{doc}",
        "entities": "/api/entities",
        "entity": f"/api/entities/{entity}",
        "timeline": "/api/timeline",
        "figures": "/api/figures",
        "claims": "/api/claims",
        "search": "/api/search?q=ferry",
    }
    return {**urls, **{f"{name} (api)": url for name, url in twins.items()}}


def time_pages(path: Path, rounds: int) -> tuple[dict[str, list[float]], dict[str, float]]:
    """RETURNS (tuple): page name → warm request times (s), and → the first request's time.

    The first request of a page after the case changed reads the whole case for
    the parts the app keeps (conflicts, timeline, entity, figures); later ones
    are served from what was kept, until the case changes again.
    """
    app = api_app(path)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        urls = pages(client)
        times: dict[str, list[float]] = {}
        first: dict[str, float] = {}
        for name, url in urls.items():
            started = time.perf_counter()
            assert client.get(url).status_code == 200, url
            first[name] = time.perf_counter() - started
            samples = []
            for _ in range(rounds):
                started = time.perf_counter()
                response = client.get(url)
                samples.append(time.perf_counter() - started)
                assert response.status_code == 200, url
            times[name] = samples
    return times, first


def api_app(path: Path) -> Any:
    """The web app over the case at ``path``."""
    from storyledger.web import create_app

    return create_app(str(path), settings=Settings())


def p95(samples: list[float]) -> float:
    """RETURNS (float): the 95th percentile (nearest rank)."""
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def report(
    sizes: tuple[int, int],
    small: tuple[dict[str, list[float]], dict[str, float]],
    large: tuple[dict[str, list[float]], dict[str, float]],
) -> None:
    """Print a Markdown table: first request, median and p95 per case, ratio of medians."""

    def ms(seconds: float) -> str:
        return f"{seconds * 1000:.1f}"

    a, b = small[0], large[0]
    head = "first ms | median ms | p95 ms"
    print(f"| page | {sizes[0]}: {head} | {sizes[1]}: {head} | ratio |")
    print("|---|---:|---:|---:|")
    worst = 0.0
    for name in a:
        ma, mb = statistics.median(a[name]), statistics.median(b[name])
        ratio = mb / ma
        worst = max(worst, ratio)
        flag = "" if ratio <= 3 else " ✗"
        print(
            f"| {name} | {ms(small[1][name])} / {ms(ma)} / {ms(p95(a[name]))} "
            f"| {ms(large[1][name])} / {ms(mb)} / {ms(p95(b[name]))} | {ratio:.2f}x{flag} |"
        )
    print(f"\nworst ratio of medians {worst:.2f}x (target <= 3x)")


def main() -> None:
    """Build (or reuse) both cases, time every page on each, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="keep the cases in DIR and reuse them")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="storyledger-web-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    paths = {size: folder / f"case-{size}.db" for size in (args.small, args.large)}
    if not all(p.exists() for p in paths.values()):
        base = list(api.iter_facts(SOURCES, settings=Settings()))
        for size, path in paths.items():
            if not path.exists():
                build_case(path, base, size)
    small = time_pages(paths[args.small], args.rounds)
    large = time_pages(paths[args.large], args.rounds)
    report((args.small, args.large), small, large)


if __name__ == "__main__":
    main()
