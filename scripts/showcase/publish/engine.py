"""The thin MkDocs adapter: asks the core for files and adds them to the build.

This is the only module that imports MkDocs, and it uses only the public plugin
API (events, File.generated), so plain `mkdocs build` and `mkdocs serve` work.
"""
from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from showcase.publish.pipeline import Generated, generate
from showcase.core.problems import ContentError

log = logging.getLogger("mkdocs.plugins.showcase")


class ShowcaseConfig(Config):
    production = c.Type(bool, default=False)


class ShowcasePlugin(BasePlugin[ShowcaseConfig]):
    def __init__(self) -> None:
        self.preloaded: Generated | None = None  # set by `showcase build` to skip a second check
        self.generated: Generated | None = None
        self.html: dict[str, str] = {}
        self.static: list = []

    def on_config(self, config):
        self.started = time.perf_counter()
        return config

    def on_files(self, files: Files, *, config) -> Files:
        root = Path(config.config_file_path).parent
        for f in files.documentation_pages():  # edit_uri points at the repo root, not content/
            f.edit_uri = f"content/{f.src_uri}"
        try:
            gen = self.preloaded or generate(root, strict=bool(config.strict),
                                             production=self.config.production)
        except ContentError as exc:
            raise PluginError("Nội dung có lỗi:\n" + exc.problems.render() + "\n"
                              + exc.problems.summary()) from None
        self.preloaded = None
        self.generated = gen
        self.html = {out.uri: out.html for out in gen.files if out.html}
        self.static = [out for out in gen.files if out.source is not None]
        for f in list(files.documentation_pages()):  # sample posts in a production build
            if f"content/{f.src_uri}" in gen.catalog.hidden_pages:
                files.remove(f)
        for out in gen.files:
            old = files.get_file_from_path(out.uri)
            if old is not None:
                files.remove(old)
            if out.source is not None:
                continue  # linked into the site after the build (see link_static)
            f = File.generated(config, out.uri, content=out.content)
            if out.edit_path:
                f.edit_uri = out.edit_path
            files.append(f)
        return files

    def on_page_content(self, html: str, *, page, config, files) -> str:
        """Generated HTML joins after the Markdown part; it never passes through Markdown."""
        return html + self.html.get(page.file.src_uri, "")

    def on_post_build(self, *, config) -> None:
        if self.generated is None:
            return
        link_static(self.static, Path(config.site_dir))
        times = {"mkdocs": time.perf_counter() - self.started}
        clock = time.perf_counter()
        try:
            from showcase.outputs.search import build_search_index
        except ImportError:  # search stage not present yet
            build_search_index = None
        if build_search_index is not None:
            build_search_index(self.generated.catalog, Path(config.site_dir),
                               photo_map=self.generated.photo_map)
        times["search"] = time.perf_counter() - clock
        _write_times(Path(config.config_file_path).parent, times)


def link_static(static: list, site_dir: Path) -> None:
    """Hard-link cached images into the site instead of copying thousands of files."""
    for out in static:
        target = site_dir / out.uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        try:
            os.link(out.source, target)
        except OSError:  # another file system, or links not allowed
            shutil.copyfile(out.source, target)


def _write_times(root: Path, times: dict[str, float]) -> None:
    """Stage times for `showcase bench` (kept out of the site, in the git-ignored cache)."""
    cache = root / ".cache"
    cache.mkdir(exist_ok=True)
    (cache / "build-times.txt").write_text(
        "".join(f"{k}\t{v:.3f}\n" for k, v in times.items()), encoding="utf-8")
