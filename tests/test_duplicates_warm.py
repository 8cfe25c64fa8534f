"""check_same_person keeps its buckets between runs of one process (showcase serve): a warm
re-run after edits gives the warnings of a cold run, same text, same lines, same order."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from showcase.validate import duplicates
from showcase.validate.check import check_content, exemplar_files
from showcase_dev.synth import generate_tree


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SHOWCASE_WORKERS", "1")
    monkeypatch.setenv("SHOWCASE_TODAY", "01/12/2026")
    return generate_tree(tmp_path / "site", 30, photos=0, seed=11)


def twin(path: Path, n: int) -> Path:
    """A copy of the profile under a new id and file name: the same person added twice."""
    copy = path.with_name(f"zz-{n}-{path.name}")  # a later path: the warning is on it
    text = path.read_text(encoding="utf-8")
    copy.write_text(re.sub(r"^id: (.*)$", rf"id: \1-{n}", text, count=1, flags=re.M), encoding="utf-8")
    return copy


def same_person(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The warm run's same-person lines, after asserting they equal a cold run's."""
    _, warm = check_content(root)
    with monkeypatch.context() as m:
        m.setenv("SHOWCASE_NO_CACHE", "1")
        _, cold = check_content(root)
    assert warm.render() == cold.render()
    return [line for line in warm.render().splitlines() if "cùng một người" in line]


def test_a_warm_rerun_after_edits_equals_a_cold_run(tree: Path, monkeypatch) -> None:
    first, second = [p for p in exemplar_files(tree) if "\nbirth_year: " in p.read_text("utf-8")][:2]
    a, b = twin(first, 1), twin(second, 2)
    lines = same_person(tree, monkeypatch)
    rel = lambda p: p.relative_to(tree).as_posix()  # noqa: E731
    assert [line.split(": cảnh báo:")[0] for line in lines] == sorted([f"{rel(a)}:5:1", f"{rel(b)}:5:1"])
    name = re.search(r"^name: (.*)$", first.read_text(encoding="utf-8"), re.M)[1]
    assert f"{rel(a)}:5:1: cảnh báo: name: hồ sơ này và {rel(first)} có vẻ là cùng một người " \
           f"(cùng tên '{name}'," in "\n".join(lines)
    kept = {p.path: p for p in check_content(tree)[1].items if "cùng một người" in p.message}
    a.write_text("# thêm một dòng\n" + a.read_text(encoding="utf-8"), encoding="utf-8")
    lines = same_person(tree, monkeypatch)  # the name line moved: values equal, line not
    assert f"{rel(a)}:6:1: cảnh báo:" in "\n".join(lines)
    again = {p.path: p for p in check_content(tree)[1].items if "cùng một người" in p.message}
    assert again[rel(b)] is kept[rel(b)]  # the untouched pair's bucket was not compared again
    text = b.read_text(encoding="utf-8")
    b.write_text(re.sub(r"^birth_year: (\d+)$", lambda m: f"birth_year: {int(m[1]) + 1}", text,
                        count=1, flags=re.M), encoding="utf-8")
    assert [line.split(":")[0] for line in same_person(tree, monkeypatch)] == [rel(a)]
    third = twin(b, 3)  # joins b's bucket: b's twin now, not the original's
    assert [line.split(":")[0] for line in same_person(tree, monkeypatch)] == [rel(a), rel(third)]
    first.unlink()  # a's pair is gone with the original
    assert [line.split(":")[0] for line in same_person(tree, monkeypatch)] == [rel(third)]
