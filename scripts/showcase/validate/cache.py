"""The check's memo of per-profile results, in memory and in .cache/check/ (issue 14).

A profile's result (its record, its problems, the photos it names) is a function of its
bytes, of the context every profile is checked in (vocabularies, units, movements,
mkdocs.yml, today) and of the photos it names. An entry is reused only when all three are
unchanged, each compared by the sha256 of its content. A file is not hashed again while
its lstat signature (mode, size, mtime and ctime in ns, inode; no tool sets ctime) is the
one it had when it was hashed, if that was RACY_NS after its last change (file times tick
coarsely; git's index does the same): the digest stays the key, so a copied checkout or a
restored CI cache still hits. Only the latest run's entries are kept, so `showcase serve`
does not grow.

On disk the entries are split into SHARDS pickles, so one save rewrites one small shard.
Each starts with a header (format, code and dependency versions, context digest) that is
compared before anything is unpickled, and the unpickler only builds the few classes an
entry holds. A pickle committed to the repository is still code from a stranger: the
check refuses any git-tracked file under .cache/ or site/ and then reads no cache at all
(`refuse_tracked`). SHOWCASE_NO_CACHE=1 uses no cache, in memory or on disk (a cold run).
"""
from __future__ import annotations

import gc
import hashlib
import os
import pickle
import stat
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

import PIL
import yaml

from showcase.core.clock import today
from showcase.core.model import Exemplar
from showcase.core.problems import Problem, Problems
from showcase.load.documents import MAX_MARKDOWN_BYTES, MAX_YAML_BYTES, Doc
from showcase.load.vocab import VOCAB_DIR
from showcase.validate import fanout, history
from showcase.validate import photos as photos_check

CACHE_DIR = Path(".cache") / "check"
SHARDS = 32  # about 300 profiles, 1.3 MB a shard at 10,000 synthetic profiles
FORMAT = b"showcase-check-cache 2"
CHECK_STAGES = ("core", "load", "validate")  # all the check runs (see code_version)
GENERATED = (".cache", "site")  # made by the tools; never content of the repository
Sig = tuple[int, int, int, int, int]  # lstat: mode, size, mtime_ns, ctime_ns, inode
RACY_NS = 2_000_000_000  # file times tick coarsely (a few ms): a file changed this recently
# may change again under the same times, so its signature does not vouch for its digest


@dataclass(frozen=True, slots=True)
class Entry:
    """One profile's result: what `showcase check` would find in it now."""

    record: Exemplar | None
    problems: tuple[Problem, ...]
    photos: tuple[str, ...]  # names the file gives, as written (photos.named_photos)
    deps: tuple[tuple[str, Any], ...]  # (photo name, Photos.key); ("/", the folder's photo names)


Slot = tuple[bytes, Entry, "Sig | None"]  # digest, entry, the signature that vouches for the digest


# ---- keys: content digests and photo signatures ------------------------------------------

def file_digest(path: str | Path, cap: int = MAX_YAML_BYTES) -> tuple[Sig | None, bytes]:
    """(lstat signature, digest of what the loader would read). A link, folder or FIFO is
    never opened (reading a FIFO blocks): its digest is its mode, and it has no signature."""
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode):
            return None, b"mode %o" % st.st_mode
        with open(path, "rb") as f:
            data = f.read(cap + 1)
    except (OSError, ValueError):
        return None, b"unreadable"
    h = hashlib.sha256(b"%d\0" % st.st_size)  # past the cap, the loader's message gives the size
    h.update(data)
    return _sig(st), h.digest()


def _sig(st: os.stat_result) -> Sig:
    return st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def context_digest(root: Path) -> str:
    """Every input a profile's check reads besides its own file and photos."""
    h = hashlib.sha256(today().isoformat().encode())
    files = [*sorted((root / VOCAB_DIR).glob("*.yaml")), root / "exemplars" / "units.yaml",
             *sorted((root / "content" / "phong-trao").glob("*.md")), root / "mkdocs.yml"]
    for path in files:
        cap = MAX_MARKDOWN_BYTES if path.suffix == ".md" else MAX_YAML_BYTES
        h.update(b"\0%s\0%s" % (path.relative_to(root).as_posix().encode(), file_digest(path, cap)[1]))
    return h.hexdigest()


