"""Hostile or odd YAML never crashes, hangs or hides: caps, anchors, depth, control characters,
and every problem of a file after a syntax error."""
from __future__ import annotations

from pathlib import Path

from showcase.core.problems import Problems
from showcase.load.documents import MAX_YAML_BYTES, load_yaml
from test_check_base import GOOD, PROFILE, STORY_LINE, check_lines, edit

P = PROFILE
ANCHOR = ("lỗi: YAML không được dùng neo '&' hay tham chiếu '*' ({}): hãy viết đầy đủ giá trị. "
          "Nếu đây là chữ, hãy đặt cả giá trị trong ngoặc kép.")
DEEP = ("lỗi: Dữ liệu lồng nhau quá sâu (quá 8 cấp). Hồ sơ chỉ cần vài cấp thụt lề: hãy viết lại "
        "theo mẫu exemplars/mau-ho-so.yaml.")
CONTROL = ("lỗi: Ký tự điều khiển vô hình U+{:04X} (thường lẫn vào khi dán từ Word, PDF hay tin "
           "nhắn). Hãy xóa ký tự này: gõ lại đoạn chữ quanh vị trí này.")


def load_lines(tmp_path: Path, text: str) -> tuple[object, list[str]]:
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    problems = Problems(tmp_path)
    doc = load_yaml(path, problems)
    return doc, problems.render().splitlines()


