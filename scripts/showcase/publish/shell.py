"""Material's page shell, rendered once per distinct context instead of once per page.

Every page carries the same navigation, tabs, footer and header pieces; at 10,000 profiles
Material rendered them 10,000 times (12% of a build for the nav alone). `install(env)` (called
from the engine adapter's `on_env`) makes the theme's own `partials/nav.html` & co. (SHARED)
resolve to a one-line template calling `showcase_shell(name)`, which renders the theme's real
partial (our override if theme_overrides/ has one, else Material's) once per key and returns
that Markup; theme_overrides/main.html does the same for base.html's page-independent blocks
(BLOCKS) with `showcase_shell.block(name, super)`, and falls back to `super()` without it.

Exactness: for a page outside the nav (profiles, units, lists) and the 404 page, nothing in
these partials reads the page except through MkDocs' page-relative filters (`url`,
`script_tag`): no nav item is active, the page equals no item, it has no previous/next page.
So the key is the name, base_url, which nav items are active, and the page's own result of
every filter call the partial made when first rendered (recorded, not guessed). A page in the
nav (active item, its table of contents) renders the partials in full, uncached. Each miss
checks that the partial made the same filter calls as the first time: if not, the key misses
an input and it raises. tests/test_shell_cache.py builds a site with and without the cache
and compares every byte, and audits the names each cached template reads.

Rendering is single-threaded (as MkDocs' page loop): a miss swaps the environment's
page-relative filters for recording ones while it renders. The cache lives on the environment,
which the engine makes for each build, and is dropped when a new config or nav object arrives
(titles and URLs are fixed by then), so a long `showcase serve` keeps only the latest build's
entries. SHOWCASE_SHELL_CACHE=0 turns it all off (comparison builds).
"""
from __future__ import annotations

import os
from typing import Any, Callable, Iterator

from jinja2 import BaseLoader, Environment, Template, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

# Partials read by every page whose inputs (besides the page's URL) are the site's config and
# nav. Only names whose static includes read nothing else (tests/test_shell_cache.py audits it).
SHARED = (
    "partials/nav.html",
    "partials/tabs.html",
    "partials/footer.html",
    "partials/header-top.html",
    "partials/header-bottom.html",
    "partials/logo.html",
    "partials/source.html",
    "partials/search.html",
    "partials/top.html",
    "partials/icons.html",
    "partials/javascripts/base.html",
    "partials/javascripts/content.html",
    "partials/integrations/analytics.html",
)
# Blocks of Material's base.html that read no page and no nav (theme_overrides/main.html).
BLOCKS = ("styles", "libs", "config", "scripts")
# The filters through which a page reaches these templates (MkDocs': relative to the page).
RECORDED = ("url", "script_tag")
Asked = tuple[str, Any]  # (filter, value)
GLOBAL = "showcase_shell"
SWITCH = "SHOWCASE_SHELL_CACHE"


def nav_pages_replaced(env: Environment) -> None:
    """See Shell.nav_pages_replaced; nothing to do without the cache."""
    shell = env.globals.get(GLOBAL)
    if isinstance(shell, Shell):
        shell.nav_pages_replaced()


def install(env: Environment) -> None:
    """Route the SHARED partials of `env` through the cache; idempotent."""
    if os.environ.get(SWITCH) == "0" or isinstance(env.loader, ShellLoader):
        return
    original = env.loader
    assert original is not None
    env.loader = ShellLoader(original)
    env.globals[GLOBAL] = Shell(env, original)


class ShellLoader(BaseLoader):
    """The theme's loader, except that each SHARED name is a call to the cached renderer."""

    def __init__(self, inner: BaseLoader) -> None:
        self.inner = inner

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None,
                                                                          Callable[[], bool]]:
        if template in SHARED:
            return "{{ %s(%r) }}" % (GLOBAL, template), None, lambda: True
        return self.inner.get_source(environment, template)

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()

    def __getattr__(self, name: str) -> Any:  # searchpath and the like, for whoever reads them
        return getattr(self.inner, name)


