"""`showcase bench --incremental`: issue 14's numbers (edit to preview), measured from outside.

On a synthetic tree with photos it times, through the command line and HTTP only (so it keeps
measuring while the implementation changes):
1. a cold `showcase build` (empty .cache) and 2. one with nothing changed, one `--full` and
   one cold but for .cache/images (the photos and cards, which Hugo gets ready-made, so the
   cold build's pixels show apart): wall, CPU, peak RSS;
3. `showcase serve`: start-up until the home page answers 200, then K edits of a profile's
   summary (a new marker word each time) polled every 20 ms until the served page shows it,
   then a new profile file until its page answers 200 with its name, then SIGINT;
4. Hugo rendering the same pages in the same shell (the built profile page outside its
   <article>): a cold `hugo --quiet`, and `hugo server` edit→visible.
Every step has a timeout: one that runs over is recorded as "> N s", never waited for.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.client import HTTPException
from pathlib import Path
from typing import Callable

from showcase_dev.bench import Usage, _build_breakdown, _n, launch, read_usage, run_usage, table

POLL_S = 0.02
EDITS = 10
TIMEOUT_S = 300.0  # a wait on the server
BUILD_TIMEOUT_S = 1200.0  # a whole build (ours, Hugo's, serve's first): 10,000 cold cards alone take minutes
TARGET_EDIT_MEDIAN, TARGET_EDIT_WORST, TARGET_ADD = 1.0, 2.0, 2.0  # seconds, issue 14
TARGET_NOOP, TARGET_HUGO_RATIO = 3.0, 3.0  # nothing changed ≤ 3 s; a cold build ≤ 3× Hugo's
# The table's rows (the test reads them too).
COLD, NOOP, HUGO = "dựng đủ lần đầu (.cache trống)", "dựng lại, không đổi gì", "Hugo: hugo --quiet lần đầu"
FULL = "dựng đủ lại (--full, ảnh và thẻ đã có)"  # the page shell's cost: issue 14's ≤ 3× Hugo's CPU
# A cold build but for the photos and cards, which Hugo is handed ready-made (its static/):
# the cold build's share that is pixels, and what the rest costs against Hugo.
PIXELS = "dựng lần đầu, chỉ giữ ảnh và thẻ (.cache/images)"
START, ADD = "serve: khởi động (trang chủ 200)", "serve: thêm hồ sơ → thấy"
STOP = "serve: dừng (SIGINT); CPU, MB cả phiên"
STOP_GRACE_S = 30.0
# Serve's "built (N pages) in N seconds" lines; only used to say where the time went.
REBUILT = re.compile(r"Đã dựng[^\n]*? trong ([0-9.]+) giây")
NEW_NAME = "Trần Thị Thêm Mới"  # no synthetic name uses these given names, so the page is new


@dataclass
class Step:
    """One row: seconds (None when it ran over the timeout or did not run)."""
    name: str
    wall: float | None
    cpu: float | None = None
    mb: float | None = None
    note: str = ""  # why there is no figure, or what it is made of


@dataclass
class Run:
    n: int
    timeout: float
    build_timeout: float
    steps: dict[str, Step] = field(default_factory=dict)
    edits: list[float | None] = field(default_factory=list)
    hugo_edits: list[float | None] = field(default_factory=list)
    breakdown: dict[str, dict[str, float]] = field(default_factory=dict)  # build → stage times
    pages: dict[str, int] = field(default_factory=dict)  # ours / Hugo → HTML pages written
    rebuilds: list[float] = field(default_factory=list)  # serve's own rebuild times, from its log

    def add(self, step: Step) -> Step:
        self.steps[step.name] = step
        return step


# ---- processes and HTTP -------------------------------------------------------------------

def showcase(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "showcase.cli.main", "--root", str(root), *args]


def build_step(name: str, root: Path, timeout: float, *args: str) -> Step:
    used = run_usage(showcase(root, "build", *args), root, timeout=timeout)
    return _step(name, used, timeout)


def _step(name: str, used: Usage, timeout: float) -> Step:
    if used.timed_out:
        return Step(name, None, note=over(timeout))
    if used.code != 0:  # a measurement still ends with its table: the error goes to stderr
        print(f"{name}: lỗi (mã {used.code})\n{used.err[-3000:]}", file=sys.stderr, flush=True)
        return Step(name, None, note=f"lỗi (mã {used.code})")
    return Step(name, used.wall, used.cpu, used.mb)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy: loopback only


def fetch(url: str, timeout: float) -> tuple[int, str]:
    """Status and body; 0 while nothing answers. A server mid-rebuild may hold the request:
    the answer then comes when the page is ready, which is what we time."""
    try:
        with LOCAL.open(url, timeout=max(timeout, 0.05)) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, HTTPException, OSError):
        return 0, ""


def wait_for(url: str, ok: Callable[[int, str], bool], timeout: float,
             since: float) -> tuple[float | None, str]:
    """Seconds from `since` until `ok(status, body)`, polling every 20 ms (None past the
    timeout), and the last body."""
    deadline, body = since + timeout, ""
    while (now := time.perf_counter()) < deadline:
        code, body = fetch(url, deadline - now)
        if ok(code, body):
            return time.perf_counter() - since, body
        time.sleep(POLL_S)
    return None, body


class Server:
    """A preview server under the bench's launcher (its own CPU and peak RSS), in its own
    process group, its output in a log file."""

    def __init__(self, cmd: list[str], cwd: Path, log: Path):
        self.usage, self.log = log.with_suffix(".usage"), log.open("wb")
        self.proc = launch(cmd, cwd, self.usage, {"PYTHONUNBUFFERED": "1"},
                           stdout=self.log, stderr=subprocess.STDOUT)

    def stop(self, grace: float = STOP_GRACE_S) -> Step:
        """SIGINT, as Ctrl+C: seconds until it exited, with its whole life's CPU and peak RSS;
        killed (and no figures) when it is still running after `grace` seconds."""
        since = time.perf_counter()
        os.killpg(self.proc.pid, signal.SIGINT)
        try:
            self.proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            return Step(STOP, None, note=f"chưa dừng sau {grace:.0f} s, phải giết")
        finally:
            self.log.close()
        took = time.perf_counter() - since
        _, cpu, mb = read_usage(self.usage)
        return Step(STOP, took, cpu, mb)


# ---- edits ---------------------------------------------------------------------------------

def profiles(root: Path) -> list[Path]:
    """Profile files whose page the cold build wrote (site/dien-hinh/<file name>/)."""
    built = root / "site" / "dien-hinh"
    return [p for p in sorted((root / "exemplars").glob("*/*.yaml"))
            if p.parent.name != "vocab" and (built / p.stem / "index.html").exists()]


def marker(k: int) -> str:
    """A word no page holds: letters only, so no check reads it as a number or a phone."""
    return "mocsua" + "".join(chr(97 + int(d)) for d in f"{k:03d}")


def edit_summary(path: Path, word: str) -> None:
    """Put `word` at the start of the profile's summary, as an editor's save would."""
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(r"^summary: ([\"']?)", lambda m: f"summary: {m.group(1)}{word} ", text,
                         count=1, flags=re.M)
    if count != 1:
        raise ValueError(f"{path}: no one-line summary to edit")
    path.write_text(new, encoding="utf-8")


def add_profile(source: Path) -> tuple[Path, str]:
    """A new profile next to `source`: its copy with a new id, name and file name (the slug)."""
    from showcase.core.vi import slugify
    text = source.read_text(encoding="utf-8")
    old_id = re.search(r"^id: (\S+)$", text, re.M).group(1)
    old_name = re.search(r"^name: [\"']?(.+?)[\"']?$", text, re.M).group(1)
    text = text.replace(f"id: {old_id}", f"id: {old_id}-them", 1).replace(old_name, NEW_NAME)
    target = source.with_name(f"{slugify(NEW_NAME)}.yaml")
    target.write_text(text, encoding="utf-8")
    return target, f"dien-hinh/{target.stem}/"


def time_edits(base: str, edits: list[tuple[Callable[[], None], str, str]], timeout: float,
               logs: Path, prefix: str) -> list[float | None]:
    """Apply each edit, then time until `base + path` shows its marker; the page as served is
    kept in `logs` (prefix-marker.html). After one runs over, the rest are not tried: the
    server is still busy with it, so they would time its backlog."""
    out: list[float | None] = []
    for apply, path, word in edits:
        since = time.perf_counter()
        apply()
        took, body = wait_for(base + path, shows(word), timeout, since)
        out.append(took)
        (logs / f"{prefix}-{word}.html").write_text(body, encoding="utf-8")
        if took is None:
            break
    return out


# ---- our server ---------------------------------------------------------------------------

def bench_serve(run: Run, root: Path, edits: int, logs: Path) -> None:
    files = profiles(root)
    picked = [files[i * len(files) // edits] for i in range(edits)] if edits else []
    addr = f"127.0.0.1:{free_port()}"
    base = f"http://{addr}/"
    server = Server(showcase(root, "serve", "--dev-addr", addr), root, logs / "serve.log")
    try:
        since = time.perf_counter()
        up, _ = wait_for(base, lambda code, _: code == 200, run.build_timeout, since)  # a whole build
        run.add(Step(START, up, note="" if up else over(run.build_timeout)))
        if up is None:
            return
        plan = [(lambda p=p, w=marker(k): edit_summary(p, w), f"dien-hinh/{p.stem}/", marker(k))
                for k, p in enumerate(picked)]
        run.edits = time_edits(base, plan, run.timeout, logs, "serve")
        if len(run.edits) == len(plan):
            source = files[len(files) // 2 + 1]
            run.add(_added(base, source, run.timeout, logs))
    finally:
        run.add(server.stop())
    _serve_breakdown(run, root, since)
    log = (logs / "serve.log").read_text(encoding="utf-8", errors="replace")
    run.rebuilds = [float(x) for x in REBUILT.findall(log)][1:]  # the first is the start-up build


def _added(base: str, source: Path, timeout: float, logs: Path) -> Step:
    since = time.perf_counter()
    _, path = add_profile(source)
    took, body = wait_for(base + path, shows(NEW_NAME), timeout, since)
    (logs / "serve-added.html").write_text(body, encoding="utf-8")
    return Step(ADD, took, note="" if took is not None else over(timeout))


def _serve_breakdown(run: Run, root: Path, since: float) -> None:
    """The stage times of the server's last build, if its builds write the timing file."""
    if times := _fresh_times(root, time.time() - (time.perf_counter() - since)):
        run.breakdown["serve"] = times


