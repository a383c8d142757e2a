"""The rule set's numbers as the raw layer takes them: a Profile becomes an ooxml Look."""

from __future__ import annotations

from ..data.model import Element, Profile
from ..ooxml.look import BodyLook, ElementLook, Look, PageLook

_looks: dict[int, tuple[Profile, Look]] = {}


def _element(e: Element) -> ElementLook:
    return ElementLook(size=e.co_chu, bold=e.dam, italic=e.nghieng, underline=e.gach_chan, align=e.can,
                       sizes=e.khoang, rule_fraction=e.duong_ke, rule_mm=e.duong_ke_mm)


def look_of(profile: Profile) -> Look:
    """The Look of *profile*, made once per profile (the same object every time it is asked)."""
    hit = _looks.get(id(profile))
    if hit is not None and hit[0] is profile:
        return hit[1]
    page, body = profile.trang, profile.noi_dung
    look = Look(
        font=profile.phong_chu,
        page=PageLook(page.rong_mm, page.cao_mm, page.le_tren_mm, page.le_duoi_mm, page.le_trai_mm,
                      page.le_phai_mm, page.cot_trai_mm, profile.gioi_han.cot_trai_mm[0],
                      profile.gioi_han.cot_trai_mm[1]),
        body=BodyLook(body.co_chu, body.thut_dau_dong_cm, body.cach_sau_pt, body.dong_cach_pt, body.bang_co_chu),
        page_number_size=profile.so_trang.co_chu,
        page_number_from=profile.so_trang.tu_trang,
        elements={key: _element(e) for key, e in profile.thanh_phan.items()},
    )
    if len(_looks) >= 64:
        _looks.clear()
    _looks[id(profile)] = (profile, look)
    return look
