"""Incremental builds: the same site as a full build, rewriting only what changed.

A build runs `pipeline.generate` (each stage caches its own work by content), then the engine
renders only pages whose inputs changed (`Engine.build(previous=…)`, publish/engine.py), the
finishing steps link only new images and rewrite only changed search files, and files no
longer produced are removed. What the last build wrote is kept in `.cache/incremental/`:
- `version`: a digest of everything that is not content yet shapes every page: the code,
  the engine's and libraries' versions, mkdocs.yml, theme_overrides/, the build's options
  and SHOWCASE_* variables, and today's date (periods, due quarters and the sitemap read it);
- `inputs`: the version, git HEAD (the check compares with it) and every file under content/
  and exemplars/: a build with nothing changed stops there;
- the engine's `Rendered` (a digest per page and file), the linked images, the search state,
  and the (size, mtime) of every file in the site folder; pickled, with a CRC-32;
- beside it, the render memos (render/memo.py: a new process renders only what changed),
  written as soon as generate ends and then forgotten, so the engine's and search's peak does
  not hold them too; their exemplars, pages and search records go to a row table after the
  pickle (rowtable.py); the state names them by their CRC-32.

Any doubt means a full build: another version, a state that does not load, or a site folder
that is not exactly what the state describes (a file added, removed or touched). An
incremental `showcase build` works on a hard-linked copy of site/ (never writing through a
link: every writer unlinks first) and swaps it in as a full build does, so a failure leaves
site/ untouched. tests/test_incremental.py holds incremental = full, byte for byte.
"""
from __future__ import annotations

import contextlib
import copyreg
import ctypes
import gc
import hashlib
import io
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from array import array
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterator

from showcase.core.clock import today
from showcase.core.problems import Problems
from showcase.outputs import search
from showcase.publish import pipeline, rowtable
from showcase.publish.pipeline import Engine, Generated
from showcase.render import memo
from showcase.validate import cache, check

STATE_VERSION = 4  # 2: the render memos; 3: in a file of their own; 4: with a row table
CODE = Path(__file__).resolve().parents[1]  # scripts/showcase/
LIBRARIES = ("properdocs", "mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2",
             "markupsafe", "nh3", "pillow", "pyyaml")
# Variables that change what a build writes; the others (workers, waits) do not.
NEUTRAL_ENV = ("SHOWCASE_WORKERS", "SHOWCASE_BUILD_WAIT", "SHOWCASE_NO_CACHE")


@dataclass
class State:
    """What the last build wrote into its site folder."""

    version: str
    inputs: str
    engine: Any  # the engine's Rendered
    linked: dict[str, tuple] = field(default_factory=dict)  # uri → cached image's signature
    search: Any = None  # outputs/search.py's state, when it keeps one
    site: dict[str, tuple] = field(default_factory=dict)  # rel path → (size, mtime s)
    warnings: str = ""  # what the check said, shown again when nothing changed
    memos: int | None = None  # the CRC-32 of the memos file saved with it (memos_path)


@dataclass
class Outcome:
    gen: Generated | None  # None: nothing changed, nothing was generated
    full: bool
    rendered: int = 0
    seconds: float = 0.0
    warnings: str = ""  # the check's warnings when nothing changed (gen is None)
    profiles: int = 0  # exemplars built (gen's catalogue has let them go by then: lean)


