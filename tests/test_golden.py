"""Golden pages: the main content of four key pages of the fixed tree, compared with committed HTML.

A change in templates or page code shows up here as a readable diff. When the change is
intended, regenerate on purpose and review the diff in git:
    make golden    (= pytest tests/test_golden.py --regen-golden)
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from test_site_support import ROOT, built_site, main_html

GOLDEN = ROOT / "tests" / "golden"
PAGES = {"home": "", "commune": "don-vi/xuan-duong/", "profile": "dien-hinh/le-van-an/",
         "movement": "phong-trao/nong-thon-moi/"}
ASSET_HASH = re.compile(r"(assets/[\w/.-]*?)\.[0-9a-f]{8}(\.min\.(?:js|css))")


def normalise(raw: str) -> str:
    """Main content only, one trimmed line each, no blank lines, asset fingerprints removed."""
    body = ASSET_HASH.sub(r"\1\2", main_html(raw))
    lines = (line.strip() for line in body.splitlines())
    return "\n".join(line for line in lines if line) + "\n"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    site = built_site(tmp_path_factory, "golden").site
    return {name: normalise((site / url / "index.html").read_text(encoding="utf-8"))
            for name, url in PAGES.items()}


@pytest.mark.parametrize("name", PAGES)
def test_golden_page(name: str, pages: dict[str, str], request: pytest.FixtureRequest) -> None:
    expected_file = GOLDEN / f"{name}.html"
    actual = pages[name]
    if request.config.getoption("--regen-golden"):
        expected_file.write_text(actual, encoding="utf-8")
        return
    assert expected_file.exists(), f"{expected_file} is missing: run `make golden` and commit it"
    expected = expected_file.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"tests/golden/{name}.html", "built"))
        pytest.fail(f"{PAGES[name] or '/'} differs from its golden copy (if intended: make golden)\n{diff}")


def test_normalise_keeps_content_and_drops_noise() -> None:
    raw = ('<html><article class="md-content__inner md-typeset">\n  <h1>Tên</h1>\n\n'
           '   <script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>\n</article></html>')
    assert normalise(raw) == '<h1>Tên</h1>\n<script src="../assets/javascripts/bundle.min.js"></script>\n'


def test_golden_files_are_utf8_vietnamese() -> None:
    for name in PAGES:
        text = Path(GOLDEN / f"{name}.html").read_text(encoding="utf-8")
        assert re.search(r"<h1[ >]", text) and "\r" not in text  # a profile without photo: h1 class="sc-badged"
