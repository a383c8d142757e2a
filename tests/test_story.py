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
