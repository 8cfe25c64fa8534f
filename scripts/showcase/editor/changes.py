"""`showcase changes --base REF`: the profiles a pull request changes, as Vietnamese Markdown.

CI appends it to the job summary, so reviewers at the Home Affairs office read the new
text as readers will, without opening YAML. Git is the only process we call.
"""
from __future__ import annotations

import html
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from showcase.core.model import Exemplar
from showcase.validate.check import check_content
from showcase.core.vi import format_date, format_quarter

ACTIONS = {"A": "Thêm mới", "M": "Sửa", "D": "Xóa", "R": "Đổi tên", "C": "Sao chép"}
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
DETAILED = 60  # profiles shown in full; GitHub caps a step summary at 1 MiB


@dataclass(frozen=True)
class Change:
    action: str  # A, M, D, R
    path: str
    old_path: str = ""


def changed(root: Path, base: str) -> list[Change]:
    out = subprocess.run(["git", "-C", str(root), "diff", "--name-status", "-M", base, "HEAD", "--",
                          "exemplars", "content"], capture_output=True, text=True, check=True).stdout
    result = []
    for line in out.splitlines():
        parts = line.split("\t")
        code = parts[0][:1]
        result.append(Change(code, parts[-1], parts[1] if code in "RC" else ""))
    return result


CONTENT_DIRS = ("content/", "exemplars/")
CODE_SHOWN = 100  # paths listed; a larger code change is a maintainer's business anyway


def code_changes(root: Path, base: str) -> list[Change]:
    """Files changed outside content/ and exemplars/ (a rename counts if either side is).
    NUL-separated output: git would otherwise quote non-ASCII names."""
    out = subprocess.run(["git", "-C", str(root), "diff", "--name-status", "-z", "-M", base, "HEAD"],
                         capture_output=True, text=True, check=True).stdout.split("\0")
    result, i = [], 0
    while i < len(out) - 1:
        code = out[i][:1]
        paths = out[i + 1:i + (3 if code in "RC" else 2)]
        i += 1 + len(paths)
        if any(not p.startswith(CONTENT_DIRS) for p in paths):
            result.append(Change(code, paths[-1], paths[0] if len(paths) == 2 else ""))
    return result


def _path(value: str) -> str:
    """A file name as a code span: no backtick or line break can end it early, and inside it
    GitHub shows HTML as text (so it must not be escaped twice)."""
    return "`" + value.replace("`", "'").replace("\n", " ").replace("\r", " ") + "`"


def code_block(changes: list[Change]) -> list[str]:
    """Said first and plainly: content reviewers at the office are not programmers."""
    if not changes:
        return []
    lines = ["### Cần người bảo trì mã nguồn duyệt", "",
             f"Pull request này thay đổi {len(changes)} tệp **nằm ngoài `content/` và `exemplars/`**: "
             "mã nguồn, cấu hình trang (mkdocs.yml), giao diện hoặc quy trình CI. Những tệp này quyết "
             "định trang được dựng và chạy thế nào, và bước «Kiểm tra nội dung» không bảo vệ được chúng. "
             "Người duyệt nội dung **không gộp** pull request này khi người bảo trì mã nguồn chưa đồng ý.",
             ""]
    for c in changes[:CODE_SHOWN]:
        old = f" (trước đây {_path(c.old_path)})" if c.old_path else ""
        lines.append(f"- {ACTIONS.get(c.action, c.action)}: {_path(c.path)}{old}")
    if len(changes) > CODE_SHOWN:
        lines.append(f"- và {len(changes) - CODE_SHOWN} tệp khác")
    return lines + [""]


def _is_profile(path: str) -> bool:
    parts = path.split("/")
    return len(parts) == 3 and parts[0] == "exemplars" and parts[1] != "vocab" and path.endswith(".yaml")


def _text(value: str) -> str:
    """User text inside our Markdown: no HTML, no table or heading tricks."""
    return html.escape(value.replace("\r", "")).replace("\n", " ")


def _quote(value: str) -> str:
    return "\n".join("> " + html.escape(line) if line.strip() else ">" for line in value.strip().splitlines())


