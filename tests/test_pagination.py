"""Long lists are split into pages of 60 cards (render/paging.py), read from a real build of
a tree with 125 profiles in one unit, one category, one movement and one year."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from _profiles import profile
from conftest import write_tree
from showcase.core.settings import load_settings
from showcase.core.vi import text_sort_key
from showcase.render.paging import shown
from showcase_dev.synth import copy_base
from test_site_support import Built, broken_links, main_html, read_page, resolve

N = 125  # pages of 60, 60 and 5
CARD_NAME = re.compile(r'<strong class="sc-card-name">(.*?)</strong>')
PAGER = re.compile(r'<nav class="sc-pager" aria-label="Phân trang">.*?</nav>', re.S)
HEAD_LINK = re.compile(r'<link rel="(prev|next)" href="([^"]*)">')


def _profiles() -> list[tuple[str, str]]:
    """Profile i is in quarter i % 4 + 1 of 2021, received on day i % 28 + 1 of that quarter's
    first month; its name numbers it backwards, so A–Z order is not the newest-first order."""
    out = []
    for i in range(N):
        q = i % 4 + 1
        out.append(profile("xuan-duong", f"to-{i:03d}", f"2021-Q{q}", f"Tổ tự quản số {N - i:03d}",
                           received=f"{i % 28 + 1:02d}/{3 * q - 2:02d}/2021"))
    return out


def newest_first() -> list[str]:
    """Quarter, then received date, newest first: the catalogue's order."""
    keyed = [((i % 4 + 1, i % 28 + 1, f"dh-to-{i:03d}"), f"Tổ tự quản số {N - i:03d}") for i in range(N)]
    return [name for _, name in sorted(keyed, reverse=True)]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Built:
    from showcase.publish.build import build_site
    root = tmp_path_factory.mktemp("paged") / "repo"
    copy_base(root)
    write_tree(root, dict(_profiles()))
    return Built(root, build_site(root, strict=True, quiet=True, site_dir=root.parent / "site"))


def html(b: Built, url: str) -> str:
    return (b.site / url / "index.html").read_text(encoding="utf-8")


def names(b: Built, url: str) -> list[str]:
    return CARD_NAME.findall(main_html(html(b, url)))


def head_links(b: Built, url: str) -> dict[str, str]:
    return dict(HEAD_LINK.findall(html(b, url).split("</head>")[0]))


def pager(b: Built, url: str) -> str:
    found = PAGER.findall(main_html(html(b, url)))
    assert len(found) == 1, url
    return found[0]


LIST = "loai/mo-hinh-moi/"
PAGES = [LIST, LIST + "trang-2/", LIST + "trang-3/"]


def test_a_category_shows_60_cards_a_page_newest_first(big: Built) -> None:
    assert [len(names(big, url)) for url in PAGES] == [60, 60, 5]
    assert [n for url in PAGES for n in names(big, url)] == newest_first()
    assert not (big.site / LIST / "trang-4").exists()


def test_prev_and_next_in_head_and_page_links_in_the_body(big: Built) -> None:
    assert head_links(big, PAGES[0]) == {"next": "trang-2/"}
    assert head_links(big, PAGES[1]) == {"prev": "../", "next": "../trang-3/"}
    assert head_links(big, PAGES[2]) == {"prev": "../trang-2/"}
    nav = pager(big, PAGES[1])
    assert '<p class="sc-pager-count">Trang 2/3: điển hình 61–120 trong số 125</p>' in nav
    assert '<a href="../" rel="prev">‹ Trước</a>' in nav
    assert '<a href="../trang-3/" rel="next">Sau ›</a>' in nav
    assert '<a href="../trang-2/" aria-current="page" aria-label="Trang 2">2</a>' in nav
    assert nav.count("aria-current") == 1
    first = pager(big, PAGES[0])
    assert "‹ Trước" not in first and '<a href="./" aria-current="page" aria-label="Trang 1">1</a>' in first
    assert "Sau ›" not in pager(big, PAGES[2])
    for i, url in enumerate(PAGES):  # every page link and head link lands on the page it names
        links = re.findall(r'<a href="([^"]*)"[^>]*aria-label="Trang (\d+)"', pager(big, url))
        assert [int(n) for _, n in links] == [1, 2, 3]
        assert all(resolve(url, target) == PAGES[int(n) - 1] for target, n in links)
        for rel, target in head_links(big, url).items():
            assert resolve(url, target) == PAGES[i + (1 if rel == "next" else -1)]


def test_later_pages_say_which_page_they_are_and_lead_back(big: Built) -> None:
    page = read_page(big.site, PAGES[2])
    title = re.search(r"<title>(.*?)</title>", html(big, PAGES[2]))[1]
    assert title.startswith("Loại điển hình: Mô hình mới (trang 3)")
    crumbs = re.search(r'<nav class="sc-crumbs".*?</nav>', html(big, PAGES[2]), re.S)[0]
    assert '<a href="../../../loai/mo-hinh-moi/">Loại điển hình: Mô hình mới</a>' in crumbs
    assert "Loại điển hình: Mô hình mới (trang 3)" in page.text
    assert "<nav class=\"sc-crumbs\"" not in html(big, PAGES[0])  # page 1 as before


