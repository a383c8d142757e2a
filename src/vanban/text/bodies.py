"""How an office names its own bodies in running text, by its level.

A Huyện ủy's plan says «Ban Tổ chức Huyện ủy có trách nhiệm giúp Huyện ủy …», a commune
Đảng ủy's says «… giúp Đảng ủy …», a UBND xã's «các ban, ngành của xã». Each word comes
from the organisation's data (don-vi.yaml «cach_goi») or, where it says nothing, from the
usual name at the issuer's level: tỉnh, huyện, xã/phường, cơ sở (Party or State), Sở.

Like names.py, the functions take the organisation's records as they are (anything with
the fields of data/model.py's Organisation): this layer sits below the data.
"""

from __future__ import annotations

import re

from . import vietnamese as vi

# The committee words that open a Party issuer's name
PARTY_COMMITTEES = ("tỉnh ủy", "thành ủy", "huyện ủy", "quận ủy", "thị ủy", "đảng ủy", "chi bộ")
COMMUNES = ("xã", "phường", "thị trấn", "đặc khu")
DISTRICTS = ("huyện", "quận", "thị xã", "thành phố")
# The place a committee governs, as prose names it ('các ban, ngành của huyện')
COMMITTEE_PLACE = {"tỉnh ủy": "tỉnh", "thành ủy": "thành phố", "huyện ủy": "huyện", "quận ủy": "quận",
                   "thị ủy": "thị xã"}
# Words that name a residential place: a unit kind so named is a place ('các ấp', 'các xã, thị trấn')
PLACES = ("tổ dân phố", "khu phố", "khu dân cư", "thị trấn", "thị xã", "thành phố", "đặc khu", "ấp", "thôn",
          "xóm", "bản", "buôn", "làng", "khóm", "sóc", "xã", "phường", "huyện", "quận", "tỉnh")
WORDS = ("cap_uy", "thuong_vu", "van_phong", "ban_to_chuc", "ban_tuyen_giao", "ban_nganh", "dia_ban", "don_vi",
         "lanh_dao_don_vi")


def _lower(text: str) -> str:
    """For comparing names: one space, lower case, tone marks placed the new way (ủy, hòa)."""
    return vi.set_tone_style(" ".join(text.split()), "moi").lower()


def committee(org) -> str:
    """The committee word of a Party issuer as its name writes it ('Huyện ủy', 'Đảng ủy', 'Chi bộ'),
    or '' for a State body."""
    if org.quy_tac != "dang":
        return ""
    words = _issuer(org).split()
    name = _lower(" ".join(words))
    for word in PARTY_COMMITTEES:
        if name.startswith(word):
            return " ".join(words[:2])
    return "Đảng ủy"


def _issuer(org) -> str:
    """The issuer's name without a standing body in front ('Ban Thường vụ Tỉnh ủy X' → 'Tỉnh ủy X') and
    with 'UBND' written out."""
    name = " ".join(org.co_quan.ten.split())
    if _lower(name).startswith("ban thường vụ "):
        name = name[len("ban thường vụ "):]
    if name.upper().startswith("UBND "):
        name = "Ủy ban nhân dân " + name[5:]
    return name


def _place_after(name: str, prefix: str, places) -> str:
    """The place word right after *prefix* in *name* ('xã' in 'đảng ủy xã an phú')."""
    rest = name[len(prefix):].strip() if name.startswith(prefix) else ""
    return next((p for p in places if rest == p or rest.startswith(p + " ")), "")


def _upper_is_district(org) -> bool:
    """The level above is a district: a commune from before the 2025 reform."""
    return any(f" {d} " in f" {_lower(level.ten)} " for level in org.cap_tren[-1:] for d in ("huyện", "quận", "thị xã"))


def place(org) -> str:
    """The kind of place the issuer governs: 'xã', 'phường', 'huyện', 'tỉnh', 'Sở' … ('' if none)."""
    name = _lower(_issuer(org))
    if org.quy_tac == "dang":
        word = _lower(committee(org))
        if word in COMMITTEE_PLACE:
            return COMMITTEE_PLACE[word]
        return _place_after(name, "đảng ủy", COMMUNES)
    body = _place_after(name, "ủy ban nhân dân", COMMUNES + DISTRICTS + ("tỉnh",))
    if body:
        return body
    return "Sở" if name.startswith("sở ") else ""


def level(org) -> str:
    """tinh, huyen, xa, co_so or so: the data's «cap», else read from the issuer's name."""
    if getattr(org, "cap", None):
        return org.cap
    where = place(org)
    if where in COMMUNES:
        return "xa"
    if where in ("huyện", "quận", "thị xã"):
        return "huyen"
    if where == "thành phố":  # a city under a province is a district; a centrally run city is a province
        return "huyen" if any("tỉnh" in _lower(lv.ten).split() for lv in org.cap_tren) else "tinh"
    if where == "tỉnh":
        return "tinh"
    if where == "Sở":
        return "so"
    return "co_so"


