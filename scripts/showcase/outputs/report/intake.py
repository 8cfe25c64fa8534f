"""The Home Affairs office's intake report: exemplars per unit and quarter against the plan.

Who must report is the reporting plan (validate/plan.py).
`intake()` computes the matrix once; the CSV, the XLSX and the web page all render it.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from showcase.catalog import Catalog
from showcase.validate.plan import Period
from showcase.core import clock
from showcase.core.model import Unit
from showcase.core.vi import format_quarter, quarter_span, text_sort_key

# Cell statuses: id (CSS class, stable) → Vietnamese label.
STATUS = {
    "missing": "Chưa giới thiệu",
    "on-target": "Đạt",
    "above": "Vượt",
    "no-quota": "Không giao chỉ tiêu",
    "not-due": "Chưa hết quý",
    "not-yet": "Chưa thành lập",
    "gone": "Không còn tồn tại",
}
DUE = {"missing", "on-target", "above"}
MET = {"on-target", "above"}


@dataclass(frozen=True, slots=True)
class Cell:
    count: int
    status: str

    @property
    def label(self) -> str:
        return STATUS[self.status]


@dataclass(frozen=True, slots=True)
class Row:
    unit: Unit
    label: str
    reports_to: str
    cells: tuple[Cell, ...]  # quarters I-IV

    @property
    def total(self) -> int:
        return sum(c.count for c in self.cells)

    @property
    def due(self) -> int:
        """Quarters in which the unit had to introduce exemplars (existing, with a quota, over)."""
        return sum(c.status in DUE for c in self.cells)

    @property
    def met(self) -> int:
        return sum(c.status in MET for c in self.cells)

    @property
    def share(self) -> float | None:
        """The yearly figure for emulation scoring: share of due quarters meeting the quota."""
        return self.met / self.due if self.due else None


@dataclass(frozen=True)
class Intake:
    year: int
    rows: tuple[Row, ...]
    periods: tuple[Period, ...]  # those that apply to some quarter of the year

    def quarter_total(self, q: int) -> int:
        return sum(r.cells[q - 1].count for r in self.rows)

    def quarter_missing(self, q: int) -> int:
        return sum(r.cells[q - 1].status == "missing" for r in self.rows)

    @property
    def total(self) -> int:
        return sum(r.total for r in self.rows)


# ---- the matrix ---------------------------------------------------------------------------

def _period_for(periods: tuple[Period, ...], day: dt.date) -> Period | None:
    return next((p for p in periods if p.covers(day)), None)


def cell(unit: Unit, count: int, year: int, q: int, periods: tuple[Period, ...],
         today: dt.date) -> Cell:
    start, end = quarter_span(year, q)
    if unit.valid_from and unit.valid_from > end:
        return Cell(count, "not-yet")
    if unit.valid_to and unit.valid_to < start:
        return Cell(count, "gone")
    period = _period_for(periods, start)
    if period is None or period.min is None or unit.id not in period.units:
        return Cell(count, "no-quota")
    if count == 0 and end >= today:
        return Cell(count, "not-due")
    if count < period.min:
        return Cell(count, "missing")
    return Cell(count, "above" if period.max is not None and count > period.max else "on-target")


def intake(catalog: Catalog, year: int, periods: tuple[Period, ...],
           today: dt.date | None = None) -> Intake:
    today = today or clock.today()  # the run's one today (SHOWCASE_TODAY in tests)
    counts: dict[tuple[str, int], int] = {}
    for e in catalog.exemplars:
        if e.year == year:
            counts[(e.unit, e.quarter[1])] = counts.get((e.unit, e.quarter[1]), 0) + 1
    rows = []
    for unit in _units_of_year(catalog, year, periods, {u for u, _ in counts}):
        cells = tuple(cell(unit, counts.get((unit.id, q), 0), year, q, periods, today)
                      for q in range(1, 5))
        rows.append(Row(unit, catalog.unit_label(unit.id), _reports_to(unit, year, periods), cells))
    used = tuple(p for p in periods if any(p.covers(quarter_span(year, q)[0]) for q in range(1, 5)))
    return Intake(year, tuple(rows), used)


def _units_of_year(catalog: Catalog, year: int, periods: tuple[Period, ...],
                   reporting: set[str]) -> list[Unit]:
    """Units listed for the year's periods (in the file's order), then any other unit that
    introduced exemplars that year (in Vietnamese alphabetical order)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    listed: list[str] = []
    for p in periods:
        if p.start <= last and (p.end is None or p.end >= first):
            listed += [u for u in p.units if u not in listed]
    units = [catalog.units[u] for u in listed if u in catalog.units and _lives_in(catalog.units[u], first, last)]
    extra = sorted((catalog.units[u] for u in reporting - set(listed) if u in catalog.units),
                   key=lambda u: text_sort_key(u.name))
    return units + extra


