"""Findings and the exceptions that carry them to the edge (the CLI).

Errors are values until the edge: every stage collects findings and raises
once, with all of them, so a clerk sees every problem of a run together.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Location:
    file: str
    line: int | None = None
    where: str = ""  # a cell (Sheet1!D7), a paragraph, a key path
    # the key path asked for inside a data file ('ky',), never shown: it finds the same value's
    # cell in the year's workbook for a clerk who works there
    key: tuple = field(default=(), compare=False, repr=False)

    def __str__(self) -> str:
        text = self.file
        if self.line:
            text += f":{self.line}"
        if self.where:
            text += f" ({self.where})" if self.line else f", {self.where}"
        return text

    @property
    def said(self) -> str:
        """The place inside its file, as a message says it: «dòng 5», or «ô Trang!B4» in a workbook."""
        if self.line:
            return f"dòng {self.line}"
        if self.where:
            return f"ô {self.where}" if "!" in self.where else self.where
        return self.file


@dataclass(frozen=True)
class Finding:
    """One problem: in data, a template, or the thể thức of a document (which names its
    rule, TT07, and the section of the rules it cites, §2). The one type every check returns."""

    location: Location
    message: str
    hint: str = ""
    severity: str = "loi"  # "loi" (error) or "canh_bao" (warning)
    rule: str = ""
    section: str = ""

    @property
    def where(self) -> str:
        return self.location.where

    @property
    def fix(self) -> str:
        return self.hint

    def at(self, file: str) -> "Finding":
        """The same finding, in *file* (a check of a document learns its name last)."""
        return replace(self, location=Location(file, self.location.line, self.location.where, self.location.key))

    def __str__(self) -> str:
        text = f"{self.location}: " + (f"[{self.rule}] " if self.rule else "") + self.message
        if self.hint:
            text += f" → {self.hint}"
        return text


def rule_finding(rule: str, severity: str, section: str, where: str, message: str, fix: str) -> Finding:
    """A thể thức finding, before the document it is in is named."""
    return Finding(Location("", None, where), message, fix, severity, rule, section)


class VanbanError(Exception):
    """A failure with findings to show; nothing has been written."""

    exit_code = 2
    title = "Lỗi"
    written = "Chưa ghi tệp nào."  # what the run left on disk, said after the title

    def __init__(self, findings: list[Finding]):
        self.findings = list(findings)
        super().__init__("\n".join(str(f) for f in self.findings))


class DataError(VanbanError):
    """Input data (YAML, XLSX) is malformed or inconsistent."""

    title = "Dữ liệu có lỗi"


class TemplateProblem(VanbanError):
    """A template cannot be rendered."""

    title = "Mẫu văn bản có lỗi"


class FileProblem(VanbanError):
    """A file handed to a checker that cannot be read as what it claims to be (a PDF with a
    password, a damaged or truncated file)."""

    title = "Không kiểm tra được tệp"


class OutputProblem(VanbanError):
    """The output cannot be written as asked (e.g. it would overwrite an issued file)."""

    title = "Không ghi được kết quả"
    exit_code = 1


class WriteFailure(VanbanError):
    """The system refused a write (a file open in Word, a folder in the way, no space, no right)."""

    title = "Không ghi được tệp"
    exit_code = 4

    def __init__(self, findings: list[Finding], written: str):
        super().__init__(findings)
        self.written = written


class ArchiveProblem(VanbanError):
    """The archive (luu-vt), its manifest or the register disagree, or a run was cut short."""

    title = "Lưu trữ có vấn đề"
    exit_code = 2


@dataclass
class Findings:
    """A collector: add findings while walking, raise once at the end."""

    items: list[Finding] = field(default_factory=list)

    def add(self, location: Location, message: str, hint: str = "") -> None:
        self.items.append(Finding(location, message, hint))

    def extend(self, other) -> None:
        self.items.extend(other)

    def __iter__(self):
        return iter(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self, kind=DataError) -> None:
        if self.items:
            raise kind(self.items)
