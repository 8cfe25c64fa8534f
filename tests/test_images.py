"""The photo stage on real images: orientation, no metadata left, variants, cache, pool, HTML."""
from __future__ import annotations

import io
import logging
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from showcase.render import images
from showcase.render.images import ImageSet, Variant, picture_html, process_photo, render_images
from showcase.publish.pipeline import load_catalog
from showcase.core.problems import ContentError
from showcase.render.pages import render_pages
from showcase.render.placeholders import PALETTE, colour_for, initials

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = (ROOT / "exemplars" / "xuan-duong" / "nguyen-thi-hong-nhung.yaml").read_text(encoding="utf-8")
SAMPLE = re.sub(r"(?m)^photos:\n(?:[ -].*\n)*", "", SAMPLE)  # the tests attach their own photos
RED, BLUE = (220, 30, 30), (30, 30, 220)
# Byte patterns of every metadata container Pillow (or a camera) could write.
METADATA_MARKERS = (b"Exif\x00", b"ICC_PROFILE", b"ICCP", b"http://ns.adobe.com/xap", b"XMP ",
                    b"<x:xmpmeta", b"GPS", b"Canon", b"Cam My Phone")
HARMLESS_INFO = {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi", "progressive",
                 "progression", "adobe", "adobe_transform", "loop", "background", "duration",
                 "timestamp"}


def camera_jpeg(size: tuple[int, int] = (1600, 1200), orientation: int = 6) -> bytes:
    """A phone photo: red top half, EXIF orientation, GPS position, XMP and an ICC profile."""
    im = Image.new("RGB", size, BLUE)
    im.paste(RED, (0, 0, size[0], size[1] // 2))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Canon"
    exif[0x0110] = "Cam My Phone"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (10.0, 45.0, 30.0), "E", (107.0, 15.0, 0.0)
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/'
           b'02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" '
           b'dc:creator="Nguyen Van A"/></rdf:RDF></x:xmpmeta>')
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=90, exif=exif, xmp=xmp, icc_profile=icc)
    data = buf.getvalue()
    with Image.open(io.BytesIO(data)) as check:  # the input really carries what we strip
        assert check.getexif().get_ifd(0x8825)[1] == "N"
        assert "icc_profile" in check.info and "xmp" in check.info
    return data


def assert_no_metadata(path: Path) -> None:
    data = path.read_bytes()
    for marker in METADATA_MARKERS:
        assert marker not in data, f"{path.name} still contains {marker!r}"
    with Image.open(path) as im:
        assert set(im.info) <= HARMLESS_INFO, f"{path.name}: {sorted(im.info)}"
        assert len(im.getexif()) == 0
        assert "xmp" not in im.info and "XML:com.adobe.xmp" not in im.info
        assert im.mode == "RGB"


def profile_tree(site_tree, photos: dict[str, bytes]) -> Path:
    """The shipped sample profile with the given photos attached (consent covers photos)."""
    yaml = re.sub(r"scope: \[.*\]", "scope: [văn bản, ảnh]", SAMPLE)
    if photos:
        yaml += "photos:\n" + "".join(f"  - file: {name}\n    alt: Ảnh {i} của bà Nhung\n"
                                      f"    credit: Hội Nông dân xã\n" for i, name in enumerate(photos, 1))
    files: dict[str, str | bytes] = {"exemplars/xuan-duong/nguyen-thi-hong-nhung.yaml": yaml}
    files.update({f"exemplars/xuan-duong/{n}": data for n, data in photos.items()})
    root = site_tree(files)
    shutil.rmtree(root / "content" / "hoat-dong", ignore_errors=True)  # posts cite the other samples
    return root


def build(root: Path):
    catalog, problems = load_catalog(root)
    assert not problems.items, problems.render("text")
    return render_images(catalog, root / ".cache" / "images")


# ---- one photo --------------------------------------------------------------------------------

