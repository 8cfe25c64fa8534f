"""content/ publishes Markdown and checked photos only, and nothing that takes another file's URL.

MkDocs copies every other file of the docs folder as it is (an .html page, an .svg with a
script, a .js next to Material's bundle) and renders `.markdown` and `.MD` too. So a file
type is allowed only when something checks it: `.md` pages (sanitised by the markup check)
and raster photos (the photo checks here, re-encoded in the build by render/content_images).

A file also may not take a URL that belongs to someone else: a theme asset
(theme_overrides/, Material's bundle and favicon), a file the engine writes (sitemap), another
content file, or a generated page, photo or data file. A collision names both. A page whose
folder is another file's name ('feed.xml.md' → 'feed.xml/index.html' beside the feed) collides
too: the site cannot hold both. Generated URLs are checked twice with the same function:
`showcase check` against the stages' planned URIs (publish/pipeline.planned_uris, nothing
rendered), the build against the files it really made.
"""
from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from pathlib import Path
from typing import Container, Iterable, Iterator, Mapping

from showcase.core.outfile import OutFile
from showcase.core.problems import ContentError, Problems
from showcase.validate import photos as photos_check

PAGE_SUFFIX = ".md"  # exactly: MkDocs would copy 'a.MD' raw and render 'a.markdown' unchecked
REFUSED = ("Tệp '{name}' không được phép trong content/: chỉ trang Markdown (.md) và ảnh JPEG, "
           "PNG, WebP được đăng; MkDocs sẽ đăng nguyên văn mọi loại tệp khác (trang HTML, SVG, "
           "JavaScript, CSS... có thể chạy mã trên máy người đọc) mà không qua kiểm tra. {hint}")
HINTS = {".markdown": "Hãy đổi đuôi thành .md.", ".mdown": "Hãy đổi đuôi thành .md.",
         ".mkd": "Hãy đổi đuôi thành .md.", ".mkdn": "Hãy đổi đuôi thành .md.",
         ".md": "Hãy đổi đuôi thành .md (chữ thường).",
         ".svg": "Hãy xuất ảnh dạng PNG.", ".gif": "Hãy xuất ảnh dạng PNG hoặc JPEG.",
         ".jfif": "Hãy đổi đuôi thành .jpg."}
HINT = "Hãy xóa tệp này, hoặc đưa nội dung vào một trang .md."
ENGINE_FILES = ("sitemap.xml", "sitemap.xml.gz")  # MkDocs writes them itself, from no template here
# (site URI, repository file it is made from or None): what a stage will write, as planned
# (publish/pipeline.planned_uris) or as made (an OutFile's uri and edit_path).
Planned = tuple[str, "str | None"]


def site_path(uri: str) -> str:
    """Where the engine (ProperDocs, as MkDocs) writes a docs file (use_directory_urls, pinned
    by validate/config):
    'a/b.md' → 'a/b/index.html', 'a/index.md' and 'a/README.md' → 'a/index.html'."""
    if not uri.endswith(PAGE_SUFFIX):
        return uri
    parent, _, name = uri[:-len(PAGE_SUFFIX)].rpartition("/")
    folder = f"{parent}/" if parent else ""
    return f"{folder}index.html" if name in ("index", "README") else f"{folder}{name}/index.html"


def content_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(uri inside content/, path) of every regular file; symlinks are check_symlinks' job."""
    base = root / "content"
    for folder, dirs, files in os.walk(base):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if not path.is_symlink():
                yield path.relative_to(base).as_posix(), path


def check_files(root: Path, problems: Problems) -> None:
    """File types, photos, and URLs shared with the theme or with another content file."""
    claims: dict[str, str] = dict(theme_claims(root))
    for uri, path in content_files(root):
        if not _type_ok(path, problems):
            continue
        if not uri.endswith(PAGE_SUFFIX):  # the same checks as a profile's photo
            error = photos_check._file_error(path, path.name)
            if error:
                problems.error(path, (1, 1), error)
                continue
        here = site_path(uri)
        owner = claimed(here, claims)
        if owner is not None:
            problems.error(path, (1, 1), collision(f"content/{uri}", owner, here))
        else:
            claims[here] = f"content/{uri}"


