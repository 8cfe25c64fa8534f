"""For media and the public: an Atom feed of new exemplars and a JSON open-data export.

Both hold only what a profile page shows. No birth year, no consent record, no received
date, no photo originals: open data is copied and combined, so it carries the least.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import zlib
import xml.etree.ElementTree as ET
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import urlparse

from showcase.catalog import Catalog, profile_url
from showcase.core.model import Exemplar
from showcase.core.outfile import OutFile
from showcase.render.memo import Column, exemplar_keys, persist, site_token

ATOM = "http://www.w3.org/2005/Atom"
FEED_URI = "feed.xml"
JSON_URI = "du-lieu/dien-hinh.json"
DATA_DIR = Path(".cache") / "data"  # the open data, linked into the site (open_data)
FEED_SIZE = 50
# Open data rows as UTF-8 JSON (zlib'd in a build: open_data), by exemplar (its key object, in
# catalogue order), site token (labels, units, movements, settings) and base URL: a warm `showcase serve` re-encodes only
# changed profiles and finds the others by place (render/memo.Column).
_ROWS: Column[bytes] = Column()
persist("feeds", _ROWS)
_ID = attrgetter("id")
VN = dt.timezone(dt.timedelta(hours=7))


def _base(catalog: Catalog) -> str:
    url = catalog.settings.site_url
    return url.rstrip("/") + "/" if url else ""


def entry_date(e: Exemplar) -> dt.date:
    """When the exemplar was introduced: the day received, else the quarter's first day."""
    return e.received or dt.date(e.quarter[0], 3 * e.quarter[1] - 2, 1)


def _stamp(day: dt.date) -> str:
    return dt.datetime.combine(day, dt.time(), VN).isoformat()


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        el.text = text
    return el


def atom_feed(catalog: Catalog) -> str:
    base = _base(catalog)
    host = urlparse(base).netloc or "dien-hinh.invalid"
    newest = sorted(catalog.exemplars, key=lambda e: (entry_date(e), e.id), reverse=True)[:FEED_SIZE]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "vi"})
    _sub(feed, "title", f"{catalog.settings.site_name}: điển hình mới giới thiệu")
    _sub(feed, "id", base or f"tag:{host},2021:feed")
    _sub(feed, "link", rel="self", href=base + FEED_URI, type="application/atom+xml")
    _sub(feed, "link", rel="alternate", href=base or "./", type="text/html")
    # A date from the data, not the clock, so an unchanged catalogue gives an unchanged feed.
    _sub(feed, "updated", _stamp(entry_date(newest[0]) if newest else dt.date(2021, 1, 1)))
    author = _sub(feed, "author")
    _sub(author, "name", catalog.settings.managing_body or catalog.settings.site_name)
    for e in newest:
        _entry(feed, catalog, e, base, host)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def _entry(feed: ET.Element, catalog: Catalog, e: Exemplar, base: str, host: str) -> None:
    entry = _sub(feed, "entry")
    _sub(entry, "title", e.name)
    _sub(entry, "id", f"tag:{host},{e.year}:{e.id}")  # stable across slug renames
    _sub(entry, "link", rel="alternate", href=base + profile_url(e), type="text/html")
    _sub(entry, "published", _stamp(entry_date(e)))
    _sub(entry, "updated", _stamp(entry_date(e)))
    author = _sub(entry, "author")
    _sub(author, "name", catalog.unit_label(e.unit))
    _sub(entry, "category", term=e.category, label=catalog.label("categories", e.category))
    _sub(entry, "summary", e.summary, type="text")


def record(catalog: Catalog, e: Exemplar, base: str) -> dict:
    """One exemplar as published: the fields of the profile page, labels resolved."""
    return {
        "id": e.id,
        "url": base + profile_url(e),
        "name": e.name,
        "sample": e.sample,
        "subject": catalog.label("subjects", e.subject),
        "category": catalog.label("categories", e.category),
        "unit": {"id": e.unit, "name": catalog.unit_label(e.unit)},
        "current_units": [{"id": u.id, "name": catalog.unit_label(u.id)}
                          for u in catalog.current_units(e.unit) if u.id != e.unit],
        "hamlet": e.hamlet,
        "role": e.role,
        "fields": [catalog.label("fields", f) for f in e.fields],
        "movements": [{"id": m, "title": catalog.movements[m].title}
                      for m in e.movements if m in catalog.movements],
        "quarter": f"{e.quarter[0]}-Q{e.quarter[1]}",
        "summary": e.summary,
        "story": e.story,
        "achievements": list(e.achievements),
        "awards": [{"name": catalog.label("awards", a.name), "year": a.year,
                    "decision": a.decision, "date": a.date.isoformat() if a.date else None,
                    "issuer": a.issuer} for a in e.awards],
        "sources": list(e.sources),
    }


def open_data(catalog: Catalog, packed: bool = False) -> Path:
    """The open data, written to the cache (DATA_DIR) and linked into the site like a photo:
    at 10,000 profiles it is 35 MB of UTF-8, which a build held joined from the end of
    generate to the end of the engine (160 MB at 50,000). Rows are kept as bytes (a
    Vietnamese letter is 2 bytes in a str) and written one by one, never joined. `packed`
    (a build, which runs generate once) keeps them zlib'd: 34 → 14 MB at 10,000 profiles,
    through generate's peak; the preview writes this file on every save, where unpacking
    10,000 rows would cost ~0.2 s of it."""
    base = _base(catalog)
    doc = {
        "title": f"{catalog.settings.site_name}: dữ liệu mở",
        "publisher": catalog.settings.managing_body,
        "homepage": base,
        "description": "Các hồ sơ điển hình đang công bố trên trang, đúng như trang hiển thị. "
                       "Hồ sơ đã rút không có trong tệp này.",
        "count": len(catalog.exemplars),
    }
    # One record per line: compact (about a third smaller than indented) yet diff-friendly.
    head = json_text(doc)[:-1]
    keys, exemplars = exemplar_keys(catalog), catalog.exemplars
    encode = lambda i: json_text(record(catalog, exemplars[i], base), separators=(",", ":")).encode()  # noqa: E731
    rows = _ROWS.values((site_token(catalog), base, packed), list(map(keys.__getitem__, map(_ID, exemplars))),
                        (lambda i: zlib.compress(encode(i), 1)) if packed else encode)
    parts = chain([f'{head}, "exemplars": [\n'.encode()],
                  _separated(map(zlib.decompress, rows) if packed else rows), [b"\n]}\n"])
    return write_cached(catalog.settings.root / DATA_DIR / Path(JSON_URI).name, parts)


def _separated(rows: Iterable[bytes]) -> Iterator[bytes]:
    for n, row in enumerate(rows):
        if n:
            yield b",\n"
        yield row


def write_cached(path: Path, parts: Iterable[bytes]) -> Path:
    """`parts` written to a new file that replaces `path`: a site that links the old one keeps
    its bytes (never written through a link)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as fh:
        fh.writelines(parts)
    os.replace(tmp, path)
    return path


def json_text(data: object, **options: object) -> str:
    """JSON with <, > and & as \\u escapes: the same data, but a file served or sniffed as HTML
    can never carry a tag (a name like '<script>' stays inert)."""
    text = json.dumps(data, ensure_ascii=False, **options)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def planned_uris() -> list[tuple[str, str | None]]:
    return [(FEED_URI, None), (JSON_URI, None)]


def render_feeds(catalog: Catalog, packed: bool = False) -> list[OutFile]:
    return [OutFile(FEED_URI, atom_feed(catalog)), OutFile(JSON_URI, source=open_data(catalog, packed))]
