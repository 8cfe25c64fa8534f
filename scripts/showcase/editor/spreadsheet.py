"""Intake from spreadsheets: `showcase template` writes an XLSX generated from model.py, and
`showcase import` turns its rows into draft profiles, checked by the check's own rules.

One row per exemplar. Each column is a field of model.EXEMPLAR (or of its consent group); the
header is Vietnamese and the field's description is the cell comment. A row becomes the same
YAML `showcase new` writes and goes through editor/new.py's precheck (schema, privacy, units,
consent), so every message is the check's; its YAML line is mapped back to the cell.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from showcase.core.model import CONSENT, EXEMPLAR, Field
from showcase.core.problems import Problem, Problems
from showcase.core.vi import fold, format_date, parse_quarter
from showcase.core.yaml_out import to_yaml
from showcase.editor.new import HEADER, Registry, free_slug, new_id, precheck
from showcase.load.documents import load_yaml
from showcase.load.vocab import unit_names
from showcase.validate.check import exemplar_files

SHEET = "Điển hình"
LISTS = "Danh mục"
FIELDS = {f.name: f for f in EXEMPLAR}
CONSENT_FIELDS = {f.name: f for f in CONSENT}


@dataclass(frozen=True)
class Column:
    key: str  # field name; "consent.by" for the consent group; "award" for one award's name
    header: str
    vocab: str | None = None  # a drop-down from exemplars/vocab/<vocab>.yaml (or "units")
    many: bool = False  # several values, separated by commas
    date: bool = False

    @property
    def field(self) -> Field:
        if self.key == "award":
            return FIELDS["awards"].items.fields[0]
        group, _, name = self.key.partition(".")
        return CONSENT_FIELDS[name] if name else FIELDS[group]


COLUMNS = (
    Column("name", "Họ tên / tên tập thể"),
    Column("subject", "Đối tượng", "subjects"),
    Column("category", "Loại điển hình", "categories"),
    Column("unit", "Đơn vị giới thiệu", "units"),
    Column("hamlet", "Ấp, khu phố"),
    Column("fields", "Lĩnh vực", "fields", many=True),
    Column("movements", "Phong trào", "movements", many=True),
    Column("quarter", "Quý giới thiệu"),
    Column("received", "Ngày nhận hồ sơ", date=True),
    Column("role", "Chức vụ, nghề nghiệp"),
    Column("birth_year", "Năm sinh"),
    Column("summary", "Trích ngang thành tích"),
    Column("achievements", "Thành tích nổi bật (mỗi ý cách nhau bởi dấu ;)"),
    Column("award", "Khen thưởng cao nhất", "awards"),
    Column("consent.by", "Người đồng ý công bố"),
    Column("consent.relation", "Quan hệ với người được giới thiệu", "consent_relations"),
    Column("consent.child", "Trẻ em (7-15 tuổi) cũng đồng ý", "yes_no"),
    Column("consent.date", "Ngày đồng ý", date=True),
    Column("consent.scope", "Phạm vi đồng ý", "consent_scopes", many=True),
)
YES_NO = ("có", "không")


# ---- the template --------------------------------------------------------------------

def template_bytes(reg: Registry) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    lists = wb.create_sheet(LISTS)
    for i, col in enumerate(COLUMNS, 1):
        cell = ws.cell(row=1, column=i, value=col.header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        note = col.field.description + (" Nhiều giá trị: cách nhau bởi dấu phẩy." if col.many else "")
        cell.comment = Comment(note, "showcase")
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = 40 if col.key in ("summary", "achievements") else 20
        if col.date:
            for row in range(2, 502):
                ws[f"{letter}{row}"].number_format = "DD/MM/YYYY"
        if col.vocab:
            _drop_down(ws, lists, i, letter, _choices(reg, col.vocab), col.many)
    ws.freeze_panes = "B2"
    ws.row_dimensions[1].height = 45
    lists.sheet_state = "hidden"
    _instructions(wb.create_sheet("Hướng dẫn"))
    wb.properties.creator = "showcase"
    wb.properties.created = dt.datetime(2025, 1, 1)  # fixed: the template depends on data only
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _choices(reg: Registry, vocab: str) -> list[str]:
    if vocab == "units":
        return [u.id for u in reg.units.values()]
    if vocab == "movements":
        return list(reg.movements)
    if vocab == "yes_no":
        return list(YES_NO)
    return list(reg.vocabs[vocab].labels.values())


def _drop_down(ws, lists, i: int, letter: str, values: list[str], many: bool) -> None:
    """The values live on the hidden 'Danh mục' sheet: an inline list is capped at 255 characters."""
    for row, value in enumerate(values, 1):
        lists.cell(row=row, column=i, value=value)
    ref = f"'{LISTS}'!${letter}$1:${letter}${len(values)}"
    # Several values in one cell are allowed, so a multi-value column only suggests.
    dv = DataValidation(type="list", formula1=ref, allow_blank=True, showErrorMessage=not many)
    dv.error = "Hãy chọn một giá trị trong danh sách."
    ws.add_data_validation(dv)
    dv.add(f"{letter}2:{letter}500")


def _instructions(ws) -> None:
    lines = [
        "Mẫu trích ngang điển hình tiên tiến: mỗi dòng một điển hình (cá nhân, tập thể, hộ gia đình).",
        "Chọn đơn vị, đối tượng, loại điển hình, lĩnh vực, khen thưởng, phạm vi đồng ý trong danh sách "
        "thả xuống; lĩnh vực, phong trào, phạm vi có thể ghi nhiều giá trị, cách nhau bởi dấu phẩy.",
        "Quý ghi dạng 2021-Q2 hoặc Quý II/2021; ngày ghi dd/mm/yyyy; năm sinh chỉ ghi năm.",
        "Rê chuột lên tiêu đề cột để xem giải thích của từng cột.",
        "Không ghi số CCCD/CMND, số điện thoại, số nhà, dân tộc, tôn giáo, sức khỏe.",
        "Cá nhân và hộ gia đình cần người đồng ý công bố, ngày đồng ý và phạm vi; người dưới 16 tuổi "
        "do cha mẹ hoặc người giám hộ đồng ý, từ đủ 7 tuổi chính em cũng phải đồng ý.",
        "Ảnh không gửi trong bảng tính: sau khi nhập, lệnh 'showcase import' liệt kê các hồ sơ cần ảnh.",
        "Gửi tệp cho Phòng Nội vụ; Phòng chạy: showcase import <tệp>.xlsx (thêm --dry-run để xem trước).",
    ]
    ws.column_dimensions["A"].width = 120
    for n, text in enumerate(lines, 1):
        ws.cell(row=n, column=1, value=text).alignment = Alignment(wrap_text=True)


def template_command(root: Path, output: Path) -> int:
    output.write_bytes(template_bytes(Registry.read(root)))
    print(f"Đã ghi mẫu trích ngang {output} ({len(COLUMNS)} cột, trang 'Hướng dẫn').")
    return 0


# ---- the import ----------------------------------------------------------------------

@dataclass
class RowResult:
    row: int
    text: str = ""  # the YAML that would be written
    path: Path | None = None
    problems: list[str] | None = None
    duplicate: str = ""  # the existing file with the same name, unit and quarter
    data: dict | None = None


def import_command(root: Path, source: Path, unit: str | None, dry_run: bool) -> int:
    reg = Registry.read(root)
    try:
        ws = _sheet(load_workbook(source, data_only=True))
    except (OSError, KeyError, ValueError) as exc:
        print(f"{source.name}: lỗi: không đọc được bảng tính ({exc}).", file=sys.stderr)
        return 1
    existing = _existing(reg)
    results = [_row(reg, ws, r, values, unit, existing, source.name)
               for r, values in _rows(ws)]
    return _report(reg, source, results, dry_run)


def _sheet(wb):
    return wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]


def _rows(ws):
    """(row number, {column key: text}) per non-blank row; merged cells take their top-left value."""
    header = {}
    for cell in ws[1]:
        key = _by_header.get(fold(str(cell.value or "")).strip())
        if key:
            header[cell.column] = key
    merged = {}
    for rng in ws.merged_cells.ranges:
        top = ws.cell(row=rng.min_row, column=rng.min_col).value
        for row in range(rng.min_row, rng.max_row + 1):
            for col in range(rng.min_col, rng.max_col + 1):
                merged[(row, col)] = top
    for r in range(2, ws.max_row + 1):
        values = {key: _text(merged.get((r, c), ws.cell(row=r, column=c).value))
                  for c, key in header.items()}
        values = {k: v for k, v in values.items() if v}
        if values and not set(values) <= {"unit"}:  # a merged unit column alone is not a row
            yield r, values


_by_header = {fold(c.header): c.key for c in COLUMNS}
LETTER = {c.key: get_column_letter(i) for i, c in enumerate(COLUMNS, 1)}


def _text(value) -> str:
    """What a person typed, as text: dates as dd/mm/yyyy, 1978.0 as 1978, spaces trimmed."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return format_date(value.date())
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _row(reg: Registry, ws, r: int, v: dict, unit: str | None, existing: dict, file: str) -> RowResult:
    if unit and not v.get("unit"):
        v["unit"] = unit
    if v.get("unit"):
        v["unit"] = unit_id(reg, v["unit"], v.get("quarter", ""))
    data = _profile(reg, v)
    slug = free_slug(reg, v.get("name", "") or "ho-so")
    folder = v.get("unit") or "khong-ro-don-vi"
    text = to_yaml(data, HEADER.replace("showcase new", "showcase import"))
    scratch = reg.root / ".cache" / "import" / "exemplars" / folder / f"{slug}.yaml"
    problems = precheck(reg, scratch, text)
    out = RowResult(r, text, reg.root / "exemplars" / folder / f"{slug}.yaml", data=data)
    out.problems = [_at(file, ws.title, r, p, text) for p in problems]
    key = _dedupe_key(v.get("name", ""), v.get("unit", ""), v.get("quarter", ""))
    out.duplicate = existing.get(key, "")
    if not out.problems and not out.duplicate:
        reg.slugs.add(slug)
        reg.ids.add(data["id"])
        existing[key] = f"{file}!{r}"  # the same person twice in one sheet
    return out


