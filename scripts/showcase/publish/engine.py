"""The engine adapter, and the only module that imports the site engine (ProperDocs).

Two thin faces:
- `ProperDocs` is the `pipeline.Engine` that `showcase build`/`serve` call;
- `ShowcasePlugin` (entry point `showcase` in mkdocs.yml) is what the engine calls back: it
  adds the pipeline's docs tree to the engine's files and appends generated HTML after the
  Markdown. Under plain `properdocs build`/`mkdocs build`/`serve` it runs the pipeline's
  stages itself: `pipeline.generate` before the engine, `incremental.finish` after.
Another engine means another file like this one; the pipeline does not change.
"""
from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import logging
import os
import re
import signal
import sys
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urljoin, urlsplit

import jinja2
from markupsafe import escape

if "mkdocs" not in sys.modules:
    # Our own process: every mkdocs.* import (Material's too) now loads ProperDocs. Under a
    # plain `mkdocs build`, MkDocs is already loaded and its classes must stay its own.
    import properdocs.replacement  # noqa: F401

from mkdocs import utils
from mkdocs.commands import build as engine_module
from mkdocs.config import config_options as c
from mkdocs.config import load_config
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort, BuildError, MkDocsException, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from showcase.core.problems import ContentError
from showcase.render.templates import escape_page_text
from showcase.validate.markup import office_tel, sanitize_html
from showcase.publish import incremental, live, log_vi, pipeline, shell
from showcase.validate import fanout
from showcase.publish.pipeline import EngineError, Generated

log = logging.getLogger("mkdocs.plugins.showcase")


class ProperDocs:
    """Builds and serves with ProperDocs, the maintained MkDocs 1.x fork, in this process."""

    name = "ProperDocs"

    def __init__(self, quiet: bool = False) -> None:
        _setup_logging(quiet)  # before the pipeline starts, so the photo stage's lines show
        self.warm: _Warm | None = None  # the preview's last build, kept in its process

    def build(self, root: Path, gen: Generated, site_dir: Path, strict: bool,
              previous: "Rendered | None" = None, key: str = "",
              serve_url: str | None = None, later: list | None = None,
              beside: Callable[[frozenset[str]], None] | None = None) -> "Rendered":
        """Write gen's site into site_dir. With `previous` (what the last build wrote into
        site_dir, under the same `key`), only pages and files whose inputs changed are
        rendered and written; the rest of site_dir is kept as it is. The preview (`serve_url`)
        keeps the engine's objects of its last build and patches them where it can (_Warm).
        `beside` is run while forked workers render the pages, when they do (_build_pages),
        given every path this build writes into site_dir."""
        warm, self.warm = self.warm, None  # a build that fails leaves none behind
        try:
            if warm is not None and (done := warm.patch(gen, site_dir, previous, key, serve_url,
                                                        later)):
                self.warm = warm
                return done
            config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=strict)
            if serve_url:
                config.site_url = serve_url
            config.plugins["showcase"].preloaded = gen
            done, kept = _render(config, previous, key, serve_url, beside)
            if serve_url and not strict:
                self.warm = _Warm.keep(config, kept, gen, done, key, serve_url)
            else:  # only a preview builds again in this process: the digests' OutFiles
                _DIGESTS.clear()  # (every page's HTML and data file) may go once written
                config.plugins["showcase"].release()
            return done
        except MkDocsException as exc:
            raise EngineError(str(exc)) from None

    def serve(self, root: Path, dev_addr: str) -> None:
        """The engine's live-reloading server in this process, rebuilding incrementally;
        mkdocs.yml's `watch` adds exemplars/. A failed build shows the Vietnamese error page
        instead (publish/live.py)."""
        live.serve(root, dev_addr, live.Engine(load_config, self, LiveReloadServer, "properdocs"))

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
        # Our page loop (_render) joins each page's generated HTML only as it renders the
        # page (_build_one): every page's HTML unpacked at once was 219 MB at 10,000 profiles.
        self.deferred = False
        self.outs: dict[str, Any] = {}
        self.seen: dict[Any, str] = {}

    def release(self) -> None:
        """Forget this build's outputs. The engine keeps its plugin objects for the next build
        in the process (properdocs' Plugins option caches them), and with them every page's
        OutFile and the open data file (~85 MB at 10,000 profiles, to the end of the state's save)."""
        self.preloaded = self.generated = None
        self.outs, self.seen = {}, {}

    def release_pages(self) -> None:
        """Forget the pages' OutFiles once forked workers hold them and this process renders
        none (_build_pages, with `beside`): their packed HTML went on through the search,
        the build's peak (50,000 profiles: ~165 MB)."""
        self.outs, self.seen = {}, {}
        _DIGESTS.clear()

    def on_files(self, files: Files, *, config) -> Files:
        self.standalone = self.preloaded is None
        gen = self.preloaded or _generate(config, self.config.production)
        self.preloaded = None
        self.generated = gen
        self.outs = {out.uri: out for out in gen.files}
        for f in files.documentation_pages():  # edit_uri points at the repo root, not content/
            f.edit_uri = f"content/{f.src_uri}"
        for f in list(files.documentation_pages()):  # sample posts in a production build
            if f"content/{f.src_uri}" in gen.catalog.hidden_pages:
                files.remove(f)
        for out in gen.files:
            old = files.get_file_from_path(out.uri)
            if old is not None:
                files.remove(old)
            if out.source is None:  # cached images are linked by incremental.finish instead
                files.append(_file(config, out))
        return files

    def digest(self, f: File) -> str:
        """A digest of everything the page is made from (the incremental build compares
        them). Generated pages: kept per OutFile, which the warm server's stages hand back
        unchanged, so a build does not re-hash 11,000 pages (0.9 s)."""
        out = self.outs.get(f.src_uri) if f.generated_by is not None else None
        if out is None:
            return _page_digest(f, b"")
        key = (out, f.dest_uri, f.edit_uri)
        found = _DIGESTS.get(key)
        if found is None:
            found = _page_digest(f, out.packed)
        self.seen[key] = found
        return found

    def on_post_build(self, *, config) -> None:
        _DIGESTS.clear()
        _DIGESTS.update(self.seen)
        self.seen = {}
        if self.standalone and self.generated is not None:
            incremental.finish(self.generated, Path(config.site_dir), None)

    def on_page_content(self, html: str, *, page, config, files) -> str:
        """The Markdown part (hand-written pages, posts, movements) is cleaned by the one
        sanitiser policy, as a second line behind the check; generated HTML joins after it
        and never passes through Markdown."""
        tel = (self.generated.catalog.settings.office_tel if self.generated is not None
               else office_tel(Path(config.config_file_path).parent))
        out = self.outs.get(page.file.src_uri)
        if out is not None and out.toc:  # the theme prints a toc entry's title as HTML
            page.toc = get_toc([{"level": 2, "id": anchor, "name": str(escape(text)), "children": []}
                                for anchor, text in out.toc])
        own = sanitize_html(html, tel)
        return own if self.deferred or out is None else own + out.html

    def on_env(self, env, *, config, files):
        """Every page is read by now and none rendered yet: escape titles and descriptions
        once, so the nav of every page shows them escaped too."""
        shell.install(env)  # what every page shares, rendered once per distinct context
        for f in files.documentation_pages():
            if f.page is not None:
                escape_page_text(f.page)
        return env



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


