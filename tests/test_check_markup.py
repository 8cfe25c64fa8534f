"""Markdown active content, symlinks anywhere, and files the check would otherwise skip."""
from __future__ import annotations

import os

import pytest

from showcase.validate.check import check_content
from test_check_base import PROFILE, STORY_LINE, check_lines, edit

P = PROFILE
ADVICE = "Hãy xóa phần mã này; chỉ viết chữ, liên kết và ảnh bằng Markdown."

ACTIVE = [
    ("<script>alert(1)</script>", "thẻ <script>", "<script"),
    ('<img src="x.jpg" onerror="alert(1)">', "thuộc tính sự kiện (onclick, onerror...)", "onerror="),
    ("[bấm vào đây](javascript:alert(1))", "liên kết 'javascript:'", "javascript:"),
    ("<a href='JaVaScRiPt:x'>xem</a>", "liên kết 'javascript:'", "JaVaScRiPt:"),
    ('<iframe src="https://example.com"></iframe>', "thẻ nhúng (<iframe>, <object>, <style>)", "<iframe"),
]


@pytest.mark.parametrize("html,what,snippet", ACTIVE, ids=[a[2] for a in ACTIVE])
def test_active_content_in_a_story(make_tree, html: str, what: str, snippet: str) -> None:
    line = f"Bà hướng dẫn bà con. {html}"
    text = edit("  Bà hướng dẫn kỹ thuật cho bà con trong ấp.", "  " + line)
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:{STORY_LINE + 2}:{3 + line.index(snippet)}: lỗi: story: không được dùng {what} "
        f"trong nội dung ('{snippet}'). {ADVICE}"]


def test_active_content_in_a_hand_written_page(make_tree) -> None:
    page = "---\ntitle: Giới thiệu\n---\n\n# Giới thiệu\n\nXin chào <script src=x></script>\n"
    assert check_lines(make_tree, {"content/gioi-thieu.md": page}) == [
        f"content/gioi-thieu.md:7:10: lỗi: nội dung: không được dùng thẻ <script> trong nội dung "
        f"('<script'). {ADVICE}"]


def test_plain_markdown_passes(make_tree) -> None:
    story = "  **Bà Mai** có [trang riêng](https://example.com) và ![vườn](vuon.jpg): 3 ha tiêu."
    text = edit("  Bà hướng dẫn kỹ thuật cho bà con trong ấp.", story)
    assert check_lines(make_tree, {P: text}) == []


SYMLINK = ("lỗi: Liên kết tượng trưng (symlink) không được phép trong content/ và exemplars/: hãy "
           "thay bằng tệp thật.")


def test_symlinks_anywhere_are_refused_and_never_read(make_tree, tmp_path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("<script>bí mật</script>\n", encoding="utf-8")
    root = make_tree({P: edit("status: published", "status: published")})
    os.symlink(secret, root / "content/bi-mat.md")
    os.symlink(tmp_path, root / "exemplars/xuan-duong/thu-muc")
    os.symlink(root / P, root / "exemplars/xuan-duong/ban-sao.yaml")
    _, problems = check_content(root)
    lines = problems.render().splitlines()
    assert f"content/bi-mat.md:1:1: {SYMLINK}" in lines
    assert f"exemplars/xuan-duong/thu-muc:1:1: {SYMLINK}" in lines
    assert f"exemplars/xuan-duong/ban-sao.yaml:1:1: {SYMLINK}" in lines
    assert not any("bí mật" in line or "<script" in line for line in lines)


@pytest.mark.parametrize("name,expected", [
    ("le-van-an.yml", "lỗi: Tệp 'le-van-an.yml' có đuôi .yml nên không được đọc: hãy đổi tên "
     "thành 'le-van-an.yaml'."),
    ("ghi-chu.docx", "cảnh báo: Tệp 'ghi-chu.docx' không phải hồ sơ (.yaml) hay ảnh (JPEG, PNG, "
     "WebP) nên sẽ không được dùng; hãy xóa nếu không cần."),
    ("cu/le-van-an.yaml", "lỗi: Tệp 'le-van-an.yaml' nằm trong thư mục con nên không được đọc: "
     "hãy chuyển tệp lên exemplars/<mã đơn vị>/ (exemplars/xuan-duong/le-van-an.yaml)."),
])
def test_files_the_check_would_skip_are_reported(make_tree, name: str, expected: str) -> None:
    lines = check_lines(make_tree, {P: edit("status: published", "status: published"),
                                    f"exemplars/xuan-duong/{name}": "x"})
    assert lines[-1] == f"exemplars/xuan-duong/{name}:1:1: {expected}"
