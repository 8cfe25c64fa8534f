"""The intake report: matrix, CSV (BOM) and XLSX (print set-up), from `showcase report`."""
from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from _profiles import profile, tombstone, year_2021
from showcase.cli.main import main
from showcase.publish.pipeline import load_catalog
from showcase.core.problems import ContentError
from showcase.outputs.report.intake import intake
from showcase.validate.plan import load_periods

ROOT = Path(__file__).resolve().parent.parent
REPORTING = (ROOT / "exemplars" / "reporting.yaml").read_text(encoding="utf-8")
AFTER_2021 = dt.date(2026, 1, 1)


@pytest.fixture
def tree(make_tree):
    return make_tree({"exemplars/reporting.yaml": REPORTING, **year_2021()})


def matrix(root: Path, year: int = 2021, today: dt.date = AFTER_2021):
    catalog, _ = load_catalog(root)
    data = intake(catalog, year, load_periods(root, dict(catalog.units)), today)
    return data, {r.unit.id: r for r in data.rows}


def statuses(row) -> list[tuple[int, str]]:
    return [(c.count, c.label) for c in row.cells]


def test_cells_count_and_judge_each_quarter(tree):
    data, rows = matrix(tree)
    assert statuses(rows["xuan-duong"]) == [(1, "Đạt"), (3, "Vượt"), (0, "Chưa giới thiệu"),
                                            (0, "Chưa giới thiệu")]
    assert (rows["xuan-duong"].total, rows["xuan-duong"].due, rows["xuan-duong"].met) == (4, 4, 2)
    assert rows["xuan-duong"].share == 0.5
    assert rows["xuan-my"].share == 0.0  # listed in the plan, introduced nobody


def test_unit_that_did_not_exist_is_not_missing(tree):
    _, rows = matrix(tree)
    assert statuses(rows["long-giao"]) == [(0, "Chưa giới thiệu"), (1, "Đạt"),
                                           (0, "Không còn tồn tại"), (0, "Không còn tồn tại")]
    assert statuses(rows["tt-long-giao"]) == [(0, "Chưa thành lập"), (0, "Chưa thành lập"),
                                              (1, "Đạt"), (0, "Chưa giới thiệu")]
    assert (rows["long-giao"].due, rows["tt-long-giao"].due) == (2, 2)


def test_totals_per_quarter_and_year_ignore_drafts(tree):
    data, _ = matrix(tree)
    assert [data.quarter_total(q) for q in range(1, 5)] == [1, 4, 1, 1]
    assert data.total == 7
    assert data.quarter_missing(1) == 32  # 34 district units, Xuân Đường reported, TT Long Giao not yet
    assert data.quarter_missing(3) == 32  # Xã Long Giao gone, Thị trấn Long Giao reported


def test_current_quarter_is_not_missing_before_it_ends(tree):
    _, rows = matrix(tree, today=dt.date(2021, 8, 15))
    assert [c.label for c in rows["xuan-my"].cells] == ["Chưa giới thiệu", "Chưa giới thiệu",
                                                       "Chưa hết quý", "Chưa hết quý"]
    assert rows["xuan-my"].due == 2


def test_after_july_2025_there_is_no_district_quota(make_tree):
    root = make_tree({"exemplars/reporting.yaml": REPORTING, **dict([
        profile("cam-my-2025", "hop-tac-xa-cam-my", "2025-Q3", "Hợp tác xã Cẩm Mỹ"),
        profile("xuan-duong", "to-tu-quan", "2025-Q1", "Tổ tự quản Xuân Đường")])})
    data, rows = matrix(root, 2025)
    assert statuses(rows["xuan-duong"]) == [(1, "Đạt"), (0, "Chưa giới thiệu"),
                                            (0, "Không còn tồn tại"), (0, "Không còn tồn tại")]
    assert statuses(rows["cam-my-2025"]) == [(0, "Chưa thành lập"), (0, "Chưa thành lập"),
                                             (1, "Không giao chỉ tiêu"), (0, "Không giao chỉ tiêu")]
    assert rows["cam-my-2025"].reports_to == "Sở Nội vụ tỉnh Đồng Nai"
    assert rows["xuan-duong"].reports_to == "Phòng Nội vụ huyện Cẩm Mỹ"
    assert rows["cam-my-2025"].share is None
    assert [p.id for p in data.periods] == ["huyen-cam-my", "sau-sap-xep-2025"]