def _type_ok(path: Path, problems: Problems) -> bool:
    suffix = path.suffix
    if suffix == PAGE_SUFFIX or suffix.lower() in photos_check.EXTENSIONS:
        return True
    problems.error(path, (1, 1), REFUSED.format(name=path.name, hint=HINTS.get(suffix.lower(), HINT)))
    return False


def claimed(here: str, claims: Mapping[str, str]) -> str | None:
    """Who holds `here` already, or a folder on its way ('a/b/index.html' needs 'a' and 'a/b'
    to be folders): its owner, or None. A page is checked against at most a few parents."""
    at = claimed_at(here, claims)
    return claims[at] if at is not None else None


def claimed_at(here: str, claims: Container[str]) -> str | None:
    """The path of `claims` that holds `here`: itself, else the first folder on its way."""
    if here in claims:
        return here
    parts = here.split("/")
    return next((path for n in range(1, len(parts)) if (path := "/".join(parts[:n])) in claims), None)


def collision(mine: str, owner: str, url: str) -> str:
    return (f"Tệp '{mine}' trùng địa chỉ '{url}' với {owner}: trên trang chỉ một trong hai còn lại, "
            "và người đọc sẽ thấy nhầm trang. Hãy đổi tên hoặc chuyển tệp này sang thư mục khác.")


def theme_claims(root: Path) -> Iterator[tuple[str, str]]:
    """Every file of our theme folder and of Material's (both end up at their own path,
    templates included: claiming a few that are rendered, not copied, costs nothing)."""
    yield from _folder_claims(root / "theme_overrides", "theme_overrides/")
    yield from _material_claims()
    yield from ((name, f"tệp '{name}' do MkDocs tạo ra") for name in ENGINE_FILES)


@lru_cache(maxsize=1)
def _material_claims() -> tuple[tuple[str, str], ...]:
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return ()
    folder = Path(next(iter(spec.submodule_search_locations))) / "templates"
    return tuple(_folder_claims(folder, "giao diện Material: "))


def _folder_claims(folder: Path, label: str) -> Iterator[tuple[str, str]]:
    for here, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))  # MkDocs skips dot files
        for name in sorted(files):
            if not name.startswith(".") and not name.endswith((".py", ".pyc")):
                uri = (Path(here) / name).relative_to(folder).as_posix()
                yield uri, f"'{label}{uri}'" if label.endswith("/") else f"{label}'{uri}'"


# ---- against the generated files: planned (the check) or made (the build) --------------

def check_generated(root: Path, files: Iterable[OutFile], reserved: Iterable[str] = ()) -> None:
    """The build's guard, on the files it made: raise ContentError on a collision."""
    problems = Problems(root)
    generated_collisions(root, ((out.uri, out.edit_path) for out in files), reserved, problems)
    if problems.items:
        raise ContentError(problems)


def generated_collisions(root: Path, files: Iterable[Planned], reserved: Iterable[str],
                         problems: Problems) -> None:
    """A content file that takes the URL of a generated file (or needs one as its folder), or
    lies in a folder the system fills with names it picks (`reserved`: photo variants and
    cards named by their hash, the search index). A generated page made *from* a content file
    (home, movements, activities) replaces it on purpose: its edit path is that file."""
    mine = {site_path(uri): uri for uri, _ in content_files(root)}
    if not mine:
        return
    made: dict[str, str | None] = {}
    for uri, edit in files:
        made[site_path(uri)] = edit
    for here, uri in mine.items():  # owners worded only for the paths found (11,000 a save)
        at = None if made.get(here, "") == f"content/{uri}" else claimed_at(here, made)
        if at is not None:
            problems.error(root / "content" / uri, (1, 1), collision(
                f"content/{uri}", f"trang/tệp do hệ thống tạo ra ({_made_from(made[at])})", here))
            continue
        folder = next((r for r in reserved if here.startswith(r.rstrip("/") + "/")), None)
        if folder:
            problems.error(root / "content" / uri, (1, 1), collision(
                f"content/{uri}", f"thư mục '{folder}/' do hệ thống tạo ra", here))


def _made_from(edit: str | None) -> str:
    return f"từ '{edit}'" if edit else "không có tệp nguồn"
