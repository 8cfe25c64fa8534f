"""Nothing is silently skipped: YAML in a place the check never reads, and pages MkDocs drops."""
from __future__ import annotations

import pytest

from test_check_base import GOOD, PROFILE, check_lines

P = PROFILE


@pytest.mark.parametrize("name,expected", [
    ("exemplars/le-van-an.yaml", "lỗi: Tệp 'le-van-an.yaml' nằm ngay trong exemplars/ nên không "
     "được đọc: hồ sơ phải đặt trong thư mục của đơn vị, exemplars/<mã đơn vị>/le-van-an.yaml."),
    ("exemplars/xuan-duong/Le-Van-An.YAML", "lỗi: Tệp 'Le-Van-An.YAML' có đuôi .YAML nên không "
     "được đọc: hãy đổi tên thành 'le-van-an.yaml'."),
    ("exemplars/xuan-duong/le-van-an.Yml", "lỗi: Tệp 'le-van-an.Yml' có đuôi .Yml nên không được "
     "đọc: hãy đổi tên thành 'le-van-an.yaml'."),
    ("exemplars/xuan-duong/cu/le-van-an.yaml", "lỗi: Tệp 'le-van-an.yaml' nằm trong thư mục con nên "
     "không được đọc: hãy chuyển tệp lên exemplars/<mã đơn vị>/ (exemplars/xuan-duong/le-van-an.yaml)."),
    ("exemplars/xuan-duong/index.yaml", "lỗi: Tệp 'index.yaml' không được dùng làm hồ sơ: tên "
     "'index' trùng trang mục lục của trang web. Hãy đặt tên tệp theo tên người hoặc tập thể, ví dụ "
     "'nguyen-van-an.yaml'."),
    ("exemplars/vocab/phong-trao.yml", "lỗi: Tệp 'phong-trao.yml' nằm trong exemplars/vocab/ nên "
     "không được đọc như hồ sơ: hồ sơ đặt trong exemplars/<mã đơn vị>/."),
    ("exemplars/schema/le-van-an.yaml", "lỗi: Tệp 'le-van-an.yaml' nằm trong exemplars/schema/ nên "
     "không được đọc như hồ sơ: hồ sơ đặt trong exemplars/<mã đơn vị>/."),
])
def test_yaml_in_an_unexpected_place_is_an_error(make_tree, name: str, expected: str) -> None:
    lines = check_lines(make_tree, {P: GOOD, name: GOOD.replace("Trần Thị Mai", "Lê Văn An")})
    assert f"{name}:1:1: {expected}" in lines
    assert [line for line in lines if name not in line and "/cu:" not in line] == []


def test_index_yaml_is_not_read_as_a_profile(make_tree) -> None:
    from showcase.validate.check import check_content
    root = make_tree({P: GOOD, "exemplars/xuan-duong/index.yaml": GOOD})
    content, _ = check_content(root)
    assert [e.source for e in content.exemplars] == [P]


@pytest.mark.parametrize("name,expected", [
    ("content/.nhap.md", "Trang này không được đăng: MkDocs bỏ qua tệp và thư mục có tên bắt đầu "
     "bằng dấu chấm ('.nhap.md'). Hãy đổi tên bỏ dấu chấm đầu, hoặc xóa tệp nếu không cần."),
    ("content/hoat-dong/.cu/bai-viet.md", "Trang này không được đăng: MkDocs bỏ qua tệp và thư mục "
     "có tên bắt đầu bằng dấu chấm ('.cu'). Hãy đổi tên bỏ dấu chấm đầu, hoặc xóa tệp nếu không cần."),
    ("content/templates/bai-viet.md", "Trang này không được đăng: MkDocs bỏ qua thư mục "
     "content/templates/. Hãy chuyển trang sang thư mục khác."),
])
def test_a_page_mkdocs_would_drop_is_reported(make_tree, name: str, expected: str) -> None:
    page = "---\ntitle: Bài viết\n---\nNội dung.\n"
    lines = check_lines(make_tree, {P: GOOD, name: page})
    assert lines == [f"{name}:1:1: lỗi: {expected}"]
