"""`showcase bench --incremental` end to end on a small synthetic tree: the real builds, the
real `showcase serve` (edits polled over HTTP), and Hugo's column when hugo is installed.
No timing asserts: the table has its rows, and the served pages really showed the edits."""
from __future__ import annotations

import re
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from showcase_dev.bench import run_usage
from showcase_dev.bench_incremental import (ADD, COLD, FULL, HUGO, NEW_NAME, NOOP, PIXELS, START, Run, Step, hugo_layout,
                                             hugo_page, hugo_path, marker, report)

ROWS = ["dựng đủ lần đầu (.cache trống)", "dựng lại, không đổi gì", "Hugo: hugo --quiet lần đầu",
        "serve: khởi động (trang chủ 200)", "serve: sửa → thấy, trung vị (2 lần)",
        "serve: sửa → thấy, lâu nhất", "serve: thêm hồ sơ → thấy", "serve: dừng (SIGINT); CPU, MB cả phiên"]
FIGURE = r"\d+\.\d\d"


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """One run of the verb (2 edits, 60 profiles); Hugo only if it is already installed."""
    work = tmp_path_factory.mktemp("bench-inc")
    cmd = [sys.executable, "-m", "showcase.cli.main", "bench", "--incremental", "--profiles", "60",
           "--edits", "2", "--timeout", "120", "--workdir", str(work)]
    if not shutil.which("hugo"):
        cmd.append("--no-hugo")  # never install from a test
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, work / "logs-60"


def _row(table: str, name: str) -> list[str]:
    line = next((ln for ln in table.splitlines() if ln.split(" | ")[0].strip() == name), None)
    assert line is not None, f"no row {name!r} in:\n{table}"
    return [cell.strip() for cell in line.split(" | ")]


def test_table_has_every_step_with_a_figure(bench: tuple[str, Path]) -> None:
    table, _ = bench
    assert table.startswith("Sửa → xem trước với 60 hồ sơ (trang HTML: showcase ")
    assert _row(table, "bước") == ["bước", "thời gian (s)", "CPU (s)", "MB đỉnh", "mục tiêu"]
    for name in ROWS[:2] + ROWS[3:7]:
        assert re.fullmatch(FIGURE, _row(table, name)[1]), _row(table, name)
    assert _row(table, ROWS[0])[4] == "≤ 3× Hugo" and _row(table, ROWS[1])[4] == "≤ 3 s"
    assert re.fullmatch(FIGURE, _row(table, FULL)[2]) and _row(table, FULL)[4] == "CPU ≤ 3× Hugo"
    assert re.fullmatch(FIGURE, _row(table, PIXELS)[2])  # a cold build but for the images
    assert _row(table, ROWS[4])[4] == "≤ 1 s" and _row(table, ROWS[5])[4] == "≤ 2 s"
    assert re.fullmatch(FIGURE, _row(table, ROWS[7])[1])  # serve stopped by itself on SIGINT
    hugo = _row(table, ROWS[2])[1]
    assert re.fullmatch(FIGURE, hugo) if shutil.which("hugo") else hugo.startswith("bỏ qua")
    for target in ("sửa một hồ sơ → thấy trên trang, trung vị", "sửa một hồ sơ → thấy trên trang, lâu nhất",
                   "thêm một hồ sơ → trang có", "dựng lại khi không đổi gì"):
        assert re.search(rf"^(ĐẠT|CHƯA ĐẠT)  {target}: {FIGURE} s \(mục tiêu ≤ \d s\)", table, re.M), target
    for line in table.splitlines():  # a miss says where the time went
        assert not line.startswith("CHƯA ĐẠT") or re.search(r": vượt [0-9.]+ s( CPU)?; thời gian tập "
                                                           r"trung ở: (?!không rõ)\S", line), line


def test_served_pages_showed_each_edit(bench: tuple[str, Path]) -> None:
    _, logs = bench
    for k in range(2):
        page = (logs / f"serve-{marker(k)}.html").read_text(encoding="utf-8")
        assert re.search(rf'<p class="sc-summary">{marker(k)} \S', page)  # the summary, edited


def test_hugo_server_pages_showed_each_edit(bench: tuple[str, Path]) -> None:
    if not shutil.which("hugo"):
        pytest.skip("hugo is not installed (apt-get install -y hugo)")
    _, logs = bench
    for k in range(2):
        page = (logs / f"hugo-{marker(900 + k)}.html").read_text(encoding="utf-8")
        assert f"<p>{marker(900 + k)}</p>" in page and '<article class="md-content__inner md-typeset">' in page


