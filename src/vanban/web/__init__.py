"""The clerk's page: `vanban giao-dien` serves the working folder on this machine only.

Every action of the page is a call of vanban.office (the same the command line makes, with the
same checks and messages); the page adds forms, previews and buttons.

- server.py: starts the server on 127.0.0.1, prints the address with its key, opens the browser;
- app.py: the Flask application and the guard every request passes (security.py);
- site.py: what the server holds while it runs; jobs.py: long work beside the pages;
- forms.py: forms ↔ the data files' values; views/: the pages; templates/, static/: their look.
"""

from __future__ import annotations

from .app import create_app
from .server import serve
from .site import Site

__all__ = ["Site", "create_app", "serve"]
