"""Mistakes editors really make, each with the exact message `showcase check` prints.

The profile is the known-good one of test_check_base with one slip typed into it, the way a
commune clerk would in GitHub's web editor.
"""
from __future__ import annotations

from showcase.validate.check import check_content
from test_check_base import GOOD, PROFILE, check_lines, edit

P = PROFILE
SUMMARY = "summary: Đi đầu trồng tiêu hữu cơ, hướng dẫn nhiều hộ cùng làm."


def _record(make_tree, text: str, path: str = P):
    content, problems = check_content(make_tree({path: text}))
    assert problems.render() == ""
    (e,) = content.exemplars
    return e


# ---- YAML syntax: the line of the slip, and what to type ---------------------------------

def test_a_key_indented_deeper_than_its_neighbours(make_tree) -> None:
    lines = check_lines(make_tree, {P: edit("  relation: bản thân", "    relation: bản thân")})
    assert f"{P}:27:13: lỗi: Lỗi cú pháp YAML: dòng này thụt lề sâu hơn dòng trên. Các khóa cùng " \
        "cấp phải bắt đầu ở cùng một cột; hãy xóa bớt dấu cách ở đầu dòng." in lines


def test_a_tab_for_indentation(make_tree) -> None:
    lines = check_lines(make_tree, {P: edit("  relation: bản thân", "\trelation: bản thân")})
    assert f"{P}:27:1: lỗi: Lỗi cú pháp YAML: dòng này thụt lề bằng phím Tab. YAML chỉ chấp nhận " \
        "dấu cách; hãy thay Tab bằng 2 dấu cách." in lines


def test_an_unclosed_quote_points_where_it_opened(make_tree) -> None:
    text = edit(SUMMARY, 'summary: "Đi đầu trồng tiêu hữu cơ, hướng dẫn nhiều hộ cùng làm.')
    lines = check_lines(make_tree, {P: text})
    assert f"{P}:15:10: lỗi: Lỗi cú pháp YAML: có dấu nháy (\" hoặc ') được mở ở đây mà chưa " \
        "đóng. Hãy thêm dấu nháy đóng cùng loại ở cuối giá trị." in lines


# ---- values written the way people write them -----------------------------------------

def test_a_list_written_as_a_sentence_is_a_list(make_tree) -> None:
    e = _record(make_tree, edit("fields: [kinh tế]", "fields: kinh tế, văn hóa; xã hội"))
    assert e.fields == ("kinh-te", "van-hoa", "xa-hoi")


def test_a_sentence_list_names_the_one_bad_item(make_tree) -> None:
    assert check_lines(make_tree, {P: edit("fields: [kinh tế]", "fields: kinh tế, kinh doanh")}) == [
        f"{P}:9:9: lỗi: fields: giá trị 'kinh doanh' không hợp lệ, cần một trong các giá trị "
        "'Kinh tế', 'Văn hóa', 'Xã hội', 'Quốc phòng', 'An ninh', 'Giáo dục', 'Y tế', 'Môi trường'."]


def test_free_text_lists_keep_their_commas(make_tree) -> None:
    e = _record(make_tree, edit("role: Nông dân trồng tiêu\n",
                                "role: Nông dân trồng tiêu\nachievements: Hiến đất, làm đường\n"))
    assert e.achievements == ("Hiến đất, làm đường",)


def test_a_date_without_leading_zeros_is_accepted(make_tree) -> None:
    text = edit("received: 05/04/2021", "received: 5/4/2021")
    assert _record(make_tree, edit("date: 02/04/2021", "date: 2/4/2021", text)).received.isoformat() \
        == "2021-04-05"


# ---- names where ids are expected ------------------------------------------------------

def test_the_unit_written_by_its_name_is_the_folders_unit(make_tree) -> None:
    # Xã Xuân Đường is also the name of the commune merged in 2025: the folder settles it.
    assert _record(make_tree, edit("unit: xuan-duong", "unit: Xã Xuân Đường")).unit == "xuan-duong"
    assert _record(make_tree, edit("unit: xuan-duong", "unit: xuân đường")).unit == "xuan-duong"


def test_a_shared_unit_name_outside_its_folder_lists_the_ids(make_tree) -> None:
    assert check_lines(make_tree, {P: edit("unit: xuan-duong", "unit: Xã Sông Ray")}) == [
        f"{P}:7:7: lỗi: unit: 'Xã Sông Ray' là tên của 2 đơn vị; hãy ghi mã của đơn vị đúng: "
        "'song-ray' (Xã Sông Ray, đến 30/06/2025) hoặc 'song-ray-2025' (Xã Sông Ray, từ "
        "01/07/2025)."]


def test_a_unit_name_of_another_folder_says_which_folder(make_tree) -> None:
    assert check_lines(make_tree, {P: edit("unit: xuan-duong", "unit: Xã Lâm San")}) == [
        f"{P}:7:7: lỗi: unit: 'lam-san' khác thư mục chứa tệp 'exemplars/xuan-duong/'. Hãy sửa "
        "thành unit: xuan-duong hoặc chuyển tệp sang thư mục exemplars/lam-san/."]


