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

import contextlib
import functools
import hashlib
import html
import operator
import os
import posixpath
import re
import shutil
import time
import unicodedata
import zlib
from array import array
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Sequence

from showcase.catalog import Catalog, profile_url
from showcase.core.model import Exemplar
from showcase.render.images import PhotoMap
from showcase.render.memo import Memo, exemplar_keys, persist, site_token
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


@dataclass(slots=True)
class Record:
    """One search result: an exemplar, a movement or a hand-written page."""

    url: str
    title: str
    kind: str  # key of KINDS
    unit: str = ""
    summary: str = ""
    thumb: str = ""
    info: str = ""
    texts: Iterable[tuple[int, str]] = ()  # (field mask, text); kept as Texts
    excerpt: str = ""  # plain body text for result excerpts (x/<n>.json)
    facets: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.texts, Texts):
            self.texts = Texts.of(self.texts)


class Texts:
    """A record's (field mask, text) pairs, the texts packed as one zlib'd UTF-8 string (level
    1): a whole story per record, read only while its words are indexed, yet held to the end
    of a build and in the saved state (10,000 profiles: 36 MB of str, 10 MB packed).
    Deterministic, so equal texts are equal bytes and records still compare by value."""

    __slots__ = ("spans", "packed")

    def __init__(self, spans: tuple[tuple[int, int], ...], packed: bytes) -> None:
        self.spans, self.packed = spans, packed  # (mask, length in characters) of each text

    @classmethod
    def of(cls, texts: Iterable[tuple[int, str]]) -> "Texts":
        pairs = list(texts)
        return cls(tuple((m, len(t)) for m, t in pairs),
                   zlib.compress("".join(t for _, t in pairs).encode(), 1))

    def __iter__(self) -> Iterator[tuple[int, str]]:
        whole, at, out = zlib.decompress(self.packed).decode(), 0, []
        for mask, length in self.spans:
            out.append((mask, whole[at:at + length]))
            at += length
        return iter(out)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Texts) and self.spans == other.spans and self.packed == other.packed

    def __hash__(self) -> int:
        return hash(self.packed)

    def __reduce__(self) -> tuple:
        return Texts, (self.spans, self.packed)

    def __repr__(self) -> str:
        return f"Texts({list(self)!r})"


@dataclass(frozen=True)
class SearchStats:
    records: int
    terms: int
    files: int
    bytes: int
    seconds: float


# ---- records from the catalogue ---------------------------------------------------------

# Exemplar records by exemplar, thumbnail and site token, for a warm `showcase serve`
# (render/memo.py). Records are shared between runs: nothing may change one after make_records.
_RECORDS: Memo[Record] = Memo("search records")
persist("search", _RECORDS)


def exemplar_records(catalog: Catalog, thumbs: Mapping[str, str]) -> list[Record]:
    _RECORDS.start()
    token, keys = site_token(catalog), exemplar_keys(catalog)
    return [_RECORDS.at(e.id, (token, keys[e.id], thumbs.get(e.id, "")), lambda e=e: exemplar_record(catalog, e, thumbs))
            for e in catalog.exemplars]


