"""How vanban names the organisation's units and bodies, in its own words.

A unit's name is its kind's noun (capitalised), the kind's prefix and its own
name: 'chi bộ' + 'ấp' + 'Một' → 'Chi bộ ấp Một'. In prose, several units share
what they have in common: 'Chi bộ ấp Một, Hai, Trường Mẫu giáo'. Messages
use the data's own nouns ('chi bộ', 'thôn', 'đảng bộ'), never a fixed word.

The functions take the organisation's records as they are (anything with the
fields of data/model.py's Organisation and Unit): this layer sits below the data.
"""

from __future__ import annotations

from .bodies import mixed_noun


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def unit_parts(org, unit) -> tuple[str, str, str]:
    """(noun, prefix, name) of a unit: ('Chi bộ', 'ấp', 'Một')."""
    kind = org.loai_don_vi.get(unit.loai)
    if kind is None:
        return ("", "", unit.ten)
    return (capitalise(kind.ten), kind.tien_to, unit.ten)


def unit_name(org, unit) -> str:
    """'Chi bộ ấp Một', 'Thôn Ba', or the unit's declared full name."""
    if unit.ten_day_du:
        return unit.ten_day_du
    return " ".join(p for p in unit_parts(org, unit) if p)


def unit_noun(org, units=None) -> str:
    """The noun for these units (all of the organisation's by default): their kinds'
    common noun when they share one ('chi bộ'), else the organisation's noun for units of
    several kinds (cach_goi.don_vi; by default 'tổ chức cơ sở đảng' under a Huyện ủy,
    'đơn vị' under a State body)."""
    units = org.don_vi if units is None else units
    nouns = {org.loai_don_vi[u.loai].ten.lower() for u in units if u.loai in org.loai_don_vi}
    if not nouns:
        nouns = {k.ten.lower() for k in org.loai_don_vi.values()}
    return nouns.pop() if len(nouns) == 1 else mixed_noun(org)


def unit_heading(org) -> str:
    """The units' column heading in a table: 'Chi bộ', 'Thôn', 'Đơn vị'."""
    return capitalise(unit_noun(org))


def elide(items: list[tuple[str, ...]]) -> str:
    """Join name parts, writing the leading parts only where they change:
    [('Chi bộ','ấp','Một'), ('Chi bộ','ấp','Hai'), ('Chi bộ','Trường','Mẫu giáo')]
    → 'Chi bộ ấp Một, Hai, Trường Mẫu giáo'. A unit without a name of its own
    keeps its last word ('cơ quan')."""
    out, last = [], None
    for parts in items:
        k = 0
        if last is not None and len(last) == len(parts):
            while k < len(parts) - 1 and parts[k] == last[k]:
                k += 1
        shown = [p for p in parts[k:] if p] or [p for p in parts if p][-1:]
        out.append(" ".join(shown))
        last = parts
    return ", ".join(out)


def units_text(org, units) -> str:
    """'Chi bộ ấp Một, Hai' for one or more units (full names stand alone)."""
    items = []
    for u in units:
        items.append(("", "", u.ten_day_du) if u.ten_day_du else unit_parts(org, u))
    return elide(items)


LIST_MAX = 15  # more unit names than this in one sentence become a count (the table has them)


def units_listed(org, units, table: str = "Bảng 1") -> str:
    """Units as running text names them: their names, or past LIST_MAX a count that points
    to the table holding them: '45 đơn vị (chi tiết tại Bảng 1)'."""
    if len(units) <= LIST_MAX:
        return units_text(org, units)
    return f"{len(units)} {unit_noun(org, units)} (chi tiết tại {table})"


def group_phrase(name: str) -> str:
    """A group of units as running text names it: a common noun, in lower case and plural
    ('Chi bộ trực thuộc' → 'các chi bộ trực thuộc', 'Các thôn' → 'các thôn',
    'Chi bộ các ấp' → 'chi bộ các ấp')."""
    text = " ".join(name.split())
    text = text[:1].lower() + text[1:]
    words = text.split()
    if "các" not in words and "những" not in words:
        text = "các " + text
    return text


def counted_group(name: str) -> str:
    """A group's name after its count in a Nơi nhận line: '14/14 Chi bộ trực thuộc', never
    '14/14 Các chi bộ trực thuộc'."""
    words = " ".join(name.split()).split(" ")
    if len(words) > 1 and words[0].lower() in ("các", "những"):
        words = words[1:]
    return capitalise(" ".join(words))


def mass_parts(org, body) -> tuple[str, str]:
    kind = org.loai_doan_the.get(body.loai)
    return (kind.tien_to if kind else "", body.ten)


def body_name(org, ref: str) -> str:
    """The name of a unit, mass organisation or registry entry in running text (a group of
    units is a common noun there: 'các thôn')."""
    for u in org.don_vi:
        if u.id == ref:
            return unit_name(org, u)
    for d in org.doan_the:
        if d.id == ref:
            return " ".join(p for p in mass_parts(org, d) if p)
    for r in org.noi_nhan:
        if r.id == ref:
            return group_phrase(r.ten) if r.nhom else r.ten
    raise KeyError(ref)


def bodies_text(org, refs: list[str], title: str = "") -> str:
    """Several bodies in one phrase: units share their noun and prefix, mass
    organisations their kind's prefix; *title* ('Ban Thường vụ') goes in front."""
    units = {u.id: u for u in org.don_vi}
    mass = {d.id: d for d in org.doan_the}
    if all(r in units for r in refs):
        text = units_text(org, [units[r] for r in refs])
    elif all(r in mass for r in refs):
        text = elide([mass_parts(org, mass[r]) for r in refs])
    else:
        text = ", ".join(body_name(org, r) for r in refs)
    return f"{title} {text}" if title else text
