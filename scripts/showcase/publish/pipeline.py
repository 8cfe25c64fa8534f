"""The pipeline's stages as plain functions:

load → validate → catalogue → render → outputs (search included) → a docs tree (`Generated`)
→ engine → finishing steps (link images, write the search files) → atomic swap; the last three
run in publish/incremental.py, which drives a build end to end, full or incremental.

The engine is handed in as an `Engine` (publish/engine.py is the ProperDocs one), so this
module never imports it: a second engine is a second adapter, nothing here changes.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Protocol

from showcase.catalog import Catalog, make_catalog
from showcase.core.outfile import OutFile
from showcase.core.problems import ContentError, Problems
from showcase.core.settings import Settings, load_settings
from showcase.editor import cms
from showcase.outputs import admin
from showcase.outputs import data as data_outputs
from showcase.outputs import search
from showcase.render import cards, contact, content_images, images, memo, pages
from showcase.render.images import PhotoMap
from showcase.validate import content_files
from showcase.validate.check import Changed, Content, check_content

# Folders whose file names the system picks (photo variants and cards by their hash) or fills
# after the engine (the search index): no content file may lie in them.
RESERVED = (search.SEARCH_DIR, images.PHOTO_DIR, cards.CARD_DIR)


@dataclass(frozen=True)
class Generated:
    """The docs tree the engine turns into a site, plus what the finishing steps need."""

    catalog: Catalog
    files: tuple[OutFile, ...]
    problems: Problems
    photo_map: PhotoMap | None = None  # search result thumbnails
    search_records: tuple[search.Record, ...] = ()  # indexed after the engine (see finish)
    times: dict[str, float] = field(default_factory=dict, compare=False)


class EngineError(Exception):
    """The engine stopped the build; the message is the engine's own."""


class Engine(Protocol):
    """What the pipeline needs from a site engine (MkDocs-like: ProperDocs today)."""

    name: str

    def build(self, root: Path, gen: Generated, site_dir: Path, strict: bool,
              previous: Any = None, key: str = "", serve_url: str | None = None,
              later: list | None = None,
              beside: Callable[[frozenset[str]], None] | None = None) -> Any:
        """Write gen's site into site_dir (which exists and is empty, or holds what the build
        that returned `previous` wrote, under the same `key`); raise EngineError. Returns what
        the next incremental build needs (publish/incremental.py). With `later`, writes that
        no page needs may be appended to it as callables, for the caller to run after.
        `beside`, work of the caller's that reads no page, may be run once while the engine
        waits for its own workers, given every path the build writes into site_dir; the
        caller runs it after the build otherwise."""


def load_catalog(root: Path, strict: bool = False, production: bool = False,
                 changed: Changed | None = None) -> tuple[Catalog, Problems]:
    """Load and validate everything; raise ContentError (with every problem) when it fails.
    `changed`: what changed since the latest check of root, when the caller knows (serve)."""
    content, problems = check_content(root, changed=changed)
    if problems.failed(strict):
        raise ContentError(problems)
    settings = load_settings(root)
    if production:
        settings = Settings(**{**settings.__dict__, "include_samples": False})
    return make_catalog(content, settings), problems


def generate(root: Path, strict: bool = False, production: bool = False,
             changed: Changed | None = None, once: bool = False) -> Generated:
    """Every stage before the engine: the docs tree and the search records. `once`: no run
    follows in this process (`showcase build`), so what no saved state keeps goes as soon as
    its stage is done."""
    catalog, problems = load_catalog(root, strict, production, changed)
    # The cards are drawn while the next stages run; link_images waits for them.
    photo_map = images.render_images(catalog, root / ".cache" / "images", background=True)
    try:
        files = [*pages.render_pages(catalog, photo_map), *contact.render_contact_pages(catalog)]
        if once:  # the list pages' card markup (~48 MB at 10,000 profiles) before the data's rows
            memo.clear_unkept()
        files += [*photo_map.files, *data_outputs.render_data(catalog, packed=once), search.search_page(),
                  *cms.admin_files(root, catalog.settings, production, catalog)]
        files += content_images.render_content_images(root)  # replaces the engine's blind copies
        # A content file may not take a generated URL, nor one the finishing steps write
        # (`showcase check` found these already, from planned_uris: this is defence in depth).
        content_files.check_generated(root, files, reserved=RESERVED)
        records = search.make_records(catalog, None, search.thumbs_from(photo_map))
    except BaseException:
        photo_map.cancel()
        raise
    return Generated(catalog, tuple(files), problems, photo_map, tuple(records))


def planned_uris(root: Path, catalog: Catalog) -> list[content_files.Planned]:
    """(uri, edit path) of every file `generate` writes outside RESERVED, from each stage's own
    URI functions (the ones its renderer uses), with nothing rendered: about 10 ms at 10,000
    profiles, where rendering takes minutes. tests/test_planned_uris.py holds it equal to
    what generate really writes."""
    return [*pages.planned_uris(catalog), *contact.planned_uris(), *data_outputs.planned_uris(catalog),
            (search.PAGE_URI, None), *admin.planned_uris(root)]


def check_planned(root: Path, content: Content, problems: Problems) -> None:
    """`showcase check`'s half of the generated-URL rule: content/ against planned_uris."""
    catalog = make_catalog(content, load_settings(root))
    content_files.generated_collisions(root, planned_uris(root, catalog), RESERVED, problems)


def swap(new: Path, target: Path) -> None:
    """Replace target with new by two renames: a reader sees the old site or the new one,
    never a half-written one, and a failure before the renames leaves target untouched."""
    if not target.exists():
        new.rename(target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    target.rename(old / target.name)
    new.rename(target)
    discard(old)


def discard(folder: Path) -> None:
    """Delete a folder by a process of its own that outlives this one: an old site's 45,000
    files (or hard links) at 10,000 profiles took 5-8 s to delete, after the build was done."""
    try:  # posix_spawn: no Popen object left to warn that its process still runs
        os.posix_spawn(sys.executable, [sys.executable, "-c", "import shutil, sys; "
                                        "shutil.rmtree(sys.argv[1], True)", str(folder)],
                       os.environ, setsid=True)
    except (OSError, AttributeError):  # AttributeError: no posix_spawn (Windows)
        shutil.rmtree(folder, ignore_errors=True)


def link_static(static: list[OutFile], site_dir: Path) -> None:
    """Hard-link cached images into the site instead of copying thousands of files."""
    for out in static:
        target = site_dir / out.uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        try:
            os.link(out.source, target)
        except OSError:  # another file system, or links not allowed
            shutil.copyfile(out.source, target)


def write_times(root: Path, times: dict[str, float]) -> None:
    """Stage times for `showcase bench` (kept out of the site, in the git-ignored cache)."""
    cache = root / ".cache"
    cache.mkdir(exist_ok=True)
    (cache / "build-times.txt").write_text(
        "".join(f"{k}\t{v:.3f}\n" for k, v in sorted(times.items())), encoding="utf-8")
