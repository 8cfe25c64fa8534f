"""Stage: the site's Vietnamese search index, built from the catalogue (not by crawling pages).

Why hand-made and not Pagefind or Material's lunr (figures in the design notes):
lunr folds nothing and ships the whole index to every reader; Pagefind does not fold đ,
piles Vietnamese words into huge chunks unless fed pre-folded text, and its Python client
waits 0.1 s per record. Here every word is stored under its folded form (vi.fold: no
marks, đ→d, lower case), so a reader downloads only the few small shards the query
needs, and under that the exact spellings it occurs in, so exact spellings rank first.

Layout written to <site>/assets/search/ (all JSON, served gzipped by any static host):
  meta.json      counts, the shard manifest, facet labels
  f.json         facet columns (one value per record) for filters and their counts
  t/<key>.json   {folded term: [[exact key, postings], ...]}, keys are term prefixes
  b/<n>.json     {"folded1 folded2": postings}: word pairs, for quoted phrases
  d/<n>.json     display records [url, title, kind, unit, summary, thumb, info]
  p/<key>.json   records whose title has a word starting with a 1-2 letter folded prefix
                 (delta-coded): prefix search from the first letter without loading every shard
  x/<n>.json     plain body text of record n (story, achievements), fetched only for a shown
                 result whose words matched in the body, to show an excerpt around them
Postings are delta-coded record numbers, each shifted left 3 bits with a field mask
(1 = title, 2 = unit/hamlet/summary/labels, 4 = story and other body text).
"""
from __future__ import annotations

import html
import json
import re
import shutil
import time
import unicodedata
from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

from showcase.catalog import Catalog, profile_url
from showcase.render.images import PhotoMap
from showcase.core.outfile import OutFile
from showcase.render.pages import url_of
from showcase.render.templates import render
from showcase.outputs.feeds import json_text
from showcase.core.vi import fold, format_quarter, nfc, text_sort_key

SEARCH_DIR = "assets/search"
CHUNK = 20  # display records per d/ file: a first page of results touches few, small files
SHARD_LIMIT = 24_000  # bytes of JSON before a term shard splits by one more letter
PAIR_TARGET = 16_000  # aim for word-pair buckets of about this many bytes
TITLE, META, BODY = 1, 2, 4
MAX_TERM = 40
SHORT_PREFIX = 2  # prefixes up to this length are answered from p/ (titles only)
EXCERPT_CHARS = 600  # body text kept for excerpts; a match further in shows the summary
# Tone marks only: breve, circumflex, horn and đ make other letters and stay in exact keys.
_TONE_MARKS = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_WORD = re.compile(r"[^\W_]+")
# Filters, in the order the search page shows them: (key, URL parameter, Vietnamese label).
FACETS = (("unit", "don-vi", "Xã, đơn vị"), ("subject", "doi-tuong", "Đối tượng"),
          ("field", "linh-vuc", "Lĩnh vực"), ("category", "loai", "Loại điển hình"),
          ("movement", "phong-trao", "Phong trào"), ("year", "nam", "Năm"),
          ("kind", "trang", "Loại trang"))
KINDS = {"e": "Điển hình", "m": "Phong trào", "p": "Trang"}


def exact_key(word: str) -> str:
    """Lower case with the tone moved to the end: 'Hoà' and 'hòa' → 'hoa1'; keeps ă â ê ô ơ ư đ.

    Not a fold: it tells exact spellings apart so they can rank above folded matches,
    while old and new tone placement (hoà/hòa, thuỷ/thủy) and NFC/NFD count as the same.
    """
    tone = ""
    kept = []
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONE_MARKS:
            tone = _TONE_MARKS[ch]
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)).lower() + tone


def words(text: str) -> list[str]:
    return _WORD.findall(nfc(text))


@dataclass
class Record:
    """One search result: an exemplar, a movement or a hand-written page."""

    url: str
    title: str
    kind: str  # key of KINDS
    unit: str = ""
    summary: str = ""
    thumb: str = ""
    info: str = ""
    texts: list[tuple[int, str]] = field(default_factory=list)  # (field mask, text)
    excerpt: str = ""  # plain body text for result excerpts (x/<n>.json)
    facets: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class SearchStats:
    records: int
    terms: int
    files: int
    bytes: int
    seconds: float


# ---- records from the catalogue ---------------------------------------------------------

