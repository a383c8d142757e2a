"""LibreOffice converts the generated plan and the text survives with its diacritics."""

import unicodedata

from vanban.rendering.pdf import convert, pdf_text

from docx_read import norm


def test_plan_converts_and_keeps_vietnamese_text(libreoffice, built_plan, tmp_path):
    pdf, = convert([built_plan], tmp_path)
    text = norm(pdf_text(pdf))
    assert unicodedata.is_normalized("NFC", text)
    for expected in ["ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẢNG ỦY XÃ TÂN THẠCH", "Số 28-KH/ĐU", "KẾ HOẠCH",
                     "ấp Chợ", "Căn cứ", "Nghĩa Huấn", "Bến Đò", "Cái Chốt", "Cái Tắc",
                     "Trường Mầm non", "Tiểu học Nguyễn Ngọc Thăng", "Chi bộ cơ quan 01 nguồn",
                     "Chi bộ Công an", "Chi bộ Quân sự", "Nơi nhận:", "- 13/13 Chi bộ;", "- Lưu VT, 28b.",
                     "T/M ĐẢNG ỦY", "Nguyễn Văn An"]:
        assert expected in text, expected
