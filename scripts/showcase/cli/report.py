"""`showcase report`: the intake matrix of one year as CSV (to the screen) or XLSX (to a file)."""
from __future__ import annotations

import sys
from pathlib import Path

from showcase.outputs.report.intake import file_stem, intake, to_csv
from showcase.outputs.report.xlsx import to_xlsx
from showcase.publish.pipeline import load_catalog
from showcase.validate.plan import REPORTING_FILE, load_periods


def report_command(root: Path, year: int, fmt: str, output: Path | None) -> int:
    catalog, _ = load_catalog(root)
    periods = load_periods(root, dict(catalog.units))
    if not any(p.start.year <= year and (p.end is None or p.end.year >= year) for p in periods):
        print(f"Năm {year} không thuộc giai đoạn nào trong {REPORTING_FILE.as_posix()}; "
              f"hãy chọn năm khác hoặc bổ sung giai đoạn vào tệp đó.", file=sys.stderr)
        return 2
    data = intake(catalog, year, periods)
    payload = to_xlsx(data) if fmt == "xlsx" else to_csv(data)
    if output is None and fmt == "xlsx":
        output = Path(f"{file_stem(year)}.xlsx")
    if output is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        return 0
    output.write_bytes(payload)
    print(f"Đã ghi báo cáo năm {year} ({len(data.rows)} đơn vị, {data.total} điển hình) "
          f"vào {output}.", file=sys.stderr)
    return 0
