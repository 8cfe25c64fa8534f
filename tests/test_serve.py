"""`showcase serve` serves the sample site at the local root and rebuilds on edits."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

from conftest import free_port


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _wait_for(url: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = _get(url)
        if text in body:
            return body
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {text!r}; last body had {len(body)} characters")


def test_serve_rebuilds_when_a_profile_changes(site_tree) -> None:
    root = site_tree(samples=True)
    profile = root / "exemplars" / "xuan-duong" / "nguyen-thi-hong-nhung.yaml"
    addr = f"127.0.0.1:{free_port()}"
    cmd = [sys.executable, "-m", "showcase.cli.main", "--root", str(root), "serve", "--dev-addr", addr]
    log = (root / "serve.log").open("w")
    proc = subprocess.Popen(cmd, cwd=root, stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        url = f"http://{addr}/dien-hinh/nguyen-thi-hong-nhung/"
        _wait_for(url, "Nguyễn Thị Hồng Nhung")
        profile.write_text(profile.read_text(encoding="utf-8").replace(
            "role: Nông dân trồng bưởi", "role: Chủ vườn bưởi hữu cơ"), encoding="utf-8")
        assert "Chủ vườn bưởi hữu cơ" in _wait_for(url, "Chủ vườn bưởi hữu cơ")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()
