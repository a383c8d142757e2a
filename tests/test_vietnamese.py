import datetime as dt
import unicodedata

import pytest

from vanban.text import vietnamese as vi


@pytest.mark.parametrize("date, expected", [
    (dt.date(2018, 1, 5), "ngày 05 tháng 01 năm 2018"),
    (dt.date(2018, 2, 28), "ngày 28 tháng 02 năm 2018"),
    (dt.date(2016, 9, 20), "ngày 20 tháng 9 năm 2016"),
    (dt.date(2017, 6, 5), "ngày 05 tháng 6 năm 2017"),
    (dt.date(2016, 12, 2), "ngày 02 tháng 12 năm 2016"),
    (dt.date(2026, 3, 10), "ngày 10 tháng 3 năm 2026"),
    (dt.date(2026, 10, 1), "ngày 01 tháng 10 năm 2026"),
])
def test_date_rule_zero_before_small_day_and_january_february_only(date, expected):
    assert vi.date_words(date) == expected


def test_no_month_from_3_to_12_has_a_leading_zero():
    for month in range(3, 13):
        assert f"tháng 0{month}" not in vi.date_words(dt.date(2018, month, 1))
    for month in (1, 2):
        assert f"tháng 0{month} " in vi.date_words(dt.date(2018, month, 1))


def test_draft_dates_leave_blanks():
    assert vi.date_words(dt.date(2018, 1, 5), blank_day=True) == "ngày      tháng 01 năm 2018"
    assert vi.date_words(None, year=2018) == "ngày      tháng      năm 2018"


