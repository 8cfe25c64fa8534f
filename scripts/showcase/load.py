"""Stage 1, load: bytes → text (UTF-8, NFC) → YAML values that remember their lines.

Every scalar stays a string: the schema, not YAML's implicit typing, decides
what `no`, `0912345678`, `1.10` or `2024-03-05` mean.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problems
from .vi import looks_like_legacy_encoding, nfc

try:  # libyaml is eight times faster on 10,000 files and still gives marks
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - wheels ship libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]
Mark = tuple[int, int]
_NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass
class Doc:
    """A parsed YAML document: plain values plus the line/column of each value."""

    path: Path
    data: Any
    marks: dict[Path_, Mark] = field(default_factory=dict)
    line_offset: int = 0

    def mark(self, *keys: str | int) -> Mark:
        """The closest known position for a value, falling back to its parents."""
        k: Path_ = tuple(keys)
        while k and k not in self.marks:
            k = k[:-1]
        line, col = self.marks.get(k, (1, 1))
        return line + self.line_offset, col

    def key_mark(self, *keys: str | int) -> Mark:
        line, col = self.marks.get((*keys, "\0key"), self.mark(*keys))
        return (line + self.line_offset, col) if (*keys, "\0key") in self.marks else (line, col)


def read_text(path: Path, problems: Problems) -> str | None:
    """UTF-8 (BOM allowed), CRLF → LF, NFC; reports and returns None when unusable."""
    raw = path.read_bytes()
    if not raw.strip():
        problems.error(path, (1, 1), "Tệp rỗng: hãy điền nội dung hoặc xóa tệp này.")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(path, (line, 1),
                       "Tệp không được lưu theo mã UTF-8 (có thể là Windows-1258 hoặc TCVN3). "
                       "Hãy mở tệp và lưu lại với mã hóa 'UTF-8'.")
        return None
    text = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    for n, line_text in enumerate(text.split("\n"), 1):
        if looks_like_legacy_encoding(line_text):
            problems.error(path, (n, 1),
                           f"Dòng chữ có vẻ gõ bằng bảng mã cũ TCVN3/VNI (\"{line_text.strip()[:40]}\"). "
                           "Hãy chuyển sang Unicode (ví dụ dùng công cụ chuyển mã của Unikey) rồi dán lại.")
    return text


def parse_yaml(path: Path, text: str, problems: Problems, line_offset: int = 0) -> Doc | None:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        line, col = _error_mark(exc)
        problems.error(path, (line + line_offset, col), explain_yaml_error(exc, text))
        return None
    doc = Doc(path, None, {}, line_offset)
    if node is None:
        problems.error(path, (1 + line_offset, 1), "Tệp không có dữ liệu YAML nào.")
        return None
    doc.data = _convert(node, (), doc, problems)
    return doc


def load_yaml(path: Path, problems: Problems) -> Doc | None:
    text = read_text(path, problems)
    return None if text is None else parse_yaml(path, text, problems)


_FRONT = re.compile(r"\A---\n(.*?\n)---\n?", re.S)


def load_markdown(path: Path, problems: Problems) -> tuple[Doc | None, str, int]:
    """Front matter (as a Doc) and body of a Markdown file, with the body's first line."""
    text = read_text(path, problems)
    if text is None:
        return None, "", 1
    m = _FRONT.match(text)
    if not m:
        return Doc(path, {}, {}), text, 1
    doc = parse_yaml(path, m.group(1), problems, line_offset=1)
    body_line = m.group(0).count("\n") + 1
    return doc, text[m.end():], body_line


