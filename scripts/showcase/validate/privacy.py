"""Personal data that is never stored or published, found in keys, free text and names.

Text is scanned after normalisation (NFKC, so fullwidth or bold digits are digits;
format characters such as zero-width spaces removed), and numbers are read through
their separators (spaces, dots, dashes, brackets), so '０９１２ ３４５ ６７８',
'(+84) 912-345-678' and '0912\u200b345678' are all the same phone. Every finding keeps
its offset in the original text, so the editor is sent to the right column.
Sensitive categories (ethnicity, religion, health, political views) are phrases
from exemplars/vocab/sensitive.yaml, not words hard-coded here.
"""
from __future__ import annotations

import bisect
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

import ahocorasick

from showcase.core.problems import Problems
from showcase.core.vi import fold
from showcase.load.documents import Doc, dotted

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

PHONE = "có số điện thoại"
ID_DIGITS = "có dãy 9 hoặc 12 chữ số giống số CMND/CCCD"
ID_LABELLED = "có số căn cước/CMND"
EMAIL = "có địa chỉ thư điện tử"
HOUSE = "có số nhà hoặc địa chỉ chính xác (chỉ ghi ấp, khu phố)"

# Quick digit patterns kept for the editors' web form (editor/cms.py turns the first two into
# JavaScript); the check itself uses scan_text below, which sees through disguises.
_PHONE = re.compile(r"(?<![\d.])(?:\+84|0084|0)[\s.-]?(?:[35789]|2\d)\d(?:[\s.-]?\d){7}(?!\d|\.\d)")
_ID = re.compile(r"(?<![\d/.-])(?:\d{12}|\d{9})(?![\d/-]|\.\d)")
TEXT_RULES: tuple[tuple[re.Pattern[str], str], ...] = ((_PHONE, PHONE), (_ID, ID_DIGITS))


@lru_cache(maxsize=2048)  # the same few dozen keys recur in every file
def forbidden_key(key: str) -> str | None:
    """What kind of personal data a key names, or None."""
    k = " ".join(re.split(r"[_\-\s.]+", fold(key))).strip()
    return FORBIDDEN_KEYS.get(k)


# ---- normalisation with a map back to the original offsets ---------------------------

# Characters that NFKC leaves alone and that are not format characters: Vietnamese text is
# almost entirely these, so most values skip the per-character work.
_SAFE = ("\t\n\x20-\x7e\u00c0-\u00ff\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169"
         "\u01a0\u01a1\u01af\u01b0\u0300\u0301\u0303\u0309\u0323\u1ea0-\u1ef9\u2018\u2019"
         "\u201c\u201d")
_ODD = re.compile(f"[^{_SAFE}]")


@lru_cache(maxsize=4096)
def _normal_char(ch: str) -> str:
    """What one unusual character reads as: '' for invisible ones, ASCII digits and dashes."""
    category = unicodedata.category(ch)
    if category in ("Cf", "Cc", "Mn", "Me", "Cs", "Co", "Cn"):  # zero-width, bidi, keycaps
        return ""
    digit = unicodedata.decimal(ch, None)
    if digit is not None:
        return str(digit)
    text = unicodedata.normalize("NFKC", ch)
    if category == "Pd":
        return "-"
    return "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Mn", "Me"))


@dataclass(frozen=True)
class Normal:
    """Normalised text and, when it differs from the original, where each piece came from."""

    text: str
    points: tuple[int, ...] = ()  # normalised offsets where the mapping changes
    origins: tuple[int, ...] = ()  # ... and the original offset at each of them

    def origin(self, offset: int) -> int:
        if not self.points:
            return offset
        i = bisect.bisect_right(self.points, offset) - 1
        return self.origins[i] + max(0, offset - self.points[i]) if i >= 0 else offset