# ---- the page loop: the engine's build, page by page, rendering only what changed ----------
# ProperDocs' `build()` reads and renders every page on every build, and its `--dirty` mode
# decides by file times, which generated pages do not have. `render_site` is that same
# build, step for step and through the same engine functions (`_populate_page`,
# `_build_page`, `_build_theme_template`: internal, so tests/test_engine_loop.py holds their
# source to a recorded digest and compares a full render with the engine's own `build()`
# byte for byte), with two changes:
# - a page whose Markdown part is empty (every generated page: their HTML is appended after)
#   skips the Markdown pass, which built a new parser per page (16% of a 10,000 build);
# - given the last build's `Rendered`, it renders only pages whose inputs changed, copies only
#   changed files and removes what is no longer produced. A page's HTML depends on its own
#   source, the configuration, the theme, the code and the nav (titles and URLs: every page
#   shows it); the first three and the code are in `key`, the nav is digested here. Any of
#   them changed, or an output missing: that page (or all pages) is rendered again.

@dataclass
class Rendered:
    """What one build wrote, for the next incremental one: inputs' digests per output."""

    key: str  # the caller's: code, configuration, theme
    nav: str = ""  # the nav's digest: titles and URLs
    templates: str = ""  # what the theme's static templates read (see _render_pages)
    pages: dict[str, str] = field(default_factory=dict)  # src_uri → digest of the page's source
    statics: dict[str, str] = field(default_factory=dict)  # dest_uri → digest of the file
    # src_uri → front matter as read: pages not rendered again get theirs back, for the
    # templates that list every page (sitemap-trang.xml reads `robots`)
    meta: dict[str, dict] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # src_uri → title as read
    outputs: frozenset[str] = frozenset()  # every file written, relative to site_dir
    rendered: int = 0  # pages rendered by this build (for the bench and the log)
    patched: bool = False  # by the warm preview's patch (_Warm), not a render_site


