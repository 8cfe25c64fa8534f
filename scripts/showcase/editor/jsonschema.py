"""JSON Schema for exemplar files, generated from model.EXEMPLAR and the vocabularies.

VS Code's YAML extension reads it for completion and hover help. It accepts the
forms `showcase check` accepts (a single value for a list, dates as text, numbers
quoted or not); `showcase check` stays the authority on everything else.

    python -m showcase.editor.jsonschema [--root DIR]   # writes exemplars/schema/exemplar.schema.json
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from showcase.core.model import EXEMPLAR, Field
from showcase.core.problems import Problems
from showcase.validate.schema import BOOL_WORDS
from showcase.validate.check import load_movements, load_units
from showcase.load.vocab import Vocab, load_vocabs

SCHEMA_FILE = Path("exemplars") / "schema" / "exemplar.schema.json"
DATE = r"^\s*(\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})\s*$"
QUARTER = r"^\s*(\d{4}\s*-\s*[Qq][1-4]|[Qq]u[ýy]\s+(I{1,3}|IV|[1-4])\s*[/-]\s*\d{4})\s*$"
WITHDRAWN_FORMS = ["withdrawn", "Đã rút", "đã rút", "rút"]


def build_schema(root: Path) -> dict[str, Any]:
    choices = _choices(root)
    body = _object(EXEMPLAR, choices)
    required = body.pop("required")
    body["if"] = {"properties": {"status": {"enum": WITHDRAWN_FORMS}}, "required": ["status"]}
    body["then"] = {"required": ["id", "status", "withdrawn"]}
    body["else"] = {"required": required}
    return {"$schema": "http://json-schema.org/draft-07/schema#",
            "$id": "https://example.invalid/showcase/exemplar.schema.json",
            "title": "Hồ sơ điển hình tiên tiến",
            "description": "Một tệp exemplars/<mã đơn vị>/<slug>.yaml. Kiểm tra đầy đủ bằng lệnh "
                           "'showcase check'.", **body}


def _choices(root: Path) -> dict[str, list[str]]:
    """Allowed spellings of each vocabulary and reference: ids, labels and aliases."""
    problems = Problems(root)
    vocabs = load_vocabs(root, problems)
    out = {name: _spellings(v) for name, v in vocabs.items()}
    # the check accepts a unit's or a movement's name for its id (validate/schema.py): so does VS Code
    units = load_units(root, vocabs, problems)
    out["units"] = list(dict.fromkeys([*units, *(n for u in units.values() for n in (u.name, u.name.lower()))]))
    movements = load_movements(root, vocabs, problems)
    out["movements"] = list(dict.fromkeys([*sorted(movements), *(m.title for m in movements.values())]))
    return out


def _spellings(vocab: Vocab) -> list[str]:
    forms = [f for term, label in vocab.labels.items() for f in (term, label, label.lower())]
    forms += vocab.aliases
    return list(dict.fromkeys(forms))


def _object(fields: tuple[Field, ...], choices: dict[str, list[str]]) -> dict[str, Any]:
    return {"type": "object",
            "properties": {f.name: _property(f, choices) for f in fields},
            "required": [f.name for f in fields if f.required],
            "additionalProperties": False}


def _property(f: Field, choices: dict[str, list[str]]) -> dict[str, Any]:
    prop = {"description": f.description, **_value(f, choices)}
    if f.example:
        prop["examples"] = [f.example]
    return prop


def _value(f: Field, choices: dict[str, list[str]]) -> dict[str, Any]:
    """The JSON Schema of one value of a field."""
    if f.kind == "list" and f.items is not None:
        one = _value(f.items, choices)  # a single value is a list of one
        return {"anyOf": [{"type": "array", "items": one}, one]}
    if f.kind == "object":
        return _object(f.fields, choices)
    return _SCALARS[f.kind](f, choices)


def _text(f: Field, _: dict) -> dict[str, Any]:
    out: dict[str, Any] = {"type": ["string", "number"]}  # `decision: 1.10` is text to us
    if f.max_len:
        out["maxLength"] = f.max_len
    return out


def _enum(f: Field, choices: dict[str, list[str]]) -> dict[str, Any]:
    return {"type": "string", "enum": choices.get(f.vocab or "", [])}


_SCALARS = {
    "str": _text, "text": _text, "markdown": _text, "path": _text,
    "slug": lambda f, _: {"type": "string", "pattern": f.pattern or "^[a-z0-9-]+$"},
    "int": lambda f, _: {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": r"^\s*\d+\s*$"}]},
    "date": lambda f, _: {"type": "string", "pattern": DATE},
    "quarter": lambda f, _: {"type": "string", "pattern": QUARTER},
    "bool": lambda f, _: {"anyOf": [{"type": "boolean"}, {"type": "string", "enum": BOOL_WORDS}]},
    "vocab": _enum, "ref": _enum,
}


def render(root: Path) -> str:
    return json.dumps(build_schema(root), ensure_ascii=False, indent=2) + "\n"


def write_schema(root: Path) -> Path:
    """`showcase schema`: rewrite the JSON Schema that editors' VS Code uses."""
    path = root / SCHEMA_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(root), encoding="utf-8")
    return path