def substitute(pattern: re.Pattern[str], text: str, replace: Callable[[str], str]) -> Normal:
    """`text` with each match of `pattern` replaced by `replace(match)`, and the map back: every
    character of a replacement points at its match's start, the text after it at the match's
    end. The one offset map behind both normalisations below."""
    if not pattern.search(text):  # most values: no copy, no map
        return Normal(text)
    pieces: list[str] = []
    points: list[int] = []
    origins: list[int] = []
    out = pos = 0
    for m in pattern.finditer(text):
        start, end = m.start(), m.end()
        rep = replace(text[start:end])
        pieces.append(text[pos:start])
        pieces.append(rep)
        out += start - pos
        for k in range(len(rep)):
            points.append(out + k)
            origins.append(start)
        out += len(rep)
        points.append(out)
        origins.append(end)
        pos = end
    pieces.append(text[pos:])
    return Normal("".join(pieces), tuple(points), tuple(origins))


def normalise(text: str) -> Normal:
    """NFKC digits and dashes, invisible characters removed (see _normal_char)."""
    return substitute(_ODD, text, _normal_char)


# ---- numbers: phones and ID numbers, read through separators --------------------------

_SEP = " .\\-()\\[\\]_"
_RUN = re.compile(rf"(?<![^\W_])[+(\[]{{0,3}}[0-9](?:[{_SEP}]{{0,3}}[0-9])*")
_GROUP = re.compile(r"[0-9]+")
_NATIONAL = re.compile(r"0(?:[35789][0-9]{8}|[12][0-9]{9})")  # mobiles, landlines, old 11-digit
_YEAR = re.compile(r"(?:19|20)[0-9]{2}")
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")  # 150.000.000: an amount, not an ID
_UNIT_AFTER = re.compile(r"\s*(?:đồng|đ\b|vnđ|vnd|usd|triệu|tỷ|tỉ|ngàn|nghìn|ha\b|m2|m²|m3|km|kg|"
                         r"tấn|tạ|cây|hộ|người|lượt|con|gốc|cuốn|bộ|suất|phần|ngày công|giờ)", re.I)
_LABEL_BEFORE = re.compile(r"(?:cccd|cmnd|cmt|căn cước|can cuoc|chứng minh|chung minh|định danh|"
                           r"dinh danh|hộ chiếu|ho chieu)[^0-9\n]{0,12}$", re.I)


def _phone(digits: str, plus: bool) -> bool:
    if digits.startswith("0084"):
        digits = "0" + digits[4:].removeprefix("0")
    elif digits.startswith("84") and (plus or len(digits) in (11, 12)):
        digits = "0" + digits[2:].removeprefix("0")
    return _NATIONAL.fullmatch(digits) is not None


def _id_number(digits: str, written: str, after: str, labelled: bool) -> bool:
    if labelled:
        return len(digits) >= 8
    if len(digits) == 12:
        return digits[0] == "0"  # a CCCD starts with its province code 001-096
    return len(digits) == 9 and not _GROUPED.fullmatch(written) and not _UNIT_AFTER.match(after)


def _looks_like_date_or_years(groups: list[str]) -> bool:
    """'05.04.2021', '4-2021' and '2019 - 2020 - 2021' are dates, not one long number."""
    if all(len(g) == 4 and _YEAR.fullmatch(g) for g in groups):
        return True
    if len(groups) > 1 and len(groups[0]) == 4 and _YEAR.fullmatch(groups[0]):
        return True  # 'dh-2022-00048': a year and a counter (a phone never starts with one)
    return any(len(a) <= 2 and _YEAR.fullmatch(b) is not None for a, b in zip(groups, groups[1:]))


def _numbers(text: str) -> list[tuple[str, int, int]]:
    """(reason, start, end) of phones and ID numbers; longest reading first."""
    found: list[tuple[str, int, int]] = []
    for m in _RUN.finditer(text):
        run = m.group()
        if sum(c.isdigit() for c in run) < 8:
            continue
        spans = [(g.start(), g.end()) for g in _GROUP.finditer(run)]
        i = 0
        while i < len(spans):
            hit, i = _read_at(text, m.start(), run, spans, i)
            if hit:
                found.append(hit)
    return found