def render_site(config: Any, previous: Rendered | None, key: str,
                serve_url: str | None = None) -> Rendered:
    """The engine's `build()`, page by page (see above)."""
    return _render(config, previous, key, serve_url)[0]


@dataclass
class _Kept:
    """The engine's objects at the end of a build (a warm preview patches them next time)."""

    files: Files
    env: Any
    nav: Navigation
    meta_read: frozenset[str]  # front matter keys the static templates read ("*": any)
    underneath: frozenset[str]  # docs/theme files that generated files replaced: one
    # no longer generated brings its file back, which only a render_site lists


def _render(config: Any, previous: Rendered | None, key: str, serve_url: str | None,
            beside: Callable[[frozenset[str]], None] | None = None) -> tuple[Rendered, _Kept]:
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    engine_log = _engine_log()
    if config.strict:
        engine_log.addHandler(counter)
    inclusion = InclusionLevel.is_in_serve if serve_url else InclusionLevel.is_included
    config.plugins["showcase"].deferred = True  # _build_one joins the generated HTML
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        if previous is None:
            utils.clean_directory(config.site_dir)
        files, env, underneath = _gather(config, key)
        read: set[str] = {"*"}  # not rendered this time: any key may be read
        done, nav, env = _render_pages(config, files, env, previous, key, inclusion, read,
                                       share=serve_url is None, beside=beside)
        read = frozenset(read)
        config.plugins.on_post_build(config=config)
        if counts := counter.get_counts():
            raise Abort("Aborted with " + ", ".join(f"{v} {k.lower()}s" for k, v in counts)
                        + " in strict mode!")
        return done, _Kept(files, env, nav, read, underneath)
    except Exception as exc:
        config.plugins.on_build_error(error=exc)
        if isinstance(exc, BuildError):
            raise Abort("Aborted with a BuildError!") from exc
        raise
    finally:
        engine_log.removeHandler(counter)


def _gather(config: Any, key: str) -> tuple[Files, Any, frozenset[str]]:
    files = get_files(config)
    env = config.theme.get_env()
    env.bytecode_cache = _TEMPLATES  # the theme's templates compile once per process
    _add_theme_files(files, env, config, key)
    before = {f.src_uri for f in files}
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)  # plugins' files get their inclusion level
    generated = {f.src_uri for f in files if f.generated_by is not None}
    return files, env, frozenset(before & generated)


def _add_theme_files(files: Files, env: Any, config: Any, key: str) -> None:
    """`Files.add_files_from_theme`, with the theme's file list kept per `key` (which covers
    the theme's version and theme_overrides/): listing Material's ~900 templates took 0.2 s
    of every preview rebuild."""
    names = (key, tuple(config.theme.dirs))
    if _THEME_FILES.get("key") != names:
        probe = Files([])
        probe.add_files_from_theme(env, config)
        _THEME_FILES.update(key=names, found=[(f.src_uri, f.src_dir) for f in probe])
    for path, folder in _THEME_FILES["found"]:
        if files.get_file_from_path(path) is None:  # theme files do not override docs files
            files.append(File(path, folder, config.site_dir, config.use_directory_urls))


_THEME_FILES: dict[str, Any] = {}


