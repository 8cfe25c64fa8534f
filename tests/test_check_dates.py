"""Dates of things that happened cannot be after today; one 'today' (SHOWCASE_TODAY in tests)."""
from __future__ import annotations

import datetime as dt

import pytest

from showcase.core.clock import today
from test_check_base import GOOD, PROFILE, check_lines, edit

P = PROFILE


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch) -> None:
    monkeypatch.setenv("SHOWCASE_TODAY", "01/12/2026")


def test_one_today_source(monkeypatch) -> None:
    assert today() == dt.date(2026, 12, 1)
    monkeypatch.setenv("SHOWCASE_TODAY", "2024-02-29")
    assert today() == dt.date(2024, 2, 29)
    monkeypatch.delenv("SHOWCASE_TODAY")
    assert today() == dt.date.today()


def test_future_dates_are_errors_at_their_line(make_tree) -> None:
    text = edit("    date: 15/12/2020", "    date: 15/12/2030")  # award decision, line 24
    text = edit("    year: 2020", "    year: 2031", text)  # line 22
    text = edit("  date: 02/04/2021", "  date: 05/12/2026", text)  # consent, line 28
    lines = check_lines(make_tree, {P: text})
    assert [line for line in lines if "chưa tới" in line] == [
        f"{P}:22:11: lỗi: awards[1].year: năm 2031 chưa tới (năm nay là 2026). Hãy kiểm tra lại năm.",
        f"{P}:24:11: lỗi: awards[1].date: ngày 15/12/2030 chưa tới (hôm nay là 01/12/2026). Hãy kiểm "
        "tra lại ngày, tháng, năm.",
        f"{P}:28:9: lỗi: consent.date: ngày 05/12/2026 chưa tới (hôm nay là 01/12/2026). Hãy kiểm tra "
        "lại ngày, tháng, năm (có phải ý bạn là 12/05/2026?)."]


def test_future_received_date_even_with_an_invalid_unit(make_tree) -> None:
    text = edit("received: 05/04/2021", "received: 05/04/2062")
    text = edit("unit: xuan-duong", "unit: xa-khong-co", text)
    lines = check_lines(make_tree, {P: text})
    assert (f"{P}:12:11: lỗi: received: ngày 05/04/2062 chưa tới (hôm nay là 01/12/2026). Hãy kiểm "
            "tra lại ngày, tháng, năm.") in lines


def test_withdrawn_in_the_future(make_tree) -> None:
    tomb = "id: dh-2021-xd-09\nstatus: withdrawn\nwithdrawn: 01/03/2027\n"
    assert check_lines(make_tree, {P: tomb}) == [
        f"{P}:3:12: lỗi: withdrawn: ngày 01/03/2027 chưa tới (hôm nay là 01/12/2026). Hãy kiểm tra "
        "lại ngày, tháng, năm."]  # 03/01/2027 is no better: no hint


def test_today_itself_is_fine(make_tree) -> None:
    text = edit("  date: 02/04/2021", "  date: 01/12/2026")
    assert [line for line in check_lines(make_tree, {P: text}) if "lỗi" in line] == []