def test_unit_pages_both_orders(big: Built) -> None:
    unit, az = "don-vi/xuan-duong/", "don-vi/xuan-duong/a-z/"
    assert [n for url in (unit, unit + "trang-2/", unit + "trang-3/") for n in names(big, url)] == newest_first()
    az_names = [n for url in (az, az + "trang-2/", az + "trang-3/") for n in names(big, url)]
    assert az_names == sorted(newest_first(), key=text_sort_key)
    assert az_names[0] == "Tổ tự quản số 001"
    switch = re.search(r'<p class="sc-order">.*?</p>', html(big, az + "trang-2/"))[0]
    assert resolve(az + "trang-2/", re.search(r'href="([^"]*)"', switch)[1]) == unit  # to the newest, page 1
    assert head_links(big, az + "trang-3/") == {"prev": "../trang-2/"}
    assert '<meta name="robots" content="noindex">' in html(big, az + "trang-2/")


def test_the_year_heads_a_split_quarter_on_both_pages(big: Built) -> None:
    year = "nam/2021/"
    first, second = main_html(html(big, year)), main_html(html(big, year + "trang-2/"))
    counts = {q: sum(1 for i in range(N) if i % 4 + 1 == q) for q in (1, 2, 3, 4)}
    assert counts == {1: 32, 2: 31, 3: 31, 4: 31}
    assert re.findall(r'<h2 id="(quy-\d)">(.*?)</h2>', first) == [
        ("quy-4", "Quý IV/2021 (31)"), ("quy-3", "Quý III/2021 (31)")]
    assert re.findall(r'<h2 id="(quy-\d)">(.*?)</h2>', second) == [  # 31 + 31 > 60: Q3 is split
        ("quy-3", "Quý III/2021 (31)"), ("quy-2", "Quý II/2021 (31)"), ("quy-1", "Quý I/2021 (32)")]
    assert len(CARD_NAME.findall(second.split('<h2 id="quy-2">')[0])) == 2
    assert [n for url in (year, year + "trang-2/", year + "trang-3/") for n in names(big, url)] == newest_first()


def test_a_movement_keeps_its_text_on_page_1(big: Built) -> None:
    m = "phong-trao/nong-thon-moi/"
    heading = "Điển hình trong phong trào (125)"
    first, second = main_html(html(big, m)), main_html(html(big, m + "trang-2/"))
    assert heading in first and heading in second
    assert first.count("<p") > second.count("<p")  # the movement's own text stays on page 1
    assert len(names(big, m + "trang-2/")) == 60


def test_a_short_list_has_no_page_links(big: Built) -> None:
    raw = html(big, "loai/nhan-to-moi/")
    assert "sc-pager" not in raw and not HEAD_LINK.search(raw)
    assert '<p class="sc-empty">Chưa có điển hình nào thuộc loại này.</p>' in raw
    assert not (big.site / "loai/nhan-to-moi/trang-2").exists()


def test_later_pages_are_in_the_sitemap_but_not_a_z(big: Built) -> None:
    sitemap = (big.site / "sitemap-trang.xml").read_text(encoding="utf-8")
    base = load_settings(big.root).site_url
    assert f"<loc>{base}loai/mo-hinh-moi/trang-2/</loc>" in sitemap
    assert f"<loc>{base}don-vi/xuan-duong/trang-3/</loc>" in sitemap
    assert "a-z/" not in sitemap


def test_every_link_resolves(big: Built) -> None:
    base_path = urlsplit(load_settings(big.root).site_url).path or "/"
    assert broken_links(big.site, base_path) == []


@pytest.mark.parametrize("number, total, expected", [
    (1, 1, [1]), (1, 3, [1, 2, 3]), (2, 3, [1, 2, 3]),
    (5, 334, [1, 2, 3, 4, 5, 6, 7, None, 334]),  # a gap of one page shows the page
    (100, 334, [1, None, 98, 99, 100, 101, 102, None, 334]),
    (334, 334, [1, None, 332, 333, 334]),
])
def test_page_links_shown(number: int, total: int, expected: list) -> None:
    assert shown(number, total) == expected


@pytest.mark.browser
@pytest.mark.parametrize("device", ["desktop", "mobile"])
def test_page_links_pass_axe_and_fit_360px(browser, big: Built, serve_dir, device: str) -> None:
    from a11y.axe import describe, run_axe
    from test_site_browser import MOBILE, open_page
    ctx, page, visit = open_page(browser, serve_dir(big.site) + PAGES[1], **(MOBILE if device == "mobile" else {}))
    try:
        violations = run_axe(page)
        assert not violations, describe(violations)
        assert visit.failures == [] and visit.console == []
        assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("innerWidth")
        page.get_by_role("navigation", name="Phân trang").get_by_role("link", name="Sau ›").click()
        page.wait_for_load_state()
        assert page.url.endswith("/" + PAGES[2])
    finally:
        ctx.close()
