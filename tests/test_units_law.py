"""Records that match the law: the 2025 commune merger (Nghị quyết 1662/NQ-UBTVQH15), the award
vocabulary after Nghị định 152/2025/NĐ-CP, and a child's own consent (Luật 91/2025/QH15)."""
from __future__ import annotations

from pathlib import Path

import pytest

from showcase.core.problems import Problems
from showcase.load.vocab import load_vocabs
from showcase.validate.check import check_content, load_units
from test_check_base import GOOD, PROFILE, check_lines, edit

ROOT = Path(__file__).resolve().parent.parent
P = PROFILE

# Điều 1 of the resolution, checked against its text (dvhcvn/20250701, input/docs/1662_NQ-UBTVQH15.md).
CLAUSES = {
    17: ({"song-nhan", "xuan-que"}, "xuan-que-2025"),
    18: ({"thua-duc", "xuan-duong"}, "xuan-duong-2025"),
    19: ({"tt-long-giao", "nhan-nghia", "xuan-my", "bao-binh"}, "cam-my-2025"),
    20: ({"lam-san", "song-ray"}, "song-ray-2025"),
    21: ({"xuan-tay", "xuan-dong"}, "xuan-dong-2025"),
    22: ({"xuan-bao"}, "xuan-dinh-2025"),
}


@pytest.fixture(scope="module")
def units():
    problems = Problems(ROOT)
    found = load_units(ROOT, load_vocabs(ROOT, problems), problems)
    assert problems.items == []
    return found


def test_every_commune_of_the_district_has_its_successor_and_clause(units) -> None:
    communes = {u.id for u in units.values() if u.parent == "huyện Cẩm Mỹ"
                and u.kind in ("xa", "thi-tran") and u.valid_to and u.valid_to.isoformat() == "2025-06-30"}
    mapped = set().union(*(old for old, _ in CLAUSES.values()))
    assert communes == mapped
    for k, (old, new) in CLAUSES.items():
        for uid in (*old, new):
            assert units[uid].verified, uid
            assert units[uid].source.endswith(f"Điều 1 khoản {k}"), (uid, units[uid].source)
        assert {units[u].successor for u in old} == {(new,)}
        assert str(units[new].valid_from) == "2025-07-01" and units[new].parent == "tỉnh Đồng Nai"


def test_a_reused_name_gets_a_new_id_and_a_dated_label(units) -> None:
    for new in ("xuan-que-2025", "xuan-duong-2025", "xuan-dong-2025", "song-ray-2025"):
        old = new.removesuffix("-2025")
        assert units[old].name == units[new].name, new


def test_what_was_not_checked_stays_unverified(units) -> None:
    # Long Giao's town status (Nghị quyết 1261/NQ-UBTVQH14) is not in the datasets we read.
    assert not units["long-giao"].verified and "1261/NQ-UBTVQH14" in units["long-giao"].source


def test_a_successor_outside_the_former_district_says_so(units) -> None:
    assert units["xuan-dinh-2025"].outside == "các xã Bảo Hòa, Xuân Định (huyện Xuân Lộc cũ)"
    assert units["xuan-duong-2025"].outside == "xã Cẩm Đường (huyện Long Thành cũ)"
    assert not units["cam-my-2025"].outside


def test_the_repository_passes_the_check() -> None:
    _, problems = check_content(ROOT, base=None)
    assert problems.errors == []


# ---- awards ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def awards():
    return load_vocabs(ROOT, Problems(ROOT))["awards"]


def test_award_titles_and_forms_after_decree_152(awards) -> None:
    kind = lambda label: awards.extra[awards.resolve(label)]["type"]  # noqa: E731
    for title in ("Chiến sĩ thi đua toàn quốc", "Chiến sĩ tiên tiến", "Đơn vị quyết thắng",
                  "Đơn vị tiên tiến", "Cờ thi đua của Chính phủ", "Cờ thi đua của UBND tỉnh",
                  "Xã, phường, thị trấn tiêu biểu"):
        assert kind(title) == "danh-hieu", title
    for form in ("Huy chương", "Kỷ niệm chương", "Danh hiệu vinh dự nhà nước",
                 "Huân chương Lao động hạng Nhất", "Bằng khen của bộ, ban, ngành, đoàn thể trung ương"):
        assert kind(form) == "hinh-thuc", form


def test_old_names_are_aliases_of_the_legal_ones(awards) -> None:
    assert awards.labels[awards.resolve("Chiến sĩ thi đua cấp tỉnh")] == "Chiến sĩ thi đua bộ, ban, ngành, tỉnh"
    for old in ("Ấp văn hóa", "khu phố văn hóa"):
        assert awards.labels[awards.resolve(old)] == "Thôn, tổ dân phố văn hóa"
    assert awards.extra["giay-chung-nhan-nguoi-tot-viec-tot"]["local"] == "true"
    assert awards.extra["giay-khen-ubnd-huyen"]["valid_to"] == "30/06/2025"


