"""`showcase check` as editors and CI run it: every problem, a count, exit codes, formats."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from showcase.cli.main import main
from test_check_base import GOOD, PROFILE, edit

P = PROFILE
BROKEN = {
    P: edit("unit: xuan-duong", "unit: xuan-duongg", edit("hamlet:", "hamlett:")),
    "exemplars/xuan-duong/le-van-an.yaml": "id: [\n",
}
UNIT_LINE = (f"{P}:7:7: lỗi: unit: giá trị 'xuan-duongg' không hợp lệ, cần một mã có trong "
             "exemplars/units.yaml (có phải ý bạn là 'xuan-duong' hoặc 'xuan-dong'?).")
HAMLET_LINE = f"{P}:8:1: cảnh báo: hamlett: khóa lạ 'hamlett' sẽ bị bỏ qua; có phải ý bạn là 'hamlet'?"
SYNTAX_LINE = ("exemplars/xuan-duong/le-van-an.yaml:1:5: lỗi: Lỗi cú pháp YAML: danh sách mở bằng '[' "
               "ở đây mà chưa đóng. Hãy thêm ']' ở cuối, ví dụ: fields: [kinh tế, xã hội].")


def run(root: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    code = main(["--root", str(root), "check", *args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_clean_tree(make_tree, capsys) -> None:
    code, out, err = run(make_tree({P: GOOD}), capsys=capsys)
    assert (code, out, err) == (0, ["Không có lỗi."], "")


def test_all_problems_of_all_files_then_a_count(make_tree, capsys) -> None:
    code, out, _ = run(make_tree(BROKEN), capsys=capsys)
    assert code == 1
    assert out == [SYNTAX_LINE, UNIT_LINE, HAMLET_LINE, "Tìm thấy 2 lỗi và 1 cảnh báo."]


def test_warnings_fail_only_under_strict(make_tree, capsys) -> None:
    root = make_tree({P: edit("hamlet:", "hamlett:")})
    assert run(root, capsys=capsys) == (0, [HAMLET_LINE, "Tìm thấy 0 lỗi và 1 cảnh báo."], "")
    assert run(root, "--strict", capsys=capsys)[0] == 1


def test_github_annotations(make_tree, capsys) -> None:
    code, out, err = run(make_tree(BROKEN), "--format", "github", capsys=capsys)
    assert code == 1
    assert out[1] == (f"::error file={P},line=7,col=7::unit: giá trị 'xuan-duongg' không hợp lệ, "
                      "cần một mã có trong exemplars/units.yaml (có phải ý bạn là 'xuan-duong' "
                      "hoặc 'xuan-dong'?).")
    assert out[2] == (f"::warning file={P},line=8,col=1::hamlett: khóa lạ 'hamlett' sẽ bị bỏ qua; "
                      "có phải ý bạn là 'hamlet'?")
    assert len(out) == 3 and err == "Tìm thấy 2 lỗi và 1 cảnh báo.\n"


def test_console_script_in_the_current_directory(make_tree) -> None:
    root = make_tree(BROKEN)
    script = Path(sys.executable).parent / "showcase"
    result = subprocess.run([str(script), "check"], cwd=root, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[-1] == "Tìm thấy 2 lỗi và 1 cảnh báo."
    assert result.stderr == ""


def test_not_a_site_repository_is_a_message_not_a_traceback(tmp_path, capsys) -> None:
    code, out, err = run(tmp_path, capsys=capsys)
    assert code == 1 and "Traceback" not in err
    assert out == ["exemplars/reporting.yaml:1:1: lỗi: Thiếu tệp exemplars/reporting.yaml (đơn vị "
                   "nào phải giới thiệu điển hình, gửi về đâu, chỉ tiêu mỗi quý).",
                   "exemplars/units.yaml:1:1: lỗi: Thiếu tệp danh mục đơn vị exemplars/units.yaml.",
                   "Tìm thấy 2 lỗi và 0 cảnh báo."]


def test_every_command_has_help_in_vietnamese(capsys) -> None:
    for verb in ("check", "build", "serve", "new", "report", "schema", "changes", "bench"):
        with pytest.raises(SystemExit) as exit_:
            main([verb, "--help"])
        assert exit_.value.code == 0
        out = capsys.readouterr().out
        assert out.startswith(f"Cách dùng: showcase {verb}")
        assert re.search(r"-h, --help +hiện hướng dẫn này rồi thoát", out)
        assert "usage:" not in out and "options:" not in out and "show this help" not in out


def test_a_wrong_flag_is_explained_in_vietnamese(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["report"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.endswith("showcase report: lỗi: thiếu tham số bắt buộc: --year\n")


def test_github_annotation_escapes_the_file_property(make_tree, capsys) -> None:
    path = "exemplars/xuan-duong/a,b.yml"
    code, out, _ = run(make_tree({path: "x"}), "--format", "github", capsys=capsys)
    assert code == 1
    assert out == ["::error file=exemplars/xuan-duong/a%2Cb.yml,line=1,col=1::Tệp 'a,b.yml' có đuôi "
                   ".yml nên không được đọc: hãy đổi tên thành 'a,b.yaml'."]
