"""The check's cache (validate/cache.py) changes nothing but the time: after any edit, a run
served from the memo or from .cache/check gives the records and problems of a cold run,
line for line; and a cache committed to the repository is refused, never read."""
from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from showcase.validate import cache, fanout
from showcase.validate.check import check_content, exemplar_files
from showcase_dev.synth import generate_tree

PROFILES = 40


def cold(root: Path, monkeypatch: pytest.MonkeyPatch):
    with monkeypatch.context() as m:
        m.setenv("SHOWCASE_NO_CACHE", "1")
        return check_content(root)


def assert_same_as_cold(root: Path, monkeypatch: pytest.MonkeyPatch, rechecked: int | None = None):
    """The cached run's result equals the cold run's: records, problems in order, text."""
    content, problems = check_content(root)
    if rechecked is not None:
        assert cache._STATE.rechecked == rechecked
    want, want_problems = cold(root, monkeypatch)
    assert content.exemplars == want.exemplars
    assert problems.items == want_problems.items
    assert problems.render() == want_problems.render()
    return problems.render()


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SHOWCASE_WORKERS", "1")
    monkeypatch.setenv("SHOWCASE_TODAY", "01/12/2026")
    return generate_tree(tmp_path / "site", PROFILES, photos=3, seed=7)


def profiles(root: Path) -> list[Path]:
    return exemplar_files(root)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_edit_add_delete_rename_equal_a_cold_check(tree: Path, monkeypatch) -> None:
    assert_same_as_cold(tree, monkeypatch, rechecked=PROFILES)
    assert_same_as_cold(tree, monkeypatch, rechecked=0)  # nothing changed: nothing read again
    first, second, third = profiles(tree)[:3]
    replace_in(first, "quarter: ", "quarter: Q9\nquater: ")  # a bad value and an unknown key
    text = assert_same_as_cold(tree, monkeypatch, rechecked=1)
    rel = first.relative_to(tree).as_posix()
    assert f"{rel}:" in text and "quarter: giá trị 'Q9" in text
    copy = second.with_name("z-ban-sao.yaml")  # added: the same id twice, the copy's name is new
    shutil.copy(second, copy)
    text = assert_same_as_cold(tree, monkeypatch, rechecked=1)
    assert f"{copy.relative_to(tree).as_posix()}:1:1: lỗi: id: mã '" in text
    third.rename(third.with_name("doi-ten.yaml"))  # renamed: a new key, the old one dropped
    assert_same_as_cold(tree, monkeypatch, rechecked=1)
    second.unlink()  # deleted: the copy is no longer a duplicate
    assert "z-ban-sao.yaml:1:1: lỗi: id" not in assert_same_as_cold(tree, monkeypatch, rechecked=0)
    assert sorted(cache._STATE.entries) == sorted(p.relative_to(tree).as_posix()
                                                 for p in profiles(tree))  # latest run only


def test_an_edit_that_restores_size_and_mtime_is_seen(tree: Path, monkeypatch) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)  # trust signatures at once (real runs wait 2 s)
    assert_same_as_cold(tree, monkeypatch)
    path = profiles(tree)[3]
    before = path.stat()
    replace_in(path, "quarter: 20", "quarter: 19")  # same size: 2021-Q2 → 1921-Q2
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # only ctime tells
    text = assert_same_as_cold(tree, monkeypatch, rechecked=1)
    assert f"{path.relative_to(tree).as_posix()}:" in text


def test_a_file_over_the_cap_that_grows_reports_its_new_size(tree: Path, monkeypatch) -> None:
    path = profiles(tree)[0]
    path.write_text(path.read_text(encoding="utf-8") + "#" * 300_000 + "\n", encoding="utf-8")
    first = assert_same_as_cold(tree, monkeypatch)
    with path.open("a", encoding="utf-8") as f:  # the bytes the loader reads stay the same
        f.write("#" * 200_000 + "\n")
    again = assert_same_as_cold(tree, monkeypatch, rechecked=1)
    assert "Tệp quá lớn (" in again and again != first


