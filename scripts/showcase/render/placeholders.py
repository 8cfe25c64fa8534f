"""Profiles without a photo: initials on a colour (drawn inline by pages, and on social cards)."""
from __future__ import annotations

import hashlib

from showcase.core.vi import nfc

# Dark enough that white initials pass WCAG AA (contrast >= 4.5:1) on every one.
PALETTE = ("#1b5e20", "#0d47a1", "#4a148c", "#b71c1c", "#004d40", "#3e2723", "#283593", "#880e4f")
PERSON_SUBJECTS = {"ca-nhan", "cá nhân"}


def colour_for(key: str, palette: tuple[str, ...] = PALETTE) -> str:
    """The same id always gets the same colour, on every machine (no hash randomisation)."""
    return palette[int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % len(palette)]


def colour_class(key: str) -> str:
    """The CSS class of `colour_for(key)` (sc-c-0 … sc-c-7 in showcase.css): pages carry no
    inline style, so a Content-Security-Policy can forbid inline CSS."""
    return f"sc-c-{PALETTE.index(colour_for(key))}"


def initials(name: str, subject: str = "") -> str:
    """Vietnamese people go by their given name (last word): 'Nguyễn Thị Hồng Nhung' → 'HN'.

    Groups and households read left to right: 'Hội Phụ nữ xã' → 'HP'.
    """
    words = [w for w in nfc(name).split() if w[:1].isalnum()]
    if not words:
        return "?"
    picked = words[-2:] if subject in PERSON_SUBJECTS else words[:2]
    return "".join(w[0] for w in picked).upper()


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]