def test_orientation_applied_and_all_metadata_stripped(tmp_path: Path) -> None:
    src = tmp_path / "phone.jpg"
    src.write_bytes(camera_jpeg())
    m = process_photo(str(src), str(tmp_path), "k")
    assert (m["width"], m["height"]) == (1200, 1600)  # turned upright: portrait
    assert [v[1:3] for v in m["variants"]] == [[160, 213], [360, 480], [720, 960], [1080, 1440]]
    assert m["fallback"] == ["k-720.jpg", 720, 960, "image/jpeg"]
    for name in [v[0] for v in m["variants"]] + [m["fallback"][0]]:
        assert_no_metadata(tmp_path / name)
        with Image.open(tmp_path / name) as im:
            w, h = im.size
            right, left = im.getpixel((w * 3 // 4, h // 2)), im.getpixel((w // 4, h // 2))
        # Orientation 6 = rotate 90° clockwise: the red top half ends up on the right.
        assert right[0] > 180 and right[2] < 80, right
        assert left[2] > 180 and left[0] < 80, left


def test_small_photo_is_never_upscaled(tmp_path: Path) -> None:
    src = tmp_path / "small.jpg"
    src.write_bytes(camera_jpeg((500, 300), orientation=1))
    m = process_photo(str(src), str(tmp_path), "s")
    assert [v[1:3] for v in m["variants"]] == [[160, 96], [360, 216], [500, 300]]
    assert m["fallback"][1:3] == [500, 300]
    for name in ("s-160.webp", "s-360.webp", "s-500.webp", "s-500.jpg"):
        assert_no_metadata(tmp_path / name)


def test_png_with_alpha_and_text_chunks_becomes_clean_rgb(tmp_path: Path) -> None:
    from PIL.PngImagePlugin import PngInfo
    meta = PngInfo()
    meta.add_text("Author", "Cam My Phone")
    meta.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>GPS</x:xmpmeta>")
    im = Image.new("RGBA", (800, 400), (0, 0, 0, 0))
    im.paste((0, 128, 0, 255), (0, 0, 400, 400))
    im.save(tmp_path / "logo.png", pnginfo=meta)
    m = process_photo(str(tmp_path / "logo.png"), str(tmp_path), "p")
    for name in [v[0] for v in m["variants"]] + [m["fallback"][0]]:
        assert_no_metadata(tmp_path / name)
    with Image.open(tmp_path / "p-720.jpg") as out:
        assert out.getpixel((700, 200))[0] > 245  # transparency flattened on white, not black


def test_cmyk_and_broken_icc_still_give_clean_srgb(tmp_path: Path) -> None:
    Image.new("CMYK", (800, 600), (0, 255, 255, 0)).save(tmp_path / "cmyk.jpg", "JPEG",
                                                         icc_profile=b"not a real profile" * 20)
    m = process_photo(str(tmp_path / "cmyk.jpg"), str(tmp_path), "c")
    for name in [v[0] for v in m["variants"]] + [m["fallback"][0]]:
        assert_no_metadata(tmp_path / name)
    with Image.open(tmp_path / "c-720.jpg") as out:
        r, g, b = out.getpixel((400, 300))
        assert r > 200 and g < 60 and b < 60  # CMYK (0, 100%, 100%, 0) is red


# ---- the stage --------------------------------------------------------------------------------

def test_second_build_processes_nothing_and_says_so(site_tree, caplog) -> None:
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.showcase.render.images")
    root = profile_tree(site_tree, {"a.jpg": camera_jpeg(), "b.jpg": camera_jpeg((900, 600), 1),
                                    "c.jpg": camera_jpeg((700, 700), 3)})
    first = build(root)  # three photos: goes through the process pool
    assert (first.processed, first.cached) == (3, 0)
    sets = first.photos["dh-2021-xd-01"]
    assert [s.alt for s in sets] == ["Ảnh 1 của bà Nhung", "Ảnh 2 của bà Nhung", "Ảnh 3 của bà Nhung"]
    assert (sets[0].width, sets[0].height) == (1200, 1600)
    assert (sets[1].width, sets[1].height) == (900, 600)
    caplog.clear()
    second = build(root)
    assert (second.processed, second.cached) == (0, 3)
    assert second.summary == "Ảnh: 0 ảnh cần xử lý, 3 ảnh lấy từ bộ nhớ đệm"
    assert "Ảnh: 0 ảnh cần xử lý, 3 ảnh lấy từ bộ nhớ đệm" in caplog.messages
    assert second.photos == first.photos and second.cards == first.cards
    assert second.cards_drawn == 0
    # Every output file exists and nothing else of the cache leaks into the site.
    uris = [f.uri for f in second.files]
    assert len(uris) == len(set(uris))
    assert all(f.source.is_file() for f in second.files if f.source)
    assert not any(u.endswith((".json", ".tmp")) for u in uris)


def test_changed_photo_is_processed_again(site_tree) -> None:
    root = profile_tree(site_tree, {"a.jpg": camera_jpeg()})
    first = build(root)
    photo = root / "exemplars" / "xuan-duong" / "a.jpg"
    photo.write_bytes(camera_jpeg((1000, 800), 1))
    os.utime(photo, ns=(1, 1))  # even a different mtime must not be trusted alone
    second = build(root)
    assert (second.processed, second.cached) == (1, 0)
    assert second.photos != first.photos
    assert (second.photos["dh-2021-xd-01"][0].width, second.photos["dh-2021-xd-01"][0].height) == (1000, 800)


def test_photo_that_cannot_be_decoded_fails_the_build_in_vietnamese(site_tree) -> None:
    data = camera_jpeg((900, 600), 1)
    root = profile_tree(site_tree, {"a.jpg": data, "b.jpg": data})
    catalog, problems = load_catalog(root)  # the check decodes photos too (test_check_photos)
    (root / "exemplars/xuan-duong/a.jpg").write_bytes(data[: len(data) // 2])  # cut after the check
    with pytest.raises(ContentError) as caught:
        render_images(catalog, root / ".cache" / "images")
    assert caught.value.problems.render() == (
        "exemplars/xuan-duong/a.jpg:1:1: lỗi: photos.file: ảnh 'a.jpg' không giải mã được (tệp bị cắt "
        "cụt, có lẽ tải lên chưa xong). Hãy mở ảnh trên máy, xuất lại dạng JPEG rồi thay tệp này.")


def test_processing_version_is_part_of_the_key(site_tree, monkeypatch) -> None:
    root = profile_tree(site_tree, {"a.jpg": camera_jpeg()})
    build(root)
    monkeypatch.setattr(images, "PROCESS_VERSION", images.PROCESS_VERSION + 1)
    assert build(root).processed == 1


def test_profile_without_photo_shows_initials_on_its_colour(site_tree) -> None:
    """No placeholder file and no broken image: the page draws the initials inline."""
    root = profile_tree(site_tree, {})
    catalog, _ = load_catalog(root)
    result = render_images(catalog, root / ".cache" / "images")
    assert result.photos["dh-2021-xd-01"] == () and "exemplar:dh-2021-xd-01" in result.cards
    page = next(f for f in render_pages(catalog, result) if f.uri == "dien-hinh/nguyen-thi-hong-nhung.md")
    # The theme draws the badge beside the name (partials/content.html; tests/test_reader_layout.py):
    # a class per palette colour, not an inline style, and no photo block at all.
    found = re.search(r'badge: \{"initials": "HN", "colour": "sc-c-(\d)"\}', page.content)
    assert PALETTE[int(found.group(1))] == colour_for("dh-2021-xd-01")
    assert "sc-profile-photo" not in page.html and "<img" not in page.html.split("sc-summary")[0]


def contrast_with_white(colour: str) -> float:
    def channel(c: int) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(colour[i:i + 2], 16)) for i in (1, 3, 5))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def test_white_initials_are_readable_on_every_placeholder_colour() -> None:
    assert min(contrast_with_white(c) for c in PALETTE) >= 4.5  # WCAG AA for normal text


@pytest.mark.parametrize(("name", "subject", "expected"), [
    ("Nguyễn Thị Hồng Nhung", "ca-nhan", "HN"),
    ("Đặng Văn Đức", "ca-nhan", "VĐ"),
    ("Ông Ánh", "ca-nhan", "ÔÁ"),
    ("Hội Phụ nữ xã Xuân Đường", "tap-the", "HP"),
    ("Hộ ông Lê Văn Ẩn", "ho-gia-dinh", "HÔ"),
    ("Út", "ca-nhan", "Ú"),
])
def test_initials(name: str, subject: str, expected: str) -> None:
    assert initials(name, subject) == expected


def test_placeholder_colour_is_stable_across_processes() -> None:
    code = "from showcase.render.placeholders import colour_for; print(colour_for('dh-2021-xd-01'))"
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout.strip() for seed in "12"}
    assert outs == {colour_for("dh-2021-xd-01")}
    assert colour_for("dh-2021-xd-01") in PALETTE


# ---- HTML -------------------------------------------------------------------------------------

class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))


