"""Shared helpers for the site tests (no tests here): trees, one build per session, HTML reading.

Two trees are built, each once per test session, and reused by every site test:
- "real": a copy of the repository's own content (samples included): what gets published;
- "golden": the project's real mkdocs.yml, units, vocabularies and theme with the fixed content
  of tests/golden/input/, so assertions on exact names and orders do not move when someone
  edits the sample content.
"""
from __future__ import annotations

import io
import shutil
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_INPUT = ROOT / "tests" / "golden" / "input"
SHARED = ("mkdocs.yml", "theme_overrides", "exemplars/vocab")
FIXTURE_PHOTO = "exemplars/xuan-tay/ngo-van-tu.jpg"  # written with EXIF GPS at copy time

_BUILDS: dict[tuple, "Built"] = {}


# ---- trees and builds -------------------------------------------------------------------

def _copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    if src.is_dir():
        shutil.copytree(src, dst, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    elif src.exists():
        shutil.copy2(src, dst)


def repo_tree(dest: Path, kind: str) -> Path:
    """A repository-shaped tree in dest: 'real' (the repo's content) or 'golden' (fixed content)."""
    for rel in SHARED:
        _copy(ROOT / rel, dest / rel)
    for registry in (ROOT / "exemplars").glob("*.yaml"):  # units, reporting plan, template...
        _copy(registry, dest / "exemplars" / registry.name)
    if kind == "real":
        _copy(ROOT / "content", dest / "content")
        for d in (ROOT / "exemplars").iterdir():
            if d.is_dir() and d.name != "vocab":
                _copy(d, dest / "exemplars" / d.name)
    else:
        _copy(GOLDEN_INPUT / "content", dest / "content")
        _copy(GOLDEN_INPUT / "exemplars", dest / "exemplars")
        for rel in nav_pages():  # hand-written pages the real nav names, e.g. the editors' guide
            if not (dest / "content" / rel).exists() and (ROOT / "content" / rel).is_file():
                _copy(ROOT / "content" / rel, dest / "content" / rel)
                for image in _images_beside(ROOT / "content" / rel):  # the guide's screenshots
                    _copy(image, dest / "content" / image.relative_to(ROOT / "content"))
        write_gps_jpeg(dest / FIXTURE_PHOTO)
    return dest


def _images_beside(page: Path) -> list[Path]:
    return sorted(p for p in page.parent.iterdir() if p.suffix.lower() in (".webp", ".jpg", ".jpeg", ".png"))


def nav_pages() -> list[str]:
    """The .md files mkdocs.yml's nav lists (MkDocs' own YAML tags ignored)."""
    import yaml
    from showcase.core.settings import _Loader
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader) or {}

    def walk(node) -> list[str]:
        if isinstance(node, str):
            return [node] if node.endswith(".md") else []
        if isinstance(node, dict):
            return [p for v in node.values() for p in walk(v)]
        if isinstance(node, list):
            return [p for v in node for p in walk(v)]
        return []
    return walk(config.get("nav") or [])


def write_gps_jpeg(path: Path) -> bytes:
    """A camera-like JPEG carrying GPS and camera EXIF tags: none of it may reach the site."""
    from PIL import Image
    im = Image.new("RGB", (1600, 1200), (150, 90, 40))
    for x in range(0, 1600, 40):  # some structure so the encoder has real work
        im.paste((30, 120, 60), (x, 0, x + 20, 1200))
    exif = Image.Exif()
    exif[0x010F] = "KiemThuCam"  # Make
    exif[0x8825] = {1: "N", 2: (10.0, 47.0, 3.0), 3: "E", 4: (107.0, 14.0, 9.0)}  # GPS IFD
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=85, exif=exif)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())
    return buf.getvalue()


@dataclass
class Built:
    root: Path  # the content tree
    site: Path  # the built site

    @cached_property
    def html_files(self) -> list[Path]:
        return sorted(self.site.rglob("*.html"))

    def page(self, url: str) -> "Page":
        """The parsed page at a site URL such as 'dien-hinh/le-van-an/'."""
        return read_page(self.site, url)


def built_site(factory: pytest.TempPathFactory, kind: str, production: bool = False) -> Built:
    """Build a tree once per session (strict, as CI does) and hand the same build to every test."""
    key = (kind, production)
    if key not in _BUILDS:
        from showcase.publish.build import build_site
        from showcase.core.problems import ContentError
        base = factory.mktemp(f"{kind}{'-prod' if production else ''}")
        root = repo_tree(base / "repo", kind)
        try:
            site = build_site(root, strict=True, production=production, site_dir=base / "site", quiet=True)
        except ContentError as exc:  # show the editors' messages, not a bare count
            pytest.fail(f"the {kind} tree does not build strict:\n{exc.problems.render()}")
        _BUILDS[key] = Built(root, site)
    return _BUILDS[key]


# ---- reading built HTML ------------------------------------------------------------------

LINK_ATTRS = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
              ("source", "src"), ("iframe", "src"), ("form", "action"), ("video", "poster")}
TEXT_ATTRS = ("aria-label", "title", "placeholder", "alt", "aria-description", "value")
_SKIP_TEXT = {"script", "style", "template", "noscript"}


