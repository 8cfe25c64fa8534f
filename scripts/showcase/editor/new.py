"""`showcase new`: write a new exemplar file that passes the check.

Asks for the essentials one by one (input()), or takes them as flags with --yes.
Every answer is checked at once against the same vocabularies and units as
`showcase check`, so the editor fixes a typo while still at the prompt. Ids, names and
labels are all accepted; a bad answer shows a short numbered list of the closest choices
(pick by number, or type a few letters to search), never the whole registry. The file is
checked in full (schema, privacy, consent, photos) before anything is written: a file
that fails is never left behind. New profiles are drafts unless --status says otherwise.
"""
from __future__ import annotations

import datetime as dt
import difflib
import secrets
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from PIL import Image, ImageOps

from showcase.core.model import Movement
from showcase.core.problems import Problem, Problems
from showcase.core.vi import fold, format_date, parse_date, parse_quarter, slugify
from showcase.core.yaml_out import to_yaml
from showcase.load.documents import parse_yaml
from showcase.load.vocab import Vocab, load_vocabs, movement_names, unit_names
from showcase.validate.check import check_content, exemplar_files, load_movements, load_units
from showcase.validate.exemplar import exemplar_from_doc
from showcase.validate.photos import MAX_PIXELS
from showcase.validate.privacy import scan_name, scan_text
from showcase.validate.schema import content_ctx

LONG_EDGE = 1600  # enough for a full-width photo on a phone or laptop; ~300 KB as JPEG
HEADER = ("# yaml-language-server: $schema=../schema/exemplar.schema.json\n"
          "# Tạo bằng 'showcase new'. Các trường khác (story, awards, role...): xem exemplars/mau-ho-so.yaml.")
SHORT_LIST = 8  # choices shown for a bad answer: enough to spot the right one, never a wall
SEARCH_HINT = "gõ số để chọn, hoặc gõ vài chữ để tìm"


class Invalid(ValueError):
    """An answer that cannot be used; the message says what to write instead.

    `choices` are (value to use, how to show it): the closest few, offered by number."""

    def __init__(self, message: str, choices: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.choices = choices or []

    def numbered(self) -> str:
        """The message, then the choices one a line, for the prompt."""
        lines = [f"    {i}. {shown}" for i, (_, shown) in enumerate(self.choices, 1)]
        return "\n".join([str(self) + (f"; {SEARCH_HINT}:" if lines else ""), *lines])

    def inline(self) -> str:
        """The message with the choices on one line, for a flag under --yes."""
        if not self.choices:
            return str(self)
        return f"{self}; gần nhất: " + ", ".join(shown for _, shown in self.choices)


@dataclass
class Registry:
    """What answers are checked against: the repository's units, vocabularies and movements."""

    root: Path
    vocabs: dict[str, Vocab]
    units: dict
    movements: dict[str, Movement]
    slugs: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, root: Path) -> "Registry":
        problems = Problems(root)
        vocabs = load_vocabs(root, problems)
        files = exemplar_files(root)
        return cls(root, vocabs, load_units(root, vocabs, problems),
                   load_movements(root, vocabs, problems),
                   {p.stem for p in files}, {_id_of(p) for p in files})


def _id_of(path: Path) -> str:
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("id:"):
            return line[3:].strip().strip("'\"")
    return ""


# ---- one checker per answer: text in, value out, Invalid with advice otherwise --------

Answers = dict
Check = Callable[[Registry, str, Answers], object]

def closest(terms: dict[str, str], text: str, limit: int = SHORT_LIST) -> list[str]:
    """Ids of `terms` (id → label) best matching `text`: words contained first, then the
    most similar spellings; no accents, case or hyphens needed."""
    key = _folded(text)
    words = key.split()
    contains: list[tuple[float, str]] = []
    similar: list[tuple[float, str]] = []
    for term, label in terms.items():
        forms = (_folded(term), _folded(label))
        if words and all(any(w in f for f in forms) for w in words):
            contains.append((0.0 if any(f.startswith(key) for f in forms) else 1.0, term))
        elif (ratio := max(difflib.SequenceMatcher(None, key, f).ratio() for f in forms)) >= 0.5:
            similar.append((-ratio, term))
    return [t for _, t in sorted(contains or similar)[:limit]]


def _folded(text: str) -> str:
    return " ".join(fold(text).replace("-", " ").split())


