"""Stage 2, validate: every file under content/ and exemplars/, every problem at once."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterator

from . import fanout, history, markup, photos_check, privacy
from .load import Doc, dotted, load_markdown, load_yaml
from .model import (EXEMPLAR, MOVEMENT, PAGE, TOMBSTONE_KEYS, UNIT, Award, Consent, Exemplar,
                    Movement, Photo, Unit)
from .problems import Problem, Problems
from .schema_check import Ctx, check_fields
from .vi import format_quarter, slugify
from .vocab import Vocab, load_vocabs

UNITS_FILE = Path("exemplars") / "units.yaml"
MOVEMENTS_DIR = Path("content") / "phong-trao"
RESERVED_DIRS = frozenset({"vocab", "schema"})  # folders of exemplars/ that are not units
GUARDIAN_RELATIONS = {"cha-me", "nguoi-giam-ho"}
ADULT_AGE = 16


@dataclass
class PageSource:
    """A hand-written Markdown page under content/."""

    path: str  # relative to the root
    meta: dict[str, Any]
    body: str


@dataclass
class Content:
    """Everything read from the repository, validated; drafts and withdrawn included."""

    root: Path
    vocabs: dict[str, Vocab] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    movements: dict[str, Movement] = field(default_factory=dict)
    pages: list[PageSource] = field(default_factory=list)
    exemplars: list[Exemplar] = field(default_factory=list)


def check_content(root: Path, base: str | None = "HEAD") -> tuple[Content, Problems]:
    """Everything under content/ and exemplars/; `base` is the git revision that published
    identities are compared with (None: no comparison)."""
    problems = Problems(root)
    content = Content(root)
    check_symlinks(root, problems)
    content.vocabs = load_vocabs(root, problems)
    content.units = load_units(root, content.vocabs, problems)
    content.movements = load_movements(root, content.vocabs, problems)
    content.exemplars = load_exemplars(root, content, problems)
    if "statuses" in content.vocabs:
        history.check_history(root, content.exemplars, content.vocabs["statuses"], problems, base)
    content.pages = load_pages(root, content, problems)
    return content, problems


SYMLINK = ("Liên kết tượng trưng (symlink) không được phép trong content/ và exemplars/: hãy "
           "thay bằng tệp thật.")


def check_symlinks(root: Path, problems: Problems) -> None:
    """MkDocs follows symlinks and would publish files from outside the repository."""
    for top in ("content", "exemplars"):
        for entry, parts in _entries(root / top, ()):
            if entry.is_symlink():  # from the directory listing: no extra system call
                problems.error(entry.path, (1, 1), SYMLINK)
            elif top == "exemplars":
                check_stray(Path(entry.path), parts, entry.is_dir(), problems)


def _entries(folder: Path | str, parts: tuple[str, ...]) -> Iterator[tuple[os.DirEntry, tuple]]:
    """Every entry below `folder` with its path parts; symlinked folders are not entered."""
    try:
        listing = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in listing:
        here = (*parts, entry.name)
        yield entry, here
        if entry.is_dir(follow_symlinks=False):
            yield from _entries(entry.path, here)


def check_stray(path: Path, parts: tuple[str, ...], is_dir: bool, problems: Problems) -> None:
    """Files the check would never read are reported, so nothing is silently skipped."""
    if parts[0] in RESERVED_DIRS or is_dir and len(parts) == 1:
        return
    if path.suffix == ".yml":
        problems.error(path, (1, 1), f"Tệp '{path.name}' có đuôi .yml nên không được đọc: hãy đổi "
                       f"tên thành '{path.stem}.yaml'.")
    elif len(parts) > 2 or is_dir:
        problems.warn(path, (1, 1), "Thư mục con trong thư mục đơn vị không được đọc: hãy đặt hồ sơ "
                      "và ảnh trực tiếp trong exemplars/<mã đơn vị>/.")
    elif len(parts) == 2 and path.suffix.lower() not in (".yaml", *photos_check.EXTENSIONS):
        problems.warn(path, (1, 1), f"Tệp '{path.name}' không phải hồ sơ (.yaml) hay ảnh (JPEG, PNG, "
                      "WebP) nên sẽ không được dùng; hãy xóa nếu không cần.")


def _ctx(content: Content, problems: Problems, **refs) -> Ctx:
    base = {"units": lambda u: u in content.units, "movements": lambda m: m in content.movements}
    return Ctx(problems, content.vocabs, {**base, **refs},
               {"units": content.units.keys(), "movements": content.movements.keys()})


# ---- units ------------------------------------------------------------------------------

def load_units(root: Path, vocabs: dict[str, Vocab], problems: Problems) -> dict[str, Unit]:
    path = root / UNITS_FILE
    if not path.exists():
        problems.error(path, (1, 1), "Thiếu tệp danh mục đơn vị exemplars/units.yaml.")
        return {}
    doc = load_yaml(path, problems)
    if doc is None or not isinstance(doc.data, list):
        if doc is not None:
            problems.error(path, doc.mark(), "units.yaml phải là một danh sách '- id: ...'.")
        return {}
    ids = {str(u.get("id")) for u in doc.data if isinstance(u, dict)}
    ctx = Ctx(problems, vocabs, {"units": lambda u: u in ids}, {"units": ids})
    units: dict[str, Unit] = {}
    for i, item in enumerate(doc.data):
        v = check_fields(doc, UNIT, ctx, (i,), item)
        if "id" not in v or "name" not in v or "kind" not in v:
            continue
        if v["id"] in units:
            problems.error(path, doc.mark(i, "id"), f"[{i + 1}].id: mã đơn vị '{v['id']}' bị trùng.")
            continue
        units[v["id"]] = Unit(**v)
        check_unit_dates(doc, i, units[v["id"]], problems)
    return units


def check_unit_dates(doc: Doc, i: int, unit: Unit, problems: Problems) -> None:
    if unit.valid_from and unit.valid_to and unit.valid_to < unit.valid_from:
        problems.error(doc.path, doc.mark(i, "valid_to"), f"[{i + 1}].valid_to: đơn vị '{unit.id}' "
                       f"kết thúc ({unit.valid_to:%d/%m/%Y}) trước khi bắt đầu "
                       f"({unit.valid_from:%d/%m/%Y}); hãy kiểm tra lại hai ngày này.")
    if unit.successor and not unit.valid_to:
        problems.error(doc.path, doc.mark(i, "successor"), f"[{i + 1}].successor: đơn vị "
                       f"'{unit.id}' có đơn vị kế thừa nên cần valid_to (ngày cuối cùng tồn tại).")


# ---- movements and pages ----------------------------------------------------------------

def load_movements(root: Path, vocabs: dict[str, Vocab], problems: Problems) -> dict[str, Movement]:
    movements: dict[str, Movement] = {}
    ctx = Ctx(problems, vocabs, {})
    for path in sorted((root / MOVEMENTS_DIR).glob("*.md")):
        if path.name == "index.md":
            continue
        doc, body, _ = load_markdown(path, problems)
        if doc is None:
            continue
        v = check_fields(doc, MOVEMENT, ctx)
        if "id" in v and v["id"] != path.stem:
            problems.error(path, doc.mark("id"), f"id: '{v['id']}' phải trùng tên tệp '{path.stem}'.")
        if "title" in v:
            v["id"] = path.stem
            movements[path.stem] = Movement(source=problems.rel(path), body=body, **v)
    return movements


def load_pages(root: Path, content: Content, problems: Problems) -> list[PageSource]:
    ids = {e.id for e in content.exemplars}
    ctx = _ctx(content, problems, exemplars=lambda x: x in ids)
    pages = []
    for path in sorted((root / "content").rglob("*.md")):
        if path.is_symlink():  # reported by check_symlinks; never read what it points to
            continue
        doc, body, body_line = load_markdown(path, problems)
        if doc is None:
            continue
        if not path.is_relative_to(root / MOVEMENTS_DIR):
            known = check_fields(doc, PAGE, _quiet(ctx)) if isinstance(doc.data, dict) else {}
            _ = known
        marks = markup.body_marks(body, body_line)
        markup.check_markdown(body, path, marks, problems, "nội dung")
        check_privacy(doc, problems)
        for reason, found, offset in privacy.scan_text(body):
            problems.error(path, marks(offset), f"nội dung: {reason} ('{found}'). Hãy xóa thông tin "
                           "này trước khi công bố.")
        pages.append(PageSource(problems.rel(path), doc.data if isinstance(doc.data, dict) else {}, body))
    return pages


def _quiet(ctx: Ctx) -> Ctx:
    """Hand-written pages may carry Material's own front matter keys: don't warn on them."""

    class _NoWarn(Problems):
        def warn(self, *a, **k) -> None:  # noqa: D401 - only unknown-key warnings come here
            return None

        def add(self, *a, **k) -> None:
            ctx.problems.add(*a, **k)

    return Ctx(_NoWarn(ctx.problems.root), ctx.vocabs, ctx.refs)


# ---- exemplars --------------------------------------------------------------------------

def exemplar_files(root: Path) -> list[Path]:
    base = root / "exemplars"
    return sorted(p for p in base.glob("*/*.yaml") if p.parent.name not in RESERVED_DIRS)


def load_exemplars(root: Path, content: Content, problems: Problems) -> list[Exemplar]:
    out: list[Exemplar] = []
    used: set[Path] = set()
    for records, found, photos in fanout.map_chunks(_check_exemplar_files, content,
                                                    exemplar_files(root)):
        out.extend(records)
        problems.items.extend(found)
        used |= photos
    check_identity(out, problems)
    photos_check.check_unused(root, used, problems)
    return out


def _check_exemplar_files(content: Content, paths: list[Path]
                          ) -> tuple[list[Exemplar], list[Problem], set[Path]]:
    """One worker's share: records, problems and the photos the files name."""
    problems = Problems(content.root)
    ctx = _ctx(content, problems)
    out: list[Exemplar] = []
    used: set[Path] = set()
    for path in paths:
        doc = load_yaml(path, problems)
        if doc is None:
            continue
        used.update(photos_check.named_photos(doc))
        record = exemplar_from_doc(doc, content, ctx)
        if record is not None:
            out.append(record)
    return out, problems.items, used