def parse(html: str) -> list[tuple[str, dict]]:
    p = _Tags()
    p.feed(html)
    return p.tags


SET = ImageSet('Bà "Nhung" <vườn>', "Hội Nông dân", 1200, 1600,
               (Variant("assets/anh/k-360.webp", 360, 480, "image/webp"),
                Variant("assets/anh/k-720.webp", 720, 960, "image/webp"),
                Variant("assets/anh/k-1080.webp", 1080, 1440, "image/webp")),
               Variant("assets/anh/k-720.jpg", 720, 960, "image/jpeg"))


def test_picture_html_lazy_below_the_fold() -> None:
    tags = parse(picture_html(SET, "../../", "(min-width: 60em) 18rem, 100vw", lazy=True))
    assert [t for t, _ in tags] == ["picture", "source", "img"]
    source, img = tags[1][1], tags[2][1]
    assert source["type"] == "image/webp"
    assert source["srcset"] == ("../../assets/anh/k-360.webp 360w, ../../assets/anh/k-720.webp 720w, "
                                "../../assets/anh/k-1080.webp 1080w")
    assert source["sizes"] == "(min-width: 60em) 18rem, 100vw"
    assert img["src"] == "../../assets/anh/k-720.jpg"
    assert (img["width"], img["height"]) == ("720", "960")
    assert img["alt"] == 'Bà "Nhung" <vườn>'  # escaped in the HTML, intact once parsed
    assert img["loading"] == "lazy" and "fetchpriority" not in img