def test_withdrawn_profile_leaves_the_report(make_tree):
    files = {"exemplars/reporting.yaml": REPORTING, **year_2021()}
    files.update([tombstone("xuan-duong", "to-hop-tac-buoi", "2021-Q1")])
    _, rows = matrix(make_tree(files))
    assert statuses(rows["xuan-duong"])[0] == (0, "Chưa giới thiệu")


def test_csv_goes_to_stdout_with_a_bom(tree, capsysbinary):
    assert main(["--root", str(tree), "report", "--year", "2021"]) == 0
    raw = capsysbinary.readouterr().out
    assert raw.startswith(b"\xef\xbb\xbf")
    note, *rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert note == ["Đã tính 7 điển hình đã công bố năm 2021; không tính hồ sơ mẫu hư cấu (bỏ 0 hồ sơ "
                    "mẫu; thêm --samples để tính cả hồ sơ mẫu)."]  # the same sentence as on stderr
    assert rows[0][:5] == ["STT", "Đơn vị", "Gửi về", "Quý I: số điển hình", "Quý I: tình trạng"]
    assert rows[0][-4:] == ["Cả năm: số điển hình", "Số quý phải giới thiệu", "Số quý đạt",
                            "Tỷ lệ quý đạt"]
    xd = next(r for r in rows if r[1] == "Xã Xuân Đường (đến 30/06/2025)")
    assert xd[3:11] == ["1", "Đạt", "3", "Vượt", "0", "Chưa giới thiệu", "0", "Chưa giới thiệu"]
    assert xd[-4:] == ["4", "4", "2", "50%"]
    assert rows[-1][1] == "Tổng cộng" and rows[-1][3] == "1" and rows[-1][5] == "4"


def test_csv_output_file(tree, tmp_path):
    out = tmp_path / "bao-cao.csv"
    assert main(["--root", str(tree), "report", "--year", "2021", "--format", "csv",
                 "--output", str(out)]) == 0
    assert out.read_bytes().startswith("\ufeffĐã tính ".encode())
    assert out.read_bytes().decode("utf-8-sig").splitlines()[1].startswith("STT,Đơn vị,")


def test_xlsx_is_set_up_for_printing(tree, tmp_path, capsys):
    out = tmp_path / "bao-cao.xlsx"
    assert main(["--root", str(tree), "report", "--year", "2021", "--format", "xlsx",
                 "--output", str(out)]) == 0
    assert "Đã ghi báo cáo năm 2021" in capsys.readouterr().err
    wb = load_workbook(out)
    ws = wb["Năm 2021"]
    assert ws["A1"].value.startswith("Đã tính ") and "A1" in str(ws.merged_cells)  # what was counted
    assert [c.value for c in ws[2]][:4] == ["STT", "Đơn vị", "Gửi về", "Quý I: số điển hình"]
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 == "9"  # 9 is A4 in SpreadsheetML
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$2:$2"  # the header row repeats on every printed page
    assert ws.freeze_panes == "C3"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    xd = next(r for r in ws.iter_rows(values_only=True) if r[1] == "Xã Xuân Đường (đến 30/06/2025)")
    assert xd[-1] == 0.5 and ws.cell(row=15, column=15).number_format == "0%"
    assert ws.oddHeader.center.text == "Tình hình giới thiệu điển hình năm 2021"
    assert "Chưa thành lập" in [c.value for c in wb["Giải thích"]["A"]]


def test_xlsx_without_output_writes_a_named_file(tree, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["--root", str(tree), "report", "--year", "2021", "--format", "xlsx"]) == 0
    assert (tmp_path / "tinh-hinh-gioi-thieu-dien-hinh-2021.xlsx").stat().st_size > 5000


def test_year_outside_every_period_is_refused(tree, capsys):
    assert main(["--root", str(tree), "report", "--year", "2019"]) == 2
    assert capsys.readouterr().err.strip() == (
        "Năm 2019 không thuộc giai đoạn nào trong exemplars/reporting.yaml; hãy chọn năm khác "
        "hoặc bổ sung giai đoạn vào tệp đó.")