def _read_at(text: str, base: int, run: str, spans: list[tuple[int, int]], i: int
             ) -> tuple[tuple[str, int, int] | None, int]:
    """Groups i..j read as one number (longest first): the finding and where to go on."""
    for j in range(len(spans), i, -1):
        groups = [run[a:b] for a, b in spans[i:j]]
        digits = "".join(groups)
        if len(digits) < 8 or _looks_like_date_or_years(groups):
            continue
        start, end = base + spans[i][0], base + spans[j - 1][1]
        plus = i == 0 and "+" in run[:spans[0][0]]
        if plus:
            start = base + run.index("+")
        if _phone(digits, plus):
            return (PHONE, start, end), j
        labelled = _LABEL_BEFORE.search(text[max(0, start - 30):start]) is not None
        if _id_number(digits, text[start:end], text[end:end + 12], labelled):
            return (ID_LABELLED if labelled else ID_DIGITS, start, end), j
    return None, i + 1


# ---- e-mail and house addresses ------------------------------------------------------

_AT = r"(?:@|\s*[\[(]\s*at\s*[\])]\s*)"
_DOT = r"(?:\.|\s*[\[(]\s*(?:dot|chấm|cham)\s*[\])]\s*)"
_EMAIL = re.compile(rf"[\w.+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[a-z]{{2,}}\b", re.I)
_HOUSE = re.compile(
    r"\b(?:s[ốo]\s+nh[àa]|nh[àa]\s+s[ốo])\s*[0-9]+"  # số nhà 45 ('SN' is also 'sinh năm', a unit code)
    r"|\b(?:h[ẻe]m|ki[ệe]t|ng[õo]|ng[áa]ch)\s+(?:s[ốo]\s+)?[0-9]+"  # hẻm 12, kiệt 4, ngõ 3
    r"|\b[0-9]+[a-z]?(?:/[0-9]+[a-z]?)+\s+(?:đường|duong|h[ẻe]m|ki[ệe]t|ng[õo]|ng[áa]ch|ph[ốo])\b"
    r"|\b[0-9]{1,4}[a-z]?\s+(?:đường|duong|ph[ốo])\s+(?P<street>\w\w?)", re.I)


def _houses(text: str) -> Iterator[tuple[str, int, int]]:
    for m in _HOUSE.finditer(text):
        street = m.group("street")
        if street is None:
            yield HOUSE, m.start(), m.end()
        elif street[0].isupper() and not street[1:].isupper():  # a name: not "3 đường giao
            yield HOUSE, m.start(), m.start("street") + 1  # thông" (a count), not "đường ĐT 765"


# ---- sensitive categories, from the vocabulary ---------------------------------------