def test_picture_html_above_the_fold_with_zoom() -> None:
    html = picture_html(SET, "../", lazy=False, zoom=True, css_class="profile-photo")
    tags = parse(html)
    link, img = tags[0][1], tags[3][1]
    assert tags[0][0] == "a" and "data-sc-lightbox" in link
    assert link["href"] == "../assets/anh/k-1080.webp"
    assert link["data-caption"] == 'Bà "Nhung" <vườn> (Ảnh: Hội Nông dân)'
    assert "loading" not in img and img["fetchpriority"] == "high"
    assert tags[1][1]["class"] == "sc-photo profile-photo"
    assert "(bấm để phóng to)" in html


# ---- the lightbox in a real browser -------------------------------------------------------

@pytest.mark.browser
def test_lightbox_opens_closes_with_escape_and_returns_focus(tmp_path: Path, browser, serve_dir) -> None:
    site = tmp_path / "site"
    (site / "assets" / "anh").mkdir(parents=True)
    src = tmp_path / "p.jpg"
    src.write_bytes(camera_jpeg())
    process_photo(str(src), str(site / "assets" / "anh"), "k")
    theme = ROOT / "theme_overrides" / "assets"
    page = (f'<!doctype html><html lang="vi"><head><meta charset="utf-8">'
            f'<style>{(theme / "stylesheets" / "lightbox.css").read_text(encoding="utf-8")}</style></head>'
            f'<body><h1>Hồ sơ</h1>{picture_html(SET, "", "300px", lazy=False, zoom=True)}'
            f'<script>{(theme / "javascripts" / "lightbox.js").read_text(encoding="utf-8")}</script></body></html>')
    (site / "index.html").write_text(page, encoding="utf-8")
    tab = browser.new_page(viewport={"width": 360, "height": 740})
    try:
        tab.goto(serve_dir(site) + "index.html")
        tab.focus("a[data-sc-lightbox]")
        tab.keyboard.press("Enter")
        dialog = tab.locator("dialog.sc-lightbox")
        dialog.wait_for(state="visible")
        assert dialog.evaluate("d => d.open")
        assert tab.locator("dialog.sc-lightbox img").get_attribute("src") == "assets/anh/k-1080.webp"
        tab.wait_for_function("document.querySelector('dialog img').naturalWidth === 1080")
        assert tab.locator("dialog figcaption").inner_text() == 'Bà "Nhung" <vườn> (Ảnh: Hội Nông dân)'
        assert tab.evaluate("document.activeElement.getAttribute('aria-label')") == "Đóng ảnh phóng to"
        tab.keyboard.press("Escape")
        dialog.wait_for(state="hidden")
        assert tab.evaluate("document.activeElement.matches('a[data-sc-lightbox]')")
        tab.click("a[data-sc-lightbox]")  # the mouse too, and the close button
        dialog.wait_for(state="visible")
        tab.get_by_role("button", name="Đóng ảnh phóng to").click()
        dialog.wait_for(state="hidden")
        assert tab.evaluate("document.activeElement.matches('a[data-sc-lightbox]')")
    finally:
        tab.close()


