"""The adapter's page loop (publish/engine.py `render_site`) stands on engine internals.

It re-does ProperDocs' `build()` step by step through `_populate_page`'s and `_build_page`'s
pieces, skips the Markdown pass for empty Markdown, lists unchanged pages in the sitemap
through a stand-in for `Page` and keeps the theme's file list. So: (1) a full render must
equal the engine's own `build()` byte for byte on the real sample site, and (2) the source
of every engine function the loop mirrors or calls is pinned: when ProperDocs changes one,
this test fails and names it, and the loop must be read against the new code before the
digest is updated."""
from __future__ import annotations

import hashlib
import inspect
import os
import subprocess
import sys
from pathlib import Path

import showcase.publish.engine  # noqa: F401 - first: mkdocs.* then loads ProperDocs, as in a build
from mkdocs.commands import build as engine_build
from mkdocs.structure import files, nav
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

import pytest
from showcase.publish.pipeline import EngineError
from test_incremental import ENV, files_of

# sha256 of inspect.getsource, first 16 hex digits; ProperDocs 1.6.7.
PINNED = {
    "build.build": "9ef8add479b2679c",
    "build.get_context": "5d3114ef7a9449e0",
    "build._populate_page": "b3c436870881aa43",
    "build._build_page": "a921d5be3f1bcca9",
    "build._build_theme_template": "8f450ccd90a65f65",
    "build._build_template": "100aa6dadf01fa4d",
    "Page.__init__": "95806a15997c6d96",
    "Page.render": "ee04724746238ac1",
    "Page._set_canonical_url": "291dbe84a45243b7",
    "Files.add_files_from_theme": "f18ac4718cf54300",
    "nav.get_navigation": "4c90c19ae77d6fe8",
    "File.copy_file": "369c71ea1799a938",
    # the warm preview's patch (engine.py _Warm) makes files and reads the nav as these do
    "files.set_exclusions": "8d1009714538730b",
    "File.generated": "b866609c0e29e163",
    "Files.documentation_pages": "a18f043c1697f93a",
    "nav.Navigation.__init__": "a37f65d4ccb26b28",
}


def _sources() -> dict[str, object]:
    return {**{f"build.{n}": getattr(engine_build, n) for n in
               ("build", "get_context", "_populate_page", "_build_page", "_build_theme_template",
                "_build_template")},
            "Page.__init__": Page.__init__, "Page.render": Page.render,
            "Page._set_canonical_url": Page._set_canonical_url,
            "Files.add_files_from_theme": Files.add_files_from_theme,
            "nav.get_navigation": nav.get_navigation, "File.copy_file": File.copy_file,
            "files.set_exclusions": files.set_exclusions, "File.generated": File.generated,
            "Files.documentation_pages": Files.documentation_pages,
            "nav.Navigation.__init__": nav.Navigation.__init__}


def test_the_engine_functions_the_loop_mirrors_are_unchanged() -> None:
    changed = [name for name, fn in _sources().items()
               if hashlib.sha256(inspect.getsource(fn).encode()).hexdigest()[:16] != PINNED[name]]
    assert changed == [], f"ProperDocs changed beneath publish/engine.py's page loop: {changed}"


def test_full_render_equals_the_engines_own_build(site_tree) -> None:
    root = site_tree(samples=True)
    env = {**os.environ, **ENV, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "showcase.cli.main", "--root", str(root), "build", "--full"],
                   check=True, capture_output=True, env=env, timeout=600)
    # Plain `properdocs build`: ProperDocs' own build() with our plugin run standalone.
    subprocess.run([sys.executable, "-m", "properdocs", "build", "-q", "-d", str(root / "plain")],
                   cwd=root, check=True, capture_output=True, env=env, timeout=600)
    ours, theirs = files_of(root / "site"), files_of(root / "plain")
    assert sorted(set(ours) ^ set(theirs)) == []
    assert [k for k in ours if ours[k] != theirs[k]] == []
    assert len(ours) > 500


def test_pages_shared_out_to_forked_workers_are_the_same_bytes(site_tree, monkeypatch) -> None:
    """A full build renders its pages in a worker per core (`_build_pages`); forced here on
    the sample site, which is below the size that forks. A page failing in a worker fails
    the build, and site/ is left as it was."""
    from showcase.publish import engine, incremental
    root = site_tree(samples=True)
    env = {**os.environ, **ENV, "NO_MKDOCS_2_WARNING": "1", "SHOWCASE_WORKERS": "1"}
    subprocess.run([sys.executable, "-m", "showcase.cli.main", "--root", str(root), "build", "--full"],
                   check=True, capture_output=True, env=env, timeout=600)
    for k, v in {**ENV, "SHOWCASE_WORKERS": "2"}.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setattr(engine, "PARALLEL_PAGES", 1)
    forked = root / "forked"
    incremental.run(root, engine.ProperDocs(quiet=True), site_dir=forked, full=True)
    ours, theirs = files_of(forked), files_of(root / "site")
    assert sorted(set(ours) ^ set(theirs)) == []
    assert [k for k in ours if ours[k] != theirs[k]] == []

    real = engine_build._build_page
    def fails_in_a_worker(page, *args, **kw):  # noqa: ANN001 - the engine's signature
        if os.getpid() != parent and page.file.src_uri.startswith("dien-hinh/"):
            raise RuntimeError("hỏng")
        return real(page, *args, **kw)
    parent = os.getpid()
    monkeypatch.setattr(engine_build, "_build_page", fails_in_a_worker)
    with pytest.raises(EngineError, match="BuildError"):  # the engine's words for a page error
        incremental.run(root, engine.ProperDocs(quiet=True), site_dir=forked, full=True)
    assert files_of(forked) == ours
