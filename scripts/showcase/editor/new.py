"""`showcase new`: write a new exemplar file that passes the check.

Asks for the essentials one by one (input()), or takes them as flags with --yes.
Every answer is checked at once against the same vocabularies and units as
`showcase check`, so the editor fixes a typo while still at the prompt.
"""
from __future__ import annotations

import datetime as dt
import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from PIL import Image, ImageOps

from showcase.validate.photos import MAX_PIXELS
from showcase.core.problems import Problems
from showcase.core.yaml_out import to_yaml
from showcase.validate.check import MOVEMENTS_DIR, exemplar_files, load_units
from showcase.core.vi import format_date, parse_date, parse_quarter, slugify
from showcase.load.vocab import Vocab, load_vocabs

LONG_EDGE = 1600  # enough for a full-width photo on a phone or laptop; ~300 KB as JPEG
HEADER = ("# yaml-language-server: $schema=../schema/exemplar.schema.json\n"
          "# Tạo bằng 'showcase new'. Các trường khác (story, awards, role...): xem exemplars/mau-ho-so.yaml.")


class Invalid(ValueError):
    """An answer that cannot be used; the message says what to write instead."""


@dataclass
class Registry:
    """What answers are checked against: the repository's units, vocabularies and movements."""

    root: Path
    vocabs: dict[str, Vocab]
    units: dict
    movements: list[str]
    slugs: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, root: Path) -> "Registry":
        problems = Problems(root)
        vocabs = load_vocabs(root, problems)
        movements = sorted(p.stem for p in (root / MOVEMENTS_DIR).glob("*.md") if p.stem != "index")
        files = exemplar_files(root)
        return cls(root, vocabs, load_units(root, vocabs, problems), movements,
                   {p.stem for p in files}, {_id_of(p) for p in files})


def _id_of(path: Path) -> str:
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("id:"):
            return line[3:].strip().strip("'\"")
    return ""


# ---- one checker per answer: text in, value out, Invalid with advice otherwise --------

Answers = dict
Check = Callable[[Registry, str, Answers], object]

def _vocab(name: str) -> Check:
    def check(reg: Registry, text: str, a: Answers) -> str:
        vocab = reg.vocabs[name]
        term = vocab.resolve(text)
        if term is None:
            raise Invalid(f"'{text}' không có trong danh mục; hãy chọn: {vocab.choices(20)}")
        return vocab.labels[term]
    return check


def _list_of(one: Check, empty_ok: bool = False) -> Check:
    def check(reg: Registry, text: str, a: Answers) -> list[str]:
        items = [one(reg, t.strip(), a) for t in text.split(",") if t.strip()]
        if not items and not empty_ok:
            raise Invalid("cần ít nhất một giá trị, cách nhau bởi dấu phẩy")
        return items
    return check


def _movement(reg: Registry, text: str, a: Answers) -> str:
    if text not in reg.movements:
        raise Invalid(f"không có phong trào '{text}'; các mã: {', '.join(reg.movements)}")
    return text


def _quarter(reg: Registry, text: str, a: Answers) -> str:
    q = parse_quarter(text)
    if q is None:
        raise Invalid(f"'{text}' không phải một quý; hãy viết dạng 2021-Q2 hoặc 'Quý II/2021'")
    return f"{q[0]}-Q{q[1]}"


def _date(reg: Registry, text: str, a: Answers) -> str:
    day = parse_date(text)
    if day is None:
        raise Invalid(f"'{text}' không phải một ngày; hãy viết dạng dd/mm/yyyy, ví dụ 02/04/2021")
    return format_date(day)


def _text(max_len: int) -> Check:
    def check(reg: Registry, text: str, a: Answers) -> str:
        if not text.strip():
            raise Invalid("không được để trống")
        if len(text) > max_len:
            raise Invalid(f"dài {len(text)} ký tự, tối đa {max_len}")
        return text.strip()
    return check


