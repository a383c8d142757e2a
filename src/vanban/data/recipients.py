"""Nơi nhận: resolve a document's recipient lines against the registry,
count the copies, and write the lines the way the rule set prints them."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Organisation, Profile, Recipient, RecipientLine
from ..text.names import counted_group, unit_name


@dataclass(frozen=True)
class Delivery:
    """One resolved line of a Nơi nhận."""

    label: str            # as printed after '- '
    copies: int
    members: tuple[tuple[str, int], ...] = ()  # who signs for how many copies (delivery book)


def group_units(org: Organisation, group: Recipient) -> list:
    return [u for u in org.don_vi if not group.loai_don_vi or u.loai in group.loai_don_vi]


def _line_copies(org: Organisation, line: RecipientLine) -> tuple[int, list]:
    """Copies a line stands for, and the units behind it when it is a group of units."""
    if line.id is None:
        return (line.so_ban if line.so_ban is not None else 1), []
    entry = {r.id: r for r in org.noi_nhan}[line.id]
    if entry.nhom == "don_vi":
        chosen = [u for u in group_units(org, entry) if line.chon is None or u.id in line.chon]
        return len(chosen) * entry.so_ban, chosen
    if line.so_ban is not None:
        return line.so_ban, []
    return (entry.so_thanh_vien if entry.so_thanh_vien is not None else entry.so_ban), []


def resolve_line(org: Organisation, profile: Profile, line: RecipientLine) -> Delivery:
    note = " " + line.ghi_chu.replace(" ", "\u00a0") if line.ghi_chu else ""  # '(để thực hiện)' never splits
    copies, chosen = _line_copies(org, line)
    if line.id is None:
        return Delivery(line.ten + note, copies, ((line.ten, copies),))
    entry = {r.id: r for r in org.noi_nhan}[line.id]
    name = line.ten or entry.ten
    if entry.nhom == "don_vi":
        label = (profile.mau.nhom_dem.format(so=len(chosen), tong=len(group_units(org, entry)),
                                             ten=counted_group(name)) if entry.hien_so else name)
        return Delivery(label + note, copies, tuple((unit_name(org, u), entry.so_ban) for u in chosen))
    return Delivery(name + note, copies, ((name, copies),))


def archive_copies(org: Organisation, doc) -> int:
    value = getattr(doc, "luu_so_ban", None)
    return org.luu_so_ban if value is None else value


def resolve(org: Organisation, profile: Profile, doc) -> list[Delivery]:
    return [resolve_line(org, profile, line) for line in doc.noi_nhan]


def count_copies(org: Organisation, doc) -> int:
    """Each body one copy (or its so_ban), each member of a group one, plus the archive."""
    return sum(_line_copies(org, line)[0] for line in doc.noi_nhan) + archive_copies(org, doc)


def lines(org: Organisation, profile: Profile, doc) -> list[str]:
    """The printed list: '- VP Huyện ủy;' … '- Lưu VT, 28b.'"""
    end = org.dau_cuoi_noi_nhan
    out = [f"- {d.label}{end}" for d in resolve(org, profile, doc)]
    total = count_copies(org, doc)
    out.append("- " + profile.mau.luu.format(so_ban=total))
    return out
