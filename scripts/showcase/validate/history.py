"""Published identities never change: compare exemplar files with a git base.

A published profile keeps its `id` forever, and every URL it ever had keeps working
(the old slug must stay in `aliases`). Deleting a published profile would break its
URL: it must become a tombstone instead. The base is HEAD for an editor's working
tree, and the pull request's target (e.g. origin/main) in CI. Outside git: no check.
"""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from showcase.load.documents import parse_yaml
from showcase.core.model import Exemplar
from showcase.core.problems import Problems
from showcase.load.vocab import Vocab


@dataclass(frozen=True)
class Before:
    """What a profile was at the base: enough to know its identity and URLs."""

    path: str  # relative to the root, at the base
    id: str
    slug: str
    status: str


def check_history(root: Path, exemplars: list[Exemplar], statuses: Vocab, problems: Problems,
                  base: str | None = "HEAD") -> None:
    if not base or not _is_repo_top(root) or _git(root, "rev-parse", "--verify", "-q",
                                                  f"{base}^{{commit}}") is None:
        return
    changes = _changed_profiles(root, base)
    befores = [b for b in _read_before(root, base, changes) if statuses.resolve(b.status) == "published"]
    now_by_path = {e.source: e for e in exemplars}
    now_by_id = {e.id: e for e in exemplars}
    for before in befores:
        check_one(root, before, changes[before.path], now_by_path, now_by_id, problems)


def check_one(root: Path, before: Before, now_path: str | None, by_path: dict[str, Exemplar],
              by_id: dict[str, Exemplar], problems: Problems) -> None:
    """The same file must keep its id; the id's profile must keep every old URL."""
    here = by_path.get(now_path or "")
    if here is not None and here.id != before.id:
        problems.error(here.source, _line_of(root / here.source, "id"),
                       f"id: hồ sơ đã công bố không được đổi mã (trước đây là '{before.id}', "
                       f"nay là '{here.id}'). Hãy ghi lại id: {before.id}.")
        return
    now = by_id.get(before.id)
    if now is None:
        problems.error(before.path, (1, 1), f"Hồ sơ đã công bố (id {before.id}) bị xóa hoặc đổi mã: "
                       "đường dẫn cũ sẽ hỏng. Đừng xóa tệp; hãy chuyển thành hồ sơ đã rút "
                       "(chỉ giữ id, status: withdrawn, withdrawn: ngày rút).")
    elif before.slug not in (now.slug, *now.aliases):
        problems.error(now.source, _line_of(root / now.source, "aliases", "id"),
                       f"aliases: đường dẫn cũ '{before.slug}' của hồ sơ đã công bố sẽ hỏng. "
                       f"Hãy thêm nó vào aliases, ví dụ aliases: [{before.slug}].")


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True,
                              timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _is_repo_top(root: Path) -> bool:
    top = _git(root, "rev-parse", "--show-toplevel")
    return top is not None and Path(top.decode().strip()).resolve() == root.resolve()


_PROFILE = re.compile(r"exemplars/(?!vocab/|schema/)[^/]+/[^/]+\.yaml")


def _changed_profiles(root: Path, base: str) -> dict[str, str | None]:
    """Old path → new path (None when deleted), for profiles changed since `base`."""
    out = _git(root, "-c", "core.quotepath=off", "diff", "--name-status", "-M50%", "-z", base,
               "--", "exemplars") or b""
    fields = out.decode("utf-8", "replace").split("\0")
    changes: dict[str, str | None] = {}
    i = 0
    while i < len(fields) - 1:
        status = fields[i]
        if status.startswith(("R", "C")):
            old, new, i = fields[i + 1], fields[i + 2], i + 3
        else:
            old, i = fields[i + 1], i + 2
            new = None if status == "D" else old
        if status[0] in "MRD" and _PROFILE.fullmatch(old):
            changes[old] = new
    return changes


def _read_before(root: Path, base: str, changes: dict[str, str | None]) -> list[Before]:
    """Each changed profile as it was at `base`, read in one `git cat-file --batch`."""
    paths = list(changes)
    if not paths:
        return []
    out = _git(root, "cat-file", "--batch", stdin="".join(f"{base}:{p}\n" for p in paths).encode())
    return [b for p, text in zip(paths, _split_batch(out or b"")) if (b := _parse(root, p, text))]


def _split_batch(out: bytes) -> list[str]:
    texts, pos = [], 0
    while pos < len(out):
        header_end = out.index(b"\n", pos)
        size = int(out[pos:header_end].split()[2])
        texts.append(out[header_end + 1:header_end + 1 + size].decode("utf-8", "replace"))
        pos = header_end + 1 + size + 1
    return texts


def _parse(root: Path, path: str, text: str) -> Before | None:
    doc = parse_yaml(root / path, text.lstrip("\ufeff").replace("\r\n", "\n"), Problems(root))
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    if not isinstance(data.get("id"), str):
        return None
    slug = data.get("slug") if isinstance(data.get("slug"), str) else Path(path).stem
    return Before(path, data["id"].strip(), slug, str(data.get("status") or ""))


def _line_of(path: Path, *keys: str) -> tuple[int, int]:
    """The line of the first of `keys` written at the top level of a file (1 if none)."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    for key in keys:
        for n, line in enumerate(lines, 1):
            if line.startswith(f"{key}:"):
                return n, 1
    return 1, 1
