"""One exemplar file: its record, and the rules that need more than its schema.

Units at the submission date, file name and slug, tombstones, photos, consent and
minors. Cross-file rules (ids and URLs unique) are at the end; validate.py runs them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Mapping

from showcase.validate import cache, history
from showcase.validate import markup

from showcase.validate import photos as photos_check

from showcase.validate import privacy
from showcase.load.documents import Doc
from showcase.core.model import EXEMPLAR, TOMBSTONE_KEYS, Award, Consent, Exemplar, Photo, Unit
from showcase.core.clock import today
from showcase.core.lists import false_at, same_places
from showcase.core.problems import Problems
from showcase.validate.schema import Ctx, check_fields
from showcase.core.vi import format_date, format_quarter, parse_date, quarter_span, slugify

GUARDIAN_RELATIONS = {"cha-me", "nguoi-giam-ho"}
ADULT_AGE = 16
REQUIRED = {"id", "status", "name", "subject", "category", "unit", "fields", "quarter", "summary"}
CONSENT_READS = {"status", "subject", "quarter"}  # what the consent and photo rules need


def exemplar_from_doc(doc: Doc, units: Mapping[str, Unit], ctx: Ctx) -> Exemplar | None:
    problems = ctx.problems
    path = doc.path
    if isinstance(doc.data, dict) and _status_of(doc, ctx) == "withdrawn":
        # a tombstone keeps its slug and aliases as public URLs (its notice page, redirects):
        # they are scanned like any profile's
        privacy.check_doc(doc, problems, ctx.vocabs)
        return tombstone(doc, ctx)
    v = check_fields(doc, EXEMPLAR, ctx)
    privacy.check_doc(doc, problems, ctx.vocabs)
    markup.check_doc(doc, problems)
    check_consent_given(doc, v, problems)  # before the early return: it holds whatever else is wrong
    # One bad field hides no other rule: each rule runs when the values it reads are valid,
    # and only the record waits for every required one (each missing one is reported).
    slug = check_file_name(doc, v, problems)
    if {"unit", "quarter"} <= v.keys():
        check_unit(doc, v, units, problems)
    if "quarter" in v:
        check_dates(doc, v, problems)
    if "story" in v:
        markup.check_markdown(v["story"], path, lambda off: doc.inner_mark(("story",), v["story"], off),
                              problems, "story")
    check_award_dates(doc, v, ctx, problems)
    v["awards"] = tuple(Award(**a) for a in v.get("awards", ()) if "name" in a)
    if not CONSENT_READS <= v.keys():
        return None
    v["consent"] = check_child_consent(doc, v, check_consent(doc, v, problems), problems)
    v["photos"] = check_photos(doc, v, problems)
    if not REQUIRED <= v.keys():
        return None
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
                    withdrawn=v.get("withdrawn"), sample=v.get("sample", False),
                    removed_photos=history.check_hashes(doc, v.get("removed_photos", ()), ctx.problems))


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


def check_unit(doc: Doc, v: dict, units: Mapping[str, Unit], problems: Problems) -> None:
    unit = units.get(v["unit"])
    folder = doc.path.parent.name
    if v["unit"] != folder:
        problems.error(doc.path, doc.mark("unit"), f"unit: '{v['unit']}' khác thư mục chứa tệp "
                       f"'exemplars/{folder}/'. Hãy sửa thành unit: {folder} hoặc chuyển tệp sang "
                       f"thư mục exemplars/{v['unit']}/.")
    if unit is None:
        return
    day = v.get("received") or quarter_span(*v["quarter"])[0]
    if not unit.existed_on(day):
        problems.error(doc.path, doc.mark("unit"), _unit_date_message(unit, day, units))


def _unit_date_message(unit: Unit, day: dt.date, units: Mapping[str, Unit]) -> str:
    """Say which unit did exist on that day: a predecessor or a successor."""
    when = f"ngày nhận hồ sơ {day:%d/%m/%Y}"
    if unit.valid_from and day < unit.valid_from:
        before = [u.id for u in units.values() if unit.id in u.successor]
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


PERSONAL = ("ca-nhan", "ho-gia-dinh")
CONSENT_KEYS = ("by", "relation", "date", "scope", "withdrawn")
NO_CONSENT = "consent: chưa có sự đồng ý công bố (bắt buộc với cá nhân và hộ gia đình): "


def check_consent_given(doc: Doc, v: dict, problems: Problems) -> None:
    """A person or household needs consent to publish text, and an absent or empty group is
    an error on its own line, not just the warnings about the keys that fell out of it."""
    if v.get("subject") not in PERSONAL or not isinstance(doc.data, dict):
        return
    raw = doc.data.get("consent", ...)
    if ("consent",) in doc.broken:  # lost to a syntax error, which is reported at its line
        return
    if raw is ...:
        problems.error(doc.path, doc.mark(), NO_CONSENT + "thêm nhóm consent gồm by (người đồng "
                       "ý), date (ngày đồng ý) và scope (văn bản và/hoặc ảnh), xem mẫu "
                       "exemplars/mau-ho-so.yaml.")
    elif raw in (None, "", [], {}):
        stray = [k for k in CONSENT_KEYS if k in doc.data]
        fix = (f"các dòng {', '.join(stray)} bên dưới không thụt lề nên không thuộc nhóm này. Hãy "
               "thụt lề mỗi dòng đó 2 dấu cách.") if stray else (
               "nhóm consent đang trống. Hãy ghi by, date và scope bên dưới, mỗi dòng thụt lề 2 "
               "dấu cách (xem mẫu exemplars/mau-ho-so.yaml).")
        problems.error(doc.path, doc.key_mark("consent"), NO_CONSENT + fix)
    elif isinstance(raw, dict) and "scope" in v.get("consent", {}) and \
            "van-ban" not in v["consent"]["scope"]:
        problems.error(doc.path, doc.mark("consent", "scope"), "consent.scope: chưa có sự đồng ý "
                       "công bố văn bản (tên và thành tích), nên hồ sơ không được đăng. Hãy ghi "
                       "scope: [văn bản] (hoặc [văn bản, ảnh]) khi người đó đã đồng ý.")


def check_consent(doc: Doc, v: dict, problems: Problems) -> Consent | None:
    c = v.get("consent")
    consent = Consent(by=c["by"], date=c["date"], scope=tuple(c["scope"]),
                      relation=c.get("relation", ""), withdrawn=c.get("withdrawn")) \
        if c and {"by", "date", "scope"} <= c.keys() else None
    if consent and consent.withdrawn and v["status"] == "published":
        problems.error(doc.path, doc.mark("consent", "withdrawn"), "consent.withdrawn: người được "
                       "giới thiệu đã rút lại sự đồng ý; hãy đổi status: withdrawn và xóa thông tin.")
    age = v["quarter"][0] - v["birth_year"] if "birth_year" in v else None
    if consent and age is not None and age < ADULT_AGE and consent.relation not in GUARDIAN_RELATIONS:
        problems.error(doc.path, doc.mark("consent", "relation"), f"consent.relation: người được "
                       f"giới thiệu dưới {ADULT_AGE} tuổi (sinh năm {v['birth_year']}) nên cần sự "
                       "đồng ý của cha mẹ hoặc người giám hộ: ghi relation: cha mẹ (hoặc người giám hộ).")
    if "birth_year" in v and not 1900 <= v["birth_year"] <= today().year:
        problems.error(doc.path, doc.mark("birth_year"), f"birth_year: năm sinh {v['birth_year']} "
                       "không hợp lý.")
    return consent


def check_award_dates(doc: Doc, v: dict, ctx: Ctx, problems: Problems) -> None:
    """An award past its `valid_to` in exemplars/vocab/awards.yaml (district awards end on
    30/6/2025 with the district governments) is suspicious, not impossible: a warning."""
    vocab = ctx.vocabs.get("awards")
    for i, a in enumerate(v.get("awards", ()) if vocab else ()):
        end = parse_date(str(vocab.extra.get(a.get("name", ""), {}).get("valid_to", "")))
        given = a.get("date") or a.get("year")
        if end is None or given is None:
            continue
        late = given > end if isinstance(given, dt.date) else given > end.year
        if late:
            when = format_date(given) if isinstance(given, dt.date) else f"năm {given}"
            problems.warn(doc.path, doc.mark("awards", i, "name"), f"awards[{i + 1}].name: "
                          f"'{vocab.labels[a['name']]}' chỉ được trao đến {format_date(end)}, "
                          f"nhưng khen thưởng này ghi {when}. Hãy kiểm tra lại tên hình thức khen "
                          "thưởng (từ 01/7/2025 không còn khen thưởng cấp huyện) hoặc ngày, năm.")


CHILD_AGE = 7  # Luật 91/2025/QH15 Điều 24 khoản 2 (before it, Nghị định 13/2023 Điều 20)


def check_child_consent(doc: Doc, v: dict, consent: Consent | None,
                        problems: Problems) -> Consent | None:
    """A child's data needs both the parent's or guardian's consent (`by`, checked in
    check_consent) and, from age 7, the child's own (`child: có`): silence is not consent.
    Only the birth year is known, so the age is the quarter's year minus it (errs older)."""
    if consent is None or "birth_year" not in v or v["subject"] != "ca-nhan":
        return consent
    age = v["quarter"][0] - v["birth_year"]
    child = (v.get("consent") or {}).get("child")
    if CHILD_AGE <= age < ADULT_AGE and child is not True:
        problems.error(doc.path, doc.mark("consent", "child"), f"consent.child: người được giới "
                       f"thiệu từ đủ {CHILD_AGE} đến dưới {ADULT_AGE} tuổi (sinh năm "
                       f"{v['birth_year']}) nên cần sự đồng ý của cả chính em và cha mẹ hoặc người "
                       "giám hộ (Luật Bảo vệ dữ liệu cá nhân 2025, Điều 24). Khi em đã đồng ý, ghi "
                       "child: có trong nhóm consent; im lặng không phải là đồng ý.")
    return replace(consent, child=child)