def _mark(node: yaml.Node) -> Mark:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _convert(node: yaml.Node, at: Path_, doc: Doc, problems: Problems) -> Any:
    doc.marks[at] = _mark(node)
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:null" or (node.style is None and node.value in _NULLS):
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*at, i), doc, problems) for i, item in enumerate(node.value)]
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
        if key in out:
            first = doc.marks[(*at, key, "\0key")]
            problems.error(doc.path, (_mark(key_node)[0] + doc.line_offset, _mark(key_node)[1]),
                           f"{_dotted((*at, key))}: khóa '{key}' bị lặp lại (đã có ở dòng "
                           f"{first[0] + doc.line_offset}). Hãy giữ một dòng và xóa dòng còn lại.")
            continue
        doc.marks[(*at, key, "\0key")] = _mark(key_node)
        out[key] = _convert(value_node, (*at, key), doc, problems)
    return out


def _dotted(at: Path_) -> str:
    out = ""
    for k in at:
        out += f"[{k + 1}]" if isinstance(k, int) else (f".{k}" if out else str(k))
    return out


dotted = _dotted


def _error_mark(exc: yaml.YAMLError) -> Mark:
    # An unclosed quote is found at the end of the file; point at where it opened.
    opened = "quoted scalar" in str(getattr(exc, "context", "") or "")
    first = getattr(exc, "context_mark" if opened else "problem_mark", None)
    mark = first or getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def explain_yaml_error(exc: yaml.YAMLError, text: str) -> str:
    """Turn libyaml's English into advice for the usual slips of hand-typed YAML."""
    problem = str(getattr(exc, "problem", "") or exc)
    context = str(getattr(exc, "context", "") or "")
    line_no = _error_mark(exc)[0]
    lines = text.split("\n")
    line = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
    if "\t" in problem or "'\\t'" in problem or "tab" in problem.lower() or line.startswith("\t") \
            or re.match(r"^ *\t", line):
        return ("Lỗi cú pháp YAML: dòng này thụt lề bằng phím Tab. "
                "YAML chỉ chấp nhận dấu cách; hãy thay Tab bằng 2 dấu cách.")
    if "quoted scalar" in context or "end of stream" in problem and ('"' in text or "'" in text):
        return ("Lỗi cú pháp YAML: có dấu nháy (\" hoặc ') được mở mà chưa đóng. "
                "Hãy thêm dấu nháy đóng ở cuối giá trị.")
    if "mapping values are not allowed" in problem and _indented_more(lines, line_no):
        return ("Lỗi cú pháp YAML: dòng này thụt lề sâu hơn dòng trên. Các khóa cùng cấp phải "
                "bắt đầu ở cùng một cột; hãy xóa bớt dấu cách ở đầu dòng.")
    if "mapping values are not allowed" in problem:
        return ("Lỗi cú pháp YAML: giá trị có dấu hai chấm ':' mà không đặt trong ngoặc kép. "
                "Hãy viết cả giá trị trong ngoặc kép, ví dụ: summary: \"Kết quả: đạt loại xuất sắc\".")
    if "could not find expected ':'" in problem or "simple key" in context:
        return ("Lỗi cú pháp YAML: thiếu dấu cách sau dấu hai chấm, hoặc thiếu dấu hai chấm. "
                "Hãy viết theo dạng 'khóa: giá trị' (có một dấu cách sau ':').")
    if "expected <block end>" in problem or "indentation" in problem:
        return ("Lỗi cú pháp YAML: thụt lề không thẳng hàng. Các khóa cùng cấp phải bắt đầu "
                "ở cùng một cột, thụt lề bằng dấu cách.")
    return f"Lỗi cú pháp YAML: {problem} ({context}). Hãy kiểm tra dòng này và dòng ngay trên nó."


def _indented_more(lines: list[str], line_no: int) -> bool:
    """True when a 'key: value' line is indented deeper than the non-empty line above."""
    if not 1 < line_no <= len(lines):
        return False
    here = lines[line_no - 1]
    above = next((x for x in reversed(lines[: line_no - 1]) if x.strip()), "")
    indent = lambda s: len(s) - len(s.lstrip(" "))  # noqa: E731
    return indent(here) > indent(above) and not above.rstrip().endswith(":")
