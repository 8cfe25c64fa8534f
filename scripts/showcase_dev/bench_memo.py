"""Time (CPU seconds) the stages of pipeline.generate after the check, cold then re-run in one process
(issue 14: a warm `showcase serve` re-runs generate on every save).

    PYTHONPATH=scripts .venv/bin/python -m showcase_dev.bench_memo /tmp/t10k [--edit]

Runs: cold, again with nothing changed, again after one profile's summary changed (--edit
rewrites the first profile file, in the tree given: use a copy).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from showcase.catalog import make_catalog
from showcase.core.settings import load_settings
from showcase.editor import cms
from showcase.outputs import data as data_outputs
from showcase.outputs import search
from showcase.render import contact, content_images, images, pages
from showcase.validate.check import check_content


def stages(root: Path) -> dict[str, float]:
    """The stages of pipeline.generate after check_content, each timed."""
    content, _ = check_content(root)
    times: dict[str, float] = {}

    def timed(name, fn, *args):
        # CPU time of this process: on a shared, loaded machine wall time says more about the
        # neighbours than about the code (a cold run's photo and card workers are not counted)
        start = time.process_time()
        out = fn(*args)
        times[name] = time.process_time() - start
        return out

    catalog = timed("make_catalog", make_catalog, content, load_settings(root))
    photo_map = timed("render_images", images.render_images, catalog, root / ".cache" / "images")
    timed("render_pages", pages.render_pages, catalog, photo_map)
    timed("contact", contact.render_contact_pages, catalog)
    timed("render_data", data_outputs.render_data, catalog)
    timed("admin_files", cms.admin_files, root, catalog.settings, False, catalog)
    timed("content_images", content_images.render_content_images, root)
    timed("make_records", search.make_records, catalog, None, search.thumbs_from(photo_map))
    times["total"] = sum(times.values())
    return times


def edit_one(root: Path, n: int) -> None:
    path = sorted((root / "exemplars").rglob("*.yaml"))[50]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("summary: ", f"summary: Sửa lần {n}. ", 1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("--edit", action="store_true", help="edit one profile before the third run")
    args = parser.parse_args()
    runs = [("cold", None), ("again", None)] + ([("edited", 1)] if args.edit else [])
    for label, edit in runs:
        if edit:
            edit_one(args.root, edit)
        times = stages(args.root)
        print(f"{label:7}", " ".join(f"{k}={v:.3f}" for k, v in times.items()), flush=True)


if __name__ == "__main__":
    main()
