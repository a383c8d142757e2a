"""The thể thức of a rule set (the package's profiles/<code>.yaml), with an office's own
values (don-vi.yaml «the_thuc») each checked against what the rules allow."""

from __future__ import annotations

import re
from importlib import resources

from ..errors import DataError, Findings
from .model import Organisation, Profile
from .sources import Source
from .sources.yaml import read_yaml
from .validate import validate


def load_profile(code: str) -> Profile:
    """The thể thức of a rule set, from the package's profiles/<code>.yaml."""
    res = resources.files("vanban") / "profiles" / f"{code}.yaml"
    with resources.as_file(res) as file:
        data, src = read_yaml(file, f"profiles/{code}.yaml")
    return validate(Profile, data, src)


def _number(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _span(lo: float, hi: float) -> str:
    return f"{lo:g}" if lo == hi else f"{lo:g}–{hi:g}"


def apply_overrides(profile: Profile, overrides: dict, src: Source) -> Profile:
    """The profile with the office's own values (don-vi.yaml «the_thuc»), each checked
    against what the rules allow; a value outside them is an error naming the rule."""
    if not overrides:
        return profile
    out = Findings()
    data = profile.model_dump()
    lim = profile.gioi_han
    rule = profile.can_cu

    def bounded(path: tuple, value, lo: float, hi: float, what: str) -> float | None:
        n = _number(value)
        if n is None:
            out.add(src.at("the_thuc", *path), f"«{'.'.join(path)}» phải là một số, không phải {value!r}",
                    f"ghi một số từ {lo:g} đến {hi:g}")
            return None
        if not lo <= n <= hi:
            out.add(src.at("the_thuc", *path),
                    f"{what} {n:g} nằm ngoài quy định {_span(lo, hi)} của {rule}",
                    f"chọn một giá trị từ {lo:g} đến {hi:g}, hoặc xóa dòng này để dùng mặc định" if lo != hi
                    else f"quy định chỉ cho phép {lo:g}: xóa dòng này")
            return None
        return n

    sections = {"trang", "noi_dung", "thanh_phan", "mau"}
    for section, values in overrides.items():
        if section not in sections or not isinstance(values, dict):
            out.add(src.at("the_thuc", section), f"mục «the_thuc.{section}» không được biết đến",
                    f"dùng: {', '.join(sorted(sections))}")
            continue
        for key, value in values.items():
            path = (section, key)
            if section == "trang":
                margins = {"le_tren_mm": "tren", "le_duoi_mm": "duoi", "le_trai_mm": "trai", "le_phai_mm": "phai"}
                if key in margins:
                    lo, hi = lim.le_mm[margins[key]]
                elif key == "cot_trai_mm":
                    lo, hi = lim.cot_trai_mm
                else:
                    out.add(src.at("the_thuc", *path), f"không đặt được «{key}»",
                            "đặt được: le_tren_mm, le_duoi_mm, le_trai_mm, le_phai_mm, cot_trai_mm")
                    continue
                n = bounded(path, value, lo, hi, "lề" if key != "cot_trai_mm" else "độ rộng cột trái")
                if n is not None:
                    data["trang"][key] = n
            elif section == "noi_dung":
                ranges = {"co_chu": lim.co_chu_noi_dung, "thut_dau_dong_cm": lim.thut_dau_dong_cm}
                if key not in ranges:
                    out.add(src.at("the_thuc", *path), f"không đặt được «{key}»", "đặt được: co_chu, thut_dau_dong_cm")
                    continue
                n = bounded(path, value, *ranges[key], "cỡ chữ nội dung" if key == "co_chu" else "thụt đầu dòng")
                if n is not None:
                    data["noi_dung"][key] = n
            elif section == "thanh_phan":
                element = profile.thanh_phan.get(key)
                if element is None or not isinstance(value, dict):
                    out.add(src.at("the_thuc", *path), f"không có thành phần «{key}»",
                            f"chọn một trong: {', '.join(profile.thanh_phan)}")
                    continue
                for attr, v in value.items():
                    if attr != "co_chu":
                        out.add(src.at("the_thuc", *path, attr), f"chỉ đặt được cỡ chữ (co_chu) của «{key}»",
                                "kiểu chữ của các thành phần do quy tắc thể thức quy định")
                        continue
                    lo, hi = element.khoang or (element.co_chu, element.co_chu)
                    n = bounded((*path, attr), v, lo, hi, f"cỡ chữ của «{key}»")
                    if n is not None:
                        data["thanh_phan"][key]["co_chu"] = n
            elif section == "mau":
                if key != "luu" or not isinstance(value, str):
                    out.add(src.at("the_thuc", *path), f"không đặt được «mau.{key}»",
                            "đặt được: luu (dòng lưu cuối Nơi nhận)")
                    continue
                try:
                    value.format(so_ban=1)
                    well_formed = True
                except (KeyError, IndexError, ValueError):
                    well_formed = False
                if not well_formed or not re.match(lim.mau_luu, value):
                    out.add(src.at("the_thuc", *path), f"dòng lưu «{value}» không đúng {rule}",
                            f"dòng lưu phải có dạng {lim.mau_luu_vi_du}")
                    continue
                data["mau"]["luu"] = value
    out.raise_if_any(DataError)
    return Profile.model_validate(data)


def organisation_profile(org: Organisation, src: Source) -> Profile:
    """The rule set of the organisation, with its own values within the rules."""
    return apply_overrides(load_profile(org.quy_tac), org.the_thuc, src)
