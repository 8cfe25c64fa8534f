"""Personal data in disguise (issue 9 §2): normalised text, names, the sensitive vocabulary,
the phrases real achievement text uses (which must pass), and consent that fell apart."""
from __future__ import annotations

import io
import unicodedata

import pytest
from PIL import Image

from showcase.validate.check import check_content
from test_check_base import GOOD, PROFILE, STORY_LINE, check_lines, edit

P = PROFILE
REMOVE = "Hãy xóa thông tin này trước khi công bố."
PHONE = "có số điện thoại"
ID9 = "có dãy 9 hoặc 12 chữ số giống số CMND/CCCD"
ID_LABEL = "có số căn cước/CMND"
EMAIL = "có địa chỉ thư điện tử"
HOUSE = "có số nhà hoặc địa chỉ chính xác (chỉ ghi ấp, khu phố)"
ETHNIC = "có thông tin về dân tộc (dữ liệu cá nhân nhạy cảm)"
RELIGION = "có thông tin về tôn giáo (dữ liệu cá nhân nhạy cảm)"
HEALTH = "có thông tin về sức khỏe, khuyết tật (dữ liệu cá nhân nhạy cảm)"
POLITICS = "có thông tin về quan điểm chính trị (dữ liệu cá nhân nhạy cảm)"
LINE = "  Bà hướng dẫn kỹ thuật cho bà con trong ấp."

# (what is written inside a sentence, what the message quotes, why)
DISGUISES = [
    ("(+84) 912 345 678", "+84) 912 345 678", PHONE),
    ("+84912345678", "+84912345678", PHONE),
    ("84-912-345-678", "84-912-345-678", PHONE),
    ("0084 912 345 678", "0084 912 345 678", PHONE),
    ("+84 (0) 912.345.678", "+84 (0) 912.345.678", PHONE),
    ("0912.345.678", "0912.345.678", PHONE),
    ("091-234-5678", "091-234-5678", PHONE),
    ("0 9 1 2 3 4 5 6 7 8", "0 9 1 2 3 4 5 6 7 8", PHONE),
    ("０９１２３４５６７８", "０９１２３４５６７８", PHONE),  # fullwidth digits
    ("0912\u200b345\u2060678", "0912\u200b345\u2060678", PHONE),  # zero-width characters
    ("0912\u2013345\u2013678", "0912\u2013345\u2013678", PHONE),  # en dashes
    ("(0251) 3822 123", "0251) 3822 123", PHONE),  # an 11-digit landline
    ("0168 123 4567", "0168 123 4567", PHONE),  # an old 11-digit mobile
    ("CCCD 079 123 456 789", "079 123 456 789", ID_LABEL),
    ("căn cước số 079.123.456.789", "079.123.456.789", ID_LABEL),
    ("CMND: 271.234.567", "271.234.567", ID_LABEL),
    ("số định danh 0791 2345 6789", "0791 2345 6789", ID_LABEL),
    ("079 123 456 789", "079 123 456 789", ID9),
    ("271 234 567", "271 234 567", ID9),
    ("nguyen.mai@gmail.com", "nguyen.mai@gmail.com", EMAIL),
    ("nguyenmai［at］gmail.com", "nguyenmai［at］gmail.com", EMAIL),
    ("nguyenmai (at) gmail (dot) com", "nguyenmai (at) gmail (dot) com", EMAIL),
    ("nhà số 12", "nhà số 12", HOUSE),
    ("so nha 45", "so nha 45", HOUSE),
    ("hẻm 12", "hẻm 12", HOUSE),
    ("kiệt 45", "kiệt 45", HOUSE),
    ("ngõ 3", "ngõ 3", HOUSE),
    ("ngách 7", "ngách 7", HOUSE),
    ("12/3B hẻm", "12/3B hẻm", HOUSE),
    ("123 đường Lê Lợi", "123 đường L", HOUSE),
    ("45 Đường Trần Phú", "45 Đường T", HOUSE),
    ("dân tộc Kinh", "dân tộc Kinh", ETHNIC),
    ("đồng bào Chăm", "đồng bào Chăm", ETHNIC),
    ("người Hoa", "người Hoa", ETHNIC),
    ("là người dân tộc", "là người dân tộc", ETHNIC),
    ("tín đồ", "tín đồ", RELIGION),
    ("đạo Cao Đài", "đạo Cao Đài", RELIGION),
    ("bị khuyết tật", "bị khuyết tật", HEALTH),
    ("nhiễm HIV", "nhiễm HIV", HEALTH),
    ("nạn nhân chất độc da cam", "nạn nhân chất độc da cam", HEALTH),
    ("tù chính trị", "tù chính trị", POLITICS),
]


@pytest.mark.parametrize("written,found,reason", DISGUISES, ids=[d[0] for d in DISGUISES])
def test_disguised_personal_data_is_found_at_its_column(make_tree, written: str, found: str,
                                                        reason: str) -> None:
    sentence = f"Bà hướng dẫn kỹ thuật cho bà con, {written}, trong ấp."
    col = 3 + sentence.index(found)
    lines = check_lines(make_tree, {P: edit(LINE, "  " + sentence)})
    mine = f"{P}:{STORY_LINE + 2}:{col}: lỗi: story: nội dung {reason} ('{found}'). {REMOVE}"
    if any(unicodedata.category(c) == "Cf" for c in written):  # also refused as invisible
        assert mine in lines and all("vô hình" in x for x in lines if x != mine), lines
    else:
        assert lines == [mine]


def test_text_typed_without_accents_is_compared_folded(make_tree) -> None:
    text = edit("role: Nông dân trồng tiêu", "role: Nong dan dan toc kinh, theo dao Phat")
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:13:7: lỗi: role: nội dung {ETHNIC} ('dan toc kinh'). {REMOVE}",
        f"{P}:13:7: lỗi: role: nội dung {RELIGION} ('theo dao'). {REMOVE}"]


def test_phrases_are_read_through_extra_spaces_and_line_breaks(make_tree) -> None:
    story = "  Bà là người dân  tộc\n  Chơ Ro, ở số  nhà 12."
    text = edit("  Bà Mai trồng tiêu theo hướng hữu cơ từ năm 2015.\n", story + "\n")
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:17:6: lỗi: story: nội dung {ETHNIC} ('là người dân  tộc'). {REMOVE}",
        f"{P}:18:13: lỗi: story: nội dung {HOUSE} ('số  nhà 12'). {REMOVE}"]


# Real achievement text: every phrase here must pass (the false-positive list).
ACHIEVEMENTS = [
    "năm 2021", "2.400 hồ sơ", "ấp 3", "quốc lộ 56", "1.000.000 đồng", "25 năm",
    "Quyết định số 1234/QĐ-UBND ngày 05/4/2021", "tổ 5 khu phố 3", "50 hộ", "12 ha",
    "hơn 3.000 cây", "150.000.000 đồng", "150000000 đồng", "1.250.000.000 đồng",
    "100.000.000.000 đồng", "giai đoạn 2016 - 2020", "các năm 2019-2020-2021",
    "từ ngày 05.04.2021 - 30.6.2021", "Kế hoạch số 45/KH-UBND ngày 12/3/2022", "20000 m2",
    "hiến 1.200 m² đất", "làm 3 đường giao thông nông thôn", "2 đường ĐT 765",
    "đường số 5 khu công nghiệp", "tỉnh lộ 765", "ấp 1, ấp 2 và ấp 3", "khu phố 4",
    "nhà văn hóa ấp 2", "giúp 12 hộ thoát nghèo", "1.500 gốc tiêu", "thu 250 triệu đồng",
    "đạt 98,5%", "SN 1975", "dh-2022-sn-01", "lập trường, quan điểm chính trị vững vàng",
    "đấu tranh với các thế lực thù địch, phản động", "giữ gìn bản sắc văn hóa dân tộc",
    "bản sắc dân tộc mang đậm", "đồng bào chăm chỉ lao động", "người kinh doanh giỏi",
    "người Thái Bình lên lập nghiệp", "đồng bào Tây Nguyên", "khối đại đoàn kết toàn dân tộc",
    "Trường Phổ thông Dân tộc nội trú", "giáo xứ Xuân Đường", "tin đó lan nhanh",
    "có đạo đức tốt", "lãnh đạo địa phương", "đường ngõ xóm sạch đẹp", "trồng ngô hai vụ",
    "cải tạo vườn tạp", "người mù chữ được xóa", "bị phạt tù", "chị Hoa", "thôn 2 xã Xuân Mỹ",
    "Bằng khen số 2345/QĐ-UBND", "mã số thuế doanh nghiệp 3600123456", "năm 2020 và 2021",
    "số tiền 12.500.000 đồng", "lúc 7 giờ 30", "1.000 lượt người", "150 suất quà",
]


def test_real_achievement_phrases_pass(make_tree) -> None:
    story = "  " + "; ".join(ACHIEVEMENTS) + "."
    content, problems = check_content(make_tree({P: edit(LINE, story)}))
    assert problems.render() == "" and "2.400 hồ sơ" in content.exemplars[0].story


def test_a_phone_in_a_file_name_is_refused(make_tree) -> None:
    path = "exemplars/xuan-duong/tran-thi-mai-0912345678.yaml"
    assert check_lines(make_tree, {path: GOOD}) == [
        f"{path}:1:1: lỗi: Tên tệp 'tran-thi-mai-0912345678.yaml' {PHONE} ('0912345678'); tên "
        "này hiện trong đường dẫn công khai. Hãy đổi tên khác."]


def test_a_slug_and_an_alias_are_names_too(make_tree) -> None:
    text = edit("status: published\n", "status: published\naliases: [mai-dan-toc-kinh]\n")
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:4:11: lỗi: aliases[1]: 'mai-dan-toc-kinh' {ETHNIC} ('dan toc kinh'); tên này hiện "
        "trong đường dẫn công khai. Hãy đổi tên khác."]


def _jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 140, 60)).save(buf, "JPEG")
    return buf.getvalue()


def _jpeg_as_png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 140, 60)).save(buf, "PNG")
    return buf.getvalue()


def test_a_phone_in_a_photo_file_name_is_refused(make_tree) -> None:
    text = edit("consent:", "photos:\n  - file: anh-0912-345-678.jpg\n    alt: Vườn tiêu\n"
                "    person: false\nconsent:")
    lines = check_lines(make_tree, {P: text, "exemplars/xuan-duong/anh-0912-345-678.jpg": _jpeg()})
    assert lines == [
        f"exemplars/xuan-duong/anh-0912-345-678.jpg:1:1: lỗi: Tên tệp 'anh-0912-345-678.jpg' {PHONE} "
        "('0912 345 678'); tên này hiện trong đường dẫn công khai. Hãy đổi tên khác (và sửa tên "
        "trong hồ sơ dùng tệp này)."]


def test_an_image_in_content_with_a_phone_in_its_name_is_refused(make_tree) -> None:
    path = "content/hoat-dong/lien-he-0912345678.png"
    assert check_lines(make_tree, {path: _jpeg_as_png()}) == [
        f"{path}:1:1: lỗi: Tên tệp 'lien-he-0912345678.png' {PHONE} ('0912345678'); tên này hiện "
        "trong đường dẫn công khai. Hãy đổi tên khác (và sửa tên trong hồ sơ dùng tệp này)."]


def test_a_page_path_is_scanned(make_tree) -> None:
    path = "content/hoat-dong/lien-he-0912345678.md"
    page = "---\ntitle: Liên hệ\n---\n\nGặp chị Mai tại số nhà 45.\n"
    assert check_lines(make_tree, {path: page}) == [
        f"{path}:1:1: lỗi: Tên tệp 'lien-he-0912345678.md' {PHONE} ('0912345678'); tên này hiện "
        "trong đường dẫn công khai. Hãy đổi tên khác.",
        f"{path}:5:17: lỗi: nội dung: {HOUSE} ('số nhà 45'). {REMOVE}"]