def _render_pages(config: Any, files: Files, env: Any, previous: Rendered | None, key: str,
                  inclusion: Any, read: set[str], share: bool = False,
                  beside: Callable[[frozenset[str]], None] | None = None) -> tuple[Rendered, Navigation, Any]:
    plugin = config.plugins["showcase"]
    docs = files.documentation_pages(inclusion=inclusion)
    state = Rendered(key)
    state.pages = {f.src_uri: plugin.digest(f) for f in docs}
    same = previous is not None and previous.key == key  # code, configuration, theme
    # site_dir holds what `previous` wrote (the caller's contract: a verified snapshot for a
    # build, the preview's own folder for serve), so an unchanged digest is an existing page.
    changed = [f for f in docs if not same or previous.pages.get(f.src_uri) != state.pages[f.src_uri]]
    nav = _navigation(config, files, changed if same else None)
    listed = {id(page) for page in nav.pages}
    in_nav = [f for f in docs if f.page is not None and id(f.page) in listed]
    fresh = {f.src_uri for f in changed}
    for f in in_nav:  # titles first: every page shows the nav
        _restore(f.page, previous, state) if f.src_uri not in fresh else _populate(f.page, config, files, state)
    state.nav = _nav_digest(nav)
    full = not same or previous.nav != state.nav
    todo = docs if full else changed
    for f in todo:
        if f.page is None:  # as get_navigation does for every page
            Page(None, f, config)
        if f.page.markdown is None:  # not read yet, or only restored for the nav
            _populate(f.page, config, files, state)
    for f in docs:
        if f.page is not None and f.src_uri not in state.meta:
            _restore_meta(f.page, previous, state)
    env = config.plugins.on_env(env, config=config, files=files)
    today = utils.get_build_date()
    for f in docs:  # after on_env: nothing but the sitemap reads these, and not their titles
        if f.page is None:  # not rendered again: the sitemap lists it from what was read before
            _Listed(f, config, previous.meta[f.src_uri], today)
            state.meta[f.src_uri] = previous.meta[f.src_uri]
    outputs = _copy_statics(files, inclusion, previous if same else None, state, plugin)
    # sitemap.xml, 404.html: they read the nav and the list of pages (URLs, front matter) and
    # the build date; with all of these as before, last build's files stand.
    state.templates = _templates_digest(state, docs, today)
    if same and previous.templates == state.templates:
        outputs |= {out for out in previous.outputs
                    if out.split(".gz")[0] in config.theme.static_templates}
    else:
        read.clear()
        outputs |= _theme_templates(env, files, config, nav, read)
    outputs |= {f.dest_uri for f in docs}
    _build_pages(todo, config, docs, nav, env, fanout.workers() if share else 1,
                 beside and functools.partial(beside, frozenset(outputs)))
    for f in todo:
        f.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    if previous is not None:
        for gone in sorted(previous.outputs - outputs):
            _unlink(os.path.join(config.site_dir, gone))
    state.outputs, state.rendered = frozenset(outputs), len(todo)
    return state, nav, env


def _build_pages(todo: list[File], config: Any, docs: list[File], nav: Navigation, env: Any,
                 workers: int, beside: Callable[[], None] | None = None) -> None:
    """Render and write the pages. A build with many shares them out to forked workers, one
    per core (SHOWCASE_WORKERS): each page is rendered on its own from what every process
    holds by now, so the bytes are the same (14 s of a 41 s full build at 10,000 profiles).
    With `beside` every share goes to a worker and this process runs it meanwhile (the
    search files: ~10 s of one core at 10,000 profiles, which waited for the pages).
    Never in the preview's process, whose server threads make fork unsafe."""
    if workers < 2 or len(todo) < PARALLEL_PAGES or not hasattr(os, "fork"):
        for f in todo:
            _build_one(f, config, docs, nav, env)
        return
    shares = [todo[k::workers] for k in range(workers)]
    children = [_fork_pages(share, config, docs, nav, env) for share in shares[beside is None:]]
    try:
        if beside is not None:  # a build, never the preview (which keeps its OutFiles)
            config.plugins["showcase"].release_pages()
            beside()
        else:
            for f in shares[0]:
                _build_one(f, config, docs, nav, env)
    except BaseException:  # stopped (Ctrl+C, kill) or failed: no worker's page is wanted now,
        for pid in children:  # and they must not write into the folder being removed
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        raise
    finally:
        codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]
    if any(code == 1 or code < 0 for code in codes):
        raise BuildError("a page worker failed (its error is above)")
    if config.strict and any(codes):
        raise Abort("Aborted with warnings from a page worker in strict mode!")


PARALLEL_PAGES = 2000  # below this, forking costs more than it saves


def _fork_pages(pages: list[File], config: Any, docs: list[File], nav: Navigation, env: Any) -> int:
    """A child rendering `pages`; it exits 0, 2 when it logged warnings, 1 when it failed."""
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        # What the parent holds goes out of the collector's sight (it would touch, and so copy,
        # every shared object), but not what rendering makes: with the collector off, each
        # page's cycles stayed to the end (a worker grew by ~500 MB over 25,000 pages).
        gc.freeze()
        counter = utils.CountHandler()
        counter.setLevel(logging.WARNING)
        _engine_log().addHandler(counter)
        for f in pages:
            _build_one(f, config, docs, nav, env)
        code = 2 if counter.get_counts() else 0
    except BaseException:  # noqa: BLE001 - reported by the parent through the exit code
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _engine_log() -> logging.Logger:
    """The logger whose warnings strict mode counts (MkDocs' own under a plain `mkdocs build`)."""
    return logging.getLogger("properdocs" if "properdocs" in sys.modules else "mkdocs")


def _build_one(f: File, config: Any, docs: list[File], nav: Navigation, env: Any) -> None:
    _unshare(f.abs_dest_path)
    page, own = f.page, f.page.content
    out = config.plugins["showcase"].outs.get(f.src_uri)
    if out is not None and out.packed:  # the generated HTML, unpacked for this page only
        page.content = (own or "") + out.html
    try:
        engine_module._build_page(page, config, docs, nav, env, False,
                                  excluded=f.inclusion.is_excluded())
    finally:
        page.content = own


