"""Decap CMS configuration for the editors' web form, generated from model.EXEMPLAR.

The same field tables that give the JSON Schema (editor/jsonschema.py) give the form:
one collection per unit folder, every field with its Vietnamese label and hint,
vocabularies as select widgets, dates as dd/mm/yyyy. `showcase check` stays the
authority; the form only saves editors a round trip.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from showcase.core.model import EXEMPLAR, LABELS, Field, Unit
from showcase.core.outfile import OutFile
from showcase.core.settings import Settings, load_settings
from showcase.catalog import Catalog, make_catalog
from showcase.load.vocab import Vocab
from showcase.outputs import admin
from showcase.render.memo import Memo, persist, site_token
from showcase.validate.check import check_content
from showcase.validate.privacy import TEXT_RULES

DATE_FORMAT = "DD/MM/YYYY"  # dayjs tokens: the dd/mm/yyyy editors write by hand
ROMAN = ("I", "II", "III", "IV")
ID_WIDGET = "showcase-id"  # registered by quan-tri/showcase-cms.js: random dh-<year>-<6 hex>

# The privacy rules the form can apply before saving: digit patterns, the same in Python and
# JavaScript. The word rules (house numbers, religion...) need Unicode-aware \b: left to the check.
FORM_RULES = TEXT_RULES[:2]
PROSE = frozenset({"str", "text", "markdown"})
NOT_PROSE = frozenset({"decision", "photo_hash"})  # digits on purpose (as privacy._NOT_PROSE)


@dataclass(frozen=True)
class Registry:
    """What the selects offer: vocabularies, units, movements and the quarters in use."""

    vocabs: dict[str, Vocab]
    units: dict[str, Unit]
    movements: dict[str, str]  # id -> title
    years: range


def read_registry(root: Path, catalog: Catalog | None = None) -> Registry:
    """From the build's catalogue when there is one (the check read every file already),
    else from the files: vocabularies, units and movements, and the catalogue's years."""
    if catalog is None:
        content, _ = check_content(root)
        catalog = make_catalog(content, load_settings(root))
    units = dict(catalog.units)
    movements = {m.id: m.title for m in catalog.movements.values()}
    return Registry(dict(catalog.vocabs), units, movements, _years(catalog, units))


def _years(catalog: Catalog, units: dict[str, Unit]) -> range:
    """Quarters offered: from the first profile's year to a year past the latest, no clock time.

    A reproducible build cannot ask the clock, so the range follows the data: the published
    profiles' quarters (the catalogue's; the form used to re-read every profile file for them,
    0.9 s a build at 10,000) and the units' start dates; the first profile of a new year adds
    the next one.
    """
    years = [e.year for e in catalog.exemplars]
    years += [u.valid_from.year for u in units.values() if u.valid_from]
    first, last = (min(years), max(years)) if years else (2021, 2021)
    return range(last + 1, first - 1, -1)  # newest first: editors pick the current quarter


# ---- the configuration ------------------------------------------------------------------

_ADMIN: Memo[list[OutFile]] = Memo("editors' form")
persist("cms", _ADMIN)

def admin_files(root: Path, settings: Settings, production: bool = False,
                catalog: Catalog | None = None) -> list[OutFile]:
    """The form at /quan-tri/: this configuration inside outputs/admin.py's page. The build
    passes its catalogue; without one the registry is read (and checked) from the files.

    With a catalogue the files are memoised (render/memo.py) on what they are made of: the
    site token (vocabularies, units, movements, settings), the years, the mode, decap-server's
    port and the vendored Decap files; dumping the 1 MB config.yml alone took about a second."""
    if catalog is None:
        return admin.render_admin(root, settings, build_config(root, settings), nested_order(), production)
    dist = admin.decap_dist(root)
    key = (site_token(catalog), repr({k: v for k, v in settings.__dict__.items() if k != "root"}),
           tuple(_years(catalog, dict(catalog.units))), production,
           admin.local_port(), str(dist), tuple(p.name for p in admin.vendored(dist)) if dist else ())
    _ADMIN.start()
    return _ADMIN.get(key, lambda: admin.render_admin(root, settings, build_config(root, settings, catalog),
                                                      nested_order(), production))


