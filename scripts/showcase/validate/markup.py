"""Markdown written by editors: refuse active content, sanitise what is rendered."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

import nh3

from showcase.core.problems import Problems

# Python-Markdown passes raw HTML straight through, so these would reach readers.
_ACTIVE = (
    (re.compile(r"<\s*script\b", re.I), "thẻ <script>"),
    (re.compile(r"<\s*(?:iframe|object|embed|style)\b", re.I), "thẻ nhúng (<iframe>, <object>, <style>)"),
    (re.compile(r"(?<=[\s/\"'])on[a-z]+\s*=", re.I), "thuộc tính sự kiện (onclick, onerror...)"),
    (re.compile(r"javascript\s*:", re.I), "liên kết 'javascript:'"),
)


def find_active(text: str) -> list[tuple[int, str, str]]:
    """(offset, what, matched text) of each piece of active content in Markdown."""
    found = [(m.start(), what, m.group(0).strip()) for pattern, what in _ACTIVE
             for m in pattern.finditer(text)]
    return sorted(found)


def check_markdown(text: str, path: Path | str, mark_of: Callable[[int], tuple[int, int]],
                   problems: Problems, field: str) -> None:
    """Report active content; `mark_of(offset)` gives the line/column in the source file."""
    if "<" not in text and ":" not in text:  # the common case: plain prose, nothing to find
        return
    for offset, what, snippet in find_active(text):
        problems.error(path, mark_of(offset),
                       f"{field}: không được dùng {what} trong nội dung ('{snippet}'). "
                       "Hãy xóa phần mã này; chỉ viết chữ, liên kết và ảnh bằng Markdown.")


def body_marks(text: str, first_line: int) -> Callable[[int], tuple[int, int]]:
    """Offsets of a Markdown body that starts at `first_line` of its file."""
    return lambda off: (first_line + text.count("\n", 0, off), off - text.rfind("\n", 0, off))


def sanitize_html(html: str) -> str:
    """Last line of defence for rendered story HTML (ammonia's allow-list via nh3)."""
    return nh3.clean(html, link_rel="noopener noreferrer")
