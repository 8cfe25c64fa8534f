"""Social cards (1200×630 JPEG) for Zalo/Facebook previews, drawn with the shipped font.

A card is described by a CardSpec (plain data, picklable, hashed for the cache) and drawn
by `write_card` in a worker process. Text goes through Pillow's BASIC layout: Vietnamese
in NFC uses precomposed glyphs, and BASIC gives the same pixels with or without libraqm.
"""
from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

from showcase.catalog import Catalog
from showcase.core.model import Exemplar, Movement
from showcase.render.placeholders import PALETTE, colour_for, hex_to_rgb, initials
from showcase.core.vi import nfc

CARD_DIR = "assets/the"
SITE_CARD = f"{CARD_DIR}/site.jpg"  # fixed URL: the partial falls back to it
CARD_VERSION = 4  # bump when the layout or encoding changes: every card is redrawn
SIZE = (1200, 630)
PANEL = 540  # width of the photo panel on the left
FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = FONT_DIR / "BeVietnamPro-Regular.ttf"
BOLD = FONT_DIR / "BeVietnamPro-Bold.ttf"
INK, MUTED, PAPER = (33, 33, 33), (84, 84, 84), (250, 248, 243)
RED, GOLD = (183, 28, 28), (255, 202, 40)
# A gold star on red would copy the national flag: star panels use the other colours.
STAR_PALETTE = tuple(c for c in PALETTE if c != "#b71c1c")


@dataclass(frozen=True)
class CardSpec:
    key: str  # "exemplar:<id>" or "movement:<id>"
    slug: str  # readable part of the file name
    kicker: str  # small line above the title (category or "Phong trào thi đua")
    title: str  # the person's or movement's name
    lines: tuple[str, ...]  # unit, movement, ...
    footer: str  # site name
    initials: str
    colour: str  # "#rrggbb" of the placeholder panel
    photo: str | None = None  # a processed, metadata-free sRGB JPEG

    def texts(self) -> tuple[str, ...]:
        """Every string drawn on the card (the font test checks each character)."""
        return (self.kicker, self.title, *self.lines, self.footer, self.initials)

    def digest(self) -> str:
        # The photo counts by its bytes, not its path: the cache's absolute path differs
        # between checkouts, and the card's URL must not.
        spec = replace(self, photo=None)
        h = hashlib.sha256(f"{CARD_VERSION}|{spec!r}|{_font_digest()}".encode("utf-8"))
        if self.photo:
            h.update(Path(self.photo).read_bytes())
        return h.hexdigest()[:16]

    def filename(self) -> str:
        return f"{self.slug}-{self.digest()[:10]}.jpg"


@lru_cache(maxsize=1)
def _font_digest() -> str:
    return hashlib.sha256(REGULAR.read_bytes() + BOLD.read_bytes()).hexdigest()[:12]


def share_description(text: str, limit: int = 200) -> str:
    """Preview text for page.meta.description: one line, at most `limit` characters, cut at a
    word. Material writes <meta name="description"> without escaping, so straight double
    quotes become typographic ones and angle brackets go."""
    text = " ".join(nfc(text).replace("<", "").replace(">", "").split())
    text = re.sub(r'"([^"]*)"', "“\\1”", text).replace('"', "”")
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-–") + "…"


def _footer(catalog: Catalog) -> str:
    """The site's name. Not its host: `showcase serve` points site_url at the local address,
    and a card whose pixels held the host was redrawn for every preview (10,000 cards, about
    two minutes); Zalo and Facebook print the link's domain under the preview anyway."""
    return catalog.settings.site_name


def exemplar_card(catalog: Catalog, e: Exemplar, photo: str | None) -> CardSpec:
    unit = catalog.units.get(e.unit)
    movement = next((catalog.movements[m] for m in e.movements if m in catalog.movements), None)
    lines = tuple(x for x in (unit.name if unit else "",
                              f"Phong trào: {movement.title}" if movement else "") if x)
    return CardSpec(f"exemplar:{e.id}", e.slug, catalog.label("categories", e.category), nfc(e.name),
                    lines, _footer(catalog), initials(e.name, e.subject), colour_for(e.id), photo)


