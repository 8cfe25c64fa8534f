"""Dates that record something that happened (received, consent, award, withdrawal) cannot
be after today: a typed year (2062 for 2026) or a swapped day and month is caught here.

Read from the document itself, not the record, so the rule holds whatever else is wrong in
the file (an invalid unit drops the record, not this check).
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterator

from showcase.core.clock import today
from showcase.core.problems import Problems
from showcase.core.vi import parse_date
from showcase.load.documents import Doc, dotted

PAST_DATES = (("received",), ("withdrawn",), ("consent", "date"), ("consent", "withdrawn"))


def check_not_future(doc: Doc, problems: Problems, now: dt.date | None = None) -> None:
    if not isinstance(doc.data, dict):
        return
    now = now or today()
    for at, day in _dates(doc.data):
        if day > now:
            problems.error(doc.path, doc.mark(*at), f"{dotted(at)}: ngày {day:%d/%m/%Y} chưa tới "
                           f"(hôm nay là {now:%d/%m/%Y}). Hãy kiểm tra lại ngày, tháng, năm"
                           + _swap_hint(day, now) + ".")
    for i, award in enumerate(_awards(doc.data)):
        year = award.get("year")
        if isinstance(year, str) and year.strip().isdigit() and int(year) > now.year:
            problems.error(doc.path, doc.mark("awards", i, "year"), f"awards[{i + 1}].year: năm "
                           f"{int(year)} chưa tới (năm nay là {now.year}). Hãy kiểm tra lại năm.")


def _dates(data: dict) -> Iterator[tuple[tuple, dt.date]]:
    for at in PAST_DATES:
        value: Any = data
        for key in at:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, str) and (day := parse_date(value)):
            yield at, day
    for i, award in enumerate(_awards(data)):
        if isinstance(award.get("date"), str) and (day := parse_date(award["date"])):
            yield ("awards", i, "date"), day


def _awards(data: dict) -> list[dict]:
    awards = data.get("awards")
    return [a if isinstance(a, dict) else {} for a in awards] if isinstance(awards, list) else []


def _swap_hint(day: dt.date, now: dt.date) -> str:
    """05/12/2026 typed for 12/05/2026: suggest the swap when that one is in the past."""
    if day.day > 12 or day.day == day.month:
        return ""
    swapped = day.replace(month=day.day, day=day.month)  # both are 1..12: always a real date
    return f" (có phải ý bạn là {swapped:%d/%m/%Y}?)" if swapped <= now else ""
