"""Pages for the Home Affairs office: the intake matrix per year and the printable year review.

Plain HTML tables with classes (Markdown tables cannot carry per-cell status); every
status is written in words, so the page still reads in print and without colour.
"""
from __future__ import annotations

import html
from collections import defaultdict

from showcase.catalog import Catalog, profile_url
from showcase.core.model import Exemplar
from showcase.core.outfile import OutFile
from showcase.render.pages import front_matter, rel
from showcase.outputs.report.intake import STATUS, Intake, file_stem, intake, percent, title, to_csv
from showcase.outputs.report.xlsx import to_xlsx
from showcase.validate.plan import Period
from showcase.core.vi import format_quarter, name_sort_key

REPORT_DIR = "bao-cao"
ROMAN = ("I", "II", "III", "IV")

STYLE = """<style>
.sc-intake { font-size: .7rem; }
.md-typeset .sc-intake th, .md-typeset .sc-intake td { padding: .3em .5em; vertical-align: top; }
.sc-intake .sc-n { font-weight: 700; font-size: 1.1em; display: block; }
.md-typeset .sc-intake th[scope=row] { text-align: left; }
.sc-st-missing { background: #f8d7da; } .sc-st-on-target { background: #d4edda; }
.sc-st-above { background: #cce5ff; } .sc-st-not-yet, .sc-st-gone { color: #666; background: #eee; }
.sc-review-item { break-inside: avoid; page-break-inside: avoid; margin-bottom: 1em; }
.sc-review-meta { color: var(--md-default-fg-color--light); margin: 0; }
@media print { .sc-intake { font-size: 8pt; } .sc-downloads { display: none; } }
</style>
"""


def _e(text: object) -> str:
    return html.escape(str(text))


def years_with_data(catalog: Catalog) -> list[int]:
    return sorted({e.year for e in catalog.exemplars})


# ---- the intake page ------------------------------------------------------------------

def intake_page(catalog: Catalog, data: Intake) -> OutFile:
    year = data.year
    here = f"{REPORT_DIR}/{year}/"
    body = [STYLE, _periods_text(data.periods), _downloads(year), _matrix(catalog, data, here),
            _legend()]
    meta = front_matter(title=f"{title(year)}", description=(
        f"Số điển hình mỗi đơn vị giới thiệu trong từng quý năm {year}, so với chỉ tiêu của kế hoạch."),
        hide=["toc"])
    return OutFile(f"{REPORT_DIR}/{year}/index.md", meta + "\n\n".join(body) + "\n")


def _periods_text(periods: tuple[Period, ...]) -> str:
    lines = []
    for p in periods:
        quota = (f"mỗi quý giới thiệu từ {p.min} đến {p.max} điển hình" if p.min is not None
                 else "không giao chỉ tiêu hằng quý")
        basis = f" Căn cứ: {_e(p.basis)}." if p.basis else ""
        note = f" {_e(p.note)}" if p.note else ""
        lines.append(f"- **{_e(p.name)}**: gửi về {_e(p.reports_to)}; {quota}.{basis}{note}")
    return "\n".join(lines)


def _downloads(year: int) -> str:
    stem = file_stem(year)
    return (f"Tải về: [bảng tính Excel (.xlsx)]({stem}.xlsx) · [CSV]({stem}.csv) · "
            "[danh sách điển hình cả năm (bản in)](tong-ket.md)\n{: .sc-downloads }")


def _matrix(catalog: Catalog, data: Intake, here: str) -> str:
    head = "".join(f'<th scope="col">Quý {ROMAN[q]}</th>' for q in range(4))
    rows = [f'<tr><td>{i}</td><th scope="row"><a href="{rel(here, f"don-vi/{r.unit.id}/")}">'
            f'{_e(r.label)}</a></th>' + "".join(_cell(c) for c in r.cells)
            + f'<td class="sc-total">{r.total}</td><td>{_share(r)}</td></tr>'
            for i, r in enumerate(data.rows, 1)]
    foot = "".join(f'<td><span class="sc-n">{data.quarter_total(q)}</span>'
                   + (f'{data.quarter_missing(q)} đơn vị chưa giới thiệu' if data.quarter_missing(q) else "")
                   + "</td>" for q in range(1, 5))
    return ('<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
            f'<table class="sc-intake"><thead><tr><th scope="col">STT</th><th scope="col">Đơn vị</th>{head}'
            '<th scope="col">Cả năm</th><th scope="col">Số quý đạt</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody><tfoot><tr><td></td><th scope="row">Tổng cộng</th>{foot}'
            f'<td class="sc-total">{data.total}</td><td></td></tr></tfoot></table></div></div>')


