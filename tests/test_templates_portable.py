"""Every template renders the same with MiniJinja as with Jinja2 (portability: Zensical's engine).

MiniJinja has no Python string methods and no `truncate`; a template that uses one fails
here. Both engines get the same sample context, autoescape and strict undefined values; the
outputs must read the same once entities are decoded (MiniJinja also escapes '/').
"""
from __future__ import annotations

import html
from pathlib import Path

import minijinja
import pytest
from jinja2 import Environment, FileSystemLoader, StrictUndefined

ROOT = Path(__file__).resolve().parent.parent
SHOWCASE = ROOT / "theme_overrides" / "showcase"
HOSTILE = '<script>alert("x")</script> & Co'

CARD = {"href": "../dien-hinh/an/", "img": None, "name": HOSTILE, "subject": "Cá nhân",
        "unit": "Xã Xuân Đường", "summary": "Hiến đất", "initials": "AN", "colour": "sc-c-1"}
LINK = {"href": "../don-vi/a/", "label": HOSTILE, "count": 3, "date": "", "successors": []}
EMPTY_LINK = {**LINK, "count": 0, "successors": [LINK]}  # text, not a link, and where it went
PROFILE = {
    "e": {"id": "dh-2021-abc123", "sample": True, "role": "Nông dân", "hamlet": "ấp 1", "summary": HOSTILE,
          "achievements": [HOSTILE], "sources": ["Báo", HOSTILE], "name": HOSTILE,
          "id": "dh-2021-xd-01"},
    "subject": "Cá nhân", "category": "Mô hình mới", "unit_label": "Xã A", "quarter": "Quý II/2021",
    "placeholder": CARD, "photo_html": "", "story_html": "", "successors": [LINK],
    "links": {"unit": "u/", "category": "c/", "year": "y/"}, "fields": [LINK], "movements": [
        {"href": "m/", "title": HOSTILE}], "awards": [{"label": HOSTILE, "year": 2021, "decision": "1/QĐ",
                                                     "date": "01/02/2021", "issuer": "UBND"}],
    "related": "", "report_href": "mailto:a@b.c", "contact": "a@b.c"}
OFFICE = {"name": HOSTILE, "address": HOSTILE, "phone": "0251 3000 000", "tel": "02513000000",
          "email": "a@b.c", "hours": HOSTILE, "response_days": "10 ngày"}
CONTEXTS: dict[str, dict] = {
    # cards arrive rendered (macros.html's `card`, memoised per exemplar): plain text here
    "cards.html": {"cards": [HOSTILE, "Thẻ 2"], "empty": HOSTILE},
    "pager.html": {"p": {"number": 2, "total": 9, "count": 520, "first": 61, "last": 120, "prev": "../",
                         "next": "../trang-3/", "pages": [{"n": 1, "href": "../", "current": False},
                                                          {"n": 2, "href": "../trang-2/", "current": True},
                                                          {"n": None, "href": None, "current": False},
                                                          {"n": 9, "href": '../trang-9/"><x', "current": False}]}},
    "macros.html": {},
    "profile.html": PROFILE,
    "picture.html": {"zoom": True, "large": "a-1080.webp", "caption": HOSTILE, "css_class": "sc-photo",
                     "sizes": "100vw", "srcset": "a-360.webp 360w", "src": "a.jpg", "width": 720,
                     "height": 480, "alt": HOSTILE, "lazy": False},
    "unit.html": {"unit_name": HOSTILE, "valid_to": "30/06/2025", "successors": [LINK],
                  "predecessors": [LINK], "outside": HOSTILE, "az": True, "other": "../", "cards": "",
                  "sortable": True},
    "units.html": {"periods": [{"id": "tu-01-07-2025", "title": HOSTILE, "groups": [
        {"id": "xa", "title": HOSTILE, "entries": [LINK, EMPTY_LINK]}]}]},
    "groups.html": {"groups": [{"id": "xa", "title": HOSTILE, "entries": [LINK, EMPTY_LINK], "cards": ""}]},
    "list.html": {"items": [LINK, EMPTY_LINK, {**LINK, "count": None, "date": "01/06/2021"}], "empty": HOSTILE},
    "movement.html": {"facts": [{"term": "Căn cứ", "lines": [HOSTILE, "Kế hoạch 1"]}]},
    "home.html": {"latest": "", "units": [LINK], "fields": [LINK, EMPTY_LINK], "movements": [LINK],
                  "current": {"title": HOSTILE, "href": "m/", "running": True, "period": "2021-2025",
                              "description": HOSTILE, "launched_by": HOSTILE, "count": 0}},
    "dated.html": {"date": HOSTILE},
    "notice.html": {"text": HOSTILE},
    "redirect.html": {"target": '../a/"><script>'},
    "intake.html": {"quarters": ["I", "II", "III", "IV"], "rows": [
        {"n": 1, "href": "u/", "label": HOSTILE, "cells": [{"status": "missing", "count": 0,
                                                            "label": "Chưa giới thiệu"}],
         "total": 0, "share": "—"}], "foot": [{"total": 0, "missing": 1}], "total": 0},
    "legend.html": {"statuses": [{"id": "missing", "label": HOSTILE}]},
    "review_item.html": {"href": "a/", "name": HOSTILE, "facts": [HOSTILE, "Quý I/2021"],
                         "summary": HOSTILE, "achievements": [HOSTILE], "awards": HOSTILE},
    "review.html": {"intro": HOSTILE, "groups": [{"id": "a", "label": HOSTILE, "count": 1,
                                                  "entries": HOSTILE}]},
    "search.html": {"facets": [{"key": "unit", "param": "xa", "title": "Xã, đơn vị"}]},
    "contact.html": {"office": OFFICE, "days": "10 ngày", "site": HOSTILE, "fields": [],
                     "mail": 'mailto:a@b.c?subject="><script>'},
    "nominate.html": {"office": OFFICE, "days": "", "site": HOSTILE, "form_href": "phieu/",
                      "mail": "mailto:a@b.c", "fields": [{"label": HOSTILE, "hint": HOSTILE, "lines": 1}]},
    "nominate_form.html": {"office": OFFICE, "days": "", "site": HOSTILE,
                           "fields": [{"label": HOSTILE, "hint": HOSTILE, "lines": 3}]},
}


