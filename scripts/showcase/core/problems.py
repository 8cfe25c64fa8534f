"""Problems found in content: one shape everywhere, collected, reported once."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the site root, with forward slashes
    line: int
    col: int
    message: str
    severity: Severity = "error"

    def text(self) -> str:
        tag = "lỗi" if self.severity == "error" else "cảnh báo"
        return f"{self.path}:{self.line}:{self.col}: {tag}: {self.message}"

    def github(self) -> str:
        kind = "error" if self.severity == "error" else "warning"
        msg = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = self.path.replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
        return f"::{kind} file={path},line={self.line},col={self.col}::{msg}"


@dataclass
class Problems:
    """Collector: every stage adds to it; nobody raises on the first problem."""

    root: Path
    items: list[Problem] = field(default_factory=list)

    def rel(self, path: Path | str) -> str:
        """Root-relative, without resolving: a symlink must be named, not its target."""
        text = os.fspath(path)
        if not os.path.isabs(text):  # already relative to the root (a record's source)
            return Path(text).as_posix()
        text = os.path.normpath(text)
        for base in self._bases:
            if text.startswith(base):
                return text[len(base):].replace(os.sep, "/")
        return Path(text).as_posix()

    @cached_property
    def _bases(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(os.path.join(os.path.normpath(b), "")
                                   for b in (os.path.abspath(self.root), self.root.resolve())))

    def add(self, path: Path | str, line: int, col: int, message: str,
            severity: Severity = "error") -> None:
        one_line = " ".join(message.split("\n"))  # one problem, one line: CI annotations need it
        self.items.append(Problem(self.rel(path), max(line, 1), max(col, 1), one_line, severity))

    def error(self, path: Path | str, mark: tuple[int, int], message: str) -> None:
        self.add(path, mark[0], mark[1], message, "error")

    def warn(self, path: Path | str, mark: tuple[int, int], message: str) -> None:
        self.add(path, mark[0], mark[1], message, "warning")

    @property
    def unique(self) -> list[Problem]:
        """Each problem once, in file order: two stages may read one file (a movement is a
        page too), and the count must match the lines printed."""
        return sorted(set(self.items))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.unique if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.unique if p.severity == "warning"]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def render(self, fmt: str = "text") -> str:
        lines = [p.github() if fmt == "github" else p.text() for p in self.unique]
        return "\n".join(lines)

    def summary(self) -> str:
        e, w = len(self.errors), len(self.warnings)
        if not e and not w:
            return "Không có lỗi."
        return f"Tìm thấy {e} lỗi và {w} cảnh báo."


class ContentError(Exception):
    """Raised by a stage that cannot go on; carries the collected problems."""

    def __init__(self, problems: Problems):
        super().__init__(problems.summary())
        self.problems = problems
