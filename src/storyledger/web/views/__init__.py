"""One module per page; each has an HTML route and its JSON twin under /api/."""

from __future__ import annotations

from fastapi import APIRouter

from storyledger.web.views import (
    claims,
    documents,
    entities,
    figures,
    overview,
    search,
    timeline,
    upload,
)

ROUTERS: tuple[APIRouter, ...] = (
    overview.router,
    documents.router,
    entities.router,
    timeline.router,
    figures.router,
    claims.router,
    search.router,
    upload.router,
)
