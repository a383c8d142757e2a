"""Mutants of data/checks.py, data/validate.py and data/load.py (tools/mutation.py, issue 27), each
killed by what a clerk reads: the exact finding (file:line, message, hint) for a small data file
written here, or the record a caller gets. Expected texts are the rules' wording and the lines are
where the value stands in the file below, never read back from the code under test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from vanban.data import checks as ck
from vanban.data.load import organisation_of, record_of
from vanban.data.model import PartialDate, Plan
from vanban.data.sources.yaml import read_yaml
from vanban.errors import Findings

ORG = """\
quy_tac: dang
co_quan:
  ten: Đảng ủy xã Tân Phú
dia_danh: Tân Phú
nguoi_ky:
  - id: bi_thu
    chuc_vu: Bí thư
    ho_ten: Nguyễn Văn An
loai_don_vi:
  chi_bo_ap:
    ten: Chi bộ
    tien_to: ấp
don_vi:
  - id: ap_mot
    loai: chi_bo_ap
    ten: Một
  - id: ap_hai
    loai: chi_bo_ap
    ten: Hai
"""

PLAN = """\
so: 5
ngay: 2018-01-05
trich_yeu: tạo nguồn phát triển đảng năm 2018
nguoi_ky: bi_thu
chi_tieu:
  - loai: nguon
    tong_so: 3
    phan_bo:
      - don_vi: ap_mot
        so_luong: 1
      - don_vi: ap_hai
        so_luong: 2
noi_nhan:
  - ten: Như trên
"""

QUOTA_KINDS = """\
loai_chi_tieu:
  nguon:
    ten: Nguồn
    don_vi_tinh: nguồn
