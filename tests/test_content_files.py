"""content/ publishes Markdown and re-encoded photos only, and never takes another file's URL."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from properdocs.structure.files import File  # the engine the build runs
from PIL import Image

from _profiles import profile
from conftest import write_tree
from showcase.cli.main import main
from showcase.core.problems import ContentError
from showcase.publish.build import build_site
from showcase.validate.check import check_content
from showcase.validate.content_files import site_path

REFUSED = ("lỗi: Tệp '{name}' không được phép trong content/: chỉ trang Markdown (.md) và ảnh JPEG, "
           "PNG, WebP được đăng; MkDocs sẽ đăng nguyên văn mọi loại tệp khác (trang HTML, SVG, "
           "JavaScript, CSS... có thể chạy mã trên máy người đọc) mà không qua kiểm tra. {hint}")
OTHER = "Hãy xóa tệp này, hoặc đưa nội dung vào một trang .md."
PAGE = "---\ntitle: Trang thử\n---\n\nNội dung.\n"


def jpeg(gps: bool = False, size=(64, 48)) -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    if gps:
        exif[0x8825] = {2: (10.0, 45.0, 0.0), 4: (107.0, 15.0, 0.0)}  # GPSInfo: a house's position
        exif[0x010F] = "CameraMaker"
    Image.new("RGB", size, (200, 30, 30)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def content_problems(root: Path) -> list[str]:
    _, problems = check_content(root, base=None)
    return [p.text() for p in sorted(problems.items) if p.path.startswith("content/")]


@pytest.mark.parametrize("name, hint", [
    ("trang.html", OTHER), ("bao-cao.htm", OTHER), ("logo.svg", "Hãy xuất ảnh dạng PNG."),
    ("x.js", OTHER), ("assets/stylesheets/them.css", OTHER), ("cu.markdown", "Hãy đổi đuôi thành .md."),
    ("HOA.MD", "Hãy đổi đuôi thành .md (chữ thường)."), ("ghi-chu.txt", OTHER), ("du-lieu.json", OTHER),
    ("tin.xml", OTHER), ("anh.gif", "Hãy xuất ảnh dạng PNG hoặc JPEG."), ("khong-duoi", OTHER),
    (".htaccess", OTHER)])
def test_a_file_type_mkdocs_would_publish_blindly_is_refused(site_tree, name, hint):
    root = site_tree({f"content/{name}": "<script>alert(1)</script>\n"})
    short = name.rsplit("/", 1)[-1]
    assert content_problems(root) == [f"content/{name}:1:1: " + REFUSED.format(name=short, hint=hint)]


def test_pages_and_good_photos_pass(site_tree):
    root = site_tree({"content/gioi-thieu/anh-hoi-nghi.jpg": jpeg(),
                      "content/gioi-thieu/so-do.PNG": _png()})
    assert content_problems(root) == []


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 255, 128)).save(out, "PNG")
    return out.getvalue()


def test_a_photo_that_is_not_an_image_gets_the_photo_checks_message(site_tree):
    root = site_tree({"content/hoat-dong/anh.jpg": b"<svg onload=alert(1)>"})
    assert content_problems(root) == [
        "content/hoat-dong/anh.jpg:1:1: lỗi: ảnh 'anh.jpg' không phải tệp ảnh hợp lệ (hỏng hoặc sai "
        "đuôi). Hãy xuất lại ảnh dạng JPEG."]


def test_a_file_may_not_shadow_a_theme_asset(site_tree):
    root = site_tree({"content/assets/images/favicon.png": _png(),
                      "content/assets/fonts/OFL.txt.png": _png()})
    assert content_problems(root) == [
        "content/assets/images/favicon.png:1:1: lỗi: Tệp 'content/assets/images/favicon.png' trùng địa "
        "chỉ 'assets/images/favicon.png' với giao diện Material: 'assets/images/favicon.png': trên trang "
        "chỉ một trong hai còn lại, và người đọc sẽ thấy nhầm trang. Hãy đổi tên hoặc chuyển tệp này "
        "sang thư mục khác."]


def test_two_pages_with_one_url_name_both(site_tree):
    root = site_tree({"content/gioi-thieu/index.md": PAGE})
    assert content_problems(root) == [
        "content/gioi-thieu/index.md:1:1: lỗi: Tệp 'content/gioi-thieu/index.md' trùng địa chỉ "
        "'gioi-thieu/index.html' với content/gioi-thieu.md: trên trang chỉ một trong hai còn lại, và "
        "người đọc sẽ thấy nhầm trang. Hãy đổi tên hoặc chuyển tệp này sang thư mục khác."]


@pytest.mark.parametrize("uri", ["a.md", "a/b.md", "a/index.md", "a/README.md", "index.md",
                                 "404.md", "a/b.jpg", "x.PNG"])
def test_site_path_is_the_engines_own_rule(uri):
    assert site_path(uri) == File(uri, "/d", "/s", use_directory_urls=True).dest_uri


# ---- the build knows the generated URLs -------------------------------------------------

@pytest.fixture
def small_tree(make_tree):
    """One profile, no shipped activity posts (they cite samples), then `extra` on top."""
    base = dict([profile("xuan-duong", "to-hop-tac", "2021-Q1", "Tổ hợp tác bưởi")])
    return lambda extra: write_tree(make_tree(base), extra)


@pytest.mark.parametrize("uri, url, owner", [
    ("dien-hinh/to-hop-tac.md", "dien-hinh/to-hop-tac/index.html",
     "trang/tệp do hệ thống tạo ra (từ 'exemplars/xuan-duong/to-hop-tac.yaml')"),
    ("don-vi/xuan-duong.md", "don-vi/xuan-duong/index.html",
     "trang/tệp do hệ thống tạo ra (không có tệp nguồn)"),
    ("tim-kiem/index.md", "tim-kiem/index.html", "trang/tệp do hệ thống tạo ra (không có tệp nguồn)"),
    ("hoat-dong/index.md", "hoat-dong/index.html", "trang/tệp do hệ thống tạo ra (không có tệp nguồn)"),
    ("assets/search/gia.png", "assets/search/gia.png", "thư mục 'assets/search/' do hệ thống tạo ra"),
])
def test_a_page_may_not_take_a_generated_url(small_tree, tmp_path, capsys, uri, url, owner):
    data = _png() if uri.endswith(".png") else PAGE
    root = small_tree({f"content/{uri}": data})
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "cu.html").write_text("trang cũ", encoding="utf-8")
    assert main(["--root", str(root), "build", "--site-dir", str(tmp_path / "site")]) == 1
    out = capsys.readouterr().out
    assert (f"content/{uri}:1:1: lỗi: Tệp 'content/{uri}' trùng địa chỉ '{url}' với {owner}: trên "
            "trang chỉ một trong hai còn lại") in out
    assert (tmp_path / "site" / "cu.html").read_text(encoding="utf-8") == "trang cũ"  # untouched


def test_pages_the_build_makes_from_content_are_not_collisions(small_tree, tmp_path):
    root = small_tree({"content/hoat-dong/2021-01-01-hop.md": "---\ntitle: Họp\n---\n\nHọp tổ.\n"})
    site = build_site(root, site_dir=tmp_path / "site", quiet=True)
    assert (site / "hoat-dong" / "2021-01-01-hop" / "index.html").exists()
    assert (site / "phong-trao" / "nong-thon-moi" / "index.html").exists()


def test_content_photos_are_re_encoded_without_metadata(small_tree, tmp_path):
    original = jpeg(gps=True, size=(2400, 1200))
    root = small_tree({"content/gioi-thieu/hoi-nghi.jpg": original})
    site = build_site(root, site_dir=tmp_path / "site", quiet=True)
    published = (site / "gioi-thieu" / "hoi-nghi.jpg").read_bytes()
    assert published != original and b"CameraMaker" in original and b"CameraMaker" not in published
    with Image.open(io.BytesIO(published)) as im:
        assert im.format == "JPEG" and im.size == (1600, 800)
        assert not im.getexif() and "exif" not in im.info


def test_a_truncated_content_photo_stops_the_build(small_tree, tmp_path):
    noisy = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(noisy, "JPEG")
    cut = noisy.getvalue()[:len(noisy.getvalue()) // 2]  # headers intact: verify() passes, decoding fails
    root = small_tree({"content/gioi-thieu/hong.jpg": cut})
    with pytest.raises(ContentError) as err:
        build_site(root, site_dir=tmp_path / "site", quiet=True)
    assert err.value.problems.render().startswith(
        "content/gioi-thieu/hong.jpg:1:1: lỗi: ảnh 'hong.jpg' bị cắt cụt (")  # found by the check
