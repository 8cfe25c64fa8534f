"""Large trees are checked on every core with exactly the same result as on one."""
from __future__ import annotations

from pathlib import Path

import pytest

from showcase.validate import fanout
from showcase_dev.synth import generate_tree
from showcase.validate.check import check_content


def test_parallel_check_equals_serial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = generate_tree(tmp_path / "site", 120, photos=3, seed=4)
    broken = sorted(root.glob("exemplars/*/*.yaml"))[-1]
    broken.write_text(broken.read_text(encoding="utf-8").replace("quarter:", "quarter: Q9\nx:"),
                      encoding="utf-8")
    monkeypatch.setattr(fanout, "PARALLEL_FROM", 10)
    monkeypatch.setenv("SHOWCASE_NO_CACHE", "1")  # both runs check every file
    monkeypatch.setenv("SHOWCASE_WORKERS", "2")
    parallel, p_problems = check_content(root)
    monkeypatch.setenv("SHOWCASE_WORKERS", "1")
    serial, s_problems = check_content(root)
    assert p_problems.render() == s_problems.render() != ""
    assert [e.id for e in parallel.exemplars] == [e.id for e in serial.exemplars]
    assert len(serial.exemplars) == 119
