"""A published profile keeps its id and every URL it had, compared with a real git base."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from showcase.cli.main import main
from showcase.validate.check import check_content
from test_check_base import GOOD, PROFILE, edit

P = PROFILE


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Biên tập", "-c", "user.email=bt@example.invalid",
                    *args], cwd=root, check=True, capture_output=True)


@pytest.fixture
def repo(make_tree) -> Path:
    """A site repository whose last commit publishes the good profile."""
    root = make_tree({P: GOOD})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Công bố hồ sơ")
    return root


def lines(root: Path, base: str | None = "HEAD") -> list[str]:
    return check_content(root, base=base)[1].render().splitlines()


def test_unchanged_repository_is_clean(repo: Path) -> None:
    assert lines(repo) == []


def test_changing_a_published_id(repo: Path) -> None:
    (repo / P).write_text(edit("id: dh-2021-xd-09", "id: dh-2021-xd-10"), encoding="utf-8")
    assert lines(repo) == [
        f"{P}:2:1: lỗi: id: hồ sơ đã công bố không được đổi mã (trước đây là 'dh-2021-xd-09', "
        "nay là 'dh-2021-xd-10'). Hãy ghi lại id: dh-2021-xd-09."]
    assert lines(repo, base=None) == []


def test_renaming_a_published_profile_needs_the_old_url_in_aliases(repo: Path) -> None:
    fixed = "exemplars/xuan-duong/tran-thi-mai-anh.yaml"
    (repo / P).rename(repo / fixed)
    text = edit("name: Trần Thị Mai", "name: Trần Thị Mai Anh")
    (repo / fixed).write_text(text, encoding="utf-8")
    assert lines(repo) == [
        f"{fixed}:2:1: lỗi: aliases: đường dẫn cũ 'tran-thi-mai' của hồ sơ đã công bố sẽ hỏng. "
        "Hãy thêm nó vào aliases, ví dụ aliases: [tran-thi-mai]."]
    (repo / fixed).write_text(edit("status: published", "status: published\naliases: [tran-thi-mai]",
                                   text), encoding="utf-8")
    assert lines(repo) == []


def test_deleting_a_published_profile(repo: Path) -> None:
    (repo / P).unlink()
    assert lines(repo) == [
        f"{P}:1:1: lỗi: Hồ sơ đã công bố (id dh-2021-xd-09) bị xóa hoặc đổi mã: đường dẫn cũ sẽ "
        "hỏng. Đừng xóa tệp; hãy chuyển thành hồ sơ đã rút (chỉ giữ id, status: withdrawn, "
        "withdrawn: ngày rút)."]
    (repo / P).write_text("id: dh-2021-xd-09\nstatus: withdrawn\nwithdrawn: 01/03/2026\n",
                          encoding="utf-8")
    assert lines(repo) == []


def test_drafts_may_change_freely(repo: Path) -> None:
    (repo / P).write_text(edit("status: published", "status: draft"), encoding="utf-8")
    git(repo, "commit", "-qam", "Chuyển về nháp")
    (repo / P).write_text(edit("id: dh-2021-xd-09", "id: dh-2021-xd-10",
                               edit("status: published", "status: draft")), encoding="utf-8")
    assert lines(repo) == []


def test_ci_compares_with_the_target_branch(repo: Path, capsys) -> None:
    git(repo, "checkout", "-q", "-b", "sua-ten")
    (repo / P).write_text(edit("id: dh-2021-xd-09", "id: dh-2021-xd-10"), encoding="utf-8")
    git(repo, "commit", "-qam", "Đổi mã")
    assert main(["--root", str(repo), "check"]) == 0  # HEAD already has the change
    assert main(["--root", str(repo), "check", "--base", "main", "--format", "github"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == (f"::error file={P},line=2,col=1::id: hồ sơ đã công bố không được đổi mã "
                       "(trước đây là 'dh-2021-xd-09', nay là 'dh-2021-xd-10'). Hãy ghi lại id: "
                       "dh-2021-xd-09.")
