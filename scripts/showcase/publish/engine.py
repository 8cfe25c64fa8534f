"""The engine adapter, and the only module that imports the site engine (ProperDocs).

Two thin faces:
- `ProperDocs` is the `pipeline.Engine` that `showcase build`/`serve` call;
- `ShowcasePlugin` (entry point `showcase` in mkdocs.yml) is what the engine calls back: it
  adds the pipeline's docs tree to the engine's files and appends generated HTML after the
  Markdown. Under plain `properdocs build`/`mkdocs build`/`serve` it runs the pipeline's
  stages itself: `pipeline.generate` before the engine, `pipeline.finish` after.
Another engine means another file like this one; the pipeline does not change.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

if "mkdocs" not in sys.modules:
    # Our own process: every mkdocs.* import (Material's too) now loads ProperDocs. Under a
    # plain `mkdocs build`, MkDocs is already loaded and its classes must stay its own.
    import properdocs.replacement  # noqa: F401

from mkdocs.commands.build import build as engine_build
from mkdocs.config import config_options as c
from mkdocs.config import load_config
from mkdocs.config.base import Config
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from showcase.core.problems import ContentError
from showcase.render.templates import escape_page_text
from showcase.validate.markup import office_tel, sanitize_html
from showcase.publish import live, log_vi, pipeline
from showcase.publish.pipeline import EngineError, Generated

log = logging.getLogger("mkdocs.plugins.showcase")


class ProperDocs:
    """Builds and serves with ProperDocs, the maintained MkDocs 1.x fork, in this process."""

    name = "ProperDocs"

    def __init__(self, quiet: bool = False) -> None:
        _setup_logging(quiet)  # before the pipeline starts, so the photo stage's lines show

    def build(self, root: Path, gen: Generated, site_dir: Path, strict: bool) -> None:
        try:
            config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=strict)
            config.plugins["showcase"].preloaded = gen
            engine_build(config)
        except MkDocsException as exc:
            raise EngineError(str(exc)) from None

    def serve(self, root: Path, dev_addr: str) -> None:
        """The engine's live-reloading server in this process; mkdocs.yml's `watch` adds
        exemplars/. A failed build shows the Vietnamese error page instead (publish/live.py)."""
        live.serve(root, dev_addr, live.Engine(load_config, engine_build, LiveReloadServer,
                                               "properdocs"))

    @staticmethod
    def command(*args: str) -> list[str]:
        """The engine's own command line (`showcase bench` times plain builds with it)."""
        return [sys.executable, "-m", "properdocs", *args]


class ShowcaseConfig(Config):
    production = c.Type(bool, default=False)


class ShowcasePlugin(BasePlugin[ShowcaseConfig]):
    def __init__(self) -> None:
        self.preloaded: Generated | None = None  # set by the pipeline: content is checked once
        self.generated: Generated | None = None
        self.standalone = False  # plain `properdocs build/serve`: we run the finishing steps
        self.html: dict[str, str] = {}

    def on_files(self, files: Files, *, config) -> Files:
        self.standalone = self.preloaded is None
        gen = self.preloaded or _generate(config, self.config.production)
        self.preloaded = None
        self.generated = gen
        self.html = {out.uri: out.html for out in gen.files if out.html}
        for f in files.documentation_pages():  # edit_uri points at the repo root, not content/
            f.edit_uri = f"content/{f.src_uri}"
        for f in list(files.documentation_pages()):  # sample posts in a production build
            if f"content/{f.src_uri}" in gen.catalog.hidden_pages:
                files.remove(f)
        for out in gen.files:
            old = files.get_file_from_path(out.uri)
            if old is not None:
                files.remove(old)
            if out.source is None:  # cached images are linked by pipeline.finish instead
                files.append(_file(config, out))
        return files

    def on_page_content(self, html: str, *, page, config, files) -> str:
        """The Markdown part (hand-written pages, posts, movements) is cleaned by the one
        sanitiser policy, as a second line behind the check; generated HTML joins after it
        and never passes through Markdown."""
        tel = (self.generated.catalog.settings.office_tel if self.generated is not None
               else office_tel(Path(config.config_file_path).parent))
        return sanitize_html(html, tel) + self.html.get(page.file.src_uri, "")

    def on_env(self, env, *, config, files):
        """Every page is read by now and none rendered yet: escape titles and descriptions
        once, so the nav of every page shows them escaped too."""
        for f in files.documentation_pages():
            if f.page is not None:
                escape_page_text(f.page)
        return env

    def on_post_build(self, *, config) -> None:
        if self.standalone and self.generated is not None:
            pipeline.finish(self.generated, Path(config.site_dir))


def _generate(config, production: bool) -> Generated:
    try:
        return pipeline.generate(Path(config.config_file_path).parent, strict=bool(config.strict),
                                 production=production)
    except ContentError as exc:
        raise PluginError("Nội dung có lỗi:\n" + exc.problems.render() + "\n"
                          + exc.problems.summary()) from None


def _file(config, out) -> File:
    f = File.generated(config, out.uri, content=out.content)
    if out.edit_path:
        f.edit_uri = out.edit_path
    return f


def _setup_logging(quiet: bool) -> None:
    """The engine's English progress lines are hidden; our stages' lines and all warnings show."""
    engine_log = logging.getLogger("properdocs")
    # As ProperDocs' own CLI does: Material and our stages log under mkdocs.*, and strict mode
    # counts only the warnings that reach the properdocs logger.
    logging.getLogger("mkdocs").parent = engine_log
    logging.getLogger("mkdocs").setLevel(logging.NOTSET)
    engine_log.setLevel(logging.WARNING)
    log.setLevel(logging.WARNING if quiet else logging.INFO)
    if not engine_log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(log_vi.VietnameseFormatter())
        engine_log.addHandler(handler)