def _templates_digest(state: Rendered, docs: list[File], today: str) -> str:
    """What the theme's static templates read: the nav, the build date, and the pages in
    order with their front matter (their URLs follow from src_uri)."""
    return _digest(state.nav, today, repr([(f.src_uri, state.meta[f.src_uri]) for f in docs]))



# ---- the warm preview: patching the last build --------------------------------------------
# `render_site` still lists and digests every file, restores every page's front matter and
# builds the nav: ~0.8 s at 10,000 profiles, most of an edit's preview. The preview's process
# keeps the engine's objects instead (config, Files, nav, the theme's environment with its
# shell cache) and, when only generated files changed, patches them: new `File`s and `Page`s
# for the changed files, rendered as `_render_pages` renders them (a page the nav titles takes
# its predecessor's place in the nav); the sitemap only when the pages' order or a front
# matter key it reads changed. Anything else (content/, the key, a nav page the nav does not
# title or that comes or goes, a plugin besides ours) is a `render_site`.
# tests/test_incremental.py compares each patched folder with a cold render.

@dataclass
class _Warm:
    config: Any
    kept: _Kept
    outs: dict[str, Any]  # uri → OutFile the engine's file was made from
    made: dict[str, File]  # uri → that File (generated files the engine writes)
    nav_uris: frozenset[str]
    titled: frozenset[str]  # nav pages titled by the nav itself: their content may change
    docs_dir: tuple  # content/ as listed when kept
    order: list[str]  # documentation pages' src_uri, in the engine's order
    rendered: Rendered
    key: str
    serve_url: str
    replaced: dict[str, Any] = field(default_factory=dict)  # uri → the page a new File replaces

    @classmethod
    def keep(cls, config: Any, kept: _Kept, gen: Generated, rendered: Rendered, key: str,
             serve_url: str) -> "_Warm | None":
        if (list(config.plugins) != ["showcase"] or config.plugins["showcase"].config.production
                or not config["nav"]):
            return None  # other plugins' events are not replayed; without a nav every page is in it
        made = {f.src_uri: f for f in kept.files if f.generated_by is not None}
        nav_uris = frozenset({p.file.src_uri for p in kept.nav.pages} | set(_nav_paths(config["nav"])))
        order = [f.src_uri for f in kept.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)]
        titled = frozenset(_titled_paths(config["nav"]))
        return cls(config, kept, {out.uri: out for out in gen.files}, made, nav_uris, titled,
                   _listing(config.docs_dir), order, rendered, key, serve_url)

    def patch(self, gen: Generated, site_dir: Path, previous: Rendered | None, key: str,
              serve_url: str | None, later: list | None = None) -> Rendered | None:
        """The next build's Rendered, by patching; None when it must be a `render_site`."""
        config = self.config
        if (previous is not self.rendered or key != self.key or serve_url != self.serve_url
                or str(site_dir) != config.site_dir or _listing(config.docs_dir) != self.docs_dir):
            return None
        outs = {out.uri: out for out in gen.files}
        last = self.outs
        changed = [out for uri, out in outs.items()
                   if (old := last.get(uri)) is not out and old != out]  # most are the same object
        gone = [uri for uri in self.outs if uri not in outs]
        touched = {out.uri for out in changed}
        if touched & (self.nav_uris - self.titled) or (touched - self.made.keys()) & self.nav_uris \
                or set(gone) & (self.nav_uris | self.kept.underneath) or any(
                (out.uri in self.head_uris) if out.source is None else (out.uri in self.made)
                for out in changed):
            return None  # the nav changes, a file the engine listed itself, a page became an image
        return self._apply(gen, outs, [o for o in changed if o.source is None], gone, later)

    @functools.cached_property
    def head(self) -> list[File]:
        """The files the engine listed itself (content/, the theme), in its order."""
        return [f for f in self.kept.files if f.generated_by is None]

    @functools.cached_property
    def head_uris(self) -> frozenset[str]:
        return frozenset(f.src_uri for f in self.head)

    @functools.cached_property
    def head_docs(self) -> list[File]:
        return [f for f in self.head if _served_doc(f)]

    @functools.cached_property
    def doc_uris(self) -> set[str]:
        """Generated files that are served pages (kept up to date by _make_files, _drop)."""
        return {uri for uri, f in self.made.items() if _served_doc(f)}

    def _apply(self, gen: Generated, outs: dict[str, Any], changed: list[Any],
               gone: list[str], later: list | None) -> Rendered:
        config, kept, prev = self.config, self.kept, self.rendered
        plugin = config.plugins["showcase"]
        plugin.generated, plugin.outs = gen, outs
        state = Rendered(self.key, prev.nav, prev.templates, dict(prev.pages), dict(prev.statics),
                         dict(prev.meta), dict(prev.titles))
        removed = {f.dest_uri for f in self._drop(gone, state)}
        fresh = self._make_files(changed)
        made, doc_uris = self.made, self.doc_uris
        files = Files([*self.head, *(made[out.uri] for out in gen.files if out.uri in made)])
        served = [f for f in fresh if InclusionLevel.is_in_serve(f.inclusion)]
        docs = [f for f in served if f.is_documentation_page()]
        for f in served:  # digests left unknown (hashing big list pages cost 0.1 s): a later
            if not f.is_documentation_page():  # render_site renders these pages again
                state.statics[f.dest_uri] = ""
                # Data files no page needs to show (the 35 MB open data: 65 ms): after the
                # pages, when the caller takes them (`later`).
                if later is None:
                    _copy(f)
                else:
                    later.append(functools.partial(_copy, f))
        swapped = False
        for f in docs:
            state.pages[f.src_uri] = ""
            page = Page(None, f, config)
            if f.src_uri in self.nav_uris:  # titled by the nav: it stays as it was
                page.title = prev.titles[f.src_uri]
                _replace_in_nav(kept.nav, self.replaced[f.src_uri], page)
                swapped = True
            _populate(page, config, files, state)
            escape_page_text(page)
        if swapped:
            shell.nav_pages_replaced(kept.env)
        all_docs = [*self.head_docs, *(made[out.uri] for out in gen.files if out.uri in doc_uris)]
        order = [f.src_uri for f in all_docs]
        outputs = set(prev.outputs) - removed
        read = kept.meta_read
        if order != self.order or any(_read(state.meta[f.src_uri], read)
                                      != _read(prev.meta.get(f.src_uri), read) for f in docs):
            state.templates = ""  # unknown: a later render_site renders them again
            if later is None:
                found: set[str] = set()
                outputs |= _theme_templates(kept.env, files, config, kept.nav, found)
                read = frozenset(found)
            else:  # no page shows the sitemap (11,000 URLs: ~0.2 s of an addition); 404.html
                # shows only the nav, which is unchanged here. Their outputs are the last
                # build's: a patch never adds nor drops a theme template.
                later.append(functools.partial(self._static_templates, files))
        for f in docs:
            _build_one(f, config, all_docs, kept.nav, kept.env)
            f.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        plugin.seen = {}
        state.outputs = frozenset(outputs | {f.dest_uri for f in served})
        state.rendered, state.patched = len(docs), True
        self.kept = _Kept(files, kept.env, kept.nav, read, kept.underneath)
        self.outs, self.order, self.rendered = outs, order, state
        return state

    def _static_templates(self, files: Files) -> None:
        """The sitemap and 404 page again, after the pages; the keys they read now."""
        kept, found = self.kept, set()
        _theme_templates(kept.env, files, self.config, kept.nav, found)
        self.kept = replace(kept, meta_read=frozenset(found))

    def _drop(self, gone: list[str], state: Rendered) -> list[File]:
        """Files no longer generated: their outputs removed, their entries forgotten."""
        dropped = [f for f in (self.made.pop(uri, None) for uri in gone) if f is not None]
        for f in dropped:
            self.doc_uris.discard(f.src_uri)
            _unlink(f.abs_dest_path)
            for table, name in ((state.pages, f.src_uri), (state.meta, f.src_uri),
                                (state.titles, f.src_uri), (state.statics, f.dest_uri)):
                table.pop(name, None)
            f.page = None  # File and Page refer to each other: no cycle left behind
        return dropped

    def _make_files(self, changed: list[Any]) -> list[File]:
        """The engine's files for changed OutFiles, as on_files and set_exclusions make them."""
        config = self.config
        config.plugins._current_plugin = "showcase"  # File.generated records its maker
        try:
            fresh = [_file(config, out) for out in changed]
        finally:
            config.plugins._current_plugin = None
        set_exclusions(fresh, config)
        self.replaced = {}
        for f in fresh:
            old = self.made.get(f.src_uri)
            if old is not None:
                self.replaced[f.src_uri] = old.page
                old.page = None
            self.made[f.src_uri] = f
            if _served_doc(f):
                self.doc_uris.add(f.src_uri)
            else:
                self.doc_uris.discard(f.src_uri)
        return fresh


