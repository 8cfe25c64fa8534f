"""Stage 1, load: bytes → text (UTF-8, NFC) → YAML values that remember their lines.

Every scalar stays a string: the schema, not YAML's implicit typing, decides
what `no`, `0912345678`, `1.10` or `2024-03-05` mean.

Files come from anyone's pull request, so loading is bounded: a size cap, no anchors
or aliases (a "billion laughs" file), a nesting limit, control characters reported
where they are. A syntax error hides nothing else: the broken top-level block is
blanked and the rest is parsed again.
"""
from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from showcase.core.problems import Problems
from showcase.core.vi import looks_like_legacy_encoding, may_be_legacy_encoding, nfc

try:  # libyaml is eight times faster on 10,000 files and still gives marks
    from yaml import CBaseLoader as _Base
except ImportError:  # pragma: no cover - wheels ship libyaml
    from yaml import BaseLoader as _Base  # type: ignore[assignment]

_TAGS = {yaml.ScalarNode: "tag:yaml.org,2002:str", yaml.SequenceNode: "tag:yaml.org,2002:seq",
         yaml.MappingNode: "tag:yaml.org,2002:map"}


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Compose only: no tag resolution per node, since every scalar stays text (-6% time)."""

    def resolve(self, kind, value, implicit):  # noqa: D102
        return _TAGS[kind]

    def descend_resolver(self, parent, index) -> None:  # noqa: D102
        return None

    def ascend_resolver(self) -> None:  # noqa: D102
        return None

Path_ = tuple[str | int, ...]
Mark = tuple[int, int]
_NULLS = {"", "~", "null", "Null", "NULL"}

MAX_YAML_BYTES = 256 * 1024  # the largest real file (units.yaml) is 16 KB
MAX_MARKDOWN_BYTES = 512 * 1024  # hand-written pages; the guide is the largest
MAX_DEPTH = 8  # a profile nests 3 levels (awards → one award → its fields)
MAX_SYNTAX_ERRORS = 10  # re-parses after a syntax error, each with one more block blanked
# libyaml's composer recurses in C: before PyYAML 6.0.4 it crashed the process near 100,000
# levels, since then it stops at 1,000 with an English error. A text with fewer structural
# characters than this cannot nest that deep, so it needs no pre-scan.
_SAFE_STRUCTURE = 1000
# C0/C1 controls (tab and newline aside), and the separators YAML counts as line breaks
# (NEL, U+2028/9), which would shift every line number after them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_ANCHOR_HINT = re.compile(r"(?:^|[\s\[{,])[&*][^\s,\[\]{}]")  # may be an anchor or alias
_TOP_LEVEL = re.compile(r"[^\s#]")  # a line starting in column 1: a new top-level entry
_TOP_KEY = re.compile(r"""([^\s#'"\[{\-?:][^:]*?)\s*:""")
SYMLINK = ("Liên kết tượng trưng (symlink) không được phép trong content/ và exemplars/: hãy "
           "thay bằng tệp thật.")


@dataclass
class Doc:
    """A parsed YAML document: plain values plus the line/column of each value."""

    path: Path
    data: Any
    marks: dict[Path_, Mark] = field(default_factory=dict)
    line_offset: int = 0
    lines: list[str] = field(default_factory=list)  # source, to place marks inside a value
    blocks: set[Path_] = field(default_factory=set)  # values written as '|' or '>' blocks
    broken: set[Path_] = field(default_factory=set)  # top-level keys lost to a syntax error

    def mark(self, *keys: str | int) -> Mark:
        """The closest known position for a value, falling back to its parents."""
        k: Path_ = tuple(keys)
        while k and k not in self.marks:
            k = k[:-1]
        line, col = self.marks.get(k, (1, 1))
        return line + self.line_offset, col

    def inner_mark(self, at: Path_, value: str, offset: int) -> Mark:
        """Line/column of character `offset` of a block value (a story), else the value's mark."""
        if tuple(at) not in self.blocks:
            return self.mark(*at)
        line = self.marks[tuple(at)][0] + 1 + value.count("\n", 0, offset)
        source = self.lines[line - 1] if line <= len(self.lines) else ""
        indent = len(source) - len(source.lstrip(" "))
        return line + self.line_offset, indent + offset - (value.rfind("\n", 0, offset) + 1) + 1

    def key_mark(self, *keys: str | int) -> Mark:
        line, col = self.marks.get((*keys, "\0key"), self.mark(*keys))
        return (line + self.line_offset, col) if (*keys, "\0key") in self.marks else (line, col)


def read_text(path: Path, problems: Problems, max_bytes: int = MAX_YAML_BYTES) -> str | None:
    """UTF-8 (BOM allowed), CRLF → LF, NFC; reports and returns None when unusable.

    Control characters are reported and replaced by spaces, so the rest still parses."""
    raw = _read_bytes(path, problems, max_bytes)
    if raw is None:
        return None
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
    if _CONTROL.search(text):
        text = check_controls(path, text, problems)
    if may_be_legacy_encoding(text):  # rare: only then test line by line
        check_legacy_encoding(path, text, problems)
    return text


def _read_bytes(path: Path, problems: Problems, max_bytes: int) -> bytes | None:
    """A regular file's bytes, read only up to the cap: never a FIFO, a device or a link
    (reading those could block forever or never end)."""
    try:
        st = path.lstat()
        if stat.S_ISLNK(st.st_mode):
            problems.error(path, (1, 1), SYMLINK)
            return None
        if not stat.S_ISREG(st.st_mode):
            problems.error(path, (1, 1), "Không đọc được tệp (không phải tệp thường). Hãy thay "
                           "bằng một tệp văn bản.")
            return None
        with open(path, "rb") as f:
            raw = f.read(max_bytes + 1)
    except OSError as exc:  # no permission, removed meanwhile
        problems.error(path, (1, 1), f"Không đọc được tệp ({exc.strerror}). Hãy kiểm tra tệp có "
                       "tồn tại và là tệp thường.")
        return None
    if len(raw) > max_bytes:
        problems.error(path, (1, 1), f"Tệp quá lớn ({max(st.st_size, len(raw)) // 1024} KB, tối "
                       f"đa {max_bytes // 1024} KB). Hãy rút gọn nội dung hoặc chia thành nhiều tệp.")
        return None
    return raw


def check_controls(path: Path, text: str, problems: Problems) -> str:
    """Report the first control character of each line at its line and column (libyaml
    would name a byte offset of the whole file), and blank them all."""
    lines = text.split("\n")
    for n, line in enumerate(lines, 1):
        if m := _CONTROL.search(line):
            problems.error(path, (n, m.start() + 1), f"Ký tự điều khiển vô hình U+{ord(m[0]):04X} "
                           "(thường lẫn vào khi dán từ Word, PDF hay tin nhắn). Hãy xóa ký tự này: "
                           "gõ lại đoạn chữ quanh vị trí này.")
    return _CONTROL.sub(" ", text)


def check_legacy_encoding(path: Path, text: str, problems: Problems) -> None:
    for n, line_text in enumerate(text.split("\n"), 1):
        if looks_like_legacy_encoding(line_text):
            problems.error(path, (n, 1),
                           f"Dòng chữ có vẻ gõ bằng bảng mã cũ TCVN3/VNI (\"{line_text.strip()[:40]}\"). "
                           "Hãy chuyển sang Unicode (ví dụ dùng công cụ chuyển mã của Unikey) rồi dán lại.")


def parse_yaml(path: Path, text: str, problems: Problems, line_offset: int = 0) -> Doc | None:
    """A Doc, after reporting every syntax error: each one blanks its top-level block
    (line numbers stay) and the rest is parsed again, so one slip hides nothing else."""
    broken: set[Path_] = set()
    for _ in range(MAX_SYNTAX_ERRORS):
        try:
            node = _compose(path, text, problems, line_offset)
        except _Refused:
            return None
        except yaml.YAMLError as exc:
            if _nesting_limit(exc):  # libyaml's own limit, met before our pre-scan's
                line, col = _too_deep(text) or _error_mark(exc, text)
                problems.error(path, (line + line_offset, col), DEEP)
                return None
            line, col = _error_mark(exc, text)
            problems.error(path, (line + line_offset, col), explain_yaml_error(exc, text))
            blanked = _blank_block(text, line)
            if blanked is None:
                return None
            text, keys = blanked
            broken |= keys
            continue
        if node is None:
            if not broken:
                problems.error(path, (1 + line_offset, 1), "Tệp không có dữ liệu YAML nào.")
            return None
        doc = Doc(path, None, {}, line_offset, text.split("\n"), broken=broken)
        doc.data = _Converter(doc, problems, node).run()
        return doc
    return None


def _compose(path: Path, text: str, problems: Problems, line_offset: int) -> yaml.Node | None:
    """libyaml's node tree, after the checks that keep it bounded: anchors and aliases are
    refused (composing shares nodes, converting would expand them), and a text that could
    nest deep enough to crash the C composer is measured with its event stream first."""
    # '&'/'*' are rare (the regex alone cost as much as composing); '**bold**' in a story also
    # matches the regex, so the token scan decides.
    if ("&" in text or "*" in text) and _ANCHOR_HINT.search(text):
        _refuse_anchors(path, text, problems, line_offset)
    if sum(map(text.count, "[{-:?")) > _SAFE_STRUCTURE:
        too_deep = _too_deep(text)
        if too_deep:
            problems.error(path, (too_deep[0] + line_offset, too_deep[1]), DEEP)
            raise _Refused
    return yaml.compose(text, Loader=_Loader)


class _Refused(Exception):
    """The file is reported and must not be composed at all."""


DEEP = (f"Dữ liệu lồng nhau quá sâu (quá {MAX_DEPTH} cấp). Hồ sơ chỉ cần vài cấp thụt lề: hãy "
        "viết lại theo mẫu exemplars/mau-ho-so.yaml.")
ANCHOR = ("YAML không được dùng neo '&' hay tham chiếu '*' ({found}): hãy viết đầy đủ giá trị. "
          "Nếu đây là chữ, hãy đặt cả giá trị trong ngoặc kép.")


def _refuse_anchors(path: Path, text: str, problems: Problems, line_offset: int) -> None:
    """Report each line's first anchor or alias (the converter skips shared nodes)."""
    found: dict[int, tuple[int, str]] = {}
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                mark = token.start_mark
                sign = "&" if isinstance(token, yaml.AnchorToken) else "*"
                found.setdefault(mark.line, (mark.column, f"{sign}{token.value}"))
    except yaml.YAMLError:  # the composer reports the syntax error with its advice
        pass
    for line, (col, name) in sorted(found.items()):
        problems.error(path, (line + 1 + line_offset, col + 1), ANCHOR.format(found=name))


def _too_deep(text: str) -> Mark | None:
    """Where nesting first exceeds MAX_DEPTH, from libyaml's (iterative) event parser."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1, event.start_mark.column + 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError as exc:
        if _nesting_limit(exc) and exc.problem_mark and exc.problem_mark.index < len(text):
            return _too_deep(text[: exc.problem_mark.index])  # libyaml's limit: the text before it
        return None  # compose() raises it again and it is explained there
    return None


def _nesting_limit(exc: yaml.YAMLError) -> bool:
    return "maximum nesting depth" in str(getattr(exc, "problem", "") or "")


def _blank_block(text: str, line: int) -> tuple[str, set[Path_]] | None:
    """The text with the top-level block around `line` turned into empty lines, and the
    top-level keys it held; None when nothing is left to blank."""
    lines = text.split("\n")
    at = min(max(line, 1), len(lines)) - 1
    start = next((i for i in range(at, -1, -1) if _TOP_LEVEL.match(lines[i])), 0)
    end = next((i for i in range(at + 1, len(lines)) if _TOP_LEVEL.match(lines[i])), len(lines))
    if not any(x.strip() for x in lines[start:end]):
        return None
    keys = {(m[1],) for x in lines[start:end] if (m := _TOP_KEY.match(x))}
    lines[start:end] = [""] * (end - start)
    return "\n".join(lines), keys


def load_yaml(path: Path, problems: Problems) -> Doc | None:
    text = read_text(path, problems)
    return None if text is None else parse_yaml(path, text, problems)


_FRONT = re.compile(r"\A---\n(.*?\n)---\n?", re.S)


def load_markdown(path: Path, problems: Problems) -> tuple[Doc | None, str, int]:
    """Front matter (as a Doc) and body of a Markdown file, with the body's first line."""
    text = read_text(path, problems, MAX_MARKDOWN_BYTES)
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


class _Converter:
    """Nodes → plain values with marks. A node met twice is an alias (already reported) and
    is not expanded again; nesting beyond MAX_DEPTH stops there with one message."""

    def __init__(self, doc: Doc, problems: Problems, root: yaml.Node):
        self.doc, self.problems, self.root = doc, problems, root
        self.seen: set[int] = set()
        self.deep_reported = False

    def run(self) -> Any:
        return self.convert(self.root, ())

    def convert(self, node: yaml.Node, at: Path_) -> Any:
        doc = self.doc
        doc.marks[at] = _mark(node)
        if isinstance(node, yaml.ScalarNode):
            if node.style in ("|", ">"):
                doc.blocks.add(at)
            if not node.style and node.value in _NULLS:  # plain style is '' (libyaml) or None
                return None
            return node.value
        if id(node) in self.seen:
            return None
        self.seen.add(id(node))
        if len(at) >= MAX_DEPTH:  # this collection would be level MAX_DEPTH + 1
            if not self.deep_reported:
                self.deep_reported = True
                self.problems.error(doc.path, (_mark(node)[0] + doc.line_offset, _mark(node)[1]), DEEP)
            return None
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*at, i)) for i, item in enumerate(node.value)]
        return self.mapping(node, at)

    def mapping(self, node: yaml.MappingNode, at: Path_) -> dict[str, Any]:
        doc, out = self.doc, {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            if key in out:
                first = doc.marks[(*at, key, "\0key")]
                self.problems.error(doc.path, (_mark(key_node)[0] + doc.line_offset, _mark(key_node)[1]),
                                    f"{_dotted((*at, key))}: khóa '{key}' bị lặp lại (đã có ở dòng "
                                    f"{first[0] + doc.line_offset}). Hãy giữ một dòng và xóa dòng còn lại.")
                continue
            doc.marks[(*at, key, "\0key")] = _mark(key_node)
            out[key] = self.convert(value_node, (*at, key))
        return out


def _dotted(at: Path_) -> str:
    out = ""
    for k in at:
        out += f"[{k + 1}]" if isinstance(k, int) else (f".{k}" if out else str(k))
    return out


dotted = _dotted


def _error_mark(exc: yaml.YAMLError, text: str) -> Mark:
    if isinstance(exc, yaml.reader.ReaderError):  # libyaml gives a byte offset of the file
        before = text.encode("utf-8")[: exc.position].decode("utf-8", "ignore").split("\n")
        return len(before), len(before[-1]) + 1
    # An unclosed quote or bracket is found later in the file, and a key without its
    # space on the next line: point at where the construct opened instead.
    context = str(getattr(exc, "context", "") or "")
    if "flow" in context and (bracket := _unclosed_bracket(text)):
        return bracket
    opened = any(w in context for w in ("quoted scalar", "simple key"))
    first = getattr(exc, "context_mark" if opened else "problem_mark", None)
    mark = first or getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _unclosed_bracket(text: str) -> Mark | None:
    """Where the last '[' or '{' that is never closed was opened."""
    stack: list[Mark] = []
    for n, line in enumerate(text.split("\n"), 1):
        for col, ch in enumerate(line, 1):
            if ch in "[{":
                stack.append((n, col))
            elif ch in "]}" and stack:
                stack.pop()
    return stack[-1] if stack else None


def explain_yaml_error(exc: yaml.YAMLError, text: str) -> str:
    """Turn libyaml's English into advice for the usual slips of hand-typed YAML."""
    if isinstance(exc, yaml.reader.ReaderError):
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        return (f"Lỗi cú pháp YAML: ký tự {char} không được phép trong tệp YAML. Hãy xóa ký tự này "
                "(gõ lại đoạn chữ quanh vị trí này).")
    problem = str(getattr(exc, "problem", "") or exc)
    context = str(getattr(exc, "context", "") or "")
    lines = text.split("\n")
    line_no = _error_mark(exc, text)[0]
    line = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
    for test, advice in _SLIPS:
        message = advice(line) if test(problem, context, line, lines, line_no) else None
        if message:
            return "Lỗi cú pháp YAML: " + message
    return (f"Lỗi cú pháp YAML ({problem}). Hãy kiểm tra dòng này và dòng ngay trên nó: "
            "thụt lề bằng dấu cách, mỗi dòng dạng 'khóa: giá trị'.")


def _key_value(line: str) -> tuple[str, str]:
    key, _, value = line.strip().partition(":")
    return key.strip() or "khóa", value.strip() or "giá trị"


def _advice_tab(line: str) -> str:
    return "dòng này thụt lề bằng phím Tab. YAML chỉ chấp nhận dấu cách; hãy thay Tab bằng 2 dấu cách."


def _advice_quote(line: str) -> str:
    return ("có dấu nháy (\" hoặc ') được mở ở đây mà chưa đóng. "
            "Hãy thêm dấu nháy đóng cùng loại ở cuối giá trị.")


def _advice_bracket(line: str) -> str:
    return ("danh sách mở bằng '[' ở đây mà chưa đóng. Hãy thêm ']' ở cuối, ví dụ: "
            "fields: [kinh tế, xã hội].")


def _advice_deeper(line: str) -> str:
    return ("dòng này thụt lề sâu hơn dòng trên. Các khóa cùng cấp phải bắt đầu ở cùng một cột; "
            "hãy xóa bớt dấu cách ở đầu dòng.")


def _advice_colon(line: str) -> str:
    key, value = _key_value(line)
    value = value.replace('"', "'")
    return (f"giá trị của '{key}' có dấu hai chấm ':' nhưng không đặt trong ngoặc kép. "
            f"Hãy viết: {key}: \"{value}\"")


def _advice_space(line: str) -> str:
    m = re.match(r"\s*(?:- )?([^:\s]+):(\S.*)", line)
    fix = f" Hãy viết: {m[1]}: {m[2]}" if m else ""
    return ("thiếu dấu cách sau dấu hai chấm, hoặc thiếu dấu hai chấm. Mỗi dòng phải có dạng "
            f"'khóa: giá trị' (một dấu cách sau ':').{fix}")


def _advice_align(line: str) -> str:
    return ("thụt lề không thẳng hàng. Các khóa cùng cấp, và các mục '- ' của cùng một danh "
            "sách, phải bắt đầu ở cùng một cột (thụt lề bằng dấu cách).")


_SLIPS = (
    (lambda p, c, line, ls, n: "\t" in line[: len(line) - len(line.lstrip())] or "'\\t'" in p
     or "tab" in p.lower(), _advice_tab),
    (lambda p, c, line, ls, n: "quoted scalar" in c, _advice_quote),
    (lambda p, c, line, ls, n: "flow" in c, _advice_bracket),
    (lambda p, c, line, ls, n: "mapping values are not allowed" in p and _indented_more(ls, n),
     _advice_deeper),
    (lambda p, c, line, ls, n: "mapping values are not allowed" in p, _advice_colon),
    (lambda p, c, line, ls, n: "could not find expected ':'" in p or "simple key" in c,
     _advice_space),
    (lambda p, c, line, ls, n: any(w in p for w in ("expected <block end>", "expected key",
                                                     "'-' indicator", "indentation")),
     _advice_align),
)


def _indented_more(lines: list[str], line_no: int) -> bool:
    """True when a 'key: value' line is indented deeper than the non-empty line above."""
    if not 1 < line_no <= len(lines):
        return False
    here = lines[line_no - 1]
    above = next((x for x in reversed(lines[: line_no - 1]) if x.strip()), "")
    indent = lambda s: len(s) - len(s.lstrip(" "))  # noqa: E731
    return indent(here) > indent(above) and not above.rstrip().endswith(":")
