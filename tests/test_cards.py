"""Social cards and link previews: real Pillow drawing, real font files, a real MkDocs build."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops, ImageDraw, ImageOps

from showcase.render import cards, images
from showcase.render.cards import CardSpec, draw_card, write_card
from showcase.render.images import render_images
from showcase.publish.pipeline import load_catalog
from showcase.core.vi import nfc

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "cards" / "exemplar.png"
# Every letter of Vietnamese, both cases, plus what the cards write around names.
VIETNAMESE = nfc("aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụ"
                 "ưừửữứựvxyỳỷỹýỵ")
VIETNAMESE += VIETNAMESE.upper() + "0123456789 .,:;·…–-()/&'\"%"


def cmap(path: Path) -> set[int]:
    with TTFont(path) as font:
        return set(font.getBestCmap())


def test_shipped_fonts_cover_every_vietnamese_letter() -> None:
    for path in (cards.REGULAR, cards.BOLD):
        missing = sorted({ch for ch in VIETNAMESE if ord(ch) not in cmap(path)})
        assert missing == [], f"{path.name} lacks {missing}"
    assert (cards.FONT_DIR / "OFL.txt").read_text(encoding="utf-8").count("SIL OPEN FONT LICENSE") == 1
    # The web fonts are the same subset: the site and the cards write the same letters.
    web = ROOT / "theme_overrides" / "assets" / "fonts"
    for name in ("be-vietnam-pro-400.woff2", "be-vietnam-pro-700.woff2", "be-vietnam-pro-400-italic.woff2"):
        assert {ord(ch) for ch in VIETNAMESE} <= cmap(web / name), name
        assert (web / name).stat().st_size < 20_000  # small enough for a phone on 3G


def site_catalog(site_tree):
    root = site_tree(samples=True)
    catalog, problems = load_catalog(root)
    assert not problems.failed(False), problems.render("text")
    return root, catalog


def test_every_character_on_every_card_is_in_the_font(site_tree) -> None:
    root, catalog = site_catalog(site_tree)
    result = render_images(catalog, root / ".cache" / "images")
    specs = [cards.exemplar_card(catalog, e, None) for e in catalog.exemplars]
    specs += [cards.movement_card(catalog, m) for m in catalog.movements.values()]
    specs.append(cards.site_card(catalog))
    assert len(specs) >= 3 and {s.key for s in specs} == set(result.cards)
    regular, bold = cmap(cards.REGULAR), cmap(cards.BOLD)
    for spec in specs:
        for text in spec.texts():
            # The kicker is drawn in capitals: check what is really drawn.
            for ch in set(text + text.upper()) - {" "}:
                assert ord(ch) in regular and ord(ch) in bold, f"{spec.key}: {ch!r} in {text!r}"


def test_cards_for_profiles_movements_and_site(site_tree) -> None:
    root, catalog = site_catalog(site_tree)
    result = render_images(catalog, root / ".cache" / "images")
    e = catalog.exemplars[0]
    assert set(result.cards) == ({f"exemplar:{x.id}" for x in catalog.exemplars}
                                 | {f"movement:{m}" for m in catalog.movements} | {"site"})
    assert re.fullmatch(rf"assets/the/{e.slug}-[0-9a-f]{{10}}\.jpg", result.cards[f"exemplar:{e.id}"])
    assert result.cards["site"] == "assets/the/site.jpg"
    files = {f.uri: f.source for f in result.files}
    for url in result.cards.values():
        with Image.open(files[url]) as im:
            assert im.size == (1200, 630) and im.format == "JPEG"
            assert set(im.info) <= {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi",
                                    "progressive", "progression"}
        assert files[url].stat().st_size < 150_000  # Zalo and Facebook fetch it on every share


def _failing_card(spec: CardSpec, out: str) -> str:
    if spec.key.startswith("movement:"):
        raise OSError("đĩa đầy")
    return write_card(spec, out)


def test_cards_drawn_in_the_background_fail_the_build_when_one_fails(site_tree, monkeypatch) -> None:
    """The pipeline goes on while a pool draws the cards (render_images(background=True));
    waiting for them raises a drawing's error, every time it is asked, and a card that failed
    is not remembered as drawn."""
    monkeypatch.setenv("SHOWCASE_WORKERS", "2")  # a pool even on a one-core machine
    monkeypatch.setattr(images, "CARDS_POOL_FROM", 2)  # and for the sample site's few cards
    root, catalog = site_catalog(site_tree)
    monkeypatch.setattr(cards, "write_card", _failing_card)  # the forked workers inherit it
    result = render_images(catalog, root / ".cache" / "images", background=True)
    assert result.cards_drawn == len(result.cards) > 2
    for _ in range(2):
        with pytest.raises(OSError, match="đĩa đầy"):
            result.ready()
    monkeypatch.setattr(cards, "write_card", write_card)
    again = render_images(catalog, root / ".cache" / "images", background=True)
    again.ready()
    files = {f.uri: f.source for f in again.files}
    assert again.cards_drawn >= len(catalog.movements) and all(files[u].is_file() for u in again.cards.values())


def test_star_cards_never_copy_the_national_flag(site_tree) -> None:
    _, catalog = site_catalog(site_tree)
    star_cards = [cards.movement_card(catalog, m) for m in catalog.movements.values()]
    star_cards.append(cards.site_card(catalog))
    assert all(s.colour != "#b71c1c" and not s.initials for s in star_cards)


def test_long_movement_title_gets_a_third_line() -> None:
    spec = CardSpec("exemplar:x", "x", "Điển hình tiên tiến", "Đặng Quốc Hưng",
                    ("Công an huyện", "Phong trào: Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"),
                    "Điển hình tiên tiến Cẩm Mỹ", "QH", "#0d47a1")
    lines = cards.wrap(spec.lines[1], cards.font(False, 30), 1200 - cards.PANEL - 56 - 48, 3)
    assert lines[-1].endswith("Minh") and len(lines) == 3
    third_line = draw_card(spec).crop((cards.PANEL + 56, 472, 1150, 500)).convert("L")
    assert third_line.getextrema()[0] < 140  # text is drawn there, above the footer


def test_cards_are_cached_by_content(site_tree) -> None:
    root, catalog = site_catalog(site_tree)
    first = render_images(catalog, root / ".cache" / "images")
    assert first.cards_drawn == len(first.cards)
    again = render_images(catalog, root / ".cache" / "images")
    assert again.cards_drawn == 0 and again.cards == first.cards
    spec = cards.site_card(catalog)
    changed = CardSpec(**{**spec.__dict__, "title": spec.title + " mới"})
    assert changed.filename() != spec.filename()


def test_long_names_wrap_and_shorten_with_an_ellipsis() -> None:
    face = cards.font(True, 48)
    lines = cards.wrap("Hội Liên hiệp Phụ nữ " * 12, face, 560, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(face.getlength(line) <= 560 for line in lines)
    assert cards.wrap("Nguyễn Văn A", face, 560, 3) == ["Nguyễn Văn A"]


def golden_spec(tmp_path: Path) -> CardSpec:
    """A card with a photo (a drawn, lossless picture, the same on every machine)."""
    photo = Image.new("RGB", (720, 960), (46, 125, 50))
    draw = ImageDraw.Draw(photo)
    draw.ellipse((210, 150, 510, 450), fill=(255, 224, 178))
    draw.rectangle((160, 500, 560, 960), fill=(21, 101, 192))
    photo.save(tmp_path / "photo.png")
    return CardSpec("exemplar:mau", "mau", "Điển hình tiên tiến", "Nguyễn Thị Hồng Nhung",
                    ("Xã Xuân Đường", "Phong trào: Toàn tỉnh chung sức xây dựng nông thôn mới"),
                    "Điển hình tiên tiến Cẩm Mỹ · example.github.io", "HN", "#1b5e20",
                    str(tmp_path / "photo.png"))


def test_card_matches_the_golden_image(tmp_path: Path, request) -> None:
    """Regenerate on purpose after a layout change (and bump cards.CARD_VERSION):
    .venv/bin/python -m pytest tests/test_cards.py -k golden --regen-golden"""
    card = draw_card(golden_spec(tmp_path))
    if request.config.getoption("--regen-golden"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        card.save(GOLDEN, optimize=True)
    with Image.open(GOLDEN) as golden:
        diff = ImageChops.difference(card, golden.convert("RGB")).convert("L")
    # FreeType versions antialias edges a little differently: tolerate faint edge pixels only.
    hist = diff.histogram()
    strong = sum(hist[48:])
    assert strong <= 0.002 * 1200 * 630, f"{strong} pixels differ from {GOLDEN.name}"
    assert sum(i * n for i, n in enumerate(hist)) / (1200 * 630) < 1.0


def test_golden_check_would_catch_a_changed_name(tmp_path: Path) -> None:
    spec = golden_spec(tmp_path)
    other = draw_card(CardSpec(**{**spec.__dict__, "title": "Nguyễn Thị Hồng Nhưng"}))
    with Image.open(GOLDEN) as golden:
        diff = ImageChops.difference(other, golden.convert("RGB")).convert("L")
    assert sum(diff.histogram()[48:]) > 0.0002 * 1200 * 630  # one changed mark is seen


def test_write_card_is_atomic_and_clean(tmp_path: Path) -> None:
    out = tmp_path / "card.jpg"
    write_card(golden_spec(tmp_path), str(out))  # its time is measured by `showcase bench`
    assert not list(tmp_path.glob("*.tmp"))
    with Image.open(out) as im:
        assert im.size == (1200, 630) and len(im.getexif()) == 0 and "icc_profile" not in im.info


# ---- link previews: the partial in a real MkDocs build --------------------------------------

class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta.setdefault(a.get("property") or a["name"], []).append(a.get("content", ""))


def meta_of(path: Path) -> dict[str, list[str]]:
    p = _Meta()
    p.feed(path.read_text(encoding="utf-8"))
    return p.meta


def mkdocs_site(tmp_path: Path, site_url: str) -> Path:
    project = tmp_path / "p"
    theme = project / "theme"
    (theme / "partials").mkdir(parents=True)
    shutil.copy(ROOT / "theme_overrides" / "main.html", theme / "main.html")
    shutil.copy(ROOT / "theme_overrides" / "partials" / "social_meta.html", theme / "partials")
    docs = project / "docs"
    (docs / "dien-hinh").mkdir(parents=True)
    (docs / "index.md").write_text("# Trang chủ\n", encoding="utf-8")
    (docs / "dien-hinh" / "nguyen-thi-hong-nhung.md").write_text(
        '---\ndescription: \'Bà Nhung "đi đầu" chuyển đổi vườn điều <sang> bưởi & hướng dẫn 12 hộ.\'\n'
        "image: assets/the/nguyen-thi-hong-nhung-0123456789.jpg\nog_type: profile\n---\n"
        "# Nguyễn Thị Hồng Nhung\n\nNội dung.\n", encoding="utf-8")
    (docs / "gioi-thieu.md").write_text("# Giới thiệu\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: Điển hình tiên tiến Cẩm Mỹ\n"
        "site_description: Gương người tốt việc tốt của huyện Cẩm Mỹ.\n"
        + (f"site_url: {site_url}\n" if site_url else "")
        + "theme:\n  name: material\n  custom_dir: theme\n  language: vi\n  font: false\n"
        "plugins: []\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml")],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return project / "site"


def test_pages_carry_open_graph_and_twitter_tags(tmp_path: Path) -> None:
    site = mkdocs_site(tmp_path, "https://example.github.io/dien-hinh-cam-my")
    m = meta_of(site / "dien-hinh" / "nguyen-thi-hong-nhung" / "index.html")
    card = "https://example.github.io/dien-hinh-cam-my/assets/the/nguyen-thi-hong-nhung-0123456789.jpg"
    description = 'Bà Nhung "đi đầu" chuyển đổi vườn điều <sang> bưởi & hướng dẫn 12 hộ.'
    assert m["og:title"] == ["Nguyễn Thị Hồng Nhung"]
    assert m["og:description"] == [description] and m["twitter:description"] == [description]
    # Material's own <meta name="description"> is not repeated by the partial. It does not
    # escape: pages.py must pass descriptions through cards.share_description (no '"').
    assert len(m["description"]) == 1
    assert m["og:image"] == [card] and m["twitter:image"] == [card]
    assert m["og:url"] == ["https://example.github.io/dien-hinh-cam-my/dien-hinh/nguyen-thi-hong-nhung/"]
    assert m["og:type"] == ["profile"]
    assert m["twitter:card"] == ["summary_large_image"]
    assert (m["og:image:width"], m["og:image:height"]) == (["1200"], ["630"])
    assert m["og:locale"] == ["vi_VN"] and m["og:site_name"] == ["Điển hình tiên tiến Cẩm Mỹ"]

    home = meta_of(site / "index.html")
    assert home["og:type"] == ["website"] and home["og:title"] == ["Điển hình tiên tiến Cẩm Mỹ"]
    assert home["og:image"] == ["https://example.github.io/dien-hinh-cam-my/assets/the/site.jpg"]
    about = meta_of(site / "gioi-thieu" / "index.html")
    assert about["og:title"] == ["Giới thiệu"] and about["og:type"] == ["article"]
    assert about["og:description"] == ["Gương người tốt việc tốt của huyện Cẩm Mỹ."]


def test_without_site_url_no_relative_og_image_is_written(tmp_path: Path) -> None:
    m = meta_of(mkdocs_site(tmp_path, "") / "dien-hinh" / "nguyen-thi-hong-nhung" / "index.html")
    assert "og:image" not in m and "og:url" not in m and "twitter:image" not in m
    assert m["og:title"] == ["Nguyễn Thị Hồng Nhung"] and m["twitter:card"] == ["summary_large_image"]


def test_share_description_is_safe_for_material_and_short() -> None:
    text = 'Bà Nhung  "đi đầu"\nchuyển đổi <vườn> điều ' + "sang trồng bưởi " * 30
    out = cards.share_description(text)
    assert out.startswith("Bà Nhung “đi đầu” chuyển đổi vườn điều sang trồng bưởi")
    assert '"' not in out and "<" not in out and "\n" not in out
    assert len(out) <= 200 and out.endswith("…") and not out.endswith(" …")
    assert cards.share_description("Ngắn gọn.") == "Ngắn gọn."


@pytest.mark.parametrize("text", ["Nguyễn Thị Hồng Nhung", "Ỷ Lan Ứng Đường"])
def test_drawn_text_uses_the_shipped_glyphs_not_boxes(text: str) -> None:
    """A missing glyph draws as .notdef: two different missing letters would look the same."""
    face = cards.font(True, 60)
    for ch in set(text) - {" "}:
        assert face.getmask(ch).getbbox() is not None, ch
    # The hook above is drawn: Ử reaches higher than Ư (a .notdef box would not).
    assert face.getbbox("Ử")[1] < face.getbbox("Ư")[1] - 5


def test_card_names_depend_on_pixels_not_on_host_or_path(site_tree, tmp_path: Path, monkeypatch) -> None:
    """`showcase serve` changes site_url and a second checkout changes every path: neither may
    redraw a card (issue 14: 10,000 cards were redrawn at every `showcase serve` start)."""
    from dataclasses import replace

    from showcase.publish.pipeline import load_catalog
    root = site_tree(samples=True)
    names = []
    for where, url in ((root, "https://example.github.io/x/"), (root, "http://127.0.0.1:8000/"),
                       (tmp_path / "elsewhere", "http://127.0.0.1:8000/")):
        if not where.exists():
            shutil.copytree(root, where)
        monkeypatch.setenv("SHOWCASE_SITE_URL", url)
        catalog, _ = load_catalog(where)
        names.append(sorted(cards.exemplar_card(catalog, e, None).filename() for e in catalog.exemplars))
    assert names[0] and names[0] == names[1] == names[2]
    catalog, _ = load_catalog(root)
    e = catalog.exemplars[0]
    renamed = cards.exemplar_card(catalog, e, None)
    assert replace(renamed, title=renamed.title + " ").filename() != renamed.filename()  # text counts


# ---- the fast drawing paths draw what plain Pillow calls draw (issue 14: cold builds) --------

def plain_card(spec: CardSpec) -> Image.Image:
    """The card as first written: every text through draw.text, widths from getlength, panel
    and bar drawn per card. draw_card must give the same pixels, byte for byte."""
    def fit_line(text: str, sizes: tuple[int, ...]):
        for size in sizes:
            if cards.font(True, size).getlength(text) <= width:
                return cards.font(True, size), text
        face = cards.font(True, sizes[-1])
        while text and face.getlength(text + "…") > width:
            text = text[:-1]
        return face, text.rstrip() + "…"

    def plain_wrap(text: str, face, max_lines: int) -> list[str]:
        lines: list[str] = []
        for word in text.split():
            if lines and face.getlength(f"{lines[-1]} {word}") <= width:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        if len(lines) > max_lines:
            lines = lines[:max_lines]
            while lines[-1] and face.getlength(lines[-1] + "…") > width:
                lines[-1] = lines[-1][:-1]
            lines[-1] = lines[-1].rstrip() + "…"
        return lines

    left, width = cards.PANEL + 56, 1200 - cards.PANEL - 56 - 48
    card = Image.new("RGB", (1200, 630), cards.PAPER)
    if spec.photo:
        with Image.open(spec.photo) as im:
            panel = ImageOps.fit(im.convert("RGB"), (cards.PANEL, 630), Image.Resampling.LANCZOS,
                                 centering=(0.5, 0.3))
    else:
        panel = Image.new("RGB", (cards.PANEL, 630), cards.hex_to_rgb(spec.colour))
        if spec.initials:
            ImageDraw.Draw(panel).text((cards.PANEL // 2, 315), spec.initials, font=cards.font(True, 190),
                                       fill="white", anchor="mm")
        else:
            cards._star(ImageDraw.Draw(panel), (cards.PANEL // 2, 315), 150)
    card.paste(panel, (0, 0))
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 620, 1200, 630), fill=cards.RED)
    face, kicker = fit_line(spec.kicker.upper(), (26, 22))
    draw.text((left, 64), kicker, font=face, fill=cards.RED)
    y = 120
    for size in (68, 60, 54, 48):
        face = cards.font(True, size)
        title = plain_wrap(spec.title, face, 3)
        if not title[-1].endswith("…"):
            break
    for line in title:
        draw.text((left, y), line, font=face, fill=cards.INK)
        y += int(face.size * 1.22)
    y += 18
    draw.rectangle((left, y, left + 72, y + 6), fill=cards.GOLD)
    y += 30
    for text in spec.lines:
        room = (550 - y) // 42
        if room < 1:
            break
        for line in plain_wrap(text, cards.font(False, 30), min(3, room)):
            draw.text((left, y), line, font=cards.font(False, 30), fill=cards.MUTED)
            y += 42
        y += 8
    face, footer = fit_line(spec.footer, (26, 22, 20))
    draw.text((left, 568), footer, font=face, fill=cards.INK)
    return card


def fast_path_specs(tmp_path: Path) -> list[CardSpec]:
    photo = golden_spec(tmp_path)
    return [photo, CardSpec(**{**photo.__dict__, "key": "exemplar:same-photo", "title": "Trần Văn Bình"}),
            CardSpec("exemplar:a", "a", "Gương người tốt việc tốt", "Ỷ Lan Ứng Đường Nguyễn Thị Hồng Nhung",
                     ("Xã Xuân Đường",), "Điển hình tiên tiến Cẩm Mỹ", "NĐ", "#4a148c"),
            CardSpec("movement:m", "m", "Phong trào thi đua", "Hội Liên hiệp Phụ nữ " * 12,
                     ("Phong trào: " + "Học tập và làm theo tư tưởng " * 8, "Ủy ban nhân dân " * 7, "Thêm"),
                     "Điển hình tiên tiến " * 9, "", "#0d47a1"),
            CardSpec("exemplar:b", "b", "Mô hình mới, nhân tố mới rất dài " * 3, "Lê Văn Tám",
                     (), "Cẩm Mỹ", "VT", "#1b5e20")]


def test_cards_drawn_with_cached_masks_and_widths_equal_plain_pillow(tmp_path: Path) -> None:
    for spec in fast_path_specs(tmp_path):
        assert draw_card(spec).tobytes() == plain_card(spec).tobytes(), spec.key
        assert draw_card(spec).tobytes() == plain_card(spec).tobytes(), spec.key  # caches warm


def test_glyph_widths_add_up_to_freetypes_length() -> None:
    """text_width sums cached glyph advances: exact only while the fonts carry no `kern` table
    (BASIC layout applies only that one). A font update with one must fail here."""
    for path in (cards.REGULAR, cards.BOLD):
        with TTFont(path) as f:
            assert "kern" not in f, path.name
    texts = [VIETNAMESE, *VIETNAMESE.split(), "Nguyễn Thị Hồng Nhung", "AV To Ty Wa “ƯỚC” ỷ…", "Phong trào: Ấp Ông Quế"]
    for bold, size in ((True, 68), (True, 54), (True, 22), (False, 30), (True, 190)):
        face = cards.font(bold, size)
        assert [cards.text_width(face, t) for t in texts] == [face.getlength(t) for t in texts]


def test_card_bytes_do_not_depend_on_what_the_process_drew_before(tmp_path: Path) -> None:
    """Workers draw cards in any order with warm caches: a card's file is the same as one drawn
    first thing in a fresh process."""
    specs = fast_path_specs(tmp_path)
    for i, spec in enumerate(specs):
        write_card(spec, str(tmp_path / f"warm{i}.jpg"))
    code = ("import sys; from pathlib import Path; from showcase.render.cards import CardSpec, write_card; "
            f"spec = eval(sys.argv[1]); write_card(spec, sys.argv[2])")
    for i in (0, 2):
        subprocess.run([sys.executable, "-c", code, repr(specs[i]), str(tmp_path / f"cold{i}.jpg")],
                       check=True, env={"PYTHONPATH": str(ROOT / "scripts")})
        assert (tmp_path / f"cold{i}.jpg").read_bytes() == (tmp_path / f"warm{i}.jpg").read_bytes()


def test_cards_are_the_same_bytes_drawn_in_one_process_or_a_pool(site_tree, monkeypatch) -> None:
    """SHOWCASE_WORKERS=1 draws every card in the build's process, 2 in a pool of workers."""
    root, catalog = site_catalog(site_tree)
    files = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("SHOWCASE_WORKERS", workers)
        cache = root / ".cache" / f"images-{workers}"
        result = render_images(catalog, cache)
        assert result.cards_drawn == len(result.cards) >= 3
        files[workers] = {p.name: p.read_bytes() for p in (cache / "the").iterdir()}
    assert files["1"] == files["2"]