def _copy(f: File) -> None:
    _unshare(f.abs_dest_path)
    f.copy_file(False)


def _served_doc(f: File) -> bool:
    return f.is_documentation_page() and InclusionLevel.is_in_serve(f.inclusion)


def _replace_in_nav(nav: Navigation, old: Any, new: Page) -> None:
    """`new` takes `old`'s place in the nav: its section, its neighbours' links, the home."""
    siblings = old.parent.children if old.parent is not None else nav.items
    for i, item in enumerate(siblings):
        if item is old:
            siblings[i] = new
    for i, item in enumerate(nav.pages):
        if item is old:
            nav.pages[i] = new
    new.parent, new.previous_page, new.next_page = old.parent, old.previous_page, old.next_page
    if old.previous_page is not None:
        old.previous_page.next_page = new
    if old.next_page is not None:
        old.next_page.previous_page = new
    if nav.homepage is old:
        nav.homepage = new


def _titled_paths(items: Any) -> list[str]:
    """The nav's pages that the nav itself titles (`Title: page.md`)."""
    if isinstance(items, dict):
        return [v for k, v in items.items() if isinstance(v, str)] + \
            [p for v in items.values() if not isinstance(v, str) for p in _titled_paths(v)]
    if isinstance(items, list):
        return [p for v in items for p in _titled_paths(v)]
    return []


