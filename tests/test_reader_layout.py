"""What a reader sees of the site's layout (issue 13): the units page grouped by period and
kind, empty states instead of "(0)" links, the initials badge, the agency in the header, the
current movement on the home page, a Vietnamese monospace font; and screenshots at 360 and
1280 px made by the browser test (tests/artifacts/screenshots/, git-ignored)."""
from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PIL import Image

from showcase.core.model import Movement, Unit
from showcase.publish.pipeline import load_catalog
from showcase.render.images import PhotoMap
from showcase.render.pages import Pages
from showcase.render.periods import current_movement, reorganised_on, span
from test_site_support import Built, built_site

ROOT = Path(__file__).resolve().parents[1]
SHOTS = Path(__file__).resolve().parent / "artifacts" / "screenshots"


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built_site(tmp_path_factory, "real")


def html_of(real: Built, url: str) -> str:
    return (real.site / url / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    return html[html.index("<article"):html.index("</article>")]


# ---- units page -----------------------------------------------------------------------------

def test_units_page_puts_today_first_and_communes_before_agencies(real: Built) -> None:
    body = article(html_of(real, "don-vi/"))
    heads = re.findall(r"<h([23]) id=\"([^\"]+)\">([^<]+)</h\1>", body)
    assert [(h, t) for h, _, t in heads] == [
        ("2", "Từ 01/07/2025 (sau sắp xếp)"), ("3", "Xã, phường, thị trấn"),
        ("2", "Đến 30/06/2025 (trước sắp xếp)"), ("3", "Xã, phường, thị trấn"),
        ("3", "Cơ quan, phòng, ban"), ("3", "Mặt trận và đoàn thể")]
    assert len({i for _, i, _ in heads}) == len(heads)  # anchors stay unique
    now, before = body.split("Đến 30/06/2025")
    assert '<li><a href="cam-my-2025/">Xã Cẩm Mỹ</a> <span class="sc-count">5</span></li>' in now
    assert "Xã Nhân Nghĩa" not in now and "Phòng Nội vụ" not in now  # each unit once
    assert ('<li>Xã Xuân Tây <span class="sc-none">chưa có điển hình</span> <span class="sc-now">nay thuộc '
            '<a href="xuan-dong-2025/">Xã Xuân Đông (từ 01/07/2025)</a></span></li>') in before
    assert '<li>Phòng Nội vụ huyện <span class="sc-none">chưa có điển hình</span></li>' in before


def test_the_reorganisation_date_comes_from_the_units() -> None:
    old = Unit("a", "Xã A", "xa", valid_to=dt.date(2023, 12, 31), successor=("b",))
    new = Unit("b", "Xã B", "xa", valid_from=dt.date(2024, 1, 1))
    assert reorganised_on({"a": old, "b": new}) == dt.date(2024, 1, 1)
    assert reorganised_on({"b": new}) is None  # nobody's successor: no split


def test_no_zero_count_links_anywhere(real: Built) -> None:
    for url in ("don-vi/", "linh-vuc/", "loai/", "phong-trao/", "nam/", ""):
        body = article(html_of(real, url))
        assert '<span class="sc-count">0</span>' not in body, url
        for label in re.findall(r"<li>([^<]+) <span class=\"sc-none\">", body):
            assert f"<li><a href=\"{label}" not in body and f"\">{label}</a> <span class=\"sc-count" not in body, \
                (url, label)  # listed once, as text


def test_empty_field_page_and_listing_say_what_will_be_there(make_tree) -> None:
    catalog, _ = load_catalog(make_tree({}))
    pages = {f.uri: f for f in Pages(catalog, PhotoMap()).indexes()}
    listing = pages["linh-vuc/index.md"].html
    assert '<li>Kinh tế <span class="sc-none">chưa có điển hình</span></li>' in listing
    assert "<a " not in listing and "sc-count" not in listing
    assert pages["linh-vuc/kinh-te.md"].html.strip() == \
        '<p class="sc-empty">Chưa có điển hình nào trong lĩnh vực này.</p>'
    assert pages["loai/mo-hinh-moi.md"].html.strip() == '<p class="sc-empty">Chưa có điển hình nào thuộc loại này.</p>'


def test_a_site_without_exemplars_or_activities_has_sentences_not_bare_headings(make_tree) -> None:
    catalog, photos = load_catalog(make_tree({}))
    pages = {f.uri: f for f in Pages(catalog, PhotoMap()).activities()
             + Pages(catalog, PhotoMap()).movements() + [Pages(catalog, PhotoMap()).home()]}
    assert pages["hoat-dong/index.md"].html == '<p class="sc-empty">Chưa có hoạt động nào được đăng.</p>\n'
    movement = pages["phong-trao/nong-thon-moi.md"]
    assert movement.content.endswith("\n## Điển hình trong phong trào\n")  # no "(0)"
    assert movement.html.strip() == '<p class="sc-empty">Chưa có điển hình nào trong phong trào này.</p>'
    assert '<p class="sc-empty">Chưa có điển hình nào được đăng.</p>' in pages["index.md"].html


def test_a_unit_page_without_exemplars_has_no_order_switch(real: Built) -> None:
    body = article(html_of(real, "don-vi/phong-noi-vu/"))
    assert '<p class="sc-empty">Chưa có điển hình nào của đơn vị này.</p>' in body
    assert "sc-order" not in body


# ---- profile, header, home ------------------------------------------------------------------

def test_profile_without_photo_has_a_badge_beside_the_name(real: Built) -> None:
    bare = html_of(real, "dien-hinh/ho-thi-ngoc-tram/")
    assert re.search(r'<h1 class="sc-badged"><span class="sc-initials sc-initials-badge sc-c-\d" '
                     r'aria-hidden="true">NT</span>Hồ Thị Ngọc Trâm</h1>', bare)
    assert "sc-profile-photo" not in bare and "sc-initials-lg" not in bare
    photo = html_of(real, "dien-hinh/dang-quoc-hung/")
    assert '<h1>Đặng Quốc Hưng</h1>' in photo and '<div class="sc-profile-photo"><a class="sc-zoom"' in photo


def test_header_names_the_agency_from_settings(real: Built) -> None:
    html = html_of(real, "")
    assert '<small class="sc-agency">UBND huyện Cẩm Mỹ – Phòng Nội vụ</small>' in html
    assert "md-logo" in html and '<img src="' not in html.split("md-logo")[1].split("</a>")[0]


def test_header_logo_from_settings(site_tree) -> None:
    from showcase.publish.build import build_site
    png = io.BytesIO()
    Image.new("RGB", (64, 64), "#b71c1c").save(png, "PNG")
    root = site_tree({"content/assets/logo.png": png.getvalue()})
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("  showcase:\n", "  showcase:\n    logo: assets/logo.png\n"),
                                     encoding="utf-8")
    site = build_site(root, site_dir=root / "site", quiet=True)
    logo = (site / "don-vi" / "index.html").read_text(encoding="utf-8").split("md-logo")[1].split("</a>")[0]
    assert '<img src="../assets/logo.png" alt="" width="32" height="32">' in logo
    assert (site / "assets" / "logo.png").is_file()  # content images are copied (re-encoded)