"""

ISSUE = SimpleNamespace(draft=False)
DRAFT = SimpleNamespace(draft=True)


def _read(tmp_path: Path, text: str, shown: str):
    file = tmp_path / shown.replace("/", "_")
    file.write_text(text, encoding="utf-8")
    return read_yaml(file, shown)


def org_of(tmp_path: Path, text: str):
    return organisation_of(*_read(tmp_path, text, "data/don-vi.yaml"))


def plan_of(tmp_path: Path, text: str):
    return record_of(Plan, *_read(tmp_path, text, "data/2018/ke-hoach.yaml"), "moi")


def line(text: str, needle: str, nth: int = 1) -> int:
    """The line of the *nth* line of *text* holding *needle* (1-based, as an editor shows it)."""
    found = [i for i, ln in enumerate(text.splitlines(), 1) if needle in ln]
    return found[nth - 1]


def shown(findings) -> list[str]:
    return [str(f) for f in findings]


def org_findings(tmp_path, text):
    org, src = org_of(tmp_path, text)
    return shown(ck.check_organisation(org, src))


def plan_findings(tmp_path, plan_text, org_text=ORG + QUOTA_KINDS, year=2018, numbering=ISSUE):
    org, _ = org_of(tmp_path, org_text)
    plan, src = plan_of(tmp_path, plan_text)
    return shown(ck.check_plan(org, plan, src, year, numbering))


D = "data/don-vi.yaml"
K = "data/2018/ke-hoach.yaml"


# --------------------------------------------------------------------------
# data/checks.py: the organisation


def test_the_sample_organisation_and_plan_have_no_finding(tmp_path):
    # the base of every test below: each finding it expects is the one the edit made
    assert org_findings(tmp_path, ORG + QUOTA_KINDS) == []
    assert plan_findings(tmp_path, PLAN) == []


def test_a_close_choice_is_suggested_and_a_far_one_is_not():
    assert ck.suggest("ap_cai_tacc", ["ap_cho", "ap_cai_tac"]) == " (có phải «ap_cai_tac»?)"
    assert ck.suggest("zzz", ["ap_cho", "ap_cai_tac"]) == ""
    # 3 of 5 letters in common each side: a ratio of exactly 0.6 is still close
    assert ck.suggest("abcde", ["abcxy"]) == " (có phải «abcxy»?)"
    # anything is compared as text: a number against the keys of a mapping
    assert ck.suggest(2018, {"2019": 1}) == " (có phải «2019»?)"


def test_a_signer_id_given_twice_points_at_the_first(tmp_path):
    # each id on a line of its own: the findings are at the ids
    text = ORG.replace("  - id: bi_thu\n    chuc_vu: Bí thư\n    ho_ten: Nguyễn Văn An\n",
                       "  - chuc_vu: Bí thư\n    id: bi_thu\n    ho_ten: Nguyễn Văn An\n"
                       "  - chuc_vu: Phó Bí thư\n    id: bi_thu\n    ho_ten: Trần Văn Ba\n"
                       "  - chuc_vu: Ủy viên\n    id: bi_thu\n    ho_ten: Lê Văn Cư\n")
    first = line(text, "id: bi_thu")
    hint = " → mỗi mã chỉ khai một lần; đổi mã hoặc xóa dòng trùng"
    assert org_findings(tmp_path, text) == [
        f"{D}:{line(text, 'id: bi_thu', 2)}: người ký «bi_thu» bị trùng (đã có ở dòng {first}){hint}",
        f"{D}:{line(text, 'id: bi_thu', 3)}: người ký «bi_thu» bị trùng (đã có ở dòng {first}){hint}",
    ]


def test_a_unit_a_mass_organisation_and_a_recipient_share_one_id_space(tmp_path):
    # the id on a line of its own, after another field: the finding is at the id
    text = ORG + ("loai_doan_the:\n  hoi:\n    tien_to: Hội\ndoan_the:\n  - loai: hoi\n    id: ap_mot\n    ten: Nông dân\n"
                  "  - loai: hoi\n    id: nong_dan\n    ten: Nông dân\n"
                  "noi_nhan:\n  - ten: Ban Tuyên giáo\n    id: ap_hai\n  - ten: Văn phòng\n    id: ap_mot\n"
                  "  - ten: Hội Nông dân\n    id: nong_dan\n")
    hint = " → mã của đơn vị, đoàn thể và nơi nhận phải khác nhau"
    assert org_findings(tmp_path, text) == [
        f"{D}:{line(text, 'id: ap_mot', 2)}: mã «ap_mot» bị trùng (đã dùng ở dòng {line(text, 'id: ap_mot')}){hint}",
        f"{D}:{line(text, 'id: ap_hai', 2)}: mã «ap_hai» bị trùng (đã dùng ở dòng {line(text, 'id: ap_hai')}){hint}",
        f"{D}:{line(text, 'id: ap_mot', 3)}: mã «ap_mot» bị trùng (đã dùng ở dòng {line(text, 'id: ap_mot')}){hint}",
        f"{D}:{line(text, 'id: nong_dan', 2)}: mã «nong_dan» bị trùng (đã dùng ở dòng {line(text, 'id: nong_dan')}){hint}",
    ]


def test_a_unit_of_an_undeclared_kind_names_the_kinds_and_the_closest(tmp_path):
    text = ORG.replace("    tien_to: ấp\n", "    tien_to: ấp\n  to_dang:\n    ten: Tổ đảng\n").replace(
        "    loai: chi_bo_ap\n    ten: Hai", "    loai: chi_bo_aq\n    ten: Hai")
    assert org_findings(tmp_path, text) == [
        f"{D}:{line(text, 'loai: chi_bo_aq')}: loại đơn vị «chi_bo_aq» chưa khai trong loai_don_vi "
        "(có phải «chi_bo_ap»?) → chọn một trong: chi_bo_ap, to_dang, hoặc thêm loại này vào loai_don_vi"]


def test_a_unit_without_any_name_is_refused_unless_its_kind_or_full_name_names_it(tmp_path):
    unnamed = ORG.replace("    tien_to: ấp\n", "").replace("    ten: Hai\n", "")
    assert org_findings(tmp_path, unnamed) == [
        f"{D}:{line(unnamed, '- id: ap_hai')}: đơn vị «ap_hai» không có tên → thêm «ten: …»"]
    # the kind's prefix names it («Chi bộ ấp»), or its full name does
    assert org_findings(tmp_path, ORG.replace("    ten: Hai\n", "")) == []
    assert org_findings(tmp_path, unnamed + "    ten_day_du: Chi bộ Trường học\n") == []


def test_an_organisation_name_in_lower_case_is_told_its_capital(tmp_path):
    text = ORG.replace("ten: Một", "ten: một").replace("ten: Hai", "ten: '2'") + (
        "loai_doan_the:\n  hoi:\n    tien_to: Hội\ndoan_the:\n  - id: nong_dan\n    loai: hoi\n    ten: nông dân xã\n"
        "  - id: cuu_chien_binh\n    loai: hoi\n  - id: tin_hoc\n    loai: hoi\n    ten: e-Office\n"
        "  - id: dien_thoai\n    loai: hoi\n    ten: iPhone xã\n")
    law = "(tên cơ quan, tổ chức viết hoa chữ cái đầu theo Nghị định 30/2020/NĐ-CP, Phụ lục VI)"
    # a name that starts with a digit, or no name, has no letter to capitalise
    assert org_findings(tmp_path, text) == [
        f"{D}:{line(text, 'ten: một')}: tên riêng «một» chưa viết hoa chữ cái đầu → viết «Một» {law}",
        f"{D}:{line(text, 'ten: nông dân xã')}: tên riêng «nông dân xã» chưa viết hoa chữ cái đầu "
        f"→ viết «Nông dân xã» {law}",
        # only the first letter counts, whatever follows it
        f"{D}:{line(text, 'ten: e-Office')}: tên riêng «e-Office» chưa viết hoa chữ cái đầu → viết «E-Office» {law}",
        f"{D}:{line(text, 'ten: iPhone xã')}: tên riêng «iPhone xã» chưa viết hoa chữ cái đầu → viết «IPhone xã» {law}"]


def test_a_mass_organisation_of_an_undeclared_kind_names_the_kinds(tmp_path):
    text = ORG + ("loai_doan_the:\n  hoi:\n    tien_to: Hội\n  doan:\n    tien_to: Đoàn\ndoan_the:\n"
                  "  - id: nong_dan\n    loai: hoii\n    ten: Nông dân\n")
    assert org_findings(tmp_path, text) == [
        f"{D}:{line(text, 'loai: hoii')}: loại đoàn thể «hoii» chưa khai trong loai_doan_the (có phải «hoi»?) "
        "→ chọn một trong: hoi, doan"]


def test_a_recipient_group_is_checked_kind_by_kind_and_against_its_fields(tmp_path):
    text = ORG.replace("    tien_to: ấp\n", "    tien_to: ấp\n  to_dang:\n    ten: Tổ đảng\n") + (
                  "noi_nhan:\n  - id: ubnd\n    ten: UBND xã\n  - id: chi_bo\n    ten: Các chi bộ\n    nhom: don_vi\n    loai_don_vi:\n"
                  "      - chi_bo_ap\n      - chi_bo_aq\n"
                  "  - id: dang_vien\n    ten: Đảng viên\n    loai_don_vi:\n      - chi_bo_ap\n"
                  "  - id: cap_uy\n    ten: Các đồng chí cấp ủy\n    nhom: don_vi\n    so_thanh_vien: 9\n")
    assert org_findings(tmp_path, text) == [
        f"{D}:{line(text, '- chi_bo_aq')}: loại đơn vị «chi_bo_aq» chưa khai (có phải «chi_bo_ap»?) "
        "→ chọn một trong: chi_bo_ap, to_dang",
        f"{D}:{line(text, '- id: dang_vien')}: nơi nhận «dang_vien» lọc loai_don_vi nhưng không phải nhóm đơn vị "
        "→ thêm «nhom: don_vi»",
        f"{D}:{line(text, '- id: cap_uy')}: nơi nhận «cap_uy» vừa là nhóm đơn vị vừa ghi so_thanh_vien "
        "→ chỉ giữ một trong hai"]


def test_a_stage_is_part_only_of_an_earlier_stage_and_ids_are_unique(tmp_path):
    text = ORG + ("giai_doan:\n  - id: gioi_thieu\n    ten: Được giới thiệu\n    thuoc: ket_nap\n"
                  "  - id: ket_nap\n    ten: Đã kết nạp\n    thuoc: gioi_thieuu\n"
                  "  - id: ket_nap\n    ten: Kết nạp lại\n  - id: du_bi\n    ten: Dự bị\n    thuoc: gioi_thieu\n")
    assert org_findings(tmp_path, text) == [
        f"{D}:{line(text, '- id: ket_nap', 2)}: giai đoạn «ket_nap» bị trùng (đã có ở dòng {line(text, '- id: ket_nap')})"
        " → mỗi mã chỉ khai một lần; đổi mã hoặc xóa dòng trùng",
        f"{D}:{line(text, 'thuoc: ket_nap')}: giai đoạn «ket_nap» phải được khai trước «gioi_thieu» "
        "→ «thuoc» chỉ đến một giai đoạn đứng trước trong danh sách",
        f"{D}:{line(text, 'thuoc: gioi_thieuu')}: giai đoạn «gioi_thieuu» phải được khai trước «ket_nap» "
        "(có phải «gioi_thieu»?) → «thuoc» chỉ đến một giai đoạn đứng trước trong danh sách"]


def test_a_quota_measured_by_an_undeclared_stage_names_the_stages(tmp_path):
    kinds = "loai_chi_tieu:\n  nguon:\n    ten: Nguồn\n    don_vi_tinh: nguồn\n    do_bang: gioi_thieuu\n"
    stage = "giai_doan:\n  - id: ket_nap\n    ten: Đã kết nạp\n  - id: gioi_thieu\n    ten: Được giới thiệu\n"
    text = ORG + kinds + stage
    assert org_findings(tmp_path, text) == [
        f"{D}:{line(text, 'do_bang:')}: loại chỉ tiêu «nguon» đo bằng giai đoạn «gioi_thieuu» chưa khai trong "
        "giai_doan (có phải «gioi_thieu»?) → chọn một trong: ket_nap, gioi_thieu"]
    text = ORG + kinds
    assert org_findings(tmp_path, text) == [
        f"{D}:{line(text, 'do_bang:')}: loại chỉ tiêu «nguon» đo bằng giai đoạn «gioi_thieuu» chưa khai trong "
        "giai_doan → chọn một trong: (chưa có giai đoạn nào)"]


def _kinds(*rows: str) -> str:
    """loai_chi_tieu with one kind a row: 'key' or 'key thuoc=parent do_bang=stage'."""
    out = "loai_chi_tieu:\n"
    for row in rows:
        key, *fields = row.split()
        out += f"  {key}:\n    ten: Chỉ tiêu {key}\n    don_vi_tinh: người\n"
        out += "".join(f"    {f.split('=')[0]}: {f.split('=')[1]}\n" for f in fields)
    return out


STAGES = "giai_doan:\n  - id: gioi_thieu\n    ten: Được giới thiệu\n  - id: ket_nap\n    ten: Đã kết nạp\n"


def test_a_quota_kind_part_of_an_undeclared_kind_or_of_itself_is_refused(tmp_path):
    text = ORG + _kinds("nguon", "nu thuoc=ngon", "tre thuoc=tre")
    assert org_findings(tmp_path, text) == [
        f"{D}:{line(text, 'thuoc: ngon')}: loại chỉ tiêu «nu» thuộc «ngon» nhưng loại đó chưa khai (có phải «nguon»?) "
        "→ chọn một trong: nguon, tre",
        f"{D}:{line(text, 'thuoc: tre')}: loại chỉ tiêu «tre» thuộc «tre» nhưng đó là chính nó "
        "→ chọn một trong: nguon, nu"]
    text = ORG + _kinds("nu thuoc=nguon")
    assert org_findings(tmp_path, text) == [
        f"{D}:{line(text, 'thuoc: nguon')}: loại chỉ tiêu «nu» thuộc «nguon» nhưng loại đó chưa khai "
        "→ chọn một trong: (chưa có loại nào khác)"]


def test_a_loop_of_parts_is_named_in_its_order(tmp_path):
    text = ORG + _kinds("nguon thuoc=tre", "nu thuoc=nguon", "tre thuoc=nu")
    hint = " → bỏ vòng lặp: chỉ tiêu con thuộc một chỉ tiêu cha"
    assert org_findings(tmp_path, text) == [
        f"{D}:{line(text, 'thuoc: tre')}: loại chỉ tiêu «nguon» thuộc chính nó qua «thuoc» (nguon → tre → nu → nguon)"
        + hint,
        f"{D}:{line(text, 'thuoc: nguon')}: loại chỉ tiêu «nu» thuộc chính nó qua «thuoc» (nu → nguon → tre → nu)"
        + hint,
        f"{D}:{line(text, 'thuoc: nu')}: loại chỉ tiêu «tre» thuộc chính nó qua «thuoc» (tre → nu → nguon → tre)"
        + hint]
    # a kind leading into a loop it is not part of is named with the loop it meets
    text = ORG + _kinds("nguon thuoc=nu", "nu thuoc=tre", "tre thuoc=nu")
    assert org_findings(tmp_path, text)[0] == (
        f"{D}:{line(text, 'thuoc: nu')}: loại chỉ tiêu «nguon» thuộc chính nó qua «thuoc» (nguon → nu → tre → nu)" + hint)


def test_a_chain_of_parts_without_a_loop_is_accepted(tmp_path):
    # a grandchild: the walk up stops at the kind that is part of nothing
    assert org_findings(tmp_path, ORG + STAGES + _kinds("nguon do_bang=gioi_thieu", "nu thuoc=nguon",
                                                        "tre thuoc=nu")) == []


def test_two_kinds_measured_by_one_stage_must_be_declared_one_part_of_the_other(tmp_path):
    text = ORG + STAGES + _kinds("nguon do_bang=gioi_thieu", "nu do_bang=gioi_thieu", "tre do_bang=gioi_thieu",
                                 "dv do_bang=ket_nap")
    def said(other):
        return (f"{D}:{line(text, 'do_bang: gioi_thieu', 2 if other == 'nu' else 3)}: hai loại chỉ tiêu «nguon» và "
                f"«{other}» cùng đo bằng giai đoạn «gioi_thieu»: mỗi người sẽ được tính cho cả hai → nếu «{other}» là "
                f"một phần của «nguon» («trong đó»), thêm «thuoc: nguon» vào loai_chi_tieu.{other}; nếu không, đo "
                f"«{other}» bằng một giai đoạn khác (do_bang)")
    assert org_findings(tmp_path, text) == [said("nu"), said("tre")]
    # declared a part, a kind measured by its parent's stage counts once
    assert org_findings(tmp_path, ORG + STAGES + _kinds("nguon do_bang=gioi_thieu", "nu thuoc=nguon",
                                                        "tre thuoc=nguon do_bang=gioi_thieu")) == []


def test_a_kind_in_a_broken_chain_is_not_measured_again(tmp_path):
    # «nu» part of an undeclared kind: only that finding, not also a shared stage
    text = ORG + STAGES + _kinds("nguon do_bang=gioi_thieu", "nu thuoc=ngon do_bang=gioi_thieu")
    assert len(org_findings(tmp_path, text)) == 1
    # a broken kind first: the kinds after it are still measured («tre» shares «nguon»'s stage)
    text = ORG + STAGES + _kinds("nu thuoc=ngon", "nguon do_bang=gioi_thieu", "tre do_bang=gioi_thieu")
    assert [f.split(": ", 2)[1].split(" (")[0].split(":")[0] for f in org_findings(tmp_path, text)] == [
        "loại chỉ tiêu «nu» thuộc «ngon» nhưng loại đó chưa khai",
        "hai loại chỉ tiêu «nguon» và «tre» cùng đo bằng giai đoạn «gioi_thieu»"]
    # «tre» in a loop with its own stage: the loop only
    text = ORG + STAGES + _kinds("nguon do_bang=gioi_thieu", "tre thuoc=nu do_bang=gioi_thieu", "nu thuoc=tre")
    assert [f.split(": ", 1)[1] for f in org_findings(tmp_path, text)] == [
        "loại chỉ tiêu «tre» thuộc chính nó qua «thuoc» (tre → nu → tre) → bỏ vòng lặp: chỉ tiêu con thuộc một "
        "chỉ tiêu cha",
        "loại chỉ tiêu «nu» thuộc chính nó qua «thuoc» (nu → tre → nu) → bỏ vòng lặp: chỉ tiêu con thuộc một "
        "chỉ tiêu cha"]


# --------------------------------------------------------------------------
# data/checks.py: signer, date, year


def test_an_unknown_signer_is_named_with_the_signers(tmp_path):
    org, _ = org_of(tmp_path, ORG.replace("    ho_ten: Nguyễn Văn An\n", "    ho_ten: Nguyễn Văn An\n"
                                          "  - id: pho_bi_thu\n    chuc_vu: Phó Bí thư\n    ho_ten: Trần Văn Ba\n"))
    plan, src = plan_of(tmp_path, PLAN.replace("nguoi_ky: bi_thu", "nguoi_ky: bi_thuu"))
    assert shown(ck.check_signer(org, plan.nguoi_ky, src)) == [
        f"{K}:4: người ký «bi_thuu» không có trong don-vi.yaml (có phải «bi_thu»?) → chọn một trong: bi_thu, pho_bi_thu"]
    assert shown(ck.check_signer(org, "pho_bi_thu", src)) == []


def test_a_document_for_issue_needs_its_whole_date_and_a_draft_does_not(tmp_path):
    hint = " → ghi «ngay: NĂM-THÁNG-NGÀY», hoặc dựng bản dự thảo với --du-thao"
    no_date, src = plan_of(tmp_path, PLAN.replace("ngay: 2018-01-05\n", ""))
    assert shown(ck.check_issue_facts(no_date, src, ISSUE)) == [f"{K}:1: chưa có ngày ban hành{hint}"]
    month, src = plan_of(tmp_path, PLAN.replace("ngay: 2018-01-05", "ngay: 2018-01"))
    assert shown(ck.check_issue_facts(month, src, ISSUE)) == [f"{K}:2: ngày ban hành chưa đủ ngày, tháng{hint}"]
    assert shown(ck.check_issue_facts(month, src, DRAFT)) == []
    assert shown(ck.check_issue_facts(no_date, src, DRAFT)) == []


def test_a_text_naming_another_year_is_told_each_time(tmp_path):
    _, src = plan_of(tmp_path, PLAN)
    out = Findings()
    ck.check_year_text("kết quả năm 2017 và năm  2018, năm 2019; năm 20180 và năm 1899 không phải năm", 2018, src,
                       "trich_yeu", out)
    assert shown(out) == [
        f"{K}:3: «trich_yeu» ghi năm 2017 nhưng đây là văn bản năm 2018 → sửa thành năm 2018 (dữ liệu chép từ năm trước?)",
        f"{K}:3: «trich_yeu» ghi năm 2019 nhưng đây là văn bản năm 2018 → sửa thành năm 2018 (dữ liệu chép từ năm trước?)"]


@pytest.mark.parametrize("date, fine", [
    (dt.date(2018, 1, 1), True), (dt.date(2018, 12, 31), True), (dt.date(2017, 10, 1), True),
    (dt.date(2017, 9, 30), False), (dt.date(2019, 1, 1), False), (dt.date(2016, 12, 31), False),
    (PartialDate(nam=2018), True), (PartialDate(nam=2017, thang=10), True), (PartialDate(nam=2017, thang=12), True),
    (PartialDate(nam=2017, thang=9), False), (PartialDate(nam=2017), False), (PartialDate(nam=2019, thang=1), False),
    (PartialDate(nam=2016, thang=11), False), (None, True)])
def test_a_document_of_a_year_is_dated_in_it_or_from_october_before(tmp_path, date, fine):
    _, src = plan_of(tmp_path, PLAN)
    out = Findings()
    ck.check_issue_date(date, 2018, src, "kế hoạch", out)
    if fine:
        assert shown(out) == []
        return
    said = f"{date.day:02d}/{date.month:02d}/{date.year}" if isinstance(date, dt.date) else str(date.nam)
    assert shown(out) == [
        f"{K}:2: ngày ban hành {said} không hợp với kế hoạch năm 2018 → kế hoạch năm 2018 ban hành trong năm 2018 "
        "(hoặc từ tháng 10 năm 2017); dữ liệu chép từ năm trước thì sửa ngày, hoặc dùng «vanban nam-moi»"]


# --------------------------------------------------------------------------
# data/checks.py: the plan


def test_a_plan_year_outside_its_term_is_refused_and_the_ends_are_inside(tmp_path):
    for term in ("2018-2022", "2013 - 2018", "2015-2020"):
        assert plan_findings(tmp_path, PLAN + f"nhiem_ky: {term}\n") == []
    at = line(PLAN, "noi_nhan") + 2
    assert plan_findings(tmp_path, PLAN + "nhiem_ky: 2019-2023\n") == [
        f"{K}:{at}: năm 2018 không nằm trong nhiệm kỳ 2019-2023 → sửa nhiệm kỳ cho đúng"]
    assert plan_findings(tmp_path, PLAN + "nhiem_ky: 2012 - 2017\n") == [
        f"{K}:{at}: năm 2018 không nằm trong nhiệm kỳ 2012 - 2017 → sửa nhiệm kỳ cho đúng"]


def test_a_plan_checks_its_date_and_its_subject_against_its_year(tmp_path):
    text = PLAN.replace("ngay: 2018-01-05", "ngay: 2017-09-05").replace("năm 2018", "năm 2017")
    assert plan_findings(tmp_path, text) == [
        f"{K}:2: ngày ban hành 05/09/2017 không hợp với kế hoạch năm 2018 → kế hoạch năm 2018 ban hành trong năm 2018 "
        "(hoặc từ tháng 10 năm 2017); dữ liệu chép từ năm trước thì sửa ngày, hoặc dùng «vanban nam-moi»",
        f"{K}:3: «trich_yeu» ghi năm 2017 nhưng đây là văn bản năm 2018 → sửa thành năm 2018 (dữ liệu chép từ năm trước?)"]


def test_a_plan_for_issue_without_a_date_and_its_signer_are_checked(tmp_path):
    text = PLAN.replace("ngay: 2018-01-05\n", "").replace("nguoi_ky: bi_thu", "nguoi_ky: chu_tich")
    assert plan_findings(tmp_path, text) == [
        f"{K}:1: chưa có ngày ban hành → ghi «ngay: NĂM-THÁNG-NGÀY», hoặc dựng bản dự thảo với --du-thao",
        f"{K}:3: người ký «chu_tich» không có trong don-vi.yaml → chọn một trong: bi_thu"]
    assert plan_findings(tmp_path, text.replace("chu_tich", "bi_thu"), numbering=DRAFT) == []


def test_each_report_deadline_is_in_the_plan_year_or_marked_for_the_year_before(tmp_path):
    text = PLAN + ("han_bao_cao:\n"
                   "  - ky: Quý I\n    han: 2018-03-25\n"
                   "  - ky: Sơ tuyển\n    han: 2017-12-20\n    nam_truoc: true\n"
                   "  - ky: Đầu năm\n    han: 2017-12-21\n"
                   "  - ky: Năm trước\n    han: 2018-12-22\n    nam_truoc: true\n"
                   "  - ky: Cả năm\n    han: 2019-01-10\n"
                   "  - ky: Xa\n    han: 2016-12-23\n    nam_truoc: true\n")
    assert plan_findings(tmp_path, text) == [
        f"{K}:{line(text, 'han: 2017-12-21')}: hạn báo cáo 21/12/2017 thuộc năm 2017, trước năm kế hoạch 2018 → nếu "
        "báo cáo này đúng là nộp trong năm trước (ví dụ sơ tuyển), thêm «nam_truoc: true» vào dòng hạn này; nếu "
        "không, sửa hạn cho năm kế hoạch",
        f"{K}:{line(text, 'han: 2018-12-22')}: hạn báo cáo 22/12/2018 ghi «nam_truoc» nhưng không thuộc năm 2017 "
        "→ sửa hạn cho năm 2017, hoặc bỏ «nam_truoc»",
        f"{K}:{line(text, 'han: 2019-01-10')}: hạn báo cáo 10/01/2019 không thuộc năm 2018 "
        "→ sửa hạn báo cáo cho năm kế hoạch",
        f"{K}:{line(text, 'han: 2016-12-23')}: hạn báo cáo 23/12/2016 ghi «nam_truoc» nhưng không thuộc năm 2017 "
        "→ sửa hạn cho năm 2017, hoặc bỏ «nam_truoc»"]


CITED = """\
van_ban:
  - id: hd_01
    loai: Hướng dẫn
    so_ky_hieu: 01-HD/TW
    ngay: 2016-09-20
  - id: hd_02
    loai: Hướng dẫn
    so_ky_hieu: 01 - hd/tw
    ngay: 2017-06-29
  - id: hd_03
    loai: Hướng dẫn
    so_ky_hieu: 01-HD/TW
  - id: hd_01
    loai: Nghị quyết
