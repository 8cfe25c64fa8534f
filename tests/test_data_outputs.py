"""Feed, open data, radio bulletins and the office's pages, on small trees of our own."""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from _profiles import profile, tombstone, year_2021
from showcase.publish.build import build_site
from showcase.outputs.data import render_data
from showcase.publish.pipeline import load_catalog
from showcase.outputs.spoken import expand_abbreviations, number_words, say_numbers
from showcase.validate.check import check_content

ROOT = Path(__file__).resolve().parent.parent
REPORTING = (ROOT / "exemplars" / "reporting.yaml").read_text(encoding="utf-8")
ATOM = "{http://www.w3.org/2005/Atom}"

PERSON = profile(
    "xuan-duong", "nguyen-van-tam", "2021-Q2", "Nguyễn Văn Tâm", received="12/04/2021",
    summary="Hiến 200 m² đất làm đường, giúp 12 hộ thoát nghèo ngày 15/12/2020.",
    extra=("subject_override: x\n" if False else "") +
    "role: Chủ nhiệm HTX bưởi Suối Râm\nhamlet: ấp Suối Râm\nbirth_year: 1968\n"
    "achievements:\n  - Vận động UBMTTQ xã góp 1.200 cây giống\n"
    "awards:\n  - name: Giấy khen của Chủ tịch UBND huyện\n    year: 2020\n"
    "    decision: 1234/QĐ-UBND\n    date: 15/12/2020\n    issuer: UBND huyện Cẩm Mỹ\n"
    "consent:\n  by: Nguyễn Văn Tâm\n  relation: bản thân\n  date: 02/04/2021\n  scope: [văn bản]\n")


def _person(files: dict[str, str]) -> dict[str, str]:
    path, text = PERSON
    return {**files, path: text.replace("subject: tập thể", "subject: cá nhân")}


@pytest.fixture
def tree(make_tree):
    return make_tree(_person({"exemplars/reporting.yaml": REPORTING, **year_2021()}))


def outputs(root: Path) -> dict[str, str | bytes]:
    """Every data output's text (the open data is a file in the cache, read here as UTF-8;
    XLSX and CSV stay bytes)."""
    catalog, _ = load_catalog(root)
    files = render_data(catalog)
    out = {f.uri: f.content + f.html if f.html else f.content for f in files if f.source is None}
    data = next(f.source for f in files if f.uri == "du-lieu/dien-hinh.json")
    assert data.is_relative_to(root / ".cache")  # linked into the site, like the photos
    return {**out, "du-lieu/dien-hinh.json": data.read_text(encoding="utf-8")}


# ---- spoken Vietnamese --------------------------------------------------------------------

@pytest.mark.parametrize("n, words", [
    (0, "không"), (5, "năm"), (10, "mười"), (15, "mười lăm"), (21, "hai mươi mốt"),
    (24, "hai mươi tư"), (105, "một trăm lẻ năm"), (110, "một trăm mười"),
    (1005, "một ngàn không trăm lẻ năm"), (2021, "hai ngàn không trăm hai mươi mốt"),
    (12345, "mười hai ngàn ba trăm bốn mươi lăm"), (1_000_000, "một triệu")])
def test_number_words(n, words):
    assert number_words(n) == words


def test_numbers_dates_and_units_read_aloud():
    assert say_numbers("Hiến 200 m² đất ngày 15/12/2020, tăng 2,5 ha, 1.200 cây, 35% hộ") == (
        "Hiến hai trăm mét vuông đất ngày mười lăm tháng mười hai năm hai ngàn không trăm hai "
        "mươi, tăng hai phẩy năm héc-ta, một ngàn hai trăm cây, ba mươi lăm phần trăm hộ")
    assert say_numbers("tháng 6/2021") == "tháng sáu năm hai ngàn không trăm hai mươi mốt"


def test_abbreviations_whole_words_but_not_document_numbers():
    table = {"UBND": "Ủy ban nhân dân", "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
             "MTTQ": "Mặt trận Tổ quốc", "QĐ": "quyết định"}
    assert expand_abbreviations("QĐ 12/QĐ-UBND của UBND xã, UBMTTQ, MTTQ, UBNDX", table) == (
        "quyết định 12/QĐ-UBND của Ủy ban nhân dân xã, Ủy ban Mặt trận Tổ quốc, Mặt trận Tổ quốc, UBNDX")


# ---- radio bulletins ----------------------------------------------------------------------

