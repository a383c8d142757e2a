"""Rules across records: references, uniqueness, totals, dates, copies.

Each check adds findings to a collector; nothing raises until the caller
has run every check, so the clerk sees all problems at once.
"""

from __future__ import annotations

import re

from . import vietnamese as vi
from .errors import Findings
from .load import Source
from .model import Organisation, Plan
from .recipients import count_copies


def _unique(items, key: str, src: Source, path: tuple, out: Findings, what: str) -> None:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        value = getattr(item, key)
        if value in seen:
            first = src.at(*path, seen[value], key)
            out.add(src.at(*path, i, key), f"{what} «{value}» bị trùng (đã có ở dòng {first.line})",
                    "mỗi mã chỉ khai một lần; đổi mã hoặc xóa dòng trùng")
        else:
            seen[value] = i


def check_organisation(org: Organisation, src: Source) -> Findings:
    out = Findings()
    _unique(org.nguoi_ky, "id", src, ("nguoi_ky",), out, "người ký")
    # branch, mass-organisation and recipient ids share one name space:
    # an assignment or a recipient line may point at any of them
    seen: dict[str, tuple] = {}
    for reg in ("chi_bo", "doan_the", "noi_nhan"):
        for i, item in enumerate(getattr(org, reg)):
            if item.id in seen:
                first = src.at(*seen[item.id])
                out.add(src.at(reg, i, "id"), f"mã «{item.id}» bị trùng (đã dùng ở dòng {first.line})",
                        "mã của chi bộ, đoàn thể và nơi nhận phải khác nhau")
            else:
                seen[item.id] = (reg, i, "id")
    for i, b in enumerate(org.chi_bo):
        if b.loai not in org.loai_chi_bo:
            out.add(src.at("chi_bo", i, "loai"), f"loại chi bộ «{b.loai}» chưa khai trong loai_chi_bo",
                    f"chọn một trong: {', '.join(org.loai_chi_bo)}, hoặc thêm loại này vào loai_chi_bo")
    for i, d in enumerate(org.doan_the):
        if d.loai not in org.loai_doan_the:
            out.add(src.at("doan_the", i, "loai"), f"loại đoàn thể «{d.loai}» chưa khai trong loai_doan_the",
                    f"chọn một trong: {', '.join(org.loai_doan_the)}")
    for i, r in enumerate(org.noi_nhan):
        for j, k in enumerate(r.loai_chi_bo):
            if k not in org.loai_chi_bo:
                out.add(src.at("noi_nhan", i, "loai_chi_bo", j), f"loại chi bộ «{k}» chưa khai",
                        f"chọn một trong: {', '.join(org.loai_chi_bo)}")
        if r.loai_chi_bo and r.nhom != "chi_bo":
            out.add(src.at("noi_nhan", i), f"nơi nhận «{r.id}» lọc loai_chi_bo nhưng không phải nhóm chi bộ",
                    "thêm «nhom: chi_bo»")
        if r.nhom and r.so_thanh_vien is not None:
            out.add(src.at("noi_nhan", i), f"nơi nhận «{r.id}» vừa là nhóm chi bộ vừa ghi so_thanh_vien",
                    "chỉ giữ một trong hai")
    return out


def check_signer(org: Organisation, signer: str, src: Source) -> Findings:
    """The document's signer is one of the organisation's signers."""
    out = Findings()
    if signer not in {s.id for s in org.nguoi_ky}:
        out.add(src.at("nguoi_ky"), f"người ký «{signer}» không có trong don-vi.yaml",
                f"chọn một trong: {', '.join(s.id for s in org.nguoi_ky)}")
    return out


def check_issue_facts(doc, src: Source, numbering) -> Findings:
    """A document built for issue needs its number and date; a draft may leave them blank,
    and issuing fills a blank number from the register."""
    out = Findings()
    if not numbering.blank_ok and doc.so is None:
        out.add(src.at("so"), "chưa có số văn bản",
                "ghi «so: …», hoặc dựng bản dự thảo với --du-thao (số để trống)")
    if not numbering.draft and doc.ngay is None:
        out.add(src.at("ngay"), "chưa có ngày ban hành",
                "ghi «ngay: NĂM-THÁNG-NGÀY», hoặc dựng bản dự thảo với --du-thao")
    return out


