"""Unit tests of the core rules, each case reasoned by hand: how units are named in prose
(text/names.py), how a Nơi nhận line resolves and counts its copies (data/recipients.py), and
the WordprocessingML fragments of every thể thức block (ooxml/wml.py)."""

from __future__ import annotations

from types import SimpleNamespace as NS

import pytest

from conftest import REPO
from vanban.data import recipients as rcp
from vanban.data.load import load_organisation
from vanban.data.model import Recipient, RecipientLine
from vanban.data.profiles import load_profile
from vanban.ooxml import wml
from vanban.project import Project
from vanban.text import names

# --------------------------------------------------------------------------
# Names


def kind(ten, tien_to=""):
    return NS(ten=ten, tien_to=tien_to)


def unit(uid, loai, ten="", full=""):
    return NS(id=uid, loai=loai, ten=ten, ten_day_du=full)


ORG = NS(
    quy_tac="dang", cap="xa", cach_goi=NS(don_vi=""), cap_tren=[], co_quan=NS(ten="Đảng ủy xã Tân Thạch"),
    loai_don_vi={"ap": kind("chi bộ", "ấp"), "truong": kind("chi bộ", "Trường"), "co_quan": kind("chi bộ", "cơ quan"),
                 "thon": kind("thôn")},
    don_vi=[unit("ap_mot", "ap", "Một"), unit("ap_hai", "ap", "Hai"), unit("mg", "truong", "Mẫu giáo"),
            unit("cq", "co_quan"), unit("ba", "thon", "Ba"), unit("dac_biet", "ap", "Bốn", "Chi bộ ấp Bốn mới")],
    loai_doan_the={"hoi": NS(tien_to="Hội"), "doan": NS(tien_to="")},
    doan_the=[NS(id="nong_dan", loai="hoi", ten="Nông dân"), NS(id="doan_tn", loai="doan", ten="Đoàn Thanh niên"),
              NS(id="la", loai="khong_co", ten="Lạ")],
    noi_nhan=[NS(id="vp", ten="VP Huyện ủy", nhom=None), NS(id="cac_thon", ten="Các thôn", nhom="don_vi")],
)
UNITS = {u.id: u for u in ORG.don_vi}


def test_a_unit_is_named_by_its_kind_prefix_and_name():
    assert names.capitalise("chi bộ") == "Chi bộ" and names.capitalise("") == "" and names.capitalise("a") == "A"
    assert names.unit_parts(ORG, UNITS["ap_mot"]) == ("Chi bộ", "ấp", "Một")
    assert names.unit_parts(ORG, unit("x", "khong_co", "Lạ")) == ("", "", "Lạ")
    assert names.unit_name(ORG, UNITS["ap_mot"]) == "Chi bộ ấp Một"
    assert names.unit_name(ORG, UNITS["cq"]) == "Chi bộ cơ quan"
    assert names.unit_name(ORG, UNITS["ba"]) == "Thôn Ba"
    assert names.unit_name(ORG, UNITS["dac_biet"]) == "Chi bộ ấp Bốn mới"


def test_the_units_noun_is_their_kinds_common_noun_or_the_offices_word_for_several():
    chi_bo = [UNITS["ap_mot"], UNITS["mg"]]
    assert names.unit_noun(ORG, chi_bo) == "chi bộ"
    assert names.unit_noun(ORG, [UNITS["ba"]]) == "thôn"
    mixed = names.unit_noun(ORG)  # chi bộ and thôn: the office's word for units of several kinds
    assert mixed not in ("chi bộ", "thôn") and mixed
    assert names.unit_noun(ORG, [unit("x", "khong_co")]) == mixed  # no known kind: all the office's kinds
    one_kind = NS(**{**vars(ORG), "loai_don_vi": {"ap": kind("chi bộ", "ấp")}})
    assert names.unit_noun(one_kind, [unit("x", "khong_co")]) == "chi bộ"
    assert names.unit_heading(NS(**{**vars(ORG), "don_vi": chi_bo})) == "Chi bộ"
    worded = NS(**{**vars(ORG), "cach_goi": NS(don_vi="cơ sở")})
    assert names.unit_noun(worded) == "cơ sở" and names.unit_heading(worded) == "Cơ sở"


