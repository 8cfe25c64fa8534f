"""The Home Affairs office's intake report: exemplars per unit and quarter against the plan.

Who must report, to whom and how many per quarter is data (exemplars/reporting.yaml),
because it changes with each plan and with the 1/7/2025 reorganisation.
`intake()` computes the matrix once; the CSV, the XLSX and the web page all render it.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import sys
from dataclasses import dataclass
from pathlib import Path

from showcase.catalog import Catalog
from showcase.load.documents import load_yaml
from showcase.core.model import F, Unit
from showcase.core.problems import ContentError, Problems
from showcase.validate.schema import Ctx, check_fields
from showcase.core.vi import format_quarter, quarter_span, text_sort_key

REPORTING_FILE = Path("exemplars") / "reporting.yaml"

PERIOD = (
    F("id", "slug", "Mã giai đoạn.", required=True, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
      example="huyen-cam-my"),
    F("name", "str", "Tên giai đoạn.", required=True, example="Huyện Cẩm Mỹ (đến 30/6/2025)"),
    F("from", "date", "Ngày bắt đầu áp dụng.", required=True, example="01/01/2021"),
    F("to", "date", "Ngày cuối cùng áp dụng (để trống nếu còn áp dụng).", example="30/06/2025"),
    F("reports_to", "str", "Nơi nhận danh sách điển hình mỗi quý.", required=True,
      example="Phòng Nội vụ huyện Cẩm Mỹ"),
    F("min", "int", "Số điển hình tối thiểu mỗi quý.", example="1"),
    F("max", "int", "Số điển hình theo chỉ tiêu tối đa mỗi quý (nhiều hơn là 'vượt').", example="2"),
    F("basis", "str", "Văn bản giao chỉ tiêu.", max_len=400),
    F("note", "str", "Ghi chú.", max_len=600),
    F("units", "list", "Mã các đơn vị phải giới thiệu.",
      items=F("unit", "ref", "Đơn vị", vocab="units")),
)

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
ABSENT = {"not-yet", "gone"}
DUE = {"missing", "on-target", "above"}
MET = {"on-target", "above"}


@dataclass(frozen=True)
class Period:
    id: str
    name: str
    start: dt.date
    end: dt.date | None
    reports_to: str
    units: tuple[str, ...]
    min: int | None = None
    max: int | None = None
    basis: str = ""
    note: str = ""

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    @property
    def target(self) -> str:
        if self.min is None:
            return "không giao chỉ tiêu"
        return f"{self.min}-{self.max}" if self.max and self.max != self.min else f"{self.min}"


@dataclass(frozen=True)
class Cell:
    count: int
    status: str

    @property
    def label(self) -> str:
        return STATUS[self.status]


@dataclass(frozen=True)
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


# ---- reading exemplars/reporting.yaml -------------------------------------------------------

def load_periods(root: Path, units: dict[str, Unit] | None = None) -> tuple[Period, ...]:
    """Read and check reporting.yaml; raise ContentError listing every problem."""
    problems = Problems(root)
    periods = check_reporting(root, units or {}, problems)
    if problems.items:
        raise ContentError(problems)
    return periods


def check_reporting(root: Path, units: dict[str, Unit], problems: Problems) -> tuple[Period, ...]:
    """The reporting plan's periods; problems go to the caller's collector (`showcase check`)."""
    path = root / REPORTING_FILE
    if not path.exists():
        problems.error(path, (1, 1), "Thiếu tệp exemplars/reporting.yaml (đơn vị nào phải giới "
                       "thiệu điển hình, gửi về đâu, chỉ tiêu mỗi quý).")
        return ()
    doc = load_yaml(path, problems)
    periods = [] if doc is None else _periods(doc, units, problems)
    return tuple(sorted(periods, key=lambda p: p.start))


def _periods(doc, units: dict[str, Unit], problems: Problems) -> list[Period]:
    if not isinstance(doc.data, list):
        problems.error(doc.path, doc.mark(), "reporting.yaml phải là một danh sách '- id: ...'.")
        return []
    ctx = Ctx(problems, {}, {"units": lambda u: not units or u in units})
    out = []
    for i, item in enumerate(doc.data):
        v = check_fields(doc, PERIOD, ctx, (i,), item)
        if not {"id", "name", "from", "reports_to"} <= v.keys():
            continue
        if v.get("max") is not None and v.get("min") is not None and v["max"] < v["min"]:
            problems.error(doc.path, doc.mark(i, "max"), f"[{i + 1}].max: chỉ tiêu tối đa "
                           f"{v['max']} nhỏ hơn tối thiểu {v['min']}.")
        out.append(Period(v["id"], v["name"], v["from"], v.get("to"), v["reports_to"],
                          tuple(v.get("units", ())), v.get("min"), v.get("max"),
                          v.get("basis", ""), v.get("note", "")))
        _check_overlap(doc, i, out, problems)
    return out


def _check_overlap(doc, i: int, periods: list[Period], problems: Problems) -> None:
    """A quarter must belong to one period only, or its quota would be ambiguous."""
    new = periods[-1]
    for old in periods[:-1]:
        if new.start <= (old.end or dt.date.max) and old.start <= (new.end or dt.date.max):
            problems.error(doc.path, doc.mark(i, "from"), f"[{i + 1}].from: giai đoạn '{new.id}' "
                           f"trùng thời gian với giai đoạn '{old.id}'. Hãy sửa from/to để các giai "
                           "đoạn nối tiếp nhau, không chồng lên nhau.")


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
    today = today or dt.date.today()
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


def to_csv(data: Intake) -> bytes:
    """UTF-8 with a BOM so that Excel shows the diacritics; CRLF as Excel expects."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    for row in table(data):
        writer.writerow(["" if v is None else percent(v) if isinstance(v, float) else v
                         for v in row])
    return buf.getvalue().encode("utf-8-sig")


def title(year: int) -> str:
    return f"Tình hình giới thiệu điển hình năm {year}"


def file_stem(year: int) -> str:
    return f"tinh-hinh-gioi-thieu-dien-hinh-{year}"


def to_xlsx(data: Intake) -> bytes:
    from showcase.outputs.report.xlsx import workbook_bytes
    return workbook_bytes(data, table(data), title(data.year))


# ---- the `showcase report` verb ----------------------------------------------------------

def report_command(args: argparse.Namespace) -> int:
    from showcase.publish.pipeline import load_catalog
    catalog, _ = load_catalog(args.root)
    periods = load_periods(args.root, dict(catalog.units))
    if not any(p.start.year <= args.year and (p.end is None or p.end.year >= args.year) for p in periods):
        print(f"Năm {args.year} không thuộc giai đoạn nào trong {REPORTING_FILE.as_posix()}; "
              f"hãy chọn năm khác hoặc bổ sung giai đoạn vào tệp đó.", file=sys.stderr)
        return 2
    data = intake(catalog, args.year, periods)
    payload = to_xlsx(data) if args.format == "xlsx" else to_csv(data)
    output = args.output
    if output is None and args.format == "xlsx":
        output = Path(f"{file_stem(args.year)}.xlsx")
    if output is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        return 0
    output.write_bytes(payload)
    print(f"Đã ghi báo cáo năm {args.year} ({len(data.rows)} đơn vị, {data.total} điển hình) "
          f"vào {output}.", file=sys.stderr)
    return 0
