"""Mutants of the progress report (documents/bao_cao.py) and of the units' names (text/names.py)
that the suite let live (tools/mutation.py, issue 27), each killed here by what a clerk would
read: the figures and groups of a report, its table, its periods, the findings on its data.
The report's functions are called directly on small records (milliseconds); the expected values
are worked out from the rules of a report (a target met at its minimum, a range met up to its
maximum, a part of a kind counted only at its own units), never read back from the code."""

from __future__ import annotations

import datetime as dt
import shutil
from types import SimpleNamespace

import pytest

from conftest import REPO
from test_bad_input import edit
from vanban.data.model import Organisation, Plan, Report, Target
from vanban.data.progress import PERIOD_HINT, Progress, Row
from vanban.data.sources import Source
from vanban.documents import bao_cao as bc
from vanban.documents.types import Numbering
from vanban.errors import DataError, Finding, Location
from vanban.office import Office
from vanban.project import Project
from vanban.rendering import chart
from vanban.rendering.content import Picture, Table

# --------------------------------------------------------------------------
# small records: a commune's branches (chi bộ) and the stages of a search for new members

_NUMBERS = ["Một", "Hai", "Ba", "Bốn", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười", "Mười một", "Mười hai"]


def org(units=None, quota_kinds=None, stages=None, **more) -> Organisation:
    """Branches of hamlets «Chi bộ ấp Một…» (ids a1…), a police and a militia branch (ca, qs)."""
    data = {
        "quy_tac": "dang", "co_quan": {"ten": "Đảng ủy xã Tân Thạch", "viet_tat": "ĐU"}, "dia_danh": "Tân Thạch",
        "nguoi_ky": [{"id": "bi_thu", "chuc_vu": "Bí thư", "ho_ten": "Nguyễn Văn An"}],
        "loai_don_vi": {"ap": {"ten": "chi bộ", "tien_to": "ấp"}, "ca": {"ten": "chi bộ", "tien_to": "Công an"},
                        "qs": {"ten": "chi bộ", "tien_to": "Quân sự"}},
        "don_vi": units if units is not None else (
            [{"id": f"a{i}", "loai": "ap", "ten": _NUMBERS[i - 1]} for i in range(1, 5)]
            + [{"id": "ca", "loai": "ca"}, {"id": "qs", "loai": "qs"}]),
        "giai_doan": stages if stages is not None else [
            {"id": "gt", "ten": "Quần chúng được giới thiệu", "ten_ngan": "Được giới thiệu"},
            {"id": "kn", "ten": "Đã kết nạp", "thuoc": "gt"}],
        "loai_chi_tieu": quota_kinds if quota_kinds is not None else {
            "tn": {"ten": "tạo nguồn", "don_vi_tinh": "nguồn", "do_bang": "gt"},
            "kn": {"ten": "kết nạp đảng viên", "don_vi_tinh": "đảng viên", "do_bang": "kn", "ten_ngan": "kết nạp"},
            "nu": {"ten": "kết nạp đảng viên nữ", "don_vi_tinh": "đảng viên", "thuoc": "kn"}},
        "noi_nhan": [{"id": "vp", "ten": "VP Huyện ủy"}],
        **more,
    }
    return Organisation.model_validate(data)


def plan(quotas, leads=()) -> Plan:
    return Plan.model_validate({"trich_yeu": "tạo nguồn phát triển đảng năm 2018", "nguoi_ky": "bi_thu",
                                "noi_nhan": ["vp"], "chi_tieu": quotas, "phan_cong": list(leads)})


def quota(kind, total, **allocated) -> dict:
    return {"loai": kind, "tong_so": total, "phan_bo": [{"don_vi": u, "so_luong": n} for u, n in allocated.items()]}


def lead(unit, amount, kind=None) -> dict:
    return {"chu_tri": [unit], "so_luong": amount, "doi_tuong": "trong lực lượng dân quân", "chi_tieu": kind}


def progress(period="6-thang", **counts) -> Progress:
    """unit id → (gt, kn) counts, or (gt, kn, note)."""
    return Progress(periods={period: {u: Row(u, {"gt": c[0], "kn": c[1]}, *c[2:]) for u, c in counts.items()}})


ZERO = dict(a1=(0, 0), a2=(0, 0), a3=(0, 0), a4=(0, 0), ca=(0, 0), qs=(0, 0))


# --------------------------------------------------------------------------
# measure: each unit against its target


def test_each_unit_is_classified_against_its_target_as_written():
    # a1 «02» with 1 falls short, a2 «02» with 2 meets, a3 «02» with 3 exceeds; a4 «ít nhất 02» with 2
    # meets (at its minimum), a5 with 3 exceeds; a range «01-03» is met from 1 up to 3 (a6, a7), exceeded
    # at 4 (a8), short at 0 (a9); a10 has a target of zero (not classified), a11 has none. Every unit's
    # count is the kind's result: 1+2+3+2+3+1+3+4+0+1+2 = 22 of the 14 allocated
    units = [{"id": f"a{i}", "loai": "ap", "ten": _NUMBERS[i - 1]} for i in range(1, 12)]
    o = org(units=units)
    p = plan([{"loai": "tn", "tong_so": "ít nhất 14", "phan_bo": [
        {"don_vi": "a1", "so_luong": 2}, {"don_vi": "a2", "so_luong": 2}, {"don_vi": "a10", "so_luong": 0},
        {"don_vi": "a3", "so_luong": 2}, {"don_vi": "a4", "so_luong": "ít nhất 02"},
        {"don_vi": "a5", "so_luong": "ít nhất 02"}, {"don_vi": "a6", "so_luong": "01-03"},
        {"don_vi": "a7", "so_luong": "01-03"}, {"don_vi": "a8", "so_luong": "01-03"},
        {"don_vi": "a9", "so_luong": "01-03"}]}])
    counts = [1, 2, 3, 2, 3, 1, 3, 4, 0, 1, 2]
    pr = progress(**{f"a{i}": (n, 0) for i, n in enumerate(counts, 1)})
    m, = bc.measure(o, p, pr, "6-thang")
    assert (m["vuot"], m["dat"], m["chua_dat"]) == ("Chi bộ ấp Ba, Năm, Tám", "Chi bộ ấp Hai, Bốn, Sáu, Bảy",
                                                     "Chi bộ ấp Một, Chín")
    assert (m["so_vuot"], m["so_dat"], m["so_chua_dat"]) == (3, 4, 2)
    assert (m["tong_so"], m["ket_qua"], m["ty_le"], m["muc_tinh"], m["tong_so_chu"]) == (14, 22, "157,1%", "14",
                                                                                         "ít nhất 14")
    # ranges are measured against their minimum, and the report says so
    assert m["theo_toi_thieu"] is True
    assert m["_done"] == {f"a{i}": n for i, n in enumerate(counts, 1)}
    assert m["_targets"]["a10"] == Target(toi_thieu=0, toi_da=0) and "a11" not in m["_targets"]


def test_what_a_report_knows_of_a_quota_kind():
    # the whole measure of one kind, as a template reads it: a1, a2 exact, a lead unit (ca) «ít nhất 01»
    # outside the allocated 3 and 2 not broken down (total 5)
    o = org()
    p = plan([{**quota("kn", 5, a1=2, a2=1), "khong_phan_bo": 2}], leads=[lead("ca", "ít nhất 01", "kn")])
    pr = progress(a1=(5, 2), a2=(3, 0), a3=(1, 1), a4=(0, 0), ca=(1, 1), qs=(2, 0))
    m, = bc.measure(o, p, pr, "6-thang")
    assert m == {
        "ma": "kn", "ten": "kết nạp đảng viên", "ten_ngan": "kết nạp", "don_vi_tinh": "đảng viên",
        "giai_doan": "Đã kết nạp", "thuoc": "", "tong_so": 5, "tong_so_chu": "5", "muc_tinh": "5",
        "khong_phan_bo": 2, "ket_qua": 4, "ty_le": "80,0%", "theo_toi_thieu": False,
        "vuot": "", "dat": "Chi bộ ấp Một, Công an", "chua_dat": "Chi bộ ấp Hai",
        "liet_ke": {"vuot": True, "dat": True, "chua_dat": True}, "so_vuot": 0, "so_dat": 2, "so_chua_dat": 1,
        "_targets": {"a1": Target(toi_thieu=2, toi_da=2), "a2": Target(toi_thieu=1, toi_da=1),
                     "ca": Target(toi_thieu=1, toi_da=None, tu="ít nhất")},
        "_done": {"a1": 2, "a2": 0, "a3": 1, "a4": 0, "ca": 1, "qs": 0}, "_leads": {"ca"},
        "chu_tri": "Chi bộ Công an",
    }


def test_a_kind_without_a_short_name_is_headed_by_its_name():
    m, = bc.measure(org(), plan([quota("tn", 2, a1=2)]), progress(**ZERO), "6-thang")
    assert (m["ten"], m["ten_ngan"]) == ("tạo nguồn", "tạo nguồn")


def test_a_part_of_a_kind_counted_by_its_parents_stage_counts_only_its_own_units():
    # «nu» (women admitted) is part of «kn» and has no stage of its own: kn's stage counts it, but only
    # at the units it is allocated to (a1: 2 admitted, of «ít nhất 01» women); the others' admissions
    # (a2 1, a3 5) are kn's, not nu's
    o = org()
    p = plan([quota("kn", 3, a1=2, a2=1), quota("nu", "ít nhất 1", a1="ít nhất 01")])
    pr = progress(a1=(4, 2), a2=(1, 1), a3=(6, 5), a4=(0, 0), ca=(0, 0), qs=(0, 0))
    kn, nu = bc.measure(o, p, pr, "6-thang")
    assert (kn["ket_qua"], kn["thuoc"], kn["so_vuot"], kn["so_dat"]) == (8, "", 0, 2)
    assert nu["_done"] == {"a1": 2, "a2": 0, "a3": 0, "a4": 0, "ca": 0, "qs": 0}
    assert (nu["ket_qua"], nu["ty_le"], nu["thuoc"], nu["giai_doan"]) == (2, "200,0%", "kn", "Đã kết nạp")
    assert (nu["vuot"], nu["so_vuot"], nu["theo_toi_thieu"]) == ("Chi bộ ấp Một", 1, False)
    # without its parent in the plan it is a kind on its own in the report (no «Trong đó»)
    nu_alone, = bc.measure(o, plan([quota("nu", "ít nhất 1", a1="ít nhất 01")]), pr, "6-thang")
    assert nu_alone["thuoc"] == "" and nu_alone["ket_qua"] == 2


def test_a_part_of_a_kind_allocated_to_no_unit_is_refused_with_what_to_do():
    o = org()
    p = plan([quota("kn", 3, a1=2, a2=1), quota("nu", 0, a1=0)])
    with pytest.raises(DataError) as caught:
        bc.measure(o, p, progress(**ZERO), "6-thang")
    assert caught.value.findings == [Finding(
        Location("data/don-vi.yaml"),
        "chỉ tiêu «nu» là một phần của «kn» và đo bằng giai đoạn của nó («kn») nhưng không phân bổ cho đơn vị "
        "nào: không tách được kết quả của riêng nó",
        "khai một giai đoạn riêng cho «nu» (do_bang), hoặc phân bổ chỉ tiêu này cho từng đơn vị")]
    # a range from zero is an allocation (up to 2): measured, not refused
    m = bc.measure(o, plan([quota("kn", 3, a1=2, a2=1), quota("nu", "0-2", a1="00-02")]),
                   progress(**{**ZERO, "a1": (1, 1)}), "6-thang")[1]
    assert (m["dat"], m["ket_qua"], m["theo_toi_thieu"]) == ("Chi bộ ấp Một", 1, True)


def test_a_range_led_outside_an_exact_allocation_is_measured_by_its_minimum():
    # the allocation and total are exact; the militia branch leads «01-02»: the report says it measures
    # by the minimum
    p = plan([quota("tn", 2, a1=2)], leads=[lead("qs", "01-02")])
    m, = bc.measure(org(), p, progress(**ZERO), "6-thang")
    assert m["theo_toi_thieu"] is True and m["chu_tri"] == "Chi bộ Quân sự"
    # an «at least» total with exact and open allocations is not a range
    p = plan([quota("tn", "ít nhất 3", a1=2, a2="ít nhất 01")])
    assert bc.measure(org(), p, progress(**ZERO), "6-thang")[0]["theo_toi_thieu"] is False
    # a range total is, though no unit's target is a range: «03-04» over 02 and «ít nhất 01» (the checks
    # accept it: open allocations have no maximum for the total's to equal; mutants: the total's form
    # compared with another word)
    p = plan([quota("tn", "3-4", a1=2, a2="ít nhất 01")])
    assert bc.measure(org(), p, progress(**ZERO), "6-thang")[0]["theo_toi_thieu"] is True


def test_fifteen_units_are_named_in_a_sentence_and_sixteen_are_counted():
    # LIST_MAX is 15: the 15 that met their target are named, the 16 that fell short are a count
    # that points to the table, with their own noun (chi bộ), not the word for the organisation's
    # units of several kinds (a đảng bộ without a target is one of them; mutants: unit_noun of all units)
    units = [{"id": f"u{i:02}", "loai": "ap", "ten": f"Số {i}"} for i in range(1, 32)] + [{"id": "db", "loai": "db"}]
    o = org(units=units, loai_don_vi={"ap": {"ten": "chi bộ", "tien_to": "ấp"},
                                      "db": {"ten": "đảng bộ", "tien_to": "Công an"}})
    p = plan([quota("tn", 31, **{f"u{i:02}": 1 for i in range(1, 32)})])
    pr = Progress(periods={"quy-1": {f"u{i:02}": Row(f"u{i:02}", {"gt": int(i <= 15), "kn": 0})
                                     for i in range(1, 32)} | {"db": Row("db", {"gt": 0, "kn": 0})}})
    m, = bc.measure(o, p, pr, "quy-1")
    assert m["liet_ke"] == {"vuot": True, "dat": True, "chua_dat": False}
    assert m["dat"] == "Chi bộ ấp " + ", ".join(f"Số {i}" for i in range(1, 16))
    assert m["chua_dat"] == "16 chi bộ (chi tiết tại Bảng 1)"
    assert (m["so_dat"], m["so_chua_dat"], m["ty_le"]) == (15, 16, "48,4%")


# --------------------------------------------------------------------------
# rows: the table's row of each unit


def test_each_units_row_shows_its_target_as_written_and_its_rate():
    o = org()
    p = plan([quota("tn", "ít nhất 3", a1=2, a2="ít nhất 01", a3=0, a4="00-02")],
             leads=[lead("ca", "ít nhất 01"), lead("qs", 0)])
    pr = progress(a1=(3, 1), a2=(1, 0, "mới thành lập"), a3=(1, 0), a4=(1, 1), ca=(2, 0), qs=(4, 1))
    measured = bc.measure(o, p, pr, "6-thang")
    rows = bc.rows(o, pr, "6-thang", measured)
    assert [(r["stt"], r["ma"], r["ten"], r["so_lieu"], r["ghi_chu"]) for r in rows] == [
        (1, "a1", "Chi bộ ấp Một", [3, 1], ""), (2, "a2", "Chi bộ ấp Hai", [1, 0], "mới thành lập"),
        (3, "a3", "Chi bộ ấp Ba", [1, 0], ""), (4, "a4", "Chi bộ ấp Bốn", [1, 1], ""),
        (5, "ca", "Chi bộ Công an", [2, 0], ""), (6, "qs", "Chi bộ Quân sự", [4, 1], "")]

    def cell(chu, so, lead, amount, done, rate):
        return {"chu": chu, "so": so, "chu_tri": lead, "so_luong": amount, "ket_qua": done, "ty_le": rate}

    assert [r["chi_tieu"] for r in rows] == [
        [cell("02", "02", False, 2, 3, "150,0%")],
        [cell("ít nhất 01", "ít nhất 01", False, 1, 1, "100,0%")],
        # a target of zero is no target: a dash, no rate
        [cell("—", "—", False, 0, 1, "—")],
        # «00-02»: written as it is; no minimum to give a rate against
        [cell("00-02", "00-02", False, 0, 1, "—")],
        # a lead target is marked in the table (explained under it)
        [cell("ít nhất 01", "ít nhất 01*", True, 1, 2, "200,0%")],
        # a lead without a number has no figure to mark (mutant: the mark put on a dash)
        [cell("—", "—", True, 0, 4, "—")],
    ]


# --------------------------------------------------------------------------
# data_table: the table as printed


def _measured(**fields):
    base = {"ten": "tạo nguồn", "ten_ngan": "tạo nguồn", "thuoc": "", "khong_phan_bo": 0, "tong_so_chu": "17",
            "ty_le": "94,1%", "chu_tri": "", "don_vi_tinh": "nguồn"}
    return {**base, **fields}


def _row(stt, name, so, counts, rate):
    return {"stt": stt, "ten": name, "chi_tieu": [{"so": s, "ty_le": r} for s, r in zip(so, rate)],
            "so_lieu": counts}


def test_a_table_of_one_kind_heads_its_columns_plainly():
    o = org()
    rows = [_row(1, "Chi bộ ấp Một", ["ít nhất 02"], [3, 1], ["150,0%"]), _row(2, "Chi bộ ấp Hai", ["—"], [0, 0], ["—"])]
    table = bc.data_table(o, [_measured()], rows, [3, 1])
    assert table == Table(headers=("STT", "Chi bộ", "Chỉ tiêu", "Được giới thiệu", "Đã kết nạp", "Tỷ lệ đạt"),
                          rows=(("1", "Chi bộ ấp Một", "ít nhất 02", "3", "1", "150,0%"),
                                ("2", "Chi bộ ấp Hai", "—", "0", "0", "—")),
                          total=("", "Tổng cộng", "17", "3", "1", "94,1%"), note="")


def test_a_table_of_two_kinds_names_them_with_the_part_the_unallocated_row_and_the_lead_note():
    # «kết nạp» and its part «nữ» side by side; 2 of kết nạp not broken down per unit; each kind has a
    # lead unit: the note names both, with both totals
    o = org()
    measured = [_measured(ten="kết nạp đảng viên", ten_ngan="kết nạp", khong_phan_bo=2, tong_so_chu="5",
                          ty_le="80,0%", chu_tri="Chi bộ Công an", don_vi_tinh="đảng viên"),
                _measured(ten="kết nạp đảng viên nữ", ten_ngan="nữ", thuoc="kn", tong_so_chu="ít nhất 1",
                          ty_le="100,0%", chu_tri="Chi bộ Quân sự", don_vi_tinh="đảng viên")]
    rows = [_row(1, "Chi bộ ấp Một", ["02", "ít nhất 01"], [4, 2], ["100,0%", "100,0%"])]
    table = bc.data_table(o, measured, rows, [4, 2])
    assert table.headers == ("STT", "Chi bộ", "Chỉ tiêu kết nạp", "Trong đó: nữ", "Được giới thiệu", "Đã kết nạp",
                             "Tỷ lệ kết nạp", "Tỷ lệ nữ")
    assert table.rows == (("1", "Chi bộ ấp Một", "02", "ít nhất 01", "4", "2", "100,0%", "100,0%"),
                          ("", "Chưa phân bổ", "2", "—", "—", "—", "—", "—"))
    assert table.total == ("", "Tổng cộng", "5", "ít nhất 1", "4", "2", "80,0%", "100,0%")
    assert table.note == ("* Chỉ tiêu kết nạp đảng viên của Chi bộ Công an; kết nạp đảng viên nữ của Chi bộ Quân sự "
                          "do đơn vị chủ trì, phối hợp thực hiện theo phân công của kế hoạch; không tính vào tổng số "
                          "5 đảng viên; ít nhất 1 đảng viên đã phân bổ.")


def test_a_stage_without_a_short_name_heads_its_column_with_its_name():
    o = org(stages=[{"id": "gt", "ten": "Quần chúng được giới thiệu"}, {"id": "kn", "ten": "Đã kết nạp",
                                                                       "ten_ngan": "Kết nạp"}])
    table = bc.data_table(o, [_measured()], [], [0, 0])
    assert table.headers[3:5] == ("Quần chúng được giới thiệu", "Kết nạp")


# --------------------------------------------------------------------------
# report_periods, issued_parts, period_context


def _job(ky, draft=False, year=2018):
    report = Report.model_validate({"nguoi_ky": "bi_thu", "trich_yeu": "kết quả {ky}", "ky": ky, "noi_nhan": ["vp"]})
    return SimpleNamespace(data=report, year=year, numbering=Numbering(draft=draft),
                           decl=SimpleNamespace(du_lieu="data/2018/bao-cao.yaml"))


def _periods(*names) -> Progress:
    return Progress(periods={p: {} for p in names})


def _refusal(call) -> list[tuple]:
    with pytest.raises(DataError) as caught:
        call()
    return [(str(f.location), f.message, f.hint) for f in caught.value.findings]


def test_without_a_period_the_reports_are_those_with_data_and_facts_in_the_years_order():
    job = _job({"nam": {"so": 40, "ngay": "2019-01-05"}, "quy-1": {"so": 31, "ngay": "2018-04-03"},
                "9-thang": {"so": 35, "ngay": "2018-10-02"}})
    got = bc.report_periods(job, _periods("6-thang", "nam", "quy-1"), None)
    assert got == [("quy-1", 31, dt.date(2018, 4, 3)), ("nam", 40, dt.date(2019, 1, 5))]
    # one period asked for: that one only
    assert bc.report_periods(job, _periods("6-thang", "nam", "quy-1"), "nam") == [("nam", 40, dt.date(2019, 1, 5))]


def test_no_period_with_both_data_and_facts_is_refused_with_how_to_ask_for_one():
    job = _job({"quy-1": {"so": 31, "ngay": "2018-04-03"}})
    assert _refusal(lambda: bc.report_periods(job, _periods("6-thang"), None)) == [
        ("--ky", "chưa có kỳ nào có cả số liệu tiến độ và số, ngày báo cáo", "thêm --ky 6-thang (" + PERIOD_HINT + ")")]


def test_a_period_that_is_not_one_is_refused_with_the_nearest_name():
    job = _job({"quy-1": {"so": 31, "ngay": "2018-04-03"}})
    assert _refusal(lambda: bc.report_periods(job, _periods("quy-1"), "quy1")) == [
        ("--ky", "«quy1» không phải một kỳ báo cáo (có phải «quy-1»?)", PERIOD_HINT)]
    assert _refusal(lambda: bc.report_periods(job, _periods("quy-1"), "ngay-2018-02-30")) == [
        ("--ky", "«ngay-2018-02-30» không phải một kỳ báo cáo", PERIOD_HINT)]


def test_a_period_without_data_names_the_periods_that_have_it_and_where_to_fill_it_in():
    job = _job({"9-thang": {"so": 35, "ngay": "2018-10-02"}})
    hint = ("điền số liệu kỳ «9-thang» vào data/2018/tien-do.yaml, hoặc vào trang «9-thang» của "
            "data/2018/tien-do.xlsx (tạo sổ: vanban mau-excel tien-do 2018)")
    assert _refusal(lambda: bc.report_periods(job, _periods("6-thang", "quy-1"), "9-thang")) == [
        ("--ky", "chưa có số liệu tiến độ kỳ «9-thang» năm 2018 (có: quy-1, 6-thang)", hint)]
    assert _refusal(lambda: bc.report_periods(job, _periods(), "9-thang")) == [
        ("--ky", "chưa có số liệu tiến độ kỳ «9-thang» năm 2018 (có: chưa có kỳ nào)", hint)]


def test_a_period_without_its_number_and_date_needs_a_draft():
    job = _job({"quy-1": {"so": 31, "ngay": "2018-04"}})
    assert _refusal(lambda: bc.report_periods(job, _periods("quy-1", "6-thang"), "6-thang")) == [
        ("data/2018/bao-cao.yaml", "báo cáo kỳ «6-thang» chưa có số hoặc ngày",
         "ghi «6-thang: {so: …, ngay: …}» dưới «ky», hoặc dùng --du-thao")]
    # a date without its day is not a date to issue with either
    assert _refusal(lambda: bc.report_periods(job, _periods("quy-1"), "quy-1"))[0][1] == (
        "báo cáo kỳ «quy-1» chưa có số hoặc ngày")
    draft = _job({"quy-1": {"so": 31, "ngay": "2018-04"}}, draft=True)
    assert bc.report_periods(draft, _periods("quy-1", "6-thang"), "6-thang") == [("6-thang", None, None)]
    got = bc.report_periods(draft, _periods("quy-1"), "quy-1")
    assert got[0][:2] == ("quy-1", 31) and (got[0][2].nam, got[0][2].thang) == (2018, 4)


def test_each_declared_period_is_a_part_issued_on_its_own():
    report = _job({"quy-1": {"so": 31, "ngay": "2018-04-03"}, "6-thang": {"so": 32}}).data
    assert bc.issued_parts(report) == [{"period": "quy-1"}, {"period": "6-thang"}]
    assert bc.issued_parts(_job({}).data) == []
    assert bc.issued_parts(None) == [{}]


def test_a_report_counts_to_its_own_date_only_when_dated_before_the_period_ends():
    name = "6 tháng đầu năm 2018"
    assert bc.period_context("6-thang", name, dt.date(2018, 6, 20), 2018) == {
        "ma": "6-thang", "ten": name, "den_ngay": "ngày 20 tháng 6 năm 2018", "ket_thuc": "ngày 30 tháng 6 năm 2018",
        "truoc_ket_thuc": True}
    for date in (dt.date(2018, 6, 30), dt.date(2018, 7, 5), None):
        assert bc.period_context("6-thang", name, date, 2018) == {
            "ma": "6-thang", "ten": name, "den_ngay": "ngày 30 tháng 6 năm 2018",
            "ket_thuc": "ngày 30 tháng 6 năm 2018", "truoc_ket_thuc": False}


# --------------------------------------------------------------------------
# check: the report's data file

FILE = "data/2018/bao-cao.yaml"


def _source(ky: dict) -> Source:
    """Where each value of bao-cao.yaml stands when «ky» is written in blocks:
    nguoi_ky on line 1, noi_nhan on 2, ky on 3, then a line per period and per field."""
    lines = {("nguoi_ky",): 1, ("noi_nhan",): 2, ("noi_nhan", 0): 2, ("ky",): 3}
    line = 3
    for period, facts in ky.items():
        line += 1
        lines[("ky", period)] = line
        for key in facts:
            line += 1
            lines[("ky", period, key)] = line
    return Source(FILE, lines)


def _check(ky, signer="bi_thu", base=None, o=None):
    report = Report.model_validate({"nguoi_ky": signer, "trich_yeu": "kết quả {ky}", "ky": ky, "noi_nhan": ["vp"]})
    found = bc.check(o or org(), report, _source(ky), 2018, Numbering(), base)
    return [(str(f.location), f.message, f.hint) for f in found]


def test_a_report_dated_within_its_periods_last_month_or_in_the_next_year_is_accepted():
    assert _check({"6-thang": {"so": 32, "ngay": "2018-06-01"}, "quy-1": {"so": 31, "ngay": "2018-03-01"},
                   "nam": {"so": 40, "ngay": "2019-12-31"}, "9-thang": {"ngay": "2018-05"},
                   "ngay-2018-08-15": {"ngay": "2018-08-01"}}) == []


def test_each_wrong_period_fact_is_refused_at_its_own_line():
    ky = {"quy-5": {"so": 30, "ngay": "2018-04-03"}, "6-thang": {"so": 31, "ngay": "2018-05-31"},
          "9-thang": {"so": 33, "ngay": "2020-01-01"}, "nam": {"so": 31, "ngay": "2017-12-31"},
          "ngay-2018-02-30": {"ngay": "2018-03-01"}}
    assert _check(ky) == [
        (f"{FILE}:4", "«quy-5» không phải một kỳ báo cáo", PERIOD_HINT),
        (f"{FILE}:9", "báo cáo kỳ «6-thang» ghi ngày trước khi kỳ kết thúc", "kiểm tra lại ngày báo cáo"),
        (f"{FILE}:12", "báo cáo kỳ «9-thang» của năm 2018 ghi ngày năm 2020",
         "sửa ngày báo cáo (dữ liệu chép từ năm trước?)"),
        (f"{FILE}:15", "báo cáo kỳ «nam» ghi ngày trước khi kỳ kết thúc", "kiểm tra lại ngày báo cáo"),
        (f"{FILE}:16", "«ngay-2018-02-30» không phải một kỳ báo cáo", PERIOD_HINT),
        (f"{FILE}:14", "số 31 đã dùng cho báo cáo kỳ «6-thang»", "mỗi văn bản một số riêng"),
    ]


def test_a_number_used_twice_names_the_period_that_has_it_and_no_number_is_never_a_duplicate():
    ky = {"quy-1": {"so": 31, "ngay": "2018-04-03"}, "6-thang": {"ngay": "2018-07-05"},
          "9-thang": {"ngay": "2018-10-05"}, "nam": {"so": 31, "ngay": "2018-12-31"}}
    assert _check(ky) == [(f"{FILE}:12", "số 31 đã dùng cho báo cáo kỳ «quy-1»", "mỗi văn bản một số riêng")]


def test_a_quota_kind_of_the_plan_without_a_measuring_stage_is_named_with_the_stages_to_choose():
    o = org(quota_kinds={"tn": {"ten": "tạo nguồn", "don_vi_tinh": "nguồn"},
                         "kn": {"ten": "kết nạp đảng viên", "don_vi_tinh": "đảng viên", "do_bang": "kn"}})
    # the plan among the report's bases; a kind the organisation does not declare is refused elsewhere
    base = {"tien-do": progress(**ZERO), "ke-hoach": plan([quota("kn", 1, a1=1), quota("tn", 1, a1=1),
                                                            quota("la", 1, a1=1)])}
    assert _check({}, base=base, o=o) == [(
        "data/don-vi.yaml", "loại chỉ tiêu «tn» chưa ghi giai đoạn đo kết quả (do_bang)",
        "thêm «do_bang: …» (một trong: gt, kn) vào loai_chi_tieu.tn")]
    assert _check({}, base={"ke-hoach": plan([quota("kn", 1, a1=1)])}, o=o) == []


def test_the_signer_and_the_recipients_of_a_report_are_checked():
    found = _check({}, signer="chu_tich")
    assert [(where, message) for where, message, _ in found] == [
        (f"{FILE}:1", "người ký «chu_tich» không có trong don-vi.yaml")]
    report = Report.model_validate({"nguoi_ky": "bi_thu", "trich_yeu": "x", "noi_nhan": ["vp", "ban_khac"]})
    found = bc.check(org(), report, _source({}), 2018, Numbering(), None)
    assert [f.message for f in found] and all("ban_khac" in f.message for f in found)


# --------------------------------------------------------------------------
# the report built from the sample year (not rendered): what its template is given


@pytest.fixture(scope="module")
def two_kinds(tmp_path_factory):
    """The sample year's 6-thang report with a second kind, kết nạp, allocated to Bến Đò only: Tiểu học
    admitted one without a target, Trường THCS and Trạm Y tế have neither target nor count. The
    organisation names its units of several kinds «tổ chức đảng trực thuộc» (cach_goi.don_vi); its
    units are all chi bộ."""
    root = tmp_path_factory.mktemp("two-kinds") / "proj"
    shutil.copytree(REPO / "data", root / "data")
    (root / "templates").symlink_to(REPO / "templates")  # read only
    edit(root / "data/don-vi.yaml", "cach_goi:\n", "cach_goi:\n  don_vi: tổ chức đảng trực thuộc\n")
    edit(root / "data/2018/ke-hoach.yaml", "# Phân công chủ trì",
         "  - loai: ket_nap\n    tong_so: 1\n    phan_bo:\n      - {don_vi: ap_ben_do, so_luong: 1}\n\n"
         "# Phân công chủ trì")
    office = Office(Project(root)).year(2018)
    return office.prepared("bao-cao", period="6-thang")[0], office.prepared("bao-cao")[0]


def test_each_kind_has_its_chart_of_the_units_with_a_target_or_a_result(two_kinds):
    doc = two_kinds[0][0]
    tao_nguon, ket_nap = doc.context["chi_tieu"]
    assert (tao_nguon["so_hinh"], ket_nap["so_hinh"]) == (1, 2)
    # kết nạp: Bến Đò's target of 1 and its 1 admitted; Tiểu học (8th row) admitted one without a target
    series = (["Chi bộ ấp Bến Đò", "Chi bộ Trường Tiểu học Nguyễn Ngọc Thăng"], [1, 0], [1, 1],
              "Chỉ tiêu và kết quả kết nạp đảng viên 6 tháng đầu năm 2018", "Chỉ tiêu (đảng viên)", "Đã kết nạp")
    assert ket_nap["bieu_do"] == Picture(None, 160, series, draw=(chart.quota_figure, series[:3], {
        "quota_label": "Chỉ tiêu (đảng viên)", "achieved_label": "Đã kết nạp", "numbers": [4, 8]}))
    # tạo nguồn: the eleven units with a target (Cái Chốt's 0 achieved included), not the two without
    names, targets, done = tao_nguon["bieu_do"].source[:3]
    assert len(names) == 11 and "Chi bộ ấp Cái Chốt" in names and "Chi bộ Trạm Y tế" not in names
    assert tao_nguon["bieu_do"].draw[2]["numbers"] == list(range(1, 12))
    assert tao_nguon["bieu_do"].source[3:] == ("Chỉ tiêu và kết quả tạo nguồn 6 tháng đầu năm 2018",
                                               "Chỉ tiêu (nguồn)", "Quần chúng ưu tú được giới thiệu")
    # what the template reads of a kind has no working fields left in it
    assert not {"_targets", "_done", "_leads"} & set(tao_nguon) and not {"_targets", "_done", "_leads"} & set(ket_nap)


def test_the_report_context_of_a_period(two_kinds):
    doc = two_kinds[0][0]
    c = doc.context
    # the report names its units by their own noun: all are chi bộ (the word for several kinds is not
    # theirs; mutants: the report's danh_tu under another key, org_context's word left)
    assert c["nam"] == 2018 and c["danh_tu"] == "chi bộ"
    # signed T/M Ban Thường vụ (pho_bi_thu_btv): the report speaks for the standing committee, not the
    # whole Party committee (mutants: org_context without the signer)
    assert (c["co_quan"], c["nhan_danh"]) == ("Đảng ủy xã Tân Thạch", "Ban Thường vụ Đảng ủy")
    # the header and signature block the clerk prints
    assert doc.frame.number == ("so_ky_hieu", "Số 32-BC/ĐU")
    assert doc.frame.signature == [("quyen_han_ky", "T/M BAN THƯỜNG VỤ"), ("chuc_vu", "PHÓ BÍ THƯ"),
                                   ("ho_ten", "Trần Thị Bình")]
    assert doc.frame.recipients[-1] == ("noi_nhan_dong", "- Lưu VT, 28b.")
    assert c["ky"] == {"ma": "6-thang", "ten": "6 tháng đầu năm 2018", "den_ngay": "ngày 30 tháng 6 năm 2018",
                       "ket_thuc": "ngày 30 tháng 6 năm 2018", "truoc_ket_thuc": False}
    assert c["ke_hoach"]["so_ky_hieu"] == "28-KH/ĐU"
    # the stages summed over the 13 branches (tien-do.yaml, 6-thang)
    assert c["giai_doan"] == [
        {"ma": "gioi_thieu", "ten": "Quần chúng ưu tú được giới thiệu", "tong": 16, "cong_don": True},
        {"ma": "hoc_nhan_thuc", "ten": "Đã học lớp nhận thức về Đảng", "tong": 11, "cong_don": True},
        {"ma": "tham_tra", "ten": "Đang thẩm tra lý lịch, hoàn thiện hồ sơ", "tong": 4, "cong_don": False},
        {"ma": "ket_nap", "ten": "Đã kết nạp", "tong": 2, "cong_don": True}]
    assert [r["ten"] for r in c["bang"]][:2] == ["Chi bộ ấp Chợ", "Chi bộ ấp Căn cứ"] and len(c["bang"]) == 13
    table = c["bang_so_lieu"]
    assert table.headers[2:4] == ("Chỉ tiêu tạo nguồn", "Chỉ tiêu kết nạp đảng viên")
    # kết nạp's result is every branch's: Bến Đò's 1 and Tiểu học's 1, 2 of the 1 allocated
    assert table.total == ("", "Tổng cộng", "17", "1", "16", "11", "4", "2", "94,1%", "200,0%")
    assert doc.issue.subject == "kết quả tạo nguồn phát triển đảng 6 tháng đầu năm 2018"
    assert (doc.issue.kind, doc.issue.key, doc.issue.doc_type, doc.issue.symbol, doc.issue.date, doc.issue.signer) == (
        "bao-cao", "bao-cao/6-thang", "bao_cao", "32-BC/ĐU", dt.date(2018, 7, 5), "Trần Thị Bình")
    assert (doc.kind, doc.template, doc.output_name) == ("bao-cao", "bao-cao.docx", "bao-cao-32-bc-du-6-thang.docx")


def test_without_a_period_every_period_with_data_and_facts_is_built(two_kinds):
    docs = two_kinds[1]
    assert [d.output_name for d in docs] == ["bao-cao-31-bc-du-quy-1.docx", "bao-cao-32-bc-du-6-thang.docx"]
    assert [d.context["ky"]["ten"] for d in docs] == ["quý I năm 2018", "6 tháng đầu năm 2018"]
    assert [d.issue.number for d in docs] == [31, 32]


# --------------------------------------------------------------------------
# text/names.py: how units and bodies are named in a document


def _names_org(units=None, kinds=None, **more):
    """A commune with branches of hamlets and a school, the mass organisations and a registry."""
    return org(units=units if units is not None else [
        {"id": "a1", "loai": "ap", "ten": "Một"}, {"id": "a2", "loai": "ap", "ten": "Hai"},
        {"id": "t1", "loai": "truong", "ten": "Mầm non"}, {"id": "cq", "loai": "co_quan"},
        {"id": "ca", "loai": "ca", "ten_day_du": "Đảng bộ Công an xã"}],
        loai_don_vi=kinds or {"ap": {"ten": "chi bộ", "tien_to": "ấp"}, "truong": {"ten": "chi bộ", "tien_to": "Trường"},
                              "co_quan": {"ten": "chi bộ", "tien_to": "cơ quan"}, "ca": {"ten": "đảng bộ"},
                              "thon": {"ten": "thôn"}},
        loai_doan_the={"hoi": {"tien_to": "Hội"}, "doan": {"tien_to": "Đoàn"}},
        doan_the=[{"id": "nd", "loai": "hoi", "ten": "Nông dân"}, {"id": "pn", "loai": "hoi", "ten": "Phụ nữ"},
                  {"id": "tn", "loai": "doan", "ten": "Thanh niên"}, {"id": "mt", "loai": "khac", "ten": "Mặt trận"}],
        noi_nhan=[{"id": "vp", "ten": "VP Huyện ủy"}, {"id": "cac_chi_bo", "ten": "Chi bộ trực thuộc", "nhom": "don_vi"}],
        **more)


def test_a_capital_goes_on_the_first_letter_only():
    from vanban.text.names import capitalise

    assert capitalise("chi bộ ấp") == "Chi bộ ấp"
    assert capitalise("đảng bộ") == "Đảng bộ"
    assert capitalise("") == ""


def test_a_unit_is_named_by_its_kinds_noun_prefix_and_name_or_its_full_name():
    from vanban.text.names import unit_name, unit_parts

    o = _names_org()
    units = {u.id: u for u in o.don_vi}
    assert unit_parts(o, units["a1"]) == ("Chi bộ", "ấp", "Một")
    assert unit_name(o, units["a1"]) == "Chi bộ ấp Một"
    assert unit_name(o, units["cq"]) == "Chi bộ cơ quan"       # no name of its own: no empty word
    assert unit_name(o, units["ca"]) == "Đảng bộ Công an xã"   # the full name stands for all
    # a unit of a kind not declared (refused elsewhere) keeps its bare name
    stray = SimpleNamespace(loai="khong_co", ten="Bến Đò", ten_day_du="")
    assert unit_parts(o, stray) == ("", "", "Bến Đò") and unit_name(o, stray) == "Bến Đò"


def test_units_share_their_kinds_noun_or_take_the_organisations_word_for_several_kinds():
    from vanban.text.names import unit_heading, unit_noun

    o = _names_org()
    units = {u.id: u for u in o.don_vi}
    assert unit_noun(o, [units["a1"], units["t1"]]) == "chi bộ"
    # chi bộ and đảng bộ under a commune's Party committee: «tổ chức đảng» (bodies.py's word for its level)
    assert unit_noun(o, [units["a1"], units["ca"]]) == "tổ chức đảng"
    assert unit_noun(o) == "tổ chức đảng" and unit_heading(o) == "Tổ chức đảng"
    given = _names_org(cach_goi={"don_vi": "đơn vị trực thuộc"})
    assert unit_noun(given) == "đơn vị trực thuộc"
    # one kind: its noun, lower case in prose and capitalised as the column heading
    hamlets = org(units=[{"id": "a1", "loai": "ap", "ten": "Một"}],
                  loai_don_vi={"ap": {"ten": "Chi bộ", "tien_to": "ấp"}})
    assert unit_noun(hamlets) == "chi bộ" and unit_heading(hamlets) == "Chi bộ"
    # units of no declared kind: the noun of the organisation's kinds
    stray = [SimpleNamespace(loai="khong_co")]
    assert unit_noun(hamlets, stray) == "chi bộ"
    assert unit_noun(o, stray) == "tổ chức đảng"


def test_names_in_a_sentence_write_what_they_share_once():
    from vanban.text.names import elide, units_text

    o = _names_org()
    units = {u.id: u for u in o.don_vi}
    assert units_text(o, [units[i] for i in ("a1", "a2", "t1", "cq", "ca")]) == (
        "Chi bộ ấp Một, Hai, Trường Mầm non, cơ quan, Đảng bộ Công an xã")
    # a full name stands alone, and the next unit is named in full again
    assert units_text(o, [units[i] for i in ("ca", "a1", "a2")]) == "Đảng bộ Công an xã, Chi bộ ấp Một, Hai"
    assert units_text(o, [units["a2"], units["a1"]]) == "Chi bộ ấp Hai, Một"
    # the same name twice is written twice (never an empty name)
    assert units_text(o, [units["a1"], units["a1"]]) == "Chi bộ ấp Một, Một"
    # two units without a name of their own keep their last word (mutants: the fallback's slice)
    assert elide([("Chi bộ", "cơ quan", ""), ("Chi bộ", "cơ quan", "")]) == "Chi bộ cơ quan, cơ quan"
    assert elide([("Chi bộ cơ quan", "", ""), ("Chi bộ cơ quan", "", "")]) == "Chi bộ cơ quan, Chi bộ cơ quan"
    assert elide([("Hội", ""), ("Hội", "")]) == "Hội, Hội"
    # parts of other lengths are not elided against each other
    assert elide([("Hội", "Nông dân"), ("Chi bộ", "Hội", "Nông dân")]) == "Hội Nông dân, Chi bộ Hội Nông dân"
    assert elide([("Chi bộ", "ấp", "Một"), ("Chi bộ", "ấp")]) == "Chi bộ ấp Một, Chi bộ ấp"
    assert units_text(o, []) == ""


def test_a_group_is_named_as_a_common_noun_in_running_text():
    from vanban.text.names import group_phrase

    assert group_phrase("Chi bộ trực thuộc") == "các chi bộ trực thuộc"
    assert group_phrase("Các  thôn") == "các thôn"
    assert group_phrase("Chi bộ các ấp") == "chi bộ các ấp"
    assert group_phrase("Những đảng viên mới") == "những đảng viên mới"
    assert group_phrase(" VP\tHuyện ủy ") == "các vP Huyện ủy"


def test_a_counted_group_drops_its_plural_word_and_keeps_a_capital():
    from vanban.text.names import counted_group

    assert counted_group("Các chi bộ trực thuộc") == "Chi bộ trực thuộc"
    assert counted_group("những  thôn") == "Thôn"
    assert counted_group("Các thôn") == "Thôn"
    assert counted_group("Các") == "Các"          # a one-word name is kept as it is
    assert counted_group("chi bộ các ấp") == "Chi bộ các ấp"


def test_a_body_is_named_by_its_id_and_an_unknown_id_is_a_key_error():
    from vanban.text.names import body_name, mass_parts

    o = _names_org()
    assert body_name(o, "a2") == "Chi bộ ấp Hai"
    assert body_name(o, "nd") == "Hội Nông dân"
    assert body_name(o, "mt") == "Mặt trận"     # a kind not declared: no prefix
    assert mass_parts(o, o.doan_the[3]) == ("", "Mặt trận")
    assert body_name(o, "vp") == "VP Huyện ủy"
    assert body_name(o, "cac_chi_bo") == "các chi bộ trực thuộc"
    with pytest.raises(KeyError) as caught:  # the id a caller looked for (mutant: KeyError(None))
        body_name(o, "khong_co")
    assert caught.value.args == ("khong_co",)


def test_bodies_in_one_phrase_share_their_words_and_take_the_title_in_front():
    from vanban.text.names import bodies_text

    o = _names_org()
    assert bodies_text(o, ["a1", "a2"]) == "Chi bộ ấp Một, Hai"
    assert bodies_text(o, ["nd", "pn", "tn"], "Ban Thường vụ") == "Ban Thường vụ Hội Nông dân, Phụ nữ, Đoàn Thanh niên"
    assert bodies_text(o, ["nd", "a1", "vp"]) == "Hội Nông dân, Chi bộ ấp Một, VP Huyện ủy"
    assert bodies_text(o, ["pn", "a1", "a2"], "Ban Chấp hành") == "Ban Chấp hành Hội Phụ nữ, Chi bộ ấp Một, Chi bộ ấp Hai"
