"""A hostile corpus through `showcase check`, on real files: each case is refused at its line.

Classes, not a list of known attacks: active tags, event attributes, every URL form
(inline, reference, autolink, attr_list, raw HTML) with schemes hidden by case, entities,
tabs and backslashes, resources from other hosts, and invisible format characters.
"""
from __future__ import annotations

import pytest

from test_check_base import PROFILE, STORY_LINE, check_lines, edit

P = PROFILE
LINE = STORY_LINE + 2  # the story line the cases replace
ADVICE = "Hãy xóa phần mã này; chỉ viết chữ, liên kết và ảnh bằng Markdown."
REMOTE = ("không được dùng ảnh hay tệp từ trang khác ('{}'): mỗi lần có người xem, trình duyệt "
          "của họ sẽ gửi yêu cầu tới máy chủ đó. Hãy đặt ảnh vào kho, cùng thư mục với tệp này, "
          "và ghi tên tệp, ví dụ ![mô tả ảnh](ten-anh.jpg).")


def refused(what: str, snippet: str) -> str:
    return f"không được dùng {what} trong nội dung ('{snippet}'). {ADVICE}"


def scheme(name: str, snippet: str) -> str:
    return refused(f"liên kết '{name}:'", snippet)


EVENT = "thuộc tính sự kiện (onclick, onerror...)"
EMBED = "thẻ nhúng (<iframe>, <object>, <style>)"

# (Markdown written in a story, the text where the message points, the message)
MARKDOWN = [
    ("<script>alert(1)</script>", "<script", refused("thẻ <script>", "<script")),
    ("<SCRIPT SRC=x.js></SCRIPT>", "<SCRIPT", refused("thẻ <script>", "<SCRIPT")),
    ('<img src="a.jpg" onerror="alert(1)">', "onerror", refused(EVENT, "onerror=")),
    ("<img src=a.jpg OnError=alert(1)//>", "OnError", refused(EVENT, "OnError=")),
    ('<details open ontoggle="alert(1)">x</details>', "ontoggle", refused(EVENT, "ontoggle=")),
    ("[xem](javascript:alert(1))", "javascript", scheme("javascript", "javascript:")),
    ("[xem](JaVaScRiPt:alert(1))", "JaVaScRiPt", scheme("javascript", "JaVaScRiPt:")),
    ("[xem](<javascript:alert(1)>)", "javascript", scheme("javascript", "javascript:")),
    ("[xem](java&#x09;script&#58;alert(1))", "java&", scheme("javascript", "java&#x09;script&#58;")),
    ('<a href="&#106;avascript:alert(1)">xem</a>', "&#106;", scheme("javascript", "&#106;avascript:")),
    ("<a href='  JAVASCRIPT:alert(1)'>xem</a>", "  JAVA", scheme("javascript", "  JAVASCRIPT:")),
    ('<a href="java&Tab;script:alert(1)">xem</a>', "java&", scheme("javascript", "java&Tab;script:")),
    ("<javascript:alert(1)>", "javascript", scheme("javascript", "javascript:")),
    ('<a href="vbscript:msgbox(1)">xem</a>', "vbscript", scheme("vbscript", "vbscript:")),
    ("[tệp](data:text/html;base64,PHNjcmlwdD4=)", "data:", scheme("data", "data:")),
    ("![ảnh](data:image/svg+xml;base64,PHN2Zz4=)", "data:", scheme("data", "data:")),
    ("Chữ đậm{: onclick=\"alert(1)\" }", "onclick", refused(EVENT, "onclick=")),
    ("[xem](trang.md){: href=\"javascript:alert(1)\" }", "javascript", scheme("javascript", "javascript:")),
    ("<svg onload=alert(1)>", "<svg", refused("thẻ <svg>", "<svg")),
    ("<svg/onload=alert(1)>", "<svg", refused("thẻ <svg>", "<svg")),
    ("<script src=x.js", "<script", refused("thẻ <script>", "<script")),  # left open: still a tag
    ("<scr<script>ipt>alert(1)", "<scr", refused("thẻ <scr<script>", "<scr<script")),
    ("<math><mi>x</mi></math>", "<math", refused("thẻ <math>", "<math")),
    ('<base href="https://ke-xau.example/">', "<base", refused("thẻ <base>", "<base")),
    ('<meta http-equiv="refresh" content="0;url=https://ke-xau.example">', "<meta",
     refused("thẻ <meta>", "<meta")),
    ('<link rel="stylesheet" href="https://ke-xau.example/a.css">', "<link", refused("thẻ <link>", "<link")),
    ('<form action="https://ke-xau.example/">', "<form", refused("thẻ <form>", "<form")),
    ('<input name="mat-khau">', "<input", refused("thẻ <input>", "<input")),
    ("<style>@import url(https://ke-xau.example/a.css);</style>", "<style", refused(EMBED, "<style")),
    ('<iframe src="https://ke-xau.example"></iframe>', "<iframe", refused(EMBED, "<iframe")),
    ('<object data="a.swf"></object>', "<object", refused(EMBED, "<object")),
    ('<embed src="a.swf">', "<embed", refused(EMBED, "<embed")),
    ('<p style="background:url(https://ke-xau.example/a.png)">x</p>', "style",
     refused("thuộc tính style có url(…) hay @import", "style=")),
    ('<span style="position:fixed;top:0">x</span>', "style", refused("thuộc tính 'style'", "style=")),
    ('<video poster="https://ke-xau.example/a.jpg"></video>', "<video", refused("thẻ <video>", "<video")),
    ('<img src="https://ke-xau.example/a.jpg" alt="ảnh">', "https", REMOTE.format("https://ke-xau.example/a.jpg")),
    ("![vườn](https://ke-xau.example/a.jpg)", "https", REMOTE.format("https://ke-xau.example/a.jpg")),
    ("![vườn](//ke-xau.example/a.jpg)", "//", REMOTE.format("//ke-xau.example/a.jpg")),
    ("![vườn](HTTP://KE-XAU.EXAMPLE/A.JPG)", "HTTP", REMOTE.format("HTTP://KE-XAU.EXAMPLE/A.JPG")),
    ('<a href="https://vi.wikipedia.org" title="x" data-x="1">xem</a>', "data-x",
     refused("thuộc tính 'data-x'", "data-x=")),
    ("Anh <Sông Ray> kể", "<Sông", refused("thẻ <sông>", "<Sông")),
]


