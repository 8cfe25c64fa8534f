"""The shipped sample content: it passes the strict check and covers what the site must show.

Every coverage figure is computed from the real files under content/ and exemplars/, read
through the real validation stage, so a sample removed or mistyped makes a test fail.
"""
from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from PIL import Image, ImageChops, ImageOps, ImageStat

from showcase.catalog import Catalog, make_catalog
from showcase.cli.main import main
from showcase.core.model import TOMBSTONE_KEYS, Exemplar
from showcase.core.settings import Settings
from showcase.validate.check import Content, check_content, exemplar_files
from showcase.core.vi import fold, parse_date, slugify

ROOT = Path(__file__).resolve().parent.parent
PLAN = Path("/work/shared/seed/ke-hoach-tuyen-truyen-thi-dua-2021.txt")
SAMPLE_MARK = "# MẪU HƯ CẤU"
PHOTO_CAP = 60 * 1024
EVENT = "ky-niem-11-6"
COMMUNE_KINDS = {"xa", "thi-tran"}
ORIENTATION, GPS_IFD = 0x0112, 0x8825


@pytest.fixture(scope="module")
def content() -> Content:
    content, problems = check_content(ROOT)
    assert not problems.items, problems.render()
    return content


@pytest.fixture(scope="module")
def catalog(content: Content) -> Catalog:
    # Settings built here, not read from the environment: SHOWCASE_INCLUDE_SAMPLES=0 must not
    # hide the samples this module is about.
    return make_catalog(content, Settings(root=ROOT, include_samples=True))


@pytest.fixture(scope="module")
def samples(catalog: Catalog) -> tuple[Exemplar, ...]:
    return tuple(e for e in catalog.exemplars if e.sample)


def photo_paths(exemplars: tuple[Exemplar, ...]) -> list[Path]:
    return [ROOT / p.file for e in exemplars for p in e.photos]


# ---- the check ------------------------------------------------------------------------------