def test_context_photos_and_today_invalidate_entries(tree: Path, monkeypatch) -> None:
    assert_same_as_cold(tree, monkeypatch)
    vocab = tree / "exemplars" / "vocab" / "fields.yaml"
    vocab.write_text(vocab.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert_same_as_cold(tree, monkeypatch, rechecked=PROFILES)  # the context changed
    photo = sorted(tree.glob("exemplars/*/*.jpg"))[0]
    users = [p for p in profiles(tree) if f"file: {photo.name}" in p.read_text(encoding="utf-8")
             and p.parent == photo.parent]
    assert users
    photo.write_bytes(photo.read_bytes()[:300])  # truncated: its profiles' YAML is unchanged
    text = assert_same_as_cold(tree, monkeypatch, rechecked=len(users))
    assert f"ảnh '{photo.name}' không phải tệp ảnh hợp lệ" in text
    photo.unlink()  # missing: the message lists the folder's other photos
    assert f"không tìm thấy ảnh '{photo.name}'" in assert_same_as_cold(tree, monkeypatch)
    (photo.parent / "moi.jpg").write_bytes(b"x")  # the list in that message grows
    assert "moi.jpg" in assert_same_as_cold(tree, monkeypatch, rechecked=len(users))
    monkeypatch.setenv("SHOWCASE_TODAY", "01/01/2021")  # past dates become future ones
    assert_same_as_cold(tree, monkeypatch, rechecked=PROFILES)


def test_a_fresh_process_reads_the_disk_cache_with_the_same_output(tree: Path) -> None:
    env = {**os.environ, "SHOWCASE_WORKERS": "1", "SHOWCASE_TODAY": "01/12/2026"}
    run = lambda extra={}: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "showcase.cli.main", "--root", str(tree), "check"],
        capture_output=True, text=True, env={**env, **extra}).stdout
    replace_in(profiles(tree)[5], "quarter: ", "quarter: 2021-Q9\nquater: ")
    first = run()
    assert "lỗi" in first and list((tree / ".cache" / "check").glob("*.pickle"))
    assert run() == first == run({"SHOWCASE_NO_CACHE": "1"})
    replace_in(profiles(tree)[6], "summary: ", "summary: Gọi 0912345678. ")
    assert run() == run({"SHOWCASE_NO_CACHE": "1"}) != first
    blob = b"".join(p.read_bytes() for p in (tree / ".cache" / "check").glob("*.pickle"))
    assert str(tree).encode() not in blob  # no absolute path: a copied checkout keeps it


def test_entries_made_by_forked_workers_equal_a_serial_cold_run(tree: Path, monkeypatch) -> None:
    monkeypatch.setattr(fanout, "PARALLEL_FROM", 10)
    monkeypatch.setenv("SHOWCASE_WORKERS", "2")
    replace_in(profiles(tree)[-1], "quarter: ", "quarter: Q9\nquater: ")
    forked = check_content(tree)  # cold: every file checked in two forked workers
    monkeypatch.setenv("SHOWCASE_WORKERS", "1")
    want = cold(tree, monkeypatch)
    assert forked[0].exemplars == want[0].exemplars and forked[1].items == want[1].items
    assert_same_as_cold(tree, monkeypatch, rechecked=0)  # the workers' entries serve now


def test_a_copied_checkout_reuses_the_cache(tree: Path, tmp_path: Path, monkeypatch) -> None:
    """Keys are digests of content: new inodes and times (a clone, a restored CI cache) and
    another folder only cost hashing the files again."""
    assert_same_as_cold(tree, monkeypatch)
    copy = shutil.copytree(tree, tmp_path / "copy")
    cache._STATE.__init__()  # a fresh process
    assert_same_as_cold(copy, monkeypatch, rechecked=0)