def run(root: Path, engine: Engine, *, strict: bool = False, production: bool = False,
        site_dir: Path | None = None,
        checked: Callable[[Generated], None] | None = None, full: bool = False) -> Outcome:
    """`showcase build`: incremental into site_dir (default root/site), or full when there
    is no usable state or `full` asks; swapped in only when complete; raises as
    a full build always did."""
    started = time.perf_counter()
    target = (site_dir or root / "site").resolve()
    version = version_key(root, strict, production)
    inputs = inputs_key(root, version)
    if not full and (warnings := unchanged(root, target, version, inputs)) is not None:
        return Outcome(None, False, 0, time.perf_counter() - started, warnings)
    previous = None if full else load_state(root, target, version)
    if previous is not None and previous.inputs == inputs:
        return Outcome(None, False, 0, time.perf_counter() - started, previous.warnings)
    if previous is not None:
        warm(root, target, previous)
    gen = pipeline.generate(root, strict=strict, production=production, once=True)
    memos = stash_memos(root, target)  # out of memory before the engine's and search's peak
    profiles, gen = len(gen.catalog.exemplars), lean(gen)
    give_back()
    # What generate made lives to the end of the build: out of the collector's sight, the
    # full collections that the engine's and search's allocations set off no longer walk it
    # (10,000 profiles, one pair of runs: engine 11.8 → 10.1 s, search 10.2 → 8.8 s). Given
    # back at the end, so a process that builds again (tests, a script) still frees it.
    gc.freeze()
    try:
        if checked is not None:
            checked(gen)
        state = _publish(root, engine, gen, target, previous, version, strict)
    except BaseException:
        if memos is not None:
            memos[0].unlink(missing_ok=True)
        raise
    finally:
        gc.unfreeze()
    # The search state is kept too (102 MB pickled at 10,000 profiles), where writing the
    # search files whole takes 7-9 s, as the render memos are (~190 MB, stash_memos), where
    # rendering every page, data file and record again took ~12 s.
    state.inputs, state.site = inputs, snapshot(target)
    state.warnings = gen.problems.render() if gen.problems.items else ""
    save_state(root, target, state, memos)
    pipeline.write_times(root, gen.times)
    return Outcome(gen, previous is None, state.engine.rendered, time.perf_counter() - started,
                   profiles=profiles)


def warm(root: Path, target: Path, previous: State) -> None:
    """A new process (CI's merge) starts from the last build's render memos, so generate
    renders only what changed, as a warm `showcase serve` does. Their keys hold content, and
    the state is this version's (code, libraries, settings, day) for this root: memos that
    are not the ones the state names, do not fit, or name cached files that are gone, are
    forgotten and generate runs cold."""
    if previous.memos is None or not memo.cold() or not cache.enabled():
        return
    try:
        with open(memos_path(state_path(root, target)), "rb") as fh, _collector_off():
            if _checked_crc(fh) != previous.memos:
                return
            saved = _load_tabled(fh)
    except Exception:  # noqa: BLE001 - missing, damaged, another version's classes: cold memos
        return
    if isinstance(saved, tuple) and len(saved) == 2 and saved[0] == str(root.resolve()):
        memo.restore(saved[1])


def stash_memos(root: Path, target: Path) -> tuple[Path, int] | None:
    """The render memos pickled beside the state's place (a temporary file, which save_state
    puts in place) and then forgotten: this build reads nothing of them after generate, and
    the next process restores them (warm). Returns the file and its CRC-32; None without a
    cache. A failed build leaves the last build's memos, which its state still names."""
    memo.clear_unkept()  # what the next build will not read goes anyway
    if not cache.enabled():
        memo.clear_all()
        return None
    path = memos_path(state_path(root, target))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp-memos-{os.getpid()}")
    crc = _dump(tmp, (str(root.resolve()), memo.states()), table=True)
    memo.clear_all()
    return tmp, crc


def lean(gen: Generated) -> Generated:
    """gen without the catalogue's exemplars, for a build that reads them no more once
    generate is done (the engine reads the settings and hidden pages, the search its records),
    and with them the check's own hold on them (check.forget): 70 MB at 10,000 profiles,
    ~350 MB at 50,000, through the engine's and the search's peak."""
    check.forget()
    return replace(gen, catalog=replace(gen.catalog, exemplars=(), tombstones=()))


def _publish(root: Path, engine: Engine, gen: Generated, target: Path, previous: State | None,
             version: str, strict: bool) -> State:
    """gen's site built into a temporary folder (a hard-linked clone of target's, when
    incremental) and swapped in whole; on any failure target stays as it was."""
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        if previous is not None:
            clone(target, tmp)
        state = update(root, engine, gen, tmp, previous, version, strict, release=True)
        pipeline.swap(tmp, target)
    except BaseException:  # bad content, engine error, Ctrl+C: site/ stays as it was
        if gen.photo_map is not None:
            gen.photo_map.cancel()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return state