def build_config(root: Path, settings: Settings | None = None,
                 catalog: Catalog | None = None) -> dict[str, Any]:
    """The whole config.yml (outputs/admin.py adds decap-server for work on a local clone)."""
    settings = settings or load_settings(root)
    reg = read_registry(root, catalog)
    repo, branch = github_repo(settings)
    config: dict[str, Any] = {
        "backend": {"name": "github", "repo": repo, "branch": branch,
                    "commit_messages": {"create": "Thêm hồ sơ {{collection}} “{{slug}}”",
                                        "update": "Sửa hồ sơ {{collection}} “{{slug}}”",
                                        "uploadMedia": "Tải ảnh “{{path}}”",
                                        "deleteMedia": "Xóa ảnh “{{path}}”"}},
        "publish_mode": "editorial_workflow",  # every entry becomes a branch and a pull request
        "locale": "vi",
        "site_url": settings.site_url,
        "display_url": settings.site_url,
        "media_folder": "exemplars",  # required globally; each collection keeps photos beside the YAML
        "public_folder": "",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [_collection(u, reg) for u in _unit_order(reg.units)],
    }
    if settings.cms_auth_url:  # GitHub sign-in goes through the unit's OAuth proxy (see DESIGN.md)
        config["backend"]["base_url"] = settings.cms_auth_url
    return config  # outputs/admin.py adds local_backend to non-production builds


def github_repo(settings: Settings) -> tuple[str, str]:
    """owner/name and branch from mkdocs.yml's repo_url and edit_uri ("edit/main/")."""
    m = re.match(r"https?://github\.com/([^/]+/[^/#?]+?)(?:\.git)?/?$", settings.repo_url)
    parts = settings.edit_uri.strip("/").split("/")
    return (m.group(1) if m else ""), (parts[1] if len(parts) > 1 else "main")


def _unit_order(units: dict[str, Unit]) -> list[Unit]:
    """Units that still exist first (where new profiles go), then former ones, by name."""
    return sorted(units.values(), key=lambda u: (u.valid_to is not None, u.name))


def _collection(unit: Unit, reg: Registry) -> dict[str, Any]:
    label = unit.name if unit.valid_to is None else f"{unit.name} (đến {unit.valid_to:%d/%m/%Y})"
    return {
        "name": unit.id, "label": label, "label_singular": "hồ sơ điển hình",
        "description": f"Hồ sơ trong thư mục exemplars/{unit.id}/.",
        "folder": f"exemplars/{unit.id}", "extension": "yaml", "format": "yaml",
        "create": unit.valid_to is None,  # former units: edit what they submitted, add nothing
        "slug": "{{name}}", "identifier_field": "name", "summary": "{{name}} · {{quarter}} · {{status}}",
        "media_folder": "", "public_folder": "",  # photos beside the profile, `file:` is the bare name
        "editor": {"preview": False},  # the site's page is the preview; Decap's raw one confuses
        "fields": [_field(f, reg, unit) for f in EXEMPLAR],
    }


def _field(f: Field, reg: Registry, unit: Unit | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"name": f.name, "label": LABELS.get(f.name, f.name),
                           "hint": f.description, "required": f.required}
    out.update(_widget(f, reg, unit))
    return out


def _widget(f: Field, reg: Registry, unit: Unit | None) -> dict[str, Any]:
    """The widget of one field: the model's kind, with the form's special cases first."""
    special = _SPECIAL.get(f.name)
    if special:
        return special(f, reg, unit)
    if f.kind == "list" and f.items is not None:
        if f.items.kind in ("vocab", "ref"):
            return {**_select(f.items, reg), "multiple": True}
        if f.items.kind == "object":  # empty until the editor adds one (Decap starts with one)
            return {"widget": "list", "default": [], "fields": [_field(s, reg) for s in f.items.fields]}
        inner = _widget(f.items, reg, unit)
        return {"widget": "list", "field": {"name": f.items.name, "label": LABELS.get(f.name, f.name),
                                            **inner}}
    if f.kind == "object":
        return {"widget": "object", "collapsed": False, "fields": [_field(s, reg) for s in f.fields]}
    return _SCALARS[f.kind](f, reg)


def _select(f: Field, reg: Registry) -> dict[str, Any]:
    return {"widget": "select", "options": options(f, reg)}


def options(f: Field, reg: Registry) -> list[dict[str, str]]:
    """A select's choices: value as `showcase new` writes it (the label), shown as the label."""
    if f.vocab == "movements":
        return [{"label": title, "value": mid} for mid, title in sorted(reg.movements.items())]
    if f.vocab == "units":
        return [{"label": u.name, "value": u.id} for u in _unit_order(reg.units)]
    vocab = reg.vocabs[f.vocab or ""]
    if f.vocab == "statuses":  # statuses are written as ids (draft, published), as in the template
        return [{"label": label, "value": term} for term, label in vocab.labels.items()]
    return [{"label": label, "value": label} for label in vocab.labels.values()]


