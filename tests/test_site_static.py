"""Whole-site checks on the built HTML: links and anchors, an all-Vietnamese interface, dates,
heading anchors, and the Vietnamese name order itself."""
from __future__ import annotations

import random
import re

import pytest
from urllib.parse import urlsplit

from showcase.core.settings import load_settings
from showcase.core.vi import name_sort_key, toc_slugify
from test_site_support import Built, broken_links, built_site, parse_html, url_of_file

# Material's English interface strings (en.html and hard-coded template text). Phrases are
# searched everywhere; single words only in the theme's own text and in attributes, because an
# editors' guide may rightly quote GitHub's English buttons ("Edit this file").
PHRASES = ["Back to top", "Copy to clipboard", "Copied to clipboard", "Skip to content", "Edit this page",
           "View source of this page", "Table of contents", "Initializing search", "Type to start searching",
           "No matching documents", "Go to repository", "Last update", "Continue reading", "Back to index",
           "RSS feed", "Not found", "Made with", "Material for MkDocs", "Select language", "Select version",
           "min read", "Cookie consent", "Manage settings", "Don't show this again", "Related links"]
WORDS = ["Search", "Navigation", "Header", "Footer", "Previous", "Next", "Share", "Clear", "Created",
         "Contributors", "Metadata", "Archive", "Categories", "Tabs", "Accept", "Reject", "Skip", "Edit",
         "Back", "Copy"]


def _words_re(words: list[str]) -> re.Pattern:
    return re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b")


PHRASE_RE, ANY_RE = _words_re(PHRASES), _words_re(PHRASES + WORDS)
ISO_DATE = re.compile(r"\b(19|20)\d\d-[01]\d-[0-3]\d\b")


