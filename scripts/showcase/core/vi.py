"""Vietnamese text: NFC, ASCII slugs, folding for search, name sorting, dates."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

# Old-style tone placement ("hoà", "thuỷ") and new style ("hòa", "thủy") stay
# different after NFC; fold() erases the difference by dropping all marks.
_STRIP = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case, no diacritics, đ→d: the form search and slugs compare."""
    decomposed = unicodedata.normalize("NFD", text.translate(_STRIP))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.lower()


def slugify(text: str) -> str:
    """ASCII slug with đ→d: 'Nguyễn Thị Hồng Nhung' → 'nguyen-thi-hong-nhung'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def toc_slugify(value: str, separator: str = "-") -> str:
    """Heading anchors for Python-Markdown's toc (keeps đ as d, unlike the default)."""
    return re.sub(r"[^a-z0-9]+", separator, fold(value)).strip(separator)


# Vietnamese alphabet order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_BASE_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: letters of their own


@lru_cache(maxsize=1 << 14)  # a word's key: names reuse a few thousand words, and sorting
def _letter_key(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Primary key by base letters in Vietnamese order, then tones as tie-break."""
    letters: list[int] = []
    tones: list[int] = []
    for cluster in _clusters(word.lower()):
        base = unicodedata.normalize("NFC", "".join(c for c in cluster if c not in _TONES))
        tones.append(max((_TONES.get(c, 0) for c in cluster), default=0))
        letters.append(_RANK.get(base, 100 + ord(base[0]) if base else 0))
    return tuple(letters), tuple(tones)


def _clusters(word: str) -> list[str]:
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", word):
        if unicodedata.combining(ch) and out:
            out[-1] += ch
        else:
            out.append(ch)
    return out


def name_sort_key(name: str) -> tuple:
    """Sort people by given name, then middle names, then family name."""
    words = nfc(name).split()
    if not words:
        return ()
    order = [words[-1], *words[1:-1], words[0]] if len(words) > 1 else words
    keys = [_letter_key(w) for w in order]
    return tuple(k[0] for k in keys) + tuple(k[1] for k in keys)


def text_sort_key(text: str) -> tuple:
    """Vietnamese letter order for labels (units, movements)."""
    keys = [_letter_key(w) for w in nfc(text).split()]
    return tuple(k[0] for k in keys) + tuple(k[1] for k in keys)


def format_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def parse_quarter(text: str) -> tuple[int, int] | None:
    """'2021-Q2', '2021-q2', 'Quý II/2021', 'Quý 2/2021' → (2021, 2)."""
    s = nfc(text).strip()
    m = re.fullmatch(r"(\d{4})\s*-\s*[Qq]([1-4])", s)
    if m:
        return int(m[1]), int(m[2])
    m = re.fullmatch(r"[Qq]u[ýy]\s+(I{1,3}|IV|[1-4])\s*[/-]\s*(\d{4})", s)
    if m:
        q = _ROMAN.get(m[1].upper()) or int(m[1])
        return int(m[2]), q
    return None


def quarter_span(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of a quarter."""
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def format_quarter(year: int, quarter: int) -> str:
    return f"Quý {['I', 'II', 'III', 'IV'][quarter - 1]}/{year}"


def parse_date(text: str) -> dt.date | None:
    """'05/03/2024', '5/3/2024' or ISO '2024-03-05'; None when not a real date."""
    s = text.strip()
    try:
        if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", s):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    return None


# TCVN3 (ABC) and VNI text pasted through a Western code page shows tell-tale
# characters that never occur in correct Vietnamese Unicode text.
_TCVN3_MARKS = set("¨©®¸µ¶·¹º»¼¾ÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖ×ØÙÚÛÜÝÞßãåæçèéêëìíîïñòóôõöøùúûüý")
_VNI_PATTERN = re.compile(r"[a-zA-Z][ØÙÒÕÛÏÑÄÅÆÂ]|[aeouAEOU][ù][ùøûõï]?|ö[ôø]")
_LEGIT = set("ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
             "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ")


def looks_like_legacy_encoding(text: str) -> bool:
    """True for TCVN3/VNI mojibake such as 'NguyÔn V¨n'."""
    odd = [c for c in text if c in _TCVN3_MARKS and c not in _LEGIT]
    # ×, ·, ©, ® and º also occur in correct text (900×600, "A · B"), so they are not signals.
    if any(c in "¨¸µ¶¹»¼¾ÆÞß" for c in odd):
        return True
    # Letters like Ô, Õ, Ò inside a lower-case word are a TCVN3 signature.
    if re.search(r"[a-zăâđêôơư][ÔÕÒÓÖÑËÌÍÎÏ]", text):
        return True
    if bool(_VNI_PATTERN.search(text)) and len(odd) >= 2:
        return True
    # Lower-case VNI ("Nguyeãn Vaên"): letter pairs impossible in Vietnamese, in a line
    # with no letter outside Latin-1 (real Vietnamese text always has some).
    return bool(_VNI_LOWER.search(text)) and not any(c > "\u00ff" and c.isalpha() for c in text)


_VNI_LOWER = re.compile(r"[ñÑ]|[a-zA-Z][äåæëïöøûü]|e[àáâãäå]|a[âê]|o[â]|[ôö][ùøûõï]")
# A cheap whole-file pre-test. Every line looks_like_legacy_encoding() accepts has a
# character never used in Vietnamese (all of _TCVN3_MARKS - _LEGIT among them), a capital
# right after a lower-case letter, or, in a line with no letter beyond Latin-1, one of the
# VNI letter pairs (10,000 files: 4.5 s with one big regex, 0.2 s this way).
_NEVER_VI = re.compile("[" + "".join(sorted(_TCVN3_MARKS - _LEGIT)) + "äÄÅ]")
_CAP_AFTER_LOWER = re.compile(r"[ÔÕÒÓÌÍÙÂ](?<=[a-zA-Zăâđêôơư][ÔÕÒÓÌÍÙÂ])")
_NOT_VI_LETTER = r"[^\n\u0100-\u1fff\u2070-\U0010ffff]"  # Latin-1 or punctuation such as …“”–
_LATIN1_LINE = re.compile(rf"^{_NOT_VI_LETTER}*[àáâãêùõ]{_NOT_VI_LETTER}*$", re.M)
_PAIRS = (*("e" + c for c in "àáâã"), "aâ", "aê", "oâ", "ôù", "ôõ")


def may_be_legacy_encoding(text: str) -> bool:
    """False only when no line of `text` can look like TCVN3/VNI mojibake."""
    if _NEVER_VI.search(text) or _CAP_AFTER_LOWER.search(text):
        return True
    return any(p in m.group(0) for m in _LATIN1_LINE.finditer(text) for p in _PAIRS)
