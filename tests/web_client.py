"""A logged-in HTTP client of the clerk's page (Flask's test client), and the form a browser
would send back from a page (every field with the value it shows)."""

from __future__ import annotations

import html
import re

from vanban.web import Site, create_app
from vanban.web.security import Keys

PORT = 5123
BASE = f"http://127.0.0.1:{PORT}"


class Client:
    def __init__(self, folder, login: bool = True):
        self.site = Site(folder, Keys(key="khoa-thu", session="phien-thu"), port=PORT)
        self.app = create_app(self.site)
        self.app.testing = True
        self.http = self.app.test_client()
        if login:
            assert self.get("/?khoa=khoa-thu").status_code == 302

    def get(self, path: str, **kw):
        return self.http.get(path, base_url=BASE, **kw)

    def post(self, path: str, data: dict, origin: str | None = BASE, csrf: bool = True, **kw):
        data = dict(data)
        if csrf:
            data.setdefault("_csrf", self.site.keys.csrf())
        headers = {"Origin": origin} if origin else {}
        return self.http.post(path, data=data, base_url=BASE, headers=headers, **kw)

    def form(self, path: str) -> dict:
        return form_of(self.get(path).get_data(as_text=True))

    def text(self, path: str) -> str:
        return self.get(path).get_data(as_text=True)


def form_of(page: str) -> dict:
    """The values a browser sends for the first form with a «luu» button on *page*."""
    start = page.find('name="luu"')
    body = page[:start] if start >= 0 else page
    body = body[body.rfind("<form"):] if "<form" in body else body
    out: dict = {}
    for m in re.finditer(r"<input[^>]*>", body):
        tag = m.group(0)
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="file"' in tag:
            continue
        if 'type="checkbox"' in tag and " checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        out[html.unescape(name.group(1))] = html.unescape(value.group(1)) if value else ""
    for m in re.finditer(r'<select[^>]*name="([^"]+)"([^>]*)>(.*?)</select>', body, re.S):
        chosen = re.findall(r'<option value="([^"]*)"\s*selected', m.group(3))
        name = html.unescape(m.group(1))
        if "multiple" in m.group(2):
            out[name] = [html.unescape(c) for c in chosen]
        else:
            out[name] = html.unescape(chosen[0]) if chosen else ""
    return out


def errors_beside(page: str) -> dict[str, list[str]]:
    """Field name → the messages shown beside it."""
    out: dict[str, list[str]] = {}
    for m in re.finditer(r'<ul class="loi-o" id="loi-([^"]+)"[^>]*>(.*?)</ul>', page, re.S):
        out[m.group(1)] = [html.unescape(re.sub(r"<[^>]+>", "", x)) for x in re.findall(r"<li>(.*?)</li>", m.group(2), re.S)]
    return out
