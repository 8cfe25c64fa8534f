"""Search in a real Chromium on a real MkDocs build of a fixture tree (see test_search.PROFILES)."""
from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path
from urllib.parse import urlencode

import pytest

from showcase.cli.main import main
from showcase.outputs.search import exact_key, pair_bucket, shard_file, words
from showcase.core.vi import fold
from test_search import PROFILES, profile

pytestmark = pytest.mark.browser

NHUNG, DUONG, HTX = "Nguyễn Thị Hồng Nhung", "Trần Văn Đường", "Hợp tác xã Dương Hòa"
HOA_OLD, HOA_NEW, THANG = "Lê Thị Hoà", "Phạm Văn Hòa", "Hộ gia đình ông Võ Văn Thắng"
TRANG, CHIHOI, ANH, DAT = "Đỗ Thị Thu Trang", "Chi hội Phụ nữ ấp Tân Hạnh", "Huỳnh Thị Ánh", "Ngô Văn Đạt"
DRAFT = "Bùi Văn Ẩn"
CLB = "Câu lạc bộ Buổi sáng xanh"
NTM = "Toàn tỉnh chung sức xây dựng nông thôn mới"
VHOA = "Toàn dân đoàn kết xây dựng đời sống văn hóa"
NGHEO = "Cả nước chung tay vì người nghèo - không để ai bị bỏ lại phía sau"
NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731

# (query, filters, expected first results in order, must be present, must be absent)
CASES = [
    ("Nhung", {}, [NHUNG], [], []),
    ("nhung", {}, [NHUNG], [DUONG], []),  # những/nhưng in his story: found, ranked below
    ("NHUNG", {}, [NHUNG], [], []),
    ("Đường", {}, [DUONG], [HTX], []),  # exact spelling first, Dương as a folded match
    ("Dương", {}, [HTX], [DUONG], []),
    ("duong", {}, [], [DUONG, HTX, NHUNG], [TRANG]),
    ("Hoà", {}, [HOA_OLD], [HOA_NEW, HTX], [NHUNG]),  # old tone placement finds the new one
    ("hòa", {}, [HOA_OLD], [HOA_NEW, HTX], [NHUNG]),
    ("thuỷ lợi", {}, [], [HOA_OLD, HOA_NEW], [NHUNG, DUONG]),
    ("thủy lợi", {}, [], [HOA_OLD, HOA_NEW], [NHUNG, DUONG]),
    (NFD("Huỳnh Thị Ánh"), {}, [ANH], [], [NHUNG]),
    ("huynh thi anh", {}, [ANH], [], [NHUNG]),
    ('"nông thôn mới"', {}, [], [HOA_OLD, NTM, NHUNG, THANG], [HTX]),  # phrase: "nông thôn đổi mới" is not
    ("nông thôn mới", {}, [], [HOA_OLD, NTM, HTX], []),
    ("nong thon moi", {}, [], [HOA_OLD, NTM, HTX], []),
    ("Xuân Đường", {}, [NHUNG], [], [TRANG, DUONG]),  # every word must match
    ("suoi ram", {}, [NHUNG], [], [DUONG]),
    ("bưởi", {}, [NHUNG, CLB], [], [DUONG]),  # typed marks: bưởi before the title's Buổi
    ("buổi", {}, [CLB], [NHUNG], [DUONG]),
    ("buoi", {}, [CLB, NHUNG], [], [DUONG]),  # no marks: all alike, the title match first
    ("Hồng Nhunh", {}, [NHUNG], [], [DUONG]),  # one letter off: the nearest word
    ("Nguyễn Thị Hồng Nhugn", {}, [NHUNG], [], []),  # two letters swapped
    ("dan ong mat", {}, [CLB], [], [NHUNG]),  # words only in the story
    ("Ng", {}, [], [NHUNG, DAT], [TRANG, CLB]),  # prefix from the first letters: title words
    ("x", {"doi-tuong": "tap-the"}, [], [], [NHUNG]),
    ("Bùi Văn Ẩn", {}, [], [], [DRAFT]),  # a draft is never published, not even in search
    ("giáo viên", {}, [TRANG], [], [NHUNG]),
    ("Thắn", {}, [THANG], [], []),  # the last word matches as a prefix while typing
    ("Đạt", {}, [DAT], [DUONG], []),  # "hiến đất" folds to dat too
    ("rác xyzabc", {}, [], [], [THANG]),
    ("TRẦN văn ĐƯỜNG", {}, [DUONG], [], [HTX]),
    ("chi hoi phu nu", {}, [CHIHOI], [], [NHUNG]),
    ("", {"don-vi": "cam-my-2025"}, [], [DUONG, HOA_NEW, THANG, DAT], [NHUNG, CHIHOI, NTM]),
    ("", {"don-vi": "long-giao"}, [DUONG], [], [DAT, HOA_NEW]),
    ("", {"doi-tuong": "tap-the"}, [], [HTX, CHIHOI], [NHUNG, THANG]),
    ("", {"nam": "2021"}, [], [NHUNG, DUONG], [ANH, DAT]),
    ("bưởi", {"linh-vuc": "kinh-te"}, [NHUNG], [], []),
    ("bưởi", {"linh-vuc": "xa-hoi"}, [], [], [NHUNG]),
    ("", {"phong-trao": "vi-nguoi-ngheo"}, [], [DUONG, CHIHOI, NGHEO], [NHUNG]),
    ("", {"loai": "mo-hinh-moi", "don-vi": "xuan-bao"}, [CHIHOI], [], [HTX, NHUNG]),
    ("hộ", {"doi-tuong": "ho-gia-dinh"}, [THANG], [], [CHIHOI, NHUNG]),
    ("văn hóa", {"trang": "m"}, [], [VHOA], [HOA_OLD, THANG]),
    ("giới thiệu", {"trang": "p"}, [], ["Giới thiệu"], [NHUNG]),
    ("duong", {"don-vi": "song-ray"}, [HTX], [], [DUONG, NHUNG]),
    ("giấy chứng nhận", {}, [DUONG], [], [NHUNG]),  # award labels are indexed
    ("Œuvre 中文", {}, [TRANG], [], [NHUNG]),  # words that fold to non-ASCII shard names
]