@dataclass
class Page(HTMLParser):
    """One built HTML file: its ids, outgoing URLs, visible text and human-facing attributes."""

    ids: set[str] = field(default_factory=set)
    urls: list[tuple[str, str]] = field(default_factory=list)  # (tag.attr, url)
    text_parts: list[str] = field(default_factory=list)
    chrome_parts: list[str] = field(default_factory=list)  # visible text outside the main content
    attr_texts: list[tuple[str, str]] = field(default_factory=list)  # (attr, value)
    _skip: int = 0
    _article: int = 0  # depth inside <article class="md-content__inner">: the page's own content

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in _SKIP_TEXT:
            self._skip += 1
        if tag == "article" and (self._article or "md-content__inner" in a.get("class", "")):
            self._article += 1
        for key in ("id", "name"):
            if a.get(key) and (key == "id" or tag == "a"):
                self.ids.add(a[key])
        for attr, value in a.items():
            if (tag, attr) in LINK_ATTRS:
                self.urls.append((f"{tag}.{attr}", value))
            elif attr in ("srcset", "imagesrcset"):
                self.urls += [(f"{tag}.{attr}", part.split()[0]) for part in value.split(",") if part.strip()]
            elif attr in TEXT_ATTRS and value.strip() and not (tag == "input" and attr == "value"):
                self.attr_texts.append((attr, value))
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh" and "url=" in a.get("content", ""):
            self.urls.append(("meta.refresh", a["content"].split("url=", 1)[1].strip()))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TEXT and self._skip:
            self._skip -= 1
        if tag == "article" and self._article:
            self._article -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.text_parts.append(data.strip())
            if not self._article:
                self.chrome_parts.append(data.strip())

    @property
    def text(self) -> str:
        return " ".join(self.text_parts)

    @property
    def chrome_text(self) -> str:
        """Header, navigation, footer: the theme's words, not the editors'."""
        return " ".join(self.chrome_parts)


def parse_html(text: str) -> Page:
    p = Page()
    p.feed(text)
    p.close()
    return p


def read_page(site: Path, url: str) -> Page:
    return parse_html(file_for(site, url).read_text(encoding="utf-8"))


def file_for(site: Path, url: str) -> Path:
    """The file a static server returns for a site URL, with use_directory_urls semantics."""
    path = site / unquote(url.split("#")[0].split("?")[0]).lstrip("/")
    if url.endswith("/") or url == "" or path.is_dir():
        path = path / "index.html"
    return path


def url_of_file(site: Path, path: Path) -> str:
    """The URL a file is served at: 'dien-hinh/x/index.html' → 'dien-hinh/x/'."""
    rel = path.relative_to(site).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def main_html(raw: str) -> str:
    """The page's main content: the inside of Material's <article class="md-content__inner">."""
    start = raw.index('<article class="md-content__inner md-typeset">')
    end = raw.index("</article>", start)
    return raw[raw.index(">", start) + 1:end]


# ---- links --------------------------------------------------------------------------------

def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def broken_links(site: Path, base_path: str = "/") -> list[str]:
    """Every href/src/srcset of every HTML file that does not resolve, anchors included.

    base_path is the path of site_url (where root-relative links of 404.html point)."""
    pages = {p: parse_html(p.read_text(encoding="utf-8")) for p in sorted(site.rglob("*.html"))}
    bad: list[str] = []
    for path, page in pages.items():
        here = url_of_file(site, path)
        for where, url in page.urls:
            problem = _check_url(site, pages, here, url, base_path)
            if problem:
                bad.append(f"{here or '/'}: {where}={url!r}: {problem}")
    return bad


def resolve(here: str, href: str, base_path: str = "/") -> str:
    """An href seen on the page at site URL `here`, as a site URL ('/..' if it leaves the site).

    Root-relative hrefs ('/dien-hinh-cam-my/x/', which MkDocs writes only in 404.html) count
    when they start with the path of site_url, where the site is deployed."""
    path = urlsplit(href).path
    if not path:
        return here
    if path.startswith("/"):
        if not path.startswith(base_path):
            return "/.."
        path, here = path[len(base_path):], ""
    segments: list[str] = [s for s in here.split("/")[:-1] if s]
    for part in path.split("/"):
        if part == "..":
            if not segments:
                return "/.."
            segments.pop()
        elif part not in ("", "."):
            segments.append(part)
    target = "/".join(segments)
    return target + "/" if target and (path.endswith("/") or path.endswith("/.") or path in (".", "..")) \
        else target


def hrefs_to(here: str, html_text: str) -> set[str]:
    """The site URLs the relative links of an HTML fragment point at."""
    import re
    return {resolve(here, h) for h in re.findall(r'href="([^"]*)"', html_text) if not is_external(h)}


def _check_url(site: Path, pages: dict[Path, Page], here: str, url: str, base_path: str) -> str | None:
    if url.startswith(("mailto:", "tel:")) or (is_external(url) and urlsplit(url).scheme in ("http", "https")):
        return None
    if is_external(url) or url.lower().startswith("javascript:"):
        return "lược đồ URL không được phép"
    parts = urlsplit(url)
    target_url = resolve(here, url, base_path)
    if target_url == "/..":
        return "ra ngoài gốc trang"
    target = file_for(site, target_url)
    if not target.is_file():
        return f"không có tệp {target.relative_to(site) if target.is_relative_to(site) else target}"
    frag = unquote(parts.fragment)
    if frag and target.suffix == ".html":
        page = pages.get(target) or parse_html(target.read_text(encoding="utf-8"))
        if frag not in page.ids:
            return f"không có phần tử id={frag!r}"
    return None
