#!/usr/bin/env python3
"""Draw the sample profiles' photos: small abstract illustrations, no real people.

Run from the repository root (or pass --root); it overwrites the files listed in
PHOTOS. The output is deterministic, so re-running it leaves git clean.

Some photos are stored rotated with an EXIF Orientation tag and carry GPS tags on
purpose: they exercise the metadata stripping of the image stage (a published
photo must come out upright and without GPS). One is a PNG.
"""
from __future__ import annotations

import argparse
import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PIL import Image, ImageDraw, ImageFilter

RGB = tuple[int, int, int]
Painter = Callable[[tuple[int, int], random.Random], Image.Image]

ORIENTATION = 0x0112
GPS_IFD = 0x8825
MAX_BYTES = 60 * 1024  # samples must stay light in the repository

# Stored pixels = upright image turned the opposite way of what the tag asks the viewer to do.
_STORE_FOR_ORIENTATION = {3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90,
                          8: Image.Transpose.ROTATE_270}


# ---- drawing helpers -----------------------------------------------------------------------

def gradient(size: tuple[int, int], top: RGB, bottom: RGB) -> Image.Image:
    w, h = size
    column = Image.new("RGB", (1, h))
    for y in range(h):
        t = y / max(h - 1, 1)
        column.putpixel((0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom)))
    return column.resize(size)


def hills(draw: ImageDraw.ImageDraw, size: tuple[int, int], base: float, amp: float,
          colour: RGB, phase: float) -> None:
    w, h = size
    points = [(x, h * base + amp * math.sin(x / w * 2.4 * math.pi + phase)) for x in range(0, w + 20, 20)]
    draw.polygon([(0, h), *points, (w, h)], fill=colour)


def sun(draw: ImageDraw.ImageDraw, centre: tuple[int, int], r: int, colour: RGB) -> None:
    x, y = centre
    draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)


def figure(draw: ImageDraw.ImageDraw, x: int, ground: int, scale: float, colour: RGB) -> None:
    """A faceless silhouette: a head and rounded shoulders, nobody in particular."""
    head = int(28 * scale)
    body_w, body_h = int(90 * scale), int(110 * scale)
    draw.ellipse((x - head, ground - body_h - 2 * head - 6, x + head, ground - body_h - 6), fill=colour)
    draw.rounded_rectangle((x - body_w // 2, ground - body_h, x + body_w // 2, ground + body_h // 3),
                           radius=int(40 * scale), fill=colour)


# ---- painters: one per sample photo ----------------------------------------------------------

def earthworm_farm(size: tuple[int, int], rnd: random.Random) -> Image.Image:
    """Rows of composting beds under a shade roof, fields behind."""
    w, h = size
    im = gradient(size, (250, 214, 165), (189, 222, 235))
    d = ImageDraw.Draw(im)
    sun(d, (int(w * 0.8), int(h * 0.22)), 48, (255, 236, 170))
    hills(d, size, 0.52, 18, (128, 170, 96), 0.6)
    d.polygon([(60, 250), (w - 60, 250), (w - 20, 300), (20, 300)], fill=(120, 92, 70))
    for i in range(5):
        y = 330 + i * 50
        d.rounded_rectangle((70 + i * 6, y, w - 70 - i * 6, y + 30), radius=12,
                            fill=(96 - i * 6, 68, 52))
        for _ in range(14):
            cx = rnd.randint(90, w - 90)
            d.ellipse((cx - 5, y + 8, cx + 5, y + 20), fill=(150, 110, 80))
    return im.filter(ImageFilter.SMOOTH)


def pepper_garden(size: tuple[int, int], rnd: random.Random) -> Image.Image:
    """Pepper vines climbing rows of poles."""
    w, h = size
    im = gradient(size, (200, 230, 246), (232, 243, 214))
    d = ImageDraw.Draw(im)
    hills(d, size, 0.62, 14, (150, 190, 110), 1.3)
    for row, (y0, scale) in enumerate(((330, 0.7), (420, 0.85), (540, 1.0))):
        for x in range(40 + row * 30, w, 130):
            top = int(y0 - 220 * scale)
            d.rectangle((x - 5, top, x + 5, y0), fill=(118, 94, 70))
            for _ in range(int(40 * scale)):
                cx = x + rnd.randint(-28, 28)
                cy = rnd.randint(top, y0 - 10)
                r = rnd.randint(7, 12)
                d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(40 + rnd.randint(0, 40), 120 + rnd.randint(0, 50), 60))
            for _ in range(6):
                cx, cy = x + rnd.randint(-20, 20), rnd.randint(top + 20, y0 - 20)
                d.ellipse((cx - 4, cy - 4, cx + 4, cy + 4), fill=(196, 60, 46))
    return im.filter(ImageFilter.SMOOTH)