def _unit(reg: Registry, text: str, a: Answers) -> str:
    """A unit that existed at the start of the quarter already answered."""
    year, q = parse_quarter(a["quarter"]) or (0, 0)
    day = dt.date(year, 3 * q - 2, 1)
    if text not in reg.units or not reg.units[text].existed_on(day):
        open_units = sorted(u.id for u in reg.units.values() if u.existed_on(day))
        raise Invalid(f"'{text}' không phải đơn vị tồn tại vào quý {a['quarter']}; các mã hợp lệ: "
                      f"{', '.join(open_units)}")
    return text


def _photo(reg: Registry, text: str, a: Answers) -> Path:
    path = Path(text).expanduser()
    if not path.is_file():
        raise Invalid(f"không tìm thấy tệp ảnh '{text}'")
    return path


@dataclass(frozen=True)
class Question:
    key: str  # attribute of the parsed flags
    prompt: str
    check: Check
    default: Callable[["Answers"], str | None] = lambda a: None
    flag: str = ""
    ask_if: Callable[["Answers"], bool] = lambda a: True


def _today_quarter(a: Answers) -> str:
    today = dt.date.today()
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


def _personal(a: Answers) -> bool:
    return a.get("subject") in ("Cá nhân", "Hộ gia đình")


QUESTIONS = (
    Question("name", "Họ tên cá nhân, tên hộ hoặc tên tập thể", _text(150), flag="--name"),
    Question("subject", "Đối tượng (cá nhân / tập thể / hộ gia đình)", _vocab("subjects"),
             lambda a: "cá nhân", "--subject"),
    Question("category", "Loại điển hình (điển hình tiên tiến / gương người tốt việc tốt / mô hình "
             "mới / nhân tố mới)", _vocab("categories"), lambda a: "điển hình tiên tiến", "--category"),
    Question("quarter", "Quý giới thiệu (ví dụ 2021-Q2)", _quarter, _today_quarter, "--quarter"),
    Question("unit", "Mã đơn vị giới thiệu (tên thư mục trong exemplars/)", _unit, flag="--unit"),
    Question("fields", "Lĩnh vực, cách nhau bởi dấu phẩy (kinh tế, văn hóa, xã hội, quốc phòng, "
             "an ninh...)", _list_of(_vocab("fields")), flag="--fields"),
    Question("movements", "Mã phong trào, cách nhau bởi dấu phẩy (có thể bỏ trống)",
             _list_of(_movement, empty_ok=True), lambda a: "", "--movements"),
    Question("summary", "Trích ngang thành tích (1-3 câu)", _text(400), flag="--summary"),
    Question("consent_by", "Người đồng ý công bố", _text(120), lambda a: a.get("name"),
             "--consent-by", _personal),
    Question("consent_date", "Ngày người đó đồng ý (dd/mm/yyyy)", _date,
             lambda a: format_date(dt.date.today()), "--consent-date", _personal),
    Question("photo", "Đường dẫn tệp ảnh (có thể bỏ trống)", _photo, lambda a: "", "--photo"),
    Question("photo_alt", "Mô tả ảnh cho người khiếm thị", _text(200), flag="--photo-alt",
             ask_if=lambda a: bool(a.get("photo"))),
)


# ---- the command ---------------------------------------------------------------------

def new_exemplar(root: Path, given: dict[str, object], batch: bool) -> int:
    """`showcase new`: `given` holds the answers passed as flags (None where not given)."""
    reg = Registry.read(root)
    try:
        answers = collect(reg, given, batch)
        path = write_profile(reg, answers)
    except Invalid as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    except EOFError:  # the questions ran out (Ctrl-D, or a script fed too few answers)
        print("\nĐã dừng: chưa đủ thông tin, chưa tạo tệp nào.", file=sys.stderr)
        return 1
    return report(reg, path)


def collect(reg: Registry, given: dict[str, object], batch: bool) -> Answers:
    answers: Answers = {}
    for q in QUESTIONS:
        if q.ask_if(answers):
            answers[q.key] = answer(reg, q, given.get(q.key), answers, batch)
    return answers