def exemplar_records(catalog: Catalog, thumbs: Mapping[str, str]) -> list[Record]:
    out = []
    for e in catalog.exemplars:
        units = [e.unit, *[u.id for u in catalog.current_units(e.unit)]]
        unit_label = catalog.unit_label(e.unit)
        labels = [catalog.label("subjects", e.subject), catalog.label("categories", e.category),
                  *(catalog.label("fields", f) for f in e.fields)]
        movements = [catalog.movements[m].title for m in e.movements if m in catalog.movements]
        body = [e.story, *e.achievements, *(catalog.label("awards", a.name) for a in e.awards), *movements]
        successors = [f"Nay thuộc {catalog.unit_label(u)}." for u in units[1:]]
        info = " · ".join(x for x in (catalog.label("subjects", e.subject), e.hamlet,
                                      format_quarter(*e.quarter)) if x)
        out.append(Record(
            url=profile_url(e), title=e.name, kind="e", unit=unit_label, summary=e.summary,
            thumb=thumbs.get(e.id, ""), info=info, excerpt=_excerpt(e.story, *e.achievements, *successors),
            # successors' names too, as body text: "Cẩm Mỹ" finds what Long Giao submitted before
            # the merger, ranked after what the unit of that name submitted itself
            texts=[(TITLE, e.name), (META, " ".join([unit_label, e.hamlet, e.role, e.summary, *labels])),
                   (BODY, "\n".join([*body, *successors]))],
            facets={"unit": tuple(dict.fromkeys(units)), "subject": (e.subject,),
                    "field": e.fields, "category": (e.category,), "movement": e.movements,
                    "year": (str(e.year),), "kind": ("e",)}))
    return out


def movement_records(catalog: Catalog) -> list[Record]:
    return [Record(url=f"phong-trao/{m.id}/", title=m.title, kind="m", summary=m.description,
                   info=" · ".join(x for x in (m.launched_by, m.period) if x),
                   texts=[(TITLE, m.title), (META, " ".join([m.description, m.launched_by, *m.basis])),
                          (BODY, m.body)], excerpt=_excerpt(_strip_markup(m.body)),
                   facets={"movement": (m.id,), "kind": ("m",)})
            for m in catalog.movements.values()]


def page_records(catalog: Catalog, site_dir: Path | None) -> list[Record]:
    """Hand-written pages under content/, except movements (indexed above) and the home page."""
    sources = {m.source for m in catalog.movements.values()}
    out = []
    for p in catalog.pages:
        if p.path in sources or not p.path.startswith("content/") or p.path == "content/index.md":
            continue
        url = url_of(p.path[len("content/"):])
        if site_dir is not None and not (site_dir / url / "index.html").exists():
            continue  # not published under that address (drafts, blog posts moved by a plugin)
        title = str(p.meta.get("title") or url)
        summary = str(p.meta.get("description") or "")
        body = _strip_markup(p.body)
        out.append(Record(url=url, title=title, kind="p", summary=summary, excerpt=_excerpt(body),
                          texts=[(TITLE, title), (META, summary), (BODY, body)],
                          facets={"kind": ("p",)}))
    return out


def make_records(catalog: Catalog, site_dir: Path | None = None,
                 thumbs: Mapping[str, str] | None = None) -> list[Record]:
    return [*exemplar_records(catalog, thumbs or {}), *movement_records(catalog),
            *page_records(catalog, site_dir)]


def thumbs_from(photo_map: PhotoMap | None) -> dict[str, str]:
    """The smallest variant of each exemplar's first photo, if any."""
    photos = photo_map.photos if photo_map else {}
    return {eid: sets[0].variants[0].url for eid, sets in photos.items()
            if sets and sets[0].variants}


def _strip_markup(body: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>|\{[^}]*\}", " ", body))


_MD_MARKS = re.compile(r"[*_`#>|]+|!?\[([^\]]*)\]\([^)]*\)|^\s*[-+]\s+", re.M)


def _excerpt(*parts: str) -> str:
    """Body text as a reader sees it (Markdown marks dropped, one line), cut at EXCERPT_CHARS."""
    text = " ".join(_MD_MARKS.sub(lambda m: m.group(1) or " ", nfc(x)) for x in parts if x)
    return " ".join(text.split())[:EXCERPT_CHARS]


# ---- the index --------------------------------------------------------------------------

def index_records(records: list[Record]) -> tuple[dict, dict]:
    """Postings per (folded term, exact key) and per folded word pair.

    Works per distinct word of a record (sets and maps run in C): a profile repeats
    its words a lot, and this loop is the whole indexing time.
    """
    # arrays of machine ints, not dicts of Python ints: 10,000 profiles make millions of postings
    terms: dict[str, dict[str, array]] = defaultdict(lambda: defaultdict(lambda: array("q")))
    pairs: dict[tuple[str, str], array] = defaultdict(lambda: array("q"))
    folded_of: dict[str, str] = {}
    exact_of: dict[str, str] = {}
    for n, rec in enumerate(records):
        masks: dict[str, int] = {}
        near: dict[tuple[str, str], None] = {}  # an ordered set: set order changes per process
        for mask, text in rec.texts:
            found = _WORD.findall(nfc(text))
            for word in dict.fromkeys(found):  # first-seen order, so every build writes the same bytes
                masks[word] = masks.get(word, 0) | mask
                if word not in folded_of:
                    folded_of[word] = fold(word)[:MAX_TERM]
                    exact_of[word] = exact_key(word)
            folded = list(map(folded_of.__getitem__, found))
            near.update(dict.fromkeys(zip(folded, folded[1:])))
        merged: dict[tuple[str, str], int] = {}  # 'Hoà' and 'hòa' in one record: one posting
        for word, mask in masks.items():
            key = (folded_of[word], exact_of[word])
            merged[key] = merged.get(key, 0) | mask
        for (folded_term, exact), mask in merged.items():
            terms[folded_term][exact].append(n << 3 | mask)
        for pair in near:
            pairs[pair].append(n)
    return terms, {f"{a} {b}": docs for (a, b), docs in pairs.items()}