def movement_card(catalog: Catalog, m: Movement, count: int | None = None) -> CardSpec:
    """`count`: the movement's exemplars, when the caller counted all movements in one pass."""
    count = len(catalog.by_movement(m.id)) if count is None else count
    lines = tuple(x for x in (m.launched_by, f"{count} điển hình tiêu biểu" if count else "") if x)
    return CardSpec(f"movement:{m.id}", m.id, "Phong trào thi đua", nfc(m.title), lines,
                    _footer(catalog), "", colour_for(m.id, STAR_PALETTE), None)


def site_card(catalog: Catalog) -> CardSpec:
    """The card of every page that has none of its own (home, lists, about)."""
    return CardSpec("site", "site", "Trang thông tin", catalog.settings.site_name,
                    ("Điển hình tiên tiến, gương người tốt việc tốt, mô hình mới, nhân tố mới",),
                    _footer(catalog), "", colour_for("site", STAR_PALETTE), None)


@lru_cache(maxsize=16)
def font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(BOLD if bold else REGULAR), size, layout_engine=ImageFont.Layout.BASIC)


# ---- text layout: widths by glyph ------------------------------------------------------------
# The shipped fonts have no `kern` table (their kerning is in GPOS, which BASIC layout does not
# apply), so a string's advance is exactly the sum of its characters' advances (multiples of
# 1/64 px, exact in a float): wrap and fit add up cached widths instead of asking FreeType for
# every candidate line (11 getlength calls a card, a sixth of its drawing time).
# tests/test_cards.py checks both facts.
_ADVANCES: dict[ImageFont.FreeTypeFont, dict[str, float]] = {}


def text_width(face: ImageFont.FreeTypeFont, text: str) -> float:
    """face.getlength(text), from each character's advance, learnt once per face."""
    advances = _ADVANCES.setdefault(face, {})
    total = 0.0
    for ch in text:
        width = advances.get(ch)
        if width is None:
            width = advances[ch] = face.getlength(ch)
        total += width
    return total


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """Greedy word wrap; the last line ends in '…' when the text does not fit."""
    lines: list[str] = []
    used = 0.0  # width of lines[-1]
    space = text_width(face, " ")
    for word in text.split():
        w = text_width(face, word)
        if lines and used + space + w <= width:
            lines[-1] = f"{lines[-1]} {word}"
            used += space + w
        else:
            lines.append(word)
            used = w
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        while lines[-1] and text_width(face, lines[-1] + "…") > width:
            lines[-1] = lines[-1][:-1]
        lines[-1] = lines[-1].rstrip() + "…"
    return lines