class Photos:
    """What the photo rules read, for one run: each photo by the digest of its bytes (not
    hashed again while a settled signature vouches for it), a folder's photo names, and
    verdicts for deps shared by many profiles. `known`: (unit, name) → (signature, digest)."""

    def __init__(self, known: Mapping[tuple[str, str], tuple[Sig, bytes]] | None = None):
        self.known = known or {}
        self.seen: dict[tuple[str, str], tuple[Sig, bytes]] = {}  # this run's, to keep
        self.memo: dict[Any, Any] = {}

    def key(self, folder: str, name: str) -> Any:
        """('f', digest) for a regular file, ('m', mode) for anything else, None if absent."""
        path = os.path.join(folder, name)
        if path not in self.memo:
            self.memo[path] = self._key(path, (os.path.basename(folder), name))
        return self.memo[path]

    def _key(self, path: str, where: tuple[str, str]) -> Any:
        now = time.time_ns()
        try:
            st = os.lstat(path)
        except (OSError, ValueError):
            return None
        if not stat.S_ISREG(st.st_mode):
            return "m", st.st_mode
        sig, known = _sig(st), self.known.get(where)
        digest = known[1] if known and known[0] == sig else _hash_file(path)
        if digest is not None and max(sig[2], sig[3]) < now - RACY_NS:
            self.seen[where] = (sig, digest)
        return "f", digest

    def listing(self, folder: str) -> Any:
        if (folder, "/") not in self.memo:
            try:
                self.memo[folder, "/"] = tuple(sorted(
                    n for n in os.listdir(folder) if Path(n).suffix.lower() in photos_check.EXTENSIONS))
            except (OSError, ValueError):
                self.memo[folder, "/"] = None
        return self.memo[folder, "/"]

    def deps(self, folder: str, names: Iterable[str]) -> tuple[tuple[str, Any], ...]:
        deps: list[tuple[str, Any]] = [(n, self.key(folder, n)) for n in names]
        if any(key is None for _, key in deps):  # the message lists the folder's photos
            deps.append(("/", self.listing(folder)))
        return tuple(deps)

    def still_valid(self, entry: Entry, path: str | Path, folder: str | None = None) -> bool:
        """The photos read for `entry` (the profile at `path`, in `folder` if given) are as
        they were; profiles sharing photos ask once."""
        if not entry.deps:
            return True
        folder = folder or os.path.dirname(path)
        verdict = (folder, entry.deps)
        if verdict not in self.memo:
            self.memo[verdict] = self.deps(folder, [n for n, _ in entry.deps if n != "/"]) == entry.deps
        return self.memo[verdict]


def _hash_file(path: str) -> bytes | None:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.digest()


def photo_deps(doc: Doc, photos: Photos) -> tuple[tuple[str, Any], ...]:
    """What the photo rules will read for this profile (the names as written and stripped,
    as the schema gives them), taken before they run: a photo changed meanwhile differs
    next time."""
    names = sorted({n for raw in photos_check.photo_names(doc) for n in (raw, raw.strip())})
    return photos.deps(os.fspath(doc.path.parent), names)


# ---- the memo: latest run only ----------------------------------------------------------

@dataclass
class _State:
    context: str = ""
    entries: dict[str, Slot] = field(default_factory=dict)  # rel → (digest, entry)
    synced: str = ""  # the .cache/check folder known to hold exactly `entries` ("" if none)
    rechecked: int = 0  # files the latest run read and checked (the others came from the memo)
    photos: dict[tuple[str, str], tuple[Sig, bytes]] = field(default_factory=dict)  # Photos.seen


_STATE = _State()


def forget() -> None:
    """The latest run's entries out of memory (their records are the catalogue's exemplars);
    the next run reads .cache/check again."""
    _STATE.context, _STATE.entries, _STATE.synced = "", {}, ""


def known_photos() -> Mapping[tuple[str, str], tuple[Sig, bytes]]:
    """The latest run's photo digests (a forked worker inherits them)."""
    return _STATE.photos


def enabled() -> bool:
    return os.environ.get("SHOWCASE_NO_CACHE", "").strip() not in ("1", "true", "yes")


