"""The case commands: ``add``, the listings, ``search``, ``show``, ``merge``, ``split``, ``export``.

Each parses its options, calls :mod:`storyledger.api` or the
:class:`~storyledger.ledger.Ledger`, and prints. The case is ``--case PATH``
(default ``./storyledger.db``, or ``$STORYLEDGER_CASE``) or ``--db URL`` for
PostgreSQL.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from storyledger import api
from storyledger.errors import InputError
from storyledger.export.listing import emit
from storyledger.ledger import Ledger
from storyledger.settings import settings_from_env
from storyledger.store.errors import StoreError, StoreErrors

DEFAULT_CASE = "storyledger.db"
F = TypeVar("F", bound=Callable[..., Any])
_err = Console(stderr=True)


def case_options(func: F) -> F:
    """``--case PATH`` / ``--db URL``: which case a command works on."""

    @click.option(
        "--case",
        "case_path",
        metavar="PATH",
        envvar="STORYLEDGER_CASE",
        help=f"SQLite case file [default: ./{DEFAULT_CASE}; env STORYLEDGER_CASE].",
    )
    @click.option(
        "--db",
        "db_url",
        metavar="URL",
        envvar="STORYLEDGER_DB",
        help="PostgreSQL case instead: postgresql://user@host/dbname [env STORYLEDGER_DB].",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, case_path: str | None, db_url: str | None, **kwargs: Any) -> Any:
        if case_path and db_url:
            raise click.UsageError("give --case or --db, not both")
        return func(*args, location=db_url or case_path or DEFAULT_CASE, **kwargs)

    return wrapper  # type: ignore[return-value]


def format_option(func: F) -> F:
    """``--format table|json|csv`` for every listing."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["table", "json", "csv"]),
        default="table",
        show_default=True,
        help="table: readable; json: storyledger/1; csv: one row per record.",
    )(func)


@contextmanager
def opened(location: str, *, must_exist: bool = True) -> Iterator[Ledger]:
    """Open the case; reading commands refuse to create an empty one by mistake."""
    if must_exist and "://" not in location and not Path(location).exists():
        raise StoreError(StoreErrors.E416.format(target=location))
    ledger = api.open_case(location)
    try:
        yield ledger
    finally:
        ledger.close()


def _echo_listing(name: str, rows: list[dict[str, Any]], fmt: str, columns: Any) -> None:
    text = emit(name, rows, fmt, columns)
    if text is not None:
        click.echo(text, nl=not text.endswith("\n"))


# -- add -----------------------------------------------------------------------------


@click.command()
@click.argument("articles", nargs=-1, required=True, metavar="FILE|DIR|-...")
@case_options
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date for every article.")
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Extraction processes; 0: one per CPU core when there are 64+ new articles.",
)
@click.option(
    "--dask",
    metavar="ADDRESS",
    help='Extract on Dask: "local" or tcp://HOST:8786 (pip install "storyledger[scale]").',
)
@click.option("--model", metavar="NAME", help="spaCy pipeline [env STORYLEDGER_MODEL].")
@click.option(
    "--max-bytes", type=click.IntRange(min=1), metavar="N", help="Size limit per article."
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
def add(
    articles: tuple[str, ...],
    location: str,
    published: str | None,
    workers: int,
    dask: str | None,
    model: str | None,
    max_bytes: int | None,
    quiet: bool,
) -> None:
    """Add articles to a case: extract, store, and re-resolve the whole case.

    Takes text files (with an optional Title:/Outlet:/Published: header),
    HTML pages, JSON Lines files (.jsonl, .jsonl.gz) and directories of them;
    "-" reads standard input. An article already in the case is skipped, so
    running the same command again after an interruption resumes where it
    stopped. Unreadable articles are reported and the others are added
    (exit code 1 then). Prints the case summary at the end.

    \b
    Examples:
        storyledger add examples/ferry --case ferry.db
        storyledger add wire-2024-10.jsonl.gz --db postgresql://localhost/newsroom
    """
    settings = settings_from_env(model=model, max_bytes=max_bytes)
    errors: list[InputError] = []

    def on_error(error: InputError) -> None:
        errors.append(error)
        _err.print(f"Error: {error}", markup=False, highlight=False)

    def on_warning(message: str) -> None:
        _err.print(f"Warning: {message}", markup=False, highlight=False)

    with opened(location, must_exist=False) as ledger, _progress(quiet) as advance:
        report = api.add_to_case(
            ledger,
            articles,
            published=published,
            settings=settings,
            on_error=on_error,
            on_warning=on_warning,
            progress=advance,
            workers=workers,
            dask=dask,
        )
        if not quiet:
            click.echo(
                f"Added {report.added} article(s), skipped {report.skipped} already in the "
                f"case, {report.failed} failed."
            )
            print_summary(api.case_summary(ledger))
    if errors:
        click.get_current_context().exit(InputError.exit_code)


@contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[Any], None]]:
    if quiet:
        yield lambda _facts: None
        return
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed} articles"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=_err, transient=True) as progress:
        task = progress.add_task("Extracting", total=None)
        yield lambda _facts: progress.advance(task)


