"""A link to a missing file stops the strict build: the check reports it first, at its line."""
from __future__ import annotations

from test_check_base import GOOD, PROFILE, check_lines
from test_check_photos import image_bytes

PAGE = "content/gioi-thieu/bai-viet.md"
HEAD = "---\ntitle: Bài viết\n---\n"


def missing(line: int, col: int, target: str, inside: str) -> str:
    return (f"{PAGE}:{line}:{col}: lỗi: nội dung: liên kết tới tệp '{target}' nhưng không có tệp "
            f"content/{inside}. Hãy thêm tệp đó hoặc sửa liên kết: bản dựng dừng lại khi có liên kết hỏng.")


def test_links_to_missing_files_are_errors_at_their_line(make_tree) -> None:
    body = ("Ảnh hoạt động:\n\n![Buổi họp](anh-hop.png)\n\nXem [biên bản](../tai-lieu/bien-ban.pdf#trang-2)"
            " và [kế hoạch][kh].\n\n[kh]: ke-hoach.pdf\n")
    assert check_lines(make_tree, {PROFILE: GOOD, PAGE: HEAD + body}) == [
        missing(6, 13, "anh-hop.png", "gioi-thieu/anh-hop.png"),
        missing(8, 16, "../tai-lieu/bien-ban.pdf#trang-2", "tai-lieu/bien-ban.pdf"),
        missing(10, 7, "ke-hoach.pdf", "gioi-thieu/ke-hoach.pdf")]


def test_links_that_resolve_or_are_not_files_pass(make_tree) -> None:
    body = ("![Buổi họp](anh-hop.png) [trang](../index.md) [hồ sơ](../dien-hinh/tran-thi-mai/) "
            "[báo](https://baodongnai.com.vn/a.html) [đầu trang](#dau)\n\n"
            "Ví dụ cú pháp: `![mô tả](anh.jpg)`\n\n```\n![mô tả](anh-khac.jpg)\n```\n")
    files = {PROFILE: GOOD, PAGE: HEAD + body, "content/gioi-thieu/anh-hop.png": image_bytes("PNG")}
    assert check_lines(make_tree, files) == []