TRICKY = ["Nguyễn Thị Hồng Nhung", "ĐƯỜNG", "đường", "Hoà", "hòa", "THUỶ", "thủy", "Ẩn", "ấp Suối Râm",
          NFD("Huỳnh Thị Ánh"), NFD("Đặng Hữu Phúc"), "Ưu", "ơn", "Ỹ", "ﬁ", "Å", "e\u0301", "İstanbul",
          "Straße", "ΟΔΟΣ", "1234/QĐ-UBND", "Ǆ", "a\u0323\u0302", "Nghiêng", "Quỳnh", "Gì", "Cẩm Mỹ",
          "Xã Sông Ray (đến 30/06/2025)", "đ\u0301", "Ḍ", "Œuvre", "Ŀ", "Ꝁ", "ǅ", "中文", "x_y", "a-b c"]


_BUILT: dict[str, Path] = {}


@pytest.fixture
def built_site(site_tree) -> Path:
    """One real `showcase build` of the fixture tree (site_tree + PROFILES), shared by the tests.

    Built once per session: pytest keeps the first test's tmp_path until the session ends.
    """
    if "site" not in _BUILT:
        root = site_tree({**PROFILES, **photo_profile()})
        assert main(["--root", str(root), "build"]) == 0
        _BUILT["site"] = root / "site"
    return _BUILT["site"]


def photo_profile() -> dict[str, str | bytes]:
    """A profile with a real JPEG, to see its thumbnail in the results."""
    import io

    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", (640, 480), (40, 120, 60)).save(buf, "JPEG")
    yaml = profile("t-sang", "Mai Văn Sáng", "xuan-dong", "cá nhân", "điển hình tiên tiến", "[kinh tế]",
                   "2022-Q4", "Nuôi ong lấy mật, hướng dẫn bà con cách nuôi.")
    yaml += "photos:\n  - file: vuon-ong.jpg\n    alt: Vườn ong, không có người\n    person: false\n"
    return {"exemplars/xuan-dong/mai-van-sang.yaml": yaml, "exemplars/xuan-dong/vuon-ong.jpg": buf.getvalue()}


def results(page) -> list[str]:
    page.wait_for_selector("#vs-page[data-vs-done]:not([aria-busy])")
    while page.is_visible("#vs-more"):
        count = page.locator(".vs-result").count()
        page.click("#vs-more")
        page.wait_for_function(f"document.querySelectorAll('.vs-result').length > {count}")
    return [t.strip() for t in page.locator("#vs-results .vs-result__title").all_inner_texts()]


