"""Run a per-file function over many files on every core, for `showcase check` at scale.

Forked workers inherit the read-only context (vocabularies, units) instead of pickling
it; only the results travel back. Small trees stay in one process: forking costs more
than it saves below a few hundred files. SHOWCASE_WORKERS=1 turns it off.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import sys
import threading
from pathlib import Path
from typing import Any, Callable, TypeVar

T = TypeVar("T")
PARALLEL_FROM = 800  # files
_SHARED: dict[str, Any] = {}


FORK_OK = sys.platform.startswith("linux")  # fork is unsafe on macOS, absent on Windows


def workers() -> int:
    wanted = os.environ.get("SHOWCASE_WORKERS")
    if wanted and wanted.isdigit():
        return max(1, min(int(wanted), 8))
    if not FORK_OK:
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), 8))


def may_fork() -> bool:
    """One child may be forked now: a platform where fork is safe, and no other thread (the
    preview's server threads) whose locks the child would inherit held."""
    return FORK_OK and threading.active_count() == 1


def map_chunks(job: Callable[[Any, list[Path]], T], shared: Any, paths: list[Path]) -> list[T]:
    """`job(shared, chunk)` for contiguous chunks of `paths`, results in the paths' order."""
    n = workers()
    if len(paths) < PARALLEL_FROM or n < 2 or "fork" not in mp.get_all_start_methods():
        return [job(shared, paths)]
    size = -(-len(paths) // (n * 4))  # a few chunks per worker evens out slow files
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    _SHARED["job"], _SHARED["shared"] = job, shared
    try:
        with mp.get_context("fork").Pool(n) as pool:
            return pool.map(_run, chunks)
    finally:
        _SHARED.clear()


def _run(chunk: list[Path]) -> Any:
    return _SHARED["job"](_SHARED["shared"], chunk)
