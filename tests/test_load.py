"""Loading: YAML slips explained in Vietnamese, duplicate keys, no retyping, encodings, NFC."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from showcase.load.documents import load_yaml
from showcase.core.problems import Problems
from showcase.validate.check import check_content
from test_check_base import GOOD, PROFILE, check_lines, edit

P = PROFILE

YAML_SLIPS = [
    ("tab", edit("status: published", "status: published\n\tsample: true"),
     f"{P}:4:1: lỗi: Lỗi cú pháp YAML: dòng này thụt lề bằng phím Tab. YAML chỉ chấp nhận dấu "
     "cách; hãy thay Tab bằng 2 dấu cách."),
    ("no space after colon", edit("status: published", "status:published"),
     f"{P}:3:1: lỗi: Lỗi cú pháp YAML: thiếu dấu cách sau dấu hai chấm, hoặc thiếu dấu hai chấm. "
     "Mỗi dòng phải có dạng 'khóa: giá trị' (một dấu cách sau ':'). Hãy viết: status: published"),
    ("unquoted colon", edit("role: Nông dân trồng tiêu", "role: Nông dân: trồng tiêu"),
     f"{P}:13:15: lỗi: Lỗi cú pháp YAML: giá trị của 'role' có dấu hai chấm ':' nhưng không đặt "
     "trong ngoặc kép. Hãy viết: role: \"Nông dân: trồng tiêu\""),
    ("unclosed double quote", edit("role: Nông dân trồng tiêu", 'role: "Nông dân trồng tiêu'),
     f"{P}:13:7: lỗi: Lỗi cú pháp YAML: có dấu nháy (\" hoặc ') được mở ở đây mà chưa đóng. "
     "Hãy thêm dấu nháy đóng cùng loại ở cuối giá trị."),
    ("unclosed single quote", edit("role: Nông dân trồng tiêu", "role: 'Nông dân trồng tiêu"),
     f"{P}:13:7: lỗi: Lỗi cú pháp YAML: có dấu nháy (\" hoặc ') được mở ở đây mà chưa đóng. "
     "Hãy thêm dấu nháy đóng cùng loại ở cuối giá trị."),
    ("unclosed bracket", edit("fields: [kinh tế]", "fields: [kinh tế"),
     f"{P}:9:9: lỗi: Lỗi cú pháp YAML: danh sách mở bằng '[' ở đây mà chưa đóng. Hãy thêm ']' "
     "ở cuối, ví dụ: fields: [kinh tế, xã hội]."),
    ("key indented deeper", edit("status: published", "status: published\n  sample: true"),
     f"{P}:4:9: lỗi: Lỗi cú pháp YAML: dòng này thụt lề sâu hơn dòng trên. Các khóa cùng cấp "
     "phải bắt đầu ở cùng một cột; hãy xóa bớt dấu cách ở đầu dòng."),
    ("list items misaligned", edit("    year: 2020", "   year: 2020"),
     f"{P}:22:4: lỗi: Lỗi cú pháp YAML: thụt lề không thẳng hàng. Các khóa cùng cấp, và các "
     "mục '- ' của cùng một danh sách, phải bắt đầu ở cùng một cột (thụt lề bằng dấu cách)."),
]


@pytest.mark.parametrize("name,text,expected", YAML_SLIPS, ids=[s[0] for s in YAML_SLIPS])
def test_yaml_slips_are_explained(make_tree, name: str, text: str, expected: str) -> None:
    assert check_lines(make_tree, {P: text}) == [expected]


def test_every_broken_file_is_reported_in_one_run(make_tree) -> None:
    other = "exemplars/xuan-duong/le-van-an.yaml"
    lines = check_lines(make_tree, {P: edit("status: published", "status:published"),
                                    other: edit("role: Nông", "role: 'Nông")})
    assert [line.split(": lỗi")[0] for line in lines] == [f"{other}:13:7", f"{P}:3:1"]


def test_duplicate_key_names_both_lines(make_tree) -> None:
    text = edit("role: Nông dân trồng tiêu", "role: Nông dân trồng tiêu\nrole: Giáo viên")
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:14:1: lỗi: role: khóa 'role' bị lặp lại (đã có ở dòng 13). "
        "Hãy giữ một dòng và xóa dòng còn lại."]


def test_duplicate_key_inside_a_list_item(make_tree) -> None:
    text = edit("    year: 2020", "    year: 2020\n    year: 2019")
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:23:5: lỗi: awards[1].year: khóa 'year' bị lặp lại (đã có ở dòng 22). "
        "Hãy giữ một dòng và xóa dòng còn lại."]


def test_scalars_are_never_retyped_by_yaml(tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    f.write_text("a: no\nb: 0912345678\nc: 1.10\nd: 2024-03-05\ne: 05/03/2024\nf: ~\ng: 'null'\n",
                 encoding="utf-8")
    doc = load_yaml(f, Problems(tmp_path))
    assert doc is not None
    assert doc.data == {"a": "no", "b": "0912345678", "c": "1.10", "d": "2024-03-05",
                        "e": "05/03/2024", "f": None, "g": "null"}


def test_schema_decides_the_types(make_tree) -> None:
    text = edit("status: published", "status: published\nsample: no")
    text = edit("received: 05/04/2021", "received: 2021-04-05", text)
    text = edit("quarter: 2021-Q2", "quarter: Quý II/2021", text)
    text = edit("decision: 1234/QĐ-UBND", "decision: 1.10", text)
    content, problems = check_content(make_tree({P: text}))
    assert problems.render() == ""
    (e,) = content.exemplars
    assert (e.sample, e.quarter, e.received.isoformat()) == (False, (2021, 2), "2021-04-05")
    assert (e.awards[0].decision, e.awards[0].date.isoformat(), e.birth_year) == (
        "1.10", "2020-12-15", 1975)


@pytest.mark.parametrize("field,value,expected", [
    ("received", "31/02/2021", "received: giá trị '31/02/2021' không hợp lệ, cần một ngày dạng "
     "dd/mm/yyyy (ví dụ 05/04/2021) hoặc yyyy-mm-dd."),
    ("quarter", "Quý 5/2021", "quarter: giá trị 'Quý 5/2021' không hợp lệ, cần một quý dạng "
     "2021-Q2 hoặc 'Quý II/2021'."),
    ("birth_year", "1.10", "birth_year: giá trị '1.10' không hợp lệ, cần một năm gồm 4 chữ số, "
     "ví dụ 1978 (chỉ ghi năm)."),
])
def test_bad_typed_values(make_tree, field: str, value: str, expected: str) -> None:
    line = next(i for i, t in enumerate(GOOD.splitlines(), 1) if t.startswith(field + ":"))
    old = next(t for t in GOOD.splitlines() if t.startswith(field + ":"))
    lines = check_lines(make_tree, {P: edit(old, f"{field}: {value}")})
    assert lines == [f"{P}:{line}:{len(field) + 3}: lỗi: {expected}"]


# ---- encodings -----------------------------------------------------------------------------

_TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 keeps tones as combining marks after a base letter."""
    out = bytearray()
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        out += (base + "".join(c for c in decomposed if c in _TONES)).encode("cp1258")
    return bytes(out)