def exemplar_record(catalog: Catalog, e: Exemplar, thumbs: Mapping[str, str]) -> Record:
    """One exemplar's search record: what its page shows, labels resolved."""
    units = [e.unit, *[u.id for u in catalog.current_units(e.unit)]]
    unit_label = catalog.unit_label(e.unit)
    labels = [catalog.label("subjects", e.subject), catalog.label("categories", e.category),
              *(catalog.label("fields", f) for f in e.fields)]
    movements = [catalog.movements[m].title for m in e.movements if m in catalog.movements]
    body = [e.story, *e.achievements, *(catalog.label("awards", a.name) for a in e.awards), *movements]
    successors = [f"Nay thuộc {catalog.unit_label(u)}." for u in units[1:]]
    info = " · ".join(x for x in (catalog.label("subjects", e.subject), e.hamlet,
                                  format_quarter(*e.quarter)) if x)
    return Record(
        url=profile_url(e), title=e.name, kind="e", unit=unit_label, summary=e.summary,
        thumb=thumbs.get(e.id, ""), info=info, excerpt=_excerpt(e.story, *e.achievements, *successors),
        # successors' names too, as body text: "Cẩm Mỹ" finds what Long Giao submitted before
        # the merger, ranked after what the unit of that name submitted itself
        texts=[(TITLE, e.name), (META, " ".join([unit_label, e.hamlet, e.role, e.summary, *labels])),
               (BODY, "\n".join([*body, *successors]))],
        facets={"unit": tuple(dict.fromkeys(units)), "subject": (e.subject,),
                "field": e.fields, "category": (e.category,), "movement": e.movements,
                "year": (str(e.year),), "kind": ("e",)})


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
#
# One code path writes the index whole or incrementally: a SearchState holds the posting lists
# of the last write, and `_advance` splices in the records between the unchanged head and tail
# of the record list (compared by value), then encodes and writes only files that can differ.
# Record numbers are positions, so an added or removed record shifts the tail. So the lists
# hold stable record ids instead (spaced 2**gap apart, a new record takes one between its
# neighbours), which no shift changes, beside the delta-coded positions as written, where a
# shift changes one number (the first delta past the splice): a shifted list costs one array
# copy, not a pass over its entries. x/ files move by rename. Ids and their mask fit 32 bits
# (half the memory of 64: 95 MB at 50,000 profiles): a full write spaces them as widely as
# the record count allows (`_gap_for`: 2**14 at 10,000, 2**12 at 50,000), so that many
# records can be added at one place, or ids run out, before the next full write renumbers.

_ABSN = "I"  # a posting by id: id << 3 | mask, 32 bits unsigned
_ID_LIMIT = 1 << 29  # ids below this: id << 3 | 7 fits _ABSN
_FULL_SPAN = 2  # more than half of the records changed: a full write is as cheap
_ENC = "i"  # delta codes fit 32 bits up to 268 million records: half the memory of "q"


@dataclass(slots=True)
class _Postings:
    """One posting list, ascending: `absn` by record id (id << 3 | mask, or id), `enc` by
    position, delta-coded as written; `pos` is its rank among its first record's terms (the
    full index's order)."""

    absn: array
    enc: array
    pos: int = 0


@dataclass(slots=True)
class _Tokens:
    """What a run of records puts in the index, numbered from its first record's position."""

    terms: dict[tuple[str, str], array] = field(default_factory=dict)  # _ABSN arrays
    ranks: dict[tuple[str, str], int] = field(default_factory=dict)  # rank in its first record
    pairs: dict[str, array] = field(default_factory=dict)
    prefixes: dict[str, array] = field(default_factory=dict)


@dataclass
class SearchState:
    """What the next incremental write needs; its files are the ones in assets/search/ now.

    Picklable (dicts, arrays, Records). A write never changes the state it was given.
    """

    records: list[Record] = field(default_factory=list)
    ids: array = field(default_factory=lambda: array("q"))  # stable id of each record, ascending
    gap: int = 0  # log2 of the full write's spacing of ids (_gap_for)
    terms: dict[tuple[str, str], _Postings] = field(default_factory=dict)  # (folded, exact key)
    spellings: dict[str, tuple[str, ...]] = field(default_factory=dict)  # folded → exact keys
    pairs: dict[str, _Postings] = field(default_factory=dict)
    prefixes: dict[str, _Postings] = field(default_factory=dict)
    term_size: dict[str, int] = field(default_factory=dict)  # shard_terms' size estimate
    groups: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)  # t[:3] → shards
    pair_size: int = 0
    buckets: int = 0
    bucket_pairs: dict[int, frozenset[str]] = field(default_factory=dict)
    facets: dict[str, dict] = field(default_factory=dict)  # labels, counts, numbers, columns
    sizes: dict[str, int] = field(default_factory=dict)  # every file, by path in the folder
    digests: dict[str, bytes] = field(default_factory=dict)  # t/ b/ p/ meta f: content hash
    stats: SearchStats = SearchStats(0, 0, 0, 0, 0.0)


def build_search_index(catalog: Catalog, site_dir: Path, photo_map: PhotoMap | None = None) -> SearchStats:
    """Write <site_dir>/assets/search/ from the catalogue, after the engine wrote the site.

    Stored URLs are relative: search.js resolves them against the site's own base, so one
    build works from "/" and from a sub-path.
    """
    return write_search(make_records(catalog, None, thumbs_from(photo_map)), catalog, site_dir).stats


