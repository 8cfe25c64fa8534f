"""Stage: photos → web variants without metadata (interim; the photo stage replaces this)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from PIL import Image, ImageOps

from .catalog import Catalog
from .outputs import OutFile

PHOTO_DIR = "assets/anh"


@dataclass(frozen=True)
class Variant:
    url: str  # relative to the site root
    width: int
    height: int
    mime: str


@dataclass(frozen=True)
class ImageSet:
    alt: str
    credit: str
    width: int
    height: int
    variants: tuple[Variant, ...]  # smallest first, preferred format
    fallback: Variant  # JPEG


@dataclass(frozen=True)
class PhotoMap:
    files: tuple[OutFile, ...] = ()
    photos: Mapping[str, tuple[ImageSet, ...]] = field(default_factory=dict)  # exemplar id →
    cards: Mapping[str, str] = field(default_factory=dict)  # "exemplar:<id>"/"movement:<id>" → url
    processed: int = 0


def render_images(catalog: Catalog, cache: Path) -> PhotoMap:
    cache.mkdir(parents=True, exist_ok=True)
    files: list[OutFile] = []
    photos: dict[str, tuple[ImageSet, ...]] = {}
    processed = 0
    for e in catalog.exemplars:
        sets = []
        for p in e.photos:
            src = catalog.settings.root / p.file
            digest = hashlib.sha256(src.read_bytes()).hexdigest()[:16]
            out = cache / f"{digest}-800.jpg"
            if not out.exists():
                processed += 1
                with Image.open(src) as im:
                    im = ImageOps.exif_transpose(im).convert("RGB")
                    im.thumbnail((800, 800))
                    im.save(out, "JPEG", quality=82, optimize=True)  # no exif= → no metadata
            with Image.open(out) as im:
                w, h = im.size
            v = Variant(f"{PHOTO_DIR}/{out.name}", w, h, "image/jpeg")
            files.append(OutFile(v.url, source=out))
            sets.append(ImageSet(p.alt, p.credit, w, h, (v,), v))
        photos[e.id] = tuple(sets)
    return PhotoMap(tuple(files), photos, {}, processed)
