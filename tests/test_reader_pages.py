"""What a reader meets on a profile or movement page (issue 13): breadcrumbs, the publication
date, share and print buttons that load nothing until tapped, the editors' link at the foot,
and content centred on desktop."""
from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from test_site_support import Built, built_site

PROFILE = "dien-hinh/nguyen-thi-hong-nhung/"
MOVEMENT = "phong-trao/nong-thon-moi/"


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built_site(tmp_path_factory, "real")


def html_of(real: Built, url: str) -> str:
    return (real.site / url / "index.html").read_text(encoding="utf-8")


def test_profile_has_breadcrumbs_date_and_share(real: Built) -> None:
    html = html_of(real, PROFILE)
    crumbs = re.search(r'<nav class="sc-crumbs" aria-label="Đường dẫn"><ol>(.*?)</ol></nav>', html, re.S)[1]
    assert re.findall(r"<li>(?:<a [^>]*>)?([^<]+)", crumbs) == ["Trang chủ", "Đơn vị", "Xã Xuân Đường (đến 30/06/2025)"]
    assert '<li aria-current="page">Nguyễn Thị Hồng Nhung</li>' in crumbs
    assert 'href="../../don-vi/xuan-duong/"' in crumbs
    assert 'Ngày đăng: <time datetime="2021-04-05">05/04/2021</time>' in html
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html)[1]
    assert f'href="https://www.facebook.com/sharer/sharer.php?u={quote(canonical, safe="/")}"' in html
    assert f'data-share="zalo" data-url="{canonical}" hidden' in html


def test_the_edit_pencil_moves_to_a_small_link_at_the_foot(real: Built) -> None:
    html = html_of(real, PROFILE)
    assert "md-content__button" not in html
    foot = re.search(r'<p class="sc-edit"><a href="([^"]+)" rel="edit">([^<]+)</a></p>', html)
    assert foot[2] == "Sửa hồ sơ này (dành cho biên tập viên)"
    assert foot[1].endswith("/exemplars/xuan-duong/nguyen-thi-hong-nhung.yaml")
    assert html.index("sc-edit") > html.index("sc-report")  # after the content


def test_movement_pages_share_too(real: Built) -> None:
    html = html_of(real, MOVEMENT)
    assert 'class="sc-share"' in html and '<li><a href="../../phong-trao/">Phong trào</a></li>' in html


@pytest.mark.browser
def test_share_buttons_request_nothing_until_tapped(real: Built, browser, serve_dir) -> None:
    base = serve_dir(real.site)
    page = browser.new_page(viewport={"width": 360, "height": 800})
    hosts: list[str] = []
    page.on("request", lambda r: hosts.append(r.url.split("/")[2]))
    page.goto(base + PROFILE)
    page.wait_for_load_state("networkidle")
    assert set(hosts) == {base.split("/")[2]}
    assert page.is_visible("[data-share=zalo]") and page.is_visible("[data-share=copy]")
    assert page.is_visible("[data-print]")
    if not page.evaluate("typeof navigator.share === 'function'"):
        assert page.is_hidden("[data-share=native]")
        page.click("[data-share=zalo]")  # no share sheet here: the link is shown or copied
        page.wait_for_function("document.querySelector('.sc-share__note').textContent.length > 0")
        note = page.inner_text(".sc-share__note")
        assert note.startswith("Đã chép liên kết") or note.startswith("http")
    fb = page.get_attribute(".sc-share a", "href")
    assert fb.startswith("https://www.facebook.com/sharer/sharer.php?u=http")
    assert set(hosts) == {base.split("/")[2]}  # still nothing from another host


@pytest.mark.browser
def test_content_is_centred_on_desktop_and_the_menu_stays_on_phones(real: Built, browser, serve_dir) -> None:
    base = serve_dir(real.site)
    wide = browser.new_page(viewport={"width": 1280, "height": 900})
    wide.goto(base + PROFILE)
    box = wide.locator(".md-content").bounding_box()
    assert abs((box["x"] + box["width"] / 2) - 640) < 30, box
    assert wide.is_hidden(".md-sidebar--primary")
    phone = browser.new_page(viewport={"width": 360, "height": 800})
    phone.goto(base + PROFILE)
    phone.click("label.md-header__button[for=__drawer]")
    phone.wait_for_timeout(400)
    assert phone.is_visible(".md-sidebar--primary .md-nav__link >> text=Đơn vị")