def _listing(folder: str) -> tuple:
    """content/ as the engine lists it (names, sizes, times): a hand-written page edited,
    added or removed shows here."""
    out = []
    for dirpath, dirnames, names in os.walk(folder, followlinks=True):
        dirnames.sort()
        for n in sorted(names):
            st = os.stat(os.path.join(dirpath, n))
            out.append((dirpath, n, st.st_size, st.st_mtime_ns))
    return tuple(out)


def _navigation(config: Any, files: Files, changed: list[File] | None) -> Navigation:
    """The nav, from only the files it names and the changed ones when the build may be
    incremental: get_navigation gives every other file a Page, 11,000 of them at 10,000
    profiles (a second per build). A nav that turns out changed renders every page anyway."""
    named = set(_nav_paths(config["nav"])) if config["nav"] else None
    if changed is None or named is None:
        nav = get_navigation(files, config)
    else:
        keep = {f.src_uri for f in changed} | named
        nav = get_navigation(Files([f for f in files if not f.is_documentation_page()
                                    or f.generated_by is None or f.src_uri in keep]), config)
    return config.plugins.on_nav(nav, config=config, files=files)


def _nav_paths(items: Any) -> list[str]:
    if isinstance(items, str):
        return [items]
    if isinstance(items, dict):
        return [p for v in items.values() for p in _nav_paths(v)]
    if isinstance(items, list):
        return [p for v in items for p in _nav_paths(v)]
    return []


def _restore(page: Page, previous: Rendered, state: Rendered) -> None:
    """A nav page whose source did not change: its title and front matter as read last time
    (all the nav shows of it), instead of reading and converting it again."""
    page.title = state.titles[page.file.src_uri] = previous.titles[page.file.src_uri]
    _restore_meta(page, previous, state)


def _restore_meta(page: Any, previous: Rendered, state: Rendered) -> None:
    page.meta = dict(previous.meta[page.file.src_uri])
    state.meta[page.file.src_uri] = previous.meta[page.file.src_uri]


class _Listed:
    """What the sitemap reads of a page that this build neither renders nor reads: the
    engine's own Page costs 0.1 ms each (urljoin), 1 s for 11,000 pages."""

    is_link = False
    title = None  # not read: on_env's escaping leaves it alone

    def __init__(self, file: File, config: Any, meta: dict, today: str) -> None:
        file.page = self  # type: ignore[assignment]
        self.file, self.meta, self.update_date = file, meta, today
        base = config.get("site_url")
        if not base:
            self.canonical_url = self.abs_url = None
            return
        base = base if base.endswith("/") else base + "/"
        if _PLAIN_URL.fullmatch(file.url):  # then urljoin only appends, and so does the path
            self.canonical_url = base + file.url
            self.abs_url = _base_path(base) + file.url
        else:
            self.canonical_url = urljoin(base, file.url)
            self.abs_url = urlsplit(self.canonical_url).path


@functools.lru_cache(maxsize=4)
def _base_path(base: str) -> str:
    return urlsplit(base).path


_PLAIN_URL = re.compile(r"(?:[a-z0-9][a-z0-9._-]*/)*(?:[a-z0-9][a-z0-9._-]*)?")


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled theme templates kept in memory, keyed by name and source checksum (Jinja's
    own key): a new theme environment per build otherwise compiles ~36 templates again."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = _MemoryBytecodeCache()