class Memo:
    """One check run's view of the cache: lookups, then `save` with this run's entries."""

    def __init__(self, root: Path, context: str, disk: bool, on: bool = True):
        self.root, self.context = root, context
        self.on = on and enabled()
        self.folder = root / CACHE_DIR if disk and self.on else None
        self.photos = Photos()
        self.prior: dict[str, Slot] = {}
        self.fresh: dict[str, Slot] = {}
        self.keys: dict[str, tuple[Sig | None, bytes, Sig | None]] = {}
        self.on_disk: dict[str, Slot] = {}  # what .cache/check holds now
        self.misses = 0
        self.photos_on_disk: dict[tuple[str, str], tuple[Sig, bytes]] = {}
        if self.on:
            self.prior = self._prior()

    def _prior(self) -> dict[str, Slot]:
        memory = _STATE.entries if _STATE.context == self.context else {}
        self.photos = Photos(_STATE.photos)
        if self.folder is not None:
            if _STATE.synced != str(self.folder):
                self.photos_on_disk = read_photos(self.folder)
                self.photos = Photos({**self.photos_on_disk, **_STATE.photos})
            else:
                self.photos_on_disk = _STATE.photos
            synced = memory and _STATE.synced == str(self.folder)
            self.on_disk = memory if synced else read_shards(self.folder, header(self.context))
        return {**self.on_disk, **memory}

    def lookup(self, path: str | Path) -> Entry | None:
        """The entry still true for this profile, or None (then `put` its fresh result)."""
        if not self.on:
            return None
        self.misses += 1  # until it is found
        rel = rel_of(path)
        old = self.prior.get(rel)
        self.keys[rel] = key = self._digest(path, old)
        if key[0] is None or old is None or old[0] != key[1] or \
                not self.photos.still_valid(old[1], path):
            return None
        self.fresh[rel] = old if old[2] == key[2] else (old[0], old[1], key[2])
        self.misses -= 1
        return old[1]

    def lookup_all(self, paths: Iterable[str], touched: frozenset[str] | None = None
                   ) -> dict[str, Entry]:
        """lookup() of each path, with the common case inlined: a file whose lstat signature
        is the one that vouched for its digest, with its photos as they were, is a hit with
        no call per file (10,000 lookups were 0.13 s of a warm check: now ~40 ms). With
        `touched` (the only files changed since the latest run: the preview's file watcher)
        an untouched file's signature is taken as the kept one, unread (10,000 lstats)."""
        found: dict[str, Entry] = {}
        if not self.on:
            return found
        prior, fresh, lstat, valid, sep = self.prior, self.fresh, os.lstat, self.photos.still_valid, os.sep
        for path in paths:
            head, unit, name = path.rsplit(sep, 2)
            rel = f"exemplars/{unit}/{name}"  # rel_of(path)
            old = prior.get(rel)
            if old is not None and old[2] is not None:
                if touched is not None and path not in touched:
                    sig = old[2]
                else:
                    try:
                        st = lstat(path)
                        sig = (st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
                    except OSError:
                        sig = None
                if old[2] == sig and (not old[1].deps or valid(old[1], path, f"{head}{sep}{unit}")):
                    fresh[rel] = old
                    found[path] = old[1]
                    continue
            if (entry := self.lookup(path)) is not None:  # the general case
                found[path] = entry
        return found

    def _digest(self, path: str | Path, old: Slot | None) -> tuple[Sig | None, bytes, Sig | None]:
        """(signature, digest, signature to keep): an unchanged signature that vouched for
        the digest before saves reading the file; the bytes are the key all the same."""
        now = time.time_ns()
        sig = signature(path)
        if sig is not None and old is not None and old[2] == sig:
            return sig, old[0], sig
        sig, digest = file_digest(path)
        settled = sig is not None and max(sig[2], sig[3]) < now - RACY_NS
        return sig, digest, sig if settled else None

    def put(self, path: str | Path, entry: Entry) -> None:
        rel = rel_of(path)
        sig, digest, keep = self.keys.get(rel, (None, b"", None))
        if sig is not None and signature(path) == sig:  # unchanged while it was checked
            self.fresh[rel] = (digest, entry, keep)

    def save(self) -> None:
        """Keep this run's entries (in memory; on disk, the shards that changed), unless the
        context changed while the run read it."""
        if not self.on:
            return
        if context_digest(self.root) != self.context:
            _STATE.__init__()  # type: ignore[misc]
            return
        stale = [rel for rel, value in self.fresh.items() if self.on_disk.get(rel) is not value]
        dirty = {shard_of(rel) for rel in [*stale, *(self.on_disk.keys() - self.fresh.keys())]}
        _STATE.context, _STATE.entries, _STATE.synced = self.context, self.fresh, ""
        _STATE.rechecked, _STATE.photos = self.misses, self.photos.seen
        if self.folder is not None and write_shards(self.folder, header(self.context),
                                                    self.fresh, dirty):
            if self.photos.seen == self.photos_on_disk or \
                    write_file(self.folder, "photos.pickle", photos_header(), self.photos.seen):
                _STATE.synced = str(self.folder)


def drifted(paths: Iterable[str], stop: Callable[[], bool] | None = None) -> set[str] | None:
    """The profiles whose settled signature now differs from the one the latest run kept;
    None when `stop` abandoned the look. A file with no kept signature (none, or unsettled)
    is read again by the next run whatever it is told, so it cannot drift."""
    entries, out = _STATE.entries, set()
    for n, path in enumerate(paths):
        if n % 500 == 0 and stop is not None and stop():
            return None
        slot = entries.get(rel_of(path))
        if slot is not None and slot[2] is not None and slot[2] != signature(path):
            out.add(path)
    return out


def rel_of(path: str | Path) -> str:
    """exemplars/<unit>/<name>.yaml, the memo's key: the same in any checkout."""
    unit, name = os.fspath(path).rsplit(os.sep, 2)[-2:]
    return f"exemplars/{unit}/{name}"


def signature(path: str | Path) -> Sig | None:
    try:
        return _sig(os.lstat(path))
    except OSError:
        return None


# ---- on disk ----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def code_version() -> bytes:
    """The check's code and what it parses with: another version reads files differently.
    The check imports only core/, load/ and validate/ (tests/test_architecture.py holds every
    stage to the ones before it), so a change to the renderers keeps the cache."""
    package = Path(__file__).resolve().parents[1]
    h = hashlib.sha256(f"{sys.version}|{PIL.__version__}|{yaml.__version__}|"
                       f"{yaml.__with_libyaml__}|{pickle.HIGHEST_PROTOCOL}".encode())
    files = [package / "__init__.py", *(p for stage in CHECK_STAGES for p in (package / stage).rglob("*"))]
    for path in sorted(files):
        if path.suffix in (".py", ".yaml") and "__pycache__" not in path.parts:
            h.update(b"\0%s\0%s" % (path.relative_to(package).as_posix().encode(), path.read_bytes()))
    return h.hexdigest().encode()


def header(context: str) -> bytes:
    return b"%s %s %s\n" % (FORMAT, code_version(), context.encode())


@lru_cache(maxsize=1 << 16)  # a save after one edit sorted and hashed every path again
def shard_of(rel: str) -> int:
    return hashlib.sha256(rel.encode()).digest()[0] % SHARDS


def read_shards(folder: Path, head: bytes) -> dict[str, Slot]:
    """Every readable shard of this version and context; others are ignored, never trusted."""
    out: dict[str, Slot] = {}
    collecting = gc.isenabled()
    gc.disable()  # unpickling 10,000 records triggers the cycle collector ~100 times: 2-4× slower
    try:
        _read_into(out, folder, head)
    finally:
        if collecting:
            _freeze_once()
            gc.enable()
    return out


def _freeze_once() -> None:
    """Keep the cycle collector from scanning the loaded records (no cycles: refcounts free
    them) at every later collection of the run. Once a process, the usual single load: any
    cyclic garbage alive at that moment stays, so repeating it would let that grow."""
    if not _FROZEN:
        gc.freeze()
        _FROZEN.append(True)


_FROZEN: list[bool] = []


def _read_into(out: dict[str, Slot], folder: Path, head: bytes) -> None:
    for n in range(SHARDS):
        try:
            with open(folder / f"{n:02d}.pickle", "rb") as f:
                if f.readline() != head:
                    continue
                part = _Unpickler(f).load()
        except Exception:  # noqa: BLE001 - a corrupt file of any kind is a cache miss
            continue
        if isinstance(part, dict):
            out.update((k, v) for k, v in part.items() if _well_formed(k, v))


def _well_formed(rel: Any, value: Any) -> bool:
    return isinstance(rel, str) and isinstance(value, tuple) and len(value) == 3 and \
        isinstance(value[0], bytes) and isinstance(value[1], Entry) and \
        (value[2] is None or (isinstance(value[2], tuple) and len(value[2]) == 5))


def write_shards(folder: Path, head: bytes, entries: Mapping[str, Slot], dirty: set[int]) -> bool:
    """Rewrite the `dirty` shards; False when the folder cannot be written (a read-only
    checkout still checks, only slower)."""
    if not dirty:
        return True
    parts: dict[int, dict[str, Slot]] = {n: {} for n in dirty}
    for rel in sorted(entries):
        if (n := shard_of(rel)) in parts:
            parts[n][rel] = entries[rel]
    return _unmarked(lambda: all(write_file(folder, f"{n:02d}.pickle", head, part)
                                 for n, part in sorted(parts.items())))


def _unmarked(job: Callable[[], bool]) -> bool:
    """job() (it pickles records), in a forked child when this process may fork: pickling a
    str that is not ASCII leaves a UTF-8 copy inside it for its life (CPython caches it),
    about 13 strings a profile, which the records carried to the end of a build (25 MB at
    10,000 profiles). Where no child may be forked (fanout.may_fork) it pickles here."""
    if not fanout.may_fork():
        return job()
    pid = os.fork()
    if pid == 0:  # the child: no collection (it would touch, so copy, every object), no exit handlers
        gc.disable()
        code = 1
        try:
            code = 0 if job() else 1
        except Exception:  # noqa: BLE001 - said here; the parent sees a failed write
            traceback.print_exc()
        finally:  # Ctrl+C or kill too: the parent is stopping anyway, no traceback for it
            os._exit(code)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0


def write_file(folder: Path, name: str, head: bytes, data: Any) -> bool:
    """`head` then `data` pickled, atomically: a temporary file, then os.replace."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(head)
                pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / name)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return False
    return True


def photos_header() -> bytes:
    return b"%s %s photos\n" % (FORMAT, code_version())


def read_photos(folder: Path) -> dict[tuple[str, str], tuple[Sig, bytes]]:
    """Photos.seen of the run that wrote it; any other content is ignored."""
    try:
        with open(folder / "photos.pickle", "rb") as f:
            data = _Unpickler(f).load() if f.readline() == photos_header() else {}
    except Exception:  # noqa: BLE001 - a corrupt file of any kind is a cache miss
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, tuple) and len(k) == 2 and
            all(isinstance(x, str) for x in k) and isinstance(v, tuple) and len(v) == 2 and
            isinstance(v[0], tuple) and len(v[0]) == 5 and isinstance(v[1], bytes)}


class _Unpickler(pickle.Unpickler):
    """Builds only what an entry holds: a stray or crafted pickle cannot name os.system."""

    ALLOWED = {("showcase.validate.cache", "Entry"), ("showcase.core.problems", "Problem"),
               ("showcase.core.model", "Exemplar"), ("showcase.core.model", "Award"),
               ("showcase.core.model", "Consent"), ("showcase.core.model", "Photo"),
               ("datetime", "date")}

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name}")
        return super().find_class(module, name)



# ---- a cache or site committed to the repository ---------------------------------------

def refuse_tracked(root: Path, problems: Problems) -> bool:
    """Report every git-tracked file under .cache/ or site/; True when there is one (then no
    cache may be read: a pull request could have committed a crafted one)."""
    out = history._git(root, "ls-files", "-z", "--", *GENERATED)
    tracked = sorted(p for p in (out or b"").decode("utf-8", "replace").split("\0") if p)
    for rel in tracked:
        top = rel.split("/", 1)[0]
        problems.error(root / rel, (1, 1), f"Tệp '{rel}' không được đưa vào git: thư mục {top}/ "
                       f"{WHY_UNTRACKED[top]} Hãy gỡ khỏi git: git rm -r --cached {top} (khi còn "
                       "tệp này, 'showcase check' không đọc bộ nhớ đệm nào).")
    return bool(tracked)


WHY_UNTRACKED = {
    ".cache": "là bộ nhớ đệm do công cụ tạo trên từng máy, không phải nội dung: một tệp đệm trong "
              "kho sẽ được tin như kết quả kiểm tra (và có thể chạy mã khi được đọc).",
    "site": "là trang web do 'showcase build' tạo ra, không phải nội dung: tệp đặt vào đó không qua "
            "kiểm tra nào.",
}