def print_summary(summary: dict[str, Any]) -> None:
    """Print a case summary (``api.case_summary``) for a reader."""
    console = Console()
    dates = summary["published"]
    span = f", published {dates['from']} to {dates['to']}" if dates else ""
    console.print(f"[bold]Case[/bold] {summary['case']}: {summary['documents']} documents{span}")
    if summary["outlets"]:
        console.print("Outlets: " + ", ".join(summary["outlets"]), markup=False)
    counts = ", ".join(f"{n} {name}" for name, n in summary["counts"].items())
    console.print(f"Records: {counts}", markup=False)
    emit("entities", summary["top_entities"], "table", _ENTITY_COLUMNS, console)
    emit("conflicts", _conflict_rows(summary["conflicts"]), "table", _CONFLICT_COLUMNS, console)


@click.command()
@case_options
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table")
def summary(location: str, output_format: str) -> None:
    """Show a case at a glance: documents, outlets, counts, top entities, conflicts."""
    with opened(location) as ledger:
        result = api.case_summary(ledger)
    if output_format == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print_summary(result)


# -- listings -------------------------------------------------------------------------

_ENTITY_COLUMNS = (("id", 30), ("type", 8), ("name", 30), ("aliases", 40), ("mentions", 8))
_CONFLICT_COLUMNS = (("id", 5), ("kind", 12), ("severity", 8), ("topic", 40), ("sides", 90))


def _conflict_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    shown = []
    for row in rows:
        sides = [
            f"{v['value']} ({v['outlet'] or v['doc']}, {v['published'] or 'undated'})"
            for v in row["values"]
        ]
        shown.append({**row, "sides": " | ".join(dict.fromkeys(sides))})
    return shown


@click.command()
@case_options
@format_option
@click.option("--type", "entity_type", metavar="TYPE", help="PERSON, ORG, GPE, LOC, FAC, ...")
@click.option("--limit", type=click.IntRange(min=1), help="Show at most N entities.")
def entities(location: str, output_format: str, entity_type: str | None, limit: int | None) -> None:
    """List the case's entities, most mentioned first, with their aliases.

    \b
    Example:
        storyledger entities --type PERSON --format csv > people.csv
    """
    with opened(location) as ledger:
        rows = ledger.case_entities(type=entity_type, limit=limit)
    _echo_listing("entities", rows, output_format, _ENTITY_COLUMNS)


@click.command()
@case_options
@format_option
@click.option("--entity", metavar="ID", help="Only entries involving this entity.")
@click.option("--from", "date_from", metavar="DATE", help="From this ISO date or prefix (2024-10).")
@click.option("--to", "date_to", metavar="DATE", help="Up to this ISO date or prefix, inclusive.")
def timeline(
    location: str,
    output_format: str,
    entity: str | None,
    date_from: str | None,
    date_to: str | None,
) -> None:
    """Show the case timeline: what happened when, and who reported it.

    Events reported by several articles appear once, with every source.
    """
    with opened(location) as ledger:
        if entity:
            ledger.entity(entity)  # unknown id: E412
        rows = ledger.timeline(entity=entity, date_from=date_from, date_to=date_to)
    if output_format == "table":
        rows = [
            {**r, "reported by": sorted({s["outlet"] or s["doc"] for s in r["sources"]})}
            for r in rows
        ]
    columns = (("date", 16), ("summary", 80), ("reported by", 40))
    _echo_listing("timeline", rows, output_format, columns)


