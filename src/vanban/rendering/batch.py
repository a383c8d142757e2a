"""Rendering the documents of a run: in this process, or across the cores for a
big batch. Documents come back in order, one window at a time, so a run of
ten thousand letters holds a few hundred in memory at most and the caller
can write each to disk as it arrives."""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from itertools import islice
from dataclasses import replace
from typing import Any, Callable, Iterable, Iterator

from ..errors import TemplateProblem
from .render import Renderer, RenderJob

Document = Any  # a documents.Document: its template, context, frame, landscape (read, never imported)

PARALLEL_FROM = 300   # documents; below this, starting the worker processes costs more than it saves
WINDOW = 64           # documents handed to the workers at a time (two windows in flight, one being written)

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


def _jobs(project):
    """doc, profile → its RenderJob (a template's path and name worked out once)."""
    named: dict[str, tuple] = {}

    def job(doc, profile):
        if doc.template not in named:
            path = project.templates / doc.template
            named[doc.template] = (path, project.show(path))
        path, shown = named[doc.template]
        return RenderJob(path, shown, doc.context, doc.frame, profile, doc.landscape)

    return job


# -- in a worker process: one renderer (templates prepared once) for the process's life
_renderer = None
_profile = None


def _start(profile) -> None:
    global _renderer, _profile
    _renderer, _profile = Renderer(), profile


def _render(job) -> tuple[bool, object]:
    """(True, bytes) or (False, findings): errors travel back as data, not as exceptions."""
    try:
        return True, _renderer.render(replace(job, profile=_profile))
    except TemplateProblem as exc:
        return False, exc.findings


def render_iter(project, docs: Iterable[Document], profile, progress: Progress | None = None,
                processes: int | None = None, total: int | None = None) -> Iterator[tuple[Document, bytes]]:
    """(document, its DOCX) for every document, in order. *docs* may be made as they are read
    (a Batch, a generator: then *total* says how many); a window of them is held at a time."""
    total = len(docs) if total is None else total
    processes = workers(total) if processes is None else processes
    job_of = _jobs(project)
    if processes <= 1:
        renderer = Renderer()
        for i, doc in enumerate(docs, 1):
            data = renderer.render(job_of(doc, profile))
            if progress:
                progress(doc, i, total)
            yield doc, data
        return
    # what this process holds is frozen out of the collector's sight before the workers fork:
    # a collection in a worker would otherwise write to every page of it, copying them all
    gc.freeze()
    try:
        yield from _render_in(processes, docs, profile, progress, total, job_of)
    finally:
        gc.unfreeze()


def _render_in(processes: int, docs, profile, progress, total: int, job_of):
    """render_iter across *processes* workers: each prepares its templates once; the profile
    goes to each once, and a job carries only what differs from document to document."""
    with _context().Pool(processes, _start, (profile,)) as pool:
        source = iter(docs)
        chunk = -(-WINDOW // processes)  # a window is one task per worker
        flight: deque = deque()  # (window, its results to come), in order

        def submit():
            window = list(islice(source, WINDOW))
            if window:
                flight.append((window, pool.map_async(_render, [job_of(d, None) for d in window], chunk)))

        submit()
        submit()  # two windows in flight: one renders while the other is handed on
        done = 0
        while flight:
            window, results = flight.popleft()
            results = results.get()
            submit()
            for doc, (ok, value) in zip(window, results):
                if not ok:
                    raise TemplateProblem(value)
                done += 1
                if progress:
                    progress(doc, done, total)
                yield doc, value


def _context():
    """Worker processes forked from this one where the system can (they start at once and
    share its pages; the run's documents are made as they are rendered, so it holds little
    more than the organisation's data), else started afresh (spawn, as on Windows)."""
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)
