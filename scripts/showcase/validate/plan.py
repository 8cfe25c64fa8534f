"""The reporting plan (exemplars/reporting.yaml): who must introduce exemplars, to whom, how many.

It changes with each plan and with the 1/7/2025 reorganisation, so it is data, checked like the rest.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from showcase.core.model import F, Unit
from showcase.core.problems import ContentError, Problems
from showcase.load.documents import load_yaml
from showcase.validate.schema import Ctx, check_fields

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


@dataclass(frozen=True, slots=True)
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