def update(root: Path, engine: Engine, gen: Generated, site_dir: Path, previous: State | None,
           version: str, strict: bool, serve_url: str | None = None,
           later: list | None = None, release: bool = False) -> State:
    """Bring site_dir, which holds what `previous` describes (or nothing), to gen's site.
    With `later` (the preview), what no page needs is left to the caller: the search files
    (write_search) and the engine's own such writes (callables appended to it). With
    `release` (the caller reads nothing of gen.files later), what the engine wrote is let go."""
    clock = time.perf_counter()
    searched: list = []  # the search state, once written

    def beside(published: frozenset[str] | None = None) -> None:
        """The search files: the engine may run this while its workers write the pages,
        telling which paths they write (the index leaves out pages not published). Then,
        with `release`, the pages' OutFiles go first: nothing after reads them."""
        begun = time.perf_counter()
        if release and published is not None:  # the engine's workers have the pages by now
            _release_written(gen)
        searched.append(write_search(gen, site_dir, previous.search if previous else None, published))
        gen.times["search"] = time.perf_counter() - begun
    rendered = engine.build(root, gen, site_dir, strict, previous=previous and previous.engine,
                            key=version, serve_url=serve_url, later=later,
                            beside=beside if later is None else None)
    gen.times["engine"] = time.perf_counter() - clock - gen.times.get("search", 0.0)
    linked = link_images(gen, site_dir, previous.linked if previous else None)
    if later is not None:
        return State(version, "", rendered, linked)
    if release:
        _release_written(gen)
    if not searched:  # the engine had no workers to wait for
        beside()
    return State(version, "", rendered, linked, searched[0])


def _release_written(gen: Generated) -> None:
    """Of gen.files, the steps after the engine read only the cached images' (link_images):
    the pages' packed HTML and front matter and the data files (the 35 MB open data at 10,000
    profiles) go before the state save adds its own, and with them the engine's Files and
    Pages, which hold one another (hence the collection)."""
    object.__setattr__(gen, "files", tuple(out for out in gen.files if out.source is not None))
    gc.collect()
    give_back()


def finish(gen: Generated, site_dir: Path, previous: State | None) -> tuple[dict[str, tuple], Any]:
    """The steps after the engine: cached images linked, then the search files."""
    clock = time.perf_counter()
    linked = link_images(gen, site_dir, previous.linked if previous else None)
    search_state = write_search(gen, site_dir, previous.search if previous else None)
    gen.times["search"] = time.perf_counter() - clock
    return linked, search_state


def link_images(gen: Generated, site_dir: Path, previous: dict[str, tuple] | None) -> dict[str, tuple]:
    """Cached photo variants and cards, hard-linked in; only new or changed ones. An OutFile
    the last call in this process saw (the warm preview hands back the same objects) keeps
    its signature unread: cache files are named by their content (10,000 stats: 0.05 s)."""
    if gen.photo_map is not None:  # the cards drawn while the pages were made
        gen.photo_map.ready()
    linked, signed = {}, {}
    for out in gen.files:
        if out.source is not None:
            known = _SIGNED.get(id(out))
            sig = known[1] if known is not None and known[0] is out else _signature(out.source)
            linked[out.uri], signed[id(out)] = sig, (out, sig)
    _SIGNED.clear()
    _SIGNED.update(signed)
    todo = [out for out in gen.files if out.source is not None  # site_dir is as previous says
            and (previous is None or previous.get(out.uri) != linked[out.uri])]
    pipeline.link_static(todo, site_dir)
    for gone in sorted(set(previous or ()) - set(linked)):
        (site_dir / gone).unlink(missing_ok=True)
    return linked


_SIGNED: dict[int, tuple[Any, tuple]] = {}  # id(OutFile) → (it, its signature): last call only


def write_search(gen: Generated, site_dir: Path, previous: Any,
                 published: frozenset[str] | None = None) -> Any:
    """The search files: with the last build's state, only those whose bytes change."""
    return search.write_search(list(gen.search_records), gen.catalog, site_dir, previous, published)


# ---- keys -----------------------------------------------------------------------------------

