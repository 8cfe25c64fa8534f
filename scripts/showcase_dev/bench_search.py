"""Search benchmark in a real browser: bytes on the wire and latency of a first query.

    .venv/bin/python -m showcase_dev.bench_search --profiles 10000

Generates N synthetic profiles (synth.generate_tree), builds the site with `showcase build`
(the index is written by the plugin's post-build step, so its time is reported too), serves
site/ gzipped like a static host (Content-Encoding: gzip), opens a page in headless
Chromium, types each query and measures:
- bytes: the browser's own encoded sizes (body + headers) of every request the query made,
  and separately search.js + search.css loaded with the page;
- latency: from the last keystroke (its input event) to the results on screen (in-page clock).
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Iterator

QUERIES = ["nguyen", "nông thôn mới", "Xuân Đường", "duong", '"nong thon moi"', "Thủy",
           "hộ gia đình văn hóa", "bưởi", "Hồng Nhunh", "ng", "t", "nuôi ong lấy mật"]
TARGET_BYTES = 300 * 1024
TARGET_MS = 500
CHROMIUM = "/usr/bin/chromium"

# In-page clock: the last keystroke's input event → the search form is done (aria-busy removed,
# data-vs-done set). Input, not keyup: under load the keyup can reach the page after the results.
PROBE = """
window.__vs = {key: 0, done: 0};
document.addEventListener('input', () => { window.__vs.key = performance.now(); }, true);
new MutationObserver((ms) => {
  for (const m of ms) {
    const f = m.target;
    if (f.matches && f.matches('form[data-vs-done]') && !f.hasAttribute('aria-busy')) {
      window.__vs.done = performance.now();
    }
  }
}).observe(document, {attributes: true, subtree: true, attributeFilter: ['aria-busy', 'data-vs-done']});
"""


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves text files gzipped when the browser accepts it, as static hosts do."""

    cache: dict[str, bytes] = {}
    TYPES = (".html", ".json", ".js", ".css", ".svg", ".xml", ".txt")

    def send_head(self):  # noqa: D401 - http.server hook
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix in self.TYPES and path.is_file()
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            body = self.cache.get(str(path))
            if body is None:
                body = self.cache[str(path)] = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            return _Body(body)
        return super().send_head()

    def log_message(self, *args) -> None:
        pass


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_: int) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(GzipHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


@contextlib.contextmanager
def served_browser(site: Path) -> Iterator[tuple[object, str]]:
    """Headless Chromium and the site served gzipped on loopback: (browser, base URL)."""
    from playwright.sync_api import sync_playwright
    httpd, base = serve(site)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            yield browser, base
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()


PHONE = {"width": 360, "height": 800}


def measure(site: Path, queries: list[str] = QUERIES, page_path: str = "",
            viewport: dict | None = None) -> list[dict]:
    """One fresh browser context per query: every query is a first query (empty cache).
    The header box is measured on a desktop (on phones it is behind a button)."""
    with served_browser(site) as (browser, base):
        return [_one(browser, base + page_path, q, viewport) for q in queries]


def _one(browser, url: str, query: str, viewport: dict | None = None) -> dict:
    ctx = browser.new_context(viewport=viewport) if viewport else browser.new_context()
    page = ctx.new_page()
    page.add_init_script(PROBE)
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda r: problems.append(f"{r.url}: {r.failure}"))
    sizes: list[tuple[str, int]] = []
    page.on("requestfinished", lambda r: sizes.append((r.url, _size(r))))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    on_load = sum(s for u, s in sizes if "/search." in u)
    before = len(sizes)
    box = "#vs-page-q" if url.rstrip("/").endswith("tim-kiem") else "#vs-box-q"
    page.click(box)
    page.keyboard.type(query, delay=30)
    try:
        page.wait_for_function("window.__vs.done > window.__vs.key && window.__vs.key > 0", timeout=60_000)
    except Exception as exc:  # report what the page showed instead of a bare timeout
        state = page.evaluate("[window.__vs, document.querySelector('form[aria-busy]') !== null,"
                              " (document.querySelector('#vs-status, .vs-box__results') || {}).textContent]")
        raise RuntimeError(f"{query!r}: no results after 60 s; page state {state}; {problems}") from exc
    page.wait_for_load_state("networkidle")
    latency = page.evaluate("window.__vs.done - window.__vs.key")
    # everything the index cost up to the first results, including files the page preloaded
    query_files = [x for x in sizes[:before] if "/assets/search/" in x[0]] + sizes[before:]
    hits = page.locator(".vs-result").count()
    # a second query in the same page: index files are cached, only new shards load
    n2 = len(sizes)
    page.fill(box, "")
    page.keyboard.type("gia đình", delay=30)
    page.wait_for_function("window.__vs.done > window.__vs.key", timeout=60_000)
    warm = page.evaluate("window.__vs.done - window.__vs.key")
    ctx.close()
    return {"query": query, "bytes": sum(s for _, s in query_files), "files": len(query_files),
            "page_js_css": on_load, "ms": round(latency, 1), "results_shown": hits,
            "second_query_ms": round(warm, 1), "second_query_bytes": sum(s for _, s in sizes[n2:]),
            "largest": sorted(((s, u.rsplit("/assets/search/", 1)[-1]) for u, s in query_files),
                              reverse=True)[:3]}


