"""Comparing a run's list with the latest run's by identity, at C speed (issue 14).

A warm `showcase serve` run gets back the same objects for unchanged inputs (the check's
memo hands back an unchanged file's record, render/memo.exemplar_keys its key object), so
"what changed" is where two lists hold different objects: found with map(operator.is_) and
list.index, not a Python loop over 10,000 items.
"""
from __future__ import annotations

from operator import is_
from typing import Sequence


def same_places(a: Sequence, b: Sequence) -> list[bool]:
    """a[i] is b[i], for i up to the shorter length."""
    return list(map(is_, a, b))


def false_at(flags: list[bool]) -> list[int]:
    """Indexes of the False items."""
    out, i = [], -1
    try:
        while True:
            i = flags.index(False, i + 1)
            out.append(i)
    except ValueError:
        return out


def same_run(a: Sequence, b: Sequence) -> int:
    """How many leading items of a and b are the same objects."""
    same = same_places(a, b)
    try:
        return same.index(False)
    except ValueError:
        return len(same)
