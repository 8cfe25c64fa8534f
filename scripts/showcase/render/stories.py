"""Story Markdown → sanitised HTML, converted once per content (issue 14).

Converting 10,000 stories took 7 s of a 21 s page render. A story's HTML depends on its
text, the office's phone (the one tel: link the sanitiser keeps) and the code that
converts it, so the key is a hash of exactly those: POLICY covers Python-Markdown's and
nh3's versions, the extensions, and validate/markup.py's own source (the allow-lists).

In memory the latest run's stories stay (a warm server), packed (zlib'd UTF-8: as str, a
story's HTML is 2 bytes a character, 29 MB at 10,000 profiles, 7 MB packed); on disk,
`.cache/stories/` holds 256 shard files by key prefix, so a fresh process converts only what changed. A shard is
JSON {"v": POLICY, "stories": {key: html}}, written atomically (temp file + os.replace) and
only when it gains an entry; it keeps the entries of the latest run. A shard that does not
parse or carries another POLICY is ignored.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import markdown
import nh3

from showcase.render import memo
from showcase.validate import markup
from showcase.validate.markup import sanitize_html

VERSION = 1  # bump when story conversion changes in a way POLICY cannot see
EXTENSIONS = ("attr_list", "tables")
FOLDER = Path(".cache") / "stories"


@lru_cache(maxsize=1)
def policy() -> str:
    source = Path(markup.__file__).read_bytes()
    parts = f"{VERSION}|{markdown.__version__}|{getattr(nh3, '__version__', '')}|{EXTENSIONS}|"
    return hashlib.sha256(parts.encode() + source).hexdigest()[:16]


def story_key(text: str, office_tel: str) -> str:
    return hashlib.sha256(f"{policy()}|{office_tel}\0{text}".encode("utf-8")).hexdigest()[:32]


class StoryCache:
    """One per process (module-level `STORIES`); `start(root)` opens a run, `save()` ends it."""

    def __init__(self) -> None:
        self._md: markdown.Markdown | None = None
        self._old: dict[str, bytes] = {}  # key → packed HTML
        self._new: dict[str, bytes] = {}
        self._disk: dict[str, dict[str, str]] = {}  # shard → entries read this run, not yet taken
        self._dirty: set[str] = set()
        self._folder: Path | None = None
        self.converted = 0

    def start(self, root: Path) -> None:
        """A new run: the latest run's stories stay in memory (keys are content, so another
        root may use them too), older ones go. Every story of a run must pass through
        `html`, even when its page comes from a memo, or `save` would drop it from disk."""
        self._old, self._new = self._new, {}
        self._disk, self._dirty, self._folder, self.converted = {}, set(), root / FOLDER, 0

    def html(self, text: str, office_tel: str, key: str | None = None) -> str:
        """`key` is story_key(text, office_tel), when the caller has it already."""
        return _unpack(self.keep(text, office_tel, key))

    def keep(self, text: str, office_tel: str, key: str | None = None) -> bytes:
        """The story in this run, packed: converted or found, not unpacked (a page taken
        from its memo still asks for its story, so that `save` keeps it on disk)."""
        key = key or story_key(text, office_tel)
        found = self._new.get(key)
        if found is None:
            found = self._old.get(key)
            if found is None:
                html = self._shard(key[:2]).pop(key, None)
                if html is None:
                    html = self.convert(text, office_tel)
                    self._dirty.add(key[:2])
                found = _pack(html)
            self._new[key] = found
        return found

    def carry(self) -> None:
        """Keep every story of the last run for this one, for a caller that takes pages
        from a memo without asking for their stories (render/pages.py's changed-profiles
        path); it then `forget`s the keys no page uses any more."""
        self._old.update(self._new)
        self._new, self._old = self._old, {}

    def forget(self, keys: Iterable[str]) -> None:
        """Drop these keys from the run (a story still in use would be read again)."""
        for key in keys:
            self._new.pop(key, None)

    def convert(self, text: str, office_tel: str) -> str:
        """One reused converter: building a Markdown instance costs ~0.5 ms."""
        if self._md is None:
            self._md = markdown.Markdown(extensions=list(EXTENSIONS))
        self.converted += 1
        return sanitize_html(self._md.reset().convert(text), office_tel)

    def save(self) -> None:
        """Write the shards that gained entries, with this run's entries of that shard."""
        if self._folder is None or not self._dirty:
            return
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
            for shard in sorted(self._dirty):
                mine = sorted(kv for kv in self._new.items() if kv[0][:2] == shard)
                entries = {k: _unpack(v) for k, v in mine}
                _write_atomic(self._folder / f"{shard}.json",
                              json.dumps({"v": policy(), "stories": entries}, ensure_ascii=False))
        except OSError:
            pass  # a read-only tree still builds; the next run converts again
        self._dirty = set()

    def _shard(self, shard: str) -> dict[str, str]:
        if shard not in self._disk:
            self._disk[shard] = _read_shard(self._folder / f"{shard}.json") if self._folder else {}
        return self._disk[shard]

    def clear(self) -> None:
        self._old, self._new, self._disk, self._dirty = {}, {}, {}, set()


def _pack(html: str) -> bytes:
    return zlib.compress(html.encode("utf-8"), 1)


def _unpack(packed: bytes) -> str:
    return zlib.decompress(packed).decode("utf-8")


def _read_shard(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    stories = data.get("stories") if isinstance(data, dict) and data.get("v") == policy() else None
    if not isinstance(stories, dict):
        return {}
    return {k: v for k, v in stories.items() if isinstance(k, str) and isinstance(v, str)}


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


STORIES = StoryCache()
memo.clear_hooks.append(STORIES.clear)
memo.persist("stories", STORIES)
