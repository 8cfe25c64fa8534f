"""Intake from spreadsheets: `showcase template` and `showcase import` on real XLSX files made
with openpyxl: a good sheet, a sheet with every kind of mistake, a sheet edited as people do."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from showcase.cli.main import main
from showcase.core.model import EXEMPLAR
from showcase.validate.check import check_content

GOOD_ROWS = [
    {"A": "Nguyễn Văn Bình", "B": "cá nhân", "C": "điển hình tiên tiến", "D": "xuan-duong",
     "E": "ấp Suối Râm", "F": "kinh tế", "G": "nong-thon-moi", "H": "2021-Q2",
     "I": dt.datetime(2021, 4, 5), "J": "Nông dân trồng bưởi", "K": 1970,
     "L": "Đi đầu trồng bưởi, giúp 5 hộ thoát nghèo.", "M": "Hiến 200 m² đất; Làm đường",
     "N": "Giấy khen của Chủ tịch UBND xã", "O": "Nguyễn Văn Bình", "P": "bản thân",
     "R": dt.datetime(2021, 4, 1), "S": "văn bản"},
    {"A": "Tổ hợp tác bưởi Suối Râm", "B": "tập thể", "C": "mô hình mới", "D": "xuan-duong",
     "F": "kinh tế, xã hội", "H": "Quý II/2021", "L": "Tổ hợp tác trồng bưởi theo hướng hữu cơ."},
]


@pytest.fixture
def tree(make_tree):
    return make_tree({})


def template(tree: Path, tmp_path: Path) -> Path:
    out = tmp_path / "mau-trich-ngang.xlsx"
    assert main(["--root", str(tree), "template", "--output", str(out)]) == 0
    return out


def sheet(tree: Path, tmp_path: Path, rows: dict[int, dict], name: str = "don-vi.xlsx",
          merge: tuple[str, ...] = ()) -> Path:
    """The template filled in as a unit would: values at their rows, optional merged cells."""
    wb = load_workbook(template(tree, tmp_path))
    ws = wb["Điển hình"]
    for r, values in rows.items():
        for col, value in values.items():
            ws[f"{col}{r}"] = value
    for rng in merge:
        ws.merge_cells(rng)
    path = tmp_path / name
    wb.save(path)
    return path


def imported(tree: Path) -> list[Path]:
    return sorted((tree / "exemplars").glob("*/*.yaml"))


# ---- the template ------------------------------------------------------------------------

def test_template_columns_comments_drop_downs_dates_and_instructions(tree, tmp_path) -> None:
    wb = load_workbook(template(tree, tmp_path))
    ws = wb["Điển hình"]
    head = [c.value for c in ws[1]]
    assert head[:4] == ["Họ tên / tên tập thể", "Đối tượng", "Loại điển hình", "Đơn vị giới thiệu"]
    assert ws["A1"].comment.text == next(f.description for f in EXEMPLAR if f.name == "name")
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["D2:D500"] == "'Danh mục'!$D$1:$D$$".replace("$$", f"${_count(wb, 'D')}")
    assert set(lists) >= {"B2:B500", "C2:C500", "D2:D500", "F2:F500", "G2:G500", "N2:N500",
                          "P2:P500", "S2:S500"}
    awards = [c.value for c in wb["Danh mục"]["N"] if c.value]
    assert "Chiến sĩ thi đua bộ, ban, ngành, tỉnh" in awards and "Cờ thi đua của Chính phủ" in awards
    assert wb["Danh mục"].sheet_state == "hidden"
    assert ws["I2"].number_format == ws["R2"].number_format == "DD/MM/YYYY"
    assert "mỗi dòng một điển hình" in wb["Hướng dẫn"]["A1"].value


def _count(wb, col: str) -> int:
    return sum(1 for c in wb["Danh mục"][col] if c.value)


# ---- a good sheet --------------------------------------------------------------------------

def test_good_sheet_becomes_draft_profiles_that_pass_the_check(tree, tmp_path, capsys) -> None:
    before = set(imported(tree))
    path = sheet(tree, tmp_path, {2: GOOD_ROWS[0], 3: GOOD_ROWS[1]})
    assert main(["--root", str(tree), "import", str(path)]) == 0
    out = capsys.readouterr().out
    new = sorted(set(imported(tree)) - before)
    assert [p.relative_to(tree).as_posix() for p in new] == [
        "exemplars/xuan-duong/nguyen-van-binh.yaml", "exemplars/xuan-duong/to-hop-tac-buoi-suoi-ram.yaml"]
    text = new[0].read_text(encoding="utf-8")
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()]
    assert keys == [f.name for f in EXEMPLAR if f.name in keys]  # model.py's order, as `showcase new`
    assert "status: draft\n" in text and "received: 05/04/2021\n" in text
    assert "achievements: [Hiến 200 m² đất, Làm đường]\n" in text
    assert "awards:\n  - name: Giấy khen của Chủ tịch UBND xã\n" in text
    _, problems = check_content(tree)
    assert problems.errors == []
    assert ("Cần bổ sung cho exemplars/xuan-duong/nguyen-van-binh.yaml: ảnh, sự đồng ý đăng ảnh "
            "(consent.scope: ảnh).") in out
    assert "Cần bổ sung cho exemplars/xuan-duong/to-hop-tac-buoi-suoi-ram.yaml: ảnh." in out
    assert out.strip().endswith("Đã ghi 2 hồ sơ mới, bỏ qua 0 hồ sơ đã có.")


def test_reimport_does_not_duplicate(tree, tmp_path, capsys) -> None:
    path = sheet(tree, tmp_path, {2: GOOD_ROWS[0], 3: GOOD_ROWS[1]})
    assert main(["--root", str(tree), "import", str(path)]) == 0
    files = imported(tree)
    capsys.readouterr()
    assert main(["--root", str(tree), "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert imported(tree) == files
    assert ("don-vi.xlsx:Điển hình!A2: đã có: 'Nguyễn Văn Bình' (xuan-duong, 2021-Q2) trùng "
            "exemplars/xuan-duong/nguyen-van-binh.yaml; bỏ qua.") in out
    assert out.strip().endswith("Đã ghi 0 hồ sơ mới, bỏ qua 2 hồ sơ đã có.")


def test_dry_run_writes_nothing(tree, tmp_path, capsys) -> None:
    files = imported(tree)
    path = sheet(tree, tmp_path, {2: GOOD_ROWS[1]})
    assert main(["--root", str(tree), "import", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert imported(tree) == files
    assert "--- sẽ ghi exemplars/xuan-duong/to-hop-tac-buoi-suoi-ram.yaml ---\n" in out
    assert "name: Tổ hợp tác bưởi Suối Râm\n" in out
    assert out.strip().endswith("Sẽ ghi 1 hồ sơ mới, bỏ qua 0 hồ sơ đã có (chạy thử: chưa ghi tệp nào).")


# ---- a sheet with every kind of mistake -----------------------------------------------------

BAD = {
    2: {**GOOD_ROWS[0], "B": "cá thể", "H": "Q5/2021", "K": "78", "O": None, "R": None, "S": None,
        "L": "Gọi 0912345678 để gặp ông Bình."},
    3: {**GOOD_ROWS[1], "D": "xuan-duongg", "I": "32/13/2021", "N": "Bằng khen tỉnh ABC"},
}


def test_every_problem_of_every_row_at_once_and_nothing_written(tree, tmp_path, capsys) -> None:
    files = imported(tree)
    path = sheet(tree, tmp_path, BAD, name="loi.xlsx")
    assert main(["--root", str(tree), "import", str(path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert imported(tree) == files
    cells = [line.split(": ", 1)[0].split("!")[1] for line in err[:-1]]
    assert cells == ["B2", "H2", "K2", "O2", "R2", "S2", "L2", "D3", "I3", "N3"]
    assert err[0] == ("loi.xlsx:Điển hình!B2: lỗi: subject: giá trị 'cá thể' không hợp lệ, cần "
                      "'Tập thể' (gần giống nhất); các giá trị được dùng: 'Cá nhân', 'Tập thể', "
                      "'Hộ gia đình'.")
    assert err[1] == ("loi.xlsx:Điển hình!H2: lỗi: quarter: giá trị 'Q5/2021' không hợp lệ, cần "
                      "một quý dạng 2021-Q2 hoặc 'Quý II/2021'.")
    assert err[2] == ("loi.xlsx:Điển hình!K2: lỗi: birth_year: giá trị '78' không hợp lệ, cần một "
                      "năm gồm 4 chữ số, ví dụ 1978 (chỉ ghi năm).")
    assert err[3].startswith("loi.xlsx:Điển hình!O2: lỗi: consent.by: thiếu trường bắt buộc 'by'")
    assert err[6] == ("loi.xlsx:Điển hình!L2: lỗi: summary: nội dung có số điện thoại "
                      "('0912345678'). Hãy xóa thông tin này trước khi công bố.")
    assert err[7] == ("loi.xlsx:Điển hình!D3: lỗi: unit: giá trị 'xuan-duongg' không hợp lệ, cần "
                      "một mã có trong exemplars/units.yaml (có phải ý bạn là 'xuan-duong' hoặc "
                      "'xuan-dong'?).")
    assert err[8] == ("loi.xlsx:Điển hình!I3: lỗi: received: giá trị '32/13/2021' không hợp lệ, cần "
                      "một ngày dạng dd/mm/yyyy (ví dụ 05/04/2021) hoặc yyyy-mm-dd.")
    assert err[9].startswith("loi.xlsx:Điển hình!N3: lỗi: awards[1].name: giá trị 'Bằng khen tỉnh "
                             "ABC' không hợp lệ")
    assert err[-1] == "Có 10 lỗi ở 10 ô; KHÔNG ghi tệp nào. Hãy sửa bảng tính rồi nhập lại."


# ---- a sheet edited the way people do -------------------------------------------------------

def test_merged_cells_blank_rows_text_dates_numbers_as_text_and_spaces(tree, tmp_path, capsys) -> None:
    person = {**GOOD_ROWS[0], "A": "Nguyễn Văn Bình ", "B": " cá nhân", "I": "05/04/2021",
              "K": "1970", "R": "01/04/2021"}
    group = {**GOOD_ROWS[1], "D": None}
    path = sheet(tree, tmp_path, {2: person, 5: group}, merge=("D2:D5",))
    assert main(["--root", str(tree), "import", str(path)]) == 0
    out = capsys.readouterr().out
    bình = (tree / "exemplars/xuan-duong/nguyen-van-binh.yaml").read_text(encoding="utf-8")
    assert "name: Nguyễn Văn Bình\n" in bình and "subject: cá nhân\n" in bình
    assert "received: 05/04/2021\n" in bình and "birth_year: 1970\n" in bình
    assert (tree / "exemplars/xuan-duong/to-hop-tac-buoi-suoi-ram.yaml").exists()  # unit from the merge
    assert out.strip().endswith("Đã ghi 2 hồ sơ mới, bỏ qua 0 hồ sơ đã có.")


def test_unit_written_as_its_name_and_a_default_unit(tree, tmp_path, capsys) -> None:
    path = sheet(tree, tmp_path, {2: {**GOOD_ROWS[1], "D": "Xã Xuân Đường"},
                                  3: {**GOOD_ROWS[1], "A": "Đội tình nguyện ấp 3", "D": None}})
    assert main(["--root", str(tree), "import", str(path), "--unit", "xuan-duong"]) == 0
    assert (tree / "exemplars/xuan-duong/doi-tinh-nguyen-ap-3.yaml").exists()
    assert (tree / "exemplars/xuan-duong/to-hop-tac-buoi-suoi-ram.yaml").exists()


def test_a_unit_typed_without_its_kind_resolves_like_the_check(make_tree) -> None:
    """'Long Giao' is Thị trấn Long Giao in 2022 (the rule of load/vocab.unit_names)."""
    from showcase.editor.new import Registry
    from showcase.editor.spreadsheet import unit_id
    reg = Registry.read(make_tree({}))
    assert unit_id(reg, "Long Giao", "2022-Q1") == "tt-long-giao"
    assert unit_id(reg, "thị trấn long giao", "2022-Q1") == "tt-long-giao"
    assert unit_id(reg, "Xuân Đường", "2021-Q2") == "xuan-duong"
    assert unit_id(reg, "Không có", "2021-Q2") == "Không có"  # left for the check to explain