def unit_id(reg: Registry, text: str, quarter: str) -> str:
    """People type the unit's name ('Xuân Đường', 'Xã Xuân Đường'): the id of the one unit of
    that name existing in the quarter; anything else is left for the check to explain."""
    if text in reg.units:
        return text
    q = parse_quarter(quarter)
    day = dt.date(q[0], 3 * q[1] - 2, 1) if q else None
    found = [u for u in unit_names(reg.units).matches(text)  # the check's own name matching
             if day is None or reg.units[u].existed_on(day)]
    return found[0] if len(found) == 1 else text


def _profile(reg: Registry, v: dict) -> dict:
    """The row as the YAML `showcase new` writes: model.py's field order, status draft."""
    q = parse_quarter(v.get("quarter", ""))
    data: dict = {"id": new_id(reg, str(q[0]) if q else "0000"), "status": "draft"}
    for f in EXEMPLAR:
        if f.name in v:
            data[f.name] = _split(v[f.name]) if f.kind == "list" else v[f.name]
        if f.name == "awards" and v.get("award"):
            data["awards"] = [{"name": v["award"]}]
    consent = {k.split(".")[1]: v[k] for k in (c.key for c in COLUMNS) if k.startswith("consent.") and k in v}
    if consent:
        if "scope" in consent:
            consent["scope"] = _split(consent["scope"])
        data["consent"] = {f.name: consent[f.name] for f in CONSENT if f.name in consent}
    return data