def test_bulletin_per_quarter_and_commune(tree):
    out = outputs(tree)
    names = sorted(u for u in out if u.startswith("truyen-thanh/") and u.endswith(".txt"))
    assert names == ["truyen-thanh/2021/quy-1/xuan-duong.txt", "truyen-thanh/2021/quy-2/long-giao.txt",
                     "truyen-thanh/2021/quy-2/xuan-duong.txt", "truyen-thanh/2021/quy-3/tt-long-giao.txt",
                     "truyen-thanh/2021/quy-4/nhan-nghia.txt"]
    text = out["truyen-thanh/2021/quy-2/xuan-duong.txt"]
    assert text.startswith("\ufeffBẢN TIN TRUYỀN THANH XÃ XUÂN ĐƯỜNG\n"
                           "Giới thiệu gương điển hình tiên tiến quý hai năm hai ngàn không trăm hai mươi mốt\n")
    assert ("Ủy ban nhân dân xã Xuân Đường giới thiệu bốn điển hình tiêu biểu" in text)
    assert ("Thứ tư: Nguyễn Văn Tâm, chủ nhiệm hợp tác xã bưởi Suối Râm, ấp Suối Râm. Hiến hai trăm "
            "mét vuông đất làm đường, giúp mười hai hộ thoát nghèo ngày mười lăm tháng mười hai năm "
            "hai ngàn không trăm hai mươi. Vận động Ủy ban Mặt trận Tổ quốc xã góp một ngàn hai trăm "
            "cây giống. Được tặng Giấy khen của Chủ tịch Ủy ban nhân dân huyện năm hai ngàn không "
            "trăm hai mươi.") in text
    assert not re.search(r"\d", text), "every number is written in words"
    assert "UBND" not in text and "HTX" not in text
    assert "1968" not in text and "1234" not in text  # birth year and decision numbers are not read
    assert text.rstrip().endswith("Xin cảm ơn bà con đã chú ý lắng nghe.")


def test_bulletin_index_links_every_bulletin(tree):
    index = outputs(tree)["truyen-thanh/index.md"]
    assert "- [Xã Xuân Đường (đến 30/06/2025)](2021/quy-2/xuan-duong.txt) (4 điển hình)" in index
    assert index.index("## Quý IV/2021") < index.index("## Quý I/2021")


# ---- feed and open data -------------------------------------------------------------------

def test_atom_feed_lists_newest_first_with_absolute_links(tree):
    feed = ET.fromstring(outputs(tree)["feed.xml"])
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles[:3] == ["Câu lạc bộ dưỡng sinh Nhân Nghĩa", "Khu phố 1 thị trấn Long Giao",
                          "Hợp tác xã rau sạch Long Giao"]
    assert "Nhóm nháp chưa công bố" not in titles and len(titles) == 8
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == \
        "https://example.github.io/dien-hinh-cam-my/dien-hinh/clb-duong-sinh/"
    assert first.findtext(f"{ATOM}id") == "tag:example.github.io,2021:dh-clb-duong-sinh"
    assert first.findtext(f"{ATOM}published") == "2021-11-20T00:00:00+07:00"
    assert feed.findtext(f"{ATOM}updated") == "2021-11-20T00:00:00+07:00"


def test_open_data_holds_only_what_the_profile_page_shows(tree):
    doc = json.loads(outputs(tree)["du-lieu/dien-hinh.json"])
    assert doc["count"] == 8 == len(doc["exemplars"])
    tam = next(r for r in doc["exemplars"] if r["name"] == "Nguyễn Văn Tâm")
    assert set(tam) == {"id", "url", "name", "sample", "subject", "category", "unit", "current_units",
                        "hamlet", "role", "fields", "movements", "quarter", "summary", "story",
                        "achievements", "awards", "sources"}
    assert tam["subject"] == "Cá nhân" and tam["unit"] == {"id": "xuan-duong", "name": "Xã Xuân Đường (đến 30/06/2025)"}
    assert tam["awards"][0]["name"] == "Giấy khen của Chủ tịch UBND huyện"
    assert tam["movements"][0]["id"] == "nong-thon-moi" and tam["quarter"] == "2021-Q2"
    raw = outputs(tree)["du-lieu/dien-hinh.json"]
    assert "1968" not in raw and "consent" not in raw and "02/04/2021" not in raw
    lg = next(r for r in doc["exemplars"] if r["unit"]["id"] == "long-giao")
    assert lg["current_units"] == [{"id": "cam-my-2025", "name": "Xã Cẩm Mỹ"}]


# ---- the office's pages -----------------------------------------------------------------

