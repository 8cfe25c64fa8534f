"""Two profiles of one person: same name and unit, and the same birth year or quarter.

A warning, not an error: two neighbours may share a common name (many a Nguyễn Văn An).
The message says how to tell them apart, so `--strict` can pass for two real people:
a different birth year or hamlet means two people.
"""
from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field
from pathlib import Path

from showcase.core.model import Exemplar
from showcase.core.problems import Problem, Problems
from showcase.validate import cache

_NAME_LINE = re.compile(r"^name\s*:", re.M)

Key = tuple[str, str]  # (name as compared, unit): only records with one key are compared
Found = tuple[tuple[str, Problem], ...]  # (path the loop was at, its warning)


@dataclass
class _Index:
    """The latest run's buckets, for `showcase serve`'s re-runs. A record object the run
    saw last time is unchanged (the check's memo hands back an unchanged file's record
    object, and only while its bytes, and so its `name:` line, are the same: identity, not
    equality, since a comment added above `name:` moves the line but leaves the values
    equal). Holding every record keeps their ids from being reused."""

    root: str
    keys: dict[int, tuple[Exemplar, Key | None]] = field(default_factory=dict)  # by id(record)
    buckets: dict[Key, list[Exemplar]] = field(default_factory=dict)  # each in path order
    found: dict[Key, Found] = field(default_factory=dict)  # the buckets that warn


_LAST: list[_Index] = []


def forget() -> None:
    """The latest run's index out of memory: the next run compares every record again."""
    _LAST.clear()


def check_same_person(exemplars: list[Exemplar], problems: Problems) -> None:
    """One warning a pair, naming both files: on the draft, or on the later path, in the
    order of the profiles' paths. Only the buckets a record joined or left are compared
    again; SHOWCASE_NO_CACHE (a cold run) starts from nothing and leaves the index alone."""
    now = {id(e): e for e in exemplars}
    memo = cache.enabled() and len(now) == len(exemplars)  # one object twice: start afresh
    ix = _LAST[0] if memo and _LAST and _LAST[0].root == str(problems.root) else _Index(str(problems.root))
    if memo:
        _LAST.clear()  # updated in place: a run that stops half-way leaves no index behind
    touched = _leave(ix, [i for i in ix.keys if i not in now])
    touched |= _join(ix, [e for i, e in now.items() if i not in ix.keys])
    for key in touched:
        group = ix.buckets[key]
        group.sort(key=_SOURCE)
        if not group:
            del ix.buckets[key]
        if found := tuple(_compare(group, problems.root)):
            ix.found[key] = found
        else:
            ix.found.pop(key, None)
    problems.items.extend(p for _, p in sorted((w for ws in ix.found.values() for w in ws),
                                               key=lambda w: w[0]))
    if memo:
        _LAST[:] = [ix]


def _leave(ix: _Index, ids: list[int]) -> set[Key]:
    touched = set()
    for i in ids:
        e, key = ix.keys.pop(i)
        if key is not None:
            ix.buckets[key] = [x for x in ix.buckets[key] if x is not e]
            touched.add(key)
    return touched


def _join(ix: _Index, records: list[Exemplar]) -> set[Key]:
    touched = set()
    for e in records:
        key = None if e.status == "withdrawn" or not e.name else (_same_text(e.name), e.unit)
        ix.keys[id(e)] = (e, key)
        if key is not None:
            ix.buckets.setdefault(key, []).append(e)
            touched.add(key)
    return touched


_SOURCE = operator.attrgetter("source")


def _compare(group: list[Exemplar], root: Path) -> list[tuple[str, Problem]]:
    """(the path the loop was at, its warning) for each pair in one bucket, as the one loop
    over every profile in path order would give them."""
    scratch = Problems(root)
    out: list[tuple[str, Problem]] = []
    for i, e in enumerate(group):
        for other in group[:i]:
            why = _same(e, other) if e.id != other.id else None  # one id twice: already an error
            if why:  # on the unpublished one if there is one: likely the copy being added
                new, old = (other, e) if e.published and not other.published else (e, other)
                scratch.warn(new.source, _name_mark(root, new.source), _message(new, old, why))
                out.append((e.source, scratch.items[-1]))
                break
    return out


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
