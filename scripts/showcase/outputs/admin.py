"""The editors' form at /quan-tri/: Decap CMS served from the site itself.

Decap's JavaScript is vendored from npm (package.json pins it; `npm ci` puts it in
node_modules/) and linked into the built site, never loaded from a CDN. The page is
`noindex`, outside the nav, search and sitemap, and its Content-Security-Policy lets it
talk only to the site and GitHub's API (plus decap-server on this computer, outside
production builds).
"""
from __future__ import annotations

import json
import os
from html import escape
from pathlib import Path

import yaml

from showcase.core.outfile import OutFile
from showcase.core.problems import ContentError, Problems
from showcase.core.settings import Settings

ADMIN_DIR = "quan-tri"
DECAP_DIST = Path("node_modules") / "decap-cms" / "dist"
PROJECT_ROOT = Path(__file__).resolve().parents[3]  # the checkout that holds package.json
WIDGETS = Path(__file__).with_name("admin_assets") / "showcase-cms.js"
PORT_ENV = "SHOWCASE_CMS_PORT"  # decap-server's port when not the default (tests pick a free one)
DEFAULT_PORT = 8081  # decap-server's own default: `npx decap-server` in the repository


def decap_dist(root: Path) -> Path | None:
    """Decap's dist folder: the content repository's node_modules, else this checkout's."""
    for base in (root, PROJECT_ROOT):
        if (base / DECAP_DIST / "decap-cms.js").is_file():
            return base / DECAP_DIST
    return None


def local_port() -> int:
    return int(os.environ.get(PORT_ENV) or DEFAULT_PORT)


def local_backend() -> dict[str, str]:
    """Decap's `local_backend`: decap-server on this computer (used only from localhost pages)."""
    return {"url": f"http://localhost:{local_port()}/api/v1"}


def vendored(dist: Path) -> list[Path]:
    """Decap loads its chunks lazily from beside decap-cms.js; the *.cms.js copies are another build."""
    return [path for path in sorted(dist.iterdir())
            if path.name.endswith("decap-cms.js") or path.name == "decap-cms.js.LICENSE.txt"]


def planned_uris(root: Path) -> list[tuple[str, str | None]]:
    """What render_admin writes, without building the configuration."""
    dist = decap_dist(root)
    names = ["index.html"] + (["config.yml", "showcase-cms.js", *(p.name for p in vendored(dist))]
                              if dist else [])
    return [(f"{ADMIN_DIR}/{name}", None) for name in names]


def render_admin(root: Path, settings: Settings, config: dict, order: dict[str, list[str]],
                 production: bool = False) -> list[OutFile]:
    """quan-tri/index.html, config.yml (built by editor/cms.py) and the vendored scripts."""
    dist = decap_dist(root)
    if dist is None:
        if production:  # a deploy without the form would silently drop the editors' tool
            problems = Problems(root)  # a message at package.json, never a traceback
            problems.error("package.json", (1, 1), "Thiếu Decap CMS trong node_modules/: hãy chạy "
                           "'npm ci' trước khi dựng.")
            raise ContentError(problems)
        return [OutFile(f"{ADMIN_DIR}/index.html", _page(settings, None, production))]
    if not production:
        config = {**config, "local_backend": local_backend()}

    files = [OutFile(f"{ADMIN_DIR}/index.html", _page(settings, dist, production)),
             OutFile(f"{ADMIN_DIR}/config.yml",
                     yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=100)),
             OutFile(f"{ADMIN_DIR}/showcase-cms.js", _widgets_js(order))]
    return files + [OutFile(f"{ADMIN_DIR}/{path.name}", source=path) for path in vendored(dist)]


def _widgets_js(order: dict[str, list[str]]) -> str:
    """The widget script, told the key order inside nested fields (from the model)."""
    text = json.dumps(order, ensure_ascii=False, sort_keys=True)
    return f"window.SHOWCASE_ORDER = {text};\n" + WIDGETS.read_text(encoding="utf-8")


def csp(production: bool) -> str:
    connect = ["'self'", "blob:", "https://api.github.com"]  # Decap reads uploads back as blob: URLs
    if not production:
        connect.append(f"http://localhost:{local_port()}")
    # Decap validates its config with ajv (compiled with new Function) and styles with emotion
    # (inline <style>): hence 'unsafe-eval' and 'unsafe-inline', limited to this page.
    return ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob:; media-src 'self' blob:; font-src 'self' data:; "
            f"connect-src {' '.join(connect)}; frame-src 'none'; object-src 'none'; base-uri 'self'; "
            "form-action 'self'")


def _page(settings: Settings, dist: Path | None, production: bool) -> str:
    scripts = ('<script src="decap-cms.js"></script>\n<script src="showcase-cms.js"></script>'
               if dist else '<p>Chưa cài trình soạn thảo: hãy chạy <code>npm ci</code> rồi dựng lại trang.</p>')
    return f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta http-equiv="Content-Security-Policy" content="{escape(csp(production))}">
<meta name="referrer" content="no-referrer">
<title>Biểu mẫu hồ sơ điển hình · {escape(settings.site_name)}</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<noscript>Biểu mẫu cần bật JavaScript. Có thể soạn hồ sơ bằng tệp YAML theo hướng dẫn.</noscript>
{scripts}
</body>
</html>
"""
