"""One document of a year, found by its key ('ke-hoach', 'thong-bao/ap_mot', 'bao-cao/6-thang'):
made as the build makes it, its fingerprint, its DOCX, its PDF and a picture of its first page.

PDFs and pictures are kept in a cache folder under the document's fingerprint (what it says,
its template, its rules), so a document whose inputs have not changed is never converted twice.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import issuing
from ..documents import BUILD, DRAFT, Document
from ..errors import DataError, Finding, Location, VanbanError
from ..rendering import pdf as pdf_tools
from ..rendering.batch import render_iter

PICTURE_SCALE = 1.4  # the first page drawn at 1.4 × 72 dpi: an A4 page about 830 pixels wide


@dataclass
class Preview:
    png: bytes
    pages: int
    fingerprint: str


def find(year, key: str, draft: bool = False) -> tuple[Document, object]:
    """(the document of *key* as the build makes it now, its rule set); an unknown key, or a
    document whose data is not complete, is an error with the build's findings."""
    kind = key.split("/", 1)[0]
    numbering = DRAFT if draft else BUILD
    decl = year.office.kind(kind)
    if decl.tong_hop:
        options_list = [{}]
    else:
        options_list = [o for name, o, _ in year.parts(kind) if name == kind and o is not None]
    for options in options_list:
        docs, profile = year.prepared(kind, numbering, **options)
        for doc in docs:
            if doc.issue.key == key or kind == key:  # a kind's key: its first document
                return doc, profile
    raise DataError([Finding(Location(key), f"năm {year.number} không có văn bản «{key}»",
                             "chọn văn bản trong danh sách của năm")])


def fingerprint(year, doc: Document, profile) -> str:
    template = (year.project.templates / doc.template).read_bytes()
    return issuing.fingerprint(doc, template, profile)


def docx(year, key: str, draft: bool = False) -> tuple[str, bytes]:
    """(file name, the DOCX) of one document made now, without writing anything."""
    doc, profile = find(year, key, draft)
    for made, data in render_iter(year.project, [doc], profile, total=1):
        return made.output_name, data
    raise AssertionError("render_iter gave nothing")


def _cached(cache: Path, mark: str, draft: bool) -> Path:
    name = hashlib.sha256(f"{mark}|{'du-thao' if draft else 'ban-chinh'}".encode()).hexdigest()[:40]
    return cache / name


def pdf(year, key: str, draft: bool, cache: Path) -> tuple[str, Path]:
    """(file name, the PDF in *cache*) of one document, converted once per fingerprint."""
    doc, profile = find(year, key, draft)
    base = _cached(cache, fingerprint(year, doc, profile), draft)
    target = base.with_suffix(".pdf")
    if not target.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="vanban-xem-") as tmp:
            source = Path(tmp) / "van-ban.docx"
            for _, data in render_iter(year.project, [doc], profile, total=1):
                source.write_bytes(data)
            made = pdf_tools.convert([source], Path(tmp), processes=1, profiles=cache / "libreoffice")[0]
            shutil.move(str(made), target)
    return Path(doc.output_name).with_suffix(".pdf").name, target


def preview(year, key: str, draft: bool, cache: Path) -> Preview:
    """A picture of the first page and the number of pages."""
    _, target = pdf(year, key, draft, cache)
    picture = target.with_suffix(".png")
    count_file = target.with_suffix(".trang")
    if not picture.is_file() or not count_file.is_file():
        png, pages = first_page(target.read_bytes())
        picture.write_bytes(png)
        count_file.write_text(str(pages), encoding="utf-8")
    return Preview(picture.read_bytes(), int(count_file.read_text(encoding="utf-8")), target.stem)


def cached(year, key: str, draft: bool, cache: Path) -> Preview | None:
    """The preview of the document of *key* as it is now when it was drawn before (its fingerprint
    unchanged), else None; a document that cannot be made raises the build's findings."""
    doc, profile = find(year, key, draft)
    mark = fingerprint(year, doc, profile)
    base = _cached(cache, mark, draft).with_suffix(".pdf")
    picture, count_file = base.with_suffix(".png"), base.with_suffix(".trang")
    if not picture.is_file() or not count_file.is_file():
        return None
    return Preview(picture.read_bytes(), int(count_file.read_text(encoding="utf-8")), base.stem)


def draw_many(year, wanted: list[tuple[str, bool]], cache: Path) -> int:
    """Draw the previews of *wanted* (key, draft) not drawn yet, all in one LibreOffice run (its
    start is most of a preview's time); a document that cannot be made is left out. How many
    were drawn."""
    todo = []
    for key, draft in wanted:
        try:
            doc, profile = find(year, key, draft)
        except VanbanError:
            continue
        base = _cached(cache, fingerprint(year, doc, profile), draft)
        if not base.with_suffix(".png").is_file() and all(b != base for _, _, b in todo):
            todo.append((doc, profile, base))
    if not todo:
        return 0
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vanban-xem-") as tmp:
        sources = []
        for n, (doc, profile, _) in enumerate(todo):
            source = Path(tmp) / f"van-ban-{n}.docx"
            for _, data in render_iter(year.project, [doc], profile, total=1):
                source.write_bytes(data)
            sources.append(source)
        made = pdf_tools.convert(sources, Path(tmp), processes=1, profiles=cache / "libreoffice")
        for (_, _, base), pdf in zip(todo, made):
            png, pages = first_page(pdf.read_bytes())
            shutil.move(str(pdf), base.with_suffix(".pdf"))
            base.with_suffix(".png").write_bytes(png)
            base.with_suffix(".trang").write_text(str(pages), encoding="utf-8")
    return len(todo)


def first_page(data: bytes) -> tuple[bytes, int]:
    """(a PNG of the first page, the number of pages) of a PDF."""
    import pypdfium2  # start-up time: the PDF renderer only when a page is drawn

    document = pypdfium2.PdfDocument(data)
    try:
        pages = len(document)
        image = document[0].render(scale=PICTURE_SCALE).to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue(), pages
    finally:
        document.close()