def test_several_units_share_what_they_have_in_common():
    assert names.elide([]) == ""
    assert names.elide([("Chi bộ", "ấp", "Một")]) == "Chi bộ ấp Một"
    assert names.elide([("Chi bộ", "ấp", "Một"), ("Chi bộ", "ấp", "Hai"), ("Chi bộ", "Trường", "Mẫu giáo")]) == \
        "Chi bộ ấp Một, Hai, Trường Mẫu giáo"
    # a unit without a name of its own keeps its last word
    assert names.elide([("Chi bộ", "ấp", "Một"), ("Chi bộ", "cơ quan", "")]) == "Chi bộ ấp Một, cơ quan"
    assert names.elide([("Chi bộ", "ấp", "Một"), ("Chi bộ", "ấp", "Một")]) == "Chi bộ ấp Một, Một"
    assert names.elide([("Chi bộ", "ấp", "Một"), ("", "", "Đảng ủy Quân sự")]) == "Chi bộ ấp Một, Đảng ủy Quân sự"
    assert names.elide([("Chi bộ", "ấp", "Một"), ("Thôn", "", "Ba")]) == "Chi bộ ấp Một, Thôn Ba"
    assert names.elide([("Thôn", "", "Ba"), ("Thôn", "", "Bốn")]) == "Thôn Ba, Bốn"
    assert names.units_text(ORG, [UNITS["ap_mot"], UNITS["ap_hai"], UNITS["dac_biet"], UNITS["cq"]]) == \
        "Chi bộ ấp Một, Hai, Chi bộ ấp Bốn mới, Chi bộ cơ quan"


def test_past_fifteen_units_prose_gives_a_count_and_points_to_the_table():
    many = [unit(f"u{i}", "ap", str(i)) for i in range(16)]
    org = NS(**{**vars(ORG), "don_vi": many})
    assert names.units_listed(org, many[:15]).startswith("Chi bộ ấp 0, 1, 2")
    assert names.units_listed(org, many) == "16 chi bộ (chi tiết tại Bảng 1)"
    assert names.units_listed(org, many, "Bảng 2") == "16 chi bộ (chi tiết tại Bảng 2)"


@pytest.mark.parametrize("name, phrase, counted", [
    ("Chi bộ trực thuộc", "các chi bộ trực thuộc", "Chi bộ trực thuộc"),
    ("Các thôn", "các thôn", "Thôn"),
    ("Chi bộ các ấp", "chi bộ các ấp", "Chi bộ các ấp"),
    ("Những  tổ   dân phố", "những tổ dân phố", "Tổ dân phố"),
    ("các", "các", "Các"),
])
def test_a_group_is_a_common_noun_in_prose_and_after_its_count(name, phrase, counted):
    assert names.group_phrase(name) == phrase
    assert names.counted_group(name) == counted


def test_bodies_are_named_as_running_text_names_them():
    assert names.mass_parts(ORG, ORG.doan_the[0]) == ("Hội", "Nông dân")
    assert names.mass_parts(ORG, ORG.doan_the[2]) == ("", "Lạ")
    assert names.body_name(ORG, "ap_mot") == "Chi bộ ấp Một"
    assert names.body_name(ORG, "nong_dan") == "Hội Nông dân"
    assert names.body_name(ORG, "doan_tn") == "Đoàn Thanh niên"
    assert names.body_name(ORG, "vp") == "VP Huyện ủy"
    assert names.body_name(ORG, "cac_thon") == "các thôn"
    with pytest.raises(KeyError):
        names.body_name(ORG, "khong_co")
    assert names.bodies_text(ORG, ["ap_mot", "ap_hai"]) == "Chi bộ ấp Một, Hai"
    assert names.bodies_text(ORG, ["nong_dan", "doan_tn"], "Ban Thường vụ") == "Ban Thường vụ Hội Nông dân, Đoàn Thanh niên"
    assert names.bodies_text(ORG, ["ap_mot", "nong_dan", "cac_thon"]) == "Chi bộ ấp Một, Hội Nông dân, các thôn"


