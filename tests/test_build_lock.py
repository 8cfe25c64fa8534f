"""Two builds at once, a full disk, an unwritable folder: a Vietnamese sentence, never a
traceback, and the previous site stays as it was."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from conftest import as_from_a_terminal
from showcase.publish.lock import LOCK_FILE, BuildStopped, build_lock
from test_build import SHOWCASE, run, snapshot
from test_check_base import GOOD, PROFILE

KEPT = " Trang đã dựng trước đó (nếu có) vẫn giữ nguyên."


@pytest.fixture
def tree(make_tree) -> Path:
    return make_tree({PROFILE: GOOD})


def previous_site(folder: Path) -> Path:
    """A stand-in for the site of an earlier build: what must survive the failed one."""
    site = folder / "site"
    (site / "dien-hinh").mkdir(parents=True)
    (site / "index.html").write_text("<h1>Trang cũ</h1>", encoding="utf-8")
    (site / "dien-hinh" / "index.html").write_text("<p>cũ</p>", encoding="utf-8")
    return site


def test_second_build_stops_with_a_message_while_the_first_holds_the_lock(tree: Path) -> None:
    site = previous_site(tree)
    before = snapshot(site)
    with build_lock(tree):
        r = run(SHOWCASE, "build", cwd=tree, SHOWCASE_BUILD_WAIT="0.5")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.splitlines() == [
        f"Đang chờ bản dựng khác xong (tiến trình {os.getpid()})...",
        f"lỗi: Một bản dựng khác đang chạy trong thư mục này (tiến trình {os.getpid()}); đã chờ 0.5 "
        "giây. Hãy đợi bản dựng đó xong rồi chạy lại (hoặc dừng nó). Hai bản dựng cùng lúc sẽ ghi "
        "đè lên nhau trong site/."]
    assert snapshot(site) == before


def test_second_build_waits_for_the_first(tmp_path: Path) -> None:
    held, released = threading.Event(), threading.Event()
    order: list[str] = []

    def first() -> None:
        with build_lock(tmp_path):
            order.append("first holds")
            held.set()
            released.wait(30)
            order.append("first done")

    t = threading.Thread(target=first)
    t.start()
    held.wait(30)
    threading.Timer(0.3, released.set).start()
    with build_lock(tmp_path, wait=30):  # flock: a second open file description conflicts
        order.append("second holds")
    t.join()
    assert order == ["first holds", "first done", "second holds"]


def test_the_lock_is_released_when_its_holder_dies(tmp_path: Path) -> None:
    holder = subprocess.Popen(["python3", "-c", "import fcntl, os, sys, time; "
                               f"fd = os.open({str(tmp_path / LOCK_FILE)!r}, os.O_RDWR | os.O_CREAT); "
                               "fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)"],
                              stdout=subprocess.PIPE, text=True)
    (tmp_path / LOCK_FILE).parent.mkdir(exist_ok=True)
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(BuildStopped):
            with build_lock(tmp_path, wait=0):
                pass
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    with build_lock(tmp_path, wait=5):  # the kernel dropped the dead process's lock
        pass


@pytest.fixture
def mount_point(tmp_path: Path):
    """A tmpfs of our own (needs root); unmounted afterwards."""
    point = tmp_path / "disk"
    point.mkdir()
    mounted: list[Path] = []

    def mount(options: str) -> Path:
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)],
                           capture_output=True, text=True)
        if r.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here ({r.stderr.strip()}): needs root")
        mounted.append(point)
        return point

    yield mount
    for p in mounted:
        subprocess.run(["umount", str(p)], check=False)


def test_full_disk_says_so_and_keeps_the_previous_site(tree: Path, mount_point) -> None:
    disk = mount_point("size=600k")
    site = previous_site(disk)
    before = snapshot(site)
    r = run(SHOWCASE, "build", "--site-dir", str(site), cwd=tree)
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert [x for x in r.stderr.splitlines() if x.startswith("lỗi:")] == [
        f"lỗi: Ổ đĩa đã đầy khi ghi vào '{disk}': bản dựng dừng lại.{KEPT} Hãy giải phóng dung lượng "
        "(ví dụ xóa thư mục .cache/ cũ) rồi dựng lại."]
    assert snapshot(site) == before
    assert sorted(p.name for p in disk.iterdir()) == ["site"]  # no half-written build left


def test_unwritable_output_folder(tree: Path, mount_point, tmp_path: Path) -> None:
    if os.geteuid() == 0:  # root writes through permissions: use a read-only file system
        disk = mount_point("size=1m")
        site = previous_site(disk)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    else:
        disk = tmp_path / "readonly"
        disk.mkdir()
        site = previous_site(disk)
        disk.chmod(0o555)
    before = snapshot(site)
    r = run(SHOWCASE, "build", "--site-dir", str(site), cwd=tree)
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert [x for x in r.stderr.splitlines() if x.startswith("lỗi:")] == [
        f"lỗi: Không ghi được vào '{disk}' (không có quyền ghi hoặc ổ chỉ đọc): bản dựng dừng "
        f"lại.{KEPT} Hãy chọn thư mục khác bằng --site-dir, hoặc cấp quyền ghi cho thư mục này."]
    assert snapshot(site) == before
    if os.geteuid() != 0:
        disk.chmod(0o755)
        shutil.rmtree(disk)


def test_full_disk_injected_at_the_copy_call(tree: Path) -> None:
    """Without root (CI runners) no tmpfs can be mounted: the build's own process gets ENOSPC
    from the copy call the engine writes the site with."""
    import sys
    site = previous_site(tree / "out")
    before = snapshot(site)
    code = ("import errno, os, shutil, sys\n"
            "real = shutil.copyfile\n"
            "def full(src, dst, *a, **k):\n"
            "    if '.site.tmp-' in str(dst):\n"
            "        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(src))\n"
            "    return real(src, dst, *a, **k)\n"
            "shutil.copyfile = full\n"
            "from showcase.cli.main import main\n"
            "sys.exit(main(sys.argv[1:]))\n")
    r = run(sys.executable, "-c", code, "build", "--site-dir", str(site), cwd=tree)
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert [x for x in r.stderr.splitlines() if x.startswith("lỗi:")] == [
        f"lỗi: Ổ đĩa đã đầy khi ghi vào '{tree / 'out'}': bản dựng dừng lại.{KEPT} Hãy giải phóng dung "
        "lượng (ví dụ xóa thư mục .cache/ cũ) rồi dựng lại."]
    assert snapshot(site) == before
    assert sorted(p.name for p in (tree / "out").iterdir()) == ["site"]


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_a_build_stopped_by_a_signal_keeps_the_previous_site(tree: Path, stop: int) -> None:
    """`kill` or Ctrl+C while the engine writes the site: the temporary folder goes, site/
    stays as it was, and the exit code says it was interrupted (130)."""
    site = previous_site(tree / "out")
    before = snapshot(site)
    proc = subprocess.Popen([SHOWCASE, "build", "--site-dir", str(site)], cwd=tree, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=as_from_a_terminal)
    deadline = time.monotonic() + 120
    while not list((tree / "out").glob(".site.tmp-*")) and proc.poll() is None \
            and time.monotonic() < deadline:
        time.sleep(0.002)
    assert proc.poll() is None, "the build ended before its temporary folder was seen"
    proc.send_signal(stop)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "Traceback" not in err, err
    assert snapshot(site) == before
    assert sorted(p.name for p in (tree / "out").iterdir()) == ["site"]
