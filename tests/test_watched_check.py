"""The preview's check is told what changed by the file watcher (publish/live.Changes) and then
lists and signs only that: after every kind of change it equals a cold, walked check, and a
change the watcher missed is found by `drifted` and costs a walk, never a wrong result."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from watchdog.events import (DirCreatedEvent, DirModifiedEvent, FileClosedEvent,
                             FileModifiedEvent, FileMovedEvent, FileSystemEventHandler)

from showcase.publish.live import Changes, WriteObserver
from showcase.validate import cache, check
from showcase.validate.check import Changed, check_content, drifted, exemplar_files
from showcase_dev.synth import generate_tree

from test_check_cache import assert_same_as_cold, replace_in


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SHOWCASE_WORKERS", "1")
    monkeypatch.setenv("SHOWCASE_TODAY", "01/12/2026")
    yield generate_tree(tmp_path / "site", 40, photos=3, seed=7)
    cache._STATE.__init__()  # the next test file's first check starts cold, as it expects
    check._LISTED.clear()


def settled(changes: Changes, root: Path) -> Changed | None:
    """What the watcher saw, once its events have arrived (inotify is asynchronous)."""
    time.sleep(0.3)
    return changes.take()


def checked_as_told(root: Path, changed: Changed | None, monkeypatch) -> str:
    content, problems = check_content(root, changed=changed)
    assert_same_as_cold(root, monkeypatch)  # the cold check's own output, and its walk
    return problems.render()


def test_a_check_fed_by_the_watcher_equals_a_walked_check(tree: Path, monkeypatch) -> None:
    changes = Changes(tree)
    observer = WriteObserver(changes)
    for top in ("content", "exemplars"):
        observer.schedule(FileSystemEventHandler(), str(tree / top), recursive=True)
    observer.start()
    try:
        assert settled(changes, tree) is None  # the first build after the watch began walks
        check_content(tree)
        first, second, third = exemplar_files(tree)[:3]
        unit = first.parent
        steps = [
            ("edit", lambda: replace_in(first, "summary: ", "summary: Sửa. ")),
            ("add", lambda: (unit / "moi.yaml").write_text(second.read_text(encoding="utf-8")
                                                          .replace("id: ", "id: x", 1), encoding="utf-8")),
            ("rename", lambda: (unit / "moi.yaml").rename(unit / "moi-hai.yaml")),
            ("delete", lambda: third.unlink()),
            ("stray", lambda: (unit / "ho-so.yml").write_text("name: A\n", encoding="utf-8")),
            ("photo", lambda: next(unit.glob("*.jpg")).write_bytes(b"not a photo")),
            ("folder", lambda: (unit / "con").mkdir()),
        ]
        for name, step in steps:
            step()
            changed = settled(changes, tree)
            assert (changed is None) == (name == "folder"), name  # a new folder: walk it all
            content, problems = check_content(tree, changed=changed)
            if name == "edit":
                assert cache._STATE.rechecked == 1 and changed.files == {first.relative_to(tree).as_posix()}
            assert_same_as_cold(tree, monkeypatch)
            # the told check gave what the walked one gives
            walked, walked_problems = check_content(tree)
            assert content.exemplars == walked.exemplars, name
            assert problems.render() == walked_problems.render(), name
            assert drifted(tree) == frozenset(), name
    finally:
        observer.stop()
        observer.join()


def test_a_change_the_watcher_missed_is_drifted_and_a_walk_mends_it(tree: Path, monkeypatch) -> None:
    """Told that nothing changed, the check trusts it; `drifted` sees the difference (the
    preview then walks and builds again), and the walk gives the cold result."""
    monkeypatch.setattr(cache, "RACY_NS", 0)  # the tree is seconds old: vouch for its times
    assert_same_as_cold(tree, monkeypatch)
    assert drifted(tree) == frozenset()
    first = exemplar_files(tree)[0]
    rel = first.relative_to(tree).as_posix()
    new = (first.parent / "moi.yaml").relative_to(tree).as_posix()
    for change, seen in ((lambda: replace_in(first, "summary: ", "summary: Chưa báo. "), {rel}),
                         (lambda: (tree / new).write_text("name: A\n", encoding="utf-8"), {new}),
                         (lambda: first.unlink(), {rel})):
        change()
        assert drifted(tree) == seen
        assert drifted(tree, stop=lambda: True) is None  # a build came first: no verdict
        assert_same_as_cold(tree, monkeypatch)  # no `changed`: the walk
        assert drifted(tree) == frozenset()


def test_changes_note_files_and_doubt_on_folders(tmp_path: Path) -> None:
    root = tmp_path / "r"
    changes = Changes(root)
    changes.note(FileModifiedEvent(str(root / "exemplars/a/b.yaml")))
    assert changes.take() is None  # no watch running: nothing is trusted
    changes.watching()
    assert changes.take() is None  # what changed before the watch began went unseen
    changes.note(FileModifiedEvent(str(root / "exemplars/a/b.yaml")))
    changes.note(FileClosedEvent(str(root / "exemplars/a/b.yaml")))
    changes.note(FileMovedEvent(str(root / "exemplars/a/c.yaml"), str(root / "exemplars/d/c.yaml")))
    changes.note(DirModifiedEvent(str(root / "exemplars/a")))
    changes.note(FileModifiedEvent(str(tmp_path / "elsewhere.yaml")))
    assert changes.take() == Changed(frozenset({"exemplars/a/b.yaml", "exemplars/a/c.yaml",
                                                "exemplars/d/c.yaml"}), frozenset({"exemplars/a"}))
    assert changes.take() == Changed()
    assert changes.covers(frozenset()) and not changes.covers(frozenset({"exemplars/a/b.yaml"}))
    changes.note(DirModifiedEvent(str(root / "exemplars/a")))
    assert changes.covers(frozenset({"exemplars/a/b.yaml"}))  # the folder is looked at whole
    changes.take()
    changes.note(DirCreatedEvent(str(root / "exemplars/e")))
    assert changes.take() is None
    changes.note(FileModifiedEvent(str(root / "exemplars/a/b.yaml")))
    changes.doubt()  # a failed build
    assert changes.take() is None
