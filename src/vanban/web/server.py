"""Serving the page: 127.0.0.1 only, a new key each run, the browser opened on the address."""

from __future__ import annotations

import errno
import logging
import threading
import webbrowser
from pathlib import Path
from typing import Callable

from werkzeug.serving import make_server

from ..errors import Finding, Location, OutputProblem
from .app import create_app
from .security import KEY_PARAM, Keys
from .site import Site

HOST = "127.0.0.1"
DEFAULT_PORT = 8750
TRIES = 20  # ports tried from the default one when it is taken


def make(folder: Path, port: int | None, keys: Keys | None = None):
    """(the server, the site) bound to 127.0.0.1 on *port* (or the first free one from DEFAULT_PORT)."""
    keys = keys or Keys()
    site = Site(folder, keys)
    app = create_app(site)
    ports = [port] if port is not None else [p for p in range(DEFAULT_PORT, DEFAULT_PORT + TRIES)]
    last = None
    for candidate in ports:
        try:
            server = make_server(HOST, candidate, app, threaded=True)
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES) or "in use" in str(exc).lower():
                last = candidate
                continue
            raise
        site.port = server.server_port
        return server, site
    raise OutputProblem([Finding(Location(f"cổng {last}"), "cổng đang được một chương trình khác dùng",
                                 "chọn cổng khác bằng «--cong CỔNG», ví dụ --cong 8800")])


def warm_up(site: Site) -> None:
    """What makes the first preview slow, done while the clerk reads the first page: LibreOffice's
    profile and the first document's preview (a job like the others: never beside a preview)."""
    def work(job):
        site.warm()  # without LibreOffice: nothing to prepare, the previews say so when asked

    site.jobs.start("Chuẩn bị LibreOffice", "/", work)


def serve(folder: Path | str, port: int | None = None, open_browser: bool = True,
          say: Callable[[str], None] = print) -> None:
    """Serve until Ctrl+C."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request (nor the key) in the window
    server, site = make(Path(folder), port)
    url = f"http://{HOST}:{site.port}/?{KEY_PARAM}={site.keys.key}"
    say(f"Mở: {url}")
    say("Trang chỉ mở được trên máy này. Dừng: bấm Ctrl+C trong cửa sổ này.")
    site.prime()
    warm_up(site)
    if open_browser:
        threading.Timer(0.3, lambda: webbrowser.open(url)).start()
    try:
        server.serve_forever()  # werkzeug's server returns on Ctrl+C (it takes the KeyboardInterrupt itself)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    say("Đã dừng.")
