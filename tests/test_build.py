"""`showcase build` and plain `mkdocs build` on real trees: success, failure, atomic swap, strict."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from _folders import names_once_settled
from test_site_support import repo_tree

SHOWCASE = str(Path(sys.executable).parent / "showcase")
MKDOCS = str(Path(sys.executable).parent / "mkdocs")
BAD_UNIT = ("exemplars/xuan-duong/do-thi-dung.yaml:7:7: lỗi: unit: giá trị 'xuan-duongg' không hợp lệ, "
            "cần một mã có trong exemplars/units.yaml (có phải ý bạn là 'xuan-duong' hoặc 'xuan-dong'?).")


def run(*cmd: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env})


def snapshot(site: Path) -> dict[str, tuple[str, int]]:
    """Every file of a site with its content hash and mtime: 'untouched' means all equal."""
    return {p.relative_to(site).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def golden_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fixed tree already built once with the CLI, so failure tests have a 'previous site'."""
    root = repo_tree(tmp_path_factory.mktemp("cli") / "repo", "golden")
    r = run(SHOWCASE, "build", cwd=root)
    assert r.returncode == 0, r.stdout + r.stderr
    assert (root / "site" / "index.html").is_file()
    return root


def test_showcase_build_builds_site_and_says_so(golden_repo: Path) -> None:
    r = run(SHOWCASE, "build", "--full", cwd=golden_repo)
    assert r.returncode == 0, r.stderr
    assert f"Đã dựng 7 hồ sơ vào {golden_repo / 'site'} (dựng lại toàn bộ) trong " in r.stdout
    site = golden_repo / "site"
    for url in ("index.html", "dien-hinh/le-van-an/index.html", "don-vi/xuan-duong/index.html",
                "phong-trao/nong-thon-moi/index.html", "404.html"):
        assert (site / url).is_file(), url
    leftovers = [name for name in names_once_settled(golden_repo) if name.startswith(".site")]
    assert leftovers == [], "temporary build directories must not stay behind"


def test_drafts_are_never_published(golden_repo: Path) -> None:
    site = golden_repo / "site"
    assert not (site / "dien-hinh" / "to-tu-quan-nhap").exists()
    assert not any("Tổ tự quản Nháp" in p.read_text(encoding="utf-8") for p in site.rglob("*.html"))


def test_failed_build_exits_1_lists_problems_and_keeps_previous_site(golden_repo: Path) -> None:
    before = snapshot(golden_repo / "site")
    bad = golden_repo / "exemplars/xuan-duong/do-thi-dung.yaml"
    good = bad.read_text(encoding="utf-8")
    bad.write_text(good.replace("unit: xuan-duong", "unit: xuan-duongg"), encoding="utf-8")
    try:
        r = run(SHOWCASE, "build", cwd=golden_repo)
    finally:
        bad.write_text(good, encoding="utf-8")
    assert r.returncode == 1
    assert BAD_UNIT in r.stdout.splitlines()
    assert r.stdout.splitlines()[-1] == "Tìm thấy 1 lỗi và 0 cảnh báo."
    assert "Traceback" not in r.stdout + r.stderr
    assert snapshot(golden_repo / "site") == before
    assert not [p for p in golden_repo.iterdir() if p.name.startswith(".site")]


def test_mkdocs_failure_in_strict_mode_keeps_previous_site(golden_repo: Path) -> None:
    """MkDocs --strict writes the whole site before aborting: the swap must protect site/."""
    before = snapshot(golden_repo / "site")
    page = golden_repo / "content/trang-loi.md"
    page.write_text("# Trang lỗi\n\nXem [trang không có](khong-co.md).\n", encoding="utf-8")
    try:
        r = run(SHOWCASE, "build", "--strict", cwd=golden_repo)
    finally:
        page.unlink()
    assert r.returncode == 1
    assert "mkdocs.yml:1:1: lỗi: ProperDocs dừng bản dựng: " in r.stdout
    assert snapshot(golden_repo / "site") == before


