"""Stage: photos → private responsive variants and social cards, cached by content.

Profiles without a photo need no file: pages draw their initials inline (placeholders.py).

Every photo is decoded once per content (sha256 of its bytes + PROCESS_VERSION), oriented,
converted to sRGB and re-encoded from pixels only, so EXIF, GPS, XMP and ICC never reach the
site. Results live in `<cache>/anh/` with a JSON manifest written last: a photo whose
manifest exists is never processed again. Work goes to a process pool (Pillow's encoders
hold the GIL for most of their time, threads would not help).
"""
from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from markupsafe import Markup
from PIL import Image, ImageCms
from tqdm import tqdm

from showcase.render import cards
from showcase.render.memo import Memo, clear_hooks, digest, exemplar_keys, persist
from showcase.catalog import Catalog
from showcase.core.model import Exemplar
from showcase.core.outfile import OutFile
from showcase.core.problems import ContentError, Problems
from showcase.render.templates import render
from showcase.validate import fanout
from showcase.validate.photos import open_photo

log = logging.getLogger("mkdocs.plugins.showcase.render.images")  # shown by `mkdocs build` as INFO

PHOTO_DIR = "assets/anh"
PROCESS_VERSION = 1  # bump when processing changes: every photo is processed again
WIDTHS = (160, 360, 720, 1080)  # 160: card and search thumbnails (72 px at 2x)
FALLBACK_WIDTH = 720  # the JPEG for browsers without WebP, and the source of the card photo
WEBP_QUALITY = 76
JPEG_QUALITY = 80
PROGRESS_MIN = 20  # show a progress bar above this many jobs (and only on a terminal)
# A card is ~5 ms on average (a cold build's 10,008: 54 s CPU; a photo's first card cuts its
# panel, more); a pool forks the whole process (1 GB in serve at 10,000 profiles: the 2-3
# cards of a new profile took 0.3-0.5 s through one), so few cards are drawn here.
CARDS_POOL_FROM = 64
_SRGB = ImageCms.createProfile("sRGB")
# A warm `showcase serve` re-runs render_images on every save (render/memo.py keeps the
# latest run's entries): complete manifests by key (their files are named by content and
# never rewritten), image sets, and cards' file names by exemplar and what the card reads.
_MANIFESTS: Memo[dict] = Memo("photo manifests")
_IMAGESETS: Memo["ImageSet"] = Memo("image sets")
_CARD_NAMES: Memo[tuple] = Memo("card names")  # exemplar id → (what the card reads, (key, file name))
_CARD_FILES: Memo[tuple] = Memo("card files")  # (card dir, file name) → (url, OutFile)
_PHOTO_FILES: Memo[tuple] = Memo("photo files")  # (photo dir, key) → the variants' OutFiles
_PHOTOS: Memo[tuple] = Memo("exemplar photos")  # exemplar id → its image sets
_DRAWING: list = []  # the latest run's cards being drawn (Jobs)


@dataclass(frozen=True, slots=True)
class Variant:
    url: str  # relative to the site root
    width: int
    height: int
    mime: str


@dataclass(frozen=True, slots=True)
class ImageSet:
    alt: str
    credit: str
    width: int
    height: int
    variants: tuple[Variant, ...]  # WebP, smallest first
    fallback: Variant  # JPEG

    @property
    def large(self) -> Variant:
        return self.variants[-1]


@dataclass(frozen=True)
class PhotoMap:
    files: tuple[OutFile, ...] = ()
    photos: Mapping[str, tuple[ImageSet, ...]] = field(default_factory=dict)  # exemplar id →
    cards: Mapping[str, str] = field(default_factory=dict)  # "exemplar:<id>"/"movement:<id>" → url
    processed: int = 0  # photos decoded in this run (0 when nothing changed)
    cached: int = 0  # photos taken from the cache
    cards_drawn: int = 0
    drawing: "Jobs | None" = field(default=None, compare=False, repr=False)  # cards not drawn yet

    def ready(self) -> None:
        """Wait for the cards still being drawn; raises a drawing's error."""
        if self.drawing is not None:
            self.drawing.results()

    def cancel(self) -> None:
        """The build failed: cards not started are not drawn (a process would wait for them)."""
        if self.drawing is not None:
            self.drawing.cancel()

    @property
    def summary(self) -> str:
        return f"Ảnh: {self.processed} ảnh cần xử lý, {self.cached} ảnh lấy từ bộ nhớ đệm"


