"""A DOCX template prepared once and rendered for many contexts.

docxtpl reopens the package, rebuilds and recompiles the Jinja source, and
rewrites every part of the zip for each document. `PreparedTemplate` does that
work once: it keeps the compiled template of `document.xml` (and of the
headers and footers that carry tags), and every other part of the package
already compressed. Per document it renders the body, applies docxtpl's own
post-processing (`\\a`/`\\t`/`\\n` listings, table grid fixes, drawing ids), lets
the caller finish the body tree, and writes the zip, copying the unchanged
parts as they are.

The result is the document docxtpl's `render()` gives for the same template
and context (tests compare the two on every sample template and on docxtpl's
own test templates). A template whose footnotes or core properties carry
tags, which docxtpl also renders, is reported as not `fast` and rendered by
docxtpl itself.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from xml.parsers import expat
from dataclasses import dataclass, field
from typing import Any, Callable

from jinja2 import meta
from lxml import etree

TAG = re.compile(r"\{[{%#]")
CELL_TAGS = re.compile(r"\{%-?\s*(tc|hm|vm|colspan|cellbg)\b|\{\{-?\s*tc\b")
DOC_PR = re.compile(r'(<wp:docPr\b[^>]*?\bid=")\d+(")')
XML_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
DOCUMENT = "word/document.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")  # docxtpl renders these
LEVEL = 6  # zlib's default, as zipfile writes


# --------------------------------------------------------------------------
# The zip, written from parts compressed once


@dataclass(frozen=True)
class Entry:
    """One part of the package, compressed (raw deflate), with its local zip header."""

    name: str
    data: bytes
    crc: int
    size: int
    local: bytes  # local file header, name and data: what the zip holds for this part

    @classmethod
    def of(cls, name: str, raw: bytes) -> "Entry":
        packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
        data = packer.compress(raw) + packer.flush()
        crc = zlib.crc32(raw)
        encoded = name.encode("utf-8")
        head = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, _flags(name), zipfile.ZIP_DEFLATED, DOS_TIME, DOS_DATE,
                           crc, len(data), len(raw), len(encoded), 0)
        return cls(name, data, crc, len(raw), head + encoded + data)


DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01: the same data gives the same bytes
DOS_TIME = 0


def _flags(name: str) -> int:
    return 0x800 if not name.isascii() else 0  # names in UTF-8


def write_zip(entries: list[Entry]) -> bytes:
    """A zip of *entries* in their order (deflated, no extra fields)."""
    central, offset = [], 0
    for e in entries:
        encoded = e.name.encode("utf-8")
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, _flags(e.name), zipfile.ZIP_DEFLATED,
                                   DOS_TIME, DOS_DATE, e.crc, len(e.data), e.size, len(encoded), 0, 0, 0, 0,
                                   0o644 << 16, offset) + encoded)
        offset += len(e.local)
    directory = b"".join(central)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), offset, 0)
    return b"".join([e.local for e in entries] + [directory, end])


_TOKEN = re.compile(r"<[^<>]*>|\{%-?\s*(\w+)[^%]*?-?%\}")
_OPENS = {"if", "for", "macro", "call", "filter", "with", "block", "raw"}
_MIDDLES = {"elif", "else"}


def always_well_formed(source: str) -> bool:
    """True when every render of the (patched) template *source* is well-formed XML whatever
    the data: each branch of every {% if %} and the body of every {% for %} opens and closes
    the same elements. Values are escaped and the blocks vanban inserts are well-formed, so
    only the template's own tags can leave an element open; a template that might is
    checked document by document instead."""
    stack: list[str] = []
    marks: list[int] = []
    for m in _TOKEN.finditer(source):
        token, block = m.group(0), m.group(1)
        if block is None:  # an XML tag
            if token.startswith(("<?", "<!")) or token.endswith("/>"):
                continue
            if token.startswith("</"):
                if len(stack) <= (marks[-1] if marks else 0) or stack[-1] != token[2:-1].split()[0]:
                    return False
                stack.pop()
            else:
                stack.append(token[1:-1].split()[0])
        elif block in _OPENS:
            marks.append(len(stack))
        elif block in _MIDDLES or block.startswith("end"):
            if not marks or len(stack) != marks[-1]:
                return False
            if block.startswith("end"):
                marks.pop()
    return not marks


def _well_formed(xml: str) -> bool:
    parser = expat.ParserCreate()
    try:
        parser.Parse(xml, True)
    except expat.ExpatError:
        return False
    return True


# --------------------------------------------------------------------------
# Pictures inserted per document


@dataclass
class Media:
    """The pictures one document adds: their parts, relationships and inline XML."""

    first_rid: int
    taken: frozenset = frozenset()    # zip names the template already has
    parts: list[tuple[str, str, bytes]] = field(default_factory=list)  # (rId, zip name, png)

    def inline(self, png: bytes, width_emu: int) -> str:
        """The run XML docxtpl's InlineImage gives for a PNG *width_emu* wide."""
        from docx.image.image import Image
        from docx.oxml.shape import CT_Inline

        image = Image.from_blob(png)
        cx, cy = image.scaled_dimensions(width_emu, None)
        rid = f"rId{self.first_rid + len(self.parts)}"
        n = len(self.parts) + 1
        while (name := f"word/media/image{n}.png") in self.taken or any(name == p[1] for p in self.parts):
            n += 1
        self.parts.append((rid, name, png))
        pic = CT_Inline.new_pic_inline(1, rid, "image.png", cx, cy).xml  # as python-docx names a stream
        return f'</w:t></w:r><w:r><w:drawing>{pic}</w:drawing></w:r><w:r><w:t xml:space="preserve">'