# --------------------------------------------------------------------------
# Nơi nhận


@pytest.fixture(scope="module")
def sample_org():
    org, _ = load_organisation(Project(REPO))
    extra = [Recipient(id="thon_xa", ten="Các ấp", nhom="don_vi", loai_don_vi=["ap"], so_ban=2, hien_so=True),
             Recipient(id="ban_dan", ten="Ban Dân vận", so_ban=3)]
    return org.model_copy(update={"noi_nhan": [*org.noi_nhan, *extra]})


def doc(*lines, luu=None):
    return NS(noi_nhan=[RecipientLine.model_validate(RecipientLine.coerce(x)) for x in lines], luu_so_ban=luu)


def test_each_line_counts_its_copies(sample_org):
    profile = load_profile("dang")
    d = doc("vp_huyen_uy", "dang_uy_vien", {"id": "thon_xa", "chon": ["ap_cho", "ap_ben_do"]}, "ban_dan",
            {"id": "btc_huyen_uy", "so_ban": 4, "ghi_chu": "(để biết)"}, {"ten": "UBND xã", "so_ban": 2},
            {"ten": "Mặt trận"})
    # 1 + 12 members + 2 chosen hamlets × 2 + 3 + 4 + 2 + 1 + the archive's 1
    assert rcp.count_copies(sample_org, d) == 1 + 12 + 4 + 3 + 4 + 2 + 1 + 1
    assert rcp.lines(sample_org, profile, d) == [
        "- VP Huyện ủy;", "- Các đồng chí trong Đảng ủy;", "- 2/6 Ấp;", "- Ban Dân vận;",
        "- Ban Tổ chức Huyện ủy (để\u00a0biết);", "- UBND xã;", "- Mặt trận;", "- Lưu VT, 28b."]
    lines = rcp.resolve(sample_org, profile, d)
    assert [x.copies for x in lines] == [1, 12, 4, 3, 4, 2, 1]
    assert lines[2].members == (("Chi bộ ấp Chợ", 2), ("Chi bộ ấp Bến Đò", 2))
    assert lines[1].members == (("Các đồng chí trong Đảng ủy", 12),)
    assert lines[5].members == (("UBND xã", 2),)


def test_archive_copies_come_from_the_document_or_the_office(sample_org):
    assert rcp.archive_copies(sample_org, doc(luu=3)) == 3
    assert rcp.archive_copies(sample_org, doc(luu=0)) == 0
    assert rcp.archive_copies(sample_org, doc()) == sample_org.luu_so_ban == 1
    assert rcp.archive_copies(sample_org, NS(noi_nhan=[])) == 1
    assert rcp.count_copies(sample_org, doc("vp_huyen_uy", luu=2)) == 3


def test_a_group_of_units_without_its_count_is_named_as_it_is(sample_org):
    profile = load_profile("dang")
    d = doc("chi_bo_ap")  # «Chi bộ các ấp», the 6 hamlets, no count shown
    assert rcp.lines(sample_org, profile, d) == ["- Chi bộ các ấp;", "- Lưu VT, 7b."]
    assert rcp.group_units(sample_org, sample_org.noi_nhan[3]) == sample_org.don_vi  # every unit: no kind filter


# --------------------------------------------------------------------------
# WordprocessingML


def test_lengths_convert_as_python_docx_rounds_them():
    assert wml.twips_mm(10) == 567 and wml.twips_mm(25.4) == 1440 and wml.twips_mm(0) == 0
    assert wml.twips_pt(12) == 240 and wml.twips_pt(6) == 120 and wml.twips_pt(0.5) == 10


