"""What the core hands to MkDocs: files for the docs tree, generated or copied."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class OutFile:
    """One file of the site's docs tree.

    `uri` is its path inside the docs tree ("dien-hinh/abc.md", "assets/anh/x-640.webp").
    Exactly one of `content` (text or bytes) and `source` (a file to copy) is set.
    `edit_path` is the repository path that "edit this page" should open.
    `html`, for pages, is body HTML appended after MkDocs converts the Markdown: generated
    HTML never goes through Python-Markdown, whose raw-HTML parser cost about a third of
    the whole MkDocs build when profile bodies were passed as Markdown.
    """

    uri: str
    content: str | bytes | None = None
    source: Path | None = None
    edit_path: str | None = None
    html: str = ""
    # (anchor id, heading text) of html's sections, for the engine's table of contents: the
    # engine reads headings only from Markdown, which generated HTML never passes through.
    toc: tuple[tuple[str, str], ...] = ()
