"""Radio bulletins: one plain-text script per quarter and commune, for the commune loudspeakers.

Only what the profile page publishes goes in (name, role, hamlet, summary, achievements,
awards); decision numbers and links are left out because they do not read aloud.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from showcase.catalog import Catalog
from showcase.core.model import Exemplar
from showcase.core.outfile import OutFile
from showcase.outputs.spoken import number_words, ordinal, quarter_words, speakable
from showcase.render.pages import front_matter
from showcase.core.vi import format_quarter, name_sort_key
from showcase.render.templates import markdown_text

COMMUNE_KINDS = ("xa", "thi-tran")
BULLETIN_DIR = "truyen-thanh"
BOM = "\ufeff"  # plain .txt may be served without a charset; the BOM makes browsers pick UTF-8


def bulletin_uri(year: int, quarter: int, unit_id: str) -> str:
    return f"{BULLETIN_DIR}/{year}/quy-{quarter}/{unit_id}.txt"


def groups(catalog: Catalog) -> dict[tuple[int, int, str], list[Exemplar]]:
    """(year, quarter, commune id) → that quarter's exemplars introduced by the commune."""
    out: dict[tuple[int, int, str], list[Exemplar]] = defaultdict(list)
    for e in catalog.exemplars:
        unit = catalog.units.get(e.unit)
        if unit is not None and unit.kind in COMMUNE_KINDS:
            out[(*e.quarter, e.unit)].append(e)
    return out


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def script(catalog: Catalog, year: int, quarter: int, unit_id: str,
           items: list[Exemplar], abbreviations: dict[str, str]) -> str:
    say = lambda text: speakable(text, abbreviations)  # noqa: E731
    unit = catalog.units[unit_id]
    where = _lower_first(unit.name)
    when = quarter_words(year, quarter)
    lines = [f"BẢN TIN TRUYỀN THANH {unit.name.upper()}",
             f"Giới thiệu gương điển hình tiên tiến {when}", "",
             "Kính thưa bà con!", "",
             say(f"Thực hiện kế hoạch tuyên truyền phong trào thi đua yêu nước, trong {when}, "
                 f"Ủy ban nhân dân {where} giới thiệu {number_words(len(items))} điển hình tiêu "
                 "biểu để bà con cùng biết, cùng học tập."), ""]
    # In the order they were received: the order the office introduced them.
    ordered = sorted(items, key=lambda e: (e.received or dt.date.min, name_sort_key(e.name)))
    for n, e in enumerate(ordered, 1):
        lines += [_entry(catalog, n, e, say), ""]
    lines += [say(f"Kính thưa bà con! Những tấm gương trên được giới thiệu trên trang "
                  f"{catalog.settings.site_name}. Mong bà con cùng học tập, làm theo, và giới thiệu "
                  f"thêm những người tốt, việc tốt với Ủy ban nhân dân {where}."),
              "Xin cảm ơn bà con đã chú ý lắng nghe.", ""]
    return BOM + "\n".join(lines)


def _entry(catalog: Catalog, n: int, e: Exemplar, say) -> str:
    who = [e.name]
    if e.role:
        who.append(_lower_first(e.role))
    if e.hamlet:
        who.append(e.hamlet)
    parts = [f"{ordinal(n)}: " + ", ".join(who) + ".", _sentence(e.summary)]
    parts += [_sentence(a) for a in e.achievements]
    for a in e.awards:
        year = f" năm {a.year}" if a.year else ""
        parts.append(f"Được tặng {catalog.label('awards', a.name)}{year}.")
    return say(" ".join(parts))


INDEX_URI = f"{BULLETIN_DIR}/index.md"


def planned_uris(catalog: Catalog) -> list[tuple[str, str | None]]:
    """What outputs/data.py's bulletins() writes, without writing a script."""
    found = sorted(groups(catalog))
    return [(bulletin_uri(*key), None) for key in found] + ([(INDEX_URI, None)] if found else [])


def index_page(catalog: Catalog, found: dict) -> OutFile:
    lines = ["Mỗi tệp là một bản tin bằng chữ để phát thanh viên của xã, thị trấn đọc trên loa "
             "truyền thanh: chữ viết tắt được viết đầy đủ, số và ngày tháng viết bằng chữ.", ""]
    for (year, q) in sorted({(y, q) for y, q, _ in found}, reverse=True):
        lines.append(f"## {format_quarter(year, q)}\n")
        units = sorted((u for y, qq, u in found if (y, qq) == (year, q)),
                       key=lambda u: catalog.unit_label(u))
        for u in units:
            n = len(found[(year, q, u)])
            lines.append(f"- [{markdown_text(catalog.unit_label(u))}]({year}/quy-{q}/{u}.txt) "
                         f"({n} điển hình)")
        lines.append("")
    meta = front_matter(title="Bản tin truyền thanh",
                        description="Bản tin giới thiệu điển hình theo quý cho đài truyền thanh xã.")
    return OutFile(INDEX_URI, meta + "\n".join(lines))