def exemplar_from_doc(doc: Doc, content: Content, ctx: Ctx) -> Exemplar | None:
    problems = ctx.problems
    path = doc.path
    if isinstance(doc.data, dict) and _status_of(doc, ctx) == "withdrawn":
        return tombstone(doc, ctx)
    v = check_fields(doc, EXEMPLAR, ctx)
    check_privacy(doc, problems)
    if not {"id", "status", "name", "subject", "category", "unit", "fields", "quarter",
            "summary"} <= v.keys():
        return None
    slug = check_file_name(doc, v, problems)
    check_unit(doc, v, content, problems)
    check_dates(doc, v, problems)
    if "story" in v:
        markup.check_markdown(v["story"], path, lambda off: doc.inner_mark(("story",), v["story"], off),
                              problems, "story")
    v["awards"] = tuple(Award(**a) for a in v.get("awards", ()) if "name" in a)
    v["consent"] = check_consent(doc, v, problems)
    v["photos"] = check_photos(doc, v, problems)
    v.pop("slug", None)
    return Exemplar(slug=slug, source=problems.rel(path), **v)


def _status_of(doc: Doc, ctx: Ctx) -> str | None:
    vocab = ctx.vocabs.get("statuses")
    raw = doc.data.get("status")
    return vocab.resolve(raw) if vocab and isinstance(raw, str) else None


