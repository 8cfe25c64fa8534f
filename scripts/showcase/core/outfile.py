"""What the core hands to MkDocs: files for the docs tree, generated or copied."""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, init=False, slots=True)
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
    # `html` as UTF-8, zlib-compressed (level 1): the pages' HTML was the biggest thing a
    # build holds (219 MB of 2-byte str at 10,000 profiles, 34 MB packed); the engine
    # unpacks one page at a time as it renders it. Equal HTML, equal bytes (zlib is
    # deterministic), so comparing OutFiles still compares their HTML.
    packed: bytes = field(default=b"", repr=False)
    # (anchor id, heading text) of html's sections, for the engine's table of contents: the
    # engine reads headings only from Markdown, which generated HTML never passes through.
    toc: tuple[tuple[str, str], ...] = ()

    def __init__(self, uri: str, content: str | bytes | None = None, source: Path | None = None,
                 edit_path: str | None = None, html: str = "",
                 toc: tuple[tuple[str, str], ...] = ()) -> None:
        put = object.__setattr__
        put(self, "uri", uri)
        put(self, "content", content)
        put(self, "source", source)
        put(self, "edit_path", edit_path)
        put(self, "packed", zlib.compress(str.encode(html), 1) if html else b"")
        put(self, "toc", toc)

    @property
    def html(self) -> str:
        return zlib.decompress(self.packed).decode() if self.packed else ""
