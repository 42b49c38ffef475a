"""The web app: ``create_app(location)`` builds it around one open case.

::

    from storyledger.web import create_app
    app = create_app("harbor.db")          # then: uvicorn, or TestClient(app)

Pages are rendered on the server (Jinja2, autoescaped); each has a JSON twin
under ``/api/`` and the API is described at ``/docs`` (Swagger UI served from
the installed ``swagger-ui-bundle-v2`` package, never from a CDN).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from storyledger import __version__
from storyledger.ledger import Ledger
from storyledger.settings import Settings, settings_from_env
from storyledger.web import failures
from storyledger.web.cache import CaseCache
from storyledger.web.rendering import STATIC, make_templates
from storyledger.web.security import Csrf, HostGuard, SecurityHeaders, allowed_hosts
from storyledger.web.views import ROUTERS

SWAGGER_STATIC = "/static-swagger"


def _mount_docs(app: FastAPI) -> None:
    """Swagger UI at /docs from the installed swagger-ui-bundle-v2 files."""
    from swagger_ui_bundle import swagger_ui_path

    app.mount(SWAGGER_STATIC, StaticFiles(directory=swagger_ui_path), name="swagger")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="storyledger API",
            swagger_js_url=f"{SWAGGER_STATIC}/swagger-ui-bundle.js",
            swagger_css_url=f"{SWAGGER_STATIC}/swagger-ui.css",
            swagger_favicon_url=f"{SWAGGER_STATIC}/favicon-32x32.png",
        )


def create_app(
    location: str,
    *,
    host: str = "127.0.0.1",
    allow_hosts: Iterable[str] = (),
    settings: Settings | None = None,
) -> FastAPI:
    """Open the case at ``location`` and build the app around it.

    location (str): an SQLite path or a ``postgresql://`` URL (``Ledger.open``).
    host (str): the address the server binds; requests must name it or localhost.
    allow_hosts (Iterable[str]): further host names to accept (``*``: any).
    settings (Settings | None): upload size limit and extraction options;
        from the environment when None.
    RETURNS (FastAPI): the app; the case closes when the app shuts down.
    RAISES (StoreError): the case cannot be opened.
    """
    ledger = Ledger.open(location)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        ledger.close()

    app = FastAPI(
        title="storyledger",
        version=__version__,
        summary="A sourced case file of one developing news story.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.ledger = ledger
    app.state.cache = CaseCache(ledger)
    app.state.settings = settings or settings_from_env()
    app.state.csrf = Csrf()
    app.state.templates = make_templates()
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _mount_docs(app)
    for router in ROUTERS:
        app.include_router(router)
    failures.install(app)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HostGuard, hosts=allowed_hosts(host, allow_hosts))
    return app
