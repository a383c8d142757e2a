"""Where the data comes from: every reader gives plain values and a Source that names the
place of each value (file:line for YAML, sheet!cell for a workbook), so a finding always
points at what the clerk typed.

- `yaml.py` reads a YAML file from the parser's events, keeping the line of every value;
- `workbook.py` reads the year's workbook (vanban excel), keeping the cell of every value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...errors import Location

Path_ = tuple  # a key path inside a data file: ('chi_tieu', 0, 'phan_bo', 2)


@dataclass
class Source:
    """Where the values of one loaded file came from."""

    file: str  # as shown to the clerk, relative to the project
    lines: dict[Path_, int] = field(default_factory=dict)

    def at(self, *path) -> Location:
        """The location of the value at *path*, or of its nearest known parent."""
        p = tuple(path)
        while p and p not in self.lines:
            p = p[:-1]
        return Location(self.file, self.lines.get(p, 1))
