"""The synthetic profile generator writes trees that pass the real check."""
from __future__ import annotations

from pathlib import Path

from showcase.load.documents import load_yaml
from showcase.core.problems import Problems
from showcase_dev.synth import generate_tree
from showcase.validate.check import check_content, exemplar_files


def test_generated_tree_passes_check(tmp_path: Path) -> None:
    root = generate_tree(tmp_path / "site", 60, photos=4, seed=3)
    content, problems = check_content(root)
    assert problems.render() == ""
    assert len(content.exemplars) == 60
    assert {e.subject for e in content.exemplars} == {"ca-nhan", "tap-the", "ho-gia-dinh"}
    assert len({e.slug for e in content.exemplars}) == 60
    with_photo = [e for e in content.exemplars if e.photos]
    assert with_photo and all(e.consent and e.consent.photos for e in with_photo)
    assert len(list(root.glob("exemplars/*/*.jpg"))) == 4


def test_generated_profiles_look_real(tmp_path: Path) -> None:
    root = generate_tree(tmp_path / "site", 20, seed=5)
    content, _ = check_content(root)
    person = next(e for e in content.exemplars if e.subject == "ca-nhan")
    assert any(ch in person.name.lower() for ch in "ăâđêôơưàáảãạễệốộứữ"), person.name
    assert 1000 <= len(person.story.encode()) <= 2600
    assert all(2021 <= e.year <= 2025 and e.awards and e.consent for e in content.exemplars)


def test_same_seed_same_tree(tmp_path: Path) -> None:
    a = generate_tree(tmp_path / "a", 15, seed=7)
    b = generate_tree(tmp_path / "b", 15, seed=7)
    names = lambda r: [p.relative_to(r) for p in exemplar_files(r)]  # noqa: E731
    assert names(a) == names(b)
    first = exemplar_files(a)[0]
    assert first.read_bytes() == (b / first.relative_to(a)).read_bytes()
    doc = load_yaml(first, Problems(a))
    assert doc is not None and doc.data["sample"] == "true"