class Shell:
    """The cached renderer: `showcase_shell(name)` for a partial, `showcase_shell.block(name,
    super)` for a page-independent block of base.html (theme_overrides/main.html)."""

    def __init__(self, env: Environment, original: BaseLoader) -> None:
        self.env = env
        self.original = original
        self.templates: dict[str, Template] = {}
        self.filters = {name: env.filters[name] for name in RECORDED if name in env.filters}
        self.recorders = {name: self._recorder(name) for name in self.filters}
        self.recording: list[list[Asked]] = []  # filter calls seen, one list per open miss
        self.config: Any = None
        self.nav: Any = None
        self.nav_pages: set[int] = set()
        self.nav_items: list[Any] = []
        # (name, base_url, nav state) -> (filter calls made, {their results: HTML})
        self.entries: dict[tuple, tuple[tuple[Asked, ...], dict[tuple[str, ...], Markup]]] = {}
        self.hits = self.misses = self.uncached = 0

    @pass_context
    def __call__(self, ctx: Context, name: str) -> Markup:
        self._follow(ctx)
        if not self._shareable(ctx.get("page")):
            self.uncached += 1
            return self._render(ctx, name)  # its filter calls still reach an enclosing recording
        return self._cached(ctx, name, lambda: self._render(ctx, name))

    @pass_context
    def block(self, ctx: Context, name: str, parent: Callable[[], str]) -> Markup:
        """Material's block `name` (`parent` is the block's `super`), which reads no page."""
        if name not in BLOCKS:
            raise ValueError(f"{name}: not a page-independent block of base.html")
        self._follow(ctx)
        return self._cached(ctx, f"block {name}", lambda: Markup(parent()))

    def _cached(self, ctx: Context, name: str, render: Callable[[], Markup]) -> Markup:
        fixed = (name, ctx.get("base_url"), self._nav_state())
        entry = self.entries.get(fixed)
        if entry is not None:
            asked, done = entry
            html = done.get(self._results(ctx, asked))
            if html is not None:
                self.hits += 1
                if self.recording:  # a partial inside a partial: the outer key needs these too
                    self.recording[-1].extend(asked)
                return html
        self.misses += 1
        html, asked = self._record(render)
        if entry is None:
            entry = self.entries[fixed] = (asked, {})
        elif asked != entry[0]:
            raise RuntimeError(f"{name}: the page shell cache's key misses an input "
                               f"(filter calls {entry[0]} before, {asked} now)")
        entry[1][self._results(ctx, asked)] = html
        return html

    def _results(self, ctx: Context, asked: tuple[Asked, ...]) -> tuple[str, ...]:
        """The page's own results of the recorded filter calls: the rest of the key."""
        return tuple(self.filters[name](ctx, value) for name, value in asked)

    def _follow(self, ctx: Context) -> None:
        """A new build (config or nav object): forget the last one's entries."""
        config, nav = ctx.get("config"), ctx.get("nav")
        if config is not self.config or nav is not self.nav:
            self.config, self.nav = config, nav
            self.nav_pages_replaced()
            self.entries.clear()

    def nav_pages_replaced(self) -> None:
        """Which objects are the nav's pages and items, read again: on a new nav, and when the
        warm preview (publish/engine.py) put pages with the same titles and URLs in place of
        others, where the entries stand."""
        self.nav_pages = {id(p) for p in getattr(self.nav, "pages", ())}
        self.nav_items = _flatten(getattr(self.nav, "items", None) or ())

    def _nav_state(self) -> tuple:
        """What the partials read of the nav that changes between pages: which items are
        active (titles and URLs are set before the first page renders; new nav, new cache)."""
        return tuple(i.active for i in self.nav_items)

    def _shareable(self, page: Any) -> bool:
        """Outside the nav: no active item, no previous/next link, no table of contents."""
        return page is None or (id(page) not in self.nav_pages
                                and not page.previous_page and not page.next_page)

    def _record(self, render: Callable[[], Markup]) -> tuple[Markup, tuple[Asked, ...]]:
        """Render, noting every call of a page-relative filter (the page's only way in)."""
        self.recording.append([])
        self.env.filters.update(self.recorders)
        try:
            html = render()
        finally:
            asked = tuple(self.recording.pop())
            if self.recording:
                self.recording[-1].extend(asked)
            else:
                self.env.filters.update(self.filters)
        return html, asked

    def _recorder(self, name: str) -> Callable[..., str]:
        real = self.filters[name]

        @pass_context
        def recorder(ctx: Context, value: Any) -> str:
            if self.recording:  # a macro module cached by Jinja may keep this filter: stay exact
                self.recording[-1].append((name, value))
            return real(ctx, value)
        return recorder

    def _render(self, ctx: Context, name: str) -> Markup:
        """As `{% include name %}` would: the including context, locals and all."""
        template = self.templates.get(name)
        if template is None:
            template = self.templates[name] = self.original.load(
                self.env, name, self.env.make_globals(None))
        parts: Iterator[str] = template.root_render_func(
            template.new_context(ctx.get_all(), shared=True))
        return Markup(self.env.concat(parts))  # type: ignore[attr-defined]


def _flatten(items: Any) -> list[Any]:
    """Every item of the nav, sections and their children included, in order."""
    flat: list[Any] = []
    for item in items:
        flat.append(item)
        flat.extend(_flatten(getattr(item, "children", None) or ()))
    return flat
