"""Markdown written by editors: refuse active content, sanitise what is rendered."""
from __future__ import annotations

import re
from pathlib import Path

import nh3

from .problems import Problems

# Python-Markdown passes raw HTML straight through, so these would reach readers.
_ACTIVE = (
    (re.compile(r"<\s*script\b", re.I), "thẻ <script>"),
    (re.compile(r"<\s*(?:iframe|object|embed|style)\b", re.I), "thẻ nhúng (<iframe>, <object>, <style>)"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "thuộc tính sự kiện (onclick, onerror...)"),
    (re.compile(r"javascript\s*:", re.I), "liên kết 'javascript:'"),
)


def check_markdown(text: str, path: Path | str, first_line: int, problems: Problems,
                   field: str) -> None:
    for n, line in enumerate(text.split("\n")):
        for pattern, what in _ACTIVE:
            m = pattern.search(line)
            if m:
                problems.error(path, (first_line + n, m.start() + 1),
                               f"{field}: không được dùng {what} trong nội dung ('{m.group(0).strip()}'). "
                               "Hãy xóa phần mã này; chỉ viết chữ, liên kết và ảnh bằng Markdown.")


def sanitize_html(html: str) -> str:
    """Last line of defence for rendered story HTML (ammonia's allow-list via nh3)."""
    return nh3.clean(html, link_rel="noopener noreferrer")
