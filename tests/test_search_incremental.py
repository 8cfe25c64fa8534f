"""write_search(previous=state): after edits, additions, deletions and moves, assets/search/ is
byte for byte a full write of the same records, and only files whose bytes differ get a new inode
(the folder may be a hard-linked copy of the published site)."""
from __future__ import annotations

import dataclasses
import os
import pickle
from array import array
from pathlib import Path

import pytest

from showcase.outputs.search import META, SEARCH_DIR, Record, SearchState, make_records, write_search
from showcase.publish.pipeline import load_catalog
from showcase_dev.synth import generate_tree


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory):
    """130 profiles: seven d/ chunks, shards split by a fourth letter, tails to shift."""
    root = generate_tree(tmp_path_factory.mktemp("synth") / "tree", 130, seed=5)
    catalog, _ = load_catalog(root)
    return root, catalog, make_records(catalog)


def files(site: Path) -> dict[str, bytes]:
    out = site / SEARCH_DIR
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def inodes(site: Path) -> dict[str, int]:
    out = site / SEARCH_DIR
    return {str(p.relative_to(out)): p.stat().st_ino for p in out.rglob("*") if p.is_file()}


def assert_as_full(records: list[Record], catalog, site: Path, state: SearchState, fresh: Path) -> None:
    full = write_search(records, catalog, fresh)
    got, want = files(site), files(fresh)
    assert sorted(got) == sorted(want)
    assert [name for name in want if got[name] != want[name]] == []
    assert dataclasses.replace(state.stats, seconds=0) == dataclasses.replace(full.stats, seconds=0)


def edited(rec: Record, words: str) -> Record:
    """The record with words added to its summary (its META text too, as exemplar_records does)."""
    return dataclasses.replace(rec, summary=rec.summary + words,
                               texts=[(m, t + words if m == META else t) for m, t in rec.texts])


def test_edits_adds_deletes_and_moves_match_a_full_write(synthetic, tmp_path: Path) -> None:
    _, catalog, records = synthetic
    site = tmp_path / "live"
    state, base = write_search(records, catalog, site), records
    new = dataclasses.replace(edited(records[40], " Trồng thanh long ruột đỏ"),
                              url="dien-hinh/moi/", title="Đặng Thị Mới")
    bodyless = dataclasses.replace(new, url="dien-hinh/khong-than/", texts=[(1, "Ông Zyx")], excerpt="")
    steps = [
        lambda r: r,  # nothing changed
        lambda r: [*r[:60], edited(r[60], " vườn bưởi hữu cơ"), *r[61:]],
        lambda r: [edited(r[0], " Zyxwv quýt hồng"), *r[1:]],  # a word no other record has
        lambda r: [edited(r[0], " quýt hồng"), *r[1:]],  # ... gone again: its shard and pairs too
        # two words first met in record 2, then only in record 9, in the other order: the
        # shard lists them as a full write meets them (record 9's order)
        lambda r: [*r[:2], edited(r[2], " Zyxa Zyxb"), *r[3:9], edited(r[9], " Zyxb Zyxa"), *r[10:]],
        lambda r: [*r[:2], edited(base[2], " thêm"), *r[3:]],
        lambda r: [*r[:3], new, *r[3:]],  # an addition shifts every later record number
        lambda r: [bodyless, *r],  # no body text: no x/ file, the others still move
        lambda r: [*r[:5], *r[6:]],
        lambda r: [*r[:20], *r[23:]],  # three at once: d/ chunks shift by a non-multiple of 20
        lambda r: [*r, new],
        lambda r: [*r[:10], r[90], *r[11:90], r[10], *r[91:]],  # a move: a long span
        lambda r: [dataclasses.replace(x, facets={**x.facets, "year": ("1999",)}) if i == 7 else x
                   for i, x in enumerate(r)],  # a facet value no record had: the numbers change
        lambda r: [edited(x, " chung tay") for x in r[:40]] + r[40:],
        lambda r: r[:100],  # most of them: a full write
    ]
    for n, step in enumerate(steps):
        records = step(records)
        state = write_search(records, catalog, site, state)
        assert_as_full(records, catalog, site, state, tmp_path / f"full{n}")


def renumbered(state: SearchState) -> bool:
    """The ids a full write gives: (n + 1) << gap."""
    return list(state.ids) == [(n + 1) << state.gap for n in range(len(state.ids))]


