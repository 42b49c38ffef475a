"""Run the web app under uvicorn, on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterable

from storyledger.settings import Settings
from storyledger.web.security import ANY_ADDRESS

EXPOSED_WARNING = """\
WARNING: storyledger is listening on every network interface ({host}).
Anyone who can reach this machine can read the case and change it: there is no
login. Use it only on a network you trust, or bind 127.0.0.1 (the default)."""


def exposed_hosts(host: str) -> list[str]:
    """RETURNS (list[str]): names this machine answers to, for a server on every interface."""
    if host not in ANY_ADDRESS:
        return []
    name = socket.gethostname()
    return [name, socket.getfqdn(name)]


def serve(
    location: str,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    allow_hosts: Iterable[str] = (),
    settings: Settings | None = None,
) -> None:
    """Serve the case at ``location`` until interrupted.

    location (str): an SQLite path or a ``postgresql://`` URL.
    host (str): address to bind; ``0.0.0.0`` exposes the case and prints a warning.
    port (int): TCP port.
    allow_hosts (Iterable[str]): extra Host names to accept (e.g. a LAN name).
    """
    import uvicorn

    from storyledger.web.app import create_app

    if host in ANY_ADDRESS:
        print(EXPOSED_WARNING.format(host=host or "0.0.0.0"), file=sys.stderr)
    hosts = [*allow_hosts, *exposed_hosts(host)]
    app = create_app(location, host=host, allow_hosts=hosts, settings=settings)
    print(f"storyledger: serving {location} at http://{_url_host(host)}:{port}/", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _url_host(host: str) -> str:
    """RETURNS (str): how to write ``host`` in a URL to open it locally."""
    if host in ANY_ADDRESS:
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host
