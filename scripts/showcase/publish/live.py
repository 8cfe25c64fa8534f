"""`showcase serve`: one warm process that rebuilds incrementally on every save.

On a save the whole pipeline runs again in this process, where every stage keeps its work
cached by content (the check per file, pages per profile, search shards), and the engine
renders only the pages whose inputs changed into the served folder (publish/incremental.py).
A failed build never hangs the server: the engine's own `serve` aborts when the first build
fails and, after a failed rebuild, holds every request until a build succeeds. Here the
server then serves a folder holding only the Vietnamese error page (error_page.py) for every
URL, the build counts as done, browsers reload onto it, and the next good save puts the site
back; the site folder and its state are kept, so that save is incremental too. Files are
watched with inotify (watchdog's native observer), not the engine's 0.5 s polling, which
also stats every one of 10,000 profiles twice a second. The engine's pieces come from the
adapter (publish/engine.py), the only module that imports the engine.
"""
from __future__ import annotations

import gc
import logging
import os
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from watchdog.events import FileModifiedEvent
from watchdog.observers import Observer

from showcase.publish import error_page, incremental, log_vi, pipeline
from showcase.validate import check


@dataclass(frozen=True)
class Engine:
    """What the live preview needs from the site engine (MkDocs' API, ProperDocs' too)."""

    load_config: Callable[..., Any]
    site: pipeline.Engine  # builds (incrementally) into a folder
    server: Callable[..., Any]  # LiveReloadServer
    log: str  # the engine's root logger name