def _cell(c) -> str:
    return (f'<td class="sc-st sc-st-{c.status}"><span class="sc-n">{c.count}</span>'
            f'{_e(c.label)}</td>')


def _share(r) -> str:
    return f"{r.met}/{r.due} ({percent(r.share)})" if r.due else "—"


def _legend() -> str:
    items = "".join(f"<li><strong>{_e(label)}</strong></li>" for label in STATUS.values())
    return ("Mỗi ô ghi số điển hình đơn vị giới thiệu trong quý và tình trạng. "
            "«Số quý đạt» là số quý đơn vị giới thiệu đủ chỉ tiêu trên số quý phải giới thiệu; "
            "quý đơn vị chưa thành lập hoặc đã sắp xếp, quý chưa kết thúc và giai đoạn không giao "
            "chỉ tiêu không được tính.\n\n"
            f'<ul class="sc-legend">{items}</ul>')


# ---- the year review ------------------------------------------------------------------

def review_page(catalog: Catalog, data: Intake) -> OutFile:
    year = data.year
    here = f"{REPORT_DIR}/{year}/tong-ket/"
    by_unit: dict[str, list[Exemplar]] = defaultdict(list)
    for e in catalog.exemplars:
        if e.year == year:
            by_unit[e.unit].append(e)
    order = [r.unit.id for r in data.rows if r.unit.id in by_unit]
    order += sorted(set(by_unit) - set(order), key=catalog.unit_label)
    total = sum(len(v) for v in by_unit.values())
    parts = [STYLE, f"Năm {year} có {total} điển hình của {len(order)} đơn vị được giới thiệu, "
             "xếp theo đơn vị, trong mỗi đơn vị theo quý rồi theo tên."]
    for unit_id in order:
        items = sorted(by_unit[unit_id], key=lambda e: (e.quarter, name_sort_key(e.name)))
        parts.append(f"## {_e(catalog.unit_label(unit_id))} ({len(items)})")
        parts.append("".join(_review_item(catalog, e, here) for e in items))
    meta = front_matter(title=f"Điển hình năm {year}: danh sách tổng kết",
                        description=f"Toàn bộ điển hình được giới thiệu năm {year}, theo đơn vị, để in.")
    return OutFile(f"{REPORT_DIR}/{year}/tong-ket.md", meta + "\n\n".join(parts) + "\n")


def _review_item(catalog: Catalog, e: Exemplar, here: str) -> str:
    facts = [catalog.label("subjects", e.subject), catalog.label("categories", e.category),
             format_quarter(*e.quarter), e.role, e.hamlet]
    awards = "; ".join(catalog.label("awards", a.name) + (f" ({a.year})" if a.year else "")
                       for a in e.awards)
    achievements = "".join(f"<li>{_e(a)}</li>" for a in e.achievements)
    return (f'<article class="sc-review-item"><h3><a href="{rel(here, profile_url(e))}">{_e(e.name)}</a></h3>'
            f'<p class="sc-review-meta">{" · ".join(_e(f) for f in facts if f)}</p>'
            f"<p>{_e(e.summary)}</p>"
            + (f"<ul>{achievements}</ul>" if achievements else "")
            + (f"<p><strong>Khen thưởng:</strong> {_e(awards)}</p>" if awards else "")
            + "</article>")


# ---- all report outputs ---------------------------------------------------------------

def report_index(years: list[int]) -> OutFile:
    items = "\n".join(f"- [Năm {y}]({y}/index.md) · [danh sách tổng kết]({y}/tong-ket.md)"
                      for y in sorted(years, reverse=True)) or "Chưa có điển hình nào được công bố."
    meta = front_matter(title="Tình hình giới thiệu điển hình",
                        description="Số điển hình các đơn vị giới thiệu theo quý, so với kế hoạch.")
    return OutFile(f"{REPORT_DIR}/index.md", meta + "Mỗi quý, mỗi đơn vị giới thiệu điển hình theo "
                   "kế hoạch. Chọn năm để xem bảng theo đơn vị và quý, tải bảng tính, hoặc in danh "
                   f"sách tổng kết.\n\n{items}\n")


def render_reports(catalog: Catalog, periods: tuple[Period, ...]) -> list[OutFile]:
    years = years_with_data(catalog)
    out = [report_index(years)]  # always: the nav links to it, even before the first profile
    for year in years:
        data = intake(catalog, year, periods)
        stem = f"{REPORT_DIR}/{year}/{file_stem(year)}"
        out += [intake_page(catalog, data), review_page(catalog, data),
                OutFile(f"{stem}.xlsx", to_xlsx(data)), OutFile(f"{stem}.csv", to_csv(data))]
    return out
