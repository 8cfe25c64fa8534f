"""Photos placed in content/ (beside a hand-written page) are re-encoded, never copied.

MkDocs would copy them byte for byte, EXIF GPS and all, and a file that is half JPEG and
half something else would reach readers. Here each is decoded and saved from pixels under
its own name (the page links to it), like a profile's photo: oriented, sRGB, no metadata,
at most MAX_SIDE pixels. The result replaces MkDocs' copy (same URI). They are few and
small, so there is no cache on disk; a warm `showcase serve` keeps the latest run's in memory.
"""
from __future__ import annotations

import hashlib
import io
from pathlib import Path

from PIL import Image, ImageOps

from showcase.core.outfile import OutFile
from showcase.core.problems import ContentError, Problems
from showcase.render.images import JPEG_QUALITY, WEBP_QUALITY, _to_srgb
from showcase.render.memo import Memo, persist
from showcase.validate.content_files import content_files
from showcase.validate.photos import EXTENSIONS

MAX_SIDE = 1600  # as `showcase new --photo`
FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}


# Re-encoded bytes by the original's bytes (sha256) and format: a warm `showcase serve`
# decodes only photos that changed (render/memo.py keeps the latest run's).
_DONE: Memo[bytes] = Memo("content photos")
persist("content photos", _DONE)


def reencode(path: Path) -> bytes:
    data = path.read_bytes()
    key = (hashlib.sha256(data).hexdigest(), FORMATS[path.suffix.lower()])
    return _DONE.get(key, lambda: _reencode(io.BytesIO(data), key[1]))


def _reencode(source: io.BytesIO, fmt: str) -> bytes:
    with Image.open(source) as im:
        im = _to_srgb(ImageOps.exif_transpose(im))
    im.info.clear()  # nothing from the original is saved again
    im.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)  # never enlarges
    out = io.BytesIO()
    if fmt == "JPEG":
        im.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif fmt == "WEBP":
        im.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    else:
        im.save(out, "PNG", optimize=True)
    return out.getvalue()


def render_content_images(root: Path) -> list[OutFile]:
    """Raises ContentError for a photo that passed the check but cannot be decoded."""
    problems = Problems(root)
    _DONE.start()
    files = []
    for uri, path in content_files(root):
        if path.suffix.lower() not in EXTENSIONS:
            continue
        try:
            files.append(OutFile(uri, reencode(path), edit_path=f"content/{uri}"))  # made from it
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
            problems.error(path, (1, 1), f"Ảnh '{path.name}' không giải mã được ({exc}). Hãy mở ảnh "
                           "trên máy, xuất lại dạng JPEG rồi thay tệp này.")
    if problems.items:
        raise ContentError(problems)
    return files
