"""References: units (exist, existed at the date, match the folder), movements, awards, vocab."""
from __future__ import annotations

from test_check_base import PROFILE, check_lines, edit

P = PROFILE


def test_unknown_unit_suggests_the_closest(make_tree) -> None:
    assert check_lines(make_tree, {P: edit("unit: xuan-duong", "unit: xuan-duongg")}) == [
        f"{P}:7:7: lỗi: unit: giá trị 'xuan-duongg' không hợp lệ, cần một mã có trong "
        "exemplars/units.yaml (có phải ý bạn là 'xuan-duong' hoặc 'xuan-dong'?)."]


def test_unit_must_match_the_folder(make_tree) -> None:
    assert check_lines(make_tree, {P: edit("unit: xuan-duong", "unit: song-ray")}) == [
        f"{P}:7:7: lỗi: unit: 'song-ray' khác thư mục chứa tệp 'exemplars/xuan-duong/'. Hãy sửa "
        "thành unit: xuan-duong hoặc chuyển tệp sang thư mục exemplars/song-ray/."]


def test_unit_that_did_not_exist_yet(make_tree) -> None:
    path = "exemplars/cam-my-2025/tran-thi-mai.yaml"
    assert check_lines(make_tree, {path: edit("unit: xuan-duong", "unit: cam-my-2025")}) == [
        f"{path}:7:7: lỗi: unit: đơn vị 'Xã Cẩm Mỹ' (cam-my-2025) chỉ có từ 01/07/2025, sau ngày "
        "nhận hồ sơ 05/04/2021. Hồ sơ trước đó ghi đơn vị cũ: tt-long-giao, nhan-nghia, xuan-my, "
        "bao-binh."]


def test_unit_that_no_longer_existed(make_tree) -> None:
    path = "exemplars/long-giao/tran-thi-mai.yaml"
    text = edit("unit: xuan-duong", "unit: long-giao")
    text = edit("quarter: 2021-Q2", "quarter: 2021-Q3", text)
    text = edit("received: 05/04/2021", "received: 02/07/2021", text)
    assert check_lines(make_tree, {path: text}) == [
        f"{path}:7:7: lỗi: unit: đơn vị 'Xã Long Giao' (long-giao) đã kết thúc ngày 30/06/2021, "
        "trước ngày nhận hồ sơ 02/07/2021. Hồ sơ mới hãy ghi đơn vị kế thừa (tt-long-giao) và đặt "
        "trong thư mục của đơn vị đó."]


def test_unit_valid_on_its_last_day(make_tree) -> None:
    path = "exemplars/long-giao/tran-thi-mai.yaml"
    text = edit("unit: xuan-duong", "unit: long-giao")
    assert check_lines(make_tree, {path: edit("05/04/2021", "30/06/2021", text)}) == []


def test_submission_date_defaults_to_the_quarter(make_tree) -> None:
    path = "exemplars/tt-long-giao/tran-thi-mai.yaml"
    text = edit("received: 05/04/2021\n", "", edit("unit: xuan-duong", "unit: tt-long-giao"))
    assert check_lines(make_tree, {path: text}) == [
        f"{path}:7:7: lỗi: unit: đơn vị 'Thị trấn Long Giao' (tt-long-giao) chỉ có từ 01/07/2021, "
        "sau ngày nhận hồ sơ 01/04/2021. Hồ sơ trước đó ghi đơn vị cũ: long-giao."]


def test_unknown_movement(make_tree) -> None:
    text = edit("movements: [nong-thon-moi]", "movements: [nong-thon-moi, nong-thon-moii]")
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:10:28: lỗi: movements[2]: giá trị 'nong-thon-moii' không hợp lệ, cần một mã có trong "
        "content/phong-trao/ (có phải ý bạn là 'nong-thon-moi'?)."]


def test_a_single_movement_is_a_list_of_one(make_tree) -> None:
    from showcase.validate.check import check_content
    content, problems = check_content(make_tree({P: edit("[nong-thon-moi]", "nong-thon-moi")}))
    assert problems.render() == "" and content.exemplars[0].movements == ("nong-thon-moi",)


def test_award_outside_the_vocabulary(make_tree) -> None:
    text = edit("Giấy khen của Chủ tịch UBND huyện", "Giấy khen Chủ tịch huyện")
    (line,) = check_lines(make_tree, {P: text})
    assert line.startswith(
        f"{P}:21:11: lỗi: awards[1].name: giá trị 'Giấy khen Chủ tịch huyện' không hợp lệ, cần "
        "'Giấy khen của Chủ tịch UBND huyện' (gần giống nhất); các giá trị được dùng: ")
    assert line.endswith("(và 19 mục khác trong exemplars/vocab/awards.yaml).")


def test_vocabulary_accepts_id_label_alias_any_case_or_accents(make_tree) -> None:
    from showcase.validate.check import check_content
    text = edit("subject: cá nhân", "subject: CA NHAN")
    text = edit("fields: [kinh tế]", "fields: [kinh-te, Văn hóa, an ninh trật tự]", text)
    text = edit("category: điển hình tiên tiến", "category: người tốt việc tốt", text)
    content, problems = check_content(make_tree({P: text}))
    assert problems.render() == ""
    e = content.exemplars[0]
    assert (e.subject, e.category, e.fields) == ("ca-nhan", "nguoi-tot-viec-tot",
                                                 ("kinh-te", "van-hoa", "an-ninh"))


def test_missing_required_and_unknown_keys(make_tree) -> None:
    text = edit("summary: Đi đầu trồng tiêu hữu cơ, hướng dẫn nhiều hộ cùng làm.\n", "")
    text = edit("hamlet: ấp Suối Râm", "hamlett: ấp Suối Râm", text)
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:2:1: lỗi: summary: thiếu trường bắt buộc 'summary' (Trích ngang thành tích: một "
        "đến ba câu ngắn. Ví dụ: summary: Đi đầu chuyển đổi cây trồng, giúp 12 hộ thoát nghèo.).",
        f"{P}:8:1: cảnh báo: hamlett: khóa lạ 'hamlett' sẽ bị bỏ qua; có phải ý bạn là 'hamlet'?"]


def test_suspicious_dates_are_warnings(make_tree) -> None:
    text = edit("received: 05/04/2021", "received: 05/07/2021")
    text = edit("  date: 02/04/2021", "  date: 10/07/2021", text)
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:12:11: cảnh báo: received: ngày nhận 05/07/2021 không thuộc Quý II/2021 (quarter). "
        "Hãy kiểm tra lại quý hoặc ngày.",
        f"{P}:28:9: cảnh báo: consent.date: ngày đồng ý 10/07/2021 sau ngày nhận hồ sơ 05/07/2021; "
        "sự đồng ý cần có trước khi nộp hồ sơ."]
