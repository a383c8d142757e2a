"""The pages, one module a part of the clerk's work; each registers its routes on the app."""

from __future__ import annotations

from . import archive, checker, data_forms, files, new_office, new_year, progress_form, year


def register(app) -> None:
    for module in (year, data_forms, progress_form, files, archive, checker, new_year, new_office):
        app.register_blueprint(module.pages)
    app.register_blueprint(year.jobs_pages)