def test_windows_1258_file(make_tree) -> None:
    data = to_cp1258(GOOD)
    assert data.decode("cp1258") != GOOD and b"\xc3" not in data
    assert check_lines(make_tree, {P: data}) == [
        f"{P}:1:1: lỗi: Tệp không được lưu theo mã UTF-8 (có thể là Windows-1258 hoặc TCVN3). "
        "Hãy mở tệp và lưu lại với mã hóa 'UTF-8'."]


@pytest.mark.parametrize("pasted", ["NguyÔn V¨n Mai", "Nguyeãn Vaên Mai", "Ñoã Thò Mai"])
def test_legacy_vietnamese_encodings_pasted_as_unicode(make_tree, pasted: str) -> None:
    text = edit("name: Trần Thị Mai", f"name: {pasted}")
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:4:1: lỗi: Dòng chữ có vẻ gõ bằng bảng mã cũ TCVN3/VNI (\"name: {pasted}\"). "
        "Hãy chuyển sang Unicode (ví dụ dùng công cụ chuyển mã của Unikey) rồi dán lại."]


def test_bom_and_crlf_are_accepted(make_tree) -> None:
    data = b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode("utf-8")
    content, problems = check_content(make_tree({P: data}))
    assert problems.render() == ""
    assert content.exemplars[0].id == "dh-2021-xd-09"
    assert "\r" not in content.exemplars[0].story


@pytest.mark.parametrize("data,message", [
    (b"", "Tệp rỗng: hãy điền nội dung hoặc xóa tệp này."),
    (b"\n  \r\n", "Tệp rỗng: hãy điền nội dung hoặc xóa tệp này."),
    ("# chỉ có chú thích\n".encode(), "Tệp không có dữ liệu YAML nào."),
])
def test_empty_file(make_tree, data: bytes, message: str) -> None:
    assert check_lines(make_tree, {P: data}) == [f"{P}:1:1: lỗi: {message}"]


def test_nfd_input_is_stored_as_nfc(make_tree) -> None:
    nfd = unicodedata.normalize("NFD", GOOD)
    assert nfd != GOOD
    content, problems = check_content(make_tree({P: nfd}))
    assert problems.render() == ""
    (e,) = content.exemplars
    assert e.name == "Trần Thị Mai" == unicodedata.normalize("NFC", e.name)
    assert unicodedata.is_normalized("NFC", e.story) and e.slug == "tran-thi-mai"