def test_intake_page_matrix_and_download_links(tree):
    page = outputs(tree)["bao-cao/2021/index.md"]
    assert page.startswith('---\ntitle: "Tình hình giới thiệu điển hình năm 2021"\n')
    assert ("Tải về: [bảng tính Excel (.xlsx)](tinh-hinh-gioi-thieu-dien-hinh-2021.xlsx) · "
            "[CSV](tinh-hinh-gioi-thieu-dien-hinh-2021.csv) · "
            "[danh sách điển hình cả năm (bản in)](tong-ket.md)") in page
    row = re.search(r'<tr><td>13</td><th scope="row"><a href="../../don-vi/xuan-duong/">Xã Xuân Đường \(đến 30/06/2025\)'
                    r"</a></th>(.*?)</tr>", page)
    assert row, "Xuân Đường is the 13th unit of the plan"
    cells = re.findall(r'<td class="sc-st sc-st-([a-z-]+)"><span class="sc-n">(\d+)</span>([^<]+)</td>',
                       row[1])
    assert cells == [("on-target", "1", "Đạt"), ("above", "4", "Vượt"), ("missing", "0", "Chưa giới thiệu"),
                     ("missing", "0", "Chưa giới thiệu")]
    assert row[1].endswith('<td class="sc-total">5</td><td>2/4 (50%)</td>')
    assert '<td class="sc-st sc-st-gone"><span class="sc-n">0</span>Không còn tồn tại</td>' in page
    assert "**Huyện Cẩm Mỹ (đến 30/6/2025)**: gửi về Phòng Nội vụ huyện Cẩm Mỹ; mỗi quý giới thiệu " \
           "từ 1 đến 2 điển hình." in page
    assert outputs(tree)["bao-cao/2021/tinh-hinh-gioi-thieu-dien-hinh-2021.xlsx"][:2] == b"PK"


def test_year_review_groups_by_unit_in_plan_order(tree):
    page = outputs(tree)["bao-cao/2021/tong-ket.md"]
    heads = re.findall(r'<h2 id="[a-z0-9-]+">(.+?)</h2>', page)
    assert heads == ["Xã Long Giao (1)", "Thị trấn Long Giao (1)", "Xã Nhân Nghĩa (1)",
                     "Xã Xuân Đường (đến 30/06/2025) (5)"]
    xd = page[page.index(">Xã Xuân Đường (đến 30/06/2025) (5)</h2>"):]
    names = re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', xd)
    assert names == ["Tổ hợp tác bưởi Suối Râm", "Chi hội phụ nữ ấp Suối Râm", "Nguyễn Văn Tâm",
                     "Tổ an ninh tự quản ấp 1", "Đội tình nguyện ấp 3"]  # by quarter, then given name
    assert "Khen thưởng:</strong> Giấy khen của Chủ tịch UBND huyện (2020)" in xd


def test_missing_reporting_file_fails_the_check(make_tree):
    root = make_tree(dict(year_2021()))
    (root / "exemplars" / "reporting.yaml").unlink()
    _, problems = check_content(root, base=None)
    assert any(p.path == "exemplars/reporting.yaml" and "Thiếu tệp" in p.message for p in problems.errors)


# ---- withdrawal: gone from every output in the next build --------------------------------

def test_withdrawn_profile_disappears_from_feeds_exports_and_reports(tree, make_tree):
    before = outputs(tree)
    path, _ = PERSON
    make_tree({path: tombstone("xuan-duong", "nguyen-van-tam", "2021-Q2")[1]})
    after = outputs(tree)
    for uri in ("feed.xml", "du-lieu/dien-hinh.json", "truyen-thanh/2021/quy-2/xuan-duong.txt",
                "bao-cao/2021/tong-ket.md"):
        assert "Nguyễn Văn Tâm" in before[uri] and "Nguyễn Văn Tâm" not in after[uri], uri
    assert "Nguyen Van Tam" not in after["feed.xml"] and "nguyen-van-tam" not in after["du-lieu/dien-hinh.json"]
    rows = list(csv.reader(io.StringIO(after["bao-cao/2021/tinh-hinh-gioi-thieu-dien-hinh-2021.csv"]
                                       .decode("utf-8-sig"))))
    assert next(r for r in rows if r[1] == "Xã Xuân Đường (đến 30/06/2025)")[5] == "3"  # was 4 in quarter II
    assert "bốn điển hình" in before["truyen-thanh/2021/quy-2/xuan-duong.txt"]
    assert "ba điển hình" in after["truyen-thanh/2021/quy-2/xuan-duong.txt"]


# ---- the real site: MkDocs build, then Chromium -----------------------------------------

@pytest.fixture
def built(tree) -> Path:
    return build_site(tree, strict=True, quiet=True)


def test_year_review_lists_its_units_in_the_table_of_contents(built):
    """The review page is generated HTML (no Markdown, so no headings the engine sees): its
    OutFile names its sections and the theme's "Mục lục" lists them."""
    html = (built / "bao-cao/2021/tong-ket/index.html").read_text(encoding="utf-8")
    heads = re.findall(r'<h2 id="([a-z0-9-]+)">(.+?)</h2>', html)
    toc = html[html.index('md-nav--secondary'):html.index('<div class="md-content"')]
    assert heads and [(a, t) for a, t in heads if f'href="#{a}"' in toc and t in toc] == heads


