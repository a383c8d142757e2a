"""Create the starting .docx templates under templates/docx/.

A developer tool, run once when a template is first made (or to start over):
    python tools/make_templates.py [NAME ...]
After that the .docx files are the source: clerks edit them in Word.

Each template is an ordinary Word document with named styles (VB Nội dung,
VB Mục, VB Mục nhỏ) holding the prose with Jinja tags; {{p phan_dau }} and
{{p phan_cuoi }} mark where vanban draws the header and the signature block.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from vanban.ooxml import layout
from vanban.data.profiles import load_profile
from vanban.rendering.look import look_of

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "templates" / "docx"

# (style key, text): 'body', 'heading', 'subheading', or None for a bare tag paragraph
KE_HOACH = [
    (None, "{{p phan_dau }}"),
    (None, "{%p for cc in can_cu %}"),
    ("body", "Căn cứ {{ cc }}.{% if loop.last %} {{ co_quan_goi_tat }} xây dựng Kế hoạch {{ trich_yeu }} "
             "với những nội dung cụ thể như sau:{% endif %}"),
    (None, "{%p endfor %}"),
    ("heading", "I. Mục đích, yêu cầu:"),
    ("body", "1- Xác định công tác phát triển đảng viên là nhiệm vụ trọng tâm nhằm tăng cường lực lượng, "
             "đảm bảo sự kế thừa, phát triển liên tục của Đảng, nâng cao năng lực và sức chiến đấu của tổ "
             "chức Đảng, đáp ứng yêu cầu lãnh đạo sự nghiệp đổi mới trong giai đoạn cách mạng hiện nay và "
             "lâu dài."),
    ("body", "2- Công tác tạo nguồn phát triển đảng phải được {{ lanh_dao_don_vi }} chủ động tìm nguồn bồi "
             "dưỡng, giới thiệu ngay từ đầu năm; coi trọng chất lượng, tiêu chuẩn trong công tác phát triển đảng "
             "viên; chú trọng phát triển đảng ở những {{ danh_tu }} có ít đảng viên."),
    ("heading", "II. Nội dung thực hiện:"),
    ("subheading", "1- Phổ biến tuyên truyền thực hiện công tác kết nạp đảng viên"),
    (None, "{%p if quan_triet %}"),
    ("body", "- Tiếp tục quán triệt, tổ chức thực hiện tốt {{ quan_triet }}."),
    (None, "{%p endif %}"),
    ("body", "- Đẩy mạnh công tác tuyên truyền, định hướng cho đoàn viên, hội viên và nhân dân nhận thức về "
             "mục tiêu lý tưởng của Đảng và xác định động cơ đúng đắn, rèn luyện phấn đấu vào Đảng; tìm hiểu "
             "chủ trương của Đảng, chính sách, pháp luật của Nhà nước; kịp thời phát hiện, biểu dương tập "
             "thể, cá nhân điển hình tiên tiến trong công tác xây dựng Đảng."),
    ("body", "- Tăng cường, đổi mới công tác tuyên truyền bằng các hình thức như hội thảo, tọa đàm theo "
             "chuyên đề “thanh niên với Đảng, Đảng với thanh niên”. “thanh niên làm theo lời Bác”… nhằm đề "
             "xuất những giải pháp tích cực nâng cao chất lượng tạo nguồn kết nạp đảng viên."),
    ("subheading", "2- Khảo sát, đánh giá, làm tốt công tác tạo nguồn kết nạp đảng viên"),
    ("body", "- Mặt trận Tổ quốc, các đoàn thể tổ chức phát động tốt các phong trào thi đua từ đó lựa chọn, "
             "bổ sung nguồn phát triển đảng viên, giác ngộ lý tưởng, bồi dưỡng, giáo dục đối tượng cảm tình "
             "Đảng, phấn đấu, rèn luyện để sớm được đứng vào hàng ngũ của Đảng."),
    ("body", "- Các {{ danh_tu }} thực hiện tốt công tác tạo nguồn, bồi dưỡng, kết nạp đảng viên; thường xuyên chỉ "
             "đạo, làm tốt công tác khảo sát, đánh giá thực trạng chất lượng quần chúng là nguồn kết nạp đảng "
             "viên tại cơ quan, đơn vị, tổ nhân dân tự quản ngay từ đầu năm {{ nam }}; coi trọng chất lượng, "
             "đảm bảo nguyên tắc, gắn công tác kết nạp đảng viên với củng cố tổ chức cơ sở đảng; chú trọng "
             "nguồn quần chúng ưu tú là đoàn viên thanh niên, phụ nữ, nông dân, cựu chiến binh, lực lượng "
             "dân quân tự vệ, đội dân phòng, tổ tự quản, nông dân sản xuất kinh doanh giỏi, người lao động "
             "trong các doanh nghiệp trên địa bàn… làm cơ sở để tạo nguồn phát triển đảng viên mới ở từng cơ "
             "quan, đơn vị, {{ dia_ban }}."),
    ("subheading", "3- Tăng cường công tác giáo dục chính trị tư tưởng"),
    ("body", "- {{ lanh_dao_don_vi|capitalize }} tăng cường công tác giáo dục chính trị tư tưởng, rèn luyện đạo "
             "đức lối sống, tác phong làm việc của cán bộ, đảng viên, tinh thần nêu gương, xây dựng đảng ở từng cơ "
             "quan, đơn vị, {{ danh_tu }}. Thông qua các phong trào thi đua, học tập, lao động sản xuất, các cơ "
             "quan, đơn vị, tổ chức đoàn thể giới thiệu cho {{ danh_tu }} quần chúng ưu tú để xét là cảm tình "
             "đảng, bồi dưỡng, xem xét và cử đi học lớp nhận thức về Đảng."),
    ("body", "- Tăng cường công tác giáo dục chính trị tư tưởng, lý tưởng cho quần chúng, trang bị kiến thức, "
             "hiểu biết về mục tiêu, lý tưởng của Đảng, định hướng cho quần chúng về động cơ vào Đảng đúng "
             "đắn."),
    ("body", "- Nâng cao chất lượng công tác tổ chức học tập các chỉ thị, nghị quyết của Đảng; làm tốt công "
             "tác thẩm tra, xác minh lý lịch đối tượng kết nạp đảng đúng quy trình, quy định của Đảng."),
    "ALLOCATION",
    ("heading", "III. Tổ chức thực hiện:"),
    ("body", "1- {{ ban_to_chuc }} có trách nhiệm giúp {{ cap_uy }} theo dõi kết quả công tác tạo nguồn phát "
             "triển đảng ở các {{ danh_tu }}, chủ động trong công tác thẩm tra, xác minh lý lịch quần chúng vào "
             "Đảng, định kỳ báo cáo kết quả cho {{ thuong_vu }} theo dõi chỉ đạo."),
    ("body", "2- {{ ban_tuyen_giao }} có trách nhiệm giúp {{ cap_uy }} thực hiện tốt công tác tuyên truyền, "
             "giáo dục chính trị tư tưởng nhận thức đúng đắn về mục tiêu, lý tưởng của Đảng đối với đoàn "
             "viên, hội viên và quần chúng nhân dân."),
    ("body", "3- {{ lanh_dao_don_vi|capitalize }} trực thuộc Đảng bộ có trách nhiệm tổ chức quán triệt đến tất cả "
             "đảng viên trong {{ danh_tu }}{% for pc in phan_cong.don_vi %}, {{ pc.chu_tri }} chủ trì phối hợp với "
             "{{ pc.phoi_hop }} tạo nguồn phát triển {{ pc.chu }} đảng viên {{ pc.doi_tuong }}{% endfor %}."),
    ("body", "4- Các đoàn thể tích cực tổ chức các hoạt động phong trào của đoàn, hội nhằm thu hút đoàn viên, "
             "hội viên tham gia, phát hiện, giáo dục, bồi dưỡng, tạo nguồn, lựa chọn, giới thiệu quần chúng "
             "ưu tú cho Đảng xem xét kết nạp.{% for pc in phan_cong.doan_the %} {{ pc.chu_tri }} chủ trì phối "
             "hợp với {{ pc.phoi_hop }} tạo nguồn phát triển {{ pc.chu }} đảng viên {{ pc.doi_tuong }}.{% endfor %}"),
    ("body", "Trên đây là Kế hoạch {{ trich_yeu }}. {{ nhan_danh }} yêu cầu các {{ danh_tu }} trực thuộc, Ban "
             "Thường vụ các đoàn thể triển khai thực hiện tốt nội dung kế hoạch này./."),
    (None, "{{p phan_cuoi }}"),
]

LETTER_TASKS = [
    (None, "{%p for c in chi_tieu %}"),
    ("body", "- {% if c.thuoc %}Trong đó, chỉ tiêu{% else %}Chỉ tiêu{% endif %} {{ c.ten }} năm {{ nam }}: "
             "{{ c.chu }} {{ c.don_vi_tinh }}."),
    (None, "{%p endfor %}"),
    (None, "{%p for pc in chu_tri %}"),
    ("body", "- Chủ trì phối hợp với {{ pc.phoi_hop }} tạo nguồn phát triển {{ pc.chu }} đảng viên "
             "{{ pc.doi_tuong }}."),
    (None, "{%p endfor %}"),
    (None, "{%p for ph in phoi_hop %}"),
    ("body", "- Phối hợp với {{ ph.chu_tri }} tạo nguồn phát triển đảng viên {{ ph.doi_tuong }}."),
    (None, "{%p endfor %}"),
    (None, "{%p if chi_tieu %}"),
    ("body", "- Chủ động khảo sát, lựa chọn, bồi dưỡng quần chúng ưu tú, giới thiệu học lớp nhận thức về "
             "Đảng ngay từ đầu năm; làm tốt công tác thẩm tra, xác minh lý lịch đúng quy trình, quy định "
             "của Đảng."),
    (None, "{%p else %}"),
    ("body", "- Chủ động phát hiện, bồi dưỡng, giới thiệu quần chúng ưu tú cho {{ danh_tu }} xem xét."),
    (None, "{%p endif %}"),
    (None, "{%p if han_bao_cao %}"),
    ("body", "- Báo cáo kết quả về {{ cap_uy }} (qua {{ van_phong }}): {% for h in han_bao_cao %}"
             "báo cáo {{ h.ky }} trước {{ h.han }}{% if not loop.last %}; {% endif %}{% endfor %}."),
    (None, "{%p endif %}"),
]
THONG_BAO = [
    (None, "{{p phan_dau }}"),
    ("body", "Thực hiện Kế hoạch số {{ ke_hoach.so_ky_hieu }} {{ ke_hoach.ngay }} của {{ co_quan_goi_tat }} về "
             "{{ ke_hoach.trich_yeu }}, {{ co_quan_goi_tat }} thông báo giao nhiệm vụ cho {{ nhan.ten }} như sau:"),
    *LETTER_TASKS,
    ("body", "Đề nghị {{ nhan.ten }} triển khai thực hiện tốt nội dung thông báo này./."),
    (None, "{{p phan_cuoi }}"),
]
# The same letter as a công văn: no tên loại, «V/v …» under the number (vanban draws it), «Kính gửi:»
CONG_VAN = [
    (None, "{{p phan_dau }}"),
    ("kinh_gui", "Kính gửi: {{ nhan.ten }}."),
    ("body", "Thực hiện Kế hoạch số {{ ke_hoach.so_ky_hieu }} {{ ke_hoach.ngay }} của {{ co_quan_goi_tat }} về "
             "{{ ke_hoach.trich_yeu }}, {{ nhan_danh }} đề nghị {{ nhan.ten }} thực hiện những nội dung sau:"),
    *LETTER_TASKS,
    ("body", "Đề nghị {{ nhan.ten }} quan tâm, triển khai thực hiện./."),
    (None, "{{p phan_cuoi }}"),
]

BAO_CAO = [
    (None, "{{p phan_dau }}"),
    ("body", "Thực hiện Kế hoạch số {{ ke_hoach.so_ky_hieu }} {{ ke_hoach.ngay }} của {{ co_quan_goi_tat }} về "
             "{{ ke_hoach.trich_yeu }}, {{ nhan_danh }} báo cáo kết quả thực hiện {{ ky.ten }} như sau:"),
    ("heading", "I. Kết quả thực hiện"),
    ("subheading", "1- Kết quả của các {{ danh_tu }}"),
    ("body", "Số liệu cộng dồn từ đầu năm đến {{ ky.den_ngay }}{% if ky.truoc_ket_thuc %} (ngày lập báo cáo, "
             "trước khi kết thúc kỳ){% endif %}{% for g in giai_doan %}{% if not g.cong_don %} "
             "(riêng số «{{ g.ten }}» là số tại thời điểm báo cáo){% endif %}{% endfor %}; tỷ lệ đạt là "
             "{% for ct in chi_tieu %}số «{{ ct.giai_doan }}» so với chỉ tiêu {{ ct.ten }} cả năm"
             "{% if ct.theo_toi_thieu %} (tính theo mức tối thiểu của chỉ tiêu){% endif %}"
             "{% if not loop.last %}; {% endif %}{% endfor %} (Bảng 1)."),
    ("title", "Bảng 1. Kết quả {{ ky.ten }}"),
    (None, "{{p bang_so_lieu }}"),
    ("body", "Tổng số: {% for g in giai_doan %}{{ g.ten }}: {{ g.tong }}{% if not loop.last %}; "
             "{% endif %}{% endfor %}.{% for ct in chi_tieu %} Chỉ tiêu {{ ct.ten }} đạt {{ ct.ty_le }} "
             "({{ ct.ket_qua }}/{{ ct.muc_tinh }} {{ ct.don_vi_tinh }}{% if ct.muc_tinh != ct.tong_so_chu %}, chỉ tiêu "
             "{{ ct.tong_so_chu }}{% endif %}, Hình {{ ct.so_hinh }}).{% endfor %}"),
    (None, "{%p for ct in chi_tieu %}"),
    ("title", "{{ ct.bieu_do }}"),
    ("title", "Hình {{ ct.so_hinh }}. Chỉ tiêu và kết quả {{ ct.ten }} {{ ky.ten }}"),
    (None, "{%p endfor %}"),
    ("subheading", "2- Kết quả so với chỉ tiêu"),
    (None, "{%p for ct in chi_tieu %}"),
    ("body", "- {% if ct.so_vuot %}Vượt chỉ tiêu {{ ct.ten }}{% if ct.liet_ke.vuot %} ({{ ct.so_vuot }} "
             "{{ danh_tu }}){% endif %}: {{ ct.vuot }}.{% else %}Chưa có {{ danh_tu }} vượt chỉ tiêu {{ ct.ten }}."
             "{% endif %}"),
    ("body", "- {% if ct.so_dat %}Đạt chỉ tiêu {{ ct.ten }}{% if ct.liet_ke.dat %} ({{ ct.so_dat }} {{ danh_tu }})"
             "{% endif %}: {{ ct.dat }}.{% else %}Chưa có {{ danh_tu }} đạt đúng chỉ tiêu {{ ct.ten }}.{% endif %}"),
    ("body", "- {% if ct.so_chua_dat %}Chưa đạt chỉ tiêu {{ ct.ten }}{% if ct.liet_ke.chua_dat %} ({{ ct.so_chua_dat }} "
             "{{ danh_tu }}){% endif %}: {{ ct.chua_dat }}.{% else %}Không có {{ danh_tu }} chưa đạt chỉ tiêu "
             "{{ ct.ten }}.{% endif %}"),
    (None, "{%p endfor %}"),
    ("heading", "II. Đánh giá chung"),
    ("body", "Các {{ danh_tu }} đã quán triệt và triển khai Kế hoạch số {{ ke_hoach.so_ky_hieu }}; công tác khảo sát, "
             "phát hiện, giới thiệu quần chúng ưu tú được quan tâm.{% for ct in chi_tieu %}{% if ct.so_chua_dat %} "
             "Còn {{ ct.so_chua_dat }} {{ danh_tu }} chưa đạt chỉ tiêu {{ ct.ten }}.{% endif %}{% endfor %}"),
    ("heading", "III. Nhiệm vụ thời gian tới"),
    ("body", "1- {% for ct in chi_tieu %}{% if ct.so_chua_dat %}{{ ct.chua_dat }} tập trung thực hiện để đạt chỉ "
             "tiêu {{ ct.ten }} được giao. {% endif %}{% endfor %}Các {{ danh_tu }} tiếp tục phát hiện, bồi dưỡng "
             "quần chúng ưu tú, tạo nguồn vững chắc cho năm sau."),
    ("body", "2- Các {{ danh_tu }} cử quần chúng ưu tú đi học lớp nhận thức về Đảng; khẩn trương thẩm tra, xác "
             "minh lý lịch, hoàn thiện hồ sơ đề nghị kết nạp."),
    ("body", "3- {{ ban_to_chuc }} theo dõi, tổng hợp, báo cáo kết quả định kỳ cho {{ thuong_vu }}."),
    ("body", "Trên đây là báo cáo kết quả {{ ky.ten }} của {{ nhan_danh }}./."),
    (None, "{{p phan_cuoi }}"),
]


SO_CHUYEN_GIAO = [
    ("title", "{{ co_quan }}"),
    ("title", "SỔ CHUYỂN GIAO VĂN BẢN NĂM {{ nam }}"),
    (None, "{{p bang }}"),
    ("body", "Tổng cộng: {{ so_van_ban }} văn bản, {{ tong_so_ban }} bản chuyển giao."),
]

# The allocation part of the plan, written two ways from the same figures.
ALLOCATION_SENTENCES = [
    (None, "{%p for ct in chi_tieu %}"),
    ("subheading", "{{ loop.index + 3 }}- {{ ct.tieu_de }} năm {{ nam }} là {{ ct.tong_so_chu }}{% for s in "
                   "ct.trong_do %}, trong đó {{ s.ten }} {{ s.tong_so_chu }} {{ s.don_vi_tinh }}{% endfor %} cụ "
                   "thể như sau"),
    ("body", "- {% for n in ct.nhom %}{{ n.ten }}{% if n.so_don_vi > 1 %} mỗi {{ n.danh_tu }}{% endif %} "
             "{{ n.chu }} {{ ct.don_vi_tinh }}{% if not loop.last %}; {% endif %}{% endfor %}."
             "{% if ct.khong_phan_bo %} Số còn lại ({{ ct.khong_phan_bo }} {{ ct.don_vi_tinh }}) "
             "{{ ct.ghi_chu_khong_phan_bo or 'chưa phân bổ cho từng đơn vị' }}.{% endif %}"),
    (None, "{%p endfor %}"),
]
ALLOCATION_TABLE = [
    ("subheading", "4- Phân bổ chỉ tiêu năm {{ nam }}: {% for ct in chi_tieu %}{% if ct.thuoc %}trong đó "
                   "{% endif %}{{ ct.ten }} {{ ct.tong_so_chu }} {{ ct.don_vi_tinh }}{% if ct.khong_phan_bo %} "
                   "({{ ct.khong_phan_bo }} {{ ct.ghi_chu_khong_phan_bo or 'chưa phân bổ cho từng đơn vị' }})"
                   "{% endif %}{% if not loop.last %}; {% endif %}{% endfor %}, cụ thể như sau"),
    (None, "{{p bang_phan_bo }}"),
]


def _with(paragraphs, marker, replacement):
    out = []
    for item in paragraphs:
        out += replacement if item == marker else [item]
    return out


TEMPLATES = {"ke-hoach": _with(KE_HOACH, "ALLOCATION", ALLOCATION_SENTENCES),
             "ke-hoach-bang": _with(KE_HOACH, "ALLOCATION", ALLOCATION_TABLE),
             "thong-bao": THONG_BAO, "so-chuyen-giao": SO_CHUYEN_GIAO, "bao-cao": BAO_CAO}


def loop_table(doc, headers, cells, widths_mm, loop: str, total=None, centre_from=None):
    """A bordered table: a heading row, a row repeated by {%tr for %}, an optional total row.
    Columns from *centre_from* on hold figures and are centred."""
    rows = 4 + (1 if total else 0)
    table = doc.add_table(rows=rows, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    layout.column_widths(table, [Mm(w) for w in widths_mm])
    head, start, body, end = table.rows[:4]
    style = {k: doc.styles[layout.PROSE_STYLES[k][0]] for k in ("table", "table_head")}
    for cell, text in zip(head.cells, headers):
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = style["table_head"]
    start.cells[0].paragraphs[0].text = "{%tr for " + loop + " %}"
    for cell, text in zip(body.cells, cells):
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = style["table"]
    end.cells[0].paragraphs[0].text = "{%tr endfor %}"
    if total:
        for cell, text in zip(table.rows[4].cells, total):
            cell.paragraphs[0].text = text
            cell.paragraphs[0].style = style["table_head"]
    if centre_from is not None:
        for row in table.rows:
            for cell in row.cells[centre_from:]:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    return table


# A State body's templates (Nghị định 30/2020/NĐ-CP): a UBND xã assigning a yearly
# quota to each village (the example organisation under examples/ubnd-xa/).
UB_KE_HOACH = [
    (None, "{{p phan_dau }}"),
    (None, "{%p for cc in can_cu %}"),
    ("body", "Căn cứ {{ cc }};"),
    (None, "{%p endfor %}"),
    ("body", "{{ co_quan_goi_tat }} xây dựng Kế hoạch {{ trich_yeu }} như sau:"),
    ("heading", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("body", "1. Tổ chức thực hiện đúng quy định của pháp luật, công khai, dân chủ, công bằng; bảo đảm chỉ tiêu "
             "được giao."),
    ("body", "2. Các {{ danh_tu }} phối hợp chặt chẽ với {{ ban_nganh }} trong từng khâu; báo cáo kết quả đúng "
             "thời hạn."),
    ("heading", "II. CHỈ TIÊU"),
    (None, "{%p for ct in chi_tieu %}"),
    ("subheading", "{{ loop.index }}. {{ ct.tieu_de }} năm {{ nam }}: {{ ct.tong_so_chu }} {{ ct.don_vi_tinh }}"
                   "{% for s in ct.trong_do %}, trong đó {{ s.ten }} {{ s.tong_so_chu }} {{ s.don_vi_tinh }}"
                   "{% endfor %}, cụ thể:"),
    ("body", "- {% for n in ct.nhom %}{{ n.ten }}{% if n.so_don_vi > 1 %} mỗi {{ n.danh_tu }}{% endif %} "
             "{{ n.chu }} {{ ct.don_vi_tinh }}{% if not loop.last %}; {% endif %}{% endfor %}."
             "{% if ct.khong_phan_bo %} Số còn lại ({{ ct.khong_phan_bo }} {{ ct.don_vi_tinh }}) "
             "{{ ct.ghi_chu_khong_phan_bo or 'chưa phân bổ cho từng đơn vị' }}.{% endif %}"),
    (None, "{%p endfor %}"),
    ("heading", "III. TỔ CHỨC THỰC HIỆN"),
    (None, "{%p for pc in phan_cong.don_vi + phan_cong.doan_the %}"),
    ("body", "{{ loop.index }}. {{ pc.chu_tri }} chủ trì{% if pc.phoi_hop %}, phối hợp với {{ pc.phoi_hop }}"
             "{% endif %} {{ pc.doi_tuong }}."),
    (None, "{%p endfor %}"),
    (None, "{%p if han_bao_cao %}"),
    ("body", "Thời hạn báo cáo: {% for h in han_bao_cao %}báo cáo {{ h.ky }} trước {{ h.han }}"
             "{% if not loop.last %}; {% endif %}{% endfor %}."),
    (None, "{%p endif %}"),
    ("body", "Trên đây là Kế hoạch {{ trich_yeu }} của {{ co_quan_goi_tat }}./."),
    (None, "{{p phan_cuoi }}"),
]

UB_LETTER_TASKS = [
    (None, "{%p for c in chi_tieu %}"),
    ("body", "- {% if c.thuoc %}Trong đó, chỉ tiêu{% else %}Chỉ tiêu{% endif %} {{ c.ten }} năm {{ nam }}: "
             "{{ c.chu }} {{ c.don_vi_tinh }}."),
    (None, "{%p endfor %}"),
    (None, "{%p for pc in chu_tri %}"),
    ("body", "- Chủ trì{% if pc.phoi_hop %}, phối hợp với {{ pc.phoi_hop }}{% endif %} {{ pc.doi_tuong }}"
             "{% if pc.toan_bo %} (chỉ tiêu chung: {{ pc.chu }} {{ pc.don_vi_tinh }}){% elif pc.so_luong %} "
             "({{ pc.chu }} {{ pc.don_vi_tinh }}){% endif %}."),
    (None, "{%p endfor %}"),
    (None, "{%p for ph in phoi_hop %}"),
    ("body", "- Phối hợp với {{ ph.chu_tri }} {{ ph.doi_tuong }}."),
    (None, "{%p endfor %}"),
    (None, "{%p if han_bao_cao %}"),
    ("body", "- Báo cáo kết quả về {{ co_quan_goi_tat }}: {% for h in han_bao_cao %}báo cáo {{ h.ky }} trước "
             "{{ h.han }}{% if not loop.last %}; {% endif %}{% endfor %}."),
    (None, "{%p endif %}"),
]
UB_THONG_BAO = [
    (None, "{{p phan_dau }}"),
    ("body", "Thực hiện Kế hoạch số {{ ke_hoach.so_ky_hieu }} {{ ke_hoach.ngay }} của {{ co_quan_goi_tat }} về "
             "{{ ke_hoach.trich_yeu }}, {{ co_quan_goi_tat }} {% if giao_chi_tieu %}giao chỉ tiêu{% else %}giao "
             "nhiệm vụ{% endif %} cho {{ nhan.ten }} như sau:"),
    *UB_LETTER_TASKS,
    ("body", "Đề nghị {{ nhan.ten }} tổ chức thực hiện./."),
    (None, "{{p phan_cuoi }}"),
]
UB_CONG_VAN = [
    (None, "{{p phan_dau }}"),
    ("kinh_gui", "Kính gửi: {{ nhan.ten }}."),
    ("body", "Thực hiện Kế hoạch số {{ ke_hoach.so_ky_hieu }} {{ ke_hoach.ngay }} của {{ co_quan_goi_tat }} về "
             "{{ ke_hoach.trich_yeu }}, {{ co_quan_goi_tat }} đề nghị {{ nhan.ten }} thực hiện những nội dung sau:"),
    *UB_LETTER_TASKS,
    ("body", "Đề nghị {{ nhan.ten }} quan tâm, tổ chức thực hiện./."),
    (None, "{{p phan_cuoi }}"),
]

UB_BAO_CAO = [
    (None, "{{p phan_dau }}"),
    ("body", "Thực hiện Kế hoạch số {{ ke_hoach.so_ky_hieu }} {{ ke_hoach.ngay }} của {{ co_quan_goi_tat }} về "
             "{{ ke_hoach.trich_yeu }}, {{ co_quan_goi_tat }} báo cáo kết quả {{ ky.ten }} như sau:"),
    ("heading", "I. KẾT QUẢ THỰC HIỆN"),
    ("body", "Số liệu tính đến {{ ky.den_ngay }}{% if ky.truoc_ket_thuc %} (ngày lập báo cáo, trước khi kết thúc "
             "kỳ){% endif %}; tỷ lệ đạt là {% for ct in chi_tieu %}số «{{ ct.giai_doan }}» so "
             "với chỉ tiêu {{ ct.ten }} cả năm{% if ct.theo_toi_thieu %} (tính theo mức tối thiểu){% endif %}"
             "{% if not loop.last %}; {% endif %}{% endfor %} (Bảng 1)."),
    ("title", "Bảng 1. Kết quả {{ ky.ten }}"),
    (None, "{{p bang_so_lieu }}"),
    (None, "{%p for ct in chi_tieu %}"),
    ("body", "Chỉ tiêu {{ ct.ten }}: {{ ct.ket_qua }}/{{ ct.muc_tinh }} {{ ct.don_vi_tinh }}, đạt {{ ct.ty_le }}"
             "{% if ct.muc_tinh != ct.tong_so_chu %} (chỉ tiêu {{ ct.tong_so_chu }}){% endif %} (Hình {{ ct.so_hinh }})."),
    ("title", "{{ ct.bieu_do }}"),
    ("title", "Hình {{ ct.so_hinh }}. Chỉ tiêu và kết quả {{ ct.ten }} {{ ky.ten }}"),
    ("body", "- {% if ct.so_vuot %}Vượt chỉ tiêu{% if ct.liet_ke.vuot %} ({{ ct.so_vuot }} {{ danh_tu }}){% endif %}: "
             "{{ ct.vuot }}.{% else %}Chưa có {{ danh_tu }} vượt chỉ tiêu.{% endif %}"),
    ("body", "- {% if ct.so_dat %}Đạt chỉ tiêu{% if ct.liet_ke.dat %} ({{ ct.so_dat }} {{ danh_tu }}){% endif %}: "
             "{{ ct.dat }}.{% else %}Chưa có {{ danh_tu }} đạt đúng chỉ tiêu.{% endif %}"),
    ("body", "- {% if ct.so_chua_dat %}Chưa đạt chỉ tiêu{% if ct.liet_ke.chua_dat %} ({{ ct.so_chua_dat }} "
             "{{ danh_tu }}){% endif %}: {{ ct.chua_dat }}.{% else %}Không có {{ danh_tu }} chưa đạt chỉ tiêu.{% endif %}"),
    (None, "{%p endfor %}"),
    ("heading", "II. NHIỆM VỤ THỜI GIAN TỚI"),
    ("body", "Các {{ danh_tu }} tiếp tục thực hiện các chỉ tiêu được giao; {{ co_quan_goi_tat }} theo dõi, đôn đốc "
             "và báo cáo kết quả theo quy định./."),
    (None, "{{p phan_cuoi }}"),
]

# A term plan (kế hoạch nhiệm kỳ) and the report of a year against it.
KE_HOACH_NHIEM_KY = [
    (None, "{{p phan_dau }}"),
    (None, "{%p for cc in can_cu %}"),
    ("body", "Căn cứ {{ cc }}.{% if loop.last %} {{ co_quan_goi_tat }} xây dựng Kế hoạch {{ trich_yeu }} "
             "với những nội dung cụ thể như sau:{% endif %}"),
    (None, "{%p endfor %}"),
    ("heading", "I. Mục đích, yêu cầu"),
    ("body", "Xác định chỉ tiêu cho từng năm của nhiệm kỳ {{ nhiem_ky }} đối với từng {{ danh_tu }}, làm căn cứ "
             "giao chỉ tiêu hằng năm và đánh giá kết quả thực hiện qua từng năm và cả nhiệm kỳ."),
    ("heading", "II. Chỉ tiêu từng năm"),
    (None, "{%p for ct in chi_tieu %}"),
    ("subheading", "{{ loop.index }}- {{ ct.tieu_de }} nhiệm kỳ {{ nhiem_ky }}: {{ ct.tong_nhiem_ky_chu }} "
                   "{{ ct.don_vi_tinh }} ({% for n in ct.nam %}năm {{ n.nam }}: {{ n.tong_so_chu }}"
                   "{% if not loop.last %}; {% endif %}{% endfor %}), cụ thể như sau"),
    (None, "{{p ct.bang }}"),
    (None, "{%p endfor %}"),
    ("heading", "III. Tổ chức thực hiện"),
    ("body", "Hằng năm, {{ co_quan_goi_tat }} giao chỉ tiêu cho từng {{ danh_tu }} theo Kế hoạch này; các "
             "{{ danh_tu }} báo cáo kết quả theo kỳ; {{ van_phong }} tổng hợp, báo cáo kết quả lũy kế của nhiệm kỳ./."),
    (None, "{{p phan_cuoi }}"),
]

BAO_CAO_NHIEM_KY = [
    (None, "{{p phan_dau }}"),
    ("body", "Thực hiện Kế hoạch số {{ ke_hoach.so_ky_hieu }} {{ ke_hoach.ngay }} của {{ co_quan_goi_tat }} về "
             "{{ ke_hoach.trich_yeu }}, {{ nhan_danh }} báo cáo kết quả {{ ky.ten }} và lũy kế nhiệm kỳ "
             "{{ nhiem_ky }} như sau:"),
    (None, "{%p for ct in chi_tieu %}"),
    ("subheading", "{{ loop.index }}- Chỉ tiêu {{ ct.ten }}"),
    ("body", "Năm {{ nam }}: {{ ct.ket_qua_nam }}/{{ ct.chi_tieu_nam }} {{ ct.don_vi_tinh }}, đạt {{ ct.ty_le_nam }}. "
             "Lũy kế từ năm {{ ct.tu_nam }}: {{ ct.ket_qua_luy_ke }}/{{ ct.chi_tieu_luy_ke }} {{ ct.don_vi_tinh }}, "
             "đạt {{ ct.ty_le_luy_ke }}; so với chỉ tiêu cả nhiệm kỳ ({{ ct.chi_tieu_nhiem_ky }} "
             "{{ ct.don_vi_tinh }}) đạt {{ ct.ty_le_nhiem_ky }}. Kết quả tính theo số «{{ ct.giai_doan }}»; năm "
             "trước tính theo số liệu cả năm."),
    (None, "{{p ct.bang }}"),
    (None, "{%p endfor %}"),
    ("body", "Trên đây là báo cáo kết quả {{ ky.ten }} và lũy kế nhiệm kỳ {{ nhiem_ky }}./."),
    (None, "{{p phan_cuoi }}"),
]
TEMPLATES["ke-hoach-nhiem-ky"], TEMPLATES["bao-cao-nhiem-ky"] = KE_HOACH_NHIEM_KY, BAO_CAO_NHIEM_KY

# Template sets: which templates a project gets, each under its file name, and the rule set
# the template's own page setup follows (vanban resets it from the profile at every build).
SETS = {
    "dang": ({"ke-hoach": "ke-hoach", "ke-hoach-bang": "ke-hoach-bang", "thong-bao": "thong-bao", "cong-van": "cong-van",
              "so-chuyen-giao": "so-chuyen-giao", "bao-cao": "bao-cao", "ke-hoach-nhiem-ky": "ke-hoach-nhiem-ky",
              "bao-cao-nhiem-ky": "bao-cao-nhiem-ky"}, "dang"),
    "nha-nuoc": ({"ke-hoach": "ub-ke-hoach", "thong-bao": "ub-thong-bao", "cong-van": "ub-cong-van",
                  "so-chuyen-giao": "so-chuyen-giao",
                  "bao-cao": "ub-bao-cao"}, "nha_nuoc"),
}
TEMPLATES["ub-ke-hoach"], TEMPLATES["ub-thong-bao"], TEMPLATES["ub-bao-cao"] = UB_KE_HOACH, UB_THONG_BAO, UB_BAO_CAO
TEMPLATES["cong-van"], TEMPLATES["ub-cong-van"] = CONG_VAN, UB_CONG_VAN


def make(name: str, paragraphs, profile_code: str = "dang", out: Path = OUT) -> Path:
    profile = load_profile(profile_code)
    doc = Document()
    layout.apply_look(doc, look_of(profile))
    styles = {key: layout.PROSE_STYLES[key][0] for key in layout.PROSE_STYLES}
    for key, text in paragraphs:
        if key == "loop_table":
            loop_table(doc, **text)
        elif key == "kinh_gui":  # «Kính gửi: …» of a công văn: centred, no first-line indent, space after
            p = doc.add_paragraph(text, style=styles["body"])
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.first_line_indent = Mm(0)
            p.paragraph_format.space_after = Mm(4)
        else:
            doc.add_paragraph(text, style=styles[key] if key else None)
    doc.core_properties.title = name
    doc.core_properties.author = "vanban"
    path = out / f"{name}.docx"
    out.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


def main(argv: list[str]) -> None:
    """make_templates.py [--bo dang|nha-nuoc] [--ra THƯ_MỤC]: write a template set (default: the
    repository's own templates/docx/, the Party set)."""
    args = list(argv)
    chosen, out = "dang", OUT
    if "--bo" in args:
        chosen = args.pop(args.index("--bo") + 1)
        args.remove("--bo")
    if "--ra" in args:
        out = Path(args.pop(args.index("--ra") + 1))
        args.remove("--ra")
    names, code = SETS[chosen]
    for file_name, source in names.items():
        if not args or file_name in args:
            print(make(file_name, TEMPLATES[source], code, out))


if __name__ == "__main__":
    main(sys.argv[1:])