def _split(text: str) -> list[str]:
    sep = ";" if ";" in text else ","
    return [t.strip() for t in text.split(sep) if t.strip()]


def _at(file: str, sheet: str, r: int, p: Problem, text: str) -> str:
    """The problem at its cell. The check's messages start with the field ('consent.by: …',
    'awards[1].name: …'), which names the column; else the YAML line names the key."""
    field = re.sub(r"\[\d+\]", "", p.message.split(":", 1)[0])
    key = "award" if field.startswith("awards") else field
    if key not in LETTER:
        key = _key_at_line(text, p.line)
    tag = "lỗi" if p.severity == "error" else "cảnh báo"
    return f"{file}:{sheet}!{LETTER.get(key, LETTER['name'])}{r}: {tag}: {p.message}"


def _key_at_line(text: str, line_no: int) -> str:
    key = "name"
    for line in text.split("\n")[:line_no]:
        if line[:1].isalpha() and ":" in line:
            key = line.split(":", 1)[0]
    return "award" if key == "awards" else key


def _dedupe_key(name: str, unit: str, quarter: str) -> tuple:
    return fold(" ".join(name.split())), unit.strip(), parse_quarter(quarter.strip()) if quarter else None


def _existing(reg: Registry) -> dict:
    """Name + unit + quarter of every profile already in the repository."""
    out = {}
    for path in exemplar_files(reg.root):
        doc = load_yaml(path, Problems(reg.root))
        d = doc.data if doc and isinstance(doc.data, dict) else {}
        if d.get("name") and d.get("quarter"):
            key = _dedupe_key(str(d["name"]), str(d.get("unit", path.parent.name)), str(d["quarter"]))
            out[key] = path.relative_to(reg.root).as_posix()
    return out


