"""The clerk's working folder: no heavy import here, the command line starts on it."""

from __future__ import annotations

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
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)
