"""A hand-written page's link to a file that is not there stops the strict build ("the target
is not found among documentation files"): the check reports it first, at its line.

Only links to files (a path with a suffix other than .md) are checked here: .md targets may
be pages the build generates, and MkDocs ignores links without a suffix (mkdocs.yml sets
unrecognized_links: ignore). Code spans and fenced blocks are examples, not links.
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path, PurePosixPath
from typing import Callable, Iterator

from showcase.core.problems import Problems

_CODE = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1[^\n]*$|`[^`\n]+`", re.M | re.S)
_INLINE = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)")
_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


def link_targets(body: str) -> Iterator[tuple[int, str]]:
    """(offset, target) of every inline or reference link outside code."""
    plain = _CODE.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), body)  # offsets stay
    for pattern in (_INLINE, _REFERENCE):
        for m in pattern.finditer(plain):
            yield m.start(1), m[1]


def check_file_links(root: Path, page: Path, body: str, mark_of: Callable[[int], tuple[int, int]],
                     problems: Problems) -> None:
    content = root / "content"
    here = PurePosixPath(page.relative_to(content).as_posix()).parent
    for offset, target in sorted(link_targets(body)):
        path = target.split("#", 1)[0].split("?", 1)[0]
        if not path or _SCHEME.match(path) or path.startswith("/"):
            continue
        suffix = PurePosixPath(path).suffix.lower()
        if not suffix or suffix == ".md":
            continue
        inside = posixpath.normpath(posixpath.join(str(here), path))
        if not any((base / inside).is_file() for base in (content, root / "theme_overrides")):
            problems.error(page, mark_of(offset), f"nội dung: liên kết tới tệp '{target}' nhưng "
                           f"không có tệp content/{inside}. Hãy thêm tệp đó hoặc sửa liên kết: "
                           "bản dựng dừng lại khi có liên kết hỏng.")