@pytest.fixture(scope="module", params=["golden", "real"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built_site(tmp_path_factory, request.param)


def english_in(html_text: str) -> list[str]:
    page = parse_html(html_text)
    found = [f"text: {m}" for m in ANY_RE.findall(page.chrome_text)]
    found += [f"text: {m}" for m in PHRASE_RE.findall(page.text) if m not in PHRASE_RE.findall(page.chrome_text)]
    found += [f"{attr}={value!r}" for attr, value in page.attr_texts if ANY_RE.search(value)]
    return found


def test_english_detector_catches_material_defaults() -> None:
    sample = ('<nav aria-label="Tabs"></nav><input placeholder="Search"><a title="Edit this page">x</a>'
              '<button>Back to top</button><p>Tìm kiếm</p><span>Next</span>'
              '<article class="md-content__inner md-typeset"><p>Bấm <em>Edit this file</em> rồi '
              '<em>Copy to clipboard</em>.</p></article>')
    assert english_in(sample) == ["text: Back to top", "text: Next", "text: Copy to clipboard",
                                  "aria-label='Tabs'", "placeholder='Search'", "title='Edit this page'"]


def test_every_link_and_anchor_resolves(site: Built) -> None:
    base_path = urlsplit(load_settings(site.root).site_url).path or "/"
    assert base_path == "/dien-hinh-cam-my/"  # 404.html links to it, absolutely
    assert broken_links(site.site, base_path) == []


def test_link_checker_finds_broken_links_and_anchors(tmp_path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="x">x</h2><a href="../b/">b</a><a href="#x">ok</a>'
                                               '<a href="./#y">no</a><img src="../../up.png">'
                                               '<a href="../index.html#x">no id</a>')
    (tmp_path / "index.html").write_text('<a href="a/">a</a><a href="a/#x">x</a>')
    assert broken_links(tmp_path) == [
        "a/: a.href='../b/': không có tệp b/index.html",
        "a/: a.href='./#y': không có phần tử id='y'",
        "a/: img.src='../../up.png': ra ngoài gốc trang",
        "a/: a.href='../index.html#x': không có phần tử id='x'",
    ]


def test_interface_is_all_vietnamese(site: Built) -> None:
    """No Material English string in visible text, aria-labels, titles, alts or placeholders."""
    problems = {}
    for path in site.html_files:
        found = english_in(path.read_text(encoding="utf-8"))
        if found:
            problems[url_of_file(site.site, path) or "/"] = found
    assert problems == {}


def test_back_to_top_and_tabs_read_in_vietnamese(site: Built) -> None:
    page = (site.site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'class="md-top md-icon"[^>]*>\s*<svg.*?</svg>\s*Về đầu trang\s*</button>', page, re.S)
    assert 'aria-label="Các mục chính"' in page
    assert '<html lang="vi"' in page


def test_dates_read_dd_mm_yyyy(site: Built) -> None:
    for path in site.html_files:
        text = parse_html(path.read_text(encoding="utf-8")).text
        assert not ISO_DATE.findall(text), path


def test_heading_anchors_keep_d_stroke_as_d(tmp_path_factory: pytest.TempPathFactory) -> None:
    golden = built_site(tmp_path_factory, "golden")
    movement = (golden.site / "phong-trao/nong-thon-moi/index.html").read_text(encoding="utf-8")
    assert '<h2 id="duong-lang-dong-hung">Đường làng Đông Hưng</h2>' in movement
    post = (golden.site / "hoat-dong/2021-06-toa-dam/index.html").read_text(encoding="utf-8")
    assert '<h2 id="tham-ap-dong-hung">Thăm ấp Đông Hưng</h2>' in post
    assert toc_slugify("Đông Hưng") == "dong-hung"


# ---- Vietnamese name order (the A–Z pages use it) -----------------------------------------

ORDERED = [
    "Lê Văn An",       # a
    "Trần Thị Ánh",    # a with tone, longer: after An
    "Phạm Văn Ăn",     # ă after a
    "Nguyễn Thị Ân",   # â after ă
    "Hoàng Văn Bình",
    "Lê Thị Dung",     # d
    "Trần Văn Dũng",   # same letters as Dung, tone breaks the tie
    "Nguyễn Văn Đức",  # đ after d
    "Phan Văn Em",     # e
    "Võ Thị Êm",       # ê after e
    "Lê Văn Hoàng",    # o
    "Đào Thị Hồng",    # ô after o
    "Bùi Văn Hơn",     # ơ after ô
    "Lý Thị Hùng",     # u
    "Đặng Văn Hưng",   # ư after u
    "Lê Văn Nam",      # given name Nam, middle Văn, family Lê
    "Trần Văn Nam",    # same given and middle: family Lê < Trần
    "Lê Xuân Nam",     # middle Xuân after Văn
    "Trần Thị Út",     # u
    "Nguyễn Văn Ưng",  # ư after u, even before a later letter
]


def test_name_sort_key_orders_a_fixed_list() -> None:
    shuffled = ORDERED[:]
    random.Random(4).shuffle(shuffled)
    assert sorted(shuffled, key=name_sort_key) == ORDERED


@pytest.mark.parametrize("before, after", [("An", "Ăn"), ("Ăn", "Ân"), ("Dung", "Đức"), ("Em", "Êm"),
                                           ("Oanh", "Ôn"), ("Ôn", "Ơn"), ("Út", "Ưng")])
def test_vietnamese_letter_order(before: str, after: str) -> None:
    assert name_sort_key(f"Lê Văn {before}") < name_sort_key(f"Lê Văn {after}")


def test_every_edit_link_points_at_an_existing_source_file(site: Built) -> None:
    """'Edit this page' leads editors to the real YAML or Markdown, never to a generated page."""
    edit = re.compile(r'<p class="sc-edit"><a href="https://github\.com/cam-my/dien-hinh/edit/main/([^"]+)" rel="edit">')
    seen = 0
    for path in site.html_files:
        for src in edit.findall(path.read_text(encoding="utf-8")):
            assert (site.root / src).is_file(), f"{url_of_file(site.site, path)} → {src}"
            seen += 1
    assert seen >= 10
