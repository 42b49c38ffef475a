"""The ``storyledger`` command: click commands only; the work is done in ``api``.

Errors a user can fix (a missing file, a bad option, a model not installed)
are printed as one line on standard error, ``Error: [E101] ...``, never as a
traceback. Exit codes: 0 success, 1 an input could not be read, 2 a usage
or configuration error.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import click

from storyledger import __version__, api
from storyledger.cli_case import COMMANDS
from storyledger.errors import ConfigError, InputError, StoryledgerError
from storyledger.export import print_tables, to_json
from storyledger.ingest.published import parse_published
from storyledger.settings import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_MAX_BYTES,
    DEFAULT_MODEL,
    settings_from_env,
)
from storyledger.web.command import serve


class InputFailure(click.ClickException):
    """An ``InputError`` shown the click way: ``Error: [E1xx] ...``, exit code 1."""

    exit_code = InputError.exit_code


class ConfigFailure(click.ClickException):
    """A ``ConfigError`` shown the click way: ``Error: [E2xx] ...``, exit code 2."""

    exit_code = ConfigError.exit_code


class StoryledgerGroup(click.Group):
    """A group that turns storyledger's own errors into one-line messages."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; storyledger's errors become one-line click errors."""
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            raise ConfigFailure(exc.message) from exc
        except StoryledgerError as exc:
            raise InputFailure(exc.message) from exc


def _published_option(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> date | None:
    """Parse ``--published``; a bad date is a usage error (exit 2)."""
    if value is None:
        return None
    try:
        return parse_published(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r}: {exc} (YYYY-MM-DD)") from exc


@click.group(cls=StoryledgerGroup)
@click.version_option(__version__, "--version", prog_name="storyledger")
def cli() -> None:
    """Turn news articles about one developing story into a sourced case file.

    Build a case from articles with `add`, then ask it: `summary`, `entities`,
    `timeline`, `quantities`, `claims`, `conflicts`, `search`, `show`; fix a
    merge with `merge`/`split`; share it with `export` or `serve`. The case is
    ./storyledger.db unless --case (SQLite) or --db (PostgreSQL) says otherwise.

    \b
    Examples:
        storyledger add articles/ --case story.db
        storyledger conflicts --case story.db
        storyledger show tomas-brekke --case story.db
        storyledger export --format html -o story.html --case story.db
        storyledger extract article.txt --format table   (one article, no case)
    """


@cli.command()
@click.argument("articles", nargs=-1, required=True, metavar="ARTICLE...")
@click.option(
    "--published",
    callback=_published_option,
    metavar="YYYY-MM-DD",
    help="Publication date for every article, overriding their own. "
    "Relative dates ('on Tuesday') are resolved against it.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "table"]),
    default="json",
    show_default=True,
    help="json: one storyledger/1 document; table: readable tables, one per list.",
)
@click.option(
    "--model",
    metavar="NAME",
    help=f"spaCy pipeline to use [default: $STORYLEDGER_MODEL or {DEFAULT_MODEL}].",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    metavar="N",
    help=f"Refuse files (and JSON Lines lines) over N bytes [default: {DEFAULT_MAX_BYTES}].",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    metavar="N",
    help=f"Articles per spaCy batch; smaller uses less memory [default: {DEFAULT_BATCH_SIZE}].",
)
def extract(
    articles: tuple[str, ...],
    published: date | None,
    output_format: str,
    model: str | None,
    max_bytes: int | None,
    batch_size: int | None,
) -> None:
    """Extract entities, dates, quantities, claims and events from ARTICLE files.

    An ARTICLE is a plain-text file (with an optional header of Title:,
    Outlet:, Published:, URL: and Language: lines ended by a blank line),
    an HTML page (.html, .htm), or a JSON Lines file (.jsonl, .jsonl.gz) with
    one {"text": ..., "published": ...} object per line. "-" reads standard
    input. An article that cannot be read is reported on stderr and the
    others are still extracted; the exit code is then 1.

    \b
    Example:
        storyledger extract fire-day1.txt fire-day2.html --published 2024-10-08
        cat wire.jsonl | storyledger extract - --format table
    """
    settings = settings_from_env(model=model, max_bytes=max_bytes, batch_size=batch_size)
    errors: list[InputError] = []

    def on_error(error: InputError) -> None:
        errors.append(error)
        click.echo(f"Error: {error}", err=True)

    def on_warning(message: str) -> None:
        click.echo(f"Warning: {message}", err=True)

    result = api.extract_files(
        articles,
        published=published,
        settings=settings,
        on_error=on_error,
        on_warning=on_warning,
    )
    if result.documents or not errors:
        if output_format == "table":
            print_tables(result)
        else:
            click.echo(to_json(result))
    if errors:
        click.get_current_context().exit(InputError.exit_code)


@cli.command(name="eval")
@click.argument("data", nargs=-1, metavar="[DATA]...")
@click.option(
    "--features",
    metavar="LIST",
    help="Comma-separated features to score, e.g. times,quantities [default: all].",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "md"]),
    default="table",
    show_default=True,
    help="table: readable; json: machine-readable; md: the docs/accuracy.md page.",
)
@click.option(
    "--peers/--no-peers",
    default=True,
    show_default=True,
    help="Also score the peer libraries (dateparser, quantulum3, textacy, raw spaCy).",
)
def eval_command(
    data: tuple[str, ...], features: str | None, output_format: str, peers: bool
) -> None:
    """Measure storyledger's accuracy against gold data, beside its peers.

    DATA is a story directory with a gold.json, a JSON Lines gold file
    (MEANTIME, GUM), or a folder holding them; by default everything under
    ../shared/data beside the repository. Peers need the eval extra:
    pip install "storyledger[eval]".

    \b
    Example:
        storyledger eval ../shared/data/stories/harbor-fire --features times,quotes
        storyledger eval --format md > docs/accuracy.md
    """
    chosen = [f.strip() for f in features.split(",") if f.strip()] if features else None
    if chosen:
        from storyledger.eval.features import FEATURES

        unknown = sorted(set(chosen) - set(FEATURES))
        if unknown:
            raise click.BadParameter(
                f"unknown feature(s) {', '.join(unknown)}; choose from {', '.join(FEATURES)}",
                param_hint="--features",
            )
    report = api.evaluate(data or None, chosen, peers=peers)
    if output_format == "md":
        click.echo(report.to_markdown(), nl=False)
    elif output_format == "json":
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(report.to_table(), nl=False)
    if report.peers_missing:
        click.echo(
            f"Warning: peers not installed ({', '.join(report.peers_missing)}): "
            'pip install "storyledger[eval]"',
            err=True,
        )


for _command in (*COMMANDS, serve):
    cli.add_command(_command)


def main() -> None:
    """Console entry point (``storyledger``); click ends quietly on a closed pipe."""
    cli(prog_name="storyledger")
