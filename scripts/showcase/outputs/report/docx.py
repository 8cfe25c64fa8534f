"""Reports as Word documents the office edits and signs (the form of Nghị định 30/2020/NĐ-CP).

Header (issuing body | Quốc hiệu and Tiêu ngữ), số/ký hiệu and the date left to fill, title, the
table, and the signature block; Times New Roman, A4, the decree's margins. Two documents: the
year's intake report and the quarter's "danh sách trích ngang thành tích" for the media.
The bytes depend on the data only (fixed core properties and zip times), never on the clock.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from typing import Iterable, Sequence

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from showcase.core.model import Exemplar
from showcase.core.settings import Settings
from showcase.core.vi import format_quarter
from showcase.outputs.report.intake import Intake, percent

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
FONT = "Times New Roman"
BODY_PT = 14  # the decree: 13-14 for the body
TABLE_PT = 12
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 18}  # Nghị định 30/2020, Phụ lục I (right 15-20)
BLANK = "…" * 6  # số, ngày, tháng: filled by hand when the document is registered


@dataclass(frozen=True)
class Office:
    """Who issues and signs, from mkdocs.yml `extra.showcase.office` (core/settings.py)."""

    parent: str = "UBND huyện Cẩm Mỹ"
    name: str = "Phòng Nội vụ"
    place: str = "Cẩm Mỹ"
    code: str = "PNV"  # the body's abbreviation in the ký hiệu (…/BC-PNV)
    signer_title: str = "Trưởng phòng"
    signer_name: str = ""
    recipients: tuple[str, ...] = ("UBND huyện (để báo cáo)", "Lưu: VT")

    @classmethod
    def from_settings(cls, settings: Settings) -> "Office":
        given = {k: v for k, v in dict(getattr(settings, "office", {}) or {}).items()
                 if k in cls.__dataclass_fields__ and v not in (None, "")}
        if "recipients" in given:
            given["recipients"] = tuple(str(r) for r in given["recipients"])
        return cls(**{k: v if k == "recipients" else str(v) for k, v in given.items()})


# ---- the two documents ---------------------------------------------------------------

def intake_docx(data: Intake, names: Sequence[Exemplar], labels: dict[str, str], office: Office,
                counted: str) -> bytes:
    """The year's report: the matrix per unit and quarter, then every exemplar counted."""
    doc = _document(office, "BC", "BÁO CÁO",
                    f"Tình hình giới thiệu điển hình tiên tiến năm {data.year}")
    _para(doc, counted, italic=True)
    _para(doc, "1. Số điển hình các đơn vị giới thiệu theo quý", bold=True)
    head = ["STT", "Đơn vị", "Quý I", "Quý II", "Quý III", "Quý IV", "Cả năm", "Số quý đạt"]
    rows = [[str(i), r.label, *(f"{c.count} ({c.label.lower()})" for c in r.cells), str(r.total),
             f"{r.met}/{r.due} ({percent(r.share)})" if r.due else "—"]
            for i, r in enumerate(data.rows, 1)]
    rows.append(["", "Tổng cộng", *(str(data.quarter_total(q)) for q in range(1, 5)),
                 str(data.total), ""])
    _table(doc, head, rows, widths=(10, 45, 20, 20, 20, 20, 15, 15))
    _para(doc, "2. Danh sách điển hình đã giới thiệu", bold=True)
    _table(doc, ["STT", "Họ tên / tên tập thể", "Đơn vị", "Quý"],
           [[str(i), e.name, labels.get(e.unit, e.unit), format_quarter(*e.quarter)]
            for i, e in enumerate(names, 1)], widths=(10, 70, 55, 30))
    _signature(doc, office)
    return _bytes(doc, dt.datetime(data.year, 12, 31))