"""


def test_a_document_cited_twice_is_named_with_its_first_place_and_both_dates(tmp_path):
    text = PLAN + CITED
    hint = " → một văn bản chỉ khai một lần; nơi khác gọi đến bằng mã (id) của nó"
    first = line(text, "so_ky_hieu: 01-HD/TW")
    assert plan_findings(tmp_path, text) == [
        f"{K}:{line(text, '- id: hd_01', 2)}: văn bản dẫn «hd_01» bị trùng (đã có ở dòng {line(text, '- id: hd_01')}) "
        "→ mỗi mã chỉ khai một lần; đổi mã hoặc xóa dòng trùng",
        f"{K}:{line(text, '01 - hd/tw')}: văn bản 01 - hd/tw được khai hai lần (dòng {line(text, '- id: hd_01')}, "
        f"ngày 20/09/2016 và ngày 29/06/2017){hint}",
        f"{K}:{line(text, 'so_ky_hieu: 01-HD/TW', 2)}: văn bản 01-HD/TW được khai hai lần "
        f"(dòng {line(text, '- id: hd_01')}, ngày 20/09/2016){hint}"]
    assert first == line(text, "- id: hd_01") + 2


def test_a_repeated_number_without_dates_is_named_without_them(tmp_path):
    text = PLAN + ("van_ban:\n  - id: a\n    loai: Chỉ thị\n    so_ky_hieu: 05-CT/TU\n"
                   "  - id: b\n    loai: Chỉ thị\n    so_ky_hieu: 05-CT/TU\n    ngay: 2017-02-03\n"
                   "  - id: c\n    loai: Chỉ thị\n    so_ky_hieu: 06-CT/TU\n")
    assert plan_findings(tmp_path, text) == [
        f"{K}:{line(text, 'so_ky_hieu: 05-CT/TU', 2)}: văn bản 05-CT/TU được khai hai lần "
        f"(dòng {line(text, '- id: a')} và ngày 03/02/2017) → một văn bản chỉ khai một lần; nơi khác gọi đến bằng mã "
        "(id) của nó"]


def test_a_cited_document_dated_after_the_plan_is_refused(tmp_path):
    text = PLAN + ("van_ban:\n  - id: nq_05\n    loai: Nghị quyết\n    so_ky_hieu: 05-NQ/TU\n    ngay: 2018-01-06\n"
                   "  - id: hd_moi\n    loai: Hướng dẫn\n    ngay: 2018-02-01\n"
                   "  - id: cung_ngay\n    loai: Hướng dẫn\n    ngay: 2018-01-05\n")
    assert plan_findings(tmp_path, text) == [
        f"{K}:{line(text, 'ngay: 2018-01-06')}: văn bản dẫn 05-NQ/TU có ngày 06/01/2018 sau ngày ban hành kế hoạch "
        "05/01/2018 → kiểm tra lại ngày",
        f"{K}:{line(text, 'ngay: 2018-02-01')}: văn bản dẫn hd_moi có ngày 01/02/2018 sau ngày ban hành kế hoạch "
        "05/01/2018 → kiểm tra lại ngày"]
    # a draft dated by its month only has no day to compare with
    assert plan_findings(tmp_path, text.replace("ngay: 2018-01-05", "ngay: 2018-01", 1), numbering=DRAFT) == []


def test_references_to_cited_documents_name_the_closest_id(tmp_path):
    text = PLAN + ("van_ban:\n  - id: nq_dai_hoi\n    loai: Nghị quyết\ncan_cu:\n  - [nq_dai_hoi]\n"
                   "  - - nq_dai_hoi\n    - nq_dai_hoii\nquan_triet:\n  - nq_dai_hoi\n  - nq_dai_hoj\n")
    assert plan_findings(tmp_path, text) == [
        f"{K}:{line(text, 'nq_dai_hoii')}: căn cứ «nq_dai_hoii» không có trong danh sách van_ban "
        "(có phải «nq_dai_hoi»?) → thêm văn bản vào van_ban hoặc sửa mã",
        f"{K}:{line(text, 'nq_dai_hoj')}: văn bản «nq_dai_hoj» không có trong danh sách van_ban "
        "(có phải «nq_dai_hoi»?) → thêm văn bản vào van_ban hoặc sửa mã"]


def test_a_quota_of_an_undeclared_kind_or_given_twice_is_refused(tmp_path):
    org = ORG + _kinds("nguon", "dang_vien")
    text = PLAN.replace("noi_nhan:", "  - tong_so: 0\n    loai: nguonn\n  - tong_so: 3\n    loai: nguon\n"
                        "    phan_bo:\n      - don_vi: ap_hai\n        so_luong: 3\n"
                        "  - loai: dang_vien\n    nam: 2019\n    tong_so: 0\n"
                        "  - nam: 2019\n    loai: dang_vien\n    tong_so: 0\n"
                        "  - loai: dang_vien\n    nam: 2020\n    tong_so: 0\nnoi_nhan:")
    assert plan_findings(tmp_path, text, org) == [
        f"{K}:{line(text, 'loai: nguonn')}: loại chỉ tiêu «nguonn» chưa khai trong don-vi.yaml (có phải «nguon»?) "
        "→ chọn một trong: nguon, dang_vien",
        f"{K}:{line(text, 'loai: nguon', 3)}: loại chỉ tiêu «nguon» khai hai lần → gộp các dòng phân bổ vào một mục",
        f"{K}:{line(text, 'loai: dang_vien', 2)}: loại chỉ tiêu «dang_vien» khai hai lần cho năm 2019 "
        "→ gộp các dòng phân bổ vào một mục"]


def test_an_allocation_to_an_unknown_unit_or_twice_to_one_is_refused(tmp_path):
    text = PLAN.replace("      - don_vi: ap_hai\n        so_luong: 2\n",
                        "      - so_luong: 1\n        don_vi: ap_mot\n      - so_luong: 1\n        don_vi: ap_baa\n")
    assert plan_findings(tmp_path, text) == [
        f"{K}:{line(text, 'don_vi: ap_mot', 2)}: chi bộ «ap_mot» được phân bổ hai lần "
        f"(dòng {line(text, 'don_vi: ap_mot')}) → gộp thành một dòng",
        f"{K}:{line(text, 'don_vi: ap_baa')}: chi bộ «ap_baa» không có trong danh sách don_vi của don-vi.yaml "
        "(có phải «ap_hai»?) → sửa mã chi bộ, hoặc thêm chi bộ vào don-vi.yaml"]


def test_a_total_is_the_allocations_plus_the_part_not_broken_down(tmp_path):
    hint = ("sửa tong_so thành {}, hoặc sửa số phân bổ; nếu kế hoạch chỉ phân bổ một phần, ghi phần còn lại ở "
            "«khong_phan_bo»")
    text = PLAN.replace("tong_so: 3", "tong_so: 4")
    assert plan_findings(tmp_path, text) == [
        f"{K}:{line(text, 'tong_so')}: tổng số 4 không bằng tổng phân bổ cho các chi bộ (3) → " + hint.format(3)]
    text = PLAN.replace("tong_so: 3", "tong_so: 6\n    khong_phan_bo: 2")
    assert plan_findings(tmp_path, text) == [
        f"{K}:{line(text, 'tong_so')}: tổng số 6 không bằng tổng phân bổ cho các chi bộ (3 cộng 2 chưa phân bổ) → "
        + hint.format(5)]
    assert plan_findings(tmp_path, PLAN.replace("tong_so: 3", "tong_so: 5\n    khong_phan_bo: 2")) == []


def test_a_range_total_has_the_allocations_highest_sum_as_its_top(tmp_path):
    ranged = PLAN.replace("so_luong: 2", "so_luong: 2-4")
    assert plan_findings(tmp_path, ranged.replace("tong_so: 3", "tong_so: 3-5")) == []
    text = ranged.replace("tong_so: 3", "tong_so: 3-6")
    assert plan_findings(tmp_path, text) == [
        f"{K}:{line(text, 'tong_so')}: tổng số tối đa 6 không bằng tổng mức tối đa phân bổ (5) → sửa tong_so thành 3-5"]
    # an open allocation has no highest sum; an exact total is not compared with one
    assert plan_findings(tmp_path, PLAN.replace("so_luong: 2", "so_luong: từ 2").replace("tong_so: 3",
                                                                                          "tong_so: 3-6")) == []
    assert plan_findings(tmp_path, ranged) == []


def test_a_quota_part_of_another_is_not_larger_in_total_or_for_a_unit(tmp_path):
    org = ORG + _kinds("nguon", "nu thuoc=nguon")
    text = PLAN.replace("noi_nhan:", "  - loai: nu\n    tong_so: 4\n    phan_bo:\n      - don_vi: ap_mot\n"
                        "        so_luong: 2\n      - don_vi: ap_hai\n        so_luong: 2\nnoi_nhan:")
    assert plan_findings(tmp_path, text, org) == [
        f"{K}:{line(text, 'tong_so: 4')}: chỉ tiêu «nu» (4) lớn hơn chỉ tiêu «nguon» (3) mà nó là một phần (thuoc) "
        f"→ sửa tong_so của «nu», hoặc của «nguon» (dòng {line(text, 'tong_so: 3')})",
        f"{K}:{line(text, 'so_luong: 2', 2)}: «ap_mot»: chỉ tiêu «nu» (2) lớn hơn chỉ tiêu «nguon» của đơn vị này (1) "
        "→ chỉ tiêu con không vượt chỉ tiêu cha"]
    # as large as its parent is allowed, and a unit the parent does not allocate to is not compared
    equal = PLAN.replace("noi_nhan:", "  - loai: nu\n    tong_so: 3\n    phan_bo:\n      - don_vi: ap_hai\n"
                         "        so_luong: 2\n      - don_vi: ap_mot\n        so_luong: 1\nnoi_nhan:")
    assert plan_findings(tmp_path, equal, org) == []
    only_one = PLAN.replace("      - don_vi: ap_hai\n        so_luong: 2\n", "").replace("tong_so: 3", "tong_so: 1")
    only_one = only_one.replace("noi_nhan:", "  - loai: nu\n    tong_so: 1\n    phan_bo:\n      - don_vi: ap_hai\n"
                                "        so_luong: 1\nnoi_nhan:")
    assert plan_findings(tmp_path, only_one, org) == []


def test_a_quota_part_of_another_is_compared_in_its_own_year_only(tmp_path):
    org = ORG + _kinds("nguon", "nu thuoc=nguon")
    text = PLAN.replace("  - loai: nguon\n", "  - loai: nguon\n    nam: 2019\n").replace(
        "noi_nhan:", "  - loai: nu\n    nam: 2020\n    tong_so: 9\n    khong_phan_bo: 9\n  - loai: nu\n    nam: 2019\n"
        "    tong_so: 3\n    khong_phan_bo: 3\n"
        "noi_nhan:")
    assert plan_findings(tmp_path, text, org) == []
    assert plan_findings(tmp_path, text.replace("tong_so: 3\n    khong_phan_bo: 3\n", "tong_so: 4\n    khong_phan_bo: 4\n"), org) == [
        f"{K}:{line(text, 'tong_so: 3', 2)}: chỉ tiêu «nu» (4) lớn hơn chỉ tiêu «nguon» (3) mà nó là một phần (thuoc) "
        f"→ sửa tong_so của «nu», hoặc của «nguon» (dòng {line(text, 'tong_so: 3')})"]


def test_an_assignment_names_declared_bodies_groups_and_kinds(tmp_path):
    org = ORG + QUOTA_KINDS + ("loai_doan_the:\n  hoi:\n    tien_to: Hội\ndoan_the:\n  - id: nong_dan\n    loai: hoi\n"
                               "    ten: Nông dân\nnoi_nhan:\n  - id: cac_chi_bo\n    ten: Các chi bộ\n    nhom: don_vi\n"
                               "  - id: ubnd\n    ten: UBND xã\n")
    org = org.replace("loai_chi_tieu:\n", "loai_chi_tieu:\n  dang_vien:\n    ten: Đảng viên\n    don_vi_tinh: đảng viên\n")
    text = PLAN + ("phan_cong:\n  - doi_tuong: quần chúng\n    chu_tri:\n      - ap_mot\n      - nong_dan\n"
                   "      - cac_chi_bo\n    phoi_hop:\n      - nong_dan\n      - cac_chi_bo\n      - ubnd\n"
                   "      - cac_chi_boo\n      - nong_dann\n"
                   "    so_luong: 1\n    chi_tieu: nguonn\n"
                   "  - chu_tri: [ap_motj]\n    phoi_hop: [ap_hai]\n    chi_tieu: nguon\n    so_luong: 1\n"
                   "    doi_tuong: đoàn viên\n")
    assert plan_findings(tmp_path, text, org) == [
        f"{K}:{line(text, '- cac_chi_bo')}: «cac_chi_bo» không phải chi bộ hay đoàn thể đã khai → dùng mã trong "
        "don_vi hoặc doan_the của don-vi.yaml",
        f"{K}:{line(text, '- ubnd')}: «ubnd» không phải chi bộ, đoàn thể hay nhóm đơn vị → dùng mã trong don_vi, "
        "doan_the hoặc một nhóm đơn vị trong noi_nhan",
        # a group and a mass organisation are suggested for a coordinator
        f"{K}:{line(text, '- cac_chi_boo')}: «cac_chi_boo» không phải chi bộ, đoàn thể hay nhóm đơn vị (có phải "
        "«cac_chi_bo»?) → dùng mã trong don_vi, doan_the hoặc một nhóm đơn vị trong noi_nhan",
        f"{K}:{line(text, '- nong_dann')}: «nong_dann» không phải chi bộ, đoàn thể hay nhóm đơn vị (có phải "
        "«nong_dan»?) → dùng mã trong don_vi, doan_the hoặc một nhóm đơn vị trong noi_nhan",
        f"{K}:{line(text, 'chi_tieu: nguonn')}: loại chỉ tiêu «nguonn» chưa khai (có phải «nguon»?) → chọn một trong: "
        "dang_vien, nguon",
        f"{K}:{line(text, 'ap_motj')}: «ap_motj» không phải chi bộ hay đoàn thể đã khai (có phải «ap_mot»?) "
        "→ dùng mã trong don_vi hoặc doan_the của don-vi.yaml"]


# --------------------------------------------------------------------------
# data/checks.py: Nơi nhận


REGISTRY = """\
loai_don_vi:
  chi_bo_ap:
    ten: Chi bộ
    tien_to: ấp
  to_dang:
    ten: Tổ đảng
