"""One build at a time per repository, and system errors said in Vietnamese.

Two builds at once would share the image cache and race for the final swap of site/. The
second one waits for an exclusive flock on .cache/build.lock (released by the kernel when
the first process ends, even on a crash, so a stale lock cannot exist), and stops with a
clear message after SHOWCASE_BUILD_WAIT seconds. A full disk or an unwritable folder also
stops the build with a message, never a traceback; the previous site/ stays as it was
(incremental.run builds into a temporary folder and swaps only a complete build).
"""
from __future__ import annotations

import errno
import fcntl
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

LOCK_FILE = Path(".cache") / "build.lock"
WAIT_SECONDS = 600.0  # a cold 10,000-profile build takes about 3 minutes
POLL_SECONDS = 0.2
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_DENIED = {errno.EACCES, errno.EPERM, errno.EROFS}


class BuildStopped(Exception):
    """The build cannot go on for a reason outside the content; the text is for editors."""


def wait_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get("SHOWCASE_BUILD_WAIT", WAIT_SECONDS)))
    except ValueError:
        return WAIT_SECONDS


@contextmanager
def build_lock(root: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the repository's build lock for the duration of the block."""
    path = root / LOCK_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise BuildStopped(system_message(exc, path.parent)) from None
    try:
        _acquire(fd, path, wait_seconds() if wait is None else wait)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())  # who holds it, for the other build's message
        yield
    finally:
        os.close(fd)  # closing releases the flock


def _acquire(fd: int, path: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        holder = _holder(path)
        if time.monotonic() >= deadline:
            raise BuildStopped(f"Một bản dựng khác đang chạy trong thư mục này ({holder}); đã chờ "
                               f"{wait:g} giây. Hãy đợi bản dựng đó xong rồi chạy lại (hoặc dừng nó). "
                               f"Hai bản dựng cùng lúc sẽ ghi đè lên nhau trong site/.")
        if not told:
            print(f"Đang chờ bản dựng khác xong ({holder})...", file=sys.stderr)
            told = True
        time.sleep(POLL_SECONDS)


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        pid = ""
    return f"tiến trình {pid}" if pid.isdigit() else "tiến trình khác"


def system_message(exc: OSError, where: Path) -> str:
    """What a system error means for the editor, and that the old site is still there."""
    name = _shown(Path(os.fsdecode(exc.filename)) if exc.filename else where)
    kept = " Trang đã dựng trước đó (nếu có) vẫn giữ nguyên."
    if exc.errno in _FULL:  # exc.filename may be the source of a copy: name the destination
        return (f"Ổ đĩa đã đầy khi ghi vào '{where}': bản dựng dừng lại.{kept} Hãy giải phóng dung "
                "lượng (ví dụ xóa thư mục .cache/ cũ) rồi dựng lại.")
    if exc.errno in _DENIED:
        return (f"Không ghi được vào '{name}' (không có quyền ghi hoặc ổ chỉ đọc): bản dựng dừng "
                f"lại.{kept} Hãy chọn thư mục khác bằng --site-dir, hoặc cấp quyền ghi cho thư mục này.")
    return (f"Lỗi hệ thống khi ghi '{name}' ({exc.strerror or exc}): bản dựng dừng lại.{kept} "
            "Hãy kiểm tra ổ đĩa rồi dựng lại.")


def _shown(path: Path) -> Path:
    """A path inside the temporary build folder (.site.tmp-…) is named by the folder that
    holds it: the editor knows that one, not our temporary name."""
    for here in (path, *path.parents):
        if here.name.startswith(".") and ".tmp-" in here.name:
            return here.parent
    return path
