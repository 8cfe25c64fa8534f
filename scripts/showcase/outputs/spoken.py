"""Vietnamese written to be read aloud: numbers and dates in words, abbreviations written out.

A commune announcer reads the bulletin live over loudspeakers; "15/12/2020" or "UBND"
invite stumbles. The forms follow southern usage (ngàn, lẻ), as spoken in Đồng Nai.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Mapping

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
SCALES = ("", "ngàn", "triệu", "tỷ")
ORDINALS = ("nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười")
UNITS = {"m²": "mét vuông", "m2": "mét vuông", "km": "ki-lô-mét", "ha": "héc-ta",
         "kg": "ki-lô-gam", "m": "mét", "%": "phần trăm", "đ": "đồng"}


def _tens(n: int) -> str:
    """1..99."""
    if n < 10:
        return DIGITS[n]
    tens, unit = divmod(n, 10)
    head = "mười" if tens == 1 else f"{DIGITS[tens]} mươi"
    if unit == 0:
        return head
    if unit == 5:
        return f"{head} lăm"
    if unit == 1 and tens > 1:
        return f"{head} mốt"
    if unit == 4 and tens > 1:
        return f"{head} tư"
    return f"{head} {DIGITS[unit]}"


def _hundreds(n: int, inner: bool) -> str:
    """0..999; an inner group ('2021' → 'hai ngàn KHÔNG TRĂM hai mươi mốt') says its hundreds."""
    hundreds, rest = divmod(n, 100)
    parts = [f"{DIGITS[hundreds]} trăm"] if hundreds or inner else []
    if rest:
        parts.append(f"lẻ {DIGITS[rest]}" if parts and rest < 10 else _tens(rest))
    return " ".join(parts)


def number_words(n: int) -> str:
    """12 → 'mười hai', 2021 → 'hai ngàn không trăm hai mươi mốt', 105 → 'một trăm lẻ năm'."""
    if n == 0:
        return DIGITS[0]
    if n < 0 or n >= 10 ** 12:
        return str(n)
    groups = []
    while n:
        n, g = divmod(n, 1000)
        groups.append(g)
    words = []
    for i in range(len(groups) - 1, -1, -1):
        if groups[i]:
            words.append(_hundreds(groups[i], inner=i < len(groups) - 1))
            words.append(SCALES[i])
    return " ".join(w for w in words if w)


def ordinal(n: int) -> str:
    return f"Thứ {ORDINALS[n - 1] if n <= len(ORDINALS) else number_words(n)}"


def date_words(day: int, month: int, year: int | None = None) -> str:
    text = f"ngày {number_words(day)} tháng {number_words(month)}"
    return f"{text} năm {number_words(year)}" if year else text


def quarter_words(year: int, quarter: int) -> str:
    return f"quý {number_words(quarter)} năm {number_words(year)}"


_DATE = re.compile(r"(?:\bngày\s+)?\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_MONTH = re.compile(r"(?:\btháng\s+)?\b(\d{1,2})/(\d{4})\b")
_NUMBER = re.compile(r"(?<![\w/.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?![\w/])"
                     r"(?:\s*(m²|m2|km|ha|kg|m|%|đ)(?!\w))?")


def _decimals(digits: str) -> str:
    """',5' → 'năm', ',25' → 'hai mươi lăm', ',05' → 'không năm' (as announcers say them)."""
    if digits.startswith("0") or len(digits) > 2:
        return " ".join(DIGITS[int(d)] for d in digits)
    return number_words(int(digits))


def _number(m: re.Match) -> str:
    words = number_words(int(m[1].replace(".", "")))
    if m[2]:
        words += f" phẩy {_decimals(m[2])}"
    return words + (f" {UNITS[m[3]]}" if m[3] else "")


def say_numbers(text: str) -> str:
    """Dates, months, then plain numbers (with '.' thousands and ',' decimals) and units."""
    text = _DATE.sub(lambda m: date_words(int(m[1]), int(m[2]), int(m[3])), text)
    text = _MONTH.sub(lambda m: f"tháng {number_words(int(m[1]))} năm {number_words(int(m[2]))}", text)
    return _NUMBER.sub(_number, text)


_DOC_NUMBER = re.compile(r"\b\d+/[\w.-]+")  # "1234/QĐ-UBND" is read as written


@lru_cache(maxsize=8)
def _abbreviation_pattern(shorts: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first, so 'UBMTTQ' wins over 'MTTQ'; whole words only.
    alternatives = "|".join(re.escape(s) for s in sorted(shorts, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?!\w)")


def expand_abbreviations(text: str, table: Mapping[str, str]) -> str:
    """'UBND xã' → 'Ủy ban nhân dân xã'; document numbers like '12/QĐ-UBND' stay as written."""
    if not table:
        return text
    pattern = _abbreviation_pattern(tuple(table))
    pieces = _DOC_NUMBER.split(text)
    kept = _DOC_NUMBER.findall(text)
    out = [pattern.sub(lambda m: table[m[0]], piece) + (kept[i] if i < len(kept) else "")
           for i, piece in enumerate(pieces)]
    return "".join(out)


def speakable(text: str, abbreviations: Mapping[str, str]) -> str:
    return say_numbers(expand_abbreviations(text, abbreviations))