def write_search(records: list[Record], catalog: Catalog, site_dir: Path,
                 previous: SearchState | None = None,
                 published: frozenset[str] | None = None) -> SearchState:
    """The pipeline's finishing step: index the records into <site_dir>/assets/search/,
    leaving out hand-written pages the engine did not publish under their address: those
    not in `published` (the paths the engine writes, when it is still writing them), else
    those with no index.html in site_dir.

    Without `previous` the folder is cleared and written whole. With it (what the last call
    returned, whose files are in the folder now) only files whose bytes differ are replaced,
    always by a new inode (temp file + os.replace, or a rename), so a hard-linked copy of the
    published site never writes through to it; the bytes equal a full write's. After an
    exception the folder is half-way: pass None next time.
    """
    start = time.perf_counter()
    records = [r for r in records if r.kind != "p" or _published(site_dir, r.url, published)]
    out = site_dir / SEARCH_DIR
    if previous is None or not out.is_dir():
        state = _write_full(records, catalog, out)
    else:
        state = _advance(previous, records, catalog, out)
    state.stats = SearchStats(len(records), len(state.spellings), len(state.sizes),
                              sum(state.sizes.values()), time.perf_counter() - start)
    return state


def _published(site_dir: Path, url: str, published: frozenset[str] | None) -> bool:
    page = posixpath.join(url, "index.html")
    return page in published if published is not None else (site_dir / page).exists()


def _write_full(records: list[Record], catalog: Catalog, out: Path) -> SearchState:
    if out.exists():
        shutil.rmtree(out)
    return _advance(SearchState(), records, catalog, out, fresh=True)


@dataclass(frozen=True, slots=True)
class _Span:
    """Records [a, old_end) of the last list became [a, new_end); the tail moved by `shift`."""

    a: int
    old_end: int
    new_end: int

    @property
    def shift(self) -> int:
        return self.new_end - self.old_end


@dataclass(slots=True)
class _Numbering:
    """Record ids of one write: the new list's, and where the span lies among them."""

    span: _Span
    ids: array  # the new list's
    head: int  # id of the last record before the span, or 0
    tail: int | None  # id of the first record after it
    inside: dict[int, int]  # span's ids → positions
    fresh: bool  # ids are (n + 1) << gap
    gap: int

    def position(self, ident: int) -> int:
        n = self.inside.get(ident)
        return bisect_left(self.ids, ident) if n is None else n


def _gap_for(records: int) -> int:
    """The widest spacing (as a power of two) that leaves ids room for as many records again."""
    return max(3, _ID_LIMIT.bit_length() - 2 - (records + 1).bit_length())  # 3: masks fall off


def _numbering(old: array, span: _Span, fresh: bool, gap: int) -> _Numbering | None:
    """New ids: an edit keeps its records' ids, new records share the room between their
    neighbours; None when there is no room left (then a full write renumbers)."""
    count, kept = span.new_end - span.a, old[span.a:span.old_end]
    head = old[span.a - 1] if span.a else 0
    tail = old[span.old_end] if span.old_end < len(old) else None
    if count <= len(kept):
        new = kept[:count]
    else:
        step = ((tail if tail is not None else head + ((count + 1) << gap)) - head) // (count + 1)
        if step < 1 or (not fresh and head + step * count >= _ID_LIMIT):
            return None
        new = array("q", range(head + step, head + step * count + 1, step))
    inside = {ident: n for n, ident in enumerate(new, span.a)}
    return _Numbering(span, old[:span.a] + new + old[span.old_end:], head, tail, inside, fresh, gap)


def _span(old: list[Record], new: list[Record]) -> _Span:
    """The unchanged head and tail, compared by value (identity first: it is quicker)."""
    limit = min(len(old), len(new))
    a = 0
    while a < limit and (old[a] is new[a] or old[a] == new[a]):
        a += 1
    b = 0
    while b < limit - a and (old[-1 - b] is new[-1 - b] or old[-1 - b] == new[-1 - b]):
        b += 1
    return _Span(a, len(old) - b, len(new) - b)


