"""Guards for mistakes that once passed every test (each was tried as a mutation and survived):
a 05x mobile number, a quarter that ends today, a 15-year-old, a delete-then-copy swap, and a
duplicate key keeping its last value."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from _folders import names_once_settled
from _profiles import profile
from showcase.core.problems import Problems
from showcase.load.documents import load_yaml
from showcase.outputs.report.intake import intake
from showcase.publish import incremental, pipeline
from showcase.publish.pipeline import EngineError, Generated
from showcase.validate.plan import load_periods
from test_check_base import PROFILE, STORY_LINE, check_lines, edit

P = PROFILE
REMOVE = "Hãy xóa thông tin này trước khi công bố."
ROOT = Path(__file__).resolve().parent.parent


# ---- privacy: every mobile prefix ---------------------------------------------------------

@pytest.mark.parametrize("phone", ["0523 456 789", "0563456789", "0587.654.321", "+84 523 456 789"])
def test_05x_mobile_numbers_are_phones(make_tree, phone: str) -> None:
    """Vietnamobile's 052/056/058 and Gmobile's 059 are mobiles like 09x, 03x, 07x and 08x."""
    sentence = f"Bà hướng dẫn kỹ thuật cho bà con, gọi {phone} nhé."
    text = edit("  Bà hướng dẫn kỹ thuật cho bà con trong ấp.", "  " + sentence)
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:{STORY_LINE + 2}:{3 + sentence.index(phone)}: lỗi: story: nội dung có số điện thoại "
        f"('{phone}'). {REMOVE}"]


# ---- consent: under 16 means under 16 -----------------------------------------------------

def test_a_15_year_old_is_not_an_adult(make_tree) -> None:
    """Born 2006, introduced in 2021: 15, so a parent or guardian must agree (the child's own
    consent from 7 is a separate rule with its own message)."""
    lines = check_lines(make_tree, {P: edit("birth_year: 1975", "birth_year: 2006")})
    assert [x for x in lines if ": consent.relation: " in x] == [
        f"{P}:27:13: lỗi: consent.relation: người được giới thiệu dưới 16 tuổi (sinh năm 2006) nên "
        "cần sự đồng ý của cha mẹ hoặc người giám hộ: ghi relation: cha mẹ (hoặc người giám hộ)."]


def test_a_16_year_old_consents_alone(make_tree) -> None:
    assert check_lines(make_tree, {P: edit("birth_year: 1975", "birth_year: 2005")}) == []


# ---- reports: a quarter is due the day after it ends --------------------------------------

@pytest.mark.parametrize("today, label", [
    (dt.date(2021, 9, 30), "Chưa hết quý"),  # the last day of Q3: units may still report today
    (dt.date(2021, 10, 1), "Chưa giới thiệu"),
])
def test_a_quarter_that_ends_today_is_not_due_yet(make_tree, today: dt.date, label: str) -> None:
    path, text = profile("xuan-duong", "to-hop-tac-buoi", "2021-Q1", "Tổ hợp tác bưởi Suối Râm")
    root = make_tree({path: text})
    catalog, _ = pipeline.load_catalog(root)
    data = intake(catalog, 2021, load_periods(root, dict(catalog.units)), today)
    row = next(r for r in data.rows if r.unit.id == "xuan-my")
    assert [c.label for c in row.cells][2] == label
    assert row.due == (2 if label == "Chưa hết quý" else 3)


# ---- loading: a duplicate key keeps the first value ---------------------------------------

def test_a_duplicate_key_keeps_the_first_value(tmp_path: Path) -> None:
    """The error names both lines; until it is fixed, the first line is the one that counts."""
    f = tmp_path / "a.yaml"
    f.write_text("name: Nguyễn Văn An\nrole: Nông dân\nname: Trần Văn Bình\n", encoding="utf-8")
    problems = Problems(tmp_path)
    doc = load_yaml(f, problems)
    assert doc is not None and doc.data == {"name": "Nguyễn Văn An", "role": "Nông dân"}
    assert problems.render().splitlines() == [
        "a.yaml:3:1: lỗi: name: khóa 'name' bị lặp lại (đã có ở dòng 1). "
        "Hãy giữ một dòng và xóa dòng còn lại."]


# ---- publishing: site/ is replaced by renames, never rebuilt in place ---------------------

def _site(path: Path, marker: str) -> Path:
    (path / "dien-hinh").mkdir(parents=True)
    (path / "index.html").write_text(marker, encoding="utf-8")
    (path / "dien-hinh" / "index.html").write_text(marker, encoding="utf-8")
    return path


def test_the_swap_moves_the_new_directory_into_place(tmp_path: Path) -> None:
    """Renames, not copies: site/ becomes the very directory the engine wrote (same inode), so
    no reader ever sees a half-deleted old site or a half-copied new one."""
    old = _site(tmp_path / "site", "cũ")
    new = _site(tmp_path / ".site.tmp-1", "mới")
    new_inode, new_page = new.stat().st_ino, (new / "index.html").stat().st_ino
    pipeline.swap(new, old)
    assert (tmp_path / "site").stat().st_ino == new_inode
    assert (tmp_path / "site" / "index.html").stat().st_ino == new_page
    assert (tmp_path / "site" / "dien-hinh" / "index.html").read_text(encoding="utf-8") == "mới"
    assert names_once_settled(tmp_path) == ["site"]  # no temporary or old copy left


def test_the_swap_keeps_what_a_reader_has_open(tmp_path: Path) -> None:
    """A server that opened a page of the old site keeps reading the old page, whole."""
    old = _site(tmp_path / "site", "cũ " * 1000)
    new = _site(tmp_path / ".site.tmp-1", "mới")
    with open(old / "index.html", encoding="utf-8") as reader:
        pipeline.swap(new, old)
        assert reader.read() == "cũ " * 1000
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "mới"


class HalfEngine:
    """An engine that writes part of a site and then stops, as an engine error or a full
    disk would; a second `pipeline.Engine` besides ProperDocs."""

    name = "Thử"

    def build(self, root: Path, gen: Generated, site_dir: Path, strict: bool, **_: object) -> None:
        _site(site_dir, "nửa")
        raise EngineError("dừng giữa chừng")


def test_a_failed_engine_leaves_site_untouched(make_tree) -> None:
    root = make_tree({})
    site = _site(root / "site", "đang chạy")
    before = {p.relative_to(site): (p.stat().st_ino, p.read_bytes()) for p in site.rglob("*") if p.is_file()}
    with pytest.raises(EngineError, match="dừng giữa chừng"):
        incremental.run(root, HalfEngine())
    after = {p.relative_to(site): (p.stat().st_ino, p.read_bytes()) for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []
