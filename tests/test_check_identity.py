"""Identity: immutable ids, ASCII slugs, collisions naming both files, aliases, tombstones."""
from __future__ import annotations

from showcase.catalog import make_catalog
from showcase.core.settings import load_settings
from showcase.validate.check import check_content
from test_check_base import GOOD, PROFILE, check_lines, edit

P = PROFILE
OTHER = "exemplars/song-ray/tran-thi-mai.yaml"
IN_SONG_RAY = edit("unit: xuan-duong", "unit: song-ray", edit("dh-2021-xd-09", "dh-2021-sr-01"))


def test_id_is_required(make_tree) -> None:
    assert check_lines(make_tree, {P: edit("id: dh-2021-xd-09\n", "")}) == [
        f"{P}:2:1: lỗi: id: thiếu trường bắt buộc 'id' (Mã hồ sơ cố định, không bao giờ đổi (chữ "
        "thường, số, gạch nối). Ví dụ: id: dh-2021-xd-01)."]


def test_id_must_be_a_plain_code(make_tree) -> None:
    assert check_lines(make_tree, {P: edit("id: dh-2021-xd-09", "id: ĐH 2021 Xuân Đường")}) == [
        f"{P}:2:5: lỗi: id: giá trị 'ĐH 2021 Xuân Đường' không hợp lệ, cần chữ thường không dấu, "
        "số và dấu gạch nối, ví dụ 'dh-2021-xuan-duong'."]


def test_duplicate_id_names_both_files(make_tree) -> None:
    other = "exemplars/xuan-duong/le-van-an.yaml"
    assert check_lines(make_tree, {P: GOOD, other: GOOD}) == [
        f"{P}:1:1: lỗi: id: mã 'dh-2021-xd-09' đã dùng cho hồ sơ {other}. Mỗi hồ sơ cần một mã "
        "riêng; hãy đổi mã của hồ sơ MỚI (không đổi mã của hồ sơ đã công bố)."]


def test_slug_collision_across_units_names_both_files(make_tree) -> None:
    assert check_lines(make_tree, {P: GOOD, OTHER: IN_SONG_RAY}) == [
        f"{P}:1:1: lỗi: slug: đường dẫn 'tran-thi-mai' trùng với hồ sơ {OTHER}. Hãy đổi tên tệp "
        f"{P} thành 'tran-thi-mai-2.yaml' (hoặc thêm một chữ để phân biệt)."]


def test_file_name_with_diacritics_gets_a_suggested_slug(make_tree) -> None:
    path = "exemplars/xuan-duong/Trần Thị Mai.yaml"
    assert check_lines(make_tree, {path: GOOD}) == [
        f"{path}:1:1: lỗi: Tên tệp 'Trần Thị Mai.yaml' phải viết không dấu, chữ thường, nối bằng "
        "gạch ngang: hãy đổi thành 'tran-thi-mai.yaml'."]


def test_slug_is_ascii_with_d_for_dj(make_tree) -> None:
    path = "exemplars/xuan-duong/dang-van-duc.yaml"
    text = edit("name: Trần Thị Mai", "name: Đặng Văn Đức")
    content, problems = check_content(make_tree({path: edit("by: Trần Thị Mai", "by: Đặng Văn Đức", text)}))
    assert problems.render() == "" and content.exemplars[0].slug == "dang-van-duc"


def test_slug_must_match_the_file_name(make_tree) -> None:
    text = edit("status: published", "status: published\nslug: tran-thi-mai-xd")
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:4:7: lỗi: slug: 'tran-thi-mai-xd' phải trùng tên tệp 'tran-thi-mai' (hoặc đổi tên "
        "tệp thành 'tran-thi-mai-xd.yaml')."]


def test_aliases_keep_old_urls(make_tree) -> None:
    text = edit("status: published", "status: published\naliases: [tran-thi-mal, tran-mai]")
    content, problems = check_content(make_tree({P: text}))
    assert problems.render() == ""
    assert content.exemplars[0].aliases == ("tran-thi-mal", "tran-mai")


