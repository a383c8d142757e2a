"""An office's working folder: its kinds, its register, its years, its templates."""

from __future__ import annotations

from pathlib import Path

from .. import issuing
from ..data import formats
from ..data.load import load_kinds
from ..data.new_year import NewYear
from ..data.new_year import start as start_year
from ..data.sheets import workbook_path
from ..data.upgrade import survey
from ..documents import DRAFT
from ..errors import DataError, Finding, Location, VanbanError
from ..project import Project
from ..template_tools import tools as template_tools
from . import edits, new_office, uploads
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

    @classmethod
    def create(cls, folder: str | Path, example: str, answers: new_office.Answers, year: int) -> new_office.Created:
        """`vanban khoi-tao`: a new office's working folder from *example* (never over a folder
        that has something in it), its data of *year* also as a workbook to fill in Excel."""
        return new_office.create(Path(folder), example, answers, year)

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
        term = {d.du_lieu for d in self.kinds.values() if d.du_lieu and d.pham_vi == "nhiem_ky"}
        result = start_year(self.project, number, term)  # a term plan serves every year from its own folder
        # an office that worked the year before in its workbook goes on in the new year's
        before = workbook_path(self.project, result.source) if result.source is not None else None
        if before is not None and before.is_file() and not workbook_path(self.project, number).exists():
            self._years.pop(number, None)
            try:
                result.workbook = self.year(number).workbook_export()
            except VanbanError:
                result.workbook = None  # the year's files say their own problems when built
        return result

    # -- the templates (vanban mau …)

    def sample_context(self, kind: str, year: int | None = None) -> tuple[dict | None, int | None]:
        """The context of the first document of *kind* built as a draft from the latest year
        whose data builds (or from *year* only); (None, None) when no year does."""
        for number in ([year] if year is not None else reversed(self.years())):
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

    def template_variables(self, kind: str, year: int | None = None):
        """(name, description, sample value) of every variable of *kind*, the values from *year*
        (default: the latest year whose data builds); and the filters."""
        self.require_current()
        return template_tools.variables(self.project, kind, lambda k: self.sample_context(k, year))

    # -- forms (the web page): changes to the data files, checked as the build checks them

    def check_changes(self, year: int, changes: dict) -> "edits.EditCheck":
        """What would be wrong with year *year* after *changes* (file under data/ → {top-level key:
        new plain value, or None to take it out}); nothing is written."""
        self.require_current()
        return edits.check_changes(self, year, changes)

    def save_changes(self, year: int, changes: dict) -> list[Path]:
        """Write *changes* into the data files, comments kept, when nothing is wrong with them;
        else raise every finding (nothing written)."""
        self.require_current()
        written = edits.save_changes(self, year, changes)
        self._years.clear()
        return written

    def data_values(self, name: str) -> tuple[dict, list[Finding]]:
        """(the plain values of data file *name* under data/, what stops it being read): what a form shows."""
        return edits.plain_values(self.project, name)

    def check_template_file(self, kind: str, upload: Path, repair: bool = False) -> tuple[list[Finding], list[str]]:
        """(what `mau kiem-tra` finds, what `mau sua` did) for the file *upload* used as the template of
        *kind*, checked in a scratch copy; with *repair* the file is mended first."""
        self.require_current()
        return uploads.check_template(self, kind, upload, repair)

    def use_template(self, kind: str, upload: Path) -> list[Path]:
        """The file *upload* as the template of *kind* when it passes `mau kiem-tra` (the old one kept beside it)."""
        self.require_current()
        return uploads.use_template(self, kind, upload)

    def workbook_keys(self, year: int, name: str) -> set[str]:
        """Top-level items of data file *name* (under data/) that only the year's workbook holds:
        they are edited there, never in two places."""
        return edits.workbook_keys(self.project, year, name)
