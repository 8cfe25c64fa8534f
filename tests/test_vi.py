"""Vietnamese text helpers that the check relies on: legacy encodings, dates, quarters, slugs."""
from __future__ import annotations

import datetime as dt
import random

import pytest

from showcase.core.vi import (format_quarter, looks_like_legacy_encoding, may_be_legacy_encoding,
                         parse_date, parse_quarter, slugify)


@pytest.mark.parametrize("text", ["NguyÔn V¨n Hïng", "Nguyeãn Vaên Huøng", "Ñoàng Nai",
                                  "Vaên hoùa", "TrÇn ThÞ Mai"])
def test_legacy_encodings_are_recognised(text: str) -> None:
    assert looks_like_legacy_encoding(text) and may_be_legacy_encoding(text)


@pytest.mark.parametrize("text", ["Nguyễn Văn Hùng", "Đồng Nai", "hoà bình", "Hoàng Văn Thụ",
                                  "Quý II/2021", "José Martí và Noël Müller ở Đà Lạt",
                                  "Ông Tư – “người tốt việc tốt”…", "ÔNG TƯ"])
def test_correct_vietnamese_is_not_flagged(text: str) -> None:
    assert not looks_like_legacy_encoding(text)


def test_the_cheap_pre_test_never_misses_a_line_the_full_test_flags() -> None:
    chars = ("aeouAEOUyiàáâãäåèéêëìíîïòóôõöøùúûüýñÑÔÕÒÓÖËÌÍÎÏØÙÛÄÅÆÂÇÜçî¨©®¸µ¶·¹º»¼¾×Þß"
             "ăđơưạế…“– ")
    rnd = random.Random(5)
    flagged = 0
    for _ in range(40000):
        s = "".join(rnd.choice(chars) for _ in range(rnd.randint(2, 7)))
        if looks_like_legacy_encoding(s):
            flagged += 1
            assert may_be_legacy_encoding(s), s
    assert flagged > 10000


@pytest.mark.parametrize("text,expected", [
    ("2021-Q2", (2021, 2)), ("2021-q4", (2021, 4)), ("Quý II/2021", (2021, 2)),
    ("Quý 3/2022", (2022, 3)), ("quy IV/2023", (2023, 4)), ("Quý 5/2021", None), ("Q2 2021", None),
])
def test_quarters(text: str, expected: tuple[int, int] | None) -> None:
    assert parse_quarter(text) == expected


def test_quarter_label() -> None:
    assert format_quarter(2021, 2) == "Quý II/2021"


@pytest.mark.parametrize("text,expected", [
    ("05/04/2021", dt.date(2021, 4, 5)), ("5/4/2021", dt.date(2021, 4, 5)),
    ("2021-04-05", dt.date(2021, 4, 5)), ("31/02/2021", None), ("04/05/21", None),
])
def test_dates(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("name,slug", [
    ("Nguyễn Thị Hồng Nhung", "nguyen-thi-hong-nhung"), ("Đặng Văn Đức", "dang-van-duc"),
    ("Hộ ông Lê Văn An", "ho-ong-le-van-an"), ("CLB Đờn ca tài tử (ấp 3)", "clb-don-ca-tai-tu-ap-3"),
])
def test_slugs_are_ascii_with_d(name: str, slug: str) -> None:
    assert slugify(name) == slug