don_vi:
  - id: ap_mot
    loai: chi_bo_ap
    ten: Một
  - id: ap_hai
    loai: chi_bo_ap
    ten: Hai
  - id: to_mot
    loai: to_dang
    ten: Tổ Một
noi_nhan:
  - id: cac_chi_bo
    ten: Các chi bộ ấp
    nhom: don_vi
    loai_don_vi: [chi_bo_ap]
  - id: moi_don_vi
    ten: Các đơn vị
    nhom: don_vi
    so_ban: 2
  - id: ubnd
    ten: UBND xã
  - id: cap_uy
    ten: Các đồng chí cấp ủy
    so_thanh_vien: 9
"""


def _recipient_org(tmp_path):
    return org_of(tmp_path, ORG.split("loai_don_vi:")[0] + REGISTRY)[0]


# the recipient findings told more than once, as check_recipients words them
NO_ID_NOR_NAME = "dòng nơi nhận không có mã cũng không có tên → ghi mã trong danh mục noi_nhan, hoặc «ten: …»"
ONE_GROUP_ONLY = "chỉ chọn được đơn vị trong một nhóm đơn vị → bỏ «chon» hoặc dùng một nhóm đơn vị"


def twice(name: str, first: int) -> str:
    return f"nơi nhận «{name}» đã có ở dòng {first} → mỗi nơi nhận chỉ ghi một lần: xóa dòng trùng"


def shared(count: int, group: str, first: int, example: str) -> str:
    return (f"{count} đơn vị của nhóm «{group}» đã có trong nơi nhận ở dòng {first} (ví dụ «{example}»): mỗi nơi chỉ "
            "nhận một lần → bỏ một trong hai dòng, hoặc chọn phần còn lại của nhóm bằng «chon»")


def recipients(tmp_path, lines: str, extra: str = ""):
    org = _recipient_org(tmp_path)
    text = PLAN.replace("noi_nhan:\n  - ten: Như trên\n", extra + "noi_nhan:\n" + lines)
    plan, src = plan_of(tmp_path, text)
    return text, shown(ck.check_recipients(org, plan, src))


def test_a_recipient_line_needs_an_id_of_the_registry_or_a_name(tmp_path):
    # every line is checked, whatever is wrong before it
    text, out = recipients(tmp_path, "  - ghi_chu: (để biết)\n    id: ubndd\n  - ghi_chu: (để biết)\n  - id: ubnd\n")
    assert out == [
        f"{K}:{line(text, 'id: ubndd')}: nơi nhận «ubndd» không có trong danh mục noi_nhan của don-vi.yaml "
        "(có phải «ubnd»?) → sửa mã, hoặc thêm nơi nhận vào don-vi.yaml",
        f"{K}:{line(text, '- ghi_chu', 2)}: {NO_ID_NOR_NAME}"]
    # a line without a name leaves the copies uncounted (a wrong so_ban is not told on top)
    text, out = recipients(tmp_path, "  - id: ubnd\n  - ghi_chu: (để biết)\n", "so_ban: 9\n")
    assert out == [f"{K}:{line(text, '- ghi_chu')}: {NO_ID_NOR_NAME}"]


def test_units_are_chosen_only_within_a_group_of_units_of_its_kinds(tmp_path):
    text, out = recipients(tmp_path, "  - id: ubnd\n    chon: [ap_mot]\n"
                                     "  - id: cac_chi_bo\n    chon:\n      - ap_mot\n      - to_mot\n      - ap_baa\n"
                                     "  - id: moi_don_vi\n    chon: [to_mot, ap_hai]\n")
    assert out == [
        f"{K}:{line(text, 'chon: [ap_mot]')}: {ONE_GROUP_ONLY}",
        f"{K}:{line(text, '- to_mot')}: «to_mot» không thuộc nhóm «cac_chi_bo» (có phải «to_mot»?) → sửa mã đơn vị",
        f"{K}:{line(text, '- ap_baa')}: «ap_baa» không thuộc nhóm «cac_chi_bo» (có phải «ap_hai»?) → sửa mã đơn vị"]


def test_a_free_line_with_units_chosen_is_refused(tmp_path):
    # and the copies are not counted on top (the stated 9 is not told)
    text, out = recipients(tmp_path, "  - ten: Chi bộ ấp Một\n    chon: [ap_mot]\n", "so_ban: 9\n")
    assert out == [f"{K}:{line(text, 'chon:')}: {ONE_GROUP_ONLY}"]


def test_a_body_named_twice_or_a_unit_in_two_groups_is_told_where_first(tmp_path):
    text, out = recipients(tmp_path, "  - id: ubnd\n  - ten: ' ubnd   XÃ '\n  - id: cac_chi_bo\n    chon: [ap_hai]\n"
                                     "  - id: moi_don_vi\n  - id: cac_chi_bo\n    chon: [ap_mot]\n  - ten: Như trên\n"
                                     "  - id: cap_uy\n    ten: Như trên\n")
    assert out == [
        f"{K}:{line(text, 'ten: ')}: {twice(' ubnd   XÃ ', line(text, '- id: ubnd'))}",
        f"{K}:{line(text, '- id: moi_don_vi')}: {shared(1, 'moi_don_vi', line(text, '- id: cac_chi_bo'), 'ap_hai')}",
        f"{K}:{line(text, '- id: cac_chi_bo', 2)}: {shared(1, 'cac_chi_bo', line(text, '- id: moi_don_vi'), 'ap_mot')}",
        f"{K}:{line(text, '- id: cap_uy')}: {twice('Như trên', line(text, '- ten: Như trên'))}"]


def test_two_groups_sharing_two_units_count_them_and_name_the_first(tmp_path):
    text, out = recipients(tmp_path, "  - id: cac_chi_bo\n  - id: moi_don_vi\n")
    assert out == [
        f"{K}:{line(text, '- id: moi_don_vi')}: {shared(2, 'moi_don_vi', line(text, '- id: cac_chi_bo'), 'ap_mot')}"]


def test_the_stated_copies_are_the_copies_of_the_lines_plus_the_archive(tmp_path):
    # 2 chi bộ ấp × 1 + UBND 1 + 9 members + a free line's 3 + the archive's 1 (the organisation's) = 16
    lines = "  - id: cac_chi_bo\n  - id: ubnd\n  - id: cap_uy\n  - ten: Đảng viên\n    so_ban: 3\n"
    assert recipients(tmp_path, lines, "so_ban: 16\n")[1] == []
    text, out = recipients(tmp_path, lines.replace("  - id: cac_chi_bo\n", ""), "so_ban: 22\n")
    assert out == [f"{K}:{line(text, 'so_ban: 22')}: số bản ghi 22 khác số bản tính từ nơi nhận (14) → sửa so_ban "
                   "thành 14, hoặc xóa dòng so_ban để vanban tự tính"]
    text, out = recipients(tmp_path, "  - id: moi_don_vi\n", "so_ban: 7\nluu_so_ban: 2\n")
    assert out == [f"{K}:{line(text, 'so_ban: 7')}: số bản ghi 7 khác số bản tính từ nơi nhận (8) → sửa so_ban "
                   "thành 8, hoặc xóa dòng so_ban để vanban tự tính"]


def test_copies_are_not_counted_while_a_line_is_wrong(tmp_path):
    # the count needs every line resolved: a wrong line is the only finding
    text, out = recipients(tmp_path, "  - id: ubndd\n", "so_ban: 5\n")
    assert len(out) == 1 and "ubndd" in out[0]
    text, out = recipients(tmp_path, "  - id: ubnd\n  - id: ubnd\n  - id: cac_chi_bo\n    chon: [to_mot]\n",
                           "so_ban: 5\n")
    assert len(out) == 1 and "«to_mot» không thuộc nhóm «cac_chi_bo»" in out[0]


# --------------------------------------------------------------------------
# data/validate.py


from vanban.data import validate as va  # noqa: E402
from vanban.data.model import Deadline, Element, Kinds, KindDecl, Organisation, Quota, Recipient, Term, Unit  # noqa: E402
from vanban.errors import DataError  # noqa: E402


def test_every_string_of_a_record_is_put_in_the_organisations_tone_style():
    data = {"ten": "Hoà Bình", "dong": ["Uỷ ban", {"goi_tat": "thuỷ lợi"}], "so": 3, "dam": True, "ngay": None}
    assert va.restyle(data, "moi") == {"ten": "Hòa Bình", "dong": ["Ủy ban", {"goi_tat": "thủy lợi"}], "so": 3,
                                       "dam": True, "ngay": None}
    assert va.restyle({"ten": "Hòa Bình", "dong": ["Ủy ban"]}, "cu") == {"ten": "Hoà Bình", "dong": ["Uỷ ban"]}
    # keys are the program's names, never restyled
    assert va.restyle({"hoà": "hoà"}, "moi") == {"hoà": "hòa"}


def refused(tmp_path, model, text: str, shown_as: str = "data/x.yaml"):
    data, src = _read(tmp_path, text, shown_as)
    with pytest.raises(DataError) as caught:
        va.validate(model, data, src)
    assert caught.value.source is src
    return [str(f).removeprefix(shown_as + ":") for f in caught.value.findings]


DATE_HINT = " → ghi ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2018-01-05"
TEXT_HINT = " → ghi nội dung dạng chữ (có thể đặt trong ngoặc kép)"


@pytest.mark.parametrize("model, text, said", [
    (Deadline, "ky: Quý I\nhan: hôm nay\n", "2: «han» không phải một ngày: 'hôm nay'" + DATE_HINT),
    (Deadline, "ky: Quý I\nhan: [1]\n", "2: «han» không phải một ngày: một nhóm mục" + DATE_HINT),
    (Deadline, "ky: Quý I\nhan: '2018-01-05T10:00'\n", "2: «han» không phải một ngày: '2018-01-05T10:00'" + DATE_HINT),
    (Deadline, "ky: Quý I\nhan: '0000-01-01'\n", "2: «han» không phải một ngày: '0000-01-01'" + DATE_HINT),
    (Deadline, "ky: Quý I\nhan: 2018-01-05\nnam_truoc: có\n",
     "3: «nam_truoc» phải là true hoặc false, không phải 'có' → ghi true (có) hoặc false (không)"),
    (Deadline, "ky: Quý I\nhan: 2018-01-05\nnam_truoc: {a: 1}\n",
     "3: «nam_truoc» phải là true hoặc false, không phải một nhóm mục → ghi true (có) hoặc false (không)"),
    (Deadline, "ky: ' '\nhan: 2018-01-05\n", "1: «ky» không được để trống → ghi nội dung cho mục này"),
    (Deadline, "ky: 5\nhan: 2018-01-05\n", "1: «ky» phải là chữ, không phải 5" + TEXT_HINT),
    (Deadline, "ky: {quy: 1}\nhan: 2018-01-05\n", "1: «ky» phải là chữ, không phải một nhóm mục" + TEXT_HINT),
    (Element, "co_chu: mười bốn\n", "1: «co_chu» phải là một số, không phải 'mười bốn' → ghi một số, ví dụ 14"),
    (Element, "co_chu: [14]\n", "1: «co_chu» phải là một số, không phải một nhóm mục → ghi một số, ví dụ 14"),
    (Quota, "loai: nguon\ntong_so: 3\nkhong_phan_bo: hai\n",
     "3: «khong_phan_bo» phải là số nguyên, không phải 'hai' → ghi một số nguyên, ví dụ 2"),
    (Quota, "loai: nguon\ntong_so: 3\nkhong_phan_bo: 2.5\n",
     "3: «khong_phan_bo» phải là số nguyên, không phải 2.5 → ghi một số nguyên, ví dụ 2"),
    (Recipient, "id: ubnd\nten: UBND\nso_ban: '2'\n",
     "3: «so_ban» phải là số nguyên, không phải '2' → ghi một số nguyên, ví dụ 2"),
    (Quota, "loai: nguon\ntong_so: 3\nkhong_phan_bo: -1\n",
     "3: «khong_phan_bo» phải lớn hơn hoặc bằng 0 → sửa lại con số"),
    (Quota, "loai: nguon\ntong_so: 5-3\n", "2: «tong_so» khoảng «5-3» có số đầu lớn hơn số sau → sửa giá trị này"),
    (Quota, "loai: nguon\ntong_so: 3\nkhong_phan_bo: 2000000\n",
     "3: «khong_phan_bo»: Input should be less than or equal to 1000000 → sửa giá trị này"),
    (Unit, "id: Ap-1\nloai: chi_bo\n",
     "1: mã 'Ap-1' không hợp lệ → mã chỉ gồm chữ thường không dấu, chữ số và «_», bắt đầu bằng chữ, ví dụ ap_cho"),
    (Term, "ten: '2015'\nbat_dau: 2015-10-01\n", "1: «ten» không đúng dạng: '2015' → ví dụ nhiệm kỳ: 2015-2020"),
    (KindDecl, "ten: Kế hoạch\nloai: ke_hoach\nmau: docx/ke-hoach.docx\nxay_dung: ke_hoach\n",
     "3: «mau» phải là một tên tệp trong thư mục của nó, không phải 'docx/ke-hoach.docx' → chỉ ghi tên tệp (chữ không "
     "dấu, số, «.», «-», «_»), không ghi đường dẫn"),
    (Kinds, "loai_van_ban:\n  Ke_Hoach:\n    ten: Kế hoạch\n    loai: ke_hoach\n    mau: ke-hoach.docx\n"
            "    xay_dung: ke_hoach\n",
     "2: tên loại văn bản 'Ke_Hoach' không hợp lệ → tên loại chỉ gồm chữ thường không dấu, số và «-»"),
    (KindDecl, "ten: Kế hoạch\nloai: ke_hoach\nmau: a.docx\nxay_dung: ke_hoach\npham_vi: ca_nam\n",
     "5: «pham_vi» không nhận giá trị 'ca_nam' → chọn một trong: 'nam' or 'nhiem_ky'"),
    (KindDecl, "ten: Kế hoạch\nloai: ke_hoach\nmau: a.docx\nxay_dung: ke_hoach\ndua_tren: ke-hoach\n",
     "5: «dua_tren» phải là một danh sách → mỗi phần tử một dòng, bắt đầu bằng «- »"),
    (KindDecl, "ten: Kế hoạch\nloai: ke_hoach\nmau: a.docx\nxay_dung: ke_hoach\nbien: [a]\n",
     "5: «bien» phải là một nhóm mục «tên: giá trị» → xem mẫu trong README"),
    (Kinds, "loai_van_ban: ke-hoach\n", "1: «loai_van_ban» phải là một nhóm mục «tên: giá trị» → xem mẫu trong README"),
    (Kinds, "loai_van_ban:\n  ke-hoach: ke_hoach\n",
     "2: «ke-hoach» phải là một nhóm mục «tên: giá trị» → xem mẫu trong README"),
    (Kinds, "loai_van_ban: {}\nloai_van_ban_cu: {}\n",
     "2: mục «loai_van_ban_cu» không được biết đến → kiểm tra chính tả tên mục, hoặc xóa dòng này"),
    (Kinds, "{}\n", "1: thiếu mục «loai_van_ban» → thêm dòng «loai_van_ban: …»"),
])
def test_each_kind_of_wrong_value_is_told_in_words_at_its_line(tmp_path, model, text, said):
    assert refused(tmp_path, model, text)[-1:] == [said]


def test_a_list_too_short_or_too_long_says_its_bounds(tmp_path):
    leaders = "cap_tren:\n" + "  - ten: Tỉnh ủy\n" * 4
    text = ORG.replace("nguoi_ky:\n  - id: bi_thu\n    chuc_vu: Bí thư\n    ho_ten: Nguyễn Văn An\n",
                       "nguoi_ky: []\n" + leaders)
    assert refused(tmp_path, Organisation, text) == [
        f"{line(text, 'cap_tren:')}: «cap_tren» có nhiều nhất 3 phần tử → bớt phần tử thừa",
        f"{line(text, 'nguoi_ky:')}: «nguoi_ky» cần ít nhất 1 phần tử → bổ sung danh sách"]


def test_a_date_that_may_be_partial_fails_once_at_its_key(tmp_path):
    # ngay is a date or a partial date: two failed forms, one finding at the key
    assert refused(tmp_path, Plan, PLAN.replace("ngay: 2018-01-05", "ngay: hôm qua")) == [
        "2: «ngay» không phải một ngày: 'hôm qua'" + DATE_HINT]


def test_a_record_that_builds_without_its_wrong_values_is_kept_for_the_other_rules(tmp_path):
    text = PLAN.replace("so: 5", "so: hai")
    data, src = _read(tmp_path, text, K)
    with pytest.raises(DataError) as caught:
        va.validate(Plan, data, src)
    assert caught.value.partial.so is None and caught.value.partial.trich_yeu == "tạo nguồn phát triển đảng năm 2018"
    assert caught.value.dropped == []
    assert "so" in data  # the caller's values are left alone


def _partial(tmp_path, text):
    data, src = _read(tmp_path, text, K)
    with pytest.raises(DataError) as caught:
        va.validate(Plan, data, src)
    return caught.value.partial, caught.value.dropped


def test_an_allocation_without_its_figure_is_left_out_of_its_quota(tmp_path):
    text = PLAN.replace("      - don_vi: ap_hai\n", "      - don_vi: ap_ba\n        so_luong: ba\n"
                        "      - don_vi: ap_bon\n        so_luong: bon\n      - don_vi: ap_hai\n")
    partial, dropped = _partial(tmp_path, text)
    # the later allocation left out first: the ones kept are the first and the last
    assert [a.don_vi for a in partial.chi_tieu[0].phan_bo] == ["ap_mot", "ap_hai"]
    assert dropped == [("chi_tieu", 0, "phan_bo", 1), ("chi_tieu", 0, "phan_bo", 2)]


def test_a_wrong_item_of_a_list_of_ids_is_left_out_of_it(tmp_path):
    text = PLAN + "quan_triet:\n  - nq_01\n  - Nq-02\n  - nq_03\n"
    partial, dropped = _partial(tmp_path, text)
    assert partial.quan_triet == ["nq_01", "nq_03"] and dropped == [("quan_triet", 1)]


def test_a_quota_without_its_total_is_left_out_and_a_plan_without_quotas_is_not_kept(tmp_path):
    two = PLAN.replace("noi_nhan:", "  - loai: dang_vien\n    tong_so: 2\n    khong_phan_bo: 2\nnoi_nhan:")
    partial, dropped = _partial(tmp_path, two.replace("tong_so: 3", "tong_so: ba"))
    assert [q.loai for q in partial.chi_tieu] == ["dang_vien"] and dropped == [("chi_tieu", 0)]
    # its only quota left out, the plan has none (at least one is needed): no record
    partial, dropped = _partial(tmp_path, PLAN.replace("tong_so: 3", "tong_so: ba"))
    assert partial is None and dropped == [("chi_tieu", 0)]
    # a value it cannot do without, outside any list: no record, nothing left out
    assert _partial(tmp_path, PLAN.replace("nguoi_ky: bi_thu", "nguoi_ky: Bi-Thu")) == (None, [])


def test_a_path_that_leads_nowhere_has_no_parent():
    assert va._parent({"a": {"b": 1}}, ("a", "b")) == {"b": 1}
    assert va._parent({"a": 1}, ("b", "c")) is None
    assert va._parent({"a": [1]}, ("a", 3, "x")) is None
    assert va._parent({"a": "text"}, ("a", "b", "c")) is None
    # a wrong value under a list or a scalar is not removed by key
    assert va._without({"a": [1, 2], "b": "x"}, [("a", 0), ("b", "c"), ("z", "y")]) == {"a": [1, 2], "b": "x"}
    # an index past the end (2 of a list of 2), or under a mapping, is no item to leave out
    data = {"a": [1, 2], "b": {"c": 1}, "d": [{"e": [1]}]}
    assert va._drop(data, {("a", 2), ("b", 0), ("a", 1), ("d", 0, "e", 5)}) == {"a": [1], "b": {"c": 1},
                                                                                "d": [{"e": [1]}]}
    # a copy: the caller's values are left alone
    assert va._drop(data, {("d", 0, "e", 0)}) == {"a": [1, 2], "b": {"c": 1}, "d": [{"e": []}]}
    assert data == {"a": [1, 2], "b": {"c": 1}, "d": [{"e": [1]}]}


def test_a_quota_and_an_allocation_of_the_next_quota_are_left_out_together(tmp_path):
    # quota 0 loses its total, quota 1 an allocation's figure: both are left out in one round, the
    # allocation first (else quota 1 becomes quota 0 and the allocation's path leads elsewhere)
    text = PLAN.replace("tong_so: 3", "tong_so: ba").replace("noi_nhan:", (
        "  - loai: dang_vien\n    tong_so: 3\n    phan_bo:\n      - don_vi: ap_mot\n        so_luong: mot\n"
        "      - don_vi: ap_hai\n        so_luong: 3\nnoi_nhan:"))
    partial, dropped = _partial(tmp_path, text)
    assert [(q.loai, [a.don_vi for a in q.phan_bo]) for q in partial.chi_tieu] == [("dang_vien", ["ap_hai"])]
    assert dropped == [("chi_tieu", 0), ("chi_tieu", 1, "phan_bo", 0)]


# --------------------------------------------------------------------------
# data/load.py


from vanban.data import load as ld  # noqa: E402
from vanban.data import sheets  # noqa: E402
from vanban.project import Project  # noqa: E402

BOOK = "data/2018/du-lieu-2018.xlsx"
RECIPIENTS_SHEET = "don-vi · Nơi nhận"


def folder(tmp_path: Path, org: str = ORG, plan: str | None = PLAN, book: dict | None = None) -> Project:
    """A working folder: data/don-vi.yaml, data/2018/ke-hoach.yaml and, given *book* (file name →
    items), the year's workbook holding those items."""
    root = tmp_path / "proj"
    (root / "data" / "2018").mkdir(parents=True)
    (root / "data" / "don-vi.yaml").write_text(org, encoding="utf-8")
    if plan is not None:
        (root / "data" / "2018" / "ke-hoach.yaml").write_text(plan, encoding="utf-8")
    if book is not None:
        models = {name: ld.STOCK_MODELS[name.rsplit("/", 1)[-1]] for name in book}
        (root / BOOK).write_bytes(sheets.book_bytes(book, models, "thử"))
    return Project(root)