def test_alias_must_be_a_slug(make_tree) -> None:
    text = edit("status: published", "status: published\naliases: [Trần Thị Mal]")
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:4:11: lỗi: aliases[1]: giá trị 'Trần Thị Mal' không hợp lệ, cần chữ thường không "
        "dấu, số và dấu gạch nối, ví dụ 'tran-thi-mal'."]


def test_alias_colliding_with_another_profile(make_tree) -> None:
    text = edit("status: published", "status: published\naliases: [tran-thi-mai]", IN_SONG_RAY)
    other = "exemplars/song-ray/tran-thi-may.yaml"
    assert check_lines(make_tree, {P: GOOD, other: text}) == [
        f"{P}:1:1: lỗi: slug: đường dẫn 'tran-thi-mai' trùng với hồ sơ {other}. Hãy đổi tên tệp "
        f"{P} thành 'tran-thi-mai-2.yaml' (hoặc thêm một chữ để phân biệt)."]


TOMBSTONE = "# Đã rút theo đề nghị.\nid: dh-2021-xd-09\nstatus: withdrawn\nwithdrawn: 01/03/2026\n"


def test_withdrawn_profile_is_a_tombstone(make_tree) -> None:
    root = make_tree({P: TOMBSTONE})
    content, problems = check_content(root)
    assert problems.render() == ""
    catalog = make_catalog(content, load_settings(root))
    assert catalog.exemplars == () and [t.slug for t in catalog.tombstones] == ["tran-thi-mai"]


def test_withdrawn_profile_still_holding_personal_data(make_tree) -> None:
    text = edit("status: published", "status: withdrawn\nwithdrawn: 01/03/2026")
    (line,) = check_lines(make_tree, {P: text})
    assert line == (
        f"{P}:5:1: lỗi: name: hồ sơ đã rút (status: withdrawn) chỉ được giữ id, status, withdrawn "
        "(và slug, aliases, unit, quarter). Hãy xóa các trường: name, subject, category, hamlet, "
        "fields, movements, received, role, birth_year, summary, story, awards, consent; và xóa "
        "ảnh của hồ sơ khỏi thư mục.")


def test_withdrawn_needs_its_date(make_tree) -> None:
    assert check_lines(make_tree, {P: TOMBSTONE.replace("withdrawn: 01/03/2026\n", "")}) == [
        f"{P}:2:1: lỗi: withdrawn: hồ sơ đã rút cần ghi ngày rút, ví dụ withdrawn: 01/03/2026."]


def test_drafts_are_checked_but_never_catalogued(make_tree) -> None:
    root = make_tree({P: edit("status: published", "status: draft")})
    content, problems = check_content(root)
    assert problems.render() == "" and len(content.exemplars) == 1
    assert make_catalog(content, load_settings(root)).exemplars == ()


def test_photos_of_a_withdrawn_profile_must_be_removed(make_tree) -> None:
    files = {P: TOMBSTONE, "exemplars/xuan-duong/tran-thi-mai.jpg": b"x",
             "exemplars/xuan-duong/vuon-tieu.jpg": b"x"}
    assert check_lines(make_tree, files) == [
        "exemplars/xuan-duong/tran-thi-mai.jpg:1:1: lỗi: Ảnh 'tran-thi-mai.jpg' thuộc hồ sơ đã rút "
        "'tran-thi-mai': hãy xóa tệp ảnh này khỏi kho (người được giới thiệu đã rút sự đồng ý).",
        "exemplars/xuan-duong/vuon-tieu.jpg:1:1: cảnh báo: Ảnh 'vuon-tieu.jpg' không được hồ sơ nào "
        "dùng. Nếu là ảnh của hồ sơ đã rút hoặc không dùng nữa, hãy xóa tệp này khỏi kho."]
