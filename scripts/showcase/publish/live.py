"""`showcase serve`: the engine's live-reload server with a builder that never hangs it.

The engine's own `serve` aborts when the first build fails ("Aborted with a BuildError!"),
and after a failed rebuild it holds every request until a build succeeds, so the browser
spins. Here a failed build leaves the Vietnamese error page (error_page.py) and counts as
done: browsers reload onto it, and the next good save puts the site back. The engine's
pieces come from the adapter (publish/engine.py), the only module that imports the engine.
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from showcase.publish import error_page, log_vi


@dataclass(frozen=True)
class Engine:
    """What the live preview needs from the site engine (MkDocs' API, ProperDocs' too)."""

    load_config: Callable[..., Any]
    build: Callable[..., None]
    server: Callable[..., Any]  # LiveReloadServer
    log: str  # the engine's root logger name


def serve(root: Path, dev_addr: str, engine: Engine) -> None:
    # Serve at the root of the local address, not under the published site's sub-path.
    os.environ["SHOWCASE_SITE_URL"] = url = f"http://{dev_addr}/"
    broken = [False]  # while the error page stands, every page is a 404: not news
    log_vi.install(engine.log, "mkdocs", drop=lambda line: broken[0] and line.endswith(" code 404"))
    log = logging.getLogger(f"{engine.log}.showcase.serve")
    site_dir = Path(tempfile.mkdtemp(prefix="showcase-serve-"))

    def config() -> Any:
        return engine.load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir),
                                  dev_addr=dev_addr)

    def builder(cfg: Any = None) -> None:
        log.info("Building documentation...")
        try:  # mkdocs.yml is read again on every build: a bad save of it is an error page too
            cfg = cfg or config()
            cfg.site_url = url
            engine.build(cfg, serve_url=url)
            broken[0] = False
        except Exception as exc:  # noqa: BLE001 - any failure becomes the error page
            broken[0] = True
            problems = error_page.write(root, site_dir, exc)
            why = (problems.summary() if problems else
                   f"Không dựng được trang: {error_page.innermost(exc)}.")
            log.error(f"{why} Trang {url} đang hiện danh sách lỗi; sửa tệp rồi lưu lại, trình "
                      "duyệt sẽ tự tải lại.")

    try:
        first = config()
    except Exception as exc:  # noqa: BLE001 - nothing to serve without a configuration
        log.error(f"Không đọc được mkdocs.yml, chưa thể xem trước: {exc}")
        return
    first.plugins.on_startup(command="serve", dirty=False)
    server = engine.server(builder=builder, host=first.dev_addr.host, port=first.dev_addr.port,
                           root=str(site_dir))
    server.error_handler = lambda code: error_page.read(site_dir, code)
    try:
        builder(first)
        server = _watch(server, first, builder)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        first.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


def _watch(server: Any, config: Any, builder: Callable[..., None]) -> Any:
    """What the engine's serve watches: content, mkdocs.yml, plugins' wishes, `watch:`."""
    server.watch(config.docs_dir)
    server.watch(config.config_file_path)
    server = config.plugins.on_serve(server, config=config, builder=builder)
    for item in config.watch:
        server.watch(item)
    return server