def _advance(prev: SearchState, records: list[Record], catalog: Catalog, out: Path,
             fresh: bool = False) -> SearchState:
    span = _span(prev.records, records)
    changed = (span.old_end - span.a) + (span.new_end - span.a)
    if not fresh and changed > 64 and changed * _FULL_SPAN > len(records):
        return _write_full(records, catalog, out)  # e.g. the order changed
    num = _numbering(prev.ids, span, fresh, _gap_for(len(records)) if fresh else prev.gap)
    if num is None:
        return _write_full(records, catalog, out)
    state = SearchState(records=list(records), ids=num.ids, gap=num.gap, sizes=dict(prev.sizes),
                        digests=dict(prev.digests))
    memo: dict[str, tuple[str, str]] = {}
    added = _tokens(records[span.a:span.new_end], num.ids[span.a:span.new_end], memo)
    dropped = _tokens(prev.records[span.a:span.old_end], prev.ids[span.a:span.old_end], memo)
    writer = _Writer(out, state, fresh)
    _write_records(prev.records, records, span, writer)
    _write_shards(prev, state, _update_terms(prev, state, added, dropped, num, memo), writer)
    _write_pairs(prev, state, added, dropped, num, writer)
    _write_prefixes(prev, state, added, dropped, num, writer)
    cols = _update_facets(prev, state, catalog, span)
    meta = {"v": 2, "n": len(records), "chunk": CHUNK, "pairs": state.buckets,
            "shards": sorted(k for g in state.groups.values() for k in g),
            "short": sorted(state.prefixes), "help_from": help_from(records),
            "facets": state.facets["meta"], "kinds": KINDS}
    writer.put("meta.json", meta)
    writer.put("f.json", cols)
    return state


class _Writer:
    """Files of one write; `state.sizes` follows what is in the folder, move by move.
    Paths are plain strings: pathlib cost a fifth of an incremental write at 11,000 files."""

    def __init__(self, out: Path, state: SearchState, fresh: bool) -> None:
        self.out, self.state, self.fresh = f"{out}{os.sep}", state, fresh
        self.dirs: set[str] = set()

    def put(self, rel: str, data: object, digest: bool = True) -> None:
        """Write JSON unless (digest) the file already holds these bytes."""
        body = json_text(data, separators=(",", ":")).encode("utf-8")
        if digest:
            key = hashlib.blake2b(body, digest_size=16).digest()
            if self.state.digests.get(rel) == key and rel in self.state.sizes:
                return
            self.state.digests[rel] = key
        folder, _, name = rel.rpartition("/")
        if folder not in self.dirs:
            os.makedirs(self.out + folder, exist_ok=True)
            self.dirs.add(folder)
        path = self.out + rel
        if self.fresh:
            with open(path, "wb") as f:
                f.write(body)
        else:  # never through the old inode: it may be the published site's too
            tmp = f"{self.out}{folder}/.{name}.tmp"
            with open(tmp, "wb") as f:
                f.write(body)
            os.replace(tmp, path)
        self.state.sizes[rel] = len(body)

    def remove(self, rel: str) -> None:
        if self.state.sizes.pop(rel, None) is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.out + rel)
        self.state.digests.pop(rel, None)

    def move(self, src: str, dst: str) -> None:
        os.replace(self.out + src, self.out + dst)
        self.state.sizes[dst] = self.state.sizes.pop(src)


# -- tokens

def _tokens(records: list[Record], ids: Sequence[int], memo: dict[str, tuple[str, str]]) -> _Tokens:
    """Postings of `records` by their ids, in the order the full index meets them: as 32-bit
    arrays from the start, where lists of ints took 8 bytes a posting (a full write holds
    every list at once: ~190 MB at 50,000 profiles)."""
    out = _Tokens()
    terms, ranks, prefixes = out.terms, out.ranks, out.prefixes
    pairs: dict[tuple[str, str], array] = defaultdict(lambda: array(_ABSN))
    for n, rec in zip(ids, records):
        merged, near = _record_terms(rec, memo)
        codes = [n << 3 | mask for mask in range(8)]
        for rank, (key, mask) in enumerate(merged.items()):
            docs = terms.get(key)
            if docs is None:
                terms[key] = array(_ABSN, (codes[mask],))
                ranks[key] = rank
            else:
                docs.append(codes[mask])
        for pair in near:
            pairs[pair].append(n)
        for key in _record_prefixes(rec):
            docs = prefixes.get(key)
            if docs is None:
                docs = prefixes[key] = array(_ABSN)
            docs.append(n)
    out.pairs = {f"{a} {b}": docs for (a, b), docs in pairs.items()}  # once per pair, not per record
    return out


