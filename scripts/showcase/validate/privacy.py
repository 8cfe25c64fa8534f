"""Personal data that is never stored or published, found in keys and in free text."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterator

from showcase.load.documents import Doc, dotted
from showcase.core.problems import Problems
from showcase.core.vi import fold

# Keys an editor might add for data we must never hold (compared folded, "_"/"-" as space).
FORBIDDEN_KEYS: dict[str, str] = {
    "cccd": "số căn cước/CMND", "cmnd": "số căn cước/CMND", "can cuoc": "số căn cước/CMND",
    "id number": "số căn cước/CMND", "so dinh danh": "số định danh cá nhân",
    "phone": "số điện thoại", "dien thoai": "số điện thoại", "sdt": "số điện thoại",
    "so dien thoai": "số điện thoại", "mobile": "số điện thoại",
    "ethnicity": "dân tộc", "dan toc": "dân tộc",
    "religion": "tôn giáo", "ton giao": "tôn giáo",
    "health": "tình trạng sức khỏe", "suc khoe": "tình trạng sức khỏe", "benh": "tình trạng bệnh tật",
    "address": "địa chỉ chính xác", "dia chi": "địa chỉ chính xác", "so nha": "số nhà",
    "birth date": "ngày sinh đầy đủ", "birthday": "ngày sinh đầy đủ", "ngay sinh": "ngày sinh đầy đủ",
    "email": "địa chỉ thư điện tử",
}

# A full stop may end the sentence; only a digit after it makes the number longer.
_PHONE = re.compile(r"(?<![\d.])(?:\+84|0084|0)[\s.-]?(?:[35789]|2\d)\d(?:[\s.-]?\d){7}(?!\d|\.\d)")
_ID = re.compile(r"(?<![\d/.-])(?:\d{12}|\d{9})(?![\d/-]|\.\d)")
_HOUSE = re.compile(r"\b(?:số nhà|nhà số|sn)\s*\d+|\b\d+[a-z]?/\d+[a-z]?\s+(?:đường|hẻm|kiệt|ngõ)\b"
                    r"|\b\d{1,4}[a-z]?\s+(?:đường|phố)\s+[A-ZĐ]", re.I)
_SENSITIVE = re.compile(
    r"\b(?:dân tộc\s+(?:kinh|hoa|khmer|chăm|tày|thái|mường|nùng|s'?tiêng|chơ ro|mạ|hmông)"
    r"|theo đạo\s+\w+|tôn giáo\s*:|đạo (?:phật|công giáo|tin lành|cao đài|hòa hảo)"
    r"|(?:mắc|bị)\s+(?:bệnh|ung thư|hiv)|nhiễm hiv)", re.I)

# A cheap first pass: every rule needs a digit or one of these words.
_MAYBE = re.compile(r"\d|dân tộc|đạo|tôn giáo|bệnh|hiv", re.I)

TEXT_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (_PHONE, "có số điện thoại"),
    (_ID, "có dãy 9 hoặc 12 chữ số giống số CMND/CCCD"),
    (_HOUSE, "có số nhà hoặc địa chỉ chính xác (chỉ ghi ấp, khu phố)"),
    (_SENSITIVE, "có thông tin về dân tộc, tôn giáo hoặc sức khỏe"),
)


@lru_cache(maxsize=2048)  # the same few dozen keys recur in every file
def forbidden_key(key: str) -> str | None:
    """What kind of personal data a key names, or None."""
    k = " ".join(re.split(r"[_\-\s.]+", fold(key))).strip()
    return FORBIDDEN_KEYS.get(k)


def scan_text(text: str) -> list[tuple[str, str, int]]:
    """(reason, matched text, offset) for each piece of personal data found in free text."""
    if not _MAYBE.search(text):  # most text has no digits or trigger words: skip the rules
        return []
    found: list[tuple[str, str, int]] = []
    taken: list[range] = []  # '+84 912345678' is a phone, not also a 9-digit ID
    for pattern, reason in TEXT_RULES:
        for m in pattern.finditer(text):
            if not any(m.start() in span for span in taken):
                found.append((reason, m.group(0), m.start()))
                taken.append(range(m.start(), m.end()))
    return sorted(found, key=lambda f: f[2])


# ---- a whole parsed file: every key and every text value ------------------------------

_NOT_PROSE = frozenset({"id", "slug", "aliases", "file", "decision", "date", "received", "quarter",
                        "birth_year", "year", "withdrawn", "status", "sample", "subject",
                        "category", "unit", "fields", "movements", "relation", "scope", "person"})


def check_doc(doc: Doc, problems: Problems) -> None:
    """Refuse keys and text that carry personal data we never publish."""
    for at, field_name, value in _walk(doc.data, (), ""):
        kind = forbidden_key(at[-1]) if isinstance(at[-1], str) else None
        if kind:
            problems.error(doc.path, doc.key_mark(*at), f"{dotted(at)}: không được lưu {kind} "
                           "(dữ liệu cá nhân không công bố theo Luật Bảo vệ dữ liệu cá nhân). "
                           "Hãy xóa dòng này.")
        elif value.__class__ is str and field_name not in _NOT_PROSE:
            for reason, found, offset in scan_text(value):
                problems.error(doc.path, doc.inner_mark(at, value, offset), f"{dotted(at)}: nội "
                               f"dung {reason} ('{found}'). Hãy xóa thông tin này trước khi công bố.")


def _walk(data: Any, at: tuple, field_name: str) -> Iterator[tuple[tuple, str, Any]]:
    """Every (path, nearest key, value) below `data`: mapping entries and list items alike."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield (*at, k), k, v
            if v.__class__ is not str:
                yield from _walk(v, (*at, k), k)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield (*at, i), field_name, v
            if v.__class__ is not str:
                yield from _walk(v, (*at, i), field_name)