def billion_laughs() -> str:
    """Nine levels of nine aliases: 387 million strings once expanded."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_without_expanding(tmp_path: Path) -> None:
    doc, lines = load_lines(tmp_path, billion_laughs())
    assert lines == [f"a.yaml:{n}:4: " + ANCHOR.format("&" + name)
                     for n, name in enumerate("abcdefghi", 1)]
    assert doc.data["b"] == [None] * 9  # an alias is never expanded into a copy


def test_alias_in_a_profile_is_refused_at_its_line(make_tree) -> None:
    text = edit("fields: [kinh tế]", "fields: &f [kinh tế]")
    text = edit("movements: [nong-thon-moi]", "movements: *f", text)
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:9:9: " + ANCHOR.format("&f"),
        f"{P}:10:12: " + ANCHOR.format("*f")]


def test_bold_markdown_in_a_story_is_not_an_alias(make_tree) -> None:
    text = edit("  Bà Mai trồng tiêu", "  **Bà Mai** trồng tiêu")
    assert check_lines(make_tree, {P: text}) == []


def test_ten_thousand_levels_of_nesting(tmp_path: Path) -> None:
    # libyaml's C composer recurses: near 100,000 levels it would crash the whole process.
    for depth in (400, 1_500, 10_000, 120_000):  # 400: composed, cut by the converter
        doc, lines = load_lines(tmp_path, "story: " + "[" * depth + "]" * depth + "\n")
        assert lines == ["a.yaml:1:15: " + DEEP]
        assert (doc is None) == (depth > 400)


def test_block_nesting_beyond_the_limit(tmp_path: Path) -> None:
    doc, lines = load_lines(tmp_path, "awards:\n" + "".join(
        "  " * i + f"- k{i}:\n" for i in range(1, 9)) + "  " * 9 + "x: 1\n")
    assert lines == ["a.yaml:5:11: " + DEEP]  # awards, its list, k1, its list ... k4: level 9
    assert doc is not None and "awards" in doc.data


def test_compact_sequence_ten_thousand_deep(tmp_path: Path) -> None:
    doc, lines = load_lines(tmp_path, "a:\n  " + "- " * 10_000 + "x\n")
    assert (doc, lines) == (None, ["a.yaml:2:17: " + DEEP])


def test_file_over_the_size_cap(make_tree) -> None:
    story = "  Bà Mai trồng tiêu. " * (MAX_YAML_BYTES // 20)
    text = edit("  Bà Mai trồng tiêu theo hướng hữu cơ từ năm 2015.", story)
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:1:1: lỗi: Tệp quá lớn ({len(text.encode()) // 1024} KB, tối đa 256 KB). Hãy rút gọn "
        "nội dung hoặc chia thành nhiều tệp."]


def test_story_over_the_length_cap(make_tree) -> None:
    story = "  " + "Bà Mai trồng tiêu. " * 1100
    text = edit("  Bà Mai trồng tiêu theo hướng hữu cơ từ năm 2015.", story)
    length = len(story[2:] + "\n\nBà hướng dẫn kỹ thuật cho bà con trong ấp.")
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:16:8: lỗi: story: dài {length} ký tự, tối đa 20000. Hãy viết ngắn gọn hơn."]


def test_control_characters_at_their_line_and_column(make_tree) -> None:
    text = edit("role: Nông dân trồng tiêu", "role: Nông dân\x07 trồng tiêu")
    text = edit("  Bà hướng dẫn", "  Bà hướng\x1b dẫn", text)
    text = edit("name: Trần Thị Mai", "name: Trần\u2028Thị Mai", text)
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:4:11: " + CONTROL.format(0x2028),
        f"{P}:13:15: " + CONTROL.format(0x7),
        f"{P}:{STORY_LINE + 2}:11: " + CONTROL.format(0x1B)]


def test_a_fifo_named_yaml_does_not_block(make_tree) -> None:
    import os
    root = make_tree({P: GOOD})
    os.mkfifo(root / "exemplars/xuan-duong/ong-ba.yaml")
    from showcase.validate.check import check_content
    _, problems = check_content(root)
    assert problems.render().splitlines() == [
        "exemplars/xuan-duong/ong-ba.yaml:1:1: lỗi: Không đọc được tệp (không phải tệp thường). "
        "Hãy thay bằng một tệp văn bản."]


# ---- one bad field never hides the others ---------------------------------------------------

def test_syntax_error_does_not_hide_the_rest_of_the_file(make_tree) -> None:
    text = edit("status: published", "status:published")  # line 3
    text = edit("role: Nông dân trồng tiêu", "role: 'Nông dân trồng tiêu", text)  # line 13
    text = edit("  Bà hướng dẫn kỹ thuật", "  Gọi 0912 345 678. Bà hướng dẫn kỹ thuật", text)
    text = edit("birth_year: 1975", "birth_year: 19755", text)
    lines = check_lines(make_tree, {P: text})
    assert [line.split(": lỗi: ")[0] for line in lines] == [
        f"{P}:3:1", f"{P}:13:7", f"{P}:14:13", f"{P}:{STORY_LINE + 2}:7"]
    assert "Lỗi cú pháp YAML: thiếu dấu cách sau dấu hai chấm" in lines[0]
    assert "Lỗi cú pháp YAML: có dấu nháy" in lines[1]
    assert lines[2] == (f"{P}:14:13: lỗi: birth_year: giá trị '19755' không hợp lệ, cần một năm "
                        "gồm 4 chữ số, ví dụ 1978 (chỉ ghi năm).")
    assert "số điện thoại" in lines[3]


def test_indentation_error_does_not_hide_missing_consent(make_tree) -> None:
    text = edit("    year: 2020", "   year: 2020")  # awards misaligned, line 22
    text = text[: text.index("consent:")]  # and no consent at all
    lines = check_lines(make_tree, {P: text})
    assert [line.split(": ")[0] for line in lines] == [f"{P}:2:1", f"{P}:22:4"]
    assert "consent" in lines[0] and "Lỗi cú pháp YAML: thụt lề không thẳng hàng" in lines[1]


def test_invalid_unit_does_not_stop_consent_privacy_and_photo_checks(make_tree) -> None:
    text = edit("unit: xuan-duong", "unit: xa-khong-co")  # line 7
    text = edit("hamlet: ấp Suối Râm", "hamlet: ấp Suối Râm, ĐT 0912 345 678", text)  # line 8
    text += "photos:\n  - file: khong-co.jpg\n    alt: Bà Mai\n"  # line 31; scope has no 'ảnh'
    lines = check_lines(make_tree, {P: text})
    assert [line.split(": ")[0] for line in lines if ": lỗi: " in line] == [
        f"{P}:7:7", f"{P}:8:9", f"{P}:31:11"]
    assert lines[-1] == (f"{P}:31:11: lỗi: photos[1].file: ảnh có người chỉ được đăng khi "
                         "consent.scope có 'ảnh'. Hãy bổ sung sự đồng ý hoặc ghi person: false nếu "
                         "ảnh không có người.")


def test_a_published_profile_with_a_syntax_error_is_not_called_deleted(make_tree) -> None:
    from test_check_history import git
    from showcase.validate.check import check_content
    root = make_tree({P: GOOD})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Công bố hồ sơ")
    (root / P).write_text(edit("status: published", "status:published"), encoding="utf-8")
    lines = check_content(root, base="HEAD")[1].render().splitlines()
    assert [line.split(": lỗi: ")[0] for line in lines] == [f"{P}:3:1"]  # the slip, nothing else