def test_the_organisation_is_read_in_its_tone_style_without_its_format_number(tmp_path):
    project = folder(tmp_path, "dinh_dang: 1\n" + ORG.replace("Đảng ủy xã", "Đảng uỷ xã"))
    org, src = ld.load_organisation(project)
    assert org.co_quan.ten == "Đảng ủy xã Tân Phú" and src.file == "data/don-vi.yaml"
    project = folder(tmp_path / "cu", "kieu_dau: cu\n" + ORG)
    assert ld.load_organisation(project)[0].co_quan.ten == "Đảng uỷ xã Tân Phú"


def test_an_unknown_tone_style_is_a_finding_not_a_crash(tmp_path):
    project = folder(tmp_path, "kieu_dau: moi_nhat\n" + ORG)
    with pytest.raises(DataError) as caught:
        ld.load_organisation(project)
    assert [str(f) for f in caught.value.findings] == [
        "data/don-vi.yaml:1: «kieu_dau» không nhận giá trị 'moi_nhat' → chọn một trong: 'moi' or 'cu'"]


def test_items_kept_in_the_years_workbook_join_the_organisation_with_their_cells(tmp_path):
    book = {"don-vi.yaml": {"noi_nhan": [{"id": "ubnd", "ten": "Uỷ ban nhân dân xã"}, {"id": "CAP_UY", "ten": "Cấp ủy"}]}}
    project = folder(tmp_path, ORG.replace("dia_danh: Tân Phú", "dia_danh: ''"), book=book)
    with pytest.raises(DataError) as caught:
        ld.load_organisation(project, 2018)
    # a wrong value of the workbook is named by its cell, one of the YAML file by its line
    assert sorted(str(f) for f in caught.value.findings) == sorted([
        f"{BOOK}, {RECIPIENTS_SHEET}!A4: mã 'CAP_UY' không hợp lệ → mã chỉ gồm chữ thường không dấu, chữ số và «_», "
        "bắt đầu bằng chữ, ví dụ ap_cho",
        "data/don-vi.yaml:4: «dia_danh» không được để trống → ghi nội dung cho mục này"])
    # without the year, the workbook is not read
    with pytest.raises(DataError) as caught:
        ld.load_organisation(project)
    assert [str(f) for f in caught.value.findings] == [
        "data/don-vi.yaml:4: «dia_danh» không được để trống → ghi nội dung cho mục này"]
    book["don-vi.yaml"]["noi_nhan"][1]["id"] = "cap_uy"
    project = folder(tmp_path / "ok", book=book)
    org, src = ld.load_organisation(project, 2018)
    assert [(r.id, r.ten) for r in org.noi_nhan] == [("ubnd", "Ủy ban nhân dân xã"), ("cap_uy", "Cấp ủy")]
    assert str(src.at("noi_nhan", 1, "ten")) == f"{BOOK}, {RECIPIENTS_SHEET}!B4"
    assert str(src.at("don_vi", 1, "ten")) == f"data/don-vi.yaml:{line(ORG, 'ten: Hai')}"


