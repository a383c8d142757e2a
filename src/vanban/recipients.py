"""Nơi nhận: resolve a document's recipient lines against the registry,
count the copies, and write the lines the way the rule set prints them."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Organisation, Profile, Recipient, RecipientLine


@dataclass(frozen=True)
class Delivery:
    """One resolved line of a Nơi nhận."""

    label: str            # as printed after '- '
    copies: int
    members: tuple[tuple[str, int], ...] = ()  # who signs for how many copies (delivery book)


def branch_name(org: Organisation, branch) -> str:
    """'Chi bộ ấp Chợ': the branch prefix, the kind's prefix, the name."""
    prefix = org.loai_chi_bo[branch.loai].tien_to if branch.loai in org.loai_chi_bo else ""
    return " ".join(p for p in (org.ten_chi_bo, prefix, branch.ten) if p)


def group_branches(org: Organisation, group: Recipient) -> list:
    return [b for b in org.chi_bo if not group.loai_chi_bo or b.loai in group.loai_chi_bo]


def _line_copies(org: Organisation, line: RecipientLine) -> tuple[int, list]:
    """Copies a line stands for, and the branches behind it when it is a branch group."""
    if line.id is None:
        return (line.so_ban if line.so_ban is not None else 1), []
    entry = {r.id: r for r in org.noi_nhan}[line.id]
    if entry.nhom == "chi_bo":
        chosen = [b for b in group_branches(org, entry) if line.chon is None or b.id in line.chon]
        return len(chosen) * entry.so_ban, chosen
    if line.so_ban is not None:
        return line.so_ban, []
    return (entry.so_thanh_vien if entry.so_thanh_vien is not None else entry.so_ban), []


def resolve_line(org: Organisation, profile: Profile, line: RecipientLine) -> Delivery:
    note = f" {line.ghi_chu}" if line.ghi_chu else ""
    copies, chosen = _line_copies(org, line)
    if line.id is None:
        return Delivery(line.ten + note, copies, ((line.ten, copies),))
    entry = {r.id: r for r in org.noi_nhan}[line.id]
    name = line.ten or entry.ten
    if entry.nhom == "chi_bo":
        label = (profile.mau.nhom_dem.format(so=len(chosen), tong=len(group_branches(org, entry)), ten=name)
                 if entry.hien_so else name)
        return Delivery(label + note, copies, tuple((branch_name(org, b), entry.so_ban) for b in chosen))
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