class Sensitive:
    """Phrases of exemplars/vocab/sensitive.yaml in one Aho-Corasick automaton: one pass over
    the lower-cased text finds every phrase however many there are (the same phrases as
    regex alternations took 2 ms a profile). Each phrase is stored as written and without
    marks, so "dan toc kinh" is caught even inside accented text; "marks" phrases are only
    compared without marks when the whole text has none ("tín đồ" is not "tin đó"), and
    "capital" ones need the name capitalised ("người Kinh", not "người kinh doanh")."""

    def __init__(self, terms: Mapping[str, tuple[str, dict]]) -> None:
        self.reasons: list[str] = []
        self.automaton = ahocorasick.Automaton()
        for label, extra in terms.values():
            self.reasons.append(f"có thông tin về {label} (dữ liệu cá nhân nhạy cảm)")
            for group in extra.get("rules") or []:
                self._add(len(self.reasons) - 1, *_group(group))
        if len(self.automaton):
            self.automaton.make_automaton()

    def _add(self, reason: int, mode: str, words: list[str], before: list[str],
             after: list[str]) -> None:
        pairs = [(w, "") for w in words] + [(b, a) for b in before for a in after]
        for first, name in pairs:
            phrase = " ".join(f"{first} {name}".lower().split())
            offset = len(" ".join(first.lower().split())) + 1 if name else -1
            capital = offset if mode == "capital" else -1
            self._key(phrase, (reason, capital, False))
            self._key(fold(phrase), (reason, capital, mode != "folded"))

    def _key(self, key: str, value: tuple[int, int, bool]) -> None:
        if key and key not in self.automaton:  # the first category to claim a phrase keeps it
            self.automaton.add_word(key, (len(key), *value))

    def find(self, norm: str) -> Iterator[tuple[str, int, int]]:
        if not len(self.automaton):
            return
        lower = norm.lower()
        spaced = _one_space(lower if len(lower) == len(norm) else norm)  # 'İ' changes length
        text = spaced.text
        plain = None
        for last, (size, reason, capital, ascii_only) in self.automaton.iter(text):
            start, end = last - size + 1, last + 1
            if (start and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
                continue  # part of a longer word
            if ascii_only and not (plain if plain is not None else (plain := norm.isascii())):
                continue
            a, b = spaced.origin(start), spaced.origin(end - 1) + 1
            if capital >= 0 and not _proper_name(norm, spaced.origin(start + capital), b):
                continue
            yield self.reasons[reason], a, b


_SPACES = re.compile(r"\s{2,}|[\t\n\r\f\v]")


def _one_space(text: str) -> Normal:
    """Every run of white space as one space ('dân  tộc\nKinh'), with offsets kept."""
    return substitute(_SPACES, text, _space)


def _space(_: str) -> str:
    return " "


_NEXT_WORD = re.compile(r"\s+(\w)")


def _proper_name(norm: str, start: int, end: int) -> bool:
    """'người Thái' is an ethnicity; 'người kinh doanh' and 'người Thái Bình' are not."""
    after = _NEXT_WORD.match(norm, end)
    return norm[start].isupper() and not (after and after.group(1).isupper())


def _group(group: Any) -> tuple[str, list[str], list[str], list[str]]:
    if not isinstance(group, dict):
        return "folded", [], [], []
    words, before, after = ([str(w) for w in group.get(k) or []] for k in ("words", "before", "after"))
    return str(group.get("match") or "folded"), words, before, after


_COMPILED: list[tuple[object, dict, Sensitive]] = []  # the last vocabulary, its terms, automaton


def sensitive_from(vocabs: Mapping[str, Any] | None) -> Sensitive | None:
    """The compiled phrases of the 'sensitive' vocabulary, once per distinct content. Only the
    latest is kept: `showcase serve` loads the vocabularies again at every rebuild (so equal
    terms keep the automaton: building it was 15 ms a rebuild), and a cache keyed by id()
    kept every old automaton alive."""
    vocab = (vocabs or {}).get("sensitive")
    if vocab is None:
        return None
    if not _COMPILED or _COMPILED[0][0] is not vocab:
        terms = {k: (vocab.labels[k], vocab.extra.get(k, {})) for k in vocab.labels}
        same = _COMPILED and _COMPILED[0][1] == terms
        _COMPILED[:] = [(vocab, terms, _COMPILED[0][2] if same else Sensitive(terms))]
    return _COMPILED[0][2]


# ---- the scan -------------------------------------------------------------------------

# A cheap first pass: digits, an @, or a word some phrase starts with; most text has none of
# the first two, and the vocabulary's words are checked after folding.
_MAYBE = re.compile(r"[0-9@]|\[at\]|\(at\)")


def scan_text(text: str, sensitive: Sensitive | None = None) -> list[tuple[str, str, int]]:
    """(reason, text as written, offset in `text`) for each piece of personal data found."""
    norm = normalise(text)
    n = norm.text
    found: list[tuple[str, int, int]] = []
    if _MAYBE.search(n):
        found += _numbers(n)
        found += ((EMAIL, m.start(), m.end()) for m in _EMAIL.finditer(n))
        found += _houses(n)
    if sensitive is not None:
        found += sensitive.find(n)
    return _report(text, norm, found)


def _report(text: str, norm: Normal, found: list[tuple[str, int, int]]) -> list[tuple[str, str, int]]:
    out: list[tuple[str, str, int]] = []
    taken: list[range] = []  # '+84 912345678' is a phone, not also a 9-digit ID
    for reason, start, end in sorted(found, key=lambda f: (f[1], -f[2])):
        if any(start in span for span in taken):
            continue
        taken.append(range(start, end))
        a, b = norm.origin(start), norm.origin(end - 1) + 1
        out.append((reason, text[a:b], a))
    return out


@lru_cache(maxsize=4096)  # unit folders and photo names repeat across files
def scan_name(name: str, sensitive: Sensitive | None = None) -> list[tuple[str, str, int]]:
    """A file name, slug or id: words joined by '-' or '_' read as words."""
    return scan_text(re.sub(r"[-_]", " ", name), sensitive)


# ---- a whole parsed file: every key, every text value and its name -------------------

_NOT_PROSE = frozenset({"decision", "date", "received", "quarter", "birth_year", "year",
                        "withdrawn", "status", "sample", "subject", "category", "unit", "fields",
                        "movements", "relation", "scope", "person", "removed_photos",
                        "file"})
_NAMES = frozenset({"id", "slug", "aliases"})  # end up in URLs; photo files: check_file_names
REMOVE = "Hãy xóa thông tin này trước khi công bố."


def check_doc(doc: Doc, problems: Problems, vocabs: Mapping[str, Any] | None = None) -> None:
    """Refuse keys, text and names that carry personal data we never publish."""
    sensitive = sensitive_from(vocabs)
    check_path(doc, problems, sensitive)
    for at, field_name, value in _walk(doc.data, (), ""):
        kind = forbidden_key(at[-1]) if isinstance(at[-1], str) else None
        if kind:
            problems.error(doc.path, doc.key_mark(*at), f"{dotted(at)}: không được lưu {kind} "
                           "(dữ liệu cá nhân không công bố theo Luật Bảo vệ dữ liệu cá nhân). "
                           "Hãy xóa dòng này.")
        elif value.__class__ is str and field_name in _NAMES:
            for reason, found, _ in scan_name(value, sensitive):
                problems.error(doc.path, doc.mark(*at), f"{dotted(at)}: '{value}' {reason} "
                               f"('{found}'); tên này hiện trong đường dẫn công khai. Hãy đổi tên "
                               "khác.")
        elif value.__class__ is str and field_name not in _NOT_PROSE:
            for reason, found, offset in scan_text(value, sensitive):
                problems.error(doc.path, doc.inner_mark(at, value, offset), f"{dotted(at)}: nội "
                               f"dung {reason} ('{found}'). {REMOVE}")


def check_path(doc: Doc, problems: Problems, sensitive: Sensitive | None) -> None:
    """File and folder names become URLs: 'nguyen-van-a-0912345678.yaml' would publish a phone."""
    parts = problems.rel(doc.path).split("/")
    for depth, part in enumerate(parts[1:], 1):
        name = part.rsplit(".", 1)[0] if depth == len(parts) - 1 else part
        what = "Tên tệp" if depth == len(parts) - 1 else "Tên thư mục"
        for reason, found, _ in scan_name(name, sensitive):
            problems.error(doc.path, (1, 1), f"{what} '{part}' {reason} ('{found}'); tên này hiện "
                           "trong đường dẫn công khai. Hãy đổi tên khác.")


_DOCS = (".md", ".yaml", ".yml")  # their names are scanned with their content (check_path)
_NOT_CONTENT = frozenset({"vocab", "schema"})


def check_file_names(root: Path, problems: Problems, vocabs: Mapping[str, Any] | None = None) -> None:
    """Every other file in content/ and exemplars/ (photos, images, strays): the repository is
    public and content files are published, so 'anh-0912345678.jpg' publishes a phone."""
    sensitive = sensitive_from(vocabs)
    for top in ("content", "exemplars"):
        for folder, dirs, files in os.walk(root / top):
            if top == "exemplars" and folder == os.path.join(root, top):
                dirs[:] = [d for d in dirs if d not in _NOT_CONTENT]
            dirs.sort()
            for name in sorted(f for f in files if not f.lower().endswith(_DOCS)):
                for reason, found, _ in scan_name(name.rsplit(".", 1)[0], sensitive):
                    problems.error(Path(folder) / name, (1, 1), f"Tên tệp '{name}' {reason} "
                                   f"('{found}'); tên này hiện trong đường dẫn công khai. Hãy "
                                   "đổi tên khác (và sửa tên trong hồ sơ dùng tệp này).")


def scan_body(body: str, path: Any, marks: Any, problems: Problems,
              vocabs: Mapping[str, Any] | None = None) -> None:
    """The Markdown body of a hand-written page; `marks(offset)` gives line and column."""
    for reason, found, offset in scan_text(body, sensitive_from(vocabs)):
        problems.error(path, marks(offset), f"nội dung: {reason} ('{found}'). {REMOVE}")


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