def pomelo_orchard(size: tuple[int, int], rnd: random.Random) -> Image.Image:
    """Round tree crowns with pale green fruit."""
    w, h = size
    im = gradient(size, (176, 216, 240), (214, 236, 200))
    d = ImageDraw.Draw(im)
    hills(d, size, 0.7, 10, (116, 168, 86), 2.0)
    for i, x in enumerate(range(90, w, 180)):
        cy = 300 + (i % 2) * 40
        d.rectangle((x - 10, cy, x + 10, cy + 170), fill=(110, 84, 60))
        d.ellipse((x - 110, cy - 150, x + 110, cy + 60), fill=(58, 128, 64))
        for _ in range(7):
            fx, fy = x + rnd.randint(-80, 80), cy + rnd.randint(-110, 30)
            d.ellipse((fx - 13, fy - 13, fx + 13, fy + 13), fill=(206, 222, 110))
    return im.filter(ImageFilter.SMOOTH)


def portrait(size: tuple[int, int], rnd: random.Random) -> Image.Image:
    """A portrait placeholder: one faceless silhouette on a soft blue background."""
    w, h = size
    im = gradient(size, (72, 112, 160), (170, 200, 226))
    d = ImageDraw.Draw(im)
    for _ in range(6):
        r = rnd.randint(40, 120)
        x, y = rnd.randint(0, w), rnd.randint(0, h // 2)
        d.ellipse((x - r, y - r, x + r, y + r), outline=(190, 212, 234), width=3)
    figure(d, w // 2, int(h * 0.86), 2.2, (34, 62, 96))
    return im.filter(ImageFilter.SMOOTH)


def music_club(size: tuple[int, int], rnd: random.Random) -> Image.Image:
    """An evening stage: four silhouettes, lanterns and notes."""
    w, h = size
    im = gradient(size, (60, 40, 90), (214, 120, 90))
    d = ImageDraw.Draw(im)
    d.rectangle((0, int(h * 0.78), w, h), fill=(90, 50, 40))
    for x in range(60, w, 110):
        y = 60 + rnd.randint(0, 30)
        d.line((x, 0, x, y), fill=(240, 200, 120), width=2)
        d.ellipse((x - 18, y, x + 18, y + 44), fill=(230, 70, 50))
    for i, x in enumerate((180, 360, 540, 720)):
        figure(d, x, int(h * 0.8), 0.95 + 0.05 * (i % 2), (40, 24, 44))
    for _ in range(9):
        x, y = rnd.randint(40, w - 40), rnd.randint(140, 260)
        d.ellipse((x, y, x + 16, y + 12), fill=(255, 230, 170))
        d.line((x + 15, y + 6, x + 15, y - 26), fill=(255, 230, 170), width=3)
    return im.filter(ImageFilter.SMOOTH)


def militia_drill(size: tuple[int, int], rnd: random.Random) -> Image.Image:
    """A training ground at dawn: a file of green silhouettes."""
    w, h = size
    im = gradient(size, (246, 200, 140), (160, 190, 150))
    d = ImageDraw.Draw(im)
    sun(d, (int(w * 0.2), int(h * 0.3)), 60, (255, 226, 160))
    hills(d, size, 0.66, 12, (104, 140, 80), 0.2)
    for i in range(7):
        figure(d, 110 + i * 115, int(h * 0.88), 0.75, (46 + rnd.randint(0, 10), 84, 52))
    return im.filter(ImageFilter.SMOOTH)


def learning_devices(size: tuple[int, int], rnd: random.Random) -> Image.Image:
    """Flat illustration of tablets, a laptop and books (PNG, palette)."""
    w, h = size
    im = Image.new("RGB", size, (236, 244, 250))
    d = ImageDraw.Draw(im)
    d.rounded_rectangle((150, 160, 560, 420), radius=18, fill=(52, 70, 96))
    d.rectangle((172, 182, 538, 398), fill=(120, 196, 230))
    d.polygon([(110, 430), (600, 430), (640, 470), (70, 470)], fill=(80, 96, 120))
    for i, colour in enumerate(((234, 90, 80), (250, 190, 70), (90, 170, 110))):
        x = 620 + i * 70
        d.rounded_rectangle((x, 240 - i * 20, x + 60, 470), radius=10, fill=colour)
    for i in range(3):
        x, y = 230 + i * 110, 230 + rnd.randint(0, 40)
        d.rounded_rectangle((x, y, x + 70, y + 110), radius=10, fill=(250, 250, 250))
        d.ellipse((x + 28, y + 92, x + 42, y + 104), fill=(200, 200, 200))
    return im.quantize(colors=32)


# ---- catalogue of sample photos ---------------------------------------------------------------

@dataclass(frozen=True)
class Spec:
    path: str  # relative to the repository root
    painter: Painter
    size: tuple[int, int]  # upright size
    orientation: int = 1
    gps: tuple[float, float] | None = None  # latitude, longitude (somewhere in the district)


CAM_MY = (10.78, 107.25)
PHOTOS: tuple[Spec, ...] = (
    Spec("exemplars/tt-long-giao/trai-trun-que.jpg", earthworm_farm, (900, 600), 6, CAM_MY),
    Spec("exemplars/cong-an-huyen/anh-chan-dung.jpg", portrait, (600, 900), 6, (10.80, 107.24)),
    Spec("exemplars/ban-chqs-huyen/buoi-huan-luyen.jpg", militia_drill, (900, 600), 3),
    Spec("exemplars/nhan-nghia/buoi-sinh-hoat.jpg", music_club, (900, 600)),
    Spec("exemplars/song-ray/vuon-tieu.jpg", pepper_garden, (900, 600)),
    Spec("exemplars/xuan-duong/vuon-buoi.jpg", pomelo_orchard, (900, 600)),
    Spec("exemplars/huyen-doan/thiet-bi-hoc-tap.png", learning_devices, (900, 600)),
)


def _dms(value: float) -> tuple[float, float, float]:
    deg = int(abs(value))
    minutes = int((abs(value) - deg) * 60)
    seconds = round(((abs(value) - deg) * 60 - minutes) * 60, 2)
    return float(deg), float(minutes), seconds


def exif_for(spec: Spec) -> Image.Exif:
    exif = Image.Exif()
    if spec.orientation != 1:
        exif[ORIENTATION] = spec.orientation
    if spec.gps:
        lat, lon = spec.gps
        exif[GPS_IFD] = {1: "N" if lat >= 0 else "S", 2: _dms(lat),
                         3: "E" if lon >= 0 else "W", 4: _dms(lon)}
    return exif


def render(spec: Spec, root: Path) -> Path:
    upright = spec.painter(spec.size, random.Random(spec.path))
    stored = upright.transpose(_STORE_FOR_ORIENTATION[spec.orientation]) \
        if spec.orientation in _STORE_FOR_ORIENTATION else upright
    out = root / spec.path
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix == ".png":
        stored.save(out, "PNG", optimize=True)
    else:
        stored.save(out, "JPEG", quality=80, optimize=True, exif=exif_for(spec).tobytes())
    size = out.stat().st_size
    if size > MAX_BYTES:
        raise SystemExit(f"{spec.path}: {size} bytes, over the {MAX_BYTES} limit for samples")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Vẽ lại ảnh minh họa của các hồ sơ mẫu.")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="thư mục kho nội dung (mặc định: thư mục gốc của dự án)")
    args = parser.parse_args(argv)
    for spec in PHOTOS:
        out = render(spec, args.root)
        print(f"{spec.path}: {out.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