def test_a_file_with_a_header_keeps_its_lines_beside_the_workbooks_items(tmp_path):
    # the file's top is on line 3 after two comment lines: a missing key is told there
    text = "# Đơn vị\n# năm 2018\n" + ORG.replace("dia_danh: Tân Phú\n", "")
    book = {"don-vi.yaml": {"noi_nhan": [{"id": "ubnd", "ten": "UBND xã"}]}}
    project = folder(tmp_path, text, book=book)
    with pytest.raises(DataError) as caught:
        ld.load_organisation(project, 2018)
    assert [str(f) for f in caught.value.findings] == [
        "data/don-vi.yaml:3: thiếu mục «dia_danh» → thêm dòng «dia_danh: …»"]


def test_an_item_both_in_the_file_and_in_the_workbook_must_be_the_same(tmp_path):
    yaml_items = "noi_nhan:\n  - id: ubnd\n    ten: UBND xã Hoà Bình\n"
    same = {"don-vi.yaml": {"noi_nhan": [{"id": "ubnd", "ten": "UBND xã Hòa Bình"}]}}
    project = folder(tmp_path, ORG + yaml_items, book=same)
    org, src = ld.load_organisation(project, 2018)
    # the same but for the tone style: the file's item, at its line
    assert [r.ten for r in org.noi_nhan] == ["UBND xã Hòa Bình"]
    assert str(src.at("noi_nhan", 0, "ten")) == f"data/don-vi.yaml:{line(ORG + yaml_items, 'ten: UBND')}"
    other = {"don-vi.yaml": {"noi_nhan": [{"id": "ubnd", "ten": "UBND xã Tân Phú"}]}}
    project = folder(tmp_path / "b", ORG + yaml_items, book=other)
    with pytest.raises(DataError) as caught:
        ld.load_organisation(project, 2018)
    assert [str(f) for f in caught.value.findings] == [
        f"data/don-vi.yaml:{line(ORG + yaml_items, 'noi_nhan:')}: mục «noi_nhan» có ở cả tệp này và sổ {BOOK} "
        f"({RECIPIENTS_SHEET}!A3) nhưng khác nhau → giữ ở một nơi: sổ mới đúng thì chạy «vanban excel nhap 2018» (ghi "
        "sổ vào YAML); tệp YAML mới đúng thì đổi tên sổ cũ rồi «vanban excel xuat 2018» để có sổ mới; hoặc xóa mục "
        "này khỏi tệp YAML để chỉ dùng sổ"]


