"""Add articles from the browser: several files at once, each checked against the size limit.

Files are written to a private temporary folder under a cleaned name (no
path from the browser is ever used) and added with ``api.add_to_case``, which
extracts, stores and re-resolves the case. ``upload.js`` sends one file per
request to show progress; the plain form sends them all at once.
"""

from __future__ import annotations

import re
import tempfile
import threading
from pathlib import Path, PurePosixPath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from storyledger import api
from storyledger.errors import Errors, InputError
from storyledger.ledger import Ledger
from storyledger.settings import Settings
from storyledger.web.rendering import ledger_of, render, settings_of
from storyledger.web.views.entities import require_csrf

router = APIRouter()

MAX_FILES = 50
FORM_OVERHEAD = 64 * 1024  # multipart headers and fields beside the files
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_ADD_LOCK = threading.Lock()  # one add (extract + re-resolve) at a time

UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}}
                    },
                }
            }
        },
    }
}


def safe_name(filename: str | None) -> str:
    """RETURNS (str): the file's base name with only safe characters (keeps the suffix)."""
    base = PurePosixPath((filename or "").replace("\\", "/")).name
    cleaned = _UNSAFE.sub("_", base).lstrip(".")[-100:]
    return cleaned or "upload.txt"


def check_length(request: Request, settings: Settings) -> None:
    """Refuse a body that cannot hold only files under the limit (413), before reading it."""
    length = request.headers.get("content-length", "")
    ceiling = settings.max_bytes * MAX_FILES + FORM_OVERHEAD
    if length.isdigit() and int(length) > ceiling:
        raise HTTPException(413, f"The upload is {int(length)} bytes; at most {ceiling} are read.")


async def save_uploads(
    files: list[UploadFile], settings: Settings, folder: Path
) -> tuple[list[Path], list[str]]:
    """Write each file under the limit to ``folder``; RETURNS the paths and the refusals."""
    paths: list[Path] = []
    refused: list[str] = []
    for i, upload in enumerate(files):
        name = safe_name(upload.filename)
        data = await upload.read(settings.max_bytes + 1)
        if len(data) > settings.max_bytes:
            size = upload.size if upload.size is not None else len(data)
            refused.append(Errors.E104.format(source=name, size=size, limit=settings.max_bytes))
            continue
        target = folder / str(i)
        target.mkdir()
        path = target / name
        path.write_bytes(data)
        paths.append(path)
    return paths, refused


def _add(
    ledger: Ledger, paths: list[Path], settings: Settings, folder: Path
) -> tuple[api.AddReport, list[str]]:
    """Add the saved files to the case; RETURNS the report and the unreadable files' errors.

    The case records each article as ``upload:<name>`` (the name the browser
    gave, cleaned), never the temporary path it was read from.
    """
    saved = re.compile(re.escape(str(folder)) + r"/\d+/")
    errors: list[str] = []

    def label(source: str) -> str:
        return saved.sub("upload:", source)

    def on_error(error: InputError) -> None:
        errors.append(label(error.message))

    with _ADD_LOCK:
        report = api.add_to_case(
            ledger, paths, settings=settings, on_error=on_error, source_label=label
        )
    return report, errors


async def add_files(request: Request, ledger: Ledger, settings: Settings) -> dict[str, Any]:
    """Read the multipart body, save, add; RETURNS {added, skipped, failed, refused, errors}."""
    check_length(request, settings)
    form = await request.form(max_files=MAX_FILES, max_fields=10)
    field = form.get("csrf_token")
    token = request.headers.get("x-csrf-token") or (field if isinstance(field, str) else None)
    require_csrf(request, token)
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
    if not files:
        raise HTTPException(400, "No files: choose one or more articles (.txt, .html, .jsonl).")
    with tempfile.TemporaryDirectory(prefix="storyledger-upload-") as folder:
        paths, refused = await save_uploads(files, settings, Path(folder))
        if not paths:
            raise HTTPException(413, " ".join(refused))
        report, errors = await run_in_threadpool(_add, ledger, paths, settings, Path(folder))
    return {
        "ok": not refused and not errors,
        "added": report.added,
        "skipped": report.skipped,
        "failed": report.failed + len(refused),
        "refused": refused,
        "errors": errors,
    }


@router.post("/api/add", tags=["add"], summary="Add articles", openapi_extra=UPLOAD_BODY)
async def api_add(
    request: Request,
    ledger: Annotated[Ledger, Depends(ledger_of)],
    settings: Annotated[Settings, Depends(settings_of)],
) -> dict[str, Any]:
    """Upload article files (``files``, several allowed; needs ``X-CSRF-Token``).
    Files over the size limit are refused with a message; the rest are added."""
    return await add_files(request, ledger, settings)


@router.get("/add", response_class=HTMLResponse, include_in_schema=False)
def add_page(request: Request, settings: Annotated[Settings, Depends(settings_of)]) -> HTMLResponse:
    """The upload form."""
    return render(request, "add.html", {"result": None, "max_bytes": settings.max_bytes})


@router.post("/add", response_class=HTMLResponse, include_in_schema=False)
async def add_form(
    request: Request,
    ledger: Annotated[Ledger, Depends(ledger_of)],
    settings: Annotated[Settings, Depends(settings_of)],
) -> HTMLResponse:
    """The upload form posted without script: every file in one request."""
    result = await add_files(request, ledger, settings)
    context = {"result": result, "max_bytes": settings.max_bytes}
    return render(request, "add.html", context)