def test_query_table(built_site: Path, browser, serve_dir) -> None:
    base = serve_dir(built_site)
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    failures = []
    for query, filters, top, present, absent in CASES:
        params = {"q": query, **filters} if query else dict(filters)
        page.goto(base + "tim-kiem/?" + urlencode(params))
        got = results(page)
        bad = []
        if got[:len(top)] != top:
            bad.append(f"đầu danh sách {got[:len(top)]} ≠ {top}")
        bad += [f"thiếu {p}" for p in present if p not in got]
        bad += [f"thừa {a}" for a in absent if a in got]
        if bad:
            failures.append(f"{query!r} {filters}: {'; '.join(bad)} (được {got})")
    assert not failures, "\n".join(failures)
    assert not errors


def test_help_pages_come_after_exemplars_in_their_own_group(built_site: Path, browser, serve_dir) -> None:
    page = browser.new_page()
    page.goto(serve_dir(built_site) + "tim-kiem/?q=xuan+duong")
    results(page)
    kinds = page.locator("#vs-results .vs-result").evaluate_all(
        "els => els.map(e => e.classList.contains('vs-result--help'))")
    assert kinds[0] is False and True in kinds
    assert kinds == sorted(kinds), "a help page is listed above an exemplar"
    assert page.locator(".vs-group").all_inner_texts() == ["Trang hướng dẫn, giới thiệu"]


def test_excerpt_shows_the_story_words_that_matched(built_site: Path, browser, serve_dir) -> None:
    page = browser.new_page()
    page.goto(serve_dir(built_site) + "tim-kiem/?q=dan+ong+mat")
    results(page)
    first = page.locator("#vs-results .vs-result").first
    assert first.locator(".vs-result__excerpt").inner_text() == (
        "Câu lạc bộ còn nuôi một đàn ong mật nhỏ sau nhà văn hóa ấp. Nay thuộc Xã Cẩm Mỹ.")
    assert first.locator(".vs-result__excerpt mark").all_inner_texts() == ["đàn", "ong", "mật"]


def test_a_typo_says_what_it_shows(built_site: Path, browser, serve_dir) -> None:
    page = browser.new_page()
    page.goto(serve_dir(built_site) + "tim-kiem/?q=Hồng+Nhunh")
    results(page)
    assert page.inner_text("#vs-status").endswith("đang hiện kết quả gần đúng: nhung.")
    assert "Nhung" in page.locator("#vs-results mark").all_inner_texts()


def test_phone_first_result_above_the_fold_and_filters_fold(built_site: Path, browser, serve_dir) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(serve_dir(built_site) + "tim-kiem/?q=nong+thon+moi&doi-tuong=ca-nhan")
    results(page)
    box = page.locator("#vs-results .vs-result").first.bounding_box()
    assert box["y"] + box["height"] <= 800, box
    assert not page.is_visible("#vs-f-don-vi")  # folded under "Lọc"
    assert page.inner_text(".vs-fold__summary") == "Lọc (1)"
    chip = page.locator(".vs-chip")
    assert chip.all_inner_texts() == ["Đối tượng: Cá nhân ×"]
    count = page.locator(".vs-result").count()
    chip.click()
    page.wait_for_function(f"document.querySelectorAll('.vs-result').length > {count}")
    assert page.locator(".vs-chip").count() == 0 and "doi-tuong" not in page.url
    page.click(".vs-fold__summary")
    assert page.is_visible("#vs-f-don-vi")
    wide = browser.new_page(viewport={"width": 1280, "height": 900})
    wide.goto(serve_dir(built_site) + "tim-kiem/")
    results(wide)
    assert wide.is_visible("#vs-f-don-vi") and not wide.is_visible(".vs-fold__summary")


def test_slash_focuses_the_search_box(built_site: Path, browser, serve_dir) -> None:
    for width in (1280, 360):
        page = browser.new_page(viewport={"width": width, "height": 800})
        page.goto(serve_dir(built_site) + "don-vi/")
        page.keyboard.press("/")
        assert page.evaluate("document.activeElement.id") == "vs-box-q", width
        assert page.input_value("#vs-box-q") == ""  # the slash itself is not typed


