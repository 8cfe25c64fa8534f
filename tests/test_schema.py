"""The JSON Schema editors get in VS Code: in sync with the model, accepts every sample."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Iterator

import jsonschema
import pytest
import yaml

from showcase.editor.jsonschema import SCHEMA_FILE, build_schema, render
from showcase.load.documents import load_yaml
from showcase.core.model import EXEMPLAR
from showcase.core.problems import Problems
from showcase_dev.synth import generate_tree
from showcase.validate.check import exemplar_files
from test_check_base import GOOD

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in ROOT.glob("exemplars/*/*.yaml") if p.parent.name not in ("vocab", "schema"))


def validator(root: Path = ROOT) -> jsonschema.Draft7Validator:
    schema = build_schema(root)
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def as_editor_tools_see_it(text: str) -> Any:
    """YAML typed the usual way (numbers, booleans), with dates back as text, as in JSON."""
    def plain(v: Any) -> Any:
        if isinstance(v, dict):
            return {str(k): plain(x) for k, x in v.items()}
        if isinstance(v, list):
            return [plain(x) for x in v]
        return v.isoformat() if isinstance(v, dt.date) else v
    return plain(yaml.safe_load(text))


def errors(data: Any, root: Path = ROOT) -> list[str]:
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator(root).iter_errors(data)]


def test_committed_schema_is_in_sync_with_the_model() -> None:
    committed = (ROOT / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == render(ROOT), "chạy: .venv/bin/showcase schema"


def _props(node: dict, at: str = "") -> Iterator[tuple[str, dict]]:
    for name, prop in node.get("properties", {}).items():
        yield f"{at}{name}", prop
        for sub in [prop, *prop.get("anyOf", [])]:
            items = sub.get("items", sub)
            yield from _props(items, f"{at}{name}.")


def test_every_property_has_a_vietnamese_description() -> None:
    props = dict(_props(build_schema(ROOT)))
    assert set(f.name for f in EXEMPLAR) <= set(props)
    assert "awards.decision" in props and "consent.scope" in props and "photos.alt" in props
    for name, prop in props.items():
        assert len(prop.get("description", "")) > 5, name
        assert any(ch in prop["description"] for ch in "ăâđêôơưàáảãạ"), name


@pytest.mark.parametrize("path", SAMPLES, ids=[p.relative_to(ROOT).as_posix() for p in SAMPLES])
def test_shipped_samples_validate(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert errors(as_editor_tools_see_it(text)) == []
    doc = load_yaml(path, Problems(ROOT))  # every scalar as text, as `showcase check` reads it
    assert doc is not None and errors(doc.data) == []


def test_there_are_samples_to_validate() -> None:
    assert len(SAMPLES) >= 1


def test_synthetic_profiles_validate(tmp_path: Path) -> None:
    root = generate_tree(tmp_path / "site", 25, photos=2, seed=11)
    for path in exemplar_files(root):
        assert errors(as_editor_tools_see_it(path.read_text(encoding="utf-8")), root) == [], path


def test_single_values_and_quoted_numbers_are_accepted() -> None:
    data = as_editor_tools_see_it(GOOD)
    data.update(fields="kinh tế", movements="nong-thon-moi", birth_year="1975", quarter="Quý II/2021")
    data["consent"]["scope"] = "văn bản"
    assert errors(data) == []


@pytest.mark.parametrize("change,expected", [
    ({"unit": "xuan-duongg"}, "unit: 'xuan-duongg' is not one of"),
    ({"quarter": "Q2 2021"}, "quarter: 'Q2 2021' does not match"),
    ({"received": "5 tháng 4"}, "received: '5 tháng 4' does not match"),
    ({"hamlett": "ấp 1"}, ": Additional properties are not allowed ('hamlett' was unexpected)"),
    ({"name": None}, "name: None is not of type 'string', 'number'"),
])
def test_the_schema_catches_mistakes(change: dict, expected: str) -> None:
    data = {**as_editor_tools_see_it(GOOD), **change}
    assert any(e.startswith(expected) for e in errors(data)), errors(data)


def test_withdrawn_tombstone_needs_only_its_date() -> None:
    assert errors({"id": "dh-2021-xd-09", "status": "withdrawn", "withdrawn": "01/03/2026"}) == []
    assert errors({"id": "dh-2021-xd-09", "status": "withdrawn"}) == [
        ": 'withdrawn' is a required property"]


def test_schema_file_is_json_with_vietnamese_text() -> None:
    text = (ROOT / SCHEMA_FILE).read_text(encoding="utf-8")
    assert json.loads(text)["title"] == "Hồ sơ điển hình tiên tiến"
