"""`showcase new`: flags with --yes, or questions on stdin; the file passes the real check.

Names and labels work wherever ids do, a bad answer offers a short numbered list, and a file
that would fail the check is never written."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from showcase.cli.main import main
from showcase.editor.new import Registry, precheck
from showcase.validate.check import check_content, exemplar_files

SCRIPT = Path(sys.executable).parent / "showcase"
FLAGS = ["--name", "Trần Thị Mai", "--unit", "xuan-duong", "--quarter", "2021-Q2",
         "--fields", "kinh tế, xã hội", "--summary", "Đi đầu trồng tiêu hữu cơ.",
         "--consent-date", "02/04/2021"]


def photo_with_gps(path: Path, size: tuple[int, int] = (3000, 2000)) -> Path:
    """A camera-like JPEG: EXIF orientation 6 (rotate 90°) and GPS coordinates."""
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (10.0, 45.0, 0.0), 3: "E", 4: (107.0, 15.0, 0.0)}
    Image.new("RGB", size, (30, 140, 60)).save(path, "JPEG", exif=exif.tobytes())
    return path


def test_flags_write_a_file_that_passes_the_check(make_tree, capsys) -> None:
    root = make_tree({})
    assert main(["--root", str(root), "new", *FLAGS, "--yes"]) == 0
    out = capsys.readouterr().out
    assert out == ("Đã tạo exemplars/xuan-duong/tran-thi-mai.yaml. Hãy mở tệp để bổ sung bài giới "
                   "thiệu (story), khen thưởng (awards), rồi chạy 'showcase check'. Hồ sơ đang là "
                   "bản nháp (status: draft): đổi thành published khi đã được duyệt.\n")
    content, problems = check_content(root)
    assert problems.render() == ""
    (e,) = content.exemplars
    assert re.fullmatch(r"dh-2021-[0-9a-f]{6}", e.id) and e.status == "draft"
    assert (e.name, e.unit, e.fields, e.subject, e.consent.by) == (
        "Trần Thị Mai", "xuan-duong", ("kinh-te", "xa-hoi"), "ca-nhan", "Trần Thị Mai")


def test_photo_is_shrunk_upright_and_stripped(make_tree, tmp_path) -> None:
    root = make_tree({})
    source = photo_with_gps(tmp_path / "IMG_0001.JPG")
    with Image.open(source) as im:
        assert im.getexif().get_ifd(0x8825)  # the source really has GPS
    assert main(["--root", str(root), "new", *FLAGS, "--photo", str(source),
                 "--photo-alt", "Bà Mai bên vườn tiêu", "--yes"]) == 0
    out = root / "exemplars/xuan-duong/tran-thi-mai.jpg"
    with Image.open(out) as im:
        assert im.format == "JPEG" and im.size == (1067, 1600)  # rotated, long edge 1600
        assert not im.getexif() and "exif" not in im.info and "xmp" not in im.info
    content, problems = check_content(root)
    assert problems.render() == ""
    assert content.exemplars[0].photos[0].file == "exemplars/xuan-duong/tran-thi-mai.jpg"
    assert content.exemplars[0].consent.photos


def test_a_taken_slug_gets_a_number(make_tree) -> None:
    root = make_tree({})
    assert main(["--root", str(root), "new", *FLAGS, "--yes"]) == 0
    assert main(["--root", str(root), "new", *FLAGS, "--yes"]) == 0
    assert (root / "exemplars/xuan-duong/tran-thi-mai-2.yaml").exists()
    content, problems = check_content(root)
    assert len({e.id for e in content.exemplars}) == 2
    # the same person twice is worth a word, on the second file (tran-thi-mai-2 sorts first)
    assert problems.render().startswith("exemplars/xuan-duong/tran-thi-mai.yaml:5:1: cảnh báo: "
                                        "name: hồ sơ này và exemplars/xuan-duong/tran-thi-mai-2.yaml")


def test_a_new_id_never_reads_as_an_id_number(make_tree, monkeypatch) -> None:
    """With no readable quarter the id's year is '0000', and a random part starting with five
    digits ('dh-0000-12345a') is what the privacy scan calls a 9-digit CMND/CCCD number."""
    import secrets
    from showcase.editor.new import new_id
    from showcase.validate.privacy import scan_name
    draws = iter(["12345a", "4a2b3c"])
    monkeypatch.setattr(secrets, "token_hex", lambda n: next(draws))
    assert scan_name("dh-0000-12345a") and not scan_name("dh-0000-4a2b3c")
    assert new_id(Registry.read(make_tree({})), "0000") == "dh-0000-4a2b3c"


@pytest.mark.parametrize("change,message", [
    (["--unit", "cam-my-2025"], "Lỗi: --unit: 'cam-my-2025' (Xã Cẩm Mỹ, từ 01/07/2025) không tồn "
     "tại vào quý 2021-Q2; gần nhất: Xã Nhân Nghĩa (nhan-nghia), Xã Xuân Mỹ (xuan-my), Xã Bảo Bình "
     "(bao-binh)\n"),
    (["--unit", "abc"], "Lỗi: --unit: 'abc' không phải đơn vị tồn tại vào quý 2021-Q2; hãy gõ mã "
     "hoặc vài chữ của tên đơn vị, ví dụ 'Xuân'\n"),
    (["--unit", "Xuân"], "Lỗi: --unit: 'Xuân' không phải đơn vị tồn tại vào quý 2021-Q2; gần nhất: "
     "Xã Xuân Bảo (xuan-bao), Xã Xuân Đông (xuan-dong), Xã Xuân Đường (xuan-duong), Xã Xuân Mỹ "
     "(xuan-my), Xã Xuân Quế (xuan-que), Xã Xuân Tây (xuan-tay)\n"),
    (["--quarter", "Q2/2021"], "Lỗi: --quarter: 'Q2/2021' không phải một quý; hãy viết dạng 2021-Q2 "
     "hoặc 'Quý II/2021'\n"),
    (["--fields", "kinh doanh"], "Lỗi: --fields: 'kinh doanh' không có trong danh mục "
     "exemplars/vocab/fields.yaml; gần nhất: Kinh tế\n"),
    (["--movements", "nông thôn"], "Lỗi: --movements: không có phong trào 'nông thôn'; gần nhất: "
     "Toàn tỉnh chung sức xây dựng nông thôn mới (nong-thon-moi)\n"),
    (["--status", "withdrawn"], "Lỗi: --status: 'withdrawn' không dùng được cho hồ sơ mới; hãy ghi "
     "draft (nháp) hoặc published (công bố)\n"),
])
def test_bad_flags_are_messages(make_tree, capsys, change: list[str], message: str) -> None:
    root = make_tree({})
    flags = FLAGS + ["--movements", "nong-thon-moi", "--status", "draft"]
    flags[flags.index(change[0]) + 1] = change[1]
    assert main(["--root", str(root), "new", *flags, "--yes"]) == 1
    assert capsys.readouterr().err == message
    assert exemplar_files(root) == []


def test_names_and_labels_wherever_ids_are_accepted(make_tree) -> None:
    root = make_tree({})
    flags = FLAGS.copy()
    flags[flags.index("--unit") + 1] = "Xã Xuân Đường"
    assert main(["--root", str(root), "new", *flags, "--subject", "Hộ gia đình", "--movements",
                 "nông thôn mới, Toàn dân đoàn kết xây dựng đời sống văn hóa", "--status", "công bố",
                 "--yes"]) == 0
    content, problems = check_content(root)
    assert problems.render() == ""
    (e,) = content.exemplars
    assert (e.unit, e.subject, e.movements, e.status) == (
        "xuan-duong", "ho-gia-dinh", ("nong-thon-moi", "doi-song-van-hoa"), "published")


def test_a_phone_number_is_refused_before_anything_is_written(make_tree, tmp_path, capsys) -> None:
    root = make_tree({})
    flags = FLAGS.copy()
    flags[flags.index("--summary") + 1] = "Trồng tiêu hữu cơ, liên hệ 0912 345 678."
    photo = photo_with_gps(tmp_path / "anh.jpg", (800, 600))
    assert main(["--root", str(root), "new", *flags, "--photo", str(photo), "--photo-alt", "Bà Mai",
                 "--yes"]) == 1
    assert capsys.readouterr().err == ("Lỗi: --summary: nội dung có số điện thoại ('0912 345 678'); "
                                       "hãy xóa thông tin này\n")
    assert not (root / "exemplars" / "xuan-duong").exists()  # neither the YAML nor the photo


def test_the_whole_file_is_checked_before_it_is_written(make_tree) -> None:
    """What no single answer shows (a minor's consent by herself) stops the write too."""
    root = make_tree({})
    reg = Registry.read(root)
    draft = root / "scratch" / "exemplars" / "xuan-duong" / "tran-thi-mai.yaml"
    text = ("id: dh-2021-abc123\nstatus: draft\nname: Trần Thị Mai\nsubject: cá nhân\n"
            "category: điển hình tiên tiến\nunit: xuan-duong\nfields: [kinh tế]\nquarter: 2021-Q2\n"
            "birth_year: 2010\nsummary: Học giỏi.\nconsent:\n  by: Trần Thị Mai\n"
            "  relation: bản thân\n  date: 02/04/2021\n  scope: [văn bản]\n")
    found = precheck(reg, draft, text)
    assert [(p.path, p.line, p.message[:68]) for p in found if p.line == 13] == [
        ("exemplars/xuan-duong/tran-thi-mai.yaml", 13,
         "consent.relation: người được giới thiệu dưới 16 tuổi (sinh năm 2010)")]
    assert not draft.exists()  # checked from memory


def test_missing_essentials_under_yes(make_tree, capsys) -> None:
    root = make_tree({})
    assert main(["--root", str(root), "new", "--name", "Trần Thị Mai", "--yes"]) == 1
    assert capsys.readouterr().err == ("Lỗi: thiếu --unit (đơn vị giới thiệu (mã hoặc tên, ví dụ "
                                       "xuan-duong hoặc Xã Xuân Đường)).\n")


def test_a_file_that_is_not_a_photo(make_tree, tmp_path, capsys) -> None:
    root = make_tree({})
    fake = tmp_path / "anh.jpg"
    fake.write_bytes(b"not a photo")
    assert main(["--root", str(root), "new", *FLAGS, "--photo", str(fake), "--photo-alt", "x",
                 "--yes"]) == 1
    assert capsys.readouterr().err.startswith(f"Lỗi: --photo: '{fake}' không phải ảnh dùng được")
    assert exemplar_files(root) == []


def test_questions_on_stdin_with_a_retry(make_tree, tmp_path) -> None:
    root = make_tree({})
    photo = photo_with_gps(tmp_path / "anh.jpg", (800, 600))
    answers = ["Hộ ông Lê Văn An", "hộ gia đình", "", "Quý III/2022",
               "xuan-duongg", "xuan-duong",  # a typo is refused, then fixed
               "văn hóa", "doi-song-van-hoa", "Gia đình văn hóa tiêu biểu nhiều năm liền.",
               "Lê Văn An", "15/06/2022", str(photo), "Gia đình ông An"]
    result = subprocess.run([str(SCRIPT), "new"], cwd=root, input="\n".join(answers) + "\n",
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Đơn vị giới thiệu (mã hoặc tên, ví dụ xuan-duong hoặc Xã Xuân Đường): " in result.stdout
    assert "  → 'xuan-duongg' không phải đơn vị tồn tại vào quý 2022-Q3; gõ số để chọn, hoặc gõ " \
        "vài chữ để tìm:\n    1. Xã Xuân Đường (xuan-duong)\n    2. Xã Xuân Đông (xuan-dong)\n" \
        in result.stdout
    assert result.stdout.endswith("Đã tạo exemplars/xuan-duong/ho-ong-le-van-an.yaml. Hãy mở tệp để "
                                  "bổ sung bài giới thiệu (story), khen thưởng (awards), rồi chạy "
                                  "'showcase check'. Hồ sơ đang là bản nháp (status: draft): đổi "
                                  "thành published khi đã được duyệt.\n")
    content, problems = check_content(root)
    assert problems.render() == ""
    (e,) = content.exemplars
    assert (e.subject, e.category, e.quarter, e.movements) == (
        "ho-gia-dinh", "dien-hinh-tien-tien", (2022, 3), ("doi-song-van-hoa",))
    assert e.photos[0].alt == "Gia đình ông An"


def test_a_short_numbered_list_to_pick_from(make_tree) -> None:
    root = make_tree({})
    answers = ["Trần Thị Mai", "", "", "2021-Q2", "xuân", "3",  # a few letters, then a number
               "kinh", "1", "nông thôn", "1", "Đi đầu trồng tiêu hữu cơ.", "", "02/04/2021", ""]
    result = subprocess.run([str(SCRIPT), "new"], cwd=root, input="\n".join(answers) + "\n",
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    shown = result.stdout.split("  → ")[1]
    assert shown.startswith("'xuân' không phải đơn vị tồn tại vào quý 2021-Q2; gõ số để chọn, hoặc "
                            "gõ vài chữ để tìm:\n    1. Xã Xuân Bảo (xuan-bao)\n")
    assert "    3. Xã Xuân Đường (xuan-duong)\n" in shown and "    7." not in shown
    content, problems = check_content(root)
    assert problems.render() == ""
    (e,) = content.exemplars
    assert (e.unit, e.fields, e.movements) == ("xuan-duong", ("kinh-te",), ("nong-thon-moi",))


# ---- the commented template for GitHub's web editor -------------------------------------

TEMPLATE = Path(__file__).resolve().parent.parent / "exemplars" / "mau-ho-so.yaml"


def test_template_copied_into_a_unit_passes_the_check(make_tree) -> None:
    text = TEMPLATE.read_text(encoding="utf-8")
    root = make_tree({"exemplars/xuan-duong/nguyen-van-hung.yaml": text})
    content, problems = check_content(root)
    assert problems.render() == ""
    (e,) = content.exemplars
    assert (e.name, e.status, e.sample) == ("Nguyễn Văn Hùng", "draft", True)


def test_template_at_the_top_is_not_read_as_a_profile(make_tree) -> None:
    root = make_tree({"exemplars/mau-ho-so.yaml": TEMPLATE.read_text(encoding="utf-8")})
    content, problems = check_content(root)
    assert content.exemplars == [] and problems.render() == ""


def test_template_explains_every_field() -> None:
    from showcase.core.model import EXEMPLAR
    text = TEMPLATE.read_text(encoding="utf-8")
    names = {f.name for f in EXEMPLAR} | {sub.name for f in EXEMPLAR if f.items
                                          for sub in f.items.fields}
    for field in EXEMPLAR:
        names |= {sub.name for sub in field.fields}
    missing = [n for n in sorted(names) if not re.search(rf"^\s*#?\s*-?\s*{n}:", text, re.M)]
    assert missing == []
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert len(comments) > 40 and all("\t" not in line for line in text.splitlines())


def test_running_out_of_answers_writes_nothing(make_tree) -> None:
    root = make_tree({})
    result = subprocess.run([str(SCRIPT), "new"], cwd=root, input="Trần Thị Mai\n",
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr == "\nĐã dừng: chưa đủ thông tin, chưa tạo tệp nào.\n"
    assert exemplar_files(root) == []
