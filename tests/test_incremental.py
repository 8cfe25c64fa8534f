"""Incremental builds give the same bytes as a full build of the same tree.

`showcase build` runs in its own process each time, as an editor or CI runs it; after each
change the tree is copied and built from scratch in a cold process (no .cache/, no state,
SHOWCASE_NO_CACHE=1), and the two site folders must be equal file for file, byte for byte.
The warm path (`showcase serve`: one process, every stage's memory caches) is compared the
same way."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from showcase.publish import incremental

SHOWCASE = [sys.executable, "-m", "showcase.cli.main"]
PROFILE = Path("exemplars/xuan-duong/nguyen-thi-hong-nhung.yaml")
NEW = Path("exemplars/xuan-duong/tran-van-moi.yaml")
RENAMED = Path("exemplars/xuan-duong/tran-van-moi-hai.yaml")
ENV = {"SHOWCASE_TODAY": "2026-11-30"}


def _run(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    r = subprocess.run([*SHOWCASE, "--root", str(root), *args], capture_output=True, text=True,
                       timeout=600, env={**os.environ, **ENV, **env})
    assert r.returncode == 0, r.stdout + r.stderr
    return r


def files_of(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_site(site: Path, full: Path) -> None:
    ours, theirs = files_of(site), files_of(full)
    assert sorted(set(ours) ^ set(theirs)) == []
    assert [k for k in ours if ours[k] != theirs[k]] == []


def full_build(root: Path, into: Path) -> Path:
    """The same tree built from scratch, in a cold process."""
    shutil.rmtree(into, ignore_errors=True)
    shutil.copytree(root, into, ignore=shutil.ignore_patterns("site", ".cache", ".site*"))
    _run(into, "build", "--full", SHOWCASE_NO_CACHE="1")
    return into / "site"


def _edit(root: Path, path: Path, old: str, new: str) -> None:
    text = (root / path).read_text(encoding="utf-8")
    assert old in text, old
    (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")


def _add(root: Path) -> None:
    text = (root / PROFILE).read_text(encoding="utf-8")
    text = text.split("photos:")[0] + "consent:\n  by: Trần Văn Mới\n  relation: bản thân\n" \
        "  date: 02/04/2021\n  scope: [văn bản]\n"
    text = text.replace("id: dh-2021-xd-01", "id: dh-2021-xd-99").replace(
        "name: Nguyễn Thị Hồng Nhung", "name: Trần Văn Mới").replace("birth_year: 1978", "birth_year: 1980")
    (root / NEW).write_text(text, encoding="utf-8")


# Each step changes the tree as an editor would; the build after it must be incremental.
STEPS: list[tuple[str, Callable[[Path], None]]] = [
    ("edit a summary", lambda r: _edit(r, PROFILE, "summary: Đi đầu", "summary: Luôn đi đầu")),
    ("add a profile", _add),
    ("rename a profile's file", lambda r: (r / NEW).rename(r / RENAMED)),
    ("withdraw a profile", lambda r: (r / RENAMED).write_text(
        "id: dh-2021-xd-99\nstatus: withdrawn\nwithdrawn: 01/03/2026\nunit: xuan-duong\n"
        "quarter: 2021-Q2\n", encoding="utf-8")),
    ("delete a profile", lambda r: (r / RENAMED).unlink()),
    ("rename a unit", lambda r: _edit(r, Path("exemplars/units.yaml"), "name: Xã Xuân Đường",
                                      "name: Xã Xuân Đường (cũ)")),
    ("edit a hand-written page", lambda r: _edit(r, Path("content/gioi-thieu.md"), "\n\n",
                                                 "\n\nMột đoạn mới.\n\n")),
]


# The preview patches the engine's last build for every change but content/'s own pages.
PATCHED = {name for name, _ in STEPS} - {"edit a hand-written page"}


def test_incremental_build_equals_full_build_after_each_change(site_tree, tmp_path: Path) -> None:
    root = site_tree(samples=True)
    first = _run(root, "build")
    assert "(dựng lại toàn bộ)" in first.stdout
    again = _run(root, "build")
    assert "Không có gì thay đổi từ lần dựng trước" in again.stdout
    for name, step in STEPS:
        step(root)
        r = _run(root, "build")
        assert "trang đã thay đổi" in r.stdout, (name, r.stdout)  # incremental, not full
        assert_same_site(root / "site", full_build(root, tmp_path / "full")), name


def test_any_doubt_means_a_full_build(site_tree) -> None:
    root = site_tree(samples=True)
    _run(root, "build")
    (root / "site" / "index.html").write_text("sửa tay", encoding="utf-8")  # site/ touched
    assert "(dựng lại toàn bộ)" in _run(root, "build").stdout
    for state in (root / ".cache" / "incremental").glob("*.pickle"):
        state.write_bytes(b"not a pickle")  # a corrupt state
    assert "(dựng lại toàn bộ)" in _run(root, "build").stdout
    _edit(root, Path("theme_overrides/main.html"), "{% extends", "{#- x -#}\n{% extends")
    assert "(dựng lại toàn bộ)" in _run(root, "build").stdout  # the theme changed
    assert "(dựng lại toàn bộ)" in _run(root, "build", SHOWCASE_INCLUDE_SAMPLES="0").stdout


def test_a_crafted_state_is_never_run(site_tree) -> None:
    """A state that names anything but our own classes is not built, just a full build."""
    import pickle
    root = site_tree(samples=True)
    _run(root, "build")
    marker = root / "pwned"
    for state in (root / ".cache" / "incremental").glob("*.pickle"):
        data = pickle.dumps(_Evil(str(marker)))
        state.write_bytes(incremental.state_header(data) + data)
    assert "(dựng lại toàn bộ)" in _run(root, "build").stdout
    assert not marker.exists()


class _Evil:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (os.system, (f"touch {self.path}",))


def test_a_failed_incremental_build_leaves_the_site_and_its_state(site_tree) -> None:
    root = site_tree(samples=True)
    _run(root, "build")
    before = files_of(root / "site")
    _edit(root, PROFILE, "quarter: 2021-Q2", "quarter: Quý 5")
    r = subprocess.run([*SHOWCASE, "--root", str(root), "build"], capture_output=True, text=True,
                       env={**os.environ, **ENV})
    assert r.returncode == 1 and "quarter:" in r.stdout + r.stderr
    assert files_of(root / "site") == before
    _edit(root, PROFILE, "quarter: Quý 5", "quarter: 2021-Q2")
    assert "Không có gì thay đổi từ lần dựng trước" in _run(root, "build").stdout


def test_warm_preview_updates_equal_a_full_render(site_tree, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """`showcase serve`'s path: one process, caches warm, the served folder updated in place."""
    from showcase.publish.engine import ProperDocs
    from showcase.publish.live import Engine, Preview
    from mkdocs.config import load_config
    for k, v in ENV.items():
        monkeypatch.setenv(k, v)
    url = "http://127.0.0.1:8000/"
    monkeypatch.setenv("SHOWCASE_SITE_URL", url)
    root = site_tree(samples=True)
    preview = Preview(root, Engine(load_config, ProperDocs(quiet=True), object, "properdocs"), url,
                      logging.getLogger("test"))
    try:
        preview.build()
        assert preview.state is not None and not preview.broken
        for name, step in STEPS:
            step(root)
            preview.build()
            preview.wait()  # the search files follow the pages in a thread
            assert preview.state is not None, name
            rendered = preview.state.engine.rendered
            assert rendered < 40, name  # not every page
            assert rendered > 0 or name == "delete a profile", name  # it was withdrawn: files go
            assert preview.state.engine.patched == (name in PATCHED), name
            assert_same_site(preview.site_dir, _cold_render(root, tmp_path / "cold", url)), name
    finally:
        preview.close()


