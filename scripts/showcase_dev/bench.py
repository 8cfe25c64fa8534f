"""`showcase bench`: time every build stage on synthetic profiles against a plain engine build.

For each size N it generates a tree in a temporary directory, then measures:
- the stages in one process (check, catalogue, images cold/warm, pages, data), and the engine
  and finishing times of the full build (read from .cache/build-times.txt);
- the whole `showcase build` in a fresh process with a warm photo cache (wall time, peak RSS);
- a plain engine build (`properdocs build`) with Material's built-in search on the same generated pages.
It prints a table and says by how much any target is missed and where the time goes.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from showcase.publish.engine import ProperDocs

TARGET_RATIO = 1.25  # full build ≤ 1.25 × a plain engine build at 5,000 profiles
TARGET_SECONDS_5K = 25.0
TARGET_PAGE_BYTES = 40 * 1024
TARGET_PEAK_MB_10K = 700
TARGET_CHECK_10K = 5.0  # issue 2: showcase check on 10,000 profiles


@dataclass
class Result:
    n: int
    stages: dict[str, float] = field(default_factory=dict)
    full_s: float = 0.0
    full_mb: float = 0.0
    plain_s: float = 0.0
    plain_mb: float = 0.0
    max_profile_bytes: int = 0
    photos_cold: int = 0
    photos_warm: int = 0

    @property
    def ratio(self) -> float:
        return self.full_s / self.plain_s if self.plain_s else 0.0


@dataclass(frozen=True)
class Usage:
    """What one child process cost: wall and CPU (user + sys) seconds, peak RSS in MB."""
    wall: float
    cpu: float
    mb: float
    code: int  # exit code (128 + N: killed by signal N)
    timed_out: bool
    err: str  # the end of its stderr


# Linux keeps a process's peak RSS across fork and exec, so a command started straight from the
# bench reported at least the bench's own size (a 350 MB bench made `true` "use" 350 MB). This
# small launcher forks the command from a fresh 10 MB interpreter, waits for it with os.wait4 and
# writes the command's own wall, CPU and peak RSS to the file named by its first argument.
_LAUNCHER = """
import os, signal, sys, time
signal.signal(signal.SIGINT, lambda *_: None)  # Ctrl+C is for the command (exec resets this)
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, ru = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(f"{time.perf_counter() - start} {ru.ru_utime + ru.ru_stime} {ru.ru_maxrss / 1024}")
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


def launch(cmd: list[str], cwd: Path, usage_file: Path, env: dict | None = None,
           **popen: object) -> subprocess.Popen:
    """Start `cmd` under the launcher, in its own process group (to stop it whole)."""
    return subprocess.Popen([sys.executable, "-I", "-S", "-c", _LAUNCHER, str(usage_file), *cmd],
                            cwd=cwd, env={**os.environ, **(env or {})}, start_new_session=True,
                            **popen)  # type: ignore[arg-type]


def read_usage(usage_file: Path) -> tuple[float, float, float]:
    """(wall s, CPU s, peak MB) the launcher wrote; zeros when it was killed first."""
    try:
        wall, cpu, mb = (float(x) for x in usage_file.read_text().split())
    except (OSError, ValueError):
        return 0.0, 0.0, 0.0
    return wall, cpu, mb


def run_usage(cmd: list[str], cwd: Path, env: dict | None = None,
              timeout: float | None = None) -> Usage:
    """Run `cmd` to its end, or kill its process group after `timeout` seconds. stderr goes to
    a file: a pipe left unread until the end could fill and block the child."""
    with tempfile.TemporaryDirectory(prefix="showcase-usage-") as tmp:
        with open(Path(tmp) / "err", "w+b") as err:
            proc = launch(cmd, cwd, Path(tmp) / "usage", env, stdout=subprocess.DEVNULL, stderr=err)
            try:
                proc.wait(timeout=timeout)
                timed_out = False
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                timed_out = True
            err.seek(0)
            tail = err.read()[-4000:].decode("utf-8", "replace")
        wall, cpu, mb = read_usage(Path(tmp) / "usage")
    return Usage(wall, cpu, mb, proc.returncode, timed_out, tail)