def test_new_profile_page_was_served(bench: tuple[str, Path]) -> None:
    table, logs = bench
    assert re.fullmatch(FIGURE, _row(table, "serve: thêm hồ sơ → thấy")[1])
    assert f"<h1>{NEW_NAME}</h1>" in (logs / "serve-added.html").read_text(encoding="utf-8")


def test_peak_memory_is_the_commands_own_not_the_bench_process() -> None:
    """Linux keeps the peak RSS across fork and exec: measured straight from this process,
    `true` "used" as much memory as pytest holds."""
    own_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    small = run_usage(["true"], Path.cwd())
    big = run_usage([sys.executable, "-c", "x = bytearray(200 * 2**20)\nfor i in range(0, len(x), 4096): x[i] = 1"],
                    Path.cwd())
    assert small.code == 0 and small.mb < 30 < own_mb
    assert big.mb > 200 and big.cpu > 0


def test_a_step_over_its_timeout_is_killed_and_recorded() -> None:
    used = run_usage(["sleep", "60"], Path.cwd(), timeout=0.5)
    assert used.timed_out and used.code != 0


def test_hugo_layout_keeps_the_shell_around_the_article() -> None:
    page = ("<html><head><title>Bùi Bích Ánh - Site</title><script>a={{x}}</script></head><body>"
            '<article class="md-content__inner md-typeset"><h1>Bùi</h1></article><footer>f</footer></body></html>')
    assert hugo_layout(page) == (
        '<html><head><title>{{ .Title }}</title><script>a={{ "{{" }}x}}</script></head><body>'
        '<article class="md-content__inner md-typeset">{{ block "main" . }}{{ end }}</article>'
        "<footer>f</footer></body></html>")


def test_hugo_page_is_title_markdown_then_one_raw_block() -> None:
    text = '---\ntitle: "Đơn vị: Xã"\nhide: [toc]\n---\n\n# Đơn vị\n'
    assert hugo_page(text, "<div>\n\n    <p>a</p>\n</div>\n") == (
        '---\ntitle: "Đơn vị: Xã"\n---\n\n# Đơn vị\n\n\n<div>\n    <p>a</p>\n</div>\n')
    assert [hugo_path(u) for u in ("index.md", "don-vi/index.md", "dien-hinh/an.md")] == [
        "_index.md", "don-vi/_index.md", "dien-hinh/an.md"]


def test_report_of_a_timed_out_edit_says_so_and_skips_the_rest() -> None:
    """An edit that never showed is '> timeout' in the table and a miss with no figure; the add
    that was not tried is 'CHƯA ĐO', not a number."""
    run = Run(10000, 120.0, 1200.0)
    run.add(Step(COLD, 200.0, 250.0, 900.0))
    run.add(Step(NOOP, 2.5, 2.0, 300.0))
    run.add(Step(HUGO, 50.0, 60.0, 400.0))
    run.add(Step(START, 30.0))
    run.edits = [0.8, None]  # the second ran over; the other three were not tried
    text = report(run, 5)
    assert _row(text, "serve: sửa → thấy, trung vị (5 lần)")[1] == "> 120 s"
    assert _row(text, "serve: sửa → thấy, lâu nhất")[1] == "> 120 s (1/5 lần thấy)"
    assert "CHƯA ĐẠT  sửa một hồ sơ → thấy trên trang, trung vị: hết giờ hoặc lỗi (xem bảng) " \
           "(mục tiêu ≤ 1 s): không có số đo;" in text
    assert "CHƯA ĐO  thêm một hồ sơ → trang có: bước trước chưa xong (xem bảng)" in text
    assert "ĐẠT  dựng lại khi không đổi gì: 2.50 s (mục tiêu ≤ 3 s)" in text
    assert "CHƯA ĐẠT  dựng đủ lần đầu 200.0 s = 4.00× Hugo (50.0 s; CPU 4.2×) (mục tiêu ≤ 3×): vượt 50.0 s" in text
    assert "dựng đủ lại (ảnh, thẻ đã có)" not in text  # not measured: no verdict
    run.add(Step(FULL, 100.0, 150.0, 800.0))
    assert "ĐẠT  dựng đủ lại (ảnh, thẻ đã có) CPU 150.0 s = 2.50× CPU của Hugo (60.0 s; thời gian 2.0×)" \
        in report(run, 5)
    run.add(Step(PIXELS, 120.0, 130.0, 800.0))  # the cold build's pixels: 80 s, 120 s of CPU
    assert "vượt 50.0 s; thời gian tập trung ở: xử lý ảnh và vẽ thẻ 80.0 s (120.0 s CPU), " \
           "không tính chúng 2.40× Hugo; " in report(run, 5)
    assert text.startswith("Sửa → xem trước với 10.000 hồ sơ")