def test_strict_build_publishes_reports_feed_and_bulletins(built):
    for rel in ("bao-cao/index.html", "bao-cao/2021/index.html", "bao-cao/2021/tong-ket/index.html",
                "bao-cao/2021/tinh-hinh-gioi-thieu-dien-hinh-2021.xlsx",
                "bao-cao/2021/tinh-hinh-gioi-thieu-dien-hinh-2021.csv", "feed.xml",
                "du-lieu/dien-hinh.json", "truyen-thanh/index.html",
                "truyen-thanh/2021/quy-2/xuan-duong.txt"):
        assert (built / rel).is_file(), rel
    html = (built / "bao-cao/2021/index.html").read_text(encoding="utf-8")
    assert 'href="tinh-hinh-gioi-thieu-dien-hinh-2021.xlsx"' in html and 'href="tong-ket/"' in html


@pytest.mark.browser
def test_year_review_prints_on_a4(built, browser, serve_dir):
    base = serve_dir(built)
    page = browser.new_page()
    page.goto(base + "bao-cao/2021/tong-ket/")
    page.emulate_media(media="print")
    assert page.locator(".md-sidebar--primary").is_hidden() and page.locator(".md-header").is_hidden()
    names = page.locator(".sc-review-item h3").all_inner_texts()
    assert len(names) == 8 and "Nguyễn Văn Tâm" in names
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert boxes and all(abs(float(w) - 595.9) < 1 and abs(float(h) - 842.9) < 1 for w, h in boxes)
    assert 1 <= len(boxes) <= 4
    page.close()


@pytest.mark.browser
def test_intake_page_statuses_read_without_colour(built, browser, serve_dir):
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(serve_dir(built) + "bao-cao/2021/")
    row = page.locator("tr", has=page.locator("th", has_text="Xã Xuân Đường (đến 30/06/2025)"))
    assert row.locator("td.sc-st").all_inner_texts() == ["1\nĐạt", "4\nVượt", "0\nChưa giới thiệu",
                                                         "0\nChưa giới thiệu"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # table scrolls, not the page
    page.close()


def _photo() -> bytes:
    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", (900, 600), (40, 120, 60)).save(buf, "JPEG")
    return buf.getvalue()


def test_withdrawn_profile_leaves_no_trace_in_the_built_site(tree, make_tree):
    """End to end: pages, search index, feed, open data, bulletins, reports and images."""
    path, text = PERSON
    folder = path.rsplit("/", 1)[0]
    with_photo = text.replace("subject: tập thể", "subject: cá nhân") + (
        "photos:\n  - file: vuon-buoi.jpg\n    alt: Vườn bưởi của tổ hợp tác\n    person: false\n")
    make_tree({path: with_photo, f"{folder}/vuon-buoi.jpg": _photo()})
    site = build_site(tree, strict=True, quiet=True)
    marks = ["Nguyễn Văn Tâm".encode(), json.dumps("Nguyễn Văn Tâm").strip('"').encode(),
             "góp 1.200 cây giống".encode()]

    def files_with_marks() -> set[str]:
        return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()
                and any(m in p.read_bytes() for m in marks)}

    before = files_with_marks()
    assert {"feed.xml", "du-lieu/dien-hinh.json", "dien-hinh/nguyen-van-tam/index.html",
            "bao-cao/2021/tong-ket/index.html"} <= before
    assert any(u.startswith("assets/search/") for u in before)
    def photos() -> set[str]:  # raster images only: the others get SVG initials placeholders
        return {p.relative_to(site).as_posix() for p in site.rglob("*")
                if p.suffix in (".jpg", ".jpeg", ".webp", ".png") and "/anh/" in p.as_posix()}

    assert photos(), "the profile's photo was published"
    named = lambda: [p for p in site.rglob("*nguyen-van-tam*") if p.is_file()]  # noqa: E731
    assert named(), "its social card was drawn"

    (tree / folder / "vuon-buoi.jpg").unlink()  # the guide: delete the photos, keep a tombstone
    make_tree({path: tombstone("xuan-duong", "nguyen-van-tam", "2021-Q2")[1]})
    site = build_site(tree, strict=True, quiet=True)
    assert files_with_marks() == set()
    assert photos() == set()
    assert named() == [] and not list(site.rglob("dh-nguyen-van-tam*"))  # card, placeholder
    gone = (site / "dien-hinh/nguyen-van-tam/index.html").read_text(encoding="utf-8")
    assert "Hồ sơ đã được gỡ" in gone