def test_bench_runs_and_reports_in_vietnamese() -> None:
    """`showcase bench` calls this; figures are measured there, not asserted here."""
    from showcase_dev.bench_images import bench_images, format_result
    r = bench_images(2)
    assert r["photos"] == 2 and r["cold_s_per_photo"] > 0 and r["bytes_per_photo_set"] > 1000
    assert format_result(r).startswith("Ảnh 4000×3000 (2 ảnh, 2 tiến trình): lần đầu ")


# ---- the warm stage's memos (issue 14: 10,000 exemplars' image sets and card files a save) ---

def photo_map_snapshot(result: images.PhotoMap) -> tuple:
    return (sorted((f.uri, str(f.source)) for f in result.files), result.photos, result.cards)


def test_a_warm_image_stage_after_photo_edits_equals_a_cold_one(tmp_path: Path) -> None:
    """Image sets are remembered by exemplar and the photos' keys, photo and card files by
    name: after each edit, the warm stage gives what a run with every memo forgotten gives."""
    from showcase.render import memo
    from showcase_dev.synth import generate_tree
    root = generate_tree(tmp_path / "site", 40, photos=3, seed=5)
    cache = root / ".cache" / "images"
    yamls = sorted(p for p in (root / "exemplars").rglob("*.yaml") if "alt:" in p.read_text(encoding="utf-8"))
    jpegs = sorted((root / "exemplars").rglob("*.jpg"))

    def warm_then_cold(what: str) -> images.PhotoMap:
        catalog, _ = load_catalog(root)
        warm = photo_map_snapshot(render_images(catalog, cache))
        memo.clear_all()
        cold = render_images(catalog, cache)
        assert warm == photo_map_snapshot(cold), what
        return cold

    first = warm_then_cold("first run")
    text = yamls[0].read_text(encoding="utf-8")
    yamls[0].write_text(re.sub(r"alt: .*", "alt: Ảnh mới đổi chú thích", text, count=1), encoding="utf-8")
    edited = warm_then_cold("alt text edited")
    assert any(s.alt == "Ảnh mới đổi chú thích" for sets in edited.photos.values() for s in sets)
    shutil.copyfile(jpegs[1], jpegs[0])  # a photo's bytes replaced under the same name
    replaced = warm_then_cold("photo replaced")
    photo_uris = lambda r: {f.uri for f in r.files if f.uri.startswith(images.PHOTO_DIR)}  # noqa: E731
    assert replaced.processed == 0 and photo_uris(replaced) < photo_uris(first)  # two photos left
    assert replaced.cards != first.cards  # the cards showing it are others
    shutil.copyfile(jpegs[2], jpegs[0])
    again = warm_then_cold("photo replaced again")
    assert again.photos != replaced.photos
