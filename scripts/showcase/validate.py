"""Stage 2, validate: every file under content/ and exemplars/, every problem at once."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import markup, photos_check, privacy
from .load import Doc, dotted, load_markdown, load_yaml
from .model import (EXEMPLAR, MOVEMENT, PAGE, TOMBSTONE_KEYS, UNIT, Award, Consent, Exemplar,
                    Movement, Photo, Unit)
from .problems import Problems
from .schema_check import Ctx, check_fields
from .vi import slugify
from .vocab import Vocab, load_vocabs

UNITS_FILE = Path("exemplars") / "units.yaml"
MOVEMENTS_DIR = Path("content") / "phong-trao"
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


def check_content(root: Path) -> tuple[Content, Problems]:
    problems = Problems(root)
    content = Content(root)
    check_symlinks(root, problems)
    content.vocabs = load_vocabs(root, problems)
    content.units = load_units(root, content.vocabs, problems)
    content.movements = load_movements(root, content.vocabs, problems)
    content.exemplars = load_exemplars(root, content, problems)
    content.pages = load_pages(root, content, problems)
    return content, problems


def check_symlinks(root: Path, problems: Problems) -> None:
    """MkDocs follows symlinks and would publish files from outside the repository."""
    for top in ("content", "exemplars"):
        for dirpath, dirnames, filenames in os.walk(root / top):
            for name in dirnames + filenames:
                p = Path(dirpath) / name
                if p.is_symlink():
                    problems.error(p, (1, 1), "Liên kết tượng trưng (symlink) không được phép trong "
                                   "content/ và exemplars/: hãy thay bằng tệp thật.")


def _ctx(content: Content, problems: Problems, **refs) -> Ctx:
    base = {"units": lambda u: u in content.units, "movements": lambda m: m in content.movements}
    return Ctx(problems, content.vocabs, {**base, **refs})


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
    ctx = Ctx(problems, vocabs, {"units": lambda u: u in ids})
    units: dict[str, Unit] = {}
    for i, item in enumerate(doc.data):
        v = check_fields(doc, UNIT, ctx, (i,), item)
        if "id" not in v or "name" not in v or "kind" not in v:
            continue
        if v["id"] in units:
            problems.error(path, doc.mark(i, "id"), f"[{i + 1}].id: mã đơn vị '{v['id']}' bị trùng.")
            continue
        units[v["id"]] = Unit(**v)
    return units


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
        doc, body, body_line = load_markdown(path, problems)
        if doc is None:
            continue
        if not path.is_relative_to(root / MOVEMENTS_DIR):
            known = check_fields(doc, PAGE, _quiet(ctx)) if isinstance(doc.data, dict) else {}
            _ = known
        markup.check_markdown(body, path, body_line, problems, "nội dung")
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
    return sorted(p for p in base.glob("*/*.yaml") if p.parent.name != "vocab")


def load_exemplars(root: Path, content: Content, problems: Problems) -> list[Exemplar]:
    ctx = _ctx(content, problems)
    out: list[Exemplar] = []
    for path in exemplar_files(root):
        doc = load_yaml(path, problems)
        if doc is None:
            continue
        record = exemplar_from_doc(doc, content, ctx)
        if record is not None:
            out.append(record)
    check_identity(out, problems)
    return out


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
    if "story" in v:
        markup.check_markdown(v["story"], path, doc.mark("story")[0] + 1, problems, "story")
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
    for key in extra:
        ctx.problems.error(doc.path, doc.key_mark(key),
                           f"{key}: hồ sơ đã rút (status: withdrawn) chỉ được giữ id, status, "
                           f"withdrawn, slug, aliases, unit, quarter; hãy xóa trường '{key}' "
                           "(và xóa ảnh của hồ sơ khỏi thư mục).")
    schema = tuple(f for f in EXEMPLAR if f.name in TOMBSTONE_KEYS)
    v = check_fields(doc, schema, ctx)
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
        successors = ", ".join(unit.successor) or "không có"
        problems.error(doc.path, doc.mark("received" if "received" in v else "quarter"),
                       f"unit: đơn vị '{unit.name}' ({unit.id}) không còn/chưa tồn tại vào "
                       f"{day:%d/%m/%Y}; đơn vị kế thừa: {successors}.")


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
        rel = photos_check.check_photo(doc.path, p["file"], doc.mark("photos", i, "file"), problems)
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
                       "bố (consent: by, date, scope). Ví dụ:\n  consent:\n    by: Nguyễn Văn A\n"
                       "    date: 02/04/2021\n    scope: [văn bản, ảnh]")
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


def check_privacy(doc: Doc, problems: Problems) -> None:
    """Refuse keys and text that carry personal data we never publish."""
    for at, value in _walk(doc.data, ()):
        key = next((k for k in reversed(at) if isinstance(k, str)), "")
        kind = privacy.forbidden_key(at[-1]) if at and isinstance(at[-1], str) else None
        if kind:
            problems.error(doc.path, doc.key_mark(*at), f"{dotted(at)}: không được lưu {kind} "
                           "(dữ liệu cá nhân không công bố theo Luật Bảo vệ dữ liệu cá nhân). "
                           "Hãy xóa dòng này.")
            continue
        if isinstance(value, str) and key not in ("id", "slug", "file", "decision", "date",
                                                   "received", "quarter", "birth_year", "year"):
            for reason, found in privacy.scan_text(value):
                problems.error(doc.path, doc.mark(*at), f"{dotted(at)}: nội dung {reason} "
                               f"('{found}'). Hãy xóa thông tin này trước khi công bố.")


def _walk(data: Any, at: tuple):
    if isinstance(data, dict):
        for k, v in data.items():
            yield (*at, k), v
            yield from _walk(v, (*at, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _walk(v, (*at, i))
    elif at:
        return


def check_identity(exemplars: list[Exemplar], problems: Problems) -> None:
    """Ids and URLs are unique; a collision names both files."""
    seen_id: dict[str, Exemplar] = {}
    seen_url: dict[str, Exemplar] = {}
    for e in exemplars:
        if e.id in seen_id:
            problems.error(e.source, (1, 1), f"id: mã '{e.id}' đã dùng trong "
                           f"{seen_id[e.id].source}. Mỗi hồ sơ cần một mã riêng.")
        seen_id.setdefault(e.id, e)
        for url in (e.slug, *e.aliases):
            key = url  # profiles live at /dien-hinh/<slug>/, one namespace for all units
            other = seen_url.get(key)
            if other is not None and other is not e:
                problems.error(e.source, (1, 1), f"slug: đường dẫn '{url}' trùng với hồ sơ "
                               f"{other.source}. Hãy đặt tên tệp khác, ví dụ '{url}-2.yaml'.")
            seen_url.setdefault(key, e)