def test_a_misspelt_unit_name_suggests_the_id(make_tree) -> None:
    assert check_lines(make_tree, {P: edit("unit: xuan-duong", "unit: Xã Lâm Sơnn")}) == [
        f"{P}:7:7: lỗi: unit: giá trị 'Xã Lâm Sơnn' không hợp lệ, cần một mã có trong "
        "exemplars/units.yaml (có phải ý bạn là 'lam-san' (Xã Lâm San, đến 30/06/2025)?)."]


def test_movements_written_by_name(make_tree) -> None:
    text = edit("movements: [nong-thon-moi]", "movements: [nông thôn mới, Toàn dân đoàn kết xây "
                "dựng đời sống văn hóa]")
    assert _record(make_tree, text).movements == ("nong-thon-moi", "doi-song-van-hoa")
    text = edit("movements: [nong-thon-moi]",
                "movements: Toàn tỉnh chung sức xây dựng nông thôn mới")
    assert _record(make_tree, text).movements == ("nong-thon-moi",)


def test_a_misspelt_movement_name_suggests_the_id(make_tree) -> None:
    text = edit("movements: [nong-thon-moi]", "movements: [nông thôn mớii]")
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:10:13: lỗi: movements[1]: giá trị 'nông thôn mớii' không hợp lệ, cần một mã có trong "
        "content/phong-trao/ (có phải ý bạn là 'nong-thon-moi' (Toàn tỉnh chung sức xây dựng nông "
        "thôn mới)?)."]


# ---- blocks left out ------------------------------------------------------------------

def test_a_missing_required_field(make_tree) -> None:
    assert check_lines(make_tree, {P: edit(SUMMARY + "\n", "")}) == [
        f"{P}:2:1: lỗi: summary: thiếu trường bắt buộc 'summary' (Trích ngang thành tích: một đến "
        "ba câu ngắn. Ví dụ: summary: Đi đầu chuyển đổi cây trồng, giúp 12 hộ thoát nghèo.)."]


def test_consent_left_out_for_an_individual(make_tree) -> None:
    assert check_lines(make_tree, {P: GOOD.split("consent:")[0]}) == [
        f"{P}:2:1: lỗi: consent: chưa có sự đồng ý công bố (bắt buộc với cá nhân và hộ gia đình): "
        "thêm nhóm consent gồm by (người đồng ý), date (ngày đồng ý) và scope (văn bản và/hoặc "
        "ảnh), xem mẫu exemplars/mau-ho-so.yaml."]


def test_consent_with_nothing_under_it_is_an_error_at_its_line(make_tree) -> None:
    assert check_lines(make_tree, {P: GOOD.split("consent:")[0] + "consent:\n"}) == [
        f"{P}:25:1: lỗi: consent: chưa có sự đồng ý công bố (bắt buộc với cá nhân và hộ gia đình): "
        "nhóm consent đang trống. Hãy ghi by, date và scope bên dưới, mỗi dòng thụt lề 2 dấu cách "
        "(xem mẫu exemplars/mau-ho-so.yaml)."]


# ---- two profiles of one person -------------------------------------------------------

SECOND = "exemplars/xuan-duong/tran-thi-mai-2.yaml"
TWIN = edit("id: dh-2021-xd-09", "id: dh-2021-xd-10")


def _twin_warning(why: str, on: str = P, other: str = SECOND) -> str:
    return (f"{on}:4:1: cảnh báo: name: hồ sơ này và {other} có vẻ là cùng một người (cùng tên "
            f"'Trần Thị Mai', đơn vị xuan-duong, {why}). Nếu đúng, hãy gộp thành một hồ sơ và xóa "
            "tệp còn lại; nếu là hai người khác nhau, hãy ghi năm sinh (birth_year) hoặc ấp "
            "(hamlet) để phân biệt.")


def test_same_name_unit_and_birth_year(make_tree) -> None:
    twin = edit("quarter: 2021-Q2", "quarter: 2022-Q1", edit("received: 05/04/2021\n", "", TWIN))
    twin = edit("name: Trần Thị Mai", "name: trần  thị mai", twin)  # case and spaces do not hide it
    twin = edit("status: published", "status: draft", twin)  # the copy being added
    lines = check_lines(make_tree, {P: GOOD, SECOND: twin})
    assert lines == [_twin_warning("năm sinh 1975", SECOND, P).replace("'Trần Thị Mai'",
                                                                      "'trần  thị mai'")]


def test_same_name_unit_and_quarter_without_birth_years(make_tree) -> None:
    one = edit("birth_year: 1975\n", "")
    two = edit("id: dh-2021-xd-09", "id: dh-2021-xd-10", one)
    assert check_lines(make_tree, {P: one, SECOND: two}) == [_twin_warning("quý 2/2021")]


def test_a_different_birth_year_or_hamlet_means_two_people(make_tree) -> None:
    other_year = edit("birth_year: 1975", "birth_year: 1990", TWIN)
    assert check_lines(make_tree, {P: GOOD, SECOND: other_year}) == []
    other_hamlet = edit("hamlet: ấp Suối Râm", "hamlet: ấp 3", TWIN)
    assert check_lines(make_tree, {P: GOOD, SECOND: other_hamlet}) == []


def test_names_differing_in_accents_are_two_people(make_tree) -> None:
    other = edit("name: Trần Thị Mai", "name: Trần Thị Mải", TWIN)
    assert check_lines(make_tree, {P: GOOD, SECOND: other}) == []