DEADLINES = {"2018/ke-hoach.yaml": {"han_bao_cao": [{"ky": "Quý I", "han": dt.date(2018, 3, 25)}]}}


def test_a_years_file_takes_the_items_of_its_years_workbook(tmp_path):
    project = folder(tmp_path, book=DEADLINES)
    plan, src = ld.load_year_file(project, 2018, "ke-hoach.yaml", Plan, "moi")
    assert [(d.ky, d.han) for d in plan.han_bao_cao] == [("Quý I", dt.date(2018, 3, 25))]
    assert str(src.at("han_bao_cao", 0, "han")) == f"{BOOK}, ke-hoach · Hạn báo cáo!B3"
    assert str(src.at("trich_yeu")) == f"{K}:{line(PLAN, 'trich_yeu')}"


def test_a_file_outside_a_years_folder_takes_nothing_from_a_workbook(tmp_path):
    project = folder(tmp_path, book=DEADLINES)
    for where in ("data/mau", "khac/2018"):
        file = project.root / where / "ke-hoach.yaml"
        file.parent.mkdir(parents=True)
        file.write_text(PLAN, encoding="utf-8")
        plan, src = ld.load_file(project, file, Plan, "moi")
        assert plan.han_bao_cao == [] and str(src.at("han_bao_cao", 0)) == f"{where}/ke-hoach.yaml:1"


def test_without_a_workbook_or_without_the_files_items_in_it_the_file_is_alone(tmp_path):
    project = folder(tmp_path)
    plan, src = ld.load_file(project, project.data / "2018" / "ke-hoach.yaml", Plan, "cu")
    assert plan.han_bao_cao == [] and type(src).__name__ == "Source"
    project = folder(tmp_path / "b", book={"don-vi.yaml": {"noi_nhan": [{"id": "ubnd", "ten": "UBND"}]}})
    plan, src = ld.load_file(project, project.data / "2018" / "ke-hoach.yaml", Plan, "moi")
    assert plan.han_bao_cao == [] and type(src).__name__ == "Source"
    org, src = ld.load_organisation(folder(tmp_path / "c", book=DEADLINES), 2018)
    assert org.noi_nhan == [] and type(src).__name__ == "Source"


def test_a_record_is_put_in_the_style_asked_without_its_format_number(tmp_path):
    data, src = _read(tmp_path, "dinh_dang: 1\n" + PLAN.replace("tạo nguồn", "thuỷ lợi"), K)
    assert ld.record_of(Plan, data, src, "moi")[0].trich_yeu == "thủy lợi phát triển đảng năm 2018"
    assert ld.record_of(Plan, data, src, "cu")[0].trich_yeu == "thuỷ lợi phát triển đảng năm 2018"
    assert ld.record_of(Plan, data, src, "cu")[1] is src


def _decl(pham_vi="nam"):
    return SimpleNamespace(du_lieu="ke-hoach-nhiem-ky.yaml", pham_vi=pham_vi)