def _record_terms(rec: Record, memo: dict[str, tuple[str, str]]) -> tuple[dict, dict]:
    """{(folded, exact key): field mask} in first-seen order, and the folded word pairs.

    Works per distinct word of a record (sets and maps run in C): a profile repeats
    its words a lot, and this loop is the whole indexing time.
    """
    masks: dict[str, int] = {}
    near: dict[tuple[str, str], None] = {}  # an ordered set: set order changes per process
    for mask, text in rec.texts:
        found = _WORD.findall(nfc(text))
        for word in dict.fromkeys(found):  # first-seen order, so every build writes the same bytes
            masks[word] = masks.get(word, 0) | mask
            if word not in memo:
                memo[word] = (fold(word)[:MAX_TERM], exact_key(word))
        folded = [memo[w][0] for w in found]
        near.update(dict.fromkeys(zip(folded, folded[1:])))
    merged: dict[tuple[str, str], int] = {}  # 'Hoà' and 'hòa' in one record: one posting
    for word, mask in masks.items():
        key = memo[word]
        merged[key] = merged.get(key, 0) | mask
    return merged, near


def _record_prefixes(rec: Record) -> list[str]:
    """Folded 1-2 letter prefixes of the title's words (for p/)."""
    keys: dict[str, None] = {}
    for word in words(rec.title):
        folded = fold(word)
        for length in range(1, min(SHORT_PREFIX, len(folded)) + 1):
            keys[folded[:length]] = None
    return list(keys)


def _has_body(rec: Record) -> bool:
    """Every record with body text has its x/ file: a body match fetches it."""
    return bool(rec.excerpt) or any(mask == BODY and text.strip() for mask, text in rec.texts)


# -- posting lists

def _deltas(by_position: Sequence[int], bits: int) -> array:
    """Delta codes of by_position[1:]: each entry minus the number of the one before it
    (by_position[0], 0 for none), masks kept."""
    before: Iterable[int] = by_position[:-1]
    if bits:
        before = map((-1 << bits).__and__, before)
    return array(_ENC, map(operator.sub, by_position[1:], before))


def _fresh_deltas(absn: array, bits: int, gap: int) -> array:
    """_deltas of a whole list in a full write, whose ids are (n + 1) << gap, in C maps:
    (id << bits | mask) >> gap is (n + 1) << bits, the mask falls off (bits < gap)."""
    rank = array("q", map(gap.__rrshift__, absn))
    steps = map(operator.sub, rank, array("q", [1 << bits]) + rank[:-1])
    return array(_ENC, map(operator.add, steps, map((7 if bits else 0).__and__, absn)))


def _splice_family(old: Mapping, added: dict, dropped: Mapping, num: _Numbering,
                   bits: int) -> tuple[dict, set]:
    """The posting lists with the span's entries replaced by `added`, and the keys whose list
    changed (removed ones included). Lists that only move get their one new delta.
    `added` is emptied as it goes: each list of ints goes as soon as its array is made (in a
    full write they would all be alive beside the arrays)."""
    lists = dict(old)
    touched = set()
    for key in {**added, **dropped}:
        plist = _splice(old.get(key), added.pop(key, None) or array(_ABSN), num, bits)
        if plist is None:
            lists.pop(key, None)
        elif plist is not old.get(key):
            lists[key] = plist
        else:
            continue  # the record was edited, but not where this list is concerned
        touched.add(key)
    if num.span.shift and num.tail is not None:
        edge, step = num.tail << bits, num.span.shift << bits
        for key, plist in old.items():
            if plist.absn[-1] >= edge and key not in touched:
                enc = plist.enc[:]
                enc[bisect_left(plist.absn, edge)] += step
                lists[key] = _Postings(plist.absn, enc, plist.pos)
                touched.add(key)
    return lists, touched