def _fit_title(text: str, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the title fits in three lines."""
    for size in (68, 60, 54, 48):
        face = font(True, size)
        lines = wrap(text, face, width, 3)
        if not lines[-1].endswith("…"):
            return face, lines
    return face, lines


def _fit_line(text: str, width: int, sizes: tuple[int, ...]) -> tuple[ImageFont.FreeTypeFont, str]:
    """One bold line: the largest size that fits, else the smallest, shortened with '…'."""
    for size in sizes:
        if text_width(font(True, size), text) <= width:
            return font(True, size), text
    face = font(True, sizes[-1])
    while text and text_width(face, text + "…") > width:
        text = text[:-1]
    return face, text.rstrip() + "…"


# ---- drawing: text masks and the shared background, each made once per process -------------

@lru_cache(maxsize=1024)
def _mask(bold: bool, size: int, text: str, anchor: str) -> tuple[object, tuple[int, int]]:
    """The glyph coverage of one line, as ImageDraw.text renders it at a whole-pixel origin
    (the mask does not depend on where it lands). Kickers, unit and movement lines, initials
    and the footer repeat across thousands of cards: each is rasterised once."""
    return font(bold, size).getmask2(text, "L", None, None, None, 0, anchor, 0, (0.0, 0.0),
                                     stroke_filled=True)


def _text(draw: ImageDraw.ImageDraw, xy: tuple[int, int], text: str, face: ImageFont.FreeTypeFont,
          fill: tuple[int, int, int] | str, anchor: str = "la") -> None:
    """draw.text(xy, text, font=face, fill=fill, anchor=anchor) with the mask cached: the same
    two calls ImageDraw.text makes (getmask2, then draw_bitmap), so the same pixels
    (tests/test_cards.py compares them with draw.text)."""
    mask, (dx, dy) = _mask(face.path == str(BOLD), face.size, text, anchor)
    draw.draw.draw_bitmap((xy[0] + dx, xy[1] + dy), mask, draw._getink(fill)[0])


LEFT, WIDTH = PANEL + 56, SIZE[0] - PANEL - 56 - 48  # the text column
BAR_TOP = SIZE[1] - 10  # the red bar along the bottom, across the panel too


@lru_cache(maxsize=16)
def _background(kicker: str, footer: str) -> Image.Image:
    """Paper, red bar, kicker and footer: the same for every card of a category. Their pixels
    touch nothing else drawn on a card, so drawing them first changes no pixel."""
    card = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, BAR_TOP, SIZE[0], SIZE[1]), fill=RED)
    face, text = _fit_line(kicker.upper(), WIDTH, (26, 22))
    _text(draw, (LEFT, 64), text, face, RED)
    face, text = _fit_line(footer, WIDTH, (26, 22, 20))
    _text(draw, (LEFT, SIZE[1] - 62), text, face, INK)
    return card


@lru_cache(maxsize=4)
def _photo_panel(photo: str) -> Image.Image:
    """The photo cut to the panel: its decode and Lanczos resize are two thirds of a photo
    card's time. A unit's profiles often share a photo and the build hands a worker the cards
    sorted by photo, so a few are kept; a processed photo's file is named by its content and
    never rewritten, so its path stands for its pixels. Callers must not draw on it."""
    with Image.open(photo) as im:  # the cache's photos are RGB already: no converted copy
        return ImageOps.fit(im if im.mode == "RGB" else im.convert("RGB"), (PANEL, SIZE[1]),
                            Image.Resampling.LANCZOS, centering=(0.5, 0.3))  # faces sit in the upper third


def _panel(spec: CardSpec) -> Image.Image:
    if spec.photo:
        return _photo_panel(spec.photo)
    panel = Image.new("RGB", (PANEL, SIZE[1]), hex_to_rgb(spec.colour))
    draw = ImageDraw.Draw(panel)
    if spec.initials:
        _text(draw, (PANEL // 2, SIZE[1] // 2), spec.initials, font(True, 190), "white", "mm")
    else:
        _star(draw, (PANEL // 2, SIZE[1] // 2), 150)
    return panel


def _star(draw: ImageDraw.ImageDraw, centre: tuple[int, int], radius: int) -> None:
    """A gold five-pointed star: the emblem of an emulation movement."""
    cx, cy = centre
    points = [(cx + (radius if i % 2 == 0 else radius * 0.382) * math.sin(i * math.pi / 5),
               cy - (radius if i % 2 == 0 else radius * 0.382) * math.cos(i * math.pi / 5))
              for i in range(10)]
    draw.polygon(points, fill=GOLD)


def draw_card(spec: CardSpec) -> Image.Image:
    card = _background(spec.kicker, spec.footer).copy()
    card.paste(_panel(spec).crop((0, 0, PANEL, BAR_TOP)), (0, 0))  # the bar stays over it
    draw = ImageDraw.Draw(card)
    y = 64 + 56
    face, title = _fit_title(spec.title, WIDTH)
    for line in title:
        draw.text((LEFT, y), line, font=face, fill=INK)  # unique to the card: no mask cached
        y += int(face.size * 1.22)
    y += 18
    draw.rectangle((LEFT, y, LEFT + 72, y + 6), fill=GOLD)
    y += 30
    bottom = SIZE[1] - 80  # the footer line starts below this
    for text in spec.lines:
        room = (bottom - y) // 42
        if room < 1:
            break
        for line in wrap(text, font(False, 30), WIDTH, min(3, room)):
            _text(draw, (LEFT, y), line, font(False, 30), MUTED)
            y += 42
        y += 8
    return card


def write_card(spec: CardSpec, out: str) -> str:
    """Worker entry point: draw and save atomically, so a killed build leaves no half card."""
    tmp = Path(out).with_suffix(".tmp")
    # Crawlers fetch it whole: not progressive. No optimised Huffman tables: 3.6 → 2.0 ms of a
    # card's ~6 ms (16 s of CPU for 10,000 cards) for 63 → 71 KB, which only crawlers fetch.
    draw_card(spec).save(tmp, "JPEG", quality=86)
    tmp.replace(out)
    return out