def tombstone(doc: Doc, ctx: Ctx) -> Exemplar | None:
    """A withdrawn profile keeps only id, status, date and its old URLs."""
    extra = [k for k in doc.data if k not in TOMBSTONE_KEYS]
    if extra:
        ctx.problems.error(doc.path, doc.key_mark(extra[0]),
                           f"{extra[0]}: hồ sơ đã rút (status: withdrawn) chỉ được giữ id, status, "
                           "withdrawn (và slug, aliases, unit, quarter). Hãy xóa các trường: "
                           f"{', '.join(extra)}; và xóa ảnh của hồ sơ khỏi thư mục.")
    schema = tuple(replace(f, required=f.name in ("id", "status"))
                   for f in EXEMPLAR if f.name in TOMBSTONE_KEYS)
    kept = {k: x for k, x in doc.data.items() if k in TOMBSTONE_KEYS}
    v = check_fields(doc, schema, ctx, (), kept)
    if "withdrawn" not in v:
        ctx.problems.error(doc.path, doc.mark(), "withdrawn: hồ sơ đã rút cần ghi ngày rút, "
                           "ví dụ withdrawn: 01/03/2026.")
    if "id" not in v:
        return None
    slug = v.pop("slug", None) or doc.path.stem
    return Exemplar(id=v["id"], status="withdrawn", name="", slug=slug, subject="", category="",
                    unit=v.get("unit", doc.path.parent.name), fields=(), quarter=v.get("quarter", (0, 0)),
                    summary="", source=ctx.problems.rel(doc.path), aliases=v.get("aliases", ()),
                    withdrawn=v.get("withdrawn"), sample=v.get("sample", False))


