"""Shared fixtures: real tiny content trees in tmp_path, a real browser, a real HTTP server."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import signal
import socket
import threading
from pathlib import Path
from typing import Callable, Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")


def write_tree(base: Path, files: dict[str, str | bytes]) -> Path:
    for rel, data in files.items():
        p = base / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            p.write_bytes(data)
        else:
            p.write_text(data, encoding="utf-8")
    return base


def _sample_pages(folder: str, names: list[str]) -> set[str]:
    """Pages marked `sample: true` reference sample exemplars: they travel with the samples."""
    return {n for n in names if n.endswith(".md") and "\nsample: true\n" in
            (Path(folder) / n).read_text(encoding="utf-8").split("\n---", 1)[0]}


def fill_tree(root: Path, files: dict[str, str | bytes] | None = None, *, samples: bool = False,
              posts: bool = True) -> Path:
    """Copy the project's real vocabularies, units, movements and hand-written pages into `root`,
    then write `files`; returns `root`. The one implementation behind `site_tree` and `make_tree`
    (and a module-scoped build, which cannot take those per-test fixtures).

    `samples=True` copies the shipped sample exemplars and the pages that feature them (marked
    `sample: true`) too. `posts=False` drops the shipped activity posts, which cite sample
    profiles that small test trees do not have; content/ is copied on every call, so they are
    dropped every time, except a post that `files` writes.
    """
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml") if (ROOT / "mkdocs.yml").exists() else None
    shutil.copytree(ROOT / "exemplars" / "vocab", root / "exemplars" / "vocab", dirs_exist_ok=True)
    shutil.copy(ROOT / "exemplars" / "units.yaml", root / "exemplars" / "units.yaml")
    shutil.copy(ROOT / "exemplars" / "reporting.yaml", root / "exemplars" / "reporting.yaml")
    shutil.copytree(ROOT / "content", root / "content", dirs_exist_ok=True,
                    ignore=None if samples else _sample_pages)
    if (ROOT / "theme_overrides").exists():
        shutil.copytree(ROOT / "theme_overrides", root / "theme_overrides", dirs_exist_ok=True)
    if samples:
        for d in (ROOT / "exemplars").iterdir():
            if d.is_dir() and d.name != "vocab":
                shutil.copytree(d, root / "exemplars" / d.name, dirs_exist_ok=True)
    if not posts:
        for post in (root / "content" / "hoat-dong").glob("*.md"):
            if post.name != "index.md" and f"content/hoat-dong/{post.name}" not in (files or {}):
                post.unlink()
    return write_tree(root, files or {})


@pytest.fixture
def site_tree(tmp_path: Path) -> Callable[..., Path]:
    """`site_tree(files, samples=False)`: fill_tree with the shipped activity posts, for builds
    of the whole site; returns the root."""
    return functools.partial(fill_tree, tmp_path / "site-repo")


@pytest.fixture
def make_tree(tmp_path: Path) -> Callable[..., Path]:
    """`make_tree({"exemplars/xuan-duong/a.yaml": "..."})`: the real vocabularies, units,
    movements and hand-written pages (no activity posts) plus `files`; returns the root.
    Shares its folder with `site_tree`, as the two did before."""
    return functools.partial(fill_tree, tmp_path / "site-repo", posts=False)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen-golden", action="store_true", default=False,
                     help="rewrite tests/golden/*.html from the current build instead of comparing")


# ---- real browser ------------------------------------------------------------------------

def _browser_available() -> bool:
    # On GitHub's runners the workflow installs Playwright's own Chromium instead.
    return CHROMIUM.exists() or os.environ.get("GITHUB_ACTIONS") == "true"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Under CI=true a missing browser is a failure."""
    if not _browser_available():
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing under CI=true: browser tests must run (apt-get install chromium)")
        pytest.skip("no /usr/bin/chromium on this machine")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM) if CHROMIUM.exists() else None, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


# ---- static HTTP server ------------------------------------------------------------------

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output clean
        pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_from_a_terminal() -> None:
    """A child's stop signals as a terminal gives them (Popen's preexec_fn): a suite run in
    the background (nohup, `cmd &` in a script) hands its children SIGINT and SIGHUP ignored."""
    for sig in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM):
        signal.signal(sig, signal.SIG_DFL)


@pytest.fixture
def serve_dir() -> Iterator[Callable[[Path], str]]:
    """Serve a directory on 127.0.0.1; returns the base URL ('http://127.0.0.1:PORT/')."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(directory: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        return f"http://127.0.0.1:{httpd.server_address[1]}/"

    yield start
    for s in servers:
        s.shutdown()
        s.server_close()
