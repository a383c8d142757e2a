"""Rendering the documents of a run: in this process, or across the cores for a
big batch. Documents come back in order, one window at a time, so a run of
ten thousand letters holds a few hundred in memory at most and the caller
can write each to disk as it arrives."""

from __future__ import annotations

import multiprocessing
import os
from typing import Callable, Iterator

from .documents import Document
from .errors import TemplateProblem

PARALLEL_FROM = 300   # documents; below this, starting the worker processes costs more than it saves
WINDOW = 128          # documents handed to the workers at a time (two windows in flight)

Progress = Callable[[Document, int, int], None]  # (document, done, total)


def processes(count: int, parallel_from: int, most: int) -> int:
    """How many processes *count* items get: one below *parallel_from*, else one per core up
    to *most*; VANBAN_PROCESSES, when set, decides."""
    wanted = os.environ.get("VANBAN_PROCESSES", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    if count < parallel_from:
        return 1
    return max(1, min(os.cpu_count() or 1, most))


def workers(count: int) -> int:
    """How many processes render a batch of *count* documents."""
    return processes(count, PARALLEL_FROM, 8)


def _job(project, doc, profile):
    from .render import RenderJob

    path = project.templates / doc.template
    return RenderJob(path, project.show(path), doc.context, doc.frame, profile, doc.landscape)


# -- in a worker process: one renderer (templates prepared once) for the process's life
_renderer = None
_profile = None


def _start(profile) -> None:
    global _renderer, _profile
    from .render import Renderer

    _renderer, _profile = Renderer(), profile


def _render(job) -> tuple[bool, object]:
    """(True, bytes) or (False, findings): errors travel back as data, not as exceptions."""
    from dataclasses import replace

    try:
        return True, _renderer.render(replace(job, profile=_profile))
    except TemplateProblem as exc:
        return False, exc.findings


def render_iter(project, docs: list[Document], profile, progress: Progress | None = None,
                processes: int | None = None) -> Iterator[tuple[Document, bytes]]:
    """(document, its DOCX) for every document, in order."""
    from .render import Renderer

    total = len(docs)
    processes = workers(total) if processes is None else processes
    if processes <= 1:
        renderer = Renderer()
        for i, doc in enumerate(docs, 1):
            data = renderer.render(_job(project, doc, profile))
            if progress:
                progress(doc, i, total)
            yield doc, data
        return
    # the profile goes to each worker once; jobs carry only what differs per document
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(processes, _start, (profile,)) as pool:
        windows = [docs[i:i + WINDOW] for i in range(0, total, WINDOW)]

        def submit(window):
            return pool.map_async(_render, [_job(project, d, None) for d in window], chunksize=8)

        pending = submit(windows[0]) if windows else None
        done = 0
        for k, window in enumerate(windows):
            results = pending.get()
            pending = submit(windows[k + 1]) if k + 1 < len(windows) else None
            for doc, (ok, value) in zip(window, results):
                if not ok:
                    raise TemplateProblem(value)
                done += 1
                if progress:
                    progress(doc, done, total)
                yield doc, value