def _splice(plist: _Postings | None, new_part: array, num: _Numbering,
            bits: int) -> _Postings | None:
    """`new_part`: the span's postings, an _ABSN array of _tokens' (taken, not copied)."""
    if plist is None:
        if not new_part:
            return None
        if num.fresh:
            return _Postings(new_part, _fresh_deltas(new_part, bits, num.gap))
        return _Postings(new_part, _deltas([0, *_by_position(new_part, num, bits)], bits))
    absn = plist.absn
    lo = bisect_left(absn, (num.head + 1) << bits) if num.span.a else 0
    hi = bisect_left(absn, num.tail << bits) if num.tail is not None else len(absn)
    if not num.span.shift and absn[lo:hi] == new_part:
        return plist
    joined = absn[:lo] + new_part + absn[hi:]
    if not joined:
        return None
    # new deltas for the new entries and the tail's first one; the tail's others stay
    around = _by_position(joined[max(lo - 1, 0):lo + len(new_part) + 1], num, bits)
    enc = plist.enc[:lo] + _deltas(around if lo else [0, *around], bits) + plist.enc[hi + 1:]
    return _Postings(joined, enc, plist.pos)


def _by_position(values: Sequence[int], num: _Numbering, bits: int) -> list[int]:
    """id << bits | mask → position << bits | mask."""
    mask = (1 << bits) - 1
    return [num.position(v >> bits) << bits | (v & mask) for v in values]


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
    return _fnv(pair) % buckets


@functools.lru_cache(maxsize=1 << 18)  # a shifted tail re-buckets every pair it holds
def _fnv(text: str) -> int:
    h = 0x811C9DC5
    for ch in text:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h


# -- t/: term shards

def _update_terms(prev: SearchState, state: SearchState, added: _Tokens, dropped: _Tokens,
                  num: _Numbering, memo: dict[str, tuple[str, str]]) -> set[str]:
    """Splice the term lists; the folded terms whose lists changed."""
    state.terms, keys = _splice_family(prev.terms, added.terms, dropped.terms, num, 3)
    ranks: dict[int, dict] = {}
    spelled: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        spelled[key[0]].append(key[1])
        plist = state.terms.get(key)
        if plist is not None:
            plist.pos = _first_rank(key, plist, prev.terms.get(key), added, num, ranks, memo,
                                    state.records)
    state.spellings = dict(prev.spellings)
    for folded, exacts in spelled.items():
        kept = tuple(x for x in dict.fromkeys([*prev.spellings.get(folded, ()), *exacts])
                     if (folded, x) in state.terms)
        if kept:
            state.spellings[folded] = kept
        else:
            del state.spellings[folded]
    return set(spelled)


def _first_rank(key: tuple[str, str], plist: _Postings, old: _Postings | None, added: _Tokens,
                num: _Numbering, ranks: dict[int, dict], memo: dict[str, tuple[str, str]],
                records: list[Record]) -> int:
    """The list's rank in its first record: from the new records, the old list, or (when the
    first record changed to an untouched one) that record's terms again."""
    first = plist.absn[0] >> 3
    if first in num.inside:
        return added.ranks[key]
    if old is not None and old.absn[0] >> 3 == first:
        return old.pos
    if first not in ranks:
        rec = records[num.position(first)]
        ranks[first] = {k: i for i, k in enumerate(_record_terms(rec, memo)[0])}
    return ranks[first][key]


def _write_shards(prev: SearchState, state: SearchState, changed: set[str], writer: _Writer) -> None:
    """Re-partition the three-letter groups of changed terms; write the shards that changed."""
    state.term_size = dict(prev.term_size)
    for folded in changed:
        if folded in state.spellings:  # a posting is 2-4 characters of JSON once delta-coded
            state.term_size[folded] = len(folded) + sum(
                len(x) + 8 + 3 * len(state.terms[folded, x].absn) for x in state.spellings[folded])
        else:
            state.term_size.pop(folded, None)
    state.groups = dict(prev.groups)
    for group in sorted({t[:3] for t in changed}):
        old = prev.groups.get(group, {})
        members = {t for names in old.values() for t in names} | {t for t in changed if t[:3] == group}
        shards = shard_terms({t: state.term_size[t] for t in members if t in state.spellings})
        new = {key: tuple(sorted(names, key=lambda t: _first_seen(state, t)))
               for key, names in shards.items()}
        for key in sorted(set(old) - set(new)):
            writer.remove(f"t/{shard_file(key)}.json")
        for key, names in sorted(new.items()):
            if set(names) != set(old.get(key, ())) or not changed.isdisjoint(names):
                writer.put(f"t/{shard_file(key)}.json", _shard_json(state, names))
        if new:
            state.groups[group] = new
        else:
            state.groups.pop(group, None)