@click.command()
@case_options
@format_option
@click.option("--counts", metavar="NOUN", help='Only figures counting NOUN, e.g. "firefighters".')
def quantities(location: str, output_format: str, counts: str | None) -> None:
    """List the figures in the case: value, unit, what they count, where."""
    with opened(location) as ledger:
        rows = ledger.quantities(counts=counts)
    columns = (("value", 12), ("unit", 8), ("counts", 20), ("text", 40), ("doc", 12))
    _echo_listing("quantities", rows, output_format, columns)


@click.command()
@case_options
@format_option
@click.option("--speaker", metavar="ID", help="Only claims by this entity.")
@click.option(
    "--certainty",
    type=click.Choice(["asserted", "hedged", "question", "denied"]),
    help="Only claims of this certainty.",
)
@click.option("--kind", type=click.Choice(["quote", "reported", "narrative"]))
def claims(
    location: str,
    output_format: str,
    speaker: str | None,
    certainty: str | None,
    kind: str | None,
) -> None:
    """List who said what: quotes, reported statements, and how certain each is."""
    with opened(location) as ledger:
        if speaker:
            ledger.entity(speaker)
        rows = ledger.claims(speaker=speaker, certainty=certainty)
    if kind:
        rows = [r for r in rows if r["kind"] == kind]
    columns = (("kind", 9), ("certainty", 9), ("speaker_text", 20), ("text", 70), ("doc", 12))
    _echo_listing("claims", rows, output_format, columns)


@click.command()
@case_options
@format_option
@click.option(
    "--kind",
    type=click.Choice(["disagreement", "correction", "update", "attribution"]),
    help="Only conflicts of this kind.",
)
def conflicts(location: str, output_format: str, kind: str | None) -> None:
    """The conflict ledger: where sources give different figures, dates or speakers.

    Hard conflicts cannot both be true; soft ones may be ("about 100" and
    "104"). A disagreement is two sources each stating a value the other does
    not; a correction is an outlet changing its own figure, or a time of day
    in a correction note ("an earlier version of this article said ..."); an
    update is a count moving the way such counts move as the story goes on (a
    death toll rising, the missing falling), listed oldest report first.

    \b
    Examples:
        storyledger conflicts --case story.db
        storyledger conflicts --kind disagreement --format json --case story.db
    """
    with opened(location) as ledger:
        rows = ledger.conflicts(kind=kind)
    if output_format == "table":
        rows = _conflict_rows(rows)
    _echo_listing("conflicts", rows, output_format, _CONFLICT_COLUMNS)


@click.command()
@click.argument("query")
@case_options
@format_option
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
def search(location: str, query: str, output_format: str, limit: int) -> None:
    """Full-text search over every sentence of the case.

    \b
    QUERY syntax: words (all must match), "exact phrases", OR, NOT, prefix*.
    Examples:
        storyledger search '"night shift" OR forklift'
        storyledger search 'insurer NOT Halcyon' --format json
    """
    with opened(location) as ledger:
        rows = ledger.search(query, limit=limit)
    columns = (("outlet", 20), ("published", 10), ("doc", 12), ("sentence", 4), ("snippet", 90))
    _echo_listing("hits", rows, output_format, columns)


@click.command()
@click.argument("ident", metavar="ENTITY_ID|DOC_ID")
@case_options
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table")
def show(location: str, ident: str, output_format: str) -> None:
    """Everything known about one entity (aliases, why merged, mentions) or document."""
    with opened(location) as ledger:
        try:
            record = ledger.entity(ident)
            kind = "entity"
        except StoreError as exc:
            if "[E412]" not in str(exc):
                raise
            try:
                record = ledger.document(ident)
            except StoreError:
                message = StoreErrors.E417.format(ident=ident, target=ledger.location)
                raise StoreError(message) from None
            kind = "document"
            record["entities"] = ledger.load_facts(record["id"]).to_dict()["entities"]
    if output_format == "json":
        click.echo(
            json.dumps({"schema": "storyledger/1", kind: record}, indent=2, ensure_ascii=False)
        )
    elif kind == "entity":
        _print_entity(record)
    else:
        _print_document(record)


