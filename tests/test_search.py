"""Search index built from the catalogue: records, folding keys, shards, facets (no browser)."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from showcase.publish.pipeline import load_catalog
from showcase.outputs.search import (SEARCH_DIR, build_search_index, exact_key, make_records,
                             pair_bucket, search_page, shard_terms)
from showcase.core.vi import fold

CONSENT = "consent:\n  by: {by}\n  relation: bản thân\n  date: 02/04/2021\n  scope: [văn bản]\n"


def profile(pid: str, name: str, unit: str, subject: str, category: str, fields: str, quarter: str,
            summary: str, story: str = "", hamlet: str = "", movements: str = "[]",
            status: str = "published") -> str:
    text = (f"id: {pid}\nstatus: {status}\nname: {name}\nsubject: {subject}\ncategory: {category}\n"
            f"unit: {unit}\nfields: {fields}\nmovements: {movements}\nquarter: {quarter}\n"
            f"summary: {summary}\n")
    if hamlet:
        text += f"hamlet: {hamlet}\n"
    if story:
        text += "story: |\n  " + story + "\n"
    if subject != "tập thể":
        text += CONSENT.format(by=name)
    return text


# Twelve profiles chosen to trip folding: Nhung vs những/nhưng, Đường vs Dương, hoà vs hòa,
# thuỷ vs thủy, a file stored in NFD, a draft, units merged in 2025.
PROFILES = {
    "exemplars/xuan-duong/nguyen-thi-hong-nhung.yaml": profile(
        "t-nhung", "Nguyễn Thị Hồng Nhung", "xuan-duong", "cá nhân", "điển hình tiên tiến",
        "[kinh tế]", "2021-Q2", "Chuyển đổi vườn điều sang trồng bưởi hữu cơ, hướng dẫn 12 hộ cùng làm.",
        "Bà mạnh dạn chuyển 2 ha điều sang trồng bưởi.", "ấp Suối Râm", "[nong-thon-moi]"),
    "exemplars/long-giao/tran-van-duong.yaml": profile(
        "t-duong", "Trần Văn Đường", "long-giao", "cá nhân", "người tốt việc tốt", "[xã hội]",
        "2021-Q1", "Hiến đất làm đường giao thông cho bà con trong ấp.",
        "Những năm qua ông luôn đi đầu, nhưng không nhận công.", "ấp 1", "[vi-nguoi-ngheo]")
    + "awards:\n  - name: giay-chung-nhan-nguoi-tot-viec-tot\n    year: 2020\n",
    "exemplars/song-ray/htx-duong-hoa.yaml": profile(
        "t-duonghoa", "Hợp tác xã Dương Hòa", "song-ray", "tập thể", "mô hình mới", "[kinh tế]",
        "2022-Q3", "Liên kết 40 hộ trồng tiêu sạch, bao tiêu sản phẩm.",
        "Nông thôn đổi mới nhờ mô hình hợp tác.", "", "[doanh-nghiep-hoi-nhap]"),
    "exemplars/xuan-que/le-thi-hoa.yaml": profile(
        "t-hoa-cu", "Lê Thị Hoà", "xuan-que", "cá nhân", "nhân tố mới", "[văn hóa]", "2023-Q2",
        "Duy trì câu lạc bộ văn nghệ, góp sức xây dựng nông thôn mới ở ấp.",
        "Bà vận động làm công trình thuỷ lợi nhỏ.", "ấp Hòa Bình", "[doi-song-van-hoa, nong-thon-moi]"),
    "exemplars/xuan-my/pham-van-hoa.yaml": profile(
        "t-hoa-moi", "Phạm Văn Hòa", "xuan-my", "cá nhân", "điển hình tiên tiến", "[an ninh]",
        "2024-Q1", "Tham gia tuần tra giữ gìn an ninh trật tự ban đêm.",
        "Anh phụ trách tổ thủy lợi của ấp."),
    "exemplars/bao-binh/ho-vo-van-thang.yaml": profile(
        "t-thang", "Hộ gia đình ông Võ Văn Thắng", "bao-binh", "hộ gia đình", "điển hình tiên tiến",
        "[kinh tế, môi trường]", "2025-Q2", "Phân loại rác tại nguồn, trồng cây xanh dọc đường liên ấp.",
        "Gia đình giữ danh hiệu Gia đình văn hóa nhiều năm liền.", "", "[nong-thon-moi]"),
    "exemplars/phong-giao-duc/do-thi-thu-trang.yaml": profile(
        "t-trang", "Đỗ Thị Thu Trang", "phong-giao-duc", "cá nhân", "người tốt việc tốt",
        "[giáo dục]", "2022-Q1", "Giáo viên giúp đỡ học sinh có hoàn cảnh khó khăn tiếp tục đến trường.",
        "Cô dạy tại trường tiểu học Xuân Đông, có lớp ngoại khóa Œuvre 中文.", "",
        "[hoc-tap-lam-theo-bac]"),
    "exemplars/xuan-bao/chi-hoi-phu-nu-tan-hanh.yaml": profile(
        "t-chihoi", "Chi hội Phụ nữ ấp Tân Hạnh", "xuan-bao", "tập thể", "mô hình mới", "[xã hội]",
        "2023-Q4", "Tổ tiết kiệm giúp 15 chị em vay vốn thoát nghèo.", "", "", "[vi-nguoi-ngheo]"),
    "exemplars/xuan-tay/bui-van-an.yaml": profile(
        "t-nhap", "Bùi Văn Ẩn", "xuan-tay", "cá nhân", "điển hình tiên tiến", "[kinh tế]", "2024-Q2",
        "Hồ sơ nháp chưa công bố về trang trại gà.", status="draft"),
    "exemplars/thua-duc/huynh-thi-anh.yaml": unicodedata.normalize("NFD", profile(
        "t-anh", "Huỳnh Thị Ánh", "thua-duc", "cá nhân", "gương người tốt việc tốt", "[y tế]",
        "2022-Q2", "Y sĩ trạm y tế tận tụy, khám miễn phí cho người già neo đơn.")),
    # "Buổi" in a title outranks "bưởi" in a summary unless the query's marks count
    "exemplars/xuan-my/clb-buoi-sang-xanh.yaml": profile(
        "t-buoisang", "Câu lạc bộ Buổi sáng xanh", "xuan-my", "tập thể", "mô hình mới", "[môi trường]",
        "2024-Q3", "Mỗi sáng Chủ nhật dọn vệ sinh đường làng.",
        "Câu lạc bộ còn nuôi một đàn ong mật nhỏ sau nhà văn hóa ấp."),
    "exemplars/cam-my-2025/ngo-van-dat.yaml": profile(
        "t-dat", "Ngô Văn Đạt", "cam-my-2025", "cá nhân", "điển hình tiên tiến", "[quốc phòng]",
        "2025-Q4", "Dân quân thường trực gương mẫu, hoàn thành xuất sắc nhiệm vụ huấn luyện."),
}


@pytest.fixture
def search_root(site_tree) -> Path:
    return site_tree(PROFILES)


def test_exact_key_ignores_tone_placement_and_normal_form() -> None:
    assert exact_key("hoà") == exact_key("hòa") == exact_key("HÒA") == "hoa1"
    assert exact_key("thuỷ") == exact_key("thủy") == exact_key(unicodedata.normalize("NFD", "Thủy"))
    assert exact_key("Đường") == "đương1" and exact_key("Dương") == "dương"
    assert exact_key("nhưng") != exact_key("Nhung") == "nhung"
    assert fold("Đường") == fold("Dương") == "duong"


def test_records_come_from_published_catalogue_only(search_root: Path) -> None:
    catalog, _ = load_catalog(search_root)
    records = make_records(catalog)
    titles = [r.title for r in records]
    assert "Bùi Văn Ẩn" not in titles  # a draft never reaches the index
    assert "Huỳnh Thị Ánh" in titles  # stored as NFD, indexed as NFC
    assert "Toàn tỉnh chung sức xây dựng nông thôn mới" in titles
    dat = next(r for r in records if r.title == "Ngô Văn Đạt")
    assert dat.url == "dien-hinh/ngo-van-dat/" and dat.kind == "e"
    duong = next(r for r in records if r.title == "Trần Văn Đường")
    # a profile of Long Giao (2021) is also found under its successors, down to Cẩm Mỹ (2025)
    assert duong.facets["unit"] == ("long-giao", "cam-my-2025")
    text = " ".join(t for _, t in duong.texts)
    assert "Giấy chứng nhận người tốt việc tốt" in text  # the award's label, not its id
    assert "bản thân" not in text and "02/04/2021" not in text  # consent is never indexed


def test_index_files_and_postings(search_root: Path, tmp_path: Path) -> None:
    catalog, _ = load_catalog(search_root)
    site = tmp_path / "site"
    stats = build_search_index(catalog, site)
    out = site / SEARCH_DIR
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["n"] == stats.records
    shard = json.loads((out / "t" / "duo.json").read_text(encoding="utf-8"))
    variants = dict(shard["duong"])
    assert set(variants) >= {"đương1", "dương"}
    first = json.loads((out / "d" / "0.json").read_text(encoding="utf-8"))
    names = [row[1] for row in first]
    # "Đường" the person: record number from the delta-coded postings, mask 1 = title
    doc, seen = 0, []
    for v in variants["đương1"]:
        doc += v >> 3
        seen.append((names[doc] if doc < len(names) else doc, v & 7))
    assert ("Trần Văn Đường", 3) in seen  # in the name (1) and the summary "làm đường" (2)
    # her unit, Xã Xuân Đường (2), and its successor of the same name, as body text (4)
    assert ("Nguyễn Thị Hồng Nhung", 6) in seen
    pairs = json.loads((out / "b" / f"{pair_bucket('nong thon', meta['pairs'])}.json").read_text("utf-8"))
    assert "nong thon" in pairs
    units = [v[0] for v in meta["facets"]["unit"]["values"]]
    assert "cam-my-2025" in units and "long-giao" in units
    assert meta["facets"]["year"]["values"][0] == ["2025", "2025"]  # newest year first


def test_big_shards_split_by_one_more_letter() -> None:
    sizes = {"ngua": 20_000, "ngub": 20_000, "nguc": 100, "ngu": 50, "an": 10}
    shards = shard_terms(sizes)
    assert shards == {"ngua": ["ngua"], "ngub": ["ngub"], "nguc": ["nguc"], "ngu": ["ngu"], "an": ["an"]}
    assert shard_terms({"ngua": 100, "ngu": 50}) == {"ngu": ["ngua", "ngu"]}  # small: one file


def test_search_page_has_every_filter_in_vietnamese() -> None:
    page = search_page()
    assert page.uri == "tim-kiem/index.md"
    text = page.content + page.html  # the form is generated HTML, after the Markdown
    for label in ("Xã, đơn vị", "Đối tượng", "Lĩnh vực", "Loại điển hình", "Phong trào", "Năm",
                  "Lọc kết quả", "Bỏ lọc", "Xem thêm kết quả"):
        assert label in text
    assert "title: Tìm kiếm" in text
