"""The composer's front door: who may talk to the local server, and what its pages may do.

Every request passes here first (an ASGI middleware around the whole app):

- the Host header must name the address the server is bound to (so a web page on
  another site cannot reach it by pointing its own name at 127.0.0.1);
- a request that changes something (POST) must carry an Origin header of the server
  itself (so another site's page cannot post to it);
- the random token printed at start must come with every request, in the URL on the
  first visit and then in a cookie the server sets;
- bodies are capped in size; every answer carries a Content-Security-Policy that
  allows no inline script and nothing from another address.
"""

from __future__ import annotations

import hmac
import secrets
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

COOKIE = "guidepress_token"
MAX_BODY = 2 * 1024 * 1024  # a prescription is a few kB, a roster a few hundred
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"same-origin"), (b"cache-control", b"no-store"),
           (b"x-frame-options", b"DENY"), (b"cross-origin-resource-policy", b"same-origin")]
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
# Referrer-Policy same-origin, not no-referrer: under no-referrer a browser sends
# "Origin: null" with a posted form (the PDF download), which the Origin check refuses.


def new_token() -> str:
    """A random token for one run of the server."""
    return secrets.token_urlsafe(24)


def cookie_name(port: int) -> str:
    """The token's cookie; one a port, as browsers share cookies across a host's ports."""
    return f"{COOKIE}_{port}"


def allowed_hosts(host: str, port: int) -> set[str]:
    """The Host headers the server answers: its address and, on loopback, localhost."""
    names = {host}
    if host in ("127.0.0.1", "localhost", "::1"):
        names |= {"127.0.0.1", "localhost", "[::1]"}
    return {f"{name}:{port}" for name in names}


class Guard:
    """ASGI middleware that refuses any request failing the checks above."""

    def __init__(self, app, *, token: str, hosts: set[str], port: int, max_body: int = MAX_BODY):
        self.app, self.token, self.hosts, self.max_body = app, token, hosts, max_body
        self.origins = {f"http://{h}" for h in hosts}
        self.cookie = cookie_name(port)
        self.first_visit: list = []  # called once, at the first request with the token in its URL

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._refusal(scope, headers)
        if refusal:
            return await _plain(send, 403, refusal)
        length = headers.get("content-length") or "0"
        if not length.isdecimal():
            return await _plain(send, 400, "the Content-Length header is not a number")
        if int(length) > self.max_body:
            return await _plain(send, 413, f"the upload is larger than {self.max_body // 1024} kB; "
                                "send a smaller file")
        from_url = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [""])[0]
        if from_url and self.first_visit:  # the browser has come: the forwarding page can go
            called, self.first_visit = self.first_visit, []
            for callback in called:
                callback()

        async def secured(message):
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + HEADERS
                if from_url:  # the first visit: keep the token in a cookie from now on
                    message["headers"].append((b"set-cookie", (
                        f"{self.cookie}={self.token}; HttpOnly; SameSite=Strict; Path=/").encode()))
            await send(message)

        await self.app(scope, _capped(receive, self.max_body), secured)

    def _refusal(self, scope, headers: dict) -> str:
        if headers.get("host", "") not in self.hosts:
            return "this server answers only at its own address (the Host header names another)"
        origin = headers.get("origin")
        if origin is not None and origin not in self.origins:
            return "requests from another web site are refused (Origin)"
        if scope["method"] in UNSAFE and origin is None:
            return "a change must come from the composer's own page (no Origin header)"
        if not self._has_token(scope, headers):
            return ("open the address guidepress serve printed when it started "
                    "(with ?token=...); this request has no valid token")
        return ""

    def _has_token(self, scope, headers: dict) -> bool:
        given = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [""])[0]
        if not given:
            cookie = SimpleCookie()
            try:
                cookie.load(headers.get("cookie", ""))
            except Exception:  # noqa: BLE001 - a malformed cookie header is just no token
                return False
            given = cookie[self.cookie].value if self.cookie in cookie else ""
        return hmac.compare_digest(given.encode(), self.token.encode())


def _capped(receive, limit: int):
    """``receive`` that stops a body sent without a length (chunked) once over ``limit``."""
    seen = 0

    async def read():
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge()
        return message

    return read


class BodyTooLarge(Exception):
    """A request body over the cap; the app answers 413."""


async def _plain(send, status: int, text: str) -> None:
    body = f"{text}\n".encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()), *HEADERS]})
    await send({"type": "http.response.body", "body": body})
