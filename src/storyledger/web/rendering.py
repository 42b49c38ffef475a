"""Templates and the request helpers every view shares.

Templates autoescape everything; no view or template marks article text as
safe. Links into the document view are built in one place
(:func:`sentence_url`), so every fact links to its exact sentence the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from storyledger.ledger import Ledger
from storyledger.settings import Settings
from storyledger.web.cache import CaseCache
from storyledger.web.paging import Page
from storyledger.web.security import Csrf, set_csrf_cookie

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

NAV = (
    ("/", "Overview"),
    ("/timeline", "Timeline"),
    ("/entities", "Entities"),
    ("/figures", "Figures"),
    ("/claims", "Who said what"),
    ("/documents", "Documents"),
    ("/search", "Search"),
    ("/add", "Add articles"),
)


def sentence_url(
    doc: str, sentence: int | None = None, start: int | None = None, end: int | None = None
) -> str:
    """RETURNS (str): the document view at a sentence, flagging ``start``-``end``."""
    url = f"/documents/{quote(doc, safe='')}"
    if start is not None and end is not None:
        url += f"?mark={int(start)}-{int(end)}"
    if sentence is not None:
        url += f"#s{int(sentence)}"
    return url


def entity_url(entity_id: str) -> str:
    """RETURNS (str): a case entity's page."""
    return f"/entities/{quote(entity_id, safe='')}"


def with_query(path: str, **params: Any) -> str:
    """RETURNS (str): ``path`` with the params that are not None or empty."""
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{path}?{urlencode(kept)}" if kept else path


def page_url(request: Request, offset: int) -> str:
    """RETURNS (str): this request's URL with another ``offset``, for pagers."""
    return str(request.url.include_query_params(offset=offset))


def number(value: Any) -> str:
    """RETURNS (str): a quantity value without a needless ``.0``; thousands separated."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.6g}"


def web_url(url: str | None) -> str | None:
    """RETURNS (str | None): ``url`` when it is http(s); never a ``javascript:`` link."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def sides(conflict: dict[str, Any], per_value: int = 3) -> list[dict[str, Any]]:
    """A conflict's values side by side: one column per distinct value, a few sources each.

    RETURNS (list[dict]): {value, text, sources (the first ``per_value``), more (int)}.
    """
    columns: dict[str, dict[str, Any]] = {}
    for source in conflict["values"]:
        key = repr(source["value"])
        column = columns.setdefault(
            key, {"value": source["value"], "text": source["text"], "sources": [], "more": 0}
        )
        if len(column["sources"]) < per_value:
            column["sources"].append(source)
        else:
            column["more"] += 1
    return list(columns.values())


def make_templates() -> Jinja2Templates:
    """The template set, autoescaping every file, with the URL helpers as globals."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        NAV=NAV,
        sentence_url=sentence_url,
        entity_url=entity_url,
        with_query=with_query,
        page_url=page_url,
    )
    env.filters["number"] = number
    env.filters["web_url"] = web_url
    return Jinja2Templates(env=env)


def ledger_of(request: Request) -> Ledger:
    """FastAPI dependency: the app's open case."""
    ledger: Ledger = request.app.state.ledger
    return ledger


def cache_of(request: Request) -> CaseCache:
    """FastAPI dependency: the app's cache of whole-case reads."""
    cache: CaseCache = request.app.state.cache
    return cache


def settings_of(request: Request) -> Settings:
    """FastAPI dependency: the app's settings (size limit for uploads)."""
    settings: Settings = request.app.state.settings
    return settings


def render(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """Render a page with the CSRF token its forms need (set as a cookie when new)."""
    csrf: Csrf = request.app.state.csrf
    token = csrf.token_for(request)
    templates: Jinja2Templates = request.app.state.templates
    base = {"csrf_token": token, "path": request.url.path, "location": ledger_of(request).location}
    response = templates.TemplateResponse(
        request, template, {**base, **context}, status_code=status_code
    )
    if request.cookies.get("sl_csrf") != token:
        set_csrf_cookie(response, token)
    return response


def listing(key: str, page: Page, **extra: Any) -> dict[str, Any]:
    """RETURNS (dict): a JSON twin: ``{schema, <key>: [...], page: {...}, ...}``."""
    return {"schema": "storyledger/1", key: page.items, "page": page.meta(), **extra}