@pytest.mark.parametrize("markdown,at,message", MARKDOWN, ids=[m[0][:30] for m in MARKDOWN])
def test_refused_markdown_in_a_story(make_tree, markdown: str, at: str, message: str) -> None:
    line = f"Bà kể: {markdown}"
    text = edit("  Bà hướng dẫn kỹ thuật cho bà con trong ấp.", "  " + line)
    assert f"{P}:{LINE}:{3 + line.index(at)}: lỗi: story: {message}" in check_lines(make_tree, {P: text})


def test_reference_link_is_read_through_its_definition(make_tree) -> None:
    story = "  Xem [trang][r] và ảnh ![vườn][v].\n\n  [r]: javascript:alert(1)\n  [v]: https://ke-xau.example/v.jpg"
    lines = check_lines(make_tree, {P: edit("  Bà hướng dẫn kỹ thuật cho bà con trong ấp.", story)})
    assert f"{P}:{LINE + 2}:8: lỗi: story: {scheme('javascript', 'javascript:')}" in lines
    assert f"{P}:{LINE + 3}:8: lỗi: story: {REMOTE.format('https://ke-xau.example/v.jpg')}" in lines


def test_tel_link_other_than_the_office_is_refused(make_tree) -> None:
    story = "  Gọi [tổ trưởng](tel:+84-28-3822-0000)."
    lines = check_lines(make_tree, {P: edit("  Bà hướng dẫn kỹ thuật cho bà con trong ấp.", story)})
    assert (f"{P}:{LINE}:19: lỗi: story: liên kết 'tel:' chỉ dùng cho số điện thoại liên hệ của cơ "
            "quan quản lý ('tel:+84-28-3822-0000'). Không công bố số điện thoại cá nhân; hãy xóa "
            "liên kết này.") in lines


def test_code_and_allowed_markup_pass(make_tree) -> None:
    story = ("  Ghi `<script>` trong mã, <https://vi.wikipedia.org>,\n"
             "  <strong>đậm</strong>, a < b & c, 3 <4, {{ 7*7 }} và ![vườn](vuon.jpg){: width=\"300\" }.")
    assert check_lines(make_tree, {P: edit("  Bà hướng dẫn kỹ thuật cho bà con trong ấp.", story)}) == []


# ---- plain text fields: escaped where shown, but script-like text is refused --------------

PLAIN = "Hãy viết chữ thường, không có thẻ HTML hay liên kết 'javascript:'."


@pytest.mark.parametrize("old,new,line,field,snippet", [
    ("name: Trần Thị Mai", 'name: "<script>alert(1)</script>"', 4, "name", "<script"),
    ("name: Trần Thị Mai", 'name: "# Mai\\n<script>alert(1)</script>"', 4, "name", "<script"),
    ("summary: Đi đầu trồng tiêu hữu cơ, hướng dẫn nhiều hộ cùng làm.",
     'summary: "<img src=x onerror=alert(1)> Đi đầu."', 15, "summary", "<img"),
    ("hamlet: ấp Suối Râm", 'hamlet: "<svg onload=alert(1)>"', 8, "hamlet", "<svg"),
    ("role: Nông dân trồng tiêu", "role: javascript:alert(1)", 13, "role", "javascript:"),
    ("    decision: 1234/QĐ-UBND", '    decision: "<iframe src=x>"', 23, "awards[1].decision", "<iframe"),
    ("  by: Trần Thị Mai", "  by: <base href=//ke-xau.example>", 26, "consent.by", "<base"),
])
def test_script_in_a_plain_field(make_tree, old: str, new: str, line: int, field: str, snippet: str) -> None:
    column = len(new) - len(new.split(": ", 1)[1]) + 1
    lines = check_lines(make_tree, {P: edit(old, new)})
    assert f"{P}:{line}:{column}: lỗi: {field}: trường chữ không được chứa mã ('{snippet}'). {PLAIN}" in lines


