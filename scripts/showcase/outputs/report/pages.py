"""Pages for the Home Affairs office: the intake matrix per year and the printable year review.

Plain HTML tables with classes (Markdown tables cannot carry per-cell status); every
status is written in words, so the page still reads in print and without colour.
"""
from __future__ import annotations

from collections import defaultdict

from markupsafe import Markup

from showcase.catalog import Catalog, profile_url
from showcase.core.model import Exemplar
from showcase.core.outfile import OutFile
from typing import Hashable, Mapping

from showcase.render.memo import Memo
from showcase.render.pages import front_matter, rel
from showcase.render.templates import markdown_text, render
from showcase.outputs.report.intake import STATUS, Intake, file_stem, percent, title
from showcase.validate.plan import Period
from showcase.core.vi import format_quarter, name_sort_key, toc_slugify

REPORT_DIR = "bao-cao"
ROMAN = ("I", "II", "III", "IV")

# Styles live in theme_overrides/assets/stylesheets/showcase.css (no inline CSS).


def _e(text: object) -> str:
    return markdown_text(text)


def years_with_data(catalog: Catalog) -> list[int]:
    return sorted({e.year for e in catalog.exemplars})


INDEX_URI = f"{REPORT_DIR}/index.md"


def year_uris(year: int) -> tuple[str, str, str, str]:
    """A year's intake page, review list, XLSX and CSV."""
    stem = f"{REPORT_DIR}/{year}/{file_stem(year)}"
    return f"{REPORT_DIR}/{year}/index.md", f"{REPORT_DIR}/{year}/tong-ket.md", f"{stem}.xlsx", f"{stem}.csv"


def planned_uris(catalog: Catalog) -> list[tuple[str, str | None]]:
    """What outputs/data.py's reports() writes, without counting anything."""
    return [(INDEX_URI, None), *((u, None) for y in years_with_data(catalog) for u in year_uris(y))]


# ---- the intake page ------------------------------------------------------------------

def intake_page(catalog: Catalog, data: Intake) -> OutFile:
    year = data.year
    here = f"{REPORT_DIR}/{year}/"
    body = [_periods_text(data.periods), _downloads(year), _matrix(catalog, data, here),
            _legend(catalog)]
    meta = front_matter(title=f"{title(year)}", description=(
        f"Số điển hình mỗi đơn vị giới thiệu trong từng quý năm {year}, so với chỉ tiêu của kế hoạch."),
        hide=["toc"])
    return OutFile(year_uris(year)[0], meta + "\n\n".join(body) + "\n")


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
    rows = [{"n": i, "href": rel(here, f"don-vi/{r.unit.id}/"), "label": r.label, "cells": r.cells,
             "total": r.total, "share": _share(r)} for i, r in enumerate(data.rows, 1)]
    foot = [{"total": data.quarter_total(q), "missing": data.quarter_missing(q)} for q in range(1, 5)]
    return str(render("intake.html", catalog.settings.root, quarters=ROMAN, rows=rows, foot=foot,
                      total=data.total))


def _share(r) -> str:
    return f"{r.met}/{r.due} ({percent(r.share)})" if r.due else "—"


def _legend(catalog: Catalog) -> str:
    return ("Mỗi ô ghi số điển hình đơn vị giới thiệu trong quý và tình trạng. "
            "«Số quý đạt» là số quý đơn vị giới thiệu đủ chỉ tiêu trên số quý phải giới thiệu; "
            "quý đơn vị chưa thành lập hoặc đã sắp xếp, quý chưa kết thúc và giai đoạn không giao "
            "chỉ tiêu không được tính.\n\n"
            + str(render("legend.html", catalog.settings.root, statuses=[{"id": k, "label": v} for k, v in STATUS.items()])))


# ---- the year review ------------------------------------------------------------------

