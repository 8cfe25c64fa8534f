"""Regenerate the shipped fonts from the npm package @expo-google-fonts/be-vietnam-pro.

    npm pack @expo-google-fonts/be-vietnam-pro@0.4.1 && tar xzf expo-google-fonts-be-vietnam-pro-0.4.1.tgz
    .venv/bin/python scripts/showcase/render/fonts/make_fonts.py package/ [mono/]

The optional second folder is the npm package @expo-google-fonts/jetbrains-mono@0.4.1
(unpacked into mono/): JetBrains Mono, OFL, the code font. The system monospace fonts of
phones lack stacked Vietnamese marks, so the guide's code samples rendered them wrongly.

Writes subset TTFs for the social cards (Pillow needs TTF/OTF) next to this file and subset
WOFF2 web fonts into theme_overrides/assets/fonts/. Both keep only Latin + Vietnamese, so
the repository stays light; hinting is dropped (large card text and phone screens do not
need it, and it halves the files).
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from fontTools import subset

HERE = Path(__file__).resolve().parent
WEB = HERE.parents[3] / "theme_overrides" / "assets" / "fonts"  # render/fonts → repository root
# Basic Latin, Latin-1, every Vietnamese letter (NFC and combining marks), common punctuation, ₫.
UNICODES = ("U+0020-007E,U+00A0-00FF,U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,"
            "U+01A0-01A1,U+01AF-01B0,U+0300-0301,U+0303,U+0309,U+0323,U+1EA0-1EF9,"
            "U+2010-2027,U+2030-203A,U+20AB,U+20AC,U+2122,U+2190-2193,U+2212")
CARD_FONTS = {"400Regular": "BeVietnamPro-Regular.ttf", "700Bold": "BeVietnamPro-Bold.ttf"}
MONO_FONTS = {"400Regular": "jetbrains-mono-400.woff2"}
WEB_FONTS = {"400Regular": "be-vietnam-pro-400.woff2", "700Bold": "be-vietnam-pro-700.woff2",
             "400Regular_Italic": "be-vietnam-pro-400-italic.woff2"}


def _subset(src: Path, out: Path, flavor: str | None) -> None:
    args = [str(src), f"--unicodes={UNICODES}", "--no-hinting", f"--output-file={out}"]
    subset.main(args + ([f"--flavor={flavor}"] if flavor else []))


def main(package: Path, mono: Path | None = None) -> None:
    for style, name in CARD_FONTS.items():
        _subset(package / style / f"BeVietnamPro_{style}.ttf", HERE / name, None)
    for style, name in WEB_FONTS.items():
        _subset(package / style / f"BeVietnamPro_{style}.ttf", WEB / name, "woff2")
    for target in (HERE, WEB):
        shutil.copy(package / "LICENSE_FONT", target / "OFL.txt")
    if mono is not None:
        for style, name in MONO_FONTS.items():
            _subset(mono / style / f"JetBrainsMono_{style}.ttf", WEB / name, "woff2")
        shutil.copy(mono / "LICENSE_FONT", WEB / "OFL-JetBrainsMono.txt")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else None)