def profile_block(catalog_like: "_Labels", change: Change, e: Exemplar | None, problems: int) -> str:
    head = f"### {ACTIONS.get(change.action, change.action)}: "
    where = _path(change.path) + (f" (trước đây {_path(change.old_path)})" if change.old_path else "")
    if change.action == "D":
        return head + f"{where}\n\nTệp hồ sơ bị xóa khỏi kho."
    if e is None:
        return head + f"{where}\n\nChưa đọc được hồ sơ này: còn {problems} lỗi, xem bước «Kiểm tra nội dung»."
    if e.status == "withdrawn":
        return head + f"{where}\n\nHồ sơ **đã rút** (ngày {format_date(e.withdrawn)}): sẽ bị gỡ khỏi mọi trang."
    lab = catalog_like.label
    lines = [head + _text(e.name), "", where + (f" · còn {problems} lỗi/cảnh báo" if problems else ""), "",
             f"- **Trạng thái:** {lab('statuses', e.status)}" + (" (hồ sơ mẫu)" if e.sample else ""),
             f"- **Đơn vị:** {_text(catalog_like.unit(e.unit))}" + (f", {_text(e.hamlet)}" if e.hamlet else ""),
             f"- **Đối tượng, loại:** {lab('subjects', e.subject)}, {lab('categories', e.category)}",
             f"- **Lĩnh vực:** {', '.join(lab('fields', f) for f in e.fields)}",
             f"- **Quý:** {format_quarter(*e.quarter)}"]
    if e.role:
        lines.append(f"- **Công việc:** {_text(e.role)}")
    lines.append(f"- **Trích ngang:** {_text(e.summary)}")
    lines += [f"- **Thành tích:** {_text(a)}" for a in e.achievements]
    lines += [f"- **Khen thưởng:** {_text(lab('awards', a.name))}" + (f" ({a.year})" if a.year else "")
              for a in e.awards]
    lines += [f"- **Ảnh:** {_path(p.file.rsplit('/', 1)[-1])}: {_text(p.alt)}" for p in e.photos]
    if e.consent:
        lines.append(f"- **Đồng ý công bố:** {_text(e.consent.by)}, ngày {format_date(e.consent.date)}, "
                     f"phạm vi: {', '.join(lab('consent_scopes', s) for s in e.consent.scope)}")
    if e.story:
        lines += ["", "**Bài giới thiệu:**", "", _quote(e.story)]
    return "\n".join(lines)


@dataclass
class _Labels:
    """Labels from the content just read; the catalogue is not used because drafts count here."""

    vocabs: dict
    units: dict

    def label(self, vocab: str, term: str) -> str:
        v = self.vocabs.get(vocab)
        return v.labels.get(term, term) if v else term

    def unit(self, unit_id: str) -> str:
        u = self.units.get(unit_id)
        return u.name if u else unit_id


def summary(root: Path, base: str) -> str:
    changes = changed(root, base)
    content, problems = check_content(root)
    by_path = {e.source: e for e in content.exemplars}
    count = {}
    for p in problems.items:
        count[p.path] = count.get(p.path, 0) + 1
    labels = _Labels(content.vocabs, content.units)
    profiles = [c for c in changes if _is_profile(c.path)]
    photos = [c for c in changes if c.path.lower().endswith(PHOTO_SUFFIXES)]
    others = [c for c in changes if c not in profiles and c not in photos]
    out = ["## Hồ sơ thay đổi trong pull request này", "", *code_block(code_changes(root, base))]
    if not profiles:
        out.append("Pull request này không thay đổi hồ sơ điển hình nào.")
    else:
        tally = ", ".join(f"{sum(c.action == a for c in profiles)} {ACTIONS[a].lower()}"
                          for a in ACTIONS if any(c.action == a for c in profiles))
        out.append(f"Có {len(profiles)} hồ sơ thay đổi ({tally}). Mọi nội dung dưới đây sẽ công khai "
                   "trên trang khi được gộp.")
    for c in profiles[:DETAILED]:
        out += ["", profile_block(labels, c, by_path.get(c.path), count.get(c.path, 0))]
    if len(profiles) > DETAILED:  # a job summary holds at most 1 MiB
        out += ["", f"### Và {len(profiles) - DETAILED} hồ sơ khác", ""]
        out += [f"- {ACTIONS.get(c.action, c.action)}: {_path(c.path)}" for c in profiles[DETAILED:]]
    if photos:
        out += ["", "### Ảnh", ""] + [f"- {ACTIONS.get(c.action, c.action)}: {_path(c.path)}" for c in photos]
    if others:
        out += ["", "### Tệp khác", ""] + [f"- {ACTIONS.get(c.action, c.action)}: {_path(c.path)}" for c in others]
    total = f"{len(problems.errors)} lỗi, {len(problems.warnings)} cảnh báo"
    out += ["", f"Kiểm tra toàn bộ nội dung: {total}." if problems.items else
            "Kiểm tra toàn bộ nội dung: không có lỗi."]
    return "\n".join(out) + "\n"


def changes_command(root: Path, base: str) -> int:
    try:
        text = summary(root, base)
    except subprocess.CalledProcessError as exc:
        print(f"Không so sánh được với '{base}': {exc.stderr.strip()} Hãy kiểm tra tên nhánh "
              "hoặc commit gốc (trong CI cần actions/checkout với fetch-depth: 0).", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0

