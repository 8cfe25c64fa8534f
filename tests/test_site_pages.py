"""The pages issue 3 asks for, read from real builds (fixed tree and the repository's own)."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from PIL import Image

from test_site_support import FIXTURE_PHOTO, Built, built_site, hrefs_to, main_html

CARD_NAME = re.compile(r'<strong class="sc-card-name">(.*?)</strong>')
CARD = re.compile(r'<li class="sc-card">(.*?)</li>', re.S)


@pytest.fixture(scope="module")
def golden(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built_site(tmp_path_factory, "golden")


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built_site(tmp_path_factory, "real")


def html(b: Built, url: str) -> str:
    return (b.site / url / "index.html").read_text(encoding="utf-8")


def card_names(b: Built, url: str) -> list[str]:
    return CARD_NAME.findall(main_html(html(b, url)))


# ---- home ---------------------------------------------------------------------------------

def test_home_says_what_it_is_and_shows_the_latest_counts_and_movements(golden: Built) -> None:
    body = main_html(html(golden, ""))
    assert "Trang giới thiệu những tập thể, cá nhân và hộ gia đình tiêu biểu" in body
    assert card_names(golden, "")[:3] == ["Hoàng Văn Đức", "Lê Văn An", "Đỗ Thị Dung"]
    assert len(card_names(golden, "")) == 6  # the latest six of seven
    assert '<a href="don-vi/xuan-duong-2025/">Xã Xuân Đường (từ 01/07/2025)</a> <span class="sc-count">5</span>' in body
    assert '<a href="linh-vuc/kinh-te/">Kinh tế</a> <span class="sc-count">3</span>' in body
    assert '<a href="phong-trao/nong-thon-moi/">Toàn tỉnh chung sức xây dựng nông thôn mới</a>' in body
    assert '<a href="phong-trao/ky-niem-11-6/">' in body


# ---- unit sections --------------------------------------------------------------------------

def test_unit_section_lists_cards_newest_first(golden: Built) -> None:
    assert card_names(golden, "don-vi/xuan-duong/") == [
        "Hoàng Văn Đức", "Lê Văn An", "Đỗ Thị Dung", "Phạm Văn Ân", "Trần Thị Ánh"]


def test_unit_a_z_sorts_by_given_name_in_vietnamese_letter_order(golden: Built) -> None:
    assert card_names(golden, "don-vi/xuan-duong/a-z/") == [
        "Lê Văn An", "Trần Thị Ánh", "Phạm Văn Ân", "Đỗ Thị Dung", "Hoàng Văn Đức"]
    order = re.compile(r'<p class="sc-order">.*?</p>')
    newest = order.search(html(golden, "don-vi/xuan-duong/"))[0]
    assert "<strong>mới nhất</strong>" in newest and ">theo tên A–Z</a>" in newest
    assert hrefs_to("don-vi/xuan-duong/", newest) == {"don-vi/xuan-duong/a-z/"}
    az = order.search(html(golden, "don-vi/xuan-duong/a-z/"))[0]
    assert "<strong>theo tên A–Z</strong>" in az
    assert hrefs_to("don-vi/xuan-duong/a-z/", az) == {"don-vi/xuan-duong/"}


def test_a_card_has_picture_or_placeholder_name_subject_and_summary(golden: Built) -> None:
    cards = CARD.findall(main_html(html(golden, "don-vi/xuan-tay/")))
    assert len(cards) == 1
    card = cards[0]
    assert '<img src="../../assets/' in card  # the one fixture with a photo
    assert "Ngô Văn Tư" in card and "Cá nhân · Xã Xuân Tây" in card
    assert "Nhiều năm nấu cơm miễn phí cho bệnh nhân nghèo." in card
    placeholder = CARD.findall(main_html(html(golden, "don-vi/long-giao/")))[0]
    assert "sc-initials" in placeholder and "<img" not in placeholder  # no photo: initials, no request


def test_every_card_of_the_real_site_has_a_picture_or_placeholder(real: Built) -> None:
    for path in real.html_files:
        for card in CARD.findall(path.read_text(encoding="utf-8")):
            assert "<img" in card or "sc-initials" in card, path
            assert 'class="sc-card-name"' in card and 'class="sc-card-summary"' in card, path


def test_merged_unit_shows_its_successor_and_successors_list_predecessors(golden: Built) -> None:
    old = main_html(html(golden, "don-vi/long-giao/"))
    note = re.search(r'<p class="sc-unit-note">(.*?)</p>', old)[1]
    assert note.startswith("Xã Long Giao hoạt động đến 30/06/2021; nay thuộc <a ")
    assert note.endswith(">Xã Cẩm Mỹ</a>.")
    assert hrefs_to("don-vi/long-giao/", note) == {"don-vi/cam-my-2025/"}
    for successor in ("don-vi/tt-long-giao/", "don-vi/cam-my-2025/"):
        assert card_names(golden, successor) == ["Bùi Văn Em"], successor
        assert 'Trang này gồm cả điển hình của các đơn vị trước đây: ' in html(golden, successor)
    assert 'Nay thuộc <a href="../../don-vi/cam-my-2025/">Xã Cẩm Mỹ</a>' in html(golden, "dien-hinh/bui-van-em/")


# ---- profile ------------------------------------------------------------------------------

def test_profile_page_has_every_part(golden: Built) -> None:
    body = main_html(html(golden, "dien-hinh/le-van-an/"))
    expected = [
        '<span class="sc-initials sc-initials-badge sc-c-0" aria-hidden="true">VA</span>Lê Văn An</h1>',
        "<dt>Đối tượng</dt><dd>Cá nhân</dd>",
        '<a href="../../loai/dien-hinh-tien-tien/">Điển hình tiên tiến</a>',
        '<a href="../../don-vi/xuan-duong/">Xã Xuân Đường (đến 30/06/2025)</a>, ấp Suối Râm',
        '<a href="../../linh-vuc/kinh-te/">Kinh tế</a>, <a href="../../linh-vuc/xa-hoi/">Xã hội</a>',
        '<a href="../../phong-trao/nong-thon-moi/">Toàn tỉnh chung sức xây dựng nông thôn mới</a>',
        '<p class="sc-summary">Hiến 300 m² đất làm đường liên ấp.</p>',
        "Ông An <strong>hiến đất</strong> mở đường liên ấp",
        '<a href="../../nam/2021/">Quý III/2021</a>',
        "<th>Danh hiệu, hình thức</th>",
        "<td>Bằng khen của Chủ tịch UBND tỉnh</td><td>2021</td><td>567/QĐ-UBND ngày 03/09/2021</td>"
        "<td>UBND tỉnh Đồng Nai</td>",
        '<h2 id="lien-quan">Điển hình liên quan</h2>',
        "Đề nghị sửa hoặc gỡ hồ sơ</a> (gửi riêng cho cơ quan quản lý, không công khai)",
        "Nguồn: Báo cáo số 12/BC-UBND của UBND xã Xuân Đường",
    ]
    for part in expected:
        assert part in body, part
    assert body.count("<tr>") == 3  # header + two awards
    assert "sc-sample-banner" not in body
    report = re.search(r'<a href="([^"]+)">Đề nghị sửa hoặc gỡ hồ sơ</a>', body)[1]
    assert report == "../../de-nghi-sua-go/?ho-so=kt-2021-xd-an"
    assert "Lê" not in report and "issues" not in report  # the id, never the name, never a public tracker
    related = CARD_NAME.findall(body[body.index('id="lien-quan"'):])
    assert related and "Lê Văn An" not in related
    assert set(related) <= {"Phạm Văn Ân", "Hoàng Văn Đức", "Bùi Văn Em", "Đỗ Thị Dung", "Trần Thị Ánh"}


def test_edit_this_page_on_a_profile_points_at_its_yaml(golden: Built) -> None:
    page = html(golden, "dien-hinh/le-van-an/")
    edit = re.search(r'<p class="sc-edit"><a href="([^"]+)" rel="edit">Sửa hồ sơ này \(dành cho biên tập viên\)</a>', page)
    assert edit[1] == "https://github.com/cam-my/dien-hinh/edit/main/exemplars/xuan-duong/le-van-an.yaml"
    movement = html(golden, "phong-trao/nong-thon-moi/")
    assert 'href="https://github.com/cam-my/dien-hinh/edit/main/content/phong-trao/nong-thon-moi.md"' in movement


def test_samples_carry_the_banner_and_real_profiles_do_not(real: Built) -> None:
    import yaml
    checked = 0
    for src in sorted((real.root / "exemplars").glob("*/*.yaml")):
        if src.parent.name == "vocab":
            continue
        data = yaml.safe_load(src.read_text(encoding="utf-8"))
        page = real.site / "dien-hinh" / (data.get("slug") or src.stem) / "index.html"
        if data.get("status") != "published":
            continue
        text = page.read_text(encoding="utf-8")
        has = '<p class="sc-sample-banner" role="note"><strong>Hồ sơ mẫu:</strong>' in text
        assert has == bool(data.get("sample")), src
        checked += 1
    assert checked >= 10


# ---- other pages --------------------------------------------------------------------------

def test_movement_page_lists_its_exemplars(golden: Built) -> None:
    body = main_html(html(golden, "phong-trao/nong-thon-moi/"))
    assert "Điển hình trong phong trào (4)" in body
    assert sorted(card_names(golden, "phong-trao/nong-thon-moi/")) == sorted(
        ["Hoàng Văn Đức", "Lê Văn An", "Phạm Văn Ân", "Bùi Văn Em"])
    assert "<dt>Cơ quan phát động</dt><dd>UBND tỉnh Đồng Nai</dd>" in body


def test_event_page_of_11_june(golden: Built) -> None:
    body = main_html(html(golden, "phong-trao/ky-niem-11-6/"))
    assert "<dt>Ngày</dt><dd>11/06/2021</dd>" in body
    assert card_names(golden, "phong-trao/ky-niem-11-6/") == ["Trần Thị Ánh"]


@pytest.mark.parametrize("url, names", [
    ("linh-vuc/kinh-te/", {"Lê Văn An", "Phạm Văn Ân", "Bùi Văn Em"}),
    ("linh-vuc/an-ninh/", {"Hoàng Văn Đức"}),
    ("loai/mo-hinh-moi/", {"Phạm Văn Ân"}),
    ("loai/nguoi-tot-viec-tot/", {"Trần Thị Ánh", "Ngô Văn Tư"}),
    ("nam/2020/", {"Ngô Văn Tư"}),
])
def test_indexes_by_field_category_and_year(golden: Built, url: str, names: set[str]) -> None:
    assert set(card_names(golden, url)) == names


def test_year_page_groups_by_quarter_newest_first(golden: Built) -> None:
    body = main_html(html(golden, "nam/2021/"))
    heads = re.findall(r'<h2 id="(quy-\d)">(.*?)</h2>', body)
    assert heads == [("quy-4", "Quý IV/2021 (1)"), ("quy-3", "Quý III/2021 (1)"),
                     ("quy-2", "Quý II/2021 (2)"), ("quy-1", "Quý I/2021 (2)")]
    for index in ("linh-vuc/", "loai/", "nam/"):
        assert (golden.site / index / "index.html").is_file()


def test_about_page_and_activities(golden: Built) -> None:
    assert "Kế hoạch tuyên truyền phong trào thi đua yêu nước" in html(golden, "gioi-thieu/")
    listing = main_html(html(golden, "hoat-dong/"))
    assert ">Tọa đàm điển hình tiên tiến xã Xuân Đường</a>" in listing
    assert hrefs_to("hoat-dong/", listing) == {"hoat-dong/2021-06-toa-dam/"}
    post = main_html(html(golden, "hoat-dong/2021-06-toa-dam/"))
    assert '<a href="../../dien-hinh/le-van-an/">' in post and '<a href="../../dien-hinh/hoang-van-duc/">' in post
    assert "11/06/2021" in post


def test_footer_names_managing_body_and_contact_on_every_page(golden: Built) -> None:
    for path in golden.html_files:
        text = path.read_text(encoding="utf-8")
        if "md-footer" not in text:  # redirect stubs for old URLs have no layout
            continue
        assert "Cơ quan quản lý: Phòng Nội vụ huyện Cẩm Mỹ" in text, path
        assert '<a href="mailto:phongnoivu@example.gov.vn">' in text, path


def test_navigation_lists_sections_never_profiles(real: Built) -> None:
    nav = re.compile(r'<nav class="md-(?:tabs|nav md-nav--primary)[^"]*".*?</nav>', re.S)
    for url in ("", "dien-hinh/nguyen-thi-hong-nhung/", "don-vi/xuan-duong/"):
        page = (real.site / url / "index.html").read_text(encoding="utf-8")
        blocks = nav.findall(page)
        assert len(blocks) == 2, url  # the tabs and the drawer's primary navigation
        for block in blocks:
            targets = hrefs_to(url, block)
            assert not [t for t in targets if t.startswith("dien-hinh/")], url
            assert "Đơn vị" in block and "Phong trào" in block and "Giới thiệu" in block


# ---- photos -------------------------------------------------------------------------------

def test_originals_are_never_copied_into_the_site(real: Built, golden: Built) -> None:
    for b in (real, golden):
        originals = {hashlib.sha256(p.read_bytes()).hexdigest(): p
                     for p in (b.root / "exemplars").rglob("*") if p.is_file()}
        published = [p for p in b.site.rglob("*") if p.is_file()]
        # quan-tri/config.yml is the form's configuration (labels and vocabularies), no source
        assert not [p for p in published if p.suffix in (".yaml", ".yml")
                    and p.relative_to(b.site).as_posix() != "quan-tri/config.yml"]
        copied = [(originals[h], p) for p in published
                  if (h := hashlib.sha256(p.read_bytes()).hexdigest()) in originals]
        assert copied == []
        names = {p.name for p in originals.values()}
        assert not [p for p in published if p.name in names]
    assert (golden.root / FIXTURE_PHOTO).is_file()


def test_published_photos_carry_no_metadata(golden: Built) -> None:
    photos = [p for p in golden.site.joinpath("assets").rglob("*") if p.suffix in (".jpg", ".jpeg", ".webp")]
    assert photos, "the fixture photo is published in some form"
    for p in photos:
        with Image.open(p) as im:
            assert not im.getexif(), p
            assert "exif" not in im.info and "xmp" not in im.info, p


def test_profile_with_photo_shows_it_with_alt_text(golden: Built) -> None:
    body = main_html(html(golden, "dien-hinh/ngo-van-tu/"))
    assert 'alt="Ông Tư bên bếp ăn từ thiện"' in body
    assert Path(golden.root / FIXTURE_PHOTO).name not in body


def test_profile_pages_stay_under_40_kb(real: Built, golden: Built) -> None:
    """The performance target for a phone on a slow connection: a profile's HTML is at most 40 KB."""
    sizes = {p.parent.name: p.stat().st_size for b in (real, golden)
             for p in (b.site / "dien-hinh").glob("*/index.html")}
    assert len(sizes) >= 15
    assert {k: v for k, v in sizes.items() if v > 40_000} == {}