def test_header_box_live_results_and_keyboard(built_site: Path, browser, serve_dir) -> None:
    base = serve_dir(built_site)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(base + "don-vi/")
    page.fill("#vs-box-q", "nong thon moi")
    page.press("#vs-box-q", "End")
    page.wait_for_selector("form[data-vs-box][data-vs-done]:not([aria-busy]) .vs-result")
    titles = page.locator(".vs-box__results .vs-result__title").all_inner_texts()
    assert HOA_OLD in titles
    marks = page.locator(".vs-box__results mark").all_inner_texts()
    assert {"nông", "thôn", "mới"} <= {m.lower() for m in marks}  # accented words highlighted
    assert page.inner_text(".vs-box__all").startswith("Xem tất cả")
    page.fill("#vs-box-q", "xuan duong")
    page.press("#vs-box-q", "End")
    page.wait_for_selector("form[data-vs-box][data-vs-done]:not([aria-busy]) .vs-result")
    first = page.locator(".vs-box__results .vs-result").first
    assert first.locator(".vs-result__title").inner_text() == NHUNG
    assert first.locator(".vs-result__meta mark").all_inner_texts() == ["Xuân", "Đường"]
    page.press("#vs-box-q", "ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('vs-result__link')")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "vs-box-q"
    page.keyboard.press("ArrowDown")
    href = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(href)
    page.go_back()
    page.fill("#vs-box-q", "Đường")
    page.press("#vs-box-q", "Enter")  # no JS needed: the form opens the search page
    page.wait_for_url("**/tim-kiem/?q=*")
    assert results(page)[0] == DUONG
    page.fill("#vs-box-q", "bưởi")
    page.press("#vs-box-q", "End")
    page.wait_for_selector("form[data-vs-box][data-vs-done]:not([aria-busy]) .vs-result")
    page.press("#vs-box-q", "Escape")  # closes the list, focus stays in the box
    assert page.is_hidden(".vs-box__results")
    assert page.evaluate("document.activeElement.id") == "vs-box-q"


def test_filters_in_url_and_counts_without_reload(built_site: Path, browser, serve_dir) -> None:
    base = serve_dir(built_site)
    page = browser.new_page()
    page.goto(base + "tim-kiem/?q=duong")
    results(page)
    page.evaluate("window.__stay = 1")
    page.select_option("#vs-f-don-vi", "cam-my-2025")
    got = results(page)
    assert DUONG in got and HTX not in got
    assert "don-vi=cam-my-2025" in page.url and "q=duong" in page.url
    assert page.evaluate("window.__stay") == 1  # applied without a reload
    options = page.locator("#vs-f-doi-tuong option").all_inner_texts()
    assert options[0].startswith("Tất cả (")
    assert any(o.startswith("Cá nhân (") for o in options)
    units = page.locator("#vs-f-don-vi option").all_inner_texts()
    assert any(u.startswith("Xã Cẩm Mỹ") and u.endswith(")") for u in units)
    page.click("#vs-clear")
    got = results(page)
    assert HTX in got and "don-vi" not in page.url
    assert page.inner_text("#vs-status").startswith("Tìm thấy ")
    page.fill("#vs-page-q", "xyzabc")
    page.press("#vs-page-q", "End")
    assert results(page) == []
    assert page.inner_text("#vs-status") == ("Không tìm thấy kết quả nào. Hãy thử từ khóa khác "
                                             "hoặc bỏ bớt bộ lọc.")