# ---- one photo (runs in a worker process) --------------------------------------------------

def process_photo(src: str, out_dir: str, key: str) -> dict:
    """Write the variants of one photo and return its manifest (also saved as <key>.json)."""
    im = _to_srgb(open_photo(src, WIDTHS[-1]))  # the check decodes with the same function
    im.info.clear()  # nothing from the original may be saved again
    sized = _resized(im, _widths(im.width))
    variants = [_save(small, out_dir, key, "WEBP") for small in sized.values()]
    fallback = _save(sized[max(w for w in sized if w <= FALLBACK_WIDTH)], out_dir, key, "JPEG")
    manifest = {"width": im.width, "height": im.height, "variants": variants, "fallback": fallback}
    tmp = Path(out_dir) / f"{key}.json.tmp"
    tmp.write_text(json.dumps(manifest), encoding="utf-8")
    tmp.replace(Path(out_dir) / f"{key}.json")  # written last: its presence means "complete"
    return manifest


def _widths(width: int) -> list[int]:
    """The standard widths below the photo's own, plus its own width capped: never upscale."""
    top = min(width, WIDTHS[-1])
    return [w for w in WIDTHS if w < top] + [top]


def _to_srgb(im: Image.Image) -> Image.Image:
    """RGB pixels in sRGB, alpha flattened on white, so the output needs no ICC profile."""
    icc = im.info.get("icc_profile")
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        im = Image.new("RGB", rgba.size, "white")
        im.paste(rgba, mask=rgba.getchannel("A"))
    if icc and im.mode in ("RGB", "CMYK", "L"):
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if "srgb" not in ImageCms.getProfileDescription(profile).lower():
                return ImageCms.profileToProfile(im, profile, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError):
            pass  # a broken profile: fall back to Pillow's plain conversion below
    return im if im.mode == "RGB" else im.convert("RGB")


def _resized(im: Image.Image, widths: list[int]) -> dict[int, Image.Image]:
    """Each width made from the next larger one, not from the original: about 30% faster,
    and Lanczos steps of at most 3:1 look the same."""
    out: dict[int, Image.Image] = {}
    for w in sorted(widths, reverse=True):
        size = (w, max(1, round(im.height * w / im.width)))
        im = im if size == im.size else im.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        out[w] = im
    return dict(sorted(out.items()))


