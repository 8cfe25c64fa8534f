"""Photos: inside the repository, real images, no bombs, size cap, alt text, consent."""
from __future__ import annotations

import io
import os
import struct
import zlib

import pytest
from PIL import Image

from showcase.validate.check import check_content
from test_check_base import GOOD, PROFILE, check_lines, edit

P = PROFILE
WITH_PHOTO = edit("scope: [văn bản]", "scope: [văn bản, ảnh]") + "photos:\n  - file: {file}\n    alt: Bà Mai bên vườn tiêu\n"
LINE = 31  # the line of `- file:` in WITH_PHOTO
SHRINK = ("Hãy thu nhỏ ảnh (cạnh dài khoảng 2000 điểm ảnh) trước khi thêm, ví dụ bằng 'showcase new "
          "--photo ẢNH' hoặc công cụ sửa ảnh trên điện thoại.")


def image_bytes(fmt: str = "JPEG", size: tuple[int, int] = (64, 48)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (180, 120, 60)).save(buf, fmt)
    return buf.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge canvas: a decompression bomb."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


def photo_case(make_tree, name: str, data: bytes | None, ref: str | None = None) -> list[str]:
    files: dict[str, str | bytes] = {P: WITH_PHOTO.format(file=ref or name)}
    if data is not None:
        files[f"exemplars/xuan-duong/{name}"] = data
    return check_lines(make_tree, files)


@pytest.mark.parametrize("name,fmt", [("a.jpg", "JPEG"), ("a.png", "PNG"), ("a.webp", "WEBP")])
def test_real_images_pass(make_tree, name: str, fmt: str) -> None:
    root = make_tree({P: WITH_PHOTO.format(file=name), f"exemplars/xuan-duong/{name}": image_bytes(fmt)})
    content, problems = check_content(root)
    assert problems.render() == ""
    (photo,) = content.exemplars[0].photos
    assert (photo.file, photo.alt, photo.person) == (f"exemplars/xuan-duong/{name}",
                                                      "Bà Mai bên vườn tiêu", True)


@pytest.mark.parametrize("ref", ["../anh.jpg", "/etc/passwd", "C:/anh.jpg", "con/../../anh.jpg"])
def test_path_must_stay_beside_the_profile(make_tree, ref: str) -> None:
    assert photo_case(make_tree, "anh.jpg", None, ref) == [
        f"{P}:{LINE}:11: lỗi: photos[1].file: '{ref}' phải là tên tệp nằm cùng thư mục với hồ sơ "
        "(không dùng '..', đường dẫn tuyệt đối hay ổ đĩa)."]


def test_symlinked_photo_is_refused(make_tree, tmp_path) -> None:
    outside = tmp_path / "outside.jpg"
    outside.write_bytes(image_bytes())
    root = make_tree({P: WITH_PHOTO.format(file="anh.jpg")})
    os.symlink(outside, root / "exemplars/xuan-duong/anh.jpg")
    _, problems = check_content(root)
    assert problems.render().splitlines() == [
        "exemplars/xuan-duong/anh.jpg:1:1: lỗi: Liên kết tượng trưng (symlink) không được phép "
        "trong content/ và exemplars/: hãy thay bằng tệp thật.",
        f"{P}:{LINE}:11: lỗi: photos[1].file: 'anh.jpg' là liên kết tượng trưng; hãy dùng tệp ảnh thật."]


def test_missing_photo_lists_the_photos_there(make_tree) -> None:
    lines = check_lines(make_tree, {P: WITH_PHOTO.format(file="anh-mai.jpg"),
                                    "exemplars/xuan-duong/anh_mai.jpg": image_bytes()})
    assert lines == [
        "exemplars/xuan-duong/anh_mai.jpg:1:1: cảnh báo: Ảnh 'anh_mai.jpg' không được hồ sơ nào "
        "dùng. Nếu là ảnh của hồ sơ đã rút hoặc không dùng nữa, hãy xóa tệp này khỏi kho.",
        f"{P}:{LINE}:11: lỗi: photos[1].file: không tìm thấy ảnh 'anh-mai.jpg' trong thư mục "
        "xuan-duong/ (các ảnh có: anh_mai.jpg)."]


@pytest.mark.parametrize("name,data,reason", [
    ("anh.jpg", b"<html>not a photo</html>", "không phải tệp ảnh hợp lệ (hỏng hoặc sai đuôi). "
     "Hãy xuất lại ảnh dạng JPEG."),
    ("anh.jpg", image_bytes("GIF"), "có định dạng GIF, cần JPEG, PNG hoặc WebP."),
    ("anh.png", png_claiming(20000, 20000), f"quá lớn (ảnh 'bom giải nén'). {SHRINK}"),
    ("anh.png", png_claiming(8000, 6000), f"quá lớn (8000×6000 điểm ảnh, tối đa 40 triệu). {SHRINK}"),
])
def test_not_a_usable_image(make_tree, name: str, data: bytes, reason: str) -> None:
    assert photo_case(make_tree, name, data) == [
        f"{P}:{LINE}:11: lỗi: photos[1].file: ảnh '{name}' {reason}"]


