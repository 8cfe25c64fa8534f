"""Two profiles of one person: same name and unit, and the same birth year or quarter.

A warning, not an error: two neighbours may share a common name (many a Nguyễn Văn An).
The message says how to tell them apart, so `--strict` can pass for two real people:
a different birth year or hamlet means two people.
"""
from __future__ import annotations

import re
from pathlib import Path

from showcase.core.model import Exemplar
from showcase.core.problems import Problems

_NAME_LINE = re.compile(r"^name\s*:", re.M)


def check_same_person(exemplars: list[Exemplar], problems: Problems) -> None:
    """One warning a pair, naming both files: on the draft, or on the later path."""
    by_key: dict[tuple[str, str], list[Exemplar]] = {}
    for e in sorted(exemplars, key=lambda e: e.source):
        if e.status == "withdrawn" or not e.name:
            continue
        key = (_same_text(e.name), e.unit)
        for other in by_key.get(key, ()):
            why = _same(e, other) if e.id != other.id else None  # one id twice: already an error
            if why:  # on the unpublished one if there is one: likely the copy being added
                new, old = (other, e) if e.published and not other.published else (e, other)
                problems.warn(new.source, _name_mark(problems.root, new.source),
                              _message(new, old, why))
                break
        by_key.setdefault(key, []).append(e)


def _same(a: Exemplar, b: Exemplar) -> str | None:
    """Why two same-named profiles of one unit look like one person, or None."""
    if a.hamlet and b.hamlet and _same_text(a.hamlet) != _same_text(b.hamlet):
        return None
    if a.birth_year and b.birth_year:
        return f"năm sinh {a.birth_year}" if a.birth_year == b.birth_year else None
    if a.quarter == b.quarter:
        return f"quý {a.quarter[1]}/{a.quarter[0]}"
    return None


def _same_text(text: str) -> str:
    """Case and spacing aside; accents count (Lan and Lân are two names). Text is NFC."""
    return " ".join(text.lower().split())


def _message(e: Exemplar, other: Exemplar, why: str) -> str:
    return (f"name: hồ sơ này và {other.source} có vẻ là cùng một người (cùng tên '{e.name}', "
            f"đơn vị {e.unit}, {why}). Nếu đúng, hãy gộp thành một hồ sơ và xóa tệp còn lại; nếu "
            "là hai người khác nhau, hãy ghi năm sinh (birth_year) hoặc ấp (hamlet) để phân biệt.")


def _name_mark(root: Path, source: str) -> tuple[int, int]:
    """The `name:` line; read again only for the rare duplicate (records keep no marks)."""
    try:
        text = (root / source).read_text(encoding="utf-8")
    except OSError:
        return 1, 1
    m = _NAME_LINE.search(text)
    return (text.count("\n", 0, m.start()) + 1, 1) if m else (1, 1)