def check_plan(org: Organisation, plan: Plan, src: Source, year: int, numbering) -> Findings:
    out = check_issue_facts(plan, src, numbering)
    branches = {b.id for b in org.chi_bo}
    mass = {d.id for d in org.doan_the}
    groups = {r.id for r in org.noi_nhan if r.nhom == "chi_bo"}

    out.extend(check_signer(org, plan.nguoi_ky, src))

    # the plan year, the issue date and the term
    m = re.match(r"^(\d{4})\s*-\s*(\d{4})$", plan.nhiem_ky)
    if m and not int(m.group(1)) <= year <= int(m.group(2)):
        out.add(src.at("nhiem_ky"), f"năm {year} không nằm trong nhiệm kỳ {plan.nhiem_ky}",
                "sửa nhiệm kỳ cho đúng")
    if plan.ngay and plan.ngay.year not in (year - 1, year):
        out.add(src.at("ngay"), f"ngày ban hành {vi.short_date(plan.ngay)} không hợp với kế hoạch năm {year}",
                f"kế hoạch năm {year} ban hành trong năm {year - 1} hoặc {year}")

    # cited documents: one record per document
    _unique(plan.van_ban, "id", src, ("van_ban",), out, "văn bản dẫn")
    by_number: dict[str, int] = {}
    for i, doc in enumerate(plan.van_ban):
        if doc.so_ky_hieu:
            key = doc.so_ky_hieu.replace(" ", "").upper()
            if key in by_number:
                first = plan.van_ban[by_number[key]]
                out.add(src.at("van_ban", i, "so_ky_hieu"),
                        f"văn bản {doc.so_ky_hieu} được khai hai lần "
                        f"(dòng {src.at('van_ban', by_number[key]).line}"
                        + (f", ngày {vi.short_date(first.ngay)}" if first.ngay else "")
                        + (f" và ngày {vi.short_date(doc.ngay)}" if doc.ngay else "") + ")",
                        "một văn bản chỉ khai một lần; nơi khác gọi đến bằng mã (id) của nó")
            else:
                by_number[key] = i
        if doc.ngay and plan.ngay and doc.ngay > plan.ngay:
            out.add(src.at("van_ban", i, "ngay"),
                    f"văn bản dẫn {doc.so_ky_hieu or doc.id} có ngày {vi.short_date(doc.ngay)} "
                    f"sau ngày ban hành kế hoạch {vi.short_date(plan.ngay)}", "kiểm tra lại ngày")
    cited = {d.id for d in plan.van_ban}
    for i, para in enumerate(plan.can_cu):
        for j, ref in enumerate(para):
            if ref not in cited:
                out.add(src.at("can_cu", i, j), f"căn cứ «{ref}» không có trong danh sách van_ban",
                        "thêm văn bản vào van_ban hoặc sửa mã")

    # quotas
    kinds = set()
    for i, q in enumerate(plan.chi_tieu):
        if q.loai not in org.loai_chi_tieu:
            out.add(src.at("chi_tieu", i, "loai"), f"loại chỉ tiêu «{q.loai}» chưa khai trong don-vi.yaml",
                    f"chọn một trong: {', '.join(org.loai_chi_tieu)}")
        if q.loai in kinds:
            out.add(src.at("chi_tieu", i, "loai"), f"loại chỉ tiêu «{q.loai}» khai hai lần",
                    "gộp các dòng phân bổ vào một mục")
        kinds.add(q.loai)
        seen: dict[str, int] = {}
        for j, a in enumerate(q.phan_bo):
            if a.chi_bo not in branches:
                out.add(src.at("chi_tieu", i, "phan_bo", j, "chi_bo"),
                        f"chi bộ «{a.chi_bo}» không có trong danh sách chi_bo của don-vi.yaml",
                        "sửa mã chi bộ, hoặc thêm chi bộ vào don-vi.yaml")
            if a.chi_bo in seen:
                out.add(src.at("chi_tieu", i, "phan_bo", j, "chi_bo"),
                        f"chi bộ «{a.chi_bo}» được phân bổ hai lần (dòng "
                        f"{src.at('chi_tieu', i, 'phan_bo', seen[a.chi_bo]).line})",
                        "gộp thành một dòng")
            seen[a.chi_bo] = j
        total = sum(a.so_luong for a in q.phan_bo)
        if total != q.tong_so:
            out.add(src.at("chi_tieu", i, "tong_so"),
                    f"tổng số {q.tong_so} không bằng tổng phân bổ cho các chi bộ ({total})",
                    f"sửa tong_so thành {total}, hoặc sửa số phân bổ")

    # assignments
    for i, a in enumerate(plan.phan_cong):
        for j, ref in enumerate(a.chu_tri):
            if ref not in branches | mass:
                out.add(src.at("phan_cong", i, "chu_tri", j), f"«{ref}» không phải chi bộ hay đoàn thể đã khai",
                        "dùng mã trong chi_bo hoặc doan_the của don-vi.yaml")
        for j, ref in enumerate(a.phoi_hop):
            if ref not in branches | mass | groups:
                out.add(src.at("phan_cong", i, "phoi_hop", j), f"«{ref}» không phải chi bộ, đoàn thể hay nhóm chi bộ",
                        "dùng mã trong chi_bo, doan_the hoặc một nhóm chi bộ trong noi_nhan")
        if a.chi_tieu not in org.loai_chi_tieu:
            out.add(src.at("phan_cong", i, "chi_tieu"), f"loại chỉ tiêu «{a.chi_tieu}» chưa khai",
                    f"chọn một trong: {', '.join(org.loai_chi_tieu)}")

    out.extend(check_recipients(org, plan, src))
    return out


