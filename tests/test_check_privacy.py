"""Privacy: consent, minors, and personal data refused in keys and in every text field."""
from __future__ import annotations

import pytest

from showcase.validate.check import check_content
from test_check_base import PROFILE, STORY_LINE, check_lines, edit

P = PROFILE
CONSENT = "consent:\n  by: Trần Thị Mai\n  relation: bản thân\n  date: 02/04/2021\n  scope: [văn bản]\n"
REMOVE = "Hãy xóa thông tin này trước khi công bố."


@pytest.mark.parametrize("subject", ["cá nhân", "hộ gia đình"])
def test_consent_required_for_people_and_households(make_tree, subject: str) -> None:
    text = edit(CONSENT, "", edit("subject: cá nhân", f"subject: {subject}"))
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:2:1: lỗi: consent: chưa có sự đồng ý công bố (bắt buộc với cá nhân và hộ gia "
        "đình): thêm nhóm consent gồm by (người đồng ý), date (ngày đồng ý) và scope (văn bản và/hoặc ảnh), xem "
        "mẫu exemplars/mau-ho-so.yaml."]


def test_collective_needs_no_personal_consent(make_tree) -> None:
    text = edit(CONSENT, "", edit("subject: cá nhân", "subject: tập thể"))
    assert check_lines(make_tree, {P: text}) == []


def test_consent_needs_who_when_and_scope(make_tree) -> None:
    text = edit("  date: 02/04/2021\n  scope: [văn bản]\n", "")
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:26:3: lỗi: consent.date: thiếu trường bắt buộc 'date' (Ngày đồng ý (dd/mm/yyyy). "
        "Ví dụ: date: 02/04/2021).",
        f"{P}:26:3: lỗi: consent.scope: thiếu trường bắt buộc 'scope' (Phạm vi đồng ý: 'văn bản' "
        "(tên và thành tích) và/hoặc 'ảnh'. Ví dụ: scope: [văn bản, ảnh])."]


def test_under_16_needs_a_parent_or_guardian(make_tree) -> None:
    text = edit("birth_year: 1975", "birth_year: 2015")
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:27:13: lỗi: consent.relation: người được giới thiệu dưới 16 tuổi (sinh năm 2015) nên "
        "cần sự đồng ý của cha mẹ hoặc người giám hộ: ghi relation: cha mẹ (hoặc người giám hộ)."]


def test_under_16_with_a_parents_consent(make_tree) -> None:
    text = edit("relation: bản thân", "relation: mẹ", edit("birth_year: 1975", "birth_year: 2015"))
    assert check_lines(make_tree, {P: text}) == []


def test_withdrawn_consent_on_a_published_profile(make_tree) -> None:
    text = edit("  scope: [văn bản]\n", "  scope: [văn bản]\n  withdrawn: 01/03/2026\n")
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:30:14: lỗi: consent.withdrawn: người được giới thiệu đã rút lại sự đồng ý; hãy đổi "
        "status: withdrawn và xóa thông tin."]


@pytest.mark.parametrize("key,kind", [
    ("cccd", "số căn cước/CMND"), ("so_dien_thoai", "số điện thoại"), ("phone", "số điện thoại"),
    ("dân tộc", "dân tộc"), ("religion", "tôn giáo"), ("sức khỏe", "tình trạng sức khỏe"),
    ("dia_chi", "địa chỉ chính xác"), ("ngày sinh", "ngày sinh đầy đủ"),
])
def test_forbidden_keys(make_tree, key: str, kind: str) -> None:
    text = edit("hamlet: ấp Suối Râm", f"hamlet: ấp Suối Râm\n{key}: x")
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:9:1: lỗi: {key}: không được lưu {kind} (dữ liệu cá nhân không công bố theo Luật Bảo "
        "vệ dữ liệu cá nhân). Hãy xóa dòng này."]


def test_forbidden_key_nested_in_consent(make_tree) -> None:
    text = edit("  relation: bản thân", "  relation: bản thân\n  cmnd: '271234567'")
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:28:3: lỗi: consent.cmnd: không được lưu số căn cước/CMND (dữ liệu cá nhân không công "
        "bố theo Luật Bảo vệ dữ liệu cá nhân). Hãy xóa dòng này."]


