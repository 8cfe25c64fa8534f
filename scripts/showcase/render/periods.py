"""Time spans read from the data: the reorganisation date that splits the units page, and the
movement that is current on the build's "today" (both for pages.py).

Nothing here is hard-coded to 1/7/2025: the date is where the units' own successors begin.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Iterable, Mapping

from showcase.core.model import Movement, Unit

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-–—]\s*(\d{4}))?\s*$")
_QUARTER = re.compile(r"^\s*quý\s+(IV|I{1,3}|[1-4])\s*/\s*(\d{4})\s*$", re.IGNORECASE)


def reorganised_on(units: Mapping[str, Unit]) -> dt.date | None:
    """The newest day on which a successor unit began: the last reorganisation (01/07/2025 in
    the sample data). None when no unit has a dated successor."""
    successors = {s for u in units.values() for s in u.successor}
    starts = [u.valid_from for u in units.values() if u.id in successors and u.valid_from]
    return max(starts, default=None)


def span(m: Movement) -> tuple[dt.date, dt.date] | None:
    """The days a movement runs, from its free-text period ('2021-2025', '2024', 'Quý II/2021')
    or else its one date; None when neither says."""
    if found := _YEARS.match(m.period or ""):
        first = int(found[1])
        return dt.date(first, 1, 1), dt.date(int(found[2] or first), 12, 31)
    if found := _QUARTER.match(m.period or ""):
        q, year = int(_ROMAN.get(found[1].upper(), found[1])), int(found[2])
        end = dt.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1) - dt.timedelta(days=1)
        return dt.date(year, 3 * q - 2, 1), end
    return (m.date, m.date) if m.date else None


def current_movement(movements: Iterable[Movement], today: dt.date) -> tuple[Movement | None, bool]:
    """The movement running today (the latest to start, if several), else the one that ended
    last; the flag says whether it runs today. Movements without a period are never picked."""
    dated = sorted(((s, m) for m in movements if (s := span(m))), key=lambda sm: (sm[0], sm[1].id))
    running = [(s, m) for s, m in dated if s[0] <= today <= s[1]]
    if running:
        return running[-1][1], True
    ended = [(s, m) for s, m in dated if s[1] < today]
    if ended:
        return max(ended, key=lambda sm: (sm[0][1], sm[1].id))[1], False
    return None, False
