"""Who may use the page: the one who has the printed address.

As Jupyter does: the server prints an address with a random key; the first request with the
key (compared in constant time) gets a session cookie (HttpOnly, SameSite=Strict) and is sent
on without the key in the address. Every other request needs the cookie. Every request must
name this server as its host (no page of another site reaches it by a name that points here),
every change is a POST with the session's CSRF token from a page of this server (same origin).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlsplit

COOKIE = "vanban_phien"
CSRF_FIELD = "_csrf"
KEY_PARAM = "khoa"
SAFE_METHODS = ("GET", "HEAD")


@dataclass
class Keys:
    """The printed key, the session it is exchanged for, the secret CSRF tokens come from."""

    key: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    session: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    def key_ok(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(given.encode("utf-8", "replace"), self.key.encode())

    def session_ok(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(given.encode("utf-8", "replace"), self.session.encode())

    def csrf(self) -> str:
        return hmac.new(self.secret, self.session.encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(given.encode("utf-8", "replace"), self.csrf().encode())


def host_ok(host: str | None, port: int) -> bool:
    """The request names this server: 127.0.0.1 or localhost, on its port."""
    return host in (f"127.0.0.1:{port}", f"localhost:{port}")


def origin_ok(origin: str | None, referer: str | None, port: int) -> bool:
    """A POST comes from a page of this server (Origin, or Referer when a browser sends no Origin)."""
    given = origin or referer
    if not given or given == "null":
        return False
    parts = urlsplit(given)
    return parts.scheme == "http" and host_ok(parts.netloc, port)


HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                                "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'"),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "no-store",
}
