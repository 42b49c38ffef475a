"""The web UI: ``storyledger serve`` opens a case in the browser.

``create_app(location)`` builds the FastAPI app; ``serve(location)`` runs it
under uvicorn on 127.0.0.1. See ``docs/web.md``.
"""

from __future__ import annotations

from storyledger.web.app import create_app
from storyledger.web.server import serve

__all__ = ["create_app", "serve"]