def version_key(root: Path, strict: bool, production: bool) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{STATE_VERSION}|{strict}|{production}|{today().isoformat()}".encode())
    h.update(repr(sorted((k, v) for k, v in os.environ.items()
                         if k.startswith("SHOWCASE_") and k not in NEUTRAL_ENV)).encode())
    h.update(repr([(name, _version(name)) for name in LIBRARIES]).encode())
    h.update(f"{sys.version}|{sys.byteorder}".encode())  # arrays are saved in native order
    for path in [*_files(CODE, ".py"), root / "mkdocs.yml", *_files(root / "theme_overrides")]:
        _feed(h, path, path.parent)
    return h.hexdigest()


def inputs_key(root: Path, version: str) -> str:
    h = hashlib.blake2b(f"{version}|{_head(root)}".encode(), digest_size=16)
    for top in ("content", "exemplars"):
        for path in _files(root / top):
            _feed(h, path, root)
    return h.hexdigest()


def _feed(h: Any, path: Path, base: Path) -> None:
    try:
        data = path.read_bytes()
    except OSError:
        data = b"\0missing"
    name = os.path.relpath(path, base).encode()
    h.update(len(name).to_bytes(8, "little") + name + len(data).to_bytes(8, "little") + data)


def _files(folder: Path, suffix: str = "") -> list[Path]:
    out = []
    for dirpath, dirnames, names in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        out += [Path(dirpath) / n for n in sorted(names) if n.endswith(suffix)]
    return out


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def _head(root: Path) -> str:
    try:
        return subprocess.run(["git", "-C", str(root), "rev-parse", "-q", "--verify", "HEAD"],
                              capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def _signature(source: Path) -> tuple:
    st = os.stat(source)
    return (str(source), st.st_size, st.st_mtime_ns)


# ---- the state and the site folder -----------------------------------------------------------

def state_path(root: Path, target: Path) -> Path:
    name = hashlib.blake2b(str(target).encode(), digest_size=8).hexdigest()
    return root / ".cache" / "incremental" / f"{name}.pickle"


def load_state(root: Path, target: Path, version: str) -> State | None:
    """The last build's state if it is this version's and site_dir is exactly what it wrote."""
    # Never from the repository: a tracked .cache/ or site/ could hold a crafted state
    # (`showcase check` reports it; here it only means a full build), and a pull request's CI
    # run never writes the cache that the deploy restores (.github/workflows).
    if cache.refuse_tracked(root, Problems(root)):
        return None
    try:
        with open(state_path(root, target), "rb") as fh, _collector_off():
            state = _Unpickler(unpack_state(fh.read())).load()
    except Exception:  # noqa: BLE001 - missing, corrupt, another version's classes: full build
        return None
    if not isinstance(state, State) or state.version != version:
        return None
    return state if target.is_dir() and snapshot(target) == state.site else None


class _Unpickler(pickle.Unpickler):
    """Builds only what a state holds: a stray or crafted pickle cannot name os.system."""

    ALLOWED = {("showcase.publish.incremental", "State"), ("showcase.publish.engine", "Rendered"),
               ("showcase.outputs.search", "SearchState"), ("showcase.outputs.search", "Record"),
               ("showcase.outputs.search", "Texts"),
               ("showcase.outputs.search", "_Postings"), ("showcase.outputs.search", "SearchStats"),
               ("array", "array"), ("array", "_array_reconstructor"),
               ("builtins", "frozenset"), ("builtins", "set"), ("datetime", "date"),
               ("datetime", "datetime"), ("markupsafe", "Markup"),
               # the render memos (State.memos): what their keys and values are made of
               ("pathlib", "PosixPath"), ("pathlib", "WindowsPath"),
               ("showcase.core.model", "Exemplar"), ("showcase.core.model", "Award"),
               ("showcase.core.model", "Photo"), ("showcase.core.model", "Consent"),
               ("showcase.core.model", "Unit"), ("showcase.core.model", "Movement"),
               ("showcase.core.outfile", "OutFile"), ("showcase.render.images", "ImageSet"),
               ("showcase.render.images", "Variant"), ("showcase.render.memo", "Memo"),
               ("showcase.publish.rowtable", "_row"),
               ("showcase.render.memo", "_frozen"), ("showcase.outputs.report.intake", "Intake"),
               ("showcase.outputs.report.intake", "Row"), ("showcase.outputs.report.intake", "Cell"),
               ("showcase.validate.plan", "Period")}

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name}")
        return super().find_class(module, name)


