"""`showcase build`: validate, build into a temporary directory, then swap it in.

A failed build never touches the published site/: MkDocs writes into a sibling
temporary directory, and only a complete build replaces site/ (two renames).
"""
from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from showcase.publish.pipeline import generate
from showcase.core.problems import ContentError

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner is noise for editors


def build_site(root: Path, strict: bool = False, production: bool = False,
               site_dir: Path | None = None, quiet: bool = False) -> Path:
    """Build root's site into site_dir (default root/site). Raises ContentError on bad content."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    target = (site_dir or root / "site").resolve()
    started = time.perf_counter()
    _quiet_mkdocs(quiet)  # before generate(), so the photo stage's progress lines show
    gen = generate(root, strict=strict, production=production)  # raises ContentError
    if gen.problems.items and not quiet:
        print(gen.problems.render(), file=sys.stderr)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp), strict=strict)
        plugin = config.plugins["showcase"]
        plugin.preloaded = gen
        plugin.config.production = production
        build(config)
        _swap(tmp, target)
    except MkDocsException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ContentError(_mkdocs_problem(root, str(exc))) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if not quiet:
        print(f"Đã dựng {len(gen.catalog.exemplars)} hồ sơ vào {target} "
              f"trong {time.perf_counter() - started:.1f} giây.")
    return target


def _swap(new: Path, target: Path) -> None:
    """Replace target with new using renames, so readers never see a half-written site."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _quiet_mkdocs(quiet: bool) -> None:
    """MkDocs' own English progress lines are hidden; our stages' lines and all warnings show."""
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    logging.getLogger("mkdocs.plugins.showcase").setLevel(logging.WARNING if quiet else logging.INFO)
    if not logging.getLogger("mkdocs").handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_VietnameseFormatter())
        logging.getLogger("mkdocs").addHandler(handler)


class _VietnameseFormatter(logging.Formatter):
    """Editors read these lines: Vietnamese level names, none for plain progress."""

    LEVELS = {"WARNING": "cảnh báo: ", "ERROR": "lỗi: ", "CRITICAL": "lỗi: "}

    def format(self, record: logging.LogRecord) -> str:
        return self.LEVELS.get(record.levelname, "") + record.getMessage()


def _mkdocs_problem(root: Path, message: str):
    from showcase.core.problems import Problems
    problems = Problems(root)
    problems.add("mkdocs.yml", 1, 1, f"MkDocs dừng bản dựng: {message}")
    return problems