def _vocab(name: str) -> Check:
    def check(reg: Registry, text: str, a: Answers) -> str:
        vocab = reg.vocabs[name]
        term = vocab.resolve(text)
        if term is None:
            near = closest(vocab.labels, text) or list(vocab.labels)[:SHORT_LIST]
            raise Invalid(f"'{text}' không có trong danh mục {vocab.source}",
                          [(vocab.labels[t], vocab.labels[t]) for t in near])
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
    """An id, or a title, or the id read as words ('nông thôn mới')."""
    if text in reg.movements:
        return text
    found = movement_names(reg.movements).matches(text)
    if len(found) == 1:
        return found[0]
    titles = {m.id: m.title for m in reg.movements.values()}
    raise Invalid(f"không có phong trào '{text}'",
                  [(t, f"{titles[t]} ({t})") for t in closest(titles, text)])


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
        for reason, found, _ in scan_text(text):  # the check's own rules, before any file exists
            raise Invalid(f"nội dung {reason} ('{found}'); hãy xóa thông tin này")
        return text.strip()
    return check


def _unit(reg: Registry, text: str, a: Answers) -> str:
    """A unit, by id or name, that existed at the start of the quarter already answered."""
    year, q = parse_quarter(a["quarter"]) or (0, 0)
    day = dt.date(year, 3 * q - 2, 1)
    open_units = {u.id: u.name for u in reg.units.values() if u.existed_on(day)}
    found = [text] if text in reg.units else unit_names(reg.units).matches(text)
    if len(open_found := [u for u in found if u in open_units]) == 1:
        return open_found[0]
    if found and not open_found:  # a real unit, merged away or not yet formed: say which was
        return _unit_then(reg, found[0], a["quarter"], open_units)
    near = open_found or closest(open_units, text)
    hint = "" if near else "; hãy gõ mã hoặc vài chữ của tên đơn vị, ví dụ 'Xuân'"
    raise Invalid(f"'{text}' không phải đơn vị tồn tại vào quý {a['quarter']}{hint}",
                  [(u, f"{open_units[u]} ({u})") for u in near])


