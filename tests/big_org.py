"""A large organisation no example has: *units* units (default 150) with long names, a long
superior and issuer name, two quota kinds given as ranges, many progress stages (the report
table has 17 columns), progress data for a period and its report. Built from examples/huyen-uy."""

from __future__ import annotations

import shutil
from pathlib import Path

from ruamel.yaml import YAML

from conftest import REPO

YEAR = "2024"
KINDS = ("ke-hoach", "thong-bao", "bao-cao", "noi-nhan")
LONG = ["Công ty Trách nhiệm hữu hạn Một thành viên Dịch vụ Công ích và Môi trường đô thị",
        "Trường Trung học phổ thông chuyên Lê Hồng Phong - Nguyễn Thị Minh Khai",
        "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp"]
# stages beyond the district's three, none nested in another: the report table gets one column each
EXTRA_STAGES = [("doan_vien", "Là đoàn viên ưu tú"), ("hoi_vien", "Là hội viên ưu tú"),
                ("boi_duong", "Đang bồi dưỡng"), ("xac_minh", "Đang xác minh lý lịch"),
                ("hoan_thien", "Đang hoàn thiện hồ sơ"), ("trinh", "Đã trình cấp trên"),
                ("chuyen_tiep", "Chuyển tiếp năm sau"), ("khac", "Trường hợp khác")]


def _dump(yaml: YAML, path: Path, value) -> None:
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(value, fh)


def big_organisation(root: Path, units: int = 150) -> Path:
    shutil.copytree(REPO / "examples/huyen-uy", root, ignore=shutil.ignore_patterns("output"))
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = root / "data"
    org = yaml.load((data / "don-vi.yaml").read_text(encoding="utf-8"))
    org["cap_tren"] = [{"ten": "Đảng bộ Thành phố Hồ Chí Minh", "viet_tat": "TU"}]
    org["co_quan"] = {"ten": "Đảng ủy Khối các Cơ quan và Doanh nghiệp huyện", "viet_tat": "ĐU",
                      "goi_tat": "Ban Thường vụ Đảng ủy Khối"}
    org["dia_danh"] = "Thị trấn Long Giả Đông Bắc"
    org["loai_don_vi"] = {"xa": {"ten": "đảng bộ", "tien_to": "xã"}, "co_so": {"ten": "chi bộ", "tien_to": ""}}
    org["don_vi"] = [{"id": f"dv_{i:03d}", "loai": "xa" if i % 3 else "co_so",
                      "ten": (LONG[i % len(LONG)] + f" số {i}") if i % 10 == 0 else f"Phước Long Hòa Thạnh {i}"}
                     for i in range(1, units + 1)]
    org["giai_doan"] = list(org["giai_doan"]) + [{"id": sid, "ten": name, "ten_ngan": name}
                                                  for sid, name in EXTRA_STAGES]
    org["loai_chi_tieu"] = {
        "ket_nap": {"ten": "kết nạp đảng viên", "don_vi_tinh": "đảng viên", "do_bang": "ket_nap",
                    "ten_ngan": "kết nạp", "tieu_de": "Chỉ tiêu kết nạp đảng viên"},
        "tao_nguon": {"ten": "tạo nguồn", "don_vi_tinh": "quần chúng ưu tú", "do_bang": "gioi_thieu",
                      "ten_ngan": "tạo nguồn", "tieu_de": "Chỉ tiêu tạo nguồn phát triển đảng viên"}}
    _dump(yaml, data / "don-vi.yaml", org)

    plan_file = data / YEAR / "ke-hoach.yaml"
    plan = yaml.load(plan_file.read_text(encoding="utf-8"))
    ids = [u["id"] for u in org["don_vi"]]
    plan["chi_tieu"] = [
        {"loai": "ket_nap", "tong_so": f"{2 * units}-{3 * units}",
         "phan_bo": [{"don_vi": uid, "so_luong": "02-03"} for uid in ids]},
        {"loai": "tao_nguon", "tong_so": 4 * units, "phan_bo": [{"don_vi": uid, "so_luong": 4} for uid in ids]}]
    plan.pop("phan_cong", None)
    _dump(yaml, plan_file, plan)

    progress = {"6-thang": {uid: {"gioi_thieu": 4 + i % 3, "hoc_nhan_thuc": 2 + i % 3, "ket_nap": (i * 7) % 3,
                                  **{sid: i % 5 for sid, _ in EXTRA_STAGES}}
                            for i, uid in enumerate(ids)}}
    (data / YEAR / "tien-do.xlsx").unlink(missing_ok=True)
    _dump(yaml, data / YEAR / "tien-do.yaml", progress)
    return root