def jinja2_env(folder: Path) -> Environment:
    return Environment(loader=FileSystemLoader(folder), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def minijinja_env(folder: Path, **extra) -> minijinja.Environment:
    return minijinja.Environment(
        loader=lambda name: (folder / name).read_text(encoding="utf-8") if (folder / name).is_file() else None,
        auto_escape_callback=lambda name: True, undefined_behavior="strict", trim_blocks=True,
        lstrip_blocks=True, pycompat=False, **extra)


def same_text(a: str, b: str) -> bool:
    return html.unescape(a).strip() == html.unescape(b).strip()


def test_every_fragment_has_a_sample_context() -> None:
    assert sorted(p.name for p in SHOWCASE.glob("*.html")) == sorted(CONTEXTS), (
        "a template in theme_overrides/showcase/ needs a sample context in CONTEXTS (and back)")


@pytest.mark.parametrize("name", sorted(CONTEXTS))
def test_fragment_renders_alike_in_minijinja(name: str) -> None:
    expected = jinja2_env(SHOWCASE).get_template(name).render(**CONTEXTS[name])
    actual = minijinja_env(SHOWCASE).render_template(name, **CONTEXTS[name])
    assert same_text(actual, expected), f"{name}:\nminijinja: {actual}\njinja2:    {expected}"
    assert "<script>" not in actual and "<script>" not in expected  # autoescaped in both


@pytest.mark.parametrize("card", [CARD, {**CARD, "img": {"url": "a.webp", "width": 160, "height": 160}}])
def test_card_macro_renders_alike_in_minijinja(card: dict) -> None:
    """macros.html's `card`, which render/pages.py calls from Python (cards.html joins its output)."""
    source = '{% from "macros.html" import card %}{{ card(c) }}'
    expected = jinja2_env(SHOWCASE).from_string(source).render(c=card)
    actual = minijinja_env(SHOWCASE).render_str(source, c=card)
    assert same_text(actual, expected), f"minijinja: {actual}\njinja2:    {expected}"
    assert "<script>" not in actual and "<script>" not in expected and "&lt;script&gt;" in expected


def test_minijinja_rejects_python_string_methods() -> None:
    """The guard itself: what the old social_meta.html did fails in MiniJinja."""
    env = minijinja_env(SHOWCASE)
    with pytest.raises(minijinja.TemplateError):
        env.render_str('{{ site.endswith("/") }}', site="a/")


# ---- our overrides of Material's partials, with a stand-in for MkDocs' context ----------------

class Page:
    """What the partials read from MkDocs' page object."""

    def __init__(self, title: str, meta: dict, homepage: bool = False) -> None:
        self.title, self.meta, self.is_homepage = title, meta, homepage
        self.canonical_url = "https://example.org/dien-hinh/an/"


CONFIG = {"site_url": "https://example.org/site", "site_name": "Điển hình", "site_description": "Mô tả",
          "repo_url": "https://example.org/repo", "repo_name": "Kho",
          "extra": {"showcase": {"managing_body": "Phòng Nội vụ", "contact": "a@b.c"}}}
PARTIALS = ROOT / "theme_overrides"


@pytest.mark.parametrize("name", ["partials/social_meta.html", "partials/copyright.html",
                                  "partials/source.html", "partials/share.html"])
@pytest.mark.parametrize("image", ["/assets/the/a.jpg", "assets/the/a.jpg"])
def test_partial_renders_alike_in_minijinja(name: str, image: str) -> None:
    """MkDocs renders these without autoescape: both engines are set up the same way."""
    page = Page(HOSTILE, {"description": HOSTILE, "image": image})
    context = {"page": page, "config": CONFIG}
    j2 = Environment(loader=FileSystemLoader(PARTIALS))  # lenient, as MkDocs sets it up
    j2.filters["url"] = lambda value: value
    expected = j2.get_template(name).render(**context)
    mj = minijinja.Environment(
        loader=lambda n: (PARTIALS / n).read_text(encoding="utf-8") if (PARTIALS / n).is_file() else None,
        undefined_behavior="lenient", pycompat=False, filters={"url": lambda value: value})
    actual = mj.render_template(name, page={"title": page.title, "meta": page.meta, "is_homepage": False,
                                            "canonical_url": page.canonical_url}, config=CONFIG)
    assert same_text(actual, expected), f"minijinja: {actual}\njinja2:    {expected}"
    if name.endswith("social_meta.html"):
        assert '<meta property="og:image" content="https://example.org/site/assets/the/a.jpg">' in expected
        assert 'og:image" content="https:&#x2f;&#x2f;example.org&#x2f;site&#x2f;assets&#x2f;the&#x2f;a.jpg"' in actual
        assert "<script>" not in actual and "<script>" not in expected