def _size(request) -> int:
    s = request.sizes()
    return s["responseBodySize"] + s["responseHeadersSize"]


def build(n: int, root: Path) -> dict:
    from showcase.publish.build import build_site
    from showcase_dev.synth import generate_tree
    generate_tree(root, n)
    started = time.perf_counter()
    build_site(root, quiet=True)
    total = time.perf_counter() - started
    times = dict(line.split("\t") for line in
                 (root / ".cache" / "build-times.txt").read_text().splitlines() if "\t" in line)
    files = list((root / "site" / "assets" / "search").rglob("*.json"))
    return {"profiles": n, "build_s": round(total, 1), "search_index_s": float(times.get("search", 0)),
            "index_files": len(files), "index_mb": round(sum(f.stat().st_size for f in files) / 2**20, 1)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Đo tìm kiếm: dung lượng tải và độ trễ truy vấn đầu tiên.")
    p.add_argument("--profiles", type=int, default=10_000)
    p.add_argument("--site", type=Path, help="đo một site/ đã dựng sẵn thay vì sinh hồ sơ mới")
    p.add_argument("--keep", type=Path, help="dựng vào thư mục này và giữ lại (mặc định: thư mục tạm)")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    args = p.parse_args(argv)
    info: dict = {}
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        site = args.site
        if site is None:
            tree = args.keep or Path(tmp) / "tree"
            info = build(args.profiles, tree)
            site = tree / "site"
        page_queries = ['"nông thôn mới"', "nguyen van"]
        rows = (measure(site) + measure(site, page_queries, "tim-kiem/", PHONE)
                + [{**r, "query": r["query"] + " (máy tính)"} for r in measure(site, page_queries, "tim-kiem/")])
    if args.json:
        print(json.dumps({"build": info, "queries": rows}, ensure_ascii=False, indent=1))
        return 0
    if info:
        print(f"{info['profiles']} hồ sơ: dựng {info['build_s']} s, trong đó chỉ mục tìm kiếm "
              f"{info['search_index_s']:.2f} s; {info['index_files']} tệp, {info['index_mb']} MB chưa nén")
    print(f"{'truy vấn':30} {'KB tải':>7} {'tệp':>4} {'ms':>6} {'KB lần 2':>8} {'ms lần 2':>8}  tệp lớn nhất")
    for r in rows:
        print(f"{r['query'][:30]:30} {r['bytes'] / 1024:7.1f} {r['files']:4} {r['ms']:6.0f} "
              f"{r['second_query_bytes'] / 1024:8.1f} {r['second_query_ms']:8.0f}  "
              + ", ".join(f"{u} {s / 1024:.1f}" for s, u in r["largest"]))
    # the budget is a phone's: the desktop search page also loads the filters' facet columns
    worst_b = max(r["bytes"] + r["page_js_css"] for r in rows if not r["query"].endswith("(máy tính)"))
    worst_ms = max(r["ms"] for r in rows)
    print(f"search.js + search.css khi tải trang: {rows[0]['page_js_css'] / 1024:.1f} KB (gzip)")
    print(f"Lớn nhất (kể cả JS/CSS): {worst_b / 1024:.1f} KB / mục tiêu {TARGET_BYTES // 1024} KB; "
          f"chậm nhất {worst_ms:.0f} ms / mục tiêu {TARGET_MS} ms; "
          f"trung vị {statistics.median(r['ms'] for r in rows):.0f} ms")
    ok = worst_b <= TARGET_BYTES and worst_ms <= TARGET_MS
    print("ĐẠT" if ok else "CHƯA ĐẠT")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