def test_unknown_unit_in_reporting_file_names_file_and_line(make_tree, capsys):
    bad = REPORTING.replace("    - xuan-duong\n", "    - xuan-duongg\n")
    root = make_tree({"exemplars/reporting.yaml": bad})
    assert main(["--root", str(root), "report", "--year", "2021"]) == 1
    line = bad.split("\n").index("    - xuan-duongg") + 1
    out = capsys.readouterr().out
    assert (f"exemplars/reporting.yaml:{line}:7: lỗi: [1].units[13]: giá trị 'xuan-duongg' không "
            "hợp lệ, cần một mã có trong exemplars/units.yaml.") in out


def test_missing_reporting_file_is_a_clean_error(make_tree):
    root = make_tree({})
    (root / "exemplars" / "reporting.yaml").unlink()
    with pytest.raises(ContentError) as exc:
        load_periods(root)
    assert exc.value.problems.render().startswith("exemplars/reporting.yaml:1:1: lỗi: Thiếu tệp")


def test_overlapping_periods_are_refused(make_tree):
    bad = REPORTING.replace("  from: 01/07/2025\n", "  from: 01/06/2025\n")
    root = make_tree({"exemplars/reporting.yaml": bad})
    with pytest.raises(ContentError) as exc:
        load_periods(root)
    line = bad.split("\n").index("  from: 01/06/2025") + 1
    assert exc.value.problems.render() == (
        f"exemplars/reporting.yaml:{line}:9: lỗi: [2].from: giai đoạn 'sau-sap-xep-2025' trùng thời "
        "gian với giai đoạn 'huyen-cam-my'. Hãy sửa from/to để các giai đoạn nối tiếp nhau, không "
        "chồng lên nhau.")


def test_unit_with_exemplars_but_not_in_the_plan_is_counted_without_quota(make_tree):
    plan = REPORTING.replace("    - phong-noi-vu\n", "")
    root = make_tree({"exemplars/reporting.yaml": plan, **dict([
        profile("phong-noi-vu", "to-cong-tac", "2021-Q2", "Tổ công tác cải cách hành chính")])})
    _, rows = matrix(root)
    assert list(rows)[-1] == "phong-noi-vu"  # after the plan's units
    assert statuses(rows["phong-noi-vu"])[1] == (1, "Không giao chỉ tiêu") and rows["phong-noi-vu"].due == 0


SAMPLE = profile("xuan-my", "mau-hu-cau", "2021-Q2", "Hồ sơ mẫu hư cấu", extra="sample: true\n")


def test_samples_are_left_out_by_default_and_the_report_says_so(make_tree, capsysbinary):
    root = make_tree({"exemplars/reporting.yaml": REPORTING, **year_2021(),
                      SAMPLE[0]: SAMPLE[1]})
    assert main(["--root", str(root), "report", "--year", "2021"]) == 0
    out = capsysbinary.readouterr()
    assert out.err.decode().splitlines()[0] == (
        "Đã tính 7 điển hình đã công bố năm 2021; không tính hồ sơ mẫu hư cấu (bỏ 1 hồ sơ mẫu; "
        "thêm --samples để tính cả hồ sơ mẫu).")
    rows = list(csv.reader(io.StringIO(out.out.decode("utf-8-sig"))))
    assert rows[0] == [out.err.decode().splitlines()[0]]  # said at the top of the file too
    assert next(r for r in rows[1:] if r[1] == "Xã Xuân Mỹ")[5] == "0"
    assert main(["--root", str(root), "report", "--year", "2021", "--samples"]) == 0
    out = capsysbinary.readouterr()
    assert out.err.decode().splitlines()[0] == (
        "Đã tính 8 điển hình đã công bố năm 2021, GỒM 1 hồ sơ mẫu hư cấu (sample: true) và 7 hồ "
        "sơ thật.")
    rows = list(csv.reader(io.StringIO(out.out.decode("utf-8-sig"))))
    assert rows[0] == [out.err.decode().splitlines()[0]]
    assert next(r for r in rows[1:] if r[1] == "Xã Xuân Mỹ")[5] == "1"