def test_corrupt_foreign_or_crafted_shards_are_ignored(tree: Path, monkeypatch) -> None:
    assert_same_as_cold(tree, monkeypatch)
    cache._STATE.__init__()  # as a fresh process: read the disk
    folder = tree / ".cache" / "check"
    shards = sorted(folder.glob("*.pickle"))
    head = shards[0].read_bytes().split(b"\n", 1)[0] + b"\n"
    marker = tree / "pwned"
    crafted = head + pickle.dumps(_Evil(marker))
    shards[0].write_bytes(crafted)  # the right header, a payload naming os.system
    shards[1].write_bytes(head + b"garbage")
    shards[2].write_bytes(b"showcase-check-cache 0 old\n" + shards[3].read_bytes().split(b"\n", 1)[1])
    assert_same_as_cold(tree, monkeypatch)
    assert not marker.exists()
    assert shards[0].read_bytes() != crafted  # its profiles were checked again and rewritten


class _Evil:
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


def test_a_committed_cache_or_site_is_refused_and_never_read(tree: Path, monkeypatch) -> None:
    check_content(tree)  # writes .cache/check
    marker = tree / "pwned"
    shard = tree / ".cache" / "check" / "00.pickle"
    shard.write_bytes(shard.read_bytes().split(b"\n", 1)[0] + b"\n" + pickle.dumps(_Evil(marker)))
    (tree / "site").mkdir()
    (tree / "site" / "index.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    git(tree, "init", "-q")
    git(tree, "add", ".")
    git(tree, "add", "-f", ".cache/check/00.pickle")  # .gitignore would keep it out otherwise
    git(tree, "commit", "-q", "-m", "a pull request")
    cache._STATE.__init__()  # a fresh process would read the disk cache
    _, problems = check_content(tree)
    assert not marker.exists()
    lines = problems.render().splitlines()
    assert lines[0] == (
        ".cache/check/00.pickle:1:1: lỗi: Tệp '.cache/check/00.pickle' không được đưa vào git: "
        "thư mục .cache/ là bộ nhớ đệm do công cụ tạo trên từng máy, không phải nội dung: một "
        "tệp đệm trong kho sẽ được tin như kết quả kiểm tra (và có thể chạy mã khi được đọc). "
        "Hãy gỡ khỏi git: git rm -r --cached .cache (khi còn tệp này, 'showcase check' không "
        "đọc bộ nhớ đệm nào).")
    assert "site/index.html:1:1: lỗi: Tệp 'site/index.html' không được đưa vào git: thư mục " \
        "site/ là trang web do 'showcase build' tạo ra, không phải nội dung: tệp đặt vào đó " \
        "không qua kiểm tra nào. Hãy gỡ khỏi git: git rm -r --cached site" in problems.render()
    assert cache._STATE.rechecked == PROFILES  # every file checked: no entry came from the disk
    git(tree, "rm", "-q", "-r", "--cached", ".cache", "site")
    git(tree, "commit", "-q", "-m", "untrack")
    assert_same_as_cold(tree, monkeypatch)
    assert not marker.exists()


def test_no_cache_writes_nothing(tree: Path, monkeypatch) -> None:
    cold(tree, monkeypatch)
    assert not (tree / ".cache").exists()


def test_strays_and_profiles_list_follow_the_tree_in_a_warm_process(tree: Path, monkeypatch) -> None:
    """The walk keeps each exemplars/ entry's stray verdict and profile flag between runs:
    an entry that appears, changes kind or goes is judged again."""
    assert_same_as_cold(tree, monkeypatch)
    unit = profiles(tree)[0].parent
    (unit / "ho-so.yml").write_text("name: A\n", encoding="utf-8")
    (unit / "con").mkdir()
    text = assert_same_as_cold(tree, monkeypatch)
    rel = unit.relative_to(tree).as_posix()
    assert f"{rel}/ho-so.yml:1:1: lỗi: Tệp 'ho-so.yml' có đuôi .yml nên không được đọc: hãy đổi " \
           "tên thành 'ho-so.yaml'." in text
    assert f"{rel}/con:1:1: cảnh báo: Thư mục con trong thư mục đơn vị không được đọc" in text
    (unit / "con").rmdir()
    (unit / "con").write_text("", encoding="utf-8")  # the same name, now a file: another verdict
    (unit / "ho-so.yml").rename(unit / "ho-so.yaml")  # now a profile (with errors)
    text = assert_same_as_cold(tree, monkeypatch)
    assert f"{rel}/con:1:1: cảnh báo: Tệp 'con' không phải hồ sơ" in text
    assert "ho-so.yml:" not in text and f"{rel}/ho-so.yaml:" in text


def test_identity_collisions_follow_edits_in_a_warm_process(tree: Path, monkeypatch) -> None:
    """check_identity reuses the latest run's findings only while every record's id, slug,
    aliases and source are as they were: a warm run after an edit that makes, then removes,
    an id and a URL collision equals a cold run."""
    assert_same_as_cold(tree, monkeypatch)
    first, second = profiles(tree)[:2]
    other_id = next(line for line in second.read_text(encoding="utf-8").splitlines() if line.startswith("id: "))
    mine = next(line for line in first.read_text(encoding="utf-8").splitlines() if line.startswith("id: "))
    replace_in(first, mine, other_id)
    rel, other = first.relative_to(tree).as_posix(), second.relative_to(tree).as_posix()
    assert f"{other}:1:1: lỗi: id: mã '{other_id[4:]}' đã dùng cho hồ sơ {rel}." in \
        assert_same_as_cold(tree, monkeypatch)
    replace_in(first, other_id, mine)
    assert "lỗi: id: mã" not in assert_same_as_cold(tree, monkeypatch)
    replace_in(first, "status: ", f"aliases: [{second.stem}]\nstatus: ")  # an alias taking another's URL
    assert f"lỗi: slug: đường dẫn '{second.stem}' trùng với hồ sơ" in assert_same_as_cold(tree, monkeypatch)
    replace_in(first, "summary: ", "summary: Sửa. ")  # the collision stays while the record changes
    assert f"lỗi: slug: đường dẫn '{second.stem}' trùng với hồ sơ" in assert_same_as_cold(tree, monkeypatch)


def test_records_of_a_cold_check_carry_no_utf8_copies(tree: Path, monkeypatch) -> None:
    """Writing .cache/check pickles every record: CPython then keeps a UTF-8 copy inside each
    str that is not ASCII, for its life (25 MB at 10,000 profiles, through the build's peak).
    A forked child writes the shards, so the records this process hands on hold none. In a
    process of its own: this one may have threads (a served site), which keep it from forking."""
    code = ("import sys\n"
            "from pathlib import Path\n"
            "from showcase.validate.check import check_content\n"
            "content, _ = check_content(Path(sys.argv[1]))\n"
            "texts = [s for e in content.exemplars for s in (e.name, e.summary) if not s.isascii()]\n"
            "grown = [s for s in texts if sys.getsizeof(s) != sys.getsizeof(s.encode().decode())]\n"
            "print(len(texts), len(grown))\n")
    done = subprocess.run([sys.executable, "-c", code, str(tree)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    texts, grown = map(int, done.stdout.split())
    assert texts >= PROFILES and grown == 0, f"{grown} of {texts} strings hold a UTF-8 copy"
    assert any(1 for _ in (tree / cache.CACHE_DIR).glob("*.pickle"))  # the shards were written
    cache.forget()  # an earlier test's entries in this process (same paths) would come first
    content, _ = check_content(tree)  # and read back, equal to a cold run's records
    assert cache._STATE.rechecked == 0
    assert content.exemplars == cold(tree, monkeypatch)[0].exemplars