def encode_postings(docs: Sequence[int], masked: bool = True) -> list[int]:
    """Delta-coded ascending record numbers; masked entries are n << 3 | mask, kept so."""
    shift = 3 if masked else 0
    out, last = [], 0
    for v in docs:
        n = v >> shift
        out.append(((n - last) << shift) | (v & 7 if masked else 0))
        last = n
    return out


def shard_terms(sizes: Mapping[str, int], depth: int = 3) -> dict[str, list[str]]:
    """Group terms by prefix; a group over SHARD_LIMIT bytes splits by one more letter.

    `sizes` estimates each term's JSON size, so nothing is encoded before it is written.
    """
    groups: dict[str, list[str]] = defaultdict(list)
    for term in sizes:
        groups[term[:depth]].append(term)
    out: dict[str, list[str]] = {}
    for key, group in groups.items():
        longer = [t for t in group if len(t) > depth]
        if sum(sizes[t] for t in group) > SHARD_LIMIT and longer and depth < MAX_TERM:
            out.update(shard_terms({t: sizes[t] for t in longer}, depth + 1))
            rest = [t for t in group if len(t) <= depth]
            if rest:
                out[key] = rest
        else:
            out[key] = group
    return out


def shard_file(key: str) -> str:
    """File name of a term shard: the key itself when plain ASCII, else its code points in hex
    (any static host serves these; search.js computes the same name)."""
    if re.fullmatch(r"[a-z0-9]+", key):
        return key
    return "_" + "-".join(f"{ord(c):x}" for c in key)  # "_" never starts a plain key


def pair_bucket(pair: str, buckets: int) -> int:
    """FNV-1a over code points; search.js computes the same number."""
    h = 0x811C9DC5
    for ch in pair:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h % buckets


def facet_columns(records: list[Record], catalog: Catalog) -> tuple[dict, dict]:
    """Per facet: its values with labels (meta) and one entry per record (f.json).

    A column is a list of value numbers (single-valued facets) or of lists (multi-valued),
    compact in JSON and tiny once gzipped.
    """
    labels = _facet_labels(catalog)
    meta, cols = {}, {}
    for key, param, title in FACETS:
        seen = {v for r in records for v in r.facets.get(key, ())}
        values = sorted(seen, key=lambda v: _facet_order(key, v, labels))
        number = {v: i for i, v in enumerate(values)}
        meta[key] = {"param": param, "title": title,
                     "values": [[v, labels.get(key, {}).get(v, v)] for v in values]}
        column = [[number[v] for v in r.facets.get(key, ())] for r in records]
        cols[key] = column if any(len(c) > 1 for c in column) else [c[0] if c else -1 for c in column]
    return meta, cols


def _facet_labels(catalog: Catalog) -> dict[str, dict[str, str]]:
    vocab = lambda name: dict(catalog.vocabs[name].labels) if name in catalog.vocabs else {}  # noqa: E731
    return {"unit": {u: catalog.unit_label(u) for u in catalog.units},
            "subject": vocab("subjects"), "field": vocab("fields"), "category": vocab("categories"),
            "movement": {m.id: m.title for m in catalog.movements.values()},
            "kind": dict(KINDS)}


def _facet_order(key: str, value: str, labels: dict[str, dict[str, str]]) -> tuple:
    if key == "year":
        return (-int(value),)
    if key in ("unit", "movement"):
        return text_sort_key(labels.get(key, {}).get(value, value))
    # vocabulary order, as editors wrote it (the values come from a set: never rely on its order)
    order = list(labels.get(key, {}))
    return (order.index(value) if value in order else len(order), value)


def build_search_index(catalog: Catalog, site_dir: Path, photo_map: PhotoMap | None = None) -> SearchStats:
    """Write <site_dir>/assets/search/ from the catalogue, after the engine wrote the site.

    Stored URLs are relative: search.js resolves them against the site's own base, so one
    build works from "/" and from a sub-path.
    """
    return write_search(make_records(catalog, None, thumbs_from(photo_map)), catalog, site_dir)