def after_2025(org) -> bool:
    """The office's structure is the one after the 2025 reform (no district level): a term
    that starts in 2025 or later, or a commune whose level above is not a district."""
    terms = getattr(org, "nhiem_ky", []) or []
    if terms:
        return max(t.bat_dau.year for t in terms) >= 2025
    return level(org) == "xa" and not _upper_is_district(org)


def _defaults(org) -> dict[str, str]:
    lv = level(org)
    where = place(org)
    if org.quy_tac == "dang":
        c = committee(org)
        if _lower(c) == "chi bộ":
            return {"cap_uy": "Chi bộ", "thuong_vu": "Chi ủy", "van_phong": "Chi ủy", "ban_to_chuc": "Chi ủy",
                    "ban_tuyen_giao": "Chi ủy", "ban_nganh": "các tổ chức đoàn thể", "don_vi": "tổ đảng"}
        out = {"cap_uy": c, "thuong_vu": f"Ban Thường vụ {c}", "van_phong": f"Văn phòng {c}"}
        if lv in ("tinh", "huyen"):
            out["ban_to_chuc"] = f"Ban Tổ chức {c}"
            out["ban_tuyen_giao"] = (f"Ban Tuyên giáo và Dân vận {c}" if lv == "tinh" and after_2025(org)
                                     else f"Ban Tuyên giáo {c}")
            out["ban_nganh"] = (f"các sở, ban, ngành, đoàn thể {where or 'tỉnh'}" if lv == "tinh"
                                else f"các ban, ngành, đoàn thể {where or 'huyện'}")
            out["don_vi"] = "tổ chức cơ sở đảng" if lv == "huyen" else "tổ chức đảng"
        else:
            staff = "Ban Xây dựng Đảng" if lv == "xa" and after_2025(org) else f"Văn phòng {c}"
            out.update({"ban_to_chuc": staff, "ban_tuyen_giao": staff,
                        "ban_nganh": f"các ban, ngành, đoàn thể {where}" if where else "các đoàn thể",
                        "don_vi": "tổ chức đảng"})
        return out
    body = org.co_quan.goi_tat or (f"Ủy ban nhân dân {where}" if lv in ("xa", "huyen", "tinh") and where
                                   else org.co_quan.ten)
    if lv == "so":
        return {"cap_uy": body, "thuong_vu": body, "van_phong": "Văn phòng Sở", "ban_to_chuc": "Văn phòng Sở",
                "ban_tuyen_giao": "Văn phòng Sở", "ban_nganh": "các phòng, đơn vị thuộc Sở", "don_vi": "đơn vị"}
    if lv in ("xa", "huyen"):
        office = f"Văn phòng Hội đồng nhân dân và Ủy ban nhân dân {where}"
        return {"cap_uy": body, "thuong_vu": body, "van_phong": office,
                "ban_to_chuc": office if lv == "xa" else "Phòng Nội vụ",
                "ban_tuyen_giao": office if lv == "xa" else "Phòng Văn hóa và Thông tin",
                "ban_nganh": f"các ban, ngành của {where}" if lv == "xa" else f"các phòng, ban, ngành của {where}",
                "don_vi": "đơn vị"}
    if lv == "tinh":
        return {"cap_uy": body, "thuong_vu": body, "van_phong": "Văn phòng Ủy ban nhân dân tỉnh",
                "ban_to_chuc": "Sở Nội vụ", "ban_tuyen_giao": "Sở Văn hóa, Thể thao và Du lịch",
                "ban_nganh": "các sở, ban, ngành của tỉnh", "don_vi": "đơn vị"}
    return {"cap_uy": body, "thuong_vu": body, "van_phong": "bộ phận Văn phòng", "ban_to_chuc": "bộ phận Tổ chức",
            "ban_tuyen_giao": "bộ phận Văn phòng", "ban_nganh": "các bộ phận", "don_vi": "đơn vị"}


def place_units(org) -> list[str]:
    """The place words of the organisation's unit kinds, in unit order: ['ấp'], ['xã', 'thị trấn']."""
    out: list[str] = []
    seen: set[str] = set()
    for u in org.don_vi:
        kind = org.loai_don_vi.get(u.loai)
        if kind is None or u.loai in seen:  # a kind's words are looked at once, at its first unit
            continue
        seen.add(u.loai)
        for text in (kind.tien_to, kind.ten):
            word = _lower(text)
            if word in PLACES:
                if word not in out:
                    out.append(word)
                break
    return out


def mixed_noun(org) -> str:
    """The noun for the organisation's units when they are of several kinds."""
    given = getattr(getattr(org, "cach_goi", None), "don_vi", "")
    return given or _defaults(org)["don_vi"]


def words(org, noun: str) -> dict[str, str]:
    """Every name of the office's own bodies as its prose writes them; *noun*: the units' noun."""
    out = _defaults(org)
    places = place_units(org)
    out["dia_ban"] = "các " + ", ".join(places) if places else "các khu dân cư"
    if org.quy_tac == "dang":
        out["lanh_dao_don_vi"] = "chi ủy chi bộ" if noun == "chi bộ" else f"cấp ủy {noun}"
    else:
        out["lanh_dao_don_vi"] = f"trưởng {noun}" if noun in PLACES else f"người đứng đầu {noun}"
    out["don_vi"] = noun
    given = getattr(org, "cach_goi", None)
    for key in WORDS:
        value = getattr(given, key, "") if given is not None else ""
        if value:
            out[key] = value
    style = getattr(org, "kieu_dau", "moi")
    return {k: vi.set_tone_style(" ".join(v.split()), style) for k, v in out.items()}


