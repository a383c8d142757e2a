"""A pytest plugin for mutation runs (tools/mutation.py loads it; never loaded by the suite).

- Hits made while a session- or module-scoped fixture is set up (the sample year built once,
  an organisation rendered once) are credited to every test that uses the fixture, not only to
  the first one: mutmut runs, for each mutant, the tests that reached the mutated function,
  and a test reading the sample year's documents does reach every function that built them.
- A test's time counts its fixtures (mutmut counts only the test's own call): mutmut runs a
  mutant's tests fastest first and stops at the first failure, and a test reading the sample
  year is not fast when the year must be built for it.
- Tests that need LibreOffice are left out: a conversion costs seconds per mutant, and those
  tests check the conversion, which no core module under mutation does.
- Hypothesis runs without deadlines and derandomised: code under mutmut's trampolines is slower,
  and a mutant must meet the same examples as the clean run.
"""

from __future__ import annotations

import os
import time

import pytest

try:  # mutmut's own state: where its trampolines record the functions a test reached
    from mutmut.state import state
except ImportError:  # pragma: no cover - the plugin is only loaded by mutmut runs
    state = None

try:
    from hypothesis import settings

    settings.register_profile("mutation", deadline=None, derandomize=True, database=None)
    settings.load_profile("mutation")
except ImportError:  # pragma: no cover
    pass

_fixture_hits: dict[str, set[str]] = {}
_fixture_cost: dict[str, float] = {}
_setup_cost: dict[str, float] = {}


def _stats_run() -> bool:
    return state is not None and os.environ.get("MUTANT_UNDER_TEST") == "stats"


@pytest.hookimpl(hookwrapper=True)
def pytest_fixture_setup(fixturedef, request):
    if not _stats_run() or fixturedef.scope == "function":
        yield
        return
    before, start = set(state()._stats), time.perf_counter()
    yield
    _fixture_cost[fixturedef.argname] = _fixture_cost.get(fixturedef.argname, 0.0) + time.perf_counter() - start
    _fixture_hits.setdefault(fixturedef.argname, set()).update(state()._stats - before)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    start = time.perf_counter()
    yield
    _setup_cost[item.nodeid] = time.perf_counter() - start


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item, nextitem):
    if _stats_run():
        for name in item.fixturenames:
            state()._stats.update(_fixture_hits.get(name, ()))
        shared = sum(_fixture_cost.get(name, 0.0) for name in item.fixturenames)
        state().duration_by_test[item.nodeid] += max(_setup_cost.get(item.nodeid, 0.0), shared)


def pytest_collection_modifyitems(config, items):
    kept, dropped = [], []
    for item in items:
        needs_office = "libreoffice" in getattr(item, "fixturenames", ()) or item.get_closest_marker("libreoffice")
        (dropped if needs_office else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def run_mutmut(argv: list[str]) -> None:
    """mutmut's command line, with a mutant's tests run fastest first and a file at a time,
    stopping at the first file that fails. mutmut hands pytest every test that reached the
    mutated function at once (unsorted, with a fork server), and pytest collects all their
    files before it runs the first test: most mutants fall to the first, fastest file, and need
    not wait for the others to be collected. (Patches mutmut's PytestRunner.run_tests, mutmut
    3.8; tools/mutation.py calls this.)"""
    import sys

    from mutmut.__main__ import cli
    from mutmut.runners.harness import PytestRunner

    whole = PytestRunner.run_tests

    def by_file(self, *, mutant_name, tests):
        tests = sorted(tests, key=lambda t: state().duration_by_test.get(t, 0.0))
        if mutant_name is None or len(tests) < 2:
            return whole(self, mutant_name=mutant_name, tests=tests)
        files: dict[str, list[str]] = {}
        for t in tests:  # a file's place is its fastest test's
            files.setdefault(t.split("::", 1)[0], []).append(t)
        for group in files.values():
            code = whole(self, mutant_name=mutant_name, tests=group)
            if code != 0:
                return code
        return 0

    PytestRunner.run_tests = by_file
    sys.argv = ["mutmut", *argv]
    cli()