def _report(reg: Registry, source: Path, results: list[RowResult], dry_run: bool) -> int:
    failed = [p for r in results for p in (r.problems or ())]
    for line in failed:
        print(line, file=sys.stderr)
    new = [r for r in results if not r.problems and not r.duplicate]
    for r in results:
        if r.duplicate and not r.problems:
            print(f"{source.name}:{SHEET}!A{r.row}: đã có: '{r.data.get('name')}' "
                  f"({r.data.get('unit')}, {r.data.get('quarter')}) trùng {r.duplicate}; bỏ qua.")
    if failed:
        print(f"Có {len(failed)} lỗi ở {len({p.split(': ')[0] for p in failed})} ô; KHÔNG ghi tệp nào. "
              "Hãy sửa bảng tính rồi nhập lại.", file=sys.stderr)
        return 1
    for r in new:
        rel = r.path.relative_to(reg.root).as_posix()
        if dry_run:
            print(f"--- sẽ ghi {rel} ---\n{r.text}")
        else:
            r.path.parent.mkdir(parents=True, exist_ok=True)
            r.path.write_text(r.text, encoding="utf-8")
            print(f"Đã ghi {rel} (status: draft).")
    _still_needed(new)
    verb = "Sẽ ghi" if dry_run else "Đã ghi"
    print(f"{verb} {len(new)} hồ sơ mới, bỏ qua {len(results) - len(new)} hồ sơ đã có"
          + (" (chạy thử: chưa ghi tệp nào)." if dry_run else "."))
    return 0


def _still_needed(rows: list[RowResult]) -> None:
    """Photos never come in a spreadsheet; consent for a photo usually does not either."""
    for r in rows:
        d = r.data or {}
        need = ["ảnh"]
        scope = [fold(s) for s in (d.get("consent") or {}).get("scope", [])]
        if fold(str(d.get("subject", ""))) in ("ca nhan", "ho gia dinh", "ca-nhan", "ho-gia-dinh") \
                and "anh" not in scope:
            need.append("sự đồng ý đăng ảnh (consent.scope: ảnh)")
        print(f"Cần bổ sung cho {r.path.relative_to(r.path.parents[2]).as_posix()}: {', '.join(need)}.")
