"""The built site in a real headless Chromium: served from the root and from a sub-path.

Four key pages of the repository's own content (samples included): home, a commune, a
profile and a movement. One build per session, shared by every test here.
"""
from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from a11y.axe import describe, run_axe
from test_site_static import english_in
from test_site_support import ROOT, Built, built_site

pytestmark = pytest.mark.browser

PAGES = {"home": "", "commune": "don-vi/xuan-duong/", "profile": "dien-hinh/nguyen-thi-hong-nhung/",
         "movement": "phong-trao/nong-thon-moi/"}
SUB_PATH = "dien-hinh/"  # a GitHub Pages project site lives under /<repo>/


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Built:
    b = built_site(tmp_path_factory, "real")
    for url in PAGES.values():
        assert (b.site / url / "index.html").is_file(), f"the sample content no longer has /{url}"
    return b


@pytest.fixture(params=["root", "sub-path"])
def base_url(request: pytest.FixtureRequest, real: Built, serve_dir, tmp_path: Path) -> str:
    """The same build served at http://127.0.0.1:PORT/ or at http://127.0.0.1:PORT/dien-hinh/."""
    if request.param == "root":
        return serve_dir(real.site)
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / SUB_PATH.rstrip("/")).symlink_to(real.site, target_is_directory=True)
    return serve_dir(tmp_path / "www") + SUB_PATH


@dataclass
class Visit:
    requests: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # 4xx/5xx responses and failed requests
    console: list[str] = field(default_factory=list)  # console errors and uncaught exceptions


