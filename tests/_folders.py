"""What a build leaves beside its site folder."""
from __future__ import annotations

import time
from pathlib import Path


def names_once_settled(folder: Path, timeout: float = 20.0) -> list[str]:
    """The folder's entries once the old site (deleted by a process of its own after the
    swap, pipeline.discard) is gone, or as they are when the timeout runs out."""
    deadline = time.monotonic() + timeout
    while any(p.name.startswith(".site.old-") for p in folder.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return sorted(p.name for p in folder.iterdir())