# --------------------------------------------------------------------------
# The template


@dataclass
class _Part:
    name: str                     # in the zip
    template: Any                 # compiled Jinja template
    source: str                   # patched XML, a paragraph a line: for error context
    env: Any

    def context_of(self, context: dict, exc: Exception) -> list[str] | None:
        """The lines of the template around where *exc* arose, as docxtpl gives them: the
        source a paragraph a line is rendered again to learn the line (only when there
        is an error: every document renders the same source without those line breaks)."""
        if getattr(exc, "lineno", None) is None:
            return None
        try:
            self.env.from_string(self.source).render(context)
        except Exception as again:  # the same error, now with its line in the lined source
            lineno = getattr(again, "lineno", None)
        else:
            return None
        if lineno is None:
            return None
        first = max(lineno - 4, 0)
        return [re.sub(r"<[^>]+>", "", x) for x in self.source.splitlines()[first:first + 7]]


class PreparedTemplate:
    """*tpl*: a docxtpl DocxTemplate, opened and finished (profile applied) by the caller;
    *env*: the Jinja environment to compile with."""

    def __init__(self, tpl, env):
        from docxtpl import DocxTemplate

        tpl.init_docx()
        self._fixer = tpl  # docxtpl's fix_tables and resolve_listing, which use no state
        props = tpl.docx.core_properties
        tagged_props = any(TAG.search(getattr(props, p) or "") for p in PROPERTIES)
        if not tagged_props:  # docxtpl renders each into the package, an empty one as an empty element
            for p in PROPERTIES:
                setattr(props, p, getattr(props, p) or "")
        package = io.BytesIO()
        tpl.docx.save(package)
        self.package = package.getvalue()  # the template as prepared, for docxtpl's own render
        with zipfile.ZipFile(io.BytesIO(self.package)) as zf:
            self._names = zf.namelist()
            self._taken = frozenset(self._names)
            raw = {n: zf.read(n) for n in self._names}
        document = raw[DOCUMENT]
        start = re.search(rb"<w:body[ >]", document)
        end = document.rfind(b"</w:body>")
        if start is None or end < 0:
            raise ValueError("document.xml has no w:body")
        self._head, self._tail = document[:start.start()], document[end + len(b"</w:body>"):]

        body_xml = tpl.get_xml()
        self._cell_tags = bool(CELL_TAGS.search(body_xml))  # loops over cells, merged cells
        sources = {DOCUMENT: tpl.patch_xml(body_xml)}
        self._balanced = always_well_formed(sources[DOCUMENT])
        for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI):
            for _, part in tpl.get_headers_footers(uri):
                xml = tpl.get_part_xml(part)
                if TAG.search(xml):
                    sources[str(part.partname).lstrip("/")] = tpl.patch_xml(xml)
        variables: set[str] = set()
        self._parts = []
        for name, src in sources.items():
            # docxtpl renders with a line break before each paragraph (for its error context) and
            # takes them out after: removing them from the static source gives the same document
            lined = re.sub(r"<w:p([ >])", r"\n<w:p\1", src)
            src = lined.replace("\n<w:p", "<w:p")
            variables |= meta.find_undeclared_variables(env.parse(src))
            self._parts.append(_Part(name, env.from_string(src), lined, env))
        self.variables = frozenset(variables)

        footnotes = any(n.startswith("word/footnotes") and TAG.search(raw[n].decode("utf-8", "replace"))
                        for n in self._names)
        self.fast = not (tagged_props or footnotes)

        self._rels = raw.get(DOCUMENT_RELS, b"")
        ids = [int(i) for i in re.findall(rb'Id="rId(\d+)"', self._rels)]
        self._next_rid = max(ids, default=0) + 1
        self._types = raw[CONTENT_TYPES]
        rendered = {p.name for p in self._parts}
        self._static = {n: Entry.of(n, raw[n]) for n in self._names
                        if n not in rendered and n not in (DOCUMENT_RELS, CONTENT_TYPES)}
        self._static_rels = Entry.of(DOCUMENT_RELS, self._rels) if self._rels else None
        self._static_types = Entry.of(CONTENT_TYPES, self._types)

    def _body(self, xml: str) -> str:
        """The rendered body as docxtpl leaves it: tables whose cells a loop added or removed get
        their grid repaired, and XML a template's tags left malformed is parsed leniently, both
        by docxtpl's own code; drawings are numbered from 1001."""
        if self._cell_tags or not (self._balanced or _well_formed(xml)):
            xml = etree.tostring(self._fixer.fix_tables(xml), encoding="unicode")
        if "docPr" in xml:
            ids = iter(range(1001, 1_000_000))
            xml = DOC_PR.sub(lambda m: f"{m.group(1)}{next(ids)}{m.group(2)}", xml)
        return xml

    def media(self) -> Media:
        return Media(self._next_rid, self._taken)

    def render(self, context: dict, media: Media | None = None,
               finish: Callable[[str], str] | None = None) -> bytes:
        """The package for *context*. *finish* completes the body's XML (w:body);
        Jinja errors propagate with `docx_context` set as docxtpl sets it."""
        parts = {}
        body = None
        for part in self._parts:
            try:
                xml = part.template.render(context)
            except Exception as exc:
                lines = part.context_of(context, exc)
                if lines is not None:
                    exc.docx_context = lines
                raise
            # what docxtpl does after rendering, when a value brought what it undoes (each
            # test is a search for one character or a short string, far cheaper than the edit)
            if "\n<w:p" in xml:
                xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
            if "_" in xml:
                xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
            if any(c in xml for c in "\t\a\n\f"):
                xml = self._fixer.resolve_listing(xml)
            if part.name == DOCUMENT:
                body = self._body(xml)
            else:
                parts[part.name] = XML_DECLARATION + xml.encode("utf-8")
        if finish is not None:
            body = finish(body)
        parts[DOCUMENT] = self.document(body)
        return self.package_of(parts, media.parts if media else [])

    @property
    def body_template(self):
        """The compiled template of document.xml's body."""
        return next(p.template for p in self._parts if p.name == DOCUMENT)

    def document(self, body: str) -> bytes:
        """document.xml around a rendered w:body."""
        if body.startswith("<w:body ") and not body.endswith("/>"):  # the root declares the namespaces
            body = "<w:body>" + body[body.index(">") + 1:]
        return self._head + body.encode("utf-8") + self._tail

    def package_of(self, parts: dict[str, bytes], media: list = ()) -> bytes:
        """The zip: *parts* (name → XML) compressed now, every other part copied as prepared."""
        entries = []
        for name in self._names:
            if name in parts:
                entries.append(Entry.of(name, parts[name]))
            elif name == DOCUMENT_RELS:
                entries.append(self._with_rels(media) if media else self._static_rels)
            elif name == CONTENT_TYPES:
                entries.append(self._with_png() if media else self._static_types)
            else:
                entries.append(self._static[name])
        entries += [Entry.of(name, png) for _, name, png in media]
        return write_zip(entries)

    def _with_rels(self, media) -> Entry:
        extra = "".join(f'<Relationship Id="{rid}" Type="{IMAGE_REL}" Target="{name[len("word/"):]}"/>'
                        for rid, name, _ in media)
        end = self._rels.rfind(b"</Relationships>")
        return Entry.of(DOCUMENT_RELS, self._rels[:end] + extra.encode() + self._rels[end:])

    def _with_png(self) -> Entry:
        if re.search(rb'Extension="png"', self._types, re.I):
            return self._static_types
        at = re.search(rb"<(Default|Override)\b|</Types>", self._types).start()  # defaults first
        return Entry.of(CONTENT_TYPES, self._types[:at] + b'<Default Extension="png" ContentType="image/png"/>'
                        + self._types[at:])
