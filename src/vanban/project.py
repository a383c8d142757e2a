"""The clerk's working folder: no heavy import here, the command line starts on it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """The clerk's working folder: data/, templates/docx/, output/."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def templates(self) -> Path:
        return self.root / "templates" / "docx"

    @property
    def output(self) -> Path:
        return self.root / "output"

    def show(self, path: Path) -> str:
        """*path* as the clerk reads it: relative to the working folder (never following a link)."""
        try:
            return Path(os.path.abspath(path)).relative_to(os.path.abspath(self.root)).as_posix()
        except ValueError:
            return str(path)


def present(path: Path) -> bool:
    """Something is at *path* (a file, a folder, a link even broken or looping): what the clerk put
    there is read and, if it is not a data file, refused with a message, never skipped."""
    return os.path.lexists(path)