def check_recipients(org: Organisation, doc, src: Source) -> Findings:
    """A document's Nơi nhận: ids resolve, subsets belong to their group, copies add up."""
    out = Findings()
    registry = {r.id: r for r in org.noi_nhan}
    branches = {b.id: b for b in org.chi_bo}
    ok = True
    for i, line in enumerate(doc.noi_nhan):
        if line.id is None and not line.ten:
            out.add(src.at("noi_nhan", i), "dòng nơi nhận không có mã cũng không có tên",
                    "ghi mã trong danh mục noi_nhan, hoặc «ten: …»")
            ok = False
            continue
        if line.id is not None and line.id not in registry:
            out.add(src.at("noi_nhan", i, "id"), f"nơi nhận «{line.id}» không có trong danh mục noi_nhan của don-vi.yaml",
                    "sửa mã, hoặc thêm nơi nhận vào don-vi.yaml")
            ok = False
            continue
        if line.chon is not None:
            group = registry.get(line.id)
            if group is None or group.nhom != "chi_bo":
                out.add(src.at("noi_nhan", i, "chon"), "chỉ chọn được chi bộ trong một nhóm chi bộ",
                        "bỏ «chon» hoặc dùng một nhóm chi bộ")
                ok = False
                continue
            for j, b in enumerate(line.chon):
                if b not in branches or (group.loai_chi_bo and branches[b].loai not in group.loai_chi_bo):
                    out.add(src.at("noi_nhan", i, "chon", j), f"chi bộ «{b}» không thuộc nhóm «{group.id}»",
                            "sửa mã chi bộ")
                    ok = False
    if ok and getattr(doc, "so_ban", None) is not None:
        computed = count_copies(org, doc)
        if computed != doc.so_ban:
            out.add(src.at("so_ban"), f"số bản ghi {doc.so_ban} khác số bản tính từ nơi nhận ({computed})",
                    f"sửa so_ban thành {computed}, hoặc xóa dòng so_ban để vanban tự tính")
    return out