def test_strict_turns_warnings_into_a_failed_build(golden_repo: Path) -> None:
    prof = golden_repo / "exemplars/xuan-duong/le-van-an.yaml"
    good = prof.read_text(encoding="utf-8")
    prof.write_text(good + "mau_sac: đỏ\n", encoding="utf-8")
    try:
        loose = run(SHOWCASE, "build", "--site-dir", str(golden_repo / "loose"), cwd=golden_repo)
        strict = run(SHOWCASE, "build", "--strict", "--site-dir", str(golden_repo / "strict"), cwd=golden_repo)
    finally:
        prof.write_text(good, encoding="utf-8")
    warning = "exemplars/xuan-duong/le-van-an.yaml:40:1: cảnh báo: mau_sac: khóa lạ 'mau_sac' sẽ bị bỏ qua."
    assert loose.returncode == 0 and warning in loose.stderr
    assert strict.returncode == 1 and warning in strict.stdout
    assert strict.stdout.splitlines()[-1] == "Tìm thấy 0 lỗi và 1 cảnh báo."
    assert (golden_repo / "loose/index.html").is_file() and not (golden_repo / "strict").exists()


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_plain_mkdocs_build_works_through_the_plugin(tmp_path: Path, engine: str) -> None:
    """Plain `mkdocs build` and `properdocs build`: the plugin runs the pipeline's stages and
    its finishing steps (linked photos, the search files) itself."""
    root = repo_tree(tmp_path / "repo", "golden")
    exe = str(Path(sys.executable).parent / engine)
    r = run(exe, "build", "--strict", "-f", "mkdocs.yml", "-d", str(tmp_path / "out"), cwd=root)
    assert r.returncode == 0, r.stderr
    out = tmp_path / "out"
    assert "Lê Văn An" in (out / "dien-hinh/le-van-an/index.html").read_text(encoding="utf-8")
    assert (out / "don-vi/xuan-duong/a-z/index.html").is_file()
    assert (out / "assets/search/meta.json").is_file()
    assert list((out / "assets/anh").glob("*.webp"))


def test_plain_mkdocs_build_reports_content_problems_in_vietnamese(tmp_path: Path) -> None:
    root = repo_tree(tmp_path / "repo", "golden")
    prof = root / "exemplars/xuan-duong/do-thi-dung.yaml"
    prof.write_text(prof.read_text(encoding="utf-8").replace("unit: xuan-duong", "unit: xuan-duongg"),
                    encoding="utf-8")
    r = run(MKDOCS, "build", "-d", str(tmp_path / "out"), cwd=root)
    assert r.returncode == 1
    assert "Nội dung có lỗi:" in r.stderr and BAD_UNIT in r.stderr


def test_the_repository_itself_builds_strict(tmp_path: Path) -> None:
    """The shipped sample content builds strict, as CI builds it."""
    root = repo_tree(tmp_path / "repo", "real")
    r = run(SHOWCASE, "build", "--strict", cwd=root)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.parametrize("how", ["flag", "env"])
def test_production_leaves_samples_out(tmp_path: Path, how: str) -> None:
    root = repo_tree(tmp_path / "repo", "real")
    samples = [p for p in (root / "exemplars").rglob("*.yaml")
               if "\nsample: true" in p.read_text(encoding="utf-8")]
    assert samples, "the repository ships sample profiles"
    # the flag variant is the deploy workflow's own command
    args, env = (["--strict", "--production"], {}) if how == "flag" else ([], {"SHOWCASE_INCLUDE_SAMPLES": "0"})
    r = run(SHOWCASE, "build", *args, cwd=root, **env)
    assert r.returncode == 0, r.stdout + r.stderr
    site = root / "site"
    for p in samples:
        assert not (site / "dien-hinh" / p.stem).exists(), p.stem
    assert not any("sc-sample-banner" in p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert (site / "bao-cao/index.html").is_file(), "the nav's report page exists with no profile yet"
