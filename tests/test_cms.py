"""The form's configuration follows the model, and the admin page stays out of readers' way."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from showcase.core.model import EXEMPLAR, Field
from showcase.core.problems import Problems
from showcase.core.vi import parse_quarter
from showcase.editor import cms
from showcase.load.vocab import load_vocabs
from showcase.validate.privacy import scan_text
from test_site_support import Built, built_site


@pytest.fixture(scope="module")
def config() -> dict:
    return cms.build_config(ROOT)


def _by_name(fields: list[dict]) -> dict[str, dict]:
    return {f["name"]: f for f in fields}


def _same_fields(model: tuple[Field, ...], form: list[dict], where: str) -> None:
    """Every model field, in the model's order, with its label and the model's text as hint."""
    assert [f["name"] for f in form] == [f.name for f in model], where
    for f, shown in zip(model, form):
        assert shown["label"] == cms.LABELS[f.name] and shown["label"] != f.name, f"{where}.{f.name}"
        assert shown["hint"] == f.description, f"{where}.{f.name}"
        assert shown["required"] == (f.required or f.name == "consent"), f"{where}.{f.name}"
        nested = f.fields or (f.items.fields if f.items is not None else ())
        if nested:
            _same_fields(nested, shown["fields"], f"{where}.{f.name}")


def test_every_model_field_is_in_every_unit_form(config: dict) -> None:
    units = cms.read_registry(ROOT).units
    assert [c["name"] for c in config["collections"]] == [u.id for u in cms._unit_order(units)]
    for c in config["collections"]:
        _same_fields(EXEMPLAR, c["fields"], c["name"])
        assert c["folder"] == f"exemplars/{c['name']}" and c["format"] == "yaml"
        assert c["media_folder"] == "" and c["public_folder"] == ""  # photos beside the YAML
        assert c["create"] == (units[c["name"]].valid_to is None)


def test_vocabularies_are_selects_of_their_labels(config: dict) -> None:
    vocabs = load_vocabs(ROOT, Problems(ROOT))
    form = _by_name(config["collections"][0]["fields"])
    consent = _by_name(form["consent"]["fields"])
    award = _by_name(form["awards"]["fields"])
    for shown, name in ((form["subject"], "subjects"), (form["category"], "categories"),
                        (form["fields"], "fields"), (award["name"], "awards"),
                        (consent["scope"], "consent_scopes"), (consent["relation"], "consent_relations")):
        labels = list(vocabs[name].labels.values())
        assert shown["widget"] == "select" and [o["label"] for o in shown["options"]] == labels
        # the value written is one `showcase check` resolves to the same term
        assert [vocabs[name].resolve(o["value"]) for o in shown["options"]] == list(vocabs[name].labels)
    assert form["fields"]["multiple"] and consent["scope"]["multiple"]
    movements = {o["value"]: o["label"] for o in form["movements"]["options"]}
    assert movements["nong-thon-moi"] == "Toàn tỉnh chung sức xây dựng nông thôn mới"
    assert form["status"]["default"] == "draft"
    assert [o["value"] for o in form["status"]["options"]] == ["draft", "published", "withdrawn"]


def test_dates_quarters_ids_and_unit_are_filled_the_editors_way(config: dict) -> None:
    c = config["collections"][0]
    form = _by_name(c["fields"])
    for shown in (form["received"], form["withdrawn"], _by_name(form["consent"]["fields"])["date"],
                  _by_name(form["awards"]["fields"])["date"]):
        assert (shown["widget"], shown["format"], shown["time_format"]) == ("datetime", "DD/MM/YYYY", False)
    quarters = [o["value"] for o in form["quarter"]["options"]]
    assert all(parse_quarter(q) for q in quarters) and "2025-Q3" in quarters and "2021-Q1" in quarters
    assert form["quarter"]["options"][quarters.index("2025-Q3")]["label"] == "Quý III/2025"
    assert form["id"]["widget"] == cms.ID_WIDGET
    assert form["unit"] == {**form["unit"], "widget": "hidden", "default": c["name"]}
    assert form["story"]["widget"] == "markdown"
    photo = _by_name(form["photos"]["fields"])
    assert photo["file"]["widget"] == "image" and photo["alt"]["required"] is True
    assert form["consent"]["required"] is True and form["consent"]["widget"] == "object"
    assert config["locale"] == "vi" and config["publish_mode"] == "editorial_workflow"
    assert config["backend"] == {**config["backend"], "name": "github", "repo": "cam-my/dien-hinh",
                                 "branch": "main"}


@pytest.mark.parametrize("text, refused", [
    ("Liên hệ 0912 345 678 để biết thêm.", True),
    ("Số CCCD 079123456789.", True),
    ("Vận động 20 hộ, hiến 200 m² đất năm 2021.", False),
    ("Quyết định 1234/QĐ-UBND ngày 15/12/2020.", False),
])
def test_form_refuses_what_the_check_refuses(text: str, refused: bool) -> None:
    regex, message = cms.privacy_pattern("story")
    assert (re.fullmatch(regex, text) is None) == refused
    assert bool(scan_text(text)) == refused
    assert message == ("story: nội dung có số điện thoại hoặc có dãy 9 hoặc 12 chữ số giống số "
                       "CMND/CCCD. Hãy xóa thông tin này trước khi công bố")


def test_nested_order_is_the_models() -> None:
    order = cms.nested_order()
    assert sorted(order) == ["awards", "consent", "photos"]
    assert order["consent"][:4] == ["by", "relation", "date", "scope"]
    assert order["photos"] == ["file", "alt", "credit", "person"]


# ---- the built admin page --------------------------------------------------------------

@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built_site(tmp_path_factory, "real", production=True)


def test_admin_page_is_noindex_and_talks_only_to_github(production: Built) -> None:
    admin = production.site / "quan-tri"
    page = html.unescape((admin / "index.html").read_text(encoding="utf-8"))
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "connect-src 'self' blob: https://api.github.com;" in page  # no localhost in production
    assert re.findall(r'<script src="([^"]+)"', page) == ["decap-cms.js", "showcase-cms.js"]
    assert "local_backend" not in yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    decap = ROOT / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"
    assert (admin / "decap-cms.js").read_bytes() == decap.read_bytes()


def test_admin_page_is_outside_sitemap_search_and_nav(production: Built) -> None:
    site = production.site
    assert "quan-tri" not in (site / "sitemap-trang.xml").read_text(encoding="utf-8")
    # no search record leads there (the guide's excerpt text may name the address)
    records = [r for p in (site / "assets" / "search" / "d").glob("*.json")
               for r in json.loads(p.read_text(encoding="utf-8"))]
    assert records and not [r for r in records if "quan-tri" in r[0]]
    assert "quan-tri" not in (site / "index.html").read_text(encoding="utf-8")


def test_config_yml_is_the_generated_one(production: Built) -> None:
    shipped = yaml.safe_load((production.site / "quan-tri" / "config.yml").read_text(encoding="utf-8"))
    assert shipped == cms.build_config(production.root)


def test_without_npm_packages_the_form_says_so_and_a_deploy_stops(tmp_path, monkeypatch) -> None:
    from showcase.core.problems import ContentError
    from showcase.core.settings import load_settings
    from showcase.outputs import admin
    monkeypatch.setattr(admin, "PROJECT_ROOT", tmp_path)  # neither tree has node_modules/
    settings = load_settings(ROOT)
    files = cms.admin_files(tmp_path, settings)
    assert [f.uri for f in files] == ["quan-tri/index.html"]
    assert "hãy chạy <code>npm ci</code> rồi dựng lại trang" in files[0].content
    with pytest.raises(ContentError) as raised:
        cms.admin_files(tmp_path, settings, production=True)
    assert raised.value.problems.render().splitlines() == [
        "package.json:1:1: lỗi: Thiếu Decap CMS trong node_modules/: hãy chạy 'npm ci' trước khi dựng."]