def test_a_terms_data_is_found_in_the_latest_year_before_that_has_it(tmp_path):
    project = Project(tmp_path / "proj")
    own = project.data / "2018" / "ke-hoach-nhiem-ky.yaml"
    # no data folder at all: the year's own place
    assert ld.data_file(project, _decl("nhiem_ky"), 2018) == (own, 2018)
    for year in ("2015", "2016", "2019"):
        (project.data / year).mkdir(parents=True)
        (project.data / year / "ke-hoach-nhiem-ky.yaml").write_text("x", encoding="utf-8")
    (project.data / "2017").mkdir()
    (project.data / "2017x").mkdir()
    assert ld.data_file(project, _decl("nhiem_ky"), 2018) == (project.data / "2016" / "ke-hoach-nhiem-ky.yaml", 2016)
    # a year folder without it (2017) looks back too; a year that has it keeps its own
    assert ld.data_file(project, _decl("nhiem_ky"), 2017) == (project.data / "2016" / "ke-hoach-nhiem-ky.yaml", 2016)
    assert ld.data_file(project, _decl("nhiem_ky"), 2016) == (project.data / "2016" / "ke-hoach-nhiem-ky.yaml", 2016)
    assert ld.data_file(project, _decl("nhiem_ky"), 2014) == (project.data / "2014" / "ke-hoach-nhiem-ky.yaml", 2014)
    # a kind of a year is never looked for elsewhere
    assert ld.data_file(project, _decl("nam"), 2018) == (own, 2018)


def test_a_folder_without_data_or_kinds_is_not_a_working_folder(tmp_path):
    project = Project(tmp_path / "proj")
    with pytest.raises(DataError) as caught:
        ld.load_kinds(project)
    assert [str(f) for f in caught.value.findings] == [
        f"{project.root}: đây không phải thư mục làm việc của vanban (không có data/don-vi.yaml và "
        "templates/loai-van-ban.yaml) → chạy lệnh trong thư mục làm việc, hoặc ghi «--thu-muc THƯ_MỤC»; đơn vị mới: "
        "chép một ví dụ trong examples/ (xem README, mục «Thiết lập một đơn vị mới»)"]
    # with the organisation's file, the missing kinds file is named
    project = folder(tmp_path)
    with pytest.raises(DataError) as caught:
        ld.load_kinds(project)
    assert [str(f) for f in caught.value.findings][0].startswith("templates/loai-van-ban.yaml: không tìm thấy tệp")


def test_the_declared_kinds_are_read_without_their_format_number(tmp_path):
    project = Project(tmp_path / "proj")
    (project.root / "templates").mkdir(parents=True)
    (project.root / "templates" / "loai-van-ban.yaml").write_text(
        "dinh_dang: 1\nloai_van_ban:\n  ke-hoach:\n    ten: Kế hoạch\n    loai: ke_hoach\n    mau: ke-hoach.docx\n"
        "    du_lieu: ke-hoach.yaml\n    xay_dung: ke_hoach\n", encoding="utf-8")
    kinds = ld.load_kinds(project)
    assert list(kinds) == ["ke-hoach"] and kinds["ke-hoach"].mau == "ke-hoach.docx"


def test_a_document_without_a_stated_number_of_copies_is_not_counted(tmp_path):
    # a caller's document may have no so_ban at all: its lines are checked, no count
    org = _recipient_org(tmp_path)
    plan, src = plan_of(tmp_path, PLAN)
    doc = SimpleNamespace(noi_nhan=plan.noi_nhan)
    assert shown(ck.check_recipients(org, doc, src)) == []


def test_a_plan_checks_its_recipient_lines(tmp_path):
    text = PLAN.replace("  - ten: Như trên\n", "  - ten: Như trên\n  - ten: Như  trên\n")
    assert plan_findings(tmp_path, text) == [
        f"{K}:{line(text, 'Như  trên')}: {twice('Như  trên', line(text, 'Như trên'))}"]


def test_names_and_numbers_are_compared_without_case_as_unicode_does(tmp_path):
    # caseless matching (Unicode case folding): «ß» is «ss» whatever its case
    text, out = recipients(tmp_path, "  - ten: Phòng Straße\n  - ten: PHÒNG STRASSE\n")
    assert out == [f"{K}:{line(text, 'STRASSE')}: {twice('PHÒNG STRASSE', line(text, 'Straße'))}"]
    text = PLAN + ("van_ban:\n  - id: a\n    loai: Chỉ thị\n    so_ky_hieu: 05-CT/Straße\n"
                   "  - id: b\n    loai: Chỉ thị\n    so_ky_hieu: 05-CT/STRASSE\n")
    assert plan_findings(tmp_path, text) == [
        f"{K}:{line(text, 'STRASSE')}: văn bản 05-CT/STRASSE được khai hai lần (dòng {line(text, '- id: a')}) → một "
        "văn bản chỉ khai một lần; nơi khác gọi đến bằng mã (id) của nó"]


def test_a_file_that_is_not_a_group_of_items_is_told_so(tmp_path):
    # the whole file is a list, or one value: no key to name, the file is what is wrong
    assert refused(tmp_path, Kinds, "- ke-hoach\n- bao-cao\n") == [
        "1: tệp phải là một nhóm mục «tên: giá trị», không phải một danh sách → xem mẫu trong README"]
    assert refused(tmp_path, Kinds, "ke-hoach\n") == [
        "1: tệp phải là một nhóm mục «tên: giá trị», không phải 'ke-hoach' → xem mẫu trong README"]


def test_a_key_missing_inside_a_group_is_named_not_the_group(tmp_path):
    text = ORG.replace("  ten: Đảng ủy xã Tân Phú", "  viet_tat: ĐU")
    assert refused(tmp_path, Organisation, text) == [
        f"{line(text, 'co_quan:')}: thiếu mục «ten» → thêm dòng «ten: …»"]
    text = PLAN.replace("        so_luong: 2\n", "")
    assert refused(tmp_path, Plan, text) == [
        f"{line(text, '- don_vi: ap_hai')}: thiếu mục «so_luong» → thêm dòng «so_luong: …»"]


def test_a_wrong_part_of_a_partial_date_is_named_beside_the_date(tmp_path):
    # ngay as a group: not a date, and as a partial date its month is no number: both are told
    text = PLAN.replace("ngay: 2018-01-05", "ngay: {nam: 2018, thang: x}")
    assert refused(tmp_path, Plan, text) == [
        "2: «ngay» không phải một ngày: một nhóm mục" + DATE_HINT,
        "2: «thang» phải là số nguyên, không phải 'x' → ghi một số nguyên, ví dụ 2"]


def test_the_errors_after_a_date_told_once_are_told_too(tmp_path):
    text = PLAN.replace("ngay: 2018-01-05", "ngay: hôm qua").replace("nguoi_ky: bi_thu", "nguoi_ky: Bi-Thu")
    assert refused(tmp_path, Plan, text) == [
        "2: «ngay» không phải một ngày: 'hôm qua'" + DATE_HINT,
        f"{line(text, 'nguoi_ky')}: mã 'Bi-Thu' không hợp lệ → {va._ID_HINT}"]


def test_what_is_left_out_over_several_rounds_is_all_named(tmp_path):
    # the only lead of an assignment is wrong: it is left out, then the assignment without a lead
    text = PLAN + "phan_cong:\n  - chu_tri: [Ap-Mot]\n    so_luong: 1\n    doi_tuong: quần chúng\n"
    partial, dropped = _partial(tmp_path, text)
    assert partial.phan_cong == [] and dropped == [("phan_cong", 0, "chu_tri", 0), ("phan_cong", 0)]


def test_leaving_a_wrong_value_out_leaves_the_callers_values_alone(tmp_path):
    data, src = _read(tmp_path, PLAN.replace("tong_so: 3", "tong_so: ba"), K)
    with pytest.raises(DataError):
        va.validate(Plan, data, src)
    assert data["chi_tieu"][0]["tong_so"] == "ba"


def test_a_declared_kinds_file_takes_its_items_from_the_workbook_by_the_types_given(tmp_path):
    # a kind the office declared (not a stock one): its record type comes from the caller
    name = "ke-hoach-rieng.yaml"
    root = tmp_path / "proj"
    (root / "data" / "2018").mkdir(parents=True)
    (root / "data" / "don-vi.yaml").write_text(ORG, encoding="utf-8")
    file = root / "data" / "2018" / name
    file.write_text(PLAN, encoding="utf-8")
    items = {f"2018/{name}": {"han_bao_cao": [{"ky": "Quý II", "han": dt.date(2018, 6, 25)}]}}
    (root / BOOK).write_bytes(sheets.book_bytes(items, {f"2018/{name}": Plan}, "thử"))
    plan, src = ld.load_file(Project(root), file, Plan, "moi", {**ld.STOCK_MODELS, name: Plan})
    assert [(d.ky, d.han) for d in plan.han_bao_cao] == [("Quý II", dt.date(2018, 6, 25))]


def test_a_wrong_kinds_file_is_told_at_its_line(tmp_path):
    project = Project(tmp_path / "proj")
    (project.root / "templates").mkdir(parents=True)
    (project.root / "templates" / "loai-van-ban.yaml").write_text(
        "loai_van_ban:\n  ke-hoach:\n    ten: Kế hoạch\n    loai: ke_hoach\n    mau: docx/ke-hoach.docx\n"
        "    xay_dung: ke_hoach\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        ld.load_kinds(project)
    assert [str(f) for f in caught.value.findings] == [
        "templates/loai-van-ban.yaml:5: «mau» phải là một tên tệp trong thư mục của nó, không phải 'docx/ke-hoach.docx' "
        "→ chỉ ghi tên tệp (chữ không dấu, số, «.», «-», «_»), không ghi đường dẫn"]


def test_the_organisation_takes_a_declared_kinds_items_from_the_workbook_by_the_types_given(tmp_path):
    name = "2018/ke-hoach-rieng.yaml"
    items = {"don-vi.yaml": {"noi_nhan": [{"id": "ubnd", "ten": "UBND xã"}]},
             name: {"han_bao_cao": [{"ky": "Quý II", "han": dt.date(2018, 6, 25)}]}}
    project = folder(tmp_path)
    models = {**ld.STOCK_MODELS, "ke-hoach-rieng.yaml": Plan}
    (project.root / BOOK).write_bytes(sheets.book_bytes(items, {"don-vi.yaml": Organisation, name: Plan}, "thử"))
    org, _ = ld.load_organisation(project, 2018, models)
    assert [r.id for r in org.noi_nhan] == ["ubnd"]


def test_an_organisation_file_that_is_one_value_is_told_in_its_style(tmp_path):
    # not a group of items: refused as such, the value shown in the organisation's default style
    with pytest.raises(DataError) as caught:
        org_of(tmp_path, "Đảng uỷ xã\n")
    assert [str(f) for f in caught.value.findings] == [
        f"{D}:1: tệp phải là một nhóm mục «tên: giá trị», không phải 'Đảng ủy xã' → xem mẫu trong README"]