def trich_ngang_docx(year: int, quarter: int, items: Sequence[Exemplar], labels: dict[str, str],
                     fields: dict[str, str], office: Office, counted: str) -> bytes:
    """The quarter's list for newspapers and radio: name, unit, field and summary."""
    doc = _document(office, "DS", "DANH SÁCH TRÍCH NGANG THÀNH TÍCH",
                    f"Điển hình tiên tiến, gương người tốt việc tốt {format_quarter(year, quarter)}")
    _para(doc, counted, italic=True)
    _table(doc, ["STT", "Họ tên / tên tập thể", "Đơn vị", "Lĩnh vực", "Trích ngang thành tích"],
           [[str(i), e.name, labels.get(e.unit, e.unit), ", ".join(fields.get(f, f) for f in e.fields),
             e.summary] for i, e in enumerate(items, 1)], widths=(10, 35, 30, 25, 65))
    _signature(doc, office)
    return _bytes(doc, dt.datetime(year, 3 * quarter, 1))


# ---- the parts every document has ----------------------------------------------------

def _document(office: Office, kind: str, title: str, subtitle: str):
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side, mm in MARGINS_MM.items():
        setattr(section, f"{side}_margin", Mm(mm))
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)  # Word otherwise keeps its own for CJK
    normal.paragraph_format.space_after = Pt(3)
    _header(doc, office, kind)
    _para(doc, title, bold=True, align="center", space_before=12)
    _para(doc, subtitle, bold=True, align="center")
    return doc


def _header(doc, office: Office, kind: str) -> None:
    """Two columns: issuing body and số/ký hiệu | Quốc hiệu, Tiêu ngữ and place, date."""
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    _cell(left, [(office.parent.upper(), False, 13), (office.name.upper(), True, 13), ("———", False, 13)])
    _cell(right, [(QUOC_HIEU, True, 13), (TIEU_NGU, True, 14), ("———————", False, 13)])
    number, place = table.rows[1].cells
    _cell(number, [(f"Số: {BLANK}/{kind}-{office.code}", False, 13)])
    _cell(place, [(f"{office.place}, ngày {BLANK} tháng {BLANK} năm {BLANK}", False, 14)], italic=True)
    _widths(table, (65, 100))


def _signature(doc, office: Office) -> None:
    """Nơi nhận on the left, chức vụ and người ký on the right (name blank when not set)."""
    doc.add_paragraph()
    table = doc.add_table(rows=1, cols=2)
    recipients, signer = table.rows[0].cells
    _cell(recipients, [("Nơi nhận:", True, 12), *((f"- {r};", False, 11) for r in office.recipients)],
          align="left")
    _cell(signer, [(office.signer_title.upper(), True, 13), ("(Ký, ghi rõ họ tên)", False, 13),
                   ("", False, 13), ("", False, 13), ("", False, 13),
                   (office.signer_name or BLANK, True, 14)])
    _widths(table, (75, 90))


def _cell(cell, lines: Iterable[tuple[str, bool, int]], align: str = "center",
          italic: bool = False) -> None:
    for n, (text, bold, size) in enumerate(lines):
        p = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if align == "center" else WD_ALIGN_PARAGRAPH.LEFT
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(text)
        run.bold, run.italic, run.font.size = bold, italic or text.startswith("(Ký"), Pt(size)


def _para(doc, text: str, bold: bool = False, italic: bool = False, align: str = "left",
          space_before: int = 6) -> None:
    p = doc.add_paragraph()
    p.alignment = {"left": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER}[align]
    p.paragraph_format.space_before = Pt(space_before)
    run = p.add_run(text)
    run.bold, run.italic = bold, italic


def _table(doc, head: list[str], rows: list[list[str]], widths: Sequence[int]) -> None:
    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, head):
        _cell(cell, [(text, True, TABLE_PT)])
    _repeat_header(table.rows[0])
    for row in rows:
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, row)):
            _cell(cell, [(text, False, TABLE_PT)], align="center" if i == 0 else "left")
    _widths(table, widths)


def _repeat_header(row) -> None:
    """The header row is printed again on every page (w:tblHeader)."""
    props = row._tr.get_or_add_trPr()
    mark = props.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
    props.append(mark)


def _widths(table, mm: Sequence[int]) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, mm):
            cell.width = Mm(width)


def _bytes(doc, when: dt.datetime) -> bytes:
    props = doc.core_properties
    props.author = props.last_modified_by = "showcase"
    props.created = props.modified = when
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return _fixed_zip_times(buf.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """python-docx stamps each zip member with the clock; rewrite them with a fixed time so an
    unchanged report gives identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