# ---- sitemap ------------------------------------------------------------------------------

def test_sitemap_is_an_index_so_readers_do_not_download_every_url(real: Built) -> None:
    """Material's JavaScript fetches sitemap.xml on every page view; it must stay tiny."""
    index = (real.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<sitemapindex" in index and "sitemap-trang.xml</loc>" in index
    assert len(index) < 400
    full = (real.site / "sitemap-trang.xml").read_text(encoding="utf-8")
    pages = {p.parent.name: p.read_text(encoding="utf-8") for p in (real.site / "dien-hinh").glob("*/index.html")}
    hidden = {slug for slug, text in pages.items()  # old-URL redirects and withdrawn notices
              if 'http-equiv="refresh"' in text or 'name="robots" content="noindex"' in text}
    assert hidden and len(pages) > len(hidden)
    for slug in pages:
        assert (f"/dien-hinh/{slug}/</loc>" in full) == (slug not in hidden), slug
    assert "/a-z/</loc>" not in full


def test_card_thumbnails_are_small_files(real: Built) -> None:
    """Cards show photos at 72 px: they load the 160 px variant, not a page-width photo."""
    page = html(real, "don-vi/cam-my-2025")
    widths = [int(w) for w in re.findall(r'<li class="sc-card">\s*<a [^>]*>\s*<img [^>]*width="(\d+)"', page)]
    assert widths and max(widths) <= 160
