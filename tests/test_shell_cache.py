"""The page shell cache (publish/shell.py) changes no byte of the site, only how often Material's
shared partials are rendered."""
from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
from jinja2 import meta, nodes

from showcase.publish import engine, shell
from showcase.publish.build import build_site

ROOT = Path(__file__).resolve().parent.parent
MATERIAL = Path(importlib.util.find_spec("material").origin).parent / "templates"
# What the shared partials may read: the same for every page of a build, except `page`, which
# they may only compare with nav items or read for nav pages (those are rendered uncached).
BUILD_WIDE = {"config", "nav", "features", "lang", "page", "base_url"}


@pytest.fixture
def shells(monkeypatch) -> list[shell.Shell]:
    """Each build's cached renderer. Installs it from the plugin's on_env as the adapter does
    (install is idempotent, so this is harmless once the adapter calls it itself)."""
    made: list[shell.Shell] = []
    original = engine.ShowcasePlugin.on_env

    def on_env(self, env, *, config, files):
        env = original(self, env, config=config, files=files)
        shell.install(env)
        if shell.GLOBAL in env.globals:
            made.append(env.globals[shell.GLOBAL])
        return env

    monkeypatch.setattr(engine.ShowcasePlugin, "on_env", on_env)
    return made


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_the_cached_shell_builds_the_same_bytes(site_tree, tmp_path, monkeypatch, shells) -> None:
    root = site_tree(samples=True)
    monkeypatch.setenv(shell.SWITCH, "0")
    plain = _files(build_site(root, site_dir=tmp_path / "plain", quiet=True))
    assert shells == []  # switched off: Material's partials render for every page
    monkeypatch.setenv(shell.SWITCH, "1")
    cached = _files(build_site(root, site_dir=tmp_path / "cached", quiet=True))
    (cache,) = shells
    assert sorted(cached) == sorted(plain)
    assert [name for name in plain if cached[name] != plain[name]] == []
    pages = [name for name in plain if name.endswith(".html")]
    assert len(pages) > 100 and cache.hits > 5 * len(pages)
    # At most one entry per partial, top folder and depth, not per page: profiles share theirs.
    folders = {(name.split("/")[0], name.count("/")) for name in pages}
    assert cache.misses <= len(shell.SHARED) * len(folders)


def test_nav_pages_keep_their_active_item(site_tree, tmp_path, shells) -> None:
    site = build_site(site_tree(samples=True), site_dir=tmp_path / "site", quiet=True)
    assert shells[0].uncached > 0
    units = (site / "don-vi" / "index.html").read_text(encoding="utf-8")
    assert 'class="md-nav__link md-nav__link--active"' in units
    assert 'class="md-tabs__item md-tabs__item--active"' in units
    profile = sorted((site / "dien-hinh").glob("*/index.html"))[0]
    text = profile.read_text(encoding="utf-8")
    assert "md-nav__link--active" not in text and "md-tabs__item--active" not in text
    assert 'href="../../don-vi/"' in text  # its own relative links, not the first page's


def _env(templates: dict[str, str]) -> jinja2.Environment:
    """A bare Jinja environment with MkDocs' kind of `url` filter (relative to page.url)."""
    env = jinja2.Environment(loader=jinja2.DictLoader(templates))

    @jinja2.pass_context
    def url(ctx, value):
        return "../" * ctx["page"].url.count("/") + str(value)

    env.filters["url"] = url
    shell.install(env)
    return env


def _page(url: str) -> SimpleNamespace:
    return SimpleNamespace(url=url, previous_page=None, next_page=None)


def test_a_key_that_misses_an_input_stops_the_build() -> None:
    env = _env({"main.html": "{% include 'partials/footer.html' %}",
                "partials/footer.html": "{{ (extra if extra else 'a/') | url }}"})
    page = env.get_template("main.html")
    nav, config = object(), object()
    assert page.render(page=_page("x/"), nav=nav, config=config) == "../a/"
    assert page.render(page=_page("y/"), nav=nav, config=config) == "../a/"
    # `extra` is not in the key: the second URL list differs, so the cache refuses to guess.
    with pytest.raises(RuntimeError, match="partials/footer.html: the page shell cache's key "
                                           "misses an input"):
        page.render(page=_page("y/z/"), nav=nav, config=config, extra="b/")


def test_a_new_build_drops_the_last_ones_entries() -> None:
    env = _env({"main.html": "{% include 'partials/footer.html' %}",
                "partials/footer.html": "{{ config.name }} {{ 'a/' | url }}"})
    page = env.get_template("main.html")
    nav = object()
    assert page.render(page=_page("x/"), nav=nav, config={"name": "one"}) == "one ../a/"
    cache = env.globals[shell.GLOBAL]
    assert len(cache.entries) == 1
    assert page.render(page=_page("x/"), nav=nav, config={"name": "two"}) == "two ../a/"
    assert len(cache.entries) == 1 and cache.misses == 2


def _source(name: str) -> str | None:
    for folder in (ROOT / "theme_overrides", MATERIAL):
        if (folder / name).is_file():
            return (folder / name).read_text(encoding="utf-8")
    return None


PARSER = jinja2.Environment()
PARSER.filters["url"] = str  # MkDocs' filter, for find_undeclared_variables' compile


def _names(target: nodes.Node) -> list[str]:
    if isinstance(target, nodes.Name):
        return [target.name]
    return [n.name for n in target.find_all(nodes.Name)]


def _reads(name: str, seen: set[str]) -> set[str]:
    """The context names `name` and every template it includes or imports by a fixed name
    read (names built at render time are icons: SVG files without variables)."""
    if name in seen or (source := _source(name)) is None:
        return set()
    seen.add(name)
    ast = PARSER.parse(source)
    # A name the partial sets itself in a branch counts as undeclared for Jinja; it is its own.
    own = {name for node in ast.find_all((nodes.Assign, nodes.AssignBlock, nodes.For))
           for name in _names(node.target)} | {node.target for node in ast.find_all(nodes.Import)}
    names = set(meta.find_undeclared_variables(ast)) - own
    for ref in meta.find_referenced_templates(ast):
        if ref is not None:
            names |= _reads(ref, seen)
    return names


@pytest.mark.parametrize("name", shell.SHARED)
def test_shared_partials_read_only_build_wide_names(name: str) -> None:
    """A theme upgrade that makes a shared partial read something else per page fails here."""
    assert _source(name) is not None
    assert _reads(name, set()) <= BUILD_WIDE
    # The only page-relative filter they use is `url`, whose results are in the key.
    assert "script_tag" not in _source(name)


@pytest.mark.parametrize("name", shell.BLOCKS)
def test_shared_blocks_of_base_html_read_no_page(name: str) -> None:
    """theme_overrides/main.html caches these blocks for every page, nav pages included."""
    ast = PARSER.parse(_source("base.html"))
    (block,) = [b for b in ast.find_all(nodes.Block) if b.name == name]
    own = {n for node in block.find_all((nodes.Assign, nodes.For)) for n in _names(node.target)}
    reads = {n.name for n in block.find_all(nodes.Name) if n.ctx == "load"} - own
    for include in block.find_all(nodes.Include):
        if isinstance(include.template, nodes.Const):
            reads |= _reads(include.template.value, set())
    assert reads - {"namespace"} <= {"config", "features", "lang", "base_url"}
    main = _source("main.html")
    assert (f'{{% block {name} %}}{{% if showcase_shell is defined %}}{{{{ showcase_shell.block('
            f'"{name}", super) }}}}{{% else %}}{{{{ super() }}}}{{% endif %}}{{% endblock %}}') in main
