"""The repository keeps its promises: two set-up commands, CI runs the README's."""

import re

from conftest import REPO


def setup_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.*?)\n```", readme, re.S)


def test_readme_has_exactly_two_setup_commands():
    commands = setup_commands()
    assert len(commands) == 2
    assert "vanban build ke-hoach 2018" in commands[0] and "pip install" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command_with_tools_required():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "blocks[1]" in ci and "VANBAN_REQUIRE_TOOLS=1" in ci
    for package in ("libreoffice-writer-nogui", "fonts-liberation2", "poppler-utils"):
        assert package in ci


def test_output_is_ignored_but_its_readme_kept():
    ignore = (REPO / ".gitignore").read_text(encoding="utf-8")
    assert "/output/*" in ignore and "!/output/README.md" in ignore
