"""The repository keeps its promises: two set-up commands, CI runs the README's."""

import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import REPO


def setup_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.*?)\n```", readme, re.S)


def test_readme_has_exactly_two_setup_commands():
    commands = setup_commands()
    assert len(commands) == 2
    assert "vanban build ke-hoach 2018" in commands[0] and "pip install" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_both_readme_commands_with_tools_required():
    """.ci/run reads the README's two set-up commands and runs them in order: what it
    would run is worked out here with its own code and compared with the README."""
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    reader = re.search(r"<<'PY'\n(.*?)\nPY\n", ci, re.S).group(1)
    got = [subprocess.run([sys.executable, "-", str(i)], input=reader, cwd=REPO, capture_output=True, text=True,
                          check=True).stdout.strip() for i in (0, 1)]
    assert got == list(setup_commands())
    assert ci.index('bash -c "$first"') < ci.index('bash -c "$second"')
    assert "VANBAN_REQUIRE_TOOLS=1" in ci
    for package in ("libreoffice-writer-nogui", "fonts-liberation2", "poppler-utils"):
        assert package in ci


def test_output_is_ignored_but_its_readme_kept():
    ignore = (REPO / ".gitignore").read_text(encoding="utf-8")
    assert "/output/*" in ignore and "!/output/README.md" in ignore


SETUP = os.environ.get("VANBAN_SETUP_TEST") == "1"


@pytest.mark.skipif(not SETUP, reason="installs vanban into a fresh virtual environment (a minute or more, packages "
                    "from the registry): run with VANBAN_SETUP_TEST=1; CI runs both commands itself (.ci/run)")
@pytest.mark.skipif(sys.platform == "win32", reason="the README's commands are for a POSIX shell")
def test_readme_commands_work_in_a_fresh_venv_from_the_system_python(tmp_path):
    system = shutil.which("python3", path="/usr/bin:/bin") or sys.executable
    copy = tmp_path / "vanban"
    shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns(".git", ".venv", "output", "__pycache__", "*.egg-info",
                                                              "build", ".pytest_cache"))
    (copy / "output").mkdir()
    first, second = (c.replace("python3 -m venv", f"{system} -m venv", 1) for c in setup_commands())
    done = subprocess.run(["bash", "-c", first], cwd=copy, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert (copy / "output/2018/ke-hoach-28-kh-du.docx").is_file()
    assert "Đã ghi: output/2018/ke-hoach-28-kh-du.docx" in done.stdout
    # a new office from an example, found inside the installed package (the source tree's copy gone)
    shutil.rmtree(copy / "examples")
    made = subprocess.run([str(copy / ".venv/bin/vanban"), "khoi-tao", str(tmp_path / "moi"), "--mau", "ubnd-xa",
                           "--nam", "2026", "--co-quan", "Ủy ban nhân dân xã Tân Phú", "--dia-danh", "Tân Phú",
                           "--cap-tren", ""], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stdout + made.stderr
    assert (tmp_path / "moi/data/2026/du-lieu-2026.xlsx").is_file()
    # the second command up to the tests themselves (running them here would run this test again)
    install = second.split("&& python -m pytest")[0] + "&& python -m pytest --collect-only -q"
    done = subprocess.run(["bash", "-c", install], cwd=copy, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "tests collected" in done.stdout or "test" in done.stdout.splitlines()[-1]
