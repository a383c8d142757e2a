"""An office's working folder: its kinds, its register, its years, its templates."""

from __future__ import annotations

from pathlib import Path

from .. import issuing
from ..data import formats
from ..data.load import load_kinds
from ..data.new_year import NewYear
from ..data.new_year import start as start_year
from ..data.upgrade import survey
from ..documents import DRAFT
from ..errors import DataError, Finding, Location, VanbanError
from ..project import Project
from ..template_tools import tools as template_tools
from .kinds import check_kinds
from .upgrade import UpgradeResult, Upgrade
from .year import Year


class Office:
    """A working folder: its organisation's document kinds and its register."""

    def __init__(self, project: Project):
        self.project = project
        self._kinds: dict | None = None
        self._years: dict[int, Year] = {}
        self._current: tuple | None = None  # the files' signature when their formats were last found current

    @classmethod
    def open(cls, folder: str | Path | None = None) -> "Office":
        """The working folder *folder* (the current folder by default)."""
        return cls(Project(Path(folder) if folder else Path.cwd()))

    # -- formats

    def _signature(self) -> tuple:
        files = [*formats.data_files(self.project.data), self.project.root / "templates" / "loai-van-ban.yaml",
                 issuing.register.register_path(self.project)]
        out = []
        for f in files:
            try:
                st = f.stat()
            except OSError:
                continue
            out.append((str(f), st.st_size, st.st_mtime_ns))
        return tuple(out)

    def require_current(self) -> None:
        """Stop with one message when the data, the templates or the register were written for
        an earlier release (run «vanban nang-cap») or for a later one; read before anything else."""
        signature = self._signature()
        if self._current == signature:
            return
        found = [f for f in survey(self.project, books=False).values()]
        number = issuing.header_format(issuing.register.register_path(self.project))
        if number is not None:
            shown = self.project.show(issuing.register.register_path(self.project))
            found.append(formats.Found(formats.REGISTER, number, Location(shown, 1), True))
        problems = [p for f in found if (p := f.problem()) is not None]
        if problems:
            raise DataError(problems)
        old = [f for f in found if f.older]
        if old:
            first = min(old, key=lambda f: formats.RELEASES.index(formats.WRITTEN[f.family][f.number]))
            raise DataError([formats.outdated(old[0].location, first.family, first.number, len(old) - 1)])
        self._current = signature

    @property
    def kinds(self) -> dict:
        """The document kinds this office produces (templates/loai-van-ban.yaml), checked."""
        self.require_current()
        if self._kinds is None:
            kinds = load_kinds(self.project)
            check_kinds(self.project, kinds)
            self._kinds = kinds
        return self._kinds

    def kind(self, name: str):
        """The declaration of kind *name*; an unknown kind is an error listing the known ones."""
        self.require_current()
        kinds = load_kinds(self.project) if self._kinds is None else self._kinds
        if name not in kinds:
            raise DataError([Finding(Location(self.project.show(self.project.root / "templates" / "loai-van-ban.yaml")),
                                     f"không có loại văn bản «{name}»", f"chọn một trong: {', '.join(kinds)}")])
        return self.kinds[name]

    def register(self) -> issuing.Register:
        """The register as it is now on disk (the source of every issued number)."""
        self.require_current()
        return issuing.load_register(self.project)

    def year(self, number: int) -> "Year":
        """Year *number*, its data read once; read again when a file it is read from has changed
        since (a page kept open while the clerk edits a file in Excel or Notepad)."""
        cached = self._years.get(number)
        if cached is None or cached.stale():
            self._years[number] = cached = Year(self, number)
        return cached

    def years(self) -> list[int]:
        """The years that have a data folder."""
        data = self.project.data
        return sorted(int(p.name) for p in data.iterdir() if p.is_dir() and p.name.isdigit()) if data.is_dir() else []

    def upgrade(self, preview: bool = False) -> UpgradeResult:
        """`vanban nang-cap`: the working folder of any earlier release in the current formats
        (with *preview*, what would change, writing nothing)."""
        return Upgrade(self).run(preview)

    def rebuild_register(self) -> "issuing.rebuild.RebuildResult":
        """`vanban luu-tru dung-lai-so`: the register rebuilt from the archives' manifests (each
        archive verified first; the register as it was kept under .dung-lai-so/)."""
        self.require_current()
        result = issuing.rebuild.rebuild(self.project)
        self._years.clear()
        return result

    def new_year(self, number: int) -> NewYear:
        """`vanban nam-moi`: data/<number>/ from the latest earlier year."""
        self.require_current()
        self._years.pop(number, None)
        return start_year(self.project, number)

    # -- the templates (vanban mau …)

    def sample_context(self, kind: str) -> tuple[dict | None, int | None]:
        """The context of the first document of *kind* built as a draft from the latest year
        whose data builds; (None, None) when no year does."""
        for number in reversed(self.years()):
            try:
                docs = list(self.year(number).documents(kind, DRAFT)[0])
            except VanbanError:
                continue
            if docs:  # the thể thức blocks are not in it: the check fills them as the build's dry runs do
                return dict(docs[0].context), number
        return None, None

    def check_templates(self, files: tuple[str, ...] = (), generic: bool = False) -> tuple[list[Finding], int]:
        if not generic:
            self.require_current()
        return template_tools.check_templates(self.project, files, generic, self.sample_context)

    def repair_templates(self, files: tuple[str, ...] = ()):
        self.require_current()  # a repaired stock template of an earlier release would no longer be known as stock
        return template_tools.repair_templates(self.project, files, self.sample_context)

    def template_variables(self, kind: str):
        self.require_current()
        return template_tools.variables(self.project, kind, self.sample_context)