def check_file_name(doc: Doc, v: dict, problems: Problems) -> str:
    stem = doc.path.stem
    suggested = slugify(stem)
    if stem != suggested:
        problems.error(doc.path, (1, 1), f"Tên tệp '{doc.path.name}' phải viết không dấu, chữ "
                       f"thường, nối bằng gạch ngang: hãy đổi thành '{suggested}.yaml'.")
    slug = v.get("slug") or suggested
    if v.get("slug") and v["slug"] != stem:
        problems.error(doc.path, doc.mark("slug"), f"slug: '{v['slug']}' phải trùng tên tệp "
                       f"'{stem}' (hoặc đổi tên tệp thành '{v['slug']}.yaml').")
    return slug


def check_unit(doc: Doc, v: dict, content: Content, problems: Problems) -> None:
    unit = content.units.get(v["unit"])
    folder = doc.path.parent.name
    if v["unit"] != folder:
        problems.error(doc.path, doc.mark("unit"), f"unit: '{v['unit']}' khác thư mục chứa tệp "
                       f"'exemplars/{folder}/'. Hãy sửa thành unit: {folder} hoặc chuyển tệp sang "
                       f"thư mục exemplars/{v['unit']}/.")
    if unit is None:
        return
    day = v.get("received") or _quarter_start(v["quarter"])
    if not unit.existed_on(day):
        problems.error(doc.path, doc.mark("unit"), _unit_date_message(unit, day, content))


def _unit_date_message(unit: Unit, day: dt.date, content: Content) -> str:
    """Say which unit did exist on that day: a predecessor or a successor."""
    when = f"ngày nhận hồ sơ {day:%d/%m/%Y}"
    if unit.valid_from and day < unit.valid_from:
        before = [u.id for u in content.units.values() if unit.id in u.successor]
        return (f"unit: đơn vị '{unit.name}' ({unit.id}) chỉ có từ {unit.valid_from:%d/%m/%Y}, sau "
                f"{when}. Hồ sơ trước đó ghi đơn vị cũ" +
                (f": {', '.join(before)}." if before else " trong exemplars/units.yaml."))
    after = ", ".join(unit.successor) or "xem exemplars/units.yaml"
    return (f"unit: đơn vị '{unit.name}' ({unit.id}) đã kết thúc ngày {unit.valid_to:%d/%m/%Y}, "
            f"trước {when}. Hồ sơ mới hãy ghi đơn vị kế thừa ({after}) và đặt trong thư mục của "
            "đơn vị đó.")


