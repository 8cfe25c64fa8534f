"""The one Jinja environment for HTML the core writes (theme_overrides/showcase/*.html).

Autoescape is on, so every value from a YAML or Markdown file is escaped where it is
rendered; only values the core built itself from templates or sanitised Markdown are
passed as Markup. Templates use only what MiniJinja also accepts (no Python string
methods, no `truncate`): anything cleverer is computed here, in Python, and passed in.
"""
from __future__ import annotations

import hashlib
import html
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

TEMPLATES = Path("theme_overrides") / "showcase"
REPO = Path(__file__).resolve().parents[3]  # scripts/showcase/render/ → the repository


@lru_cache(maxsize=8)
def environment(root: Path | None = None) -> Environment:
    """One environment per site root (a test tree may carry its own templates)."""
    folder = (root or REPO) / TEMPLATES
    if not folder.is_dir():  # a tree without a theme copy uses the project's own templates
        folder = REPO / TEMPLATES
    return Environment(loader=FileSystemLoader(folder), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)


def fingerprint(root: Path | None = None) -> str:
    """A hash of every fragment a render may read (the tree's folder and the project's, which
    picture_html uses): part of every render memo's key, so an edited template re-renders.
    Reading the ~25 small files costs about a millisecond a run."""
    h = hashlib.sha256()
    for folder in dict.fromkeys(((root or REPO) / TEMPLATES, REPO / TEMPLATES)):
        for path in sorted(folder.glob("*.html")) if folder.is_dir() else ():
            h.update(f"{path.name}\0".encode() + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def render(template: str, root: Path | None = None, **context: object) -> Markup:
    """A fragment as Markup: safe to pass into another template without a second escape."""
    return Markup(environment(root).get_template(template).render(**context))


def shorten(text: str, limit: int = 150, leeway: int = 5) -> str:
    """Jinja's `truncate` (cut at a word, '...'), computed here because MiniJinja lacks it."""
    if len(text) <= limit + leeway:
        return text
    return text[:limit - 3].rsplit(" ", 1)[0] + "..."


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#!])")


def markdown_text(text: object) -> str:
    """Text for a generated Markdown line (a heading, a list item): one line, HTML-escaped
    (entities pass through Markdown), and Markdown's own syntax characters backslashed, so a
    unit named "# x <script>" or "[a](javascript:…)" stays words."""
    line = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(line, quote=False))


def escape_page_text(page: Any) -> None:
    """The engine's theme (Material) writes page titles and front matter into <title>, <h1>,
    the nav and <meta> without escaping. Titles and descriptions become Markup holding the
    escaped text: printed raw they read right, and `|e` leaves them as they are."""
    if page.title is not None:
        page.title = Markup.escape(str(page.title))
        # Material prints meta.title as is but runs page.title through `striptags`, which
        # decodes entities again: give it meta.title always.
        page.meta.setdefault("title", page.title)
    for key in ("title", "description"):
        if page.meta.get(key) is not None:
            page.meta[key] = Markup.escape(str(page.meta[key]))
