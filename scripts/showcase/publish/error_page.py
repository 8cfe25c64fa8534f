"""The page `showcase serve` shows instead of the site while content has errors.

Every problem with its file:line:col, escaped (autoescape: messages quote what the editor
typed), and a small script that waits for the server's next build and reloads onto it.
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path

from showcase.core.problems import ContentError, Problems
from showcase.render import templates

# In a folder of its own: not a site fragment, only this preview server renders it.
TEMPLATE = "serve/error_page.html"
PAGE = "404.html"  # the server answers every missing URL with it, so any address shows it


def problems_of(exc: BaseException) -> Problems | None:
    """The content problems behind an engine's abort: the engine wraps our ContentError in
    its own BuildError and Abort, which keep it as their cause or context."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, ContentError):
            return exc.problems
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def render(root: Path, exc: BaseException, epoch: int) -> str:
    problems = problems_of(exc)
    items = [{"where": f"{p.path}:{p.line}:{p.col}", "error": p.severity == "error",
              "tag": "lỗi" if p.severity == "error" else "cảnh báo", "message": p.message}
             for p in sorted(set(problems.items))] if problems else []
    return str(templates.render(TEMPLATE, root, problems=items, epoch=epoch,
                                summary=problems.summary() if problems else "",
                                message=f"Không dựng được trang: {innermost(exc)}"))


def innermost(exc: BaseException) -> str:
    """The first error in the chain: the engine's 'Aborted with a BuildError!' says nothing."""
    while (exc.__cause__ or exc.__context__) is not None:
        exc = exc.__cause__ or exc.__context__
    return str(exc) or type(exc).__name__


def write(root: Path, site_dir: Path, exc: BaseException) -> Problems | None:
    """Replace whatever the failed build left with the error page alone."""
    # The live-reload server's epochs are monotonic milliseconds: any later build is newer.
    epoch = round(time.monotonic() * 1000)
    for entry in site_dir.iterdir():
        shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    (site_dir / PAGE).write_text(render(root, exc, epoch), encoding="utf-8")
    return problems_of(exc)


def read(site_dir: Path, code: int) -> bytes | None:
    """What the server sends for a missing page: the error page if there is one, or the
    site's own 404 page."""
    page = site_dir / (PAGE if code == 404 else f"{code}.html")
    return page.read_bytes() if page.is_file() else None