def check_dates(doc: Doc, v: dict, problems: Problems) -> None:
    """Suspicious, not impossible: warnings, which fail only under --strict."""
    received, (year, q) = v.get("received"), v["quarter"]
    if received and (received.year, (received.month - 1) // 3 + 1) != (year, q):
        problems.warn(doc.path, doc.mark("received"), f"received: ngày nhận {received:%d/%m/%Y} "
                      f"không thuộc {format_quarter(year, q)} (quarter). Hãy kiểm tra lại quý hoặc ngày.")
    consent = v.get("consent") or {}
    if received and consent.get("date") and consent["date"] > received:
        problems.warn(doc.path, doc.mark("consent", "date"), f"consent.date: ngày đồng ý "
                      f"{consent['date']:%d/%m/%Y} sau ngày nhận hồ sơ {received:%d/%m/%Y}; sự đồng ý "
                      "cần có trước khi nộp hồ sơ.")


def _quarter_start(q: tuple[int, int]) -> dt.date:
    return dt.date(q[0], 3 * q[1] - 2, 1)


def check_photos(doc: Doc, v: dict, problems: Problems) -> tuple[Photo, ...]:
    out = []
    consent: Consent | None = v.get("consent")
    for i, p in enumerate(v.get("photos", ())):
        if "file" not in p or "alt" not in p:
            continue
        if p.get("person", True) and not (consent and consent.photos):
            problems.error(doc.path, doc.mark("photos", i, "file"), f"photos[{i + 1}].file: ảnh có "
                           "người chỉ được đăng khi consent.scope có 'ảnh'. Hãy bổ sung sự đồng ý "
                           "hoặc ghi person: false nếu ảnh không có người.")
            continue
        rel = photos_check.check_photo(doc.path, p["file"], doc.mark("photos", i, "file"), problems,
                                       f"photos[{i + 1}].file")
        if rel:
            out.append(Photo(file=rel, alt=p["alt"], credit=p.get("credit", ""),
                             person=p.get("person", True)))
    return tuple(out)


def check_consent(doc: Doc, v: dict, problems: Problems) -> Consent | None:
    c = v.get("consent")
    consent = Consent(by=c["by"], date=c["date"], scope=tuple(c["scope"]),
                      relation=c.get("relation", ""), withdrawn=c.get("withdrawn")) \
        if c and {"by", "date", "scope"} <= c.keys() else None
    personal = v["subject"] in ("ca-nhan", "ho-gia-dinh")
    if personal and consent is None and "consent" not in (doc.data or {}):
        problems.error(doc.path, doc.mark(), "consent: cá nhân và hộ gia đình cần có sự đồng ý công "
                       "bố: thêm nhóm consent gồm by (người đồng ý), date (ngày đồng ý) và scope "
                       "(văn bản và/hoặc ảnh), xem mẫu exemplars/mau-ho-so.yaml.")
    if consent and consent.withdrawn and v["status"] == "published":
        problems.error(doc.path, doc.mark("consent", "withdrawn"), "consent.withdrawn: người được "
                       "giới thiệu đã rút lại sự đồng ý; hãy đổi status: withdrawn và xóa thông tin.")
    age = v["quarter"][0] - v["birth_year"] if "birth_year" in v else None
    if consent and age is not None and age < ADULT_AGE and consent.relation not in GUARDIAN_RELATIONS:
        problems.error(doc.path, doc.mark("consent", "relation"), f"consent.relation: người được "
                       f"giới thiệu dưới {ADULT_AGE} tuổi (sinh năm {v['birth_year']}) nên cần sự "
                       "đồng ý của cha mẹ hoặc người giám hộ: ghi relation: cha mẹ (hoặc người giám hộ).")
    if "birth_year" in v and not 1900 <= v["birth_year"] <= dt.date.today().year:
        problems.error(doc.path, doc.mark("birth_year"), f"birth_year: năm sinh {v['birth_year']} "
                       "không hợp lý.")
    return consent


# Codes, dates and allow-listed values: checked elsewhere, never free text.
_NOT_PROSE = frozenset({"id", "slug", "aliases", "file", "decision", "date", "received", "quarter",
                        "birth_year", "year", "withdrawn", "status", "sample", "subject",
                        "category", "unit", "fields", "movements", "relation", "scope", "person"})


def check_privacy(doc: Doc, problems: Problems) -> None:
    """Refuse keys and text that carry personal data we never publish."""
    for at, field_name, value in _walk(doc.data, (), ""):
        kind = privacy.forbidden_key(at[-1]) if isinstance(at[-1], str) else None
        if kind:
            problems.error(doc.path, doc.key_mark(*at), f"{dotted(at)}: không được lưu {kind} "
                           "(dữ liệu cá nhân không công bố theo Luật Bảo vệ dữ liệu cá nhân). "
                           "Hãy xóa dòng này.")
        elif value.__class__ is str and field_name not in _NOT_PROSE:
            for reason, found, offset in privacy.scan_text(value):
                problems.error(doc.path, doc.inner_mark(at, value, offset), f"{dotted(at)}: nội "
                               f"dung {reason} ('{found}'). Hãy xóa thông tin này trước khi công bố.")


def _walk(data: Any, at: tuple, field_name: str) -> Iterator[tuple[tuple, str, Any]]:
    """Every (path, nearest key, value) below `data`: mapping entries and list items alike."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield (*at, k), k, v
            if v.__class__ is not str:
                yield from _walk(v, (*at, k), k)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield (*at, i), field_name, v
            if v.__class__ is not str:
                yield from _walk(v, (*at, i), field_name)


def check_identity(exemplars: list[Exemplar], problems: Problems) -> None:
    """Ids and URLs are unique; a collision names both files."""
    seen_id: dict[str, Exemplar] = {}
    seen_url: dict[str, Exemplar] = {}
    for e in exemplars:
        if e.id in seen_id:
            problems.error(e.source, (1, 1), f"id: mã '{e.id}' đã dùng cho hồ sơ "
                           f"{seen_id[e.id].source}. Mỗi hồ sơ cần một mã riêng; hãy đổi mã của "
                           "hồ sơ MỚI (không đổi mã của hồ sơ đã công bố).")
        seen_id.setdefault(e.id, e)
        for url in dict.fromkeys((e.slug, *e.aliases)):
            # Profiles live at /dien-hinh/<slug>/: one namespace for every unit.
            other = seen_url.setdefault(url, e)
            if other is not e:
                free = next(f"{url}-{k}" for k in range(2, 999) if f"{url}-{k}" not in seen_url)
                problems.error(e.source, (1, 1), f"slug: đường dẫn '{url}' trùng với hồ sơ "
                               f"{other.source}. Hãy đổi tên tệp {e.source} thành "
                               f"'{free}.yaml' (hoặc thêm một chữ để phân biệt).")
