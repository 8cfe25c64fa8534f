"""Reports as documents the office can sign: DOCX read back part by part (Nghị định 30/2020)."""
from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm, Pt

from _profiles import profile, year_2021
from showcase.cli.main import main
from showcase.outputs.report.docx import BLANK

ROOT = Path(__file__).resolve().parent.parent
REPORTING = (ROOT / "exemplars" / "reporting.yaml").read_text(encoding="utf-8")
SAMPLE = profile("xuan-my", "mau-hu-cau", "2021-Q2", "Hồ sơ mẫu hư cấu", extra="sample: true\n")


@pytest.fixture
def tree(make_tree):
    return make_tree({"exemplars/reporting.yaml": REPORTING, **year_2021(), SAMPLE[0]: SAMPLE[1]})


def docx(tree: Path, tmp_path: Path, *args: str) -> Document:
    out = tmp_path / "bao-cao.docx"
    assert main(["--root", str(tree), "report", "--year", "2021", "--format", "docx",
                 "--output", str(out), *args]) == 0
    return Document(str(out))


def cell_lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs]


def test_page_font_and_margins_follow_the_decree(tree, tmp_path) -> None:
    doc = docx(tree, tmp_path)
    s = doc.sections[0]
    assert abs(s.page_width - Mm(210)) < Mm(0.1) and abs(s.page_height - Mm(297)) < Mm(0.1)  # A4, in twips
    assert Mm(20) <= s.top_margin <= Mm(25) and Mm(20) <= s.bottom_margin <= Mm(25)
    assert Mm(30) <= s.left_margin <= Mm(35) and Mm(15) <= s.right_margin <= Mm(20)
    normal = doc.styles["Normal"].font
    assert normal.name == "Times New Roman" and Pt(13) <= normal.size <= Pt(14)


def test_header_body_motto_number_place_and_date(tree, tmp_path) -> None:
    head = docx(tree, tmp_path).tables[0]
    body, nation = head.rows[0].cells
    assert cell_lines(body)[:2] == ["UBND HUYỆN CẨM MỸ", "PHÒNG NỘI VỤ"]
    assert body.paragraphs[1].runs[0].bold
    assert cell_lines(nation)[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert all(p.runs[0].bold for p in nation.paragraphs[:2])
    number, place = head.rows[1].cells
    assert cell_lines(number) == [f"Số: {BLANK}/BC-PNV"]  # left blank to fill
    assert cell_lines(place) == [f"Cẩm Mỹ, ngày {BLANK} tháng {BLANK} năm {BLANK}"]
    assert place.paragraphs[0].runs[0].italic


def test_title_counted_line_tables_and_signature(tree, tmp_path) -> None:
    doc = docx(tree, tmp_path)
    texts = [p.text for p in doc.paragraphs if p.text]
    assert texts[:3] == ["BÁO CÁO", "Tình hình giới thiệu điển hình tiên tiến năm 2021",
                         "Đã tính 7 điển hình đã công bố năm 2021; không tính hồ sơ mẫu hư cấu "
                         "(bỏ 1 hồ sơ mẫu; thêm --samples để tính cả hồ sơ mẫu)."]
    matrix, names, signature = doc.tables[1], doc.tables[2], doc.tables[3]
    assert [c.text for c in matrix.rows[0].cells] == ["STT", "Đơn vị", "Quý I", "Quý II", "Quý III",
                                                      "Quý IV", "Cả năm", "Số quý đạt"]
    xd = next(r for r in matrix.rows if r.cells[1].text == "Xã Xuân Đường (đến 30/06/2025)")
    assert [c.text for c in xd.cells[2:]] == ["1 (đạt)", "3 (vượt)", "0 (chưa giới thiệu)",
                                              "0 (chưa giới thiệu)", "4", "2/4 (50%)"]
    assert matrix.rows[-1].cells[1].text == "Tổng cộng" and matrix.rows[-1].cells[6].text == "7"
    assert matrix.rows[0]._tr.trPr.xml.count("tblHeader") == 1  # repeated on every page
    listed = [r.cells[1].text for r in names.rows[1:]]
    assert "Hợp tác xã rau sạch Long Giao" in listed and "Hồ sơ mẫu hư cấu" not in listed
    assert "Nhóm nháp chưa công bố" not in listed
    received, signer = signature.rows[0].cells
    assert cell_lines(received)[0] == "Nơi nhận:"
    assert cell_lines(signer)[0] == "TRƯỞNG PHÒNG" and cell_lines(signer)[-1] == BLANK


def test_samples_are_counted_only_when_asked(tree, tmp_path) -> None:
    doc = docx(tree, tmp_path, "--samples")
    assert [p.text for p in doc.paragraphs if p.text][2] == ("Đã tính 8 điển hình đã công bố năm 2021, GỒM 1 hồ sơ mẫu hư "
                                      "cấu (sample: true) và 7 hồ sơ thật.")
    assert "Hồ sơ mẫu hư cấu" in [r.cells[1].text for r in doc.tables[2].rows]


def test_same_data_same_bytes(tree, tmp_path) -> None:
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    for out in (a, b):
        assert main(["--root", str(tree), "report", "--year", "2021", "--format", "docx",
                     "--output", str(out)]) == 0
    assert a.read_bytes() == b.read_bytes()


def test_signatory_from_mkdocs_settings(tree, tmp_path) -> None:
    config = tree / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'signer_name: ""', "signer_name: Nguyễn Văn Ký"), encoding="utf-8")
    signer = docx(tree, tmp_path).tables[3].rows[0].cells[1]
    assert cell_lines(signer)[-1] == "Nguyễn Văn Ký"


def test_quarterly_trich_ngang_for_the_media(tree, tmp_path, capsys) -> None:
    out = tmp_path / "trich-ngang.docx"
    assert main(["--root", str(tree), "report", "--year", "2021", "--quarter", "2", "--format",
                 "docx", "--output", str(out)]) == 0
    assert "Đã ghi danh sách trích ngang Quý II/2021" in capsys.readouterr().err
    doc = Document(str(out))
    assert [p.text for p in doc.paragraphs if p.text][:2] == [
        "DANH SÁCH TRÍCH NGANG THÀNH TÍCH",
        "Điển hình tiên tiến, gương người tốt việc tốt Quý II/2021"]
    table = doc.tables[1]
    assert [c.text for c in table.rows[0].cells] == ["STT", "Họ tên / tên tập thể", "Đơn vị",
                                                     "Lĩnh vực", "Trích ngang thành tích"]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [r[1] for r in rows] == ["Hợp tác xã rau sạch Long Giao", "Chi hội phụ nữ ấp Suối Râm",
                                    "Tổ an ninh tự quản ấp 1", "Đội tình nguyện ấp 3"]
    assert rows[0][2:] == ["Xã Long Giao", "Kinh tế",
                           "Đi đầu trong phong trào xây dựng nông thôn mới của địa phương."]
    assert doc.tables[0].rows[1].cells[0].text == f"Số: {BLANK}/DS-PNV"