def _populate(page: Page, config: Any, files: Files, state: Rendered) -> None:
    """`_populate_page`, without the Markdown pass for an empty Markdown part: for it the
    engine's converter returns '' and finds no title, heading, anchor or link."""
    config._current_page = page
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config,
                                                        files=files)
        if page.markdown.strip():
            page.render(config, files)
        else:
            page.content, page.toc, page._title_from_render = "", get_toc([]), None
            page.present_anchor_ids, page.links_to_anchors = set(), {}
        page.content = config.plugins.on_page_content(page.content, page=page, config=config,
                                                      files=files)
        state.titles[page.file.src_uri] = page.title  # before on_env escapes it
        state.meta[page.file.src_uri] = dict(page.meta)
    finally:
        config._current_page = None


def _copy_statics(files: Files, inclusion: Any, previous: Rendered | None, state: Rendered,
                  plugin: Any) -> set[str]:
    out = set()
    for f in files:
        if f.is_documentation_page() or not inclusion(f.inclusion):
            continue
        digest = plugin.digest(f) if f.generated_by is not None else _static_digest(f)
        state.statics[f.dest_uri] = digest
        out.add(f.dest_uri)
        if previous is None or previous.statics.get(f.dest_uri) != digest \
                or not os.path.exists(f.abs_dest_path):
            _unshare(f.abs_dest_path)
            f.copy_file(False)
    return out


def _theme_templates(env: Any, files: Files, config: Any, nav: Navigation,
                     read: set[str]) -> set[str]:
    """The theme's static templates, every page's front matter behind a _Probe that adds the
    keys they read to `read`."""
    written = []
    for name in sorted(config.theme.static_templates):
        written += [name, f"{name}.gz"] if name == "sitemap.xml" else [name]
    for out in written:
        _unshare(os.path.join(config.site_dir, out))
    pages = [f.page for f in files if f.page is not None]
    metas = [page.meta for page in pages]
    for page in pages:
        page.meta = _Probe(page.meta, read)
    try:
        for name in sorted(config.theme.static_templates):
            engine_module._build_theme_template(name, env, files, config, nav)
    finally:
        for page, meta in zip(pages, metas):
            page.meta = meta
    return {out for out in written if os.path.exists(os.path.join(config.site_dir, out))}


class _Probe(dict):
    """A page's front matter that notes the keys read; "*" when read whole."""

    def __init__(self, meta: dict, read: set[str]) -> None:
        super().__init__(meta)
        self._showcase_read = read

    def __getitem__(self, key: Any) -> Any:
        self._showcase_read.add(str(key))
        return super().__getitem__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        self._showcase_read.add(str(key))
        return super().get(key, default)

    def __contains__(self, key: Any) -> bool:
        self._showcase_read.add(str(key))
        return super().__contains__(key)


def _read_whole(name: str) -> Callable[..., Any]:
    def method(self: _Probe, *args: Any) -> Any:
        self._showcase_read.add("*")
        return getattr(dict, name)(self, *args)
    return method


for _name in ("__iter__", "__len__", "keys", "values", "items", "copy", "__repr__", "__eq__",
              "__or__", "setdefault", "pop", "update"):
    setattr(_Probe, _name, _read_whole(_name))


def _read(meta: dict | None, keys: frozenset[str]) -> Any:
    """What of a page's front matter the static templates read."""
    if meta is None or "*" in keys:
        return meta
    return [(k, meta.get(k)) for k in sorted(keys)]


def _unshare(path: str) -> None:
    """Never write through a hard link into the published copy (an incremental build works
    on a hard-linked clone of site/): such a file is unlinked before the engine rewrites it.
    A file of its own is rewritten in place, so the preview server never finds it missing."""
    try:
        if os.stat(path).st_nlink > 1:
            os.unlink(path)
    except FileNotFoundError:
        pass


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _page_digest(f: File, packed: bytes) -> str:
    """From the generated HTML as packed (OutFile.packed): equal HTML, equal bytes."""
    return _digest(f.dest_uri, f.edit_uri or "", f.content_bytes, packed)


_DIGESTS: dict[Any, str] = {}  # OutFile → its page's digest, for the latest build only


def _static_digest(f: File) -> str:
    if f.generated_by is not None or f.abs_src_path is None:
        return _digest(f.dest_uri, f.content_bytes)
    st = os.stat(f.abs_src_path)  # theme assets and copied files: a changed file is rewritten
    return _digest(f.dest_uri, f.abs_src_path, str(st.st_size), str(st.st_mtime_ns))


def _nav_digest(nav: Navigation) -> str:
    def walk(items: Any) -> list:
        return [(type(i).__name__, str(i.title), getattr(i, "url", None), walk(i.children or []))
                for i in items]
    return _digest(repr(walk(nav.items)))


def _digest(*parts: str | bytes) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()