def run_measured(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process, which must succeed."""
    used = run_usage(cmd, cwd, env)
    if used.code != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{used.err[-2000:]}")
    return used.wall, used.mb


def stage_times(root: Path) -> tuple[dict[str, float], int, int]:
    """Each stage once, in this process; images cold then warm."""
    from showcase.outputs import data as data_outputs
    from showcase.render import images
    from showcase.render import pages
    from showcase.catalog import make_catalog
    from showcase.core.settings import load_settings
    from showcase.validate.check import check_content

    t: dict[str, float] = {}
    clock = time.perf_counter()
    content, _ = check_content(root)
    t["check"] = time.perf_counter() - clock
    clock = time.perf_counter()
    catalog = make_catalog(content, load_settings(root))
    t["catalog"] = time.perf_counter() - clock
    cache = root / ".cache" / "images"
    shutil.rmtree(cache, ignore_errors=True)
    clock = time.perf_counter()
    cold = images.render_images(catalog, cache)
    t["images cold"] = time.perf_counter() - clock
    clock = time.perf_counter()
    warm = images.render_images(catalog, cache)
    t["images warm"] = time.perf_counter() - clock
    clock = time.perf_counter()
    pages.render_pages(catalog, warm)
    t["pages"] = time.perf_counter() - clock
    clock = time.perf_counter()
    data_outputs.render_data(catalog)
    t["data"] = time.perf_counter() - clock
    return t, cold.processed, warm.processed


def write_plain_docs(root: Path, out: Path) -> None:
    """The same generated pages as a plain docs tree, for the plain engine baseline."""
    from showcase.publish.pipeline import generate
    gen = generate(root)
    docs = out / "docs"
    shutil.copytree(root / "content", docs, dirs_exist_ok=True)
    for f in gen.files:
        p = docs / f.uri
        p.parent.mkdir(parents=True, exist_ok=True)
        if f.html:  # the same page as ours: Markdown part, then the generated HTML
            p.write_text(f"{f.content}\n\n{f.html}\n", encoding="utf-8")
        elif f.content is not None:
            p.write_bytes(f.content.encode() if isinstance(f.content, str) else f.content)
        else:
            shutil.copy(f.source, p)
    (out / "mkdocs.yml").write_text(
        "site_name: Bench\ndocs_dir: docs\ntheme:\n  name: material\n  language: vi\n  font: false\n"
        "plugins:\n  - search\nmarkdown_extensions: [attr_list, tables, toc]\n"
        "validation:\n  nav:\n    omitted_files: ignore\n"
        "nav:\n  - index.md\n  - don-vi/index.md\n  - phong-trao/index.md\n", encoding="utf-8")


def bench_one(n: int, photos: int, workdir: Path) -> Result:
    from showcase_dev.synth import generate_tree
    root = workdir / f"tree-{n}"
    generate_tree(root, n, photos=photos)
    res = Result(n)
    res.stages, res.photos_cold, res.photos_warm = stage_times(root)
    exe = [sys.executable, "-m", "showcase.cli.main", "--root", str(root), "build"]
    res.full_s, res.full_mb = run_measured(exe, root)  # photo cache is warm from stage_times
    res.stages.update(_build_breakdown(root))
    res.max_profile_bytes = max(p.stat().st_size for p in (root / "site" / "dien-hinh").glob("*/index.html"))
    plain = workdir / f"plain-{n}"
    write_plain_docs(root, plain)
    res.plain_s, res.plain_mb = run_measured(ProperDocs.command("build", "-q", "-f", "mkdocs.yml"), plain)
    return res


def _build_breakdown(root: Path) -> dict[str, float]:
    """Engine and finishing (search index) times, read from the timing file the pipeline writes."""
    timing = root / ".cache" / "build-times.txt"
    if not timing.exists():
        return {}
    out = {}
    for line in timing.read_text(encoding="utf-8").splitlines():
        name, _, value = line.partition("\t")
        out[name] = float(value)
    return out


def report(results: list[Result]) -> str:
    names = sorted({k for r in results for k in r.stages}, key=_stage_order)
    head = ["hồ sơ", *names, "dựng đủ (s)", "MB đỉnh", "ProperDocs thuần (s)", "MB", "tỉ lệ", "trang hồ sơ (KB)"]
    rows = [[_n(r.n), *(f"{r.stages.get(k, 0):.2f}" for k in names), f"{r.full_s:.1f}",
             f"{r.full_mb:.0f}", f"{r.plain_s:.1f}", f"{r.plain_mb:.0f}", f"{r.ratio:.2f}×",
             f"{r.max_profile_bytes / 1024:.1f}"] for r in results]
    return "\n".join([*table(head, rows), *verdicts(results)])


def table(head: list[str], rows: list[list[str]]) -> list[str]:
    """Right-aligned columns under a header and a rule, the benches' one table style."""
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    fmt = lambda row: " | ".join(str(x).rjust(w) for x, w in zip(row, widths))  # noqa: E731
    return [fmt(head), "-+-".join("-" * w for w in widths), *map(fmt, rows)]


def _stage_order(name: str) -> int:
    order = ["check", "catalog", "images cold", "images warm", "pages", "data", "engine", "search"]
    return order.index(name) if name in order else len(order)


def verdicts(results: list[Result]) -> list[str]:
    out = [""]
    for r in results:
        if r.n == 5000:
            over = max(r.full_s - TARGET_RATIO * r.plain_s, r.full_s - TARGET_SECONDS_5K)
            out.append(_verdict(over <= 0, f"{_n(r.n)} hồ sơ: {r.full_s:.1f} s = {r.ratio:.2f}× ProperDocs thuần "
                                f"(mục tiêu ≤ {TARGET_RATIO}× và ≤ {TARGET_SECONDS_5K:.0f} s)", r,
                                f"{over:.1f} s"))
        if r.n >= 10000:
            out.append(_verdict(r.full_mb <= TARGET_PEAK_MB_10K, f"{_n(r.n)} hồ sơ: bộ nhớ đỉnh "
                                f"{r.full_mb:.0f} MB (mục tiêu ≤ {TARGET_PEAK_MB_10K} MB)", r,
                                f"{r.full_mb - TARGET_PEAK_MB_10K:.0f} MB"))
        out.append(_verdict(r.max_profile_bytes <= TARGET_PAGE_BYTES, f"{_n(r.n)} hồ sơ: trang hồ sơ lớn "
                            f"nhất {r.max_profile_bytes / 1024:.1f} KB (mục tiêu ≤ 40 KB)", r,
                            f"{(r.max_profile_bytes - TARGET_PAGE_BYTES) / 1024:.1f} KB"))
        out.append(f"   ảnh: lần đầu xử lý {r.photos_cold}, lần hai {r.photos_warm}")
    return out


def _n(n: int) -> str:
    """Vietnamese thousands separator: 10.000."""
    return f"{n:,}".replace(",", ".")


def _verdict(ok: bool, text: str, r: Result, by: str) -> str:
    if ok:
        return f"ĐẠT  {text}"
    top = sorted(((v, k) for k, v in r.stages.items() if k != "images cold"), reverse=True)[:3]
    where = ", ".join(f"{k} {v:.1f} s" for v, k in top)
    return f"CHƯA ĐẠT  {text}: vượt {by}; thời gian tập trung ở: {where}"


def bench_check(n: int, workdir: Path) -> str:
    """`showcase check` alone, as an editor or CI runs it: a fresh process on N profiles."""
    from showcase_dev.synth import generate_tree
    root = generate_tree(workdir / f"check-{n}", n)
    wall, mb = run_measured([sys.executable, "-m", "showcase.cli.main", "--root", str(root), "check"], root)
    verdict = "ĐẠT" if n < 10000 or wall < TARGET_CHECK_10K else "CHƯA ĐẠT"
    return (f"{verdict}  showcase check trên {_n(n)} hồ sơ: {wall:.1f} s, bộ nhớ đỉnh {mb:.0f} MB"
            + (f" (mục tiêu < {TARGET_CHECK_10K:.0f} s ở 10.000 hồ sơ)" if n >= 10000 else ""))


def bench_command(args: argparse.Namespace) -> int:
    if args.stages.strip() == "check":
        with tempfile.TemporaryDirectory(prefix="showcase-bench-") as tmp:
            for n in args.profiles:
                print(bench_check(n, Path(tmp)), flush=True)
        return 0
    results = []
    with tempfile.TemporaryDirectory(prefix="showcase-bench-") as tmp:
        for n in args.profiles:
            print(f"Đang đo với {_n(n)} hồ sơ...", file=sys.stderr, flush=True)
            results.append(bench_one(n, 50 if args.photos is None else args.photos, Path(tmp)))
            print(report(results), file=sys.stderr, flush=True)
    print(report(results))
    return 0
