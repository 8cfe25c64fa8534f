"""`showcase check` finds a content file that takes a generated URL, before any build.

The check asks each stage for the URIs it will write (publish/pipeline.planned_uris), without
rendering; the build keeps checking the files it really made. Both use one function, so the
message is the same, and a test holds the plan equal to what the build writes.
"""
from __future__ import annotations

from collections import Counter

import pytest

from _profiles import profile
from conftest import write_tree
from showcase.cli.main import main
from showcase_dev.synth import generate_tree
from showcase.publish.pipeline import RESERVED, generate, load_catalog, planned_uris

PAGE = "---\ntitle: Trang thử\n---\n\nNội dung.\n"
SYSTEM = "trang/tệp do hệ thống tạo ra (không có tệp nguồn)"


@pytest.fixture
def small_tree(make_tree):
    """One published profile (slug to-hop-tac), no shipped activity posts, then `extra`."""
    base = dict([profile("xuan-duong", "to-hop-tac", "2021-Q1", "Tổ hợp tác bưởi")])
    return lambda extra: write_tree(make_tree(base), extra)


def expected(uri: str, url: str, owner: str) -> str:
    return (f"content/{uri}:1:1: lỗi: Tệp 'content/{uri}' trùng địa chỉ '{url}' với {owner}: trên "
            "trang chỉ một trong hai còn lại, và người đọc sẽ thấy nhầm trang. Hãy đổi tên hoặc "
            "chuyển tệp này sang thư mục khác.")


@pytest.mark.parametrize("uri, url, owner", [
    ("dien-hinh/to-hop-tac.md", "dien-hinh/to-hop-tac/index.html",
     "trang/tệp do hệ thống tạo ra (từ 'exemplars/xuan-duong/to-hop-tac.yaml')"),
    ("don-vi/xuan-duong/a-z.md", "don-vi/xuan-duong/a-z/index.html", SYSTEM),
    ("tim-kiem/index.md", "tim-kiem/index.html", SYSTEM),
    ("linh-vuc/kinh-te.md", "linh-vuc/kinh-te/index.html", SYSTEM),
    ("nam/2021.md", "nam/2021/index.html", SYSTEM),
    ("bao-cao/2021/tong-ket.md", "bao-cao/2021/tong-ket/index.html", SYSTEM),
    ("de-nghi-sua-go.md", "de-nghi-sua-go/index.html", SYSTEM),
    ("quan-tri/index.md", "quan-tri/index.html", SYSTEM),
    # the feed is a file: a page needing 'feed.xml/' as its folder cannot sit beside it
    ("feed.xml.md", "feed.xml/index.html", SYSTEM),
    ("du-lieu/dien-hinh.json/index.md", "du-lieu/dien-hinh.json/index.html", SYSTEM),
])
def test_check_finds_a_page_taking_a_generated_url(small_tree, capsys, uri, url, owner):
    root = small_tree({f"content/{uri}": PAGE})
    assert main(["--root", str(root), "check"]) == 1
    out = capsys.readouterr().out
    assert expected(uri, url, owner) in out.splitlines()
    assert "1 lỗi" in out


def test_check_finds_a_photo_in_a_folder_the_system_names(small_tree, capsys):
    root = small_tree({"content/assets/anh/x.png": _png()})
    assert main(["--root", str(root), "check"]) == 1
    assert expected("assets/anh/x.png", "assets/anh/x.png", "thư mục 'assets/anh/' do hệ thống tạo ra") \
        in capsys.readouterr().out.splitlines()


def test_the_build_gives_the_same_message(small_tree, tmp_path, capsys):
    root = small_tree({"content/feed.xml.md": PAGE})
    assert main(["--root", str(root), "build", "--site-dir", str(tmp_path / "site")]) == 1
    assert expected("feed.xml.md", "feed.xml/index.html", SYSTEM) in capsys.readouterr().out.splitlines()


def test_a_page_needing_the_sitemap_as_folder_is_refused(small_tree, capsys):
    root = small_tree({"content/sitemap.xml/index.md": PAGE})
    assert main(["--root", str(root), "check"]) == 1
    assert expected("sitemap.xml/index.md", "sitemap.xml/index.html", "tệp 'sitemap.xml' do MkDocs tạo ra") \
        in capsys.readouterr().out.splitlines()


def test_pages_made_from_content_and_free_urls_pass(small_tree, capsys):
    root = small_tree({"content/hoat-dong/2021-01-01-hop.md": "---\ntitle: Họp\n---\n\nHọp tổ.\n",
                       "content/dien-hinh/huong-dan.md": PAGE})  # a free name in a generated folder
    assert main(["--root", str(root), "check"]) == 0, capsys.readouterr().out


@pytest.mark.parametrize("tree", ["samples", "synthetic"])
def test_the_plan_is_what_the_build_writes(site_tree, tmp_path, tree):
    """Every stage's planned URIs equal the files generate() makes (outside the folders whose
    names are hashes, and content/'s own photos): a renderer that gains a page without its
    planned_uris fails here. The synthetic tree has lists longer than one page of cards."""
    root = site_tree(samples=True) if tree == "samples" else generate_tree(tmp_path / "synth", 260, seed=3)
    catalog, _ = load_catalog(root)
    if tree == "synthetic":  # a long list: more than one page of 60 cards (render/paging)
        assert max(Counter(e.category for e in catalog.exemplars).values()) > 60
    gen = generate(root)
    made = {(out.uri, out.edit_path) for out in gen.files
            if not out.uri.startswith(tuple(f"{r}/" for r in RESERVED))
            and not (out.edit_path == f"content/{out.uri}" and not out.uri.endswith(".md"))}
    plan = planned_uris(root, catalog)
    assert len(plan) == len(set(plan))
    assert sorted(made - set(plan)) == [], "written but not planned: add it to the stage's planned_uris"
    assert sorted(set(plan) - made) == [], "planned but not written"
    assert len(made) > 100  # profiles, units, movements, reports, bulletins…


def _png() -> bytes:
    import io
    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 120, 0)).save(out, "PNG")
    return out.getvalue()