class Preview:
    """The served site and what the last good build wrote into it."""

    def __init__(self, root: Path, engine: Engine, url: str, log: logging.Logger) -> None:
        self.root, self.engine, self.url, self.log = root, engine, url, log
        self.folder = Path(tempfile.mkdtemp(prefix="showcase-serve-"))
        self.site_dir, self.error_dir = self.folder / "site", self.folder / "error"
        self.site_dir.mkdir()
        self.error_dir.mkdir()
        # The server's root is a symlink to one of the two: the server joins a request's path
        # to its root before waiting for a build to end and opens it after, so a link switched
        # at the end of the build serves the new folder even to requests made during it.
        self.served = self.folder / "served"
        self._serve_from(self.site_dir)
        self.state: incremental.State | None = None
        self.builds = 0
        self._after_pages: threading.Thread | None = None  # the last build's data and search files
        self._stop = threading.Event()  # set: a build wants the after-pages thread's last step gone
        self._request = threading.local()  # the server answers each request in a thread
        self.changes = Changes(root)  # what the file watcher saw since the last build
        self.wake: Callable[[], None] = lambda: None  # asks the server for a build (serve sets it)

    @property
    def broken(self) -> bool:
        """The error page stands: the served link points at its folder."""
        return os.path.realpath(self.served) == os.path.realpath(self.error_dir)

    def error_response(self, code: int) -> bytes | None:
        """The page for a missing URL: the error page while it stands, else the site's 404."""
        self._request.error_page = self.broken
        return error_page.read(Path(os.path.realpath(self.served)), code)

    def quiet(self, line: str) -> bool:
        """While the error page stands every URL is a 404 answered with it: not news."""
        return getattr(self._request, "error_page", False) and line.endswith(" code 404")

    def build(self) -> None:
        self.log.info("Building documentation...")
        started = time.perf_counter()
        self._stop.set()
        self.wait()  # the last build's data and search files first
        self._stop.clear()
        changed = self.changes.take()
        try:  # mkdocs.yml is read again on every build: a bad save of it is an error page too
            gen = pipeline.generate(self.root, changed=changed)
            version = incremental.version_key(self.root, False, False)
            state, self.state = self.state, None  # a build that stops halfway leaves no state
            later: list | None = [] if state is not None and state.search is not None else None
            self.state = incremental.update(self.root, self.engine.site, gen, self.site_dir,
                                            state, version, False, serve_url=self.url,
                                            later=later)
        except Exception as exc:  # noqa: BLE001 - any failure becomes the error page
            self.changes.doubt()  # the check may have stopped halfway: the next one walks
            self._show_error(exc)
            return
        self._serve_from(self.site_dir)
        self.log.info(f"Đã dựng lại {self.state.engine.rendered} trang trong "
                      f"{time.perf_counter() - started:.1f} giây.")
        self._after_pages = threading.Thread(
            target=self._after, args=(gen, state.search if later is not None else None, later),
            name="showcase-after", daemon=True)
        self._after_pages.start()
        self._settle()

    def _after(self, gen: pipeline.Generated, previous: Any, later: list | None) -> None:
        """What no page needs, after the pages are served: the engine's data files, then the
        search files (a new profile moves ~1,500 of them: 1.5 s at 10,000 profiles), then a
        look for what the file watcher missed. The next build waits for it."""
        state = self.state
        try:
            if later is not None:
                for job in later:
                    job()
                state.search = incremental.write_search(gen, self.site_dir, previous)
        except Exception as exc:  # noqa: BLE001 - the next build renders the whole site
            self.state = None
            self.log.error(f"Không ghi được tệp dữ liệu hay tìm kiếm: {error_page.innermost(exc)}. "
                           "Lần lưu sau sẽ dựng lại toàn bộ.")
        self._verify()

    def _verify(self) -> None:
        """The check trusted the watcher; a change it missed (its queue overflowed, which
        watchdog only logs) shows here as the tree differing from what the check saw in a
        path the watcher has not reported since: then the next build walks everything, and
        one is asked for now. Abandoned when a build starts first (about 0.1 s at 10,000
        profiles; it runs again after that build)."""
        drift = check.drifted(self.root, self._stop.is_set)
        if drift and not self.changes.covers(drift):
            self._stop.wait(EVENT_LAG_S)  # a save's events may trail its bytes by a little
            if not self._stop.is_set() and not self.changes.covers(drift):
                self.changes.doubt()
                self.wake()

    def wait(self) -> None:
        """Until the last build's data and search files are written."""
        if self._after_pages is not None:
            self._after_pages.join()
            self._after_pages = None

    def _settle(self) -> None:
        """What the warm caches hold (millions of objects at 10,000 profiles) leaves the
        collector's view: a full collection walked them all, 0.3-0.6 s of a rebuild. Young
        garbage goes first; every FULL_GC_EVERY builds one full collection frees what
        replaced objects left in cycles."""
        self.builds += 1
        if self.builds % FULL_GC_EVERY == 0:
            gc.unfreeze()
            gc.collect()
        else:
            gc.collect(1)
        gc.freeze()

    def _show_error(self, exc: Exception) -> None:
        problems = error_page.write(self.root, self.error_dir, exc)
        self._serve_from(self.error_dir)
        why = problems.summary() if problems else f"Không dựng được trang: {error_page.innermost(exc)}."
        self.log.error(f"{why} Trang {self.url} đang hiện danh sách lỗi; sửa tệp rồi lưu lại, trình "
                       "duyệt sẽ tự tải lại.")

    def _serve_from(self, folder: Path) -> None:
        new = self.folder / "served.new"
        new.unlink(missing_ok=True)
        new.symlink_to(folder.name, target_is_directory=True)
        os.replace(new, self.served)  # atomic: a request sees one folder or the other

    def close(self) -> None:
        """Stop at once; the served folder (35,000 files at 10,000 profiles: 15 s and more
        to delete) is removed by a process of its own that outlives this one."""
        self._stop.set()
        self.wait()
        gone = self.folder.with_name(f"{self.folder.name}-gone")
        try:
            self.folder.rename(gone)
        except OSError:
            gone = self.folder
        pipeline.discard(gone)