def test_size_cap_says_how_to_shrink(make_tree) -> None:
    heavy = image_bytes() + b"\0" * (9 * 1024 * 1024)
    assert photo_case(make_tree, "anh.jpg", heavy) == [
        f"{P}:{LINE}:11: lỗi: photos[1].file: ảnh 'anh.jpg' nặng 9.0 MB, tối đa 8 MB. {SHRINK}"]


def test_alt_text_is_required(make_tree) -> None:
    text = WITH_PHOTO.format(file="anh.jpg").replace("    alt: Bà Mai bên vườn tiêu\n", "")
    assert check_lines(make_tree, {P: text, "exemplars/xuan-duong/anh.jpg": image_bytes()}) == [
        f"{P}:{LINE}:5: lỗi: photos[1].alt: thiếu trường bắt buộc 'alt' (Mô tả ngắn nội dung ảnh "
        "cho người khiếm thị (bắt buộc). Ví dụ: alt: Bà Nhung bên vườn bưởi của gia đình)."]


def test_photo_of_a_person_needs_photo_consent(make_tree) -> None:
    text = GOOD + "photos:\n  - file: anh.jpg\n    alt: Bà Mai bên vườn tiêu\n"
    assert check_lines(make_tree, {P: text, "exemplars/xuan-duong/anh.jpg": image_bytes()}) == [
        f"{P}:{LINE}:11: lỗi: photos[1].file: ảnh có người chỉ được đăng khi consent.scope có 'ảnh'. "
        "Hãy bổ sung sự đồng ý hoặc ghi person: false nếu ảnh không có người."]


def test_photo_without_people_needs_no_photo_consent(make_tree) -> None:
    text = GOOD + "photos:\n  - file: anh.jpg\n    alt: Vườn tiêu\n    person: false\n"
    root = make_tree({P: text, "exemplars/xuan-duong/anh.jpg": image_bytes()})
    content, problems = check_content(root)
    assert problems.render() == "" and content.exemplars[0].photos[0].person is False


# ---- what would make the build fail is found by the check ------------------------------------

def png_with_bad_pixels() -> bytes:
    """Chunks and CRCs are right (verify() passes), but the pixel data is not zlib."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", 64, 48, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"not zlib at all" * 8)
            + chunk(b"IEND", b""))


def test_truncated_jpeg_is_found_by_the_check(make_tree) -> None:
    whole = image_bytes(size=(640, 480))
    cut = whole[: len(whole) // 2]
    with Image.open(io.BytesIO(cut)) as im:
        im.verify()  # what the check used to rely on: it passes
    assert photo_case(make_tree, "anh.jpg", cut) == [
        f"{P}:{LINE}:11: lỗi: photos[1].file: ảnh 'anh.jpg' bị cắt cụt (tệp chưa tải lên hết hoặc "
        "bị hỏng). Hãy mở ảnh trên máy, xuất lại dạng JPEG rồi thay tệp này."]


def test_undecodable_pixels_are_found_by_the_check(make_tree) -> None:
    data = png_with_bad_pixels()
    with Image.open(io.BytesIO(data)) as im:
        im.verify()
    assert photo_case(make_tree, "anh.png", data) == [
        f"{P}:{LINE}:11: lỗi: photos[1].file: ảnh 'anh.png' không phải tệp ảnh hợp lệ (hỏng hoặc "
        "sai đuôi). Hãy xuất lại ảnh dạng JPEG."]


@pytest.mark.parametrize("size", [(900, 100), (40, 400)])
def test_absurd_aspect_ratio(make_tree, size: tuple[int, int]) -> None:
    w, h = size
    assert photo_case(make_tree, "anh.png", image_bytes("PNG", size)) == [
        f"{P}:{LINE}:11: lỗi: photos[1].file: ảnh 'anh.png' quá dài hoặc quá hẹp ({w}×{h} điểm ảnh, "
        "tỉ lệ vượt 1:8). Hãy cắt ảnh gần với khung 4:3 hoặc 3:4."]


def test_aspect_ratio_of_eight_is_still_a_photo(make_tree) -> None:
    assert photo_case(make_tree, "anh.png", image_bytes("PNG", (800, 100))) == []


def test_names_that_differ_only_in_case(make_tree) -> None:
    files = {P: WITH_PHOTO.format(file="anh.jpg"), "exemplars/xuan-duong/anh.jpg": image_bytes(),
             "exemplars/xuan-duong/Anh.JPG": image_bytes()}
    assert check_lines(make_tree, files) == [
        "exemplars/xuan-duong/Anh.JPG:1:1: cảnh báo: Ảnh 'Anh.JPG' không được hồ sơ nào dùng. Nếu "
        "là ảnh của hồ sơ đã rút hoặc không dùng nữa, hãy xóa tệp này khỏi kho.",
        "exemplars/xuan-duong/anh.jpg:1:1: lỗi: Tệp 'anh.jpg' và 'Anh.JPG' chỉ khác nhau chữ hoa/chữ "
        "thường: trên Windows và macOS đó là cùng một tệp, nên một trong hai sẽ mất. Hãy đổi tên "
        "hoặc xóa một tệp."]


def test_build_and_check_decode_with_one_function() -> None:
    from showcase.render import images
    from showcase.validate import photos
    assert images.open_photo is photos.open_photo