def review_page(catalog: Catalog, data: Intake, entries: Memo[tuple] | None = None,
                keys: Mapping[str, Hashable] | None = None) -> OutFile:
    """HTML, not Markdown: at 10,000 profiles a year's list is 1.4 MB, and Python-Markdown's
    raw-HTML pass over it took 2.9 s, on every save of any profile of that year. `entries`
    (with `keys`, by exemplar id: a key that changes whenever anything an entry shows does,
    site token included) keeps each entry and its sort key, so a summary edit renders one
    entry of the year, not 2,000; without them every entry is rendered."""
    year = data.year
    here = f"{REPORT_DIR}/{year}/tong-ket/"
    by_unit: dict[str, list[Exemplar]] = defaultdict(list)
    for e in catalog.exemplars:
        if e.year == year:
            by_unit[e.unit].append(e)
    order = [r.unit.id for r in data.rows if r.unit.id in by_unit]
    order += sorted(set(by_unit) - set(order), key=catalog.unit_label)
    total = sum(len(v) for v in by_unit.values())
    groups = []
    for unit_id in order:
        items = sorted(_entry(catalog, entries, keys, e, here, n) for n, e in enumerate(by_unit[unit_id]))
        label = catalog.unit_label(unit_id)
        groups.append({"id": toc_slugify(label), "label": label, "count": len(items),
                       "entries": Markup("").join(item[-1] for item in items)})
    html = render("review.html", catalog.settings.root, groups=groups,
                  intro=f"Năm {year} có {total} điển hình của {len(order)} đơn vị được giới thiệu, "
                        "xếp theo đơn vị, trong mỗi đơn vị theo quý rồi theo tên.")
    meta = front_matter(title=f"Điển hình năm {year}: danh sách tổng kết",
                        description=f"Toàn bộ điển hình được giới thiệu năm {year}, theo đơn vị, để in.")
    toc = tuple((g["id"], f'{g["label"]} ({g["count"]})') for g in groups)  # review.html's <h2>s
    return OutFile(year_uris(year)[1], meta, html=html, toc=toc)


def _entry(catalog: Catalog, entries: Memo[tuple] | None, keys: Mapping[str, Hashable] | None,
           e: Exemplar, here: str, n: int) -> tuple:
    """(quarter, name key, n, HTML), n being the place in the unit's list (catalogue order):
    sorting these is the stable sort by quarter then name, and never compares the HTML."""
    make = lambda: (e.quarter, name_sort_key(e.name), _review_item(catalog, e, here))  # noqa: E731
    quarter, name, html = make() if entries is None or keys is None else entries.at(e.id, keys[e.id], make)
    return quarter, name, n, html


def _review_item(catalog: Catalog, e: Exemplar, here: str) -> Markup:
    facts = [catalog.label("subjects", e.subject), catalog.label("categories", e.category),
             format_quarter(*e.quarter), e.role, e.hamlet]
    awards = "; ".join(catalog.label("awards", a.name) + (f" ({a.year})" if a.year else "")
                       for a in e.awards)
    return render("review_item.html", catalog.settings.root, href=rel(here, profile_url(e)),
                  name=e.name, facts=[f for f in facts if f], summary=e.summary,
                  achievements=list(e.achievements), awards=awards)


# ---- all report outputs ---------------------------------------------------------------

def report_index(years: list[int]) -> OutFile:
    items = "\n".join(f"- [Năm {y}]({y}/index.md) · [danh sách tổng kết]({y}/tong-ket.md)"
                      for y in sorted(years, reverse=True)) or "Chưa có điển hình nào được công bố."
    meta = front_matter(title="Tình hình giới thiệu điển hình",
                        description="Số điển hình các đơn vị giới thiệu theo quý, so với kế hoạch.")
    return OutFile(INDEX_URI, meta + "Mỗi quý, mỗi đơn vị giới thiệu điển hình theo "
                   "kế hoạch. Chọn năm để xem bảng theo đơn vị và quý, tải bảng tính, hoặc in danh "
                   f"sách tổng kết.\n\n{items}\n")
