"""Fault injection for the tests, outside the shipped code path.

vanban calls `vanban.issuing.transaction.step(name)` at each step of an issuing run (and of an
upgrade's publication); `transaction.STEP_HOOKS` is empty in every shipped run. The tests put a
hook there: in a child process started with `python -c` (below), to end the process at a step
as a kill would (exit status 9) or to hold the register open for a while; or in the test's own
process through the `step_hooks` fixture (conftest.py), to act between two steps.

Steps: da-khoa (the register is held, numbers being taken), da-dung (documents rendered into the
stage), da-dat (everything staged, no journal yet), dang-ghi (journal written, nothing moved),
da-chuyen (the first file moved into the archive), da-ghi-so (the register moved), da-ghi-ban-ke
(the manifest moved, the stage not yet removed).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

# The child: install the hook, then run the command line as `python -m vanban` would.
_CHILD = """
import os, sys, time
from vanban.issuing import transaction

stop, pause = sys.argv[1], float(sys.argv[2])

def hook(step):
    if step == stop:
        os._exit(9)
    if step == "da-khoa" and pause > 0:
        time.sleep(pause)

transaction.STEP_HOOKS.append(hook)
from vanban.cli import entry
sys.argv = ["vanban", *sys.argv[3:]]
entry()
"""


def command(*args: str, stop: str = "", pause: float = 0.0) -> list[str]:
    """The argv of a vanban process that ends at step *stop* and/or holds the register *pause* seconds."""
    return [sys.executable, "-c", _CHILD, stop, str(pause), *args]


def environment() -> dict[str, str]:
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": str(SRC) + (os.pathsep + path if path else "")}


def vanban(*args: str, stop: str = "", pause: float = 0.0, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run vanban in a child process with the hook installed; its result (text)."""
    return subprocess.run(command(*args, stop=stop, pause=pause), env=environment(), capture_output=True, text=True,
                          timeout=timeout)


def start(*args: str, stop: str = "", pause: float = 0.0) -> subprocess.Popen:
    return subprocess.Popen(command(*args, stop=stop, pause=pause), env=environment(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