def _cold_render(root: Path, into: Path, url: str) -> Path:
    """A full render of the tree as the preview serves it, in a cold process."""
    shutil.rmtree(into, ignore_errors=True)
    shutil.copytree(root, into, ignore=shutil.ignore_patterns("site", ".cache"))
    site = into / "served"
    site.mkdir()
    code = ("import sys; from pathlib import Path; from showcase.publish import incremental, pipeline;"
            "from showcase.publish.engine import ProperDocs; r = Path(sys.argv[1]);"
            "incremental.update(r, ProperDocs(quiet=True), pipeline.generate(r), Path(sys.argv[2]), None,"
            " incremental.version_key(r, False, False), False, serve_url=sys.argv[3])")
    subprocess.run([sys.executable, "-c", code, str(into), str(site), url], check=True, timeout=600,
                   env={**os.environ, **ENV, "SHOWCASE_SITE_URL": url, "SHOWCASE_NO_CACHE": "1"})
    return site


def test_clone_is_hard_linked_and_writers_never_write_through(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "x.html").write_text("old", encoding="utf-8")
    incremental.clone(site, tmp_path / "copy")
    copy = tmp_path / "copy" / "a" / "x.html"
    assert copy.stat().st_ino == (site / "a" / "x.html").stat().st_ino
    from showcase.publish.engine import _unshare
    _unshare(str(copy))
    copy.write_text("new", encoding="utf-8")
    assert (site / "a" / "x.html").read_text(encoding="utf-8") == "old"