def test_many_additions_at_one_place(synthetic, tmp_path: Path) -> None:
    """Each new record takes an id between its neighbours (ids are 32 bits with their mask,
    spaced 2**gap apart by a full write); past `gap` additions at one place there is no room
    left and the write renumbers everything (a full write): the bytes never differ."""
    _, catalog, records = synthetic
    site = tmp_path / "site"
    state = write_search(records, catalog, site)
    gap, renumbered_at = state.gap, []
    assert renumbered(state) and 3 < gap < 29
    for n in range(gap + 4):
        records = [*records[:4], dataclasses.replace(records[30], url=f"dien-hinh/moi-{n}/"), *records[4:]]
        state = write_search(records, catalog, site, state)
        if renumbered(state):
            renumbered_at.append(n)
        if n in (0, gap - 2, gap - 1, gap, gap + 3):
            assert_as_full(records, catalog, site, state, tmp_path / f"full{n}")
    assert len(renumbered_at) == 1 and gap - 2 <= renumbered_at[0] <= gap + 1, (gap, renumbered_at)
    assert max(state.ids) << 3 | 7 < 2 ** 32


def test_ids_that_would_pass_32_bits_renumber(synthetic, tmp_path: Path) -> None:
    """Additions at the end take ids above the last; when they would leave 32 bits the write
    renumbers instead, with a narrower spacing."""
    _, catalog, records = synthetic
    site = tmp_path / "site"
    state = write_search(records[:40], catalog, site)
    state = dataclasses.replace(state, ids=state.ids[:-1] + array("q", [2 ** 29 - 2]))
    grown = write_search(records[:41], catalog, site, state)  # no room after the last id
    assert renumbered(grown) and max(grown.ids) << 3 | 7 < 2 ** 32
    assert_as_full(records[:41], catalog, site, grown, tmp_path / "full")


def test_only_changed_files_get_a_new_inode(synthetic, tmp_path: Path) -> None:
    """A hard-linked copy keeps the published bytes; every replaced file really differs."""
    _, catalog, records = synthetic
    site = tmp_path / "site"
    state = write_search(records, catalog, site)
    published = tmp_path / "published"
    for name in files(site):
        (published / SEARCH_DIR / name).parent.mkdir(parents=True, exist_ok=True)
        os.link(site / SEARCH_DIR / name, published / SEARCH_DIR / name)
    before, links = files(site), inodes(site)
    state = write_search(list(records), catalog, site, state)
    assert inodes(site) == links  # nothing changed: nothing written
    records = [*records[:50], edited(records[50], " nuôi ong lấy mật"), *records[51:]]
    state = write_search(records, catalog, site, state)
    after, now = files(site), inodes(site)
    assert files(published) == before
    replaced = sorted(name for name in after if now[name] != links.get(name))
    assert replaced and all(after[name] != before.get(name) for name in replaced)
    assert len(replaced) < len(after) // 10
    assert "x/50.json" not in replaced  # the summary is not body text
    assert_as_full(records, catalog, site, state, tmp_path / "full")


def test_a_pickled_state_carries_on(synthetic, tmp_path: Path) -> None:
    _, catalog, records = synthetic
    site = tmp_path / "site"
    state = pickle.loads(pickle.dumps(write_search(records, catalog, site)))
    records = [*records[:2], *records[3:]]
    state = write_search(records, catalog, site, state)
    assert_as_full(records, catalog, site, state, tmp_path / "full")


def test_an_edited_profile_file_end_to_end(synthetic, tmp_path: Path) -> None:
    """The real path: a profile's YAML edited, the catalogue and records made again."""
    root, catalog, records = synthetic
    site = tmp_path / "site"
    state = write_search(records, catalog, site)
    path = sorted((root / "exemplars").rglob("*.yaml"))[17]
    text = path.read_text(encoding="utf-8")
    try:
        path.write_text(text.replace("\nsummary: ", "\nsummary: Nhân giống sầu riêng. ", 1), encoding="utf-8")
        catalog2, _ = load_catalog(root)
        records2 = make_records(catalog2)
        assert records2 != records
        state = write_search(records2, catalog2, site, state)
        assert_as_full(records2, catalog2, site, state, tmp_path / "full")
    finally:
        path.write_text(text, encoding="utf-8")