def _first_seen(state: SearchState, folded: str) -> tuple[int, int]:
    """Where a full index meets the term first: (record, rank in it)."""
    return min(_seen(state.terms[folded, x]) for x in state.spellings[folded])


def _seen(plist: _Postings) -> tuple[int, int]:
    return plist.absn[0] >> 3, plist.pos


def _shard_json(state: SearchState, names: Sequence[str]) -> dict:
    """{folded: [[exact key, postings], ...]}, commonest spelling first (the browser scans
    fewer variants for most queries), then in first-seen order."""
    out = {}
    for folded in names:
        lists = [(x, state.terms[folded, x]) for x in state.spellings[folded]]
        lists.sort(key=lambda xp: (-len(xp[1].absn), *_seen(xp[1])))
        out[folded] = [[x, plist.enc.tolist()] for x, plist in lists]
    return out


# -- b/ and p/: word pairs, short prefixes

def _write_pairs(prev: SearchState, state: SearchState, added: _Tokens, dropped: _Tokens,
                 num: _Numbering, writer: _Writer) -> None:
    state.pairs, keys = _splice_family(prev.pairs, added.pairs, dropped.pairs, num, 0)
    size = prev.pair_size
    for pair in keys:
        size -= len(pair) + 3 * len(prev.pairs[pair].absn) if pair in prev.pairs else 0
        size += len(pair) + 3 * len(state.pairs[pair].absn) if pair in state.pairs else 0
    state.pair_size = size
    state.buckets = buckets = max(1, min(4096, size // PAIR_TARGET + 1))
    state.bucket_pairs = dict(prev.bucket_pairs)
    moved: dict[int, set[str]] = defaultdict(set)
    if buckets != prev.buckets:  # every pair may change bucket
        keys = set(state.pairs)
        state.bucket_pairs = {i: frozenset() for i in range(buckets)}
        for i in range(buckets, prev.buckets):
            writer.remove(f"b/{i}.json")
        moved.update((i, set()) for i in range(buckets))
    for pair in keys:
        moved[pair_bucket(pair, buckets)].add(pair)
    for i, pairs in sorted(moved.items()):
        state.bucket_pairs[i] = frozenset(p for p in state.bucket_pairs[i] | pairs if p in state.pairs)
        writer.put(f"b/{i}.json", {p: state.pairs[p].enc.tolist() for p in sorted(state.bucket_pairs[i])})


def _write_prefixes(prev: SearchState, state: SearchState, added: _Tokens, dropped: _Tokens,
                    num: _Numbering, writer: _Writer) -> None:
    state.prefixes, keys = _splice_family(prev.prefixes, added.prefixes, dropped.prefixes, num, 0)
    for key in sorted(keys):
        if key in state.prefixes:
            writer.put(f"p/{shard_file(key)}.json", state.prefixes[key].enc.tolist())
        else:
            writer.remove(f"p/{shard_file(key)}.json")


# -- x/ and d/: per record

def _write_records(old: list[Record], new: list[Record], span: _Span, writer: _Writer) -> None:
    _move_excerpts(old, span, writer)
    kept = min(span.old_end, span.new_end)  # below this, x/<n> is still old record n's
    for n in range(span.a, span.new_end):
        if n < kept and _has_body(old[n]) == _has_body(new[n]) and old[n].excerpt == new[n].excerpt:
            continue
        if _has_body(new[n]):
            writer.put(f"x/{n}.json", new[n].excerpt, digest=False)
        else:
            writer.remove(f"x/{n}.json")
    for n in range(len(new), len(old)):
        writer.remove(f"x/{n}.json")
    end = max(len(old), len(new)) if span.shift else span.new_end
    for c in range(span.a // CHUNK, -(-end // CHUNK)):
        rows = [_row(r) for r in new[c * CHUNK:(c + 1) * CHUNK]]
        if not rows:
            writer.remove(f"d/{c}.json")
        elif writer.fresh or rows != [_row(r) for r in old[c * CHUNK:(c + 1) * CHUNK]]:
            writer.put(f"d/{c}.json", rows, digest=False)


def _move_excerpts(old: list[Record], span: _Span, writer: _Writer) -> None:
    """The tail's x/ files take their new numbers by rename, farthest first, so no file is
    overwritten before it moved."""
    shift = span.shift
    tail = range(span.old_end, len(old))
    for m in (reversed(tail) if shift > 0 else tail) if shift else ():
        if _has_body(old[m]):
            writer.move(f"x/{m}.json", f"x/{m + shift}.json")
        else:
            writer.remove(f"x/{m + shift}.json")


def _row(rec: Record) -> list[str]:
    return [rec.url, rec.title, rec.kind, rec.unit, rec.summary, rec.thumb, rec.info]


# -- f.json and the facets' part of meta.json

def _update_facets(prev: SearchState, state: SearchState, catalog: Catalog, span: _Span) -> dict:
    """The facets, spliced when labels and the set of values stayed (value numbers hold)."""
    labels, old, records = _facet_labels(catalog), prev.facets, state.records
    if old and old["labels"] == labels:
        seen = {key: dict(counts) for key, counts in old["seen"].items()}
        for sign, recs in ((-1, prev.records[span.a:span.old_end]), (1, records[span.a:span.new_end])):
            for rec in recs:
                for key, values in rec.facets.items():
                    counts = seen.setdefault(key, {})
                    for v in values:
                        counts[v] = counts.get(v, 0) + sign
        seen = {key: {v: c for v, c in counts.items() if c} for key, counts in seen.items()}
        if all(seen.get(key, {}).keys() == old["seen"].get(key, {}).keys() for key, _, _ in FACETS):
            middle = records[span.a:span.new_end]
            raw = {key: [*column[:span.a], *_facet_rows(middle, key, old["number"][key]),
                         *column[span.old_end:]] for key, column in old["raw"].items()}
            state.facets = {**old, "seen": seen, "raw": raw}
            return _facet_output(state.facets)
    state.facets = _facet_state(records, labels)
    return _facet_output(state.facets)


def _facet_state(records: list[Record], labels: dict[str, dict[str, str]]) -> dict:
    seen: dict[str, dict[str, int]] = {}
    for rec in records:
        for key, values in rec.facets.items():
            counts = seen.setdefault(key, {})
            for v in values:
                counts[v] = counts.get(v, 0) + 1
    meta, number, raw = {}, {}, {}
    for key, param, title in FACETS:
        # the value last: two units of one label keep one order in every process
        values = sorted(seen.get(key, {}), key=lambda v: (_facet_order(key, v, labels), v))
        number[key] = {v: i for i, v in enumerate(values)}
        meta[key] = {"param": param, "title": title,
                     "values": [[v, labels.get(key, {}).get(v, v)] for v in values]}
        raw[key] = _facet_rows(records, key, number[key])
    return {"labels": labels, "seen": seen, "number": number, "meta": meta, "raw": raw}


def _facet_rows(records: list[Record], key: str, number: Mapping[str, int]) -> list[list[int]]:
    return [[number[v] for v in r.facets.get(key, ())] for r in records]


def _facet_output(facets: dict) -> dict:
    """A column is a list of value numbers (single-valued facets) or of lists (multi-valued),
    compact in JSON and tiny once gzipped."""
    cols = {}
    for key, _, _ in FACETS:
        column = facets["raw"][key]
        cols[key] = column if any(len(c) > 1 for c in column) else [c[0] if c else -1 for c in column]
    return cols


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


def help_from(records: list[Record]) -> int:
    """Index of the first hand-written page: make_records puts them last, and search.js lists
    them in their own group below the exemplars and movements (the guide matches everything)."""
    return next((n for n, r in enumerate(records) if r.kind == "p"), len(records))


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