def _fresh_times(root: Path, since: float) -> dict[str, float]:
    """The pipeline's stage times if its timing file was written after `since` (a build that
    found nothing to do may leave the previous build's file)."""
    timing = root / ".cache" / "build-times.txt"
    return _build_breakdown(root) if timing.exists() and timing.stat().st_mtime >= since else {}


# ---- Hugo: the same pages in the same shell ---------------------------------------------------

ARTICLE = re.compile(r"(<article\b[^>]*>)(.*)(</article>)", re.S)
TITLE = re.compile(r"<title>.*?</title>", re.S)
FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
HUGO_CONFIG = """baseURL = "http://127.0.0.1/"
languageCode = "vi"
title = "Bench"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = true
"""
MAIN = '{{ define "main" }}{{ .Content }}{{ end }}\n'


def hugo_binary(install: bool) -> tuple[str | None, str]:
    """The hugo command, installed with apt-get when missing and we may; else why not."""
    if found := shutil.which("hugo"):
        return found, ""
    how = "cài bằng: sudo apt-get install -y hugo, rồi chạy lại"
    if not install:
        return None, f"bỏ qua (chưa có Hugo; {how})"
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("Đang cài Hugo cho phép đo (apt-get install -y hugo)...", file=sys.stderr, flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for cmd in (["apt-get", "install", "-y", "-qq", "hugo"], ["apt-get", "update", "-qq"],
                    ["apt-get", "install", "-y", "-qq", "hugo"]):
            subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if found := shutil.which("hugo"):
                return found, ""
    return None, f"bỏ qua (không cài được Hugo; {how})"


def hugo_layout(page: str) -> str:
    """Our built page as Hugo's baseof.html: everything but the <article>'s content and title."""
    page = page.replace("{{", '{{ "{{" }}')  # literal braces in the shell stay literal
    m = ARTICLE.search(page)
    if not m:
        raise ValueError("the profile page has no <article>")
    shell = page[:m.end(1)] + '{{ block "main" . }}{{ end }}' + page[m.start(3):]
    return TITLE.sub("<title>{{ .Title }}</title>", shell, count=1)


def hugo_page(text: str, html: str = "") -> str:
    """A Hugo content file: the title alone in front matter, the Markdown, then our HTML as one
    raw block (blank lines dropped: a blank line ends a raw HTML block in CommonMark)."""
    import yaml
    m = FRONT.match(text)
    meta = (yaml.safe_load(m.group(1)) if m else None) or {}
    body = text[m.end():] if m else text
    raw = "\n".join(line for line in html.splitlines() if line.strip())
    title = json.dumps(str(meta.get("title", "")), ensure_ascii=False)
    return f"---\ntitle: {title}\n---\n{body}\n\n{raw}\n"


def hugo_path(uri: str) -> str:
    """index.md is a section's own page in Hugo as _index.md (index.md would hide the section)."""
    if uri == "index.md" or uri.endswith("/index.md"):
        return uri[:-len("index.md")] + "_index.md"
    return uri


def write_hugo_site(root: Path, out: Path, shell_page: Path) -> None:
    """`pipeline.generate`'s pages and files, plus content/, as a Hugo site with our shell."""
    from showcase.publish.pipeline import generate
    shutil.rmtree(out, ignore_errors=True)
    (out / "layouts" / "_default").mkdir(parents=True)
    (out / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    base = out / "layouts" / "_default"
    _put(base / "baseof.html", hugo_layout(shell_page.read_text(encoding="utf-8")))
    for name in ("single.html", "list.html"):
        (base / name).write_text(MAIN, encoding="utf-8")
    for src in sorted((root / "content").rglob("*")):
        rel = src.relative_to(root / "content").as_posix()
        if src.suffix == ".md":
            _put(out / "content" / hugo_path(rel), hugo_page(src.read_text(encoding="utf-8")))
        elif src.is_file():
            _put(out / "static" / rel, src.read_bytes())
    for f in generate(root).files:
        if f.uri.endswith(".md"):
            _put(out / "content" / hugo_path(f.uri), hugo_page(str(f.content or ""), f.html))
        elif f.content is not None:
            _put(out / "static" / f.uri, f.content)
        else:
            _put(out / "static" / f.uri, Path(f.source).read_bytes())
    for theme in ("stylesheets", "javascripts"):  # Material's own files, for a page one can look at
        if (root / "site" / "assets" / theme).is_dir():
            shutil.copytree(root / "site" / "assets" / theme, out / "static" / "assets" / theme)


def _put(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def hugo_edit(path: Path, word: str) -> None:
    """A paragraph holding `word` right after the front matter."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n---\n", f"\n---\n\n{word}\n\n", 1), encoding="utf-8")


def bench_hugo(run: Run, hugo: str, site: Path, edits: int, logs: Path) -> None:
    used = run_usage([hugo, "--quiet"], site, timeout=run.build_timeout)
    run.add(_step(HUGO, used, run.build_timeout))
    run.pages["Hugo"] = html_pages(site / "public")
    pages = sorted(p for p in (site / "content" / "dien-hinh").glob("*.md") if p.name != "_index.md")
    if not edits or not pages:
        return
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    server = Server([hugo, "server", "--bind", "127.0.0.1", "--port", str(port), "--baseURL", base],
                    site, logs / "hugo-server.log")
    try:
        if wait_for(base, lambda code, _: code == 200, run.build_timeout, time.perf_counter())[0] is None:
            run.add(Step("Hugo server: khởi động", None, note=over(run.build_timeout)))
            return
        picked = [pages[i * len(pages) // edits] for i in range(edits)]
        plan = [(lambda p=p, w=marker(900 + k): hugo_edit(p, w), f"dien-hinh/{p.stem}/", marker(900 + k))
                for k, p in enumerate(picked)]
        run.hugo_edits = time_edits(base, plan, run.timeout, logs, "hugo")
    finally:
        server.stop()


def html_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html")) if folder.is_dir() else 0


# ---- the whole run and its table ------------------------------------------------------------------

def bench_incremental(n: int, work: Path, *, photos: int = 40, edits: int = EDITS,
                      timeout: float = TIMEOUT_S, build_timeout: float = BUILD_TIMEOUT_S,
                      hugo: bool = True) -> Run:
    """Every measurement on one fresh tree of `n` profiles under `work` (logs kept there)."""
    from showcase_dev.synth import generate_tree
    run = Run(n, timeout, build_timeout)
    root, logs = work / f"tree-{n}", work / f"logs-{n}"
    shutil.rmtree(root, ignore_errors=True)
    logs.mkdir(parents=True, exist_ok=True)
    generate_tree(root, n, photos=photos)
    for name, key, args in ((COLD, "cold", ()), (NOOP, "noop", ()), (FULL, "full", ("--full",)),
                            (PIXELS, "pixels", ())):
        _progress(f"{name}...")
        if name == PIXELS:
            forget_all_but_images(root)
        started = time.time()
        if run.add(build_step(name, root, build_timeout, *args)).wall is None:
            return run  # nothing further is meaningful without a built site
        run.breakdown[key] = _fresh_times(root, started)
    run.pages["showcase"] = html_pages(root / "site")
    exe, why = hugo_binary(hugo) if hugo else (None, "bỏ qua (--no-hugo)")
    if exe:
        _progress("Hugo...")
        shell = root / "site" / "dien-hinh" / profiles(root)[0].stem / "index.html"
        write_hugo_site(root, work / f"hugo-{n}", shell)
        bench_hugo(run, exe, work / f"hugo-{n}", edits, logs)
    else:
        run.add(Step(HUGO, None, note=why))
    _progress("showcase serve...")
    bench_serve(run, root, edits, logs)
    return run


def forget_all_but_images(root: Path) -> None:
    """As before a cold build, but with the processed photos and drawn cards kept."""
    shutil.rmtree(root / "site", ignore_errors=True)
    for entry in sorted((root / ".cache").iterdir()):
        if entry.name != "images":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def over(timeout: float) -> str:
    return f"> {timeout:.0f} s"


def shows(text: str) -> Callable[[int, str], bool]:
    """A page that answered 200 with `text` in it."""
    return lambda code, body: code == 200 and text in body


def _progress(text: str) -> None:
    print(f"  {text}", file=sys.stderr, flush=True)


def _s(value: float | None, note: str = "") -> str:
    return f"{value:.2f}" if value is not None else (note or "–")


def edit_stats(times: list[float | None], planned: int) -> tuple[float | None, float | None, str]:
    """Median and worst edit→visible (None: over the timeout, as a timed-out or untried edit
    counts), and how many of the planned edits were seen when not all."""
    if not planned or not times:
        return None, None, "không đo"
    inf = float("inf")
    full = [t if t is not None else inf for t in times] + [inf] * (planned - len(times))
    seen = sum(t is not None for t in times)
    median, worst = (x if x != inf else None for x in (statistics.median(full), max(full)))
    return median, worst, f"{seen}/{planned} lần thấy" if seen < planned else ""


def report(run: Run, edits: int) -> str:
    late = over(run.timeout)
    med, worst, note = edit_stats(run.edits, edits)
    targets = {COLD: f"≤ {TARGET_HUGO_RATIO:.0f}× Hugo", FULL: f"CPU ≤ {TARGET_HUGO_RATIO:.0f}× Hugo",
               NOOP: f"≤ {TARGET_NOOP:.0f} s",
               ADD: f"≤ {TARGET_ADD:.0f} s"}
    rows = [[s.name, _s(s.wall, s.note), _s(s.cpu), _mb(s.mb), targets.get(s.name, "")]
            for s in run.steps.values()]
    at = next((i for i, r in enumerate(rows) if r[0] in (ADD, STOP)), len(rows))  # after start-up
    rows[at:at] = [[f"serve: sửa → thấy, trung vị ({edits} lần)", _edit_cell(med, run.edits, late), "", "",
                    f"≤ {TARGET_EDIT_MEDIAN:.0f} s"],
                   ["serve: sửa → thấy, lâu nhất", _edit_cell(worst, run.edits, late, note), "", "",
                    f"≤ {TARGET_EDIT_WORST:.0f} s"]]
    if run.hugo_edits:
        h_med, h_worst, h_note = edit_stats(run.hugo_edits, edits)
        rows += [["Hugo server: sửa → thấy, trung vị", _edit_cell(h_med, run.hugo_edits, late), "", "", ""],
                 ["Hugo server: sửa → thấy, lâu nhất", _edit_cell(h_worst, run.hugo_edits, late, h_note),
                  "", "", ""]]
    pages = ", ".join(f"{k} {_n(v)}" for k, v in run.pages.items())
    head = ["bước", "thời gian (s)", "CPU (s)", "MB đỉnh", "mục tiêu"]
    return "\n".join([f"Sửa → xem trước với {_n(run.n)} hồ sơ (trang HTML: {pages or 'chưa có'}; "
                      f"chờ tối đa {run.timeout:.0f} s mỗi lần, {run.build_timeout:.0f} s mỗi bản dựng)",
                      *table(head, rows), "",
                      *verdicts(run, med, worst)])


def _edit_cell(value: float | None, tried: list[float | None], late: str, seen: str = "") -> str:
    """Seconds; '> N s' when over the timeout, with how many edits showed; 'không đo' untried."""
    if not tried:
        return "không đo"
    return f"{value:.2f}" if value is not None else f"{late} ({seen})" if seen else late


def _mb(mb: float | None) -> str:
    return f"{mb:.0f}" if mb is not None else ""


def verdicts(run: Run, med: float | None, worst: float | None) -> list[str]:
    cold, noop, hugo, add, full = (run.steps.get(k) for k in (COLD, NOOP, HUGO, ADD, FULL))
    where = _serve_where(run, med, noop)
    edit = "sửa một hồ sơ → thấy trên trang"
    out = [_verdict(med, TARGET_EDIT_MEDIAN, f"{edit}, trung vị", where, run, bool(run.edits)),
           _verdict(worst, TARGET_EDIT_WORST, f"{edit}, lâu nhất", where, run, bool(run.edits)),
           _verdict(add.wall if add else None, TARGET_ADD, "thêm một hồ sơ → trang có", where, run,
                    add is not None),
           _verdict(noop.wall if noop else None, TARGET_NOOP, "dựng lại khi không đổi gì",
                    _where(run.breakdown.get("noop"), noop) or _no_times(noop), run, noop is not None)]
    if cold and cold.wall and hugo and hugo.wall:
        ratio = cold.wall / hugo.wall
        cpu = f"; CPU {cold.cpu / hugo.cpu:.1f}×" if cold.cpu and hugo.cpu else ""
        text = (f"dựng đủ lần đầu {cold.wall:.1f} s = {ratio:.2f}× Hugo ({hugo.wall:.1f} s{cpu}) "
                f"(mục tiêu ≤ {TARGET_HUGO_RATIO:.0f}×)")
        out.append(f"ĐẠT  {text}" if ratio <= TARGET_HUGO_RATIO else
                   f"CHƯA ĐẠT  {text}: vượt {cold.wall - TARGET_HUGO_RATIO * hugo.wall:.1f} s; "
                   f"thời gian tập trung ở: {_pixels(cold, run.steps.get(PIXELS), hugo)}"
                   f"{_where(run.breakdown.get('cold'), cold) or 'không rõ'}")
    else:
        out.append(f"CHƯA SO ĐƯỢC  dựng đủ lần đầu với Hugo: {hugo.note if hugo else 'chưa đo'}")
    if full and full.cpu and hugo and hugo.cpu:
        ratio = full.cpu / hugo.cpu
        text = (f"dựng đủ lại (ảnh, thẻ đã có) CPU {full.cpu:.1f} s = {ratio:.2f}× CPU của Hugo "
                f"({hugo.cpu:.1f} s; thời gian {full.wall / hugo.wall:.1f}×) (mục tiêu ≤ {TARGET_HUGO_RATIO:.0f}×)")
        out.append(f"ĐẠT  {text}" if ratio <= TARGET_HUGO_RATIO else
                   f"CHƯA ĐẠT  {text}: vượt {full.cpu - TARGET_HUGO_RATIO * hugo.cpu:.1f} s CPU; "
                   f"thời gian tập trung ở: {_where(run.breakdown.get('full'), full) or 'không rõ'}")
    return out


def _pixels(cold: Step, pixels: Step | None, hugo: Step) -> str:
    """The cold build's share that is photos and cards (Hugo copies ours ready-made), and
    the ratio without it."""
    if not pixels or not pixels.wall or cold.cpu is None or pixels.cpu is None:
        return ""
    return (f"xử lý ảnh và vẽ thẻ {cold.wall - pixels.wall:.1f} s ({cold.cpu - pixels.cpu:.1f} s "
            f"CPU), không tính chúng {pixels.wall / hugo.wall:.2f}× Hugo; ")


def _serve_where(run: Run, med: float | None, noop: Step | None) -> str:
    """Serve's own rebuild time (its log) against the wait, and a plain rebuild for scale."""
    parts = []
    if edits := run.rebuilds[:len(run.edits)]:  # the log's rebuilds after start-up, edits first
        rebuild = statistics.median(edits)
        parts.append(f"mỗi lần serve dựng lại sau một lần sửa {rebuild:.2f} s (trung vị {len(edits)} "
                     "lần, theo nhật ký)")
        if med is not None:
            parts.append(f"phát hiện thay đổi và trả trang {max(med - rebuild, 0):.2f} s")
    if stages := _where(run.breakdown.get("serve"), None):
        parts.append(stages)
    if noop and noop.wall:
        parts.append(f"so với showcase build không đổi gì {noop.wall:.1f} s")
    return "; ".join(parts)


def _no_times(step: Step | None) -> str:
    """What is known of a build that wrote no stage times (one that found nothing to redo)."""
    if not step or step.cpu is None:
        return ""
    return f"CPU {step.cpu:.1f} s, {step.mb:.0f} MB; bản dựng không ghi thời gian từng giai đoạn"


def _verdict(value: float | None, target: float, text: str, where: str, run: Run,
             tried: bool) -> str:
    if not tried:
        return f"CHƯA ĐO  {text}: bước trước chưa xong (xem bảng)"
    if value is not None and value <= target:
        return f"ĐẠT  {text}: {value:.2f} s (mục tiêu ≤ {target:.0f} s)"
    got = f"{value:.2f} s" if value is not None else "hết giờ hoặc lỗi (xem bảng)"
    by = f"vượt {value - target:.2f} s" if value is not None else "không có số đo"
    return (f"CHƯA ĐẠT  {text}: {got} (mục tiêu ≤ {target:.0f} s): {by}; "
            f"thời gian tập trung ở: {where or 'không rõ'}")


def _where(stages: dict[str, float] | None, step: Step | None) -> str:
    """The pipeline's own stage times (engine, search…), the rest of the process after them."""
    if not stages:
        return ""
    parts = [f"{k} {v:.1f} s" for k, v in sorted(stages.items(), key=lambda kv: -kv[1])]
    if step and step.wall:
        parts.append(f"phần còn lại (kiểm tra, dựng trang, dữ liệu, khởi động) "
                     f"{max(step.wall - sum(stages.values()), 0):.1f} s")
    return ", ".join(parts)


def bench_incremental_command(args: argparse.Namespace) -> int:
    """The CLI verb: one run per profile count; always exit 0 (it is a measurement)."""
    photos = 40 if args.photos is None else args.photos
    with tempfile.TemporaryDirectory(prefix="showcase-bench-inc-") as tmp:
        work = args.workdir or Path(tmp)
        for n in args.profiles:
            _progress(f"Đang đo sửa → xem trước với {_n(n)} hồ sơ...")
            run = bench_incremental(n, work, photos=photos, edits=args.edits, timeout=args.timeout,
                                    build_timeout=args.build_timeout, hugo=not args.no_hugo)
            print(report(run, args.edits), flush=True)
    return 0