def _lives_in(unit: Unit, first: dt.date, last: dt.date) -> bool:
    return (unit.valid_from is None or unit.valid_from <= last) and \
        (unit.valid_to is None or unit.valid_to >= first)


def _reports_to(unit: Unit, year: int, periods: tuple[Period, ...]) -> str:
    seen: list[str] = []
    for q in range(1, 5):
        p = _period_for(periods, quarter_span(year, q)[0])
        if p and unit.id in p.units and p.reports_to not in seen:
            seen.append(p.reports_to)
    return "; ".join(seen) or unit.reports_to


# ---- tables: one layout for CSV, XLSX and the page ---------------------------------------

def header(year: int) -> list[str]:
    cols = ["STT", "Đơn vị", "Gửi về"]
    for q in range(1, 5):
        quarter = format_quarter(year, q).split("/")[0]
        cols += [f"{quarter}: số điển hình", f"{quarter}: tình trạng"]
    return cols + ["Cả năm: số điển hình", "Số quý phải giới thiệu", "Số quý đạt", "Tỷ lệ quý đạt"]


def percent(share: float | None) -> str:
    return "" if share is None else f"{round(share * 100)}%"


def table(data: Intake) -> list[list[object]]:
    """Header, one row per unit, and a total row. Shares stay floats for the XLSX."""
    rows: list[list[object]] = [header(data.year)]
    for i, r in enumerate(data.rows, 1):
        cells: list[object] = []
        for c in r.cells:
            cells += [c.count, c.label]
        rows.append([i, r.label, r.reports_to, *cells, r.total, r.due, r.met, r.share])
    totals: list[object] = []
    for q in range(1, 5):
        missing = data.quarter_missing(q)
        totals += [data.quarter_total(q), f"{missing} đơn vị chưa giới thiệu" if missing else ""]
    rows.append(["", "Tổng cộng", "", *totals, data.total, sum(r.due for r in data.rows),
                 sum(r.met for r in data.rows), None])
    return rows


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def not_a_formula(value: object) -> object:
    """Text a spreadsheet would run as a formula ('=HYPERLINK(…)', '+1', '@SUM') gets a leading
    apostrophe, which Excel and LibreOffice read as "this cell is text" (OWASP's advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(data: Intake, note: str = "") -> bytes:
    """UTF-8 with a BOM so that Excel shows the diacritics; CRLF as Excel expects. `note`, the
    sentence saying which profiles were counted, is the first line when given."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    if note:
        writer.writerow([not_a_formula(note)])
    for row in table(data):
        writer.writerow(["" if v is None else percent(v) if isinstance(v, float) else not_a_formula(v)
                         for v in row])
    return buf.getvalue().encode("utf-8-sig")


def title(year: int) -> str:
    return f"Tình hình giới thiệu điển hình năm {year}"


def file_stem(year: int) -> str:
    return f"tinh-hinh-gioi-thieu-dien-hinh-{year}"
