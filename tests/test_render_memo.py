"""The render memos (issue 14): a second pipeline.generate in one process, after an edit, gives
exactly what a cold run gives, and takes what it can from the memos.

Every OutFile (uri, content, source, edit path, html) and every search record of the warm run
is compared with a run after render/memo.clear_all() (memory and story cache forgotten).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from showcase.outputs import search
from showcase.publish import pipeline
from showcase.render import memo, pages
from showcase.render.stories import FOLDER, STORIES, StoryCache, policy, story_key
from showcase_dev.synth import generate_tree


def snapshot(gen: pipeline.Generated) -> tuple[list, list]:
    files = sorted((f.uri, f.content, f.source, f.edit_path, f.html) for f in gen.files)
    return files, list(gen.search_records)


def assert_same(warm: pipeline.Generated, cold_run: pipeline.Generated, what: str) -> None:
    (files, records), (expected, expected_records) = snapshot(warm), snapshot(cold_run)
    differ = sorted({f[0] for f in set(files) ^ set(expected)})
    assert not differ, f"{what}: {differ[:5]}"
    assert files == expected and records == expected_records, what


def cold(root: Path) -> pipeline.Generated:
    memo.clear_all()
    return pipeline.generate(root)


def profile_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "exemplars").rglob("*.yaml")
                  if p.parent.name not in ("vocab", "schema") and p.parent != root / "exemplars")


def edit_summary(root: Path) -> str:
    path = profile_files(root)[10]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("summary: ", "summary: Tóm tắt đã sửa. ", 1), encoding="utf-8")
    return "Tóm tắt đã sửa."


def add_profile(root: Path) -> str:
    source = profile_files(root)[20]
    text = re.sub(r"^id: .*$", "id: syn-2021-99999", source.read_text(encoding="utf-8"), flags=re.M)
    text = re.sub(r"^name: .*$", "name: Lâm Thị Mới Thêm", text, flags=re.M)
    text = re.sub(r"^(  by: ).*$", r"\1Lâm Thị Mới Thêm", text, flags=re.M)
    (source.parent / "lam-thi-moi-them.yaml").write_text(text, encoding="utf-8")
    return "Lâm Thị Mới Thêm"


def delete_profile(root: Path) -> str:
    path = profile_files(root)[30]
    name = re.search(r"^name: (.*)$", path.read_text(encoding="utf-8"), re.M).group(1)
    path.unlink()
    return name


def relabel_category(root: Path) -> str:
    path = root / "exemplars" / "vocab" / "categories.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  label: Điển hình tiên tiến\n",
                                 "  label: Điển hình tiên tiến xuất sắc\n  aliases: [Điển hình tiên tiến]\n", 1),
                    encoding="utf-8")
    return "Điển hình tiên tiến xuất sắc"


def rename_unit(root: Path) -> str:
    path = root / "exemplars" / "units.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  name: Xã Xuân Đường\n", "  name: Xã Xuân Đường Mới Đổi\n", 1), encoding="utf-8")
    return "Xã Xuân Đường Mới Đổi"


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_tree(tmp_path_factory.mktemp("memo") / "site", 80, photos=2, seed=7)


def test_a_rerun_with_nothing_changed_renders_nothing_again(tree: Path) -> None:
    first = cold(tree)
    again = pipeline.generate(tree)
    assert snapshot(again) == snapshot(first)
    assert (pages._PROFILES.misses, pages._CARDS.misses, pages._LIST_PAGES.misses) == (0, 0, 0)
    assert pages._PROFILES.hits == len(first.catalog.exemplars) == 80
    assert STORIES.converted == 0 and search._RECORDS.misses == 0


def test_a_warm_run_after_each_edit_equals_a_cold_run(tree: Path) -> None:
    """Edits one after another (each warm run starts from the memos of the run before)."""
    before = cold(tree)
    for edit in (edit_summary, add_profile, delete_profile, relabel_category, rename_unit):
        shown = edit(tree)
        warm = pipeline.generate(tree)
        reused = pages._PROFILES.hits
        assert_same(warm, cold(tree), edit.__name__)
        text = "\n".join(f.content + f.html for f in warm.files if isinstance(f.content, str))
        if edit is delete_profile:
            assert shown not in text and len(warm.catalog.exemplars) == len(before.catalog.exemplars)
        else:
            assert shown in text, edit.__name__
        if edit in (edit_summary, add_profile, delete_profile):  # one profile and its neighbours
            assert reused >= len(warm.catalog.exemplars) - 12, edit.__name__
        else:  # labels and units reach every page: nothing reused, nothing stale
            assert reused == 0, edit.__name__


def test_stories_persist_across_processes_and_bad_shards_are_ignored(tmp_path: Path) -> None:
    text, tel = "Một **câu chuyện** có [liên kết](https://example.org).", ""
    first = StoryCache()
    first.start(tmp_path)
    html = first.html(text, tel)
    assert first.converted == 1 and "<strong>câu chuyện</strong>" in html
    first.save()
    shard = tmp_path / FOLDER / f"{story_key(text, tel)[:2]}.json"
    assert json.loads(shard.read_text(encoding="utf-8")) == {"v": policy(), "stories": {story_key(text, tel): html}}

    fresh = StoryCache()  # a new process: read from .cache/stories/
    fresh.start(tmp_path)
    assert fresh.html(text, tel) == html and fresh.converted == 0

    for bad in ("{not json", json.dumps({"v": "another-version", "stories": {story_key(text, tel): "<p>stale</p>"}}),
                json.dumps({"v": policy(), "stories": ["list"]})):
        shard.write_text(bad, encoding="utf-8")
        other = StoryCache()
        other.start(tmp_path)
        assert other.html(text, tel) == html and other.converted == 1
        other.save()  # the bad shard is replaced by a good one
        assert json.loads(shard.read_text(encoding="utf-8"))["v"] == policy()


def test_a_memo_keeps_only_the_latest_runs_entries() -> None:
    m: memo.Memo[int] = memo.Memo("test")
    m.start()
    assert [m.get(k, lambda k=k: k * 10) for k in (1, 2, 3)] == [10, 20, 30]
    m.start()
    assert m.get(2, lambda: -1) == 20 and m.misses == 0  # from the previous run
    m.start()
    assert m.get(1, lambda: -1) == -1 and len(m) == 1  # 1 and 3 were not used by the last run


def _edit_nth(root: Path, n: int, pattern: str, replacement: str) -> None:
    path = profile_files(root)[n]
    text = path.read_text(encoding="utf-8")
    new = re.sub(pattern, replacement, text, count=1, flags=re.M)
    assert new != text, pattern
    path.write_text(new, encoding="utf-8")


def test_changed_profiles_path_equals_a_cold_run(tree: Path) -> None:
    """Edits that keep the order, units and movements take pages.profiles' changed-profiles
    path (the latest run's pages, the changed exemplars' and their neighbours' asked again):
    a story, a name (shown on the neighbours' related cards), a photo's alt text (the photo
    sets are in the exemplar's key), each equal to a cold run; an addition after them still
    finds the cards its shifted list pages show (cards stay while their exemplar does)."""
    cold(tree)
    with_photo = next(n for n, p in enumerate(profile_files(tree))
                      if "\n    alt: " in p.read_text(encoding="utf-8"))
    edits = [(40, r"^story: \|\n", "story: |\n  Đoạn mở đầu mới của câu chuyện.\n\n"),
             (41, r"^name: (.*)$", r"name: \1 Đổi Tên"),
             (with_photo, r"^(    alt: )(.*)$", r"\1Ảnh mới, \2")]
    for n, pattern, replacement in edits:
        _edit_nth(tree, n, pattern, replacement)
        related = pages._LAST_PROFILES["related"]
        warm = pipeline.generate(tree)
        redone = pages._PROFILES.misses
        assert pages._LAST_PROFILES["related"] is related, pattern  # the changed-profiles path ran
        assert 1 <= redone <= 1 + pages.RELATED * 3, (pattern, redone)
        assert_same(warm, cold(tree), pattern)
    story = "Đoạn mở đầu mới của câu chuyện."
    assert sum(story in f.html for f in warm.files) == 1
    pipeline.generate(tree)  # warm again, from the cold run's memos
    add_profile(tree)
    warm = pipeline.generate(tree)
    drawn = pages._CARDS.misses
    assert_same(warm, cold(tree), "add")
    assert drawn <= 3 * 4, drawn  # the new exemplar's cards (a depth each) and a few neighbours'


def test_a_memo_carries_its_entries_and_retains_by_id() -> None:
    m: memo.Memo[str] = memo.Memo("test slots")
    m.start()
    for eid in ("a", "b"):
        m.at((eid, 1), "k", lambda eid=eid: eid.upper())
    m.start(keep=True)  # nothing asked this run: kept all the same
    m.start(keep=True)
    assert m.at(("a", 1), "k", lambda: "x") == "A" and m.misses == 0
    m.retain({"a"})
    assert m.at(("b", 1), "k", lambda: "new") == "new" and m.misses == 1
    m.start()
    m.carry()
    assert len(m) == 2 and m.at(("a", 1), "other key", lambda: "A2") == "A2"


def test_a_column_reuses_values_by_place_and_makes_only_new_keys() -> None:
    made: list[str] = []
    col: memo.Column[str] = memo.Column()

    def run(keys: list, context: str = "c") -> list[str]:
        made.clear()
        return col.values(context, keys, lambda i: made.append(keys[i]) or keys[i].upper())

    a, b, c, d = (f"{x}-key" for x in "abcd")  # distinct objects, compared by identity first
    assert run([a, b, c]) == ["A-KEY", "B-KEY", "C-KEY"] and made == [a, b, c]
    assert run([a, b, c]) == ["A-KEY", "B-KEY", "C-KEY"] and made == []
    assert run([d, a, b, c]) == ["D-KEY", "A-KEY", "B-KEY", "C-KEY"] and made == [d]  # added at the head
    assert run([d, b, c]) == ["D-KEY", "B-KEY", "C-KEY"] and made == []  # deleted
    assert run([c, d, b]) == ["C-KEY", "D-KEY", "B-KEY"] and made == []  # moved: matched by key
    assert run([c, "e-key", b]) == ["C-KEY", "E-KEY", "B-KEY"] and made == ["e-key"]  # changed
    assert run([c, "e-key", b], "other") == ["C-KEY", "E-KEY", "B-KEY"] and len(made) == 3  # context
    assert run([]) == [] and run([a]) == ["A-KEY"] and made == [a]


def test_saved_memos_restore_whole_or_not_at_all() -> None:
    """memo.states() / restore(): what a new process gets from the saved state (tests/
    test_incremental.py builds across processes). A key object comes back hashed by this
    process and shared where it was shared; a saved layout that does not fit changes nothing."""
    import pickle
    memo.clear_all()
    key = memo.Frozen(("a", ("b",)))
    m: memo.Memo[str] = memo.Memo("test persisted")
    m.start()
    m.get((key, 1), lambda: "value")
    memo.persist("test", m, {"k": key})
    try:
        saved = pickle.loads(pickle.dumps(memo.states()))
        again, shared = next(iter(saved["test"][0][1])), saved["test"][1]["k"]
        assert again[0] is shared and hash(shared) == hash(("a", ("b",))) and shared == key
        m.clear()
        for bad in ({}, {**saved, "test": [saved["test"][0]]}, {**saved, "test": [{}, {}]}):
            assert not memo.restore(bad) and len(m) == 0
        assert memo.restore(saved) and m.get((key, 1), lambda: "made again") == "value"
        assert memo.adopt(shared, ("a", ("b",))) is shared and memo.adopt(shared, ("c",)) is None
    finally:
        del memo._KEPT["test"]
        memo.clear_all()