# `showcase build` in a process of its own, then how many entries of these memos it made anew.
_COUNTING = ("import json, sys; from pathlib import Path; from showcase.publish.build import build_site;"
             "from showcase.render import memo; build_site(Path(sys.argv[1]), quiet=True);"
             "print(json.dumps({m.name: m.misses for m in memo._ALL if isinstance(m, memo.Memo)}))")
_REUSED = ("profile pages", "search records", "card names", "bulletins")


def _misses(root: Path) -> dict[str, int]:
    r = subprocess.run([sys.executable, "-c", _COUNTING, str(root)], capture_output=True, text=True,
                       timeout=600, env={**os.environ, **ENV})
    assert r.returncode == 0, r.stdout + r.stderr
    return json.loads(r.stdout.splitlines()[-1])


def test_a_new_process_starts_from_the_saved_memos(site_tree, tmp_path: Path) -> None:
    """CI's merge: each build is a new process, which takes the last build's render memos from
    the saved state, renders only what changed and still equals a cold full build."""
    root = site_tree(samples=True)
    cold = _misses(root)  # the first build: nothing saved yet, everything made
    assert cold["profile pages"] > 10
    for name, step in STEPS[:2] + STEPS[5:6]:  # an edit, an addition, a unit rename
        step(root)
        misses = _misses(root)
        if name != "rename a unit":  # the site token changed: every page is made again, rightly
            assert all(misses[m] < cold[m] / 2 for m in _REUSED if cold[m]), (name, misses)
        assert_same_site(root / "site", full_build(root, tmp_path / "full")), name


def _state_file(root: Path) -> Path:
    return next((root / ".cache" / "incremental").glob("*.pickle"))