def speaker(org, signer, all_words: dict[str, str]) -> str:
    """The body a document speaks for, from who signs it: T/M Ban Thường vụ → «Ban Thường vụ
    Huyện ủy»; T/M Đảng ủy → «Đảng ủy»; a State body → its own name in prose."""
    authority = getattr(signer, "quyen_han", None)
    if org.quy_tac == "dang" and authority is not None and authority.kieu == "tm":
        name = _lower(authority.ten)
        if name.startswith("ban thường vụ") or name == "chi ủy":
            return all_words["thuong_vu"]
    return all_words["cap_uy"]


# --------------------------------------------------------------------------
# Names of bodies and places that belong to one level: what a template or a document
# should not say when its issuer is at another level


BODY_PHRASE = re.compile(
    r"(?:(?:Cán bộ\s+)?(?:Văn phòng\s*-\s*Tổ chức|Văn phòng|Ban Thường vụ|Ban Tổ chức|Ban Tuyên giáo(?: và Dân vận)?|"
    r"Ban Xây dựng Đảng|Ban Dân vận|Ủy ban Kiểm tra)\s+)?"
    r"(?<![\w])(Tỉnh ủy|Thành ủy|Huyện ủy|Quận ủy|Thị ủy|Đảng ủy)(?!\s+viên)(?:\s+(xã|phường|thị trấn))?(?![\w])")
STATE_PHRASE = re.compile(r"(?<![\w])(Ủy ban nhân dân|UBND|Hội đồng nhân dân|HĐND)(?:\s+(xã|phường|thị trấn|"
                          r"huyện|quận|thị xã|tỉnh|thành phố))?(?![\w])")
PLACE_PHRASE = re.compile(r"(?<![\w])(?:của|toàn)\s+(xã|phường|thị trấn|huyện|quận|thị xã|tỉnh)(?![\w])")
UNITS_PHRASE = re.compile(r"(?<![\w])các\s+(ấp|thôn|xóm|bản|buôn|làng|khóm|sóc|tổ dân phố|khu phố)(?![\w])")


def foreign_phrases(org, text: str, own: dict[str, str]) -> list[tuple[str, str, int]]:
    """(phrase, the variable that names it from the data, where it starts) for each phrase of *text* that names a
    body, a level or a kind of place other than the issuer's own: «Đảng ủy» in a Huyện ủy's
    template, «Văn phòng - Tổ chức Đảng ủy» where the data calls the office otherwise, «của xã»
    in a Sở's, «các ấp» where the units are thôn. *own*: words(org, …)."""
    text = vi.set_tone_style(text, "moi")
    mine = {_lower(v) for v in own.values() if v} | {_lower(org.co_quan.ten), _lower(org.co_quan.goi_tat or "")}
    c = _lower(committee(org))
    where = place(org)
    found: list[tuple[str, str, int]] = []
    for m in BODY_PHRASE.finditer(text):
        phrase, word, at = m.group(0), _lower(m.group(1)), m.group(2)
        body = phrase[:m.start(1) - m.start(0)].strip()
        if _lower(phrase) in mine:
            continue
        if org.quy_tac == "dang" and word == c and not body and (at is None or at == where):
            continue  # the committee itself: 'Đảng ủy', 'Đảng ủy xã'
        if org.quy_tac == "nha_nuoc" and not body:
            continue  # a State body may name the Party committee it works under
        found.append((phrase, _variable(phrase), m.start()))
    if org.quy_tac == "nha_nuoc":
        for m in STATE_PHRASE.finditer(text):
            if m.group(2) and m.group(2) != where and _lower(m.group(0)) not in mine:
                found.append((m.group(0), "cap_uy", m.start()))
    for m in PLACE_PHRASE.finditer(text):
        if m.group(1) != where:
            found.append((m.group(0), "ban_nganh", m.start()))
    places = place_units(org)
    for m in UNITS_PHRASE.finditer(text):
        if m.group(1) not in places:
            found.append((m.group(0), "dia_ban", m.start()))
    first: dict[str, tuple[str, str, int]] = {}
    for item in found:
        first.setdefault(item[0], item)
    return sorted(first.values(), key=lambda item: item[2])


def _variable(phrase: str) -> str:
    p = phrase.lower()
    for start, name in (("cán bộ văn phòng", "ban_to_chuc"), ("văn phòng", "van_phong"), ("ban thường vụ", "thuong_vu"),
                        ("ban tổ chức", "ban_to_chuc"), ("ban tuyên giáo", "ban_tuyen_giao"),
                        ("ban xây dựng", "ban_to_chuc"), ("cán bộ", "ban_tuyen_giao")):
        if p.startswith(start):
            return name
    return "cap_uy"
