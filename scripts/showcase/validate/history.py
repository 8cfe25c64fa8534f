"""Published identities never change: compare exemplar files with a git base.

A published profile keeps its `id` forever, and every URL it ever had keeps working
(the old slug must stay in `aliases`). Deleting a published profile would break its
URL: it must become a tombstone instead. The base is HEAD for an editor's working
tree, and the pull request's target (e.g. origin/main) in CI. Outside git: no check.
"""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from showcase.load.documents import Doc, parse_yaml
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
    photos: tuple[str, ...] = ()  # file names as written, next to the profile
    removed: tuple[str, ...] = ()  # a tombstone's removed_photos


def check_history(root: Path, exemplars: list[Exemplar], statuses: Vocab, problems: Problems,
                  base: str | None = "HEAD") -> None:
    if not base or not _is_repo_top(root) or _git(root, "rev-parse", "--verify", "-q",
                                                  f"{base}^{{commit}}") is None:
        return
    changes = _changed_profiles(root, base)
    befores = _read_before(root, base, changes)
    now_by_path = {e.source: e for e in exemplars}
    now_by_id = {e.id: e for e in exemplars}
    for before in befores:
        status = statuses.resolve(before.status)
        if status == "published":
            check_one(root, before, changes[before.path], now_by_path, now_by_id, problems)
        now = now_by_id.get(before.id)
        if now is not None and now.status == "withdrawn":
            check_photos_recorded(root, base, before, now, status, problems)


def check_one(root: Path, before: Before, now_path: str | None, by_path: dict[str, Exemplar],
              by_id: dict[str, Exemplar], problems: Problems) -> None:
    """The same file must keep its id; the id's profile must keep every old URL."""
    here = by_path.get(now_path or "")
    if here is not None and here.id != before.id:
        problems.error(here.source, _line_of(root / here.source, "id"),
                       f"id: hồ sơ đã công bố không được đổi mã (trước đây là '{before.id}', "
                       f"nay là '{here.id}'). Hãy ghi lại id: {before.id}.")
        return
    if here is None and now_path and (root / now_path).is_file():
        return  # still there but it does not load: its own errors are reported, not a deletion
    now = by_id.get(before.id)
    if now is None:
        problems.error(before.path, (1, 1), f"Hồ sơ đã công bố (id {before.id}) bị xóa hoặc đổi mã: "
                       "đường dẫn cũ sẽ hỏng. Đừng xóa tệp; hãy chuyển thành hồ sơ đã rút "
                       "(chỉ giữ id, status: withdrawn, withdrawn: ngày rút).")
    elif before.slug not in (now.slug, *now.aliases):
        problems.error(now.source, _line_of(root / now.source, "aliases", "id"),
                       f"aliases: đường dẫn cũ '{before.slug}' của hồ sơ đã công bố sẽ hỏng. "
                       f"Hãy thêm nó vào aliases, ví dụ aliases: [{before.slug}].")


# ---- a withdrawn profile's photos never come back under another name ------------------

SHA256 = re.compile(r"[0-9a-f]{64}")
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".gif")


def check_hashes(doc: Doc, hashes: tuple[str, ...], problems: Problems) -> tuple[str, ...]:
    """The tombstone's removed_photos, each a sha256 in lower case."""
    good = []
    for i, value in enumerate(hashes):
        if SHA256.fullmatch(value.lower()):
            good.append(value.lower())
        else:
            problems.error(doc.path, doc.mark("removed_photos", i), f"removed_photos[{i + 1}]: "
                           f"'{value}' không phải mã sha256 của ảnh (64 chữ số 0-9, a-f). Hãy chép "
                           "đúng dòng mà 'showcase check' gợi ý.")
    return tuple(good)


def check_removed_photos(root: Path, exemplars: list[Exemplar], problems: Problems) -> None:
    """No image anywhere in exemplars/ or content/ has the bytes of a withdrawn profile's
    removed photo, whatever its name: the person withdrew consent to that picture."""
    removed = {h: e.source for e in exemplars if e.status == "withdrawn" for h in e.removed_photos}
    if not removed:  # the usual case: no file is read
        return
    for path in _images(root):
        digest = _digest(path)
        if digest in removed:
            problems.error(path, (1, 1), f"Ảnh '{path.name}' là ảnh đã xóa của hồ sơ đã rút "
                           f"{removed[digest]} (mã {digest[:12]}…), dù đổi tên tệp: người được "
                           "giới thiệu đã rút sự đồng ý. Hãy xóa tệp ảnh này khỏi kho.")