def open_page(browser, url: str, **context_args):
    """A fresh context and page that record every request, failed response and console error."""
    ctx = browser.new_context(**context_args)
    page = ctx.new_page()
    visit = Visit()
    page.on("request", lambda r: visit.requests.append(r.url))
    page.on("requestfailed", lambda r: visit.failures.append(f"{r.url}: {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and visit.failures.append(f"{r.url}: HTTP {r.status}"))
    page.on("console", lambda m: m.type == "error" and visit.console.append(m.text))
    page.on("pageerror", lambda e: visit.console.append(f"exception: {e}"))
    page.goto(url, wait_until="networkidle")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy images load too
    page.wait_for_load_state("networkidle")
    page.evaluate("window.scrollTo(0, 0)")
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")  # scroll handled
    # Material fades the header title and tabs on scroll: measure colours only once they settle
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    return ctx, page, visit


# ---- requests, console, links --------------------------------------------------------------

@pytest.mark.parametrize("name", PAGES)
def test_page_stays_on_site_without_errors(browser, base_url: str, name: str) -> None:
    ctx, page, visit = open_page(browser, base_url + PAGES[name])
    try:
        assert page.title(), "page has a title"
        outside = [u for u in visit.requests if not u.startswith(base_url) and not u.startswith("data:")]
        assert outside == [], "no request may leave the site (fonts, scripts, APIs)"
        assert visit.failures == []
        assert visit.console == []
        css = page.evaluate("[...document.styleSheets].filter(s => s.href).length")
        assert css >= 3, "Material's CSS and the showcase's stylesheets loaded"
        assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Be Vietnam Pro"')
        fonts = [u for u in visit.requests if u.endswith(".woff2")]
        assert fonts and all(u.startswith(base_url + "assets/fonts/") for u in fonts), fonts
        assert page.evaluate("document.fonts.check('16px \"Be Vietnam Pro\"', 'Nguyễn Đường')")
    finally:
        ctx.close()


@pytest.mark.parametrize("name", PAGES)
def test_every_link_on_the_page_loads_from_this_deployment(browser, base_url: str, name: str) -> None:
    ctx, page, _ = open_page(browser, base_url + PAGES[name])
    try:
        hrefs = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
        internal = sorted({h.split("#")[0] for h in hrefs if h.startswith(base_url[:base_url.index("/", 8)])})
        assert internal, "the page links to other pages"
        bad = []
        for url in internal:
            if not url.startswith(base_url):
                bad.append(f"{url}: outside {base_url}")
                continue
            status = ctx.request.get(url).status
            if status != 200:
                bad.append(f"{url}: HTTP {status}")
        assert bad == []
    finally:
        ctx.close()


# ---- language, accessibility, layout ---------------------------------------------------------

@pytest.mark.parametrize("name", PAGES)
def test_rendered_interface_is_vietnamese(browser, real: Built, serve_dir, name: str) -> None:
    """After Material's JavaScript has run: visible text and labels it added are Vietnamese too."""
    ctx, page, _ = open_page(browser, serve_dir(real.site) + PAGES[name])
    try:
        rendered = page.evaluate("""() => {
            const attrs = ["aria-label", "title", "placeholder", "alt"];
            const parts = [...document.querySelectorAll("*")].flatMap(el =>
                attrs.filter(a => el.getAttribute(a)).map(a => `<x ${a}="${el.getAttribute(a).replace(/"/g, "'")}">`));
            const esc = t => t.replace(/</g, " ");
            const article = document.querySelector("article.md-content__inner");
            const content = article ? article.innerText : "";
            const chrome = document.body.innerText.replace(content, " ");
            return `<p>${esc(chrome)}</p><article class="md-content__inner"><p>${esc(content)}</p></article>`
                + parts.join("");
        }""")
        assert english_in(rendered) == []
    finally:
        ctx.close()


MOBILE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True,
          "has_touch": True}


@pytest.mark.parametrize("device", ["desktop", "mobile"])
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_serious_or_critical_violation(browser, real: Built, serve_dir, name: str,
                                                     device: str) -> None:
    ctx, page, _ = open_page(browser, serve_dir(real.site) + PAGES[name], **(MOBILE if device == "mobile" else {}))
    try:
        violations = run_axe(page)
        assert not violations, describe(violations)
    finally:
        ctx.close()


@pytest.mark.parametrize("name", PAGES)
def test_no_horizontal_scroll_at_360px(browser, real: Built, serve_dir, name: str) -> None:
    ctx, page, _ = open_page(browser, serve_dir(real.site) + PAGES[name], **MOBILE)
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        wide = page.evaluate("""() => [...document.querySelectorAll("body *")]
            .filter(el => { const r = el.getBoundingClientRect(); return r.width && r.right > innerWidth + 1; })
            .filter(el => getComputedStyle(el).visibility !== "hidden")
            .slice(0, 5).map(el => el.tagName + "." + el.className + " right=" + el.getBoundingClientRect().right)""")
        assert page.evaluate("innerWidth") == 360
        assert width <= 360, f"page is {width}px wide at 360px: {wide}"
    finally:
        ctx.close()


# ---- print -----------------------------------------------------------------------------------

MEDIABOX = re.compile(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]")


def test_profile_prints_to_a4_without_header_and_navigation(browser, real: Built, serve_dir) -> None:
    ctx, page, _ = open_page(browser, serve_dir(real.site) + PAGES["profile"])
    try:
        page.emulate_media(media="print")
        hidden = page.evaluate("""() => Object.fromEntries([".md-header", ".md-tabs", ".md-sidebar--primary",
            ".md-footer", ".md-content__button", ".md-top"].map(s => {
                const el = document.querySelector(s);
                return [s, el ? getComputedStyle(el).display : "absent"];
            }))""")
        assert all(v in ("none", "absent") for v in hidden.values()), hidden
        assert hidden[".md-header"] == "none" and hidden[".md-tabs"] == "none"
        shown = page.evaluate("""() => ["h1", ".sc-summary", ".sc-facts", ".sc-sample-banner"]
            .map(s => getComputedStyle(document.querySelector(s)).display)""")
        assert "none" not in shown, shown
        assert page.evaluate("getComputedStyle(document.querySelector('.sc-report p')).display") == "none"
        pdf = page.pdf(format="A4")
    finally:
        ctx.close()
    assert pdf.startswith(b"%PDF-")
    boxes = {(round(float(w)), round(float(h))) for w, h in MEDIABOX.findall(pdf)}
    assert boxes and all(abs(w - 595) <= 2 and abs(h - 842) <= 2 for w, h in boxes), boxes
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) <= 3, "a profile prints on at most three A4 pages"


# ---- the browser fixture itself ----------------------------------------------------------------

def test_missing_browser_fails_under_ci_and_skips_elsewhere(tmp_path: Path) -> None:
    """Run the project's own conftest with Chromium pointed at a path that does not exist."""
    conftest = (ROOT / "tests" / "conftest.py").read_text(encoding="utf-8")
    assert 'CHROMIUM = Path("/usr/bin/chromium")' in conftest
    (tmp_path / "conftest.py").write_text(
        conftest.replace('Path("/usr/bin/chromium")', 'Path("/nonexistent/chromium")'), encoding="utf-8")
    (tmp_path / "test_b.py").write_text("def test_b(browser):\n    pass\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path / "test_b.py")]
    ci = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, env={"CI": "true", "PATH": ""})
    local = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, env={"PATH": ""})
    assert ci.returncode == 1 and "Chromium is missing under CI=true" in ci.stdout, ci.stdout
    assert local.returncode == 0 and "1 skipped" in local.stdout, local.stdout
