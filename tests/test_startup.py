"""A command loads only what it uses: help starts without the data model, a plan
is built without the spreadsheet and chart libraries."""

import subprocess
import sys

from conftest import REPO

PROBE = """
import sys
from click.testing import CliRunner
from vanban.cli import main
result = CliRunner().invoke(main, sys.argv[1:])
assert result.exit_code == 0, result.output
heavy = sorted(m for m in ("openpyxl", "matplotlib", "numpy", "pydantic", "docx", "docxtpl", "PIL") if m in sys.modules)
print(",".join(heavy))
"""


def loaded(*args: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True)
    return set(filter(None, out.stdout.strip().split(",")))


def test_help_loads_no_heavy_library():
    assert loaded("--help") == set()
    assert loaded("build", "--help") == set()


def test_building_a_plan_loads_neither_spreadsheets_nor_charts(tmp_path):
    import shutil

    shutil.copytree(REPO / "data", tmp_path / "data")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    used = loaded("build", "ke-hoach", "2018", "--thu-muc", str(tmp_path))
    assert {"docxtpl", "pydantic"} <= used
    assert not used & {"openpyxl", "matplotlib", "numpy"}
