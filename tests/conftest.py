"""Shared fixtures: a throw-away copy of the project, the CLI, LibreOffice."""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from vanban.cli import main

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
# .ci/run sets this: a test that needs LibreOffice (or ../shared) then fails
# instead of skipping, so CI always runs them.
STRICT = os.environ.get("VANBAN_REQUIRE_TOOLS") == "1"


def need(condition: bool, reason: str) -> None:
    if condition:
        return
    if STRICT:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def plain_id(value) -> str:
    """A test id in plain ASCII for a parameter: its words without marks («Lưu: VT» → Luu-VT). Tools that
    pick tests by id from the command line (mutmut, issue 27) then find every case."""
    ascii_text = unicodedata.normalize("NFKD", str(value).replace("đ", "d").replace("Đ", "D")).encode("ascii", "ignore")
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text.decode()).strip("-")[:40] or "x"


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the repository's data and templates, safe to change."""
    root = tmp_path / "proj"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "output").mkdir()
    return root


def run(root: Path, *args: str):
    """Run the vanban CLI in *root*; return click's Result."""
    return CliRunner().invoke(main, [*args, "--thu-muc", str(root)], catch_exceptions=False)


@pytest.fixture(scope="session")
def sample_year(tmp_path_factory) -> Path:
    """The sample year built once (plan, letters, reports, delivery book): its output folder."""
    root = tmp_path_factory.mktemp("year") / "proj"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "templates", root / "templates")
    for kind in ("ke-hoach", "thong-bao", "bao-cao", "noi-nhan"):
        result = run(root, "build", kind, "2018")
        assert result.exit_code == 0, result.output
    return root / "output" / "2018"


@pytest.fixture(scope="session")
def issued_docx(tmp_path_factory) -> Path:
    """The sample year 2018 issued once without PDF (test_archive, test_register_whole): read it,
    or copy it before a change."""
    root = tmp_path_factory.mktemp("issued-docx") / "proj"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "templates", root / "templates")
    result = run(root, "phat-hanh", "2018", "--khong-pdf")
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="session")
def built_plan(sample_year) -> Path:
    path = sample_year / "ke-hoach-28-kh-du.docx"
    assert path.is_file()
    return path


@pytest.fixture(scope="session")
def libreoffice():
    from vanban.rendering.pdf import soffice

    need(soffice() is not None and shutil.which("pdftotext") is not None,
         "LibreOffice (soffice) and pdftotext are not installed")
    return soffice()


@pytest.fixture(scope="session")
def seed_text() -> str:
    seed = SHARED / "seeds" / "ke-hoach-tao-nguon-2018.txt"
    need(seed.is_file(), f"seed not found at {seed}")
    return seed.read_text(encoding="utf-8")


# ------------------------------------------------------------------ documents the checker's tests change


def _plan_of(tmp_path_factory, source: Path, kind: str, year: str) -> Path:
    """The plan *kind* of *year* built by vanban in a copy of the office at *source*."""
    root = tmp_path_factory.mktemp("office") / "office"
    if source == REPO:
        for part in ("data", "templates"):
            shutil.copytree(REPO / part, root / part)
    else:
        shutil.copytree(source, root, ignore=shutil.ignore_patterns("output"))
    assert run(root, "build", kind, year).exit_code == 0
    return next((root / "output" / year).glob(f"{kind}-*.docx"))


@pytest.fixture(scope="module")
def state(tmp_path_factory):
    """UBND xã's plan: quốc hiệu 13 pt bold, «Số: 12/KH-UBND», signed «TM. ỦY BAN NHÂN DÂN»."""
    return _plan_of(tmp_path_factory, REPO / "examples/ubnd-xa", "ke-hoach", "2026")


@pytest.fixture(scope="module")
def party(tmp_path_factory):
    """The sample's 2018 plan: «ĐẢNG CỘNG SẢN VIỆT NAM», «*» under the issuer, «Số 28-KH/ĐU», «T/M ĐẢNG ỦY»."""
    return _plan_of(tmp_path_factory, REPO, "ke-hoach", "2018")
