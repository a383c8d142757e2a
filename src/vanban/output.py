"""Writing results: all files of a run land together or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_all(files: dict[Path, bytes]) -> list[Path]:
    """Write every file through a temporary sibling, then rename them into place.

    Nothing is renamed until every temporary file has been written and synced,
    so a failure part-way leaves the existing output as it was.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".vanban-", suffix=".tmp", dir=target.parent)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            staged.append((Path(tmp), target))
        for tmp, target in staged:
            os.replace(tmp, target)
    finally:
        for tmp, _ in staged:
            if tmp.exists():
                tmp.unlink()
    return [target for _, target in staged]