def _unit_then(reg: Registry, unit_id: str, quarter: str, open_units: dict[str, str]) -> str:
    """Offer the predecessors (or successors) of a unit that did not exist in that quarter."""
    unit = reg.units[unit_id]
    related = [u.id for u in reg.units.values() if unit_id in u.successor] + list(unit.successor)
    near = [u for u in related if u in open_units][:SHORT_LIST]
    when = unit_names(reg.units).describe(unit_id)
    raise Invalid(f"{when} không tồn tại vào quý {quarter}",
                  [(u, f"{open_units[u]} ({u})") for u in near])


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
    Question("unit", "Đơn vị giới thiệu (mã hoặc tên, ví dụ xuan-duong hoặc Xã Xuân Đường)", _unit,
             flag="--unit"),
    Question("fields", "Lĩnh vực, cách nhau bởi dấu phẩy (kinh tế, văn hóa, xã hội, quốc phòng, "
             "an ninh...)", _list_of(_vocab("fields")), flag="--fields"),
    Question("movements", "Phong trào (mã hoặc tên), cách nhau bởi dấu phẩy (có thể bỏ trống)",
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
        answers["status"] = _status(reg, str(given.get("status") or "draft"))
        path = write_profile(reg, answers)
    except Invalid as exc:
        print(f"Lỗi: {exc.inline()}", file=sys.stderr)
        return 1
    except Refused as exc:
        for p in exc.problems:
            print(f"Lỗi: {p.message}", file=sys.stderr)
        print("Chưa tạo tệp nào: hãy sửa các câu trả lời trên rồi chạy lại.", file=sys.stderr)
        return 1
    except EOFError:  # the questions ran out (Ctrl-D, or a script fed too few answers)
        print("\nĐã dừng: chưa đủ thông tin, chưa tạo tệp nào.", file=sys.stderr)
        return 1
    return report(reg, path, answers["status"])


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
    offered: list[tuple[str, str]] = []
    while True:
        hint = f" [{default}]" if default else ""
        text = input(f"{q.prompt}{hint}: ").strip() or (default or "")
        if not text and default == "":
            return _empty(q)
        try:
            return q.check(reg, _picked(text, offered), answers)
        except Invalid as exc:
            offered = exc.choices
            print(f"  → {exc.numbered()}" if offered else f"  → {exc}. Hãy nhập lại.")


def _picked(text: str, offered: list[tuple[str, str]]) -> str:
    """'2' (or '1, 3' in a list answer) picks from the numbered choices just shown."""
    if not offered:
        return text
    parts = [p.strip() for p in text.split(",")]
    numbers = [int(p) for p in parts if p.isdigit() and 1 <= int(p) <= len(offered)]
    if len(numbers) != len(parts):
        return text
    return ", ".join(offered[n - 1][0] for n in numbers)


def _empty(q: Question) -> object:
    return [] if q.key == "movements" else ""


def _checked(reg: Registry, q: Question, text: str, answers: Answers) -> object:
    try:
        return q.check(reg, text, answers)
    except Invalid as exc:
        raise Invalid(f"{q.flag}: {exc}", exc.choices) from None


def _status(reg: Registry, text: str) -> str:
    """Draft unless told otherwise; a new profile cannot start withdrawn."""
    term = reg.vocabs["statuses"].resolve(text)
    if term not in ("draft", "published"):
        raise Invalid(f"--status: '{text}' không dùng được cho hồ sơ mới; hãy ghi draft (nháp) "
                      "hoặc published (công bố)")
    return term


class Refused(Exception):
    """The whole file failed the check; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} lỗi")
        self.problems = problems


def new_id(reg: Registry, quarter: str) -> str:
    """Immutable and never derived from the name, so fixing a misspelt name keeps it. Never
    one the check refuses: with no readable quarter the year is '0000', and 'dh-0000-12345a'
    reads as a 9-digit ID number (scan_name): about one draw in ten gave a spreadsheet row
    with a mistyped quarter a second, baffling error (and tests/test_spreadsheet.py a flake)."""
    while (candidate := f"dh-{quarter[:4]}-{secrets.token_hex(3)}") in reg.ids or scan_name(candidate):
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
    """Check the whole file in a scratch folder first; only a file that passes is written."""
    slug = free_slug(reg, a["name"])
    with tempfile.TemporaryDirectory(prefix="showcase-new-") as scratch:
        draft = Path(scratch) / "exemplars" / a["unit"] / f"{slug}.yaml"
        draft.parent.mkdir(parents=True)
        photo = shrink_photo(a["photo"], draft.with_suffix(".jpg")) if a.get("photo") else None
        text = to_yaml(profile_data(reg, a, photo.name if photo else None), HEADER)
        errors = precheck(reg, draft, text)
        if errors:
            raise Refused(errors)
        folder = reg.root / "exemplars" / a["unit"]
        folder.mkdir(parents=True, exist_ok=True)
        if photo:
            shutil.move(photo, folder / photo.name)
        path = folder / draft.name
        path.write_text(text, encoding="utf-8")
    return path


def profile_data(reg: Registry, a: Answers, photo: str | None) -> dict:
    data: dict = {"id": new_id(reg, a["quarter"]), "status": a.get("status", "draft"),
                  "name": a["name"], "subject": a["subject"], "category": a["category"],
                  "unit": a["unit"], "fields": a["fields"], "quarter": a["quarter"],
                  "summary": a["summary"]}
    if a["movements"]:
        data["movements"] = a["movements"]
    if photo:
        data["photos"] = [{"file": photo, "alt": a["photo_alt"], "person": "true"}]
    if "consent_by" in a:
        data["consent"] = {"by": a["consent_by"], "date": a["consent_date"],
                           "scope": ["văn bản", "ảnh"] if photo else ["văn bản"]}
    return data


def precheck(reg: Registry, draft: Path, text: str) -> list[Problem]:
    """The errors `showcase check` would report for this one file (schema, privacy, unit
    dates, consent, photos), from the text in memory; `draft` sits in a scratch tree."""
    problems = Problems(draft.parents[2])
    doc = parse_yaml(draft, text, problems)
    if doc is not None:
        ctx = content_ctx(problems, reg.vocabs, reg.units, reg.movements)
        exemplar_from_doc(doc, reg.units, ctx)
    return [p for p in problems.items if p.severity == "error"]


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


def report(reg: Registry, path: Path, status: str = "draft") -> int:
    """Check the new file with the real check; say what to do next."""
    _, problems = check_content(reg.root)
    rel = problems.rel(path)
    own = [p for p in problems.items if p.path == rel]
    for p in own:  # errors cannot be left by now; a warning such as a duplicate person can
        print(p.text(), file=sys.stderr)
    if any(p.severity == "error" for p in own):
        return 1
    draft = status == "draft"
    print(f"Đã tạo {rel}. Hãy mở tệp để bổ sung bài giới thiệu (story), khen thưởng (awards), "
          "rồi chạy 'showcase check'." + (" Hồ sơ đang là bản nháp (status: draft): đổi thành "
                                          "published khi đã được duyệt." if draft else ""))
    return 0