def test_a_district_award_after_june_2025_is_a_warning(make_tree) -> None:
    text = edit("    year: 2020\n    decision: 1234/QĐ-UBND\n    date: 15/12/2020\n",
                "    year: 2025\n    decision: 1234/QĐ-UBND\n    date: 15/08/2025\n")
    text = edit("quarter: 2021-Q2\nreceived: 05/04/2021", "quarter: 2021-Q2", text)
    assert check_lines(make_tree, {P: text}) == [
        f"{P}:20:11: cảnh báo: awards[1].name: 'Giấy khen của Chủ tịch UBND huyện' chỉ được trao "
        "đến 30/06/2025, nhưng khen thưởng này ghi 15/08/2025. Hãy kiểm tra lại tên hình thức khen "
        "thưởng (từ 01/7/2025 không còn khen thưởng cấp huyện) hoặc ngày, năm."]


def test_a_year_alone_after_the_end_is_enough_to_warn(make_tree) -> None:
    text = edit("    year: 2020\n    decision: 1234/QĐ-UBND\n    date: 15/12/2020\n", "    year: 2026\n")
    lines = check_lines(make_tree, {P: text})
    assert [ln.split(": '")[0] for ln in lines] == [f"{P}:21:11: cảnh báo: awards[1].name"]
    assert "ghi năm 2026." in lines[0]


# ---- a child's own consent -------------------------------------------------------------

CHILD = ("consent:\n  by: Trần Văn Bình\n  relation: cha mẹ\n  date: 02/04/2021\n"
         "  scope: [văn bản]\n")


def child_profile(birth_year: int, extra: str = "") -> str:
    text = edit("birth_year: 1975", f"birth_year: {birth_year}")
    return edit("consent:\n  by: Trần Thị Mai\n  relation: bản thân\n  date: 02/04/2021\n"
                "  scope: [văn bản]\n", CHILD + extra, text)


def test_from_seven_the_child_must_agree_too(make_tree) -> None:
    assert check_lines(make_tree, {P: child_profile(2014)}) == [
        f"{P}:26:3: lỗi: consent.child: người được giới thiệu từ đủ 7 đến dưới 16 tuổi (sinh năm "
        "2014) nên cần sự đồng ý của cả chính em và cha mẹ hoặc người giám hộ (Luật Bảo vệ dữ liệu "
        "cá nhân 2025, Điều 24). Khi em đã đồng ý, ghi child: có trong nhóm consent; im lặng "
        "không phải là đồng ý."]


def test_a_child_who_said_no_is_not_published(make_tree) -> None:
    lines = check_lines(make_tree, {P: child_profile(2008, "  child: không\n")})
    assert [ln.split(": người")[0] for ln in lines] == [f"{P}:30:10: lỗi: consent.child"]


def test_both_consents_recorded(make_tree) -> None:
    content, problems = check_content(_tree(make_tree, child_profile(2008, "  child: có\n")))
    assert problems.render() == ""
    (e,) = content.exemplars
    assert (e.consent.relation, e.consent.child) == ("cha-me", True)


def test_under_seven_the_parent_alone_consents(make_tree) -> None:
    assert check_lines(make_tree, {P: child_profile(2015)}) == []


def test_sixteen_and_over_consents_alone(make_tree) -> None:
    assert check_lines(make_tree, {P: GOOD.replace("birth_year: 1975", "birth_year: 2005")}) == []


def _tree(make_tree, text: str) -> Path:
    return make_tree({P: text})


def test_the_unit_page_says_a_successor_reaches_beyond_the_former_district(make_tree) -> None:
    from showcase.publish.pipeline import load_catalog
    from showcase.render.images import PhotoMap
    from showcase.render.pages import render_pages
    catalog, _ = load_catalog(make_tree({}))
    pages = {f.uri: f"{f.content or ''}{getattr(f, 'html', '') or ''}"
             for f in render_pages(catalog, PhotoMap())}
    page = pages["don-vi/xuan-dinh-2025/index.md"]
    assert ('<p class="sc-unit-note">Xã Xuân Định còn gồm địa bàn ngoài huyện cũ: các xã Bảo Hòa, '
            "Xuân Định (huyện Xuân Lộc cũ).</p>") in page
    assert "Trang này gồm cả điển hình của các đơn vị trước đây:" in page
    assert "ngoài huyện cũ" not in pages["don-vi/cam-my-2025/index.md"]
