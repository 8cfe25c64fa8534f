"""Stage 2, validate: every file under content/ and exemplars/, every problem at once."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable

from showcase.validate import cache, config, content_files
from showcase.validate import duplicates
from showcase.validate import dates
from showcase.validate import exemplar as exemplar_check
from showcase.validate import fanout
from showcase.validate import history
from showcase.validate import links
from showcase.validate import markup
from showcase.validate import photos as photos_check
from showcase.validate import privacy
from showcase.validate.plan import check_reporting
from showcase.load.documents import SYMLINK, Doc, load_markdown, load_yaml
from showcase.validate.discovery import RESERVED_DIRS, check_stray, dropped_page, is_profile_file
from showcase.core.model import MOVEMENT, PAGE, UNIT, Exemplar, Movement, Unit
from showcase.core.problems import Problem, Problems
from showcase.validate.schema import Ctx, check_fields, content_ctx
from showcase.load.vocab import Vocab, load_vocabs

UNITS_FILE = Path("exemplars") / "units.yaml"
MOVEMENTS_DIR = Path("content") / "phong-trao"


@dataclass
class PageSource:
    """A hand-written Markdown page under content/."""

    path: str  # relative to the root
    meta: dict[str, Any]
    body: str


@dataclass
class Content:
    """Everything read from the repository, validated; drafts and withdrawn included."""

    root: Path
    vocabs: dict[str, Vocab] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    movements: dict[str, Movement] = field(default_factory=dict)
    pages: list[PageSource] = field(default_factory=list)
    exemplars: list[Exemplar] = field(default_factory=list)


def check_content(root: Path, base: str | None = "HEAD", changed: Changed | None = None
                  ) -> tuple[Content, Problems]:
    """Everything under content/ and exemplars/; `base` is the git revision that published
    identities are compared with (None: no comparison). `changed`: what changed since the
    latest check of root in this process (the preview's file watcher), None if unknown."""
    problems = Problems(root)
    content = Content(root)
    refused = cache.refuse_tracked(root, problems)  # before any cache file is opened
    memo = cache.Memo(root, cache.context_digest(root), disk=not refused)  # before loading it
    walk = walk_tree(root, changed=changed)  # content/ and exemplars/, once for every rule below
    check_symlinks(root, problems, walk)
    config.check_mkdocs(root, problems)  # mkdocs.yml is code: only allowed plugins, hooks, tags
    content_files.check_files(root, problems)  # .md and checked photos; no URL taken twice
    content.vocabs = load_vocabs(root, problems)
    content.units = load_units(root, content.vocabs, problems)
    content.movements = load_movements(root, content.vocabs, problems)
    content.exemplars = load_exemplars(root, content, problems, memo, walk, _touched(root, changed))
    history.check_removed_photos(root, content.exemplars, problems)
    privacy.check_file_names(root, problems, content.vocabs)
    if "statuses" in content.vocabs:
        history.check_history(root, content.exemplars, content.vocabs["statuses"], problems, base)
    content.pages = load_pages(root, content, problems)
    check_reporting(root, content.units, problems)
    return content, problems


# (top folder, entry, its path parts below the top, what the stray rule says of it, whether it
# is a profile): plain strings, no Path per file per run (a warm check walks 10,000 of them)
Row = tuple[str, os.DirEntry, tuple[str, ...], tuple[Problem, ...], bool]
Walk = list[Row]
Facts = tuple[tuple[Problem, ...], bool]
Listed = dict[str, list[Row]]  # folder → its own entries' rows, in name order
TOPS = ("content", "exemplars")
_LISTED: dict[str, Listed] = {}  # the latest full walk's folders, by root


@dataclass(frozen=True)
class Changed:
    """What the file watcher saw since the latest check of the same root (publish/live.py),
    relative to the root: files written, made, deleted or moved (both ends), and folders
    whose listing changed. The check then lists only those folders again and signs only
    those files again; without it (None) it lists and signs every file."""

    files: frozenset[str] = frozenset()
    folders: frozenset[str] = frozenset()


def walk_tree(root: Path, tops: tuple[str, ...] = TOPS, changed: Changed | None = None) -> Walk:
    """One listing of content/ and exemplars/, in path order, shared by the rules that look
    at every file (symlinks, strays, the profiles' list); symlinked folders are not entered.
    A folder's rows are kept from the latest walk of the same root: with `changed`, only the
    folders it names (or holding a file it names) are listed again (43 scandirs and 10,000
    rows at 10,000 profiles were ~45 ms a save); an entry's facts are a function of its
    parts and kind alone, so a folder listed again reuses its kept entries' facts."""
    last = _LISTED.get(str(root), {}) if cache.enabled() else {}  # SHOWCASE_NO_CACHE: cold
    fresh = _dirty(root, changed) if changed is not None and last and tops == TOPS else None
    out, listed = _walk(root, tops, last, fresh)
    if cache.enabled() and tops == TOPS:
        _LISTED.clear()
        _LISTED[str(root)] = listed
    return out


def _dirty(root: Path, changed: Changed) -> frozenset[str]:
    """The folders to list again, spelled as the walk spells them."""
    return frozenset(str(root / rel) for rel in
                     (*changed.folders, *(os.path.dirname(f) for f in changed.files)))


def _touched(root: Path, changed: Changed | None) -> frozenset[str] | None:
    """The files to sign again, as walked: those named, and every entry of a folder named or
    holding a file named (a folder noted is looked at whole: ~250 lstats, not 10,000)."""
    if changed is None:
        return None
    listed = _LISTED.get(str(root), {})
    return frozenset({str(root / rel) for rel in changed.files} |
                     {row[1].path for folder in _dirty(root, changed) for row in listed.get(folder, ())})


def _walk(root: Path, tops: tuple[str, ...], last: Listed, fresh: frozenset[str] | None,
          stop: Callable[[], bool] | None = None) -> tuple[Walk, Listed]:
    """(the walk, its folders' rows): a folder is listed again when `fresh` is None or names
    it, or when the latest walk did not list it; `stop` abandons the walk (it returns early)."""
    out: Walk = []
    listed: Listed = {}
    for top in tops:
        _walk_folder(root, top, str(root / top), (), last, fresh, listed, out, stop)
    return out, listed


def _walk_folder(root: Path, top: str, folder: str, parts: tuple[str, ...], last: Listed,
                 fresh: frozenset[str] | None, listed: Listed, out: Walk,
                 stop: Callable[[], bool] | None) -> None:
    if stop is not None and stop():
        return
    rows = last.get(folder) if fresh is not None and folder not in fresh else None
    if rows is None:
        rows = _list(root, top, folder, parts, last.get(folder, ()))
    listed[folder] = rows
    for row in rows:
        out.append(row)
        if row[1].is_dir(follow_symlinks=False):  # from the listing: no system call
            _walk_folder(root, top, row[1].path, row[2], last, fresh, listed, out, stop)


def _list(root: Path, top: str, folder: str, parts: tuple[str, ...], before: Iterable[Row]) -> list[Row]:
    """One folder's rows, in name order; `before`: its rows in the latest walk."""
    try:
        listing = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []
    if top != "exemplars":
        return [(top, entry, (*parts, entry.name), (), False) for entry in listing]
    known = {(row[1].name, *_kind(row[1])): row[3:] for row in before}
    rows = []
    for entry in listing:
        here = (*parts, entry.name)
        facts = known.get((entry.name, *_kind(entry))) or _facts(root, entry, here)
        rows.append((top, entry, here, *facts))
    return rows


def _kind(entry: os.DirEntry) -> tuple[bool, bool]:
    """(a folder, a symlink): what an entry's facts depend on besides its parts."""
    link = entry.is_symlink()
    return not link and entry.is_dir(), link


def drifted(root: Path, stop: Callable[[], bool] | None = None) -> frozenset[str] | None:
    """What in content/ and exemplars/ now differs from what the latest check of root saw
    (entries listed or gone, profiles whose signature changed), relative to the root; None
    when `stop` abandoned the look. A difference the file watcher did not report is one it
    missed (its queue overflowed); the preview looks when a build is done (publish/live.py)."""
    last = _LISTED.get(str(root))
    if not last or not cache.enabled():
        return frozenset({""})  # no walk kept: everything is in doubt
    now, _ = _walk(root, TOPS, last, None, stop)
    if stop is not None and stop():
        return None
    then, _ = _walk(root, TOPS, last, frozenset())
    listed = {(r[1].path, _kind(r[1])) for r in now} ^ {(r[1].path, _kind(r[1])) for r in then}
    signed = cache.drifted([r[1].path for r in now if r[4]], stop)
    if signed is None:
        return None
    cut = len(str(root)) + 1
    return frozenset(path[cut:] for path in {path for path, _ in listed} | signed)


def _facts(root: Path, entry: os.DirEntry, parts: tuple[str, ...]) -> Facts:
    """(the stray rule's problems, is it a profile file) of one exemplars/ entry; a symlink
    is check_symlinks' error, not a stray, but stays in the profiles' list as before."""
    scratch = Problems(root)
    path = Path(entry.path)
    if not entry.is_symlink():
        check_stray(path, parts, entry.is_dir(), scratch)
    profile = len(parts) == 2 and parts[1].endswith(".yaml") and parts[0] not in RESERVED_DIRS \
        and is_profile_file(path)
    return tuple(scratch.items), profile


def check_symlinks(root: Path, problems: Problems, walk: Walk | None = None) -> None:
    """MkDocs follows symlinks and would publish files from outside the repository."""
    for top, entry, _, strays, _ in walk_tree(root) if walk is None else walk:
        if entry.is_symlink():  # from the directory listing: no extra system call
            problems.error(entry.path, (1, 1), SYMLINK)
        elif top == "exemplars":
            problems.items.extend(strays)


def _ctx(content: Content, problems: Problems, **refs) -> Ctx:
    return content_ctx(problems, content.vocabs, content.units, content.movements, **refs)


# ---- units ------------------------------------------------------------------------------

def load_units(root: Path, vocabs: dict[str, Vocab], problems: Problems) -> dict[str, Unit]:
    path = root / UNITS_FILE
    if not path.exists():
        problems.error(path, (1, 1), "Thiếu tệp danh mục đơn vị exemplars/units.yaml.")
        return {}
    doc = load_yaml(path, problems)
    if doc is not None:
        markup.check_doc(doc, problems)  # unit names reach every page
    if doc is None or not isinstance(doc.data, list):
        if doc is not None:
            problems.error(path, doc.mark(), "units.yaml phải là một danh sách '- id: ...'.")
        return {}
    ids = {str(u.get("id")) for u in doc.data if isinstance(u, dict)}
    ctx = Ctx(problems, vocabs, {"units": lambda u: u in ids}, {"units": ids})
    units: dict[str, Unit] = {}
    for i, item in enumerate(doc.data):
        v = check_fields(doc, UNIT, ctx, (i,), item)
        if "id" not in v or "name" not in v or "kind" not in v:
            continue
        if v["id"] in units:
            problems.error(path, doc.mark(i, "id"), f"[{i + 1}].id: mã đơn vị '{v['id']}' bị trùng.")
            continue
        units[v["id"]] = Unit(**v)
        check_unit_dates(doc, i, units[v["id"]], problems)
    return units


def check_unit_dates(doc: Doc, i: int, unit: Unit, problems: Problems) -> None:
    if unit.valid_from and unit.valid_to and unit.valid_to < unit.valid_from:
        problems.error(doc.path, doc.mark(i, "valid_to"), f"[{i + 1}].valid_to: đơn vị '{unit.id}' "
                       f"kết thúc ({unit.valid_to:%d/%m/%Y}) trước khi bắt đầu "
                       f"({unit.valid_from:%d/%m/%Y}); hãy kiểm tra lại hai ngày này.")
    if unit.successor and not unit.valid_to:
        problems.error(doc.path, doc.mark(i, "successor"), f"[{i + 1}].successor: đơn vị "
                       f"'{unit.id}' có đơn vị kế thừa nên cần valid_to (ngày cuối cùng tồn tại).")


# ---- movements and pages ----------------------------------------------------------------

def load_movements(root: Path, vocabs: dict[str, Vocab], problems: Problems) -> dict[str, Movement]:
    movements: dict[str, Movement] = {}
    ctx = Ctx(problems, vocabs, {})
    for path in sorted((root / MOVEMENTS_DIR).glob("*.md")):
        if path.name == "index.md":
            continue
        doc, body, _ = load_markdown(path, problems)
        if doc is None:
            continue
        v = check_fields(doc, MOVEMENT, ctx)
        if "id" in v and v["id"] != path.stem:
            problems.error(path, doc.mark("id"), f"id: '{v['id']}' phải trùng tên tệp '{path.stem}'.")
        if "title" in v:
            v["id"] = path.stem
            movements[path.stem] = Movement(source=problems.rel(path), body=body, **v)
    return movements


def load_pages(root: Path, content: Content, problems: Problems) -> list[PageSource]:
    # A page may only feature published profiles: a draft's or withdrawn card would vanish.
    ids = {e.id for e in content.exemplars if e.status == "published"}
    ctx = _ctx(content, problems, exemplars=lambda x: x in ids)
    pages = []
    for path in sorted((root / "content").rglob("*.md")):
        if path.is_symlink():  # reported by check_symlinks; never read what it points to
            continue
        if why := dropped_page(PurePosixPath(path.relative_to(root / "content").as_posix())):
            problems.error(path, (1, 1), why)
        doc, body, body_line = load_markdown(path, problems)
        if doc is None:
            continue
        if not path.is_relative_to(root / MOVEMENTS_DIR) and isinstance(doc.data, dict):
            check_fields(doc, PAGE, ctx, open_keys=True)
        marks = markup.body_marks(body, body_line)
        markup.check_markdown(body, path, marks, problems, "nội dung")
        links.check_file_links(root, path, body, marks, problems)  # a broken one stops the build
        markup.check_doc(doc, problems)  # front matter: title, description...
        privacy.check_doc(doc, problems, content.vocabs)
        privacy.scan_body(body, path, marks, problems, content.vocabs)
        pages.append(PageSource(problems.rel(path), doc.data if isinstance(doc.data, dict) else {}, body))
    return pages


# ---- exemplars --------------------------------------------------------------------------

def forget() -> None:
    """What the latest run keeps for the next one in this process (the profiles' records, the
    duplicate and identity indexes) let go: a build checks once, and its engine and search
    then run without the records (~7 KB a profile). The next run reads .cache/check again."""
    cache.forget()
    duplicates.forget()
    exemplar_check.forget()


def exemplar_files(root: Path, walk: Walk | None = None) -> list[Path]:
    """exemplars/<unit>/<name>.yaml in path order, from `walk` (or a new walk of exemplars/).
    A symlinked unit folder is not entered: check_symlinks reports it."""
    return [Path(path) for path in _profile_paths(root, walk)]


def _profile_paths(root: Path, walk: Walk | None) -> list[str]:
    return [entry.path for _, entry, _, _, profile in
            (walk_tree(root, ("exemplars",)) if walk is None else walk) if profile]


def load_exemplars(root: Path, content: Content, problems: Problems,
                   memo: cache.Memo | None = None, walk: Walk | None = None,
                   touched: frozenset[str] | None = None) -> list[Exemplar]:
    """Every profile's record and problems, in file order; a profile unchanged since an
    earlier run (`memo`) is not read again, the others are checked on every core.
    `touched`: the only files changed since the latest run (paths as walked), if known."""
    memo = memo or cache.Memo(root, "", disk=False, on=False)
    files = _profile_paths(root, walk)  # strings: a Path only for a file read again
    entries = memo.lookup_all(files, touched)
    missing = [path for path in files if path not in entries]
    for chunk in fanout.map_chunks(_check_exemplar_files, content, missing):
        for path, entry in chunk:
            entries[path] = entry
            memo.put(path, entry)
    out: list[Exemplar] = []
    named: set[tuple[str, str]] = set()  # (unit folder, photo name): few distinct pairs
    for path in files:
        entry = entries[path]
        if entry.record is not None:
            out.append(entry.record)
        if entry.problems:
            problems.items.extend(entry.problems)
        if entry.photos:
            folder = path.rpartition(os.sep)[0]  # os.path.dirname of a walked path, cheaper
            named.update((folder, name) for name in entry.photos)
    used = {Path(folder) / name for folder, name in named}  # photos.named_photos' paths
    memo.save()
    exemplar_check.check_identity(out, problems)
    duplicates.check_same_person(out, problems)
    withdrawn = frozenset((Path(e.source).parent.name, e.slug) for e in out if e.status == "withdrawn")
    photos_check.check_unused(root, used, problems, withdrawn)
    return out


def _check_exemplar_files(content: Content, paths: list[str]) -> list[tuple[str, cache.Entry]]:
    """One worker's share: each file's record, problems and the photos it names."""
    problems = Problems(content.root)
    ctx = _ctx(content, problems)
    photos = cache.Photos(cache.known_photos())
    out = []
    for path in paths:
        start = len(problems.items)
        record, names, deps = _check_exemplar(Path(path), content, ctx, photos)
        out.append((path, cache.Entry(record, tuple(problems.items[start:]), names, deps)))
    return out


def _check_exemplar(path: Path, content: Content, ctx: Ctx, photos: cache.Photos
                    ) -> tuple[Exemplar | None, tuple[str, ...], tuple]:
    doc = load_yaml(path, ctx.problems)
    if doc is None:
        return None, (), ()
    deps = cache.photo_deps(doc, photos)  # before the photo rules read them
    dates.check_not_future(doc, ctx.problems)  # from the document: holds whatever else is wrong
    record = exemplar_check.exemplar_from_doc(doc, content.units, ctx)
    return record, tuple(photos_check.photo_names(doc)), deps