@pytest.mark.parametrize("n, words", [
    (2018, "hai nghìn không trăm mười tám"),
    (105, "một trăm linh năm"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (15, "mười lăm"),
    (11, "mười một"),
    (10, "mười"),
    (14, "mười bốn"),
    (25, "hai mươi lăm"),
    (110, "một trăm mười"),
    (1001, "một nghìn không trăm linh một"),
    (1000000, "một triệu"),
    (2000005, "hai triệu không trăm linh năm"),
    (0, "không"),
])
def test_number_words(n, words):
    assert vi.number_words(n) == words


@pytest.mark.parametrize("n, text", [(0, "00"), (1, "01"), (2, "02"), (9, "09"), (10, "10"), (28, "28")])
def test_two_digit_counts(n, text):
    assert vi.two_digits(n) == text


def test_decimal_comma_and_dot_thousands():
    assert vi.decimal(1905) == "1.905"
    assert vi.decimal(87.5, 1) == "87,5"
    assert vi.percent(7, 8) == "87,5%"
    assert vi.percent(1, 3) == "33,3%"
    assert vi.percent(0, 0) == "—"


def test_rounding_is_half_up_at_one_decimal():
    # 1/8 = 12.5 % exactly; 0.0625 → 6.25 → 6,3 (half up, not banker's 6,2)
    assert vi.percent(1, 16) == "6,3%"
    assert vi.percent(5, 8) == "62,5%"


def test_upper_case_keeps_vietnamese_letters():
    assert vi.upper("Đảng ủy xã Tân Thạch") == "ĐẢNG ỦY XÃ TÂN THẠCH"
    assert vi.upper("ư ơ ă đ") == "Ư Ơ Ă Đ"


def test_nfc():
    nfd = unicodedata.normalize("NFD", "Nghĩa Huấn")
    assert nfd != "Nghĩa Huấn"
    assert vi.nfc(nfd) == "Nghĩa Huấn"
    assert vi.is_nfc(vi.nfc(nfd)) and not vi.is_nfc(nfd)


def test_vietnamese_alphabetical_order():
    words = ["Đò", "Dừa", "Bến", "Ấp", "An", "Ăn", "bé", "bè", "bẻ", "be", "bẽ", "bẹ", "Cái Tắc", "Căn cứ", "Cái Chốt"]
    assert vi.sorted_vi(words) == ["An", "Ăn", "Ấp", "be", "bè", "bẻ", "bẽ", "bé", "bẹ", "Bến",
                                   "Cái Chốt", "Cái Tắc", "Căn cứ", "Dừa", "Đò"]
    # plain code-point order gets this wrong
    assert sorted(["Đò", "Dừa", "Ăn", "Bến"]) != vi.sorted_vi(["Đò", "Dừa", "Ăn", "Bến"])


def test_tone_style_detection_and_conversion():
    assert vi.tone_style("ủy") == "moi" and vi.tone_style("uỷ") == "cu"
    assert vi.tone_style("hòa") == "moi" and vi.tone_style("hoà") == "cu"
    assert vi.tone_style("quý") is None  # qu + y: no choice to make
    assert vi.tone_style("hoàng") is None  # closed syllable: always on the second vowel
    assert vi.set_tone_style("VP Huyện uỷ, hoà, khoẻ, thuỷ", "moi") == "VP Huyện ủy, hòa, khỏe, thủy"
    assert vi.set_tone_style("Huyện ủy hòa", "cu") == "Huyện uỷ hoà"
    assert vi.tone_styles("Huyện uỷ và Huyện ủy") == {"moi": {"ủy"}, "cu": {"uỷ"}}


def test_ascii_file_names():
    assert vi.slug("28-KH/ĐU") == "28-kh-du"
    assert vi.slug("Chi bộ ấp Bến Đò") == "chi-bo-ap-ben-do"


def test_legacy_encodings_are_recognised():
    assert vi.legacy_encoding("§¶ng ñy x· T©n Th¹ch") == "TCVN3"
    assert vi.legacy_encoding("Ñaûng uûy xaõ Taân Thaïch") == "VNI"
    assert vi.legacy_encoding("Đảng ủy xã Tân Thạch «trích» señor") is None


# --------------------------------------------------------------------------
# Reading YAML: libyaml's parser with the scalar rules of YAML 1.2 (what the
# round-trip reader vanban writes with gives), lines kept

SCALARS = ["010", "08", "02", "yes", "on", "no", "off", "1:20", "2018-01-10", "2018-1-5",
           "1.5", ".5", "1e3", "1.0e3", "true", "True", "FALSE", "null", "~", "-5", "+5", "03-04", ".inf",
           "2018-01-10 10:00:00", "1,5", "12.", "0", "ít nhất 02", "'07'", '"true"', "Y", "n"]


@pytest.mark.parametrize("scalar", SCALARS)
def test_yaml_scalars_read_as_yaml_1_2(tmp_path, scalar):
    from ruamel.yaml import YAML

    from vanban.data.sources.yaml import read_yaml

    f = tmp_path / "x.yaml"
    f.write_text(f"a:\n  - b: {scalar}\n", encoding="utf-8")
    data, src = read_yaml(f, "x.yaml")
    expected = YAML(typ="rt").load(f.read_text(encoding="utf-8"))["a"][0]["b"]
    def kind(x):
        import datetime as dt

        return next(t.__name__ for t in (bool, int, float, dt.datetime, dt.date, str, type(None)) if isinstance(x, t))

    assert data["a"][0]["b"] == expected and kind(data["a"][0]["b"]) == kind(expected)
    assert src.at("a", 0, "b").line == 2


@pytest.mark.parametrize("scalar, value", [("1_000", 1000), ("0x10", 16), ("0o10", 8), ("0b101", 5)])
def test_yaml_numbers_written_otherwise_than_with_digits_are_refused(tmp_path, scalar, value):
    """YAML reads 0x10, 0o10, 0b101 and 1_000 as numbers; no clerk means them: each is named with
    its line and the number it would have been, all of a file at once."""
    from vanban.data.sources.yaml import read_yaml
    from vanban.errors import DataError

    f = tmp_path / "x.yaml"
    f.write_text(f"a: 1\nb: {scalar}\nc: [2, {scalar}]\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        read_yaml(f, "x.yaml")
    found = exc.value.findings
    assert [f.location.line for f in found] == [2, 3]
    assert all(f"«{scalar}»" in f.message and f"ghi {value}" in f.hint for f in found)


def test_yaml_duplicate_key_is_refused_with_its_line(tmp_path):
    from vanban.data.sources.yaml import read_yaml
    from vanban.errors import DataError

    f = tmp_path / "x.yaml"
    f.write_text("a: 1\nb: 2\na: 3\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        read_yaml(f, "x.yaml")
    assert exc.value.findings[0].location.line == 3 and "hai lần" in exc.value.findings[0].message


ANCHORED = """\
chung: &chung
  ten: Chi bộ 1
  so: 010
  ngay: 2024-02-03
mot:
  <<: *chung
  ten: khác
hai:
  <<: [*chung, {them: 1.5}]
ds: &ds [a, 'b', ~, 1000]
lai: *ds
ba:
  !!merge <<: *chung
"""


def test_yaml_anchors_and_merges_read_as_the_round_trip_reader_reads_them(tmp_path):
    """The reader builds values from the parser's events (no tree of nodes): anchors,
    aliases and merge keys give what ruamel gives; every key keeps its line; an alias's
    items are placed where the alias is written."""
    from ruamel.yaml import YAML

    from vanban.data.sources.yaml import read_yaml

    f = tmp_path / "x.yaml"
    f.write_text(ANCHORED, encoding="utf-8")
    data, src = read_yaml(f, "x.yaml")
    expected = YAML(typ="safe", pure=True).load(ANCHORED)
    assert data == expected
    assert data["mot"] == {"ten": "khác", "so": 10, "ngay": expected["chung"]["ngay"]}
    assert src.at("mot", "ten").line == 7 and src.at("hai").line == 8 and src.at("ds", 3).line == 10
    assert src.at("lai", 2).line == 11


@pytest.mark.parametrize("text, what", [
    ("a: *nowhere\n", "bí danh"),
    ("a: 1\n---\nb: 2\n", "cú pháp"),
    ("? [a, b]\n: 1\n", "tên mục phải là chữ"),
    ("a: !!python/object:os.system x\n", "không được phép"),
    ("a: !rieng x\n", "không được phép"),
    ("a:\n  <<: 5\n", "lỗi"),
])
def test_yaml_the_event_reader_refuses_what_the_tree_reader_refused(tmp_path, text, what):
    from vanban.data.sources.yaml import read_yaml
    from vanban.errors import DataError

    f = tmp_path / "x.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as exc:
        read_yaml(f, "x.yaml")
    finding = exc.value.findings[0]
    assert what in finding.message and finding.location.line is not None, finding


def test_yaml_each_alias_is_a_value_of_its_own(tmp_path):
    """Changing the value read at one place does not change it at another (as with the tree)."""
    from vanban.data.sources.yaml import read_yaml

    f = tmp_path / "x.yaml"
    f.write_text(ANCHORED, encoding="utf-8")
    data, _ = read_yaml(f, "x.yaml")
    data["lai"].append("mới")
    assert data["ds"] == ["a", "b", None, 1000]


# --------------------------------------------------------------------------
# The rest of the text rules, case by case (issue 27: each planted bug in them fails here)


def test_date_parts_lines_and_short_dates():
    assert vi.day_text(5) == "05" and vi.day_text(9) == "09" and vi.day_text(10) == "10" and vi.day_text(31) == "31"
    assert [vi.month_text(m) for m in (1, 2, 3, 9, 10, 12)] == ["01", "02", "3", "9", "10", "12"]
    assert vi.date_line("Tân Thạch", dt.date(2018, 1, 5)) == "Tân Thạch, ngày 05 tháng 01 năm 2018"
    assert vi.date_line("Tân Thạch", dt.date(2018, 3, 5), blank_day=True) == "Tân Thạch, ngày      tháng 3 năm 2018"
    assert vi.date_line("Xã A", None, year=2019) == "Xã A, ngày      tháng      năm 2019"
    assert vi.short_date(dt.date(2018, 1, 5)) == "05/01/2018" and vi.short_date(dt.date(2018, 12, 25)) == "25/12/2018"
    with pytest.raises(ValueError):
        vi.date_words(None)


def test_negative_counts_are_refused_and_negative_numbers_read():
    with pytest.raises(ValueError):
        vi.two_digits(-1)
    assert vi.number_words(-21) == "âm hai mươi mốt"
    assert vi.number_words(1_000_010) == "một triệu không trăm mười"
    assert vi.number_words(310_000) == "ba trăm mười nghìn"
    assert vi.number_words(41) == "bốn mươi mốt" and vi.number_words(54) == "năm mươi tư"
    assert vi.number_words(1) == "một" and vi.number_words(4) == "bốn" and vi.number_words(5) == "năm"


def test_decimals_percentages_and_the_one_rounding_rule():
    assert vi.decimal(0) == "0" and vi.decimal(1234567) == "1.234.567"
    assert vi.decimal(2.5) == "3" and vi.decimal(-2.5) == "-3"  # half away from zero
    assert vi.decimal(1.005, 2) == "1,01" and vi.decimal(12.3456, 3) == "12,346"
    assert vi.round_half_up(0.25) == vi.round_half_up("0.25") and str(vi.round_half_up(0.25)) == "0.3"
    assert str(vi.round_half_up(0.35, 1)) == "0.4" and str(vi.round_half_up(1234.5, 0)) == "1235"
    assert vi.percent(1, 3, 2) == "33,33%" and vi.percent(2, 3, 0) == "67%" and vi.percent(3, 2) == "150,0%"
    assert vi.percent(0, 5) == "0,0%" and vi.percent(5, None) == "—"


def test_case_and_order_details():
    assert vi.upper("ủy ban") == "ỦY BAN" and vi.is_nfc(vi.upper(unicodedata.normalize("NFD", "ủy")))
    # case last: a lower-case word before the same word capitalised, spaces before letters
    assert vi.sorted_vi(["bé", "Bé", "b é", "bê"]) == ["b é", "bé", "Bé", "bê"]
    assert vi.sorted_vi(["đ", "e", "d", "1", "z"]) == ["d", "đ", "e", "z", "1"]  # a digit after every letter
    assert vi.sorted_vi([{"t": "Ơ"}, {"t": "Ô"}, {"t": "O"}], key=lambda x: x["t"]) == [{"t": "O"}, {"t": "Ô"},
                                                                                         {"t": "Ơ"}]
    assert vi.sort_key("ạ")[1] == [5] and vi.sort_key("à")[1] == [1] and vi.sort_key("ả")[1] == [2]
    assert vi.sort_key("ã")[1] == [3] and vi.sort_key("á")[1] == [4] and vi.sort_key("a")[1] == [0]


def test_tone_marks_details():
    assert vi.tone_style("hoa") is None and vi.tone_style("Hòa") == "moi" and vi.tone_style("HOÀ") == "cu"
    assert vi.tone_style("khỏe") == "moi" and vi.tone_style("khoẻ") == "cu"
    assert vi.tone_style("quỷ") is None and vi.tone_style("thủy") == "moi" and vi.tone_style("thuỷ") == "cu"
    assert vi.tone_style("y") is None and vi.tone_style("ý") is None
    assert vi.set_tone_style("Thuỷ Hoà QUỶ", "moi") == "Thủy Hòa QUỶ"
    assert vi.set_tone_style("Thủy, hòa, hoàn", "cu") == "Thuỷ, hoà, hoàn"
    assert vi.set_tone_style("ủy") == "ủy"  # the new style by default
    with pytest.raises(ValueError):
        vi.set_tone_style("ủy", "khac")
    assert vi.tone_styles("hoà bình, Huyện ủy, quý") == {"moi": {"ủy"}, "cu": {"hoà"}}


def test_legacy_encodings_need_three_signs():
    assert vi.legacy_encoding("§¶ng") is None  # two TCVN3 letters: a name may carry them
    assert vi.legacy_encoding("§¶ng ñ") == "TCVN3"
    assert vi.legacy_encoding("Ñaûng uû") is None and vi.legacy_encoding("Ñaûng uûy xaõ") == "VNI"
    assert vi.legacy_encoding("") is None


def test_file_names_fold_to_ascii():
    assert vi.ascii_fold("Đảng ủy đ") == "Dang uy d"
    assert vi.slug("  --Kế hoạch  28/KH--  ") == "ke-hoach-28-kh"
    assert vi.slug("Báo cáo 6 tháng (đợt 2)") == "bao-cao-6-thang-dot-2"
    assert vi.slug("ĐẢNG ỦY") == "dang-uy"


@pytest.mark.parametrize("text, joined", [
    ("ngày 15 tháng 6 năm 2018", "ngày_15 tháng_6 năm_2018"),
    ("giao 02 nguồn cho 3 chi bộ", "giao 02_nguồn cho 3_chi bộ"),
    ("giai đoạn 2017-2020 với 02-03 người", "giai đoạn 2017~2020_với 02~03_người"),  # a number and the next word
    ("Số 12-HD/XX, KH-UBND, a-b", "Số_12~HD/XX, KH~UBND, a-b"),
    ("Đảng ủy./.", "Đảng_ủy./."),
    ("thực hiện tốt kế hoạch này./.", "thực hiện tốt kế hoạch_này./."),
    ("kết quả rất là khả quan./.", "kết quả rất là khả_quan./."),
    ("không có số nào", "không có số nào"),
    ("Hình 2. Biểu đồ; Bảng 1; Điều 3 khoản 2", "Hình_2. Biểu đồ; Bảng_1; Điều_3 khoản_2"),
    ("87,5% số chi bộ", "87,5%_số chi bộ"),
    ("1.905 đảng viên", "1.905_đảng viên"),
])
def test_what_a_line_must_not_break_is_joined(text, joined):
    assert vi.bind_words(text).replace(vi.NBSP, "_").replace(vi.NBHY, "~") == joined
