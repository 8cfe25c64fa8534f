"""A withdrawn profile's photos cannot come back under another file name (issue 9 §2)."""
from __future__ import annotations

import hashlib
import io
from pathlib import Path

from PIL import Image

from showcase.validate.check import check_content
from test_check_base import GOOD, PROFILE, check_lines, edit
from test_check_history import git

P = PROFILE
OTHER = "exemplars/xuan-duong/le-van-binh.yaml"
TOMB = "id: dh-2021-xd-09\nstatus: withdrawn\nwithdrawn: 01/03/2026\n"


def _jpeg(colour: tuple[int, int, int] = (200, 120, 40)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buf, "JPEG")
    return buf.getvalue()


PHOTO = _jpeg()
DIGEST = hashlib.sha256(PHOTO).hexdigest()
WITH_PHOTO = edit("consent:", "photos:\n  - file: vuon-tieu.jpg\n    alt: Vườn tiêu\n"
                  "    person: false\nconsent:")


def _other(photo: str) -> str:
    """A second, published profile that names `photo`."""
    text = edit("id: dh-2021-xd-09", "id: dh-2021-xd-10", edit("name: Trần Thị Mai", "name: Lê Văn Bình"))
    return edit("consent:", f"photos:\n  - file: {photo}\n    alt: Vườn tiêu\n    person: false\n"
                "consent:", edit("by: Trần Thị Mai", "by: Lê Văn Bình", text))


def test_a_removed_photo_under_a_new_name_is_refused(make_tree) -> None:
    tomb = TOMB + f"removed_photos: [{DIGEST}]\n"
    lines = check_lines(make_tree, {P: tomb, OTHER: _other("anh-moi.jpg"),
                                    "exemplars/xuan-duong/anh-moi.jpg": PHOTO})
    assert lines == [
        f"exemplars/xuan-duong/anh-moi.jpg:1:1: lỗi: Ảnh 'anh-moi.jpg' là ảnh đã xóa của hồ sơ "
        f"đã rút {P} (mã {DIGEST[:12]}…), dù đổi tên tệp: người được giới thiệu đã rút sự đồng "
        "ý. Hãy xóa tệp ảnh này khỏi kho."]


def test_a_removed_photo_is_refused_in_content_too(make_tree) -> None:
    tomb = TOMB + f"removed_photos:\n  - {DIGEST.upper()}\n"
    lines = check_lines(make_tree, {P: tomb, "content/hoat-dong/anh.png": PHOTO})
    assert [x.split(": lỗi: ")[0] for x in lines if "đã xóa của hồ sơ" in x] == [
        "content/hoat-dong/anh.png:1:1"]


def test_a_different_photo_passes(make_tree) -> None:
    tomb = TOMB + f"removed_photos: [{DIGEST}]\n"
    assert check_lines(make_tree, {P: tomb, OTHER: _other("anh-moi.jpg"),
                                   "exemplars/xuan-duong/anh-moi.jpg": _jpeg((10, 90, 200))}) == []


def test_a_hash_must_be_a_sha256(make_tree) -> None:
    assert check_lines(make_tree, {P: TOMB + "removed_photos: [abc123]\n"}) == [
        f"{P}:4:18: lỗi: removed_photos[1]: 'abc123' không phải mã sha256 của ảnh (64 chữ số 0-9, "
        "a-f). Hãy chép đúng dòng mà 'showcase check' gợi ý."]


# ---- with git: the check says which hashes to keep --------------------------------------

def _published_with_photo(make_tree) -> Path:
    root = make_tree({P: WITH_PHOTO, "exemplars/xuan-duong/vuon-tieu.jpg": PHOTO})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Công bố hồ sơ có ảnh")
    return root


def _lines(root: Path) -> list[str]:
    return check_content(root)[1].render().splitlines()


def test_withdrawing_asks_for_the_hashes_of_the_deleted_photos(make_tree) -> None:
    root = _published_with_photo(make_tree)
    (root / P).write_text(TOMB, encoding="utf-8")
    (root / "exemplars/xuan-duong/vuon-tieu.jpg").unlink()
    assert _lines(root) == [
        f"{P}:1:1: lỗi: removed_photos: hồ sơ đã rút cần giữ mã của 1 ảnh đã xóa để ảnh không bị "
        "đăng lại dưới tên tệp khác. Hãy thêm dòng này vào tệp: "
        f"removed_photos: [{DIGEST}]"]
    (root / P).write_text(TOMB + f"removed_photos: [{DIGEST}]\n", encoding="utf-8")
    assert _lines(root) == []


def test_a_photo_kept_after_withdrawal_is_caught_once_hashed(make_tree) -> None:
    root = _published_with_photo(make_tree)
    (root / P).write_text(TOMB + f"removed_photos: [{DIGEST}]\n", encoding="utf-8")
    (root / "exemplars/xuan-duong/vuon-tieu.jpg").rename(root / "exemplars/xuan-duong/cay.jpg")
    assert [x for x in _lines(root) if "lỗi" in x] == [
        f"exemplars/xuan-duong/cay.jpg:1:1: lỗi: Ảnh 'cay.jpg' là ảnh đã xóa của hồ sơ đã rút "
        f"{P} (mã {DIGEST[:12]}…), dù đổi tên tệp: người được giới thiệu đã rút sự đồng ý. Hãy "
        "xóa tệp ảnh này khỏi kho."]


def test_a_tombstone_never_loses_a_hash(make_tree) -> None:
    root = make_tree({P: TOMB + f"removed_photos: [{DIGEST}]\n"})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Rút hồ sơ")
    (root / P).write_text(TOMB + "aliases: [mai]\n", encoding="utf-8")
    assert _lines(root) == [
        f"{P}:1:1: lỗi: removed_photos: không được xóa mã ảnh của hồ sơ đã rút (nếu xóa, ảnh đó "
        f"có thể bị đăng lại). Hãy ghi lại: {DIGEST}."]


def test_a_tombstone_slug_and_aliases_are_scanned_like_a_profile(make_tree) -> None:
    """A tombstone's slug and aliases stay public URLs (its notice, its redirects)."""
    tomb = ("id: dh-2021-xd-77\nstatus: withdrawn\nwithdrawn: 01/03/2026\nslug: an-0912345678\n"
            "aliases: [ba-0987654321]\n")
    lines = check_lines(make_tree, {"exemplars/xuan-duong/an-0912345678.yaml": tomb})
    flagged = [line for line in lines if "số điện thoại" in line]
    assert any(":4:" in line and "slug" in line for line in flagged), lines
    assert any(":5:" in line and "aliases" in line for line in flagged), lines
