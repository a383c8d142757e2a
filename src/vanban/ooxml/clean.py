"""What a template carries besides its text, and what an output must never carry.

Word keeps much that a clerk does not see: tracked changes and comments (a
document sent with the old text struck through, or «Đừng gửi bản này» in its
margin), the switch that records every edit, macro projects, content pasted
as a whole foreign document (altChunk) or as an embedded object (OLE), links
to files on the clerk's machine or the network (pictures, the attached
template, hyperlinks, INCLUDE fields), custom XML data, hidden text.

`inspect()` names each of these in a template (where it is, what to do in
Word); the build refuses a template that has any, the check reports them,
and `repair()` (for `vanban mau sua`) removes what can go without changing
the printed text: it accepts every change, deletes the comments, turns
tracking off, drops macros, the attached template, custom data and links to
files. `scrub()` leaves no trace of the template's editors in an output:
revision session ids (rsid) and the people named in its properties.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from lxml import etree

from .format import W, q
from .story import SAFE_PARSER, Part, pieces_of, root_of
from .tags import Problem, quoted

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
O = "urn:schemas-microsoft-com:office:office"
MAIN_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

REVISION_HINT = ("trong Word: Xem lại › Chấp nhận › Chấp nhận tất cả thay đổi, rồi lưu; hoặc chạy «vanban mau sua» "
                 "(chấp nhận tất cả, giữ bản sao lưu)")
COMMENT_HINT = ("trong Word: Xem lại › Xóa › Xóa tất cả nhận xét trong tài liệu, rồi lưu; hoặc chạy "
                "«vanban mau sua»")
TRACKING_HINT = "trong Word: Xem lại › bấm tắt Theo dõi thay đổi, rồi lưu; hoặc chạy «vanban mau sua»"

KEEP = {q("ins"), q("moveTo")}                 # accepted: their content stays
DROP = {q("del"), q("moveFrom")}               # accepted: their content goes
MARKERS = {q(t) for t in ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
                          "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart",
                          "customXmlDelRangeEnd", "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd",
                          "customXmlMoveToRangeStart", "customXmlMoveToRangeEnd", "cellMerge")}
CHANGES = {q(t) for t in ("rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblPrExChange", "tcPrChange",
                          "trPrChange", "tblGridChange", "numberingChange")}
CELLS = {q("cellIns"), q("cellDel")}
REVISIONS = KEEP | DROP | MARKERS | CHANGES | CELLS
COMMENT_MARKS = {q("commentRangeStart"), q("commentRangeEnd"), q("commentReference")}
COMMENT_PARTS = ("/comments", "/commentsExtended", "/commentsIds", "/commentsExtensible", "/people")
FIELDS_OUTSIDE = re.compile(r"\b(INCLUDETEXT|INCLUDEPICTURE|LINK|DDE|DDEAUTO|IMPORT|INCLUDE)\b", re.I)
WEB = re.compile(r"^(https?:|mailto:)", re.I)
MACRO_NAMES = ("vbaProject.bin", "vbaData.xml", "vbaProject.bin.rels")
EMPTY_BIBLIOGRAPHY = "{http://schemas.openxmlformats.org/officeDocument/2006/bibliography}Sources"
MOST_LISTED = 10  # paragraphs named one by one for one kind of leftover; the rest are counted


def _target(target: str) -> str:
    """A link's target as the clerk would recognise it: decoded, its file name kept whole."""
    from urllib.parse import unquote

    text = unquote(target)
    if len(text) <= 70:
        return text
    return "…/" + text.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def _on(el) -> bool:
    return el is not None and el.get(q("val"), "true") not in ("0", "false", "off")


# --------------------------------------------------------------------------
# The zip, before any library reads it


