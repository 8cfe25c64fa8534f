"""The intake report as an Excel workbook set up for printing (A4 landscape, header on every page)."""
from __future__ import annotations

import datetime as dt
import io
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter
from openpyxl.worksheet.worksheet import Worksheet

from showcase.outputs.report.intake import STATUS, Intake, table, title

# Colour is a help, never the only signal: every cell also says its status in words.
FILLS = {"Chưa giới thiệu": "F8D7DA", "Đạt": "D4EDDA", "Vượt": "CCE5FF"}
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WIDTHS = {1: 5, 2: 30, 3: 22}  # STT, Đơn vị, Gửi về; the others are narrow number/status columns


def to_xlsx(data: Intake, note: str = "") -> bytes:
    """The intake matrix as a workbook; the same rows as the CSV and the page. `note`, the
    sentence saying which profiles were counted, is a first row above the table when given."""
    return workbook_bytes(data, table(data), title(data.year), note)


def workbook_bytes(data: Intake, rows: list[list[object]], title: str, note: str = "") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = f"Năm {data.year}"
    top = 1  # the header row
    if note:
        ws.append([note])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
        ws["A1"].alignment = Alignment(wrap_text=True, vertical="center")
        ws.row_dimensions[1].height = 30
        top = 2
    for row in rows:
        ws.append(row)
    as_text(ws)
    _style(ws, top, len(rows), len(rows[0]))
    _print_setup(ws, title, top)
    _legend(wb.create_sheet("Giải thích"), data)
    wb.properties.creator = "showcase"
    return _save(wb, dt.datetime(data.year, 1, 1))


def _save(wb: Workbook, stamp: dt.datetime) -> bytes:
    """The workbook's bytes with one fixed time, so unchanged data gives identical files.

    `wb.save` writes the clock into dcterms:modified and into every zip entry's header;
    ExcelWriter is what `wb.save` runs, minus the clock.
    """
    wb.properties.created = wb.properties.modified = stamp
    buf = io.BytesIO()
    ExcelWriter(wb, _StampedZip(buf, "w", ZIP_DEFLATED, stamp=stamp)).save()
    return buf.getvalue()


class _StampedZip(ZipFile):
    """A zip whose entries carry a given time instead of the clock (openpyxl names entries
    by string, which ZipFile stamps with time.localtime())."""

    def __init__(self, *args, stamp: dt.datetime, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.stamp = stamp.timetuple()[:6]

    def writestr(self, name, data, compress_type=None, compresslevel=None) -> None:
        if isinstance(name, str):
            name = ZipInfo(name, date_time=self.stamp)
            name.compress_type = self.compression
        super().writestr(name, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None) -> None:
        """Worksheets come from temporary files, whose mtime is the clock too."""
        with open(filename, "rb") as f:
            self.writestr(arcname or str(filename), f.read(), compress_type, compresslevel)


def as_text(ws: Worksheet) -> None:
    """openpyxl stores a string starting with '=' as a formula: every string cell is text."""
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"


def _style(ws: Worksheet, top: int, nrows: int, ncols: int) -> None:
    """`top` is the header's row; the table's `nrows` rows (header and totals included) follow."""
    last = top + nrows - 1
    for cell in ws[top]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for row in ws.iter_rows(min_row=top, max_row=last, max_col=ncols):
        for cell in row:
            cell.border = BORDER
            if cell.row > top:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            fill = FILLS.get(str(cell.value))
            if fill:
                cell.fill = PatternFill("solid", fgColor=fill)
    for cell in ws[last]:
        cell.font = Font(bold=True)
    for cell in ws[get_column_letter(ncols)][top:]:
        cell.number_format = "0%"
    for col in range(1, ncols + 1):
        ws.column_dimensions[get_column_letter(col)].width = WIDTHS.get(col, 11)
    ws.row_dimensions[top].height = 45
    ws.freeze_panes = f"C{top + 1}"


def _print_setup(ws: Worksheet, title: str, top: int = 1) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{top}:{top}"  # the header row on every printed page
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddHeader.center.text = title
    ws.oddFooter.center.text = "Trang &P/&N"


def _legend(ws: Worksheet, data: "Intake") -> None:
    ws.append(["Tình trạng", "Ý nghĩa"])
    meaning = {
        "missing": "Đơn vị phải giới thiệu nhưng chưa có điển hình nào trong quý đã kết thúc.",
        "on-target": "Đúng chỉ tiêu của kế hoạch.",
        "above": "Nhiều hơn chỉ tiêu tối đa (vẫn tính là đạt).",
        "no-quota": "Đơn vị không được giao chỉ tiêu trong giai đoạn này; chỉ đếm số điển hình.",
        "not-due": "Quý chưa kết thúc, chưa đánh giá.",
        "not-yet": "Đơn vị chưa được thành lập trong quý này (không tính là thiếu).",
        "gone": "Đơn vị đã sắp xếp, không còn tồn tại trong quý này (không tính là thiếu).",
    }
    for key, label in STATUS.items():
        ws.append([label, meaning[key]])
    ws.append([])
    for p in data.periods:
        ws.append([p.name, f"Gửi về: {p.reports_to}. Chỉ tiêu mỗi quý: {p.target}. "
                   + (f"Căn cứ: {p.basis}. " if p.basis else "") + p.note])
    as_text(ws)
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 100
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws["A1"].font = ws["B1"].font = Font(bold=True)
