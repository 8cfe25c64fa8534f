"""Walk a parsed document against a schema from model.py; coerce strings to types.

Returns plain typed values and records every problem with its line. Cross-file
rules (does the unit exist, is the slug unique) live in validate.py.

Where an id is expected (unit, movements) a name is accepted too: 'Xã Xuân Đường' is
xuan-duong, 'nông thôn mới' is nong-thon-moi. A name shared by two units is settled by
the folder the file sits in; otherwise the message lists the ids to choose from.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from showcase.load.documents import Doc, dotted
from showcase.core.model import Field, Movement, Unit
from showcase.validate.privacy import forbidden_key
from showcase.core.problems import Problems
from showcase.core.vi import parse_date, parse_quarter, slugify
from showcase.load.vocab import Vocab, movement_names, unit_names

_TRUE = {"true", "yes", "có", "co", "đúng", "1"}
_FALSE = {"false", "no", "không", "khong", "sai", "0"}
BOOL_WORDS = sorted(_TRUE | _FALSE)  # for the JSON Schema


@dataclass
class Ctx:
    problems: Problems
    vocabs: dict[str, Vocab]
    refs: dict[str, Callable[[str], bool]]  # ref target → does this id exist?
    ref_ids: dict[str, Iterable[str]] = field(default_factory=dict)  # for "did you mean"
    ref_names: dict[str, Vocab] = field(default_factory=dict)  # names written for ids


def content_ctx(problems: Problems, vocabs: dict[str, Vocab], units: Mapping[str, Unit],
                movements: Mapping[str, Movement], **refs: Callable[[str], bool]) -> Ctx:
    """The context a profile is checked in: units and movements by id or by name."""
    base = {"units": units.__contains__, "movements": movements.__contains__}
    return Ctx(problems, vocabs, {**base, **refs},
               {"units": units.keys(), "movements": movements.keys()},
               {"units": unit_names(units), "movements": movement_names(movements)})


def check_fields(doc: Doc, schema: tuple[Field, ...], ctx: Ctx, at: tuple = (),
                 data: Any = None, open_keys: bool = False) -> dict[str, Any]:
    """Typed values of a mapping; unknown keys are warnings (unless `open_keys`: pages may
    carry Material's own front matter), missing required keys errors."""
    data = doc.data if data is None else data
    where = dotted(at) or "tệp"
    if not isinstance(data, dict):
        ctx.problems.error(doc.path, doc.mark(*at),
                           f"{where}: cần một nhóm 'khóa: giá trị' (đang ghi {_show(data)}).")
        return {}
    known = {f.name: f for f in schema}
    out: dict[str, Any] = {}
    for key in () if open_keys else data:
        if key not in known and not forbidden_key(key):  # privacy reports those as errors
            hint = _closest(key, known)
            ctx.problems.warn(doc.path, doc.key_mark(*at, key),
                              f"{dotted((*at, key))}: khóa lạ '{key}' sẽ bị bỏ qua"
                              + (f"; có phải ý bạn là '{hint}'?" if hint else "."))
    for f in schema:
        value = data.get(f.name)
        if value is None or value == [] or value == "":
            if f.required and (*at, f.name) not in doc.broken:  # lost to a reported syntax error
                ctx.problems.error(doc.path, doc.mark(*at),
                                   f"{dotted((*at, f.name))}: thiếu trường bắt buộc '{f.name}' "
                                   f"({f.description}" + (f" Ví dụ: {f.name}: {f.example}" if f.example else "") + ").")
            continue
        typed = check_value(doc, f, value, (*at, f.name), ctx)
        if typed is not None:
            out[f.name] = typed
    return out


def check_value(doc: Doc, f: Field, value: Any, at: tuple, ctx: Ctx) -> Any:
    bad = lambda expected: ctx.problems.error(  # noqa: E731 - names and marks only on error
        doc.path, doc.mark(*at), f"{dotted(at)}: giá trị {_show(value)} không hợp lệ, cần {expected}.")
    if f.kind == "list":
        items = value if isinstance(value, list) else _sentence(value, f.items, doc, ctx)
        out = [check_value(doc, f.items, v, (*at, i) if isinstance(value, list) else at, ctx)
               for i, v in enumerate(items)]
        return tuple(v for v in out if v is not None)
    if f.kind == "object":
        return check_fields(doc, f.fields, ctx, at, value)
    if not isinstance(value, str):
        bad("một giá trị đơn (chữ hoặc số), không phải danh sách hay nhóm")
        return None
    value = value.strip()
    if f.kind in ("str", "text", "markdown", "path"):
        if f.kind == "str" and "\n" in value:
            bad("một dòng duy nhất")
            return None
        if f.max_len and len(value) > f.max_len:
            ctx.problems.error(doc.path, doc.mark(*at), f"{dotted(at)}: dài {len(value)} ký tự, tối đa {f.max_len}. "
                               "Hãy viết ngắn gọn hơn.")
        return value
    if f.kind == "slug":
        if f.pattern and not re.match(f.pattern, value):
            bad(f"chữ thường không dấu, số và dấu gạch nối, ví dụ '{slugify(value) or f.example}'")
            return None
        return value
    if f.kind == "int":
        if not re.fullmatch(r"\d{4}", value) and f.name.endswith("year"):
            bad("một năm gồm 4 chữ số, ví dụ 1978 (chỉ ghi năm)")
            return None
        if not value.isdigit():
            bad("một số nguyên")
            return None
        return int(value)
    if f.kind == "bool":
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        bad("true hoặc false")
        return None
    if f.kind == "date":
        day = parse_date(value)
        if day is None:
            bad("một ngày dạng dd/mm/yyyy (ví dụ 05/04/2021) hoặc yyyy-mm-dd")
        return day
    if f.kind == "quarter":
        q = parse_quarter(value)
        if q is None:
            bad("một quý dạng 2021-Q2 hoặc 'Quý II/2021'")
        return q
    if f.kind == "vocab":
        vocab = ctx.vocabs.get(f.vocab or "")
        term = vocab.resolve(value) if vocab else value
        if term is None:
            near = vocab.suggest(value)
            bad((f"'{near}' (gần giống nhất); các giá trị được dùng: " if near else
                 "một trong các giá trị ") + vocab.choices())
        return term
    if f.kind == "ref":
        exists = ctx.refs.get(f.vocab or "")
        if exists is None or exists(value):
            return value
        names = ctx.ref_names.get(f.vocab or "")
        found = _by_name(doc, value, names) if names else []
        if len(found) == 1:
            return found[0]
        if found:  # one name, several ids, and the folder does not tell which
            ctx.problems.error(doc.path, doc.mark(*at), f"{dotted(at)}: '{value}' là tên của "
                               f"{len(found)} đơn vị; hãy ghi mã của đơn vị đúng: "
                               + " hoặc ".join(names.describe(t) for t in found) + ".")
            return None
        bad(_ref_expected(f.vocab or "", value, ctx.ref_ids.get(f.vocab or "", ()), names))
        return None
    raise AssertionError(f.kind)


def _by_name(doc: Doc, value: str, names: Vocab) -> list[str]:
    """Ids named `value`; of several, the one that is the file's own folder wins."""
    found = names.matches(value)
    return [doc.path.parent.name] if doc.path.parent.name in found else found


def _sentence(value: Any, item: Field | None, doc: Doc, ctx: Ctx) -> list[Any]:
    """One value is a list of one; 'kinh tế, văn hóa' written as a sentence is a list of two
    when the whole is not itself a term (a few labels hold a comma: 'Phòng, ban chuyên môn')."""
    if not isinstance(value, str) or item is None or not re.search(r"[,;]", value):
        return [value]
    if item.kind == "vocab":
        vocab = ctx.vocabs.get(item.vocab or "")
        known = vocab is None or vocab.resolve(value) is not None
    elif item.kind == "ref":
        exists, names = ctx.refs.get(item.vocab or ""), ctx.ref_names.get(item.vocab or "")
        known = exists is None or exists(value.strip()) or bool(names and names.matches(value))
    else:  # free text (achievements, sources): a comma is part of the sentence
        return [value]
    parts = [p.strip() for p in re.split(r"[,;]", value)]
    return [value] if known or not all(parts) else parts


REF_HOME = {"units": "exemplars/units.yaml", "movements": "content/phong-trao/",
            "exemplars": "trường id của các hồ sơ đã công bố (status: published) trong exemplars/"}


def _ref_expected(target: str, value: str, ids: Iterable[str], names: Vocab | None = None) -> str:
    near = [repr(n) for n in difflib.get_close_matches(value, list(ids), n=2, cutoff=0.6)]
    if not near and names:  # a misspelt name: suggest the id, with the name it stands for
        near = [names.describe(t) for t in names.near(value)]
    hint = f" (có phải ý bạn là {' hoặc '.join(near)}?)" if near else ""
    return f"một mã có trong {REF_HOME.get(target, target)}{hint}"


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "(một nhóm khóa)"
    if isinstance(value, list):
        return "(một danh sách)"
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def _closest(key: str, known: dict[str, Field]) -> str | None:
    match = difflib.get_close_matches(key.lower(), list(known), n=1, cutoff=0.6)
    return match[0] if match else None


def as_date(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) else None
