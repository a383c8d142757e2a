"""Big batches: the same documents on one core or two, streamed to disk; a batch
killed part-way leaves no partial file behind and the next run completes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from vanban.bench import synthetic
from vanban.output import STAGING

from conftest import run


def _letters(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "output" / "2024").glob("thong-bao-*.docx"))}


def test_two_processes_write_the_same_documents_as_one(tmp_path, monkeypatch):
    root = synthetic(tmp_path / "org", 45)
    monkeypatch.setenv("VANBAN_PROCESSES", "1")
    assert run(root, "build", "thong-bao", "2024").exit_code == 0
    one = _letters(root)
    for f in (root / "output" / "2024").iterdir():
        f.unlink()
    monkeypatch.setenv("VANBAN_PROCESSES", "2")
    result = run(root, "build", "thong-bao", "2024")
    assert result.exit_code == 0, result.output
    two = _letters(root)
    assert len(one) == 45
    assert one == two  # byte for byte, in the same files


def test_a_template_error_in_a_worker_is_reported_and_nothing_is_written(tmp_path, monkeypatch):
    root = synthetic(tmp_path / "org", 12)
    template = root / "templates" / "docx" / "thong-bao.docx"
    from docx import Document

    doc = Document(str(template))
    doc.add_paragraph("{{ 1 / 0 }}")
    doc.save(str(template))
    monkeypatch.setenv("VANBAN_PROCESSES", "2")
    result = run(root, "build", "thong-bao", "2024")
    assert result.exit_code != 0
    assert "chia cho 0" in result.output and "thong-bao.docx" in result.output
    assert not list((root / "output").rglob("*.docx"))
    assert not list((root / "output").rglob(STAGING + "*"))


def test_a_batch_killed_part_way_leaves_no_partial_file_and_the_next_run_completes(tmp_path):
    if not hasattr(signal, "SIGKILL"):
        pytest.skip("no SIGKILL on this system")
    units = 400
    root = synthetic(tmp_path / "org", units)
    out = root / "output" / "2024"
    env = {**os.environ, "VANBAN_PROCESSES": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "vanban", "build", "thong-bao", "2024", "--thu-muc", str(root)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    killed = False
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        stages = list(out.glob(STAGING + "*")) if out.is_dir() else []
        if stages and len(list(stages[0].iterdir())) >= 50:
            proc.send_signal(signal.SIGKILL)
            killed = True
            break
        time.sleep(0.002)
    proc.wait()
    assert killed, "the run ended before it could be killed"
    # nothing renamed into place, so no document of the batch is there, whole or partial
    assert not list(out.glob("*.docx"))
    assert list(out.glob(STAGING + "*")), "the staging folder of the killed run"

    result = run(root, "build", "thong-bao", "2024")
    assert result.exit_code == 0, result.output
    letters = sorted(out.glob("thong-bao-*.docx"))
    assert len(letters) == units
    for letter in letters[::37]:
        with zipfile.ZipFile(letter) as zf:
            assert zf.testzip() is None
    assert not list(out.glob(STAGING + "*")), "the next run removes what the killed one left"


def test_letters_are_made_as_they_are_rendered_not_all_before(tmp_path, monkeypatch):
    """A district's letters are made a window at a time, while the ones before are rendered
    and written: at no point are more than three windows made and not yet handed on (two
    rendering, one being written)."""
    import vanban.documents.thong_bao as thong_bao
    from vanban.rendering.batch import WINDOW
    from vanban.office import Office
    from vanban.project import Project

    units = 700
    root = synthetic(tmp_path / "org", units)
    monkeypatch.setenv("VANBAN_PROCESSES", "2")
    made = []
    real = thong_bao.issue_and_frame
    monkeypatch.setattr(thong_bao, "issue_and_frame", lambda *a, **k: made.append(1) or real(*a, **k))
    ahead = []
    result = Office(Project(root)).year(2024).build("thong-bao", progress=lambda doc, done, total: ahead.append(len(made) - done))
    assert len(result.written) == units and len(made) == units
    assert len(ahead) == units and max(ahead) < 3 * WINDOW < units
    assert {d.output_name for d in result.documents} == {p.name for p in result.written}


def test_every_file_is_on_disk_before_any_is_renamed_into_place(tmp_path, monkeypatch):
    """A few files are synced one by one, a batch with one sync of the system; either way
    before the first rename. A sync that fails leaves the old files as they were."""
    import vanban.output as output
    from vanban.errors import WriteFailure

    events = []
    monkeypatch.setattr(output.os, "fsync", lambda fd: events.append("fsync"))
    monkeypatch.setattr(output.os, "sync", lambda: events.append("sync"), raising=False)
    real_replace = output.os.replace
    monkeypatch.setattr(output.os, "replace", lambda a, b: events.append("rename") or real_replace(a, b))

    few = {tmp_path / "few" / f"{i}.docx": b"x" for i in range(3)}
    output.write_all(few)
    assert events == ["fsync"] * 3 + ["rename"] * 3
    events.clear()
    many = ((tmp_path / "many" / f"{i}.docx", b"y") for i in range(output.SYNC_ALL_FROM + 8))
    assert len(output.write_all(many)) == output.SYNC_ALL_FROM + 8
    assert events == ["sync"] + ["rename"] * (output.SYNC_ALL_FROM + 8)

    def full(paths):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output, "_sync", full)
    with pytest.raises(WriteFailure) as exc:
        output.write_all({p: b"new" for p in few})
    assert "ổ đĩa đã đầy" in exc.value.findings[0].message
    assert all(p.read_bytes() == b"x" for p in few)
    assert not list((tmp_path / "few").glob(STAGING + "*"))


def test_workers_started_afresh_as_on_windows_write_the_same_letters(tmp_path):
    """Where a process cannot fork (Windows), workers are spawned: they get the profile and
    the jobs by pickling and prepare the templates themselves; the letters are the same."""
    root = synthetic(tmp_path / "org", 310)
    code = ("import sys, multiprocessing\n"
            "import vanban.rendering.batch as batch\n"
            "if sys.argv[2] == 'spawn':\n"
            "    batch._context = lambda: multiprocessing.get_context('spawn')\n"
            "from vanban.cli import main\n"
            "if __name__ == '__main__':\n"
            "    main(['build', 'thong-bao', '2024', '--thu-muc', sys.argv[1]], standalone_mode=False)\n")
    script = tmp_path / "run.py"
    script.write_text(code, encoding="utf-8")
    env = {**os.environ, "VANBAN_PROCESSES": "2"}
    got = {}
    for method in ("spawn", "fork"):
        done = subprocess.run([sys.executable, str(script), str(root), method], capture_output=True, text=True,
                              env=env, timeout=300)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        got[method] = _letters(root)
        for f in (root / "output" / "2024").iterdir():
            f.unlink()
    assert len(got["spawn"]) == 310 and got["spawn"] == got["fork"]