def test_a_run_writes_its_properties_in_schema_order():
    fonts = '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" ' \
            'w:cs="Times New Roman"/>'
    assert wml.run("Số 1", "Times New Roman") == f"<w:r><w:rPr>{fonts}</w:rPr><w:t>Số 1</w:t></w:r>"
    assert wml.run("a & <b>", "Times New Roman", 13.5, bold=True, italic=False, underline=True) == (
        f'<w:r><w:rPr>{fonts}<w:b/><w:i w:val="0"/><w:sz w:val="27"/><w:szCs w:val="27"/><w:u w:val="single"/>'
        "</w:rPr><w:t>a &amp; &lt;b&gt;</w:t></w:r>")
    assert wml.run(" x", "A", 14, size_cs=False, underline=False) == (
        '<w:r><w:rPr><w:rFonts w:ascii="A" w:hAnsi="A" w:eastAsia="A" w:cs="A"/><w:sz w:val="28"/>'
        '<w:u w:val="none"/></w:rPr><w:t xml:space="preserve"> x</w:t></w:r>')
    assert wml.run("x ", "A").endswith('<w:t xml:space="preserve">x </w:t></w:r>')
    assert wml.run("", "A", bold=False) == \
        '<w:r><w:rPr><w:rFonts w:ascii="A" w:hAnsi="A" w:eastAsia="A" w:cs="A"/><w:b w:val="0"/></w:rPr></w:r>'
    assert """w:ascii='A"B'""" in wml.run("x", 'A"B')  # a font name is an attribute value, quoted as one


def test_a_paragraph_writes_its_properties_in_schema_order():
    assert wml.Para().xml() == ('<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
                                '<w:ind w:left="0" w:firstLine="0"/></w:pPr></w:p>')
    full = wml.Para(keep_next=True, border_bottom=True, before_pt=6, after_pt=3, line_pt=18, left_twips=10,
                    right_twips=20, hanging_twips=30, align="deu").xml("<w:r/>")
    assert full == ('<w:p><w:pPr><w:keepNext/><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/>'
                    '</w:pBdr><w:spacing w:before="120" w:after="60" w:line="360" w:lineRule="exact"/>'
                    '<w:ind w:left="10" w:hanging="30" w:right="20"/><w:jc w:val="both"/></w:pPr><w:r/></w:p>')
    assert '<w:keepNext w:val="0"/>' in wml.Para(keep_next=False).xml()
    assert [wml.Para(align=a).xml().split("<w:jc ")[1][:15] for a in ("giua", "trai", "phai")] == \
        ['w:val="center"/', 'w:val="left"/><', 'w:val="right"/>']


def test_cells_rows_and_tables():
    assert wml.Cell([], 100).xml() == '<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="100"/></w:tcPr><w:p/></w:tc>'
    assert wml.Cell(["<w:p>a</w:p>", "<w:p>b</w:p>"], 5, centre_vertically=True).xml() == (
        '<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="5"/><w:vAlign w:val="center"/></w:tcPr><w:p>a</w:p><w:p>b</w:p></w:tc>')
    assert wml.Row(["<w:tc/>"]).xml() == "<w:tr><w:tc/></w:tr>"
    assert wml.Row([wml.Cell([], 1)], cant_split=True, header=True, min_height_twips=300).xml().startswith(
        '<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="300" w:hRule="atLeast"/><w:tblHeader/></w:trPr><w:tc>')
    plain = wml.table(["<w:tr/>"], [100, 200], borders=False)
    assert plain == (
        '<w:tbl><w:tblPr><w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/><w:tblBorders>'
        + "".join(f'<w:{e} w:val="nil"/>' for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + '</w:tblBorders><w:tblLayout w:type="fixed"/>' + wml.TABLE_LOOK
        + '</w:tblPr><w:tblGrid><w:gridCol w:w="100"/><w:gridCol w:w="200"/></w:tblGrid><w:tr/></w:tbl>')
    ruled = wml.table([wml.Row(["<w:tc/>"])], [1], borders=True, cell_margin_twips=57, caption='a "b"')
    assert '<w:top w:val="single" w:sz="4" w:color="000000"/>' in ruled
    assert ('<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
            + wml.TABLE_LOOK + '<w:tblCaption w:val=\'a "b"\'/></w:tblPr>') in ruled
    assert ruled.endswith("<w:tr><w:tc/></w:tr></w:tbl>")