def test_the_sensitive_phrases_are_data(make_tree) -> None:
    """A phrase added to exemplars/vocab/sensitive.yaml is caught with no code change."""
    root = make_tree({P: edit(LINE, "  Bà từng bị sốt rét nhiều năm.")})
    assert check_content(root)[1].render() == ""
    vocab = root / "exemplars" / "vocab" / "sensitive.yaml"
    vocab.write_text(vocab.read_text(encoding="utf-8") + "    - match: marks\n"
                     "      words: [sốt rét]\n", encoding="utf-8")  # under the last category
    assert check_content(root)[1].render().splitlines() == [
        f"{P}:{STORY_LINE + 2}:14: lỗi: story: nội dung {POLITICS} ('sốt rét'). {REMOVE}"]


# ---- consent that is absent, empty or fell apart ------------------------------------------

NO_CONSENT = "consent: chưa có sự đồng ý công bố (bắt buộc với cá nhân và hộ gia đình): "
CONSENT = "consent:\n  by: Trần Thị Mai\n  relation: bản thân\n  date: 02/04/2021\n  scope: [văn bản]\n"


def test_consent_lines_without_indentation_say_there_is_no_consent(make_tree) -> None:
    flat = "consent:\nby: Trần Thị Mai\nrelation: bản thân\ndate: 02/04/2021\nscope: [văn bản]\n"
    lines = check_lines(make_tree, {P: edit(CONSENT, flat)})
    assert lines[0] == (f"{P}:25:1: lỗi: {NO_CONSENT}các dòng by, relation, date, scope bên dưới "
                        "không thụt lề nên không thuộc nhóm này. Hãy thụt lề mỗi dòng đó 2 dấu cách.")
    assert lines[1:] == [f"{P}:{n}:1: cảnh báo: {k}: khóa lạ '{k}' sẽ bị bỏ qua."
                         for n, k in ((26, "by"), (27, "relation"), (28, "date"), (29, "scope"))]


def test_no_consent_is_reported_whatever_else_is_wrong(make_tree) -> None:
    text = edit("summary: Đi đầu trồng tiêu hữu cơ, hướng dẫn nhiều hộ cùng làm.\n", "",
                edit(CONSENT, "consent:\n"))
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:2:1: lỗi: summary: thiếu trường bắt buộc 'summary' (Trích ngang thành tích: một "
        "đến ba câu ngắn. Ví dụ: summary: Đi đầu chuyển đổi cây trồng, giúp 12 hộ thoát nghèo.).",
        f"{P}:24:1: lỗi: {NO_CONSENT}nhóm consent đang trống. Hãy ghi by, date và scope bên dưới, "
        "mỗi dòng thụt lề 2 dấu cách (xem mẫu exemplars/mau-ho-so.yaml)."]


def test_a_consent_lost_to_a_syntax_error_is_not_called_missing(make_tree) -> None:
    lines = check_lines(make_tree, {P: edit("  by: Trần Thị Mai\n", "  by: Trần Thị Mai: bà\n")})
    assert lines == [f"{P}:26:19: lỗi: Lỗi cú pháp YAML: giá trị của 'by' có dấu hai chấm ':' nhưng "
                     "không đặt trong ngoặc kép. Hãy viết: by: \"Trần Thị Mai: bà\""]


def test_consent_to_photos_only_is_not_consent_to_the_text(make_tree) -> None:
    text = edit("scope: [văn bản]", "scope: [ảnh]")
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:29:10: lỗi: consent.scope: chưa có sự đồng ý công bố văn bản (tên và thành tích), nên "
        "hồ sơ không được đăng. Hãy ghi scope: [văn bản] (hoặc [văn bản, ảnh]) khi người đó đã "
        "đồng ý."]
