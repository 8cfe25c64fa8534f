"""The whole pipeline as plain functions: check → catalogue → generated files.

Both the `showcase` CLI and the thin MkDocs plugin call `generate()`; neither
knows the other. Nothing here imports MkDocs.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from showcase.catalog import Catalog, make_catalog
from showcase.render.images import PhotoMap
from showcase.core.outfile import OutFile
from showcase.core.problems import ContentError, Problems
from showcase.core.settings import Settings, load_settings
from showcase.validate.check import check_content


@dataclass(frozen=True)
class Generated:
    catalog: Catalog
    files: tuple[OutFile, ...]
    problems: Problems
    photo_map: PhotoMap | None = None  # search result thumbnails


def load_catalog(root: Path, strict: bool = False, production: bool = False) -> tuple[Catalog, Problems]:
    """Validate everything; raise ContentError (with every problem) when it fails."""
    content, problems = check_content(root)
    if problems.failed(strict):
        raise ContentError(problems)
    settings = load_settings(root)
    if production:
        settings = Settings(**{**settings.__dict__, "include_samples": False})
    return make_catalog(content, settings), problems


def generate(root: Path, strict: bool = False, production: bool = False) -> Generated:
    from showcase.outputs import data as data_outputs
    from showcase.render import content_images, images
    from showcase.validate import content_files
    from showcase.render import pages
    from showcase.outputs import search
    catalog, problems = load_catalog(root, strict, production)
    photo_map = images.render_images(catalog, root / ".cache" / "images")
    files = [*pages.render_pages(catalog, photo_map), *photo_map.files,
             *data_outputs.render_data(catalog), search.search_page()]
    files += content_images.render_content_images(root)  # replaces MkDocs' blind copies
    # A content file may not take a generated URL; the search index is written after MkDocs.
    content_files.check_generated(root, files, reserved=(search.SEARCH_DIR, images.PHOTO_DIR))
    return Generated(catalog, tuple(files), problems, photo_map)