def macro_parts(path: Path) -> list[str]:
    """The macro parts of a package (and its main part when Word typed it macro-enabled)."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            types = zf.read("[Content_Types].xml").decode("utf-8", "replace") if "[Content_Types].xml" in names else ""
    except (zipfile.BadZipFile, OSError, KeyError):
        return []
    found = [n for n in names if n.rsplit("/", 1)[-1] in MACRO_NAMES]
    if "macroEnabled" in types and not found:
        found = ["word/document.xml (kiểu tài liệu có macro, .docm)"]
    return found


def macro_problem(parts: list[str]) -> Problem:
    return Problem(None, "gói tệp", f"mẫu chứa macro ({', '.join(parts)}): văn bản phát hành không được mang mã chạy",
                   "chạy «vanban mau sua» để bỏ macro; hoặc trong Word «Lưu thành» Word Document (*.docx)",
                   repairable=True)


def strip_macros(data: bytes) -> bytes:
    """The package without its macro project, typed as a plain .docx."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            name = info.filename
            if name.rsplit("/", 1)[-1] in MACRO_NAMES:
                continue
            raw = src.read(name)
            if name == "[Content_Types].xml":
                text = raw.decode("utf-8")
                text = re.sub(r"application/vnd\.ms-word\.(document|template)\.macroEnabled\.main\+xml", MAIN_DOCX,
                              text)
                text = re.sub(r"<Override[^>]*PartName=\"[^\"]*vba[^\"]*\"[^>]*/>", "", text, flags=re.I)
                text = re.sub(r"<Default[^>]*ContentType=\"application/vnd\.ms-office\.vbaProject\"[^>]*/>", "", text)
                raw = text.encode("utf-8")
            elif name.endswith(".rels"):
                raw = re.sub(rb"<Relationship\b[^>]*Type=\"[^\"]*/(vbaProject|wordVbaData)\"[^>]*/>", b"", raw)
            dst.writestr(info, raw)
    return out.getvalue()


# --------------------------------------------------------------------------
# Parts of an open package


def xml_parts(doc) -> list[tuple[str, etree._Element, object]]:
    """(zip name, root, part) of every WordprocessingML part that can hold text or revisions."""
    out = []
    for part in doc.part.package.iter_parts():
        ct = part.content_type
        if not ct.endswith("+xml") or not ("wordprocessingml" in ct or str(part.partname).startswith("/word/")):
            continue
        try:
            root = root_of(part)
        except etree.XMLSyntaxError:
            continue
        out.append((str(part.partname).lstrip("/"), root, part))
    return out


def write_back(doc, parts=None) -> None:
    """Parts read as raw XML here (all of them, or those of *parts*) written back into the package."""
    for part in doc.part.package.iter_parts() if parts is None else parts:
        root = getattr(part, "_vanban_root", None)
        if root is not None and not hasattr(part, "element"):
            old = part.blob
            start = re.search(rb"<(?![?!])", old)  # the root element: the declaration before it is kept as it was
            head = old[:start.start()] if start else b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            tail = old[len(old.rstrip()):]
            part._blob = head + etree.tostring(root, encoding="UTF-8") + tail


def _all_rels(doc):
    """(source part or None for the package, rId, relationship) of every relationship."""
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        yield None, rid, rel
    for part in package.iter_parts():
        for rid, rel in list(part.rels.items()):
            yield part, rid, rel


def _drop_rel(owner, rid: str) -> None:
    rels = owner.rels
    rels.pop(rid, None)
    rels._target_parts_by_rId.pop(rid, None)


def _part_name(rel) -> str:
    return rel.target_ref if rel.is_external else str(rel.target_part.partname).lstrip("/")