# Codes, dates and allow-listed values: checked elsewhere, never free text.


def check_identity(exemplars: list[Exemplar], problems: Problems) -> None:
    """Ids and URLs are unique; a collision names both files. What it reads of each record
    is its id, slug, aliases and source: a run whose records are the latest run's, place by
    place (the check's memo hands back an unchanged file's object), but for changed ones
    equal in those four, finds what that run found (a warm check's 10,000-record pass)."""
    last = _LAST_IDENTITY
    if cache.enabled() and last and last[0] == str(problems.root) and len(last[1]) == len(exemplars):
        if all(_identity(exemplars[i]) == _identity(last[1][i])
               for i in false_at(same_places(exemplars, last[1]))):
            problems.items.extend(last[2])
            last[1] = list(exemplars)
            return
    start = len(problems.items)
    _find_collisions(exemplars, problems)
    if cache.enabled():  # a cold run (SHOWCASE_NO_CACHE) leaves the latest run's alone
        _LAST_IDENTITY[:] = [str(problems.root), list(exemplars), tuple(problems.items[start:])]


_LAST_IDENTITY: list = []  # root, records, problems of the latest run


def forget() -> None:
    """The latest run's records out of memory: the next run checks identities again."""
    _LAST_IDENTITY.clear()


def _identity(e: Exemplar) -> tuple:
    return e.id, e.slug, e.aliases, e.source


def _find_collisions(exemplars: list[Exemplar], problems: Problems) -> None:
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