def memos_path(state_file: Path) -> Path:
    return state_file.with_suffix(".memos")


def save_state(root: Path, target: Path, state: State, memos: tuple[Path, int] | None = None) -> None:
    """The state, and the memos stash_memos wrote (first: a state never names memos that are
    not in place; a crash between the two leaves an older state, whose CRC no longer matches)."""
    path = state_path(root, target)
    path.parent.mkdir(parents=True, exist_ok=True)
    state.memos = None
    if memos is not None:
        os.replace(memos[0], memos_path(path))
        state.memos = memos[1]
    tmp = path.with_suffix(f".tmp-{os.getpid()}")
    crc = _dump(tmp, state)
    os.replace(tmp, path)
    _save_summary(path, state, crc)


def _dump(path: Path, value: object, table: bool = False) -> int:
    """`value` pickled into a new file at `path` after a state's header; returns its CRC-32.
    With `table`, its exemplars and pages go to a row table after the pickle (rowtable.py),
    then the pickle's length and the table's row count."""
    with open(path, "wb") as fh, _collector_off(), tempfile.TemporaryFile(dir=path.parent) as side:
        fh.write(state_header(b""))  # its CRC is written once the pickle is
        out = _Summed(fh)
        pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)  # streamed: no 270 MB bytes held
        rows = rowtable.Table(side) if table else None
        pickler.dispatch_table = {**copyreg.dispatch_table, array: _array_out,
                                  **(rows.dispatch() if rows else {})}
        pickler.dump(value)
        if rows is not None:
            rows.close()
            length = fh.tell() - HEADER
            side.flush()
            side.seek(0)
            shutil.copyfileobj(side, out)  # type: ignore[misc]
            out.write(length.to_bytes(8, "little") + rows.count.to_bytes(8, "little"))
        fh.seek(len(MAGIC))
        fh.write(out.crc.to_bytes(4, "little"))
    return out.crc


def _checked_crc(fh: BinaryIO) -> int:
    """The CRC-32 of a saved state's pickle, checked against the file by reading it in chunks
    (the memos were read whole: 166 MB held beside what they unpickle to, at 10,000
    profiles); ValueError when it is no state or damaged."""
    fh.seek(0)
    crc = _header_crc(fh.read(HEADER))
    summed = 0
    while chunk := fh.read(1 << 20):
        summed = zlib.crc32(chunk, summed)
    if summed != crc:
        raise ValueError("a damaged state")
    return crc


def _load_tabled(fh: BinaryIO) -> Any:
    """What `_dump(table=True)` wrote, from a file `_checked_crc` checked; ValueError or an
    UnpicklingError when it is damaged."""
    end = fh.seek(0, os.SEEK_END) - 16
    if end < HEADER:
        raise ValueError("no row table")
    fh.seek(end)
    footer = fh.read(16)
    length, count = int.from_bytes(footer[:8], "little"), int.from_bytes(footer[8:], "little")
    if HEADER + length > end:
        raise ValueError("a damaged row table")
    fh.seek(HEADER + length)
    rows = rowtable.read_rows(fh, count, end)
    fh.seek(HEADER)
    return rowtable.load_with(rows, _Unpickler(fh).load)


def _summary_path(state_file: Path) -> Path:
    return state_file.with_suffix(".summary.json")


def _save_summary(state_file: Path, state: State, crc: int) -> None:
    """Beside the state, what a build with nothing changed needs: reading the whole state
    (268 MB at 10,000 profiles with the render memos) to compare one key took about 1 s.
    It names the state by its CRC-32, so a summary never answers for another state."""
    summary = {"crc": crc, "version": state.version, "inputs": state.inputs,
               "site": site_digest(state.site), "warnings": state.warnings}
    path = _summary_path(state_file)
    tmp = path.with_suffix(f".tmp-{os.getpid()}")
    tmp.write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def unchanged(root: Path, target: Path, version: str, inputs: str) -> str | None:
    """The last build's warnings when nothing changed since it (its version, its inputs and
    the site folder it left), read from its summary alone; None when in any doubt."""
    if cache.refuse_tracked(root, Problems(root)):
        return None
    path = state_path(root, target)
    try:
        summary = json.loads(_summary_path(path).read_text(encoding="utf-8"))
        with open(path, "rb") as fh:
            crc = _header_crc(fh.read(HEADER))
    except (OSError, ValueError):
        return None
    if not isinstance(summary, dict) or summary.get("crc") != crc \
            or summary.get("version") != version or summary.get("inputs") != inputs:
        return None
    if not target.is_dir() or summary.get("site") != site_digest(snapshot(target)):
        return None
    warnings = summary.get("warnings")
    return warnings if isinstance(warnings, str) else None


