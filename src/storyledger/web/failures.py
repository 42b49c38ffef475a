"""Error responses: one JSON shape under /api/, one page elsewhere, never a traceback.

A user's mistake (bad search syntax, unknown entity, file too big) gets its
coded one-line message and a 4xx status; anything else a 500 that says where
to look, with the details in the server log.
"""

from __future__ import annotations

import logging
import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from storyledger.errors import ConfigError, InputError, StoryledgerError
from storyledger.web.rendering import render

log = logging.getLogger("storyledger.web")

# Store codes a user causes: unknown document/entity, bad or empty search query.
NOT_FOUND_CODES = {"E407", "E412"}
BAD_REQUEST_CODES = {"E406", "E411"}
_CODE = re.compile(r"^\[(E\d{3})\]")


def status_for(error: StoryledgerError) -> int:
    """RETURNS (int): the HTTP status for a storyledger error, by its code."""
    match = _CODE.match(error.message)
    code = match.group(1) if match else ""
    if code in NOT_FOUND_CODES:
        return 404
    if code in BAD_REQUEST_CODES or isinstance(error, InputError | ConfigError):
        return 400
    return 500


def error_response(request: Request, status: int, message: str) -> Response:
    """``{"ok": false, "error", "status"}`` for the API, the error page for a browser."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status)
    return render(request, "error.html", {"status": status, "message": message}, status)


def _validation_message(exc: RequestValidationError) -> str:
    """RETURNS (str): '[parameter] problem' for each bad parameter, on one line."""
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "body"))
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return "Invalid request: " + "; ".join(parts)


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""

    @app.exception_handler(StoryledgerError)
    async def storyledger_error(request: Request, exc: StoryledgerError) -> Response:
        status = status_for(exc)
        if status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc.message)
        return error_response(request, status, exc.message)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return error_response(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 400, _validation_message(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("%s %s failed", request.method, request.url.path)
        message = f"Internal error ({type(exc).__name__}); the server log has the details."
        return error_response(request, 500, message)