def _save(small: Image.Image, out_dir: str, key: str, fmt: str) -> list:
    ext, mime = ("webp", "image/webp") if fmt == "WEBP" else ("jpg", "image/jpeg")
    name = f"{key}-{small.width}.{ext}"
    if fmt == "WEBP":
        small.save(Path(out_dir) / name, "WEBP", quality=WEBP_QUALITY, method=4)
    else:
        small.save(Path(out_dir) / name, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return [name, small.width, small.height, mime]


# ---- the stage -----------------------------------------------------------------------------

def render_images(catalog: Catalog, cache_dir: Path, background: bool = False) -> PhotoMap:
    """Raises ContentError naming every photo that passed the check but cannot be decoded.
    `background`: return while the cards are still drawn; the caller waits by `ready()`."""
    photo_dir = cache_dir / "anh"
    photo_dir.mkdir(parents=True, exist_ok=True)
    for earlier in _DRAWING:  # a failed build's cards, if it left any: never two pools on one file
        earlier.cancel()
    for memo in (_MANIFESTS, _IMAGESETS, _PHOTO_FILES, _PHOTOS, _CARD_NAMES, _CARD_FILES):
        memo.start()
    hashes = HashIndex(cache_dir)
    base = str(catalog.settings.root.resolve())
    files_in_use = dict.fromkeys(p.file for e in catalog.exemplars for p in e.photos)
    keys = {f: photo_key(hashes.digest(os.path.join(base, f))) for f in files_in_use}
    hashes.save()
    sources = {key: catalog.settings.root / f for f, key in keys.items()}
    manifests, processed = process_photos(sources, photo_dir)
    _raise_broken(catalog, sources, manifests)
    log.info(f"Ảnh: {processed} ảnh cần xử lý, {len(manifests) - processed} ảnh lấy từ bộ nhớ đệm")
    folder = str(photo_dir)
    files = [f for k, m in manifests.items() for f in _PHOTO_FILES.get((folder, k), lambda m=m: _photo_files(m, photo_dir))]
    photos = _photo_sets(catalog, keys, manifests)
    card_urls, card_files, drawing = _render_cards(catalog, photo_dir, keys, manifests, cache_dir / "the")
    _DRAWING[:] = [drawing]
    if not background:
        drawing.results()
    return PhotoMap(tuple(files + card_files), photos, card_urls, processed,
                    len(manifests) - processed, drawing.count, drawing)


_LEARNING: list[list] = []  # what the cards being drawn will teach _CARD_NAMES once drawn


def _forget_learning() -> None:
    """The memos are cleared (a build stashed them): cards still being drawn teach nothing,
    and their keys, which hold the exemplars, go now instead of after the engine."""
    for learnt in _LEARNING:
        learnt.clear()


clear_hooks.append(_forget_learning)
_KEYS_SEEN: list = [{}, 0]  # the latest run's photo keys, and a number that changes with them


def _cached_files_exist() -> bool:
    """The memos' photo variants and cards are still in the image cache (a restored memo
    skips the manifest's and the card's own file tests; .cache/ may have lost files)."""
    sources = {out.source for files in _PHOTO_FILES.values() for out in files}
    sources.update(out.source for _, out in _CARD_FILES.values())
    return all(os.path.isfile(s) for s in sources)


persist("images", _MANIFESTS, _IMAGESETS, _CARD_NAMES, _CARD_FILES, _PHOTO_FILES, _PHOTOS, _KEYS_SEEN,
        check=_cached_files_exist)


def _keys_generation(keys: dict[str, str]) -> int:
    """Equal photo keys give the previous run's number (one dict comparison a run), so the
    per-exemplar memo compares one int instead of looking up each photo's key again."""
    if keys != _KEYS_SEEN[0]:
        _KEYS_SEEN[:] = [keys, _KEYS_SEEN[1] + 1]
    return _KEYS_SEEN[1]


def _photo_files(m: dict, photo_dir: Path) -> tuple[OutFile, ...]:
    return tuple(OutFile(f"{PHOTO_DIR}/{v[0]}", source=photo_dir / v[0]) for v in (*m["variants"], m["fallback"]))


def _photo_sets(catalog: Catalog, keys: Mapping[str, str], manifests: Mapping[str, dict]) -> dict[str, tuple]:
    """Each exemplar's image sets, remembered by the exemplar (its photos' files, alt and
    credit) and the photos' keys; each set itself is shared by every profile showing it."""
    exemplar, generation = exemplar_keys(catalog), _keys_generation(dict(keys))

    def sets(e: Exemplar) -> tuple[ImageSet, ...]:
        return tuple([_IMAGESETS.get((keys[p.file], p.alt, p.credit),
                                     lambda p=p: _imageset(manifests[keys[p.file]], p.alt, p.credit))
                      for p in e.photos])
    return {e.id: _PHOTOS.at(e.id, (exemplar[e.id], generation), lambda e=e: sets(e)) if e.photos else ()
            for e in catalog.exemplars}


def process_photos(sources: Mapping[str, Path], photo_dir: Path) -> tuple[dict[str, dict | str], int]:
    """Manifests for every key (an error text for a photo that cannot be decoded); only keys
    without a complete cached manifest are processed."""
    manifests: dict[str, dict | str] = {k: m for k in sources if (m := _known_manifest(photo_dir, k))}
    todo = [(str(sources[k]), str(photo_dir), k) for k in sources if k not in manifests]
    for args, manifest in zip(todo, run_jobs(_try_process, todo, "Ảnh", "ảnh")):
        manifests[args[2]] = manifest
        if isinstance(manifest, dict):
            _MANIFESTS.put((str(photo_dir), args[2]), manifest)
    return manifests, len(todo)


def _known_manifest(photo_dir: Path, key: str) -> dict | None:
    """A complete manifest from memory (its files are named by content and never rewritten;
    a cache folder deleted under a running `showcase serve` needs a restart) or the folder."""
    found = _MANIFESTS.find((str(photo_dir), key))
    if found is None:
        found = _cached_manifest(photo_dir, key)
        if found is not None:
            _MANIFESTS.put((str(photo_dir), key), found)
    return found


def _try_process(src: str, out_dir: str, key: str) -> dict | str:
    """A truncated JPEG passes Pillow's verify() (the check) and fails only here."""
    try:
        return process_photo(src, out_dir, key)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        return str(exc) or type(exc).__name__


def _raise_broken(catalog: Catalog, sources: Mapping[str, Path], manifests: Mapping[str, dict | str]) -> None:
    problems = Problems(catalog.settings.root)
    for key, m in manifests.items():
        if isinstance(m, str):
            why = "tệp bị cắt cụt, có lẽ tải lên chưa xong" if "truncated" in m else f"Pillow báo: {m}"
            problems.error(sources[key], (1, 1), f"photos.file: ảnh '{sources[key].name}' không giải mã "
                           f"được ({why}). Hãy mở ảnh trên máy, xuất lại dạng JPEG rồi thay tệp này.")
    if problems.items:
        raise ContentError(problems)


def _cached_manifest(photo_dir: Path, key: str) -> dict | None:
    try:
        m = json.loads((photo_dir / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    names = [v[0] for v in (*m["variants"], m["fallback"])]
    return m if all((photo_dir / n).is_file() for n in names) else None


class HashIndex:
    """sha256 of each original, remembered by (size, mtime) in <cache>/hashes.json, so a warm
    build does not reread every original (about 1 ms per MB)."""

    def __init__(self, cache_dir: Path) -> None:
        self.path = cache_dir / "hashes.json"
        try:
            self.entries: dict[str, list] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}
        self.dirty = False

    def digest(self, path: Path | str) -> str:
        """A str is taken as resolved already (render_images resolves the root once, not
        each of 10,000 photos' paths)."""
        name = path if isinstance(path, str) else str(path.resolve())
        stat = os.stat(name)
        entry = self.entries.get(name)
        if entry and entry[:2] == [stat.st_size, stat.st_mtime_ns]:
            return entry[2]
        with open(name, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        self.entries[name] = [stat.st_size, stat.st_mtime_ns, digest]
        self.dirty = True
        return digest

    def save(self) -> None:
        if self.dirty:
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self.entries), encoding="utf-8")
            tmp.replace(self.path)


def photo_key(digest: str) -> str:
    """The cache key: the original's bytes and every setting that shapes the output."""
    settings = f"{PROCESS_VERSION}|{WIDTHS}|{FALLBACK_WIDTH}|{WEBP_QUALITY}|{JPEG_QUALITY}|{digest}"
    return hashlib.sha256(settings.encode()).hexdigest()[:20]


def _imageset(m: dict, alt: str, credit: str) -> ImageSet:
    def v(row: list) -> Variant:
        return Variant(f"{PHOTO_DIR}/{row[0]}", row[1], row[2], row[3])
    return ImageSet(alt, credit, m["width"], m["height"], tuple(v(r) for r in m["variants"]),
                    v(m["fallback"]))


def _other_specs(catalog: Catalog) -> list[cards.CardSpec]:
    counts = Counter(m for e in catalog.exemplars for m in dict.fromkeys(e.movements))  # one pass, not one a movement
    return [*(cards.movement_card(catalog, m, counts[m.id]) for m in catalog.movements.values()),
            cards.site_card(catalog)]


def _card_names(catalog: Catalog, photo_dir: Path, keys: Mapping[str, str], manifests: Mapping[str, dict],
                card_dir: Path) -> tuple[dict[str, str], dict[str, cards.CardSpec], list[tuple]]:
    """Each card's file name, and the specs whose file is not drawn yet. A profile's card is
    remembered by the exemplar, its photo's processed file (named by content) and what else
    exemplar_card reads (units, movements, category labels, the site name: `reads`), so a warm
    run neither rebuilds 10,000 specs nor hashes their photos again."""
    reads = digest(tuple(catalog.units.values()), tuple(catalog.movements.values()),
                   catalog.vocabs["categories"].labels if "categories" in catalog.vocabs else None,
                   catalog.settings.site_name, str(card_dir))
    names: dict[str, str] = {}
    todo: dict[str, cards.CardSpec] = {}
    learnt: list[tuple] = []  # remembered once drawn: a failed drawing must not be trusted
    exemplar = exemplar_keys(catalog)
    folder = str(photo_dir)
    card_photo = {f: os.path.join(folder, manifests[k]["fallback"][0]) for f, k in keys.items()}
    for e in catalog.exemplars:
        photo = card_photo[e.photos[0].file] if e.photos else None
        key = (reads, exemplar[e.id], photo)
        entry = _CARD_NAMES.find(e.id)
        found = entry[1] if entry is not None and entry[0] == key else None
        if found is None:
            spec = cards.exemplar_card(catalog, e, photo)
            found = (spec.key, spec.filename())
            if not (card_dir / found[1]).is_file():
                todo[str(card_dir / found[1])] = spec
            learnt.append((e.id, key, found))
        names[found[0]] = found[1]
    for spec in _other_specs(catalog):
        names[spec.key] = spec.filename()
        if not (card_dir / names[spec.key]).is_file():
            todo[str(card_dir / names[spec.key])] = spec
    return names, todo, learnt


def _card_file(key: str, card_dir: Path, folder: str, name: str) -> tuple[str, OutFile]:
    """The card's URL and file. The site card keeps a fixed URL (the partial's fallback); the
    others change with content, so Facebook and Zalo, which cache previews by URL, fetch a
    changed card again."""
    def make() -> tuple[str, OutFile]:
        url = cards.SITE_CARD if key == "site" else f"{cards.CARD_DIR}/{name}"
        return url, OutFile(url, source=card_dir / name)
    return _CARD_FILES.get((folder, name, key == "site"), make)


def _render_cards(catalog: Catalog, photo_dir: Path, keys: Mapping[str, str],
                  manifests: Mapping[str, dict], card_dir: Path) -> tuple[dict[str, str], list[OutFile], "Jobs"]:
    """Card URLs and files; the cards not drawn yet are drawn by a pool while the build goes
    on (`PhotoMap.ready` waits): nothing reads a card's pixels before the images are linked
    after the engine, and at 10,000 profiles a cold cache's 10,008 cards are ~50 s of CPU."""
    card_dir.mkdir(parents=True, exist_ok=True)
    names, todo, learnt = _card_names(catalog, photo_dir, keys, manifests, card_dir)
    kept = len(set(names.values())) - len(todo)

    def done() -> None:  # a card is remembered once drawn: a failed drawing must not be trusted
        for eid, key, found in learnt:
            _CARD_NAMES.put(eid, (key, found))
        log.info(f"Thẻ chia sẻ: {len(todo)} thẻ cần vẽ, {kept} thẻ lấy từ bộ nhớ đệm")
    _LEARNING[:] = [learnt]
    # By photo: a worker's run of cards sharing one reuses its cut panel (cards._photo_panel).
    jobs = sorted(((s, out) for out, s in todo.items()), key=lambda job: (job[0].photo or "", job[1]))
    drawing = start_jobs(cards.write_card, jobs, "Thẻ chia sẻ", "thẻ", done, CARDS_POOL_FROM)
    folder = str(card_dir)
    found = {k: _card_file(k, card_dir, folder, n) for k, n in names.items()}
    files = {url: f for url, f in found.values()}  # profiles with equal cards share one file
    return {k: url for k, (url, _) in found.items()}, list(files.values()), drawing


# ---- parallel jobs -------------------------------------------------------------------------

def run_jobs(fn: Callable, jobs: Sequence[tuple], label: str, unit: str, pool_from: int = 2) -> list:
    """fn(*job) for each job, results in job order; a process per core from `pool_from` jobs,
    and a progress bar when there is much to do on a terminal."""
    return start_jobs(fn, jobs, label, unit, None, pool_from).results()


def start_jobs(fn: Callable, jobs: Sequence[tuple], label: str, unit: str,
               done: Callable[[], None] | None = None, pool_from: int = 2) -> "Jobs":
    """run_jobs, started now and collected by `Jobs.results()`, so the caller goes on while a
    pool works. `done` runs once every job has succeeded. Without a pool the jobs run here."""
    workers = _workers()
    if len(jobs) < pool_from or workers < 2:
        found = Jobs(None, [fn(*job) for job in jobs], len(jobs), label, unit, done)
        found.results()
        return found
    chunk = max(1, min(16, len(jobs) // (4 * workers)))  # fewer round trips for 10,000 cards
    pool = ProcessPoolExecutor(max_workers=workers)
    return Jobs(pool, pool.map(_call, [(fn, job) for job in jobs], chunksize=chunk), len(jobs),
                label, unit, done)


class Jobs:
    """Jobs a pool runs while the build goes on. `results()` waits (with a progress bar on a
    terminal when there are many) and raises a job's error; `cancel()` drops what has not
    started, for a build that fails before it needs the results."""

    def __init__(self, pool: ProcessPoolExecutor | None, results: Any, count: int, label: str,
                 unit: str, done: Callable[[], None] | None) -> None:
        self._pool, self._results, self.count = pool, results, count
        self._label, self._unit, self._done = label, unit, done
        self._collected: list | None = None
        self._error: BaseException | None = None

    def results(self) -> list:
        if self._error is not None:  # asked again after a failure: the same failure
            raise self._error
        if self._collected is None:
            bar = tqdm(total=self.count, desc=self._label, unit=self._unit, file=sys.stderr,
                       disable=self._pool is None or self.count <= PROGRESS_MIN or not sys.stderr.isatty())
            collected = []
            try:
                with bar:
                    for result in self._results:
                        collected.append(result)
                        bar.update()
            except BaseException as exc:
                self._error = exc
                raise
            finally:
                self.cancel()
            self._collected = collected
            if self._done is not None:
                self._done()
        return self._collected

    def cancel(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            pool.shutdown(wait=True, cancel_futures=True)  # running chunks end: a card is written whole


def _workers() -> int:
    """SHOWCASE_WORKERS as for the check (1: no pool), else a process per core; unlike the
    check's forked fan-out, a pool also works where processes are spawned (macOS, Windows)."""
    if os.environ.get("SHOWCASE_WORKERS") or sys.platform.startswith("linux"):
        return fanout.workers()
    return max(1, min(os.cpu_count() or 1, 8))


def _call(task: tuple[Callable, tuple]) -> object:
    fn, args = task
    return fn(*args)


# ---- HTML ----------------------------------------------------------------------------------

def picture_html(imageset: ImageSet, prefix: str = "", sizes: str = "100vw", lazy: bool = True,
                 zoom: bool = False, css_class: str = "") -> Markup:
    """<picture> with a WebP srcset and a JPEG fallback, width/height set (no layout shift).

    `prefix` leads from the page to the site root ("../../" for dien-hinh/<slug>/), `sizes`
    is the CSS width the image takes ("(min-width: 60em) 18rem, 100vw"), `lazy` is for images
    below the fold, `zoom` wraps it in a link that lightbox.js opens in a <dialog>.
    Rendered from theme_overrides/showcase/picture.html (autoescaped).
    """
    f = imageset.fallback
    caption = imageset.alt + (f" (Ảnh: {imageset.credit})" if imageset.credit else "")
    return render("picture.html", zoom=zoom, large=prefix + imageset.large.url, caption=caption,
                  css_class=" ".join(x for x in ("sc-photo", css_class) if x), sizes=sizes,
                  srcset=", ".join(f"{prefix + v.url} {v.width}w" for v in imageset.variants),
                  src=prefix + f.url, width=f.width, height=f.height, alt=imageset.alt, lazy=lazy)
