"""The editors' guide is tested like code: every schema field documented, its example valid."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from showcase.core.model import EXEMPLAR, Field
from showcase.publish.pipeline import load_catalog
from showcase.validate.check import check_content

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "content" / "huong-dan" / "index.md"
TEXT = GUIDE.read_text(encoding="utf-8")


def schema_fields(fields: tuple[Field, ...] = EXEMPLAR, prefix: str = "") -> list[Field | tuple]:
    """(dotted name, Field) for every field, nested award/photo/consent fields included."""
    out = []
    for f in fields:
        out.append((prefix + f.name, f))
        nested = f.fields or (f.items.fields if f.items else ())
        if nested:
            out += schema_fields(nested, f"{prefix}{f.name}.")
    return out


def guide_rows() -> dict[str, list[str]]:
    rows = {}
    for line in TEXT.splitlines():
        m = re.match(r"^\| `([a-z_.]+)` \|(.*)\|$", line)
        if m:
            rows[m[1]] = [c.strip() for c in m[2].split("|")]
    return rows


DOCUMENTED = guide_rows()
FIELDS = [(name, f) for name, f in schema_fields() if f.kind != "object" and not
          (f.kind == "list" and f.items and f.items.fields)]


@pytest.mark.parametrize("name, field", FIELDS, ids=[n for n, _ in FIELDS])
def test_every_schema_field_is_documented_with_an_example(name, field):
    assert name in DOCUMENTED, f"trường '{name}' chưa có dòng trong bảng của {GUIDE.relative_to(ROOT)}"
    required, meaning, example = DOCUMENTED[name]
    assert required == ("có" if field.required else "không"), name
    assert len(meaning) > 15 and example.strip("` "), name


def test_groups_of_fields_are_introduced():
    for group in ("awards", "photos", "consent"):
        assert f"(`{group}`" in TEXT


def test_guide_rows_name_only_real_fields():
    names = {n for n, _ in schema_fields()}
    assert set(DOCUMENTED) <= names, set(DOCUMENTED) - names


def test_guide_covers_the_editors_workflow():
    for words in ("**Add file** → **Create new file**", "**Add file** →\n   **Upload files**",
                  "**bất kỳ ai** cũng xem được", "## Rút (gỡ) một hồ sơ", "status: withdrawn",
                  "## Xóa dữ liệu cá nhân khỏi lịch sử", "git filter-repo", "GitHub Support",
                  "**Không bao giờ đổi `id`.**", "`showcase check --strict`"):
        assert words in TEXT, words


def _jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(buf, "JPEG")
    return buf.getvalue()


def test_the_full_example_in_the_guide_is_a_valid_profile(make_tree):
    example = re.search(r"## Mẫu một hồ sơ đầy đủ.*?```yaml\n(.*?)```", TEXT, re.S)[1]
    root = make_tree({"exemplars/xuan-duong/nguyen-thi-hong-nhung.yaml": example,
                      "exemplars/xuan-duong/vuon-buoi.jpg": _jpeg()})
    catalog, problems = load_catalog(root, strict=True)
    assert problems.items == [] and [e.name for e in catalog.exemplars] == ["Nguyễn Thị Hồng Nhung"]


def test_the_withdrawal_example_is_a_valid_tombstone(make_tree):
    block = re.search(r"## Rút \(gỡ\) một hồ sơ.*?```yaml\n(.*?)```", TEXT, re.S)[1]
    tomb = "\n".join(line.strip() for line in block.splitlines()) + "\n"
    root = make_tree({"exemplars/xuan-duong/nguyen-thi-hong-nhung.yaml": tomb})
    catalog, problems = load_catalog(root, strict=True)
    assert problems.items == [] and catalog.exemplars == ()
    assert [t.id for t in catalog.tombstones] == ["dh-2021-xd-01"]


def test_the_guide_page_itself_passes_the_check(make_tree):
    root = make_tree({})
    _, problems = check_content(root)
    assert [p for p in problems.items if "huong-dan" in p.path] == []


# ---- editors' tooling: VS Code schema, pre-commit, CODEOWNERS ----------------------------

def _glob_matches(pattern: str, rel: str) -> bool:
    return Path(rel).match(pattern) and rel.count("/") == pattern.count("/")


def test_vscode_maps_the_schema_onto_profiles_only():
    import json
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    (schema, globs), = settings["yaml.schemas"].items()
    assert (ROOT / schema).is_file() and schema == "./exemplars/schema/exemplar.schema.json"
    include = [g for g in globs if not g.startswith("!")]
    exclude = [g[1:] for g in globs if g.startswith("!")]

    def mapped(rel: str) -> bool:
        return any(_glob_matches(g, rel) for g in include) and not any(_glob_matches(g, rel) for g in exclude)

    profiles = [p.relative_to(ROOT).as_posix() for p in (ROOT / "exemplars").glob("*/*.yaml")
                if p.parent.name != "vocab"]
    assert profiles and all(mapped(p) for p in profiles)
    assert not mapped("exemplars/vocab/fields.yaml") and not mapped("exemplars/units.yaml")
    assert not mapped("exemplars/reporting.yaml")


def test_pre_commit_runs_the_strict_check(make_tree):
    import shlex
    import yaml
    from showcase.cli.main import main
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = config["repos"][0]["hooks"]
    assert config["repos"][0]["repo"] == "local" and hook["language"] == "system"
    argv = shlex.split(hook["entry"])
    assert argv == [".venv/bin/showcase", "check", "--strict"] and (ROOT / argv[0]).exists()
    assert re.search(hook["files"], "exemplars/xuan-duong/a.yaml") and not re.search(hook["files"], "README.md")
    root = make_tree({"exemplars/xuan-duong/a.yaml": "id: dh-a\nstatus: published\nname: A\n"})
    assert main(["--root", str(root), *argv[1:]]) == 1  # what the hook runs blocks a bad profile


def _owners(path: str) -> list[str]:
    """GitHub's rule: the last matching pattern wins; '/dir/' owns everything below it."""
    owners: list[str] = []
    for line in (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *who = line.split()
            if pattern.endswith("/") and ("/" + path).startswith(pattern):
                owners = who
    return owners


def test_codeowners_make_the_office_review_every_unit_folder():
    import yaml
    units = yaml.safe_load((ROOT / "exemplars" / "units.yaml").read_text(encoding="utf-8"))
    for unit in units:
        assert _owners(f"exemplars/{unit['id']}/ho-so-moi.yaml") == ["@cam-my/phong-noi-vu"], unit["id"]
    assert _owners("exemplars/units.yaml") == ["@cam-my/phong-noi-vu"]
    assert _owners("content/huong-dan/index.md") == ["@cam-my/phong-noi-vu"]
    assert "tên nhóm GIẢ ĐỊNH" in (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
