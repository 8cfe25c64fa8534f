"""`showcase report`: the intake matrix of one year as CSV (to the screen), XLSX or DOCX (to a
file), or with --quarter the quarter's "danh sách trích ngang thành tích" as DOCX.

Samples are left out unless --samples; the first line (on stderr, and at the top of the CSV,
the XLSX and the DOCX) says which profiles were counted.
"""
from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from showcase.catalog import Catalog
from showcase.core.vi import format_quarter, name_sort_key
from showcase.outputs.report.intake import file_stem, intake, to_csv
from showcase.outputs.report.xlsx import to_xlsx
from showcase.publish.pipeline import load_catalog
from showcase.validate.plan import REPORTING_FILE, load_periods


def report_command(root: Path, year: int, fmt: str, output: Path | None, samples: bool = False,
                   quarter: int | None = None) -> int:
    catalog, counted = counted_catalog(root, year, samples, quarter)
    periods = load_periods(root, dict(catalog.units))
    if not any(p.start.year <= year and (p.end is None or p.end.year >= year) for p in periods):
        print(f"Năm {year} không thuộc giai đoạn nào trong {REPORTING_FILE.as_posix()}; "
              f"hãy chọn năm khác hoặc bổ sung giai đoạn vào tệp đó.", file=sys.stderr)
        return 2
    print(counted, file=sys.stderr)
    if quarter is not None:
        return _write(trich_ngang(catalog, year, quarter, counted),
                      output or Path(f"trich-ngang-{year}-quy-{quarter}.docx"),
                      f"danh sách trích ngang {format_quarter(year, quarter)}")
    data = intake(catalog, year, periods)
    if fmt == "docx":
        payload = intake_document(catalog, data, counted)
    else:
        payload = to_xlsx(data, counted) if fmt == "xlsx" else to_csv(data, counted)
    if output is None and fmt != "csv":
        output = Path(f"{file_stem(year)}.{fmt}")
    if output is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        return 0
    return _write(payload, output, f"báo cáo năm {year} ({len(data.rows)} đơn vị, "
                  f"{data.total} điển hình)")


def _write(payload: bytes, output: Path, what: str) -> int:
    output.write_bytes(payload)
    print(f"Đã ghi {what} vào {output}.", file=sys.stderr)
    return 0


def counted_catalog(root: Path, year: int, samples: bool,
                    quarter: int | None = None) -> tuple[Catalog, str]:
    """The published catalogue, samples dropped unless asked for, and a sentence saying so."""
    catalog, _ = load_catalog(root)
    inside = lambda e: e.year == year and (quarter is None or e.quarter[1] == quarter)  # noqa: E731
    dropped = sum(1 for e in catalog.exemplars if e.sample and inside(e))
    if not samples:
        catalog = replace(catalog, exemplars=tuple(e for e in catalog.exemplars if not e.sample))
    kept = sum(1 for e in catalog.exemplars if inside(e))
    when = format_quarter(year, quarter) if quarter else f"năm {year}"
    if samples:
        real = kept - dropped
        text = (f"Đã tính {kept} điển hình đã công bố {when}, GỒM {dropped} hồ sơ mẫu hư cấu "
                f"(sample: true) và {real} hồ sơ thật.")
    else:
        text = (f"Đã tính {kept} điển hình đã công bố {when}; không tính hồ sơ mẫu hư cấu "
                f"(bỏ {dropped} hồ sơ mẫu; thêm --samples để tính cả hồ sơ mẫu).")
    return catalog, text


def intake_document(catalog: Catalog, data, counted: str) -> bytes:
    from showcase.outputs.report.docx import Office, intake_docx  # deliberate: lazy python-docx
    names = sorted((e for e in catalog.exemplars if e.year == data.year),
                   key=lambda e: (e.quarter, catalog.unit_label(e.unit), name_sort_key(e.name)))
    labels = {u: catalog.unit_label(u) for u in catalog.units}
    return intake_docx(data, names, labels, Office.from_settings(catalog.settings), counted)


def trich_ngang(catalog: Catalog, year: int, quarter: int, counted: str) -> bytes:
    from showcase.outputs.report.docx import Office, trich_ngang_docx  # deliberate: lazy python-docx
    items = sorted((e for e in catalog.exemplars if e.quarter == (year, quarter)),
                   key=lambda e: (catalog.unit_label(e.unit), name_sort_key(e.name)))
    labels = {u: catalog.unit_label(u) for u in catalog.units}
    fields = dict(catalog.vocabs["fields"].labels) if "fields" in catalog.vocabs else {}
    return trich_ngang_docx(year, quarter, items, labels, fields,
                            Office.from_settings(catalog.settings), counted)
