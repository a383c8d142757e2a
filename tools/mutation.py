"""Mutation testing of vanban's core modules with mutmut: how many small planted bugs the tests catch.

    python tools/mutation.py run [MODULE ...] [--jobs N] [--tests TEST ...] [--retest]
    python tools/mutation.py report [MODULE ...] [--diffs]

A MODULE is a path under src/vanban (``text/figures.py``; a folder takes every module in it:
``the_thuc/rules``). Without one, every module of CORE. Not part of CI: a whole run takes hours
on two cores (see README, «For maintainers»).

Each module is mutated in its own copy of the working tree under build/mutation/<module>/
(the tree is copied as git sees it, uncommitted changes included), with its own selection of
tests (CORE, or --tests for a module not listed there); mutmut then runs, for each mutant,
only the selected tests that reached the mutated function. A copy keeps mutmut's results: a
second run re-tests only the functions that changed. With --retest, a module already run has
only its survivors not listed as equivalent run again, by name: mutmut keeps a result until its
function changes, so new tests meet old survivors only when asked.

Why mutmut (3.8): it is maintained, and it is the one of the three the issue names that fits a
suite whose tests share costly fixtures. For each mutant it runs only the selected tests that
reached the mutated function (recorded once, in a stats run), in a process forked from one that
has already imported vanban and collected the tests, and stops at the first failure; it keeps its
results, so a second run re-tests only what changed. cosmic-ray starts the whole test command
per mutant (seconds of imports each, times thousands of mutants) and has no per-test selection;
pytest-gremlins is newer and was not tried. mutmut's src layout works with ``source_paths = ["src"]``:
it copies src/ into mutants/src and the copy is what the tests import (the plugin's run sets no
PYTHONPATH to the real tree). Its limits: it mutates code inside functions only (not module
constants) and not functions under a decorator other than staticmethod/classmethod, which is why
``bind_words`` is cached apart from its function.

`report` prints, per module, the mutants killed, survived, without tests and timed out, and
the score: killed / (all − equivalent). Mutants listed in tools/mutation_equivalent.txt
(a mutant name, a tab, the reason) are counted apart; with --diffs, each other survivor is
printed with its diff. Exit 1 when a module is under 90% or a listed equivalent is not a
survivor any more (re-check it).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "build" / "mutation"
EQUIVALENT = ROOT / "tools" / "mutation_equivalent.txt"
TARGET = 0.90

# The tests that can catch a bug planted in each module, chosen for a run that ends: a mutant
# that survives runs every selected test that reached it (mutmut stops only at a failure), so
# each selection is the module's own fast tests plus the few builds whose documents carry the
# module's cases, and none that needs LibreOffice (the plugin drops those). Left out: the
# whole-year tests (test_clerks_year, test_the_thuc_real, test_pages, test_any_committee) and the
# slow wide ones (test_wording, test_plan_golden, test_letters, test_templates): a minute or
# more each on two shared cores, times every survivor. The unit tests of the
# core rules and the issue-27 tests of the bug classes are in every selection.
_ALWAYS = ["tests/test_figures.py", "tests/test_vietnamese.py", "tests/test_core_units.py",
           "tests/test_bug_classes.py"]
# The test files issue 27 added: left out with --before, which measures the suite as it was
_NEW = {"tests/test_figures.py", "tests/test_core_units.py", "tests/test_bug_classes.py", "tests/test_docx_xml.py",
        "tests/test_report_rules.py", "tests/test_mutants.py", "tests/test_mutants_reports.py",
        "tests/test_mutants_issue.py", "tests/test_mutants_data.py", "tests/test_mutants_render.py",
        "tests/test_the_thuc_recipients.py", "tests/test_the_thuc_findings.py"}
_TEXT = ["tests/test_mutants.py", "tests/test_report_rules.py", "tests/test_recipients.py"]
_QUOTAS = ["tests/test_mutants.py", "tests/test_report_rules.py", "tests/test_reports.py"]
# the report's measures read directly from small records (milliseconds) first, then its rules through
# the CLI; not test_reports, which builds the whole sample year (and its workbook) for every survivor
_REPORTS = ["tests/test_mutants_reports.py", "tests/test_report_rules.py"]
_NAMES = ["tests/test_mutants_reports.py", *_TEXT]
_COPIES = ["tests/test_mutants.py", "tests/test_recipients.py", "tests/test_report_rules.py"]
_LAYOUT = ["tests/test_mutants.py", "tests/test_docx_xml.py", "tests/test_the_thuc.py"]
# the layout writer: its own fast tests (a block of XML written and read back; test_page_layout's
# headers, tables and captions) and the schema order in a built document; not test_the_thuc,
# whose builds take minutes a survivor
_LAYOUT_WRITER = ["tests/test_mutants_render.py", "tests/test_page_layout.py", "tests/test_docx_xml.py",
                  "tests/test_mutants.py"]
# the data checks' own findings are pinned in test_mutants_data (fast: functions called on small
# files); test_report_rules is left out, twelve seconds of report builds for every survivor
_DATA = ["tests/test_mutants_data.py", "tests/test_mutants.py", "tests/test_bad_input.py"]
_RULES = ["tests/test_mutants.py", "tests/test_the_thuc_recipients.py", "tests/test_the_thuc_findings.py",
          "tests/test_the_thuc.py", "tests/test_the_thuc_checker.py", "tests/test_the_thuc_layout.py"]
# Every rule runs on every document checked, so every checker test reaches every rule: a mutant of one
# rule would run the other rules' tests first. The rules with a test file of their own (each finding
# read whole, on a State and a Party plan) are run with that file alone.
_FINDINGS = ["tests/test_the_thuc_findings.py"]
# the bounds' own fast tests first (each limit on both sides, in a template of one expression);
# test_templates' hostile templates (a whole build each, minutes a survivor) are covered by them
_BOUNDS = ["tests/test_mutants_render.py", "tests/test_mutants.py", "tests/test_hostile.py"]
# issuing: the register, the transaction, the manifest, each called with small inputs (milliseconds a test).
# Left out: test_archive, test_hostile_archive, test_register_whole, test_batch: each issues the sample year
# (a 9 s fixture, rebuilt in every mutant's process, or a vanban child process of 2-10 s a test; 2¼ minutes
# the four files on two shared cores), times every survivor
_ISSUE = ["tests/test_mutants_issue.py"]

CORE: dict[str, list[str]] = {
    "text/vietnamese.py": _TEXT,
    "text/figures.py": _TEXT,
    "text/names.py": _NAMES,
    "documents/quotas.py": _QUOTAS,
    "documents/bao_cao.py": _REPORTS,
    "data/recipients.py": _COPIES,
    "ooxml/wml.py": _LAYOUT,
    "ooxml/layout.py": _LAYOUT_WRITER,
    "data/checks.py": _DATA,
    "data/load.py": _DATA,
    "data/validate.py": _DATA,
    "the_thuc/rules/body.py": _FINDINGS + ["tests/test_the_thuc_body.py"],   # attached texts, TT11 on the page
    "the_thuc/rules/fonts.py": _RULES,
    "the_thuc/rules/header.py": _FINDINGS,
    "the_thuc/rules/leftovers.py": ["tests/test_mutants.py", "tests/test_the_thuc_layout.py"],  # its tests live there
    "the_thuc/rules/page.py": _RULES,
    "the_thuc/rules/page_numbers.py": _FINDINGS + ["tests/test_the_thuc_page_numbers.py"],   # TT17 read whole
    "the_thuc/rules/recipients.py": ["tests/test_the_thuc_recipients.py"],   # TT12 read whole, both rule sets
    "the_thuc/rules/text.py": _RULES,
    "rendering/bounds.py": _BOUNDS,
    "issuing/register.py": _ISSUE,
    "issuing/transaction.py": _ISSUE,
    "issuing/archive.py": _ISSUE,
}

def modules(args: list[str]) -> list[str]:
    if not args:
        return list(CORE)
    out = []
    for a in args:
        a = a.removeprefix("src/vanban/")
        path = ROOT / "src" / "vanban" / a
        if path.is_dir():
            out += sorted(str(p.relative_to(ROOT / "src" / "vanban")) for p in path.glob("*.py")
                          if p.name != "__init__.py")
        elif path.is_file():
            out.append(a)
        else:
            sys.exit(f"no module src/vanban/{a}")
    return out


def _slug(module: str) -> str:
    return module.removesuffix(".py").replace("/", "-")


def _tracked_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT,
                            check=True, capture_output=True).stdout.decode().split("\0")
    return [f for f in listed if f and (ROOT / f).is_file()]


def _sync(work: Path) -> None:
    """The working tree into *work*, as git sees it: changed files copied (their times kept, so
    mutmut knows what changed), files gone removed."""
    wanted = set(_tracked_files())
    for rel in wanted:
        src, dst = ROOT / rel, work / rel
        if dst.is_file() and dst.stat().st_mtime == src.stat().st_mtime and dst.stat().st_size == src.stat().st_size:
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)
    for top in ("src", "tests", "data", "templates", "examples", "docs", "tools"):
        for path in (work / top).rglob("*") if (work / top).is_dir() else ():
            if path.is_file() and "__pycache__" not in path.parts and str(path.relative_to(work)) not in wanted:
                path.unlink()


def _config(module: str, tests: list[str]) -> str:
    def toml_list(items):
        return "[" + ", ".join(json.dumps(i) for i in items) + "]"

    also = sorted({Path(f).parts[0] for f in _tracked_files()} - {"src", "tests"})
    return "\n".join([
        "",
        "[tool.mutmut]",
        'source_paths = ["src"]',
        f"only_mutate = {toml_list(['src/vanban/' + module])}",
        f"also_copy = {toml_list(also)}",
        f"pytest_add_cli_args_test_selection = {toml_list(tests)}",
        # the plugin (tools/); no cache files; warnings are the suite's business, not a mutant's
        'pytest_add_cli_args = ["-p", "mutation_plugin", "-p", "no:cacheprovider", "-W", "ignore"]',
        # forked from a process that has only collected the tests: no cache filled by a clean run
        'process_isolation = "forkserver"',
        # the time of a test does not count its fixtures (the sample year is built in the first test)
        "timeout_constant = 20.0",
        "timeout_multiplier = 4.0",
        "use_git_change_detection = false",
        "",
    ])


def _work(before: bool) -> Path:
    return WORK.with_name("mutation-before") if before else WORK


def run(mods: list[str], jobs: int, tests: list[str] | None, retest: bool = False, before: bool = False) -> int:
    worst = 0
    for module in mods:
        selection = tests or CORE.get(module)
        if not selection:
            sys.exit(f"{module}: no tests chosen for it; give them with --tests")
        selection = [t for t in dict.fromkeys(selection + _ALWAYS) if not (before and t in _NEW)]
        work = _work(before) / _slug(module)
        work.mkdir(parents=True, exist_ok=True)
        _sync(work)
        pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
        (work / "pyproject.toml").write_text(pyproject + _config(module, selection), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(work / "tools")}
        env.pop("VANBAN_REQUIRE_TOOLS", None)
        print(f"== {module}: {len(selection)} test files, {jobs} process(es)", flush=True)
        command = [sys.executable, "-c", "import sys, mutation_plugin; mutation_plugin.run_mutmut(sys.argv[1:])",
                   "run", "--max-children", str(jobs)]
        # mutmut keeps a result until its function changes: survivors meet new tests only when
        # named. --retest names them (not the ones listed as equivalent: a survivor runs every
        # test that reached it) instead of a whole pass
        known, listed = _results(module, before), equivalents()
        if retest and known:
            again = [n for n, status in known.items() if status not in ("killed", "timeout") and n not in listed]
            print(f"== {module}: {len(again)} survivors again", flush=True)
            code = subprocess.run(command + again, cwd=work, env=env).returncode if again else 0
        else:
            code = subprocess.run(command, cwd=work, env=env).returncode
        worst = max(worst, code)
    report(mods, diffs=False, before=before)
    return worst


def _results(module: str, before: bool = False) -> dict[str, str] | None:
    meta = _work(before) / _slug(module) / "mutants" / "src" / "vanban" / (module + ".meta")
    if not meta.is_file():
        return None
    from mutmut.stats import status_by_exit_code  # mutmut's reading of a mutant's exit code

    data = json.loads(meta.read_text(encoding="utf-8"))
    # a mutant whose tests crashed the interpreter was caught as surely as by a failed assertion
    return {name: "killed" if status_by_exit_code[code] == "segfault" else status_by_exit_code[code]
            for name, code in data["exit_code_by_key"].items()}


def equivalents() -> dict[str, str]:
    out = {}
    if EQUIVALENT.is_file():
        for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                name, _, reason = line.partition("\t")
                out[name.strip()] = reason.strip()
    return out


def report(mods: list[str], diffs: bool, before: bool = False) -> int:
    equiv = equivalents()
    bad = 0
    rows = [("module", "mutants", "killed", "survived", "equivalent", "no tests", "timeout", "not run", "score")]
    survivors: dict[str, list[str]] = {}
    totals = [0, 0, 0, 0, 0, 0, 0]
    for module in mods:
        res = _results(module, before)
        if res is None:
            rows.append((module, "not run", "", "", "", "", "", "", ""))
            continue
        counts = {"killed": 0, "survived": 0, "equivalent": 0, "no tests": 0, "timeout": 0, "not run": 0}
        for name, status in res.items():
            if name in equiv:
                if status != "survived":
                    print(f"{name} is listed as equivalent but {status}: take it off the list", file=sys.stderr)
                    bad = 1
                counts["equivalent"] += 1
            elif status in ("killed", "timeout"):
                counts[status] += 1
            elif status == "not checked":
                counts["not run"] += 1
            else:
                counts["survived" if status != "no tests" else "no tests"] += 1
                survivors.setdefault(module, []).append(name)
        total = len(res)
        considered = total - counts["equivalent"] - counts["not run"]
        killed = counts["killed"] + counts["timeout"]
        score = killed / considered if considered else 1.0
        bad |= score < TARGET
        rows.append((module, total, counts["killed"], counts["survived"], counts["equivalent"], counts["no tests"],
                     counts["timeout"], counts["not run"], f"{score:.1%}" + (" (partial)" if counts["not run"] else "")))
        for i, v in enumerate((total, counts["killed"], counts["survived"], counts["equivalent"],
                               counts["no tests"], counts["timeout"], counts["not run"])):
            totals[i] += v
    if len(mods) > 1:
        considered = totals[0] - totals[3] - totals[6]
        rows.append(("all", *totals, f"{(totals[1] + totals[5]) / considered:.1%}" if considered else ""))
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(str(v).ljust(w) if i == 0 else str(v).rjust(w) for i, (v, w) in enumerate(zip(r, widths))))
    for module, names in survivors.items():
        print(f"\n{module}: {len(names)} not killed")
        for name in names:
            print(f"  {name}")
            if diffs:
                shown = subprocess.run([sys.executable, "-m", "mutmut", "show", name], cwd=_work(before) / _slug(module),
                                       capture_output=True, text=True).stdout
                print("    " + shown.strip().replace("\n", "\n    "))
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p_run = sub.add_parser("run", help="mutate the modules and run their tests")
    p_run.add_argument("modules", nargs="*")
    p_run.add_argument("--jobs", type=int, default=1, help="processes (default 1: the machine is shared)")
    p_run.add_argument("--tests", nargs="+", help="the tests of a module not listed in CORE")
    p_run.add_argument("--retest", action="store_true", help="run the survivors again (after new tests)")
    p_run.add_argument("--before", action="store_true", help="without the tests issue 27 added (build/mutation-before)")
    p_report = sub.add_parser("report", help="the score of the modules already run")
    p_report.add_argument("modules", nargs="*")
    p_report.add_argument("--diffs", action="store_true", help="print each survivor's diff")
    p_report.add_argument("--before", action="store_true", help="the run made with --before")
    args = parser.parse_args()
    if args.command == "run":
        sys.exit(run(modules(args.modules), args.jobs, args.tests, args.retest, args.before))
    sys.exit(report(modules(args.modules), args.diffs, args.before))


if __name__ == "__main__":
    main()
