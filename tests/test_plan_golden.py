"""The sample data reproduces the 2018 plan of ../shared/seeds word for word,
except for the seed's slips, each corrected on purpose and listed here."""

import re

from docx import Document

from docx_read import body_texts, find_in_tables, norm

# seed text → what vanban writes, and why
CORRECTIONS = [
    ("chủ trưởng", "chủ trương"),                         # misspelling
    ("cũng cố", "củng cố"),                               # misspelling
    ("Các đồng trong", "Các đồng chí trong"),             # missing word
    # the same Hướng dẫn 01-HD/TW is cited once as 20/9/2016 and once as
    # 29/6/2017; it is one record in the data, so one date (spec §5.7)
    ("Hướng dẫn số 01-HD/TW ngày 29 tháng 6 năm 2017", "Hướng dẫn số 01-HD/TW ngày 20 tháng 9 năm 2016"),
    ("VP Huyện uỷ", "VP Huyện ủy"),                       # mixed tone placement uỷ/ủy (spec §5.8)
    # a group of units is a common noun in running text: lower case (the seed writes it both ways)
    ("phối hợp với Chi bộ các ấp", "phối hợp với chi bộ các ấp"),
    ("các Chi bộ trực thuộc", "các chi bộ trực thuộc"),
    ("Lưu VT,28b.", "Lưu VT, 28b."),                      # space after the comma
    # names of organisations are proper names (Nghị định 30/2020/NĐ-CP, Phụ lục VI)
    ("Hội nông dân, phụ nữ, cựu chiến binh, Đoàn thanh niên", "Hội Nông dân, Phụ nữ, Cựu chiến binh, Đoàn Thanh niên"),
    ("Trường Mầm non, tiểu học Nguyễn", "Trường Mầm non, Tiểu học Nguyễn"),
    # punctuation and spelling slips of the seed, written one way throughout
    ("Bác”…nhằm", "Bác”… nhằm"),
    ("địa bàn…làm", "địa bàn… làm"),
    ("III. Tổ chức thực hiện", "III. Tổ chức thực hiện:"),           # as I. and II. end
    ("Văn phòng-Tổ chức", "Văn phòng - Tổ chức"),
    ("phát triển Đảng năm 2018", "phát triển đảng năm 2018"),       # as the subject line writes it
]


def seed_parts(seed: str):
    lines = [norm(re.sub(r"\[bookmark: [^\]]*\]", "", line)) for line in seed.splitlines()]
    lines = [line for line in lines if line]
    start = next(i for i, line in enumerate(lines) if line.startswith("Căn cứ"))
    end = next(i for i, line in enumerate(lines) if line.endswith("kế hoạch này./."))
    label = lines.index("Nơi nhận:")
    body = lines[start:end + 1]
    recipients = lines[label + 1:]
    return body, recipients


def corrected(text: str) -> str:
    for wrong, right in CORRECTIONS:
        text = text.replace(wrong, right)
    return norm(text)


def test_every_correction_applies_to_the_seed(seed_text):
    for wrong, _ in CORRECTIONS:
        assert wrong in norm(seed_text) or wrong in seed_text, wrong


def test_body_reproduces_the_seed_in_order(seed_text, built_plan):
    body, _ = seed_parts(seed_text)
    assert len(body) == 26  # from the first «Căn cứ» to «…kế hoạch này./.»
    produced = body_texts(Document(built_plan))
    position = -1
    for expected in map(corrected, body):
        assert expected in produced[position + 1:], f"missing or out of order:\n{expected}"
        position = produced.index(expected, position + 1)


def test_allocation_paragraph_and_total_come_from_data(seed_text, built_plan):
    produced = body_texts(Document(built_plan))
    assert ("- Chi bộ ấp Chợ, Căn cứ, Nghĩa Huấn, Bến Đò, Cái Chốt, Cái Tắc, Trường Mầm non, "
            "Tiểu học Nguyễn Ngọc Thăng mỗi chi bộ ít nhất 02 nguồn; Chi bộ cơ quan 01 nguồn.") in produced
    assert any(p.startswith("4- Phân bổ số lượng nguồn phát triển đảng viên mới năm 2018 là 17 ") for p in produced)


def test_recipients_reproduce_the_seed(seed_text, built_plan):
    _, recipients = seed_parts(seed_text)
    doc = Document(built_plan)
    (t, r, c, label), = find_in_tables(doc, lambda s: s == "Nơi nhận:")
    cell = doc.tables[t].rows[r].cells[c]
    lines = [norm(p.text) for p in cell.paragraphs if norm(p.text)]
    assert lines[0] == "Nơi nhận:"
    assert lines[1:] == [corrected(x) for x in recipients]


def test_title_and_subject(built_plan):
    produced = body_texts(Document(built_plan))
    i = produced.index("KẾ HOẠCH")
    assert produced[i + 1] == "tạo nguồn phát triển đảng năm 2018"