def _print_entity(record: dict[str, Any]) -> None:
    console = Console()
    console.print(f"[bold]{record['id']}[/bold] {record['type']}: ", end="")
    console.print(record["name"], markup=False)
    console.print("Aliases: " + (", ".join(record["aliases"]) or "none"), markup=False)
    for reason in record["merged_because"]:
        console.print(f"  merged because {reason}", markup=False)
    rows = [{**m, "where": f"{m['doc']}:{m['start']}-{m['end']}"} for m in record["mentions"]]
    emit("mentions", rows, "table", (("text", 40), ("where", 30), ("sentence", 8)), console)


def _print_document(record: dict[str, Any]) -> None:
    console = Console()
    console.print(f"[bold]{record['id']}[/bold] ", end="")
    console.print(
        f"{record['title'] or '(untitled)'} — {record['outlet'] or 'unknown outlet'}, "
        f"{record['published'] or 'undated'}",
        markup=False,
    )
    console.print(record["text"], markup=False, highlight=False)


@click.command()
@case_options
def resolve(location: str) -> None:
    """Re-resolve the whole case from its stored articles (a full pass).

    `add` resolves only what new articles touch, wherever that gives the same
    case as a full pass; run this after upgrading storyledger, or to check.
    Nothing is parsed again.

    \b
    Example:
        storyledger resolve --case ferry.db
    """
    with opened(location) as ledger:
        counts = api.resolve_case(ledger)
    click.echo(
        f"Resolved: {counts['entities']} entities, {counts['timeline']} timeline entries, "
        f"{counts['conflicts']} conflicts."
    )


@click.command()
@click.argument("entity_ids", nargs=-1, required=True, metavar="ID ID...")
@case_options
def merge(location: str, entity_ids: tuple[str, ...]) -> None:
    """Merge entities that are one (a user correction kept across re-resolution).

    \b
    Example:
        storyledger merge maraven-courier courier
    """
    with opened(location) as ledger:
        merged = api.merge_entities(ledger, entity_ids)
    click.echo(f"Merged into {merged}.")


@click.command()
@click.argument("entity_id", metavar="ID")
@click.argument("name")
@case_options
def split(location: str, entity_id: str, name: str) -> None:
    """Split the mentions called NAME off entity ID (kept across re-resolution).

    \b
    Example:
        storyledger split tomas-brekke "Breke"
    """
    with opened(location) as ledger:
        new_id = api.split_entity(ledger, entity_id, name)
    click.echo(f"Split {name!r} off {entity_id} as {new_id}.")


@click.command()
@case_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "csv", "md", "html", "ftm"]),
    default="json",
    show_default=True,
    help="json: storyledger/1; csv: a folder of tables; md/html: a report; ftm: FollowTheMoney.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File (or folder for csv).")
def export(location: str, output_format: str, output: Path | None) -> None:
    """Export the whole case: JSON, CSV tables, a Markdown or HTML report, or FtM entities.

    \b
    Examples:
        storyledger export --format html -o report.html
        storyledger export --format csv -o case-tables/
        storyledger export --format ftm > entities.ftm.json
    """
    from storyledger.export.case import export_case

    if output_format == "csv" and output is None:
        raise click.UsageError("--format csv writes one file per table: give -o FOLDER")
    with opened(location) as ledger:
        text = export_case(ledger, output_format, output)
    if text is not None:
        click.echo(text, nl=not text.endswith("\n"))
    elif output is not None:
        click.echo(f"Wrote {output}", err=True)


COMMANDS = (
    add,
    summary,
    entities,
    timeline,
    quantities,
    claims,
    conflicts,
    search,
    show,
    merge,
    split,
    resolve,
    export,
)
