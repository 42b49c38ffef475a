"""``storyledger serve``: the click command (registered in ``storyledger.cli``)."""

from __future__ import annotations

import click

from storyledger.cli_case import case_options
from storyledger.settings import DEFAULT_MAX_BYTES, settings_from_env


@click.command()
@case_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Also accept requests naming this host (e.g. a LAN name with --host 0.0.0.0).",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    metavar="N",
    help=f"Refuse uploaded files over N bytes [default: {DEFAULT_MAX_BYTES}].",
)
def serve(
    location: str,
    host: str,
    port: int,
    allow_hosts: tuple[str, ...],
    max_bytes: int | None,
) -> None:
    """Explore, check and correct a case in the browser.

    Binds 127.0.0.1 (this machine only) unless --host says otherwise; every
    page has a JSON twin under /api/, described at /docs. A new case file is
    created when missing, ready for articles added from the browser.

    \b
    Example:
        storyledger serve --case harbor.db
        storyledger serve --db postgresql://me@localhost/harbor --port 8080
    """
    from storyledger.web.server import serve as run_server

    settings = settings_from_env(max_bytes=max_bytes)
    run_server(location, host, port, allow_hosts=allow_hosts, settings=settings)
