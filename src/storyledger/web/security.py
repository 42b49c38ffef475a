"""Guards for a local web app that reads untrusted articles.

- **Host check** (DNS rebinding): a page on another site can point its own
  domain at 127.0.0.1 and read the case through the reporter's browser; the
  app refuses any ``Host`` header that is not the bound address or localhost.
- **CSRF**: every POST carries a token that must equal the ``sl_csrf`` cookie
  (double submit) and be signed with this server's secret; a cross-site form
  can send the cookie but cannot read it to copy it into the form.
- **Headers**: a strict Content-Security-Policy (scripts only from our own
  static files), no sniffing, no framing, no referrer.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_COOKIE = "sl_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
ANY_ADDRESS = ("0.0.0.0", "::", "")

PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
# Swagger UI (/docs) starts itself with one inline script.
DOCS_POLICY = PAGE_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
DOCS_POLICY = DOCS_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


def host_name(host_header: str) -> str:
    """RETURNS (str): the host of a ``Host`` header, without port or IPv6 brackets."""
    value = host_header.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def allowed_hosts(bound: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """The host names a request may name: localhost, the bound address, ``extra``."""
    names = {*LOCAL_HOSTS, *(h.lower() for h in extra)}
    if bound not in ANY_ADDRESS:
        names.add(bound.lower())
    return frozenset(names)


class HostGuard:
    """ASGI middleware: 400 for a request whose Host is not allowed."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str]) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass allowed requests on; answer others with a one-line refusal."""
        if scope["type"] in ("http", "websocket"):
            host = host_name(Headers(scope=scope).get("host", ""))
            if host not in self.hosts and "*" not in self.hosts:
                message = (
                    f"Host {host!r} is not allowed: open this app as http://127.0.0.1 "
                    "or http://localhost, or start it with --allow-host NAME."
                )
                await PlainTextResponse(message, status_code=400)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class SecurityHeaders:
    """ASGI middleware: CSP and the other protective headers on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add the headers as the response starts."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = DOCS_POLICY if scope["path"] == "/docs" else PAGE_POLICY

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                headers += [
                    (b"content-security-policy", policy.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"no-referrer"),
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class Csrf:
    """Signed double-submit tokens: ``nonce.signature`` under a per-server secret."""

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)

    def _sign(self, nonce: str) -> str:
        return hmac.new(self._secret, nonce.encode(), hashlib.sha256).hexdigest()

    def new_token(self) -> str:
        """RETURNS (str): a fresh token for the cookie and the forms."""
        nonce = secrets.token_hex(16)
        return f"{nonce}.{self._sign(nonce)}"

    def is_valid(self, token: str | None) -> bool:
        """RETURNS (bool): whether ``token`` was made by this server."""
        if not token or token.count(".") != 1:
            return False
        nonce, signature = token.split(".")
        return hmac.compare_digest(signature, self._sign(nonce))

    def token_for(self, request: Request) -> str:
        """RETURNS (str): the request's cookie token when valid, else a new one."""
        cookie = request.cookies.get(CSRF_COOKIE)
        return cookie if cookie and self.is_valid(cookie) else self.new_token()

    def check(self, request: Request, submitted: str | None) -> str | None:
        """RETURNS (str | None): why a POST is refused, or None when it may go on."""
        origin = request.headers.get("origin")
        if origin and origin != "null":
            origin_host = host_name(urlsplit(origin).netloc)
            if origin_host != host_name(request.headers.get("host", "")):
                return f"cross-site request from {origin!r} refused"
        cookie = request.cookies.get(CSRF_COOKIE)
        if not submitted or not cookie:
            return "the form has no CSRF token: reload the page and try again"
        if not hmac.compare_digest(submitted, cookie) or not self.is_valid(submitted):
            return "the CSRF token is not valid (the server may have restarted): reload the page"
        return None


def set_csrf_cookie(response: Response, token: str) -> None:
    """Store the token in a cookie only this site's pages send back."""
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")