def test_no_horizontal_scroll_at_360px(built_site: Path, browser, serve_dir) -> None:
    base = serve_dir(built_site)
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(base + "tim-kiem/?q=" + "nông thôn")
    results(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(base)
    page.click(".vs-box__open")
    page.fill("#vs-box-q", "Chi hội Phụ nữ ấp Tân Hạnh thoát nghèo")
    page.press("#vs-box-q", "End")
    page.wait_for_selector("form[data-vs-box][data-vs-done]:not([aria-busy]) .vs-result")
    assert page.is_visible("#vs-box-q")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box = page.locator(".vs-box__results").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360


def test_results_show_the_photo_thumbnail(built_site: Path, browser, serve_dir) -> None:
    base = serve_dir(built_site)
    page = browser.new_page()
    page.goto(base + "tim-kiem/?q=nuoi ong")
    assert results(page)[0] == "Mai Văn Sáng"
    img = page.locator(".vs-result").first.locator("img.vs-thumb")
    assert "assets/anh/" in img.get_attribute("src")
    page.wait_for_function("document.querySelector('img.vs-thumb').complete")
    assert page.evaluate("document.querySelector('img.vs-thumb').naturalWidth") > 0
    # the next result has no photo: a neutral box, not a broken image
    assert page.locator(".vs-result").nth(1).locator(".vs-thumb--none").count() == 1


def test_works_from_a_sub_path(built_site: Path, browser, serve_dir, tmp_path: Path) -> None:
    parent = tmp_path / "pages"
    shutil.copytree(built_site, parent / "dien-hinh-cam-my")
    base = serve_dir(parent) + "dien-hinh-cam-my/"
    page = browser.new_page()
    page.goto(base + "tim-kiem/?q=bưởi")
    assert results(page)[0] == NHUNG
    href = page.locator("#vs-results a").first.get_attribute("href")
    assert href.startswith(base + "dien-hinh/")


def test_js_folds_exactly_like_python(built_site: Path, browser, serve_dir) -> None:
    base = serve_dir(built_site)
    page = browser.new_page()
    page.goto(base)
    page.wait_for_function("window.showcaseSearch")
    js = page.evaluate("""(xs) => xs.map(s => [showcaseSearch.fold(s), showcaseSearch.exactKey(s),
                                             showcaseSearch.pairBucket(showcaseSearch.fold(s), 97),
                                             showcaseSearch.shardFile(showcaseSearch.fold(s).slice(0, 3)),
                                             showcaseSearch.words(s)])""", TRICKY)
    py = [[fold(s), exact_key(s), pair_bucket(fold(s), 97), shard_file(fold(s)[:3]), words(s)]
          for s in TRICKY]
    assert js == py


def test_search_interface_is_vietnamese(built_site: Path) -> None:
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'placeholder="Tìm điển hình, phong trào…"' in html and 'aria-label="Mở ô tìm kiếm"' in html
    for english in ("Search", "Type to start searching", "Clear", "Share"):
        assert f'"{english}' not in html and f">{english}<" not in html
    assert not (built_site / "search" / "search_index.json").exists()  # lunr is off
    meta = json.loads((built_site / "assets" / "search" / "meta.json").read_text(encoding="utf-8"))
    assert [f["title"] for f in meta["facets"].values()][:6] == [
        "Xã, đơn vị", "Đối tượng", "Lĩnh vực", "Loại điển hình", "Phong trào", "Năm"]



def test_axe_on_search_page_and_open_box(built_site: Path, browser, serve_dir) -> None:
    from a11y.axe import describe, run_axe
    base = serve_dir(built_site)
    for width in (1280, 360):
        page = browser.new_page(viewport={"width": width, "height": 800})
        page.goto(base + "tim-kiem/?q=duong&nam=2021")
        results(page)
        if width == 360:
            page.click(".vs-box__open")
        page.fill("#vs-box-q", "nong thon")
        page.press("#vs-box-q", "End")
        page.wait_for_selector("form[data-vs-box][data-vs-done]:not([aria-busy]) .vs-result")
        violations = run_axe(page)
        assert not violations, describe(violations)


def test_material_shortcuts_do_not_break(built_site: Path, browser, serve_dir) -> None:
    """Material binds / and s to its own (disabled) search: they must not throw."""
    base = serve_dir(built_site)
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base + "don-vi/")
    for key in ("/", "s", "f", "Escape"):
        page.keyboard.press(key)
    page.wait_for_timeout(200)
    assert not errors


def test_phone_loads_the_filters_only_when_asked(built_site: Path, browser, serve_dir) -> None:
    """f.json (the facet columns, ~38 KB at 10,000 profiles) waits until 'Lọc' is opened."""
    page = browser.new_page(viewport={"width": 360, "height": 800})
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url.rsplit("/", 1)[-1]))
    page.goto(serve_dir(built_site) + "tim-kiem/?q=nong+thon+moi")
    assert HOA_OLD in results(page)
    assert "f.json" not in fetched
    page.click(".vs-fold__summary")
    page.wait_for_function("document.querySelector('#vs-f-doi-tuong').options.length > 1")
    assert "f.json" in fetched
    assert page.locator("#vs-f-doi-tuong option").first.inner_text().startswith("Tất cả (")