def test_shipped_content_passes_strict_check(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--root", str(ROOT), "check", "--strict"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.strip() == "Không có lỗi."


# ---- coverage of the vocabularies and movements -----------------------------------------------

def test_at_least_twelve_published_samples(samples: tuple[Exemplar, ...]) -> None:
    assert len(samples) >= 12, [e.id for e in samples]


@pytest.mark.parametrize("vocab, attr", [("subjects", "subject"), ("categories", "category"),
                                         ("fields", "fields")])
def test_every_vocabulary_term_has_a_published_sample(content: Content, samples: tuple[Exemplar, ...],
                                                      vocab: str, attr: str) -> None:
    used = {v for e in samples for v in ((getattr(e, attr),) if isinstance(getattr(e, attr), str)
                                          else getattr(e, attr))}
    assert set(content.vocabs[vocab].labels) - used == set()


def test_every_movement_and_the_event_have_a_published_sample(content: Content,
                                                              samples: tuple[Exemplar, ...]) -> None:
    used = {m for e in samples for m in e.movements}
    assert set(content.movements) - used == set()
    assert {"nong-thon-moi", "doi-song-van-hoa", "vi-nguoi-ngheo", "doanh-nghiep-hoi-nhap",
            "van-hoa-cong-so", "hoc-tap-lam-theo-bac", EVENT} <= set(content.movements)


def test_event_page_is_the_73rd_anniversary_of_11_june_1948(content: Content) -> None:
    event = content.movements[EVENT]
    assert event.kind == "su-kien"
    assert event.date == parse_date("11/06/2021")
    assert "73 năm" in event.title and "11/6/1948" in event.title


def test_samples_come_from_communes_and_agencies_over_many_quarters(
        content: Content, samples: tuple[Exemplar, ...]) -> None:
    units = {e.unit for e in samples}
    communes = {u for u in units if content.units[u].kind in COMMUNE_KINDS}
    agencies = units - communes
    assert len(communes) >= 6, communes
    assert len(agencies) >= 3, agencies
    quarters = {e.quarter for e in samples if e.year in (2021, 2022)}
    assert len(quarters) >= 6, sorted(quarters)


def test_samples_span_the_administrative_changes(samples: tuple[Exemplar, ...]) -> None:
    by_unit = {e.unit: e for e in samples}
    assert by_unit["tt-long-giao"].quarter >= (2021, 3)  # thị trấn from 1/7/2021
    assert by_unit["cam-my-2025"].quarter >= (2025, 3)  # new commune from 1/7/2025


# ---- identity, filtering, privacy ------------------------------------------------------------

def sample_files() -> Iterator[Path]:
    yield from exemplar_files(ROOT)


@pytest.mark.parametrize("path", list(sample_files()), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_each_sample_file_says_it_is_fictional(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith(SAMPLE_MARK)
    assert yaml.safe_load(text)["sample"] is True


def test_file_names_are_the_ascii_slug_of_the_name(content: Content) -> None:
    for e in content.exemplars:
        if e.status != "withdrawn":
            assert Path(e.source).stem == slugify(e.name), e.source


def test_draft_and_withdrawn_samples_exist_but_are_not_published(content: Content,
                                                                 catalog: Catalog) -> None:
    statuses = {e.status: e.id for e in content.exemplars}
    assert {"draft", "withdrawn"} <= set(statuses)
    published = {e.id for e in catalog.exemplars}
    assert statuses["draft"] not in published
    assert statuses["withdrawn"] not in published
    assert statuses["withdrawn"] in {e.id for e in catalog.tombstones}


def test_withdrawn_sample_is_only_a_tombstone(content: Content) -> None:
    gone = next(e for e in content.exemplars if e.status == "withdrawn")
    keys = set(yaml.safe_load((ROOT / gone.source).read_text(encoding="utf-8")))
    assert keys <= TOMBSTONE_KEYS
    assert {"id", "status", "withdrawn"} <= keys
    assert not [p for p in (ROOT / gone.source).parent.iterdir() if p.suffix != ".yaml"]


def test_a_sample_keeps_its_old_misspelt_url(samples: tuple[Exemplar, ...]) -> None:
    aliased = [e for e in samples if e.aliases]
    assert aliased and all(e.slug not in e.aliases for e in aliased)


def test_a_minor_has_a_parents_consent(samples: tuple[Exemplar, ...]) -> None:
    minors = [e for e in samples if e.birth_year and e.year - e.birth_year < 16]
    assert minors
    assert all(e.consent and e.consent.relation == "cha-me" for e in minors)


def test_individuals_and_households_have_consent(samples: tuple[Exemplar, ...]) -> None:
    for e in samples:
        if e.subject in ("ca-nhan", "ho-gia-dinh"):
            assert e.consent is not None and "van-ban" in e.consent.scope, e.id


def test_long_names_exercise_sorting(samples: tuple[Exemplar, ...]) -> None:
    people = [e.name for e in samples if e.subject == "ca-nhan"]
    assert sum(len(n.split()) >= 5 for n in people) >= 2, people


# ---- photos ---------------------------------------------------------------------------------

def test_at_least_four_small_photos_one_png(samples: tuple[Exemplar, ...]) -> None:
    paths = photo_paths(samples)
    assert len(paths) >= 4
    assert all(p.stat().st_size <= PHOTO_CAP for p in paths), [(p.name, p.stat().st_size) for p in paths]
    formats = set()
    for path in paths:
        with Image.open(path) as im:
            formats.add(im.format)
    assert {"JPEG", "PNG"} <= formats


def test_some_photos_carry_orientation_and_gps(samples: tuple[Exemplar, ...]) -> None:
    tagged = []
    for path in photo_paths(samples):
        with Image.open(path) as im:
            exif = im.getexif()
            gps = exif.get_ifd(GPS_IFD)
            if exif.get(ORIENTATION, 1) != 1 and {1, 2, 3, 4} <= set(gps):
                tagged.append(path.name)
    assert tagged, "no sample photo has both an EXIF orientation and GPS tags"


def test_people_photos_need_photo_consent(samples: tuple[Exemplar, ...]) -> None:
    with_people = [e for e in samples for p in e.photos if p.person]
    assert with_people
    assert all(e.consent and e.consent.photos for e in with_people)


def _photo_script():
    spec = importlib.util.spec_from_file_location("make_sample_photos",
                                                  ROOT / "scripts" / "make_sample_photos.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def test_committed_photos_are_what_the_script_draws(tmp_path: Path) -> None:
    script = _photo_script()
    assert script.main(["--root", str(tmp_path)]) == 0
    for photo in script.PHOTOS:
        with Image.open(tmp_path / photo.path) as fresh, Image.open(ROOT / photo.path) as committed:
            _assert_same_drawing(photo, fresh, committed)


def _assert_same_drawing(photo, fresh: Image.Image, committed: Image.Image) -> None:
    assert fresh.size == committed.size, photo.path
    assert fresh.getexif().get(ORIENTATION) == committed.getexif().get(ORIENTATION)
    diff = ImageChops.difference(fresh.convert("RGB"), committed.convert("RGB"))
    assert max(ImageStat.Stat(diff).mean) < 2, photo.path  # same drawing, any encoder drift
    upright = ImageOps.exif_transpose(committed)
    assert upright.size == photo.size, photo.path  # the tag turns it back the right way


# ---- pages ----------------------------------------------------------------------------------

def test_activity_posts_feature_published_samples(content: Content, catalog: Catalog) -> None:
    posts = [p for p in content.pages if p.path.startswith("content/hoat-dong/")]
    kinds = {"tọa đàm", "giao lưu", "tham quan"}
    assert {k for p in posts for k in kinds if k in p.meta["title"].lower()} == kinds
    for p in posts:
        m = re.fullmatch(r"content/hoat-dong/(\d{4})-(\d{2})-(\d{2})-[a-z0-9-]+\.md", p.path)
        assert m, p.path
        assert parse_date(p.meta["date"]).isoformat() == f"{m[1]}-{m[2]}-{m[3]}"
        assert p.meta["description"]
        assert p.meta["exemplars"] and set(p.meta["exemplars"]) <= set(catalog.by_id), p.path
        # a post about sample exemplars is itself a sample: it must leave with them
        assert p.meta.get("sample") == "true", p.path


def test_about_page_names_managing_body_and_removal(content: Content) -> None:
    about = next(p for p in content.pages if p.path == "content/gioi-thieu.md")
    for phrase in ("Phòng Nội vụ", "Thường trực Hội đồng Thi đua - Khen thưởng", "01/7/2025",
                   "từ một đến hai", "34-CT/TW", "1107/KH-UBND", "gỡ"):
        assert phrase in about.body, phrase


# Proper names and titles that any text about the plan must repeat word for word.
NAMES = ("trung tam van hoa thong tin va the thao", "loi keu goi thi dua ai quoc",
         "ke hoach tuyen truyen phong trao thi dua yeu nuoc", "doi moi cong tac thi dua khen thuong",
         "thuong truc hoi dong thi dua khen thuong")


def _words(text: str) -> list[str]:
    """Folded words without quoted titles, proper names or numbers."""
    text = re.sub(r"“[^”]*”|\"[^\"]*\"", " ", text)
    text = " ".join(w for w in re.findall(r"\w+", fold(text)) if not any(c.isdigit() for c in w))
    for name in NAMES:
        text = text.replace(name, " | ")
    return text.split()


def _ngrams(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


@pytest.mark.skipif(not PLAN.exists(), reason="the district plan is not on this machine")
def test_prose_is_written_anew_not_copied_from_the_plan(content: Content) -> None:
    n = 12  # a dozen words in a row: a copied clause, not a shared name
    plan = _ngrams(_words(PLAN.read_text(encoding="utf-8")), n)
    texts = {p.path: p.body for p in content.pages}
    texts.update({e.source: f"{e.summary}\n{e.story}" for e in content.exemplars})
    copied = {path: [" ".join(g) for g in _ngrams(_words(t), n) & plan] for path, t in texts.items()}
    assert {k: v for k, v in copied.items() if v} == {}