def _custom_data(rel) -> bool:
    """A custom XML part that holds data (the empty bibliography store Word adds to every
    document is not data)."""
    try:
        root = etree.fromstring(rel.target_part.blob, SAFE_PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return True
    return not (root.tag == EMPTY_BIBLIOGRAPHY and len(root) == 0)


# --------------------------------------------------------------------------
# Finding


def _where(index: dict, element, label: str = "thân văn bản") -> tuple[object, str]:
    """The paragraph (of story.py) that holds *element*, or the one it follows; and its part.
    *index*: paragraph element → (paragraph, part label)."""
    target = element
    while target is not None and target.tag != q("p"):
        target = target.getparent()
    if target is None:  # a row, a body-level element: the first paragraph in it or the one before it
        target = next(element.iter(q("p")), None)
        if target is None:
            prev = element.getprevious()
            while prev is not None and prev.tag != q("p"):
                prev = prev.getprevious()
            target = prev
    hit = index.get(id(target)) if target is not None else None
    return hit if hit else (None, label)


def _texts(el, tag: str) -> str:
    return "".join(t.text or "" for t in el.iter(q(tag)))


def _revision_details(el) -> list[str]:
    tag = el.tag
    parent = el.getparent()
    if tag in (q("ins"), q("del")) and parent is not None and parent.tag == q("rPr"):
        return ["thêm dấu ngắt đoạn" if tag == q("ins") else "xóa dấu ngắt đoạn (nối hai đoạn)"]
    if tag in (q("ins"), q("del")) and parent is not None and parent.tag == q("trPr"):
        return ["thêm một dòng bảng" if tag == q("ins") else "xóa một dòng bảng"]
    if tag == q("ins"):
        text = _texts(el, "t")
        return [f"chèn «{quoted(text, 40)}»" if text.strip() else "chèn"]
    if tag == q("del"):
        text = _texts(el, "delText")
        return [f"xóa «{quoted(text, 40)}»" if text.strip() else "xóa"]
    if tag == q("moveTo"):
        return [f"chuyển «{quoted(_texts(el, 't'), 40)}» đến đây"]
    if tag == q("moveFrom"):
        return [f"chuyển «{quoted(_texts(el, 'delText') or _texts(el, 't'), 40)}» đi"]
    if tag in CHANGES:
        return ["đổi định dạng"]
    if tag in CELLS:
        return ["thêm hoặc xóa ô bảng"]
    return []


def inspect(doc, parts: list[Part]) -> list[Problem]:
    """Every leftover of the template that must not reach a document, each where it is."""
    out: list[Problem] = []
    xml = xml_parts(doc)
    body_like = {id(p.root) for p in parts}
    index = {id(para.element): (para, part.label) for part in parts for para in part.paragraphs}

    # tracked changes, grouped by paragraph
    by_para: dict[int, tuple[object, str, list[str]]] = {}
    elsewhere: dict[str, list[str]] = {}
    for name, root, _ in xml:
        for el in root.iter():
            if el.tag not in REVISIONS or el.tag in MARKERS:
                continue
            details = _revision_details(el)
            if id(root) in body_like:
                para, label = _where(index, el)
                key = id(para) if para is not None else id(el)
                entry = by_para.setdefault(key, (para, label, []))
                entry[2].extend(d for d in details if d not in entry[2])
            else:
                elsewhere.setdefault(name, [])
                elsewhere[name].extend(d for d in details if d not in elsewhere[name])
    entries = list(by_para.values())
    for para, label, details in entries[:MOST_LISTED]:
        out.append(Problem(para, label, f"thay đổi chưa chấp nhận (Theo dõi thay đổi): {'; '.join(details[:4])}",
                           REVISION_HINT, quoted(para.text, 50) if para is not None else "", repairable=True))
    if len(entries) > MOST_LISTED:
        out.append(Problem(None, entries[0][1], f"và {len(entries) - MOST_LISTED} đoạn khác có thay đổi chưa chấp nhận",
                           REVISION_HINT, repairable=True))
    for name, details in elsewhere.items():
        out.append(Problem(None, f"phần {name}", f"thay đổi chưa chấp nhận: {'; '.join(details[:4])}", REVISION_HINT,
                           repairable=True))

    # comments
    texts = _comment_texts(doc)
    seen_comments = set()
    listed = 0
    for name, root, _ in xml:
        if id(root) not in body_like:
            continue
        for el in root.iter(q("commentReference"), q("commentRangeStart")):
            cid = el.get(q("id"))
            if cid in seen_comments:
                continue
            seen_comments.add(cid)
            listed += 1
            if listed > MOST_LISTED:
                continue
            para, label = _where(index, el)
            text = texts.get(cid, "")
            out.append(Problem(para, label, f"nhận xét (comment) «{quoted(text, 50)}» còn trong mẫu" if text else
                               "nhận xét (comment) còn trong mẫu", COMMENT_HINT,
                               quoted(para.text, 50) if para is not None else "", repairable=True))
    if listed > MOST_LISTED:
        out.append(Problem(None, "thân văn bản", f"và {listed - MOST_LISTED} nhận xét khác", COMMENT_HINT,
                           repairable=True))
    if not seen_comments and texts:
        out.append(Problem(None, "phần word/comments.xml", f"mẫu còn {len(texts)} nhận xét (comment)", COMMENT_HINT,
                           repairable=True))

    # tracking switched on
    settings = _settings(doc)
    if settings is not None and _on(settings.find(q("trackRevisions"))):
        out.append(Problem(None, "cài đặt của tệp (word/settings.xml)",
                           "mẫu đang bật Theo dõi thay đổi: mỗi lần sửa sẽ thành một thay đổi chưa chấp nhận",
                           TRACKING_HINT, repairable=True))

    # parts and relationships a document does not need
    for owner, rid, rel in _all_rels(doc):
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind in ("vbaProject", "wordVbaData"):
            out.append(macro_problem([_part_name(rel)]))
        elif kind == "aFChunk":
            el = _referring(xml, rid, owner)
            para, label = _where(index, el) if el is not None else (None, "thân văn bản")
            out.append(Problem(para, label, f"mẫu có nội dung dán nguyên khối (altChunk, {_part_name(rel)}): Word hiện "
                               "nội dung đó nhưng bản PDF thì không", "mở mẫu bằng Word và lưu lại (Word đổi phần đó "
                               "thành chữ thường), hoặc xóa phần đó", quoted(para.text, 40) if para else ""))
        elif kind in ("oleObject", "package") and not rel.is_external:
            el = _referring(xml, rid, owner)
            para, label = _where(index, el) if el is not None else (None, "thân văn bản")
            prog = _prog_id(el)
            out.append(Problem(para, label, f"mẫu có đối tượng nhúng (OLE{': ' + prog if prog else ''}, "
                               f"{_part_name(rel)}): bản PDF chỉ in hình đại diện của nó",
                               "xóa đối tượng; nếu cần, chép nội dung của nó rồi dán vào như chữ, hoặc «Dán đặc biệt › "
                               "Ảnh»", quoted(para.text, 40) if para else ""))
        elif kind == "customXml" and _custom_data(rel):
            out.append(Problem(None, f"phần {_part_name(rel)}", "mẫu mang dữ liệu XML riêng (custom XML) không in ra",
                               "chạy «vanban mau sua» để bỏ phần đó", repairable=True))
        elif rel.is_external:
            target = rel.target_ref
            el = _referring(xml, rid, owner)
            para, label = _where(index, el) if el is not None else (None, "thân văn bản")
            snip = quoted(para.text, 40) if para else ""
            if kind == "hyperlink" and WEB.match(target):
                continue
            if kind == "hyperlink":
                out.append(Problem(para, label, f"liên kết tới tệp «{_target(target)}» (ngoài văn bản)",
                                   "chạy «vanban mau sua» (giữ chữ, bỏ liên kết), hoặc nhấn chuột phải vào chữ › "
                                   "Loại bỏ liên kết", snip, repairable=True))
            elif kind == "image":
                out.append(Problem(para, label, f"ảnh liên kết tới tệp ngoài «{_target(target)}»: ảnh không nằm "
                                   "trong tệp, văn bản gửi đi sẽ thiếu ảnh",
                                   "xóa ảnh rồi chèn lại bằng Chèn › Ảnh (không chọn «Liên kết tới tệp»)", snip))
            elif kind == "attachedTemplate":
                out.append(Problem(None, "cài đặt của tệp (word/settings.xml)",
                                   f"mẫu gắn với tệp mẫu ngoài «{_target(target)}»: Word tìm tệp đó mỗi khi mở "
                                   "văn bản", "chạy «vanban mau sua» để bỏ", repairable=True))
            else:
                out.append(Problem(para, label if para else f"phần {owner.partname if owner else 'gói tệp'}",
                                   f"liên kết ra ngoài tệp «{_target(target)}» ({kind})",
                                   "xóa phần liên kết đó trong Word", snip))

    # embedded objects without a relationship of their own, fields that fetch, hidden text
    for name, root, _ in xml:
        if id(root) not in body_like:
            continue
        for el in root.iter(q("object")):
            if el.find(f"{{{O}}}OLEObject") is not None and not any("OLE" in p.message for p in out):
                para, label = _where(index, el)
                out.append(Problem(para, label, "mẫu có đối tượng nhúng (OLE): bản PDF chỉ in hình đại diện của nó",
                                   "xóa đối tượng; nếu cần, dán lại dưới dạng chữ hoặc ảnh",
                                   quoted(para.text, 40) if para else ""))
    for part in parts:
        for para in part.paragraphs:
            instr = "".join(t.text or "" for t in para.element.iter(q("instrText")))
            instr += " ".join(f.get(q("instr"), "") for f in para.element.iter(q("fldSimple")))
            m = FIELDS_OUTSIDE.search(instr)
            if m:
                out.append(Problem(para, part.label, f"trường {m.group(1).upper()} lấy nội dung từ ngoài tệp",
                                   "xóa trường đó (chọn rồi Delete) và gõ nội dung thường", quoted(para.text, 40)))
            hidden = "".join(p.t.text or "" for p in para.pieces if _hidden(p.run))
            if hidden.strip():
                out.append(Problem(para, part.label, f"chữ ẩn «{quoted(hidden, 40)}»: có trong tệp Word nhưng không "
                                   "in ra", "chọn chữ đó, bỏ chọn «Ẩn» (Phông chữ › Ẩn), hoặc xóa chữ đó",
                                   quoted(para.text, 40)))
    return out


def _hidden(run) -> bool:
    rpr = run.find(q("rPr")) if run is not None else None
    return rpr is not None and _on(rpr.find(q("vanish")))


def _referring(xml, rid: str, owner):
    """The element of *owner*'s XML that uses relationship *rid*."""
    for _, root, part in xml:
        if part is not owner:
            continue
        for el in root.iter():
            for key, value in el.attrib.items():
                if value == rid and key.startswith(f"{{{R}}}"):
                    return el
    return None


def _prog_id(el) -> str:
    if el is None:
        return ""
    return el.get("ProgID", "")


def _settings(doc):
    try:
        return doc.settings.element
    except (KeyError, AttributeError, ValueError):
        return None


def _comment_texts(doc) -> dict[str, str]:
    out = {}
    for rel in doc.part.rels.values():
        if rel.is_external or not rel.reltype.endswith("/comments"):
            continue
        try:
            root = etree.fromstring(rel.target_part.blob, SAFE_PARSER)
        except (etree.XMLSyntaxError, ValueError):
            continue
        for c in root.iter(q("comment")):
            out[c.get(q("id"))] = _texts(c, "t")
    return out


# --------------------------------------------------------------------------
# Repairing (vanban mau sua)


def accept_revisions(root) -> int:
    """Accept every tracked change in *root*; how many there were."""
    count = 0
    for el in list(root.iter(*REVISIONS)):
        parent = el.getparent()
        if parent is None:
            continue
        if el.tag in (q("ins"), q("del")) and parent.tag in (q("rPr"), q("trPr")):
            continue  # paragraph marks and rows: below
        count += el.tag not in MARKERS
        if el.tag in KEEP:
            _unwrap(el)
        elif el.tag in DROP or el.tag in MARKERS or el.tag in CHANGES:
            parent.remove(el)
        elif el.tag == q("cellDel"):
            cell = el
            while cell is not None and cell.tag != q("tc"):
                cell = cell.getparent()
            if cell is not None and cell.getparent() is not None:
                cell.getparent().remove(cell)
        elif el.tag == q("cellIns"):
            parent.remove(el)
    for mark in list(root.iter(q("ins"), q("del"))):
        parent = mark.getparent()
        if parent is None:
            continue
        count += 1
        if parent.tag == q("trPr"):
            row = parent.getparent()
            if mark.tag == q("del") and row is not None and row.getparent() is not None:
                table = row.getparent()
                table.remove(row)
                if table.find(q("tr")) is None and table.getparent() is not None:
                    table.getparent().remove(table)
            else:
                parent.remove(mark)
        elif parent.tag == q("rPr"):
            parent.remove(mark)
            para = parent.getparent().getparent() if parent.getparent() is not None else None
            if mark.tag == q("del") and para is not None and para.tag == q("p"):
                _join_next(para)
    return count


def _unwrap(el) -> None:
    parent = el.getparent()
    at = parent.index(el)
    for child in list(el):
        parent.insert(at, child)
        at += 1
    parent.remove(el)


def _join_next(para) -> None:
    """A deleted paragraph mark, accepted: the paragraph's content runs on into the next one,
    which keeps its own properties (Word keeps a paragraph's formatting in its mark)."""
    nxt = para.getnext()
    while nxt is not None and nxt.tag != q("p"):
        if nxt.tag in (q("tbl"), q("sectPr")):
            return
        nxt = nxt.getnext()
    if nxt is None:
        return
    content = [c for c in para if c.tag != q("pPr")]
    ppr = nxt.find(q("pPr"))
    at = nxt.index(ppr) + 1 if ppr is not None else 0
    for c in content:
        nxt.insert(at, c)
        at += 1
    para.getparent().remove(para)


def remove_comments(doc, roots) -> int:
    count = 0
    for root in roots:
        for el in list(root.iter(*COMMENT_MARKS)):
            parent = el.getparent()
            if el.tag == q("commentReference"):
                count += 1
                if parent.tag == q("r") and not [c for c in parent if c.tag not in (q("rPr"), q("commentReference"))]:
                    parent.getparent().remove(parent)
                    continue
            parent.remove(el)
    for rid, rel in list(doc.part.rels.items()):
        if not rel.is_external and rel.reltype.endswith(COMMENT_PARTS):
            count = count or len(_comment_texts(doc))
            _drop_rel(doc.part, rid)
    return count


def repair(doc, parts: list[Part]) -> list[str]:
    """Remove from an open template every leftover that can go without changing its printed
    text; what was done, one line each (in Vietnamese)."""
    done: list[str] = []
    xml = xml_parts(doc)
    accepted = sum(accept_revisions(root) for _, root, _ in xml)
    if accepted:
        done.append(f"đã chấp nhận {accepted} thay đổi được theo dõi")
    removed = remove_comments(doc, [root for _, root, _ in xml])
    if removed:
        done.append(f"đã xóa {removed} nhận xét")
    settings = _settings(doc)
    if settings is not None:
        track = settings.find(q("trackRevisions"))
        if track is not None:
            settings.remove(track)
            done.append("đã tắt Theo dõi thay đổi")
    for owner, rid, rel in list(_all_rels(doc)):
        kind = rel.reltype.rsplit("/", 1)[-1]
        holder = owner if owner is not None else doc.part.package
        if kind in ("vbaProject", "wordVbaData"):
            _drop_rel(holder, rid)
            done.append(f"đã bỏ macro ({_part_name(rel)})")
        elif kind == "customXml" and _custom_data(rel):
            _drop_rel(holder, rid)
            done.append(f"đã bỏ dữ liệu XML riêng ({_part_name(rel)})")
        elif rel.is_external and kind == "attachedTemplate":
            _drop_rel(holder, rid)
            if settings is not None:
                for el in settings.findall(q("attachedTemplate")):
                    settings.remove(el)
            done.append(f"đã bỏ liên kết tới tệp mẫu ngoài «{_target(rel.target_ref)}»")
        elif rel.is_external and kind == "hyperlink" and not WEB.match(rel.target_ref):
            for _, root, part in xml:
                if part is not owner:
                    continue
                for link in list(root.iter(q("hyperlink"))):
                    if link.get(f"{{{R}}}id") == rid:
                        for style in link.iter(q("rStyle")):
                            if style.get(q("val")) == "Hyperlink":
                                style.getparent().remove(style)
                        _unwrap(link)
            _drop_rel(holder, rid)
            done.append(f"đã bỏ liên kết tới tệp «{_target(rel.target_ref)}» (giữ chữ)")
    for _, root, _ in xml:
        for binding in list(root.iter(q("dataBinding"))):
            binding.getparent().remove(binding)
    write_back(doc)
    for part in parts:  # the paragraphs' pieces after the edits above
        for para in part.paragraphs:
            para.pieces = pieces_of(para.element)
    return done


# --------------------------------------------------------------------------
# An output


def scrub(doc) -> None:
    """No trace of the template's editors: revision session ids, people in its properties."""
    changed = []
    for name, root, part in xml_parts(doc):
        found = False
        for el in root.iter():
            for key in [k for k in el.attrib if k.startswith(f"{{{W}}}rsid")]:
                del el.attrib[key]
                found = True
        for el in list(root.iter(q("rsid"), q("rsids"))):
            el.getparent().remove(el)
            found = True
        if found:
            changed.append(part)
    write_back(doc, changed)
    core = doc.core_properties._element
    for el in list(core):
        name = el.tag.rsplit("}", 1)[-1]
        if name == "creator" and not re.search(r"\{[{%]", el.text or ""):  # docxtpl renders a tagged author
            el.text = "vanban"
        elif name == "lastModifiedBy":
            el.text = None
        elif name == "lastPrinted":
            core.remove(el)
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.is_external:
            _drop_rel(package, rid)
        elif rel.reltype.endswith("/custom-properties"):
            _drop_rel(package, rid)
        elif rel.reltype.endswith("/extended-properties"):
            part = rel.target_part
            part._blob = re.sub(rb"<(Company|Manager)>[^<]*</\1>", rb"<\1/>", part.blob)
            part._blob = re.sub(rb"<Template>[^<]*</Template>", b"<Template>Normal.dotm</Template>", part._blob)
            # the template's own counts (pages, words, lines…) say nothing true of a document made from
            # it: without them Word counts again, and the checker estimates instead of trusting «1 page»
            part._blob = re.sub(rb"\s*<(Pages|Words|Characters|CharactersWithSpaces|Lines|Paragraphs|TotalTime)>"
                                rb"[^<]*</\1>", b"", part._blob)
