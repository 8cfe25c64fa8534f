"""`showcase serve` serves the sample site at the local root and rebuilds on edits.

Broken content never stops or hangs it: every URL shows a Vietnamese list of the problems
(file:line, escaped) until the next good save puts the site back, and its log is Vietnamese."""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from conftest import as_from_a_terminal, free_port

PROFILE = Path("exemplars") / "xuan-duong" / "nguyen-thi-hong-nhung.yaml"
URL_PATH = "dien-hinh/nguyen-thi-hong-nhung/"
ERROR_TITLE = "Nội dung có lỗi – chưa dựng được trang"
BAD_QUARTER = "quarter: Quý 5 <b>2021</b>"
BAD_ITEM = (f"<li><code>{PROFILE.as_posix()}:12:10</code> <strong>lỗi</strong>: quarter: giá trị "
            "&#39;Quý 5 &lt;b&gt;2021&lt;/b&gt;&#39; không hợp lệ, cần một quý dạng 2021-Q2 hoặc "
            "&#39;Quý II/2021&#39;.</li>")


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:  # the error page comes with 404, like any missing page
        return exc.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _wait_for(url: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        body = _get(url)
        if text in body:
            return body
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {text!r}; last body had {len(body)} characters")


@contextlib.contextmanager
def serving(root: Path, stop: int = signal.SIGTERM) -> Iterator[tuple[str, Path]]:
    """`showcase serve` in its own process, its temp folder `root/../serve-tmp`; yields its
    base URL and its log file; stopped with `stop`."""
    addr = f"127.0.0.1:{free_port()}"
    cmd = [sys.executable, "-m", "showcase.cli.main", "--root", str(root), "serve", "--dev-addr", addr]
    log_path, tmp = root / "serve.log", root.parent / "serve-tmp"
    tmp.mkdir(exist_ok=True)
    with log_path.open("w") as log:
        proc = subprocess.Popen(cmd, cwd=root, stdout=log, stderr=subprocess.STDOUT,
                                env={**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": str(tmp)},
                                preexec_fn=as_from_a_terminal)
        try:
            yield f"http://{addr}/", log_path
        finally:
            proc.send_signal(stop)
            proc.wait(timeout=20)


def _edit(root: Path, old: str, new: str) -> None:
    path = root / PROFILE
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_serve_rebuilds_when_a_profile_changes(site_tree) -> None:
    root = site_tree(samples=True)
    with serving(root) as (base, _):
        url = base + URL_PATH
        _wait_for(url, "Nguyễn Thị Hồng Nhung")
        _edit(root, "role: Nông dân trồng bưởi", "role: Chủ vườn bưởi hữu cơ")
        assert "Chủ vườn bưởi hữu cơ" in _wait_for(url, "Chủ vườn bưởi hữu cơ")


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=["TERM", "HUP", "INT"])
def test_a_stop_by_signal_removes_the_served_copy(site_tree, stop: int) -> None:
    """kill, a closed terminal and Ctrl+C all stop the preview cleanly: its log says so, it
    exits by itself, and the copy of the site it served leaves the temp folder."""
    root = site_tree(samples=True)
    tmp = root.parent / "serve-tmp"
    with serving(root, stop) as (base, log):
        _wait_for(base + URL_PATH, "Nguyễn Thị Hồng Nhung")
        served = list(tmp.glob("showcase-serve-*"))
        assert len(served) == 1 and (served[0] / "site" / URL_PATH / "index.html").is_file()
    assert "Đang dừng máy chủ xem trước." in log.read_text(encoding="utf-8")
    deadline = time.monotonic() + 30  # a process of its own deletes it (pipeline.discard)
    while list(tmp.glob("showcase-serve-*")) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not list(tmp.glob("showcase-serve-*"))


def test_broken_content_shows_the_problems_and_recovers(site_tree) -> None:
    root = site_tree(samples=True)
    _edit(root, "quarter: 2021-Q2", BAD_QUARTER)  # broken before the first build
    with serving(root) as (base, log):
        url = base + URL_PATH
        page = _wait_for(url, ERROR_TITLE)
        assert BAD_ITEM in page and "<b>2021" not in page  # escaped, with file:line:col
        assert _get(base) == page  # every address shows it, the home page too
        _edit(root, BAD_QUARTER, "quarter: 2021-Q2")
        _wait_for(url, "<h1>Nguyễn Thị Hồng Nhung</h1>")
        _edit(root, "quarter: 2021-Q2", BAD_QUARTER)  # broken again: a failed rebuild
        assert BAD_ITEM in _wait_for(url, ERROR_TITLE)
        text = log.read_text(encoding="utf-8")
    assert f"Trang {base} đang hiện danh sách lỗi; sửa tệp rồi lưu lại, trình duyệt sẽ tự tải " \
        "lại." in text
    assert "Đang dựng trang..." in text and "Có tệp thay đổi, đang dựng lại..." in text
    assert "Không tìm thấy /dien-hinh/" not in text  # the error page is not a missing page
    for english in ("Aborted", "BuildError", "An error happened", "Building documentation",
                    "Serving on", "Detected file changes", "Traceback"):
        assert english not in text


@pytest.mark.browser
def test_the_open_page_follows_the_content_without_a_manual_reload(site_tree, browser) -> None:
    """The page an editor has open turns into the error list when a save breaks the profile,
    and back into the profile when the next save fixes it: never a spinning tab."""
    root = site_tree(samples=True)
    with serving(root) as (base, _):
        url = base + URL_PATH
        _wait_for(url, "Nguyễn Thị Hồng Nhung")
        page = browser.new_page()
        try:
            page.goto(url)
            page.wait_for_selector("h1:has-text('Nguyễn Thị Hồng Nhung')")
            _edit(root, "quarter: 2021-Q2", BAD_QUARTER)
            page.wait_for_selector(f"h1:has-text('{ERROR_TITLE}')", timeout=60_000)
            item = page.locator("#loi li").first.inner_text()
            assert item == (f"{PROFILE.as_posix()}:12:10 lỗi: quarter: giá trị 'Quý 5 <b>2021</b>' "
                            "không hợp lệ, cần một quý dạng 2021-Q2 hoặc 'Quý II/2021'.")
            _edit(root, BAD_QUARTER, "quarter: 2021-Q2")
            page.wait_for_selector("h1:has-text('Nguyễn Thị Hồng Nhung')", timeout=60_000)
        finally:
            page.close()


def test_an_engine_failure_shows_its_message_escaped(site_tree) -> None:
    """Not every failure is content: a broken mkdocs.yml or template shows the engine's words."""
    from showcase.publish.error_page import render
    page = render(site_tree(), ValueError("Bad <config> value"), epoch=7)
    assert '<p id="loi">Không dựng được trang: Bad &lt;config&gt; value</p>' in page
    assert 'fetch("/livereload/7/0")' in page
