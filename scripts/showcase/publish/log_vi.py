"""The engine's log in Vietnamese, for `showcase serve`: editors read these lines.

MkDocs/ProperDocs log progress in English; the lines a preview prints are translated here
(a table, checked by test_serve), noise is dropped, and any other line passes unchanged
behind a Vietnamese level name.
"""
from __future__ import annotations

import logging
import re
import sys
from typing import Callable

_HTTP = r'"(?:GET|HEAD|POST) (\S+) HTTP/[\d.]+" code '
RULES: tuple[tuple[re.Pattern[str], str | None], ...] = tuple((re.compile(p), v) for p, v in (
    (r"Building documentation\.\.\.$", "Đang dựng trang..."),
    (r"Cleaning site directory$", None),
    (r"Documentation built in ([\d.]+) seconds$", r"Đã dựng xong trong \1 giây."),
    (r"Watching paths for changes: (.*)$", r"Đang theo dõi thay đổi trong: \1"),
    (r"Serving on (\S+)$", r"Đang phục vụ tại \1"),
    (r"Detected file changes$", "Có tệp thay đổi, đang dựng lại..."),
    (r"Reloading browsers$", "Đang tải lại trình duyệt."),
    (r"Browser connected: (.*)$", r"Trình duyệt đã mở \1"),
    (r"Shutting down\.\.\.$", "Đang dừng máy chủ xem trước."),
    (_HTTP + r"404$", r"Không tìm thấy \1 (404)."),
    (_HTTP + r"(\d+)$", r"Yêu cầu \1: mã \2."),
    (r"Doc file '(.*)' contains a link '(.*)', but the target '(.*)' is not found among "
     r"documentation files\.", r"Trang '\1' có liên kết '\2' nhưng không có trang '\3'."),
    (r"Doc file '(.*)' contains a link '(.*)', but the doc '(.*)' does not contain an anchor "
     r"'(.*)'\.", r"Trang '\1' có liên kết '\2' nhưng trang '\3' không có neo '\4'."),
))
LEVELS = {"WARNING": "cảnh báo: ", "ERROR": "lỗi: ", "CRITICAL": "lỗi: "}


_CLOCK = re.compile(r"(\[\d\d:\d\d:\d\d\] )?(.*)", re.S)  # the live server stamps its lines


def translate(message: str) -> str | None:
    """The Vietnamese line for an engine message, None to drop it, or the message itself."""
    clock, text = _CLOCK.match(message).groups()  # type: ignore[union-attr] - always matches
    for pattern, vietnamese in RULES:
        m = pattern.match(text)
        if m:
            return None if vietnamese is None else (clock or "") + m.expand(vietnamese)
    return message


class VietnameseFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return LEVELS.get(record.levelname, "") + (translate(record.getMessage()) or "")


class _DropNoise(logging.Filter):
    def __init__(self, drop: Callable[[str], bool]) -> None:
        super().__init__()
        self.drop = drop

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return translate(message) is not None and not self.drop(message)


def install(*loggers: str, drop: Callable[[str], bool] = lambda message: False) -> None:
    """One Vietnamese handler on each named logger (the engine's and 'mkdocs', which Material
    and our plugin log under), replacing what was there, at INFO; `drop` hides more lines."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(VietnameseFormatter())
    handler.addFilter(_DropNoise(drop))
    for name in dict.fromkeys(loggers):
        logger = logging.getLogger(name)
        for old in list(logger.handlers):
            logger.removeHandler(old)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
