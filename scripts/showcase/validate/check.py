"""Stage 2, validate: every file under content/ and exemplars/, every problem at once."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Iterator

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


def check_content(root: Path, base: str | None = "HEAD") -> tuple[Content, Problems]:
    """Everything under content/ and exemplars/; `base` is the git revision that published
    identities are compared with (None: no comparison)."""
    problems = Problems(root)
    content = Content(root)
    refused = cache.refuse_tracked(root, problems)  # before any cache file is opened
    memo = cache.Memo(root, cache.context_digest(root), disk=not refused)  # before loading it
    walk = walk_tree(root)  # content/ and exemplars/, listed once for every rule below
    check_symlinks(root, problems, walk)
    config.check_mkdocs(root, problems)  # mkdocs.yml is code: only allowed plugins, hooks, tags
    content_files.check_files(root, problems)  # .md and checked photos; no URL taken twice
    content.vocabs = load_vocabs(root, problems)
    content.units = load_units(root, content.vocabs, problems)
    content.movements = load_movements(root, content.vocabs, problems)
    content.exemplars = load_exemplars(root, content, problems, memo, walk)
    history.check_removed_photos(root, content.exemplars, problems)
    privacy.check_file_names(root, problems, content.vocabs)
    if "statuses" in content.vocabs:
        history.check_history(root, content.exemplars, content.vocabs["statuses"], problems, base)
    content.pages = load_pages(root, content, problems)
    check_reporting(root, content.units, problems)
    return content, problems


# (top folder, entry, its path parts below the top, what the stray rule says of it, whether it
# is a profile): plain strings, no Path per file per run (a warm check walks 10,000 of them)
Walk = list[tuple[str, os.DirEntry, tuple[str, ...], tuple[Problem, ...], bool]]
Facts = tuple[tuple[Problem, ...], bool]
_FACTS: dict[str, dict[tuple[tuple[str, ...], bool, bool], Facts]] = {}  # latest walk's, by root


def walk_tree(root: Path, tops: tuple[str, ...] = ("content", "exemplars")) -> Walk:
    """One listing of content/ and exemplars/, in path order, shared by the rules that look
    at every file (symlinks, strays, the profiles' list); symlinked folders are not entered.
    An exemplars/ entry's facts are a function of its parts and kind alone, so they are kept
    from the latest walk of the same root and worked out again only for new entries."""
    known = _FACTS.get(str(root), {}) if cache.enabled() else {}  # SHOWCASE_NO_CACHE: cold
    facts: dict[tuple[tuple[str, ...], bool, bool], Facts] = {}
    out: Walk = []
    for top in tops:
        for entry, parts in _entries(root / top, ()):
            if top != "exemplars":
                out.append((top, entry, parts, (), False))
                continue
            link = entry.is_symlink()
            key = (parts, not link and entry.is_dir(), link)
            found = facts[key] = known.get(key) or _facts(root, entry, parts)
            out.append((top, entry, parts, *found))
    if cache.enabled():
        _FACTS.clear()
        _FACTS[str(root)] = facts
    return out


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


def _entries(folder: Path | str, parts: tuple[str, ...]) -> Iterator[tuple[os.DirEntry, tuple]]:
    """Every entry below `folder` with its path parts; symlinked folders are not entered."""
    try:
        listing = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in listing:
        here = (*parts, entry.name)
        yield entry, here
        if entry.is_dir(follow_symlinks=False):
            yield from _entries(entry.path, here)


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

def exemplar_files(root: Path, walk: Walk | None = None) -> list[Path]:
    """exemplars/<unit>/<name>.yaml in path order, from `walk` (or a new walk of exemplars/).
    A symlinked unit folder is not entered: check_symlinks reports it."""
    return [Path(path) for path in _profile_paths(root, walk)]


def _profile_paths(root: Path, walk: Walk | None) -> list[str]:
    return [entry.path for _, entry, _, _, profile in
            (walk_tree(root, ("exemplars",)) if walk is None else walk) if profile]


def load_exemplars(root: Path, content: Content, problems: Problems,
                   memo: cache.Memo | None = None, walk: Walk | None = None) -> list[Exemplar]:
    """Every profile's record and problems, in file order; a profile unchanged since an
    earlier run (`memo`) is not read again, the others are checked on every core."""
    memo = memo or cache.Memo(root, "", disk=False, on=False)
    files = _profile_paths(root, walk)  # strings: a Path only for a file read again
    entries = memo.lookup_all(files)
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