def _images(root: Path) -> list[Path]:
    found = []
    for top in ("exemplars", "content"):
        for folder, dirs, files in os.walk(root / top):
            dirs[:] = sorted(d for d in dirs if not os.path.islink(os.path.join(folder, d)))
            found += [Path(folder) / f for f in sorted(files) if f.lower().endswith(IMAGE_EXTENSIONS)
                      and not os.path.islink(os.path.join(folder, f))]
    return found


def _digest(path: Path) -> str:
    st = path.stat()
    return _digest_of(path, st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=8192)  # size and mtime make the key exact; serve rechecks many times
def _digest_of(path: Path, size: int, mtime_ns: int) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def check_photos_recorded(root: Path, base: str, before: Before, now: Exemplar, status: str | None,
                          problems: Problems) -> None:
    """A profile withdrawn since `base` keeps the hashes of the photos it had (the check prints
    the line to copy); a tombstone never loses one."""
    kept = set(now.removed_photos)
    if status == "withdrawn":
        lost = [h for h in before.removed if h not in kept]
        if lost:
            problems.error(now.source, _line_of(root / now.source, "removed_photos", "id"),
                           "removed_photos: không được xóa mã ảnh của hồ sơ đã rút (nếu xóa, ảnh "
                           f"đó có thể bị đăng lại). Hãy ghi lại: {', '.join(lost)}.")
        return
    folder = before.path.rsplit("/", 1)[0]
    blobs = _blobs(root, base, [f"{folder}/{name}" for name in before.photos])
    hashes = [hashlib.sha256(b).hexdigest() for b in blobs if b is not None]
    missing = [h for h in dict.fromkeys(hashes) if h not in kept]
    if missing:
        every = ", ".join(dict.fromkeys([*now.removed_photos, *hashes]))
        problems.error(now.source, _line_of(root / now.source, "removed_photos", "id"),
                       f"removed_photos: hồ sơ đã rút cần giữ mã của {len(missing)} ảnh đã xóa để "
                       "ảnh không bị đăng lại dưới tên tệp khác. Hãy thêm dòng này vào tệp: "
                       f"removed_photos: [{every}]")


def _blobs(root: Path, base: str, paths: list[str]) -> list[bytes | None]:
    """The contents of `paths` at `base` (None where absent), in one `git cat-file --batch`."""
    if not paths:
        return []
    out = _git(root, "cat-file", "--batch", stdin="".join(f"{base}:{p}\n" for p in paths).encode())
    blobs: list[bytes | None] = []
    pos = 0
    data = out or b""
    for _ in paths:
        end = data.find(b"\n", pos)
        header = data[pos:end].split() if end >= 0 else []
        if len(header) != 3 or header[1] != b"blob":  # "<name> missing", or not a file
            blobs.append(None)
            pos = end + 1
            continue
        size = int(header[2])
        blobs.append(data[end + 1:end + 1 + size])
        pos = end + 1 + size + 1
    return blobs


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
    texts = [(b or b"").decode("utf-8", "replace") for b in _blobs(root, base, paths)]
    return [b for p, text in zip(paths, texts) if (b := _parse(root, p, text))]


def _parse(root: Path, path: str, text: str) -> Before | None:
    doc = parse_yaml(root / path, text.lstrip("\ufeff").replace("\r\n", "\n"), Problems(root))
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    if not isinstance(data.get("id"), str):
        return None
    slug = data.get("slug") if isinstance(data.get("slug"), str) else Path(path).stem
    photos = data.get("photos") if isinstance(data.get("photos"), list) else []
    removed = data.get("removed_photos") if isinstance(data.get("removed_photos"), list) else []
    return Before(path, data["id"].strip(), slug, str(data.get("status") or ""),
                  tuple(_strings(p.get("file") for p in photos if isinstance(p, dict))),
                  tuple(r.strip().lower() for r in _strings(removed)))


def _strings(values: Any) -> list[str]:
    return [v for v in values if isinstance(v, str)]


def _line_of(path: Path, *keys: str) -> tuple[int, int]:
    """The line of the first of `keys` written at the top level of a file (1 if none)."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    for key in keys:
        for n, line in enumerate(lines, 1):
            if line.startswith(f"{key}:"):
                return n, 1
    return 1, 1
