"""A known-good profile and a helper to check a real tree; shared by the test_check_* files."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from showcase.validate.check import check_content

PROFILE = "exemplars/xuan-duong/tran-thi-mai.yaml"

# Line numbers below are asserted by the tests: keep the lines in this order.
GOOD = """\
# Hồ sơ dùng trong kiểm thử.
id: dh-2021-xd-09
status: published
name: Trần Thị Mai
subject: cá nhân
category: điển hình tiên tiến
unit: xuan-duong
hamlet: ấp Suối Râm
fields: [kinh tế]
movements: [nong-thon-moi]
quarter: 2021-Q2
received: 05/04/2021
role: Nông dân trồng tiêu
birth_year: 1975
summary: Đi đầu trồng tiêu hữu cơ, hướng dẫn nhiều hộ cùng làm.
story: |
  Bà Mai trồng tiêu theo hướng hữu cơ từ năm 2015.

  Bà hướng dẫn kỹ thuật cho bà con trong ấp.
awards:
  - name: Giấy khen của Chủ tịch UBND huyện
    year: 2020
    decision: 1234/QĐ-UBND
    date: 15/12/2020
consent:
  by: Trần Thị Mai
  relation: bản thân
  date: 02/04/2021
  scope: [văn bản]
"""
STORY_LINE = 17  # first line of the story's text


def edit(old: str, new: str, text: str = GOOD) -> str:
    """GOOD with one exact change; fails loudly if `old` is not there."""
    assert old in text, old
    return text.replace(old, new, 1)


def check_lines(make_tree: Callable[..., Path], files: dict[str, str | bytes]) -> list[str]:
    """Every problem line that `showcase check` would print for a real tree."""
    _, problems = check_content(make_tree(files))
    return problems.render().splitlines()


def test_good_profile_is_clean(make_tree) -> None:
    content, problems = check_content(make_tree({PROFILE: GOOD}))
    assert problems.render() == ""
    (e,) = content.exemplars
    assert (e.id, e.slug, e.subject, e.fields, e.quarter) == (
        "dh-2021-xd-09", "tran-thi-mai", "ca-nhan", ("kinh-te",), (2021, 2))
    assert e.story.splitlines()[0] == "Bà Mai trồng tiêu theo hướng hữu cơ từ năm 2015."


def test_a_file_two_stages_read_counts_its_problem_once(make_tree) -> None:
    """A movement is loaded as a movement and as a page: one bad character, one error."""
    page = "content/phong-trao/doanh-nghiep-hoi-nhap.md"
    root = make_tree({})
    text = (root / page).read_text(encoding="utf-8")
    (root / page).write_text(text.replace("\n\n", "\n\n\x07\n", 1), encoding="utf-8")
    _, problems = check_content(root)
    lines = problems.render().splitlines()
    assert len([line for line in lines if line.startswith(page)]) == 1, lines
    assert problems.summary() == f"Tìm thấy {len(problems.errors)} lỗi và {len(problems.warnings)} cảnh báo."
    assert len(problems.errors) == len([line for line in lines if ": lỗi: " in line])