def test_memos_that_do_not_hold_are_ignored(site_tree, tmp_path: Path) -> None:
    """A damaged state is a full build; saved memos of another root or shape, or naming cached
    cards that are gone, are dropped (the build is incremental, its memos cold): always the
    same site as a cold full build."""
    import pickle
    root = site_tree(samples=True)
    cold = _misses(root)["profile pages"]
    state = _state_file(root)
    raw = bytearray(state.read_bytes())
    raw[len(raw) // 2] ^= 0xFF  # one flipped byte: the CRC does not match
    state.write_bytes(bytes(raw))
    _edit(root, PROFILE, "summary: Đi đầu", "summary: Luôn đi đầu")
    assert "(dựng lại toàn bộ)" in _run(root, "build").stdout

    def rewrite(change: Callable[[tuple], tuple], crc: Callable[[int], int] = lambda c: c) -> None:
        """The memos file changed, and the state naming it by its CRC-32 (or by `crc` of it)."""
        memos, state = _state_file(root).with_suffix(".memos"), _state_file(root)
        with open(memos, "rb") as fh:
            incremental._checked_crc(fh)
            saved = incremental._load_tabled(fh)
        written = incremental._dump(memos, change(saved), table=True)
        kept = incremental._Unpickler(incremental.unpack_state(state.read_bytes())).load()
        kept.memos = crc(written)
        data = pickle.dumps(kept)
        state.write_bytes(incremental.state_header(data) + data)

    foreign: list[Callable[[], None]] = [
        lambda: rewrite(lambda s: ("/elsewhere", s[1])),  # another root's
        lambda: rewrite(lambda s: (s[0], {k: v for k, v in s[1].items() if k != "pages"})),  # another layout's
        lambda: rewrite(lambda s: (s[0], {**s[1], "pages": [*s[1]["pages"], {}]})),
        lambda: rewrite(lambda s: s, lambda c: c ^ 1),  # fitting, but not the ones the state names
        lambda: _state_file(root).with_suffix(".memos").unlink(),
    ]
    for n, change in enumerate(foreign):
        change()
        _edit(root, PROFILE, "summary: ", f"summary: ({n}) ")
        misses = _misses(root)
        assert misses["profile pages"] == cold, n  # incremental, but cold memos
        assert_same_site(root / "site", full_build(root, tmp_path / "full")), n
    for card in (root / ".cache" / "images" / "the").iterdir():
        card.unlink()  # every card drawn again: the saved memos name files that are gone
    _edit(root, PROFILE, "summary: ", "summary: (thẻ) ")
    _misses(root)
    assert_same_site(root / "site", full_build(root, tmp_path / "full"))


def test_nothing_changed_is_answered_by_the_summary_alone(site_tree, monkeypatch) -> None:
    """A build with nothing changed reads the state's small summary, never the state (268 MB
    at 10,000 profiles); an edit, or a summary that no longer names the state, reads it."""
    from showcase.publish.engine import ProperDocs
    root = site_tree(samples=True)
    incremental.run(root, ProperDocs(quiet=True))
    loads: list[int] = []
    real = incremental._Unpickler.load
    monkeypatch.setattr(incremental._Unpickler, "load", lambda self: loads.append(1) or real(self))
    assert incremental.run(root, ProperDocs(quiet=True)).gen is None and loads == []
    _edit(root, PROFILE, "summary: Đi đầu", "summary: Luôn đi đầu")
    done = incremental.run(root, ProperDocs(quiet=True))
    assert done.gen is not None and not done.full and loads == [1, 1]  # the state, its memos
    summary = next((root / ".cache" / "incremental").glob("*.summary.json"))
    data = json.loads(summary.read_text(encoding="utf-8"))
    summary.write_text(json.dumps({**data, "crc": data["crc"] ^ 1}), encoding="utf-8")
    assert incremental.run(root, ProperDocs(quiet=True)).gen is None and loads == [1, 1, 1]  # via the state


# A build in a process of its own, then how many exemplar records are still alive in it.
_ALIVE = ("import gc, sys; from pathlib import Path; from showcase.publish.build import build_site;"
          "from showcase.core.model import Exemplar; build_site(Path(sys.argv[1]), quiet=True);"
          "gc.unfreeze(); gc.collect(); print(sum(type(o) is Exemplar for o in gc.get_objects()))")


def test_a_build_lets_go_of_the_profiles_once_generate_is_done(site_tree) -> None:
    """After generate a build reads no exemplar (the engine reads the settings and hidden
    pages, the search its records), so none may stay alive, whoever held it: the check's
    in-process memo and indexes, the render memos' keys, the cards still being drawn. They
    are ~7 KB a profile, ~350 MB at 50,000 through the engine's and the search's peak. A cold
    build and then, after an edit, a build that restores the last build's memos."""
    root = site_tree(samples=True)
    for step in (None, STEPS[0][1]):
        if step is not None:
            step(root)
        r = subprocess.run([sys.executable, "-c", _ALIVE, str(root)], capture_output=True,
                           text=True, timeout=600, env={**os.environ, **ENV})
        assert r.returncode == 0, r.stdout + r.stderr
        assert r.stdout.split()[-1] == "0", r.stdout
