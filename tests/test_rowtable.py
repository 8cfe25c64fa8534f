"""The render memos' row table (publish/rowtable.py): what a new process reads back is what
was written, object for object, and writing it leaves the records' text as it was."""
from __future__ import annotations

import datetime as dt
import pickle
import sys
from pathlib import Path

import pytest
from markupsafe import Markup

from showcase.core.model import Award, Consent, Exemplar, Photo
from showcase.core.outfile import OutFile
from showcase.outputs.search import Record
from showcase.publish import incremental, rowtable

STORY = ("Ông Nguyễn Văn Đức hiến 300 m² đất làm đường bê tông, vận động bà con ấp Suối Râm "
         "góp công, góp của xây dựng nông thôn mới; mô hình trồng bưởi hữu cơ cho thu nhập ổn định.")


def exemplar(n: int) -> Exemplar:
    """A profile with every kind of value a record holds: dates, nested records, tuples."""
    return Exemplar(
        id=f"dh-{n}", status="published", name=f"Nguyễn Văn Đức {n}", slug=f"nguyen-van-duc-{n}",
        subject="ca-nhan", category="dien-hinh-tien-tien", unit="xuan-duong",
        fields=("kinh-te", "xa-hoi"), quarter=(2026, 1 + n % 4), summary=f"Hiến đất làm đường, lần {n}.",
        source=f"exemplars/xuan-duong/nguyen-van-duc-{n}.yaml", sample=n % 2 == 0,
        aliases=(f"cu-{n}",), hamlet="ấp Suối Râm", movements=("nong-thon-moi",),
        received=dt.date(2026, 2, 1 + n % 28), birth_year=1960 + n % 40, story=STORY + f" ({n})",
        achievements=("Vận động 12 hộ thoát nghèo",),
        awards=(Award("Giấy khen", 2025, "12/QĐ-UBND", dt.date(2025, 6, 11), "UBND xã"),),
        photos=(Photo(f"exemplars/xuan-duong/anh-{n}.jpg", "Ông Đức bên vườn bưởi", "Ảnh: xã", True),),
        consent=Consent("Nguyễn Văn Đức", dt.date(2026, 1, 5), ("ảnh", "văn bản"), "bản thân"))


def written_and_read(tmp_path: Path, value: object) -> object:
    path = tmp_path / "memos"
    incremental._dump(path, value, table=True)
    with open(path, "rb") as fh:
        incremental._checked_crc(fh)
        return incremental._load_tabled(fh)


def test_records_come_back_equal_and_shared_across_batches(tmp_path: Path) -> None:
    many = 3 * rowtable.Table.BATCH + 7  # several batches: each must read its own numbers
    people = [exemplar(n) for n in range(many)]
    pages = [OutFile(f"dien-hinh/{e.slug}.md", f"---\ntitle: {e.name}\n---\n", edit_path=e.source,
                     html=f"<p>{e.story}</p>", toc=(("a", "Thành tích"),)) for e in people]
    data = OutFile("du-lieu/x.json", "Đức".encode(), source=None)
    linked = OutFile("anh/x.webp", source=Path("/tmp/cache/x.webp"))
    found = [Record(f"dien-hinh/{e.slug}/", e.name, "exemplar", e.unit, e.summary, texts=[(1, e.story)],
                    excerpt=e.story, facets={"unit": (e.unit,), "nam": ("2026",)}) for e in people]
    value = {"keys": [(e, "token") for e in people], "again": people[::-1], "pages": pages, "found": found,
             "other": [data, linked, Markup("<b>đ</b>")]}
    back = written_and_read(tmp_path, value)
    assert back == value
    assert [k[0] for k in back["keys"]] == back["again"][::-1]
    assert all(a is b for (a, _), b in zip(back["keys"], back["again"][::-1]))  # one object again
    assert back["pages"][5].html == f"<p>{people[5].story}</p>"
    assert back["other"][0].content == "Đức".encode() and back["other"][1].source == linked.source
    assert type(back["other"][2]) is Markup
    assert list(back["found"][9].texts) == [(1, people[9].story)] and back["found"][9].facets["nam"] == ("2026",)


def test_writing_leaves_no_utf8_copy_inside_the_text(tmp_path: Path) -> None:
    """A plain pickle grows every Vietnamese str it writes (a cached UTF-8 copy, for the
    str's life); the table writes the same records and leaves them as they were."""
    people = [exemplar(n) for n in range(20)]
    sizes = [sys.getsizeof(e.story) for e in people]
    incremental._dump(tmp_path / "memos", [(e, e) for e in people], table=True)
    assert [sys.getsizeof(e.story) for e in people] == sizes
    pickle.dumps(people, protocol=pickle.HIGHEST_PROTOCOL)
    assert all(sys.getsizeof(e.story) > size for e, size in zip(people, sizes))


def test_a_row_naming_a_class_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "memos"
    incremental._dump(path, [exemplar(1)], table=True)
    raw = bytearray(path.read_bytes())
    length = int.from_bytes(raw[-16:-8], "little")
    crafted = pickle.dumps([[0, *([Path("x")] * 25)]], protocol=pickle.HIGHEST_PROTOCOL)
    body = raw[incremental.HEADER:incremental.HEADER + length] + crafted + raw[-16:]
    path.write_bytes(incremental.state_header(bytes(body)) + body)
    with open(path, "rb") as fh, pytest.raises(pickle.UnpicklingError):
        incremental._checked_crc(fh)
        incremental._load_tabled(fh)


def test_a_damaged_table_is_found_before_anything_is_read(tmp_path: Path) -> None:
    path = tmp_path / "memos"
    incremental._dump(path, [exemplar(1)], table=True)
    raw = bytearray(path.read_bytes())
    raw[-20] ^= 0xFF
    path.write_bytes(bytes(raw))
    with open(path, "rb") as fh, pytest.raises(ValueError):
        incremental._checked_crc(fh)