TEXT_CASES = [
    ("0912345678", "có số điện thoại"), ("0912 345 678", "có số điện thoại"),
    ("0383.456.789", "có số điện thoại"), ("+84 912345678", "có số điện thoại"),
    ("079123456789", "có dãy 9 hoặc 12 chữ số giống số CMND/CCCD"),
    ("271234567", "có dãy 9 hoặc 12 chữ số giống số CMND/CCCD"),
    ("số nhà 45", "có số nhà hoặc địa chỉ chính xác (chỉ ghi ấp, khu phố)"),
    ("12/3 hẻm", "có số nhà hoặc địa chỉ chính xác (chỉ ghi ấp, khu phố)"),
    ("dân tộc Chơ Ro", "có thông tin về dân tộc (dữ liệu cá nhân nhạy cảm)"),
    ("theo đạo", "có thông tin về tôn giáo (dữ liệu cá nhân nhạy cảm)"),
    ("mắc bệnh", "có thông tin về sức khỏe, khuyết tật (dữ liệu cá nhân nhạy cảm)"),
]


@pytest.mark.parametrize("found,reason", TEXT_CASES, ids=[c[0] for c in TEXT_CASES])
def test_personal_data_inside_a_story_gives_its_line(make_tree, found: str, reason: str) -> None:
    sentence = f"Bà hướng dẫn kỹ thuật cho bà con, {found} giáo xứ."
    text = edit("  Bà hướng dẫn kỹ thuật cho bà con trong ấp.", "  " + sentence)
    col = 3 + sentence.index(found)
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:{STORY_LINE + 2}:{col}: lỗi: story: nội dung {reason} ('{found}'). {REMOVE}"]


@pytest.mark.parametrize("old,new,where,line", [
    ("summary: Đi đầu", "summary: Gọi 0912345678. Đi đầu", "summary", 15),
    ("role: Nông dân trồng tiêu", "role: Nông dân, ĐT 0912345678", "role", 13),
    ("by: Trần Thị Mai", "by: Trần Thị Mai 0912345678", "consent.by", 26),
    ("awards:", "achievements:\n  - Hiến đất\n  - Liên hệ 0912345678\nawards:", "achievements[2]", 22),
    ("awards:", "sources: [Lời kể của ông Tư, ĐT 0912345678]\nawards:", "sources[2]", 20),
])
def test_every_text_field_is_scanned(make_tree, old: str, new: str, where: str, line: int) -> None:
    lines = check_lines(make_tree, {P: edit(old, new)})
    assert [x.split(": lỗi: ")[1] for x in lines] == [
        f"{where}: nội dung có số điện thoại ('0912345678'). {REMOVE}"]
    assert lines[0].startswith(f"{P}:{line}:")


def test_a_story_with_a_house_number_and_a_phone_reports_both(make_tree) -> None:
    text = edit("  Bà Mai trồng tiêu", "  Nhà ở 123 đường Hùng Vương, gọi 0912345678. Bà Mai trồng tiêu")
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:{STORY_LINE}:9: lỗi: story: nội dung có số nhà hoặc địa chỉ chính xác (chỉ ghi ấp, "
        f"khu phố) ('123 đường H'). {REMOVE}",
        f"{P}:{STORY_LINE}:35: lỗi: story: nội dung có số điện thoại ('0912345678'). {REMOVE}"]


def test_ordinary_numbers_are_not_personal_data(make_tree) -> None:
    story = ("  Ngày 12/03/2021 bà nhận 1.500.000 đồng theo quyết định số 1234/QĐ-UBND; năm 2020 "
             "thu 250 triệu đồng trên 20000 m2, trồng 1500 gốc tiêu, giúp 12 hộ.")
    content, problems = check_content(make_tree({P: edit("  Bà Mai trồng tiêu theo hướng hữu cơ từ năm 2015.", story)}))
    assert problems.render() == "" and "1.500.000" in content.exemplars[0].story