def privacy_pattern(name: str) -> list[str]:
    """Decap's [regex, message]: refuse a phone or ID number with the check's own words.

    Decap adds the final full stop itself."""
    body = "|".join(f"(?:{rule.pattern})" for rule, _ in FORM_RULES)
    reasons = " hoặc ".join(reason for _, reason in FORM_RULES)
    return [f"^(?![\\s\\S]*(?:{body}))[\\s\\S]*$",
            f"{name}: nội dung {reasons}. Hãy xóa thông tin này trước khi công bố"]


def _text(widget: str) -> Callable[[Field, Registry], dict[str, Any]]:
    def make(f: Field, reg: Registry) -> dict[str, Any]:
        out: dict[str, Any] = {"widget": widget}
        if f.name not in NOT_PROSE:
            out["pattern"] = privacy_pattern(f.name)
        return out
    return make


def _date(f: Field, reg: Registry) -> dict[str, Any]:
    return {"widget": "datetime", "format": DATE_FORMAT, "date_format": DATE_FORMAT,
            "time_format": False, "picker_utc": True, "default": ""}


def _quarter(f: Field, reg: Registry) -> dict[str, Any]:
    return {"widget": "select", "options": [{"label": f"Quý {ROMAN[q - 1]}/{y}", "value": f"{y}-Q{q}"}
                                            for y in reg.years for q in (4, 3, 2, 1)]}


def _slug(f: Field, reg: Registry) -> dict[str, Any]:
    out: dict[str, Any] = {"widget": "string"}
    if f.pattern:
        out["pattern"] = [f.pattern, f"{f.name}: chỉ dùng chữ thường không dấu, số và gạch nối"]
    return out


_SCALARS: dict[str, Callable[[Field, Registry], dict[str, Any]]] = {
    "str": _text("string"), "text": _text("text"), "markdown": _text("markdown"),
    "path": lambda f, reg: {"widget": "image", "choose_url": False},
    "slug": _slug,
    "int": lambda f, reg: {"widget": "number", "value_type": "int", "min": 1900, "max": 2100},
    "date": _date, "quarter": _quarter,
    # A photo shows a person unless told otherwise (the stricter consent rule); `sample` is
    # left unset so the file carries no `sample: false` an editor would not write.
    "bool": lambda f, reg: {"widget": "boolean", **({"default": True} if f.name == "person" else {})},
    "vocab": _select, "ref": _select,
}


def _id(f: Field, reg: Registry, unit: Unit | None) -> dict[str, Any]:
    return {"widget": ID_WIDGET}  # never typed: a random id at creation, read-only afterwards


def _status(f: Field, reg: Registry, unit: Unit | None) -> dict[str, Any]:
    return {**_select(f, reg), "default": "draft"}


def _unit(f: Field, reg: Registry, unit: Unit | None) -> dict[str, Any]:
    # The folder is the unit: the field is filled in, never chosen.
    return {"widget": "hidden", "default": unit.id if unit else ""}


def _consent(f: Field, reg: Registry, unit: Unit | None) -> dict[str, Any]:
    # Decap has no conditional fields: the form asks every profile (a collective's consent comes
    # from its representative), a superset of the check's rule for individuals and households.
    return {"widget": "object", "collapsed": False, "required": True,
            "fields": [_field(s, reg) for s in f.fields]}


def _story(f: Field, reg: Registry, unit: Unit | None) -> dict[str, Any]:
    return {**_text("markdown")(f, reg), "buttons": ["bold", "italic", "heading-three", "quote",
                                                     "bulleted-list", "numbered-list", "link"],
            "editor_components": [], "modes": ["rich_text", "raw"]}


_SPECIAL: dict[str, Callable[[Field, Registry, Unit | None], dict[str, Any]]] = {
    "id": _id, "status": _status, "unit": _unit, "consent": _consent, "story": _story,
}


def nested_order() -> dict[str, list[str]]:
    """Key order inside each object field and each list of objects, for the form's save hook."""
    out = {}
    for f in EXEMPLAR:
        sub = f.fields or (f.items.fields if f.items is not None else ())
        if sub:
            out[f.name] = [s.name for s in sub]
    return out
