"""`showcase build`: the whole pipeline with the ProperDocs engine, and what editors read.

A failed build never touches the published site/: the engine writes into a sibling
temporary directory, and only a complete build replaces site/ (pipeline.swap: two renames).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from showcase.core.problems import ContentError, Problems
from showcase.publish import incremental
from showcase.publish.engine import ProperDocs
from showcase.publish.lock import BuildStopped, build_lock, system_message
from showcase.publish.pipeline import EngineError, Generated


def build_site(root: Path, strict: bool = False, production: bool = False,
               site_dir: Path | None = None, quiet: bool = False, full: bool = False) -> Path:
    """Build root's site into site_dir (default root/site). Raises ContentError on bad content,
    BuildStopped when another build holds the lock or the system refuses to write."""
    target = (site_dir or root / "site").resolve()
    started = time.perf_counter()
    engine = ProperDocs(quiet=quiet)

    def checked(gen: Generated) -> None:
        if gen.problems.items and not quiet:
            print(gen.problems.render(), file=sys.stderr)

    try:
        with build_lock(root):  # a second build waits, then stops with a message
            done = incremental.run(root, engine, strict=strict, production=production,
                                   site_dir=target, checked=checked, full=full)
    except EngineError as exc:
        raise ContentError(_engine_problem(root, engine.name, str(exc))) from None
    except OSError as exc:  # full disk, read-only folder: site/ is untouched (incremental.run)
        raise BuildStopped(system_message(exc, target.parent)) from None
    if not quiet:
        if done.warnings:  # nothing changed: the check's warnings of last time, as then
            print(done.warnings, file=sys.stderr)
        print(_summary(done, target, time.perf_counter() - started))
    return target


def _summary(done: incremental.Outcome, target: Path, seconds: float) -> str:
    if done.gen is None:
        return f"Không có gì thay đổi từ lần dựng trước: {target} giữ nguyên ({seconds:.1f} giây)."
    how = "dựng lại toàn bộ" if done.full else f"dựng lại {done.rendered} trang đã thay đổi"
    return (f"Đã dựng {done.profiles} hồ sơ vào {target} ({how}) "
            f"trong {seconds:.1f} giây.")


def _engine_problem(root: Path, engine: str, message: str) -> Problems:
    problems = Problems(root)
    problems.add("mkdocs.yml", 1, 1, f"{engine} dừng bản dựng: {message}")
    return problems
