"""Two builds of the same content give the same bytes: every file, nothing excluded.

Each build runs `showcase build` in its own process with its own PYTHONHASHSEED (set and dict
order of strings changes with it), from its own copy of the tree in another folder (so no
absolute path may leak into the site) and with a cold photo cache."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from test_site_support import repo_tree


def build(base: Path, seed: str) -> Path:
    root = repo_tree(base / "repo", "real")
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, "-m", "showcase.cli.main", "--root", str(root), "build", "--strict",
                    "--site-dir", str(base / "site")], check=True, env=env, capture_output=True)
    return base / "site"


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first = files(build(tmp_path / "a", "1"))
    second = files(build(tmp_path / "b", "2"))
    assert len(first) > 500  # the real site, not an empty folder
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
