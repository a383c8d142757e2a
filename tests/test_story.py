"""The text model of a document part: paragraphs in reading order, text boxes once."""

from lxml import etree

from vanban.ooxml.story import walk

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')


def box(text: str) -> str:
    return f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"


def test_a_text_box_is_read_once_after_its_paragraph_and_tables_cell_by_cell():
    xml = f"""<w:body {NS}>
      <w:p><w:r><w:t>trước</w:t></w:r><w:r><mc:AlternateContent>
        <mc:Choice Requires="wps"><w:drawing><wps:txbx>{box("Số 28-KH/ĐU")}</wps:txbx></w:drawing></mc:Choice>
        <mc:Fallback><w:pict><v:textbox>{box("Số 28-KH/ĐU")}</v:textbox></w:pict></mc:Fallback>
      </mc:AlternateContent></w:r></w:p>
      <w:tbl><w:tr><w:tc><w:p><w:r><w:t>trái</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>phải</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
    </w:body>"""
    out = []
    walk([etree.fromstring(xml)], "thân văn bản", out, [0])
    assert [p.text for p in out] == ["trước", "Số 28-KH/ĐU", "trái", "phải"]
    assert "hộp văn bản 1" in out[1].where
    assert out[2].in_cell and "dòng 1, ô 1" in out[2].where and "ô 2" in out[3].where


# --------------------------------------------------------------------------
# No-break spaces over the runs of a paragraph


def body(*paragraphs: str) -> str:
    return f'<w:body xmlns:w="{W}">' + "".join(f"<w:p>{p}</w:p>" for p in paragraphs) + "</w:body>"


def r(text: str, props: str = "") -> str:
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def texts(xml: str) -> list[str]:
    """Each paragraph's text as python-docx reads it (Word's non-breaking hyphen as «-»)."""
    return ["".join(t.text or "" if t.tag == f"{{{W}}}t" else "-" for t in p.iter(f"{{{W}}}t", f"{{{W}}}noBreakHyphen"))
            for p in etree.fromstring(xml).iter(f"{{{W}}}p")]


def test_words_join_whatever_the_runs_and_bookmarks_between():
    from vanban.ooxml.typography import bind_paragraphs

    one = body(r("Kế hoạch năm 2018 và số 28-KH/ĐU"))
    split = body(r("Kế hoạch năm ") + '<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>'
                 + '<w:proofErr w:type="spellStart"/>' + r("2018", "<w:rPr><w:b/></w:rPr>")
                 + r(" và số") + r(" 28-KH/ĐU"))
    joined = "Kế hoạch năm\u00a02018 và số\u00a028-KH/ĐU"
    assert texts(bind_paragraphs(one)) == texts(bind_paragraphs(split)) == [joined]


def test_words_a_break_tab_or_paragraph_separates_are_not_joined():
    from vanban.ooxml.typography import bind_paragraphs

    xml = body(r("năm ") + "<w:r><w:br/></w:r>" + r("2018"), r("tháng ") + "<w:r><w:tab/></w:r>" + r("6"),
               r("kỳ "), r("2"))
    assert texts(bind_paragraphs(xml)) == ["năm 2018", "tháng 6", "kỳ ", "2"]


def test_one_run_paragraphs_join_as_split_ones():
    """Whether Word kept a paragraph in one run or split it at every word, the same words join."""
    from vanban.ooxml.typography import bind_paragraphs

    whole = body(r("ngày 05 tháng 01 năm 2018, 02 nguồn"), r("Số 28-KH/ĐU"), r("không có số nào"))
    split = body(r("ngày ") + r("05 tháng ") + r("01 năm ") + r("2018, 02") + r(" nguồn"), r("Số 28-") + r("KH/ĐU"),
                 r("không có ") + r("số nào"))
    assert texts(bind_paragraphs(whole)) == texts(bind_paragraphs(split))
    assert texts(bind_paragraphs(whole))[0] == "ngày\u00a005 tháng\u00a001 năm\u00a02018, 02\u00a0nguồn"
    assert "<w:noBreakHyphen/>" in bind_paragraphs(split)  # «28-KH/ĐU» across two runs


# --------------------------------------------------------------------------
# Tracked changes accepted as Word accepts them


def test_accepting_changes_keeps_insertions_drops_deletions_joins_marks_and_rows():
    from vanban.ooxml.clean import accept_revisions

    xml = (f'<w:body xmlns:w="{W}">'
           '<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="a"/></w:rPr></w:pPr>' + r("đầu ") + "</w:p>"
           '<w:p><w:pPr><w:pStyle w:val="VBNoiDung"/></w:pPr>' + r("sau")
           + '<w:ins w:id="2" w:author="a">' + r(" thêm") + '</w:ins>'
           '<w:del w:id="3" w:author="a"><w:r><w:delText> bỏ</w:delText></w:r></w:del></w:p>'
           '<w:tbl><w:tr><w:trPr><w:del w:id="4" w:author="a"/></w:trPr><w:tc><w:p>' + r("dòng xóa")
           + "</w:p></w:tc></w:tr><w:tr><w:tc><w:p>" + r("dòng giữ") + "</w:p></w:tc></w:tr></w:tbl></w:body>")
    root = etree.fromstring(xml)
    assert accept_revisions(root) == 4
    assert texts(etree.tostring(root, encoding="unicode")) == ["đầu sau thêm", "dòng giữ"]
    first = root.find(f"{{{W}}}p")
    assert first.find(f"{{{W}}}pPr/{{{W}}}pStyle").get(f"{{{W}}}val") == "VBNoiDung"  # the mark that stays
    assert not [el for el in root.iter() if el.tag.endswith(("}ins", "}del"))]
