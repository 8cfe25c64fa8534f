"""Units, vocabularies, movements, pages and posts are checked like profiles."""
from __future__ import annotations

from pathlib import Path

from test_check_base import GOOD, PROFILE, check_lines

ROOT = Path(__file__).resolve().parent.parent
UNITS = (ROOT / "exemplars/units.yaml").read_text(encoding="utf-8")
NEW_UNITS = """
- id: xa-moi
  name: Xã Mới
  kind: xã
  valid_from: 01/07/2025
  valid_to: 30/06/2025
- id: xa-cu
  name: Xã Cũ
  kind: xã
  successor: [xa-moi, xa-moii]
- id: xa-moi
  name: Xã Mới (trùng)
  kind: xã
"""


def unit_line(text: str, needle: str) -> int:
    return text.splitlines().index(needle) + 1


def test_units_registry_problems(make_tree) -> None:
    units = UNITS + NEW_UNITS
    lines = check_lines(make_tree, {"exemplars/units.yaml": units, PROFILE: GOOD})
    n = len(UNITS.splitlines())
    u = "exemplars/units.yaml"
    assert lines == [
        f"{u}:{n + 6}:13: lỗi: [{_count(UNITS) + 1}].valid_to: đơn vị 'xa-moi' kết thúc (30/06/2025) "
        "trước khi bắt đầu (01/07/2025); hãy kiểm tra lại hai ngày này.",
        f"{u}:{n + 10}:14: lỗi: [{_count(UNITS) + 2}].successor: đơn vị 'xa-cu' có đơn vị kế thừa nên "
        "cần valid_to (ngày cuối cùng tồn tại).",
        f"{u}:{n + 10}:23: lỗi: [{_count(UNITS) + 2}].successor[2]: giá trị 'xa-moii' không hợp lệ, cần "
        "một mã có trong exemplars/units.yaml (có phải ý bạn là 'xa-moi'?).",
        f"{u}:{n + 11}:7: lỗi: [{_count(UNITS) + 3}].id: mã đơn vị 'xa-moi' bị trùng."]


def _count(units: str) -> int:
    return sum(1 for line in units.splitlines() if line.startswith("- id:"))


def test_vocabulary_entry_without_label(make_tree) -> None:
    vocab = "- id: kinh-te\n  label: Kinh tế\n- id: van-hoa\n"
    lines = check_lines(make_tree, {"exemplars/vocab/fields.yaml": vocab})
    assert lines == ["exemplars/vocab/fields.yaml:3:3: lỗi: Mục thứ 2 cần có 'id' và 'label'."]


MOVEMENT = "---\nid: {id}\ntitle: Phong trào thử\nlevel: {level}\n---\n\nNội dung.\n"


def test_movement_front_matter(make_tree) -> None:
    path = "content/phong-trao/phong-trao-thu.md"
    lines = check_lines(make_tree, {path: MOVEMENT.format(id="phong-trao-khac", level="thôn")})
    assert lines == [
        f"{path}:2:5: lỗi: id: 'phong-trao-khac' phải trùng tên tệp 'phong-trao-thu'.",
        f"{path}:4:8: lỗi: level: giá trị 'thôn' không hợp lệ, cần một trong các giá trị "
        "'Trung ương', 'Tỉnh', 'Huyện', 'Xã'."]


def test_post_citing_an_unknown_profile_and_holding_a_phone(make_tree) -> None:
    post = ("---\ntitle: Tọa đàm\ndate: 09/06/2021\nexemplars: [dh-2021-xd-09, dh-2021-xd-99]\n---\n\n"
            "Liên hệ ban tổ chức: 0912 345 678.\n")
    path = "content/hoat-dong/2021-06-09-toa-dam.md"
    assert check_lines(make_tree, {PROFILE: GOOD, path: post}) == [
        f"{path}:4:28: lỗi: exemplars[2]: giá trị 'dh-2021-xd-99' không hợp lệ, cần một mã có trong "
        "trường id của các hồ sơ đã công bố (status: published) trong exemplars/.",
        f"{path}:7:22: lỗi: nội dung: có số điện thoại ('0912 345 678'). Hãy xóa thông tin này trước "
        "khi công bố."]


def test_post_citing_a_draft_profile(make_tree) -> None:
    post = "---\ntitle: Tọa đàm\ndate: 09/06/2021\nexemplars: [dh-2021-xd-09]\n---\n\nNội dung.\n"
    path = "content/hoat-dong/2021-06-09-toa-dam.md"
    draft = GOOD.replace("status: published", "status: draft")
    assert check_lines(make_tree, {PROFILE: draft, path: post}) == [
        f"{path}:4:13: lỗi: exemplars[1]: giá trị 'dh-2021-xd-09' không hợp lệ, cần một mã có trong "
        "trường id của các hồ sơ đã công bố (status: published) trong exemplars/."]


def test_page_front_matter_date(make_tree) -> None:
    page = "---\ntitle: Giới thiệu\ndate: 31/13/2021\n---\n\nXin chào.\n"
    assert check_lines(make_tree, {"content/gioi-thieu.md": page}) == [
        "content/gioi-thieu.md:3:7: lỗi: date: giá trị '31/13/2021' không hợp lệ, cần một ngày dạng "
        "dd/mm/yyyy (ví dụ 05/04/2021) hoặc yyyy-mm-dd."]


def test_real_repository_content_is_clean(site_tree) -> None:
    root = site_tree({}, samples=True)
    from showcase.validate.check import check_content
    _, problems = check_content(root)
    assert problems.errors == [], problems.render()