def write_search(records: list[Record], catalog: Catalog, site_dir: Path) -> SearchStats:
    """The pipeline's finishing step: index the records into <site_dir>/assets/search/,
    leaving out hand-written pages the engine did not publish under their address."""
    start = time.perf_counter()
    records = [r for r in records if r.kind != "p" or (site_dir / r.url / "index.html").exists()]
    out = site_dir / SEARCH_DIR
    if out.exists():
        shutil.rmtree(out)
    files, terms = write_index(records, catalog, out)
    size = sum(p.stat().st_size for p in files)
    return SearchStats(len(records), terms, len(files), size, time.perf_counter() - start)


def write_index(records: list[Record], catalog: Catalog, out: Path) -> tuple[list[Path], int]:
    """Every file of the index; postings are encoded one file at a time to keep memory low."""
    terms, pairs = index_records(records)
    # a posting is 2-4 characters of JSON once delta-coded
    shards = shard_terms({t: len(t) + sum(len(x) + 8 + 3 * len(d) for x, d in v.items())
                          for t, v in terms.items()})
    pair_size = sum(len(p) + 3 * len(d) for p, d in pairs.items())
    buckets = max(1, min(4096, pair_size // PAIR_TARGET + 1))
    by_bucket: dict[int, list[str]] = defaultdict(list)
    for pair in pairs:
        by_bucket[pair_bucket(pair, buckets)].append(pair)
    facet_meta, cols = facet_columns(records, catalog)
    prefixes = short_prefixes(records)
    meta = {"v": 2, "n": len(records), "chunk": CHUNK, "pairs": buckets,
            "shards": sorted(shards), "short": sorted(prefixes), "help_from": help_from(records),
            "facets": facet_meta, "kinds": KINDS}
    written = [_dump(out / "meta.json", meta), _dump(out / "f.json", cols)]
    for key in sorted(prefixes):
        written.append(_dump(out / "p" / f"{shard_file(key)}.json",
                             encode_postings(prefixes[key], masked=False)))
    for n, rec in enumerate(records):  # one for every record with body text: a body match fetches it
        if rec.excerpt or any(mask == BODY and text.strip() for mask, text in rec.texts):
            written.append(_dump(out / "x" / f"{n}.json", rec.excerpt))
    for key, names in sorted(shards.items()):
        # commonest spelling first: the browser scans fewer variants for most queries
        written.append(_dump(out / "t" / f"{shard_file(key)}.json", {
            t: [[x, encode_postings(d)] for x, d in sorted(terms[t].items(), key=lambda kv: -len(kv[1]))]
            for t in names}))
    for i in range(buckets):
        written.append(_dump(out / "b" / f"{i}.json", {
            p: encode_postings(pairs[p], masked=False) for p in sorted(by_bucket.get(i, []))}))
    for i in range(0, len(records), CHUNK):
        chunk = [[r.url, r.title, r.kind, r.unit, r.summary, r.thumb, r.info]
                 for r in records[i:i + CHUNK]]
        written.append(_dump(out / "d" / f"{i // CHUNK}.json", chunk))
    return written, len(terms)


def short_prefixes(records: list[Record]) -> dict[str, list[int]]:
    """Record numbers (ascending) per folded 1-2 letter prefix of a title word."""
    out: dict[str, set[int]] = defaultdict(set)
    for n, rec in enumerate(records):
        for word in words(rec.title):
            folded = fold(word)
            for length in range(1, min(SHORT_PREFIX, len(folded)) + 1):
                out[folded[:length]].add(n)
    return {k: sorted(v) for k, v in out.items()}


def help_from(records: list[Record]) -> int:
    """Index of the first hand-written page: make_records puts them last, and search.js lists
    them in their own group below the exemplars and movements (the guide matches everything)."""
    return next((n for n, r in enumerate(records) if r.kind == "p"), len(records))


def _dump(path: Path, data: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json_text(data, separators=(",", ":")), encoding="utf-8")
    return path


# ---- the search page --------------------------------------------------------------------

PAGE_URI = "tim-kiem/index.md"


def search_page(root: Path | None = None) -> OutFile:
    """tim-kiem/index.md: the results page with its filters; search.js fills it in. The form
    is generated HTML (theme_overrides/showcase/search.html), after the page's Markdown."""
    body = render("search.html", root, facets=[{"key": key, "param": param, "title": title}
                                               for key, param, title in FACETS])
    head = ("---\ntitle: Tìm kiếm\ndescription: Tìm điển hình tiên tiến, phong trào thi đua và bài viết "
            "theo tên, đơn vị, ấp, lĩnh vực, năm.\nhide:\n  - toc\n---\n\n")
    return OutFile(PAGE_URI, head, html=str(body) + "\n")