def test_current_movement_is_the_one_running_today() -> None:
    nong_thon = Movement("ntm", "Nông thôn mới", "x.md", period="2021-2025")
    event = Movement("k", "Kỷ niệm", "y.md", period="Quý II/2021", date=dt.date(2021, 6, 11))
    undated = Movement("z", "Không rõ", "z.md")
    assert span(event) == (dt.date(2021, 4, 1), dt.date(2021, 6, 30))
    both = (nong_thon, event, undated)
    assert current_movement(both, dt.date(2021, 5, 1)) == (event, True)  # the latest to start
    assert current_movement(both, dt.date(2023, 1, 1)) == (nong_thon, True)
    assert current_movement(both, dt.date(2027, 1, 1)) == (nong_thon, False)  # ended last
    assert current_movement((undated,), dt.date(2027, 1, 1)) == (None, False)


def test_home_leads_with_newest_then_the_current_movement(make_tree, monkeypatch) -> None:
    catalog, _ = load_catalog(make_tree({}))
    monkeypatch.setenv("SHOWCASE_TODAY", "01/03/2024")
    html = Pages(catalog, PhotoMap()).home().html
    assert html.index('id="dien-hinh-moi"') < html.index('id="phong-trao-hien-nay"') < html.index('id="theo-xa"')
    assert ('<h2 id="phong-trao-hien-nay">Phong trào đang diễn ra</h2>\n<p class="sc-current__title">'
            '<a href="phong-trao/nong-thon-moi/">Toàn tỉnh chung sức xây dựng nông thôn mới</a></p>') in html
    monkeypatch.setenv("SHOWCASE_TODAY", "01/03/2026")
    assert '<h2 id="phong-trao-hien-nay">Phong trào gần đây</h2>' in Pages(catalog, PhotoMap()).home().html


