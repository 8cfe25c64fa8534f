"""Bytes a reader's phone downloads to open a profile page (issue target: ≤ 250 KB).

Serves a built site gzipped (as static hosts do), opens profile pages in headless Chromium
at 360×800 with an empty cache, and sums the sizes the browser itself reports until the
network is idle. Below-the-fold images are lazy, so they count only if they load.

    python -m showcase_dev.bench_page --profiles 10000 --photos 200   # generate, build, measure
    python -m showcase_dev.bench_page --site site/                    # measure a built site
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from showcase_dev.bench_search import _size, served_browser

TARGET_BYTES = 250 * 1024


def measure(site: Path, limit: int = 20) -> list[dict]:
    pages = sorted((site / "dien-hinh").glob("*/index.html"))[:limit]
    with served_browser(site) as (browser, base):
        return [_one(browser, base + p.parent.relative_to(site).as_posix() + "/") for p in pages]


def _one(browser, url: str) -> dict:
    ctx = browser.new_context(viewport={"width": 360, "height": 800}, is_mobile=True)
    page = ctx.new_page()
    sizes: list[tuple[str, int]] = []
    page.on("requestfinished", lambda r: sizes.append((r.url, _size(r))))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    has_photo = page.locator(".sc-profile-photo picture, .sc-profile-photo img").count() > 0
    ctx.close()
    return {"url": url, "bytes": sum(s for _, s in sizes), "requests": len(sizes), "photo": has_photo,
            "largest": sorted(((s, u.rsplit("/", 1)[-1]) for u, s in sizes), reverse=True)[:3]}


def report(results: list[dict]) -> str:
    lines = []
    for kind, chunk in (("có ảnh", [r for r in results if r["photo"]]),
                        ("không ảnh", [r for r in results if not r["photo"]])):
        if not chunk:
            continue
        sizes = [r["bytes"] for r in chunk]
        worst = max(chunk, key=lambda r: r["bytes"])
        verdict = "ĐẠT" if max(sizes) <= TARGET_BYTES else "CHƯA ĐẠT"
        lines.append(f"{verdict}  trang hồ sơ {kind} ({len(chunk)} trang) ở 360 px: trung vị "
                     f"{statistics.median(sizes) / 1024:.1f} KB, lớn nhất {max(sizes) / 1024:.1f} KB "
                     f"(mục tiêu ≤ {TARGET_BYTES // 1024} KB), {worst['requests']} yêu cầu; nặng nhất: "
                     + ", ".join(f"{name} {s / 1024:.1f} KB" for s, name in worst["largest"]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Đo dung lượng tải một trang hồ sơ trên điện thoại.")
    p.add_argument("--site", type=Path, help="site/ đã dựng sẵn")
    p.add_argument("--profiles", type=int, default=10_000, help="số hồ sơ tổng hợp khi không có --site")
    p.add_argument("--photos", type=int, default=200, help="số ảnh tổng hợp")
    p.add_argument("--pages", type=int, default=20, help="số trang hồ sơ đo")
    args = p.parse_args(argv)
    if args.site:
        print(report(measure(args.site, args.pages)))
        return 0
    from showcase.publish.build import build_site
    from showcase_dev.synth import generate_tree
    with tempfile.TemporaryDirectory(prefix="showcase-page-") as tmp:
        root = generate_tree(Path(tmp) / "tree", args.profiles, photos=args.photos)
        site = build_site(root, quiet=True)
        print(report(measure(site, args.pages)))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