def site_digest(site: dict[str, tuple]) -> str:
    return hashlib.blake2b(repr(sorted(site.items())).encode(), digest_size=16).hexdigest()


def _array_out(data: array) -> tuple:
    """An array pickled from its own buffer: array's reduce makes a bytes copy of each, which
    the pickler's memo then holds to the end of the dump (the search state's posting lists:
    ~70 MB at 10,000 profiles). Native byte order, which the version key holds."""
    return array, (data.typecode, pickle.PickleBuffer(data))


class _Summed:
    """A file that keeps the CRC-32 of what is written to it."""

    def __init__(self, fh: Any) -> None:
        self.fh, self.crc = fh, 0

    def write(self, data: bytes) -> int:
        self.crc = zlib.crc32(data, self.crc)
        return self.fh.write(data)


# Not compressed: with the render memos a state at 10,000 profiles is ~270 MB pickled, which
# zlib's fastest level took 2.4 s to pack and 0.9 s to unpack (67 MB); a CRC-32 (0.08 s)
# still finds a damaged file, which then means a full build.
MAGIC = b"showcase state 3\n"
HEADER = len(MAGIC) + 4  # the magic, then the pickle's CRC-32


def state_header(data: bytes) -> bytes:
    """What a saved state starts with, before its pickle `data`."""
    return MAGIC + zlib.crc32(data).to_bytes(4, "little")


def unpack_state(raw: bytes) -> io.BytesIO:
    """The pickle inside a saved state, not copied; ValueError when the file is not one, or damaged."""
    if zlib.crc32(memoryview(raw)[HEADER:]) != _header_crc(raw):
        raise ValueError("a damaged state")
    out = io.BytesIO(raw)  # shares raw's buffer
    out.seek(HEADER)
    return out


def _header_crc(raw: bytes) -> int:
    """The CRC-32 a saved state's header gives for its pickle; ValueError when it is no state."""
    if len(raw) < HEADER or raw[:len(MAGIC)] != MAGIC:
        raise ValueError("not a state")
    return int.from_bytes(raw[len(MAGIC):HEADER], "little")


def give_back() -> None:
    """Return the heap's free pages to the system (glibc's malloc_trim; elsewhere nothing).
    Freed text lies between live objects, where malloc keeps it as the process's own: after
    the memos are stashed, 10,000 profiles' RSS went 405 → 305 MB with this, and the
    engine's and search's allocations then grow from there instead of beside it."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _glibc() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


_LIBC = _glibc()


@contextlib.contextmanager
def _collector_off() -> Iterator[None]:
    """No collection while a state is pickled or unpickled: its millions of new objects set
    off full passes that walk all of them again and free nothing."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def snapshot(site: Path) -> dict[str, tuple]:
    """(size, mtime in whole seconds) of every file: any change to the folder shows, and the
    figures survive CI's cache (a tar archive: new inodes, times to the second at worst)."""
    out = {}
    base = len(str(site)) + 1
    for dirpath, _, names in os.walk(site):
        for n in names:
            p = os.path.join(dirpath, n)
            st = os.lstat(p)
            out[p[base:]] = (st.st_size, int(st.st_mtime))
    return out


def clone(site: Path, into: Path) -> None:
    """A hard-linked copy of the site folder (into exists): about 0.6 s for 45,000 files, no
    bytes copied. Plain strings, no Path per file: 0.58 → 0.14 s of user CPU at 34,000 files."""
    src, dst = str(site), str(into)
    for dirpath, dirnames, names in os.walk(src):  # top-down: a folder is made before its files
        here = dst + dirpath[len(src):]
        for d in dirnames:
            os.makedirs(os.path.join(here, d), exist_ok=True)
        for n in names:
            os.link(os.path.join(dirpath, n), os.path.join(here, n))