def answer(reg: Registry, q: Question, given: object, answers: Answers, batch: bool) -> object:
    """A flag's value, or the default under --yes, or ask until the answer is usable."""
    if given is not None:
        return _checked(reg, q, str(given), answers)
    default = q.default(answers)
    if batch:
        if default is None:
            raise Invalid(f"thiếu {q.flag} ({q.prompt[0].lower() + q.prompt[1:]}).")
        return _checked(reg, q, default, answers) if default else _empty(q)
    while True:
        hint = f" [{default}]" if default else ""
        text = input(f"{q.prompt}{hint}: ").strip() or (default or "")
        if not text and default == "":
            return _empty(q)
        try:
            return q.check(reg, text, answers)
        except Invalid as exc:
            print(f"  → {exc}. Hãy nhập lại.")


def _empty(q: Question) -> object:
    return [] if q.key == "movements" else ""


def _checked(reg: Registry, q: Question, text: str, answers: Answers) -> object:
    try:
        return q.check(reg, text, answers)
    except Invalid as exc:
        raise Invalid(f"{q.flag}: {exc}") from None


def new_id(reg: Registry, quarter: str) -> str:
    """Immutable and never derived from the name, so fixing a misspelt name keeps it."""
    while (candidate := f"dh-{quarter[:4]}-{secrets.token_hex(3)}") in reg.ids:
        pass
    return candidate


def free_slug(reg: Registry, name: str) -> str:
    base = slugify(name) or "ho-so"
    slug, k = base, 1
    while slug in reg.slugs:
        k += 1
        slug = f"{base}-{k}"
    return slug


def write_profile(reg: Registry, a: Answers) -> Path:
    folder = reg.root / "exemplars" / a["unit"]
    slug = free_slug(reg, a["name"])
    folder.mkdir(parents=True, exist_ok=True)
    photo = shrink_photo(a["photo"], folder / f"{slug}.jpg") if a.get("photo") else None
    data: dict = {"id": new_id(reg, a["quarter"]), "status": "published", "name": a["name"],
                  "subject": a["subject"], "category": a["category"], "unit": a["unit"],
                  "fields": a["fields"], "quarter": a["quarter"], "summary": a["summary"]}
    if a["movements"]:
        data["movements"] = a["movements"]
    if photo:
        data["photos"] = [{"file": photo.name, "alt": a["photo_alt"], "person": "true"}]
    if "consent_by" in a:
        data["consent"] = {"by": a["consent_by"], "date": a["consent_date"],
                           "scope": ["văn bản", "ảnh"] if photo else ["văn bản"]}
    path = folder / f"{slug}.yaml"
    path.write_text(to_yaml(data, HEADER), encoding="utf-8")
    return path


def shrink_photo(source: Path, target: Path) -> Path:
    """Upright, long edge at most LONG_EDGE, JPEG without EXIF/GPS/XMP (pixels only)."""
    try:
        with Image.open(source) as im:
            if im.width * im.height > MAX_PIXELS:
                raise Invalid(f"--photo: ảnh '{source}' quá lớn ({im.width}×{im.height} điểm ảnh)")
            im.draft("RGB", (LONG_EDGE, LONG_EDGE))  # JPEG: decode at reduced size, much faster
            upright = ImageOps.exif_transpose(im).convert("RGB")
    except (OSError, Image.DecompressionBombError, SyntaxError, ValueError) as exc:
        raise Invalid(f"--photo: '{source}' không phải ảnh dùng được ({exc}); hãy chọn ảnh JPEG, "
                      "PNG hoặc WebP") from None
    upright.thumbnail((LONG_EDGE, LONG_EDGE), Image.Resampling.LANCZOS)
    clean = Image.new("RGB", upright.size)
    clean.paste(upright)  # a fresh image carries no metadata at all
    clean.save(target, "JPEG", quality=85, optimize=True, progressive=True)
    return target


def report(reg: Registry, path: Path) -> int:
    """Check the new file with the real check; say what to do next."""
    from showcase.validate.check import check_content
    _, problems = check_content(reg.root)
    rel = problems.rel(path)
    own = [p for p in problems.items if p.path == rel and p.severity == "error"]
    for p in own:
        print(p.text(), file=sys.stderr)
    if own:
        return 1
    print(f"Đã tạo {rel}. Hãy mở tệp để bổ sung bài giới thiệu (story), khen thưởng (awards), "
          "rồi chạy 'showcase check'.")
    return 0
