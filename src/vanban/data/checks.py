"""Rules across records: references, uniqueness, totals, dates, copies.

Each check adds findings to a collector; nothing raises until the caller
has run every check, so the clerk sees all problems at once.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re

from ..text import vietnamese as vi
from ..errors import Findings
from ..text.names import unit_noun
from .recipients import count_copies, group_units
from .sources import Source
from .model import Organisation, Plan, full_date


def suggest(value: str, choices) -> str:
    """' (có phải «ap_cai_tac»?)' when *value* looks like a mistyped choice."""
    close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (có phải «{close[0]}»?)" if close else ""


def _unique(items, key: str, src: Source, path: tuple, out: Findings, what: str) -> None:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        value = getattr(item, key)
        if value in seen:
            first = src.at(*path, seen[value], key)
            out.add(src.at(*path, i, key), f"{what} «{value}» bị trùng (đã có ở {first.said})",
                    "mỗi mã chỉ khai một lần; đổi mã hoặc xóa dòng trùng")
        else:
            seen[value] = i


def check_organisation(org: Organisation, src: Source) -> Findings:
    out = Findings()
    _unique(org.nguoi_ky, "id", src, ("nguoi_ky",), out, "người ký")
    # unit, mass-organisation and recipient ids share one name space:
    # an assignment or a recipient line may point at any of them
    seen: dict[str, tuple] = {}
    for reg in ("don_vi", "doan_the", "noi_nhan"):
        for i, item in enumerate(getattr(org, reg)):
            if item.id in seen:
                first = src.at(*seen[item.id])
                out.add(src.at(reg, i, "id"), f"mã «{item.id}» bị trùng (đã dùng ở {first.said})",
                        "mã của đơn vị, đoàn thể và nơi nhận phải khác nhau")
            else:
                seen[item.id] = (reg, i, "id")
    for i, u in enumerate(org.don_vi):
        if u.loai not in org.loai_don_vi:
            out.add(src.at("don_vi", i, "loai"), f"loại đơn vị «{u.loai}» chưa khai trong loai_don_vi"
                    + suggest(u.loai, org.loai_don_vi),
                    f"chọn một trong: {', '.join(org.loai_don_vi)}, hoặc thêm loại này vào loai_don_vi")
        elif not u.ten and not org.loai_don_vi[u.loai].tien_to and not u.ten_day_du:
            out.add(src.at("don_vi", i), f"đơn vị «{u.id}» không có tên", "thêm «ten: …»")
    # an organisation's own name is a proper name: its first letter is a capital (Nghị định 30/2020, Phụ lục VI)
    for reg in ("don_vi", "doan_the"):
        for i, item in enumerate(getattr(org, reg)):
            if item.ten[:1].isalpha() and item.ten[:1].islower():
                out.add(src.at(reg, i, "ten"), f"tên riêng «{item.ten}» chưa viết hoa chữ cái đầu",
                        f"viết «{item.ten[:1].upper() + item.ten[1:]}» (tên cơ quan, tổ chức viết hoa chữ cái đầu "
                        "theo Nghị định 30/2020/NĐ-CP, Phụ lục VI)")
    for i, d in enumerate(org.doan_the):
        if d.loai not in org.loai_doan_the:
            out.add(src.at("doan_the", i, "loai"), f"loại đoàn thể «{d.loai}» chưa khai trong loai_doan_the"
                    + suggest(d.loai, org.loai_doan_the), f"chọn một trong: {', '.join(org.loai_doan_the)}")
    for i, r in enumerate(org.noi_nhan):
        for j, k in enumerate(r.loai_don_vi):
            if k not in org.loai_don_vi:
                out.add(src.at("noi_nhan", i, "loai_don_vi", j), f"loại đơn vị «{k}» chưa khai" + suggest(k, org.loai_don_vi),
                        f"chọn một trong: {', '.join(org.loai_don_vi)}")
        if r.loai_don_vi and r.nhom != "don_vi":
            out.add(src.at("noi_nhan", i), f"nơi nhận «{r.id}» lọc loai_don_vi nhưng không phải nhóm đơn vị",
                    "thêm «nhom: don_vi»")
        if r.nhom and r.so_thanh_vien is not None:
            out.add(src.at("noi_nhan", i), f"nơi nhận «{r.id}» vừa là nhóm đơn vị vừa ghi so_thanh_vien",
                    "chỉ giữ một trong hai")
    # progress stages: unique, each 'thuoc' an earlier stage
    _unique(org.giai_doan, "id", src, ("giai_doan",), out, "giai đoạn")
    earlier: set[str] = set()
    for i, st in enumerate(org.giai_doan):
        if st.thuoc is not None and st.thuoc not in earlier:
            out.add(src.at("giai_doan", i, "thuoc"), f"giai đoạn «{st.thuoc}» phải được khai trước «{st.id}»"
                    + suggest(st.thuoc, earlier), "«thuoc» chỉ đến một giai đoạn đứng trước trong danh sách")
        earlier.add(st.id)
    stages = [st.id for st in org.giai_doan]  # in the file's order: the hint lists them so
    for key, kind in org.loai_chi_tieu.items():
        if kind.do_bang is not None and kind.do_bang not in stages:
            out.add(src.at("loai_chi_tieu", key, "do_bang"),
                    f"loại chỉ tiêu «{key}» đo bằng giai đoạn «{kind.do_bang}» chưa khai trong giai_doan"
                    + suggest(kind.do_bang, stages),
                    f"chọn một trong: {', '.join(stages) or '(chưa có giai đoạn nào)'}")
    check_quota_parts(org, src, out)
    return out


def check_quota_parts(org: Organisation, src: Source, out: Findings) -> None:
    """A kind part of another (thuoc) names a declared kind, without a loop; two kinds measured by
    the same stage must be declared one part of the other (else one count would be read twice:
    «đạt 1.083,3% (65/6)»)."""
    kinds = org.loai_chi_tieu
    broken = set()
    for key, kind in kinds.items():
        if kind.thuoc is None:
            continue
        if kind.thuoc not in kinds or kind.thuoc == key:
            others = [k for k in kinds if k != key]
            out.add(src.at("loai_chi_tieu", key, "thuoc"),
                    f"loại chỉ tiêu «{key}» thuộc «{kind.thuoc}» nhưng " + ("đó là chính nó" if kind.thuoc == key
                                                                             else "loại đó chưa khai")
                    + suggest(kind.thuoc, others), f"chọn một trong: {', '.join(others) or '(chưa có loại nào khác)'}")
            broken.add(key)
            continue
        seen, at = [key], kind.thuoc  # in the order of the chain: the message walks it
        while at in kinds and kinds[at].thuoc is not None:
            if at in seen:
                out.add(src.at("loai_chi_tieu", key, "thuoc"), f"loại chỉ tiêu «{key}» thuộc chính nó qua «thuoc» "
                        f"({' → '.join([*seen, at])})", "bỏ vòng lặp: chỉ tiêu con thuộc một chỉ tiêu cha")
                broken.add(key)
                break
            seen.append(at)
            at = kinds[at].thuoc
    heads: dict[str, list[str]] = {}
    for key in kinds:
        if key in broken:
            continue
        stage, shared = org.measuring_stage(key)
        if stage is not None and not shared:
            heads.setdefault(stage, []).append(key)
    for stage, keys in heads.items():
        for other in keys[1:]:
            first = keys[0]
            # a kind is a head only by a stage of its own (one taken from its parent is shared)
            out.add(src.at("loai_chi_tieu", other, "do_bang"),
                    f"hai loại chỉ tiêu «{first}» và «{other}» cùng đo bằng giai đoạn «{stage}»: "
                    f"mỗi người sẽ được tính cho cả hai",
                    f"nếu «{other}» là một phần của «{first}» («trong đó»), thêm «thuoc: {first}» vào "
                    f"loai_chi_tieu.{other}; nếu không, đo «{other}» bằng một giai đoạn khác (do_bang)")


def check_signer(org: Organisation, signer: str, src: Source) -> Findings:
    """The document's signer is one of the organisation's signers."""
    out = Findings()
    ids = [s.id for s in org.nguoi_ky]
    if signer not in ids:
        out.add(src.at("nguoi_ky"), f"người ký «{signer}» không có trong don-vi.yaml" + suggest(signer, ids),
                f"chọn một trong: {', '.join(ids)}")
    return out


def check_issue_facts(doc, src: Source, numbering) -> Findings:
    """A document built for issue needs its full date; a draft may leave any part blank. A blank
    number prints blank (or the number the register issued); issuing takes the next free one."""
    out = Findings()
    if not numbering.draft and full_date(doc.ngay) is None:
        what = "chưa có ngày ban hành" if doc.ngay is None else "ngày ban hành chưa đủ ngày, tháng"
        out.add(src.at("ngay"), what, "ghi «ngay: NĂM-THÁNG-NGÀY», hoặc dựng bản dự thảo với --du-thao")
    return out


def check_year_text(text: str, year: int, src: Source, key: str, out: Findings) -> None:
    """A text of the year *year* that names another year (a copied year not yet edited)."""
    for m in re.finditer(r"\bnăm\s+((?:19|20)[0-9]{2})\b", text):
        if int(m.group(1)) != year:
            out.add(src.at(key), f"«{key}» ghi năm {m.group(1)} nhưng đây là văn bản năm {year}",
                    f"sửa thành năm {year} (dữ liệu chép từ năm trước?)")


def check_issue_date(date, year: int, src: Source, what: str, out: Findings) -> None:
    """A document of the year *year* is dated in that year, or from 1 October of the year before."""
    day = full_date(date)
    y = day.year if day else getattr(date, "nam", None)
    if y is None:
        return
    early = dt.date(year - 1, 10, 1)
    if y > year or y < year - 1 or (day is not None and day < early) or (day is None and y < year and
                                                                         (date.thang or 1) < 10):
        shown = vi.short_date(day) if day else str(y)
        out.add(src.at("ngay"), f"ngày ban hành {shown} không hợp với {what} năm {year}",
                f"{what} năm {year} ban hành trong năm {year} (hoặc từ tháng 10 năm {year - 1}); "
                "dữ liệu chép từ năm trước thì sửa ngày, hoặc dùng «vanban nam-moi»")


def check_plan(org: Organisation, plan: Plan, src: Source, year: int, numbering) -> Findings:
    out = check_issue_facts(plan, src, numbering)
    units = {u.id for u in org.don_vi}
    mass = {d.id for d in org.doan_the}
    groups = {r.id for r in org.noi_nhan if r.nhom == "don_vi"}
    noun = unit_noun(org)

    out.extend(check_signer(org, plan.nguoi_ky, src))

    # the plan year, the issue date and the term
    if plan.nhiem_ky:
        m = re.match(r"^([0-9]{4})\s*-\s*([0-9]{4})$", plan.nhiem_ky)
        if m and not int(m.group(1)) <= year <= int(m.group(2)):
            out.add(src.at("nhiem_ky"), f"năm {year} không nằm trong nhiệm kỳ {plan.nhiem_ky}",
                    "sửa nhiệm kỳ cho đúng")
    check_issue_date(plan.ngay, year, src, "kế hoạch", out)
    check_year_text(plan.trich_yeu, year, src, "trich_yeu", out)
    for i, d in enumerate(plan.han_bao_cao):
        due = year - 1 if d.nam_truoc else year
        if d.han.year == due:
            continue
        if d.han.year == year - 1:
            out.add(src.at("han_bao_cao", i, "han"), f"hạn báo cáo {vi.short_date(d.han)} thuộc năm {year - 1}, "
                    f"trước năm kế hoạch {year}", "nếu báo cáo này đúng là nộp trong năm trước (ví dụ sơ tuyển), "
                    "thêm «nam_truoc: true» vào dòng hạn này; nếu không, sửa hạn cho năm kế hoạch")
        elif d.nam_truoc:
            out.add(src.at("han_bao_cao", i, "han"), f"hạn báo cáo {vi.short_date(d.han)} ghi «nam_truoc» nhưng "
                    f"không thuộc năm {year - 1}", f"sửa hạn cho năm {year - 1}, hoặc bỏ «nam_truoc»")
        else:
            out.add(src.at("han_bao_cao", i, "han"), f"hạn báo cáo {vi.short_date(d.han)} không thuộc năm {year}",
                    "sửa hạn báo cáo cho năm kế hoạch")

    # cited documents: one record per document
    _unique(plan.van_ban, "id", src, ("van_ban",), out, "văn bản dẫn")
    by_number: dict[str, int] = {}
    issued = full_date(plan.ngay)
    for i, doc in enumerate(plan.van_ban):
        if doc.so_ky_hieu:
            key = doc.so_ky_hieu.replace(" ", "").casefold()  # caseless, as Unicode compares text
            if key in by_number:
                first = plan.van_ban[by_number[key]]
                out.add(src.at("van_ban", i, "so_ky_hieu"),
                        f"văn bản {doc.so_ky_hieu} được khai hai lần "
                        f"({src.at('van_ban', by_number[key]).said}"
                        + (f", ngày {vi.short_date(first.ngay)}" if first.ngay else "")
                        + (f" và ngày {vi.short_date(doc.ngay)}" if doc.ngay else "") + ")",
                        "một văn bản chỉ khai một lần; nơi khác gọi đến bằng mã (id) của nó")
            else:
                by_number[key] = i
        if doc.ngay and issued and doc.ngay > issued:
            out.add(src.at("van_ban", i, "ngay"),
                    f"văn bản dẫn {doc.so_ky_hieu or doc.id} có ngày {vi.short_date(doc.ngay)} "
                    f"sau ngày ban hành kế hoạch {vi.short_date(issued)}", "kiểm tra lại ngày")
    cited = [d.id for d in plan.van_ban]
    for i, para in enumerate(plan.can_cu):
        for j, ref in enumerate(para):
            if ref not in cited:
                out.add(src.at("can_cu", i, j), f"căn cứ «{ref}» không có trong danh sách van_ban" + suggest(ref, cited),
                        "thêm văn bản vào van_ban hoặc sửa mã")
    for j, ref in enumerate(plan.quan_triet):
        if ref not in cited:
            out.add(src.at("quan_triet", j), f"văn bản «{ref}» không có trong danh sách van_ban" + suggest(ref, cited),
                    "thêm văn bản vào van_ban hoặc sửa mã")

    # quotas
    kinds = set()
    for i, q in enumerate(plan.chi_tieu):
        if q.loai not in org.loai_chi_tieu:
            out.add(src.at("chi_tieu", i, "loai"), f"loại chỉ tiêu «{q.loai}» chưa khai trong don-vi.yaml"
                    + suggest(q.loai, org.loai_chi_tieu), f"chọn một trong: {', '.join(org.loai_chi_tieu)}")
        if (q.loai, q.nam) in kinds:
            out.add(src.at("chi_tieu", i, "loai"), f"loại chỉ tiêu «{q.loai}» khai hai lần"
                    + (f" cho năm {q.nam}" if q.nam else ""), "gộp các dòng phân bổ vào một mục")
        kinds.add((q.loai, q.nam))
        seen: dict[str, int] = {}
        for j, a in enumerate(q.phan_bo):
            if a.don_vi not in units:
                out.add(src.at("chi_tieu", i, "phan_bo", j, "don_vi"),
                        f"{noun} «{a.don_vi}» không có trong danh sách don_vi của don-vi.yaml" + suggest(a.don_vi, units),
                        f"sửa mã {noun}, hoặc thêm {noun} vào don-vi.yaml")
            if a.don_vi in seen:
                out.add(src.at("chi_tieu", i, "phan_bo", j, "don_vi"),
                        f"{noun} «{a.don_vi}» được phân bổ hai lần ("
                        f"{src.at('chi_tieu', i, 'phan_bo', seen[a.don_vi]).said})",
                        "gộp thành một dòng")
            seen[a.don_vi] = j
        check_total(q, src, ("chi_tieu", i), noun, out)
    check_parts_within(org, plan, src, out)

    # assignments
    for i, a in enumerate(plan.phan_cong):
        for j, ref in enumerate(a.chu_tri):
            if ref not in units | mass:
                out.add(src.at("phan_cong", i, "chu_tri", j),
                        f"«{ref}» không phải {noun} hay đoàn thể đã khai" + suggest(ref, units | mass),
                        "dùng mã trong don_vi hoặc doan_the của don-vi.yaml")
        for j, ref in enumerate(a.phoi_hop):
            if ref not in units | mass | groups:
                out.add(src.at("phan_cong", i, "phoi_hop", j),
                        f"«{ref}» không phải {noun}, đoàn thể hay nhóm đơn vị" + suggest(ref, units | mass | groups),
                        "dùng mã trong don_vi, doan_the hoặc một nhóm đơn vị trong noi_nhan")
        if a.chi_tieu is not None and a.chi_tieu not in org.loai_chi_tieu:
            out.add(src.at("phan_cong", i, "chi_tieu"), f"loại chỉ tiêu «{a.chi_tieu}» chưa khai"
                    + suggest(a.chi_tieu, org.loai_chi_tieu), f"chọn một trong: {', '.join(org.loai_chi_tieu)}")

    out.extend(check_recipients(org, plan, src))
    return out


def check_parts_within(org: Organisation, plan: Plan, src: Source, out: Findings) -> None:
    """A quota part of another («trong đó») is no larger than it, in total and for each unit."""
    by_kind = {(q.loai, q.nam): (i, q) for i, q in enumerate(plan.chi_tieu)}
    for (key, nam), (i, q) in by_kind.items():
        kind = org.loai_chi_tieu.get(key)
        if kind is None or kind.thuoc is None or (kind.thuoc, nam) not in by_kind:
            continue
        j, parent = by_kind[(kind.thuoc, nam)]
        if q.tong_so.toi_thieu > parent.tong_so.toi_thieu:
            out.add(src.at("chi_tieu", i, "tong_so"), f"chỉ tiêu «{key}» ({q.tong_so.toi_thieu}) lớn hơn chỉ tiêu "
                    f"«{kind.thuoc}» ({parent.tong_so.toi_thieu}) mà nó là một phần (thuoc)",
                    f"sửa tong_so của «{key}», hoặc của «{kind.thuoc}» ({src.at('chi_tieu', j, 'tong_so').said})")
        whole = {a.don_vi: parent.target(a) for a in parent.phan_bo}
        for k, a in enumerate(q.phan_bo):
            t = q.target(a)
            if a.don_vi in whole and t.toi_thieu > whole[a.don_vi].toi_thieu:
                out.add(src.at("chi_tieu", i, "phan_bo", k, "so_luong"),
                        f"«{a.don_vi}»: chỉ tiêu «{key}» ({t.toi_thieu}) lớn hơn chỉ tiêu «{kind.thuoc}» của đơn vị "
                        f"này ({whole[a.don_vi].toi_thieu})", "chỉ tiêu con không vượt chỉ tiêu cha")


def check_total(q, src: Source, path: tuple, noun: str, out: Findings) -> None:
    """The stated total equals the allocations plus the declared part not broken down."""
    low, high = q.allocated()
    total = q.tong_so
    rest = f" cộng {q.khong_phan_bo} chưa phân bổ" if q.khong_phan_bo else ""
    if total.toi_thieu != low:
        out.add(src.at(*path, "tong_so"),
                f"tổng số {total.toi_thieu} không bằng tổng phân bổ cho các {noun} ({low - q.khong_phan_bo}{rest})",
                f"sửa tong_so thành {low}, hoặc sửa số phân bổ; nếu kế hoạch chỉ phân bổ một phần, "
                "ghi phần còn lại ở «khong_phan_bo»")
    elif total.form == "khoang" and high is not None and total.toi_da != high:
        out.add(src.at(*path, "tong_so"), f"tổng số tối đa {total.toi_da} không bằng tổng mức tối đa phân bổ ({high})",
                f"sửa tong_so thành {low}-{high}")


def check_recipients_once(org: Organisation, doc, src: Source, out: Findings) -> None:
    """No body receives a document twice: not two lines for it, nor a unit in two groups."""
    registry = {r.id: r for r in org.noi_nhan}
    names: dict[str, int] = {}
    members: dict[str, int] = {}
    for i, line in enumerate(doc.noi_nhan):
        entry = registry.get(line.id)  # None for a line without an id
        # check_recipients has refused a line without a registry id or a name before: one of them is there
        name = " ".join((line.ten or entry.ten).split()).casefold()
        if entry is not None and entry.nhom == "don_vi":
            chosen = [u.id for u in group_units(org, entry) if line.chon is None or u.id in line.chon]
            twice = [u for u in chosen if u in members]
            if twice:
                out.add(src.at("noi_nhan", i), f"{len(twice)} đơn vị của nhóm «{entry.id}» đã có trong nơi nhận ở "
                        f"{src.at('noi_nhan', members[twice[0]]).said} (ví dụ «{twice[0]}»): mỗi nơi chỉ nhận một lần",
                        "bỏ một trong hai dòng, hoặc chọn phần còn lại của nhóm bằng «chon»")
            members.update({u: i for u in chosen})
            continue
        if name in names:
            out.add(src.at("noi_nhan", i), f"nơi nhận «{line.ten or entry.ten}» đã có ở "
                    f"{src.at('noi_nhan', names[name]).said}", "mỗi nơi nhận chỉ ghi một lần: xóa dòng trùng")
        names[name] = i


def check_recipients(org: Organisation, doc, src: Source) -> Findings:
    """A document's Nơi nhận: ids resolve, subsets belong to their group, copies add up."""
    out = Findings()
    registry = {r.id: r for r in org.noi_nhan}
    units = {u.id: u for u in org.don_vi}
    ok = True
    for i, line in enumerate(doc.noi_nhan):
        if line.id is None and not line.ten:
            out.add(src.at("noi_nhan", i), "dòng nơi nhận không có mã cũng không có tên",
                    "ghi mã trong danh mục noi_nhan, hoặc «ten: …»")
            ok = False
            continue
        if line.id is not None and line.id not in registry:
            out.add(src.at("noi_nhan", i, "id"), f"nơi nhận «{line.id}» không có trong danh mục noi_nhan của don-vi.yaml"
                    + suggest(line.id, registry), "sửa mã, hoặc thêm nơi nhận vào don-vi.yaml")
            ok = False
            continue
        if line.chon is not None:
            group = registry.get(line.id)
            if group is None or group.nhom != "don_vi":
                out.add(src.at("noi_nhan", i, "chon"), "chỉ chọn được đơn vị trong một nhóm đơn vị",
                        "bỏ «chon» hoặc dùng một nhóm đơn vị")
                ok = False
                continue
            for j, b in enumerate(line.chon):
                if b not in units or (group.loai_don_vi and units[b].loai not in group.loai_don_vi):
                    out.add(src.at("noi_nhan", i, "chon", j), f"«{b}» không thuộc nhóm «{group.id}»"
                            + suggest(b, units), "sửa mã đơn vị")
                    ok = False
    if ok:
        check_recipients_once(org, doc, src, out)
    if ok and getattr(doc, "so_ban", None) is not None:
        computed = count_copies(org, doc)
        if computed != doc.so_ban:
            out.add(src.at("so_ban"), f"số bản ghi {doc.so_ban} khác số bản tính từ nơi nhận ({computed})",
                    f"sửa so_ban thành {computed}, hoặc xóa dòng so_ban để vanban tự tính")
    return out