def test_script_in_page_front_matter(make_tree) -> None:
    page = ('---\ntitle: "<script>alert(1)</script>"\ndescription: "<meta http-equiv=refresh>"\n---\n\n'
            "Xin chào.\n")
    lines = check_lines(make_tree, {"content/gioi-thieu.md": page})
    assert (f"content/gioi-thieu.md:2:8: lỗi: title: trường chữ không được chứa mã ('<script'). {PLAIN}"
            in lines)
    assert (f"content/gioi-thieu.md:3:14: lỗi: description: trường chữ không được chứa mã ('<meta'). "
            f"{PLAIN}" in lines)


def test_refused_markdown_in_a_hand_written_page_and_post(make_tree) -> None:
    page = "---\ntitle: Giới thiệu\n---\n\n# Giới thiệu\n\nẢnh ![x](https://ke-xau.example/a.png)\n"
    post = ('---\ntitle: Tọa đàm\ndate: 01/06/2021\n---\n\nNội dung.\n\n'
            '<a href="javascript:alert(1)">xem</a>\n')
    lines = check_lines(make_tree, {"content/gioi-thieu.md": page, "content/hoat-dong/2021-06-toa-dam.md": post})
    assert (f"content/gioi-thieu.md:7:10: lỗi: nội dung: {REMOTE.format('https://ke-xau.example/a.png')}"
            in lines)
    assert (f"content/hoat-dong/2021-06-toa-dam.md:8:10: lỗi: nội dung: "
            f"{scheme('javascript', 'javascript:')}" in lines)


# ---- invisible format characters ------------------------------------------------------------

INVISIBLE = ("có ký tự vô hình U+{:04X} (định dạng, đổi chiều chữ hay gạch nối mềm; thường lẫn vào "
             "khi dán từ Word, PDF hay tin nhắn): chữ hiện ra có thể khác chữ được lưu. Hãy xóa ký "
             "tự này: gõ lại đoạn chữ quanh vị trí này.")


@pytest.mark.parametrize("old,new,line,column,field,char", [
    ("name: Trần Thị Mai", "name: Trần \u202eiaM ịhT", 4, 7, "name", 0x202E),
    ("name: Trần Thị Mai", "name: Trần\u2066 Thị Mai", 4, 7, "name", 0x2066),
    ("id: dh-2021-xd-09", "id: dh-2021\u200b-xd-09", 2, 5, "id", 0x200B),
    ("summary: Đi đầu", "summary: Đi\u00adđầu", 15, 10, "summary", 0x00AD),
    ("  Bà hướng dẫn kỹ thuật", "  Bà hướng\ufeff dẫn kỹ thuật", LINE, 11, "story", 0xFEFF),
    ("  Bà hướng dẫn kỹ thuật", "  Bà hướng dẫn\u200f kỹ thuật", LINE, 15, "story", 0x200F),
])
def test_invisible_characters(make_tree, old: str, new: str, line: int, column: int, field: str,
                              char: int) -> None:
    lines = check_lines(make_tree, {P: edit(old, new)})
    assert f"{P}:{line}:{column}: lỗi: {field}: {INVISIBLE.format(char)}" in lines


def test_invisible_character_in_a_page_body(make_tree) -> None:
    page = "---\ntitle: Giới thiệu\n---\n\nXin chào \u202ebà con.\n"
    lines = check_lines(make_tree, {"content/gioi-thieu.md": page})
    assert f"content/gioi-thieu.md:5:10: lỗi: nội dung: {INVISIBLE.format(0x202E)}" in lines


def test_the_office_number_is_the_only_tel_link(tmp_path) -> None:
    from showcase.validate.markup import office_tel, sanitize_html, url_problem
    (tmp_path / "mkdocs.yml").write_text("extra:\n  showcase:\n    contact: 0251 3880 000\n", encoding="utf-8")
    tel = office_tel(tmp_path)
    assert tel == "0251 3880 000"
    assert url_problem("tel:0251-3880-000", False, tel) is None
    assert url_problem("tel:0912345678", False, tel) == "tel"
    assert url_problem("tel:0251-3880-000", False, "") == "tel"  # an e-mail contact: no tel: at all
    assert 'href="tel:0251-3880-000"' in sanitize_html('<a href="tel:0251-3880-000">gọi</a>', tel)
    assert "href" not in sanitize_html('<a href="tel:0912345678">gọi</a>', tel)
    # the office's own phone, where the footer and the request page take it from, comes first
    (tmp_path / "mkdocs.yml").write_text("extra:\n  showcase:\n    contact: a@b.vn\n    office:\n"
                                         "      phone: 0251 3000 000\n", encoding="utf-8")
    assert office_tel(tmp_path) == "0251 3000 000"