class Changes:
    """The paths the file watcher reported since the last build took them, relative to the
    root, for the check (validate/check.Changed). In doubt (no watch running, the first
    build after it began, after a failed build, a folder made, deleted or moved, a missed
    change) `take` gives None: the check then lists and signs every file."""

    def __init__(self, root: Path) -> None:
        self.base = os.path.abspath(root) + os.sep
        self._lock = threading.Lock()
        self._files: set[str] = set()
        self._folders: set[str] = set()
        self._doubt = True
        self._watched = False

    def note(self, event: Any) -> None:
        """One watchdog event. A folder's "modified" is a change to its listing (a file
        made, deleted or moved in it); any other folder event is a doubt."""
        with self._lock:
            if event.is_directory and event.event_type != "modified":
                self._doubt = True
                return
            into = self._folders if event.is_directory else self._files
            for path in (event.src_path, getattr(event, "dest_path", "")):
                path = os.fsdecode(path)
                if path.startswith(self.base):  # outside the root: no file the check lists
                    into.add(path[len(self.base):])
                elif os.path.abspath(path) + os.sep == self.base:
                    self._folders.add("")

    def doubt(self) -> None:
        with self._lock:
            self._doubt = True

    def covers(self, paths: frozenset[str]) -> bool:
        """Every path is one the next build is told of (a file noted, or an entry of a folder
        noted), or that build walks anyway."""
        with self._lock:
            return self._doubt or all(p in self._files or os.path.dirname(p) in self._folders
                                      for p in paths)

    def watching(self) -> None:
        """The watch has begun: what changed before it went unseen, so the next build walks."""
        with self._lock:
            self._watched = self._doubt = True

    def take(self) -> check.Changed | None:
        with self._lock:
            out = None if self._doubt or not self._watched else \
                check.Changed(frozenset(self._files), frozenset(self._folders))
            self._files, self._folders, self._doubt = set(), set(), False
        return out


class WriteObserver(Observer):  # type: ignore[misc, valid-type]
    """inotify on Linux (watchdog picks polling where it must), reporting writes only: it
    also reports files opened and closed unwritten, and every build reads every file.
    Every other event is noted in `changes` before the server hears of it."""

    def __init__(self, changes: Changes) -> None:
        super().__init__()
        self.changes = changes
        self.handlers: list[Callable[[Any], None]] = []

    def schedule(self, handler: Any, path: str, *, recursive: bool = False, **kw: Any) -> Any:
        inner = handler.on_any_event
        self.handlers.append(inner)

        def on_event(event: Any) -> None:
            if event.event_type not in READS:
                self.changes.note(event)
                inner(event)
        handler.on_any_event = on_event
        return super().schedule(handler, path, recursive=recursive, **kw)

    def start(self) -> None:
        super().start()  # the watches exist when it returns
        self.changes.watching()

    def wake(self) -> None:
        """Ask the server for a build, as a change would (its handlers only read that it is
        a file's)."""
        for inner in self.handlers[:1]:
            inner(FileModifiedEvent(""))


READS = ("opened", "closed_no_write")
FULL_GC_EVERY = 50
# The server builds once no file changed for this long (its own default 0.1 s): one save is
# one or two inotify events a few ms apart, and every 50 ms counts against the 1 s target.
BUILD_DELAY_S = 0.05
EVENT_LAG_S = 0.2  # how long a change found by _verify waits for the watcher's own report


def serve(root: Path, dev_addr: str, engine: Engine) -> None:
    # Serve at the root of the local address, not under the published site's sub-path.
    os.environ["SHOWCASE_SITE_URL"] = url = f"http://{dev_addr}/"
    log = logging.getLogger(f"{engine.log}.showcase.serve")
    preview = Preview(root, engine, url, log)
    log_vi.install(engine.log, "mkdocs", drop=preview.quiet)
    try:
        config = engine.load_config(str(root / "mkdocs.yml"), dev_addr=dev_addr)
    except Exception as exc:  # noqa: BLE001 - nothing to serve without a configuration
        log.error(f"Không đọc được mkdocs.yml, chưa thể xem trước: {exc}")
        preview.close()
        return
    server = engine.server(builder=preview.build, host=config.dev_addr.host,
                           port=config.dev_addr.port, root=str(preview.served))
    server.observer = WriteObserver(preview.changes)
    preview.wake = server.observer.wake
    server.build_delay = BUILD_DELAY_S
    server.error_handler = preview.error_response
    try:
        preview.build()
        for path in (config.docs_dir, config.config_file_path, *config.watch):
            server.watch(path)
        try:
            server.serve()
        except KeyboardInterrupt:  # Ctrl+C, and SIGTERM or SIGHUP (cli/main.stopped_like_ctrl_c)
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        preview.close()