# ---- monospace font -------------------------------------------------------------------------

def guide_code() -> set[str]:
    text = (ROOT / "content" / "huong-dan" / "index.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```[^\n]*\n(.*?)```", text, re.S) + re.findall(r"`([^`\n]+)`", text)
    return set("".join(blocks)) - {"\n"}


def test_the_code_font_covers_every_character_of_the_guides_code() -> None:
    fonts = ROOT / "theme_overrides" / "assets" / "fonts"
    cmap = TTFont(fonts / "jetbrains-mono-400.woff2").getBestCmap()
    chars = guide_code()
    assert {"ệ", "ở", "Đ"} <= chars  # the guide's samples do carry stacked marks
    assert sorted(c for c in chars if ord(c) not in cmap) == []
    css = (ROOT / "theme_overrides" / "assets" / "stylesheets" / "fonts.css").read_text(encoding="utf-8")
    assert 'src: url("../fonts/jetbrains-mono-400.woff2") format("woff2");' in css
    assert '--md-code-font: "JetBrains Mono";' in css
    assert "SIL Open Font License" in (fonts / "OFL-JetBrainsMono.txt").read_text(encoding="utf-8")


# ---- screenshots ----------------------------------------------------------------------------

SCREENS = {"home": "", "don-vi": "don-vi/", "xa": "don-vi/cam-my-2025/",
           "ho-so-anh": "dien-hinh/dang-quoc-hung/", "ho-so-khong-anh": "dien-hinh/ho-thi-ngoc-tram/",
           "tim-kiem": "tim-kiem/?q=b%C6%B0%E1%BB%9Fi", "bao-cao": "bao-cao/", "huong-dan": "huong-dan/"}


@pytest.mark.browser
@pytest.mark.parametrize("width,height", [(360, 800), (1280, 900)])
def test_screenshots_and_no_sideways_scroll(real: Built, browser, serve_dir, width: int, height: int) -> None:
    """Writes tests/artifacts/screenshots/<page>-<width>.png; on a phone no page scrolls
    sideways, and the home page's first card is above the fold."""
    base = serve_dir(real.site)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": height})
    wide = {}
    for name, url in SCREENS.items():
        page.goto(base + url)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"))
        wide[name] = page.evaluate("document.documentElement.scrollWidth")
    assert {n: w for n, w in wide.items() if w > width} == {}
    page.goto(base)
    first = page.locator(".sc-card").first.bounding_box()
    assert first["y"] + first["height"] / 2 < height, first
    page.goto(base + "dien-hinh/ho-thi-ngoc-tram/")
    badge = page.locator("h1 .sc-initials-badge").bounding_box()
    assert badge["width"] < 60 and badge["height"] < 60  # a badge, not a block
    page.close()
